//! The one integration-test binary: end-to-end runs of the real `core-index` binary, one
//! module per concern, sharing the small harness in `common`.
// Tests build fixtures on disk.
#![allow(clippy::disallowed_methods)]

mod attacks;
mod cards;
mod change;
mod common;
mod compute;
mod demo;
mod determinism;
mod fuzz;
mod import;
mod publish;
mod snapshots;
mod support;
mod validation;
mod verify;
