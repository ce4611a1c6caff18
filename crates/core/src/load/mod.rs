//! Loading and validation of one year's extracts (data-contract §1–§3) into a [`YearData`].
//!
//! Every problem that makes a result untrustworthy is collected (all files are read, so one
//! run shows them all) and returned as a [`DataError`] (exit 1); legal-but-unusable records
//! (orphan assessments and sel rows, cohort rows at unknown schools) are left out, counted
//! and reported as warnings. No message carries a student id: rows identify records.

pub(crate) mod cutpoints;
pub(crate) mod extracts;
pub(crate) mod fields;
pub(crate) mod history;
pub(crate) mod keys;
pub mod output;
pub mod source;

use std::collections::HashSet;
use std::path::Path;

use crate::config::Config;
use crate::dataset::{
    Assessment, ClimateRow, CohortRecord, Enrolment, IdMap, InputFile, KeptScores, LeftOut,
    PriorScore, PriorScores, School, SchoolIdx, SelResponse, StudentIds, StudentKey, YearData,
};
use crate::error::{DataError, Problem, UsageError};
use crate::events::{Event, Events};
use crate::model::{Metric, Subject};
use crate::schema;

use fields::{Lookups, RowReader, SchoolIndex, SchoolRef};
use keys::{EnrolmentIndex, KeyRows, StudentKeyRows};
use source::{find_extract, scan, ColumnSpec, ExtractFile, ScanSummary};

/// A problem at a row and column found after the row was parsed (cross-row checks).
pub(crate) fn row_problem(
    file: &ExtractFile,
    row: usize,
    column: &str,
    value: Option<&str>,
    message: String,
) -> Problem {
    Problem::at(
        file.display(),
        Some(file.row_label(row)),
        Some(column),
        value,
        message,
    )
}

/// Scans a file and parses every row with `parse` (in parallel, see [`scan`]); rows that
/// parse without problems are handed to `accept` in row order, with their index and the
/// problem list (for cross-row checks). `lookups` resolve id cells.
pub(crate) fn read_rows<T: Send>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    lookups: Lookups,
    problems: &mut Vec<Problem>,
    events: Events<'_>,
    parse: impl Fn(&mut RowReader) -> Option<T> + Sync,
    accept: impl FnMut(usize, T, &mut Vec<Problem>) + Send,
) -> ScanSummary {
    let parse_valid = |reader: &mut RowReader| parse(reader).filter(|_| !reader.failed);
    scan_rows(file, spec, lookups, problems, events, parse_valid, accept)
}

/// [`scan`] with a [`RowReader`] over each row: whatever `parse` returns is accepted, even
/// for a row with problems (see `Reading::schools`, which keeps rejected ids).
fn scan_rows<T: Send>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    lookups: Lookups,
    problems: &mut Vec<Problem>,
    events: Events<'_>,
    parse: impl Fn(&mut RowReader) -> Option<T> + Sync,
    accept: impl FnMut(usize, T, &mut Vec<Problem>) + Send,
) -> ScanSummary {
    let parse_row = |hint: &mut source::RowHint,
                     row,
                     cells: &[source::Cell<'_>],
                     problems: &mut Vec<Problem>| {
        parse(&mut RowReader {
            file,
            spec,
            cells,
            row,
            lookups,
            hint,
            problems,
            failed: false,
        })
    };
    scan(file, spec, problems, events, parse_row, accept)
}

/// Locates the extracts of one year folder; both formats of one extract is a problem.
fn locate(dir: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<ExtractFile> {
    match find_extract(dir, name) {
        Ok(found) => found,
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

/// The year folder `DATA/Y`, or a usage error listing the years that exist.
pub fn year_dir(data: &Path, year: i32) -> Result<std::path::PathBuf, UsageError> {
    if !data.is_dir() {
        return Err(UsageError::new(format!(
            "data folder {} does not exist",
            data.display()
        )));
    }
    let dir = data.join(year.to_string());
    if dir.is_dir() {
        return Ok(dir);
    }
    let mut years: Vec<String> = std::fs::read_dir(data)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.parse::<i32>().is_ok())
                .collect()
        })
        .unwrap_or_default();
    years.sort();
    Err(
        UsageError::new(format!("no folder for year {year} in {}", data.display())).with_hint(
            if years.is_empty() {
                "the data folder holds one folder per spring year, e.g. DATA/2016/".to_string()
            } else {
                format!("years present: {}", years.join(", "))
            },
        ),
    )
}

struct Reading<'a> {
    year: i32,
    problems: Vec<Problem>,
    data: YearData,
    ids: &'a mut StudentIds,
    /// (student, school) → index of the enrolment row.
    enrolment_of: EnrolmentIndex,
    /// Ids of school rows that failed validation (already reported).
    rejected_school_ids: HashSet<String>,
    /// The schools read, for resolving school_id cells of the other extracts.
    school_index: SchoolIndex,
    options: LoadOptions,
    events: Events<'a>,
}

