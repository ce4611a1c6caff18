//! One grade's growth regression: design (R19), errors-in-variables estimator (R20) and
//! standardized residuals (R21).
//!
//! The estimator is computed in centred form. Writing X = [1, X₁] and eliminating the
//! intercept block of (XᵀX − D)β = Xᵀy (D is zero in the intercept's row and column) gives
//! exactly
//!   (C − D₁) β₁ = c,   β₀ = ȳ − x̄ᵀβ₁,
//! where C = Σ (x − x̄)(x − x̄)ᵀ and c = Σ (x − x̄)(y − ȳ) over the grade's sample. This is the
//! R20 solution, not an approximation of it; it is used because the raw XᵀX mixes the
//! intercept with scale scores near 2500 and is badly conditioned, while C is not. The
//! system is also scaled to unit diagonal (Jacobi scaling by C's diagonal) so that the
//! positive-definiteness test has a scale-free threshold.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use rayon::prelude::*;

use super::reduce::{fold_chunks, ordered_sum, CHUNK};
use super::sample::{Obs, N_FLAGS};

/// Non-intercept columns of the R19 design, in order.
pub(super) const N_COLS: usize = 13;

/// Names of the R19 columns: the intercept, then the [`N_COLS`] others.
pub(super) const COLUMN_NAMES: [&str; N_COLS + 1] = [
    "intercept",
    "p",
    "q",
    "SED",
    "SWD",
    "ELc",
    "HOM",
    "FOS",
    "m_SED",
    "m_SWD",
    "m_ELc",
    "m_HOM",
    "m_FOS",
    "m_p",
];

/// Positions of p and q among the non-intercept columns (they carry the D correction).
const COL_P: usize = 0;
const COL_Q: usize = 1;

/// A Cholesky pivot of the unit-diagonal system at or below this is treated as zero: the
/// column is (numerically) a linear combination of the earlier ones. Rounding in sums over
/// up to ~10⁶ rows leaves relative errors far below this, while real predictors are never
/// this close to collinear (1 − R² of one column on the others).
const PIVOT_TOL: f64 = 1e-10;

/// How β was obtained (R20), as named in the model summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Estimator {
    /// (XᵀX − D)⁻¹Xᵀy.
    ErrorsInVariables,
    /// Ordinary least squares because `errors_in_variables = false`.
    Ols,
    /// XᵀX − D was not positive definite: ordinary least squares instead.
    OlsFallback,
    /// XᵀX was singular: a minimum-norm least-squares solution.
    LeastSquaresSingular,
}

impl Estimator {
    pub(super) fn name(self) -> &'static str {
        match self {
            Estimator::ErrorsInVariables => "errors_in_variables",
            Estimator::Ols => "ols",
            Estimator::OlsFallback => "ols_fallback",
            Estimator::LeastSquaresSingular => "least_squares_singular",
        }
    }
}

/// The fitted model of one (subject, grade).
#[derive(Debug, Clone)]
pub(super) struct Fit {
    pub n: usize,
    pub estimator: Estimator,
    /// Indices (0-based, non-intercept) of the kept columns, ascending.
    pub kept: Vec<usize>,
    /// Indices of the columns dropped because all their values are identical (R19).
    pub dropped: Vec<usize>,
    pub intercept: f64,
    /// Coefficients of the kept columns, in `kept` order.
    pub beta: Vec<f64>,
    /// Σ r² over the grade's sample.
    pub rss: f64,
}

impl Fit {
    /// K_g of R21: the intercept and the kept columns.
    pub(super) fn k(&self) -> usize {
        1 + self.kept.len()
    }
}

/// The R19 design row of `o` without the intercept; `m` holds its school-and-grade means.
#[inline]
fn design(o: &Obs, m: &[f64; N_FLAGS + 1]) -> [f64; N_COLS] {
    [
        o.p,
        o.q,
        o.flag(0),
        o.flag(1),
        o.flag(2),
        o.flag(3),
        o.flag(4),
        m[0],
        m[1],
        m[2],
        m[3],
        m[4],
        m[5],
    ]
}

/// First pass: column sums, Σy, and per-column min and max (to find constant columns).
struct Moments {
    sum_x: [f64; N_COLS],
    sum_y: f64,
    min: [f64; N_COLS],
    max: [f64; N_COLS],
}

