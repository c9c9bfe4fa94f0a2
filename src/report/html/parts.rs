//! What every page shares: the page shell and its CSS, the palette, and
//! the small builders of headings, tables and chart frames.

use std::fmt::Display;
use std::sync::OnceLock;

use crate::domain::catalog::{Catalog, Rule};
use crate::report::markup::{Element, el};
use crate::report::view::packs_summary;
use crate::text::number::hundredths;

/// A colour as a light and a dark page show it: each reads at 4.5:1 or
/// more against its own page (WCAG 2 AA for text, tested below), so the
/// same hue can label text and fill a bar in both schemes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Swatch {
    pub key: &'static str,
    pub light: &'static str,
    pub dark: &'static str,
}

/// One colour per strategy, everywhere: the Okabe-Ito hues (distinguishable
/// with every common colour-vision deficiency), darkened for a light page
/// and as published for a dark one. Strategies a pack adds take the
/// `OTHER_STRATEGIES` hues by their name, so they too keep one colour.
pub(super) const STRATEGIES: [Swatch; 4] = [
    Swatch {
        key: "multi-instance",
        light: "#8F5C00",
        dark: "#E69F00",
    },
    Swatch {
        key: "container",
        light: "#0072B2",
        dark: "#56B4E9",
    },
    Swatch {
        key: "serverless",
        light: "#007A5B",
        dark: "#009E73",
    },
    Swatch {
        key: "service-mesh",
        light: "#A8508A",
        dark: "#CC79A7",
    },
];
pub(super) const OTHER_STRATEGIES: [Swatch; 2] = [
    Swatch {
        key: "other-1",
        light: "#5B4FC4",
        dark: "#A99CF0",
    },
    Swatch {
        key: "other-2",
        light: "#6F5A3A",
        dark: "#C8A47E",
    },
];
/// A verdict's colour, apart from the strategies' (and named beside it
/// wherever it is shown, so colour is never the only cue).
pub(super) const STATUSES: [Swatch; 5] = [
    Swatch {
        key: "fit",
        light: "#2F6B3A",
        dark: "#7BC88A",
    },
    Swatch {
        key: "drift",
        light: "#7A6500",
        dark: "#D8C34A",
    },
    Swatch {
        key: "accepted",
        light: "#5A5A5A",
        dark: "#A8A8A8",
    },
    Swatch {
        key: "mismatch",
        light: "#B84F00",
        dark: "#F07E3A",
    },
    // A profile `check` could not read.
    Swatch {
        key: "invalid",
        light: "#8B1E3F",
        dark: "#F28CA6",
    },
];
/// Text, muted text and the ghost of what rules took away: page colours.
pub(super) const INKS: [Swatch; 3] = [
    Swatch {
        key: "fg",
        light: "#1B1B1B",
        dark: "#E8E8E8",
    },
    Swatch {
        key: "muted",
        light: "#5A5A5A",
        dark: "#A8A8A8",
    },
    // A browser's own link blue is 2.2:1 on a dark page.
    Swatch {
        key: "link",
        light: "#0B57D0",
        dark: "#8AB4F8",
    },
];
/// The summary card's background in each scheme: the inks read on it too.
pub(super) const PANEL: (&str, &str) = ("#F6F6F6", "#222222");
/// The page's background in each scheme.
pub(super) const BACKGROUND: (&str, &str) = ("#FFFFFF", "#161616");

/// The CSS variable of a strategy's colour (`var(--s1)`): a built-in
/// strategy's own, any other's chosen by its name.
pub(super) fn strategy_colour(id: &str) -> String {
    match STRATEGIES.iter().position(|s| s.key == id) {
        Some(k) => format!("var(--s{k})"),
        None => {
            let k = id.bytes().map(usize::from).sum::<usize>() % OTHER_STRATEGIES.len();
            format!("var(--s{})", STRATEGIES.len() + k)
        }
    }
}

