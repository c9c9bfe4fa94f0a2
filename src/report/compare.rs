//! `advise compare`: many profiles side by side, one row per profile and one
//! column per strategy, the winner of each row marked.

use comfy_table::{Cell, CellAlignment, Table};

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::report::table::STYLE;
use crate::text::escape;
use crate::text::number::hundredths;
use crate::text::wrap::display_width;
use crate::text::wrap::wrap;

/// One row of the matrix: (profile, per-strategy cells in catalog order,
/// recommendation, margin). A cell is the score, `*` marking the winner and
/// `out` an ineligible strategy.
fn rows(all: &[Evaluated], catalog: &Catalog) -> Vec<(String, Vec<String>, String, String)> {
    all.iter()
        .map(|e| {
            let a = &e.assessment;
            let winner = a.winner().strategy;
            let cells = catalog
                .each_strategy()
                .map(|s| {
                    let scored = a.scored(s);
                    match (scored.eligible, s == winner) {
                        (false, _) => "out".to_owned(),
                        (true, true) => format!("*{:.2}", hundredths(scored.score)),
                        (true, false) => format!("{:.2}", hundredths(scored.score)),
                    }
                })
                .collect();
            let margin = match a.margin() {
                _ if a.is_tie() => "tie".into(),
                Some(m) => format!("{:.2}", hundredths(m)),
                None => "-".into(),
            };
            (
                escape::visible(&a.profile).into_owned(),
                cells,
                catalog.strategies[winner].id.clone(),
                margin,
            )
        })
        .collect()
}

/// The matrix where it fits the terminal; else one block per profile, each
/// strategy on a line of its own, so that no name is broken.
pub(crate) fn table(all: &[Evaluated], catalog: &Catalog, width: usize) -> String {
    let mut header = vec!["profile"];
    header.extend(catalog.strategies.iter().map(|s| s.id.as_str()));
    // `*` marks the winner, so the terminal matrix needs no `best` column
    // (the other formats name it).
    header.push("margin");
    let mut t = Table::new();
    t.load_style(STYLE);
    t.set_header(header);
    // Two spaces between columns: the matrix of four strategies fits 80.
    for column in t.column_iter_mut() {
        column.set_padding((0, 1));
    }
    let rows = rows(all, catalog);
    for (profile, cells, _, margin) in &rows {
        let mut row = vec![Cell::new(profile)];
        row.extend(
            cells
                .iter()
                .map(|c| Cell::new(c).set_alignment(CellAlignment::Right)),
        );
        row.push(Cell::new(margin).set_alignment(CellAlignment::Right));
        t.add_row(row);
    }
    let matrix = t.to_string();
    let fits = matrix.lines().all(|l| display_width(l) <= width);
    let body = if fits {
        format!("{matrix}\n")
    } else {
        let name_width = catalog
            .strategies
            .iter()
            .map(|s| s.id.len())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (profile, cells, recommendation, margin) in &rows {
            let lead = match margin.as_str() {
                "tie" => format!("{profile}: {recommendation} (tie)"),
                "-" => format!("{profile}: {recommendation}"),
                m => format!("{profile}: {recommendation}, ahead by {m}"),
            };
            out.push_str(&format!("{}\n", wrap(&lead, width, 2)));
            for (strategy, cell) in catalog.strategies.iter().zip(cells) {
                out.push_str(&format!("  {:name_width$}  {cell:>7}\n", strategy.id));
            }
        }
        out
    };
    let legend = "* marks each profile's recommendation; out: ruled out by a hard limit; tie: the first two score the same.";
    let mut out = format!("{body}{}\n", wrap(legend, width, 0));
    for pack in crate::report::view::packs_summary(catalog) {
        out.push_str(&format!("{}\n", wrap(&format!("Rules: {pack}"), width, 0)));
    }
    out
}

pub(crate) fn markdown(all: &[Evaluated], catalog: &Catalog) -> String {
    let ids: Vec<&str> = catalog.strategies.iter().map(|s| s.id.as_str()).collect();
    let mut out = format!(
        "| profile | {} | recommendation | margin |\n",
        ids.join(" | ")
    );
    out.push_str(&format!(
        "| --- |{} --- | ---: |\n",
        " ---: |".repeat(ids.len())
    ));
    for (profile, cells, recommendation, margin) in rows(all, catalog) {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| match c.strip_prefix('*') {
                Some(score) => format!("**{score}**"),
                None => c,
            })
            .collect();
        out.push_str(&format!(
            "| {} | {} | {recommendation} | {margin} |\n",
            escape::markdown(&profile),
            cells.join(" | ")
        ));
    }
    let packs = crate::report::view::packs_summary(catalog);
    if !packs.is_empty() {
        out.push('\n');
        for pack in packs {
            out.push_str(&format!("Rules: {}\n\n", escape::markdown(&pack)));
        }
        out.pop();
    }
    out
}

pub(crate) fn csv(all: &[Evaluated], catalog: &Catalog) -> String {
    let mut out = String::from("profile,path,recommendation,margin,close_call");
    for s in &catalog.strategies {
        out.push_str(&format!(",{0},{0}_eligible", s.id));
    }
    // Added after the first release: at the end, so column positions hold.
    out.push_str(",tie\r\n");
    for e in all {
        let a = &e.assessment;
        let margin = a
            .margin()
            .map_or_else(String::new, |m| hundredths(m).to_string());
        out.push_str(&format!(
            "{},{},{},{margin},{}",
            escape::csv(&a.profile),
            escape::csv(&e.path),
            catalog.strategies[a.winner().strategy].id,
            a.is_close_call()
        ));
        for s in catalog.each_strategy() {
            let scored = a.scored(s);
            out.push_str(&format!(
                ",{},{}",
                hundredths(scored.score),
                scored.eligible
            ));
        }
        out.push_str(&format!(",{}\r\n", a.is_tie()));
    }
    out
}
