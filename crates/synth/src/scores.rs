//! The Smarter Balanced-like vertical scale of the assessments extract: per grade and subject
//! a mean and spread of true scores, the three cut scores between achievement levels 1–4 and
//! the lowest and highest obtainable scores, plus the measurement model (observed score =
//! true score + normal error whose SEM grows away from the middle of the scale).
//!
//! Cut scores and score ranges are those published for Smarter Balanced; the means are close
//! to California's, so level shares look like a large urban district's.

use core_index::model::Subject;

use super::random::{normal, uniform, SynthRng};

/// One grade's scale for one subject, in scale-score points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GradeScale {
    pub grade: i8,
    /// Mean and standard deviation of true scores for a student of ability z = 0 / 1.
    pub mean: f64,
    pub sd: f64,
    /// Lowest scores of levels 2, 3 and 4.
    pub cuts: [f64; 3],
    /// Lowest and highest obtainable scale scores (observed scores are clamped to them).
    pub lowest: f64,
    pub highest: f64,
}

const fn scale(grade: i8, mean: f64, sd: f64, cuts: [f64; 3], range: [f64; 2]) -> GradeScale {
    GradeScale {
        grade,
        mean,
        sd,
        cuts,
        lowest: range[0],
        highest: range[1],
    }
}

const ELA: [GradeScale; 7] = [
    scale(3, 2410.0, 86.0, [2367.0, 2432.0, 2490.0], [2114.0, 2623.0]),
    scale(4, 2450.0, 90.0, [2416.0, 2473.0, 2533.0], [2131.0, 2663.0]),
    scale(5, 2486.0, 92.0, [2442.0, 2502.0, 2582.0], [2201.0, 2701.0]),
    scale(6, 2512.0, 93.0, [2457.0, 2531.0, 2618.0], [2210.0, 2724.0]),
    scale(7, 2536.0, 96.0, [2479.0, 2552.0, 2649.0], [2258.0, 2745.0]),
    scale(8, 2556.0, 98.0, [2487.0, 2567.0, 2668.0], [2288.0, 2769.0]),
    scale(
        11,
        2596.0,
        106.0,
        [2493.0, 2583.0, 2682.0],
        [2299.0, 2795.0],
    ),
];

const MATH: [GradeScale; 7] = [
    scale(3, 2420.0, 80.0, [2381.0, 2436.0, 2501.0], [2189.0, 2621.0]),
    scale(4, 2460.0, 84.0, [2411.0, 2485.0, 2549.0], [2204.0, 2659.0]),
    scale(5, 2490.0, 91.0, [2455.0, 2528.0, 2579.0], [2219.0, 2700.0]),
    scale(6, 2508.0, 101.0, [2473.0, 2552.0, 2610.0], [2235.0, 2748.0]),
    scale(7, 2525.0, 106.0, [2484.0, 2567.0, 2635.0], [2250.0, 2778.0]),
    scale(8, 2542.0, 113.0, [2504.0, 2586.0, 2653.0], [2265.0, 2802.0]),
    scale(
        11,
        2568.0,
        119.0,
        [2543.0, 2628.0, 2718.0],
        [2280.0, 2862.0],
    ),
];

/// The scale of a tested grade (3–8 and 11), `None` for untested grades.
pub(crate) fn grade_scale(subject: Subject, grade: i8) -> Option<&'static GradeScale> {
    let table = match subject {
        Subject::Ela => &ELA,
        Subject::Math => &MATH,
    };
    table.iter().find(|s| s.grade == grade)
}

/// Whether students of this grade sit the assessments.
pub(crate) fn is_tested_grade(grade: i8) -> bool {
    matches!(grade, 3..=8 | 11)
}

/// One observed result, in the units written to the extract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Observed {
    /// Scale score in tenths of a point (the extract has one decimal).
    pub score_tenths: u32,
    /// Standard error of measurement in tenths of a point (always > 0).
    pub sem_tenths: u16,
    pub level: u8,
}

/// Observes a student of standardized true ability `z`: the SEM is smallest in the middle
/// of the grade's distribution (~20–25 points) and grows towards the extremes, as it does
/// for adaptive tests whose item pools thin out there.
pub(crate) fn observe(
    rng: &mut SynthRng,
    subject: Subject,
    scale: &GradeScale,
    z: f64,
) -> Observed {
    let true_score = scale.mean + scale.sd * z;
    let distance = (true_score - scale.mean) / scale.sd;
    let subject_base = match subject {
        Subject::Ela => 22.5,
        Subject::Math => 20.5,
    };
    let sem =
        (subject_base + 5.0 * distance * distance + uniform(rng, -1.5, 1.5)).clamp(16.0, 60.0);
    let observed = (true_score + sem * normal(rng)).clamp(scale.lowest, scale.highest);
    let score_tenths = (observed * 10.0).round() as u32;
    let sem_tenths = (sem * 10.0).round() as u16;
    Observed {
        score_tenths,
        sem_tenths,
        level: level_of(scale, score_tenths),
    }
}

/// Achievement level 1–4 of a score in tenths (compared in integers, as written).
pub(crate) fn level_of(scale: &GradeScale, score_tenths: u32) -> u8 {
    let passed = scale
        .cuts
        .iter()
        .filter(|cut| score_tenths >= (**cut * 10.0) as u32)
        .count();
    1 + passed as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{rng_for, Stream};

    #[test]
    fn levels_follow_the_cut_scores() {
        let g3 = grade_scale(Subject::Ela, 3).unwrap();
        assert_eq!(level_of(g3, 23669), 1);
        assert_eq!(level_of(g3, 23670), 2);
        assert_eq!(level_of(g3, 24320), 3);
        assert_eq!(level_of(g3, 24900), 4);
        assert!(grade_scale(Subject::Math, 9).is_none());
    }

    #[test]
    fn observed_scores_stay_on_the_scale_with_positive_sem() {
        let mut rng = rng_for(3, Stream::Records, 0, 2015);
        for subject in [Subject::Ela, Subject::Math] {
            for grade in [3, 4, 5, 6, 7, 8, 11] {
                let scale = grade_scale(subject, grade).unwrap();
                for z in [-6.0, -1.0, 0.0, 1.5, 6.0] {
                    let o = observe(&mut rng, subject, scale, z);
                    let score = o.score_tenths as f64 / 10.0;
                    assert!(score >= scale.lowest && score <= scale.highest);
                    assert!(o.sem_tenths >= 160 && o.sem_tenths <= 600);
                    assert!((1..=4).contains(&o.level));
                }
            }
        }
    }
}
