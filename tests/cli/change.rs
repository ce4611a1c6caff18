//! Change from the prior year and multi-year runs (methodology §10, R35–R39), and the
//! warnings of results that would mean nothing (data-contract §5, manifest): end-to-end runs
//! of the real binary on synthetic data made at test time and on small data built in code.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

/// The four reports, each as CSV and Parquet.
const REPORT_FILES: [&str; 8] = [
    "metric_results.csv",
    "metric_results.parquet",
    "index.csv",
    "index.parquet",
    "growth.csv",
    "growth.parquet",
    "designations.csv",
    "designations.parquet",
];

/// The columns R36 adds that need prior results.
const PRIOR_COLUMNS: [&str; 4] = ["prior_value", "prior_level", "change", "level_change"];

/// Synthetic data of 2013–2016 (8,000 students, 24 schools), with its cut points.
fn synth_data(root: &Path) -> PathBuf {
    let data = root.join("data");
    bin()
        .args(["--quiet", "synth", "--out"])
        .arg(&data)
        .args([
            "--students",
            "8000",
            "--schools",
            "24",
            "--years",
            "2013-2016",
            "--seed",
            "7",
        ])
        .assert()
        .success();
    data
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

fn manifest(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

fn compute(args: &[&str]) -> assert_cmd::assert::Assert {
    bin().arg("compute").args(args).assert()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

/// R35, R39: `compute --years 2014-2016` gives, for 2015 and 2016, byte for byte the reports
/// of a single-year `compute --prior OUT/Y−1` given the run's earlier designations as
/// `--history` (OUT/Y/history.csv) — growth included. To make sure Y−1's scores are the same
/// whether kept in memory or read from DATA/Y−1, some 2015 students lose their enrolment
/// row: their 2015 assessments are then left out of 2015's results but still count as
/// prior scores for 2016's growth (R18: no Y−1 enrolment row is needed). The first year
/// has no prior results; every year keeps an exact copy of the cut points.
#[test]
fn years_equal_single_year_runs_with_prior_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = synth_data(dir.path());
    let students = data.join("2015").join("students.csv");
    let (header, rows) = read_csv(&students);
    let grade_at = header.iter().position(|h| h == "grade").unwrap();
    let before = rows.len();
    let kept: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .filter(|(i, r)| {
            !(matches!(r[grade_at].as_str(), "3" | "4" | "5" | "6" | "7") && i % 10 == 0)
        })
        .map(|(_, r)| r)
        .collect();
    assert!(kept.len() < before);
    write_csv(&students, &header, &kept);
    // A history with one year before the run (kept, R39) and one inside it (ignored).
    let schools = column(&data.join("2014").join("schools.csv"), "school_id");
    let history = dir.path().join("history.csv");
    fs::write(
        &history,
        format!(
            "year,school_id,designation\n2013,{s0},FOCUS\n2013,{s1},PRIORITY\n2014,{s0},REWARD_HIGH_PERFORMING\n",
            s0 = schools[0],
            s1 = schools[1]
        ),
    )
    .unwrap();

    let out = dir.path().join("out");
    let run = compute(&[
        "--data",
        text(&data),
        "--years",
        "2014-2016",
        "--history",
        text(&history),
        "--out",
        text(&out),
    ])
    .success();
    let stderr = stderr_of(&run);
    assert!(
        stderr.contains("1 rows for 2014 or later ignored"),
        "R39 warning: {stderr}"
    );
    assert!(
        stderr.contains("2015: assessments: ") && stderr.contains("no enrolment row"),
        "2015's orphans are counted: {stderr}"
    );

    let top = manifest(&out.join("manifest.json"));
    assert_eq!(top["program"], "core-index");
    assert_eq!(top["years"], serde_json::json!([2014, 2015, 2016]));
    assert_eq!(top["command"][0], "compute");
    let cutpoints = fs::read(data.join("cutpoints.csv")).unwrap();
    for year in ["2014", "2015", "2016"] {
        let folder = out.join(year);
        assert_eq!(fs::read(folder.join("cutpoints.csv")).unwrap(), cutpoints);
        assert_eq!(
            manifest(&folder.join("manifest.json"))["year"],
            year.parse::<i32>().unwrap()
        );
    }

    // The first year: no prior results, band still filled for every row with a level.
    let first = out.join("2014").join("metric_results.csv");
    for name in PRIOR_COLUMNS {
        assert!(column(&first, name).iter().all(String::is_empty), "{name}");
    }
    let levels = column(&first, "level");
    let bands = column(&first, "band");
    assert!(levels
        .iter()
        .zip(&bands)
        .all(|(l, b)| l.is_empty() == b.is_empty()));
    assert!(column(&out.join("2014").join("index.csv"), "index_change")
        .iter()
        .all(String::is_empty));
    assert!(manifest(&out.join("2014").join("manifest.json"))["prior"].is_null());

    // R39: 2015's history is the file's 2013 rows, then the run's own 2014 designations.
    let (_, history_2015) = read_csv(&out.join("2015").join("history.csv"));
    let designations_2014 = column(&out.join("2014").join("designations.csv"), "designation");
    assert_eq!(history_2015.len(), 2 + designations_2014.len());
    assert_eq!(history_2015[0], ["2013", schools[0].as_str(), "FOCUS"]);
    assert!(history_2015[2..].iter().all(|r| r[0] == "2014"));
    assert_eq!(
        history_2015[2..]
            .iter()
            .map(|r| r[2].clone())
            .collect::<Vec<_>>(),
        designations_2014
    );

    for year in [2015, 2016] {
        let folder = out.join(year.to_string());
        let changed = column(&folder.join("metric_results.csv"), "change");
        assert!(
            changed.iter().any(|c| !c.is_empty()),
            "{year} has prior results"
        );
        let prior = &manifest(&folder.join("manifest.json"))["prior"];
        assert_eq!(prior["year"], year - 1);
        assert!(prior["folder"]
            .as_str()
            .unwrap()
            .ends_with(&(year - 1).to_string()));

        let single = dir.path().join(format!("single-{year}"));
        compute(&[
            "--quiet",
            "--data",
            text(&data),
            "--year",
            &year.to_string(),
            "--prior",
            text(&out.join((year - 1).to_string())),
            "--history",
            text(&folder.join("history.csv")),
            "--out",
            text(&single),
        ])
        .success();
        for file in REPORT_FILES {
            assert!(
                fs::read(single.join(file)).unwrap() == fs::read(folder.join(file)).unwrap(),
                "{year}/{file} differs from the single-year run with --prior"
            );
        }
    }
    assert_change_column_types(&out.join("2014"));
    assert_change_column_types(&out.join("2016"));
    let growth = read_csv(&out.join("2016").join("growth.csv")).1;
    assert!(!growth.is_empty(), "2016 has growth results to compare");

    // OUT is an output folder of compute: a second run replaces it as a whole.
    compute(&[
        "--quiet",
        "--data",
        text(&data),
        "--years",
        "2015-2016",
        "--out",
        text(&out),
    ])
    .success();
    assert!(!out.join("2014").exists());
}

/// data-contract §5: the R36–R38 columns keep their types in Parquet even when every value
/// is missing (the first year of a series): levels and level changes Int64, band text, the
/// rest Float64.
fn assert_change_column_types(folder: &Path) {
    use polars::prelude::{DataType, ParquetReader, SerReader};
    let expected = [
        ("metric_results", "prior_value", DataType::Float64),
        ("metric_results", "prior_level", DataType::Int64),
        ("metric_results", "change", DataType::Float64),
        ("metric_results", "level_change", DataType::Int64),
        ("metric_results", "band", DataType::String),
        ("metric_results", "needed_1", DataType::Float64),
        ("metric_results", "needed_2", DataType::Float64),
        ("metric_results", "needed_3", DataType::Float64),
        ("index", "prior_index_score", DataType::Float64),
        ("index", "index_change", DataType::Float64),
    ];
    for (report, name, dtype) in expected {
        let file = fs::File::open(folder.join(format!("{report}.parquet"))).unwrap();
        let frame = ParquetReader::new(file).finish().unwrap();
        let column = frame.column(name).unwrap();
        assert_eq!(column.dtype(), &dtype, "{report}.{name}");
    }
}

/// Demo data: 2015 into `prior`, returned with the root.
fn demo_prior(root: &Path) -> PathBuf {
    let prior = root.join("prior-2015");
    compute(&["--quiet", "--year", "2015", "--out", text(&prior)]).success();
    prior
}

/// R35: --prior is refused (exit 2, nothing written) naming what differs: its year, its cut
/// points (by SHA-256), each configuration key outside [support] and cutpoints.file.
#[test]
fn prior_that_differs_exits_2_naming_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let prior = demo_prior(dir.path());
    let out = dir.path().join("out");
    let refused = |extra: &[&str], expected: &[&str]| {
        let mut args = vec![
            "--year",
            "2016",
            "--prior",
            text(&prior),
            "--out",
            text(&out),
        ];
        args.extend_from_slice(extra);
        let assert = compute(&args).code(2);
        let stderr = stderr_of(&assert);
        for e in expected {
            assert!(stderr.contains(e), "expected {e:?} in {stderr}");
        }
        assert!(!out.exists(), "nothing is written");
    };
    refused(
        &["--set", "n_size=25"],
        &["configuration key `n_size` differs (20 there, 25 here)"],
    );
    refused(
        &[
            "--set",
            "domains.academic=50",
            "--set",
            "growth.shrinkage=false",
        ],
        &["`domains.academic` differs", "`growth.shrinkage` differs"],
    );
    let cuts = dir.path().join("other-cuts.csv");
    let demo_cuts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cutpoints.csv");
    // The same file with the first row's c9 raised by one: other cut points.
    let demo = fs::read_to_string(demo_cuts).unwrap();
    let mut lines: Vec<String> = demo.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    let c9 = cells.last_mut().unwrap();
    *c9 = (c9.parse::<f64>().unwrap() + 1.0).to_string();
    lines[1] = cells.join(",");
    fs::write(&cuts, lines.join("\n") + "\n").unwrap();
    refused(
        &["--cutpoints", text(&cuts)],
        &["its cut points differ (SHA-256"],
    );

    let assert = compute(&[
        "--year",
        "2015",
        "--prior",
        text(&prior),
        "--out",
        text(&out),
    ])
    .code(2);
    assert!(stderr_of(&assert).contains("its year is 2015, the year before 2015 is 2014"));
    // A multi-year folder is not one year's folder: the hint names the year wanted.
    let series = dir.path().join("series");
    compute(&["--quiet", "--years", "2014-2015", "--out", text(&series)]).success();
    let assert = compute(&[
        "--year",
        "2016",
        "--prior",
        text(&series),
        "--out",
        text(&out),
    ])
    .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("multi-year run") && stderr.contains("series/2015"),
        "{stderr}"
    );
    // --prior and --years do not go together.
    let assert = compute(&[
        "--years",
        "2015-2016",
        "--prior",
        text(&prior),
        "--out",
        text(&out),
    ])
    .code(2);
    assert!(stderr_of(&assert).contains("--prior"));
    let assert = compute(&[
        "--prior",
        text(&dir.path().join("nowhere")),
        "--out",
        text(&out),
    ])
    .code(2);
    assert!(stderr_of(&assert).contains("nowhere"));
}

