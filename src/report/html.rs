//! A self-contained visual report: one HTML file with inline CSS and SVG,
//! no script and nothing fetched, readable printed and in dark mode, in a
//! colour-blind-safe palette (Okabe-Ito for categories, cividis for the
//! heat map). Every chart has a text alternative and its numbers in a table
//! beside it. `ranking_svg` is the ranking chart alone (`--format svg`).
//!
//! The page is built with `markup`, so it is well-formed XML (every element
//! closed, every text escaped) and a test can check it with an XML parser
//! as well as in a browser. Chart geometry is numbers until it is written.

use std::fmt::Display;

use crate::analysis::engine::hundredths;
use crate::analysis::evaluated::{Evaluated, System};
use crate::analysis::sweep::CostAcrossLoad;
use crate::domain::catalog::{Catalog, Rule, RuleId, StrategyId};
use crate::domain::fields::format_number;
use crate::gate::check::{Run, Verdict};
use crate::report::markup::{At, Element, Points, el};
use crate::report::view::{packs_summary, signed};
use crate::report::wire::{AssessmentJson, RankedJson};

/// Okabe-Ito: distinguishable with every common colour-vision deficiency.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];
const POSITIVE: &str = "#0072B2";
const NEGATIVE: &str = "#D55E00";
const BASELINE: &str = "#999999";
/// Dash patterns, so that lines differ without colour too.
const DASHES: [&str; 7] = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4"];

