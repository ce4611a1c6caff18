//! The `core-index` binary: the command line over the core library. `cli` parses and
//! dispatches, `commands/*` hold one subcommand each, `printer` is the only module that
//! prints, and only `cli::main` turns results into exit codes.

mod cli;
mod commands;
mod demo;
mod printer;
mod settings;
mod signals;

fn main() {
    #[allow(clippy::exit)] // the one place the process exits with the code the command decided
    std::process::exit(cli::main());
}
