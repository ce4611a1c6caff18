//! The data a card and the index page show: plain structs that the caller fills from one
//! year's output folder (`metric_results`, `index`, `growth`, `designations`, `partners`,
//! `communities`, `cutpoints.csv`; data contract §5). This crate reads no file: every value
//! arrives here as the CSV holds it, and the renderers only format it.
//!
//! Codes (school levels, roles, statuses, bands, subjects, designations, escalations,
//! domains) are the core library's own types (`core_index::model`), each with `code()`, its
//! spelling in the reports; [`Label`] gives the words a card shows for them.
//! [`MetricDefinition::standard`] and [`group_label`] give the plain-language labels of the
//! codes of methodology §2–§3 (the words `explain` uses too, `core_index::report::words`).

use core_index::model as core;
use core_index::report::words;

pub use core_index::model::{
    Band, Designation, Domain, Escalation, Role, RowStatus, SchoolLevel, Subject,
};

/// How a card names a code in words.
pub trait Label {
    /// The words, e.g. "Elementary", "Lowest race/ethnicity group", "Reward – high
    /// performing".
    fn label(self) -> &'static str;
}

impl Label for SchoolLevel {
    fn label(self) -> &'static str {
        match self {
            SchoolLevel::Elementary => "Elementary",
            SchoolLevel::Middle => "Middle",
            SchoolLevel::High => "High",
        }
    }
}

impl Label for Domain {
    fn label(self) -> &'static str {
        match self {
            Domain::Academic => "Academic",
            Domain::Secc => "Social-emotional and culture-climate",
        }
    }
}

impl Label for Role {
    fn label(self) -> &'static str {
        match self {
            Role::All => "All students",
            Role::LowestRace => "Lowest race/ethnicity group",
            Role::Subgroup => "Subgroup",
            Role::Info => "For information",
        }
    }
}

impl Label for Band {
    fn label(self) -> &'static str {
        match self {
            Band::Below => "Below",
            Band::Average => "Average",
            Band::Above => "Above",
        }
    }
}

impl Label for Subject {
    fn label(self) -> &'static str {
        match self {
            Subject::Ela => "English language arts",
            Subject::Math => "Mathematics",
        }
    }
}

impl Label for Designation {
    /// The designation in words, e.g. "Reward – high performing".
    fn label(self) -> &'static str {
        words::designation_words(self)
    }
}

impl Label for Escalation {
    fn label(self) -> &'static str {
        words::escalation_words(self)
    }
}

/// One school's report card for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The school the card is about (`index` report).
    pub school: School,
    /// Spring year of the school year (`2016` is 2015-16), the `year` column.
    pub year: i32,
    /// The run's minimum group size (methodology R3, configuration `n_size`); suppressed
    /// results say "fewer than `n_size` students".
    pub n_size: u32,
    /// Points, maxima and scores of the `index` report.
    pub index: IndexScores,
    /// Every metric the school has rows for, in the methodology's order (§3 table). A metric
    /// without any row is left out by the caller.
    pub metrics: Vec<MetricResults>,
    /// The school's `growth` report rows (n ≥ n_size only), in report order.
    pub growth: Vec<GrowthRow>,
    /// The school's `designations` row, with the rank figures the caller derives.
    pub designation: DesignationInfo,
    /// The school's `partners` rows (methodology R42), when it has any.
    pub partners: Option<PartnerSuggestions>,
    /// The community of practice the school belongs to (methodology R43), when it is in one.
    pub community: Option<Community>,
}

/// Who the school is (`index` report columns).
#[derive(Debug, Clone, PartialEq)]
pub struct School {
    /// `school_id`, kept as text (CDS codes keep their leading zeros).
    pub id: String,
    /// `school_name`, shown escaped (it may hold `<`, `&` or quotes).
    pub name: String,
    /// `district_id`.
    pub district_id: String,
    /// `school_level`.
    pub level: SchoolLevel,
    /// `title_i`: receives Title I funds (the designation universe).
    pub title_i: bool,
}

