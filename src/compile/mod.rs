//! Rules → a [`Screener`]: the terms of every list as patterns, the
//! patterns in Aho-Corasick automata.
//!
//! ```text
//! RuleSet ──patterns──► terms, weak terms, exclusions ──► the scan automata
//!                       context (near) words          ──► the context automata
//!                       pattern id ──► roles: (entry, term | weak | exclude | near)
//! ```
//!
//! Each side is two automata (ASCII patterns, and the others) so four in
//! all; [`Automaton`] chooses their kind. `patterns` dedups the terms,
//! `automaton` builds and switches the automata; the scan that runs them is
//! in `crate::scan`.

mod automaton;
mod patterns;

pub use automaton::Automaton;
pub(crate) use automaton::Matcher;
pub(crate) use patterns::{CueClass, Kind, Role};

use crate::rules::RuleSet;
use std::panic::RefUnwindSafe;
use std::sync::Arc;

/// Builds a [`Screener`] with options.
#[derive(Clone, Debug, Default)]
pub struct ScreenerBuilder {
    automaton: Automaton,
}

impl ScreenerBuilder {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Which automata to use. The default, [`Automaton::Auto`], was chosen
    /// by the `compile` and `scan` benches on the built-in rules and the
    /// 100 MB documentation corpus: its NFAs build in ~24 ms with ~3 MB,
    /// and once a screener has read 16 MiB its DFAs (~0.12 s of CPU,
    /// ~45 MB) scan ~40% faster (93 vs 66 MiB/s on plain text). Choose
    /// [`Automaton::ContiguousNfa`] to keep memory at its least,
    /// [`Automaton::Dfa`] to pay the build at once.
    pub fn automaton(&mut self, kind: Automaton) -> &mut Self {
        self.automaton = kind;
        self
    }

    /// Compile `rules` into a screener.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when an automaton cannot be built (it exceeds the
    /// aho-corasick crate's size limits); this depends only on the rules.
    pub fn build(&self, rules: &RuleSet) -> Result<Screener, BuildError> {
        compile(self, rules)
    }
}

/// An automaton could not be built from these rules.
///
/// Its message says what failed; the reason (the aho-corasick crate's
/// error) is its [`source`](std::error::Error::source), not repeated in the
/// message, so that `{:#}` in anyhow or a walk of the source chain prints
/// each cause once.
#[derive(Clone, Debug, thiserror::Error)]
#[error("cannot build an automaton from {patterns} patterns")]
pub struct BuildError {
    patterns: usize,
    // Type-erased so that a test can give a cause: the crate's own errors
    // need gigabytes of automaton to provoke.
    #[source]
    source: Arc<dyn std::error::Error + Send + Sync + RefUnwindSafe>,
}

impl BuildError {
    pub(crate) fn new(
        patterns: usize,
        source: impl std::error::Error + Send + Sync + RefUnwindSafe + 'static,
    ) -> BuildError {
        BuildError { patterns, source: Arc::new(source) }
    }
}

/// Compiled rules, ready to scan: immutable, `Send + Sync`, and cheap to
/// clone (an `Arc`). Build once, scan many texts, from many threads.
///
/// # Interior mutability
///
/// One thing changes after [`ScreenerBuilder::build`], and only under
/// [`Automaton::Auto`] (the default): each of the screener's automata
/// counts the bytes it has scanned, and once past [`Automaton::DFA_AFTER`]
/// the first scan to cross it builds a DFA of the same patterns and swaps
/// it in (an atomic counter and a `OnceLock`; other scans go on with the
/// NFA meanwhile, and clones share the switch). Findings never depend on
/// it: both automata have the same patterns and match semantics; speed and
/// [`Screener::memory_usage`] do. Nothing else in a screener is mutable;
/// choose [`Automaton::ContiguousNfa`] or [`Automaton::Dfa`] for one that
/// never changes at all. This plays the role of regex-automata's `Cache`,
/// kept inside so that `scan` needs only `&self`.
///
/// # Resource usage
///
/// The automata dominate memory; [`Screener::memory_usage`] reports them
/// (it grows when [`Automaton::Auto`] builds its DFAs). A scan allocates a
/// normalised copy of the text it scans plus small per-match vectors.
#[derive(Clone, Debug)]
pub struct Screener {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) rules: RuleSet,
    /// Terms, weak terms and exclusions: run over every byte.
    pub(crate) main: Matcher,
    /// Context words: run over the windows around hits only.
    pub(crate) near: Matcher,
    /// The largest `window` of any entry, in words.
    pub(crate) max_window: usize,
}

impl Screener {
    /// Compile `rules` with default options.
    ///
    /// # Errors
    ///
    /// See [`ScreenerBuilder::build`].
    pub fn new(rules: &RuleSet) -> Result<Screener, BuildError> {
        ScreenerBuilder::new().build(rules)
    }

    /// A builder for options.
    pub fn builder() -> ScreenerBuilder {
        ScreenerBuilder::new()
    }

    /// The rules this screener was compiled from.
    pub fn rules(&self) -> &RuleSet {
        &self.inner.rules
    }

    /// Number of distinct normalised patterns in the automata.
    pub fn pattern_count(&self) -> usize {
        self.inner.main.patterns.len() + self.inner.near.patterns.len()
    }

    /// The longest pattern, in bytes of normalised text.
    pub fn longest_pattern(&self) -> usize {
        self.inner.main.longest
    }

    /// Heap memory used by the automata, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.inner.main.memory_usage() + self.inner.near.memory_usage()
    }
}

fn compile(
    b: &ScreenerBuilder,
    rules: &RuleSet,
) -> Result<Screener, BuildError> {
    let kind = b.automaton;
    // Context words are searched only in the windows around hits, so they
    // stay out of the automaton that reads every byte: common words such as
    // "tube" or "CNC" would otherwise fire everywhere.
    // The two automata are independent: build them side by side. Under
    // `Auto` each moves to its DFA on its own, once it has read 16 MiB
    // (the context automaton counts only the windows it reads).
    let (main, near) = std::thread::scope(|scope| {
        let near = scope.spawn(|| {
            Matcher::build(rules, &[Kind::Near, Kind::Shared, Kind::Cue], kind)
        });
        let main = Matcher::build(
            rules,
            &[Kind::Term, Kind::Weak, Kind::Exclude, Kind::Flag],
            kind,
        );
        (main, near.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let (main, near) = (main?, near?);
    let max_window = rules
        .entries()
        .iter()
        .map(|e| e.window)
        .max()
        .unwrap_or(crate::rules::DEFAULT_WINDOW);
    Ok(Screener {
        inner: Arc::new(Inner {
            rules: rules.clone(),
            main,
            near,
            max_window,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    /// Issue 13: under anyhow's `{:#}` (message, then each source after
    /// `: `) the cause of a `BuildError` appeared twice.
    #[test]
    fn build_error_prints_its_cause_once() {
        #[derive(Debug, thiserror::Error)]
        #[error("state id overflow")]
        struct Overflow;
        let e = BuildError::new(3, Overflow);
        let mut chain = e.to_string();
        let mut next = e.source();
        while let Some(c) = next {
            chain = format!("{chain}: {c}");
            next = c.source();
        }
        assert_eq!(
            chain,
            "cannot build an automaton from 3 patterns: state id overflow"
        );
    }
}
