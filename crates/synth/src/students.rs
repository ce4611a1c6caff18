//! One student's compact state in the panel, how new students are drawn, and how a student
//! changes from one year to the next (ability growth, English-learner reclassification,
//! changing circumstances).
//!
//! The state is kept small (40 bytes, no strings) because a whole state holds millions of
//! students: ids are numbers turned into "S00012345" only when written, and demographics are
//! enum codes and bit flags.

use core_index::model::{ElStatus, Race};

use super::random::{chance, normal, weighted_index, SynthRng};
use super::schools::SchoolPlan;

/// Marks "no school" in [`Student::prior_school`].
pub(crate) const NO_SCHOOL: u32 = u32::MAX;

/// Bits of [`Student::flags`].
pub(crate) mod flag {
    pub(crate) const SED: u8 = 1;
    pub(crate) const SWD: u8 = 1 << 1;
    pub(crate) const FOSTER: u8 = 1 << 2;
    pub(crate) const HOMELESS: u8 = 1 << 3;
    /// Reclassified from EL to RFEP during the current year.
    pub(crate) const REDESIGNATED: u8 = 1 << 4;
    /// Leaves the system during the current year (enrolled part of the year, not tested).
    pub(crate) const DEPARTS: u8 = 1 << 5;
    /// Arrived at the start of the current year: circumstances were just drawn.
    pub(crate) const NEW: u8 = 1 << 6;
}

/// Ability subjects, in the order of [`Student::ability`].
pub(crate) const ELA: usize = 0;
pub(crate) const MATH: usize = 1;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Student {
    /// The number in the student id "S%08d"; unique and never reused.
    pub id: u32,
    /// The school left during this year, when the student moved mid-year ([`NO_SCHOOL`]
    /// otherwise): the student then has an enrolment row there too.
    pub prior_school: u32,
    /// True ability in ELA and mathematics, standardized (z) within grade.
    pub ability: [f32; 2],
    /// The level each ability drifts back to (family background and early context).
    pub set_point: [f32; 2],
    /// Persistent tendency to be absent, and to get into trouble (standard normal scale).
    pub absence_risk: f32,
    pub behaviour_risk: f32,
    /// Spring year of the first grade-9 year; 0 before grade 9.
    pub cohort_year: i16,
    pub grade: i8,
    pub race: Race,
    pub el: ElStatus,
    pub flags: u8,
    /// Days at `prior_school` before a mid-year move.
    pub days_at_prior: u8,
    /// Days enrolled when the student arrived late or leaves early this year (0: full year).
    pub partial_days: u8,
}

impl Student {
    pub(crate) fn has(&self, bit: u8) -> bool {
        self.flags & bit != 0
    }

    pub(crate) fn set(&mut self, bit: u8, on: bool) {
        if on {
            self.flags |= bit;
        } else {
            self.flags &= !bit;
        }
    }

    /// Mean of the two abilities, used where "general achievement" matters (GPA, risk).
    pub(crate) fn general_ability(&self) -> f64 {
        (self.ability[ELA] as f64 + self.ability[MATH] as f64) / 2.0
    }

    /// Absence tendency including the circumstances that raise it.
    pub(crate) fn effective_absence_risk(&self) -> f64 {
        self.absence_risk as f64
            + if self.has(flag::SED) { 0.25 } else { 0.0 }
            + if self.has(flag::SWD) { 0.2 } else { 0.0 }
            + if self.has(flag::HOMELESS) { 0.45 } else { 0.0 }
            + if self.has(flag::FOSTER) { 0.35 } else { 0.0 }
            - 0.1 * self.general_ability()
    }

    /// Risk of not finishing high school, on a roughly standard-normal scale.
    pub(crate) fn dropout_risk(&self) -> f64 {
        0.45 * self.effective_absence_risk() + 0.3 * self.behaviour_risk as f64
            - 0.35 * self.general_ability()
            + if self.has(flag::SED) { 0.15 } else { 0.0 }
            + if self.has(flag::SWD) { 0.15 } else { 0.0 }
    }
}

/// How a student comes to a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Present when the simulation starts.
    Initial,
    /// TK or kindergarten intake.
    Intake,
    /// Moves in from outside the system at a later grade.
    Transfer,
}

/// Achievement gaps by race at the same poverty, disability and language status (z units),
/// in `Race::ALL` order: AA AI AS FI HI PI WH MR NR.
const RACE_GAP: [f64; 9] = [-0.35, -0.2, 0.35, 0.2, -0.12, -0.2, 0.3, 0.15, 0.0];
/// Multiplier of the school's poverty rate for each group's chance of being SED.
const SED_MULTIPLIER: [f64; 9] = [1.15, 1.1, 0.75, 0.8, 1.15, 1.05, 0.55, 0.7, 0.9];
/// Chance of starting kindergarten as an English learner, by race.
const EL_AT_ENTRY: [f64; 9] = [0.02, 0.06, 0.34, 0.15, 0.5, 0.16, 0.05, 0.05, 0.2];
/// Language-minority students who start fluent (IFEP), relative to those who start EL.
const IFEP_PER_EL: f64 = 0.35;

