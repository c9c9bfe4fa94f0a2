//! `advise`: which microservice deployment strategy fits a system, and why.
//!
//! Data flows one way: a profile ([`profile`]) and a catalog ([`catalog`])
//! go into the pure [`engine`], whose [`engine::Assessment`] the
//! [`sensitivity`] and [`check`] modules interpret and a [`report`] renders.
//! [`cli`] ties them to the command line; the library never prints.

pub mod batch;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod condition;
pub mod config;
pub mod cost;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod explain;
pub mod fields;
pub mod input;
pub mod lint;
pub mod model;
pub mod plan;
pub mod prices;
pub mod profile;
pub mod report;
pub mod schema;
pub mod sensitivity;
pub mod verify;
pub mod yaml;
