//! The validated, typed contents of one year's extracts (data-contract §1–§2).
//!
//! Loading (`crate::load`) produces a [`YearData`]; every stage reads it and nothing mutates
//! it. Schools are sorted by `school_id` (byte order), so a school's index is also its place
//! in every report. Student ids are interned to [`StudentKey`]s shared by all extracts and
//! years of one run, so joins compare integers and no student id travels further than the
//! loader.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::model::{Demographics, ElStatus, Outcome, Race, Respondent, SchoolLevel, Subject};

/// An interned student id (see [`StudentIds`]).
pub(crate) type StudentKey = u32;
/// Index of a school in [`YearData::schools`].
pub(crate) type SchoolIdx = u32;

/// A student id as read from an extract, before interning.
///
/// Ids of at most 15 bytes (every id format we know: California's SSIDs have 10 digits) are
/// packed into one integer with their length, so reading a row allocates nothing and
/// interning hashes and compares a number instead of chasing a pointer to text. Longer ids
/// are kept as text. Two different ids never pack to the same number (equal lengths differ
/// in a byte, different lengths differ in the length byte).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StudentIdText {
    Packed(u128),
    Long(Box<str>),
}

impl StudentIdText {
    pub fn new(id: &str) -> Self {
        let bytes = id.as_bytes();
        if bytes.len() < 16 {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed[15] = bytes.len() as u8;
            StudentIdText::Packed(u128::from_le_bytes(packed))
        } else {
            StudentIdText::Long(id.into())
        }
    }
}

/// Student ids → keys, one map for packed ids and one for long ones, and the packed id of
/// every key (in key order, from the map's first key) for [`IdMap::find`].
#[derive(Debug, Default)]
pub struct IdMap {
    // Fx hashing: ids are not attacker-chosen, and these maps are the hottest of loading.
    packed: FxHashMap<u128, StudentKey>,
    long: FxHashMap<Box<str>, StudentKey>,
    /// The packed id of each key; 0 (the empty id, never read) for a long id.
    ids_by_key: Vec<u128>,
}

/// How many keys after a hint [`IdMap::find`] tries before the hash map.
const NEAR_KEYS: usize = 8;

impl IdMap {
    /// Like [`IdMap::get`], but first tries the keys `near`, `near + 1`, … `near + 7`.
    /// Extracts list students in much the same order (by school, then student), so the
    /// student of the next row is usually the previous row's or one just after it: a
    /// sequential read of `ids_by_key` instead of a random access into a large hash table
    /// (a cache and TLB miss, the largest cost of loading). Only valid in a map whose keys
    /// start at 0 (the settled ids).
    pub fn find(&self, id: &StudentIdText, near: Option<StudentKey>) -> Option<StudentKey> {
        if let (StudentIdText::Packed(packed), Some(near)) = (id, near) {
            let from = near as usize;
            let to = (from + NEAR_KEYS).min(self.ids_by_key.len());
            if let Some(offset) = self.ids_by_key[from.min(to)..to]
                .iter()
                .position(|candidate| candidate == packed)
            {
                return Some((from + offset) as StudentKey);
            }
        }
        self.get(id)
    }

    pub fn get(&self, id: &StudentIdText) -> Option<StudentKey> {
        match id {
            StudentIdText::Packed(packed) => self.packed.get(packed).copied(),
            StudentIdText::Long(text) => self.long.get(text).copied(),
        }
    }

    pub fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Interns student ids so joins across extracts and years compare integers. Keys are
/// handed out in first-seen order, 0, 1, 2…, so they can index dense vectors.
///
/// Loading reads a file in two steps (see `load::source::scan`): rows are parsed in
/// parallel, then accepted one by one in row order. Ids seen in earlier files are looked up
/// while parsing, in the read-only [`IdMap`] of [`StudentIds::split`]; only ids new in this
/// file wait for the ordered step, [`NewIds::key`], which numbers them. The keys are exactly
/// those of interning every row in order. [`StudentIds::settle`] ends a file.
#[derive(Debug, Default)]
pub struct StudentIds {
    settled: IdMap,
    added: IdMap,
}

/// A row's student: known from an earlier file, or to be numbered in row order.
#[derive(Debug, Clone, PartialEq)]
pub enum StudentRef {
    Known(StudentKey),
    New(StudentIdText),
}

/// The ordered step of interning: numbers ids new in the file being read.
pub struct NewIds<'a> {
    settled: usize,
    added: &'a mut IdMap,
    /// The id of the previous call: rows of one student often follow each other.
    last: Option<(StudentIdText, StudentKey)>,
}

