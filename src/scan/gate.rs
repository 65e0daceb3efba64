//! Word boundaries, plurals and the context window.
//!
//! A pattern match in the normalised text becomes a hit only at whole words:
//!
//! ```text
//! normalised: "… a flow forming machines order …"
//!                 ^pattern "flow forming machine"^ + "s"  → plural, kept
//! normalised: "… overflow forming machine …"
//!                   ^ "flow" starts inside a word         → dropped
//! ```
//!
//! The window of a hit is counted in the original text: up to `window`
//! words before and after, never across a blank line.

use crate::normalize::is_word_char;
use crate::utf8::{decode_at, decode_before, floor_boundary};

/// Does a match at `start` in normalised `text` start on a word boundary?
/// `needed` is false when the pattern starts with a CJK character.
#[inline]
pub(crate) fn starts_ok(text: &[u8], start: usize, needed: bool) -> bool {
    !needed || !decode_before(text, start).is_some_and(is_word_char)
}

/// The end of a whole-word match ending at `end`, extended over a plural
/// `s`/`es` when `plural` allows it, or `None`.
#[inline]
pub(crate) fn end_ok(
    text: &[u8],
    end: usize,
    needed: bool,
    plural: bool,
) -> Option<usize> {
    if !needed {
        return Some(end);
    }
    let boundary = |at: usize| !decode_at(text, at).is_some_and(is_word_char);
    if boundary(end) {
        return Some(end);
    }
    if plural {
        let rest = &text[end..];
        if rest.starts_with(b"s") && boundary(end + 1) {
            return Some(end + 1);
        }
        if rest.starts_with(b"es") && boundary(end + 2) {
            return Some(end + 2);
        }
    }
    None
}

/// Bytes a word may take, on average, when bounding a window in text with
/// no spaces (CJK).
pub(crate) const MAX_WORD_BYTES: usize = 24;

/// The window `[start, end)` of up to `words` words either side of the hit
/// `[s, e)`, stopping at blank lines.
pub(crate) fn window(
    text: &[u8],
    s: usize,
    e: usize,
    words: usize,
) -> (usize, usize) {
    let cap = words * MAX_WORD_BYTES;
    let floor = s.saturating_sub(cap);
    let ceil = (e + cap).min(text.len());
    let mut a = s - words_reach(text[floor..s].iter().rev(), words);
    let mut b = e + words_reach(text[e..ceil].iter(), words);
    while a < s && text[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > e && text[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    // The window is cut by bytes: back to character starts.
    (floor_boundary(text, a), floor_boundary(text, b))
}

/// How many of `bytes` (walking away from a hit, in either direction)
/// `words` words take: the walk stops at the white space that ends the
/// last word, or at a blank line.
fn words_reach<'a>(
    bytes: impl Iterator<Item = &'a u8>,
    words: usize,
) -> usize {
    let (mut n, mut count, mut in_word, mut newlines) = (0, 0, false, 0);
    for &b in bytes {
        if b == b'\n' {
            newlines += 1;
            if newlines >= 2 {
                break;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\r') {
            newlines = 0;
        }
        if b.is_ascii_whitespace() {
            if in_word {
                count += 1;
                in_word = false;
                if count >= words {
                    break;
                }
            }
        } else {
            in_word = true;
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_plurals() {
        let t = "a flow forming machines order";
        let s = t.find("flow").unwrap();
        let t = t.as_bytes();
        assert!(starts_ok(t, s, true));
        let e = s + "flow forming machine".len();
        assert_eq!(end_ok(t, e, true, true), Some(e + 1));
        assert_eq!(end_ok(t, e, true, false), None);
        assert!(!starts_ok(b"overflow", 4, true));
        assert_eq!(end_ok(b"presses x", 5, true, true), Some(7));
    }

    #[test]
    fn boundaries_read_whole_characters() {
        // "é" before, "ü" and "ß" after: letters, so no boundary.
        let t = "é flow éflow flowü flowß flow€".as_bytes();
        let at = |from: usize| {
            from + t[from..].windows(4).position(|w| w == b"flow").unwrap()
        };
        let first = at(0);
        assert!(starts_ok(t, first, true));
        assert_eq!(end_ok(t, first + 4, true, false), Some(first + 4));
        let glued = at(first + 4);
        assert!(!starts_ok(t, glued, true));
        let umlaut = at(glued + 4);
        assert_eq!(end_ok(t, umlaut + 4, true, false), None);
        let eszett = at(umlaut + 4);
        assert_eq!(end_ok(t, eszett + 4, true, false), None);
        // The euro sign is not a word character: a boundary.
        let euro = at(eszett + 4);
        assert_eq!(end_ok(t, euro + 4, true, false), Some(euro + 4));
    }

    #[test]
    fn window_stops_at_blank_line_and_counts_words() {
        let t = b"one two three\n\nfour five HIT six seven\n\neight";
        let s = t.windows(3).position(|w| w == b"HIT").unwrap();
        let (a, b) = window(t, s, s + 3, 20);
        assert_eq!(&t[a..b], b"four five HIT six seven");
        let t = b"a b c d e HIT f g h";
        let (a, b) = window(t, 10, 13, 2);
        assert_eq!(&t[a..b], b"d e HIT f g");
    }
}
