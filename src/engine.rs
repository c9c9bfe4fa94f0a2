//! Scoring: a pure function from a validated profile and a catalog to an
//! [`Assessment`]. No I/O, no clock, no environment.
//!
//! The model is linear so that every point can be attributed:
//!
//! - the weight of criterion c is the profile's priority for it (0-5);
//! - baseline(s) = Σ w_c × rating(s, c) / (Σ w_c × 10) × 100, from the
//!   strategy's baseline ratings;
//! - each fired rule shifts ratings (worth w_c × shift / (Σ w × 10) × 100
//!   points) or adds points directly; its reason carries that exact effect;
//! - score(s) = baseline + Σ effects, clamped to 0-100 (the clamp is reported
//!   as its own adjustment, so baseline + effects + clamp = score, always);
//! - a blocked strategy, or one that builds on a blocked one, is ineligible
//!   and ranks below every eligible one; ties break by catalog order.

use std::cmp::Ordering;

use crate::catalog::{Catalog, Criterion, Effect, StrategyId};
use crate::fields::{self, FieldId};
use crate::profile::Profile;

/// A margin under this many points is a close call: about one soft fact's
/// worth, so a single unstated detail could reverse it.
pub const CLOSE_CALL: f64 = 3.0;

/// The result of scoring one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub profile: String,
    /// Every strategy of the catalog, best first.
    pub ranking: Vec<Scored>,
    /// Weight of each criterion, by [`Criterion::index`].
    pub weights: [f64; 8],
    /// Indices (into `Catalog::rules`) of the rules whose condition held.
    pub fired: Vec<usize>,
    /// Fields the profile did not state, left at their defaults.
    pub assumptions: Vec<FieldId>,
    /// Fields the profile did not state that have no default: unknown.
    pub unknown: Vec<FieldId>,
}

/// One strategy's score and everything that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub strategy: StrategyId,
    pub score: f64,
    pub eligible: bool,
    /// The score from the baseline ratings alone.
    pub baseline: f64,
    /// What clamping to 0-100 added (usually 0).
    pub clamp: f64,
    /// Fired rules that touch this strategy: blockers first, then by size.
    pub reasons: Vec<Reason>,
    /// Per criterion: the rating after shifts, by [`Criterion::index`].
    pub ratings: [f64; 8],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Index into `Catalog::rules`.
    pub rule: usize,
    /// Signed points this rule adds to the strategy's score (0 for a blocker).
    pub effect: f64,
    pub kind: ReasonKind,
    /// The rule's message with the profile's values filled in.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReasonKind {
    /// The rule blocks this strategy.
    Block,
    /// The rule blocks a strategy this one builds on.
    BaseBlocked { base: StrategyId },
    /// The rule shifts ratings or adds points.
    Effect,
}

impl Assessment {
    pub fn winner(&self) -> &Scored {
        &self.ranking[0]
    }

    pub fn scored(&self, strategy: StrategyId) -> &Scored {
        self.ranking
            .iter()
            .find(|s| s.strategy == strategy)
            .expect("every catalog strategy is ranked")
    }

    /// Whether the first two are too close for the ranking to mean much:
    /// within [`CLOSE_CALL`] points.
    pub fn is_close_call(&self) -> bool {
        self.margin().is_some_and(|m| m < CLOSE_CALL)
    }

    /// Points between the first and the second eligible strategy; `None`
    /// when at most one strategy is eligible.
    pub fn margin(&self) -> Option<f64> {
        match self.ranking.as_slice() {
            [first, second, ..] if first.eligible && second.eligible => {
                Some(first.score - second.score)
            }
            _ => None,
        }
    }
}

/// One criterion of one strategy's score, for tracing every point.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionScore {
    pub criterion: Criterion,
    pub weight: f64,
    pub baseline_rating: f64,
    pub rating: f64,
    /// Points of the score this criterion contributes.
    pub contribution: f64,
    /// Indices of the fired rules that shifted this rating.
    pub shifted_by: Vec<usize>,
}

