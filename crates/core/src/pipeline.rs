//! The pipeline of `core-index compute`, stage by stage: the one module that says what
//! happens in which order. Each stage is a function from typed inputs to a new typed value
//! (`stages::*`); loading and rendering are the layers on either side.
//!
//! ```text
//! load      cut points, history, prior results, the year's extracts
//!           (+ Y−1 assessments, or Y−1's scores kept by a multi-year run)  load::*
//! metrics   R7–R14 raw results per school and group                       stages::metrics
//! growth    R18–R24 growth model                                            stages::growth
//! assemble  R3 suppression, R5 roles, R24 growth rows                       stages::suppression
//! banding   R15–R16 levels                                                   stages::banding
//! points    R25–R28 points and the index                                    stages::points
//! designate R29–R34 designations                                            stages::designations
//! change    R36–R38 change from the prior year, band, needed_k              stages::change
//! support   R40–R43 partner suggestions, communities of practice            stages::support
//! render    the reports, copies of cut points and history, the manifest    report::*
//! ```
//!
//! [`run`] does this for one year, or for each year of `--years A-B` in order (R35, R39):
//! each year's results are the next year's prior results, its designations the next year's
//! history, and its assessments the next year's prior scores, without a second read.

use std::path::PathBuf;
use std::time::Instant;

use crate::config::Config;
use crate::dataset::{StudentIds, YearData};
use crate::error::UsageError;
use crate::events::{Event, Events};
use crate::hash::sha256_hex;
use crate::load::cutpoints::LoadedCutPoints;
use crate::load::{self, LoadOptions, PriorScoresSource};
use crate::model::cutpoints::{CutPoints, LevelKey};
use crate::model::history::History;
use crate::model::{Metric, Subject};
use crate::report::words::metric_rule;
use crate::report::{self, RunRecord};
use crate::results::{GrowthOutput, MetricResults, PriorResults, PriorSource, YearResults};
use crate::stages::change;
use crate::stages::{
    banding, calibrate, designations, growth, metrics, points, support, suppression,
};

/// Times each stage for the manifest and tells `events` when one starts.
struct StageClock<'a> {
    events: Events<'a>,
    seconds: Vec<(String, f64)>,
}

impl<'a> StageClock<'a> {
    fn new(events: Events<'a>) -> Self {
        StageClock {
            events,
            seconds: Vec::new(),
        }
    }

    fn run<T>(&mut self, stage: &str, work: impl FnOnce() -> T) -> T {
        (self.events)(Event::StageStarted(stage));
        let start = Instant::now();
        let out = work();
        self.seconds
            .push((stage.to_string(), start.elapsed().as_secs_f64()));
        out
    }
}

/// Everything one year's results depend on besides the extracts.
pub(crate) struct Rules<'a> {
    pub config: &'a Config,
    pub cutpoints: &'a CutPoints,
}

/// Computes one year from its validated extracts: every stage after loading, in order.
/// `prior` is the year's prior results (R35), `None` when it has none.
pub(crate) fn compute_year(
    data: &YearData,
    rules: &Rules,
    history: &History,
    prior: Option<&PriorResults>,
    events: Events<'_>,
) -> Result<YearResults, UsageError> {
    let config = rules.config;
    let mut clock = StageClock::new(events);
    let raw = clock.run("metrics", || metrics::compute_metrics(data, config));
    let metrics_without_rows = raw.metrics_without_rows();
    let growth = clock.run("growth", || growth_if_enabled(data, config));
    let rows = clock.run("assemble", || {
        let mut results = raw.results;
        results.extend(suppression::growth_results(&growth));
        suppression::assemble(results, config.n_size)
    });
    let levels = clock.run("banding", || {
        banding::band_rows(&rows, &data.schools, rules.cutpoints)
    })?;
    let points = clock.run("points", || {
        points::award_points(&rows, &levels, data.schools.len(), config)
    });
    let designations = clock.run("designations", || {
        designations::designate(data, &rows, &raw.grad4, &points.index, history, config)
    });
    let metrics = MetricResults {
        rows,
        levels,
        points: points.rows,
    };
    let change = clock.run("change", || {
        change::compare(
            &metrics,
            &points.index,
            &data.schools,
            rules.cutpoints,
            prior,
            config.points.round_components,
        )
    });
    let support = clock.run("support", || {
        support::support(
            data,
            &metrics.rows,
            &metrics.levels,
            &raw.grad4,
            &designations,
            rules.cutpoints,
            &config.support,
        )
    });

    // Results that would mean nothing come first (the printer shows the first few), then
    // the growth model's and the missing fields' warnings.
    let mut warnings = data.warnings.clone();
    for (metric, reason) in &metrics_without_rows {
        warnings.push(format!(
            "{} has no rows for {}: {reason} ({})",
            metric.code(),
            data.year,
            metric_rule(*metric)
        ));
    }
    let left_out = designations.universe.left_out.len();
    if left_out > 0 {
        warnings.push(format!(
            "designations: {left_out} Title I school{} without an index score left out of the designation universe (NOT_ELIGIBLE); manifest.json lists {} with the domain that had no reported metric",
            if left_out == 1 { "" } else { "s" },
            if left_out == 1 { "it" } else { "them" }
        ));
    }
    warnings.extend(growth.warnings.iter().cloned());
    if raw.readiness_missing_fields > 0 {
        warnings.push(format!(
            "HS_READINESS: {} grade-8 students counted not ready because gpa, ela_df or math_df is missing",
            raw.readiness_missing_fields
        ));
    }
    Ok(YearResults {
        metrics,
        grad4: raw.grad4,
        growth,
        index: points.index,
        designations,
        change,
        support,
        readiness_missing_fields: raw.readiness_missing_fields,
        metrics_without_rows,
        warnings,
        stage_seconds: clock.seconds,
    })
}

