//! UTF-8 stepping and decoding: the one home of every loop over character
//! boundaries and every decoder in the crate.
//!
//! A UTF-8 character is one lead byte and up to three continuation bytes
//! (`10xx_xxxx`). Offsets in findings, windows and line excerpts are byte
//! offsets that must fall on a lead byte, so code that cuts text by bytes
//! moves to the nearest boundary here:
//!
//! ```text
//! bytes:   66 6C C3 BC 67 65 6C      "flügel"
//!                   ^ cut at 3 is inside "ü"
//! floor_boundary(3) = 2, ceil_boundary(3) = 4
//! ```
//!
//! Three decoders serve three needs: [`decode`] reads raw input (invalid
//! bytes as Latin-1), [`decode_valid`] reads normalised text that is valid
//! by construction (no checks, on the scan's hot path), and
//! [`decode_before`] reads the character that ends at an offset. The
//! `lossy_*` functions turn raw bytes into text of the same length.

use std::borrow::Cow;

/// Is `b` a UTF-8 continuation byte (not the start of a character)?
#[inline]
pub(crate) fn is_continuation(b: u8) -> bool {
    (b & 0xC0) == 0x80
}

/// Move `i` back to the start of the character it falls in. Offsets at or
/// past the end stay where they are.
#[inline]
pub(crate) fn floor_boundary(text: &[u8], mut i: usize) -> usize {
    while i > 0 && i < text.len() && is_continuation(text[i]) {
        i -= 1;
    }
    i
}

/// Move `i` forward to the start of the next character (or the end).
#[inline]
pub(crate) fn ceil_boundary(text: &[u8], mut i: usize) -> usize {
    while i < text.len() && is_continuation(text[i]) {
        i += 1;
    }
    i
}

/// Number of characters in `bytes` (which start on a boundary).
#[inline]
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| !is_continuation(**b)).count()
}

/// Length of the ASCII prefix of `bytes`, eight bytes at a time.
#[inline]
pub(crate) fn ascii_prefix(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        if u64::from_le_bytes(a) & HIGH != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// The first byte at or after `from` that is not ASCII.
#[inline]
pub(crate) fn next_non_ascii(text: &[u8], from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let n = ascii_prefix(rest);
    (n < rest.len()).then_some(from + n)
}

/// Decode one character at the start of `bytes` (non-empty), with its
/// length. Invalid UTF-8 reads as one Latin-1 character.
#[inline]
pub(crate) fn decode(bytes: &[u8]) -> (char, usize) {
    let want = match bytes[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    };
    // `str::from_utf8` on the one character: measured faster here than
    // decoding by hand.
    if want > 0
        && bytes.len() >= want
        && let Ok(s) = std::str::from_utf8(&bytes[..want])
        && let Some(c) = s.chars().next()
    {
        return (c, want);
    }
    (char::from(bytes[0]), 1)
}

/// The code point and length of the character starting at `at` in text
/// that is valid UTF-8 by construction (normalised text): decoded without
/// the checks of [`decode`], which cost ~4% of a plain-text scan where the
/// scan looks for the non-ASCII characters of its patterns.
#[inline]
pub(crate) fn decode_valid(text: &[u8], at: usize) -> (u32, usize) {
    let b = text[at];
    let (len, bits) = match b {
        0xC0..=0xDF => (2, b & 0x1F),
        0xE0..=0xEF => (3, b & 0x0F),
        0xF0..=0xF7 => (4, b & 0x07),
        _ => (1, b),
    };
    let tail = text.iter().skip(at + 1).take(len - 1);
    let c = tail.fold(u32::from(bits), |c, &x| (c << 6) | u32::from(x & 0x3F));
    (c, len)
}

/// The character of UTF-8 `text` that starts at byte `at`, if any (raw
/// bytes read as by [`decode`]).
#[inline]
pub(crate) fn decode_at(text: &[u8], at: usize) -> Option<char> {
    let rest = text.get(at..).filter(|r| !r.is_empty())?;
    Some(decode(rest).0)
}

/// The character of UTF-8 `text` that ends at byte `at`, if any.
#[inline]
pub(crate) fn decode_before(text: &[u8], at: usize) -> Option<char> {
    let b = *text[..at].last()?;
    if b < 0x80 {
        return Some(char::from(b));
    }
    let floor = at.saturating_sub(4);
    let from =
        floor + text[floor..at].iter().rposition(|&b| !is_continuation(b))?;
    std::str::from_utf8(&text[from..at]).ok()?.chars().next()
}

/// `bytes` as text of the same length: each byte of an invalid UTF-8
/// sequence becomes `?`, so offsets into the text are offsets into `bytes`.
pub(crate) fn lossy_same_len(bytes: &[u8]) -> Cow<'_, str> {
    lossy_checked(bytes).0
}

