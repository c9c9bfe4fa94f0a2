//! `advise diff OLD NEW`: what an edit to a profile did to the advice, for
//! a pull request's reviewer: the fields that changed, the rules that
//! started or stopped firing, how each strategy's score moved and which
//! rules moved it, and whether the recommendation or the gate's verdict
//! changed. Pure: two assessed profiles in, a [`Diff`] out; the reporters
//! render it.

use serde::Serialize;

use crate::analysis::engine::Assessment;
use crate::domain::catalog::{Catalog, RuleId, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::domain::profile::Profile;
use crate::gate::check::{self, Options};
use crate::text::diag::Diagnostics;
use crate::text::number::hundredths;

/// One side of the diff: a profile and its assessment.
pub(crate) struct Side<'a> {
    pub path: &'a str,
    pub profile: &'a Profile,
    pub assessment: &'a Assessment,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Diff {
    pub old: String,
    pub new: String,
    /// Profile fields whose value changed, in field-table order.
    pub fields: Vec<FieldChange>,
    pub rules_started: Vec<String>,
    pub rules_stopped: Vec<String>,
    /// Every strategy, in the new ranking's order.
    pub strategies: Vec<Move>,
    pub recommendation: Delta<String>,
    /// The gate's verdict for `current` (when either side states one).
    pub verdict: Option<Delta<Option<String>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct FieldChange {
    pub field: String,
    /// The value as shown: `unset (default X)` when not stated.
    pub old: String,
    pub new: String,
}

/// A value before and after the edit, and whether it moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Delta<T> {
    pub old: T,
    pub new: T,
    pub changed: bool,
}

impl<T: PartialEq> Delta<T> {
    fn of(old: T, new: T) -> Delta<T> {
        let changed = old != new;
        Delta { old, new, changed }
    }
}

/// How one strategy's score moved, and the rules that moved it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Move {
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
pub(crate) struct RuleMove {
    pub rule: String,
    pub old: f64,
    pub new: f64,
    /// `started`, `stopped`, `changed`, or for a blocker `blocks`/`unblocks`.
    pub what: &'static str,
}

impl crate::analysis::evaluated::Evaluated {
    /// This assessed profile as one side of a diff.
    pub(crate) fn side(&self) -> Side<'_> {
        Side {
            path: &self.path,
            profile: &self.profile,
            assessment: &self.assessment,
        }
    }
}

/// What changed between two assessed versions of a profile.
pub(crate) fn diff(old: &Side, new: &Side, catalog: &Catalog, options: &Options) -> Diff {
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
    let current = |p: &Profile| {
        p.current
            .as_ref()
            .map(|c| catalog.strategies[c.value].id.clone())
    };
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
        (a, b) => Some(Delta::of(a, b)),
    };
    Diff {
        old: old.path.to_owned(),
        new: new.path.to_owned(),
        fields,
        rules_started,
        rules_stopped,
        strategies,
        recommendation: Delta::of(name(old.assessment), name(new.assessment)),
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
    let f = check::judge(
        side.assessment,
        catalog,
        side.path,
        current.value,
        current.loc,
        side.profile.accept.as_ref(),
        options,
    );
    Some(f.verdict.name().to_owned())
}

fn moved(s: StrategyId, old: &Assessment, new: &Assessment, catalog: &Catalog) -> Move {
    let (a, b) = (old.scored(s), new.scored(s));
    let effects = |sc: &crate::analysis::engine::Scored| -> Vec<(RuleId, f64, bool)> {
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
    let mut seen: Vec<RuleId> = Vec::new();
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
            (Some(x), Some(y)) if hundredths(x.1) != hundredths(y.1) => "changed",
            _ => continue,
        };
        rules.push(RuleMove {
            rule: catalog.rules[rule].id.clone(),
            old: hundredths(before.map_or(0.0, |e| e.1)),
            new: hundredths(after.map_or(0.0, |e| e.1)),
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
        old_score: hundredths(a.score),
        new_score: hundredths(b.score),
        delta: hundredths(b.score - a.score),
        old_eligible: a.eligible,
        new_eligible: b.eligible,
        baseline: hundredths(b.baseline - a.baseline),
        clamp: hundredths(b.clamp - a.clamp),
        rules,
    }
}

impl Diff {
    /// Whether nothing moved at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.rules_started.is_empty()
            && self.rules_stopped.is_empty()
            && self
                .strategies
                .iter()
                .all(|m| m.delta == 0.0 && m.rules.is_empty())
    }

    /// Whether the edit changed what the tool advises, or what the gate
    /// says of `current`.
    pub(crate) fn changed(&self) -> bool {
        self.recommendation.changed || self.verdict.as_ref().is_some_and(|v| v.changed)
    }
}

