//! The state's student score file of one synthetic year (`synth --caaspp LAYOUT`): the
//! CAASPP Student Score Data File a district would download, in one of the ten layouts,
//! written with the `caaspp` crate's writer so that `import caaspp` can be tested on every
//! layout and shown on the demo data (data-contract §6).
//!
//! What the file holds, school by school, student by student (one row per student and test,
//! as the real file):
//! - every row of the year's assessments extract as a Smarter Balanced record (01 ELA, 02
//!   mathematics) with include indicator Y: the same student, school, grade, scale score
//!   (tenths kept) and level; the SEM as the state writes it, a whole number rounded up
//!   (24.1 → `0025`);
//! - for every enrolled student of a tested grade without a score in a subject, a record
//!   that does not count: most students with disabilities take the alternate assessment
//!   (CAA, 03/04, scored on its own 300–999 scale); English learners new to the country are
//!   exempt from ELA (include indicator E, condition NEL); the others were not tested (N,
//!   condition NT or PGE, no score), tested below the threshold (T, LOSS) or had their test
//!   invalidated (R, score status I);
//! - a science record (CAST, 06) for every student of grades 5, 8 and 11 with a score;
//! - on every Smarter Balanced record, the `…Minus1` block of the same test one year
//!   earlier when the synthetic data has the student's score of that subject in the year
//!   before (written years only): grade, scale score, SEM rounded up, level (where the layout
//!   has it). The 2015-16 layout has no prior grade and a reader takes the grade assessed − 1
//!   (data-contract §6), so there a block is written only when that is the prior grade: a
//!   retained student's prior score is left out rather than misplaced.
//!
//! The records that do not count draw from their own random stream, so the contract extracts
//! are the same bytes with or without the option.

use std::collections::HashMap;
use std::io::Write;

use caaspp::{write_row, Delimiter, Layout, PriorFields, RowFields};
use core_index::model::{ElStatus, Subject};
use core_index::report::publish::Staging;

use super::random::{chance, int_between, normal, rng_for, uniform, Stream, SynthRng};
use super::records::{AssessmentRow, SchoolRecords};
use super::schools::Directory;
use super::scores::{grade_scale, is_tested_grade};
use super::writer::student_id;

/// A year's Smarter Balanced scores by (student, subject), for the next year's prior blocks.
pub(crate) type PriorYear = HashMap<(u32, Subject), PriorRow>;

/// What a prior block needs of a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PriorRow {
    grade: i8,
    score_tenths: u32,
    sem_tenths: u16,
    level: u8,
}

/// The scores of a year's records, as the following year's prior scores.
pub(crate) fn prior_year(records: &[SchoolRecords]) -> PriorYear {
    records
        .iter()
        .flat_map(|r| &r.assessments)
        .map(|a| {
            (
                (a.student, a.subject),
                PriorRow {
                    grade: a.grade,
                    score_tenths: a.score_tenths,
                    sem_tenths: a.sem_tenths,
                    level: a.level,
                },
            )
        })
        .collect()
}

/// Where a year's file goes in the data folder.
pub(crate) fn file_name(year: i32) -> String {
    format!("caaspp/{year}.txt")
}