/// R35: [support] is left out of the comparison: --set support.partners=5 is accepted and
/// changes no byte of metric_results, index or designations. The manifest records the prior.
#[test]
fn prior_with_other_support_settings_is_accepted_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let prior = demo_prior(dir.path());
    let (plain, support) = (dir.path().join("plain"), dir.path().join("support"));
    compute(&[
        "--quiet",
        "--year",
        "2016",
        "--prior",
        text(&prior),
        "--out",
        text(&plain),
    ])
    .success();
    compute(&[
        "--quiet",
        "--year",
        "2016",
        "--prior",
        text(&prior),
        "--set",
        "support.partners=5",
        "--out",
        text(&support),
    ])
    .success();
    for name in ["metric_results", "index", "designations"] {
        for ext in ["csv", "parquet"] {
            let file = format!("{name}.{ext}");
            assert!(
                fs::read(plain.join(&file)).unwrap() == fs::read(support.join(&file)).unwrap(),
                "{file}"
            );
        }
    }
    let recorded = &manifest(&plain.join("manifest.json"))["prior"];
    assert_eq!(recorded["year"], 2015);
    assert_eq!(recorded["folder"], text(&prior));
    let sha = core_index::hash::sha256_hex(&fs::read(prior.join("index.csv")).unwrap());
    assert_eq!(recorded["index_sha256"], sha.as_str());
    // R36 on the demo: the index change is the difference of the two scores in hundredths.
    let now = column(&plain.join("index.csv"), "index_score");
    let before = column(&plain.join("index.csv"), "prior_index_score");
    let change = column(&plain.join("index.csv"), "index_change");
    let hundredths = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let mut compared = 0;
    for ((n, b), c) in now.iter().zip(&before).zip(&change) {
        if n.is_empty() || b.is_empty() {
            assert!(c.is_empty());
            continue;
        }
        assert_eq!(
            hundredths(c),
            hundredths(n) - hundredths(b),
            "{n} − {b} = {c}"
        );
        assert_eq!(
            c.parse::<f64>().unwrap(),
            (hundredths(n) - hundredths(b)) as f64 / 100.0
        );
        compared += 1;
    }
    assert!(compared > 40);
}

