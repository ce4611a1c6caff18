//! Writes one year's rows as the six extract files, CSV or Parquet (data-contract §1–§2).
//!
//! CSV rows are formatted by hand into byte buffers, one buffer per school formatted in
//! parallel and written in school order: much faster than a generic CSV writer and still
//! deterministic. Parquet files get typed columns (Int64, Float64, Boolean, String) and are
//! written in row groups of whole schools, so memory stays bounded at state scale. Both
//! formats carry exactly the same values: decimals are kept as integer tenths or hundredths
//! until the moment they are written.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use polars::prelude::{
    BooleanChunked, Column, DataFrame, Float64Chunked, Int64Chunked, IntoColumn, NewChunkedArray,
    ParquetWriter, PolarsResult, StringChunked,
};
use rayon::prelude::*;

use super::records::{
    AssessmentRow, ClimateRow, CohortRow, EnrolmentRow, SchoolRecords, SchoolRow, SelRow,
};
use super::schools::Directory;
use super::SynthFormat;

/// Schools formatted in parallel per batch when writing CSV.
const CSV_SCHOOLS_PER_BATCH: usize = 64;
/// Rows per Parquet row group (at least; groups end at a school boundary).
const PARQUET_ROWS_PER_GROUP: usize = 256 * 1024;

/// A student id as text, "S" and at least eight digits, without allocating.
#[derive(Clone, Copy)]
pub struct StudentIdText {
    bytes: [u8; 12],
    len: u8,
}

