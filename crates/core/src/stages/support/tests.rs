//! Hand-computed tests of the support stage (R40–R43), and property tests of its shapes.
//!
//! Every test builds a few schools, their enrolment (for R40's profiles), hand-made metric
//! rows banded by the decile cut points 10, 20, …, 90 (`test_support::decile_cut_points`)
//! and designation rows, and runs the whole stage.

use proptest::prelude::*;

use super::communities::community_sizes;
use super::focus::relative_shortfall;
use super::profiles::{distance, profiles};
use super::*;
use crate::config::Config;
use crate::dataset::{Enrolment, School, StudentKey};
use crate::model::cutpoints::LevelKey;
use crate::model::{Demographics, Designation, ElStatus, Race, Role, SchoolLevel};
use crate::results::{CommunityRow, DesignationRow, Escalation, FocusArea, PartnerRow};
use crate::stages::banding::band_rows;
use crate::stages::test_support::*;

use SchoolLevel::{Elementary as E, High as H, Middle as M};

/// `count` enrolment rows at `school` with demographics `demo`, students from `*next`.
fn students(
    next: &mut StudentKey,
    school: SchoolIdx,
    count: u32,
    demo: Demographics,
) -> Vec<Enrolment> {
    let rows = (*next..*next + count)
        .map(|s| Enrolment {
            demo,
            ..enrolment(s, school)
        })
        .collect();
    *next += count;
    rows
}

/// Ten students at `school`, `sed` of them SED, all race NR, EO, not SWD: the profile is
/// [10·sed, 0, 0, 0, 0, 0, 0, 0, 100], so two such schools are |10·(sed_a − sed_b)| apart.
fn ten_students(next: &mut StudentKey, school: SchoolIdx, sed: u32) -> Vec<Enrolment> {
    let mut rows = students(
        next,
        school,
        sed,
        Demographics {
            sed: true,
            ..neutral_demo()
        },
    );
    rows.extend(students(next, school, 10 - sed, neutral_demo()));
    rows
}

fn designation_row(
    school: SchoolIdx,
    designation: Designation,
    basis: Option<&str>,
    rank_value: Option<f64>,
    escalation: Escalation,
) -> DesignationRow {
    DesignationRow {
        school,
        designation,
        basis: basis.map(str::to_string),
        rank_value,
        years_in_status: u32::from(matches!(
            designation,
            Designation::Priority | Designation::Focus
        )),
        escalation,
    }
}

/// One designation row per school: `designated` lists (school, designation, basis); every
/// other school is NONE. Escalation none, rank value 0 (tests that need others build rows
/// themselves).
fn designations_of(
    school_count: usize,
    designated: &[(SchoolIdx, Designation, &str)],
) -> Designations {
    let rows = (0..school_count as SchoolIdx)
        .map(|s| match designated.iter().find(|d| d.0 == s) {
            Some(&(_, designation, basis)) => {
                designation_row(s, designation, Some(basis), Some(0.0), Escalation::None)
            }
            None => designation_row(s, Designation::None, None, None, Escalation::None),
        })
        .collect();
    Designations {
        rows,
        universe: Default::default(),
    }
}

/// Bands `rows` with `cutpoints` (R15–R16) and runs the support stage.
fn run(
    data: &YearData,
    rows: &[MetricRow],
    grad4: &[Grad4],
    designations: &Designations,
    cutpoints: &CutPoints,
    overrides: &[&str],
) -> Support {
    let levels = band_rows(rows, &data.schools, cutpoints).expect("cut points for every row");
    let config: Config = config(overrides);
    support(
        data,
        rows,
        &levels,
        grad4,
        designations,
        cutpoints,
        &config.support,
    )
}

fn row(school: SchoolIdx, metric: Metric, group: Group, role: Role, value: f64) -> MetricRow {
    with_role(metric_row(school, metric, group, 50, Some(value)), role)
}

fn focus(metric: Metric, group: Group, level: u8) -> Option<FocusArea> {
    Some(FocusArea {
        metric,
        group,
        level,
    })
}

/// (partner id, strength, distance) of each partner row of `school`, rank order; `None`
/// for the one row of a school without candidates.
fn partners_of(
    data: &YearData,
    support: &Support,
    school: SchoolIdx,
) -> Vec<Option<(String, Option<u8>, f64)>> {
    let rows: Vec<&PartnerRow> = support
        .partners
        .iter()
        .filter(|r| r.school == school)
        .collect();
    for (i, r) in rows.iter().enumerate() {
        if let Some(p) = r.partner {
            assert_eq!(p.rank as usize, i + 1, "ranks 1, 2, … in row order");
        }
    }
    rows.iter()
        .map(|r| {
            r.partner.map(|p| {
                (
                    data.schools[p.school as usize].id.clone(),
                    p.strength,
                    p.distance,
                )
            })
        })
        .collect()
}

/// The communities as (number, school ids in order, size of each row).
fn communities_of(data: &YearData, rows: &[CommunityRow]) -> Vec<(u32, Vec<String>)> {
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    for r in rows {
        let id = data.schools[r.school as usize].id.clone();
        match out.last_mut() {
            Some((c, ids)) if *c == r.community => ids.push(id),
            _ => out.push((r.community, vec![id])),
        }
    }
    for (c, ids) in &out {
        for r in rows.iter().filter(|r| r.community == *c) {
            assert_eq!(r.size as usize, ids.len(), "size of community {c}");
        }
    }
    out
}

fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------
// R40 profiles

