//! Numbers as documents write them: `1,5` (decimal comma), `2,050`
//! (thousands), `60-80` and `60 to 80` (ranges), `0.5 ± 0.1`, `3.18 x
//! 10^6`, `1e-3`, `-40`, and number words for counts (`five`).
//!
//! ```text
//! "roller force 60 – 80 kN" ──► Number { lo: 60, hi: 80, start, end }
//!                                      (the unit is read by the caller)
//! ```

use crate::units;

/// A number (or range) found in the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Number {
    pub(crate) start: usize,
    /// End of the number or range, before any unit.
    pub(crate) end: usize,
    pub(crate) lo: f64,
    pub(crate) hi: f64,
}

/// Every number in `text[win.0..win.1]`, with ranges and tolerances
/// folded in, and number words ("three") as counts.
pub(super) fn numbers(text: &str, win: (usize, usize)) -> Vec<Number> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = win.0;
    while i < win.1 {
        let c = b[i];
        if c.is_ascii_digit() && (i == win.0 || !is_alnum_before(text, i)) {
            if let Some(n) = number_at(text, i, win.1) {
                i = n.end;
                out.push(n);
                continue;
            }
        } else if c.is_ascii_alphabetic()
            && (i == win.0 || !is_alnum_before(text, i))
        {
            let mut j = i;
            while j < win.1 && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            let w = text[i..j].to_ascii_lowercase();
            if let Some(v) = units::number_word(&w) {
                out.push(Number { start: i, end: j, lo: v, hi: v });
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn is_alnum_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '.')
}

/// One number at `i` (an ASCII digit), with an optional exponent, range or
/// tolerance.
fn number_at(text: &str, i: usize, limit: usize) -> Option<Number> {
    let (mut v, mut end) = plain_number(text, i, limit)?;
    let mut start = i;
    // A minus sign directly before, not part of a range ("-40 °C").
    let pre = &text[..i];
    if let Some(p) = pre.strip_suffix('-').or_else(|| pre.strip_suffix('−'))
        && (p.is_empty()
            || p.ends_with(|c: char| c.is_whitespace() || c == '('))
    {
        v = -v;
        start = p.len();
    }
    let (lo, hi);
    let rest = &text[end..limit];
    let ws = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    let after = &rest[ws..];
    let range_sep = ["-", "–", "—", "to ", "...", "..", "~", "÷"]
        .iter()
        .find(|s| after.starts_with(**s))
        .map(|s| s.len());
    let tol_sep = ["±", "+/-", "+-"]
        .iter()
        .find(|s| after.starts_with(**s))
        .map(|s| s.len());
    if let Some(sl) = range_sep.or(tol_sep) {
        let k = end + ws + sl;
        let k2 = k
            + (text[k..limit].len()
                - text[k..limit].trim_start_matches([' ', '\u{a0}']).len());
        if k2 < limit
            && text.as_bytes()[k2].is_ascii_digit()
            && let Some((w, e2)) = plain_number(text, k2, limit)
        {
            end = e2;
            if tol_sep.is_some() && range_sep.is_none() {
                (lo, hi) = (v - w, v + w);
            } else {
                (lo, hi) = (v.min(w), v.max(w));
            }
            return Some(Number { start, end, lo, hi });
        }
    }
    Some(Number { start, end, lo: v, hi: v })
}

/// A number with decimal comma or point, thousands separators and an
/// optional exponent (`1e-3`, `3.18 x 10^6`, `2×10⁶`).
pub(super) fn plain_number(
    text: &str,
    i: usize,
    limit: usize,
) -> Option<(f64, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < limit
        && (b[j].is_ascii_digit()
            || ((b[j] == b'.' || b[j] == b',')
                && j + 1 < limit
                && b[j + 1].is_ascii_digit()))
    {
        j += 1;
    }
    let mut v = parse_digits(&text[i..j])?;
    // exponent
    let rest = &text[j..limit];
    if let Some(e) = rest.strip_prefix(['e', 'E']) {
        let digits = e.trim_start_matches(['-', '+']);
        let sign_len = e.len() - digits.len();
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 && sign_len <= 1 {
            let after = &digits[n..];
            if !after.starts_with(|c: char| c.is_alphabetic()) {
                let exp: i32 = e[..sign_len + n].parse().ok()?;
                v *= 10f64.powi(exp);
                j += 1 + sign_len + n;
            }
        }
    } else {
        let t = rest.trim_start();
        let t = t.strip_prefix(['x', 'X', '×', '*']).map(str::trim_start);
        if let Some(t) = t.and_then(|t| t.strip_prefix("10")) {
            let (exp, used) = exponent(t);
            if used > 0 {
                v *= 10f64.powi(exp);
                j = limit - (t.len() - used);
            }
        }
    }
    Some((v, j))
}

/// `^6`, `^-3`, `⁶`, `⁻³` after "10".
fn exponent(t: &str) -> (i32, usize) {
    if let Some(r) = t.strip_prefix('^') {
        let d = r.trim_start_matches(['-', '+', '−']);
        let n = d.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return (0, 0);
        }
        let neg = r.len() != d.len() && !r.starts_with('+');
        let e: i32 = d[..n].parse().unwrap_or(0);
        return (if neg { -e } else { e }, 1 + (r.len() - d.len()) + n);
    }
    let mut used = 0;
    let mut neg = false;
    let mut e = 0i32;
    let mut any = false;
    for c in t.chars() {
        let d = match c {
            '⁻' if !any => {
                neg = true;
                used += c.len_utf8();
                continue;
            }
            '⁰' => 0,
            '¹' => 1,
            '²' => 2,
            '³' => 3,
            '⁴' => 4,
            '⁵' => 5,
            '⁶' => 6,
            '⁷' => 7,
            '⁸' => 8,
            '⁹' => 9,
            _ => break,
        };
        any = true;
        e = e.saturating_mul(10).saturating_add(d);
        used += c.len_utf8();
    }
    if !any {
        return (0, 0);
    }
    (if neg { -e } else { e }, used)
}

