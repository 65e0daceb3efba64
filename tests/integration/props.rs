//! Property tests: spans, the naive oracle, determinism, JSON.

use crate::util::{list_file, screener};
use dualscan::{Screener, normalize};
use proptest::prelude::*;
use std::sync::OnceLock;

const TERMS: [&str; 4] =
    ["flow forming machine", "gas centrifuge", "maraging steel", "強力旋压機"];

fn rules() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| {
        let mut body = String::new();
        for (i, t) in TERMS.iter().enumerate() {
            body.push_str(&format!(
                "[[entry]]\nid = \"{i}\"\ntitle = \"t\"\nterms = [\"{t}\"]\n"
            ));
        }
        screener(&[("p.toml", &list_file("P", &body))])
    })
}

/// Fragments that build texts full of near-misses.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("flow".to_owned()),
        Just("Forming".to_owned()),
        Just("MACHINE".to_owned()),
        Just("machines".to_owned()),
        Just("gas".to_owned()),
        Just("Centrifuge".to_owned()),
        Just("maraging".to_owned()),
        Just("steel".to_owned()),
        Just("強力".to_owned()),
        Just("旋压機".to_owned()),
        Just(" ".to_owned()),
        Just("-".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{AD}".to_owned()),
        Just("É".to_owned()),
        Just("x".to_owned()),
        Just(".".to_owned()),
        Just("İ".to_owned()),
        "[a-zA-Z0-9 ]{0,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

/// Naive oracle: occurrences of ` term ` in the normalised text, where the
/// text is normalised word by word (no offsets), plural `s` allowed.
fn naive_count(text: &str, term: &str) -> usize {
    let n = normalize(text);
    let cjk = term.chars().next().is_some_and(|c| !c.is_ascii());
    if cjk {
        return n.matches(term).count();
    }
    // CJK characters carry no word boundaries.
    let cjk_char = |c: char| ('\u{2E80}'..='\u{9FFF}').contains(&c);
    let word = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphanumeric() && !cjk_char(c))
    };
    let mut count = 0;
    let mut from = 0;
    while let Some(i) = n[from..].find(term) {
        let s = from + i;
        let e = s + term.len();
        let before = n[..s].chars().next_back();
        let rest = &n[e..];
        let end_ok = !word(rest.chars().next())
            || (rest.starts_with('s') && !word(rest[1..].chars().next()))
            || (rest.starts_with("es") && !word(rest[2..].chars().next()));
        if !word(before) && end_ok {
            count += 1;
        }
        from = s + 1;
    }
    count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_are_exact_and_agree_with_the_naive_oracle(t in text()) {
        let found = rules().scan(&t);
        for f in &found {
            prop_assert!(f.end <= t.len() && f.start < f.end);
            prop_assert!(t.is_char_boundary(f.start) && t.is_char_boundary(f.end));
            for e in &f.entries {
                let n = normalize(&t[e.start..e.end]);
                let term = normalize(&e.term);
                prop_assert!(n == term || n == format!("{term}s") || n == format!("{term}es"),
                    "{:?} does not normalise to {:?}", &t[e.start..e.end], term);
            }
        }
        for (i, term) in TERMS.iter().enumerate() {
            let id = i.to_string();
            let got = found.iter().filter(|f| f.entries.iter().any(|e| e.id == id)).count();
            prop_assert_eq!(got, naive_count(&t, &normalize(term)), "term {:?} in {:?}", term, t);
        }
    }

    #[test]
    fn output_is_deterministic_sorted_and_serialises(t in text()) {
        let a = rules().scan(&t);
        prop_assert_eq!(&a, &rules().scan(&t));
        prop_assert!(a.windows(2).all(|w| w[0].end <= w[1].start));
        let json = serde_json::to_string(&a).expect("serialises");
        let _: serde_json::Value = serde_json::from_str(&json).expect("parses");
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..300)) {
        for f in crate::util::builtin().scan_bytes(&b) {
            prop_assert!(f.end <= b.len());
        }
    }
}

/// Byte fragments for long documents: terms, context, values, line breaks,
/// multi-byte and invalid UTF-8.
fn doc_fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"CNC flow forming machine ".to_vec()),
        Just(b"with 3 rollers and 40 kN roller force. ".to_vec()),
        Just(b"80 kN roller force ".to_vec()),
        Just("Drückwalzmaschine ".as_bytes().to_vec()),
        Just(b"flow-\nforming machines, ".to_vec()),
        Just(b"flow former near a mandrel ".to_vec()),
        Just(b"cash flow forming ".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xFF\xFE ".to_vec()),
        Just("強力旋压機 ".as_bytes().to_vec()),
        "[a-z]{1,8} ".prop_map(String::into_bytes),
        "[a-z ]{20,80}".prop_map(String::into_bytes),
    ]
}

