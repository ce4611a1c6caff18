//! End-to-end runs of the real binary on the committed demo data (`fixtures/demo`):
//! `compute` without `--data`, reports against reviewed snapshots, CSV and Parquet with the
//! same rows and types, a 50/50 what-if compared with the baseline, and a history file.

use std::fs;
use std::path::Path;

use crate::common::*;
use polars::prelude::{DataType, ParquetReader, SerReader};

const REPORTS: [&str; 4] = ["metric_results", "index", "growth", "designations"];

fn run_compute(out: &Path, extra: &[&str]) {
    bin()
        .args(["--quiet", "compute", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

/// data-contract §5: the Parquet file has the CSV's columns, in order, with typed values
/// that read back to the same cells.
fn assert_parquet_matches_csv(out: &Path, name: &str) {
    let (headers, rows) = read_csv(&out.join(format!("{name}.csv")));
    let frame = ParquetReader::new(fs::File::open(out.join(format!("{name}.parquet"))).unwrap())
        .finish()
        .unwrap();
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, headers, "{name}: columns");
    assert_eq!(frame.height(), rows.len(), "{name}: rows");
    for (c, column) in frame.columns().iter().enumerate() {
        let cell = |r: usize| rows[r][c].as_str();
        match column.dtype() {
            DataType::Int64 => {
                let values = column.i64().unwrap();
                for r in 0..rows.len() {
                    assert_eq!(
                        values.get(r).map(|v| v.to_string()).unwrap_or_default(),
                        cell(r),
                        "{name}.{}",
                        headers[c]
                    );
                }
            }
            DataType::Float64 => {
                let values = column.f64().unwrap();
                for r in 0..rows.len() {
                    let expected: Option<f64> =
                        (!cell(r).is_empty()).then(|| cell(r).parse().unwrap());
                    assert_eq!(values.get(r), expected, "{name}.{} row {r}", headers[c]);
                }
            }
            DataType::Boolean => {
                let values = column.bool().unwrap();
                for r in 0..rows.len() {
                    assert_eq!(
                        values.get(r).map(|v| v.to_string()).unwrap_or_default(),
                        cell(r)
                    );
                }
            }
            DataType::String => {
                let values = column.str().unwrap();
                for r in 0..rows.len() {
                    assert_eq!(values.get(r).unwrap_or_default(), cell(r));
                }
            }
            other => panic!("{name}.{}: unexpected type {other:?}", headers[c]),
        }
    }
}

#[test]
fn compute_runs_on_the_demo_data_without_data_argument() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_compute(&out, &[]);
    for name in REPORTS {
        assert_parquet_matches_csv(&out, name);
        let text = fs::read_to_string(out.join(format!("{name}.csv"))).unwrap();
        assert!(text.lines().count() > 1, "{name} has rows");
    }
}

/// The demo reports add up as the rules say, school by school (every school, not a
/// snapshot): R27 — a domain's points and maxima are the sums of its rows' points and
/// max_points, in whole hundredths, and the index is their sum when both domains have a
/// present metric; R28 — the all-students score is round2(100 · A / B) over the ALL rows;
/// R29 — the lowest-index PRIORITY schools number ⌈5% of N⌉, N the Title I schools with an
/// index score, and no non-PRIORITY school of the universe has a lower index than the highest
/// of them (ties to the smaller school_id).
#[test]
fn demo_reports_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_compute(&out, &[]);
    let hundredths = |text: &str| -> i64 { (text.parse::<f64>().unwrap() * 100.0).round() as i64 };
    let (mh, metric_rows) = read_csv(&out.join("metric_results.csv"));
    let col = |headers: &[String], name: &str| headers.iter().position(|h| h == name).unwrap();
    let academic = [
        "ELA_PERF",
        "MATH_PERF",
        "ELA_GROWTH",
        "MATH_GROWTH",
        "HS_READINESS",
        "GRAD",
    ];
    // (school, academic?) → (points, max) in hundredths; (school) → ALL rows' (points, max).
    let mut domain: std::collections::HashMap<(String, bool), (i64, i64)> = Default::default();
    let mut all_rows: std::collections::HashMap<String, (i64, i64)> = Default::default();
    for row in &metric_rows {
        let points = &row[col(&mh, "points")];
        if points.is_empty() {
            continue;
        }
        let (p, m) = (hundredths(points), hundredths(&row[col(&mh, "max_points")]));
        let school = row[col(&mh, "school_id")].clone();
        let is_academic = academic.contains(&row[col(&mh, "metric")].as_str());
        let entry = domain.entry((school.clone(), is_academic)).or_default();
        entry.0 += p;
        entry.1 += m;
        if row[col(&mh, "group")] == "ALL" {
            let entry = all_rows.entry(school).or_default();
            entry.0 += p;
            entry.1 += m;
        }
    }
    let (ih, index_rows) = read_csv(&out.join("index.csv"));
    let mut universe: Vec<(f64, String)> = Vec::new();
    for row in &index_rows {
        let school = &row[col(&ih, "school_id")];
        let a = domain
            .get(&(school.clone(), true))
            .copied()
            .unwrap_or_default();
        let s = domain
            .get(&(school.clone(), false))
            .copied()
            .unwrap_or_default();
        assert_eq!(
            hundredths(&row[col(&ih, "academic_points")]),
            a.0,
            "{school}"
        );
        assert_eq!(hundredths(&row[col(&ih, "academic_max")]), a.1, "{school}");
        assert_eq!(hundredths(&row[col(&ih, "secc_points")]), s.0, "{school}");
        assert_eq!(hundredths(&row[col(&ih, "secc_max")]), s.1, "{school}");
        let index = &row[col(&ih, "index_score")];
        if index.is_empty() {
            continue;
        }
        assert_eq!(hundredths(index), a.0 + s.0, "{school}: R27");
        let (ap, am) = all_rows[school];
        let expected = ((100.0 * ap as f64) / am as f64 * 100.0).round() / 100.0;
        assert_eq!(
            row[col(&ih, "all_students_score")].parse::<f64>().unwrap(),
            expected,
            "{school}: R28"
        );
        if row[col(&ih, "title_i")] == "true" {
            universe.push((index.parse().unwrap(), school.clone()));
        }
    }
    let (dh, designations) = read_csv(&out.join("designations.csv"));
    let lowest: Vec<&String> = designations
        .iter()
        .filter(|r| r[col(&dh, "basis")].contains("lowest_index"))
        .map(|r| &r[col(&dh, "school_id")])
        .collect();
    let n = universe.len();
    assert!(n >= 20, "the demo has a real universe");
    assert_eq!(lowest.len(), (5 * n).div_ceil(100), "R29: ⌈5% of {n}⌉");
    universe.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let expected: Vec<&String> = universe[..lowest.len()].iter().map(|(_, id)| id).collect();
    let mut lowest_sorted = lowest.clone();
    lowest_sorted.sort_by_key(|id| universe.iter().position(|(_, u)| u == *id));
    assert_eq!(lowest_sorted, expected, "R29: the lowest index scores");
}

