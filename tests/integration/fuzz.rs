//! Fuzz targets, driven by proptest (the stable toolchain has no
//! libFuzzer): each fails only on a panic or a broken invariant.
//!
//! * `rule_loading`: arbitrary TOML-shaped text through `RuleSet::from_sources`;
//! * `normalise_and_map`: arbitrary text through the scanner, checking the
//!   offset mapping of every span;
//! * `scan_bytes`: arbitrary bytes through the built-in rules, whole and
//!   streamed in chunks.
//!
//! Each starts from the seed corpus in `tests/fuzz/seeds/`. In CI each runs
//! a few hundred cases; for a long run (the README says how):
//!
//! ```text
//! DUALSCAN_FUZZ_SECS=600 cargo test --release --test integration fuzz_ -- --ignored --nocapture
//! ```

use crate::util::builtin;
use dualscan::{RuleSet, Screener, normalize};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::time::{Duration, Instant};

fn seeds(prefix: &str) -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz/seeds");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("seed folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("seed")))
        .collect();
    v.sort();
    v.into_iter().map(|(_, b)| b).collect()
}

/// TOML-shaped text: fragments of rule files, mutated.
fn toml_text() -> impl Strategy<Value = String> {
    let frag = prop_oneof![
        Just("schema = 1\n".to_owned()),
        Just("[list]\nid = \"T\"\nname = \"t\"\nedition = \"1\"\n".to_owned()),
        Just("[[entry]]\nid = \"1\"\ntitle = \"x\"\n".to_owned()),
        Just("[[entry]]\nid = \"2\"\ntitle = \"y\"\n".to_owned()),
        Just("terms = [\"flow forming machine\", \"gadget\"]\n".to_owned()),
        Just("weak_terms = [\"roller\"]\nnear = [\"CNC\"]\n".to_owned()),
        Just("also = [\"T:1\", \"T:2\", \"X:9\", \"bad\"]\n".to_owned()),
        Just("window = 5\n".to_owned()),
        Just("[[entry.parameter]]\nname = \"force\"\nunit = \"kN\"\nabove = 60\n".to_owned()),
        Just("[[entry.parameter]]\nname = \"n\"\nunit = \"count\"\nat_least = 3\nat_most = 1\n".to_owned()),
        Just("[[entry.example]]\ntext = \"gadget\"\nexpect = \"flagged\"\n".to_owned()),
        Just("x = [[[[1]]]]\n".to_owned()),
        "[ -~\n]{0,40}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(frag, 0..16).prop_map(|v| v.concat())
}

fn run<S: Strategy>(
    name: &str,
    strategy: S,
    secs_default: u64,
    f: impl Fn(S::Value),
) where
    S::Value: std::fmt::Debug,
{
    let secs: u64 = std::env::var("DUALSCAN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(secs_default);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut rounds = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&strategy, |v| {
                f(v);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        rounds += 1;
        if Instant::now() >= deadline {
            break;
        }
    }
    eprintln!("{name}: {} cases in {secs} s", rounds * 256);
}

fn check_rules(text: &str) {
    match RuleSet::from_sources([("fuzz.toml", text)]) {
        Ok(r) => {
            let s = Screener::new(&r).expect("valid rules compile");
            for e in r.entries() {
                for x in &e.examples {
                    let _ = s.scan(&x.text);
                }
            }
        }
        Err(e) => {
            for d in e.diagnostics() {
                let shown = d.to_string();
                assert!(
                    shown.starts_with("error[E")
                        || shown.starts_with("warning[W"),
                    "{shown}"
                );
            }
        }
    }
}

fn check_spans(text: &str) {
    for f in builtin().scan(text) {
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end)
        );
        for e in &f.entries {
            let n = normalize(&text[e.start..e.end]);
            assert!(!n.is_empty(), "empty span for {e:?}");
        }
    }
}

fn check_bytes(b: &[u8], chunk: usize) {
    let whole = builtin().scan_bytes(b);
    let mut got = Vec::new();
    builtin()
        .scan_reader_chunked(b, chunk, |f, _| got.push(f))
        .expect("reads");
    assert_eq!(got, whole);
}

#[test]
fn fuzz_seeds_pass() {
    for s in seeds("rule") {
        check_rules(&String::from_utf8_lossy(&s));
    }
    for s in seeds("text") {
        check_spans(&String::from_utf8_lossy(&s));
        check_bytes(&s, 7);
    }
}

#[test]
fn fuzz_quick() {
    run("rule_loading", toml_text(), 0, |t| check_rules(&t));
    run("normalise_and_map", "\\PC{0,200}", 0, |t| check_spans(&t));
    run(
        "scan_bytes",
        (prop::collection::vec(any::<u8>(), 0..600), 1usize..300),
        0,
        |(b, c)| check_bytes(&b, c),
    );
}

#[test]
#[ignore = "long run: set DUALSCAN_FUZZ_SECS"]
fn fuzz_rule_loading() {
    run("rule_loading", toml_text(), 60, |t| check_rules(&t));
}

#[test]
#[ignore = "long run: set DUALSCAN_FUZZ_SECS"]
fn fuzz_normalise_and_map() {
    let seeded = seeds("text");
    run(
        "normalise_and_map",
        (0..seeded.len(), "\\PC{0,300}", 0usize..300),
        60,
        |(i, t, at)| {
            let mut s = String::from_utf8_lossy(&seeded[i]).into_owned();
            let at = (0..=at.min(s.len()))
                .rev()
                .find(|k| s.is_char_boundary(*k))
                .unwrap_or(0);
            s.insert_str(at, &t);
            check_spans(&s);
        },
    );
}

#[test]
#[ignore = "long run: set DUALSCAN_FUZZ_SECS"]
fn fuzz_scan_bytes() {
    let seeded = seeds("text");
    let strat = (
        0..seeded.len(),
        prop::collection::vec(any::<u8>(), 0..2000),
        0usize..200,
        1usize..500,
    );
    run("scan_bytes", strat, 60, |(i, junk, at, chunk)| {
        let mut b = seeded[i].clone();
        let at = at.min(b.len());
        b.splice(at..at, junk);
        check_bytes(&b, chunk);
    });
}
