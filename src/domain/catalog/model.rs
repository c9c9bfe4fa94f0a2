//! What makes a catalog a sound scoring model, beyond being well formed:
//! checked whenever a catalog loads (the built-in one in the test suite), so
//! that double counting and runaway ratings cannot be written, not merely
//! happen to be absent.
//!
//! - **One profile fact, one effect.** Each rule is the effect of one
//!   profile field (its `fact`). Two rules of the same fact that move the
//!   same strategy themselves must have conditions that can never hold
//!   together (tiers of one fact, such as small, medium and large); and two
//!   rules that read any field in common may not shift the same criterion
//!   of the same strategy unless they are exclusive. Otherwise one fact
//!   would count twice. A layered strategy receives its base's effects
//!   through the layering, so only its own effects count here.
//! - **Ratings stay within 0-10.** For every strategy and criterion, the
//!   baseline plus the largest sum of shifts that rules able to fire together
//!   can give (along the chain of bases) stays within 0 to 10. So no profile
//!   can push a rating out of range, and no clamp is ever needed inside a
//!   sum: each rule's effect stays exactly attributable.
//! - **What the estimate prices is counted once.** A criterion an
//!   estimate-driven rule measures (`from_estimate`: money, added latency)
//!   is no layer's own delta, since the estimate gives the layer its own
//!   figure (a mesh's proxies, control plane and hop); and money, which the
//!   estimate prices for every strategy, is no base strategy's advantage:
//!   their ratings on it are equal.

use super::types::{Criterion, Rule, Strategy, StrategyId, chain};
use crate::domain::fields;
use crate::text::diag::Diagnostic;
use crate::text::yaml::Loc;

/// Every model problem of a catalog that is otherwise valid.
pub(crate) fn problems(strategies: &[Strategy], rules: &[Rule]) -> Vec<Diagnostic> {
    let mut out = double_counts(strategies, rules);
    out.extend(estimate_counted_again(strategies, rules));
    out.extend(rating_bounds(strategies, rules));
    out
}

