//! Realistic fixture cards for the tests and the sample example. The builder computes levels,
//! bands, needed_1 and points from values and cut points with the methodology's rules
//! (R15, R16, R26–R28, R36–R38), so the numbers on a fixture card hang together as a real
//! output folder's would.

use crate::*;

pub(crate) const N_SIZE: u32 = 20;

/// Calibrated cut points of the fixture, per metric (c1 … c9).
fn cut_points(code: &str) -> CutPoints {
    let cuts = match code {
        "ELA_PERF" => [18.0, 25.0, 31.0, 37.0, 43.0, 49.0, 55.0, 62.0, 70.0],
        "MATH_PERF" => [12.0, 18.0, 23.0, 28.0, 34.0, 40.0, 46.0, 54.0, 63.0],
        "HS_READINESS" => [30.0, 38.0, 44.0, 50.0, 55.0, 60.0, 65.0, 71.0, 78.0],
        "GRAD" => [72.0, 78.0, 82.0, 85.0, 88.0, 90.0, 92.0, 94.0, 96.5],
        "CHRONIC_ABSENCE" => [3.2, 4.5, 5.8, 7.0, 8.3, 9.7, 11.4, 13.6, 17.2],
        "SUSPENSION" => [0.4, 0.9, 1.5, 2.2, 3.0, 3.9, 5.0, 6.6, 9.1],
        "EL_RECLASS" => [5.0, 8.0, 10.5, 12.5, 14.5, 16.5, 19.0, 22.0, 27.0],
        "SEL" => [3.45, 3.52, 3.57, 3.61, 3.65, 3.69, 3.73, 3.78, 3.85],
        "CLIMATE" => [55.0, 60.0, 63.5, 66.0, 68.5, 71.0, 73.5, 76.5, 81.0],
        _ => return CutPoints::GrowthDeciles,
    };
    CutPoints::Calibrated(cuts)
}

/// R15 / R16: the level of a value.
pub(crate) fn level_of(value: f64, cuts: &CutPoints, direction: Direction) -> u8 {
    match cuts {
        CutPoints::Calibrated(c) => {
            let passed = match direction {
                Direction::HigherIsBetter => c.iter().filter(|&&k| value >= k).count(),
                Direction::LowerIsBetter => c.iter().filter(|&&k| value <= k).count(),
            };
            1 + passed as u8
        }
        _ => (((value + 0.5).floor() as i64 / 10 + 1).min(10)) as u8,
    }
}

/// R38: needed_1.
fn needed_1(level: u8, value: f64, cuts: &CutPoints, direction: Direction) -> Option<f64> {
    if level >= 10 {
        return None;
    }
    let l = usize::from(level);
    Some(match (cuts, direction) {
        (CutPoints::Calibrated(c), Direction::HigherIsBetter) => c[l - 1] - value,
        (CutPoints::Calibrated(c), Direction::LowerIsBetter) => value - c[10 - l - 1],
        _ => 10.0 * f64::from(level) - 0.5 - value,
    })
}

/// R2.
fn round2(x: f64) -> f64 {
    (100.0 * x).round() / 100.0
}

/// One group of a metric: code, role, n, value this year and, optionally, last year's value.
pub(crate) struct G(
    pub(crate) &'static str,
    pub(crate) Role,
    pub(crate) u64,
    pub(crate) f64,
    pub(crate) Option<f64>,
);

