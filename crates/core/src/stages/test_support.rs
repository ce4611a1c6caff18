//! Small builders shared by the hand-computed stage tests (metrics R3–R14, points R25–R28).
//!
//! Every builder starts from neutral values, so a test spells out only what its rule looks at:
//! an enrolment is a grade-5 student enrolled 180 days, never absent or suspended, race `NR`,
//! `EO`, in no subgroup, with no grade-8 fields; tests change fields with struct update syntax
//! (`Enrolment { grade: 8, ..enrolment(0, 0) }`).

use crate::config::Config;
use crate::dataset::{
    Assessment, ClimateRow, CohortRecord, Enrolment, School, SchoolIdx, SelResponse, StudentKey,
    YearData,
};
use crate::model::cutpoints::{CutPoints, LevelKey};
use crate::model::{
    Demographics, ElStatus, Group, Metric, Outcome, Race, Respondent, Role, SchoolLevel, Subject,
};
use crate::results::{MetricResults, MetricRow, RawResult};
use crate::stages::metrics::MetricsOutput;

/// The year every test computes (spring year).
pub(crate) const YEAR: i32 = 2016;

/// One school; id, name and district are derived from `id`, not Title I.
pub(crate) fn school(id: &str, level: SchoolLevel) -> School {
    School {
        id: id.to_string(),
        name: format!("School {id}"),
        district_id: "D1".to_string(),
        level,
        title_i: false,
    }
}

/// Schools `S00`, `S01`, … of the given levels, so a school's index is its place here
/// (schools are sorted by id in `YearData`).
pub(crate) fn schools(levels: &[SchoolLevel]) -> Vec<School> {
    levels
        .iter()
        .enumerate()
        .map(|(i, level)| school(&format!("S{i:02}"), *level))
        .collect()
}

/// Demographics in no group but `ALL`: race `NR`, `EO`, no SED/SWD/foster/homeless.
pub(crate) fn neutral_demo() -> Demographics {
    Demographics {
        race: Race::NotReported,
        sed: false,
        swd: false,
        el_status: ElStatus::EnglishOnly,
        foster: false,
        homeless: false,
    }
}

/// Neutral demographics of one race.
pub(crate) fn race_demo(race: Race) -> Demographics {
    Demographics {
        race,
        ..neutral_demo()
    }
}

/// A neutral enrolment: grade 5, 180 days enrolled, 0 absent, 0 suspensions, not expelled,
/// neutral demographics, not redesignated, no gpa / ela_df / math_df.
pub(crate) fn enrolment(student: StudentKey, school: SchoolIdx) -> Enrolment {
    Enrolment {
        student,
        school,
        grade: 5,
        days_enrolled: 180,
        days_absent: 0,
        suspensions: 0,
        expelled: false,
        demo: neutral_demo(),
        redesignated: false,
        gpa: None,
        ela_df: None,
        math_df: None,
    }
}

/// A grade-8 enrolment that meets every readiness condition of R8 with room to spare:
/// gpa 3.0, no D/F, 180 days with 0 absent, no suspension.
pub(crate) fn ready_grade8(student: StudentKey, school: SchoolIdx) -> Enrolment {
    Enrolment {
        grade: 8,
        gpa: Some(3.0),
        ela_df: Some(false),
        math_df: Some(false),
        ..enrolment(student, school)
    }
}

/// `n` neutral enrolments at `school` with student keys `first..first + n`.
pub(crate) fn enrolments(first: StudentKey, n: u32, school: SchoolIdx) -> Vec<Enrolment> {
    (first..first + n).map(|s| enrolment(s, school)).collect()
}

/// The year's data from its schools and enrolments; every other extract absent.
pub(crate) fn year_data(schools: Vec<School>, enrolments: Vec<Enrolment>) -> YearData {
    YearData {
        year: YEAR,
        schools,
        enrolments,
        ..YearData::default()
    }
}

/// An assessment of the enrolment row `enrolments[index]` (student and school taken from it).
pub(crate) fn assessment(
    enrolments: &[Enrolment],
    index: usize,
    subject: Subject,
    grade: i32,
    level: u8,
) -> Assessment {
    let e = &enrolments[index];
    Assessment {
        student: e.student,
        school: e.school,
        enrolment: index as u32,
        grade,
        subject,
        scale_score: 2500.0,
        sem: 25.0,
        level,
    }
}

