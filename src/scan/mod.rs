//! The scan: text in, [`Finding`]s out, pure and without I/O apart from
//! the reader a caller hands to [`Screener::scan_reader`].
//!
//! ```text
//! text ──normalise──► scan automata (overlapping) ──► whole words, plurals
//!      ──► exclusions ──► context automata over each hit's window
//!      ──► weak-term gate ──► parameters ──► group by span ──► Finding
//! ```
//!
//! `matcher` runs the automata, `gate` decides word boundaries and
//! windows, `evaluate` turns hits into findings, `params` reads stated
//! values and `stream` scans any input in bounded memory.

mod evaluate;
mod finish;
pub(crate) mod gate;
mod matcher;
pub(crate) mod params;
mod redflag;
mod role;
pub(crate) mod stream;

use crate::compile::Screener;
use crate::finding::Finding;
use crate::normalize::Normalized;
use crate::utf8::{lossy_checked, lossy_same_len};
use std::io::{self, Read};
pub use stream::{DEFAULT_CHUNK, Line, ScanSummary};

impl Screener {
    ///
    /// # Example
    ///
    /// ```
    /// let rules = dualscan::RuleSet::builtin();
    /// let screener = dualscan::Screener::new(&rules)?;
    /// let found = screener.scan("Offer: one cold flow forming machine, CNC.");
    /// assert!(found[0].entries.iter().any(|e| e.list == "MTCR" && e.id == "3.B.3"));
    /// # Ok::<(), dualscan::BuildError>(())
    /// ```
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.whole(text.as_bytes(), text)
    }

    /// Scan bytes that may not be valid UTF-8. Invalid bytes are read as
    /// Latin-1 for matching (legacy files) and appear as `?` in finding
    /// texts; offsets are byte offsets into `bytes`.
    pub fn scan_bytes(&self, bytes: &[u8]) -> Vec<Finding> {
        let text = lossy_same_len(bytes);
        self.whole(bytes, &text)
    }

    /// Scan bytes on up to `threads` threads: the input is split at line
    /// breaks and the pieces scanned side by side, with findings identical
    /// to [`Screener::scan_bytes`]. For large inputs already in memory.
    pub fn scan_bytes_parallel(
        &self,
        bytes: &[u8],
        threads: usize,
    ) -> Vec<Finding> {
        let mut v = Vec::new();
        self.scan_bytes_parallel_with(bytes, threads, |f, _| v.push(f));
        v
    }

    /// [`Screener::scan_bytes_parallel`], calling `sink` with each finding
    /// (in order) and the line it starts on, exactly as
    /// [`Screener::scan_reader_with`] would for the same bytes; the summary
    /// says where the first invalid UTF-8 byte is.
    pub fn scan_bytes_parallel_with<F>(
        &self,
        bytes: &[u8],
        threads: usize,
        mut sink: F,
    ) -> ScanSummary
    where
        F: FnMut(Finding, &Line<'_>),
    {
        let (text, utf8_err) = lossy_checked(bytes);
        let found = stream::parallel(self, bytes, &text, threads);
        let sum = ScanSummary {
            bytes: bytes.len() as u64,
            findings: found.len() as u64,
            invalid_utf8_at: utf8_err.map(|e| e.valid_up_to() as u64),
        };
        for f in found {
            let line = stream::line_of(&text, f.start, f.end, 0);
            sink(f, &line);
        }
        sum
    }

    /// Read everything from `r` and return its findings, in bounded memory
    /// apart from the findings themselves (see [`Screener::scan_reader_with`]).
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    pub fn scan_reader<R: Read>(&self, r: R) -> io::Result<Vec<Finding>> {
        let mut v = Vec::new();
        self.scan_reader_with(r, |f, _| v.push(f))?;
        Ok(v)
    }

    /// Stream `r` through the screener in fixed-size chunks, calling `sink`
    /// with each finding (in order) and the line it starts on. Memory stays
    /// bounded whatever the input size; the findings are identical to
    /// scanning the whole text at once, including terms, context and
    /// values that straddle chunk boundaries.
    ///
    /// # Errors
    ///
    /// Any error of the reader; findings already delivered stay valid.
    ///
    /// # Example
    ///
    /// ```
    /// let screener = dualscan::Screener::new(&dualscan::RuleSet::builtin())?;
    /// let mut n = 0;
    /// let input = "flow forming machine\n".repeat(1000);
    /// let sum = screener.scan_reader_with(input.as_bytes(), |f, line| {
    ///     assert_eq!(line.text, "flow forming machine");
    ///     n += 1;
    /// })?;
    /// assert_eq!((n, sum.bytes), (1000, 21_000));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scan_reader_with<R, F>(
        &self,
        r: R,
        sink: F,
    ) -> io::Result<ScanSummary>
    where
        R: Read,
        F: FnMut(Finding, &Line<'_>),
    {
        self.scan_reader_chunked(r, stream::DEFAULT_CHUNK, sink)
    }

    /// [`Screener::scan_reader_with`] with a chosen chunk size in bytes
    /// (at least 1); for tests and tuning.
    ///
    /// # Errors
    ///
    /// Any error of the reader.
    pub fn scan_reader_chunked<R, F>(
        &self,
        r: R,
        chunk: usize,
        sink: F,
    ) -> io::Result<ScanSummary>
    where
        R: Read,
        F: FnMut(Finding, &Line<'_>),
    {
        stream::run(self, r, chunk.max(1), sink)
    }

    fn whole(&self, raw: &[u8], text: &str) -> Vec<Finding> {
        let mut norm = Normalized::default();
        let found = self.segment(raw, text, &mut norm);
        let mut fin = finish::Finisher::default();
        fin.finish_all(found, raw, text, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::Automaton;
    use crate::rules::RuleSet;

    /// Every automaton option finds the same things; `Auto` switches to
    /// its DFA after `DFA_AFTER` bytes and still does.
    #[test]
    fn automaton_options_agree() {
        let rules = RuleSet::builtin();
        let text = "Offer: cold flow forming machine, 3 rollers; \
                    Drückwalzmaschine; газовая центрифуга; 流动成形机; \
                    maraging steel rotor tube, ammonium perchlorate.\n";
        let want = Screener::builder()
            .automaton(Automaton::ContiguousNfa)
            .build(&rules)
            .expect("builds")
            .scan(text);
        assert!(want.len() >= 4, "{want:?}");
        for kind in [Automaton::Dfa, Automaton::NoncontiguousNfa] {
            let s = Screener::builder().automaton(kind).build(&rules);
            assert_eq!(s.expect("builds").scan(text), want, "{kind:?}");
        }
        let auto = Screener::new(&rules).expect("builds");
        let before = auto.memory_usage();
        assert_eq!(auto.scan(text), want);
        let big = usize::try_from(Automaton::DFA_AFTER).expect("fits");
        let main = &auto.inner.main;
        main.ascii.note(big);
        main.wide.as_ref().expect("wide patterns").ac.note(big);
        assert!(auto.memory_usage() > before + (1 << 20), "no DFA built");
        assert_eq!(auto.scan(text), want);
    }
}
