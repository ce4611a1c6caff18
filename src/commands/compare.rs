//! `core-index compare`: a what-if run against a baseline (methodology §8). Reads the index,
//! designations, partners and communities of two output folders and writes
//! `comparison.csv` and `comparison.parquet`: per school both index scores, their difference
//! and both designations, changed schools first, then each school's partner suggestions and
//! community of practice in both runs (R42–R43) and whether they changed.

use std::path::PathBuf;

use clap::Args;
use core_index::load::output::read_run;
use core_index::report::comparison::comparison;
use core_index::report::publish::{Replaceable, Staging};
use core_index::report::{self, table::ColumnData};

use crate::printer::Printer;
use crate::settings::EXIT_OK;

/// Compare two compute runs of the same year and schools (e.g. baseline vs a what-if).
///
/// Writes DIR/comparison.csv and DIR/comparison.parquet with the columns school_id,
/// index_base, index_alt, delta (index_alt − index_base, exact in hundredths; empty when
/// either is empty), designation_base, designation_alt and changed (the designations
/// differ); schools whose designation changed come first, then by school_id.
///
/// Then the support columns (methodology R42–R43): partners_base and partners_alt (the
/// suggested partners' school_ids in rank order, separated by `;`; empty without
/// suggestions), partners_changed (the two lists differ), community_base and community_alt
/// (the school's community number in each run), and community_changed (its community has a
/// different focus metric or different members, or the school is in a community in one run
/// only; a community that is only renumbered is not a change). A folder written before the
/// partners and communities reports existed has neither file: the support columns are then
/// empty and a warning says so. A folder with only one of the two is refused.
///
/// Refuses (exit 2) runs of different years or different school sets.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index compute --out base\n  core-index compute --out alt --set domains.academic=50 --set domains.secc=50\n  core-index compare base alt --out cmp"
)]
pub(crate) struct CompareArgs {
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

pub(crate) fn run(args: CompareArgs, printer: &Printer) -> anyhow::Result<i32> {
    let staging = Staging::prepare(&args.out, "--out", Replaceable::Holding("comparison.csv"))?;
    let (base, alt) = (read_run(&args.base)?, read_run(&args.alt)?);
    let table = comparison(&args.base, &base, &args.alt, &alt)?;
    let warnings: Vec<String> = [(&args.base, &base), (&args.alt, &alt)]
        .iter()
        .filter(|(_, run)| run.support.is_none())
        .map(|(dir, _)| {
            format!(
                "{} has no partners.csv or communities.csv (written before they existed): the partner and community columns are empty",
                dir.display()
            )
        })
        .collect();
    let count = |column: &str| match table
        .columns
        .iter()
        .find(|c| c.name == column)
        .map(|c| &c.data)
    {
        Some(ColumnData::Bool(v)) => v.iter().filter(|b| **b == Some(true)).count(),
        _ => 0,
    };
    for file in report::render(&table)? {
        staging.write(&file.name, &file.bytes)?;
    }
    staging.publish()?;
    printer.warnings(&warnings, None);
    let support = if warnings.is_empty() {
        format!(
            ", {} with changed partner suggestions, {} with a changed community of practice",
            count("partners_changed"),
            count("community_changed")
        )
    } else {
        String::new()
    };
    printer.status(&format!(
        "compared {} schools: {} with a changed designation{support}; written to {}",
        table.rows(),
        count("changed"),
        args.out.display()
    ));
    Ok(EXIT_OK)
}
