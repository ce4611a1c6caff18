//! Turns one year's simulated rows into the six extracts (data-contract §1–§2), written
//! through the core library's report layer (`ExtractWriter`) as CSV or Parquet. Rows become
//! typed column batches of whole schools; the columns, their order and types are the
//! contract's (`core_index::schema`), the same lists the loader reads by. Decimals are kept
//! as integer tenths or hundredths until they become the f64 that both formats carry, so a
//! CSV and a Parquet copy of a data set hold the same numbers.

use core_index::report::extract_writer::{DataFormat, ExtractWriter};
use core_index::report::publish::Staging;
use core_index::report::Table;
use core_index::schema::{self, ColumnSpec};

use super::records::{AssessmentRow, ClimateRow, CohortRow, EnrolmentRow, SchoolRecords, SelRow};
use super::schools::Directory;

/// Rows per batch (at least; batches end at a school boundary). Each is one Parquet row
/// group.
const ROWS_PER_BATCH: usize = 256 * 1024;

/// A student id as text: ten digits, like California's SSIDs (`1000012345`), so the
/// synthetic state score files (`caaspp`) carry valid identifiers.
pub(crate) fn student_id(id: u32) -> String {
    format!("{}", 1_000_000_000u64 + u64::from(id))
}

fn tenths(value: u64) -> f64 {
    // Correctly rounded, like parsing the decimal text "2456.3".
    value as f64 / 10.0
}

fn hundredths(value: u64) -> f64 {
    value as f64 / 100.0
}

/// One extract: its columns and how a batch of its rows becomes a table.
trait Extract: Sync + Sized {
    const COLUMNS: &'static [ColumnSpec];
    const NAME: &'static str;
    fn table(rows: &[&Self], dir: &Directory) -> Table;
}

fn school_ids<R>(rows: &[&R], dir: &Directory, school: impl Fn(&R) -> u32) -> Vec<Option<String>> {
    rows.iter()
        .map(|r| Some(dir.schools[school(r) as usize].id.clone()))
        .collect()
}

fn ids<R>(rows: &[&R], student: impl Fn(&R) -> u32) -> Vec<Option<String>> {
    rows.iter().map(|r| Some(student_id(student(r)))).collect()
}

fn codes<R>(rows: &[&R], code: impl Fn(&R) -> &'static str) -> Vec<Option<String>> {
    rows.iter().map(|r| Some(code(r).to_string())).collect()
}

fn ints<R>(rows: &[&R], value: impl Fn(&R) -> i64) -> Vec<Option<i64>> {
    rows.iter().map(|r| Some(value(r))).collect()
}

fn bools<R>(rows: &[&R], value: impl Fn(&R) -> bool) -> Vec<Option<bool>> {
    rows.iter().map(|r| Some(value(r))).collect()
}

/// The schools extract: one row per school of the directory.
struct SchoolRow(u32);

impl Extract for SchoolRow {
    const COLUMNS: &'static [ColumnSpec] = schema::SCHOOLS;
    const NAME: &'static str = "schools";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        let plan = |r: &SchoolRow| &dir.schools[r.0 as usize];
        Table::new(Self::NAME)
            .str("school_id", school_ids(rows, dir, |r| r.0))
            .str(
                "school_name",
                rows.iter().map(|r| Some(plan(r).name.clone())).collect(),
            )
            .str(
                "district_id",
                rows.iter()
                    .map(|r| Some(dir.district_ids[plan(r).district as usize].clone()))
                    .collect(),
            )
            .str("school_level", codes(rows, |r| plan(r).level().code()))
            .bool("title_i", bools(rows, |r| plan(r).title_i))
    }
}

impl Extract for EnrolmentRow {
    const COLUMNS: &'static [ColumnSpec] = schema::STUDENTS;
    const NAME: &'static str = "students";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        Table::new(Self::NAME)
            .str("student_id", ids(rows, |r| r.student))
            .str("school_id", school_ids(rows, dir, |r| r.school))
            .int("grade", ints(rows, |r| i64::from(r.grade)))
            .int("days_enrolled", ints(rows, |r| i64::from(r.days_enrolled)))
            .int("days_absent", ints(rows, |r| i64::from(r.days_absent)))
            .int("suspensions", ints(rows, |r| i64::from(r.suspensions)))
            .bool("expelled", bools(rows, |r| r.expelled))
            .str("race_ethnicity", codes(rows, |r| r.race.code()))
            .bool("sed", bools(rows, |r| r.sed))
            .bool("swd", bools(rows, |r| r.swd))
            .str("el_status", codes(rows, |r| r.el.code()))
            .bool("redesignated", bools(rows, |r| r.redesignated))
            .bool("foster", bools(rows, |r| r.foster))
            .bool("homeless", bools(rows, |r| r.homeless))
            .float(
                "gpa",
                rows.iter()
                    .map(|r| r.gpa_hundredths.map(|g| hundredths(u64::from(g))))
                    .collect(),
            )
            .bool("ela_df", rows.iter().map(|r| r.ela_df).collect())
            .bool("math_df", rows.iter().map(|r| r.math_df).collect())
    }
}

impl Extract for AssessmentRow {
    const COLUMNS: &'static [ColumnSpec] = schema::ASSESSMENTS;
    const NAME: &'static str = "assessments";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        Table::new(Self::NAME)
            .str("student_id", ids(rows, |r| r.student))
            .str("school_id", school_ids(rows, dir, |r| r.school))
            .int("grade", ints(rows, |r| i64::from(r.grade)))
            .str("subject", codes(rows, |r| r.subject.code()))
            .float(
                "scale_score",
                rows.iter()
                    .map(|r| Some(tenths(u64::from(r.score_tenths))))
                    .collect(),
            )
            .float(
                "sem",
                rows.iter()
                    .map(|r| Some(tenths(u64::from(r.sem_tenths))))
                    .collect(),
            )
            .int("level", ints(rows, |r| i64::from(r.level)))
    }
}

