//! Raw findings → public [`Finding`]s: the one place a finding gets its
//! absolute offsets, line, column, text and id.
//!
//! ```text
//! segment scan ──► RawFinding { start, end, entries }   (segment offsets)
//!              ──► Finisher::finish ──► Finding { id, start, end, line,
//!                                                 column, text, entries }
//! ```
//!
//! The [`Finisher`] carries its line count and document digest from one
//! segment to the next, so a streamed or parallel scan gives every finding
//! the same line, column and id as a scan of the whole text.

use crate::finding::{EntryHit, Finding, RedFlag};
use crate::hash::{DocHasher, Fnv};
use crate::utf8::char_count;

/// A finding as the scan of one segment produces it: offsets relative to
/// the segment, no line, column, text or id yet.
#[derive(Clone, Debug)]
pub(crate) struct RawFinding {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Every entry hit, in list order.
    pub(crate) entries: Vec<EntryHit>,
    /// A red flag instead of entries, and the spans of the goods findings
    /// it is linked to (their ids are filled in when the batch is done).
    pub(crate) red_flag: Option<(RedFlag, Vec<(usize, usize)>)>,
}

impl RawFinding {
    /// Add `by` to every offset.
    pub(crate) fn shift(&mut self, by: usize) {
        if by == 0 {
            return;
        }
        self.start += by;
        self.end += by;
        for e in &mut self.entries {
            e.start += by;
            e.end += by;
            for ev in &mut e.evidence {
                ev.shift(by);
            }
        }
        if let Some((r, links)) = &mut self.red_flag {
            r.mention.start += by;
            r.mention.end += by;
            if let Some(c) = &mut r.cue {
                c.start += by;
                c.end += by;
            }
            for l in links {
                l.0 += by;
                l.1 += by;
            }
        }
    }
}

/// Fill in each red flag's `near_findings` with the ids of the goods
/// findings of `batch` whose spans it was linked to. A link to a finding
/// outside the batch (across a streaming boundary) is dropped.
pub(crate) fn link(batch: &mut [Finding], links: Vec<Vec<(usize, usize)>>) {
    for (i, spans) in links.into_iter().enumerate() {
        if spans.is_empty() {
            continue;
        }
        let ids: Vec<String> = batch
            .iter()
            .filter(|f| !f.entries.is_empty())
            .filter(|f| spans.contains(&(f.start, f.end)))
            .map(|f| f.id.clone())
            .collect();
        if let Some(r) = &mut batch[i].red_flag {
            r.near_findings = ids;
        }
    }
}

/// Gives findings their absolute offsets, line, column and id, carrying
/// the counts across segments.
#[derive(Clone, Debug, Default)]
pub(crate) struct Finisher {
    hasher: DocHasher,
    /// Absolute offset up to which the digest has read.
    hashed: usize,
    /// Absolute offset up to which lines are counted.
    counted: usize,
    /// Line breaks before `counted`.
    newlines: usize,
    /// Characters between the last line start and `counted`.
    column: usize,
}

impl Finisher {
    /// Count lines and hash up to absolute offset `to` (which must be in
    /// the segment `raw`/`text` starting at absolute `base`).
    pub(crate) fn advance(
        &mut self,
        raw: &[u8],
        text: &str,
        base: usize,
        to: usize,
    ) {
        self.count_to(text, base, to);
        self.hash_to(raw, base, to);
    }

    fn count_to(&mut self, text: &str, base: usize, to: usize) {
        if to <= self.counted {
            return;
        }
        let bytes = &text.as_bytes()[self.counted - base..to - base];
        let newlines = bytes.iter().filter(|b| **b == b'\n').count();
        let after = match bytes.iter().rposition(|b| *b == b'\n') {
            Some(i) => {
                self.column = 0;
                &bytes[i + 1..]
            }
            None => bytes,
        };
        // Characters, not bytes.
        self.column += char_count(after);
        self.newlines += newlines;
        self.counted = to;
    }

    fn hash_to(&mut self, raw: &[u8], base: usize, to: usize) {
        if to <= self.hashed {
            return;
        }
        self.hasher.write(&raw[self.hashed - base..to - base]);
        self.hashed = to;
    }

    /// The public finding of `f`, whose offsets are relative to the
    /// segment `raw`/`text` starting at absolute `base`, and the goods
    /// spans a red flag links to (absolute; see [`link`]). Findings must
    /// come in order of their start.
    pub(crate) fn finish(
        &mut self,
        mut f: RawFinding,
        raw: &[u8],
        text: &str,
        base: usize,
    ) -> (Finding, Vec<(usize, usize)>) {
        let span = f.start..f.end;
        f.shift(base);
        self.count_to(text, base, f.start);
        let (line, column) = (self.newlines + 1, self.column + 1);
        // The id hashes the document up to the end of the finding, so it is
        // stable across runs and unaffected by edits after the finding.
        self.hash_to(raw, base, f.end);
        let mut id = Fnv::new();
        id.write_bytes(&self.hasher.digest().to_le_bytes());
        id.write(&format!("{}:{}", f.start, f.end));
        for e in &f.entries {
            id.write(&e.list);
            id.write(&e.id);
        }
        let (red_flag, links) = match f.red_flag {
            Some((r, l)) => {
                id.write("red-flag");
                id.write(r.category.as_str());
                (Some(r), l)
            }
            None => (None, Vec::new()),
        };
        let finding = Finding {
            id: format!("{:016x}", id.0),
            start: f.start,
            end: f.end,
            line,
            column,
            text: text[span].to_owned(),
            entries: f.entries,
            red_flag,
        };
        (finding, links)
    }

    /// Finish a batch of findings (in order) and link its red flags.
    pub(crate) fn finish_all(
        &mut self,
        found: Vec<RawFinding>,
        raw: &[u8],
        text: &str,
        base: usize,
    ) -> Vec<Finding> {
        let (mut out, links): (Vec<Finding>, Vec<_>) =
            found.into_iter().map(|f| self.finish(f, raw, text, base)).unzip();
        link(&mut out, links);
        out
    }
}