/// R40 with every race bucket. School S00 has 20 rows with days_enrolled ≥ 1 and one with
/// days_enrolled = 0 (an AA, SED, EL, SWD student, left out):
///   races AA 2, AS 2, FI 2, HI 4, WH 4, and AI 1 + PI 1 + MR 2 + NR 2 = 6 "other";
///   SED 5, el_status EL 3 (plus 2 RFEP, which R40 does not count as EL), SWD 4.
/// Shares (100 × count / 20): SED 25, EL 15, SWD 20, AA 10, AS 10, FI 10, HI 20, WH 20,
/// other 30. S01 has 20 HI students in no subgroup: [0, 0, 0, 0, 0, 0, 100, 0, 0].
/// Distance² = 25² + 15² + 20² + 10² + 10² + 10² + (20 − 100)² + 20² + 30²
///           = 625 + 225 + 400 + 100 + 100 + 100 + 6400 + 400 + 900 = 9250.
/// S02 has only a row with days_enrolled = 0: no profile.
#[test]
fn r40_profile_with_every_race_bucket() {
    let mut next = 0;
    let mut rows = Vec::new();
    let plain = |race| Demographics {
        race,
        ..neutral_demo()
    };
    for (count, race) in [
        (2, Race::BlackAfricanAmerican),
        (2, Race::Asian),
        (2, Race::Filipino),
        (4, Race::Hispanic),
        (4, Race::White),
        (1, Race::AmericanIndian),
        (1, Race::PacificIslander),
        (2, Race::TwoOrMore),
        (2, Race::NotReported),
    ] {
        rows.extend(students(&mut next, 0, count, plain(race)));
    }
    // Subgroups on the first rows: SED 0–4, EL 5–7, RFEP 8–9, SWD 10–13.
    for (i, r) in rows.iter_mut().enumerate() {
        r.demo.sed = i < 5;
        r.demo.el_status = match i {
            5..=7 => ElStatus::EnglishLearner,
            8..=9 => ElStatus::Reclassified,
            _ => ElStatus::EnglishOnly,
        };
        r.demo.swd = (10..14).contains(&i);
    }
    let everything = Demographics {
        race: Race::BlackAfricanAmerican,
        sed: true,
        swd: true,
        el_status: ElStatus::EnglishLearner,
        foster: false,
        homeless: false,
    };
    rows.push(Enrolment {
        days_enrolled: 0,
        ..students(&mut next, 0, 1, everything).remove(0)
    });
    rows.extend(students(&mut next, 1, 20, plain(Race::Hispanic)));
    rows.push(Enrolment {
        days_enrolled: 0,
        ..enrolment(next, 2)
    });
    let data = year_data(schools(&[E, E, E]), rows);

    let profiles = profiles(&data);
    assert_eq!(
        profiles[0],
        Some([25.0, 15.0, 20.0, 10.0, 10.0, 10.0, 20.0, 20.0, 30.0])
    );
    assert_eq!(
        profiles[1],
        Some([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 100.0, 0.0, 0.0])
    );
    assert_eq!(profiles[2], None);
    let d = distance(profiles[0].as_ref().unwrap(), profiles[1].as_ref().unwrap());
    assert_eq!(d, 9250f64.sqrt());
    assert_eq!(
        d,
        distance(profiles[1].as_ref().unwrap(), profiles[0].as_ref().unwrap())
    );
}

/// R40: shares are (100.0 × count) / n in f64: 1 SED student of 3 is 100/3, not
/// 100 × (1/3) (which differs in the last bit: 33.333333333333336 vs 33.33333333333333).
#[test]
fn r40_shares_are_100_times_count_over_n() {
    let mut next = 0;
    let mut rows = ten_students(&mut next, 0, 0);
    rows.truncate(2);
    rows.push(Enrolment {
        demo: Demographics {
            sed: true,
            ..neutral_demo()
        },
        ..enrolment(99, 0)
    });
    let data = year_data(schools(&[E]), rows);
    let profile = profiles(&data)[0].unwrap();
    assert_eq!(profile[0], 100.0 / 3.0);
    assert_eq!(profile[8], 100.0);
}

// ---------------------------------------------------------------------------------------
// R41 focus areas

/// R41, tie at the lowest level broken by the relative shortfall needed_1 / (c9 − c1).
/// PRIORITY school S00 (E), decile cut points (c1 = 10, c9 = 90, span 80) except SEL,
/// whose E row is 1.0, 1.5, …, 5.0 (span 4). Candidate rows at level 3:
///   ELA_PERF ALL 25:        needed_1 = c3 − 25 = 5,        5 / 80 = 0.0625
///   ELA_GROWTH ALL 25:      R16 level 3, needed_1 = 29.5 − 25 = 4.5, 4.5 / 80 = 0.05625
///   MATH_PERF SED 21:       needed_1 = 30 − 21 = 9,        9 / 80 = 0.1125   ← largest
///   CHRONIC_ABSENCE ALL 75: ≤ c8, c9 → level 3; needed_1 = 75 − c7 = 5, 0.0625
///   SEL SWD 1.8:            ≥ 1.0, 1.5 → level 3; needed_1 = 2.0 − 1.8, / 4 ≈ 0.05
/// and rows it ignores: MATH_PERF ALL 45 (level 5), an `info` HI row at level 1, a
/// suppressed SED row of ELA_PERF. Focus area: MATH_PERF SED, level 3 — not ELA_PERF
/// although ELA_PERF comes first in §3.
#[test]
fn r41_lowest_level_tie_broken_by_relative_shortfall() {
    let sel = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0];
    let mut cuts = decile_cut_points();
    cuts.rows.insert((Metric::Sel, LevelKey::Level(E)), sel);
    let rows = vec![
        row(0, Metric::ElaPerf, Group::All, Role::All, 25.0),
        suppressed_row(0, Metric::ElaPerf, Group::Sed),
        row(0, Metric::ElaPerf, Group::HI, Role::Info, 5.0),
        row(0, Metric::MathPerf, Group::All, Role::All, 45.0),
        row(0, Metric::MathPerf, Group::Sed, Role::Subgroup, 21.0),
        row(0, Metric::ElaGrowth, Group::All, Role::All, 25.0),
        row(0, Metric::ChronicAbsence, Group::All, Role::All, 75.0),
        row(0, Metric::Sel, Group::Swd, Role::Subgroup, 1.8),
    ];
    assert_eq!(
        relative_shortfall(Metric::ElaPerf, 25.0, 3, Some(&DECILE_CUTS)),
        0.0625
    );
    assert_eq!(
        relative_shortfall(Metric::ElaGrowth, 25.0, 3, None),
        0.05625
    );
    assert_eq!(
        relative_shortfall(Metric::MathPerf, 21.0, 3, Some(&DECILE_CUTS)),
        0.1125
    );
    assert_eq!(
        relative_shortfall(Metric::ChronicAbsence, 75.0, 3, Some(&DECILE_CUTS)),
        0.0625
    );
    assert_eq!(
        relative_shortfall(Metric::Sel, 1.8, 3, Some(&sel)),
        (2.0 - 1.8) / 4.0
    );
    let mut next = 0;
    let data = year_data(schools(&[E]), ten_students(&mut next, 0, 5));
    let designations = designations_of(1, &[(0, Designation::Priority, "lowest_index")]);
    let support = run(&data, &rows, &[], &designations, &cuts, &[]);
    assert_eq!(
        support.focus_areas[0],
        focus(Metric::MathPerf, Group::Sed, 3)
    );
}

