//! The JSON (and YAML) that scripts read: a contract (docs/output.md), kept
//! apart from the engine's types so that an internal refactor cannot change
//! it by accident. Fields may be added here; none may be renamed or removed.
//! Numbers are rounded to two decimals so that output is stable and readable.

use serde::Serialize;

use crate::analysis::carbon;
use crate::analysis::cost::Costing;
use crate::analysis::engine::{Assessment, ReasonKind};
use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::gate::check::Finding;
use crate::text::number::hundredths;

#[derive(Debug, Serialize)]
pub struct AssessmentJson {
    pub profile: String,
    pub recommendation: String,
    pub ranking: Vec<RankedJson>,
    /// Points between the first and second eligible strategies.
    pub margin: Option<f64>,
    pub close_call: bool,
    /// The first two eligible strategies score the same; the first is the
    /// profile's `current` if it is one of them, else the first in catalog order.
    pub tie: bool,
    /// Fields left at their defaults, with the default used.
    pub assumptions: Vec<FieldJson>,
    /// Fields with no default that the profile left out.
    pub unknown: Vec<String>,
    /// Single changes that flip the answer: always for one profile; for a
    /// batch (`compare`), only with `--detail`, since it re-scores the
    /// profile many times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_change_if: Option<Vec<ChangeJson>>,
    /// Unstated fields that could flip the answer: state them to sharpen it
    /// (read from `would_change_if`, so present with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharpen: Option<Vec<String>>,
    /// Per strategy and criterion: weight, rating and contribution (for a
    /// batch, only with `--detail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Vec<BreakdownJson>>,
    /// What each strategy costs a month and adds to latency (docs/cost.md).
    pub cost: CostJson,
    /// Organisation packs the catalog was extended with (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packs: Vec<PackJson>,
}

/// A rule pack loaded with `--extend`, and what it changed (docs/packs.md).
#[derive(Debug, Serialize)]
pub struct PackJson {
    pub dir: String,
    pub added: Vec<String>,
    pub overridden: Vec<PackChangeJson>,
    pub disabled: Vec<PackChangeJson>,
}

#[derive(Debug, Serialize)]
pub struct PackChangeJson {
    pub rule: String,
    pub reason: String,
    pub file: String,
    pub line: u32,
}

/// The packs of a catalog, as every JSON output reports them.
pub(crate) fn packs(catalog: &Catalog) -> Vec<PackJson> {
    let changes = |all: &[crate::domain::catalog::PackChange]| {
        all.iter()
            .map(|c| PackChangeJson {
                rule: c.rule.clone(),
                reason: c.reason.clone(),
                file: c.file.clone(),
                line: c.line,
            })
            .collect()
    };
    catalog
        .packs
        .iter()
        .map(|p| PackJson {
            dir: p.dir.clone(),
            added: p.added.clone(),
            overridden: changes(&p.overridden),
            disabled: changes(&p.disabled),
        })
        .collect()
}

/// The estimate (docs/cost.md): `advise cost --format json` prints it alone.
#[derive(Debug, Serialize)]
pub struct CostJson {
    pub currency: String,
    pub hours_per_month: f64,
    pub prices: String,
    pub free_tier: bool,
    /// The term of commitment applied: `none`, `1y` or `3y`.
    pub commitment: &'static str,
    /// Capacity already paid for: `none`, `owned` or `reserved`. When it is
    /// not `none`, every figure is still a new bill, and the money rules do
    /// not score them.
    pub prepaid_capacity: &'static str,
    /// Defaults the estimate used for what the profile did not state.
    pub assumptions: Vec<CostAssumptionJson>,
    pub strategies: Vec<StrategyCostJson>,
    /// Strategies the sheet cannot price, and why (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub omitted: Vec<OmittedJson>,
    /// Where two strategies' costs cross (for a batch, with `--detail`:
    /// solving for it re-prices the profile hundreds of times).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even: Option<Vec<BreakEvenJson>>,
    pub latency: Vec<LatencyJson>,
    /// Why no strategy has a carbon figure (absent when they have).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbon_omitted: Option<String>,
}

