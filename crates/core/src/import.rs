//! Importing California's CAASPP Student Score Data File (data-contract §6, the prior-only
//! folder of §2): the score files of one year, as districts download them, become the
//! assessments extract of that year in a data folder, with the prior-year scores they carry.
//!
//! The file format (ten layouts, both delimiters, which rows are used, what is damage) is the
//! `caaspp` crate's; this module checks the data folder before reading anything, turns the
//! crate's errors into the contract's problems (file, row, column; never an SSID), writes the
//! extracts through the report layer (`ExtractWriter` into a `Staging` folder inside DATA,
//! each file then moved into place by one atomic rename) and says what it read, kept, left
//! out and wrote. `core-index import caaspp` prints it.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;
use caaspp::{
    read_year_files, Delimiter, Error as FileError, ImportError, LeftOut, PriorLeftOut, PriorScore,
    Score, Subject, YearScores,
};

use crate::config::Config;
use crate::dataset::StudentIdText;
use crate::error::{DataError, Problem, UsageError};
use crate::events::{Event, Events};
use crate::load::source::find_extract;
use crate::load::{self, LoadOptions};
use crate::report::extract_writer::{DataFormat, ExtractWriter};
use crate::report::numbers::school_year;
use crate::report::publish::Staging;
use crate::report::Table;
use crate::schema;

/// What happens to the prior scores the file carries (data-contract §6).
enum PriorPlan {
    /// DATA/Y−1 has no assessments extract: they become a prior-only folder.
    Write,
    /// DATA/Y−1 has an assessments extract: they are compared with it.
    Compare(PathBuf),
}

/// An import as the command line resolved it: the score files of one year, the data folder
/// (which exists) and the year, and whether an existing extract may be replaced.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    pub data: PathBuf,
    pub year: i32,
    pub replace: bool,
}

/// What an import did: warnings, then the summary lines (counts only, no student).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub warnings: Vec<String>,
    pub summary: Vec<String>,
}

/// Imports CAASPP score files into `request.data` (data-contract §6): the folders are
/// checked before anything is read, the files read and merged, the year's extract and the
/// prior-only Y−1 extract (or a comparison with an existing one) written through a staging
/// folder inside DATA, each file moved into place by one rename.
pub fn import_caaspp(request: &ImportRequest, events: Events<'_>) -> anyhow::Result<Imported> {
    check_files(&request.files)?;
    let year = request.year;
    let data = &request.data;
    let format = current_year_format(data, year, request.replace)?;
    let prior_plan = prior_year_plan(data, year)?;
    // The staging folder is made before anything is read: an unwritable DATA fails first.
    let staging = Staging::prepare_files(data, "--data")?;

    events(Event::StageStarted("reading the score files"));
    let read = read_year_files(&request.files).map_err(import_failure)?;
    let mut warnings = layout_year_warnings(&read, year);

    events(Event::StageStarted("writing the assessments extract"));
    let current = format!("{year}/assessments.{}", format.extension());
    let mut scores: Vec<&Score> = read.scores.iter().collect();
    scores.sort_unstable_by_key(|s| (s.school_id, s.student_id, s.subject));
    write_assessments(&staging, &current, format, &scores)?;

    let mut priors: Vec<&PriorScore> = read.priors.iter().collect();
    priors.sort_unstable_by_key(|p| (p.student_id, p.subject));
    let prior_year = year - 1;
    let prior_file = format!("{prior_year}/assessments.csv");
    let prior_outcome = match &prior_plan {
        PriorPlan::Write if priors.is_empty() => PriorOutcome::NoneCarried,
        PriorPlan::Write => {
            write_prior_only(&staging, &prior_file, &priors)?;
            PriorOutcome::Written
        }
        PriorPlan::Compare(existing) => {
            events(Event::StageStarted("comparing the prior scores"));
            let comparison = compare_priors(data, prior_year, &priors, events)?;
            if comparison.differ.iter().sum::<u64>() > 0 || comparison.lacking > 0 {
                warnings.push(comparison.warning(existing, data, prior_year));
            }
            PriorOutcome::Compared(existing.clone(), comparison)
        }
    };

    let mut published = Vec::new();
    if matches!(prior_outcome, PriorOutcome::Written) {
        published.push(prior_file.as_str());
    }
    published.push(current.as_str());
    staging.publish_files(&published)?;
    Ok(Imported {
        warnings,
        summary: summary(
            &read,
            data,
            year,
            &current,
            &scores,
            &prior_outcome,
            &priors,
        ),
    })
}

