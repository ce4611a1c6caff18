//! R43: communities of practice — FOCUS schools grouped by focus metric and school level,
//! each community a seed and the schools most like it.

use crate::dataset::{SchoolIdx, YearData};
use crate::model::{Designation, Metric, SchoolLevel};
use crate::results::{CommunityRow, Designations, FocusArea};

use super::profiles::{distance, Profile};

/// R43: sizes of the g = ⌈n / cop_size⌉ communities of a set of n schools, differing by at
/// most one, larger first.
pub(crate) fn community_sizes(n: usize, cop_size: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let g = n.div_ceil(cop_size.max(1));
    let (base, larger) = (n / g, n % g);
    (0..g).map(|i| base + usize::from(i < larger)).collect()
}

/// R43 for the FOCUS schools with a focus area and a profile: sets by (focus metric,
/// school_level), taken in §3's metric order then E, M, H; in each set, communities built
/// one at a time from the smallest remaining school_id (the seed) and the remaining schools
/// nearest to it (ties to the smaller school_id); numbered 1, 2, … across the year in the
/// order built. Rows ordered by community, then school_id.
pub(super) fn communities(
    designations: &Designations,
    data: &YearData,
    profiles: &[Option<Profile>],
    focus_areas: &[Option<FocusArea>],
    cop_size: u64,
) -> Vec<CommunityRow> {
    let cop_size = usize::try_from(cop_size).unwrap_or(usize::MAX);
    // (metric, level, school) of every school that joins a community; sorting puts the
    // sets in R43's order (Metric and SchoolLevel order as §3 and E, M, H) and each set's
    // schools in school_id order (schools are indexed in school_id order).
    let mut members: Vec<(Metric, SchoolLevel, SchoolIdx)> = designations
        .rows
        .iter()
        .filter(|d| d.designation == Designation::Focus)
        .filter(|d| profiles[d.school as usize].is_some())
        .filter_map(|d| {
            let focus = focus_areas[d.school as usize]?;
            Some((
                focus.metric,
                data.schools[d.school as usize].level,
                d.school,
            ))
        })
        .collect();
    members.sort();

    let mut rows = Vec::new();
    let mut community = 0u32;
    for set in members.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let mut remaining: Vec<SchoolIdx> = set.iter().map(|m| m.2).collect();
        for size in community_sizes(set.len(), cop_size) {
            community += 1;
            let seed = remaining.remove(0);
            let seed_profile = profiles[seed as usize].as_ref().expect("filtered");
            let mut by_distance: Vec<(f64, SchoolIdx)> = remaining
                .iter()
                .map(|&s| {
                    let p = profiles[s as usize].as_ref().expect("filtered");
                    (distance(seed_profile, p), s)
                })
                .collect();
            by_distance.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut built: Vec<SchoolIdx> = std::iter::once(seed)
                .chain(by_distance.iter().take(size - 1).map(|&(_, s)| s))
                .collect();
            remaining.retain(|s| !built.contains(s));
            built.sort_unstable();
            rows.extend(built.into_iter().map(|school| CommunityRow {
                community,
                school,
                focus: focus_areas[school as usize].expect("filtered"),
                size: size as u32,
            }));
        }
    }
    rows
}
