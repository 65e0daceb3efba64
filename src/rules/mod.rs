//! Rule files → a validated [`RuleSet`].
//!
//! ```text
//! rules/*.toml ──parse (serde + toml, spans kept)──► FileDoc
//!              ──check (ids, terms, units, also)──► RuleSet + warnings
//! ```
//!
//! Loading never stops at the first problem: every file is parsed and every
//! check runs, and all diagnostics come back together, each with
//! file:line:col and a hint on how to fix it.

mod builtin;
mod diag;
mod lint;
mod schema;

pub use diag::{Diagnostic, Label, Location, Severity};

use crate::hash::Fnv;
use crate::normalize::normalize;
use crate::units::{self, Unit};
use schema::{EntryDoc, FileDoc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// Largest rule file accepted, in bytes. Rule files from outside are
/// untrusted; the built-in set is far smaller.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Longest term accepted, in bytes.
pub const MAX_TERM_BYTES: usize = 256;
/// Most terms (of all kinds) accepted across a rule set.
pub const MAX_TERMS: usize = 1_000_000;
/// Largest `window` an entry may ask for, in words.
pub const MAX_WINDOW: usize = 200;
/// Window in words either side of a hit when an entry sets none.
pub const DEFAULT_WINDOW: usize = 20;

/// The outcome an `[[entry.example]]` expects for its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// The entry has a hit with status `flagged`.
    Flagged,
    /// The entry has no hit at all.
    NotFlagged,
    /// The entry has hits, all of them `below-threshold`.
    BelowThreshold,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expect::Flagged => "flagged",
            Expect::NotFlagged => "not-flagged",
            Expect::BelowThreshold => "below-threshold",
        })
    }
}

/// A control list declared by one or more rule files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// List id, e.g. `MTCR`, `NSG-2`, `WA-DU`.
    pub id: String,
    /// The regime's name, e.g. "Missile Technology Control Regime".
    pub name: String,
    /// The list's title within the regime.
    pub title: Option<String>,
    /// The edition these rules track.
    pub edition: String,
    /// Where the list is published.
    pub source: Option<String>,
}

/// A reference to an entry, written `LIST:ID` (e.g. `NSG-2:1.B.1`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryRef {
    /// List id.
    pub list: String,
    /// Entry id within the list.
    pub id: String,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.list, self.id)
    }
}

impl EntryRef {
    /// Parse `LIST:ID`; `None` when there is no colon or a side is empty.
    pub fn parse(s: &str) -> Option<EntryRef> {
        let (list, id) = s.split_once(':')?;
        let (list, id) = (list.trim(), id.trim());
        if list.is_empty() || id.is_empty() {
            return None;
        }
        Some(EntryRef { list: list.to_owned(), id: id.to_owned() })
    }
}

/// Where something was declared: a rule file and a byte span in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) file: usize,
    pub(crate) span: Range<usize>,
}

/// A term as written in a rule file, and its normalised form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// As written.
    pub text: String,
    /// As matched (see the crate docs on normalisation).
    pub normalized: String,
    pub(crate) origin: Origin,
}

impl Term {
    /// Is this term a CAS registry number (`7782-39-0`)?
    pub fn is_cas(&self) -> bool {
        lint::is_cas(&self.text)
    }
}

/// A technical threshold that decides whether a hit is controlled.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's name, e.g. "roller force".
    pub name: String,
    /// Other names for it in documents.
    pub aliases: Vec<String>,
    /// The unit thresholds are written in (`kN`, `count`, …).
    pub unit_key: String,
    /// Controlled when the value is greater than this.
    pub above: Option<f64>,
    /// Controlled when the value is at least this.
    pub at_least: Option<f64>,
    /// Controlled when the value is less than this.
    pub below: Option<f64>,
    /// Controlled when the value is at most this.
    pub at_most: Option<f64>,
    pub(crate) unit: &'static Unit,
    /// name and aliases, normalised.
    pub(crate) names_norm: Vec<String>,
}

