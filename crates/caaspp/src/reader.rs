//! Reading one score file: each data row becomes a used score (with its prior-year block), a
//! row left out with its reason, or a damage error (data-contract §6).
//!
//! Both delimiters go through `csv-core` into one reused `csv::ByteRecord`: a caret file
//! has no quoting, so quoting is switched off for it (a `"` is a plain character there); a
//! comma copy follows RFC 4180. Only the dozen fields the import needs are looked at, and
//! nothing is allocated per field. (A hand split on `^` was measured slower than csv-core,
//! whose state machine suits lines that are one third delimiters.)
//!
//! What is checked where (data-contract §6 says "an unknown code in a field that is used"):
//! - every row: its field count, and the form of its SSID and school codes when not empty.
//!   A scientific-notation or shortened code is the mark of a spreadsheet re-save, which
//!   damages the whole file, whatever the row's test;
//! - every row: `RecordType`, because it decides whether the row is used;
//! - rows of record type 01/02: `IncludeIndicator`, for the same reason;
//! - used rows (01/02, Y, a scale score): every field that goes into the extract: grade,
//!   scale score, SEM, achievement level, a school code and an SSID, and the prior block.
//!
//! Other fields of rows that are left out anyway (e.g. a CAA row's scale score) are not
//! checked: they are not used.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Damage, DamageKind, Error, HeaderError, HeaderProblem, RowDamage};
use crate::header::{recognise, Delimiter, RecognisedHeader};
use crate::layout::{Field, Layout};
use crate::values::{
    check_id_digits, parse_plain_decimal, parse_small_int, quote_value, trim, SchoolCode, Ssid,
    Subject,
};

/// A score the import keeps: one row of the year's assessments extract (data-contract §2).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// `SSID`.
    pub student_id: Ssid,
    /// `FinalTestedSchoolCode` where the layout has it and it is not empty, else
    /// `CALPADSSchoolCode`.
    pub school_id: SchoolCode,
    /// `GradeAssessed` (`08` and `8` both read as 8).
    pub grade: i8,
    /// From `RecordType` 01/02.
    pub subject: Subject,
    /// `ScaleScore`, decimals kept.
    pub scale_score: f64,
    /// The current standard error of measurement (`0048` reads as 48).
    pub sem: f64,
    /// `AchievementLevels`, 1–4.
    pub level: u8,
}

/// A prior-year score from a used row's `…Minus1` block: the same test one year earlier,
/// for the prior-only year folder (data-contract §2 and §6; school unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorScore {
    /// The same student as the row.
    pub student_id: Ssid,
    /// The same subject as the row.
    pub subject: Subject,
    /// `GradeAssessedMinus1`, or `GradeAssessed` − 1 where the layout lacks it (2015-16).
    pub grade: i8,
    /// `ScaleScoreMinus1`.
    pub scale_score: f64,
    /// `SEMMinus1`, greater than 0.
    pub sem: f64,
    /// `AchievementLevelMinus1` where the layout has it (2020-21 on) and it is not empty.
    pub level: Option<u8>,
}

/// What a used row's prior-year block gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Prior {
    /// No prior scale score: nothing to write.
    Absent,
    /// A prior score that the prior-only extract can take.
    Score(PriorScore),
    /// A prior scale score that the extract cannot take, and why.
    LeftOut(PriorLeftOut),
}

impl Prior {
    /// The usable prior score, if any.
    pub fn score(&self) -> Option<&PriorScore> {
        match self {
            Prior::Score(score) => Some(score),
            _ => None,
        }
    }
}

/// Why a prior block with a scale score is not returned as a [`PriorScore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PriorLeftOut {
    /// `SEMMinus1` empty or 0: the assessments extract needs sem > 0.
    NoSem,
    /// `GradeAssessedMinus1` empty (in a layout that has it).
    NoGrade,
}

impl PriorLeftOut {
    /// A short phrase for a summary line.
    pub fn describe(self) -> &'static str {
        match self {
            PriorLeftOut::NoSem => "prior score without a standard error (SEMMinus1)",
            PriorLeftOut::NoGrade => "prior score without a grade (GradeAssessedMinus1)",
        }
    }
}

