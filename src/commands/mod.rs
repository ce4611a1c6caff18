//! Subcommands. Being written.
