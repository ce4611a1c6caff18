//! data-contract §3: every kind of bad input stops `validate` (and `compute`) with exit 1 and
//! a message naming the file, the row and the column — and never a student id.

use crate::common::*;
use predicates::prelude::*;

/// Runs `validate` on the data and returns stderr, asserting exit status 1, no student id,
/// and that every expected fragment is in the message.
fn expect_invalid(data: &std::path::Path, fragments: &[&str]) -> String {
    let output = bin()
        .args(["validate", "--data"])
        .arg(data)
        .args(["--year", "2016"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {stderr}\nstdout: {stdout}"
    );
    for f in fragments {
        assert!(stderr.contains(f), "expected {f:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains(SECRET) && !stdout.contains(SECRET),
        "student id leaked:\n{stderr}"
    );
    stderr
}

#[test]
fn valid_data_passes_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    bin()
        .args(["validate", "--data"])
        .arg(&data)
        .args(["--year", "2016"])
        .assert()
        .success()
        .stdout(predicate::str::contains("schools: 2 (E 1, M 1, H 0)"))
        .stdout(predicate::str::contains("students: 60"))
        .stdout(predicate::str::contains(SECRET).not());
}

#[test]
fn required_column_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        t.lines()
            .map(|l| {
                l.split(',')
                    .enumerate()
                    .filter(|(i, _)| *i != 2)
                    .map(|(_, c)| c)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    expect_invalid(
        &data,
        &["students.csv", "column grade", "required column is missing"],
    );
}

#[test]
fn non_numeric_grade() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        t.replacen(",00000000000001,4,", ",00000000000001,four,", 1)
    });
    expect_invalid(
        &data,
        &["students.csv", "row 1", "column grade", "\"four\""],
    );
}

#[test]
fn duplicate_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        let second = t.lines().nth(1).unwrap().to_string();
        format!("{t}{second}\n")
    });
    expect_invalid(
        &data,
        &[
            "students.csv",
            "row 61",
            "column student_id",
            "duplicate key (student_id, school_id)",
            "first at row 1",
        ],
    );
}

#[test]
fn days_absent_above_days_enrolled() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        t.replacen(",4,180,0,", ",4,180,181,", 1)
    });
    expect_invalid(
        &data,
        &[
            "students.csv",
            "row 1",
            "column days_absent",
            "exceeds days_enrolled",
            "\"181\"",
        ],
    );
}

#[test]
fn unknown_school_id() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        t.replacen(",00000000000001,", ",00000000000099,", 1)
    });
    expect_invalid(
        &data,
        &[
            "students.csv",
            "row 1",
            "column school_id",
            "not in schools",
            "00000000000099",
        ],
    );
}

#[test]
fn unknown_race_code() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| t.replacen(",HI,", ",XX,", 1));
    expect_invalid(
        &data,
        &[
            "students.csv",
            "row 1",
            "column race_ethnicity",
            "unknown code",
            "\"XX\"",
        ],
    );
}

#[test]
fn unknown_el_status() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| t.replacen(",EO,", ",ELL,", 1));
    expect_invalid(
        &data,
        &[
            "students.csv",
            "row 1",
            "column el_status",
            "unknown code",
            "\"ELL\"",
        ],
    );
}

#[test]
fn csv_and_parquet_of_one_extract() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let year = data.join("2016");
    csv_to_parquet(&year.join("sel.csv"), &year.join("sel.parquet"));
    expect_invalid(&data, &["sel.csv", "both sel.csv and sel.parquet"]);
}

#[test]
fn truncated_csv() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        let cut = t.trim_end().rfind(",180,").unwrap() + 3;
        t[..cut].to_string()
    });
    expect_invalid(
        &data,
        &["students.csv", "row 60", "column days_absent", "truncated"],
    );
}

#[test]
fn bad_values_in_other_extracts() {
    // One problem per extract, all reported in one run.
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "schools", |t| t.replacen(",E,Y", ",X,Y", 1));
    edit_extract(&data, "assessments", |t| {
        t.replacen(",ELA,", ",SCIENCE,", 1)
    });
    edit_extract(&data, "cohort", |t| t.replacen(",GRAD,2016,", ",GRAD,,", 1));
    edit_extract(&data, "sel", |t| t.replacen(",3.5,", ",7,", 1));
    edit_extract(&data, "climate", |t| t.replacen(",100,60,", ",100,160,", 1));
    let stderr = expect_invalid(
        &data,
        &[
            "schools.csv, row 1, column school_level",
            "assessments.csv, row 1, column subject",
            "cohort.csv, row 1, column grad_year",
            "sel.csv, row 1, column growth_mindset",
            "climate.csv, row 1, column n_responded",
        ],
    );
    assert!(stderr.contains("5 problems"), "{stderr}");
}

#[test]
fn bad_boolean_and_level_and_sem() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| {
        t.replacen(",180,0,1,N,", ",180,0,1,maybe,", 1)
    });
    edit_extract(&data, "assessments", |t| {
        t.replacen(",25.0,1\n", ",0,5\n", 1)
    });
    expect_invalid(
        &data,
        &[
            "students.csv, row 1, column expelled",
            "assessments.csv, row 1, column sem",
            "assessments.csv, row 1, column level",
        ],
    );
}

#[test]
fn at_most_twenty_problems_then_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| t.replace(",180,", ",many,"));
    let stderr = expect_invalid(&data, &["60 problems", "… and 40 more problems"]);
    let listed = stderr
        .lines()
        .filter(|l| l.contains("column days_enrolled"))
        .count();
    assert_eq!(listed, 20, "{stderr}");
}

