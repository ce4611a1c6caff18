//! Support (methodology §11, R40–R43): partner suggestions for the schools that need them
//! and communities of practice for FOCUS schools, made from year Y's results and enrolment
//! only. A pure stage after designations: school profiles (R40, `profiles`), focus areas
//! (R41, `focus`), partners (R42, `partners`) and communities (R43, `communities`).
//!
//! Everything here runs on one thread in a fixed order (schools by school_id, f64 sums in
//! the order the rules state), so the output is the same at any thread count and whatever
//! the order of the input rows.

mod communities;
mod focus;
mod partners;
mod profiles;
#[cfg(test)]
mod tests;

use crate::config::SupportConfig;
use crate::dataset::{SchoolIdx, YearData};
use crate::model::cutpoints::CutPoints;
use crate::model::{Group, Metric};
use crate::results::{Designations, Grad4, MetricRow, Support};

/// The year's banded metric rows, looked up by school: `rows[i]` has level `levels[i]`
/// (R15–R16, `Some` for every reported row).
pub(crate) struct SchoolRows<'a> {
    rows: &'a [MetricRow],
    levels: &'a [Option<u8>],
    /// Row indices grouped by school (a counting sort, so no input order is assumed):
    /// school s's rows are `order[start[s]..start[s + 1]]`.
    order: Vec<u32>,
    start: Vec<u32>,
}

impl<'a> SchoolRows<'a> {
    fn new(rows: &'a [MetricRow], levels: &'a [Option<u8>], school_count: usize) -> Self {
        let mut start = vec![0u32; school_count + 1];
        for row in rows {
            start[row.school as usize + 1] += 1;
        }
        for s in 0..school_count {
            start[s + 1] += start[s];
        }
        let mut next = start.clone();
        let mut order = vec![0u32; rows.len()];
        for (i, row) in rows.iter().enumerate() {
            let slot = &mut next[row.school as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        SchoolRows {
            rows,
            levels,
            order,
            start,
        }
    }

    /// The rows of school `s` with their levels.
    fn of(&self, s: SchoolIdx) -> impl Iterator<Item = (&'a MetricRow, Option<u8>)> + '_ {
        let range = self.start[s as usize] as usize..self.start[s as usize + 1] as usize;
        self.order[range]
            .iter()
            .map(|&i| (&self.rows[i as usize], self.levels[i as usize]))
    }

    /// The level of school `s`'s reported row for (metric, group), whatever its role.
    fn reported_level(&self, s: SchoolIdx, metric: Metric, group: Group) -> Option<u8> {
        self.of(s)
            .find(|(r, _)| r.metric == metric && r.group == group && r.reported())
            .and_then(|(_, level)| level)
    }
}

/// The support stage (R40–R43) for one year: `rows` and `levels` are the banded
/// metric_results rows, `grad4` the 4-year graduation rates (R9), `cutpoints` the cut points
/// the rows were banded with.
pub(crate) fn support(
    data: &YearData,
    rows: &[MetricRow],
    levels: &[Option<u8>],
    grad4: &[Grad4],
    designations: &Designations,
    cutpoints: &CutPoints,
    config: &SupportConfig,
) -> Support {
    let school_rows = SchoolRows::new(rows, levels, data.schools.len());
    let profiles = profiles::profiles(data);
    let focus_areas = focus::focus_areas(data, &school_rows, grad4, designations, cutpoints);
    let partners = partners::partners(
        data,
        &school_rows,
        designations,
        &profiles,
        &focus_areas,
        config,
    );
    let communities =
        communities::communities(designations, data, &profiles, &focus_areas, config.cop_size);
    Support {
        focus_areas,
        partners,
        communities,
    }
}
