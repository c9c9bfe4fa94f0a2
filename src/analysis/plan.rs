//! A plan for a hybrid system (docs/hybrid.md): which platforms to run, and
//! which workload goes on which. Pure: it reads each workload's scores,
//! costs and operations hours (from the unchanged engine and estimate) and
//! the team, and solves exactly.
//!
//! The model, in the score's own unit (points of 0-100):
//!
//! - **fit**: the mean, over workloads, of the score of the strategy each
//!   is assigned. Within a set of platforms each workload goes to its best
//!   eligible strategy in the set (its own ranking's order).
//! - **upkeep**: every platform takes monthly operations hours, the labour
//!   hours the cost model already gives it (`cost::labour`: AWS startup
//!   guidance puts EKS upkeep at 20-40% of an engineer, 48 h; functions 4 h;
//!   managed containers 8 h; a mesh 64 h with its cluster; instances 4 h
//!   plus 2 h × √n), paid once per platform: the most any of its workloads
//!   needs. The largest platform's upkeep is already weighed in the scores
//!   of the workloads on it (operability, and the rules on team size), as
//!   it is for a single profile; each further platform costs its share of
//!   the team's month, `hours / (engineers × 160 h)`, in percent, times
//!   [`UPKEEP_WEIGHT`] points of fit, a rate calibrated on published hybrid
//!   systems: [`upkeep_points`]. So the same platform weighs more for a
//!   small team, through the sourced hours. Operations maturity does not
//!   scale it: no published figure found gives a multiplier by maturity
//!   (the nearest, the 2016 State of DevOps Report's share of time on
//!   unplanned work and rework, 21% for high, 32% for medium and 27% for
//!   low performers, is not monotonic and ranks delivery performance, not
//!   a team's operations practice). Maturity weighs in each workload's
//!   scores instead, through the engine's rules.
//! - **shared fixed costs**: a control plane (Kubernetes, the mesh's) is
//!   paid once per platform, and a mesh's cluster also carries the plain
//!   container workloads (a mesh covers only the workloads on it: the
//!   others run on its cluster outside the mesh), so together they are one
//!   platform to run and one control plane to pay.
//!
//! value = fit − upkeep points. Every set of platforms is tried (2^n − 1 of
//! them: 15 for the built-in catalog, at most [`MAX_PLATFORMS`] strategies);
//! ties go to fewer platforms, then to the platforms earlier in catalog
//! order.

use crate::analysis::cost::ENGINEER_HOURS;
use crate::domain::catalog::StrategyId;
use crate::text::number::hundredths;

/// What one workload offers the planner for one strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub score: f64,
    pub eligible: bool,
    /// The monthly estimate, when there is one.
    pub monthly: Option<f64>,
    /// The part of `monthly` that is a control plane: paid once per platform.
    pub shared: f64,
    /// A cluster's nodes, pooled with the other workloads on the cluster.
    pub pool: Option<crate::analysis::pricing::Pool>,
    /// Monthly operations hours of the platform this workload would need.
    pub labour_hours: f64,
    /// Monthly emissions, kg CO2e, when there is a figure.
    pub kg_co2e: Option<f64>,
}

/// One workload as the planner sees it: what it asks of each strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub name: String,
    /// Strategies best first (the engine's ranking: its ties are settled).
    pub ranking: Vec<StrategyId>,
    /// By catalog index.
    pub options: Vec<Choice>,
}

/// The team that runs every platform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Team {
    pub engineers: f64,
    /// `team.ops_maturity`: none, low, medium or high (named in the plan's
    /// reason; it does not scale the upkeep).
    pub ops_maturity: &'static str,
}

/// Points of fit that each percent of the team's month costs: the exchange
/// rate between upkeep and fit. The hours are sourced; what a point of fit
/// is worth in them is not, so the rate is calibrated on the published
/// hybrid systems of `cases/`. Of their 94 workloads (catalog fitted to 423
/// cases), a rate of 0 to 0.2 places 60 or 61 as the real system did, 0.22
/// and a quarter 59, 0.3 58, 0.5 55 and 1 (a percent as a point, the first
/// rate) 51: each workload a higher rate loses is a published split folded
/// onto one platform. A fifth sits on that plateau (a quarter did until 398 cases);
/// its edge moves by a workload from one refit to the next, which is not
/// chased. Not 0, so that a second platform still costs and a small team
/// whose split gains little keeps to one.
pub const UPKEEP_WEIGHT: f64 = 0.2;