/// Baselines and deltas that carry what an estimate-driven rule prices.
fn estimate_counted_again(strategies: &[Strategy], rules: &[Rule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for rule in rules {
        let Some(e) = rule.estimate else { continue };
        if seen.contains(&(e.criterion, e.measure)) {
            continue;
        }
        seen.push((e.criterion, e.measure));
        let c = e.criterion;
        let twice = |what: String, help: &str| {
            Diagnostic::new(
                &rule.file,
                "",
                at(rule),
                format!(
                    "{what}, which rule `{}` prices from the estimate: it would count twice",
                    rule.id
                ),
            )
            .help(help.to_owned())
        };
        for s in strategies {
            let own = s.delta.map_or(0.0, |d| d[c.index()]);
            if own != 0.0 {
                out.push(twice(
                    format!(
                        "`{}`'s own delta shifts {c} by {}",
                        s.id,
                        fields::format_number(own)
                    ),
                    "set that delta to 0: the estimate gives the layer its own figure",
                ));
            }
        }
        if e.measure.against_the_best() {
            let bases: Vec<&Strategy> = strategies.iter().filter(|s| s.delta.is_none()).collect();
            if bases
                .windows(2)
                .any(|w| w[0].ratings[c.index()] != w[1].ratings[c.index()])
            {
                let ratings: Vec<String> = bases
                    .iter()
                    .map(|s| format!("{} {}", s.id, fields::format_number(s.ratings[c.index()])))
                    .collect();
                out.push(twice(
                    format!(
                        "the strategies' baselines rate {c} differently ({})",
                        ratings.join(", ")
                    ),
                    "rate every strategy alike on it: the estimate prices what each costs",
                ));
            }
        }
    }
    out
}

fn at(rule: &Rule) -> Loc {
    Loc {
        line: rule.line,
        col: 5,
    }
}

fn double_counts(strategies: &[Strategy], rules: &[Rule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let fields: Vec<_> = rules.iter().map(|r| r.when.fields()).collect();
    for (j, later) in rules.iter().enumerate() {
        for (i, earlier) in rules.iter().enumerate().take(j) {
            let shared: Vec<_> = fields[j].iter().filter(|f| fields[i].contains(f)).collect();
            if shared.is_empty() || earlier.when.exclusive(&later.when) {
                continue;
            }
            for (s, strategy) in strategies.iter().enumerate() {
                let s = StrategyId::new(s);
                // A block counts no points: once it fires the strategy is
                // out, so a block and an effect of one fact count it once.
                let counts = |r: &Rule| r.touches(s) && !r.blocks.contains(&s);
                let same_fact = earlier.fact.is_some()
                    && earlier.fact == later.fact
                    && counts(earlier)
                    && counts(later);
                let same_criterion = Criterion::ALL
                    .into_iter()
                    .find(|&c| earlier.shift(s, c) != 0.0 && later.shift(s, c) != 0.0);
                let what = match (same_fact, same_criterion) {
                    (true, _) => format!(
                        "are both effects of `{}` on `{}`",
                        fields::get(later.fact.expect("same fact")).path,
                        strategy.id
                    ),
                    (false, Some(c)) => format!(
                        "both read `{}` and both shift `{}` on {c}",
                        fields::get(*shared[0]).path,
                        strategy.id
                    ),
                    (false, None) => continue,
                };
                out.push(
                    Diagnostic::new(
                        &later.file,
                        "",
                        at(later),
                        format!(
                            "rules `{}` and `{}` {what}, and they can fire together: one fact would count twice",
                            earlier.id, later.id
                        ),
                    )
                    .help(format!(
                        "merge them into one rule with one effect per strategy, or make their conditions exclusive (`{}` is at {}:{})",
                        earlier.id, earlier.file, earlier.line
                    )),
                );
            }
        }
    }
    out
}

fn rating_bounds(strategies: &[Strategy], rules: &[Rule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in (0..strategies.len()).map(StrategyId::new) {
        for c in Criterion::ALL {
            out.extend(rating_bounds_of(strategies, rules, s, c));
        }
    }
    out
}

/// The rating bound of one strategy on one criterion, as diagnostics: its
/// reach ([`rating_reach`]) outside 0-10.
fn rating_bounds_of(
    strategies: &[Strategy],
    rules: &[Rule],
    s: StrategyId,
    c: Criterion,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let strategy = &strategies[s];
    let base = strategy.ratings[c.index()];
    for (reach, found) in rating_reach(strategies, rules, s, c) {
        if !(0.0..=10.0).contains(&reach) {
            let set = &found.rules;
            let names: Vec<&str> = set.iter().map(|&r| rules[r].id.as_str()).collect();
            let last = &rules[*set.last().expect("a non-empty set passed the bound")];
            let how = if found.exact {
                ""
            } else {
                " (an upper bound: the exact search stopped after 100,000 steps)"
            };
            out.push(
                Diagnostic::new(
                    &last.file,
                    "",
                    at(last),
                    format!(
                        "`{}`'s rating on {c} can reach {}{how} (baseline {base} with {} firing together), outside 0 to 10",
                        strategy.id,
                        fields::format_number(reach),
                        names.join(", ")
                    ),
                )
                .help("make the shifts smaller, or the rules' conditions exclusive, so that no profile leaves 0-10"),
            );
        }
    }
    out
}

/// The highest and the lowest a strategy's rating on a criterion can reach,
/// each with the heaviest set of rules that may fire together to take it
/// there: the baseline plus every shift, its layers' included.
pub(crate) fn rating_reach(
    strategies: &[Strategy],
    rules: &[Rule],
    s: StrategyId,
    c: Criterion,
) -> [(f64, Cofiring); 2] {
    let chain = chain(strategies, s);
    let shifts: Vec<(usize, f64)> = rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            // An estimate-driven rule gives a layer its own figure in
            // all (its part is the difference from its base's).
            let total = match rule.estimate {
                Some(_) => rule.shift(s, c),
                None => chain
                    .iter()
                    .filter(|&&t| rule.reaches(t, &chain))
                    .map(|&t| rule.shift(t, c))
                    .sum::<f64>(),
            };
            (r, total)
        })
        .filter(|(_, by)| *by != 0.0)
        .collect();
    let base = strategies[s].ratings[c.index()];
    [1.0, -1.0].map(|sign| {
        let candidates: Vec<(usize, f64)> = shifts
            .iter()
            .filter(|(_, by)| by * sign > 0.0)
            .map(|&(r, by)| (r, by * sign))
            .collect();
        let found = heaviest_cofiring(rules, &candidates);
        (base + sign * found.total, found)
    })
}

/// Search steps allowed to [`heaviest_cofiring`] before it settles for its
/// upper bound: the exact question (the heaviest set of rules no two of
/// which are provably exclusive) is a maximum-weight clique, exponential in
/// general. 48 tiered rules on the eight priorities took 22 s with a plain
/// search; with the bound below they take one step per rule.
const SEARCH_STEPS: usize = 100_000;

/// The heaviest set of rules that may all fire together.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cofiring {
    /// Its total weight: exact when `exact`, else an upper bound.
    pub total: f64,
    /// The rules of the heaviest set found (the whole set when `exact`).
    pub rules: Vec<usize>,
    pub exact: bool,
}