/// Why a row is not used (data-contract §6: record type, include indicator, no score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeftOut {
    /// A record type other than 01/02 (the code, 3–9: CAA, CAST, CSA, …).
    RecordType(u8),
    /// An include indicator other than Y (the upper-case letter: N, E, T or R).
    IncludeIndicator(char),
    /// Record type 01/02, include indicator Y, but an empty `ScaleScore`.
    NoScaleScore,
}

impl LeftOut {
    /// A short phrase for a summary line, e.g. "record type 03 (CAA ELA)".
    pub fn describe(self) -> String {
        match self {
            LeftOut::RecordType(code) => {
                format!("record type {code:02} ({})", record_type_name(code))
            }
            LeftOut::IncludeIndicator(letter) => {
                let meaning = match letter {
                    'N' => "not tested",
                    'E' => "EL exempt",
                    'T' => "below threshold or partial",
                    'R' => "unlisted resource or invalidated",
                    _ => "other",
                };
                format!("include indicator {letter} ({meaning})")
            }
            LeftOut::NoScaleScore => "no scale score".to_string(),
        }
    }
}

/// The test a record type stands for (2016-17 on; in 2015-16 codes 05–08 were older
/// science tests and STS).
pub fn record_type_name(code: u8) -> &'static str {
    match code {
        1 => "Smarter Balanced ELA",
        2 => "Smarter Balanced mathematics",
        3 => "CAA ELA",
        4 => "CAA mathematics",
        5 => "CAA science",
        6 => "CAST",
        7 => "other science",
        8 => "STS",
        9 => "CSA",
        _ => "unknown",
    }
}

/// What one data row gave.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// The row is used; its prior block is attached.
    Used {
        /// The score.
        score: Score,
        /// The row's `…Minus1` block.
        prior: Prior,
    },
    /// The row is not used.
    LeftOut(LeftOut),
}

/// One data row of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The 1-based data row (the header not counted; empty lines are not rows).
    pub number: u64,
    /// What it gave.
    pub outcome: RowOutcome,
}

/// Reads one score file row by row. Iterating yields `Ok(Row)` per data row, `Err` with
/// [`Error::Damage`] for a damaged row (and goes on with the next row), and `Err` with
/// [`Error::Io`] once if reading fails (then stops).
pub struct ScoreFileReader {
    path: PathBuf,
    header: RecognisedHeader,
    records: csv::Reader<Box<dyn BufRead + Send>>,
    rows_read: u64,
    record: csv::ByteRecord,
    done: bool,
}

/// Large reads: the files run to gigabytes.
const READ_BUFFER: usize = 1 << 18;

impl ScoreFileReader {
    /// Opens `path` and recognises its layout from the header row.
    pub fn open(path: impl AsRef<Path>) -> Result<ScoreFileReader, Error> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| Error::Io {
            file: path.to_path_buf(),
            source,
        })?;
        ScoreFileReader::from_reader(path, file)
    }

    /// Reads from any byte source; `name` stands for the file in messages.
    pub fn from_reader(
        name: impl Into<PathBuf>,
        input: impl Read + Send + 'static,
    ) -> Result<ScoreFileReader, Error> {
        let path = name.into();
        let mut input: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(READ_BUFFER, input));
        let mut line = Vec::with_capacity(16 * 1024);
        input
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Io {
                file: path.clone(),
                source,
            })?;
        if line.is_empty() {
            return Err(Error::Header(HeaderError {
                file: path,
                problem: HeaderProblem::Empty,
            }));
        }
        let header = recognise(&path, &line).map_err(Error::Header)?;
        // csv-core splits both kinds: a caret file has no quoting, so quotes are plain
        // characters there; a comma copy follows RFC 4180.
        let records = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(header.delimiter.byte())
            .quoting(header.delimiter == Delimiter::Comma)
            // The field count is checked here, to report it as damage.
            .flexible(true)
            .buffer_capacity(READ_BUFFER)
            .from_reader(input);
        Ok(ScoreFileReader {
            path,
            records,
            rows_read: 0,
            record: csv::ByteRecord::with_capacity(READ_BUFFER / 64, header.names.len()),
            header,
            done: false,
        })
    }

    /// The file as named when opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The layout recognised from the header.
    pub fn layout(&self) -> &'static Layout {
        self.header.layout
    }

    /// The delimiter seen in the header line.
    pub fn delimiter(&self) -> Delimiter {
        self.header.delimiter
    }

    /// Whether the file had a leading `RecordIdentifier` column (left aside).
    pub fn has_record_identifier(&self) -> bool {
        self.header.record_identifier
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// Reads the next record into the buffer; false at the end. Empty lines are skipped by
    /// the csv reader, so they are not rows.
    fn next_record(&mut self) -> std::io::Result<bool> {
        self.records
            .read_byte_record(&mut self.record)
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(io) => io,
                // Byte records are not checked for UTF-8, so only I/O can fail.
                other => std::io::Error::other(format!("{other:?}")),
            })
    }
}