/// The school's index and its domains (`index` report). Points and maxima are exact
/// hundredths as the CSV holds them; the card prints them with two decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexScores {
    /// `index_score`, 0–100; `None` when a domain has no reported metric (R27).
    pub index_score: Option<f64>,
    /// `academic_points`: the academic domain's sum of row points.
    pub academic_points: f64,
    /// `academic_max`: the academic domain's sum of row max_points.
    pub academic_max: f64,
    /// `secc_points`: the social-emotional and culture-climate domain's points.
    pub secc_points: f64,
    /// `secc_max`.
    pub secc_max: f64,
    /// `all_students_score` (R28), 0–100; `None` when empty.
    pub all_students_score: Option<f64>,
    /// `subgroup_score` (R28), 0–100; `None` when empty.
    pub subgroup_score: Option<f64>,
    /// `metrics_reported`: metrics with an all-students result.
    pub metrics_reported: u32,
    /// `prior_index_score` (R36); `None` without prior results.
    pub prior_index_score: Option<f64>,
    /// `index_change` (R36), exact in hundredths; `None` without prior results.
    pub index_change: Option<f64>,
}

/// Which way is better for a metric (methodology §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// The unit of a metric's values, which decides how they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Percent of students, 0–100 (written `45.3%`, changes in percentage points).
    Percent,
    /// A mean on the survey's 1–5 scale (SEL; written `3.62`).
    Mean,
    /// A growth percentile, 0–100 (written as a whole number).
    Percentile,
}

/// What a metric is: its code, label, domain, direction and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricDefinition {
    /// The metric code of methodology §3, e.g. `ELA_PERF`.
    pub code: String,
    /// Plain-language name shown as the metric's heading.
    pub label: String,
    /// Academic or social-emotional and culture-climate.
    pub domain: Domain,
    /// Higher or lower is better.
    pub direction: Direction,
    /// How values are written.
    pub unit: Unit,
}

impl MetricDefinition {
    /// The definition of one of the eleven metrics of methodology §3, with the
    /// plain-language label the reports for people share (`core_index::report::words`);
    /// `None` for an unknown code.
    pub fn standard(code: &str) -> Option<Self> {
        let metric = core::Metric::parse(code)?;
        let unit = match metric {
            core::Metric::Sel => Unit::Mean,
            m if m.is_growth() => Unit::Percentile,
            _ => Unit::Percent,
        };
        Some(Self {
            code: code.to_string(),
            label: words::metric_label(metric).to_string(),
            domain: metric.domain(),
            direction: if metric.higher_is_better() {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            },
            unit,
        })
    }
}

/// The cut points a metric's rows were banded with (`cutpoints.csv`, methodology §4).
#[derive(Debug, Clone, PartialEq)]
pub enum CutPoints {
    /// Nine ascending cut points c1 … c9 (R15), from the row of the school's level or `*`.
    Calibrated([f64; 9]),
    /// The fixed decile map of growth metrics (R16): level = ⌊percentile / 10⌋ + 1.
    GrowthDeciles,
    /// No cut points to show (e.g. no row of the metric was reported).
    Unknown,
}

/// One metric of the card: what it is, how it is banded, and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricResults {
    /// Code, label, domain, direction and unit.
    pub definition: MetricDefinition,
    /// The cut points used for this school.
    pub cut_points: CutPoints,
    /// The school's `metric_results` rows for the metric: `ALL` and every group. The card
    /// shows `ALL` first, then the counted groups, then the information-only groups,
    /// keeping the caller's order within each role.
    pub rows: Vec<MetricRow>,
}

