//! How numbers are written on the pages (data contract §7): points, maxima, domain sums and
//! the index to the hundredth exactly as the CSV holds them (`58.70`, never `58.7`); metric
//! values, changes and rank values rounded for display. Every page and chart goes through
//! these functions so a number reads the same in a table, a chart label and an `aria-label`.

use core_index::report::numbers::fixed;

use crate::model::{Direction, Unit};

/// Points, maxima, scores and the index to the hundredth, and school years, written as
/// `explain` writes them (`core_index::report::numbers`).
pub use core_index::report::numbers::{hundredths, school_year};

/// A change in hundredths with its sign: `+1.25`, `-0.50`, `0.00`.
pub fn signed_hundredths(x: f64) -> String {
    with_sign(hundredths(x))
}

/// A metric value in its unit: `45.3%`, `3.62` (1–5 mean) or `57` (percentile).
pub fn metric_value(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", fixed(x, 1)),
        Unit::Mean => fixed(x, 2),
        Unit::Percentile => fixed(x, 0),
    }
}

/// An amount of a metric's unit without sign: `2.3 pts` (percentage or percentile points)
/// or `0.12` (1–5 mean).
pub fn metric_amount(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{} pts", fixed(x, 1)),
        Unit::Mean => fixed(x, 2),
        Unit::Percentile => format!("{} pts", fixed(x, 0)),
    }
}

/// A change of a metric value with its sign: `+2.3 pts`, `-0.05`, `+4 pts`.
pub fn signed_metric_amount(x: f64, unit: Unit) -> String {
    with_sign(metric_amount(x, unit))
}

/// What it takes to rise one level (R38's needed_1, a positive amount), said in words that
/// carry the direction: "2.3 pts higher" or, where lower is better, "1.5 pts lower".
pub fn needed_to_rise(amount: f64, unit: Unit, direction: Direction) -> String {
    let way = match direction {
        Direction::HigherIsBetter => "higher",
        Direction::LowerIsBetter => "lower",
    };
    // needed_1 is always positive; an amount that would round to nothing keeps its first
    // significant hundredth ("0.04 pts lower"), never reads "0.0".
    let text = match unit {
        Unit::Percent | Unit::Percentile if fixed(amount, 1) == "0.0" => {
            if fixed(amount, 2) == "0.00" {
                "less than 0.01 pts".to_string()
            } else {
                format!("{} pts", fixed(amount, 2))
            }
        }
        Unit::Mean if fixed(amount, 2) == "0.00" => "less than 0.01".to_string(),
        // A percentile to climb is a fraction of a point more often than not (R38's − 0.5).
        Unit::Percentile => format!("{} pts", fixed(amount, 1)),
        _ => metric_amount(amount, unit),
    };
    format!("{text} {way}")
}

/// A growth percentile or interval end, 0–100, as a whole number.
pub fn percentile(x: f64) -> String {
    fixed(x, 0)
}

/// A rank value (R33) for display: two decimals.
pub fn rank_value(x: f64) -> String {
    hundredths(x)
}

/// A profile distance (R40) in percentage points: one decimal.
pub fn distance(x: f64) -> String {
    fixed(x, 1)
}

/// A change of levels with its sign: `+2`, `-1`, `0`.
pub fn signed_levels(x: i32) -> String {
    if x > 0 {
        format!("+{x}")
    } else {
        x.to_string()
    }
}

/// Adds `+` in front of a positive formatted number; zero and negatives keep theirs.
fn with_sign(text: String) -> String {
    let is_zero = text
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '%')
        .all(|c| matches!(c, '0' | '.'));
    if text.starts_with('-') || is_zero {
        text
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs() {
        assert_eq!(signed_hundredths(1.2), "+1.20");
        assert_eq!(signed_hundredths(-0.5), "-0.50");
        assert_eq!(signed_hundredths(0.0), "0.00");
        assert_eq!(signed_metric_amount(2.26, Unit::Percent), "+2.3 pts");
        assert_eq!(signed_metric_amount(-0.001, Unit::Percent), "0.0 pts");
        assert_eq!(signed_metric_amount(-0.05, Unit::Mean), "-0.05");
        assert_eq!(signed_levels(2), "+2");
        assert_eq!(signed_levels(-1), "-1");
        assert_eq!(signed_levels(0), "0");
    }

    #[test]
    fn metric_values_by_unit() {
        assert_eq!(metric_value(45.25, Unit::Percent), "45.3%");
        assert_eq!(metric_value(3.625, Unit::Mean), "3.63");
        assert_eq!(metric_value(56.5, Unit::Percentile), "57");
        assert_eq!(
            needed_to_rise(1.5, Unit::Percent, Direction::LowerIsBetter),
            "1.5 pts lower"
        );
        assert_eq!(
            needed_to_rise(0.04, Unit::Percent, Direction::LowerIsBetter),
            "0.04 pts lower"
        );
        assert_eq!(
            needed_to_rise(0.004, Unit::Mean, Direction::HigherIsBetter),
            "less than 0.01 higher"
        );
    }
}
