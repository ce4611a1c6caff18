//! Reading a folder that `compute` wrote (data-contract §5) back into typed values: what
//! `compare` needs of each run (year; per school its index score and designation; its
//! partner suggestions and communities of practice, R42–R43, when the folder has them), and
//! the prior results of `compute --prior` (R35: the manifest checked against this run, then
//! the values and levels of metric_results and the index scores).
//!
//! Anything that makes a folder unusable (a missing or malformed report, a year that is not
//! one year, a school listed twice) is a [`UsageError`] (exit 2): the folder named on the
//! command line is the problem, not the district's data.
//!
//! `folder` reads a year's folder whole and typed for the reports for people (`report`,
//! `explain`, data-contract §7): [`read_published_year`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::error::{describe_differences, quote, school_differences, UsageError};
use crate::hash::{sha256_hex, short};
use crate::model::{Designation, Group, Metric};
use crate::report::manifest::{self, Manifest, RunManifest};
use crate::results::{
    PriorResults, PriorSchool, PriorSource, Run, RunCommunity, RunSchool, RunSupport,
};

mod folder;
pub use folder::read_published_year;

/// What `compare` says when a folder is not usable.
const COMPARE_HINT: &str = "compare takes two output folders written by `core-index compute`";

/// The rows of one report CSV, each with its 1-based data row number, reduced to `columns`.
struct ReportRows {
    rows: Vec<(usize, Vec<String>)>,
}

fn read_report(path: &Path, columns: &[&str]) -> Result<ReportRows, UsageError> {
    let bytes = read_bytes(path, COMPARE_HINT)?;
    parse_report(path, &bytes, columns)
}

/// The bytes of a file of an output folder; a missing file is named with `hint`.
fn read_bytes(path: &Path, hint: &str) -> Result<Vec<u8>, UsageError> {
    if !path.is_file() {
        return Err(UsageError::new(format!("{} does not exist", path.display())).with_hint(hint));
    }
    std::fs::read(path).map_err(|e| UsageError::new(format!("cannot read {}: {e}", path.display())))
}

