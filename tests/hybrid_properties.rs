//! Properties of the plan for hybrid systems (spec/hybrid.md, `src/plan.rs`)
//! over random systems of 2-5 workloads, read from YAML text through the
//! library as the CLI reads them: each workload is ranked on its own, the
//! plan does not depend on the order of the workloads, a small team keeps
//! one platform when an extra one costs more than it gains, and the plan is
//! the best over every set of platforms (recomputed here by brute force
//! from the planner's public inputs, with its value worked out afresh).

use std::sync::LazyLock;

use advise::analysis::evaluated::Evaluated;
use advise::analysis::evaluated::{self, System as Hybrid};
use advise::analysis::plan::{self, Team};
use advise::domain::catalog::{Catalog, StrategyId};
use advise::domain::profile::{self, Profile};
use advise::text::number::hundredths;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

const CASES: u32 = 64;

/// Values are hundredths ([`hundredths`]): two sums of the same
/// figures may round a hundredth apart.
const ROUNDING: f64 = 0.011;

const LEVELS: [&str; 4] = ["none", "low", "medium", "high"];

/// One generated workload: the fields the brief names, each sometimes left
/// to its default.
#[derive(Debug, Clone)]
struct Work {
    trigger: &'static str,
    traffic: &'static str,
    average_rps: Option<f64>,
    max_duration_s: Option<u32>,
    memory_mb: Option<u32>,
    gpu: Option<bool>,
}

impl Work {
    /// `key: value` lines, without indentation.
    fn fields(&self) -> Vec<String> {
        let mut out = vec![
            format!("trigger: {}", self.trigger),
            format!("traffic: {}", self.traffic),
        ];
        if let Some(x) = self.average_rps {
            out.push(format!("average_rps: {x}"));
        }
        if let Some(x) = self.max_duration_s {
            out.push(format!("max_duration_s: {x}"));
        }
        if let Some(x) = self.memory_mb {
            out.push(format!("memory_mb: {x}"));
        }
        if let Some(x) = self.gpu {
            out.push(format!("gpu: {x}"));
        }
        out
    }
}

#[derive(Debug, Clone, Copy)]
struct Crew {
    engineers: u32,
    maturity: &'static str,
}

impl Crew {
    fn team(self) -> Team {
        Team {
            engineers: f64::from(self.engineers),
            ops_maturity: self.maturity,
        }
    }
}

fn any_work() -> impl Strategy<Value = Work> {
    (
        select(&["http", "queue", "schedule", "stream"][..]),
        select(&["steady", "diurnal", "spiky", "sporadic"][..]),
        proptest::option::of(select(&[0.01, 0.1, 0.5, 2.0, 20.0, 150.0, 900.0][..])),
        proptest::option::of(select(&[1u32, 30, 300, 900, 1200, 3600, 7200][..])),
        proptest::option::of(select(&[128u32, 512, 2048, 8192, 16384][..])),
        proptest::option::weighted(0.3, any::<bool>()),
    )
        .prop_map(
            |(trigger, traffic, average_rps, max_duration_s, memory_mb, gpu)| Work {
                trigger,
                traffic,
                average_rps,
                max_duration_s,
                memory_mb,
                gpu,
            },
        )
}

fn any_crew() -> impl Strategy<Value = Crew> {
    (1u32..=40, select(&LEVELS[..])).prop_map(|(engineers, maturity)| Crew {
        engineers,
        maturity,
    })
}

/// A small, raw team: one engineer, no operations practice.
fn small_crew() -> impl Strategy<Value = Crew> {
    Just(Crew {
        engineers: 1,
        maturity: "none",
    })
}

