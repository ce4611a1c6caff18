//! The reports of data-contract §5 as [`Table`]s: columns in the contract's order, rows in
//! its order (the stages already produce them sorted).

use crate::dataset::YearData;
use crate::model::cutpoints::CutPoints;
use crate::model::history::History;
use crate::results::{
    CommunityRow, DesignationRow, FocusArea, GrowthOutput, IndexRow, MetricResults, PartnerRow,
};
use crate::stages::change::{IndexChange, RowChange};

use super::table::Table;

fn year_column(data: &YearData, rows: usize) -> Vec<Option<i64>> {
    vec![Some(data.year as i64); rows]
}

fn school_ids<T>(data: &YearData, rows: &[T], school: impl Fn(&T) -> u32) -> Vec<Option<String>> {
    rows.iter()
        .map(|r| Some(data.schools[school(r) as usize].id.clone()))
        .collect()
}

/// `metric_results`, order school_id, metric, group; `changes` (R36–R38) aligned with the
/// rows.
pub(crate) fn metric_results(
    data: &YearData,
    results: &MetricResults,
    changes: &[RowChange],
) -> Table {
    let rows = &results.rows;
    let table = Table::new("metric_results")
        .int("year", year_column(data, rows.len()))
        .str("school_id", school_ids(data, rows, |r| r.school))
        .str(
            "metric",
            rows.iter()
                .map(|r| Some(r.metric.code().to_string()))
                .collect(),
        )
        .str(
            "group",
            rows.iter()
                .map(|r| Some(r.group.code().to_string()))
                .collect(),
        )
        .str(
            "role",
            rows.iter()
                .map(|r| Some(r.role.code().to_string()))
                .collect(),
        )
        .int("n", rows.iter().map(|r| Some(r.n as i64)).collect())
        .int(
            "numerator",
            rows.iter().map(|r| r.numerator.map(|x| x as i64)).collect(),
        )
        .float("value", rows.iter().map(|r| r.value).collect())
        .int(
            "level",
            results.levels.iter().map(|l| l.map(i64::from)).collect(),
        )
        .float(
            "points",
            results.points.iter().map(|p| p.map(|p| p.points)).collect(),
        )
        .float(
            "max_points",
            results
                .points
                .iter()
                .map(|p| p.map(|p| p.max_points))
                .collect(),
        )
        .str(
            "status",
            rows.iter()
                .map(|r| {
                    Some(
                        if r.reported() {
                            "reported"
                        } else {
                            "suppressed"
                        }
                        .to_string(),
                    )
                })
                .collect(),
        );
    change_columns(table, changes)
}

/// The columns of methodology R36–R38 that follow `status` in metric_results.
fn change_columns(table: Table, changes: &[RowChange]) -> Table {
    let needed = |k: usize| changes.iter().map(|c| c.needed[k]).collect();
    table
        .float(
            "prior_value",
            changes.iter().map(|c| c.prior_value).collect(),
        )
        .int(
            "prior_level",
            changes
                .iter()
                .map(|c| c.prior_level.map(i64::from))
                .collect(),
        )
        .float("change", changes.iter().map(|c| c.change).collect())
        .int(
            "level_change",
            changes.iter().map(|c| c.level_change).collect(),
        )
        .str(
            "band",
            changes
                .iter()
                .map(|c| c.band.map(|b| b.code().to_string()))
                .collect(),
        )
        .float("needed_1", needed(0))
        .float("needed_2", needed(1))
        .float("needed_3", needed(2))
}

