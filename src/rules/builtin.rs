//! The rule files shipped inside the binary.
//!
//! Every `rules/*.toml` file must be listed here, in load order (MTCR,
//! NSG-1, NSG-2, WA-DU, WA-ML); a test checks that the folder and this list
//! agree, so a new file cannot be forgotten.

/// `(file name, contents)` of each built-in rule file, in load order.
pub(crate) static FILES: &[(&str, &str)] = &[
    ("mtcr-seed.toml", include_str!("../../rules/mtcr-seed.toml")),
    ("nsg2-seed.toml", include_str!("../../rules/nsg2-seed.toml")),
    ("wadu-seed.toml", include_str!("../../rules/wadu-seed.toml")),
];
