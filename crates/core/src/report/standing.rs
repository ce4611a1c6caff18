//! Where a school stands in the rankings of methodology §7, recomputed from a published
//! output folder alone (index.csv, designations.csv, metric_results.csv and the manifest's
//! configuration): its place in each ranking, the ranking's pool, N and the cutoff
//! "pct% of N". The reports for people (`report --html`, `explain`, data-contract §7) say
//! "lowest 5% of 119 Title I schools = 6 schools; this school is 3rd" from it.
//!
//! The rankings follow the designations stage: N is the universe (Title I schools with an
//! index score); ties go to the smaller school_id; R29 ranks the universe by index_score,
//! lowest first; R30 the universe minus PRIORITY (as designations.csv has it) by
//! subgroup_score, lowest first; R31 the universe by a positive gap all_students_score −
//! subgroup_score in whole hundredths, largest first; R32 the eligible schools (universe
//! minus PRIORITY, FOCUS and the large-gap schools) by index_score, highest first, then the
//! eligible schools that are not REWARD_HIGH_PERFORMING by the mean of their reported `ALL`
//! ELA_GROWTH and MATH_GROWTH percentiles, highest first.

use std::collections::HashMap;

use crate::config::DesignationConfig;
use crate::model::{basis, Designation, Group, Metric};
use crate::numeric::whole_hundredths;
use crate::published::PublishedYear;
use crate::stages::designations::{mean_growth_of, ranked_order, share_of, Rank};

/// The rankings of §7.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankingKind {
    /// R29: index_score, lowest first, in the universe.
    LowestIndex,
    /// R30: subgroup_score, lowest first, in the universe minus PRIORITY.
    LowestSubgroup,
    /// R31: a positive gap, largest first, in the universe.
    LargestGap,
    /// R32: index_score, highest first, among the eligible.
    HighestIndex,
    /// R32: mean ALL growth percentile, highest first, among the eligible not
    /// REWARD_HIGH_PERFORMING with a growth result.
    HighestGrowth,
}

impl RankingKind {
    /// The rule that ranks.
    pub fn rule(self) -> &'static str {
        match self {
            RankingKind::LowestIndex => "R29",
            RankingKind::LowestSubgroup => "R30",
            RankingKind::LargestGap => "R31",
            RankingKind::HighestIndex | RankingKind::HighestGrowth => "R32",
        }
    }

    /// What is ranked, in words: "index score".
    pub fn value_name(self) -> &'static str {
        match self {
            RankingKind::LowestIndex | RankingKind::HighestIndex => "index score",
            RankingKind::LowestSubgroup => "subgroup score",
            RankingKind::LargestGap => "gap",
            RankingKind::HighestGrowth => "mean growth percentile (ALL, ELA and MATH)",
        }
    }

    /// "lowest", "highest" or "largest".
    fn end(self) -> &'static str {
        match self {
            RankingKind::LowestIndex | RankingKind::LowestSubgroup => "lowest",
            RankingKind::LargestGap => "largest",
            RankingKind::HighestIndex | RankingKind::HighestGrowth => "highest",
        }
    }

    /// Which schools are ranked, when not the whole universe.
    fn pool_words(self) -> Option<&'static str> {
        match self {
            RankingKind::LowestIndex => None,
            RankingKind::LowestSubgroup => Some("not Priority with a subgroup score"),
            RankingKind::LargestGap => {
                Some("with a positive gap between the all-students and subgroup scores")
            }
            RankingKind::HighestIndex => Some("eligible for Reward"),
            RankingKind::HighestGrowth => {
                Some("eligible for Reward, not high performing, with a growth result")
            }
        }
    }

    /// The designation the ranking's first `cutoff` schools get (for R31: none, they are
    /// left out of Reward).
    pub fn designation(self) -> Option<Designation> {
        match self {
            RankingKind::LowestIndex => Some(Designation::Priority),
            RankingKind::LowestSubgroup => Some(Designation::Focus),
            RankingKind::LargestGap => None,
            RankingKind::HighestIndex => Some(Designation::RewardHighPerforming),
            RankingKind::HighestGrowth => Some(Designation::RewardHighProgress),
        }
    }
}

/// A school's place in one ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub kind: RankingKind,
    /// The configured share, e.g. 5 (priority_pct).
    pub pct: f64,
    /// N, the universe's size.
    pub universe_n: usize,
    /// Title I schools (with or without an index score), to say when N is fewer.
    pub title_i_schools: usize,
    /// "pct% of N" (§7): how many schools the ranking takes.
    pub cutoff: usize,
    /// How many schools were ranked.
    pub pool: usize,
    /// The school's place, 1 = first ranked.
    pub rank: usize,
    /// The value the school was ranked on (a gap in points, not hundredths).
    pub value: f64,
    /// The value of the last school taken (place `min(cutoff, pool)`), when any is taken.
    pub last_taken: Option<f64>,
}