/// Every FILE must be a file this process can open (a usage problem otherwise, exit 2).
fn check_files(files: &[PathBuf]) -> Result<(), UsageError> {
    for file in files {
        if file.is_dir() {
            return Err(UsageError::new(format!(
                "{} is a folder, not a score file",
                file.display()
            )));
        }
        File::open(file).map_err(|e| {
            UsageError::new(format!("cannot read {}: {e}", file.display())).with_hint(
                "FILE names a CAASPP Student Score Data File (caret- or comma-delimited text)",
            )
        })?;
    }
    Ok(())
}

/// The format of the year's extract: CSV, or Parquet when it replaces a Parquet extract (a
/// year folder must not hold both). An extract already there without `--replace` is a
/// usage problem (data-contract §6: exit 2).
fn current_year_format(data: &Path, year: i32, replace: bool) -> anyhow::Result<DataFormat> {
    let dir = data.join(year.to_string());
    if dir.exists() && !dir.is_dir() {
        return Err(
            UsageError::new(format!("{} is a file, not a year folder", dir.display())).into(),
        );
    }
    match find_extract(&dir, "assessments") {
        Err(problem) => Err(UsageError::new(problem.message)
            .with_hint(format!(
                "{} must hold one assessments extract at most",
                dir.display()
            ))
            .into()),
        Ok(None) => Ok(DataFormat::Csv),
        Ok(Some(existing)) if replace => Ok(match existing.format {
            load::source::Format::Parquet => DataFormat::Parquet,
            load::source::Format::Csv => DataFormat::Csv,
        }),
        Ok(Some(existing)) => Err(UsageError::new(format!(
            "{} already holds an assessments extract ({})",
            dir.display(),
            existing.display()
        ))
        .with_hint("pass --replace to replace it with the imported scores")
        .into()),
    }
}

/// Where the prior scores go: a new prior-only folder, or a comparison with the extract
/// DATA/Y−1 has. A Y−1 folder with schools but no assessments stops the import (exit 1):
/// prior-only assessments there would make a year with schools and no scores.
fn prior_year_plan(data: &Path, year: i32) -> anyhow::Result<PriorPlan> {
    let dir = data.join((year - 1).to_string());
    let folder_problem = |message: String| -> anyhow::Error {
        DataError::single(Problem {
            file: dir.display().to_string(),
            row: None,
            column: None,
            value: None,
            message,
        })
        .into()
    };
    match find_extract(&dir, "assessments") {
        Err(problem) => return Err(DataError::single(problem).into()),
        Ok(Some(existing)) => return Ok(PriorPlan::Compare(existing.path)),
        Ok(None) => {}
    }
    match find_extract(&dir, "schools") {
        Ok(None) => Ok(PriorPlan::Write),
        Ok(Some(_)) | Err(_) => Err(folder_problem(format!(
            "has a schools extract but no assessments extract: the prior scores of {year} \
             cannot be written there as a prior-only folder; add that year's assessments \
             extract (or import its own score file) first"
        ))),
    }
}