impl Reading<'_> {
    fn record_input(
        &mut self,
        extract: &str,
        year: i32,
        file: &ExtractFile,
        summary: &ScanSummary,
    ) {
        self.data.inputs.push(InputFile {
            extract: extract.to_string(),
            year,
            file: file.place_in_layout(year),
            bytes: summary.bytes,
            rows: summary.rows,
            sha256: summary.sha256.clone(),
        });
        for column in &summary.unknown_columns {
            self.data
                .unknown_columns
                .push(format!("{}: {column}", file.display()));
        }
        for column in &summary.absent_optional_columns {
            self.data.warnings.push(format!(
                "{}: optional column {column} is absent; its values count as missing",
                file.display()
            ));
        }
    }

    fn left_out(&mut self, extract: &str, reason: &str, rows: u64) {
        if rows > 0 {
            self.data
                .warnings
                .push(format!("{extract}: {rows} rows left out: {reason}"));
            self.data.left_out.push(LeftOut {
                extract: extract.into(),
                reason: reason.into(),
                rows,
            });
        }
    }

    fn schools(&mut self, file: &ExtractFile) {
        let mut rows = Vec::new();
        let mut first_row = KeyRows::new("school_id", "school_id");
        let rejected = &mut self.rejected_school_ids;
        let no_students = IdMap::default();
        let no_schools = SchoolIndex::default();
        let lookups = Lookups {
            schools: &no_schools,
            students: &no_students,
        };
        // A rejected row still yields its id (when it has one), so its students are not
        // reported again as "not in schools": the school row's own problem is the cause.
        let parse = |reader: &mut RowReader| {
            let parsed = extracts::school(reader);
            match (parsed, reader.cells[0]) {
                (Some(school), _) if !reader.failed => Some(Ok(school)),
                (_, source::Cell::Text(id)) => Some(Err(id.to_string())),
                _ => None,
            }
        };
        let summary = scan_rows(
            file,
            schema::SCHOOLS,
            lookups,
            &mut self.problems,
            self.events,
            parse,
            |row, parsed, problems| match parsed {
                Ok(s) => {
                    if first_row.first(s.id.clone(), file, row, Some(&s.id), problems) {
                        rows.push(School {
                            id: s.id,
                            name: s.name,
                            district_id: s.district_id,
                            level: s.level,
                            title_i: s.title_i,
                        });
                    }
                }
                Err(rejected_id) => {
                    rejected.insert(rejected_id);
                }
            },
        );
        self.record_input("schools", self.year, file, &summary);
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        self.school_index = SchoolIndex::new(&rows);
        self.data.schools = rows;
    }

    fn students(&mut self, file: &ExtractFile) {
        let mut enrolments = Vec::new();
        let (known_ids, mut new_ids) = self.ids.split();
        let enrolment_of = &mut self.enrolment_of;
        let rejected = &self.rejected_school_ids;
        let mut first_row: Vec<usize> = Vec::new();
        let summary = read_rows(
            file,
            schema::STUDENTS,
            Lookups {
                schools: &self.school_index,
                students: known_ids,
            },
            &mut self.problems,
            self.events,
            extracts::student,
            |row, s, problems| {
                let Some(school) = known_school(s.school, rejected, file, row, problems) else {
                    return;
                };
                let student = new_ids.key(s.student);
                match enrolment_of.add(student, school) {
                    Err(existing) => problems.push(row_problem(
                        file,
                        row,
                        "student_id",
                        None,
                        format!(
                            "duplicate key (student_id, school_id) (first at {})",
                            file.row_label(first_row[existing as usize])
                        ),
                    )),
                    Ok(_) => {
                        first_row.push(row);
                        enrolments.push(Enrolment {
                            student,
                            school,
                            grade: s.grade,
                            days_enrolled: s.days_enrolled,
                            days_absent: s.days_absent,
                            suspensions: s.suspensions,
                            expelled: s.expelled,
                            demo: s.demo,
                            redesignated: s.redesignated,
                            gpa: s.gpa,
                            ela_df: s.ela_df,
                            math_df: s.math_df,
                        });
                    }
                }
            },
        );
        self.ids.settle();
        self.record_input("students", self.year, file, &summary);
        self.data.enrolments = enrolments;
    }

    fn assessments(&mut self, file: &ExtractFile) {
        let scale_scores = self.options;
        let (known_ids, mut new_ids) = self.ids.split();
        let enrolment_of = &self.enrolment_of;
        let mut kept = Vec::new();
        let mut first_row = StudentKeyRows::new(2, "(student_id, subject)");
        let rejected = &self.rejected_school_ids;
        let mut no_enrolment = 0u64;
        let mut other_grades = 0u64;
        let keep_unmatched = self.options.keep_scores_for_next_year;
        let unmatched = &mut self.data.unmatched_scores;
        let summary = read_rows(
            file,
            schema::ASSESSMENTS,
            Lookups {
                schools: &self.school_index,
                students: known_ids,
            },
            &mut self.problems,
            self.events,
            |r: &mut RowReader| extracts::assessment(r, &scale_scores),
            |row, a, problems| {
                let student = new_ids.key(a.student);
                if !first_row.first(student, a.subject as usize, file, row, problems) {
                    return;
                }
                // §3: an unknown school_id is an error; only a missing enrolment row at a
                // known school makes an assessment a legal-but-unusable orphan.
                let Some(school) = known_school(a.school, rejected, file, row, problems) else {
                    return;
                };
                let Some(enrolment) = enrolment_of.find(student, school) else {
                    no_enrolment += 1;
                    if keep_unmatched {
                        let score = PriorScore {
                            grade: a.grade,
                            scale_score: a.scale_score,
                            sem: a.sem,
                        };
                        unmatched.push((student, a.subject, score));
                    }
                    return;
                };
                if !Metric::is_performance_grade(a.grade) {
                    other_grades += 1;
                }
                kept.push(Assessment {
                    student,
                    school,
                    enrolment,
                    grade: a.grade,
                    subject: a.subject,
                    scale_score: a.scale_score,
                    sem: a.sem,
                    level: a.level,
                });
            },
        );
        self.ids.settle();
        self.record_input("assessments", self.year, file, &summary);
        self.left_out(
            "assessments",
            "no enrolment row for (student_id, school_id)",
            no_enrolment,
        );
        self.left_out(
            "assessments",
            "tested grade outside R7's grades 3–8 and 11 (legal; left out of ELA_PERF and MATH_PERF only)",
            other_grades,
        );
        self.data.assessments = Some(kept);
    }

    fn cohort(&mut self, file: &ExtractFile) {
        let (known_ids, mut new_ids) = self.ids.split();
        let mut kept = Vec::new();
        let mut first_row = StudentKeyRows::new(1, "student_id");
        let mut unknown_school = 0u64;
        let summary = read_rows(
            file,
            schema::COHORT,
            Lookups {
                schools: &self.school_index,
                students: known_ids,
            },
            &mut self.problems,
            self.events,
            extracts::cohort,
            |row, c, problems| {
                let student = new_ids.key(c.student);
                if !first_row.first(student, 0, file, row, problems) {
                    return;
                }
                let SchoolRef::Known(school) = c.school else {
                    unknown_school += 1;
                    return;
                };
                kept.push(CohortRecord {
                    student,
                    school,
                    cohort_year: c.cohort_year,
                    outcome: c.outcome,
                    grad_year: c.grad_year,
                    race: c.race,
                    sed: c.sed,
                    swd: c.swd,
                    el_status: c.el_status,
                });
            },
        );
        self.ids.settle();
        self.record_input("cohort", self.year, file, &summary);
        self.left_out("cohort", "school_id not in schools", unknown_school);
        self.data.cohort = Some(kept);
    }

    fn sel(&mut self, file: &ExtractFile) {
        let (known_ids, mut new_ids) = self.ids.split();
        let enrolment_of = &self.enrolment_of;
        let mut kept = Vec::new();
        let mut first_row = StudentKeyRows::new(1, "student_id");
        let (mut unknown_school, mut no_enrolment) = (0u64, 0u64);
        let summary = read_rows(
            file,
            schema::SEL,
            Lookups {
                schools: &self.school_index,
                students: known_ids,
            },
            &mut self.problems,
            self.events,
            extracts::sel,
            |row, s, problems| {
                let student = new_ids.key(s.student);
                if !first_row.first(student, 0, file, row, problems) {
                    return;
                }
                let SchoolRef::Known(school) = s.school else {
                    unknown_school += 1;
                    return;
                };
                let Some(enrolment) = enrolment_of.find(student, school) else {
                    no_enrolment += 1;
                    return;
                };
                kept.push(SelResponse {
                    student,
                    school,
                    enrolment,
                    skills: s.skills,
                });
            },
        );
        self.ids.settle();
        self.record_input("sel", self.year, file, &summary);
        self.left_out("sel", "school_id not in schools", unknown_school);
        self.left_out(
            "sel",
            "no enrolment row for (student_id, school_id)",
            no_enrolment,
        );
        self.data.sel = Some(kept);
    }

    fn climate(&mut self, file: &ExtractFile) {
        let no_students = IdMap::default();
        let mut kept = Vec::new();
        let mut first_row = KeyRows::new("(school_id, respondent)", "respondent");
        let rejected = &self.rejected_school_ids;
        let summary = read_rows(
            file,
            schema::CLIMATE,
            Lookups {
                schools: &self.school_index,
                students: &no_students,
            },
            &mut self.problems,
            self.events,
            extracts::climate,
            |row, c, problems| {
                let Some(school) = known_school(c.school, rejected, file, row, problems) else {
                    return;
                };
                if first_row.first(
                    (school, c.respondent),
                    file,
                    row,
                    Some(c.respondent.code()),
                    problems,
                ) {
                    kept.push(ClimateRow {
                        school,
                        respondent: c.respondent,
                        n_invited: c.n_invited,
                        n_responded: c.n_responded,
                        pct_favorable: c.pct_favorable,
                    });
                }
            },
        );
        self.record_input("climate", self.year, file, &summary);
        self.data.climate = Some(kept);
    }

    /// Y−1 assessments, validated like any extract; kept per student for growth (R18).
    /// Their schools are not checked: a prior score counts wherever it was taken. The
    /// assessments of a prior-only folder (`prior_only`: no `schools` extract, data-contract
    /// §2) may leave `school_id` and `level` empty; a normal folder's may not.
    fn prior_assessments(&mut self, file: &ExtractFile, folder_year: i32, prior_only: bool) {
        let scale_scores = self.options;
        let (known_ids, mut new_ids) = self.ids.split();
        let mut scores: std::collections::HashMap<StudentKey, PriorScores> = Default::default();
        let mut first_row = StudentKeyRows::new(2, "(student_id, subject)");
        let spec = if prior_only {
            schema::PRIOR_ASSESSMENTS
        } else {
            schema::ASSESSMENTS
        };
        let summary = read_rows(
            file,
            spec,
            Lookups {
                schools: &SchoolIndex::default(),
                students: known_ids,
            },
            &mut self.problems,
            self.events,
            |r: &mut RowReader| {
                if prior_only {
                    extracts::prior_assessment(r, &scale_scores)
                } else {
                    extracts::assessment(r, &scale_scores).map(Into::into)
                }
            },
            |row, a, problems| {
                let student = new_ids.key(a.student);
                if !first_row.first(student, a.subject as usize, file, row, problems) {
                    return;
                }
                let score = PriorScore {
                    grade: a.grade,
                    scale_score: a.scale_score,
                    sem: a.sem,
                };
                let entry = scores.entry(student).or_default();
                match a.subject {
                    Subject::Ela => entry.ela = Some(score),
                    Subject::Math => entry.math = Some(score),
                }
            },
        );
        self.ids.settle();
        self.record_input("assessments", folder_year, file, &summary);
        self.data.prior_scores = Some(scores);
    }
}

