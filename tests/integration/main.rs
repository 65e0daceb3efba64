//! The one integration test binary: the public API, the CLI, rule files,
//! properties and hostile inputs.

mod util;

mod api;
mod cases;
mod cli;
mod eval;
mod fuzz;
mod golden;
mod hostile;
mod params;
mod props;
mod rules;