/// One `metric_results` row.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    /// `group` code (methodology §2), e.g. `ALL`, `HI`, `SED`.
    pub group: String,
    /// Plain-language group name, e.g. from [`group_label`].
    pub group_label: String,
    /// `role`.
    pub role: Role,
    /// `n`: students (or respondents) in the denominator.
    pub n: u64,
    /// `status`.
    pub status: RowStatus,
    /// `value`; `None` when suppressed.
    pub value: Option<f64>,
    /// `level`, 1–10; `None` when not reported.
    pub level: Option<u8>,
    /// `band` (R37); `None` without a level.
    pub band: Option<Band>,
    /// `points` (R26); `None` for info and suppressed rows.
    pub points: Option<f64>,
    /// `max_points` (R26); `None` for info and suppressed rows.
    pub max_points: Option<f64>,
    /// `prior_value` (R36); `None` without a reported prior row.
    pub prior_value: Option<f64>,
    /// `prior_level` (R36).
    pub prior_level: Option<u8>,
    /// `change` = value − prior_value (R36), unrounded.
    pub change: Option<f64>,
    /// `level_change` = level − prior_level (R36).
    pub level_change: Option<i32>,
    /// `needed_1` (R38): the change in value that lifts the row one level, a positive
    /// amount in the metric's units; `None` at level 10 or without a level.
    pub needed_1: Option<f64>,
}

impl MetricRow {
    /// Whether the card may show the row's result: reported and with a value. A row that
    /// says `reported` but has no value is treated as suppressed, never shown as a gap.
    pub fn is_shown(&self) -> bool {
        self.status == RowStatus::Reported && self.value.is_some()
    }
}

/// One `growth` report row (methodology §5); the report holds only cells with n ≥ n_size.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthRow {
    /// `subject`.
    pub subject: Subject,
    /// `group` code.
    pub group: String,
    /// Plain-language group name.
    pub group_label: String,
    /// `n`: students in the growth sample.
    pub n: u64,
    /// `growth_percentile`, 0–100.
    pub growth_percentile: f64,
    /// `ci_low`, 0–100.
    pub ci_low: f64,
    /// `ci_high`, 0–100.
    pub ci_high: f64,
    /// `level`, 1–10 (R16).
    pub level: u8,
}

/// The school's `designations` row and where it stands in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignationInfo {
    /// `designation`.
    pub designation: Designation,
    /// `basis` as written, e.g. `lowest_index+low_graduation`; `None` for NONE and
    /// NOT_ELIGIBLE.
    pub basis: Option<String>,
    /// `rank_value` (R33): the value the school was ranked on.
    pub rank_value: Option<f64>,
    /// The school's place in the ranking of its first basis (1 = first ranked), derived by
    /// the caller with the methodology's tie rule; `None` when not ranked.
    pub rank: Option<u32>,
    /// How many schools that ranking ranked: N for R29, fewer for the rankings of R30 and
    /// R32 (the schools not Priority with a subgroup score; the eligible); `None` when
    /// unknown.
    pub ranked: Option<u32>,
    /// N, the size of the designation universe U (§7); `None` when unknown.
    pub universe_n: Option<u32>,
    /// One sentence about the cutoff, written by the caller, e.g. "The 3 lowest of 60
    /// Title I schools (5% of N, R29) are Priority; the cutoff index score is 41.20." Shown
    /// as text, escaped.
    pub cutoff: Option<String>,
    /// `years_in_status` (R34): consecutive years in PRIORITY or FOCUS; 0 otherwise.
    pub years_in_status: u32,
    /// `escalation` (R34).
    pub escalation: Escalation,
}

/// The focus area of a designated school (R41): the candidate row with the lowest level.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusArea {
    /// `focus_metric` code.
    pub metric: String,
    /// Plain-language metric name.
    pub metric_label: String,
    /// `focus_group` code.
    pub group: String,
    /// Plain-language group name.
    pub group_label: String,
    /// `focus_level`, 1–10.
    pub level: Option<u8>,
}

