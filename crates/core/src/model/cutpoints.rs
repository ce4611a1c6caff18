//! Cut points (methodology §4, R15): nine ascending values per metric and school level, as
//! loaded from a cut-point file or made by calibration (R17). Shared by the loader, the
//! banding and change stages, and the reports, so it lives with the vocabulary.

use std::collections::BTreeMap;

use super::{Metric, SchoolLevel};

/// The level a cut-point row applies to: one school level, or `*` for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LevelKey {
    Level(SchoolLevel),
    Any,
}

impl LevelKey {
    pub fn code(self) -> &'static str {
        match self {
            LevelKey::Level(l) => l.code(),
            LevelKey::Any => "*",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        if text == "*" {
            Some(LevelKey::Any)
        } else {
            SchoolLevel::parse(text).map(LevelKey::Level)
        }
    }
}

/// Nine ascending cut points per (metric, level).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CutPoints {
    pub rows: BTreeMap<(Metric, LevelKey), [f64; 9]>,
}

impl CutPoints {
    /// R15: the row of the school's level when there is one, else the `*` row.
    pub fn for_school(&self, metric: Metric, level: SchoolLevel) -> Option<&[f64; 9]> {
        self.rows
            .get(&(metric, LevelKey::Level(level)))
            .or_else(|| self.rows.get(&(metric, LevelKey::Any)))
    }
}
