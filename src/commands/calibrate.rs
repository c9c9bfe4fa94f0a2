//! `advise calibrate [DIR]`: the catalog (with its packs and config)
//! measured against a corpus of published decisions (calibrate.md).

use std::path::PathBuf;

use clap::Args;

use crate::analysis::plan;
use crate::commands::{Common, Exit, Outcome, Surroundings, load, max_gap, usage};
use crate::domain::case::{self, BUILTIN_CORPUS, BUILTIN_CORPUS_NAME, Case};
use crate::domain::catalog::Catalog;
use crate::domain::catalog::magnitudes;
use crate::domain::profile::Override;
use crate::gate::calibrate::{self, Fit, Run, Settings};
use crate::gate::check;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::Loc;

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

    /// Fit the magnitude of every rule effect and baseline rating to the corpus (never a sign), and report the fit in sample and cross-validated.
    #[arg(long)]
    pub fit: bool,

    /// Folds of the cross-validation of --fit.
    #[arg(long, value_name = "K", default_value_t = 5, requires = "fit")]
    pub folds: usize,

    /// With --fit: write the fitted numbers into the rules files, in place, if the cross-validated agreement beats the current catalog's.
    #[arg(long, requires = "fit")]
    pub write: bool,
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
    let mut run = Run::new(&name, &cases, invalid, &catalog, settings, &config);
    let mut stderr = match problems.is_empty() {
        true => String::new(),
        false => Diagnostics(problems).to_string(),
    };
    if args.fit {
        let folds = folds(args.folds, cases.len())?;
        let started = std::time::Instant::now();
        let hand_set = load::hand_set(common, &near)?;
        let mut fit = calibrate::fit(&cases, &catalog, &hand_set.entries, settings, folds);
        // The time goes to standard error: the report itself is the same
        // on every run.
        stderr.push_str(&format!(
            "fit: {} numbers over {} cases, {folds} folds and the whole corpus, in {:.1} s\n",
            fit.params.len(),
            cases.len(),
            started.elapsed().as_secs_f64()
        ));
        if args.write && fit.improves() {
            match run.invalid.len() {
                0 => fit.written = write_fitted(&fit, &catalog, &hand_set, common, &near)?,
                n => stderr.push_str(&format!(
                    "error: --write: nothing was written, because {n} case{} could not be read: numbers are written only when fitted to the whole corpus\n",
                    if n == 1 { "" } else { "s" }
                )),
            }
        }
        run.fit = Some(fit);
    }
    Ok(Outcome {
        stdout: args.format.render(&run, &catalog, around.width),
        stderr,
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
        let read = text.and_then(|t| case::load(&path, &t, &strategies, overrides));
        // A system of workloads needs a plan, and the planner weighs at
        // most MAX_PLATFORMS strategies: past that the case cannot be judged.
        let planned =
            read.and_then(
                |c| match (c.is_hybrid(), plan::sets(catalog.strategies.len())) {
                    (true, Err(too_many)) => {
                        Err(Diagnostic::new(&path, "", Loc::default(), too_many.to_string()).into())
                    }
                    _ => Ok(c),
                },
            );
        match planned {
            Ok(c) => cases.push(c),
            Err(d) => {
                invalid.push(path);
                problems.extend(d.0);
            }
        }
    }
    (cases, invalid, problems)
}

/// `--folds` as given: at least two, and no more than the cases.
fn folds(k: usize, cases: usize) -> Result<usize, Diagnostics> {
    match k >= 2 && k <= cases {
        true => Ok(k),
        false => Err(usage(format!(
            "--folds {k}: cross-validation needs from 2 folds to one per case ({cases} cases)"
        ))),
    }
}

/// Writes the fitted numbers into the rules files they come from, after
/// checking that the files as written load (model checks and all) into
/// exactly the fitted catalog. The built-in catalog is written only over
/// the repository's own `rules/`, unchanged since this build.
fn write_fitted(
    fit: &Fit,
    catalog: &Catalog,
    hand_set: &load::HandSet,
    common: &Common,
    near: &str,
) -> Result<Vec<String>, Diagnostics> {
    let files = load::catalog_files(common, near, None)?;
    let edited = magnitudes::write(&fit.params, &fit.fitted.catalog, &files.all())?;
    let reloaded = load::build(&files.replaced(&edited), common)?;
    if let Some(p) = fit
        .params
        .iter()
        .find(|p| p.value(&reloaded) != p.value(&fit.fitted.catalog))
    {
        return Err(usage(format!(
            "the rules files as written would not hold the fitted {}; nothing was written",
            p.label(&reloaded)
        )));
    }
    if files.base.is_none() {
        for (name, _) in &edited {
            let builtin = crate::domain::catalog::BUILTIN
                .iter()
                .find(|f| f.name == name);
            let on_disk = std::fs::read_to_string(name).ok();
            if builtin.is_some_and(|f| on_disk.as_deref() != Some(f.yaml)) {
                return Err(usage(format!(
                    "{name} is not here as this build has it: run from the repository the binary was built from, or name the catalog with --rules DIR; nothing was written"
                )));
            }
        }
    }
    let mut written: Vec<(String, String)> = edited;
    // A fit keeps the numbers it is about to replace that the hand-set
    // file does not list yet (all of them, the first time): they are the
    // hand-set ones every later fit starts from.
    let listed = |p: &magnitudes::Param| {
        let label = p.label(catalog);
        hand_set.entries.iter().any(|(l, _)| *l == label)
    };
    if !fit.params.iter().all(listed) {
        let hand = magnitudes::with_hand_set(catalog, &hand_set.entries);
        written.push((hand_set.path.clone(), magnitudes::hand_set_text(&hand)));
    }
    for (name, text) in &written {
        std::fs::write(name, text).map_err(|e| usage(format!("cannot write {name}: {e}")))?;
    }
    Ok(written.into_iter().map(|(name, _)| name).collect())
}
