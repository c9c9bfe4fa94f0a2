//! The domain's data: the profile's fields and the profile itself, the
//! catalog of strategies and rules with their conditions and model checks,
//! the price sheets, and a repository's `.advise/config.yaml`. Reading and
//! validating them; no scoring.

pub mod catalog;
pub mod condition;
pub mod config;
pub mod fields;
pub mod ids;

pub mod prices;
pub mod profile;
