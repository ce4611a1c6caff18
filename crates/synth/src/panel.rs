//! The student panel across years: the population the simulation starts from, the yearly
//! run of every school in parallel, and the moves between schools that connect the years
//! (promotions to the next school, transfers, mid-year moves, new arrivals).
//!
//! Parallel work is always per school with the school's own generators; everything that
//! crosses schools (delivering movers, numbering new students, sharing out arrivals) is done
//! sequentially in school order, so the result never depends on thread scheduling.

use rayon::prelude::*;

use super::random::{chance, int_between, rng_for, Stream, SynthRng};
use super::records::SchoolRecords;
use super::schools::{Directory, GRADES, TK};
use super::students::{flag, new_student, Origin, Student};
use super::year::{run_school_year, SchoolState};

/// Share of students who change school during the year (and so have two enrolment rows).
pub(crate) const MID_YEAR_MOVE_RATE: f64 = 0.013;
/// Share of students who leave the system during the year.
const MID_YEAR_DEPARTURE_RATE: f64 = 0.015;
/// Share of students arriving from outside who arrive after the year has started.
const LATE_ARRIVAL_RATE: f64 = 0.35;
/// Student ids start here, so they look like district ids ("S00100001").
const FIRST_STUDENT_ID: u32 = 100_001;

/// Every school's students and cohort records, and the numbering of new students.
pub(crate) struct Panel {
    pub states: Vec<SchoolState>,
    next_id: u32,
    /// Students enrolled at the end of each year's arrivals (rows are a little more: some
    /// students are enrolled at two schools).
    target: usize,
    /// Expected students per grade cohort statewide.
    grade_size: f64,
}

/// Splits `total` into whole parts proportional to `weights` (largest remainders, ties to
/// the lower index), so the parts always add up to `total`.
pub(crate) fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if total == 0 || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut parts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let assigned: usize = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(total.saturating_sub(assigned)) {
        parts[i] += 1;
    }
    parts
}

/// First id of each school's block of `counts` new ids.
fn id_blocks(first: u32, counts: &[usize]) -> (Vec<u32>, u32) {
    let mut starts = Vec::with_capacity(counts.len());
    let mut next = first;
    for &c in counts {
        starts.push(next);
        next = next
            .checked_add(c as u32)
            .expect("fewer than 4 billion students");
    }
    (starts, next)
}

impl Panel {
    /// The population of the first simulated year: every school filled to its expected size
    /// in every grade it serves.
    pub(crate) fn start(dir: &Directory, seed: u64, year: i32, students: usize) -> Panel {
        let target = (students as f64 / (1.0 + MID_YEAR_MOVE_RATE)).round() as usize;
        let grade_size = target as f64 / (13.0 + super::schools::TK_RELATIVE_SIZE);
        let plans: Vec<Vec<(i8, usize)>> = dir
            .schools
            .iter()
            .map(|school| {
                GRADES
                    .filter(|g| school.serves(*g))
                    .map(|g| (g, (grade_size * school.share_of(g)).round() as usize))
                    .collect()
            })
            .collect();
        let counts: Vec<usize> = plans
            .iter()
            .map(|p| p.iter().map(|(_, n)| n).sum())
            .collect();
        let (starts, next_id) = id_blocks(FIRST_STUDENT_ID, &counts);
        let states = plans
            .par_iter()
            .zip(starts)
            .enumerate()
            .map(|(s, (grades, first_id))| {
                let plan = &dir.schools[s];
                let mut rng = rng_for(seed, Stream::InitialPopulation, s as u64, year);
                let mut state = SchoolState::default();
                let mut id = first_id;
                for &(grade, n) in grades {
                    for _ in 0..n {
                        state.students.push(new_student(
                            &mut rng,
                            plan,
                            grade,
                            year,
                            id,
                            Origin::Initial,
                        ));
                        id += 1;
                    }
                }
                state
            })
            .collect();
        Panel {
            states,
            next_id,
            target,
            grade_size,
        }
    }

    /// Runs `year` at every school, then delivers the students who continue elsewhere to
    /// their next schools. Returns each school's rows (empty when `emit` is false).
    pub(crate) fn run_year(
        &mut self,
        dir: &Directory,
        seed: u64,
        year: i32,
        emit: bool,
    ) -> Vec<SchoolRecords> {
        let results: Vec<_> = self
            .states
            .par_iter_mut()
            .enumerate()
            .map(|(s, state)| run_school_year(dir, s as u32, state, seed, year, emit))
            .collect();
        let mut records = Vec::with_capacity(results.len());
        for result in results {
            records.push(result.records);
            for (school, student) in result.outgoing {
                self.states[school as usize].students.push(student);
            }
        }
        records
    }