/// Runs the growth model unless both growth metrics are switched off, and keeps only the
/// cells of switched-on subjects (§9: a switched-off metric is removed everywhere), so the
/// metric rows and the growth report both read one filtered output.
fn growth_if_enabled(data: &YearData, config: &Config) -> GrowthOutput {
    let enabled = |s: Subject| config.metric_enabled(Metric::growth_for(s));
    if !enabled(Subject::Ela) && !enabled(Subject::Math) {
        return GrowthOutput::default();
    }
    let mut output = growth::compute_growth(data, config);
    output.cells.retain(|c| enabled(c.subject));
    output
}

/// A `compute` run as the command line resolved it.
#[derive(Debug, Clone)]
pub struct ComputeRequest {
    /// The data folder; `data_label` is what the manifest records for it (`None`: the
    /// built-in demo data, materialized in a temporary folder).
    pub data_dir: PathBuf,
    pub data_label: Option<String>,
    pub years: Years,
    pub config: Config,
    pub cutpoints_file: PathBuf,
    pub history_file: Option<PathBuf>,
    /// The command line after the program name, for the manifest.
    pub command: Vec<String>,
}

/// Which years a run computes.
#[derive(Debug, Clone, PartialEq)]
pub enum Years {
    /// `--year Y`, into OUT itself; with `--prior`, the prior results come from an earlier
    /// run's output folder (R35).
    One { year: i32, prior: Option<PathBuf> },
    /// `--years A-B`: every year in order, year Y into `OUT/Y`, each after the first with the
    /// run's own year Y−1 as prior results and its earlier designations as history (R35,
    /// R39). `out` is OUT as given, for the manifests' record of where prior results came
    /// from.
    Span { first: i32, last: i32, out: PathBuf },
}

impl Years {
    pub fn first(&self) -> i32 {
        match self {
            Years::One { year, .. } => *year,
            Years::Span { first, .. } => *first,
        }
    }

    pub fn last(&self) -> i32 {
        match self {
            Years::One { year, .. } => *year,
            Years::Span { last, .. } => *last,
        }
    }
}

/// One computed year, for the summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedYear {
    pub year: i32,
    pub schools: usize,
    pub scored: usize,
    pub designated: usize,
    /// The year's own warnings (its manifest lists these after the run's).
    pub warnings: Vec<String>,
}

/// A finished run: every year computed, and the warnings about the run as a whole (cut
/// points, history), which every year's manifest lists too.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedRun {
    pub years: Vec<ComputedYear>,
    pub warnings: Vec<String>,
}

/// Where the files of the output folder go, as (path relative to OUT, bytes): the command
/// layer's staging folder. Each year's files are handed over as soon as they are rendered,
/// so no more than one year's reports are ever held in memory.
pub(crate) type Sink<'a> = &'a mut dyn FnMut(&str, &[u8]) -> anyhow::Result<()>;

