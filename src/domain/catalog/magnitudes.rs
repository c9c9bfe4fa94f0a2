//! A catalog's magnitudes: the numbers `advise calibrate --fit` may move
//! (each base strategy's baseline ratings, each layered strategy's delta,
//! each rule's `effects:`), how far (never past 0, never past a cap, never
//! to the other sign), and writing moved numbers back into the rules files
//! where they stand, leaving every other character as it was. Blocks,
//! conditions and the estimate-driven rules' `from_estimate` are not
//! magnitudes here: they say whether and how, not how much.

use std::cmp::Ordering;

use super::types::{Catalog, Criterion, Effect, MAX_POINTS, MAX_SHIFT, RuleId, StrategyId, chain};
use crate::domain::fields::format_number;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc, Node, Value};

/// One number of the catalog a fit may move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    /// A base strategy's baseline rating on a criterion (`ratings:`).
    Rating {
        strategy: StrategyId,
        criterion: Criterion,
    },
    /// A layered strategy's difference from its base (`delta:`); a zero
    /// delta has no sign to keep, so it is not one of these.
    Delta {
        strategy: StrategyId,
        criterion: Criterion,
    },
    /// A rule's effect, by its rule and its index into the rule's `effects`.
    Effect { rule: RuleId, effect: usize },
}

/// The smallest move a fit makes, and the smallest magnitude an effect may
/// have: a rules file cannot hold an effect of 0 (the loader refuses a rule
/// that does nothing), and a quarter of a rating point is the finest
/// difference a reader of a rules file is asked to believe.
pub(crate) const STEP: f64 = 0.25;

/// Every number of the catalog a fit may move, in catalog order:
/// strategies (ratings or delta, by criterion), then rules (by effect).
/// A criterion the estimate prices (a rule `from_estimate` in cost
/// doublings) stays rated alike for every strategy, as the model check
/// requires, so its ratings are not the fit's to move.
pub(crate) fn params(catalog: &Catalog) -> Vec<Param> {
    let priced: Vec<Criterion> = catalog
        .rules
        .iter()
        .filter_map(|r| r.estimate)
        .filter(|e| e.measure.against_the_best())
        .map(|e| e.criterion)
        .collect();
    let mut out = Vec::new();
    for (s, strategy) in catalog.each_strategy().zip(&catalog.strategies) {
        for criterion in Criterion::ALL {
            if strategy.delta.is_none() && priced.contains(&criterion) {
                continue;
            }
            // Carbon is rated alike by design (a catalog need not even
            // write it): only the estimate tells strategies apart on it.
            if criterion.unrated().is_some() {
                continue;
            }
            match strategy.delta {
                Some(delta) if delta[criterion.index()] != 0.0 => out.push(Param::Delta {
                    strategy: s,
                    criterion,
                }),
                Some(_) => {}
                None => out.push(Param::Rating {
                    strategy: s,
                    criterion,
                }),
            }
        }
    }
    for (r, rule) in catalog.each_rule().zip(&catalog.rules) {
        out.extend((0..rule.effects.len()).map(|effect| Param::Effect { rule: r, effect }));
    }
    out
}

/// For each of `params`, its tiers, each with the order the catalog gives
/// the two (`Greater`: this one is the larger, and must stay at least as
/// large; `Equal`: the two stay equal). An effect's tiers are the effects
/// of other rules on the same fact that move the same strategy on the
/// same criterion (small, medium and large teams, say). They are ordered
/// by their source (a mature team pays less than a medium one), so a fit
/// moves each only within its neighbours: tiers never swap.
pub(crate) fn tiers(catalog: &Catalog, params: &[Param]) -> Vec<Vec<(usize, Ordering)>> {
    let target = |p: Param| match p {
        Param::Effect { rule, effect } => {
            let rule = &catalog.rules[rule];
            let e = &rule.effects[effect];
            rule.fact.map(|fact| (fact, e.strategy(), e.criterion()))
        }
        Param::Rating { .. } | Param::Delta { .. } => None,
    };
    params
        .iter()
        .enumerate()
        .map(|(i, &p)| match target(p) {
            None => Vec::new(),
            Some(mine) => params
                .iter()
                .enumerate()
                .filter(|&(j, &q)| j != i && target(q) == Some(mine))
                .map(|(j, &q)| (j, p.value(catalog).abs().total_cmp(&q.value(catalog).abs())))
                .collect(),
        })
        .collect()
}

