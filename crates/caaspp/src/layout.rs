//! The ten layouts of the CAASPP Student Score Data File (2015-16 … 2024-25) and where each
//! layout keeps the fields `core-index` reads or writes.
//!
//! The header names come from `data/caaspp-headers.csv`, a copy of the project's reference
//! `shared/reference/caaspp-headers.csv` (layout_year, position, header, evidence), embedded at
//! compile time so that users never need the reference folder. It is parsed once.
//!
//! Field names differ between layouts ("Statewide Student_Identifier(SSID)" in 2015-16,
//! "Grade Assessed Current Year minus 1" in 2018-19, `GradeAssessedMinus1` from 2020-21), so a
//! field is found by a list of spellings compared after folding case and dropping everything
//! but letters and digits. Every spelling must match exactly one column of a layout; the unit
//! tests pin the resulting positions to the table in `caaspp-codes.md` §1.2.

use std::sync::OnceLock;

/// The embedded header table (layout_year, position, header, evidence).
const HEADERS_CSV: &str = include_str!("../data/caaspp-headers.csv");

/// A field of the score file that this crate reads or writes.
///
/// The reader needs the first thirteen; the others are only filled in by the writer so that
/// synthetic files look like real ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `RecordType`: 01 SB ELA, 02 SB math, 03–09 other tests.
    RecordType,
    /// `SSID`: the 10-digit statewide student identifier.
    Ssid,
    /// `CALPADSSchoolCode`: the 14-digit CDS code of the enrolled school.
    CalpadsSchoolCode,
    /// `FinalTestedSchoolCode` (2020-21 on): the 14-digit CDS code of the school that tested.
    FinalTestedSchoolCode,
    /// `GradeAssessed`.
    GradeAssessed,
    /// `IncludeIndicator`: Y, N, E, T or R.
    IncludeIndicator,
    /// `ScaleScore`.
    ScaleScore,
    /// The standard error of measurement of the current scale score.
    Sem,
    /// `AchievementLevels`: 1–4, 9 = no score.
    AchievementLevel,
    /// `GradeAssessedMinus1` (absent in 2015-16).
    GradeAssessedMinus1,
    /// `ScaleScoreMinus1`.
    ScaleScoreMinus1,
    /// `SEMMinus1`.
    SemMinus1,
    /// `AchievementLevelMinus1` (2020-21 on).
    AchievementLevelMinus1,
    /// `CALPADSGrade` (writer only).
    CalpadsGrade,
    /// `ConditionCode` (writer only).
    ConditionCode,
    /// `Attemptedness` (writer only).
    Attemptedness,
    /// `ScoreStatus` (writer only).
    ScoreStatus,
    /// `EndofRecord`, `ZZ` in every record (2020-21 on; writer only).
    EndOfRecord,
}

impl Field {
    /// Every field, in declaration order.
    pub const ALL: [Field; 18] = [
        Field::RecordType,
        Field::Ssid,
        Field::CalpadsSchoolCode,
        Field::FinalTestedSchoolCode,
        Field::GradeAssessed,
        Field::IncludeIndicator,
        Field::ScaleScore,
        Field::Sem,
        Field::AchievementLevel,
        Field::GradeAssessedMinus1,
        Field::ScaleScoreMinus1,
        Field::SemMinus1,
        Field::AchievementLevelMinus1,
        Field::CalpadsGrade,
        Field::ConditionCode,
        Field::Attemptedness,
        Field::ScoreStatus,
        Field::EndOfRecord,
    ];

    /// The spellings of this field across the ten layouts, folded (lower case, letters and
    /// digits only). Derived from the header table; exact matches only, so that e.g.
    /// `AlternateSSID` never passes for `SSID`.
    fn folded_spellings(self) -> &'static [&'static str] {
        match self {
            Field::RecordType => &["recordtype"],
            // 2015-16 "Statewide Student_Identifier(SSID)", 2016-18 with underscores,
            // 2018-20 "Statewide Student Identifier (SSID)", 2020+ "SSID".
            Field::Ssid => &["statewidestudentidentifierssid", "ssid"],
            Field::CalpadsSchoolCode => &["calpadsschoolcode"],
            Field::FinalTestedSchoolCode => &["finaltestedschoolcode"],
            Field::GradeAssessed => &["gradeassessed"],
            Field::IncludeIndicator => &["includeindicator"],
            Field::ScaleScore => &["scalescore"],
            // "SmarterStandardErrorMeasurement-SEM" (2015-18), "Smarter Standard Error
            // Measurement  –  SEM" (2018-19), "Standard Error Measurement - SEM" (2019-20),
            // "StandardErrorMeasurement" (2020+).
            Field::Sem => &[
                "smarterstandarderrormeasurementsem",
                "standarderrormeasurementsem",
                "standarderrormeasurement",
            ],
            Field::AchievementLevel => &["achievementlevels"],
            Field::GradeAssessedMinus1 => {
                &["gradeassessedcurrentyearminus1", "gradeassessedminus1"]
            }
            Field::ScaleScoreMinus1 => &[
                "scalescorescurrentyearminus1",
                "scalescorecurrentyearminus1",
                "scalescoreminus1",
            ],
            Field::SemMinus1 => &[
                "smarterstandarderrormeasurementsemcurrentyearminus1",
                "standarderrormeasurementsemcurrentyearminus1",
                "semminus1",
            ],
            Field::AchievementLevelMinus1 => &["achievementlevelminus1"],
            Field::CalpadsGrade => &["calpadsgrade"],
            Field::ConditionCode => &["conditioncode"],
            Field::Attemptedness => &["attemptedness"],
            Field::ScoreStatus => &["scorestatus"],
            Field::EndOfRecord => &["endofrecord"],
        }
    }

    /// Whether every layout must have this field (the table is checked when it is parsed).
    fn in_every_layout(self) -> bool {
        !matches!(
            self,
            Field::FinalTestedSchoolCode
                | Field::GradeAssessedMinus1
                | Field::AchievementLevelMinus1
                | Field::EndOfRecord
        )
    }
}

