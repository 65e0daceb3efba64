//! `dualscan scan`: inputs → screener → reporter; exit 1 when anything is
//! flagged, 2 when nothing is but an input could not be screened.
//!
//! One input streams straight to the output in bounded memory. Several
//! inputs are scanned in parallel (rayon) and reported in input order.

use super::args::{AutomatonArg, Color, ScanArgs};
use super::inputs::{self, Opened, Source};
use super::report::{self, Found, Reporter};
use anyhow::{Context, Result};
use dualscan::{Automaton, Finding, Screener};
use rayon::prelude::*;
use std::io::{self, IsTerminal};

/// What became of one input.
enum Outcome {
    Scanned { found: Vec<Found>, notes: Vec<String>, error: Option<String> },
    Empty(String),
    Failed(String),
}

pub(crate) fn exec(a: &ScanArgs) -> Result<u8> {
    let Some(rules) = super::load_rules(a.rules.as_deref(), &a.list) else {
        return Ok(2);
    };
    let kind = match a.automaton {
        AutomatonArg::Auto => Automaton::Auto,
        AutomatonArg::Nfa => Automaton::ContiguousNfa,
        AutomatonArg::Dfa => Automaton::Dfa,
    };
    let screener = Screener::builder()
        .automaton(kind)
        .build(&rules)
        .context("compiling the rules")?;
    let sources = inputs::expand(&a.paths);
    let stdout = io::stdout();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal(),
    };
    // Findings can come by the hundred thousand: write them in blocks, not
    // a system call per line (each reporter flushes at its end).
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut rep = report::new(a.format, out, &rules, color);
    let mut status = Status::default();
    let threads = a.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
    });
    if let [Ok(src)] = sources.as_slice() {
        match big_file(src, threads) {
            Some(size) => parallel_one(
                &screener,
                src,
                size,
                threads,
                rep.as_mut(),
                &mut status,
            )?,
            None => stream_one(&screener, src, rep.as_mut(), &mut status)?,
        }
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(a.threads.unwrap_or(0))
            .build()
            .context("starting the thread pool")?;
        let outcomes: Vec<(String, Outcome)> = pool.install(|| {
            sources
                .par_iter()
                .map(|s| match s {
                    Err(msg) => (String::new(), Outcome::Failed(msg.clone())),
                    Ok(src) => (src.name(), collect_one(&screener, src)),
                })
                .collect()
        });
        for (name, o) in outcomes {
            report_one(&name, o, rep.as_mut(), &mut status)?;
        }
    }
    rep.end()?;
    Ok(status.code())
}

#[derive(Default)]
struct Status {
    flagged: bool,
    errored: bool,
}

impl Status {
    /// The one place that decides the exit code.
    fn code(&self) -> u8 {
        if self.flagged {
            1
        } else if self.errored {
            2
        } else {
            0
        }
    }
}

fn found(f: Finding, line: &dualscan::Line<'_>) -> Found {
    Found { finding: f, line: line.text.to_owned(), line_start: line.start }
}

fn note_invalid(sum: &dualscan::ScanSummary, notes: &mut Vec<String>) {
    if let Some(at) = sum.invalid_utf8_at {
        notes.push(format!(
            "invalid UTF-8 at byte {at}; invalid bytes were read as Latin-1 and shown as '?'"
        ));
    }
}

/// Scan one input straight to the reporter: bounded memory at any size.
fn stream_one(
    screener: &Screener,
    src: &Source,
    rep: &mut dyn Reporter,
    status: &mut Status,
) -> Result<()> {
    let name = src.name();
    match inputs::open(src) {
        Opened::Text(reader, note) => {
            if let Some(n) = note {
                eprintln!("dualscan: {name}: note: {n}");
            }
            rep.begin(&name)?;
            let mut write_err: Option<io::Error> = None;
            let res = screener.scan_reader_with(reader, |f, line| {
                status.flagged |= f.is_flagged();
                if write_err.is_none()
                    && let Err(e) = rep.finding(&found(f, line))
                {
                    write_err = Some(e);
                }
            });
            if let Some(e) = write_err {
                return Err(e.into());
            }
            rep.end_document()?;
            match res {
                Ok(sum) => {
                    let mut notes = Vec::new();
                    note_invalid(&sum, &mut notes);
                    for n in notes {
                        eprintln!("dualscan: {name}: note: {n}");
                    }
                }
                Err(e) => {
                    status.errored = true;
                    eprintln!(
                        "dualscan: {name}: error: reading failed part-way: {e}"
                    );
                }
            }
        }
        Opened::Empty(n) => {
            eprintln!("dualscan: {name}: note: {n}");
            rep.begin(&name)?;
            rep.end_document()?;
        }
        Opened::Failed(m) => {
            status.errored = true;
            eprintln!("dualscan: {name}: error: {m}");
        }
    }
    Ok(())
}

