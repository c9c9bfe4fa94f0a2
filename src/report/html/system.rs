//! A hybrid system's page and its plan and rankings as one SVG.

use super::assessment::{effect_text, summary};
use super::charts::{Placement, Ranking, ranking_chart, ranking_table};
use super::parts::{
    SVG_NAMESPACE, h2, muted, name, num, number, packs, page, pair, prose, rule_cell, rules_table,
    source_cell, strategy_colour, svg_style, table, td, th, tr,
};
use crate::analysis::evaluated::System;
use crate::domain::catalog::{Catalog, RuleId};
use crate::report::hybrid::{ids, plan_figures, reason};
use crate::report::markup::{At, Element, el};
use crate::report::outline::outline;
use crate::report::wire::AssessmentJson;
use crate::text::escape;

/// The plan in one sentence: `4 workloads on 2 platforms: a and b on
/// container, c and d on serverless.`
fn plan_sentence(h: &System, catalog: &Catalog) -> String {
    let plan = &h.solution.best;
    let n = plan.platforms.len();
    let groups: Vec<String> = plan
        .platforms
        .iter()
        .map(|&p| {
            let on: Vec<&str> = (0..h.workloads.len())
                .filter(|&i| plan.assignments[i] == p)
                .map(|i| h.name(i))
                .collect();
            let on = match on.as_slice() {
                [] => String::new(),
                [one] => (*one).to_owned(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
            };
            format!("{on} on {}", catalog.strategies[p].id)
        })
        .collect();
    escape::visible(&format!(
        "{} workload{} on {n} platform{}: {}.",
        h.workloads.len(),
        if h.workloads.len() == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
        groups.join("; ")
    ))
    .into_owned()
}

/// A sentence's first letter in capitals.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Where a workload stands in the plan: on its own best strategy, or
/// overruled by the plan (and what it would have alone).
fn standing(h: &System, catalog: &Catalog, i: usize) -> (bool, String) {
    let plan = &h.solution.best;
    let a = &h.workloads[i].assessment;
    let (assigned, own) = (plan.assignments[i], a.winner().strategy);
    if !plan.feasible && !a.scored(assigned).eligible {
        (true, "ruled out everywhere".into())
    } else if own == assigned {
        (false, "its own best".into())
    } else {
        (
            true,
            format!(
                "overruled by the plan: alone it would be {} ({})",
                catalog.strategies[own].id,
                number(a.scored(own).score)
            ),
        )
    }
}

/// The system's summary card: the plan in a sentence, why, its money,
/// fit and upkeep, the one-platform alternative, and the workloads the
/// plan keeps off their own best strategy.
fn system_card(h: &System, catalog: &Catalog) -> Element {
    let s = &h.solution;
    let mut dl = el("dl").nl();
    let mut row = |term: &str, value: Element| {
        dl.push_line(el("dt").text(term));
        dl.push_line(value);
    };
    row(
        "Why",
        prose(
            el("dd"),
            &escape::visible(&format!("{}.", capitalised(&reason(h, catalog)))),
        ),
    );
    if let Some(m) = s.best.monthly {
        let mut text = format!(
            "{} a month for the plan (control planes paid once)",
            crate::text::money::dollars(m)
        );
        if let Some(single) = s.single.as_ref().filter(|x| **x != s.best)
            && let Some(one) = single.monthly
        {
            text.push_str(&format!(
                " against {} on {} alone",
                crate::text::money::dollars(one),
                ids(&single.platforms, catalog)
            ));
        }
        if let Some(first) = h.workloads.first() {
            text.push_str(&format!(
                "; priced with {}",
                first.assessment.costing.estimate.prices
            ));
        }
        row("Costs", el("dd").text(escape::visible(&text)));
    }
    row(
        "Fit and upkeep",
        el("dd").text(plan_figures(&s.best, catalog)),
    );
    match &s.single {
        Some(single) if *single != s.best => row(
            "One platform",
            el("dd").text(format!(
                "{}: {}",
                ids(&single.platforms, catalog),
                plan_figures(single, catalog)
            )),
        ),
        Some(_) => row("One platform", el("dd").text("the plan is one platform")),
        None => row(
            "One platform",
            el("dd").text("none suits every workload (each is ruled out for some)"),
        ),
    }
    let overruled: Vec<(usize, String)> = (0..h.workloads.len())
        .filter_map(|i| {
            let (flag, text) = standing(h, catalog, i);
            flag.then_some((i, text))
        })
        .collect();
    let mut dd = el("dd");
    if overruled.is_empty() {
        dd.push_text("none: every workload is on its own best strategy");
    } else {
        let mut ul = el("ul").nl();
        for (i, text) in overruled {
            ul.push_line(
                el("li")
                    .child(
                        el("a")
                            .attr("href", format!("#workload-{i}"))
                            .child(name(h.name(i))),
                    )
                    .text(format!(": {text}")),
            );
        }
        dd.push(ul);
    }
    row("Overruled", dd);
    el("section")
        .attr("class", "card")
        .attr("id", "summary")
        .attr("aria-label", "Summary")
        .nl()
        .child(
            el("p")
                .attr("class", "lead")
                .text(plan_sentence(h, catalog)),
        )
        .nl()
        .child(dl)
        .nl()
}

/// A hybrid system: the plan in a sentence and its summary, the plan as a
/// workload × strategy grid, then each workload's summary and ranking.
pub(crate) fn hybrid(h: &System, catalog: &Catalog) -> String {
    let system = escape::visible(&h.profile.name);
    let plan = &h.solution.best;
    let mut body = el("body").nl();
    body.push_line(el("h1").text("advise: ").child(name(&system)));
    body.push_line(system_card(h, catalog));
    packs(&mut body, catalog);
    body.push_line(h2("plan", "The plan: a strategy per workload"));
    body.push_line(muted("p", "Each cell is the workload's score on that strategy; ◆ marks the plan's choice, \"out\" a strategy a hard limit rules out. The margin is the plan's choice against the workload's best other strategy (negative where the plan overrules the workload's own best)."));
    let mut t = table(
        None,
        el("tr")
            .child(th("workload"))
            .children(catalog.strategies.iter().map(|st| num("th", &st.id)))
            .child(num("th", "margin"))
            .child(th("note")),
    );
    for (i, w) in h.workloads.iter().enumerate() {
        let cells = catalog.each_strategy().map(|s| {
            let sc = w.assessment.scored(s);
            let cell = if sc.eligible {
                number(sc.score)
            } else {
                "out".into()
            };
            if plan.assignments[i] == s {
                el("td")
                    .attr("class", "num chosen")
                    .text(format!("◆ {cell}"))
            } else {
                num("td", cell)
            }
        });
        let workload = el("a")
            .attr("href", format!("#workload-{i}"))
            .child(name(h.name(i)));
        let (flag, note) = standing(h, catalog, i);
        let note = if flag {
            el("td").child(el("strong").text(note))
        } else {
            td(note)
        };
        t.push_line(
            el("tr")
                .child(el("th").child(workload))
                .children(cells)
                .child(num("td", h.margin(i).map_or("-".into(), signed_margin)))
                .child(note),
        );
    }
    body.push_line(t);
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        body.push_line(
            el("h2")
                .attr("id", format!("workload-{i}"))
                .text("Workload ")
                .child(name(h.name(i))),
        );
        body.push_line(summary(w, catalog, &outline(w, catalog, false)));
        body.push_line(pair(
            ranking_chart(&j.ranking, &format!("rank-{i}"), Placement::Page),
            ranking_table(&j.ranking),
        ));
    }
    fired(&mut body, h, catalog);
    page(&format!("advise: {system}"), body)
}

