//! `core-index verify` (data-contract §4) on the real binary: a published folder recomputed
//! and compared report by report — on the demo data, after DATA and OUT moved elsewhere,
//! with an edited report cell, an edited input byte, a deleted report, a run with every
//! option, a `--prior` run, a multi-year folder — writing nothing into or beside OUT and
//! leaving no temporary folder, also when interrupted; and the example CI job of `docs/ci`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::common::*;

/// The twelve reports of a year folder (data-contract §5), in the manifest's order.
const REPORT_FILES: [&str; 12] = [
    "metric_results.csv",
    "metric_results.parquet",
    "index.csv",
    "index.parquet",
    "growth.csv",
    "growth.parquet",
    "designations.csv",
    "designations.parquet",
    "partners.csv",
    "partners.parquet",
    "communities.csv",
    "communities.parquet",
];

/// A copy of the demo data folder at `to`.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn demo_copy(root: &Path) -> PathBuf {
    let data = root.join("data");
    copy_dir(&demo_data(), &data);
    data
}

fn compute(args: &[&str]) {
    bin()
        .args(["--quiet", "compute"])
        .args(args)
        .assert()
        .success();
}

fn verify(args: &[&str]) -> Output {
    bin().arg("verify").args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// verify's line for `file` (e.g. `index.csv`, `2016/index.csv`).
fn line_of<'a>(out: &'a str, file: &str) -> &'a str {
    let prefix = format!("{file}: ");
    out.lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line for {file} in:\n{out}"))
}

/// Asserts exit 0 and "identical" for every report of every folder prefix ("" or "2016/").
fn assert_all_identical(output: &Output, prefixes: &[&str]) {
    let out = stdout(output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "verify failed:\n{out}\n{}",
        stderr(output)
    );
    for prefix in prefixes {
        for file in REPORT_FILES {
            assert_eq!(
                line_of(&out, &format!("{prefix}{file}")),
                format!("{prefix}{file}: identical")
            );
        }
        assert!(line_of(&out, &format!("{prefix}cutpoints.csv"))
            .contains("its SHA-256 is the one manifest.json records"));
    }
    assert!(
        !out.contains("differs") && !out.contains("missing"),
        "{out}"
    );
}

/// Every file and folder under `dir`, with its size and modification time.
fn listing(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut all = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        all.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
        if meta.is_dir() {
            all.extend(listing(&entry.path()));
        }
    }
    all
}

/// This process's temporary folders (`core-index-PURPOSE-PID-N`) in the system's
/// temporary folder.
fn temporaries_of(pid: u32) -> Vec<PathBuf> {
    let marker = format!("-{pid}-");
    fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("core-index-") && name.contains(&marker)
        })
        .collect()
}

/// Rewrites the cell `column` of data row `row` (0-based) of a report CSV to `new`;
/// returns the row's school_id and the old value.
fn edit_cell(path: &Path, row: usize, column: &str, new: &str) -> (String, String) {
    let (header, mut rows) = read_csv(path);
    let at = header.iter().position(|h| h == column).unwrap();
    let school = header.iter().position(|h| h == "school_id").unwrap();
    let old = std::mem::replace(&mut rows[row][at], new.to_string());
    assert_ne!(old, new);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .unwrap();
    writer.write_record(&header).unwrap();
    for r in &rows {
        writer.write_record(r).unwrap();
    }
    writer.flush().unwrap();
    (rows[row][school].clone(), old)
}

/// data-contract §4: compute on the built-in demo data, then verify with no option: every
/// report identical, exit 0. The demo data is found because the manifest records none.
#[test]
fn demo_compute_then_verify_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    compute(&["--out", text(&out)]);
    let output = verify(&[text(&out)]);
    assert_all_identical(&output, &[""]);
    assert!(
        stderr(&output).contains("all 12 reports identical"),
        "{}",
        stderr(&output)
    );
}

