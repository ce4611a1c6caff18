//! `core-index compute`: the main job. Checks every argument and the output folder before
//! any data is read, runs the pipeline (`core_index::pipeline`), and publishes the reports
//! (CSV and Parquet), the copies of the cut points and history it used, and `manifest.json`
//! into OUT — all of them or none, in one step.

use std::path::PathBuf;

use clap::Args;
use core_index::config::Config;
use core_index::error::UsageError;
use core_index::pipeline::{self, ComputeRequest};
use core_index::report::publish::{Replaceable, Staging};

use crate::printer::Printer;
use crate::settings::{self, DataSource, EXIT_OK};

/// Compute the index, growth, designations and support suggestions for one year.
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
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index compute --data DATA --year 2016 --out out/2016 --set domains.academic=50"
)]
pub(crate) struct ComputeArgs {
    /// Data folder with one folder per spring year (default: the built-in demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Spring year to compute (default: the latest year folder in DATA).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
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
    year: i32,
    staging: Staging,
    config: Config,
    cutpoints_file: PathBuf,
    history_file: Option<PathBuf>,
}

impl ComputeSettings {
    fn resolve(args: ComputeArgs) -> anyhow::Result<Self> {
        let config = Config::load(args.config.as_deref(), &args.set)?;
        let data = DataSource::resolve(args.data)?;
        let year = settings::year(data.path(), args.year)?;
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
            year,
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
        year: settings.year,
        config: settings.config,
        cutpoints_file: settings.cutpoints_file,
        history_file: settings.history_file,
        command,
    };
    let computed = pipeline::run(&request, &|event| printer.event(event))?;
    for file in &computed.files {
        settings.staging.write(&file.name, &file.bytes)?;
    }
    let out = settings.staging.target().to_path_buf();
    settings.staging.publish()?;
    printer.done();
    printer.warnings(&computed.warnings, Some("manifest.json"));
    printer.status(&format!(
        "computed {}: {} schools, {} with an index score, {} designated; reports in {}",
        computed.year,
        computed.schools,
        computed.scored,
        computed.designated,
        out.display()
    ));
    Ok(EXIT_OK)
}
