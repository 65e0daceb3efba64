//! The library API: findings, spans, serialisation, restriction.

use crate::util::{builtin, hits};
use dualscan::{Finding, RuleSet, Screener, Status};

/// The motivating case, in words of our own: one finding, three regimes,
/// and the missile plant it goes to as a red flag.
#[test]
fn cold_flow_forming_machine_is_one_finding_in_three_regimes() {
    let text = "Minutes: the vendor offered its model 3GFF-700 cold flow forming machine \
                to the missile plant; the buyer asked for delivery in May.";
    let found = builtin().scan(text);
    let (flags, goods): (Vec<&Finding>, Vec<&Finding>) =
        found.iter().partition(|f| f.is_red_flag());
    assert_eq!(goods.len(), 1, "{:?}", hits(&found));
    let flag = flags.first().and_then(|f| f.red_flag.as_ref());
    let flag = flag.expect("the missile plant is a red flag");
    assert_eq!(flag.category, dualscan::Category::Missile);
    assert_eq!(flag.mention.text, "missile");
    assert_eq!(flag.cue.as_ref().map(|c| c.text.as_str()), Some("plant"));
    assert_eq!(flag.near_findings, [goods[0].id.clone()]);
    let f = goods[0];
    assert_eq!(&text[f.start..f.end], "cold flow forming machine");
    assert_eq!(f.text, "cold flow forming machine");
    let got: Vec<(&str, &str, Option<&str>)> = f
        .entries
        .iter()
        .map(|e| (e.list.as_str(), e.id.as_str(), e.eu.as_deref()))
        .collect();
    for want in [
        ("MTCR", "3.B.3", Some("2B109")),
        ("NSG-2", "1.B.1", Some("2B209")),
        ("WA-DU", "2.B.9", Some("2B009")),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    assert!(f.entries.iter().all(|e| e.status == Status::Flagged));
    assert!(f.entries.iter().all(|e| !e.edition.is_empty()));
}

#[test]
fn findings_are_sorted_and_deterministic() {
    let text = "flow forming machine; later a spin forming machine and a Drückwalzmaschine";
    let a = builtin().scan(text);
    let b = builtin().scan(text);
    assert_eq!(a, b);
    assert!(a.windows(2).all(|w| w[0].start <= w[1].start));
    assert_eq!(a.len(), 3);
    let ids: Vec<&String> = a.iter().map(|f| &f.id).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0] != ids[1]);
}

#[test]
fn scan_bytes_and_reader_agree_with_scan() {
    let text = "Please quote a CNC cold flow forming machine with 4 rollers.";
    let a = builtin().scan(text);
    let b = builtin().scan_bytes(text.as_bytes());
    let c = builtin().scan_reader(text.as_bytes()).expect("reads");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn findings_serialise_to_the_contract_shape() {
    let f: Vec<Finding> =
        builtin().scan("CNC flow forming machine, 80 kN roller force");
    let v = serde_json::to_value(&f).expect("serialises");
    let e = &v[0]["entries"][2];
    assert_eq!(e["list"], "WA-DU");
    assert_eq!(e["status"], "flagged");
    assert_eq!(e["confidence"], "high");
    let ev = e["evidence"].as_array().expect("evidence");
    assert!(ev.iter().any(|x| x["kind"] == "near" && x["text"] == "CNC"));
    assert!(ev.iter().any(|x| x["kind"] == "parameter"
        && x["value"] == 80.0
        && x["meets"] == true));
    for k in ["id", "start", "end", "line", "column", "text", "entries"] {
        assert!(v[0].get(k).is_some(), "missing {k}");
    }
}

#[test]
fn restrict_keeps_only_the_named_lists() {
    let rules = RuleSet::builtin().restrict(&["MTCR"]);
    assert!(rules.lists().iter().all(|l| l.id == "MTCR"));
    let s = Screener::new(&rules).expect("compiles");
    let f = s.scan("cold flow forming machine");
    assert!(f[0].entries.iter().all(|e| e.list == "MTCR"));
}
