//! The integration tests: one binary, one module per concern.

mod bad_input;
mod batch;
mod bounds;
mod calibrate;
mod carbon;
mod check_formats;
mod cli_cases;
mod common;
mod detect;
mod determinism;
mod diff;
mod engine_properties;
mod examples;
mod hostile_text;
mod html;
mod hybrid;
mod hybrid_properties;
mod layers;
mod lint;
mod output_errors;
mod output_snapshots;
mod packs;
mod placeholders;
mod profile_schema;
mod vendor_examples;
mod width;
