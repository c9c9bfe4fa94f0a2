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
mod tests;
