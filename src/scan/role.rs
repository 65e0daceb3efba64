//! Goods or end use: the role of a term hit, read from the cue words
//! around it (`rules/cues.toml`).
//!
//! ```text
//! "Offer: 2 x flow forming machine for rocket motor cases"
//!          ^qty ^goods                ^purpose ^end use (in the scope of "for")
//! "supplier to the ballistic missile programme"
//!                  ^system term       ^modifier head: the programme, not a missile
//! "carbon fibre bicycle frame"
//!  ^material   ^a product noun: a finished product, not the material
//! ```
//!
//! Pure: the caller finds the cue words (with the same matcher as context
//! words) and passes them in, sorted by start.

use crate::compile::CueClass as Cue;
use crate::normalize::{is_cjk, is_word_char};
use crate::rules::ItemKind;

/// A cue word found in the text: original byte span and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CueHit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) cue: Cue,
}

/// The role of one term hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Judgement {
    /// The goods the text names.
    Goods,
    /// Named as purpose, programme, platform or user; `cue` is the span of
    /// the words that say so, when there are such words.
    EndUse { cue: Option<(usize, usize)> },
    /// A material named as what a finished product is made of: `product`
    /// is the span of the product noun.
    Product { product: (usize, usize) },
}

/// Longest stretch searched for the ends of a clause, either side.
const MAX_CLAUSE: usize = 1024;

/// Words looked at before a hit for a purpose trigger.
const PURPOSE_REACH: usize = 12;
/// Words looked at before a system term for a trade word.
const TRADE_REACH: usize = 30;
/// Words looked at after a material term for the word naming its form.
const FORM_REACH: usize = 3;
/// Words looked at after a system term for a stated measurement.
const SPEC_REACH: usize = 15;

/// Judge the role of the term hit at `hit` (original byte span).
pub(crate) fn judge(
    text: &str,
    hit: (usize, usize),
    kind: ItemKind,
    cues: &[CueHit],
) -> Judgement {
    let (cs, ce) = clause(text, hit);
    // The cue words of the clause before the hit (`cues` is sorted by
    // start): a slice, no allocation per hit.
    let from = cues.partition_point(|c| c.start < cs);
    let upto = cues.partition_point(|c| c.start < hit.0);
    let before = &cues[from..upto.max(from)];
    // Named as a purpose: in the scope of the nearest purpose trigger
    // before the hit. Equipment (kind goods) keeps its role: "spares for
    // the chopper" or "a reactor for fluorination of UO3" name what the
    // goods serve, and the entry covers its parts. A term that names a
    // process is never a purpose either.
    // A colon opens what follows ("Binder system for the booster: HTPB
    // …"): a purpose before it does not reach past it.
    let scope = text[cs..hit.0].rfind(':').map_or(cs, |i| cs + i + 1);
    if kind != ItemKind::Goods && !is_process(&text[hit.0..hit.1]) {
        for c in
            before.iter().rev().filter(|c| c.start >= scope && c.end <= hit.0)
        {
            match c.cue {
                Cue::Trade => break, // "… for X; sold 2 Y"
                Cue::Purpose | Cue::PurposeWeak
                    if words_between(text, c.end, hit.0) <= PURPOSE_REACH
                        && (c.cue == Cue::Purpose
                            || weak_purpose_holds(text, c, cues)) =>
                {
                    return Judgement::EndUse { cue: Some((c.start, c.end)) };
                }
                _ => {}
            }
        }
    }
    match kind {
        ItemKind::Goods | ItemKind::Component => Judgement::Goods,
        ItemKind::Material => {
            // What a finished product is made of: a product noun within a
            // few words ("carbon fibre bicycle frame").
            let product = cues.iter().find(|c| {
                c.cue == Cue::Product
                    && c.start >= hit.1
                    && c.end <= ce
                    && words_between(text, hit.1, c.start) < FORM_REACH
            });
            match product {
                Some(c) => Judgement::Product { product: (c.start, c.end) },
                None => Judgement::Goods,
            }
        }
        ItemKind::System => {
            let next = next_cue(text, hit.1, cues);
            if let Some(c) = next.filter(|c| c.cue == Cue::ModifierHead) {
                return Judgement::EndUse { cue: Some((c.start, c.end)) };
            }
            let traded = quantity_before(text, hit.0, cs)
                || measured_after(text, hit.1, ce)
                || before.iter().rev().any(|c| {
                    c.cue == Cue::Trade
                        && c.end <= hit.0
                        && words_between(text, c.end, hit.0) <= TRADE_REACH
                })
                || cues.iter().any(|c| {
                    c.cue == Cue::Trade
                        && c.start >= hit.1
                        && c.end <= ce
                        && words_between(text, hit.1, c.start) <= 3
                });
            if traded {
                Judgement::Goods
            } else {
                Judgement::EndUse { cue: None }
            }
        }
    }
}