impl Param {
    /// The number as the catalog holds it, with its sign.
    pub(crate) fn value(self, catalog: &Catalog) -> f64 {
        match self {
            Param::Rating {
                strategy,
                criterion,
            } => catalog.strategies[strategy].ratings[criterion.index()],
            Param::Delta {
                strategy,
                criterion,
            } => catalog.strategies[strategy].delta.unwrap_or_default()[criterion.index()],
            Param::Effect { rule, effect } => match catalog.rules[rule].effects[effect] {
                Effect::Shift { by, .. } | Effect::Points { by, .. } => by,
            },
        }
    }

    /// The range of its magnitude: ratings stay within 0-10; a delta
    /// within a step and the largest shift; an effect within a step and the
    /// catalog's cap on a shift or on direct points. A delta, like an
    /// effect, never reaches 0: a zero delta has no sign, so it would drop
    /// out of the numbers a fit may move, and the next fit (of fewer
    /// numbers) would not give the catalog it was written from.
    pub(crate) fn bounds(self, catalog: &Catalog) -> (f64, f64) {
        match self {
            Param::Rating { .. } => (0.0, 10.0),
            Param::Delta { .. } => (STEP, MAX_SHIFT),
            Param::Effect { rule, effect } => match catalog.rules[rule].effects[effect] {
                Effect::Shift { .. } => (STEP, MAX_SHIFT),
                Effect::Points { .. } => (STEP, MAX_POINTS),
            },
        }
    }

    /// Sets the magnitude, keeping the sign, and keeps every layered
    /// strategy's ratings its base's plus its delta.
    pub(crate) fn set(self, catalog: &mut Catalog, magnitude: f64) {
        let signed = |old: f64| magnitude.copysign(old);
        match self {
            Param::Rating {
                strategy,
                criterion,
            } => catalog.strategies[strategy].ratings[criterion.index()] = magnitude,
            Param::Delta {
                strategy,
                criterion,
            } => {
                if let Some(delta) = catalog.strategies[strategy].delta.as_mut() {
                    delta[criterion.index()] = signed(delta[criterion.index()]);
                }
            }
            Param::Effect { rule, effect } => match &mut catalog.rules[rule].effects[effect] {
                Effect::Shift { by, .. } | Effect::Points { by, .. } => *by = signed(*by),
            },
        }
        if !matches!(self, Param::Effect { .. }) {
            resolve_layers(catalog);
        }
    }

    /// The ratings (strategy, criterion) this number moves, directly or
    /// through the layers built on it: where the model's bounds must hold.
    pub(crate) fn moves(self, catalog: &Catalog) -> Vec<(StrategyId, Criterion)> {
        let (target, criterion, rule) = match self {
            Param::Rating {
                strategy,
                criterion,
            }
            | Param::Delta {
                strategy,
                criterion,
            } => (strategy, criterion, None),
            Param::Effect { rule, effect } => match catalog.rules[rule].effects[effect] {
                Effect::Shift {
                    strategy,
                    criterion,
                    ..
                } => (strategy, criterion, Some(&catalog.rules[rule])),
                // Direct points move a score, not a rating.
                Effect::Points { .. } => return Vec::new(),
            },
        };
        catalog
            .each_strategy()
            .filter(|&s| {
                let below = chain(&catalog.strategies, s);
                rule.map_or(below.contains(&target), |r| r.reaches(target, &below))
            })
            .map(|s| (s, criterion))
            .collect()
    }

