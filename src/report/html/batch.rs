//! Many profiles at once: the compare and check pages.

use super::charts::count_chart;
use super::parts::{code, h2, num, number, packs, page, table, td, th, tr};
use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::Catalog;
use crate::gate::check::{Run, Verdict};
use crate::report::markup::el;

/// Many profiles: how many per recommendation, then the table pre-sorted
/// two ways (no script: each order is its own section).
pub(crate) fn compare(all: &[Evaluated], catalog: &Catalog) -> String {
    let mut body = el("body").nl();
    body.push_line(el("h1").text(format!("advise compare: {} profiles", all.len())));
    packs(&mut body, catalog);
    let counts: Vec<(String, usize)> = catalog
        .strategies
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let n = all
                .iter()
                .filter(|e| e.assessment.winner().strategy.index() == s)
                .count();
            (st.id.clone(), n)
        })
        .collect();
    body.push_line(el("h2").text("Profiles per recommendation"));
    body.push_line(count_chart("recommendations", &counts));
    let rows = |order: &[&Evaluated]| {
        let mut t = table(
            None,
            el("tr")
                .child(th("profile"))
                .child(th("recommendation"))
                .child(num("th", "margin"))
                .children(catalog.strategies.iter().map(|s| num("th", &s.id))),
        );
        for e in order {
            let a = &e.assessment;
            let margin = match a.margin() {
                _ if a.is_tie() => "tie".to_owned(),
                Some(m) => number(m),
                None => "-".into(),
            };
            let cells = catalog.each_strategy().map(|s| {
                let sc = a.scored(s);
                num(
                    "td",
                    if sc.eligible {
                        number(sc.score)
                    } else {
                        "out".into()
                    },
                )
            });
            t.push_line(
                el("tr")
                    .child(td(&a.profile))
                    .child(td(&catalog.strategies[a.winner().strategy].id))
                    .child(num("td", margin))
                    .children(cells),
            );
        }
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
    body.push_line(
        el("p")
            .child(el("a").attr("href", "#by-name").text("sorted by name"))
            .text(" · ")
            .child(
                el("a")
                    .attr("href", "#by-margin")
                    .text("closest calls first"),
            ),
    );
    body.push_line(h2("by-name", "By name"));
    body.push_line(rows(&by_name));
    body.push_line(h2("by-margin", "Closest calls first"));
    body.push_line(rows(&by_margin));
    page("advise compare", body)
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
