//! Rule files: the built-in set is valid and its examples pass; every kind
//! of error is reported with file:line:col and help.

use crate::util::list_file;
use dualscan::{RuleSet, Screener, eval};

#[test]
fn builtin_rules_load_without_errors() {
    let r = RuleSet::builtin();
    assert!(r.entries().len() >= 3);
    for l in ["MTCR", "NSG-2", "WA-DU"] {
        assert!(r.lists().iter().any(|x| x.id == l), "{l} missing");
    }
}

#[test]
fn builtin_rules_have_no_warnings() {
    // `rules check --deny-warnings` must pass on what we ship, so a lint a
    // rule edit introduces fails CI.
    let r = RuleSet::builtin();
    let w: Vec<String> =
        r.warnings().iter().map(ToString::to_string).collect();
    assert!(w.is_empty(), "{} warnings:\n{}", w.len(), w.join("\n\n"));
}

#[test]
fn every_builtin_example_passes() {
    let r = RuleSet::builtin();
    let s = Screener::new(&r).expect("compiles");
    let failed: Vec<String> = eval::run_examples(&r, &s)
        .into_iter()
        .filter(|o| !o.passed())
        .map(|o| {
            format!(
                "{} {} expected {} got {}: {:?}",
                o.entry, o.location, o.expected, o.got, o.text
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} failing examples:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn every_file_in_rules_is_built_in() {
    let mut on_disk: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .expect("rules/ exists")
            .map(|e| {
                e.expect("entry").file_name().to_string_lossy().into_owned()
            })
            .filter(|n| n.ends_with(".toml"))
            .collect();
    on_disk.sort();
    let mut built: Vec<String> =
        RuleSet::builtin_files().map(str::to_owned).collect();
    built.sort();
    assert_eq!(on_disk, built, "add new rule files to src/rules/builtin.rs");
}

fn diags(files: &[(&str, &str)]) -> Vec<String> {
    match RuleSet::from_sources(files.iter().copied()) {
        Ok(r) => r.warnings().iter().map(ToString::to_string).collect(),
        Err(e) => e.diagnostics().iter().map(ToString::to_string).collect(),
    }
}

fn one_entry(body: &str) -> String {
    list_file("T", &format!("[[entry]]\nid = \"1\"\ntitle = \"x\"\n{body}"))
}

#[test]
fn misspelt_field_is_an_error_at_its_key() {
    let d = diags(&[("t.toml", &one_entry("trems = [\"gadget\"]\n"))]);
    assert!(d[0].starts_with("error[E002]: unknown field `trems`"), "{d:?}");
    assert!(d[0].contains("--> t.toml:10:1"), "{}", d[0]);
    assert!(d[0].contains("did you mean `terms`?"), "{}", d[0]);
}

#[test]
fn bad_toml_is_a_syntax_error_with_position() {
    let d = diags(&[("t.toml", "schema = 1\n[list\nid = \"x\"\n")]);
    assert!(d[0].starts_with("error[E001]"), "{d:?}");
    assert!(d[0].contains("--> t.toml:2:"), "{}", d[0]);
}

#[test]
fn missing_field_is_reported() {
    let f = list_file("T", "[[entry]]\nid = \"1\"\nterms = [\"gadget\"]\n");
    let d = diags(&[("t.toml", &f)]);
    assert!(d[0].contains("missing field `title`"), "{d:?}");
    assert!(d[0].contains("t.toml:"), "{d:?}");
}

#[test]
fn duplicate_id_points_at_both_declarations() {
    let a = list_file(
        "T",
        "[[entry]]\nid = \"1\"\ntitle = \"a\"\nterms = [\"gadget\"]\n",
    );
    let b = list_file(
        "T",
        "[[entry]]\nid = \"1\"\ntitle = \"b\"\nterms = [\"widget\"]\n",
    );
    let d = diags(&[("a.toml", &a), ("b.toml", &b)]);
    let e = d.iter().find(|x| x.contains("E003")).expect("E003");
    assert!(e.contains("--> b.toml:8:6"), "{e}");
    assert!(e.contains("first declared here (a.toml:8:6)"), "{e}");
}

#[test]
fn empty_term_dangling_also_and_unknown_unit_are_errors() {
    let body = "terms = [\"gadget\", \" - \"]\nalso = [\"T:9\"]\n\
                [[entry.parameter]]\nname = \"force\"\nunit = \"kiloponds\"\nabove = 1\n";
    let d = diags(&[("t.toml", &one_entry(body))]).join("\n");
    assert!(d.contains("error[E004]: empty term"), "{d}");
    assert!(
        d.contains("error[E005]: cross-reference T:9 points at no entry"),
        "{d}"
    );
    assert!(d.contains("error[E006]: unknown unit \"kiloponds\""), "{d}");
    assert!(d.contains("t.toml:10:20"), "{d}");
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let d = diags(&[
        ("a.toml", "schema = 1\n[list\n"),
        ("b.toml", &one_entry("terms = [\"gadget\"]\nalso = [\"nope\"]\n")),
    ]);
    assert!(d.iter().any(|x| x.contains("a.toml:2")), "{d:?}");
    assert!(
        d.iter().any(|x| x.contains("E010") && x.contains("b.toml")),
        "{d:?}"
    );
}

#[test]
fn threshold_problems_are_errors() {
    let d = diags(&[(
        "t.toml",
        &one_entry(
            "terms = [\"gadget\"]\n[[entry.parameter]]\nname = \"f\"\nunit = \"kN\"\n",
        ),
    )]);
    assert!(d[0].contains("E007") && d[0].contains("no threshold"), "{d:?}");
}

#[test]
fn weak_terms_without_near_are_an_error() {
    let d = diags(&[("t.toml", &one_entry("weak_terms = [\"pump\"]\n"))])
        .join("\n");
    assert!(d.contains("E009"), "{d}");
}

#[test]
fn lints_warn_with_stable_codes() {
    let a = list_file(
        "T",
        "[[entry]]\nid = \"1\"\ntitle = \"a\"\nterms = [\"gadget\", \"IMU\", \"7789-20-1\", \"旋压\"]\n\
         [[entry]]\nid = \"2\"\ntitle = \"b\"\nterms = [\"gadget\"]\n\
         [[entry.example]]\ntext = \"gadget\"\nexpect = \"flagged\"\n",
    );
    let d = diags(&[("t.toml", &a)]).join("\n");
    for code in ["W001", "W002", "W003", "W004", "W005"] {
        assert!(
            d.contains(&format!("warning[{code}]")),
            "{code} missing in\n{d}"
        );
    }
    // A cross-reference into a list that is not loaded is not checked.
    let b = one_entry("terms = [\"gadget\"]\nalso = [\"MTCR:3.B.3\"]\n");
    assert!(diags(&[("t.toml", &b)]).join("\n").contains("W006"));
}

#[test]
fn oversized_terms_are_refused() {
    let long = "x".repeat(dualscan::MAX_TERM_BYTES + 1);
    let d = diags(&[(
        "t.toml",
        &one_entry(&format!("terms = [\"gadget\", \"{long}\"]\n")),
    )])
    .join("\n");
    assert!(d.contains("E012"), "{d}");
}

#[test]
fn deep_or_huge_toml_is_rejected_cleanly() {
    let deep =
        format!("schema = 1\nx = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let d = diags(&[("deep.toml", &deep)]);
    assert!(d[0].starts_with("error[E00"), "{d:?}");
    let huge = "#".repeat(dualscan::MAX_FILE_BYTES + 1);
    let d = diags(&[("huge.toml", &huge)]);
    assert!(d[0].contains("E012"), "{d:?}");
}

#[test]
fn cross_reference_cycles_are_fine() {
    let a = list_file(
        "T",
        "[[entry]]\nid = \"1\"\ntitle = \"a\"\nterms = [\"gadget\"]\nalso = [\"T:2\"]\n\
         [[entry]]\nid = \"2\"\ntitle = \"b\"\nterms = [\"widget\"]\nalso = [\"T:1\"]\n",
    );
    assert!(RuleSet::from_sources([("t.toml", a)]).is_ok());
}
