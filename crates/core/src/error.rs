//! The typed errors of the library (data-contract §3–§4): invalid input data
//! ([`DataError`], every problem with its file, row, column and value), usage or
//! configuration problems ([`UsageError`], with a hint), and anything else (internal).
//!
//! Stages return these inside `anyhow::Error`; only the command layer turns their
//! [`kind`] into an exit status, and only the printer prints them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A usage or configuration problem: exit 2, with an optional hint.
#[derive(Debug, Clone)]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub fn new(message: impl Into<String>) -> Self {
        UsageError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

/// Where in an input a problem is: file, row, column, value.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    /// The row as shown: "row 17" (1-based CSV data row) or "row index 16" (Parquet).
    pub row: Option<String>,
    pub column: Option<String>,
    /// The offending value (at most 64 characters of it, see [`quote`]); never set for
    /// student identifiers.
    pub value: Option<String>,
    pub message: String,
}

/// How many characters of an offending value a message quotes (data-contract §3).
pub(crate) const MAX_QUOTED_CHARS: usize = 64;

/// `value` as a message may quote it: at most its first 64 characters, then "…", so a huge
/// cell (a 50 MB field) cannot flood a terminal or a log.
pub fn quote(value: &str) -> String {
    match value.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

impl Problem {
    /// A problem at a row and column, quoting `value` as [`quote`] does.
    pub fn at(
        file: impl Into<String>,
        row: Option<String>,
        column: Option<&str>,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.into(),
            row,
            column: column.map(str::to_string),
            value: value.map(quote),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = &self.row {
            write!(f, ", {row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ", column {col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(v) = &self.value {
            write!(f, " (value \"{}\")", quote(v))?;
        }
        Ok(())
    }
}

/// Invalid input data (exit 1): every problem found, of which the printer shows 20.
#[derive(Debug, Clone, Default)]
pub struct DataError {
    pub problems: Vec<Problem>,
}

/// How many problems are listed before "and N more".
pub(crate) const MAX_LISTED_PROBLEMS: usize = 20;

impl DataError {
    pub fn single(problem: Problem) -> Self {
        DataError {
            problems: vec![problem],
        }
    }

    /// The message lines: at most 20 problems, then a count of the rest.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .problems
            .iter()
            .take(MAX_LISTED_PROBLEMS)
            .map(|p| p.to_string())
            .collect();
        if self.problems.len() > MAX_LISTED_PROBLEMS {
            lines.push(format!(
                "… and {} more problems",
                self.problems.len() - MAX_LISTED_PROBLEMS
            ));
        }
        lines
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid input data: {} problem{}",
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for DataError {}

/// What kind of failure an error is; the command layer maps kinds to exit statuses
/// (data-contract §4: invalid input data, a usage or configuration problem, or an internal
/// failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Data,
    Usage,
    Internal,
}

/// The kind of `err`, from the typed error inside it.
pub fn kind(err: &anyhow::Error) -> ErrorKind {
    if err.downcast_ref::<DataError>().is_some() {
        ErrorKind::Data
    } else if err.downcast_ref::<UsageError>().is_some() {
        ErrorKind::Usage
    } else {
        ErrorKind::Internal
    }
}

/// "A, B (only in base), …" for at most 20 schools, then how many more.
pub(crate) fn describe_differences(
    only_in_first: &[&str],
    first: &str,
    only_in_second: &[&str],
    second: &str,
) -> String {
    let mut listed: Vec<(&str, &str)> = only_in_first
        .iter()
        .map(|id| (*id, first))
        .chain(only_in_second.iter().map(|id| (*id, second)))
        .collect();
    listed.sort();
    let mut text = listed
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|(id, side)| format!("{id} (only in {side})"))
        .collect::<Vec<_>>()
        .join(", ");
    if listed.len() > MAX_LISTED_PROBLEMS {
        text.push_str(&format!(
            " … and {} more",
            listed.len() - MAX_LISTED_PROBLEMS
        ));
    }
    text
}

pub(crate) fn school_differences<'a, A, B>(
    first: &'a BTreeMap<String, A>,
    second: &'a BTreeMap<String, B>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let first_ids: BTreeSet<&str> = first.keys().map(String::as_str).collect();
    let second_ids: BTreeSet<&str> = second.keys().map(String::as_str).collect();
    (
        first_ids.difference(&second_ids).copied().collect(),
        second_ids.difference(&first_ids).copied().collect(),
    )
}
