//! Pipeline stages: pure functions from typed data and rules to typed results.

pub mod banding;
pub mod calibrate;
pub mod change;
pub mod designations;
pub mod growth;
pub mod metrics;
pub mod points;
pub mod support;
pub mod suppression;
#[cfg(test)]
pub mod test_support;
