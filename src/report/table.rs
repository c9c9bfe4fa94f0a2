//! The terminal report: a ranked table, then the reasons, at most 100
//! columns wide. Colour is written as ANSI codes; the binary's `anstream`
//! writer removes them when stdout is not a terminal or `NO_COLOR` is set.

use comfy_table::{Attribute, Cell, CellAlignment, Color, LineStyle, Table, TableStyle};

use crate::catalog::Catalog;
use crate::report::outline::{Outline, outline};
use crate::report::{Evaluated, View, wrap};

pub const WIDTH: usize = 100;

/// Rules above and below, a line under the header, nothing between rows.
pub const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

pub fn assessment(e: &Evaluated, catalog: &Catalog, view: View) -> String {
    render(&outline(e, catalog, view.explain))
}

fn render(o: &Outline) -> String {
    let mut out = String::new();
    out.push_str(&format!("{BOLD}{}{RESET}\n", wrap(&o.headline, WIDTH, 0)));
    out.push('\n');

    let mut table = Table::new();
    table.load_style(STYLE);
    // Colour is always written; the binary's writer strips it when needed.
    table.enforce_styling();
    table.set_header(["rank", "strategy", "score", "made of"]);
    for row in &o.rows {
        let strategy = match (row.winner, row.eligible) {
            (true, true) => Cell::new(&row.strategy)
                .fg(Color::Green)
                .add_attribute(Attribute::Bold),
            (_, false) => Cell::new(&row.strategy).fg(Color::Red),
            _ => Cell::new(&row.strategy),
        };
        table.add_row(vec![
            Cell::new(row.rank).set_alignment(CellAlignment::Right),
            strategy,
            Cell::new(&row.score).set_alignment(CellAlignment::Right),
            Cell::new(&row.parts),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');

    for section in &o.sections {
        out.push('\n');
        out.push_str(&format!("{BOLD}{}{RESET}\n", section.title));
        let effect_width = section
            .items
            .iter()
            .map(|i| i.effect.chars().count())
            .max()
            .unwrap_or(0);
        for item in &section.items {
            let lead = format!("  {:>effect_width$}  ", item.effect);
            let indent = lead.chars().count();
            let text = if item.rule.is_empty() {
                item.message.clone()
            } else {
                format!("{} {DIM}[{}]{RESET}", item.message, item.rule)
            };
            // Wrap on the visible text; the colour codes are zero-width.
            let visible = text.len()
                - if item.rule.is_empty() {
                    0
                } else {
                    DIM.len() + RESET.len()
                };
            let wrapped = if indent + visible <= WIDTH {
                text
            } else {
                wrap(&text, WIDTH - indent, indent)
            };
            out.push_str(&format!("{lead}{wrapped}\n"));
        }
    }

    out.push('\n');
    for note in &o.notes {
        let lead = format!("{}: ", note.label);
        out.push_str(&format!(
            "{BOLD}{}{RESET}{}\n",
            lead,
            wrap(&note.text, WIDTH - lead.len(), lead.len())
        ));
    }

    for b in &o.breakdown {
        out.push('\n');
        out.push_str(&format!(
            "{BOLD}Breakdown of {}{RESET}: {}\n",
            b.strategy, b.summary
        ));
        let mut table = Table::new();
        table.load_style(STYLE);
        table.set_width(WIDTH as u16);
        table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        table.set_header(["criterion", "weight", "rating", "points", "shifted by"]);
        for row in &b.rows {
            table.add_row(vec![
                Cell::new(&row[0]),
                Cell::new(&row[1]).set_alignment(CellAlignment::Right),
                Cell::new(&row[2]),
                Cell::new(&row[3]).set_alignment(CellAlignment::Right),
                Cell::new(&row[4]),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out
}
