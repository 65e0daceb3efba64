//! clap definitions only; options sorted alphabetically.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Screen text for export-controlled items (MTCR, NSG, Wassenaar) and report
/// the control-list entries they fall under.
///
/// Exit status: 0 nothing flagged, 1 something flagged, 2 error.
#[derive(Debug, Parser)]
#[command(name = "dualscan", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan files, directories (recursively) or standard input.
    Scan(ScanArgs),
    /// Check, test, list and explain rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Precision and recall on labelled cases (JSON lines).
    Eval(EvalArgs),
}

/// Output format of `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, one finding a line with its entries.
    Text,
    /// One JSON document for the whole run.
    Json,
    /// One JSON line per scanned document.
    Jsonl,
    /// One CSV row per entry hit.
    Csv,
}

/// Output format of the other commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SimpleFormat {
    /// Human-readable.
    Text,
    /// JSON.
    Json,
}

/// When to colour text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// On a terminal only.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Automaton kind for `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AutomatonArg {
    /// NFA at start, DFA once 16 MiB have been scanned (the default).
    Auto,
    /// Contiguous NFA only: builds fastest, a few MB.
    Nfa,
    /// DFA from the start: the fastest scan from the first byte, ~50 ms
    /// more to build and ~45 MB more memory.
    Dfa,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Automaton kind: auto starts on an NFA and moves to a DFA for large
    /// jobs.
    #[arg(long, value_enum, default_value_t = AutomatonArg::Auto)]
    pub(crate) automaton: AutomatonArg,
    /// When to highlight matches in text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Restrict to these lists (comma-separated ids, e.g. MTCR,NSG-2).
    #[arg(long, value_delimiter = ',')]
    pub(crate) list: Vec<String>,
    /// Use the rule files of this folder instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub(crate) rules: Option<PathBuf>,
    /// Number of threads for directories and many files (default: all cores).
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Files or directories; none or `-` reads standard input.
    pub(crate) paths: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Validate rule files: schema, ids, cross-references, lints.
    Check {
        /// Exit non-zero on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = SimpleFormat::Text)]
        format: SimpleFormat,
        /// Rule folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Run every entry's examples; non-zero exit on any failure.
    Test {
        /// Only the entries of these lists.
        #[arg(long, value_delimiter = ',')]
        list: Vec<String>,
        /// Print every example, not only failures.
        #[arg(long)]
        verbose: bool,
        /// Rule folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// The entries loaded, with counts of terms, context and examples.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = SimpleFormat::Text)]
        format: SimpleFormat,
        /// Only the entries of these lists.
        #[arg(long, value_delimiter = ',')]
        list: Vec<String>,
        /// Rule folder (default: the built-in rules).
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// One entry: terms, context, parameters, cross-references, examples.
    Explain {
        /// Rule folder (default: the built-in rules).
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// The entry, as LIST:ID (e.g. MTCR:3.B.3).
        entry: String,
    },
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimpleFormat::Text)]
    pub(crate) format: SimpleFormat,
    /// Count only this list.
    #[arg(long)]
    pub(crate) list: Option<String>,
    /// Use the rule files of this folder instead of the built-in set.
    #[arg(long, value_name = "DIR")]
    pub(crate) rules: Option<PathBuf>,
    /// Labelled cases, one JSON object a line (`-`: standard input).
    pub(crate) cases: PathBuf,
}
