//! How the reports for people (data-contract §7: report cards and `explain`) write numbers:
//! points, maxima, domain sums and the index to the hundredth exactly as the CSV holds them
//! (`58.70`, never `58.7`), other values rounded half away from zero for display, and never
//! a minus sign on a number that shows as zero. One definition for both, so a card and its
//! explanation never write the same number differently.

/// Points, maxima, domain sums, scores and the index: always two decimals. The CSV holds
/// whole hundredths, and `{:.2}` rounds the exact binary value, so `58.7` prints `58.70`
/// and `58.67` prints `58.67`.
pub fn hundredths(x: f64) -> String {
    without_negative_zero(format!("{x:.2}"))
}

/// `x` with `decimals` digits after the point, rounded half away from zero as the CSV's
/// readers would expect (Rust's formatter rounds the binary value half to even).
pub fn fixed(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    without_negative_zero(format!("{rounded:.decimals$}"))
}

/// The school year of a spring year: `2016` → `2015-16`.
pub fn school_year(spring_year: i32) -> String {
    format!("{}-{:02}", spring_year - 1, spring_year.rem_euclid(100))
}

/// A rounded negative number that shows as zero must not keep its minus sign.
fn without_negative_zero(text: String) -> String {
    let is_zero = text
        .trim_start_matches('-')
        .chars()
        .all(|c| matches!(c, '0' | '.'));
    match text.strip_prefix('-') {
        Some(rest) if is_zero => rest.to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundredths_keep_two_decimals() {
        assert_eq!(hundredths(58.7), "58.70");
        assert_eq!(hundredths(58.67), "58.67");
        assert_eq!(hundredths(13.35), "13.35");
        assert_eq!(hundredths(0.0), "0.00");
        assert_eq!(hundredths(-0.0), "0.00");
        assert_eq!(hundredths(100.0), "100.00");
    }

    #[test]
    fn fixed_rounds_halves_away_from_zero_and_drops_a_lone_minus() {
        assert_eq!(fixed(45.25, 1), "45.3");
        assert_eq!(fixed(3.625, 2), "3.63");
        assert_eq!(fixed(56.5, 0), "57");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.05, 2), "-0.05");
    }

    #[test]
    fn school_years() {
        assert_eq!(school_year(2016), "2015-16");
        assert_eq!(school_year(2000), "1999-00");
    }
}
