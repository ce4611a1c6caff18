//! Reading one year's output folder whole (data-contract §5, §7) for the reports for people,
//! `report --html` and `explain`: the manifest, the six reports, `cutpoints.csv` and, when
//! the run had a history, `history.csv` — typed, and nothing else. The student data is
//! never needed.
//!
//! A folder that cannot be explained faithfully is refused with a [`UsageError`] (exit 2)
//! before anything is built from it: not an output folder of `compute`; the top of a
//! multi-year run (the hint names its year folders); a manifest of another program or
//! another manifest format (`report::manifest::FORMAT`); a report, `cutpoints.csv` or
//! `history.csv` that is missing, not listed in the manifest, or not the file the run wrote
//! (its SHA-256 differs from the manifest's); a malformed cell, a year other than the
//! manifest's, or index and designations that list different schools.

use std::path::Path;

use super::{
    bad_cell, not_as_written, parse_manifest, parse_report, read_bytes, read_listed, ManifestFile,
    ManifestProblem,
};
use crate::error::UsageError;
use crate::hash::sha256_hex;
use crate::load::cutpoints::load_cutpoints;
use crate::model::{Band, Designation, Group, Metric, Role, SchoolLevel, Subject};
use crate::published::{
    CommunityRecord, DesignationRecord, FocusRecord, GrowthRecord, HistoryRecord, IndexRecord,
    MetricResultRecord, PartnerRecord, PublishedYear, RowStatus,
};
use crate::report::manifest::{self, Manifest};
use crate::results::Escalation;

/// The reports a folder must hold, as CSV (their Parquet twins are not read).
const REPORTS: [&str; 6] = [
    "metric_results.csv",
    "index.csv",
    "growth.csv",
    "designations.csv",
    "partners.csv",
    "communities.csv",
];

/// What the reports for people take, for hints.
fn hint(command: &str) -> String {
    format!("{command} takes one year's output folder of `core-index compute` (OUT/Y of a multi-year run)")
}

