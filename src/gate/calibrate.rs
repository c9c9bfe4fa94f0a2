//! `advise calibrate`'s judgement of a catalog against a corpus of
//! published decisions: each case scored by the engine (a hybrid system
//! planned), its real choice put to the CI gate exactly as `advise check
//! --expect CHOSE` would put it ([`check::examine`], [`check::examine_system`]),
//! and the corpus's measures held to the thresholds of `.advise/config.yaml`.

use rayon::prelude::*;

use crate::analysis::calibrate::fit::{self, Decision, Fitted, Model};
use crate::analysis::calibrate::metrics::{self, Outcome, Ratio, Summary};
use crate::analysis::engine::{self, Assessment};
use crate::analysis::evaluated::System;
use crate::domain::case::Case;
use crate::domain::catalog::magnitudes::{self, Param};
use crate::domain::catalog::{Catalog, StrategyId, scenarios};
use crate::domain::config::Calibrate;
use crate::domain::profile::Date;
use crate::gate::check::{self, FailOn};

/// How the gate is run on each case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// `--max-gap`: how far the real choice may trail before the gate fails it.
    pub max_gap: f64,
    /// The date acceptances (`accept:`) are judged at.
    pub today: Date,
}

impl Settings {
    fn options(self) -> check::Options {
        check::Options {
            max_gap: self.max_gap,
            today: self.today,
            honour_acceptances: true,
            max_accept_days: check::DEFAULT_MAX_ACCEPT_DAYS,
        }
    }
}

/// A corpus judged: every case's outcome, the measures, and the thresholds.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// The corpus as named (a directory, or `cases` for the built-in one).
    pub corpus: String,
    pub max_gap: f64,
    pub outcomes: Vec<Outcome>,
    pub summary: Summary,
    pub thresholds: Vec<Threshold>,
    /// The cases that could not be read, by path (their problems go to
    /// standard error; the run then exits 2).
    pub invalid: Vec<String>,
    /// With `--fit`: the fit and how it fares.
    pub fit: Option<Fit>,
}

impl Run {
    /// Judges `cases` with `catalog` and holds the measures to `config`'s
    /// thresholds.
    pub(crate) fn new(
        corpus: &str,
        cases: &[Case],
        invalid: Vec<String>,
        catalog: &Catalog,
        settings: Settings,
        config: &Calibrate,
    ) -> Run {
        let outcomes = judge_all(cases, catalog, settings);
        let summary = metrics::summarise(&outcomes, catalog.strategies.len());
        Run {
            corpus: corpus.to_owned(),
            max_gap: settings.max_gap,
            thresholds: thresholds(&summary, config),
            outcomes,
            summary,
            invalid,
            fit: None,
        }
    }

    /// Whether a threshold is not met.
    pub(crate) fn failed(&self) -> bool {
        self.thresholds.iter().any(|t| !t.holds)
    }
}

/// What `--fit` found: the magnitudes fitted to every case, judged again
/// by the engine, and the same fit cross-validated.
#[derive(Debug, Clone)]
pub(crate) struct Fit {
    pub folds: usize,
    /// The numbers the fit may move, and their hand-set magnitudes.
    pub params: Vec<Param>,
    pub start: Vec<f64>,
    /// The same numbers as the rules files hold them: the fitted ones,
    /// unless a case, a rule or a hand-set number changed since.
    pub committed: Vec<f64>,
    /// Fitted to every case.
    pub fitted: Fitted,
    /// The fitted catalog judged on every case (in sample).
    pub in_sample: Summary,
    /// Each case judged by the catalog fitted to the other folds, pooled.
    pub cross_validated: Summary,
    /// The agreement of the catalog the fit starts from (its hand-set
    /// numbers), which the cross-validated one must beat.
    pub current: Ratio,
    /// The rules files the fitted numbers were written to (`--write`).
    pub written: Vec<String>,
    /// Each strategy's own scenario as the fitted catalog scores it: how
    /// far its strategy leads the best other eligible one (negative when
    /// it trails; left out when no other is eligible).
    pub scenarios: Vec<(StrategyId, f64)>,
}

impl Fit {
    /// Whether the fitted catalog agrees out of sample with more cases than
    /// the current one does: only then are its numbers worth writing.
    pub(crate) fn improves(&self) -> bool {
        self.cross_validated.agreement.hits > self.current.hits
    }

