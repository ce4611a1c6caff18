//! Points and the index (methodology §6, R25–R28).
//!
//! With `round_components` every component is a whole number of hundredths, so domain sums,
//! the index and the score ratios are computed on integers of hundredths and never drift.
//! Without it, sums are f64 in the order R27 fixes: metrics in §3's table order, the `ALL`
//! row first, then groups by code.

use crate::config::{Config, SubgroupMode};
use crate::dataset::SchoolIdx;
use crate::model::{Domain, Group, Metric, Role};
use crate::numeric::whole_hundredths;
use crate::results::{IndexRow, MetricRow, RowPoints};

/// R2: round2(x) = R(100x)/100, halves away from zero.
pub(crate) fn round2(x: f64) -> f64 {
    (100.0 * x).round() / 100.0
}

/// What the points stage produces: the points of every row (index-aligned with the rows;
/// `Some` for the counted rows of present metrics) and one index row per school.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Points {
    pub rows: Vec<Option<RowPoints>>,
    pub index: Vec<IndexRow>,
}

/// Awards points to the counted rows of present metrics (R25–R26) and builds one index row
/// per school (R27–R28). `rows` are in report order (grouped by school), `levels` aligned
/// with them.
pub(crate) fn award_points(
    rows: &[MetricRow],
    levels: &[Option<u8>],
    school_count: usize,
    config: &Config,
) -> Points {
    let mut points = vec![None; rows.len()];
    let mut index = Vec::with_capacity(school_count);
    let mut start = 0;
    for school in 0..school_count as SchoolIdx {
        let end = start
            + rows[start..]
                .iter()
                .take_while(|r| r.school == school)
                .count();
        index.push(score_school(
            school,
            &rows[start..end],
            &levels[start..end],
            &mut points[start..end],
            config,
        ));
        start = end;
    }
    Points {
        rows: points,
        index,
    }
}

/// R25: a metric is present when enabled and its `ALL` row is reported.
fn present(rows: &[MetricRow], metric: Metric, config: &Config) -> bool {
    config.metric_enabled(metric)
        && rows
            .iter()
            .any(|r| r.metric == metric && r.group == Group::All && r.reported())
}

/// One school's rows: fills `points` (this stage's own output for these rows) and returns
/// the school's index row.
fn score_school(
    school: SchoolIdx,
    rows: &[MetricRow],
    levels: &[Option<u8>],
    points: &mut [Option<RowPoints>],
    config: &Config,
) -> IndexRow {
    let present_metrics: Vec<Metric> = Metric::ALL
        .iter()
        .copied()
        .filter(|m| present(rows, *m, config))
        .collect();
    let count_in = |d: Domain| present_metrics.iter().filter(|m| m.domain() == d).count();
    let (count_a, count_s) = (count_in(Domain::Academic), count_in(Domain::Secc));
    let round = config.points.round_components;

    for metric in &present_metrics {
        let (domain_points, count) = match metric.domain() {
            Domain::Academic => (config.domains.academic, count_a),
            Domain::Secc => (config.domains.secc, count_s),
        };
        let w = domain_points / count as f64;
        let k = rows
            .iter()
            .filter(|r| {
                r.metric == *metric
                    && r.reported()
                    && matches!(r.role, Role::LowestRace | Role::Subgroup)
            })
            .count();
        let (all_share, subgroup_share) = match (config.points.subgroup_mode, k) {
            (SubgroupMode::HalfHalf, 0) => (w, 0.0),
            (SubgroupMode::HalfHalf, k) => (0.5 * w, (0.5 * w) / k as f64),
            (SubgroupMode::EqualShare, k) => (w / (1 + k) as f64, w / (1 + k) as f64),
        };
        for (i, row) in rows.iter().enumerate() {
            if row.metric != *metric || !row.counted() {
                continue;
            }
            let share = if row.role == Role::All {
                all_share
            } else {
                subgroup_share
            };
            let level = levels[i].expect("reported rows are banded before points") as f64;
            let earned = (share * level) / 10.0;
            points[i] = Some(RowPoints {
                points: if round { round2(earned) } else { earned },
                max_points: if round { round2(share) } else { share },
            });
        }
    }

    // R27–R28 sums. Rows arrive ordered by metric code and group code; the f64 order R27
    // fixes (metric table order, the ALL row first, then groups by code) is rebuilt here.
    let mut ordered: Vec<(&MetricRow, RowPoints)> = Vec::new();
    for metric in &present_metrics {
        let of_metric = || {
            rows.iter()
                .zip(points.iter())
                .filter_map(move |(r, p)| p.filter(|_| r.metric == *metric).map(|p| (r, p)))
        };
        ordered.extend(of_metric().filter(|(r, _)| r.role == Role::All));
        ordered.extend(of_metric().filter(|(r, _)| r.role != Role::All));
    }
    let sums = Sums::of(&ordered, round);
    let has_a = count_a > 0;
    let has_s = count_s > 0;
    IndexRow {
        school,
        academic_points: sums.points[0],
        academic_max: sums.max[0],
        secc_points: sums.points[1],
        secc_max: sums.max[1],
        index_score: (has_a && has_s).then_some(sums.index),
        all_students_score: sums.all_students_score,
        subgroup_score: sums.subgroup_score,
        academic_metrics: count_a as u32,
        secc_metrics: count_s as u32,
    }
}