/// The colour of a bar labelled `key`: a verdict's status colour, or the
/// strategy's.
pub(super) fn colour_of(key: &str) -> String {
    match STATUSES.iter().position(|s| s.key == key) {
        Some(k) => format!("var(--v{k})"),
        None => strategy_colour(key),
    }
}

/// The palette's CSS variables for one scheme.
fn variables(dark: bool) -> String {
    let pick = |s: &Swatch| if dark { s.dark } else { s.light };
    let mut out = String::new();
    for (k, s) in STRATEGIES.iter().chain(&OTHER_STRATEGIES).enumerate() {
        out.push_str(&format!(" --s{k}: {};", pick(s)));
    }
    for (k, s) in STATUSES.iter().enumerate() {
        out.push_str(&format!(" --v{k}: {};", pick(s)));
    }
    for s in &INKS {
        out.push_str(&format!(" --{}: {};", s.key, pick(s)));
    }
    let (bg, panel) = if dark {
        (BACKGROUND.1, PANEL.1)
    } else {
        (BACKGROUND.0, PANEL.0)
    };
    out.push_str(&format!(" --bg: {bg}; --panel: {panel};"));
    out
}

/// Dash patterns, so that lines differ without colour too.
pub(super) const DASHES: [&str; 7] = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4"];

/// The page's CSS; `PALETTE_LIGHT` and `PALETTE_DARK` stand for the
/// palette's variables, filled in by [`style`].
const STYLE: &str = r#"
:root { --line: #d0d0d0;PALETTE_LIGHT }
@media (prefers-color-scheme: dark) {
  :root { --line: #444444;PALETTE_DARK }
}
*, *::before, *::after { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); max-width: 1100px; margin: 0 auto; padding: 1em; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin: 0.8em 0 0.3em; }
p.lead { font-size: 1.1em; }
bdi { overflow-wrap: anywhere; }
a { color: var(--link); }
.muted { color: var(--muted); }
.card { border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 0.6em 1em; margin: 0.8em 0; }
.card dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25em 1em; margin: 0.4em 0; }
.card dt { font-weight: 600; }
.card dd { margin: 0; }
.card ol { margin: 0.2em 0; padding-left: 1.4em; }
.flag { font-weight: 600; border: 1px solid currentColor; border-radius: 3px; padding: 0 0.3em; }
table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 0.5em 0 1em; overflow-wrap: normal; }
td bdi, th bdi, td code { overflow-wrap: anywhere; }
th, td { border: 1px solid var(--line); padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; white-space: nowrap; }
td.chosen { font-weight: 700; outline: 2px solid var(--fg); outline-offset: -3px; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
.pair > * { flex: 1 1 360px; min-width: 0; }
.pair > .chart { flex: 2 1 520px; }
.chart { max-width: 100%; overflow-x: auto; }
.chart svg { display: block; max-width: 100%; min-width: 540px; height: auto; }
svg text { fill: var(--fg); font: 15px system-ui, sans-serif; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .tick { stroke: var(--fg); stroke-width: 2; }
svg .ghost { fill: none; stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .gain { fill: var(--muted); }
.heat td { text-align: center; font-variant-numeric: tabular-nums; min-width: 3.2em; }
.key span { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 0.3em 0 1em; }
code { font-size: 0.95em; }
.scroll { overflow-x: auto; }
table.compare td.win { background: var(--panel); }
table.compare tr.system th { background: var(--panel); font-weight: normal; }
table.compare td.workload { padding-left: 1.6em; }
@media (max-width: 600px) {
  body { font-size: 14px; padding: 0.5em; }
  .card dl { grid-template-columns: minmax(0, 1fr); }
  .card dd { margin-bottom: 0.3em; }
}
@media print {
  :root {PALETTE_LIGHT --fg: #000000; --bg: #ffffff; --muted: #444444; --line: #bbbbbb; --panel: #ffffff; }
  @page { margin: 9mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 8pt; line-height: 1.2; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; margin-top: 1em; break-after: avoid; }
  table { display: table; font-size: 7.5pt; margin: 0.3em 0; }
  thead { display: table-header-group; }
  tr, .card, svg { break-inside: avoid; }
  th, td { padding: 0.1em 0.4em; }
  .pair { display: block; }
  .chart { overflow: visible; }
  .chart svg { min-width: 0; width: auto; max-width: 100%; max-height: 34mm; }
  .twocol { columns: 2; column-gap: 6mm; }
  .twocol li { break-inside: avoid; }
  .paper-table .chart { display: none; }
  svg[aria-labelledby^="sweep-"] { max-height: 60mm; }
  .rules { table-layout: fixed; font-size: 7pt; }
  .rules th:first-child { width: 21%; }
  .rules th:last-child { width: 23%; }
  .rules th:nth-last-child(3) { width: 38%; }
  .rules th:nth-last-child(2) { width: 7%; }
  h3 { font-size: 10pt; margin: 0.6em 0 0.2em; }
  ul { margin: 0.2em 0; padding-left: 1.2em; }
  p { margin: 0.3em 0; }
  table { width: 100%; }
  .noprint { display: none; }
}
"#;

/// The page's style sheet, the palette filled in once.
fn style() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        STYLE
            .replace("PALETTE_LIGHT", &variables(false))
            .replace("PALETTE_DARK", &variables(true))
    })
}

/// The style of a standalone SVG file, which has no page around it: the
/// same palette, and text in the colour of the scheme it is shown in.
pub(super) fn svg_style() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        format!(
            ":root {{{}}} @media (prefers-color-scheme: dark) {{ :root {{{}}} }} text {{ font: 15px system-ui, sans-serif; fill: var(--fg); }} .grid {{ stroke: var(--muted); stroke-opacity: 0.35; }} .axis {{ stroke: var(--muted); }} .tick {{ stroke: var(--fg); stroke-width: 2; }} .ghost {{ fill: none; stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 4 3; }} .gain {{ fill: var(--muted); }}",
            variables(false),
            variables(true)
        )
    })
}
pub(super) const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// What the page may load: nothing but its own inline style and images
/// written into it; a second guard behind the escaping.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