impl StudentIdText {
    pub fn new(id: u32) -> StudentIdText {
        let mut digits = [b'0'; 10];
        let mut n = id;
        let mut count = 0;
        while n > 0 {
            digits[9 - count] = b'0' + (n % 10) as u8;
            n /= 10;
            count += 1;
        }
        let width = count.max(8);
        let mut bytes = [0u8; 12];
        bytes[0] = b'S';
        bytes[1..=width].copy_from_slice(&digits[10 - width..]);
        StudentIdText {
            bytes,
            len: width as u8 + 1,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

impl AsRef<str> for StudentIdText {
    fn as_ref(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("ASCII digits")
    }
}

fn push_uint(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    let mut n = value;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn push_int(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    push_uint(out, value.unsigned_abs());
}

/// `value / 10` with exactly one decimal.
fn push_tenths(out: &mut Vec<u8>, value: u64) {
    push_uint(out, value / 10);
    out.push(b'.');
    out.push(b'0' + (value % 10) as u8);
}

/// `value / 100` with exactly two decimals.
fn push_hundredths(out: &mut Vec<u8>, value: u64) {
    push_uint(out, value / 100);
    out.push(b'.');
    out.push(b'0' + (value / 10 % 10) as u8);
    out.push(b'0' + (value % 10) as u8);
}

/// Booleans are written Y/N, the spelling district extracts usually use.
fn push_bool(out: &mut Vec<u8>, value: bool) {
    out.push(if value { b'Y' } else { b'N' });
}

/// A text field, quoted (RFC 4180) only when it has to be.
fn push_text(out: &mut Vec<u8>, text: &str) {
    if text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

fn comma(out: &mut Vec<u8>) {
    out.push(b',');
}

fn tenths(value: u64) -> f64 {
    // Correctly rounded, like parsing the decimal text written for CSV.
    value as f64 / 10.0
}

fn hundredths(value: u64) -> f64 {
    value as f64 / 100.0
}

fn text_column<S: AsRef<str>>(name: &str, values: impl Iterator<Item = S>) -> Column {
    StringChunked::from_iter_values(name.into(), values).into_column()
}

fn int_column(name: &str, values: impl Iterator<Item = i64>) -> Column {
    Int64Chunked::from_iter_values(name.into(), values).into_column()
}

fn optional_int_column(name: &str, values: impl Iterator<Item = Option<i64>>) -> Column {
    Int64Chunked::from_iter_options(name.into(), values).into_column()
}

fn float_column(name: &str, values: impl Iterator<Item = f64>) -> Column {
    Float64Chunked::from_iter_values(name.into(), values).into_column()
}

fn optional_float_column(name: &str, values: impl Iterator<Item = Option<f64>>) -> Column {
    Float64Chunked::from_iter_options(name.into(), values).into_column()
}

fn bool_column(name: &str, values: impl Iterator<Item = bool>) -> Column {
    BooleanChunked::from_iter_values(name.into(), values).into_column()
}

fn optional_bool_column(name: &str, values: impl Iterator<Item = Option<bool>>) -> Column {
    BooleanChunked::from_iter_options(name.into(), values).into_column()
}

/// One extract: its file name, its columns, and how a row is written in each format.
trait Extract: Sync + Sized {
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>);
    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame>;
}

fn school_id(dir: &Directory, school: u32) -> &str {
    &dir.schools[school as usize].id
}

impl Extract for SchoolRow {
    const NAME: &'static str = "schools";
    const COLUMNS: &'static [&'static str] = &[
        "school_id",
        "school_name",
        "district_id",
        "school_level",
        "title_i",
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        let plan = &dir.schools[self.school as usize];
        push_text(out, &plan.id);
        comma(out);
        push_text(out, &plan.name);
        comma(out);
        push_text(out, &dir.district_ids[plan.district as usize]);
        comma(out);
        out.extend_from_slice(plan.level().code().as_bytes());
        comma(out);
        push_bool(out, plan.title_i);
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        let plan = |r: &&SchoolRow| &dir.schools[r.school as usize];
        DataFrame::new(
            rows.len(),
            vec![
                text_column("school_id", rows.iter().map(|r| plan(r).id.as_str())),
                text_column("school_name", rows.iter().map(|r| plan(r).name.as_str())),
                text_column(
                    "district_id",
                    rows.iter()
                        .map(|r| dir.district_ids[plan(r).district as usize].as_str()),
                ),
                text_column("school_level", rows.iter().map(|r| plan(r).level().code())),
                bool_column("title_i", rows.iter().map(|r| plan(r).title_i)),
            ],
        )
    }
}

impl Extract for EnrolmentRow {
    const NAME: &'static str = "students";
    const COLUMNS: &'static [&'static str] = &[
        "student_id",
        "school_id",
        "grade",
        "days_enrolled",
        "days_absent",
        "suspensions",
        "expelled",
        "race_ethnicity",
        "sed",
        "swd",
        "el_status",
        "redesignated",
        "foster",
        "homeless",
        "gpa",
        "ela_df",
        "math_df",
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        out.extend_from_slice(StudentIdText::new(self.student).as_bytes());
        comma(out);
        out.extend_from_slice(school_id(dir, self.school).as_bytes());
        comma(out);
        push_int(out, self.grade as i64);
        comma(out);
        push_uint(out, self.days_enrolled as u64);
        comma(out);
        push_uint(out, self.days_absent as u64);
        comma(out);
        push_uint(out, self.suspensions as u64);
        comma(out);
        push_bool(out, self.expelled);
        comma(out);
        out.extend_from_slice(self.race.code().as_bytes());
        comma(out);
        push_bool(out, self.sed);
        comma(out);
        push_bool(out, self.swd);
        comma(out);
        out.extend_from_slice(self.el.code().as_bytes());
        comma(out);
        push_bool(out, self.redesignated);
        comma(out);
        push_bool(out, self.foster);
        comma(out);
        push_bool(out, self.homeless);
        comma(out);
        if let Some(gpa) = self.gpa_hundredths {
            push_hundredths(out, gpa as u64);
        }
        comma(out);
        if let Some(df) = self.ela_df {
            push_bool(out, df);
        }
        comma(out);
        if let Some(df) = self.math_df {
            push_bool(out, df);
        }
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        DataFrame::new(
            rows.len(),
            vec![
                text_column(
                    "student_id",
                    rows.iter().map(|r| StudentIdText::new(r.student)),
                ),
                text_column("school_id", rows.iter().map(|r| school_id(dir, r.school))),
                int_column("grade", rows.iter().map(|r| r.grade as i64)),
                int_column("days_enrolled", rows.iter().map(|r| r.days_enrolled as i64)),
                int_column("days_absent", rows.iter().map(|r| r.days_absent as i64)),
                int_column("suspensions", rows.iter().map(|r| r.suspensions as i64)),
                bool_column("expelled", rows.iter().map(|r| r.expelled)),
                text_column("race_ethnicity", rows.iter().map(|r| r.race.code())),
                bool_column("sed", rows.iter().map(|r| r.sed)),
                bool_column("swd", rows.iter().map(|r| r.swd)),
                text_column("el_status", rows.iter().map(|r| r.el.code())),
                bool_column("redesignated", rows.iter().map(|r| r.redesignated)),
                bool_column("foster", rows.iter().map(|r| r.foster)),
                bool_column("homeless", rows.iter().map(|r| r.homeless)),
                optional_float_column(
                    "gpa",
                    rows.iter()
                        .map(|r| r.gpa_hundredths.map(|g| hundredths(g as u64))),
                ),
                optional_bool_column("ela_df", rows.iter().map(|r| r.ela_df)),
                optional_bool_column("math_df", rows.iter().map(|r| r.math_df)),
            ],
        )
    }
}

impl Extract for AssessmentRow {
    const NAME: &'static str = "assessments";
    const COLUMNS: &'static [&'static str] = &[
        "student_id",
        "school_id",
        "grade",
        "subject",
        "scale_score",
        "sem",
        "level",
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        out.extend_from_slice(StudentIdText::new(self.student).as_bytes());
        comma(out);
        out.extend_from_slice(school_id(dir, self.school).as_bytes());
        comma(out);
        push_int(out, self.grade as i64);
        comma(out);
        out.extend_from_slice(self.subject.code().as_bytes());
        comma(out);
        push_tenths(out, self.score_tenths as u64);
        comma(out);
        push_tenths(out, self.sem_tenths as u64);
        comma(out);
        push_uint(out, self.level as u64);
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        DataFrame::new(
            rows.len(),
            vec![
                text_column(
                    "student_id",
                    rows.iter().map(|r| StudentIdText::new(r.student)),
                ),
                text_column("school_id", rows.iter().map(|r| school_id(dir, r.school))),
                int_column("grade", rows.iter().map(|r| r.grade as i64)),
                text_column("subject", rows.iter().map(|r| r.subject.code())),
                float_column(
                    "scale_score",
                    rows.iter().map(|r| tenths(r.score_tenths as u64)),
                ),
                float_column("sem", rows.iter().map(|r| tenths(r.sem_tenths as u64))),
                int_column("level", rows.iter().map(|r| r.level as i64)),
            ],
        )
    }
}

impl Extract for CohortRow {
    const NAME: &'static str = "cohort";
    const COLUMNS: &'static [&'static str] = &[
        "student_id",
        "school_id",
        "cohort_year",
        "outcome",
        "grad_year",
        "race_ethnicity",
        "sed",
        "swd",
        "el_status",
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        out.extend_from_slice(StudentIdText::new(self.student).as_bytes());
        comma(out);
        out.extend_from_slice(school_id(dir, self.school).as_bytes());
        comma(out);
        push_int(out, self.cohort_year as i64);
        comma(out);
        out.extend_from_slice(self.outcome.code().as_bytes());
        comma(out);
        if let Some(year) = self.grad_year {
            push_int(out, year as i64);
        }
        comma(out);
        out.extend_from_slice(self.race.code().as_bytes());
        comma(out);
        push_bool(out, self.sed);
        comma(out);
        push_bool(out, self.swd);
        comma(out);
        out.extend_from_slice(self.el.code().as_bytes());
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        DataFrame::new(
            rows.len(),
            vec![
                text_column(
                    "student_id",
                    rows.iter().map(|r| StudentIdText::new(r.student)),
                ),
                text_column("school_id", rows.iter().map(|r| school_id(dir, r.school))),
                int_column("cohort_year", rows.iter().map(|r| r.cohort_year as i64)),
                text_column("outcome", rows.iter().map(|r| r.outcome.code())),
                optional_int_column("grad_year", rows.iter().map(|r| r.grad_year.map(i64::from))),
                text_column("race_ethnicity", rows.iter().map(|r| r.race.code())),
                bool_column("sed", rows.iter().map(|r| r.sed)),
                bool_column("swd", rows.iter().map(|r| r.swd)),
                text_column("el_status", rows.iter().map(|r| r.el.code())),
            ],
        )
    }
}

