//! Verdicts: the CI gate's judgement of each profile's `current` strategy
//! ([`check`]), and a rule pack's tests ([`verify`]). Reporters render them.

pub mod check;
pub mod diff;
pub mod verify;
