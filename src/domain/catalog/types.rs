//! What a loaded catalog is: strategies (with their layers and variants),
//! the criteria they are rated on, and rules. Built and checked by
//! [`super::build`]; after that, the engine trusts it.

use std::fmt;

use crate::domain::condition::Condition;
use crate::domain::fields::{self, FieldId};
use crate::domain::prices::PriceBook;

/// The criteria strategies are rated on; the profile's `priorities` weigh
/// them. The first eight weigh 3 unless stated; `carbon` weighs 0 unless
/// stated (it only informs), and a catalog need not rate it
/// ([`Criterion::unrated`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    Cost,
    Operability,
    Scalability,
    Resilience,
    Security,
    Portability,
    Performance,
    DeliverySpeed,
    /// Emissions, from the carbon estimate (`analysis::carbon`).
    Carbon,
}

/// How many criteria there are.
pub const CRITERIA: usize = 9;

impl Criterion {
    pub const ALL: [Criterion; CRITERIA] = [
        Criterion::Cost,
        Criterion::Operability,
        Criterion::Scalability,
        Criterion::Resilience,
        Criterion::Security,
        Criterion::Portability,
        Criterion::Performance,
        Criterion::DeliverySpeed,
        Criterion::Carbon,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Criterion::Cost => "cost",
            Criterion::Operability => "operability",
            Criterion::Scalability => "scalability",
            Criterion::Resilience => "resilience",
            Criterion::Security => "security",
            Criterion::Portability => "portability",
            Criterion::Performance => "performance",
            Criterion::DeliverySpeed => "delivery_speed",
            Criterion::Carbon => "carbon",
        }
    }

    /// The rating (and own delta) a strategy takes on a criterion its
    /// catalog entry does not rate. Carbon is rated alike for every
    /// strategy, the estimate telling them apart (as cost is), so a catalog
    /// written before it existed still loads: 10, nothing taken yet.
    pub(crate) fn unrated(self) -> Option<(f64, f64)> {
        match self {
            Criterion::Carbon => Some((10.0, 0.0)),
            _ => None,
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The profile field that weighs this criterion.
    pub fn priority_field(self) -> fields::FieldId {
        static IDS: std::sync::LazyLock<[FieldId; CRITERIA]> = std::sync::LazyLock::new(|| {
            Criterion::ALL.map(|c| {
                fields::find(&format!("priorities.{}", c.name()))
                    .expect("every criterion has a priority field")
            })
        });
        IDS[self.index()]
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a rules directory may hold, so that a hostile or broken one costs
/// bounded time and memory (each limit is far above the built-in catalog's).
pub(crate) const MAX_STRATEGIES: usize = 64;
pub(crate) const MAX_RULES: usize = 1_000;
/// Comparisons in one rule's condition.
pub(crate) const MAX_CONDITION: usize = 256;
/// Characters of a message (`message`, `says`, a variant's reason).
pub(crate) const MAX_TEXT: usize = 4_000;
pub(crate) const MAX_PLACEHOLDERS: usize = 32;
/// The largest rating shift and direct points one effect may give.
pub(crate) const MAX_SHIFT: f64 = 10.0;
pub(crate) const MAX_POINTS: f64 = 100.0;

pub use crate::domain::ids::{RuleId, StrategyId};

impl std::ops::Index<StrategyId> for [Strategy] {
    type Output = Strategy;
    fn index(&self, id: StrategyId) -> &Strategy {
        &self[id.index()]
    }
}

impl std::ops::Index<StrategyId> for Vec<Strategy> {
    type Output = Strategy;
    fn index(&self, id: StrategyId) -> &Strategy {
        &self[id.index()]
    }
}

impl std::ops::IndexMut<StrategyId> for Vec<Strategy> {
    fn index_mut(&mut self, id: StrategyId) -> &mut Strategy {
        &mut self[id.index()]
    }
}

impl std::ops::Index<RuleId> for Vec<Rule> {
    type Output = Rule;
    fn index(&self, id: RuleId) -> &Rule {
        &self[id.index()]
    }
}

impl std::ops::IndexMut<RuleId> for Vec<Rule> {
    fn index_mut(&mut self, id: RuleId) -> &mut Rule {
        &mut self[id.index()]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub builds_on: Vec<StrategyId>,
    pub advantages: Vec<String>,
    pub disadvantages: Vec<String>,
    pub suits: Vec<String>,
    /// Baseline rating 0-10 per criterion, indexed by [`Criterion::index`];
    /// for a layered strategy, its base's ratings plus [`Strategy::delta`].
    pub ratings: [f64; CRITERIA],
    /// For a strategy that builds on another: its own difference from that
    /// base on each criterion (the base's ratings and rules reach it too).
    pub delta: Option<[f64; CRITERIA]>,
    /// The concrete platforms this strategy can mean, the first that
    /// applies wins; the last applies always.
    pub variants: Vec<Variant>,
    pub source: String,
}

impl Strategy {
    /// The strategy this one is layered on, if any.
    pub fn base(&self) -> Option<StrategyId> {
        self.builds_on.first().copied()
    }
}

/// A strategy and the bases below it, itself first (stopping at a cycle,
/// which loading reports).
pub(crate) fn chain(strategies: &[Strategy], strategy: StrategyId) -> Vec<StrategyId> {
    let mut out = vec![strategy];
    while let Some(b) = strategies[*out.last().expect("never empty")].base() {
        if out.contains(&b) {
            break;
        }
        out.push(b);
    }
    out
}

/// One concrete platform a strategy can be run on, and when it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub id: String,
    /// The name for each cloud (`aws`, `azure`, `gcp`, `other`), and for any.
    pub names: Vec<(String, String)>,
    pub when: Option<Condition>,
    /// Why it fits, with `{field.path}` placeholders.
    pub reason: String,
}

impl Variant {
    /// When it applies, in words: `when ...` or `otherwise`.
    pub(crate) fn describe_when(&self) -> String {
        self.when
            .as_ref()
            .map_or("otherwise".to_owned(), |c| format!("when {}", c.describe()))
    }

    /// The name to show for a cloud (`None`: not stated).
    pub(crate) fn name(&self, cloud: Option<&str>) -> &str {
        let find = |key: &str| {
            self.names
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, n)| n.as_str())
        };
        cloud
            .and_then(find)
            .or_else(|| find("any"))
            .unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub when: Condition,
    /// The profile field whose value this rule is the effect of (`fact:`,
    /// or the first field its condition reads). One fact moves each
    /// strategy through at most one rule at a time.
    pub fact: Option<FieldId>,
    pub blocks: Vec<StrategyId>,
    pub effects: Vec<Effect>,
    /// A shift computed per strategy from the cost and latency estimate.
    pub estimate: Option<FromEstimate>,
    pub message: String,
    /// The consequence for each strategy the rule moves, phrased from that
    /// strategy's side; the reason shown is `message: says`.
    pub says: Vec<(StrategyId, String)>,
    /// Whether a strategy built on one this rule shifts takes the shift too
    /// (`inherit:`, true unless a rule says `false`): a fact about how the
    /// base is run that its layers do not share, such as a managed service
    /// scaling to zero, which a mesh's cluster does not.
    pub inherit: bool,
    pub why: String,
    pub source: String,
    /// Where the rule is defined, for `advise explain`.
    pub file: String,
    pub line: u32,
}

/// A rule effect read from the estimate: every strategy's rating on one
/// criterion moves by `per_unit` for each unit of the measure, down to
/// `limit` (a layered strategy's own effect is the difference from its base).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FromEstimate {
    pub measure: Measure,
    pub criterion: Criterion,
    pub per_unit: f64,
    pub limit: f64,
}

/// What an estimate-driven rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Doublings of a strategy's monthly cost over the cheapest strategy's.
    CostDoublings,
    /// Doublings of a strategy's monthly emissions over the cleanest
    /// strategy's (`analysis::carbon`).
    CarbonDoublings,
    /// The latency a strategy adds, as a share of the latency target.
    LatencyShare,
}

