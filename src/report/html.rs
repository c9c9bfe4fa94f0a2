//! A self-contained visual report: one HTML file with inline CSS and SVG,
//! no script and nothing fetched, readable printed and in dark mode, in a
//! colour-blind-safe palette (Okabe-Ito for categories, cividis for the
//! heat map). Every chart has a text alternative and its numbers in a table
//! beside it. `ranking_svg` is the ranking chart alone (`--format svg`).
//!
//! The page is well-formed XML (every element closed, every text escaped),
//! so a test can check it with an XML parser as well as in a browser.

use std::fmt::Write as _;

use crate::analysis::engine::hundredths;
use crate::analysis::evaluated::Evaluated;
use crate::analysis::sweep::CostAcrossLoad;
use crate::domain::catalog::Catalog;
use crate::domain::fields::{self};
use crate::gate::check::{Run, Verdict};
use crate::report::view::packs_summary;
use crate::report::view::signed;
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

/// Escapes text for HTML and XML content and attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A line break as a character reference: other people's text
            // never starts a line (where a CI log could run it).
            '\n' => out.push_str("&#10;"),
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            // Control characters are other people's text, not ours to obey.
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

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

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"color-scheme\" content=\"light dark\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
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

/// The report of one profile.
pub fn assessment(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, true);
    let o = crate::report::outline::outline(e, catalog, false);
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(&o.title));
    let _ = writeln!(b, "<p class=\"lead\">{}</p>", esc(&o.headline));
    for pack in packs_summary(catalog) {
        let _ = writeln!(b, "<p class=\"muted\">Rules: {}</p>", esc(&pack));
    }

    b.push_str("<h2 id=\"ranking\">Ranking, and what made each score</h2>\n<div class=\"pair\">\n");
    b.push_str(&ranking_chart(&j.ranking, false, "rank"));
    b.push_str(&ranking_table(&j.ranking));
    b.push_str("</div>\n");
    b.push_str("<p class=\"muted\">Each bar starts with the strategy's baseline (grey: its ratings under your priorities); blue segments are rules that add points, vermilion segments below are rules that take points away; the black tick is the score. Each segment links to its rule below; the next chart names them.</p>\n");
    b.push_str("<h2 id=\"contributions\">Each rule's contribution</h2>\n");
    b.push_str(&contributions(&j.ranking));

    heat_map(&mut b, &j);
    costs(&mut b, e, catalog, &j);
    latency(&mut b, &j);
    notes(&mut b, &j);
    fired(&mut b, e, catalog);
    page(&format!("advise: {}", o.title), &b)
}

