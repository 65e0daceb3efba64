//! The one normaliser shared by rule terms and scanned text.
//!
//! Matching is done on a normalised copy of the text, so that a rule author
//! writes `flow forming machine` once and it matches `Flow-Forming\nMachine`:
//!
//! ```text
//! original:   F l o w - F o r m i n g \n \n M a c h i n e s
//! normalised: f l o w ␠ f o r m i n g ␠ m a c h i n e s
//! ```
//!
//! * letters are lower-cased (Unicode, not only ASCII; full-width Latin
//!   letters and digits fold to ASCII);
//! * a run of separators (white space of any kind including line breaks,
//!   hyphens and dashes, underscores, slashes) becomes one space;
//! * invisible characters (soft hyphen, zero-width space and joiners,
//!   direction marks, byte-order mark) are deleted, so `flow\u{AD}forming`
//!   reads as `flowforming` and cannot hide a term;
//! * a byte that is not valid UTF-8 is read as Latin-1, which is what legacy
//!   files with such bytes almost always are (`Dr\xFCckwalzmaschine`).
//!
//! Every normalised byte maps back to the original. Only the places where the
//! mapping stops being a plain shift are stored ([`OffsetMap`]), so ASCII
//! text costs one anchor per run of two or more separators, not a table per
//! byte.

use crate::utf8::{ascii_prefix, decode};

/// What each ASCII byte becomes: separators a space, letters lower case,
/// the rest itself. Sized for any byte so that the lookup needs no bounds
/// check; only the ASCII half is ever read.
static OUT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'-' | b'_'
            | b'/' | b'\\' => b' ',
            b'A'..=b'Z' => b + 32,
            // NUL and the other control characters are not separators:
            // they break a term, as any punctuation does.
            _ => b,
        };
        i += 1;
    }
    t
};

/// A point where the normalised → original mapping changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Anchor {
    /// Offset in the normalised text.
    norm: usize,
    /// Offset in the original text.
    orig: usize,
    /// 0 for a regular segment (bytes map one to one from here to the next
    /// anchor); otherwise this anchor is one output character (or the single
    /// space of a separator run) produced from `irregular` original bytes.
    irregular: usize,
}

/// Maps offsets of normalised text back to the original input.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    anchors: Vec<Anchor>,
}

impl OffsetMap {
    fn anchor_for(&self, norm: usize) -> Anchor {
        let i = self.anchors.partition_point(|a| a.norm <= norm);
        // Every normalised byte was produced after an anchor was pushed, so
        // `i >= 1` for any offset inside the normalised text.
        self.anchors[i.saturating_sub(1)]
    }

    /// Original offset of the character that produced normalised byte
    /// `norm` (a match start).
    pub(crate) fn start(&self, norm: usize) -> usize {
        let a = self.anchor_for(norm);
        if a.irregular == 0 { a.orig + (norm - a.norm) } else { a.orig }
    }

    /// Original end offset (exclusive) of a match that ends, exclusively, at
    /// normalised offset `norm_end` (which must be > 0).
    pub(crate) fn end(&self, norm_end: usize) -> usize {
        let last = norm_end - 1;
        let a = self.anchor_for(last);
        if a.irregular == 0 {
            a.orig + (last - a.norm) + 1
        } else {
            a.orig + a.irregular
        }
    }

    /// Number of anchors stored (for memory accounting in tests/benches).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.anchors.len()
    }
}

/// Normalised text with its map back to the original.
#[derive(Clone, Debug, Default)]
pub(crate) struct Normalized {
    /// Valid UTF-8 by construction (ASCII bytes and encoded `char`s only),
    /// kept as bytes: the automaton reads bytes, and checking what the
    /// writer guarantees would cost a pass over the text.
    pub(crate) text: Vec<u8>,
    pub(crate) map: OffsetMap,
}

impl Normalized {
    /// Normalise `input`, reusing this value's buffers.
    pub(crate) fn fill(&mut self, input: &[u8]) {
        let mut w = Writer {
            out: std::mem::take(&mut self.text),
            anchors: std::mem::take(&mut self.map.anchors),
            delta: None,
        };
        w.out.clear();
        w.out.reserve(input.len());
        w.anchors.clear();
        let mut i = 0;
        while i < input.len() {
            // ASCII maps in one tight loop, up to the next byte that is not.
            let n = w.ascii(&input[i..], i);
            if n > 0 {
                i += n;
                continue;
            }
            let (ch, len) = decode(&input[i..]);
            match class(ch) {
                // Deleted: the next character written anchors the shift.
                Class::Ignorable => {}
                Class::Separator => w.space(i, len),
                Class::Char => match homoglyph(ch) {
                    // A Cyrillic or Greek look-alike next to a Latin letter
                    // is a Latin letter in disguise ("mаraging" with a
                    // Cyrillic а); in a word of its own script it stays.
                    Some(l)
                        if w.word_so_far_has_latin()
                            || rest_of_word_has_latin(&input[i + len..]) =>
                    {
                        w.irregular(i, len);
                        w.out.push(l);
                    }
                    _ => w.fold(ch, i, len),
                },
            }
            i += len;
        }
        // A trailing separator run is dropped, as a leading one is.
        if w.out.last() == Some(&b' ') {
            w.out.pop();
            let n = w.out.len();
            while w.anchors.last().is_some_and(|a| a.norm >= n) {
                w.anchors.pop();
            }
        }
        self.map.anchors = w.anchors;
        self.text = w.out;
    }
}