const STYLE: &str = r#"
:root { --fg: #1b1b1b; --bg: #ffffff; --muted: #5a5a5a; --line: #d0d0d0; --panel: #f6f6f6; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --bg: #161616; --muted: #a8a8a8; --line: #444444; --panel: #222222; }
}
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
p.lead { font-size: 1.1em; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid var(--line); padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
.pair > * { flex: 1 1 300px; }
.pair > svg { flex: 3 1 560px; }
svg { max-width: 100%; height: auto; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .tick { stroke: var(--fg); stroke-width: 2; }
.heat td { text-align: center; font-variant-numeric: tabular-nums; min-width: 3.2em; }
.key span { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 0.3em 0 1em; }
code { font-size: 0.95em; }
@media print {
  :root { --fg: #000000; --bg: #ffffff; --muted: #444444; --line: #bbbbbb; --panel: #ffffff; }
  body { max-width: none; margin: 0; }
  h2 { break-after: avoid; }
  .pair, table, svg { break-inside: avoid; }
}
"#;

/// The style of a standalone SVG file, which has no page around it.
const SVG_STYLE: &str = "text { font: 12px system-ui, sans-serif; fill: #1b1b1b; } .grid { stroke: #d0d0d0; } .tick { stroke: #1b1b1b; stroke-width: 2; }";
const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

fn page(title: &str, body: Element) -> String {
    let head = el("head")
        .nl()
        .child(el("meta").attr("charset", "utf-8"))
        .nl()
        .child(
            el("meta")
                .attr("name", "viewport")
                .attr("content", "width=device-width, initial-scale=1"),
        )
        .nl()
        .child(
            el("meta")
                .attr("name", "color-scheme")
                .attr("content", "light dark"),
        )
        .nl()
        .child(el("title").text(title))
        .nl()
        .child(el("style").css(STYLE))
        .nl();
    el("html")
        .attr("lang", "en")
        .nl()
        .child(head)
        .nl()
        .child(body)
        .nl()
        .html_document()
}

fn number(x: f64) -> String {
    format!("{:.2}", hundredths(x))
}

fn money(x: f64, currency: &str) -> String {
    match currency {
        "USD" => crate::text::money::dollars(x),
        _ => crate::text::money::dollars(x).replacen('$', "", 1),
    }
}

fn h2(id: &str, title: &str) -> Element {
    el("h2").attr("id", id).text(title)
}

fn muted(name: &'static str, text: impl Display) -> Element {
    el(name).attr("class", "muted").text(text)
}

fn td(text: impl Display) -> Element {
    el("td").text(text)
}

fn th(text: impl Display) -> Element {
    el("th").text(text)
}

/// A cell of a number column, right-aligned.
fn num(name: &'static str, text: impl Display) -> Element {
    el(name).attr("class", "num").text(text)
}

fn tr(cells: impl IntoIterator<Item = Element>) -> Element {
    el("tr").children(cells)
}

/// A table, its caption if any, then its header row.
fn table(caption: Option<&str>, header: Element) -> Element {
    let mut t = el("table").nl();
    if let Some(caption) = caption {
        t.push_line(muted("caption", caption));
    }
    t.child(header).nl()
}

/// A chart and its numbers side by side.
fn pair(chart: Element, numbers: Element) -> Element {
    el("div")
        .attr("class", "pair")
        .nl()
        .child(chart)
        .nl()
        .child(numbers)
        .nl()
}

fn code(text: impl Display) -> Element {
    el("code").text(text)
}

/// The sentence of what each pack did, under the heading.
fn packs(body: &mut Element, catalog: &Catalog) {
    for pack in packs_summary(catalog) {
        body.push_line(muted("p", format!("Rules: {pack}")));
    }
}

/// A chart's size and the ids of its title and text alternative.
fn chart(svg: Element, id: &str, width: f64, height: f64) -> Element {
    svg.attr("viewBox", format!("0 0 {width} {height}"))
        .attr("width", width)
        .attr("height", height)
        .attr("role", "img")
        .attr("aria-labelledby", format!("{id}-title {id}-desc"))
}

fn title(id: &str, text: impl Display) -> Element {
    el("title").attr("id", format!("{id}-title")).text(text)
}

fn desc(id: &str, text: impl Display) -> Element {
    el("desc").attr("id", format!("{id}-desc")).text(text)
}

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

/// Where a ranking chart goes.
#[derive(Clone, Copy)]
enum Placement {
    /// Inside an HTML page.
    Page,
    /// A file of its own.
    File,
    /// Inside another SVG, this far down.
    Below(f64),
}

/// The ranking chart's layout: a column of names, then 0-100 points.
struct Ranking;

impl Ranking {
    const LABEL: f64 = 150.0;
    const PLOT: f64 = 560.0;
    const ROW: f64 = 44.0;
    const WIDTH: f64 = Self::LABEL + Self::PLOT + 70.0;

    fn height(strategies: usize) -> f64 {
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

fn ranking_chart(ranking: &[RankedJson], id: &str, placement: Placement) -> Element {
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
fn contributions(ranking: &[RankedJson]) -> Element {
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

fn ranking_table(ranking: &[RankedJson]) -> Element {
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
    }
    body.push_line(pair(
        bar_chart("cost", "Monthly cost per strategy", &rows, None),
        t,
    ));
    sweep(body, e, catalog);
}

/// Every strategy's monthly cost across a range of average load, log-log,
/// with the break-even points and the profile's own load marked.
fn sweep(body: &mut Element, e: &Evaluated, catalog: &Catalog) {
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

/// The heading and header row of the table of rules that fired, its
/// middle column named.
fn rules_table(body: &mut Element, middle: &str) -> Element {
    body.push_line(h2("rules", "Every rule that fired, with its source"));
    table(None, tr([th("rule"), th(middle), th("source")]))
}

/// A rule's row in the table of rules: its id (the charts link here) and
/// title, then the middle cell, then its source.
fn rule_row(rule: &Rule, middle: Element) -> Element {
    el("tr")
        .attr("id", format!("rule-{}", rule.id))
        .child(
            el("td")
                .child(code(&rule.id))
                .child(el("br"))
                .child(muted("span", &rule.title)),
        )
        .child(middle)
        .child(td(&rule.source))
}

fn fired(body: &mut Element, e: &Evaluated, catalog: &Catalog) {
    let mut t = rules_table(body, "what it says");
    for &r in &e.assessment.fired {
        let rule = &catalog.rules[r];
        let says = td(crate::analysis::engine::render_message(
            &rule.message,
            &e.profile,
        ))
        .child(el("br"))
        .child(muted("span", &rule.why));
        t.push_line(rule_row(rule, says));
    }
    body.push_line(t);
}

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

/// Many profiles: how many per recommendation, then the table pre-sorted
/// two ways (no script: each order is its own section).
pub(crate) fn compare(all: &[Evaluated], catalog: &Catalog) -> String {
    let mut body = el("body").nl();
    body.push_line(el("h1").text(format!("advise compare: {} profiles", all.len())));
    packs(&mut body, catalog);
    let counts: Vec<(String, usize)> = catalog
        .strategies
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let n = all
                .iter()
                .filter(|e| e.assessment.winner().strategy.index() == s)
                .count();
            (st.id.clone(), n)
        })
        .collect();
    body.push_line(el("h2").text("Profiles per recommendation"));
    body.push_line(count_chart("recommendations", &counts));
    let rows = |order: &[&Evaluated]| {
        let mut t = table(
            None,
            el("tr")
                .child(th("profile"))
                .child(th("recommendation"))
                .child(num("th", "margin"))
                .children(catalog.strategies.iter().map(|s| num("th", &s.id))),
        );
        for e in order {
            let a = &e.assessment;
            let margin = match a.margin() {
                _ if a.is_tie() => "tie".to_owned(),
                Some(m) => number(m),
                None => "-".into(),
            };
            let cells = catalog.each_strategy().map(|s| {
                let sc = a.scored(s);
                num(
                    "td",
                    if sc.eligible {
                        number(sc.score)
                    } else {
                        "out".into()
                    },
                )
            });
            t.push_line(
                el("tr")
                    .child(td(&a.profile))
                    .child(td(&catalog.strategies[a.winner().strategy].id))
                    .child(num("td", margin))
                    .children(cells),
            );
        }
        t
    };
    let mut by_name: Vec<&Evaluated> = all.iter().collect();
    by_name.sort_by(|x, y| {
        x.assessment
            .profile
            .cmp(&y.assessment.profile)
            .then(x.path.cmp(&y.path))
    });
    let mut by_margin = by_name.clone();
    by_margin.sort_by(|x, y| {
        let m = |e: &Evaluated| e.assessment.margin().unwrap_or(f64::MAX);
        m(x).total_cmp(&m(y))
    });
    body.push_line(
        el("p")
            .child(el("a").attr("href", "#by-name").text("sorted by name"))
            .text(" · ")
            .child(
                el("a")
                    .attr("href", "#by-margin")
                    .text("closest calls first"),
            ),
    );
    body.push_line(h2("by-name", "By name"));
    body.push_line(rows(&by_name));
    body.push_line(h2("by-margin", "Closest calls first"));
    body.push_line(rows(&by_margin));
    page("advise compare", body)
}

/// The gate: verdict counts, then every finding, worst first.
pub(crate) fn check(run: &Run, catalog: &Catalog) -> String {
    let mut body = el("body").nl();
    let outcome = if run.failed() { "failed" } else { "passed" };
    body.push_line(el("h1").text(format!("advise check: {outcome}")));
    body.push_line(el("p").attr("class", "lead").text(run.summary()));
    packs(&mut body, catalog);
    let verdicts = [
        Verdict::Mismatch,
        Verdict::Drift,
        Verdict::Accepted,
        Verdict::Fit,
    ];
    let mut counts: Vec<(String, usize)> = verdicts
        .iter()
        .map(|v| {
            (
                v.name().to_owned(),
                run.findings.iter().filter(|f| f.verdict == *v).count(),
            )
        })
        .collect();
    counts.push(("invalid".into(), run.invalid.len()));
    body.push_line(el("h2").text("Verdicts"));
    body.push_line(count_chart("verdicts", &counts));
    body.push_line(el("h2").text("Every profile, worst first"));
    let mut t = table(
        None,
        tr([
            th("file"),
            th("verdict"),
            th("current"),
            th("recommended"),
            num("th", "gap"),
            th("message"),
        ]),
    );
    for i in &run.invalid {
        t.push_line(tr([
            el("td").child(code(&i.path)),
            td("invalid"),
            el("td"),
            el("td"),
            el("td"),
            td(i.message()),
        ]));
    }
    let mut findings: Vec<_> = run.findings.iter().collect();
    findings.sort_by_key(|f| {
        (
            verdicts.iter().position(|v| *v == f.verdict),
            f.path.clone(),
        )
    });
    for f in findings {
        t.push_line(tr([
            el("td").child(code(format!("{}:{}", f.path, f.loc.line))),
            td(f.verdict.name()),
            td(&catalog.strategies[f.current].id),
            td(&catalog.strategies[f.recommendation].id),
            num("td", number(f.gap)),
            td(&f.message),
        ]));
    }
    body.push_line(t);
    page("advise check", body)
}

/// Horizontal bars of counts, with the counts in a table beside them.
fn count_chart(what: &str, counts: &[(String, usize)]) -> Element {
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
fn bar_chart(
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