const SEL_SKILLS: [&str; 4] = [
    "growth_mindset",
    "self_efficacy",
    "self_management",
    "social_awareness",
];

impl Extract for SelRow {
    const NAME: &'static str = "sel";
    const COLUMNS: &'static [&'static str] = &[
        "student_id",
        "school_id",
        SEL_SKILLS[0],
        SEL_SKILLS[1],
        SEL_SKILLS[2],
        SEL_SKILLS[3],
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        out.extend_from_slice(StudentIdText::new(self.student).as_bytes());
        comma(out);
        out.extend_from_slice(school_id(dir, self.school).as_bytes());
        for skill in self.skills_hundredths {
            comma(out);
            if let Some(value) = skill {
                push_hundredths(out, value as u64);
            }
        }
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        let mut columns = vec![
            text_column(
                "student_id",
                rows.iter().map(|r| StudentIdText::new(r.student)),
            ),
            text_column("school_id", rows.iter().map(|r| school_id(dir, r.school))),
        ];
        for (skill, name) in SEL_SKILLS.iter().enumerate() {
            columns.push(optional_float_column(
                name,
                rows.iter()
                    .map(|r| r.skills_hundredths[skill].map(|v| hundredths(v as u64))),
            ));
        }
        DataFrame::new(rows.len(), columns)
    }
}