/// R41: the shortfall is 0 at level 10 and when c9 = c1, so such ties fall through to the
/// metric order. Two level-10 rows (no needed_1) and a level-10 row under flat cut points.
#[test]
fn r41_shortfall_is_zero_at_level_10_and_for_flat_cut_points() {
    assert_eq!(
        relative_shortfall(Metric::ElaPerf, 95.0, 10, Some(&DECILE_CUTS)),
        0.0
    );
    assert_eq!(relative_shortfall(Metric::ElaGrowth, 97.0, 10, None), 0.0);
    let flat = [50.0; 9];
    // 40 < 50: level 1; needed_1 = 50 − 40 = 10, but c9 − c1 = 0.
    assert_eq!(relative_shortfall(Metric::Sel, 40.0, 1, Some(&flat)), 0.0);
}

/// R41 ties beyond the shortfall. Every candidate is at level 3 with value 25 (or 75 for a
/// lower-is-better metric): needed_1 = 5, shortfall 5 / 80 = 0.0625 for all.
/// (a) §3's table order, not code order: ELA_PERF SWD beats CHRONIC_ABSENCE ALL ("C" < "E"
///     in bytes) and HS_READINESS SED beats GRAD SED ("G" < "H") — PRIORITY S00 has
///     CHRONIC_ABSENCE ALL, GRAD SED, HS_READINESS SED, ELA_PERF SWD: ELA_PERF SWD.
///     PRIORITY S01 has only GRAD SED and HS_READINESS SED: HS_READINESS SED.
/// (b) then `ALL`: PRIORITY S02 has ELA_PERF AA (lowest_race), SED and ALL: ALL, although
///     "AA" < "ALL" in bytes.
/// (c) then the group code in byte order: FOCUS (low_subgroup) S03 has ELA_PERF HI
///     (lowest_race), SWD, SED, EL and an ALL row at level 1 (not a FOCUS candidate):
///     EL ("EL" < "HI" < "SED" < "SWD"; in the Group declaration order HI would come first).
#[test]
fn r41_ties_go_to_metric_order_then_all_then_group_code() {
    let rows = vec![
        row(0, Metric::ChronicAbsence, Group::All, Role::All, 75.0),
        row(0, Metric::Grad, Group::Sed, Role::Subgroup, 25.0),
        row(0, Metric::HsReadiness, Group::Sed, Role::Subgroup, 25.0),
        row(0, Metric::ElaPerf, Group::Swd, Role::Subgroup, 25.0),
        row(1, Metric::Grad, Group::Sed, Role::Subgroup, 25.0),
        row(1, Metric::HsReadiness, Group::Sed, Role::Subgroup, 25.0),
        row(2, Metric::ElaPerf, Group::AA, Role::LowestRace, 25.0),
        row(2, Metric::ElaPerf, Group::Sed, Role::Subgroup, 25.0),
        row(2, Metric::ElaPerf, Group::All, Role::All, 25.0),
        row(3, Metric::ElaPerf, Group::HI, Role::LowestRace, 25.0),
        row(3, Metric::ElaPerf, Group::Swd, Role::Subgroup, 25.0),
        row(3, Metric::ElaPerf, Group::Sed, Role::Subgroup, 25.0),
        row(3, Metric::ElaPerf, Group::El, Role::Subgroup, 25.0),
        row(3, Metric::ElaPerf, Group::All, Role::All, 5.0),
    ];
    let data = year_data(schools(&[H, H, E, E]), Vec::new());
    let designations = designations_of(
        4,
        &[
            (0, Designation::Priority, "lowest_index"),
            (1, Designation::Priority, "low_graduation"),
            (2, Designation::Priority, "lowest_index"),
            (3, Designation::Focus, "low_subgroup"),
        ],
    );
    let support = run(&data, &rows, &[], &designations, &decile_cut_points(), &[]);
    assert_eq!(
        support.focus_areas,
        vec![
            focus(Metric::ElaPerf, Group::Swd, 3),
            focus(Metric::HsReadiness, Group::Sed, 3),
            focus(Metric::ElaPerf, Group::All, 3),
            focus(Metric::ElaPerf, Group::El, 3),
        ]
    );
}