    /// The numbers that moved from their hand-set values, the largest move
    /// first (then catalog order).
    pub(crate) fn moved(&self) -> Vec<(Param, f64, f64)> {
        self.differences(&self.start)
    }

    /// The numbers the rules files hold otherwise than this fit gives
    /// them: none when the committed catalog is the fit's output.
    pub(crate) fn stale(&self) -> Vec<(Param, f64, f64)> {
        self.differences(&self.committed)
    }

    fn differences(&self, from: &[f64]) -> Vec<(Param, f64, f64)> {
        let mut moved: Vec<(Param, f64, f64)> = self
            .params
            .iter()
            .zip(from.iter().zip(&self.fitted.magnitudes))
            .filter(|(_, (a, b))| a != b)
            .map(|(&p, (&a, &b))| (p, a, b))
            .collect();
        moved.sort_by(|x, y| (y.2 - y.1).abs().total_cmp(&(x.2 - x.1).abs()));
        moved
    }
}

/// Fits the catalog's magnitudes to the cases, and cross-validates the fit
/// over `folds` folds (deterministic, stratified by the chosen strategy):
/// each fold is judged by the real engine with a catalog fitted to the
/// others. The fit starts from `hand_set` (see
/// [`magnitudes::HAND_SET_FILE`]), whose own agreement it must beat.
pub(crate) fn fit(
    cases: &[Case],
    catalog: &Catalog,
    hand_set: &[(String, f64)],
    settings: Settings,
    folds: usize,
) -> Fit {
    let committed = magnitudes::params(catalog)
        .iter()
        .map(|p| p.value(catalog).abs())
        .collect();
    // The fit starts from, and is pulled toward, the hand-set numbers, so
    // that fitting the fitted catalog again gives the same numbers.
    let catalog = &magnitudes::with_hand_set(catalog, hand_set);
    let current = metrics::summarise(
        &judge_all(cases, catalog, settings),
        catalog.strategies.len(),
    );
    let mut decisions: Vec<Decision> = cases
        .iter()
        .enumerate()
        .flat_map(|(g, c)| {
            let profiles: Vec<&crate::domain::profile::Profile> = match c.is_hybrid() {
                true => c.profile.workloads.iter().map(|w| &w.profile).collect(),
                false => vec![&c.profile],
            };
            profiles
                .into_iter()
                .zip(c.chose.iter().zip(&c.rejected))
                .map(move |(profile, (&chose, rejected))| Decision {
                    profile,
                    chose,
                    rejected,
                    group: g,
                    lead: fit::MARGIN,
                    weight: 1.0,
                })
        })
        .collect();
    fit::balance(&mut decisions);
    // Each strategy's own scenario, in every fold's training set (its group
    // is past the cases', which no fold holds out).
    let scenarios = scenarios::scenarios(catalog);
    decisions.extend(
        scenarios
            .iter()
            .enumerate()
            .map(|(k, (chose, profile))| Decision {
                profile,
                chose: *chose,
                rejected: &[],
                group: cases.len() + k,
                lead: fit::SCENARIO_LEAD,
                weight: fit::SCENARIO_WEIGHT,
            }),
    );
    let model = Model::new(catalog, &decisions);
    let keys: Vec<(StrategyId, &str)> = cases
        .iter()
        .map(|c| (c.chose[0], c.path.as_str()))
        .collect();
    let fold = metrics::folds(&keys, folds);
    let held_out: Vec<Vec<Outcome>> = (0..folds)
        .into_par_iter()
        .map(|f| {
            let fitted = model.fit(|g| fold.get(g) != Some(&f));
            let held: Vec<Case> = cases
                .iter()
                .zip(&fold)
                .filter(|(_, k)| **k == f)
                .map(|(c, _)| c.clone())
                .collect();
            judge_all(&held, &fitted.catalog, settings)
        })
        .collect();
    let held_out: Vec<Outcome> = held_out.into_iter().flatten().collect();
    let fitted = model.fit(|_| true);
    let leads = scenarios
        .iter()
        .filter_map(|(s, p)| Some((*s, engine::evaluate(p, &fitted.catalog).lead(*s)?)))
        .collect();
    let in_sample = metrics::summarise(
        &judge_all(cases, &fitted.catalog, settings),
        catalog.strategies.len(),
    );
    Fit {
        folds,
        params: model.params.clone(),
        start: model.start.clone(),
        committed,
        fitted,
        in_sample,
        cross_validated: metrics::summarise(&held_out, catalog.strategies.len()),
        current: current.agreement,
        written: Vec::new(),
        scenarios: leads,
    }
}