/// The ranking chart alone, as a standalone SVG document.
pub fn ranking_svg(e: &Evaluated, catalog: &Catalog) -> String {
    let j = AssessmentJson::new(e, catalog, false);
    let mut svg = ranking_chart(&j.ranking, true, "rank");
    svg.insert_str(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg
}

fn ranking_chart(ranking: &[RankedJson], standalone: bool, id: &str) -> String {
    let (label, plot, row) = (150.0, 560.0, 44.0);
    let width = label + plot + 70.0;
    let height = 30.0 + row * ranking.len() as f64 + 24.0;
    let x = |points: f64| label + points.clamp(0.0, 100.0) / 100.0 * plot;
    let mut s = String::new();
    let desc: Vec<String> = ranking
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
    let ns = if standalone {
        " xmlns=\"http://www.w3.org/2000/svg\""
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<svg{ns} viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">"
    );
    let _ = writeln!(
        s,
        "<title id=\"{id}-title\">Ranking of the strategies, in points out of 100</title>\n<desc id=\"{id}-desc\">{}</desc>",
        esc(&desc.join("; "))
    );
    if standalone {
        s.push_str("<style>text { font: 12px system-ui, sans-serif; fill: #1b1b1b; } .grid { stroke: #d0d0d0; } .tick { stroke: #1b1b1b; stroke-width: 2; }</style>\n");
    }
    for k in 0..=10 {
        let gx = x(f64::from(k) * 10.0);
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{gx:.1}\" y1=\"20\" x2=\"{gx:.1}\" y2=\"{:.1}\"/><text x=\"{gx:.1}\" y=\"14\" text-anchor=\"middle\">{}</text>",
            height - 20.0,
            k * 10
        );
    }
    for (i, r) in ranking.iter().enumerate() {
        let y = 30.0 + row * i as f64;
        let opacity = if r.eligible { "1" } else { "0.45" };
        let _ = writeln!(
            s,
            "<g opacity=\"{opacity}\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label - 8.0,
            y + 15.0,
            esc(&r.strategy)
        );
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"18\" fill=\"{BASELINE}\"><title>baseline {}</title></rect>",
            x(0.0),
            x(r.baseline) - x(0.0),
            number(r.baseline)
        );
        let mut at = r.baseline;
        let mut ups: Vec<_> = r.reasons.iter().filter(|q| q.effect > 0.0).collect();
        ups.sort_by(|a, b| b.effect.total_cmp(&a.effect));
        for q in ups {
            segment(
                &mut s,
                x(at),
                x(at + q.effect),
                y,
                18.0,
                POSITIVE,
                &q.rule,
                q.effect,
            );
            at += q.effect;
        }
        let mut downs: Vec<_> = r.reasons.iter().filter(|q| q.effect < 0.0).collect();
        downs.sort_by(|a, b| a.effect.total_cmp(&b.effect));
        for q in downs {
            segment(
                &mut s,
                x(at + q.effect),
                x(at),
                y + 20.0,
                8.0,
                NEGATIVE,
                &q.rule,
                q.effect,
            );
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
        let _ = writeln!(
            s,
            "<line class=\"tick\" x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\"/><text x=\"{3:.1}\" y=\"{4:.1}\">{5}</text></g>",
            x(r.score),
            y - 3.0,
            y + 31.0,
            x(r.score.max(at)).max(x(r.baseline)) + 6.0,
            y + 15.0,
            esc(&score)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Every rule's points on every strategy, one labelled bar each, around
/// zero: the ranking's segments, named.
fn contributions(ranking: &[RankedJson]) -> String {
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
        return "<p>No rule moved a score.</p>\n".into();
    }
    let most = rows.iter().map(|r| r.2.abs()).fold(1.0, f64::max);
    let (label, half, row) = (330.0, 200.0, 18.0);
    // Room for the value beside the longest bar on either side.
    let mid = label + 50.0 + half;
    let width = mid + half + 60.0;
    let height = 24.0 + row * rows.len() as f64;
    let desc: Vec<String> = rows
        .iter()
        .map(|(s, r, e)| format!("{s}: {r} {}", signed(*e)))
        .collect();
    let mut out = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"contrib-title contrib-desc\"><title id=\"contrib-title\">Points each rule adds to or takes from each strategy</title><desc id=\"contrib-desc\">{}</desc>\n<line class=\"axis\" x1=\"{mid}\" y1=\"4\" x2=\"{mid}\" y2=\"{height}\"/>\n",
        esc(&desc.join("; "))
    );
    for (i, (strategy, rule, effect)) in rows.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let w = effect.abs() / most * half;
        let (x, fill, at, anchor) = if *effect > 0.0 {
            (mid, POSITIVE, mid + w + 4.0, "start")
        } else {
            (mid - w, NEGATIVE, mid - w - 4.0, "end")
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} · <a href=\"#rule-{}\">{}</a></text><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"13\" fill=\"{fill}\"/><text x=\"{at:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            label - 6.0,
            y + 11.0,
            esc(strategy),
            esc(rule),
            esc(rule),
            y + 11.0,
            signed(*effect)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[allow(clippy::too_many_arguments)]
fn segment(s: &mut String, x0: f64, x1: f64, y: f64, h: f64, fill: &str, rule: &str, effect: f64) {
    let width = (x1 - x0).abs();
    // The rule's id on the segment where it fits (about 6 px a character at
    // 10 px); on narrower ones in its tooltip and the table of rules below.
    let label = if h >= 18.0 && width >= 6.0 * rule.len() as f64 + 6.0 {
        format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#ffffff\" style=\"fill:#ffffff;font-size:10px\">{}</text>",
            x0.min(x1) + 3.0,
            y + 12.5,
            esc(rule)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "<a href=\"#rule-{0}\"><rect x=\"{1:.1}\" y=\"{2:.1}\" width=\"{3:.1}\" height=\"{h}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>{0}: {4}</title></rect>{label}</a>",
        esc(rule),
        x0.min(x1),
        y,
        width,
        signed(effect)
    );
}

fn ranking_table(ranking: &[RankedJson]) -> String {
    let mut s = String::from(
        "<table>\n<caption class=\"muted\">The chart's numbers</caption>\n<tr><th>strategy</th><th class=\"num\">baseline</th><th class=\"num\">rules +</th><th class=\"num\">rules −</th><th class=\"num\">score</th></tr>\n",
    );
    for r in ranking {
        let plus: f64 = r.reasons.iter().map(|q| q.effect.max(0.0)).sum();
        let minus: f64 = r.reasons.iter().map(|q| q.effect.min(0.0)).sum();
        let score = if r.eligible {
            number(r.score)
        } else {
            "ruled out".into()
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&r.strategy),
            number(r.baseline),
            signed(plus),
            signed(minus),
            score
        );
    }
    s.push_str("</table>\n");
    s
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

fn heat_map(b: &mut String, j: &AssessmentJson) {
    let Some(breakdown) = &j.breakdown else {
        return;
    };
    let Some(first) = breakdown.first() else {
        return;
    };
    b.push_str("<h2 id=\"ratings\">Ratings by criterion</h2>\n<p class=\"muted\">Each cell is a strategy's rating (0-10) on a criterion after the rules, its baseline in brackets; darker is lower. The header gives each criterion's weight from the profile's priorities.</p>\n<table class=\"heat\">\n<tr><th>strategy</th>");
    for c in &first.criteria {
        let _ = write!(
            b,
            "<th>{}<br/><span class=\"muted\">×{}</span></th>",
            esc(&c.criterion.replace('_', " ")),
            fields::format_number(c.weight)
        );
    }
    b.push_str("</tr>\n");
    for row in breakdown {
        let _ = write!(b, "<tr><th>{}</th>", esc(&row.strategy));
        for c in &row.criteria {
            let (fill, text) = cividis(c.rating / 10.0);
            let _ = write!(
                b,
                "<td style=\"background:{fill};color:{text}\" title=\"{}\">{} <small>({})</small></td>",
                esc(&c.shifted_by.join(", ")),
                fields::format_number(c.rating),
                fields::format_number(c.baseline_rating)
            );
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</table>\n");
}

fn costs(b: &mut String, e: &Evaluated, catalog: &Catalog, j: &AssessmentJson) {
    let c = &j.cost;
    if c.strategies.is_empty() {
        return;
    }
    b.push_str("<h2 id=\"cost\">What each strategy costs a month</h2>\n<div class=\"pair\">\n");
    // Bars of the monthly totals.
    let rows: Vec<(String, f64, String)> = c
        .strategies
        .iter()
        .map(|s| (s.strategy.clone(), s.monthly, money(s.monthly, &c.currency)))
        .collect();
    b.push_str(&bar_chart("cost", "Monthly cost per strategy", &rows, None));
    b.push_str("<table>\n<caption class=\"muted\">Itemised</caption>\n<tr><th>strategy</th><th>item</th><th class=\"num\">amount</th></tr>\n");
    for s in &c.strategies {
        for (k, item) in s.items.iter().enumerate() {
            let name = if k == 0 {
                format!(
                    "{} <span class=\"muted\">({})</span>",
                    esc(&s.strategy),
                    esc(&s.platform)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                b,
                "<tr><td>{name}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                esc(&item.item),
                money(item.amount, &c.currency)
            );
        }
        let _ = writeln!(
            b,
            "<tr><td></td><th>monthly</th><th class=\"num\">{}</th></tr>",
            money(s.monthly, &c.currency)
        );
    }
    b.push_str("</table>\n</div>\n");
    sweep(b, e, catalog);
}

/// Every strategy's monthly cost across a range of average load, log-log,
/// with the break-even points and the profile's own load marked.
fn sweep(b: &mut String, e: &Evaluated, catalog: &Catalog) {
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
    let (w, h, left, bottom) = (640.0, 320.0, 70.0, 40.0);
    let px = |r: f64| left + (r / lo).ln() / (hi / lo).ln() * (w - left - 20.0);
    let py = |c: f64| {
        let span = (cmax / cmin).ln().max(1e-9);
        h - bottom - (c.max(cmin) / cmin).ln() / span * (h - bottom - 20.0)
    };
    b.push_str("<h2 id=\"cost-range\">Cost across a range of load</h2>\n<div class=\"pair\">\n");
    let desc = format!(
        "Monthly cost of each strategy as the average load moves from {} to {} requests per second (both axes logarithmic); the profile states {}.",
        fields::format_number(lo),
        fields::format_number(hi),
        fields::format_number(at)
    );
    let _ = writeln!(
        b,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"sweep-title sweep-desc\"><title id=\"sweep-title\">Monthly cost against average load</title><desc id=\"sweep-desc\">{}</desc>",
        esc(&desc)
    );
    let _ = writeln!(
        b,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\"/><line class=\"axis\" x1=\"{left}\" y1=\"20\" x2=\"{left}\" y2=\"{0}\"/><text x=\"{2}\" y=\"{3}\" text-anchor=\"middle\">average requests per second</text><text x=\"{left}\" y=\"12\">$ a month</text>",
        h - bottom,
        w - 20.0,
        (left + w) / 2.0,
        h - 6.0
    );
    for r in [lo, at, hi] {
        let _ = writeln!(
            b,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            px(r),
            h - bottom + 16.0,
            fields::format_number((r * 1000.0).round() / 1000.0)
        );
    }
    for c in [cmin, cmax] {
        let _ = writeln!(
            b,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            py(c) + 4.0,
            money(c, &e.assessment.costing.estimate.currency)
        );
    }
    let _ = writeln!(
        b,
        "<line class=\"grid\" x1=\"{0:.1}\" y1=\"20\" x2=\"{0:.1}\" y2=\"{1}\" stroke-dasharray=\"3 3\"/>",
        px(at),
        h - bottom
    );
    for (k, &s) in order.iter().enumerate() {
        let points: Vec<String> = rates
            .iter()
            .zip(costs)
            .filter_map(|(&r, c)| c[k].map(|c| format!("{:.1},{:.1}", px(r), py(c))))
            .collect();
        if points.is_empty() {
            continue;
        }
        let (colour, dash) = (PALETTE[k % PALETTE.len()], DASHES[k % DASHES.len()]);
        let last = points.last().cloned().unwrap_or_default();
        let _ = writeln!(
            b,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\" points=\"{}\"><title>{}</title></polyline><text x=\"{}\" y=\"{}\">{}</text>",
            points.join(" "),
            esc(&catalog.strategies[s].id),
            last.split(',')
                .next()
                .unwrap_or("0")
                .parse::<f64>()
                .unwrap_or(0.0)
                - 60.0,
            last.split(',')
                .nth(1)
                .unwrap_or("0")
                .parse::<f64>()
                .unwrap_or(0.0)
                - 6.0,
            esc(&catalog.strategies[s].id)
        );
    }
    for (be, cost) in e.break_even.iter().zip(crossings) {
        if be.average_rps < lo || be.average_rps > hi {
            continue;
        }
        let (below, above) = (
            &catalog.strategies[be.cheaper_below].id,
            &catalog.strategies[be.cheaper_above].id,
        );
        if let Some(c) = *cost {
            let _ = writeln!(
                b,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"><title>break-even: {} and {} at {} req/s</title></circle>",
                px(be.average_rps),
                py(c),
                esc(below),
                esc(above),
                fields::format_number(be.average_rps)
            );
        }
    }
    b.push_str("</svg>\n<table>\n<caption class=\"muted\">The chart's numbers (every tenth point), and where costs cross</caption>\n<tr><th class=\"num\">req/s</th>");
    for &s in order {
        let _ = write!(
            b,
            "<th class=\"num\">{}</th>",
            esc(&catalog.strategies[s].id)
        );
    }
    b.push_str("</tr>\n");
    for (r, c) in rates.iter().zip(costs).step_by(10) {
        let _ = write!(
            b,
            "<tr><td class=\"num\">{}</td>",
            fields::format_number((r * 1000.0).round() / 1000.0)
        );
        for v in c {
            let _ = write!(
                b,
                "<td class=\"num\">{}</td>",
                v.map_or("-".into(), |v| money(
                    v,
                    &e.assessment.costing.estimate.currency
                ))
            );
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</table>\n");
    if !e.break_even.is_empty() {
        b.push_str("<ul>\n");
        for be in &e.break_even {
            let _ = writeln!(
                b,
                "<li>{} is cheaper than {} below {} req/s on average</li>",
                esc(&catalog.strategies[be.cheaper_below].id),
                esc(&catalog.strategies[be.cheaper_above].id),
                fields::format_number(be.average_rps)
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str("</div>\n");
}

fn latency(b: &mut String, j: &AssessmentJson) {
    let l = &j.cost.latency;
    if l.is_empty() {
        return;
    }
    let budget = l.iter().find_map(|x| x.budget_ms);
    b.push_str("<h2 id=\"latency\">The latency budget</h2>\n<div class=\"pair\">\n");
    let target = budget.map_or("no latency target stated".to_owned(), |b| {
        format!("target {} ms", fields::format_number(b))
    });
    let rows: Vec<(String, f64, String)> = l
        .iter()
        .map(|x| {
            let text = format!(
                "+{} ms at {}",
                fields::format_number(x.added_ms),
                x.percentile
            );
            (x.strategy.clone(), x.added_ms, text)
        })
        .collect();
    let title = format!("Latency each strategy adds ({target})");
    let marker = budget.map(|b| (b, target.clone()));
    b.push_str(&bar_chart("latency", &title, &rows, marker));
    b.push_str("<table>\n<tr><th>strategy</th><th class=\"num\">adds</th><th>why</th></tr>\n");
    for x in l {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"num\">+{} ms at {}</td><td>{}</td></tr>",
            esc(&x.strategy),
            fields::format_number(x.added_ms),
            x.percentile,
            esc(&x.note)
        );
    }
    b.push_str("</table>\n</div>\n");
}

fn notes(b: &mut String, j: &AssessmentJson) {
    b.push_str("<h2 id=\"would-change\">What would change the answer</h2>\n");
    match j.would_change_if.as_deref() {
        Some([]) | None => b.push_str("<p>No single field change flips this recommendation.</p>\n"),
        Some(changes) => {
            b.push_str("<ul>\n");
            for c in changes {
                let _ = writeln!(
                    b,
                    "<li><code>{}={}</code> → {}</li>",
                    esc(&c.field),
                    esc(&value_text(&c.value)),
                    esc(&c.recommendation)
                );
            }
            b.push_str("</ul>\n");
        }
    }
    if !j.assumptions.is_empty() || !j.unknown.is_empty() {
        b.push_str("<h2 id=\"assumptions\">Assumptions</h2>\n<ul>\n");
        for a in &j.assumptions {
            let _ = writeln!(
                b,
                "<li><code>{}</code> assumed {}</li>",
                esc(&a.field),
                esc(&value_text(&a.value))
            );
        }
        for a in &j.cost.assumptions {
            let _ = writeln!(
                b,
                "<li><code>{}</code> assumed {} for the estimate ({})</li>",
                esc(a.field),
                esc(&a.value),
                esc(a.why)
            );
        }
        for u in &j.unknown {
            let _ = writeln!(
                b,
                "<li><code>{}</code> unknown: rules on it did not apply</li>",
                esc(u)
            );
        }
        b.push_str("</ul>\n");
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn fired(b: &mut String, e: &Evaluated, catalog: &Catalog) {
    b.push_str("<h2 id=\"rules\">Every rule that fired, with its source</h2>\n<table>\n<tr><th>rule</th><th>what it says</th><th>source</th></tr>\n");
    for &r in &e.assessment.fired {
        let rule = &catalog.rules[r];
        let _ = writeln!(
            b,
            "<tr id=\"rule-{0}\"><td><code>{0}</code><br/><span class=\"muted\">{1}</span></td><td>{2}<br/><span class=\"muted\">{3}</span></td><td>{4}</td></tr>",
            esc(&rule.id),
            esc(&rule.title),
            esc(&crate::analysis::engine::render_message(
                &rule.message,
                &e.profile
            )),
            esc(&rule.why),
            esc(&rule.source)
        );
    }
    b.push_str("</table>\n");
}

/// A hybrid system: the plan as a workload × strategy grid, why, and each
/// workload's ranking.
pub fn hybrid(h: &crate::analysis::evaluated::System, catalog: &Catalog) -> String {
    let name = &h.profile.name;
    let plan = &h.solution.best;
    let mut b = format!("<h1>advise: {}</h1>\n", esc(name));
    let _ = writeln!(
        b,
        "<p class=\"lead\">{}</p>",
        esc(&crate::report::hybrid::reason(h, catalog))
    );
    for pack in packs_summary(catalog) {
        let _ = writeln!(b, "<p class=\"muted\">Rules: {}</p>", esc(&pack));
    }
    b.push_str("<h2 id=\"plan\">The plan: a strategy per workload</h2>\n<p class=\"muted\">Each cell is the workload's score on that strategy; ◆ marks the plan's choice, \"out\" a strategy a hard limit rules out.</p>\n<table>\n<tr><th>workload</th>");
    for st in &catalog.strategies {
        let _ = write!(b, "<th class=\"num\">{}</th>", esc(&st.id));
    }
    b.push_str("</tr>\n");
    for (i, w) in h.workloads.iter().enumerate() {
        let _ = write!(
            b,
            "<tr><th><a href=\"#workload-{i}\">{}</a></th>",
            esc(h.name(i))
        );
        for s in 0..catalog.strategies.len() {
            let sc = w.assessment.scored(s);
            let cell = if sc.eligible {
                number(sc.score)
            } else {
                "out".into()
            };
            if plan.assignments[i] == s {
                let _ = write!(
                    b,
                    "<td class=\"num\" style=\"background:{POSITIVE};color:#ffffff\"><strong>◆ {cell}</strong></td>"
                );
            } else {
                let _ = write!(b, "<td class=\"num\">{cell}</td>");
            }
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</table>\n");
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        let _ = writeln!(
            b,
            "<h2 id=\"workload-{i}\">{}</h2>\n<div class=\"pair\">",
            esc(h.name(i))
        );
        b.push_str(&ranking_chart(&j.ranking, false, &format!("rank-{i}")));
        b.push_str(&ranking_table(&j.ranking));
        b.push_str("</div>\n");
    }
    b.push_str("<h2 id=\"rules\">Every rule that fired, with its source</h2>\n<table>\n<tr><th>rule</th><th>workloads</th><th>source</th></tr>\n");
    let mut seen: Vec<usize> = Vec::new();
    for w in &h.workloads {
        for &r in &w.assessment.fired {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
    }
    for r in seen {
        let rule = &catalog.rules[r];
        let on: Vec<&str> = (0..h.workloads.len())
            .filter(|&i| h.workloads[i].assessment.fired.contains(&r))
            .map(|i| h.name(i))
            .collect();
        let _ = writeln!(
            b,
            "<tr id=\"rule-{0}\"><td><code>{0}</code><br/><span class=\"muted\">{1}</span></td><td>{2}</td><td>{3}</td></tr>",
            esc(&rule.id),
            esc(&rule.title),
            esc(&on.join(", ")),
            esc(&rule.source)
        );
    }
    b.push_str("</table>\n");
    page(&format!("advise: {name}"), &b)
}

/// A hybrid system's rankings, one chart per workload, in one SVG.
pub fn hybrid_svg(h: &crate::analysis::evaluated::System, catalog: &Catalog) -> String {
    let mut inner = String::new();
    let mut y = 0.0;
    let mut width: f64 = 0.0;
    for (i, w) in h.workloads.iter().enumerate() {
        let j = AssessmentJson::new(w, catalog, false);
        let chart = ranking_chart(&j.ranking, false, &format!("rank-{i}"));
        let height = 30.0 + 44.0 * j.ranking.len() as f64 + 24.0;
        width = width.max(780.0);
        let _ = writeln!(
            inner,
            "<text x=\"4\" y=\"{:.1}\" font-weight=\"bold\">{}</text>",
            y + 14.0,
            esc(h.name(i))
        );
        inner.push_str(&chart.replacen("<svg", &format!("<svg x=\"0\" y=\"{:.1}\"", y + 18.0), 1));
        y += height + 24.0;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {y}\" width=\"{width}\" height=\"{y}\" role=\"img\" aria-label=\"{}\">\n<style>text {{ font: 12px system-ui, sans-serif; fill: #1b1b1b; }} .grid {{ stroke: #d0d0d0; }} .tick {{ stroke: #1b1b1b; stroke-width: 2; }}</style>\n{inner}</svg>\n",
        esc(&format!("Each workload's ranking in {}", h.profile.name))
    )
}

/// Many profiles: how many per recommendation, then the table pre-sorted
/// two ways (no script: each order is its own section).
pub fn compare(all: &[Evaluated], catalog: &Catalog) -> String {
    let mut b = format!("<h1>advise compare: {} profiles</h1>\n", all.len());
    for pack in packs_summary(catalog) {
        let _ = writeln!(b, "<p class=\"muted\">Rules: {}</p>", esc(&pack));
    }
    let counts: Vec<(String, usize)> = catalog
        .strategies
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let n = all
                .iter()
                .filter(|e| e.assessment.winner().strategy == s)
                .count();
            (st.id.clone(), n)
        })
        .collect();
    b.push_str("<h2>Profiles per recommendation</h2>\n<div class=\"pair\">\n");
    count_chart(&mut b, "recommendations", &counts);
    b.push_str("</div>\n");
    let rows = |order: &[&Evaluated]| {
        let mut t = String::from(
            "<table>\n<tr><th>profile</th><th>recommendation</th><th class=\"num\">margin</th>",
        );
        for s in &catalog.strategies {
            let _ = write!(t, "<th class=\"num\">{}</th>", esc(&s.id));
        }
        t.push_str("</tr>\n");
        for e in order {
            let a = &e.assessment;
            let margin = match a.margin() {
                _ if a.is_tie() => "tie".to_owned(),
                Some(m) => number(m),
                None => "-".into(),
            };
            let _ = write!(
                t,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{margin}</td>",
                esc(&a.profile),
                esc(&catalog.strategies[a.winner().strategy].id)
            );
            for s in 0..catalog.strategies.len() {
                let sc = a.scored(s);
                let cell = if sc.eligible {
                    number(sc.score)
                } else {
                    "out".into()
                };
                let _ = write!(t, "<td class=\"num\">{cell}</td>");
            }
            t.push_str("</tr>\n");
        }
        t.push_str("</table>\n");
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
    b.push_str("<p><a href=\"#by-name\">sorted by name</a> · <a href=\"#by-margin\">closest calls first</a></p>\n");
    b.push_str("<h2 id=\"by-name\">By name</h2>\n");
    b.push_str(&rows(&by_name));
    b.push_str("<h2 id=\"by-margin\">Closest calls first</h2>\n");
    b.push_str(&rows(&by_margin));
    page("advise compare", &b)
}

/// The gate: verdict counts, then every finding, worst first.
pub fn check(run: &Run, catalog: &Catalog) -> String {
    let mut b = format!(
        "<h1>advise check: {}</h1>\n<p class=\"lead\">{}</p>\n",
        if run.failed() { "failed" } else { "passed" },
        esc(&run.summary())
    );
    for pack in packs_summary(catalog) {
        let _ = writeln!(b, "<p class=\"muted\">Rules: {}</p>", esc(&pack));
    }
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
    b.push_str("<h2>Verdicts</h2>\n<div class=\"pair\">\n");
    count_chart(&mut b, "verdicts", &counts);
    b.push_str("</div>\n<h2>Every profile, worst first</h2>\n<table>\n<tr><th>file</th><th>verdict</th><th>current</th><th>recommended</th><th class=\"num\">gap</th><th>message</th></tr>\n");
    for i in &run.invalid {
        let _ = writeln!(
            b,
            "<tr><td><code>{}</code></td><td>invalid</td><td></td><td></td><td></td><td>{}</td></tr>",
            esc(&i.path),
            esc(&i.message())
        );
    }
    let mut findings: Vec<_> = run.findings.iter().collect();
    findings.sort_by_key(|f| {
        (
            verdicts.iter().position(|v| *v == f.verdict),
            f.path.clone(),
        )
    });
    for f in findings {
        let _ = writeln!(
            b,
            "<tr><td><code>{}:{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&f.path),
            f.loc.line,
            f.verdict.name(),
            esc(&catalog.strategies[f.current].id),
            esc(&catalog.strategies[f.recommendation].id),
            number(f.gap),
            esc(&f.message)
        );
    }
    b.push_str("</table>\n");
    page("advise check", &b)
}

/// Horizontal bars of counts, with the counts in a table beside them.
fn count_chart(b: &mut String, what: &str, counts: &[(String, usize)]) {
    let rows: Vec<(String, f64, String)> = counts
        .iter()
        .map(|(k, n)| (k.clone(), *n as f64, n.to_string()))
        .collect();
    b.push_str(&bar_chart(
        what,
        &format!("Profiles per {what}"),
        &rows,
        None,
    ));
    b.push_str("<table>\n");
    for (k, n) in counts {
        let _ = writeln!(b, "<tr><td>{}</td><td class=\"num\">{n}</td></tr>", esc(k));
    }
    b.push_str("</table>\n");
}

/// Horizontal bars, one per (label, value, value as shown), scaled to the
/// largest value (or the marker's), with an optional marked value (a
/// target). Its text alternative lists every row.
fn bar_chart(
    id: &str,
    title: &str,
    rows: &[(String, f64, String)],
    marker: Option<(f64, String)>,
) -> String {
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
    let desc: Vec<String> = rows.iter().map(|(k, _, v)| format!("{k}: {v}")).collect();
    let mut s = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\n",
        esc(title),
        esc(&desc.join("; "))
    );
    for (i, (k, v, shown)) in rows.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let w = v / max * plot;
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label - 8.0,
            y + 14.0,
            esc(k),
            PALETTE[i % PALETTE.len()],
            label + w + 6.0,
            y + 14.0,
            esc(shown)
        );
    }
    if let Some((at, text)) = marker {
        let mx = label + at / max * plot;
        let _ = writeln!(
            s,
            "<line class=\"tick\" x1=\"{mx:.1}\" y1=\"0\" x2=\"{mx:.1}\" y2=\"{:.1}\"/><text x=\"{mx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            height - 14.0,
            height - 2.0,
            esc(&text)
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("bell\u{7}"), "bell\\u{7}");
    }

    #[test]
    fn the_heat_ramp_runs_dark_to_light() {
        assert_eq!(cividis(0.0).0, "#00204D");
        assert_eq!(cividis(1.0).0, "#FFEA46");
        assert_eq!(cividis(0.0).1, "#ffffff");
        assert_eq!(cividis(1.0).1, "#000000");
    }
}
