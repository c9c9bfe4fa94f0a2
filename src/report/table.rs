//! The terminal report: a ranked table, then the reasons, fitted to the
//! terminal's width ([`View::width`]). Colour is written as ANSI codes
//! (anstyle styles); the binary's `anstream` writer removes them when
//! stdout is not a terminal, `NO_COLOR` is set or `--color never` is given.

use anstyle::Style;
use comfy_table::{Attribute, Cell, CellAlignment, Color, LineStyle, Table, TableStyle};

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::report::outline::{Outline, outline};
use crate::report::view::View;
use crate::text::wrap::display_width;
use crate::text::wrap::wrap;

/// Rules above and below, a line under the header, nothing between rows.
pub(crate) const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

pub(crate) fn assessment(e: &Evaluated, catalog: &Catalog, view: View) -> String {
    crate::text::wrap::fit(
        &render(&outline(e, catalog, view.explain), view.width),
        view.width,
    )
}

/// Columns never narrower than their longest word (an id, a number, a
/// unit such as `instance-hour`), so that comfy-table, which splits a word
/// longer than its column, never has to: a split id cannot be copied into
/// `advise explain`. When the words of every column do not fit in `width`,
/// the column with the most text (free prose) is left to wrap.
pub(crate) fn keep_words(table: &mut Table, width: usize) {
    let columns = table.column_count();
    if columns == 0 {
        return;
    }
    let mut longest = vec![0usize; columns];
    let mut total = vec![0usize; columns];
    let header = table.header();
    for (i, (l, t)) in longest.iter_mut().zip(&mut total).enumerate() {
        let head = header.and_then(|h| h.cell_iter().nth(i));
        for cell in table.column_cells_iter(i).flatten().chain(head) {
            let text = cell.content();
            *t += display_width(&text);
            for word in text.split_whitespace() {
                *l = (*l).max(display_width(word));
            }
        }
    }
    // Each column pads a space either side (comfy-table counts the padding
    // in a column's width), and a space goes between columns. When that is
    // too wide, the columns drop their left padding: the space between
    // columns still parts them.
    let mut needed: usize = longest.iter().map(|l| l + 3).sum::<usize>() - 1;
    let tight = needed > width;
    if tight {
        needed -= columns;
    }
    let prose = (0..columns).max_by_key(|&i| total[i]);
    for (i, &l) in longest.iter().enumerate() {
        let l = match (Some(i) == prose, needed.checked_sub(width)) {
            // Still too wide: the prose column gives up what is missing.
            (true, Some(over)) if over > 0 => l.saturating_sub(over).max(1),
            _ => l,
        };
        let padding = if tight { 1 } else { 2 };
        if let Some(column) = table.column_mut(i) {
            if padding == 1 {
                column.set_padding((0, 1));
            }
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(u16::try_from(l + padding).unwrap_or(u16::MAX)),
            ));
        }
    }
}

/// A table with the report's style, laid out within `width` columns.
pub(crate) fn fitted(header: &[&str], width: usize) -> Table {
    let mut table = Table::new();
    table.load_style(STYLE);
    table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    table.set_header(header.to_vec());
    table
}

fn render(o: &Outline, width: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!("{BOLD}{}{BOLD:#}\n", wrap(&o.headline, width, 0)));
    out.push('\n');

    let mut table = fitted(&["rank", "strategy", "score", "made of"], width);
    // Colour is always written; the binary's writer strips it when needed.
    table.enforce_styling();
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
    keep_words(&mut table, width);
    out.push_str(&table.to_string());
    out.push('\n');

    for section in &o.sections {
        out.push('\n');
        out.push_str(&format!("{BOLD}{}{BOLD:#}\n", section.title));
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
                format!("{} {DIM}[{}]{DIM:#}", item.message, item.rule)
            };
            // Display width: the colour codes take none.
            let wrapped = if indent + display_width(&text) <= width {
                text
            } else {
                wrap(&text, width, indent)
            };
            out.push_str(&format!("{lead}{wrapped}\n"));
        }
    }

    out.push('\n');
    for note in &o.notes {
        let lead = format!("{}: ", note.label);
        out.push_str(&format!(
            "{BOLD}{}{BOLD:#}{}\n",
            lead,
            wrap(&note.text, width, lead.len())
        ));
    }

    for b in &o.breakdown {
        out.push('\n');
        out.push_str(&format!(
            "{BOLD}Breakdown of {}{BOLD:#}: {}\n",
            b.strategy, b.summary
        ));
        let mut table = fitted(
            &["criterion", "weight", "rating", "points", "shifted by"],
            width,
        );
        for row in &b.rows {
            table.add_row(vec![
                Cell::new(&row[0]),
                Cell::new(&row[1]).set_alignment(CellAlignment::Right),
                Cell::new(&row[2]),
                Cell::new(&row[3]).set_alignment(CellAlignment::Right),
                Cell::new(&row[4]),
            ]);
        }
        keep_words(&mut table, width);
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out
}