impl Extract for CohortRow {
    const COLUMNS: &'static [ColumnSpec] = schema::COHORT;
    const NAME: &'static str = "cohort";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        Table::new(Self::NAME)
            .str("student_id", ids(rows, |r| r.student))
            .str("school_id", school_ids(rows, dir, |r| r.school))
            .int("cohort_year", ints(rows, |r| i64::from(r.cohort_year)))
            .str("outcome", codes(rows, |r| r.outcome.code()))
            .int(
                "grad_year",
                rows.iter().map(|r| r.grad_year.map(i64::from)).collect(),
            )
            .str("race_ethnicity", codes(rows, |r| r.race.code()))
            .bool("sed", bools(rows, |r| r.sed))
            .bool("swd", bools(rows, |r| r.swd))
            .str("el_status", codes(rows, |r| r.el.code()))
    }
}

impl Extract for SelRow {
    const COLUMNS: &'static [ColumnSpec] = schema::SEL;
    const NAME: &'static str = "sel";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        let skill = |k: usize| -> Vec<Option<f64>> {
            rows.iter()
                .map(|r| r.skills_hundredths[k].map(|v| hundredths(u64::from(v))))
                .collect()
        };
        Table::new(Self::NAME)
            .str("student_id", ids(rows, |r| r.student))
            .str("school_id", school_ids(rows, dir, |r| r.school))
            .float(Self::COLUMNS[2].name, skill(0))
            .float(Self::COLUMNS[3].name, skill(1))
            .float(Self::COLUMNS[4].name, skill(2))
            .float(Self::COLUMNS[5].name, skill(3))
    }
}

impl Extract for ClimateRow {
    const COLUMNS: &'static [ColumnSpec] = schema::CLIMATE;
    const NAME: &'static str = "climate";

    fn table(rows: &[&Self], dir: &Directory) -> Table {
        Table::new(Self::NAME)
            .str("school_id", school_ids(rows, dir, |r| r.school))
            .str("respondent", codes(rows, |r| r.respondent.code()))
            .int("n_invited", ints(rows, |r| i64::from(r.n_invited)))
            .int("n_responded", ints(rows, |r| i64::from(r.n_responded)))
            .float(
                "pct_favorable",
                rows.iter()
                    .map(|r| Some(tenths(u64::from(r.pct_favorable_tenths))))
                    .collect(),
            )
    }
}

/// Writes `YEAR/NAME.ext` from per-school slices of rows, in batches of whole schools.
fn write_extract<R: Extract>(
    staging: &Staging,
    year: i32,
    format: DataFormat,
    chunks: &[&[R]],
    dir: &Directory,
) -> anyhow::Result<()> {
    let relative = format!("{year}/{}.{}", R::NAME, format.extension());
    let mut writer = ExtractWriter::create(staging, &relative, format, R::COLUMNS)?;
    let mut batch: Vec<&R> = Vec::with_capacity(ROWS_PER_BATCH);
    for rows in chunks {
        batch.extend(rows.iter());
        if batch.len() >= ROWS_PER_BATCH {
            writer.write(&R::table(&batch, dir))?;
            batch.clear();
        }
    }
    if !batch.is_empty() || R::NAME == "schools" {
        writer.write(&R::table(&batch, dir))?;
    }
    writer.finish()
}

/// Writes all six extracts of one year into `YEAR/` of the staging folder. Returns the
/// number of rows of the students extract.
pub(crate) fn write_year(
    staging: &Staging,
    year: i32,
    format: DataFormat,
    dir: &Directory,
    records: &[SchoolRecords],
    progress: &dyn Fn(&str),
) -> anyhow::Result<usize> {
    let schools: Vec<SchoolRow> = (0..dir.schools.len() as u32).map(SchoolRow).collect();
    progress(&format!("year {year}: schools"));
    write_extract(staging, year, format, &[schools.as_slice()], dir)?;
    progress(&format!("year {year}: students"));
    let enrolments: Vec<&[EnrolmentRow]> =
        records.iter().map(|r| r.enrolments.as_slice()).collect();
    write_extract(staging, year, format, &enrolments, dir)?;
    progress(&format!("year {year}: assessments"));
    let assessments: Vec<&[AssessmentRow]> =
        records.iter().map(|r| r.assessments.as_slice()).collect();
    write_extract(staging, year, format, &assessments, dir)?;
    progress(&format!("year {year}: cohort"));
    let cohort: Vec<&[CohortRow]> = records.iter().map(|r| r.cohort.as_slice()).collect();
    write_extract(staging, year, format, &cohort, dir)?;
    progress(&format!("year {year}: sel"));
    let sel: Vec<&[SelRow]> = records.iter().map(|r| r.sel.as_slice()).collect();
    write_extract(staging, year, format, &sel, dir)?;
    progress(&format!("year {year}: climate"));
    let climate: Vec<&[ClimateRow]> = records.iter().map(|r| r.climate.as_slice()).collect();
    write_extract(staging, year, format, &climate, dir)?;
    Ok(enrolments.iter().map(|rows| rows.len()).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_ids_are_ten_digits() {
        assert_eq!(student_id(12345), "1000012345");
        assert_eq!(student_id(0), "1000000000");
        assert_eq!(student_id(123_456_789), "1123456789");
        assert_eq!("2456.3".parse::<f64>().unwrap(), tenths(24563));
        assert_eq!("4.05".parse::<f64>().unwrap(), hundredths(405));
    }
}