impl Measure {
    /// The placeholders its messages may use besides profile fields.
    pub(crate) fn placeholders(self) -> &'static [&'static str] {
        match self {
            Measure::CostDoublings => &[
                "platform",
                "monthly",
                "cheapest",
                "cheapest_monthly",
                "times",
            ],
            Measure::CarbonDoublings => &["platform", "kg", "cleanest", "cleanest_kg", "times"],
            Measure::LatencyShare => &["platform", "added_ms", "budget_ms", "percent", "note"],
        }
    }

    /// Whether it measures each strategy against the best of them (the
    /// cheapest, the cleanest): then every base must be rated alike on its
    /// criterion, and a fit moves none of those ratings.
    pub(crate) fn against_the_best(self) -> bool {
        matches!(self, Measure::CostDoublings | Measure::CarbonDoublings)
    }
}

impl FromEstimate {
    /// The shift for a measured value: `per_unit × value`, never past `limit`.
    pub(crate) fn shift(self, value: f64) -> f64 {
        let s = self.per_unit * value;
        if self.limit < 0.0 {
            s.max(self.limit)
        } else {
            s.min(self.limit)
        }
    }
}

/// What a fired rule does to one strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// Moves the strategy's rating on one criterion, for this profile.
    Shift {
        strategy: StrategyId,
        criterion: Criterion,
        by: f64,
    },
    /// Adds points to the strategy's score directly.
    Points { strategy: StrategyId, by: f64 },
}