impl NewIds<'_> {
    pub fn key(&mut self, student: StudentRef) -> StudentKey {
        let id = match student {
            StudentRef::Known(key) => return key,
            StudentRef::New(id) => id,
        };
        if let Some((last_id, key)) = &self.last {
            if *last_id == id {
                return *key;
            }
        }
        // One probe of the table: ids new in this file are mostly new altogether.
        let next = (self.settled + self.added.len()) as StudentKey;
        let IdMap {
            packed,
            long,
            ids_by_key,
        } = &mut *self.added;
        let key = match &id {
            StudentIdText::Packed(p) => *packed.entry(*p).or_insert_with(|| {
                ids_by_key.push(*p);
                next
            }),
            StudentIdText::Long(text) => *long.entry(text.clone()).or_insert_with(|| {
                ids_by_key.push(0);
                next
            }),
        };
        self.last = Some((id, key));
        key
    }
}

impl StudentIds {
    /// The ids of earlier files (for lookups while parsing) and the numbering of new ones.
    pub fn split(&mut self) -> (&IdMap, NewIds<'_>) {
        let settled = self.settled.len();
        (
            &self.settled,
            NewIds {
                settled,
                added: &mut self.added,
                last: None,
            },
        )
    }

    /// Ends a file: its new ids join the settled ones.
    pub(crate) fn settle(&mut self) {
        let added = std::mem::take(&mut self.added);
        if self.settled.is_empty() {
            self.settled = added;
            return;
        }
        self.settled.packed.reserve(added.packed.len());
        self.settled.packed.extend(added.packed);
        self.settled.long.extend(added.long);
        self.settled.ids_by_key.extend(added.ids_by_key);
    }

    pub fn len(&self) -> usize {
        self.settled.len() + self.added.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct School {
    pub id: String,
    pub name: String,
    pub district_id: String,
    pub level: SchoolLevel,
    pub title_i: bool,
}

/// One row of the students extract: a student's enrolment at one school.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    pub student: StudentKey,
    pub school: SchoolIdx,
    pub grade: i32,
    pub days_enrolled: i64,
    pub days_absent: i64,
    pub suspensions: i64,
    pub expelled: bool,
    pub demo: Demographics,
    pub redesignated: bool,
    pub gpa: Option<f64>,
    pub ela_df: Option<bool>,
    pub math_df: Option<bool>,
}

/// One row of the assessments extract that passed validation and whose
/// (student_id, school_id) has an enrolment row (orphans are left out and counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub student: StudentKey,
    pub school: SchoolIdx,
    /// Index into [`YearData::enrolments`] of the matching enrolment row (R6 membership).
    pub enrolment: u32,
    pub grade: i32,
    pub subject: Subject,
    pub scale_score: f64,
    pub sem: f64,
    pub level: u8,
}

/// A prior-year (Y−1) score used as a growth predictor (R18): any school, no enrolment needed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorScore {
    pub grade: i32,
    pub scale_score: f64,
    pub sem: f64,
}

/// Prior-year ELA and MATH scores of one student.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PriorScores {
    pub ela: Option<PriorScore>,
    pub math: Option<PriorScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortRecord {
    pub student: StudentKey,
    pub school: SchoolIdx,
    pub cohort_year: i32,
    pub outcome: Outcome,
    pub grad_year: Option<i32>,
    pub race: Race,
    pub sed: bool,
    pub swd: bool,
    pub el_status: ElStatus,
}

impl CohortRecord {
    /// R6: cohort membership comes from the cohort row (no foster/homeless fields there).
    pub fn demographics(&self) -> Demographics {
        Demographics {
            race: self.race,
            sed: self.sed,
            swd: self.swd,
            el_status: self.el_status,
            foster: false,
            homeless: false,
        }
    }
}

