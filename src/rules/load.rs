//! Rule files → model: TOML parsed with serde (spans kept, unknown fields
//! rejected), size limits enforced, and every problem collected as a
//! [`Diagnostic`] instead of stopping at the first.

use super::check::cross_references;
use super::schema::{self, EntryDoc, FileDoc};
use super::{
    Category, Cues, DEFAULT_WINDOW, Diagnostic, Entry, EntryRef, Example,
    ItemKind, List, Origin, Parameter, RuleError, RuleSet, SourceFile, Term,
    lint,
};
use crate::hash::Fnv;
use crate::normalize::normalize;
use crate::units;
use std::collections::HashMap;
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

pub(super) fn from_dir(dir: &Path) -> Result<RuleSet, RuleError> {
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

/// Where a rule author finds every field, for schema errors.
const SCHEMA_HELP: &str =
    "the \"Rule files\" section of the README shows every field";

/// Collects lists, entries and diagnostics over all files.
#[derive(Default)]
pub(super) struct Loader {
    lists: Vec<List>,
    entries: Vec<Entry>,
    cues: Cues,
    shared_near: Vec<Vec<Term>>,
    /// The shared group of the file being loaded.
    file_shared: Option<usize>,
    diags: Vec<Diagnostic>,
    ids: HashMap<(usize, String), usize>,
    terms: usize,
}

impl Loader {
    pub(super) fn load(
        mut self,
        files: Vec<SourceFile>,
    ) -> Result<RuleSet, RuleError> {
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
            cues: self.cues,
            shared_near: self.shared_near,
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
        if let Some(c) = doc.cues {
            self.cues(fi, f, c.into_inner());
        }
        self.file_shared = None;
        if let Some(d) = doc.defaults {
            let near = self.terms(fi, f, "near term", d.near);
            if !near.is_empty() {
                self.shared_near.push(near);
                self.file_shared = Some(self.shared_near.len() - 1);
            }
        }
        let list = match doc.list {
            Some(l) => self.list(f, l),
            None if doc.entry.is_empty() => return,
            None => {
                let at = doc.entry[0].id.span();
                self.err(f, "E002", "entries without a `[list]`".into(), at)
                    .help = Some(format!(
                    "add a [list] table with id, name and edition; {SCHEMA_HELP}"
                ));
                return;
            }
        };
        for e in doc.entry {
            self.entry(fi, files, list, e);
        }
    }

    /// `[cues]`: added to the cues of earlier files.
    fn cues(&mut self, fi: usize, f: &SourceFile, c: schema::CuesDoc) {
        let add = |l: &mut Self, what: &str, v| l.terms(fi, f, what, v);
        let purpose = add(self, "purpose cue", c.purpose);
        self.cues.purpose.extend(purpose);
        let weak = add(self, "purpose cue", c.purpose_weak);
        self.cues.purpose_weak.extend(weak);
        let trade = add(self, "trade cue", c.trade);
        self.cues.trade.extend(trade);
        let control = add(self, "control cue", c.control);
        self.cues.control.extend(control);
        let negation = add(self, "negation cue", c.negation);
        self.cues.negation.extend(negation);
        let heads = add(self, "modifier head", c.modifier_heads);
        self.cues.modifier_heads.extend(heads);
        let products = add(self, "product", c.products);
        self.cues.products.extend(products);
        for u in c.end_use {
            let Some(cat) = self.category(f, &u.category) else { continue };
            let terms = add(self, "end-use term", u.terms);
            self.cues.end_use.push((cat, terms));
        }
    }

    /// A category name, or an error at it.
    fn category(
        &mut self,
        f: &SourceFile,
        v: &toml::Spanned<String>,
    ) -> Option<Category> {
        let c = Category::parse(v.get_ref());
        if c.is_none() {
            self.err(
                f,
                "E008",
                format!("unknown end-use category {:?}", v.get_ref()),
                v.span(),
            )
            .help = Some(
                "use nuclear, missile, chemical, biological or military"
                    .into(),
            );
        }
        c
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
                Some(s) => format!(
                    "did you mean `{s}`? unknown fields are errors so that a typo cannot switch a rule off"
                ),
                None => {
                    format!("remove the field or fix its name; {SCHEMA_HELP}")
                }
            };
            ("E002", help)
        } else if msg.starts_with("missing field") {
            ("E002", format!("add the field; {SCHEMA_HELP}"))
        } else {
            ("E002", format!("fix the value's type; {SCHEMA_HELP}"))
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
        let end_use = l.end_use.as_ref().and_then(|c| self.category(f, c));
        self.lists.push(List {
            id,
            name: l.name,
            title: l.title,
            edition: l.edition.into_inner(),
            source: l.source,
            end_use,
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
        let shared = self.file_shared.filter(|_| e.defaults != Some(false));
        if !weak_terms.is_empty() && near.is_empty() && shared.is_none() {
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
        let kind = match e
            .kind
            .as_ref()
            .map(|k| (k.get_ref().trim(), k.span()))
        {
            None | Some(("goods", _)) => ItemKind::Goods,
            Some(("system", _)) => ItemKind::System,
            Some(("material", _)) => ItemKind::Material,
            Some(("component", _)) => ItemKind::Component,
            Some((other, span)) => {
                self.err(f, "E008", format!("unknown kind {other:?}"), span)
                    .help = Some(
                    "use \"system\" (a complete system or platform), \"component\" (a part of a weapon system) or \"material\"; leave it out for goods".into(),
                );
                ItemKind::Goods
            }
        };
        let own_end_use = e.end_use.as_ref().and_then(|c| self.category(f, c));
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
            kind,
            end_use: own_end_use.or(self.lists[list].end_use),
            terms,
            weak_terms,
            near,
            shared_near: shared,
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
