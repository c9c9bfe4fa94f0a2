//! The command line: arguments, reading the inputs, choosing the reporter,
//! and the exit code. Each command reads as a list of steps; the work is
//! done by the library modules. Nothing here prints: [`run`] returns what
//! to print, and `main` prints it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::domain::profile::{self, Date, Override};
use crate::gate::check::{self, FailOn};
use crate::report::explain;
use crate::report::{self, CheckFormat, CompareFormat, Format, View};
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::input;
use crate::text::yaml::Loc;

/// Exit codes, defined once (spec/cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did its job; for `check`, nothing failed.
    Ok = 0,
    /// `check`: at least one profile failed the gate; `verify`: a test
    /// failed; `rules lint`: a problem found; `diff`: the recommendation changed.
    Failed = 1,
    /// The input or the invocation is wrong.
    Input = 2,
}

/// What a run produced: text for stdout, text for stderr, and the exit
/// code. A batch streams its report to the writer [`run`] is given instead
/// of `stdout`; if that writing failed, `written` says how.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit: Exit,
    pub written: std::io::Result<()>,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            exit: Exit::Ok,
            written: Ok(()),
        }
    }

    fn input_error(message: impl std::fmt::Display) -> Outcome {
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

#[derive(Debug, Parser)]
#[command(
    name = "advise",
    version,
    about = "Ranks microservice deployment strategies (multi-instance, container, serverless, service mesh) for a system profile, and explains why.",
    after_help = "Examples:\n  advise examples/startup-mvp.yaml\n  advise profile.yaml --format json\n  advise check services/ --format sarif --output junit=advise.xml\n  advise compare examples/*.yaml\n  advise explain serverless-aws-beyond-15-minutes\n  advise verify policy/  (a rule pack's tests)\n  git show main:advise.yaml | advise diff - advise.yaml\n\nExit codes: 0 done (check: nothing failed), 1 check failed, a verify test failed, rules lint found a problem, or diff's recommendation changed; 2 bad input or invocation.",
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub assess: AssessArgs,

    #[command(flatten)]
    pub common: Common,
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

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The profile to assess (`-` reads standard input).
    #[arg(value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    /// Show how every criterion of every score adds up, and which rules shifted it
    /// (for a hybrid system: every workload's ranking after the plan).
    #[arg(long)]
    pub explain: bool,

    /// For a profile with `workloads:`: rank this workload alone, as a single profile.
    #[arg(long, value_name = "NAME")]
    pub workload: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// CI gate: does each profile's `current` strategy still fit it?
    Check(CheckArgs),
    /// Several profiles side by side.
    Compare(CompareArgs),
    /// What each strategy would cost a month, itemised, and across a range (--sweep).
    Cost(CostArgs),
    /// Print the JSON Schema of the profile format.
    Schema,
    /// Explain a strategy or a rule: what, why, effect and source.
    Explain {
        /// A strategy id (e.g. serverless) or a rule id.
        id: String,
    },
    /// List every rule of the catalog (`advise rules lint` checks a rule pack).
    Rules {
        #[arg(long, value_enum, default_value = "table")]
        format: explain::RulesFormat,

        #[command(subcommand)]
        action: Option<RulesCommand>,
    },
    /// What an edit to a profile did to the advice: OLD and NEW are files, or `-` for one.
    Diff(DiffArgs),
    /// Run a rule pack's tests (*.test.yaml in DIR), the pack loaded on top of the catalog.
    Verify(VerifyArgs),
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), of advise or of one of its commands.
    Man {
        /// A command (check, compare, cost, ...); default: advise itself.
        command: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rule pack in DIR (or the catalog) for rules that cannot work as meant; exit 1 on problems.
    Lint(crate::analysis::lint::LintArgs),
}

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

    /// Print nothing but errors: the exit code says how it went (--output files are still written).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The profile before the edit (`-`: standard input, e.g. `git show main:path | advise diff - path`).
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The profile after the edit.
    #[arg(value_name = "NEW")]
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::analysis::diff::DiffFormat,
    /// Points `current` may trail the recommendation before the verdict is a mismatch (as for check).
    #[arg(long, value_name = "POINTS", default_value_t = check::DEFAULT_MAX_GAP)]
    pub max_gap: f64,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The pack: its rules (*.yaml) and its tests (*.test.yaml).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::gate::verify::VerifyFormat,
}

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
}

