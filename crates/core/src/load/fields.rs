//! Typed reading of one row's cells (data-contract §1–§2): integers, floats, booleans in
//! every listed spelling, codes, ids kept as text. Every failure becomes a [`Problem`] naming
//! file, row, column and value — except student ids, whose values are never shown.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::dataset::{IdMap, School, SchoolIdx, StudentIdText, StudentRef};
use crate::error::{quote, Problem};

use super::source::{Cell, ColumnSpec, ExtractFile, RowHint};

/// Reads the cells of one row; problems found are appended to `problems`.
pub(crate) struct RowReader<'a, 'c> {
    pub file: &'a ExtractFile,
    pub spec: &'a [ColumnSpec],
    pub cells: &'a [Cell<'c>],
    pub row: usize,
    pub lookups: Lookups<'a>,
    pub hint: &'a mut RowHint,
    pub problems: &'a mut Vec<Problem>,
    /// Set when any problem was found in this row.
    pub failed: bool,
}

/// What a row's ids are resolved against while it is parsed.
#[derive(Clone, Copy)]
pub(crate) struct Lookups<'a> {
    /// The year's schools; empty when reading the schools extract itself.
    pub schools: &'a SchoolIndex,
    /// Student ids of the files read before this one.
    pub students: &'a IdMap,
}

/// school_id → position among the year's schools (sorted by id). A hash map of a few
/// thousand entries stays in cache, where a binary search compares a dozen ids per row.
#[derive(Debug, Default)]
pub(crate) struct SchoolIndex {
    positions: FxHashMap<String, SchoolIdx>,
}

impl SchoolIndex {
    pub(crate) fn new(schools: &[School]) -> Self {
        let positions = schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i as SchoolIdx))
            .collect();
        SchoolIndex { positions }
    }

    pub(crate) fn get(&self, id: &str) -> Option<SchoolIdx> {
        self.positions.get(id).copied()
    }
}

/// A row's school_id resolved against the year's schools while the row is parsed (rows are
/// parsed in parallel, so the lookup costs the sequential part of loading nothing). An
/// unknown id keeps its text: whether it is a problem is decided later, in row order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SchoolRef {
    Known(SchoolIdx),
    Unknown(String),
}

