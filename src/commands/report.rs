//! `core-index report`: school report cards as self-contained HTML (data-contract §7), read
//! from one year's output folder alone. The card model is filled by `cards::build` and
//! rendered by `cards::render_card` / `cards::render_index`; the files are written through
//! the report layer (`report::publish`), so DIR is replaced whole or not at all.

use std::path::{Path, PathBuf};

use clap::Args;
use core_index::error::UsageError;
use core_index::load::output::read_published_year;
use core_index::report::publish::{Replaceable, Staging};
use rayon::prelude::*;

use crate::printer::Printer;
use crate::settings::EXIT_OK;

/// A folder of report cards, which `report` may replace (or add a card to): it holds
/// index.html, or only cards written one at a time with --school, or nothing.
const CARD_FOLDER: Replaceable = Replaceable::HoldingOrOnly {
    marker: "index.html",
    suffix: ".html",
};

/// Write a report card for every school (HTML) and an index page from an output folder.
///
/// Writes DIR/SCHOOL_ID.html for every school of OUT and DIR/index.html, which lists every
/// school with its index score, designation and the bands of its counted results, grouped
/// by district and sorted by school level and index score, each linking to its card. A card
/// shows the index and its two domains against their maxima; every metric for all students
/// and each counted group with its value, level 1–10 on a visual scale, band, points earned
/// of possible and, with prior results, the change from last year and what it takes to rise
/// one level; growth percentiles with their confidence intervals; the designation with its
/// basis, rank among N, cutoff, years in status and escalation; partner suggestions or the
/// community of practice. Points, maxima, domain sums and the index are written to the
/// hundredth as in the CSV. Results of fewer than n_size students say so and show no value.
///
/// Every page is one file: inline stylesheet and SVG charts, no script, nothing loaded from
/// anywhere, readable offline, printable on A4 or Letter, usable on a phone. A school id
/// outside A–Z a–z 0–9 - _ . is written as ~XX in its file name.
///
/// OUT is one year's output folder of `core-index compute` (OUT/Y of a multi-year run; the
/// top of a multi-year run is refused with a hint naming its year folders). Only that folder
/// is read — the reports, cutpoints.csv, history.csv and manifest.json — never the student
/// data. A folder missing a report, whose files differ from what its manifest records, or
/// written by an incompatible version is refused (exit 2).
///
/// DIR is created, or replaced as a whole when it is an earlier card folder (it holds
/// index.html, or only .html cards written with --school) or empty; any other folder is
/// refused. With --school, only that school's card
/// is written: DIR/SCHOOL_ID.html is added to DIR (or replaces the earlier card of that
/// school) and the rest of DIR, index.html included, is left as it is.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  core-index compute --out out\n  core-index report out --html cards\n  core-index report out/2016 --html cards-2016 --school 05132272218331"
)]
pub(crate) struct ReportArgs {
    /// One year's output folder of `core-index compute`.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Folder for the report cards and index.html.
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// Write only this school's card (its school_id in index.csv), added to DIR.
    #[arg(long, value_name = "ID")]
    pub school: Option<String>,
}

pub(crate) fn run(args: ReportArgs, printer: &Printer) -> anyhow::Result<i32> {
    match &args.school {
        Some(id) => one_card(&args, id, printer),
        None => every_card(&args, printer),
    }
}

/// Every card and index.html, DIR replaced as a whole.
fn every_card(args: &ReportArgs, printer: &Printer) -> anyhow::Result<i32> {
    let staging = Staging::prepare(&args.html, "--html", CARD_FOLDER)?;
    let year = read_published_year(&args.out, "report")?;
    let cards = cards::build::all_cards(&year);
    // Rendered and written side by side: each card is a file of its own, the same bytes
    // in any order.
    cards.par_iter().try_for_each(|card| {
        staging.write(
            &cards::file_name(&card.school.id),
            cards::render_card(card).as_bytes(),
        )
    })?;
    let index = cards::render_index(&cards::build::index_page(&year, &cards));
    staging.write("index.html", index.as_bytes())?;
    staging.publish()?;
    printer.status(&format!(
        "wrote {} report cards ({}) and index.html to {}",
        cards.len(),
        year.year(),
        args.html.display()
    ));
    Ok(EXIT_OK)
}

/// One school's card, added to DIR.
fn one_card(args: &ReportArgs, school_id: &str, printer: &Printer) -> anyhow::Result<i32> {
    check_card_folder(&args.html)?;
    let year = read_published_year(&args.out, "report")?;
    let card = cards::build::card(&year, school_id)
        .ok_or_else(|| year.unknown_school(school_id, "report"))?;
    let name = cards::file_name(school_id);
    let staging = Staging::prepare_files(&args.html, "--html")?;
    staging.write(&name, cards::render_card(&card).as_bytes())?;
    staging.publish_files(&[name.as_str()])?;
    printer.status(&format!(
        "wrote the report card of {school_id} ({}) to {}",
        year.year(),
        args.html.join(&name).display()
    ));
    Ok(EXIT_OK)
}

/// `--school` adds a card to DIR, which must not exist yet, be empty, or be a folder of
/// report cards ([`CARD_FOLDER`]).
fn check_card_folder(dir: &Path) -> Result<(), UsageError> {
    if dir.exists() && !dir.is_dir() {
        return Err(UsageError::new(format!(
            "--html {} is a file, not a folder",
            dir.display()
        )));
    }
    if !dir.exists() || CARD_FOLDER.allows(dir) {
        Ok(())
    } else {
        Err(UsageError::new(format!(
            "--html {} holds files that are not report cards; the card would be added among them",
            dir.display()
        ))
        .with_hint(
            "choose a new folder, or a folder of report cards written by `core-index report`",
        ))
    }
}