/// Inputs are found by their place in the layout: DATA and OUT moved together to another
/// path verify with --data; without it, the recorded folder is gone (exit 2, with a hint).
#[test]
fn a_moved_data_and_output_folder_verifies_with_data() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    let data = demo_copy(&before);
    let out = before.join("out");
    compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]);
    let after = dir.path().join("elsewhere").join("after");
    fs::create_dir_all(after.parent().unwrap()).unwrap();
    fs::rename(&before, &after).unwrap();

    let gone = verify(&[text(&after.join("out"))]);
    assert_eq!(gone.status.code(), Some(2), "{}", stderr(&gone));
    assert!(
        stderr(&gone).contains(text(&data)) && stderr(&gone).contains("--data"),
        "{}",
        stderr(&gone)
    );

    let output = verify(&[
        text(&after.join("out")),
        "--data",
        text(&after.join("data")),
    ]);
    assert_all_identical(&output, &[""]);
}

/// One edited cell of OUT/index.csv: exit 1, the index.csv line names the school, the
/// column and both values; every other report is still identical.
#[test]
fn an_edited_cell_in_index_is_named_with_school_column_and_both_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    compute(&["--out", text(&out)]);
    let (school, old) = edit_cell(&out.join("index.csv"), 2, "index_score", "99.5");
    let output = verify(&[text(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out_text = stdout(&output);
    assert_eq!(
        line_of(&out_text, "index.csv"),
        format!(
            "index.csv: differs at row 3 (school_id={school}), column index_score: OUT has \"99.5\", recomputed \"{old}\""
        )
    );
    for file in REPORT_FILES.iter().filter(|f| **f != "index.csv") {
        assert_eq!(line_of(&out_text, file), format!("{file}: identical"));
    }
    assert!(stderr(&output).contains("1 of 12 reports differ"));
}

/// A deleted report is a difference named as missing (exit 1), not a usage error.
#[test]
fn a_deleted_report_is_named_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    compute(&["--out", text(&out)]);
    fs::remove_file(out.join("growth.parquet")).unwrap();
    let output = verify(&[text(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        line_of(&stdout(&output), "growth.parquet"),
        "growth.parquet: missing from OUT"
    );
    assert_eq!(
        line_of(&stdout(&output), "growth.csv"),
        "growth.csv: identical"
    );
}

/// Flips one byte of a file, keeping its size (a digit becomes another digit).
fn flip_a_digit(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let at = (bytes.len() / 2..bytes.len())
        .find(|&i| bytes[i].is_ascii_digit())
        .unwrap();
    bytes[at] = if bytes[at] == b'9' {
        b'8'
    } else {
        bytes[at] + 1
    };
    fs::write(path, bytes).unwrap();
}

/// An input that is not the one the run read — one edited byte in this year's students or
/// last year's assessments, or an extract the run did not read — refuses before anything
/// is computed (exit 1, no report line), naming the extract and the year.
#[test]
fn an_edited_or_added_input_refuses_before_computing() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_copy(dir.path());
    let sel = fs::read(data.join("2016").join("sel.csv")).unwrap();
    fs::remove_file(data.join("2016").join("sel.csv")).unwrap();
    let out = dir.path().join("out");
    compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]);
    assert_all_identical(&verify(&[text(&out)]), &[""]);

    flip_a_digit(&data.join("2016").join("students.csv"));
    let output = verify(&[text(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "", "nothing is recomputed or compared");
    let message = stderr(&output);
    assert!(
        message.contains("nothing was recomputed")
            && message.contains("students extract of 2016: ")
            && message.contains("2016/students.csv is not the file the run read"),
        "{message}"
    );

    flip_a_digit(&data.join("2015").join("assessments.csv"));
    fs::write(data.join("2016").join("sel.csv"), sel).unwrap();
    let message = stderr(&verify(&[text(&out)]));
    assert!(
        message.contains("cannot verify: 3 problems")
            && message.contains("assessments extract of 2015: ")
            && message.contains("sel extract of 2016: ")
            && message.contains(
                "2016/sel.csv is in the data folder, but the published run did not read it"
            ),
        "{message}"
    );
}

/// A run with --set, --config, --cutpoints from elsewhere and --history verifies with
/// nothing but --data, after the configuration, cut-point and history files are gone: the
/// recorded configuration and the copies in OUT are what verify recomputes with.
#[test]
fn a_run_with_every_option_verifies_with_data_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_copy(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    let cutpoints = elsewhere.join("cuts.csv");
    fs::rename(data.join("cutpoints.csv"), &cutpoints).unwrap();
    let config = elsewhere.join("what-if.toml");
    fs::write(&config, "n_size = 15\n\n[support]\npartners = 2\n").unwrap();
    let schools = column(&data.join("2016").join("schools.csv"), "school_id");
    let history = elsewhere.join("history.csv");
    fs::write(
        &history,
        format!(
            "year,school_id,designation\n2014,{a},PRIORITY\n2015,{a},PRIORITY\n2015,{b},FOCUS\n",
            a = schools[0],
            b = schools[1]
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    compute(&[
        "--data",
        text(&data),
        "--year",
        "2016",
        "--config",
        text(&config),
        "--cutpoints",
        text(&cutpoints),
        "--set",
        "domains.academic=50",
        "--set",
        "designations.focus_pct=12.345678901234567",
        "--history",
        text(&history),
        "--out",
        text(&out),
    ]);
    fs::remove_dir_all(&elsewhere).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["config"]["n_size"], 15);
    assert_eq!(manifest["config"]["domains"]["academic"], 50.0);

    let output = verify(&[text(&out), "--data", text(&data)]);
    assert_all_identical(&output, &[""]);
    assert!(line_of(&stdout(&output), "history.csv").contains("the copy the recomputation used"));

    // The copy is checked by its SHA-256: an edited history.csv refuses (exit 1).
    let mut copy = fs::read(out.join("history.csv")).unwrap();
    copy.extend_from_slice(format!("2013,{},FOCUS\n", schools[2]).as_bytes());
    fs::write(out.join("history.csv"), copy).unwrap();
    let refused = verify(&[text(&out), "--data", text(&data)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("history.csv: not the file the run wrote"),
        "{}",
        stderr(&refused)
    );
}

/// verify writes nothing into or beside OUT (every file and folder of OUT's parent keeps
/// its size and modification time) and leaves no temporary folder of its process.
#[test]
fn verify_writes_nothing_and_leaves_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let published = dir.path().join("published");
    let out = published.join("2016");
    compute(&["--out", text(&out)]);
    let before = listing(&published);
    let child = Command::new(env!("CARGO_BIN_EXE_core-index"))
        .args(["verify", text(&out)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let output = child.wait_with_output().unwrap();
    assert_all_identical(&output, &[""]);
    assert_eq!(
        listing(&published),
        before,
        "verify wrote into or beside OUT"
    );
    assert_eq!(temporaries_of(pid), Vec::<PathBuf>::new());
}

/// SIGINT while verify recomputes a larger synthetic year: the process ends with 130 and
/// its temporary folder is gone; OUT is untouched.
#[test]
fn an_interrupted_verify_leaves_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    bin()
        .args(["--quiet", "synth", "--out", text(&data)])
        .args(["--students", "60000", "--years", "2015-2016", "--seed", "5"])
        .assert()
        .success();
    let out = dir.path().join("out");
    compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]);
    let before = listing(dir.path());

    let mut child = Command::new(env!("CARGO_BIN_EXE_core-index"))
        .args(["verify", text(&out), "--data", text(&data)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Interrupt once the recomputation's temporary folder exists.
    let start = Instant::now();
    let recomputing = format!("core-index-verify-{pid}-");
    while !temporaries_of(pid).iter().any(|p| {
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&recomputing)
    }) {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "verify never started recomputing"
        );
        assert!(child.try_wait().unwrap().is_none(), "verify ended first");
        std::thread::sleep(Duration::from_millis(5));
    }
    Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "verify was interrupted by SIGINT");
    assert_eq!(temporaries_of(pid), Vec::<PathBuf>::new());
    assert_eq!(listing(dir.path()), before, "OUT and DATA are untouched");
}

/// A multi-year folder verifies year by year, each year's prior results being OUT/Y−1; an
/// edited cell of the last year is named with its year folder; an edited report of an
/// earlier year refuses the next year, whose prior results it was (exit 1).
#[test]
fn a_multi_year_folder_verifies_year_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("series");
    compute(&["--years", "2014-2016", "--out", text(&out)]);
    let output = verify(&[text(&out)]);
    assert_all_identical(&output, &["2014/", "2015/", "2016/"]);
    assert!(line_of(&stdout(&output), "2016/history.csv").contains("the copy"));
    assert!(stderr(&output).contains("3 years, 2014–2016"));

    let (school, old) = edit_cell(&out.join("2016").join("index.csv"), 0, "school_name", "X");
    let output = verify(&[text(&out)]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        line_of(&stdout(&output), "2016/index.csv"),
        format!("2016/index.csv: differs at row 1 (school_id={school}), column school_name: OUT has \"X\", recomputed \"{old}\"")
    );
    assert_eq!(
        line_of(&stdout(&output), "2015/index.csv"),
        "2015/index.csv: identical"
    );

    edit_cell(&out.join("2015").join("index.csv"), 0, "school_name", "X");
    let refused = verify(&[text(&out)]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(
        message.contains("prior results of 2016 (R35): ")
            && message.contains("index.csv is not the file the run read")
            && message.contains(&format!("core-index verify {}", text(&out.join("2015")))),
        "{message}"
    );
}

/// A one-year run computed with --prior: its prior folder is found where the manifest
/// records it, else beside OUT (a series moved together), else with verify's --prior.
#[test]
fn a_prior_run_finds_its_prior_folder() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    compute(&["--year", "2015", "--out", text(&first.join("2015"))]);
    compute(&[
        "--year",
        "2016",
        "--prior",
        text(&first.join("2015")),
        "--out",
        text(&first.join("2016")),
    ]);
    assert_all_identical(&verify(&[text(&first.join("2016"))]), &[""]);

    let moved = dir.path().join("moved");
    fs::rename(&first, &moved).unwrap();
    assert_all_identical(&verify(&[text(&moved.join("2016"))]), &[""]);

    let apart = dir.path().join("apart-2015");
    fs::rename(moved.join("2015"), &apart).unwrap();
    let refused = verify(&[text(&moved.join("2016"))]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("prior results of 2016 (R35)")
            && stderr(&refused).contains("hint: pass --prior PRIOR_OUT"),
        "{}",
        stderr(&refused)
    );
    assert_all_identical(
        &verify(&[text(&moved.join("2016")), "--prior", text(&apart)]),
        &[""],
    );
}