/// R41 for a FOCUS school whose basis is `low_subgroup_graduation` alone. H school S00,
/// rank value 50 (its lowest counted subgroup 4-year rate, R33). 4-year rates: SED 50
/// (subgroup), EL 50 (subgroup), HI 55 (lowest_race), AA 40 (info: not counted). GRAD rows
/// (mean of the k-year rates): EL 52 → level 6, SED 47 → level 5, HI 58 → level 6, AA 41.
/// The counted groups whose rate is 50 are SED and EL; EL's code sorts first, so the focus
/// area is GRAD EL at level 6 — even though SED's GRAD row (level 5) and its ELA_PERF SED
/// row (level 1) are lower: this one row is the only candidate.
/// S01 has the same rows with basis `low_subgroup+low_subgroup_graduation`: its candidates
/// are all its subgroup rows, and ELA_PERF SED (level 1) is the focus area.
#[test]
fn r41_focus_on_low_subgroup_graduation_alone() {
    let mut rows = Vec::new();
    let mut grad4 = Vec::new();
    for s in 0..2 {
        rows.extend([
            row(s, Metric::ElaPerf, Group::Sed, Role::Subgroup, 5.0),
            row(s, Metric::Grad, Group::AA, Role::Info, 41.0),
            row(s, Metric::Grad, Group::El, Role::Subgroup, 52.0),
            row(s, Metric::Grad, Group::HI, Role::LowestRace, 58.0),
            row(s, Metric::Grad, Group::Sed, Role::Subgroup, 47.0),
        ]);
        for (group, rate) in [
            (Group::AA, 40.0),
            (Group::El, 50.0),
            (Group::HI, 55.0),
            (Group::Sed, 50.0),
        ] {
            grad4.push(Grad4 {
                school: s,
                group,
                n: 30,
                rate: Some(rate),
            });
        }
    }
    let data = year_data(schools(&[H, H]), Vec::new());
    let mut designations = designations_of(2, &[]);
    designations.rows[0] = designation_row(
        0,
        Designation::Focus,
        Some("low_subgroup_graduation"),
        Some(50.0),
        Escalation::None,
    );
    designations.rows[1] = designation_row(
        1,
        Designation::Focus,
        Some("low_subgroup+low_subgroup_graduation"),
        Some(5.0),
        Escalation::None,
    );
    let support = run(
        &data,
        &rows,
        &grad4,
        &designations,
        &decile_cut_points(),
        &[],
    );
    assert_eq!(support.focus_areas[0], focus(Metric::Grad, Group::El, 6));
    assert_eq!(
        support.focus_areas[1],
        focus(Metric::ElaPerf, Group::Sed, 1)
    );
}

/// R41: a designated school with no candidate row has no focus area; NONE and REWARD
/// schools have none at all.
#[test]
fn r41_no_candidate_no_focus_area() {
    let rows = vec![
        row(0, Metric::ElaPerf, Group::All, Role::All, 5.0),
        suppressed_row(0, Metric::ElaPerf, Group::Sed),
        row(1, Metric::ElaPerf, Group::All, Role::All, 5.0),
        row(2, Metric::ElaPerf, Group::Sed, Role::Subgroup, 5.0),
    ];
    let data = year_data(schools(&[E, E, E]), Vec::new());
    let designations = designations_of(
        3,
        &[
            (0, Designation::Focus, "low_subgroup"),
            (2, Designation::RewardHighPerforming, "highest_index"),
        ],
    );
    let support = run(&data, &rows, &[], &designations, &decile_cut_points(), &[]);
    assert_eq!(support.focus_areas, vec![None, None, None]);
}

// ---------------------------------------------------------------------------------------
// R42 partners

/// The partner world of the R42 tests: PRIORITY P00 (E, D1, 10 students none SED) whose
/// focus area is ELA_PERF SED at level 2 (value 15; its ALL row is at level 5), and Reward
/// schools of level E, each 10 students with `sed` of them SED, so at distance 10·sed from
/// P00, with ELA_PERF rows (group, level) as given.
struct PartnerWorld {
    schools: Vec<School>,
    enrolments: Vec<Enrolment>,
    rows: Vec<MetricRow>,
    designated: Vec<(SchoolIdx, Designation, &'static str)>,
    next: StudentKey,
}

impl PartnerWorld {
    fn new() -> Self {
        let mut world = PartnerWorld {
            schools: vec![school("P00", E)],
            enrolments: Vec::new(),
            rows: vec![
                reported_row(0, Metric::ElaPerf, Group::All, 5),
                reported_row(0, Metric::ElaPerf, Group::Sed, 2),
            ],
            designated: vec![(0, Designation::Priority, "lowest_index")],
            next: 0,
        };
        world.enrolments = ten_students(&mut world.next, 0, 0);
        world
    }

    /// Adds a school `id` (ids sort in the order added) and returns its index.
    fn school(&mut self, id: &str, level: SchoolLevel, district: &str, sed: u32) -> SchoolIdx {
        let s = self.schools.len() as SchoolIdx;
        self.schools.push(School {
            district_id: district.to_string(),
            ..school(id, level)
        });
        self.enrolments.extend(ten_students(&mut self.next, s, sed));
        s
    }

    fn reward(
        &mut self,
        id: &str,
        sed: u32,
        designation: Designation,
        levels: &[(Group, u8)],
    ) -> SchoolIdx {
        let s = self.school(id, E, "D1", sed);
        self.designated.push((s, designation, "highest_index"));
        for &(group, level) in levels {
            self.rows
                .push(reported_row(s, Metric::ElaPerf, group, level));
        }
        s
    }

