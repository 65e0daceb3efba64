//! Criterion benches, one group per stage: compile, normalise-and-scan
//! (dualscan) beside the raw aho-corasick crate on the same terms and text.
//!
//! Every timed closure asserts its match count, so a fast but wrong engine
//! fails the bench. `cargo test --benches` runs each once as a test.

mod common;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dualscan::{Automaton, RuleSet, Screener};
use std::hint::black_box;

/// All normalised terms of the built-in rules (terms, weak terms, near,
/// exclusions): the patterns dualscan compiles. With `near` false, only
/// those dualscan runs over every byte (context words run only around
/// hits).
fn builtin_patterns_with(rules: &RuleSet, near: bool) -> Vec<String> {
    let none = Vec::new();
    let mut v: Vec<String> = rules
        .entries()
        .iter()
        .flat_map(|e| {
            e.terms
                .iter()
                .chain(&e.weak_terms)
                .chain(if near { &e.near } else { &none })
                .chain(&e.exclude)
        })
        .map(|t| t.normalized.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn builtin_patterns(rules: &RuleSet) -> Vec<String> {
    builtin_patterns_with(rules, true)
}

/// The automaton options benched. `auto` (the default) is measured in its
/// steady state: the first scan of the corpus, before timing, is over the
/// 16 MiB that makes it build its DFA.
const KINDS: [(&str, Automaton); 3] = [
    ("auto", Automaton::Auto),
    ("dfa", Automaton::Dfa),
    ("contiguous-nfa", Automaton::ContiguousNfa),
];

fn compile(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let pats = builtin_patterns(&rules);
    let mut g = c.benchmark_group("compile");
    g.bench_function("builtin-rules/load", |b| {
        b.iter(|| black_box(RuleSet::builtin()))
    });
    for (name, kind) in KINDS {
        g.bench_function(format!("builtin-rules/dualscan-{name}"), |b| {
            b.iter(|| {
                Screener::builder()
                    .automaton(kind)
                    .build(&rules)
                    .expect("builds")
            })
        });
    }
    g.bench_function("builtin-terms/raw-aho-corasick-dfa", |b| {
        b.iter(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(&pats)
                .expect("builds")
        })
    });
    g.finish();
}

fn scan(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let pats = builtin_patterns(&rules);
    let (plain, spliced) = common::corpora();
    let mut g = c.benchmark_group("scan");
    g.sample_size(10);
    for (cname, text) in [("plain", &plain), ("spliced", &spliced)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for (name, kind) in KINDS {
            let s = Screener::builder()
                .automaton(kind)
                .build(&rules)
                .expect("builds");
            let want = s.scan(text).len();
            g.bench_function(format!("{cname}/dualscan-{name}"), |b| {
                b.iter(|| assert_eq!(s.scan(black_box(text)).len(), want))
            });
        }
        let every_byte = builtin_patterns_with(&rules, false);
        for (name, kind, pats) in [
            ("dfa", AhoCorasickKind::DFA, &pats),
            ("contiguous-nfa", AhoCorasickKind::ContiguousNFA, &pats),
            // The patterns without the context words: what dualscan runs
            // over every byte.
            ("dfa-without-context-words", AhoCorasickKind::DFA, &every_byte),
        ] {
            let ac = AhoCorasick::builder()
                .kind(Some(kind))
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(pats)
                .expect("builds");
            let want = ac.find_overlapping_iter(text.as_str()).count();
            g.bench_function(
                format!("{cname}/raw-aho-corasick-{name}"),
                |b| {
                    b.iter(|| {
                        assert_eq!(
                            ac.find_overlapping_iter(black_box(text.as_str()))
                                .count(),
                            want
                        )
                    })
                },
            );
        }
    }
    g.finish();
}

/// The built-in rules plus `factor - 1` times as many synthetic terms
/// (seeded pseudo-words, two or three to a term, 20 terms an entry).
fn scaled_rules(factor: usize) -> RuleSet {
    let base = RuleSet::builtin();
    let n_terms: usize = base
        .entries()
        .iter()
        .map(|e| e.terms.len() + e.weak_terms.len())
        .sum();
    let extra = n_terms * (factor - 1);
    let mut rng = common::Rng::new(42);
    let syll = [
        "ka", "ro", "mi", "zu", "te", "lo", "vex", "dra", "qui", "sto", "pla",
        "nor",
    ];
    // Several files: one would pass the loader's per-file size limit.
    let header = "schema = 1\n[list]\nid = \"SYN\"\nname = \"synthetic\"\nedition = \"1\"\n";
    let mut files: Vec<String> = vec![header.to_owned()];
    for i in 0..extra.div_ceil(20) {
        if files.last().is_some_and(|f| f.len() > 4 << 20) {
            files.push(header.to_owned());
        }
        let body = files.last_mut().expect("one file at least");
        body.push_str(&format!(
            "[[entry]]\nid = \"{i}\"\ntitle = \"t\"\nterms = ["
        ));
        for j in 0..20 {
            let words: Vec<String> = (0..2 + rng.below(2))
                .map(|_| {
                    (0..3 + rng.below(3))
                        .map(|_| syll[rng.below(syll.len())])
                        .collect()
                })
                .collect();
            let sep = if j == 0 { "" } else { ", " };
            body.push_str(&format!("{sep}\"{}\"", words.join(" ")));
        }
        body.push_str("]\n");
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut sources: Vec<(String, String)> = RuleSet::builtin_files()
        .map(|n| {
            (
                n.to_owned(),
                std::fs::read_to_string(format!("{dir}/{n}"))
                    .expect("rule file"),
            )
        })
        .collect();
    for (i, body) in files.into_iter().enumerate() {
        sources.push((format!("synthetic-{i}.toml"), body));
    }
    RuleSet::from_sources(sources).expect("synthetic rules load")
}

/// Compile time and scan throughput as the rule set grows: built-in, ×10
/// and ×50 terms (the extra ones synthetic), on 16 MiB of the plain corpus.
fn scaling(c: &mut Criterion) {
    let (plain, _) = common::corpora();
    let mut end = plain.len().min(16 << 20);
    while !plain.is_char_boundary(end) {
        end -= 1;
    }
    let text = &plain[..end];
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for factor in [1usize, 10, 50] {
        let rules = if factor == 1 {
            RuleSet::builtin()
        } else {
            scaled_rules(factor)
        };
        g.throughput(Throughput::Elements(1));
        g.bench_function(format!("compile/x{factor}"), |b| {
            b.iter(|| Screener::new(&rules).expect("builds"))
        });
        let s = Screener::new(&rules).expect("builds");
        let want = s.scan(text).len();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("scan/x{factor}"), |b| {
            b.iter(|| assert_eq!(s.scan(black_box(text)).len(), want))
        });
    }
    g.finish();
}

criterion_group!(benches, compile, scan, scaling);
criterion_main!(benches);
