//! Past designations (methodology R34, R39): which designation each school had in each
//! earlier year. Read from a `--history` file by the loader, or built from a multi-year
//! run's own designations; read by the designations stage.

use std::collections::HashMap;

use super::Designation;

/// Past designations by year, then school id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    by_year: HashMap<i32, HashMap<String, Designation>>,
}

impl History {
    /// The designation `school_id` had in `year`, if known.
    pub fn get(&self, year: i32, school_id: &str) -> Option<Designation> {
        self.by_year.get(&year)?.get(school_id).copied()
    }

    /// Number of (year, school_id) entries.
    pub fn len(&self) -> usize {
        self.by_year.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry as (year, school_id, designation), ordered by year, then school_id.
    pub fn entries(&self) -> Vec<(i32, &str, Designation)> {
        let mut entries: Vec<(i32, &str, Designation)> = self
            .by_year
            .iter()
            .flat_map(|(year, schools)| {
                schools
                    .iter()
                    .map(move |(id, designation)| (*year, id.as_str(), *designation))
            })
            .collect();
        entries.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        entries
    }

    /// Adds (or replaces) one year's designations.
    pub(crate) fn insert_year(
        &mut self,
        year: i32,
        designations: impl IntoIterator<Item = (String, Designation)>,
    ) {
        self.by_year.entry(year).or_default().extend(designations);
    }

    /// The entries for years before `year` only.
    pub fn before(&self, year: i32) -> History {
        History {
            by_year: self
                .by_year
                .iter()
                .filter(|(y, _)| **y < year)
                .map(|(y, schools)| (*y, schools.clone()))
                .collect(),
        }
    }
}

/// Builds a history from records; a later record for the same (year, school_id) replaces an
/// earlier one (the file loader refuses that case before it gets here).
impl FromIterator<(i32, String, Designation)> for History {
    fn from_iter<I: IntoIterator<Item = (i32, String, Designation)>>(records: I) -> Self {
        let mut history = History::default();
        for (year, school_id, designation) in records {
            history
                .by_year
                .entry(year)
                .or_default()
                .insert(school_id, designation);
        }
        history
    }
}
