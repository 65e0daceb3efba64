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
    pub(crate) list: Spanned<ListDoc>,
    #[serde(default)]
    pub(crate) entry: Vec<EntryDoc>,
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
    "terms",
    "weak_terms",
    "near",
    "exclude",
    "also",
    "window",
    "parameter",
    "example",
];