impl Iterator for ScoreFileReader {
    type Item = Result<Row, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(source) => {
                self.done = true;
                return Some(Err(Error::Io {
                    file: self.path.clone(),
                    source,
                }));
            }
        }
        self.rows_read += 1;
        let fields = Fields(&self.record);
        let number = self.rows_read;
        Some(
            classify_row(&self.header, &fields)
                .map(|outcome| Row { number, outcome })
                .map_err(|problems| {
                    Error::Damage(RowDamage {
                        file: self.path.clone(),
                        row: number,
                        problems,
                    })
                }),
        )
    }
}

/// The fields of one record, borrowed from the reader's buffer.
struct Fields<'a>(&'a csv::ByteRecord);

impl Fields<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    /// Field `i`, trimmed. The caller has checked the field count.
    fn get(&self, i: usize) -> &[u8] {
        trim(self.0.get(i).unwrap_or(b""))
    }
}

/// Collects the bad values of one row with the file's own column names.
struct RowChecks<'a> {
    header: &'a RecognisedHeader,
    /// The row's raw SSID text: any quoted value containing it is withheld.
    ssid_raw: &'a [u8],
    problems: Vec<Damage>,
}

impl RowChecks<'_> {
    fn push(&mut self, field: Field, kind: DamageKind) {
        let column = self
            .header
            .column(field)
            .map(|c| self.header.names[c].clone());
        self.problems.push(Damage { column, kind });
    }

    /// Quotes a value for a message, unless it contains the row's SSID.
    fn quote(&self, raw: &[u8]) -> String {
        let ssid = self.ssid_raw;
        if ssid.len() >= 4 && raw.windows(ssid.len()).any(|w| w == ssid) {
            "(a value containing the student identifier, not shown)".to_string()
        } else {
            quote_value(raw)
        }
    }

    fn unknown_code(&mut self, field: Field, raw: &[u8], expected: &'static str) {
        let value = self.quote(raw);
        self.push(field, DamageKind::UnknownCode { value, expected });
    }

    fn not_a_number(&mut self, field: Field, raw: &[u8]) {
        let value = self.quote(raw);
        self.push(field, DamageKind::NotANumber { value });
    }

    fn not_a_grade(&mut self, field: Field, raw: &[u8]) {
        let value = self.quote(raw);
        self.push(field, DamageKind::NotAGrade { value });
    }
}

