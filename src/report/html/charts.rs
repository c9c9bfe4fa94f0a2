//! The charts: the ranking chart and its table, each rule's contribution,
//! the cost-across-load sweep, and horizontal bar charts.

use super::parts::{
    BASELINE, DASHES, NEGATIVE, PALETTE, POSITIVE, SVG_NAMESPACE, SVG_STYLE, chart, desc, h2,
    money, num, number, pair, table, td, th, title, tr,
};
use crate::analysis::evaluated::Evaluated;
use crate::analysis::sweep::CostAcrossLoad;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::format_number;
use crate::report::markup::{At, Element, Points, el};
use crate::report::view::signed;
use crate::report::wire::RankedJson;

/// Where a ranking chart goes.
#[derive(Clone, Copy)]
pub(super) enum Placement {
    /// Inside an HTML page.
    Page,
    /// A file of its own.
    File,
    /// Inside another SVG, this far down.
    Below(f64),
}

/// The ranking chart's layout: a column of names, then 0-100 points.
pub(super) struct Ranking;

impl Ranking {
    const LABEL: f64 = 150.0;
    const PLOT: f64 = 560.0;
    const ROW: f64 = 44.0;
    pub(super) const WIDTH: f64 = Self::LABEL + Self::PLOT + 70.0;

    pub(super) fn height(strategies: usize) -> f64 {
        30.0 + Self::ROW * strategies as f64 + 24.0
    }

    /// Where a number of points lies across the plot.
    fn x(points: f64) -> f64 {
        Self::LABEL + points.clamp(0.0, 100.0) / 100.0 * Self::PLOT
    }
}

/// A rule's segment of a ranking bar, between two points of the plot.
struct Segment {
    from: f64,
    to: f64,
    y: f64,
    height: f64,
}

// Over 100 lines: the grid, each bar's baseline, rising and falling
// segments and the score tick share one geometry (`Ranking::x`, each row's
// y), so the chart reads top to bottom in the order it is drawn.
pub(super) fn ranking_chart(ranking: &[RankedJson], id: &str, placement: Placement) -> Element {
    let x = Ranking::x;
    let height = Ranking::height(ranking.len());
    let desc_text: Vec<String> = ranking
        .iter()
        .map(|r| {
            let score = if r.eligible {
                number(r.score)
            } else {
                "ruled out".into()
            };
            format!("{}: {score} (baseline {})", r.strategy, number(r.baseline))
        })
        .collect();
    let svg = match placement {
        Placement::Page => el("svg"),
        Placement::File => el("svg").attr("xmlns", SVG_NAMESPACE),
        Placement::Below(y) => el("svg").attr("x", 0).attr("y", At(y)),
    };
    let mut svg = chart(svg, id, Ranking::WIDTH, height)
        .nl()
        .child(title(id, "Ranking of the strategies, in points out of 100"))
        .nl()
        .child(desc(id, desc_text.join("; ")))
        .nl();
    if let Placement::File = placement {
        svg.push_line(el("style").css(SVG_STYLE));
    }
    for k in 0..=10 {
        let gx = At(x(f64::from(k) * 10.0));
        svg.push(
            el("line")
                .attr("class", "grid")
                .attr("x1", gx)
                .attr("y1", 20)
                .attr("x2", gx)
                .attr("y2", At(height - 20.0)),
        );
        svg.push_line(
            el("text")
                .attr("x", gx)
                .attr("y", 14)
                .attr("text-anchor", "middle")
                .text(k * 10),
        );
    }
    for (i, r) in ranking.iter().enumerate() {
        let y = 30.0 + Ranking::ROW * i as f64;
        let mut g = el("g")
            .attr("opacity", if r.eligible { "1" } else { "0.45" })
            .child(
                el("text")
                    .attr("x", At(Ranking::LABEL - 8.0))
                    .attr("y", At(y + 15.0))
                    .attr("text-anchor", "end")
                    .text(&r.strategy),
            )
            .nl()
            .child(
                el("rect")
                    .attr("x", At(x(0.0)))
                    .attr("y", At(y))
                    .attr("width", At(x(r.baseline) - x(0.0)))
                    .attr("height", 18)
                    .attr("fill", BASELINE)
                    .child(el("title").text(format!("baseline {}", number(r.baseline)))),
            )
            .nl();
        let mut at = r.baseline;
        let mut ups: Vec<_> = r.reasons.iter().filter(|q| q.effect > 0.0).collect();
        ups.sort_by(|a, b| b.effect.total_cmp(&a.effect));
        for q in ups {
            let span = Segment {
                from: x(at),
                to: x(at + q.effect),
                y,
                height: 18.0,
            };
            g.push_line(segment(&span, POSITIVE, &q.rule, q.effect));
            at += q.effect;
        }
        let mut downs: Vec<_> = r.reasons.iter().filter(|q| q.effect < 0.0).collect();
        downs.sort_by(|a, b| a.effect.total_cmp(&b.effect));
        for q in downs {
            let span = Segment {
                from: x(at + q.effect),
                to: x(at),
                y: y + 20.0,
                height: 8.0,
            };
            g.push_line(segment(&span, NEGATIVE, &q.rule, q.effect));
            at += q.effect;
        }
        let score = if r.eligible {
            number(r.score)
        } else {
            let by: Vec<&str> = r
                .reasons
                .iter()
                .filter(|q| q.kind != "effect")
                .map(|q| q.rule.as_str())
                .collect();
            format!("ruled out ({})", by.join(", "))
        };
        g.push(
            el("line")
                .attr("class", "tick")
                .attr("x1", At(x(r.score)))
                .attr("y1", At(y - 3.0))
                .attr("x2", At(x(r.score)))
                .attr("y2", At(y + 31.0)),
        );
        g.push(
            el("text")
                .attr("x", At(x(r.score.max(at)).max(x(r.baseline)) + 6.0))
                .attr("y", At(y + 15.0))
                .text(score),
        );
        svg.push_line(g);
    }
    svg
}