/// A cut-point file where EL_RECLASS has nine equal cut points and SEL five: compute warns,
/// naming metric and level. `cutpoints` warns likewise when it calibrates equal cut points
/// (here: nobody reclassified in the baseline year, so every school's EL_RECLASS is 0).
#[test]
fn equal_cut_points_warn_in_compute_and_cutpoints() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    let cuts = CUTPOINTS
        .replace(
            "EL_RECLASS,*,10,20,30,40,50,60,70,80,90",
            "EL_RECLASS,*,0,0,0,0,0,0,0,0,0",
        )
        .replace(
            "SEL,*,1.5,2,2.5,3,3.25,3.5,3.75,4,4.5",
            "SEL,*,1.5,2,3,3,3,3,3,4,4.5",
        );
    fs::write(data.join("cutpoints.csv"), cuts).unwrap();
    let out = dir.path().join("out");
    let assert = compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]).success();
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("cut points: EL_RECLASS at level *: all nine cut points are 0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cut points: SEL at level *: 5 of the nine cut points (c3–c7) are 3"),
        "{stderr}"
    );
    let warnings = manifest(&out.join("manifest.json"))["warnings"].to_string();
    assert!(
        warnings.contains("EL_RECLASS at level *: all nine"),
        "{warnings}"
    );

    let synth = synth_data(&dir.path().join("synth"));
    let students = synth.join("2014").join("students.csv");
    let (header, mut rows) = read_csv(&students);
    let at = header.iter().position(|h| h == "redesignated").unwrap();
    for row in &mut rows {
        row[at] = "N".into();
    }
    write_csv(&students, &header, &rows);
    let file = dir.path().join("calibrated.csv");
    let assert = bin()
        .args([
            "cutpoints",
            "--data",
            text(&synth),
            "--year",
            "2014",
            "--out",
            text(&file),
        ])
        .assert()
        .success();
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("cut points: EL_RECLASS at level *: all nine cut points are 0"),
        "{stderr}"
    );
}