/// A score in tenths as the file's text: `2456.3`, or `2456` for a whole number.
fn score_text(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// The SEM as the state writes it: a whole number, rounded up.
fn sem_rounded_up(tenths: u16) -> u32 {
    u32::from(tenths).div_ceil(10)
}

/// Writes `caaspp/YEAR.txt` into the staging folder: the year's score file in `layout`.
pub(crate) fn write_year(
    staging: &Staging,
    year: i32,
    layout: &Layout,
    dir: &Directory,
    records: &[SchoolRecords],
    prior: &PriorYear,
    seed: u64,
) -> anyhow::Result<()> {
    let relative = file_name(year);
    let mut out = staging.create(&relative)?;
    let mut line = caaspp::header_line(layout, Delimiter::Caret);
    line.push_str("\r\n");
    for (school, school_records) in records.iter().enumerate() {
        let mut rng = rng_for(seed, Stream::ScoreFile, school as u64, year);
        school_rows(
            &mut rng,
            layout,
            dir,
            school as u32,
            school_records,
            prior,
            &mut line,
        );
        out.write_all(line.as_bytes())?;
        line.clear();
    }
    out.flush()?;
    Ok(())
}

/// The text of a row's prior block, kept alive while the row is written.
struct PriorText {
    grade: u8,
    score: String,
    sem: u32,
    level: u8,
}

/// The rows of one school, appended to `out` (each ending with CR LF).
fn school_rows(
    rng: &mut SynthRng,
    layout: &Layout,
    dir: &Directory,
    school: u32,
    records: &SchoolRecords,
    prior: &PriorYear,
    out: &mut String,
) {
    let school_id = dir.schools[school as usize].id.as_str();
    let scores: HashMap<(u32, Subject), &AssessmentRow> = records
        .assessments
        .iter()
        .map(|a| ((a.student, a.subject), a))
        .collect();
    // Whether a layout can place a prior block (see the module's note on 2015-16).
    let has_prior_grade = layout.column(caaspp::Field::GradeAssessedMinus1).is_some();
    let mut written = 0usize;
    // Students at this school at the end of the year, in enrolment order: the row of a
    // student's earlier school (after a mid-year move) is not theirs here.
    for enrolment in records
        .enrolments
        .iter()
        .filter(|e| e.school == school && is_tested_grade(e.grade))
    {
        let ssid = student_id(enrolment.student);
        let mut any_score = false;
        for subject in [Subject::Ela, Subject::Math] {
            let prior_text = prior
                .get(&(enrolment.student, subject))
                .filter(|p| has_prior_grade || p.grade == enrolment.grade - 1)
                .map(|p| PriorText {
                    grade: p.grade.max(0) as u8,
                    score: score_text(p.score_tenths),
                    sem: sem_rounded_up(p.sem_tenths),
                    level: p.level,
                });
            let prior_fields = prior_text.as_ref().map(|p| PriorFields {
                grade: p.grade,
                scale_score: &p.score,
                sem: Some(p.sem),
                level: Some(p.level),
            });
            let base = RowFields {
                record_type: subject_record_type(subject),
                ssid: &ssid,
                calpads_school_code: school_id,
                final_tested_school_code: school_id,
                grade_assessed: enrolment.grade as u8,
                ..RowFields::default()
            };
            match scores.get(&(enrolment.student, subject)) {
                Some(score) => {
                    any_score = true;
                    written += 1;
                    let text = score_text(score.score_tenths);
                    push(
                        layout,
                        &RowFields {
                            include_indicator: 'Y',
                            attemptedness: "Y",
                            score_status: "V",
                            scale_score: &text,
                            sem: Some(sem_rounded_up(score.sem_tenths)),
                            achievement_level: Some(score.level),
                            prior: prior_fields,
                            ..base
                        },
                        out,
                    );
                }
                None => not_counted(rng, layout, enrolment, subject, base, prior_fields, out),
            }
        }
        if any_score && matches!(enrolment.grade, 5 | 8 | 11) {
            let science =
                ((200.0 + 25.0 * normal(rng)).clamp(100.0, 300.0).round() as u32).to_string();
            push(
                layout,
                &RowFields {
                    record_type: 6,
                    ssid: &ssid,
                    calpads_school_code: school_id,
                    final_tested_school_code: school_id,
                    grade_assessed: enrolment.grade as u8,
                    include_indicator: 'Y',
                    attemptedness: "Y",
                    score_status: "V",
                    scale_score: &science,
                    achievement_level: Some(int_between(rng, 1, 4) as u8),
                    ..RowFields::default()
                },
                out,
            );
        }
    }
    debug_assert_eq!(written, records.assessments.len(), "every score is written");
}

fn subject_record_type(subject: Subject) -> u8 {
    match subject {
        Subject::Ela => 1,
        Subject::Math => 2,
    }
}

/// The record of a student of a tested grade without a Smarter Balanced score in
/// `subject`: an alternate assessment, an exemption, or a test that does not count.
fn not_counted(
    rng: &mut SynthRng,
    layout: &Layout,
    enrolment: &super::records::EnrolmentRow,
    subject: Subject,
    base: RowFields<'_>,
    prior: Option<PriorFields<'_>>,
    out: &mut String,
) {
    // The alternate assessment (CAA): students with significant cognitive disabilities.
    if enrolment.swd && chance(rng, 0.7) {
        let grade = i64::from(enrolment.grade.clamp(3, 9));
        let caa = int_between(rng, grade * 100, grade * 100 + 99).to_string();
        push(
            layout,
            &RowFields {
                record_type: subject_record_type(subject) + 2,
                include_indicator: 'Y',
                attemptedness: "Y",
                score_status: "V",
                scale_score: &caa,
                achievement_level: Some(int_between(rng, 1, 3) as u8),
                ..base
            },
            out,
        );
        return;
    }
    if subject == Subject::Ela && enrolment.el == ElStatus::EnglishLearner && chance(rng, 0.35) {
        push(
            layout,
            &RowFields {
                include_indicator: 'E',
                condition_code: "NEL",
                prior,
                ..base
            },
            out,
        );
        return;
    }
    let lowest = grade_scale(subject, enrolment.grade).map_or(2100.0, |s| s.lowest);
    let (loss, invalidated) = (
        score_text((lowest * 10.0).round() as u32),
        score_text((10.0 * (lowest + uniform(rng, 150.0, 350.0))).round() as u32),
    );
    let row = match int_between(rng, 0, 99) {
        0..=49 => RowFields {
            include_indicator: 'N',
            condition_code: "NT",
            attemptedness: "N",
            ..base
        },
        50..=69 => RowFields {
            include_indicator: 'N',
            condition_code: "PGE",
            attemptedness: "N",
            ..base
        },
        70..=84 => RowFields {
            include_indicator: 'T',
            condition_code: "LOSS",
            attemptedness: "P",
            score_status: "V",
            scale_score: &loss,
            sem: Some(90),
            achievement_level: Some(1),
            ..base
        },
        _ => RowFields {
            include_indicator: 'R',
            attemptedness: "Y",
            score_status: "I",
            scale_score: &invalidated,
            sem: Some(30),
            achievement_level: Some(2),
            ..base
        },
    };
    push(layout, &RowFields { prior, ..row }, out);
}

fn push(layout: &Layout, row: &RowFields<'_>, out: &mut String) {
    write_row(layout, Delimiter::Caret, row, out);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores keep their tenths; SEMs are rounded up to a whole number, as the state
    /// writes them (24.1 → 25, 24.0 → 24).
    #[test]
    fn scores_and_sems_as_the_state_writes_them() {
        assert_eq!(score_text(24563), "2456.3");
        assert_eq!(score_text(24560), "2456");
        assert_eq!(sem_rounded_up(241), 25);
        assert_eq!(sem_rounded_up(240), 24);
        assert_eq!(sem_rounded_up(1), 1);
    }
}
