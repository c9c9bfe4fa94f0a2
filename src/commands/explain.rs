//! `advise explain ID`: a strategy or a rule, what it is, why, its effect
//! and its source, with the smallest profile that fires a rule.

use clap::Args;

use crate::commands::{Common, Outcome, Surroundings, load, usage};
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A strategy id (e.g. serverless) or a rule id.
    pub id: String,
}

pub fn run(
    args: ExplainArgs,
    common: &Common,
    around: Surroundings,
) -> Result<Outcome, Diagnostics> {
    let catalog = load::catalog(common, ".")?;
    let example = catalog
        .rules
        .iter()
        .find(|r| r.id == args.id)
        .and_then(crate::analysis::sensitivity::example);
    crate::report::explain::explain(&args.id, &catalog, example.as_ref(), around.width)
        .map(Outcome::ok)
        .map_err(usage)
}