/// Does a term name a process ("fluorination of UO3", "isotope
/// separation")? Such a term says what equipment does, never an end use.
fn is_process(term: &str) -> bool {
    const ENDINGS: [&str; 5] = ["tion", "sion", "ing", "sis", "ment"];
    let first = term.split_whitespace().next().unwrap_or("");
    let last = term.split_whitespace().next_back().unwrap_or("");
    [first, last].iter().any(|w| {
        let w = w.to_lowercase();
        ENDINGS.iter().any(|e| w.ends_with(e)) && w.len() > 5
    })
}

/// Is the context word at `at` negated: a negation cue within two words
/// before it, in the same clause?
pub(crate) fn negated(
    text: &str,
    at: (usize, usize),
    cues: &[CueHit],
) -> bool {
    negation_of(text, at, cues).is_some()
}

/// The start of the negation cue that negates the word at `at`, if any.
pub(crate) fn negation_of(
    text: &str,
    at: (usize, usize),
    cues: &[CueHit],
) -> Option<usize> {
    let (cs, _) = clause(text, at);
    cues.iter()
        .filter(|c| {
            c.cue == Cue::Negation
                && c.start >= cs
                && c.end <= at.0
                && words_between(text, c.end, at.0) <= 2
                && !is_number_abbreviation(text, c)
        })
        .map(|c| c.start)
        .next_back()
}

/// "No. 5", "no 12": the word "no" as an abbreviation of "number".
fn is_number_abbreviation(text: &str, c: &CueHit) -> bool {
    let w = &text[c.start..c.end];
    if !w.eq_ignore_ascii_case("no") {
        return false;
    }
    let rest = text[c.end..].trim_start_matches([' ', '\t']);
    rest.starts_with('.') || rest.starts_with(|ch: char| ch.is_ascii_digit())
}

