//! `advise calibrate`'s report, as text, Markdown and JSON (the keys of
//! calibrate.md, plus a few more). Renders a [`Run`]; computes nothing.

use serde::Serialize;

use crate::analysis::calibrate::metrics::{Outcome, Ratio, Summary};
use crate::domain::catalog::magnitudes::Param;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::format_number;
use crate::gate::calibrate::{Fit, Run, Threshold};
use crate::text::escape;
use crate::text::escape::visible;
use crate::text::wrap;

/// A share as a percentage with one decimal, or `-` of nothing.
fn percent(r: Ratio) -> String {
    match r.of {
        0 => "-".into(),
        n => format!("{:.1}%", r.hits as f64 / n as f64 * 100.0),
    }
}

fn count(r: Ratio) -> String {
    format!("{} of {}", r.hits, r.of)
}

/// The measures as (label, count, share, note), shared by text and Markdown.
fn measures(run: &Run) -> Vec<(&'static str, String, String, String)> {
    let s = &run.summary;
    let row = |label, r: Ratio, note: String| (label, count(r), percent(r), note);
    let mut rows = vec![
        row("agreement", s.agreement, String::new()),
        row(
            "rejected ranked low",
            s.rejected_bottom_half,
            "cases naming what they rejected".into(),
        ),
        row(
            "gate false alarms",
            s.false_alarms,
            format!(
                "check --expect CHOSE --max-gap {}",
                format_number(run.max_gap)
            ),
        ),
    ];
    if s.placed.of > 0 {
        rows.push(row(
            "hybrid placed",
            s.placed,
            "workloads placed as the system did".into(),
        ));
    }
    if let Some(m) = s.margins {
        rows.push((
            "margins",
            format!("p10 {:.2}, median {:.2}, p90 {:.2}", m.p10, m.median, m.p90),
            String::new(),
            String::new(),
        ));
    }
    rows
}

fn threshold_line(t: &Threshold, catalog: &Catalog) -> String {
    let bound = if t.at_most { "at most" } else { "at least" };
    let value = match (t.value, t.strategy) {
        (None, _) => "nothing to measure".to_owned(),
        (Some(v), Some(s)) => format!("{v} ({})", catalog.strategies[s].id),
        (Some(v), None) => v.to_string(),
    };
    let verdict = if t.holds { "holds" } else { "FAILS" };
    format!(
        "{}: {bound} {}, measured {value}: {verdict}",
        t.name, t.limit
    )
}

/// The verdict on one case, in a word.
fn verdict(o: &Outcome) -> &'static str {
    match (o.agrees, o.false_alarm) {
        (true, _) => "agree",
        (false, false) => "miss",
        (false, true) => "MISS",
    }
}

/// What the advice did with one case, after its verdict.
fn case_line(o: &Outcome, catalog: &Catalog) -> String {
    let name = |s: StrategyId| catalog.strategies[s].id.as_str();
    let chose: Vec<&str> = o.chose.iter().map(|&s| name(s)).collect();
    let margin = o
        .margin
        .map_or(String::new(), |m| format!(", margin {m:.2}"));
    let mut line = if o.agrees {
        let gate = match o.false_alarm {
            // A hybrid system whose main strategy agrees, with a workload
            // whose choice the gate fails.
            true => "; the gate fails a workload's choice",
            false => "",
        };
        format!("{}{margin}{gate}", name(o.recommended))
    } else {
        format!(
            "{} over {} (trails by {:.2}{}){margin}",
            name(o.recommended),
            chose.join(" and "),
            o.gap,
            if o.false_alarm {
                "; the gate fails it"
            } else {
                ""
            }
        )
    };
    let moved: Vec<String> = o
        .decisions
        .iter()
        .filter(|d| d.chose != d.got)
        .filter_map(|d| {
            Some(format!(
                "{} on {}, not {}",
                d.workload.as_deref()?,
                name(d.got),
                name(d.chose)
            ))
        })
        .collect();
    if !moved.is_empty() {
        line.push_str(&format!("; plan puts {}", moved.join(", ")));
    }
    if let Some(why) = &o.known_miss {
        line.push_str(&format!("; known miss: {why}"));
    }
    visible(&line).into_owned()
}

