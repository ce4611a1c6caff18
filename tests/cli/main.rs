//! The one integration-test binary: end-to-end runs of the real `core-index` binary, one
//! module per concern, sharing the small harness in `common`.

mod change;
mod common;
mod compute;
mod demo;
mod validation;