/// The crate's errors as the contract's problems (exit 1). A read failure of the system
/// (not of the data) stays an internal error.
fn import_failure(error: ImportError) -> anyhow::Error {
    let not_kept = error.lines_not_kept;
    let mut problems = Vec::new();
    let mut last_file = String::new();
    for error in error.errors {
        match error {
            FileError::Io { .. } => return anyhow::Error::new(error),
            FileError::Header(header) => {
                let file = header.file.display().to_string();
                let text = header.to_string();
                let message = text
                    .strip_prefix(&format!("{file}: "))
                    .unwrap_or(&text)
                    .to_string();
                last_file.clone_from(&file);
                problems.push(Problem {
                    file,
                    row: None,
                    column: None,
                    value: None,
                    message,
                });
            }
            FileError::Damage(damage) => {
                let file = damage.file.display().to_string();
                last_file.clone_from(&file);
                for bad in &damage.problems {
                    problems.push(Problem {
                        file: file.clone(),
                        row: Some(format!("row {}", damage.row)),
                        column: bad.column.clone(),
                        value: None,
                        message: bad.kind.to_string(),
                    });
                }
            }
            FileError::Duplicate(duplicate) => {
                let (first_file, first_row) = &duplicate.first;
                let (file, row) = &duplicate.second;
                last_file = file.display().to_string();
                problems.push(Problem {
                    file: file.display().to_string(),
                    row: Some(format!("row {row}")),
                    column: None,
                    value: None,
                    message: format!(
                        "a second usable {} score for the student of {}, row {} (one usable \
                         score per SSID and subject)",
                        duplicate.subject,
                        first_file.display(),
                        first_row
                    ),
                });
            }
            other => problems.push(Problem {
                file: String::new(),
                row: None,
                column: None,
                value: None,
                message: other.to_string(),
            }),
        }
    }
    if not_kept > 0 {
        problems.push(Problem {
            file: last_file,
            row: None,
            column: None,
            value: None,
            message: format!("{not_kept} more problems, not listed"),
        });
    }
    DataError { problems }.into()
}

/// A file whose layout belongs to another school year than `--year` is read as `--year`'s
/// (districts re-export old files in new layouts), with a warning naming both.
fn layout_year_warnings(read: &YearScores, year: i32) -> Vec<String> {
    read.files
        .iter()
        .filter(|file| i32::from(file.layout.spring_year()) != year)
        .map(|file| {
            format!(
                "{}: the layout is that of {} (spring {}), not of --year {year} ({}); \
                 its scores are imported as {year}'s",
                file.path.display(),
                file.layout.label(),
                file.layout.spring_year(),
                school_year(year)
            )
        })
        .collect()
}

/// Rows per batch written (one Parquet row group each).
const ROWS_PER_BATCH: usize = 256 * 1024;

/// One row of an assessments extract as the import writes it: a used score of year Y, or a
/// prior score of Y−1 (no school; a level where the layout carries it).
struct ExtractRow<'a> {
    student_id: &'a str,
    school_id: Option<&'a str>,
    grade: i8,
    subject: &'a str,
    scale_score: f64,
    sem: f64,
    level: Option<u8>,
}

impl<'a> From<&&'a Score> for ExtractRow<'a> {
    fn from(s: &&'a Score) -> Self {
        ExtractRow {
            student_id: s.student_id.as_str(),
            school_id: Some(s.school_id.as_str()),
            grade: s.grade,
            subject: s.subject.as_str(),
            scale_score: s.scale_score,
            sem: s.sem,
            level: Some(s.level),
        }
    }
}

impl<'a> From<&&'a PriorScore> for ExtractRow<'a> {
    fn from(p: &&'a PriorScore) -> Self {
        ExtractRow {
            student_id: p.student_id.as_str(),
            school_id: None,
            grade: p.grade,
            subject: p.subject.as_str(),
            scale_score: p.scale_score,
            sem: p.sem,
            level: p.level,
        }
    }
}

/// Writes the year's assessments extract (data-contract §2), in the order given.
fn write_assessments(
    staging: &Staging,
    relative: &str,
    format: DataFormat,
    scores: &[&Score],
) -> anyhow::Result<()> {
    write_extract(staging, relative, format, schema::ASSESSMENTS, scores)
}

/// Writes the prior-only assessments of year Y−1 (data-contract §2): school_id empty,
/// level where the layout carries it.
fn write_prior_only(
    staging: &Staging,
    relative: &str,
    priors: &[&PriorScore],
) -> anyhow::Result<()> {
    write_extract(
        staging,
        relative,
        DataFormat::Csv,
        schema::PRIOR_ASSESSMENTS,
        priors,
    )
}

