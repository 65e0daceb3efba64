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
        Format::Text => Box::new(Text {
            out,
            color,
            source: String::new(),
            red_flags: Vec::new(),
        }),
        Format::Json => {
            Box::new(Json { out, rules, first: true, doc: Doc::default() })
        }
        Format::Jsonl => Box::new(Jsonl { out, doc: Doc::default() }),
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
    /// The document's red flags, printed as one block at its end.
    red_flags: Vec<Finding>,
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
        if f.red_flag.is_some() {
            self.red_flags.push(f.clone());
            return Ok(());
        }
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
                    Evidence::ControlStatement { text, .. } => writeln!(
                        self.out,
                        "        control statement: {text}"
                    )?,
                    Evidence::EndUse { category, text, .. } => writeln!(
                        self.out,
                        "        end use ({category}): {text}"
                    )?,
                    Evidence::Negation { text, .. } => writeln!(
                        self.out,
                        "        negated: {text} (the item lacks it)"
                    )?,
                    Evidence::Form { text, .. } => writeln!(
                        self.out,
                        "        a finished product: {text} (not the material)"
                    )?,
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
        if self.red_flags.is_empty() {
            return Ok(());
        }
        writeln!(self.out, "{}: red flags (end uses named):", self.source)?;
        for f in std::mem::take(&mut self.red_flags) {
            let Some(r) = &f.red_flag else { continue };
            let entry = match (&r.mention.list, &r.mention.id) {
                (Some(l), Some(i)) => format!(" ({l} {i})"),
                _ => String::new(),
            };
            let cue = r
                .cue
                .as_ref()
                .map(|c| format!(", cue {:?}", c.text))
                .unwrap_or_default();
            let negated = if r.negated { ", negated" } else { "" };
            writeln!(
                self.out,
                "    {}:{}: {} {:?}{entry}{cue}{negated}",
                f.line,
                f.column,
                r.category,
                r.mention.text.replace(['\n', '\r'], " ")
            )?;
            if !r.near_findings.is_empty() {
                writeln!(
                    self.out,
                    "        near findings: {}",
                    r.near_findings.join(", ")
                )?;
            }
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A red flag as JSON: the finding's id, line and column, then the flag.
#[derive(Serialize)]
struct RedFlagOut<'a> {
    id: &'a str,
    line: usize,
    column: usize,
    #[serde(flatten)]
    flag: &'a dualscan::RedFlag,
}

/// Write the red flags of a document: `,"red_flags":[…]`.
fn write_red_flags<W: Write>(
    out: &mut W,
    flags: &[Finding],
) -> io::Result<()> {
    write!(out, "],\"red_flags\":[")?;
    let mut first = true;
    for f in flags {
        let Some(flag) = &f.red_flag else { continue };
        if !first {
            write!(out, ",")?;
        }
        first = false;
        let o = RedFlagOut { id: &f.id, line: f.line, column: f.column, flag };
        serde_json::to_writer(&mut *out, &o)?;
    }
    Ok(())
}

struct Json<'a, W> {
    out: W,
    rules: &'a RuleSet,
    first: bool,
    doc: Doc,
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
        self.doc.open(&mut self.out, source)
    }

    fn finding(&mut self, f: &Found) -> io::Result<()> {
        self.doc.finding(&mut self.out, &f.finding)
    }

    fn end_document(&mut self) -> io::Result<()> {
        self.doc.close(&mut self.out)?;
        write!(self.out, "}}")
    }

    fn end(&mut self) -> io::Result<()> {
        if self.first {
            self.begin_run()?;
        }
        writeln!(self.out, "]}}")?;
        self.out.flush()
    }
}

/// One JSON document object being written: goods findings stream into
/// `findings`, red flags are held for `red_flags` at its end.
#[derive(Default)]
struct Doc {
    first_finding: bool,
    red_flags: Vec<Finding>,
}

impl Doc {
    /// `{"source": …, "findings": [`
    fn open<W: Write>(&mut self, out: &mut W, source: &str) -> io::Result<()> {
        self.first_finding = true;
        self.red_flags.clear();
        write!(out, "{{\"source\":")?;
        serde_json::to_writer(&mut *out, source)?;
        write!(out, ",\"findings\":[")
    }

    fn finding<W: Write>(
        &mut self,
        out: &mut W,
        f: &Finding,
    ) -> io::Result<()> {
        if f.red_flag.is_some() {
            self.red_flags.push(f.clone());
            return Ok(());
        }
        if !self.first_finding {
            write!(out, ",")?;
        }
        self.first_finding = false;
        serde_json::to_writer(&mut *out, f)?;
        Ok(())
    }

    /// `],"red_flags":[…]` (the object's closing brace is the caller's).
    fn close<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        write_red_flags(out, &std::mem::take(&mut self.red_flags))?;
        write!(out, "]")
    }
}

struct Jsonl<W> {
    out: W,
    doc: Doc,
}

impl<W: Write> Reporter for Jsonl<W> {
    fn begin(&mut self, source: &str) -> io::Result<()> {
        self.doc.open(&mut self.out, source)
    }

    fn finding(&mut self, f: &Found) -> io::Result<()> {
        self.doc.finding(&mut self.out, &f.finding)
    }

    fn end_document(&mut self) -> io::Result<()> {
        self.doc.close(&mut self.out)?;
        writeln!(self.out, "}}")
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

const CSV_HEADER: [&str; 15] = [
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
    "kind",
    "category",
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
        let (id, start, end) =
            (f.id.as_str(), f.start.to_string(), f.end.to_string());
        let (line, column) = (f.line.to_string(), f.column.to_string());
        let head =
            [self.source.as_str(), id, &start, &end, &line, &column, &f.text];
        if let Some(r) = &f.red_flag {
            // A red flag: the entry it names (if any), the cue as the term.
            let status = if r.negated { "negated" } else { "raised" };
            let cue = r.cue.as_ref().map_or("", |c| c.text.as_str());
            let tail = [
                r.mention.list.as_deref().unwrap_or(""),
                r.mention.id.as_deref().unwrap_or(""),
                "",
                status,
                "",
                cue,
                "red-flag",
                r.category.as_str(),
            ];
            self.out.write_record(head.iter().chain(&tail))?;
            return Ok(());
        }
        for e in &f.entries {
            let (status, confidence) =
                (e.status.to_string(), e.confidence.to_string());
            let tail = [
                e.list.as_str(),
                &e.id,
                e.eu.as_deref().unwrap_or(""),
                &status,
                &confidence,
                &e.term,
                "goods",
                "",
            ];
            self.out.write_record(head.iter().chain(&tail))?;
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
