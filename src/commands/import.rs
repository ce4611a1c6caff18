//! `core-index import caaspp`: reads California's CAASPP Student Score Data File, as districts
//! download it, and writes the assessments extract of one year into a data folder, with the
//! prior-year scores the file carries (data-contract §6, the prior-only folder of §2). The
//! work is the library's (`core_index::import`); this prints what it read, kept, left out
//! and wrote.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use core_index::import::{import_caaspp, ImportRequest};

use crate::printer::Printer;
use crate::settings::{check_data_folder, EXIT_OK};

/// Import a state file into a data folder (data-contract §6).
#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    #[command(subcommand)]
    pub source: ImportSource,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ImportSource {
    Caaspp(CaasppArgs),
}

/// Import CAASPP Student Score Data Files as year Y's assessments extract.
///
/// Reads the files as districts download them from TOMS: any of the ten layouts 2015-16 …
/// 2024-25 (recognised by the header names; Blank… columns and a leading RecordIdentifier
/// column left aside), caret-delimited or a comma-delimited copy. Several files (one per
/// district or school) are merged; a student with two usable rows in one subject is an
/// error naming both files and rows.
///
/// Rows used: record type 01 (ELA) and 02 (MATH) with include indicator Y and a scale
/// score; every other row is counted by reason and left out. student_id = SSID; school_id =
/// FinalTestedSchoolCode where the layout has it and it is filled, else CALPADSSchoolCode;
/// grade = GradeAssessed; sem = the scale score's standard error (0048 is 48); level =
/// AchievementLevels.
///
/// Writes DATA/Y/assessments.csv (or .parquet when --replace replaces a Parquet extract).
/// The prior-year scores of the used rows (the …Minus1 block) go to DATA/Y-1/assessments.csv
/// as a prior-only folder (school_id empty; level where the layout has it), or, when DATA/Y-1
/// already has an assessments extract, are compared with it and nothing is written there.
/// Files appear complete or not at all.
///
/// Exit status: 0 imported; 1 a damaged file (file, row and column named, never an SSID),
/// or DATA/Y-1 with schools but no assessments; 2 a usage problem, such as DATA/Y already
/// holding an assessments extract without --replace.
#[derive(Args, Debug)]
#[command(
    after_help = "Example:\n  core-index import caaspp district_2025.txt --data DATA --year 2025\n  core-index compute --data DATA --year 2025 --out OUT"
)]
pub(crate) struct CaasppArgs {
    /// Score files of the year (caret- or comma-delimited text with a header row).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Data folder with one folder per spring year; must exist. DATA/Y is created if absent.
    #[arg(long, value_name = "DATA")]
    pub data: PathBuf,
    /// Spring year of the scores (2025 for the 2024-25 school year).
    #[arg(long, value_name = "Y")]
    pub year: i32,
    /// Replace an assessments extract that DATA/Y already holds.
    #[arg(long)]
    pub replace: bool,
}

pub(crate) fn run(args: ImportArgs, printer: &Printer) -> anyhow::Result<i32> {
    match args.source {
        ImportSource::Caaspp(args) => caaspp(args, printer),
    }
}

fn caaspp(args: CaasppArgs, printer: &Printer) -> anyhow::Result<i32> {
    check_data_folder(&args.data)?;
    let request = ImportRequest {
        files: args.files,
        data: args.data,
        year: args.year,
        replace: args.replace,
    };
    let imported = import_caaspp(&request, &|e| printer.event(e))?;
    printer.done();
    printer.warnings(&imported.warnings, None);
    for line in &imported.summary {
        printer.status(line);
    }
    Ok(EXIT_OK)
}
