//! core-index: the School Quality Improvement Index of the CORE districts' multiple-measures
//! system, computed from annual district extracts.
//!
//! The pipeline (see `commands::compute`): load and validate the extracts (`load`), compute
//! the metrics (`stages::metrics`) and growth (`stages::growth`), band them into levels
//! (`stages::banding`), award points and the index (`stages::points`), designate schools
//! (`stages::designations`), and write the reports (`report`). Rule numbers (R1…) refer to
//! `methodology.md`; § numbers to `data-contract.md`.

pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod error;
pub mod load;
pub mod model;
pub mod printer;
pub mod report;
pub mod results;
pub mod stages;
pub mod synth;