/// A system as the diff sees it (a [`crate::analysis::evaluated::System`]
/// or a single profile): its workloads, each assessed, the strategy the
/// plan gives each (a single profile is a system of one workload, on its
/// recommendation), and the verdict `check` gives each workload that
/// states a `current`.
pub(crate) struct Planned {
    pub path: String,
    pub workloads: Vec<(String, crate::analysis::evaluated::Evaluated)>,
    pub assignments: Vec<StrategyId>,
    /// The gate's verdict per workload, from the gate's own functions
    /// ([`check::judge`], [`check::judge_workload`]).
    pub verdicts: Vec<Option<String>>,
}

impl Planned {
    /// Refuses a system whose catalog is too large to plan (see
    /// [`crate::analysis::evaluated::System::analyse`]).
    pub(crate) fn new(
        path: &str,
        profile: Profile,
        catalog: &Catalog,
        options: &Options,
    ) -> Result<Planned, Diagnostics> {
        if profile.workloads.is_empty() {
            let name = profile.name.clone();
            let e = crate::analysis::evaluated::Evaluated::analyse(path, profile, catalog, false);
            let winner = e.assessment.winner().strategy;
            let verdict = verdict(&e.side(), catalog, options);
            return Ok(Planned {
                path: path.to_owned(),
                workloads: vec![(name, e)],
                assignments: vec![winner],
                verdicts: vec![verdict],
            });
        }
        let h = crate::analysis::evaluated::System::analyse(path, profile, catalog, false)?;
        let verdicts = (0..h.workloads.len())
            .map(|i| {
                let current = h.profile.workloads[i].profile.current.as_ref()?;
                let f = check::judge_workload(
                    &h,
                    i,
                    catalog,
                    path,
                    current.value,
                    current.loc,
                    options,
                );
                Some(f.verdict.name().to_owned())
            })
            .collect();
        let names: Vec<String> = (0..h.workloads.len())
            .map(|i| h.name(i).to_owned())
            .collect();
        Ok(Planned {
            path: path.to_owned(),
            assignments: h.solution.best.assignments.clone(),
            verdicts,
            workloads: names.into_iter().zip(h.workloads).collect(),
        })
    }
}

/// What changed in a system: the plan, the workloads added or removed, and
/// each workload present on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SystemDiff {
    pub old: String,
    pub new: String,
    /// `workload=strategy` per workload, in profile order.
    pub plan: Delta<Vec<String>>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub workloads: Vec<WorkloadDiff>,
}

/// One workload present on both sides. Its `verdict` (in the flattened
/// [`Diff`]) is the gate's verdict against the plan, as `check` gives it;
/// its `recommendation` is the workload's own best, alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct WorkloadDiff {
    pub workload: String,
    /// The plan's strategy for the workload.
    pub strategy: Delta<String>,
    #[serde(flatten)]
    pub diff: Diff,
}

impl WorkloadDiff {
    /// Whether the plan moved it or its verdict at the gate changed.
    pub(crate) fn changed(&self) -> bool {
        self.strategy.changed || self.diff.verdict.as_ref().is_some_and(|v| v.changed)
    }
}

impl SystemDiff {
    pub(crate) fn new(
        old: &Planned,
        new: &Planned,
        catalog: &Catalog,
        options: &Options,
    ) -> SystemDiff {
        let plan = |s: &Planned| -> Vec<String> {
            s.workloads
                .iter()
                .zip(&s.assignments)
                .map(|((n, _), &a)| format!("{n}={}", catalog.strategies[a].id))
                .collect()
        };
        let names =
            |s: &Planned| -> Vec<String> { s.workloads.iter().map(|(n, _)| n.clone()).collect() };
        let (was, is) = (names(old), names(new));
        let workloads = new
            .workloads
            .iter()
            .enumerate()
            .filter_map(|(j, (n, e))| {
                let i = old.workloads.iter().position(|(m, _)| m == n)?;
                let before = &old.workloads[i].1;
                let mut diff = diff(&before.side(), &e.side(), catalog, options);
                // The gate judges a workload against the plan, not its own
                // best: the verdict is check's.
                diff.verdict = match (old.verdicts[i].clone(), new.verdicts[j].clone()) {
                    (None, None) => None,
                    (a, b) => Some(Delta::of(a, b)),
                };
                let id = |s: StrategyId| catalog.strategies[s].id.clone();
                Some(WorkloadDiff {
                    workload: n.clone(),
                    strategy: Delta::of(id(old.assignments[i]), id(new.assignments[j])),
                    diff,
                })
            })
            .collect();
        SystemDiff {
            old: old.path.clone(),
            new: new.path.clone(),
            plan: Delta::of(plan(old), plan(new)),
            added: is.iter().filter(|n| !was.contains(n)).cloned().collect(),
            removed: was.iter().filter(|n| !is.contains(n)).cloned().collect(),
            workloads,
        }
    }

    /// Whether the edit changed the plan (a strategy of some workload) or
    /// the gate's verdict on some workload.
    pub(crate) fn changed(&self) -> bool {
        self.plan.changed || self.workloads.iter().any(WorkloadDiff::changed)
    }
}