#[derive(Debug, Args)]
pub struct CostArgs {
    /// The profile to price (`-` reads standard input).
    #[arg(value_name = "PROFILE")]
    pub profile: String,

    /// Output format (a sweep is always CSV).
    #[arg(long, value_enum, default_value = "table")]
    pub format: report::cost::CostFormat,

    /// Print every strategy's monthly cost across a range of one number,
    /// e.g. --sweep workload.average_rps=0.1..1000 (CSV, for plotting).
    #[arg(long, value_name = "FIELD=FROM..TO")]
    pub sweep: Option<String>,

    /// Points in the sweep (geometric when TO/FROM >= 100, else even).
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u16).range(2..=1000))]
    pub steps: u16,
}

/// The commands, by name.
fn command_names() -> Vec<String> {
    <Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// Options that take a value, so that the word after them is not a profile.
const VALUED: &[&str] = &[
    "--rules",
    "--extend",
    "--set",
    "--prices",
    "--format",
    "--output",
    "--expect",
    "--max-gap",
    "--today",
    "--fail-on",
    "--sweep",
    "--steps",
    "--workload",
];

/// What the user most likely meant when clap could not parse the words: a
/// mistyped command (`advise chek x.yaml`), or several profiles given to the
/// default command (`advise a.yaml b.yaml`).
pub fn hint(args: &[String]) -> Option<String> {
    let mut words = Vec::new();
    let mut skip = false;
    for a in args.iter().skip(1) {
        if skip {
            skip = false;
        } else if VALUED.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') || a == "-" {
            words.push(a.as_str());
        }
    }
    let names = command_names();
    let first = *words.first()?;
    if words.len() < 2 || names.iter().any(|n| n == first) {
        return None;
    }
    let near = crate::domain::fields::did_you_mean(first, names.iter().map(String::as_str));
    match near {
        Some(n) if !Path::new(first).exists() => Some(format!(
            "unknown command `{first}`: did you mean `advise {n}`?"
        )),
        _ => Some(format!(
            "`advise PROFILE` takes one profile; to compare several, run `advise compare {}`",
            words.join(" ")
        )),
    }
}

/// What an invocation takes from its surroundings, passed in so that the
/// library never reads the clock or the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Surroundings {
    pub today: Date,
    /// Columns for the terminal views ([`terminal_width`]).
    pub width: usize,
    /// Whether a long batch may draw a progress bar on standard error
    /// ([`progress_allowed`]).
    pub progress: bool,
}

/// Runs one invocation. Batches stream their report to `out` (standard
/// output) as they go; everything else comes back in the [`Outcome`].
pub fn run(cli: Cli, around: Surroundings, out: &mut dyn Write) -> Outcome {
    match execute(cli, around, out) {
        Ok(outcome) => outcome,
        Err(diagnostics) => Outcome::input_error(diagnostics),
    }
}

