//! `core-index synth`: writes a realistic synthetic data directory in the contract's layout
//! (several years, all six extracts) plus `cutpoints.csv` calibrated on its first year, all
//! reproducible from the seed.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::error::UsageError;
use crate::printer::Printer;
use crate::synth::{generate, SynthFormat, SynthOptions};

/// Write a synthetic multi-year data set (all extracts and cutpoints.csv).
///
/// Schools E/M/H with grade spans and Title I, students moving up a grade each year, scores
/// on a vertical scale with school effects on growth, attendance, discipline, graduation
/// cohorts and surveys. The same seed gives the same files.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index synth --out DATA --students 200000 --years 2014-2016 --seed 1"
)]
pub struct SynthArgs {
    /// Folder to write (one folder per year, plus cutpoints.csv).
    #[arg(long, value_name = "DATA")]
    pub out: PathBuf,
    /// Number of schools (default: about one per 700 students).
    #[arg(long, value_name = "N")]
    pub schools: Option<usize>,
    /// Students per year.
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub students: usize,
    /// Spring years A-B, inclusive.
    #[arg(long, value_name = "A-B", default_value = "2014-2016")]
    pub years: String,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// File format of the extracts.
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Csv,
    Parquet,
}

fn parse_years(text: &str) -> Result<(i32, i32), UsageError> {
    let bad = || {
        UsageError::new(format!("--years {text}: expected A-B, e.g. 2014-2016"))
            .with_hint("two spring years, the first not after the second")
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let (a, b): (i32, i32) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a > b || a < 1900 || b > 2999 {
        return Err(bad());
    }
    Ok((a, b))
}

pub fn run(args: SynthArgs, printer: &Printer) -> anyhow::Result<i32> {
    let (first_year, last_year) = parse_years(&args.years)?;
    if args.students == 0 {
        return Err(UsageError::new("--students must be at least 1").into());
    }
    let options = SynthOptions {
        out: args.out.clone(),
        schools: args.schools,
        students: args.students,
        first_year,
        last_year,
        seed: args.seed,
        format: match args.format {
            FormatArg::Csv => SynthFormat::Csv,
            FormatArg::Parquet => SynthFormat::Parquet,
        },
    };
    let summary = {
        let stage = printer.stage("synthesizing");
        generate(&options, &|msg: &str| stage.message(msg))?
    };
    let config = Config::default();
    let warnings = {
        let stage = printer.stage(&format!("calibrating on {first_year}"));
        super::cutpoints::write_calibrated(
            &args.out,
            first_year,
            &config,
            &args.out.join("cutpoints.csv"),
            &stage,
        )?
    };
    printer.warnings(&warnings, "");
    printer.status(&format!(
        "wrote {} years ({}–{}) of {} schools to {}, with cutpoints.csv calibrated on {}",
        summary.years.len(),
        first_year,
        last_year,
        summary.schools,
        args.out.display(),
        first_year
    ));
    Ok(0)
}