fn signed_margin(m: f64) -> String {
    format!("{m:+.2}")
}

/// Every rule that fired on some workload, one row per workload and
/// strategy it moves, in the words it has there.
fn fired(body: &mut Element, h: &System, catalog: &Catalog) {
    let mut t = rules_table(
        body,
        &["workload", "strategy", "what it says here", "effect"],
    );
    let mut seen: Vec<RuleId> = Vec::new();
    for w in &h.workloads {
        for &r in &w.assessment.fired {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    for r in seen {
        let rule = &catalog.rules[r];
        let mut rows: Vec<[Element; 4]> = Vec::new();
        for (i, w) in h.workloads.iter().enumerate() {
            for s in &w.assessment.ranking {
                for q in s.reasons.iter().filter(|q| q.rule == r) {
                    rows.push([
                        el("td").child(name(h.name(i))),
                        td(&catalog.strategies[s.strategy].id),
                        prose(el("td"), &escape::visible(&q.message)),
                        num("td", effect_text(q.kind, q.effect)),
                    ]);
                }
            }
        }
        if rows.is_empty() {
            rows.push([td("-"), td("-"), td(&rule.title), num("td", "no effect")]);
        }
        let span = rows.len().to_string();
        for (k, cells) in rows.into_iter().enumerate() {
            if k == 0 {
                t.push_line(
                    el("tr")
                        .attr("id", format!("rule-{}", rule.id))
                        .child(rule_cell(rule).attr("rowspan", span.as_str()))
                        .children(cells)
                        .child(source_cell(rule).attr("rowspan", span.as_str())),
                );
            } else {
                t.push_line(tr(cells));
            }
        }
    }
    body.push_line(t);
}

/// The plan drawn: one row per workload, one column per strategy, each
/// cell its score, the plan's choice outlined in the strategy's colour and
/// marked ◆.
fn plan_chart(h: &System, catalog: &Catalog, y0: f64) -> (Element, f64) {
    let (label, col, row) = (180.0, 130.0, 30.0);
    let mut g = el("g").nl();
    g.push_line(
        el("text")
            .attr("x", 4)
            .attr("y", At(y0 + 16.0))
            .attr("font-weight", "bold")
            .text(format!(
                "The plan: {} (◆)",
                plan_sentence(h, catalog)
                    .split(':')
                    .next()
                    .unwrap_or_default()
            )),
    );
    let top = y0 + 28.0;
    for (k, st) in catalog.strategies.iter().enumerate() {
        g.push(
            el("text")
                .attr("x", At(label + col * k as f64 + col / 2.0))
                .attr("y", At(top + 16.0))
                .attr("text-anchor", "middle")
                .text(&st.id),
        );
    }
    let plan = &h.solution.best;
    for (i, w) in h.workloads.iter().enumerate() {
        let y = top + row * (i as f64 + 1.0);
        g.push(
            el("text")
                .attr("x", At(label - 8.0))
                .attr("y", At(y + 19.0))
                .attr("text-anchor", "end")
                .text(h.name(i)),
        );
        for (k, s) in catalog.each_strategy().enumerate() {
            let sc = w.assessment.scored(s);
            let x = label + col * k as f64;
            let chosen = plan.assignments[i] == s;
            let shown = match (sc.eligible, chosen) {
                (false, _) => "out".to_owned(),
                (true, true) => format!("◆ {}", number(sc.score)),
                (true, false) => number(sc.score),
            };
            if chosen {
                g.push(
                    el("rect")
                        .attr("x", At(x + 4.0))
                        .attr("y", At(y + 2.0))
                        .attr("width", At(col - 8.0))
                        .attr("height", At(row - 4.0))
                        .attr("fill", "none")
                        .attr("stroke-width", 3)
                        .attr(
                            "style",
                            format!("stroke:{}", strategy_colour(&catalog.strategies[s].id)),
                        ),
                );
            }
            let mut text = el("text")
                .attr("x", At(x + col / 2.0))
                .attr("y", At(y + 19.0))
                .attr("text-anchor", "middle");
            if chosen {
                text = text.attr("font-weight", "bold");
            }
            g.push(text.text(shown));
        }
        g.push_line(el("title").text(format!(
            "{}: {}",
            h.name(i),
            catalog.strategies[plan.assignments[i]].id
        )));
    }
    (g, top + row * (h.workloads.len() as f64 + 1.0) + 8.0 - y0)
}

/// A hybrid system's plan, then each workload's ranking, in one SVG that
/// stands alone: its own style, and no link.
pub(crate) fn hybrid_svg(h: &System, catalog: &Catalog) -> String {
    let mut svg = el("svg")
        .attr("xmlns", SVG_NAMESPACE)
        .nl()
        .child(el("style").css(svg_style()))
        .nl();
    let (plan, mut y) = plan_chart(h, catalog, 0.0);
    svg.push_line(plan);
    y += 12.0;
    let width = Ranking::WIDTH.max(180.0 + 130.0 * catalog.strategies.len() as f64 + 8.0);
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        svg.push_line(
            el("text")
                .attr("x", 4)
                .attr("y", At(y + 16.0))
                .attr("font-weight", "bold")
                .text(format!("Workload {}", h.name(i))),
        );
        let id = format!("rank-{i}");
        svg.push_line(ranking_chart(&j.ranking, &id, Placement::Below(y + 22.0)));
        y += Ranking::height(j.ranking.len()) + 28.0;
    }
    let label = format!(
        "The plan for {} ({}) and each workload's ranking",
        h.profile.name,
        plan_sentence(h, catalog)
    );
    svg.attr("viewBox", format!("0 0 {width} {y}"))
        .attr("width", width)
        .attr("height", y)
        .attr("role", "img")
        .attr("aria-label", escape::visible(&label).into_owned())
        .xml_document()
}