impl Ranking {
    /// Whether the school is among the schools the ranking takes.
    pub(crate) fn is_taken(&self) -> bool {
        self.rank <= self.cutoff
    }

    /// "lowest 5% of 119 Title I schools = 6 schools; this school is 3rd", with the pool
    /// named when it is not the universe.
    pub fn sentence(&self) -> String {
        let schools = if self.title_i_schools == self.universe_n {
            format!("{} Title I schools", self.universe_n)
        } else {
            format!("{} Title I schools with an index score", self.universe_n)
        };
        let pool = match self.kind.pool_words() {
            Some(words) => format!(", ranked among the {} {words}", self.pool),
            None => String::new(),
        };
        format!(
            "{} {}% of {schools} = {} school{}{pool}; this school is {}",
            self.kind.end(),
            self.pct,
            self.cutoff,
            if self.cutoff == 1 { "" } else { "s" },
            ordinal(self.rank)
        )
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A school's place in every ranking of §7 it takes part in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standing {
    /// R29; `None` outside the universe.
    pub priority: Option<Ranking>,
    /// R30; `None` for PRIORITY schools and schools without a subgroup score.
    pub focus: Option<Ranking>,
    /// R31; `None` without a positive gap.
    pub gap: Option<Ranking>,
    /// R32 high performing; `None` when not eligible.
    pub reward_index: Option<Ranking>,
    /// R32 high progress; `None` when not in its pool.
    pub reward_growth: Option<Ranking>,
}

impl Standing {
    /// The ranking behind a basis of designations.csv (`lowest_index` …); `None` for the
    /// graduation bases, which are a floor, not a ranking.
    pub fn for_basis(&self, basis: &str) -> Option<&Ranking> {
        match basis {
            basis::LOWEST_INDEX => self.priority.as_ref(),
            basis::LOW_SUBGROUP => self.focus.as_ref(),
            basis::HIGHEST_INDEX => self.reward_index.as_ref(),
            basis::HIGHEST_GROWTH => self.reward_growth.as_ref(),
            _ => None,
        }
    }
}

/// One ranking: school ids in ranked order with their values.
#[derive(Debug, Clone, Default)]
struct Ordered {
    schools: Vec<(String, f64)>,
    place: HashMap<String, usize>,
}

impl Ordered {
    fn new(mut schools: Vec<(String, f64)>, rank: Rank) -> Self {
        schools.sort_by(|(a, va), (b, vb)| ranked_order(rank, va.total_cmp(vb), || a.cmp(b)));
        let place = schools
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
        Ordered { schools, place }
    }

    fn contains(&self, id: &str) -> bool {
        self.place.contains_key(id)
    }

    /// The first `count` school ids.
    fn taken(&self, count: usize) -> impl Iterator<Item = &str> {
        self.schools.iter().take(count).map(|(id, _)| id.as_str())
    }
}

/// The rankings of one published year.
#[derive(Debug, Clone)]
pub struct Rankings {
    rules: DesignationConfig,
    universe_n: usize,
    title_i_schools: usize,
    by_index: Ordered,
    by_subgroup: Ordered,
    by_gap: Ordered,
    eligible_by_index: Ordered,
    eligible_by_growth: Ordered,
}

impl Rankings {
    /// Ranks the schools of a published year as §7 does.
    pub fn of(year: &PublishedYear) -> Rankings {
        let rules = year.manifest.config.designations.clone();
        let designation: HashMap<&str, Designation> = year
            .designations
            .iter()
            .map(|d| (d.school_id.as_str(), d.designation))
            .collect();
        let universe: Vec<_> = year
            .index
            .iter()
            .filter(|r| r.title_i && r.index_score.is_some())
            .collect();
        let universe_n = universe.len();
        let share = |pct: f64| share_of(pct, universe_n);
        let is = |id: &str, d: Designation| designation.get(id) == Some(&d);

        let by_index = Ordered::new(
            universe
                .iter()
                .filter_map(|r| Some((r.school_id.clone(), r.index_score?)))
                .collect(),
            Rank::LowestFirst,
        );
        let by_subgroup = Ordered::new(
            universe
                .iter()
                .filter(|r| !is(&r.school_id, Designation::Priority))
                .filter_map(|r| Some((r.school_id.clone(), r.subgroup_score?)))
                .collect(),
            Rank::LowestFirst,
        );
        let gaps: Vec<(String, f64)> = universe
            .iter()
            .filter_map(|r| {
                let gap =
                    whole_hundredths(r.all_students_score?) - whole_hundredths(r.subgroup_score?);
                (gap > 0).then(|| (r.school_id.clone(), gap as f64 / 100.0))
            })
            .collect();
        let by_gap = Ordered::new(gaps, Rank::HighestFirst);
        let large_gap: std::collections::HashSet<&str> =
            by_gap.taken(share(rules.reward_gap_pct)).collect();
        let eligible: Vec<_> = universe
            .iter()
            .filter(|r| {
                !is(&r.school_id, Designation::Priority)
                    && !is(&r.school_id, Designation::Focus)
                    && !large_gap.contains(r.school_id.as_str())
            })
            .collect();
        let eligible_by_index = Ordered::new(
            eligible
                .iter()
                .filter_map(|r| Some((r.school_id.clone(), r.index_score?)))
                .collect(),
            Rank::HighestFirst,
        );
        let high_performing: std::collections::HashSet<&str> =
            eligible_by_index.taken(share(rules.reward_pct)).collect();
        let growth = mean_all_growth(year);
        let eligible_by_growth = Ordered::new(
            eligible
                .iter()
                .filter(|r| !high_performing.contains(r.school_id.as_str()))
                .filter_map(|r| Some((r.school_id.clone(), *growth.get(r.school_id.as_str())?)))
                .collect(),
            Rank::HighestFirst,
        );
        Rankings {
            title_i_schools: year.index.iter().filter(|r| r.title_i).count(),
            rules,
            universe_n,
            by_index,
            by_subgroup,
            by_gap,
            eligible_by_index,
            eligible_by_growth,
        }
    }