    /// The number as a person finds it: `container ratings.cost`, `rule
    /// state-on-the-instance: effects.serverless.scalability`.
    pub(crate) fn label(self, catalog: &Catalog) -> String {
        match self {
            Param::Rating {
                strategy,
                criterion,
            } => format!("{} ratings.{criterion}", catalog.strategies[strategy].id),
            Param::Delta {
                strategy,
                criterion,
            } => format!("{} delta.{criterion}", catalog.strategies[strategy].id),
            Param::Effect { rule, effect } => {
                let r = &catalog.rules[rule];
                let e = r.effects[effect];
                let (s, what) = (e.strategy(), e.key());
                format!("rule {}: effects.{}.{what}", r.id, catalog.strategies[s].id)
            }
        }
    }

    /// The path to the number in a rules file: the list and the id of its
    /// entry, then the keys below it.
    fn path(self, catalog: &Catalog) -> (&'static str, String, Vec<String>) {
        match self {
            Param::Rating {
                strategy,
                criterion,
            } => (
                "strategies",
                catalog.strategies[strategy].id.clone(),
                vec!["ratings".into(), criterion.name().into()],
            ),
            Param::Delta {
                strategy,
                criterion,
            } => (
                "strategies",
                catalog.strategies[strategy].id.clone(),
                vec!["delta".into(), criterion.name().into()],
            ),
            Param::Effect { rule, effect } => {
                let r = &catalog.rules[rule];
                let e = r.effects[effect];
                let (s, what) = (e.strategy(), e.key());
                (
                    "rules",
                    r.id.clone(),
                    vec![
                        "effects".into(),
                        catalog.strategies[s].id.clone(),
                        what.into(),
                    ],
                )
            }
        }
    }
}

/// The file beside a catalog's rules that keeps its hand-set magnitudes:
/// the numbers its authors set from the sources, before any fit. The
/// rules files hold the fitted numbers; a fit starts from, and is pulled
/// toward, these, so fitting twice gives the same numbers and a test can
/// re-run the fit and compare. Plain `label = number` lines (not YAML, so
/// the rules loader leaves it alone), one per magnitude, in catalog order.
pub(crate) const HAND_SET_FILE: &str = "hand-set.txt";

/// The built-in catalog's hand-set magnitudes (`rules/hand-set.txt`).
pub(crate) const BUILTIN_HAND_SET: &str = include_str!("../../../rules/hand-set.txt");

/// `catalog`'s magnitudes as a hand-set file.
pub(crate) fn hand_set_text(catalog: &Catalog) -> String {
    let mut out = String::from(
        "# The hand-set magnitudes of this catalog: each number as its authors set\n\
         # it from its source, before `advise calibrate --fit` moved it. The rules\n\
         # files hold the fitted numbers; a fit starts from and is pulled toward\n\
         # these. Written by `advise calibrate --fit --write` when absent, and\n\
         # again when the catalog gains a number it does not list (a new rule's,\n\
         # taken as the rules file sets it); edit a number here (and re-run the\n\
         # fit) to change what a rule is anchored to.\n",
    );
    for p in params(catalog) {
        out.push_str(&format!(
            "{} = {}\n",
            p.label(catalog),
            format_number(p.value(catalog).abs())
        ));
    }
    out
}

/// Reads a hand-set file: each magnitude by its label. A line that is not
/// `label = number` is an error at its line; a label the catalog no longer
/// has is ignored (its rule is gone), and a magnitude the file does not
/// list keeps its number from the rules files (a rule added since).
pub(crate) fn read_hand_set(name: &str, text: &str) -> Result<Vec<(String, f64)>, Diagnostics> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.rsplit_once(" = ").and_then(|(label, number)| {
            let n: f64 = number.trim().parse().ok()?;
            (n.is_finite() && n >= 0.0).then(|| (label.trim().to_owned(), n))
        });
        match parsed {
            Some(entry) => out.push(entry),
            None => problems.push(
                Diagnostic::new(
                    name,
                    "",
                    Loc {
                        line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        col: 1,
                    },
                    format!(
                        "`{}` is not a hand-set magnitude",
                        crate::text::escape::visible(&line.chars().take(120).collect::<String>())
                    ),
                )
                .help("write `LABEL = NUMBER`, e.g. `container ratings.cost = 6` (a magnitude: 0 or more)"),
            ),
        }
    }
    match problems.is_empty() {
        true => Ok(out),
        false => Err(Diagnostics(problems)),
    }
}

