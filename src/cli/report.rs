//! Output formats of `scan`, each a [`Reporter`] over `io::Write`.
//!
//! JSON (`--format json`), one document for the run:
//!
//! ```json
//! {"tool": {"name": "dualscan", "version": "0.1.0", "rules_hash": "…",
//!           "lists": [{"id": "MTCR", "edition": "…"}]},
//!  "documents": [{"source": "path", "findings": [ … ]}]}
//! ```
//!
//! A finding has `id`, `start`, `end` (byte offsets), `line`, `column`
//! (1-based, characters), `text` and `entries`; an entry hit has `list`,
//! `id`, `eu`, `regime`, `title`, `edition`, `term`, `status`
//! (`flagged` | `below-threshold`), `confidence` (`high` | `medium` |
//! `low`), its own `start`/`end`, and `evidence` (`near` and `parameter`
//! items). `jsonl` writes one line per document with `source` and
//! `findings`; `csv` one row per entry hit.

use super::args::Format;
use dualscan::{Evidence, Finding, RuleSet};
use serde::Serialize;
use std::io::{self, Write};

pub(crate) trait Reporter {
    fn document(
        &mut self,
        source: &str,
        text: &[u8],
        findings: &[Finding],
    ) -> io::Result<()>;
    fn end(&mut self) -> io::Result<()>;
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    rules_hash: String,
    lists: Vec<ListRef<'a>>,
}

#[derive(Serialize)]
struct ListRef<'a> {
    id: &'a str,
    edition: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    source: &'a str,
    findings: &'a [Finding],
}

pub(crate) fn new<'a, W: Write + 'a>(
    format: Format,
    out: W,
    rules: &'a RuleSet,
    color: bool,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Text => Box::new(Text { out, color }),
        Format::Json => Box::new(Json { out, rules, first: true }),
        Format::Jsonl => Box::new(Jsonl { out }),
        Format::Csv => {
            Box::new(Csv { out: csv::Writer::from_writer(out), header: false })
        }
    }
}

struct Text<W> {
    out: W,
    color: bool,
}

impl<W: Write> Reporter for Text<W> {
    fn document(
        &mut self,
        source: &str,
        text: &[u8],
        findings: &[Finding],
    ) -> io::Result<()> {
        for f in findings {
            let line = line_of(text, f.start);
            let (hl_on, hl_off, dim_on) = if self.color {
                ("\x1b[1;31m", "\x1b[0m", "\x1b[2m")
            } else {
                ("", "", "")
            };
            writeln!(
                self.out,
                "{source}:{}:{}: {hl_on}{}{hl_off}",
                f.line,
                f.column,
                f.text.replace('\n', " ")
            )?;
            for e in &f.entries {
                let eu =
                    e.eu.as_deref()
                        .map(|x| format!(" (EU {x})"))
                        .unwrap_or_default();
                writeln!(
                    self.out,
                    "    {} {}{eu} {} — {} [{} {}; term {:?}]",
                    e.list,
                    e.id,
                    e.regime,
                    e.title,
                    e.status,
                    e.confidence,
                    e.term
                )?;
                for ev in &e.evidence {
                    match ev {
                        Evidence::Near { text, .. } => {
                            writeln!(self.out, "        near: {text}")?
                        }
                        Evidence::Parameter {
                            name,
                            value,
                            unit,
                            meets,
                            text,
                            threshold,
                            ..
                        } => {
                            let verdict =
                                if *meets { "meets" } else { "below" };
                            writeln!(
                                self.out,
                                "        {name}: {text} = {value} {unit} ({verdict} {threshold})"
                            )?;
                        }
                        _ => {}
                    }
                }
            }
            if let Some((ls, le)) = line {
                let l = String::from_utf8_lossy(&text[ls..le]);
                let s = f.start - ls;
                let e = (f.end.min(le)) - ls;
                if l.len() <= 400
                    && l.is_char_boundary(s)
                    && l.is_char_boundary(e)
                {
                    writeln!(
                        self.out,
                        "    {dim_on}|{hl_off} {}{hl_on}{}{hl_off}{}",
                        &l[..s],
                        &l[s..e],
                        &l[e..]
                    )?;
                }
            }
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn line_of(text: &[u8], at: usize) -> Option<(usize, usize)> {
    let s = text[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let e = text[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |i| at + i);
    let e = if e > s && text[e - 1] == b'\r' { e - 1 } else { e };
    std::str::from_utf8(&text[s..e]).is_ok().then_some((s, e))
}

struct Json<'a, W> {
    out: W,
    rules: &'a RuleSet,
    first: bool,
}

impl<W: Write> Json<'_, W> {
    fn begin(&mut self) -> io::Result<()> {
        let tool = Tool {
            name: "dualscan",
            version: env!("CARGO_PKG_VERSION"),
            rules_hash: self.rules.hash(),
            lists: self
                .rules
                .lists()
                .iter()
                .map(|l| ListRef { id: &l.id, edition: &l.edition })
                .collect(),
        };
        write!(self.out, "{{\"tool\":")?;
        serde_json::to_writer(&mut self.out, &tool)?;
        write!(self.out, ",\"documents\":[")
    }
}

impl<W: Write> Reporter for Json<'_, W> {
    fn document(
        &mut self,
        source: &str,
        _: &[u8],
        findings: &[Finding],
    ) -> io::Result<()> {
        if self.first {
            self.begin()?;
        } else {
            write!(self.out, ",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &Document { source, findings })?;
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        if self.first {
            self.begin()?;
        }
        writeln!(self.out, "]}}")?;
        self.out.flush()
    }
}

struct Jsonl<W> {
    out: W,
}

impl<W: Write> Reporter for Jsonl<W> {
    fn document(
        &mut self,
        source: &str,
        _: &[u8],
        findings: &[Finding],
    ) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &Document { source, findings })?;
        writeln!(self.out)
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

struct Csv<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> Reporter for Csv<W> {
    fn document(
        &mut self,
        source: &str,
        _: &[u8],
        findings: &[Finding],
    ) -> io::Result<()> {
        if !self.header {
            self.out.write_record([
                "source",
                "finding",
                "start",
                "end",
                "line",
                "column",
                "text",
                "list",
                "id",
                "eu",
                "status",
                "confidence",
                "term",
            ])?;
            self.header = true;
        }
        for f in findings {
            for e in &f.entries {
                self.out.write_record([
                    source,
                    &f.id,
                    &f.start.to_string(),
                    &f.end.to_string(),
                    &f.line.to_string(),
                    &f.column.to_string(),
                    &f.text,
                    &e.list,
                    &e.id,
                    e.eu.as_deref().unwrap_or(""),
                    &e.status.to_string(),
                    &e.confidence.to_string(),
                    &e.term,
                ])?;
            }
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        if !self.header {
            self.out.write_record([
                "source",
                "finding",
                "start",
                "end",
                "line",
                "column",
                "text",
                "list",
                "id",
                "eu",
                "status",
                "confidence",
                "term",
            ])?;
        }
        self.out.flush()
    }
}