/// Second pass: centred cross-products of the kept columns (upper triangle, row-major k×k),
/// their products with y − ȳ, and the SEM² sums of R20.
struct CrossProducts {
    xx: Vec<f64>,
    xy: Vec<f64>,
    sp2: f64,
    sq2: f64,
}

/// R19–R21 for one grade's rows (sorted by school). `means[seg_of[i]]` are row i's school
/// means. Returns the fit and the raw residuals r in row order (σ and z are the caller's,
/// which decides whether the grade is usable). `warn` receives R20 fallback messages.
pub(super) fn fit_grade(
    rows: &[Obs],
    means: &[[f64; N_FLAGS + 1]],
    seg_of: &[u32],
    errors_in_variables: bool,
    warn: &mut dyn FnMut(String),
) -> (Fit, Vec<f64>) {
    let n = rows.len();
    let row_x = |i: usize| design(&rows[i], &means[seg_of[i] as usize]);

    let moments = fold_chunks(
        n,
        || Moments {
            sum_x: [0.0; N_COLS],
            sum_y: 0.0,
            min: [f64::INFINITY; N_COLS],
            max: [f64::NEG_INFINITY; N_COLS],
        },
        |acc, range| {
            for i in range {
                let x = row_x(i);
                for (j, &v) in x.iter().enumerate() {
                    acc.sum_x[j] += v;
                    acc.min[j] = acc.min[j].min(v);
                    acc.max[j] = acc.max[j].max(v);
                }
                acc.sum_y += rows[i].y;
            }
        },
        |total, part| {
            for j in 0..N_COLS {
                total.sum_x[j] += part.sum_x[j];
                total.min[j] = total.min[j].min(part.min[j]);
                total.max[j] = total.max[j].max(part.max[j]);
            }
            total.sum_y += part.sum_y;
        },
    );
    let nf = n as f64;
    let x_bar = moments.sum_x.map(|s| s / nf);
    let y_bar = moments.sum_y / nf;
    // R19: a column whose values are all identical carries no information (and would make
    // XᵀX singular with the intercept); it is dropped with coefficient 0.
    let (kept, dropped): (Vec<usize>, Vec<usize>) =
        (0..N_COLS).partition(|&j| moments.min[j] < moments.max[j]);
    let k = kept.len();

    let cross = fold_chunks(
        n,
        || CrossProducts {
            xx: vec![0.0; k * k],
            xy: vec![0.0; k],
            sp2: 0.0,
            sq2: 0.0,
        },
        |acc, range| {
            let mut v = [0.0; N_COLS];
            for i in range {
                let x = row_x(i);
                for (a, &j) in kept.iter().enumerate() {
                    v[a] = x[j] - x_bar[j];
                }
                let dy = rows[i].y - y_bar;
                for a in 0..k {
                    acc.xy[a] += v[a] * dy;
                    let row = &mut acc.xx[a * k..(a + 1) * k];
                    for b in a..k {
                        row[b] += v[a] * v[b];
                    }
                }
                acc.sp2 += rows[i].sp2;
                acc.sq2 += rows[i].sq2;
            }
        },
        |total, part| {
            for (t, p) in total.xx.iter_mut().zip(&part.xx) {
                *t += p;
            }
            for (t, p) in total.xy.iter_mut().zip(&part.xy) {
                *t += p;
            }
            total.sp2 += part.sp2;
            total.sq2 += part.sq2;
        },
    );

    let c = DMatrix::from_fn(k, k, |a, b| cross.xx[a.min(b) * k + a.max(b)]);
    let rhs = DVector::from_column_slice(&cross.xy);
    // R20: D[p,p] = Σ s_p², D[q,q] = Σ s_q², only where p and q are kept columns.
    let mut d = vec![0.0; k];
    if errors_in_variables {
        for (a, &j) in kept.iter().enumerate() {
            if j == COL_P {
                d[a] = cross.sp2;
            } else if j == COL_Q {
                d[a] = cross.sq2;
            }
        }
    }
    let (beta, estimator) = solve(&c, &rhs, &d, errors_in_variables, warn);
    let intercept = kept
        .iter()
        .zip(&beta)
        .fold(y_bar, |acc, (&j, b)| acc - b * x_bar[j]);

    // R21: r = y − xβ with the observed priors, computed in the same centred form.
    let mut resid = vec![0.0; n];
    let partial_rss: Vec<f64> = resid
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, out)| {
            let mut rss = 0.0;
            for (off, r) in out.iter_mut().enumerate() {
                let i = c * CHUNK + off;
                let x = row_x(i);
                let fitted = kept
                    .iter()
                    .zip(&beta)
                    .fold(0.0, |acc, (&j, b)| acc + b * (x[j] - x_bar[j]));
                *r = (rows[i].y - y_bar) - fitted;
                rss += *r * *r;
            }
            rss
        })
        .collect();
    let rss = ordered_sum(&partial_rss);
    let fit = Fit {
        n,
        estimator,
        kept,
        dropped,
        intercept,
        beta,
        rss,
    };
    (fit, resid)
}

