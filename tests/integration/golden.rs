//! Golden files: the CLI's text, JSON, JSONL and CSV output and the
//! `rules check` diagnostics, compared byte for byte with
//! `tests/golden/expected/`.
//!
//! The scans use the small rule list in `tests/golden/rules/`, so a golden
//! file changes only when the output does, not when the built-in rules do.
//! After a deliberate change of output, bless the new files and review the
//! diff before committing:
//!
//! ```sh
//! DUALSCAN_BLESS=1 cargo test --all-features --test integration golden
//! git diff tests/golden/expected
//! ```

use std::path::Path;
use std::process::Command;

/// Run the binary in `tests/golden` and give stdout, then stderr after a
/// `--- stderr` line when there is any, and the exit code last.
fn run(args: &[&str]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let o = Command::new(env!("CARGO_BIN_EXE_dualscan"))
        .args(args)
        .current_dir(&dir)
        .output()
        .expect("runs");
    let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
    if !o.stderr.is_empty() {
        s.push_str("--- stderr\n");
        s.push_str(&String::from_utf8_lossy(&o.stderr));
    }
    s.push_str(&format!("--- exit {}\n", o.status.code().unwrap_or(-1)));
    // The version moves with every release; the golden files should not.
    s.replace(env!("CARGO_PKG_VERSION"), "<version>")
}

fn golden(name: &str, args: &[&str]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/expected")
        .join(name);
    let got = run(args);
    if std::env::var_os("DUALSCAN_BLESS").is_some() {
        std::fs::write(&path, &got).expect("bless");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}; bless it with DUALSCAN_BLESS=1", path.display())
    });
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n--- expected\n{}\n--- got\n{}\n\
             (bless a deliberate change with DUALSCAN_BLESS=1, see golden.rs)",
            path.display(),
            first + 1,
            want.lines().nth(first).unwrap_or("<end>"),
            got.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

const SCAN: [&str; 4] = ["scan", "--rules", "rules", "--color=never"];

#[test]
fn golden_scan_text() {
    golden("scan.txt", &[&SCAN[..], &["input/order.txt"]].concat());
}

#[test]
fn golden_scan_json() {
    golden(
        "scan.json",
        &[&SCAN[..], &["--format", "json", "input/order.txt"]].concat(),
    );
}

#[test]
fn golden_scan_jsonl() {
    golden(
        "scan.jsonl",
        &[&SCAN[..], &["--format", "jsonl", "input/order.txt"]].concat(),
    );
}

#[test]
fn golden_scan_csv() {
    golden(
        "scan.csv",
        &[&SCAN[..], &["--format", "csv", "input/order.txt"]].concat(),
    );
}

#[test]
fn golden_rules_check_errors() {
    golden(
        "rules-check-errors.txt",
        &["rules", "check", "diagnostics/errors"],
    );
}

#[test]
fn golden_rules_check_errors_json() {
    golden(
        "rules-check-errors.json",
        &["rules", "check", "--format", "json", "diagnostics/errors"],
    );
}

#[test]
fn golden_rules_check_lints() {
    golden(
        "rules-check-lints.txt",
        &["rules", "check", "--deny-warnings", "diagnostics/lints"],
    );
}

#[test]
fn golden_rules_test() {
    golden("rules-test.txt", &["rules", "test", "rules"]);
}
