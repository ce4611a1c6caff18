//! `core-index verify` (data-contract §4): shows that a published output folder is what this
//! program gives on the published inputs, or says where it is not.
//!
//! Three steps, each its own function so the command layer can print between them:
//!
//! 1. [`read_published`]: OUT's `manifest.json` — one year's [`Manifest`], or a multi-year
//!    run's [`RunManifest`] and the manifest of every year folder `OUT/Y`.
//! 2. [`check_before_computing`]: for every year, before anything is computed, each input
//!    the manifest records is looked up by its place in the layout (`2016/students.csv`)
//!    under DATA — never by the absolute path it had — and must have the recorded SHA-256;
//!    an extract DATA holds that the run did not read (a recomputation would read it) is a
//!    difference too; the copies `cutpoints.csv` and `history.csv` in OUT must have their
//!    recorded SHA-256; the configuration must have its recorded hash; and the prior results
//!    (R35) must be found with the recorded SHA-256s of their `metric_results.csv` and
//!    `index.csv`. Any problem refuses the whole folder ([`Refusal`], exit 1), each named.
//! 3. [`verify_year`]: recomputes one year with the recorded configuration, the copies of
//!    cut points and history kept in OUT (never the paths they were read from), and the
//!    prior folder found, into a [`TempFolder`] removed afterwards (also on SIGINT: it is
//!    registered with the signal handler), then compares every report the manifest lists
//!    with OUT's byte for byte ([`diff`] says where two differ).
//!
//! The prior results of a year: in a multi-year folder, always the sibling `OUT/Y−1` (the
//! run's own year Y−1); in a one-year folder computed with `--prior`, the folder named by
//! verify's `--prior` when given, else the folder the manifest records, else OUT's sibling
//! folder named Y−1 (a published series `out/2015`, `out/2016` moved together) — whichever
//! first has the recorded files.
//!
//! Nothing here writes into or beside OUT or DATA: the only folder written is the
//! temporary one.

pub(crate) mod diff;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::dataset::InputFile;
use crate::error::{quote, UsageError};
use crate::events::Events;
use crate::hash::{sha256_hex, short, Sha256Hasher};
use crate::load::output::{parse_manifest, ManifestFile, ManifestProblem};
use crate::pipeline::{self, ComputeRequest, Years};
use crate::report::manifest::{self, CopiedFile, Manifest, PriorRecord};
use crate::report::publish::TempFolder;
use crate::schema;

/// What a usage error about OUT says next.
const OUT_HINT: &str =
    "verify takes an output folder written by `core-index compute` (with its manifest.json)";

/// A published output folder, as its manifests describe it.
#[derive(Debug, Clone)]
pub struct Published {
    pub out: PathBuf,
    /// Written by `compute --years A-B`: each year in its folder `OUT/Y`.
    pub multi_year: bool,
    /// Every year folder, in order (OUT itself for a one-year run).
    pub years: Vec<YearFolder>,
    /// The data folder the run recorded; `None` for the built-in demo data.
    pub data_dir: Option<String>,
    /// The program versions that wrote the manifests.
    pub versions: BTreeSet<String>,
}

/// One year folder of a published run.
#[derive(Debug, Clone)]
pub struct YearFolder {
    pub folder: PathBuf,
    /// How its files are named in messages: `""` for a one-year OUT, `"2016/"` in a
    /// multi-year one.
    pub prefix: String,
    pub manifest: Manifest,
}

impl Published {
    /// A warning for each program version other than this one that wrote the folder: a
    /// difference may then come from the program rather than from the inputs.
    pub fn warnings(&self) -> Vec<String> {
        let ours = env!("CARGO_PKG_VERSION");
        self.versions
            .iter()
            .filter(|v| v.as_str() != ours)
            .map(|v| {
                format!(
                    "{} was written by core-index {v}, this is core-index {ours}: a difference may come from the program, not from the inputs",
                    self.out.display()
                )
            })
            .collect()
    }
}

