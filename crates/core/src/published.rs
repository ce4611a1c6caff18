//! One year's output folder as `compute` published it (data-contract §5), read back whole and
//! typed: the manifest, the six reports, the cut points and the history the run used. It is
//! what the reports for people (`report --html`, `explain`, data-contract §7) are built from,
//! so they need nothing outside the folder: no student data, no configuration file.
//!
//! Every report's rows keep the report's order (by school_id first), so a school's rows are
//! contiguous; [`PublishedYear::school`] gathers them. Values are the CSV's, read back to the
//! same f64 (the CSV writes the shortest text that reads back exactly).
//!
//! Read by `load::output::read_published_year`.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::error::UsageError;
use crate::model::cutpoints::CutPoints;
use crate::model::{Band, Designation, Group, Metric, Role, SchoolLevel, Subject};
use crate::report::manifest::Manifest;
use crate::results::Escalation;

/// `status` of a metric_results row (R3), a code of the model.
pub use crate::model::RowStatus;

/// One row of `metric_results`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricResultRecord {
    pub school_id: String,
    pub metric: Metric,
    pub group: Group,
    pub role: Role,
    pub n: u64,
    pub numerator: Option<u64>,
    /// Empty (`None`) when suppressed.
    pub value: Option<f64>,
    pub level: Option<u8>,
    pub points: Option<f64>,
    pub max_points: Option<f64>,
    pub status: RowStatus,
    pub prior_value: Option<f64>,
    pub prior_level: Option<u8>,
    pub change: Option<f64>,
    pub level_change: Option<i64>,
    pub band: Option<Band>,
    /// needed_1, needed_2, needed_3 (R38).
    pub needed: [Option<f64>; 3],
}

impl MetricResultRecord {
    /// Reported with a value: the only rows whose result may be shown (R3).
    pub fn is_shown(&self) -> bool {
        self.status == RowStatus::Reported && self.value.is_some()
    }

    /// A row that earns points (R26): shown, role other than `info`, with points.
    pub fn is_counted(&self) -> bool {
        self.is_shown() && self.role.is_counted() && self.points.is_some()
    }
}

/// One row of `index`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRecord {
    pub school_id: String,
    pub school_name: String,
    pub district_id: String,
    pub school_level: SchoolLevel,
    pub title_i: bool,
    pub academic_points: f64,
    pub academic_max: f64,
    pub secc_points: f64,
    pub secc_max: f64,
    pub index_score: Option<f64>,
    pub all_students_score: Option<f64>,
    pub subgroup_score: Option<f64>,
    pub metrics_reported: u32,
    pub prior_index_score: Option<f64>,
    pub index_change: Option<f64>,
}

/// One row of `growth` (cells with n ≥ n_size only).
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthRecord {
    pub school_id: String,
    pub subject: Subject,
    pub group: Group,
    pub n: u64,
    pub mean_z: f64,
    pub lambda: f64,
    pub effect: f64,
    pub se: f64,
    pub growth_percentile: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub level: u8,
}

/// One row of `designations`.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignationRecord {
    pub school_id: String,
    pub title_i: bool,
    pub designation: Designation,
    /// As written, e.g. `lowest_index+low_graduation`; `None` for NONE and NOT_ELIGIBLE.
    pub basis: Option<String>,
    pub rank_value: Option<f64>,
    pub years_in_status: u32,
    pub escalation: Escalation,
}

impl DesignationRecord {
    /// The bases, split at `+`, in the order written (the first sets rank_value, R33).
    pub fn bases(&self) -> Vec<&str> {
        self.basis
            .as_deref()
            .map(|b| b.split('+').collect())
            .unwrap_or_default()
    }
}

/// A focus area as the support reports write it (R41): metric, group and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FocusRecord {
    pub metric: Metric,
    pub group: Group,
    pub level: u8,
}

/// One row of `partners` (R42).
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRecord {
    pub school_id: String,
    pub designation: Designation,
    pub escalation: Escalation,
    /// `None` when the school has no focus area.
    pub focus: Option<FocusRecord>,
    /// `None` on the one row of a school without candidates (then every partner field is
    /// `None` too).
    pub rank: Option<u32>,
    pub partner_id: Option<String>,
    pub partner_name: Option<String>,
    pub partner_designation: Option<Designation>,
    pub partner_level: Option<u8>,
    pub distance: Option<f64>,
}

/// One row of `communities` (R43).
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityRecord {
    pub community: u32,
    pub focus_metric: Metric,
    pub school_id: String,
    pub school_name: String,
    pub focus_group: Group,
    pub focus_level: u8,
    pub size: u32,
}

/// One row of `history.csv`: a school's designation in an earlier year (R34, R39).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRecord {
    pub year: i32,
    pub school_id: String,
    pub designation: Designation,
}

/// One year's output folder, read back whole.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedYear {
    /// The folder as given, for messages.
    pub folder: String,
    pub manifest: Manifest,
    /// Ordered by school_id, metric, group (the report's order).
    pub metric_results: Vec<MetricResultRecord>,
    /// Ordered by school_id; one row per school.
    pub index: Vec<IndexRecord>,
    pub growth: Vec<GrowthRecord>,
    /// Ordered by school_id; the same schools as `index`.
    pub designations: Vec<DesignationRecord>,
    pub partners: Vec<PartnerRecord>,
    pub communities: Vec<CommunityRecord>,
    /// `cutpoints.csv`: the cut points the run used.
    pub cutpoints: CutPoints,
    /// `history.csv`, when the run had a history (R34, R39); `None` otherwise.
    pub history: Option<Vec<HistoryRecord>>,
    /// Where each school's rows are in the reports (filled by [`PublishedYear::new`]).
    positions: BTreeMap<String, SchoolPositions>,
}

