//! Screen text for export-controlled items and say which control-list
//! entries — and so which regimes — they fall under.
//!
//! dualscan compiles rule files for the Missile Technology Control Regime
//! (MTCR) Annex, the Nuclear Suppliers Group lists (NSG Part 1 and Part 2)
//! and the Wassenaar Arrangement dual-use and munitions lists into
//! Aho-Corasick automata, and reports every place in a text that names a
//! controlled item, with the entries it falls under and the evidence
//! (context words, stated technical values) behind each.
//!
//! The main types:
//!
//! * [`RuleSet`]: rule files loaded and checked ([`RuleSet::builtin`] ships
//!   every list; [`RuleSet::from_dir`] loads your own);
//! * [`Screener`]: the compiled automata, `Send + Sync`, its answers fixed
//!   by the rules alone (by default it swaps its NFAs for faster DFAs
//!   once it has read 16 MiB, see [`Automaton`]); build it once with
//!   [`Screener::new`] or [`ScreenerBuilder`];
//! * [`Finding`]: a span of the input with every [`EntryHit`] it falls
//!   under, its [`Status`], [`Confidence`] and [`Evidence`];
//! * [`Diagnostic`]: a problem in a rule file, with file:line:col.
//!
//! # Example: screen an order line
//!
//! ```
//! use dualscan::{RuleSet, Screener, Status};
//!
//! let rules = RuleSet::builtin();
//! let screener = Screener::new(&rules)?;
//! let text = "Item 2: CNC flow forming machine, 3 rollers, 80 kN roller force";
//! let findings = screener.scan(text);
//! let hit = &findings[0];
//! assert_eq!(&text[hit.start..hit.end], "flow forming machine");
//! let wa = hit.entries.iter().find(|e| e.list == "WA-DU").unwrap();
//! assert_eq!((wa.id.as_str(), wa.status), ("2.B.9", Status::Flagged));
//! # Ok::<(), dualscan::BuildError>(())
//! ```
//!
//! # Example: your own rule files
//!
//! ```
//! use dualscan::{RuleSet, Screener};
//!
//! let toml = r#"
//! schema = 1
//! [list]
//! id = "MY"
//! name = "My list"
//! edition = "2026"
//! [[entry]]
//! id = "1"
//! title = "Gizmos"
//! terms = ["quantum gizmo"]
//! "#;
//! let rules = RuleSet::from_sources([("my.toml", toml)])
//!     .map_err(|e| e.to_string())?;
//! let screener = Screener::new(&rules).map_err(|e| e.to_string())?;
//! assert_eq!(screener.scan("two Quantum-Gizmos").len(), 1);
//! # Ok::<(), String>(())
//! ```
//!
//! # Matching
//!
//! Case, hyphens, underscores, slashes and runs of white space do not
//! matter; the plural of a term's last word matches; matches are whole
//! words (CJK terms match anywhere); soft hyphens and zero-width characters
//! are ignored. Offsets in findings are byte offsets into the original
//! input.
//!
//! # Crate features
//!
//! * `cli` (default): the `dualscan` binary and its dependencies (clap,
//!   serde_json, rayon, anyhow). Depend with `default-features = false` to
//!   get the library alone (serde, toml, aho-corasick, thiserror).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
#![warn(missing_debug_implementations)]
// The library never prints; the binary does.
#![warn(clippy::print_stdout, clippy::print_stderr)]

// The pipeline: rules ─► compile ─► scan ─► findings, and eval over it. A
// stage imports from the stages before it and from the shared leaves
// (normalize, units, hash, utf8, par), never from a later stage; finding
// holds only the public result types, which scan fills.
mod compile;
pub mod eval;
mod finding;
mod hash;
mod normalize;
mod par;
mod rules;
mod scan;
mod units;
mod utf8;

pub use compile::{Automaton, BuildError, Screener, ScreenerBuilder};
pub use finding::{
    Confidence, EntryHit, Evidence, Finding, Mention, RedFlag, Role, Span,
    Status,
};
pub use normalize::normalize;
pub use rules::{
    Category, Cues, DEFAULT_WINDOW, Diagnostic, Entry, EntryRef, Example,
    Expect, ItemKind, Label, List, Location, MAX_FILE_BYTES, MAX_TERM_BYTES,
    MAX_TERMS, MAX_WINDOW, Parameter, RuleError, RuleSet, Severity, Term,
};
pub use scan::{DEFAULT_CHUNK, Line, ScanSummary};

#[cfg(test)]
mod testoibits {
    use super::*;

    fn assert_all<T: Send + Sync + std::panic::UnwindSafe>() {}

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        assert_all::<RuleSet>();
        assert_all::<Screener>();
        assert_all::<Finding>();
        assert_all::<RuleError>();
        assert_all::<BuildError>();
        assert_all::<Diagnostic>();
    }
}

// The README's examples are tests too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