/// Verification refused before anything was computed (or an input changed while it ran):
/// every problem found, each naming what it concerns. Exit status 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub problems: Vec<String>,
    /// What to do about them, one sentence each.
    pub hints: Vec<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "cannot verify: {n} problem{} with what the published run was computed from; nothing was recomputed",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Refusal {}

/// Reads OUT's manifests. A folder that is not an output of `compute` (no manifest, not
/// core-index's, another manifest format) is a usage error (exit 2); a year folder a
/// multi-year manifest lists but OUT lacks is a [`Refusal`] (exit 1).
pub fn read_published(out: &Path) -> anyhow::Result<Published> {
    if !out.is_dir() {
        let what = if out.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(
            UsageError::new(format!("OUT {}: the folder {what}", out.display()))
                .with_hint(OUT_HINT)
                .into(),
        );
    }
    let top = read_manifest(out, Path::new("manifest.json"))?;
    let mut versions = BTreeSet::new();
    let run = match top {
        ManifestFile::Year(manifest) => {
            versions.insert(manifest.version.clone());
            return Ok(Published {
                out: out.to_path_buf(),
                multi_year: false,
                data_dir: manifest.data_dir.clone(),
                years: vec![YearFolder {
                    folder: out.to_path_buf(),
                    prefix: String::new(),
                    manifest: *manifest,
                }],
                versions,
            });
        }
        ManifestFile::Run(run) => run,
    };
    versions.insert(run.version.clone());
    let mut years = Vec::new();
    let mut problems = Vec::new();
    for &year in &run.years {
        let place = PathBuf::from(year.to_string()).join("manifest.json");
        if !out.join(&place).is_file() {
            problems.push(format!(
                "{year}/manifest.json: missing from OUT (OUT's manifest.json lists the year {year})"
            ));
            continue;
        }
        let ManifestFile::Year(manifest) = read_manifest(out, &place)? else {
            return Err(UsageError::new(format!(
                "{} is the manifest of a multi-year run, not of the year {year}",
                out.join(&place).display()
            ))
            .with_hint(OUT_HINT)
            .into());
        };
        if manifest.year != year {
            problems.push(format!(
                "{year}/manifest.json: it is the manifest of {}, not {year}",
                manifest.year
            ));
            continue;
        }
        versions.insert(manifest.version.clone());
        years.push(YearFolder {
            folder: out.join(year.to_string()),
            prefix: format!("{year}/"),
            manifest: *manifest,
        });
    }
    if !problems.is_empty() {
        return Err(Refusal {
            problems,
            hints: vec![
                "publish every year folder of the run together with OUT's manifest.json".into(),
            ],
        }
        .into());
    }
    Ok(Published {
        out: out.to_path_buf(),
        multi_year: true,
        years,
        data_dir: run.data_dir,
        versions,
    })
}

/// A manifest of OUT (`place` inside it), refused as a usage error when it is not
/// core-index's, of another manifest format, or unreadable.
fn read_manifest(out: &Path, place: &Path) -> Result<ManifestFile, UsageError> {
    let path = out.join(place);
    let shown = path.display();
    let bytes = std::fs::read(&path)
        .map_err(|e| UsageError::new(format!("cannot read {shown}: {e}")).with_hint(OUT_HINT))?;
    parse_manifest(&bytes).map_err(|problem| match problem {
        ManifestProblem::NotJson(e) => {
            UsageError::new(format!("{shown} is not JSON ({e})")).with_hint(OUT_HINT)
        }
        ManifestProblem::NotOurs => {
            UsageError::new(format!("{shown} was not written by core-index")).with_hint(OUT_HINT)
        }
        ManifestProblem::OtherFormat { version, format } => UsageError::new(format!(
            "{shown}: written by core-index {} in manifest format {format}, this version reads format {}",
            version.as_deref().unwrap_or("(unknown)"),
            manifest::FORMAT
        ))
        .with_hint("verify it with the version of core-index that wrote it"),
        ManifestProblem::Unreadable(e) => {
            UsageError::new(format!("{shown} cannot be read ({e})")).with_hint(OUT_HINT)
        }
    })
}

/// One year ready to recompute: its folder and manifest, and where its prior results are.
#[derive(Debug, Clone)]
pub struct YearPlan<'a> {
    pub year: &'a YearFolder,
    /// The folder of the prior results (R35), when the year had any.
    pub prior: Option<PathBuf>,
}

