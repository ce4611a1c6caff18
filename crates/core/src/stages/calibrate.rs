//! Cut-point calibration from a baseline year (methodology R17): the baseline values per
//! metric and level, and nine cut points interpolated between their order statistics.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::dataset::YearData;
use crate::model::cutpoints::{CutPoints, LevelKey};
use crate::model::{Group, Metric, SchoolLevel};
use crate::results::MetricRow;

/// Fewer schools than this gives no row for a (metric, level) (R17).
pub(crate) const MIN_SCHOOLS: usize = 10;

/// R17: c_k = x_j + (r/10)(x_{j+1} − x_j) with j = ⌊k(m−1)/10⌋, r = k(m−1) mod 10 computed
/// in integers, so a whole position is never nudged by floating point. `sorted` ascending.
pub(crate) fn interpolate(sorted: &[f64]) -> [f64; 9] {
    let m = sorted.len();
    std::array::from_fn(|i| {
        let k = i + 1;
        let j = k * (m - 1) / 10;
        let r = k * (m - 1) % 10;
        if r == 0 {
            sorted[j]
        } else {
            sorted[j] + (r as f64 / 10.0) * (sorted[j + 1] - sorted[j])
        }
    })
}

/// The reported `ALL` result of every school (Title I or not) for every switched-on
/// non-growth metric, per (metric, level key): per school level when
/// `cutpoints.by_school_level`, else one `*` key. Every key is present, possibly empty.
pub(crate) fn baseline_values(
    data: &YearData,
    rows: &[MetricRow],
    config: &Config,
) -> BTreeMap<(Metric, LevelKey), Vec<f64>> {
    let keys: Vec<LevelKey> = if config.cutpoints.by_school_level {
        SchoolLevel::ALL
            .iter()
            .map(|l| LevelKey::Level(*l))
            .collect()
    } else {
        vec![LevelKey::Any]
    };
    let mut values = BTreeMap::new();
    // Switched-off metrics get neither rows nor warnings (§9: removed everywhere).
    for metric in Metric::ALL
        .iter()
        .filter(|m| !m.is_growth() && config.metric_enabled(**m))
    {
        for key in &keys {
            let of_key: Vec<f64> = rows
                .iter()
                .filter(|r| r.metric == *metric && r.group == Group::All)
                .filter(|r| match key {
                    LevelKey::Any => true,
                    LevelKey::Level(l) => data.schools[r.school as usize].level == *l,
                })
                .filter_map(|r| r.value)
                .collect();
            values.insert((*metric, *key), of_key);
        }
    }
    values
}

/// R17: cut points from baseline values; a (metric, level) with fewer than 10 schools gets
/// no row and a warning.
pub(crate) fn calibrate(
    values: BTreeMap<(Metric, LevelKey), Vec<f64>>,
) -> (CutPoints, Vec<String>) {
    let mut cutpoints = CutPoints::default();
    let mut warnings = Vec::new();
    for ((metric, key), mut values) in values {
        if values.len() < MIN_SCHOOLS {
            warnings.push(format!(
                "cut points: {metric} at level {}: {} schools with a reported result (fewer than {MIN_SCHOOLS}); no row written",
                key.code(),
                values.len()
            ));
            continue;
        }
        values.sort_by(f64::total_cmp);
        cutpoints.rows.insert((metric, key), interpolate(&values));
    }
    warnings.extend(equal_cut_point_warnings(&cutpoints, |_| true));
    (cutpoints, warnings)
}

