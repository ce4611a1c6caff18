//! A fuzz harness for the loaders that runs on stable Rust (no cargo-fuzz, which needs
//! nightly): it feeds damaged inputs to the real pipeline, in process, and checks that the
//! program never panics and never accepts garbage.
//!
//! Every case changes one input of a small valid data set (made by `synth`, once per run, in
//! CSV and in Parquet): one of the six extracts of the computed year or the prior year's
//! assessments, in either format, the cut-point file, the configuration or the history file.
//! A case is either *garbage* — random bytes that are not text (they start with a byte no
//! UTF-8 text starts with) — which must be refused, or a *mutation* of the valid file (bytes
//! flipped, cut, repeated, or interesting tokens such as `NaN`, `1e308`, quotes and line
//! breaks inserted), which may be accepted or refused but never crash. A refusal must be a
//! data or usage error (exit 1 or 2), not an internal failure.
//!
//! `cargo test` runs a bounded number of cases (`tests/cli/fuzz.rs`); `bench/fuzz.sh` runs
//! the `core-index-fuzz` binary for longer.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use core_index::config::Config;
use core_index::error::{kind, ErrorKind};
use core_index::pipeline::{self, ComputeRequest};
use core_index::report::extract_writer::DataFormat;
use core_index::report::publish::TempFolder;
use core_index_synth::{synthesize, SynthOptions};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The year the harness computes; the data set also has its prior year.
const YEAR: i32 = 2016;

/// What one case changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// An extract file (`2016/students.csv`, `2015/assessments.parquet`, …).
    Extract(&'static str, i32, DataFormat),
    CutPoints,
    Config,
    History,
}

impl Target {
    fn describe(self) -> String {
        match self {
            Target::Extract(name, year, format) => format!("{year}/{name}.{}", format.extension()),
            Target::CutPoints => "cutpoints.csv".into(),
            Target::Config => "config.toml".into(),
            Target::History => "history.csv".into(),
        }
    }
}

/// Something the harness found: a case that crashed, or garbage that was accepted, or a
/// refusal that was an internal failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub case: u64,
    pub input: String,
    pub how: String,
    pub outcome: String,
}

/// The tally of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FuzzReport {
    pub cases: u64,
    pub refused: u64,
    pub accepted: u64,
    pub findings: Vec<Finding>,
}

/// A valid data set in one format, in a temporary folder of its own.
struct Fixture {
    folder: TempFolder,
}

impl Fixture {
    fn new(format: DataFormat) -> anyhow::Result<Fixture> {
        let folder = TempFolder::new("fuzz")?;
        let options = SynthOptions {
            schools: Some(12),
            students: 2_400,
            first_year: YEAR - 1,
            last_year: YEAR,
            seed: 11,
            format,
            caaspp: None,
        };
        synthesize(&options, folder.path(), &|_| {})?;
        Ok(Fixture { folder })
    }

    fn path(&self) -> &Path {
        self.folder.path()
    }
}

/// Tokens worth inserting: separators, quotes, line breaks, non-numbers and absurd numbers,
/// bytes that are not UTF-8, codes that are almost right.
const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"",
    b" ",
    b"NaN",
    b"inf",
    b"-inf",
    b"-1",
    b"0",
    b"1e308",
    b"-2500",
    b"99999999999999999999",
    b"1.5",
    b"Y",
    b"N",
    b"ZZ",
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"PAR1",
    b"ELA",
    b"MATH",
    b"2015",
    b"GRAD",
    b"*",
    b"=",
    b"[support]",
];

/// Makes the bytes of one case from the valid file: (bytes, must be refused, description).
fn make_case(rng: &mut ChaCha8Rng, valid: &[u8]) -> (Vec<u8>, bool, String) {
    if rng.random_range(0..4) == 0 {
        // Garbage: random bytes after a continuation byte, which no UTF-8 text starts with.
        let len = rng.random_range(1..4096);
        let mut bytes = vec![rng.random_range(0x80u8..0xc0)];
        bytes.extend((0..len).map(|_| rng.random::<u8>()));
        return (bytes, true, format!("{} random bytes", bytes_len(len + 1)));
    }
    let mut bytes = valid.to_vec();
    let mutations = rng.random_range(1..6);
    let mut how = Vec::new();
    for _ in 0..mutations {
        let at = if bytes.is_empty() {
            0
        } else {
            rng.random_range(0..bytes.len())
        };
        match rng.random_range(0..6) {
            0 if !bytes.is_empty() => {
                bytes[at] ^= 1 << rng.random_range(0..8);
                how.push(format!("flip a bit at {at}"));
            }
            1 => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
                how.push(format!(
                    "insert {:?} at {at}",
                    String::from_utf8_lossy(token)
                ));
            }
            2 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(at..end);
                how.push(format!("delete {at}..{end}"));
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..256)).min(bytes.len());
                let copy: Vec<u8> = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
                how.push(format!("repeat {at}..{end}"));
            }
            4 => {
                bytes.truncate(at);
                how.push(format!("truncate at {at}"));
            }
            _ => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())];
                let end = (at + token.len()).min(bytes.len());
                bytes.splice(at..end, token.iter().copied());
                how.push(format!(
                    "overwrite at {at} with {:?}",
                    String::from_utf8_lossy(token)
                ));
            }
        }
    }
    (bytes, false, how.join(", "))
}

