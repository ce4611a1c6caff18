//! One school's year: its students learn and change, the rows of the year are drawn
//! (enrolment, attendance, discipline, marks, test results, surveys, graduation cohorts), and
//! each student's fate at the end of the year is decided (promotion, retention, moving on to
//! the next school, transferring, graduating, dropping out, leaving the system).
//!
//! Everything here touches one school only and draws from that school's own generators, so
//! schools can be simulated in parallel without changing a byte of the result.

use core_index::model::{ElStatus, Outcome, Race, Respondent, Subject};

use super::random::{
    binomial, chance, int_between, logistic, normal, rng_for, uniform, Stream, SynthRng,
};
use super::records::{AssessmentRow, ClimateRow, CohortRow, EnrolmentRow, SchoolRecords, SelRow};
use super::schools::{Directory, SchoolKind, SchoolPlan};
use super::scores::{grade_scale, is_tested_grade, observe};
use super::students::{
    flag, grow, maybe_reclassify, start_new_year, Student, ELA, MATH, NO_SCHOOL,
};

/// Instructional days in a school year.
pub(crate) const SCHOOL_DAYS: u8 = 180;

/// A cohort member who has left a high school's roll, kept until the cohort is no longer
/// reported (the cohort extract reports three cohorts, methodology R9).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CohortExit {
    pub student: u32,
    pub cohort_year: i16,
    pub exit_year: i16,
    pub outcome: Outcome,
    pub race: Race,
    pub el: ElStatus,
    pub sed: bool,
    pub swd: bool,
}

/// The panel's state for one school: its current students and its recent cohort leavers.
#[derive(Debug, Default, Clone)]
pub(crate) struct SchoolState {
    pub students: Vec<Student>,
    pub exits: Vec<CohortExit>,
}

/// What happens to a student at the end of the year.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    /// Enrolled next year in `grade` at `school` (this school or another one).
    Continue { grade: i8, school: u32 },
    /// Leaves the system; the outcome is what the cohort extract says for high schoolers.
    Leave(Outcome),
}

/// What a school's year produced: its rows (when the year is written) and the students who
/// continue at other schools next year.
pub(crate) struct YearResult {
    pub records: SchoolRecords,
    pub outgoing: Vec<(u32, Student)>,
}

/// Simulates `year` at school `school`. With `emit` false (warm-up years) no rows are drawn,
/// only what the panel needs.
pub(crate) fn run_school_year(
    dir: &Directory,
    school: u32,
    state: &mut SchoolState,
    seed: u64,
    year: i32,
    emit: bool,
) -> YearResult {
    let plan = &dir.schools[school as usize];
    let mut panel = rng_for(seed, Stream::Panel, school as u64, year);
    for student in state.students.iter_mut() {
        if student.has(flag::NEW) {
            student.set(flag::NEW, false);
        } else {
            start_new_year(&mut panel, student, plan);
        }
        student.set(flag::REDESIGNATED, false);
        grow(&mut panel, student, plan);
        maybe_reclassify(&mut panel, student);
    }

    let mut records = SchoolRecords::default();
    if emit {
        let mut rng = rng_for(seed, Stream::Records, school as u64, year);
        for student in &state.students {
            student_rows(&mut rng, dir, school, student, &mut records);
        }
        climate_rows(
            &mut rng,
            school,
            plan,
            &state.students,
            &mut records.climate,
        );
    }

    let fates: Vec<Fate> = state
        .students
        .iter()
        .map(|s| decide_fate(&mut panel, dir, school, s, year))
        .collect();

    if plan.kind.is_high() {
        for (student, fate) in state.students.iter().zip(&fates) {
            let Fate::Leave(outcome) = *fate else {
                continue;
            };
            if student.cohort_year != 0 {
                state.exits.push(CohortExit {
                    student: student.id,
                    cohort_year: student.cohort_year,
                    exit_year: year as i16,
                    outcome,
                    race: student.race,
                    el: student.el,
                    sed: student.has(flag::SED),
                    swd: student.has(flag::SWD),
                });
            }
        }
        if emit {
            cohort_rows(school, state, &fates, year, &mut records.cohort);
        }
        // Next year reports cohorts from year + 1 - 5 on.
        state.exits.retain(|e| e.cohort_year as i32 >= year - 4);
    }

    let mut outgoing = Vec::new();
    let students = std::mem::take(&mut state.students);
    state.students.reserve(students.len());
    for (mut student, fate) in students.into_iter().zip(fates) {
        let Fate::Continue {
            grade,
            school: next_school,
        } = fate
        else {
            continue;
        };
        student.grade = grade;
        if grade >= 9 && student.cohort_year == 0 {
            student.cohort_year = (year + 1) as i16;
        }
        student.prior_school = NO_SCHOOL;
        student.days_at_prior = 0;
        student.partial_days = 0;
        student.set(flag::DEPARTS, false);
        if next_school == school {
            state.students.push(student);
        } else {
            outgoing.push((next_school, student));
        }
    }
    YearResult { records, outgoing }
}