/// One layout of the score file: its school year and its header names in order.
#[derive(Debug)]
pub struct Layout {
    label: String,
    spring_year: u16,
    headers: Vec<String>,
    /// 0-based column of each [`Field`], indexed by `Field as usize`.
    field_columns: [Option<usize>; Field::ALL.len()],
    /// The names that take part in recognition (`Blank…` left aside), lower-cased.
    pub(crate) significant_folded: Vec<String>,
    /// For each layout column, its rank among the significant (non-`Blank…`) columns.
    pub(crate) significant_rank: Vec<Option<usize>>,
}

impl Layout {
    /// The school year as the state writes it, e.g. `"2024-25"`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The spring year of the school year (`2025` for 2024-25), the name of the contract's
    /// year folder (data-contract §1).
    pub fn spring_year(&self) -> u16 {
        self.spring_year
    }

    /// Every header name of the layout, in order (including the `Blank…` columns).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The 0-based column of `field` in this layout, or `None` where the layout lacks it.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.field_columns[field as usize]
    }
}

/// Whether a header name is one of the unused `Blank…` columns (any case), which
/// data-contract §6 leaves aside when recognising a layout.
pub(crate) fn is_blank_name(name: &str) -> bool {
    name.len() >= 5 && name.as_bytes()[..5].eq_ignore_ascii_case(b"blank")
}

/// Lower case, letters and digits only: how field spellings are compared.
fn fold_for_field_lookup(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The ten layouts, oldest first (2015-16 … 2024-25).
pub fn layouts() -> &'static [Layout] {
    static LAYOUTS: OnceLock<Vec<Layout>> = OnceLock::new();
    LAYOUTS.get_or_init(|| parse_header_table(HEADERS_CSV))
}

/// The layout with this label (`"2021-22"`), if any.
pub fn layout_by_label(label: &str) -> Option<&'static Layout> {
    layouts().iter().find(|l| l.label == label)
}

/// Builds the layouts from the header table. The table ships inside the crate and is
/// checked by the tests, so an inconsistency is a programming error and panics.
fn parse_header_table(text: &str) -> Vec<Layout> {
    let mut by_label: Vec<(String, Vec<String>)> = Vec::new();
    for (line_no, line) in text.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        // No header name contains a comma or a quote, so a plain split is exact.
        let mut parts = line.splitn(4, ',');
        let (Some(label), Some(position), Some(header), Some(_evidence)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!("caaspp-headers.csv line {}: expected 4 fields", line_no + 1);
        };
        let position: usize = position.parse().expect("position is a number");
        if by_label.last().map(|(l, _)| l.as_str()) != Some(label) {
            by_label.push((label.to_string(), Vec::new()));
        }
        let headers = &mut by_label.last_mut().expect("just pushed").1;
        assert_eq!(
            position,
            headers.len() + 1,
            "positions of {label} are consecutive"
        );
        headers.push(header.to_string());
    }
    by_label
        .into_iter()
        .map(|(label, headers)| build_layout(label, headers))
        .collect()
}

