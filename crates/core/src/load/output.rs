//! Reading a folder that `compute` wrote (data-contract §5) back into typed values: what
//! `compare` needs of each run (year; per school its index score and designation; its
//! partner suggestions and communities of practice, R42–R43, when the folder has them).
//!
//! Anything that makes a folder unusable (a missing or malformed report, a year that is not
//! one year, a school listed twice) is a [`UsageError`] (exit 2): the folder named on the
//! command line is the problem, not the district's data.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{describe_differences, quote, school_differences, UsageError};
use crate::model::Designation;
use crate::results::{Run, RunCommunity, RunSchool, RunSupport};

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
        .map(crate::load::source::normalize_header)
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
    let support = read_support(dir, &mut year, &schools)?;
    Ok(Run {
        year,
        schools,
        support,
    })
}

/// Reads the partners and communities reports (R42, R43) of an output folder. A folder with
/// neither was written before those reports existed: `None`. A folder with one of them only
/// is incomplete (an error naming the missing file).
fn read_support(
    dir: &Path,
    year: &mut Option<i32>,
    schools: &BTreeMap<String, RunSchool>,
) -> Result<Option<RunSupport>, UsageError> {
    let partners_path = dir.join("partners.csv");
    let communities_path = dir.join("communities.csv");
    match (partners_path.is_file(), communities_path.is_file()) {
        (false, false) => return Ok(None),
        (true, false) | (false, true) => {
            let missing = if partners_path.is_file() {
                &communities_path
            } else {
                &partners_path
            };
            return Err(UsageError::new(format!(
                "{} does not exist, although its companion report does; the folder is incomplete",
                missing.display()
            )));
        }
        (true, true) => {}
    }
    let known = |path: &Path, row: usize, id: &str| {
        if schools.contains_key(id) {
            Ok(())
        } else {
            Err(bad_cell(
                path,
                row,
                "school_id",
                id,
                "school not in index.csv",
            ))
        }
    };

    let mut support = RunSupport::default();
    let columns = ["year", "school_id", "rank", "partner_id"];
    for (row, cells) in read_report(&partners_path, &columns)?.rows {
        let [year_text, school_id, rank, partner_id] =
            <[String; 4]>::try_from(cells).expect("four columns");
        note_year(year, &partners_path, row, &year_text)?;
        known(&partners_path, row, &school_id)?;
        let partners = support.partners.entry(school_id).or_default();
        if rank.is_empty() {
            continue;
        }
        let rank: usize = rank
            .parse()
            .map_err(|_| bad_cell(&partners_path, row, "rank", &rank, "not a rank"))?;
        if rank != partners.len() + 1 {
            return Err(bad_cell(
                &partners_path,
                row,
                "rank",
                &rank.to_string(),
                "ranks of a school must run 1, 2, … in order",
            ));
        }
        partners.push(partner_id);
    }

    let columns = ["year", "community", "focus_metric", "school_id"];
    let mut by_number: BTreeMap<i64, RunCommunity> = BTreeMap::new();
    let mut member_of: BTreeMap<String, i64> = BTreeMap::new();
    for (row, cells) in read_report(&communities_path, &columns)?.rows {
        let [year_text, number, focus_metric, school_id] =
            <[String; 4]>::try_from(cells).expect("four columns");
        note_year(year, &communities_path, row, &year_text)?;
        known(&communities_path, row, &school_id)?;
        let number: i64 = number.parse().map_err(|_| {
            bad_cell(
                &communities_path,
                row,
                "community",
                &number,
                "not a community number",
            )
        })?;
        let community = by_number.entry(number).or_insert_with(|| RunCommunity {
            number,
            focus_metric,
            members: Vec::new(),
        });
        community.members.push(school_id.clone());
        if member_of.insert(school_id.clone(), number).is_some() {
            return Err(bad_cell(
                &communities_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }
    for community in by_number.values_mut() {
        community.members.sort();
    }
    support.communities = member_of
        .into_iter()
        .map(|(school, number)| (school, by_number[&number].clone()))
        .collect();
    Ok(Some(support))
}
