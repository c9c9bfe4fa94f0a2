//! The report of one profile: a summary card with the answer, the money
//! and the reasons, then its ranking, heat map, costs, latency, notes and
//! the rules that fired, each in the words it has for this profile.

use super::charts::{Placement, bar_chart, contributions, ranking_chart, ranking_table, sweep};
use super::parts::{
    code, h2, money, muted, name, num, packs, page, pair, pair_on_screen, prose, rule_cell,
    rules_table, source_cell, table, td, th, tr,
};
use crate::analysis::carbon;
use crate::analysis::engine::ReasonKind;
use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::domain::fields::{self, format_number};
use crate::report::markup::{Element, el};
use crate::report::outline::{Outline, outline};
use crate::report::view::signed;
use crate::report::wire::AssessmentJson;
use crate::text::escape;

/// How many of the reasons separating the winner from the runner-up the
/// summary names (the ranking section has them all).
const CARD_REASONS: usize = 3;

/// The report of one profile.
pub(crate) fn assessment(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, true);
    let o = outline(e, catalog, false);
    let mut body = el("body").nl();
    body.push_line(
        el("h1")
            .text("advise: ")
            .child(name(escape::visible(&e.assessment.profile))),
    );
    body.push_line(summary(e, catalog, &o));
    packs(&mut body, catalog);
    body.push_line(h2("ranking", "Ranking, and what made each score"));
    body.push_line(pair(
        ranking_chart(&j.ranking, "rank", Placement::Page),
        ranking_table(&j.ranking),
    ));
    body.push_line(muted("p", "Each bar ends at the strategy's score, in the strategy's own colour; the dashed ghost beyond it is what rules took away (the next chart names each rule). A ruled-out strategy has no bar: the rules that rule it out are named instead."));
    // On paper the table of rules gives each rule's points; this chart,
    // a line per rule and strategy, would take a page of its own.
    body.push_line(h2("contributions", "Each rule's contribution").attr("class", "noprint"));
    body.push_line(
        el("div")
            .attr("class", "chart noprint")
            .child(contributions(&j.ranking)),
    );
    heat_map(&mut body, &j);
    costs(&mut body, e, catalog, &j);
    latency(&mut body, &j);
    notes(&mut body, &j);
    fired(&mut body, e, catalog);
    page(&o.title, body)
}

/// The ranking chart alone, as a standalone SVG document.
pub(crate) fn ranking_svg(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, false);
    ranking_chart(&j.ranking, "rank", Placement::File).xml_document()
}

