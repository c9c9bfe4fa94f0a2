//! The charts: the ranking chart and its table, each rule's contribution,
//! the cost-across-load sweep, and horizontal bar charts. Every chart keeps
//! its numbers in a table beside it, colours each strategy with its one
//! colour, and writes its labels outside the bars, where they fit.

use super::parts::{
    DASHES, chart, colour_of, desc, h2, money, num, number, pair, strategy_colour, svg_style,
    table, td, th, title, tr,
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

/// The ranking chart's layout: a column of names, 0-100 points, then room
/// for each bar's label.
pub(super) struct Ranking;

impl Ranking {
    const LABEL: f64 = 130.0;
    const PLOT: f64 = 400.0;
    const ROW: f64 = 34.0;
    pub(super) const WIDTH: f64 = Self::LABEL + Self::PLOT + 200.0;

    pub(super) fn height(strategies: usize) -> f64 {
        28.0 + Self::ROW * strategies as f64 + 6.0
    }

    /// Where a number of points lies across the plot.
    fn x(points: f64) -> f64 {
        Self::LABEL + points.clamp(0.0, 100.0) / 100.0 * Self::PLOT
    }
}

/// What rules took from a strategy, as a positive number of points.
fn taken(r: &RankedJson) -> f64 {
    -r.reasons.iter().map(|q| q.effect.min(0.0)).sum::<f64>()
}

/// A fill in a strategy's colour, as a style (the colour is a CSS
/// variable, which a presentation attribute does not read).
pub(super) fn fill(colour: &str) -> String {
    format!("fill:{colour}")
}

/// The ranking: each strategy's bar ends at its score; a dashed ghost
/// beyond it is what its rules took away; a ruled-out strategy has no bar,
/// only the titles of the rules that rule it out. Labels sit right of the
/// bars, one row each, so none can collide.
pub(super) fn ranking_chart(ranking: &[RankedJson], id: &str, placement: Placement) -> Element {
    let x = Ranking::x;
    let height = Ranking::height(ranking.len());
    let desc_text: Vec<String> = ranking
        .iter()
        .map(|r| {
            if r.eligible {
                format!(
                    "{}: {} (rules took {})",
                    r.strategy,
                    number(r.score),
                    number(taken(r))
                )
            } else {
                format!("{}: ruled out ({})", r.strategy, ruled_out_by(r))
            }
        })
        .collect();
    let svg = match placement {
        Placement::Page => el("svg"),
        Placement::File => el("svg").attr("xmlns", super::parts::SVG_NAMESPACE),
        Placement::Below(y) => el("svg").attr("x", 0).attr("y", At(y)),
    };
    let mut svg = chart(svg, id, Ranking::WIDTH, height)
        .nl()
        .child(title(id, "Ranking of the strategies, in points out of 100"))
        .nl()
        .child(desc(id, desc_text.join("; ")))
        .nl();
    if let Placement::File = placement {
        svg.push_line(el("style").css(svg_style()));
    }
    for k in 0..=5 {
        let gx = At(x(f64::from(k) * 20.0));
        svg.push(
            el("line")
                .attr("class", "grid")
                .attr("x1", gx)
                .attr("y1", 20)
                .attr("x2", gx)
                .attr("y2", At(height - 4.0)),
        );
        svg.push_line(
            el("text")
                .attr("x", gx)
                .attr("y", 15)
                .attr("text-anchor", "middle")
                .text(k * 20),
        );
    }
    for (i, r) in ranking.iter().enumerate() {
        let y = 28.0 + Ranking::ROW * i as f64;
        let mut g = el("g").child(
            el("text")
                .attr("x", At(Ranking::LABEL - 8.0))
                .attr("y", At(y + 16.0))
                .attr("text-anchor", "end")
                .text(&r.strategy),
        );
        if !r.eligible {
            g.push(
                el("text")
                    .attr("x", At(x(0.0) + 6.0))
                    .attr("y", At(y + 16.0))
                    .text(format!("ruled out: {}", ruled_out_by(r))),
            );
            svg.push_line(g);
            continue;
        }
        let ghost = taken(r);
        g.push(
            el("rect")
                .attr("x", At(x(0.0)))
                .attr("y", At(y))
                .attr("width", At(x(r.score) - x(0.0)))
                .attr("height", 22)
                .attr("style", fill(&strategy_colour(&r.strategy)))
                .child(el("title").text(format!("{}: {}", r.strategy, number(r.score)))),
        );
        if ghost > 0.0 {
            g.push(
                el("rect")
                    .attr("class", "ghost")
                    .attr("x", At(x(r.score)))
                    .attr("y", At(y + 1.0))
                    .attr("width", At(x(r.score + ghost) - x(r.score)))
                    .attr("height", 20)
                    .child(el("title").text(format!("rules took {}", number(ghost)))),
            );
        }
        let label = if ghost > 0.0 {
            format!("{} (rules took {})", number(r.score), number(ghost))
        } else {
            number(r.score)
        };
        g.push(
            el("text")
                .attr("x", At(x(r.score + ghost) + 6.0))
                .attr("y", At(y + 16.0))
                .text(label),
        );
        svg.push_line(g);
    }
    svg
}

/// The titles of the rules that rule a strategy out.
fn ruled_out_by(r: &RankedJson) -> String {
    let by: Vec<&str> = r
        .reasons
        .iter()
        .filter(|q| q.kind != "effect")
        .map(|q| q.title.as_str())
        .collect();
    by.join("; ")
}

/// Every rule's points on every strategy around zero, one row each: the
/// strategy and the rule's title on a line of their own, the bar below in
/// the strategy's colour (solid adds, dashed takes away), each linked to
/// the rule's row in the table of rules.
pub(super) fn contributions(ranking: &[RankedJson]) -> Element {
    let rows: Vec<(&str, &RankedJson, f64, &str)> = ranking
        .iter()
        .flat_map(|r| {
            r.reasons
                .iter()
                .filter(|q| q.effect != 0.0)
                .map(move |q| (q.rule.as_str(), r, q.effect, q.title.as_str()))
        })
        .collect();
    if rows.is_empty() {
        return el("p").text("No rule moved a score.");
    }
    let most = rows.iter().map(|r| r.2.abs()).fold(1.0, f64::max);
    let (width, half, row) = (720.0, 270.0, 40.0);
    let mid = width / 2.0;
    let height = 8.0 + row * rows.len() as f64;
    let desc_text: Vec<String> = rows
        .iter()
        .map(|(_, r, e, t)| format!("{}: {t} {}", r.strategy, signed(*e)))
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
    for (i, (rule, r, effect, rule_title)) in rows.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let w = (effect.abs() / most * half).max(1.0);
        let colour = strategy_colour(&r.strategy);
        let (bx, at, anchor) = if *effect > 0.0 {
            (mid, mid + w + 4.0, "start")
        } else {
            (mid - w, mid - w - 4.0, "end")
        };
        svg.push(
            el("a").attr("href", format!("#rule-{rule}")).child(
                el("text")
                    .attr("x", 4)
                    .attr("y", At(y + 14.0))
                    .text(format!("{} · {rule_title}", r.strategy)),
            ),
        );
        let bar = el("rect")
            .attr("x", At(bx))
            .attr("y", At(y + 20.0))
            .attr("width", At(w))
            .attr("height", 14);
        svg.push(if *effect > 0.0 {
            bar.attr("style", fill(&colour))
        } else {
            bar.attr("class", "ghost")
                .attr("style", format!("stroke:{colour}"))
        });
        svg.push_line(
            el("text")
                .attr("x", At(at))
                .attr("y", At(y + 32.0))
                .attr("text-anchor", anchor)
                .text(signed(*effect)),
        );
    }
    svg
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

/// The powers of ten from `lo` to `hi`; where fewer than two fall inside,
/// the 2s and 5s between them too, so a log axis always has ticks to read.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo) {
        return vec![lo];
    }
    let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let inside = |v: &f64| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9);
    let decades: Vec<f64> = (a..=b).map(|k| 10f64.powi(k)).filter(inside).collect();
    if decades.len() >= 2 {
        return decades;
    }
    (a..=b)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .filter(inside)
        .collect()
}

