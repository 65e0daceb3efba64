//! The number/unit reader: stated technical values near a term hit.
//!
//! Around a hit, the window of text is read for `<number> <unit>` and counts
//! (`3 rollers`, `five axes`, `5-axis`), then each value is compared with the
//! entry's thresholds after unit conversion:
//!
//! ```text
//! "… 3 rollers and 8 t roller force …"
//!          │              └─ force 8 tf = 78.45 kN, tied to "roller force"
//!          └─ count 3, tied to "rollers"
//! ```
//!
//! A value is *tied* to a parameter when the parameter's name or an alias is
//! within [`TIE_WORDS`] words of it. Numbers understood: `1,5` (decimal
//! comma), `2,050` (thousands), `60-80` and `60 to 80` (ranges), `0.5 ± 0.1`,
//! `3.18 x 10^6`, `1e-3`, and number words for counts (see `numbers`).

mod numbers;

use crate::normalize::normalize;
use crate::rules::Parameter;
use crate::units::{self, Quantity};
use numbers::{Number, numbers, plain_number};

/// How many words may separate a value from the parameter name it belongs to.
pub(crate) const TIE_WORDS: usize = 4;

/// A value stated in the text, read for one parameter.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Reading {
    /// Byte range of the statement in the scanned text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The value, in the parameter's unit (the end of a range that was
    /// compared).
    pub(crate) value: f64,
    pub(crate) meets: bool,
    pub(crate) tied: bool,
}

/// Read every parameter of an entry in `text[win.0..win.1]`; `hit` is the
/// byte range of the term hit (values inside it are not read).
pub(crate) fn read(
    params: &[Parameter],
    text: &str,
    win: (usize, usize),
    hit: (usize, usize),
) -> Vec<(usize, Reading)> {
    let mut out = Vec::new();
    if params.is_empty() {
        return out;
    }
    let nums = numbers(text, win);
    for (pi, p) in params.iter().enumerate() {
        for n in &nums {
            if n.start < hit.1 && n.end > hit.0 {
                continue;
            }
            if let Some(r) = reading(p, text, win, n) {
                out.push((pi, r));
            }
        }
    }
    out
}

fn reading(
    p: &Parameter,
    text: &str,
    win: (usize, usize),
    n: &Number,
) -> Option<Reading> {
    let q = p.unit.quantity;
    let (lo, hi, end, tied) = if q == Quantity::Count {
        let (end, noun_tied) = count_noun(p, text, win, n)?;
        (n.lo, n.hi, end, noun_tied)
    } else {
        let rest = unit_start(text, n.end, win.1);
        let (unit, mut end) = match units::prefix(q, &text[rest..win.1]) {
            Some((u, len)) => (u, rest + len),
            // "7.62 x 51 mm": the first dimension takes the unit written
            // after the last one.
            None => product_unit(q, text, n.end, win.1)?,
        };
        let conv = |v: f64| p.unit.to_unit(unit.to_base(v));
        let (mut lo, mut hi) = (conv(n.lo), conv(n.hi));
        // "10 MHz to 125 GHz": a range whose ends carry their own units.
        if let Some((v, e)) = second_end(q, text, end, win.1) {
            let v = p.unit.to_unit(v);
            (lo, hi) = (lo.min(v), hi.max(v));
            end = e;
        }
        (lo, hi, end, is_tied(p, text, win, n.start, end))
    };
    let value = p.compared_end(lo, hi);
    Some(Reading { start: n.start, end, value, meets: p.meets(lo, hi), tied })
}

/// For `<number> x <number> <unit>` (dimensions), the unit and its end.
fn product_unit(
    q: Quantity,
    text: &str,
    at: usize,
    limit: usize,
) -> Option<(&'static units::Unit, usize)> {
    let t = text[at..limit].trim_start_matches([' ', '\u{a0}']);
    let t = t.strip_prefix(['x', 'X', '×', '*'])?;
    let t = t.trim_start_matches([' ', '\u{a0}']);
    let k = limit - t.len();
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // "2 x 120 kN" is two times 120 kN, not a dimension of 2 kN: a small
    // whole first number is a multiplicity.
    let first = &text[..at];
    let first = &first[first
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_ascii_digit() && c != '.' && c != ',')
        .map_or(0, |(i, c)| i + c.len_utf8())..];
    if first.len() <= 2
        && first.bytes().all(|b| b.is_ascii_digit())
        && first.parse::<u32>().is_ok_and(|n| n <= 12)
    {
        return None;
    }
    let (_, e) = plain_number(text, k, limit)?;
    let u = unit_start(text, e, limit);
    let (unit, len) = units::prefix(q, &text[u..limit])?;
    Some((unit, u + len))
}

