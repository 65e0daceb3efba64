//! Shared helpers and the `flagged!` / `not_flagged!` macros.

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

/// Assert that scanning `$text` with the built-in rules gives entry
/// `$list:$id` the status `$status`, printing what was found otherwise.
macro_rules! status_is {
    ($text:expr, $list:expr, $id:expr, $status:expr) => {{
        let text: &str = $text;
        let found = crate::util::builtin().scan(text);
        let h = crate::util::hits(&found);
        let got: Vec<&String> = h
            .iter()
            .filter(|(l, i, _)| l == $list && i == $id)
            .map(|(_, _, s)| s)
            .collect();
        assert!(
            got.iter().any(|s| *s == $status),
            "expected {}:{} {} on {:?}; found {:?}",
            $list,
            $id,
            $status,
            text,
            h
        );
    }};
}

/// Assert that the built-in rules find nothing at all in `$text`.
macro_rules! nothing_in {
    ($text:expr) => {{
        let text: &str = $text;
        let found = crate::util::builtin().scan(text);
        assert!(
            found.is_empty(),
            "expected nothing in {:?}; found {:?}",
            text,
            crate::util::hits(&found)
        );
    }};
}

/// A rule file of one list with the given entries (TOML text).
pub(crate) fn list_file(list: &str, entries: &str) -> String {
    format!(
        "schema = 1\n[list]\nid = \"{list}\"\nname = \"Test {list}\"\nedition = \"T1\"\n\n{entries}"
    )
}