/// The whole `compute` job: load, compute, render, year by year. Nothing is written here:
/// the files go to `sink`, and the command layer publishes them.
pub fn run(
    request: &ComputeRequest,
    sink: Sink,
    events: Events<'_>,
) -> anyhow::Result<ComputedRun> {
    let config = &request.config;
    let mut clock = StageClock::new(events);
    let (cutpoints, history, prior) = clock.run("inputs", || -> anyhow::Result<_> {
        let mut cutpoints = load::cutpoints::load_cutpoints(&request.cutpoints_file)?;
        // The built-in demo data lives in a temporary folder for the run: the manifest
        // names its cut points by their place in the demo data, not by that passing path.
        if request.data_label.is_none() {
            if let Ok(place) = request.cutpoints_file.strip_prefix(&request.data_dir) {
                cutpoints.source = format!("(built-in demo data)/{}", place.display());
            }
        }
        let history = match &request.history_file {
            Some(path) => Some(load::history::load_history(path)?),
            None => None,
        };
        let prior = match &request.years {
            Years::One {
                year,
                prior: Some(dir),
            } => Some(load::output::read_prior(
                dir,
                *year,
                &cutpoints.sha256,
                config,
            )?),
            _ => None,
        };
        Ok((cutpoints, history, prior))
    })?;
    let mut run_warnings = cutpoints.warnings.clone();
    run_warnings.extend(calibrate::equal_cut_point_warnings(
        &cutpoints.cutpoints,
        |m| config.metric_enabled(m),
    ));
    let rules = Rules {
        config,
        cutpoints: &cutpoints.cutpoints,
    };
    let run = RunInputs {
        request,
        rules: &rules,
        cutpoints: &cutpoints,
    };
    match &request.years {
        Years::One { year, .. } => {
            let effective_history = history
                .as_ref()
                .map(|h| h.history.clone())
                .unwrap_or_default();
            let job = YearJob {
                year: *year,
                prior_scores: PriorScoresSource::Folder,
                keep_scores_for_next_year: false,
                prior: prior.as_ref(),
                history: &effective_history,
                history_source: history.as_ref().map(|h| report::HistorySource {
                    source: h.source.clone(),
                    sha256: Some(h.sha256.clone()),
                }),
                folder: String::new(),
            };
            let mut ids = StudentIds::default();
            let done = compute_and_render(&run, job, &mut ids, &run_warnings, clock, sink, events)?;
            Ok(ComputedRun {
                years: vec![done.summary],
                warnings: run_warnings,
            })
        }
        Years::Span { first, last, out } => {
            let (first, last) = (*first, *last);
            // R39: the file's rows before A, then the run's own designations.
            let mut own_history = History::default();
            if let Some(h) = &history {
                own_history = h.history.before(first);
                let later = h.history.len() - own_history.len();
                if later > 0 {
                    run_warnings.push(format!(
                        "--history {}: {later} rows for {first} or later ignored; this run's own designations are the history of those years (R39)",
                        h.source
                    ));
                }
            }
            let mut ids = StudentIds::default();
            let mut prior_scores = PriorScoresSource::Folder;
            let mut prior_results: Option<PriorResults> = None;
            let mut years = Vec::new();
            let mut clock = Some(clock);
            for year in first..=last {
                let job = YearJob {
                    year,
                    prior_scores: std::mem::take(&mut prior_scores),
                    keep_scores_for_next_year: year < last,
                    prior: prior_results.as_ref(),
                    history: &own_history,
                    history_source: Some(report::HistorySource {
                        source: history_description(history.as_ref(), first, year),
                        sha256: history.as_ref().map(|h| h.sha256.clone()),
                    }),
                    folder: format!("{year}/"),
                };
                let year_clock = clock.take().unwrap_or_else(|| StageClock::new(events));
                let done = compute_and_render(
                    &run,
                    job,
                    &mut ids,
                    &run_warnings,
                    year_clock,
                    sink,
                    events,
                )?;
                own_history.insert_year(year, done.designations);
                prior_results = Some(PriorResults {
                    source: PriorSource {
                        folder: out.join(year.to_string()).display().to_string(),
                        ..done.prior.source
                    },
                    ..done.prior
                });
                // Year Y's data is dropped here; only its scores stay, as Y+1's prior.
                if let Some(data) = done.data {
                    prior_scores = PriorScoresSource::Kept(data.into_scores_for_next_year());
                }
                years.push(done.summary);
            }
            let manifest = report::manifest::RunManifest {
                program: report::manifest::PROGRAM.into(),
                version: env!("CARGO_PKG_VERSION").into(),
                format: report::manifest::FORMAT,
                command: request.command.clone(),
                years: (first..=last).collect(),
                data_dir: request.data_label.clone(),
                history: history.as_ref().map(|h| report::manifest::SourceFile {
                    source: h.source.clone(),
                    sha256: h.sha256.clone(),
                }),
                warnings: run_warnings.clone(),
            };
            sink("manifest.json", &manifest.to_bytes())?;
            Ok(ComputedRun {
                years,
                warnings: run_warnings,
            })
        }
    }
}