/// Yearly chance that an English learner of this grade is reclassified, before the
/// student's own progress is taken into account: reclassification is rare before grade 2,
/// most common in upper elementary grades, and slower again for long-term ELs in high school.
pub(crate) fn reclassification_rate(grade: i8) -> f64 {
    match grade {
        ..=0 => 0.012,
        1 => 0.04,
        2 => 0.1,
        3 => 0.16,
        4..=5 => 0.24,
        6..=8 => 0.15,
        _ => 0.07,
    }
}

/// Places the average student near the scale's state means (the groups' gaps below pull
/// the average down).
const ABILITY_OFFSET: f64 = 0.3;
/// Within-grade spread of ability around the set point.
const ABILITY_SPREAD: f64 = 0.85;
/// Year-to-year persistence of a student's deviation from the set point.
const ABILITY_PERSISTENCE: f64 = 0.93;

fn el_gap(el: ElStatus) -> [f64; 2] {
    match el {
        ElStatus::EnglishLearner => [-0.55, -0.35],
        ElStatus::Reclassified => [-0.1, 0.0],
        _ => [0.0, 0.0],
    }
}

/// Draws a new student of `grade` arriving at `school`.
pub(crate) fn new_student(
    rng: &mut SynthRng,
    school: &SchoolPlan,
    grade: i8,
    year: i32,
    id: u32,
    origin: Origin,
) -> Student {
    let t = &school.traits;
    let race_index = weighted_index(rng, &t.race_weights);
    let race = Race::ALL[race_index];
    let poverty_ratio = t.poverty / 0.6;
    let mut flags = flag::NEW;
    if chance(
        rng,
        (t.poverty * SED_MULTIPLIER[race_index]).clamp(0.02, 0.98),
    ) {
        flags |= flag::SED;
    }
    if chance(rng, 0.085 + 0.008 * grade.clamp(0, 8) as f64) {
        flags |= flag::SWD;
    }
    if chance(rng, 0.005 * poverty_ratio) {
        flags |= flag::FOSTER;
    }
    if chance(rng, 0.03 * poverty_ratio) {
        flags |= flag::HOMELESS;
    }
    let el = entry_el_status(rng, race_index, t.poverty, grade, origin);

    let mut set_point = [0.0f32; 2];
    let gaps = el_gap(el);
    for (subject, sp) in set_point.iter_mut().enumerate() {
        *sp = (ABILITY_OFFSET
            + RACE_GAP[race_index]
            + t.context
            + gaps[subject]
            + if flags & flag::SED != 0 { -0.3 } else { 0.0 }
            + if flags & flag::SWD != 0 { -0.6 } else { 0.0 }) as f32;
    }
    // The two subjects share most of a student's deviation (correlation about 0.7).
    let shared = normal(rng);
    let mut ability = [0.0f32; 2];
    for (subject, a) in ability.iter_mut().enumerate() {
        let own = normal(rng);
        *a = set_point[subject] + (ABILITY_SPREAD * (0.85 * shared + 0.53 * own)) as f32;
    }
    let cohort_year = if grade >= 9 {
        (year - (grade as i32 - 9)) as i16
    } else {
        0
    };
    Student {
        id,
        prior_school: NO_SCHOOL,
        ability,
        set_point,
        absence_risk: normal(rng) as f32,
        behaviour_risk: normal(rng) as f32,
        cohort_year,
        grade,
        race,
        el,
        flags,
        days_at_prior: 0,
        partial_days: 0,
    }
}

/// English-language status of an arriving student: kindergarteners by their home language;
/// older students as if they had been reclassified at the usual rates since kindergarten,
/// plus some newcomers who arrive as English learners.
fn entry_el_status(
    rng: &mut SynthRng,
    race: usize,
    poverty: f64,
    grade: i8,
    origin: Origin,
) -> ElStatus {
    let started_el = (EL_AT_ENTRY[race] * (0.6 + 0.7 * poverty)).min(0.9);
    let (mut el, mut rfep) = (started_el, 0.0);
    for g in 0..grade.max(0) {
        let moved = el * reclassification_rate(g) * 0.95;
        el -= moved;
        rfep += moved;
    }
    if origin == Origin::Transfer {
        el = (el + 0.06 * started_el / 0.3).min(0.9);
    }
    let tbd = if origin == Origin::Intake || (origin == Origin::Initial && grade <= 0) {
        0.02
    } else {
        0.0
    };
    let ifep = IFEP_PER_EL * started_el;
    let eo = (1.0 - el - rfep - ifep - tbd).max(0.0);
    match weighted_index(rng, &[el, rfep, ifep, tbd, eo]) {
        0 => ElStatus::EnglishLearner,
        1 => ElStatus::Reclassified,
        2 => ElStatus::InitiallyFluent,
        3 => ElStatus::ToBeDetermined,
        _ => ElStatus::EnglishOnly,
    }
}

