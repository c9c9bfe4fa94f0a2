//! A hybrid system's page and its rankings as one SVG.

use super::charts::{Placement, Ranking, ranking_chart, ranking_table};
use super::parts::{
    POSITIVE, SVG_NAMESPACE, SVG_STYLE, h2, muted, num, number, packs, page, pair, rule_row,
    rules_table, table, td, th,
};
use crate::analysis::evaluated::System;
use crate::domain::catalog::{Catalog, RuleId};
use crate::report::markup::{At, el};
use crate::report::wire::AssessmentJson;

/// A hybrid system: the plan as a workload × strategy grid, why, and each
/// workload's ranking.
pub(crate) fn hybrid(h: &System, catalog: &Catalog) -> String {
    let name = &h.profile.name;
    let plan = &h.solution.best;
    let mut body = el("body").nl();
    body.push_line(el("h1").text(format!("advise: {name}")));
    body.push_line(
        el("p")
            .attr("class", "lead")
            .text(crate::report::hybrid::reason(h, catalog)),
    );
    packs(&mut body, catalog);
    body.push_line(h2("plan", "The plan: a strategy per workload"));
    body.push_line(muted("p", "Each cell is the workload's score on that strategy; ◆ marks the plan's choice, \"out\" a strategy a hard limit rules out."));
    let mut t = table(
        None,
        el("tr")
            .child(th("workload"))
            .children(catalog.strategies.iter().map(|st| num("th", &st.id))),
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
                    .attr("class", "num")
                    .attr("style", format!("background:{POSITIVE};color:#ffffff"))
                    .child(el("strong").text(format!("◆ {cell}")))
            } else {
                num("td", cell)
            }
        });
        let workload = el("a")
            .attr("href", format!("#workload-{i}"))
            .text(h.name(i));
        t.push_line(el("tr").child(el("th").child(workload)).children(cells));
    }
    body.push_line(t);
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        body.push_line(el("h2").attr("id", format!("workload-{i}")).text(h.name(i)));
        body.push_line(pair(
            ranking_chart(&j.ranking, &format!("rank-{i}"), Placement::Page),
            ranking_table(&j.ranking),
        ));
    }
    let mut t = rules_table(&mut body, "workloads");
    let mut seen: Vec<RuleId> = Vec::new();
    for w in &h.workloads {
        for &r in &w.assessment.fired {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    for r in seen {
        let on: Vec<&str> = (0..h.workloads.len())
            .filter(|&i| h.workloads[i].assessment.fired.contains(&r))
            .map(|i| h.name(i))
            .collect();
        t.push_line(rule_row(&catalog.rules[r], td(on.join(", "))));
    }
    body.push_line(t);
    page(&format!("advise: {name}"), body)
}

/// A hybrid system's rankings, one chart per workload, in one SVG.
pub(crate) fn hybrid_svg(h: &System, catalog: &Catalog) -> String {
    let mut svg = el("svg")
        .attr("xmlns", SVG_NAMESPACE)
        .nl()
        .child(el("style").css(SVG_STYLE))
        .nl();
    let mut y = 0.0;
    let mut width: f64 = 0.0;
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        width = width.max(Ranking::WIDTH);
        svg.push_line(
            el("text")
                .attr("x", 4)
                .attr("y", At(y + 14.0))
                .attr("font-weight", "bold")
                .text(h.name(i)),
        );
        let id = format!("rank-{i}");
        svg.push_line(ranking_chart(&j.ranking, &id, Placement::Below(y + 18.0)));
        y += Ranking::height(j.ranking.len()) + 24.0;
    }
    svg.attr("viewBox", format!("0 0 {width} {y}"))
        .attr("width", width)
        .attr("height", y)
        .attr("role", "img")
        .attr(
            "aria-label",
            format!("Each workload's ranking in {}", h.profile.name),
        )
        .xml_document()
}