/// A row's school, which must be in `schools` (§3). An unknown school is a problem, except
/// when its own schools row was invalid: that row's problem is the cause, reported already.
fn known_school(
    school: SchoolRef,
    rejected: &HashSet<String>,
    file: &ExtractFile,
    row: usize,
    problems: &mut Vec<Problem>,
) -> Option<SchoolIdx> {
    match school {
        SchoolRef::Known(index) => Some(index),
        SchoolRef::Unknown(id) => {
            if !rejected.contains(&id) {
                problems.push(row_problem(
                    file,
                    row,
                    "school_id",
                    Some(&id),
                    "school_id is not in schools".into(),
                ));
            }
            None
        }
    }
}

/// What loading needs of the configuration and the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadOptions {
    /// The plausible scale scores (`[assessments]`, data-contract §2): outside is an error.
    pub scale_score_min: f64,
    pub scale_score_max: f64,
    /// Keep the valid assessment rows without an enrolment row too
    /// (`YearData::unmatched_scores`), so the year's scores can serve as the next year's
    /// prior scores without a second read (a multi-year run, R35).
    pub keep_scores_for_next_year: bool,
}

impl LoadOptions {
    pub fn of(config: &Config) -> LoadOptions {
        LoadOptions {
            scale_score_min: config.assessments.scale_score_min,
            scale_score_max: config.assessments.scale_score_max,
            keep_scores_for_next_year: false,
        }
    }
}