/// After `<number> <unit>`, the other end of a range with its own unit
/// (`to 125 GHz`, `- 2 kN`), in base units, and where it ends.
fn second_end(
    q: Quantity,
    text: &str,
    at: usize,
    limit: usize,
) -> Option<(f64, usize)> {
    let rest = &text[at..limit];
    let t = rest.trim_start_matches([' ', '\u{a0}']);
    let sep = ["to ", "-", "–", "—", "...", "~"]
        .iter()
        .find(|s| t.starts_with(**s))?;
    let after = &t[sep.len()..];
    let k = limit - after.trim_start_matches([' ', '\u{a0}']).len();
    if k >= limit || !text.as_bytes()[k].is_ascii_digit() {
        return None;
    }
    let (v, e) = plain_number(text, k, limit)?;
    let u = unit_start(text, e, limit);
    let (unit, len) = units::prefix(q, &text[u..limit])?;
    Some((unit.to_base(v), u + len))
}

/// Where a unit may start after a number: directly, after one space, or
/// after a hyphen (`5-axis`, `3-roller`).
fn unit_start(text: &str, at: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    if i < limit && (b[i] == b' ' || b[i] == b'-' || b[i] == b'\t') {
        i += 1;
    } else if text[i..limit].starts_with('\u{a0}') {
        i += '\u{a0}'.len_utf8();
    }
    i
}

/// For a count parameter: does a counted noun (name or alias) follow the
/// number (`3 rollers`, `five-axis`), or precede it (`axes: 5`)? Returns
/// the end of the statement.
fn count_noun(
    p: &Parameter,
    text: &str,
    win: (usize, usize),
    n: &Number,
) -> Option<(usize, bool)> {
    let rest = unit_start(text, n.end, win.1);
    let after = words_after(text, rest, win.1, 4);
    for k in (1..=after.len()).rev() {
        let span_end = after[k - 1].1;
        let phrase = words_only(&text[rest..span_end]);
        if p.names().any(|a| a == phrase || plural_of(&phrase, a)) {
            return Some((span_end, true));
        }
        // "5 simultaneously controlled axes": descriptive words may sit
        // between the number and the noun, but not a unit ("40 kN roller").
        if (2..=3).contains(&k)
            && after[..k - 1].iter().all(|w| is_plain_word(&text[w.0..w.1]))
        {
            let tail = words_only(&text[after[k - 1].0..span_end]);
            if p.names().any(|a| a == tail || plural_of(&tail, a)) {
                return Some((span_end, true));
            }
        }
    }
    // "rollers: 3", "number of axes 5"; not "1 axis, 0-1000 deg/s", where
    // the number is a measurement of something else.
    let gap_ok =
        |from: usize| !text[from..n.start].contains([',', ';', '.', '(', ')']);
    let before = words_before(text, win.0, n.start, 3);
    if after.first().is_some_and(|w| starts_with_unit(&text[w.0..w.1])) {
        return None;
    }
    if let Some(first) = before.first()
        && gap_ok(before.last().map_or(first.1, |w| {
            // From the last character of the last word (a char boundary).
            text[..w.1].char_indices().next_back().map_or(w.0, |(i, _)| i)
        }))
    {
        let phrase = words_only(&text[first.0..n.start]);
        if p.names().any(|a| phrase.ends_with(a)) {
            return Some((n.end, true));
        }
    }
    None
}

/// Does a word start with a unit of any measured quantity (`deg/s`, `kN,`)?
fn starts_with_unit(w: &str) -> bool {
    units::UNITS.iter().any(|u| {
        u.quantity != Quantity::Count
            && u.spellings.iter().any(|sp| {
                w.starts_with(sp)
                    && !w[sp.len()..]
                        .starts_with(|c: char| c.is_alphanumeric())
            })
    })
}

/// A word of letters that is no unit spelling (`simultaneously`, not `kN`).
fn is_plain_word(w: &str) -> bool {
    w.len() > 2
        && w.chars().all(char::is_alphabetic)
        && !units::UNITS.iter().any(|u| u.spellings.contains(&w))
}

