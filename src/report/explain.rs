//! Documentation served from the catalog itself: `advise explain STRATEGY`,
//! `advise explain RULE`, `advise rules`, and the generated `docs/rules.md`.
//! Like ruff's `rule` command: what it checks, why, its effect, its source,
//! and an example that fires it.

use serde::Serialize;

use crate::domain::catalog::{Catalog, Effect, Rule, StrategyId};
use crate::domain::catalog::{FromEstimate, Measure};
use crate::domain::fields::{self, FieldValue};
use crate::domain::profile::Profile;
use crate::report::serial::json;
use crate::report::view::signed;
use crate::text::escape::{self, markdown, visible};
use crate::text::wrap::{display_width, fit, wrap};

// Every text of a catalog but its ids (kebab-case, checked at load) may
// come from someone else's rule pack: the terminal views show it through
// `escape::visible`, the reference page through `escape::markdown`.

/// Every rule on one line (`advise rules`), where it fits; else the title
/// under its id, indented.
pub(crate) fn rules_table(catalog: &Catalog, width: usize) -> String {
    let id_width = catalog.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &catalog.rules {
        let rest = format!(
            "{}  [{}]",
            visible(&r.title),
            affected(r, catalog).join(", ")
        );
        if id_width + 2 + display_width(&rest) <= width {
            out.push_str(&format!("{:id_width$}  {rest}\n", r.id));
        } else {
            out.push_str(&format!("{}\n    {}\n", r.id, wrap(&rest, width, 4)));
        }
    }
    out.push_str(&format!(
        "{} rules; `advise explain RULE` tells more.\n",
        catalog.rules.len()
    ));
    fit(&out, width)
}

/// Every rule as a JSON array (`advise rules --format json`).
pub(crate) fn rules_json(catalog: &Catalog) -> String {
    json(
        &catalog
            .rules
            .iter()
            .map(|r| RuleJson::new(r, catalog))
            .collect::<Vec<_>>(),
    )
}

#[derive(Serialize)]
struct RuleJson {
    id: String,
    title: String,
    strategies: Vec<String>,
    when: String,
    blocks: Vec<String>,
    effects: Vec<String>,
    message: String,
    why: String,
    source: String,
    file: String,
}

impl RuleJson {
    fn new(r: &Rule, catalog: &Catalog) -> RuleJson {
        RuleJson {
            id: r.id.clone(),
            title: r.title.clone(),
            strategies: affected(r, catalog),
            when: r.when.describe(),
            blocks: r
                .blocks
                .iter()
                .map(|&s| catalog.strategies[s].id.clone())
                .collect(),
            effects: effects(r, catalog),
            message: r.message.clone(),
            why: r.why.clone(),
            source: r.source.clone(),
            file: r.file.clone(),
        }
    }
}

