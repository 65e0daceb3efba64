//! Scoring rules of `eval`, and the accuracy floors on the labelled sets.

use crate::util::builtin;
use dualscan::eval::{self, Case};

fn cases(jsonl: &str) -> Vec<Case> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("case parses"))
        .collect()
}

#[test]
fn a_prediction_on_a_neutral_entry_is_neither_hit_nor_false_alarm() {
    let with = cases(
        r#"{"id":"n","text":"Offer: 1 x cold flow forming machine","expect":[],"neutral":[{"list":"MTCR","id":"3.B.3"}]}"#,
    );
    let r = eval::evaluate(builtin(), &with, Some("MTCR"));
    assert_eq!(r.overall.false_positives, 0, "{r:?}");
    assert_eq!(r.overall.true_positives, 0, "{r:?}");
    // The same case without the neutral label is a false alarm.
    let without = cases(
        r#"{"id":"n","text":"Offer: 1 x cold flow forming machine","expect":[]}"#,
    );
    let r = eval::evaluate(builtin(), &without, Some("MTCR"));
    assert_eq!(r.overall.false_positives, 1, "{r:?}");
    assert_eq!((r.negatives, r.clean_negatives), (1, 0));
}

#[test]
fn a_heading_and_its_sub_item_match_either_way() {
    // Expecting a sub-item that the rules report under its heading, or
    // the reverse, is a hit; a sibling id is not.
    let c = cases(
        r#"{"id":"s","text":"Offer: 1 x cold flow forming machine","expect":[{"list":"MTCR","id":"3.B.3.a"}],"kind":"goods"}
{"id":"t","text":"Offer: 1 x cold flow forming machine","expect":[{"list":"MTCR","id":"3.B"}],"kind":"goods"}
{"id":"u","text":"Offer: 1 x cold flow forming machine","expect":[{"list":"MTCR","id":"3.B.30"}],"kind":"goods"}"#,
    );
    let r = eval::evaluate(builtin(), &c, Some("MTCR"));
    assert_eq!(r.overall.true_positives, 2, "{r:?}");
    assert_eq!(r.overall.false_negatives, 1, "{r:?}");
    assert_eq!(r.kinds["goods"].true_positives, 2);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].id, "u");
}

#[test]
fn end_use_labels_and_unknown_fields_are_accepted() {
    let c = cases(
        r#"{"id":"e","text":"supplier to a ballistic missile programme","expect":[],"end_use":[{"category":"missile"}],"basis":"x","note":"y","lang":"en"}"#,
    );
    assert_eq!(c[0].end_use[0].category, "missile");
}

/// Evaluate a labelled set with the built-in rules and hold it to a floor.
/// A ratchet: when a change lifts the figures, raise the floor with it.
/// `lists`: the lists the set was labelled for (predictions in other
/// lists are outside its scope).
fn holds_floor(path: &str, lists: &str, precision: f64, recall: f64) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).expect("cases readable");
    let r = eval::evaluate(builtin(), &cases(&text), Some(lists));
    let (p, rc) = (r.overall.precision(), r.overall.recall());
    assert!(
        p >= precision && rc >= recall,
        "{path}: precision {p:.3} (floor {precision}), recall {rc:.3} \
         (floor {recall}); run `dualscan eval {path}` for the cases"
    );
}

/// The lists `tests/eval/cases.jsonl` and `tests/field/cases.jsonl` were
/// labelled for.
const FIVE: &str = "MTCR,NSG-1,NSG-2,WA-DU,WA-ML";

#[test]
fn the_project_eval_set_holds_its_floor() {
    holds_floor("tests/eval/cases.jsonl", FIVE, 0.97, 0.99);
}

#[test]
fn the_field_set_holds_its_floor() {
    // tests/field/: written blind to the rules. Measured 0.433 / 0.627
    // when the set was frozen; 0.505 / 0.609 with roles and red flags
    // (issue 14: precision up, recall down 0.018, see the README).
    holds_floor("tests/field/cases.jsonl", FIVE, 0.50, 0.60);
}

#[test]
fn the_ag_cwc_field_set_holds_its_floor() {
    // tests/field/ag-cwc.jsonl: written blind before the AG and CWC rules;
    // 0.500 / 0.060 without them, 0.721 / 0.657 with the first four files,
    // 0.716 / 0.716 with the equipment entries.
    holds_floor(
        "tests/field/ag-cwc.jsonl",
        "AG,CWC,MTCR,NSG-1,NSG-2,WA-DU,WA-ML",
        0.71,
        0.71,
    );
}

#[test]
fn the_field_set_is_whole() {
    // What issue 12 asks of the set: size, a basis for every case, the four
    // kinds, unique ids, a fifth of it not English.
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/field/cases.jsonl");
    let text = std::fs::read_to_string(file).expect("field set");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(rows.len() >= 400, "{} cases", rows.len());
    let mut ids = std::collections::BTreeSet::new();
    let mut other_lang = 0;
    for r in &rows {
        let id = r["id"].as_str().expect("id");
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        assert!(
            r["basis"].as_str().is_some_and(|b| !b.trim().is_empty()),
            "{id}: no basis"
        );
        assert!(
            matches!(
                r["kind"].as_str(),
                Some("goods" | "parameter" | "end-use" | "benign")
            ),
            "{id}: kind"
        );
        other_lang += usize::from(r["lang"].as_str() != Some("en"));
    }
    assert!(other_lang * 5 >= rows.len(), "{other_lang} non-English");
}
