//! `advise compare`: several profiles side by side, every one judged on
//! every core, in argument order.

use std::io::Write;

use clap::Args;

use crate::analysis::evaluated::{Evaluated, System};
use crate::commands::{Common, Exit, Outcome, Surroundings, load, usage};
use crate::domain::catalog::Catalog;
use crate::report::compare::{self, Entry, Workload};
use crate::report::html;
use crate::report::serial::JsonStream;
use crate::report::wire;
use crate::text::diag::Diagnostics;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Profiles to compare (shell globs welcome; `-` reads standard input), or directories searched recursively for advise.yaml and *.advise.yaml.
    #[arg(required = true, value_name = "PROFILE")]
    pub profiles: Vec<String>,

    #[arg(long, value_enum, default_value = "table")]
    pub format: CompareFormat,

    /// With json or jsonl: add what would change each answer (`would_change_if`, `sharpen`), the per-criterion `breakdown` and where costs cross (`cost.break_even`).
    #[arg(long)]
    pub detail: bool,

    /// How many days ahead an acceptance's `until` may be, as `check` takes it: a profile `check` refuses, `compare` refuses too.
    #[arg(long, value_name = "DAYS", default_value_t = crate::gate::check::DEFAULT_MAX_ACCEPT_DAYS)]
    pub max_accept_days: u32,
}

/// Formats of `advise compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Profiles × strategies matrix, for a terminal (also `text`).
    #[value(alias = "text")]
    Table,
    /// An array of assessment objects, in argument order, written as each
    /// profile is judged (`would_change_if` and `breakdown` with `--detail`).
    Json,
    /// One compact assessment object per line, written as each profile is
    /// judged: memory does not grow with the number of profiles.
    Jsonl,
    /// One row per profile, one column per strategy.
    Csv,
    /// The matrix as a Markdown table.
    Markdown,
    /// One self-contained HTML page: the counts, then one table, closest
    /// call first.
    Html,
}

impl CompareFormat {
    /// Whether the format is written one profile at a time ([`JsonStream`])
    /// rather than rendered from them all.
    pub(crate) fn streams(self) -> bool {
        matches!(self, CompareFormat::Json | CompareFormat::Jsonl)
    }

    /// The whole report at once (`advise compare` streams JSON instead,
    /// through [`JsonStream`], and adds `--detail`).
    pub fn render(self, all: &[Entry], catalog: &Catalog, width: usize) -> String {
        match self {
            CompareFormat::Table => compare::table(all, catalog, width),
            CompareFormat::Csv => compare::csv(all, catalog),
            CompareFormat::Markdown => compare::markdown(all, catalog),
            CompareFormat::Html => html::compare(all, catalog),
            CompareFormat::Json | CompareFormat::Jsonl => {
                let mut buf = Vec::new();
                let mut stream = JsonStream::new(&mut buf, self == CompareFormat::Jsonl);
                for e in all {
                    let item = wire::CompareJson::new(e, catalog, false);
                    stream.item(&item).expect("writing to memory succeeds");
                }
                stream.finish().expect("writing to memory succeeds");
                String::from_utf8(buf).expect("JSON is UTF-8")
            }
        }
    }
}

/// The most rows the matrix formats (table, CSV, Markdown, HTML) hold: they
/// keep every result until the end (100,000 profiles took 1 GB), while
/// JSON and JSONL stream in bounded memory. Far beyond a table anyone
/// reads; about 50 MB.
pub(crate) const MAX_MATRIX_ROWS: usize = 5_000;

fn too_many_rows(what: String) -> Diagnostics {
    usage(format!(
        "compare: {what} for a matrix format, which holds every result until the end (at most {MAX_MATRIX_ROWS} rows); use --format jsonl or json, which stream"
    ))
}