/// The terminal report: the measures, the confusion matrix with recall,
/// the thresholds, then one line per case.
pub(crate) fn text(run: &Run, catalog: &Catalog, width: usize) -> String {
    let mut out = headline(run);
    out.push('\n');
    for (label, figure, share, note) in measures(run) {
        let line = format!("  {label:<19}  {figure:>8}  {share:>5}");
        out.push_str(line.trim_end());
        if !note.is_empty() {
            out.push_str(&format!("  ({note})"));
        }
        out.push('\n');
    }
    out.push_str("\nchose (rows) and recommended (columns), with each strategy's recall:\n");
    out.push_str(&confusion_text(run, catalog));
    if !run.thresholds.is_empty() {
        out.push_str("\nthresholds (.advise/config.yaml):\n");
        for t in &run.thresholds {
            out.push_str(&format!("  {}\n", threshold_line(t, catalog)));
        }
    }
    if let Some(fit) = &run.fit {
        out.push_str(&fit_text(fit, catalog));
    }
    out.push_str(
        "\ncases (miss: another strategy is recommended; MISS: and the gate fails the real choice):\n",
    );
    for o in &run.outcomes {
        let line = format!("{}: {}", visible(&o.case), case_line(o, catalog));
        out.push_str(&format!(
            "  {:<5} {}\n",
            verdict(o),
            wrap::wrap(&line, width, 8)
        ));
    }
    if !run.invalid.is_empty() {
        out.push_str("\ncould not be read (the errors say why):\n");
        for path in &run.invalid {
            out.push_str(&format!("  {}\n", visible(path)));
        }
    }
    wrap::fit(&out, width)
}

/// How many of the moved numbers the text and Markdown reports list.
const MOVED_SHOWN: usize = 15;

/// The fit's figures and verdict, as lines shared by text and Markdown.
fn fit_lines(fit: &Fit, catalog: &Catalog) -> Vec<String> {
    let figures = |what: &str, s: &Summary| {
        let recall: Vec<String> = catalog
            .strategies
            .iter()
            .zip(&s.recall)
            .filter(|(_, r)| r.of > 0)
            .map(|(st, r)| format!("{} {}", st.id, percent(*r)))
            .collect();
        format!(
            "{what}: agreement {} ({}), false alarms {} ({}); recall {}",
            count(s.agreement),
            percent(s.agreement),
            count(s.false_alarms),
            percent(s.false_alarms),
            recall.join(", ")
        )
    };
    let mut lines = vec![
        figures("fitted, in sample", &fit.in_sample),
        figures(
            &format!("fitted, cross-validated over {} folds", fit.folds),
            &fit.cross_validated,
        ),
    ];
    let stale = fit.stale();
    lines.push(match stale.first() {
        None => "the rules files hold exactly these fitted numbers".to_owned(),
        Some(&first) => format!(
            "{} number{} in the rules files differ{} from this fit (the largest: {}): `--write` writes the fit",
            stale.len(),
            if stale.len() == 1 { "" } else { "s" },
            if stale.len() == 1 { "s" } else { "" },
            moved_line(catalog, first)
        ),
    });
    if !fit.scenarios.is_empty() {
        let leads: Vec<String> = fit
            .scenarios
            .iter()
            .map(|(s, lead)| format!("{} {}", catalog.strategies[*s].id, format_number(*lead)))
            .collect();
        lines.push(format!(
            "each strategy's own scenario (rules/scenarios), asked to lead by 5, leads by: {}",
            leads.join(", ")
        ));
    }
    lines.push(match (fit.improves(), fit.written.is_empty()) {
        (true, true) => format!(
            "the cross-validated agreement beats the hand-set catalog's {}: --write would write the fitted numbers",
            count(fit.current)
        ),
        (true, false) => format!("written to {}", fit.written.join(", ")),
        (false, _) => format!(
            "the cross-validated agreement does not beat the hand-set catalog's {}: nothing is written",
            count(fit.current)
        ),
    });
    lines
}

/// A moved number as people read it: its label, hand-set and fitted values.
fn moved_line(catalog: &Catalog, (param, from, to): (Param, f64, f64)) -> String {
    let signed = |m: f64| format_number(m.copysign(param.value(catalog)));
    format!(
        "{}: {} -> {}",
        param.label(catalog),
        signed(from),
        signed(to)
    )
}

