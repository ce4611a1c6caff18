//! Numbers that must be the same everywhere: exact sums (methodology R1) and the standard
//! normal CDF (R23).
//!
//! R1: a mean over rows is the correctly rounded sum of its values (the exact sum, rounded
//! once, as Python's `math.fsum` gives) divided by the count, so it is determined to the last
//! bit whatever the order of the rows or the number of threads — a value sitting exactly on a
//! cut point lands on the same level everywhere. [`ExactSum`] keeps the sum exactly as a short
//! list of non-overlapping partial sums (Shewchuk's algorithm, the one `math.fsum` uses) and
//! rounds once at the end; two sums merge exactly, so per-thread sums can be combined in any
//! order.
//!
//! Points, scores and index scores are whole hundredths (R2); [`whole_hundredths`] turns
//! one into that integer, so sums and differences of them are exact.

/// An exact sum of f64 values, rounded once when read (R1).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ExactSum {
    /// Non-overlapping partial sums, in increasing magnitude; their exact sum is the total.
    partials: Vec<f64>,
}

impl ExactSum {
    pub(crate) fn new() -> Self {
        ExactSum::default()
    }

    /// Adds `x` exactly (finite values; the inputs of this program always are).
    pub(crate) fn add(&mut self, x: f64) {
        let mut x = x;
        let mut kept = 0;
        for i in 0..self.partials.len() {
            let mut y = self.partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            // Two-sum: hi + lo == x + y exactly.
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// Adds every value of `other` exactly: the same total, whatever the order of merging.
    pub(crate) fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The exact sum, correctly rounded to the nearest f64 (ties to even).
    pub(crate) fn value(&self) -> f64 {
        let partials = &self.partials;
        let mut n = partials.len();
        if n == 0 {
            return 0.0;
        }
        n -= 1;
        let mut hi = partials[n];
        let mut lo = 0.0;
        // Sum from the largest partial down while the additions are exact.
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let y_rounded = hi - x;
            lo = y - y_rounded;
            if lo != 0.0 {
                break;
            }
        }
        // Half-way cases: when the remaining partials push the rounding the same way as lo,
        // round away from hi (Python's math.fsum does the same correction).
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let y_rounded = x - hi;
            if y == y_rounded {
                hi = x;
            }
        }
        hi
    }
}

impl FromIterator<f64> for ExactSum {
    fn from_iter<I: IntoIterator<Item = f64>>(values: I) -> Self {
        let mut sum = ExactSum::new();
        for v in values {
            sum.add(v);
        }
        sum
    }
}

/// A value that is a whole number of hundredths (a round2 result, R2), as that integer.
pub(crate) fn whole_hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// R1: the correctly rounded sum of `values` divided by their count; `None` when empty.
pub(crate) fn exact_mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut sum = ExactSum::new();
    let mut count = 0u64;
    for v in values {
        sum.add(v);
        count += 1;
    }
    (count > 0).then(|| sum.value() / count as f64)
}

