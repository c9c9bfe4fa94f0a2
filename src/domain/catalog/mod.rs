//! The strategy catalog and its rules: YAML files under `rules/`, compiled
//! into the binary, or read from a directory given with `--rules`.
//!
//! Loading checks everything a rule author can get wrong (unknown keys, field
//! paths, operators, strategies and criteria, duplicate identifiers, ratings
//! out of range) and reports it with the file, line and column. After
//! loading, a [`Catalog`] is known to be consistent, and the engine trusts it.
//!
//! [`types`] is what a catalog is; [`build`] loads one (the one builder,
//! for the built-in rules, `--rules` and packs alike) from the serde forms
//! in `raw`, reading each rule in `rule`; [`model`] checks it is a sound
//! scoring model; [`files`] finds and reads the rules files;
//! [`magnitudes`] are the numbers a calibration fit may move.

pub mod build;
pub mod files;
pub mod magnitudes;
pub mod model;
mod raw;
mod rule;
pub(crate) mod scenarios;
pub mod types;

pub(crate) use files::{BUILTIN, read_rules_dir_nonempty, read_rules_dir_within};
pub use files::{MAX_CATALOG_BYTES, read_rules_dir};
pub use types::*;
