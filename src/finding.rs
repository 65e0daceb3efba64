//! What a scan reports: [`Finding`]s, each a span of the input and every
//! entry it falls under.
//!
//! ```text
//! "… supply of the 3GFF-700 cold flow forming machine controlled by …"
//!                           └────────── Finding ──────┘
//!                             ├─ EntryHit MTCR 3.B.3  (EU 2B109)
//!                             ├─ EntryHit NSG-2 1.B.1 (EU 2B209)
//!                             └─ EntryHit WA-DU 2.B.9 (EU 2B009)
//! ```
//!
//! All types serialise to the JSON shown in the README's "Output formats"
//! section; findings are sorted by position.

use crate::rules::Category;
use serde::Serialize;
use std::fmt;

/// Whether an entry hit is controlled as far as the text tells.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// The item is named and nothing stated puts it outside control.
    Flagged,
    /// A stated technical value is outside the control range; reported so
    /// that the reviewer sees the value that decided it.
    BelowThreshold,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Flagged => "flagged",
            Status::BelowThreshold => "below-threshold",
        })
    }
}

/// How strongly the text supports an entry hit.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Confidence {
    /// Reserved for weak signals.
    Low,
    /// A specific term alone, or a weak term with its context.
    Medium,
    /// A stated parameter meets the threshold, or a term with context.
    High,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        })
    }
}

/// Why an entry hit has its status and confidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Evidence {
    /// A context (`near`) term of the entry within the window.
    Near {
        /// The text as found.
        text: String,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
    /// A stated technical value, converted to the rule's unit.
    Parameter {
        /// The parameter's name in the rule.
        name: String,
        /// The value in `unit` (the end of a range that was compared).
        value: f64,
        /// The rule's unit.
        unit: String,
        /// Whether the value is inside the control range.
        meets: bool,
        /// The statement as found, e.g. `8 t`.
        text: String,
        /// The rule's threshold, e.g. `> 60 kN`.
        threshold: String,
        /// Whether the parameter's name was stated next to the value.
        tied: bool,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
    /// A statement that the item is controlled or licensable ("requires
    /// an export licence"); it gates weak terms like a context word.
    #[serde(rename = "control-statement")]
    ControlStatement {
        /// The statement as found.
        text: String,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
    /// An end use named near the goods ("for rocket motor cases"): the
    /// same words are a red flag of the document.
    #[serde(rename = "end-use")]
    EndUse {
        /// What kind of end use.
        category: Category,
        /// The words naming it.
        text: String,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
    /// A context word of the entry stated as absent ("*no* NC control",
    /// "without CNC"): the item lacks what the entry needs, so the entry
    /// is below threshold.
    Negation {
        /// The negated context word as found, with its negation.
        text: String,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
    /// The words that say what the item is as named: a material term that
    /// only says what a finished product is made of ("carbon fibre
    /// *bicycle frame*"). It makes the entry below threshold.
    Form {
        /// The product noun as found.
        text: String,
        /// Byte offsets in the input.
        start: usize,
        /// End byte offset (exclusive).
        end: usize,
    },
}

impl Evidence {
    /// The evidence's span in the input.
    pub fn span(&self) -> (usize, usize) {
        let (start, end, _) = self.parts();
        (start, end)
    }

    /// The evidence's text as found in the input.
    pub fn text(&self) -> &str {
        self.parts().2
    }

    fn parts(&self) -> (usize, usize, &str) {
        match self {
            Evidence::Near { start, end, text }
            | Evidence::Parameter { start, end, text, .. }
            | Evidence::ControlStatement { start, end, text }
            | Evidence::EndUse { start, end, text, .. }
            | Evidence::Negation { start, end, text }
            | Evidence::Form { start, end, text } => (*start, *end, text),
        }
    }

    pub(crate) fn shift(&mut self, by: usize) {
        let (start, end) = match self {
            Evidence::Near { start, end, .. }
            | Evidence::Parameter { start, end, .. }
            | Evidence::ControlStatement { start, end, .. }
            | Evidence::EndUse { start, end, .. }
            | Evidence::Negation { start, end, .. }
            | Evidence::Form { start, end, .. } => (start, end),
        };
        *start += by;
        *end += by;
    }
}

/// What a term names in its text.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// The goods the text trades, offers, seeks or describes.
    Goods,
    /// A purpose, programme, platform or user: reported as a red flag,
    /// never flagged as goods.
    EndUse,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Goods => "goods",
            Role::EndUse => "end-use",
        })
    }
}

/// A span of the input and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text as found.
    pub text: String,
    /// Byte offsets in the input.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// What a red flag names: a list entry's item named as an end use, or an
/// end-use phrase of the cue words (no entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The text as found.
    pub text: String,
    /// Byte offsets in the input.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The entry's list, when the mention is an entry's term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// The entry's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// An end use the text names (weapon system, programme, platform or
/// user): the catch-all red flags of EU 2021/821 Art. 4 and EAR 744.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RedFlag {
    /// Nuclear, missile, chemical, biological or military.
    pub category: Category,
    /// The words that make it an end use ("for use in", "programme"),
    /// when there are such words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// The end use named.
    pub mention: Mention,
    /// Negated ("not for military use"): reported, and never clears goods.
    pub negated: bool,
    /// Ids of the goods findings whose context holds this end use.
    pub near_findings: Vec<String>,
}

/// One entry that a finding falls under.
///
/// Built only by a scan; `#[non_exhaustive]` so that fields can be added
/// (roles, locations) without breaking callers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EntryHit {
    /// List id, e.g. `MTCR`.
    pub list: String,
    /// Entry id, e.g. `3.B.3`.
    pub id: String,
    /// EU / US CCL number, e.g. `2B109`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eu: Option<String>,
    /// The regime's name.
    pub regime: String,
    /// The entry's title.
    pub title: String,
    /// The list edition of the rule file.
    pub edition: String,
    /// The rule term that matched, as written in the rule file.
    pub term: String,
    /// Flagged or below-threshold.
    pub status: Status,
    /// How strongly the text supports it.
    pub confidence: Confidence,
    /// Byte offsets of this entry's own match (inside the finding's span).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Goods: an entry hit is always the goods the text names (end uses
    /// are red flags).
    pub role: Role,
    /// Context terms, stated values, control statements, end uses.
    pub evidence: Vec<Evidence>,
}

/// A place in the input and every entry it falls under.
///
/// Built only by a scan, complete from the start (id, line and column
/// included); `#[non_exhaustive]` so that fields can be added without
/// breaking callers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable id: a hash of the document digest, the span and the entry
    /// references, so a reviewer's disposition can follow it across runs.
    pub id: String,
    /// Byte offset of the start in the original input.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// The input text of the span.
    pub text: String,
    /// Every entry hit, in list order (empty for a red flag).
    pub entries: Vec<EntryHit>,
    /// An end use named here, instead of goods: a red flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<RedFlag>,
}

impl Finding {
    /// Is any entry of this finding flagged (not only below-threshold)?
    pub fn is_flagged(&self) -> bool {
        self.entries.iter().any(|e| e.status == Status::Flagged)
    }

    /// Is this finding a red flag (an end use, not goods)?
    pub fn is_red_flag(&self) -> bool {
        self.red_flag.is_some()
    }
}
