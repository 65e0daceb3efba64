//! The rule model: plain data that the loader fills and the compiler
//! reads. Lists, entries, terms, parameters and examples, each with the
//! place it was declared ([`Origin`]) for diagnostics.
//!
//! ```text
//! List "MTCR" ─┬─ Entry 3.B.3 ─┬─ terms / weak_terms / near / exclude: Term
//!              │               ├─ parameters: Parameter (unit, thresholds)
//!              │               ├─ examples: Example (text, expect)
//!              │               └─ also: EntryRef "NSG-2:1.B.1"
//!              └─ Entry …
//! ```

use super::lint;
use crate::units::Unit;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

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

/// What an entry's item is: it decides how a term hit's role is read.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ItemKind {
    /// Equipment, parts, software, chemicals: goods unless the text names
    /// them as a purpose ("spare rollers for flow forming machines").
    #[default]
    Goods,
    /// A complete system or platform (a missile, a warship, a plant): in
    /// most texts the end use or the actor, goods only when traded (a
    /// quantity, an offer, a shipment).
    System,
    /// A material: goods as traded ("5 t of carbon fibre", "maraging steel
    /// bar"), not when it only says what a product is made of ("carbon
    /// fibre bicycle frame").
    Material,
    /// A part of a weapon system (a rocket motor case, a guidance set):
    /// goods as traded, an end use when other goods are for it ("a flow
    /// forming machine for rocket motor cases").
    Component,
}

/// The kind of weapon or programme an end use points to (a red flag's
/// category).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Nuclear weapons, enrichment, reprocessing.
    Nuclear,
    /// Missiles, rockets and unmanned aerial vehicles.
    Missile,
    /// Chemical weapons.
    Chemical,
    /// Biological weapons.
    Biological,
    /// Military end use or end user.
    Military,
}

impl Category {
    /// Every category, in order.
    pub const ALL: [Category; 5] = [
        Category::Nuclear,
        Category::Missile,
        Category::Chemical,
        Category::Biological,
        Category::Military,
    ];

    /// The name used in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Nuclear => "nuclear",
            Category::Missile => "missile",
            Category::Chemical => "chemical",
            Category::Biological => "biological",
            Category::Military => "military",
        }
    }

    /// Parse a category name (case-insensitive).
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The cue words of a rule set (`[cues]` in `rules/cues.toml`): what
/// decides whether a term names goods or an end use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cues {
    /// Open an end-use scope: "for use in", "intended for".
    pub purpose: Vec<Term>,
    /// Short purpose words ("for"), cancelled by trade words.
    pub purpose_weak: Vec<Term>,
    /// Trade words: offer, sold, shipped, qty.
    pub trade: Vec<Term>,
    /// Statements that an item is controlled or licensable.
    pub control: Vec<Term>,
    /// Negations: "no", "without", "not".
    pub negation: Vec<Term>,
    /// Nouns after a system term that make it a modifier ("programme").
    pub modifier_heads: Vec<Term>,
    /// Finished products: after a material term they make it what the
    /// product is made of ("carbon fibre bicycle frame").
    pub products: Vec<Term>,
    /// Words that name an end use on their own, by category.
    pub end_use: Vec<(Category, Vec<Term>)>,
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
    /// The end use its items point to when a text names them as purpose,
    /// programme or user (entries may override it).
    pub end_use: Option<Category>,
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
#[non_exhaustive]
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
    /// What the item is: goods, a complete system, or a material.
    pub kind: ItemKind,
    /// The end use a mention of the item as purpose or context points to
    /// (the entry's own, else its list's); `None`: no red flag.
    pub end_use: Option<Category>,
    /// Specific terms: a hit on their own.
    pub terms: Vec<Term>,
    /// Generic terms: a hit only with a `near` term in the window.
    pub weak_terms: Vec<Term>,
    /// Context words: evidence, and the gate for weak terms.
    pub near: Vec<Term>,
    /// The file's shared context words (`[defaults] near`), when it has
    /// them: an index into [`RuleSet::shared_near`](super::RuleSet::shared_near).
    pub shared_near: Option<usize>,
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
