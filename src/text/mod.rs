//! The bottom layer: text in and out. Located YAML, compiler-style
//! diagnostics, bounded reading and discovery of files, batches in
//! argument order, and the escaping of untrusted text for every format.
//! Nothing here knows what a profile or a strategy is.

pub mod batch;
pub mod diag;
pub mod escape;
pub mod hint;
pub mod input;
pub mod money;
pub mod number;
pub mod template;
pub mod wrap;
pub mod yaml;
