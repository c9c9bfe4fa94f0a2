//! `advise diff OLD NEW`: what an edit to a profile did to the advice, for
//! a pull request's reviewer: the fields that changed, the rules that
//! started or stopped firing, how each strategy's score moved and which
//! rules moved it, and whether the recommendation or the gate's verdict
//! changed. Pure: two assessed profiles in, a [`Diff`] out; the reporters
//! render it.

use serde::Serialize;

use crate::analysis::engine::Assessment;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::domain::profile::Profile;
use crate::gate::check::{self, Options};
use crate::report::markdown::cell;
use crate::report::{signed, wire::round};
use crate::text::escape::visible;

/// One side of the diff: a profile and its assessment.
pub struct Side<'a> {
    pub path: &'a str,
    pub profile: &'a Profile,
    pub assessment: &'a Assessment,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    /// Profile fields whose value changed, in field-table order.
    pub fields: Vec<FieldChange>,
    pub rules_started: Vec<String>,
    pub rules_stopped: Vec<String>,
    /// Every strategy, in the new ranking's order.
    pub strategies: Vec<Move>,
    pub recommendation: Change<String>,
    /// The gate's verdict for `current` (when either side states one).
    pub verdict: Option<Change<Option<String>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    /// The value as shown: `unset (default X)` when not stated.
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
    pub changed: bool,
}

impl<T: PartialEq> Change<T> {
    fn of(old: T, new: T) -> Change<T> {
        let changed = old != new;
        Change { old, new, changed }
    }
}

/// How one strategy's score moved, and the rules that moved it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub strategy: String,
    pub old_score: f64,
    pub new_score: f64,
    pub delta: f64,
    pub old_eligible: bool,
    pub new_eligible: bool,
    /// What the baselines (the priorities' weights) moved.
    pub baseline: f64,
    /// What clamping the score to 0-100 moved (usually 0): `delta` is
    /// `baseline` + `clamp` + each rule's `new - old`.
    pub clamp: f64,
    /// Each rule whose effect on this strategy changed, old → new.
    pub rules: Vec<RuleMove>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleMove {
    pub rule: String,
    pub old: f64,
    pub new: f64,
    /// `started`, `stopped`, `changed`, or for a blocker `blocks`/`unblocks`.
    pub what: &'static str,
}

impl crate::analysis::evaluated::Evaluated {
    /// This assessed profile as one side of a diff.
    pub fn side(&self) -> Side<'_> {
        Side {
            path: &self.path,
            profile: &self.profile,
            assessment: &self.assessment,
        }
    }
}

/// What changed between two assessed versions of a profile.
pub fn diff(old: &Side, new: &Side, catalog: &Catalog, options: &Options) -> Diff {
    let mut fields: Vec<FieldChange> = fields::FIELDS
        .iter()
        .filter_map(|f| {
            let id = fields::find(f.path)?;
            let (a, b) = (shown(old.profile, id), shown(new.profile, id));
            (a != b).then(|| FieldChange {
                field: f.path.to_owned(),
                old: a,
                new: b,
            })
        })
        .collect();
    let current = |p: &Profile| p.current.as_ref().map(|c| c.value.clone());
    if current(old.profile) != current(new.profile) {
        let show = |c: Option<String>| c.unwrap_or_else(|| "unset".into());
        fields.insert(
            0,
            FieldChange {
                field: "current".into(),
                old: show(current(old.profile)),
                new: show(current(new.profile)),
            },
        );
    }
    let ids = |a: &Assessment| -> Vec<&str> {
        a.fired
            .iter()
            .map(|&r| catalog.rules[r].id.as_str())
            .collect()
    };
    let (was, is) = (ids(old.assessment), ids(new.assessment));
    let rules_started = is
        .iter()
        .filter(|r| !was.contains(r))
        .map(|r| r.to_string())
        .collect();
    let rules_stopped = was
        .iter()
        .filter(|r| !is.contains(r))
        .map(|r| r.to_string())
        .collect();
    let strategies = new
        .assessment
        .ranking
        .iter()
        .map(|n| moved(n.strategy, old.assessment, new.assessment, catalog))
        .collect();
    let name = |a: &Assessment| catalog.strategies[a.winner().strategy].id.clone();
    let verdict = match (
        verdict(old, catalog, options),
        verdict(new, catalog, options),
    ) {
        (None, None) => None,
        (a, b) => Some(Change::of(a, b)),
    };
    Diff {
        old: old.path.to_owned(),
        new: new.path.to_owned(),
        fields,
        rules_started,
        rules_stopped,
        strategies,
        recommendation: Change::of(name(old.assessment), name(new.assessment)),
        verdict,
    }
}