/// The ranges of one school's rows in each report.
#[derive(Debug, Clone, Default, PartialEq)]
struct SchoolPositions {
    index: usize,
    designation: usize,
    metric_results: Range<usize>,
    growth: Range<usize>,
    partners: Range<usize>,
}

/// One school's rows of a published year.
#[derive(Debug, Clone)]
pub struct PublishedSchool<'a> {
    pub index: &'a IndexRecord,
    pub designation: &'a DesignationRecord,
    /// In report order: by metric (§3 order as written), then group.
    pub metric_results: &'a [MetricResultRecord],
    pub growth: &'a [GrowthRecord],
    pub partners: &'a [PartnerRecord],
    /// The community of practice the school is in, every member's row, in report order.
    pub community: Option<Vec<&'a CommunityRecord>>,
}

impl PublishedYear {
    /// Assembles the folder's parts and finds each school's rows. The caller (the loader)
    /// has checked that `index` and `designations` list the same schools, in order, and
    /// that the other reports are ordered by school_id.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        folder: String,
        manifest: Manifest,
        metric_results: Vec<MetricResultRecord>,
        index: Vec<IndexRecord>,
        growth: Vec<GrowthRecord>,
        designations: Vec<DesignationRecord>,
        partners: Vec<PartnerRecord>,
        communities: Vec<CommunityRecord>,
        cutpoints: CutPoints,
        history: Option<Vec<HistoryRecord>>,
    ) -> PublishedYear {
        let mut positions: BTreeMap<String, SchoolPositions> = BTreeMap::new();
        for (i, row) in index.iter().enumerate() {
            positions.entry(row.school_id.clone()).or_default().index = i;
        }
        for (i, row) in designations.iter().enumerate() {
            positions
                .entry(row.school_id.clone())
                .or_default()
                .designation = i;
        }
        let runs = |ids: &mut dyn Iterator<Item = &str>| -> Vec<(String, Range<usize>)> {
            let mut runs: Vec<(String, Range<usize>)> = Vec::new();
            for (i, id) in ids.enumerate() {
                match runs.last_mut() {
                    Some((last, range)) if last == id => range.end = i + 1,
                    _ => runs.push((id.to_string(), i..i + 1)),
                }
            }
            runs
        };
        for (id, range) in runs(&mut metric_results.iter().map(|r| r.school_id.as_str())) {
            positions.entry(id).or_default().metric_results = range;
        }
        for (id, range) in runs(&mut growth.iter().map(|r| r.school_id.as_str())) {
            positions.entry(id).or_default().growth = range;
        }
        for (id, range) in runs(&mut partners.iter().map(|r| r.school_id.as_str())) {
            positions.entry(id).or_default().partners = range;
        }
        PublishedYear {
            folder,
            manifest,
            metric_results,
            index,
            growth,
            designations,
            partners,
            communities,
            cutpoints,
            history,
            positions,
        }
    }

    /// The year of the folder.
    pub fn year(&self) -> i32 {
        self.manifest.year
    }

    /// The configured minimum group size (R3).
    pub fn n_size(&self) -> u64 {
        self.manifest.config.n_size
    }

    /// Every school_id of the index report, in order.
    pub fn school_ids(&self) -> impl Iterator<Item = &str> {
        self.index.iter().map(|r| r.school_id.as_str())
    }

    /// One school's rows; `None` for a school the folder does not list.
    pub fn school(&self, school_id: &str) -> Option<PublishedSchool<'_>> {
        let at = self.positions.get(school_id)?;
        let index = self.index.get(at.index)?;
        if index.school_id != school_id {
            return None;
        }
        let community = self
            .communities
            .iter()
            .find(|c| c.school_id == school_id)
            .map(|own| {
                self.communities
                    .iter()
                    .filter(|c| c.community == own.community)
                    .collect()
            });
        Some(PublishedSchool {
            index,
            designation: &self.designations[at.designation],
            metric_results: &self.metric_results[at.metric_results.clone()],
            growth: &self.growth[at.growth.clone()],
            partners: &self.partners[at.partners.clone()],
            community,
        })
    }

    /// The usage error (exit 2) for a school the folder does not list, asked for by
    /// `command` (`report --school`, `explain --school`).
    pub fn unknown_school(&self, school_id: &str, command: &str) -> UsageError {
        UsageError::new(format!(
            "{command}: school {school_id} is not in {} (index.csv lists {} schools)",
            self.folder,
            self.index.len()
        ))
        .with_hint("use a school_id from the folder's index.csv")
    }

    /// The index row of a school (partners and community members are named by it).
    pub fn index_row(&self, school_id: &str) -> Option<&IndexRecord> {
        self.positions
            .get(school_id)
            .and_then(|at| self.index.get(at.index))
            .filter(|row| row.school_id == school_id)
    }
}
