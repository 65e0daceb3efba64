//! Table-driven scan cases: `tests/cases/*.toml`.
//!
//! Each file holds `[[suite]]`s; a suite has optional `rules` (entries of a
//! test list `T`, wrapped in a list header; without it the built-in rules
//! are used) and `[[suite.case]]`s:
//!
//! ```toml
//! [[suite]]
//! name = "roller force in tonnes"
//! rules = '''
//! [[entry]]
//! id = "1"
//! title = "Gadget"
//! terms = ["gadget"]
//! '''
//! [[suite.case]]
//! text = "gadget, roller force 2 t"
//! flagged = ["T:1"]          # entries that must be flagged
//! below = []                 # entries that must be below-threshold
//! absent = []                # entries that must not be reported at all
//! nothing = false            # true: no finding at all
//! no_goods = false           # true: no entry flagged (red flags allowed)
//! red_flags = ["missile"]    # categories of red flags raised (not negated)
//! negated = ["military"]     # categories of red flags reported as negated
//! findings = 1               # the number of goods findings
//! evidence = ["2 t"]         # parameter or context texts among the evidence
//! first = { text = "gadget", start = 0, end = 6, line = 1, column = 1,
//!           entries = ["T:1"], confidence = "medium", term = "gadget" }
//! ```
//!
//! Every case runs on every automaton kind, and through `scan`,
//! `scan_bytes`, and `scan_reader` in 3-byte and default chunks: each way
//! must give findings identical to `scan` with the default automaton, and
//! meet the case's expectations. To add a case, add lines to a file; a new
//! file in the folder is picked up by itself.

use crate::util::{builtin, list_file, screener};
use dualscan::{Automaton, Finding, RuleSet, Screener, Status};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    suite: Vec<Suite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Suite {
    name: String,
    rules: Option<String>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    #[serde(default)]
    flagged: Vec<String>,
    #[serde(default)]
    below: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    nothing: bool,
    #[serde(default)]
    no_goods: bool,
    #[serde(default)]
    red_flags: Vec<String>,
    #[serde(default)]
    negated: Vec<String>,
    findings: Option<usize>,
    #[serde(default)]
    evidence: Vec<String>,
    first: Option<First>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct First {
    text: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    line: Option<usize>,
    column: Option<usize>,
    entries: Option<Vec<String>>,
    confidence: Option<String>,
    term: Option<String>,
}

const KINDS: [Automaton; 4] = [
    Automaton::Auto,
    Automaton::Dfa,
    Automaton::ContiguousNfa,
    Automaton::NoncontiguousNfa,
];

/// `LIST:ID status` of every entry hit.
fn statuses(found: &[Finding]) -> Vec<(String, Status)> {
    found
        .iter()
        .flat_map(|f| &f.entries)
        .map(|e| (format!("{}:{}", e.list, e.id), e.status))
        .collect()
}

/// What the case expects that `found` does not give, one line each.
fn shortfalls(c: &Case, found: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    let s = statuses(found);
    let has = |e: &str, st: Status| s.iter().any(|(x, y)| x == e && *y == st);
    for e in &c.flagged {
        if !has(e, Status::Flagged) {
            out.push(format!("{e} not flagged"));
        }
    }
    for e in &c.below {
        if !has(e, Status::BelowThreshold) {
            out.push(format!("{e} not below-threshold"));
        }
    }
    for e in &c.absent {
        if s.iter().any(|(x, _)| x == e) {
            out.push(format!("{e} reported"));
        }
    }
    if c.nothing && !found.is_empty() {
        out.push("findings where nothing was expected".into());
    }
    if c.no_goods && found.iter().any(Finding::is_flagged) {
        out.push("goods flagged where none were expected".into());
    }
    let flags = |negated: bool| -> Vec<String> {
        found
            .iter()
            .filter_map(|f| f.red_flag.as_ref())
            .filter(|r| r.negated == negated)
            .map(|r| r.category.to_string())
            .collect()
    };
    for (want, negated) in [(&c.red_flags, false), (&c.negated, true)] {
        let got = flags(negated);
        for w in want {
            if !got.contains(w) {
                out.push(format!(
                    "no red flag {w} (negated: {negated}); got {got:?}"
                ));
            }
        }
    }
    if let Some(n) = c.findings
        && found.iter().filter(|f| !f.is_red_flag()).count() != n
    {
        out.push(format!("{} findings, expected {n}", found.len()));
    }
    for want in &c.evidence {
        let any = found
            .iter()
            .flat_map(|f| &f.entries)
            .any(|e| e.evidence.iter().any(|v| v.text() == want));
        if !any {
            out.push(format!("no evidence {want:?}"));
        }
    }
    if let Some(w) = &c.first {
        match found.first() {
            None => out.push("no first finding".into()),
            Some(f) => out.extend(first_shortfalls(w, f)),
        }
    }
    out
}

fn first_shortfalls(w: &First, f: &Finding) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: &str, want: Option<String>, got: String| {
        if let Some(want) = want
            && want != got
        {
            out.push(format!(
                "first finding {what}: {got:?}, expected {want:?}"
            ));
        }
    };
    check("text", w.text.clone(), f.text.clone());
    check("start", w.start.map(|v| v.to_string()), f.start.to_string());
    check("end", w.end.map(|v| v.to_string()), f.end.to_string());
    check("line", w.line.map(|v| v.to_string()), f.line.to_string());
    check("column", w.column.map(|v| v.to_string()), f.column.to_string());
    let ids: Vec<String> =
        f.entries.iter().map(|e| format!("{}:{}", e.list, e.id)).collect();
    check("entries", w.entries.as_ref().map(|v| v.join(" ")), ids.join(" "));
    if let Some(e) = f.entries.first() {
        check("confidence", w.confidence.clone(), e.confidence.to_string());
        check("term", w.term.clone(), e.term.clone());
    }
    out
}