fn fit_text(fit: &Fit, catalog: &Catalog) -> String {
    let mut out = format!("\nfit of {} magnitudes (never a sign):\n", fit.params.len());
    for line in fit_lines(fit, catalog) {
        out.push_str(&format!("  {}\n", visible(&line)));
    }
    let moved = fit.moved();
    if !moved.is_empty() {
        out.push_str("  the largest moves, hand-set -> fitted:\n");
    }
    for m in moved.iter().take(MOVED_SHOWN) {
        out.push_str(&format!("    {}\n", visible(&moved_line(catalog, *m))));
    }
    if moved.len() > MOVED_SHOWN {
        out.push_str(&format!(
            "    and {} more (--format json lists them all)\n",
            moved.len() - MOVED_SHOWN
        ));
    }
    out
}

fn headline(run: &Run) -> String {
    let mut h = format!(
        "Calibration on {}: {} case{} measured",
        visible(&run.corpus),
        run.summary.cases,
        if run.summary.cases == 1 { "" } else { "s" }
    );
    if !run.invalid.is_empty() {
        h.push_str(&format!(
            ", {} could not be read (see the errors)",
            run.invalid.len()
        ));
    }
    h.push_str(".\n");
    h
}

/// The confusion matrix as text columns: a row per chosen strategy.
fn confusion_text(run: &Run, catalog: &Catalog) -> String {
    let ids: Vec<&str> = catalog.strategies.iter().map(|s| s.id.as_str()).collect();
    let first = ids.iter().map(|i| i.len()).max().unwrap_or(0);
    let widths: Vec<usize> = ids.iter().map(|i| i.len().max(3)).collect();
    let mut out = format!("  {:first$}", "");
    for (id, w) in ids.iter().zip(&widths) {
        out.push_str(&format!("  {id:>w$}"));
    }
    out.push_str("  recall\n");
    for (s, id) in ids.iter().enumerate() {
        out.push_str(&format!("  {id:first$}"));
        for (got, w) in widths.iter().enumerate() {
            out.push_str(&format!("  {:>w$}", run.summary.confusion[s][got]));
        }
        let r = run.summary.recall[s];
        out.push_str(&format!("  {:>6}\n", percent(r)));
    }
    out
}

/// The same report as Markdown, for a pull request or a step summary.
pub(crate) fn markdown(run: &Run, catalog: &Catalog) -> String {
    let mut out = format!(
        "## {}\n\n| measure | figure | share | |\n| --- | ---: | ---: | --- |\n",
        escape::markdown(headline(run).trim())
    );
    for (label, figure, share, note) in measures(run) {
        out.push_str(&format!(
            "| {label} | {} | {share} | {} |\n",
            escape::markdown(&figure),
            escape::markdown(&note)
        ));
    }
    let ids: Vec<&str> = catalog.strategies.iter().map(|s| s.id.as_str()).collect();
    out.push_str("\n### Chose (rows) and recommended (columns)\n\n| chose |");
    for id in &ids {
        out.push_str(&format!(" {id} |"));
    }
    out.push_str(" recall |\n| --- |");
    out.push_str(&" ---: |".repeat(ids.len() + 1));
    out.push('\n');
    for (s, id) in ids.iter().enumerate() {
        out.push_str(&format!("| {id} |"));
        for n in &run.summary.confusion[s] {
            out.push_str(&format!(" {n} |"));
        }
        let r = run.summary.recall[s];
        out.push_str(&format!(" {} ({}) |\n", count(r), percent(r)));
    }
    if !run.thresholds.is_empty() {
        out.push_str("\n### Thresholds\n\n");
        for t in &run.thresholds {
            out.push_str(&format!(
                "- {}\n",
                escape::markdown(&threshold_line(t, catalog))
            ));
        }
    }
    if let Some(fit) = &run.fit {
        out.push_str("\n### Fit of the magnitudes\n\n");
        for line in fit_lines(fit, catalog) {
            out.push_str(&format!("- {}\n", escape::markdown(&line)));
        }
        let moved = fit.moved();
        if !moved.is_empty() {
            out.push_str("\nThe largest moves, hand-set -> fitted:\n\n");
            for &m in moved.iter().take(MOVED_SHOWN) {
                out.push_str(&format!(
                    "- {}\n",
                    escape::markdown(&moved_line(catalog, m))
                ));
            }
        }
    }
    out.push_str(
        "\n### Cases\n\n| case | source | verdict | advice |\n| --- | --- | --- | --- |\n",
    );
    for o in &run.outcomes {
        out.push_str(&format!(
            "| {} | [{}, {}]({}) | {} | {} |\n",
            escape::markdown(&o.case),
            escape::markdown(&o.source.publisher),
            escape::markdown(&o.source.date),
            escape::markdown_link_target(&o.source.url),
            verdict(o),
            escape::markdown(&case_line(o, catalog))
        ));
    }
    if !run.invalid.is_empty() {
        out.push_str("\n### Could not be read\n\n");
        for path in &run.invalid {
            out.push_str(&format!("- {}\n", escape::markdown(path)));
        }
    }
    out
}