    fn run(&self, overrides: &[&str]) -> (YearData, Support) {
        let data = year_data(self.schools.clone(), self.enrolments.clone());
        let designations = designations_of(self.schools.len(), &self.designated);
        let support = run(
            &data,
            &self.rows,
            &[],
            &designations,
            &decile_cut_points(),
            overrides,
        );
        (data, support)
    }
}

/// R42's two tiers: strength ≥ 8 first, then the rest; strength does not order within a
/// tier. R01 strength 7 at distance 10, R02 strength 8 at 20, R03 strength 9 at 30, R04
/// (REWARD_HIGH_PROGRESS) strength 10 at 40. Tier 1 by distance: R02 (20), R03 (30), R04
/// (40); tier 2: R01 (10). So strength 8 ranks above the nearer strength 7 (R02 before
/// R01), and strength 9 does not rank above the nearer strength 8 (R03 after R02). With
/// the default 3 partners: R02, R03, R04; with 5: all four.
#[test]
fn r42_strength_8_above_nearer_7_and_9_not_above_nearer_8() {
    let mut world = PartnerWorld::new();
    world.reward(
        "R01",
        1,
        Designation::RewardHighPerforming,
        &[(Group::Sed, 7)],
    );
    world.reward(
        "R02",
        2,
        Designation::RewardHighPerforming,
        &[(Group::Sed, 8)],
    );
    world.reward(
        "R03",
        3,
        Designation::RewardHighPerforming,
        &[(Group::Sed, 9)],
    );
    world.reward(
        "R04",
        4,
        Designation::RewardHighProgress,
        &[(Group::Sed, 10)],
    );
    let (data, support) = world.run(&[]);
    assert_eq!(
        support.focus_areas[0],
        focus(Metric::ElaPerf, Group::Sed, 2)
    );
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![
            Some(("R02".to_string(), Some(8), 20.0)),
            Some(("R03".to_string(), Some(9), 30.0)),
            Some(("R04".to_string(), Some(10), 40.0)),
        ]
    );
    let (data, support) = world.run(&["support.partners=5"]);
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![
            Some(("R02".to_string(), Some(8), 20.0)),
            Some(("R03".to_string(), Some(9), 30.0)),
            Some(("R04".to_string(), Some(10), 40.0)),
            Some(("R01".to_string(), Some(7), 10.0)),
        ]
    );
}

/// R42's strength falls back to the candidate's `ALL` level for the focus metric when it
/// has no reported row for the focus group: R01 (distance 10) has a suppressed SED row and
/// ALL at level 8 → strength 8, tier 1; R02 (distance 20) has SED at level 9 → 9, tier 1;
/// R03 (distance 5) has no ELA_PERF row at all → no strength, tier 2 (partner_level empty).
/// Order: R01, R02, R03.
#[test]
fn r42_candidate_without_the_focus_group_falls_back_to_all() {
    let mut world = PartnerWorld::new();
    let r01 = world.reward(
        "R01",
        1,
        Designation::RewardHighPerforming,
        &[(Group::All, 8)],
    );
    world
        .rows
        .push(suppressed_row(r01, Metric::ElaPerf, Group::Sed));
    world.reward(
        "R02",
        2,
        Designation::RewardHighPerforming,
        &[(Group::Sed, 9), (Group::All, 3)],
    );
    // Distance 5: 10 students, SED share 5% is not possible; 20 students, 1 SED → 5%.
    let r03 = world.school("R03", E, "D1", 0);
    world.enrolments.retain(|e| e.school != r03);
    let mut next = world.next;
    world.enrolments.extend(students(
        &mut next,
        r03,
        1,
        Demographics {
            sed: true,
            ..neutral_demo()
        },
    ));
    world
        .enrolments
        .extend(students(&mut next, r03, 19, neutral_demo()));
    world
        .designated
        .push((r03, Designation::RewardHighProgress, "highest_growth"));
    let (data, support) = world.run(&[]);
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![
            Some(("R01".to_string(), Some(8), 10.0)),
            Some(("R02".to_string(), Some(9), 20.0)),
            Some(("R03".to_string(), None, 5.0)),
        ]
    );
}

/// R42 "whatever that row's role there": the focus group is the school's `lowest_race` HI;
/// candidate R01's HI row is `info` at level 9 → strength 9. R02 has no HI row: its ALL
/// level 4 counts (tier 2) although it is nearer.
#[test]
fn r42_strength_from_the_focus_group_whatever_its_role() {
    let mut world = PartnerWorld::new();
    world.rows = vec![
        reported_row(0, Metric::MathPerf, Group::All, 5),
        with_role(
            reported_row(0, Metric::MathPerf, Group::HI, 1),
            Role::LowestRace,
        ),
    ];
    let r01 = world.school("R01", E, "D1", 3);
    world
        .rows
        .push(reported_row(r01, Metric::MathPerf, Group::HI, 9));
    let r02 = world.school("R02", E, "D1", 1);
    world
        .rows
        .push(reported_row(r02, Metric::MathPerf, Group::All, 4));
    world
        .designated
        .push((r01, Designation::RewardHighPerforming, "highest_index"));
    world
        .designated
        .push((r02, Designation::RewardHighPerforming, "highest_index"));
    let (data, support) = world.run(&[]);
    assert_eq!(
        support.focus_areas[0],
        focus(Metric::MathPerf, Group::HI, 1)
    );
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![
            Some(("R01".to_string(), Some(9), 30.0)),
            Some(("R02".to_string(), Some(4), 10.0)),
        ]
    );
}

