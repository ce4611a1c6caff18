//! The designation history file of methodology R34 (`--history FILE`): one row per
//! (year, school_id) with the designation the school had that year.
//!
//! The file is validated like an extract (data-contract §3): a bad value, an unknown
//! designation code or a duplicate (year, school_id) is a [`DataError`] (exit 1) naming file,
//! row and column. A missing or unreadable file is a [`UsageError`] (exit 2): the path given on
//! the command line is wrong, the data is not. School ids the current year does not know are
//! fine (schools close), and rows for years ≥ Y are kept here and ignored by R34's lookup.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::model::history::History;
use std::path::Path;

use crate::error::{DataError, UsageError};
use crate::model::Designation;

use super::fields::RowReader;
use super::fields::{Lookups, SchoolIndex};
use super::source::{ExtractFile, Format};
use super::{read_rows, row_problem};
use crate::dataset::IdMap;
use crate::schema::HISTORY;

/// Years a history row may name; the same bounds as the cohort extract's years.
const MIN_YEAR: i64 = 1900;
const MAX_YEAR: i64 = 2999;

/// One parsed row of the history file.
struct HistoryRow {
    year: i32,
    school_id: String,
    designation: Designation,
}

fn history_row(r: &mut RowReader) -> Option<HistoryRow> {
    // Every getter runs before any `?` so one row reports all of its bad cells.
    let year = r.int(0, MIN_YEAR, MAX_YEAR);
    let school_id = r.text(1);
    let designation = r.code(2, Designation::parse, Designation::codes);
    Some(HistoryRow {
        year: year? as i32,
        school_id: school_id?,
        designation: designation?,
    })
}

/// A history file as loaded, with where it came from (for the manifest).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LoadedHistory {
    pub history: History,
    /// The path as given.
    pub source: String,
    pub sha256: String,
}

