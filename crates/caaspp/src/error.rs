//! Errors: an unreadable file, a header that is no known layout, a damaged row, a student
//! scored twice.
//!
//! Every message names the file, the 1-based data row (the header not counted) as a plain
//! number and the column by its header name as the file spells it (data-contract §6), quotes
//! at most 64 characters of an offending value and never shows a non-UTF-8 byte sequence
//! (data-contract §3). No message ever contains an SSID, not even a damaged one: values of the
//! SSID column are described, never quoted, and a value elsewhere that contains the row's SSID
//! text is withheld too.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::layout::Layout;
use crate::values::Subject;

/// Everything that stops the import of a file (the importer exits with status 1).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    Io {
        /// The file.
        file: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The header row is missing, not UTF-8, or no known layout.
    Header(HeaderError),
    /// A data row is damaged (one [`Damage`] per bad value).
    Damage(RowDamage),
    /// Two usable rows carry the same (SSID, subject).
    Duplicate(DuplicateScore),
}

impl Error {
    /// One message line per problem: a damaged row with two bad values gives two lines
    /// (data-contract §3: one message per bad value, no cascade).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Damage(damage) => damage.lines(),
            other => vec![other.to_string()],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { file, source } => write!(f, "{}: cannot read: {source}", file.display()),
            Error::Header(e) => e.fmt(f),
            Error::Damage(e) => e.fmt(f),
            Error::Duplicate(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A header row that cannot be used.
#[derive(Debug)]
pub struct HeaderError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong with its header.
    pub problem: HeaderProblem,
}

/// What is wrong with a header row.
#[derive(Debug)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// The file has no header row (it is empty, or holds only empty lines).
    Empty,
    /// A header name is not valid UTF-8 (1-based column).
    NotUtf8 {
        /// The 1-based column.
        column: usize,
    },
    /// The names are not those of any layout.
    Unknown(Box<UnknownHeader>),
}

/// A header that matches none of the ten layouts, compared with the closest one.
///
/// Both name lists are taken with `Blank…` columns and a leading `RecordIdentifier` left
/// aside and case folded, as recognition compares them. "Closest" is the layout whose names
/// need the fewest insertions and deletions to become the file's names: the layout's names
/// plus the file's names minus twice their longest common subsequence (the names that line
/// up in order). A tie goes to the newer layout. Of the names that do not line up, those on
/// one side only are missing or unexpected, those on both sides are out of order.
#[derive(Debug)]
pub struct UnknownHeader {
    /// The closest layout.
    pub closest: &'static Layout,
    /// Names that line up with the closest layout, in order.
    pub shared: usize,
    /// Names of the closest layout that the file lacks, quoted, in layout order.
    pub missing: Vec<String>,
    /// How many of the file's names the closest layout lacks.
    pub unexpected_count: usize,
    /// Those names, quoted, in file order; left empty when the first line shares fewer than
    /// half of its names with every layout, since it is then likely a data row and its
    /// "names" could be a student's data. A name with a run of six or more digits (an ID) is
    /// never quoted either.
    pub unexpected: Vec<String>,
    /// Names that both have, but not in the same order, quoted.
    pub out_of_order: Vec<String>,
    /// How many columns the file's header has.
    pub file_columns: usize,
    /// A layout with as many columns as the file (after a leading `RecordIdentifier`), a
    /// hint when the names are far off, e.g. when the header row is missing.
    pub same_column_count: Option<&'static Layout>,
}

/// How many names of each kind a message lists before "and N more".
const NAMES_SHOWN: usize = 5;

fn list_names(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(NAMES_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        text.push_str(&format!(" and {} more", names.len() - NAMES_SHOWN));
    }
    text
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.problem {
            HeaderProblem::Empty => write!(f, "{file}: no header row (the file is empty)"),
            HeaderProblem::NotUtf8 { column } => write!(
                f,
                "{file}: header column {column} is not valid UTF-8 (the file must be UTF-8 text)"
            ),
            HeaderProblem::Unknown(u) => {
                write!(
                    f,
                    "{file}: the header ({} columns) is not a known CAASPP Student Score Data File layout; \
                     closest is {} ({} columns):",
                    u.file_columns,
                    u.closest.label(),
                    u.closest.headers().len()
                )?;
                let mut parts = Vec::new();
                if !u.missing.is_empty() {
                    parts.push(format!(
                        " {} missing ({})",
                        u.missing.len(),
                        list_names(&u.missing)
                    ));
                }
                if u.unexpected_count > 0 {
                    if u.unexpected.is_empty() {
                        parts.push(format!(
                            " {} unexpected (not shown: only {} names line up with any layout, \
                             so the first line may be a data row rather than a header)",
                            u.unexpected_count, u.shared
                        ));
                    } else {
                        parts.push(format!(
                            " {} unexpected ({})",
                            u.unexpected_count,
                            list_names(&u.unexpected)
                        ));
                    }
                }
                if !u.out_of_order.is_empty() {
                    parts.push(format!(
                        " {} out of order ({})",
                        u.out_of_order.len(),
                        list_names(&u.out_of_order)
                    ));
                }
                f.write_str(&parts.join(";"))?;
                match u.same_column_count {
                    Some(layout) if layout.label() != u.closest.label() => write!(
                        f,
                        "; its column count is that of the {} layout",
                        layout.label()
                    ),
                    _ => Ok(()),
                }
            }
        }
    }
}

