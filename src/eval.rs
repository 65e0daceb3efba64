//! Measuring rules: labelled cases → precision and recall, and every rule
//! file example run as a test.
//!
//! ```text
//! case {"text": "...", "expect": [MTCR:3.B.3]} ──scan──► flagged {MTCR:3.B.3, WA-DU:2.B.9}
//!      true positive: MTCR:3.B.3     false alarm: WA-DU:2.B.9
//! ```
//!
//! A case's prediction is the set of entries with status `flagged`. A
//! predicted id matches an expected id when one extends the other: `2.B.9.a`
//! counts for `2.B.9`, and `2.A.1` for `2.A.1.c` (the heading names the
//! sub-item a reviewer must check). Predictions on a case's `neutral`
//! entries (ones the text cannot decide) are not counted either way.
//! Figures are micro-averaged, overall, per list and per case `kind`. Red
//! flags are scored apart, by category, against the cases' `end_use`.
//! Pure: the caller reads the cases and prints the report.

use crate::rules::{EntryRef, Expect, RuleSet};
use crate::{Screener, Status};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One labelled case (one line of a `.jsonl` file).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Case {
    /// Case id, for the report.
    #[serde(default)]
    pub id: String,
    /// The text to scan.
    pub text: String,
    /// Every entry the text should be flagged for.
    #[serde(default)]
    pub expect: Vec<Expected>,
    /// Entries the text cannot decide (e.g. "carbon fibre" with no grade
    /// for an entry that needs one): a prediction on them is ignored.
    #[serde(default)]
    pub neutral: Vec<Expected>,
    /// End uses the text names (a weapon system as purpose, programme,
    /// platform or user). Not goods: kept for red-flag scoring.
    #[serde(default)]
    pub end_use: Vec<EndUse>,
    /// What the case tests (`goods`, `parameter`, `end-use`, `benign`…),
    /// for the per-kind figures.
    #[serde(default)]
    pub kind: Option<String>,
}

/// An end use a case names.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize,
)]
pub struct EndUse {
    /// `nuclear`, `missile`, `chemical`, `biological` or `military`.
    pub category: String,
}

/// An expected entry of a case.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize,
)]
pub struct Expected {
    /// List id.
    pub list: String,
    /// Entry id.
    pub id: String,
}

/// Does predicted id `p` match expected id `x`? Same list, and one id is
/// the other or extends it by a dot-separated part.
fn covers(p: &(String, String), x: &(String, String)) -> bool {
    let extends = |a: &str, b: &str| {
        a.len() > b.len() && a.starts_with(b) && a.as_bytes()[b.len()] == b'.'
    };
    p.0 == x.0 && (p.1 == x.1 || extends(&p.1, &x.1) || extends(&x.1, &p.1))
}

/// Counts for one list (or overall).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Expected and found.
    pub true_positives: usize,
    /// Found but not expected.
    pub false_positives: usize,
    /// Expected but not found.
    pub false_negatives: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.true_positives += o.true_positives;
        self.false_positives += o.false_positives;
        self.false_negatives += o.false_negatives;
    }

    /// TP / (TP + FP); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// TP / (TP + FN); 1 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A case with a wrong answer.
#[derive(Clone, Debug, Serialize)]
pub struct CaseError {
    /// Case id.
    pub id: String,
    /// Entries expected and not flagged.
    pub missed: Vec<String>,
    /// Entries flagged and not expected.
    pub false_alarms: Vec<String>,
}

/// The result of an evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Number of cases.
    pub cases: usize,
    /// Overall counts.
    pub overall: Counts,
    /// Counts per list id.
    pub lists: BTreeMap<String, Counts>,
    /// Counts per case kind (cases without a kind are not counted here).
    pub kinds: BTreeMap<String, Counts>,
    /// End uses (red flags, not negated) against the cases' `end_use`,
    /// by category per case; only cases that carry `end_use` or raise a
    /// red flag count. Scored apart from goods.
    pub end_use: Counts,
    /// Cases that expect nothing (in the lists evaluated).
    pub negatives: usize,
    /// Of those, the cases with no false alarm.
    pub clean_negatives: usize,
    /// Cases with a miss or a false alarm.
    pub errors: Vec<CaseError>,
}

