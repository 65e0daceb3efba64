//! Hits → findings: exclusions, nesting, context windows and words, the
//! weak-term gate, parameters, and grouping by span.
//!
//! ```text
//! term hits ──exclusions of the same entry──► nested hits of an entry dropped
//!           ──window per hit──► context words in the windows (near automaton)
//!           ──evaluate: weak gate, parameters──► EntryHit
//!           ──overlapping spans grouped──► one raw finding per span
//! ```

use super::finish::RawFinding;
use super::redflag::{self, Use};
use super::role::{self, CueHit, Judgement};
use super::{gate, params};
use crate::Screener;
use crate::compile::{CueClass, Kind, Role};
use crate::finding::{
    Confidence, EntryHit, Evidence, Role as HitRole, Status,
};
use crate::normalize::Normalized;
use crate::rules::{DEFAULT_WINDOW, Entry};
use crate::units;

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

/// What the windows around the hits hold.
struct Context {
    /// Context words of entries with a hit there.
    near: Vec<Aux>,
    /// Shared context words (`entry` is the group).
    shared: Vec<Aux>,
    cues: Vec<CueHit>,
}

/// The context words an entry hit is evaluated with.
#[derive(Clone, Copy)]
struct Near<'a> {
    own: &'a [Aux],
    shared: &'a [Aux],
}

#[derive(Clone, Copy, Debug)]
struct Aux {
    start: usize,
    end: usize,
    entry: u32,
    index: u32,
}

