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
pub(crate) mod units;

use crate::finding::{Confidence, EntryHit, Evidence, Finding, Status};
use crate::normalize::{Normalized, is_word_char};
use crate::rules::{Entry, RuleSet};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Read};
use std::sync::Arc;
pub use stream::{DEFAULT_CHUNK, Line, ScanSummary};

/// The automaton implementation, chosen by measurement (see
/// [`ScreenerBuilder::automaton`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Automaton {
    /// A DFA: the fastest scan, but the slowest build and the most memory.
    Dfa,
    /// A contiguous NFA: compact and quick to build, a little slower to
    /// scan. The default: see [`ScreenerBuilder::automaton`].
    #[default]
    ContiguousNfa,
    /// A non-contiguous NFA: fastest to build, slowest to scan.
    NoncontiguousNfa,
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

    /// Which automaton scans every byte. The default, the contiguous NFA,
    /// was chosen by the `compile` and `scan` benches on the built-in rules
    /// and the 80 MB documentation corpus: it builds in ~30 ms with ~3 MB,
    /// where the DFA takes ~235 ms and ~125 MB to scan ~38% faster (62 vs
    /// 85 MiB/s). Choose [`Automaton::Dfa`] for long-lived screeners over
    /// large batches.
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
/// The automaton dominates memory; [`Screener::memory_usage`] reports it.
/// A scan allocates a normalised copy of the text it scans plus small
/// per-match vectors.
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

/// One automaton with what each of its patterns means.
#[derive(Debug)]
struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<PatternInfo>,
    roles: Vec<Role>,
    longest: usize,
}

impl Matcher {
    fn build(
        rules: &RuleSet,
        kinds: &[Kind],
        kind: AhoCorasickKind,
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
        // Standard semantics: overlapping search must report every pattern,
        // nested ones included ("flow forming machine tool" is two items).
        // The text is already case-folded, so bytes match exactly.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&pats)
            .map_err(|source| BuildError { patterns: pats.len(), source })?;
        let longest = pats.iter().map(String::len).max().unwrap_or(0);
        Ok(Matcher { ac, patterns, roles, longest })
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
        let nt = norm.text.as_str();
        for m in self.ac.find_overlapping_iter(nt) {
            let info = self.patterns[m.pattern().as_usize()];
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
}

fn compile(
    b: &ScreenerBuilder,
    rules: &RuleSet,
) -> Result<Screener, BuildError> {
    let kind = match b.automaton {
        Automaton::Dfa => AhoCorasickKind::DFA,
        Automaton::ContiguousNfa => AhoCorasickKind::ContiguousNFA,
        Automaton::NoncontiguousNfa => AhoCorasickKind::NoncontiguousNFA,
    };
    // Context words are searched only in the windows around hits, so they
    // stay out of the automaton that reads every byte: common words such as
    // "tube" or "CNC" would otherwise fire everywhere.
    // The two automata are independent: build them side by side.
    let (main, near) = std::thread::scope(|scope| {
        let near = scope.spawn(|| {
            Matcher::build(
                rules,
                &[Kind::Near],
                AhoCorasickKind::ContiguousNFA,
            )
        });
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
        [&self.inner.main, &self.inner.near]
            .iter()
            .map(|m| {
                m.ac.memory_usage()
                    + m.roles.len() * std::mem::size_of::<Role>()
                    + m.patterns.len() * std::mem::size_of::<PatternInfo>()
            })
            .sum::<usize>()
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
        let text = lossy_same_len(bytes);
        stream::parallel(self, bytes, &text, threads)
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
        let mut wins: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| !entries[h.entry as usize].near.is_empty())
            .map(|h| h.win)
            .collect();
        wins.sort_unstable();
        let mut near = Vec::new();
        let mut norm = Normalized::default();
        let mut i = 0;
        while i < wins.len() {
            let (ws, mut we) = wins[i];
            i += 1;
            while i < wins.len() && wins[i].0 <= we {
                we = we.max(wins[i].1);
                i += 1;
            }
            norm.fill(&raw[ws..we]);
            self.inner.near.each(&norm, ws, |s, e, roles| {
                near.extend(roles.iter().map(|r| Aux::new(s, e, r)));
            });
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
        // The window of each surviving hit, once; then the context words
        // in those windows.
        for h in &mut kept {
            let e = &entries[h.entry as usize];
            h.win = gate::window(raw, h.start, h.end, e.window);
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
        let mut i = 0;
        while i < evaluated.len() {
            let start = evaluated[i].0.start;
            let mut end = evaluated[i].0.end;
            let mut j = i + 1;
            while j < evaluated.len() && evaluated[j].0.start < end {
                end = end.max(evaluated[j].0.end);
                j += 1;
            }
            let mut group: Vec<(Hit, EntryHit)> = evaluated[i..j].to_vec();
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
            i = j;
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

/// `bytes` as text of the same length: each byte of an invalid UTF-8
/// sequence becomes `?`, so offsets into the text are offsets into `bytes`.
pub(crate) fn lossy_same_len(bytes: &[u8]) -> Cow<'_, str> {
    lossy_checked(bytes).0
}

/// [`lossy_same_len`] and the first UTF-8 error, from one validation pass.
pub(crate) fn lossy_checked(
    bytes: &[u8],
) -> (Cow<'_, str>, Option<std::str::Utf8Error>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(first) => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let (good, bad) = rest.split_at(e.valid_up_to());
                        out.push_str(
                            std::str::from_utf8(good).unwrap_or_default(),
                        );
                        let n = e.error_len().unwrap_or(bad.len());
                        out.extend(std::iter::repeat_n('?', n));
                        rest = &bad[n..];
                    }
                }
            }
            (Cow::Owned(out), Some(first))
        }
    }
}