fn describe(cell: Cell<'_>) -> String {
    match cell {
        Cell::Missing | Cell::BadBytes => String::new(),
        Cell::Text(t) => t.to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => f.to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// The boolean spellings of data-contract §1: Y/N, Yes/No, true/false, 1/0, any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "1" => Some(true),
        "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

impl<'a, 'c> RowReader<'a, 'c> {
    fn cell(&self, column: usize) -> Cell<'c> {
        self.cells[column]
    }

    fn name(&self, column: usize) -> &'static str {
        self.spec[column].name
    }

    /// Records a problem at this row and column, showing the value unless it is a student id.
    pub(crate) fn fail(&mut self, column: usize, message: impl Into<String>) {
        let name = self.name(column);
        let value = if name == "student_id" {
            None
        } else {
            Some(describe(self.cell(column)))
        };
        self.problems.push(Problem {
            file: self.file.display(),
            row: Some(self.file.row_label(self.row)),
            column: Some(name.to_string()),
            value: value.filter(|v| !v.is_empty()).map(|v| quote(&v)),
            message: message.into(),
        });
        self.failed = true;
    }

    /// A required cell's presence: a missing value is a problem.
    fn present(&mut self, column: usize) -> Option<Cell<'c>> {
        match self.cell(column) {
            // Already reported as bad bytes when the row was read.
            Cell::BadBytes => {
                self.failed = true;
                None
            }
            Cell::Missing => {
                if !self.spec[column].optional {
                    self.fail(column, "required value is missing");
                }
                None
            }
            cell => Some(cell),
        }
    }

    /// Text, borrowed from the row when it can be. Integers from Parquet are accepted as
    /// their decimal text.
    fn text_cell(&mut self, column: usize) -> Option<Cow<'c, str>> {
        match self.present(column)? {
            Cell::Text(t) => Some(Cow::Borrowed(t)),
            Cell::Int(i) => Some(Cow::Owned(i.to_string())),
            _ => {
                self.fail(column, "expected text");
                None
            }
        }
    }

    /// Text (names, ids other than student and school ids).
    pub(crate) fn text(&mut self, column: usize) -> Option<String> {
        self.text_cell(column).map(Cow::into_owned)
    }

    /// A student id: its key when an earlier file had it, else the id, packed without
    /// allocating when it is short (see [`StudentIdText`]).
    pub(crate) fn student(&mut self, column: usize) -> Option<StudentRef> {
        let id = StudentIdText::new(&self.text_cell(column)?);
        Some(
            match self.lookups.students.find(&id, self.hint.last_student) {
                Some(key) => {
                    self.hint.last_student = Some(key);
                    StudentRef::Known(key)
                }
                None => StudentRef::New(id),
            },
        )
    }

    /// A school id, resolved against the year's schools.
    pub(crate) fn school(&mut self, column: usize) -> Option<SchoolRef> {
        let id = self.text_cell(column)?;
        Some(match self.lookups.schools.get(&id) {
            Some(index) => SchoolRef::Known(index),
            None => SchoolRef::Unknown(id.into_owned()),
        })
    }

    /// A code from a fixed list, parsed exactly. `codes` lists them for the message; it is
    /// only called when the value is wrong.
    pub(crate) fn code<T>(
        &mut self,
        column: usize,
        parse: fn(&str) -> Option<T>,
        codes: fn() -> String,
    ) -> Option<T> {
        let cell = self.present(column)?;
        let parsed = match cell {
            Cell::Text(t) => parse(t),
            _ => None,
        };
        if parsed.is_none() {
            self.fail(column, format!("unknown code; expected one of {}", codes()));
        }
        parsed
    }

    /// A whole number within `min..=max`.
    pub(crate) fn int(&mut self, column: usize, min: i64, max: i64) -> Option<i64> {
        let cell = self.present(column)?;
        let value = match cell {
            Cell::Int(i) => Some(i),
            Cell::Text(t) => t.parse::<i64>().ok(),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
            _ => None,
        };
        match value {
            None => {
                self.fail(column, "not a whole number");
                None
            }
            Some(v) if v < min || v > max => {
                self.fail(column, format!("out of range {min}..={max}"));
                None
            }
            Some(v) => Some(v),
        }
    }

    /// A finite number within `min..=max` (`min_exclusive` makes the lower bound strict).
    pub(crate) fn float(
        &mut self,
        column: usize,
        min: f64,
        max: f64,
        min_exclusive: bool,
    ) -> Option<f64> {
        let cell = self.present(column)?;
        let value = match cell {
            Cell::Float(f) => Some(f),
            Cell::Int(i) => Some(i as f64),
            Cell::Text(t) => t.parse::<f64>().ok(),
            Cell::Bool(_) | Cell::Missing | Cell::BadBytes => None,
        };
        match value {
            Some(v) if v.is_finite() => {
                let below = if min_exclusive { v <= min } else { v < min };
                if below || v > max {
                    let range = if max.is_finite() {
                        format!(
                            "{}{min} and ≤ {max}",
                            if min_exclusive { "> " } else { "≥ " }
                        )
                    } else {
                        format!("{}{min}", if min_exclusive { "> " } else { "≥ " })
                    };
                    self.fail(column, format!("out of range: must be {range}"));
                    None
                } else {
                    Some(v)
                }
            }
            _ => {
                self.fail(column, "not a number");
                None
            }
        }
    }

    /// A boolean in any spelling of data-contract §1.
    pub(crate) fn bool(&mut self, column: usize) -> Option<bool> {
        let cell = self.present(column)?;
        let value = match cell {
            Cell::Bool(b) => Some(b),
            Cell::Text(t) => parse_bool(t),
            Cell::Int(0) => Some(false),
            Cell::Int(1) => Some(true),
            _ => None,
        };
        if value.is_none() {
            self.fail(column, "not a boolean (Y/N, Yes/No, true/false, 1/0)");
        }
        value
    }

    /// Whether the cell is empty (for optional columns).
    pub(crate) fn is_missing(&self, column: usize) -> bool {
        matches!(self.cell(column), Cell::Missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_boolean_spelling() {
        for t in ["Y", "y", "Yes", "YES", "true", "TRUE", "1"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["N", "n", "No", "no", "false", "False", "0"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_bool("2"), None);
    }
}
