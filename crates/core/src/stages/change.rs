//! Change from the prior year (methodology §10): the plain-language band of a level (R37)
//! and the improvement a row needs to rise one, two or three levels (R38). Both need no
//! prior results; the comparison with the prior year's results (R35–R36) builds on them.

use crate::model::Metric;

/// R37: the band of a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    Below,
    Average,
    Above,
}

impl Band {
    /// R37: levels 1–3 below, 4–7 average, 8–10 above.
    pub fn of_level(level: u8) -> Band {
        match level {
            0..=3 => Band::Below,
            4..=7 => Band::Average,
            _ => Band::Above,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Band::Below => "below",
            Band::Average => "average",
            Band::Above => "above",
        }
    }
}

/// R38: the change in value that brings a row at `level` with `value` to level + `k`
/// (k = 1, 2, 3), as a positive amount in the metric's units; `None` when level + k > 10.
/// Non-growth metrics use the nine cut points the row was banded with (`cuts`, ascending):
/// higher is better, c_{L+k−1} − value; lower is better, value − c_{11−L−k}. Growth metrics
/// use R16's decile map, which rounds half up: 10(L + k − 1) − 0.5 − value. One f64
/// subtraction each, not rounded.
pub fn needed(
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
pub fn cut_span(metric: Metric, cuts: Option<&[f64; 9]>) -> Option<f64> {
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

    #[test]
    fn cut_span_of_growth_is_the_decile_map() {
        assert_eq!(cut_span(Metric::ElaGrowth, None), Some(80.0));
        assert_eq!(cut_span(Metric::Sel, Some(&CUTS)), Some(80.0));
        assert_eq!(cut_span(Metric::Sel, None), None);
    }
}
