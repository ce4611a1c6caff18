//! R40: school profiles and the distance between them.

use crate::dataset::YearData;
use crate::model::{ElStatus, Race};

/// A school's profile (R40): the percent of its enrolment rows with days_enrolled ≥ 1 that
/// are SED, EL (el_status `EL` only), SWD, and of race AA, AS, FI, HI, WH, and of the other
/// race codes together (AI, PI, MR, NR), in that order.
pub(crate) type Profile = [f64; 9];

/// The share of a profile a race counts toward: AA, AS, FI, HI, WH their own, the others
/// (AI, PI, MR, NR) together.
fn race_share(race: Race) -> usize {
    match race {
        Race::BlackAfricanAmerican => 3,
        Race::Asian => 4,
        Race::Filipino => 5,
        Race::Hispanic => 6,
        Race::White => 7,
        Race::AmericanIndian | Race::PacificIslander | Race::TwoOrMore | Race::NotReported => 8,
    }
}

/// R40: every school's profile, `None` for a school with no enrolment row of
/// days_enrolled ≥ 1 (it takes no part in R42–R43). Indexed by school. Counts are whole
/// numbers, so the order of the rows does not matter; each share is
/// (100.0 × count) / n in f64.
pub(crate) fn profiles(data: &YearData) -> Vec<Option<Profile>> {
    // Per school: n, then the nine counts.
    let mut counts = vec![[0u64; 10]; data.schools.len()];
    for e in data.enrolments.iter().filter(|e| e.days_enrolled >= 1) {
        let c = &mut counts[e.school as usize];
        c[0] += 1;
        c[1] += u64::from(e.demo.sed);
        c[2] += u64::from(e.demo.el_status == ElStatus::EnglishLearner);
        c[3] += u64::from(e.demo.swd);
        c[1 + race_share(e.demo.race)] += 1;
    }
    counts
        .iter()
        .map(|c| {
            let n = c[0];
            (n > 0).then(|| std::array::from_fn(|k| (100.0 * c[k + 1] as f64) / n as f64))
        })
        .collect()
}

/// R40: the distance between two profiles, the square root of the sum of the squared
/// differences of their shares, summed in the profile's order in f64.
pub(crate) fn distance(a: &Profile, b: &Profile) -> f64 {
    let mut sum = 0.0;
    for k in 0..a.len() {
        let d = a[k] - b[k];
        sum += d * d;
    }
    sum.sqrt()
}
