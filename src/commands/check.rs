//! `advise check`: the CI gate. Each profile's `current` strategy judged
//! against its recommendation, in every CI format, streamed for a fleet.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::analysis::engine;
use crate::analysis::evaluated::System;
use crate::commands::{Common, Exit, Outcome, Surroundings, load, max_gap, usage};
use crate::domain::catalog::Catalog;
use crate::domain::profile::{self, Date};
use crate::gate::check::{self, FailOn, Run};
use crate::report::html;
use crate::report::serial::{self, JsonStream};
use crate::report::wire;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::hint;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Profiles, or directories searched recursively for advise.yaml and *.advise.yaml.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Test this strategy instead of each profile's `current`.
    #[arg(long, value_name = "STRATEGY")]
    pub expect: Option<String>,

    /// Points the tested strategy may trail the recommendation before it is a mismatch.
    // Negative numbers parse, so that `--max-gap -1` gets a clear error.
    #[arg(
        long,
        value_name = "POINTS",
        default_value_t = check::DEFAULT_MAX_GAP,
        allow_negative_numbers = true
    )]
    pub max_gap: f64,

    /// Output format on standard output.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,

    /// Also write FORMAT to PATH, e.g. --output sarif=advise.sarif (repeatable).
    #[arg(long, value_name = "FORMAT=PATH")]
    pub output: Vec<String>,

    /// Ignore every `accept:` block (for audits).
    #[arg(long)]
    pub no_accept: bool,

    /// How many days ahead an acceptance's `until` may be (it is reviewed at least this often).
    #[arg(long, value_name = "DAYS", default_value_t = check::DEFAULT_MAX_ACCEPT_DAYS)]
    pub max_accept_days: u32,

    /// Judge acceptances as of this date (YYYY-MM-DD) instead of today, to reproduce a run.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// What fails the job: mismatches only, or drift too.
    #[arg(long, value_enum, default_value = "mismatch")]
    pub fail_on: FailOn,

    /// Leave out paths matching GLOB when searching directories, e.g. --exclude 'vendor/**' (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Compare each `current:` with what the profile's directory deploys (Kubernetes, Terraform, serverless.yml, ...): a `stale` finding where they differ (also `detect: true` in .advise/config.yaml).
    #[arg(long)]
    pub detect: bool,

    /// Print nothing but errors and the reports --output asks for (files, or `-`): the exit code says how it went.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Formats of `advise check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per profile, for a terminal or a CI log (also `table`).
    #[value(alias = "table")]
    Text,
    /// An array of findings (docs/output.md).
    Json,
    /// One compact finding per line, written as each profile is judged.
    Jsonl,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML: one test case per profile.
    Junit,
    /// GitHub Actions workflow commands (inline annotations).
    Github,
    /// A Markdown summary, e.g. for $GITHUB_STEP_SUMMARY.
    Markdown,
    /// One self-contained HTML page: verdict counts and every finding.
    Html,
}

impl CheckFormat {
    pub fn render(self, run: &Run, catalog: &Catalog) -> String {
        use crate::report::check as report;
        match self {
            CheckFormat::Text => report::text(run, catalog),
            CheckFormat::Json => serial::json(&wire::findings(run, catalog).collect::<Vec<_>>()),
            // The lines `check` streams, written here all at once.
            CheckFormat::Jsonl => {
                let mut buf = Vec::new();
                let mut stream = JsonStream::new(&mut buf, true);
                for item in wire::findings(run, catalog) {
                    stream.item(&item).expect("writing to memory succeeds");
                }
                String::from_utf8(buf).expect("JSON is UTF-8")
            }
            CheckFormat::Sarif => report::sarif(run, catalog),
            CheckFormat::Junit => report::junit(run, catalog),
            CheckFormat::Github => report::github(run, catalog),
            CheckFormat::Markdown => report::markdown(run, catalog),
            CheckFormat::Html => html::check(run, catalog),
        }
    }
}

/// `--fail-on`'s words (the gate's [`FailOn`] knows nothing of clap).
impl clap::ValueEnum for FailOn {
    fn value_variants<'a>() -> &'a [FailOn] {
        &[FailOn::Mismatch, FailOn::Drift]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            FailOn::Mismatch => clap::builder::PossibleValue::new("mismatch")
                .help("Only mismatches fail (drift is reported as a warning)"),
            FailOn::Drift => clap::builder::PossibleValue::new("drift").help("Drift fails too"),
        })
    }
}