/// One sel row whose (student_id, school_id) has an enrolment row.
#[derive(Debug, Clone, PartialEq)]
pub struct SelResponse {
    pub student: StudentKey,
    pub school: SchoolIdx,
    pub enrolment: u32,
    /// growth_mindset, self_efficacy, self_management, social_awareness.
    pub skills: [Option<f64>; 4],
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClimateRow {
    pub school: SchoolIdx,
    pub respondent: Respondent,
    pub n_invited: i64,
    pub n_responded: i64,
    pub pct_favorable: f64,
}

/// What was read from one input file, for the manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    pub extract: String,
    pub year: i32,
    /// Its place in the data folder's layout (`2016/students.csv`), which `verify` looks it up
    /// by, so a data folder moved elsewhere still matches.
    pub file: String,
    pub bytes: u64,
    pub rows: u64,
    pub sha256: String,
}

/// Rows dropped as legal-but-unusable (data-contract §3), counted per reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    pub extract: String,
    pub reason: String,
    pub rows: u64,
}

/// The validated extracts of year Y (plus the Y−1 assessments growth needs).
#[derive(Debug, Default, PartialEq)]
pub struct YearData {
    pub year: i32,
    pub schools: Vec<School>,
    pub enrolments: Vec<Enrolment>,
    /// `None` when the extract is absent (its metrics go missing, data-contract §1).
    pub assessments: Option<Vec<Assessment>>,
    pub cohort: Option<Vec<CohortRecord>>,
    pub sel: Option<Vec<SelResponse>>,
    pub climate: Option<Vec<ClimateRow>>,
    /// Y−1 assessments by student, `None` when year Y−1 has no assessments extract.
    pub prior_scores: Option<HashMap<StudentKey, PriorScores>>,
    /// Valid year-Y assessment rows without an enrolment row (left out of every year-Y
    /// result), kept only when loading was asked to (`LoadOptions::keep_scores_for_next_year`):
    /// with `assessments` they are every score of year Y, year Y+1's prior scores (R18).
    pub unmatched_scores: Vec<(StudentKey, Subject, PriorScore)>,
    pub inputs: Vec<InputFile>,
    pub left_out: Vec<LeftOut>,
    pub warnings: Vec<String>,
    /// Columns present in an input but not in the contract, "extract: column".
    pub unknown_columns: Vec<String>,
}

/// Year Y's scores kept for year Y+1 of a multi-year run, so the file is read once (R35):
/// by student, exactly what reading DATA/Y/assessments as prior scores gives.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct KeptScores {
    /// `None` when year Y had no assessments extract.
    pub scores: Option<HashMap<StudentKey, PriorScores>>,
    /// The assessments file they came from, for year Y+1's manifest.
    pub input: Option<InputFile>,
}

impl YearData {
    /// Year Y's assessments as year Y+1's prior scores: every valid row, with an enrolment
    /// row (`assessments`) or without (`unmatched_scores`), by student. Consumes the year,
    /// so nothing else of it stays in memory.
    pub(crate) fn into_scores_for_next_year(self) -> KeptScores {
        let YearData {
            year,
            assessments,
            unmatched_scores,
            inputs,
            ..
        } = self;
        let input = inputs
            .into_iter()
            .find(|i| i.extract == "assessments" && i.year == year);
        let Some(assessments) = assessments else {
            return KeptScores {
                scores: None,
                input,
            };
        };
        let mut scores: HashMap<StudentKey, PriorScores> =
            HashMap::with_capacity(assessments.len() / 2 + unmatched_scores.len());
        let rows = assessments
            .iter()
            .map(|a| {
                let score = PriorScore {
                    grade: a.grade,
                    scale_score: a.scale_score,
                    sem: a.sem,
                };
                (a.student, a.subject, score)
            })
            .chain(unmatched_scores);
        for (student, subject, score) in rows {
            let entry = scores.entry(student).or_default();
            match subject {
                Subject::Ela => entry.ela = Some(score),
                Subject::Math => entry.math = Some(score),
            }
        }
        KeptScores {
            scores: Some(scores),
            input,
        }
    }

