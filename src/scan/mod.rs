//! The [`Screener`]: every term of every list in one Aho-Corasick automaton,
//! and the scan that turns its matches into [`Finding`]s.
//!
//! ```text
//! RuleSet ──compile──► terms, weak terms, exclusions ──► the scan automaton
//!                      context (near) words          ──► the context automaton
//!                      pattern id ──► roles: (entry, term | weak | exclude | near)
//!
//! text ──normalise──► scan automaton (overlapping) ──► whole words, plurals
//!      ──► exclusions ──► context automaton over each hit's window
//!      ──► weak-term gate ──► parameters ──► group by span
//! ```
//!
//! The same normalised term used by several entries (the flow-forming
//! family in MTCR, NSG-2 and Wassenaar) is one pattern with several roles,
//! and one hit reports every entry.

pub(crate) mod gate;
pub(crate) mod params;
pub(crate) mod stream;

use crate::finding::{Confidence, EntryHit, Evidence, Finding, Status};
use crate::normalize::{Normalized, is_word_char};
use crate::rules::{Entry, RuleSet};
use crate::units;
use crate::utf8::{
    decode_valid, lossy_checked, lossy_same_len, next_non_ascii,
};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
pub use stream::{DEFAULT_CHUNK, Line, ScanSummary};

/// The automaton implementation, chosen by measurement (see
/// [`ScreenerBuilder::automaton`]).
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

/// What a pattern means for one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Term,
    Weak,
    Near,
    Exclude,
}

#[derive(Clone, Copy, Debug)]
struct Role {
    entry: u32,
    kind: Kind,
    /// Index into the entry's list of that kind.
    index: u32,
}

/// Per-pattern facts used on every match.
#[derive(Clone, Copy, Debug)]
struct PatternInfo {
    /// First character is a word character: the start needs a boundary.
    bound_start: bool,
    /// Last character is a word character: the end needs a boundary.
    bound_end: bool,
    /// Last character is a letter: a plural `s`/`es` may follow.
    plural: bool,
    roles: (u32, u32),
}

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
    /// [`BuildError`] when the automaton cannot be built (it exceeds the
    /// aho-corasick crate's size limits); this depends only on the rules.
    pub fn build(&self, rules: &RuleSet) -> Result<Screener, BuildError> {
        compile(self, rules)
    }
}

/// The automaton could not be built from these rules.
#[derive(Clone, Debug, thiserror::Error)]
#[error("cannot build the automaton from {patterns} patterns: {source}")]
pub struct BuildError {
    patterns: usize,
    #[source]
    source: aho_corasick::BuildError,
}

/// Compiled rules, ready to scan: immutable, `Send + Sync`, and cheap to
/// clone (an `Arc`). Build once, scan many texts, from many threads.
///
/// # Resource usage
///
/// The automata dominate memory; [`Screener::memory_usage`] reports them
/// (it grows when [`Automaton::Auto`] builds its DFAs). A scan allocates a
/// normalised copy of the text it scans plus small per-match vectors.
#[derive(Clone, Debug)]
pub struct Screener {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rules: RuleSet,
    /// Terms, weak terms and exclusions: run over every byte.
    main: Matcher,
    /// Context words: run over the windows around hits only.
    near: Matcher,
    /// The largest `window` of any entry, in words.
    max_window: usize,
}

/// The patterns of one or more roles, in two automata: the ASCII patterns
/// (most of them), run over every byte, and the others, run only around
/// the characters of a text that occur in them. Apart, the ASCII automaton
/// has a small alphabet, so its DFA is a fifth of the size of a DFA over
/// all patterns, builds in a fifth of the time and scans faster.
#[derive(Debug)]
struct Matcher {
    /// Pattern ids `0..patterns_ascii`.
    ascii: Switch,
    /// Pattern ids `patterns_ascii..`.
    wide: Option<Wide>,
    patterns_ascii: usize,
    patterns: Vec<PatternInfo>,
    roles: Vec<Role>,
    longest: usize,
}