/// A cohort row with neutral demographics; `grad_year` only for `GRAD`.
pub(crate) fn cohort_record(
    student: StudentKey,
    school: SchoolIdx,
    cohort_year: i32,
    outcome: Outcome,
    grad_year: Option<i32>,
) -> CohortRecord {
    CohortRecord {
        student,
        school,
        cohort_year,
        outcome,
        grad_year,
        race: Race::NotReported,
        sed: false,
        swd: false,
        el_status: ElStatus::EnglishOnly,
    }
}

/// `n` cohort rows at `school` of one cohort year and outcome, student keys from `first`.
pub(crate) fn cohort_rows(
    first: StudentKey,
    n: u32,
    school: SchoolIdx,
    cohort_year: i32,
    outcome: Outcome,
    grad_year: Option<i32>,
) -> Vec<CohortRecord> {
    (first..first + n)
        .map(|s| cohort_record(s, school, cohort_year, outcome, grad_year))
        .collect()
}

/// An sel row of the enrolment row `enrolments[index]`.
pub(crate) fn sel_response(
    enrolments: &[Enrolment],
    index: usize,
    skills: [Option<f64>; 4],
) -> SelResponse {
    let e = &enrolments[index];
    SelResponse {
        student: e.student,
        school: e.school,
        enrolment: index as u32,
        skills,
    }
}

pub(crate) fn climate_row(
    school: SchoolIdx,
    respondent: Respondent,
    n_invited: i64,
    n_responded: i64,
    pct_favorable: f64,
) -> ClimateRow {
    ClimateRow {
        school,
        respondent,
        n_invited,
        n_responded,
        pct_favorable,
    }
}

/// The preset with `key=value` overrides (`--set` syntax).
pub(crate) fn config(overrides: &[&str]) -> Config {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    Config::load(None, &overrides).expect("test configuration is valid")
}

/// A raw (unsuppressed) result, as `compute_metrics` would hand it to `assemble`.
pub(crate) fn raw(
    school: SchoolIdx,
    metric: Metric,
    group: Group,
    n: u64,
    numerator: Option<u64>,
    value: Option<f64>,
) -> RawResult {
    RawResult {
        school,
        metric,
        group,
        n,
        numerator,
        value,
    }
}

/// The raw result of (school, metric, group), if any.
pub(crate) fn result_of(
    out: &MetricsOutput,
    school: SchoolIdx,
    metric: Metric,
    group: Group,
) -> Option<&RawResult> {
    let mut found = out
        .results
        .iter()
        .filter(|r| r.school == school && r.metric == metric && r.group == group);
    let first = found.next();
    assert!(
        found.next().is_none(),
        "duplicate result for {metric} {group}"
    );
    first
}

/// The groups with a raw result for (school, metric), in `Group::ALL` order.
pub(crate) fn groups_of(out: &MetricsOutput, school: SchoolIdx, metric: Metric) -> Vec<Group> {
    let mut groups: Vec<Group> = out
        .results
        .iter()
        .filter(|r| r.school == school && r.metric == metric)
        .map(|r| r.group)
        .collect();
    groups.sort();
    groups
}

/// A row of `metric_results` with what banding and points added, joined for tests.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScoredRow {
    pub school: SchoolIdx,
    pub metric: Metric,
    pub group: Group,
    pub role: Role,
    pub n: u64,
    pub value: Option<f64>,
    pub level: Option<u8>,
    pub points: Option<f64>,
    pub max_points: Option<f64>,
}

/// The rows of `results` joined with their levels and points.
pub(crate) fn scored_rows(results: &MetricResults) -> Vec<ScoredRow> {
    results
        .rows
        .iter()
        .zip(&results.levels)
        .zip(&results.points)
        .map(|((r, level), points)| ScoredRow {
            school: r.school,
            metric: r.metric,
            group: r.group,
            role: r.role,
            n: r.n,
            value: r.value,
            level: *level,
            points: points.map(|p| p.points),
            max_points: points.map(|p| p.max_points),
        })
        .collect()
}

