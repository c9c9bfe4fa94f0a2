//! Many profiles at once: the compare and check pages.

use super::charts::count_chart;
use super::parts::{code, h2, muted, num, number, packs, page, table, td, th, tr};
use crate::domain::catalog::{Catalog, StrategyId};
use crate::gate::check::{Run, Verdict};
use crate::report::compare::{self, Entry};
use crate::report::markup::{Element, el};

/// Many profiles: the counts first, then one table, sorted on the server
/// (the page has no script): closest call first, by margin as a number; a
/// hybrid system is one group, placed by its closest workload, its
/// workloads in profile order under a row naming the system; ties by path,
/// then argument order. The winner's cell is bold and marked, close calls
/// flagged in words, so nothing rests on colour.
pub(crate) fn compare(all: &[Entry], catalog: &Catalog) -> String {
    let mut body = el("body").nl();
    let files = compare::files(all);
    let title = match files.files() {
        1 => "1 file".to_owned(),
        n => format!("{n} files"),
    };
    body.push_line(el("h1").text(format!("advise compare: {title}")));
    body.push_line(
        el("p")
            .attr("class", "lead")
            .text(compare::summary(all, catalog)),
    );
    packs(&mut body, catalog);
    body.push_line(el("h2").text("Advised strategy"));
    body.push_line(count_chart(
        "recommendation",
        &compare::advised_counts(all, catalog),
    ));
    body.push_line(h2("table", "Every profile, closest call first"));
    body.push_line(el("p").attr("class", "muted").text(
        "Sorted by margin (the winner's lead over the runner-up, in points), smallest first, as a number; a tie is 0 and a profile with one eligible strategy comes last. A hybrid system is one group, placed by its closest workload, with its workloads in profile order; ties go by path. The winner of each row is bold and marked ★; advised is that winner, or for a workload of a hybrid system the plan's strategy for it, with the workload's own best where the plan puts it elsewhere.",
    ));
    body.push_line(matrix(all, catalog));
    page("advise compare", body)
}

/// The groups of a comparison in page order: each profile alone, each
/// hybrid system's consecutive workloads together.
fn groups(all: &[Entry]) -> Vec<&[Entry]> {
    let mut out: Vec<&[Entry]> = Vec::new();
    let mut start = 0;
    for i in 1..=all.len() {
        let same = |a: &Entry, b: &Entry| match (&a.workload, &b.workload) {
            (Some(x), Some(y)) => x.system == y.system && a.evaluated.path == b.evaluated.path,
            _ => false,
        };
        if i == all.len() || !same(&all[i - 1], &all[i]) {
            out.push(&all[start..i]);
            start = i;
        }
    }
    out
}

/// The sort key of an entry: its margin as a number (a tie is 0; no margin,
/// one eligible strategy, sorts last).
fn margin_key(e: &Entry) -> f64 {
    let a = &e.evaluated.assessment;
    match a.margin() {
        _ if a.is_tie() => 0.0,
        Some(m) => crate::text::number::hundredths(m),
        None => f64::INFINITY,
    }
}

fn matrix(all: &[Entry], catalog: &Catalog) -> Element {
    let mut groups = groups(all);
    let key = |g: &&[Entry]| g.iter().map(margin_key).fold(f64::INFINITY, f64::min);
    // A stable sort: equal keys keep path order, then argument order.
    groups.sort_by(|x, y| {
        key(x)
            .total_cmp(&key(y))
            .then_with(|| x[0].evaluated.path.cmp(&y[0].evaluated.path))
    });
    let columns = 5 + catalog.strategies.len();
    let head = el("thead").child(
        el("tr")
            .child(th("file"))
            .child(th("profile"))
            .child(th("advised"))
            .child(num("th", "margin"))
            .child(th("close call"))
            .children(catalog.strategies.iter().map(|s| num("th", &s.id))),
    );
    let mut t = el("table").attr("class", "compare").nl().child(head).nl();
    for g in groups {
        let mut tbody = el("tbody").nl();
        if let Some(w) = &g[0].workload {
            let planned: Vec<&str> = {
                let mut p: Vec<StrategyId> = g.iter().filter_map(Entry::planned).collect();
                p.sort();
                p.dedup();
                p.iter()
                    .map(|&s| catalog.strategies[s].id.as_str())
                    .collect()
            };
            let plan = match planned.is_empty() {
                true => String::new(),
                false => format!(": the plan runs {}", planned.join(" and ")),
            };
            tbody.push_line(
                el("tr").attr("class", "system").child(
                    el("th")
                        .attr("colspan", columns.to_string())
                        .attr("scope", "rowgroup")
                        .child(code(&g[0].evaluated.path))
                        .text(" ")
                        .child(el("bdi").text(&w.system))
                        .text(format!(
                            " — hybrid system, {} workload{}{plan}",
                            g.len(),
                            if g.len() == 1 { "" } else { "s" }
                        )),
                ),
            );
        }
        for e in g {
            tbody.push_line(row(e, catalog));
        }
        t.push_line(tbody);
    }
    el("div").attr("class", "scroll").child(t)
}

fn row(entry: &Entry, catalog: &Catalog) -> Element {
    let a = &entry.evaluated.assessment;
    let winner = entry.winner();
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    let margin = match a.margin() {
        _ if a.is_tie() => "tie".to_owned(),
        Some(m) => number(m),
        None => "-".into(),
    };
    let (file, name) = match &entry.workload {
        // The file is on the system's row; the workload sits under it.
        Some(w) => (
            el("td"),
            el("td")
                .attr("class", "workload")
                .child(el("bdi").text(&w.name)),
        ),
        None => (
            el("td").child(code(&entry.evaluated.path)),
            el("td").child(el("bdi").text(&a.profile)),
        ),
    };
    // What is advised: the plan's strategy for a workload, with its own
    // best when the plan puts it elsewhere; else the winner.
    let advised = match entry.overruled() {
        Some(p) => el("td").text(format!("{} ", id(p))).child(muted(
            "span",
            format!("(the plan's; alone: {})", id(winner)),
        )),
        None => td(id(entry.advised())),
    };
    let close = match a.is_close_call() {
        true => el("td").child(el("strong").attr("class", "close").text("close call")),
        false => el("td"),
    };
    let cells = catalog.each_strategy().map(|s| {
        let sc = a.scored(s);
        match (sc.eligible, s == winner) {
            (false, _) => num("td", "out"),
            (true, true) => el("td")
                .attr("class", "num win")
                .child(el("strong").text(format!("★ {}", number(sc.score)))),
            (true, false) => num("td", number(sc.score)),
        }
    });
    el("tr")
        .child(file)
        .child(name)
        .child(advised)
        .child(num("td", margin))
        .child(close)
        .children(cells)
}

/// The gate: verdict counts, then every finding, worst first.
pub(crate) fn check(run: &Run, catalog: &Catalog) -> String {
    let mut body = el("body").nl();
    let outcome = if run.failed() { "failed" } else { "passed" };
    body.push_line(el("h1").text(format!("advise check: {outcome}")));
    body.push_line(el("p").attr("class", "lead").text(run.summary()));
    packs(&mut body, catalog);
    // `stale` (check --detect) only where a run has one.
    let any_stale = run.findings.iter().any(|f| f.verdict == Verdict::Stale);
    let verdicts: Vec<Verdict> = [
        Verdict::Stale,
        Verdict::Mismatch,
        Verdict::Drift,
        Verdict::Accepted,
        Verdict::Fit,
    ]
    .into_iter()
    .filter(|v| *v != Verdict::Stale || any_stale)
    .collect();
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