/// methodology §8: moving the domains to 50/50 changes at least one designation of the demo
/// data, and comparison.csv lists changed schools first, then by school_id.
#[test]
fn what_if_fifty_fifty_changes_designations_listed_first() {
    let dir = tempfile::tempdir().unwrap();
    let (base, alt, cmp) = (
        dir.path().join("base"),
        dir.path().join("alt"),
        dir.path().join("cmp"),
    );
    run_compute(&base, &[]);
    run_compute(
        &alt,
        &["--set", "domains.academic=50", "--set", "domains.secc=50"],
    );
    bin()
        .args(["--quiet", "compare"])
        .arg(&base)
        .arg(&alt)
        .arg("--out")
        .arg(&cmp)
        .assert()
        .success();
    let (headers, rows) = read_csv(&cmp.join("comparison.csv"));
    // The contract's seven columns, then the support columns (tests/cli/support.rs).
    assert_eq!(
        headers[..7],
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
    let changed: Vec<bool> = rows.iter().map(|r| r[6] == "true").collect();
    assert!(
        changed.iter().any(|c| *c),
        "the 50/50 what-if changes at least one designation"
    );
    let first_unchanged = changed.iter().position(|c| !c).unwrap_or(changed.len());
    assert!(
        changed[first_unchanged..].iter().all(|c| !c),
        "changed schools first"
    );
    for part in [&rows[..first_unchanged], &rows[first_unchanged..]] {
        let ids: Vec<&String> = part.iter().map(|r| &r[0]).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "then by school_id");
    }
    for r in &rows {
        assert_eq!(r[6] == "true", r[4] != r[5]);
        if !r[1].is_empty() && !r[2].is_empty() {
            let delta: f64 = r[3].parse().unwrap();
            let expected = ((r[2].parse::<f64>().unwrap() * 100.0).round()
                - (r[1].parse::<f64>().unwrap() * 100.0).round())
                / 100.0;
            assert_eq!(delta, expected);
        }
    }
    assert_parquet_matches_csv(&cmp, "comparison");
}