// Over 100 lines: the gate's steps in order (arguments, discovery, judging
// in batches, streaming or collecting, each output file); the judging
// closure and the streaming writer share its locals.
pub fn run(
    args: CheckArgs,
    common: &Common,
    around: Surroundings,
    out: &mut dyn Write,
) -> Result<Outcome, Diagnostics> {
    load::stdin_once(&args.paths)?;
    let catalog = load::catalog(common, &args.paths[0])?;
    let overrides = load::overrides(common)?;
    let expect = match &args.expect {
        Some(s) => Some(catalog.strategy(s).ok_or_else(|| {
            let ids = catalog.strategy_ids();
            usage(format!(
                "--expect {s}: not a strategy{}; use one of: {}",
                hint::suggestion(s, ids.iter().copied()),
                ids.join(", ")
            ))
        })?),
        None => None,
    };
    let today = match &args.today {
        Some(t) => Date::parse(t)
            .ok_or_else(|| usage(format!("--today {t}: not a date; write YYYY-MM-DD")))?,
        None => around.today,
    };
    let max_gap = max_gap(args.max_gap)?;
    let outputs = args
        .output
        .iter()
        .map(|o| parse_output(o))
        .collect::<Result<Vec<_>, _>>()?;

    let (files, skipped) = load::find_profiles_and_skipped(&args.paths, &args.exclude)?;
    let detect = args.detect || load::config(common, &args.paths[0])?.is_some_and(|c| c.detect);
    let options = check::Options {
        max_gap,
        today,
        honour_acceptances: !args.no_accept,
        max_accept_days: args.max_accept_days,
    };
    let cwd = std::env::current_dir().ok();
    let strategies = catalog.strategy_ids();
    let judge = |file: &String| {
        // One path for every format: relative to where the gate runs (the
        // repository root in CI), without `./`, with forward slashes.
        let shown = load::shown_path(file, cwd.as_deref());
        let mut note = None;
        let judged = load::read(file).and_then(|text| {
            let profile = profile::load(file, &text, &strategies, &overrides)?;
            let source = (file.as_str(), text.as_str());
            let judged = if !profile.workloads.is_empty() {
                let h = System::analyse(file, profile, &catalog, false)?;
                check::examine_system(&h, &catalog, source, &shown, expect, &options)
            } else {
                let assessment = engine::evaluate(&profile, &catalog);
                check::examine(
                    &profile,
                    &assessment,
                    &catalog,
                    source,
                    &shown,
                    expect,
                    &options,
                )
                .map(|f| vec![f])
            };
            Ok(match (detect, judged) {
                (true, Ok(findings)) => {
                    let (findings, said) =
                        with_stale(file, findings, &catalog, cwd.as_deref(), expect.is_some());
                    note = said;
                    Ok(findings)
                }
                (_, judged) => judged,
            })
        });
        let judged = match judged {
            Ok(judged) => judged,
            Err(d) => Err(check::Invalid {
                path: shown,
                problems: d.0,
            }),
        };
        (judged, note)
    };
    // A profile that cannot be judged is reported with the others, in every
    // format, and fails the run: the gate never goes blind, nor silent.
    let mut findings = Vec::new();
    let mut invalid = Vec::new();
    let mut notes = String::new();
    let mut progress = crate::text::batch::Progress::new(files.len(), around.progress);
    // JSONL on standard output, with no other report to write, streams:
    // each finding is written as it is judged and not kept, so memory does
    // not grow with the fleet; broken profiles (few) come last, as in JSON.
    let streaming = args.format == CheckFormat::Jsonl && outputs.is_empty() && !args.quiet;
    let (mut failed, mut stream) = (false, JsonStream::new(out, true));
    let written = crate::text::batch::in_order(
        &files,
        judge,
        |(judged, note)| {
            notes.push_str(&note.unwrap_or_default());
            match judged {
                Ok(all) if streaming => all.iter().try_for_each(|f| {
                    failed |= args.fail_on.fails(f.verdict);
                    stream.item(&wire::FindingJson::new(f, &catalog))
                }),
                Ok(all) => {
                    findings.extend(all);
                    Ok(())
                }
                Err(i) => {
                    invalid.push(i);
                    Ok(())
                }
            }
        },
        &mut progress,
    )
    .and_then(|()| match streaming {
        true => invalid
            .iter()
            .try_for_each(|i| stream.item(&wire::FindingJson::invalid(i, &catalog))),
        false => Ok(()),
    });
    let problems: Vec<Diagnostic> = invalid.iter().flat_map(|i| i.problems.clone()).collect();
    let run = Run {
        findings,
        invalid,
        fail_on: args.fail_on,
        skipped,
    };
    let mut stdout = match args.quiet || streaming {
        true => String::new(),
        false => args.format.render(&run, &catalog),
    };
    for (format, path) in &outputs {
        let text = format.render(&run, &catalog);
        // `-q` quiets the default report only: a report asked for by
        // `--output FORMAT=-` is written, as a file would be.
        if path.as_os_str() == "-" {
            stdout.push_str(&text);
            continue;
        }
        write_output(path, &text)?;
    }
    Ok(Outcome {
        stdout,
        // --detect's notes, then the problems in full, as a compiler shows
        // them, for the log; and what the search passed over, whatever the
        // format (JSON and HTML have no summary line to carry it).
        stderr: {
            let mut stderr = match problems.is_empty() {
                true => notes,
                false => notes + &Diagnostics(problems.clone()).to_string(),
            };
            if let Some(line) = run.skipped_line() {
                stderr.push_str(&format!("note: {line}\n"));
            }
            stderr
        },
        exit: match () {
            // Every report was written; a profile not judged is bad input.
            _ if !problems.is_empty() => Exit::Input,
            _ if failed || run.failed() => Exit::Failed,
            _ => Exit::Ok,
        },
        written,
    })
}

