//! `advise calibrate [DIR]`: the catalog (with its packs and config)
//! measured against a corpus of published decisions (calibrate.md).

use std::path::PathBuf;

use clap::Args;

use crate::commands::{Common, Exit, Outcome, Surroundings, load, max_gap};
use crate::domain::case::{self, BUILTIN_CORPUS, BUILTIN_CORPUS_NAME, Case};
use crate::domain::catalog::Catalog;
use crate::domain::profile::Override;
use crate::gate::calibrate::{Run, Settings};
use crate::gate::check;
use crate::text::diag::{Diagnostic, Diagnostics};

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// A directory of cases (profiles with a `case:` key); default: the config's `calibrate.corpus`, else the corpus built into advise (the repository's cases/).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CalibrateFormat,

    /// Points the real choice may trail before the gate fails it (a false alarm); default: the config's `calibrate.max_gap`, else check's default.
    #[arg(long, value_name = "POINTS", allow_negative_numbers = true)]
    pub max_gap: Option<f64>,
}

/// Formats of `advise calibrate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CalibrateFormat {
    /// The measures, the confusion matrix and one line per case (also `table`).
    #[value(alias = "table")]
    Text,
    /// The measures and every case's result (docs/calibrate.md).
    Json,
    /// The text report as Markdown, e.g. for $GITHUB_STEP_SUMMARY.
    Markdown,
}

impl CalibrateFormat {
    fn render(self, run: &Run, catalog: &Catalog, width: usize) -> String {
        use crate::report::calibrate as report;
        match self {
            CalibrateFormat::Text => report::text(run, catalog, width),
            CalibrateFormat::Json => report::json(run, catalog),
            CalibrateFormat::Markdown => report::markdown(run, catalog),
        }
    }
}

pub fn run(
    args: CalibrateArgs,
    common: &Common,
    around: Surroundings,
) -> Result<Outcome, Diagnostics> {
    let near = args
        .dir
        .as_ref()
        .map_or(".".to_owned(), |d| d.display().to_string());
    let config = load::config(common, &near)?
        .map(|c| c.calibrate)
        .unwrap_or_default();
    let catalog = load::catalog(common, &near)?;
    let overrides = load::overrides(common)?;
    let settings = Settings {
        max_gap: max_gap(
            args.max_gap
                .or(config.max_gap)
                .unwrap_or(check::DEFAULT_MAX_GAP),
        )?,
        today: around.today,
    };
    let dir = args.dir.clone().or_else(|| config.corpus.clone());
    let (name, files) = match &dir {
        Some(d) => {
            let cwd = std::env::current_dir().ok();
            let name = load::shown_path(&d.display().to_string(), cwd.as_deref());
            let files = load::corpus(d)?
                .into_iter()
                .map(|f| {
                    let shown = load::shown_path(&f, cwd.as_deref());
                    (shown, load::read(&f))
                })
                .collect();
            (name, files)
        }
        None => (
            BUILTIN_CORPUS_NAME.to_owned(),
            BUILTIN_CORPUS
                .iter()
                .map(|(p, t)| ((*p).to_owned(), Ok((*t).to_owned())))
                .collect(),
        ),
    };
    let (cases, invalid, problems) = read_cases(files, &catalog, &overrides);
    if cases.is_empty() {
        return Err(Diagnostics(problems));
    }
    let run = Run::new(&name, &cases, invalid, &catalog, settings, &config);
    Ok(Outcome {
        stdout: args.format.render(&run, &catalog, around.width),
        stderr: match problems.is_empty() {
            true => String::new(),
            false => Diagnostics(problems).to_string(),
        },
        exit: match () {
            _ if !run.invalid.is_empty() => Exit::Input,
            _ if run.failed() => Exit::Failed,
            _ => Exit::Ok,
        },
        written: Ok(()),
    })
}

/// Reads every case; the ones that do not read are named (by path) with
/// their problems, and the others are measured.
fn read_cases(
    files: Vec<(String, Result<String, Diagnostics>)>,
    catalog: &Catalog,
    overrides: &[Override],
) -> (Vec<Case>, Vec<String>, Vec<Diagnostic>) {
    let strategies = catalog.strategy_ids();
    let (mut cases, mut invalid, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    for (path, text) in files {
        match text.and_then(|t| case::load(&path, &t, &strategies, overrides)) {
            Ok(c) => cases.push(c),
            Err(d) => {
                invalid.push(path);
                problems.extend(d.0);
            }
        }
    }
    (cases, invalid, problems)
}