/// Normalise a term or any short string (no offset map).
pub fn normalize(s: &str) -> String {
    let mut n = Normalized::default();
    n.fill(s.as_bytes());
    // Valid by construction; the lossy form only spells that out.
    match String::from_utf8(n.text) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Writes normalised bytes and the anchors that map them back. A separator
/// is written as a space at once, and any separator right after a space (or
/// at the very start) is skipped, so a run becomes one space that maps to
/// its first separator.
struct Writer {
    out: Vec<u8>,
    anchors: Vec<Anchor>,
    /// `orig - norm` of the current regular segment, if the last thing
    /// written was regular.
    delta: Option<isize>,
}

impl Writer {
    /// Does the next separator start a run, or continue one (or lead)?
    #[inline]
    fn after_space(&self) -> bool {
        self.out.last().is_none_or(|&b| b == b' ')
    }

    /// Map the ASCII bytes at the start of `input`, found at original
    /// offset `orig`; returns how many there were.
    #[inline]
    fn ascii(&mut self, input: &[u8], orig: usize) -> usize {
        let run = &input[..ascii_prefix(input)];
        let mut prev_space = self.after_space();
        let Writer { out, anchors, delta } = self;
        let base = out.len();
        // Write into a slice with a local cursor: the loop then keeps its
        // state in registers.
        out.resize(base + run.len(), 0);
        let dst = &mut out[base..];
        let mut k = 0;
        // Only the first byte and the byte after a skipped separator can
        // shift the mapping.
        let mut check = true;
        for (j, &b) in run.iter().enumerate() {
            let o = OUT[usize::from(b)];
            let space = o == b' ';
            if space && prev_space {
                check = true;
                continue;
            }
            if check {
                check = false;
                let (norm, at) = (base + k, orig + j);
                let d = at as isize - norm as isize;
                if *delta != Some(d) {
                    anchors.push(Anchor { norm, orig: at, irregular: 0 });
                    *delta = Some(d);
                }
            }
            dst[k] = o;
            k += 1;
            prev_space = space;
        }
        out.truncate(base + k);
        run.len()
    }

    /// A separator that is not ASCII, `len` bytes at `orig`.
    #[inline]
    fn space(&mut self, orig: usize, len: usize) {
        if !self.after_space() {
            self.irregular(orig, len);
            self.out.push(b' ');
        }
    }

    #[inline]
    fn regular(&mut self, orig: usize) {
        let norm = self.out.len();
        let delta = orig as isize - norm as isize;
        if self.delta != Some(delta) {
            self.anchors.push(Anchor { norm, orig, irregular: 0 });
            self.delta = Some(delta);
        }
    }

    #[inline]
    fn irregular(&mut self, orig: usize, len: usize) {
        let norm = self.out.len();
        self.anchors.push(Anchor { norm, orig, irregular: len });
        self.delta = None;
    }

    /// Does the word being written (back to the last separator or
    /// punctuation) hold a Latin letter?
    fn word_so_far_has_latin(&self) -> bool {
        self.out
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b >= 0x80)
            .any(u8::is_ascii_alphabetic)
    }

    fn fold(&mut self, ch: char, orig: usize, len: usize) {
        let mut buf = [0u8; 4];
        if keeps_case(ch) {
            self.regular(orig);
            self.out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            return;
        }
        // The anchor goes in before the bytes it describes, so measure the
        // folded form first.
        let n: usize = fold_char(ch).map(char::len_utf8).sum();
        if n == len {
            self.regular(orig);
        } else {
            self.irregular(orig, len);
        }
        for f in fold_char(ch) {
            self.out.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
        }
    }
}

enum Class {
    Char,
    Separator,
    Ignorable,
}

#[inline]
fn class(c: char) -> Class {
    match c {
        '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{180E}'
        | '\u{FE00}'..='\u{FE0F}' => Class::Ignorable,
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2044}'
        | '\u{2215}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{FF0F}'
        | '\u{FF3F}'
        | '\u{30FB}' => Class::Separator,
        c if c.is_whitespace() => Class::Separator,
        _ => Class::Char,
    }
}

