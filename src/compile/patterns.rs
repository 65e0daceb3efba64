//! Terms → patterns: every normalised term of the chosen roles once, with
//! the roles it plays for each entry.
//!
//! ```text
//! "flow forming machine" ──► one pattern ──► (MTCR 3.B.3, term)
//!                                            (NSG-2 1.B.1, term)
//!                                            (WA-DU 2.B.9, term)
//! "battery" ──► "battery", "batteries" ──► (entry, weak) each
//! ```
//!
//! The same normalised term used by several entries (the flow-forming
//! family in MTCR, NSG-2 and Wassenaar) is one pattern with several roles,
//! and one hit reports every entry.

use crate::normalize::is_word_char;
use crate::rules::RuleSet;
use std::collections::HashMap;

/// What a pattern means for one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Term,
    Weak,
    Near,
    Exclude,
    /// A cue word (`rules/cues.toml`); `entry` is its [`CueClass`].
    Cue,
    /// An end-use phrase of the cues; `entry` indexes `Cues::end_use`.
    Flag,
    /// A shared context word (`[defaults] near`); `entry` is its group.
    Shared,
}

/// The cue tables, in the order of their `CueClass` number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueClass {
    Purpose = 0,
    PurposeWeak = 1,
    Trade = 2,
    Control = 3,
    Negation = 4,
    ModifierHead = 5,
    Product = 6,
}

impl CueClass {
    pub(crate) const ALL: [CueClass; 7] = [
        CueClass::Purpose,
        CueClass::PurposeWeak,
        CueClass::Trade,
        CueClass::Control,
        CueClass::Negation,
        CueClass::ModifierHead,
        CueClass::Product,
    ];

    pub(crate) fn of(n: u32) -> Option<CueClass> {
        CueClass::ALL.get(n as usize).copied()
    }

    fn terms(self, c: &crate::rules::Cues) -> &[crate::rules::Term] {
        match self {
            CueClass::Purpose => &c.purpose,
            CueClass::PurposeWeak => &c.purpose_weak,
            CueClass::Trade => &c.trade,
            CueClass::Control => &c.control,
            CueClass::Negation => &c.negation,
            CueClass::ModifierHead => &c.modifier_heads,
            CueClass::Product => &c.products,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Role {
    pub(crate) entry: u32,
    pub(crate) kind: Kind,
    /// Index into the entry's list of that kind.
    pub(crate) index: u32,
}

/// Per-pattern facts used on every match.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatternInfo {
    /// First character is a word character: the start needs a boundary.
    pub(crate) bound_start: bool,
    /// Last character is a word character: the end needs a boundary.
    pub(crate) bound_end: bool,
    /// Last character is a letter: a plural `s`/`es` may follow.
    pub(crate) plural: bool,
    pub(crate) roles: (u32, u32),
}

/// The distinct patterns of some roles, ASCII ones first (their ids are
/// those of the ASCII automaton), with their facts and roles.
#[derive(Debug)]
pub(crate) struct Patterns {
    pub(crate) pats: Vec<String>,
    /// Per pattern; `roles` ranges index `roles` below.
    pub(crate) patterns: Vec<PatternInfo>,
    pub(crate) roles: Vec<Role>,
    /// Number of ASCII patterns: ids `0..ascii`.
    pub(crate) ascii: usize,
}

/// Collect the patterns of the roles `kinds` in `rules`.
pub(crate) fn collect(rules: &RuleSet, kinds: &[Kind]) -> Patterns {
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
    let cues = rules.cues();
    if kinds.contains(&Kind::Cue) {
        for class in CueClass::ALL {
            for (ti, t) in class.terms(cues).iter().enumerate() {
                let index = u32::try_from(ti).unwrap_or(0);
                add(
                    &t.normalized,
                    Role { entry: class as u32, kind: Kind::Cue, index },
                );
            }
        }
    }
    if kinds.contains(&Kind::Shared) {
        for (gi, terms) in rules.shared_near().iter().enumerate() {
            let entry = u32::try_from(gi).unwrap_or(u32::MAX);
            for (ti, t) in terms.iter().enumerate() {
                let index = u32::try_from(ti).unwrap_or(0);
                add(&t.normalized, Role { entry, kind: Kind::Shared, index });
            }
        }
    }
    if kinds.contains(&Kind::Flag) {
        for (gi, (_, terms)) in cues.end_use.iter().enumerate() {
            let entry = u32::try_from(gi).unwrap_or(u32::MAX);
            for (ti, t) in terms.iter().enumerate() {
                let index = u32::try_from(ti).unwrap_or(0);
                add(&t.normalized, Role { entry, kind: Kind::Flag, index });
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
    let ascii = pats.iter().take_while(|p| p.is_ascii()).count();
    Patterns { pats, patterns, roles, ascii }
}

fn ies_plural(s: &str) -> Option<String> {
    let stem = s.strip_suffix('y')?;
    let before = stem.chars().next_back()?;
    (before.is_ascii_alphabetic() && !"aeiou".contains(before))
        .then(|| format!("{stem}ies"))
}
