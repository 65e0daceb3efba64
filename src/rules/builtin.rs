//! The rule files shipped inside the binary.
//!
//! Every `rules/*.toml` file must be listed here; a test checks that the
//! folder and this list agree, so a new file cannot be forgotten. Names sort
//! in list order (MTCR, NSG-1, NSG-2, WA-DU, WA-ML), which is also the order
//! entries are reported in; `cues.toml` (no list: the words that decide a
//! hit's role) comes first.

/// `(file name, contents)` of each built-in rule file, in load order.
pub(crate) static FILES: &[(&str, &str)] = &[
    ("cues.toml", include_str!("../../rules/cues.toml")),
    (
        "ag-bacteria-toxins.toml",
        include_str!("../../rules/ag-bacteria-toxins.toml"),
    ),
    ("ag-cwp-1.toml", include_str!("../../rules/ag-cwp-1.toml")),
    ("ag-equipment.toml", include_str!("../../rules/ag-equipment.toml")),
    (
        "ag-viruses-plants.toml",
        include_str!("../../rules/ag-viruses-plants.toml"),
    ),
    ("cwc.toml", include_str!("../../rules/cwc.toml")),
    ("mtcr-item01-02.toml", include_str!("../../rules/mtcr-item01-02.toml")),
    ("mtcr-item03.toml", include_str!("../../rules/mtcr-item03.toml")),
    ("mtcr-item04.toml", include_str!("../../rules/mtcr-item04.toml")),
    ("mtcr-item06.toml", include_str!("../../rules/mtcr-item06.toml")),
    ("mtcr-item09-11.toml", include_str!("../../rules/mtcr-item09-11.toml")),
    ("mtcr-item12-15.toml", include_str!("../../rules/mtcr-item12-15.toml")),
    ("mtcr-item16-20.toml", include_str!("../../rules/mtcr-item16-20.toml")),
    (
        "nsg1-heavy-water-conversion.toml",
        include_str!("../../rules/nsg1-heavy-water-conversion.toml"),
    ),
    (
        "nsg1-isotope-separation-2.toml",
        include_str!("../../rules/nsg1-isotope-separation-2.toml"),
    ),
    (
        "nsg1-isotope-separation.toml",
        include_str!("../../rules/nsg1-isotope-separation.toml"),
    ),
    ("nsg1-materials.toml", include_str!("../../rules/nsg1-materials.toml")),
    ("nsg1-reactors.toml", include_str!("../../rules/nsg1-reactors.toml")),
    (
        "nsg1-reprocessing-fabrication.toml",
        include_str!("../../rules/nsg1-reprocessing-fabrication.toml"),
    ),
    (
        "nsg2-cat1-industrial.toml",
        include_str!("../../rules/nsg2-cat1-industrial.toml"),
    ),
    (
        "nsg2-cat2-materials.toml",
        include_str!("../../rules/nsg2-cat2-materials.toml"),
    ),
    ("nsg2-cat3-4.toml", include_str!("../../rules/nsg2-cat3-4.toml")),
    ("nsg2-cat5-6.toml", include_str!("../../rules/nsg2-cat5-6.toml")),
    ("wadu-cat1.toml", include_str!("../../rules/wadu-cat1.toml")),
    ("wadu-cat2.toml", include_str!("../../rules/wadu-cat2.toml")),
    ("wadu-cat3.toml", include_str!("../../rules/wadu-cat3.toml")),
    ("wadu-cat4-5.toml", include_str!("../../rules/wadu-cat4-5.toml")),
    ("wadu-cat6.toml", include_str!("../../rules/wadu-cat6.toml")),
    ("wadu-cat7-8.toml", include_str!("../../rules/wadu-cat7-8.toml")),
    ("wadu-cat9.toml", include_str!("../../rules/wadu-cat9.toml")),
    ("waml-ml1-8.toml", include_str!("../../rules/waml-ml1-8.toml")),
    ("waml-ml9-22.toml", include_str!("../../rules/waml-ml9-22.toml")),
];
