//! `core-index validate`: checks the extracts of one year against data-contract §2–§3 and
//! prints a data-quality summary. Writes nothing. Exit 0 when valid, 1 when not.

use std::path::PathBuf;

use clap::Args;

use crate::commands::settings;
use crate::dataset::{StudentIds, YearData};
use crate::load::load_year_with_progress;
use crate::model::SchoolLevel;
use crate::printer::Printer;

/// Check one year's extracts and print a data-quality summary (writes nothing).
///
/// Problems that make results untrustworthy are listed with file, row, column and value
/// (at most 20, then a count) and exit 1; legal-but-unusable rows are counted as warnings.
#[derive(Args, Debug)]
#[command(after_help = "Example:\n  core-index validate --data DATA --year 2016")]
pub struct ValidateArgs {
    /// Data folder with one folder per spring year (default: the demo data).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Spring year to check (default: the latest year folder in DATA).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
}

pub fn run(args: ValidateArgs, printer: &Printer) -> anyhow::Result<i32> {
    let data_dir = settings::data_dir(args.data);
    let year = settings::year(&data_dir, args.year)?;
    let data = {
        let stage = printer.stage(&format!("checking {year}"));
        load_year_with_progress(&data_dir, year, &mut StudentIds::default(), &stage)?
    };
    for line in summary(&data) {
        printer.out(&line);
    }
    Ok(0)
}

/// The data-quality summary: rows per extract, schools by level, students, warnings.
pub fn summary(data: &YearData) -> Vec<String> {
    let mut lines = vec![
        format!("year {}: valid", data.year),
        "rows per extract:".to_string(),
    ];
    for input in &data.inputs {
        lines.push(format!(
            "  {:<12} {:>4} {:>10}  {}",
            input.extract, input.year, input.rows, input.path
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
        data.school_count(),
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
