//! Markdown reports, for pull requests, wikis and CI job summaries. The
//! assessment renders the same outline as the terminal table.

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::report::outline::outline;
use crate::report::view::View;

/// Other people's text in a Markdown table cell or list item: rendered as
/// the literal text (see `escape::markdown`).
pub(crate) fn cell(text: &str) -> String {
    crate::text::escape::markdown(text)
}

pub(crate) fn assessment(e: &Evaluated, catalog: &Catalog, view: View) -> String {
    let o = outline(e, catalog, view.explain);
    let mut out = format!("# {}\n\n{}\n\n", cell(&o.title), cell(&o.headline));
    out.push_str("| rank | strategy | score | made of |\n| ---: | --- | ---: | --- |\n");
    for row in &o.rows {
        let name = if row.winner {
            format!("**{}**", row.strategy)
        } else {
            row.strategy.clone()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            row.rank,
            name,
            row.score,
            cell(&row.parts)
        ));
    }
    for section in &o.sections {
        out.push_str(&format!("\n## {}\n\n", cell(&section.title)));
        for item in &section.items {
            if item.rule.is_empty() && item.effect.is_empty() {
                out.push_str(&format!("- {}\n", cell(&item.message)));
            } else if item.rule.is_empty() {
                out.push_str(&format!("- **{}** {}\n", item.effect, cell(&item.message)));
            } else {
                out.push_str(&format!(
                    "- **{}** {} (`{}`)\n",
                    item.effect,
                    cell(&item.message),
                    item.rule
                ));
            }
        }
    }
    out.push('\n');
    for note in &o.notes {
        out.push_str(&format!("- **{}:** {}\n", note.label, cell(&note.text)));
    }
    for b in &o.breakdown {
        out.push_str(&format!(
            "\n## Breakdown of {}\n\n{}\n\n",
            b.strategy,
            cell(&b.summary)
        ));
        out.push_str("| criterion | weight | rating | points | shifted by |\n| --- | ---: | --- | ---: | --- |\n");
        for r in &b.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r[0],
                r[1],
                cell(&r[2]),
                r[3],
                cell(&r[4])
            ));
        }
    }
    out
}