/// Where the inputs are: the data folder, and how messages name it (its path, or "(demo
/// data)" for the built-in demo data in a temporary folder).
#[derive(Debug, Clone, Copy)]
pub struct DataFolder<'a> {
    pub path: &'a Path,
    pub shown: &'a str,
}

/// Step 2: checks every year of `published` against DATA and OUT before anything is
/// computed. `prior` is verify's `--prior`, for a one-year folder computed with `--prior`.
pub fn check_before_computing<'a>(
    published: &'a Published,
    data: DataFolder<'_>,
    prior: Option<&Path>,
) -> anyhow::Result<Vec<YearPlan<'a>>> {
    if let Some(given) = prior {
        let why = if published.multi_year {
            Some("the years of a multi-year folder take their prior results from OUT/Y−1")
        } else if published.years[0].manifest.prior.is_none() {
            Some("OUT was computed without prior results")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(
                UsageError::new(format!("--prior {}: {why}", given.display()))
                    .with_hint("--prior is for a one-year folder computed with compute --prior")
                    .into(),
            );
        }
    }
    let mut problems = Vec::new();
    let mut hints = BTreeSet::new();
    let mut plans = Vec::new();
    for year in &published.years {
        let manifest = &year.manifest;
        let data_problems = input_problems(manifest, data);
        if !data_problems.is_empty() {
            hints.insert(format!(
                "verify needs the very inputs the run read, found by their place in the data folder (YEAR/EXTRACT.csv); pass --data for the folder that holds them{}",
                if data.shown == DEMO { " (this run was computed on the built-in demo data)" } else { "" }
            ));
        }
        let out_problems = out_problems(year);
        if !out_problems.is_empty() {
            hints.insert(
                "publish OUT as compute wrote it; recompute it with compute instead of editing it"
                    .into(),
            );
        }
        problems.extend(data_problems);
        problems.extend(out_problems);
        let prior = match find_prior(published, year, prior) {
            Ok(found) => found,
            Err((problem, hint)) => {
                problems.push(problem);
                hints.insert(hint);
                None
            }
        };
        plans.push(YearPlan { year, prior });
    }
    if problems.is_empty() {
        Ok(plans)
    } else {
        Err(Refusal {
            problems,
            hints: hints.into_iter().collect(),
        }
        .into())
    }
}

/// How messages name the built-in demo data.
pub const DEMO: &str = "(demo data)";

/// The year's inputs looked up in DATA by their place in the layout: missing, different,
/// or an extract DATA holds that the run did not read.
fn input_problems(manifest: &Manifest, data: DataFolder<'_>) -> Vec<String> {
    let mut problems: Vec<String> = manifest
        .inputs
        .iter()
        .filter_map(|input| input_problem(input, data))
        .collect();
    let recorded: BTreeSet<&str> = manifest.inputs.iter().map(|i| i.file.as_str()).collect();
    let year = manifest.year;
    // What a recomputation of `year` reads: every extract of the year, and the assessments
    // of the year before (growth's prior scores, R18), in either format.
    let read = schema::EXTRACTS
        .iter()
        .map(|e| (e.name, year))
        .chain([("assessments", year - 1)]);
    for (extract, of_year) in read {
        for ext in ["csv", "parquet"] {
            let place = format!("{of_year}/{extract}.{ext}");
            if !recorded.contains(place.as_str()) && data.path.join(&place).is_file() {
                problems.push(format!(
                    "{extract} extract of {of_year}: {}/{place} is in the data folder, but the published run did not read it (a recomputation would)",
                    data.shown
                ));
            }
        }
    }
    problems
}