/// `--detect`: each finding followed by a `stale` one where its `current:`
/// is not what the profile's directory deploys; or, when nothing deployed
/// is found there, the findings as they are and a note that says so.
fn with_stale(
    file: &str,
    findings: Vec<check::Finding>,
    catalog: &Catalog,
    cwd: Option<&std::path::Path>,
    expect: bool,
) -> (Vec<check::Finding>, Option<String>) {
    let dir = match std::path::Path::new(file).parent() {
        Some(d) if !d.as_os_str().is_empty() && file != "-" => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let shown_dir = load::shown_path(&dir.to_string_lossy(), cwd);
    let found = match crate::domain::detect::detect(&dir) {
        Ok(found) => found,
        Err(e) => {
            return (
                findings,
                Some(format!(
                    "note: {file}: --detect could not read {shown_dir} ({e}); `current:` judged as written\n"
                )),
            );
        }
    };
    // Each strategy found, with the first file that shows it.
    let mut deployed: Vec<check::Detected> = Vec::new();
    for d in &found.deployments {
        let Some(strategy) = catalog.strategy(d.strategy.id()) else {
            continue;
        };
        if deployed.iter().any(|x| x.strategy == strategy) {
            continue;
        }
        deployed.push(check::Detected {
            strategy,
            path: load::shown_path(&dir.join(&d.path).to_string_lossy(), cwd),
            line: d.line,
            what: format!("{} {} {}", d.platform, d.kind, d.name),
        });
    }
    let note = deployed.is_empty().then(|| {
        format!(
            "note: {file}: --detect found no deployment files in {shown_dir}; `current:` judged as written\n"
        )
    });
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let stale = check::stale(&f, &deployed, catalog, expect);
        out.push(f);
        out.extend(stale);
    }
    (out, note)
}

/// Writes one `--output` file, making its directory.
fn write_output(path: &std::path::Path, text: &str) -> Result<(), Diagnostics> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| usage(format!("--output: cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| usage(format!("--output: cannot write {}: {e}", path.display())))
}

/// `FORMAT=PATH`; a PATH of `-` is standard output, after the main report.
fn parse_output(arg: &str) -> Result<(CheckFormat, PathBuf), Diagnostics> {
    // The formats `--format` offers, named once (by the enum).
    let names: Vec<String> = <CheckFormat as clap::ValueEnum>::value_variants()
        .iter()
        .filter_map(clap::ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_owned())
        .collect();
    let formats = names.join(", ");
    let bad = || {
        usage(format!(
            "--output {arg}: expected FORMAT=PATH, such as sarif=advise.sarif or sarif=- for standard output (formats: {formats})"
        ))
    };
    let (format, path) = arg.split_once('=').ok_or_else(bad)?;
    if path.is_empty() {
        return Err(bad());
    }
    let format = <CheckFormat as clap::ValueEnum>::from_str(format, true).map_err(|_| {
        usage(format!(
            "--output {arg}: unknown format `{format}`{}; formats: {formats}",
            hint::suggestion(format, names.iter().map(String::as_str))
        ))
    })?;
    Ok((format, PathBuf::from(path)))
}
