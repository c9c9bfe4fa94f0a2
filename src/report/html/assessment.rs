//! The report of one profile: its ranking, heat map, costs, latency,
//! notes and the rules that fired.

use super::charts::{Placement, bar_chart, contributions, ranking_chart, ranking_table, sweep};
use super::parts::{
    code, h2, money, muted, num, packs, page, pair, rule_row, rules_table, table, td, th, tr,
};
use crate::analysis::carbon;
use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::domain::fields::format_number;
use crate::report::markup::{Element, el};
use crate::report::wire::AssessmentJson;

/// The report of one profile.
pub(crate) fn assessment(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, true);
    let o = crate::report::outline::outline(e, catalog, false);
    let mut body = el("body").nl();
    body.push_line(el("h1").text(&o.title));
    body.push_line(el("p").attr("class", "lead").text(&o.headline));
    packs(&mut body, catalog);
    body.push_line(h2("ranking", "Ranking, and what made each score"));
    body.push_line(pair(
        ranking_chart(&j.ranking, "rank", Placement::Page),
        ranking_table(&j.ranking),
    ));
    body.push_line(muted("p", "Each bar starts with the strategy's baseline (grey: its ratings under your priorities); blue segments are rules that add points, vermilion segments below are rules that take points away; the black tick is the score. Each segment links to its rule below; the next chart names them."));
    body.push_line(h2("contributions", "Each rule's contribution"));
    body.push_line(contributions(&j.ranking));
    heat_map(&mut body, &j);
    costs(&mut body, e, catalog, &j);
    latency(&mut body, &j);
    notes(&mut body, &j);
    fired(&mut body, e, catalog);
    page(&format!("advise: {}", o.title), body)
}

/// The ranking chart alone, as a standalone SVG document.
pub(crate) fn ranking_svg(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, false);
    ranking_chart(&j.ranking, "rank", Placement::File).xml_document()
}

/// Cividis, a sequential ramp readable with every colour-vision deficiency.
fn cividis(t: f64) -> (String, &'static str) {
    const STOPS: [(f64, [u8; 3]); 5] = [
        (0.0, [0x00, 0x20, 0x4D]),
        (0.25, [0x41, 0x4D, 0x6B]),
        (0.5, [0x7C, 0x7B, 0x78]),
        (0.75, [0xBC, 0xAF, 0x6F]),
        (1.0, [0xFF, 0xEA, 0x46]),
    ];
    let t = t.clamp(0.0, 1.0);
    let k = STOPS
        .iter()
        .rposition(|(at, _)| *at <= t)
        .unwrap_or(0)
        .min(3);
    let ((a, ca), (b, cb)) = (STOPS[k], STOPS[k + 1]);
    let f = (t - a) / (b - a);
    let mix =
        |i: usize| (f64::from(ca[i]) + (f64::from(cb[i]) - f64::from(ca[i])) * f).round() as u8;
    let (r, g, bl) = (mix(0), mix(1), mix(2));
    let text = if t < 0.55 { "#ffffff" } else { "#000000" };
    (format!("#{r:02X}{g:02X}{bl:02X}"), text)
}

fn heat_map(body: &mut Element, j: &AssessmentJson) {
    let Some(breakdown) = &j.breakdown else {
        return;
    };
    let Some(first) = breakdown.first() else {
        return;
    };
    body.push_line(h2("ratings", "Ratings by criterion"));
    body.push_line(muted("p", "Each cell is a strategy's rating (0-10) on a criterion after the rules, its baseline in brackets; darker is lower. The header gives each criterion's weight from the profile's priorities."));
    let header = first.criteria.iter().map(|c| {
        th(c.criterion.replace('_', " "))
            .child(el("br"))
            .child(muted("span", format!("×{}", format_number(c.weight))))
    });
    let mut t = table(None, el("tr").child(th("strategy")).children(header)).attr("class", "heat");
    for row in breakdown {
        let cells = row.criteria.iter().map(|c| {
            let (fill, text) = cividis(c.rating / 10.0);
            el("td")
                .attr("style", format!("background:{fill};color:{text}"))
                .attr("title", c.shifted_by.join(", "))
                .text(format!("{} ", format_number(c.rating)))
                .child(el("small").text(format!("({})", format_number(c.baseline_rating))))
        });
        t.push_line(el("tr").child(th(&row.strategy)).children(cells));
    }
    body.push_line(t);
}

