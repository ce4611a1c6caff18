//! Pipeline stages: pure functions from typed data and rules to typed results.

pub mod compare;
pub mod designations;
pub mod growth;