/// R34 end to end: a school designated FOCUS in the history's two previous years and FOCUS
/// again now is in its 3rd year (partner_with_reward).
#[test]
fn history_counts_consecutive_years() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    run_compute(&base, &[]);
    let (headers, rows) = read_csv(&base.join("designations.csv"));
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let year: i32 = rows[0][col("year")].parse().unwrap();
    let Some(focus) = rows.iter().find(|r| r[col("designation")] == "FOCUS") else {
        panic!("the demo data has a FOCUS school");
    };
    let school = &focus[col("school_id")];
    let history = dir.path().join("history.csv");
    fs::write(
        &history,
        format!(
            "year,school_id,designation\n{},{school},FOCUS\n{},{school},FOCUS\n",
            year - 1,
            year - 2
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_compute(&out, &["--history", history.to_str().unwrap()]);
    let (_, rows) = read_csv(&out.join("designations.csv"));
    let row = rows
        .iter()
        .find(|r| &r[col("school_id")] == school)
        .unwrap();
    assert_eq!(row[col("years_in_status")], "3");
    assert_eq!(row[col("escalation")], "partner_with_reward");

    // A bad history file is rejected like an extract: exit 1, file, row and column named.
    fs::write(
        &history,
        format!("year,school_id,designation\n{},{school},FOKUS\n", year - 1),
    )
    .unwrap();
    let output = bin()
        .args(["compute", "--out"])
        .arg(dir.path().join("bad"))
        .args(["--history"])
        .arg(&history)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("history.csv, row 1, column designation"),
        "{stderr}"
    );
    assert!(!dir.path().join("bad").exists());
}

#[test]
fn demo_data_validates() {
    bin()
        .args(["validate", "--data"])
        .arg(demo_data())
        .assert()
        .success();
}

/// Issue 4 (f), R19–R23 on the demo data, checked for plausibility: every grade's slope on
/// the prior same-subject score lies in (0, 1.2), no grade falls back from the
/// errors-in-variables estimator, and the ALL growth percentiles spread over 0–100.
#[test]
fn demo_growth_is_plausible() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_compute(&out, &[]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let models = manifest["growth_models"].as_array().unwrap();
    assert_eq!(models.len(), 10, "ELA and MATH, grades 4–8");
    for model in models {
        assert_eq!(model["estimator"], "errors_in_variables", "{model}");
        let p = model["coefficients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c[0] == "p")
            .map(|c| c[1].as_f64().unwrap())
            .unwrap();
        assert!(
            p > 0.0 && p < 1.2,
            "slope on the prior score {p} in {model}"
        );
    }
    assert!(manifest["stage_seconds"]["growth"].is_number());
    let (headers, rows) = read_csv(&out.join("growth.csv"));
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let percentiles: Vec<f64> = rows
        .iter()
        .filter(|r| r[col("group")] == "ALL")
        .map(|r| r[col("growth_percentile")].parse().unwrap())
        .collect();
    let min = percentiles.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = percentiles
        .iter()
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(min < 10.0 && max > 90.0, "percentiles spread: {min}..{max}");
    for r in &rows {
        let (low, mid, high): (f64, f64, f64) = (
            r[col("ci_low")].parse().unwrap(),
            r[col("growth_percentile")].parse().unwrap(),
            r[col("ci_high")].parse().unwrap(),
        );
        assert!(low <= mid && mid <= high && (0.0..=100.0).contains(&low) && high <= 100.0);
        let lambda: f64 = r[col("lambda")].parse().unwrap();
        assert!((0.0..=1.0).contains(&lambda));
    }
}
