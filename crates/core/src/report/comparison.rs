//! The what-if comparison of methodology §8 (`core-index compare BASE_OUT ALT_OUT`,
//! data-contract §4) as a table: per school the two index scores, their exact difference and
//! both designations, schools whose designation changed first. Two runs of different years
//! or different schools cannot be compared (exit 2).

use crate::error::{describe_differences, school_differences, UsageError};
use crate::results::{Run, RunSchool};

use super::table::Table;
use std::path::Path;

/// One school as both runs see it.
struct ComparedSchool<'a> {
    school_id: &'a String,
    base: &'a RunSchool,
    alt: &'a RunSchool,
}

impl ComparedSchool<'_> {
    fn changed(&self) -> bool {
        self.base.designation != self.alt.designation
    }
}

/// alt − base (data-contract §4). Index scores of runs with `round_components` are whole
/// hundredths, subtracted as integers so the delta is exact (0.2, not 0.19999…); scores of
/// unrounded runs are subtracted as they are, so no precision is invented or lost.
fn delta(base: Option<f64>, alt: Option<f64>) -> Option<f64> {
    let (base, alt) = (base?, alt?);
    let hundredths = |x: f64| {
        let h = (x * 100.0).round();
        (h / 100.0 == x).then_some(h as i64)
    };
    Some(match (hundredths(base), hundredths(alt)) {
        (Some(b), Some(a)) => (a - b) as f64 / 100.0,
        _ => alt - base,
    })
}

