//! Reading all the files of one year (one per district or school) into one set of scores,
//! refusing a student scored twice in the same subject (data-contract §6).
//!
//! Every file is read to its end even after a problem, so that one run reports every damaged
//! row (the importer shows the first 20 lines and counts the rest, data-contract §3).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{DuplicateScore, Error, ImportError};
use crate::header::Delimiter;
use crate::layout::Layout;
use crate::reader::{LeftOut, Prior, PriorLeftOut, PriorScore, RowOutcome, Score, ScoreFileReader};
use crate::values::Subject;

/// What one file held, for the importer's summary.
#[derive(Debug, Clone)]
pub struct FileSummary {
    /// The file as given.
    pub path: PathBuf,
    /// Its layout. The importer warns when `layout.spring_year()` is not the year asked for.
    pub layout: &'static Layout,
    /// Its delimiter (a comma copy is worth a line in the summary).
    pub delimiter: Delimiter,
    /// Whether it had a leading `RecordIdentifier` column.
    pub record_identifier: bool,
    /// Data rows read.
    pub rows: u64,
    /// Rows used.
    pub used: u64,
    /// Rows left out, by reason.
    pub left_out: BTreeMap<LeftOut, u64>,
    /// Usable prior scores.
    pub prior_scores: u64,
    /// Prior blocks with a score that could not be used, by reason.
    pub prior_left_out: BTreeMap<PriorLeftOut, u64>,
}

/// The scores of one year, read from all its files.
#[derive(Debug, Clone)]
pub struct YearScores {
    /// One summary per file, in the order given.
    pub files: Vec<FileSummary>,
    /// Every used score, file by file in row order.
    pub scores: Vec<Score>,
    /// Every usable prior score, in the same order.
    pub priors: Vec<PriorScore>,
    /// Rows left out over all files, by reason.
    pub left_out: BTreeMap<LeftOut, u64>,
    /// Prior blocks left out over all files, by reason.
    pub prior_left_out: BTreeMap<PriorLeftOut, u64>,
}

impl YearScores {
    /// Whether any file was a comma-delimited copy.
    pub fn comma_delimited_seen(&self) -> bool {
        self.files.iter().any(|f| f.delimiter == Delimiter::Comma)
    }

    /// Whether any file had a leading `RecordIdentifier` column.
    pub fn record_identifier_seen(&self) -> bool {
        self.files.iter().any(|f| f.record_identifier)
    }
}

/// Collects errors up to [`ImportError::KEPT`] and counts the message lines beyond.
#[derive(Default)]
struct ErrorSink {
    kept: Vec<Error>,
    lines_not_kept: u64,
}

impl ErrorSink {
    fn push(&mut self, error: Error) {
        if self.kept.len() < ImportError::KEPT {
            self.kept.push(error);
        } else {
            self.lines_not_kept += error.lines().len() as u64;
        }
    }
}

/// Reads every file of a year and merges their used scores, counts and prior scores.
///
/// Fails when any file cannot be read, has an unknown header or a damaged row, or when the
/// same (SSID, subject) is usable in two rows, in one file or in two; the error names both
/// files and rows, never the SSID.
pub fn read_year_files<P: AsRef<Path>>(paths: &[P]) -> Result<YearScores, ImportError> {
    let mut errors = ErrorSink::default();
    let mut year = YearScores {
        files: Vec::with_capacity(paths.len()),
        scores: Vec::new(),
        priors: Vec::new(),
        left_out: BTreeMap::new(),
        prior_left_out: BTreeMap::new(),
    };
    // (SSID as a number, subject) → (file index, row) of the first usable row.
    let mut first_usable: HashMap<(u64, Subject), (usize, u64)> = HashMap::new();

    for path in paths {
        let path = path.as_ref();
        let reader = match ScoreFileReader::open(path) {
            Ok(reader) => reader,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let file_index = year.files.len();
        let mut summary = FileSummary {
            path: path.to_path_buf(),
            layout: reader.layout(),
            delimiter: reader.delimiter(),
            record_identifier: reader.has_record_identifier(),
            rows: 0,
            used: 0,
            left_out: BTreeMap::new(),
            prior_scores: 0,
            prior_left_out: BTreeMap::new(),
        };
        for item in reader {
            let row = match item {
                Ok(row) => row,
                Err(error) => {
                    // A damaged row still counts as a row read; an I/O error ends the file.
                    if matches!(error, Error::Damage(_)) {
                        summary.rows += 1;
                    }
                    errors.push(error);
                    continue;
                }
            };
            summary.rows += 1;
            match row.outcome {
                RowOutcome::LeftOut(reason) => *summary.left_out.entry(reason).or_default() += 1,
                RowOutcome::Used { score, prior } => {
                    let key = (score.student_id.as_number(), score.subject);
                    if let Some(&(first_file, first_row)) = first_usable.get(&key) {
                        errors.push(Error::Duplicate(DuplicateScore {
                            subject: score.subject,
                            first: (year_file_path(&year, &summary, first_file), first_row),
                            second: (path.to_path_buf(), row.number),
                        }));
                        continue;
                    }
                    first_usable.insert(key, (file_index, row.number));
                    summary.used += 1;
                    match prior {
                        Prior::Absent => {}
                        Prior::Score(prior) => {
                            summary.prior_scores += 1;
                            year.priors.push(prior);
                        }
                        Prior::LeftOut(reason) => {
                            *summary.prior_left_out.entry(reason).or_default() += 1
                        }
                    }
                    year.scores.push(score);
                }
            }
        }
        for (reason, count) in &summary.left_out {
            *year.left_out.entry(*reason).or_default() += count;
        }
        for (reason, count) in &summary.prior_left_out {
            *year.prior_left_out.entry(*reason).or_default() += count;
        }
        year.files.push(summary);
    }

    if errors.kept.is_empty() {
        Ok(year)
    } else {
        Err(ImportError {
            errors: errors.kept,
            lines_not_kept: errors.lines_not_kept,
        })
    }
}

/// The path of file `index`, which is either already summarised or the one being read.
fn year_file_path(year: &YearScores, current: &FileSummary, index: usize) -> PathBuf {
    year.files
        .get(index)
        .map_or_else(|| current.path.clone(), |f| f.path.clone())
}
