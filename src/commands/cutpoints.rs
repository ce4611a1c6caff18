//! `core-index cutpoints`: calibrates the cut points of every non-growth metric from a
//! baseline year (methodology R17) and writes the file later runs load unchanged.

use std::path::PathBuf;

use clap::Args;
use core_index::config::Config;
use core_index::pipeline;
use core_index::report::{self, publish};

use crate::printer::Printer;
use crate::settings::{DataSource, EXIT_OK};

/// Calibrate cut points from a baseline year (R17) and write them to FILE.
///
/// Every school's reported ALL result of each metric (per school level with
/// cutpoints.by_school_level = true) gives nine cut points by interpolation between order
/// statistics. A (metric, level) with fewer than 10 schools gets no row and a warning.
/// FILE has the columns metric, school_level, c1 … c9.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index cutpoints --data DATA --year 2015 --out DATA/cutpoints.csv"
)]
pub(crate) struct CutpointsArgs {
    /// Data folder with one folder per spring year (default: the built-in demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Baseline spring year B.
    #[arg(long, value_name = "B")]
    pub year: i32,
    /// The cut-point file to write (CSV).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Configuration file (TOML); n_size, metrics and cutpoints.by_school_level apply.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one configuration key (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

pub(crate) fn run(args: CutpointsArgs, printer: &Printer) -> anyhow::Result<i32> {
    let config = Config::load(args.config.as_deref(), &args.set)?;
    let data = DataSource::resolve(args.data)?;
    publish::prepare_file(&args.out, "--out")?;
    let (table, warnings) =
        pipeline::calibrate(data.path(), args.year, &config, &|e| printer.event(e))?;
    let file = report::render_csv(&table, "cutpoints.csv")?;
    publish::publish_file(&args.out, &file.bytes)?;
    printer.done();
    printer.warnings(&warnings, None);
    printer.status(&format!(
        "cut points calibrated on {} written to {}",
        args.year,
        args.out.display()
    ));
    Ok(EXIT_OK)
}