impl Parameter {
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.names_norm.iter().map(String::as_str)
    }

    fn has_lower(&self) -> bool {
        self.above.is_some() || self.at_least.is_some()
    }

    /// The end of a stated range that decides: the top for a lower bound
    /// (a machine rated 60-80 kN can do 80), the bottom otherwise.
    pub(crate) fn compared_end(&self, lo: f64, hi: f64) -> f64 {
        if self.has_lower() { hi } else { lo }
    }

    /// Does a stated range `[lo, hi]` reach into the controlled range?
    pub(crate) fn meets(&self, lo: f64, hi: f64) -> bool {
        // Conversions (8 tf → kN) carry rounding; compare with a relative
        // tolerance so a value stated exactly at a bound stays on its side.
        let eps = |x: f64| 1e-9 * x.abs().max(1.0);
        let lower_ok = match (self.above, self.at_least) {
            (Some(a), _) => hi > a + eps(a),
            (None, Some(a)) => hi >= a - eps(a),
            (None, None) => true,
        };
        let upper_ok = match (self.below, self.at_most) {
            (Some(b), _) => lo < b - eps(b),
            (None, Some(b)) => lo <= b + eps(b),
            (None, None) => true,
        };
        lower_ok && upper_ok
    }

    /// The threshold in words, e.g. "> 60 kN".
    pub fn threshold(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.above {
            parts.push(format!("> {v} {}", self.unit_key));
        }
        if let Some(v) = self.at_least {
            parts.push(format!(">= {v} {}", self.unit_key));
        }
        if let Some(v) = self.below {
            parts.push(format!("< {v} {}", self.unit_key));
        }
        if let Some(v) = self.at_most {
            parts.push(format!("<= {v} {}", self.unit_key));
        }
        parts.join(" and ")
    }
}

/// An executable example of an entry (`[[entry.example]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The text to scan.
    pub text: String,
    /// What the entry's status on it must be.
    pub expect: Expect,
    pub(crate) origin: Origin,
}

/// One control-list entry and everything that recognises it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub(crate) list: usize,
    /// Entry id within its list, e.g. `3.B.3`.
    pub id: String,
    /// EU / US CCL number, e.g. `2B109`.
    pub eu: Option<String>,
    /// The list's category heading.
    pub category: Option<String>,
    /// Short title.
    pub title: String,
    /// Specific terms: a hit on their own.
    pub terms: Vec<Term>,
    /// Generic terms: a hit only with a `near` term in the window.
    pub weak_terms: Vec<Term>,
    /// Context words: evidence, and the gate for weak terms.
    pub near: Vec<Term>,
    /// Phrases inside which a term is not this item.
    pub exclude: Vec<Term>,
    /// Entries of other lists (or this one) that control the same item.
    pub also: Vec<EntryRef>,
    /// Words either side of a hit searched for context and parameters.
    pub window: usize,
    /// Thresholds.
    pub parameters: Vec<Parameter>,
    /// Executable examples.
    pub examples: Vec<Example>,
    pub(crate) origin: Origin,
    pub(crate) also_origins: Vec<Origin>,
}

/// A loaded rule file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceFile {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// Rule files loaded and checked: lists, entries and lint warnings.
///
/// Cloning copies everything (a few MB for the built-in set); build a
/// [`Screener`](crate::Screener) once and share it instead.
#[derive(Clone, Debug)]
pub struct RuleSet {
    lists: Vec<List>,
    entries: Vec<Entry>,
    files: Vec<SourceFile>,
    /// Warnings found while loading (unchecked cross-references).
    load_warnings: Vec<Diagnostic>,
    /// Those plus the lints, computed on first use: a scan never needs
    /// them, so loading does not pay for them.
    warnings: std::sync::OnceLock<Vec<Diagnostic>>,
    hash: u64,
}

/// Rule files that could not be loaded: every diagnostic found, errors and
/// warnings, in file order.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{} error(s) in rule files; first: {}", self.error_count(), self.first())]
pub struct RuleError {
    diagnostics: Vec<Diagnostic>,
}

impl RuleError {
    /// Every diagnostic, errors and warnings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn first(&self) -> String {
        self.diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| match &d.location {
                Some(l) => format!(
                    "{}:{}:{}: {}",
                    l.file, l.line, l.column, d.message
                ),
                None => d.message.clone(),
            })
            .unwrap_or_default()
    }
}

