//! The CI gate's judgement: does the strategy a profile says it uses still fit?
//!
//! Pure like the engine: it takes an assessment, the strategy to test, the
//! acceptance (if any) and today's date as values, and returns a [`Finding`].
//! Reading files, the clock and the output formats live elsewhere.

use crate::analysis::engine::{Assessment, ReasonKind};
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::profile::{Accept, Date, Profile};
use crate::text::diag::Diagnostic;
use crate::text::yaml::Loc;

/// How far (in score points) the tested strategy may trail the
/// recommendation before it is a mismatch. One soft rule moves a score by
/// about 2-4 points, so 5 points means "more than one fact's worth behind":
/// close calls drift, clear losses fail.
pub(crate) const DEFAULT_MAX_GAP: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The tested strategy is the recommendation.
    Fit,
    /// Still within the allowed gap, but no longer the recommendation.
    Drift,
    /// A mismatch that an `accept:` block, still in force, keeps knowingly.
    Accepted,
    /// Ineligible, or trailing by more than the allowed gap.
    Mismatch,
    /// `check --detect`: `current:` names a strategy the directory beside
    /// the profile does not deploy (a finding of its own, beside the
    /// profile's verdict).
    Stale,
}

impl Verdict {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Verdict::Fit => "fit",
            Verdict::Drift => "drift",
            Verdict::Accepted => "accepted",
            Verdict::Mismatch => "mismatch",
            Verdict::Stale => "stale",
        }
    }
}

/// Which verdicts fail the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Only mismatches fail (drift is reported as a warning).
    Mismatch,
    /// Drift fails too.
    Drift,
}

impl FailOn {
    pub(crate) fn fails(self, verdict: Verdict) -> bool {
        match self {
            // A stale `current:` fails like a mismatch (cli.md): the gate
            // was judging a strategy the repository no longer runs.
            FailOn::Mismatch => matches!(verdict, Verdict::Mismatch | Verdict::Stale),
            FailOn::Drift => matches!(verdict, Verdict::Mismatch | Verdict::Drift | Verdict::Stale),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub max_gap: f64,
    pub today: Date,
    /// False for audits (`--no-accept`): every acceptance is ignored.
    pub honour_acceptances: bool,
    /// How far ahead an acceptance's `until` may be (`--max-accept-days`).
    pub max_accept_days: u32,
}

/// The default of `--max-accept-days`: an acceptance is reviewed at least
/// once a year.
pub(crate) const DEFAULT_MAX_ACCEPT_DAYS: u32 = 365;

/// Why an acceptance cannot be taken: its `until` is further ahead than
/// allowed. A message to report at `until`'s value, or `None` when fine.
pub(crate) fn accept_too_far(accept: &Accept, options: &Options) -> Option<String> {
    let ahead = accept.until.days() - options.today.days();
    (options.honour_acceptances && ahead > i64::from(options.max_accept_days)).then(|| {
        format!(
            "`accept.until` is {} ({ahead} days ahead), beyond the {} days an acceptance may run; review the choice sooner, or allow it with --max-accept-days",
            accept.until, options.max_accept_days
        )
    })
}

/// One profile's result at the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub profile: String,
    /// For a workload of a hybrid system: its name (the finding judges its
    /// `current` against the plan's strategy for it).
    pub workload: Option<String>,
    /// The file as found or named.
    pub path: String,
    /// The tested strategy.
    pub current: StrategyId,
    /// Where to point: the `current:` key, or the file's first line when the
    /// strategy came from `--expect`.
    pub loc: Loc,
    pub recommendation: StrategyId,
    pub verdict: Verdict,
    /// Points the tested strategy trails the recommendation (0 when it is it).
    pub gap: f64,
    pub message: String,
    /// The acceptance that applied, or that lapsed.
    pub accept: Option<Accept>,
    pub accept_lapsed: bool,
    /// The acceptance applies, but the strategy is not a mismatch any more.
    pub accept_stale: bool,
    /// For a `stale` finding: what the directory deploys instead, and where.
    pub detected: Option<Detected>,
}

/// A deployment file that shows the strategy really in use.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    pub strategy: StrategyId,
    /// The file, as every format shows paths (relative to where the gate runs).
    pub path: String,
    pub line: u32,
    /// What is deployed there, e.g. `kubernetes Deployment cart`.
    pub what: String,
}