/// The share of this team's month, in percent, that `hours` take
/// ([`ENGINEER_HOURS`] per engineer).
pub fn month_percent(hours: f64, team: Team) -> f64 {
    100.0 * hours / (team.engineers.max(1.0) * ENGINEER_HOURS)
}

/// Points of fit that `hours` of monthly upkeep cost this team: their
/// [`month_percent`] times [`UPKEEP_WEIGHT`]. `team.ops_maturity` does not
/// enter (see the module's documentation: no source gives a multiplier).
pub fn upkeep_points(hours: f64, team: Team) -> f64 {
    hundredths(UPKEEP_WEIGHT * month_percent(hours, team))
}

/// One plan: every workload's strategy, and what it comes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// By workload, in profile order.
    pub assignments: Vec<StrategyId>,
    /// The distinct strategies, in catalog order.
    pub platforms: Vec<StrategyId>,
    /// Mean score of the assigned strategies.
    pub fit: f64,
    /// Monthly upkeep hours of each platform (parallel to `platforms`):
    /// 0 for a mesh's base when the mesh runs too.
    pub upkeep: Vec<f64>,
    /// Hours beyond the first platform's, and what they cost in points.
    pub extra_hours: f64,
    pub extra_points: f64,
    /// fit − extra_points.
    pub value: f64,
    /// The monthly estimate, control planes paid once; `None` when a
    /// workload has no estimate.
    pub monthly: Option<f64>,
    /// Monthly emissions, kg CO2e: each workload's own capacity on its
    /// strategy (not pooled); `None` when a workload has no figure.
    pub kg_co2e: Option<f64>,
    /// Whether every workload is on an eligible strategy.
    pub feasible: bool,
}

/// The best plan, the best on one platform, and the best on several.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub best: Plan,
    /// The best plan on one strategy for all; `None` when no single
    /// strategy suits every workload.
    pub single: Option<Plan>,
    /// The best plan on two or more platforms, if any differs.
    pub multi: Option<Plan>,
}

/// The most platforms (strategies) the planner solves. It tries every set of
/// them, 2^n − 1, each priced over every workload: 12 is 4,095 sets (200
/// workloads plan in about a second in a debug build); every strategy more
/// doubles the work (26 took 18 s), and 32 or more no longer fit a set in
/// a `u32`. The built-in catalog has 4.
pub const MAX_PLATFORMS: usize = 12;

/// The sets of platforms tried at [`MAX_PLATFORMS`].
const MOST_SETS: u32 = (1 << MAX_PLATFORMS) - 1;

/// A catalog with more strategies than the planner solves: see
/// [`MAX_PLATFORMS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyPlatforms {
    pub strategies: usize,
}

impl std::fmt::Display for TooManyPlatforms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the catalog has {} strategies, more than the {MAX_PLATFORMS} a plan can weigh \
             (it tries every set of platforms: {MOST_SETS} for {MAX_PLATFORMS}, and each \
             strategy more doubles that)",
            self.strategies
        )
    }
}

/// Whether a catalog of `strategies` is within [`MAX_PLATFORMS`]; the
/// number of non-empty sets of platforms to try when it is.
pub(crate) fn sets(strategies: usize) -> Result<u32, TooManyPlatforms> {
    let too_many = TooManyPlatforms { strategies };
    if strategies > MAX_PLATFORMS {
        return Err(too_many);
    }
    let n = u32::try_from(strategies).map_err(|_| too_many)?;
    let all = 1u32.checked_shl(n).ok_or(too_many)?;
    Ok(all - 1)
}

/// The bit of strategy `s` in a set of platforms; none for a strategy
/// beyond the sets (it is never within one).
fn bit(s: StrategyId) -> u32 {
    u32::try_from(s.index())
        .ok()
        .and_then(|s| 1u32.checked_shl(s))
        .unwrap_or(0)
}

/// Which of two plans is better: higher value, then fewer platforms, then
/// platforms earlier in catalog order.
fn better(a: &Plan, b: &Plan) -> bool {
    b.value
        .total_cmp(&a.value)
        .then(a.platforms.len().cmp(&b.platforms.len()))
        .then(a.platforms.cmp(&b.platforms))
        .is_lt()
}

