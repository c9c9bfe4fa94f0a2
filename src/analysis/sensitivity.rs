//! What would change the answer: single-field changes that flip the
//! recommendation.
//!
//! Candidates come from the field table and the rules, not from guessing:
//! every other value of each enumeration and boolean, every priority level,
//! the tags the rules test for, and for each number the values just either
//! side of every threshold a rule compares it with. Each candidate is really
//! evaluated, so every listed change gives exactly the listed recommendation
//! when applied with `--set`. For a number only the nearest flip in each
//! direction is kept.

use crate::analysis::engine::{self, Assessment};
use crate::domain::catalog::{Catalog, Rule, StrategyId};
use crate::domain::condition::{Condition, Op};
use crate::domain::fields::{self, FieldId, FieldValue, Kind};
use crate::domain::profile::Profile;

/// One change that flips the recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub field: FieldId,
    pub value: FieldValue,
    pub recommendation: StrategyId,
    /// How big a change it is: 1 for a different word, the relative change
    /// for a number. Sorting by it puts the smallest changes first.
    pub size: f64,
}

/// Every single-field change that changes the recommendation, smallest first.
// Over 100 lines: one loop over the field table tries every kind of
// candidate (enum values, booleans, priorities, tags, thresholds), each
// kind a few lines of its own.
pub(crate) fn would_change_if(
    profile: &Profile,
    catalog: &Catalog,
    assessment: &Assessment,
) -> Vec<Change> {
    let winner = assessment.winner().strategy;
    // A priority only weighs criteria: unless a rule reads it (as the
    // carbon rule reads `priorities.carbon`), a changed priority is
    // answered from the assessment's own parts.
    let read_by_rules: Vec<FieldId> = catalog
        .rules
        .iter()
        .flat_map(|r| r.when.fields())
        .filter(|&f| fields::get(f).is_priority())
        .collect();
    let mut changes = Vec::new();
    for (id, field) in fields::each() {
        let current = profile.get(id);
        let reweigh = field.is_priority() && !read_by_rules.contains(&id);
        let flips = |value: &FieldValue| -> Option<StrategyId> {
            let changed = profile.with(id, value.clone());
            if !consistent(&changed) {
                return None;
            }
            let r = match reweigh {
                true => assessment.winner_with(&changed),
                false => engine::recommend(&changed, catalog),
            };
            (r != winner).then_some(r)
        };
        match field.kind {
            Kind::Int { .. } | Kind::Number { .. } => {
                let now = current.and_then(|v| match v {
                    FieldValue::Num(x) => Some(*x),
                    _ => None,
                });
                let mut below: Option<Change> = None;
                let mut above: Option<Change> = None;
                let mut tried = numeric_candidates(id, field.kind, all_conditions(catalog));
                // The estimate is continuous in the load: try multiples of it.
                let load = ESTIMATE_LOAD.contains(&field.path);
                if let (true, Some(n)) = (load, now.filter(|n| *n > 0.0)) {
                    tried.extend(
                        SCALES
                            .iter()
                            .map(|k| n * k)
                            .filter(|&x| field.kind.admits(x)),
                    );
                }
                for x in tried {
                    if Some(x) == now {
                        continue;
                    }
                    let value = FieldValue::Num(x);
                    let Some(r) = flips(&value) else { continue };
                    let size = match now {
                        Some(n) => (x - n).abs() / n.abs().max(1.0),
                        None => 1.0,
                    };
                    let change = Change {
                        field: id,
                        value,
                        recommendation: r,
                        size,
                    };
                    let slot = if now.is_some_and(|n| x < n) {
                        &mut below
                    } else {
                        &mut above
                    };
                    let nearer = match (&*slot, now) {
                        (None, _) => true,
                        (Some(c), Some(n)) => (x - n).abs() < (num(&c.value) - n).abs(),
                        // Unknown now: the smallest value that flips is the nearest to "none stated".
                        (Some(c), None) => x < num(&c.value),
                    };
                    if nearer {
                        *slot = Some(change);
                    }
                }
                // Where the estimate moves the answer, find the flip itself.
                if let (true, Some(n)) = (load, now) {
                    for slot in [&mut below, &mut above] {
                        if let Some(c) = slot.as_mut() {
                            refine(c, n, field.kind, &flips);
                        }
                    }
                }
                changes.extend(below);
                changes.extend(above);
            }
            // A different word, boolean or tag list: each one that flips.
            _ => {
                for value in candidates(id, current, all_conditions(catalog)) {
                    if current != Some(&value)
                        && let Some(r) = flips(&value)
                    {
                        changes.push(Change {
                            field: id,
                            value,
                            recommendation: r,
                            size: 1.0,
                        });
                    }
                }
            }
        }
    }
    // Stable: equal sizes keep field-table order, then candidate order.
    changes.sort_by(|a, b| a.size.total_cmp(&b.size));
    changes
}