/// Days at this school and, after a mid-year move, at the school before.
fn enrolment_days(rng: &mut SynthRng, student: &Student) -> (u8, Option<(u32, u8)>) {
    if student.days_at_prior > 0 {
        let gap = int_between(rng, 0, 8) as u8;
        let here = SCHOOL_DAYS
            .saturating_sub(student.days_at_prior + gap)
            .max(5);
        (here, Some((student.prior_school, student.days_at_prior)))
    } else if student.partial_days > 0 {
        (student.partial_days, None)
    } else if chance(rng, 0.82) {
        (SCHOOL_DAYS, None)
    } else {
        (int_between(rng, 150, SCHOOL_DAYS as i64 - 1) as u8, None)
    }
}

/// A student's end-of-year marks, shown on each of the year's enrolment rows.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    gpa_hundredths: Option<u16>,
    ela_df: Option<bool>,
    math_df: Option<bool>,
}

/// End-of-year marks for grades 6–12: GPA follows achievement, attendance and behaviour;
/// D/F marks in ELA and mathematics follow GPA and the subject's ability. About 2% of GPAs
/// and 1.5% of each D/F flag are missing, as in real extracts.
fn course_marks(rng: &mut SynthRng, student: &Student) -> Marks {
    if student.grade < 6 {
        return Marks::default();
    }
    let gpa = (2.85 + 0.45 * student.general_ability()
        - 0.25 * student.effective_absence_risk()
        - 0.15 * student.behaviour_risk as f64
        + 0.45 * normal(rng))
    .clamp(0.0, 4.0);
    let gpa_hundredths = (gpa * 100.0).round() as u16;
    let mut mark = |subject: usize| {
        let p = logistic(-2.4 - 1.7 * (gpa - 2.5) - 0.3 * student.ability[subject] as f64);
        let df = chance(rng, p);
        (!chance(rng, 0.015)).then_some(df)
    };
    let ela_df = mark(ELA);
    let math_df = mark(MATH);
    let gpa_hundredths = (!chance(rng, 0.02)).then_some(gpa_hundredths);
    Marks {
        gpa_hundredths,
        ela_df,
        math_df,
    }
}

/// Chance of being absent on a school day.
fn absence_rate(student: &Student, school: &SchoolPlan) -> f64 {
    let grade_shift = match student.grade {
        ..=0 => 0.2,
        1..=5 => 0.0,
        6..=8 => 0.05,
        9..=10 => 0.15,
        _ => 0.3,
    };
    (0.026f64.ln() + 0.7 * student.effective_absence_risk() + school.traits.absence + grade_shift)
        .exp()
        .min(0.9)
}

/// Suspensions over `days` at `school`: rare in elementary schools, more common in middle
/// and high schools, more likely for students with disabilities, foster youth and Black
/// students (the disparities real discipline data show).
fn suspensions(rng: &mut SynthRng, student: &Student, school: &SchoolPlan, days: u8) -> (u8, bool) {
    let base = match school.kind {
        SchoolKind::Elementary => 0.012,
        SchoolKind::Middle | SchoolKind::KEight if student.grade >= 6 => 0.05,
        SchoolKind::Middle | SchoolKind::KEight => 0.012,
        SchoolKind::High => 0.04,
        SchoolKind::Continuation => 0.08,
    };
    let p = base
        * school.traits.suspension
        * (0.6 * student.behaviour_risk as f64).exp()
        * if student.has(flag::SWD) { 1.6 } else { 1.0 }
        * if student.has(flag::FOSTER) { 1.8 } else { 1.0 }
        * if student.race == Race::BlackAfricanAmerican {
            1.6
        } else {
            1.0
        }
        * days as f64
        / SCHOOL_DAYS as f64;
    if !chance(rng, p) {
        return (0, false);
    }
    let mut count = 1u8;
    while count < 12 && chance(rng, 0.3) {
        count += 1;
    }
    let expelled = student.grade >= 6 && chance(rng, 0.015);
    (count, expelled)
}

