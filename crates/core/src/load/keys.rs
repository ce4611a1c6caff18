//! Key checks and joins of the loader (data-contract §3): the first row of every key, so a
//! repeated key is reported with the row it repeats, and the (student, school) → enrolment
//! join of assessments and sel rows.
//!
//! Student keys are dense (0, 1, 2… in first-seen order, see `StudentIds`), so the
//! per-student structures are plain vectors indexed by key: one memory access per row where
//! a hash map would hash, probe and compare. They run in the sequential part of loading,
//! which bounds how fast loading can be.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use crate::dataset::{SchoolIdx, StudentKey};
use crate::error::Problem;

use super::row_problem;
use super::source::ExtractFile;

/// The first row of every key of an extract, for keys that are not per student.
pub(crate) struct KeyRows<K> {
    first: HashMap<K, usize>,
    /// How the key is named in messages, e.g. "(school_id, respondent)".
    key_name: &'static str,
    /// The column the problem is reported at.
    column: &'static str,
}

fn duplicate(
    file: &ExtractFile,
    row: usize,
    column: &str,
    value: Option<&str>,
    key_name: &str,
    first_row: usize,
) -> Problem {
    row_problem(
        file,
        row,
        column,
        value,
        format!(
            "duplicate key {key_name} (first at {})",
            file.row_label(first_row)
        ),
    )
}

impl<K: std::hash::Hash + Eq> KeyRows<K> {
    pub(crate) fn new(key_name: &'static str, column: &'static str) -> Self {
        KeyRows {
            first: HashMap::default(),
            key_name,
            column,
        }
    }

    /// True the first time `key` is seen; on a repeat, reports the duplicate and returns
    /// false. `value` is shown in the message (never pass a student id).
    pub(crate) fn first(
        &mut self,
        key: K,
        file: &ExtractFile,
        row: usize,
        value: Option<&str>,
        problems: &mut Vec<Problem>,
    ) -> bool {
        match self.first.entry(key) {
            Entry::Occupied(e) => {
                let first_row = *e.get();
                problems.push(duplicate(
                    file,
                    row,
                    self.column,
                    value,
                    self.key_name,
                    first_row,
                ));
                false
            }
            Entry::Vacant(e) => {
                e.insert(row);
                true
            }
        }
    }
}

/// The first row of every (student, slot) key, e.g. slot = subject for assessments, one
/// slot for cohort and sel. Reported at the student_id column, without its value.
pub(crate) struct StudentKeyRows {
    slots: usize,
    /// Row + 1 of the first occurrence, 0 when not seen, at `student * slots + slot`.
    /// Rows are stored in 32 bits: a file of more than 4 billion rows would report a
    /// wrong first row for a duplicate, nothing worse.
    first_row: Vec<u32>,
    key_name: &'static str,
}

impl StudentKeyRows {
    pub(crate) fn new(slots: usize, key_name: &'static str) -> Self {
        StudentKeyRows {
            slots,
            first_row: Vec::new(),
            key_name,
        }
    }

    /// True the first time (student, slot) is seen; on a repeat, reports the duplicate.
    pub(crate) fn first(
        &mut self,
        student: StudentKey,
        slot: usize,
        file: &ExtractFile,
        row: usize,
        problems: &mut Vec<Problem>,
    ) -> bool {
        debug_assert!(slot < self.slots);
        let at = student as usize * self.slots + slot;
        if at >= self.first_row.len() {
            // Grow geometrically; keys arrive roughly in increasing order.
            let wanted = (at + 1).max(self.first_row.len() * 3 / 2);
            self.first_row.resize(wanted, 0);
        }
        match self.first_row[at] {
            0 => {
                self.first_row[at] = u32::try_from(row + 1).unwrap_or(u32::MAX);
                true
            }
            seen => {
                let first_row = seen as usize - 1;
                problems.push(duplicate(
                    file,
                    row,
                    "student_id",
                    None,
                    self.key_name,
                    first_row,
                ));
                false
            }
        }
    }
}

/// (student, school) → index of the enrolment row. Most students have one enrolment, a few
/// two or three: each student's enrolments are a short chain through `next`.
#[derive(Debug, Default)]
pub(crate) struct EnrolmentIndex {
    /// Per student key: the latest enrolment added, or NONE.
    latest: Vec<u32>,
    /// Per enrolment: the student's previous enrolment, or NONE.
    previous: Vec<u32>,
    /// Per enrolment: its school.
    school: Vec<SchoolIdx>,
}

const NONE: u32 = u32::MAX;

impl EnrolmentIndex {
    /// The enrolment of `student` at `school`, if any.
    pub(crate) fn find(&self, student: StudentKey, school: SchoolIdx) -> Option<u32> {
        let mut at = *self.latest.get(student as usize)?;
        while at != NONE {
            if self.school[at as usize] == school {
                return Some(at);
            }
            at = self.previous[at as usize];
        }
        None
    }

    /// Adds the next enrolment (index = number added so far) unless (student, school) is
    /// already there; `Err` gives the existing one.
    pub(crate) fn add(&mut self, student: StudentKey, school: SchoolIdx) -> Result<u32, u32> {
        if let Some(existing) = self.find(student, school) {
            return Err(existing);
        }
        let student = student as usize;
        if student >= self.latest.len() {
            let wanted = (student + 1).max(self.latest.len() * 3 / 2);
            self.latest.resize(wanted, NONE);
        }
        let index = self.school.len() as u32;
        self.previous.push(self.latest[student]);
        self.school.push(school);
        self.latest[student] = index;
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::{ExtractFile, Format};

    fn file() -> ExtractFile {
        ExtractFile {
            path: "assessments.csv".into(),
            format: Format::Csv,
        }
    }

    #[test]
    fn enrolment_index_finds_every_school_of_a_student() {
        let mut index = EnrolmentIndex::default();
        assert_eq!(index.add(5, 1), Ok(0));
        assert_eq!(index.add(0, 1), Ok(1));
        assert_eq!(index.add(5, 2), Ok(2));
        assert_eq!(index.add(5, 1), Err(0));
        assert_eq!(index.find(5, 1), Some(0));
        assert_eq!(index.find(5, 2), Some(2));
        assert_eq!(index.find(0, 1), Some(1));
        assert_eq!(index.find(0, 2), None);
        assert_eq!(index.find(3, 1), None);
        assert_eq!(index.find(99, 1), None);
    }

    #[test]
    fn student_key_rows_report_the_first_row_of_a_repeat() {
        let mut rows = StudentKeyRows::new(2, "(student_id, subject)");
        let mut problems = Vec::new();
        assert!(rows.first(7, 0, &file(), 0, &mut problems));
        assert!(rows.first(7, 1, &file(), 1, &mut problems));
        assert!(rows.first(0, 0, &file(), 2, &mut problems));
        assert!(!rows.first(7, 1, &file(), 3, &mut problems));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row.as_deref(), Some("row 4"));
        assert_eq!(problems[0].column.as_deref(), Some("student_id"));
        assert_eq!(problems[0].value, None);
        assert!(problems[0].message.contains("(first at row 2)"));
    }
}