#[test]
fn headers_are_case_insensitive_with_bom_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "schools", |t| {
        let t = t.replacen(
            "school_id,school_name",
            "\u{feff} School_ID , SCHOOL_NAME",
            1,
        );
        t.replacen(",Y\n", ", yes \n", 1)
    });
    bin()
        .args(["validate", "--data"])
        .arg(&data)
        .args(["--year", "2016"])
        .assert()
        .success();
}

#[test]
fn orphans_are_warnings_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    // An assessment at a school where the student has no enrolment row, a cohort row at an
    // unknown school: left out and counted.
    edit_extract(&data, "assessments", |t| {
        format!("{t}{SECRET}8888,00000000000002,4,ELA,2400,25,2\n")
    });
    edit_extract(&data, "cohort", |t| {
        format!("{t}{SECRET}9003,00000000000077,2013,GRAD,2016,HI,Y,N,EO\n")
    });
    bin()
        .args(["validate", "--data"])
        .arg(&data)
        .args(["--year", "2016"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "left out: 1 rows of assessments: no enrolment row",
        ))
        .stdout(predicate::str::contains(
            "left out: 1 rows of cohort: school_id not in schools",
        ))
        .stdout(predicate::str::contains(SECRET).not());
}

#[test]
fn parquet_problems_name_the_row_index() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "students", |t| t.replacen(",HI,", ",XX,", 1));
    let year = data.join("2016");
    csv_to_parquet(&year.join("students.csv"), &year.join("students.parquet"));
    std::fs::remove_file(year.join("students.csv")).unwrap();
    expect_invalid(
        &data,
        &[
            "students.parquet",
            "row index 0",
            "column race_ethnicity",
            "\"XX\"",
        ],
    );
}

#[test]
fn csv_and_parquet_load_to_identical_frames() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let from_csv = load(&data, 2016, &core_index::events::ignore).unwrap();
    years_to_parquet(&data, &["2016", "2015"]);
    let from_parquet = load(&data, 2016, &core_index::events::ignore).unwrap();
    assert_eq!(from_csv.schools, from_parquet.schools);
    assert_eq!(from_csv.enrolments, from_parquet.enrolments);
    assert_eq!(from_csv.assessments, from_parquet.assessments);
    assert_eq!(from_csv.cohort, from_parquet.cohort);
    assert_eq!(from_csv.sel, from_parquet.sel);
    assert_eq!(from_csv.climate, from_parquet.climate);
    assert_eq!(from_csv.prior_scores, from_parquet.prior_scores);
    assert_eq!(
        from_csv.schools[0].id, "00000000000001",
        "leading zeros kept"
    );
}

#[test]
fn assessment_at_an_unknown_school_is_an_error() {
    // §3: school_id not in schools stops the run; only a missing enrolment row at a known
    // school makes an assessment a left-out orphan.
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    edit_extract(&data, "assessments", |t| {
        t.replacen(",00000000000001,", ",00000000000042,", 1)
    });
    expect_invalid(
        &data,
        &[
            "assessments.csv, row 1, column school_id",
            "not in schools",
            "00000000000042",
        ],
    );
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    // Row 1 of students: bad gpa, bad ela_df and bad math_df; row 1 of cohort: a GRAD row
    // without grad_year and an unknown race code.
    edit_extract(&data, "students", |t| {
        t.replacen(",3.1,N,N\n", ",9.9,x,z\n", 1)
    });
    edit_extract(&data, "cohort", |t| {
        t.replacen(",GRAD,2016,HI,", ",GRAD,,ZZ,", 1)
    });
    let stderr = expect_invalid(
        &data,
        &[
            "students.csv, row 1, column gpa",
            "students.csv, row 1, column ela_df",
            "students.csv, row 1, column math_df",
            "cohort.csv, row 1, column grad_year",
            "cohort.csv, row 1, column race_ethnicity",
        ],
    );
    assert!(stderr.contains("5 problems"), "{stderr}");
}

/// The loading bar's length is the bytes of every file read (year Y's extracts and the
/// Y−1 assessments), and reading them all advances it exactly that far, CSV or Parquet.
#[test]
fn loading_progress_counts_every_byte_of_every_file_read() {
    use core_index::events::Event;
    use std::sync::atomic::{AtomicU64, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let bytes_read = |ext: &str| -> u64 {
        let year: u64 = std::fs::read_dir(data.join("2016"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        year + std::fs::metadata(data.join(format!("2015/assessments.{ext}")))
            .unwrap()
            .len()
    };
    for ext in ["csv", "parquet"] {
        if ext == "parquet" {
            years_to_parquet(&data, &["2016", "2015"]);
        }
        let (total, advanced) = (AtomicU64::new(0), AtomicU64::new(0));
        let count = |event: Event<'_>| match event {
            Event::ReadStarted { total_bytes } => {
                total.fetch_add(total_bytes, Ordering::Relaxed);
            }
            Event::BytesRead(bytes) => {
                advanced.fetch_add(bytes, Ordering::Relaxed);
            }
            Event::StageStarted(_) => {}
        };
        load(&data, 2016, &count).unwrap();
        let expected = bytes_read(ext);
        assert_eq!(total.into_inner(), expected, "{ext}");
        assert_eq!(advanced.into_inner(), expected, "{ext}");
    }
}