/// Reads one year's output folder `dir` for `command` (`report`, `explain`: named in
/// messages). See the module documentation for what is refused.
pub fn read_published_year(dir: &Path, command: &str) -> Result<PublishedYear, UsageError> {
    let shown = dir.display();
    if !dir.is_dir() {
        return Err(UsageError::new(format!(
            "{command}: {shown} is not a folder (no output folder there)"
        ))
        .with_hint(hint(command)));
    }
    let manifest = read_manifest(dir, command)?;
    let missing: Vec<&str> = REPORTS
        .iter()
        .copied()
        .chain(["cutpoints.csv"])
        .chain(manifest.history.as_ref().map(|h| h.copy.as_str()))
        .filter(|name| !dir.join(name).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(UsageError::new(format!(
            "{command}: {shown} is missing {}; the output folder is incomplete",
            missing.join(", ")
        ))
        .with_hint("recompute that year with `core-index compute` and use its whole folder"));
    }

    let read = |name: &str| read_checked(dir, &manifest, name, command);
    let year = manifest.year;
    let metric_results = parse_metric_results(
        &dir.join("metric_results.csv"),
        &read("metric_results.csv")?,
        year,
    )?;
    let index = parse_index(&dir.join("index.csv"), &read("index.csv")?, year)?;
    let growth = parse_growth(&dir.join("growth.csv"), &read("growth.csv")?, year)?;
    let designations = parse_designations(
        &dir.join("designations.csv"),
        &read("designations.csv")?,
        year,
    )?;
    let partners = parse_partners(&dir.join("partners.csv"), &read("partners.csv")?, year)?;
    let communities = parse_communities(
        &dir.join("communities.csv"),
        &read("communities.csv")?,
        year,
    )?;

    let cutpoints_path = dir.join(&manifest.cutpoints.copy);
    let cutpoints = load_cutpoints(&cutpoints_path)?;
    if cutpoints.sha256 != manifest.cutpoints.sha256 {
        return Err(not_as_written(&cutpoints_path));
    }
    let history = match &manifest.history {
        Some(copy) => {
            let path = dir.join(&copy.copy);
            let bytes = read_bytes(&path, &hint(command))?;
            if sha256_hex(&bytes) != copy.sha256 {
                return Err(not_as_written(&path));
            }
            Some(parse_history(&path, &bytes)?)
        }
        None => None,
    };

    check_same_schools(dir, &index, &designations)?;
    let known: std::collections::HashSet<&str> =
        index.iter().map(|r| r.school_id.as_str()).collect();
    let unknown = metric_results
        .iter()
        .map(|r| ("metric_results.csv", &r.school_id))
        .chain(growth.iter().map(|r| ("growth.csv", &r.school_id)))
        .chain(partners.iter().map(|r| ("partners.csv", &r.school_id)))
        .chain(
            communities
                .iter()
                .map(|r| ("communities.csv", &r.school_id)),
        )
        .find(|(_, id)| !known.contains(id.as_str()));
    if let Some((file, id)) = unknown {
        return Err(UsageError::new(format!(
            "{command}: {} lists school {id}, which index.csv does not",
            dir.join(file).display()
        )));
    }
    for (file, ids) in [
        (
            "metric_results.csv",
            metric_results
                .iter()
                .map(|r| r.school_id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "growth.csv",
            growth.iter().map(|r| r.school_id.as_str()).collect(),
        ),
        (
            "partners.csv",
            partners.iter().map(|r| r.school_id.as_str()).collect(),
        ),
    ] {
        if ids.windows(2).any(|w| w[0] > w[1]) {
            return Err(UsageError::new(format!(
                "{command}: {} is not ordered by school_id, as compute writes it",
                dir.join(file).display()
            )));
        }
    }

    Ok(PublishedYear::new(
        shown.to_string(),
        manifest,
        metric_results,
        index,
        growth,
        designations,
        partners,
        communities,
        cutpoints.cutpoints,
        history,
    ))
}

/// The manifest of a one-year folder, refused when it is not core-index's, is the top of a
/// multi-year run, or has another format.
fn read_manifest(dir: &Path, command: &str) -> Result<Manifest, UsageError> {
    let shown = dir.display();
    let path = dir.join("manifest.json");
    if !path.is_file() {
        return Err(UsageError::new(format!(
            "{command}: {shown} has no manifest.json; it is not an output folder of `core-index compute`"
        ))
        .with_hint(hint(command)));
    }
    let bytes = read_bytes(&path, &hint(command))?;
    let not_ours = |why: String| {
        UsageError::new(format!(
            "{command}: {}: {why}; is it an output folder of `core-index compute`?",
            path.display()
        ))
        .with_hint(hint(command))
    };
    match parse_manifest(&bytes) {
        Ok(ManifestFile::Year(manifest)) => Ok(*manifest),
        Ok(ManifestFile::Run(run)) => {
            let years: Vec<String> = run.years.iter().map(|y| y.to_string()).collect();
            let folders: Vec<String> = years
                .iter()
                .map(|y| dir.join(y).display().to_string())
                .collect();
            Err(UsageError::new(format!(
                "{command}: {shown} is the output of a multi-year run (years {}); {command} takes one year's folder",
                years.join(", ")
            ))
            .with_hint(format!(
                "name one of its year folders: {}",
                folders.join(", ")
            )))
        }
        Err(ManifestProblem::NotJson(e)) => Err(not_ours(format!("not JSON ({e})"))),
        Err(ManifestProblem::NotOurs) => Err(not_ours("not written by core-index".into())),
        Err(ManifestProblem::OtherFormat { version, format }) => Err(UsageError::new(format!(
            "{command}: {shown} was written by core-index {} in output format {format}; this version ({}) reads format {}",
            version.as_deref().unwrap_or("(unknown version)"),
            env!("CARGO_PKG_VERSION"),
            manifest::FORMAT
        ))
        .with_hint("recompute that year with this version of core-index")),
        Err(ManifestProblem::Unreadable(e)) => Err(not_ours(format!("cannot be read ({e})"))),
    }
}

/// The bytes of `name` in `dir`, which the manifest must list with the same SHA-256.
fn read_checked(
    dir: &Path,
    manifest: &Manifest,
    name: &str,
    command: &str,
) -> Result<Vec<u8>, UsageError> {
    read_listed(manifest, &dir.join(name), &hint(command)).map(|(bytes, _)| bytes)
}

/// The cells of one data row, read by column position with the errors naming file, row,
/// column and value.
struct Cells<'a> {
    path: &'a Path,
    row: usize,
    columns: &'a [&'a str],
    cells: Vec<String>,
}