/// A short purpose word is a trigger unless a trade word stands just
/// before it ("an offer for") or a trade word or quantity just after it
/// ("for sale", "for 2 units").
fn weak_purpose_holds(text: &str, c: &CueHit, cues: &[CueHit]) -> bool {
    let trade_before = cues.iter().any(|t| {
        t.cue == Cue::Trade
            && t.end <= c.start
            && words_between(text, t.end, c.start) <= 1
    });
    let trade_after = cues.iter().any(|t| {
        t.cue == Cue::Trade
            && t.start >= c.end
            && words_between(text, c.end, t.start) == 0
    });
    let after = text[c.end..].trim_start();
    let first = after
        .split(|ch: char| !ch.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let quantity = after.starts_with(|ch: char| ch.is_ascii_digit())
        || NUMBER_WORDS.contains(&first.as_str());
    !(trade_before || trade_after || quantity)
}

/// The clause around a span: from after the last clause end before it to
/// the next clause end after it. Clause ends: `;`, `!`, `?`, a line break,
/// their CJK forms, and `.` followed by white space (not "1.5", "No.5").
fn clause(text: &str, span: (usize, usize)) -> (usize, usize) {
    let b = text.as_bytes();
    let is_end = |i: usize| -> Option<usize> {
        match b[i] {
            b';' | b'!' | b'?' | b'\n' => Some(1),
            b'.' if sentence_end(b, i) => Some(1),
            0xE3 if matches!(
                &b[i..(i + 3).min(b.len())],
                [0xE3, 0x80, 0x82]
            ) =>
            {
                Some(3) // 。
            }
            0xEF if matches!(
                &b[i..(i + 3).min(b.len())],
                [0xEF, 0xBC, 0x9B | 0x81 | 0x9F]
            ) =>
            {
                Some(3) // ；！？
            }
            _ => None,
        }
    };
    // A clause is looked for within MAX_CLAUSE bytes either side, so a
    // text without punctuation costs a bounded walk per hit.
    let floor = span.0.saturating_sub(MAX_CLAUSE);
    let ceil = (span.1 + MAX_CLAUSE).min(b.len());
    let mut start = floor;
    let mut i = span.0;
    while i > floor {
        i -= 1;
        if let Some(n) = is_end(i) {
            start = i + n;
            break;
        }
    }
    let mut end = ceil;
    let mut j = span.1;
    while j < ceil {
        if is_end(j).is_some() {
            end = j;
            break;
        }
        j += 1;
    }
    // On character boundaries (a bound may fall inside one).
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (start.min(span.0), end.max(span.1))
}

/// A full stop at `i` ends a sentence: white space follows, and then no
/// lower-case letter ("max. speed", "approx. 5" go on).
fn sentence_end(b: &[u8], i: usize) -> bool {
    if !b.get(i + 1).is_none_or(|x| x.is_ascii_whitespace()) {
        return false;
    }
    let mut j = i + 1;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    !b.get(j).is_some_and(|x| x.is_ascii_lowercase() || x.is_ascii_digit())
}

/// Words between two offsets (a CJK character counts as a word).
fn words_between(text: &str, from: usize, to: usize) -> usize {
    if to <= from {
        return 0;
    }
    let mut n = 0;
    let mut in_word = false;
    for ch in text[from..to].chars() {
        if is_cjk(ch) {
            n += 1;
            in_word = false;
        } else if is_word_char(ch) {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    n
}

/// The first cue starting right after `at` (only spaces or a hyphen
/// between).
fn next_cue(text: &str, at: usize, cues: &[CueHit]) -> Option<CueHit> {
    let gap = text[at..].len()
        - text[at..].trim_start_matches([' ', '-', '\t']).len();
    cues.iter().copied().find(|c| c.start == at + gap)
}

/// Words that state a quantity.
const NUMBER_WORDS: [&str; 16] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "several",
    "hundreds",
    "thousands",
    "tens",
    "some",
];

/// Units that, after a number, state a measurement of the item ("range
/// 1,000 km", "1.4 t", "6.5 m long").
const SPEC_UNITS: [&str; 28] = [
    "km", "m", "mm", "cm", "kg", "t", "tonnes", "tons", "kn", "n", "s",
    "km/h", "m/s", "mach", "nm", "lb", "min", "h", "l", "litres", "liters",
    "kw", "w", "hp", "knots", "kts", "mph", "g",
];

/// A number with a unit of measurement within a few words after `at`, in
/// the clause: the text describes the item (a datasheet, a specification).
fn measured_after(text: &str, at: usize, clause_end: usize) -> bool {
    let words: Vec<&str> = text[at..clause_end.max(at)]
        .split_whitespace()
        .take(SPEC_REACH)
        .collect();
    words.windows(2).any(|w| {
        let num = w[0].trim_matches(|c: char| !c.is_ascii_digit());
        !num.is_empty()
            && w[0].chars().next().is_some_and(|c| c.is_ascii_digit())
            && SPEC_UNITS.contains(
                &w[1]
                    .trim_end_matches([',', '.', ';', ')'])
                    .to_lowercase()
                    .as_str(),
            )
    })
}

/// A quantity right before `at`, after the clause start: digits or a
/// number word, maybe with "x", a unit of count or an adjective between
/// ("12 complete", "2 x", "three").
fn quantity_before(text: &str, at: usize, clause_start: usize) -> bool {
    const FILLERS: [&str; 10] = [
        "x",
        "×",
        "complete",
        "new",
        "used",
        "operational",
        "assembled",
        "units",
        "pcs",
        "more",
    ];
    let mut words = text[clause_start..at]
        .rsplit(|c: char| !(is_word_char(c) || c == '.' || c == ','))
        .filter(|w| !w.is_empty())
        .take(3);
    // A quantity that opens the clause is the subject's ("Two frigates
    // escorted the tanker"): goods only as a line item ("2 x", "3 pcs").
    let before: Vec<&str> =
        text[clause_start..at].split_whitespace().collect();
    let opens = before.len() <= 3
        && !before.iter().any(|w| w.ends_with(':'))
        && !before.iter().any(|w| {
            matches!(
                w.trim_matches([',', '.', ':']).to_lowercase().as_str(),
                "x" | "×" | "pcs" | "units" | "sets" | "nos" | "qty" | "pc"
            )
        });
    if opens {
        return false;
    }
    words.any(|w| {
        let w = w.trim_matches([',', '.', ':']);
        let lw = w.to_lowercase();
        if FILLERS.contains(&lw.as_str()) {
            return false;
        }
        let first = w.chars().next();
        first.is_some_and(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            || NUMBER_WORDS.contains(&lw.as_str())
            || w.chars().last().is_some_and(decode_cjk_numeral)
    })
}

/// Digits or CJK numerals before a CJK measure word ("12枚", "三架").
fn decode_cjk_numeral(c: char) -> bool {
    "一二三四五六七八九十百千两兩".contains(c)
}
