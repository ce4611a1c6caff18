//! The growth sample (R18) and the school-and-grade means of the R19 design.
//!
//! One pass over the year-Y assessments builds both subjects' samples; each is then ordered
//! by (grade, school) with a counting sort, so a grade is a contiguous slice and a school
//! within a grade is a contiguous run, and within a run by the students' own values
//! ([`canonical_order`]), so the whole stage depends neither on the thread count nor on the
//! order of the rows in the extracts.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::reduce::{counting_sort, runs, CHUNK};
use crate::dataset::{Assessment, Enrolment, PriorScores, SchoolIdx, StudentKey};
use crate::model::{ElStatus, GroupSet, Subject};
use crate::numeric::ExactSum;

/// Bits of [`Obs::flags`], in the R19 column order SED, SWD, ELc, HOM, FOS.
pub(super) const N_FLAGS: usize = 5;

/// One sample student of one subject's model (R18), with what R19–R22 need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Obs {
    /// The tested school (the school of the growth result, R24).
    pub school: SchoolIdx,
    /// The year-Y assessment row's grade (R18).
    pub grade: i32,
    /// R4 groups from the enrolment row at the tested school (R6, R24).
    pub groups: GroupSet,
    /// R19 indicators as bits: SED, SWD, ELc (el_status `EL` only), HOM, FOS.
    pub flags: u8,
    /// Current scale score.
    pub y: f64,
    /// Prior same-subject score and the square of its SEM.
    pub p: f64,
    pub sp2: f64,
    /// Prior other-subject score and the square of its SEM.
    pub q: f64,
    pub sq2: f64,
}

impl Obs {
    /// Indicator `bit` (0 = SED … 4 = FOS) as 0.0 or 1.0.
    #[inline]
    pub(super) fn flag(&self, bit: usize) -> f64 {
        f64::from((self.flags >> bit) & 1)
    }
}

fn flags_of(enrolment: &Enrolment) -> u8 {
    let d = &enrolment.demo;
    u8::from(d.sed)
        | u8::from(d.swd) << 1
        | u8::from(d.el_status == ElStatus::EnglishLearner) << 2
        | u8::from(d.homeless) << 3
        | u8::from(d.foster) << 4
}

/// The prior scores a sample student needs (R18): both subjects at the same grade.
#[derive(Debug, Clone, Copy)]
struct PriorPair {
    grade: i32,
    ela: (f64, f64),
    math: (f64, f64),
}

impl PriorPair {
    /// Placeholder for the slots [`PriorIndex::new`] fills.
    const NONE: PriorPair = PriorPair {
        grade: i32::MIN,
        ela: (0.0, 0.0),
        math: (0.0, 0.0),
    };

    fn of(scores: &PriorScores) -> Option<PriorPair> {
        let (Some(ela), Some(math)) = (scores.ela, scores.math) else {
            return None;
        };
        (ela.grade == math.grade).then_some(PriorPair {
            grade: ela.grade,
            ela: (ela.scale_score, ela.sem),
            math: (math.scale_score, math.sem),
        })
    }
}

/// Usable prior pairs by student. Student keys are interned densely from 0, so a slot vector
/// indexed by key (4 bytes a key) pointing into a compact list of the usable pairs, kept in
/// key order, replaces ~2 million random hash-map probes (the dominant cost of this stage
/// when measured) with two sequential passes over the map. Keys far sparser than the
/// loader's (which would make the slot vector large) keep the map.
enum PriorIndex<'a> {
    Dense {
        slot: Vec<u32>,
        pairs: Vec<PriorPair>,
    },
    Map(&'a HashMap<StudentKey, PriorScores>, &'a [i32]),
}

impl<'a> PriorIndex<'a> {
    const NO_SLOT: u32 = u32::MAX;

    fn new(prior: &'a HashMap<StudentKey, PriorScores>, grades: &'a [i32]) -> PriorIndex<'a> {
        let usable = |scores: &PriorScores| {
            PriorPair::of(scores).filter(|p| grades.contains(&(p.grade + 1)))
        };
        let keys = prior.keys().copied().max().map_or(0, |k| k as usize + 1);
        if keys > 16 * prior.len() + (1 << 20) {
            return PriorIndex::Map(prior, grades);
        }
        // Mark the usable keys, number them in key order, then place their pairs.
        let mut slot = vec![Self::NO_SLOT; keys];
        for (&key, scores) in prior {
            if usable(scores).is_some() {
                slot[key as usize] = 0;
            }
        }
        let mut count = 0u32;
        for s in slot.iter_mut().filter(|s| **s == 0) {
            *s = count;
            count += 1;
        }
        let mut pairs = vec![PriorPair::NONE; count as usize];
        for (&key, scores) in prior {
            if let Some(pair) = usable(scores) {
                pairs[slot[key as usize] as usize] = pair;
            }
        }
        PriorIndex::Dense { slot, pairs }
    }

    /// The student's prior pair when both prior scores exist at one grade that precedes a
    /// growth grade.
    fn get(&self, student: StudentKey) -> Option<PriorPair> {
        match self {
            PriorIndex::Dense { slot, pairs } => match slot.get(student as usize) {
                Some(&s) if s != Self::NO_SLOT => Some(pairs[s as usize]),
                _ => None,
            },
            PriorIndex::Map(map, grades) => map
                .get(&student)
                .and_then(PriorPair::of)
                .filter(|p| grades.contains(&(p.grade + 1))),
        }
    }
}

