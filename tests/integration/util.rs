//! Shared helpers: the compiled built-in rules, test rule files, hits.

use dualscan::{Finding, RuleSet, Screener};
use std::sync::OnceLock;

/// The built-in rules, compiled once for the whole test binary.
pub(crate) fn builtin() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| {
        Screener::new(&RuleSet::builtin()).expect("builtin compiles")
    })
}

/// Compile rule files given as strings; panics with every diagnostic.
pub(crate) fn screener(files: &[(&str, &str)]) -> Screener {
    let rules = match RuleSet::from_sources(files.iter().copied()) {
        Ok(r) => r,
        Err(e) => {
            let all: Vec<String> =
                e.diagnostics().iter().map(ToString::to_string).collect();
            panic!("rules failed to load:\n{}", all.join("\n"));
        }
    };
    Screener::new(&rules).expect("compiles")
}

/// `(list, id, status)` of every entry hit, in order.
pub(crate) fn hits(findings: &[Finding]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .flat_map(|f| {
            f.entries
                .iter()
                .map(|e| (e.list.clone(), e.id.clone(), e.status.to_string()))
        })
        .collect()
}

/// A rule file of one list with the given entries (TOML text).
pub(crate) fn list_file(list: &str, entries: &str) -> String {
    format!(
        "schema = 1\n[list]\nid = \"{list}\"\nname = \"Test {list}\"\nedition = \"T1\"\n\n{entries}"
    )
}