impl Rule {
    /// Whether the rule moves or blocks `strategy` itself (not through a base).
    pub(crate) fn touches(&self, strategy: StrategyId) -> bool {
        self.estimate.is_some()
            || self.blocks.contains(&strategy)
            || self.effects.iter().any(|e| e.strategy() == strategy)
    }

    /// Whether this rule's effects on `target` move the first strategy of
    /// `chain` (a strategy and its bases, [`chain`]): those on the strategy
    /// itself always, those on a base unless the rule says `inherit: false`.
    pub(crate) fn reaches(&self, target: StrategyId, chain: &[StrategyId]) -> bool {
        chain.first() == Some(&target) || (self.inherit && chain.contains(&target))
    }

    /// Whether the rule moves or blocks `strategy`, itself or through a base
    /// (a block always reaches the layers; an effect as [`Rule::reaches`]).
    #[cfg(test)]
    pub(crate) fn touches_chain(&self, catalog: &Catalog, strategy: StrategyId) -> bool {
        let chain = chain(&catalog.strategies, strategy);
        chain.iter().any(|&t| {
            self.touches(t)
                && (self.reaches(t, &chain) || self.blocks.contains(&t) || self.estimate.is_some())
        })
    }

    /// The rating shift this rule gives `strategy` on `criterion` itself
    /// (for an estimate-driven rule: its largest, `limit`).
    pub(crate) fn shift(&self, strategy: StrategyId, criterion: Criterion) -> f64 {
        if let Some(e) = self.estimate.filter(|e| e.criterion == criterion) {
            return e.limit;
        }
        self.effects
            .iter()
            .map(|e| match *e {
                Effect::Shift {
                    strategy: s,
                    criterion: c,
                    by,
                } if s == strategy && c == criterion => by,
                _ => 0.0,
            })
            .sum()
    }

    /// What the rule says about `strategy`.
    pub(crate) fn says(&self, strategy: StrategyId) -> Option<&str> {
        self.says
            .iter()
            .find(|(s, _)| *s == strategy)
            .map(|(_, t)| t.as_str())
    }
}

impl Effect {
    /// The strategy the effect moves.
    pub fn strategy(self) -> StrategyId {
        match self {
            Effect::Shift { strategy, .. } | Effect::Points { strategy, .. } => strategy,
        }
    }

    /// The criterion it shifts, or `None` for points added to the score.
    pub(crate) fn criterion(self) -> Option<Criterion> {
        match self {
            Effect::Shift { criterion, .. } => Some(criterion),
            Effect::Points { .. } => None,
        }
    }

    /// Its key in a rules file's `effects:` entry: the criterion, or `points`.
    pub(crate) fn key(self) -> &'static str {
        self.criterion().map_or("points", Criterion::name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub strategies: Vec<Strategy>,
    pub rules: Vec<Rule>,
    /// The prices the cost estimate uses (built in, or with `--prices`).
    pub prices: PriceBook,
    /// Whether the estimate subtracts vendors' free tiers (`--free-tier`).
    pub free_tier: bool,
    /// The organisation packs loaded on top (`--extend`), in load order.
    pub packs: Vec<Pack>,
}

impl Catalog {
    /// Every strategy's id, in catalog order.
    pub fn each_strategy(&self) -> impl Iterator<Item = StrategyId> + use<> {
        (0..self.strategies.len()).map(StrategyId::new)
    }

    /// The strategies built on `base`, directly or through another layer.
    pub(crate) fn layers_on(&self, base: StrategyId) -> impl Iterator<Item = StrategyId> + '_ {
        self.each_strategy()
            .filter(move |&s| s != base && chain(&self.strategies, s).contains(&base))
    }

    /// Every rule's id, in catalog order.
    pub(crate) fn each_rule(&self) -> impl Iterator<Item = RuleId> + use<> {
        (0..self.rules.len()).map(RuleId::new)
    }
}

/// An organisation's rules loaded on top of a catalog with `--extend`
/// (docs/packs.md), and what it changed there: every output names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// The directory as the user (or `.advise/config.yaml`) named it.
    pub dir: String,
    /// The ids of the rules it adds, in load order.
    pub added: Vec<String>,
    /// Rules it replaces (`override: true`); the reason is the new rule's `why`.
    pub overridden: Vec<PackChange>,
    /// Rules it switches off (`disable:`), each with its reason.
    pub disabled: Vec<PackChange>,
}

/// One rule a pack overrides or disables, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct PackChange {
    pub rule: String,
    pub reason: String,
    /// Where the pack says so.
    pub file: String,
    pub line: u32,
}
