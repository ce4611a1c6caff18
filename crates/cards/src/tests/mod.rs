//! The renderer's tests: fixture cards built in code (`fixtures`, whose numbers follow the
//! methodology's rules) rendered and read back with an HTML parser (`render`).
#![allow(clippy::unwrap_used)]

mod fixtures;
mod render;