/// A field's value as a reviewer reads it.
fn shown(p: &Profile, id: fields::FieldId) -> String {
    let value = |v: &FieldValue| match v {
        FieldValue::Num(x) => fields::format_number(*x),
        other => other.to_string(),
    };
    match (p.is_stated(id), p.get(id)) {
        (true, Some(v)) => value(v),
        (false, Some(v)) => format!("unset (default {})", value(v)),
        (_, None) => "unset".into(),
    }
}

/// The gate's verdict for the side's `current`, if it states one.
fn verdict(side: &Side, catalog: &Catalog, options: &Options) -> Option<String> {
    let current = side.profile.current.as_ref()?;
    let tested = catalog.strategy(&current.value)?;
    let f = check::judge(
        side.assessment,
        catalog,
        side.path,
        tested,
        current.loc,
        side.profile.accept.as_ref(),
        options,
    );
    Some(f.verdict.name().to_owned())
}

fn moved(s: StrategyId, old: &Assessment, new: &Assessment, catalog: &Catalog) -> Move {
    let (a, b) = (old.scored(s), new.scored(s));
    let effects = |sc: &crate::analysis::engine::Scored| -> Vec<(usize, f64, bool)> {
        sc.reasons
            .iter()
            .map(|r| {
                let block = !matches!(r.kind, crate::analysis::engine::ReasonKind::Effect);
                (r.rule, r.effect, block)
            })
            .collect()
    };
    let (ea, eb) = (effects(a), effects(b));
    let mut rules: Vec<RuleMove> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for &(rule, _, block) in ea.iter().chain(&eb) {
        if seen.contains(&rule) {
            continue;
        }
        seen.push(rule);
        let before = ea.iter().find(|e| e.0 == rule);
        let after = eb.iter().find(|e| e.0 == rule);
        let what = match (before, after) {
            (None, Some(_)) if block => "blocks",
            (Some(_), None) if block => "unblocks",
            (None, Some(_)) => "started",
            (Some(_), None) => "stopped",
            (Some(x), Some(y)) if round(x.1) != round(y.1) => "changed",
            _ => continue,
        };
        rules.push(RuleMove {
            rule: catalog.rules[rule].id.clone(),
            old: round(before.map_or(0.0, |e| e.1)),
            new: round(after.map_or(0.0, |e| e.1)),
            what,
        });
    }
    // Biggest movers first; rule id breaks ties.
    rules.sort_by(|x, y| {
        (y.new - y.old)
            .abs()
            .total_cmp(&(x.new - x.old).abs())
            .then(x.rule.cmp(&y.rule))
    });
    Move {
        strategy: catalog.strategies[s].id.clone(),
        old_score: round(a.score),
        new_score: round(b.score),
        delta: round(b.score - a.score),
        old_eligible: a.eligible,
        new_eligible: b.eligible,
        baseline: round(b.baseline - a.baseline),
        clamp: round(b.clamp - a.clamp),
        rules,
    }
}

