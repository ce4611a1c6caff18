//! The typed results that flow between stages and into the reports (data-contract §5).

use crate::dataset::SchoolIdx;
use std::collections::{BTreeMap, HashMap};

use crate::model::{Band, Designation, Group, Metric, Role, Subject};

/// A metric result before suppression and roles (the metrics stage's output, R7–R14, and
/// the growth cells as results, R24): `value` is always computed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawResult {
    pub school: SchoolIdx,
    pub metric: Metric,
    pub group: Group,
    pub n: u64,
    /// For rate metrics; `None` for means (SEL, CLIMATE, GRAD, growth).
    pub numerator: Option<u64>,
    /// The unsuppressed result; `None` when there is none to show even at n ≥ n_size
    /// (GRAD with no k-year rate, growth cells without statistics).
    pub value: Option<f64>,
}

/// One (school, metric, group) result after suppression (R3) and roles (R5): the identity
/// of a `metric_results` row. Its level, points and change are other stages' values, kept
/// in vectors aligned with the rows (see [`MetricResults`]).
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
}

impl MetricRow {
    pub fn reported(&self) -> bool {
        self.value.is_some()
    }

    /// `role` counts toward points (R26) when the row is reported.
    pub fn counted(&self) -> bool {
        self.reported() && self.role.is_counted()
    }
}

/// Points of one counted row of a present metric (R26).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowPoints {
    pub points: f64,
    pub max_points: f64,
}

/// The rows of `metric_results` with what each stage added, index-aligned: `levels[i]`,
/// `points[i]` belong to `rows[i]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricResults {
    /// After suppression and roles (R3, R5), in report order.
    pub rows: Vec<MetricRow>,
    /// R15–R16; `Some` for every reported row.
    pub levels: Vec<Option<u8>>,
    /// R26; `Some` for the counted rows of present metrics.
    pub points: Vec<Option<RowPoints>>,
}

/// The 4-year graduation rate of one (school, group), kept for designations (R9, R29, R30).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Grad4 {
    pub school: SchoolIdx,
    pub group: Group,
    /// Size of the 4-year cohort (TRANSFER_OUT removed).
    pub n: u64,
    /// The 4-year rate, `Some` when n ≥ n_size.
    pub rate: Option<f64>,
}

/// One growth cell (school, subject, group) with its statistics (R22–R23).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GrowthCell {
    pub school: SchoolIdx,
    pub subject: Subject,
    pub group: Group,
    pub n: u64,
    /// `None` when n < n_size: the cell shows n only in metric_results and has no growth row.
    pub stats: Option<GrowthStats>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GrowthStats {
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
pub(crate) struct GrowthOutput {
    /// Every cell with n ≥ 1, ordered by school, subject, group code.
    pub cells: Vec<GrowthCell>,
    /// Per (subject, grade) regression summaries, for the manifest.
    pub models: Vec<GrowthModelSummary>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
pub(crate) struct IndexRow {
    pub school: SchoolIdx,
    pub academic_points: f64,
    pub academic_max: f64,
    pub secc_points: f64,
    pub secc_max: f64,
    pub index_score: Option<f64>,
    pub all_students_score: Option<f64>,
    pub subgroup_score: Option<f64>,
    /// Present metrics (R25) in the academic and SECC domains; their sum is the report's
    /// `metrics_reported`.
    pub academic_metrics: u32,
    pub secc_metrics: u32,
}

impl IndexRow {
    pub(crate) fn metrics_reported(&self) -> u32 {
        self.academic_metrics + self.secc_metrics
    }
}

/// Escalation of methodology R34 (a code of the designations report, in the model).
pub use crate::model::Escalation;

/// The designation universe of methodology §7 (Title I schools with an index score) and
/// the Title I schools left out of it, for the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UniverseSummary {
    pub title_i_schools: usize,
    /// N.
    pub size: usize,
    /// Title I schools without an index score and the domain that had no present metric:
    /// `academic`, `secc` or `both`.
    pub left_out: Vec<(SchoolIdx, &'static str)>,
}

/// The designations stage's output: one row per school, and the universe it ranked.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Designations {
    pub rows: Vec<DesignationRow>,
    pub universe: UniverseSummary,
}

/// One row of the `designations` report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DesignationRow {
    pub school: SchoolIdx,
    pub designation: Designation,
    /// e.g. "lowest_index+low_graduation"; `None` for NONE and NOT_ELIGIBLE.
    pub basis: Option<String>,
    pub rank_value: Option<f64>,
    pub years_in_status: u32,
    pub escalation: Escalation,
}

/// What a published run (a `compute` output folder, read back) says about one school.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSchool {
    pub index_score: Option<f64>,
    pub designation: Designation,
}

/// A published run: its year (`None` when it lists no schools), its schools by id, and its
/// support suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub year: Option<i32>,
    pub schools: BTreeMap<String, RunSchool>,
    /// `None` for a folder written before the partners and communities reports existed.
    pub support: Option<RunSupport>,
}

/// The partners and communities reports of a published run (R42, R43).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSupport {
    /// Per school with partner rows, its partners' school_ids in rank order (empty for the
    /// one row of a school without candidates).
    pub partners: BTreeMap<String, Vec<String>>,
    /// Per school in a community of practice, that community.
    pub communities: BTreeMap<String, RunCommunity>,
}