pub(super) fn page(title: &str, body: Element) -> String {
    let head = el("head")
        .nl()
        .child(el("meta").attr("charset", "utf-8"))
        .nl()
        .child(
            el("meta")
                .attr("http-equiv", "Content-Security-Policy")
                .attr("content", CONTENT_SECURITY_POLICY),
        )
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
        .child(el("style").css(style()))
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

/// A name from a profile (a system's, a workload's): isolated, so that
/// its direction cannot reorder the text around it.
pub(super) fn name(text: impl Display) -> Element {
    el("bdi").text(text)
}

/// Prose that marks code the Markdown way (`advise cost`): the marked
/// parts as `<code>`, the rest as text, no backtick shown.
pub(super) fn prose(mut into: Element, text: &str) -> Element {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one as written.
    let paired = parts.len() % 2 == 1;
    for (k, part) in parts.iter().enumerate() {
        if k % 2 == 1 && (paired || k + 1 < parts.len()) {
            into.push(code(part));
        } else {
            if k % 2 == 1 {
                into.push_text("`");
            }
            into.push_text(part);
        }
    }
    into
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

/// A table, its caption if any, then its header row in `<thead>` (which
/// print repeats on every page); the rows follow.
pub(super) fn table(caption: Option<&str>, header: Element) -> Element {
    let mut t = el("table").nl();
    if let Some(caption) = caption {
        t.push_line(muted("caption", caption));
    }
    t.child(el("thead").child(header)).nl()
}

/// A chart and its numbers side by side (stacked on a phone); the chart
/// scrolls in its own box rather than shrink its text below legibility.
pub(super) fn pair(chart: Element, numbers: Element) -> Element {
    el("div")
        .attr("class", "pair")
        .nl()
        .child(el("div").attr("class", "chart").child(chart))
        .nl()
        .child(numbers)
        .nl()
}

/// A chart and its numbers, where on paper the numbers stand alone: bars
/// of a few figures that a table beside them gives in full would take a
/// third of a printed page each.
pub(super) fn pair_on_screen(chart: Element, numbers: Element) -> Element {
    el("div")
        .attr("class", "paper-table")
        .child(pair(chart, numbers))
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
/// middle columns named.
pub(super) fn rules_table(body: &mut Element, middle: &[&str]) -> Element {
    body.push_line(h2("rules", "Every rule that fired, with its source"));
    table(
        None,
        el("tr")
            .child(th("rule"))
            .children(middle.iter().map(th))
            .child(th("source")),
    )
    .attr("class", "rules")
}

/// A rule's first cell: its title, then its id (the charts link here).
pub(super) fn rule_cell(rule: &Rule) -> Element {
    el("td")
        .child(el("strong").text(&rule.title))
        .child(el("br"))
        .child(code(&rule.id))
}

/// A rule's source: its text, any web address in it a link that sends
/// no referrer (the one kind of link that leaves the page).
pub(super) fn source_cell(rule: &Rule) -> Element {
    let mut cell = el("td");
    for (k, word) in rule.source.split(' ').enumerate() {
        if k > 0 {
            cell.push_text(" ");
        }
        let url = word.trim_end_matches([',', ';', ')', '.']);
        if url.starts_with("https://") && url.len() > "https://".len() {
            cell.push(
                el("a")
                    .attr("href", url)
                    .attr("rel", "noreferrer")
                    .text(url),
            );
            cell.push_text(&word[url.len()..]);
        } else {
            cell.push_text(word);
        }
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2's relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |at: usize| {
            let c = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_colour_reads_at_4_5_to_1_on_its_own_page() {
        let (light, dark) = BACKGROUND;
        for s in STRATEGIES
            .iter()
            .chain(&OTHER_STRATEGIES)
            .chain(&STATUSES)
            .chain(&INKS)
        {
            let (l, d) = (contrast(s.light, light), contrast(s.dark, dark));
            assert!(l >= 4.5, "{} on light: {l:.2}", s.key);
            assert!(d >= 4.5, "{} on dark: {d:.2}", s.key);
        }
        for s in &INKS {
            let (l, d) = (contrast(s.light, PANEL.0), contrast(s.dark, PANEL.1));
            assert!(
                l >= 4.5 && d >= 4.5,
                "{} on the card: {l:.2}, {d:.2}",
                s.key
            );
        }
        // The known values: black on white is 21:1.
        assert!((contrast("#000000", "#FFFFFF") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn each_strategy_keeps_one_colour_and_verdicts_have_their_own() {
        assert_eq!(strategy_colour("container"), "var(--s1)");
        assert_eq!(colour_of("container"), "var(--s1)");
        assert_eq!(colour_of("mismatch"), "var(--v3)");
        assert_eq!(colour_of("invalid"), "var(--v4)");
        assert_eq!(strategy_colour("edge"), strategy_colour("edge"));
        let others: Vec<String> = (0..OTHER_STRATEGIES.len())
            .map(|k| format!("var(--s{})", STRATEGIES.len() + k))
            .collect();
        assert!(others.contains(&strategy_colour("edge")));
        let css = style();
        for k in 0..STRATEGIES.len() + OTHER_STRATEGIES.len() {
            assert_eq!(css.matches(&format!("--s{k}: ")).count(), 3, "{k}");
        }
    }

    #[test]
    fn backticks_mark_code() {
        let p = prose(el("p"), "see `advise cost` and a ` alone");
        let mut out = el("div").child(p);
        out.push_text("");
        let doc = out.xml_document();
        assert!(
            doc.contains("see <code>advise cost</code> and a ` alone"),
            "{doc}"
        );
    }
}
