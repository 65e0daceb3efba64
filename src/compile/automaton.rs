//! Patterns → automata, and the lazy switch from NFA to DFA.
//!
//! ```text
//! Patterns ──ASCII ones──► Switch (NFA, later maybe DFA): every byte
//!          ──the others──► Wide: Switch + the set of their characters,
//!                          run only around those characters in a text
//! ```
//!
//! The kind of each automaton is chosen by measurement ([`Automaton`]);
//! under [`Automaton::Auto`] each [`Switch`] builds its DFA on its own once
//! it has read [`Automaton::DFA_AFTER`] bytes. That switch is the only
//! state a [`Screener`](crate::Screener) changes after it is built.

use super::BuildError;
use super::patterns::{self, Kind, PatternInfo, Role};
use crate::rules::RuleSet;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The automaton implementation, chosen by measurement (see
/// [`ScreenerBuilder::automaton`](crate::ScreenerBuilder::automaton)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Automaton {
    /// A contiguous NFA at build time; a DFA takes over once the screener
    /// has scanned [`Automaton::DFA_AFTER`] bytes, where its build has paid
    /// for itself. Small jobs start fast, large ones scan fast. The
    /// default.
    #[default]
    Auto,
    /// A DFA from the start: the fastest scan, the slowest build and the
    /// most memory.
    Dfa,
    /// A contiguous NFA: compact and quick to build, slower to scan.
    ContiguousNfa,
    /// A non-contiguous NFA: fastest to build, slowest to scan.
    NoncontiguousNfa,
}

impl Automaton {
    /// Bytes an [`Automaton::Auto`] screener scans with its NFA before it
    /// builds the DFA.
    pub const DFA_AFTER: u64 = 16 << 20;

    /// [`Automaton::Auto`] keeps the NFA for good when an automaton's
    /// patterns hold more bytes than this: a DFA takes ~150 bytes of
    /// memory per byte of ASCII patterns and more for other scripts (~23
    /// and ~20 MB for the built-in rules' two halves), so a rule set ten
    /// times larger would need hundreds of megabytes.
    pub const DFA_MAX_PATTERN_BYTES: usize = 512 << 10;

    /// [`Automaton::Auto`] drops a DFA that turns out larger than this and
    /// keeps the NFA.
    pub const DFA_MAX_BYTES: usize = 64 << 20;
}

/// The patterns of one or more roles, in two automata: the ASCII patterns
/// (most of them), run over every byte, and the others, run only around
/// the characters of a text that occur in them. Apart, the ASCII automaton
/// has a small alphabet, so its DFA is a fifth of the size of a DFA over
/// all patterns, builds in a fifth of the time and scans faster.
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Pattern ids `0..patterns_ascii`.
    pub(crate) ascii: Switch,
    /// Pattern ids `patterns_ascii..`.
    pub(crate) wide: Option<Wide>,
    pub(crate) patterns_ascii: usize,
    pub(crate) patterns: Vec<PatternInfo>,
    pub(crate) roles: Vec<Role>,
    pub(crate) longest: usize,
}

/// The patterns that are not pure ASCII.
#[derive(Debug)]
pub(crate) struct Wide {
    /// Numbers its patterns from 0.
    pub(crate) ac: Switch,
    /// Longest pattern, in bytes: a match holding a character at `p` lies
    /// within `[p - reach + 1, p + reach)`.
    pub(crate) reach: usize,
    /// The non-ASCII characters of the patterns, as a bit set over the
    /// Basic Multilingual Plane (characters above it always count).
    pub(crate) chars: Vec<u64>,
}

impl Wide {
    #[inline]
    pub(crate) fn has(&self, c: u32) -> bool {
        let Ok(i) = usize::try_from(c) else { return true };
        self.chars.get(i / 64).is_none_or(|w| w & (1 << (i % 64)) != 0)
    }
}

/// An automaton, and for [`Automaton::Auto`] the DFA that replaces it once
/// it has scanned [`Automaton::DFA_AFTER`] bytes.
///
/// The only interior mutability of a [`Screener`](crate::Screener) (see its
/// docs): keep it that way, so that a screener's findings depend on its
/// rules alone.
#[derive(Debug)]
pub(crate) struct Switch {
    first: AhoCorasick,
    /// The patterns, kept to build the DFA later; empty when not `Auto`.
    later: Vec<String>,
    /// `None` inside: the DFA could not be built; the NFA stays.
    dfa: OnceLock<Option<AhoCorasick>>,
    scanned: AtomicU64,
    /// Set by the one caller that builds the DFA.
    building: AtomicBool,
}