/// Strategies a rule touches, in catalog order; a rule read from the
/// estimate touches every strategy.
fn affected(rule: &Rule, catalog: &Catalog) -> Vec<String> {
    if rule.estimate.is_some() {
        return vec!["every strategy, from the estimate".to_owned()];
    }
    let mut ids: Vec<StrategyId> = rule
        .blocks
        .iter()
        .copied()
        .chain(rule.effects.iter().map(|e| e.strategy()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|s| catalog.strategies[s].id.clone())
        .collect()
}

/// A rule's effects in words: its fixed effects, and the one it reads from
/// the estimate.
fn effects(rule: &Rule, catalog: &Catalog) -> Vec<String> {
    rule.effects
        .iter()
        .map(|e| {
            let text = describe_effect(*e, catalog);
            let withheld: Vec<&str> = match rule.inherit {
                true => Vec::new(),
                false => catalog
                    .layers_on(e.strategy())
                    .map(|s| catalog.strategies[s].id.as_str())
                    .collect(),
            };
            match withheld.is_empty() {
                true => text,
                false => format!("{text} (not inherited by {})", withheld.join(", ")),
            }
        })
        .chain(rule.estimate.map(describe_estimate))
        .collect()
}

/// `every strategy's cost -1 per doubling ..., down to -2.5`.
fn describe_estimate(e: FromEstimate) -> String {
    let per = match e.measure {
        Measure::CostDoublings => "per doubling of its monthly cost over the cheapest strategy's",
        Measure::LatencyShare => "per latency target it adds (times the share of the target)",
        Measure::CarbonDoublings => {
            "per doubling of its monthly emissions over the cleanest strategy's"
        }
    };
    let bound = if e.limit < 0.0 { "down to" } else { "up to" };
    format!(
        "every strategy's {} {} {per}, {bound} {}",
        e.criterion,
        signed(e.per_unit),
        signed(e.limit)
    )
}

fn describe_effect(effect: Effect, catalog: &Catalog) -> String {
    match effect {
        Effect::Shift {
            strategy,
            criterion,
            by,
        } => {
            format!(
                "{} {criterion} {}",
                catalog.strategies[strategy].id,
                signed(by)
            )
        }
        Effect::Points { strategy, by } => format!(
            "{} score {} points",
            catalog.strategies[strategy].id,
            signed(by)
        ),
    }
}

/// `advise explain ID`: a strategy or a rule.
/// `advise explain ID`, its paragraphs wrapped to `width` columns.
pub(crate) fn explain(
    id: &str,
    catalog: &Catalog,
    example: Option<&Profile>,
    width: usize,
) -> Result<String, String> {
    if let Some(s) = catalog.strategy(id) {
        return Ok(fit(&explain_strategy(s, catalog, width), width));
    }
    if let Some(rule) = catalog.rule(id) {
        return Ok(fit(&explain_rule(rule, catalog, example, width), width));
    }
    let names = catalog
        .strategies
        .iter()
        .map(|s| s.id.as_str())
        .chain(catalog.rules.iter().map(|r| r.id.as_str()));
    Err(match crate::text::hint::did_you_mean(id, names) {
        Some(near) => format!("`{id}` is neither a strategy nor a rule; did you mean `{near}`?"),
        None => format!("`{id}` is neither a strategy nor a rule; `advise rules` lists the rules"),
    })
}

/// A number with its sign, as a rating difference: `+1`, `-2`, `0`.
fn signed_number(x: f64) -> String {
    let n = crate::domain::fields::format_number(x);
    if x > 0.0 { format!("+{n}") } else { n }
}

fn bullets(items: &[String], width: usize) -> String {
    items
        .iter()
        .map(|i| format!("  - {}\n", wrap(&visible(i), width, 4)))
        .collect()
}

fn explain_strategy(s: StrategyId, catalog: &Catalog, width: usize) -> String {
    let st = &catalog.strategies[s];
    let mut out = format!(
        "{} ({})\n\n{}\n",
        visible(&st.name),
        st.id,
        wrap(&visible(&st.summary), width, 0)
    );
    if !st.builds_on.is_empty() {
        let bases: Vec<&str> = st
            .builds_on
            .iter()
            .map(|&b| catalog.strategies[b].id.as_str())
            .collect();
        out.push_str(&format!(
            "\nBuilds on: {}. It is scored as that base, with everything that applies to it (ratings, rules, blocks: ruled out whenever it is), plus its own delta and rules.\n",
            bases.join(", ")
        ));
    }
    out.push_str(&format!(
        "\nAdvantages:\n{}",
        bullets(&st.advantages, width)
    ));
    out.push_str(&format!(
        "\nDisadvantages:\n{}",
        bullets(&st.disadvantages, width)
    ));
    out.push_str(&format!("\nSuits:\n{}", bullets(&st.suits, width)));
    out.push_str("\nBaseline ratings (0-10):\n");
    for c in crate::domain::catalog::Criterion::ALL {
        match st.delta {
            Some(d) => out.push_str(&format!(
                "  {:15} {:<3} (own delta {})\n",
                c.name(),
                st.ratings[c.index()],
                signed_number(d[c.index()])
            )),
            None => out.push_str(&format!("  {:15} {}\n", c.name(), st.ratings[c.index()])),
        }
    }
    if !st.variants.is_empty() {
        out.push_str("\nVariants (the first that applies is named):\n");
        for v in &st.variants {
            out.push_str(&format!(
                "  {}: {}\n    {}\n",
                v.id,
                visible(v.name(None)),
                wrap(&visible(&v.describe_when()), width, 4)
            ));
        }
    }
    out.push_str(&format!("\nSource: {}\n", visible(&st.source)));
    let rules: Vec<&Rule> = catalog
        .rules
        .iter()
        .filter(|r| r.blocks.contains(&s) || r.effects.iter().any(|e| e.strategy() == s))
        .collect();
    let through_base = st.base().map_or(String::new(), |b| {
        format!(
            ", besides every rule on {} that reaches it",
            catalog.strategies[b].id
        )
    });
    out.push_str(&format!(
        "\nRules that affect it itself ({}{through_base}):\n",
        rules.len()
    ));
    for r in rules {
        let what: Vec<String> = r
            .blocks
            .iter()
            .filter(|&&b| b == s)
            .map(|_| "blocks".to_owned())
            .chain(
                r.effects
                    .iter()
                    .filter(|e| e.strategy() == s)
                    .map(|e| describe_effect(*e, catalog)),
            )
            .collect();
        if what.is_empty() {
            // Read from the estimate: it moves every strategy.
            continue;
        }
        out.push_str(&format!("  {}: {}\n", r.id, what.join(", ")));
    }
    out
}

fn explain_rule(rule: &Rule, catalog: &Catalog, example: Option<&Profile>, width: usize) -> String {
    // Paragraphs indented by two and wrapped to the terminal report's width.
    let para = |text: &str| wrap(&visible(text), width, 2);
    let mut out = format!("{}: {}\n\n", rule.id, visible(&rule.title));
    out.push_str(&format!(
        "What it checks:\n  {}\n\n",
        para(&rule.when.describe())
    ));
    if let Some(f) = rule.fact {
        out.push_str(&format!(
            "The fact it counts:\n  {} (one fact moves each strategy through one rule at most)\n\n",
            crate::domain::fields::get(f).path
        ));
    }
    out.push_str(&format!("Why it matters:\n  {}\n\n", para(&rule.why)));
    out.push_str("Effect when it fires:\n");
    for &b in &rule.blocks {
        out.push_str(&format!("  rules out {}\n", catalog.strategies[b].id));
    }
    for e in effects(rule, catalog) {
        out.push_str(&format!("  {}\n", wrap(&e, width, 2)));
    }
    for (st, says) in &rule.says {
        out.push_str(&format!(
            "\nFor {}:\n  {}\n",
            catalog.strategies[*st].id,
            para(says)
        ));
    }
    out.push_str(&format!(
        "\nMessage:\n  {}\n\nSource:\n  {}\n\nDefined in: {}:{}\n",
        para(&rule.message),
        para(&rule.source),
        visible(&rule.file),
        rule.line
    ));
    match example {
        Some(p) => {
            out.push_str("\nAn example profile that fires it:\n");
            out.push_str(&example_yaml(p));
        }
        None => out.push_str(
            "\nNo single profile of a few fields fires it (its condition may be contradictory).\n",
        ),
    }
    out
}

/// A profile's stated fields as YAML, grouped by section.
pub(crate) fn example_yaml(profile: &Profile) -> String {
    let mut out = String::new();
    for section in fields::SECTIONS {
        let stated: Vec<String> = fields::in_section(section)
            .filter(|(id, _)| profile.is_stated(*id))
            .map(|(id, f)| {
                let value = match profile.get(id) {
                    Some(FieldValue::Num(x)) => fields::format_number(*x),
                    Some(v) => v.to_string(),
                    None => String::new(),
                };
                format!("    {}: {}\n", f.section_and_key().1, visible(&value))
            })
            .collect();
        if !stated.is_empty() {
            out.push_str(&format!("  {section}:\n{}", stated.concat()));
        }
    }
    if out.is_empty() {
        "  {}   # the generic profile fires it\n".into()
    } else {
        out
    }
}

/// `docs/rules.md`: the whole catalog as a reference page.
pub(crate) fn reference(catalog: &Catalog) -> String {
    let mut out = String::from(
        "# Rules reference\n\nGenerated from the built-in catalog by `advise rules --format markdown`; do not edit by hand.\n\n## Strategies\n\n",
    );
    for s in &catalog.strategies {
        let ratings: Vec<String> = crate::domain::catalog::Criterion::ALL
            .iter()
            .map(|c| format!("{c} {}", s.ratings[c.index()]))
            .collect();
        out.push_str(&format!(
            "### `{}`: {}\n\n{}\n\n- Baseline ratings: {}\n",
            s.id,
            markdown(&s.name),
            markdown(&s.summary),
            ratings.join(", ")
        ));
        if let Some(d) = s.delta {
            let delta: Vec<String> = crate::domain::catalog::Criterion::ALL
                .iter()
                .map(|c| format!("{c} {}", signed_number(d[c.index()])))
                .collect();
            out.push_str(&format!("- Own delta on its base: {}\n", delta.join(", ")));
        }
        for v in &s.variants {
            out.push_str(&format!(
                "- Variant `{}`: {} ({})\n",
                v.id,
                markdown(v.name(None)),
                markdown(&v.describe_when())
            ));
        }
        if !s.builds_on.is_empty() {
            let bases: Vec<&str> = s
                .builds_on
                .iter()
                .map(|&b| catalog.strategies[b].id.as_str())
                .collect();
            out.push_str(&format!("- Builds on: {}\n", bases.join(", ")));
        }
        out.push_str(&format!("- Source: {}\n\n", markdown(&s.source)));
    }
    out.push_str(&format!("## Rules ({})\n\n", catalog.rules.len()));
    for r in &catalog.rules {
        out.push_str(&format!("### `{}`\n\n**{}**\n\n", r.id, markdown(&r.title)));
        out.push_str(&format!("- When: {}\n", markdown(&r.when.describe())));
        for &b in &r.blocks {
            out.push_str(&format!("- Rules out: `{}`\n", catalog.strategies[b].id));
        }
        let effects = effects(r, catalog);
        if !effects.is_empty() {
            out.push_str(&format!("- Effects: {}\n", markdown(&effects.join("; "))));
        }
        out.push_str(&format!(
            "- Message: {}\n- Why: {}\n- Source: {}\n\n",
            markdown(&r.message),
            markdown(&r.why),
            markdown(&r.source)
        ));
    }
    // A summary is a paragraph of its own: never a CI command.
    escape::line_starts(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_has_an_example_that_fires_it() {
        let catalog = Catalog::builtin();
        for (i, rule) in catalog.each_rule().zip(&catalog.rules) {
            let p = crate::analysis::sensitivity::example(rule)
                .unwrap_or_else(|| panic!("no example fires {}", rule.id));
            let fired = crate::analysis::engine::evaluate(&p, &catalog).fired;
            assert!(fired.contains(&i), "{}", rule.id);
        }
    }

    #[test]
    fn explain_knows_strategies_and_rules_and_suggests_near_misses() {
        let catalog = Catalog::builtin();
        assert!(
            explain("serverless", &catalog, None, 80)
                .unwrap()
                .contains("Baseline ratings")
        );
        let rule = &catalog.rules[0];
        assert!(
            explain(&rule.id, &catalog, None, 80)
                .unwrap()
                .contains(&rule.source)
        );
        assert!(
            explain("serverles", &catalog, None, 80)
                .unwrap_err()
                .contains("did you mean `serverless`?")
        );
    }

    /// No section of `advise explain RULE` is a heading with nothing under
    /// it (`explain monthly-cost` had an empty "Effect when it fires:").
    #[test]
    fn every_section_of_every_rule_has_a_body() {
        let catalog = Catalog::builtin();
        for rule in &catalog.rules {
            let example = crate::analysis::sensitivity::example(rule);
            let text = explain(&rule.id, &catalog, example.as_ref(), 80).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for pair in lines.windows(2) {
                let heading = pair[0].ends_with(':') && !pair[0].starts_with(' ');
                assert!(
                    !(heading && pair[1].trim().is_empty()),
                    "{}: `{}` is empty:\n{text}",
                    rule.id,
                    pair[0]
                );
            }
        }
        let rules = rules_table(&catalog, 80);
        assert!(!rules.contains("[]"), "{rules}");
    }

    #[test]
    fn the_committed_reference_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == reference(&Catalog::builtin()),
            "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
        );
    }
}