impl Diff {
    /// Whether nothing moved at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.rules_started.is_empty()
            && self.rules_stopped.is_empty()
            && self
                .strategies
                .iter()
                .all(|m| m.delta == 0.0 && m.rules.is_empty())
    }

    /// Whether the edit changed what the tool advises.
    pub fn changed(&self) -> bool {
        self.recommendation.changed
    }

    pub fn text(&self) -> String {
        let mut out = format!("{} → {}\n", visible(&self.old), visible(&self.new));
        out.push_str(&match self.recommendation.changed {
            true => format!(
                "recommendation: {} → {} (changed)\n",
                self.recommendation.old, self.recommendation.new
            ),
            false => format!("recommendation: {} (unchanged)\n", self.recommendation.new),
        });
        if let Some(v) = &self.verdict {
            let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            out.push_str(&format!(
                "check verdict: {} → {}{}\n",
                show(&v.old),
                show(&v.new),
                if v.changed { " (changed)" } else { "" }
            ));
        }
        out.push_str("\nfields changed:\n");
        if self.fields.is_empty() {
            out.push_str("  none\n");
        }
        for f in &self.fields {
            out.push_str(&format!(
                "  {}: {} → {}\n",
                f.field,
                visible(&f.old),
                visible(&f.new)
            ));
        }
        if !self.rules_started.is_empty() {
            out.push_str(&format!(
                "rules started firing: {}\n",
                self.rules_started.join(", ")
            ));
        }
        if !self.rules_stopped.is_empty() {
            out.push_str(&format!(
                "rules stopped firing: {}\n",
                self.rules_stopped.join(", ")
            ));
        }
        out.push_str("\nscores:\n");
        let width = self
            .strategies
            .iter()
            .map(|m| m.strategy.len())
            .max()
            .unwrap_or(0);
        for m in &self.strategies {
            out.push_str(&format!(
                "  {:width$}  {} → {}  ({})\n",
                m.strategy,
                score(m.old_score, m.old_eligible),
                score(m.new_score, m.new_eligible),
                signed(m.delta)
            ));
            if m.baseline != 0.0 {
                out.push_str(&format!(
                    "  {:width$}    {} baseline (priorities reweighted)\n",
                    "",
                    signed(m.baseline)
                ));
            }
            for r in &m.rules {
                out.push_str(&format!(
                    "  {:width$}    {} {} ({}: {} → {})\n",
                    "",
                    signed(r.new - r.old),
                    r.rule,
                    r.what,
                    signed(r.old),
                    signed(r.new)
                ));
            }
        }
        out
    }

    /// For a pull-request comment: the verdict in a line, the detail folded.
    pub fn markdown(&self) -> String {
        let headline = match self.recommendation.changed {
            true => format!(
                "**The recommendation changed: {} → {}.**",
                self.recommendation.old, self.recommendation.new
            ),
            false => format!(
                "The recommendation is unchanged: **{}**.",
                self.recommendation.new
            ),
        };
        let mut out = format!("### advise diff: `{}`\n\n{headline}", cell(&self.new));
        if let Some(v) = self.verdict.as_ref().filter(|v| v.changed) {
            let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            out.push_str(&format!(
                " The check verdict changed: {} → {}.",
                show(&v.old),
                show(&v.new)
            ));
        }
        out.push_str("\n\n| strategy | before | after | change |\n| --- | ---: | ---: | ---: |\n");
        for m in &self.strategies {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                m.strategy,
                score(m.old_score, m.old_eligible),
                score(m.new_score, m.new_eligible),
                signed(m.delta)
            ));
        }
        out.push_str("\n<details><summary>What changed, and why</summary>\n\n");
        if self.fields.is_empty() {
            out.push_str("No field changed.\n");
        }
        for f in &self.fields {
            out.push_str(&format!(
                "- `{}`: {} → {}\n",
                f.field,
                cell(&f.old),
                cell(&f.new)
            ));
        }
        if !self.rules_started.is_empty() {
            out.push_str(&format!(
                "\nRules started firing: {}\n",
                list(&self.rules_started)
            ));
        }
        if !self.rules_stopped.is_empty() {
            out.push_str(&format!(
                "\nRules stopped firing: {}\n",
                list(&self.rules_stopped)
            ));
        }
        for m in self.strategies.iter().filter(|m| !m.rules.is_empty()) {
            out.push_str(&format!("\n**{}** ({}):\n", m.strategy, signed(m.delta)));
            for r in &m.rules {
                out.push_str(&format!(
                    "- `{}` {}: {} → {}\n",
                    r.rule,
                    r.what,
                    signed(r.old),
                    signed(r.new)
                ));
            }
        }
        out.push_str("\n</details>\n");
        out
    }
}

