//! `advise cost PROFILE`: what each strategy would cost a month, itemised,
//! or across a range of one number (`--sweep`).

use clap::Args;

use crate::analysis::evaluated::{Evaluated, System};
use crate::analysis::sweep;
use crate::commands::{Common, Outcome, Surroundings, load, usage};
use crate::domain::catalog::Catalog;
use crate::domain::fields::{self, FieldId, FieldValue};
use crate::domain::profile::{self, Override, Profile};
use crate::report::cost;
use crate::report::serial;
use crate::report::wire;
use crate::text::diag::Diagnostics;
use crate::text::hint;

#[derive(Debug, Args)]
pub struct CostArgs {
    /// The profile to price (`-` reads standard input).
    #[arg(value_name = "PROFILE")]
    pub profile: String,

    /// Output format (a sweep is always CSV).
    #[arg(long, value_enum, default_value = "table")]
    pub format: CostFormat,

    /// Print every strategy's monthly cost across a range of one number,
    /// e.g. --sweep workload.average_rps=0.1..1000 (CSV, for plotting).
    #[arg(long, value_name = "FIELD=FROM..TO")]
    pub sweep: Option<String>,

    /// Price every strategy at each of these average rates, e.g. --bands
    /// 0.5,5,50 (low, typical, high), and name the cheapest and the
    /// recommendation at each: near a break-even, the answer flips.
    #[arg(long, value_name = "LOW,TYPICAL,HIGH", conflicts_with = "sweep")]
    pub bands: Option<String>,

    /// For a profile with `workloads:`: price this workload alone.
    #[arg(long, value_name = "NAME")]
    pub workload: Option<String>,

    /// Points in the sweep (geometric when TO/FROM >= 100, else even).
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u16).range(2..=1000))]
    pub steps: u16,
}

/// Formats of `advise cost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CostFormat {
    /// Each strategy's items, for a terminal (also `text`).
    #[value(alias = "text")]
    Table,
    /// The `cost` object of the JSON report (docs/cost.md).
    Json,
    /// One row per item (and a `carbon` row per strategy).
    Csv,
    /// Each strategy's cost and emissions, then its items, as Markdown.
    #[value(alias = "md")]
    Markdown,
}

impl CostFormat {
    pub(crate) fn render(self, e: &Evaluated, catalog: &Catalog, width: usize) -> String {
        match self {
            CostFormat::Table => cost::table(e, catalog, width),
            CostFormat::Json => serial::json(&wire::CostJson::new(e, catalog)),
            CostFormat::Csv => cost::csv(e, catalog),
            CostFormat::Markdown => cost::markdown(e, catalog),
        }
    }
}

pub fn run(args: CostArgs, common: &Common, around: Surroundings) -> Result<Outcome, Diagnostics> {
    let catalog = load::catalog(common, &args.profile)?;
    let overrides = load::overrides(common)?;
    let profile = load::profile(&args.profile, &catalog, &overrides)?;
    // A system of workloads: each workload priced, and the plan's total.
    let names: Vec<&str> = profile.workloads.iter().map(|w| w.name.as_str()).collect();
    match (profile.workloads.is_empty(), &args.workload) {
        (true, Some(name)) => {
            return Err(usage(format!(
                "--workload {name}: {} has no `workloads:`; it is a single workload",
                args.profile
            )));
        }
        (false, None) if args.bands.is_some() || args.sweep.is_some() => {
            return Err(usage(format!(
                "{} is a system of workloads: --bands and --sweep price one workload at a time; name it with --workload NAME (its workloads: {})",
                args.profile,
                names.join(", ")
            )));
        }
        (false, None) => {
            let h = System::analyse(&args.profile, profile, &catalog, true)?;
            return Ok(Outcome::ok(match args.format {
                CostFormat::Table => cost::system_table(&h, &catalog, around.width),
                CostFormat::Json => serial::json(&wire::SystemCostJson::new(&h, &catalog)),
                CostFormat::Csv => cost::system_csv(&h, &catalog),
                // A system's cost has no Markdown tables of its own yet:
                // the text table, fenced so that it renders as written.
                CostFormat::Markdown => format!(
                    "```text\n{}```\n",
                    cost::system_table(&h, &catalog, around.width)
                ),
            }));
        }
        (false, Some(name)) => {
            let Some(w) = profile.workloads.iter().find(|w| &w.name == name) else {
                return Err(usage(format!(
                    "--workload {name}: no such workload in {}{}; its workloads: {}",
                    args.profile,
                    hint::suggestion(name, names.iter().copied()),
                    names.join(", ")
                )));
            };
            if let Some(out) = vary(&args, &catalog, &Base::Workload(name, &w.profile), around)? {
                return Ok(out);
            }
            let e = Evaluated::analyse(&args.profile, w.profile.clone(), &catalog, true);
            return Ok(Outcome::ok(args.format.render(&e, &catalog, around.width)));
        }
        (true, None) => {}
    }
    if args.bands.is_some() || args.sweep.is_some() {
        let text = load::read(&args.profile)?;
        let base = Base::File(&overrides, &text);
        if let Some(out) = vary(&args, &catalog, &base, around)? {
            return Ok(out);
        }
    }
    let unused = load::prices_unused(common, &profile, &catalog);
    let e = Evaluated::analyse(&args.profile, profile, &catalog, true);
    Ok(Outcome {
        stderr: unused.unwrap_or_default(),
        ..Outcome::ok(args.format.render(&e, &catalog, around.width))
    })
}

