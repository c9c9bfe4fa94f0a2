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
    CRITERIA, Catalog, Criterion, Effect, FromEstimate, Measure, RuleId, StrategyId, chain,
};
use crate::domain::fields::{self, FieldId};
use crate::domain::profile::Profile;
use crate::text::number::hundredths;

mod assessment;

pub(crate) use assessment::CLOSE_CALL;
pub use assessment::{Assessment, Layer, Reason, ReasonKind, Scored};
use assessment::{part, weights};

/// Strategies in an order where every base comes before what builds on it.
fn layered_order(catalog: &Catalog) -> Vec<StrategyId> {
    let mut order: Vec<StrategyId> = catalog.each_strategy().collect();
    order.sort_by_key(|&s| (chain(&catalog.strategies, s).len(), s));
    order
}

/// Scores every strategy of the catalog for the profile.
pub fn evaluate(profile: &Profile, catalog: &Catalog) -> Assessment {
    score(profile, catalog, true)
}

/// The recommended strategy alone: the same scoring without writing any
/// reason's message, for analyses that score many variants of a profile.
pub(crate) fn recommend(profile: &Profile, catalog: &Catalog) -> StrategyId {
    score(profile, catalog, false).winner().strategy
}

/// Scoring in its steps: fire the rules, then for each strategy (bases
/// first) seed it and apply the fired rules' effects, then rank. Whether
/// reasons, their messages and the re-weighting parts are written is
/// decided in one place, [`Notes`].
fn score(profile: &Profile, catalog: &Catalog, with_messages: bool) -> Assessment {
    let weights = weights(profile);
    let fired = fire(profile, catalog);
    let notes = Notes::new(with_messages, profile, catalog, &fired);
    let variants = crate::analysis::cost::variants(profile, catalog);
    let variant_ids: Vec<Option<&str>> = variants
        .iter()
        .zip(&catalog.strategies)
        .map(|(v, s)| v.map(|v| s.variants[v].id.as_str()))
        .collect();
    let costing = Costing::new(profile, catalog, &variant_ids, notes.on);
    let scoring = Scoring {
        profile,
        catalog,
        weights,
        total: weights.iter().sum(),
        fired: &fired,
        costing: &costing,
        eligible: eligible_at_all(catalog, &fired),
        notes: &notes,
    };
    let mut work: Vec<Option<Work>> = catalog.each_strategy().map(|_| None).collect();
    for s in layered_order(catalog) {
        let mut w = scoring.seed(s, &work);
        scoring.apply(s, &mut w);
        work[s.index()] = Some(w);
    }
    let ranking = rank(finish(work, catalog, &variants), profile);
    let (assumptions, unknown) = notes.fields();
    Assessment {
        profile: profile.name.clone(),
        ranking,
        weights,
        fired,
        assumptions,
        unknown,
        costing,
    }
}

/// The rules whose condition holds (unknown is not true).
fn fire(profile: &Profile, catalog: &Catalog) -> Vec<RuleId> {
    catalog
        .each_rule()
        .filter(|&r| catalog.rules[r].when.eval(profile) == Some(true))
        .collect()
}

/// Whether each strategy is blocked neither itself nor along its bases.
fn eligible_at_all(catalog: &Catalog, fired: &[RuleId]) -> Vec<bool> {
    let blocked: Vec<bool> = catalog
        .each_strategy()
        .map(|t| fired.iter().any(|&r| catalog.rules[r].blocks.contains(&t)))
        .collect();
    catalog
        .each_strategy()
        .map(|s| {
            let mut t = Some(s);
            let mut steps = 0;
            while let Some(x) = t.filter(|_| steps <= catalog.strategies.len()) {
                if blocked[x.index()] {
                    return false;
                }
                t = catalog.strategies[x].base();
                steps += 1;
            }
            true
        })
        .collect()
}

/// One strategy's score while it is made: parts in whole hundredths.
struct Work {
    baseline: i64,
    contributions: [i64; CRITERIA],
    points: i64,
    ratings: [f64; CRITERIA],
    /// Each reason with its effect in hundredths.
    reasons: Vec<(Reason, i64)>,
    eligible: bool,
    atoms: Vec<(Criterion, f64)>,
}