/// The sums of R27–R28 for one school.
struct Sums {
    /// [academic, secc]
    points: [f64; 2],
    max: [f64; 2],
    index: f64,
    all_students_score: Option<f64>,
    subgroup_score: Option<f64>,
}

impl Sums {
    fn of(rows: &[(&MetricRow, RowPoints)], round: bool) -> Sums {
        let domain_slot = |r: &MetricRow| match r.metric.domain() {
            Domain::Academic => 0,
            Domain::Secc => 1,
        };
        let is_all = |r: &MetricRow| r.role == Role::All;
        if round {
            // Exact: integers of hundredths.
            let mut points = [0i64; 2];
            let mut max = [0i64; 2];
            let (mut all_p, mut all_m, mut sub_p, mut sub_m) = (0i64, 0i64, 0i64, 0i64);
            for (r, earned) in rows {
                let (p, m) = (
                    whole_hundredths(earned.points),
                    whole_hundredths(earned.max_points),
                );
                points[domain_slot(r)] += p;
                max[domain_slot(r)] += m;
                if is_all(r) {
                    all_p += p;
                    all_m += m;
                } else {
                    sub_p += p;
                    sub_m += m;
                }
            }
            let ratio = |a: i64, b: i64| (b != 0).then(|| round2((100.0 * a as f64) / b as f64));
            Sums {
                points: [points[0] as f64 / 100.0, points[1] as f64 / 100.0],
                max: [max[0] as f64 / 100.0, max[1] as f64 / 100.0],
                index: (points[0] + points[1]) as f64 / 100.0,
                all_students_score: ratio(all_p, all_m),
                subgroup_score: ratio(sub_p, sub_m),
            }
        } else {
            let mut points = [0.0f64; 2];
            let mut max = [0.0f64; 2];
            let (mut all_p, mut all_m, mut sub_p, mut sub_m) = (0.0, 0.0, 0.0, 0.0);
            for (r, earned) in rows {
                let (p, m) = (earned.points, earned.max_points);
                points[domain_slot(r)] += p;
                max[domain_slot(r)] += m;
                if is_all(r) {
                    all_p += p;
                    all_m += m;
                } else {
                    sub_p += p;
                    sub_m += m;
                }
            }
            let ratio = |a: f64, b: f64| (b != 0.0).then(|| round2((100.0 * a) / b));
            Sums {
                points,
                max,
                index: points[0] + points[1],
                all_students_score: ratio(all_p, all_m),
                subgroup_score: ratio(sub_p, sub_m),
            }
        }
    }
}

#[cfg(test)]
mod tests;
