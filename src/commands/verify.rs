//! `core-index verify`: reproduces a published output folder (data-contract §4) and says,
//! report by report, whether it is what this program gives on the published inputs. The
//! work is the library's (`core_index::verify`); this module finds the data folder (`--data`,
//! the manifest's, or the built-in demo data), prints one line per report and decides the
//! exit status. It writes nothing into or beside OUT.

use std::path::PathBuf;

use clap::Args;
use core_index::error::UsageError;
use core_index::verify::{self, DataFolder, Refusal};

use crate::printer::Printer;
use crate::settings::{DataSource, EXIT_DATA, EXIT_OK};

/// Reproduce a published run: recompute OUT from its inputs and compare every report.
///
/// Reads OUT/manifest.json (written by compute): the configuration, the inputs by extract,
/// year, place in the data folder (2016/students.csv), size and SHA-256, and every output
/// with its SHA-256. Each input is looked up by its place under DATA, not by the path it
/// had when OUT was computed, so a data folder moved to another path or machine verifies.
/// Before anything is computed, verify refuses (exit 1) when an input is missing or its
/// SHA-256 differs, when DATA holds an extract of the year that the run did not read, or
/// when the copies OUT keeps of the cut points and history (cutpoints.csv, history.csv)
/// are missing or differ from their recorded SHA-256 — naming each.
///
/// Then the year is recomputed with the recorded configuration and the copies of the cut
/// points and history in OUT, into a temporary folder that is removed afterwards (also when
/// interrupted), and every report (.csv and .parquet) the manifest lists is compared byte
/// for byte with OUT's; manifest.json itself is not compared. One line per file:
/// "identical", "missing from OUT", or where it first differs: the row with its key (e.g.
/// school_id, or school_id metric group), the column and both values. A Parquet report is
/// decoded and compared the same way.
///
/// A multi-year folder (compute --years A-B) is verified year by year, each year's prior
/// results being its sibling folder OUT/Y−1. A one-year folder computed with --prior
/// finds its prior results (checked by SHA-256) in verify's --prior folder, else in the
/// folder the manifest records, else in OUT's sibling folder named Y−1.
///
/// Exit status: 0 when every report is identical, 1 when one differs or is missing or
/// when verify refuses, 2 when OUT is not an output folder of compute or DATA is not
/// found. A folder written by another version of core-index is verified with a warning.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  core-index compute --out out/2016 && core-index verify out/2016\n  core-index verify /published/2016 --data /archive/data\n  core-index verify /published/series --data /archive/data   # a compute --years folder"
)]
pub(crate) struct VerifyArgs {
    /// Output folder of compute to verify: one year's folder, or a multi-year folder.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Data folder holding the inputs by year (DATA/2016/students.csv …); default: the
    /// data folder OUT's manifest records, or the built-in demo data for a run on it.
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// For a one-year folder computed with --prior: the output folder of year Y−1 it was
    /// computed from (default: the recorded folder, else OUT's sibling folder named Y−1).
    #[arg(long, value_name = "PRIOR_OUT")]
    pub prior: Option<PathBuf>,
}

pub(crate) fn run(args: VerifyArgs, printer: &Printer) -> anyhow::Result<i32> {
    match verify_folder(args, printer) {
        Err(err) => match err.downcast_ref::<Refusal>() {
            Some(refusal) => {
                printer.refused(&refusal.to_string(), &refusal.problems, &refusal.hints);
                Ok(EXIT_DATA)
            }
            None => Err(err),
        },
        done => done,
    }
}

fn verify_folder(args: VerifyArgs, printer: &Printer) -> anyhow::Result<i32> {
    let command: Vec<String> = std::env::args().skip(1).collect();
    let published = verify::read_published(&args.out)?;
    let data = match (args.data, &published.data_dir) {
        (Some(path), _) => DataSource::resolve(Some(path))?,
        (None, Some(recorded)) => {
            let path = PathBuf::from(recorded);
            if !path.is_dir() {
                return Err(UsageError::new(format!(
                    "the data folder OUT's manifest records, {recorded}, does not exist here"
                ))
                .with_hint("pass --data DATA: the folder that holds the inputs by year (DATA/2016/students.csv …)")
                .into());
            }
            DataSource::Folder(path)
        }
        (None, None) => DataSource::resolve(None)?,
    };
    let shown = match &data {
        DataSource::Folder(path) => path.display().to_string(),
        DataSource::Demo(_) => verify::DEMO.to_string(),
    };
    printer.warnings(&published.warnings(), None);
    let plans = verify::check_before_computing(
        &published,
        DataFolder {
            path: data.path(),
            shown: &shown,
        },
        args.prior.as_deref(),
    )?;

    let (mut reports, mut differing) = (0, 0);
    for plan in &plans {
        let lines =
            verify::verify_year(plan, data.path(), &command, &|event| printer.event(event))?;
        printer.done();
        for line in &lines {
            printer.out(&line.text());
            if line.is_report() {
                reports += 1;
            }
            if line.differs() {
                differing += 1;
            }
        }
    }
    let years = match plans.as_slice() {
        [one] => one.year.manifest.year.to_string(),
        many => format!(
            "{} years, {}–{}",
            many.len(),
            many.first().map_or(0, |p| p.year.manifest.year),
            many.last().map_or(0, |p| p.year.manifest.year)
        ),
    };
    if differing == 0 {
        printer.status(&format!(
            "verified {} ({years}): all {reports} reports identical to their recomputation",
            args.out.display()
        ));
        Ok(EXIT_OK)
    } else {
        printer.status(&format!(
            "verified {} ({years}): {differing} of {reports} reports differ from their recomputation or are missing",
            args.out.display()
        ));
        Ok(EXIT_DATA)
    }
}
