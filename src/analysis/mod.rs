//! What the tool works out from a profile and a catalog: the scores
//! ([`engine`]), the cost estimate ([`cost`]) and its
//! emissions ([`carbon`]), what would change the answer
//! ([`sensitivity`]), the plan of a hybrid system ([`plan`]), what a rule pack gets wrong ([`lint`]), and the one
//! place that runs them for a profile or a system ([`evaluated`]); and how
//! well a catalog agrees with published decisions ([`calibrate`]). Pure:
//! no I/O, clock or environment.

pub mod calibrate;
pub mod carbon;
pub mod cost;
pub mod engine;
pub mod evaluated;
pub mod lint;
pub mod plan;
pub mod pricing;
pub mod sensitivity;
pub mod sweep;
