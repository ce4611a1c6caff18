//! `core-index explain`: one school's account as text for a terminal (data-contract §7),
//! read from one year's output folder alone. The lines are built by the library
//! (`report::explain`); this command reads the folder and prints them.

use std::path::PathBuf;

use clap::Args;
use core_index::load::output::read_published_year;
use core_index::report::explain::explain;

use crate::printer::Printer;
use crate::settings::EXIT_OK;

/// Explain one school's index and designation, line by line, for an 80-column terminal.
///
/// Prints how each counted result earned its points (value → level, naming the cut points it
/// fell between, or the growth decile map → share → points), how the domains and the index
/// add up (points to the hundredth, as in the CSV), why the school has its designation (its
/// rank value and rank, the cutoff and N, e.g. "lowest 5% of 119 Title I schools = 6
/// schools; this school is 3rd"; for a graduation basis the rate and the floor), its years in
/// status with the history behind them, and its partner or community suggestions with their
/// reasons. Every line cites the methodology's rule numbers (R26).
///
/// OUT is one year's output folder of `core-index compute` (OUT/Y of a multi-year run). It
/// reads only that folder — the reports, cutpoints.csv, history.csv and manifest.json — and
/// never the student data. A folder missing a report, whose files differ from what its
/// manifest records, or written by an incompatible version is refused (exit 2).
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  core-index compute --out out\n  core-index explain out --school 05132272218331\n  core-index explain out/2016 --school 05132272218331 | less"
)]
pub(crate) struct ExplainArgs {
    /// One year's output folder of `core-index compute`.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// The school to explain (its school_id in index.csv).
    #[arg(long, value_name = "ID")]
    pub school: String,
}

pub(crate) fn run(args: ExplainArgs, printer: &Printer) -> anyhow::Result<i32> {
    let year = read_published_year(&args.out, "explain")?;
    for line in explain(&year, &args.school)? {
        printer.out(&line);
    }
    Ok(EXIT_OK)
}
