//! A self-contained visual report: one HTML file with inline CSS and SVG,
//! no script and nothing fetched, readable printed and in dark mode, in a
//! colour-blind-safe palette (Okabe-Ito for categories, cividis for the
//! heat map). Every chart has a text alternative and its numbers in a table
//! beside it. `ranking_svg` is the ranking chart alone (`--format svg`).
//!
//! The page is built with `markup`, so it is well-formed XML (every element
//! closed, every text escaped) and a test can check it with an XML parser
//! as well as in a browser. Chart geometry is numbers until it is written.

mod assessment;
mod batch;
mod charts;
mod parts;
mod system;

pub(crate) use assessment::{assessment, ranking_svg};
pub(crate) use batch::{check, compare};
pub(crate) use system::{hybrid, hybrid_svg};