/// `index`, order school_id; `changes` (R36) aligned with the rows.
pub(crate) fn index(data: &YearData, rows: &[IndexRow], changes: &[IndexChange]) -> Table {
    let school = |r: &IndexRow| &data.schools[r.school as usize];
    Table::new("index")
        .int("year", year_column(data, rows.len()))
        .str(
            "school_id",
            rows.iter().map(|r| Some(school(r).id.clone())).collect(),
        )
        .str(
            "school_name",
            rows.iter().map(|r| Some(school(r).name.clone())).collect(),
        )
        .str(
            "district_id",
            rows.iter()
                .map(|r| Some(school(r).district_id.clone()))
                .collect(),
        )
        .str(
            "school_level",
            rows.iter()
                .map(|r| Some(school(r).level.code().to_string()))
                .collect(),
        )
        .bool(
            "title_i",
            rows.iter().map(|r| Some(school(r).title_i)).collect(),
        )
        .float(
            "academic_points",
            rows.iter().map(|r| Some(r.academic_points)).collect(),
        )
        .float(
            "academic_max",
            rows.iter().map(|r| Some(r.academic_max)).collect(),
        )
        .float(
            "secc_points",
            rows.iter().map(|r| Some(r.secc_points)).collect(),
        )
        .float("secc_max", rows.iter().map(|r| Some(r.secc_max)).collect())
        .float("index_score", rows.iter().map(|r| r.index_score).collect())
        .float(
            "all_students_score",
            rows.iter().map(|r| r.all_students_score).collect(),
        )
        .float(
            "subgroup_score",
            rows.iter().map(|r| r.subgroup_score).collect(),
        )
        .int(
            "metrics_reported",
            rows.iter()
                .map(|r| Some(r.metrics_reported() as i64))
                .collect(),
        )
        .float(
            "prior_index_score",
            changes.iter().map(|c| c.prior_index_score).collect(),
        )
        .float(
            "index_change",
            changes.iter().map(|c| c.index_change).collect(),
        )
}

/// `growth`, order school_id, subject, group: cells with n ≥ n_size only (R24).
pub(crate) fn growth(data: &YearData, output: &GrowthOutput) -> Table {
    let cells: Vec<_> = output
        .cells
        .iter()
        .filter_map(|c| c.stats.map(|s| (c, s)))
        .collect();
    Table::new("growth")
        .int("year", year_column(data, cells.len()))
        .str("school_id", school_ids(data, &cells, |(c, _)| c.school))
        .str(
            "subject",
            cells
                .iter()
                .map(|(c, _)| Some(c.subject.code().to_string()))
                .collect(),
        )
        .str(
            "group",
            cells
                .iter()
                .map(|(c, _)| Some(c.group.code().to_string()))
                .collect(),
        )
        .int("n", cells.iter().map(|(c, _)| Some(c.n as i64)).collect())
        .float(
            "mean_z",
            cells.iter().map(|(_, s)| Some(s.mean_z)).collect(),
        )
        .float(
            "lambda",
            cells.iter().map(|(_, s)| Some(s.lambda)).collect(),
        )
        .float(
            "effect",
            cells.iter().map(|(_, s)| Some(s.effect)).collect(),
        )
        .float("se", cells.iter().map(|(_, s)| Some(s.se)).collect())
        .float(
            "growth_percentile",
            cells
                .iter()
                .map(|(_, s)| Some(s.growth_percentile))
                .collect(),
        )
        .float(
            "ci_low",
            cells.iter().map(|(_, s)| Some(s.ci_low)).collect(),
        )
        .float(
            "ci_high",
            cells.iter().map(|(_, s)| Some(s.ci_high)).collect(),
        )
        .int(
            "level",
            cells.iter().map(|(_, s)| Some(s.level as i64)).collect(),
        )
}

/// `designations`, order school_id.
pub(crate) fn designations(data: &YearData, rows: &[DesignationRow]) -> Table {
    Table::new("designations")
        .int("year", year_column(data, rows.len()))
        .str("school_id", school_ids(data, rows, |r| r.school))
        .bool(
            "title_i",
            rows.iter()
                .map(|r| Some(data.schools[r.school as usize].title_i))
                .collect(),
        )
        .str(
            "designation",
            rows.iter()
                .map(|r| Some(r.designation.code().to_string()))
                .collect(),
        )
        .str("basis", rows.iter().map(|r| r.basis.clone()).collect())
        .float("rank_value", rows.iter().map(|r| r.rank_value).collect())
        .int(
            "years_in_status",
            rows.iter()
                .map(|r| Some(r.years_in_status as i64))
                .collect(),
        )
        .str(
            "escalation",
            rows.iter()
                .map(|r| Some(r.escalation.code().to_string()))
                .collect(),
        )
}

/// The focus-area columns focus_metric, focus_group, focus_level of rows with an optional
/// focus area (R41).
fn focus_columns(table: Table, focus: impl Iterator<Item = Option<FocusArea>> + Clone) -> Table {
    table
        .str(
            "focus_metric",
            focus
                .clone()
                .map(|f| f.map(|f| f.metric.code().to_string()))
                .collect(),
        )
        .str(
            "focus_group",
            focus
                .clone()
                .map(|f| f.map(|f| f.group.code().to_string()))
                .collect(),
        )
        .int(
            "focus_level",
            focus.map(|f| f.map(|f| i64::from(f.level))).collect(),
        )
}

