//! `manifest.json` (data-contract §5): what a run was given and what it wrote, so an output
//! folder explains itself and `verify` can reproduce it. The program and its version, the
//! command line, the resolved configuration and its hash, every input by extract, year,
//! place in the layout, size, rows and SHA-256, the cut points and history used (their
//! copies stay in the folder), every output with its SHA-256, rows left out and why, the
//! designation universe, warnings, and the time each stage took.
//!
//! The same struct is written by `compute` and read back by `verify`, `--prior`, `report`
//! and `explain`, so the two can never drift apart. A multi-year run (`compute --years`)
//! writes one [`Manifest`] per year folder and a small [`RunManifest`] at the top of OUT.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::dataset::{InputFile, LeftOut};
use crate::results::GrowthModelSummary;

/// The manifest's layout version. Readers refuse a folder whose manifest has another one.
pub(crate) const FORMAT: u32 = 2;

/// The program name every manifest carries (and output-folder checks look for).
pub(crate) const PROGRAM: &str = "core-index";

/// One year's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    pub format: u32,
    /// The command line after the program name, as given.
    pub command: Vec<String>,
    pub year: i32,
    /// The data folder as given (absolute), or `None` for the built-in demo data.
    pub data_dir: Option<String>,
    pub config: Config,
    pub config_hash: String,
    pub cutpoints: CopiedFile,
    /// `None` when the run had no history.
    pub history: Option<CopiedFile>,
    /// The earlier run whose results are this year's prior results (R35), when any.
    pub prior: Option<PriorRecord>,
    pub inputs: Vec<InputFile>,
    pub outputs: Vec<OutputFile>,
    pub unknown_columns: Vec<String>,
    pub left_out: Vec<LeftOut>,
    pub designation_universe: Universe,
    pub readiness_missing_fields: u64,
    /// Metrics with no rows this year although switched on, and why (e.g. HS_READINESS
    /// when gpa is missing for every grade-8 student, R8).
    #[serde(default)]
    pub metrics_without_rows: Vec<MetricWithoutRows>,
    pub growth_models: Vec<GrowthModelSummary>,
    pub warnings: Vec<String>,
    pub stage_seconds: BTreeMap<String, f64>,
}

/// A file the run used whose copy it keeps in the output folder (cut points, history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiedFile {
    /// Where it was read from, as given.
    pub source: String,
    /// SHA-256 of the file as read.
    pub source_sha256: String,
    /// The copy's name in the output folder.
    pub copy: String,
    /// SHA-256 of the copy.
    pub sha256: String,
}

/// Where a run's prior results came from (R35).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorRecord {
    pub year: i32,
    /// The `--prior` folder as given, or `OUT/Y−1` of the same multi-year run.
    pub folder: String,
    /// SHA-256 of the prior run's `metric_results.csv` and `index.csv`, the files read.
    pub metric_results_sha256: String,
    pub index_sha256: String,
}

/// One written report file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputFile {
    pub file: String,
    pub bytes: u64,
    /// Data rows of a report (its CSV and Parquet have the same); `None` for other files.
    pub rows: Option<u64>,
    pub sha256: String,
}

/// The designation universe of methodology §7 and the Title I schools left out of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Universe {
    pub title_i_schools: usize,
    /// N, the universe's size.
    pub size: usize,
    /// Title I schools without an index score, each with the domain that had no reported
    /// metric (`academic`, `secc` or `both`).
    pub left_out: Vec<LeftOutSchool>,
}

/// A switched-on metric that has no rows in a year's reports, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricWithoutRows {
    pub metric: String,
    pub reason: String,
}

/// The top-level `manifest.json` of a multi-year output folder (`compute --years A-B`): the
/// years it holds, each a complete one-year folder `OUT/Y` with its own [`Manifest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RunManifest {
    pub program: String,
    pub version: String,
    pub format: u32,
    /// The command line after the program name, as given.
    pub command: Vec<String>,
    /// The years computed, in order; year Y is in the folder `Y`.
    pub years: Vec<i32>,
    /// The data folder as given (absolute), or `None` for the built-in demo data.
    pub data_dir: Option<String>,
    /// The `--history` file (its rows for years before the first year are part of every
    /// year's history, R39), when one was given.
    pub history: Option<SourceFile>,
    /// Warnings about the run as a whole; each year's manifest lists its own.
    pub warnings: Vec<String>,
}

/// A file the run read, with its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SourceFile {
    pub source: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeftOutSchool {
    pub school_id: String,
    pub missing_domain: String,
}

impl Manifest {
    /// The manifest as written: pretty JSON with a final newline.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        pretty(self)
    }
}

impl RunManifest {
    /// The manifest as written: pretty JSON with a final newline.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        pretty(self)
    }
}

fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("a manifest serializes");
    bytes.push(b'\n');
    bytes
}
