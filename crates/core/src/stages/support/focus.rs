//! R41: the focus area of each PRIORITY and FOCUS school, the row of its results that most
//! needs work.

use std::cmp::Ordering;

use crate::dataset::{SchoolIdx, YearData};
use crate::model::basis::{LOW_SUBGROUP, LOW_SUBGROUP_GRADUATION};
use crate::model::cutpoints::CutPoints;
use crate::model::{Designation, Group, Metric, Role};
use crate::results::{Designations, FocusArea, Grad4, MetricRow};
use crate::stages::change::{cut_span, needed};

use super::SchoolRows;

/// Which rows of a school are candidates for its focus area (R41).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Candidates {
    /// PRIORITY, whatever its basis: counted, reported rows (roles all, lowest_race,
    /// subgroup).
    Counted,
    /// FOCUS whose basis, split at `+`, has the token `low_subgroup`: reported rows with
    /// role lowest_race or subgroup.
    Subgroups,
    /// FOCUS with basis `low_subgroup_graduation` alone: the one GRAD row of the counted
    /// group whose 4-year rate is the rank value.
    SubgroupGraduation,
}

fn candidates_of(designation: Designation, basis: Option<&str>) -> Option<Candidates> {
    match designation {
        Designation::Priority => Some(Candidates::Counted),
        Designation::Focus => {
            let basis = basis?;
            if basis.split('+').any(|token| token == LOW_SUBGROUP) {
                Some(Candidates::Subgroups)
            } else if basis == LOW_SUBGROUP_GRADUATION {
                Some(Candidates::SubgroupGraduation)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// R41's relative shortfall of a row at `level` with `value`: needed_1 (R38, against the
/// cut points `cuts` the row was banded with) divided by c9 − c1 (80 for growth metrics,
/// whose c1 and c9 are 9.5 and 89.5), in f64; 0 when c9 = c1 or the row is at level 10.
pub(crate) fn relative_shortfall(
    metric: Metric,
    value: f64,
    level: u8,
    cuts: Option<&[f64; 9]>,
) -> f64 {
    let (Some(needed_1), Some(span)) = (
        needed(metric, value, level, 1, cuts),
        cut_span(metric, cuts),
    ) else {
        return 0.0;
    };
    if span == 0.0 {
        return 0.0;
    }
    needed_1 / span
}

/// A candidate row with what R41 orders it by.
struct Candidate {
    metric: Metric,
    group: Group,
    level: u8,
    shortfall: f64,
}

/// R41's order: the lowest level; then the largest relative shortfall (f64); then the metric
/// first in §3's table; then `ALL`; then the group code first in byte order.
fn r41_order(a: &Candidate, b: &Candidate) -> Ordering {
    a.level
        .cmp(&b.level)
        .then_with(|| b.shortfall.total_cmp(&a.shortfall))
        .then_with(|| a.metric.cmp(&b.metric))
        .then_with(|| (b.group == Group::All).cmp(&(a.group == Group::All)))
        .then_with(|| a.group.code().as_bytes().cmp(b.group.code().as_bytes()))
}

/// R41: the focus area of every school (`None` for schools that are not PRIORITY or FOCUS,
/// and for those without a candidate row), indexed by school.
pub(super) fn focus_areas(
    data: &YearData,
    school_rows: &SchoolRows,
    grad4: &[Grad4],
    designations: &Designations,
    cutpoints: &CutPoints,
) -> Vec<Option<FocusArea>> {
    let mut focus = vec![None; data.schools.len()];
    let mut graduation_alone: Vec<(SchoolIdx, f64)> = Vec::new();
    for d in &designations.rows {
        let level = data.schools[d.school as usize].level;
        match candidates_of(d.designation, d.basis.as_deref()) {
            None => {}
            Some(Candidates::SubgroupGraduation) => {
                if let Some(rank_value) = d.rank_value {
                    graduation_alone.push((d.school, rank_value));
                }
            }
            Some(kind) => {
                let wanted = |row: &MetricRow| match kind {
                    Candidates::Counted => row.counted(),
                    _ => row.reported() && matches!(row.role, Role::LowestRace | Role::Subgroup),
                };
                focus[d.school as usize] = school_rows
                    .of(d.school)
                    .filter(|(row, _)| wanted(row))
                    .filter_map(|(row, row_level)| {
                        let (row_level, value) = (row_level?, row.value?);
                        Some(Candidate {
                            metric: row.metric,
                            group: row.group,
                            level: row_level,
                            shortfall: relative_shortfall(
                                row.metric,
                                value,
                                row_level,
                                cutpoints.for_school(row.metric, level),
                            ),
                        })
                    })
                    .min_by(r41_order)
                    .map(|c| FocusArea {
                        metric: c.metric,
                        group: c.group,
                        level: c.level,
                    });
            }
        }
    }
    // The counted groups whose 4-year rate is the rank value, found in one pass over grad4.
    let mut rank_values: Vec<Option<f64>> = vec![None; data.schools.len()];
    for &(school, rank_value) in &graduation_alone {
        rank_values[school as usize] = Some(rank_value);
    }
    let at_rank_value: Vec<(SchoolIdx, Group)> = grad4
        .iter()
        .filter(|g| g.rate.is_some() && g.rate == rank_values[g.school as usize])
        .map(|g| (g.school, g.group))
        .collect();
    for (school, _) in graduation_alone {
        focus[school as usize] = subgroup_graduation_focus(school, school_rows, |group| {
            at_rank_value.contains(&(school, group))
        });
    }
    focus
}

/// R41 for a FOCUS school whose basis is `low_subgroup_graduation` alone: the GRAD row of
/// the counted group (role lowest_race or subgroup) whose 4-year rate equals the school's
/// rank value (R33, `at_rank_value`); among several, the group whose code sorts first.
/// `None` when there is no such row or it has no level (it is reported whenever its 4-year
/// cohort has a rate, R9).
fn subgroup_graduation_focus(
    school: SchoolIdx,
    school_rows: &SchoolRows,
    at_rank_value: impl Fn(Group) -> bool,
) -> Option<FocusArea> {
    let (row, level) = school_rows
        .of(school)
        .filter(|(row, _)| {
            row.metric == Metric::Grad
                && matches!(row.role, Role::LowestRace | Role::Subgroup)
                && at_rank_value(row.group)
        })
        .min_by(|(a, _), (b, _)| a.group.code().as_bytes().cmp(b.group.code().as_bytes()))?;
    Some(FocusArea {
        metric: Metric::Grad,
        group: row.group,
        level: level?,
    })
}