impl Switch {
    fn new(first: AhoCorasick, later: Vec<String>) -> Switch {
        Switch {
            first,
            later,
            dfa: OnceLock::new(),
            scanned: AtomicU64::new(0),
            building: AtomicBool::new(false),
        }
    }

    /// The automaton to scan with now.
    #[inline]
    pub(crate) fn current(&self) -> &AhoCorasick {
        match self.dfa.get() {
            Some(Some(dfa)) => dfa,
            _ => &self.first,
        }
    }

    /// Count `len` bytes scanned; past the threshold, build the DFA. One
    /// caller builds it; the others go on with the NFA meanwhile.
    #[inline]
    pub(crate) fn note(&self, len: usize) {
        if self.later.is_empty() || self.dfa.get().is_some() {
            return;
        }
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let seen = self.scanned.fetch_add(len, Ordering::Relaxed);
        if seen.saturating_add(len) >= Automaton::DFA_AFTER
            && !self.building.swap(true, Ordering::AcqRel)
        {
            // Same patterns, same semantics: only the speed changes. `None`
            // (beyond the crate's limits or ours) keeps the NFA.
            let dfa = automaton(AhoCorasickKind::DFA)
                .build(&self.later)
                .ok()
                .filter(|d| d.memory_usage() <= Automaton::DFA_MAX_BYTES);
            // Only this caller sets it, once.
            let _ = self.dfa.set(dfa);
        }
    }

    fn memory_usage(&self) -> usize {
        self.current().memory_usage()
            + self.later.iter().map(String::len).sum::<usize>()
    }
}

/// The builder for every automaton here. Standard semantics: overlapping
/// search must report every pattern, nested ones included ("flow forming
/// machine tool" is two items). The text is already case-folded, so bytes
/// match exactly.
fn automaton(kind: AhoCorasickKind) -> aho_corasick::AhoCorasickBuilder {
    let mut b = AhoCorasick::builder();
    b.match_kind(MatchKind::Standard).kind(Some(kind));
    b
}

impl Matcher {
    pub(crate) fn build(
        rules: &RuleSet,
        kinds: &[Kind],
        kind: Automaton,
    ) -> Result<Matcher, BuildError> {
        let patterns::Patterns { pats, patterns, roles, ascii: n_ascii } =
            patterns::collect(rules, kinds);
        let (ascii_pats, wide_pats) = pats.split_at(n_ascii);
        let err = |source| BuildError::new(pats.len(), source);
        let k = match kind {
            Automaton::Dfa => AhoCorasickKind::DFA,
            Automaton::Auto | Automaton::ContiguousNfa => {
                AhoCorasickKind::ContiguousNFA
            }
            Automaton::NoncontiguousNfa => AhoCorasickKind::NoncontiguousNFA,
        };
        let later = |pats: &[String]| {
            let bytes: usize = pats.iter().map(String::len).sum();
            if kind == Automaton::Auto
                && bytes <= Automaton::DFA_MAX_PATTERN_BYTES
            {
                pats.to_vec()
            } else {
                Vec::new()
            }
        };
        // The two halves are independent: build them side by side.
        let (first, wide) = std::thread::scope(|scope| {
            let wide = scope.spawn(|| {
                (!wide_pats.is_empty())
                    .then(|| automaton(k).build(wide_pats))
                    .transpose()
            });
            let first = automaton(k).build(ascii_pats);
            let wide =
                wide.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (first, wide)
        });
        let first = first.map_err(err)?;
        // The non-ASCII patterns see only the text around their own
        // characters.
        let wide = wide.map_err(err)?.map(|ac| {
            let mut chars = vec![0u64; 0x10000 / 64];
            for c in wide_pats.iter().flat_map(|p| p.chars()) {
                let i = c as usize;
                if let Some(w) = chars.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
            Wide {
                ac: Switch::new(ac, later(wide_pats)),
                reach: wide_pats.iter().map(String::len).max().unwrap_or(1),
                chars,
            }
        });
        let longest = pats.iter().map(String::len).max().unwrap_or(0);
        Ok(Matcher {
            ascii: Switch::new(first, later(ascii_pats)),
            wide,
            patterns_ascii: n_ascii,
            patterns,
            roles,
            longest,
        })
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.ascii.memory_usage()
            + self
                .wide
                .as_ref()
                .map_or(0, |w| w.ac.memory_usage() + w.chars.len() * 8)
            + self.roles.len() * std::mem::size_of::<Role>()
            + self.patterns.len() * std::mem::size_of::<PatternInfo>()
    }
}