/// Spreads labels wanted at heights `ys` so that no two are closer than
/// `gap`, keeping their order and staying within `top..=bottom` where
/// there is room.
fn spread(ys: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]).then(a.cmp(&b)));
    let mut placed = vec![0.0; ys.len()];
    let mut last = f64::NEG_INFINITY;
    for &k in &order {
        let y = ys[k].max(top).max(last + gap);
        placed[k] = y;
        last = y;
    }
    // Pushed past the bottom: shift the run back up, as far as the top allows.
    let over = last - bottom;
    if over > 0.0 {
        let mut next = f64::INFINITY;
        for &k in order.iter().rev() {
            let y = (placed[k] - over).min(next - gap);
            placed[k] = y;
            next = y;
        }
    }
    placed
}

/// Every strategy's monthly cost across a range of average load, log-log
/// (said on both axes, with decade ticks), with the break-even points and
/// the profile's own load marked and labelled.
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
    let (w, h, left, right, top, bottom) = (720.0, 350.0, 84.0, 150.0, 48.0, 44.0);
    let plot_right = w - right;
    let px = |r: f64| left + (r / lo).ln() / (hi / lo).ln() * (plot_right - left);
    let span = (cmax / cmin).ln().max(1e-9);
    let py = |c: f64| h - bottom - (c.max(cmin) / cmin).ln() / span * (h - bottom - top);
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
        .child(title(
            "sweep",
            "Monthly cost against average load (both axes logarithmic)",
        ))
        .child(desc("sweep", desc_text))
        .nl()
        .child(axis(left, h - bottom, plot_right, h - bottom))
        .child(axis(left, top, left, h - bottom))
        .child(
            el("text")
                .attr("x", (left + plot_right) / 2.0)
                .attr("y", h - 6.0)
                .attr("text-anchor", "middle")
                .text("average requests per second (log scale)"),
        )
        .child(
            el("text")
                .attr("x", 4)
                .attr("y", 14)
                .text(format!("{currency} a month (log scale)")),
        )
        .nl();
    for r in log_ticks(lo, hi) {
        svg.push(axis(px(r), h - bottom, px(r), h - bottom + 5.0));
        svg.push_line(
            el("text")
                .attr("x", At(px(r)))
                .attr("y", At(h - bottom + 19.0))
                .attr("text-anchor", "middle")
                .text(rate(r)),
        );
    }
    for c in log_ticks(cmin, cmax) {
        svg.push(
            el("line")
                .attr("class", "grid")
                .attr("x1", left)
                .attr("y1", At(py(c)))
                .attr("x2", plot_right)
                .attr("y2", At(py(c))),
        );
        let shown = if c >= 1.0 {
            crate::text::money::whole_dollars(c)
        } else {
            money(c, "USD")
        };
        let shown = if currency == "USD" {
            shown
        } else {
            shown.replacen('$', "", 1)
        };
        svg.push_line(
            el("text")
                .attr("x", At(left - 6.0))
                .attr("y", At(py(c) + 5.0))
                .attr("text-anchor", "end")
                .text(shown),
        );
    }
    let (your, anchor, dx) = if px(at) > (left + plot_right) / 2.0 {
        (px(at), "end", -4.0)
    } else {
        (px(at), "start", 4.0)
    };
    svg.push(
        el("line")
            .attr("class", "tick")
            .attr("x1", At(your))
            .attr("y1", At(top - 8.0))
            .attr("x2", At(your))
            .attr("y2", h - bottom)
            .attr("stroke-dasharray", "3 3"),
    );
    svg.push_line(
        el("text")
            .attr("x", At(your + dx))
            .attr("y", At(top - 10.0))
            .attr("text-anchor", anchor)
            .text(format!("your load: {} req/s", rate(at))),
    );
    let mut ends: Vec<(f64, f64, usize)> = Vec::new();
    for (k, &s) in order.iter().enumerate() {
        let points: Vec<(f64, f64)> = rates
            .iter()
            .zip(costs)
            .filter_map(|(&r, c)| c[k].map(|c| (px(r), py(c))))
            .collect();
        let Some(&(last_x, last_y)) = points.last() else {
            continue;
        };
        svg.push_line(
            el("polyline")
                .attr("fill", "none")
                .attr("style", format!("stroke:{}", strategy_colour(id(s))))
                .attr("stroke-width", 2.5)
                .attr("stroke-dasharray", DASHES[k % DASHES.len()])
                .attr("points", Points(&points))
                .child(el("title").text(id(s))),
        );
        ends.push((last_x, last_y, k));
    }
    // Each line's name right of the plot, level with its end, spread so
    // that no two overlap; a short leader joins name and line.
    let wanted: Vec<f64> = ends.iter().map(|e| e.1 + 5.0).collect();
    let placed = spread(&wanted, 17.0, top, h - bottom + 5.0);
    for (&(last_x, last_y, k), &y) in ends.iter().zip(&placed) {
        let s = order[k];
        svg.push(
            el("line")
                .attr("x1", At(last_x))
                .attr("y1", At(last_y))
                .attr("x2", At(plot_right + 6.0))
                .attr("y2", At(y - 5.0))
                .attr("style", format!("stroke:{}", strategy_colour(id(s))))
                .attr("stroke-width", 1),
        );
        svg.push_line(
            el("text")
                .attr("x", At(plot_right + 8.0))
                .attr("y", At(y))
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
                    .attr("style", "stroke:var(--fg)")
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
    let mut numbers = el("div").child(t);
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
        numbers.push_line(ul);
    }
    body.push_line(pair(svg, numbers));
}

