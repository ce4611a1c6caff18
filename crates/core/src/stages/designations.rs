//! Designations of methodology §7 (R29–R34): PRIORITY, FOCUS, the two REWARD kinds, NONE and
//! NOT_ELIGIBLE for every school, with the basis and rank value behind each, and the years in
//! status and escalation that the `--history` file allows (R34).
//!
//! Decisions where §7 is open, fixed here so reruns and reviews agree:
//! - Joined bases follow the order the rule names them: `lowest_index+low_graduation` (R29),
//!   `low_subgroup+low_subgroup_graduation` (R30); rank_value follows the first (R33).
//! - A share "pct% of N" larger than its pool takes the whole pool; a share of 0 takes none.
//! - "Below graduation_floor" is strict: a rate equal to the floor is not below it.
//! - With `metrics.GRAD = false` ("removes the metric everywhere", §9) the graduation rules
//!   of R29 and R30 do not apply: no graduation rate is reported.
//! - R30's subgroup graduation rule looks at GRAD rows of role `subgroup` or `lowest_race`
//!   whether or not the row itself is reported: a 4-year cohort of n ≥ n_size always gives a
//!   reported GRAD row (R9), so the two readings agree on consistent inputs.
//! - A school needs both all_students_score and subgroup_score to have a gap (R31).
//! - Growth percentiles count for REWARD_HIGH_PROGRESS only from reported `ALL` rows of
//!   ELA_GROWTH and MATH_GROWTH; the mean of both is (ELA + MATH) / 2 (R32).
//! - Without a history file, years_in_status is 1 for PRIORITY and FOCUS (R34 with no past).

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::config::{Config, DesignationConfig};
use crate::dataset::{SchoolIdx, YearData};
use crate::model::basis::{
    HIGHEST_GROWTH, HIGHEST_INDEX, LOWEST_INDEX, LOW_GRADUATION, LOW_SUBGROUP,
    LOW_SUBGROUP_GRADUATION,
};
use crate::model::history::History;
use crate::model::{Designation, Group, Metric, Role, SchoolLevel};
use crate::numeric::whole_hundredths;
use crate::results::{
    DesignationRow, Designations, Escalation, Grad4, IndexRow, MetricRow, UniverseSummary,
};
use crate::stages::suppression::meets_n_size;

/// "pct% of N" of §7: the smallest whole number ≥ pct × N / 100, computed exactly with pct
/// read as the decimal number it is written as (its shortest round-trip text), so that
/// 8.8% of 375 is 33 although 8.8 × 375 / 100 is 33.000000000000007 in f64.
///
/// The configuration restricts pct to 0..=100; anything outside is clamped to that range.
pub(crate) fn share_of(pct: f64, n: usize) -> usize {
    if pct.is_nan() || pct <= 0.0 || n == 0 {
        return 0;
    }
    if pct >= 100.0 {
        return n;
    }
    // Rust's `Display` for f64 is the shortest text that reads back to the same value and
    // never uses an exponent, so "7.5" → 75 / 10¹, "0.1" → 1 / 10¹, "5" → 5 / 10⁰.
    let text = format!("{pct}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = format!("{whole}{fraction}");
    // At most 17 significant digits (and pct < 100), so the numerator fits a u128.
    let numerator: u128 = digits.trim_start_matches('0').parse().unwrap_or(0);
    let Some(denominator) = 10u128
        .checked_pow(fraction.len() as u32)
        .and_then(|scale| scale.checked_mul(100))
    else {
        // 100 × 10^scale ≥ 10^39 exceeds numerator × N (< 10^17 × 2^64 < 10^37): the
        // quotient is a positive fraction below 1, whose ceiling is 1.
        return 1;
    };
    let product = numerator * n as u128;
    product.div_ceil(denominator) as usize
}

/// The direction of a ranking of §7.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rank {
    LowestFirst,
    HighestFirst,
}

/// §7's order of two schools in a ranking: by value in the `rank` direction (`by_value`
/// compares the first school's value with the second's), ties to the smaller school_id.
/// The designations and the reports that recompute their rankings (`report::standing`)
/// order by this one rule.
pub(crate) fn ranked_order(
    rank: Rank,
    by_value: Ordering,
    by_school_id: impl FnOnce() -> Ordering,
) -> Ordering {
    let by_value = match rank {
        Rank::LowestFirst => by_value,
        Rank::HighestFirst => by_value.reverse(),
    };
    by_value.then_with(by_school_id)
}

/// Orders schools by value in the `rank` direction, ties to the smaller school_id (§7), and
/// keeps the first `count`.
fn first_ranked<T>(
    mut candidates: Vec<(SchoolIdx, T)>,
    rank: Rank,
    count: usize,
    data: &YearData,
    compare_values: impl Fn(&T, &T) -> Ordering,
) -> Vec<(SchoolIdx, T)> {
    candidates.sort_by(|(a, va), (b, vb)| {
        ranked_order(rank, compare_values(va, vb), || {
            data.schools[*a as usize]
                .id
                .cmp(&data.schools[*b as usize].id)
        })
    });
    candidates.truncate(count);
    candidates
}

/// A school's designation while the rules are applied: bases in the order they were found.
#[derive(Debug, Clone)]
struct Decision {
    designation: Designation,
    bases: Vec<&'static str>,
    rank_value: Option<f64>,
}