/// A metric with its rows; status by n against N_SIZE; points filled later by [`score`].
pub(crate) fn metric(code: &str, groups: &[G]) -> MetricResults {
    let definition = MetricDefinition::standard(code).expect("known metric");
    let cuts = cut_points(code);
    let rows = groups
        .iter()
        .map(|G(group, role, n, value, prior)| {
            let reported = *n >= u64::from(N_SIZE);
            let level = reported.then(|| level_of(*value, &cuts, definition.direction));
            let prior_level = prior.map(|p| level_of(p, &cuts, definition.direction));
            MetricRow {
                group: group.to_string(),
                group_label: group_label(group).to_string(),
                role: *role,
                n: *n,
                status: if reported {
                    RowStatus::Reported
                } else {
                    RowStatus::Suppressed
                },
                value: reported.then_some(*value),
                level,
                band: level.map(Band::of_level),
                points: None,
                max_points: None,
                prior_value: *prior,
                prior_level,
                change: prior.filter(|_| reported).map(|p| value - p),
                level_change: level
                    .zip(prior_level)
                    .map(|(l, p)| i32::from(l) - i32::from(p)),
                needed_1: level.and_then(|l| needed_1(l, *value, &cuts, definition.direction)),
            }
        })
        .collect();
    MetricResults {
        definition,
        cut_points: cuts,
        rows,
    }
}

/// R25–R28 with the default configuration (60/40, half_half, rounded components): fills
/// the rows' points and returns the index scores.
pub(crate) fn score(metrics: &mut [MetricResults]) -> IndexScores {
    let mut sums = [(0i64, 0i64), (0i64, 0i64)]; // (points, max) in hundredths per domain
    let (mut all_rows, mut group_rows) = ((0i64, 0i64), (0i64, 0i64));
    let present = |m: &MetricResults| {
        m.rows
            .iter()
            .any(|r| r.role == Role::All && r.status == RowStatus::Reported)
    };
    let count = |domain: Domain| {
        metrics
            .iter()
            .filter(|m| m.definition.domain == domain && present(m))
            .count()
    };
    let (academic_count, secc_count) = (count(Domain::Academic), count(Domain::Secc));
    for metric in metrics.iter_mut().filter(|m| present(m)) {
        let (weight, slot) = match metric.definition.domain {
            Domain::Academic => (60.0 / academic_count as f64, 0),
            Domain::Secc => (40.0 / secc_count as f64, 1),
        };
        let k = metric
            .rows
            .iter()
            .filter(|r| {
                matches!(r.role, Role::LowestRace | Role::Subgroup)
                    && r.status == RowStatus::Reported
            })
            .count();
        for row in metric
            .rows
            .iter_mut()
            .filter(|r| r.role.is_counted() && r.status == RowStatus::Reported)
        {
            let share = match (row.role, k) {
                (Role::All, 0) => weight,
                (Role::All, _) => 0.5 * weight,
                _ => (0.5 * weight) / k as f64,
            };
            let level = f64::from(row.level.expect("reported rows have a level"));
            let points = round2((share * level) / 10.0);
            let max = round2(share);
            row.points = Some(points);
            row.max_points = Some(max);
            let (p, m) = (
                (points * 100.0).round() as i64,
                (max * 100.0).round() as i64,
            );
            sums[slot].0 += p;
            sums[slot].1 += m;
            let target = if row.role == Role::All {
                &mut all_rows
            } else {
                &mut group_rows
            };
            target.0 += p;
            target.1 += m;
        }
    }
    let hundredths = |x: i64| x as f64 / 100.0;
    let ratio =
        |(a, b): (i64, i64)| (b > 0).then(|| round2((100.0 * hundredths(a)) / hundredths(b)));
    IndexScores {
        index_score: (academic_count > 0 && secc_count > 0)
            .then(|| hundredths(sums[0].0 + sums[1].0)),
        academic_points: hundredths(sums[0].0),
        academic_max: hundredths(sums[0].1),
        secc_points: hundredths(sums[1].0),
        secc_max: hundredths(sums[1].1),
        all_students_score: ratio(all_rows),
        subgroup_score: ratio(group_rows),
        metrics_reported: (academic_count + secc_count) as u32,
        prior_index_score: None,
        index_change: None,
    }
}