/// One recorded input: at its place under DATA, with its SHA-256.
fn input_problem(input: &InputFile, data: DataFolder<'_>) -> Option<String> {
    let name = format!("{} extract of {}", input.extract, input.year);
    if !is_place_in_layout(input) {
        return Some(format!(
            "{name}: manifest.json records it at \"{}\", which is not a place in a data folder (YEAR/EXTRACT.csv or .parquet)",
            quote(&input.file)
        ));
    }
    let shown = format!("{}/{}", data.shown, input.file);
    let path = data.path.join(&input.file);
    if !path.is_file() {
        return Some(format!("{name}: {shown} does not exist"));
    }
    match file_sha256(&path) {
        Err(e) => Some(format!("{name}: cannot read {shown}: {e}")),
        Ok((bytes, sha256)) if sha256 != input.sha256 => Some(format!(
            "{name}: {shown} is not the file the run read (SHA-256 {}… here, {}… recorded; {bytes} bytes here, {} recorded)",
            short(&sha256),
            short(&input.sha256),
            input.bytes
        )),
        Ok(_) => None,
    }
}

/// Whether an input's recorded place is `YEAR/EXTRACT.csv` or `YEAR/EXTRACT.parquet` for
/// its own extract and year (so a manifest cannot send verify anywhere else).
fn is_place_in_layout(input: &InputFile) -> bool {
    let expected = |ext: &str| format!("{}/{}.{ext}", input.year, input.extract);
    schema::EXTRACTS.iter().any(|e| e.name == input.extract)
        && (input.file == expected("csv") || input.file == expected("parquet"))
}

/// The problems of OUT itself that stop a recomputation: the copies of the cut points and
/// history (checked by their SHA-256), the configuration's hash, file names.
fn out_problems(year: &YearFolder) -> Vec<String> {
    let manifest = &year.manifest;
    let mut problems = Vec::new();
    let copies = [
        Some((&manifest.cutpoints, "the cut points the run used")),
        manifest
            .history
            .as_ref()
            .map(|h| (h, "the designation history the run used")),
    ];
    for (copy, what) in copies.into_iter().flatten() {
        problems.extend(copy_problem(year, copy, what));
    }
    for output in &manifest.outputs {
        if !is_plain_name(&output.file) {
            problems.push(format!(
                "{}manifest.json lists the output \"{}\", which is not a file name",
                year.prefix,
                quote(&output.file)
            ));
        }
    }
    if manifest.config.hash() != manifest.config_hash {
        problems.push(format!(
            "{}manifest.json: its configuration does not have its recorded hash (config_hash)",
            year.prefix
        ));
    }
    problems
}

fn copy_problem(year: &YearFolder, copy: &CopiedFile, what: &str) -> Option<String> {
    if !is_plain_name(&copy.copy) {
        return Some(format!(
            "{}manifest.json names the copy of {what} \"{}\", which is not a file name",
            year.prefix,
            quote(&copy.copy)
        ));
    }
    let shown = format!("{}{}", year.prefix, copy.copy);
    match file_sha256(&year.folder.join(&copy.copy)) {
        Err(_) => Some(format!("{shown}: missing from OUT ({what})")),
        Ok((_, sha256)) if sha256 != copy.sha256 => Some(format!(
            "{shown}: not the file the run wrote ({what}): its SHA-256 differs from manifest.json's"
        )),
        Ok(_) => None,
    }
}

/// A file name without a folder (`index.csv`), as every file of an output folder has.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
}

/// The folder of a year's prior results (R35), checked by the SHA-256s its manifest
/// records; `Err((problem, hint))` when no candidate has them.
fn find_prior(
    published: &Published,
    year: &YearFolder,
    option: Option<&Path>,
) -> Result<Option<PathBuf>, (String, String)> {
    let Some(record) = &year.manifest.prior else {
        return Ok(None);
    };
    let this = year.manifest.year;
    let shown_year = format!("prior results of {this} (R35)");
    if record.year != this - 1 {
        return Err((
            format!(
                "{shown_year}: manifest.json records the year {}, not {}",
                record.year,
                this - 1
            ),
            "recompute the folder with compute instead of editing it".into(),
        ));
    }
    let candidates: Vec<PathBuf> = if published.multi_year {
        vec![published.out.join(record.year.to_string())]
    } else if let Some(given) = option {
        vec![given.to_path_buf()]
    } else {
        let recorded = PathBuf::from(&record.folder);
        let sibling = std::path::absolute(&year.folder)
            .ok()
            .and_then(|f| f.parent().map(|p| p.join(record.year.to_string())));
        let mut candidates = vec![recorded];
        candidates.extend(
            sibling.filter(|s| Some(s) != std::path::absolute(&candidates[0]).ok().as_ref()),
        );
        candidates
    };
    let mut reasons = Vec::new();
    for candidate in &candidates {
        match prior_problem(candidate, record) {
            None => return Ok(Some(candidate.clone())),
            Some(reason) => reasons.push(reason),
        }
    }
    let hint = if published.multi_year {
        format!(
            "a year of a multi-year folder takes its prior results from OUT/Y−1 as the run wrote it; `core-index verify {}` shows where that year differs",
            published.out.join(record.year.to_string()).display()
        )
    } else {
        format!(
            "pass --prior PRIOR_OUT: the output folder of {} that OUT was computed from (compute --prior)",
            record.year
        )
    };
    Err((format!("{shown_year}: {}", reasons.join("; ")), hint))
}

