//! Synthetic data (data-contract §4 `synth`): a realistic multi-year data directory in the
//! contract's layout, reproducible from a seed, for demos, tests and benchmarks.
//!
//! The generator simulates a student panel rather than drawing each year independently:
//! students move up a grade every year, move on from elementary to middle to high school
//! along feeder links, transfer, arrive and leave; their true abilities persist and grow by
//! an amount that depends on their school, so the growth model has real school effects to
//! find; high-school students graduate, drop out or continue, which yields the graduation
//! cohorts. Five warm-up years run before the first written year, so the first year already
//! has the 5- and 6-year graduation cohorts (and settled grade and language mixes).
//!
//! Modules: `schools` (the directory of schools and their traits), `students` (a student's
//! compact state and how it changes), `scores` (the test scale), `year` (one school's year:
//! rows and end-of-year fates), `panel` (the population across schools and years),
//! `records` and `writer` (the rows and the CSV/Parquet files).
//!
//! Reproducibility: every random draw comes from a generator seeded by (seed, stream,
//! school, year), and all cross-school steps run sequentially in school order, so the same
//! options give byte-identical files on any number of threads.
// Tests build fixtures on disk and may print what they measured.
#![cfg_attr(test, allow(clippy::disallowed_methods, clippy::print_stderr))]

mod panel;
mod random;
mod records;
mod schools;
mod scores;
mod students;
mod writer;
mod year;

#[cfg(test)]
mod tests;

use std::path::Path;

use core_index::config::Config;
use core_index::error::UsageError;
use core_index::report::extract_writer::DataFormat;
use core_index::report::publish::{Replaceable, Staging};

use panel::Panel;
use schools::Directory;

/// Warm-up years simulated before `first_year` and not written: the first written year Y
/// needs the cohort that entered grade 9 in Y − 5.
const WARM_UP_YEARS: i32 = 5;
/// Default size of a school when `schools` is not given.
const STUDENTS_PER_SCHOOL: usize = 700;
const MIN_DEFAULT_SCHOOLS: usize = 10;
/// One elementary, one middle and one high school at least.
const MIN_SCHOOLS: usize = 3;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// Number of schools; `None`: about one per 700 students (at least 10).
    pub schools: Option<usize>,
    /// Students enrolled per year (rows of the students extract, approximately).
    pub students: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    pub format: DataFormat,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSummary {
    pub years: Vec<i32>,
    pub schools: usize,
    /// Rows of the students extract per year, in the order of `years`.
    pub students_per_year: Vec<usize>,
}

impl SynthOptions {
    /// The options as `synth.json`: what to pass `synth` to make this data set again.
    fn describe(&self) -> String {
        format!(
            "{{\n  \"program\": \"core-index synth\",\n  \"version\": \"{}\",\n  \"schools\": {},\n  \"students\": {},\n  \"years\": \"{}-{}\",\n  \"seed\": {},\n  \"format\": \"{}\"\n}}\n",
            env!("CARGO_PKG_VERSION"),
            self.school_count(),
            self.students,
            self.first_year,
            self.last_year,
            self.seed,
            self.format.extension()
        )
    }

    /// The number of schools to generate.
    pub fn school_count(&self) -> usize {
        self.schools
            .unwrap_or_else(|| (self.students / STUDENTS_PER_SCHOOL).max(MIN_DEFAULT_SCHOOLS))
    }

    /// Options that cannot make a data set are usage errors (exit 2) naming the option.
    fn check(&self) -> Result<(), UsageError> {
        if self.first_year > self.last_year {
            return Err(UsageError::new(format!(
                "--years: the first year {} is after the last year {}",
                self.first_year, self.last_year
            )));
        }
        // Cohort years go back five years and must stay plausible years (1900–2999).
        if self.first_year - WARM_UP_YEARS < 1900 || self.last_year > 2999 {
            return Err(UsageError::new(format!(
                "--years: years must lie between {} and 2999",
                1900 + WARM_UP_YEARS
            )));
        }
        if self.school_count() < MIN_SCHOOLS {
            return Err(UsageError::new(format!(
                "--schools: at least {MIN_SCHOOLS} schools are needed (one elementary, one middle, one high)"
            )));
        }
        if self.students == 0 {
            return Err(UsageError::new("--students must be at least 1"));
        }
        Ok(())
    }
}

/// What `synthesize` wrote besides the extracts: the cut points' warnings (rows pooled over
/// years because a metric had few schools).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthesized {
    pub summary: SynthSummary,
    pub warnings: Vec<String>,
}

/// Writes a complete synthetic data set into `target`, all or nothing: every year's six
/// extracts, `cutpoints.csv` calibrated on the first year (levels with too few schools
/// pooled over all years, so even a small set can be computed), and `synth.json` (the
/// options, which also marks the folder as one `synth` may replace). `target` must be new,
/// empty, or an earlier synthetic data set.
pub fn synthesize(
    opts: &SynthOptions,
    target: &Path,
    progress: &dyn Fn(&str),
) -> anyhow::Result<Synthesized> {
    opts.check()?;
    let staging = Staging::prepare(target, "--out", Replaceable::Holding("synth.json"))?;
    let summary = generate(opts, &staging, progress)?;
    progress("calibrating cut points");
    let (table, warnings) = core_index::pipeline::calibrate_pooling_years(
        staging.path(),
        &summary.years,
        &Config::default(),
        &core_index::events::ignore,
    )?;
    let cutpoints = core_index::report::render_csv(&table, "cutpoints.csv")?;
    staging.write("cutpoints.csv", &cutpoints.bytes)?;
    staging.write("synth.json", opts.describe().as_bytes())?;
    staging.publish()?;
    Ok(Synthesized { summary, warnings })
}

/// Writes `YEAR/{schools,students,assessments,cohort,sel,climate}.{csv|parquet}` into the
/// staging folder for every year from `first_year` to `last_year`. `progress` receives
/// short messages such as "year 2015: students"; nothing is printed. No cut-point file is
/// written.
fn generate(
    opts: &SynthOptions,
    staging: &Staging,
    progress: &dyn Fn(&str),
) -> anyhow::Result<SynthSummary> {
    let school_count = opts.school_count();
    progress(&format!("building {school_count} schools"));
    let dir = Directory::build(opts.seed, school_count);
    let start = opts.first_year - WARM_UP_YEARS;
    let mut panel = Panel::start(&dir, opts.seed, start, opts.students);
    let mut summary = SynthSummary {
        years: Vec::new(),
        schools: school_count,
        students_per_year: Vec::new(),
    };
    for year in start..=opts.last_year {
        if year > start {
            panel.open_year(&dir, opts.seed, year);
        }
        let emit = year >= opts.first_year;
        progress(&if emit {
            format!("year {year}: simulating {} students", panel.enrolled())
        } else {
            format!("warming up: {year}")
        });
        let records = panel.run_year(&dir, opts.seed, year, emit);
        if emit {
            let rows = writer::write_year(staging, year, opts.format, &dir, &records, progress)?;
            summary.years.push(year);
            summary.students_per_year.push(rows);
        }
    }
    Ok(summary)
}
