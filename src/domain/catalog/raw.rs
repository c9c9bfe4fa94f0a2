//! The raw serde forms of a rules file, as rule authors write them: read
//! with `deny_unknown_fields` and locations (`Spanned`), then checked by
//! the builder ([`super::build`]).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::domain::condition::RawCondition;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub(super) strategies: Vec<RawStrategy>,
    #[serde(default)]
    pub(super) rules: Vec<RawRule>,
    /// Built-in rules a pack switches off, each with its reason.
    #[serde(default)]
    pub(super) disable: Vec<RawDisable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDisable {
    pub(super) rule: Spanned<String>,
    pub(super) reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStrategy {
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    pub(super) summary: String,
    #[serde(default)]
    pub(super) builds_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) advantages: Vec<String>,
    #[serde(default)]
    pub(super) disadvantages: Vec<String>,
    #[serde(default)]
    pub(super) suits: Vec<String>,
    #[serde(default)]
    pub(super) ratings: Option<Spanned<BTreeMap<String, f64>>>,
    #[serde(default)]
    pub(super) delta: Option<Spanned<BTreeMap<String, f64>>>,
    #[serde(default)]
    pub(super) variants: Vec<RawVariant>,
    pub(super) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVariant {
    pub(super) id: Spanned<String>,
    pub(super) name: RawNames,
    #[serde(default)]
    pub(super) when: Option<RawCondition>,
    pub(super) reason: Spanned<String>,
}

/// A variant's name: one for every cloud, or one per cloud with `any`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawNames {
    One(String),
    ByCloud(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) when: RawCondition,
    #[serde(default)]
    pub(super) fact: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) block: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) effects: Option<Spanned<BTreeMap<String, BTreeMap<String, f64>>>>,
    #[serde(default)]
    pub(super) from_estimate: Option<Spanned<RawFromEstimate>>,
    pub(super) message: Spanned<String>,
    #[serde(default)]
    pub(super) says: Option<Spanned<BTreeMap<String, String>>>,
    /// `false`: the effects stay on the strategies named, and do not reach
    /// the strategies built on them.
    #[serde(default)]
    pub(super) inherit: Option<Spanned<bool>>,
    pub(super) why: String,
    pub(super) source: String,
    /// In a pack: replaces the catalog's rule of the same id.
    #[serde(default, rename = "override")]
    pub(super) replaces: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFromEstimate {
    pub(super) measure: String,
    pub(super) criterion: String,
    pub(super) per_unit: f64,
    pub(super) limit: f64,
}