impl Cells<'_> {
    fn text(&self, i: usize) -> &str {
        &self.cells[i]
    }

    fn bad(&self, i: usize, why: &str) -> UsageError {
        bad_cell(self.path, self.row, self.columns[i], &self.cells[i], why)
    }

    fn owned(&self, i: usize) -> String {
        self.cells[i].clone()
    }

    fn optional_text(&self, i: usize) -> Option<String> {
        (!self.cells[i].is_empty()).then(|| self.owned(i))
    }

    fn optional<T: std::str::FromStr>(
        &self,
        i: usize,
        what: &str,
    ) -> Result<Option<T>, UsageError> {
        if self.cells[i].is_empty() {
            return Ok(None);
        }
        self.cells[i]
            .parse()
            .map(Some)
            .map_err(|_| self.bad(i, &format!("not {what}")))
    }

    fn required<T: std::str::FromStr>(&self, i: usize, what: &str) -> Result<T, UsageError> {
        self.optional(i, what)?
            .ok_or_else(|| self.bad(i, &format!("empty; expected {what}")))
    }

    fn number(&self, i: usize) -> Result<f64, UsageError> {
        let x: f64 = self.required(i, "a number")?;
        if x.is_finite() {
            Ok(x)
        } else {
            Err(self.bad(i, "not a finite number"))
        }
    }

    fn optional_number(&self, i: usize) -> Result<Option<f64>, UsageError> {
        match self.optional::<f64>(i, "a number")? {
            Some(x) if !x.is_finite() => Err(self.bad(i, "not a finite number")),
            other => Ok(other),
        }
    }

    fn optional_level(&self, i: usize) -> Result<Option<u8>, UsageError> {
        match self.optional::<u8>(i, "a level 1–10")? {
            Some(l) if !(1..=10).contains(&l) => Err(self.bad(i, "not a level 1–10")),
            other => Ok(other),
        }
    }

    fn level(&self, i: usize) -> Result<u8, UsageError> {
        self.optional_level(i)?
            .ok_or_else(|| self.bad(i, "empty; expected a level 1–10"))
    }

    fn boolean(&self, i: usize) -> Result<bool, UsageError> {
        match self.text(i) {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(self.bad(i, "not true or false")),
        }
    }

    fn code<T>(
        &self,
        i: usize,
        parse: impl Fn(&str) -> Option<T>,
        codes: &str,
    ) -> Result<T, UsageError> {
        parse(self.text(i))
            .ok_or_else(|| self.bad(i, &format!("unknown code; expected one of {codes}")))
    }

    fn optional_code<T>(
        &self,
        i: usize,
        parse: impl Fn(&str) -> Option<T>,
        codes: &str,
    ) -> Result<Option<T>, UsageError> {
        if self.cells[i].is_empty() {
            Ok(None)
        } else {
            self.code(i, parse, codes).map(Some)
        }
    }

    /// The `year` cell, which must be the manifest's year.
    fn check_year(&self, i: usize, year: i32) -> Result<(), UsageError> {
        let seen: i32 = self.required(i, "a year")?;
        if seen == year {
            Ok(())
        } else {
            Err(self.bad(i, &format!("the manifest's year is {year}")))
        }
    }
}

/// Every data row of a report's CSV, reduced to `columns`, as [`Cells`].
fn rows<'a>(
    path: &'a Path,
    bytes: &[u8],
    columns: &'a [&'a str],
) -> Result<impl Iterator<Item = Cells<'a>>, UsageError> {
    Ok(parse_report(path, bytes, columns)?
        .rows
        .into_iter()
        .map(move |(row, cells)| Cells {
            path,
            row,
            columns,
            cells,
        }))
}