fn document() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(doc_fragment(), 50..400).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Streaming in chunks of any size gives exactly the findings of a
    /// whole-text scan: spans, entries, evidence, lines, columns and ids.
    #[test]
    fn scanning_in_chunks_equals_scanning_whole(doc in document(), chunk in 1usize..5000) {
        let s = crate::util::builtin();
        let whole = s.scan_bytes(&doc);
        let mut got = Vec::new();
        let sum = s
            .scan_reader_chunked(&doc[..], chunk, |f, line| {
                assert!(line.start <= f.start);
                got.push(f);
            })
            .expect("reads");
        prop_assert_eq!(sum.bytes, doc.len() as u64);
        prop_assert_eq!(got.len(), whole.len());
        prop_assert_eq!(got, whole);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A large input split at line breaks and scanned on threads gives
    /// exactly the findings of one whole scan.
    #[test]
    fn scanning_in_parallel_equals_scanning_whole(doc in document(), reps in 1usize..6, threads in 1usize..9) {
        let s = crate::util::builtin();
        let big = doc.repeat(reps);
        let whole = s.scan_bytes(&big);
        let par = s.scan_bytes_parallel(&big, threads);
        prop_assert_eq!(par.len(), whole.len());
        prop_assert_eq!(par, whole);
    }
}

/// An input larger than the pieces the parallel scan hands out (8 MiB),
/// so threads take several pieces each and a default screener moves to
/// its DFAs on the way: still exactly the findings of one whole scan.
#[test]
fn many_pieces_on_few_threads_equal_scanning_whole() {
    let s = dualscan::Screener::new(&dualscan::RuleSet::builtin())
        .expect("builds");
    let filler = "The manual describes the configuration of the web server \
                  and its modules in some detail.\n"
        .repeat(100);
    let para = format!(
        "{filler}Quotation: one CNC cold flow forming machine, 3 rollers, \
         80 kN roller force. Drückwalzmaschine.\n\n"
    );
    let mut big = para.repeat((20 << 20) / para.len()).into_bytes();
    // And one byte that is not UTF-8.
    big.extend_from_slice(b"maraging steel rotor tube \xFF\n");
    let whole = s.scan_bytes(&big);
    assert!(whole.len() > 2_000, "{}", whole.len());
    for threads in [2, 3] {
        let par = s.scan_bytes_parallel(&big, threads);
        assert_eq!(par.len(), whole.len(), "{threads} threads");
        assert!(par == whole, "{threads} threads: findings differ");
    }
}

/// Everyday words, a few of which share words with controlled items.
const BENIGN: [&str; 40] = [
    "the",
    "shipment",
    "of",
    "kitchen",
    "steel",
    "pans",
    "arrived",
    "late",
    "order",
    "2",
    "units",
    "office",
    "chairs",
    "tube",
    "flow",
    "control",
    "machine",
    "for",
    "bakery",
    "invoice",
    "no",
    "spare",
    "parts",
    "valve",
    "garden",
    "hose",
    "pump",
    "bicycle",
    "frame",
    "carbon",
    "golf",
    "club",
    "Lieferung",
    "von",
    "Rohren",
    "и",
    "поставка",
    "труб",
    "厨房",
    "用品",
];

const SUFFIXES: [&str; 3] =
    [" for use in a ballistic missile", " für Raketen", " 用于导弹"];

fn flagged_goods(s: &Screener, text: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = s
        .scan(text)
        .iter()
        .flat_map(|f| &f.entries)
        .filter(|e| e.status == dualscan::Status::Flagged)
        .map(|e| (e.list.clone(), e.id.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Issue 14: naming a missile end use after an everyday sentence
    /// never adds flagged goods, and always raises a missile red flag.
    #[test]
    fn a_missile_end_use_adds_a_red_flag_and_no_goods(
        words in proptest::collection::vec(proptest::sample::select(&BENIGN[..]), 1..14),
        suffix in proptest::sample::select(&SUFFIXES[..]),
    ) {
        let s = crate::util::builtin();
        let text = words.join(" ");
        let before = flagged_goods(s, &text);
        let with = format!("{text}{suffix}");
        let after = flagged_goods(s, &with);
        prop_assert!(
            after.iter().all(|g| before.contains(g)),
            "{with:?}: {after:?} vs {before:?}"
        );
        let flags: Vec<dualscan::Category> = s
            .scan(&with)
            .iter()
            .filter_map(|f| f.red_flag.as_ref())
            .map(|r| r.category)
            .collect();
        prop_assert!(
            flags.contains(&dualscan::Category::Missile),
            "{with:?}: red flags {flags:?}"
        );
    }
}