/// `check --detect`: a `stale` finding beside `finding` when the strategy
/// its `current:` names is not among those `deployed` (each strategy with
/// the first file that shows it, in path order), naming the first file
/// that shows a strategy in use. `None` when `current:` is deployed, when
/// nothing was detected (the gate then judges as written), or when the
/// strategy came from `--expect`.
pub(crate) fn stale(
    finding: &Finding,
    deployed: &[Detected],
    catalog: &Catalog,
    expect: bool,
) -> Option<Finding> {
    if expect || deployed.is_empty() || deployed.iter().any(|d| d.strategy == finding.current) {
        return None;
    }
    let first = &deployed[0];
    let name = |s: StrategyId| catalog.strategies[s].id.as_str();
    let kinds: Vec<&str> = deployed.iter().map(|d| name(d.strategy)).collect();
    let whose = match &finding.workload {
        Some(w) => format!("workload {w}: "),
        None => String::new(),
    };
    Some(Finding {
        verdict: Verdict::Stale,
        gap: 0.0,
        message: format!(
            "{whose}current is stale: `current: {}`, but the directory deploys {}, as {}:{} shows ({}); update `current:` (and re-check), or move the profile beside what it describes",
            name(finding.current),
            kinds.join(", "),
            first.path,
            first.line,
            first.what
        ),
        accept: None,
        accept_lapsed: false,
        accept_stale: false,
        detected: Some(first.clone()),
        ..finding.clone()
    })
}

/// One run of the gate: what was found, and what fails the job.
#[derive(Debug, Clone)]
pub struct Run {
    pub findings: Vec<Finding>,
    /// Profiles the gate could not read or validate: reported in every
    /// format, never skipped (the run then exits 2).
    pub invalid: Vec<Invalid>,
    pub fail_on: FailOn,
    /// Files named like a profile that the search of a directory passed
    /// over (an ignore file left them out, or a symbolic link), each with
    /// why: counted and named in every format's summary, so that a gate
    /// never passes silently on fewer profiles than the tree holds.
    pub skipped: Vec<String>,
}

impl Run {
    /// Whether the job fails: a failing verdict, or a profile not judged.
    pub(crate) fn failed(&self) -> bool {
        !self.invalid.is_empty() || self.findings.iter().any(|f| self.fail_on.fails(f.verdict))
    }
}

/// A profile that could not be judged, and every problem found in it.
#[derive(Debug, Clone)]
pub struct Invalid {
    pub path: String,
    pub problems: Vec<Diagnostic>,
}

/// What the gate makes of one profile that loaded: its finding, or why it
/// cannot be judged (no strategy to test, or an acceptance that runs
/// longer than allowed). `file` and `text` are the profile as read, for
/// diagnostics; `shown` the path every format reports.
pub(crate) fn examine(
    profile: &Profile,
    assessment: &Assessment,
    catalog: &Catalog,
    (file, text): (&str, &str),
    shown: &str,
    expect: Option<StrategyId>,
    options: &Options,
) -> Result<Finding, Invalid> {
    let invalid = |problem: Diagnostic| Invalid {
        path: shown.to_owned(),
        problems: vec![problem],
    };
    let (tested, loc) = match (expect, &profile.current) {
        (Some(s), _) => (s, Loc::START),
        (None, Some(current)) => (current.value, current.loc),
        (None, None) => {
            return Err(invalid(
                Diagnostic::new(
                    file,
                    "",
                    Loc::default(),
                    "the profile has no `current:` strategy to check",
                )
                .help("add `current: STRATEGY` to the profile, or pass --expect STRATEGY"),
            ));
        }
    };
    if let Some(a) = &profile.accept
        && let Some(why) = accept_too_far(a, options)
    {
        return Err(invalid(Diagnostic::new(file, text, a.until_loc, why)));
    }
    Ok(judge(
        assessment,
        catalog,
        shown,
        tested,
        loc,
        profile.accept.as_ref(),
        options,
    ))
}