/// A map written in the order given (catalog order), not sorted by key.
struct Ordered<T>(Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The JSON report: calibrate.md's keys, in its order.
#[derive(Serialize)]
struct CalibrationJson<'a> {
    corpus: &'a str,
    cases: usize,
    agreement: Option<f64>,
    rejected_bottom_half: Option<f64>,
    false_alarms: Option<f64>,
    recall: Ordered<Option<f64>>,
    confusion: Ordered<Ordered<usize>>,
    margins: Option<MarginsJson>,
    /// Present with `--fit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_validated: Option<CrossValidatedJson>,
    hybrid: HybridJson,
    thresholds: Ordered<f64>,
    /// Added: the thresholds not met (the run exits 1).
    failed: Vec<&'static str>,
    /// Added: the gap false alarms were judged at.
    max_gap: f64,
    /// Added: the cases that could not be read (the run exits 2).
    invalid: &'a [String],
    results: Vec<ResultJson<'a>>,
    /// Added, with `--fit`: the fit in sample, its verdict, every number moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    fit: Option<FitJson<'a>>,
}

#[derive(Serialize)]
struct CrossValidatedJson {
    folds: usize,
    agreement: Option<f64>,
    false_alarms: Option<f64>,
    /// Added: each strategy's recall out of sample.
    recall: Ordered<Option<f64>>,
}

#[derive(Serialize)]
struct FitJson<'a> {
    /// The magnitudes the fit may move.
    numbers: usize,
    sweeps: usize,
    current: SharesJson,
    in_sample: SharesJson,
    /// Whether the cross-validated agreement beats the hand-set catalog's.
    improves: bool,
    written: &'a [String],
    /// From the hand-set numbers to the fitted ones.
    moved: Vec<MovedJson>,
    /// From the numbers the rules files hold to the fitted ones: empty
    /// when the catalog is the fit's output.
    stale: Vec<MovedJson>,
    /// Each strategy's own scenario under the fitted catalog: how far its
    /// strategy leads (negative: trails).
    scenarios: Vec<ScenarioJson>,
}

#[derive(Serialize)]
struct ScenarioJson {
    strategy: String,
    lead: f64,
}

#[derive(Serialize)]
struct SharesJson {
    agreement: Option<f64>,
    false_alarms: Option<f64>,
    recall: Ordered<Option<f64>>,
}

#[derive(Serialize)]
struct MovedJson {
    number: String,
    from: f64,
    to: f64,
}

