//! Change from the prior year (methodology §10): the comparison of each result with the
//! prior year's (R36), the plain-language band of a level (R37) and the improvement a row
//! needs to rise one, two or three levels (R38). Band and needed_k need no prior results;
//! without them every prior column is empty (R35).
//!
//! The stage is [`compare`]: this year's rows, levels and index beside the prior results
//! (a [`PriorResults`], from memory or from a folder) give one [`RowChange`] per
//! metric_results row and one [`IndexChange`] per index row, index-aligned with them.
//! [`prior_results_of`] turns a year's own results into the next year's prior results.

use crate::dataset::School;
use crate::model::cutpoints::CutPoints;
pub(crate) use crate::model::Band;
use crate::model::Metric;
use crate::numeric::whole_hundredths;
pub(crate) use crate::results::{Change, IndexChange, RowChange};
use crate::results::{IndexRow, MetricResults, PriorResults, PriorSchool, PriorSource};

/// R36–R38 for every metric_results row and every index row. `prior` is `None` for a year
/// without prior results (R35): the prior columns are then empty, band and needed_k still
/// filled. With `round_components`, index scores are whole hundredths and index_change is
/// subtracted as such (R36), so it is exact in hundredths.
pub(crate) fn compare(
    metrics: &MetricResults,
    index: &[IndexRow],
    schools: &[School],
    cutpoints: &CutPoints,
    prior: Option<&PriorResults>,
    round_components: bool,
) -> Change {
    let rows = metrics
        .rows
        .iter()
        .zip(&metrics.levels)
        .map(|(row, level)| {
            let school = &schools[row.school as usize];
            let (prior_value, prior_level) = prior
                .and_then(|p| p.row(&school.id, row.metric, row.group))
                .map_or((None, None), |(v, l)| (Some(v), Some(l)));
            let cuts = cutpoints.for_school(row.metric, school.level);
            let needed = match (row.value, *level) {
                (Some(value), Some(level)) => {
                    [1, 2, 3].map(|k| needed(row.metric, value, level, k, cuts))
                }
                _ => [None; 3],
            };
            RowChange {
                prior_value,
                prior_level,
                change: row.value.zip(prior_value).map(|(v, p)| v - p),
                level_change: level
                    .zip(prior_level)
                    .map(|(l, p)| i64::from(l) - i64::from(p)),
                band: level.map(Band::of_level),
                needed,
            }
        })
        .collect();
    let index = index
        .iter()
        .map(|row| {
            let prior_index_score =
                prior.and_then(|p| p.index_score(&schools[row.school as usize].id));
            IndexChange {
                prior_index_score,
                index_change: row
                    .index_score
                    .zip(prior_index_score)
                    .map(|(now, before)| index_change(now, before, round_components)),
            }
        })
        .collect();
    Change { rows, index }
}

/// R36: index_score − prior_index_score; with `round_components` both are whole numbers of
/// hundredths and are subtracted as integers (so 70.3 − 70.1 is 0.2, not the f64
/// difference 0.20000000000000284).
pub(crate) fn index_change(now: f64, before: f64, round_components: bool) -> f64 {
    if round_components {
        (whole_hundredths(now) - whole_hundredths(before)) as f64 / 100.0
    } else {
        now - before
    }
}

/// A year's own results as the next year's prior results (R35, multi-year runs): every
/// reported row's value and level, and every index score, by school id.
pub(crate) fn prior_results_of(
    year: i32,
    schools: &[School],
    metrics: &MetricResults,
    index: &[IndexRow],
    source: PriorSource,
) -> PriorResults {
    let mut by_school: std::collections::HashMap<String, PriorSchool> = Default::default();
    for row in index {
        by_school
            .entry(schools[row.school as usize].id.clone())
            .or_default()
            .index_score = row.index_score;
    }
    for (row, level) in metrics.rows.iter().zip(&metrics.levels) {
        if let (Some(value), Some(level)) = (row.value, *level) {
            by_school
                .entry(schools[row.school as usize].id.clone())
                .or_default()
                .rows
                .insert((row.metric, row.group), (value, level));
        }
    }
    PriorResults {
        year,
        schools: by_school,
        source,
    }
}

