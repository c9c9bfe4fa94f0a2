//! `advise compare`: many profiles side by side, one row per profile (one
//! per workload of a hybrid system, with the plan's strategy for it) and
//! one column per strategy, the winner of each row marked; the files and
//! workloads counted apart.

use comfy_table::{Cell, CellAlignment, Table};

use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::report::table::STYLE;
use crate::report::view::Files;
use crate::text::escape;
use crate::text::number::hundredths;
use crate::text::wrap::display_width;
use crate::text::wrap::wrap;

/// One entry of a comparison: a profile, or one workload of a hybrid
/// system (its `evaluated` named `SYSTEM/WORKLOAD`).
#[derive(Debug, Clone)]
pub struct Entry {
    pub evaluated: Evaluated,
    pub workload: Option<Workload>,
}

/// A workload's place in its system.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The system's name.
    pub system: String,
    /// The workload's name.
    pub name: String,
    /// The plan's strategy for it (`None` when the catalog is too large to
    /// plan; the workload is then ranked alone, as before plans existed).
    pub planned: Option<StrategyId>,
}

impl Entry {
    pub fn profile(evaluated: Evaluated) -> Entry {
        Entry {
            evaluated,
            workload: None,
        }
    }

    /// The entry's own best, ranked alone.
    pub(crate) fn winner(&self) -> StrategyId {
        self.evaluated.assessment.winner().strategy
    }

    /// What the tool advises for the entry: the plan's strategy for a
    /// workload, else the winner.
    pub(crate) fn advised(&self) -> StrategyId {
        self.planned().unwrap_or_else(|| self.winner())
    }

    pub(crate) fn planned(&self) -> Option<StrategyId> {
        self.workload.as_ref().and_then(|w| w.planned)
    }

    /// The plan's strategy, when it is not the workload's own best.
    pub(crate) fn overruled(&self) -> Option<StrategyId> {
        self.planned().filter(|&p| p != self.winner())
    }
}

/// Files, hybrid systems and workloads, counted apart: consecutive
/// workloads of one file are one system.
pub(crate) fn files(all: &[Entry]) -> Files {
    let mut f = Files::default();
    let mut last: Option<(&str, &str)> = None;
    for e in all {
        match &e.workload {
            None => {
                f.profiles += 1;
                last = None;
            }
            Some(w) => {
                f.workloads += 1;
                let this = (e.evaluated.path.as_str(), w.system.as_str());
                if last != Some(this) {
                    f.systems += 1;
                }
                last = Some(this);
            }
        }
    }
    f
}

/// How many entries each strategy is advised for (a workload by the plan's
/// strategy), in catalog order.
pub(crate) fn advised_counts(all: &[Entry], catalog: &Catalog) -> Vec<(String, usize)> {
    catalog
        .each_strategy()
        .map(|s| {
            let n = all.iter().filter(|e| e.advised() == s).count();
            (catalog.strategies[s].id.clone(), n)
        })
        .collect()
}

/// The counts every format states: `39 files (35 profiles and 4 hybrid
/// systems with 14 workloads); advised: 20 container, 15 serverless;
/// 3 close calls`.
pub(crate) fn summary(all: &[Entry], catalog: &Catalog) -> String {
    let advised: Vec<String> = advised_counts(all, catalog)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let close = all
        .iter()
        .filter(|e| e.evaluated.assessment.is_close_call())
        .count();
    let files = files(all);
    let by_plan = match files.systems {
        0 => "",
        _ => " (a workload by its plan's strategy)",
    };
    format!(
        "{}; advised{by_plan}: {}; {close} close call{}",
        files.phrase(),
        advised.join(", "),
        if close == 1 { "" } else { "s" }
    )
}

/// One row of the matrix: (profile, per-strategy cells in catalog order,
/// recommendation, margin, plan). A cell is the score, `*` marking the
/// winner, `^` the plan's strategy for a workload the plan puts off its own
/// best, and `out` an ineligible strategy; the plan cell is the plan's
/// strategy for a workload, `!` marking one off its own best.
struct Row {
    profile: String,
    cells: Vec<String>,
    recommendation: String,
    margin: String,
    plan: String,
}

fn rows(all: &[Entry], catalog: &Catalog) -> Vec<Row> {
    all.iter()
        .map(|entry| {
            let a = &entry.evaluated.assessment;
            let winner = entry.winner();
            let cells = catalog
                .each_strategy()
                .map(|s| {
                    let scored = a.scored(s);
                    match (scored.eligible, s == winner) {
                        (false, _) => "out".to_owned(),
                        (true, true) => format!("*{:.2}", hundredths(scored.score)),
                        (true, false) if entry.overruled() == Some(s) => {
                            format!("^{:.2}", hundredths(scored.score))
                        }
                        (true, false) => format!("{:.2}", hundredths(scored.score)),
                    }
                })
                .collect();
            let margin = match a.margin() {
                _ if a.is_tie() => "tie".into(),
                Some(m) => format!("{:.2}", hundredths(m)),
                None => "-".into(),
            };
            let plan = match (entry.planned(), entry.overruled()) {
                (_, Some(p)) => format!("{}!", catalog.strategies[p].id),
                (Some(p), None) => catalog.strategies[p].id.clone(),
                (None, _) => String::new(),
            };
            Row {
                profile: escape::visible(&a.profile).into_owned(),
                cells,
                recommendation: catalog.strategies[winner].id.clone(),
                margin,
                plan,
            }
        })
        .collect()
}

/// Whether any entry is a workload with a plan (then the formats add the
/// plan's column).
fn any_plan(all: &[Entry]) -> bool {
    all.iter().any(|e| e.planned().is_some())
}

