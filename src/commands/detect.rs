//! `advise detect [DIR]`: what a directory deploys, with the file and line
//! of every fact, as text or JSON (docs/detect.md).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::commands::Outcome;
use crate::domain::detect::{self, Detection};
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::Loc;

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// The directory to read (default: the working directory).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DetectFormat,
}

/// Formats of `advise detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DetectFormat {
    /// One line per deployment and per cloud, region, mesh signal and skipped file.
    Text,
    /// One JSON object (docs/detect.md).
    Json,
}

/// Detects what `dir` deploys; a directory that cannot be read is bad input.
pub(crate) fn read_dir(dir: &Path) -> Result<Detection, Diagnostics> {
    detect::detect(dir).map_err(|e| {
        Diagnostics::from(
            Diagnostic::new(
                &dir.display().to_string(),
                "",
                Loc::default(),
                format!("cannot read the directory: {e}"),
            )
            .help("name a directory that holds deployment files"),
        )
    })
}

pub fn run(args: DetectArgs) -> Result<Outcome, Diagnostics> {
    let found = read_dir(&args.dir)?;
    Ok(Outcome::ok(match args.format {
        DetectFormat::Text => crate::report::detect::text(&found),
        DetectFormat::Json => crate::report::detect::json(&found),
    }))
}