/// What the history of year `year` of a multi-year run from `first` is made of (R39), for
/// its manifest.
fn history_description(
    file: Option<&load::history::LoadedHistory>,
    first: i32,
    year: i32,
) -> String {
    let own = if year > first {
        format!("this run's designations of {first}–{}", year - 1)
    } else {
        "no designations of this run yet".to_string()
    };
    match file {
        Some(h) => format!("{} (years before {first}), then {own} (R39)", h.source),
        None => format!("{own} (R39)"),
    }
}

/// What every year of a run shares.
struct RunInputs<'a> {
    request: &'a ComputeRequest,
    rules: &'a Rules<'a>,
    cutpoints: &'a LoadedCutPoints,
}

/// One year to compute.
struct YearJob<'a> {
    year: i32,
    prior_scores: PriorScoresSource,
    keep_scores_for_next_year: bool,
    prior: Option<&'a PriorResults>,
    history: &'a History,
    history_source: Option<report::HistorySource>,
    /// Where its files go inside OUT: "" for a one-year run, "Y/" in a multi-year run.
    folder: String,
}

/// One year done: its summary, its designations (the next year's history), its results as
/// the next year's prior results, and its data when the next year needs its scores.
struct YearDone {
    summary: ComputedYear,
    designations: Vec<(String, crate::model::Designation)>,
    prior: PriorResults,
    data: Option<YearData>,
}

/// Loads, computes and renders one year, handing its files to `sink`.
fn compute_and_render(
    run: &RunInputs,
    job: YearJob,
    ids: &mut StudentIds,
    run_warnings: &[String],
    mut clock: StageClock,
    sink: Sink,
    events: Events<'_>,
) -> anyhow::Result<YearDone> {
    let request = run.request;
    let config = run.rules.config;
    let options = LoadOptions {
        keep_scores_for_next_year: job.keep_scores_for_next_year,
        ..LoadOptions::of(config)
    };
    let data = clock.run("load", || {
        load::load_year_with(
            &request.data_dir,
            job.year,
            ids,
            &options,
            job.prior_scores,
            events,
        )
    })?;
    let mut results = compute_year(&data, run.rules, job.history, job.prior, events)?;
    clock.seconds.append(&mut results.stage_seconds);
    results.stage_seconds = clock.seconds;
    let own_warnings = std::mem::take(&mut results.warnings);
    results.warnings = run_warnings.to_vec();
    results.warnings.extend(own_warnings.iter().cloned());

    (events)(Event::StageStarted("render"));
    let record = RunRecord {
        command: &request.command,
        data_dir: request.data_label.clone(),
        config,
        cutpoints: run.cutpoints,
        history_source: job.history_source,
        effective_history: job.history,
        prior: job.prior,
    };
    let files = report::year_folder(&data, &results, &record)?;
    let sha256_of = |name: &str| {
        files
            .iter()
            .find(|f| f.name == name)
            .map(|f| sha256_hex(&f.bytes))
            .unwrap_or_default()
    };
    let source = PriorSource {
        folder: String::new(),
        metric_results_sha256: sha256_of("metric_results.csv"),
        index_sha256: sha256_of("index.csv"),
    };
    for file in &files {
        sink(&format!("{}{}", job.folder, file.name), &file.bytes)?;
    }
    drop(files);
    let prior = change::prior_results_of(
        data.year,
        &data.schools,
        &results.metrics,
        &results.index,
        source,
    );
    let designations = results
        .designations
        .rows
        .iter()
        .map(|d| (data.schools[d.school as usize].id.clone(), d.designation))
        .collect();
    let summary = ComputedYear {
        year: data.year,
        schools: data.schools.len(),
        scored: results
            .index
            .iter()
            .filter(|r| r.index_score.is_some())
            .count(),
        designated: results
            .designations
            .rows
            .iter()
            .filter(|d| d.designation.is_designated())
            .count(),
        warnings: own_warnings,
    };
    drop(results);
    Ok(YearDone {
        summary,
        designations,
        prior,
        data: job.keep_scores_for_next_year.then_some(data),
    })
}

