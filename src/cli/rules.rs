//! `dualscan rules check|test|list|explain`.

use super::args::{RulesCommand, SimpleFormat};
use anyhow::{Context, Result};
use dualscan::{EntryRef, Expect, RuleSet, Screener, eval};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

pub(crate) fn exec(cmd: RulesCommand) -> Result<u8> {
    match cmd {
        RulesCommand::Check { deny_warnings, format, dir } => {
            check(dir.as_deref(), deny_warnings, format)
        }
        RulesCommand::Test { list, verbose, dir } => {
            test(dir.as_deref(), &list, verbose)
        }
        RulesCommand::List { format, list, rules } => {
            list_cmd(rules.as_deref(), &list, format)
        }
        RulesCommand::Explain { rules, entry } => {
            explain(rules.as_deref(), &entry)
        }
    }
}

fn check(dir: Option<&Path>, deny: bool, format: SimpleFormat) -> Result<u8> {
    let loaded = match dir {
        None => Ok(RuleSet::builtin()),
        Some(d) => RuleSet::from_dir(d),
    };
    let (diags, summary) = match &loaded {
        Ok(r) => {
            (r.warnings().to_vec(), Some((r.lists().len(), r.entries().len())))
        }
        Err(e) => (e.diagnostics().to_vec(), None),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let mut out = io::stdout().lock();
    if format == SimpleFormat::Json {
        serde_json::to_writer_pretty(&mut out, &diags)?;
        writeln!(out)?;
    } else {
        for d in &diags {
            writeln!(out, "{d}\n")?;
        }
        let counts = format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        match summary {
            Some((l, e)) => writeln!(
                out,
                "{}, {}: {counts}",
                plural(l, "list"),
                plural(e, "entry")
            )?,
            None => writeln!(out, "{counts}")?,
        }
    }
    Ok(if errors > 0 {
        2
    } else if deny && warnings > 0 {
        1
    } else {
        0
    })
}

fn test(dir: Option<&Path>, lists: &[String], verbose: bool) -> Result<u8> {
    let Some(rules) = super::load_rules(dir, lists) else {
        return Ok(2);
    };
    let screener = Screener::new(&rules).context("compiling the rules")?;
    let outcomes = eval::run_examples(&rules, &screener);
    let mut out = io::stdout().lock();
    let mut failed = 0;
    for o in &outcomes {
        if o.passed() {
            if verbose {
                writeln!(out, "ok   {} {}", o.entry, o.location)?;
            }
            continue;
        }
        failed += 1;
        let found = if o.found.is_empty() {
            "nothing".to_owned()
        } else {
            o.found.join(", ")
        };
        writeln!(
            out,
            "FAIL {} {}: expected {}, got {} (found {found})\n     text: {:?}",
            o.entry, o.location, o.expected, o.got, o.text
        )?;
    }
    writeln!(
        out,
        "{} examples of {} entries",
        outcomes.len(),
        rules.entries().len()
    )?;
    writeln!(out, "{} passed, {failed} failed", outcomes.len() - failed)?;
    Ok(u8::from(failed > 0))
}

#[derive(Serialize)]
struct Row<'a> {
    list: &'a str,
    id: &'a str,
    eu: Option<&'a str>,
    title: &'a str,
    terms: usize,
    weak_terms: usize,
    near: usize,
    exclude: usize,
    parameters: usize,
    cas: usize,
    examples: BTreeMap<String, usize>,
}