impl Extract for ClimateRow {
    const NAME: &'static str = "climate";
    const COLUMNS: &'static [&'static str] = &[
        "school_id",
        "respondent",
        "n_invited",
        "n_responded",
        "pct_favorable",
    ];

    fn csv_row(&self, dir: &Directory, out: &mut Vec<u8>) {
        out.extend_from_slice(school_id(dir, self.school).as_bytes());
        comma(out);
        out.extend_from_slice(self.respondent.code().as_bytes());
        comma(out);
        push_uint(out, self.n_invited as u64);
        comma(out);
        push_uint(out, self.n_responded as u64);
        comma(out);
        push_tenths(out, self.pct_favorable_tenths as u64);
    }

    fn frame(rows: &[&Self], dir: &Directory) -> PolarsResult<DataFrame> {
        DataFrame::new(
            rows.len(),
            vec![
                text_column("school_id", rows.iter().map(|r| school_id(dir, r.school))),
                text_column("respondent", rows.iter().map(|r| r.respondent.code())),
                int_column("n_invited", rows.iter().map(|r| r.n_invited as i64)),
                int_column("n_responded", rows.iter().map(|r| r.n_responded as i64)),
                float_column(
                    "pct_favorable",
                    rows.iter().map(|r| tenths(r.pct_favorable_tenths as u64)),
                ),
            ],
        )
    }
}

fn extension(format: SynthFormat) -> &'static str {
    match format {
        SynthFormat::Csv => "csv",
        SynthFormat::Parquet => "parquet",
    }
}

/// Writes `NAME.csv` or `NAME.parquet` from per-school slices of rows, and removes a stale
/// file of the other format (the loader refuses a folder holding both).
fn write_extract<R: Extract>(
    year_dir: &Path,
    format: SynthFormat,
    chunks: &[&[R]],
    dir: &Directory,
) -> anyhow::Result<()> {
    let path = year_dir.join(format!("{}.{}", R::NAME, extension(format)));
    let other = match format {
        SynthFormat::Csv => SynthFormat::Parquet,
        SynthFormat::Parquet => SynthFormat::Csv,
    };
    let stale: PathBuf = year_dir.join(format!("{}.{}", R::NAME, extension(other)));
    if stale.is_file() {
        fs::remove_file(&stale).with_context(|| format!("cannot remove {}", stale.display()))?;
    }
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let result = match format {
        SynthFormat::Csv => write_csv(file, chunks, dir),
        SynthFormat::Parquet => write_parquet(file, chunks, dir),
    };
    result.with_context(|| format!("cannot write {}", path.display()))
}

fn write_csv<R: Extract>(file: File, chunks: &[&[R]], dir: &Directory) -> anyhow::Result<()> {
    let mut file = BufWriter::with_capacity(1 << 20, file);
    file.write_all(R::COLUMNS.join(",").as_bytes())?;
    file.write_all(b"\n")?;
    for batch in chunks.chunks(CSV_SCHOOLS_PER_BATCH) {
        let buffers: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|rows| {
                let mut buffer = Vec::with_capacity(rows.len() * 96);
                for row in rows.iter() {
                    row.csv_row(dir, &mut buffer);
                    buffer.push(b'\n');
                }
                buffer
            })
            .collect();
        for buffer in buffers {
            file.write_all(&buffer)?;
        }
    }
    file.flush()?;
    Ok(())
}