/// A damaged data row: one entry per bad value.
#[derive(Debug)]
pub struct RowDamage {
    /// The file.
    pub file: PathBuf,
    /// The 1-based data row (the header not counted).
    pub row: u64,
    /// The bad values (at least one).
    pub problems: Vec<Damage>,
}

impl RowDamage {
    /// One message line per bad value.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| format!("{}: row {}: {p}", self.file.display(), self.row))
            .collect()
    }
}

impl fmt::Display for RowDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

/// One bad value of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    /// The column's header name as the file spells it; `None` for a problem of the whole
    /// record (its field count).
    pub column: Option<String>,
    /// What is wrong.
    pub kind: DamageKind,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(column) = &self.column {
            write!(f, "column \"{column}\": ")?;
        }
        self.kind.fmt(f)
    }
}

/// What is wrong with a value. Values are kept already quoted for a message (at most 64
/// characters, non-UTF-8 described), never raw, and never for an SSID.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DamageKind {
    /// The record has another number of fields than the header.
    FieldCount {
        /// Fields in the record.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// An SSID that is not 10 digits. The value is never shown.
    BadSsid(IdProblem),
    /// A CDS school code that is not 14 digits.
    BadSchoolCode {
        /// What is wrong with it.
        problem: IdProblem,
        /// The quoted value.
        value: String,
    },
    /// A field that a used row needs is empty.
    Empty,
    /// A code that the field does not define.
    UnknownCode {
        /// The quoted value.
        value: String,
        /// The codes the field accepts here.
        expected: &'static str,
    },
    /// A score or SEM that is not a plain decimal number.
    NotANumber {
        /// The quoted value.
        value: String,
    },
    /// A standard error of measurement of zero (the extract needs sem > 0).
    ZeroSem,
    /// A grade that is not 0–12.
    NotAGrade {
        /// The quoted value.
        value: String,
    },
}

/// Why an identifier is not well formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdProblem {
    /// Written like `7.95E+12`.
    ScientificNotation,
    /// All digits, but this many.
    WrongLength(usize),
    /// Not all digits; this many characters.
    NotDigits(usize),
}

impl fmt::Display for DamageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DamageKind::FieldCount { found, expected } => write!(
                f,
                "the record has {found} fields, the header has {expected}"
            ),
            DamageKind::BadSsid(problem) => {
                write!(f, "not a 10-digit SSID: ")?;
                describe_id_problem(f, *problem, 10)?;
                f.write_str(" (value not shown: student identifier)")
            }
            DamageKind::BadSchoolCode { problem, value } => {
                write!(f, "{value} is not a 14-digit CDS code: ")?;
                describe_id_problem(f, *problem, 14)
            }
            DamageKind::Empty => f.write_str("empty, but this row needs it"),
            DamageKind::UnknownCode { value, expected } => {
                write!(f, "unknown code {value} (expected {expected})")
            }
            DamageKind::NotANumber { value } => write!(f, "{value} is not a number"),
            DamageKind::ZeroSem => {
                f.write_str("a standard error of measurement of 0 (it must be greater than 0)")
            }
            DamageKind::NotAGrade { value } => write!(f, "{value} is not a grade (0–12)"),
        }
    }
}

fn describe_id_problem(
    f: &mut fmt::Formatter<'_>,
    problem: IdProblem,
    width: usize,
) -> fmt::Result {
    match problem {
        IdProblem::ScientificNotation => write!(
            f,
            "written in scientific notation, as a spreadsheet re-save does; the digits are lost"
        ),
        IdProblem::WrongLength(n) if n < width => write!(
            f,
            "{n} digits instead of {width} (a spreadsheet re-save drops leading zeros)"
        ),
        IdProblem::WrongLength(n) => write!(f, "{n} digits instead of {width}"),
        IdProblem::NotDigits(n) => write!(f, "{n} characters that are not all digits"),
    }
}

/// Two usable rows for the same (SSID, subject), in one file or in two.
#[derive(Debug)]
pub struct DuplicateScore {
    /// The subject both rows carry.
    pub subject: Subject,
    /// The file and 1-based data row of the first usable row.
    pub first: (PathBuf, u64),
    /// The file and 1-based data row of the second.
    pub second: (PathBuf, u64),
}

impl fmt::Display for DuplicateScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "two usable {} rows for the same student: {}: row {} and {}: row {} \
             (one usable score per SSID and subject)",
            self.subject,
            self.first.0.display(),
            self.first.1,
            self.second.0.display(),
            self.second.1
        )
    }
}

/// What stopped the import of a year's files: the first errors found across all files, and
/// how many message lines were found beyond those kept.
#[derive(Debug)]
pub struct ImportError {
    /// The errors kept, in the order found (at most [`ImportError::KEPT`]).
    pub errors: Vec<Error>,
    /// Message lines found after the kept errors.
    pub lines_not_kept: u64,
}

impl ImportError {
    /// How many errors are kept: as many problems as `core-index` keeps of any file
    /// before it stops reading one (its loader's limit), so the importer's count of
    /// problems is exact in all but hopeless cases; it lists the first 20.
    pub const KEPT: usize = 10_000;

    /// All message lines of the kept errors, one per bad value.
    pub fn lines(&self) -> Vec<String> {
        self.errors.iter().flat_map(Error::lines).collect()
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))?;
        if self.lines_not_kept > 0 {
            write!(f, "\n… and {} more", self.lines_not_kept)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}