fn execute(cli: Cli, around: Surroundings, out: &mut dyn Write) -> Result<Outcome, Diagnostics> {
    let Surroundings { width, .. } = around;
    let Cli {
        command,
        assess,
        common,
    } = cli;
    match command {
        None => {
            let Some(path) = assess.profile else {
                return Err(usage(
                    "no profile given: try `advise PROFILE.yaml`, or `advise --help`",
                ));
            };
            let catalog = load_catalog(&common, &path)?;
            let overrides = overrides(&common)?;
            let view = View {
                explain: assess.explain,
                width,
            };
            let loaded = load_profile(&path, &catalog, &overrides).map_err(|d| {
                // `advise rule` is more likely a mistyped command than a file.
                let near = (!Path::new(&path).exists())
                    .then(|| {
                        crate::domain::fields::did_you_mean(
                            &path,
                            command_names().iter().map(String::as_str),
                        )
                        .map(str::to_owned)
                    })
                    .flatten();
                match near {
                    Some(n) => Diagnostics(
                        d.0.into_iter()
                            .map(|p| p.help(format!("did you mean the command `advise {n}`?")))
                            .collect(),
                    ),
                    None => d,
                }
            })?;
            let e = match (loaded.workloads.is_empty(), &assess.workload) {
                (true, None) => Evaluated::analyse(&path, loaded, &catalog, true),
                (true, Some(name)) => {
                    return Err(usage(format!(
                        "--workload {name}: {path} has no `workloads:`; it is a single workload"
                    )));
                }
                (false, None) => {
                    let h =
                        crate::analysis::evaluated::System::analyse(&path, loaded, &catalog, true);
                    return Ok(Outcome::ok(assess.format.render_hybrid(&h, &catalog, view)));
                }
                (false, Some(name)) => {
                    let names: Vec<&str> =
                        loaded.workloads.iter().map(|w| w.name.as_str()).collect();
                    let Some(w) = loaded.workloads.iter().find(|w| &w.name == name) else {
                        let hint = crate::domain::fields::did_you_mean(name, names.iter().copied())
                            .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                        return Err(usage(format!(
                            "--workload {name}: no such workload in {path}{hint}; its workloads: {}",
                            names.join(", ")
                        )));
                    };
                    Evaluated::analyse(&path, w.profile.clone(), &catalog, true)
                }
            };
            Ok(Outcome::ok(assess.format.render(&e, &catalog, view)))
        }
        Some(Command::Check(args)) => check_command(args, &common, around, out),
        Some(Command::Compare(args)) => compare_command(args, &common, around, out),
        Some(Command::Cost(args)) => cost_command(args, &common, width),
        Some(Command::Schema) => Ok(Outcome::ok(crate::report::schema::profile_schema_text())),
        Some(Command::Explain { id }) => {
            let catalog = load_catalog(&common, ".")?;
            explain::explain(&id, &catalog, width)
                .map(Outcome::ok)
                .map_err(usage)
        }
        Some(Command::Rules {
            action: Some(RulesCommand::Lint(args)),
            ..
        }) => {
            let (stdout, clean) = crate::analysis::lint::command(&args, &common)?;
            Ok(Outcome {
                exit: if clean { Exit::Ok } else { Exit::Failed },
                ..Outcome::ok(stdout)
            })
        }
        Some(Command::Rules { format, .. }) => {
            let catalog = load_catalog(&common, ".")?;
            Ok(Outcome::ok(format.render(&catalog, width)))
        }
        Some(Command::Diff(args)) => diff_command(args, &common, around),
        Some(Command::Verify(args)) => {
            let files = crate::gate::verify::test_files(&args.dir)?;
            let near = args.dir.to_string_lossy();
            let catalog = load_catalog_with(&common, &near, Some(&args.dir))?;
            let outcomes = crate::gate::verify::run(&files, &catalog)?;
            let mut outcome = Outcome::ok(args.format.render(&outcomes));
            if outcomes.iter().any(|o| !o.passed()) {
                outcome.exit = Exit::Failed;
            }
            Ok(outcome)
        }
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "advise",
                &mut buf,
            );
            Ok(Outcome::ok(String::from_utf8_lossy(&buf).into_owned()))
        }
        Some(Command::Man { command }) => man(command.as_deref()).map(Outcome::ok),
    }
}