impl RuleSet {
    /// The rule files built into this crate: every list it ships.
    ///
    /// # Panics
    ///
    /// Never in a released build: the embedded files are validated by the
    /// test suite, so a broken built-in rule fails CI, not a user.
    pub fn builtin() -> RuleSet {
        RuleSet::from_sources(
            builtin::FILES
                .iter()
                .map(|(n, t)| (format!("builtin:{n}"), (*t).to_owned())),
        )
        .expect("built-in rule files are validated by the test suite")
    }

    /// Names of the built-in rule files.
    pub fn builtin_files() -> impl Iterator<Item = &'static str> {
        builtin::FILES.iter().map(|(n, _)| *n)
    }

    /// Load every `*.toml` file of a directory (sorted by name).
    ///
    /// # Errors
    ///
    /// A [`RuleError`] holding every diagnostic of every file, when any file
    /// cannot be read or has an error. Warnings alone are not errors.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<RuleSet, RuleError> {
        let dir = dir.as_ref();
        let mut sources = Vec::new();
        let mut diags = Vec::new();
        match read_dir_sorted(dir) {
            Ok(paths) if paths.is_empty() => diags.push(
                Diagnostic::error(
                    "E000",
                    format!("no rule files (*.toml) in {}", dir.display()),
                )
                .help("point --rules at a folder of rule files"),
            ),
            Ok(paths) => {
                for p in paths {
                    match read_rule_file(&p) {
                        Ok(t) => sources.push((p.display().to_string(), t)),
                        Err(d) => diags.push(*d),
                    }
                }
            }
            Err(e) => diags.push(Diagnostic::error(
                "E000",
                format!("cannot read rule folder {}: {e}", dir.display()),
            )),
        }
        let res = RuleSet::from_sources(sources);
        if diags.is_empty() {
            return res;
        }
        if let Err(e) = res {
            diags.extend(e.diagnostics);
        }
        Err(RuleError { diagnostics: diags })
    }

    /// Load rule files given as `(name, text)` pairs; `name` appears in
    /// diagnostics.
    ///
    /// # Errors
    ///
    /// A [`RuleError`] holding every diagnostic when any file has an error.
    pub fn from_sources<N, T>(
        sources: impl IntoIterator<Item = (N, T)>,
    ) -> Result<RuleSet, RuleError>
    where
        N: Into<String>,
        T: Into<String>,
    {
        let files: Vec<SourceFile> = sources
            .into_iter()
            .map(|(n, t)| SourceFile { name: n.into(), text: t.into() })
            .collect();
        Loader::default().load(files)
    }

    /// Keep only the entries of these lists (ids as in `MTCR`, `NSG-2`).
    /// Unknown ids are ignored; see [`RuleSet::lists`] for what is loaded.
    pub fn restrict<S: AsRef<str>>(&self, lists: &[S]) -> RuleSet {
        let keep: Vec<bool> = self
            .lists
            .iter()
            .map(|l| {
                lists.iter().any(|x| x.as_ref().eq_ignore_ascii_case(&l.id))
            })
            .collect();
        let mut remap = vec![usize::MAX; self.lists.len()];
        let mut out_lists = Vec::new();
        for (i, l) in self.lists.iter().enumerate() {
            if keep[i] {
                remap[i] = out_lists.len();
                out_lists.push(l.clone());
            }
        }
        let entries = self
            .entries
            .iter()
            .filter(|e| keep[e.list])
            .map(|e| Entry { list: remap[e.list], ..e.clone() })
            .collect();
        RuleSet {
            lists: out_lists,
            entries,
            files: self.files.clone(),
            load_warnings: Vec::new(),
            warnings: std::sync::OnceLock::new(),
            hash: self.hash,
        }
    }

    /// The lists loaded, in the order first declared.
    pub fn lists(&self) -> &[List] {
        &self.lists
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The list an entry belongs to.
    pub fn list_of(&self, e: &Entry) -> &List {
        &self.lists[e.list]
    }

    /// Find an entry by reference.
    pub fn entry(&self, r: &EntryRef) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.id == r.id && self.lists[e.list].id == r.list)
    }

    /// Lint warnings (computed on first call).
    pub fn warnings(&self) -> &[Diagnostic] {
        self.warnings.get_or_init(|| {
            let mut w = self.load_warnings.clone();
            w.extend(lint::lint(self));
            w
        })
    }

    /// A content hash of the loaded rule files (hex), stable across runs.
    pub fn hash(&self) -> String {
        format!("{:016x}", self.hash)
    }

    /// The rule file location of something declared in it.
    pub(crate) fn location(&self, o: &Origin) -> Location {
        let f = &self.files[o.file];
        diag::locate(&f.name, &f.text, o.span.clone()).0
    }

    /// Where an entry is declared.
    pub fn entry_location(&self, e: &Entry) -> Location {
        self.location(&e.origin)
    }

    /// Where an example is declared.
    pub fn example_location(&self, x: &Example) -> Location {
        self.location(&x.origin)
    }

    /// Where a term is declared.
    pub fn term_location(&self, t: &Term) -> Location {
        self.location(&t.origin)
    }

    /// References to `e` from other entries' `also` (the reverse links).
    pub fn referenced_by(&self, e: &Entry) -> Vec<EntryRef> {
        let me =
            EntryRef { list: self.lists[e.list].id.clone(), id: e.id.clone() };
        let mut v: Vec<EntryRef> = self
            .entries
            .iter()
            .filter(|o| o.also.contains(&me))
            .map(|o| EntryRef {
                list: self.lists[o.list].id.clone(),
                id: o.id.clone(),
            })
            .collect();
        v.sort();
        v
    }
}

fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "toml") {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn read_rule_file(p: &Path) -> Result<String, Box<Diagnostic>> {
    let name = p.display().to_string();
    let meta = std::fs::metadata(p).map_err(|e| {
        Box::new(Diagnostic::error(
            "E000",
            format!("cannot read rule file {name}: {e}"),
        ))
    })?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(Box::new(Diagnostic::error(
            "E012",
            format!(
                "rule file {name} is {} bytes, more than the limit of {MAX_FILE_BYTES}",
                meta.len()
            ),
        )
        .help("split the list over several files")));
    }
    let bytes = std::fs::read(p).map_err(|e| {
        Box::new(Diagnostic::error(
            "E000",
            format!("cannot read rule file {name}: {e}"),
        ))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        Box::new(Diagnostic::error(
            "E001",
            format!(
                "rule file {name} is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .help("save the file as UTF-8"))
    })
}

/// Collects lists, entries and diagnostics over all files.
#[derive(Default)]
struct Loader {
    lists: Vec<List>,
    entries: Vec<Entry>,
    diags: Vec<Diagnostic>,
    ids: HashMap<(usize, String), usize>,
    terms: usize,
}

impl Loader {
    fn load(mut self, files: Vec<SourceFile>) -> Result<RuleSet, RuleError> {
        let mut hash = Fnv::new();
        let mut parsed = parse_all(&files);
        for (fi, f) in files.iter().enumerate() {
            hash.write(f.name.rsplit(['/', '\\', ':']).next().unwrap_or(""));
            hash.write(&f.text);
            self.file(fi, &files, parsed[fi].take());
        }
        let rs = RuleSet {
            lists: self.lists,
            entries: self.entries,
            files,
            load_warnings: Vec::new(),
            warnings: std::sync::OnceLock::new(),
            hash: hash.0,
        };
        let mut diags = self.diags;
        cross_references(&rs, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            diags.sort_by_key(|d| !d.is_error());
            return Err(RuleError { diagnostics: diags });
        }
        let mut rs = rs;
        rs.load_warnings = diags;
        Ok(rs)
    }

    fn err(
        &mut self,
        f: &SourceFile,
        code: &'static str,
        msg: String,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, msg).at(&f.name, &f.text, span));
        self.diags.last_mut().expect("just pushed")
    }

    fn file(
        &mut self,
        fi: usize,
        files: &[SourceFile],
        parsed: Option<Result<FileDoc, toml::de::Error>>,
    ) {
        let f = &files[fi];
        if f.text.len() > MAX_FILE_BYTES {
            self.diags.push(
                Diagnostic::error(
                    "E012",
                    format!(
                        "rule file {} is {} bytes, more than the limit of {MAX_FILE_BYTES}",
                        f.name,
                        f.text.len()
                    ),
                )
                .help("split the list over several files"),
            );
            return;
        }
        let doc: FileDoc =
            match parsed.unwrap_or_else(|| toml::from_str(&f.text)) {
                Ok(d) => d,
                Err(e) => {
                    self.toml_error(f, &e);
                    return;
                }
            };
        if *doc.schema.get_ref() != 1 {
            let d = self.err(
                f,
                "E008",
                format!("unsupported schema version {}", doc.schema.get_ref()),
                doc.schema.span(),
            );
            d.help =
                Some("this version of dualscan reads `schema = 1`".into());
            return;
        }
        let list = self.list(f, doc.list);
        for e in doc.entry {
            self.entry(fi, files, list, e);
        }
    }

    fn toml_error(&mut self, f: &SourceFile, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().to_owned();
        // Syntax errors and schema errors come back through the same type;
        // a document that parses as plain TOML has a schema error.
        let syntax = f.text.parse::<toml::Table>().is_err();
        let (code, help) = if syntax {
            ("E001", "fix the TOML syntax at this place".to_owned())
        } else if msg.starts_with("unknown field") {
            let got = msg.split('`').nth(1).unwrap_or("");
            let help = match lint::closest(got, schema::ENTRY_FIELDS) {
                Some(s) => format!("did you mean `{s}`? unknown fields are errors so that a typo cannot switch a rule off"),
                None => "remove the field or fix its name; see CONTRACT §3 for the schema".into(),
            };
            ("E002", help)
        } else if msg.starts_with("missing field") {
            ("E002", "add the field; see CONTRACT §3 for the schema".into())
        } else {
            (
                "E002",
                "fix the value's type; see CONTRACT §3 for the schema".into(),
            )
        };
        let first = msg.lines().next().unwrap_or("").to_owned();
        let d = self.err(f, code, first, span);
        d.help = Some(help);
    }

    fn list(
        &mut self,
        f: &SourceFile,
        l: toml::Spanned<schema::ListDoc>,
    ) -> Option<usize> {
        let l = l.into_inner();
        let id = l.id.get_ref().trim().to_owned();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.err(
                f,
                "E008",
                format!("invalid list id {:?}", l.id.get_ref()),
                l.id.span(),
            )
            .help = Some(
                "use letters, digits and hyphens, e.g. \"MTCR\" or \"NSG-2\""
                    .into(),
            );
            return None;
        }
        if let Some(i) = self.lists.iter().position(|x| x.id == id) {
            if self.lists[i].edition != *l.edition.get_ref() {
                let prev = self.lists[i].edition.clone();
                let msg = format!(
                    "list {id} is declared with edition {:?} here and {prev:?} elsewhere",
                    l.edition.get_ref()
                );
                self.diags.push(
                    Diagnostic::error("E011", msg)
                        .at(&f.name, &f.text, l.edition.span())
                        .help("every file of one list must track the same edition"),
                );
            }
            return Some(i);
        }
        self.lists.push(List {
            id,
            name: l.name,
            title: l.title,
            edition: l.edition.into_inner(),
            source: l.source,
        });
        Some(self.lists.len() - 1)
    }

    fn terms(
        &mut self,
        fi: usize,
        f: &SourceFile,
        what: &str,
        v: Vec<toml::Spanned<String>>,
    ) -> Vec<Term> {
        let mut out = Vec::with_capacity(v.len());
        for t in v {
            let span = t.span();
            let text = t.into_inner();
            let normalized = normalize(&text);
            self.terms += 1;
            if normalized.is_empty() {
                self.err(f, "E004", format!("empty {what} {text:?}"), span)
                    .help = Some(
                    "remove it, or write the words it should match".into(),
                );
                continue;
            }
            if text.len() > MAX_TERM_BYTES {
                self.err(f, "E012", format!("{what} is {} bytes long, more than the limit of {MAX_TERM_BYTES}", text.len()), span)
                    .help = Some("a term names an item; put longer text in an example".into());
                continue;
            }
            out.push(Term {
                text,
                normalized,
                origin: Origin { file: fi, span },
            });
        }
        out
    }

    fn entry(
        &mut self,
        fi: usize,
        files: &[SourceFile],
        list: Option<usize>,
        e: EntryDoc,
    ) {
        let f = &files[fi];
        let id = e.id.get_ref().trim().to_owned();
        let id_span = e.id.span();
        if id.is_empty() {
            self.err(f, "E004", "empty entry id".into(), id_span.clone())
                .help = Some("write the entry's number as the list numbers it, e.g. \"3.B.3\"".into());
        }
        let terms = self.terms(fi, f, "term", e.terms);
        let weak_terms = self.terms(fi, f, "weak term", e.weak_terms);
        let near = self.terms(fi, f, "near term", e.near);
        let exclude = self.terms(fi, f, "exclude phrase", e.exclude);
        if self.terms > MAX_TERMS {
            self.err(
                f,
                "E012",
                format!("more than {MAX_TERMS} terms in the rule set"),
                id_span.clone(),
            );
            self.terms = 0;
        }
        if terms.is_empty() && weak_terms.is_empty() {
            self.err(
                f,
                "E004",
                format!("entry {id} has no terms"),
                id_span.clone(),
            )
            .help = Some(
                "add `terms = [...]`: an entry without terms can never match"
                    .into(),
            );
        }
        if !weak_terms.is_empty() && near.is_empty() {
            self.err(f, "E009", format!("entry {id} has weak terms but no near terms"), id_span.clone())
                .help = Some("weak terms match only with a near term in the window: add `near = [...]`".into());
        }
        let mut also = Vec::new();
        let mut also_origins = Vec::new();
        for a in e.also {
            match EntryRef::parse(a.get_ref()) {
                Some(r) => {
                    also.push(r);
                    also_origins.push(Origin { file: fi, span: a.span() });
                }
                None => {
                    self.err(
                        f,
                        "E010",
                        format!(
                            "cross-reference {:?} is not LIST:ID",
                            a.get_ref()
                        ),
                        a.span(),
                    )
                    .help = Some("write it like \"NSG-2:1.B.1\"".into());
                }
            }
        }
        let window = match e.window {
            None => DEFAULT_WINDOW,
            Some(w) => {
                let v = *w.get_ref();
                if v < 1 || v > MAX_WINDOW as i64 {
                    self.err(
                        f,
                        "E007",
                        format!("window {v} is out of range"),
                        w.span(),
                    )
                    .help = Some(format!("use 1 to {MAX_WINDOW} words"));
                    DEFAULT_WINDOW
                } else {
                    usize::try_from(v).unwrap_or(DEFAULT_WINDOW)
                }
            }
        };
        let mut parameters = Vec::new();
        for p in e.parameter {
            if let Some(p) = self.parameter(f, p) {
                parameters.push(p);
            }
        }
        let mut examples = Vec::new();
        for x in e.example {
            let span = x.text.span();
            if x.text.get_ref().trim().is_empty() {
                self.err(f, "E004", "empty example text".into(), span.clone());
            }
            examples.push(Example {
                text: x.text.into_inner(),
                expect: x.expect,
                origin: Origin { file: fi, span },
            });
        }
        let Some(list) = list else { return };
        if let Some(&prev) = self.ids.get(&(list, id.clone())) {
            let po = self.entries[prev].origin.clone();
            let msg =
                format!("duplicate entry id {}:{id}", self.lists[list].id);
            let pf = &files[po.file];
            self.diags.push(
                Diagnostic::error("E003", msg)
                    .at(&f.name, &f.text, id_span.clone())
                    .label(&pf.name, &pf.text, po.span, "first declared here")
                    .help("each entry id appears once per list; merge the two entries"),
            );
            return;
        }
        self.ids.insert((list, id.clone()), self.entries.len());
        self.entries.push(Entry {
            list,
            id,
            eu: e
                .eu
                .map(|s| s.into_inner().trim().to_owned())
                .filter(|s| !s.is_empty()),
            category: e.category,
            title: e.title,
            terms,
            weak_terms,
            near,
            exclude,
            also,
            window,
            parameters,
            examples,
            origin: Origin { file: fi, span: id_span },
            also_origins,
        });
    }

    fn parameter(
        &mut self,
        f: &SourceFile,
        p: toml::Spanned<schema::ParamDoc>,
    ) -> Option<Parameter> {
        let pspan = p.span();
        let p = p.into_inner();
        let unit_key = p.unit.get_ref().trim().to_owned();
        let Some(unit) = units::by_key(&unit_key) else {
            let known: Vec<&str> = units::keys().collect();
            self.err(
                f,
                "E006",
                format!("unknown unit {unit_key:?}"),
                p.unit.span(),
            )
            .help = Some(format!("use one of: {}", known.join(", ")));
            return None;
        };
        let name = p.name.get_ref().trim().to_owned();
        if name.is_empty() {
            self.err(f, "E004", "empty parameter name".into(), p.name.span());
            return None;
        }
        let bad = |a: Option<f64>| a.is_some_and(|v| !v.is_finite());
        let lowers =
            usize::from(p.above.is_some()) + usize::from(p.at_least.is_some());
        let uppers =
            usize::from(p.below.is_some()) + usize::from(p.at_most.is_some());
        let lo = p.above.or(p.at_least);
        let hi = p.below.or(p.at_most);
        let problem = if lowers + uppers == 0 {
            Some("parameter has no threshold".to_owned())
        } else if lowers > 1 || uppers > 1 {
            Some("parameter sets both `above` and `at_least` (or `below` and `at_most`)".to_owned())
        } else if bad(p.above)
            || bad(p.at_least)
            || bad(p.below)
            || bad(p.at_most)
        {
            Some("threshold is not a finite number".to_owned())
        } else if let (Some(l), Some(h)) = (lo, hi) {
            (l > h).then(|| format!("lower bound {l} is above upper bound {h}: nothing is controlled"))
        } else {
            None
        };
        if let Some(msg) = problem {
            self.err(f, "E007", format!("{msg} ({name})"), pspan)
                .help = Some("give one of `above`, `at_least` and/or one of `below`, `at_most`".into());
            return None;
        }
        let mut names_norm = vec![normalize(&name)];
        names_norm.extend(
            p.aliases
                .iter()
                .map(|a| normalize(a.get_ref()))
                .filter(|a| !a.is_empty()),
        );
        Some(Parameter {
            name,
            aliases: p
                .aliases
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
            unit_key: unit.key.to_owned(),
            above: p.above,
            at_least: p.at_least,
            below: p.below,
            at_most: p.at_most,
            unit,
            names_norm,
        })
    }
}