fn parse_metric_results(
    path: &Path,
    bytes: &[u8],
    year: i32,
) -> Result<Vec<MetricResultRecord>, UsageError> {
    const COLUMNS: [&str; 20] = [
        "year",
        "school_id",
        "metric",
        "group",
        "role",
        "n",
        "numerator",
        "value",
        "level",
        "points",
        "max_points",
        "status",
        "prior_value",
        "prior_level",
        "change",
        "level_change",
        "band",
        "needed_1",
        "needed_2",
        "needed_3",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        let record = MetricResultRecord {
            school_id: c.owned(1),
            metric: c.code(2, Metric::parse, &Metric::codes())?,
            group: c.code(3, Group::parse, &Group::codes())?,
            role: c.code(4, Role::parse, &Role::codes())?,
            n: c.required(5, "a count")?,
            numerator: c.optional(6, "a count")?,
            value: c.optional_number(7)?,
            level: c.optional_level(8)?,
            points: c.optional_number(9)?,
            max_points: c.optional_number(10)?,
            status: c.code(11, RowStatus::parse, &RowStatus::codes())?,
            prior_value: c.optional_number(12)?,
            prior_level: c.optional_level(13)?,
            change: c.optional_number(14)?,
            level_change: c.optional(15, "a whole number")?,
            band: c.optional_code(16, Band::parse, &Band::codes())?,
            needed: [
                c.optional_number(17)?,
                c.optional_number(18)?,
                c.optional_number(19)?,
            ],
        };
        // R3: a suppressed row shows n only. A folder that says otherwise is not a
        // compute output, and a card must never show such a value.
        if record.status == RowStatus::Suppressed
            && (record.value.is_some() || record.level.is_some() || record.points.is_some())
        {
            return Err(c.bad(11, "a suppressed row with a value, level or points"));
        }
        records.push(record);
    }
    Ok(records)
}

fn parse_index(path: &Path, bytes: &[u8], year: i32) -> Result<Vec<IndexRecord>, UsageError> {
    const COLUMNS: [&str; 16] = [
        "year",
        "school_id",
        "school_name",
        "district_id",
        "school_level",
        "title_i",
        "academic_points",
        "academic_max",
        "secc_points",
        "secc_max",
        "index_score",
        "all_students_score",
        "subgroup_score",
        "metrics_reported",
        "prior_index_score",
        "index_change",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        records.push(IndexRecord {
            school_id: c.owned(1),
            school_name: c.owned(2),
            district_id: c.owned(3),
            school_level: c.code(4, SchoolLevel::parse, &SchoolLevel::codes())?,
            title_i: c.boolean(5)?,
            academic_points: c.number(6)?,
            academic_max: c.number(7)?,
            secc_points: c.number(8)?,
            secc_max: c.number(9)?,
            index_score: c.optional_number(10)?,
            all_students_score: c.optional_number(11)?,
            subgroup_score: c.optional_number(12)?,
            metrics_reported: c.required(13, "a count")?,
            prior_index_score: c.optional_number(14)?,
            index_change: c.optional_number(15)?,
        });
    }
    Ok(records)
}

fn parse_growth(path: &Path, bytes: &[u8], year: i32) -> Result<Vec<GrowthRecord>, UsageError> {
    const COLUMNS: [&str; 13] = [
        "year",
        "school_id",
        "subject",
        "group",
        "n",
        "mean_z",
        "lambda",
        "effect",
        "se",
        "growth_percentile",
        "ci_low",
        "ci_high",
        "level",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        records.push(GrowthRecord {
            school_id: c.owned(1),
            subject: c.code(2, Subject::parse, &Subject::codes())?,
            group: c.code(3, Group::parse, &Group::codes())?,
            n: c.required(4, "a count")?,
            mean_z: c.number(5)?,
            lambda: c.number(6)?,
            effect: c.number(7)?,
            se: c.number(8)?,
            growth_percentile: c.number(9)?,
            ci_low: c.number(10)?,
            ci_high: c.number(11)?,
            level: c.level(12)?,
        });
    }
    Ok(records)
}

