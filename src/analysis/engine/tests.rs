//! The engine's unit tests: scoring, blocks, layers and ties on small catalogs.

use super::*;
use crate::domain::profile::{self, Override};

fn catalog() -> Catalog {
    let strategies = "strategies:
  - {id: base, name: B, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
  - {id: top, name: T, summary: s, source: x, builds_on: [base], delta: {cost: 1, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: 0}}
  - {id: other, name: O, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
";
    let rules = "rules:
  - {id: gpu-blocks-base, title: t, why: w, source: s, message: 'gpu is {workload.gpu}', when: {eq: {field: workload.gpu, value: true}}, block: [base]}
  - {id: services-help-other, title: t, why: w, source: s, message: m, when: {gt: {field: system.services, value: 10}}, effects: {other: {cost: 4, points: 1}}}
  - {id: peak-helps-top, title: t, why: w, source: s, message: m, when: {gt: {field: workload.peak_rps, value: 10}}, effects: {top: {points: 50}}}
  - {id: services-help-base, title: t, why: w, source: s, message: m, when: {gt: {field: system.services, value: 20}}, effects: {base: {cost: 2}}}
  - {id: state-stays-on-base, title: t, why: w, source: s, message: m, when: {eq: {field: workload.state, value: local}}, effects: {base: {security: 2, points: 1}, top: {operability: 1}}, says: {base: b, top: t}, inherit: false}
";
    Catalog::from_files(&[
        ("s.yaml".into(), strategies.into()),
        ("r.yaml".into(), rules.into()),
    ])
    .unwrap()
}

fn assess(sets: &[&str]) -> Assessment {
    let c = catalog();
    evaluate(&Profile::from_sets(sets, &c.strategy_ids()), &c)
}

fn order(a: &Assessment) -> Vec<usize> {
    a.ranking.iter().map(|s| s.strategy.index()).collect()
}

#[test]
fn baseline_is_the_weighted_mean_rating() {
    let a = assess(&[]);
    assert_eq!(
        order(&a),
        [1, 0, 2],
        "top leads on cost; base and other tie, catalog order breaks it"
    );
    assert!((a.scored(StrategyId::new(1)).score - 51.25).abs() < 1e-9);
    assert!((a.scored(StrategyId::new(0)).score - 50.0).abs() < 1e-9);
    assert_eq!(a.margin(), Some(1.25));
}

#[test]
fn effects_are_attributed_exactly() {
    let a = assess(&["system.services=20", "priorities.cost=5"]);
    let other = a.scored(StrategyId::new(2));
    // cost weighs 5 of 26: a 4-point shift is worth 4 × 5 / 260 × 100,
    // 7.6923..., a part rounded once to 7.69.
    assert_eq!(other.reasons.len(), 1);
    assert_eq!(other.reasons[0].effect, hundredths(7.69 + 1.0));
    // The parts, as shown, add up to the score exactly.
    let sum: f64 =
        other.baseline + other.reasons.iter().map(|r| r.effect).sum::<f64>() + other.clamp;
    assert_eq!(hundredths(sum), other.score);
    assert_eq!(
        hundredths(other.contributions.iter().sum::<f64>() + 1.0),
        other.score
    );
    assert_eq!(other.ratings[Criterion::Cost.index()], 9.0);
}

#[test]
fn an_effect_that_is_not_inherited_stays_on_its_strategy() {
    let without = assess(&[]);
    let a = assess(&["workload.state=local"]);
    let rule = RuleId::new(4);
    let (base, top) = (a.scored(StrategyId::new(0)), a.scored(StrategyId::new(1)));
    let was = |s: usize| without.scored(StrategyId::new(s));
    // The base takes its shift and its point; the layer takes neither,
    // only its own effect, shown as its own and not as inherited.
    assert_eq!(base.ratings[Criterion::Security.index()], 7.0);
    assert!(base.score > was(0).score + 1.0);
    assert_eq!(top.ratings[Criterion::Security.index()], 5.0);
    assert_eq!(top.ratings[Criterion::Operability.index()], 6.0);
    let reasons: Vec<_> = top.reasons.iter().filter(|r| r.rule == rule).collect();
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].inherited, 0.0);
    assert_eq!(hundredths(top.score - was(1).score), reasons[0].effect);
    // The parts, as shown, still add up to the score.
    let sum = top.baseline + top.reasons.iter().map(|r| r.effect).sum::<f64>();
    assert_eq!(hundredths(sum), top.score);
    assert_eq!(hundredths(top.contributions.iter().sum::<f64>()), top.score);
}

