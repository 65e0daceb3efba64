//! Command-line front end: raw arguments → ready objects (rule set,
//! screener, reporter) → the library → exit code. One file per subcommand.

mod args;
mod eval;
mod inputs;
mod report;
mod rules;
mod scan;

use anyhow::Result;
use clap::Parser;
use dualscan::RuleSet;
use std::path::Path;

/// Parse the arguments and run the subcommand; the `u8` is the exit code.
pub(crate) fn run() -> Result<u8> {
    let cli = args::Cli::parse();
    match cli.command {
        args::Command::Scan(a) => scan::exec(&a),
        args::Command::Rules { command } => rules::exec(command),
        args::Command::Eval(a) => eval::exec(&a),
    }
}

/// Load `--rules DIR` or the built-in set, restricted to `--list`, printing
/// every diagnostic on failure. `None` means the rules had errors (exit 2).
pub(crate) fn load_rules(
    dir: Option<&Path>,
    lists: &[String],
) -> Option<RuleSet> {
    let rules = match dir {
        None => RuleSet::builtin(),
        Some(d) => match RuleSet::from_dir(d) {
            Ok(r) => r,
            Err(e) => {
                for d in e.diagnostics() {
                    eprintln!("{d}\n");
                }
                eprintln!(
                    "dualscan: error: the rule files in {} have errors",
                    d.display()
                );
                return None;
            }
        },
    };
    if lists.is_empty() {
        return Some(rules);
    }
    for l in lists {
        if !rules.lists().iter().any(|x| x.id.eq_ignore_ascii_case(l)) {
            let known: Vec<&str> =
                rules.lists().iter().map(|x| x.id.as_str()).collect();
            eprintln!(
                "dualscan: error: no list {l:?} in the rules (loaded: {})",
                known.join(", ")
            );
            return None;
        }
    }
    Some(rules.restrict(lists))
}