impl Decision {
    fn undecided() -> Self {
        Decision {
            designation: Designation::None,
            bases: Vec::new(),
            rank_value: None,
        }
    }

    fn is_decided(&self) -> bool {
        !self.bases.is_empty()
    }

    /// Adds a basis for `designation`; the first basis sets rank_value (R33).
    fn add(&mut self, designation: Designation, basis: &'static str, value: f64) {
        self.designation = designation;
        if self.bases.is_empty() {
            self.rank_value = Some(value);
        }
        self.bases.push(basis);
    }
}

/// The designation universe of §7: Title I schools with an index_score. Every "pct% of N"
/// share is of its size N, even when the pool ranked is smaller.
struct Universe<'a> {
    data: &'a YearData,
    /// The index row of each school (`index[i].school == i`).
    index: &'a [IndexRow],
    schools: Vec<SchoolIdx>,
    member: Vec<bool>,
}

impl<'a> Universe<'a> {
    fn new(data: &'a YearData, index: &'a [IndexRow]) -> Self {
        let schools: Vec<SchoolIdx> = (0..data.schools.len() as SchoolIdx)
            .filter(|&s| {
                data.schools[s as usize].title_i && index[s as usize].index_score.is_some()
            })
            .collect();
        let mut member = vec![false; data.schools.len()];
        for &s in &schools {
            member[s as usize] = true;
        }
        Universe {
            data,
            index,
            schools,
            member,
        }
    }

    /// For the manifest: N, and each Title I school left out with the domain that had no
    /// present metric (an index score needs both, R27).
    fn summary(&self) -> UniverseSummary {
        let mut summary = UniverseSummary {
            title_i_schools: 0,
            size: self.schools.len(),
            left_out: Vec::new(),
        };
        for (i, school) in self.data.schools.iter().enumerate() {
            if !school.title_i {
                continue;
            }
            summary.title_i_schools += 1;
            if self.member[i] {
                continue;
            }
            let row = &self.index[i];
            let missing = match (row.academic_metrics, row.secc_metrics) {
                (0, 0) => "both",
                (0, _) => "academic",
                _ => "secc",
            };
            summary.left_out.push((i as SchoolIdx, missing));
        }
        summary
    }

    /// "pct% of N".
    fn share(&self, pct: f64) -> usize {
        share_of(pct, self.schools.len())
    }

    fn index_score(&self, s: SchoolIdx) -> f64 {
        self.index[s as usize]
            .index_score
            .expect("universe schools have an index_score")
    }

    fn is_high_school(&self, s: SchoolIdx) -> bool {
        self.data.schools[s as usize].level == SchoolLevel::High
    }

    /// Universe schools not in `taken`.
    fn without(&self, taken: &[Decision]) -> Vec<SchoolIdx> {
        self.schools
            .iter()
            .copied()
            .filter(|&s| !taken[s as usize].is_decided())
            .collect()
    }

    fn first_ranked<T>(
        &self,
        candidates: Vec<(SchoolIdx, T)>,
        rank: Rank,
        count: usize,
        compare_values: impl Fn(&T, &T) -> Ordering,
    ) -> Vec<(SchoolIdx, T)> {
        first_ranked(candidates, rank, count, self.data, compare_values)
    }
}

/// Designates every school of `data` (methodology R29–R34). One row per school in
/// `data.schools` order; `index` has one row per school (`index[i].school == i`).
pub(crate) fn designate(
    data: &YearData,
    rows: &[MetricRow],
    grad4: &[Grad4],
    index: &[IndexRow],
    history: &History,
    config: &Config,
) -> Designations {
    let universe = Universe::new(data, index);
    let rules = &config.designations;
    // With `metrics.GRAD = false` no graduation rate is reported, so R29's and R30's
    // graduation rules do not apply (§9: a switched-off metric is removed everywhere).
    let graduation = config
        .metric_enabled(Metric::Grad)
        .then(|| GraduationRates::new(rows, grad4, config.n_size, data.schools.len()));

    let mut decisions = vec![Decision::undecided(); data.schools.len()];
    r29_priority(&universe, graduation.as_ref(), rules, &mut decisions);
    r30_focus(&universe, graduation.as_ref(), rules, &mut decisions);
    let large_gap = r31_large_gap(&universe, rules.reward_gap_pct);
    r32_reward(&universe, rows, &large_gap, rules, &mut decisions);

    let rows = decisions
        .into_iter()
        .enumerate()
        .map(|(i, decision)| {
            let school = i as SchoolIdx;
            if !universe.member[i] {
                return DesignationRow {
                    school,
                    designation: Designation::NotEligible,
                    basis: None,
                    rank_value: None,
                    years_in_status: 0,
                    escalation: Escalation::None,
                };
            }
            let years_in_status = r34_years_in_status(
                decision.designation,
                &data.schools[i].id,
                data.year,
                history,
            );
            DesignationRow {
                school,
                designation: decision.designation,
                basis: decision.is_decided().then(|| decision.bases.join("+")),
                rank_value: decision.rank_value,
                years_in_status,
                escalation: r34_escalation(decision.designation, years_in_status),
            }
        })
        .collect();
    Designations {
        rows,
        universe: universe.summary(),
    }
}

/// The 4-year graduation rates R29 and R30 look at.
struct GraduationRates {
    /// ALL's reported 4-year rate per school (R29).
    all: Vec<Option<f64>>,
    /// Per school, the counted subgroup GRAD rows' 4-year rates with a cohort of n ≥ n_size,
    /// ascending, ties in group-code order (R30, R33).
    subgroups: Vec<Vec<(f64, Group)>>,
}