/// A folder written by another version is verified with a warning naming that version; a
/// folder that is not an output of compute is a usage error (exit 2).
#[test]
fn another_version_warns_and_a_foreign_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    compute(&["--out", text(&out)]);
    let path = out.join("manifest.json");
    let manifest = fs::read_to_string(&path).unwrap().replacen(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"0.0.9\"",
        1,
    );
    fs::write(&path, manifest).unwrap();
    let output = verify(&[text(&out)]);
    assert_all_identical(&output, &[""]);
    assert!(
        stderr(&output).contains("warning: ") && stderr(&output).contains("core-index 0.0.9"),
        "{}",
        stderr(&output)
    );

    let foreign = dir.path().join("foreign");
    fs::create_dir_all(&foreign).unwrap();
    let output = verify(&[text(&foreign)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("manifest.json"));
}

/// The example CI job (docs/ci/verify-published.sh) on the demo data: exit 0 with every
/// report identical and the lines in the job summary; exit 1 once a report is edited. The
/// GitHub Actions workflow runs the same script.
#[test]
fn the_ci_script_verifies_a_published_demo_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("docs").join("ci").join("verify-published.sh");
    let workflow =
        fs::read_to_string(root.join("docs").join("ci").join("verify-published.yml")).unwrap();
    assert!(workflow.contains("docs/ci/verify-published.sh"));

    let dir = tempfile::tempdir().unwrap();
    let data = demo_copy(dir.path());
    let out = dir.path().join("published");
    compute(&["--data", text(&data), "--year", "2016", "--out", text(&out)]);
    let summary = dir.path().join("summary.md");
    let run = |args: &[&Path]| {
        Command::new("bash")
            .arg(&script)
            .args(args)
            .env("CORE_INDEX", env!("CARGO_BIN_EXE_core-index"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap()
    };
    let output = run(&[&out, &data]);
    assert_all_identical(&output, &[""]);
    let summary_text = fs::read_to_string(&summary).unwrap();
    assert!(
        summary_text.contains("index.csv: identical"),
        "{summary_text}"
    );
    // Without DATA: the data folder the manifest records.
    assert_all_identical(&run(&[&out]), &[""]);

    edit_cell(&out.join("designations.csv"), 0, "designation", "EDITED");
    let output = run(&[&out, &data]);
    assert_eq!(output.status.code(), Some(1));
    assert!(line_of(&stdout(&output), "designations.csv").contains("column designation"));
}
