//! Pipeline stages: pure functions from typed data and rules to typed results.

pub(crate) mod banding;
pub(crate) mod calibrate;
pub(crate) mod change;
pub(crate) mod designations;
pub(crate) mod growth;
pub(crate) mod metrics;
pub(crate) mod points;
pub(crate) mod support;
pub(crate) mod suppression;
#[cfg(test)]
pub(crate) mod test_support;
