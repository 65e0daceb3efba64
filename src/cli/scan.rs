//! `dualscan scan`: inputs → screener → reporter; exit 1 when anything is
//! flagged, 2 when nothing is but an input could not be screened.

use super::args::{Color, ScanArgs};
use super::inputs::{self, Loaded, Source};
use super::report;
use anyhow::{Context, Result};
use dualscan::{Finding, Screener};
use rayon::prelude::*;
use std::io::{self, IsTerminal};

enum Outcome {
    Scanned(Vec<u8>, Vec<Finding>, Option<String>),
    Empty(String),
    Failed(String),
}

pub(crate) fn exec(a: &ScanArgs) -> Result<u8> {
    let Some(rules) = super::load_rules(a.rules.as_deref(), &a.list) else {
        return Ok(2);
    };
    let screener = Screener::new(&rules).context("compiling the rules")?;
    let sources = inputs::expand(&a.paths);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("starting the thread pool")?;
    // Scan in parallel, report in input order.
    let outcomes: Vec<(String, Outcome)> = pool.install(|| {
        sources
            .par_iter()
            .map(|s| match s {
                Err(msg) => (String::new(), Outcome::Failed(msg.clone())),
                Ok(src) => (src.name(), scan_one(&screener, src)),
            })
            .collect()
    });
    let stdout = io::stdout();
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal(),
    };
    let mut rep = report::new(a.format, stdout.lock(), &rules, color);
    let (mut flagged, mut errored) = (false, false);
    for (name, o) in outcomes {
        match o {
            Outcome::Scanned(bytes, findings, note) => {
                if let Some(n) = note {
                    eprintln!("dualscan: {name}: note: {n}");
                }
                flagged |= findings.iter().any(Finding::is_flagged);
                rep.document(&name, &bytes, &findings)?;
            }
            Outcome::Empty(n) => {
                eprintln!("dualscan: {name}: note: {n}");
                rep.document(&name, &[], &[])?;
            }
            Outcome::Failed(msg) => {
                errored = true;
                if name.is_empty() {
                    eprintln!("dualscan: error: {msg}");
                } else {
                    eprintln!("dualscan: {name}: error: {msg}");
                }
            }
        }
    }
    rep.end()?;
    Ok(if flagged {
        1
    } else if errored {
        2
    } else {
        0
    })
}

fn scan_one(screener: &Screener, src: &Source) -> Outcome {
    match inputs::load(src) {
        Loaded::Text(bytes, note) => {
            let findings = screener.scan_bytes(&bytes);
            Outcome::Scanned(bytes, findings, note)
        }
        Loaded::Empty(n) => Outcome::Empty(n),
        Loaded::Failed(m) => Outcome::Failed(m),
    }
}
