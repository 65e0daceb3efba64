//! Streaming: any input size in bounded memory, with findings identical to
//! a scan of the whole text.
//!
//! The reader fills a buffer a chunk at a time. Each round scans the whole
//! buffer, delivers the findings that lie before a *limit* far enough from
//! the buffer's end that nothing after it can change them (a term, its
//! plural and boundary, and the context window all fit before the end),
//! then drops the buffer's start except a left margin that keeps the
//! context window of the next findings:
//!
//! ```text
//! buffer:  |<- keep ->|.....delivered.....|cut   limit|<- margin ->|
//!                                          └ next round starts its
//!                                            findings here
//! ```
//!
//! Line numbers, columns and the running document digest behind finding
//! ids are carried across rounds by the [`Finisher`], so a finding gets the
//! same `line`, `column` and `id` whatever the chunk size.
//!
//! [`parallel`] scans the pieces of an input in memory side by side, with
//! the same margins, and finishes their findings in one sequential pass.

use super::finish::{Finisher, RawFinding};
use super::{Screener, gate};
use crate::finding::Finding;
use crate::normalize::Normalized;
use crate::utf8::{ceil_boundary, floor_boundary, lossy_checked};
use std::io::{self, Read};

/// Default chunk read per round, in bytes.
pub const DEFAULT_CHUNK: usize = 1 << 20;

/// What a streamed scan read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Findings delivered.
    pub findings: u64,
    /// Offset of the first byte that is not valid UTF-8, if any (such bytes
    /// are read as Latin-1 for matching).
    pub invalid_utf8_at: Option<u64>,
}

/// The line a finding starts on, for reporters (cut to at most a few
/// hundred bytes around the match on very long lines).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Line<'a> {
    /// The line's text, without its line break.
    pub text: &'a str,
    /// Byte offset of `text` in the input.
    pub start: usize,
}

/// Bytes of a line shown either side of a match.
const LINE_CONTEXT: usize = 240;

/// The line around relative `[s, e)` in `text`.
pub(crate) fn line_of(
    text: &str,
    s: usize,
    e: usize,
    base: usize,
) -> Line<'_> {
    let b = text.as_bytes();
    let lo = s.saturating_sub(LINE_CONTEXT);
    let a =
        b[lo..s].iter().rposition(|x| *x == b'\n').map_or(lo, |i| lo + i + 1);
    let hi = (e + LINE_CONTEXT).min(b.len());
    let z = b[s..hi].iter().position(|x| *x == b'\n').map_or(hi, |i| s + i);
    let (a, z) = (floor_boundary(b, a), ceil_boundary(b, z));
    let t = text[a..z].trim_end_matches('\r');
    Line { text: t, start: base + a }
}