/// Reads and validates the history file; the format follows the extension (`.csv` or
/// `.parquet`, any case).
pub(crate) fn load_history(path: &Path) -> anyhow::Result<LoadedHistory> {
    let format = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if ext == "csv" => Format::Csv,
        Some(ext) if ext == "parquet" => Format::Parquet,
        _ => {
            return Err(UsageError::new(format!(
                "history file {} must be a .csv or .parquet file",
                path.display()
            ))
            .into())
        }
    };
    if !path.is_file() {
        return Err(
            UsageError::new(format!("history file {} does not exist", path.display()))
                .with_hint("--history names a file with columns year, school_id, designation")
                .into(),
        );
    }
    // Opening it here keeps an unreadable path a usage error, like a missing one; the scan
    // below would otherwise report it as a data problem.
    if let Err(e) = std::fs::File::open(path) {
        return Err(
            UsageError::new(format!("cannot read history file {}: {e}", path.display())).into(),
        );
    }

    let file = ExtractFile {
        path: path.to_path_buf(),
        format,
    };
    let mut problems = Vec::new();
    let mut first_row: HashMap<(i32, String), usize> = HashMap::new();
    let mut records = Vec::new();
    let summary = read_rows(
        &file,
        HISTORY,
        Lookups {
            schools: &SchoolIndex::default(),
            students: &IdMap::default(),
        },
        &mut problems,
        &crate::events::ignore,
        history_row,
        |row, record, problems| match first_row.entry((record.year, record.school_id.clone())) {
            Entry::Occupied(first) => problems.push(row_problem(
                &file,
                row,
                "school_id",
                Some(&record.school_id),
                format!(
                    "duplicate key (year, school_id) for year {} (first at {})",
                    record.year,
                    file.row_label(*first.get())
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(row);
                records.push((record.year, record.school_id, record.designation));
            }
        },
    );
    if !problems.is_empty() {
        return Err(DataError { problems }.into());
    }
    Ok(LoadedHistory {
        history: records.into_iter().collect(),
        source: path.display().to_string(),
        sha256: summary.sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{kind, ErrorKind};

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn problems_of(err: &anyhow::Error) -> Vec<crate::error::Problem> {
        err.downcast_ref::<DataError>()
            .expect("a DataError")
            .problems
            .clone()
    }

    #[test]
    fn reads_a_valid_file_with_free_column_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "history.csv",
            "School_ID, year ,designation,comment\n0001,2015,FOCUS,x\n0001,2014,PRIORITY,\n0002,2015,NONE,\n",
        );
        let history = load_history(&path).unwrap().history;
        assert_eq!(history.len(), 3);
        assert_eq!(history.get(2015, "0001"), Some(Designation::Focus));
        assert_eq!(history.get(2014, "0001"), Some(Designation::Priority));
        assert_eq!(history.get(2015, "0002"), Some(Designation::None));
        assert_eq!(history.get(2013, "0001"), None);
        assert_eq!(
            history.get(2015, "1"),
            None,
            "ids are text: leading zeros matter"
        );
    }

    /// R34: a bad year, an unknown designation and a duplicate (year, school_id) each stop
    /// the run with exit 1, naming file, 1-based data row and column.
    #[test]
    fn validation_errors_name_file_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "history.csv",
            "year,school_id,designation\n\
             2015,A,FOCUS\n\
             20x5,B,FOCUS\n\
             2015,C,PRIOR\n\
             2015,A,NONE\n",
        );
        let err = load_history(&path).unwrap_err();
        assert_eq!(kind(&err), ErrorKind::Data);
        let problems = problems_of(&err);
        assert_eq!(problems.len(), 3, "{problems:?}");
        let file = path.display().to_string();
        for p in &problems {
            assert_eq!(p.file, file);
        }
        let at = |i: usize| {
            (
                problems[i].row.as_deref(),
                problems[i].column.as_deref(),
                problems[i].value.as_deref(),
            )
        };
        assert_eq!(at(0), (Some("row 2"), Some("year"), Some("20x5")));
        assert_eq!(at(1), (Some("row 3"), Some("designation"), Some("PRIOR")));
        assert_eq!(at(2), (Some("row 4"), Some("school_id"), Some("A")));
        assert!(
            problems[2].message.contains("first at row 1"),
            "{}",
            problems[2]
        );
        assert!(
            problems[1].message.contains("PRIORITY"),
            "lists the codes: {}",
            problems[1]
        );
    }

    #[test]
    fn missing_values_and_out_of_range_years_are_data_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "h.CSV",
            "year,school_id,designation\n1066,A,FOCUS\n2015,,NONE\n",
        );
        let err = load_history(&path).unwrap_err();
        let problems = problems_of(&err);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].column.as_deref(), Some("year"));
        assert_eq!(problems[1].column.as_deref(), Some("school_id"));
        assert_eq!(problems[1].row.as_deref(), Some("row 2"));
    }

    #[test]
    fn a_missing_column_is_a_data_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "h.csv", "year,school_id\n2015,A\n");
        let err = load_history(&path).unwrap_err();
        assert_eq!(kind(&err), ErrorKind::Data);
        assert_eq!(problems_of(&err)[0].column.as_deref(), Some("designation"));
    }

    #[test]
    fn a_missing_file_or_wrong_extension_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.csv");
        let err = load_history(&missing).unwrap_err();
        assert_eq!(kind(&err), ErrorKind::Usage);
        assert!(err.to_string().contains("nope.csv"), "{err}");

        let txt = write(dir.path(), "history.txt", "year,school_id,designation\n");
        let err = load_history(&txt).unwrap_err();
        assert_eq!(kind(&err), ErrorKind::Usage);
        assert!(err.to_string().contains("history.txt"), "{err}");
    }

    fn write_parquet(path: &Path, years: &[i64], ids: &[&str], codes: &[&str]) {
        use crate::report::{parquet_format, Table};
        let text = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect();
        let table = Table::new("history")
            .int("year", years.iter().map(|y| Some(*y)).collect())
            .str("school_id", text(ids))
            .str("designation", text(codes));
        parquet_format::write_parquet(&table, std::fs::File::create(path).unwrap()).unwrap();
    }

    /// Parquet rows are named by 0-based row index (data-contract §3).
    #[test]
    fn reads_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.parquet");
        write_parquet(&path, &[2015, 2014], &["A", "A"], &["FOCUS", "FOCUS"]);
        let history = load_history(&path).unwrap().history;
        assert_eq!(history.get(2014, "A"), Some(Designation::Focus));

        write_parquet(&path, &[2015, 2015], &["A", "A"], &["FOCUS", "NONE"]);
        let err = load_history(&path).unwrap_err();
        let problems = problems_of(&err);
        assert_eq!(problems[0].row.as_deref(), Some("row index 1"));
        assert!(
            problems[0].message.contains("row index 0"),
            "{}",
            problems[0]
        );
    }
}