fn moved_json(moved: Vec<(Param, f64, f64)>, catalog: &Catalog) -> Vec<MovedJson> {
    moved
        .into_iter()
        .map(|(param, from, to)| {
            let sign = param.value(catalog);
            MovedJson {
                number: param.label(catalog),
                from: from.copysign(sign),
                to: to.copysign(sign),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct MarginsJson {
    p10: f64,
    median: f64,
    p90: f64,
}

#[derive(Serialize)]
struct HybridJson {
    workloads: usize,
    placed: Option<f64>,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    case: &'a str,
    path: &'a str,
    /// Added: where the decision was published (the case's `source`).
    source: SourceJson<'a>,
    chose: Vec<&'a str>,
    recommended: &'a str,
    margin: Option<f64>,
    agrees: bool,
    false_alarm: bool,
    known_miss: Option<&'a str>,
    /// Added: points the chosen strategy trails the recommendation.
    gap: f64,
    /// Added: for a hybrid system, each workload's choice and placement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    workloads: Vec<WorkloadJson<'a>>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    title: &'a str,
    publisher: &'a str,
    date: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct WorkloadJson<'a> {
    workload: &'a str,
    chose: &'a str,
    placed: &'a str,
}

// Over 100 lines: one struct literal whose nesting is the JSON document's,
// so the output's shape reads top to bottom as it is written.
pub(crate) fn json(run: &Run, catalog: &Catalog) -> String {
    let recall = |s: &Summary| {
        Ordered(
            catalog
                .each_strategy()
                .map(|k| {
                    (
                        catalog.strategies[k].id.clone(),
                        s.recall[k.index()].share(),
                    )
                })
                .collect(),
        )
    };
    let shares = |s: &Summary| SharesJson {
        agreement: s.agreement.share(),
        false_alarms: s.false_alarms.share(),
        recall: recall(s),
    };
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    let s = &run.summary;
    let strategies: Vec<StrategyId> = catalog.each_strategy().collect();
    let report = CalibrationJson {
        corpus: &run.corpus,
        cases: s.cases,
        agreement: s.agreement.share(),
        rejected_bottom_half: s.rejected_bottom_half.share(),
        false_alarms: s.false_alarms.share(),
        recall: recall(s),
        confusion: Ordered(
            strategies
                .iter()
                .copied()
                .filter(|&c| s.recall[c.index()].of > 0)
                .map(|c| {
                    let row = strategies
                        .iter()
                        .copied()
                        .filter(|&g| s.confusion[c.index()][g.index()] > 0)
                        .map(|g| (id(g).to_owned(), s.confusion[c.index()][g.index()]))
                        .collect();
                    (id(c).to_owned(), Ordered(row))
                })
                .collect(),
        ),
        margins: s.margins.map(|m| MarginsJson {
            p10: m.p10,
            median: m.median,
            p90: m.p90,
        }),
        cross_validated: run.fit.as_ref().map(|f| CrossValidatedJson {
            folds: f.folds,
            agreement: f.cross_validated.agreement.share(),
            false_alarms: f.cross_validated.false_alarms.share(),
            recall: recall(&f.cross_validated),
        }),
        hybrid: HybridJson {
            workloads: s.placed.of,
            placed: s.placed.share(),
        },
        thresholds: Ordered(
            run.thresholds
                .iter()
                .map(|t| (t.name.to_owned(), t.limit))
                .collect(),
        ),
        failed: run
            .thresholds
            .iter()
            .filter(|t| !t.holds)
            .map(|t| t.name)
            .collect(),
        max_gap: run.max_gap,
        invalid: &run.invalid,
        results: run
            .outcomes
            .iter()
            .map(|o| ResultJson {
                case: &o.case,
                path: &o.path,
                source: SourceJson {
                    title: &o.source.title,
                    publisher: &o.source.publisher,
                    date: &o.source.date,
                    url: &o.source.url,
                },
                chose: o.chose.iter().map(|&c| id(c)).collect(),
                recommended: id(o.recommended),
                margin: o.margin,
                agrees: o.agrees,
                false_alarm: o.false_alarm,
                known_miss: o.known_miss.as_deref(),
                gap: o.gap,
                workloads: o
                    .decisions
                    .iter()
                    .filter_map(|d| {
                        Some(WorkloadJson {
                            workload: d.workload.as_deref()?,
                            chose: id(d.chose),
                            placed: id(d.got),
                        })
                    })
                    .collect(),
            })
            .collect(),
        fit: run.fit.as_ref().map(|f| FitJson {
            numbers: f.params.len(),
            sweeps: f.fitted.sweeps,
            current: shares(&run.summary),
            in_sample: shares(&f.in_sample),
            improves: f.improves(),
            written: &f.written,
            moved: moved_json(f.moved(), catalog),
            stale: moved_json(f.stale(), catalog),
            scenarios: f
                .scenarios
                .iter()
                .map(|(s, lead)| ScenarioJson {
                    strategy: catalog.strategies[*s].id.clone(),
                    lead: *lead,
                })
                .collect(),
        }),
    };
    crate::report::serial::json(&report)
}