/// Where year Y's prior scores (the Y−1 assessments of R18) come from.
#[derive(Debug, Default)]
pub(crate) enum PriorScoresSource {
    /// DATA/Y−1/assessments, read and validated with year Y (a single-year run, and the
    /// first year of a multi-year run).
    #[default]
    Folder,
    /// Year Y−1's scores, kept by a multi-year run that read that file as year Y−1's own
    /// assessments ([`YearData::into_scores_for_next_year`]).
    Kept(KeptScores),
}

/// Loads and validates year `year` of `data` (and the Y−1 assessments growth needs),
/// reporting the bytes it reads to `events`. Errors are [`UsageError`] (no such year) or
/// [`DataError`] (invalid extracts).
pub fn load_year(
    data: &Path,
    year: i32,
    ids: &mut StudentIds,
    options: &LoadOptions,
    events: Events<'_>,
) -> anyhow::Result<YearData> {
    load_year_with(data, year, ids, options, PriorScoresSource::Folder, events)
}

/// [`load_year`] with the prior scores from `prior`: read from DATA/Y−1, or kept from
/// year Y−1 of the same run (then that file is not read again, and the year's data is what
/// reading it would give: the same scores by student, the same input record and warnings).
pub(crate) fn load_year_with(
    data: &Path,
    year: i32,
    ids: &mut StudentIds,
    options: &LoadOptions,
    prior_source: PriorScoresSource,
    events: Events<'_>,
) -> anyhow::Result<YearData> {
    let dir = year_dir(data, year)?;
    let mut reading = Reading {
        year,
        problems: Vec::new(),
        data: YearData {
            year,
            ..YearData::default()
        },
        ids,
        enrolment_of: EnrolmentIndex::default(),
        rejected_school_ids: Default::default(),
        school_index: SchoolIndex::default(),
        options: *options,
        events,
    };
    let mut found: Vec<Option<ExtractFile>> = Vec::new();
    for extract in schema::EXTRACTS {
        found.push(locate(&dir, extract.name, &mut reading.problems));
    }
    let [schools, students, assessments, cohort, sel, climate]: [Option<ExtractFile>; 6] =
        found.try_into().expect("six extracts");
    for (name, file) in [("schools", &schools), ("students", &students)] {
        if file.is_none() && !reading.problems.iter().any(|p| p.file.contains(name)) {
            reading.problems.push(Problem {
                file: dir.join(format!("{name}.csv")).display().to_string(),
                row: None,
                column: None,
                value: None,
                message: format!(
                    "the {name} extract is required (as {name}.csv or {name}.parquet)"
                ),
            });
        }
    }
    // The Y−1 assessments are located now, for the progress bar's length, but a problem
    // with them is listed after year Y's, in the order the files are read.
    let mut prior_problems = Vec::new();
    let prior_dir = data.join((year - 1).to_string());
    let prior_only = has_no_schools(&prior_dir);
    let (prior, kept) = match prior_source {
        PriorScoresSource::Folder => (locate(&prior_dir, "assessments", &mut prior_problems), None),
        PriorScoresSource::Kept(kept) => (None, Some(kept)),
    };
    let total_bytes: u64 = [
        &schools,
        &students,
        &assessments,
        &cohort,
        &sel,
        &climate,
        &prior,
    ]
    .into_iter()
    .flatten()
    .map(|file| std::fs::metadata(&file.path).map_or(0, |m| m.len()))
    .sum();
    events(Event::ReadStarted { total_bytes });
    read_current(
        &mut reading,
        [&schools, &students, &assessments, &cohort, &sel, &climate],
    );
    reading.problems.append(&mut prior_problems);
    match (prior, kept) {
        (Some(file), _) => reading.prior_assessments(&file, year - 1, prior_only),
        (
            None,
            Some(KeptScores {
                scores: Some(scores),
                input,
            }),
        ) => {
            reading.data.inputs.extend(input);
            reading.data.prior_scores = Some(scores);
        }
        (None, _) => reading.data.warnings.push(format!(
            "no assessments extract for {}: growth (ELA_GROWTH, MATH_GROWTH) is not computed",
            year - 1
        )),
    }
    if !reading.problems.is_empty() {
        return Err(DataError {
            problems: reading.problems,
        }
        .into());
    }
    Ok(reading.data)
}