#[test]
fn a_layered_strategy_is_its_base_plus_its_own_delta() {
    let a = assess(&["system.services=25"]);
    let (base, top) = (a.scored(StrategyId::new(0)), a.scored(StrategyId::new(1)));
    // The base's rule reaches the layer in full, marked as inherited.
    let inherited = top
        .reasons
        .iter()
        .find(|r| r.rule == RuleId::new(3))
        .unwrap();
    assert_eq!(inherited.effect, 2.5);
    assert_eq!(inherited.inherited, 2.5);
    let layer = top.layer.unwrap();
    assert_eq!(
        (layer.base, layer.inherited),
        (StrategyId::new(0), base.score)
    );
    // Its own part is its delta: one cost point at weight 3 of 24.
    assert_eq!(layer.own, 1.25);
    assert_eq!(top.score, base.score + 1.25);
    assert_eq!(base.layer, None);
}

#[test]
fn an_exact_tie_goes_to_the_current_strategy() {
    // base and other tie at 50; catalog order puts base first...
    let a = assess(&[]);
    assert_eq!(order(&a)[1..], [0, 2]);
    // ...unless the profile says it runs other: then other is first of the two.
    let c = catalog();
    let overrides = [Override::parse("current=other").unwrap()];
    let p = profile::load("p.yaml", "", &c.strategy_ids(), &overrides).unwrap();
    let a = evaluate(&p, &c);
    assert_eq!(order(&a)[1..], [2, 0]);
    assert!(!a.is_tie(), "top still leads by 1.25");
}

#[test]
fn a_strategys_lead_is_over_the_best_other_eligible_one() {
    // top leads by 1.25; base and other tie at 50 behind it.
    let a = assess(&[]);
    let top = a.winner().strategy;
    assert_eq!(a.lead(top), a.margin());
    assert_eq!(a.lead(StrategyId::new(2)), Some(-1.25));
    // With the GPU rule only other is eligible: nothing to lead.
    let a = assess(&["workload.gpu=true"]);
    assert_eq!(a.lead(StrategyId::new(2)), None);
}

#[test]
fn blocking_a_base_blocks_what_builds_on_it_and_ranks_them_last() {
    let a = assess(&["workload.gpu=true"]);
    assert_eq!(
        order(&a),
        [2, 1, 0],
        "ineligible ones rank last, among themselves by score"
    );
    assert!(!a.scored(StrategyId::new(0)).eligible && !a.scored(StrategyId::new(1)).eligible);
    assert_eq!(
        a.scored(StrategyId::new(1)).reasons[0].kind,
        ReasonKind::BaseBlocked {
            base: StrategyId::new(0)
        }
    );
    assert_eq!(
        a.scored(StrategyId::new(0)).reasons[0].message,
        "gpu is true"
    );
    assert_eq!(a.margin(), None);
}

#[test]
fn unknown_fields_neither_fire_nor_count_as_assumptions() {
    let a = assess(&[]);
    assert!(!a.fired.contains(&RuleId::new(2)));
    let peak = crate::domain::fields::id::WORKLOAD_PEAK_RPS;
    assert!(a.unknown.contains(&peak));
    assert!(!a.assumptions.contains(&peak));
    let a = assess(&["workload.peak_rps=100"]);
    assert!(a.fired.contains(&RuleId::new(2)));
    assert!(!a.unknown.contains(&peak));
}

#[test]
fn scores_are_clamped_and_the_clamp_is_reported() {
    let a = assess(&["workload.peak_rps=100"]);
    let top = a.scored(StrategyId::new(1));
    assert_eq!(top.score, 100.0);
    assert!(top.clamp < 0.0);
}

/// Every priority at 0 is refused when the profile loads; one at 1 and
/// the rest at 0 scores on that one criterion alone.
#[test]
fn one_priority_above_zero_is_enough_to_score() {
    let sets: Vec<String> = Criterion::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| format!("priorities.{c}={}", u8::from(i == 0)))
        .collect();
    let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
    let a = assess(&sets);
    assert!(a.ranking.iter().all(|s| s.score.is_finite()));
}

#[test]
fn messages_quote_profile_values() {
    let p = Profile::generic("x");
    assert_eq!(
        p.fill("{system.services} services, peak {workload.peak_rps}, {x}"),
        "5 services, peak unknown, {x}"
    );
}
