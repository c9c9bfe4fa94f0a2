//! `advise rules`: every rule of the catalog; `advise rules lint`: what in
//! a rule pack (or the catalog) cannot work as meant.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::analysis::lint;
use crate::commands::{Common, Outcome, Surroundings, load};
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: RulesFormat,

    #[command(subcommand)]
    pub action: Option<RulesCommand>,
}

/// Formats of `advise rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// One line per rule (also `text`).
    #[value(alias = "text")]
    Table,
    /// An array of rule objects.
    Json,
    /// The reference page (docs/rules.md).
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rule pack in DIR (or the catalog) for rules that cannot work as meant; exit 1 on problems.
    Lint(LintArgs),
}

/// `advise rules lint` arguments.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// A rule pack: a directory of *.yaml rules files, checked on top of the catalog (default: check the catalog itself).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Output format: compiler-style text, or a JSON array of findings.
    #[arg(long, value_enum, default_value = "text")]
    pub format: LintFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
}

pub fn run(args: RulesArgs, common: &Common, around: Surroundings) -> Result<Outcome, Diagnostics> {
    if let Some(RulesCommand::Lint(lint)) = args.action {
        return run_lint(&lint, common);
    }
    let catalog = load::catalog(common, ".")?;
    Ok(Outcome::ok(match args.format {
        RulesFormat::Table => crate::report::explain::rules_table(&catalog, around.width),
        RulesFormat::Json => crate::report::explain::rules_json(&catalog),
        RulesFormat::Markdown => crate::report::explain::reference(&catalog),
    }))
}

/// `advise rules lint`: exit 1 when it finds a problem, 2 on bad input.
fn run_lint(args: &LintArgs, common: &Common) -> Result<Outcome, Diagnostics> {
    // The repository config is looked for from the pack, as verify does.
    let near = args
        .dir
        .as_ref()
        .map_or_else(|| ".".to_owned(), |d| d.to_string_lossy().into_owned());
    let sources = load::sources(common, &near)?;
    let report = match &args.dir {
        Some(dir) => lint::lint_pack(&sources, dir)?,
        None => lint::lint_catalog(&sources)?,
    };
    let text = match args.format {
        LintFormat::Text => report.text(),
        LintFormat::Json => report.json(),
    };
    if report.unreadable.is_empty() {
        return Ok(Outcome::verdict(text, !report.findings.is_empty()));
    }
    // A file that is not YAML is bad input (exit 2), shown with the
    // findings of the files that are.
    Ok(Outcome {
        stderr: Diagnostics(report.unreadable).to_string(),
        exit: crate::commands::Exit::Input,
        ..Outcome::ok(text)
    })
}