/// JSON and JSONL are written as the profiles are judged; the matrix
/// formats need them all. A broken profile is reported in full and makes
/// the run exit 2, and the rest are still compared, so a script cannot
/// miss it.
pub fn run(
    args: CompareArgs,
    common: &Common,
    around: Surroundings,
    out: &mut dyn Write,
) -> Result<Outcome, Diagnostics> {
    load::stdin_once(&args.profiles)?;
    let catalog = load::catalog(common, &args.profiles[0])?;
    let overrides = load::overrides(common)?;
    // Directories are searched as `check` searches them; a file named twice
    // is compared twice, as asked.
    let profiles = load::expand(&args.profiles, &[])?;
    if !args.format.streams() && profiles.len() > MAX_MATRIX_ROWS {
        return Err(too_many_rows(format!("{} profiles", profiles.len())));
    }
    // Only JSON shows the analyses, and only when asked.
    let analyses = args.detail && args.format.streams();
    // A hybrid system gives one row per workload, named `system/workload`,
    // with the plan's strategy for it.
    // An acceptance `check` would refuse is refused here too, by the same
    // function, so that the two commands agree on what a valid profile is.
    let gate = crate::gate::check::Options {
        max_gap: 0.0,
        today: around.today,
        honour_acceptances: true,
        max_accept_days: args.max_accept_days,
    };
    let judge = |p: &String| -> Result<Vec<Entry>, Diagnostics> {
        let profile = load::profile(p, &catalog, &overrides)?;
        if let Some(a) = &profile.accept
            && let Some(why) = crate::gate::check::accept_too_far(a, &gate)
        {
            return Err(crate::text::diag::Diagnostic::new(p, "", a.until_loc, why).into());
        }
        if profile.workloads.is_empty() {
            let e = Evaluated::analyse(p, profile, &catalog, analyses);
            return Ok(vec![Entry::profile(e)]);
        }
        let system = profile.name.clone();
        let names: Vec<String> = profile.workloads.iter().map(|w| w.name.clone()).collect();
        // A catalog too large to plan still ranks each workload alone.
        let (workloads, planned) = match System::analyse(p, profile.clone(), &catalog, analyses) {
            Ok(h) => {
                let planned = h
                    .solution
                    .best
                    .assignments
                    .iter()
                    .map(|&s| Some(s))
                    .collect();
                (h.workloads, planned)
            }
            Err(_) => {
                let alone = profile
                    .workloads
                    .iter()
                    .map(|w| Evaluated::analyse(p, w.profile.clone(), &catalog, analyses))
                    .collect();
                (alone, vec![None; names.len()])
            }
        };
        Ok(workloads
            .into_iter()
            .zip(names)
            .zip(planned)
            .map(|((mut e, name), planned)| {
                e.profile.name = format!("{system}/{name}");
                e.assessment.profile = e.profile.name.clone();
                Entry {
                    evaluated: e,
                    workload: Some(Workload {
                        system: system.clone(),
                        name,
                        planned,
                    }),
                }
            })
            .collect())
    };
    let mut progress = crate::text::batch::Progress::new(profiles.len(), around.progress);
    let mut problems = Vec::new();
    let mut stdout = String::new();
    let written = if args.format.streams() {
        let lines = args.format == CompareFormat::Jsonl;
        let mut stream = JsonStream::new(out, lines);
        // Each profile is judged and encoded on a worker; this thread only
        // writes the pieces in order.
        let encode = |p: &String| {
            judge(p).map(|all| {
                all.iter()
                    .map(|e| {
                        let item = wire::CompareJson::new(e, &catalog, args.detail);
                        JsonStream::encode(&item, lines)
                    })
                    .collect::<Vec<_>>()
            })
        };
        crate::text::batch::in_order(
            &profiles,
            encode,
            |encoded| match encoded {
                Ok(items) => items.iter().try_for_each(|bytes| stream.write(bytes)),
                Err(d) => {
                    problems.extend(d.0);
                    Ok(())
                }
            },
            &mut progress,
        )
        .and_then(|()| stream.finish())
    } else {
        let mut all = Vec::with_capacity(profiles.len());
        let mut over = false;
        let judged = crate::text::batch::in_order(
            &profiles,
            judge,
            |judged| {
                match judged {
                    // Hybrid systems add a row per workload: the bound is
                    // on rows held, checked as they come.
                    Ok(e) if all.len() + e.len() > MAX_MATRIX_ROWS => {
                        over = true;
                    }
                    Ok(e) if !over => all.extend(e),
                    Ok(_) => {}
                    Err(d) => problems.extend(d.0),
                }
                Ok(())
            },
            &mut progress,
        );
        if over {
            return Err(too_many_rows(format!(
                "more than {MAX_MATRIX_ROWS} rows (a workload is a row)"
            )));
        }
        if !all.is_empty() {
            stdout = args.format.render(&all, &catalog, around.width);
        }
        judged
    };
    Ok(Outcome {
        stdout,
        stderr: match problems.is_empty() {
            true => String::new(),
            false => Diagnostics(problems.clone()).to_string(),
        },
        exit: match problems.is_empty() {
            true => Exit::Ok,
            false => Exit::Input,
        },
        written,
    })
}
