//! The report layer: tables in the contract's order (data-contract §5), rendered to CSV and
//! Parquet, the copies and manifest of an output folder, and the only code that writes files
//! (`publish`).

pub mod comparison;
pub(crate) mod csv_format;
pub mod explain;
pub mod extract_writer;
pub(crate) mod manifest;
pub mod numbers;
pub mod parquet_format;
pub mod publish;
pub(crate) mod reports;
pub mod standing;
pub mod table;
pub mod words;

use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::dataset::YearData;
use crate::hash::sha256_hex;
use crate::load::cutpoints::LoadedCutPoints;
use crate::model::history::History;
use crate::results::{PriorResults, YearResults};

pub use table::Table;

/// One rendered file: its name in the output folder, its bytes, and its rows when it is a
/// table (the manifest records both).
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: Option<u64>,
}

/// Renders a table into its two files, `NAME.csv` and `NAME.parquet`, side by side.
pub fn render(table: &Table) -> anyhow::Result<[RenderedFile; 2]> {
    let (csv_bytes, parquet_bytes) = rayon::join(
        || -> anyhow::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            csv_format::write_csv(table, &mut bytes)?;
            Ok(bytes)
        },
        || -> anyhow::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            parquet_format::write_parquet(table, &mut bytes)?;
            Ok(bytes)
        },
    );
    let rows = Some(table.rows() as u64);
    Ok([
        RenderedFile {
            name: format!("{}.csv", table.name),
            bytes: csv_bytes?,
            rows,
        },
        RenderedFile {
            name: format!("{}.parquet", table.name),
            bytes: parquet_bytes?,
            rows,
        },
    ])
}

/// Renders a table as CSV only (the cut-point file, the history copy).
pub fn render_csv(table: &Table, name: &str) -> anyhow::Result<RenderedFile> {
    let mut bytes = Vec::new();
    csv_format::write_csv(table, &mut bytes)?;
    Ok(RenderedFile {
        name: name.to_string(),
        bytes,
        rows: Some(table.rows() as u64),
    })
}

/// What the manifest records about a run beyond its data and results.
pub(crate) struct RunRecord<'a> {
    pub command: &'a [String],
    /// The data folder as given; `None` for the built-in demo data.
    pub data_dir: Option<String>,
    pub config: &'a Config,
    pub cutpoints: &'a LoadedCutPoints,
    /// Where the history came from, when the folder keeps a copy (`history.csv`): the
    /// `--history` file, or in a multi-year run the file's earlier rows and the run's own
    /// designations (R39). `None`: no history, no copy.
    pub history_source: Option<HistorySource>,
    /// The history the designations used (R34, R39), copied as `history.csv`.
    pub effective_history: &'a History,
    /// The year's prior results (R35), when it had any.
    pub prior: Option<&'a PriorResults>,
}

/// What the manifest says about where a year's history came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HistorySource {
    pub source: String,
    /// SHA-256 of the file read; `None` when the history was made by the run itself (the
    /// copy's SHA-256 is recorded then).
    pub sha256: Option<String>,
}

/// Every file of one year's output folder: the six reports (CSV and Parquet), the copies
/// of the cut points and history the run used, and `manifest.json`, in that order.
pub(crate) fn year_folder(
    data: &YearData,
    results: &YearResults,
    run: &RunRecord,
) -> anyhow::Result<Vec<RenderedFile>> {
    let start = Instant::now();
    // The six reports are independent: built and rendered side by side, in this order.
    let builders: [&(dyn Fn() -> Table + Sync); 6] = [
        &|| reports::metric_results(data, &results.metrics, &results.change.rows),
        &|| reports::index(data, &results.index, &results.change.index),
        &|| reports::growth(data, &results.growth),
        &|| reports::designations(data, &results.designations.rows),
        &|| reports::partners(data, &results.designations.rows, &results.support.partners),
        &|| reports::communities(data, &results.support.communities),
    ];
    let rendered: Vec<anyhow::Result<[RenderedFile; 2]>> =
        builders.par_iter().map(|build| render(&build())).collect();
    let mut files = Vec::new();
    for pair in rendered {
        files.extend(pair?);
    }
    // The cut points exactly as loaded, so their SHA-256 is the one recorded.
    files.push(RenderedFile {
        name: "cutpoints.csv".into(),
        bytes: run.cutpoints.bytes.clone(),
        rows: None,
    });
    let history_copy = match &run.history_source {
        Some(source) => {
            let file = render_csv(&reports::history(run.effective_history), "history.csv")?;
            let sha256 = sha256_hex(&file.bytes);
            let record = manifest::CopiedFile {
                source: source.source.clone(),
                source_sha256: source.sha256.clone().unwrap_or_else(|| sha256.clone()),
                copy: file.name.clone(),
                sha256,
            };
            files.push(file);
            Some(record)
        }
        None => None,
    };
    let mut stage_seconds: std::collections::BTreeMap<String, f64> =
        results.stage_seconds.iter().cloned().collect();
    stage_seconds.insert("render".into(), start.elapsed().as_secs_f64());
    let manifest = manifest::Manifest {
        program: manifest::PROGRAM.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        format: manifest::FORMAT,
        command: run.command.to_vec(),
        year: data.year,
        data_dir: run.data_dir.clone(),
        config: run.config.clone(),
        config_hash: run.config.hash(),
        cutpoints: manifest::CopiedFile {
            source: run.cutpoints.source.clone(),
            source_sha256: run.cutpoints.sha256.clone(),
            copy: "cutpoints.csv".into(),
            sha256: run.cutpoints.sha256.clone(),
        },
        history: history_copy,
        prior: run.prior.map(|p| manifest::PriorRecord {
            year: p.year,
            folder: p.source.folder.clone(),
            metric_results_sha256: p.source.metric_results_sha256.clone(),
            index_sha256: p.source.index_sha256.clone(),
        }),
        inputs: data.inputs.clone(),
        outputs: files
            .iter()
            .map(|f| manifest::OutputFile {
                file: f.name.clone(),
                bytes: f.bytes.len() as u64,
                rows: f.rows,
                sha256: sha256_hex(&f.bytes),
            })
            .collect(),
        unknown_columns: data.unknown_columns.clone(),
        left_out: data.left_out.clone(),
        designation_universe: manifest::Universe {
            title_i_schools: results.designations.universe.title_i_schools,
            size: results.designations.universe.size,
            left_out: results
                .designations
                .universe
                .left_out
                .iter()
                .map(|(school, domain)| manifest::LeftOutSchool {
                    school_id: data.schools[*school as usize].id.clone(),
                    missing_domain: (*domain).to_string(),
                })
                .collect(),
        },
        readiness_missing_fields: results.readiness_missing_fields,
        metrics_without_rows: results
            .metrics_without_rows
            .iter()
            .map(|(metric, reason)| manifest::MetricWithoutRows {
                metric: metric.code().to_string(),
                reason: reason.clone(),
            })
            .collect(),
        growth_models: results.growth.models.clone(),
        warnings: results.warnings.clone(),
        stage_seconds,
    };
    files.push(RenderedFile {
        name: "manifest.json".into(),
        bytes: manifest.to_bytes(),
        rows: None,
    });
    Ok(files)
}