/// Every way of scanning `text` with the screeners of one suite.
fn every_way(
    screeners: &[Screener],
    text: &str,
) -> Vec<(String, Vec<Finding>)> {
    let mut out = Vec::new();
    for (s, kind) in screeners.iter().zip(KINDS) {
        out.push((format!("{kind:?} scan"), s.scan(text)));
        out.push((
            format!("{kind:?} scan_bytes"),
            s.scan_bytes(text.as_bytes()),
        ));
        let mut chunked = Vec::new();
        s.scan_reader_chunked(text.as_bytes(), 3, |f, _| chunked.push(f))
            .expect("in-memory reader");
        out.push((format!("{kind:?} scan_reader (3-byte chunks)"), chunked));
        out.push((
            format!("{kind:?} scan_reader"),
            s.scan_reader(text.as_bytes()).expect("in-memory reader"),
        ));
    }
    out
}

fn compile(suite: &Suite) -> Vec<Screener> {
    let rules = match &suite.rules {
        None => RuleSet::builtin(),
        Some(entries) => {
            // Through the helper that prints every diagnostic on failure.
            return KINDS
                .iter()
                .map(|k| {
                    let s = screener(&[("t.toml", &list_file("T", entries))]);
                    Screener::builder()
                        .automaton(*k)
                        .build(s.rules())
                        .expect("compiles")
                })
                .collect();
        }
    };
    KINDS
        .iter()
        .map(|k| {
            if *k == Automaton::Auto {
                builtin().clone()
            } else {
                Screener::builder()
                    .automaton(*k)
                    .build(&rules)
                    .expect("compiles")
            }
        })
        .collect()
}

#[test]
fn every_case_file_passes_every_way() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no case files in {}", dir.display());
    let (mut failures, mut count) = (Vec::new(), 0);
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("readable");
        let file: File = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for suite in &file.suite {
            let screeners = compile(suite);
            for (i, c) in suite.case.iter().enumerate() {
                count += 1;
                let at =
                    format!("{} [{}] case {}", p.display(), suite.name, i + 1);
                let ways = every_way(&screeners, &c.text);
                let reference = &ways[0].1;
                for (way, found) in &ways[1..] {
                    if found != reference {
                        failures.push(format!(
                            "{at}: {way} differs from scan on {:?}",
                            c.text
                        ));
                    }
                }
                for s in shortfalls(c, reference) {
                    failures.push(format!(
                        "{at}: {s}\n    text: {:?}\n    found: {:?}",
                        c.text,
                        statuses(reference)
                    ));
                }
            }
        }
    }
    assert!(count >= 40, "only {count} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
