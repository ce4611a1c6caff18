//! The what-if comparison of methodology §8 (`core-index compare BASE_OUT ALT_OUT`,
//! data-contract §4) as a table: per school the two index scores, their exact difference and
//! both designations, schools whose designation changed first. Two runs of different years
//! or different schools cannot be compared (exit 2).
//!
//! After the contract's columns come the program's own (data-contract §5 allows them): each
//! school's partner suggestions (R42) and community of practice (R43) in both runs and
//! whether they changed. They are empty when either run predates the partners and
//! communities reports.

use crate::error::{describe_differences, school_differences, UsageError};
use crate::results::{Run, RunCommunity, RunSchool, RunSupport};

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

/// The separator of the partner ids in `partners_base` and `partners_alt`.
pub(crate) const PARTNER_SEPARATOR: &str = ";";

/// A school's partner suggestions (R42) in one run: its partners' ids in rank order, joined
/// by `;`; empty when it has none (no partner rows, or its one row without a candidate).
fn partner_list(support: &RunSupport, school_id: &str) -> Option<String> {
    support
        .partners
        .get(school_id)
        .filter(|ids| !ids.is_empty())
        .map(|ids| ids.join(PARTNER_SEPARATOR))
}

/// A school's community in one run (R43), compared by its focus metric and members: the
/// community numbers are places in the order built, which another school's change can
/// shift.
fn community_of<'a>(support: &'a RunSupport, school_id: &str) -> Option<(&'a str, &'a [String])> {
    support
        .communities
        .get(school_id)
        .map(|c: &RunCommunity| (c.focus_metric.as_str(), c.members.as_slice()))
}