/// Why `dir` is not the prior folder `record` names, or `None` when it is.
fn prior_problem(dir: &Path, record: &PriorRecord) -> Option<String> {
    if !dir.is_dir() {
        return Some(format!("{} does not exist", dir.display()));
    }
    for (file, recorded) in [
        ("metric_results.csv", &record.metric_results_sha256),
        ("index.csv", &record.index_sha256),
    ] {
        let path = dir.join(file);
        match file_sha256(&path) {
            Err(_) => return Some(format!("{} does not exist", path.display())),
            Ok((_, sha256)) if &sha256 != recorded => {
                return Some(format!(
                    "{} is not the file the run read (its SHA-256 differs)",
                    path.display()
                ))
            }
            Ok(_) => {}
        }
    }
    None
}

/// A file's size and SHA-256, read in pieces.
fn file_sha256(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256Hasher::default();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hasher.finish()))
}

/// What verify found for one file of OUT.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The recomputed report has the same bytes (and the SHA-256 manifest.json records).
    Identical,
    /// A copy of the cut points or history: checked by its SHA-256 before computing, and
    /// the recomputation used it.
    CopyChecked,
    /// Listed in the manifest but not in OUT.
    Missing,
    /// Where it differs (see [`diff::first_difference`]).
    Differs(String),
}

/// One line of verify's answer: a file of OUT (`index.csv`, `2016/index.csv`) and its
/// verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    pub file: String,
    pub verdict: Verdict,
}

impl ReportLine {
    /// Whether this line makes verify fail (exit 1).
    pub fn differs(&self) -> bool {
        matches!(self.verdict, Verdict::Missing | Verdict::Differs(_))
    }

    /// Whether this line is a report compared with its recomputation (not a copy).
    pub fn is_report(&self) -> bool {
        self.verdict != Verdict::CopyChecked
    }

    /// The line as printed.
    pub fn text(&self) -> String {
        let file = &self.file;
        match &self.verdict {
            Verdict::Identical => format!("{file}: identical"),
            Verdict::CopyChecked => format!(
                "{file}: the copy the recomputation used; its SHA-256 is the one manifest.json records"
            ),
            Verdict::Missing => format!("{file}: missing from OUT"),
            Verdict::Differs(why) if why.starts_with("at ") || why.starts_with("in ") => {
                format!("{file}: differs {why}")
            }
            Verdict::Differs(why) => format!("{file}: differs: {why}"),
        }
    }
}

