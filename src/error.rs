//! Error kinds that decide the exit status (data-contract §4): invalid input data exits 1,
//! usage or configuration errors exit 2, anything else is an internal failure (exit 3).
//!
//! Stages return these typed errors inside `anyhow::Error`; only the command layer turns
//! them into exit codes, and only the printer prints them.

use std::fmt;

/// Exit status for invalid input data.
pub const EXIT_DATA: i32 = 1;
/// Exit status for usage and configuration errors.
pub const EXIT_USAGE: i32 = 2;
/// Exit status for internal failures (I/O on outputs, bugs).
pub const EXIT_INTERNAL: i32 = 3;

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
    /// The offending value; never set for student identifiers.
    pub value: Option<String>,
    pub message: String,
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
            write!(f, " (value \"{v}\")")?;
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
pub const MAX_LISTED_PROBLEMS: usize = 20;

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

/// The exit status an error maps to.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    if err.downcast_ref::<DataError>().is_some() {
        EXIT_DATA
    } else if err.downcast_ref::<UsageError>().is_some() {
        EXIT_USAGE
    } else {
        EXIT_INTERNAL
    }
}
