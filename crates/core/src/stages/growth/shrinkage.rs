//! School and group effects with empirical-Bayes shrinkage (R22–R23) and the decile level of
//! a growth percentile (R16).
//!
//! Input is every included student's (school, groups, z), sorted by school. Every mean and
//! sum here is exact (R1: a correctly rounded sum, divided by the count for a mean), so no
//! result depends on the order of the students or on the thread count.

use crate::stages::banding::growth_level;
use crate::stages::suppression::meets_n_size;
use rayon::prelude::*;

use super::reduce::runs;
use crate::dataset::SchoolIdx;
use crate::model::{Group, GroupSet};
use crate::numeric::{exact_mean, normal_cdf, ExactSum};
use crate::results::GrowthStats;

const N_GROUPS: usize = 16;

/// One included student: tested school, R4 groups, standardized residual z (R21).
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub school: SchoolIdx,
    pub groups: GroupSet,
    pub z: f64,
}

/// R22 sums of one school, all grades together, indexed by `Group::index()`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SchoolSums {
    pub school: SchoolIdx,
    pub n: [u64; N_GROUPS],
    /// e of R22 per group: the exact mean z of the group's students (NaN when n = 0).
    pub mean_z: [f64; N_GROUPS],
    /// Σ (z − e_ALL)² over the school's students, exact (the pooled within variance s² sums
    /// it over all students of all schools before rounding).
    pub ss_within: ExactSum,
}

impl SchoolSums {
    /// e of R22: the mean z of the group's students.
    pub(super) fn mean(&self, g: Group) -> f64 {
        self.mean_z[g.index()]
    }
}

/// R22: per-school counts and sums of z for every group. `scored` is sorted by school.
pub(super) fn school_sums(scored: &[Scored]) -> Vec<SchoolSums> {
    runs(scored, |s| s.school)
        .into_par_iter()
        .map(|range| {
            let students = &scored[range];
            let mut n = [0u64; N_GROUPS];
            let mut sum_z: [ExactSum; N_GROUPS] = Default::default();
            for s in students {
                // The set bits of the group mask are the group indices (`Group::bit`).
                let mut bits = s.groups.0;
                while bits != 0 {
                    let g = bits.trailing_zeros() as usize;
                    n[g] += 1;
                    sum_z[g].add(s.z);
                    bits &= bits - 1;
                }
            }
            let mean_z: [f64; N_GROUPS] = std::array::from_fn(|g| sum_z[g].value() / n[g] as f64);
            let e = mean_z[Group::All.index()];
            let ss_within: ExactSum = students.iter().map(|s| (s.z - e) * (s.z - e)).collect();
            SchoolSums {
                school: students[0].school,
                n,
                mean_z,
                ss_within,
            }
        })
        .collect()
}

/// The subject-wide quantities of R22–R23, from the `ALL` cells with n ≥ n_size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Pooled {
    /// S: number of those cells (schools).
    pub schools: usize,
    /// s²: pooled within-school variance of z.
    pub s2: f64,
    /// ē: unweighted mean of their e.
    pub e_bar: f64,
    /// τ²: between-school variance of true effects, by moments, floored at 0.
    pub tau2: f64,
}

/// R22 pooled quantities over the `ALL` cells with n ≥ n_size (schools in order).
pub(super) fn pooled(schools: &[SchoolSums], n_size: u64) -> Pooled {
    let all = Group::All.index();
    let reported: Vec<&SchoolSums> = schools
        .iter()
        .filter(|s| meets_n_size(s.n[all], n_size))
        .collect();
    let count = reported.len();
    let big_n: u64 = reported.iter().map(|s| s.n[all]).sum();
    let s2 = if big_n as usize == count {
        0.0
    } else {
        let mut ss = ExactSum::new();
        for s in &reported {
            ss.merge(&s.ss_within);
        }
        ss.value() / (big_n - count as u64) as f64
    };
    if count == 0 {
        return Pooled {
            schools: 0,
            s2,
            e_bar: 0.0,
            tau2: 0.0,
        };
    }
    let e_bar = exact_mean(reported.iter().map(|s| s.mean(Group::All))).expect("count > 0");
    let between = exact_mean(reported.iter().map(|s| {
        let dev = s.mean(Group::All) - e_bar;
        dev * dev
    }))
    .expect("count > 0");
    let sampling = exact_mean(reported.iter().map(|s| s2 / s.n[all] as f64)).expect("count > 0");
    Pooled {
        schools: count,
        s2,
        e_bar,
        tau2: (between - sampling).max(0.0),
    }
}

/// R23 shrinkage of one cell with mean z `e` over `n` students: (λ, effect, se).
pub(super) fn shrink(e: f64, n: u64, pooled: &Pooled, shrinkage: bool) -> (f64, f64, f64) {
    let v = pooled.s2 / n as f64;
    let lambda = if !shrinkage {
        1.0
    } else if pooled.tau2 == 0.0 {
        0.0
    } else {
        pooled.tau2 / (pooled.tau2 + v)
    };
    (lambda, lambda * (e - pooled.e_bar), (lambda * v).sqrt())
}

/// A reported cell's mean z and its R23 shrinkage, before the percentile scale.
#[derive(Debug, Clone, Copy)]
struct Shrunk {
    e: f64,
    lambda: f64,
    effect: f64,
    se: f64,
}

/// R23 statistics of every cell with n ≥ n_size, by school (same order as `schools`) and
/// `Group::index()`.
pub(super) fn cell_stats(
    schools: &[SchoolSums],
    n_size: u64,
    shrinkage: bool,
) -> Vec<[Option<GrowthStats>; N_GROUPS]> {
    let pooled = pooled(schools, n_size);
    let shrunk: Vec<[Option<Shrunk>; N_GROUPS]> = schools
        .iter()
        .map(|s| {
            std::array::from_fn(|g| {
                let n = s.n[g];
                meets_n_size(n, n_size).then(|| {
                    let e = s.mean_z[g];
                    let (lambda, effect, se) = shrink(e, n, &pooled, shrinkage);
                    Shrunk {
                        e,
                        lambda,
                        effect,
                        se,
                    }
                })
            })
        })
        .collect();
    // m and d: mean and standard deviation (divisor S − 1) of the ALL cells' effects.
    let all_effects: Vec<f64> = shrunk
        .iter()
        .filter_map(|cells| cells[Group::All.index()].map(|c| c.effect))
        .collect();
    let count = all_effects.len();
    let (m, d) = if count >= 2 {
        let m = exact_mean(all_effects.iter().copied()).expect("count ≥ 2");
        let ss: ExactSum = all_effects.iter().map(|e| (e - m) * (e - m)).collect();
        (m, (ss.value() / (count - 1) as f64).sqrt())
    } else {
        (0.0, 0.0)
    };
    // All three are 50 when S < 2 or d = 0 (R23).
    let centile = |x: f64| {
        if d > 0.0 {
            100.0 * normal_cdf((x - m) / d)
        } else {
            50.0
        }
    };
    shrunk
        .iter()
        .map(|cells| {
            cells.map(|cell| {
                cell.map(|c| {
                    let growth_percentile = centile(c.effect);
                    GrowthStats {
                        mean_z: c.e,
                        lambda: c.lambda,
                        effect: c.effect,
                        se: c.se,
                        growth_percentile,
                        ci_low: centile(c.effect - 1.96 * c.se),
                        ci_high: centile(c.effect + 1.96 * c.se),
                        level: growth_level(growth_percentile),
                    }
                })
            })
        })
        .collect()
}