/// The enrolment row of `student` at `school` for `days` days; `before_move` marks the row
/// of the school a mid-year mover left.
fn enrolment_row(
    rng: &mut SynthRng,
    dir: &Directory,
    school: u32,
    student: &Student,
    days: u8,
    marks: Marks,
    before_move: bool,
) -> EnrolmentRow {
    let plan = &dir.schools[school as usize];
    let days_absent = binomial(rng, days as u64, absence_rate(student, plan)) as u8;
    let (suspensions, expelled) = suspensions(rng, student, plan, days);
    // A student reclassified this year was reclassified at the school attended at the end
    // of the year; the row of the school left mid-year still shows EL.
    let redesignated = student.has(flag::REDESIGNATED) && !before_move;
    let el = if student.has(flag::REDESIGNATED) && before_move {
        ElStatus::EnglishLearner
    } else {
        student.el
    };
    EnrolmentRow {
        student: student.id,
        school,
        grade: student.grade,
        days_enrolled: days,
        days_absent,
        suspensions,
        expelled,
        race: student.race,
        el,
        sed: student.has(flag::SED),
        swd: student.has(flag::SWD),
        foster: student.has(flag::FOSTER),
        homeless: student.has(flag::HOMELESS),
        redesignated,
        gpa_hundredths: marks.gpa_hundredths,
        ela_df: marks.ela_df,
        math_df: marks.math_df,
    }
}

/// Number of items behind each SEL skill score (CORE's survey: growth mindset 4, self-efficacy
/// 4, self-management 9, social awareness 8) and the skill's typical mean.
const SEL_ITEMS: [u32; 4] = [4, 4, 9, 8];
const SEL_MEANS: [f64; 4] = [3.55, 3.45, 3.85, 3.65];

fn sel_row(rng: &mut SynthRng, school: u32, plan: &SchoolPlan, student: &Student) -> SelRow {
    let grade_shift = match student.grade {
        ..=5 => 0.15,
        6..=8 => 0.0,
        _ => -0.12,
    };
    let latent = 0.2 * student.general_ability()
        - 0.15 * student.behaviour_risk as f64
        - 0.1 * student.effective_absence_risk()
        + 0.45 * normal(rng)
        + plan.traits.sel_shift
        + grade_shift;
    let mut skills = [None; 4];
    for (skill, slot) in skills.iter_mut().enumerate() {
        let mean = SEL_MEANS[skill] + latent + 0.3 * normal(rng);
        let items = SEL_ITEMS[skill];
        let total: u32 = (0..items)
            .map(|_| (mean + 0.75 * normal(rng)).round().clamp(1.0, 5.0) as u32)
            .sum();
        // The mean of the items rounded to hundredths, in integers: round(100 * total / items).
        *slot = Some(((200 * total + items) / (2 * items)) as u16);
    }
    // Some students skip a skill's items, a few skip two.
    let skipped = match uniform(rng, 0.0, 1.0) {
        u if u < 0.035 => 1,
        u if u < 0.05 => 2,
        _ => 0,
    };
    for _ in 0..skipped {
        let skill = int_between(rng, 0, 3) as usize;
        skills[skill] = None;
    }
    SelRow {
        student: student.id,
        school,
        skills_hundredths: skills,
    }
}

