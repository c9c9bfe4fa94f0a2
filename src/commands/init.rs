//! `advise init [DIR]`: a profile drafted from what DIR deploys, printed,
//! or written to `DIR/advise.yaml` with `--write` (never over a profile
//! that exists). The draft is checked as a profile before it is shown.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::commands::{Outcome, usage};
use crate::domain::catalog::Catalog;
use crate::domain::profile;
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to read (default: the working directory).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Write the draft to DIR/advise.yaml instead of printing it (never overwrites a file).
    #[arg(long)]
    pub write: bool,
}

pub fn run(args: InitArgs) -> Result<Outcome, Diagnostics> {
    let found = crate::commands::detect::read_dir(&args.dir)?;
    let absolute = std::path::absolute(&args.dir).unwrap_or_else(|_| args.dir.clone());
    let name = absolute
        .file_name()
        .map_or_else(|| "system".to_owned(), |n| n.to_string_lossy().into_owned());
    let shown = args.dir.display().to_string();
    let draft = crate::report::detect::draft(&found, &name, &shown);
    // The draft is valid input as printed: checked here, so that a draft
    // `advise` would refuse is never shown.
    let catalog = Catalog::builtin();
    if let Err(d) = profile::load("the draft", &draft, &catalog.strategy_ids(), &[]) {
        return Err(usage(format!(
            "advise init drafted a profile that does not validate (a bug; please report it):\n{d}"
        )));
    }
    if !args.write {
        return Ok(Outcome::ok(draft));
    }
    let target = args.dir.join("advise.yaml");
    if let Some(existing) = ["advise.yaml", "advise.yml"]
        .iter()
        .map(|n| args.dir.join(n))
        .find(|p| p.exists() || p.is_symlink())
    {
        return Err(usage(format!(
            "{} already exists: advise init never overwrites a profile; run it without --write to print the draft, and merge by hand",
            existing.display()
        )));
    }
    // `create_new`: a file that appears meanwhile is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| f.write_all(draft.as_bytes()));
    if let Err(e) = written {
        return Err(usage(format!("cannot write {}: {e}", target.display())));
    }
    Ok(Outcome::ok(format!(
        "wrote {} ({} deployment{} found)\n",
        target.display(),
        found.deployments.len(),
        if found.deployments.len() == 1 {
            ""
        } else {
            "s"
        }
    )))
}
