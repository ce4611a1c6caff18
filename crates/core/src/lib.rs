//! core-index: the School Quality Improvement Index of the CORE districts' multiple-measures
//! system, computed from annual district extracts.
//!
//! Rule numbers (R1…) refer to `docs/methodology.md`; § numbers to `docs/data-contract.md`.
// Tests build fixtures on disk and may print what they measured.
#![cfg_attr(test, allow(clippy::disallowed_methods, clippy::print_stderr))]

pub mod config;
pub mod dataset;
pub mod error;
pub mod events;
pub mod hash;
pub mod import;
pub mod load;
pub mod model;
pub(crate) mod numeric;
pub mod pipeline;
pub mod published;
pub mod report;
pub mod results;
pub mod schema;
pub(crate) mod stages;
pub mod verify;