impl Assessment {
    /// The per-criterion breakdown of one strategy's score.
    pub fn breakdown(&self, catalog: &Catalog, strategy: StrategyId) -> Vec<CriterionScore> {
        let s = self.scored(strategy);
        let total: f64 = self.weights.iter().sum();
        Criterion::ALL
            .iter()
            .map(|&c| CriterionScore {
                criterion: c,
                weight: self.weights[c.index()],
                baseline_rating: catalog.strategies[strategy].ratings[c.index()],
                rating: s.ratings[c.index()],
                contribution: s.ratings[c.index()] * self.weights[c.index()] / (total * 10.0) * 100.0,
                shifted_by: self
                    .fired
                    .iter()
                    .copied()
                    .filter(|&r| {
                        catalog.rules[r].effects.iter().any(|e| {
                            matches!(e, Effect::Shift { strategy: t, criterion, .. } if *t == strategy && *criterion == c)
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Scores every strategy of the catalog for the profile.
pub fn evaluate(profile: &Profile, catalog: &Catalog) -> Assessment {
    let weights = weights(profile);
    let total: f64 = weights.iter().sum();
    let per_point = |criterion: Criterion| weights[criterion.index()] / (total * 10.0) * 100.0;

    let mut fired = Vec::new();
    let mut blocked_by: Vec<Vec<usize>> = vec![Vec::new(); catalog.strategies.len()];
    let mut scored: Vec<Scored> = catalog
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let baseline = Criterion::ALL
                .iter()
                .map(|&c| s.ratings[c.index()] * per_point(c))
                .sum();
            Scored {
                strategy: i,
                score: baseline,
                eligible: true,
                baseline,
                clamp: 0.0,
                reasons: Vec::new(),
                ratings: s.ratings,
            }
        })
        .collect();

    for (index, rule) in catalog.rules.iter().enumerate() {
        if rule.when.eval(profile) != Some(true) {
            continue;
        }
        fired.push(index);
        let message = render_message(&rule.message, profile);
        for &b in &rule.blocks {
            blocked_by[b].push(index);
            scored[b].reasons.push(Reason {
                rule: index,
                effect: 0.0,
                kind: ReasonKind::Block,
                message: message.clone(),
            });
        }
        // One reason per strategy the rule touches, with the sum of its effects.
        let mut touched: Vec<(StrategyId, f64)> = Vec::new();
        for effect in &rule.effects {
            let s = effect.strategy();
            let points = match *effect {
                Effect::Shift { criterion, by, .. } => {
                    scored[s].ratings[criterion.index()] += by;
                    by * per_point(criterion)
                }
                Effect::Points { by, .. } => by,
            };
            match touched.iter_mut().find(|(t, _)| *t == s) {
                Some((_, sum)) => *sum += points,
                None => touched.push((s, points)),
            }
        }
        for (s, points) in touched {
            scored[s].score += points;
            scored[s].reasons.push(Reason {
                rule: index,
                effect: points,
                kind: ReasonKind::Effect,
                message: message.clone(),
            });
        }
    }

    // A strategy is out when it, or anything it builds on, is blocked.
    for s in &mut scored {
        for base in bases(catalog, s.strategy) {
            for &rule in &blocked_by[base] {
                s.eligible = false;
                if base != s.strategy {
                    s.reasons.push(Reason {
                        rule,
                        effect: 0.0,
                        kind: ReasonKind::BaseBlocked { base },
                        message: render_message(&catalog.rules[rule].message, profile),
                    });
                }
            }
        }
    }

    for s in &mut scored {
        let clamped = s.score.clamp(0.0, 100.0);
        s.clamp = clamped - s.score;
        s.score = clamped;
        s.reasons.sort_by(|a, b| {
            let blocker = |r: &Reason| r.kind == ReasonKind::Effect;
            blocker(a)
                .cmp(&blocker(b))
                .then(b.effect.abs().total_cmp(&a.effect.abs()))
                .then(a.rule.cmp(&b.rule))
        });
    }
    scored.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then(compare_scores(b.score, a.score))
            .then(a.strategy.cmp(&b.strategy))
    });

    let (mut assumptions, mut unknown) = (Vec::new(), Vec::new());
    for (id, field) in fields::FIELDS.iter().enumerate() {
        if profile.is_stated(id) || field.is_priority() {
            continue;
        }
        if profile.get(id).is_some() {
            assumptions.push(id);
        } else {
            unknown.push(id);
        }
    }

    Assessment {
        profile: profile.name.clone(),
        ranking: scored,
        weights,
        fired,
        assumptions,
        unknown,
    }
}

/// Scores that differ only by floating-point noise are equal, so that ties
/// fall to catalog order rather than to the order of additions.
fn compare_scores(a: f64, b: f64) -> Ordering {
    let round = |x: f64| (x * 1e6).round();
    round(a).total_cmp(&round(b))
}

/// The profile's priorities as weights. All zero would divide by zero and
/// means "nothing matters more than anything else": weigh all equally.
fn weights(profile: &Profile) -> [f64; 8] {
    let mut w = Criterion::ALL.map(|c| profile.num(c.priority_field()).unwrap_or(3.0));
    if w.iter().all(|&x| x == 0.0) {
        w = [1.0; 8];
    }
    w
}

/// The strategy itself and everything it builds on, transitively.
fn bases(catalog: &Catalog, strategy: StrategyId) -> Vec<StrategyId> {
    let mut out = vec![strategy];
    let mut i = 0;
    while i < out.len() {
        for &b in &catalog.strategies[out[i]].builds_on {
            if !out.contains(&b) {
                out.push(b);
            }
        }
        i += 1;
    }
    out
}

/// Fills `{field.path}` placeholders with the profile's values.
pub fn render_message(template: &str, profile: &Profile) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match fields::find(name) {
                    Some(id) => match profile.get(id) {
                        Some(value) => out.push_str(&value.to_string()),
                        None => out.push_str("unknown"),
                    },
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{self, Override};

    fn catalog() -> Catalog {
        let strategies = "strategies:
  - {id: base, name: B, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
  - {id: top, name: T, summary: s, source: x, builds_on: [base], ratings: {cost: 6, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
  - {id: other, name: O, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
";
        let rules = "rules:
  - {id: gpu-blocks-base, title: t, why: w, source: s, message: 'gpu is {workload.gpu}', when: {eq: {field: workload.gpu, value: true}}, block: [base]}
  - {id: services-help-other, title: t, why: w, source: s, message: m, when: {gt: {field: system.services, value: 10}}, effects: {other: {cost: 4, points: 1}}}
  - {id: peak-helps-top, title: t, why: w, source: s, message: m, when: {gt: {field: workload.peak_rps, value: 10}}, effects: {top: {points: 50}}}
";
        Catalog::from_files(&[
            ("s.yaml".into(), strategies.into()),
            ("r.yaml".into(), rules.into()),
        ])
        .unwrap()
    }

    fn assess(sets: &[&str]) -> Assessment {
        let c = catalog();
        let overrides: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
        let p = profile::load("p.yaml", "", &c.strategy_ids(), &overrides).unwrap();
        evaluate(&p, &c)
    }

    fn order(a: &Assessment) -> Vec<usize> {
        a.ranking.iter().map(|s| s.strategy).collect()
    }

    #[test]
    fn baseline_is_the_weighted_mean_rating() {
        let a = assess(&[]);
        assert_eq!(
            order(&a),
            [1, 0, 2],
            "top leads on cost; base and other tie, catalog order breaks it"
        );
        assert!((a.scored(1).score - 51.25).abs() < 1e-9);
        assert!((a.scored(0).score - 50.0).abs() < 1e-9);
        assert_eq!(a.margin(), Some(1.25));
    }

    #[test]
    fn effects_are_attributed_exactly() {
        let a = assess(&["system.services=20", "priorities.cost=5"]);
        let other = a.scored(2);
        // cost weighs 5 of 26: a 4-point shift is worth 4 × 5 / 260 × 100.
        let expected = 4.0 * 5.0 / 260.0 * 100.0 + 1.0;
        assert_eq!(other.reasons.len(), 1);
        assert!((other.reasons[0].effect - expected).abs() < 1e-9);
        let sum: f64 =
            other.baseline + other.reasons.iter().map(|r| r.effect).sum::<f64>() + other.clamp;
        assert!((sum - other.score).abs() < 1e-9);
        assert_eq!(other.ratings[Criterion::Cost.index()], 9.0);
    }

    #[test]
    fn blocking_a_base_blocks_what_builds_on_it_and_ranks_them_last() {
        let a = assess(&["workload.gpu=true"]);
        assert_eq!(
            order(&a),
            [2, 1, 0],
            "ineligible ones rank last, among themselves by score"
        );
        assert!(!a.scored(0).eligible && !a.scored(1).eligible);
        assert_eq!(
            a.scored(1).reasons[0].kind,
            ReasonKind::BaseBlocked { base: 0 }
        );
        assert_eq!(a.scored(0).reasons[0].message, "gpu is true");
        assert_eq!(a.margin(), None);
    }

    #[test]
    fn unknown_fields_neither_fire_nor_count_as_assumptions() {
        let a = assess(&[]);
        assert!(!a.fired.contains(&2));
        let peak = fields::find("workload.peak_rps").unwrap();
        assert!(a.unknown.contains(&peak));
        assert!(!a.assumptions.contains(&peak));
        let a = assess(&["workload.peak_rps=100"]);
        assert!(a.fired.contains(&2));
        assert!(!a.unknown.contains(&peak));
    }

    #[test]
    fn scores_are_clamped_and_the_clamp_is_reported() {
        let a = assess(&["workload.peak_rps=100"]);
        let top = a.scored(1);
        assert_eq!(top.score, 100.0);
        assert!(top.clamp < 0.0);
    }

    #[test]
    fn zero_priorities_weigh_all_criteria_equally() {
        let sets: Vec<String> = Criterion::ALL
            .iter()
            .map(|c| format!("priorities.{c}=0"))
            .collect();
        let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
        let a = assess(&sets);
        assert!(a.ranking.iter().all(|s| s.score.is_finite()));
    }

    #[test]
    fn messages_quote_profile_values() {
        let p = Profile::generic("x");
        assert_eq!(
            render_message(
                "{system.services} services, peak {workload.peak_rps}, {x}",
                &p
            ),
            "5 services, peak unknown, {x}"
        );
    }
}
