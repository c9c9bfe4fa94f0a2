//! `advise cost PROFILE`: what each strategy would cost a month, itemised,
//! or across a range of one number (`--sweep`).

use clap::Args;

use crate::analysis::evaluated::Evaluated;
use crate::analysis::sweep;
use crate::commands::{Common, Outcome, Surroundings, load, usage};
use crate::domain::catalog::Catalog;
use crate::domain::fields::{self, FieldId};
use crate::domain::profile::{self, Override};
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
    /// One row per item.
    Csv,
}

impl CostFormat {
    pub(crate) fn render(self, e: &Evaluated, catalog: &Catalog, width: usize) -> String {
        match self {
            CostFormat::Table => cost::table(e, catalog, width),
            CostFormat::Json => serial::json(&wire::CostJson::new(e, catalog)),
            CostFormat::Csv => cost::csv(e, catalog),
        }
    }
}

pub fn run(args: CostArgs, common: &Common, around: Surroundings) -> Result<Outcome, Diagnostics> {
    let catalog = load::catalog(common, &args.profile)?;
    let overrides = load::overrides(common)?;
    let Some(spec) = &args.sweep else {
        let profile = load::profile(&args.profile, &catalog, &overrides)?;
        let e = Evaluated::analyse(&args.profile, profile, &catalog, true);
        return Ok(Outcome::ok(args.format.render(&e, &catalog, around.width)));
    };
    let (field, from, to) = parse_sweep(spec)?;
    let name = fields::get(field).path;
    let text = load::read(&args.profile)?;
    let mut points = Vec::with_capacity(usize::from(args.steps));
    let whole = matches!(fields::get(field).kind, fields::Kind::Int { .. });
    for x in sweep::points(from, to, usize::from(args.steps), whole) {
        let mut at = overrides.clone();
        at.push(Override::parse(&format!(
            "{name}={}",
            fields::format_number(x)
        ))?);
        let profile = profile::load(&args.profile, &text, &catalog.strategy_ids(), &at)
            .map_err(|d| {
                Diagnostics(
                    d.0.into_iter()
                        .map(|p| {
                            p.help(format!(
                                "at {name}={} of the sweep: sweep within what the profile allows, or --set the field it conflicts with",
                                fields::format_number(x)
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
    Ok(Outcome::ok(cost::sweep_csv(name, &points, &catalog)))
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