pub(crate) fn run<R, F>(
    sc: &Screener,
    mut r: R,
    chunk: usize,
    mut sink: F,
) -> io::Result<ScanSummary>
where
    R: Read,
    F: FnMut(Finding, &Line<'_>),
{
    let win_cap = sc.inner.max_window * gate::MAX_WORD_BYTES;
    let longest = sc.inner.main.longest;
    // Right margin: a term, its plural and boundary, and the window after a
    // hit. Left margin: the window before a hit.
    let margin_raw = win_cap + longest + 16;
    let margin_norm = longest + 4;
    let keep = win_cap + longest + 16;
    let min_fill = 2 * (margin_raw + keep);
    let mut buf: Vec<u8> = Vec::new();
    let mut base = 0usize;
    let mut emitted_to = 0usize;
    let mut fin = Finisher::default();
    let mut norm = Normalized::default();
    let mut sum = ScanSummary::default();
    let mut eof = false;
    loop {
        let target = (buf.len() + chunk).max(min_fill);
        while buf.len() < target && !eof {
            let want = (target - buf.len()).min(chunk.max(4096));
            let old = buf.len();
            buf.resize(old + want, 0);
            match r.read(&mut buf[old..]) {
                Ok(0) => {
                    buf.truncate(old);
                    eof = true;
                }
                Ok(n) => buf.truncate(old + n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    buf.truncate(old);
                }
                Err(e) => {
                    buf.truncate(old);
                    return Err(e);
                }
            }
        }
        sum.bytes = (base + buf.len()) as u64;
        // One validation pass gives both the text and the first error; an
        // incomplete character at the end of the buffer is not an error
        // until the input ends.
        let (text, utf8_err) = lossy_checked(&buf);
        if sum.invalid_utf8_at.is_none()
            && let Some(e) = utf8_err
            && (e.error_len().is_some() || eof)
        {
            sum.invalid_utf8_at = Some((base + e.valid_up_to()) as u64);
        }
        let found = sc.segment(&buf, &text, &mut norm);
        let limit = if eof {
            buf.len()
        } else {
            let by_raw = buf.len().saturating_sub(margin_raw);
            let n = norm.text.len();
            let by_norm = if n > margin_norm {
                norm.map.start(n - margin_norm)
            } else {
                0
            };
            by_raw.min(by_norm)
        };
        let mut cut = limit;
        let mut batch = Vec::new();
        for f in found {
            if base + f.start < emitted_to {
                continue;
            }
            if f.end > limit {
                cut = cut.min(f.start);
                break;
            }
            batch.push(f);
        }
        // Finished together, so that red flags link to the goods of the
        // batch; then given out in order, each with its line.
        for f in fin.finish_all(batch, &buf, &text, base) {
            let line = line_of(&text, f.start - base, f.end - base, base);
            sum.findings += 1;
            sink(f, &line);
        }
        if eof {
            return Ok(sum);
        }
        emitted_to = base + cut;
        // Drop what no later finding can need, at a character boundary.
        let head = floor_boundary(&buf, cut.saturating_sub(keep));
        if head > 0 {
            fin.advance(&buf, &text, base, base + head);
            drop(text);
            drop_front(&mut buf, head);
            base += head;
        }
    }
}

/// Remove the first `n` bytes, keeping the allocation.
fn drop_front(buf: &mut Vec<u8>, n: usize) {
    buf.copy_within(n.., 0);
    buf.truncate(buf.len() - n);
}

/// Largest piece [`parallel`] gives a thread at a time.
const PIECE: usize = 8 << 20;

/// Scan `raw` (with its same-length text) split into pieces at line
/// breaks, the pieces on up to `threads` threads, and return exactly the
/// findings of a whole scan.
///
/// Each piece is scanned with the margins of [`run`] around it and keeps
/// the findings that start inside it and end before its right margin; a
/// sequential pass then gives line, column and id.
pub(crate) fn parallel(
    sc: &Screener,
    raw: &[u8],
    text: &str,
    threads: usize,
) -> Vec<Finding> {
    let win_cap = sc.inner.max_window * gate::MAX_WORD_BYTES;
    let margin = win_cap + sc.inner.main.longest + 16;
    let threads = threads.max(1);
    // More pieces than threads, each at most PIECE: a thread that finishes
    // early takes the next, and pieces scanned after `Automaton::Auto` has
    // built its DFAs use them. Pieces smaller than a few margins gain
    // nothing.
    let parts = raw.len().div_ceil(PIECE).max(threads);
    let parts = parts.clamp(1, (raw.len() / (8 * margin).max(1)).max(1));
    let mut cuts = vec![0];
    for k in 1..parts {
        let at = raw.len() * k / parts;
        // A safe point: just after a line break (or the target if none).
        let cut = raw[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(at, |i| at + i + 1);
        if cut > *cuts.last().unwrap_or(&0) && cut < raw.len() {
            cuts.push(cut);
        }
    }
    cuts.push(raw.len());
    let pieces: Vec<(usize, usize)> =
        cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let found: Vec<RawFinding> =
        crate::par::map_pool(&pieces, threads, |&(a, b)| {
            let lo = floor_boundary(raw, a.saturating_sub(margin));
            let hi = if b == raw.len() {
                b
            } else {
                ceil_boundary(raw, (b + 2 * margin).min(raw.len()))
            };
            let mut norm = Normalized::default();
            let mut v = sc.segment(&raw[lo..hi], &text[lo..hi], &mut norm);
            v.retain(|f| lo + f.start >= a && lo + f.start < b);
            for f in &mut v {
                f.shift(lo);
            }
            v
        })
        .into_iter()
        .flatten()
        .collect();
    // Offsets are already absolute: finish against the whole input.
    let mut fin = Finisher::default();
    fin.finish_all(found, raw, text, 0)
}