impl Screener {
    /// Findings of one segment, with offsets relative to it and no line,
    /// column, text or id yet (see [`Finisher`](super::finish::Finisher)). `norm` is a reusable
    /// buffer; on return it holds the segment's normalised text.
    pub(crate) fn segment(
        &self,
        raw: &[u8],
        text: &str,
        norm: &mut Normalized,
    ) -> Vec<RawFinding> {
        norm.fill(raw);
        let inner = &*self.inner;
        let mut hits: Vec<Hit> = Vec::new();
        let mut excl: Vec<Aux> = Vec::new();
        let mut flags: Vec<Aux> = Vec::new();
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
                    Kind::Flag => flags.push(Aux::new(s, e, r)),
                    Kind::Exclude | Kind::Near | Kind::Cue | Kind::Shared => {
                        excl.push(Aux::new(s, e, r));
                    }
                }
            }
        });
        if hits.is_empty() && flags.is_empty() {
            return Vec::new();
        }
        excl.sort_unstable_by_key(|a| (a.start, a.end));
        self.findings(raw, text, hits, &excl, flags)
    }

    /// Context-word matches in the windows `wins` (start, end, entry;
    /// entry `u32::MAX` for a window wanted for cue words only), and the
    /// cue words there, each sorted. Each window is normalised on its own:
    /// they are small and few.
    fn context(
        &self,
        raw: &[u8],
        mut wins: Vec<(usize, usize, u32)>,
    ) -> Context {
        let entries = self.inner.rules.entries();
        wins.sort_unstable();
        let mut near = Vec::new();
        let mut shared = Vec::new();
        let mut cues = Vec::new();
        let mut norm = Normalized::default();
        // The entries with a hit in the current window: a context word
        // counts only for them, and common words ("machine", "steel") are
        // context for many entries.
        let mut wanted = vec![0u64; entries.len().div_ceil(64) + 1];
        let bit = |e: u32| (e as usize / 64, 1u64 << (e % 64));
        let mut i = 0;
        while i < wins.len() {
            let (ws, mut we, _) = wins[i];
            let first = i;
            while i < wins.len() && wins[i].0 <= we {
                we = we.max(wins[i].1);
                if (wins[i].2 as usize) < entries.len() {
                    let (w, b) = bit(wins[i].2);
                    wanted[w] |= b;
                }
                i += 1;
            }
            norm.fill(&raw[ws..we]);
            self.inner.near.each(&norm, ws, |s, e, roles| {
                for r in roles {
                    match r.kind {
                        Kind::Cue => {
                            if let Some(cue) = CueClass::of(r.entry) {
                                cues.push(CueHit { start: s, end: e, cue });
                            }
                        }
                        Kind::Shared => shared.push(Aux::new(s, e, r)),
                        _ => {
                            let (w, b) = bit(r.entry);
                            if wanted[w] & b != 0 {
                                near.push(Aux::new(s, e, r));
                            }
                        }
                    }
                }
            });
            for &(_, _, e) in &wins[first..i] {
                if (e as usize) < entries.len() {
                    wanted[bit(e).0] = 0;
                }
            }
        }
        near.sort_by_key(|a| (a.start, a.end));
        shared.sort_by_key(|a| (a.start, a.end));
        cues.sort_by_key(|c| (c.start, c.end));
        cues.dedup();
        Context { near, shared, cues }
    }

    fn findings(
        &self,
        raw: &[u8],
        text: &str,
        mut hits: Vec<Hit>,
        excl: &[Aux],
        flags: Vec<Aux>,
    ) -> Vec<RawFinding> {
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
        // Context and cue words in the windows of the hits and of the
        // end-use phrases.
        let mut wins: Vec<(usize, usize, u32)> =
            kept.iter().map(|h| (h.win.0, h.win.1, h.entry)).collect();
        let flag_wins: Vec<(usize, usize)> = flags
            .iter()
            .map(|f| gate::window(raw, f.start, f.end, DEFAULT_WINDOW))
            .collect();
        wins.extend(flag_wins.iter().map(|w| (w.0, w.1, u32::MAX)));
        let Context { near, shared, cues } = self.context(raw, wins);
        let near = Near { own: &near, shared: &shared };
        let cues_in = |w: (usize, usize)| {
            let a = cues.partition_point(|c| c.start < w.0);
            let b = cues.partition_point(|c| c.start < w.1);
            &cues[a..b]
        };
        // The role of each hit; goods are evaluated, end uses become
        // mentions for red flags.
        let mut evaluated: Vec<(Hit, EntryHit)> =
            Vec::with_capacity(kept.len());
        let mut mentions: Vec<Use> = Vec::new();
        for h in kept {
            let e = &entries[h.entry as usize];
            let around = cues_in(h.win);
            match role::judge(text, (h.start, h.end), e.kind, around) {
                Judgement::Goods => {
                    if let Some(eh) = self.evaluate(text, &h, e, &near, around)
                    {
                        evaluated.push((h, eh));
                    }
                }
                Judgement::Product { product } => {
                    if let Some(mut eh) =
                        self.evaluate(text, &h, e, &near, around)
                    {
                        eh.status = Status::BelowThreshold;
                        eh.confidence = Confidence::Medium;
                        eh.evidence.push(Evidence::Form {
                            text: text[product.0..product.1].to_owned(),
                            start: product.0,
                            end: product.1,
                        });
                        evaluated.push((h, eh));
                    }
                }
                Judgement::EndUse { cue } => {
                    let Some(category) = e.end_use else { continue };
                    // A weak term names an end use on its own words only
                    // when they say so, or with its context.
                    if h.weak
                        && cue.is_none()
                        && self.evaluate(text, &h, e, &near, around).is_none()
                    {
                        continue;
                    }
                    mentions.push(Use {
                        start: h.start,
                        end: h.end,
                        entry: Some(h.entry),
                        category,
                        cue,
                    });
                }
            }
        }
        let end_use = &rules.cues().end_use;
        for f in &flags {
            let Some((category, _)) = end_use.get(f.entry as usize) else {
                continue;
            };
            mentions.push(Use {
                start: f.start,
                end: f.end,
                entry: None,
                category: *category,
                cue: None,
            });
        }
        let mentions = redflag::merge(mentions);
        redflag::attach(text, &mentions, &mut evaluated, |h: &Hit| h.win);
        let mut out = Vec::new();
        if !evaluated.is_empty() {
            // Group overlapping hits into findings.
            evaluated.sort_by_key(|(h, _)| {
                (h.start, std::cmp::Reverse(h.end), h.entry)
            });
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
                out.push(RawFinding { start, end, entries, red_flag: None });
            }
        }
        redflag::emit(text, rules, &mentions, &cues, &mut out);
        out
    }

    fn evaluate(
        &self,
        text: &str,
        h: &Hit,
        e: &Entry,
        near: &Near<'_>,
        cues: &[CueHit],
    ) -> Option<EntryHit> {
        let rules = &self.inner.rules;
        let (ws, we) = h.win;
        let mut evidence = Vec::new();
        let mut negations = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        // The entry's own context words, then its file's shared ones (their
        // indexes counted apart).
        let group = e.shared_near.and_then(|g| u32::try_from(g).ok());
        let sources = [
            (near.own, Some(h.entry), 0u32),
            (near.shared, group, 1u32 << 24),
        ];
        for (list, want, offset) in sources {
            let Some(want) = want else { continue };
            let from = list.partition_point(|a| a.start < ws);
            for a in &list[from..] {
                if a.start >= we {
                    break;
                }
                if a.entry != want
                    || a.end > we
                    || (a.start < h.end && a.end > h.start)
                {
                    continue;
                }
                let key = a.index | offset;
                // One piece of evidence per near term, the first found.
                if seen.contains(&key) || seen.len() >= MAX_NEAR_EVIDENCE {
                    continue;
                }
                seen.push(key);
                // A negated one ("no NC control") is no context: the item
                // lacks what the entry needs.
                if let Some(from) =
                    role::negation_of(text, (a.start, a.end), cues)
                {
                    negations.push(Evidence::Negation {
                        text: text[from..a.end].to_owned(),
                        start: from,
                        end: a.end,
                    });
                    continue;
                }
                evidence.push(Evidence::Near {
                    text: text[a.start..a.end].to_owned(),
                    start: a.start,
                    end: a.end,
                });
            }
        }
        // A statement that the item is controlled is context too.
        for c in cues.iter().filter(|c| c.cue == CueClass::Control) {
            if c.start >= ws && c.end <= we {
                evidence.push(Evidence::ControlStatement {
                    text: text[c.start..c.end].to_owned(),
                    start: c.start,
                    end: c.end,
                });
                break;
            }
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
        failed |= !negations.is_empty();
        evidence.extend(negations);
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
            role: HitRole::Goods,
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
