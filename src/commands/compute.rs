//! `core-index compute`: the main job. Loads year Y, computes every metric and the growth
//! model, bands results into levels, awards points, designates schools, and writes the
//! `metric_results`, `index`, `growth` and `designations` reports (CSV and Parquet) and
//! `manifest.json` into OUT — all of them or none.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use crate::commands::settings::{self, Timings};
use crate::config::Config;
use crate::dataset::{StudentIds, YearData};
use crate::error::UsageError;
use crate::load::cutpoints::load_cutpoints;
use crate::load::load_year_with_progress;
use crate::model::{Metric, Subject};
use crate::printer::Printer;
use crate::report::{self, manifest, reports};
use crate::stages::banding::{apply_levels, CutPoints};
use crate::stages::{growth, metrics, points};

/// Compute the index, growth and designations for one year.
///
/// Without --data the demo data in fixtures/demo is used; without --year the latest year
/// folder. Cut points come from --cutpoints, else the configuration's cutpoints.file, else
/// DATA/cutpoints.csv.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index compute --data DATA --year 2016 --out out/2016 --set domains.academic=50"
)]
pub struct ComputeArgs {
    /// Data folder with one folder per spring year (default: the demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Spring year to compute (default: the latest year folder in DATA).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// Output folder for the reports and manifest.json.
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    /// Configuration file (TOML, methodology §9); default: the built-in preset.
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
    data: PathBuf,
    year: i32,
    out: PathBuf,
    config: Config,
    cutpoints_path: PathBuf,
    history: Option<PathBuf>,
}

impl ComputeSettings {
    fn resolve(args: ComputeArgs) -> Result<Self, UsageError> {
        let config = Config::load(args.config.as_deref(), &args.set)?;
        let data = settings::data_dir(args.data);
        let year = settings::year(&data, args.year)?;
        let cutpoints_path = match (args.cutpoints, config.cutpoints.file.as_str()) {
            (Some(path), _) => path,
            (None, "") => data.join("cutpoints.csv"),
            (None, file) => PathBuf::from(file),
        };
        if !cutpoints_path.is_file() {
            return Err(UsageError::new(format!("no cut-point file at {}", cutpoints_path.display())).with_hint(
                format!(
                    "calibrate one from a baseline year: core-index cutpoints --data {} --year B --out {}",
                    data.display(),
                    cutpoints_path.display()
                ),
            ));
        }
        Ok(ComputeSettings {
            data,
            year,
            out: args.out,
            config,
            cutpoints_path,
            history: args.history,
        })
    }
}

pub fn run(args: ComputeArgs, printer: &Printer) -> anyhow::Result<i32> {
    let settings = ComputeSettings::resolve(args)?;
    let config = &settings.config;
    let (cutpoints, cutpoint_warnings): (CutPoints, Vec<String>) =
        load_cutpoints(&settings.cutpoints_path)?;
    let mut timings = Timings::default();

    let data = {
        let stage = printer.stage(&format!("loading {}", settings.year));
        timings.time("load", || {
            load_year_with_progress(
                &settings.data,
                settings.year,
                &mut StudentIds::default(),
                &stage,
            )
        })?
    };
    let history = match &settings.history {
        Some(path) => Some(timings.time("history", || crate::load::history::load_history(path))?),
        None => None,
    };

    let _stage = printer.stage("computing metrics");
    let computed = timings.time("metrics", || metrics::compute_metrics(&data, config));
    drop(_stage);
    let growth = {
        let _stage = printer.stage("growth model");
        timings.time("growth", || growth_if_enabled(&data, config))
    };
    let mut rows = timings.time("assemble", || {
        let mut raw = computed.results;
        raw.extend(metrics::growth_results(&growth));
        metrics::assemble(raw, config.n_size)
    });
    timings.time("banding", || {
        apply_levels(&mut rows, &data.schools, &cutpoints)
    })?;
    let index = timings.time("points", || points::award_points(&mut rows, &data, config));
    let designations = timings.time("designations", || {
        crate::stages::designations::designate(
            &data,
            &rows,
            &computed.grad4,
            &index,
            history.as_ref(),
            config,
        )
    });

    let mut warnings = cutpoint_warnings;
    warnings.extend(data.warnings.iter().cloned());
    warnings.extend(growth.warnings.iter().cloned());
    if computed.readiness_missing_fields > 0 {
        warnings.push(format!(
            "HS_READINESS: {} grade-8 students counted not ready because gpa, ela_df or math_df is missing",
            computed.readiness_missing_fields
        ));
    }

    let _stage = printer.stage("writing reports");
    let tables = timings.time("render", || -> anyhow::Result<Vec<report::OutputFile>> {
        // The four reports are independent: built and rendered side by side, in this order.
        let builders: [&(dyn Fn() -> report::Table + Sync); 4] = [
            &|| reports::metric_results(&data, &rows),
            &|| reports::index(&data, &index),
            &|| reports::growth(&data, &growth),
            &|| reports::designations(&data, &designations),
        ];
        let rendered: Vec<anyhow::Result<[report::OutputFile; 2]>> = builders
            .par_iter()
            .map(|build| report::render(&build()))
            .collect();
        let mut files = Vec::new();
        for pair in rendered {
            files.extend(pair?);
        }
        Ok(files)
    })?;
    let mut files = tables;
    let record = manifest::RunRecord {
        command: "compute",
        data_dir: settings.data.display().to_string(),
        config,
        cutpoints: Some((
            settings.cutpoints_path.display().to_string(),
            file_sha256(&settings.cutpoints_path)?,
        )),
        history: settings.history.as_ref().map(|p| p.display().to_string()),
        warnings: &warnings,
        growth_models: &growth.models,
        readiness_missing_fields: computed.readiness_missing_fields,
        stage_seconds: &timings.stages,
        outputs: files.iter().map(|f| f.name.clone()).collect(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest::manifest(&data, &record))?;
    files.push(report::OutputFile {
        name: "manifest.json".into(),
        bytes: manifest_json,
    });
    report::publish(&settings.out, &files)?;
    drop(_stage);

    printer.warnings(&warnings, "see manifest.json");
    printer.status(&summary_line(&data, &index, &designations, &settings.out));
    Ok(0)
}

/// Runs the growth model unless both growth metrics are switched off, and keeps only the
/// cells of switched-on subjects (§9: a switched-off metric is removed everywhere), so the
/// metric rows and the growth report both read one filtered output.
fn growth_if_enabled(data: &YearData, config: &Config) -> crate::results::GrowthOutput {
    let enabled = |s: Subject| config.metric_enabled(Metric::growth_for(s));
    if !enabled(Subject::Ela) && !enabled(Subject::Math) {
        return crate::results::GrowthOutput::default();
    }
    let mut output = growth::compute_growth(data, config);
    output.cells.retain(|c| enabled(c.subject));
    output
}

fn file_sha256(path: &std::path::Path) -> anyhow::Result<String> {
    let (_, sha) = crate::load::source::fingerprint(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    Ok(sha)
}

fn summary_line(
    data: &YearData,
    index: &[crate::results::IndexRow],
    designations: &[crate::results::DesignationRow],
    out: &std::path::Path,
) -> String {
    let scored = index.iter().filter(|r| r.index_score.is_some()).count();
    let designated = designations
        .iter()
        .filter(|d| {
            !matches!(
                d.designation,
                crate::model::Designation::None | crate::model::Designation::NotEligible
            )
        })
        .count();
    format!(
        "computed {}: {} schools, {} with an index score, {} designated; reports in {}",
        data.year,
        data.school_count(),
        scored,
        designated,
        out.display()
    )
}
