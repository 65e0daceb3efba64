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

/// A finding with the line it starts on (for the text format).
pub(crate) struct Found {
    pub(crate) finding: Finding,
    pub(crate) line: String,
    pub(crate) line_start: usize,
}

/// One output format. Documents come in order; each is opened, gets its
/// findings one at a time (so a stream of millions needs no buffer), and is
/// closed.
pub(crate) trait Reporter {
    fn begin(&mut self, source: &str) -> io::Result<()>;
    fn finding(&mut self, f: &Found) -> io::Result<()>;
    fn end_document(&mut self) -> io::Result<()>;
    fn end(&mut self) -> io::Result<()>;
    /// Does this format print the line a finding is on? (Only text does;
    /// the others are spared building it.)
    fn wants_lines(&self) -> bool {
        false
    }
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

pub(crate) fn new<'a, W: Write + 'a>(
    format: Format,
    out: W,
    rules: &'a RuleSet,
    color: bool,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Text => Box::new(Text { out, color, source: String::new() }),
        Format::Json => {
            Box::new(Json { out, rules, first: true, first_finding: true })
        }
        Format::Jsonl => Box::new(Jsonl { out, first_finding: true }),
        Format::Csv => Box::new(Csv {
            out: csv::Writer::from_writer(out),
            header: false,
            source: String::new(),
        }),
    }
}

struct Text<W> {
    out: W,
    color: bool,
    source: String,
}

impl<W: Write> Reporter for Text<W> {
    fn wants_lines(&self) -> bool {
        true
    }

    fn begin(&mut self, source: &str) -> io::Result<()> {
        source.clone_into(&mut self.source);
        Ok(())
    }

    fn finding(&mut self, found: &Found) -> io::Result<()> {
        let f = &found.finding;
        let (hl_on, hl_off) =
            if self.color { ("\x1b[1;31m", "\x1b[0m") } else { ("", "") };
        writeln!(
            self.out,
            "{}:{}:{}: {hl_on}{}{hl_off}",
            self.source,
            f.line,
            f.column,
            f.text.replace(['\n', '\r'], " ")
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
                        let verdict = if *meets { "meets" } else { "outside" };
                        writeln!(
                            self.out,
                            "        {name}: {text} = {value} {unit} ({verdict} {threshold})"
                        )?;
                    }
                    _ => {}
                }
            }
        }
        // The line, with the match highlighted on a terminal.
        let l = &found.line;
        let s = f.start.saturating_sub(found.line_start).min(l.len());
        let e = f.end.saturating_sub(found.line_start).min(l.len());
        if l.is_char_boundary(s) && l.is_char_boundary(e) {
            writeln!(
                self.out,
                "    | {}{hl_on}{}{hl_off}{}",
                &l[..s],
                &l[s..e],
                &l[e..]
            )?;
        }
        Ok(())
    }

    fn end_document(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

struct Json<'a, W> {
    out: W,
    rules: &'a RuleSet,
    first: bool,
    first_finding: bool,
}

impl<W: Write> Json<'_, W> {
    fn begin_run(&mut self) -> io::Result<()> {
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
    fn begin(&mut self, source: &str) -> io::Result<()> {
        if self.first {
            self.begin_run()?;
        } else {
            write!(self.out, ",")?;
        }
        self.first = false;
        self.first_finding = true;
        open_document(&mut self.out, source)
    }

    fn finding(&mut self, f: &Found) -> io::Result<()> {
        write_finding(&mut self.out, &mut self.first_finding, &f.finding)
    }

    fn end_document(&mut self) -> io::Result<()> {
        write!(self.out, "]}}")
    }

    fn end(&mut self) -> io::Result<()> {
        if self.first {
            self.begin_run()?;
        }
        writeln!(self.out, "]}}")?;
        self.out.flush()
    }
}

/// `{"source": …, "findings": [` — the start of one document object.
fn open_document<W: Write>(out: &mut W, source: &str) -> io::Result<()> {
    write!(out, "{{\"source\":")?;
    serde_json::to_writer(&mut *out, source)?;
    write!(out, ",\"findings\":[")
}

/// One finding of the open document's array.
fn write_finding<W: Write>(
    out: &mut W,
    first: &mut bool,
    f: &Finding,
) -> io::Result<()> {
    if !*first {
        write!(out, ",")?;
    }
    *first = false;
    serde_json::to_writer(&mut *out, f)?;
    Ok(())
}

struct Jsonl<W> {
    out: W,
    first_finding: bool,
}

impl<W: Write> Reporter for Jsonl<W> {
    fn begin(&mut self, source: &str) -> io::Result<()> {
        self.first_finding = true;
        open_document(&mut self.out, source)
    }

    fn finding(&mut self, f: &Found) -> io::Result<()> {
        write_finding(&mut self.out, &mut self.first_finding, &f.finding)
    }

    fn end_document(&mut self) -> io::Result<()> {
        writeln!(self.out, "]}}")
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

struct Csv<W: Write> {
    out: csv::Writer<W>,
    header: bool,
    source: String,
}

const CSV_HEADER: [&str; 13] = [
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
];

impl<W: Write> Reporter for Csv<W> {
    fn begin(&mut self, source: &str) -> io::Result<()> {
        if !self.header {
            self.out.write_record(CSV_HEADER)?;
            self.header = true;
        }
        source.clone_into(&mut self.source);
        Ok(())
    }

    fn finding(&mut self, found: &Found) -> io::Result<()> {
        let f = &found.finding;
        for e in &f.entries {
            self.out.write_record([
                self.source.as_str(),
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
        Ok(())
    }

    fn end_document(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        if !self.header {
            self.out.write_record(CSV_HEADER)?;
        }
        self.out.flush()
    }
}