/// Judges each workload of a hybrid system that has a `current` (its own,
/// or the profile's) against the plan's strategy for it: one finding per
/// workload, at its `current:` key. `--expect` tests every workload.
pub(crate) fn examine_system(
    h: &crate::analysis::evaluated::System,
    catalog: &Catalog,
    (file, text): (&str, &str),
    shown: &str,
    expect: Option<StrategyId>,
    options: &Options,
) -> Result<Vec<Finding>, Invalid> {
    let invalid = |problem: Diagnostic| Invalid {
        path: shown.to_owned(),
        problems: vec![problem],
    };
    if let Some(a) = &h.profile.accept
        && let Some(why) = accept_too_far(a, options)
    {
        return Err(invalid(Diagnostic::new(file, text, a.until_loc, why)));
    }
    let mut findings = Vec::new();
    for (i, w) in h.profile.workloads.iter().enumerate() {
        let (tested, loc) = match (expect, &w.profile.current) {
            (Some(s), _) => (s, Loc::START),
            (None, Some(c)) => (c.value, c.loc),
            (None, None) => continue,
        };
        findings.push(judge_workload(h, i, catalog, shown, tested, loc, options));
    }
    if findings.is_empty() {
        return Err(invalid(
            Diagnostic::new(
                file,
                "",
                Loc::default(),
                "no workload has a `current:` strategy to check",
            )
            .help(
                "add `current: STRATEGY` to a workload (or the profile), or pass --expect STRATEGY",
            ),
        ));
    }
    Ok(findings)
}

/// Judges workload `i` of a system, testing `tested`, against the plan's
/// strategy for it: what `check` reports for the workload, and what
/// `diff` shows as its verdict (one function, so they cannot disagree).
pub(crate) fn judge_workload(
    h: &crate::analysis::evaluated::System,
    i: usize,
    catalog: &Catalog,
    shown: &str,
    tested: StrategyId,
    loc: Loc,
    options: &Options,
) -> Finding {
    let w = &h.profile.workloads[i];
    let assessment = &h.workloads[i].assessment;
    let planned = h.solution.best.assignments[i];
    let mut f = judge(
        assessment,
        catalog,
        shown,
        tested,
        loc,
        w.profile.accept.as_ref(),
        options,
    );
    let name = |s: StrategyId| catalog.strategies[s].id.as_str();
    let own = f.recommendation;
    if planned != own {
        // The plan moves this workload off its own best to run fewer
        // platforms: the plan's strategy is the one to be on.
        let mine = assessment.scored(tested);
        let theirs = assessment.scored(planned);
        f.recommendation = planned;
        f.gap = if tested == planned {
            0.0
        } else {
            ((theirs.score - mine.score).max(0.0) * 100.0).round() / 100.0
        };
        let why = format!(
            "the plan puts it on {} (alone, {} would lead by {:.2}), so as to run fewer platforms",
            name(planned),
            name(own),
            assessment.scored(own).score - theirs.score
        );
        (f.verdict, f.message) = if !mine.eligible {
            // Ruled out is a mismatch, even when the plan (with every
            // strategy ruled out) names it.
            (Verdict::Mismatch, format!("{}; {why}", f.message))
        } else if tested == planned {
            (
                Verdict::Fit,
                format!("{} is the plan's strategy: {why}", name(tested)),
            )
        } else if tested == own || f.gap <= options.max_gap {
            (
                Verdict::Drift,
                format!("{} is not the plan's strategy: {why}", name(tested)),
            )
        } else {
            (
                Verdict::Mismatch,
                format!(
                    "{} trails the plan's {} by {:.2} points (allowed: {:.2}); {why}",
                    name(tested),
                    name(planned),
                    f.gap,
                    options.max_gap
                ),
            )
        };
    }
    f.profile = h.profile.name.clone();
    f.message = format!("workload {}: {}", w.name, f.message);
    f.workload = Some(w.name.clone());
    f
}

