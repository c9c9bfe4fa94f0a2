pub mod diag;
pub mod fields;
pub mod profile;
pub mod yaml;