/// Numbers the cost estimate reads, on which the answer can flip anywhere.
const ESTIMATE_LOAD: [&str; 4] = [
    "workload.average_rps",
    "workload.peak_rps",
    "workload.avg_duration_ms",
    "workload.cpu_ms",
];

/// Multiples of a stated load tried for a flip.
const SCALES: [f64; 4] = [0.1, 0.5, 2.0, 10.0];

/// Moves a flipping change to the nearest value that still flips, between
/// the current value `now` and it: bisection (geometric when both are
/// positive), then three significant digits on the flipping side.
fn refine(
    change: &mut Change,
    now: f64,
    kind: Kind,
    flips: &impl Fn(&FieldValue) -> Option<StrategyId>,
) {
    let (mut keep, mut flip) = (now, num(&change.value));
    for _ in 0..12 {
        let mid = if keep > 0.0 && flip > 0.0 {
            (keep * flip).sqrt()
        } else {
            (keep + flip) / 2.0
        };
        if !kind.admits(mid) {
            break;
        }
        if flips(&FieldValue::Num(mid)).is_some() {
            flip = mid;
        } else {
            keep = mid;
        }
    }
    let rounded = round_away(flip, now);
    for x in [rounded, flip] {
        if kind.admits(x)
            && let Some(r) = flips(&FieldValue::Num(x))
        {
            change.value = FieldValue::Num(x);
            change.recommendation = r;
            change.size = (x - now).abs() / now.abs().max(1.0);
            return;
        }
    }
}

/// `x` to three significant digits, rounded away from `from`.
fn round_away(x: f64, from: f64) -> f64 {
    if x <= 0.0 {
        return x;
    }
    let scale = 10f64.powi(2 - x.log10().floor() as i32);
    if x > from {
        (x * scale).ceil() / scale
    } else {
        (x * scale).floor() / scale
    }
}

fn num(v: &FieldValue) -> f64 {
    match v {
        FieldValue::Num(x) => *x,
        _ => f64::NAN,
    }
}

/// A changed profile must still be one a user could write.
pub(crate) fn consistent(profile: &Profile) -> bool {
    profile.mean_above_peak().is_none()
}

fn all_conditions(catalog: &Catalog) -> impl Iterator<Item = &Condition> {
    catalog.rules.iter().map(|r| &r.when)
}

/// The values worth trying for a field under some conditions: every word of
/// an enumeration, both booleans, numbers either side of each threshold, and
/// the tag lists that add or drop each tested tag.
pub fn candidates<'a>(
    field: FieldId,
    now: Option<&FieldValue>,
    conditions: impl Iterator<Item = &'a Condition>,
) -> Vec<FieldValue> {
    match fields::get(field).kind {
        Kind::Enum(values) => values.iter().map(|v| FieldValue::Enum(v)).collect(),
        Kind::Bool => vec![FieldValue::Bool(true), FieldValue::Bool(false)],
        kind @ (Kind::Int { .. } | Kind::Number { .. }) => {
            numeric_candidates(field, kind, conditions)
                .into_iter()
                .map(FieldValue::Num)
                .collect()
        }
        Kind::Tags => {
            let now = match now {
                Some(FieldValue::Tags(t)) => t.as_slice(),
                _ => &[],
            };
            tag_candidates(field, now, conditions)
                .into_iter()
                .map(FieldValue::Tags)
                .collect()
        }
    }
}

/// The values just either side of every threshold on a numeric field, valid
/// for its kind, in ascending order without repeats.
fn numeric_candidates<'a>(
    field: FieldId,
    kind: Kind,
    conditions: impl Iterator<Item = &'a Condition>,
) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    match kind {
        // A small range (priorities 0-5): try every level.
        Kind::Int { min, max } if max - min <= 10 => out.extend((min..=max).map(|i| i as f64)),
        _ => {
            for cond in conditions {
                for (op, t) in cond.thresholds(field) {
                    let step = match kind {
                        Kind::Int { .. } => 1.0,
                        _ if t.abs() >= 10.0 => 1.0,
                        _ => (t.abs() / 10.0).max(0.01),
                    };
                    // The two sides of the comparison; a third value would
                    // fall on one of them and only repeat it.
                    match op {
                        Op::Gt | Op::Lte => out.extend([t, t + step]),
                        Op::Gte | Op::Lt => out.extend([t - step, t]),
                        Op::Eq | Op::Ne => out.extend([t - step, t, t + step]),
                    }
                }
            }
        }
    }
    out.retain(|&x| kind.admits(x));
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// Adding each tag the rules test for that the profile lacks, and removing
/// each one it has that the rules test for.
fn tag_candidates<'a>(
    field: FieldId,
    now: &[String],
    conditions: impl Iterator<Item = &'a Condition>,
) -> Vec<Vec<String>> {
    let mut tested: Vec<&str> = Vec::new();
    let mut tests_empty = false;
    for cond in conditions {
        cond.visit_tags(field, &mut |tag| match tag {
            Some(t) if !tested.contains(&t) => tested.push(t),
            Some(_) => {}
            None => tests_empty = true,
        });
    }
    let has = |t: &str| now.iter().any(|n| n.eq_ignore_ascii_case(t));
    let mut out = Vec::new();
    for t in &tested {
        if !has(t) {
            let mut with = now.to_vec();
            with.push((*t).to_owned());
            out.push(with);
        } else {
            out.push(
                now.iter()
                    .filter(|n| !n.eq_ignore_ascii_case(t))
                    .cloned()
                    .collect(),
            );
        }
    }
    if tests_empty && !now.is_empty() {
        out.push(Vec::new());
    }
    out
}

