//! A hybrid system (docs/hybrid.md): each workload assessed as a single
//! profile, the plan for the whole system ([`crate::analysis::plan`]), and its views:
//! the terminal table, Markdown and the JSON contract.

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use crate::analysis::evaluated::System;
use crate::analysis::plan::{self, Plan};
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields;
use crate::report::view::View;
use crate::report::wire::{AssessmentJson, PackJson};
use crate::text::number::hundredths;
use crate::text::wrap::wrap;

pub(crate) fn ids(platforms: &[StrategyId], catalog: &Catalog) -> String {
    let names: Vec<&str> = platforms
        .iter()
        .map(|&s| catalog.strategies[s].id.as_str())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Why the plan is what it is, in one paragraph: what a second platform
/// gains in fit and money against its upkeep for this team.
pub(crate) fn reason(h: &System, catalog: &Catalog) -> String {
    let s = &h.solution;
    let t = crate::analysis::evaluated::team(&h.profile);
    let team_words = format!(
        "a team of {} at {} operations maturity",
        fields::format_number(t.engineers),
        t.ops_maturity
    );
    let upkeep = |p: &Plan| {
        format!(
            "{} hours of upkeep a month ({:.1}% of the team's time, worth {:.2} points of fit)",
            fields::format_number(p.extra_hours),
            plan::month_percent(p.extra_hours, t),
            p.extra_points
        )
    };
    let money = |from: &Plan, to: &Plan| match (from.monthly, to.monthly) {
        (Some(a), Some(b)) if (a - b).abs() >= 0.5 => format!(
            " and {} {} a month",
            if b < a { "saves" } else { "costs" },
            crate::text::money::whole_dollars(a - b)
        ),
        (Some(_), Some(_)) => " at the same monthly cost".into(),
        _ => String::new(),
    };
    let moved = |from: &Plan, to: &Plan| {
        let names: Vec<String> = (0..to.assignments.len())
            .filter(|&i| to.assignments[i] != from.assignments[i])
            .map(|i| {
                format!(
                    "{} on {}",
                    h.name(i),
                    catalog.strategies[to.assignments[i]].id
                )
            })
            .collect();
        names.join(", ")
    };
    match (&s.single, &s.multi) {
        (None, _) if !s.best.feasible => {
            "no strategy suits every workload: some workload is ruled out everywhere; see its ranking".into()
        }
        (None, _) => format!(
            "no single strategy suits every workload (each is ruled out for some), so the system needs {}",
            ids(&s.best.platforms, catalog)
        ),
        (Some(single), _) if s.best != *single => format!(
            "running {} beside {} ({}) gains {:.2} points of fit{}; it takes {}: for {team_words} it is worth it",
            ids(
                &s.best
                    .platforms
                    .iter()
                    .copied()
                    .filter(|p| !single.platforms.contains(p))
                    .collect::<Vec<_>>(),
                catalog
            ),
            ids(&single.platforms, catalog),
            moved(single, &s.best),
            s.best.fit - single.fit,
            money(single, &s.best),
            upkeep(&s.best)
        ),
        (Some(single), Some(multi)) if multi.fit > single.fit => format!(
            "one platform, {}, for every workload: the best split ({}) would gain {:.2} points of fit{}, but it takes {}: for {team_words} it is not worth it",
            ids(&single.platforms, catalog),
            moved(single, multi),
            multi.fit - single.fit,
            money(single, multi),
            upkeep(multi)
        ),
        (Some(single), _) => format!(
            "{} fits every workload at least as well as any split, with one platform to run",
            ids(&single.platforms, catalog)
        ),
    }
}

/// The terminal report: the plan first, then each workload's ranking when
/// asked (`--workload` gives one, `--explain` all).
pub(crate) fn table(h: &System, catalog: &Catalog, view: View) -> String {
    let width = view.width;
    let s = &h.solution;
    let id = |x: StrategyId| catalog.strategies[x].id.as_str();
    let mut out = String::new();
    let headline = format!(
        "Plan for {}: {} workloads on {} ({} platform{}).",
        h.profile.name,
        h.workloads.len(),
        ids(&s.best.platforms, catalog),
        s.best.platforms.len(),
        if s.best.platforms.len() == 1 { "" } else { "s" }
    );
    out.push_str(&format!("\x1b[1m{}\x1b[0m\n\n", wrap(&headline, width, 0)));
    let mut t =
        crate::report::table::fitted(&["workload", "strategy", "score", "margin", "note"], width);
    t.enforce_styling();
    for (i, e) in h.workloads.iter().enumerate() {
        let assigned = s.best.assignments[i];
        let own = e.assessment.winner().strategy;
        let note = if !s.best.feasible && !e.assessment.scored(assigned).eligible {
            "ruled out everywhere".to_owned()
        } else if own == assigned {
            "its own best".to_owned()
        } else {
            format!("alone: {} {:.2}", id(own), e.assessment.scored(own).score)
        };
        t.add_row(vec![
            Cell::new(h.name(i)),
            Cell::new(id(assigned)),
            Cell::new(format!("{:.2}", e.assessment.scored(assigned).score))
                .set_alignment(CellAlignment::Right),
            Cell::new(h.margin(i).map_or("-".into(), |m| format!("{m:+.2}")))
                .set_alignment(CellAlignment::Right),
            Cell::new(note),
        ]);
    }
    crate::report::table::keep_words(&mut t, width);
    out.push_str(&t.to_string());
    out.push_str("\n\n");
    let note = |label: &str, text: String, out: &mut String| {
        let lead = format!("{label}: ");
        out.push_str(&format!(
            "\x1b[1m{lead}\x1b[0m{}\n",
            wrap(&text, width, lead.len())
        ));
    };
    note("Why", format!("{}.", reason(h, catalog)), &mut out);
    note("Fit", plan_figures(&s.best, catalog), &mut out);
    match &s.single {
        Some(single) if *single != s.best => note(
            "One platform",
            format!(
                "{}: {}",
                ids(&single.platforms, catalog),
                plan_figures(single, catalog)
            ),
            &mut out,
        ),
        _ => {}
    }
    note(
        "Per workload",
        format!(
            "`advise {} --workload NAME` ranks one workload, with its reasons, blockers, cost and what would change it; --explain shows them all.",
            h.path
        ),
        &mut out,
    );
    if view.explain {
        for (i, e) in h.workloads.iter().enumerate() {
            out.push_str(&format!("\n\x1b[1mWorkload {}\x1b[0m\n\n", h.name(i)));
            out.push_str(&crate::report::table::assessment(e, catalog, view));
        }
    }
    crate::text::wrap::fit(&out, width)
}

pub(crate) fn plan_figures(p: &Plan, catalog: &Catalog) -> String {
    let hours: Vec<String> = p
        .platforms
        .iter()
        .zip(&p.upkeep)
        .map(|(&s, h)| {
            format!(
                "{} {} h",
                catalog.strategies[s].id,
                fields::format_number(*h)
            )
        })
        .collect();
    let mut text = format!(
        "mean score {:.2}, less {:.2} for upkeep beyond the first platform = {:.2}; upkeep a month: {}",
        p.fit,
        p.extra_points,
        p.value,
        hours.join(", ")
    );
    if let Some(m) = p.monthly {
        text.push_str(&format!(
            "; infrastructure {} a month (control planes paid once)",
            crate::text::money::dollars(m)
        ));
    }
    if let Some(kg) = p.kg_co2e {
        text.push_str(&format!(
            "; emits {} a month (each workload's own capacity, not pooled)",
            crate::analysis::carbon::kg_text(kg)
        ));
    }
    text
}

pub(crate) fn markdown(h: &System, catalog: &Catalog, view: View) -> String {
    use crate::text::escape;
    let s = &h.solution;
    let id = |x: StrategyId| catalog.strategies[x].id.as_str();
    let mut out = format!(
        "# {}\n\nPlan: {} workloads on {}.\n\n| workload | strategy | score | margin |\n| --- | --- | ---: | ---: |\n",
        escape::markdown(&h.profile.name),
        h.workloads.len(),
        ids(&s.best.platforms, catalog)
    );
    for (i, e) in h.workloads.iter().enumerate() {
        let assigned = s.best.assignments[i];
        out.push_str(&format!(
            "| {} | {} | {:.2} | {} |\n",
            escape::markdown(h.name(i)),
            id(assigned),
            e.assessment.scored(assigned).score,
            h.margin(i).map_or("-".into(), |m| format!("{m:+.2}"))
        ));
    }
    out.push_str(&format!(
        "\n- **Why:** {}.\n- **Fit:** {}\n",
        escape::markdown(&reason(h, catalog)),
        escape::markdown(&plan_figures(&s.best, catalog))
    ));
    if let Some(single) = s.single.as_ref().filter(|x| **x != s.best) {
        out.push_str(&format!(
            "- **One platform:** {}: {}\n",
            ids(&single.platforms, catalog),
            escape::markdown(&plan_figures(single, catalog))
        ));
    }
    for (i, e) in h.workloads.iter().enumerate() {
        let one = crate::report::markdown::assessment(e, catalog, view);
        // Each workload's report, a level down.
        let one = one.replacen(
            "# ",
            &format!("## Workload {}: ", escape::markdown(h.name(i))),
            1,
        );
        let one = one.replace("\n## ", "\n### ");
        out.push('\n');
        out.push_str(&one);
    }
    out
}

/// `advise PROFILE --format json` for a hybrid system (docs/hybrid.md).
#[derive(Debug, Serialize)]
pub(crate) struct HybridJson {
    pub profile: String,
    /// The strategy carrying the most workloads of the plan.
    pub recommendation: String,
    /// Each strategy as the single platform for every workload: the mean
    /// of the workloads' scores, eligible when it suits every workload.
    pub ranking: Vec<SystemRankJson>,
    pub plan: PlanJson,
    pub workloads: Vec<WorkloadJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packs: Vec<PackJson>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SystemRankJson {
    pub strategy: String,
    pub score: f64,
    pub eligible: bool,
    /// For a strategy ruled out for some workload: which, and why.
    pub reasons: Vec<SystemReasonJson>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SystemReasonJson {
    pub rule: String,
    pub effect: f64,
    pub workload: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PlanJson {
    pub assignments: Vec<AssignmentJson>,
    pub platforms: Vec<String>,
    pub single_platform: Option<SinglePlatformJson>,
    pub reason: String,
    /// Mean score of the assignments, upkeep beyond the first platform
    /// (hours and points), and the plan's value (fit − points).
    pub fit: f64,
    pub upkeep: Vec<UpkeepJson>,
    pub extra_upkeep_hours: f64,
    pub extra_upkeep_points: f64,
    pub value: f64,
    /// The infrastructure a month, each control plane paid once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly: Option<f64>,
    /// Emissions a month, kg CO2e, summed over the workloads (not pooled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbon_kg_co2e: Option<f64>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AssignmentJson {
    pub workload: String,
    pub strategy: String,
    pub score: f64,
    /// Lead over the workload's best other eligible strategy.
    pub margin: Option<f64>,
    /// The workload's own recommendation, alone.
    pub best_alone: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct SinglePlatformJson {
    pub strategy: String,
    pub fit: f64,
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly: Option<f64>,
}

#[derive(Debug, Serialize)]
pub(crate) struct UpkeepJson {
    pub strategy: String,
    pub hours: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct WorkloadJson {
    pub workload: String,
    #[serde(flatten)]
    pub assessment: AssessmentJson,
}

impl HybridJson {
    // Over 100 lines: the system's JSON object, built key by key as
    // docs/hybrid.md lists them.
    pub(crate) fn new(h: &System, catalog: &Catalog, detail: bool) -> HybridJson {
        let s = &h.solution;
        let id = |x: StrategyId| catalog.strategies[x].id.clone();
        let mut ranking: Vec<(StrategyId, SystemRankJson)> = catalog
            .each_strategy()
            .map(|st| {
                let scores: Vec<f64> = h
                    .workloads
                    .iter()
                    .map(|e| e.assessment.scored(st).score)
                    .collect();
                let mut reasons = Vec::new();
                for (i, e) in h.workloads.iter().enumerate() {
                    let scored = e.assessment.scored(st);
                    if let Some(r) = scored
                        .reasons
                        .iter()
                        .find(|r| r.kind != crate::analysis::engine::ReasonKind::Effect)
                        .filter(|_| !scored.eligible)
                    {
                        reasons.push(SystemReasonJson {
                            rule: catalog.rules[r.rule].id.clone(),
                            effect: 0.0,
                            workload: h.name(i).to_owned(),
                            message: r.message.clone(),
                        });
                    }
                }
                let score = crate::text::number::hundredths(
                    scores.iter().sum::<f64>() / scores.len() as f64,
                );
                let eligible = h.workloads.iter().all(|e| e.assessment.scored(st).eligible);
                (
                    st,
                    SystemRankJson {
                        strategy: id(st),
                        score,
                        eligible,
                        reasons,
                    },
                )
            })
            .collect();
        // The plan's main strategy first, so that `recommendation` is
        // `ranking[0].strategy` as for every profile (docs/output.md); then the
        // single-platform fits, best first.
        let main = h.recommendation();
        ranking.sort_by(|(a, x), (b, y)| {
            (*b == main)
                .cmp(&(*a == main))
                .then(y.eligible.cmp(&x.eligible))
                .then(y.score.total_cmp(&x.score))
                .then(a.cmp(b))
        });
        let best = &s.best;
        HybridJson {
            profile: h.profile.name.clone(),
            recommendation: id(h.recommendation()),
            ranking: ranking.into_iter().map(|(_, r)| r).collect(),
            plan: PlanJson {
                assignments: best
                    .assignments
                    .iter()
                    .enumerate()
                    .map(|(i, &st)| AssignmentJson {
                        workload: h.name(i).to_owned(),
                        strategy: id(st),
                        score: h.workloads[i].assessment.scored(st).score,
                        margin: h.margin(i),
                        best_alone: id(h.workloads[i].assessment.winner().strategy),
                    })
                    .collect(),
                platforms: best.platforms.iter().map(|&p| id(p)).collect(),
                single_platform: s.single.as_ref().map(|p| SinglePlatformJson {
                    strategy: id(p.platforms[0]),
                    fit: p.fit,
                    value: p.value,
                    monthly: p.monthly,
                }),
                reason: reason(h, catalog),
                fit: best.fit,
                upkeep: best
                    .platforms
                    .iter()
                    .zip(&best.upkeep)
                    .map(|(&p, &hours)| UpkeepJson {
                        strategy: id(p),
                        hours: hundredths(hours),
                    })
                    .collect(),
                extra_upkeep_hours: hundredths(best.extra_hours),
                extra_upkeep_points: best.extra_points,
                value: best.value,
                monthly: best.monthly,
                carbon_kg_co2e: best.kg_co2e.map(crate::analysis::carbon::grams),
            },
            workloads: h
                .workloads
                .iter()
                .enumerate()
                .map(|(i, e)| WorkloadJson {
                    workload: h.name(i).to_owned(),
                    assessment: AssessmentJson::new(e, catalog, detail),
                })
                .collect(),
            packs: crate::report::wire::packs(catalog),
        }
    }
}