/// R8 as revised: with no gpa column at all, HS_READINESS has no rows (not level 10 for
/// 0% ready, nor level 1 everywhere), a warning and the manifest say why; likewise when
/// gpa is present but empty on every grade-8 row R8 counts.
#[test]
fn no_gpa_means_no_hs_readiness_rows_and_says_why() {
    for variant in ["no gpa column", "gpa empty for grade 8"] {
        let dir = tempfile::tempdir().unwrap();
        let data = valid_data(dir.path());
        fs::write(data.join("cutpoints.csv"), CUTPOINTS).unwrap();
        let students = data.join("2016").join("students.csv");
        let (mut header, mut rows) = read_csv(&students);
        let gpa = header.iter().position(|h| h == "gpa").unwrap();
        let grade = header.iter().position(|h| h == "grade").unwrap();
        if variant == "no gpa column" {
            header.remove(gpa);
            for row in &mut rows {
                row.remove(gpa);
            }
        } else {
            for row in rows.iter_mut().filter(|r| r[grade] == "8") {
                row[gpa] = String::new();
            }
        }
        write_csv(&students, &header, &rows);
        let out = dir.path().join("out");
        let assert =
            compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]).success();
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains("HS_READINESS has no rows for 2016: gpa missing on every one of the 30 grade-8 enrolment rows R8 counts"),
            "{variant}: {stderr}"
        );
        let metrics = column(&out.join("metric_results.csv"), "metric");
        assert!(!metrics.iter().any(|m| m == "HS_READINESS"), "{variant}");
        assert!(metrics.iter().any(|m| m == "SUSPENSION"));
        let m = manifest(&out.join("manifest.json"));
        assert_eq!(
            m["metrics_without_rows"][0]["metric"], "HS_READINESS",
            "{variant}"
        );
        assert!(m["metrics_without_rows"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("gpa missing"));
        assert_eq!(m["readiness_missing_fields"], 0);
    }
}

