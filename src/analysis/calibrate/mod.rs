//! Calibration against published decisions (calibrate.md): the measures
//! of a corpus ([`metrics`]: agreement, confusion, recall, false alarms,
//! margins, folds), and fitting the catalog's magnitudes to one ([`fit`]).
//! Pure: the gate judges each case
//! (`crate::gate::calibrate`), this module adds the judgements up.

pub mod fit;
pub mod metrics;