/// A community of practice as a published run lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCommunity {
    pub number: i64,
    pub focus_metric: String,
    /// Its schools' ids, sorted.
    pub members: Vec<String>,
}

/// The focus area of a designated school (R41): one of its metric_results rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FocusArea {
    pub metric: Metric,
    pub group: Group,
    /// The row's level (1–10).
    pub level: u8,
}

/// One suggested partner of a school (R42).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partner {
    /// 1 … `support.partners`.
    pub rank: u32,
    /// The Reward school suggested.
    pub school: SchoolIdx,
    /// The partner's strength: its level in the focus area's metric and group, else its
    /// `ALL` level for that metric; `None` without either, or when the school has no focus
    /// area.
    pub strength: Option<u8>,
    /// R40's distance between the two schools' profiles, in percentage points.
    pub distance: f64,
}

/// One row of the `partners` report (R42).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartnerRow {
    /// The school to support (PRIORITY, or FOCUS with an escalation).
    pub school: SchoolIdx,
    pub focus: Option<FocusArea>,
    /// `None` on the one row of a school that needs partners but has no candidate.
    pub partner: Option<Partner>,
}

/// One row of the `communities` report (R43): a FOCUS school in its community of practice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CommunityRow {
    /// 1, 2, … in the order the communities were built.
    pub community: u32,
    pub school: SchoolIdx,
    pub focus: FocusArea,
    /// Schools in the community.
    pub size: u32,
}

/// The support stage's output (R40–R43).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Support {
    /// The focus area of every school (R41), `None` for schools without one; indexed by
    /// school.
    pub focus_areas: Vec<Option<FocusArea>>,
    /// Ordered by school_id, then rank.
    pub partners: Vec<PartnerRow>,
    /// Ordered by community, then school_id.
    pub communities: Vec<CommunityRow>,
}

/// The prior results of a year (methodology R35): what R36 reads of year Y−1's reports.
/// They come from memory (the previous year of a multi-year run) or from an earlier run's
/// output folder (`--prior`, `load::output::read_prior`); both give the same value, since a
/// report's floats read back to the same f64.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorResults {
    pub year: i32,
    /// Per school id (schools are matched by id across years).
    pub schools: HashMap<String, PriorSchool>,
    /// Where they came from, for the manifest's `prior`.
    pub source: PriorSource,
}

/// One school's prior results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorSchool {
    /// The prior index_score, when the school had one.
    pub index_score: Option<f64>,
    /// Value and level of every reported metric_results row, by (metric, group); rows that
    /// were suppressed are absent, like rows that did not exist.
    pub rows: HashMap<(Metric, Group), (f64, u8)>,
}

/// The folder and files prior results were read from (or, in a multi-year run, rendered
/// as): the manifest records them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorSource {
    /// The `--prior` folder as given, or `OUT/Y−1` of the same multi-year run.
    pub folder: String,
    pub metric_results_sha256: String,
    pub index_sha256: String,
}

impl PriorResults {
    /// R36's lookup: the prior value and level of (school, metric, group), when reported.
    pub fn row(&self, school_id: &str, metric: Metric, group: Group) -> Option<(f64, u8)> {
        self.schools
            .get(school_id)?
            .rows
            .get(&(metric, group))
            .copied()
    }

    /// R36's lookup: the prior index_score of a school, when it had one.
    pub fn index_score(&self, school_id: &str) -> Option<f64> {
        self.schools.get(school_id)?.index_score
    }
}

/// What one year's computation produced.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearResults {
    /// The rows of `metric_results` with their levels and points.
    pub metrics: MetricResults,
    /// 4-year graduation rates (R9), which designations look at.
    pub grad4: Vec<Grad4>,
    pub growth: GrowthOutput,
    pub index: Vec<IndexRow>,
    pub designations: Designations,
    /// R36–R38, aligned with `metrics.rows` and `index`.
    pub change: Change,
    /// Partner suggestions and communities of practice (R40–R43).
    pub support: Support,
    /// Grade-8 students counted not ready for want of gpa, ela_df or math_df (R8).
    pub readiness_missing_fields: u64,
    /// Switched-on metrics without rows this year, and why (R8: HS_READINESS).
    pub metrics_without_rows: Vec<(Metric, String)>,
    pub warnings: Vec<String>,
    pub stage_seconds: Vec<(String, f64)>,
}

/// What the change stage (methodology R36–R38) adds to one metric_results row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RowChange {
    /// R36: the prior year's value and level of the same (school_id, metric, group), when
    /// that row was reported.
    pub prior_value: Option<f64>,
    pub prior_level: Option<u8>,
    /// R36: value − prior_value (f64, not rounded); level − prior_level.
    pub change: Option<f64>,
    pub level_change: Option<i64>,
    /// R37, for every row with a level.
    pub band: Option<Band>,
    /// R38: needed_1, needed_2, needed_3.
    pub needed: [Option<f64>; 3],
}

/// What R36 adds to one index row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IndexChange {
    pub prior_index_score: Option<f64>,
    pub index_change: Option<f64>,
}

/// The change stage's output, index-aligned with the metric rows and the index rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    pub rows: Vec<RowChange>,
    pub index: Vec<IndexChange>,
}