fn parse_designations(
    path: &Path,
    bytes: &[u8],
    year: i32,
) -> Result<Vec<DesignationRecord>, UsageError> {
    const COLUMNS: [&str; 8] = [
        "year",
        "school_id",
        "title_i",
        "designation",
        "basis",
        "rank_value",
        "years_in_status",
        "escalation",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        records.push(DesignationRecord {
            school_id: c.owned(1),
            title_i: c.boolean(2)?,
            designation: c.code(3, Designation::parse, &Designation::codes())?,
            basis: c.optional_text(4),
            rank_value: c.optional_number(5)?,
            years_in_status: c.required(6, "a count")?,
            escalation: c.code(7, Escalation::parse, &Escalation::codes())?,
        });
    }
    Ok(records)
}

fn parse_partners(path: &Path, bytes: &[u8], year: i32) -> Result<Vec<PartnerRecord>, UsageError> {
    const COLUMNS: [&str; 13] = [
        "year",
        "school_id",
        "designation",
        "escalation",
        "focus_metric",
        "focus_group",
        "focus_level",
        "rank",
        "partner_id",
        "partner_name",
        "partner_designation",
        "partner_level",
        "distance",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        let focus_metric = c.optional_code(4, Metric::parse, &Metric::codes())?;
        let focus = match focus_metric {
            Some(metric) => Some(FocusRecord {
                metric,
                group: c.code(5, Group::parse, &Group::codes())?,
                level: c.level(6)?,
            }),
            None => None,
        };
        records.push(PartnerRecord {
            school_id: c.owned(1),
            designation: c.code(2, Designation::parse, &Designation::codes())?,
            escalation: c.code(3, Escalation::parse, &Escalation::codes())?,
            focus,
            rank: c.optional(7, "a rank")?,
            partner_id: c.optional_text(8),
            partner_name: c.optional_text(9),
            partner_designation: c.optional_code(10, Designation::parse, &Designation::codes())?,
            partner_level: c.optional_level(11)?,
            distance: c.optional_number(12)?,
        });
    }
    Ok(records)
}

fn parse_communities(
    path: &Path,
    bytes: &[u8],
    year: i32,
) -> Result<Vec<CommunityRecord>, UsageError> {
    const COLUMNS: [&str; 8] = [
        "year",
        "community",
        "focus_metric",
        "school_id",
        "school_name",
        "focus_group",
        "focus_level",
        "size",
    ];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        c.check_year(0, year)?;
        records.push(CommunityRecord {
            community: c.required(1, "a community number")?,
            focus_metric: c.code(2, Metric::parse, &Metric::codes())?,
            school_id: c.owned(3),
            school_name: c.owned(4),
            focus_group: c.code(5, Group::parse, &Group::codes())?,
            focus_level: c.level(6)?,
            size: c.required(7, "a count")?,
        });
    }
    Ok(records)
}

fn parse_history(path: &Path, bytes: &[u8]) -> Result<Vec<HistoryRecord>, UsageError> {
    const COLUMNS: [&str; 3] = ["year", "school_id", "designation"];
    let mut records = Vec::new();
    for c in rows(path, bytes, &COLUMNS)? {
        records.push(HistoryRecord {
            year: c.required(0, "a year")?,
            school_id: c.owned(1),
            designation: c.code(2, Designation::parse, &Designation::codes())?,
        });
    }
    Ok(records)
}

/// index.csv and designations.csv list the same schools, in the same (school_id) order.
fn check_same_schools(
    dir: &Path,
    index: &[IndexRecord],
    designations: &[DesignationRecord],
) -> Result<(), UsageError> {
    let index_ids: Vec<&str> = index.iter().map(|r| r.school_id.as_str()).collect();
    let designation_ids: Vec<&str> = designations.iter().map(|r| r.school_id.as_str()).collect();
    if index_ids.windows(2).any(|w| w[0] >= w[1]) {
        return Err(UsageError::new(format!(
            "{} lists a school twice or out of school_id order",
            dir.join("index.csv").display()
        )));
    }
    if index_ids != designation_ids {
        return Err(UsageError::new(format!(
            "index.csv and designations.csv in {} list different schools",
            dir.display()
        )));
    }
    Ok(())
}