fn list_cmd(
    dir: Option<&Path>,
    lists: &[String],
    format: SimpleFormat,
) -> Result<u8> {
    let Some(rules) = super::load_rules(dir, lists) else {
        return Ok(2);
    };
    let rows: Vec<Row<'_>> = rules
        .entries()
        .iter()
        .map(|e| {
            let mut ex = BTreeMap::new();
            for k in
                [Expect::Flagged, Expect::NotFlagged, Expect::BelowThreshold]
            {
                ex.insert(
                    k.to_string(),
                    e.examples.iter().filter(|x| x.expect == k).count(),
                );
            }
            Row {
                list: &rules.list_of(e).id,
                id: &e.id,
                eu: e.eu.as_deref(),
                title: &e.title,
                terms: e.terms.len(),
                weak_terms: e.weak_terms.len(),
                near: e.near.len(),
                exclude: e.exclude.len(),
                parameters: e.parameters.len(),
                cas: e.terms.iter().filter(|t| t.is_cas()).count(),
                examples: ex,
            }
        })
        .collect();
    let mut out = io::stdout().lock();
    if format == SimpleFormat::Json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(0);
    }
    writeln!(
        out,
        "{:<6} {:<10} {:<8} {:>5} {:>4} {:>4} {:>4} {:>4}  title",
        "list", "id", "eu", "terms", "weak", "near", "par", "ex"
    )?;
    for r in &rows {
        let ex: usize = r.examples.values().sum();
        writeln!(
            out,
            "{:<6} {:<10} {:<8} {:>5} {:>4} {:>4} {:>4} {:>4}  {}",
            r.list,
            r.id,
            r.eu.unwrap_or("-"),
            r.terms,
            r.weak_terms,
            r.near,
            r.parameters,
            ex,
            r.title
        )?;
    }
    writeln!(out, "{} entries", rows.len())?;
    Ok(0)
}

fn explain(dir: Option<&Path>, what: &str) -> Result<u8> {
    let Some(rules) = super::load_rules(dir, &[]) else {
        return Ok(2);
    };
    let Some(r) = EntryRef::parse(what) else {
        eprintln!(
            "dualscan: error: {what:?} is not LIST:ID (e.g. MTCR:3.B.3)"
        );
        return Ok(2);
    };
    let Some(e) = rules.entry(&r) else {
        eprintln!(
            "dualscan: error: no entry {r} in the rules (see `dualscan rules list`)"
        );
        return Ok(2);
    };
    let list = rules.list_of(e);
    let loc = rules.entry_location(e);
    let mut out = io::stdout().lock();
    writeln!(out, "{r}  {}", e.title)?;
    writeln!(
        out,
        "  regime:   {} — {}",
        list.name,
        list.title.as_deref().unwrap_or("")
    )?;
    writeln!(out, "  edition:  {}", list.edition)?;
    if let Some(eu) = &e.eu {
        writeln!(out, "  EU/CCL:   {eu}")?;
    }
    if let Some(c) = &e.category {
        writeln!(out, "  category: {c}")?;
    }
    writeln!(out, "  defined:  {}:{}:{}", loc.file, loc.line, loc.column)?;
    writeln!(out, "  window:   {} words", e.window)?;
    for (name, terms) in [
        ("terms", &e.terms),
        ("weak terms", &e.weak_terms),
        ("near", &e.near),
        ("exclude", &e.exclude),
    ] {
        if terms.is_empty() {
            continue;
        }
        writeln!(out, "  {name}:")?;
        for t in terms.iter() {
            if t.text == t.normalized {
                writeln!(out, "    {:?}", t.text)?;
            } else {
                writeln!(
                    out,
                    "    {:?}  (matched as {:?})",
                    t.text, t.normalized
                )?;
            }
        }
    }
    for p in &e.parameters {
        let aliases = if p.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", p.aliases.join(", "))
        };
        writeln!(
            out,
            "  parameter: {}{aliases}: controlled when {}",
            p.name,
            p.threshold()
        )?;
    }
    if !e.also.is_empty() {
        let v: Vec<String> = e.also.iter().map(ToString::to_string).collect();
        writeln!(out, "  also:           {}", v.join(", "))?;
    }
    let back = rules.referenced_by(e);
    if !back.is_empty() {
        let v: Vec<String> = back.iter().map(ToString::to_string).collect();
        writeln!(out, "  referenced by:  {}", v.join(", "))?;
    }
    for x in &e.examples {
        writeln!(out, "  example ({}): {:?}", x.expect, x.text)?;
    }
    Ok(0)
}

/// "1 list", "2 lists", "1 entry", "3 entries".
fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("{n} {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}
