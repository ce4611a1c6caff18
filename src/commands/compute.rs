//! `core-index compute`: the main job. Checks every argument and the output folder before
//! any data is read, runs the pipeline (`core_index::pipeline`), and publishes the reports
//! (CSV and Parquet), the copies of the cut points and history it used, and `manifest.json`
//! into OUT — all of them or none, in one step. With `--years A-B` every year goes into its
//! own folder `OUT/Y`, and OUT is still published as a whole.

use std::path::PathBuf;

use clap::Args;
use core_index::config::Config;
use core_index::error::UsageError;
use core_index::pipeline::{self, ComputeRequest, Years};
use core_index::report::publish::{Replaceable, Staging};

use crate::commands::synth::parse_years;
use crate::printer::Printer;
use crate::settings::{self, DataSource, EXIT_OK};

/// Compute the index, growth, designations and support suggestions for one year, or for
/// several in a row.
///
/// Without --data the demo data built into the program is used; without --year the latest
/// year folder. Cut points come from --cutpoints, else the configuration's cutpoints.file,
/// else DATA/cutpoints.csv. Partner suggestions and communities of practice follow the
/// [support] keys, e.g. --set support.partners=5 --set support.same_district=true.
///
/// OUT receives metric_results, index, growth, designations, partners and communities
/// (.csv and .parquet),
/// cutpoints.csv (the cut points used), history.csv (with --history) and manifest.json. A
/// run replaces an earlier run's OUT as a whole, in one step; a folder that is not an
/// output of core-index compute is never replaced.
///
/// Change from the prior year (R35–R38): metric_results shows prior_value, prior_level,
/// change and level_change beside band and needed_1..3, and index shows prior_index_score
/// and index_change, when the year has prior results: with --prior, an earlier run's
/// output folder for Y−1 (same cut points and configuration apart from [support]); with
/// --years A-B, every year after A takes the run's own Y−1. --years writes each year into
/// OUT/Y (with its own history.csv: the --history rows before A, then the run's own
/// designations, R39) and a small OUT/manifest.json listing the years.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  core-index compute --data DATA --year 2016 --out out/2016 --set domains.academic=50\n  core-index compute --data DATA --years 2014-2016 --out out/series\n  core-index compute --data DATA --year 2016 --prior out/2015 --out out/2016"
)]
pub(crate) struct ComputeArgs {
    /// Data folder with one folder per spring year (default: the built-in demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Spring year to compute (default: the latest year folder in DATA).
    #[arg(long, value_name = "Y", conflicts_with = "years")]
    pub year: Option<i32>,
    /// Compute every spring year A…B in order, year Y into OUT/Y, each year's files read
    /// once (R35, R39).
    #[arg(long, value_name = "A-B", conflicts_with = "prior")]
    pub years: Option<String>,
    /// Output folder of an earlier compute of year Y−1: its results are this year's prior
    /// results (R35). It must have the same cut points and configuration ([support] aside).
    #[arg(long, value_name = "PRIOR_OUT")]
    pub prior: Option<PathBuf>,
    /// Output folder for the reports and manifest.json.
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    /// Configuration file (TOML, docs/methodology.md §9); default: the built-in preset.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Cut-point file (metric, school_level, c1 … c9).
    #[arg(long, value_name = "FILE")]
    pub cutpoints: Option<PathBuf>,
    /// Override one configuration key, e.g. --set domains.academic=50 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Designation history (year, school_id, designation) for years_in_status (R34).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
}

/// Everything `compute` needs, resolved and checked before any data is read.
struct ComputeSettings {
    data: DataSource,
    years: Years,
    staging: Staging,
    config: Config,
    cutpoints_file: PathBuf,
    history_file: Option<PathBuf>,
}

impl ComputeSettings {
    fn resolve(args: ComputeArgs) -> anyhow::Result<Self> {
        let config = Config::load(args.config.as_deref(), &args.set)?;
        let data = DataSource::resolve(args.data)?;
        let years = match &args.years {
            Some(text) => {
                let (first, last) = parse_years(text, "--years")?;
                // Every year folder must exist before any data is read (exit 2).
                for year in first..=last {
                    core_index::load::year_dir(data.path(), year)?;
                }
                Years::Span {
                    first,
                    last,
                    out: args.out.clone(),
                }
            }
            None => Years::One {
                year: settings::year(data.path(), args.year)?,
                // Absolute, so the manifest's record of it still finds the folder when
                // `verify` runs from another working directory.
                prior: args
                    .prior
                    .clone()
                    .map(|p| std::path::absolute(&p).unwrap_or(p)),
            },
        };
        let cutpoints_file = match (args.cutpoints, config.cutpoints.file.as_str()) {
            (Some(path), _) => path,
            (None, "") => data.path().join("cutpoints.csv"),
            (None, file) => PathBuf::from(file),
        };
        if !cutpoints_file.is_file() {
            return Err(UsageError::new(format!(
                "no cut-point file at {}",
                cutpoints_file.display()
            ))
            .with_hint(format!(
                "calibrate one from a baseline year: core-index cutpoints --data {} --year B --out {}",
                data.path().display(),
                cutpoints_file.display()
            ))
            .into());
        }
        if let Some(history) = &args.history {
            if !history.is_file() {
                return Err(UsageError::new(format!(
                    "--history {}: the file does not exist",
                    history.display()
                ))
                .with_hint("--history names a file with columns year, school_id, designation")
                .into());
            }
        }
        // Last, so a wrong argument above leaves nothing behind; still before any data.
        let staging = Staging::prepare(&args.out, "--out", Replaceable::ComputeOutput)?;
        Ok(ComputeSettings {
            data,
            years,
            staging,
            config,
            cutpoints_file,
            history_file: args.history,
        })
    }
}

pub(crate) fn run(args: ComputeArgs, printer: &Printer) -> anyhow::Result<i32> {
    let command: Vec<String> = std::env::args().skip(1).collect();
    let settings = ComputeSettings::resolve(args)?;
    let request = ComputeRequest {
        data_dir: settings.data.path().to_path_buf(),
        data_label: settings.data.label(),
        years: settings.years,
        config: settings.config,
        cutpoints_file: settings.cutpoints_file,
        history_file: settings.history_file,
        command,
    };
    let staging = settings.staging;
    let computed = pipeline::run(
        &request,
        &mut |name, bytes| staging.write(name, bytes),
        &|event| printer.event(event),
    )?;
    let out = staging.target().to_path_buf();
    staging.publish()?;
    printer.done();
    let multi_year = matches!(request.years, Years::Span { .. });
    if multi_year {
        printer.warnings(&computed.warnings, Some("manifest.json"));
        for year in &computed.years {
            let labelled: Vec<String> = year
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", year.year))
                .collect();
            printer.warnings(&labelled, Some(&format!("{}/manifest.json", year.year)));
        }
    } else {
        let mut warnings = computed.warnings.clone();
        warnings.extend(
            computed
                .years
                .iter()
                .flat_map(|y| y.warnings.iter().cloned()),
        );
        printer.warnings(&warnings, Some("manifest.json"));
    }
    for year in &computed.years {
        let folder = if multi_year {
            out.join(year.year.to_string())
        } else {
            out.clone()
        };
        printer.status(&format!(
            "computed {}: {} schools, {} with an index score, {} designated; reports in {}",
            year.year,
            year.schools,
            year.scored,
            year.designated,
            folder.display()
        ));
    }
    Ok(EXIT_OK)
}