fn growth(subject: Subject, group: &str, n: u64, p: f64, low: f64, high: f64) -> GrowthRow {
    GrowthRow {
        subject,
        group: group.to_string(),
        group_label: group_label(group).to_string(),
        n,
        growth_percentile: p,
        ci_low: low,
        ci_high: high,
        level: level_of(p, &CutPoints::GrowthDeciles, Direction::HigherIsBetter),
    }
}

fn school(id: &str, name: &str, district: &str, level: SchoolLevel) -> School {
    School {
        id: id.into(),
        name: name.into(),
        district_id: district.into(),
        level,
        title_i: true,
    }
}

use Role::{All as A, Info as I, LowestRace as LR, Subgroup as SG};

/// A PRIORITY 6–12 high school with all eleven metrics, prior results, one suppressed counted
/// row (SWD on HS_READINESS) and three partners.
pub(crate) fn priority_card() -> Card {
    let mut metrics = vec![
        metric(
            "ELA_PERF",
            &[
                G("ALL", A, 612, 33.8, Some(31.2)),
                G("HI", LR, 455, 29.4, Some(28.0)),
                G("SED", SG, 530, 30.1, Some(29.5)),
                G("EL", SG, 240, 18.2, Some(19.9)),
                G("SWD", SG, 88, 7.9, Some(6.1)),
                G("WH", I, 64, 52.3, Some(50.0)),
                G("FOS", I, 9, 10.0, None),
            ],
        ),
        metric(
            "MATH_PERF",
            &[
                G("ALL", A, 610, 21.5, Some(19.0)),
                G("HI", LR, 454, 17.2, Some(16.6)),
                G("SED", SG, 528, 18.9, Some(18.1)),
                G("EL", SG, 239, 9.6, Some(10.4)),
                G("SWD", SG, 87, 3.4, Some(4.0)),
                G("WH", I, 63, 41.0, Some(38.5)),
            ],
        ),
        metric(
            "ELA_GROWTH",
            &[
                G("ALL", A, 301, 44.2, Some(38.9)),
                G("HI", LR, 221, 41.7, Some(40.0)),
                G("SED", SG, 260, 43.0, Some(37.5)),
                G("EL", SG, 118, 47.9, Some(45.0)),
                G("SWD", SG, 41, 35.6, None),
            ],
        ),
        metric(
            "MATH_GROWTH",
            &[
                G("ALL", A, 300, 38.4, Some(41.2)),
                G("HI", LR, 220, 36.1, Some(39.8)),
                G("SED", SG, 259, 37.7, Some(40.3)),
                G("EL", SG, 117, 33.2, Some(34.0)),
                G("SWD", SG, 40, 28.8, None),
            ],
        ),
        metric(
            "HS_READINESS",
            &[
                G("ALL", A, 104, 41.3, Some(39.0)),
                G("HI", LR, 77, 37.7, Some(36.4)),
                G("SED", SG, 90, 39.0, Some(35.2)),
                G("EL", SG, 38, 26.3, Some(30.0)),
                G("SWD", SG, 12, 16.7, None),
            ],
        ),
        metric(
            "GRAD",
            &[
                G("ALL", A, 151, 81.9, Some(80.4)),
                G("HI", LR, 110, 79.8, Some(79.1)),
                G("SED", SG, 131, 80.3, Some(78.8)),
                G("EL", SG, 49, 70.6, Some(71.0)),
                G("SWD", SG, 23, 61.2, Some(58.0)),
            ],
        ),
        metric(
            "CHRONIC_ABSENCE",
            &[
                G("ALL", A, 1180, 14.6, Some(15.9)),
                G("AA", LR, 58, 22.4, Some(24.0)),
                G("SED", SG, 1022, 15.8, Some(16.7)),
                G("EL", SG, 455, 12.1, Some(12.0)),
                G("SWD", SG, 170, 21.7, Some(23.5)),
                G("HI", I, 880, 14.9, Some(16.0)),
                G("HOM", I, 44, 31.8, Some(35.0)),
            ],
        ),
        metric(
            "SUSPENSION",
            &[
                G("ALL", A, 1192, 5.6, Some(6.4)),
                G("AA", LR, 59, 11.9, Some(13.6)),
                G("SED", SG, 1030, 6.0, Some(6.9)),
                G("EL", SG, 460, 4.3, Some(4.1)),
                G("SWD", SG, 172, 9.3, Some(10.5)),
            ],
        ),
        metric("EL_RECLASS", &[G("ALL", A, 262, 13.4, Some(11.2))]),
        metric(
            "SEL",
            &[
                G("ALL", A, 842, 3.58, Some(3.55)),
                G("HI", LR, 628, 3.55, Some(3.54)),
                G("SED", SG, 731, 3.56, Some(3.53)),
                G("EL", SG, 301, 3.49, Some(3.50)),
                G("SWD", SG, 106, 3.47, Some(3.46)),
            ],
        ),
        metric("CLIMATE", &[G("ALL", A, 517, 64.7, Some(62.1))]),
    ];
    let mut index = score(&mut metrics);
    // Last year's index was 2.11 points lower; changes are exact in hundredths (R36).
    index.prior_index_score = index
        .index_score
        .map(|s| ((s * 100.0).round() - 211.0) / 100.0);
    index.index_change = Some(2.11);
    Card {
        school: school("19647331930106", "César Chávez 6–12 Academy", "1964733", SchoolLevel::High),
        year: 2016,
        n_size: N_SIZE,
        index,
        metrics,
        growth: vec![
            growth(Subject::Ela, "ALL", 301, 44.2, 36.8, 51.9),
            growth(Subject::Ela, "HI", 221, 41.7, 33.0, 50.6),
            growth(Subject::Ela, "SED", 260, 43.0, 34.9, 51.3),
            growth(Subject::Ela, "EL", 118, 47.9, 36.2, 59.7),
            growth(Subject::Ela, "SWD", 41, 35.6, 18.4, 55.1),
            growth(Subject::Math, "ALL", 300, 38.4, 31.1, 46.0),
            growth(Subject::Math, "HI", 220, 36.1, 27.9, 44.9),
            growth(Subject::Math, "SED", 259, 37.7, 29.8, 46.1),
            growth(Subject::Math, "EL", 117, 33.2, 22.5, 45.6),
            growth(Subject::Math, "SWD", 40, 28.8, 13.9, 48.7),
        ],
        designation: DesignationInfo {
            designation: Designation::Priority,
            basis: Some("lowest_index".into()),
            rank_value: None, // filled below from the index score
            rank: Some(2),
            ranked: Some(48),
            universe_n: Some(48),
            cutoff: Some(
                "The 3 Title I schools with the lowest index scores (5% of 48, R29) are Priority; the third lowest \
                 index score is 38.15."
                    .into(),
            ),
            years_in_status: 2,
            escalation: Escalation::None,
        },
        partners: Some(PartnerSuggestions {
            focus: Some(FocusArea {
                metric: "MATH_PERF".into(),
                metric_label: MetricDefinition::standard("MATH_PERF").unwrap().label,
                group: "SWD".into(),
                group_label: group_label("SWD").into(),
                level: Some(1),
            }),
            partners: vec![
                partner(1, "19647330120014", "Lincoln High School", Designation::RewardHighPerforming, Some(9), 6.42),
                partner(2, "19734370118760", "Valley View Secondary", Designation::RewardHighProgress, Some(8), 11.87),
                partner(3, "19648570000001", "Roosevelt Early College High", Designation::RewardHighPerforming, Some(6), 4.15),
            ],
        }),
        community: None,
    }
    .with_rank_value_from_index()
}