/// Circumstances that change between years for a continuing student: poverty status churns
/// a little, disabilities are identified (and some exited), foster care and homelessness come
/// and go, pending language assessments are resolved, and the absence and behaviour
/// tendencies drift while staying correlated year to year.
pub(crate) fn start_new_year(rng: &mut SynthRng, student: &mut Student, school: &SchoolPlan) {
    let poverty_ratio = school.traits.poverty / 0.6;
    let sed = student.has(flag::SED);
    student.set(
        flag::SED,
        if sed {
            !chance(rng, 0.05)
        } else {
            chance(rng, 0.03 * poverty_ratio)
        },
    );
    let swd = student.has(flag::SWD);
    let identified = if student.grade <= 5 { 0.01 } else { 0.004 };
    student.set(
        flag::SWD,
        if swd {
            !chance(rng, 0.02)
        } else {
            chance(rng, identified)
        },
    );
    let foster = student.has(flag::FOSTER);
    student.set(
        flag::FOSTER,
        if foster {
            chance(rng, 0.6)
        } else {
            chance(rng, 0.002 * poverty_ratio)
        },
    );
    let homeless = student.has(flag::HOMELESS);
    student.set(
        flag::HOMELESS,
        if homeless {
            chance(rng, 0.5)
        } else {
            chance(rng, 0.016 * poverty_ratio)
        },
    );
    if student.el == ElStatus::ToBeDetermined {
        student.el = match weighted_index(rng, &[0.5, 0.25, 0.25]) {
            0 => ElStatus::EnglishLearner,
            1 => ElStatus::InitiallyFluent,
            _ => ElStatus::EnglishOnly,
        };
    }
    student.absence_risk = (0.7 * student.absence_risk as f64 + 0.714 * normal(rng)) as f32;
    student.behaviour_risk = (0.75 * student.behaviour_risk as f64 + 0.66 * normal(rng)) as f32;
}

/// A year of learning at `school`: the student's deviation from the set point mostly
/// persists, and the school adds its effect on top of the usual gain. What a school adds
/// persists like everything else the student learned, so a year's gain carries the school's
/// effect whatever the earlier schools were (a faster fade-out of school effects would make
/// a school that students stay at for years look no better at growth than any other).
pub(crate) fn grow(rng: &mut SynthRng, student: &mut Student, school: &SchoolPlan) {
    let noise = ABILITY_SPREAD * (1.0 - ABILITY_PERSISTENCE * ABILITY_PERSISTENCE).sqrt();
    for subject in [ELA, MATH] {
        let set_point = student.set_point[subject] as f64;
        let deviation = student.ability[subject] as f64 - set_point;
        let next =
            ABILITY_PERSISTENCE * deviation + school.traits.growth[subject] + noise * normal(rng);
        student.ability[subject] = (set_point + next) as f32;
    }
}

/// Reclassifies an English learner with the grade's rate, more often when the student's
/// English is ahead of where it usually is. Returns whether it happened.
pub(crate) fn maybe_reclassify(rng: &mut SynthRng, student: &mut Student) -> bool {
    if student.el != ElStatus::EnglishLearner {
        return false;
    }
    let progress = (student.ability[ELA] - student.set_point[ELA]) as f64;
    let p = reclassification_rate(student.grade) * (0.8 * progress).exp().clamp(0.3, 3.0);
    if chance(rng, p) {
        student.el = ElStatus::Reclassified;
        student.set(flag::REDESIGNATED, true);
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{rng_for, Stream};
    use crate::schools::Directory;

    #[test]
    fn the_state_stays_compact() {
        assert!(std::mem::size_of::<Student>() <= 40);
    }

    #[test]
    fn abilities_stay_on_a_stable_scale_over_many_years() {
        let dir = Directory::build(2, 20);
        let school = &dir.schools[0];
        let mut rng = rng_for(2, Stream::Panel, 0, 0);
        let mut students: Vec<Student> = (0..4000)
            .map(|i| new_student(&mut rng, school, 0, 2010, i, Origin::Intake))
            .collect();
        for _ in 0..12 {
            for s in &mut students {
                grow(&mut rng, s, school);
            }
        }
        let n = students.len() as f64;
        let mean = students.iter().map(|s| s.ability[ELA] as f64).sum::<f64>() / n;
        let sd = (students
            .iter()
            .map(|s| (s.ability[ELA] as f64 - mean).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        assert!(sd > 0.8 && sd < 1.3, "sd {sd}");
    }
}
