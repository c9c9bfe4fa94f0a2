pub mod catalog;
pub mod condition;
pub mod diag;
pub mod fields;
pub mod input;
pub mod profile;
pub mod yaml;
pub mod engine;