/// Digits with `.`/`,` as decimal or thousands separators.
fn parse_digits(s: &str) -> Option<f64> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let groups_of_three = |sep: char| {
        s.split(sep).skip(1).all(|g| g.len() == 3 && !g.contains(['.', ',']))
    };
    let cleaned: String = match (dots, commas) {
        (0, 0) => s.to_owned(),
        (_, 0) if dots > 1 && groups_of_three('.') => s.replace('.', ""),
        (1, 0) => s.to_owned(),
        (0, _) if groups_of_three(',') => s.replace(',', ""),
        (0, 1) => s.replace(',', "."),
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            if last_comma > last_dot {
                s.replace('.', "").replace(',', ".")
            } else {
                s.replace(',', "")
            }
        }
        _ => return None,
    };
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (f64, f64) {
        let n = numbers(s, (0, s.len()));
        assert!(!n.is_empty(), "no number in {s:?}");
        (n[0].lo, n[0].hi)
    }

    #[test]
    fn numbers_in_every_shape() {
        assert_eq!(one("80 kN"), (80.0, 80.0));
        assert_eq!(one("1,5 mm"), (1.5, 1.5));
        assert_eq!(one("2,050 MPa"), (2050.0, 2050.0));
        assert_eq!(one("1.234.567"), (1_234_567.0, 1_234_567.0));
        assert_eq!(one("1.500,5 kg"), (1500.5, 1500.5));
        assert_eq!(one("60-80 kN"), (60.0, 80.0));
        assert_eq!(one("60 – 80 kN"), (60.0, 80.0));
        assert_eq!(one("60 to 80 kN"), (60.0, 80.0));
        assert_eq!(one("0.5 ± 0.1 mm"), (0.4, 0.6));
        assert_eq!(one("-40 °C"), (-40.0, -40.0));
        assert_eq!(one("3.18 x 10^6 m"), (3.18e6, 3.18e6));
        assert_eq!(one("2×10⁶ m"), (2e6, 2e6));
        assert_eq!(one("1e-3 bar"), (1e-3, 1e-3));
        assert_eq!(one("three rollers"), (3.0, 3.0));
        assert_eq!(one("3 to 5 bar"), (3.0, 5.0));
        assert!(numbers("model X200", (0, 10)).is_empty());
    }
}