fn build_layout(label: String, headers: Vec<String>) -> Layout {
    let spring_year = label
        .get(..4)
        .and_then(|y| y.parse::<u16>().ok())
        .map(|fall| fall + 1)
        .unwrap_or_else(|| panic!("layout label {label:?} starts with a year"));

    let folded: Vec<String> = headers.iter().map(|h| fold_for_field_lookup(h)).collect();
    let mut field_columns = [None; Field::ALL.len()];
    for field in Field::ALL {
        let matches: Vec<usize> = (0..headers.len())
            .filter(|&i| field.folded_spellings().contains(&folded[i].as_str()))
            .collect();
        match matches.as_slice() {
            [] if !field.in_every_layout() => {}
            [column] => field_columns[field as usize] = Some(*column),
            other => panic!("layout {label}: field {field:?} matches columns {other:?}"),
        }
    }

    let mut significant_folded = Vec::new();
    let mut significant_rank = Vec::with_capacity(headers.len());
    for name in &headers {
        if is_blank_name(name) {
            significant_rank.push(None);
        } else {
            significant_rank.push(Some(significant_folded.len()));
            significant_folded.push(name.trim().to_lowercase());
        }
    }

    Layout {
        label,
        spring_year,
        headers,
        field_columns,
        significant_folded,
        significant_rank,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference (caaspp-codes.md §1.2) gives these column counts for the ten layouts;
    /// a different count means the embedded table was damaged or replaced.
    #[test]
    fn column_counts_per_layout() {
        let counts: Vec<usize> = layouts().iter().map(|l| l.headers().len()).collect();
        assert_eq!(
            counts,
            [165, 227, 249, 292, 335, 351, 365, 363, 375, 401],
            "column counts of 2015-16 … 2024-25"
        );
        let labels: Vec<&str> = layouts().iter().map(|l| l.label()).collect();
        assert_eq!(
            labels,
            [
                "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22",
                "2022-23", "2023-24", "2024-25"
            ]
        );
    }

    /// "2023-24 is year 2024" (data-contract §6).
    #[test]
    fn spring_years() {
        let years: Vec<u16> = layouts().iter().map(|l| l.spring_year()).collect();
        assert_eq!(years, (2016..=2025).collect::<Vec<u16>>());
        assert_eq!(layout_by_label("2023-24").unwrap().spring_year(), 2024);
    }

    /// The 1-based positions of the needed fields, copied from the table in
    /// caaspp-codes.md §1.2 (0 = the layout has no such field). The lookup by spelling must
    /// land on exactly these columns in every layout.
    #[test]
    fn field_positions_match_reference_table() {
        #[rustfmt::skip]
        let table: [(Field, [usize; 10]); 13] = [
            (Field::RecordType,             [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
            (Field::Ssid,                   [3, 3, 2, 2, 2, 2, 2, 2, 2, 2]),
            (Field::GradeAssessed,          [40, 41, 9, 9, 9, 11, 11, 11, 11, 11]),
            (Field::CalpadsSchoolCode,      [13, 11, 11, 11, 11, 14, 14, 14, 14, 14]),
            (Field::FinalTestedSchoolCode,  [0, 0, 0, 0, 0, 99, 99, 99, 99, 99]),
            (Field::IncludeIndicator,       [66, 73, 90, 94, 105, 121, 125, 126, 126, 126]),
            (Field::ScaleScore,             [73, 84, 101, 105, 119, 142, 146, 148, 152, 152]),
            (Field::Sem,                    [74, 85, 102, 106, 120, 143, 147, 149, 153, 153]),
            (Field::AchievementLevel,       [78, 89, 106, 109, 123, 146, 150, 152, 156, 156]),
            (Field::GradeAssessedMinus1,    [0, 186, 207, 249, 287, 298, 309, 307, 317, 318]),
            (Field::SemMinus1,              [157, 188, 209, 251, 289, 300, 311, 309, 319, 320]),
            (Field::ScaleScoreMinus1,       [158, 189, 210, 252, 290, 301, 312, 310, 320, 321]),
            (Field::AchievementLevelMinus1, [0, 0, 0, 0, 0, 302, 313, 311, 321, 322]),
        ];
        for (field, positions) in table {
            for (layout, expected) in layouts().iter().zip(positions) {
                let got = layout.column(field).map_or(0, |c| c + 1);
                assert_eq!(got, expected, "{field:?} in {}", layout.label());
            }
        }
        // The writer-only fields, from the same table.
        #[rustfmt::skip]
        let writer_table: [(Field, [usize; 10]); 4] = [
            (Field::CalpadsGrade,  [11, 9, 8, 8, 8, 10, 10, 10, 10, 10]),
            (Field::ConditionCode, [62, 68, 85, 89, 100, 116, 120, 121, 121, 121]),
            (Field::Attemptedness, [63, 69, 86, 90, 101, 117, 121, 122, 122, 122]),
            (Field::ScoreStatus,   [64, 70, 87, 91, 102, 118, 122, 123, 123, 123]),
        ];
        for (field, positions) in writer_table {
            for (layout, expected) in layouts().iter().zip(positions) {
                assert_eq!(layout.column(field).map(|c| c + 1), Some(expected));
            }
        }
    }

    /// Recognition needs the layouts to differ once `Blank…` columns are left aside,
    /// otherwise a header could belong to two layouts.
    #[test]
    fn layouts_are_distinct_without_blank_columns() {
        let all = layouts();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(
                    a.significant_folded, b.significant_folded,
                    "{} vs {}",
                    a.label, b.label
                );
            }
        }
    }

    /// data-contract §6: any name starting with "Blank", in any case, is left aside.
    #[test]
    fn blank_names_any_case() {
        assert!(is_blank_name("Blank1"));
        assert!(is_blank_name("BLANK17"));
        assert!(is_blank_name("blank"));
        assert!(!is_blank_name("Blan"));
        assert!(!is_blank_name("SSID"));
    }
}
