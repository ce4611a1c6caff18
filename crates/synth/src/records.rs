//! Typed rows of the six extracts (data-contract §2), as produced by the simulation and
//! consumed by both writers. Values are held exactly as written: decimals are integers of
//! tenths or hundredths, so the CSV text and the Parquet float of a value are the same
//! number ("2456.3" parses to exactly 24563 / 10).

use core_index::model::{ElStatus, Outcome, Race, Respondent, Subject};

/// One row of the students extract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnrolmentRow {
    pub student: u32,
    pub school: u32,
    pub grade: i8,
    pub days_enrolled: u8,
    pub days_absent: u8,
    pub suspensions: u8,
    pub expelled: bool,
    pub race: Race,
    pub el: ElStatus,
    pub sed: bool,
    pub swd: bool,
    pub foster: bool,
    pub homeless: bool,
    pub redesignated: bool,
    pub gpa_hundredths: Option<u16>,
    pub ela_df: Option<bool>,
    pub math_df: Option<bool>,
}

/// One row of the assessments extract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssessmentRow {
    pub student: u32,
    pub school: u32,
    pub grade: i8,
    pub subject: Subject,
    pub score_tenths: u32,
    pub sem_tenths: u16,
    pub level: u8,
}

/// One row of the cohort extract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CohortRow {
    pub student: u32,
    pub school: u32,
    pub cohort_year: i16,
    pub outcome: Outcome,
    pub grad_year: Option<i16>,
    pub race: Race,
    pub sed: bool,
    pub swd: bool,
    pub el: ElStatus,
}

/// One row of the sel extract: growth_mindset, self_efficacy, self_management,
/// social_awareness in hundredths (1.00–5.00), `None` when the student skipped the skill.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SelRow {
    pub student: u32,
    pub school: u32,
    pub skills_hundredths: [Option<u16>; 4],
}

/// One row of the climate extract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClimateRow {
    pub school: u32,
    pub respondent: Respondent,
    pub n_invited: u32,
    pub n_responded: u32,
    pub pct_favorable_tenths: u16,
}

/// Everything one school writes for one year.
#[derive(Debug, Default)]
pub(crate) struct SchoolRecords {
    pub enrolments: Vec<EnrolmentRow>,
    pub assessments: Vec<AssessmentRow>,
    pub cohort: Vec<CohortRow>,
    pub sel: Vec<SelRow>,
    pub climate: Vec<ClimateRow>,
}