/// The characters `c` normalises to.
#[inline]
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = match c {
        // Full-width ASCII forms, common in CJK documents.
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        // Final sigma folds with sigma, as Unicode case folding does.
        'ς' => 'σ',
        _ => c,
    };
    c.to_lowercase()
}

/// Characters that are their own normal form, in blocks common in
/// documents: no need to ask the Unicode case tables.
#[inline]
fn keeps_case(c: char) -> bool {
    matches!(c,
        // Latin-1 symbols, ß and the lower-case Latin-1 letters.
        '\u{A0}'..='\u{BF}'
        | '\u{DF}'..='\u{FF}'
        // Lower-case Cyrillic.
        | '\u{430}'..='\u{45F}'
        // Hebrew, Arabic, Syriac and neighbours: no case.
        | '\u{590}'..='\u{8FF}'
        // General punctuation (the separators and invisibles among it
        // never get here).
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}')
        || is_cjk(c)
}

/// Does the rest of a word (up to a space, punctuation or its end) hold a
/// Latin letter?
fn rest_of_word_has_latin(rest: &[u8]) -> bool {
    rest.iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b >= 0x80)
        .any(u8::is_ascii_alphabetic)
}

/// The lower-case Latin letter a Cyrillic or Greek letter is drawn like.
fn homoglyph(c: char) -> Option<u8> {
    Some(match c {
        'а' | 'А' | 'α' | 'Α' => b'a',
        'В' | 'Β' => b'b',
        'с' | 'С' | 'ϲ' => b'c',
        'ԁ' => b'd',
        'е' | 'Е' | 'Ε' => b'e',
        'Н' | 'Η' => b'h',
        'і' | 'І' | 'ι' | 'Ι' => b'i',
        'ј' | 'Ј' => b'j',
        'К' | 'κ' | 'Κ' => b'k',
        'М' | 'Μ' => b'm',
        'Ν' => b'n',
        'о' | 'О' | 'ο' | 'Ο' => b'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => b'p',
        'ԛ' => b'q',
        'ѕ' | 'Ѕ' => b's',
        'Т' | 'Τ' => b't',
        'ν' => b'v',
        'ԝ' => b'w',
        'х' | 'Х' | 'Χ' => b'x',
        'у' | 'У' | 'Υ' => b'y',
        'Ζ' => b'z',
        _ => return None,
    })
}

/// A letter or digit of a script that separates words with spaces. CJK
/// characters are alphanumeric but carry no word boundaries.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_cjk(c)
}

/// Han, kana and Hangul: scripts written without spaces between words.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, want: &str) {
        let mut n = Normalized::default();
        n.fill(input.as_bytes());
        assert_eq!(n.text, want.as_bytes(), "normalising {input:?}");
    }

    #[test]
    fn separators_and_case() {
        check("Flow-Forming\nMachine", "flow forming machine");
        check("  a \r\n\r\n b  ", "a b");
        check("a_b/c\\d", "a b c d");
        check("ÉTÉ Straße", "été straße");
        check("ＣＮＣ", "cnc");
        check("flow\u{AD}forming", "flowforming");
        check("flow\u{200B}forming", "flowforming");
        check("a\u{2013}b", "a b");
        check("ΣΟΦΟΣ", "σοφοσ");
        // Look-alikes fold to Latin inside Latin words only.
        check("m\u{430}raging", "maraging");
        check("\u{441}\u{43E}m", "com");
        check("сталь сос", "сталь сос");
    }

    #[test]
    fn invalid_utf8_reads_as_latin1() {
        let mut n = Normalized::default();
        n.fill(b"Dr\xFCckwalz");
        assert_eq!(n.text, "drückwalz".as_bytes());
        assert_eq!(n.map.end(n.text.len()), 9);
    }

    #[test]
    fn offsets_map_back() {
        let input = "Flow-\n  Forming Machines";
        let mut n = Normalized::default();
        n.fill(input.as_bytes());
        let find = |n: &Normalized, pat: &str| {
            n.text.windows(pat.len()).position(|w| w == pat.as_bytes())
        };
        let s = find(&n, "forming").unwrap();
        let e = s + "forming machine".len();
        assert_eq!(n.map.start(s), 8);
        assert_eq!(&input[n.map.start(s)..n.map.end(e)], "Forming Machine");
        let t = "İstanbul Ärger";
        n.fill(t.as_bytes());
        let s = find(&n, "ä").unwrap();
        assert_eq!(&t[n.map.start(s)..n.map.end(n.text.len())], "Ärger");
        assert_eq!(&t[n.map.start(0)..n.map.end(3)], "İ");
        assert_eq!(&t[n.map.start(0)..n.map.end(4)], "İs");
    }

    #[test]
    fn ascii_text_needs_few_anchors() {
        let mut n = Normalized::default();
        n.fill(b"one two three four five six seven");
        assert_eq!(n.map.len(), 1);
    }
}