/// R38: the change in value that brings a row at `level` with `value` to level + `k`
/// (k = 1, 2, 3), as a positive amount in the metric's units; `None` when level + k > 10.
/// Non-growth metrics use the nine cut points the row was banded with (`cuts`, ascending):
/// higher is better, c_{L+k−1} − value; lower is better, value − c_{11−L−k}. Growth metrics
/// use R16's decile map, which rounds half up: 10(L + k − 1) − 0.5 − value. One f64
/// subtraction each, not rounded.
pub(crate) fn needed(
    metric: Metric,
    value: f64,
    level: u8,
    k: u8,
    cuts: Option<&[f64; 9]>,
) -> Option<f64> {
    let target = level.checked_add(k)?;
    if !(1..=10).contains(&level) || target > 10 {
        return None;
    }
    if metric.is_growth() {
        return Some(10.0 * f64::from(target - 1) - 0.5 - value);
    }
    let cuts = cuts?;
    Some(if metric.higher_is_better() {
        // c_{L+k−1}, 1-based.
        cuts[usize::from(target) - 2] - value
    } else {
        // c_{11−L−k}, 1-based.
        value - cuts[10 - usize::from(target)]
    })
}

/// The span c9 − c1 of a row's cut points, which R41 divides needed_1 by; growth metrics
/// use 89.5 − 9.5 (the decile map's first and last thresholds, R16).
pub(crate) fn cut_span(metric: Metric, cuts: Option<&[f64; 9]>) -> Option<f64> {
    if metric.is_growth() {
        Some(89.5 - 9.5)
    } else {
        cuts.map(|c| c[8] - c[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::banding::{band, growth_level};

    const CUTS: [f64; 9] = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0];

    /// R37 at the band edges: 3/4 and 7/8.
    #[test]
    fn r37_bands_at_3_4_and_7_8() {
        assert_eq!(Band::of_level(1), Band::Below);
        assert_eq!(Band::of_level(3), Band::Below);
        assert_eq!(Band::of_level(4), Band::Average);
        assert_eq!(Band::of_level(7), Band::Average);
        assert_eq!(Band::of_level(8), Band::Above);
        assert_eq!(Band::of_level(10), Band::Above);
    }

    /// R38, higher is better: value 34 is level 4 (≥ c1, c2, c3). needed_1 = c4 − 34 = 6,
    /// needed_2 = c5 − 34 = 16, needed_3 = c6 − 34 = 26; and the amounts do reach the level.
    #[test]
    fn r38_higher_is_better() {
        let v = 34.0;
        assert_eq!(band(v, &CUTS, true), 4);
        let got: Vec<Option<f64>> = (1..=3)
            .map(|k| needed(Metric::ElaPerf, v, 4, k, Some(&CUTS)))
            .collect();
        assert_eq!(got, [Some(6.0), Some(16.0), Some(26.0)]);
        assert_eq!(band(v + 6.0, &CUTS, true), 5);
        // Level 9 can rise one level only: needed_2 and needed_3 are empty.
        assert_eq!(
            needed(Metric::ElaPerf, 85.0, 9, 1, Some(&CUTS)),
            Some(90.0 - 85.0)
        );
        assert_eq!(needed(Metric::ElaPerf, 85.0, 9, 2, Some(&CUTS)), None);
        assert_eq!(needed(Metric::ElaPerf, 95.0, 10, 1, Some(&CUTS)), None);
    }

    /// R38, lower is better (cut points ascending, so the formula reads c_{11−L−k}):
    /// chronic absence 75 ≤ c8 = 80 and c9 only, level 3. needed_1 = 75 − c7 = 5 (at 70 it
    /// is ≤ c7 too: level 4); needed_2 = 75 − c6 = 15; needed_3 = 75 − c5 = 25.
    #[test]
    fn r38_lower_is_better() {
        let v = 75.0;
        assert_eq!(band(v, &CUTS, false), 3);
        let got: Vec<Option<f64>> = (1..=3)
            .map(|k| needed(Metric::ChronicAbsence, v, 3, k, Some(&CUTS)))
            .collect();
        assert_eq!(got, [Some(5.0), Some(15.0), Some(25.0)]);
        assert_eq!(band(v - 5.0, &CUTS, false), 4);
        assert_eq!(band(v - 25.0, &CUTS, false), 6);
    }

    /// R38, growth (R16 rounds half up): percentile 57.3 is level 6; level 7 needs a
    /// rounded 60, i.e. 59.5: needed_1 = 10·6 − 0.5 − 57.3 = 2.2 (one f64 subtraction:
    /// 59.5 − 57.3). 59.5 itself rounds to 60 → level 7, 59.49 stays 6.
    #[test]
    fn r38_growth_uses_the_half_up_threshold() {
        let n1 = needed(Metric::ElaGrowth, 57.3, 6, 1, None).unwrap();
        assert_eq!(n1, 59.5 - 57.3);
        assert_eq!(growth_level(57.3 + n1), 7);
        assert_eq!(growth_level(59.49), 6);
        assert_eq!(
            needed(Metric::MathGrowth, 57.3, 6, 3, None),
            Some(79.5 - 57.3)
        );
        assert_eq!(needed(Metric::MathGrowth, 95.0, 10, 1, None), None);
    }

    /// R38 with equal adjacent cut points: c4 = c5 = 40. A value of 35 is level 4; one step
    /// to 40 passes both c4 and c5, so needed_1 = needed_2 = 5 (the amount takes the row to
    /// level 6, past level 5).
    #[test]
    fn r38_equal_adjacent_cut_points() {
        let cuts = [10.0, 20.0, 30.0, 40.0, 40.0, 60.0, 70.0, 80.0, 90.0];
        assert_eq!(band(35.0, &cuts, true), 4);
        assert_eq!(needed(Metric::Sel, 35.0, 4, 1, Some(&cuts)), Some(5.0));
        assert_eq!(needed(Metric::Sel, 35.0, 4, 2, Some(&cuts)), Some(5.0));
        assert_eq!(band(40.0, &cuts, true), 6);
    }

    use crate::model::cutpoints::LevelKey;
    use crate::model::{Group, SchoolLevel};
    use crate::results::{IndexRow, MetricRow};
    use crate::stages::test_support::{cut_points, metric_row, schools, suppressed_row};

    /// Two schools S00 (E) and S01 (H) with SEL and CHRONIC_ABSENCE rows, banded under
    /// `CUTS` (the test's own banding: R15 as `band` computes it).
    fn results_of(rows: Vec<MetricRow>) -> MetricResults {
        let levels = rows
            .iter()
            .map(|r| r.value.map(|v| band(v, &CUTS, r.metric.higher_is_better())))
            .collect();
        let points = vec![None; rows.len()];
        MetricResults {
            rows,
            levels,
            points,
        }
    }

    fn index_row(school: u32, index_score: Option<f64>) -> IndexRow {
        IndexRow {
            school,
            academic_points: 0.0,
            academic_max: 0.0,
            secc_points: 0.0,
            secc_max: 0.0,
            index_score,
            all_students_score: None,
            subgroup_score: None,
            academic_metrics: 0,
            secc_metrics: 0,
        }
    }

    fn prior(entries: &[(&str, Metric, Group, f64, u8)], index: &[(&str, f64)]) -> PriorResults {
        let mut p = PriorResults {
            year: 2015,
            ..PriorResults::default()
        };
        for (id, metric, group, value, level) in entries {
            p.schools
                .entry(id.to_string())
                .or_default()
                .rows
                .insert((*metric, *group), (*value, *level));
        }
        for (id, score) in index {
            p.schools.entry(id.to_string()).or_default().index_score = Some(*score);
        }
        p
    }

    fn all_cuts() -> CutPoints {
        cut_points(&[
            (Metric::Sel, LevelKey::Any, CUTS),
            (Metric::ChronicAbsence, LevelKey::Any, CUTS),
        ])
    }

    /// R36 in both directions of "better".
    /// Higher is better (SEL-like units, cut points 10…90): 34 now (level 4: ≥ 10, 20, 30),
    /// 52 before (level 6: ≥ 10…50): change = 34 − 52 = −18, level_change = 4 − 6 = −2 (worse).
    /// Lower is better (CHRONIC_ABSENCE): 75 now (level 3: ≤ 80, 90), 95 before (level 1:
    /// ≤ none): change = 75 − 95 = −20 (fewer absent), level_change = 3 − 1 = +2 (better).
    #[test]
    fn r36_change_and_level_change_in_both_directions() {
        let rows = vec![
            metric_row(0, Metric::ChronicAbsence, Group::All, 50, Some(75.0)),
            metric_row(0, Metric::Sel, Group::All, 50, Some(34.0)),
        ];
        let metrics = results_of(rows);
        let prior = prior(
            &[
                ("S00", Metric::ChronicAbsence, Group::All, 95.0, 1),
                ("S00", Metric::Sel, Group::All, 52.0, 6),
            ],
            &[],
        );
        let change = compare(
            &metrics,
            &[],
            &schools(&[SchoolLevel::Elementary]),
            &all_cuts(),
            Some(&prior),
            true,
        );
        let ca = change.rows[0];
        assert_eq!((ca.prior_value, ca.prior_level), (Some(95.0), Some(1)));
        assert_eq!((ca.change, ca.level_change), (Some(-20.0), Some(2)));
        assert_eq!(ca.band, Some(Band::Below));
        // R38 lower is better at level 3: 75 − c7 = 5, 75 − c6 = 15, 75 − c5 = 25.
        assert_eq!(ca.needed, [Some(5.0), Some(15.0), Some(25.0)]);
        let sel = change.rows[1];
        assert_eq!((sel.prior_value, sel.prior_level), (Some(52.0), Some(6)));
        assert_eq!((sel.change, sel.level_change), (Some(-18.0), Some(-2)));
        assert_eq!(sel.band, Some(Band::Average));
        assert_eq!(sel.needed, [Some(6.0), Some(16.0), Some(26.0)]);
    }

    /// R36: the prior row is matched by (school_id, metric, group); absent or suppressed on
    /// either side leaves the columns empty. A suppressed row now has no level: no band, no
    /// needed_k. The change is one f64 subtraction, not rounded: 0.3 − 0.1 =
    /// 0.19999999999999998.
    #[test]
    fn r36_matches_by_school_id_and_leaves_empty_what_is_missing() {
        let rows = vec![
            metric_row(0, Metric::Sel, Group::All, 50, Some(0.3)),
            metric_row(0, Metric::Sel, Group::Sed, 50, Some(40.0)),
            suppressed_row(0, Metric::Sel, Group::Swd),
            metric_row(1, Metric::Sel, Group::All, 50, Some(95.0)),
        ];
        let metrics = results_of(rows);
        let prior = prior(
            &[
                ("S00", Metric::Sel, Group::All, 0.1, 1),
                ("S00", Metric::Sel, Group::Swd, 30.0, 3),
                // The same metric and group at another school id does not match S01.
                ("S09", Metric::Sel, Group::All, 50.0, 5),
            ],
            &[],
        );
        let change = compare(
            &metrics,
            &[],
            &schools(&[SchoolLevel::Elementary, SchoolLevel::High]),
            &all_cuts(),
            Some(&prior),
            true,
        );
        assert_eq!(change.rows[0].change, Some(0.3 - 0.1));
        assert_eq!(change.rows[0].change, Some(0.19999999999999998));
        assert_eq!(change.rows[0].level_change, Some(0));
        // No prior SED row: prior columns empty, band and needed_k filled.
        assert_eq!(change.rows[1].prior_value, None);
        assert_eq!(change.rows[1].change, None);
        assert_eq!(change.rows[1].band, Some(Band::Average));
        assert_eq!(change.rows[1].needed[0], Some(50.0 - 40.0));
        // Suppressed now, reported before: the prior is shown, nothing to subtract.
        let swd = change.rows[2];
        assert_eq!((swd.prior_value, swd.prior_level), (Some(30.0), Some(3)));
        assert_eq!((swd.change, swd.level_change, swd.band), (None, None, None));
        assert_eq!(swd.needed, [None; 3]);
        // Level 10 now: nothing to rise to.
        assert_eq!(change.rows[3].prior_value, None);
        assert_eq!(change.rows[3].band, Some(Band::Above));
        assert_eq!(change.rows[3].needed, [None; 3]);
    }

    /// R35: without prior results every prior column is empty; band and needed_k are filled.
    #[test]
    fn r35_without_prior_results_only_band_and_needed() {
        let metrics = results_of(vec![metric_row(0, Metric::Sel, Group::All, 50, Some(34.0))]);
        let change = compare(
            &metrics,
            &[index_row(0, Some(50.0))],
            &schools(&[SchoolLevel::Elementary]),
            &all_cuts(),
            None,
            true,
        );
        let row = change.rows[0];
        assert_eq!(
            (
                row.prior_value,
                row.prior_level,
                row.change,
                row.level_change
            ),
            (None, None, None, None)
        );
        assert_eq!(row.band, Some(Band::Average));
        assert_eq!(row.needed, [Some(6.0), Some(16.0), Some(26.0)]);
        assert_eq!(change.index, [IndexChange::default()]);
    }

    /// R36 index_change, exact in hundredths with round_components: 70.3 − 70.1 as f64 is
    /// 0.20000000000000284; as hundredths 7030 − 7010 = 20 → 0.2. 58.67 − 61.7 as f64 is
    /// −3.030000000000001; as hundredths 5867 − 6170 = −303 → −3.03. Without rounding the f64 difference is kept. A school without a prior
    /// index_score, or without one now, has an empty index_change.
    #[test]
    fn r36_index_change_is_exact_in_hundredths() {
        assert_eq!(70.3 - 70.1, 0.20000000000000284);
        assert_eq!(index_change(70.3, 70.1, true), 0.2);
        assert_eq!(58.67 - 61.7, -3.030000000000001);
        assert_eq!(index_change(58.67, 61.7, true), -3.03);
        assert_eq!(index_change(70.3, 70.1, false), 70.3 - 70.1);
        let index = [
            index_row(0, Some(70.3)),
            index_row(1, Some(40.0)),
            index_row(2, None),
        ];
        let prior = prior(&[], &[("S00", 70.1), ("S02", 12.5)]);
        let change = compare(
            &MetricResults::default(),
            &index,
            &schools(&[SchoolLevel::Elementary; 3]),
            &all_cuts(),
            Some(&prior),
            true,
        );
        assert_eq!(
            change.index[0],
            IndexChange {
                prior_index_score: Some(70.1),
                index_change: Some(0.2)
            }
        );
        assert_eq!(change.index[1], IndexChange::default());
        assert_eq!(
            change.index[2],
            IndexChange {
                prior_index_score: Some(12.5),
                index_change: None
            }
        );
    }

    /// A year's own results as prior results: reported rows with their levels and every
    /// index score, by school id; suppressed rows are left out.
    #[test]
    fn prior_results_of_a_year_keep_reported_rows_by_school_id() {
        let rows = vec![
            metric_row(0, Metric::Sel, Group::All, 50, Some(34.0)),
            suppressed_row(0, Metric::Sel, Group::Swd),
        ];
        let metrics = results_of(rows);
        let prior = prior_results_of(
            2015,
            &schools(&[SchoolLevel::Elementary]),
            &metrics,
            &[index_row(0, Some(61.5))],
            PriorSource::default(),
        );
        assert_eq!(prior.row("S00", Metric::Sel, Group::All), Some((34.0, 4)));
        assert_eq!(prior.row("S00", Metric::Sel, Group::Swd), None);
        assert_eq!(prior.index_score("S00"), Some(61.5));
        assert_eq!(prior.index_score("S01"), None);
    }

    #[test]
    fn cut_span_of_growth_is_the_decile_map() {
        assert_eq!(cut_span(Metric::ElaGrowth, None), Some(80.0));
        assert_eq!(cut_span(Metric::Sel, Some(&CUTS)), Some(80.0));
        assert_eq!(cut_span(Metric::Sel, None), None);
    }
}
