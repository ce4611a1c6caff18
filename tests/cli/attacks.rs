//! Bad input and faults as an attacker would try them (data-contract §3): each case exits
//! with the right status and a message a person can act on — short, naming the file, row
//! and column or the option — and nothing is written.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Runs `compute` on `data` into `out` with `extra`; (exit status, stderr).
fn compute(data: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let output = bin()
        .args(["compute", "--data"])
        .arg(data)
        .args(["--year", "2016", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains(SECRET), "student id leaked:\n{stderr}");
    (output.status.code(), stderr)
}

/// A 50 MB cell is quoted by its first 64 characters and "…", never in full.
#[test]
fn a_huge_cell_is_quoted_by_64_characters() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let huge = "9".repeat(50 * 1024 * 1024);
    // Row 1 of the schools extract: school_level is 50 MB of nines.
    edit_extract(&data, "schools", |t| {
        t.replacen(",D1,E,Y", &format!(",D1,{huge},Y"), 1)
    });
    let (status, stderr) = compute(&data, &dir.path().join("out"), &[]);
    assert_eq!(status, Some(1), "{}", &stderr[..stderr.len().min(500)]);
    assert!(stderr.len() < 4096, "stderr is {} bytes", stderr.len());
    assert!(
        stderr.contains(&format!("schools.csv, row 1, column school_level: unknown code; expected one of E, M, H (value \"{}…\")", "9".repeat(64))),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

/// One schools row whose name is Latin-1, not UTF-8: one message naming the bytes as such
/// (never echoing them), and no follow-on "school_id is not in schools" for its students.
#[test]
fn bad_bytes_in_one_schools_row_give_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let path = data.join("2016/schools.csv");
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.windows(5).position(|w| w == b"Alder").unwrap();
    bytes.splice(at..at + 5, b"Ald\xe9r".iter().copied()); // "Aldér" in Latin-1
    fs::write(&path, bytes).unwrap();
    let (status, stderr) = compute(&data, &dir.path().join("out"), &[]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains("invalid input data: 1 problem\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("schools.csv, row 1, column school_name: value is not valid UTF-8"),
        "{stderr}"
    );
    assert!(!stderr.contains("not in schools"), "{stderr}");
    assert!(!stderr.contains('\u{fffd}'), "bytes echoed: {stderr}");
}

/// A missing `--data`, or one that is a file, is named as such (exit 2) — not blamed on the
/// cut-point file.
#[test]
fn a_missing_data_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let (status, stderr) = compute(&missing, &dir.path().join("out"), &[]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("the data folder does not exist"),
        "{stderr}"
    );
    assert!(!stderr.contains("cut-point"), "{stderr}");
    let file = dir.path().join("file.csv");
    fs::write(&file, "x").unwrap();
    let (status, stderr) = compute(&file, &dir.path().join("out"), &[]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("the data folder is not a folder"),
        "{stderr}"
    );
}

/// `--out` that is an existing file is a usage error (exit 2) found before any data is read:
/// the data here is invalid (it would exit 1 if read), the file is untouched.
#[test]
fn out_that_is_a_file_exits_2_before_reading_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    replace_line(&data, "students", 1, "broken,row");
    let out = dir.path().join("out.csv");
    fs::write(&out, "keep me").unwrap();
    let (status, stderr) = compute(&data, &out, &[]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("--out") && stderr.contains("is a file"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
}

/// A folder that is not an output of `compute` is never replaced (exit 2).
#[test]
fn out_that_is_someone_elses_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("documents");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.docx"), "years of work").unwrap();
    let (status, stderr) = compute(&data, &out, &[]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("not an output folder of core-index compute"),
        "{stderr}"
    );
    assert!(out.join("thesis.docx").exists());
}

/// Domain weights that are negative or both zero are refused, naming the key (exit 2).
#[test]
fn negative_or_zero_domain_weights_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("out");
    let (status, stderr) = compute(
        &data,
        &out,
        &["--set", "domains.academic=0", "--set", "domains.secc=0"],
    );
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("`domains.academic`") && stderr.contains("both 0"),
        "{stderr}"
    );
    let (status, stderr) = compute(&data, &out, &["--set", "domains.secc=-40"]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("`domains.secc`"), "{stderr}");
    assert!(!out.exists());
}

/// Scale scores of 1e9, 1e308 and −2500 are outside [assessments] scale_score_min/max
/// (1000–4000): a validation error naming file, row and column, for this year and Y−1.
#[test]
fn implausible_scale_scores_are_validation_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    // Rows 1–3 of 2016 and row 1 of the 2015 (Y−1) assessments.
    edit_extract(&data, "assessments", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        for (line, score) in [(1, "1000000000"), (2, "1e308"), (3, "-2500")] {
            let mut cells: Vec<&str> = lines[line].split(',').collect();
            cells[4] = score;
            lines[line] = cells.join(",");
        }
        lines.join("\n") + "\n"
    });
    let prior = data.join("2015/assessments.csv");
    let text = fs::read_to_string(&prior).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[4] = "999.9";
    lines[1] = cells.join(",");
    fs::write(&prior, lines.join("\n") + "\n").unwrap();
    let (status, stderr) = compute(&data, &dir.path().join("out"), &[]);
    assert_eq!(status, Some(1), "{stderr}");
    for (file, row, value) in [
        ("2016/assessments.csv", 1, "1000000000"),
        ("2016/assessments.csv", 2, "1e308"),
        ("2016/assessments.csv", 3, "-2500"),
        ("2015/assessments.csv", 1, "999.9"),
    ] {
        let expected = format!(
            "{file}, row {row}, column scale_score: out of range: must be ≥ 1000 and ≤ 4000 (value \"{value}\")"
        );
        assert!(
            stderr.contains(&expected),
            "expected {expected:?} in\n{stderr}"
        );
    }
    // A configured range moves the bound: 1000–4000 refused 999.9; 900–4000 accepts it.
    let (status, stderr) = compute(
        &data,
        &dir.path().join("out"),
        &["--set", "assessments.scale_score_min=900"],
    );
    assert_eq!(status, Some(1));
    assert!(!stderr.contains("999.9"), "{stderr}");
}

/// `cutpoints --out` naming a folder is a usage error found before any data is read (the data
/// here is invalid: reading it would exit 1).
#[test]
fn cutpoints_out_that_is_a_folder_exits_2_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    replace_line(&data, "students", 1, "broken,row");
    let output = bin()
        .args(["cutpoints", "--data"])
        .arg(&data)
        .args(["--year", "2016", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--out") && stderr.contains("is a folder"),
        "{stderr}"
    );
}