/// R20: solves (C − D)β = c, falling back to OLS (D = 0) when C − D is not positive definite
/// and to a minimum-norm least-squares solution when C itself is singular.
fn solve(
    c: &DMatrix<f64>,
    rhs: &DVector<f64>,
    d: &[f64],
    errors_in_variables: bool,
    warn: &mut dyn FnMut(String),
) -> (Vec<f64>, Estimator) {
    let k = c.nrows();
    if k == 0 {
        let estimator = if errors_in_variables {
            Estimator::ErrorsInVariables
        } else {
            Estimator::Ols
        };
        return (Vec::new(), estimator);
    }
    // Jacobi scaling: S = diag(1/√C_jj) (C_jj > 0 for a non-constant column), so S C S has a
    // unit diagonal; β = S u where (S(C − D)S) u = S c. (A C_jj that underflowed to 0 keeps
    // scale 1; its zero row then makes the system singular, as it numerically is.)
    let scale: Vec<f64> = (0..k)
        .map(|j| {
            if c[(j, j)] > 0.0 {
                1.0 / c[(j, j)].sqrt()
            } else {
                1.0
            }
        })
        .collect();
    let cs = DMatrix::from_fn(k, k, |a, b| c[(a, b)] * scale[a] * scale[b]);
    let rs = DVector::from_fn(k, |a, _| rhs[a] * scale[a]);
    let unscale =
        |u: DVector<f64>| -> Vec<f64> { u.iter().zip(&scale).map(|(u, s)| u * s).collect() };

    if errors_in_variables {
        let mut a = cs.clone();
        for j in 0..k {
            a[(j, j)] -= d[j] * scale[j] * scale[j];
        }
        if let Some(chol) = positive_definite(a) {
            return (unscale(chol.solve(&rs)), Estimator::ErrorsInVariables);
        }
    }
    if let Some(chol) = positive_definite(cs.clone()) {
        if errors_in_variables {
            warn(
                "XᵀX − D is not positive definite (the prior scores' measurement error is as large as their spread in this grade); ordinary least squares used instead (R20): growth results are computed, without the errors-in-variables correction"
                    .into(),
            );
            return (unscale(chol.solve(&rs)), Estimator::OlsFallback);
        }
        return (unscale(chol.solve(&rs)), Estimator::Ols);
    }
    // XᵀX singular (so XᵀX − D is not positive definite either): the SVD pseudo-inverse
    // gives the minimum-norm solution; all least-squares solutions share the residuals.
    warn(
        "XᵀX is singular (some columns are combinations of others, common with few schools in a grade, whose school means then coincide); a minimum-norm least-squares solution is used (R20): residuals and growth results are those of any least-squares fit, only the coefficients in the manifest are not unique"
            .into(),
    );
    let svd = cs.svd(true, true);
    let eps = PIVOT_TOL * svd.singular_values.max();
    let u = svd.solve(&rs, eps).expect("U and Vᵀ were computed");
    (unscale(u), Estimator::LeastSquaresSingular)
}

/// The Cholesky factor of a unit-scaled symmetric matrix when it is (numerically) positive
/// definite: finite, and every pivot L_jj² above [`PIVOT_TOL`].
fn positive_definite(m: DMatrix<f64>) -> Option<Cholesky<f64, Dyn>> {
    if m.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let chol = Cholesky::new(m)?;
    let l = chol.l_dirty();
    (0..l.nrows())
        .all(|j| l[(j, j)] * l[(j, j)] > PIVOT_TOL)
        .then_some(chol)
}