/// `partners`, order school_id, rank (R42): one row per suggested partner, one row with
/// empty partner columns for a school that needs partners but has no candidate.
/// `designations` has one row per school, indexed by school.
pub(crate) fn partners(
    data: &YearData,
    designations: &[DesignationRow],
    rows: &[PartnerRow],
) -> Table {
    let designation_of = |s: u32| &designations[s as usize];
    let table = Table::new("partners")
        .int("year", year_column(data, rows.len()))
        .str("school_id", school_ids(data, rows, |r| r.school))
        .str(
            "designation",
            rows.iter()
                .map(|r| Some(designation_of(r.school).designation.code().to_string()))
                .collect(),
        )
        .str(
            "escalation",
            rows.iter()
                .map(|r| Some(designation_of(r.school).escalation.code().to_string()))
                .collect(),
        );
    let partner = |r: &PartnerRow| r.partner;
    let table = focus_columns(table, rows.iter().map(|r| r.focus))
        .int(
            "rank",
            rows.iter()
                .map(|r| partner(r).map(|p| i64::from(p.rank)))
                .collect(),
        )
        .str(
            "partner_id",
            rows.iter()
                .map(|r| partner(r).map(|p| data.schools[p.school as usize].id.clone()))
                .collect(),
        )
        .str(
            "partner_name",
            rows.iter()
                .map(|r| partner(r).map(|p| data.schools[p.school as usize].name.clone()))
                .collect(),
        )
        .str(
            "partner_designation",
            rows.iter()
                .map(|r| {
                    partner(r).map(|p| designation_of(p.school).designation.code().to_string())
                })
                .collect(),
        )
        .int(
            "partner_level",
            rows.iter()
                .map(|r| partner(r).and_then(|p| p.strength).map(i64::from))
                .collect(),
        )
        .float(
            "distance",
            rows.iter()
                .map(|r| partner(r).map(|p| p.distance))
                .collect(),
        );
    table.check_shape();
    table
}

/// `communities`, order community, school_id (R43).
pub(crate) fn communities(data: &YearData, rows: &[CommunityRow]) -> Table {
    let table = Table::new("communities")
        .int("year", year_column(data, rows.len()))
        .int(
            "community",
            rows.iter().map(|r| Some(i64::from(r.community))).collect(),
        )
        .str(
            "focus_metric",
            rows.iter()
                .map(|r| Some(r.focus.metric.code().to_string()))
                .collect(),
        )
        .str("school_id", school_ids(data, rows, |r| r.school))
        .str(
            "school_name",
            rows.iter()
                .map(|r| Some(data.schools[r.school as usize].name.clone()))
                .collect(),
        )
        .str(
            "focus_group",
            rows.iter()
                .map(|r| Some(r.focus.group.code().to_string()))
                .collect(),
        )
        .int(
            "focus_level",
            rows.iter()
                .map(|r| Some(i64::from(r.focus.level)))
                .collect(),
        )
        .int(
            "size",
            rows.iter().map(|r| Some(i64::from(r.size))).collect(),
        );
    table.check_shape();
    table
}

/// The cut-point file of data-contract §4: metric, school_level, c1 … c9.
pub(crate) fn cutpoints(cutpoints: &CutPoints) -> Table {
    let rows: Vec<_> = cutpoints.rows.iter().collect();
    let mut table = Table::new("cutpoints")
        .str(
            "metric",
            rows.iter()
                .map(|((m, _), _)| Some(m.code().to_string()))
                .collect(),
        )
        .str(
            "school_level",
            rows.iter()
                .map(|((_, l), _)| Some(l.code().to_string()))
                .collect(),
        );
    const NAMES: [&str; 9] = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    for (k, name) in NAMES.iter().enumerate() {
        table = table.float(name, rows.iter().map(|(_, c)| Some(c[k])).collect());
    }
    table
}

/// The history a run's designations used (R34, R39): year, school_id, designation,
/// ordered by year, then school_id.
pub(crate) fn history(history: &History) -> Table {
    let entries = history.entries();
    Table::new("history")
        .int(
            "year",
            entries
                .iter()
                .map(|(y, _, _)| Some(i64::from(*y)))
                .collect(),
        )
        .str(
            "school_id",
            entries
                .iter()
                .map(|(_, id, _)| Some(id.to_string()))
                .collect(),
        )
        .str(
            "designation",
            entries
                .iter()
                .map(|(_, _, d)| Some(d.code().to_string()))
                .collect(),
        )
}