/// Every rule's points on every strategy, one labelled bar each, around
/// zero: the ranking's segments, named.
pub(super) fn contributions(ranking: &[RankedJson]) -> Element {
    let rows: Vec<(&str, &str, f64)> = ranking
        .iter()
        .flat_map(|r| {
            r.reasons
                .iter()
                .filter(|q| q.effect != 0.0)
                .map(move |q| (r.strategy.as_str(), q.rule.as_str(), q.effect))
        })
        .collect();
    if rows.is_empty() {
        return el("p").text("No rule moved a score.");
    }
    let most = rows.iter().map(|r| r.2.abs()).fold(1.0, f64::max);
    let (label, half, row) = (330.0, 200.0, 18.0);
    // Room for the value beside the longest bar on either side.
    let mid = label + 50.0 + half;
    let width = mid + half + 60.0;
    let height = 24.0 + row * rows.len() as f64;
    let desc_text: Vec<String> = rows
        .iter()
        .map(|(s, r, e)| format!("{s}: {r} {}", signed(*e)))
        .collect();
    let mut svg = chart(el("svg"), "contrib", width, height)
        .child(title(
            "contrib",
            "Points each rule adds to or takes from each strategy",
        ))
        .child(desc("contrib", desc_text.join("; ")))
        .nl()
        .child(
            el("line")
                .attr("class", "axis")
                .attr("x1", mid)
                .attr("y1", 4)
                .attr("x2", mid)
                .attr("y2", height),
        )
        .nl();
    for (i, (strategy, rule, effect)) in rows.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let w = effect.abs() / most * half;
        let (x, fill, at, anchor) = if *effect > 0.0 {
            (mid, POSITIVE, mid + w + 4.0, "start")
        } else {
            (mid - w, NEGATIVE, mid - w - 4.0, "end")
        };
        svg.push(
            el("text")
                .attr("x", At(label - 6.0))
                .attr("y", At(y + 11.0))
                .attr("text-anchor", "end")
                .text(format!("{strategy} · "))
                .child(el("a").attr("href", format!("#rule-{rule}")).text(rule)),
        );
        svg.push(
            el("rect")
                .attr("x", At(x))
                .attr("y", At(y))
                .attr("width", At(w))
                .attr("height", 13)
                .attr("fill", fill),
        );
        svg.push_line(
            el("text")
                .attr("x", At(at))
                .attr("y", At(y + 11.0))
                .attr("text-anchor", anchor)
                .text(signed(*effect)),
        );
    }
    svg
}

/// A rule's segment, linked to its row in the table of rules.
fn segment(s: &Segment, fill: &str, rule: &str, effect: f64) -> Element {
    let (left, width) = (s.from.min(s.to), (s.to - s.from).abs());
    let mut a = el("a").attr("href", format!("#rule-{rule}")).child(
        el("rect")
            .attr("x", At(left))
            .attr("y", At(s.y))
            .attr("width", At(width))
            .attr("height", s.height)
            .attr("fill", fill)
            .attr("stroke", "#ffffff")
            .attr("stroke-width", "0.5")
            .child(el("title").text(format!("{rule}: {}", signed(effect)))),
    );
    // The rule's id on the segment where it fits (about 6 px a character at
    // 10 px); on narrower ones in its tooltip and the table of rules below.
    if s.height >= 18.0 && width >= 6.0 * rule.len() as f64 + 6.0 {
        a.push(
            el("text")
                .attr("x", At(left + 3.0))
                .attr("y", At(s.y + 12.5))
                .attr("font-size", "10")
                .attr("fill", "#ffffff")
                .attr("style", "fill:#ffffff;font-size:10px")
                .text(rule),
        );
    }
    a
}