/// A Title I school without an index score (here: every SECC metric switched off) is left
/// out of the designation universe: the manifest lists it with the missing domain, and a
/// warning says how many.
#[test]
fn title_i_schools_left_out_of_the_universe_are_counted_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    fs::write(data.join("cutpoints.csv"), CUTPOINTS).unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["--data", text(&data), "--year", "2016", "--out", text(&out)];
    for metric in [
        "CHRONIC_ABSENCE",
        "SUSPENSION",
        "EL_RECLASS",
        "SEL",
        "CLIMATE",
    ] {
        args.push("--set");
        args.push(Box::leak(
            format!("metrics.{metric}=false").into_boxed_str(),
        ));
    }
    let stderr = stderr_of(&compute(&args).success());
    assert!(
        stderr.contains("designations: 1 Title I school without an index score left out of the designation universe"),
        "{stderr}"
    );
    let m = manifest(&out.join("manifest.json"));
    let left_out = &m["designation_universe"]["left_out"];
    assert_eq!(left_out[0]["school_id"], "00000000000001");
    assert_eq!(left_out[0]["missing_domain"], "secc");
}

/// Assessment rows at grades outside R7's (3–8, 11) are legal: left out of the performance
/// metrics, counted in the manifest's left_out, and the warning says so. School 1's 30
/// grade-4 students: two ELA rows at grade 10 leave 28 in ELA_PERF (n = 28).
#[test]
fn assessment_grades_outside_r7_are_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let data = valid_data(dir.path());
    fs::write(data.join("cutpoints.csv"), CUTPOINTS).unwrap();
    edit_extract(&data, "assessments", |text| {
        let mut changed = 0;
        text.lines()
            .map(|line| {
                if changed < 2 && line.contains(",00000000000001,4,ELA,") {
                    changed += 1;
                    line.replace(",00000000000001,4,ELA,", ",00000000000001,10,ELA,")
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let out = dir.path().join("out");
    let stderr = stderr_of(
        &compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]).success(),
    );
    assert!(
        stderr.contains("assessments: 2 rows left out: tested grade outside R7's grades 3–8 and 11 (legal; left out of ELA_PERF and MATH_PERF only)"),
        "{stderr}"
    );
    let m = manifest(&out.join("manifest.json"));
    let left_out = m["left_out"].as_array().unwrap();
    assert!(left_out.iter().any(|l| l["extract"] == "assessments"
        && l["rows"] == 2
        && l["reason"].as_str().unwrap().contains("R7")));
    let (header, rows) = read_csv(&out.join("metric_results.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ela_all = rows
        .iter()
        .find(|r| {
            r[at("school_id")] == "00000000000001"
                && r[at("metric")] == "ELA_PERF"
                && r[at("group")] == "ALL"
        })
        .unwrap();
    assert_eq!(ela_all[at("n")], "28");
}
