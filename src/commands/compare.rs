//! `core-index compare`: a what-if run against a baseline (methodology §8). Writes
//! `comparison.csv` and `comparison.parquet`: per school both index scores, their
//! difference and both designations, changed schools first.

use std::path::PathBuf;

use clap::Args;

use crate::printer::Printer;
use crate::report;

/// Compare two compute runs of the same year and schools (e.g. baseline vs a what-if).
///
/// Refuses (exit 2) runs of different years or different school sets.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index compute --out base\n  core-index compute --out alt --set domains.academic=50 --set domains.secc=50\n  core-index compare base alt --out cmp"
)]
pub struct CompareArgs {
    /// Output folder of the baseline run.
    #[arg(value_name = "BASE_OUT")]
    pub base: PathBuf,
    /// Output folder of the alternative run.
    #[arg(value_name = "ALT_OUT")]
    pub alt: PathBuf,
    /// Folder for comparison.csv and comparison.parquet.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: CompareArgs, printer: &Printer) -> anyhow::Result<i32> {
    let table = crate::stages::compare::compare(&args.base, &args.alt)?;
    let changed = match table
        .columns
        .iter()
        .find(|c| c.name == "changed")
        .map(|c| &c.data)
    {
        Some(report::table::ColumnData::Bool(v)) => v.iter().filter(|b| **b == Some(true)).count(),
        _ => 0,
    };
    let files = report::render(&table)?;
    report::publish(&args.out, &files)?;
    printer.status(&format!(
        "compared {} schools: {} with a changed designation; written to {}",
        table.rows(),
        changed,
        args.out.display()
    ));
    Ok(0)
}
