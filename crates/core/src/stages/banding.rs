//! Index levels 1–10 (methodology §4): cut-point banding of non-growth metrics (R15) and the
//! fixed decile map of growth metrics (R16).

use crate::dataset::School;
use crate::error::UsageError;
use crate::model::cutpoints::CutPoints;
use crate::results::MetricRow;

/// R15: higher is better: 1 + #{k : value ≥ c_k}; lower is better: 1 + #{k : value ≤ c_k}.
pub(crate) fn band(value: f64, cuts: &[f64; 9], higher_is_better: bool) -> u8 {
    let passed = cuts
        .iter()
        .filter(|&&c| {
            if higher_is_better {
                value >= c
            } else {
                value <= c
            }
        })
        .count();
    1 + passed as u8
}

/// R16: g = the percentile rounded half up; level = min(10, floor(g / 10) + 1).
pub(crate) fn growth_level(percentile: f64) -> u8 {
    let g = (percentile + 0.5).floor();
    ((g / 10.0).floor() as i64 + 1).clamp(1, 10) as u8
}

/// The level of every row, index-aligned with `rows`: every reported row is banded (`info`
/// rows included, R15; growth by R16), suppressed rows have none. A reported non-growth
/// result with no cut-point row for its school's level stops the run (exit 2), naming
/// metric and level.
pub(crate) fn band_rows(
    rows: &[MetricRow],
    schools: &[School],
    cutpoints: &CutPoints,
) -> Result<Vec<Option<u8>>, UsageError> {
    rows.iter()
        .map(|row| {
            let Some(value) = row.value else {
                return Ok(None);
            };
            if row.metric.is_growth() {
                return Ok(Some(growth_level(value)));
            }
            let level = schools[row.school as usize].level;
            let cuts = cutpoints.for_school(row.metric, level).ok_or_else(|| {
                UsageError::new(format!(
                    "no cut points for metric {} at school level {} (nor a `*` row)",
                    row.metric, level
                ))
                .with_hint(
                    "add the row to the cut-point file, or recalibrate with `core-index cutpoints`",
                )
            })?;
            Ok(Some(band(value, cuts, row.metric.higher_is_better())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metric;

    const CUTS: [f64; 9] = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0];

    /// R15: a value exactly at a cut point counts as reaching it in both directions.
    #[test]
    fn r15_value_at_a_cut_point() {
        // Higher is better: 30 ≥ c1, c2, c3 → 1 + 3 = 4; just below 30 → 1 + 2 = 3.
        assert_eq!(band(30.0, &CUTS, true), 4);
        assert_eq!(band(29.999, &CUTS, true), 3);
        // Lower is better: 30 ≤ c3…c9 → 1 + 7 = 8; just above 30 → 1 + 6 = 7.
        assert_eq!(band(30.0, &CUTS, false), 8);
        assert_eq!(band(30.001, &CUTS, false), 7);
        assert_eq!(band(0.0, &CUTS, true), 1);
        assert_eq!(band(95.0, &CUTS, true), 10);
    }

    /// R15: 0% suspension with c1 ≥ 0 is level 10 (0 ≤ every cut point).
    #[test]
    fn r15_zero_suspension_is_level_10() {
        let cuts = [0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 9.0];
        assert_eq!(band(0.0, &cuts, Metric::Suspension.higher_is_better()), 10);
    }

    /// R16: the decile map 7→1, 57→6, 88→9, 100→10, with half-up rounding first.
    #[test]
    fn r16_decile_map() {
        assert_eq!(growth_level(7.0), 1);
        assert_eq!(growth_level(57.0), 6);
        assert_eq!(growth_level(88.0), 9);
        assert_eq!(growth_level(100.0), 10);
        assert_eq!(growth_level(9.5), 2); // g = 10 → floor(1) + 1
        assert_eq!(growth_level(9.49), 1);
        assert_eq!(growth_level(99.5), 10);
        assert_eq!(growth_level(0.0), 1);
    }

    proptest::proptest! {
        /// R15 invariant: levels are within 1–10 and monotone in the value.
        #[test]
        fn levels_monotone(a in -10.0f64..110.0, b in -10.0f64..110.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            proptest::prop_assert!(band(lo, &CUTS, true) <= band(hi, &CUTS, true));
            proptest::prop_assert!(band(lo, &CUTS, false) >= band(hi, &CUTS, false));
            proptest::prop_assert!((1..=10).contains(&band(a, &CUTS, true)));
            proptest::prop_assert!((1..=10).contains(&growth_level(a.clamp(0.0, 100.0))));
        }
    }
}
