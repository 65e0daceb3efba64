//! The TOML schema of a rule file (shown field by field in the README's
//! "Rule files" section), as serde types.
//!
//! Every table rejects unknown fields, so a misspelt key is an error at that
//! key instead of a rule that is quietly off. Values that later checks point
//! at keep their byte span (`Spanned`).

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileDoc {
    pub(crate) schema: Spanned<i64>,
    /// A list file has `[list]` and entries; a cue file has `[cues]`.
    #[serde(default)]
    pub(crate) list: Option<Spanned<ListDoc>>,
    #[serde(default)]
    pub(crate) entry: Vec<EntryDoc>,
    #[serde(default)]
    pub(crate) cues: Option<Spanned<CuesDoc>>,
    #[serde(default)]
    pub(crate) defaults: Option<DefaultsDoc>,
}

/// `[defaults]`: what every entry of the file shares.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DefaultsDoc {
    /// Context words of every entry of the file, kept once.
    #[serde(default)]
    pub(crate) near: Vec<Spanned<String>>,
}

/// `[cues]`: the words that decide roles (see `rules/cues.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CuesDoc {
    #[serde(default)]
    pub(crate) purpose: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) purpose_weak: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) trade: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) control: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) negation: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) modifier_heads: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) products: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) end_use: Vec<EndUseDoc>,
}

/// `[[cues.end_use]]`: words that name an end use of one category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EndUseDoc {
    pub(crate) category: Spanned<String>,
    pub(crate) terms: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListDoc {
    pub(crate) id: Spanned<String>,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) title: Option<String>,
    pub(crate) edition: Spanned<String>,
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// The end-use category a mention of the list's items names.
    #[serde(default)]
    pub(crate) end_use: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryDoc {
    pub(crate) id: Spanned<String>,
    #[serde(default)]
    pub(crate) eu: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) category: Option<String>,
    pub(crate) title: String,
    /// `system` or `material` (default: goods).
    #[serde(default)]
    pub(crate) kind: Option<Spanned<String>>,
    /// Overrides the list's end-use category.
    #[serde(default)]
    pub(crate) end_use: Option<Spanned<String>>,
    /// `false`: the file's `[defaults]` do not apply to this entry.
    #[serde(default)]
    pub(crate) defaults: Option<bool>,
    #[serde(default)]
    pub(crate) terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) weak_terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) near: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) also: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) window: Option<Spanned<i64>>,
    #[serde(default)]
    pub(crate) parameter: Vec<Spanned<ParamDoc>>,
    #[serde(default)]
    pub(crate) example: Vec<ExampleDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParamDoc {
    pub(crate) name: Spanned<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    pub(crate) unit: Spanned<String>,
    #[serde(default)]
    pub(crate) above: Option<f64>,
    #[serde(default)]
    pub(crate) at_least: Option<f64>,
    #[serde(default)]
    pub(crate) below: Option<f64>,
    #[serde(default)]
    pub(crate) at_most: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleDoc {
    pub(crate) text: Spanned<String>,
    pub(crate) expect: crate::rules::Expect,
}

/// Names of the fields of each table, for "did you mean" help.
pub(crate) const ENTRY_FIELDS: &[&str] = &[
    "id",
    "eu",
    "category",
    "title",
    "kind",
    "end_use",
    "defaults",
    "terms",
    "weak_terms",
    "near",
    "exclude",
    "also",
    "window",
    "parameter",
    "example",
];