/// Cut points that say little about schools (data-contract §5, manifest): for each row of a
/// metric `counts` accepts, a warning naming metric and level when all nine cut points are
/// equal, or when more than half of them (five or more) are. n equal cut points leave n − 1
/// levels that no result can reach; all nine equal leave two levels, 1 and 10 (e.g. EL
/// reclassification calibrated on a year where no school reclassified anyone).
pub(crate) fn equal_cut_point_warnings(
    cutpoints: &CutPoints,
    counts: impl Fn(Metric) -> bool,
) -> Vec<String> {
    let mut warnings = Vec::new();
    for (&(metric, key), cuts) in &cutpoints.rows {
        if !counts(metric) {
            continue;
        }
        // Cut points are ascending, so equal ones are adjacent: find the longest run.
        let (mut start, mut best) = (0, (0, 0));
        for k in 1..=cuts.len() {
            if k == cuts.len() || cuts[k] != cuts[start] {
                if k - start > best.1 - best.0 {
                    best = (start, k);
                }
                start = k;
            }
        }
        let equal = best.1 - best.0;
        let value = cuts[best.0];
        if equal == cuts.len() {
            warnings.push(format!(
                "cut points: {metric} at level {}: all nine cut points are {value}, so every result is level 1 or level 10 and its levels say nothing about schools",
                key.code()
            ));
        } else if 2 * equal > cuts.len() {
            warnings.push(format!(
                "cut points: {metric} at level {}: {equal} of the nine cut points (c{}–c{}) are {value}, so {} levels cannot occur and its levels say little about schools",
                key.code(),
                best.0 + 1,
                best.1,
                equal - 1
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R17 with m = 11 values 0, 10, …, 100: k(m−1) = 10k, so r = 0 and c_k = x_k = 10k.
    #[test]
    fn r17_whole_positions() {
        let x: Vec<f64> = (0..=10).map(|i| i as f64 * 10.0).collect();
        assert_eq!(
            interpolate(&x),
            [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0]
        );
    }

    /// R17 with m = 12 values 0..=11: k(m−1) = 11k; k = 1 → j = 1, r = 1 → c1 = 1 + 0.1·1 = 1.1;
    /// k = 9 → 99 → j = 9, r = 9 → c9 = 9 + 0.9·1 = 9.9.
    #[test]
    fn r17_interpolated_positions() {
        let x: Vec<f64> = (0..12).map(|i| i as f64).collect();
        let c = interpolate(&x);
        assert_eq!(c[0], 1.0 + 0.1 * 1.0);
        assert_eq!(c[4], 5.0 + 0.5 * 1.0); // k = 5: 55 → j = 5, r = 5
        assert_eq!(c[8], 9.0 + (9.0 / 10.0) * 1.0);
    }

    /// All nine equal, and five (more than half) equal, each named with metric and level;
    /// four equal (not more than half) is not; a metric not counted is not looked at.
    #[test]
    fn equal_cut_points_are_named() {
        let mut cutpoints = CutPoints::default();
        cutpoints
            .rows
            .insert((Metric::ElReclass, LevelKey::Any), [0.0; 9]);
        cutpoints.rows.insert(
            (Metric::Sel, LevelKey::Level(SchoolLevel::Middle)),
            [1.0, 2.0, 3.5, 3.5, 3.5, 3.5, 3.5, 4.0, 4.5],
        );
        cutpoints.rows.insert(
            (Metric::Climate, LevelKey::Any),
            [1.0, 2.0, 3.0, 3.0, 3.0, 3.0, 7.0, 8.0, 9.0],
        );
        let warnings = equal_cut_point_warnings(&cutpoints, |_| true);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].starts_with("cut points: SEL at level M: 5 of the nine cut points (c3–c7) are 3.5, so 4 levels cannot occur"), "{}", warnings[1]);
        assert!(warnings[0].starts_with("cut points: EL_RECLASS at level *: all nine cut points are 0, so every result is level 1 or level 10"), "{}", warnings[0]);
        let warnings = equal_cut_point_warnings(&cutpoints, |m| m != Metric::ElReclass);
        assert_eq!(warnings.len(), 1);
    }

    /// R17 on a baseline where no school reclassified anyone: all values 0, all cut points
    /// 0, and calibration says so.
    #[test]
    fn calibration_warns_when_every_baseline_value_is_equal() {
        let mut values = BTreeMap::new();
        values.insert((Metric::ElReclass, LevelKey::Any), vec![0.0; 12]);
        let (cutpoints, warnings) = calibrate(values);
        assert_eq!(
            cutpoints.rows[&(Metric::ElReclass, LevelKey::Any)],
            [0.0; 9]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("EL_RECLASS at level *: all nine"),
            "{}",
            warnings[0]
        );
    }

    proptest::proptest! {
        /// R17 invariant: cut points are ascending and within the data's range.
        #[test]
        fn cuts_ascending(mut v in proptest::collection::vec(0.0f64..100.0, 10..60)) {
            v.sort_by(f64::total_cmp);
            let c = interpolate(&v);
            for w in c.windows(2) { proptest::prop_assert!(w[0] <= w[1]); }
            proptest::prop_assert!(c[0] >= v[0] && c[8] <= v[v.len() - 1]);
        }
    }
}