fn list(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn score(x: f64, eligible: bool) -> String {
    match eligible {
        true => format!("{x:.2}"),
        false => "ruled out".into(),
    }
}

/// A system as the diff sees it: its workloads, each assessed, and the
/// strategy the plan gives each (a single profile is a system of one
/// workload, on its recommendation).
pub struct System {
    pub path: String,
    pub name: String,
    pub workloads: Vec<(String, crate::analysis::evaluated::Evaluated)>,
    pub assignments: Vec<StrategyId>,
}

impl System {
    pub fn new(path: &str, profile: Profile, catalog: &Catalog) -> System {
        let name = profile.name.clone();
        if profile.workloads.is_empty() {
            let e = crate::analysis::evaluated::Evaluated::analyse(path, profile, catalog, false);
            let winner = e.assessment.winner().strategy;
            return System {
                path: path.to_owned(),
                name: name.clone(),
                workloads: vec![(name, e)],
                assignments: vec![winner],
            };
        }
        let h = crate::analysis::evaluated::System::analyse(path, profile, catalog, false);
        let names: Vec<String> = (0..h.workloads.len())
            .map(|i| h.name(i).to_owned())
            .collect();
        System {
            path: path.to_owned(),
            name,
            assignments: h.solution.best.assignments.clone(),
            workloads: names.into_iter().zip(h.workloads).collect(),
        }
    }
}

/// What changed in a system: the plan, the workloads added or removed, and
/// each workload present on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemDiff {
    pub old: String,
    pub new: String,
    /// `workload=strategy` per workload, in profile order.
    pub plan: Change<Vec<String>>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub workloads: Vec<WorkloadDiff>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadDiff {
    pub workload: String,
    #[serde(flatten)]
    pub diff: Diff,
}

impl SystemDiff {
    pub fn new(old: &System, new: &System, catalog: &Catalog, options: &Options) -> SystemDiff {
        let plan = |s: &System| -> Vec<String> {
            s.workloads
                .iter()
                .zip(&s.assignments)
                .map(|((n, _), &a)| format!("{n}={}", catalog.strategies[a].id))
                .collect()
        };
        let names =
            |s: &System| -> Vec<String> { s.workloads.iter().map(|(n, _)| n.clone()).collect() };
        let (was, is) = (names(old), names(new));
        let workloads = new
            .workloads
            .iter()
            .filter_map(|(n, e)| {
                let (_, before) = old.workloads.iter().find(|(m, _)| m == n)?;
                Some(WorkloadDiff {
                    workload: n.clone(),
                    diff: diff(&before.side(), &e.side(), catalog, options),
                })
            })
            .collect();
        SystemDiff {
            old: old.path.clone(),
            new: new.path.clone(),
            plan: Change::of(plan(old), plan(new)),
            added: is.iter().filter(|n| !was.contains(n)).cloned().collect(),
            removed: was.iter().filter(|n| !is.contains(n)).cloned().collect(),
            workloads,
        }
    }

    /// Whether the edit changed the plan (a strategy of some workload).
    pub fn changed(&self) -> bool {
        self.plan.changed
    }

    pub fn text(&self) -> String {
        let mut out = format!("{} → {}\n", visible(&self.old), visible(&self.new));
        out.push_str(&match self.plan.changed {
            true => format!(
                "plan: {} → {} (changed)\n",
                visible(&self.plan.old.join(", ")),
                visible(&self.plan.new.join(", "))
            ),
            false => format!("plan: {} (unchanged)\n", visible(&self.plan.new.join(", "))),
        });
        if !self.added.is_empty() {
            out.push_str(&format!(
                "workloads added: {}\n",
                visible(&self.added.join(", "))
            ));
        }
        if !self.removed.is_empty() {
            out.push_str(&format!(
                "workloads removed: {}\n",
                visible(&self.removed.join(", "))
            ));
        }
        let same = self.unchanged();
        if !same.is_empty() {
            out.push_str(&format!(
                "workloads unchanged: {}\n",
                visible(&same.join(", "))
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n== workload {} ==\n", visible(&w.workload)));
            // Each workload's own report, without the files' line.
            let body = w.diff.text();
            out.push_str(
                body.split_once('\n')
                    .map_or(body.as_str(), |(_, rest)| rest),
            );
        }
        out
    }

    /// The workloads on both sides that nothing moved.
    fn unchanged(&self) -> Vec<String> {
        self.workloads
            .iter()
            .filter(|w| w.diff.is_empty())
            .map(|w| w.workload.clone())
            .collect()
    }

    pub fn markdown(&self) -> String {
        let headline = match self.plan.changed {
            true => format!(
                "**The plan changed:** {} → {}.",
                cell(&self.plan.old.join(", ")),
                cell(&self.plan.new.join(", "))
            ),
            false => format!(
                "The plan is unchanged: {}.",
                cell(&self.plan.new.join(", "))
            ),
        };
        let mut out = format!("### advise diff: `{}`\n\n{headline}\n", cell(&self.new));
        if !self.added.is_empty() {
            out.push_str(&format!(
                "\nWorkloads added: {}\n",
                cell(&self.added.join(", "))
            ));
        }
        if !self.removed.is_empty() {
            out.push_str(&format!(
                "\nWorkloads removed: {}\n",
                cell(&self.removed.join(", "))
            ));
        }
        let same = self.unchanged();
        if !same.is_empty() {
            out.push_str(&format!(
                "\nWorkloads unchanged: {}\n",
                cell(&same.join(", "))
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n#### {}\n\n", cell(&w.workload)));
            let body = w.diff.markdown();
            // Each workload's own report, without its title line.
            out.push_str(
                body.split_once("\n\n")
                    .map_or(body.as_str(), |(_, rest)| rest),
            );
        }
        out
    }
}

/// Formats of `advise diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// What changed, for a terminal.
    Text,
    /// Short, with the detail folded: for a pull-request comment.
    Markdown,
    /// The whole diff as one JSON object.
    Json,
}

impl DiffFormat {
    pub fn render(self, d: &Diff) -> String {
        match self {
            DiffFormat::Text => d.text(),
            DiffFormat::Markdown => d.markdown(),
            DiffFormat::Json => crate::report::json(d),
        }
    }

    pub fn render_system(self, d: &SystemDiff) -> String {
        match self {
            DiffFormat::Text => d.text(),
            DiffFormat::Markdown => d.markdown(),
            DiffFormat::Json => crate::report::json(d),
        }
    }
}