/// The largest total weight of rules that may all fire together (no two
/// provably exclusive), and which rules make it. Rules are first grouped
/// so that the rules of one group are pairwise exclusive (a tier of one
/// priority per group, typically); a set that fires together takes at most
/// one rule of each group, so the sum of the groups' heaviest rules bounds
/// every set from above. When that bound cannot be reached, a
/// branch-and-bound search using the same bound finds the exact set, in at
/// most [`SEARCH_STEPS`] steps; past them the bound is reported (cautious,
/// never too small).
pub(crate) fn heaviest_cofiring(rules: &[Rule], candidates: &[(usize, f64)]) -> Cofiring {
    let mut sorted = candidates.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = sorted.len();
    let exclusive: Vec<Vec<bool>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| i != j && rules[sorted[i].0].when.exclusive(&rules[sorted[j].0].when))
                .collect()
        })
        .collect();
    // Greedy groups of pairwise exclusive rules, heaviest first.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of = vec![0; n];
    for i in 0..n {
        let home = groups
            .iter()
            .position(|g| g.iter().all(|&j| exclusive[i][j]));
        let g = match home {
            Some(g) => g,
            None => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        groups[g].push(i);
        group_of[i] = g;
    }
    let bound = |rest: &[usize]| -> f64 {
        let mut best = vec![0.0_f64; groups.len()];
        for &i in rest {
            best[group_of[i]] = best[group_of[i]].max(sorted[i].1);
        }
        best.iter().sum()
    };

    struct Search<'a> {
        exclusive: &'a [Vec<bool>],
        weight: Vec<f64>,
        steps: usize,
        best: (f64, Vec<usize>),
    }
    fn search(
        s: &mut Search,
        bound: &dyn Fn(&[usize]) -> f64,
        rest: &[usize],
        chosen: &mut Vec<usize>,
        sum: f64,
    ) {
        s.steps += 1;
        if sum > s.best.0 {
            s.best = (sum, chosen.clone());
        }
        if s.steps > SEARCH_STEPS || sum + bound(rest) <= s.best.0 {
            return;
        }
        for (k, &i) in rest.iter().enumerate() {
            let next: Vec<usize> = rest[k + 1..]
                .iter()
                .copied()
                .filter(|&j| !s.exclusive[i][j])
                .collect();
            chosen.push(i);
            let w = s.weight[i];
            search(s, bound, &next, chosen, sum + w);
            chosen.pop();
            if s.steps > SEARCH_STEPS {
                return;
            }
        }
    }
    let all: Vec<usize> = (0..n).collect();
    let upper = bound(&all);
    let mut s = Search {
        exclusive: &exclusive,
        weight: sorted.iter().map(|c| c.1).collect(),
        steps: 0,
        best: (0.0, Vec::new()),
    };
    search(&mut s, &bound, &all, &mut Vec::new(), 0.0);
    let exact = s.steps <= SEARCH_STEPS;
    let mut chosen: Vec<usize> = s.best.1.iter().map(|&i| sorted[i].0).collect();
    chosen.sort_unstable();
    Cofiring {
        total: if exact { s.best.0 } else { upper },
        rules: chosen,
        exact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;

    #[test]
    fn a_layer_s_reach_leaves_out_what_it_does_not_inherit() {
        let files = |inherit: &str| {
            let text = format!(
                "strategies:
  - {{id: a, name: A, summary: s, source: x, ratings: {{cost: 5, operability: 5, scalability: 8, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}}}
  - {{id: b, name: B, summary: s, source: x, builds_on: [a], delta: {{cost: 0, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: 0}}}}
rules:
  - {{id: gpu-helps-a, title: t, why: w, source: s, message: m, when: {{eq: {{field: workload.gpu, value: true}}}}, effects: {{a: {{scalability: 2}}, b: {{scalability: 2}}}}, says: {{a: x, b: y}}{inherit}}}
"
            );
            Catalog::from_files(&[("c.yaml".to_owned(), text)])
        };
        // Inherited, the layer would take both shifts: 8 + 2 + 2.
        let err = files("").unwrap_err().to_string();
        assert!(
            err.contains("`b`'s rating on scalability can reach 12"),
            "{err}"
        );
        assert!(files(", inherit: false").is_ok());
    }

    #[test]
    fn a_baseline_or_delta_carrying_what_the_estimate_prices_is_refused() {
        let catalog = Catalog::builtin();
        assert!(problems(&catalog.strategies, &catalog.rules).is_empty());
        let id = |name: &str| {
            catalog
                .strategies
                .iter()
                .position(|s| s.id == name)
                .unwrap()
        };
        // The mesh's proxies priced again as a cost delta.
        let mut strategies = catalog.strategies.clone();
        let mesh = id("service-mesh");
        strategies[mesh].delta.as_mut().unwrap()[Criterion::Cost.index()] = -2.0;
        let found = problems(&strategies, &catalog.rules);
        assert!(
            found.iter().any(|d| d
                .message
                .contains("`service-mesh`'s own delta shifts cost by -2")
                && d.message.contains("`monthly-cost`")),
            "{found:?}"
        );
        // Functions' idle savings counted again as a cheaper baseline.
        let mut strategies = catalog.strategies.clone();
        strategies[id("serverless")].ratings[Criterion::Cost.index()] = 7.0;
        let found = problems(&strategies, &catalog.rules);
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("baselines rate cost differently")),
            "{found:?}"
        );
    }
}