/// Horizontal bars of counts, with the counts in a table beside them.
pub(super) fn count_chart(what: &str, counts: &[(String, usize)]) -> Element {
    let rows: Vec<(String, f64, String)> = counts
        .iter()
        .map(|(k, n)| (k.clone(), *n as f64, n.to_string()))
        .collect();
    let mut t = table(None, tr([th(what), num("th", "profiles")]));
    for (k, n) in counts {
        t.push_line(tr([td(k), num("td", n)]));
    }
    pair(
        bar_chart(what, &format!("Profiles per {what}"), &rows, None),
        t,
    )
}

/// Horizontal bars, one per (label, value, value as shown), scaled to the
/// largest value (or the marker's), each in its label's colour (a
/// strategy's or a verdict's), with an optional marked value (a target)
/// named under its line. Its text alternative lists every row.
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
    let (label, plot, row) = (130.0, 400.0, 30.0);
    let extra = if marker.is_some() { 22.0 } else { 0.0 };
    let height = 10.0 + row * rows.len() as f64 + extra;
    let width = label + plot + 170.0;
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
                .attr("y", At(y + 16.0))
                .attr("text-anchor", "end")
                .text(k),
        );
        svg.push(
            el("rect")
                .attr("x", label)
                .attr("y", At(y))
                .attr("width", At(w))
                .attr("height", 22)
                .attr("style", fill(&colour_of(k))),
        );
        svg.push_line(
            el("text")
                .attr("x", At(label + w + 6.0))
                .attr("y", At(y + 16.0))
                .text(shown),
        );
    }
    if let Some((at, text)) = marker {
        let mx = label + at / max * plot;
        let anchor = if mx > label + plot / 2.0 {
            "end"
        } else {
            "start"
        };
        svg.push(
            el("line")
                .attr("class", "tick")
                .attr("x1", At(mx))
                .attr("y1", 0)
                .attr("x2", At(mx))
                .attr("y2", At(height - 18.0)),
        );
        svg.push_line(
            el("text")
                .attr("x", At(mx))
                .attr("y", At(height - 3.0))
                .attr("text-anchor", anchor)
                .text(text),
        );
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_axis_ticks_its_decades_or_its_1_2_5s() {
        assert_eq!(log_ticks(0.05, 500.0), [0.1, 1.0, 10.0, 100.0]);
        let few = log_ticks(0.3, 4.0);
        assert_eq!(few.len(), 3, "{few:?}");
        assert!((few[0] - 0.5).abs() < 1e-12 && (few[2] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn spread_labels_never_collide_and_keep_their_order() {
        let ys = [100.0, 101.0, 99.0, 300.0, 302.0];
        let placed = spread(&ys, 17.0, 20.0, 305.0);
        let mut sorted = placed.clone();
        sorted.sort_by(f64::total_cmp);
        for pair in sorted.windows(2) {
            assert!(pair[1] - pair[0] >= 17.0 - 1e-9, "{placed:?}");
        }
        assert!(placed[2] < placed[0] && placed[0] < placed[1], "{placed:?}");
        assert!(placed.iter().all(|y| *y <= 305.0 + 1e-9), "{placed:?}");
    }
}