/// The reported `ALL` results of year `year`, per (metric, level key), that R17 calibrates
/// from. A metric without rows that year (R8) is named in `warnings`.
fn baseline_values(
    data_dir: &std::path::Path,
    year: i32,
    config: &Config,
    warnings: &mut Vec<String>,
    events: Events<'_>,
) -> anyhow::Result<std::collections::BTreeMap<(Metric, LevelKey), Vec<f64>>> {
    (events)(Event::StageStarted("load"));
    let data = load::load_year(
        data_dir,
        year,
        &mut StudentIds::default(),
        &LoadOptions::of(config),
        events,
    )?;
    (events)(Event::StageStarted("metrics"));
    let raw = metrics::compute_metrics(&data, config);
    for (metric, reason) in raw.metrics_without_rows() {
        warnings.push(format!(
            "{} has no rows for {year}: {reason} ({}); no cut points are calibrated for it",
            metric.code(),
            metric_rule(metric)
        ));
    }
    let rows = suppression::assemble(raw.results, config.n_size);
    Ok(calibrate::baseline_values(&data, &rows, config))
}

/// The calibration job (`core-index cutpoints`, R17): load baseline year `year`, compute its
/// metrics and calibrate cut points from the reported `ALL` results. Returns the cut-point
/// file's table and the calibration warnings (load warnings are not repeated).
pub fn calibrate(
    data_dir: &std::path::Path,
    year: i32,
    config: &Config,
    events: Events<'_>,
) -> anyhow::Result<(report::Table, Vec<String>)> {
    let mut warnings = Vec::new();
    let values = baseline_values(data_dir, year, config, &mut warnings, events)?;
    let (cutpoints, calibration_warnings) = calibrate::calibrate(values);
    warnings.extend(calibration_warnings);
    Ok((report::reports::cutpoints(&cutpoints), warnings))
}

/// Calibration for a small demonstration data set (`synth`): like [`calibrate`] on
/// `years[0]`, but a (metric, level) with fewer than 10 baseline schools takes its values
/// from every year of `years` together, and with fewer than 10 even then, from as many as
/// there are (at least one), so every metric a school reports has cut points and the data
/// set can be computed. Each pooled row is named in a warning. `cutpoints` (R17) never
/// pools: real cut points come from one baseline year.
pub fn calibrate_pooling_years(
    data_dir: &std::path::Path,
    years: &[i32],
    config: &Config,
    events: Events<'_>,
) -> anyhow::Result<(report::Table, Vec<String>)> {
    let mut warnings = Vec::new();
    let mut values = baseline_values(data_dir, years[0], config, &mut warnings, events)?;
    let short: Vec<(Metric, LevelKey)> = values
        .iter()
        .filter(|(_, v)| v.len() < calibrate::MIN_SCHOOLS)
        .map(|(k, _)| *k)
        .collect();
    if !short.is_empty() {
        for &year in &years[1..] {
            let more = baseline_values(data_dir, year, config, &mut warnings, events)?;
            for key in &short {
                values
                    .get_mut(key)
                    .expect("every key is present")
                    .extend(more.get(key).into_iter().flatten());
            }
        }
    }
    let mut cutpoints = CutPoints::default();
    for (key, mut of_key) in values {
        if of_key.is_empty() {
            continue;
        }
        if short.contains(&key) {
            warnings.push(format!(
                "cut points: {} at level {} had fewer than {} schools in {}; calibrated on {} school results of {}–{} pooled (a demonstration set, not for real cut points)",
                key.0,
                key.1.code(),
                calibrate::MIN_SCHOOLS,
                years[0],
                of_key.len(),
                years[0],
                years[years.len() - 1]
            ));
        }
        of_key.sort_by(f64::total_cmp);
        cutpoints.rows.insert(key, calibrate::interpolate(&of_key));
    }
    warnings.extend(calibrate::equal_cut_point_warnings(&cutpoints, |_| true));
    Ok((report::reports::cutpoints(&cutpoints), warnings))
}
