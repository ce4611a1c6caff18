//! Command line. Being written.
pub fn main() -> i32 { 2 }