fn partner(
    rank: u32,
    id: &str,
    name: &str,
    designation: Designation,
    level: Option<u8>,
    distance: f64,
) -> Partner {
    Partner {
        rank,
        school_id: id.into(),
        school_name: name.into(),
        designation,
        level,
        distance,
    }
}

/// Sets the rank value of an index-based designation to the card's index score (R33).
pub(crate) trait WithRankValue {
    fn with_rank_value_from_index(self) -> Self;
}

impl WithRankValue for Card {
    fn with_rank_value_from_index(mut self) -> Self {
        self.designation.rank_value = self.index.index_score;
        self
    }
}

/// A FOCUS elementary school without prior results, in a community of practice.
pub(crate) fn focus_card() -> Card {
    let mut metrics = vec![
        metric(
            "ELA_PERF",
            &[
                G("ALL", A, 318, 46.2, None),
                G("AA", LR, 41, 24.4, None),
                G("SED", SG, 240, 38.8, None),
                G("EL", SG, 121, 27.3, None),
                G("SWD", SG, 36, 11.1, None),
                G("AS", I, 77, 70.1, None),
                G("WH", I, 98, 61.2, None),
                G("ELO", I, 84, 16.7, None),
                G("HOM", I, 7, 14.3, None),
            ],
        ),
        metric(
            "MATH_PERF",
            &[
                G("ALL", A, 318, 40.9, None),
                G("AA", LR, 41, 17.1, None),
                G("SED", SG, 240, 33.3, None),
                G("EL", SG, 121, 24.0, None),
                G("SWD", SG, 36, 8.3, None),
                G("AS", I, 77, 68.8, None),
            ],
        ),
        metric(
            "ELA_GROWTH",
            &[
                G("ALL", A, 152, 58.3, None),
                G("HI", LR, 63, 49.5, None),
                G("SED", SG, 118, 52.0, None),
                G("EL", SG, 60, 45.2, None),
                G("SWD", SG, 17, 30.0, None),
            ],
        ),
        metric(
            "MATH_GROWTH",
            &[
                G("ALL", A, 152, 61.0, None),
                G("HI", LR, 63, 55.4, None),
                G("SED", SG, 118, 57.8, None),
                G("EL", SG, 60, 52.6, None),
                G("SWD", SG, 17, 40.0, None),
            ],
        ),
        metric(
            "CHRONIC_ABSENCE",
            &[
                G("ALL", A, 540, 7.6, None),
                G("AA", LR, 66, 16.7, None),
                G("SED", SG, 402, 9.5, None),
                G("EL", SG, 210, 6.2, None),
                G("SWD", SG, 61, 13.1, None),
            ],
        ),
        metric(
            "SUSPENSION",
            &[
                G("ALL", A, 546, 1.1, None),
                G("AA", LR, 67, 4.5, None),
                G("SED", SG, 405, 1.5, None),
                G("EL", SG, 212, 0.9, None),
                G("SWD", SG, 62, 3.2, None),
            ],
        ),
        metric("EL_RECLASS", &[G("ALL", A, 131, 16.0, None)]),
        metric(
            "SEL",
            &[
                G("ALL", A, 240, 3.71, None),
                G("AA", LR, 30, 3.52, None),
                G("SED", SG, 181, 3.66, None),
                G("EL", SG, 90, 3.63, None),
                G("SWD", SG, 25, 3.50, None),
            ],
        ),
        metric("CLIMATE", &[G("ALL", A, 212, 74.2, None)]),
    ];
    let index = score(&mut metrics);
    let subgroup = index.subgroup_score;
    Card {
        school: school("19647336018253", "Jefferson Elementary", "1964733", SchoolLevel::Elementary),
        year: 2016,
        n_size: N_SIZE,
        index,
        metrics,
        growth: vec![
            growth(Subject::Ela, "ALL", 152, 58.3, 47.1, 68.9),
            growth(Subject::Ela, "HI", 63, 49.5, 33.8, 65.0),
            growth(Subject::Ela, "SED", 118, 52.0, 39.9, 63.8),
            growth(Subject::Ela, "EL", 60, 45.2, 29.6, 61.4),
            growth(Subject::Math, "ALL", 152, 61.0, 50.2, 71.1),
            growth(Subject::Math, "HI", 63, 55.4, 39.9, 70.1),
            growth(Subject::Math, "SED", 118, 57.8, 45.6, 69.3),
            growth(Subject::Math, "EL", 60, 52.6, 36.7, 68.0),
        ],
        designation: DesignationInfo {
            designation: Designation::Focus,
            basis: Some("low_subgroup".into()),
            rank_value: subgroup,
            rank: Some(4),
            ranked: Some(48),
            universe_n: Some(48),
            cutoff: Some(
                "Among the 45 Title I schools not in Priority, the 5 with the lowest subgroup scores (10% of 48, R30) are \
                 Focus; the fifth lowest subgroup score is 44.10."
                    .into(),
            ),
            years_in_status: 1,
            escalation: Escalation::None,
        },
        partners: None,
        community: Some(Community {
            number: 2,
            focus_metric: "MATH_PERF".into(),
            focus_metric_label: MetricDefinition::standard("MATH_PERF").unwrap().label,
            members: vec![
                member("19647336018253", "Jefferson Elementary", "SWD", Some(1)),
                member("19647336018287", "Madison Elementary", "EL", Some(2)),
                member("19734376059901", "Harbor View Elementary", "AA", Some(2)),
            ],
        }),
    }
}

