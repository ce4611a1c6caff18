//! Seeding and sampling helpers for the generator.
//!
//! Every random decision is drawn from a generator seeded by (master seed, stream, entity,
//! year), never from a shared generator, so the data does not depend on how rayon schedules
//! the per-school work: the same options give the same bytes on any number of threads.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, StandardNormal};

/// The generator type used everywhere in `synth`.
pub(crate) type SynthRng = ChaCha8Rng;

/// Independent random streams. Keeping the panel's decisions apart from the records' draws
/// means that what is written about a year never changes who is enrolled the next year.
#[derive(Debug, Clone, Copy)]
#[repr(u32)]
pub(crate) enum Stream {
    /// The school directory (ids, names, levels, school traits).
    Schools = 1,
    /// The students present in the first simulated year.
    InitialPopulation = 2,
    /// Changes to a school's students during a year: growth, reclassification, fates.
    Panel = 3,
    /// The rows written for a school and year (attendance, scores, surveys...).
    Records = 4,
    /// New students and mid-year moves decided at the start of a year.
    Arrivals = 5,
    /// The records of the state's score file that are not in the extracts (`--caaspp`):
    /// alternate assessments, exemptions, tests that do not count, science.
    ScoreFile = 6,
}

/// A generator for one (stream, entity, year): the 32-byte ChaCha key is the master seed
/// followed by the three identifiers, so distinct tuples give unrelated streams.
pub(crate) fn rng_for(seed: u64, stream: Stream, entity: u64, year: i32) -> SynthRng {
    let mut key = [0u8; 32];
    key[0..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&entity.to_le_bytes());
    key[16..20].copy_from_slice(&year.to_le_bytes());
    key[20..24].copy_from_slice(&(stream as u32).to_le_bytes());
    // A constant tag in the remaining bytes keeps these keys apart from any other use of
    // ChaCha8 seeded from small integers.
    key[24..32].copy_from_slice(b"coresynt");
    SynthRng::from_seed(key)
}

/// A standard normal draw.
pub(crate) fn normal(rng: &mut SynthRng) -> f64 {
    StandardNormal.sample(rng)
}

/// True with probability `p` (clamped to 0..=1, so callers can pass raw model outputs).
pub(crate) fn chance(rng: &mut SynthRng, p: f64) -> bool {
    if p <= 0.0 {
        false
    } else if p >= 1.0 {
        true
    } else {
        rng.random_bool(p)
    }
}

/// A uniform float in `low..high`.
pub(crate) fn uniform(rng: &mut SynthRng, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.random::<f64>()
}

/// A uniform integer in `low..=high`.
pub(crate) fn int_between(rng: &mut SynthRng, low: i64, high: i64) -> i64 {
    rng.random_range(low..=high)
}

/// A binomial count of `n` trials with success probability `p` (clamped to 0..=1).
pub(crate) fn binomial(rng: &mut SynthRng, n: u64, p: f64) -> u64 {
    let p = p.clamp(0.0, 1.0);
    if n == 0 || p == 0.0 {
        return 0;
    }
    Binomial::new(n, p).map_or(0, |b| b.sample(rng))
}

/// An index drawn with probability proportional to `weights` (all ≥ 0, some > 0).
pub(crate) fn weighted_index(rng: &mut SynthRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut target = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if target < *w {
            return i;
        }
        target -= w;
    }
    // Rounding can leave `target` a hair above the last weight: take the last positive one.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// The logistic function, for probabilities built from additive risk scores.
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The inverse of [`logistic`].
pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Draws from a cumulative weight table (ascending, last = total) by binary search.
pub(crate) fn pick_cumulative(rng: &mut SynthRng, cumulative: &[f64]) -> usize {
    let total = *cumulative.last().expect("a non-empty table");
    let target = rng.random::<f64>() * total;
    cumulative
        .partition_point(|c| *c <= target)
        .min(cumulative.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let draw = |stream: Stream| {
            let mut rng = rng_for(7, stream, 3, 2015);
            (0..4).map(|_| rng.random::<u64>()).collect::<Vec<u64>>()
        };
        assert_eq!(draw(Stream::Panel), draw(Stream::Panel));
        assert_ne!(draw(Stream::Panel), draw(Stream::Records));
    }

    #[test]
    fn weighted_and_cumulative_picks_stay_in_range() {
        let mut rng = rng_for(1, Stream::Schools, 0, 0);
        for _ in 0..1000 {
            assert!(weighted_index(&mut rng, &[0.0, 2.0, 1.0]) >= 1);
            assert!(pick_cumulative(&mut rng, &[1.0, 1.0, 3.0]) != 1);
        }
    }
}
