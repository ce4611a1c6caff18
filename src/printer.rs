//! The printer. Being written.
