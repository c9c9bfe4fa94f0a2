//! The domain's data: the profile's fields and the profile itself, the
//! catalog of strategies and rules with their conditions and model checks,
//! the price sheets, a repository's `.advise/config.yaml`, and published
//! decisions as cases for calibration. Reading and validating them; no
//! scoring.

pub mod case;
pub mod catalog;
pub mod condition;
pub mod config;
pub mod detect;
pub mod fields;
pub mod ids;

pub mod prices;
pub mod profile;
