//! What scoring produces: an [`Assessment`] of every strategy, each
//! [`Scored`] with its reasons and parts, and the arithmetic of those parts
//! (weights, hundredths) that re-weighting shares with scoring.

use crate::analysis::cost::Costing;
use crate::domain::catalog::{CRITERIA, Catalog, Criterion, RuleId, StrategyId, chain};
use crate::domain::fields::FieldId;
use crate::domain::profile::Profile;
use crate::text::number::hundredths;

/// A margin under this many points is a close call: about one soft fact's
/// worth, so a single unstated detail could reverse it.
pub(crate) const CLOSE_CALL: f64 = 3.0;

/// The result of scoring one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub profile: String,
    /// Every strategy of the catalog, best first.
    pub ranking: Vec<Scored>,
    /// Weight of each criterion, by [`Criterion::index`].
    pub weights: [f64; CRITERIA],
    /// The rules whose condition held.
    pub fired: Vec<RuleId>,
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
    pub ratings: [f64; CRITERIA],
    /// Per criterion: the points it contributes (baseline share and shifts).
    pub contributions: [f64; CRITERIA],
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
    pub rule: RuleId,
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
    pub(crate) fn is_close_call(&self) -> bool {
        self.margin().is_some_and(|m| m < CLOSE_CALL)
    }

    /// The winner the same profile would get with `reweighted`'s priorities
    /// (everything else as assessed): the recorded parts re-added under the
    /// new weights, rounded as `evaluate` rounds them, so the answer is the
    /// one `evaluate` gives. Valid only while no rule condition reads a
    /// priority, which the caller checks.
    pub fn winner_with(&self, reweighted: &Profile) -> StrategyId {
        let w = weights(reweighted);
        let total: f64 = w.iter().sum();
        let current = reweighted.current.as_ref().map(|c| c.value);
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
        catalog
            .each_strategy()
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

    /// Points `strategy` leads the best other eligible strategy by, to a
    /// hundredth (negative when it trails); `None` when no other is
    /// eligible.
    pub(crate) fn lead(&self, strategy: StrategyId) -> Option<f64> {
        let best_other = self
            .ranking
            .iter()
            .filter(|s| s.strategy != strategy && s.eligible)
            .map(|s| s.score)
            .reduce(f64::max)?;
        Some(hundredths(self.scored(strategy).score - best_other))
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
pub(crate) struct CriterionScore {
    pub criterion: Criterion,
    pub weight: f64,
    pub baseline_rating: f64,
    pub rating: f64,
    /// Points of the score this criterion contributes.
    pub contribution: f64,
    /// The fired rules that shifted this rating (itself or its base).
    pub shifted_by: Vec<RuleId>,
}

impl Assessment {
    /// The per-criterion breakdown of one strategy's score.
    pub(crate) fn breakdown(&self, catalog: &Catalog, strategy: StrategyId) -> Vec<CriterionScore> {
        let s = self.scored(strategy);
        let chain = chain(&catalog.strategies, strategy);
        Criterion::ALL
            .iter()
            // A criterion that only informs (carbon at weight 0) adds no row.
            .filter(|&&c| c.unrated().is_none() || self.weights[c.index()] != 0.0)
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
                        None => {
                            let rule = &catalog.rules[r];
                            chain
                                .iter()
                                .any(|&t| rule.reaches(t, &chain) && rule.shift(t, c) != 0.0)
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}

/// One part of a score: a rating (or a shift of one) on a criterion, in
/// whole hundredths of a point under these weights.
pub(super) fn part(
    weights: &[f64; CRITERIA],
    total: f64,
    criterion: Criterion,
    rating: f64,
) -> i64 {
    (rating * weights[criterion.index()] / (total * 10.0) * 10_000.0).round() as i64
}

/// The profile's priorities as weights. All zero would divide by zero and
/// means "nothing matters more than anything else": weigh all equally.
pub(super) fn weights(profile: &Profile) -> [f64; CRITERIA] {
    let mut w = Criterion::ALL.map(|c| {
        let default = match c.unrated() {
            Some(_) => 0.0,
            None => 3.0,
        };
        profile.num(c.priority_field()).unwrap_or(default)
    });
    // All zero weighs the eight rated criteria alike; carbon, which only
    // informs unless weighed, stays at 0.
    if w.iter().all(|&x| x == 0.0) {
        w = Criterion::ALL.map(|c| if c.unrated().is_some() { 0.0 } else { 1.0 });
    }
    w
}
