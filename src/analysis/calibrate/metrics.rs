//! The measures of a corpus, from each case's result: how often the advice
//! agrees with what was chosen, where it goes instead (the confusion matrix
//! and each strategy's recall), how often the gate would have failed the
//! real choice, how decisive the answers are (margins), and for hybrid
//! systems how many workloads the plan places as the system did. Each
//! share keeps its count, so a report can say "70 of 110" as well as 64%.

use crate::domain::case::Source;
use crate::domain::catalog::StrategyId;

/// One case as the catalog and the gate judged it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub case: String,
    pub path: String,
    /// Where the decision was published, so that a report can link each
    /// result to the page a reader audits it against.
    pub source: Source,
    /// The strategies chosen, each once, in catalog order (for a hybrid
    /// system, every workload's).
    pub chose: Vec<StrategyId>,
    /// The recommendation (for a hybrid system, the plan's main strategy).
    pub recommended: StrategyId,
    /// The recommendation's lead over the runner-up (for a hybrid system,
    /// the smallest lead of a workload's planned strategy); `None` when
    /// only one strategy is eligible.
    pub margin: Option<f64>,
    /// Whether the recommendation is one of `chose`.
    pub agrees: bool,
    /// Points the chosen strategy trails the recommendation, as the gate
    /// measures it (the largest, over a hybrid system's workloads).
    pub gap: f64,
    /// Whether `advise check --expect CHOSE` fails the real choice.
    pub false_alarm: bool,
    /// Whether every rejected strategy ranks in the bottom half; `None`
    /// when the case rejects none.
    pub rejected_bottom_half: Option<bool>,
    /// Each decision: for a single profile, the one; for a hybrid system,
    /// one per workload, with the plan's placement.
    pub decisions: Vec<Decision>,
    pub known_miss: Option<String>,
}

/// One strategy chosen for one workload, and what the advice gave it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// The workload's name, for a hybrid system.
    pub workload: Option<String>,
    pub chose: StrategyId,
    pub got: StrategyId,
}

/// A count of hits out of a number of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Ratio {
    pub hits: usize,
    pub of: usize,
}

impl Ratio {
    fn count<T>(items: impl IntoIterator<Item = T>, hit: impl Fn(&T) -> bool) -> Ratio {
        items
            .into_iter()
            .fold(Ratio::default(), |r, x| r.with(hit(&x)))
    }

    /// One more case, a hit or not.
    pub(crate) fn with(self, hit: bool) -> Ratio {
        Ratio {
            hits: self.hits + usize::from(hit),
            of: self.of + 1,
        }
    }

    /// The share of hits, rounded to a thousandth; `None` of nothing.
    pub(crate) fn share(self) -> Option<f64> {
        (self.of > 0).then(|| (self.hits as f64 / self.of as f64 * 1000.0).round() / 1000.0)
    }
}

/// The 10th, 50th and 90th percentiles of the margins, by nearest rank:
/// each is a margin some case has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Percentiles {
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
}

/// Everything measured over a corpus.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    pub cases: usize,
    pub agreement: Ratio,
    /// Over the cases that reject something.
    pub rejected_bottom_half: Ratio,
    pub false_alarms: Ratio,
    /// Per strategy, by catalog index: of the decisions that chose it, how
    /// many the advice gave it.
    pub recall: Vec<Ratio>,
    /// `confusion[chose][got]`: decisions by what was chosen and given.
    pub confusion: Vec<Vec<usize>>,
    pub margins: Option<Percentiles>,
    /// Workloads of hybrid systems placed as chosen.
    pub placed: Ratio,
}

/// Adds up the outcomes of a corpus judged by a catalog of `strategies`
/// strategies. Confusion and recall count decisions: one per single
/// profile, one per workload of a hybrid system.
pub(crate) fn summarise(outcomes: &[Outcome], strategies: usize) -> Summary {
    let mut confusion = vec![vec![0; strategies]; strategies];
    for d in outcomes.iter().flat_map(|o| &o.decisions) {
        confusion[d.chose.index()][d.got.index()] += 1;
    }
    let recall = (0..strategies)
        .map(|s| Ratio {
            hits: confusion[s][s],
            of: confusion[s].iter().sum(),
        })
        .collect();
    let mut margins: Vec<f64> = outcomes.iter().filter_map(|o| o.margin).collect();
    margins.sort_by(f64::total_cmp);
    Summary {
        cases: outcomes.len(),
        agreement: Ratio::count(outcomes, |o| o.agrees),
        rejected_bottom_half: Ratio::count(
            outcomes.iter().filter_map(|o| o.rejected_bottom_half),
            |&b| b,
        ),
        false_alarms: Ratio::count(outcomes, |o| o.false_alarm),
        recall,
        confusion,
        margins: (!margins.is_empty()).then(|| Percentiles {
            p10: nearest_rank(&margins, 0.1),
            median: nearest_rank(&margins, 0.5),
            p90: nearest_rank(&margins, 0.9),
        }),
        placed: Ratio::count(
            outcomes
                .iter()
                .flat_map(|o| &o.decisions)
                .filter(|d| d.workload.is_some()),
            |d| d.chose == d.got,
        ),
    }
}