/// R42: who gets rows.
/// - P00 PRIORITY (E) with a profile and no Reward school of level E (R01 is M, R02 has no
///   profile): one row with every partner column empty.
/// - S03 PRIORITY with no profile (no enrolment): no row.
/// - S04 FOCUS with escalation none: no row; S05 FOCUS with `partner_with_reward`: rows
///   (its candidate R01 is of level M like it); S06 NONE: no row.
/// - S05 has no focus area (no subgroup rows): candidates by distance, partner_level empty.
#[test]
fn r42_who_gets_partner_rows() {
    let mut world = PartnerWorld::new();
    let r01 = world.school("R01", M, "D1", 2);
    world
        .rows
        .push(reported_row(r01, Metric::ElaPerf, Group::Sed, 9));
    let r02 = world.schools.len() as SchoolIdx;
    world.schools.push(school("R02", E));
    let s03 = world.schools.len() as SchoolIdx;
    world.schools.push(school("S03", E));
    let s04 = world.school("S04", M, "D1", 0);
    let s05 = world.school("S05", M, "D1", 5);
    let s06 = world.school("S06", M, "D1", 5);
    world.designated.extend([
        (r01, Designation::RewardHighPerforming, "highest_index"),
        (r02, Designation::RewardHighProgress, "highest_growth"),
        (s03, Designation::Priority, "lowest_index"),
    ]);
    let data = year_data(world.schools.clone(), world.enrolments.clone());
    let mut designations = designations_of(world.schools.len(), &world.designated);
    designations.rows[s04 as usize] = designation_row(
        s04,
        Designation::Focus,
        Some("low_subgroup"),
        Some(1.0),
        Escalation::None,
    );
    designations.rows[s05 as usize] = designation_row(
        s05,
        Designation::Focus,
        Some("low_subgroup"),
        Some(1.0),
        Escalation::PartnerWithReward,
    );
    assert_eq!(
        designations.rows[s06 as usize].designation,
        Designation::None
    );
    let support = run(
        &data,
        &world.rows,
        &[],
        &designations,
        &decile_cut_points(),
        &[],
    );
    let schools_with_rows: Vec<SchoolIdx> = support.partners.iter().map(|r| r.school).collect();
    assert_eq!(schools_with_rows, vec![0, s05]);
    assert_eq!(support.partners[0].partner, None);
    assert_eq!(
        support.partners[0].focus,
        focus(Metric::ElaPerf, Group::Sed, 2)
    );
    assert_eq!(support.focus_areas[s05 as usize], None);
    // S05 (5 SED of 10) and R01 (2 of 10): distance 30.
    assert_eq!(
        partners_of(&data, &support, s05),
        vec![Some(("R01".to_string(), None, 30.0))]
    );
}

/// R42 with `support.same_district`: P00 is in D1; R01 (D2) is at distance 10, R02 (D1) at
/// 30, both strength 9. Without the key: R01, R02; with it: R02 only.
#[test]
fn r42_same_district() {
    let mut world = PartnerWorld::new();
    let r01 = world.school("R01", E, "D2", 1);
    let r02 = world.school("R02", E, "D1", 3);
    for r in [r01, r02] {
        world
            .rows
            .push(reported_row(r, Metric::ElaPerf, Group::Sed, 9));
        world
            .designated
            .push((r, Designation::RewardHighPerforming, "highest_index"));
    }
    let (data, support) = world.run(&[]);
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![
            Some(("R01".to_string(), Some(9), 10.0)),
            Some(("R02".to_string(), Some(9), 30.0)),
        ]
    );
    let (data, support) = world.run(&["support.same_district=true"]);
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![Some(("R02".to_string(), Some(9), 30.0))]
    );
}

/// R42: equal distances in a tier go to the smaller school_id. R01 and R02 both at
/// distance 20 and strength 9; R02's id sorts after R01's.
#[test]
fn r42_distance_ties_go_to_the_smaller_school_id() {
    let mut world = PartnerWorld::new();
    for id in ["R01", "R02"] {
        world.reward(id, 2, Designation::RewardHighPerforming, &[(Group::Sed, 9)]);
    }
    let (data, support) = world.run(&["support.partners=1"]);
    assert_eq!(
        partners_of(&data, &support, 0),
        vec![Some(("R01".to_string(), Some(9), 20.0))]
    );
}

// ---------------------------------------------------------------------------------------
// R43 communities

/// A FOCUS (low_subgroup) school with the focus area `metric` SED at level 2.
fn focus_school(
    schools: &mut Vec<School>,
    rows: &mut Vec<MetricRow>,
    enrolments: &mut Vec<Enrolment>,
    next: &mut StudentKey,
    (id, level, metric, sed): (&str, SchoolLevel, Metric, u32),
) -> SchoolIdx {
    let s = schools.len() as SchoolIdx;
    schools.push(school(id, level));
    rows.push(reported_row(s, metric, Group::Sed, 2));
    enrolments.extend(ten_students(next, s, sed));
    s
}

/// Runs R43 on FOCUS schools (id, level, focus metric, SED of 10 students).
fn communities_for(
    focus_schools: &[(&str, SchoolLevel, Metric, u32)],
    overrides: &[&str],
) -> (YearData, Support) {
    let (mut schools, mut rows, mut enrolments, mut next) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut designated = Vec::new();
    for &spec in focus_schools {
        let s = focus_school(&mut schools, &mut rows, &mut enrolments, &mut next, spec);
        designated.push((s, Designation::Focus, "low_subgroup"));
    }
    let data = year_data(schools, enrolments);
    let designations = designations_of(data.schools.len(), &designated);
    let support = run(
        &data,
        &rows,
        &[],
        &designations,
        &decile_cut_points(),
        overrides,
    );
    (data, support)
}

/// R43: 5 FOCUS schools of level E, all focused on ELA_PERF, cop_size 4: g = ⌈5/4⌉ = 2
/// communities of 3 and 2 (larger first). SED shares 0, 10, 20, 60, 20 (F0…F4), so from
/// the seed F0 (smallest id) the distances are F1 10, F2 20, F3 60, F4 20. F1 joins, then
/// F2 and F4 tie at 20: the smaller id, F2, joins. Community 1 = F0, F1, F2; community 2 =
/// F3 (seed) and F4.
#[test]
fn r43_five_schools_split_3_and_2_by_nearest_neighbours() {
    let (data, support) = communities_for(
        &[
            ("F0", E, Metric::ElaPerf, 0),
            ("F1", E, Metric::ElaPerf, 1),
            ("F2", E, Metric::ElaPerf, 2),
            ("F3", E, Metric::ElaPerf, 6),
            ("F4", E, Metric::ElaPerf, 2),
        ],
        &[],
    );
    assert_eq!(
        communities_of(&data, &support.communities),
        vec![(1, ids(&["F0", "F1", "F2"])), (2, ids(&["F3", "F4"]))]
    );
    assert!(support
        .communities
        .iter()
        .all(|r| r.focus == focus(Metric::ElaPerf, Group::Sed, 2).unwrap()));
}

