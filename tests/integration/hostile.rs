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