/// Normalised, with punctuation turned into spaces: `"Rollers:"` → `rollers`.
fn words_only(s: &str) -> String {
    let n = normalize(s);
    let spaced: String =
        n.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plural_of(phrase: &str, name: &str) -> bool {
    phrase.strip_prefix(name).is_some_and(|rest| rest == "s" || rest == "es")
}

/// Is the parameter named next to the value `text[start..end]`?
///
/// A name binds to the value it is closest to: before the value ("roller
/// force 80 kN") with no other number in between, or after it ("8 t roller
/// force") unless a number follows the name, in which case the name belongs
/// to that number ("15 x 32 mm, width 9 mm": width is 9 mm).
fn is_tied(
    p: &Parameter,
    text: &str,
    win: (usize, usize),
    start: usize,
    end: usize,
) -> bool {
    let digit = |w: &&str| w.bytes().any(|b| b.is_ascii_digit());
    // Where a name occurs in a word list, as (first word, past last word).
    let find = |words: &[&str]| -> Option<(usize, usize)> {
        p.names().find_map(|a| {
            let aw: Vec<&str> = a.split(' ').collect();
            (0..words.len()).find_map(|i| {
                let j = i + aw.len();
                let hit = j <= words.len()
                    && words[i..j - 1] == aw[..aw.len() - 1]
                    && (words[j - 1] == aw[aw.len() - 1]
                        || plural_of(words[j - 1], aw[aw.len() - 1]));
                hit.then_some((i, j))
            })
        })
    };
    let words_of = |clause: &str| -> Vec<String> {
        words_only(clause)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // Before the value, in the same clause: the name, then no other number.
    let before = words_before(text, win.0, start, TIE_WORDS);
    if let Some(first) = before.first() {
        let seg = &text[first.0..start];
        let clause = seg.rsplit([',', ';']).next().unwrap_or(seg);
        let owned = words_of(clause);
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        if let Some((_, j)) = find(&words)
            && !words[j..].iter().any(digit)
        {
            return true;
        }
    }
    // After the value, in the same clause: no number, then the name, and
    // no number after the name (else the name belongs to that number).
    let after = words_after(text, end, win.1, TIE_WORDS);
    if let Some(last) = after.last() {
        let seg = &text[end..last.1];
        let clause = seg.split([',', ';']).next().unwrap_or(seg);
        let owned = words_of(clause);
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        if let Some((i, j)) = find(&words)
            && !words[..i].iter().any(digit)
        {
            let mut forward = words[j..].iter().any(digit);
            if !forward && j == words.len() && clause.len() == seg.len() {
                let next = words_after(text, last.1, win.1, TIE_WORDS);
                if let Some(l) = next.last() {
                    let tail = &text[last.1..l.1];
                    let upto =
                        tail.find([',', ';', '.']).unwrap_or(tail.len());
                    forward = tail[..upto].bytes().any(|b| b.is_ascii_digit());
                }
            }
            return !forward;
        }
    }
    false
}

/// Up to `n` whitespace-separated words of `text[from..limit]`, as ranges.
fn words_after(
    text: &str,
    from: usize,
    limit: usize,
    n: usize,
) -> Vec<(usize, usize)> {
    words(text.as_bytes(), (from, limit), n, false)
}

/// Up to `n` words of `text[limit..to]` counted back from `to`, in text order.
fn words_before(
    text: &str,
    limit: usize,
    to: usize,
    n: usize,
) -> Vec<(usize, usize)> {
    let mut out = words(text.as_bytes(), (limit, to), n, true);
    out.reverse();
    out
}

/// Up to `n` whitespace-separated words of `b[range]`, from its start or,
/// `backward`, from its end (then nearest first).
fn words(
    b: &[u8],
    (lo, hi): (usize, usize),
    n: usize,
    backward: bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // `i` walks towards the far end; `at(i)` is the byte it steps over.
    let (mut i, far) = if backward { (hi, lo) } else { (lo, hi) };
    let at = |i: usize| if backward { b[i - 1] } else { b[i] };
    let step = |i: usize| if backward { i - 1 } else { i + 1 };
    while out.len() < n && i != far {
        while i != far && at(i).is_ascii_whitespace() {
            i = step(i);
        }
        let s = i;
        while i != far && !at(i).is_ascii_whitespace() {
            i = step(i);
        }
        if i != s {
            out.push((s.min(i), s.max(i)));
        }
    }
    out
}