/// Everything one scoring reads.
struct Scoring<'a> {
    profile: &'a Profile,
    catalog: &'a Catalog,
    weights: [f64; CRITERIA],
    total: f64,
    fired: &'a [RuleId],
    costing: &'a Costing,
    /// By strategy: blocked neither itself nor along its bases.
    eligible: Vec<bool>,
    notes: &'a Notes<'a>,
}

impl Scoring<'_> {
    /// A rating (or a shift of one) on a criterion, in hundredths of a point.
    fn part(&self, criterion: Criterion, rating: f64) -> i64 {
        part(&self.weights, self.total, criterion, rating)
    }

    /// A strategy's starting point: its own ratings, or for a layer its
    /// base's whole state (ratings, parts, reasons, blocks) plus its delta.
    fn seed(&self, s: StrategyId, work: &[Option<Work>]) -> Work {
        let strategy = &self.catalog.strategies[s];
        let Some(b) = strategy.base() else {
            let contributions =
                std::array::from_fn(|c| self.part(Criterion::ALL[c], strategy.ratings[c]));
            let ratings = Criterion::ALL.map(|c| (c, strategy.ratings[c.index()]));
            return Work {
                atoms: self.notes.atoms(ratings.into_iter()),
                baseline: contributions.iter().sum(),
                contributions,
                points: 0,
                ratings: strategy.ratings,
                reasons: Vec::new(),
                eligible: true,
            };
        };
        let base = work[b.index()].as_ref().expect("bases are scored first");
        let delta = strategy.delta.unwrap_or_default();
        let delta_parts: [i64; CRITERIA] =
            std::array::from_fn(|c| self.part(Criterion::ALL[c], delta[c]));
        let own = Criterion::ALL.map(|c| (c, delta[c.index()]));
        let mut w = Work {
            atoms: self.notes.atoms(base.atoms.iter().copied().chain(own)),
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
                    let inherited = Reason {
                        inherited: r.effect,
                        kind,
                        ..r.clone()
                    };
                    (inherited, *t)
                })
                .collect(),
            eligible: base.eligible,
        };
        self.withhold(b, &mut w);
        w
    }

    /// Takes back from a layer what its base `b` took from rules whose
    /// effects stay on the strategies they name (`inherit: false`): their
    /// shifts, their points and their reasons. What such a rule gives the
    /// layer itself, [`Scoring::apply`] adds as for any rule.
    fn withhold(&self, b: StrategyId, w: &mut Work) {
        for &r in self.fired {
            let rule = &self.catalog.rules[r];
            if rule.inherit {
                continue;
            }
            for effect in rule.effects.iter().filter(|e| e.strategy() == b) {
                match *effect {
                    Effect::Shift { criterion, by, .. } => {
                        self.shift(w, criterion, -by);
                    }
                    Effect::Points { by, .. } => w.points -= in_hundredths(by),
                }
            }
            w.reasons
                .retain(|(x, _)| x.rule != r || x.kind != ReasonKind::Effect);
        }
    }

    /// Every fired rule's effect on strategy `s`: its block, its estimate's
    /// figure, its shifts and points, each noted as a reason.
    fn apply(&self, s: StrategyId, w: &mut Work) {
        for (i, &r) in self.fired.iter().enumerate() {
            let rule = &self.catalog.rules[r];
            if rule.blocks.contains(&s) {
                w.eligible = false;
                self.notes.block(w, r, i, s);
            }
            let (mut own, estimate_message) = match rule.estimate {
                Some(e) => self.estimate(e, &rule.message, s, w),
                None => (0, None),
            };
            let mut moves = false;
            for effect in rule.effects.iter().filter(|e| e.strategy() == s) {
                moves = true;
                own += match *effect {
                    Effect::Shift { criterion, by, .. } => self.shift(w, criterion, by),
                    Effect::Points { by, .. } => {
                        let p = in_hundredths(by);
                        w.points += p;
                        p
                    }
                };
            }
            if moves || own != 0 || estimate_message.is_some() {
                let message = || estimate_message.unwrap_or_else(|| self.notes.said(r, i, s));
                self.notes.effect(w, r, own, message);
            }
        }
    }

    /// An estimate-driven rule's shift of strategy `s` (for a layer, its
    /// figure less what its base already took), applied to `w`: the parts
    /// it added, and its message when the figure moves anything.
    fn estimate(
        &self,
        e: FromEstimate,
        message: &str,
        s: StrategyId,
        w: &mut Work,
    ) -> (i64, Option<String>) {
        let estimated = |s: StrategyId| {
            let (p, c) = (self.profile, self.catalog);
            estimate_shift(e, s, p, c, self.costing, &self.eligible, self.notes.on)
        };
        let Some((total, words)) = estimated(s) else {
            return (0, None);
        };
        let base = self.catalog.strategies[s]
            .base()
            .and_then(estimated)
            .map_or(0.0, |(t, _)| t);
        let by = total - base;
        let own = match by != 0.0 {
            true => self.shift(w, e.criterion, by),
            false => 0,
        };
        // Worded whenever it moves the strategy: a layer at the cheapest
        // (its own total 0) still moves by undoing its base's shift, and
        // its reason must say so in figures, not in the raw template.
        let message = (total != 0.0 || own != 0)
            .then(|| self.notes.estimate(message, &words))
            .flatten();
        (own, message)
    }

    /// Shifts `w`'s rating on `criterion` by `by`: the parts it adds.
    fn shift(&self, w: &mut Work, criterion: Criterion, by: f64) -> i64 {
        self.notes.atom(&mut w.atoms, criterion, by);
        w.ratings[criterion.index()] += by;
        let p = self.part(criterion, by);
        w.contributions[criterion.index()] += p;
        p
    }
}

