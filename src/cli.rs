//! The command line (data-contract §4): subcommands parsed once by clap and dispatched to
//! `commands::*`. This is the only place that turns results into exit statuses.

use clap::{Parser, Subcommand};

use crate::commands;
use crate::printer::Printer;
use crate::settings::exit_status;

#[derive(Parser, Debug)]
#[command(
    name = "core-index",
    version,
    about = "School Quality Improvement Index: CORE-style accountability index, growth and designations",
    long_about = "core-index reads the annual per-student and per-school extracts of a group of \
school districts and computes the School Quality Improvement Index of the CORE districts' \
multiple-measures system: metrics for all students and subgroups, a student growth model, \
index levels 1–10 from fixed cut points, weighted points, and Priority / Focus / Reward \
designations, written as CSV and Parquet, with a report card per school (HTML) and an \
account of any school's points and designation (explain).\n\nExit status: 0 success, 1 invalid input data, \
2 usage or configuration error, 3 internal failure."
)]
pub(crate) struct Cli {
    /// Print no progress, status or warnings (errors and requested output still print).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    Compute(commands::compute::ComputeArgs),
    Cutpoints(commands::cutpoints::CutpointsArgs),
    Validate(commands::validate::ValidateArgs),
    Compare(commands::compare::CompareArgs),
    Synth(commands::synth::SynthArgs),
    Import(commands::import::ImportArgs),
    Verify(commands::verify::VerifyArgs),
    Report(commands::report::ReportArgs),
    Explain(commands::explain::ExplainArgs),
}

/// Parses the command line, runs the subcommand, prints any error, returns the exit status.
pub(crate) fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let printer = Printer::new(cli.quiet);
    let result = crate::signals::install().and_then(|()| match cli.command {
        Command::Compute(args) => commands::compute::run(args, &printer),
        Command::Cutpoints(args) => commands::cutpoints::run(args, &printer),
        Command::Validate(args) => commands::validate::run(args, &printer),
        Command::Compare(args) => commands::compare::run(args, &printer),
        Command::Synth(args) => commands::synth::run(args, &printer),
        Command::Import(args) => commands::import::run(args, &printer),
        Command::Verify(args) => commands::verify::run(args, &printer),
        Command::Report(args) => commands::report::run(args, &printer),
        Command::Explain(args) => commands::explain::run(args, &printer),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            printer.error(&err);
            exit_status(&err)
        }
    }
}
