//! `core-index synth`: writes a realistic synthetic data directory in the contract's layout
//! (several years, all six extracts) plus `cutpoints.csv` calibrated on its first year, all
//! reproducible from the seed, into DATA in one step.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use core_index::error::UsageError;
use core_index::report::extract_writer::DataFormat;
use core_index_synth::{synthesize, SynthOptions};

use crate::printer::Printer;
use crate::settings::EXIT_OK;

/// Write a synthetic multi-year data set (all extracts and cutpoints.csv).
///
/// Schools E/M/H with grade spans and Title I, students moving up a grade each year, scores
/// on a vertical scale with school effects on growth, attendance, discipline, graduation
/// cohorts and surveys. The same seed gives the same files. The cut points are calibrated
/// on the first year; a metric with fewer than 10 schools that year is calibrated on all
/// years pooled (said in a warning), so a small set can be computed as it is. DATA must be
/// new, empty, or an earlier synthetic data set (it is replaced as a whole).
///
/// With --caaspp LAYOUT (e.g. 2024-25), each year's scores are also written as the state's
/// CAASPP Student Score Data File in that layout, DATA/caaspp/YEAR.txt (caret-delimited):
/// the assessments extract's rows as counted Smarter Balanced records (SEM rounded up to a
/// whole number, as the state writes it), records that do not count (alternate assessments,
/// exemptions, students not tested, tests below the threshold or invalidated, science) and
/// each student's score of the year before in the same subject as the prior-year block. The
/// extracts are the same with or without it. `import caaspp` reads these files.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index synth --out DATA --students 200000 --years 2014-2016 --seed 1\n  core-index compute --data DATA --year 2016 --out OUT\n  core-index synth --out DATA --years 2015-2016 --caaspp 2024-25   # also DATA/caaspp/2015.txt, 2016.txt"
)]
pub(crate) struct SynthArgs {
    /// Folder to write (one folder per year, plus cutpoints.csv and synth.json).
    #[arg(long, value_name = "DATA")]
    pub out: PathBuf,
    /// Number of schools (default: about one per 700 students, at least 10).
    #[arg(long, value_name = "N")]
    pub schools: Option<usize>,
    /// Students per year.
    #[arg(long, value_name = "N", default_value_t = 20_000)]
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
    /// Also write each year's CAASPP score file in this layout (2015-16 … 2024-25) as
    /// DATA/caaspp/YEAR.txt.
    #[arg(long, value_name = "LAYOUT")]
    pub caaspp: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum FormatArg {
    Csv,
    Parquet,
}

/// `A-B`, two spring years in order.
pub(crate) fn parse_years(text: &str, option: &str) -> Result<(i32, i32), UsageError> {
    let bad = || {
        UsageError::new(format!("{option} {text}: expected A-B, e.g. 2014-2016"))
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

pub(crate) fn run(args: SynthArgs, printer: &Printer) -> anyhow::Result<i32> {
    let (first_year, last_year) = parse_years(&args.years, "--years")?;
    let options = SynthOptions {
        schools: args.schools,
        students: args.students,
        first_year,
        last_year,
        seed: args.seed,
        format: match args.format {
            FormatArg::Csv => DataFormat::Csv,
            FormatArg::Parquet => DataFormat::Parquet,
        },
        caaspp: args.caaspp.clone(),
    };
    printer.event(core_index::events::Event::StageStarted("synthesizing"));
    let synthesized = synthesize(&options, &args.out, &|_| {})?;
    printer.done();
    printer.warnings(&synthesized.warnings, None);
    let summary = &synthesized.summary;
    printer.status(&format!(
        "wrote {} years ({}–{}) of {} schools to {}, with cutpoints.csv calibrated on {}",
        summary.years.len(),
        first_year,
        last_year,
        summary.schools,
        args.out.display(),
        first_year
    ));
    if let Some(layout) = &args.caaspp {
        printer.status(&format!(
            "wrote the CAASPP score files {} … {} in the {layout} layout",
            args.out
                .join(core_index_synth::caaspp_file_name(first_year))
                .display(),
            args.out
                .join(core_index_synth::caaspp_file_name(last_year))
                .display(),
        ));
    }
    Ok(EXIT_OK)
}