/// What a scoring writes besides the numbers: the reasons and their
/// messages, the parts kept for re-weighting ([`Assessment::winner_with`]),
/// the assumptions. [`evaluate`] writes them all; [`recommend`], which
/// needs only the winner, writes none. Every such choice is made here.
struct Notes<'a> {
    on: bool,
    profile: &'a Profile,
    catalog: &'a Catalog,
    /// Each fired rule's message, filled in (parallel to the fired rules).
    messages: Vec<String>,
}

impl<'a> Notes<'a> {
    fn new(on: bool, profile: &'a Profile, catalog: &'a Catalog, fired: &[RuleId]) -> Notes<'a> {
        let messages = match on {
            true => fired
                .iter()
                .map(|&r| profile.fill(&catalog.rules[r].message))
                .collect(),
            false => Vec::new(),
        };
        Notes {
            on,
            profile,
            catalog,
            messages,
        }
    }

    /// What fired rule `r` (the `i`th to fire) says to strategy `s`.
    fn said(&self, r: RuleId, i: usize, s: StrategyId) -> String {
        if !self.on {
            return String::new();
        }
        match self.catalog.rules[r].says(s) {
            Some(text) => format!("{}: {}", self.messages[i], self.profile.fill(text)),
            None => self.messages[i].clone(),
        }
    }

    /// An estimate rule's message, its figures filled in.
    fn estimate(&self, message: &str, words: &[(&'static str, String)]) -> Option<String> {
        self.on.then(|| fill(&self.profile.fill(message), words))
    }

    fn atoms(&self, atoms: impl Iterator<Item = (Criterion, f64)>) -> Vec<(Criterion, f64)> {
        match self.on {
            true => atoms.collect(),
            false => Vec::new(),
        }
    }

    fn atom(&self, atoms: &mut Vec<(Criterion, f64)>, criterion: Criterion, by: f64) {
        if self.on {
            atoms.push((criterion, by));
        }
    }

    /// Rule `r` blocks the strategy of `w`.
    fn block(&self, w: &mut Work, r: RuleId, i: usize, s: StrategyId) {
        if self.on {
            let reason = Reason {
                rule: r,
                effect: 0.0,
                inherited: 0.0,
                kind: ReasonKind::Block,
                message: self.said(r, i, s),
            };
            w.reasons.push((reason, 0));
        }
    }

    /// Rule `r` moves the strategy of `w` by `own` hundredths: added to what
    /// it already moved it by through its base, if anything.
    fn effect(&self, w: &mut Work, r: RuleId, own: i64, message: impl FnOnce() -> String) {
        if !self.on {
            return;
        }
        let message = message();
        let found = w
            .reasons
            .iter_mut()
            .find(|(x, _)| x.rule == r && x.kind == ReasonKind::Effect);
        match found {
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

    /// The fields the profile left to their defaults, and those it left
    /// unknown (no default).
    fn fields(&self) -> (Vec<FieldId>, Vec<FieldId>) {
        let (mut assumptions, mut unknown) = (Vec::new(), Vec::new());
        for (id, field) in fields::each().filter(|_| self.on) {
            if self.profile.is_stated(id) || field.is_priority() || field.is_team_figure() {
                continue;
            }
            if self.profile.get(id).is_some() {
                assumptions.push(id);
            } else {
                unknown.push(id);
            }
        }
        (assumptions, unknown)
    }
}

/// Each strategy's score from its parts, clamped to 0-100, its reasons in
/// order (blockers first, then by size), and a layer's split.
fn finish(work: Vec<Option<Work>>, catalog: &Catalog, variants: &[Option<usize>]) -> Vec<Scored> {
    let mut scored: Vec<Scored> = work
        .into_iter()
        .enumerate()
        .map(|(s, w)| {
            let s = StrategyId::new(s);
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
                variant: variants[s.index()],
                atoms: w.atoms,
                points: w.points,
            }
        })
        .collect();
    for s in 0..scored.len() {
        if let Some(b) = catalog.strategies[StrategyId::new(s)].base() {
            let inherited = scored[b.index()].score - scored[b.index()].clamp;
            let own = hundredths(scored[s].score - scored[s].clamp - inherited);
            scored[s].layer = Some(Layer {
                base: b,
                inherited,
                own,
            });
        }
    }
    scored
}

/// Whole hundredths as points.
fn points(units: i64) -> f64 {
    units as f64 / 100.0
}

/// Points in whole hundredths, as the parts are kept.
fn in_hundredths(points: f64) -> i64 {
    (points * 100.0).round() as i64
}

/// Best first: eligible before ineligible, then by score; an exact tie
/// ranks the profile's `current` first, then catalog order.
fn rank(mut scored: Vec<Scored>, profile: &Profile) -> Vec<Scored> {
    let current = profile.current.as_ref().map(|c| c.value);
    scored.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then(b.score.total_cmp(&a.score))
            .then((Some(b.strategy) == current).cmp(&(Some(a.strategy) == current)))
            .then(a.strategy.cmp(&b.strategy))
    });
    scored
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
    let cost = costing.strategies.get(s.index())?.as_ref()?;
    let money = crate::text::money::dollars;
    match e.measure {
        Measure::CostDoublings => {
            // The cheapest strategy still in the running (any, if none is).
            let priced: Vec<(StrategyId, f64)> = catalog
                .each_strategy()
                .filter_map(|t| Some((t, costing.monthly(t)?)))
                .collect();
            let in_running = priced.iter().filter(|(t, _)| eligible[t.index()]).count() > 0;
            let &(cheapest, low) = priced
                .iter()
                .filter(|(t, _)| !in_running || eligible[t.index()])
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
        Measure::CarbonDoublings => {
            // The cleanest strategy still in the running (any, if none is).
            let kg = costing.carbon.kg(s.index())?;
            let counted: Vec<(StrategyId, f64)> = catalog
                .each_strategy()
                .filter_map(|t| Some((t, costing.carbon.kg(t.index())?)))
                .collect();
            let in_running = counted.iter().any(|(t, _)| eligible[t.index()]);
            let &(cleanest, low) = counted
                .iter()
                .filter(|(t, _)| !in_running || eligible[t.index()])
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))?;
            // Doublings over the cleanest, amounts under a kilogram counted
            // as a kilogram (carbon::KG_FLOOR).
            let floor = crate::analysis::carbon::KG_FLOOR;
            let doublings = (kg.max(floor) / low.max(floor)).log2().max(0.0);
            let shift = hundredths(e.shift(doublings));
            if !with_words {
                return Some((shift, Vec::new()));
            }
            let text = crate::analysis::carbon::kg_text;
            let times = match low > 0.0 {
                true => format!("{:.1}x", kg / low),
                false => "above".into(),
            };
            let words = vec![
                ("platform", cost.name.clone()),
                ("kg", text(kg)),
                ("cleanest", catalog.strategies[cleanest].id.clone()),
                ("cleanest_kg", text(low)),
                ("times", times),
            ];
            Some((shift, words))
        }
        Measure::LatencyShare => {
            let l = costing.latency.get(s.index())?.as_ref()?;
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
}
