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
/// exclusions): the patterns dualscan compiles.
fn builtin_patterns(rules: &RuleSet) -> Vec<String> {
    let mut v: Vec<String> = rules
        .entries()
        .iter()
        .flat_map(|e| {
            e.terms
                .iter()
                .chain(&e.weak_terms)
                .chain(&e.near)
                .chain(&e.exclude)
        })
        .map(|t| t.normalized.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn compile(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let pats = builtin_patterns(&rules);
    let mut g = c.benchmark_group("compile");
    g.bench_function("builtin-rules/load", |b| {
        b.iter(|| black_box(RuleSet::builtin()))
    });
    for (name, kind) in
        [("dfa", Automaton::Dfa), ("contiguous-nfa", Automaton::ContiguousNfa)]
    {
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
        for (name, kind) in [
            ("dfa", Automaton::Dfa),
            ("contiguous-nfa", Automaton::ContiguousNfa),
        ] {
            let s = Screener::builder()
                .automaton(kind)
                .build(&rules)
                .expect("builds");
            let want = s.scan(text).len();
            g.bench_function(format!("{cname}/dualscan-{name}"), |b| {
                b.iter(|| assert_eq!(s.scan(black_box(text)).len(), want))
            });
        }
        for (name, kind) in [
            ("dfa", AhoCorasickKind::DFA),
            ("contiguous-nfa", AhoCorasickKind::ContiguousNFA),
        ] {
            let ac = AhoCorasick::builder()
                .kind(Some(kind))
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&pats)
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

criterion_group!(benches, compile, scan);
criterion_main!(benches);
