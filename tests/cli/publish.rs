//! All-or-nothing output in fact (data-contract §3): a run is killed at random moments while
//! it replaces an earlier run's OUT, and two runs race into one OUT. At every moment OUT holds
//! one complete run — the earlier or the new — never a mix, and a SIGTERM leaves no staging
//! folder behind (a SIGKILL's is removed by the next run).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::*;

/// Every file of an output folder: name → bytes, except the manifest, which records
/// timings and paths; of the manifest, the configuration (which tells the runs apart).
fn snapshot(out: &Path) -> (BTreeMap<String, Vec<u8>>, String) {
    let mut files = BTreeMap::new();
    let mut command = String::new();
    for entry in fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "manifest.json" {
            let manifest: serde_json::Value =
                serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
            command = manifest["config"].to_string();
        } else {
            files.insert(name, fs::read(&path).unwrap());
        }
    }
    (files, command)
}

/// A `compute` of `data` into `out`; `variant` makes two runs with different reports.
fn compute_command(data: &Path, out: &Path, variant: usize) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_core-index"));
    command
        .args(["--quiet", "compute", "--data"])
        .arg(data)
        .args(["--year", "2016", "--out"])
        .arg(out)
        .args([
            "--set",
            ["domains.academic=60", "domains.academic=45"][variant],
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Staging folders beside `out` (`.out.tmp-PID-N`).
fn stagings(out: &Path) -> Vec<PathBuf> {
    let parent = out.parent().unwrap();
    let prefix = format!(".{}.tmp-", out.file_name().unwrap().to_string_lossy());
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .collect()
}

/// The 200 k-student data set both tests use, made by `synth`.
fn large_data(root: &Path) -> PathBuf {
    let data = root.join("data");
    bin()
        .args(["--quiet", "synth", "--out"])
        .arg(&data)
        .args([
            "--students",
            "200000",
            "--years",
            "2015-2016",
            "--seed",
            "3",
        ])
        .assert()
        .success();
    data
}

#[test]
fn killed_runs_leave_out_holding_one_complete_run() {
    let root = tempfile::tempdir().unwrap();
    let data = large_data(root.path());
    // The two complete runs, made undisturbed.
    let mut runs = Vec::new();
    for variant in 0..2 {
        let out = root.path().join(format!("run{variant}"));
        let start = Instant::now();
        assert!(compute_command(&data, &out, variant)
            .status()
            .unwrap()
            .success());
        runs.push((snapshot(&out), start.elapsed()));
    }
    assert_ne!(runs[0].0 .0, runs[1].0 .0, "the two runs differ");
    let longest = runs.iter().map(|r| r.1).max().unwrap();

    let out = root.path().join("out");
    assert!(compute_command(&data, &out, 0).status().unwrap().success());
    let mut holds = 0;
    let mut interrupted = 0;
    // A fixed pseudo-random sequence of kill moments across the whole run (and a little
    // past it, so some runs complete).
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..12 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = longest.mul_f64((seed % 1000) as f64 / 850.0);
        let signal = if round % 2 == 0 { "KILL" } else { "TERM" };
        let next = 1 - holds;
        let mut child = compute_command(&data, &out, next).spawn().unwrap();
        std::thread::sleep(delay);
        Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        interrupted += usize::from(!status.success());
        let now = snapshot(&out);
        let which = runs.iter().position(|r| r.0 == now);
        let which = which.unwrap_or_else(|| {
            panic!("round {round} (SIG{signal} after {delay:?}): OUT is neither complete run")
        });
        assert!(
            which == holds || which == next,
            "round {round}: OUT holds run {which}"
        );
        if signal == "TERM" && !status.success() {
            assert_eq!(
                stagings(&out),
                Vec::<PathBuf>::new(),
                "round {round}: SIGTERM left a staging folder"
            );
        }
        holds = which;
    }
    assert!(
        interrupted >= 3,
        "only {interrupted} of 12 runs were interrupted"
    );
    // A SIGKILL's staging folder is gone after the next complete run.
    assert!(compute_command(&data, &out, 0).status().unwrap().success());
    assert_eq!(stagings(&out), Vec::<PathBuf>::new());
    assert_eq!(snapshot(&out), runs[0].0);
}

#[test]
fn two_runs_racing_into_one_out_never_mix() {
    let root = tempfile::tempdir().unwrap();
    let data = setup(root.path());
    let out = root.path().join("out");
    let mut expected = Vec::new();
    for variant in 0..2 {
        let alone = root.path().join(format!("alone{variant}"));
        assert!(compute_command(&data, &alone, variant)
            .status()
            .unwrap()
            .success());
        expected.push(snapshot(&alone));
    }
    for _ in 0..6 {
        let mut a = compute_command(&data, &out, 0).spawn().unwrap();
        let mut b = compute_command(&data, &out, 1).spawn().unwrap();
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let now = snapshot(&out);
        assert!(expected.contains(&now), "OUT is a mix of the two runs");
        assert_eq!(stagings(&out), Vec::<PathBuf>::new());
    }
}
