//! Scoring: a pure function from a validated profile and a catalog to an
//! [`Assessment`]. No I/O, no clock, no environment.
//!
//! The model is linear so that every point can be attributed:
//!
//! - the weight of criterion c is the profile's priority for it (0-5), and
//!   one rating point on c is worth w_c / (Σ w × 10) × 100 score points;
//! - every part of a score is rounded to a hundredth of a point once, where it
//!   is made: each criterion's share of the baseline, and each rule's shift
//!   on each criterion. Scores are sums of those parts, kept in whole
//!   hundredths, so every total equals the sum of its parts exactly, as shown;
//! - a strategy that builds on another is scored as that base, with all that
//!   applies to it (ratings, rule effects, blocks), plus its own delta: its
//!   own rating differences and the rules that move it itself;
//! - score(s) = baseline + Σ effects, clamped to 0-100 (the clamp is reported;
//!   the catalog's checks keep ratings within 0-10, so it stays 0 unless a
//!   rule adds points directly);
//! - a blocked strategy, or one that builds on a blocked one, is ineligible
//!   and ranks below every eligible one. Equal scores rank the profile's
//!   `current` strategy first, then catalog order.

use crate::analysis::cost::Costing;
use crate::domain::catalog::{
    Catalog, Criterion, Effect, FromEstimate, Measure, StrategyId, chain,
};
use crate::domain::fields::{self, FieldId};
use crate::domain::profile::Profile;

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
    /// What each strategy would cost a month and add to latency.
    pub costing: Costing,
}

/// One strategy's score and everything that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub strategy: StrategyId,
    pub score: f64,
    pub eligible: bool,
    /// The score from the baseline ratings alone (for a layered strategy,
    /// its base's baseline plus its own delta's share).
    pub baseline: f64,
    /// What clamping to 0-100 added (usually 0).
    pub clamp: f64,
    /// Fired rules that touch this strategy (itself or through its base):
    /// blockers first, then by size.
    pub reasons: Vec<Reason>,
    /// Per criterion: the rating after shifts, by [`Criterion::index`].
    pub ratings: [f64; 8],
    /// Per criterion: the points it contributes (baseline share and shifts).
    pub contributions: [f64; 8],
    /// For a layered strategy: its base's score and its own part.
    pub layer: Option<Layer>,
    /// Index into the strategy's `variants` of the one that fits, if any.
    pub variant: Option<usize>,
    /// Every rating shift that made the score, with its criterion (the
    /// baseline ratings first), and the direct points in hundredths: enough
    /// to re-add the score under other weights ([`Assessment::winner_with`]).
    pub atoms: Vec<(Criterion, f64)>,
    pub points: i64,
}

