//! The commands, one file each: its arguments (clap types live here and in
//! [`crate::cli`] only), then its steps, each a call into the layers below.
//! Nothing here prints: a command returns an [`Outcome`], and `main`
//! prints it. [`load`] is the one place that turns arguments into inputs
//! (catalog sources, profiles, discovery, standard input).

pub mod assess;
pub mod calibrate;
pub mod check;
pub mod compare;
pub mod cost;
pub mod detect;
pub mod diff;
pub mod docs;
pub mod explain;
pub mod init;
pub mod load;
pub mod rules;
pub mod verify;

use std::path::PathBuf;

use clap::Args;

use crate::domain::profile::Date;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::Loc;

/// Exit codes, defined once (docs/output.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did its job; for `check`, nothing failed.
    Ok = 0,
    /// `check`: at least one profile failed the gate; `verify`: a test
    /// failed; `rules lint`: a problem found; `diff`: the recommendation
    /// changed; `calibrate`: a threshold not met.
    Failed = 1,
    /// The input or the invocation is wrong.
    Input = 2,
}

/// What a run produced: text for stdout, text for stderr, and the exit
/// code. A batch streams its report to the writer it is given instead of
/// `stdout`; if that writing failed, `written` says how.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: Exit,
    pub written: std::io::Result<()>,
}

impl Outcome {
    pub(crate) fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            exit: Exit::Ok,
            written: Ok(()),
        }
    }

    /// The report, failing the run (exit 1) when `failed`.
    pub(crate) fn verdict(stdout: String, failed: bool) -> Outcome {
        Outcome {
            exit: if failed { Exit::Failed } else { Exit::Ok },
            ..Outcome::ok(stdout)
        }
    }

    pub fn input_error(message: impl std::fmt::Display) -> Outcome {
        let mut stderr = message.to_string();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Outcome {
            stdout: String::new(),
            stderr,
            exit: Exit::Input,
            written: Ok(()),
        }
    }
}

/// What an invocation takes from its surroundings, passed in so that the
/// library never reads the clock or the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Surroundings {
    pub today: Date,
    /// Columns for the terminal views.
    pub width: usize,
    /// Whether a long batch may draw a progress bar on standard error.
    pub progress: bool,
}

/// Options of every command that evaluates profiles.
#[derive(Debug, Args)]
pub struct Common {
    /// Use the catalog and rules in the YAML files of DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,

    /// Add an organisation's rule pack in DIR on top of the catalog (repeatable; see `advise verify`).
    #[arg(long, value_name = "DIR", global = true)]
    pub extend: Vec<PathBuf>,

    /// Ignore `.advise/config.yaml` (found by walking up from the profiles).
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Override one profile field for this run, e.g. --set workload.traffic=spiky (repeatable).
    #[arg(long = "set", value_name = "FIELD=VALUE", global = true)]
    pub set: Vec<String>,

    /// Override prices with a YAML file: a `provider:` and only what changes (see prices/*.yaml).
    #[arg(long, value_name = "FILE", global = true)]
    pub prices: Option<PathBuf>,

    /// Subtract vendors' free tiers from the cost estimate (off by default: they are per account).
    #[arg(long, global = true)]
    pub free_tier: bool,

    /// Colour: on a terminal unless NO_COLOR is set (auto), always, or never.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: Color,
}

/// When to colour the terminal report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// A mistake in the invocation itself (exit 2): `error: MESSAGE`, with no
/// file named (it said `error: advise: ...`, a prefix no other error has).
pub(crate) fn usage(message: impl Into<String>) -> Diagnostics {
    Diagnostic::new("", "", Loc::default(), message).into()
}

/// `--max-gap` as `check` and `diff` take it: points, finite, not negative.
pub(crate) fn max_gap(points: f64) -> Result<f64, Diagnostics> {
    match points.is_finite() && points >= 0.0 {
        true => Ok(points),
        false => Err(usage(format!(
            "--max-gap {points}: must be a number of points >= 0"
        ))),
    }
}
