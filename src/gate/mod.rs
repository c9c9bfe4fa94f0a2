//! Verdicts: the CI gate's judgement of each profile's `current` strategy
//! ([`check`]), a rule pack's tests ([`verify`]), and a catalog's agreement
//! with published decisions ([`calibrate`]). Reporters render them.

pub mod calibrate;
pub mod check;
pub mod diff;
pub mod verify;
