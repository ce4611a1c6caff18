//! `core-index cutpoints`: calibrates the cut points of every non-growth metric from a
//! baseline year (methodology R17) and writes the file later runs load unchanged.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::commands::settings;
use crate::config::Config;
use crate::dataset::StudentIds;
use crate::load::{load_year_with_progress, LoadProgress};
use crate::printer::Printer;
use crate::report::{self, reports};
use crate::stages::{calibrate, metrics};

/// Calibrate cut points from a baseline year (R17) and write them to FILE.
///
/// Every school's reported ALL result of each metric (per school level with
/// cutpoints.by_school_level = true) gives nine cut points by interpolation between order
/// statistics. A (metric, level) with fewer than 10 schools gets no row and a warning.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index cutpoints --data DATA --year 2015 --out DATA/cutpoints.csv"
)]
pub struct CutpointsArgs {
    /// Data folder with one folder per spring year (default: the demo data).
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

pub fn run(args: CutpointsArgs, printer: &Printer) -> anyhow::Result<i32> {
    let config = Config::load(args.config.as_deref(), &args.set)?;
    let data = settings::data_dir(args.data);
    let warnings = {
        let stage = printer.stage(&format!("calibrating on {}", args.year));
        write_calibrated(&data, args.year, &config, &args.out, &stage)?
    };
    printer.warnings(&warnings, "");
    printer.status(&format!(
        "cut points calibrated on {} written to {}",
        args.year,
        args.out.display()
    ));
    Ok(0)
}

/// Loads year `year` of `data`, calibrates (R17) and writes the cut-point file at `out`.
/// Returns the warnings (load warnings are not repeated: only calibration ones).
pub fn write_calibrated(
    data: &Path,
    year: i32,
    config: &Config,
    out: &Path,
    progress: &dyn LoadProgress,
) -> anyhow::Result<Vec<String>> {
    let year_data = load_year_with_progress(data, year, &mut StudentIds::default(), progress)?;
    let computed = metrics::compute_metrics(&year_data, config);
    let rows = metrics::assemble(computed.results, config.n_size);
    let (cutpoints, warnings) = calibrate::calibrate(&year_data, &rows, config);
    let file = report::render_csv(&reports::cutpoints(&cutpoints), "cutpoints.csv")?;
    report::publish_file(out, &file.bytes)?;
    Ok(warnings)
}