/// Judges every case, in order (on every core).
pub(crate) fn judge_all(cases: &[Case], catalog: &Catalog, settings: Settings) -> Vec<Outcome> {
    cases
        .par_iter()
        .map(|c| judge(c, catalog, settings))
        .collect()
}

/// Judges one case: the advice, its margin, and the gate's verdict on the
/// strategy the system really chose.
pub(crate) fn judge(case: &Case, catalog: &Catalog, settings: Settings) -> Outcome {
    if case.is_hybrid() {
        return judge_system(case, catalog, settings);
    }
    let a = engine::evaluate(&case.profile, catalog);
    let chosen = case.chose[0];
    let recommended = a.winner().strategy;
    let source = (case.path.as_str(), "");
    let finding = check::examine(
        &case.profile,
        &a,
        catalog,
        source,
        &case.path,
        Some(chosen),
        &settings.options(),
    );
    Outcome {
        case: case.name().to_owned(),
        path: case.path.clone(),
        source: case.source.clone(),
        chose: case.choices(),
        recommended,
        margin: a.margin(),
        agrees: recommended == chosen,
        gap: finding.as_ref().map_or(0.0, |f| f.gap),
        // A case the gate cannot judge (an acceptance too far ahead) fails
        // the run, as `advise check` fails it.
        false_alarm: match &finding {
            Ok(f) => FailOn::Mismatch.fails(f.verdict),
            Err(_) => true,
        },
        rejected_bottom_half: bottom_half([(&a, case.rejected[0].as_slice())]),
        decisions: vec![metrics::Decision {
            workload: None,
            chose: chosen,
            got: recommended,
        }],
        known_miss: case.known_miss.clone(),
    }
}

/// A hybrid system: planned, each workload's placement compared with its
/// choice, and the gate run once per chosen strategy on the workloads that
/// chose it (`advise check --expect S` judges every workload against S).
/// The command refuses a hybrid case when the catalog has more strategies
/// than a plan can weigh, so the analysis here is within the planner's
/// bound; were it not, the case would be judged as placing nothing.
fn judge_system(case: &Case, catalog: &Catalog, settings: Settings) -> Outcome {
    let h = match System::analyse(&case.path, case.profile.clone(), catalog, false) {
        Ok(h) => h,
        Err(_) => return unplaced(case),
    };
    let placed = &h.solution.best.assignments;
    let recommended = h.recommendation();
    let source = (case.path.as_str(), "");
    let (mut false_alarm, mut gap) = (false, 0.0_f64);
    for s in case.choices() {
        match check::examine_system(
            &h,
            catalog,
            source,
            &case.path,
            Some(s),
            &settings.options(),
        ) {
            Ok(findings) => {
                for f in findings {
                    let i =
                        (0..case.chose.len()).find(|&i| Some(h.name(i)) == f.workload.as_deref());
                    if i.is_some_and(|i| case.chose[i] == s) {
                        false_alarm |= FailOn::Mismatch.fails(f.verdict);
                        gap = gap.max(f.gap);
                    }
                }
            }
            Err(_) => false_alarm = true,
        }
    }
    Outcome {
        case: case.name().to_owned(),
        path: case.path.clone(),
        source: case.source.clone(),
        chose: case.choices(),
        recommended,
        margin: (0..placed.len())
            .filter_map(|i| h.margin(i))
            .min_by(f64::total_cmp),
        agrees: case.chose.contains(&recommended),
        gap,
        false_alarm,
        rejected_bottom_half: bottom_half(
            h.workloads
                .iter()
                .zip(&case.rejected)
                .map(|(w, r)| (&w.assessment, r.as_slice())),
        ),
        decisions: (0..placed.len())
            .map(|i| metrics::Decision {
                workload: Some(h.name(i).to_owned()),
                chose: case.chose[i],
                got: placed[i],
            })
            .collect(),
        known_miss: case.known_miss.clone(),
    }
}