/// Applies data-contract §6 to one record: used, left out (with reason) or damaged (with one
/// entry per bad value).
fn classify_row(header: &RecognisedHeader, fields: &Fields<'_>) -> Result<RowOutcome, Vec<Damage>> {
    let expected = header.names.len();
    if fields.len() != expected {
        // Columns are misaligned: any further check would only cascade.
        return Err(vec![Damage {
            column: None,
            kind: DamageKind::FieldCount {
                found: fields.len(),
                expected,
            },
        }]);
    }
    let get = |field: Field| header.column(field).map(|c| fields.get(c));
    let required = |field: Field| get(field).expect("every layout has this field");

    let ssid_raw = required(Field::Ssid);
    let mut checks = RowChecks {
        header,
        ssid_raw,
        problems: Vec::new(),
    };

    // Identifier form, on every row (a re-save damages the whole file).
    if !ssid_raw.is_empty() {
        if let Err(problem) = check_id_digits(ssid_raw, 10) {
            checks.push(Field::Ssid, DamageKind::BadSsid(problem));
        }
    }
    let calpads_school = required(Field::CalpadsSchoolCode);
    let final_school = get(Field::FinalTestedSchoolCode).unwrap_or(b"");
    for (field, raw) in [
        (Field::CalpadsSchoolCode, calpads_school),
        (Field::FinalTestedSchoolCode, final_school),
    ] {
        if !raw.is_empty() {
            if let Err(problem) = check_id_digits(raw, 14) {
                let value = checks.quote(raw);
                checks.push(field, DamageKind::BadSchoolCode { problem, value });
            }
        }
    }

    // RecordType decides whether the row is used.
    let record_type_raw = required(Field::RecordType);
    let record_type = match parse_small_int(record_type_raw) {
        Some(code @ 1..=9) => code,
        _ if record_type_raw.is_empty() => {
            checks.push(Field::RecordType, DamageKind::Empty);
            return Err(checks.problems);
        }
        _ => {
            checks.unknown_code(Field::RecordType, record_type_raw, "01–09");
            return Err(checks.problems);
        }
    };
    let subject = match record_type {
        1 => Subject::Ela,
        2 => Subject::Math,
        other => return finish(checks, RowOutcome::LeftOut(LeftOut::RecordType(other))),
    };

    // IncludeIndicator decides whether an SB row is used.
    let include_raw = required(Field::IncludeIndicator);
    let include = match include_raw {
        [letter] if b"YNETR".contains(&letter.to_ascii_uppercase()) => {
            char::from(letter.to_ascii_uppercase())
        }
        [] => {
            checks.push(Field::IncludeIndicator, DamageKind::Empty);
            return Err(checks.problems);
        }
        _ => {
            checks.unknown_code(Field::IncludeIndicator, include_raw, "Y, N, E, T or R");
            return Err(checks.problems);
        }
    };
    if include != 'Y' {
        return finish(
            checks,
            RowOutcome::LeftOut(LeftOut::IncludeIndicator(include)),
        );
    }

    let scale_raw = required(Field::ScaleScore);
    if scale_raw.is_empty() {
        return finish(checks, RowOutcome::LeftOut(LeftOut::NoScaleScore));
    }

    // A used row: every field that goes into the extract must be sound.
    let scale_score = parse_plain_decimal(scale_raw);
    if scale_score.is_none() {
        checks.not_a_number(Field::ScaleScore, scale_raw);
    }
    let sem = check_current_sem(&mut checks, required(Field::Sem));
    let level = check_level(
        &mut checks,
        Field::AchievementLevel,
        required(Field::AchievementLevel),
    );
    let grade_raw = required(Field::GradeAssessed);
    let grade = check_grade(&mut checks, Field::GradeAssessed, grade_raw);

    let student_id = if ssid_raw.is_empty() {
        checks.push(Field::Ssid, DamageKind::Empty);
        None
    } else {
        ssid_raw.try_into().ok().map(Ssid::from_digits)
    };
    // data-contract §6: FinalTestedSchoolCode where present and not empty, else CALPADS.
    let school_raw = if final_school.is_empty() {
        calpads_school
    } else {
        final_school
    };
    if school_raw.is_empty() {
        checks.push(Field::CalpadsSchoolCode, DamageKind::Empty);
    }
    let school_id = school_raw.try_into().ok().map(SchoolCode::from_digits);

    let prior = read_prior(&mut checks, fields, grade);

    if !checks.problems.is_empty() {
        return Err(checks.problems);
    }
    // No problem recorded: every value parsed (identifiers were checked for digits above).
    let student_id = student_id.expect("checked");
    let score = Score {
        student_id,
        school_id: school_id.expect("checked"),
        grade: grade.expect("checked"),
        subject,
        scale_score: scale_score.expect("checked"),
        sem: sem.expect("checked"),
        level: level.expect("checked"),
    };
    let prior = match prior {
        PriorBlock::Absent => Prior::Absent,
        PriorBlock::LeftOut(reason) => Prior::LeftOut(reason),
        PriorBlock::Score {
            grade,
            scale_score,
            sem,
            level,
        } => Prior::Score(PriorScore {
            student_id,
            subject,
            grade,
            scale_score,
            sem,
            level,
        }),
    };
    Ok(RowOutcome::Used { score, prior })
}

/// A left-out row is still refused when its identifiers are damaged.
fn finish(checks: RowChecks<'_>, outcome: RowOutcome) -> Result<RowOutcome, Vec<Damage>> {
    if checks.problems.is_empty() {
        Ok(outcome)
    } else {
        Err(checks.problems)
    }
}

