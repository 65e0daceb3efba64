//! End uses → red flags: one per end use the text names, with the words
//! that make it one, whether it is negated, and links to the goods whose
//! context holds it.
//!
//! ```text
//! "flow forming machine, 80 kN, for rocket motor cases"
//!  └ goods ──────────┘          └cue┘└ mention: MTCR 3.A.3 as purpose
//!    + evidence end-use (missile), confidence high
//!                               red flag {category: missile, cue: "for",
//!                                         mention, near_findings: [goods id]}
//! ```

use super::finish::RawFinding;
use super::role::{self, CueHit};
use crate::finding::{
    Confidence, EntryHit, Evidence, Mention, RedFlag, Span, Status,
};
use crate::rules::{Category, RuleSet};
use std::collections::HashMap;

/// An end use found: a list entry's term judged end use, or an end-use
/// phrase of the cues (`entry` is `None`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Use {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) entry: Option<u32>,
    pub(crate) category: Category,
    pub(crate) cue: Option<(usize, usize)>,
}

/// Most end uses reported as evidence of one entry hit.
const MAX_END_USE_EVIDENCE: usize = 3;

/// The more specific category wins when one span names several.
fn rank(c: Category) -> u8 {
    match c {
        Category::Nuclear => 0,
        Category::Chemical => 1,
        Category::Biological => 2,
        Category::Missile => 3,
        Category::Military => 4,
    }
}

/// One end use per span, and none inside a longer one ("ballistic
/// missile" inside "ballistic missile programme").
pub(crate) fn merge(mut v: Vec<Use>) -> Vec<Use> {
    v.sort_by_key(|u| {
        (u.start, std::cmp::Reverse(u.end), rank(u.category), u.cue.is_none())
    });
    let mut out: Vec<Use> = Vec::with_capacity(v.len());
    for u in v {
        if out.last().is_some_and(|k| k.start <= u.start && u.end <= k.end) {
            continue;
        }
        out.push(u);
    }
    out
}

/// Goods whose window holds an end use get it as evidence and, when
/// flagged, confidence high: the text says what the goods are for.
pub(crate) fn attach<H>(
    text: &str,
    uses: &[Use],
    goods: &mut [(H, EntryHit)],
    window: impl Fn(&H) -> (usize, usize),
) {
    if uses.is_empty() {
        return;
    }
    for (h, eh) in goods.iter_mut() {
        let (ws, we) = window(h);
        let near = uses
            .iter()
            .filter(|u| u.start >= ws && u.end <= we)
            .filter(|u| u.end <= eh.start || u.start >= eh.end)
            .take(MAX_END_USE_EVIDENCE);
        for u in near {
            eh.evidence.push(Evidence::EndUse {
                category: u.category,
                text: text[u.start..u.end].to_owned(),
                start: u.start,
                end: u.end,
            });
            if eh.status == Status::Flagged {
                eh.confidence = Confidence::High;
            }
        }
    }
}

/// Add a red-flag finding for each end use to `out` (the goods findings),
/// keeping `out` in order of start.
pub(crate) fn emit(
    text: &str,
    rules: &RuleSet,
    uses: &[Use],
    cues: &[CueHit],
    out: &mut Vec<RawFinding>,
) {
    if uses.is_empty() {
        return;
    }
    let span = |(s, e): (usize, usize)| Span {
        text: text[s..e].to_owned(),
        start: s,
        end: e,
    };
    // Each end use → the goods findings that hold it as evidence.
    let mut linked: HashMap<(usize, usize), Vec<(usize, usize)>> =
        HashMap::new();
    for f in out.iter() {
        for e in &f.entries {
            for v in &e.evidence {
                if let Evidence::EndUse { start, end, .. } = v {
                    let l = linked.entry((*start, *end)).or_default();
                    if !l.contains(&(f.start, f.end)) {
                        l.push((f.start, f.end));
                    }
                }
            }
        }
    }
    for u in uses {
        // "not for military use": the negation stands before the cue.
        let head = u.cue.map_or((u.start, u.end), |c| c.min((u.start, u.end)));
        let negated = role::negated(text, head, cues);
        let links = linked.remove(&(u.start, u.end)).unwrap_or_default();
        let (list, id) = match u.entry {
            Some(i) => {
                let e = &rules.entries()[i as usize];
                (Some(rules.list_of(e).id.clone()), Some(e.id.clone()))
            }
            None => (None, None),
        };
        let flag = RedFlag {
            category: u.category,
            cue: u.cue.map(span),
            mention: Mention {
                text: text[u.start..u.end].to_owned(),
                start: u.start,
                end: u.end,
                list,
                id,
            },
            negated,
            near_findings: Vec::new(),
        };
        out.push(RawFinding {
            start: u.start,
            end: u.end,
            entries: Vec::new(),
            red_flag: Some((flag, links)),
        });
    }
    out.sort_by_key(|f| (f.start, f.end, f.red_flag.is_some()));
}