/// The manual page of advise, or of one command as `advise-COMMAND(1)`,
/// generated from the same definitions as `--help`.
fn man(command: Option<&str>) -> Result<String, Diagnostics> {
    let mut cli = <Cli as clap::CommandFactory>::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .collect();
            let Some(sub) = cli.find_subcommand(name).filter(|_| name != "help") else {
                let help =
                    crate::domain::fields::did_you_mean(name, names.iter().map(String::as_str))
                        .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                return Err(usage(format!(
                    "no command `{name}` has a manual page{help} (commands: {})",
                    names.join(", ")
                )));
            };
            let full = format!("advise-{}", sub.get_name());
            sub.clone()
                .display_name(full)
                .version(env!("CARGO_PKG_VERSION"))
                .bin_name(format!("advise {}", sub.get_name()))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .map_err(|e| usage(format!("cannot render the manual page: {e}")))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn usage(message: impl Into<String>) -> Diagnostics {
    Diagnostic::new("advise", "", Loc::default(), message).into()
}

/// The catalog a command evaluates with: `--rules` (or the repository
/// config's `rules:`, or the built-in one), then the config's packs and
/// each `--extend`, in that order. `near` is where to look for
/// `.advise/config.yaml`: the first profile, or the working directory.
fn load_catalog(common: &Common, near: &str) -> Result<Catalog, Diagnostics> {
    load_catalog_with(common, near, None)
}

/// Where a command's catalog comes from: `--rules` (or the repository
/// config's `rules:`), and the packs to load on top, the config's first.
pub struct Sources {
    pub rules: Option<PathBuf>,
    pub packs: Vec<PathBuf>,
}

impl Sources {
    /// The sources for profiles at `near` (`-`: the working directory).
    pub fn new(common: &Common, near: &str) -> Result<Sources, Diagnostics> {
        let config = match common.no_config {
            true => None,
            false => {
                let start = if near == "-" { "." } else { near };
                crate::domain::config::find(Path::new(start))
                    .map(|f| crate::domain::config::load(&f))
                    .transpose()?
            }
        };
        let rules = common
            .rules
            .clone()
            .or_else(|| config.as_ref().and_then(|c| c.rules.clone()));
        let packs = config
            .iter()
            .flat_map(|c| c.extend.iter().cloned())
            .chain(common.extend.iter().cloned())
            .collect();
        Ok(Sources { rules, packs })
    }

    /// Whether `dir` is already the catalog or one of its packs.
    pub fn loads(&self, dir: &Path) -> bool {
        self.rules
            .iter()
            .chain(&self.packs)
            .any(|d| input::same_path(d, dir))
    }
}

/// [`load_catalog`], plus the pack in `pack` last (for `advise verify`),
/// unless that directory is already the catalog or one of its packs.
fn load_catalog_with(
    common: &Common,
    near: &str,
    pack: Option<&Path>,
) -> Result<Catalog, Diagnostics> {
    let mut sources = Sources::new(common, near)?;
    if let Some(extra) = pack.filter(|p| !sources.loads(p)) {
        sources.packs.push(extra.to_path_buf());
    }
    let mut catalog = match &sources.rules {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::builtin(),
    };
    let packs = &sources.packs;
    let cwd = std::env::current_dir().ok();
    for dir in packs {
        let shown = shown_path(&dir.to_string_lossy(), cwd.as_deref());
        let files = crate::domain::catalog::read_rules_dir(dir)?;
        catalog.extend_with(&shown, &files)?;
    }
    if let Some(path) = &common.prices {
        let name = path.display().to_string();
        let text = read(&name)?;
        catalog.prices = catalog.prices.with_override(&name, &text)?;
    }
    catalog.free_tier = common.free_tier;
    Ok(catalog)
}

fn cost_command(args: CostArgs, common: &Common, width: usize) -> Result<Outcome, Diagnostics> {
    let catalog = load_catalog(common, &args.profile)?;
    let overrides = overrides(common)?;
    let Some(spec) = &args.sweep else {
        let e = evaluate(&args.profile, &catalog, &overrides, true)?;
        return Ok(Outcome::ok(args.format.render(&e, &catalog, width)));
    };
    let (field, from, to) = parse_sweep(spec)?;
    let steps = usize::from(args.steps);
    let geometric = from > 0.0 && to / from >= 100.0;
    let text = read(&args.profile)?;
    let mut points = Vec::with_capacity(steps);
    for k in 0..steps {
        let t = k as f64 / (steps - 1) as f64;
        let x = if geometric {
            from * (to / from).powf(t)
        } else {
            from + (to - from) * t
        };
        // Four significant digits: values that read back as printed.
        let x = match x {
            0.0 => 0.0,
            x => {
                let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
                (x * scale).round() / scale
            }
        };
        let mut at = overrides.clone();
        at.push(Override::parse(&format!(
            "{field}={}",
            crate::domain::fields::format_number(x)
        ))?);
        let profile = profile::load(&args.profile, &text, &catalog.strategy_ids(), &at)
            .map_err(|d| {
                Diagnostics(
                    d.0.into_iter()
                        .map(|p| {
                            p.help(format!(
                                "at {field}={} of the sweep: sweep within what the profile allows, or --set the field it conflicts with",
                                crate::domain::fields::format_number(x)
                            ))
                        })
                        .collect(),
                )
            })?;
        points.push((
            x,
            Evaluated::analyse(&args.profile, profile, &catalog, false),
        ));
    }
    Ok(Outcome::ok(report::cost::sweep_csv(
        &field, &points, &catalog,
    )))
}

/// `FIELD=FROM..TO`, checked: a numeric profile field and a rising range.
/// A profile's path as every CI format shows it: relative to `cwd` when it
/// lies below it, without leading `./`, with forward slashes.
fn shown_path(path: &str, cwd: Option<&Path>) -> String {
    if path == "-" {
        return path.to_owned();
    }
    let p = Path::new(path);
    let relative = match cwd {
        Some(cwd) if p.is_absolute() => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let mut text = relative.to_string_lossy().replace('\\', "/");
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.to_owned();
    }
    text
}

fn parse_sweep(spec: &str) -> Result<(String, f64, f64), Diagnostics> {
    let bad = |why: String| {
        usage(format!(
            "--sweep {spec}: {why}; write FIELD=FROM..TO, e.g. workload.average_rps=0.1..1000"
        ))
    };
    let (field, range) = spec.split_once('=').ok_or_else(|| bad("no `=`".into()))?;
    let id = crate::domain::fields::find(field).ok_or_else(|| {
        let near = crate::domain::fields::did_you_mean(
            field,
            crate::domain::fields::FIELDS.iter().map(|f| f.path),
        );
        bad(match near {
            Some(n) => format!("unknown field `{field}` (did you mean `{n}`?)"),
            None => format!("unknown field `{field}`"),
        })
    })?;
    if !crate::domain::fields::get(id).kind.is_numeric() {
        return Err(bad(format!("`{field}` is not a number")));
    }
    let (from, to) = range
        .split_once("..")
        .ok_or_else(|| bad("no `..` in the range".into()))?;
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    match (number(from), number(to)) {
        (Some(a), Some(b)) if a < b => Ok((field.to_owned(), a, b)),
        (Some(_), Some(_)) => Err(bad("FROM must be below TO".into())),
        _ => Err(bad("FROM and TO must be numbers".into())),
    }
}

fn overrides(common: &Common) -> Result<Vec<Override>, Diagnostics> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for arg in &common.set {
        match Override::parse(arg) {
            Ok(o) => all.push(o),
            Err(d) => problems.extend(d.0),
        }
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Reads one profile (a path, or `-` for standard input).
fn read(path: &str) -> Result<String, Diagnostics> {
    let text = if path == "-" {
        input::read_stdin()
    } else {
        input::read_text(Path::new(path))
    };
    text.map_err(|e| Diagnostic::new(path, "", Loc::default(), e.to_string()).into())
}

fn load_profile(
    path: &str,
    catalog: &Catalog,
    overrides: &[Override],
) -> Result<profile::Profile, Diagnostics> {
    let text = read(path)?;
    profile::load(path, &text, &catalog.strategy_ids(), overrides)
}

/// `advise diff OLD NEW`: one profile's advice before and after; for a
/// hybrid system (either side), the plan and each workload's.
fn diff_command(
    args: DiffArgs,
    common: &Common,
    around: Surroundings,
) -> Result<Outcome, Diagnostics> {
    stdin_once(&[args.old.clone(), args.new.clone()])?;
    if !args.max_gap.is_finite() || args.max_gap < 0.0 {
        return Err(usage(format!(
            "--max-gap {}: must be a number of points >= 0",
            args.max_gap
        )));
    }
    let catalog = load_catalog(common, &args.new)?;
    let overrides = overrides(common)?;
    // Both sides are read and every problem of either reported.
    let (old, new) = match (
        load_profile(&args.old, &catalog, &overrides),
        load_profile(&args.new, &catalog, &overrides),
    ) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let problems = o.err().into_iter().chain(n.err()).flat_map(|d| d.0);
            return Err(Diagnostics(problems.collect()));
        }
    };
    let options = check::Options {
        max_gap: args.max_gap,
        today: around.today,
        honour_acceptances: true,
        max_accept_days: check::DEFAULT_MAX_ACCEPT_DAYS,
    };
    let (text, changed) = if old.workloads.is_empty() && new.workloads.is_empty() {
        let (old, new) = (
            Evaluated::analyse(&args.old, old, &catalog, false),
            Evaluated::analyse(&args.new, new, &catalog, false),
        );
        let d = crate::analysis::diff::diff(&old.side(), &new.side(), &catalog, &options);
        (args.format.render(&d), d.changed())
    } else {
        let system =
            |path: &str, p: profile::Profile| crate::analysis::diff::System::new(path, p, &catalog);
        let d = crate::analysis::diff::SystemDiff::new(
            &system(&args.old, old),
            &system(&args.new, new),
            &catalog,
            &options,
        );
        (args.format.render_system(&d), d.changed())
    };
    let mut outcome = Outcome::ok(text);
    if changed {
        outcome.exit = Exit::Failed;
    }
    Ok(outcome)
}

