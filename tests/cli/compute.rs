//! End-to-end runs of `core-index compute` and `cutpoints` on small data built in code:
//! reports appear complete or not at all, CSV and Parquet agree, threads do not change
//! bytes, and configuration or cut-point problems exit 2 naming the key, file and row.

use std::fs;
use std::path::Path;

use crate::common::*;
use predicates::prelude::*;

fn compute(data: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .args(["compute", "--data"])
        .arg(data)
        .args(["--year", "2016", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

const REPORTS: [&str; 4] = ["metric_results", "index", "growth", "designations"];

#[test]
fn compute_writes_every_report_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("out");
    compute(&data, &out, &[]).success();
    for name in REPORTS {
        assert!(out.join(format!("{name}.csv")).is_file(), "{name}.csv");
        assert!(
            out.join(format!("{name}.parquet")).is_file(),
            "{name}.parquet"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["year"], 2016);
    assert_eq!(manifest["config"]["n_size"], 20);
    assert!(manifest["inputs"].as_array().unwrap().len() >= 7);
    assert!(manifest["stage_seconds"]["metrics"].is_number());
    let header = fs::read_to_string(out.join("metric_results.csv")).unwrap();
    assert!(header.starts_with(
        "year,school_id,metric,group,role,n,numerator,value,level,points,max_points,status,prior_value,prior_level,change,level_change,band,needed_1,needed_2,needed_3\n"
    ));
    let index = fs::read_to_string(out.join("index.csv")).unwrap();
    assert!(index.starts_with("year,school_id,school_name,district_id,school_level,title_i,academic_points,academic_max,secc_points,secc_max,index_score,all_students_score,subgroup_score,metrics_reported,prior_index_score,index_change\n"));
    for name in REPORTS {
        let text = fs::read_to_string(out.join(format!("{name}.csv"))).unwrap();
        assert!(!text.contains(SECRET), "{name} leaks a student id");
    }
}

#[test]
fn csv_is_byte_identical_at_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let runs = compute_at_threads(&data, dir.path(), &["1", "2"]);
    assert_same_reports(&runs, &["csv"]);
}

/// Runs `compute` for 2016 once per thread count; returns each run's output folder.
fn compute_at_threads(data: &Path, root: &Path, threads: &[&str]) -> Vec<std::path::PathBuf> {
    threads
        .iter()
        .map(|n| {
            let out = root.join(format!("out-{n}-threads"));
            bin()
                .env("RAYON_NUM_THREADS", n)
                .args(["--quiet", "compute", "--data"])
                .arg(data)
                .args(["--year", "2016", "--out"])
                .arg(&out)
                .assert()
                .success();
            out
        })
        .collect()
}

fn assert_same_reports(runs: &[std::path::PathBuf], extensions: &[&str]) {
    for name in REPORTS {
        for ext in extensions {
            let file = format!("{name}.{ext}");
            let first = fs::read(runs[0].join(&file)).unwrap();
            for other in &runs[1..] {
                let bytes = fs::read(other.join(&file)).unwrap();
                assert!(first == bytes, "{file} differs: {runs:?}");
            }
        }
    }
}

/// The loader parses rows in parallel batches of 16,384 and accepts them in row order
/// (load::source::scan). Synthetic data with ~40,000 students spans three batches per large
/// extract, so this checks, end to end, that batch boundaries and thread counts change no
/// byte of any report — growth included (2015 is year Y−1).
#[test]
fn multi_batch_data_gives_identical_reports_at_one_two_and_three_threads() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    bin()
        .args(["--quiet", "synth", "--out"])
        .arg(&data)
        .args(["--students", "40000", "--years", "2015-2016", "--seed", "3"])
        .assert()
        .success();
    let students = fs::read_to_string(data.join("2016/students.csv")).unwrap();
    assert!(
        students.lines().count() > 2 * 16_384 + 1,
        "spans three batches"
    );
    let runs = compute_at_threads(&data, dir.path(), &["1", "2", "3"]);
    assert_same_reports(&runs, &["csv", "parquet"]);
    let growth = fs::read_to_string(runs[0].join("growth.csv")).unwrap();
    assert!(growth.lines().count() > 1, "growth was computed");
}

#[test]
fn missing_cutpoints_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let out = dir.path().join("out");
    compute(&data, &out, &[])
        .code(2)
        .stderr(predicate::str::contains("no cut-point file"))
        .stderr(predicate::str::contains(
            "hint: calibrate one from a baseline year: core-index cutpoints",
        ));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn bad_cutpoint_files_exit_2_naming_file_and_row() {
    let cases = [
        (
            "ELA_PERF,*,10,20,30,40,50,60,70,80,90\nWRITING,*,1,2,3,4,5,6,7,8,9\n",
            "row 2: unknown metric \"WRITING\"",
        ),
        (
            "ELA_PERF,Q,10,20,30,40,50,60,70,80,90\n",
            "row 1: unknown school_level \"Q\"",
        ),
        (
            "ELA_PERF,*,10,20,30,40,50,60,70,80,\n",
            "row 1: c9 is not a number",
        ),
        (
            "ELA_PERF,*,10,20,30,45,40,60,70,80,90\n",
            "row 1: cut points out of order: c4 = 45 > c5 = 40",
        ),
    ];
    for (body, fragment) in cases {
        let dir = tempfile::tempdir().unwrap();
        let data = valid_data(dir.path());
        let file = dir.path().join("cuts.csv");
        fs::write(
            &file,
            format!("metric,school_level,c1,c2,c3,c4,c5,c6,c7,c8,c9\n{body}"),
        )
        .unwrap();
        compute(
            &data,
            &dir.path().join("out"),
            &["--cutpoints", file.to_str().unwrap()],
        )
        .code(2)
        .stderr(predicate::str::contains("cuts.csv"))
        .stderr(predicate::str::contains(fragment));
    }
    // A growth row is not wrong, only unused (R16): ignored with a warning.
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let file = dir.path().join("cuts.csv");
    fs::write(
        &file,
        format!("{CUTPOINTS}ELA_GROWTH,*,10,20,30,40,50,60,70,80,90\n"),
    )
    .unwrap();
    compute(
        &data,
        &dir.path().join("out"),
        &["--cutpoints", file.to_str().unwrap()],
    )
    .success()
    .stderr(predicate::str::contains(
        "row 10: ELA_GROWTH is banded by the growth decile map",
    ));
    // Ten cut points is also wrong.
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let file = dir.path().join("cuts.csv");
    fs::write(
        &file,
        "metric,school_level,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10\nELA_PERF,*,1,2,3,4,5,6,7,8,9,10\n",
    )
    .unwrap();
    compute(
        &data,
        &dir.path().join("out"),
        &["--cutpoints", file.to_str().unwrap()],
    )
    .code(2)
    .stderr(predicate::str::contains("exactly nine cut-point columns"));
}

#[test]
fn a_reported_result_without_a_cut_row_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let without_suspension: String = CUTPOINTS
        .lines()
        .filter(|l| !l.starts_with("SUSPENSION"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(data.join("cutpoints.csv"), without_suspension).unwrap();
    compute(&data, &dir.path().join("out"), &[])
        .code(2)
        .stderr(predicate::str::contains(
            "no cut points for metric SUSPENSION at school level",
        ));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn configuration_errors_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("out");
    compute(&data, &out, &["--set", "domains.sports=10"])
        .code(2)
        .stderr(predicate::str::contains("domains.sports"));
    compute(&data, &out, &["--set", "n_size=twenty"])
        .code(2)
        .stderr(predicate::str::contains("n_size"));
    let config = dir.path().join("c.toml");
    fs::write(&config, "[points]\nround_components = \"yes\"\n").unwrap();
    compute(&data, &out, &["--config", config.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("points.round_components"));
    fs::write(&config, "[growth]\nshrink = false\n").unwrap();
    compute(&data, &out, &["--config", config.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("growth.shrink"));
    assert!(!out.exists());
}

#[test]
fn invalid_data_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("out");
    compute(&data, &out, &[]).success();
    let before = fs::read(out.join("index.csv")).unwrap();
    edit_extract(&data, "students", |t| t.replacen(",HI,", ",XX,", 1));
    compute(&data, &out, &["--set", "domains.academic=50"]).code(1);
    assert_eq!(
        fs::read(out.join("index.csv")).unwrap(),
        before,
        "the earlier report is untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn cutpoints_command_needs_ten_schools() {
    // Two schools: every (metric, level) has fewer than 10 → no rows, a warning each.
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let file = dir.path().join("cuts.csv");
    bin()
        .args(["cutpoints", "--data"])
        .arg(&data)
        .args(["--year", "2016", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("fewer than 10"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "metric,school_level,c1,c2,c3,c4,c5,c6,c7,c8,c9\n"
    );
}

/// data-contract §4: every subcommand accepts --help and lists all its options (and
/// `compare --help` its output columns).
#[test]
fn help_for_every_command_lists_its_options() {
    let commands: [(&str, &[&str]); 5] = [
        (
            "compute",
            &[
                "--data",
                "--year",
                "--out",
                "--config",
                "--cutpoints",
                "--set",
                "--history",
                "--quiet",
            ],
        ),
        (
            "cutpoints",
            &["--data", "--year", "--out", "--config", "--set"],
        ),
        ("validate", &["--data", "--year", "--config", "--set"]),
        (
            "compare",
            &[
                "BASE_OUT",
                "ALT_OUT",
                "--out",
                "school_id",
                "index_base",
                "index_alt",
                "delta",
                "designation_base",
                "designation_alt",
                "changed",
            ],
        ),
        (
            "synth",
            &[
                "--out",
                "--schools",
                "--students",
                "--years",
                "--seed",
                "--format",
            ],
        ),
    ];
    for (command, options) in commands {
        let output = bin().args([command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command} --help");
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(
            help.contains(&format!("Usage: core-index {command}")),
            "{help}"
        );
        for option in options {
            assert!(
                help.contains(option),
                "{command} --help lacks {option}:\n{help}"
            );
        }
    }
}

/// A newcomer's first hour: a small synthetic set (20,000 students, 28 schools) computes as
/// it is — levels with fewer than 10 schools are calibrated on all years pooled, and the
/// warning says so.
#[test]
fn a_small_synthetic_set_can_be_computed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("S");
    bin()
        .args(["synth", "--out"])
        .arg(&data)
        .args(["--students", "20000", "--schools", "28"])
        .assert()
        .success()
        .stderr(predicate::str::contains("pooled"));
    let out = dir.path().join("O");
    bin()
        .args(["--quiet", "compute", "--data"])
        .arg(&data)
        .args(["--year", "2016", "--out"])
        .arg(&out)
        .assert()
        .success();
    let index = fs::read_to_string(out.join("index.csv")).unwrap();
    assert_eq!(index.lines().count(), 1 + 28);
}

/// data-contract §5: a metric whose inputs are missing for every student says so. Here the
/// sel extract has one skill column only, so no student has the two skills R13 needs: SEL
/// has no rows, a warning says why, and the manifest lists it under metrics_without_rows.
#[test]
fn sel_without_two_skills_anywhere_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    edit_extract(&data, "sel", |text| {
        text.lines()
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let out = dir.path().join("out");
    compute(&data, &out, &[])
        .success()
        .stderr(predicate::str::contains(
            "SEL has no rows for 2016: none of the 60 sel rows",
        ));
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let without = manifest["metrics_without_rows"].to_string();
    assert!(without.contains("SEL"), "{without}");
    let results = fs::read_to_string(out.join("metric_results.csv")).unwrap();
    assert!(!results.contains(",SEL,"));
}