pub(super) fn ranking_table(ranking: &[RankedJson]) -> Element {
    let mut t = table(
        Some("The chart's numbers"),
        tr([
            th("strategy"),
            num("th", "baseline"),
            num("th", "rules +"),
            num("th", "rules −"),
            num("th", "score"),
        ]),
    );
    for r in ranking {
        let plus: f64 = r.reasons.iter().map(|q| q.effect.max(0.0)).sum();
        let minus: f64 = r.reasons.iter().map(|q| q.effect.min(0.0)).sum();
        let score = if r.eligible {
            number(r.score)
        } else {
            "ruled out".into()
        };
        t.push_line(tr([
            td(&r.strategy),
            num("td", number(r.baseline)),
            num("td", signed(plus)),
            num("td", signed(minus)),
            num("td", score),
        ]));
    }
    t
}

/// Every strategy's monthly cost across a range of average load, log-log,
/// with the break-even points and the profile's own load marked.
// Over 100 lines: the axes, one line per strategy, the break-even marks,
// the profile's own load and the table beside them all share the same
// log-log scales and rows, so they are drawn in one place.
pub(super) fn sweep(body: &mut Element, e: &Evaluated, catalog: &Catalog) {
    let Some(CostAcrossLoad {
        rates,
        at,
        order,
        costs,
        crossings,
    }) = &e.cost_across_load
    else {
        return;
    };
    let (at, lo, hi) = (*at, rates[0], rates[rates.len() - 1]);
    let all: Vec<f64> = costs
        .iter()
        .flatten()
        .flatten()
        .copied()
        .filter(|c| *c > 0.0)
        .collect();
    if all.is_empty() {
        return;
    }
    let (cmin, cmax) = (
        all.iter().copied().fold(f64::MAX, f64::min).max(0.01),
        all.iter().copied().fold(0.0, f64::max),
    );
    let currency = &e.assessment.costing.estimate.currency;
    let id = |s: StrategyId| &catalog.strategies[s].id;
    let rate = |r: f64| format_number((r * 1000.0).round() / 1000.0);
    let (w, h, left, bottom) = (640.0, 320.0, 70.0, 40.0);
    let px = |r: f64| left + (r / lo).ln() / (hi / lo).ln() * (w - left - 20.0);
    let py = |c: f64| {
        let span = (cmax / cmin).ln().max(1e-9);
        h - bottom - (c.max(cmin) / cmin).ln() / span * (h - bottom - 20.0)
    };
    body.push_line(h2("cost-range", "Cost across a range of load"));
    let desc_text = format!(
        "Monthly cost of each strategy as the average load moves from {} to {} requests per second (both axes logarithmic); the profile states {}.",
        format_number(lo),
        format_number(hi),
        format_number(at)
    );
    let axis = |x1: f64, y1: f64, x2: f64, y2: f64| {
        el("line")
            .attr("class", "axis")
            .attr("x1", x1)
            .attr("y1", y1)
            .attr("x2", x2)
            .attr("y2", y2)
    };
    let mut svg = chart(el("svg"), "sweep", w, h)
        .child(title("sweep", "Monthly cost against average load"))
        .child(desc("sweep", desc_text))
        .nl()
        .child(axis(left, h - bottom, w - 20.0, h - bottom))
        .child(axis(left, 20.0, left, h - bottom))
        .child(
            el("text")
                .attr("x", (left + w) / 2.0)
                .attr("y", h - 6.0)
                .attr("text-anchor", "middle")
                .text("average requests per second"),
        )
        .child(el("text").attr("x", left).attr("y", 12).text("$ a month"))
        .nl();
    for r in [lo, at, hi] {
        svg.push_line(
            el("text")
                .attr("x", At(px(r)))
                .attr("y", At(h - bottom + 16.0))
                .attr("text-anchor", "middle")
                .text(rate(r)),
        );
    }
    for c in [cmin, cmax] {
        svg.push_line(
            el("text")
                .attr("x", At(left - 6.0))
                .attr("y", At(py(c) + 4.0))
                .attr("text-anchor", "end")
                .text(money(c, currency)),
        );
    }
    svg.push_line(
        el("line")
            .attr("class", "grid")
            .attr("x1", At(px(at)))
            .attr("y1", 20)
            .attr("x2", At(px(at)))
            .attr("y2", h - bottom)
            .attr("stroke-dasharray", "3 3"),
    );
    for (k, &s) in order.iter().enumerate() {
        let points: Vec<(f64, f64)> = rates
            .iter()
            .zip(costs)
            .filter_map(|(&r, c)| c[k].map(|c| (px(r), py(c))))
            .collect();
        let Some(&(last_x, last_y)) = points.last() else {
            continue;
        };
        svg.push(
            el("polyline")
                .attr("fill", "none")
                .attr("stroke", PALETTE[k % PALETTE.len()])
                .attr("stroke-width", 2)
                .attr("stroke-dasharray", DASHES[k % DASHES.len()])
                .attr("points", Points(&points))
                .child(el("title").text(id(s))),
        );
        svg.push_line(
            el("text")
                .attr("x", At(last_x - 60.0))
                .attr("y", At(last_y - 6.0))
                .text(id(s)),
        );
    }
    for (be, cost) in e.break_even.iter().zip(crossings) {
        if be.average_rps < lo || be.average_rps > hi {
            continue;
        }
        if let Some(c) = *cost {
            svg.push_line(
                el("circle")
                    .attr("cx", At(px(be.average_rps)))
                    .attr("cy", At(py(c)))
                    .attr("r", 5)
                    .attr("fill", "none")
                    .attr("stroke", "currentColor")
                    .attr("stroke-width", 2)
                    .child(el("title").text(format!(
                        "break-even: {} and {} at {} req/s",
                        id(be.cheaper_below),
                        id(be.cheaper_above),
                        format_number(be.average_rps)
                    ))),
            );
        }
    }
    let mut t = table(
        Some("The chart's numbers (every tenth point), and where costs cross"),
        el("tr")
            .child(num("th", "req/s"))
            .children(order.iter().map(|&s| num("th", id(s)))),
    );
    for (&r, c) in rates.iter().zip(costs).step_by(10) {
        let cells = c
            .iter()
            .map(|v| num("td", v.map_or("-".into(), |v| money(v, currency))));
        t.push_line(el("tr").child(num("td", rate(r))).children(cells));
    }
    let mut both = pair(svg, t);
    if !e.break_even.is_empty() {
        let mut ul = el("ul").nl();
        for be in &e.break_even {
            ul.push_line(el("li").text(format!(
                "{} is cheaper than {} below {} req/s on average",
                id(be.cheaper_below),
                id(be.cheaper_above),
                format_number(be.average_rps)
            )));
        }
        both.push_line(ul);
    }
    body.push_line(both);
}