const PLAN_LEGEND: &str = "^ marks the plan's strategy for a workload of a hybrid system where the plan puts it off its own best (*), so as to run fewer platforms.";

/// The matrix where it fits the terminal; else one block per profile, each
/// strategy on a line of its own, so that no name is broken. The counts
/// close it.
pub(crate) fn table(all: &[Entry], catalog: &Catalog, width: usize) -> String {
    let planned = any_plan(all);
    let mut header = vec!["profile"];
    header.extend(catalog.strategies.iter().map(|s| s.id.as_str()));
    // `*` marks the winner and `^` a plan's strategy off it, so the
    // terminal matrix needs no `best` or `plan` column and still fits 80
    // (the other formats name both).
    header.push("margin");
    let mut t = Table::new();
    t.load_style(STYLE);
    t.set_header(header);
    // Two spaces between columns: the matrix of four strategies fits 80.
    for column in t.column_iter_mut() {
        column.set_padding((0, 1));
    }
    let rows = rows(all, catalog);
    for r in &rows {
        let mut row = vec![Cell::new(&r.profile)];
        row.extend(
            r.cells
                .iter()
                .map(|c| Cell::new(c).set_alignment(CellAlignment::Right)),
        );
        row.push(Cell::new(&r.margin).set_alignment(CellAlignment::Right));
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
        for (r, entry) in rows.iter().zip(all) {
            let (profile, recommendation) = (&r.profile, &r.recommendation);
            let mut lead = match r.margin.as_str() {
                "tie" => format!("{profile}: {recommendation} (tie)"),
                "-" => format!("{profile}: {recommendation}"),
                m => format!("{profile}: {recommendation}, ahead by {m}"),
            };
            match (entry.planned(), entry.overruled()) {
                (_, Some(p)) => lead.push_str(&format!(
                    "; the plan puts it on {}",
                    catalog.strategies[p].id
                )),
                (Some(_), None) => lead.push_str("; the plan agrees"),
                (None, _) => {}
            }
            out.push_str(&format!("{}\n", wrap(&lead, width, 2)));
            for (strategy, cell) in catalog.strategies.iter().zip(&r.cells) {
                out.push_str(&format!("  {:name_width$}  {cell:>7}\n", strategy.id));
            }
        }
        out
    };
    let legend = "* marks each profile's recommendation; out: ruled out by a hard limit; tie: the first two score the same.";
    let mut out = format!("{body}{}\n", wrap(legend, width, 0));
    if planned {
        out.push_str(&format!("{}\n", wrap(PLAN_LEGEND, width, 0)));
    }
    for pack in crate::report::view::packs_summary(catalog) {
        out.push_str(&format!("{}\n", wrap(&format!("Rules: {pack}"), width, 0)));
    }
    out.push_str(&format!("{}\n", wrap(&summary(all, catalog), width, 0)));
    out
}

/// The counts, then the matrix (the winner's score in bold; with hybrid
/// systems, a `plan` column).
pub(crate) fn markdown(all: &[Entry], catalog: &Catalog) -> String {
    let planned = any_plan(all);
    let ids: Vec<&str> = catalog.strategies.iter().map(|s| s.id.as_str()).collect();
    let mut out = format!("{}\n\n", escape::markdown(&summary(all, catalog)));
    out.push_str(&format!(
        "| profile | {} | recommendation | margin |{}\n",
        ids.join(" | "),
        if planned { " plan |" } else { "" }
    ));
    out.push_str(&format!(
        "| --- |{} --- | ---: |{}\n",
        " ---: |".repeat(ids.len()),
        if planned { " --- |" } else { "" }
    ));
    for r in rows(all, catalog) {
        let cells: Vec<String> = r
            .cells
            .into_iter()
            .map(|c| match (c.strip_prefix('*'), c.strip_prefix('^')) {
                (Some(score), _) => format!("**{score}**"),
                (_, Some(score)) => format!("{score} (plan)"),
                _ => c,
            })
            .collect();
        let plan = match r.plan.strip_suffix('!') {
            Some(p) => format!(" {p} (own best: {}) |", r.recommendation),
            None if planned => format!(" {} |", r.plan),
            None => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |{plan}\n",
            escape::markdown(&r.profile),
            cells.join(" | "),
            r.recommendation,
            r.margin
        ));
    }
    if planned {
        out.push_str(&format!(
            "\n{}\n",
            escape::markdown("plan: the hybrid plan's strategy for the workload, with the workload's own best where the plan puts it elsewhere so as to run fewer platforms.")
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

/// One row per entry; the columns added after the first release go at the
/// end, so that earlier positions hold: `tie`, then `system`, `workload`
/// and `planned` (empty for a single profile).
pub(crate) fn csv(all: &[Entry], catalog: &Catalog) -> String {
    let mut out = String::from("profile,path,recommendation,margin,close_call");
    for s in &catalog.strategies {
        out.push_str(&format!(",{0},{0}_eligible", s.id));
    }
    out.push_str(",tie,system,workload,planned\r\n");
    for entry in all {
        let e = &entry.evaluated;
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
        let (system, workload, planned) = match &entry.workload {
            Some(w) => (
                escape::csv(&w.system),
                escape::csv(&w.name),
                w.planned
                    .map_or_else(String::new, |p| catalog.strategies[p].id.clone()),
            ),
            None => (String::new(), String::new(), String::new()),
        };
        out.push_str(&format!(
            ",{},{system},{workload},{planned}\r\n",
            a.is_tie()
        ));
    }
    out
}