/// A strategy's emissions for the JSON, where there is a figure.
fn carbon_json(c: &Costing, s: StrategyId, provider: &str) -> Option<CarbonJson> {
    let grid = c.carbon.grid.as_ref().ok()?;
    let k = c.carbon.strategies.get(s.index())?.as_ref()?;
    Some(CarbonJson {
        kg_co2e: carbon::grams(k.kg_co2e),
        energy_kwh: carbon::grams(k.energy_kwh),
        grid_g_per_kwh: grid.g_per_kwh,
        region: grid.region.clone(),
        method: carbon::method(),
        vcpu_hours: quantity(k.capacity.vcpu_hours),
        gb_hours: quantity(k.capacity.gb_hours),
        basis: carbon::basis(k, provider, grid),
        grid_source: grid.source.clone(),
    })
}

#[derive(Debug, Serialize)]
pub struct OmittedJson {
    pub strategy: String,
    pub reason: String,
}

/// `advise cost --bands`: each average rate priced (docs/cost.md).
#[derive(Debug, Serialize)]
pub struct BandsJson {
    pub bands: Vec<BandJson>,
}

#[derive(Debug, Serialize)]
pub struct BandJson {
    pub average_rps: f64,
    /// The cheapest strategy priced at this rate, if any is.
    pub cheapest: Option<String>,
    pub recommendation: String,
    /// Each priced strategy's monthly cost, by strategy id.
    pub monthly: std::collections::BTreeMap<String, f64>,
}