/// Horizontal bars of counts, with the counts in a table beside them.
pub(super) fn count_chart(what: &str, counts: &[(String, usize)]) -> Element {
    let rows: Vec<(String, f64, String)> = counts
        .iter()
        .map(|(k, n)| (k.clone(), *n as f64, n.to_string()))
        .collect();
    let mut t = el("table").nl();
    for (k, n) in counts {
        t.push_line(tr([td(k), num("td", n)]));
    }
    pair(
        bar_chart(what, &format!("Profiles per {what}"), &rows, None),
        t,
    )
}

/// Horizontal bars, one per (label, value, value as shown), scaled to the
/// largest value (or the marker's), with an optional marked value (a
/// target). Its text alternative lists every row.
pub(super) fn bar_chart(
    id: &str,
    title_text: &str,
    rows: &[(String, f64, String)],
    marker: Option<(f64, String)>,
) -> Element {
    let max = rows
        .iter()
        .map(|r| r.1)
        .chain(marker.as_ref().map(|m| m.0))
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let (label, plot, row) = (150.0, 420.0, 28.0);
    let extra = if marker.is_some() { 16.0 } else { 0.0 };
    let height = 10.0 + row * rows.len() as f64 + extra;
    let width = label + plot + 110.0;
    let desc_text: Vec<String> = rows.iter().map(|(k, _, v)| format!("{k}: {v}")).collect();
    let mut svg = chart(el("svg"), id, width, height)
        .child(title(id, title_text))
        .child(desc(id, desc_text.join("; ")))
        .nl();
    for (i, (k, v, shown)) in rows.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = v / max * plot;
        svg.push(
            el("text")
                .attr("x", At(label - 8.0))
                .attr("y", At(y + 14.0))
                .attr("text-anchor", "end")
                .text(k),
        );
        svg.push(
            el("rect")
                .attr("x", label)
                .attr("y", At(y))
                .attr("width", At(w))
                .attr("height", 18)
                .attr("fill", PALETTE[i % PALETTE.len()]),
        );
        svg.push_line(
            el("text")
                .attr("x", At(label + w + 6.0))
                .attr("y", At(y + 14.0))
                .text(shown),
        );
    }
    if let Some((at, text)) = marker {
        let mx = At(label + at / max * plot);
        svg.push(
            el("line")
                .attr("class", "tick")
                .attr("x1", mx)
                .attr("y1", 0)
                .attr("x2", mx)
                .attr("y2", At(height - 14.0)),
        );
        svg.push_line(
            el("text")
                .attr("x", mx)
                .attr("y", At(height - 2.0))
                .attr("text-anchor", "middle")
                .text(text),
        );
    }
    svg
}
