//! How one row of each extract of data-contract §2 becomes a typed record (the columns are
//! `crate::schema`'s). Cross-extract checks (unknown schools, orphans, duplicate keys) are in
//! `load`.

use crate::dataset::StudentRef;
use crate::model::{Demographics, ElStatus, Outcome, Race, Respondent, SchoolLevel, Subject};

use super::fields::{RowReader, SchoolRef};
use super::LoadOptions;

pub(crate) struct SchoolRow {
    pub id: String,
    pub name: String,
    pub district_id: String,
    pub level: SchoolLevel,
    pub title_i: bool,
}

pub(crate) fn school(r: &mut RowReader) -> Option<SchoolRow> {
    let id = r.text(0);
    let name = r.text(1);
    let district_id = r.text(2);
    let level = r.code(3, SchoolLevel::parse, SchoolLevel::codes);
    let title_i = r.bool(4);
    Some(SchoolRow {
        id: id?,
        name: name?,
        district_id: district_id?,
        level: level?,
        title_i: title_i?,
    })
}

/// A students row; the loader interns the student id and checks the school.
pub(crate) struct StudentRow {
    pub student: StudentRef,
    pub school: SchoolRef,
    pub grade: i32,
    pub days_enrolled: i64,
    pub days_absent: i64,
    pub suspensions: i64,
    pub expelled: bool,
    pub demo: Demographics,
    pub redesignated: bool,
    pub gpa: Option<f64>,
    pub ela_df: Option<bool>,
    pub math_df: Option<bool>,
}

/// Grades run from -1 (TK) and 0 (K) to 12.
const MIN_GRADE: i64 = -1;
const MAX_GRADE: i64 = 12;
/// Counts are bounded only to keep them far from overflow.
const MAX_COUNT: i64 = 1_000_000;

pub(crate) fn student(r: &mut RowReader) -> Option<StudentRow> {
    let student = r.student(0);
    let school = r.school(1);
    let grade = r.int(2, MIN_GRADE, MAX_GRADE);
    let days_enrolled = r.int(3, 0, MAX_COUNT);
    let days_absent = r.int(4, 0, MAX_COUNT);
    let suspensions = r.int(5, 0, MAX_COUNT);
    let expelled = r.bool(6);
    let race = r.code(7, Race::parse, Race::codes);
    let sed = r.bool(8);
    let swd = r.bool(9);
    let el_status = r.code(10, ElStatus::parse, ElStatus::codes);
    let redesignated = r.bool(11);
    let foster = r.bool(12);
    let homeless = r.bool(13);
    // Optional cells: a bad value marks the row failed (the reader drops it); no early
    // return, so every bad cell of a row is reported.
    let gpa = if r.is_missing(14) {
        None
    } else {
        r.float(14, 0.0, 4.0, false)
    };
    let ela_df = if r.is_missing(15) { None } else { r.bool(15) };
    let math_df = if r.is_missing(16) { None } else { r.bool(16) };
    if let (Some(enrolled), Some(absent)) = (days_enrolled, days_absent) {
        if absent > enrolled {
            r.fail(4, format!("days_absent exceeds days_enrolled ({enrolled})"));
        }
    }
    Some(StudentRow {
        student: student?,
        school: school?,
        grade: grade? as i32,
        days_enrolled: days_enrolled?,
        days_absent: days_absent?,
        suspensions: suspensions?,
        expelled: expelled?,
        demo: Demographics {
            race: race?,
            sed: sed?,
            swd: swd?,
            el_status: el_status?,
            foster: foster?,
            homeless: homeless?,
        },
        redesignated: redesignated?,
        gpa,
        ela_df,
        math_df,
    })
}

pub(crate) struct AssessmentRow {
    pub student: StudentRef,
    pub school: SchoolRef,
    pub grade: i32,
    pub subject: Subject,
    pub scale_score: f64,
    pub sem: f64,
    pub level: u8,
}

/// An assessments row; scale scores must lie within the configured plausible range
/// (`[assessments] scale_score_min/scale_score_max`, data-contract §2).
pub(crate) fn assessment(r: &mut RowReader, bounds: &LoadOptions) -> Option<AssessmentRow> {
    let student = r.student(0);
    let school = r.school(1);
    let grade = r.int(2, MIN_GRADE, MAX_GRADE);
    let subject = r.code(3, Subject::parse, Subject::codes);
    let scale_score = r.float(4, bounds.scale_score_min, bounds.scale_score_max, false);
    let sem = r.float(5, 0.0, f64::INFINITY, true);
    let level = r.int(6, 1, 4);
    Some(AssessmentRow {
        student: student?,
        school: school?,
        grade: grade? as i32,
        subject: subject?,
        scale_score: scale_score?,
        sem: sem?,
        level: level? as u8,
    })
}