/// The patterns that are not pure ASCII.
#[derive(Debug)]
struct Wide {
    /// Numbers its patterns from 0.
    ac: Switch,
    /// Longest pattern, in bytes: a match holding a character at `p` lies
    /// within `[p - reach + 1, p + reach)`.
    reach: usize,
    /// The non-ASCII characters of the patterns, as a bit set over the
    /// Basic Multilingual Plane (characters above it always count).
    chars: Vec<u64>,
}

impl Wide {
    #[inline]
    fn has(&self, c: u32) -> bool {
        let Ok(i) = usize::try_from(c) else { return true };
        self.chars.get(i / 64).is_none_or(|w| w & (1 << (i % 64)) != 0)
    }
}

/// An automaton, and for [`Automaton::Auto`] the DFA that replaces it once
/// it has scanned [`Automaton::DFA_AFTER`] bytes.
#[derive(Debug)]
struct Switch {
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
    fn current(&self) -> &AhoCorasick {
        match self.dfa.get() {
            Some(Some(dfa)) => dfa,
            _ => &self.first,
        }
    }

    /// Count `len` bytes scanned; past the threshold, build the DFA. One
    /// caller builds it; the others go on with the NFA meanwhile.
    #[inline]
    fn note(&self, len: usize) {
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
    fn build(
        rules: &RuleSet,
        kinds: &[Kind],
        kind: Automaton,
    ) -> Result<Matcher, BuildError> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut pats: Vec<String> = Vec::new();
        let mut pat_roles: Vec<Vec<Role>> = Vec::new();
        let mut add = |s: &str, role: Role| {
            let id = *ids.entry(s.to_owned()).or_insert_with(|| {
                pats.push(s.to_owned());
                pat_roles.push(Vec::new());
                pats.len() - 1
            });
            pat_roles[id].push(role);
        };
        for (ei, e) in rules.entries().iter().enumerate() {
            let entry = u32::try_from(ei).unwrap_or(u32::MAX);
            let all = [
                (Kind::Term, &e.terms),
                (Kind::Weak, &e.weak_terms),
                (Kind::Near, &e.near),
                (Kind::Exclude, &e.exclude),
            ];
            for (kind, terms) in all {
                if !kinds.contains(&kind) {
                    continue;
                }
                for (ti, t) in terms.iter().enumerate() {
                    let index = u32::try_from(ti).unwrap_or(0);
                    let role = Role { entry, kind, index };
                    add(&t.normalized, role);
                    // "battery" → "batteries": the one plural the boundary
                    // extension cannot produce.
                    if let Some(v) = ies_plural(&t.normalized) {
                        add(&v, role);
                    }
                }
            }
        }
        // ASCII patterns first: their ids are those of the ASCII automaton.
        let mut both: Vec<(String, Vec<Role>)> =
            pats.into_iter().zip(pat_roles).collect();
        both.sort_by_key(|(p, _)| !p.is_ascii());
        let (pats, pat_roles): (Vec<String>, Vec<Vec<Role>>) =
            both.into_iter().unzip();
        let mut roles = Vec::new();
        let mut patterns = Vec::with_capacity(pats.len());
        for (p, mut rs) in pats.iter().zip(pat_roles) {
            rs.sort_by_key(|r| (r.entry, r.kind, r.index));
            rs.dedup_by_key(|r| (r.entry, r.kind));
            // A term an entry lists both as a term and as a weak term is
            // weak: the author asked for context; the stricter reading wins.
            let weak: Vec<u32> = rs
                .iter()
                .filter(|r| r.kind == Kind::Weak)
                .map(|r| r.entry)
                .collect();
            rs.retain(|r| !(r.kind == Kind::Term && weak.contains(&r.entry)));
            let start = u32::try_from(roles.len()).unwrap_or(u32::MAX);
            roles.extend(rs);
            let end = u32::try_from(roles.len()).unwrap_or(u32::MAX);
            let first = p.chars().next().unwrap_or(' ');
            let last = p.chars().next_back().unwrap_or(' ');
            patterns.push(PatternInfo {
                bound_start: is_word_char(first),
                bound_end: is_word_char(last),
                plural: last.is_alphabetic() && is_word_char(last),
                roles: (start, end),
            });
        }
        let n_ascii = pats.iter().take_while(|p| p.is_ascii()).count();
        let (ascii_pats, wide_pats) = pats.split_at(n_ascii);
        let err = |source| BuildError { patterns: pats.len(), source };
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

    /// Every whole-word match in `norm`, as original offsets (plus
    /// `base`) and the roles of its pattern.
    #[inline]
    fn each(
        &self,
        norm: &Normalized,
        base: usize,
        mut f: impl FnMut(usize, usize, &[Role]),
    ) {
        let nt = norm.text.as_slice();
        self.ascii.note(nt.len());
        let ascii = self.ascii.current();
        self.report(ascii, 0, 0..nt.len(), norm, base, &mut f);
        self.each_wide(norm, base, &mut f);
    }

    /// The matches of the non-ASCII patterns, searched only around the
    /// characters of `norm` that occur in them.
    #[inline]
    fn each_wide(
        &self,
        norm: &Normalized,
        base: usize,
        f: &mut impl FnMut(usize, usize, &[Role]),
    ) {
        let Some(wide) = &self.wide else { return };
        let nt = norm.text.as_slice();
        let ac = wide.ac.current();
        let id0 = self.patterns_ascii;
        // The next character at or after `at` that some pattern holds, and
        // its length.
        let next = |mut at: usize| loop {
            at = next_non_ascii(nt, at)?;
            let (c, len) = decode_valid(nt, at);
            if wide.has(c) {
                return Some((at, len));
            }
            at += len;
        };
        let mut scanned = 0;
        let mut at = 0;
        while let Some((p, len)) = next(at) {
            let start = p.saturating_sub(wide.reach - 1);
            let mut end = (p + wide.reach).min(nt.len());
            let mut q = p + len;
            while let Some((r, len)) = next(q).filter(|&(r, _)| r < end) {
                end = (r + wide.reach).min(nt.len());
                q = r + len;
            }
            scanned += end - start;
            self.report(ac, id0, start..end, norm, base, f);
            at = end;
        }
        wide.ac.note(scanned);
    }

    /// The whole-word matches of `ac`, whose pattern `i` is pattern
    /// `id0 + i` here, in `range` of the normalised text.
    #[inline]
    fn report(
        &self,
        ac: &AhoCorasick,
        id0: usize,
        range: std::ops::Range<usize>,
        norm: &Normalized,
        base: usize,
        f: &mut impl FnMut(usize, usize, &[Role]),
    ) {
        let nt = norm.text.as_slice();
        let input = aho_corasick::Input::new(nt).range(range);
        for m in ac.find_overlapping_iter(input) {
            let info = self.patterns[id0 + m.pattern().as_usize()];
            if !gate::starts_ok(nt, m.start(), info.bound_start) {
                continue;
            }
            let Some(end) =
                gate::end_ok(nt, m.end(), info.bound_end, info.plural)
            else {
                continue;
            };
            let (s, e) = (norm.map.start(m.start()), norm.map.end(end));
            let (a, b) = info.roles;
            f(base + s, base + e, &self.roles[a as usize..b as usize]);
        }
    }

    fn memory_usage(&self) -> usize {
        self.ascii.memory_usage()
            + self
                .wide
                .as_ref()
                .map_or(0, |w| w.ac.memory_usage() + w.chars.len() * 8)
            + self.roles.len() * std::mem::size_of::<Role>()
            + self.patterns.len() * std::mem::size_of::<PatternInfo>()
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
        let near = scope.spawn(|| Matcher::build(rules, &[Kind::Near], kind));
        let main = Matcher::build(
            rules,
            &[Kind::Term, Kind::Weak, Kind::Exclude],
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

fn ies_plural(s: &str) -> Option<String> {
    let stem = s.strip_suffix('y')?;
    let before = stem.chars().next_back()?;
    (before.is_ascii_alphabetic() && !"aeiou".contains(before))
        .then(|| format!("{stem}ies"))
}

impl Aux {
    fn new(start: usize, end: usize, r: &Role) -> Aux {
        Aux { start, end, entry: r.entry, index: r.index }
    }
}

/// Longest original span an exclusion may cover, in bytes.
const MAX_EXCLUDE_SPAN: usize = 4096;

/// Most context terms reported per entry hit.
const MAX_NEAR_EVIDENCE: usize = 8;

/// A term hit before grouping.
#[derive(Clone, Debug)]
struct Hit {
    start: usize,
    end: usize,
    entry: u32,
    weak: bool,
    index: u32,
    /// The context window, once the hit survives exclusions.
    win: (usize, usize),
}

#[derive(Clone, Copy, Debug)]
struct Aux {
    start: usize,
    end: usize,
    entry: u32,
    index: u32,
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

    /// Number of distinct normalised patterns in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.inner.main.patterns.len() + self.inner.near.patterns.len()
    }

    /// The longest pattern, in bytes of normalised text.
    pub fn longest_pattern(&self) -> usize {
        self.inner.main.longest
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.inner.main.memory_usage() + self.inner.near.memory_usage()
    }

    /// Scan a text. Cannot fail: every input has an answer, possibly empty.
    ///
    /// # Example
    ///
    /// ```
    /// let rules = dualscan::RuleSet::builtin();
    /// let screener = dualscan::Screener::new(&rules)?;
    /// let found = screener.scan("Offer: one cold flow forming machine, CNC.");
    /// assert!(found[0].entries.iter().any(|e| e.list == "MTCR" && e.id == "3.B.3"));
    /// # Ok::<(), dualscan::BuildError>(())
    /// ```
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.whole(text.as_bytes(), text)
    }

    /// Scan bytes that may not be valid UTF-8. Invalid bytes are read as
    /// Latin-1 for matching (legacy files) and appear as `?` in finding
    /// texts; offsets are byte offsets into `bytes`.
    pub fn scan_bytes(&self, bytes: &[u8]) -> Vec<Finding> {
        let text = lossy_same_len(bytes);
        self.whole(bytes, &text)
    }

    /// Scan bytes on up to `threads` threads: the input is split at line
    /// breaks and the pieces scanned side by side, with findings identical
    /// to [`Screener::scan_bytes`]. For large inputs already in memory.
    pub fn scan_bytes_parallel(
        &self,
        bytes: &[u8],
        threads: usize,
    ) -> Vec<Finding> {
        let mut v = Vec::new();
        self.scan_bytes_parallel_with(bytes, threads, |f, _| v.push(f));
        v
    }

    /// [`Screener::scan_bytes_parallel`], calling `sink` with each finding
    /// (in order) and the line it starts on, exactly as
    /// [`Screener::scan_reader_with`] would for the same bytes; the summary
    /// says where the first invalid UTF-8 byte is.
    pub fn scan_bytes_parallel_with<F>(
        &self,
        bytes: &[u8],
        threads: usize,
        mut sink: F,
    ) -> ScanSummary
    where
        F: FnMut(Finding, &Line<'_>),
    {
        let (text, utf8_err) = lossy_checked(bytes);
        let found = stream::parallel(self, bytes, &text, threads);
        let sum = ScanSummary {
            bytes: bytes.len() as u64,
            findings: found.len() as u64,
            invalid_utf8_at: utf8_err.map(|e| e.valid_up_to() as u64),
        };
        for f in found {
            let line = stream::line_of(&text, f.start, f.end, 0);
            sink(f, &line);
        }
        sum
    }

    /// Read everything from `r` and return its findings, in bounded memory
    /// apart from the findings themselves (see [`Screener::scan_reader_with`]).
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    pub fn scan_reader<R: Read>(&self, r: R) -> io::Result<Vec<Finding>> {
        let mut v = Vec::new();
        self.scan_reader_with(r, |f, _| v.push(f))?;
        Ok(v)
    }

    /// Stream `r` through the screener in fixed-size chunks, calling `sink`
    /// with each finding (in order) and the line it starts on. Memory stays
    /// bounded whatever the input size; the findings are identical to
    /// scanning the whole text at once, including terms, context and
    /// values that straddle chunk boundaries.
    ///
    /// # Errors
    ///
    /// Any error of the reader; findings already delivered stay valid.
    ///
    /// # Example
    ///
    /// ```
    /// let screener = dualscan::Screener::new(&dualscan::RuleSet::builtin())?;
    /// let mut n = 0;
    /// let input = "flow forming machine\n".repeat(1000);
    /// let sum = screener.scan_reader_with(input.as_bytes(), |f, line| {
    ///     assert_eq!(line.text, "flow forming machine");
    ///     n += 1;
    /// })?;
    /// assert_eq!((n, sum.bytes), (1000, 21_000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scan_reader_with<R, F>(
        &self,
        r: R,
        sink: F,
    ) -> io::Result<ScanSummary>
    where
        R: Read,
        F: FnMut(Finding, &Line<'_>),
    {
        self.scan_reader_chunked(r, stream::DEFAULT_CHUNK, sink)
    }

    /// [`Screener::scan_reader_with`] with a chosen chunk size in bytes
    /// (at least 1); for tests and tuning.
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    pub fn scan_reader_chunked<R, F>(
        &self,
        r: R,
        chunk: usize,
        sink: F,
    ) -> io::Result<ScanSummary>
    where
        R: Read,
        F: FnMut(Finding, &Line<'_>),
    {
        stream::run(self, r, chunk.max(1), sink)
    }

    fn whole(&self, raw: &[u8], text: &str) -> Vec<Finding> {
        let mut norm = Normalized::default();
        let mut found = self.segment(raw, text, &mut norm);
        if !found.is_empty() {
            let mut fin = stream::Finisher::default();
            for f in &mut found {
                fin.finish(f, raw, text, 0);
            }
        }
        found
    }

    /// Findings of one segment, with offsets relative to it and no line,
    /// column or id yet (see [`stream::Finisher`]). `norm` is a reusable
    /// buffer; on return it holds the segment's normalised text.
    pub(crate) fn segment(
        &self,
        raw: &[u8],
        text: &str,
        norm: &mut Normalized,
    ) -> Vec<Finding> {
        norm.fill(raw);
        let inner = &*self.inner;
        let mut hits: Vec<Hit> = Vec::new();
        let mut excl: Vec<Aux> = Vec::new();
        inner.main.each(norm, 0, |s, e, roles| {
            for r in roles {
                match r.kind {
                    Kind::Term | Kind::Weak => hits.push(Hit {
                        start: s,
                        end: e,
                        entry: r.entry,
                        weak: r.kind == Kind::Weak,
                        index: r.index,
                        win: (s, e),
                    }),
                    Kind::Exclude | Kind::Near => {
                        excl.push(Aux::new(s, e, r));
                    }
                }
            }
        });
        if hits.is_empty() {
            return Vec::new();
        }
        excl.sort_unstable_by_key(|a| (a.start, a.end));
        self.findings(raw, text, hits, &excl)
    }

    /// Context-word matches in the windows around `hits`, sorted. Each
    /// window is normalised on its own: they are small and few.
    fn context(&self, raw: &[u8], hits: &[Hit]) -> Vec<Aux> {
        let entries = self.inner.rules.entries();
        let mut wins: Vec<(usize, usize, u32)> = hits
            .iter()
            .filter(|h| !entries[h.entry as usize].near.is_empty())
            .map(|h| (h.win.0, h.win.1, h.entry))
            .collect();
        wins.sort_unstable();
        let mut near = Vec::new();
        let mut norm = Normalized::default();
        // The entries with a hit in the current window: a context word
        // counts only for them, and common words ("machine", "steel") are
        // context for many entries.
        let mut wanted = vec![0u64; entries.len().div_ceil(64)];
        let bit = |e: u32| (e as usize / 64, 1u64 << (e % 64));
        let mut i = 0;
        while i < wins.len() {
            let (ws, mut we, _) = wins[i];
            let first = i;
            while i < wins.len() && wins[i].0 <= we {
                we = we.max(wins[i].1);
                let (w, b) = bit(wins[i].2);
                wanted[w] |= b;
                i += 1;
            }
            norm.fill(&raw[ws..we]);
            self.inner.near.each(&norm, ws, |s, e, roles| {
                near.extend(
                    roles
                        .iter()
                        .filter(|r| {
                            let (w, b) = bit(r.entry);
                            wanted[w] & b != 0
                        })
                        .map(|r| Aux::new(s, e, r)),
                );
            });
            for &(_, _, e) in &wins[first..i] {
                wanted[bit(e).0] = 0;
            }
        }
        near.sort_by_key(|a| (a.start, a.end));
        near
    }

    fn findings(
        &self,
        raw: &[u8],
        text: &str,
        mut hits: Vec<Hit>,
        excl: &[Aux],
    ) -> Vec<Finding> {
        let rules = &self.inner.rules;
        let entries = rules.entries();
        // Exclusions: a hit inside an exclude match of its own entry goes.
        // `excl` is sorted by start. An exclusion phrase is at most
        // MAX_TERM_BYTES long once normalised; MAX_EXCLUDE_SPAN bounds its
        // original span (white-space runs included) so that the look-back
        // stays short.
        if !excl.is_empty() {
            hits.retain(|h| {
                let upto = excl.partition_point(|x| x.start <= h.start);
                !excl[..upto]
                    .iter()
                    .rev()
                    .take_while(|x| x.start + MAX_EXCLUDE_SPAN >= h.start)
                    .any(|x| x.entry == h.entry && x.end >= h.end)
            });
        }
        // Same entry, nested: keep the longer (and one of duplicates).
        hits.sort_by(|a, b| {
            (a.entry, a.start, std::cmp::Reverse(a.end), a.weak).cmp(&(
                b.entry,
                b.start,
                std::cmp::Reverse(b.end),
                b.weak,
            ))
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if let Some(k) = kept.last()
                && k.entry == h.entry
                && k.start <= h.start
                && k.end >= h.end
            {
                continue;
            }
            kept.push(h);
        }
        // The window of each surviving hit, then the context words in those
        // windows. Several entries often share a term ("flow forming
        // machine" is in three lists): in span order, equal spans follow
        // each other and their window is counted once.
        kept.sort_unstable_by_key(|h| (h.start, h.end, h.entry));
        let mut last = None;
        for h in &mut kept {
            let words = entries[h.entry as usize].window;
            let key = (h.start, h.end, words);
            h.win = match last {
                Some((k, w)) if k == key => w,
                _ => gate::window(raw, h.start, h.end, words),
            };
            last = Some((key, h.win));
        }
        let near = self.context(raw, &kept);
        // Evaluate each hit: context, gate, parameters.
        let mut evaluated: Vec<(Hit, EntryHit)> =
            Vec::with_capacity(kept.len());
        for h in kept {
            let e = &entries[h.entry as usize];
            if let Some(eh) = self.evaluate(text, &h, e, &near) {
                evaluated.push((h, eh));
            }
        }
        if evaluated.is_empty() {
            return Vec::new();
        }
        // Group overlapping hits into findings.
        evaluated.sort_by_key(|(h, _)| {
            (h.start, std::cmp::Reverse(h.end), h.entry)
        });
        let mut out = Vec::new();
        let mut it = evaluated.into_iter().peekable();
        while let Some(first) = it.next() {
            let start = first.0.start;
            let mut end = first.0.end;
            let mut group = vec![first];
            while let Some(next) = it.next_if(|(h, _)| h.start < end) {
                end = end.max(next.0.end);
                group.push(next);
            }
            // One hit per entry: the longest.
            group.sort_by_key(|(h, _)| {
                (h.entry, std::cmp::Reverse(h.end - h.start), h.start)
            });
            group.dedup_by_key(|(h, _)| h.entry);
            let entries: Vec<EntryHit> =
                group.into_iter().map(|(_, e)| e).collect();
            out.push(Finding {
                id: String::new(),
                start,
                end,
                line: 0,
                column: 0,
                text: text[start..end].to_owned(),
                entries,
            });
        }
        out
    }

    fn evaluate(
        &self,
        text: &str,
        h: &Hit,
        e: &Entry,
        near: &[Aux],
    ) -> Option<EntryHit> {
        let rules = &self.inner.rules;
        let (ws, we) = h.win;
        let mut evidence = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        let from = near.partition_point(|a| a.start < ws);
        for a in &near[from..] {
            if a.start >= we {
                break;
            }
            if a.entry != h.entry
                || a.end > we
                || (a.start < h.end && a.end > h.start)
            {
                continue;
            }
            // One piece of evidence per near term, the first found.
            if seen.contains(&a.index) || seen.len() >= MAX_NEAR_EVIDENCE {
                continue;
            }
            seen.push(a.index);
            let t = &text[a.start..a.end];
            evidence.push(Evidence::Near {
                text: t.to_owned(),
                start: a.start,
                end: a.end,
            });
        }
        let has_near = !evidence.is_empty();
        if h.weak && !has_near {
            return None;
        }
        let mut failed = false;
        let mut met = false;
        let readings =
            params::read(&e.parameters, text, (ws, we), (h.start, h.end));
        for (pi, p) in e.parameters.iter().enumerate() {
            let mine: Vec<&params::Reading> = readings
                .iter()
                .filter(|(i, _)| *i == pi)
                .map(|(_, r)| r)
                .collect();
            let tied: Vec<&&params::Reading> =
                mine.iter().filter(|r| r.tied).collect();
            let same_quantity = e
                .parameters
                .iter()
                .filter(|q| q.unit.quantity == p.unit.quantity)
                .count();
            let used: Vec<&params::Reading> = if !tied.is_empty() {
                if tied.iter().any(|r| r.meets) {
                    met = true;
                } else {
                    failed = true;
                }
                tied.into_iter().copied().collect()
            } else if same_quantity == 1
                && p.unit.quantity != units::Quantity::Count
            {
                // Untied values only ever raise confidence.
                let m: Vec<&params::Reading> =
                    mine.into_iter().filter(|r| r.meets).collect();
                met |= !m.is_empty();
                m
            } else {
                Vec::new()
            };
            for r in used {
                evidence.push(Evidence::Parameter {
                    name: p.name.clone(),
                    value: round(r.value),
                    unit: p.unit_key.clone(),
                    meets: r.meets,
                    text: text[r.start..r.end].to_owned(),
                    threshold: p.threshold(),
                    tied: r.tied,
                    start: r.start,
                    end: r.end,
                });
            }
        }
        let status =
            if failed { Status::BelowThreshold } else { Status::Flagged };
        let confidence = if failed {
            Confidence::Medium
        } else if met || (has_near && !h.weak) {
            Confidence::High
        } else {
            Confidence::Medium
        };
        let list = rules.list_of(e);
        let term = if h.weak { &e.weak_terms } else { &e.terms };
        Some(EntryHit {
            list: list.id.clone(),
            id: e.id.clone(),
            eu: e.eu.clone(),
            regime: list.name.clone(),
            title: e.title.clone(),
            edition: list.edition.clone(),
            term: term
                .get(h.index as usize)
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            status,
            confidence,
            start: h.start,
            end: h.end,
            evidence,
        })
    }
}

fn round(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor();
    let scale = 10f64.powf(5.0 - mag);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The non-ASCII patterns searched around non-ASCII bytes only find
    /// exactly what a search of the whole text finds, wherever the
    /// patterns and the other non-ASCII characters fall.
    #[test]
    fn wide_regions_miss_nothing() {
        let rules = RuleSet::builtin();
        let m = Matcher::build(
            &rules,
            &[Kind::Term, Kind::Weak, Kind::Exclude],
            Automaton::ContiguousNfa,
        )
        .expect("builds");
        let wide = m.wide.as_ref().expect("the built-in rules have some");
        let wide_ac = wide.ac.current();
        let mut pieces: Vec<String> = rules
            .entries()
            .iter()
            .flat_map(|e| &e.terms)
            .filter(|t| !t.normalized.is_ascii())
            .map(|t| t.text.clone())
            .step_by(7)
            .collect();
        let others =
            ["é", "ü", "—", "ж", "中", "\u{A0}", "x", "flow", " ", "-"];
        // In no pattern: they start no search region.
        let strangers = ["ا", "¶", "“", "→", "😀", "\n"];
        pieces.extend(others.into_iter().chain(strangers).map(str::to_owned));
        let filler = "a".repeat(wide.reach);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut norm = Normalized::default();
        let mut total = 0;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..next() % 40 {
                match next() % 4 {
                    0 => text
                        .push_str(&filler[..(next() as usize) % filler.len()]),
                    _ => {
                        let i = (next() as usize) % pieces.len();
                        text.push_str(&pieces[i]);
                    }
                }
                text.push(' ');
            }
            norm.fill(text.as_bytes());
            let mut got = Vec::new();
            m.each_wide(&norm, 0, &mut |s, e, r: &[Role]| {
                got.push((s, e, r.len()));
            });
            let mut want = Vec::new();
            let nt = norm.text.as_slice();
            m.report(
                wide_ac,
                m.patterns_ascii,
                0..nt.len(),
                &norm,
                0,
                &mut |s, e, r: &[Role]| want.push((s, e, r.len())),
            );
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "in {text:?}");
            total += want.len();
        }
        assert!(total > 1000, "too few matches to test anything: {total}");
    }

    /// Every automaton option finds the same things; `Auto` switches to
    /// its DFA after `DFA_AFTER` bytes and still does.
    #[test]
    fn automaton_options_agree() {
        let rules = RuleSet::builtin();
        let text = "Offer: cold flow forming machine, 3 rollers; \
                    Drückwalzmaschine; газовая центрифуга; 流动成形机; \
                    maraging steel rotor tube, ammonium perchlorate.\n";
        let want = Screener::builder()
            .automaton(Automaton::ContiguousNfa)
            .build(&rules)
            .expect("builds")
            .scan(text);
        assert!(want.len() >= 4, "{want:?}");
        for kind in [Automaton::Dfa, Automaton::NoncontiguousNfa] {
            let s = Screener::builder().automaton(kind).build(&rules);
            assert_eq!(s.expect("builds").scan(text), want, "{kind:?}");
        }
        let auto = Screener::new(&rules).expect("builds");
        let before = auto.memory_usage();
        assert_eq!(auto.scan(text), want);
        let big = usize::try_from(Automaton::DFA_AFTER).expect("fits");
        let main = &auto.inner.main;
        main.ascii.note(big);
        main.wide.as_ref().expect("wide patterns").ac.note(big);
        assert!(auto.memory_usage() > before + (1 << 20), "no DFA built");
        assert_eq!(auto.scan(text), want);
    }
}