/// Scan every case and count, optionally for some lists only (`list`:
/// one id or several, comma-separated).
pub fn evaluate(
    screener: &Screener,
    cases: &[Case],
    list: Option<&str>,
) -> Report {
    let mut report = Report {
        cases: cases.len(),
        overall: Counts::default(),
        lists: BTreeMap::new(),
        kinds: BTreeMap::new(),
        end_use: Counts::default(),
        negatives: 0,
        clean_negatives: 0,
        errors: Vec::new(),
    };
    // `list` may name several lists, comma-separated.
    let keep = |l: &str| {
        list.is_none_or(|x| {
            x.split(',').any(|y| y.trim().eq_ignore_ascii_case(l))
        })
    };
    for case in cases {
        let mut predicted: BTreeSet<(String, String)> = BTreeSet::new();
        let mut flags: BTreeSet<String> = BTreeSet::new();
        for f in screener.scan(&case.text) {
            if let Some(r) = &f.red_flag
                && !r.negated
            {
                flags.insert(r.category.to_string());
            }
            for e in f.entries {
                if e.status == Status::Flagged && keep(&e.list) {
                    predicted.insert((e.list, e.id));
                }
            }
        }
        let wanted = |xs: &[Expected]| -> BTreeSet<(String, String)> {
            xs.iter()
                .filter(|x| keep(&x.list))
                .map(|x| (x.list.clone(), x.id.clone()))
                .collect()
        };
        let expected = wanted(&case.expect);
        let neutral = wanted(&case.neutral);
        let mut err = CaseError {
            id: case.id.clone(),
            missed: vec![],
            false_alarms: vec![],
        };
        let mut kind = Counts::default();
        for x in &expected {
            let c = report.lists.entry(x.0.clone()).or_default();
            if predicted.iter().any(|p| covers(p, x)) {
                c.true_positives += 1;
                kind.true_positives += 1;
            } else {
                c.false_negatives += 1;
                kind.false_negatives += 1;
                err.missed.push(format!("{}:{}", x.0, x.1));
            }
        }
        for p in &predicted {
            let known = |xs: &BTreeSet<(String, String)>| {
                xs.iter().any(|x| covers(p, x))
            };
            if !known(&expected) && !known(&neutral) {
                report
                    .lists
                    .entry(p.0.clone())
                    .or_default()
                    .false_positives += 1;
                kind.false_positives += 1;
                err.false_alarms.push(format!("{}:{}", p.0, p.1));
            }
        }
        report.overall.add(kind);
        let wanted: BTreeSet<String> =
            case.end_use.iter().map(|u| u.category.to_lowercase()).collect();
        report.end_use.add(Counts {
            true_positives: wanted.intersection(&flags).count(),
            false_positives: flags.difference(&wanted).count(),
            false_negatives: wanted.difference(&flags).count(),
        });
        if let Some(k) = &case.kind {
            report.kinds.entry(k.clone()).or_default().add(kind);
        }
        if expected.is_empty() {
            report.negatives += 1;
            report.clean_negatives += usize::from(err.false_alarms.is_empty());
        }
        if !err.missed.is_empty() || !err.false_alarms.is_empty() {
            report.errors.push(err);
        }
    }
    report
}

/// The outcome of one `[[entry.example]]`.
#[derive(Clone, Debug, Serialize)]
pub struct ExampleOutcome {
    /// The entry, `LIST:ID`.
    pub entry: String,
    /// `file:line:col` of the example's text.
    pub location: String,
    /// The example text.
    pub text: String,
    /// What the example expects.
    pub expected: Expect,
    /// What the entry's status was.
    pub got: Expect,
    /// What was found for the entry (terms and statuses), for the message.
    pub found: Vec<String>,
}

impl ExampleOutcome {
    /// Did the example pass?
    pub fn passed(&self) -> bool {
        self.expected == self.got
    }
}

/// Run every example of every entry of `rules` through `screener`.
pub fn run_examples(
    rules: &RuleSet,
    screener: &Screener,
) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for e in rules.entries() {
        let list = &rules.list_of(e).id;
        let me = EntryRef { list: list.clone(), id: e.id.clone() };
        for x in &e.examples {
            let mut found = Vec::new();
            let mut flagged = false;
            let mut any = false;
            for f in screener.scan(&x.text) {
                for h in &f.entries {
                    if h.list == me.list && h.id == me.id {
                        any = true;
                        flagged |= h.status == Status::Flagged;
                        found.push(format!("{:?} ({})", &f.text, h.status));
                    }
                }
            }
            let got = if flagged {
                Expect::Flagged
            } else if any {
                Expect::BelowThreshold
            } else {
                Expect::NotFlagged
            };
            let loc = rules.example_location(x);
            out.push(ExampleOutcome {
                entry: me.to_string(),
                location: format!("{}:{}:{}", loc.file, loc.line, loc.column),
                text: x.text.clone(),
                expected: x.expect,
                got,
                found,
            });
        }
    }
    out
}