/// The support columns of the comparison: partners_base, partners_alt, partners_changed
/// (the ordered partner lists differ), community_base, community_alt (community numbers),
/// community_changed (the school's community differs in focus metric or members, or the
/// school is in a community in one run only); every cell empty when either run has no
/// partners and communities reports.
fn support_columns(
    table: Table,
    rows: &[ComparedSchool],
    base: Option<&RunSupport>,
    alt: Option<&RunSupport>,
) -> Table {
    let both = base.zip(alt);
    let per_row = |f: &dyn Fn(&RunSupport, &RunSupport, &str) -> Option<String>| {
        rows.iter()
            .map(|r| both.and_then(|(b, a)| f(b, a, r.school_id)))
            .collect()
    };
    let flag = |f: &dyn Fn(&RunSupport, &RunSupport, &str) -> bool| {
        rows.iter()
            .map(|r| both.map(|(b, a)| f(b, a, r.school_id)))
            .collect()
    };
    let number = |pick_base: bool| {
        rows.iter()
            .map(|r| {
                let (b, a) = both?;
                let support = if pick_base { b } else { a };
                support
                    .communities
                    .get(r.school_id.as_str())
                    .map(|c| c.number)
            })
            .collect()
    };
    table
        .str("partners_base", per_row(&|b, _, id| partner_list(b, id)))
        .str("partners_alt", per_row(&|_, a, id| partner_list(a, id)))
        .bool(
            "partners_changed",
            flag(&|b, a, id| partner_list(b, id) != partner_list(a, id)),
        )
        .int("community_base", number(true))
        .int("community_alt", number(false))
        .bool(
            "community_changed",
            flag(&|b, a, id| community_of(b, id) != community_of(a, id)),
        )
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
    let table = support_columns(
        table,
        &rows,
        base_run.support.as_ref(),
        alt_run.support.as_ref(),
    );
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

    /// The data of the report column `column` (the tests know every column exists).
    fn column_data<'t>(table: &'t Table, column: &str) -> &'t ColumnData {
        &table
            .columns
            .iter()
            .find(|c| c.name == column)
            .unwrap()
            .data
    }

    fn strings(table: &Table, column: &str) -> Vec<Option<String>> {
        match column_data(table, column) {
            ColumnData::Str(v) => v.clone(),
            other => panic!("{column} is not text: {other:?}"),
        }
    }

    fn floats(table: &Table, column: &str) -> Vec<Option<f64>> {
        match column_data(table, column) {
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
                "changed",
                "partners_base",
                "partners_alt",
                "partners_changed",
                "community_base",
                "community_alt",
                "community_changed",
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
        assert_eq!(
            bools(&table, "changed"),
            [Some(true), Some(true), Some(false), Some(false)]
        );
        // Runs without partners and communities reports: the support columns are empty.
        for column in ["partners_changed", "community_changed"] {
            assert_eq!(bools(&table, column), [None; 4]);
        }
        assert_eq!(strings(&table, "partners_base"), [None, None, None, None]);
    }

    fn bools(table: &Table, column: &str) -> Vec<Option<bool>> {
        match column_data(table, column) {
            ColumnData::Bool(v) => v.clone(),
            other => panic!("{column} is not boolean: {other:?}"),
        }
    }

    fn ints(table: &Table, column: &str) -> Vec<Option<i64>> {
        match column_data(table, column) {
            ColumnData::Int(v) => v.clone(),
            other => panic!("{column} is not an integer: {other:?}"),
        }
    }

    /// Writes partners.csv and communities.csv as `compute` does (data-contract §5 columns):
    /// partner rows (school, rank, partner; rank "" for a school without candidates) and
    /// community rows (community, focus metric, school).
    fn write_support(
        dir: &Path,
        partners: &[(&str, &str, &str)],
        communities: &[(i64, &str, &str)],
    ) {
        let mut text = String::from(
            "year,school_id,designation,escalation,focus_metric,focus_group,focus_level,rank,\
             partner_id,partner_name,partner_designation,partner_level,distance\n",
        );
        for (school, rank, partner) in partners {
            let name = if partner.is_empty() { "" } else { "Partner" };
            text.push_str(&format!(
                "2016,{school},PRIORITY,none,ELA_PERF,SED,2,{rank},{partner},{name},,,\n"
            ));
        }
        std::fs::write(dir.join("partners.csv"), text).unwrap();
        let mut text = String::from(
            "year,community,focus_metric,school_id,school_name,focus_group,focus_level,size\n",
        );
        for (community, metric, school) in communities {
            text.push_str(&format!("2016,{community},{metric},{school},X,SED,2,0\n"));
        }
        std::fs::write(dir.join("communities.csv"), text).unwrap();
    }

    /// The support columns. Schools A…F, all FOCUS in both runs (no designation change).
    /// Partners: A R1;R2 → R1;R2 (same); B R1;R2 → R2;R1 (order changed); C its one row
    /// without a candidate → no row (no suggestion either way: unchanged); D none → R3.
    /// Communities: base 1 = {A, B} ELA_PERF, 2 = {C, D} SEL; alt 1 = {E} ELA_PERF,
    /// 2 = {A, B} ELA_PERF, 3 = {C} SEL, and D in none. A and B keep their community (its
    /// number moved from 1 to 2: not a change); C's lost D (changed); D left (changed);
    /// E joined one (changed); F is in none in either run.
    #[test]
    fn partner_and_community_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (base, alt) = (dir.path().join("base"), dir.path().join("alt"));
        let schools: Vec<(&str, &str, &str)> = ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|id| (*id, "50", "FOCUS"))
            .collect();
        write_run(&base, 2016, &schools);
        write_run(&alt, 2016, &schools);
        write_support(
            &base,
            &[
                ("A", "1", "R1"),
                ("A", "2", "R2"),
                ("B", "1", "R1"),
                ("B", "2", "R2"),
                ("C", "", ""),
            ],
            &[
                (1, "ELA_PERF", "A"),
                (1, "ELA_PERF", "B"),
                (2, "SEL", "C"),
                (2, "SEL", "D"),
            ],
        );
        write_support(
            &alt,
            &[
                ("A", "1", "R1"),
                ("A", "2", "R2"),
                ("B", "1", "R2"),
                ("B", "2", "R1"),
                ("D", "1", "R3"),
            ],
            &[
                (1, "ELA_PERF", "E"),
                (2, "ELA_PERF", "A"),
                (2, "ELA_PERF", "B"),
                (3, "SEL", "C"),
            ],
        );
        let table = compare(&base, &alt).unwrap();
        let text = |v: &[&str]| -> Vec<Option<String>> {
            v.iter()
                .map(|s| (!s.is_empty()).then(|| s.to_string()))
                .collect()
        };
        assert_eq!(
            strings(&table, "partners_base"),
            text(&["R1;R2", "R1;R2", "", "", "", ""])
        );
        assert_eq!(
            strings(&table, "partners_alt"),
            text(&["R1;R2", "R2;R1", "", "R3", "", ""])
        );
        let yes_no = |v: [bool; 6]| v.map(Some).to_vec();
        assert_eq!(
            bools(&table, "partners_changed"),
            yes_no([false, true, false, true, false, false])
        );
        assert_eq!(
            ints(&table, "community_base"),
            [Some(1), Some(1), Some(2), Some(2), None, None]
        );
        assert_eq!(
            ints(&table, "community_alt"),
            [Some(2), Some(2), Some(3), None, Some(1), None]
        );
        assert_eq!(
            bools(&table, "community_changed"),
            yes_no([false, false, true, true, true, false])
        );

        // One run without the reports (written before them): the columns are empty.
        std::fs::remove_file(alt.join("partners.csv")).unwrap();
        std::fs::remove_file(alt.join("communities.csv")).unwrap();
        let table = compare(&base, &alt).unwrap();
        assert_eq!(bools(&table, "partners_changed"), [None; 6]);
        assert_eq!(ints(&table, "community_base"), [None; 6]);

        // One of the two only: the folder is incomplete (exit 2, naming the missing file).
        write_support(&alt, &[], &[]);
        std::fs::remove_file(alt.join("communities.csv")).unwrap();
        let message = usage_message(compare(&base, &alt));
        assert!(
            message.contains(&alt.join("communities.csv").display().to_string()),
            "{message}"
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