fn evaluate(
    path: &str,
    catalog: &Catalog,
    overrides: &[Override],
    analyses: bool,
) -> Result<Evaluated, Diagnostics> {
    let profile = load_profile(path, catalog, overrides)?;
    Ok(Evaluated::analyse(path, profile, catalog, analyses))
}

/// `advise compare`: every profile judged on every core, in argument order.
/// JSON and JSONL are written as the profiles are judged; the matrix
/// formats need them all. A broken profile is reported in full and makes
/// the run exit 2, and the rest are still compared, so a script cannot
/// miss it.
fn compare_command(
    args: CompareArgs,
    common: &Common,
    around: Surroundings,
    out: &mut dyn Write,
) -> Result<Outcome, Diagnostics> {
    stdin_once(&args.profiles)?;
    let catalog = load_catalog(common, &args.profiles[0])?;
    let overrides = overrides(common)?;
    // Directories are searched as `check` searches them; a file named twice
    // is compared twice, as asked.
    let profiles = expand(&args.profiles, &[])?;
    // Only JSON shows the analyses, and only when asked.
    let analyses = args.detail && args.format.streams();
    // A hybrid system gives one row per workload, named `system/workload`.
    let judge = |p: &String| -> Result<Vec<Evaluated>, Diagnostics> {
        let profile = load_profile(p, &catalog, &overrides)?;
        if profile.workloads.is_empty() {
            return Ok(vec![Evaluated::analyse(p, profile, &catalog, analyses)]);
        }
        Ok(profile
            .workloads
            .iter()
            .map(|w| {
                let mut one = w.profile.clone();
                one.name = format!("{}/{}", profile.name, w.name);
                Evaluated::analyse(p, one, &catalog, analyses)
            })
            .collect())
    };
    let mut progress = crate::text::batch::Progress::new(profiles.len(), around.progress);
    let mut problems = Vec::new();
    let mut stdout = String::new();
    let written = if args.format.streams() {
        let lines = args.format == CompareFormat::Jsonl;
        let mut stream = report::JsonStream::new(out, lines);
        // Each profile is judged and encoded on a worker; this thread only
        // writes the pieces in order.
        let encode = |p: &String| {
            judge(p).map(|all| {
                all.iter()
                    .map(|e| {
                        let item = report::wire::AssessmentJson::new(e, &catalog, args.detail);
                        report::JsonStream::encode(&item, lines)
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
        let judged = crate::text::batch::in_order(
            &profiles,
            judge,
            |judged| {
                match judged {
                    Ok(e) => all.extend(e),
                    Err(d) => problems.extend(d.0),
                }
                Ok(())
            },
            &mut progress,
        );
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
        exit: if problems.is_empty() {
            Exit::Ok
        } else {
            Exit::Input
        },
        written,
    })
}

/// Standard input can be read once: `-` twice would judge an empty second
/// read as a profile of defaults.
fn stdin_once(paths: &[String]) -> Result<(), Diagnostics> {
    match paths.iter().filter(|p| *p == "-").count() {
        0 | 1 => Ok(()),
        n => Err(usage(format!(
            "`-` is given {n} times, but standard input can be read only once"
        ))),
    }
}

fn check_command(
    args: CheckArgs,
    common: &Common,
    around: Surroundings,
    out: &mut dyn Write,
) -> Result<Outcome, Diagnostics> {
    let today = around.today;
    stdin_once(&args.paths)?;
    let catalog = load_catalog(common, &args.paths[0])?;
    let overrides = overrides(common)?;
    let expect = match &args.expect {
        Some(s) => Some(catalog.strategy(s).ok_or_else(|| {
            let ids = catalog.strategy_ids();
            let hint = crate::domain::fields::did_you_mean(s, ids.iter().copied())
                .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
            usage(format!(
                "--expect {s}: not a strategy{hint}; use one of: {}",
                ids.join(", ")
            ))
        })?),
        None => None,
    };
    let today = match &args.today {
        Some(t) => Date::parse(t)
            .ok_or_else(|| usage(format!("--today {t}: not a date; write YYYY-MM-DD")))?,
        None => today,
    };
    if !args.max_gap.is_finite() || args.max_gap < 0.0 {
        return Err(usage(format!(
            "--max-gap {}: must be a number of points >= 0",
            args.max_gap
        )));
    }
    let outputs = args
        .output
        .iter()
        .map(|o| parse_output(o))
        .collect::<Result<Vec<_>, _>>()?;

    let files = find_profiles(&args.paths, &args.exclude)?;
    let options = check::Options {
        max_gap: args.max_gap,
        today,
        honour_acceptances: !args.no_accept,
        max_accept_days: args.max_accept_days,
    };
    let cwd = std::env::current_dir().ok();
    let strategies = catalog.strategy_ids();
    let judge = |file: &String| {
        // One path for every format: relative to where the gate runs (the
        // repository root in CI), without `./`, with forward slashes.
        let shown = shown_path(file, cwd.as_deref());
        let judged = read(file).and_then(|text| {
            let profile = profile::load(file, &text, &strategies, &overrides)?;
            let source = (file.as_str(), text.as_str());
            if !profile.workloads.is_empty() {
                let h = crate::analysis::evaluated::System::analyse(file, profile, &catalog, false);
                return Ok(check::examine_hybrid(
                    &h, &catalog, source, &shown, expect, &options,
                ));
            }
            let assessment = crate::analysis::engine::evaluate(&profile, &catalog);
            Ok(check::examine(
                &profile,
                &assessment,
                &catalog,
                source,
                &shown,
                expect,
                &options,
            )
            .map(|f| vec![f]))
        });
        match judged {
            Ok(judged) => judged,
            Err(d) => Err(check::Invalid {
                path: shown,
                problems: d.0,
            }),
        }
    };
    // A profile that cannot be judged is reported with the others, in every
    // format, and fails the run: the gate never goes blind, nor silent.
    let mut findings = Vec::new();
    let mut invalid = Vec::new();
    let mut progress = crate::text::batch::Progress::new(files.len(), around.progress);
    // JSONL on standard output, with no other report to write, streams:
    // each finding is written as it is judged and not kept, so memory does
    // not grow with the fleet; broken profiles (few) come last, as in JSON.
    let streaming = args.format == CheckFormat::Jsonl && outputs.is_empty() && !args.quiet;
    let (mut failed, mut stream) = (false, report::JsonStream::new(out, true));
    let written = crate::text::batch::in_order(
        &files,
        judge,
        |judged| match judged {
            Ok(all) if streaming => all.iter().try_for_each(|f| {
                failed |= args.fail_on.fails(f.verdict);
                stream.item(&report::wire::FindingJson::new(f, &catalog))
            }),
            Ok(all) => {
                findings.extend(all);
                Ok(())
            }
            Err(i) => {
                invalid.push(i);
                Ok(())
            }
        },
        &mut progress,
    )
    .and_then(|()| match streaming {
        true => invalid
            .iter()
            .try_for_each(|i| stream.item(&report::wire::FindingJson::invalid(i, &catalog))),
        false => Ok(()),
    });
    let problems: Vec<Diagnostic> = invalid.iter().flat_map(|i| i.problems.clone()).collect();
    let run = check::Run {
        findings,
        invalid,
        fail_on: args.fail_on,
    };
    let mut stdout = match args.quiet || streaming {
        true => String::new(),
        false => args.format.render(&run, &catalog),
    };
    for (format, path) in &outputs {
        let text = format.render(&run, &catalog);
        if path.as_os_str() == "-" {
            if !args.quiet {
                stdout.push_str(&text);
            }
            continue;
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| usage(format!("--output: cannot create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, text)
            .map_err(|e| usage(format!("--output: cannot write {}: {e}", path.display())))?;
    }
    Ok(Outcome {
        stdout,
        // The problems in full, as a compiler shows them, for the log.
        stderr: if problems.is_empty() {
            String::new()
        } else {
            Diagnostics(problems.clone()).to_string()
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
        let hint = crate::domain::fields::did_you_mean(format, names.iter().map(String::as_str))
            .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
        usage(format!(
            "--output {arg}: unknown format `{format}`{hint}; formats: {formats}"
        ))
    })?;
    Ok((format, PathBuf::from(path)))
}

/// Expands the arguments of `check`: files as given, directories searched
/// recursively for `advise.yaml` and `*.advise.yaml`, in a stable order,
/// each profile once. Finding nothing at all is an error: a gate that
/// checked nothing must never pass.
pub fn find_profiles(args: &[String], exclude: &[String]) -> Result<Vec<String>, Diagnostics> {
    let mut found = expand(args, exclude)?;
    // A file named directly and found again through its directory is one profile.
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|p| {
        p == "-" || seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)))
    });
    Ok(found)
}

/// Files as given, directories searched recursively for profiles (for
/// `check` and `compare`); an error when that finds nothing.
fn expand(args: &[String], exclude: &[String]) -> Result<Vec<String>, Diagnostics> {
    let mut found = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let inside = input::discover(path, exclude).map_err(|e| {
                Diagnostics::from(Diagnostic::new(
                    arg,
                    "",
                    Loc::default(),
                    format!("cannot search it: {e}"),
                ))
            })?;
            found.extend(inside);
        } else {
            found.push(arg.clone());
        }
    }
    if found.is_empty() {
        return Err(usage(format!(
            "no profiles found in {}: directories are searched for files named advise.yaml or *.advise.yaml (or .yml), skipping hidden and ignored ones",
            args.join(", ")
        )));
    }
    Ok(found)
}

/// Whether a long batch may draw progress on standard error: only for a
/// person at a terminal, never in a pipe or a CI log (`CI` set).
pub fn progress_allowed() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Columns for the terminal views: `COLUMNS` when it is a number, else the
/// width of the terminal standard output is, else 80 (a pipe, a CI log);
/// at least 40.
pub fn terminal_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let width = columns
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(report::DEFAULT_WIDTH);
    // Past a few hundred columns, lines are no easier to read.
    width.clamp(report::MIN_WIDTH, 400)
}

/// Today's date in UTC, from the system clock (for `check`'s acceptances).
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_convert_to_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn the_arguments_parse() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
