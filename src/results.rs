//! The typed results that flow between stages and into the reports (data-contract §5).

use crate::dataset::SchoolIdx;
use crate::model::{Designation, Group, Metric, Role, Subject};

/// One (school, metric, group) result: a row of `metric_results`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    pub school: SchoolIdx,
    pub metric: Metric,
    pub group: Group,
    pub role: Role,
    /// Students (or respondents) in the denominator.
    pub n: u64,
    /// Set for reported rate metrics (R7, R8, R10–R12); `None` for means and suppressed rows.
    pub numerator: Option<u64>,
    /// `Some` exactly when the row is reported (n ≥ n_size, R3).
    pub value: Option<f64>,
    pub level: Option<u8>,
    pub points: Option<f64>,
    pub max_points: Option<f64>,
}

impl MetricRow {
    pub fn reported(&self) -> bool {
        self.value.is_some()
    }

    /// `role` counts toward points (R26) when the row is reported.
    pub fn counted(&self) -> bool {
        self.reported() && self.role != Role::Info
    }
}

/// The 4-year graduation rate of one (school, group), kept for designations (R9, R29, R30).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grad4 {
    pub school: SchoolIdx,
    pub group: Group,
    /// Size of the 4-year cohort (TRANSFER_OUT removed).
    pub n: u64,
    /// The 4-year rate, `Some` when n ≥ n_size.
    pub rate: Option<f64>,
}

/// One growth cell (school, subject, group) with its statistics (R22–R23).
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthCell {
    pub school: SchoolIdx,
    pub subject: Subject,
    pub group: Group,
    pub n: u64,
    /// `None` when n < n_size: the cell shows n only in metric_results and has no growth row.
    pub stats: Option<GrowthStats>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GrowthStats {
    pub mean_z: f64,
    pub lambda: f64,
    pub effect: f64,
    pub se: f64,
    pub growth_percentile: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// R16 decile level.
    pub level: u8,
}

/// Everything the growth stage produces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GrowthOutput {
    /// Every cell with n ≥ 1, ordered by school, subject, group code.
    pub cells: Vec<GrowthCell>,
    /// Per (subject, grade) regression summaries, for the manifest.
    pub models: Vec<GrowthModelSummary>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GrowthModelSummary {
    pub subject: String,
    pub grade: i64,
    pub n: u64,
    /// "errors_in_variables", "ols" (errors_in_variables = false), "ols_fallback",
    /// "least_squares_singular" or "skipped".
    pub estimator: String,
    /// Kept columns with their coefficients, by name (p, q, SED, …).
    pub coefficients: Vec<(String, f64)>,
    pub dropped_columns: Vec<String>,
    pub sigma: Option<f64>,
}

/// One row of the `index` report.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub school: SchoolIdx,
    pub academic_points: f64,
    pub academic_max: f64,
    pub secc_points: f64,
    pub secc_max: f64,
    pub index_score: Option<f64>,
    pub all_students_score: Option<f64>,
    pub subgroup_score: Option<f64>,
    pub metrics_reported: u32,
}

/// Escalation of methodology R34.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escalation {
    None,
    PartnerWithReward,
    DistrictTurnaround,
    IntensiveAction,
}

impl Escalation {
    pub fn code(self) -> &'static str {
        match self {
            Escalation::None => "none",
            Escalation::PartnerWithReward => "partner_with_reward",
            Escalation::DistrictTurnaround => "district_turnaround",
            Escalation::IntensiveAction => "intensive_action",
        }
    }
}

/// One row of the `designations` report.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignationRow {
    pub school: SchoolIdx,
    pub designation: Designation,
    /// e.g. "lowest_index+low_graduation"; `None` for NONE and NOT_ELIGIBLE.
    pub basis: Option<String>,
    pub rank_value: Option<f64>,
    pub years_in_status: u32,
    pub escalation: Escalation,
}
