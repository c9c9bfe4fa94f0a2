//! A profile priced across a range of one number: the points of the range
//! (`advise cost --sweep`), and every strategy's monthly cost at each load
//! around the profile's own (the visual report's cost-across-load chart).

use crate::analysis::cost::BreakEven;
use crate::analysis::engine::Assessment;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::domain::profile::Profile;

/// `steps` points from `from` to `to`: geometric when the range spans two
/// decades or more (and starts above zero), else even; each rounded to four
/// significant digits, so that it reads back as printed, or for a field of
/// whole numbers to a whole number (once each: `1..50` in 25 steps gives
/// no 1.5 engineers).
pub(crate) fn points(from: f64, to: f64, steps: usize, whole: bool) -> Vec<f64> {
    let mut points = even_or_geometric(from, to, steps);
    if whole {
        points = points.into_iter().map(f64::round).collect();
        points.dedup();
    }
    points
}

fn even_or_geometric(from: f64, to: f64, steps: usize) -> Vec<f64> {
    let geometric = from > 0.0 && to / from >= 100.0;
    (0..steps)
        .map(|k| {
            let t = k as f64 / (steps.max(2) - 1) as f64;
            let x = if geometric {
                from * (to / from).powf(t)
            } else {
                from + (to - from) * t
            };
            match x {
                0.0 => 0.0,
                x => {
                    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
                    (x * scale).round() / scale
                }
            }
        })
        .collect()
}

/// Each strategy's monthly cost at loads from a hundredth to a hundred
/// times the profile's average rate (not past its stated peak).
#[derive(Debug, Clone, PartialEq)]
pub struct CostAcrossLoad {
    /// The average rates priced, rising.
    pub rates: Vec<f64>,
    /// The profile's own average rate.
    pub at: f64,
    /// The strategies, in ranking order.
    pub order: Vec<StrategyId>,
    /// `costs[i][j]`: strategy `order[j]` at `rates[i]`; `None` where it
    /// has no estimate.
    pub costs: Vec<Vec<Option<f64>>>,
    /// The cost at each break-even of `break_even` (in its order): the
    /// cheaper-below strategy's, where the two meet.
    pub crossings: Vec<Option<f64>>,
}

/// Points in the cost-across-load chart.
const LOAD_STEPS: usize = 41;

impl CostAcrossLoad {
    pub(crate) fn new(
        profile: &Profile,
        catalog: &Catalog,
        a: &Assessment,
        break_even: &[BreakEven],
    ) -> CostAcrossLoad {
        let field = fields::id::WORKLOAD_AVERAGE_RPS;
        let at = profile.num(field).filter(|r| *r > 0.0).unwrap_or(1.0);
        let peak = Some(fields::id::WORKLOAD_PEAK_RPS)
            .filter(|&f| profile.is_stated(f))
            .and_then(|f| profile.num(f));
        let (lo, hi) = (
            (at / 100.0).max(0.001),
            (at * 100.0).min(peak.unwrap_or(f64::MAX)).max(at),
        );
        let rates: Vec<f64> = (0..LOAD_STEPS)
            .map(|k| lo * (hi / lo).powf(k as f64 / (LOAD_STEPS - 1) as f64))
            .collect();
        let order: Vec<StrategyId> = a.ranking.iter().map(|s| s.strategy).collect();
        let costs = rates
            .iter()
            .map(|&r| monthly_at(profile, catalog, r, &order))
            .collect();
        let crossings = break_even
            .iter()
            .map(|be| monthly_at(profile, catalog, be.average_rps, &[be.cheaper_below])[0])
            .collect();
        CostAcrossLoad {
            rates,
            at,
            order,
            costs,
            crossings,
        }
    }
}

/// The monthly cost of each strategy in `which` with the average rate at
/// `rate`, on the platform each names at that rate.
pub(crate) fn monthly_at(
    profile: &Profile,
    catalog: &Catalog,
    rate: f64,
    which: &[StrategyId],
) -> Vec<Option<f64>> {
    let p = profile.with(fields::id::WORKLOAD_AVERAGE_RPS, FieldValue::Num(rate));
    // The platform each strategy names at that rate.
    let ids = crate::analysis::cost::variant_ids(&p, catalog);
    let c = crate::analysis::cost::Costing::new(&p, catalog, &ids, false);
    which.iter().map(|&s| c.monthly(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_span_the_range_and_read_back_as_printed() {
        assert_eq!(points(1.0, 5.0, 5, false), [1.0, 2.0, 3.0, 4.0, 5.0]);
        let g = points(0.1, 1000.0, 5, false);
        assert_eq!(g, [0.1, 1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(points(0.0, 1.0, 3, false), [0.0, 0.5, 1.0]);
        // A whole-number field gets whole numbers, each once.
        let w = points(1.0, 50.0, 25, true);
        assert!(w.iter().all(|x| x.fract() == 0.0), "{w:?}");
        assert!(w.windows(2).all(|p| p[0] < p[1]), "{w:?}");
        assert_eq!((w[0], *w.last().unwrap()), (1.0, 50.0));
        assert_eq!(points(1.0, 3.0, 10, true), [1.0, 2.0, 3.0]);
    }
}