/// The standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate to a few units in the last place
/// (R23). libm's erfc is; the complement keeps precision in the lower tail. Dividing by √2
/// rounds the argument, which alone moves the result by up to x²·ε relative (several ulps
/// at |x| = 3), so that rounding error is measured exactly (an FMA and √2's low part) and
/// corrected to first order: erfc(z + e) ≈ erfc(z) − (2/√π)·exp(−z²)·e.
pub(crate) fn normal_cdf(x: f64) -> f64 {
    const SQRT_2_HI: f64 = std::f64::consts::SQRT_2;
    /// √2 − SQRT_2_HI.
    const SQRT_2_LO: f64 = -9.667293313452913e-17;
    const TWO_OVER_SQRT_PI: f64 = std::f64::consts::FRAC_2_SQRT_PI;
    let z = -x / SQRT_2_HI;
    // −x − z·√2 exactly enough: the FMA is exact, z·lo is far below it.
    let residual = (-z).mul_add(SQRT_2_HI, -x) - z * SQRT_2_LO;
    let e = residual / SQRT_2_HI;
    0.5 * (libm::erfc(z) - TWO_OVER_SQRT_PI * (-z * z).exp() * e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Φ at points across the range, computed to 50 digits with mpmath's `ncdf` and rounded
    /// to the nearest f64 (Python: `float(mpmath.ncdf(mpmath.mpf(x)))` at `mp.dps = 50`).
    const PHI: &[(f64, f64)] = &[
        (-8.0, 6.220960574271784e-16),
        (-6.5, 4.016000583859118e-11),
        (-5.0, 2.866515718791939e-07),
        (-4.0, 3.1671241833119924e-05),
        (-3.0, 0.0013498980316300946),
        (-2.5, 0.006209665325776135),
        (-2.1, 0.017864420562816553),
        (-2.0, 0.02275013194817921),
        (-1.9, 0.028716559816001807),
        (-1.8, 0.0359303191129258),
        (-1.7, 0.04456546275854304),
        (-1.6, 0.05479929169955798),
        (-1.5, 0.06680720126885807),
        (-1.4, 0.08075665923377107),
        (-1.3, 0.09680048458561033),
        (-1.2, 0.11506967022170828),
        (-1.1, 0.13566606094638264),
        (-1.0, 0.15865525393145705),
        (-0.9, 0.18406012534675947),
        (-0.8, 0.21185539858339666),
        (-0.7, 0.24196365222307303),
        (-0.5, 0.3085375387259869),
        (-0.3, 0.3820885778110474),
        (-0.1, 0.460172162722971),
        (0.0, 0.5),
        (0.1, 0.539827837277029),
        (0.3, 0.6179114221889527),
        (0.5, 0.6914624612740131),
        (0.7, 0.758036347776927),
        (0.8, 0.7881446014166034),
        (0.9, 0.8159398746532405),
        (1.0, 0.8413447460685429),
        (1.1, 0.8643339390536173),
        (1.2, 0.8849303297782917),
        (1.3, 0.9031995154143897),
        (1.4, 0.9192433407662289),
        (1.5, 0.9331927987311419),
        (1.6, 0.945200708300442),
        (1.7, 0.955434537241457),
        (1.8, 0.9640696808870742),
        (1.9, 0.9712834401839981),
        (2.0, 0.9772498680518208),
        (2.1, 0.9821355794371834),
        (1.2345, 0.8914916766373299),
        (1.96, 0.9750021048517795),
        (-1.96, 0.024997895148220435),
        (2.5, 0.9937903346742238),
        (3.0, 0.9986501019683699),
        (4.0, 0.9999683287581669),
        (5.0, 0.9999997133484281),
        (6.5, 0.99999999995984),
        (8.0, 0.9999999999999993),
    ];

    /// Distance in units in the last place between two positive f64s.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// R23: Φ within 4 ulps of the high-precision value from −8 to 8, including
    /// 0.7 < |x| < 2.1, where statrs 0.19's erfc was off by up to 2.5e-9 on the 0–100 scale.
    #[test]
    fn normal_cdf_is_accurate_to_a_few_ulps() {
        for &(x, expected) in PHI {
            let got = normal_cdf(x);
            assert!(
                ulps(got, expected) <= 4,
                "Φ({x}) = {got}, expected {expected}"
            );
            // On the percentile scale the error stays far below anything a report shows.
            assert!((100.0 * got - 100.0 * expected).abs() <= 1e-12, "{x}");
        }
    }

    /// Sums whose exact value Python's `math.fsum` gives (run to get the expectations):
    /// fsum([0.1] * 10) = 1.0; fsum([1e100, 1.0, -1e100]) = 1.0;
    /// fsum([0.1, 0.2, 0.3]) = 0.6; fsum([1e16, 1.0, 1e-16]) = 1.0000000000000002e16 (the
    /// tiny term breaks the tie upward); fsum([68.8, 51.4, 39.6]) / 3 = 53.26666666666667, where
    /// adding left to right gives 53.26666666666666 — one bit that decides a level when a
    /// cut point sits there (a CLIMATE mean of three respondent groups, R14).
    #[test]
    fn exact_sums_match_python_fsum() {
        assert_eq!(ExactSum::from_iter([0.1; 10]).value(), 1.0);
        assert_eq!(ExactSum::from_iter([1e100, 1.0, -1e100]).value(), 1.0);
        assert_eq!(ExactSum::from_iter([0.1, 0.2, 0.3]).value(), 0.6);
        assert_eq!(
            ExactSum::from_iter([1e16, 1.0, 1e-16]).value(),
            1.0000000000000002e16
        );
        assert_eq!(exact_mean([68.8, 51.4, 39.6]), Some(53.26666666666667));
        assert_eq!(
            (68.8 + 51.4 + 39.6) / 3.0,
            53.26666666666666,
            "why exact means matter"
        );
        assert_eq!(
            exact_mean([39.6, 51.4, 68.8]),
            Some(53.26666666666667),
            "any order"
        );
        assert_eq!(exact_mean(Vec::<f64>::new()), None);
        assert_eq!(ExactSum::new().value(), 0.0);
    }

    proptest::proptest! {
        /// The exact sum of values that are multiples of 2⁻⁴⁰ (so their true sum is an exact
        /// integer count of 2⁻⁴⁰ in i128) equals that integer correctly rounded — Rust's
        /// `i128 as f64` rounds to nearest, ties to even — whatever the order, and merging
        /// two halves gives the same value.
        #[test]
        fn exact_sum_is_the_correctly_rounded_true_sum_in_any_order(
            units in proptest::collection::vec(-(1i64 << 60)..(1i64 << 60), 0..60),
            split in 0usize..60,
        ) {
            let scale = (2.0f64).powi(-40);
            let values: Vec<f64> = units.iter().map(|&u| u as f64 * scale).collect();
            // u as f64 is exact only below 2^53: use the values' own exact integers.
            let exact: i128 = values.iter().map(|v| (v / scale) as i128).sum();
            let expected = exact as f64 * scale;
            let forward = ExactSum::from_iter(values.iter().copied()).value();
            let backward = ExactSum::from_iter(values.iter().rev().copied()).value();
            proptest::prop_assert_eq!(forward, expected);
            proptest::prop_assert_eq!(backward, expected);
            let at = split.min(values.len());
            let mut first = ExactSum::from_iter(values[..at].iter().copied());
            let second = ExactSum::from_iter(values[at..].iter().copied());
            first.merge(&second);
            proptest::prop_assert_eq!(first.value(), expected);
        }
    }
}