/// The rows of one student: enrolment (two rows after a mid-year move), test results in
/// tested grades, and an SEL survey answer in grades 4–12. Students who leave during the
/// year are gone before testing and the survey.
fn student_rows(
    rng: &mut SynthRng,
    dir: &Directory,
    school: u32,
    student: &Student,
    out: &mut SchoolRecords,
) {
    let plan = &dir.schools[school as usize];
    let (days_here, before) = enrolment_days(rng, student);
    let marks = course_marks(rng, student);
    if let Some((prior_school, prior_days)) = before {
        out.enrolments.push(enrolment_row(
            rng,
            dir,
            prior_school,
            student,
            prior_days,
            marks,
            true,
        ));
    }
    out.enrolments.push(enrolment_row(
        rng, dir, school, student, days_here, marks, false,
    ));
    if student.has(flag::DEPARTS) {
        return;
    }
    let risk = student.effective_absence_risk();
    if is_tested_grade(student.grade) {
        let participation = plan.traits.participation * if risk > 1.5 { 0.88 } else { 1.0 };
        if chance(rng, participation) {
            for (subject, index) in [(Subject::Ela, ELA), (Subject::Math, MATH)] {
                // A few students miss one of the two tests.
                if chance(rng, 0.012) {
                    continue;
                }
                let scale = grade_scale(subject, student.grade).expect("tested grade");
                let observed = observe(rng, subject, scale, student.ability[index] as f64);
                out.assessments.push(AssessmentRow {
                    student: student.id,
                    school,
                    grade: student.grade,
                    subject,
                    score_tenths: observed.score_tenths,
                    sem_tenths: observed.sem_tenths,
                    level: observed.level,
                });
            }
        }
    }
    if (4..=12).contains(&student.grade) {
        let response = plan.traits.student_response * (1.0 - 0.12 * risk.clamp(0.0, 2.0));
        if chance(rng, response) {
            out.sel.push(sel_row(rng, school, plan, student));
        }
    }
}

/// The three climate rows of a school: students in grades 4–12, staff and parents invited;
/// response rates and favourability from the school's traits.
fn climate_rows(
    rng: &mut SynthRng,
    school: u32,
    plan: &SchoolPlan,
    students: &[Student],
    out: &mut Vec<ClimateRow>,
) {
    let present = students.iter().filter(|s| !s.has(flag::DEPARTS));
    let enrolled = present.clone().count() as u32;
    let surveyed_students = present.filter(|s| s.grade >= 4).count() as u32;
    let t = &plan.traits;
    let staff = if enrolled == 0 {
        0
    } else {
        (enrolled as f64 / 22.0).round() as u32 + int_between(rng, 4, 12) as u32
    };
    let families = (enrolled as f64 * 0.85).round() as u32;
    let groups = [
        (
            Respondent::Student,
            surveyed_students,
            t.student_response,
            t.favorable[0],
        ),
        (Respondent::Staff, staff, t.staff_response, t.favorable[1]),
        (
            Respondent::Parent,
            families,
            t.parent_response,
            t.favorable[2],
        ),
    ];
    for (respondent, invited, rate, favorable) in groups {
        if invited == 0 {
            continue;
        }
        let responded = binomial(rng, invited as u64, rate) as u32;
        let pct = (favorable + 1.5 * normal(rng)).clamp(0.0, 100.0);
        out.push(ClimateRow {
            school,
            respondent,
            n_invited: invited,
            n_responded: responded,
            pct_favorable_tenths: (pct * 10.0).round() as u16,
        });
    }
}

/// The cohort rows of a high school: its recent leavers of the three reported cohorts, and
/// its students of those cohorts who continue (still enrolled at the end of the year).
fn cohort_rows(
    school: u32,
    state: &SchoolState,
    fates: &[Fate],
    year: i32,
    out: &mut Vec<CohortRow>,
) {
    let reported = |cohort_year: i16| (year - 5..=year - 3).contains(&(cohort_year as i32));
    for exit in state.exits.iter().filter(|e| reported(e.cohort_year)) {
        out.push(CohortRow {
            student: exit.student,
            school,
            cohort_year: exit.cohort_year,
            outcome: exit.outcome,
            grad_year: (exit.outcome == Outcome::Graduated).then_some(exit.exit_year),
            race: exit.race,
            sed: exit.sed,
            swd: exit.swd,
            el: exit.el,
        });
    }
    for (student, fate) in state.students.iter().zip(fates) {
        if matches!(fate, Fate::Continue { .. })
            && student.cohort_year != 0
            && reported(student.cohort_year)
        {
            out.push(CohortRow {
                student: student.id,
                school,
                cohort_year: student.cohort_year,
                outcome: Outcome::Continuing,
                grad_year: None,
                race: student.race,
                sed: student.has(flag::SED),
                swd: student.has(flag::SWD),
                el: student.el,
            });
        }
    }
}

fn decide_fate(
    rng: &mut SynthRng,
    dir: &Directory,
    school: u32,
    student: &Student,
    year: i32,
) -> Fate {
    if student.has(flag::DEPARTS) {
        return Fate::Leave(Outcome::TransferOut);
    }
    let plan = &dir.schools[school as usize];
    if plan.kind.is_high() && student.grade >= 9 {
        high_school_fate(rng, dir, school, student, year)
    } else {
        lower_grade_fate(rng, dir, school, student)
    }
}