fn costs(body: &mut Element, e: &Evaluated, catalog: &Catalog, j: &AssessmentJson) {
    let c = &j.cost;
    if c.strategies.is_empty() {
        return;
    }
    body.push_line(h2("cost", "What each strategy costs a month"));
    // Bars of the monthly totals.
    let rows: Vec<(String, f64, String)> = c
        .strategies
        .iter()
        .map(|s| (s.strategy.clone(), s.monthly, money(s.monthly, &c.currency)))
        .collect();
    let mut t = table(
        Some("Itemised"),
        tr([th("strategy"), th("item"), num("th", "amount")]),
    );
    for s in &c.strategies {
        for (k, item) in s.items.iter().enumerate() {
            let name = if k == 0 {
                td(format!("{} ", s.strategy)).child(muted("span", format!("({})", s.platform)))
            } else {
                el("td")
            };
            t.push_line(tr([
                name,
                td(&item.item),
                num("td", money(item.amount, &c.currency)),
            ]));
        }
        t.push_line(tr([
            el("td"),
            th("monthly"),
            num("th", money(s.monthly, &c.currency)),
        ]));
        // Its emissions beside its cost (docs/cost.md, "Carbon").
        if let Some(k) = &s.carbon {
            t.push_line(tr([
                el("td"),
                th("carbon a month"),
                num("th", carbon::kg_text(k.kg_co2e)),
            ]));
        }
    }
    body.push_line(pair(
        bar_chart("cost", "Monthly cost per strategy", &rows, None),
        t,
    ));
    emissions(body, e, catalog, j);
    sweep(body, e, catalog);
}

/// Each strategy's monthly emissions as bars, with how they were reached,
/// or why there is no figure.
fn emissions(body: &mut Element, e: &Evaluated, catalog: &Catalog, j: &AssessmentJson) {
    let Some(section) = crate::report::outline::emissions(e, catalog) else {
        return;
    };
    let rows: Vec<(String, f64, String)> = j
        .cost
        .strategies
        .iter()
        .filter_map(|s| {
            let k = s.carbon.as_ref()?;
            Some((s.strategy.clone(), k.kg_co2e, carbon::kg_text(k.kg_co2e)))
        })
        .collect();
    body.push_line(el("h3").attr("id", "carbon").text(&section.title));
    let mut list = el("ul").nl();
    for item in &section.items {
        let text = match item.effect.is_empty() {
            true => item.message.clone(),
            false => format!("{}: {}", item.effect, item.message),
        };
        list.push_line(el("li").text(text));
    }
    match rows.is_empty() {
        true => body.push_line(list),
        false => body.push_line(pair(
            bar_chart(
                "carbon-chart",
                "Monthly emissions per strategy",
                &rows,
                None,
            ),
            list,
        )),
    }
}

fn latency(body: &mut Element, j: &AssessmentJson) {
    let l = &j.cost.latency;
    if l.is_empty() {
        return;
    }
    let budget = l.iter().find_map(|x| x.budget_ms);
    body.push_line(h2("latency", "The latency budget"));
    let target = budget.map_or("no latency target stated".to_owned(), |b| {
        format!("target {} ms", format_number(b))
    });
    let adds = |x: &crate::report::wire::LatencyJson| {
        format!("+{} ms at {}", format_number(x.added_ms), x.percentile)
    };
    let rows: Vec<(String, f64, String)> = l
        .iter()
        .map(|x| (x.strategy.clone(), x.added_ms, adds(x)))
        .collect();
    let title = format!("Latency each strategy adds ({target})");
    let marker = budget.map(|b| (b, target.clone()));
    let mut t = table(None, tr([th("strategy"), num("th", "adds"), th("why")]));
    for x in l {
        t.push_line(tr([td(&x.strategy), num("td", adds(x)), td(&x.note)]));
    }
    body.push_line(pair(bar_chart("latency", &title, &rows, marker), t));
}

fn notes(body: &mut Element, j: &AssessmentJson) {
    body.push_line(h2("would-change", "What would change the answer"));
    match j.would_change_if.as_deref() {
        Some([]) | None => {
            body.push_line(el("p").text("No single field change flips this recommendation."))
        }
        Some(changes) => {
            let mut ul = el("ul").nl();
            for c in changes {
                ul.push_line(
                    el("li")
                        .child(code(format!("{}={}", c.field, value_text(&c.value))))
                        .text(format!(" → {}", c.recommendation)),
                );
            }
            body.push_line(ul);
        }
    }
    if !j.assumptions.is_empty() || !j.unknown.is_empty() {
        body.push_line(h2("assumptions", "Assumptions"));
        let item = |field: &str, rest: String| el("li").child(code(field)).text(rest);
        let mut ul = el("ul").nl();
        for a in &j.assumptions {
            ul.push_line(item(&a.field, format!(" assumed {}", value_text(&a.value))));
        }
        for a in &j.cost.assumptions {
            ul.push_line(item(
                a.field,
                format!(" assumed {} for the estimate ({})", a.value, a.why),
            ));
        }
        for u in &j.unknown {
            ul.push_line(item(u, " unknown: rules on it did not apply".into()));
        }
        body.push_line(ul);
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn fired(body: &mut Element, e: &Evaluated, catalog: &Catalog) {
    let mut t = rules_table(body, "what it says");
    for &r in &e.assessment.fired {
        let rule = &catalog.rules[r];
        let says = td(e.profile.fill(&rule.message))
            .child(el("br"))
            .child(muted("span", &rule.why));
        t.push_line(rule_row(rule, says));
    }
    body.push_line(t);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heat_ramp_runs_dark_to_light() {
        assert_eq!(cividis(0.0).0, "#00204D");
        assert_eq!(cividis(1.0).0, "#FFEA46");
        assert_eq!(cividis(0.0).1, "#ffffff");
        assert_eq!(cividis(1.0).1, "#000000");
    }
}