    /// Opens `year`: new kindergarten and TK classes, students arriving from outside (as
    /// many as keep the total at the target), and the moves and departures that will happen
    /// during the year.
    pub(crate) fn open_year(&mut self, dir: &Directory, seed: u64, year: i32) {
        let enrolled: usize = self.states.iter().map(|s| s.students.len()).sum();
        let needed = self.target.saturating_sub(enrolled);
        let tk_total: f64 = dir.schools.iter().map(|s| s.tk_share).sum();
        let planned_intake = self.grade_size * (1.0 + tk_total);
        let scale = if planned_intake > 0.0 {
            (needed as f64 / planned_intake).min(1.0)
        } else {
            0.0
        };
        let kindergarten_weights: Vec<f64> =
            dir.schools.iter().map(|s| s.kindergarten_share).collect();
        let tk_weights: Vec<f64> = dir.schools.iter().map(|s| s.tk_share).collect();
        let kindergarten = apportion(
            (scale * self.grade_size).round() as usize,
            &kindergarten_weights,
        );
        let tk = apportion(
            (scale * self.grade_size * tk_total).round() as usize,
            &tk_weights,
        );
        let intake: usize = kindergarten.iter().sum::<usize>() + tk.iter().sum::<usize>();
        // Arrivals from outside go to schools in proportion to their enrolment, so every
        // school keeps its size; empty schools get them by expected size.
        let mut size_weights: Vec<f64> = self
            .states
            .iter()
            .map(|s| s.students.len() as f64)
            .collect();
        if size_weights.iter().all(|w| *w == 0.0) {
            size_weights = dir
                .schools
                .iter()
                .map(|s| s.grade_share + s.tk_share)
                .collect();
        }
        let transfers = apportion(needed.saturating_sub(intake), &size_weights);
        let counts: Vec<usize> = (0..dir.schools.len())
            .map(|s| kindergarten[s] + tk[s] + transfers[s])
            .collect();
        let (starts, next_id) = id_blocks(self.next_id, &counts);
        self.next_id = next_id;

        let movers: Vec<Vec<(u32, Student)>> = self
            .states
            .par_iter_mut()
            .enumerate()
            .map(|(s, state)| {
                let plan = &dir.schools[s];
                let mut rng = rng_for(seed, Stream::Arrivals, s as u64, year);
                let mut leaving = Vec::new();
                let continuing = std::mem::take(&mut state.students);
                state.students.reserve(continuing.len() + counts[s]);
                for mut student in continuing {
                    if student.grade >= 0 && chance(&mut rng, MID_YEAR_MOVE_RATE) {
                        let other = dir
                            .random_school(&mut rng, Some(plan.district), student.grade)
                            .filter(|&o| o != s as u32);
                        if let Some(other) = other {
                            student.prior_school = s as u32;
                            student.days_at_prior = int_between(&mut rng, 15, 150) as u8;
                            leaving.push((other, student));
                            continue;
                        }
                    }
                    if chance(&mut rng, MID_YEAR_DEPARTURE_RATE) {
                        student.set(flag::DEPARTS, true);
                        student.partial_days = int_between(&mut rng, 20, 150) as u8;
                    }
                    state.students.push(student);
                }
                // A newcomer's grade is that of a random continuing student, so arrivals keep
                // the school's grade mix.
                let staying = state.students.len();
                let mut id = starts[s];
                let mut arrive =
                    |state: &mut SchoolState, rng: &mut SynthRng, grade: i8, origin: Origin| {
                        let mut student = new_student(rng, plan, grade, year, id, origin);
                        if origin == Origin::Transfer && chance(rng, LATE_ARRIVAL_RATE) {
                            student.partial_days = int_between(rng, 20, 170) as u8;
                        }
                        state.students.push(student);
                        id += 1;
                    };
                for _ in 0..kindergarten[s] {
                    arrive(state, &mut rng, 0, Origin::Intake);
                }
                for _ in 0..tk[s] {
                    arrive(state, &mut rng, TK, Origin::Intake);
                }
                for _ in 0..transfers[s] {
                    let grade = if staying > 0 {
                        state.students[int_between(&mut rng, 0, staying as i64 - 1) as usize].grade
                    } else {
                        int_between(
                            &mut rng,
                            plan.lowest_grade.max(0) as i64,
                            plan.highest_grade as i64,
                        ) as i8
                    };
                    arrive(state, &mut rng, grade, Origin::Transfer);
                }
                leaving
            })
            .collect();
        for (school, student) in movers.into_iter().flatten() {
            self.states[school as usize].students.push(student);
        }
    }

    /// Students currently enrolled (each once).
    pub(crate) fn enrolled(&self) -> usize {
        self.states.iter().map(|s| s.students.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_is_proportional() {
        assert_eq!(apportion(10, &[1.0, 1.0, 2.0]), vec![3, 2, 5]);
        assert_eq!(apportion(0, &[1.0]), vec![0]);
        assert_eq!(apportion(5, &[0.0, 0.0]), vec![0, 0]);
        let parts = apportion(1001, &[0.3, 0.3, 0.4]);
        assert_eq!(parts.iter().sum::<usize>(), 1001);
    }
}