/// Whether year folder `dir` has no `schools` extract (in either format): its assessments
/// are then prior-year scores only (data-contract §2).
fn has_no_schools(dir: &Path) -> bool {
    matches!(find_extract(dir, "schools"), Ok(None))
}

/// Whether `DATA/year` is a prior-only folder (data-contract §2): an `assessments` extract
/// and no `schools` extract, as `import caaspp` writes for the year before the one imported.
pub fn is_prior_only(data: &Path, year: i32) -> bool {
    let dir = data.join(year.to_string());
    has_no_schools(&dir) && !matches!(find_extract(&dir, "assessments"), Ok(None))
}

/// The assessments of `DATA/year` as growth of year + 1 reads them (R18), with the ids to
/// look students up by (`import caaspp` compares the prior scores it carries with them).
#[derive(Debug)]
pub struct PriorAssessments {
    /// The student ids read, to find a student's key by its id.
    pub ids: StudentIds,
    /// Prior scores by student.
    pub scores: std::collections::HashMap<StudentKey, PriorScores>,
    /// The file read.
    pub input: InputFile,
    pub warnings: Vec<String>,
}

/// Reads and validates the assessments extract of `DATA/year` as year + 1's prior scores:
/// with the rules of a prior-only folder when the folder has no schools extract, else with
/// those of any assessments extract. `None` when the folder has no assessments extract.
pub fn read_prior_assessments(
    data: &Path,
    year: i32,
    options: &LoadOptions,
    events: Events<'_>,
) -> anyhow::Result<Option<PriorAssessments>> {
    let dir = data.join(year.to_string());
    let mut ids = StudentIds::default();
    let mut reading = Reading {
        year: year + 1,
        problems: Vec::new(),
        data: YearData {
            year: year + 1,
            ..YearData::default()
        },
        ids: &mut ids,
        enrolment_of: EnrolmentIndex::default(),
        rejected_school_ids: Default::default(),
        school_index: SchoolIndex::default(),
        options: *options,
        events,
    };
    let file = locate(&dir, "assessments", &mut reading.problems);
    if let Some(file) = &file {
        let total_bytes = std::fs::metadata(&file.path).map_or(0, |m| m.len());
        events(Event::ReadStarted { total_bytes });
        reading.prior_assessments(file, year, has_no_schools(&dir));
    }
    if !reading.problems.is_empty() {
        return Err(DataError {
            problems: reading.problems,
        }
        .into());
    }
    let data = reading.data;
    Ok(file.map(|_| PriorAssessments {
        ids,
        scores: data.prior_scores.unwrap_or_default(),
        input: data
            .inputs
            .into_iter()
            .next()
            .expect("the assessments extract was read"),
        warnings: data.warnings,
    }))
}