fn bytes_len(n: usize) -> String {
    n.to_string()
}

/// Runs `cases` cases from `seed`; `progress` hears the number of cases done.
pub fn run(cases: u64, seed: u64, progress: &dyn Fn(u64)) -> anyhow::Result<FuzzReport> {
    let csv = Fixture::new(DataFormat::Csv)?;
    let parquet = Fixture::new(DataFormat::Parquet)?;
    let scratch = TempFolder::new("fuzz-inputs")?;
    // A valid configuration and history to mutate.
    let config_text =
        b"n_size = 20\n[domains]\nacademic = 60\nsecc = 40\n[support]\npartners = 3\n".to_vec();
    let history_text =
        b"year,school_id,designation\n2015,05132270000001,FOCUS\n2014,05132270000001,FOCUS\n"
            .to_vec();
    let mut targets = Vec::new();
    for format in [DataFormat::Csv, DataFormat::Parquet] {
        for name in core_index::schema::EXTRACTS.iter().map(|e| e.name) {
            targets.push(Target::Extract(name, YEAR, format));
        }
        targets.push(Target::Extract("assessments", YEAR - 1, format));
    }
    targets.extend([Target::CutPoints, Target::Config, Target::History]);

    // Panics are caught and reported as findings; their default message would only repeat it.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut report = FuzzReport::default();
    let result = (|| -> anyhow::Result<()> {
        for case in 0..cases {
            let target = targets[rng.random_range(0..targets.len())];
            let fixture = match target {
                Target::Extract(_, _, DataFormat::Parquet) => &parquet,
                _ => &csv,
            };
            let path: PathBuf = match target {
                Target::Extract(..) | Target::CutPoints => fixture.path().join(target.describe()),
                Target::Config | Target::History => scratch.path().join(target.describe()),
            };
            let valid = match target {
                Target::Config => config_text.clone(),
                Target::History => history_text.clone(),
                _ => std::fs::read(&path)?,
            };
            let (bytes, must_refuse, how) = make_case(&mut rng, &valid);
            write(fixture, &scratch, target, &bytes)?;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                compute(fixture.path(), scratch.path(), target)
            }));
            // Put the valid file back for the next case.
            match target {
                Target::Config | Target::History => {}
                _ => write(fixture, &scratch, target, &valid)?,
            }
            report.cases += 1;
            let finding = |outcome: String| Finding {
                case,
                input: target.describe(),
                how: how.clone(),
                outcome,
            };
            match outcome {
                Err(_) => report.findings.push(finding("panicked".into())),
                Ok(Ok(())) if must_refuse => {
                    report.accepted += 1;
                    report.findings.push(finding("garbage was accepted".into()));
                }
                Ok(Ok(())) => report.accepted += 1,
                Ok(Err(err)) => {
                    report.refused += 1;
                    if kind(&err) == ErrorKind::Internal {
                        report
                            .findings
                            .push(finding(format!("refused as an internal failure: {err:#}")));
                    }
                }
            }
            progress(report.cases);
        }
        Ok(())
    })();
    std::panic::set_hook(previous_hook);
    result?;
    Ok(report)
}

/// Puts a case's bytes where `target` is read from.
fn write(
    fixture: &Fixture,
    scratch: &TempFolder,
    target: Target,
    bytes: &[u8],
) -> anyhow::Result<()> {
    match target {
        Target::Config | Target::History => scratch.write(&target.describe(), bytes),
        _ => fixture.folder.write(&target.describe(), bytes),
    }
}

/// One `compute` of the fixture, as the command would run it, with the case's inputs: the
/// configuration and history files of `scratch` when they are the target.
fn compute(data: &Path, scratch: &Path, target: Target) -> anyhow::Result<()> {
    let config = match target {
        Target::Config => Config::load(Some(&scratch.join("config.toml")), &[])?,
        _ => Config::default(),
    };
    let request = ComputeRequest {
        data_dir: data.to_path_buf(),
        data_label: None,
        years: pipeline::Years::One {
            year: YEAR,
            prior: None,
        },
        config,
        cutpoints_file: data.join("cutpoints.csv"),
        history_file: (target == Target::History).then(|| scratch.join("history.csv")),
        command: vec!["compute".into()],
    };
    // Rendered files are dropped: the case checks how the run ends, not what it writes.
    pipeline::run(&request, &mut |_, _| Ok(()), &core_index::events::ignore).map(|_| ())
}
