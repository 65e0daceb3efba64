//! Technical parameters decide flagged vs below-threshold (issue 3).

use crate::util::{list_file, screener};
use dualscan::{Evidence, Status};
use proptest::prelude::*;

#[test]
fn forty_kn_is_below_the_wassenaar_threshold_but_nsg_flags() {
    let t = "CNC flow forming machine with 3 rollers and 40 kN roller force";
    status_is!(t, "WA-DU", "2.B.9", "below-threshold");
    status_is!(t, "NSG-2", "1.B.1", "flagged");
}

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

#[test]
fn decimal_comma_ranges_thousands_and_tolerances() {
    let s = gadget(
        "[[entry.parameter]]\nname = \"accuracy\"\nunit = \"mm\"\nbelow = 1.6\n",
    );
    assert_eq!(status(&s, "gadget, accuracy 1,5 mm"), Some(Status::Flagged));
    assert_eq!(
        status(&s, "gadget, accuracy 1,7 mm"),
        Some(Status::BelowThreshold)
    );
    assert_eq!(
        status(&s, "gadget, accuracy 1.2-2.0 mm"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget, accuracy 0.17 cm"),
        Some(Status::BelowThreshold)
    );
    assert_eq!(status(&s, "gadget, accuracy 1500 µm"), Some(Status::Flagged));
    let s = gadget(
        "[[entry.parameter]]\nname = \"tensile strength\"\nunit = \"MPa\"\nat_least = 1950\n",
    );
    assert_eq!(
        status(&s, "gadget with tensile strength 2,050 MPa"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget with tensile strength 1,800 MPa"),
        Some(Status::BelowThreshold)
    );
    assert_eq!(
        status(&s, "gadget with tensile strength 2.1 GPa"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget with tensile strength up to 1900 ± 100 MPa"),
        Some(Status::Flagged)
    );
}

#[test]
fn ranges_whose_ends_carry_their_own_units() {
    let s = gadget(
        "[[entry.parameter]]\nname = \"frequency\"\nunit = \"GHz\"\nabove = 90\n",
    );
    assert_eq!(
        status(&s, "gadget, frequency 10 MHz to 125 GHz"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget, frequency 10 MHz - 80 GHz"),
        Some(Status::BelowThreshold)
    );
}

#[test]
fn the_first_dimension_of_a_product_takes_the_unit() {
    // A rule author found "7.62 x 51 mm" read as 51 mm (issue 7).
    let s = gadget(
        "[[entry.parameter]]\nname = \"calibre\"\nunit = \"mm\"\nat_most = 12.7\n",
    );
    assert_eq!(
        status(&s, "gadget, calibre 7.62 x 51 mm"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget, calibre 30 x 173 mm"),
        Some(Status::BelowThreshold)
    );
}

#[test]
fn a_bare_range_after_a_counted_noun_is_not_a_count() {
    // A rule author found "1 axis, 0-1000 deg/s" read as 1000 axes.
    let s = gadget(
        "[[entry.parameter]]\nname = \"axes\"\naliases = [\"axis\"]\nunit = \"count\"\nat_least = 2\n",
    );
    assert_eq!(
        status(&s, "gadget, 1 axis, 0-1000 deg/s"),
        Some(Status::BelowThreshold)
    );
}

#[test]
fn number_words_and_counts() {
    let s = gadget(
        "[[entry.parameter]]\nname = \"axes\"\naliases = [\"axis\"]\nunit = \"count\"\nat_least = 3\n",
    );
    assert_eq!(status(&s, "gadget, five axes"), Some(Status::Flagged));
    assert_eq!(status(&s, "5-axis gadget"), Some(Status::Flagged));
    assert_eq!(status(&s, "gadget, two axes"), Some(Status::BelowThreshold));
    assert_eq!(status(&s, "gadget; axes: 2"), Some(Status::BelowThreshold));
    assert_eq!(
        status(&s, "gadget with 2 simultaneously controlled axes"),
        Some(Status::BelowThreshold)
    );
    assert_eq!(status(&s, "gadget, 40 kN axis load"), Some(Status::Flagged));
}

#[test]
fn untied_values_never_make_an_entry_below_threshold() {
    let s = gadget(
        "[[entry.parameter]]\nname = \"roller force\"\nunit = \"kN\"\nabove = 60\n",
    );
    // A weight in tonnes is not a roller force: flagged stays flagged.
    assert_eq!(
        status(&s, "gadget, shipping weight 2 t"),
        Some(Status::Flagged)
    );
    assert_eq!(
        status(&s, "gadget, roller force 2 t"),
        Some(Status::BelowThreshold)
    );
}

#[test]
fn every_unit_of_every_quantity_converts() {
    let cases = [
        (
            "kN",
            "above = 1",
            [
                "1.5 kN",
                "1500 N",
                "0.0015 MN",
                "153 kgf",
                "0.153 tf",
                "338 lbf",
            ],
        ),
        (
            "mm",
            "above = 1",
            [
                "1.5 mm",
                "1500000 nm",
                "1500 µm",
                "0.15 cm",
                "0.0015 m",
                "0.06 in",
            ],
        ),
        (
            "MPa",
            "above = 1",
            [
                "1.5 MPa",
                "1500000 Pa",
                "1500 kPa",
                "0.0015 GPa",
                "15 bar",
                "218 psi",
            ],
        ),
        (
            "C",
            "above = 100",
            ["101 °C", "374.15 K", "214 °F", "101 C", "101 ℃", "101 degC"],
        ),
        (
            "Hz",
            "above = 1000",
            [
                "1500 Hz",
                "1.5 kHz",
                "0.0015 MHz",
                "0.0000015 GHz",
                "1500 hz",
                "1,5 kHz",
            ],
        ),
        (
            "kg",
            "above = 1",
            ["1.5 kg", "1500 g", "0.0015 t", "3.4 lb", "1500000 mg", "1,5 kg"],
        ),
        (
            "W",
            "above = 1000",
            [
                "1500 W",
                "1.5 kW",
                "1500 VA",
                "0.0015 MW",
                "1500000 mW",
                "1.5 kVA",
            ],
        ),
        (
            "rpm",
            "above = 1000",
            [
                "1500 rpm",
                "1500 RPM",
                "1500 r/min",
                "1500 rev/min",
                "1500 U/min",
                "1,500 rpm",
            ],
        ),
        (
            "deg/h",
            "above = 1",
            [
                "1.5 deg/h",
                "1.5 °/h",
                "0.001 deg/s",
                "1.5 deg/hr",
                "1.5 °/hr",
                "1,5 deg/h",
            ],
        ),
        (
            "torr",
            "above = 1",
            [
                "1.5 torr", "200 Pa", "2 mbar", "0.2 kPa", "1.5 Torr",
                "0.03 psi",
            ],
        ),
    ];
    for (unit, bound, texts) in cases {
        let s = gadget(&format!(
            "[[entry.parameter]]\nname = \"rating\"\nunit = \"{unit}\"\n{bound}\n"
        ));
        for t in texts {
            let text = format!("gadget, rating {t}");
            assert_eq!(
                status(&s, &text),
                Some(Status::Flagged),
                "{text} ({unit} {bound})"
            );
        }
    }
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
