//! `core-index validate`: checks the extracts of one year against data-contract §2–§3 and
//! prints a data-quality summary. Writes nothing. Exit 0 when valid, 1 when not.

use std::path::PathBuf;

use clap::Args;
use core_index::config::Config;
use core_index::dataset::{StudentIds, YearData};
use core_index::load::{self, LoadOptions, PriorOnlyYear};
use core_index::model::SchoolLevel;

use crate::printer::Printer;
use crate::settings::{self, DataSource, EXIT_OK};

/// Check one year's extracts and print a data-quality summary (writes nothing).
///
/// Problems that make results untrustworthy are listed with file, row, column and value
/// (at most 20, then a count) and exit 1; legal-but-unusable rows are counted as warnings.
/// Scale scores are checked against the configuration's [assessments] range.
///
/// A prior-only folder (an assessments extract and no schools extract, as `import caaspp`
/// writes for the year before the one it imports) is checked as what it is: prior-year
/// scores for the next year's growth model, whose school_id and level may be empty.
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  core-index validate --data DATA --year 2016")]
pub(crate) struct ValidateArgs {
    /// Data folder with one folder per spring year (default: the built-in demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Spring year to check (default: the latest year folder in DATA).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// Configuration file (TOML); its [assessments] range applies.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one configuration key (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

pub(crate) fn run(args: ValidateArgs, printer: &Printer) -> anyhow::Result<i32> {
    let config = Config::load(args.config.as_deref(), &args.set)?;
    let data_source = DataSource::resolve(args.data)?;
    let year = settings::year(data_source.path(), args.year)?;
    if load::is_prior_only(data_source.path(), year) {
        let prior =
            load::load_prior_only(data_source.path(), year, &LoadOptions::of(&config), &|e| {
                printer.event(e)
            })?;
        printer.done();
        for line in prior_only_summary(&prior) {
            printer.out(&line);
        }
        return Ok(EXIT_OK);
    }
    let data = load::load_year(
        data_source.path(),
        year,
        &mut StudentIds::default(),
        &LoadOptions::of(&config),
        &|e| printer.event(e),
    )?;
    printer.done();
    for line in summary(&data) {
        printer.out(&line);
    }
    Ok(EXIT_OK)
}

/// The data-quality summary: rows per extract, schools by level, students, warnings.
fn summary(data: &YearData) -> Vec<String> {
    let mut lines = vec![
        format!("year {}: valid", data.year),
        "rows per extract:".to_string(),
    ];
    for input in &data.inputs {
        lines.push(format!(
            "  {:<12} {:>4} {:>10}  {}",
            input.extract, input.year, input.rows, input.file
        ));
    }
    let by_level: Vec<String> = SchoolLevel::ALL
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.code(),
                data.schools.iter().filter(|s| s.level == *l).count()
            )
        })
        .collect();
    let title_i = data.schools.iter().filter(|s| s.title_i).count();
    lines.push(format!(
        "schools: {} ({}), {} Title I",
        data.schools.len(),
        by_level.join(", "),
        title_i
    ));
    let mut students: Vec<u32> = data.enrolments.iter().map(|e| e.student).collect();
    students.sort_unstable();
    students.dedup();
    lines.push(format!(
        "students: {} ({} enrolment rows)",
        students.len(),
        data.enrolments.len()
    ));
    for left in &data.left_out {
        lines.push(format!(
            "left out: {} rows of {}: {}",
            left.rows, left.extract, left.reason
        ));
    }
    if !data.unknown_columns.is_empty() {
        lines.push(format!(
            "unknown columns (ignored): {}",
            data.unknown_columns.join("; ")
        ));
    }
    lines.push(format!("warnings: {}", data.warnings.len()));
    for w in &data.warnings {
        lines.push(format!("  warning: {w}"));
    }
    lines
}

/// What a prior-only folder is and holds.
fn prior_only_summary(prior: &PriorOnlyYear) -> Vec<String> {
    let [ela, math] = prior.scores;
    let mut lines = vec![
        format!(
            "year {}: valid prior-only folder (assessments, no schools): {} prior scores \
             (ELA {ela}, MATH {math}) of {} students, usable as year {}'s prior scores \
             (growth); nothing is computed for {} itself",
            prior.year,
            ela + math,
            prior.students,
            prior.year + 1,
            prior.year
        ),
        "rows per extract:".to_string(),
        format!(
            "  {:<12} {:>4} {:>10}  {}",
            prior.input.extract, prior.input.year, prior.input.rows, prior.input.file
        ),
    ];
    for file in &prior.ignored {
        lines.push(format!(
            "  not read: {file} (a prior-only folder is read for its assessments only)"
        ));
    }
    lines.push(format!("warnings: {}", prior.warnings.len()));
    for w in &prior.warnings {
        lines.push(format!("  warning: {w}"));
    }
    lines
}
