//! What every page shares: the page shell and its CSS, the palette, and
//! the small builders of headings, tables and chart frames.

use std::fmt::Display;

use crate::domain::catalog::{Catalog, Rule};
use crate::report::markup::{Element, el};
use crate::report::view::packs_summary;
use crate::text::number::hundredths;

/// Okabe-Ito: distinguishable with every common colour-vision deficiency.
pub(super) const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];
pub(super) const POSITIVE: &str = "#0072B2";
pub(super) const NEGATIVE: &str = "#D55E00";
pub(super) const BASELINE: &str = "#999999";
/// Dash patterns, so that lines differ without colour too.
pub(super) const DASHES: [&str; 7] = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4"];

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
.scroll { overflow-x: auto; }
table.compare td.win { background: var(--panel); }
table.compare tr.system th { background: var(--panel); font-weight: normal; }
table.compare td.workload { padding-left: 1.6em; }
@media print {
  :root { --fg: #000000; --bg: #ffffff; --muted: #444444; --line: #bbbbbb; --panel: #ffffff; }
  body { max-width: none; margin: 0; }
  h2 { break-after: avoid; }
  .pair, table, svg { break-inside: avoid; }
}
"#;

/// The style of a standalone SVG file, which has no page around it.
pub(super) const SVG_STYLE: &str = "text { font: 12px system-ui, sans-serif; fill: #1b1b1b; } .grid { stroke: #d0d0d0; } .tick { stroke: #1b1b1b; stroke-width: 2; }";
pub(super) const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

pub(super) fn page(title: &str, body: Element) -> String {
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

pub(super) fn number(x: f64) -> String {
    format!("{:.2}", hundredths(x))
}

pub(super) fn money(x: f64, currency: &str) -> String {
    match currency {
        "USD" => crate::text::money::dollars(x),
        _ => crate::text::money::dollars(x).replacen('$', "", 1),
    }
}

pub(super) fn h2(id: &str, title: &str) -> Element {
    el("h2").attr("id", id).text(title)
}

pub(super) fn muted(name: &'static str, text: impl Display) -> Element {
    el(name).attr("class", "muted").text(text)
}

pub(super) fn td(text: impl Display) -> Element {
    el("td").text(text)
}

pub(super) fn th(text: impl Display) -> Element {
    el("th").text(text)
}

/// A cell of a number column, right-aligned.
pub(super) fn num(name: &'static str, text: impl Display) -> Element {
    el(name).attr("class", "num").text(text)
}

pub(super) fn tr(cells: impl IntoIterator<Item = Element>) -> Element {
    el("tr").children(cells)
}

/// A table, its caption if any, then its header row.
pub(super) fn table(caption: Option<&str>, header: Element) -> Element {
    let mut t = el("table").nl();
    if let Some(caption) = caption {
        t.push_line(muted("caption", caption));
    }
    t.child(header).nl()
}

/// A chart and its numbers side by side.
pub(super) fn pair(chart: Element, numbers: Element) -> Element {
    el("div")
        .attr("class", "pair")
        .nl()
        .child(chart)
        .nl()
        .child(numbers)
        .nl()
}

pub(super) fn code(text: impl Display) -> Element {
    el("code").text(text)
}

/// The sentence of what each pack did, under the heading.
pub(super) fn packs(body: &mut Element, catalog: &Catalog) {
    for pack in packs_summary(catalog) {
        body.push_line(muted("p", format!("Rules: {pack}")));
    }
}

/// A chart's size and the ids of its title and text alternative.
pub(super) fn chart(svg: Element, id: &str, width: f64, height: f64) -> Element {
    svg.attr("viewBox", format!("0 0 {width} {height}"))
        .attr("width", width)
        .attr("height", height)
        .attr("role", "img")
        .attr("aria-labelledby", format!("{id}-title {id}-desc"))
}

pub(super) fn title(id: &str, text: impl Display) -> Element {
    el("title").attr("id", format!("{id}-title")).text(text)
}

pub(super) fn desc(id: &str, text: impl Display) -> Element {
    el("desc").attr("id", format!("{id}-desc")).text(text)
}

/// The heading and header row of the table of rules that fired, its
/// middle column named.
pub(super) fn rules_table(body: &mut Element, middle: &str) -> Element {
    body.push_line(h2("rules", "Every rule that fired, with its source"));
    table(None, tr([th("rule"), th(middle), th("source")]))
}

/// A rule's row in the table of rules: its id (the charts link here) and
/// title, then the middle cell, then its source.
pub(super) fn rule_row(rule: &Rule, middle: Element) -> Element {
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