/// Keeps the better of `best` and `plan`.
fn keep(best: &mut Option<Plan>, plan: &Plan) {
    if best.as_ref().is_none_or(|b| better(plan, b)) {
        *best = Some(plan.clone());
    }
}

/// Solves the plan exactly. `bases[s]` is the strategy `s` builds on (a
/// mesh on containers), if any. Refuses more than [`MAX_PLATFORMS`]
/// strategies. Memory holds three plans, not one per set.
pub fn solve(
    workloads: &[Demand],
    bases: &[Option<StrategyId>],
    team: Team,
) -> Result<Solution, TooManyPlatforms> {
    let sets = sets(bases.len())?;
    let (mut best, mut single, mut multi) = (None, None, None);
    for set in 1..=sets {
        let within = |s: StrategyId| set & bit(s) != 0;
        let assignments: Option<Vec<StrategyId>> = workloads
            .iter()
            .map(|w| {
                w.ranking
                    .iter()
                    .copied()
                    .find(|&s| within(s) && w.options[s.index()].eligible)
            })
            .collect();
        let Some(assignments) = assignments else {
            continue;
        };
        let used: u32 = assignments.iter().fold(0, |m, &s| m | bit(s));
        // A set with an unused platform is a smaller set's plan.
        if used != set {
            continue;
        }
        let plan = price(workloads, bases, team, assignments, true);
        keep(&mut best, &plan);
        match set.count_ones() {
            1 => keep(&mut single, &plan),
            _ => keep(&mut multi, &plan),
        }
    }
    let best = match best {
        Some(best) => best,
        // Some workload fits nothing: each keeps its own first choice.
        None => {
            let assignments = workloads.iter().map(|w| w.ranking[0]).collect();
            price(workloads, bases, team, assignments, false)
        }
    };
    Ok(Solution {
        best,
        single,
        multi,
    })
}