fn check_current_sem(checks: &mut RowChecks<'_>, raw: &[u8]) -> Option<f64> {
    if raw.is_empty() {
        checks.push(Field::Sem, DamageKind::Empty);
        return None;
    }
    match parse_plain_decimal(raw) {
        None => {
            checks.not_a_number(Field::Sem, raw);
            None
        }
        Some(sem) if sem <= 0.0 => {
            checks.push(Field::Sem, DamageKind::ZeroSem);
            None
        }
        Some(sem) => Some(sem),
    }
}

fn check_level(checks: &mut RowChecks<'_>, field: Field, raw: &[u8]) -> Option<u8> {
    match parse_small_int(raw) {
        Some(level @ 1..=4) => Some(level),
        _ if raw.is_empty() => {
            checks.push(field, DamageKind::Empty);
            None
        }
        _ => {
            checks.unknown_code(field, raw, "1–4 on a row with a scale score");
            None
        }
    }
}

fn check_grade(checks: &mut RowChecks<'_>, field: Field, raw: &[u8]) -> Option<i8> {
    match parse_small_int(raw) {
        Some(grade @ 0..=12) => Some(grade as i8),
        _ if raw.is_empty() => {
            checks.push(field, DamageKind::Empty);
            None
        }
        _ => {
            checks.not_a_grade(field, raw);
            None
        }
    }
}

/// The prior block before the student and subject are attached.
enum PriorBlock {
    Absent,
    LeftOut(PriorLeftOut),
    Score {
        grade: i8,
        scale_score: f64,
        sem: f64,
        level: Option<u8>,
    },
}

/// Reads a used row's `…Minus1` block (data-contract §6, prior scores). Its fields are used
/// (they go to the prior-only folder), so bad values are damage; an empty SEM or grade beside
/// a score is a reason to leave the prior out, which the importer counts.
fn read_prior(
    checks: &mut RowChecks<'_>,
    fields: &Fields<'_>,
    current_grade: Option<i8>,
) -> PriorBlock {
    let header = checks.header;
    let get = |field: Field| header.column(field).map(|c| fields.get(c));

    let scale_raw = get(Field::ScaleScoreMinus1).unwrap_or(b"");
    if scale_raw.is_empty() {
        return PriorBlock::Absent;
    }
    let scale_score = parse_plain_decimal(scale_raw);
    if scale_score.is_none() {
        checks.not_a_number(Field::ScaleScoreMinus1, scale_raw);
    }

    // SEMMinus1: empty or 0 ("0000") means the extract cannot take the score.
    let sem_raw = get(Field::SemMinus1).unwrap_or(b"");
    let sem = if sem_raw.is_empty() {
        Err(PriorLeftOut::NoSem)
    } else {
        match parse_plain_decimal(sem_raw) {
            Some(sem) if sem > 0.0 => Ok(Some(sem)),
            Some(_) => Err(PriorLeftOut::NoSem),
            None => {
                checks.not_a_number(Field::SemMinus1, sem_raw);
                Ok(None)
            }
        }
    };

    // The prior grade: GradeAssessedMinus1, or the current grade − 1 where the layout has no
    // such column (2015-16).
    let grade = match get(Field::GradeAssessedMinus1) {
        None => Ok(current_grade.map(|g| g - 1)),
        Some([]) => Err(PriorLeftOut::NoGrade),
        Some(raw) => Ok(check_grade(checks, Field::GradeAssessedMinus1, raw)),
    };

    // AchievementLevelMinus1 where the layout has it; empty is allowed (the prior-only
    // extract may leave level empty).
    let level = match get(Field::AchievementLevelMinus1) {
        None | Some([]) => Some(None),
        Some(raw) => check_level(checks, Field::AchievementLevelMinus1, raw).map(Some),
    };

    let sem = match sem {
        Ok(sem) => sem,
        Err(reason) => return PriorBlock::LeftOut(reason),
    };
    let grade = match grade {
        Ok(grade) => grade,
        Err(reason) => return PriorBlock::LeftOut(reason),
    };
    match (scale_score, sem, grade, level) {
        (Some(scale_score), Some(sem), Some(grade), Some(level)) => PriorBlock::Score {
            grade,
            scale_score,
            sem,
            level,
        },
        // A bad value was recorded; the row is refused anyway.
        _ => PriorBlock::Absent,
    }
}