/// The smallest value with at least `p` of the values at or below it.
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The fold (0 to `k - 1`) of each case for k-fold cross-validation,
/// deterministic and stratified: cases in order of their first chosen
/// strategy and then their path are dealt round the folds like cards, so
/// each fold holds its share of every strategy and a case keeps its fold
/// whatever the order the files were read in.
pub(crate) fn folds(cases: &[(StrategyId, &str)], k: usize) -> Vec<usize> {
    let k = k.max(1);
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by(|&a, &b| cases[a].cmp(&cases[b]));
    let mut fold = vec![0; cases.len()];
    for (position, &i) in order.iter().enumerate() {
        fold[i] = position % k;
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case that chose `chose` and got `got`.
    fn single(name: &str, chose: usize, got: usize, margin: f64) -> Outcome {
        let (chose, got) = (StrategyId::new(chose), StrategyId::new(got));
        Outcome {
            case: name.into(),
            path: format!("{name}.yaml"),
            source: Source {
                title: format!("How {name} chose"),
                publisher: "a blog".into(),
                date: "2024-01".into(),
                url: format!("https://example.org/{name}"),
            },
            chose: vec![chose],
            recommended: got,
            margin: Some(margin),
            agrees: chose == got,
            gap: 0.0,
            false_alarm: false,
            rejected_bottom_half: None,
            decisions: vec![Decision {
                workload: None,
                chose,
                got,
            }],
            known_miss: None,
        }
    }

    /// Five cases over three strategies, worked out by hand:
    ///
    /// | case | chose | got | margin | false alarm | rejected low |
    /// | a    | 0     | 0   | 1      | no          | -            |
    /// | b    | 0     | 1   | 2      | yes         | no           |
    /// | c    | 1     | 1   | 3      | no          | yes          |
    /// | d    | 2     | 1   | 4      | yes         | -            |
    /// | e    | hybrid: w1 chose 2 got 2, w2 chose 0 got 1; main 2 | 5 | no | - |
    fn corpus() -> Vec<Outcome> {
        let mut b = single("b", 0, 1, 2.0);
        b.false_alarm = true;
        b.rejected_bottom_half = Some(false);
        let mut c = single("c", 1, 1, 3.0);
        c.rejected_bottom_half = Some(true);
        let mut d = single("d", 2, 1, 4.0);
        d.false_alarm = true;
        let mut e = single("e", 2, 2, 5.0);
        let s = StrategyId::new;
        e.chose = vec![s(0), s(2)];
        e.decisions = vec![
            Decision {
                workload: Some("w1".into()),
                chose: s(2),
                got: s(2),
            },
            Decision {
                workload: Some("w2".into()),
                chose: s(0),
                got: s(1),
            },
        ];
        vec![single("a", 0, 0, 1.0), b, c, d, e]
    }

    #[test]
    fn the_measures_of_a_small_corpus_are_what_a_hand_count_gives() {
        let s = summarise(&corpus(), 3);
        assert_eq!(s.cases, 5);
        // a, c and e agree (e's main strategy, 2, is one it chose).
        assert_eq!(s.agreement, Ratio { hits: 3, of: 5 });
        assert_eq!(s.agreement.share(), Some(0.6));
        assert_eq!(s.false_alarms, Ratio { hits: 2, of: 5 });
        // Only b and c reject something; c ranks it low.
        assert_eq!(s.rejected_bottom_half, Ratio { hits: 1, of: 2 });
        // Decisions: a 0→0, b 0→1, c 1→1, d 2→1, w1 2→2, w2 0→1.
        assert_eq!(s.confusion, [[1, 2, 0], [0, 1, 0], [0, 1, 1]]);
        assert_eq!(
            s.recall,
            [
                Ratio { hits: 1, of: 3 },
                Ratio { hits: 1, of: 1 },
                Ratio { hits: 1, of: 2 },
            ]
        );
        assert_eq!(s.recall[0].share(), Some(0.333));
        assert_eq!(s.placed, Ratio { hits: 1, of: 2 });
        // Margins 1..5: nearest ranks 1 (10%), 3 (50%), 5 (90%).
        assert_eq!(
            s.margins,
            Some(Percentiles {
                p10: 1.0,
                median: 3.0,
                p90: 5.0
            })
        );
    }

    #[test]
    fn an_empty_corpus_has_no_shares() {
        let s = summarise(&[], 4);
        assert_eq!(s.agreement.share(), None);
        assert_eq!(s.margins, None);
        assert!(s.recall.iter().all(|r| r.share().is_none()));
    }

    #[test]
    fn folds_are_stratified_and_do_not_depend_on_reading_order() {
        let cases = [
            (1, "c1"),
            (0, "a1"),
            (1, "c2"),
            (0, "a2"),
            (0, "a3"),
            (1, "c3"),
        ]
        .map(|(s, name)| (StrategyId::new(s), name));
        let f = folds(&cases, 3);
        // In order (0,a1) (0,a2) (0,a3) (1,c1) (1,c2) (1,c3): folds 0 1 2 0 1 2.
        assert_eq!(f, [0, 0, 1, 1, 2, 2]);
        // Each fold holds one of each strategy.
        for k in 0..3 {
            let held: Vec<_> = (0..6).filter(|&i| f[i] == k).map(|i| cases[i].0).collect();
            assert_eq!(held.len(), 2);
            assert!(
                held.contains(&StrategyId::new(0)) && held.contains(&StrategyId::new(1)),
                "fold {k}: {held:?}"
            );
        }
        let mut reversed = cases;
        reversed.reverse();
        let g = folds(&reversed, 3);
        for i in 0..6 {
            assert_eq!(g[5 - i], f[i], "{:?} keeps its fold", cases[i]);
        }
    }
}