/// Compares two runs read from their output folders `base` and `alt` (named in messages).
/// Refuses, with a [`UsageError`], runs of different years or different school sets.
pub fn comparison(
    base: &Path,
    base_run: &Run,
    alt: &Path,
    alt_run: &Run,
) -> Result<Table, UsageError> {
    if let (Some(base_year), Some(alt_year)) = (base_run.year, alt_run.year) {
        if base_year != alt_year {
            return Err(UsageError::new(format!(
                "cannot compare runs of different years: {} is {base_year}, {} is {alt_year}",
                base.display(),
                alt.display()
            )));
        }
    }
    let (only_base, only_alt) = school_differences(&base_run.schools, &alt_run.schools);
    if !only_base.is_empty() || !only_alt.is_empty() {
        return Err(UsageError::new(format!(
            "cannot compare runs with different schools ({} differ between {} and {}): {}",
            only_base.len() + only_alt.len(),
            base.display(),
            alt.display(),
            describe_differences(&only_base, "base", &only_alt, "alt")
        )));
    }

    // BTreeMap iteration is by school_id; the stable sort then brings changed schools first.
    let mut rows: Vec<ComparedSchool> = base_run
        .schools
        .iter()
        .map(|(id, base)| ComparedSchool {
            school_id: id,
            base,
            alt: &alt_run.schools[id],
        })
        .collect();
    rows.sort_by_key(|row| !row.changed());

    let table = Table::new("comparison")
        .str(
            "school_id",
            rows.iter().map(|r| Some(r.school_id.clone())).collect(),
        )
        .float(
            "index_base",
            rows.iter().map(|r| r.base.index_score).collect(),
        )
        .float(
            "index_alt",
            rows.iter().map(|r| r.alt.index_score).collect(),
        )
        .float(
            "delta",
            rows.iter()
                .map(|r| delta(r.base.index_score, r.alt.index_score))
                .collect(),
        )
        .str(
            "designation_base",
            rows.iter()
                .map(|r| Some(r.base.designation.code().to_string()))
                .collect(),
        )
        .str(
            "designation_alt",
            rows.iter()
                .map(|r| Some(r.alt.designation.code().to_string()))
                .collect(),
        )
        .bool("changed", rows.iter().map(|r| Some(r.changed())).collect());
    table.check_shape();
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// data-contract §4: whole hundredths subtract exactly; unrounded scores (runs with
    /// round_components = false) keep their precision.
    #[test]
    fn delta_is_exact_in_hundredths_and_keeps_unrounded_precision() {
        assert_eq!(delta(Some(58.73), Some(58.93)), Some(0.2));
        assert_eq!(delta(Some(58.73), Some(58.675)), Some(58.675 - 58.73));
        assert_eq!(
            delta(Some(35.67), Some(35.666666666666664)),
            Some(35.666666666666664 - 35.67)
        );
        assert_eq!(delta(None, Some(1.0)), None);
    }
    use crate::error::{kind, ErrorKind};
    use crate::load::output::read_run;
    use crate::report::table::ColumnData;

    /// Writes index.csv and designations.csv as `compute` does (data-contract §5 columns):
    /// one row per (school_id, index_score text, designation code).
    fn write_run(dir: &Path, year: i32, schools: &[(&str, &str, &str)]) {
        std::fs::create_dir_all(dir).unwrap();
        let mut index = String::from(
            "year,school_id,school_name,district_id,school_level,title_i,academic_points,academic_max,\
             secc_points,secc_max,index_score,all_students_score,subgroup_score,metrics_reported\n",
        );
        let mut designations = String::from(
            "year,school_id,title_i,designation,basis,rank_value,years_in_status,escalation\n",
        );
        for (id, score, designation) in schools {
            index.push_str(&format!(
                "{year},{id},School {id},D1,E,true,30,60,20,40,{score},50,40,9\n"
            ));
            designations.push_str(&format!("{year},{id},true,{designation},,,0,none\n"));
        }
        std::fs::write(dir.join("index.csv"), index).unwrap();
        std::fs::write(dir.join("designations.csv"), designations).unwrap();
    }

    fn strings(table: &Table, column: &str) -> Vec<Option<String>> {
        match &table
            .columns
            .iter()
            .find(|c| c.name == column)
            .unwrap()
            .data
        {
            ColumnData::Str(v) => v.clone(),
            other => panic!("{column} is not text: {other:?}"),
        }
    }

    fn floats(table: &Table, column: &str) -> Vec<Option<f64>> {
        match &table
            .columns
            .iter()
            .find(|c| c.name == column)
            .unwrap()
            .data
        {
            ColumnData::Float(v) => v.clone(),
            other => panic!("{column} is not float: {other:?}"),
        }
    }

    /// Reads both folders and compares them, as `core-index compare` does.
    fn compare(base: &Path, alt: &Path) -> anyhow::Result<Table> {
        let (base_run, alt_run) = (read_run(base)?, read_run(alt)?);
        Ok(comparison(base, &base_run, alt, &alt_run)?)
    }

    fn usage_message(result: anyhow::Result<Table>) -> String {
        let err = result.expect_err("compare must refuse");
        assert_eq!(kind(&err), ErrorKind::Usage, "{err}");
        err.to_string()
    }

    /// §8 / data-contract §4: changed schools first, then by school_id; delta exact in
    /// hundredths (50.3 − 50.1 is 0.2, not 0.19999999999999574) and empty when a score is.
    #[test]
    fn rows_changed_first_then_by_school_id() {
        let dir = tempfile::tempdir().unwrap();
        let (base, alt) = (dir.path().join("base"), dir.path().join("alt"));
        write_run(
            &base,
            2016,
            &[
                ("A", "50.1", "NONE"),
                ("B", "60", "FOCUS"),
                ("C", "", "NOT_ELIGIBLE"),
                ("D", "70.33", "NONE"),
            ],
        );
        write_run(
            &alt,
            2016,
            &[
                ("A", "50.3", "NONE"),
                ("B", "60", "NONE"),
                ("C", "40", "NONE"),
                ("D", "70.1", "NONE"),
            ],
        );
        let table = compare(&base, &alt).unwrap();
        assert_eq!(table.name, "comparison");
        let names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "school_id",
                "index_base",
                "index_alt",
                "delta",
                "designation_base",
                "designation_alt",
                "changed"
            ]
        );
        let ids: Vec<Option<String>> = ["B", "C", "A", "D"]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        assert_eq!(strings(&table, "school_id"), ids);
        assert_eq!(
            floats(&table, "index_base"),
            [Some(60.0), None, Some(50.1), Some(70.33)]
        );
        assert_eq!(
            floats(&table, "index_alt"),
            [Some(60.0), Some(40.0), Some(50.3), Some(70.1)]
        );
        // B: 6000 − 6000 = 0; C: no base score; A: 5030 − 5010 = 20; D: 7010 − 7033 = −23.
        assert_eq!(
            floats(&table, "delta"),
            [Some(0.0), None, Some(0.2), Some(-0.23)]
        );
        assert_eq!(
            strings(&table, "designation_base")[0].as_deref(),
            Some("FOCUS")
        );
        assert_eq!(
            strings(&table, "designation_alt")[0].as_deref(),
            Some("NONE")
        );
        let changed = &table.columns.last().unwrap().data;
        assert_eq!(
            changed,
            &ColumnData::Bool(vec![Some(true), Some(true), Some(false), Some(false)])
        );
    }

    #[test]
    fn refuses_runs_of_different_years() {
        let dir = tempfile::tempdir().unwrap();
        let (base, alt) = (dir.path().join("base"), dir.path().join("alt"));
        write_run(&base, 2016, &[("A", "50", "NONE")]);
        write_run(&alt, 2017, &[("A", "50", "NONE")]);
        let message = usage_message(compare(&base, &alt));
        assert!(
            message.contains("different years")
                && message.contains("2016")
                && message.contains("2017"),
            "{message}"
        );
    }

    /// 24 schools only in base and 3 only in alt: 20 are listed (by school_id), then "7 more".
    #[test]
    fn refuses_different_school_sets_listing_at_most_20() {
        let dir = tempfile::tempdir().unwrap();
        let (base, alt) = (dir.path().join("base"), dir.path().join("alt"));
        let base_ids: Vec<String> = (0..25).map(|i| format!("S{i:02}")).collect();
        let base_schools: Vec<(&str, &str, &str)> = base_ids
            .iter()
            .map(|id| (id.as_str(), "50", "NONE"))
            .collect();
        write_run(&base, 2016, &base_schools);
        write_run(
            &alt,
            2016,
            &[
                ("S00", "50", "NONE"),
                ("T0", "50", "NONE"),
                ("T1", "50", "NONE"),
                ("T2", "50", "NONE"),
            ],
        );
        let message = usage_message(compare(&base, &alt));
        assert!(message.contains("27 differ"), "{message}");
        assert!(
            message.contains("S01 (only in base), S02 (only in base)"),
            "{message}"
        );
        assert!(
            message.contains("S20 (only in base) … and 7 more"),
            "{message}"
        );
        assert!(
            !message.contains("S21") && !message.contains("T0"),
            "{message}"
        );

        // A small difference is listed whole.
        write_run(&alt, 2016, &base_schools[1..]);
        write_run(&base, 2016, &base_schools[..24]);
        let message = usage_message(compare(&base, &alt));
        assert!(
            message.ends_with("S00 (only in base), S24 (only in alt)"),
            "{message}"
        );
    }

    #[test]
    fn refuses_missing_or_malformed_reports_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let (base, alt) = (dir.path().join("base"), dir.path().join("alt"));
        write_run(&base, 2016, &[("A", "50", "NONE")]);

        let message = usage_message(compare(&base, &alt));
        assert!(message.contains(&alt.display().to_string()), "{message}");

        write_run(&alt, 2016, &[("A", "50", "NONE")]);
        std::fs::remove_file(alt.join("designations.csv")).unwrap();
        let message = usage_message(compare(&base, &alt));
        assert!(
            message.contains(&alt.join("designations.csv").display().to_string()),
            "{message}"
        );

        write_run(&alt, 2016, &[("A", "fifty", "NONE")]);
        let message = usage_message(compare(&base, &alt));
        assert!(
            message.contains("index.csv, row 1, column index_score"),
            "{message}"
        );

        std::fs::write(alt.join("index.csv"), "year,school_id\n2016,A\n").unwrap();
        let message = usage_message(compare(&base, &alt));
        assert!(message.contains("no column index_score"), "{message}");
    }
}