/// What `--bands` and `--sweep` vary: the profile's text, read again with
/// each value as a `--set` (so the loader checks it as it checks the
/// file), or one workload of a system, as the system gave it.
enum Base<'a> {
    File(&'a [Override], &'a str),
    Workload(&'a str, &'a Profile),
}

/// `--bands` or `--sweep`, when one is given: the estimate at each value of
/// one field.
fn vary(
    args: &CostArgs,
    catalog: &Catalog,
    base: &Base,
    around: Surroundings,
) -> Result<Option<Outcome>, Diagnostics> {
    if let Some(spec) = &args.bands {
        let rates = parse_bands(spec)?;
        let field = fields::id::WORKLOAD_AVERAGE_RPS;
        let points = evaluate_at(args, catalog, base, field, &rates, "band")?;
        return Ok(Some(Outcome::ok(match args.format {
            CostFormat::Json => serial::json(&wire::BandsJson::new(&points, catalog)),
            CostFormat::Csv => cost::sweep_csv(fields::get(field).path, &points, catalog),
            // (Markdown has no bands table of its own: the text's lines.)
            CostFormat::Table | CostFormat::Markdown => cost::bands(&points, catalog, around.width),
        })));
    }
    let Some(spec) = &args.sweep else {
        return Ok(None);
    };
    let (field, from, to) = parse_sweep(spec)?;
    let whole = matches!(fields::get(field).kind, fields::Kind::Int { .. });
    let xs = sweep::points(from, to, usize::from(args.steps), whole);
    let points = evaluate_at(args, catalog, base, field, &xs, "sweep")?;
    Ok(Some(Outcome::ok(cost::sweep_csv(
        fields::get(field).path,
        &points,
        catalog,
    ))))
}

/// The profile assessed at each value of one field, as `--set FIELD=X`
/// would set it (numbers only: no what-if, no break-even).
fn evaluate_at(
    args: &CostArgs,
    catalog: &Catalog,
    base: &Base,
    field: FieldId,
    xs: &[f64],
    what: &str,
) -> Result<Vec<(f64, Evaluated)>, Diagnostics> {
    let name = fields::get(field).path;
    let mut points = Vec::with_capacity(xs.len());
    for &x in xs {
        let shown = fields::format_number(x);
        let profile = match base {
            Base::File(overrides, text) => {
                let mut at = overrides.to_vec();
                at.push(Override::parse(&format!("{name}={shown}"))?);
                profile::load(&args.profile, text, &catalog.strategy_ids(), &at).map_err(|d| {
                    Diagnostics(
                        d.0.into_iter()
                            .map(|p| {
                                p.help(format!(
                                    "at {name}={shown} of the {what}: stay within what the profile allows, or --set the field it conflicts with"
                                ))
                            })
                            .collect(),
                    )
                })?
            }
            Base::Workload(workload, p) => {
                let kind = fields::get(field).kind;
                if !kind.admits(x) {
                    return Err(usage(format!(
                        "--{what} {name}={shown}: `{name}` must be {}",
                        kind.expectation()
                    )));
                }
                let changed = p.with(field, FieldValue::Num(x));
                if let Some((mean, peak)) = changed.mean_above_peak() {
                    return Err(usage(format!(
                        "at {name}={shown} of the {what}, workload `{workload}`'s average rate ({}) is above its peak ({}): keep the range within the peak, or --set workload.peak_rps",
                        fields::format_number(mean),
                        fields::format_number(peak)
                    )));
                }
                changed
            }
        };
        points.push((
            x,
            Evaluated::analyse(&args.profile, profile, catalog, false),
        ));
    }
    Ok(points)
}

/// `LOW,TYPICAL,HIGH`: one or more average rates, each a number >= 0.
fn parse_bands(spec: &str) -> Result<Vec<f64>, Diagnostics> {
    let rates: Option<Vec<f64>> = spec
        .split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
        })
        .collect();
    match rates {
        Some(r) if !r.is_empty() => Ok(r),
        _ => Err(usage(format!(
            "--bands {spec}: write average rates in requests a second, each >= 0, separated by commas, e.g. --bands 0.5,5,50"
        ))),
    }
}

/// `FIELD=FROM..TO`, checked: a numeric profile field and a rising range.
fn parse_sweep(spec: &str) -> Result<(FieldId, f64, f64), Diagnostics> {
    let bad = |why: String| {
        usage(format!(
            "--sweep {spec}: {why}; write FIELD=FROM..TO, e.g. workload.average_rps=0.1..1000"
        ))
    };
    let (field, range) = spec.split_once('=').ok_or_else(|| bad("no `=`".into()))?;
    let id = fields::find(field).ok_or_else(|| {
        bad(format!(
            "unknown field `{field}`{}",
            hint::suggestion(field, fields::FIELDS.iter().map(|f| f.path))
        ))
    })?;
    if !fields::get(id).kind.is_numeric() {
        return Err(bad(format!("`{field}` is not a number")));
    }
    let (from, to) = range
        .split_once("..")
        .ok_or_else(|| bad("no `..` in the range".into()))?;
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    match (number(from), number(to)) {
        (Some(a), Some(b)) if a < b => Ok((id, a, b)),
        (Some(_), Some(_)) => Err(bad("FROM must be below TO".into())),
        _ => Err(bad("FROM and TO must be numbers".into())),
    }
}