/// Writes `rows` as an assessments extract with the contract's `columns`, in batches (one
/// Parquet row group each); without rows, the extract is its header alone.
fn write_extract<'a, T>(
    staging: &Staging,
    relative: &str,
    format: DataFormat,
    columns: &'static [schema::ColumnSpec],
    rows: &'a [T],
) -> anyhow::Result<()>
where
    ExtractRow<'a>: From<&'a T>,
{
    let mut writer = ExtractWriter::create(staging, relative, format, columns)?;
    for batch in rows.chunks(ROWS_PER_BATCH) {
        let batch: Vec<ExtractRow> = batch.iter().map(ExtractRow::from).collect();
        writer.write(&assessments_table(&batch))?;
    }
    if rows.is_empty() {
        writer.write(&assessments_table(&[]))?;
    }
    writer.finish()
}

/// A batch of assessments rows as a table in the extract's column order.
fn assessments_table(rows: &[ExtractRow]) -> Table {
    Table::new("assessments")
        .str(
            "student_id",
            rows.iter()
                .map(|r| Some(r.student_id.to_string()))
                .collect(),
        )
        .str(
            "school_id",
            rows.iter()
                .map(|r| r.school_id.map(str::to_string))
                .collect(),
        )
        .int(
            "grade",
            rows.iter().map(|r| Some(i64::from(r.grade))).collect(),
        )
        .str(
            "subject",
            rows.iter().map(|r| Some(r.subject.to_string())).collect(),
        )
        .float(
            "scale_score",
            rows.iter().map(|r| Some(r.scale_score)).collect(),
        )
        .float("sem", rows.iter().map(|r| Some(r.sem)).collect())
        .int(
            "level",
            rows.iter().map(|r| r.level.map(i64::from)).collect(),
        )
}

/// What became of the prior scores.
enum PriorOutcome {
    /// Written as DATA/Y−1's prior-only assessments.
    Written,
    /// No used row carried a prior score: nothing to write.
    NoneCarried,
    /// Compared with DATA/Y−1's existing extract (this file).
    Compared(PathBuf, PriorComparison),
}

/// The prior scores against DATA/Y−1's assessments, by (student_id, subject).
#[derive(Debug, Default)]
struct PriorComparison {
    /// Rows found there with the same grade, scale_score and sem.
    same: u64,
    /// Rows found there that differ: in grade, in scale_score, in sem (a row may differ in
    /// several), and rows differing at all.
    differ: [u64; 3],
    differing_rows: u64,
    /// Rows the extract lacks.
    lacking: u64,
    /// Whether DATA/Y−1 is a prior-only folder (an earlier import's, perhaps).
    prior_only: bool,
}

impl PriorComparison {
    fn warning(&self, existing: &Path, data: &Path, prior_year: i32) -> String {
        let mut text = format!(
            "the prior scores in the score files differ from {} on {} rows and {} are not \
             in it; growth of {} reads that extract as it is",
            existing.display(),
            self.differing_rows,
            self.lacking,
            prior_year + 1
        );
        if self.prior_only {
            text.push_str(&format!(
                " ({} is a prior-only folder, perhaps from an earlier import: remove its \
                 assessments extract and import again to write it anew)",
                data.join(prior_year.to_string()).display()
            ));
        }
        text
    }
}

/// Compares the prior scores with DATA/Y−1's assessments extract, read as growth reads it.
fn compare_priors(
    data: &Path,
    prior_year: i32,
    priors: &[&PriorScore],
    events: Events<'_>,
) -> anyhow::Result<PriorComparison> {
    let options = LoadOptions::of(&Config::default());
    let mut existing = load::read_prior_assessments(data, prior_year, &options, events)?
        .context("the prior year's assessments extract disappeared while importing")?;
    let (ids, _) = existing.ids.split();
    let mut comparison = PriorComparison {
        prior_only: load::is_prior_only(data, prior_year),
        ..PriorComparison::default()
    };
    for prior in priors {
        let found = ids
            .get(&StudentIdText::new(prior.student_id.as_str()))
            .and_then(|key| existing.scores.get(&key))
            .and_then(|scores| match prior.subject {
                Subject::Ela => scores.ela,
                Subject::Math => scores.math,
            });
        let Some(there) = found else {
            comparison.lacking += 1;
            continue;
        };
        let differs = [
            there.grade != i32::from(prior.grade),
            there.scale_score != prior.scale_score,
            there.sem != prior.sem,
        ];
        if differs.iter().any(|d| *d) {
            comparison.differing_rows += 1;
            for (count, differs) in comparison.differ.iter_mut().zip(differs) {
                *count += u64::from(differs);
            }
        } else {
            comparison.same += 1;
        }
    }
    Ok(comparison)
}