/// R18: the samples of ELA (index 0) and MATH (index 1), each sorted by (grade, school) and
/// otherwise in assessment order. A student qualifies when the assessment's grade g is a
/// growth grade and both prior (Y−1) scores, ELA and MATH, were taken at grade g − 1.
pub(super) fn build(
    assessments: &[Assessment],
    enrolments: &[Enrolment],
    prior: &HashMap<StudentKey, PriorScores>,
    grades: &[i32],
) -> [Vec<Obs>; 2] {
    let index = PriorIndex::new(prior, grades);
    let parts: Vec<[Vec<Obs>; 2]> = assessments
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut out = [
                Vec::with_capacity(chunk.len() / 2),
                Vec::with_capacity(chunk.len() / 2),
            ];
            for a in chunk {
                if !grades.contains(&a.grade) {
                    continue;
                }
                let Some(pair) = index.get(a.student).filter(|p| p.grade == a.grade - 1) else {
                    continue;
                };
                let (same, other) = match a.subject {
                    Subject::Ela => (pair.ela, pair.math),
                    Subject::Math => (pair.math, pair.ela),
                };
                let enrolment = &enrolments[a.enrolment as usize];
                out[a.subject as usize].push(Obs {
                    school: a.school,
                    grade: a.grade,
                    groups: enrolment.demo.groups(),
                    flags: flags_of(enrolment),
                    y: a.scale_score,
                    p: same.0,
                    sp2: same.1 * same.1,
                    q: other.0,
                    sq2: other.1 * other.1,
                });
            }
            out
        })
        .collect();
    drop(index);
    // Order by (grade, school), ties in assessment order, with one counting sort per subject
    // (which also does the concatenation of the chunk outputs).
    let n_schools = parts
        .iter()
        .flat_map(|p| p.iter().flatten())
        .map(|o| o.school as usize + 1)
        .max()
        .unwrap_or(0);
    let sorted = |subject: usize| {
        let slices: Vec<&[Obs]> = parts.iter().map(|p| p[subject].as_slice()).collect();
        counting_sort(&slices, grades.len() * n_schools, |o| {
            let g = grades
                .iter()
                .position(|&g| g == o.grade)
                .expect("a growth grade");
            g * n_schools + o.school as usize
        })
    };
    let (mut ela, mut math) = rayon::join(|| sorted(0), || sorted(1));
    rayon::join(|| canonical_order(&mut ela), || canonical_order(&mut math));
    [ela, math]
}

/// Orders each (grade, school) run of a sorted sample by the students' own values, so the
/// regression's sums (R19–R21), which are taken in row order, do not depend on the order of
/// the rows in the extracts: a district re-sorting its file must get the same bytes. Two
/// students equal in every value are interchangeable.
fn canonical_order(rows: &mut [Obs]) {
    let canonical = |a: &Obs, b: &Obs| {
        a.y.total_cmp(&b.y)
            .then(a.p.total_cmp(&b.p))
            .then(a.q.total_cmp(&b.q))
            .then(a.sp2.total_cmp(&b.sp2))
            .then(a.sq2.total_cmp(&b.sq2))
            .then(a.flags.cmp(&b.flags))
            .then(a.groups.0.cmp(&b.groups.0))
    };
    let mut start = 0;
    for run in runs(rows, |o| (o.grade, o.school)) {
        debug_assert_eq!(run.start, start);
        rows[run.clone()].sort_unstable_by(canonical);
        start = run.end;
    }
}

/// R19 school means of one grade's rows (sorted by school): for each school run, the means
/// of SED, SWD, ELc, HOM, FOS and p over its sample students; and for each row the index of
/// its run. The means are exact (R1), so they depend neither on the order of the students
/// nor on the thread count.
pub(super) fn school_means(rows: &[Obs]) -> (Vec<[f64; N_FLAGS + 1]>, Vec<u32>) {
    let segments: Vec<Range<usize>> = runs(rows, |o| o.school);
    let means = segments
        .par_iter()
        .map(|range| {
            let students = &rows[range.clone()];
            let n = range.len() as f64;
            std::array::from_fn(|column| {
                let sum: ExactSum = students
                    .iter()
                    .map(|o| {
                        if column < N_FLAGS {
                            o.flag(column)
                        } else {
                            o.p
                        }
                    })
                    .collect();
                sum.value() / n
            })
        })
        .collect();
    let mut seg_of = vec![0u32; rows.len()];
    for (i, range) in segments.iter().enumerate() {
        seg_of[range.clone()].fill(i as u32);
    }
    (means, seg_of)
}