/// Workloads named `w0`, `w1`, ... in generation order (the name travels
/// with the workload when the list is shuffled).
fn any_works(sizes: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<(String, Work)>> {
    proptest::collection::vec(any_work(), sizes).prop_map(|ws| {
        ws.into_iter()
            .enumerate()
            .map(|(i, w)| (format!("w{i}"), w))
            .collect()
    })
}

fn head(name: &str, crew: Crew) -> String {
    format!(
        "version: 1\nname: {name}\nteam: {{engineers: {}, ops_maturity: {}}}\nsystem: {{cloud: aws, services: 5}}\n",
        crew.engineers, crew.maturity
    )
}

fn system_yaml(works: &[(String, Work)], crew: Crew) -> String {
    let mut text = head("system", crew);
    text.push_str("workloads:\n");
    for (name, w) in works {
        // Each states its services (the default, as its single profile
        // has): unstated, the system's count would be shared out.
        text.push_str(&format!("  - name: {name}\n    services: 5\n"));
        for f in w.fields() {
            text.push_str(&format!("    {f}\n"));
        }
    }
    text
}

/// The same workload as a single profile (no `workloads:`), named as the
/// system names its entry.
fn single_yaml(name: &str, w: &Work, crew: Crew) -> String {
    format!(
        "{}workload: {{{}}}\n",
        head(name, crew),
        w.fields().join(", ")
    )
}

fn load(text: &str) -> Profile {
    let ids = CATALOG.strategy_ids();
    profile::load("generated.yaml", text, &ids, &[])
        .unwrap_or_else(|e| panic!("a generated profile is invalid:\n{text}\n{e}"))
}

fn analyse(works: &[(String, Work)], crew: Crew) -> Hybrid {
    let text = system_yaml(works, crew);
    let p = load(&text);
    assert_eq!(p.workloads.len(), works.len(), "{text}");
    Hybrid::analyse("generated.yaml", p, &CATALOG, false).expect("4 strategies")
}

fn bases() -> Vec<Option<StrategyId>> {
    CATALOG.strategies.iter().map(|s| s.base()).collect()
}

/// A plan's value worked out afresh from the planner's inputs: the mean
/// score of the assigned strategies, less the upkeep of every platform but
/// the largest (each platform's upkeep the most any of its workloads needs;
/// none for a base whose layer runs too, as the layer's cluster carries it).
fn value_of(
    inputs: &[plan::Demand],
    bases: &[Option<StrategyId>],
    team: Team,
    assignments: &[StrategyId],
) -> f64 {
    let mut platforms = assignments.to_vec();
    platforms.sort_unstable();
    platforms.dedup();
    let upkeep: Vec<f64> = platforms
        .iter()
        .map(|&p| {
            let carried = platforms
                .iter()
                .any(|&l| l != p && bases[l.index()] == Some(p));
            if carried {
                return 0.0;
            }
            inputs
                .iter()
                .zip(assignments)
                .filter(|&(_, &s)| s == p)
                .map(|(w, _)| w.options[p.index()].labour_hours)
                .fold(0.0, f64::max)
        })
        .collect();
    // The planner counts extra hours in whole hundredths (plan.rs: the sum
    // less its largest part is otherwise 3.999... where the parts were 12.9
    // and 4), so the upkeep's points round as its do.
    let extra = hundredths(upkeep.iter().sum::<f64>() - upkeep.iter().copied().fold(0.0, f64::max));
    let fit = inputs
        .iter()
        .zip(assignments)
        .map(|(w, &s)| w.options[s.index()].score)
        .sum::<f64>()
        / inputs.len() as f64;
    fit - plan::upkeep_points(extra, team)
}

/// The best value over every set of platforms (each workload on its best
/// eligible strategy within the set), and the best with one platform.
fn brute_force(
    inputs: &[plan::Demand],
    bases: &[Option<StrategyId>],
    team: Team,
) -> (Option<f64>, Option<f64>) {
    let n = bases.len();
    let (mut best, mut single) = (None::<f64>, None::<f64>);
    for set in 1u32..(1 << n) {
        let assignments: Option<Vec<StrategyId>> = inputs
            .iter()
            .map(|w| {
                w.ranking
                    .iter()
                    .copied()
                    .find(|&s| set & (1 << s.index()) != 0 && w.options[s.index()].eligible)
            })
            .collect();
        let Some(a) = assignments else { continue };
        let v = value_of(inputs, bases, team, &a);
        best = Some(best.map_or(v, |b| b.max(v)));
        if set.count_ones() == 1 {
            single = Some(single.map_or(v, |b| b.max(v)));
        }
    }
    (best, single)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // Next to this file: tests/hybrid_properties.proptest-regressions.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// The properties every plan keeps: it is the best over all sets of
/// platforms, worth what the planner says, never worse than the best single
/// platform, and one platform when the best split gains less than its upkeep.
fn check_plan(h: &Hybrid, crew: Crew) -> Result<(), TestCaseError> {
    let inputs = evaluated::inputs(&h.workloads, &CATALOG);
    check_solution(&inputs, &bases(), crew.team(), &h.solution)
}

/// [`check_plan`] on the planner's own inputs, for any catalog.
fn check_solution(
    inputs: &[plan::Demand],
    bases: &[Option<StrategyId>],
    team: Team,
    s: &plan::Solution,
) -> Result<(), TestCaseError> {
    let (best, single) = brute_force(inputs, bases, team);
    // Every workload on its best eligible strategy among the plan's platforms.
    if s.best.feasible {
        for (w, &a) in inputs.iter().zip(&s.best.assignments) {
            let first = w
                .ranking
                .iter()
                .find(|&&x| s.best.platforms.contains(&x) && w.options[x.index()].eligible);
            prop_assert_eq!(first, Some(&a), "workload {}", &w.name);
        }
    }
    match best {
        None => prop_assert!(
            !s.best.feasible,
            "a feasible plan where brute force found none"
        ),
        Some(b) => {
            prop_assert!(s.best.feasible);
            prop_assert!(
                s.best.value >= b - ROUNDING,
                "plan {:?} is worth {} but some set of platforms gives {b}",
                s.best.assignments,
                s.best.value
            );
            let v = value_of(inputs, bases, team, &s.best.assignments);
            prop_assert!(
                (s.best.value - v).abs() <= ROUNDING,
                "the planner says {} for {:?}; worked out afresh it is {v}",
                s.best.value,
                s.best.assignments
            );
        }
    }
    prop_assert_eq!(single.is_some(), s.single.is_some());
    if let Some(one) = &s.single {
        prop_assert_eq!(one.platforms.len(), 1);
        prop_assert!((one.value - single.unwrap()).abs() <= ROUNDING);
        prop_assert!(
            s.best.value >= one.value,
            "the plan is worse than one platform"
        );
        if let Some(multi) = &s.multi
            && multi.fit - one.fit < multi.extra_points
        {
            prop_assert_eq!(
                &s.best,
                one,
                "the split gains {} points of fit for {} of upkeep, yet is chosen",
                multi.fit - one.fit,
                multi.extra_points
            );
        }
    }
    Ok(())
}

/// Planner inputs for a catalog of `n` strategies, without the engine: each
/// strategy maybe layered on an earlier one, each workload's scores,
/// eligibility, upkeep hours and costs drawn at random, its ranking by
/// eligibility then score (as the engine ranks).
fn any_planner_inputs(
    strategies: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = (Vec<plan::Demand>, Vec<Option<StrategyId>>, Crew)> {
    strategies.prop_flat_map(|n| {
        let bases = (0..n)
            .map(|s| match s {
                0 => Just(None).boxed(),
                _ => proptest::option::weighted(0.2, (0..s).prop_map(StrategyId::new)).boxed(),
            })
            .collect::<Vec<_>>();
        let choice = (
            0u32..=10_000,
            proptest::bool::weighted(0.85),
            select(&[2.0, 4.0, 8.0, 14.0, 48.0, 64.0][..]),
            proptest::option::weighted(0.9, 0u32..=100_000),
            select(&[0.0, 73.0][..]),
        )
            .prop_map(
                |(score, eligible, labour_hours, cents, shared)| plan::Choice {
                    score: f64::from(score) / 100.0,
                    eligible,
                    monthly: cents.map(|c| f64::from(c) / 100.0 + shared),
                    shared,
                    labour_hours,
                    pool: None,
                    kg_co2e: None,
                },
            );
        let workload = proptest::collection::vec(choice, n);
        let workloads = proptest::collection::vec(workload, 1..=6).prop_map(|ws| {
            ws.into_iter()
                .enumerate()
                .map(|(i, options)| {
                    let mut ranking: Vec<StrategyId> =
                        (0..options.len()).map(StrategyId::new).collect();
                    ranking.sort_by(|&a, &b| {
                        let (x, y) = (&options[a.index()], &options[b.index()]);
                        y.eligible
                            .cmp(&x.eligible)
                            .then(y.score.total_cmp(&x.score))
                            .then(a.cmp(&b))
                    });
                    plan::Demand {
                        name: format!("w{i}"),
                        ranking,
                        options,
                    }
                })
                .collect::<Vec<_>>()
        });
        (workloads, bases, any_crew())
    })
}

proptest! {
    #![proptest_config(config())]

    /// (a) A system of one workload plans that workload's own winner, and
    /// assesses it exactly as the single profile of the same fields.
    #[test]
    fn a_system_of_one_workload_plans_its_own_winner(w in any_work(), crew in any_crew()) {
        let works = vec![("solo".to_owned(), w.clone())];
        let h = analyse(&works, crew);
        let own = &h.workloads[0].assessment;
        prop_assert_eq!(&h.solution.best.assignments, &vec![own.ranking[0].strategy]);
        prop_assert_eq!(h.solution.best.platforms.len(), 1);
        let text = single_yaml("solo", &w, crew);
        let alone = Evaluated::analyse("generated.yaml", load(&text), &CATALOG, false);
        prop_assert_eq!(own, &alone.assessment, "as a single profile:\n{}", text);
    }

    /// (b) Adding a workload changes no other workload's own assessment
    /// (each states its services; unstated, they share the system's).
    #[test]
    fn adding_a_workload_changes_no_other_workloads_ranking(
        works in any_works(2..=4),
        extra in any_work(),
        crew in any_crew(),
    ) {
        let before = analyse(&works, crew);
        let mut more = works.clone();
        more.push(("added".to_owned(), extra));
        let after = analyse(&more, crew);
        for (i, (name, _)) in works.iter().enumerate() {
            prop_assert_eq!(
                &before.workloads[i].assessment,
                &after.workloads[i].assessment,
                "{} changed", name
            );
        }
    }

    /// (c) The plan does not depend on the order of the workloads: the same
    /// platforms, each workload on the same strategy, the same value.
    #[test]
    fn the_plan_is_the_same_in_any_order(
        (works, shuffled) in any_works(2..=5)
            .prop_flat_map(|ws| (Just(ws.clone()), Just(ws).prop_shuffle())),
        crew in any_crew(),
    ) {
        let a = analyse(&works, crew);
        let b = analyse(&shuffled, crew);
        let on = |h: &Hybrid, ws: &[(String, Work)], name: &str| {
            let i = ws.iter().position(|(n, _)| n == name).expect("a name");
            CATALOG.strategies[h.solution.best.assignments[i]].id.clone()
        };
        for (name, _) in &works {
            prop_assert_eq!(on(&a, &works, name), on(&b, &shuffled, name), "{} moved", name);
        }
        prop_assert_eq!(&a.solution.best.platforms, &b.solution.best.platforms);
        prop_assert!((a.solution.best.value - b.solution.best.value).abs() <= ROUNDING);
        prop_assert_eq!(
            a.solution.single.as_ref().map(|p| p.platforms.clone()),
            b.solution.single.as_ref().map(|p| p.platforms.clone())
        );
    }

    /// (d) and (e) for any team: the plan is optimal over every set of
    /// platforms, and a split that gains less than its upkeep is not chosen.
    #[test]
    fn the_plan_is_the_best_set_of_platforms(works in any_works(2..=5), crew in any_crew()) {
        check_plan(&analyse(&works, crew), crew)?;
    }

    /// (d) for a team of one with no operations practice, where an extra
    /// platform's upkeep is largest (4 h is 2.5% of its month: 0.5 points).
    #[test]
    fn a_team_of_one_keeps_one_platform_unless_a_split_pays(
        works in any_works(2..=5),
        crew in small_crew(),
    ) {
        let h = analyse(&works, crew);
        check_plan(&h, crew)?;
        if let (Some(one), Some(multi)) = (&h.solution.single, &h.solution.multi) {
            prop_assert!(multi.extra_points >= plan::upkeep_points(multi.extra_hours, crew.team()) - ROUNDING);
            if h.solution.best.platforms.len() > 1 {
                prop_assert!(multi.fit - one.fit >= multi.extra_points - ROUNDING);
            }
        }
    }

    /// (d) for catalogs of 5 to 12 strategies (the planner's limit): the
    /// plan matches a brute force over every set of platforms.
    #[test]
    fn the_plan_is_the_best_set_of_platforms_in_a_larger_catalog(
        (inputs, bases, crew) in any_planner_inputs(5..=plan::MAX_PLATFORMS),
    ) {
        let s = plan::solve(&inputs, &bases, crew.team()).expect("within the limit");
        check_solution(&inputs, &bases, crew.team(), &s)?;
    }
}
