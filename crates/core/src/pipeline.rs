//! The pipeline of `core-index compute`, stage by stage: the one module that says what
//! happens in which order. Each stage is a function from typed inputs to a new typed value
//! (`stages::*`); loading and rendering are the layers on either side.
//!
//! ```text
//! load      cut points, history, the year's extracts (+ Y−1 assessments)   load::*
//! metrics   R7–R14 raw results per school and group                       stages::metrics
//! growth    R18–R24 growth model                                            stages::growth
//! assemble  R3 suppression, R5 roles, R24 growth rows                       stages::suppression
//! banding   R15–R16 levels                                                   stages::banding
//! points    R25–R28 points and the index                                    stages::points
//! designate R29–R34 designations                                            stages::designations
//! render    the reports, copies of cut points and history, the manifest    report::*
//! ```
//!
//! Coming stages slot in as one line each in [`compute_year`]: change from the prior year
//! (R35–R38) after points, support (R40–R43) after designations.

use std::path::PathBuf;
use std::time::Instant;

use crate::config::Config;
use crate::dataset::{StudentIds, YearData};
use crate::error::UsageError;
use crate::events::{Event, Events};
use crate::load::{self, LoadOptions};
use crate::model::cutpoints::{CutPoints, LevelKey};
use crate::model::history::History;
use crate::model::{Metric, Subject};
use crate::report::{self, RenderedFile, RunRecord};
use crate::results::{Designations, Grad4, GrowthOutput, IndexRow, MetricResults, PriorResults};
use crate::stages::change::{self, Change};
use crate::stages::{banding, calibrate, designations, growth, metrics, points, suppression};

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
pub struct Rules<'a> {
    pub config: &'a Config,
    pub cutpoints: &'a CutPoints,
}

/// What one year's computation produced.
#[derive(Debug, Clone, PartialEq)]
pub struct YearResults {
    /// The rows of `metric_results` with their levels and points.
    pub metrics: MetricResults,
    /// 4-year graduation rates (R9), which designations look at.
    pub grad4: Vec<Grad4>,
    pub growth: GrowthOutput,
    pub index: Vec<IndexRow>,
    pub designations: Designations,
    /// R36–R38, aligned with `metrics.rows` and `index`.
    pub change: Change,
    /// Grade-8 students counted not ready for want of gpa, ela_df or math_df (R8).
    pub readiness_missing_fields: u64,
    pub warnings: Vec<String>,
    pub stage_seconds: Vec<(String, f64)>,
}

/// Computes one year from its validated extracts: every stage after loading, in order.
/// `prior` is the year's prior results (R35), `None` when it has none.
pub fn compute_year(
    data: &YearData,
    rules: &Rules,
    history: &History,
    prior: Option<&PriorResults>,
    events: Events<'_>,
) -> Result<YearResults, UsageError> {
    let config = rules.config;
    let mut clock = StageClock::new(events);
    let raw = clock.run("metrics", || metrics::compute_metrics(data, config));
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

    let mut warnings = data.warnings.clone();
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
        readiness_missing_fields: raw.readiness_missing_fields,
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
    pub year: i32,
    pub config: Config,
    pub cutpoints_file: PathBuf,
    pub history_file: Option<PathBuf>,
    /// The command line after the program name, for the manifest.
    pub command: Vec<String>,
}

/// One computed year, rendered: the files of its output folder and what the summary line
/// needs.
pub struct ComputedYear {
    pub year: i32,
    pub files: Vec<RenderedFile>,
    pub schools: usize,
    pub scored: usize,
    pub designated: usize,
    pub warnings: Vec<String>,
}

/// The whole `compute` job: load, compute, render. Nothing is written here; the command
/// layer publishes the files.
pub fn run(request: &ComputeRequest, events: Events<'_>) -> anyhow::Result<ComputedYear> {
    let config = &request.config;
    let mut clock = StageClock::new(events);
    let (cutpoints, history) = clock.run("inputs", || -> anyhow::Result<_> {
        let cutpoints = load::cutpoints::load_cutpoints(&request.cutpoints_file)?;
        let history = match &request.history_file {
            Some(path) => Some(load::history::load_history(path)?),
            None => None,
        };
        Ok((cutpoints, history))
    })?;
    let data = clock.run("load", || {
        load::load_year(
            &request.data_dir,
            request.year,
            &mut StudentIds::default(),
            &LoadOptions::of(config),
            events,
        )
    })?;
    let rules = Rules {
        config,
        cutpoints: &cutpoints.cutpoints,
    };
    let effective_history = history
        .as_ref()
        .map(|h| h.history.clone())
        .unwrap_or_default();
    let mut results = compute_year(&data, &rules, &effective_history, None, events)?;
    clock.seconds.append(&mut results.stage_seconds);
    results.stage_seconds = clock.seconds;
    let mut warnings = cutpoints.warnings.clone();
    warnings.append(&mut results.warnings);
    results.warnings = warnings;

    (events)(Event::StageStarted("render"));
    let record = RunRecord {
        command: &request.command,
        data_dir: request.data_label.clone(),
        config,
        cutpoints: &cutpoints,
        history: history.as_ref(),
        effective_history: &effective_history,
    };
    let files = report::year_folder(&data, &results, &record)?;
    let scored = results
        .index
        .iter()
        .filter(|r| r.index_score.is_some())
        .count();
    let designated = results
        .designations
        .rows
        .iter()
        .filter(|d| d.designation.is_designated())
        .count();
    Ok(ComputedYear {
        year: data.year,
        files,
        schools: data.schools.len(),
        scored,
        designated,
        warnings: results.warnings,
    })
}

/// The reported `ALL` results of year `year`, per (metric, level key), that R17 calibrates
/// from.
fn baseline_values(
    data_dir: &std::path::Path,
    year: i32,
    config: &Config,
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
    let values = baseline_values(data_dir, year, config, events)?;
    let (cutpoints, warnings) = calibrate::calibrate(values);
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
    let mut values = baseline_values(data_dir, years[0], config, events)?;
    let short: Vec<(Metric, LevelKey)> = values
        .iter()
        .filter(|(_, v)| v.len() < calibrate::MIN_SCHOOLS)
        .map(|(k, _)| *k)
        .collect();
    let mut warnings = Vec::new();
    if !short.is_empty() {
        for &year in &years[1..] {
            let more = baseline_values(data_dir, year, config, events)?;
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
    Ok((report::reports::cutpoints(&cutpoints), warnings))
}