impl GraduationRates {
    fn new(rows: &[MetricRow], grad4: &[Grad4], n_size: u64, school_count: usize) -> Self {
        let grad4_of: HashMap<(SchoolIdx, Group), &Grad4> =
            grad4.iter().map(|g| ((g.school, g.group), g)).collect();
        let mut all = vec![None; school_count];
        for g in grad4.iter().filter(|g| g.group == Group::All) {
            all[g.school as usize] = g.rate;
        }
        let mut subgroups: Vec<Vec<(f64, Group)>> = vec![Vec::new(); school_count];
        let counted_grad_rows = rows.iter().filter(|r| {
            r.metric == Metric::Grad && matches!(r.role, Role::Subgroup | Role::LowestRace)
        });
        for row in counted_grad_rows {
            let Some(cohort) = grad4_of.get(&(row.school, row.group)) else {
                continue;
            };
            if let Some(rate) = cohort.rate.filter(|_| meets_n_size(cohort.n, n_size)) {
                subgroups[row.school as usize].push((rate, row.group));
            }
        }
        for rates in &mut subgroups {
            rates.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.code().cmp(b.1.code())));
        }
        GraduationRates { all, subgroups }
    }

    fn all_students(&self, s: SchoolIdx) -> Option<f64> {
        self.all.get(s as usize).copied().flatten()
    }

    /// R30, R33: the lowest counted subgroup 4-year rate, with its group.
    fn lowest_subgroup(&self, s: SchoolIdx) -> Option<(f64, Group)> {
        self.subgroups.get(s as usize)?.first().copied()
    }
}

/// R29 PRIORITY: the priority_pct% of N universe schools with the lowest index_score (basis
/// `lowest_index`), plus every H school whose reported 4-year ALL rate is below the floor
/// (`low_graduation`).
fn r29_priority(
    universe: &Universe,
    graduation: Option<&GraduationRates>,
    rules: &DesignationConfig,
    decisions: &mut [Decision],
) {
    let by_index: Vec<(SchoolIdx, f64)> = universe
        .schools
        .iter()
        .map(|&s| (s, universe.index_score(s)))
        .collect();
    for (s, score) in universe.first_ranked(
        by_index,
        Rank::LowestFirst,
        universe.share(rules.priority_pct),
        f64::total_cmp,
    ) {
        decisions[s as usize].add(Designation::Priority, LOWEST_INDEX, score);
    }
    let Some(graduation) = graduation else { return };
    for &s in universe
        .schools
        .iter()
        .filter(|&&s| universe.is_high_school(s))
    {
        if let Some(rate) = graduation
            .all_students(s)
            .filter(|&r| r < rules.graduation_floor)
        {
            decisions[s as usize].add(Designation::Priority, LOW_GRADUATION, rate);
        }
    }
}

/// R30 FOCUS, among the universe minus PRIORITY: the focus_pct% of N with the lowest
/// subgroup_score (schools without one are not ranked; basis `low_subgroup`), plus H
/// schools with a counted subgroup's 4-year rate below the floor (`low_subgroup_graduation`,
/// rank value the lowest such rate, R33).
fn r30_focus(
    universe: &Universe,
    graduation: Option<&GraduationRates>,
    rules: &DesignationConfig,
    decisions: &mut [Decision],
) {
    let not_priority = universe.without(decisions);
    let by_subgroup: Vec<(SchoolIdx, f64)> = not_priority
        .iter()
        .filter_map(|&s| universe.index[s as usize].subgroup_score.map(|v| (s, v)))
        .collect();
    for (s, score) in universe.first_ranked(
        by_subgroup,
        Rank::LowestFirst,
        universe.share(rules.focus_pct),
        f64::total_cmp,
    ) {
        decisions[s as usize].add(Designation::Focus, LOW_SUBGROUP, score);
    }
    let Some(graduation) = graduation else { return };
    for &s in not_priority.iter().filter(|&&s| universe.is_high_school(s)) {
        if let Some((rate, _)) = graduation
            .lowest_subgroup(s)
            .filter(|&(r, _)| r < rules.graduation_floor)
        {
            decisions[s as usize].add(Designation::Focus, LOW_SUBGROUP_GRADUATION, rate);
        }
    }
}

/// R31 large-gap schools: ranking the whole universe (PRIORITY and FOCUS included) by a
/// positive gap all_students_score − subgroup_score (in whole hundredths), largest first,
/// the first reward_gap_pct% of N. A school needs both scores to have a gap.
fn r31_large_gap(universe: &Universe, reward_gap_pct: f64) -> Vec<bool> {
    let positive_gaps: Vec<(SchoolIdx, i64)> = universe
        .schools
        .iter()
        .filter_map(|&s| {
            let row = &universe.index[s as usize];
            // Scores are round2 values: the gap is subtracted in whole hundredths.
            let gap =
                whole_hundredths(row.all_students_score?) - whole_hundredths(row.subgroup_score?);
            (gap > 0).then_some((s, gap))
        })
        .collect();
    let mut large_gap = vec![false; universe.member.len()];
    for (s, _) in universe.first_ranked(
        positive_gaps,
        Rank::HighestFirst,
        universe.share(reward_gap_pct),
        i64::cmp,
    ) {
        large_gap[s as usize] = true;
    }
    large_gap
}

