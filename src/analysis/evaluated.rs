//! The one place that analyses a profile ([`Evaluated`]) or a system of
//! several workloads ([`System`]): the engine's scores, and on request the
//! analyses that re-score or re-price it (what would change the answer,
//! where costs cross), and a system's plan. Reporters, the gate, `diff` and
//! the commands all read what these computed; none of them computes it.

use crate::analysis::cost::{BreakEven, ItemKind};
use crate::analysis::engine::Assessment;
use crate::analysis::plan::{self, Solution, Team};
use crate::analysis::sensitivity::Change;
use crate::analysis::sweep::CostAcrossLoad;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::{self, FieldId};
use crate::domain::profile::Profile;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::Loc;

/// A profile with everything computed about it: what reporters render.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// The file as the user named it.
    pub path: String,
    pub profile: Profile,
    pub assessment: Assessment,
    pub changes: Vec<Change>,
    /// The unstated fields whose value could change the answer.
    pub sharpen: Vec<FieldId>,
    /// Rates where two strategies' monthly costs cross.
    pub break_even: Vec<BreakEven>,
    /// Every strategy's cost across a range of load (with the analyses).
    pub cost_across_load: Option<CostAcrossLoad>,
    /// Whether `changes` and `break_even` were worked out (else both are
    /// empty for want of asking, and reports leave them out).
    pub analysed: bool,
}

impl Evaluated {
    /// Scores a profile; with `analyses`, also works out what would change
    /// the answer, where costs cross and the cost across load (they re-score
    /// or re-price the profile hundreds of times, so a batch asks for them
    /// with `--detail`).
    pub fn analyse(path: &str, profile: Profile, catalog: &Catalog, analyses: bool) -> Evaluated {
        let assessment = crate::analysis::engine::evaluate(&profile, catalog);
        let mut e = Evaluated {
            path: path.to_owned(),
            profile,
            assessment,
            changes: Vec::new(),
            sharpen: Vec::new(),
            break_even: Vec::new(),
            cost_across_load: None,
            analysed: analyses,
        };
        if analyses {
            let (p, a) = (&e.profile, &e.assessment);
            e.changes = crate::analysis::sensitivity::would_change_if(p, catalog, a);
            e.sharpen = crate::analysis::sensitivity::sharpen(p, &e.changes);
            e.break_even = crate::analysis::cost::break_even(p, catalog);
            e.cost_across_load = Some(CostAcrossLoad::new(p, catalog, a, &e.break_even));
        }
        e
    }
}

/// A system of several workloads, with everything computed about it.
#[derive(Debug, Clone)]
pub struct System {
    pub path: String,
    /// The system as a whole (its name, team and other system-wide fields).
    pub profile: Profile,
    /// Each workload as a single profile, in profile order.
    pub workloads: Vec<Evaluated>,
    pub solution: Solution,
}

impl System {
    /// Assesses every workload of `profile` (which has `workloads:`) and
    /// plans the system. A catalog of more strategies than the planner
    /// solves ([`plan::MAX_PLATFORMS`]) is refused before any workload is
    /// scored, at the profile's first workload.
    pub fn analyse(
        path: &str,
        profile: Profile,
        catalog: &Catalog,
        analyses: bool,
    ) -> Result<System, Diagnostics> {
        if let Err(e) = plan::sets(catalog.strategies.len()) {
            let at = profile.workloads.first().map_or(Loc::START, |w| w.name_loc);
            return Err(Diagnostic::new(
                path,
                "",
                at,
                format!("this profile's workloads cannot be planned: {e}"),
            )
            .help(format!(
                "plan with a catalog of at most {} strategies (`--rules DIR`), or rank one workload alone with `advise {path} --workload NAME`",
                plan::MAX_PLATFORMS
            ))
            .into());
        }
        let workloads: Vec<Evaluated> = profile
            .workloads
            .iter()
            .map(|w| Evaluated::analyse(path, w.profile.clone(), catalog, analyses))
            .collect();
        let bases: Vec<_> = catalog.strategies.iter().map(|s| s.base()).collect();
        let solution = plan::solve(&inputs(&workloads, catalog), &bases, team(&profile))
            .expect("the number of strategies is checked above");
        Ok(System {
            path: path.to_owned(),
            profile,
            workloads,
            solution,
        })
    }

    pub(crate) fn name(&self, i: usize) -> &str {
        &self.profile.workloads[i].name
    }

    /// The strategy carrying the most workloads of the plan; ties: the
    /// plan's first workload's.
    pub(crate) fn recommendation(&self) -> StrategyId {
        let a = &self.solution.best.assignments;
        let count = |s: StrategyId| a.iter().filter(|&&x| x == s).count();
        let most = a.iter().map(|&s| count(s)).max().unwrap_or(0);
        a.iter()
            .copied()
            .find(|&s| count(s) == most)
            .unwrap_or(StrategyId::new(0))
    }

    /// The assigned strategy's lead over the workload's best other eligible
    /// strategy (negative when the plan puts it on a strategy that is not
    /// its own best).
    pub(crate) fn margin(&self, i: usize) -> Option<f64> {
        let a = &self.workloads[i].assessment;
        let s = self.solution.best.assignments[i];
        let mine = a.scored(s).score;
        a.ranking
            .iter()
            .filter(|x| x.strategy != s && x.eligible)
            .map(|x| x.score)
            .next()
            .map(|other| crate::text::number::hundredths(mine - other))
    }
}

/// The team the plan charges upkeep to.
pub(crate) fn team(p: &Profile) -> Team {
    let ops_maturity = match p.get(crate::domain::fields::id::TEAM_OPS_MATURITY) {
        Some(fields::FieldValue::Enum(w)) => w,
        _ => "medium",
    };
    Team {
        engineers: p
            .num(crate::domain::fields::id::TEAM_ENGINEERS)
            .unwrap_or(8.0),
        ops_maturity,
    }
}

/// What each workload offers the planner, from its assessment.
pub fn inputs(workloads: &[Evaluated], catalog: &Catalog) -> Vec<plan::Demand> {
    workloads
        .iter()
        .map(|e| {
            let a = &e.assessment;
            plan::Demand {
                name: e.profile.name.clone(),
                ranking: a.ranking.iter().map(|s| s.strategy).collect(),
                options: catalog
                    .each_strategy()
                    .map(|s| {
                        let scored = a.scored(s);
                        let cost = a.costing.strategies.get(s.index()).and_then(Option::as_ref);
                        plan::Choice {
                            score: scored.score,
                            eligible: scored.eligible,
                            monthly: cost.map(|c| c.monthly),
                            shared: cost.map_or(0.0, |c| {
                                c.items
                                    .iter()
                                    .filter(|i| shared_once(i))
                                    .map(|i| i.amount)
                                    .sum()
                            }),
                            labour_hours: cost.map_or(0.0, |c| c.labour_hours),
                            pool: cost.and_then(|c| c.pool),
                            kg_co2e: a.costing.carbon.kg(s.index()),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Whether a line is a platform's fixed part, paid once however many
/// workloads run on it: a control plane, and a load balancer's hours (one
/// load balancer routes to many services by host or path: AWS Application
/// Load Balancer listener rules, Azure Application Gateway and Google
/// Cloud Load Balancing URL maps). Its capacity units, requests and
/// compute grow with each workload's traffic and are not shared.
pub(crate) fn shared_once(i: &crate::analysis::pricing::Item) -> bool {
    i.kind == ItemKind::ControlPlane || i.role == crate::domain::prices::Role::LbHour
}