/// A prior-only year folder, validated (`validate` on such a folder).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorOnlyYear {
    pub year: i32,
    /// The assessments file read.
    pub input: InputFile,
    /// Prior scores by subject: ELA, MATH.
    pub scores: [u64; 2],
    /// Students with at least one prior score.
    pub students: u64,
    /// Other extracts present in the folder, which nothing reads there.
    pub ignored: Vec<String>,
    pub warnings: Vec<String>,
}

/// Loads and validates the prior-only folder `DATA/year` (data-contract §2): its
/// assessments exactly as `compute` of year + 1 reads them as growth's prior scores.
/// Errors are [`UsageError`] (no such folder, or not a prior-only one) or [`DataError`].
pub fn load_prior_only(
    data: &Path,
    year: i32,
    options: &LoadOptions,
    events: Events<'_>,
) -> anyhow::Result<PriorOnlyYear> {
    let dir = year_dir(data, year)?;
    if !is_prior_only(data, year) {
        return Err(UsageError::new(format!(
            "{} is not a prior-only folder (an assessments extract and no schools extract)",
            dir.display()
        ))
        .into());
    }
    let ignored = schema::EXTRACTS
        .iter()
        .filter(|extract| extract.name != "assessments")
        .filter_map(|extract| find_extract(&dir, extract.name).ok().flatten())
        .map(|file| file.display())
        .collect();
    let prior = read_prior_assessments(data, year, options, events)?
        .expect("a prior-only folder has an assessments extract");
    let count = |subject: fn(&PriorScores) -> bool| {
        prior.scores.values().filter(|s| subject(s)).count() as u64
    };
    Ok(PriorOnlyYear {
        year,
        scores: [count(|s| s.ela.is_some()), count(|s| s.math.is_some())],
        students: prior.scores.len() as u64,
        input: prior.input,
        ignored,
        warnings: prior.warnings,
    })
}

/// Reads year Y's extracts in contract order; an absent optional extract is a warning.
fn read_current(reading: &mut Reading, files: [&Option<ExtractFile>; 6]) {
    let [schools, students, assessments, cohort, sel, climate] = files;
    let year = reading.year;
    if let Some(file) = schools {
        reading.schools(file);
    }
    if let Some(file) = &students {
        reading.students(file);
    }
    match &assessments {
        Some(file) => reading.assessments(file),
        None => reading.data.warnings.push(format!(
            "no assessments extract for {year}: ELA_PERF, MATH_PERF and growth are not computed"
        )),
    }
    match &cohort {
        Some(file) => reading.cohort(file),
        None => reading.data.warnings.push(format!(
            "no cohort extract for {year}: GRAD is not computed"
        )),
    }
    match &sel {
        Some(file) => reading.sel(file),
        None => reading
            .data
            .warnings
            .push(format!("no sel extract for {year}: SEL is not computed")),
    }
    match &climate {
        Some(file) => reading.climate(file),
        None => reading.data.warnings.push(format!(
            "no climate extract for {year}: CLIMATE is not computed"
        )),
    }
}