/// R32 REWARD among the eligible (universe, not PRIORITY or FOCUS, not large-gap):
/// REWARD_HIGH_PERFORMING, the reward_pct% of N with the highest index_score; then of the
/// remaining eligible with a reported ALL growth result, REWARD_HIGH_PROGRESS, the
/// reward_pct% of N with the highest mean ALL growth percentile.
fn r32_reward(
    universe: &Universe,
    rows: &[MetricRow],
    large_gap: &[bool],
    rules: &DesignationConfig,
    decisions: &mut [Decision],
) {
    let eligible: Vec<SchoolIdx> = universe
        .without(decisions)
        .into_iter()
        .filter(|&s| !large_gap[s as usize])
        .collect();
    let eligible_by_index: Vec<(SchoolIdx, f64)> = eligible
        .iter()
        .map(|&s| (s, universe.index_score(s)))
        .collect();
    for (s, score) in universe.first_ranked(
        eligible_by_index,
        Rank::HighestFirst,
        universe.share(rules.reward_pct),
        f64::total_cmp,
    ) {
        decisions[s as usize].add(Designation::RewardHighPerforming, HIGHEST_INDEX, score);
    }
    let growth = mean_all_growth(rows, universe.member.len());
    let eligible_by_growth: Vec<(SchoolIdx, f64)> = eligible
        .iter()
        .filter(|&&s| !decisions[s as usize].is_decided())
        .filter_map(|&s| growth[s as usize].map(|g| (s, g)))
        .collect();
    for (s, mean) in universe.first_ranked(
        eligible_by_growth,
        Rank::HighestFirst,
        universe.share(rules.reward_pct),
        f64::total_cmp,
    ) {
        decisions[s as usize].add(Designation::RewardHighProgress, HIGHEST_GROWTH, mean);
    }
}

/// R32: per school, the mean of its reported `ALL` ELA_GROWTH and MATH_GROWTH percentiles
/// (the one present if only one is); `None` without either.
fn mean_all_growth(rows: &[MetricRow], school_count: usize) -> Vec<Option<f64>> {
    let mut ela: Vec<Option<f64>> = vec![None; school_count];
    let mut math: Vec<Option<f64>> = vec![None; school_count];
    for row in rows.iter().filter(|r| r.group == Group::All) {
        match row.metric {
            Metric::ElaGrowth => ela[row.school as usize] = row.value,
            Metric::MathGrowth => math[row.school as usize] = row.value,
            _ => {}
        }
    }
    ela.into_iter()
        .zip(math)
        .map(|(ela, math)| mean_growth_of(ela, math))
        .collect()
}

/// R32: the mean of a school's `ALL` ELA_GROWTH and MATH_GROWTH percentiles, the one present
/// if only one is; `None` without either.
pub(crate) fn mean_growth_of(ela: Option<f64>, math: Option<f64>) -> Option<f64> {
    match (ela, math) {
        (Some(e), Some(m)) => Some((e + m) / 2.0),
        (one, other) => one.or(other),
    }
}

/// R34: 1 + the consecutive years Y−1, Y−2, … with the same designation (a year without a
/// row ends the run) for PRIORITY and FOCUS; 0 otherwise. Rows for years ≥ Y are never
/// looked at. With no history, 1.
fn r34_years_in_status(
    designation: Designation,
    school_id: &str,
    year: i32,
    history: &History,
) -> u32 {
    if !matches!(designation, Designation::Priority | Designation::Focus) {
        return 0;
    }
    let mut years = 1;
    let mut past = year - 1;
    while history.get(past, school_id) == Some(designation) {
        years += 1;
        past -= 1;
    }
    years
}

