//! `dualscan scan`: inputs → screener → reporter; exit 1 when anything is
//! flagged, 2 when nothing is but an input could not be screened.
//!
//! Every input, whichever way it is scanned, gives the same sequence of
//! [`Event`]s, and one function ([`Run::deliver`]) turns events into output
//! and the exit status:
//!
//! * one input streams its events straight to the output in bounded
//!   memory (a large regular file is split across threads instead);
//! * several inputs are scanned on a thread pool, each into a list of
//!   events, and printed in input order as soon as every input before them
//!   is done, so a finished file waits only for the ones named before it.

use super::args::{AutomatonArg, Color, ScanArgs};
use super::inputs::{self, Input, Opened, Source};
use super::report::{self, Found, Reporter};
use anyhow::{Context, Result};
use dualscan::{Automaton, Finding, Screener};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::sync::mpsc;

/// What scanning one input produces, in order.
enum Event {
    /// A line for stderr about the input.
    Note(String),
    /// The document opens (even an empty one is listed).
    Begin,
    /// Boxed: a finding is large, the other events are small.
    Finding(Box<Found>),
    End,
    /// The input could not be screened, or failed part-way.
    Error(String),
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
    let inputs = inputs::expand(&a.paths);
    let stdout = io::stdout();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal(),
    };
    // Findings can come by the hundred thousand: write them in blocks, not
    // a system call per line (each reporter flushes at its end).
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let rep = report::new(a.format, out, &rules, color);
    let lines = rep.wants_lines();
    let mut run = Run { rep, flagged: false, errored: false };
    let threads = a.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
    });
    if let [input] = inputs.as_slice() {
        scan_input(&screener, input, threads, lines, &mut |e| {
            run.deliver(input, e)
        })?;
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(a.threads.unwrap_or(0))
            .build()
            .context("starting the thread pool")?;
        let (tx, rx) = mpsc::channel::<(usize, Vec<Event>)>();
        std::thread::scope(|s| -> Result<()> {
            let (screener, inputs) = (&screener, &inputs);
            s.spawn(move || {
                pool.install(|| {
                    inputs.par_iter().enumerate().for_each_with(
                        tx,
                        |tx, (i, input)| {
                            let mut events = Vec::new();
                            // Collecting into memory cannot fail.
                            let _ = scan_input(
                                screener,
                                input,
                                1,
                                lines,
                                &mut |e| {
                                    events.push(e);
                                    Ok(())
                                },
                            );
                            // The receiver is gone only after an output
                            // error, which ends the run anyway.
                            let _ = tx.send((i, events));
                        },
                    );
                });
            });
            // Print in input order, each input as soon as the ones before
            // it are printed.
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (i, events) in rx {
                waiting.insert(i, events);
                while let Some(events) = waiting.remove(&next) {
                    for e in events {
                        run.deliver(&inputs[next], e)?;
                    }
                    next += 1;
                }
            }
            Ok(())
        })?;
    }
    run.rep.end()?;
    Ok(run.code())
}

/// The reporter and what the run has seen so far.
struct Run<'a> {
    rep: Box<dyn Reporter + 'a>,
    flagged: bool,
    errored: bool,
}

impl Run<'_> {
    /// The one place where an input's events become output and status.
    fn deliver(&mut self, input: &Input, e: Event) -> io::Result<()> {
        // A skipped or bad path's message already names it.
        let name = match input {
            Input::Doc(src) => format!("{}: ", src.name()),
            Input::Skipped(_) | Input::Bad(_) => String::new(),
        };
        match e {
            Event::Note(n) => eprintln!("dualscan: {name}note: {n}"),
            Event::Begin => {
                if let Input::Doc(src) = input {
                    self.rep.begin(&src.name())?;
                }
            }
            Event::Finding(f) => {
                // Goods flagged, or an end use named (a red flag), exit 1.
                self.flagged |= f.finding.is_flagged()
                    || f.finding.red_flag.as_ref().is_some_and(|r| !r.negated);
                self.rep.finding(&f)?;
            }
            Event::End => self.rep.end_document()?,
            Event::Error(m) => {
                self.errored = true;
                eprintln!("dualscan: {name}error: {m}");
            }
        }
        Ok(())
    }

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

/// Scan one input, giving its events to `emit` as they happen. A large
/// file is split across `threads` threads (identical findings to a
/// stream); anything else streams in bounded memory. `lines`: give each
/// finding the text of its line (only the text format prints it).
fn scan_input(
    screener: &Screener,
    input: &Input,
    threads: usize,
    lines: bool,
    emit: &mut dyn FnMut(Event) -> io::Result<()>,
) -> io::Result<()> {
    let src = match input {
        Input::Doc(src) => src,
        Input::Skipped(m) => return emit(Event::Note(m.clone())),
        Input::Bad(m) => return emit(Event::Error(m.clone())),
    };
    let (mut reader, note) = match inputs::open(src) {
        Opened::Text(r, note) => (r, note),
        Opened::Empty(n) => {
            emit(Event::Note(n))?;
            emit(Event::Begin)?;
            return emit(Event::End);
        }
        Opened::Failed(m) => return emit(Event::Error(m)),
    };
    if let Some(n) = note {
        emit(Event::Note(n))?;
    }
    let found = |f: Finding, line: &dualscan::Line<'_>| Found {
        finding: f,
        line: if lines { line.text.to_owned() } else { String::new() },
        line_start: line.start,
    };
    if let Some(size) = big_file(src, threads) {
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        if let Err(e) = io::Read::read_to_end(&mut reader, &mut bytes) {
            return emit(Event::Error(format!("cannot read: {e}")));
        }
        // Findings are held until the scan ends: they come back in order
        // from threads that finish in any order.
        let mut all = Vec::new();
        let sum =
            screener.scan_bytes_parallel_with(&bytes, threads, |f, line| {
                all.push(found(f, line));
            });
        emit(Event::Begin)?;
        for f in all {
            emit(Event::Finding(Box::new(f)))?;
        }
        emit(Event::End)?;
        return note_invalid(&sum, emit);
    }
    emit(Event::Begin)?;
    let mut failed: Option<io::Error> = None;
    let res = screener.scan_reader_with(reader, |f, line| {
        if failed.is_none() {
            failed = emit(Event::Finding(Box::new(found(f, line)))).err();
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    emit(Event::End)?;
    match res {
        Ok(sum) => note_invalid(&sum, emit),
        Err(e) => emit(Event::Error(format!("reading failed part-way: {e}"))),
    }
}

fn note_invalid(
    sum: &dualscan::ScanSummary,
    emit: &mut dyn FnMut(Event) -> io::Result<()>,
) -> io::Result<()> {
    match sum.invalid_utf8_at {
        Some(at) => emit(Event::Note(format!(
            "invalid UTF-8 at byte {at}; invalid bytes were read as Latin-1 and shown as '?'"
        ))),
        None => Ok(()),
    }
}
