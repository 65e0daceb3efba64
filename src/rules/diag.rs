//! Rule diagnostics: data first, rendered like rustc or serialised to JSON.
//!
//! ```text
//! error[E002]: unknown field `trems`
//!   --> rules/mtcr.toml:14:1
//!    |
//! 14 | trems = ["flow former"]
//!    | ^^^^^
//!    = help: expected one of `id`, `eu`, `category`, `title`, `terms`, …
//! ```
//!
//! A diagnostic stores byte spans into its source file; lines and columns
//! (1-based, columns in characters) are computed only when rendering.

use crate::utf8::floor_boundary;
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The rule set cannot be used.
    Error,
    /// Usable, but probably not what the author meant (a lint).
    Warning,
}

/// A place in a rule file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file's name as given when loading (a path or `builtin:NAME`).
    pub file: String,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column, in characters, of the span's start.
    pub column: usize,
}

/// A secondary place that explains a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem found in the rule files.
///
/// `code` is stable: `E0xx` errors make the rule set unusable, `W0xx`
/// warnings are lints (`rules check --deny-warnings` fails on them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `E002` or `W001`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, with the values involved.
    pub message: String,
    /// The primary place, if the problem has one.
    pub location: Option<Location>,
    /// Other places involved (the first declaration of a duplicate, …).
    pub labels: Vec<Label>,
    /// What would fix it.
    pub help: Option<String>,
    /// The source line of the primary location, for rendering.
    #[serde(skip)]
    pub(crate) snippet: Option<Snippet>,
}

/// The source line under a diagnostic, with the caret range in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    line_text: String,
    caret_col: usize,
    caret_len: usize,
}

/// Compute a [`Location`] and its snippet from a file's text and a span.
pub(crate) fn locate(
    file: &str,
    src: &str,
    span: Range<usize>,
) -> (Location, Snippet) {
    let start = floor_boundary(src.as_bytes(), span.start.min(src.len()));
    let end = floor_boundary(src.as_bytes(), span.end.clamp(start, src.len()));
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    let line = src[..start].matches('\n').count() + 1;
    let column = src[line_start..start].chars().count() + 1;
    let caret_len =
        src[start..end.min(line_end).max(start)].chars().count().max(1);
    (
        Location { file: file.to_owned(), span, line, column },
        Snippet {
            line_text: src[line_start..line_end].trim_end_matches('\r').into(),
            caret_col: column,
            caret_len,
        },
    )
}

impl Diagnostic {
    pub(crate) fn error(code: &'static str, message: String) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message,
            location: None,
            labels: Vec::new(),
            help: None,
            snippet: None,
        }
    }

    pub(crate) fn warning(code: &'static str, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub(crate) fn at(
        mut self,
        file: &str,
        src: &str,
        span: Range<usize>,
    ) -> Self {
        let (loc, snip) = locate(file, src, span);
        self.location = Some(loc);
        self.snippet = Some(snip);
        self
    }

    pub(crate) fn label(
        mut self,
        file: &str,
        src: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let (location, _) = locate(file, src, span);
        self.labels.push(Label { location, message: message.into() });
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Is this an error (not a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders like rustc: `error[E002]: message`, `--> file:line:col`, the
/// line with carets, labels and `= help:`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        // The gutter is as wide as the line number; one column without one.
        let num = self.location.as_ref().map(|l| l.line.to_string());
        let pad = " ".repeat(num.as_ref().map_or(1, String::len));
        if let (Some(loc), Some(num)) = (&self.location, &num) {
            write!(f, "\n{pad}--> {}:{}:{}", loc.file, loc.line, loc.column)?;
            if let Some(s) = &self.snippet {
                write!(
                    f,
                    "\n{pad} |\n{num} | {}\n{pad} | {}{}",
                    s.line_text,
                    " ".repeat(s.caret_col - 1),
                    "^".repeat(s.caret_len)
                )?;
            }
        }
        for l in &self.labels {
            write!(
                f,
                "\n{pad} = note: {} ({}:{}:{})",
                l.message, l.location.file, l.location.line, l.location.column
            )?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n{pad} = help: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let src = "schema = 1\ntrems = [\"x\"]\n";
        let d = Diagnostic::error("E002", "unknown field `trems`".into())
            .at("r.toml", src, 11..16)
            .help("did you mean `terms`?");
        assert_eq!(
            d.to_string(),
            "error[E002]: unknown field `trems`\n --> r.toml:2:1\n  |\n2 | \
             trems = [\"x\"]\n  | ^^^^^\n  = help: did you mean `terms`?"
        );
    }
}
