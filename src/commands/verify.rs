//! `advise verify DIR`: a rule pack's tests, run against the catalog with
//! the pack loaded on top.

use std::path::PathBuf;

use clap::Args;

use crate::commands::{Common, Outcome, load};
use crate::gate::verify;
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The pack: its rules (*.yaml) and its tests (*.test.yaml).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: VerifyFormat,
}

/// Formats of `advise verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    /// One line per test, failures explained, and a summary.
    Text,
    /// JUnit XML: one test case per test.
    Junit,
}

pub fn run(args: VerifyArgs, common: &Common) -> Result<Outcome, Diagnostics> {
    let files = verify::test_files(&args.dir)?;
    let near = args.dir.to_string_lossy();
    let catalog = load::catalog_with(common, &near, Some(&args.dir))?;
    let outcomes = verify::run(&files, &catalog)?;
    let text = match args.format {
        VerifyFormat::Text => crate::report::verify::text(&outcomes),
        VerifyFormat::Junit => crate::report::verify::junit(&outcomes),
    };
    Ok(Outcome::verdict(text, outcomes.iter().any(|o| !o.passed())))
}
