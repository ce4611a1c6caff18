//! `manifest.json` (data-contract §5): program version, the resolved configuration and its
//! hash, every input file with size, rows and SHA-256, rows left out and why, warnings, and
//! the time each stage took.

use serde_json::{json, Value};

use crate::config::Config;
use crate::dataset::YearData;
use crate::results::GrowthModelSummary;

/// What the manifest records beyond the data itself.
pub struct RunRecord<'a> {
    pub command: &'a str,
    pub data_dir: String,
    pub config: &'a Config,
    pub cutpoints: Option<(String, String)>,
    pub history: Option<String>,
    pub warnings: &'a [String],
    pub growth_models: &'a [GrowthModelSummary],
    pub readiness_missing_fields: u64,
    pub stage_seconds: &'a [(String, f64)],
    pub outputs: Vec<String>,
}

pub fn manifest(data: &YearData, run: &RunRecord) -> Value {
    let stages: serde_json::Map<String, Value> = run
        .stage_seconds
        .iter()
        .map(|(name, secs)| (name.clone(), json!(secs)))
        .collect();
    json!({
        "program": "core-index",
        "version": env!("CARGO_PKG_VERSION"),
        "command": run.command,
        "year": data.year,
        "data_dir": run.data_dir,
        "config": run.config,
        "config_hash": run.config.hash(),
        "cutpoints": run.cutpoints.as_ref().map(|(path, sha)| json!({"path": path, "sha256": sha})),
        "history": run.history,
        "inputs": data.inputs,
        "unknown_columns": data.unknown_columns,
        "left_out": data.left_out,
        "readiness_missing_fields": run.readiness_missing_fields,
        "growth_models": run.growth_models,
        "warnings": run.warnings,
        "stage_seconds": stages,
        "outputs": run.outputs,
    })
}