/// R34 escalation by designation and years in status.
fn r34_escalation(designation: Designation, years_in_status: u32) -> Escalation {
    match designation {
        Designation::Focus if years_in_status >= 5 => Escalation::DistrictTurnaround,
        Designation::Focus if years_in_status >= 3 => Escalation::PartnerWithReward,
        Designation::Priority if years_in_status >= 5 => Escalation::IntensiveAction,
        _ => Escalation::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::School;

    const YEAR: i32 = 2016;

    /// A year of schools with their index rows, metric rows and 4-year rates, built in code.
    struct Fixture {
        data: YearData,
        index: Vec<IndexRow>,
        rows: Vec<MetricRow>,
        grad4: Vec<Grad4>,
        config: Config,
    }

    impl Fixture {
        /// Schools must be given in school_id order (the `YearData` invariant).
        fn new() -> Self {
            let mut config = Config::default();
            // Each test switches on the shares it checks.
            let d = &mut config.designations;
            (d.priority_pct, d.focus_pct, d.reward_pct, d.reward_gap_pct) = (0.0, 0.0, 0.0, 0.0);
            Fixture {
                data: YearData {
                    year: YEAR,
                    ..YearData::default()
                },
                index: Vec::new(),
                rows: Vec::new(),
                grad4: Vec::new(),
                config,
            }
        }

        fn school(
            &mut self,
            id: &str,
            level: SchoolLevel,
            title_i: bool,
            index_score: Option<f64>,
        ) -> SchoolIdx {
            let s = self.data.schools.len() as SchoolIdx;
            if let Some(previous) = self.data.schools.last() {
                assert!(
                    previous.id.as_str() < id,
                    "fixture schools must be sorted by id"
                );
            }
            self.data.schools.push(School {
                id: id.into(),
                name: format!("School {id}"),
                district_id: "D1".into(),
                level,
                title_i,
            });
            self.index.push(IndexRow {
                school: s,
                academic_points: 0.0,
                academic_max: 0.0,
                secc_points: 0.0,
                secc_max: 0.0,
                index_score,
                all_students_score: None,
                subgroup_score: None,
                academic_metrics: 0,
                secc_metrics: 0,
            });
            s
        }

        /// `count` Title I elementary schools `{prefix}00`, `{prefix}01`, … scored 50, 51, ….
        fn filler(&mut self, prefix: &str, count: usize) {
            for i in 0..count {
                self.school(
                    &format!("{prefix}{i:02}"),
                    SchoolLevel::Elementary,
                    true,
                    Some(50.0 + i as f64),
                );
            }
        }

        fn scores(&mut self, s: SchoolIdx, all_students: Option<f64>, subgroup: Option<f64>) {
            self.index[s as usize].all_students_score = all_students;
            self.index[s as usize].subgroup_score = subgroup;
        }

        fn grad4(&mut self, s: SchoolIdx, group: Group, n: u64, rate: Option<f64>) {
            self.grad4.push(Grad4 {
                school: s,
                group,
                n,
                rate,
            });
        }

        fn row(
            &mut self,
            s: SchoolIdx,
            metric: Metric,
            group: Group,
            role: Role,
            value: Option<f64>,
        ) {
            self.rows.push(MetricRow {
                school: s,
                metric,
                group,
                role,
                n: 30,
                numerator: None,
                value,
            });
        }

        fn run(&self, history: Option<&History>) -> Vec<DesignationRow> {
            let out = designate(
                &self.data,
                &self.rows,
                &self.grad4,
                &self.index,
                history.unwrap_or(&History::default()),
                &self.config,
            )
            .rows;
            assert_eq!(out.len(), self.data.schools.len());
            for (i, row) in out.iter().enumerate() {
                assert_eq!(
                    row.school as usize, i,
                    "one row per school, in school order"
                );
            }
            out
        }

        fn id(&self, s: SchoolIdx) -> &str {
            &self.data.schools[s as usize].id
        }

        /// The ids of the schools with `designation`, in school_id order.
        fn with(&self, out: &[DesignationRow], designation: Designation) -> Vec<String> {
            out.iter()
                .filter(|r| r.designation == designation)
                .map(|r| self.id(r.school).to_string())
                .collect()
        }
    }

    fn row_of<'a>(fixture: &Fixture, out: &'a [DesignationRow], id: &str) -> &'a DesignationRow {
        let s = fixture
            .data
            .schools
            .iter()
            .position(|school| school.id == id)
            .expect("school in fixture");
        &out[s]
    }

    fn basis(row: &DesignationRow) -> Option<&str> {
        row.basis.as_deref()
    }

    /// §7 "pct% of N" is the ceiling of pct × N / 100 with pct read as a decimal number.
    #[test]
    fn shares_are_exact_ceilings() {
        assert_eq!(share_of(10.0, 30), 3); // 10 × 30 / 100 = 3 exactly
        assert_eq!(share_of(5.0, 41), 3); // 5 × 41 / 100 = 2.05 → 3
        assert_eq!(share_of(7.5, 40), 3); // 75 × 40 / 1000 = 3 exactly
        assert_eq!(share_of(10.0, 31), 4); // 3.1 → 4
                                           // 88 × 375 / 1000 = 33 exactly; in f64 8.8 × 375 / 100 = 33.00000000000001 → 34.
        assert!(
            (8.8f64 * 375.0 / 100.0).ceil() == 34.0,
            "the float trap this guards against"
        );
        assert_eq!(share_of(8.8, 375), 33);
        assert_eq!(share_of(0.1, 30), 1); // 1 × 30 / 1000 = 0.03 → 1
        assert_eq!(share_of(0.0, 30), 0);
        assert_eq!(share_of(100.0, 7), 7);
        assert_eq!(share_of(10.0, 0), 0);
        assert_eq!(share_of(1e-300, 5), 1); // a tiny positive share still rounds up to 1
    }

    /// R29 and §7: 10% of N = 30 is 3; the tie at the cut-off (25 and 25 for the 3rd place)
    /// goes to the smaller school_id; basis lowest_index, rank_value the index_score.
    #[test]
    fn r29_priority_lowest_index_with_tie_at_cut_off() {
        let mut f = Fixture::new();
        f.config.designations.priority_pct = 10.0;
        f.filler("S", 30); // S00..S29 scored 50..79
        f.index[10].index_score = Some(20.0);
        f.index[20].index_score = Some(20.5);
        f.index[7].index_score = Some(25.0); // ties with S03 for 3rd place
        f.index[3].index_score = Some(25.0);
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Priority), ["S03", "S10", "S20"]);
        let s03 = row_of(&f, &out, "S03");
        assert_eq!(
            (basis(s03), s03.rank_value),
            (Some("lowest_index"), Some(25.0))
        );
        assert_eq!(
            (s03.years_in_status, s03.escalation),
            (1, Escalation::None),
            "no history: 1 year"
        );
        let s07 = row_of(&f, &out, "S07");
        assert_eq!(
            (s07.designation, basis(s07), s07.rank_value),
            (Designation::None, None, None)
        );
        assert_eq!(s07.years_in_status, 0);
    }

    /// §7 universe: non-Title-I schools and schools without index_score are NOT_ELIGIBLE and
    /// do not count in N: 5% of N = 20 is 1 (of 22 schools it would be 2).
    #[test]
    fn not_eligible_outside_the_universe() {
        let mut f = Fixture::new();
        f.config.designations.priority_pct = 5.0;
        f.school("A0", SchoolLevel::Elementary, false, Some(1.0)); // lowest, but not Title I
        f.school("A1", SchoolLevel::High, true, None); // Title I, no index_score
        f.grad4(1, Group::All, 40, Some(10.0)); // would be low_graduation if it were in U
        f.filler("S", 20);
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::NotEligible), ["A0", "A1"]);
        assert_eq!(f.with(&out, Designation::Priority), ["S00"]);
        for id in ["A0", "A1"] {
            let r = row_of(&f, &out, id);
            assert_eq!(
                (basis(r), r.rank_value, r.years_in_status, r.escalation),
                (None, None, 0, Escalation::None)
            );
        }
    }

    /// R29 graduation floor 60: H schools whose ALL 4-year rate is reported and below 60 are
    /// PRIORITY (low_graduation, rank_value the rate); joined after lowest_index when both.
    #[test]
    fn r29_priority_low_graduation() {
        let mut f = Fixture::new();
        f.config.designations.priority_pct = 5.0; // 5% of N = 20 → 1
        let lowest = f.school("H0", SchoolLevel::High, true, Some(10.0));
        let just_below = f.school("H1", SchoolLevel::High, true, Some(70.0));
        let at_floor = f.school("H2", SchoolLevel::High, true, Some(70.0));
        let elementary = f.school("H3", SchoolLevel::Elementary, true, Some(70.0));
        let unreported = f.school("H4", SchoolLevel::High, true, Some(70.0));
        let subgroup_only = f.school("H5", SchoolLevel::High, true, Some(70.0));
        f.filler("S", 14);
        f.grad4(lowest, Group::All, 40, Some(55.0));
        f.grad4(just_below, Group::All, 25, Some(59.99));
        f.grad4(at_floor, Group::All, 25, Some(60.0)); // not below the floor
        f.grad4(elementary, Group::All, 25, Some(40.0)); // not an H school
        f.grad4(unreported, Group::All, 15, None); // n < n_size: not reported
        f.grad4(subgroup_only, Group::Sed, 25, Some(30.0)); // ALL is what R29 reads
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Priority), ["H0", "H1"]);
        let h0 = row_of(&f, &out, "H0");
        assert_eq!(
            (basis(h0), h0.rank_value),
            (Some("lowest_index+low_graduation"), Some(10.0))
        );
        let h1 = row_of(&f, &out, "H1");
        assert_eq!(
            (basis(h1), h1.rank_value),
            (Some("low_graduation"), Some(59.99))
        );

        // With GRAD switched off (§9 "removes the metric everywhere") only the ranking counts.
        f.config.metrics.GRAD = false;
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Priority), ["H0"]);
        assert_eq!(basis(row_of(&f, &out, "H0")), Some("lowest_index"));
    }

    /// R30: FOCUS among U minus PRIORITY. 10% of N = 20 is 2 by lowest subgroup_score; H
    /// schools with a counted subgroup's 4-year rate (n ≥ 20) below 60 are FOCUS with
    /// rank_value the lowest such rate (R33).
    #[test]
    fn r30_focus_low_subgroup_and_subgroup_graduation() {
        let mut f = Fixture::new();
        f.config.designations.priority_pct = 5.0; // 1
        f.config.designations.focus_pct = 10.0; // 2
        let priority = f.school("F0", SchoolLevel::High, true, Some(10.0));
        let both = f.school("F1", SchoolLevel::High, true, Some(60.0));
        let second = f.school("F2", SchoolLevel::Elementary, true, Some(60.0));
        let third = f.school("F3", SchoolLevel::Elementary, true, Some(60.0));
        let grad_only = f.school("F4", SchoolLevel::High, true, Some(60.0));
        let ignored = f.school("F5", SchoolLevel::High, true, Some(60.0));
        let elementary = f.school("F6", SchoolLevel::Elementary, true, Some(60.0));
        f.filler("S", 13);
        f.scores(priority, Some(20.0), Some(5.0)); // lowest subgroup, but already PRIORITY
        f.scores(both, Some(50.0), Some(30.0));
        f.scores(second, Some(50.0), Some(35.0));
        f.scores(third, Some(50.0), Some(40.0)); // 3rd lowest: outside the share of 2

        // PRIORITY stays PRIORITY even with a low subgroup rate.
        f.row(
            priority,
            Metric::Grad,
            Group::Sed,
            Role::Subgroup,
            Some(30.0),
        );
        f.grad4(priority, Group::Sed, 30, Some(30.0));
        f.row(both, Metric::Grad, Group::Swd, Role::Subgroup, Some(50.0));
        f.grad4(both, Group::Swd, 20, Some(50.0));
        // F4: SED 50 and lowest race HI 45 count; the lowest, 45, is the rank_value. WH is
        // info and SWD's cohort is below n_size: both ignored.
        f.row(
            grad_only,
            Metric::Grad,
            Group::Sed,
            Role::Subgroup,
            Some(50.0),
        );
        f.grad4(grad_only, Group::Sed, 30, Some(50.0));
        f.row(
            grad_only,
            Metric::Grad,
            Group::HI,
            Role::LowestRace,
            Some(45.0),
        );
        f.grad4(grad_only, Group::HI, 22, Some(45.0));
        f.row(grad_only, Metric::Grad, Group::WH, Role::Info, Some(10.0));
        f.grad4(grad_only, Group::WH, 25, Some(10.0));
        f.row(grad_only, Metric::Grad, Group::Swd, Role::Subgroup, None);
        f.grad4(grad_only, Group::Swd, 12, None);
        // F5: the only low rate is on an info row or on a small cohort.
        f.row(ignored, Metric::Grad, Group::WH, Role::Info, Some(10.0));
        f.grad4(ignored, Group::WH, 25, Some(10.0));
        f.row(ignored, Metric::Grad, Group::Swd, Role::Subgroup, None);
        f.grad4(ignored, Group::Swd, 12, None);
        // F6: not an H school.
        f.row(
            elementary,
            Metric::Grad,
            Group::Sed,
            Role::Subgroup,
            Some(20.0),
        );
        f.grad4(elementary, Group::Sed, 30, Some(20.0));

        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Priority), ["F0"]);
        assert_eq!(f.with(&out, Designation::Focus), ["F1", "F2", "F4"]);
        let f1 = row_of(&f, &out, "F1");
        assert_eq!(
            (basis(f1), f1.rank_value),
            (Some("low_subgroup+low_subgroup_graduation"), Some(30.0))
        );
        let f2 = row_of(&f, &out, "F2");
        assert_eq!(
            (basis(f2), f2.rank_value),
            (Some("low_subgroup"), Some(35.0))
        );
        let f4 = row_of(&f, &out, "F4");
        assert_eq!(
            (basis(f4), f4.rank_value),
            (Some("low_subgroup_graduation"), Some(45.0))
        );
        assert_eq!(f4.years_in_status, 1);
    }

    /// R34 on one fixture: PRIORITY P4, P5 (lowest index, 20% of N = 10 is 2) and FOCUS C,
    /// F3, F5, G (lowest subgroup_score, 40% of 10 is 4), with the history below.
    fn escalation_fixture() -> Fixture {
        let mut f = Fixture::new();
        f.config.designations.priority_pct = 20.0;
        f.config.designations.focus_pct = 40.0;
        for (id, index_score, subgroup) in [
            ("C", 60.0, 10.0),
            ("F3", 60.0, 11.0),
            ("F5", 60.0, 12.0),
            ("G", 60.0, 13.0),
            ("N1", 60.0, 50.0),
            ("N2", 61.0, 50.0),
            ("N3", 62.0, 50.0),
            ("N4", 63.0, 50.0),
            ("P4", 21.0, 5.0),
            ("P5", 20.0, 5.0),
        ] {
            let s = f.school(id, SchoolLevel::Elementary, true, Some(index_score));
            f.scores(s, Some(index_score), Some(subgroup));
        }
        f
    }

    fn history_of(records: &[(i32, &str, Designation)]) -> History {
        records
            .iter()
            .map(|&(y, id, d)| (y, id.to_string(), d))
            .collect()
    }

    #[test]
    fn r34_years_in_status_and_escalation() {
        use Designation::{Focus, Priority};
        let f = escalation_fixture();
        let history = history_of(&[
            // F3: FOCUS in 2015 and 2014 → 3 years → partner_with_reward. Rows for 2016 and
            // later are ignored (an earlier run's output for this year, say).
            (2015, "F3", Focus),
            (2014, "F3", Focus),
            (2016, "F3", Focus),
            (2017, "F3", Focus),
            // F5: FOCUS 2015–2012 → 5 years → district_turnaround.
            (2015, "F5", Focus),
            (2014, "F5", Focus),
            (2013, "F5", Focus),
            (2012, "F5", Focus),
            (2010, "F5", Focus),
            // P5: PRIORITY 2015–2012 → 5 years → intensive_action.
            (2015, "P5", Priority),
            (2014, "P5", Priority),
            (2013, "P5", Priority),
            (2012, "P5", Priority),
            // P4: PRIORITY 2015–2013 → 4 years → none yet.
            (2015, "P4", Priority),
            (2014, "P4", Priority),
            (2013, "P4", Priority),
            // G: FOCUS 2015, no row for 2014, FOCUS 2013–2012: the gap ends the run → 2.
            (2015, "G", Focus),
            (2013, "G", Focus),
            (2012, "G", Focus),
            // C: PRIORITY last year, FOCUS now: a different designation → 1.
            (2015, "C", Priority),
            (2014, "C", Focus),
            // N1: FOCUS before, NONE now → 0.
            (2015, "N1", Focus),
            (2014, "N1", Focus),
            (2013, "N1", Focus),
        ]);
        let out = f.run(Some(&history));
        assert_eq!(f.with(&out, Priority), ["P4", "P5"]);
        assert_eq!(f.with(&out, Focus), ["C", "F3", "F5", "G"]);
        let status = |id: &str| {
            let r = row_of(&f, &out, id);
            (r.years_in_status, r.escalation)
        };
        assert_eq!(status("F3"), (3, Escalation::PartnerWithReward));
        assert_eq!(status("F5"), (5, Escalation::DistrictTurnaround));
        assert_eq!(status("P5"), (5, Escalation::IntensiveAction));
        assert_eq!(status("P4"), (4, Escalation::None));
        assert_eq!(status("G"), (2, Escalation::None));
        assert_eq!(status("C"), (1, Escalation::None));
        assert_eq!(status("N1"), (0, Escalation::None));

        // Without a history file every PRIORITY and FOCUS school is in its first year.
        let out = f.run(None);
        assert_eq!(row_of(&f, &out, "F5").years_in_status, 1);
        assert_eq!(row_of(&f, &out, "N1").years_in_status, 0);
    }

    /// R31: 10% of N = 10 is 1 large-gap school, 20% of 10 is 2 reward schools. L has the
    /// largest gap (91.26 − 80.00 = 11.26) and is kept out of Reward; Z (gap 0) and T (gap
    /// 0.05) stay eligible and are the two highest index scores left.
    #[test]
    fn r31_large_gap_school_kept_out_of_reward() {
        let mut f = Fixture::new();
        f.config.designations.reward_gap_pct = 10.0;
        f.config.designations.reward_pct = 20.0;
        f.filler("A", 6); // A00..A05 scored 50..55, no gap
        let large = f.school("L", SchoolLevel::Elementary, true, Some(90.0));
        let low = f.school("P", SchoolLevel::Elementary, true, Some(20.0));
        let small = f.school("T", SchoolLevel::Elementary, true, Some(80.0));
        let zero = f.school("Z", SchoolLevel::Elementary, true, Some(85.0));
        f.scores(large, Some(91.26), Some(80.0));
        f.scores(low, Some(30.0), Some(29.0)); // gap 1.00, smaller than L's
        f.scores(small, Some(80.1), Some(80.05)); // gap 5 hundredths
        f.scores(zero, Some(85.0), Some(85.0));
        let out = f.run(None);
        assert_eq!(row_of(&f, &out, "L").designation, Designation::None);
        assert_eq!(f.with(&out, Designation::RewardHighPerforming), ["T", "Z"]);
        let z = row_of(&f, &out, "Z");
        assert_eq!(
            (basis(z), z.rank_value),
            (Some("highest_index"), Some(85.0))
        );

        // The gap ranking covers all of U, PRIORITY included: once the PRIORITY school P has
        // the largest gap (30.00 − 10.00 = 20.00) it takes the one large-gap place and L is
        // rewarded for the highest index score.
        f.config.designations.priority_pct = 10.0;
        f.scores(low, Some(30.0), Some(10.0));
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Priority), ["P"]);
        assert_eq!(f.with(&out, Designation::RewardHighPerforming), ["L", "Z"]);
    }

    /// R32: 10% of N = 10 is 1 REWARD_HIGH_PERFORMING (highest index) and 1
    /// REWARD_HIGH_PROGRESS by mean ALL growth percentile: B (ELA only, 76) and D ((72 + 80)
    /// / 2 = 76) tie and B, the smaller id, wins over A ((70 + 80) / 2 = 75).
    #[test]
    fn r32_reward_high_progress_by_mean_growth() {
        let mut f = Fixture::new();
        f.config.designations.reward_pct = 10.0;
        let a = f.school("A", SchoolLevel::Elementary, true, Some(60.0));
        let b = f.school("B", SchoolLevel::Elementary, true, Some(60.0));
        let c = f.school("C", SchoolLevel::Elementary, true, Some(60.0));
        let d = f.school("D", SchoolLevel::Elementary, true, Some(60.0));
        let top = f.school("E", SchoolLevel::Elementary, true, Some(95.0));
        f.filler("S", 5);
        f.row(a, Metric::ElaGrowth, Group::All, Role::All, Some(70.0));
        f.row(a, Metric::MathGrowth, Group::All, Role::All, Some(80.0));
        f.row(b, Metric::ElaGrowth, Group::All, Role::All, Some(76.0));
        f.row(b, Metric::MathGrowth, Group::All, Role::All, None); // suppressed: not counted
        f.row(c, Metric::ElaGrowth, Group::Sed, Role::Subgroup, Some(99.0)); // not ALL
        f.row(c, Metric::ElaGrowth, Group::All, Role::All, None);
        f.row(d, Metric::ElaGrowth, Group::All, Role::All, Some(72.0));
        f.row(d, Metric::MathGrowth, Group::All, Role::All, Some(80.0));
        f.row(top, Metric::ElaGrowth, Group::All, Role::All, Some(99.0)); // already HP
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::RewardHighPerforming), ["E"]);
        assert_eq!(f.with(&out, Designation::RewardHighProgress), ["B"]);
        let b_row = row_of(&f, &out, "B");
        assert_eq!(
            (basis(b_row), b_row.rank_value),
            (Some("highest_growth"), Some(76.0))
        );
        let e_row = row_of(&f, &out, "E");
        assert_eq!(
            (basis(e_row), e_row.rank_value),
            (Some("highest_index"), Some(95.0))
        );
        assert_eq!(
            (e_row.years_in_status, e_row.escalation),
            (0, Escalation::None)
        );
    }

    /// §7: a share larger than its pool takes the pool; the share is still of N, not of the
    /// pool (10% of N = 20 is 2 although only 1 school has a subgroup_score).
    #[test]
    fn shares_use_n_even_when_the_pool_is_smaller() {
        let mut f = Fixture::new();
        f.config.designations.focus_pct = 10.0;
        f.filler("S", 20);
        f.scores(5, Some(70.0), Some(69.0));
        let out = f.run(None);
        assert_eq!(f.with(&out, Designation::Focus), ["S05"]);
    }
}
