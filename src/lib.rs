//! `advise`: which microservice deployment strategy fits a system, and why.
//!
//! The code is layered, and data moves one way, from the bottom up:
//!
//! - [`text`]: located YAML, diagnostics, bounded input, batches, escaping;
//! - [`domain`]: the profile and its fields, the catalog of strategies and
//!   rules, conditions, price sheets, the repository config;
//! - [`analysis`]: the engine, the cost estimate, what-if, the planner, and
//!   the one place that analyses a profile or a system ([`analysis::evaluated`]);
//! - [`gate`]: the CI gate's verdicts and a rule pack's tests;
//! - [`report`]: every output format, rendering only;
//! - [`commands`]: one file per subcommand, with its arguments;
//! - [`cli`]: the command line as a whole.
//!
//! Each layer imports only the layers below it (a test holds the code to
//! it); the library never prints.

pub mod analysis;
pub mod cli;
pub mod commands;

pub mod domain;
pub mod gate;
pub mod report;
pub mod text;