/// Judges one assessed profile.
// Over 100 lines: the verdict, its message and the acceptance that may
// change them are one decision, kept together so that every case of the
// policy reads in one place.
pub fn judge(
    assessment: &Assessment,
    catalog: &Catalog,
    path: &str,
    tested: StrategyId,
    loc: Loc,
    accept: Option<&Accept>,
    options: &Options,
) -> Finding {
    let name = |s: StrategyId| catalog.strategies[s].id.as_str();
    let mine = assessment.scored(tested);
    // A tie for first is a fit: the tested strategy is as good as any.
    let tied =
        mine.eligible && mine.score == assessment.winner().score && assessment.winner().eligible;
    let best = if tied { mine } else { assessment.winner() };
    let gap = if tested == best.strategy {
        0.0
    } else {
        (best.score - mine.score).max(0.0)
    };
    let gap = (gap * 100.0).round() / 100.0;

    // Ruled out is a mismatch first of all: when every strategy is ruled
    // out, the "winner" is an ineligible one and may be the tested one.
    let (mut verdict, mut message) = if !mine.eligible {
        let why = mine
            .reasons
            .iter()
            .find(|r| r.kind != ReasonKind::Effect)
            .map(|r| format!(": {} [{}]", r.message, catalog.rules[r.rule].id))
            .unwrap_or_default();
        let instead = if assessment.winner().eligible {
            format!("{} fits best", name(best.strategy))
        } else {
            "every strategy is ruled out".to_owned()
        };
        (
            Verdict::Mismatch,
            format!(
                "{} is ruled out for this profile{why}; {instead}",
                name(tested)
            ),
        )
    } else if tested == best.strategy {
        let others: Vec<&str> = assessment
            .ranking
            .iter()
            .filter(|s| s.strategy != tested && s.eligible && s.score == mine.score)
            .map(|s| name(s.strategy))
            .collect();
        (
            Verdict::Fit,
            if others.is_empty() {
                format!(
                    "{} is the recommended strategy (score {:.2})",
                    name(tested),
                    mine.score
                )
            } else {
                format!(
                    "{} ties for first with {} (score {:.2}); a tie is a fit",
                    name(tested),
                    others.join(", "),
                    mine.score
                )
            },
        )
    } else if gap > options.max_gap {
        (
            Verdict::Mismatch,
            format!(
                "{} trails {} by {gap:.2} points (allowed: {:.2})",
                name(tested),
                name(best.strategy),
                options.max_gap
            ),
        )
    } else {
        (
            Verdict::Drift,
            format!(
                "{} is no longer the recommendation: {} leads by {gap:.2} points (within the allowed {:.2})",
                name(tested),
                name(best.strategy),
                options.max_gap
            ),
        )
    };

    let mut accept_lapsed = false;
    let applicable = accept.filter(|a| options.honour_acceptances && a.strategy == tested);
    // An acceptance with nothing left to accept is stale: say so, so that
    // it is removed rather than left to hide a future mismatch.
    let accept_stale = applicable.is_some() && matches!(verdict, Verdict::Fit | Verdict::Drift);
    if let (true, Some(a)) = (accept_stale, applicable) {
        message = format!(
            "{message}; its acceptance (until {}: {}) is stale, since {} fits now: remove `accept:`",
            a.until,
            a.reason,
            name(tested)
        );
    }
    if verdict == Verdict::Mismatch
        && let Some(a) = applicable
    {
        if a.until >= options.today {
            verdict = Verdict::Accepted;
            message = format!("{message}; accepted until {}: {}", a.until, a.reason);
        } else {
            accept_lapsed = true;
            message = format!(
                "{message}; the acceptance lapsed on {} ({})",
                a.until, a.reason
            );
        }
    }

    Finding {
        profile: assessment.profile.clone(),
        workload: None,
        path: path.to_owned(),
        current: tested,
        loc,
        recommendation: best.strategy,
        verdict,
        gap,
        message,
        accept: applicable.cloned(),
        accept_lapsed,
        accept_stale,
        detected: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::engine::evaluate;
    use crate::domain::profile::{self, Profile};

    fn setup(sets: &[&str]) -> (Assessment, Catalog) {
        let catalog = Catalog::builtin();
        let p = Profile::from_sets(sets, &catalog.strategy_ids());
        (evaluate(&p, &catalog), catalog)
    }

    fn options(max_gap: f64) -> Options {
        Options {
            max_gap,
            today: Date::parse("2027-01-01").unwrap(),
            honour_acceptances: true,
            max_accept_days: DEFAULT_MAX_ACCEPT_DAYS,
        }
    }

    fn accept(strategy: &str, until: &str) -> Accept {
        Accept {
            strategy: Catalog::builtin().strategy(strategy).unwrap(),
            reason: "migrating".into(),
            until: Date::parse(until).unwrap(),
            until_loc: Loc::default(),
        }
    }

    #[test]
    fn the_gate_judges_the_strategy_in_force_and_refuses_what_it_cannot_judge() {
        let catalog = Catalog::builtin();
        let ids = catalog.strategy_ids();
        let examine_text = |text: &str, expect: Option<StrategyId>| {
            let p = profile::load("p.yaml", text, &ids, &[]).unwrap();
            let a = evaluate(&p, &catalog);
            examine(
                &p,
                &a,
                &catalog,
                ("p.yaml", text),
                "p.yaml",
                expect,
                &options(5.0),
            )
        };
        // `current` is tested where it is written; --expect wins over it.
        let f = examine_text("current: serverless\n", None).unwrap();
        assert_eq!(
            (f.current, f.loc.line),
            (catalog.strategy("serverless").unwrap(), 1)
        );
        let container = catalog.strategy("container");
        let f = examine_text("current: serverless\n", container).unwrap();
        assert_eq!(Some(f.current), container);
        // Nothing to test, or an acceptance beyond the allowed year.
        let none = examine_text("name: x\n", None).unwrap_err();
        assert!(none.problems[0].message.contains("no `current:`"));
        let far =
            "current: serverless\naccept: {strategy: serverless, reason: r, until: 2029-01-01}\n";
        let far = examine_text(far, None).unwrap_err();
        assert_eq!(far.problems[0].loc.line, 2);
    }

    #[test]
    fn a_run_fails_on_a_failing_verdict_or_on_any_profile_not_judged() {
        let (a, c) = setup(&[]);
        let second = a.ranking[1].strategy;
        let drift = judge(&a, &c, "p.yaml", second, Loc::START, None, &options(1000.0));
        assert_eq!(drift.verdict, Verdict::Drift);
        let run = |fail_on, invalid: Vec<Invalid>| Run {
            skipped: Vec::new(),
            findings: vec![drift.clone()],
            invalid,
            fail_on,
        };
        assert!(!run(FailOn::Mismatch, vec![]).failed());
        assert!(run(FailOn::Drift, vec![]).failed());
        let broken = Invalid {
            path: "q.yaml".into(),
            problems: vec![],
        };
        assert!(run(FailOn::Mismatch, vec![broken]).failed());
    }

    #[test]
    fn the_recommendation_fits_and_others_drift_or_mismatch_by_gap() {
        let (a, c) = setup(&[]);
        let best = a.winner().strategy;
        let f = judge(&a, &c, "p.yaml", best, Loc::START, None, &options(5.0));
        assert_eq!((f.verdict, f.gap), (Verdict::Fit, 0.0));
        let second = a.ranking[1].strategy;
        let gap = a.ranking[0].score - a.ranking[1].score;
        let f = judge(
            &a,
            &c,
            "p.yaml",
            second,
            Loc::START,
            None,
            &options(gap + 1.0),
        );
        assert_eq!(f.verdict, Verdict::Drift);
        let f = judge(
            &a,
            &c,
            "p.yaml",
            second,
            Loc::START,
            None,
            &options(gap - 0.5),
        );
        assert_eq!(f.verdict, Verdict::Mismatch);
    }

    #[test]
    fn an_ineligible_strategy_is_a_mismatch_whatever_the_gap() {
        let (a, c) = setup(&["system.hosting=on-premises"]);
        let serverless = c.strategy("serverless").unwrap();
        let f = judge(
            &a,
            &c,
            "p.yaml",
            serverless,
            Loc::START,
            None,
            &options(1000.0),
        );
        assert_eq!(f.verdict, Verdict::Mismatch);
        assert!(f.message.contains("ruled out"), "{}", f.message);
    }

    #[test]
    fn acceptances_pass_until_they_lapse_and_audits_ignore_them() {
        let (a, c) = setup(&["system.hosting=on-premises"]);
        let serverless = c.strategy("serverless").unwrap();
        let ok = accept("serverless", "2027-06-30");
        let f = judge(
            &a,
            &c,
            "p.yaml",
            serverless,
            Loc::START,
            Some(&ok),
            &options(5.0),
        );
        assert_eq!(f.verdict, Verdict::Accepted);
        assert!(f.message.contains("migrating"));
        let old = accept("serverless", "2026-12-31");
        let f = judge(
            &a,
            &c,
            "p.yaml",
            serverless,
            Loc::START,
            Some(&old),
            &options(5.0),
        );
        assert_eq!((f.verdict, f.accept_lapsed), (Verdict::Mismatch, true));
        let audit = Options {
            honour_acceptances: false,
            ..options(5.0)
        };
        let f = judge(&a, &c, "p.yaml", serverless, Loc::START, Some(&ok), &audit);
        assert_eq!(f.verdict, Verdict::Mismatch);
        // An acceptance for another strategy (from --expect) does not apply.
        let container = c.strategy("container").unwrap();
        let f = judge(
            &a,
            &c,
            "p.yaml",
            container,
            Loc::START,
            Some(&ok),
            &options(-1.0),
        );
        assert_ne!(f.verdict, Verdict::Accepted);
    }

    #[test]
    fn a_current_the_directory_does_not_deploy_is_stale_and_fails() {
        let (a, c) = setup(&[]);
        let serverless = c.strategy("serverless").unwrap();
        let container = c.strategy("container").unwrap();
        let f = judge(
            &a,
            &c,
            "p.yaml",
            serverless,
            Loc { line: 3, col: 1 },
            None,
            &options(5.0),
        );
        let k8s = Detected {
            strategy: container,
            path: "deploy/cart.yaml".into(),
            line: 16,
            what: "kubernetes Deployment cart".into(),
        };
        let s = stale(&f, std::slice::from_ref(&k8s), &c, false).expect("stale");
        assert_eq!((s.verdict, s.loc.line), (Verdict::Stale, 3));
        assert!(s.message.contains("deploy/cart.yaml:16"), "{}", s.message);
        assert!(FailOn::Mismatch.fails(s.verdict) && FailOn::Drift.fails(s.verdict));
        // Deployed as written, nothing detected, or --expect: no finding.
        let lambda = Detected {
            strategy: serverless,
            ..k8s.clone()
        };
        assert!(stale(&f, &[k8s.clone(), lambda], &c, false).is_none());
        assert!(stale(&f, &[], &c, false).is_none());
        assert!(stale(&f, &[k8s], &c, true).is_none());
    }

    #[test]
    fn fail_on_chooses_what_fails() {
        assert!(FailOn::Mismatch.fails(Verdict::Mismatch));
        assert!(!FailOn::Mismatch.fails(Verdict::Drift));
        assert!(FailOn::Drift.fails(Verdict::Drift));
        assert!(!FailOn::Drift.fails(Verdict::Accepted));
    }
}