/// Below high school: most students move up a grade at the same school or at the school
/// their school feeds; a few are retained, transfer within the district or elsewhere in the
/// state, or leave the system.
fn lower_grade_fate(rng: &mut SynthRng, dir: &Directory, school: u32, student: &Student) -> Fate {
    let plan = &dir.schools[school as usize];
    if chance(rng, 0.035) {
        return Fate::Leave(Outcome::TransferOut);
    }
    let retention = match student.grade {
        ..=-1 => 0.0,
        0 => 0.02,
        1..=2 => 0.012,
        _ => 0.005,
    };
    let grade = if chance(rng, retention) {
        student.grade
    } else {
        student.grade + 1
    };
    let mut next = if plan.serves(grade) {
        Some(school)
    } else {
        plan.feeds
            .filter(|f| dir.schools[*f as usize].serves(grade))
            .or_else(|| dir.random_school(rng, Some(plan.district), grade))
            .or_else(|| dir.random_school(rng, None, grade))
    };
    // Changing schools is likelier when a student has to change anyway.
    let moving_on = next != Some(school);
    if chance(rng, if moving_on { 0.08 } else { 0.03 }) {
        next = dir.random_school(rng, Some(plan.district), grade).or(next);
    } else if chance(rng, 0.006) {
        next = dir.random_school(rng, None, grade).or(next);
    }
    match next {
        Some(next) => Fate::Continue {
            grade,
            school: next,
        },
        None => Fate::Leave(Outcome::TransferOut),
    }
}

/// High school: graduation at the end of grade 12 (later for students who fall behind),
/// dropping out, leaving for schools outside the system, retention, and transfers to a
/// continuation school for students at risk. The school's graduation trait shifts all of it.
fn high_school_fate(
    rng: &mut SynthRng,
    dir: &Directory,
    school: u32,
    student: &Student,
    year: i32,
) -> Fate {
    let plan = &dir.schools[school as usize];
    let years_in_high_school = if student.cohort_year != 0 {
        year - student.cohort_year as i32 + 1
    } else {
        student.grade as i32 - 8
    };
    let late = years_in_high_school > 4;
    let risk = student.dropout_risk();
    let shift = plan.traits.graduation;
    if student.grade == 12 {
        let p_graduate = logistic(3.8 + shift - 0.85 * risk - if late { 1.3 } else { 0.0 });
        if chance(rng, p_graduate) {
            return Fate::Leave(Outcome::Graduated);
        }
        if years_in_high_school >= 6 || chance(rng, 0.3) {
            return Fate::Leave(non_graduate_exit(rng, student));
        }
        if student.has(flag::SWD) && chance(rng, 0.3) {
            return Fate::Leave(Outcome::Certificate);
        }
        if chance(rng, 0.05) {
            return Fate::Leave(Outcome::Equivalency);
        }
        return Fate::Continue { grade: 12, school };
    }
    let p_drop = logistic(-4.9 + 0.9 * risk - 0.7 * shift + if late { 1.2 } else { 0.0 });
    if chance(rng, p_drop) || years_in_high_school >= 6 {
        return Fate::Leave(Outcome::Dropout);
    }
    if chance(rng, 0.03) {
        return Fate::Leave(Outcome::TransferOut);
    }
    let retention = if student.grade == 9 { 0.04 } else { 0.02 } * (0.5 * risk).exp();
    let grade = if chance(rng, retention) {
        student.grade
    } else {
        student.grade + 1
    };
    let mut next = school;
    if plan.kind == SchoolKind::High && grade >= 10 && chance(rng, 0.02 * (0.9 * risk).exp()) {
        next = dir
            .continuation_school(rng, plan.district)
            .unwrap_or(school);
    } else if chance(rng, 0.02) {
        next = dir
            .random_school(rng, Some(plan.district), grade)
            .unwrap_or(school);
    }
    Fate::Continue {
        grade,
        school: next,
    }
}

/// How a student who does not graduate leaves: mostly dropping out; some students with
/// disabilities leave with a certificate of completion; some pass an equivalency exam.
fn non_graduate_exit(rng: &mut SynthRng, student: &Student) -> Outcome {
    if student.has(flag::SWD) && chance(rng, 0.35) {
        Outcome::Certificate
    } else if chance(rng, 0.15) {
        Outcome::Equivalency
    } else {
        Outcome::Dropout
    }
}