/// A single file between these sizes is read whole and split across
/// threads; smaller ones gain nothing, larger ones stream in bounded memory.
const PARALLEL_MIN: u64 = 32 << 20;
const PARALLEL_MAX: u64 = 1 << 30;

/// `Some(size)` when `src` is a regular file worth splitting across threads.
fn big_file(src: &Source, threads: usize) -> Option<u64> {
    let Source::File(p) = src else { return None };
    let m = std::fs::metadata(p).ok()?;
    (threads > 1
        && m.is_file()
        && (PARALLEL_MIN..=PARALLEL_MAX).contains(&m.len()))
    .then_some(m.len())
}

/// Scan one large file on `threads` threads (identical findings to a
/// stream), then report in order.
fn parallel_one(
    screener: &Screener,
    src: &Source,
    size: u64,
    threads: usize,
    rep: &mut dyn Reporter,
    status: &mut Status,
) -> Result<()> {
    let name = src.name();
    let mut reader = match inputs::open(src) {
        Opened::Text(r, note) => {
            if let Some(n) = note {
                eprintln!("dualscan: {name}: note: {n}");
            }
            r
        }
        // Empty or refused: the streaming path says so the same way.
        _ => return stream_one(screener, src, rep, status),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    if let Err(e) = std::io::Read::read_to_end(&mut reader, &mut bytes) {
        status.errored = true;
        eprintln!("dualscan: {name}: error: cannot read: {e}");
        return Ok(());
    }
    // Lines come from the library, as in a stream: the two paths print the
    // same thing.
    let mut found_v = Vec::new();
    let sum = screener.scan_bytes_parallel_with(&bytes, threads, |f, line| {
        found_v.push(found(f, line));
    });
    let mut notes = Vec::new();
    note_invalid(&sum, &mut notes);
    for n in notes {
        eprintln!("dualscan: {name}: note: {n}");
    }
    rep.begin(&name)?;
    for f in found_v {
        status.flagged |= f.finding.is_flagged();
        rep.finding(&f)?;
    }
    rep.end_document()?;
    Ok(())
}

/// Scan one input of a batch into memory (run on the thread pool).
fn collect_one(screener: &Screener, src: &Source) -> Outcome {
    match inputs::open(src) {
        Opened::Text(reader, note) => {
            let mut found_v = Vec::new();
            let mut notes: Vec<String> = note.into_iter().collect();
            let res = screener.scan_reader_with(reader, |f, line| {
                found_v.push(found(f, line))
            });
            let error = match res {
                Ok(sum) => {
                    note_invalid(&sum, &mut notes);
                    None
                }
                Err(e) => Some(format!("reading failed part-way: {e}")),
            };
            Outcome::Scanned { found: found_v, notes, error }
        }
        Opened::Empty(n) => Outcome::Empty(n),
        Opened::Failed(m) => Outcome::Failed(m),
    }
}

fn report_one(
    name: &str,
    o: Outcome,
    rep: &mut dyn Reporter,
    status: &mut Status,
) -> Result<()> {
    match o {
        Outcome::Scanned { found, notes, error } => {
            for n in notes {
                eprintln!("dualscan: {name}: note: {n}");
            }
            rep.begin(name)?;
            for f in &found {
                status.flagged |= f.finding.is_flagged();
                rep.finding(f)?;
            }
            rep.end_document()?;
            if let Some(e) = error {
                status.errored = true;
                eprintln!("dualscan: {name}: error: {e}");
            }
        }
        Outcome::Empty(n) => {
            eprintln!("dualscan: {name}: note: {n}");
            rep.begin(name)?;
            rep.end_document()?;
        }
        Outcome::Failed(msg) => {
            status.errored = true;
            if name.is_empty() {
                eprintln!("dualscan: error: {msg}");
            } else {
                eprintln!("dualscan: {name}: error: {msg}");
            }
        }
    }
    Ok(())
}