/// The school's `partners` rows (R42).
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerSuggestions {
    /// The focus area the partners were matched on; `None` when the school has none.
    pub focus: Option<FocusArea>,
    /// Suggested partners by rank, rank 1 first; empty when the school needs partners but
    /// has no candidate (the report's one row with an empty rank).
    pub partners: Vec<Partner>,
}

/// One suggested partner (a row of the `partners` report).
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// `rank`, 1 … `support.partners`.
    pub rank: u32,
    /// `partner_id`.
    pub school_id: String,
    /// `partner_name` (shown escaped).
    pub school_name: String,
    /// `partner_designation`: a Reward designation.
    pub designation: Designation,
    /// `partner_level`: the partner's level on the focus area (R42); `None` when it has
    /// no reported row for it.
    pub level: Option<u8>,
    /// `distance` (R40): how different the two student populations are, in percentage
    /// points (0 = the same profile).
    pub distance: f64,
}

/// The community of practice a FOCUS school belongs to (R43, `communities` report).
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// `community` number.
    pub number: u32,
    /// `focus_metric` code shared by the members.
    pub focus_metric: String,
    /// Plain-language metric name.
    pub focus_metric_label: String,
    /// Every member, this school included, in report order.
    pub members: Vec<CommunityMember>,
}

/// One school of a community of practice.
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityMember {
    /// `school_id`.
    pub school_id: String,
    /// `school_name` (shown escaped).
    pub school_name: String,
    /// `focus_group` code.
    pub focus_group: String,
    /// Plain-language group name.
    pub focus_group_label: String,
    /// `focus_level`, 1–10.
    pub focus_level: Option<u8>,
}

/// The page listing every school of the output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPage {
    /// Spring year of the school year.
    pub year: i32,
    /// Every school of the `index` report, in any order: the page groups them by district
    /// and sorts them by school level, then index score (highest first), then id.
    pub schools: Vec<IndexEntry>,
}

/// One school on the index page.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// `school_id`; the page links to `SCHOOL_ID.html`.
    pub school_id: String,
    /// `school_name` (shown escaped).
    pub school_name: String,
    /// `district_id`.
    pub district_id: String,
    /// `school_level`.
    pub level: SchoolLevel,
    /// `index_score`; `None` when empty.
    pub index_score: Option<f64>,
    /// `designation`.
    pub designation: Designation,
    /// How many of the school's counted, reported metric rows fall in each band.
    pub bands: BandCounts,
}

/// Counts of metric rows per band (R37).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BandCounts {
    pub below: u32,
    pub average: u32,
    pub above: u32,
}

impl BandCounts {
    /// Counts the counted (roles all, lowest_race, subgroup), reported rows of the metrics
    /// by band; information-only rows are left out, as they are from the points.
    pub fn of_counted_rows(metrics: &[MetricResults]) -> Self {
        let mut counts = Self::default();
        let rows = metrics.iter().flat_map(|m| &m.rows);
        for row in rows.filter(|r| r.role.is_counted() && r.is_shown()) {
            match row.band.or(row.level.map(Band::of_level)) {
                Some(Band::Below) => counts.below += 1,
                Some(Band::Average) => counts.average += 1,
                Some(Band::Above) => counts.above += 1,
                None => {}
            }
        }
        counts
    }
}

impl IndexEntry {
    /// The index page's entry for a card, with the card's counted rows counted by band.
    pub fn from_card(card: &Card) -> Self {
        Self {
            school_id: card.school.id.clone(),
            school_name: card.school.name.clone(),
            district_id: card.school.district_id.clone(),
            level: card.school.level,
            index_score: card.index.index_score,
            designation: card.designation.designation,
            bands: BandCounts::of_counted_rows(&card.metrics),
        }
    }
}

/// Plain-language name of a group code of methodology §2 (R4); the code itself for an
/// unknown one.
pub fn group_label(code: &str) -> &str {
    match core::Group::parse(code) {
        Some(group) => words::group_label(group),
        None => code,
    }
}