/// Step 3: recomputes one year into a temporary folder and compares every file its manifest
/// lists with OUT's. `command` is verify's command line (for the recomputation's own
/// manifest, which is not compared). An input that changed while the year was recomputed is
/// a [`Refusal`].
pub fn verify_year(
    plan: &YearPlan,
    data: &Path,
    command: &[String],
    events: Events<'_>,
) -> anyhow::Result<Vec<ReportLine>> {
    let year = plan.year;
    let manifest = &year.manifest;
    let temp = TempFolder::new("verify")?;
    let request = ComputeRequest {
        data_dir: data.to_path_buf(),
        data_label: manifest.data_dir.clone(),
        years: Years::One {
            year: manifest.year,
            prior: plan.prior.clone(),
        },
        config: manifest.config.clone(),
        cutpoints_file: year.folder.join(&manifest.cutpoints.copy),
        history_file: manifest.history.as_ref().map(|h| year.folder.join(&h.copy)),
        command: command.to_vec(),
    };
    pipeline::run(&request, &mut |name, bytes| temp.write(name, bytes), events)?;

    // The inputs as the recomputation read them: the same as recorded, unless a file
    // changed after it was checked.
    let recomputed: Manifest =
        serde_json::from_slice(&std::fs::read(temp.path().join("manifest.json"))?)?;
    let changed = changed_inputs(&manifest.inputs, &recomputed.inputs);
    if !changed.is_empty() {
        return Err(Refusal {
            problems: changed,
            hints: vec!["verify again once nothing writes into the data folder".into()],
        }
        .into());
    }

    let copies: Vec<&str> = std::iter::once(manifest.cutpoints.copy.as_str())
        .chain(manifest.history.as_ref().map(|h| h.copy.as_str()))
        .collect();
    let mut lines = Vec::with_capacity(manifest.outputs.len());
    for output in &manifest.outputs {
        let verdict = if copies.contains(&output.file.as_str()) {
            Verdict::CopyChecked
        } else {
            compare_file(
                &output.file,
                &year.folder.join(&output.file),
                &temp.path().join(&output.file),
                &output.sha256,
            )?
        };
        lines.push(ReportLine {
            file: format!("{}{}", year.prefix, output.file),
            verdict,
        });
    }
    // `temp` is removed here.
    Ok(lines)
}

/// Inputs whose recomputation read differs from the record (extract, year, place, SHA-256).
fn changed_inputs(recorded: &[InputFile], read: &[InputFile]) -> Vec<String> {
    let key = |i: &InputFile| (i.extract.clone(), i.year, i.file.clone(), i.sha256.clone());
    let read_keys: BTreeSet<_> = read.iter().map(key).collect();
    let recorded_keys: BTreeSet<_> = recorded.iter().map(key).collect();
    recorded
        .iter()
        .filter(|i| !read_keys.contains(&key(i)))
        .chain(read.iter().filter(|i| !recorded_keys.contains(&key(i))))
        .map(|i| {
            format!(
                "{} extract of {}: {} changed while verify recomputed the year",
                i.extract, i.year, i.file
            )
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// One report of OUT against its recomputation.
fn compare_file(
    name: &str,
    published: &Path,
    recomputed: &Path,
    recorded_sha256: &str,
) -> anyhow::Result<Verdict> {
    let Some(new) = read_if_present(recomputed)? else {
        return Ok(Verdict::Differs(
            "manifest.json lists it, but this version of core-index does not write it".into(),
        ));
    };
    let Some(old) = read_if_present(published)? else {
        return Ok(Verdict::Missing);
    };
    Ok(if old != new {
        Verdict::Differs(diff::first_difference(name, &old, &new))
    } else if sha256_hex(&old) != recorded_sha256 {
        Verdict::Differs(
            "the same bytes as the recomputation, but not the file manifest.json lists (its SHA-256 differs)"
                .into(),
        )
    } else {
        Verdict::Identical
    })
}

fn read_if_present(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot read {}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    /// verify recomputes with the configuration read back from manifest.json: every float
    /// must come back as the same f64, or the hash check refuses the folder.
    #[test]
    fn the_configuration_survives_the_manifest_round_trip() {
        let config = Config::load(
            None,
            &[
                "domains.academic=33.333333333333336".into(),
                "domains.secc=0.30000000000000004".into(),
                "designations.focus_pct=9.999999999999998".into(),
                "designations.priority_pct=2.2250738585072014e-308".into(),
                "designations.reward_pct=0.000000123456789012345".into(),
                "assessments.scale_score_min=1234.5678901234567".into(),
            ],
        )
        .unwrap();
        let json = serde_json::to_vec_pretty(&config).unwrap();
        let back: Config = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, config);
        assert_eq!(back.hash(), config.hash());
    }
}