impl BandsJson {
    pub fn new(points: &[(f64, Evaluated)], catalog: &Catalog) -> BandsJson {
        let id = |s: StrategyId| catalog.strategies[s].id.clone();
        BandsJson {
            bands: points
                .iter()
                .map(|(rate, e)| BandJson {
                    average_rps: *rate,
                    cheapest: crate::report::cost::cheapest(e).map(|(s, _)| id(s)),
                    recommendation: id(e.assessment.winner().strategy),
                    monthly: catalog
                        .each_strategy()
                        .filter_map(|s| Some((id(s), e.assessment.costing.monthly(s)?)))
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CostAssumptionJson {
    pub field: &'static str,
    pub value: String,
    pub why: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StrategyCostJson {
    pub strategy: String,
    pub platform: String,
    pub monthly: f64,
    pub items: Vec<CostItemJson>,
    pub labour_hours: f64,
    pub labour: Option<f64>,
    pub labour_source: &'static str,
    /// Its monthly emissions (docs/cost.md, "Carbon"); `null` where no
    /// grid intensity applies (`carbon_omitted` says why).
    pub carbon: Option<CarbonJson>,
}

/// One strategy's monthly emissions (docs/cost.md, "Carbon").
#[derive(Debug, Serialize)]
pub struct CarbonJson {
    pub kg_co2e: f64,
    pub energy_kwh: f64,
    pub grid_g_per_kwh: f64,
    pub region: String,
    pub method: String,
    pub vcpu_hours: f64,
    pub gb_hours: f64,
    /// The arithmetic, in words.
    pub basis: String,
    /// Where the grid intensity comes from.
    pub grid_source: String,
}

#[derive(Debug, Serialize)]
pub struct CostItemJson {
    pub kind: &'static str,
    pub item: String,
    pub quantity: f64,
    pub unit: String,
    pub unit_price: f64,
    pub amount: f64,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct BreakEvenJson {
    pub cheaper_below: String,
    pub cheaper_above: String,
    pub average_rps: f64,
}

#[derive(Debug, Serialize)]
pub struct LatencyJson {
    pub strategy: String,
    pub added_ms: f64,
    pub percentile: &'static str,
    pub budget_ms: Option<f64>,
    pub note: String,
}

/// A quantity as printed: no float noise past six decimals.
fn quantity(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

impl CostJson {
    pub(crate) fn new(e: &Evaluated, catalog: &Catalog) -> CostJson {
        let c = &e.assessment.costing;
        let sheet = crate::analysis::cost::sheet_for(&e.profile, &catalog.prices);
        let id = |s: StrategyId| catalog.strategies[s].id.clone();
        // In ranking order, like the rest of the report.
        let order: Vec<StrategyId> = e.assessment.ranking.iter().map(|s| s.strategy).collect();
        CostJson {
            currency: c.estimate.currency.clone(),
            hours_per_month: c.estimate.hours_per_month,
            prices: c.estimate.prices.clone(),
            free_tier: c.estimate.free_tier,
            commitment: c.estimate.commitment.name(),
            prepaid_capacity: c.estimate.prepaid_capacity,
            assumptions: c
                .estimate
                .assumptions
                .iter()
                .map(|a| CostAssumptionJson {
                    field: a.what,
                    value: a.value.clone(),
                    why: a.why,
                })
                .collect(),
            strategies: order
                .iter()
                .filter_map(|&s| {
                    let sc = c.strategies[s.index()].as_ref()?;
                    Some(StrategyCostJson {
                        strategy: id(s),
                        platform: sc.name.clone(),
                        monthly: sc.monthly,
                        items: sc
                            .items
                            .iter()
                            .map(|i| CostItemJson {
                                kind: i.kind.name(),
                                item: i.describe(sheet),
                                quantity: quantity(i.quantity),
                                unit: i.price(sheet).unit.clone(),
                                unit_price: i.unit_price,
                                amount: i.amount,
                                source: i.source(sheet),
                            })
                            .collect(),
                        labour_hours: sc.labour_hours,
                        labour: sc.labour,
                        labour_source: sc.labour_source,
                        carbon: carbon_json(c, s, &sheet.provider),
                    })
                })
                .collect(),
            omitted: order
                .iter()
                .filter_map(|&s| {
                    Some(OmittedJson {
                        strategy: id(s),
                        reason: c.omitted[s.index()].clone()?,
                    })
                })
                .collect(),
            break_even: e.analysed.then(|| {
                e.break_even
                    .iter()
                    .map(|b| BreakEvenJson {
                        cheaper_below: id(b.cheaper_below),
                        cheaper_above: id(b.cheaper_above),
                        average_rps: b.average_rps,
                    })
                    .collect()
            }),
            latency: order
                .iter()
                .filter_map(|&s| {
                    let l = c.latency[s.index()].as_ref()?;
                    Some(LatencyJson {
                        strategy: id(s),
                        added_ms: hundredths(l.added_ms),
                        percentile: l.percentile,
                        budget_ms: e
                            .profile
                            .num(crate::domain::fields::id::WORKLOAD_LATENCY_SLO_MS),
                        note: l.note.clone(),
                    })
                })
                .collect(),
            carbon_omitted: c.carbon.grid.as_ref().err().cloned(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RankedJson {
    pub strategy: String,
    pub name: String,
    pub score: f64,
    pub eligible: bool,
    pub baseline: f64,
    /// What clamping the score to 0-100 added; baseline + effects + clamp = score.
    pub clamp: f64,
    pub builds_on: Vec<String>,
    /// For a strategy that builds on another: its base's score and its own
    /// part; `base_score + own + clamp = score`.
    pub layer: Option<LayerJson>,
    /// The concrete platform that fits, and why.
    pub variant: Option<VariantJson>,
    pub reasons: Vec<ReasonJson>,
}

#[derive(Debug, Serialize)]
pub struct LayerJson {
    pub base: String,
    pub base_score: f64,
    pub own: f64,
}

#[derive(Debug, Serialize)]
pub struct VariantJson {
    pub id: String,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ReasonJson {
    pub rule: String,
    pub effect: f64,
    /// The part of `effect` that reaches this strategy through its base.
    pub inherited: f64,
    pub message: String,
    /// `block`, `base-blocked` or `effect`.
    pub kind: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct FieldJson {
    pub field: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Serialize)]
pub struct ChangeJson {
    pub field: String,
    pub value: serde_json::Value,
    pub recommendation: String,
}

#[derive(Debug, Serialize)]
pub struct BreakdownJson {
    pub strategy: String,
    pub criteria: Vec<CriterionJson>,
}

#[derive(Debug, Serialize)]
pub struct CriterionJson {
    pub criterion: &'static str,
    pub weight: f64,
    pub baseline_rating: f64,
    pub rating: f64,
    /// Points of the score this criterion contributes.
    pub contribution: f64,
    /// Rules that shifted this rating.
    pub shifted_by: Vec<String>,
}

pub(crate) fn value_json(value: &FieldValue) -> serde_json::Value {
    match value {
        FieldValue::Enum(word) => serde_json::Value::from(*word),
        FieldValue::Num(x) if x.fract() == 0.0 && x.abs() < 9e15 => {
            serde_json::Value::from(*x as i64)
        }
        FieldValue::Num(x) => serde_json::Value::from(*x),
        FieldValue::Bool(b) => serde_json::Value::from(*b),
        FieldValue::Tags(tags) => serde_json::Value::from(tags.clone()),
    }
}

pub(crate) fn kind_name(kind: ReasonKind) -> &'static str {
    match kind {
        ReasonKind::Block => "block",
        ReasonKind::BaseBlocked { .. } => "base-blocked",
        ReasonKind::Effect => "effect",
    }
}

impl AssessmentJson {
    /// The object for one assessment; `detail` adds the heavy parts
    /// (`would_change_if`, `sharpen`, `breakdown`).
    pub fn new(e: &Evaluated, catalog: &Catalog, detail: bool) -> AssessmentJson {
        let a = &e.assessment;
        let id = |s: StrategyId| catalog.strategies[s].id.clone();
        let ranking = a
            .ranking
            .iter()
            .map(|s| RankedJson {
                strategy: id(s.strategy),
                name: catalog.strategies[s.strategy].name.clone(),
                score: hundredths(s.score),
                eligible: s.eligible,
                baseline: hundredths(s.baseline),
                clamp: hundredths(s.clamp),
                builds_on: catalog.strategies[s.strategy]
                    .builds_on
                    .iter()
                    .map(|&b| id(b))
                    .collect(),
                layer: s.layer.map(|l| LayerJson {
                    base: id(l.base),
                    base_score: hundredths(l.inherited),
                    own: hundredths(l.own),
                }),
                variant: s.variant.map(|v| {
                    let (name, reason) = crate::report::outline::variant(e, catalog, s)
                        .expect("a chosen variant has a name");
                    VariantJson {
                        id: catalog.strategies[s.strategy].variants[v].id.clone(),
                        name,
                        reason,
                    }
                }),
                reasons: s
                    .reasons
                    .iter()
                    .map(|r| ReasonJson {
                        rule: catalog.rules[r.rule].id.clone(),
                        effect: hundredths(r.effect),
                        inherited: hundredths(r.inherited),
                        message: r.message.clone(),
                        kind: kind_name(r.kind),
                        title: catalog.rules[r.rule].title.clone(),
                    })
                    .collect(),
            })
            .collect();
        AssessmentJson {
            profile: a.profile.clone(),
            recommendation: id(a.winner().strategy),
            ranking,
            margin: a.margin().map(hundredths),
            close_call: a.is_close_call(),
            tie: a.is_tie(),
            assumptions: a
                .assumptions
                .iter()
                .map(|&f| FieldJson {
                    field: fields::get(f).path.into(),
                    value: e.profile.get(f).map_or(serde_json::Value::Null, value_json),
                })
                .collect(),
            unknown: a
                .unknown
                .iter()
                .map(|&f| fields::get(f).path.to_owned())
                .collect(),
            would_change_if: detail.then(|| {
                e.changes
                    .iter()
                    .map(|c| ChangeJson {
                        field: fields::get(c.field).path.into(),
                        value: value_json(&c.value),
                        recommendation: id(c.recommendation),
                    })
                    .collect()
            }),
            sharpen: detail.then(|| {
                e.sharpen
                    .iter()
                    .map(|&f| fields::get(f).path.to_owned())
                    .collect()
            }),
            breakdown: detail.then(|| breakdown(a, catalog)),
            cost: CostJson::new(e, catalog),
            packs: packs(catalog),
        }
    }
}

fn breakdown(a: &Assessment, catalog: &Catalog) -> Vec<BreakdownJson> {
    a.ranking
        .iter()
        .map(|s| BreakdownJson {
            strategy: catalog.strategies[s.strategy].id.clone(),
            criteria: a
                .breakdown(catalog, s.strategy)
                .into_iter()
                .map(|c| CriterionJson {
                    criterion: c.criterion.name(),
                    weight: c.weight,
                    baseline_rating: c.baseline_rating,
                    rating: hundredths(c.rating),
                    contribution: hundredths(c.contribution),
                    shifted_by: c
                        .shifted_by
                        .iter()
                        .map(|&r| catalog.rules[r].id.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// Every finding of a run as `check --format json|jsonl` writes them: the
/// judged profiles, then those that could not be judged.
pub(crate) fn findings<'a>(
    run: &'a crate::gate::check::Run,
    catalog: &'a Catalog,
) -> impl Iterator<Item = FindingJson> + 'a {
    run.findings
        .iter()
        .map(|f| FindingJson::new(f, catalog))
        .chain(run.invalid.iter().map(|i| FindingJson::invalid(i, catalog)))
}

/// One line of `check --format json` (docs/output.md).
#[derive(Debug, Serialize)]
pub(crate) struct FindingJson {
    pub profile: String,
    /// For a workload of a hybrid system: its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    pub path: String,
    /// `null` for an invalid profile, which names no strategy the gate read.
    pub current: Option<String>,
    pub recommendation: Option<String>,
    /// `fit`, `drift`, `mismatch`, `accepted`, `stale` (check --detect), or `invalid`.
    pub verdict: &'static str,
    pub gap: f64,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub accept: Option<AcceptJson>,
    /// For an invalid profile: every problem, with its place.
    pub problems: Vec<ProblemJson>,
    /// Organisation packs the gate's catalog was extended with (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packs: Vec<PackJson>,
    /// For verdict `stale` (`check --detect`): the strategy deployed, and
    /// the file and line that show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detected: Option<DetectedJson>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DetectedJson {
    pub strategy: String,
    pub path: String,
    pub line: u32,
    pub what: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ProblemJson {
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AcceptJson {
    pub strategy: String,
    pub reason: String,
    pub until: String,
    pub lapsed: bool,
    /// It applies, but nothing is left to accept: remove it.
    pub stale: bool,
}

impl FindingJson {
    /// A profile the gate could not judge: verdict `invalid`, at its first problem.
    pub(crate) fn invalid(i: &crate::gate::check::Invalid, catalog: &Catalog) -> FindingJson {
        let first = i.problems.first();
        FindingJson {
            profile: std::path::Path::new(&i.path)
                .file_stem()
                .map_or_else(|| i.path.clone(), |s| s.to_string_lossy().into_owned()),
            workload: None,
            path: i.path.clone(),
            current: None,
            recommendation: None,
            verdict: "invalid",
            gap: 0.0,
            message: i.message(),
            line: first.map_or(1, |d| d.loc.line.max(1)),
            column: first.map_or(1, |d| d.loc.col.max(1)),
            accept: None,
            problems: i
                .problems
                .iter()
                .map(|d| ProblemJson {
                    line: d.loc.line,
                    column: d.loc.col,
                    message: d.message.clone(),
                    help: d.help.clone(),
                })
                .collect(),
            packs: packs(catalog),
            detected: None,
        }
    }

    pub(crate) fn new(f: &Finding, catalog: &Catalog) -> FindingJson {
        FindingJson {
            profile: f.profile.clone(),
            workload: f.workload.clone(),
            path: f.path.clone(),
            current: Some(catalog.strategies[f.current].id.clone()),
            recommendation: Some(catalog.strategies[f.recommendation].id.clone()),
            verdict: f.verdict.name(),
            gap: hundredths(f.gap),
            message: f.message.clone(),
            line: f.loc.line,
            column: f.loc.col,
            accept: f.accept.as_ref().map(|a| AcceptJson {
                strategy: catalog.strategies[a.strategy].id.clone(),
                reason: a.reason.clone(),
                until: a.until.to_string(),
                lapsed: f.accept_lapsed,
                stale: f.accept_stale,
            }),
            problems: Vec::new(),
            packs: packs(catalog),
            detected: f.detected.as_ref().map(|d| DetectedJson {
                strategy: catalog.strategies[d.strategy].id.clone(),
                path: d.path.clone(),
                line: d.line,
                what: d.what.clone(),
            }),
        }
    }
}

/// `advise cost --format json` on a system of workloads (docs/cost.md):
/// each workload's `cost` object with its name, and the plan's total.
#[derive(Debug, Serialize)]
pub struct SystemCostJson {
    pub workloads: Vec<WorkloadCostJson>,
    pub plan: PlanCostJson,
}

#[derive(Debug, Serialize)]
pub struct WorkloadCostJson {
    pub workload: String,
    #[serde(flatten)]
    pub cost: CostJson,
}

#[derive(Debug, Serialize)]
pub struct PlanCostJson {
    pub assignments: Vec<PlanCostLineJson>,
    /// The workloads' figures added as if each ran alone.
    pub sum: Option<f64>,
    /// What sharing a platform saves: each platform's control plane and
    /// front door paid once, a cluster's nodes pooled.
    pub shared_savings: Option<f64>,
    /// The plan's total a month.
    pub monthly: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct PlanCostLineJson {
    pub workload: String,
    pub strategy: String,
    pub monthly: Option<f64>,
}

impl SystemCostJson {
    pub(crate) fn new(h: &crate::analysis::evaluated::System, catalog: &Catalog) -> SystemCostJson {
        let best = &h.solution.best;
        let sum = crate::report::cost::plan_sum(h).map(crate::analysis::cost::cents);
        SystemCostJson {
            workloads: h
                .workloads
                .iter()
                .enumerate()
                .map(|(i, e)| WorkloadCostJson {
                    workload: h.name(i).to_owned(),
                    cost: CostJson::new(e, catalog),
                })
                .collect(),
            plan: PlanCostJson {
                assignments: best
                    .assignments
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| PlanCostLineJson {
                        workload: h.name(i).to_owned(),
                        strategy: catalog.strategies[s].id.clone(),
                        monthly: h.workloads[i].assessment.costing.monthly(s),
                    })
                    .collect(),
                sum,
                shared_savings: match (sum, best.monthly) {
                    (Some(s), Some(m)) => Some(crate::analysis::cost::cents(s - m)),
                    _ => None,
                },
                monthly: best.monthly,
            },
        }
    }
}

/// One entry of `compare --format json|jsonl`: the assessment object (the
/// contract of cli.md, unchanged), and for a workload of a hybrid system
/// three more keys: `system`, `workload` and `planned`, the plan's strategy
/// for it (which `recommendation`, the workload's own best alone, may not
/// be).
#[derive(Debug, Serialize)]
pub struct CompareJson {
    #[serde(flatten)]
    pub assessment: AssessmentJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<String>,
}

impl CompareJson {
    pub fn new(
        entry: &crate::report::compare::Entry,
        catalog: &Catalog,
        detail: bool,
    ) -> CompareJson {
        let w = entry.workload.as_ref();
        CompareJson {
            assessment: AssessmentJson::new(&entry.evaluated, catalog, detail),
            system: w.map(|w| w.system.clone()),
            workload: w.map(|w| w.name.clone()),
            planned: entry.planned().map(|p| catalog.strategies[p].id.clone()),
        }
    }
}