/// The first screen: the answer and its lead (a close call flagged), the
/// platform, the money against the runner-up's with the prices and load
/// it rests on, operations hours, added latency and emissions, the reasons that
/// separate the winner from the runner-up, then what to state to sharpen
/// it and what would change it. The reasons are the outline's, which the
/// terminal and Markdown reports show too.
// Over 100 lines: the card's rows in the order they are read; each is a
// few lines, and apart they would pass the same assessment around.
pub(super) fn summary(e: &Evaluated, catalog: &Catalog, o: &Outline) -> Element {
    let a = &e.assessment;
    let id = |s: crate::domain::catalog::StrategyId| catalog.strategies[s].id.as_str();
    let winner = a.winner();
    let second = a.ranking.get(1).filter(|s| s.eligible && winner.eligible);
    let mut lead = el("p").attr("class", "lead");
    if a.is_tie() {
        lead.push(el("span").attr("class", "flag").text("tie"));
        lead.push_text(" ");
    } else if a.is_close_call() {
        lead.push(el("span").attr("class", "flag").text("close call"));
        lead.push_text(" ");
    }
    let lead = prose(lead, &o.headline);
    let mut dl = el("dl").nl();
    let mut row = |term: &str, value: Element| {
        dl.push_line(el("dt").text(term));
        dl.push_line(value);
    };
    let c = &a.costing;
    let cost_of = |s: crate::domain::catalog::StrategyId| c.strategies[s.index()].as_ref();
    if let Some(w) = cost_of(winner.strategy) {
        row("Runs on", el("dd").text(&w.name));
        let mut money_text = format!("{} a month", money(w.monthly, &c.estimate.currency));
        if let Some(r) = second.and_then(|s| Some((s, cost_of(s.strategy)?))) {
            money_text.push_str(&format!(
                " against {} for {} ({})",
                money(r.1.monthly, &c.estimate.currency),
                id(r.0.strategy),
                r.1.name
            ));
        }
        money_text.push_str(&format!(
            "; priced with {} at {} req/s",
            c.estimate.prices,
            format_number(c.estimate.load.average_rps)
        ));
        row("Costs", el("dd").text(escape::visible(&money_text)));
        let mut hours = format!("{} h of operations a month", format_number(w.labour_hours));
        if let Some(r) = second.and_then(|s| Some((s, cost_of(s.strategy)?))) {
            hours.push_str(&format!(
                " ({} {} h)",
                id(r.0.strategy),
                format_number(r.1.labour_hours)
            ));
        }
        row("Operations", el("dd").text(hours));
    } else if let Some(why) = c.omitted[winner.strategy.index()].as_ref() {
        row("Costs", el("dd").text(format!("no estimate: {why}")));
    }
    let latency = match c.latency[winner.strategy.index()].as_ref() {
        Some(l) if l.added_ms > 0.0 => {
            let budget = e
                .profile
                .num(fields::id::WORKLOAD_LATENCY_SLO_MS)
                .map_or_else(
                    || " (no latency target stated)".to_owned(),
                    |ms| format!(" against a {} ms target", format_number(ms)),
                );
            format!("{}{budget}", l.added())
        }
        _ => "nothing measurable on the request path".to_owned(),
    };
    row("Adds latency", el("dd").text(latency));
    let footprint = &c.carbon;
    if let (Some(kg), Ok(grid)) = (footprint.kg(winner.strategy.index()), &footprint.grid) {
        let mut text = format!("{} a month", carbon::kg_text(kg));
        if let Some((s, other)) = second.and_then(|s| Some((s, footprint.kg(s.strategy.index())?)))
        {
            text.push_str(&format!(
                " against {} for {}",
                carbon::kg_text(other),
                id(s.strategy)
            ));
        }
        text.push_str(&format!(
            "; at {} g CO2e per kWh ({})",
            format_number(grid.g_per_kwh),
            grid.region
        ));
        row(
            "Emits",
            el("dd")
                .text(escape::visible(&text))
                .text(" ")
                .child(el("a").attr("href", "#carbon").text("how")),
        );
    }
    if let Some(why) = o.sections.first() {
        let mut reasons: Vec<&crate::report::outline::Item> = why
            .items
            .iter()
            .enumerate()
            // The baselines (first), then the rules; not the summed rest.
            .filter(|(k, item)| *k == 0 || !item.rule.is_empty())
            .map(|(_, item)| item)
            // The winner's side: lines that add to its lead (a line that
            // takes from it is in the sum above the list, and in the
            // ranking section).
            .filter(|item| item.effect.parse::<f64>().is_ok_and(|x| x > 0.0))
            .collect();
        let size = |item: &crate::report::outline::Item| item.effect.parse::<f64>().unwrap_or(0.0);
        reasons.sort_by(|x, y| size(y).total_cmp(&size(x)));
        reasons.truncate(CARD_REASONS);
        if !reasons.is_empty() {
            // `Why a over b: lead 3.12 = baselines -2.50 + rules +5.62`:
            // the sum the lines come from.
            let sum = why.title.split_once(": ").map_or("", |(_, sum)| sum);
            let term = match second {
                Some(s) => format!("Why {} over {}", id(winner.strategy), id(s.strategy)),
                None => format!("Why {}", id(winner.strategy)),
            };
            let mut ol = el("ol").nl();
            for item in reasons {
                let mut li = el("li").child(el("strong").text(&item.effect)).text(" ");
                if let Some(rule) = catalog.rules.iter().find(|r| r.id == item.rule) {
                    li.push(
                        el("a")
                            .attr("href", format!("#rule-{}", rule.id))
                            .text(&rule.title),
                    );
                    li.push_text(": ");
                }
                // The outline tells each line from the side it moves
                // (`service-mesh +3.75: ...`); the winner's own lines need
                // no name, the points lead the line already.
                let mine = format!("{} ", id(winner.strategy));
                let message = match item.message.strip_prefix(&mine) {
                    Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
                    None => item.message.as_str(),
                };
                ol.push_line(prose(li, message));
            }
            let mut dd = el("dd");
            if !sum.is_empty() && second.is_some() {
                dd.push_text(format!("{sum}; the largest reasons for it:"));
            }
            row(&term, dd.child(ol));
        }
    }
    for label in ["Sharpen", "Would change if"] {
        if let Some(note) = o.notes.iter().find(|n| n.label == label) {
            row(label, prose(el("dd"), &note.text));
        }
    }
    el("section")
        .attr("class", "card")
        .attr("id", "summary")
        .attr("aria-label", "Summary")
        .nl()
        .child(lead)
        .nl()
        .child(dl)
        .nl()
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
    // The text colour with the better contrast on this fill (WCAG 2's
    // relative luminance): at least 4.58:1 wherever the fill lies.
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(bl);
    let text = if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    };
    (format!("#{r:02X}{g:02X}{bl:02X}"), text)
}