/// `catalog` with every magnitude the hand-set file lists set to its
/// hand-set number (its sign kept from the rules files).
pub(crate) fn with_hand_set(catalog: &Catalog, hand: &[(String, f64)]) -> Catalog {
    let mut out = catalog.clone();
    for p in params(catalog) {
        let label = p.label(catalog);
        if let Some((_, m)) = hand.iter().find(|(l, _)| *l == label) {
            p.set(&mut out, *m);
        }
    }
    out
}

/// Every layered strategy's ratings: its base's plus its delta (bases first).
fn resolve_layers(catalog: &mut Catalog) {
    let mut order: Vec<StrategyId> = catalog.each_strategy().collect();
    order.sort_by_key(|&s| (chain(&catalog.strategies, s).len(), s));
    for s in order {
        if let (Some(base), Some(delta)) =
            (catalog.strategies[s].base(), catalog.strategies[s].delta)
        {
            let below = catalog.strategies[base].ratings;
            catalog.strategies[s].ratings = std::array::from_fn(|c| below[c] + delta[c]);
        }
    }
}

/// Rules files, each parsed once into its located tree, to find where
/// each number is written.
pub(crate) struct Files<'a> {
    files: &'a [(String, String)],
    trees: Vec<Option<Node>>,
}

impl<'a> Files<'a> {
    pub(crate) fn new(files: &'a [(String, String)]) -> Files<'a> {
        let trees = files
            .iter()
            .map(|(_, text)| yaml::parse(text).ok().flatten())
            .collect();
        Files { files, trees }
    }

    /// Where a param's number is written: the file (by index) and its
    /// place there. A strategy is found in whichever file defines it, a
    /// rule in the file the catalog read it from.
    pub(crate) fn locate(&self, param: Param, catalog: &Catalog) -> Option<(usize, Loc)> {
        let (list, id, keys) = param.path(catalog);
        let candidates: Vec<usize> = match param {
            Param::Effect { rule, .. } => self
                .files
                .iter()
                .position(|(name, _)| *name == catalog.rules[rule].file)
                .into_iter()
                .collect(),
            _ => (0..self.files.len()).collect(),
        };
        candidates.into_iter().find_map(|f| {
            let entries = map(self.trees[f].as_ref()?)?;
            let Value::Seq(items) = &entries.iter().find(|e| e.key == list)?.value.value else {
                return None;
            };
            let item = items.iter().find(|i| {
                map(i)
                    .and_then(|m| m.iter().find(|e| e.key == "id"))
                    .is_some_and(|e| e.value.value == Value::Str(id.clone()))
            })?;
            let mut node = item;
            for key in &keys {
                node = &map(node)?.iter().find(|e| e.key == *key)?.value;
            }
            matches!(node.value, Value::Int(_) | Value::Float(_)).then_some((f, node.loc))
        })
    }
}

fn map(node: &Node) -> Option<&[yaml::Entry]> {
    match &node.value {
        Value::Map(entries) => Some(entries),
        _ => None,
    }
}

/// The rules files with each param's number replaced by its magnitude in
/// `catalog` (with its sign), in place: only the digits change, so
/// comments, order and layout stay. Files with nothing to change are left
/// out. An error names a number that cannot be found.
pub(crate) fn write(
    params: &[Param],
    catalog: &Catalog,
    files: &[(String, String)],
) -> Result<Vec<(String, String)>, Diagnostics> {
    // Per file: (line, column, new text), replaced last first so that an
    // earlier number on the same line keeps its column.
    let mut edits: Vec<Vec<(Loc, String)>> = vec![Vec::new(); files.len()];
    let mut problems = Vec::new();
    let parsed = Files::new(files);
    for &p in params {
        match parsed.locate(p, catalog) {
            Some((f, loc)) => edits[f].push((loc, format_number(p.value(catalog)))),
            None => problems.push(Diagnostic::new(
                "rules",
                "",
                Loc::default(),
                format!("cannot find where {} is written", p.label(catalog)),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let mut out = Vec::new();
    for ((name, text), mut list) in files.iter().zip(edits) {
        list.sort_by_key(|(loc, _)| std::cmp::Reverse(*loc));
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
        let mut changed = false;
        for (loc, number) in list {
            let line = &mut lines[loc.line as usize - 1];
            let start: usize = line
                .char_indices()
                .nth(loc.col as usize - 1)
                .map_or(line.len(), |(i, _)| i);
            let len = line[start..]
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
                .unwrap_or(line.len() - start);
            let old: Option<f64> = line[start..start + len].parse().ok();
            if old != number.parse().ok() {
                line.replace_range(start..start + len, &number);
                changed = true;
            }
        }
        if changed {
            out.push((name.clone(), lines.concat()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Measure;

    #[test]
    fn tiers_of_one_fact_are_ordered_as_hand_set() {
        // container-step-no-skills, -some-skills and -skilled are tiers of
        // the team's container skills: the less skill, the larger the step.
        let catalog = with_hand_set(
            &Catalog::builtin(),
            &read_hand_set("hand-set.txt", BUILTIN_HAND_SET).unwrap(),
        );
        let params = params(&catalog);
        let tiers = tiers(&catalog, &params);
        let index = |label: &str| {
            params
                .iter()
                .position(|p| p.label(&catalog) == label)
                .unwrap_or_else(|| panic!("{label} is not fitted"))
        };
        let some = index("rule container-step-some-skills: effects.container.delivery_speed");
        let none = index("rule container-step-no-skills: effects.container.delivery_speed");
        let skilled = index("rule container-step-skilled: effects.container.delivery_speed");
        let mut of_some = tiers[some].clone();
        of_some.sort();
        let mut expected = vec![(none, Ordering::Less), (skilled, Ordering::Greater)];
        expected.sort();
        assert_eq!(of_some, expected);
        // A criterion only one rule of the fact moves has no tier.
        let own = index("rule container-step-no-skills: effects.container.operability");
        assert!(tiers[own].is_empty());
        // Ratings are not tiers.
        assert!(tiers[0].is_empty());
    }

    #[test]
    fn the_fit_leaves_alone_the_ratings_the_estimate_prices() {
        // rules/cost.yaml prices cost from the estimate, so the model check
        // needs every base rated alike on cost: a fit moving one of them
        // would write a catalog that does not load.
        let catalog = Catalog::builtin();
        let priced = catalog
            .rules
            .iter()
            .filter_map(|r| r.estimate)
            .any(|e| e.measure == Measure::CostDoublings && e.criterion == Criterion::Cost);
        assert!(priced, "the built-in catalog prices cost from the estimate");
        let moves_cost_rating = params(&catalog).into_iter().any(|p| {
            matches!(
                p,
                Param::Rating {
                    criterion: Criterion::Cost,
                    ..
                }
            )
        });
        assert!(!moves_cost_rating);
        assert!(
            params(&catalog)
                .iter()
                .any(|p| matches!(p, Param::Rating { .. }))
        );
    }

    const STRATEGIES: &str = "# the strategies
strategies:
  - {id: base, name: B, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}
  - id: top
    name: T
    summary: s
    source: x
    builds_on: [base]
    delta: { cost: -2, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: 0 }
";
    const RULES: &str = "rules:
  - id: gpu-helps-base
    title: t
    why: w
    source: s
    message: m
    when: {eq: {field: workload.gpu, value: true}}
    effects:
      base: { performance: 2, cost: -1 }   # a comment that stays
";

    fn catalog() -> (Catalog, Vec<(String, String)>) {
        let files = vec![
            ("s.yaml".to_owned(), STRATEGIES.to_owned()),
            ("r.yaml".to_owned(), RULES.to_owned()),
        ];
        (Catalog::from_files(&files).unwrap(), files)
    }

    #[test]
    fn the_numbers_a_fit_may_move_keep_their_signs() {
        let (mut c, _) = catalog();
        let all = params(&c);
        // 8 ratings of `base`, the one non-zero delta of `top`, two effects.
        assert_eq!(all.len(), 11);
        let delta = all[8];
        assert_eq!(delta.value(&c), -2.0);
        delta.set(&mut c, 3.0);
        assert_eq!(delta.value(&c), -3.0);
        assert_eq!(delta.bounds(&c), (STEP, MAX_SHIFT));
        // The layer's ratings follow its base and its delta.
        assert_eq!(c.strategies[1].ratings[Criterion::Cost.index()], 2.0);
        let rating = all[0];
        rating.set(&mut c, 7.0);
        assert_eq!(c.strategies[1].ratings[Criterion::Cost.index()], 4.0);
        // A rating moves the layers built on it too.
        assert_eq!(
            rating.moves(&c),
            [
                (StrategyId::new(0), Criterion::Cost),
                (StrategyId::new(1), Criterion::Cost)
            ]
        );
        let cost_effect = all[9];
        assert_eq!(
            cost_effect.label(&c),
            "rule gpu-helps-base: effects.base.cost"
        );
        cost_effect.set(&mut c, 0.5);
        assert_eq!(cost_effect.value(&c), -0.5);
        assert_eq!(cost_effect.bounds(&c), (STEP, MAX_SHIFT));
    }

    #[test]
    fn moved_numbers_are_written_in_place_and_read_back() {
        let (mut c, files) = catalog();
        let all = params(&c);
        all[1].set(&mut c, 6.25); // base ratings.operability
        all[8].set(&mut c, 1.5); // top delta.cost
        all[10].set(&mut c, 2.75); // base performance effect
        let written = write(&all, &c, &files).unwrap();
        assert_eq!(written.len(), 2);
        let s = &written[0].1;
        assert!(s.starts_with("# the strategies\n"), "{s}");
        assert!(
            s.contains("ratings: {cost: 5, operability: 6.25, scalability: 5,"),
            "{s}"
        );
        assert!(s.contains("delta: { cost: -1.5, operability: 0,"), "{s}");
        let r = &written[1].1;
        assert!(
            r.contains("      base: { performance: 2.75, cost: -1 }   # a comment that stays\n"),
            "{r}"
        );
        // The written files load into the catalog that was written.
        let back = Catalog::from_files(&written).unwrap();
        for p in all {
            assert_eq!(p.value(&back), p.value(&c), "{}", p.label(&c));
        }
    }

    #[test]
    fn every_number_of_the_built_in_catalog_is_found_where_it_is_written() {
        let c = Catalog::builtin();
        let files: Vec<(String, String)> = crate::domain::catalog::BUILTIN
            .iter()
            .map(|f| (f.name.to_owned(), f.yaml.to_owned()))
            .collect();
        let parsed = Files::new(&files);
        for p in params(&c) {
            let (f, loc) = parsed
                .locate(p, &c)
                .unwrap_or_else(|| panic!("{}", p.label(&c)));
            let line = files[f].1.lines().nth(loc.line as usize - 1).unwrap();
            let at: String = line.chars().skip(loc.col as usize - 1).collect();
            let written: f64 = at
                .split(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '-'))
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(
                written,
                p.value(&c),
                "{} at {}:{loc}",
                p.label(&c),
                files[f].0
            );
        }
    }

    #[test]
    fn nothing_moved_writes_nothing() {
        let (c, files) = catalog();
        assert!(write(&params(&c), &c, &files).unwrap().is_empty());
    }
}
