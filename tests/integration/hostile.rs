//! Hostile and odd input through the library (CLI cases are in cli.rs).

use crate::util::builtin;

#[test]
fn invalid_utf8_inside_a_term_does_not_panic() {
    let f = builtin().scan_bytes(b"cold flow \xFF\xFEforming machine");
    assert!(f.is_empty());
    let f = builtin().scan_bytes(b"\xFF cold flow forming machine \xC3");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].start, 2);
}

#[test]
fn bom_crlf_nul_and_soft_hyphens() {
    let f = builtin().scan("\u{FEFF}flow forming machine");
    assert_eq!(f[0].start, 3);
    let f = builtin().scan("line one\r\nflow\r\nforming machine\r\n");
    assert_eq!((f[0].line, f[0].column), (2, 1));
    let f = builtin().scan_bytes(b"\0\0flow forming machine\0");
    assert_eq!(f.len(), 1);
    // Invisible characters must not hide an item.
    assert_eq!(builtin().scan("flow\u{AD}forming machine").len(), 1);
    assert_eq!(
        builtin().scan("flow \u{200B}forming\u{200D} machine").len(),
        1
    );
}

#[test]
fn empty_and_whitespace_input() {
    assert!(builtin().scan("").is_empty());
    assert!(builtin().scan(" \n\t\r\n").is_empty());
    assert!(builtin().scan_bytes(&[]).is_empty());
}

#[test]
fn right_to_left_and_combining_characters_do_not_break_offsets() {
    let text = "\u{202E}עברית flow forming machine e\u{301}\u{301}";
    let f = builtin().scan(text);
    assert_eq!(&text[f[0].start..f[0].end], "flow forming machine");
}

#[test]
fn homoglyphs_inside_latin_words_do_not_hide_an_item() {
    // "mаraging" with a Cyrillic а (U+0430): the policy is to read a
    // Cyrillic or Greek look-alike as Latin inside a word that has Latin
    // letters, and to leave words of one script alone (Russian terms must
    // still match as Russian).
    let t = "Offer: m\u{430}raging steel bar, 2,050 MPa";
    let f = builtin().scan(t);
    assert!(f.iter().any(|f| f.text == "m\u{430}raging steel"), "{f:?}");
    let f = builtin().scan("\u{441}\u{43E}ld flow forming machine");
    assert_eq!(f.len(), 1);
}

/// A reader that yields `n` bytes of one long line with items in it, then
/// optionally fails.
struct Long {
    left: usize,
    fail_at_end: bool,
    pos: usize,
}

impl std::io::Read for Long {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return if self.fail_at_end {
                Err(std::io::Error::other("device vanished"))
            } else {
                Ok(0)
            };
        }
        const PIECE: &[u8] = b"spare parts and a cold flow forming machine, ";
        let n = buf.len().min(self.left);
        for b in &mut buf[..n] {
            *b = PIECE[self.pos % PIECE.len()];
            self.pos += 1;
        }
        self.left -= n;
        Ok(n)
    }
}

#[test]
fn a_200_mb_single_line_streams_with_every_item_found() {
    let n = 200 << 20;
    let mut count = 0u64;
    let mut last_col = 0;
    let sum = builtin()
        .scan_reader_with(
            Long { left: n, fail_at_end: false, pos: 0 },
            |f, line| {
                assert_eq!(f.line, 1);
                assert!(f.column > last_col);
                assert!(line.text.len() < 1024, "line context is bounded");
                last_col = f.column;
                count += 1;
            },
        )
        .expect("reads");
    assert_eq!(sum.bytes, n as u64);
    // One item per 45-byte piece, except a cut-off last piece.
    assert_eq!(count, (n / 45) as u64);
}

#[test]
fn a_reader_that_fails_mid_stream_reports_the_error_after_the_findings() {
    let mut count = 0;
    let err = builtin()
        .scan_reader_with(
            Long { left: 1 << 20, fail_at_end: true, pos: 0 },
            |_, _| count += 1,
        )
        .expect_err("the error comes back");
    assert_eq!(err.to_string(), "device vanished");
    assert!(
        count > 20_000,
        "findings before the error were delivered: {count}"
    );
}

/// Found by `fuzz_normalise_and_map`: a multi-byte character right before
/// a "<number> x <number>" product sliced the text inside the character.
#[test]
fn regression_fuzz_product_after_multibyte_char() {
    let t = "maraging steel 2,050 MPa 60-80 k'\\\u{1138B}\u{1F7F0}2 x 3 mm";
    let _ = builtin().scan(t);
    let t = "flow forming machine, roller force \u{1F7F0}2 x 120 kN";
    let f = builtin().scan(t);
    assert!(!f.is_empty());
}
