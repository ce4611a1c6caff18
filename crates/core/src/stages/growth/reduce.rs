//! Fixed-order parallel reductions for the growth model.
//!
//! Floating-point addition is not associative, so a sum whose order depended on how rayon
//! split the work would change in the last bits with the thread count. Every f64 sum over
//! students in this stage therefore goes through [`fold_chunks`]: the rows are cut into
//! chunks of a fixed size ([`CHUNK`], independent of the thread count), each chunk is folded
//! sequentially (in parallel across chunks), and the chunk partials are combined
//! sequentially in chunk order. The result is bit-identical at any thread count.

use std::ops::Range;

use rayon::prelude::*;

/// Rows per chunk. Fixed so that the reduction tree never depends on the thread count.
pub(super) const CHUNK: usize = 8192;

/// Folds `0..n` chunk by chunk in parallel (`fold` sees one chunk's range, in row order) and
/// combines the partials sequentially in chunk order, starting from `init()`.
pub(super) fn fold_chunks<T, I, F, C>(n: usize, init: I, fold: F, mut combine: C) -> T
where
    T: Send,
    I: Fn() -> T + Sync + Send,
    F: Fn(&mut T, Range<usize>) + Sync + Send,
    C: FnMut(&mut T, T),
{
    let partials: Vec<T> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut acc = init();
            fold(&mut acc, c * CHUNK..n.min((c + 1) * CHUNK));
            acc
        })
        .collect();
    let mut total = init();
    for partial in partials {
        combine(&mut total, partial);
    }
    total
}

/// Sequential sum in slice order (for partials already produced in a fixed order).
pub(super) fn ordered_sum(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |acc, v| acc + v)
}

/// The ranges of consecutive elements of `items` with equal `key` (the slice is sorted by it).
pub(super) fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || key(&items[i]) != key(&items[start]) {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Stable counting sort: the items of `parts`, taken in order, arranged by `bucket`
/// (< `n_buckets`), ties in input order. O(n) and sequential, so the result is the same at
/// any thread count (and cheaper than a comparison sort for the few thousand buckets here).
pub(super) fn counting_sort<T: Copy>(
    parts: &[&[T]],
    n_buckets: usize,
    bucket: impl Fn(&T) -> usize,
) -> Vec<T> {
    let Some(&first) = parts.iter().find_map(|p| p.first()) else {
        return Vec::new();
    };
    let mut next = vec![0usize; n_buckets + 1];
    for part in parts {
        for item in *part {
            next[bucket(item) + 1] += 1;
        }
    }
    for b in 0..n_buckets {
        next[b + 1] += next[b];
    }
    let mut out = vec![first; next[n_buckets]];
    for part in parts {
        for item in *part {
            let slot = &mut next[bucket(item)];
            out[*slot] = *item;
            *slot += 1;
        }
    }
    out
}