/// Whether every rejected strategy ranks in the bottom half of its
/// workload's ranking (third or fourth of four); `None` when none is.
fn bottom_half<'a>(
    rankings: impl IntoIterator<Item = (&'a Assessment, &'a [StrategyId])>,
) -> Option<bool> {
    let mut any = false;
    let mut all = true;
    for (a, rejected) in rankings {
        for r in rejected {
            any = true;
            let rank = a.ranking.iter().position(|s| s.strategy == *r);
            all &= rank.is_some_and(|k| k >= a.ranking.len().div_ceil(2));
        }
    }
    any.then_some(all)
}

/// One threshold of `.advise/config.yaml` and the corpus's figure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Threshold {
    /// The config key (`agreement`, `false_alarms`, ...).
    pub name: &'static str,
    pub limit: f64,
    /// The figure measured; `None` when there was nothing to measure.
    pub value: Option<f64>,
    /// True for a ceiling (`false_alarms`), false for a floor.
    pub at_most: bool,
    /// For `recall`: the strategy with the lowest.
    pub strategy: Option<StrategyId>,
    pub holds: bool,
}

/// The configured thresholds, each held against the summary. A threshold
/// on something the corpus does not have (hybrid workloads, rejected
/// strategies) does not hold: a gate that measured nothing never passes.
pub(crate) fn thresholds(summary: &Summary, config: &Calibrate) -> Vec<Threshold> {
    let lowest_recall = summary
        .recall
        .iter()
        .enumerate()
        .filter_map(|(s, r)| Some((StrategyId::new(s), r.share()?)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let wanted = [
        (
            "agreement",
            config.agreement,
            summary.agreement.share(),
            false,
            None,
        ),
        (
            "rejected_bottom_half",
            config.rejected_bottom_half,
            summary.rejected_bottom_half.share(),
            false,
            None,
        ),
        (
            "false_alarms",
            config.false_alarms,
            summary.false_alarms.share(),
            true,
            None,
        ),
        (
            "recall",
            config.recall,
            lowest_recall.map(|(_, r)| r),
            false,
            lowest_recall.map(|(s, _)| s),
        ),
        ("placed", config.placed, summary.placed.share(), false, None),
    ];
    wanted
        .into_iter()
        .filter_map(|(name, limit, value, at_most, strategy)| {
            let limit = limit?;
            Some(Threshold {
                name,
                limit,
                value,
                at_most,
                strategy,
                holds: value.is_some_and(|v| if at_most { v <= limit } else { v >= limit }),
            })
        })
        .collect()
}

/// A case that could not be planned: counted as a miss and a false alarm,
/// never as agreement (the command names such cases as unreadable first).
fn unplaced(case: &Case) -> Outcome {
    Outcome {
        case: case.name().to_owned(),
        path: case.path.clone(),
        source: case.source.clone(),
        chose: case.choices(),
        recommended: case.chose[0],
        margin: None,
        agrees: false,
        gap: 0.0,
        false_alarm: true,
        rejected_bottom_half: None,
        decisions: Vec::new(),
        known_miss: case.known_miss.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::calibrate::metrics::{Ratio, summarise};

    #[test]
    fn thresholds_are_floors_except_false_alarms_and_need_something_measured() {
        let mut s = summarise(&[], 3);
        s.agreement = Ratio { hits: 9, of: 10 };
        s.false_alarms = Ratio { hits: 1, of: 10 };
        s.recall = vec![
            Ratio { hits: 3, of: 4 },
            Ratio { hits: 1, of: 2 },
            Ratio::default(),
        ];
        let config = Calibrate {
            agreement: Some(0.9),
            false_alarms: Some(0.05),
            recall: Some(0.6),
            placed: Some(0.5),
            ..Calibrate::default()
        };
        let t = thresholds(&s, &config);
        let got: Vec<(&str, Option<f64>, bool)> =
            t.iter().map(|t| (t.name, t.value, t.holds)).collect();
        assert_eq!(
            got,
            [
                ("agreement", Some(0.9), true),
                ("false_alarms", Some(0.1), false),
                // The lowest recall of a strategy some case chose: 1 of 2.
                ("recall", Some(0.5), false),
                // No hybrid workloads: nothing measured, so it fails.
                ("placed", None, false),
            ]
        );
        assert_eq!(t[2].strategy, Some(StrategyId::new(1)));
    }
}
