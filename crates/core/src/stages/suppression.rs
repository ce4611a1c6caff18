//! Assembly of every result into the rows of `metric_results` (methodology R3, R5, R24):
//! the one place where n_size decides what is reported, and where the lowest-performing
//! race group of each school and metric gets its role.
//!
//! Input is the raw results of the metrics stage (R7–R14) and the growth cells (R24); output
//! is a new list of [`MetricRow`]s in report order (school, metric code, group code). Levels,
//! points and change are added by later stages as values of their own.

use crate::model::{Metric, Role};
use crate::results::{GrowthOutput, MetricRow, RawResult};

/// R3: a group of `n` students (or respondents) is large enough to report. Every n_size
/// decision of the program goes through here (R3 suppression, R9's k-year rates, R22–R23's
/// growth cells, R30's subgroup cohorts).
pub(crate) fn meets_n_size(n: u64, n_size: u64) -> bool {
    n >= n_size
}

/// Growth cells as metric results (R24): value = growth percentile, n = the cell's n.
pub(crate) fn growth_results(growth: &GrowthOutput) -> Vec<RawResult> {
    growth
        .cells
        .iter()
        .map(|c| RawResult {
            school: c.school,
            metric: Metric::growth_for(c.subject),
            group: c.group,
            n: c.n,
            numerator: None,
            value: c.stats.map(|s| s.growth_percentile),
        })
        .collect()
}

/// Turns raw results into `metric_results` rows: suppression (R3: a row below n_size, or
/// without a value to show, keeps n only), roles (R5), and the report order school_id,
/// metric code, group code.
pub(crate) fn assemble(mut raw: Vec<RawResult>, n_size: u64) -> Vec<MetricRow> {
    raw.sort_by(|a, b| {
        (a.school, a.metric.code(), a.group.code()).cmp(&(
            b.school,
            b.metric.code(),
            b.group.code(),
        ))
    });
    let mut rows: Vec<MetricRow> = raw
        .into_iter()
        .map(|r| {
            let reported = meets_n_size(r.n, n_size) && r.value.is_some();
            MetricRow {
                school: r.school,
                metric: r.metric,
                group: r.group,
                role: r.group.fixed_role(),
                n: r.n,
                numerator: if reported { r.numerator } else { None },
                value: if reported { r.value } else { None },
            }
        })
        .collect();
    // R5: per (school, metric) the worst reported race group is `lowest_race`.
    let mut start = 0;
    while start < rows.len() {
        let key = (rows[start].school, rows[start].metric);
        let end = start
            + rows[start..]
                .iter()
                .take_while(|r| (r.school, r.metric) == key)
                .count();
        if let Some(lowest) = lowest_race(&rows[start..end]) {
            rows[start + lowest].role = Role::LowestRace;
        }
        start = end;
    }
    rows
}

/// R5: among race rows with a reported value, the worst value (lowest when higher is better,
/// highest otherwise); ties to the larger n, then the code that sorts first.
fn lowest_race(rows: &[MetricRow]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, row) in rows.iter().enumerate() {
        let (Some(value), true) = (row.value, row.group.is_race()) else {
            continue;
        };
        let Some(b) = best else {
            best = Some(i);
            continue;
        };
        let current = rows[b].value.expect("reported");
        let worse = if row.metric.higher_is_better() {
            value < current
        } else {
            value > current
        };
        let tie = value == current;
        let wins_tie = tie
            && (row.n > rows[b].n
                || (row.n == rows[b].n && row.group.code() < rows[b].group.code()));
        if worse || wins_tie {
            best = Some(i);
        }
    }
    best
}