/// The rows of a report's CSV text `bytes` (read from `path`), reduced to `columns`.
fn parse_report(path: &Path, bytes: &[u8], columns: &[&str]) -> Result<ReportRows, UsageError> {
    let unreadable =
        |e: &dyn std::fmt::Display| UsageError::new(format!("cannot read {}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(&e))?
        .iter()
        .map(crate::load::source::normalize_header)
        .collect();
    let mut positions = Vec::with_capacity(columns.len());
    for column in columns {
        match headers.iter().position(|h| h == column) {
            Some(p) => positions.push(p),
            None => {
                return Err(UsageError::new(format!(
                    "{} has no column {column}; is it a report written by `core-index compute`?",
                    path.display()
                )))
            }
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(&e))?;
        let cells = positions
            .iter()
            .map(|&p| record.get(p).unwrap_or("").trim().to_string())
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(ReportRows { rows })
}

fn bad_cell(path: &Path, row: usize, column: &str, value: &str, why: &str) -> UsageError {
    UsageError::new(format!(
        "{}, row {row}, column {column}: {why} (value \"{}\")",
        path.display(),
        quote(value)
    ))
}

/// Reads the year cell and checks it agrees with the run's year so far.
fn note_year(
    year: &mut Option<i32>,
    path: &Path,
    row: usize,
    text: &str,
) -> Result<(), UsageError> {
    let parsed: i32 = text
        .parse()
        .map_err(|_| bad_cell(path, row, "year", text, "not a year"))?;
    match *year {
        Some(seen) if seen != parsed => Err(UsageError::new(format!(
            "{} mixes years {seen} and {parsed} (row {row}); it is not the output of one run",
            path.display()
        ))),
        _ => {
            *year = Some(parsed);
            Ok(())
        }
    }
}

/// Reads the index and designations reports of one output folder.
pub fn read_run(dir: &Path) -> Result<Run, UsageError> {
    if !dir.is_dir() {
        return Err(
            UsageError::new(format!("output folder {} does not exist", dir.display()))
                .with_hint(COMPARE_HINT),
        );
    }
    let mut year = None;

    let index_path = dir.join("index.csv");
    let mut index_scores: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for (row, cells) in read_report(&index_path, &["year", "school_id", "index_score"])?.rows {
        let [year_text, school_id, score_text] =
            <[String; 3]>::try_from(cells).expect("three columns");
        note_year(&mut year, &index_path, row, &year_text)?;
        let score = if score_text.is_empty() {
            None
        } else {
            let value: f64 = score_text.parse().map_err(|_| {
                bad_cell(&index_path, row, "index_score", &score_text, "not a number")
            })?;
            Some(value)
        };
        if index_scores.insert(school_id.clone(), score).is_some() {
            return Err(bad_cell(
                &index_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }

    let designations_path = dir.join("designations.csv");
    let mut designations: BTreeMap<String, Designation> = BTreeMap::new();
    for (row, cells) in read_report(&designations_path, &["year", "school_id", "designation"])?.rows
    {
        let [year_text, school_id, code] = <[String; 3]>::try_from(cells).expect("three columns");
        note_year(&mut year, &designations_path, row, &year_text)?;
        let designation = Designation::parse(&code).ok_or_else(|| {
            bad_cell(
                &designations_path,
                row,
                "designation",
                &code,
                &format!(
                    "unknown designation; expected one of {}",
                    Designation::codes()
                ),
            )
        })?;
        if designations
            .insert(school_id.clone(), designation)
            .is_some()
        {
            return Err(bad_cell(
                &designations_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }

    let (only_index, only_designations) = school_differences(&index_scores, &designations);
    if !only_index.is_empty() || !only_designations.is_empty() {
        return Err(UsageError::new(format!(
            "index.csv and designations.csv in {} list different schools: {}",
            dir.display(),
            describe_differences(
                &only_index,
                "index.csv",
                &only_designations,
                "designations.csv"
            )
        )));
    }
    let schools = index_scores
        .into_iter()
        .map(|(id, index_score)| {
            let designation = designations[&id];
            (
                id,
                RunSchool {
                    index_score,
                    designation,
                },
            )
        })
        .collect();
    let support = read_support(dir, &mut year, &schools)?;
    Ok(Run {
        year,
        schools,
        support,
    })
}

/// Reads the partners and communities reports (R42, R43) of an output folder. A folder with
/// neither was written before those reports existed: `None`. A folder with one of them only
/// is incomplete (an error naming the missing file).
fn read_support(
    dir: &Path,
    year: &mut Option<i32>,
    schools: &BTreeMap<String, RunSchool>,
) -> Result<Option<RunSupport>, UsageError> {
    let partners_path = dir.join("partners.csv");
    let communities_path = dir.join("communities.csv");
    match (partners_path.is_file(), communities_path.is_file()) {
        (false, false) => return Ok(None),
        (true, false) | (false, true) => {
            let missing = if partners_path.is_file() {
                &communities_path
            } else {
                &partners_path
            };
            return Err(UsageError::new(format!(
                "{} does not exist, although its companion report does; the folder is incomplete",
                missing.display()
            )));
        }
        (true, true) => {}
    }
    let known = |path: &Path, row: usize, id: &str| {
        if schools.contains_key(id) {
            Ok(())
        } else {
            Err(bad_cell(
                path,
                row,
                "school_id",
                id,
                "school not in index.csv",
            ))
        }
    };

    let mut support = RunSupport::default();
    let columns = ["year", "school_id", "rank", "partner_id"];
    for (row, cells) in read_report(&partners_path, &columns)?.rows {
        let [year_text, school_id, rank, partner_id] =
            <[String; 4]>::try_from(cells).expect("four columns");
        note_year(year, &partners_path, row, &year_text)?;
        known(&partners_path, row, &school_id)?;
        let partners = support.partners.entry(school_id).or_default();
        if rank.is_empty() {
            continue;
        }
        let rank: usize = rank
            .parse()
            .map_err(|_| bad_cell(&partners_path, row, "rank", &rank, "not a rank"))?;
        if rank != partners.len() + 1 {
            return Err(bad_cell(
                &partners_path,
                row,
                "rank",
                &rank.to_string(),
                "ranks of a school must run 1, 2, … in order",
            ));
        }
        partners.push(partner_id);
    }

    let columns = ["year", "community", "focus_metric", "school_id"];
    let mut by_number: BTreeMap<i64, RunCommunity> = BTreeMap::new();
    let mut member_of: BTreeMap<String, i64> = BTreeMap::new();
    for (row, cells) in read_report(&communities_path, &columns)?.rows {
        let [year_text, number, focus_metric, school_id] =
            <[String; 4]>::try_from(cells).expect("four columns");
        note_year(year, &communities_path, row, &year_text)?;
        known(&communities_path, row, &school_id)?;
        let number: i64 = number.parse().map_err(|_| {
            bad_cell(
                &communities_path,
                row,
                "community",
                &number,
                "not a community number",
            )
        })?;
        let community = by_number.entry(number).or_insert_with(|| RunCommunity {
            number,
            focus_metric,
            members: Vec::new(),
        });
        community.members.push(school_id.clone());
        if member_of.insert(school_id.clone(), number).is_some() {
            return Err(bad_cell(
                &communities_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
    }
    for community in by_number.values_mut() {
        community.members.sort();
    }
    support.communities = member_of
        .into_iter()
        .map(|(school, number)| (school, by_number[&number].clone()))
        .collect();
    Ok(Some(support))
}

/// A `manifest.json` of an output folder, as far as this version can use it.
pub(crate) enum ManifestFile {
    /// One year's folder.
    Year(Box<Manifest>),
    /// The top of a multi-year run (`compute --years`); its years are folders `Y` beside it.
    Run(RunManifest),
}

/// Why a `manifest.json` cannot be used. Each reader (`--prior`, `report`/`explain`,
/// `verify`) words it for its own command.
pub(crate) enum ManifestProblem {
    /// Not JSON: the parser's message.
    NotJson(String),
    /// JSON, but not written by core-index.
    NotOurs,
    /// Written in another manifest format: the version it names (if any) and its format as
    /// written.
    OtherFormat {
        version: Option<String>,
        format: String,
    },
    /// core-index's, of this format, but its fields cannot be read: the parser's message.
    Unreadable(String),
}

/// Reads the bytes of a `manifest.json`: written by core-index ([`manifest::PROGRAM`]), in
/// this version's manifest format ([`manifest::FORMAT`]), one year's or a multi-year run's
/// (the one with `years`). The one place that decides which manifests this version reads.
pub(crate) fn parse_manifest(bytes: &[u8]) -> Result<ManifestFile, ManifestProblem> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ManifestProblem::NotJson(e.to_string()))?;
    if value["program"] != manifest::PROGRAM {
        return Err(ManifestProblem::NotOurs);
    }
    if value["format"] != manifest::FORMAT {
        return Err(ManifestProblem::OtherFormat {
            version: value["version"].as_str().map(str::to_string),
            format: value["format"].to_string(),
        });
    }
    let unreadable = |e: serde_json::Error| ManifestProblem::Unreadable(e.to_string());
    if value.get("years").is_some() {
        serde_json::from_value(value)
            .map(ManifestFile::Run)
            .map_err(unreadable)
    } else {
        serde_json::from_value(value)
            .map(|m| ManifestFile::Year(Box::new(m)))
            .map_err(unreadable)
    }
}

/// What `--prior` says when a folder is not usable.
const PRIOR_HINT: &str =
    "--prior names one year's output folder of `core-index compute` (OUT/Y of a multi-year run)";

/// Reads the manifest of a one-year output folder; a multi-year folder's top-level manifest
/// is refused with a hint naming one of its years (`wanted` when it holds that year).
pub(crate) fn read_year_manifest(
    dir: &Path,
    option: &str,
    wanted: Option<i32>,
) -> Result<Manifest, UsageError> {
    if !dir.is_dir() {
        return Err(UsageError::new(format!(
            "{option} {}: the folder does not exist",
            dir.display()
        ))
        .with_hint(PRIOR_HINT));
    }
    let path = dir.join("manifest.json");
    let bytes = read_bytes(&path, PRIOR_HINT)?;
    let not_ours = |why: String| {
        UsageError::new(format!(
            "{option} {}: manifest.json {why}; is it an output folder of `core-index compute`?",
            dir.display()
        ))
        .with_hint(PRIOR_HINT)
    };
    match parse_manifest(&bytes) {
        Ok(ManifestFile::Year(manifest)) => Ok(*manifest),
        Ok(ManifestFile::Run(run)) => {
            let example = wanted
                .filter(|w| run.years.contains(w))
                .or(run.years.last().copied())
                .map(|y| y.to_string())
                .unwrap_or_default();
            Err(UsageError::new(format!(
                "{option} {}: this is the output of a multi-year run; name one year's folder",
                dir.display()
            ))
            .with_hint(format!("e.g. {option} {}", dir.join(example).display())))
        }
        Err(ManifestProblem::NotJson(e)) => Err(not_ours(format!("is not JSON ({e})"))),
        Err(ManifestProblem::NotOurs) => Err(not_ours("was not written by core-index".into())),
        Err(ManifestProblem::OtherFormat { version, format }) => Err(UsageError::new(format!(
            "{option} {}: written by core-index {} in manifest format {format}, this version reads format {}",
            dir.display(),
            version.as_deref().unwrap_or("(unknown)"),
            manifest::FORMAT
        ))
        .with_hint("recompute that year with this version of core-index")),
        Err(ManifestProblem::Unreadable(e)) => Err(not_ours(format!("cannot be read ({e})"))),
    }
}

/// R35: the prior results of year `year` from an earlier run's output folder. Its manifest
/// must show year `year − 1`, the cut points whose SHA-256 is `cutpoints_sha256`, and the
/// configuration `config` apart from `[support]` and `cutpoints.file`, compared key by key;
/// otherwise a usage error (exit 2) names every difference. Then metric_results.csv and
/// index.csv are read (and must be the files the manifest lists).
pub fn read_prior(
    dir: &Path,
    year: i32,
    cutpoints_sha256: &str,
    config: &Config,
) -> Result<PriorResults, UsageError> {
    let manifest = read_year_manifest(dir, "--prior", Some(year - 1))?;
    let mut differences = Vec::new();
    if manifest.year != year - 1 {
        differences.push(format!(
            "its year is {}, the year before {year} is {}",
            manifest.year,
            year - 1
        ));
    }
    if manifest.cutpoints.sha256 != cutpoints_sha256 {
        differences.push(format!(
            "its cut points differ (SHA-256 {} there, {} here)",
            short(&manifest.cutpoints.sha256),
            short(cutpoints_sha256)
        ));
    }
    for (key, before, now) in config.differences_for_change(&manifest.config) {
        differences.push(format!(
            "configuration key `{key}` differs ({before} there, {now} here)"
        ));
    }
    if !differences.is_empty() {
        return Err(UsageError::new(format!(
            "--prior {} cannot give the prior results of {year} (R35): {}",
            dir.display(),
            differences.join("; ")
        ))
        .with_hint(format!(
            "compute {} with the same cut points and configuration ([support] may differ) and pass that folder",
            year - 1
        )));
    }

    let metric_path = dir.join("metric_results.csv");
    let (metric_bytes, metric_sha256) = read_listed(&manifest, &metric_path, PRIOR_HINT)?;
    let mut schools: std::collections::HashMap<String, PriorSchool> = Default::default();
    let mut seen_year = Some(manifest.year);
    let columns = ["year", "school_id", "metric", "group", "value", "level"];
    for (row, cells) in parse_report(&metric_path, &metric_bytes, &columns)?.rows {
        let [year_text, school_id, metric_text, group_text, value_text, level_text] =
            <[String; 6]>::try_from(cells).expect("six columns");
        note_year(&mut seen_year, &metric_path, row, &year_text)?;
        let metric = Metric::parse(&metric_text)
            .ok_or_else(|| bad_cell(&metric_path, row, "metric", &metric_text, "unknown metric"))?;
        let group = Group::parse(&group_text)
            .ok_or_else(|| bad_cell(&metric_path, row, "group", &group_text, "unknown group"))?;
        if value_text.is_empty() {
            continue; // not reported: R36 treats it like an absent row
        }
        let value: f64 = value_text
            .parse()
            .map_err(|_| bad_cell(&metric_path, row, "value", &value_text, "not a number"))?;
        let level: u8 = level_text
            .parse()
            .ok()
            .filter(|l| (1..=10).contains(l))
            .ok_or_else(|| bad_cell(&metric_path, row, "level", &level_text, "not a level 1–10"))?;
        let school = schools.entry(school_id.clone()).or_default();
        if school
            .rows
            .insert((metric, group), (value, level))
            .is_some()
        {
            return Err(bad_cell(
                &metric_path,
                row,
                "group",
                &group_text,
                "(school_id, metric, group) listed twice",
            ));
        }
    }

    let index_path = dir.join("index.csv");
    let (index_bytes, index_sha256) = read_listed(&manifest, &index_path, PRIOR_HINT)?;
    let mut indexed = std::collections::HashSet::new();
    for (row, cells) in parse_report(
        &index_path,
        &index_bytes,
        &["year", "school_id", "index_score"],
    )?
    .rows
    {
        let [year_text, school_id, score_text] =
            <[String; 3]>::try_from(cells).expect("three columns");
        note_year(&mut seen_year, &index_path, row, &year_text)?;
        if !indexed.insert(school_id.clone()) {
            return Err(bad_cell(
                &index_path,
                row,
                "school_id",
                &school_id,
                "school listed twice",
            ));
        }
        if score_text.is_empty() {
            continue;
        }
        let score: f64 = score_text
            .parse()
            .map_err(|_| bad_cell(&index_path, row, "index_score", &score_text, "not a number"))?;
        schools.entry(school_id).or_default().index_score = Some(score);
    }
    Ok(PriorResults {
        year: manifest.year,
        schools,
        source: PriorSource {
            folder: dir.display().to_string(),
            metric_results_sha256: metric_sha256,
            index_sha256,
        },
    })
}

/// A report of the folder whose manifest lists it: its bytes and SHA-256, refused when the
/// file is not the one the run wrote. `hint` is what a missing file's message says next.
fn read_listed(
    manifest: &Manifest,
    path: &Path,
    hint: &str,
) -> Result<(Vec<u8>, String), UsageError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = read_bytes(path, hint)?;
    let sha256 = sha256_hex(&bytes);
    match manifest.outputs.iter().find(|o| o.file == name) {
        Some(listed) if listed.sha256 == sha256 => Ok((bytes, sha256)),
        Some(_) => Err(not_as_written(path)),
        None => Err(UsageError::new(format!(
            "{} is not listed in the folder's manifest.json",
            path.display()
        ))
        .with_hint("recompute that year with this version of core-index")),
    }
}

/// A file of an output folder that is not the one its run wrote (another SHA-256 than the
/// manifest's).
fn not_as_written(path: &Path) -> UsageError {
    UsageError::new(format!(
        "{} is not the file its run wrote (its SHA-256 differs from manifest.json's)",
        path.display()
    ))
    .with_hint("recompute that year instead of editing its reports")
}
