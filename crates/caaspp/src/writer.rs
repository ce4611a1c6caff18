//! Writing score files in any of the ten layouts, for the synthetic-data generator.
//!
//! A row carries only the fields the import reads plus a few that make it look like a real
//! record (CALPADS grade, condition code, attemptedness, score status, `EndofRecord` = `ZZ`);
//! every other column is left empty. Fields a layout does not have (`FinalTestedSchoolCode`
//! before 2020-21, `GradeAssessedMinus1` in 2015-16, `AchievementLevelMinus1` before 2020-21)
//! are dropped: a 2015-16 file read back gives the prior grade as the grade assessed − 1.

use std::fmt::Write as _;

use crate::header::Delimiter;
use crate::layout::{Field, Layout};

/// The fields of one record to write. Text fields are written as given (trimmed of nothing);
/// they must not contain the delimiter of a caret file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowFields<'a> {
    /// `RecordType`, written with two digits (`01`).
    pub record_type: u8,
    /// `SSID`, 10 digits.
    pub ssid: &'a str,
    /// `CALPADSSchoolCode`, 14 digits.
    pub calpads_school_code: &'a str,
    /// `FinalTestedSchoolCode` (2020-21 on), 14 digits or empty.
    pub final_tested_school_code: &'a str,
    /// `GradeAssessed`, written with two digits (`08`); also written as `CALPADSGrade`.
    pub grade_assessed: u8,
    /// `IncludeIndicator`: Y, N, E, T or R.
    pub include_indicator: char,
    /// `ConditionCode` (e.g. `NT`, `PGE`), or empty.
    pub condition_code: &'a str,
    /// `Attemptedness` (Y, P, N), or empty.
    pub attemptedness: &'a str,
    /// `ScoreStatus` (V, I), or empty.
    pub score_status: &'a str,
    /// `ScaleScore` as text (`2502`), or empty.
    pub scale_score: &'a str,
    /// The current SEM, written zero-padded to four characters (`0048`).
    pub sem: Option<u32>,
    /// `AchievementLevels` (1–4, 9).
    pub achievement_level: Option<u8>,
    /// The `…Minus1` block.
    pub prior: Option<PriorFields<'a>>,
}

/// The `…Minus1` block of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PriorFields<'a> {
    /// `GradeAssessedMinus1` (not written in 2015-16, which lacks it).
    pub grade: u8,
    /// `ScaleScoreMinus1` as text, or empty.
    pub scale_score: &'a str,
    /// `SEMMinus1`, written zero-padded to four characters.
    pub sem: Option<u32>,
    /// `AchievementLevelMinus1` (2020-21 on).
    pub level: Option<u8>,
}

/// The header line of `layout` (no line ending).
pub fn header_line(layout: &Layout, delimiter: Delimiter) -> String {
    let mut line = String::new();
    for (i, name) in layout.headers().iter().enumerate() {
        if i > 0 {
            line.push(char::from(delimiter.byte()));
        }
        push_field(&mut line, name, delimiter);
    }
    line
}

/// The full delimited record of `row` in `layout` (no line ending).
pub fn format_row(layout: &Layout, delimiter: Delimiter, row: &RowFields<'_>) -> String {
    let mut line = String::with_capacity(layout.headers().len() + 128);
    write_row(layout, delimiter, row, &mut line);
    line
}

/// Appends the record of `row` to `out` (no line ending), for writers of large files that
/// reuse one buffer.
pub fn write_row(layout: &Layout, delimiter: Delimiter, row: &RowFields<'_>, out: &mut String) {
    let two_digits = |n: u8| format!("{n:02}");
    let sem_text = |sem: Option<u32>| sem.map(|s| format!("{s:04}")).unwrap_or_default();
    let level_text = |level: Option<u8>| level.map(|l| l.to_string()).unwrap_or_default();

    let mut values: Vec<(Field, String)> = vec![
        (Field::RecordType, two_digits(row.record_type)),
        (Field::Ssid, row.ssid.to_string()),
        (
            Field::CalpadsSchoolCode,
            row.calpads_school_code.to_string(),
        ),
        (
            Field::FinalTestedSchoolCode,
            row.final_tested_school_code.to_string(),
        ),
        (Field::GradeAssessed, two_digits(row.grade_assessed)),
        (Field::CalpadsGrade, two_digits(row.grade_assessed)),
        (Field::IncludeIndicator, row.include_indicator.to_string()),
        (Field::ConditionCode, row.condition_code.to_string()),
        (Field::Attemptedness, row.attemptedness.to_string()),
        (Field::ScoreStatus, row.score_status.to_string()),
        (Field::ScaleScore, row.scale_score.to_string()),
        (Field::Sem, sem_text(row.sem)),
        (Field::AchievementLevel, level_text(row.achievement_level)),
        (Field::EndOfRecord, "ZZ".to_string()),
    ];
    if let Some(prior) = &row.prior {
        values.extend([
            (Field::GradeAssessedMinus1, two_digits(prior.grade)),
            (Field::ScaleScoreMinus1, prior.scale_score.to_string()),
            (Field::SemMinus1, sem_text(prior.sem)),
            (Field::AchievementLevelMinus1, level_text(prior.level)),
        ]);
    }
    let mut by_column: Vec<(usize, String)> = values
        .into_iter()
        .filter_map(|(field, value)| layout.column(field).map(|c| (c, value)))
        .collect();
    by_column.sort_unstable_by_key(|(column, _)| *column);

    let mut next = by_column.iter().peekable();
    for column in 0..layout.headers().len() {
        if column > 0 {
            out.push(char::from(delimiter.byte()));
        }
        if let Some((_, value)) = next.next_if(|(c, _)| *c == column) {
            push_field(out, value, delimiter);
        }
    }
}

/// Appends one field, quoted per RFC 4180 in a comma file when it needs it.
fn push_field(out: &mut String, value: &str, delimiter: Delimiter) {
    match delimiter {
        Delimiter::Caret => {
            debug_assert!(
                !value.contains('^'),
                "a caret file cannot hold '^' in a field"
            );
            out.push_str(value);
        }
        Delimiter::Comma if value.contains([',', '"', '\n', '\r']) => {
            let _ = write!(out, "\"{}\"", value.replace('"', "\"\""));
        }
        Delimiter::Comma => out.push_str(value),
    }
}