    /// N, the universe's size.
    pub fn universe_n(&self) -> usize {
        self.universe_n
    }

    /// Where `school_id` stands in each ranking.
    pub fn standing(&self, school_id: &str) -> Standing {
        let rules = &self.rules;
        Standing {
            priority: self.place(
                &self.by_index,
                RankingKind::LowestIndex,
                rules.priority_pct,
                school_id,
            ),
            focus: self.place(
                &self.by_subgroup,
                RankingKind::LowestSubgroup,
                rules.focus_pct,
                school_id,
            ),
            gap: self.place(
                &self.by_gap,
                RankingKind::LargestGap,
                rules.reward_gap_pct,
                school_id,
            ),
            reward_index: self.place(
                &self.eligible_by_index,
                RankingKind::HighestIndex,
                rules.reward_pct,
                school_id,
            ),
            reward_growth: self.place(
                &self.eligible_by_growth,
                RankingKind::HighestGrowth,
                rules.reward_pct,
                school_id,
            ),
        }
    }

    fn place(&self, ordered: &Ordered, kind: RankingKind, pct: f64, id: &str) -> Option<Ranking> {
        if !ordered.contains(id) {
            return None;
        }
        let at = ordered.place[id];
        let cutoff = share_of(pct, self.universe_n);
        let taken = cutoff.min(ordered.schools.len());
        Some(Ranking {
            kind,
            pct,
            universe_n: self.universe_n,
            title_i_schools: self.title_i_schools,
            cutoff,
            pool: ordered.schools.len(),
            rank: at + 1,
            value: ordered.schools[at].1,
            last_taken: taken.checked_sub(1).map(|last| ordered.schools[last].1),
        })
    }
}

/// R32: per school, the mean of its reported `ALL` ELA_GROWTH and MATH_GROWTH percentiles
/// (the one present if only one is), as the designations stage computes it.
fn mean_all_growth(year: &PublishedYear) -> HashMap<&str, f64> {
    let mut pairs: HashMap<&str, (Option<f64>, Option<f64>)> = HashMap::new();
    for row in year
        .metric_results
        .iter()
        .filter(|r| r.group == Group::All && r.is_shown())
    {
        let entry = pairs.entry(row.school_id.as_str()).or_default();
        match row.metric {
            Metric::ElaGrowth => entry.0 = row.value,
            Metric::MathGrowth => entry.1 = row.value,
            _ => {}
        }
    }
    pairs
        .into_iter()
        .filter_map(|(id, (ela, math))| Some((id, mean_growth_of(ela, math)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    /// The brief's example: 5% of 119 is ⌈5.95⌉ = 6 (§7).
    #[test]
    fn the_cutoff_sentence() {
        let ranking = Ranking {
            kind: RankingKind::LowestIndex,
            pct: 5.0,
            universe_n: 119,
            title_i_schools: 119,
            cutoff: share_of(5.0, 119),
            pool: 119,
            rank: 3,
            value: 31.2,
            last_taken: Some(33.0),
        };
        assert_eq!(
            ranking.sentence(),
            "lowest 5% of 119 Title I schools = 6 schools; this school is 3rd"
        );
        assert!(ranking.is_taken());
    }
}