fn write_parquet<R: Extract>(file: File, chunks: &[&[R]], dir: &Directory) -> anyhow::Result<()> {
    // The schema comes from an empty frame, so a file without rows still has its columns.
    let schema = R::frame(&[], dir)?.schema().clone();
    let mut writer =
        ParquetWriter::new(BufWriter::with_capacity(1 << 20, file)).batched(&schema)?;
    // Each row group holds whole schools, PARQUET_ROWS_PER_GROUP rows or a few more.
    let mut batch: Vec<&R> = Vec::with_capacity(PARQUET_ROWS_PER_GROUP);
    for rows in chunks {
        batch.extend(rows.iter());
        if batch.len() >= PARQUET_ROWS_PER_GROUP {
            writer.write_batch(&R::frame(&batch, dir)?)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        writer.write_batch(&R::frame(&batch, dir)?)?;
    }
    writer.finish()?;
    Ok(())
}

/// Writes all six extracts of one year into `out/YEAR/`. Returns the number of rows of the
/// students extract.
pub fn write_year(
    out: &Path,
    year: i32,
    format: SynthFormat,
    dir: &Directory,
    records: &[SchoolRecords],
    progress: &dyn Fn(&str),
) -> anyhow::Result<usize> {
    let year_dir = out.join(year.to_string());
    fs::create_dir_all(&year_dir)
        .with_context(|| format!("cannot create {}", year_dir.display()))?;
    let schools: Vec<SchoolRow> = (0..dir.schools.len() as u32)
        .map(|school| SchoolRow { school })
        .collect();
    progress(&format!("year {year}: schools"));
    write_extract(&year_dir, format, &[schools.as_slice()], dir)?;
    progress(&format!("year {year}: students"));
    let enrolments: Vec<&[EnrolmentRow]> =
        records.iter().map(|r| r.enrolments.as_slice()).collect();
    write_extract(&year_dir, format, &enrolments, dir)?;
    progress(&format!("year {year}: assessments"));
    let assessments: Vec<&[AssessmentRow]> =
        records.iter().map(|r| r.assessments.as_slice()).collect();
    write_extract(&year_dir, format, &assessments, dir)?;
    progress(&format!("year {year}: cohort"));
    let cohort: Vec<&[CohortRow]> = records.iter().map(|r| r.cohort.as_slice()).collect();
    write_extract(&year_dir, format, &cohort, dir)?;
    progress(&format!("year {year}: sel"));
    let sel: Vec<&[SelRow]> = records.iter().map(|r| r.sel.as_slice()).collect();
    write_extract(&year_dir, format, &sel, dir)?;
    progress(&format!("year {year}: climate"));
    let climate: Vec<&[ClimateRow]> = records.iter().map(|r| r.climate.as_slice()).collect();
    write_extract(&year_dir, format, &climate, dir)?;
    Ok(enrolments.iter().map(|rows| rows.len()).sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_exactly() {
        let mut out = Vec::new();
        push_tenths(&mut out, 24563);
        comma(&mut out);
        push_tenths(&mut out, 0);
        comma(&mut out);
        push_hundredths(&mut out, 405);
        comma(&mut out);
        push_int(&mut out, -1);
        comma(&mut out);
        push_text(&mut out, "A \"B\", C");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "2456.3,0.0,4.05,-1,\"A \"\"B\"\", C\""
        );
        assert_eq!("2456.3".parse::<f64>().unwrap(), tenths(24563));
        assert_eq!("4.05".parse::<f64>().unwrap(), hundredths(405));
    }

    #[test]
    fn student_ids_are_padded_text() {
        assert_eq!(StudentIdText::new(12345).as_ref(), "S00012345");
        assert_eq!(StudentIdText::new(0).as_ref(), "S00000000");
        assert_eq!(StudentIdText::new(123_456_789).as_ref(), "S123456789");
        assert_eq!(StudentIdText::new(u32::MAX).as_ref(), "S4294967295");
    }
}