/// [`lossy_same_len`] and the first UTF-8 error, from one validation pass.
pub(crate) fn lossy_checked(
    bytes: &[u8],
) -> (Cow<'_, str>, Option<std::str::Utf8Error>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(first) => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let (good, bad) = rest.split_at(e.valid_up_to());
                        out.push_str(
                            std::str::from_utf8(good).unwrap_or_default(),
                        );
                        let n = e.error_len().unwrap_or(bad.len());
                        out.extend(std::iter::repeat_n('?', n));
                        rest = &bad[n..];
                    }
                }
            }
            (Cow::Owned(out), Some(first))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `decode` reads exactly what `str::from_utf8` accepts, and every
    /// other lead byte as Latin-1: all one- and two-byte sequences, every
    /// three-byte one and the four-byte ones around the edges of the range.
    #[test]
    fn decode_agrees_with_the_standard_library() {
        let reference = |b: &[u8]| {
            for n in (2..=b.len().min(4)).rev() {
                if let Ok(s) = std::str::from_utf8(&b[..n])
                    && s.chars().count() == 1
                {
                    return (s.chars().next().unwrap_or('\0'), n);
                }
            }
            (char::from(b[0]), 1)
        };
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                cases.push(vec![a, b]);
            }
        }
        for a in 0xE0..=0xEFu8 {
            for b in 0x70..=0xC0u8 {
                for c in 0x70..=0xC0u8 {
                    cases.push(vec![a, b, c]);
                }
            }
        }
        for a in 0xEF..=0xF5u8 {
            for b in [0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0] {
                for c in [0x7F, 0x80, 0xBF, 0xC0] {
                    for d in [0x7F, 0x80, 0xBF, 0xC0] {
                        cases.push(vec![a, b, c, d]);
                    }
                }
            }
        }
        for b in &cases {
            assert_eq!(decode(b), reference(b), "{b:02X?}");
            assert_eq!(decode(&b[..1]), (char::from(b[0]), 1), "{b:02X?}");
        }
    }

    /// On valid text the three decoders and the boundary steps agree with
    /// the standard library's view of every character.
    #[test]
    fn decoders_and_boundaries_agree_on_valid_text() {
        let s = "aé中😀ß\u{A0}z";
        let b = s.as_bytes();
        for (i, c) in s.char_indices() {
            let len = c.len_utf8();
            assert_eq!(decode(&b[i..]), (c, len));
            assert_eq!(decode_valid(b, i), (u32::from(c), len));
            assert_eq!(decode_at(b, i), Some(c));
            assert_eq!(decode_before(b, i + len), Some(c));
            for k in i..i + len {
                assert_eq!(floor_boundary(b, k), i, "floor {k}");
                assert_eq!(ceil_boundary(b, k + 1), i + len, "ceil {k}");
            }
        }
        assert_eq!(decode_at(b, b.len()), None);
        assert_eq!(decode_before(b, 0), None);
        assert_eq!(char_count(b), s.chars().count());
        assert_eq!(next_non_ascii(b, 0), Some(1));
        assert_eq!(next_non_ascii(b, b.len() - 1), None);
    }

    #[test]
    fn lossy_keeps_offsets() {
        let (t, e) = lossy_checked(b"Dr\xFCck \xE4\xB8");
        assert_eq!(t, "Dr?ck ??");
        assert_eq!(e.map(|e| e.valid_up_to()), Some(2));
        assert_eq!(lossy_same_len(b"ok"), "ok");
    }
}
