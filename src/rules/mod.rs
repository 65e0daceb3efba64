//! Rule files → a validated [`RuleSet`].
//!
//! ```text
//! rules/*.toml ──schema: serde + toml, spans kept──► FileDoc
//!              ──load: ids, terms, units, limits──► model (List, Entry, …)
//!              ──check: `also` across files─────► RuleSet + warnings
//!              ──lint, on first use─────────────► more warnings
//! ```
//!
//! `model` is plain data, `schema` the TOML shape, `load` the per-file
//! checks, `check` the cross-file ones, `lint` the warnings, `diag` how a
//! problem is reported and `builtin` the rule files shipped in the binary.
//!
//! Loading never stops at the first problem: every file is parsed and every
//! check runs, and all diagnostics come back together, each with
//! file:line:col and a hint on how to fix it.

mod builtin;
mod check;
mod diag;
mod lint;
mod load;
mod model;
mod schema;

pub use diag::{Diagnostic, Label, Location, Severity};
pub use load::{MAX_FILE_BYTES, MAX_TERM_BYTES, MAX_TERMS, MAX_WINDOW};
pub use model::{
    Category, Cues, DEFAULT_WINDOW, Entry, EntryRef, Example, Expect,
    ItemKind, List, Parameter, Term,
};
pub(crate) use model::{Origin, SourceFile};

use std::path::Path;

/// Rule files loaded and checked: lists, entries and lint warnings.
///
/// Cloning copies everything (a few MB for the built-in set); build a
/// [`Screener`](crate::Screener) once and share it instead.
#[derive(Clone, Debug)]
pub struct RuleSet {
    lists: Vec<List>,
    entries: Vec<Entry>,
    cues: Cues,
    /// `[defaults] near` of each file that has them.
    shared_near: Vec<Vec<Term>>,
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
        load::from_dir(dir.as_ref())
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
        load::Loader::default().load(files)
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
            cues: self.cues.clone(),
            shared_near: self.shared_near.clone(),
            files: self.files.clone(),
            load_warnings: Vec::new(),
            warnings: std::sync::OnceLock::new(),
            hash: self.hash,
        }
    }

    /// The cue words loaded (`[cues]` tables): what decides whether a
    /// term names goods or an end use.
    pub fn cues(&self) -> &Cues {
        &self.cues
    }

    /// Context words shared by the entries of a file (`[defaults] near`),
    /// one group per such file; [`Entry::shared_near`] points here.
    pub fn shared_near(&self) -> &[Vec<Term>] {
        &self.shared_near
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