/// "ELA 10, MATH 12".
fn by_subject<T>(rows: &[&T], subject: impl Fn(&T) -> Subject) -> String {
    let ela = rows.iter().filter(|r| subject(r) == Subject::Ela).count();
    format!("ELA {ela}, MATH {}", rows.len() - ela)
}

/// "record type 03 (CAA ELA) 4; include indicator N (not tested) 7": rows left out by
/// reason, each reason as `describe` words it.
fn reasons<R: Copy, D: std::fmt::Display>(
    left_out: &BTreeMap<R, u64>,
    describe: impl Fn(R) -> D,
) -> String {
    left_out
        .iter()
        .map(|(reason, rows)| format!("{} {rows}", describe(*reason)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The printed summary: per file its layout and rows read, used and left out by reason;
/// then what was written or compared. Counts only: no student appears.
fn summary(
    read: &YearScores,
    data: &Path,
    year: i32,
    current: &str,
    scores: &[&Score],
    prior: &PriorOutcome,
    priors: &[&PriorScore],
) -> Vec<String> {
    let mut lines = Vec::new();
    for file in &read.files {
        let delimiter = match file.delimiter {
            Delimiter::Caret => "caret-delimited",
            Delimiter::Comma => "comma-delimited copy",
        };
        let record_identifier = if file.record_identifier {
            ", leading RecordIdentifier column left aside"
        } else {
            ""
        };
        lines.push(format!(
            "read {}: layout {} ({delimiter}{record_identifier}), {} rows: {} used, {} left out",
            file.path.display(),
            file.layout.label(),
            file.rows,
            file.used,
            file.left_out.values().sum::<u64>()
        ));
        if !file.left_out.is_empty() {
            lines.push(format!(
                "  left out: {}",
                reasons(&file.left_out, LeftOut::describe)
            ));
        }
    }
    if read.files.len() > 1 {
        lines.push(format!(
            "all {} files: {} rows used, {} left out{}",
            read.files.len(),
            read.scores.len(),
            read.left_out.values().sum::<u64>(),
            if read.left_out.is_empty() {
                String::new()
            } else {
                format!(": {}", reasons(&read.left_out, LeftOut::describe))
            }
        ));
    }
    let mut schools: Vec<_> = scores.iter().map(|s| s.school_id).collect();
    schools.dedup();
    schools.sort_unstable();
    schools.dedup();
    lines.push(format!(
        "wrote {}: {} scores ({}) at {} schools",
        data.join(current).display(),
        scores.len(),
        by_subject(scores, |s| s.subject),
        schools.len()
    ));
    let prior_year = year - 1;
    match prior {
        PriorOutcome::Written => {
            let with_level = priors.iter().filter(|p| p.level.is_some()).count();
            lines.push(format!(
                "wrote {}: {} prior scores ({}), a prior-only folder (school_id empty; level \
                 given for {with_level}, from AchievementLevelMinus1 where the layout has it), \
                 the prior scores of growth for {}",
                data.join(format!("{prior_year}/assessments.csv")).display(),
                priors.len(),
                by_subject(priors, |p| p.subject),
                prior_year + 1
            ));
        }
        PriorOutcome::NoneCarried => lines.push(format!(
            "no used row carries a prior score: nothing written for {prior_year}"
        )),
        PriorOutcome::Compared(existing, c) => lines.push(format!(
            "compared {} prior scores ({}) with {} (nothing written there): {} the same, {} \
             differ (grade {}, scale_score {}, sem {}), {} not in it",
            priors.len(),
            by_subject(priors, |p| p.subject),
            existing.display(),
            c.same,
            c.differing_rows,
            c.differ[0],
            c.differ[1],
            c.differ[2],
            c.lacking
        )),
    }
    if !read.prior_left_out.is_empty() {
        lines.push(format!(
            "  prior scores left out: {}",
            reasons(&read.prior_left_out, PriorLeftOut::describe)
        ));
    }
    lines
}