/// Parse every file's TOML, on up to four threads: parsing is most of the
/// cost of loading the built-in rules, and files are independent. Files over
/// the size limit are left unparsed (`None`).
fn parse_all(
    files: &[SourceFile],
) -> Vec<Option<Result<FileDoc, toml::de::Error>>> {
    let parse = |f: &SourceFile| {
        (f.text.len() <= MAX_FILE_BYTES).then(|| toml::from_str(&f.text))
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(4)
        .min(files.len());
    crate::par::map_pool(files, threads, parse)
}

/// `also` must point at an entry that exists, when its list is loaded.
fn cross_references(rs: &RuleSet, diags: &mut Vec<Diagnostic>) {
    let mut by_ref: std::collections::HashSet<(&str, &str)> =
        std::collections::HashSet::new();
    for e in &rs.entries {
        by_ref.insert((rs.lists[e.list].id.as_str(), e.id.as_str()));
    }
    for e in &rs.entries {
        for (r, o) in e.also.iter().zip(&e.also_origins) {
            let f = &rs.files[o.file];
            if !rs.lists.iter().any(|l| l.id == r.list) {
                diags.push(
                    Diagnostic::warning(
                        "W006",
                        format!("cross-reference {r} is not checked: list {} is not loaded", r.list),
                    )
                    .at(&f.name, &f.text, o.span.clone()),
                );
            } else if !by_ref.contains(&(r.list.as_str(), r.id.as_str())) {
                diags.push(
                    Diagnostic::error("E005", format!("cross-reference {r} points at no entry"))
                        .at(&f.name, &f.text, o.span.clone())
                        .help(format!("check the id against the entries of {} (`dualscan rules list --list {}`)", r.list, r.list)),
                );
            }
        }
    }
}