/// A Y−1 assessments row as growth reads it (R18): the score, its grade and SEM. The
/// school and level are not needed: a prior score counts wherever it was taken.
pub(crate) struct PriorAssessmentRow {
    pub student: StudentRef,
    pub grade: i32,
    pub subject: Subject,
    pub scale_score: f64,
    pub sem: f64,
}

impl From<AssessmentRow> for PriorAssessmentRow {
    fn from(a: AssessmentRow) -> Self {
        PriorAssessmentRow {
            student: a.student,
            grade: a.grade,
            subject: a.subject,
            scale_score: a.scale_score,
            sem: a.sem,
        }
    }
}

/// An assessments row of a prior-only year folder (no `schools` extract, data-contract §2,
/// columns `crate::schema::PRIOR_ASSESSMENTS`): `school_id` and `level` may be empty; a
/// level that is given must still be 1–4. Every other rule of an assessments row holds.
pub(crate) fn prior_assessment(
    r: &mut RowReader,
    bounds: &LoadOptions,
) -> Option<PriorAssessmentRow> {
    let student = r.student(0);
    if !r.is_missing(1) {
        r.text(1);
    }
    let grade = r.int(2, MIN_GRADE, MAX_GRADE);
    let subject = r.code(3, Subject::parse, Subject::codes);
    let scale_score = r.float(4, bounds.scale_score_min, bounds.scale_score_max, false);
    let sem = r.float(5, 0.0, f64::INFINITY, true);
    if !r.is_missing(6) {
        r.int(6, 1, 4);
    }
    Some(PriorAssessmentRow {
        student: student?,
        grade: grade? as i32,
        subject: subject?,
        scale_score: scale_score?,
        sem: sem?,
    })
}

pub(crate) struct CohortRow {
    pub student: StudentRef,
    pub school: SchoolRef,
    pub cohort_year: i32,
    pub outcome: Outcome,
    pub grad_year: Option<i32>,
    pub race: Race,
    pub sed: bool,
    pub swd: bool,
    pub el_status: ElStatus,
}

/// Years are plausible school years; anything else is a typo worth stopping for.
const MIN_YEAR: i64 = 1900;
const MAX_YEAR: i64 = 2999;

pub(crate) fn cohort(r: &mut RowReader) -> Option<CohortRow> {
    let student = r.student(0);
    let school = r.school(1);
    let cohort_year = r.int(2, MIN_YEAR, MAX_YEAR);
    let outcome = r.code(3, Outcome::parse, Outcome::codes);
    let grad_year = if r.is_missing(4) {
        if outcome == Some(Outcome::Graduated) {
            r.fail(4, "required when outcome is GRAD");
        }
        None
    } else {
        r.int(4, MIN_YEAR, MAX_YEAR).map(|y| y as i32)
    };
    let race = r.code(5, Race::parse, Race::codes);
    let sed = r.bool(6);
    let swd = r.bool(7);
    let el_status = r.code(8, ElStatus::parse, ElStatus::codes);
    Some(CohortRow {
        student: student?,
        school: school?,
        cohort_year: cohort_year? as i32,
        outcome: outcome?,
        grad_year,
        race: race?,
        sed: sed?,
        swd: swd?,
        el_status: el_status?,
    })
}

pub(crate) struct SelRow {
    pub student: StudentRef,
    pub school: SchoolRef,
    pub skills: [Option<f64>; 4],
}

pub(crate) fn sel(r: &mut RowReader) -> Option<SelRow> {
    let student = r.student(0);
    let school = r.school(1);
    let mut skills = [None; 4];
    for (i, skill) in skills.iter_mut().enumerate() {
        if !r.is_missing(2 + i) {
            *skill = r.float(2 + i, 1.0, 5.0, false);
        }
    }
    Some(SelRow {
        student: student?,
        school: school?,
        skills,
    })
}

pub(crate) struct ClimateRowText {
    pub school: SchoolRef,
    pub respondent: Respondent,
    pub n_invited: i64,
    pub n_responded: i64,
    pub pct_favorable: f64,
}

pub(crate) fn climate(r: &mut RowReader) -> Option<ClimateRowText> {
    let school = r.school(0);
    let respondent = r.code(1, Respondent::parse, Respondent::codes);
    let n_invited = r.int(2, 1, i64::MAX / 200);
    let n_responded = r.int(3, 0, i64::MAX / 200);
    let pct_favorable = r.float(4, 0.0, 100.0, false);
    if let (Some(invited), Some(responded)) = (n_invited, n_responded) {
        if responded > invited {
            r.fail(3, format!("n_responded exceeds n_invited ({invited})"));
        }
    }
    Some(ClimateRowText {
        school: school?,
        respondent: respondent?,
        n_invited: n_invited?,
        n_responded: n_responded?,
        pct_favorable: pct_favorable?,
    })
}
