//! Results that do not depend on the order of the rows (methodology R1, data-contract §4):
//! a district re-sorting its extracts gets the same bytes, and a mean sitting exactly on a cut
//! point lands on the level an exact computation gives.

use std::fs;
use std::path::Path;

use crate::common::*;

/// Every output file except the manifest (which records input hashes and timings).
fn reports(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "manifest.json")
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn compute(data: &Path, out: &Path) {
    bin()
        .args(["--quiet", "compute", "--data"])
        .arg(data)
        .args(["--year", "2016", "--out"])
        .arg(out)
        .assert()
        .success();
}

/// Rewrites a CSV extract with its data rows in a scrambled order and its columns reversed
/// (column order is free, data-contract §1). The permutation is fixed (a multiplicative
/// step through the rows), so the test is reproducible.
fn scramble(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let reverse = |line: &str| line.split(',').rev().collect::<Vec<_>>().join(",");
    let header = reverse(lines.next().unwrap());
    let rows: Vec<&str> = lines.collect();
    let n = rows.len();
    let step = (1..n.max(2))
        .rev()
        .find(|s| gcd(*s, n) == 1 && *s > n / 3)
        .unwrap_or(1);
    let mut out = header + "\n";
    for i in 0..n {
        out.push_str(&reverse(rows[(i * step + 7) % n]));
        out.push('\n');
    }
    fs::write(path, out).unwrap();
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Synthetic data (growth included), every extract of 2016 and the 2015 assessments
/// scrambled in row and column order: every report is byte-identical, CSV and Parquet.
#[test]
fn shuffled_extracts_give_byte_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    bin()
        .args(["--quiet", "synth", "--out"])
        .arg(&data)
        .args(["--students", "30000", "--years", "2015-2016", "--seed", "5"])
        .assert()
        .success();
    let before = dir.path().join("before");
    compute(&data, &before);
    let growth = fs::read_to_string(before.join("growth.csv")).unwrap();
    assert!(growth.lines().count() > 20, "growth was computed");
    for entry in fs::read_dir(data.join("2016")).unwrap() {
        scramble(&entry.unwrap().path());
    }
    scramble(&data.join("2015/assessments.csv"));
    let after = dir.path().join("after");
    compute(&data, &after);
    let (a, b) = (reports(&before), reports(&after));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} changed when the extracts were re-sorted");
    }
}

/// R1, R14, R15: Alder's climate groups are 68.8, 51.4 and 39.6% favourable. Their exact
/// mean is 53.26666666666667 (Python: math.fsum([68.8, 51.4, 39.6]) / 3); adding them left
/// to right gives 53.26666666666666, one bit lower. With c5 = 53.26666666666667 the school
/// sits exactly on the cut point: ≥ c1…c5, level 6 (naive summation would give level 5).
#[test]
fn a_mean_exactly_on_a_cut_point_lands_on_the_level_above() {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    fs::write(
        data.join("2016/climate.csv"),
        "school_id,respondent,n_invited,n_responded,pct_favorable\n\
         00000000000001,STUDENT,100,60,68.8\n\
         00000000000001,STAFF,30,25,51.4\n\
         00000000000001,PARENT,50,25,39.6\n",
    )
    .unwrap();
    let cuts = CUTPOINTS.replace(
        "CLIMATE,*,10,20,30,40,50,60,70,80,90",
        "CLIMATE,*,10,20,30,40,53.26666666666667,60,70,80,90",
    );
    fs::write(data.join("cutpoints.csv"), cuts).unwrap();
    let out = dir.path().join("out");
    compute(&data, &out);
    let results = fs::read_to_string(out.join("metric_results.csv")).unwrap();
    let row = results
        .lines()
        .find(|l| l.starts_with("2016,00000000000001,CLIMATE,ALL,"))
        .unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    // value, level: n = 60 + 25 + 25 = 110.
    assert_eq!(&cells[5..9], ["110", "", "53.26666666666667", "6"], "{row}");
}