/// A rating as the heat map shows it: always two decimals.
fn rating(x: f64) -> String {
    format!("{:.2}", crate::text::number::hundredths(x))
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
                .text(format!("{} ", rating(c.rating)))
                .child(el("small").text(format!("({})", rating(c.baseline_rating))))
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
    let estimate = &e.assessment.costing.estimate;
    body.push_line(muted(
        "p",
        escape::visible(&format!(
            "Priced with {} at {} req/s on average; operations hours are not in the total.",
            estimate.prices,
            format_number(estimate.load.average_rps)
        )),
    ));
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
    body.push_line(pair_on_screen(
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
        false => body.push_line(pair_on_screen(
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
    body.push_line(pair_on_screen(
        bar_chart("latency", &title, &rows, marker),
        t,
    ));
}

fn notes(body: &mut Element, j: &AssessmentJson) {
    match j.would_change_if.as_deref() {
        Some([]) | None => {
            body.push_line(h2("would-change", "What would change the answer"));
            body.push_line(el("p").text("No single field change flips this recommendation."))
        }
        Some(changes) => {
            // The summary card gives these too: on paper, once is enough.
            body.push_line(
                h2("would-change", "What would change the answer").attr("class", "noprint"),
            );
            let mut ul = el("ul").attr("class", "noprint").nl();
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
        let item = |field: &str| el("li").child(code(field));
        let mut ul = el("ul").attr("class", "twocol").nl();
        for a in &j.assumptions {
            ul.push_line(item(&a.field).text(format!(" assumed {}", value_text(&a.value))));
        }
        // A field the rules could not read but the estimate had to price
        // is one line: unknown to the rules, and what the estimate assumed.
        let for_estimate = |field: &str| j.cost.assumptions.iter().find(|a| a.field == field);
        for a in &j.cost.assumptions {
            if j.unknown.iter().any(|u| u == a.field) {
                continue;
            }
            ul.push_line(prose(
                item(a.field),
                &format!(" assumed {} for the estimate ({})", a.value, a.why),
            ));
        }
        for u in &j.unknown {
            let mut text = " unknown: rules on it did not apply".to_owned();
            if let Some(a) = for_estimate(u) {
                text.push_str(&format!("; the estimate assumed {} ({})", a.value, a.why));
            }
            ul.push_line(prose(item(u), &text));
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

/// A reason's effect in the table of rules: its points, or what it does.
pub(super) fn effect_text(kind: ReasonKind, effect: f64) -> String {
    match kind {
        ReasonKind::Effect => signed(effect),
        ReasonKind::BaseBlocked { .. } => "rules out (its base)".into(),
        _ => "rules out".into(),
    }
}

/// Every rule that fired, one row per strategy it moves: its title and
/// id, the strategy, what it says for this profile and that strategy (the
/// message as the engine filled it, every placeholder in its value), its
/// effect, and its source.
fn fired(body: &mut Element, e: &Evaluated, catalog: &Catalog) {
    let mut t = rules_table(body, &["strategy", "what it says here", "effect"]);
    let a = &e.assessment;
    for &r in &a.fired {
        let rule = &catalog.rules[r];
        let moved: Vec<(&str, &crate::analysis::engine::Reason)> = a
            .ranking
            .iter()
            .flat_map(|s| {
                s.reasons
                    .iter()
                    .filter(move |q| q.rule == r)
                    .map(move |q| (catalog.strategies[s.strategy].id.as_str(), q))
            })
            .collect();
        let span = moved.len().max(1);
        let first = el("tr").attr("id", format!("rule-{}", rule.id)).child(
            rule_cell(rule)
                .attr("rowspan", span.to_string())
                .child(el("br"))
                .child(el("small").attr("class", "muted noprint").text(&rule.why)),
        );
        let source = source_cell(rule).attr("rowspan", span.to_string());
        match moved.split_first() {
            // Fired, but it moved no strategy here (an estimate rule
            // with no figure to measure): its template has nothing to
            // fill, so the row says what happened instead.
            None => t.push_line(
                first
                    .child(td("-"))
                    .child(td("fired, but moved no strategy of this profile"))
                    .child(num("td", "no effect"))
                    .child(source),
            ),
            Some(((s, q), rest)) => {
                t.push_line(
                    first
                        .child(td(s))
                        .child(prose(el("td"), &escape::visible(&q.message)))
                        .child(num("td", effect_text(q.kind, q.effect)))
                        .child(source),
                );
                for (s, q) in rest {
                    t.push_line(tr([
                        td(s),
                        prose(el("td"), &escape::visible(&q.message)),
                        num("td", effect_text(q.kind, q.effect)),
                    ]));
                }
            }
        }
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
        assert_eq!(rating(6.0), "6.00");
        // Every cell's text reads at 4.5:1 on its fill.
        for k in 0..=100 {
            let (fill, text) = cividis(f64::from(k) / 100.0);
            let lum = |hex: &str| {
                let c = |at: usize| {
                    let c = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
                    if c <= 0.04045 {
                        c / 12.92
                    } else {
                        ((c + 0.055) / 1.055).powf(2.4)
                    }
                };
                0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
            };
            let (a, b) = (lum(&fill), lum(text));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= 4.5, "{fill} with {text}: {ratio:.2}");
        }
        assert_eq!(rating(2.49), "2.49");
    }
}
