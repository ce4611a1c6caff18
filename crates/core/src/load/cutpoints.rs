//! Reading a cut-point file (data-contract §4, methodology R15): columns metric,
//! school_level (E, M, H or *), c1 … c9. Any problem stops the run with exit 2, naming the
//! file and the row: it is configuration, not extract data.

use std::path::Path;

use crate::error::{quote, UsageError};
use crate::hash::sha256_hex;
use crate::model::cutpoints::{CutPoints, LevelKey};
use crate::model::Metric;

/// A cut-point file as loaded: its cut points, warnings, and the file itself (the run keeps
/// an exact copy, whose SHA-256 the manifest records and R35 compares).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LoadedCutPoints {
    pub cutpoints: CutPoints,
    pub warnings: Vec<String>,
    /// The path as given.
    pub source: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Reads the file. Rows for growth metrics, which R16 bands by the decile map, are ignored
/// with a warning rather than refused: such a row is not wrong, only unused.
pub(crate) fn load_cutpoints(path: &Path) -> Result<LoadedCutPoints, UsageError> {
    let shown = path.display().to_string();
    let fail = |row: Option<usize>, message: String| {
        let at = row.map(|r| format!(", row {r}")).unwrap_or_default();
        UsageError::new(format!("cut-point file {shown}{at}: {message}"))
    };
    let bytes = std::fs::read(path).map_err(|e| fail(None, format!("cannot read: {e}")))?;
    let (cutpoints, warnings) = parse_cutpoints(&bytes, &shown, &fail)?;
    Ok(LoadedCutPoints {
        cutpoints,
        warnings,
        source: shown.clone(),
        sha256: sha256_hex(&bytes),
        bytes,
    })
}

/// Parses the text of a cut-point file; `fail` builds the error for a row (or the file).
fn parse_cutpoints(
    bytes: &[u8],
    shown: &str,
    fail: &dyn Fn(Option<usize>, String) -> UsageError,
) -> Result<(CutPoints, Vec<String>), UsageError> {
    let shown_warning =
        |row: usize, text: String| format!("cut-point file {shown}, row {row}: {text}");
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| fail(None, format!("cannot read the header: {e}")))?
        .iter()
        .map(crate::load::source::normalize_header)
        .collect();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let metric_col =
        position("metric").ok_or_else(|| fail(None, "missing column metric".into()))?;
    let level_col =
        position("school_level").ok_or_else(|| fail(None, "missing column school_level".into()))?;
    let cut_columns: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.len() > 1 && h.starts_with('c') && h[1..].parse::<u32>().is_ok())
        .map(|(i, _)| i)
        .collect();
    let expected: Vec<String> = (1..=9).map(|k| format!("c{k}")).collect();
    let found: Vec<&str> = cut_columns.iter().map(|&i| headers[i].as_str()).collect();
    if found != expected.iter().map(String::as_str).collect::<Vec<_>>() {
        return Err(fail(
            None,
            format!(
                "expected exactly nine cut-point columns c1 … c9, found {}",
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            ),
        ));
    }
    let mut cutpoints = CutPoints::default();
    let mut warnings = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| fail(Some(row), format!("unreadable row: {e}")))?;
        if record.len() != headers.len() {
            return Err(fail(
                Some(row),
                format!(
                    "row has {} fields, the header has {}",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        let metric_text = record[metric_col].trim();
        let metric = Metric::parse(metric_text).ok_or_else(|| {
            fail(
                Some(row),
                format!("unknown metric \"{}\"", quote(metric_text)),
            )
        })?;
        if metric.is_growth() {
            warnings.push(shown_warning(
                row,
                format!("{metric} is banded by the growth decile map (R16); row ignored"),
            ));
            continue;
        }
        let level_text = record[level_col].trim();
        let level = LevelKey::parse(level_text).ok_or_else(|| {
            fail(
                Some(row),
                format!(
                    "unknown school_level \"{}\"; expected E, M, H or *",
                    quote(level_text)
                ),
            )
        })?;
        let mut cuts = [0.0; 9];
        for (k, &col) in cut_columns.iter().enumerate() {
            let text = record[col].trim();
            cuts[k] = text
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    fail(
                        Some(row),
                        format!(
                            "c{} is not a number: \"{}\" (nine cut points are required)",
                            k + 1,
                            quote(text)
                        ),
                    )
                })?;
        }
        if let Some(k) = cuts.windows(2).position(|w| w[0] > w[1]) {
            return Err(fail(
                Some(row),
                format!(
                    "cut points out of order: c{} = {} > c{} = {}",
                    k + 1,
                    cuts[k],
                    k + 2,
                    cuts[k + 1]
                ),
            ));
        }
        if cutpoints.rows.insert((metric, level), cuts).is_some() {
            return Err(fail(
                Some(row),
                format!("a second row for {metric} at level {}", level.code()),
            ));
        }
    }
    Ok((cutpoints, warnings))
}