/// R43: the seed is the remaining school with the smallest id, and the others join by
/// their distance to the seed (not to the community so far). 6 schools, cop_size 3 →
/// 2 communities of 3. SED shares: A0 30, A1 0, A2 100, A3 60, A4 40, A5 20. From A0:
/// A1 30, A2 70, A3 30, A4 10, A5 10 → A4, A5 (tie at 10, both join). Community 1 = A0, A4,
/// A5; community 2 = A1 (seed), A2, A3.
#[test]
fn r43_seed_is_the_smallest_remaining_id() {
    let (data, support) = communities_for(
        &[
            ("A0", E, Metric::Sel, 3),
            ("A1", E, Metric::Sel, 0),
            ("A2", E, Metric::Sel, 10),
            ("A3", E, Metric::Sel, 6),
            ("A4", E, Metric::Sel, 4),
            ("A5", E, Metric::Sel, 2),
        ],
        &["support.cop_size=3"],
    );
    assert_eq!(
        communities_of(&data, &support.communities),
        vec![(1, ids(&["A0", "A4", "A5"])), (2, ids(&["A1", "A2", "A3"]))]
    );
}

/// R43: a set of one school is a community of one; levels are never mixed even with equal
/// profiles and the same focus metric; sets are numbered in §3's metric order, then E, M, H:
/// (ELA_PERF, E) = 1, (ELA_PERF, M) = 2, (MATH_PERF, E) = 3, (GRAD, H) = 4.
#[test]
fn r43_sets_by_metric_and_level_in_order_and_a_set_of_one() {
    let (data, support) = communities_for(
        &[
            ("B0", H, Metric::Grad, 5),
            ("B1", M, Metric::ElaPerf, 5),
            ("B2", E, Metric::MathPerf, 5),
            ("B3", E, Metric::ElaPerf, 5),
            ("B4", M, Metric::ElaPerf, 5),
            ("B5", E, Metric::ElaPerf, 5),
        ],
        &[],
    );
    assert_eq!(
        communities_of(&data, &support.communities),
        vec![
            (1, ids(&["B3", "B5"])),
            (2, ids(&["B1", "B4"])),
            (3, ids(&["B2"])),
            (4, ids(&["B0"])),
        ]
    );
}

/// R43 takes only FOCUS schools with a focus area and a profile: a PRIORITY school, a
/// FOCUS school without a profile and one without a focus area are left out.
#[test]
fn r43_only_focus_schools_with_a_focus_area_and_a_profile() {
    let (mut schools, mut rows, mut enrolments, mut next) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for spec in [
        ("C0", E, Metric::ElaPerf, 1),
        ("C1", E, Metric::ElaPerf, 1),
        ("C2", E, Metric::ElaPerf, 1),
        ("C3", E, Metric::ElaPerf, 1),
    ] {
        focus_school(&mut schools, &mut rows, &mut enrolments, &mut next, spec);
    }
    enrolments.retain(|e| e.school != 2);
    rows.retain(|r| r.school != 3);
    let data = year_data(schools, enrolments);
    let designations = designations_of(
        4,
        &[
            (0, Designation::Priority, "lowest_index"),
            (1, Designation::Focus, "low_subgroup"),
            (2, Designation::Focus, "low_subgroup"),
            (3, Designation::Focus, "low_subgroup"),
        ],
    );
    let support = run(&data, &rows, &[], &designations, &decile_cut_points(), &[]);
    assert_eq!(
        communities_of(&data, &support.communities),
        vec![(1, ids(&["C1"]))]
    );
}

#[test]
fn r43_community_sizes() {
    assert_eq!(community_sizes(0, 4), Vec::<usize>::new());
    assert_eq!(community_sizes(1, 4), vec![1]);
    assert_eq!(community_sizes(4, 4), vec![4]);
    assert_eq!(community_sizes(5, 4), vec![3, 2]);
    assert_eq!(community_sizes(9, 4), vec![3, 3, 3]);
    assert_eq!(community_sizes(10, 4), vec![4, 3, 3]);
    assert_eq!(community_sizes(7, 2), vec![2, 2, 2, 1]);
}

// ---------------------------------------------------------------------------------------
// Properties

