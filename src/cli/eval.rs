//! `dualscan eval CASES.jsonl`: precision and recall on labelled cases.

use super::args::{EvalArgs, SimpleFormat};
use anyhow::{Context, Result};
use dualscan::Screener;
use dualscan::eval::{self, Case};
use std::io::{self, Write};

pub(crate) fn exec(a: &EvalArgs) -> Result<u8> {
    let Some(rules) = super::load_rules(a.rules.as_deref(), &[]) else {
        return Ok(2);
    };
    let text = if a.cases.as_os_str() == "-" {
        let mut t = String::new();
        std::io::Read::read_to_string(&mut io::stdin(), &mut t)
            .context("reading cases from standard input")?;
        t
    } else {
        std::fs::read_to_string(&a.cases)
            .with_context(|| format!("reading {}", a.cases.display()))?
    };
    let mut cases = Vec::new();
    let mut bad = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Case>(line) {
            Ok(c) => cases.push(c),
            Err(e) => {
                bad += 1;
                eprintln!(
                    "dualscan: {}:{}: error: {e}",
                    a.cases.display(),
                    i + 1
                );
            }
        }
    }
    if bad > 0 {
        eprintln!(
            "dualscan: error: {bad} malformed case line(s); nothing evaluated"
        );
        return Ok(2);
    }
    let screener = Screener::new(&rules).context("compiling the rules")?;
    let report = eval::evaluate(&screener, &cases, a.list.as_deref());
    let mut out = io::stdout().lock();
    if a.format == SimpleFormat::Json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(0);
    }
    for e in &report.errors {
        if !e.missed.is_empty() {
            writeln!(out, "missed      {}: {}", e.id, e.missed.join(", "))?;
        }
        if !e.false_alarms.is_empty() {
            writeln!(
                out,
                "false alarm {}: {}",
                e.id,
                e.false_alarms.join(", ")
            )?;
        }
    }
    writeln!(
        out,
        "{:<8} {:>9} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "list", "precision", "recall", "f1", "tp", "fp", "fn"
    )?;
    for (l, c) in &report.lists {
        writeln!(
            out,
            "{l:<8} {:>9.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.true_positives,
            c.false_positives,
            c.false_negatives
        )?;
    }
    for (k, c) in &report.kinds {
        writeln!(
            out,
            "kind {k:<12} precision {:.3} recall {:.3} tp {} fp {} fn {}",
            c.precision(),
            c.recall(),
            c.true_positives,
            c.false_positives,
            c.false_negatives
        )?;
    }
    let u = report.end_use;
    writeln!(
        out,
        "end-use (red flags by category) precision {:.3} recall {:.3} tp {} fp {} fn {}",
        u.precision(),
        u.recall(),
        u.true_positives,
        u.false_positives,
        u.false_negatives
    )?;
    if report.negatives > 0 {
        writeln!(
            out,
            "negatives {} of {} with no false alarm",
            report.clean_negatives, report.negatives
        )?;
    }
    let o = report.overall;
    writeln!(
        out,
        "precision {:.3} recall {:.3} f1 {:.3} cases {}",
        o.precision(),
        o.recall(),
        o.f1(),
        report.cases
    )?;
    Ok(0)
}
