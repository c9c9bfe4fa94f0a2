//! `advise diff OLD NEW`: one profile's advice before and after; for a
//! hybrid system (either side), the plan and each workload's.

use clap::Args;

use crate::analysis::evaluated::Evaluated;
use crate::commands::{Common, Outcome, Surroundings, load, max_gap};
use crate::domain::profile::Profile;
use crate::gate::check;
use crate::gate::diff::{self, Diff, Planned, SystemDiff};
use crate::report::serial;
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The profile before the edit (`-`: standard input, e.g. `git show main:path | advise diff - path`).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The profile after the edit.
    #[arg(value_name = "NEW")]
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Points `current` may trail the recommendation before the verdict is a mismatch (as for check).
    #[arg(long, value_name = "POINTS", default_value_t = check::DEFAULT_MAX_GAP)]
    pub max_gap: f64,
}

/// Formats of `advise diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// What changed, for a terminal.
    Text,
    /// Short, with the detail folded: for a pull-request comment.
    Markdown,
    /// The whole diff as one JSON object.
    Json,
}

impl DiffFormat {
    pub(crate) fn render(self, d: &Diff) -> String {
        match self {
            DiffFormat::Text => d.text(),
            DiffFormat::Markdown => d.markdown(),
            DiffFormat::Json => serial::json(d),
        }
    }

    pub(crate) fn render_system(self, d: &SystemDiff) -> String {
        match self {
            DiffFormat::Text => d.text(),
            DiffFormat::Markdown => d.markdown(),
            DiffFormat::Json => serial::json(d),
        }
    }
}

pub fn run(args: DiffArgs, common: &Common, around: Surroundings) -> Result<Outcome, Diagnostics> {
    load::stdin_once(&[args.old.clone(), args.new.clone()])?;
    let max_gap = max_gap(args.max_gap)?;
    let catalog = load::catalog(common, &args.new)?;
    let overrides = load::overrides(common)?;
    // Both sides are read and every problem of either reported.
    let (old, new) = match (
        load::profile(&args.old, &catalog, &overrides),
        load::profile(&args.new, &catalog, &overrides),
    ) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let problems = o.err().into_iter().chain(n.err()).flat_map(|d| d.0);
            return Err(Diagnostics(problems.collect()));
        }
    };
    let options = check::Options {
        max_gap,
        today: around.today,
        honour_acceptances: true,
        max_accept_days: check::DEFAULT_MAX_ACCEPT_DAYS,
    };
    let (text, changed) = if old.workloads.is_empty() && new.workloads.is_empty() {
        let (old, new) = (
            Evaluated::analyse(&args.old, old, &catalog, false),
            Evaluated::analyse(&args.new, new, &catalog, false),
        );
        let d = diff::diff(&old.side(), &new.side(), &catalog, &options);
        (args.format.render(&d), d.changed())
    } else {
        let planned = |path: &str, p: Profile| Planned::new(path, p, &catalog, &options);
        let d = SystemDiff::new(
            &planned(&args.old, old)?,
            &planned(&args.new, new)?,
            &catalog,
            &options,
        );
        (args.format.render_system(&d), d.changed())
    };
    Ok(Outcome::verdict(text, changed))
}