/// A random world: schools of random level and district (index order = id order), a few
/// enrolment rows each (some schools none: no profile), ELA_PERF and MATH_PERF rows of
/// ALL, SED and HI at random levels (some missing), and random designations.
fn world() -> impl Strategy<Value = (YearData, Vec<MetricRow>, Designations, u64, u64, bool)> {
    let school_spec = (
        0..3usize,                                                    // level
        0..2usize,                                                    // district
        0..4u32,       // SED students of 3 (3: no enrolment)
        0..6usize,     // designation
        any::<bool>(), // escalated
        proptest::collection::vec(proptest::option::of(1..=10u8), 6), // levels
    );
    (
        proptest::collection::vec(school_spec, 1..40),
        1..5u64,
        2..6u64,
        any::<bool>(),
    )
        .prop_map(|(specs, partners, cop_size, same_district)| {
            let levels = [E, M, H];
            let mut schools = Vec::new();
            let mut enrolments = Vec::new();
            let mut rows = Vec::new();
            let mut designation_rows = Vec::new();
            let mut next = 0;
            for (i, (level, district, sed, designation, escalated, row_levels)) in
                specs.into_iter().enumerate()
            {
                let s = i as SchoolIdx;
                schools.push(School {
                    district_id: format!("D{district}"),
                    ..school(&format!("S{i:03}"), levels[level])
                });
                if sed < 3 {
                    let mut three = students(
                        &mut next,
                        s,
                        sed,
                        Demographics {
                            sed: true,
                            ..neutral_demo()
                        },
                    );
                    three.extend(students(&mut next, s, 3 - sed, neutral_demo()));
                    enrolments.extend(three);
                }
                let cells = [Metric::ElaPerf, Metric::MathPerf]
                    .into_iter()
                    .flat_map(|m| [(m, Group::All), (m, Group::Sed), (m, Group::HI)]);
                for ((metric, group), level) in cells.zip(row_levels) {
                    if let Some(level) = level {
                        let role = if group == Group::HI {
                            Role::LowestRace
                        } else {
                            group.fixed_role()
                        };
                        rows.push(with_role(reported_row(s, metric, group, level), role));
                    }
                }
                let designation = [
                    Designation::Priority,
                    Designation::Focus,
                    Designation::Focus,
                    Designation::RewardHighPerforming,
                    Designation::RewardHighProgress,
                    Designation::None,
                ][designation];
                let basis = match designation {
                    Designation::Priority => Some("lowest_index"),
                    Designation::Focus => Some("low_subgroup"),
                    Designation::None => None,
                    _ => Some("highest_index"),
                };
                let escalation = if escalated && designation == Designation::Focus {
                    Escalation::PartnerWithReward
                } else {
                    Escalation::None
                };
                designation_rows.push(designation_row(
                    s,
                    designation,
                    basis,
                    basis.map(|_| 1.0),
                    escalation,
                ));
            }
            let data = year_data(schools, enrolments);
            let designations = Designations {
                rows: designation_rows,
                universe: Default::default(),
            };
            (data, rows, designations, partners, cop_size, same_district)
        })
}

proptest! {
    /// R42: each school's partner ranks are 1…k without gaps, k = min(partners, its
    /// candidates), or its one row without a partner when it has none; every partner is a
    /// Reward school of the same level (and district with same_district).
    /// R43: every community has 1…cop_size members, its rows say its size, sizes within a
    /// set differ by at most one, and every FOCUS school with a focus area and a profile is
    /// in exactly one community.
    #[test]
    fn partners_and_communities_have_their_shapes(
        (data, rows, designations, partners, cop_size, same_district) in world()
    ) {
        let overrides = [
            format!("support.partners={partners}"),
            format!("support.cop_size={cop_size}"),
            format!("support.same_district={same_district}"),
        ];
        let overrides: Vec<&str> = overrides.iter().map(String::as_str).collect();
        let support = run(&data, &rows, &[], &designations, &decile_cut_points(), &overrides);
        let profiles = profiles(&data);
        let is_reward = |s: SchoolIdx| matches!(
            designations.rows[s as usize].designation,
            Designation::RewardHighPerforming | Designation::RewardHighProgress
        );

        for d in &designations.rows {
            let s = d.school;
            let needs = d.designation == Designation::Priority
                || (d.designation == Designation::Focus && d.escalation != Escalation::None);
            let mine: Vec<&PartnerRow> = support.partners.iter().filter(|r| r.school == s).collect();
            if !needs || profiles[s as usize].is_none() {
                prop_assert!(mine.is_empty());
                continue;
            }
            let me = &data.schools[s as usize];
            let candidates = (0..data.schools.len() as SchoolIdx)
                .filter(|&c| {
                    let other = &data.schools[c as usize];
                    is_reward(c)
                        && profiles[c as usize].is_some()
                        && other.level == me.level
                        && (!same_district || other.district_id == me.district_id)
                })
                .count();
            if candidates == 0 {
                prop_assert_eq!(mine.len(), 1);
                prop_assert!(mine[0].partner.is_none());
                continue;
            }
            prop_assert_eq!(mine.len(), candidates.min(partners as usize));
            for (i, r) in mine.iter().enumerate() {
                let p = r.partner.expect("a partner");
                prop_assert_eq!(p.rank as usize, i + 1);
                prop_assert!(is_reward(p.school));
                prop_assert_eq!(data.schools[p.school as usize].level, me.level);
            }
        }
        // Partner rows are in report order: school, then rank.
        let keys: Vec<(SchoolIdx, u32)> = support
            .partners
            .iter()
            .map(|r| (r.school, r.partner.map_or(0, |p| p.rank)))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);

        let mut members: std::collections::BTreeMap<u32, Vec<&CommunityRow>> = Default::default();
        for r in &support.communities {
            members.entry(r.community).or_default().push(r);
        }
        let numbers: Vec<u32> = members.keys().copied().collect();
        prop_assert_eq!(numbers, (1..=members.len() as u32).collect::<Vec<_>>());
        let mut set_sizes: std::collections::BTreeMap<(Metric, SchoolLevel), Vec<usize>> =
            Default::default();
        for community in members.values() {
            let n = community.len();
            prop_assert!((1..=cop_size as usize).contains(&n));
            let first = community[0];
            let set = (first.focus.metric, data.schools[first.school as usize].level);
            for r in community {
                prop_assert_eq!(r.size as usize, n);
                prop_assert_eq!((r.focus.metric, data.schools[r.school as usize].level), set);
            }
            set_sizes.entry(set).or_default().push(n);
        }
        for sizes in set_sizes.values() {
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            prop_assert!(hi - lo <= 1);
            prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "larger first");
        }
        for d in &designations.rows {
            let s = d.school;
            let expected = usize::from(
                d.designation == Designation::Focus
                    && support.focus_areas[s as usize].is_some()
                    && profiles[s as usize].is_some(),
            );
            let times = support.communities.iter().filter(|r| r.school == s).count();
            prop_assert_eq!(times, expected);
        }
    }
}
