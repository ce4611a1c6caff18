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

use std::path::PathBuf;

use anyhow::{bail, Context};

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

/// File format of the written extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    Csv,
    Parquet,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// The data folder; one sub-folder per year is written into it.
    pub out: PathBuf,
    /// Number of schools; `None`: about one per 700 students (at least 10).
    pub schools: Option<usize>,
    /// Students enrolled per year (rows of the students extract, approximately).
    pub students: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    pub format: SynthFormat,
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
    /// The number of schools to generate.
    pub fn school_count(&self) -> usize {
        self.schools
            .unwrap_or_else(|| (self.students / STUDENTS_PER_SCHOOL).max(MIN_DEFAULT_SCHOOLS))
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.first_year > self.last_year {
            bail!(
                "the first year {} is after the last year {}",
                self.first_year,
                self.last_year
            );
        }
        // Cohort years go back five years and must stay plausible years (1900–2999).
        if self.first_year - WARM_UP_YEARS < 1900 || self.last_year > 2999 {
            bail!("years must lie between {} and 2999", 1900 + WARM_UP_YEARS);
        }
        if self.school_count() < MIN_SCHOOLS {
            bail!(
                "at least {MIN_SCHOOLS} schools are needed (one elementary, one middle, one high)"
            );
        }
        if self.students == 0 {
            bail!("the number of students must be at least 1");
        }
        Ok(())
    }
}

/// Writes `OUT/YEAR/{schools,students,assessments,cohort,sel,climate}.{csv|parquet}` for
/// every year from `first_year` to `last_year`. `progress` receives short messages such as
/// "year 2015: students"; nothing is printed. No cut-point file is written.
pub fn generate(opts: &SynthOptions, progress: &dyn Fn(&str)) -> anyhow::Result<SynthSummary> {
    opts.check()?;
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create {}", opts.out.display()))?;
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
            let rows = writer::write_year(&opts.out, year, opts.format, &dir, &records, progress)?;
            summary.years.push(year);
            summary.students_per_year.push(rows);
        }
    }
    Ok(summary)
}
