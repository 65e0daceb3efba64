//! Checks across files, run once every file is loaded: an `also`
//! cross-reference must name an entry that exists when its list is loaded.

use super::{Diagnostic, RuleSet};

/// `also` must point at an entry that exists, when its list is loaded.
pub(super) fn cross_references(rs: &RuleSet, diags: &mut Vec<Diagnostic>) {
    let mut by_ref: std::collections::HashSet<(&str, &str)> =
        std::collections::HashSet::new();
    for e in &rs.entries {
        by_ref.insert((rs.lists[e.list].id.as_str(), e.id.as_str()));
    }
    for e in &rs.entries {
        for (r, o) in e.also.iter().zip(&e.also_origins) {
            let f = &rs.files[o.file];
            if !rs.lists.iter().any(|l| l.id == r.list) {
                diags.push(
                    Diagnostic::warning(
                        "W006",
                        format!("cross-reference {r} is not checked: list {} is not loaded", r.list),
                    )
                    .at(&f.name, &f.text, o.span.clone()),
                );
            } else if !by_ref.contains(&(r.list.as_str(), r.id.as_str())) {
                diags.push(
                    Diagnostic::error("E005", format!("cross-reference {r} points at no entry"))
                        .at(&f.name, &f.text, o.span.clone())
                        .help(format!("check the id against the entries of {} (`dualscan rules list --list {}`)", r.list, r.list)),
                );
            }
        }
    }
}