    pub fn school_count(&self) -> usize {
        self.schools.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Interns one id by both steps at once (lookup, then numbering).
    fn intern(ids: &mut StudentIds, id: &str) -> StudentKey {
        let id = StudentIdText::new(id);
        let student = match ids.settled.get(&id) {
            Some(key) => StudentRef::Known(key),
            None => StudentRef::New(id),
        };
        ids.split().1.key(student)
    }

    #[test]
    fn packed_ids_are_distinct_and_long_ids_are_kept_as_text() {
        // Same bytes at different lengths (trailing NUL), and the 15/16-byte boundary.
        let ids = [
            "",
            "1",
            "1\0",
            "10",
            "01",
            "123456789012345",
            "1234567890123456",
        ];
        let texts: Vec<StudentIdText> = ids.iter().map(|id| StudentIdText::new(id)).collect();
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(matches!(texts[5], StudentIdText::Packed(_)));
        assert!(matches!(texts[6], StudentIdText::Long(_)));
    }

    #[test]
    fn keys_are_dense_in_first_seen_order_across_both_kinds() {
        let mut ids = StudentIds::default();
        let long = "a-student-id-longer-than-fifteen-bytes";
        let keys: Vec<StudentKey> = ["7", long, "8", "7", long]
            .iter()
            .map(|id| intern(&mut ids, id))
            .collect();
        assert_eq!(keys, [0, 1, 2, 0, 1]);
        assert_eq!(ids.len(), 3);
    }

    /// Keys from the two-step form (lookup in earlier files' ids, number new ones in row
    /// order, settle after each file) equal those of interning every row in order.
    #[test]
    fn two_step_interning_gives_the_keys_of_one_step_interning() {
        let long = |i: u32| format!("a-long-student-identifier-{i}");
        // Three "files" of ids with repeats inside and across files, short and long.
        let files: Vec<Vec<String>> = (0..3u32)
            .map(|f| {
                (0..500u32)
                    .map(|i| {
                        let n = (i * 7 + f * 131) % 700;
                        if n % 5 == 0 {
                            long(n)
                        } else {
                            format!("S{n}")
                        }
                    })
                    .collect()
            })
            .collect();
        // The reference: number ids in order of first appearance over all files.
        let mut first_seen: HashMap<&str, StudentKey> = HashMap::new();
        let expected: Vec<Vec<StudentKey>> = files
            .iter()
            .map(|file| {
                file.iter()
                    .map(|id| {
                        let next = first_seen.len() as StudentKey;
                        *first_seen.entry(id.as_str()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let mut two_step = StudentIds::default();
        for (file, expected) in files.iter().zip(&expected) {
            let (settled, mut new_ids) = two_step.split();
            let refs: Vec<StudentRef> = file
                .iter()
                .map(|id| {
                    let id = StudentIdText::new(id);
                    match settled.get(&id) {
                        Some(key) => StudentRef::Known(key),
                        None => StudentRef::New(id),
                    }
                })
                .collect();
            let keys: Vec<StudentKey> = refs.into_iter().map(|r| new_ids.key(r)).collect();
            assert_eq!(&keys, expected);
            two_step.settle();
        }
        assert_eq!(two_step.len(), first_seen.len());
    }

    /// A hint only speeds the lookup up: near, far, past the end, wrong or absent, the key
    /// is the one the hash map gives.
    #[test]
    fn find_with_any_hint_gives_the_key_of_get() {
        let mut ids = StudentIds::default();
        let names: Vec<String> = (0..40)
            .map(|i| {
                if i % 7 == 3 {
                    format!("a-long-student-identifier-{i}")
                } else {
                    format!("S{i:03}")
                }
            })
            .collect();
        for name in &names {
            intern(&mut ids, name);
        }
        ids.settle();
        let (settled, _) = ids.split();
        for (key, name) in names.iter().enumerate() {
            let id = StudentIdText::new(name);
            for hint in [
                None,
                Some(0),
                Some(key as u32),
                Some(key as u32 + 1),
                Some(39),
                Some(1000),
            ] {
                assert_eq!(
                    settled.find(&id, hint),
                    Some(key as StudentKey),
                    "{name} {hint:?}"
                );
            }
        }
        assert_eq!(settled.find(&StudentIdText::new("S999"), Some(0)), None);
    }
}
