//! Reading a folder that `compute` wrote (data-contract §5) back into typed values: what
//! `compare` needs of each run (year, and per school its index score and designation).
//!
//! Anything that makes a folder unusable (a missing or malformed report, a year that is not
//! one year, a school listed twice) is a [`UsageError`] (exit 2): the folder named on the
//! command line is the problem, not the district's data.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{describe_differences, quote, school_differences, UsageError};
use crate::model::Designation;
use crate::results::{Run, RunSchool};

/// The rows of one report CSV, each with its 1-based data row number, reduced to `columns`.
struct ReportRows {
    rows: Vec<(usize, Vec<String>)>,
}

fn read_report(path: &Path, columns: &[&str]) -> Result<ReportRows, UsageError> {
    if !path.is_file() {
        return Err(
            UsageError::new(format!("{} does not exist", path.display()))
                .with_hint("compare takes two output folders written by `core-index compute`"),
        );
    }
    let unreadable =
        |e: &dyn std::fmt::Display| UsageError::new(format!("cannot read {}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| unreadable(&e))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(&e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let mut positions = Vec::with_capacity(columns.len());
    for column in columns {
        match headers.iter().position(|h| h == column) {
            Some(p) => positions.push(p),
            None => {
                return Err(UsageError::new(format!(
                    "{} has no column {column}; is it a report written by `core-index compute`?",
                    path.display()
                )))
            }
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(&e))?;
        let cells = positions
            .iter()
            .map(|&p| record.get(p).unwrap_or("").trim().to_string())
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(ReportRows { rows })
}

fn bad_cell(path: &Path, row: usize, column: &str, value: &str, why: &str) -> UsageError {
    UsageError::new(format!(
        "{}, row {row}, column {column}: {why} (value \"{}\")",
        path.display(),
        quote(value)
    ))
}

/// Reads the year cell and checks it agrees with the run's year so far.
fn note_year(
    year: &mut Option<i32>,
    path: &Path,
    row: usize,
    text: &str,
) -> Result<(), UsageError> {
    let parsed: i32 = text
        .parse()
        .map_err(|_| bad_cell(path, row, "year", text, "not a year"))?;
    match *year {
        Some(seen) if seen != parsed => Err(UsageError::new(format!(
            "{} mixes years {seen} and {parsed} (row {row}); it is not the output of one run",
            path.display()
        ))),
        _ => {
            *year = Some(parsed);
            Ok(())
        }
    }
}

/// Reads the index and designations reports of one output folder.
pub fn read_run(dir: &Path) -> Result<Run, UsageError> {
    if !dir.is_dir() {
        return Err(
            UsageError::new(format!("output folder {} does not exist", dir.display()))
                .with_hint("compare takes two output folders written by `core-index compute`"),
        );
    }
    let mut year = None;

    let index_path = dir.join("index.csv");
    let mut index_scores: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for (row, cells) in read_report(&index_path, &["year", "school_id", "index_score"])?.rows {
        let [year_text, school_id, score_text] =
            <[String; 3]>::try_from(cells).expect("three columns");
        note_year(&mut year, &index_path, row, &year_text)?;
        let score = if score_text.is_empty() {
            None
        } else {
            let value: f64 = score_text.parse().map_err(|_| {
                bad_cell(&index_path, row, "index_score", &score_text, "not a number")
            })?;
            Some(value)
        };
        if index_scores.insert(school_id.clone(), score).is_some() {
            return Err(bad_cell(
                &index_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }

    let designations_path = dir.join("designations.csv");
    let mut designations: BTreeMap<String, Designation> = BTreeMap::new();
    for (row, cells) in read_report(&designations_path, &["year", "school_id", "designation"])?.rows
    {
        let [year_text, school_id, code] = <[String; 3]>::try_from(cells).expect("three columns");
        note_year(&mut year, &designations_path, row, &year_text)?;
        let designation = Designation::parse(&code).ok_or_else(|| {
            bad_cell(
                &designations_path,
                row,
                "designation",
                &code,
                &format!(
                    "unknown designation; expected one of {}",
                    Designation::codes()
                ),
            )
        })?;
        if designations
            .insert(school_id.clone(), designation)
            .is_some()
        {
            return Err(bad_cell(
                &designations_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }

    let (only_index, only_designations) = school_differences(&index_scores, &designations);
    if !only_index.is_empty() || !only_designations.is_empty() {
        return Err(UsageError::new(format!(
            "index.csv and designations.csv in {} list different schools: {}",
            dir.display(),
            describe_differences(
                &only_index,
                "index.csv",
                &only_designations,
                "designations.csv"
            )
        )));
    }
    let schools = index_scores
        .into_iter()
        .map(|(id, index_score)| {
            let designation = designations[&id];
            (
                id,
                RunSchool {
                    index_score,
                    designation,
                },
            )
        })
        .collect();
    Ok(Run { year, schools })
}