/// Fields the profile left at a default that could flip the answer: stating
/// them would sharpen it.
pub(crate) fn sharpen(profile: &Profile, changes: &[Change]) -> Vec<FieldId> {
    let mut out: Vec<FieldId> = Vec::new();
    for c in changes {
        if !profile.is_stated(c.field)
            && !fields::get(c.field).is_priority()
            && !out.contains(&c.field)
        {
            out.push(c.field);
        }
    }
    out
}

/// The smallest profile (fewest stated fields) found that fires the rule:
/// each field the condition reads tries its default, then the values that
/// sensitivity analysis would try.
pub(crate) fn example(rule: &Rule) -> Option<Profile> {
    let fields = rule.when.fields();
    let options: Vec<Vec<Option<FieldValue>>> = fields
        .iter()
        .map(|&f| example_values(f, &rule.when))
        .collect();
    let total: usize = options.iter().map(Vec::len).product();
    if total > 100_000 {
        return None;
    }
    let mut best: Option<(usize, Profile)> = None;
    for n in 0..total {
        let mut profile = Profile::generic("example");
        let mut stated = 0;
        let mut k = n;
        for (i, &f) in fields.iter().enumerate() {
            let choice = &options[i][k % options[i].len()];
            k /= options[i].len();
            if let Some(v) = choice {
                profile = profile.with(f, v.clone());
                stated += 1;
            }
        }
        if rule.when.eval(&profile) == Some(true)
            && consistent(&profile)
            && best.as_ref().is_none_or(|(s, _)| stated < *s)
        {
            best = Some((stated, profile));
        }
    }
    best.map(|(_, p)| p)
}

/// `None` (leave at default) first, then every value worth trying.
fn example_values(field: FieldId, cond: &Condition) -> Vec<Option<FieldValue>> {
    let mut out = vec![None];
    out.extend(
        candidates(field, None, std::iter::once(cond))
            .into_iter()
            .map(Some),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::format_number;
    use crate::domain::profile::{self, Override};

    #[test]
    fn every_listed_change_really_flips_the_answer_when_set() {
        let catalog = Catalog::builtin();
        let ids = catalog.strategy_ids();
        for text in [
            "",
            "system: {services: 40}\nteam: {ops_maturity: high, container_skills: high}\n",
            "workload: {traffic: sporadic, max_duration_s: 1200}\n",
        ] {
            let p = profile::load("p.yaml", text, &ids, &[]).unwrap();
            let a = engine::evaluate(&p, &catalog);
            let changes = would_change_if(&p, &catalog, &a);
            for c in &changes {
                let value = match &c.value {
                    FieldValue::Num(x) => format_number(*x),
                    other => other.to_string(),
                };
                let arg = format!("{}={value}", fields::get(c.field).path);
                let o = Override::parse(&arg).unwrap();
                let changed = profile::load("p.yaml", text, &ids, &[o]).unwrap();
                let r = engine::evaluate(&changed, &catalog).winner().strategy;
                assert_eq!(r, c.recommendation, "{arg}");
                assert_ne!(r, a.winner().strategy, "{arg}");
            }
        }
    }

    #[test]
    fn candidates_sit_either_side_of_thresholds() {
        let catalog = Catalog::builtin();
        let f = crate::domain::fields::id::WORKLOAD_MAX_DURATION_S;
        let c = numeric_candidates(f, fields::get(f).kind, all_conditions(&catalog));
        assert!(c.contains(&3600.0) && c.contains(&3601.0), "{c:?}");
        assert!(c.windows(2).all(|w| w[0] < w[1]));
        let p = crate::domain::fields::id::PRIORITIES_COST;
        assert_eq!(
            numeric_candidates(p, fields::get(p).kind, all_conditions(&catalog)),
            [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        );
    }
}
