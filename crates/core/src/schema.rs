//! The columns of the six extracts and of the history file (data-contract §2, methodology
//! R34): names, whether optional, and the type of their values. One list serves the loader
//! (which looks columns up by name and checks required ones) and the synthetic-data
//! generator (which writes exactly these columns), so the two cannot drift apart.

/// The type of a column's values (a Parquet column of this type, or CSV text of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    Bool,
}

/// A column the contract names for an extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    /// Optional columns may be absent from the file or empty in a row.
    pub optional: bool,
    pub kind: Kind,
}

const fn required(name: &'static str, kind: Kind) -> ColumnSpec {
    ColumnSpec {
        name,
        optional: false,
        kind,
    }
}

const fn optional(name: &'static str, kind: Kind) -> ColumnSpec {
    ColumnSpec {
        name,
        optional: true,
        kind,
    }
}

use Kind::{Bool, Float, Int, Text};

pub const SCHOOLS: &[ColumnSpec] = &[
    required("school_id", Text),
    required("school_name", Text),
    required("district_id", Text),
    required("school_level", Text),
    required("title_i", Bool),
];

/// Student ids are at column 0 for students, assessments, cohort and sel.
pub const STUDENTS: &[ColumnSpec] = &[
    required("student_id", Text),
    required("school_id", Text),
    required("grade", Int),
    required("days_enrolled", Int),
    required("days_absent", Int),
    required("suspensions", Int),
    required("expelled", Bool),
    required("race_ethnicity", Text),
    required("sed", Bool),
    required("swd", Bool),
    required("el_status", Text),
    required("redesignated", Bool),
    required("foster", Bool),
    required("homeless", Bool),
    optional("gpa", Float),
    optional("ela_df", Bool),
    optional("math_df", Bool),
];

pub const ASSESSMENTS: &[ColumnSpec] = &[
    required("student_id", Text),
    required("school_id", Text),
    required("grade", Int),
    required("subject", Text),
    required("scale_score", Float),
    required("sem", Float),
    required("level", Int),
];

/// The assessments of a prior-only year folder (no `schools` extract, data-contract §2):
/// `school_id` and `level` may be empty.
pub const PRIOR_ASSESSMENTS: &[ColumnSpec] = &[
    required("student_id", Text),
    optional("school_id", Text),
    required("grade", Int),
    required("subject", Text),
    required("scale_score", Float),
    required("sem", Float),
    optional("level", Int),
];

pub const COHORT: &[ColumnSpec] = &[
    required("student_id", Text),
    required("school_id", Text),
    required("cohort_year", Int),
    required("outcome", Text),
    optional("grad_year", Int),
    required("race_ethnicity", Text),
    required("sed", Bool),
    required("swd", Bool),
    required("el_status", Text),
];

pub const SEL: &[ColumnSpec] = &[
    required("student_id", Text),
    required("school_id", Text),
    optional("growth_mindset", Float),
    optional("self_efficacy", Float),
    optional("self_management", Float),
    optional("social_awareness", Float),
];

pub const CLIMATE: &[ColumnSpec] = &[
    required("school_id", Text),
    required("respondent", Text),
    required("n_invited", Int),
    required("n_responded", Int),
    required("pct_favorable", Float),
];

/// The history file of methodology R34: year, school_id, designation.
pub(crate) const HISTORY: &[ColumnSpec] = &[
    required("year", Int),
    required("school_id", Text),
    required("designation", Text),
];

/// An extract of a year folder: its file stem and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extract {
    pub name: &'static str,
    pub columns: &'static [ColumnSpec],
}

/// The six extracts of one year folder, in the order they are read.
pub const EXTRACTS: [Extract; 6] = [
    Extract {
        name: "schools",
        columns: SCHOOLS,
    },
    Extract {
        name: "students",
        columns: STUDENTS,
    },
    Extract {
        name: "assessments",
        columns: ASSESSMENTS,
    },
    Extract {
        name: "cohort",
        columns: COHORT,
    },
    Extract {
        name: "sel",
        columns: SEL,
    },
    Extract {
        name: "climate",
        columns: CLIMATE,
    },
];