/// A layered strategy's score, split into what it inherits and adds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layer {
    pub base: StrategyId,
    /// The base's score (before any clamp), all of which this one inherits.
    pub inherited: f64,
    /// Its own delta: baseline difference plus its own rules.
    pub own: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Index into `Catalog::rules`.
    pub rule: usize,
    /// Signed points this rule adds to the strategy's score (0 for a blocker).
    pub effect: f64,
    /// The part of `effect` that comes through the strategy's base.
    pub inherited: f64,
    pub kind: ReasonKind,
    /// The rule's message with the profile's values filled in, followed by
    /// what it means for this strategy (or, when inherited, for its base).
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

    /// The winner the same profile would get with `reweighted`'s priorities
    /// (everything else as assessed): the recorded parts re-added under the
    /// new weights, rounded as `evaluate` rounds them, so the answer is the
    /// one `evaluate` gives. Valid only while no rule condition reads a
    /// priority, which the caller checks.
    pub fn winner_with(&self, reweighted: &Profile, catalog: &Catalog) -> StrategyId {
        let w = weights(reweighted);
        let total: f64 = w.iter().sum();
        let current = reweighted
            .current
            .as_ref()
            .and_then(|c| catalog.strategy(&c.value));
        let key = |s: &Scored| {
            let sum: i64 = s
                .atoms
                .iter()
                .map(|&(c, by)| part(&w, total, c, by))
                .sum::<i64>()
                + s.points;
            (
                s.eligible,
                sum.clamp(0, 10_000),
                Some(s.strategy) == current,
            )
        };
        self.ranking
            .iter()
            .map(|s| (key(s), s.strategy))
            .max_by(|(a, sa), (b, sb)| a.cmp(b).then(sb.cmp(sa)))
            .map(|(_, s)| s)
            .expect("a catalog has strategies")
    }

    /// The id of the variant that fits each strategy, by catalog index.
    pub fn variant_ids<'c>(&self, catalog: &'c Catalog) -> Vec<Option<&'c str>> {
        (0..catalog.strategies.len())
            .map(|s| {
                self.scored(s)
                    .variant
                    .map(|v| catalog.strategies[s].variants[v].id.as_str())
            })
            .collect()
    }

    /// Whether the first two eligible strategies score exactly the same.
    pub fn is_tie(&self) -> bool {
        self.margin() == Some(0.0)
    }

    /// Points between the first and the second eligible strategy; `None`
    /// when at most one strategy is eligible.
    pub fn margin(&self) -> Option<f64> {
        match self.ranking.as_slice() {
            [first, second, ..] if first.eligible && second.eligible => {
                Some(hundredths(first.score - second.score))
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
    /// Indices of the fired rules that shifted this rating (itself or its base).
    pub shifted_by: Vec<usize>,
}

impl Assessment {
    /// The per-criterion breakdown of one strategy's score.
    pub fn breakdown(&self, catalog: &Catalog, strategy: StrategyId) -> Vec<CriterionScore> {
        let s = self.scored(strategy);
        let chain = chain(&catalog.strategies, strategy);
        Criterion::ALL
            .iter()
            .map(|&c| CriterionScore {
                criterion: c,
                weight: self.weights[c.index()],
                baseline_rating: catalog.strategies[strategy].ratings[c.index()],
                rating: s.ratings[c.index()],
                contribution: s.contributions[c.index()],
                shifted_by: self
                    .fired
                    .iter()
                    .copied()
                    .filter(|&r| match catalog.rules[r].estimate {
                        // An estimate-driven rule shifts what its figure says: maybe nothing.
                        Some(e) => {
                            e.criterion == c
                                && s.reasons.iter().any(|x| x.rule == r && x.effect != 0.0)
                        }
                        None => chain.iter().any(|&t| catalog.rules[r].shift(t, c) != 0.0),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A number of points rounded to a hundredth, the unit every score is made of.
pub fn hundredths(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Strategies in an order where every base comes before what builds on it.
fn layered_order(catalog: &Catalog) -> Vec<StrategyId> {
    let mut order: Vec<StrategyId> = (0..catalog.strategies.len()).collect();
    order.sort_by_key(|&s| (chain(&catalog.strategies, s).len(), s));
    order
}

/// Scores every strategy of the catalog for the profile.
pub fn evaluate(profile: &Profile, catalog: &Catalog) -> Assessment {
    score(profile, catalog, true)
}

/// The recommended strategy alone: the same scoring without writing any
/// reason's message, for analyses that score many variants of a profile.
pub fn recommend(profile: &Profile, catalog: &Catalog) -> StrategyId {
    score(profile, catalog, false).winner().strategy
}

fn score(profile: &Profile, catalog: &Catalog, with_messages: bool) -> Assessment {
    let weights = weights(profile);
    let total: f64 = weights.iter().sum();
    // Whole hundredths of a point: every part is rounded once, then only added.
    let part = |criterion: Criterion, rating: f64| part(&weights, total, criterion, rating);
    let points = |units: i64| units as f64 / 100.0;

    let fired: Vec<usize> = catalog
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.when.eval(profile) == Some(true))
        .map(|(i, _)| i)
        .collect();
    let messages: Vec<String> = match with_messages {
        true => fired
            .iter()
            .map(|&r| render_message(&catalog.rules[r].message, profile))
            .collect(),
        false => Vec::new(),
    };
    let variants = crate::analysis::cost::variants(profile, catalog);
    let variant_ids: Vec<Option<&str>> = variants
        .iter()
        .zip(&catalog.strategies)
        .map(|(v, s)| v.map(|v| s.variants[v].id.as_str()))
        .collect();
    let costing = Costing::new(profile, catalog, &variant_ids, with_messages);
    let blocked: Vec<bool> = (0..catalog.strategies.len())
        .map(|t| fired.iter().any(|&r| catalog.rules[r].blocks.contains(&t)))
        .collect();
    let eligible_at_all: Vec<bool> = (0..catalog.strategies.len())
        .map(|s| {
            let mut t = Some(s);
            let mut steps = 0;
            while let Some(x) = t.filter(|_| steps <= catalog.strategies.len()) {
                if blocked[x] {
                    return false;
                }
                t = catalog.strategies[x].base();
                steps += 1;
            }
            true
        })
        .collect();
    let estimated =
        |e: FromEstimate, s: StrategyId| -> Option<(f64, Vec<(&'static str, String)>)> {
            estimate_shift(
                e,
                s,
                profile,
                catalog,
                &costing,
                &eligible_at_all,
                with_messages,
            )
        };
    let said = |r: usize, i: usize, s: StrategyId| -> String {
        if !with_messages {
            return String::new();
        }
        match catalog.rules[r].says(s) {
            Some(text) => format!("{}: {}", messages[i], render_message(text, profile)),
            None => messages[i].clone(),
        }
    };

    struct Work {
        baseline: i64,
        contributions: [i64; 8],
        points: i64,
        ratings: [f64; 8],
        reasons: Vec<(Reason, i64)>,
        eligible: bool,
        atoms: Vec<(Criterion, f64)>,
    }
    let mut work: Vec<Option<Work>> = (0..catalog.strategies.len()).map(|_| None).collect();
    for s in layered_order(catalog) {
        let strategy = &catalog.strategies[s];
        let mut w = match strategy.base() {
            Some(b) => {
                let base = work[b].as_ref().expect("bases are scored first");
                let delta = strategy.delta.unwrap_or_default();
                let delta_parts: Vec<i64> = Criterion::ALL
                    .iter()
                    .map(|&c| part(c, delta[c.index()]))
                    .collect();
                let mut atoms = Vec::new();
                if with_messages {
                    atoms.extend(base.atoms.iter().copied());
                    atoms.extend(Criterion::ALL.iter().map(|&c| (c, delta[c.index()])));
                }
                Work {
                    atoms,
                    baseline: base.baseline + delta_parts.iter().sum::<i64>(),
                    contributions: std::array::from_fn(|c| base.contributions[c] + delta_parts[c]),
                    points: base.points,
                    ratings: std::array::from_fn(|c| base.ratings[c] + delta[c]),
                    reasons: base
                        .reasons
                        .iter()
                        .map(|(r, t)| {
                            let kind = match r.kind {
                                ReasonKind::Block => ReasonKind::BaseBlocked { base: b },
                                other => other,
                            };
                            (
                                Reason {
                                    inherited: r.effect,
                                    kind,
                                    ..r.clone()
                                },
                                *t,
                            )
                        })
                        .collect(),
                    eligible: base.eligible,
                }
            }
            None => {
                let contributions =
                    std::array::from_fn(|c| part(Criterion::ALL[c], strategy.ratings[c]));
                let atoms = match with_messages {
                    true => Criterion::ALL
                        .iter()
                        .map(|&c| (c, strategy.ratings[c.index()]))
                        .collect(),
                    false => Vec::new(),
                };
                Work {
                    atoms,
                    baseline: contributions.iter().sum(),
                    contributions,
                    points: 0,
                    ratings: strategy.ratings,
                    reasons: Vec::new(),
                    eligible: true,
                }
            }
        };
        for (i, &r) in fired.iter().enumerate() {
            let rule = &catalog.rules[r];
            if rule.blocks.contains(&s) {
                w.eligible = false;
            }
            // Reasons are for reports; a winner alone needs none.
            if with_messages && rule.blocks.contains(&s) {
                w.reasons.push((
                    Reason {
                        rule: r,
                        effect: 0.0,
                        inherited: 0.0,
                        kind: ReasonKind::Block,
                        message: said(r, i, s),
                    },
                    0,
                ));
            }
            let mut own = 0;
            let mut estimate_message = None;
            if let Some(e) = rule.estimate
                && let Some((total, words)) = estimated(e, s)
            {
                // A layer's own part is its figure less what its base already took.
                let base = strategy
                    .base()
                    .and_then(|b| estimated(e, b))
                    .map_or(0.0, |(t, _)| t);
                let by = total - base;
                if by != 0.0 {
                    if with_messages {
                        w.atoms.push((e.criterion, by));
                    }
                    w.ratings[e.criterion.index()] += by;
                    let p = part(e.criterion, by);
                    w.contributions[e.criterion.index()] += p;
                    own += p;
                }
                if with_messages && total != 0.0 {
                    estimate_message = Some(fill(&render_message(&rule.message, profile), &words));
                }
            }
            for effect in rule.effects.iter().filter(|e| e.strategy() == s) {
                own += match *effect {
                    Effect::Shift { criterion, by, .. } => {
                        if with_messages {
                            w.atoms.push((criterion, by));
                        }
                        w.ratings[criterion.index()] += by;
                        let p = part(criterion, by);
                        w.contributions[criterion.index()] += p;
                        p
                    }
                    Effect::Points { by, .. } => {
                        let p = (by * 100.0).round() as i64;
                        w.points += p;
                        p
                    }
                };
            }
            let moved_by_estimate = own != 0 || estimate_message.is_some();
            if with_messages
                && (rule.effects.iter().any(|e| e.strategy() == s) || moved_by_estimate)
            {
                let message = estimate_message.unwrap_or_else(|| said(r, i, s));
                match w
                    .reasons
                    .iter_mut()
                    .find(|(x, _)| x.rule == r && x.kind == ReasonKind::Effect)
                {
                    Some((reason, t)) => {
                        *t += own;
                        reason.effect = points(*t);
                        reason.message = message;
                    }
                    None => w.reasons.push((
                        Reason {
                            rule: r,
                            effect: points(own),
                            inherited: 0.0,
                            kind: ReasonKind::Effect,
                            message,
                        },
                        own,
                    )),
                }
            }
        }
        work[s] = Some(w);
    }

    let mut scored: Vec<Scored> = work
        .into_iter()
        .enumerate()
        .map(|(s, w)| {
            let w = w.expect("every strategy is scored");
            // The criteria's parts (baseline and shifts) plus direct points.
            let raw = points(w.contributions.iter().sum::<i64>() + w.points);
            let score = raw.clamp(0.0, 100.0);
            let mut reasons: Vec<Reason> = w.reasons.into_iter().map(|(r, _)| r).collect();
            reasons.sort_by(|a, b| {
                let effect = |r: &Reason| r.kind == ReasonKind::Effect;
                effect(a)
                    .cmp(&effect(b))
                    .then(b.effect.abs().total_cmp(&a.effect.abs()))
                    .then(a.rule.cmp(&b.rule))
            });
            Scored {
                strategy: s,
                score,
                eligible: w.eligible,
                baseline: points(w.baseline),
                clamp: hundredths(score - raw),
                reasons,
                ratings: w.ratings,
                contributions: w.contributions.map(points),
                layer: None,
                variant: variants[s],
                atoms: w.atoms,
                points: w.points,
            }
        })
        .collect();
    for s in 0..scored.len() {
        if let Some(b) = catalog.strategies[s].base() {
            let inherited = scored[b].score - scored[b].clamp;
            let own = hundredths(scored[s].score - scored[s].clamp - inherited);
            scored[s].layer = Some(Layer {
                base: b,
                inherited,
                own,
            });
        }
    }

    let current = profile
        .current
        .as_ref()
        .and_then(|c| catalog.strategy(&c.value));
    scored.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then(b.score.total_cmp(&a.score))
            .then((Some(b.strategy) == current).cmp(&(Some(a.strategy) == current)))
            .then(a.strategy.cmp(&b.strategy))
    });

    let (mut assumptions, mut unknown) = (Vec::new(), Vec::new());
    for (id, field) in fields::FIELDS.iter().enumerate().filter(|_| with_messages) {
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
        costing,
    }
}

/// An estimate-driven rule's total shift for one strategy, and the words
/// its message quotes; `None` when the strategy has no figure to measure.
fn estimate_shift(
    e: FromEstimate,
    s: StrategyId,
    profile: &Profile,
    catalog: &Catalog,
    costing: &Costing,
    eligible: &[bool],
    with_words: bool,
) -> Option<(f64, Vec<(&'static str, String)>)> {
    let cost = costing.strategies.get(s)?.as_ref()?;
    let money = crate::text::money::dollars;
    match e.measure {
        Measure::CostDoublings => {
            // The cheapest strategy still in the running (any, if none is).
            let priced: Vec<(StrategyId, f64)> = (0..catalog.strategies.len())
                .filter_map(|t| Some((t, costing.monthly(t)?)))
                .collect();
            let in_running = priced.iter().filter(|(t, _)| eligible[*t]).count() > 0;
            let &(cheapest, low) = priced
                .iter()
                .filter(|(t, _)| !in_running || eligible[*t])
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))?;
            // Doublings over the cheapest, amounts under a dollar counted as
            // a dollar (a free cheapest would divide by zero).
            let doublings = (cost.monthly.max(1.0) / low.max(1.0)).log2().max(0.0);
            let shift = hundredths(e.shift(doublings));
            if !with_words {
                return Some((shift, Vec::new()));
            }
            // The ratio of the dollars quoted, as quoted.
            let times = match (low > 0.0, cost.monthly > 0.0) {
                (true, _) => format!("{:.1}x", cost.monthly / low),
                (false, true) => "above".into(),
                (false, false) => "as cheap as".into(),
            };
            let words = vec![
                ("platform", cost.name.clone()),
                ("monthly", money(cost.monthly)),
                ("cheapest", catalog.strategies[cheapest].id.clone()),
                (
                    "cheapest_monthly",
                    if low > 0.0 { money(low) } else { "free".into() },
                ),
                ("times", times),
            ];
            Some((shift, words))
        }
        Measure::LatencyShare => {
            let l = costing.latency.get(s)?.as_ref()?;
            let budget = profile.num(crate::domain::fields::id::WORKLOAD_LATENCY_SLO_MS)?;
            let share = l.added_ms / budget;
            if !with_words {
                return Some((hundredths(e.shift(share)), Vec::new()));
            }
            let words = vec![
                ("platform", cost.name.clone()),
                (
                    "added_ms",
                    fields::format_number((l.added_ms * 10.0).round() / 10.0),
                ),
                ("budget_ms", fields::format_number(budget)),
                ("percent", format!("{:.0}", share * 100.0)),
                ("note", l.note.clone()),
            ];
            Some((hundredths(e.shift(share)), words))
        }
    }
}

/// Fills an estimate rule's own `{name}` placeholders.
fn fill(message: &str, words: &[(&'static str, String)]) -> String {
    words.iter().fold(message.to_owned(), |m, (k, v)| {
        m.replace(&format!("{{{k}}}"), v)
    })
}

/// One part of a score: a rating (or a shift of one) on a criterion, in
/// whole hundredths of a point under these weights.
fn part(weights: &[f64; 8], total: f64, criterion: Criterion, rating: f64) -> i64 {
    (rating * weights[criterion.index()] / (total * 10.0) * 10_000.0).round() as i64
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
    fn a_layered_strategy_is_its_base_plus_its_own_delta() {
        let a = assess(&["system.services=25"]);
        let (base, top) = (a.scored(0), a.scored(1));
        // The base's rule reaches the layer in full, marked as inherited.
        let inherited = top.reasons.iter().find(|r| r.rule == 3).unwrap();
        assert_eq!(inherited.effect, 2.5);
        assert_eq!(inherited.inherited, 2.5);
        let layer = top.layer.unwrap();
        assert_eq!((layer.base, layer.inherited), (0, base.score));
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
        let peak = crate::domain::fields::id::WORKLOAD_PEAK_RPS;
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
