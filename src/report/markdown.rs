//! Markdown reports, for pull requests, wikis and CI job summaries. The
//! assessment renders the same outline as the terminal table.

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::report::outline::outline;
use crate::report::view::View;
use crate::text::escape;

pub(crate) fn assessment(e: &Evaluated, catalog: &Catalog, view: View) -> String {
    let o = outline(e, catalog, view.explain);
    let mut out = format!(
        "# {}\n\n{}\n\n",
        escape::markdown(&o.title),
        escape::markdown(&o.headline)
    );
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
            escape::markdown(&row.parts)
        ));
    }
    for section in &o.sections {
        out.push_str(&format!("\n## {}\n\n", escape::markdown(&section.title)));
        for item in &section.items {
            if item.rule.is_empty() && item.effect.is_empty() {
                out.push_str(&format!("- {}\n", escape::markdown(&item.message)));
            } else if item.rule.is_empty() {
                out.push_str(&format!(
                    "- **{}** {}\n",
                    item.effect,
                    escape::markdown(&item.message)
                ));
            } else {
                out.push_str(&format!(
                    "- **{}** {} (`{}`)\n",
                    item.effect,
                    escape::markdown(&item.message),
                    item.rule
                ));
            }
        }
    }
    out.push('\n');
    for note in &o.notes {
        out.push_str(&format!(
            "- **{}:** {}\n",
            note.label,
            escape::markdown(&note.text)
        ));
    }
    for b in &o.breakdown {
        out.push_str(&format!(
            "\n## Breakdown of {}\n\n{}\n\n",
            b.strategy,
            escape::markdown(&b.summary)
        ));
        out.push_str("| criterion | weight | rating | points | shifted by |\n| --- | ---: | --- | ---: | --- |\n");
        for r in &b.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r[0],
                r[1],
                escape::markdown(&r[2]),
                r[3],
                escape::markdown(&r[4])
            ));
        }
    }
    out
}
