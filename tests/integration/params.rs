//! Technical parameters decide flagged vs below-threshold (issue 3).

use crate::util::{list_file, screener};
use dualscan::{Evidence, Status};
use proptest::prelude::*;

#[test]
fn eighty_kn_flags_with_high_confidence_and_the_value_as_evidence() {
    let t = "CNC flow forming machine with 3 rollers and 80 kN roller force";
    let f = crate::util::builtin().scan(t);
    let wa =
        f[0].entries.iter().find(|e| e.list == "WA-DU").expect("WA-DU hit");
    assert_eq!(wa.status, Status::Flagged);
    assert_eq!(wa.confidence, dualscan::Confidence::High);
    assert!(wa.evidence.iter().any(|e| matches!(e,
        Evidence::Parameter { name, value, meets: true, text, .. }
            if name == "roller force" && *value == 80.0 && text == "80 kN")));
}

#[test]
fn eight_tonnes_of_roller_force_converts_to_about_78_kn() {
    let t = "CNC flow forming machine with 3 rollers and 8 t roller force";
    let f = crate::util::builtin().scan(t);
    let wa =
        f[0].entries.iter().find(|e| e.list == "WA-DU").expect("WA-DU hit");
    assert_eq!(wa.status, Status::Flagged);
    let v = wa
        .evidence
        .iter()
        .find_map(|e| match e {
            Evidence::Parameter { value, .. } => Some(*value),
            _ => None,
        })
        .expect("a parameter");
    assert!((v - 78.45).abs() < 0.01, "{v}");
}

fn gadget(param: &str) -> dualscan::Screener {
    let f = list_file(
        "T",
        &format!(
            r#"
[[entry]]
id = "1"
title = "Gadget"
terms = ["gadget"]
{param}
"#
        ),
    );
    screener(&[("t.toml", &f)])
}

fn status(s: &dualscan::Screener, text: &str) -> Option<Status> {
    s.scan(text).first().and_then(|f| f.entries.first()).map(|e| e.status)
}

proptest! {
    /// A value written in any unit of a quantity and converted back compares
    /// the same way against the threshold.
    #[test]
    fn conversion_preserves_the_comparison(v in 1.0f64..1000.0, unit in 0usize..5) {
        let (name, factor) = [("kN", 1.0), ("N", 1000.0), ("MN", 0.001), ("kgf", 1000.0 / 9.80665), ("tf", 1.0 / 9.80665)][unit];
        let s = gadget("[[entry.parameter]]\nname = \"force\"\nunit = \"kN\"\nabove = 60\n");
        let stated = v * factor;
        // Skip values that print to the threshold itself after rounding.
        prop_assume!((v - 60.0).abs() > 1e-3);
        let text = format!("gadget, force {stated:.9} {name}");
        let want = if v > 60.0 { Status::Flagged } else { Status::BelowThreshold };
        prop_assert_eq!(status(&s, &text), Some(want), "{}", text);
    }
}