/// What identifies a row of `metric_results`: school, metric, group.
pub(crate) trait RowKey {
    fn key(&self) -> (SchoolIdx, Metric, Group);
}

impl RowKey for MetricRow {
    fn key(&self) -> (SchoolIdx, Metric, Group) {
        (self.school, self.metric, self.group)
    }
}

impl RowKey for ScoredRow {
    fn key(&self) -> (SchoolIdx, Metric, Group) {
        (self.school, self.metric, self.group)
    }
}

/// The row of (school, metric, group); panics when there is none.
pub(crate) fn row_of<R: RowKey>(rows: &[R], school: SchoolIdx, metric: Metric, group: Group) -> &R {
    rows.iter()
        .find(|r| r.key() == (school, metric, group))
        .unwrap_or_else(|| panic!("no row for school {school} {metric} {group}"))
}

/// Cut points with chosen values, one row per (metric, level key).
pub(crate) fn cut_points(rows: &[(Metric, LevelKey, [f64; 9])]) -> CutPoints {
    CutPoints {
        rows: rows.iter().map(|(m, k, c)| ((*m, *k), *c)).collect(),
    }
}

/// The decile cut points 10, 20, …, 90.
pub(crate) const DECILE_CUTS: [f64; 9] = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0];

/// `DECILE_CUTS` as the `*` row of every non-growth metric.
pub(crate) fn decile_cut_points() -> CutPoints {
    let rows: Vec<(Metric, LevelKey, [f64; 9])> = Metric::ALL
        .iter()
        .filter(|m| !m.is_growth())
        .map(|m| (*m, LevelKey::Any, DECILE_CUTS))
        .collect();
    cut_points(&rows)
}

/// A value that `decile_cut_points` (R15) or the growth decile map (R16) bands at `level` L.
/// Higher is better (and growth): v = 10L − 5 is ≥ c_k = 10k for k ≤ L − 1, so level
/// 1 + (L − 1) = L (growth: floor((10L − 5)/10) + 1 = L). Lower is better: v = 105 − 10L is
/// ≤ c_k for k ≥ 11 − L, i.e. L − 1 cut points, so level L.
/// (Higher: L = 1 → 5, L = 10 → 95. Lower: L = 10 → 5 ≤ all nine; L = 1 → 95 ≤ none.)
pub(crate) fn value_for_level(metric: Metric, level: u8) -> f64 {
    assert!((1..=10).contains(&level));
    let up = 10.0 * level as f64 - 5.0;
    if metric.higher_is_better() {
        up
    } else {
        100.0 - up
    }
}

/// A hand-built metric row before banding: role from the group (race groups `info`),
/// numerator and value only when `value` is given (reported).
pub(crate) fn metric_row(
    school: SchoolIdx,
    metric: Metric,
    group: Group,
    n: u64,
    value: Option<f64>,
) -> MetricRow {
    MetricRow {
        school,
        metric,
        group,
        role: group.fixed_role(),
        n,
        numerator: None,
        value,
    }
}

/// A reported row (n = 50) whose value bands at `level` under `decile_cut_points`.
pub(crate) fn reported_row(
    school: SchoolIdx,
    metric: Metric,
    group: Group,
    level: u8,
) -> MetricRow {
    metric_row(
        school,
        metric,
        group,
        50,
        Some(value_for_level(metric, level)),
    )
}

/// A suppressed row (n = 12: shows n only).
pub(crate) fn suppressed_row(school: SchoolIdx, metric: Metric, group: Group) -> MetricRow {
    metric_row(school, metric, group, 12, None)
}

/// The same row with another role (e.g. a race group as `lowest_race`).
pub(crate) fn with_role(row: MetricRow, role: Role) -> MetricRow {
    MetricRow { role, ..row }
}

/// Sorts rows into report order (school, metric code, group code), as `assemble` leaves them.
pub(crate) fn sort_report_order(rows: &mut [MetricRow]) {
    rows.sort_by(|a, b| {
        (a.school, a.metric.code(), a.group.code()).cmp(&(
            b.school,
            b.metric.code(),
            b.group.code(),
        ))
    });
}

/// R1: means may differ from a hand computation by a relative 1e-9.
pub(crate) fn assert_close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1e-300);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within a relative 1e-9 of {expected}"
    );
}