fn price(
    workloads: &[Demand],
    bases: &[Option<StrategyId>],
    team: Team,
    assignments: Vec<StrategyId>,
    feasible: bool,
) -> Plan {
    let mut platforms = assignments.clone();
    platforms.sort_unstable();
    platforms.dedup();
    // A base whose layer runs too shares the layer's cluster.
    let carried = |s: StrategyId| {
        platforms
            .iter()
            .any(|&l| l != s && bases.get(l.index()).copied().flatten() == Some(s))
    };
    // Every sum below runs over the workloads in one order, by name (names
    // are unique), so a plan's figures do not depend on the order the
    // profile lists them: floating-point addition is not associative, and a
    // last-bit difference can cross a rounding boundary.
    let mut placed: Vec<(&Demand, StrategyId)> =
        workloads.iter().zip(assignments.iter().copied()).collect();
    placed.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let on = |p: StrategyId| {
        placed
            .iter()
            .filter(move |&&(_, s)| s == p)
            .map(move |(w, _)| &w.options[p.index()])
    };
    let upkeep: Vec<f64> = platforms
        .iter()
        .map(|&p| match carried(p) {
            true => 0.0,
            false => on(p).map(|o| o.labour_hours).fold(0.0, f64::max),
        })
        .collect();
    let total: f64 = upkeep.iter().sum();
    // To the hundredth: the sum less its largest part is otherwise 7.999…
    // where the parts were 8 and 4 + 2√n.
    let extra_hours = hundredths(total - upkeep.iter().copied().fold(0.0, f64::max));
    let extra_points = upkeep_points(extra_hours, team);
    let fit = hundredths(
        placed
            .iter()
            .map(|&(w, s)| w.options[s.index()].score)
            .sum::<f64>()
            / workloads.len().max(1) as f64,
    );
    // Control planes once per cluster: a layer and its base are one.
    let cluster = |s: StrategyId| bases.get(s.index()).copied().flatten().unwrap_or(s);
    let monthly = placed
        .iter()
        .map(|&(w, s)| w.options[s.index()].monthly)
        .sum::<Option<f64>>()
        .map(|sum| {
            let mut groups: Vec<(StrategyId, f64, f64)> = Vec::new();
            for &(w, s) in &placed {
                let shared = w.options[s.index()].shared;
                let key = cluster(s);
                match groups.iter_mut().find(|g| g.0 == key) {
                    Some(g) => {
                        g.1 += shared;
                        g.2 = g.2.max(shared);
                    }
                    None => groups.push((key, shared, shared)),
                }
            }
            let paid_twice: f64 = groups.iter().map(|g| g.1 - g.2).sum();
            // Nodes pooled per cluster: the pods' needs added and rounded
            // up to whole nodes, at least the largest fleet any one of them
            // keeps alone (its minimum), never more than they cost apart.
            let mut pools: Vec<(StrategyId, f64, f64, f64, f64)> = Vec::new();
            for &(w, s) in &placed {
                let Some(p) = w.options[s.index()].pool else {
                    continue;
                };
                let key = cluster(s);
                match pools.iter_mut().find(|g| g.0 == key) {
                    Some(g) => {
                        g.1 += p.cost;
                        g.2 += p.need * p.node;
                        g.3 = g.3.max(p.cost);
                        g.4 = g.4.max(p.node);
                    }
                    None => pools.push((key, p.cost, p.need * p.node, p.cost, p.node)),
                }
            }
            let pooled_saving: f64 = pools
                .iter()
                .map(|&(_, apart, need, largest, node)| {
                    let together = largest.max((need / node - 1e-9).ceil() * node);
                    (apart - together).max(0.0)
                })
                .sum();
            crate::analysis::cost::cents(sum - paid_twice - pooled_saving)
        });
    let kg_co2e = placed
        .iter()
        .map(|&(w, s)| w.options[s.index()].kg_co2e)
        .sum::<Option<f64>>();
    Plan {
        value: hundredths(fit - extra_points),
        assignments,
        platforms,
        fit,
        upkeep,
        extra_hours,
        extra_points,
        monthly,
        kg_co2e,
        feasible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESH_ON_CONTAINER: [Option<StrategyId>; 4] = [None, None, None, Some(StrategyId::new(1))];

    /// Strategies by their catalog positions.
    fn ids(positions: &[usize]) -> Vec<StrategyId> {
        positions.iter().map(|&i| StrategyId::new(i)).collect()
    }

    /// A workload with these scores (all eligible), the ranking by score.
    fn workload(name: &str, scores: [f64; 4]) -> Demand {
        let hours = [8.0, 48.0, 4.0, 64.0];
        let mut ranking: Vec<StrategyId> = ids(&[0, 1, 2, 3]);
        ranking.sort_by(|&a, &b| {
            scores[b.index()]
                .total_cmp(&scores[a.index()])
                .then(a.cmp(&b))
        });
        Demand {
            name: name.into(),
            ranking,
            options: (0..4)
                .map(|s| Choice {
                    score: scores[s],
                    eligible: true,
                    monthly: Some(100.0 + 73.0 * f64::from(u8::from(s == 1 || s == 3))),
                    shared: if s == 1 || s == 3 { 73.0 } else { 0.0 },
                    pool: None,
                    labour_hours: hours[s],
                    kg_co2e: None,
                })
                .collect(),
        }
    }

    fn solve_ok(w: &[Demand], bases: &[Option<StrategyId>], team: Team) -> Solution {
        solve(w, bases, team).expect("within the limit")
    }

    fn team(engineers: f64) -> Team {
        Team {
            engineers,
            ops_maturity: "medium",
        }
    }

    #[test]
    fn upkeep_is_the_share_of_the_teams_month() {
        // 48 h of a team of 4 (640 h) is 7.5% of its month: 1.5 points.
        assert_eq!(upkeep_points(48.0, team(4.0)), 1.5);
        // 4 h of a team of 40 is 0.0625%: 0.0125 points.
        assert_eq!(upkeep_points(4.0, team(40.0)), 0.01);
        let raw = Team {
            engineers: 4.0,
            ops_maturity: "none",
        };
        // Maturity does not scale upkeep: no source gives a multiplier.
        assert_eq!(upkeep_points(48.0, raw), upkeep_points(48.0, team(4.0)));
    }

    #[test]
    fn a_large_team_splits_workloads_onto_their_best_platforms() {
        let w = [
            workload("api", [50.0, 70.0, 60.0, 55.0]),
            workload("events", [40.0, 55.0, 75.0, 45.0]),
        ];
        let s = solve_ok(&w, &MESH_ON_CONTAINER, team(40.0));
        assert_eq!(s.best.assignments, ids(&[1, 2]));
        assert_eq!(s.best.platforms, ids(&[1, 2]));
        assert_eq!(s.best.upkeep, vec![48.0, 4.0]);
        assert_eq!(s.best.extra_hours, 4.0);
        let single = s.single.unwrap();
        assert_eq!(
            single.platforms,
            ids(&[2]),
            "functions carry both best alone"
        );
        assert_eq!(single.fit, 67.5);
        assert_eq!((s.best.fit, s.best.value), (72.5, 72.49));
    }

    #[test]
    fn the_extra_hours_are_whole_hundredths() {
        // Instances of 4 h + 2 h × √2 beside a managed container service
        // of 8 h. A team of 40 splits.
        let mut w = [
            workload("api", [40.0, 70.0, 50.0, 50.0]),
            workload("batch", [75.0, 70.0, 40.0, 45.0]),
        ];
        for d in &mut w {
            d.options[0].labour_hours = 4.0 + 2.0 * 2f64.sqrt();
            d.options[1].labour_hours = 8.0;
        }
        let s = solve_ok(&w, &MESH_ON_CONTAINER, team(40.0));
        assert_eq!(s.best.platforms, ids(&[0, 1]));
        assert_eq!(s.best.extra_hours, 6.83);
        // Instances the larger (4 h + 2 h × √20): the extra is the 8 h.
        let w = w.map(|mut d| {
            d.options[0].labour_hours = 4.0 + 2.0 * 20f64.sqrt();
            d
        });
        let s = solve_ok(&w, &MESH_ON_CONTAINER, team(40.0));
        assert_eq!(s.best.extra_hours, 8.0);
    }

    #[test]
    fn a_small_team_keeps_one_platform_when_the_extra_one_costs_more_than_it_gains() {
        // Instances beside the cluster: +0.5 points for one of two
        // workloads (+0.25 of the mean) against 8 h of upkeep: 0.5 points
        // for a team of 2 (2.5% of its month), 0.03 for a team of 30.
        let w = [
            workload("api", [40.0, 70.0, 50.0, 50.0]),
            workload("batch", [70.5, 70.0, 40.0, 45.0]),
        ];
        let small = solve_ok(&w, &MESH_ON_CONTAINER, team(2.0));
        assert_eq!(small.best.platforms, ids(&[1]));
        assert_eq!(Some(&small.best), small.single.as_ref());
        assert_eq!(small.multi.as_ref().unwrap().extra_points, 0.5);
        let large = solve_ok(&w, &MESH_ON_CONTAINER, team(30.0));
        assert_eq!(large.best.platforms, ids(&[0, 1]));
        assert_eq!(large.best.assignments, ids(&[1, 0]));
    }

    #[test]
    fn workloads_on_one_cluster_pool_their_nodes() {
        use crate::analysis::pricing::Pool;
        // Strategy 1 (the cluster) on nodes of $70 a month, at least three.
        let on_nodes = |name: &str, need: f64| {
            let mut w = workload(name, [10.0, 70.0, 10.0, 10.0]);
            let cost = 70.0 * need.ceil().max(3.0);
            w.options[1].monthly = Some(cost + 73.0);
            w.options[1].pool = Some(Pool {
                cost,
                need,
                node: 70.0,
            });
            w
        };
        // Two small workloads: each keeps three nodes alone; together their
        // 1.2 nodes fit in the three, and one control plane.
        let s = solve_ok(
            &[on_nodes("a", 0.5), on_nodes("b", 0.7)],
            &MESH_ON_CONTAINER,
            team(8.0),
        );
        assert_eq!(s.best.assignments, ids(&[1, 1]));
        assert_eq!(s.best.monthly, Some(210.0 + 73.0));
        // Two large ones: 2.5 nodes each is 3 apart, 5 together.
        let s = solve_ok(
            &[on_nodes("a", 2.5), on_nodes("b", 2.5)],
            &MESH_ON_CONTAINER,
            team(8.0),
        );
        assert_eq!(s.best.monthly, Some(350.0 + 73.0));
        // Never more than apart: 3.5 and 3.5 is 4 + 4 apart, 7 together.
        let s = solve_ok(
            &[on_nodes("a", 3.5), on_nodes("b", 3.5)],
            &MESH_ON_CONTAINER,
            team(8.0),
        );
        assert_eq!(s.best.monthly, Some(490.0 + 73.0));
    }

    #[test]
    fn control_planes_are_paid_once_and_a_mesh_carries_its_base() {
        let w = [
            workload("a", [10.0, 70.0, 10.0, 60.0]),
            workload("b", [10.0, 60.0, 10.0, 70.0]),
            workload("c", [10.0, 70.0, 10.0, 10.0]),
        ];
        let s = solve_ok(&w, &MESH_ON_CONTAINER, team(100.0));
        assert_eq!(s.best.assignments, ids(&[1, 3, 1]));
        // The mesh's cluster runs the container workloads: one platform to
        // run (64 h), one control plane (3 × 173 − 2 × 73).
        assert_eq!(s.best.upkeep, vec![0.0, 64.0]);
        assert_eq!(s.best.extra_hours, 0.0);
        assert_eq!(s.best.monthly, Some(3.0 * 173.0 - 2.0 * 73.0));
    }

    #[test]
    fn ties_go_to_fewer_platforms_then_catalog_order() {
        let w = [workload("a", [60.0, 60.0, 60.0, 60.0])];
        let s = solve_ok(&w, &MESH_ON_CONTAINER, team(8.0));
        assert_eq!(s.best.platforms, ids(&[0]));
        assert!(s.multi.is_none(), "one workload uses one platform");
    }

    #[test]
    fn ineligible_strategies_are_never_assigned() {
        let mut a = workload("a", [50.0, 40.0, 90.0, 30.0]);
        a.options[2].eligible = false;
        let s = solve_ok(&[a], &MESH_ON_CONTAINER, team(8.0));
        assert_eq!(s.best.assignments, ids(&[0]));
        let mut blocked = workload("b", [50.0, 40.0, 90.0, 30.0]);
        for o in &mut blocked.options {
            o.eligible = false;
        }
        let s = solve_ok(&[blocked], &MESH_ON_CONTAINER, team(8.0));
        assert!(!s.best.feasible && s.single.is_none());
        assert_eq!(
            s.best.assignments,
            ids(&[2]),
            "its own first choice, marked"
        );
    }

    /// `n` strategies, none layered, and `workloads` workloads whose scores
    /// differ by strategy and workload so that many sets are feasible.
    fn many(n: usize, workloads: usize) -> (Vec<Demand>, Vec<Option<StrategyId>>) {
        let w = (0..workloads)
            .map(|i| {
                let scores: Vec<f64> = (0..n).map(|s| ((i * 7 + s * 13) % 50) as f64).collect();
                let mut ranking: Vec<StrategyId> = (0..n).map(StrategyId::new).collect();
                ranking.sort_by(|&a, &b| {
                    scores[b.index()]
                        .total_cmp(&scores[a.index()])
                        .then(a.cmp(&b))
                });
                Demand {
                    name: format!("w{i}"),
                    ranking,
                    options: scores
                        .iter()
                        .map(|&score| Choice {
                            score,
                            eligible: true,
                            monthly: Some(10.0),
                            shared: 0.0,
                            pool: None,
                            labour_hours: 4.0,
                            kg_co2e: None,
                        })
                        .collect(),
                }
            })
            .collect();
        (w, vec![None; n])
    }

    #[test]
    fn more_strategies_than_the_limit_are_refused_not_wrapped() {
        for n in [MAX_PLATFORMS + 1, 26, 32, 33, 64] {
            let (w, bases) = many(n, 3);
            assert_eq!(
                solve(&w, &bases, team(8.0)),
                Err(TooManyPlatforms { strategies: n })
            );
        }
        assert_eq!(sets(4), Ok(15));
        assert_eq!(sets(MAX_PLATFORMS), Ok(4095));
        assert_eq!(MOST_SETS, 4095);
        let message = TooManyPlatforms { strategies: 33 }.to_string();
        assert!(
            message.contains("33 strategies") && message.contains("12"),
            "{message}"
        );
    }

    #[test]
    fn the_largest_catalog_plans_in_good_time() {
        // 4,095 sets of 12 platforms for 200 workloads, in a debug build.
        let (w, bases) = many(MAX_PLATFORMS, 200);
        let start = std::time::Instant::now();
        let s = solve_ok(&w, &bases, team(1000.0));
        let took = start.elapsed();
        assert!(took.as_secs() < 10, "took {took:?}");
        assert!(s.best.feasible);
        // Each workload on its best strategy within the plan's platforms.
        for (one, &a) in w.iter().zip(&s.best.assignments) {
            let first = one.ranking.iter().find(|x| s.best.platforms.contains(x));
            assert_eq!(first, Some(&a));
        }
    }
}