fn member(id: &str, name: &str, group: &str, level: Option<u8>) -> CommunityMember {
    CommunityMember {
        school_id: id.into(),
        school_name: name.into(),
        focus_group: group.into(),
        focus_group_label: group_label(group).into(),
        focus_level: level,
    }
}

/// The index page of a small two-district output folder, holding the two fixture cards.
pub(crate) fn index_page(cards: &[&Card]) -> IndexPage {
    let entry =
        |id: &str, name: &str, district: &str, level, score, designation, below, average, above| {
            IndexEntry {
                school_id: String::from(id),
                school_name: String::from(name),
                district_id: String::from(district),
                level,
                index_score: score,
                designation,
                bands: BandCounts {
                    below,
                    average,
                    above,
                },
            }
        };
    let mut schools: Vec<IndexEntry> = cards.iter().map(|c| IndexEntry::from_card(c)).collect();
    schools.extend([
        entry(
            "19647330120014",
            "Lincoln High School",
            "1964733",
            SchoolLevel::High,
            Some(71.35),
            Designation::RewardHighPerforming,
            2,
            14,
            22,
        ),
        entry(
            "19647336018287",
            "Madison Elementary",
            "1964733",
            SchoolLevel::Elementary,
            Some(52.4),
            Designation::Focus,
            9,
            21,
            4,
        ),
        entry(
            "19647336099999",
            "Arts & Sciences \"Magnet\" <K-8>",
            "1964733",
            SchoolLevel::Middle,
            Some(58.7),
            Designation::None,
            5,
            20,
            9,
        ),
        entry(
            "19647336100000",
            "Ocean Charter",
            "1964733",
            SchoolLevel::Middle,
            None,
            Designation::NotEligible,
            1,
            3,
            0,
        ),
        entry(
            "19734370118760",
            "Valley View Secondary",
            "1973437",
            SchoolLevel::High,
            Some(62.08),
            Designation::RewardHighProgress,
            6,
            20,
            12,
        ),
        entry(
            "19734376059901",
            "Harbor View Elementary",
            "1973437",
            SchoolLevel::Elementary,
            Some(49.9),
            Designation::Focus,
            11,
            18,
            3,
        ),
        entry(
            "19648570000001",
            "Roosevelt Early College High",
            "1973437",
            SchoolLevel::High,
            Some(68.0),
            Designation::RewardHighPerforming,
            3,
            15,
            18,
        ),
    ]);
    IndexPage {
        year: 2016,
        schools,
    }
}
