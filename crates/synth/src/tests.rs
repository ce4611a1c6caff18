//! Tests of the generator as a whole: reproducibility across thread counts, files that load
//! through the real loader without a single validation problem, CSV and Parquet carrying the
//! same values, and rates that look like a large urban district. A benchmark (ignored by
//! default) measures time at realistic scale.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use core_index::config::Config;
use core_index::dataset::{StudentIds, YearData};
use core_index::error::DataError;
use core_index::load::{load_year, LoadOptions};
use core_index::model::{ElStatus, Outcome, Race, Respondent, SchoolLevel, Subject};
use core_index::report::extract_writer::DataFormat as SynthFormat;

use super::{synthesize, SynthOptions, SynthSummary};

const EXTRACTS: usize = core_index::schema::EXTRACTS.len();

/// Writes a data set into `out` (a folder that must be new or empty); its summary.
fn generate(
    opts: &SynthOptions,
    out: &Path,
    progress: &dyn Fn(&str),
) -> anyhow::Result<SynthSummary> {
    synthesize(opts, out, progress).map(|s| s.summary)
}

fn options(students: usize, schools: Option<usize>, format: SynthFormat) -> SynthOptions {
    SynthOptions {
        schools,
        students,
        first_year: 2015,
        last_year: 2016,
        seed: 7,
        format,
        caaspp: None,
    }
}

/// Generates on a rayon pool of `threads` threads.
fn generate_with_threads(opts: &SynthOptions, out: &Path, threads: usize) -> SynthSummary {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| generate(opts, out, &|_| {})).unwrap()
}

fn load(dir: &Path, year: i32) -> YearData {
    let mut ids = StudentIds::default();
    let options = LoadOptions::of(&Config::default());
    match load_year(dir, year, &mut ids, &options, &core_index::events::ignore) {
        Ok(data) => data,
        Err(err) => {
            let lines = err
                .downcast_ref::<DataError>()
                .map(|e| e.lines())
                .unwrap_or_default();
            panic!("{year} does not load: {err}\n{}", lines.join("\n"));
        }
    }
}

/// Every file of a data set (year folders' extracts, cutpoints.csv, synth.json), relative.
fn file_names(dir: &Path) -> Vec<PathBuf> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let year = entry.unwrap().path();
        if year.is_file() {
            names.push(year.strip_prefix(dir).unwrap().to_path_buf());
            continue;
        }
        for file in std::fs::read_dir(&year).unwrap() {
            names.push(
                file.unwrap()
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_path_buf(),
            );
        }
    }
    names.sort();
    names
}

fn assert_same_files(a: &Path, b: &Path) {
    let names = file_names(a);
    assert_eq!(names, file_names(b));
    for name in names {
        let (x, y) = (
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap(),
        );
        assert!(x == y, "{} differs between runs", name.display());
    }
}

#[test]
fn same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    for format in [SynthFormat::Csv, SynthFormat::Parquet] {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = generate_with_threads(&options(2500, Some(12), format), a.path(), 1);
        let second = generate_with_threads(&options(2500, Some(12), format), b.path(), 3);
        assert_eq!(first, second);
        assert_same_files(a.path(), b.path());
        let expected = 2 * EXTRACTS + 2; // + cutpoints.csv and synth.json
        assert_eq!(
            file_names(a.path()).len(),
            expected,
            "{format:?}: all six extracts every year"
        );
    }
}

#[test]
fn a_different_seed_gives_different_data() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(
        &options(1500, Some(10), SynthFormat::Csv),
        a.path(),
        &|_| {},
    )
    .unwrap();
    let mut other = options(1500, Some(10), SynthFormat::Csv);
    other.seed = 8;
    generate(&other, b.path(), &|_| {}).unwrap();
    let students = |d: &Path| std::fs::read(d.join("2015/students.csv")).unwrap();
    assert_ne!(students(a.path()), students(b.path()));
}

#[test]
fn every_year_loads_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let messages = std::cell::RefCell::new(Vec::new());
    let summary = generate(&options(6000, None, SynthFormat::Csv), dir.path(), &|m| {
        messages.borrow_mut().push(m.to_string())
    })
    .unwrap();
    assert_eq!(summary.years, vec![2015, 2016]);
    assert_eq!(summary.schools, 10);
    assert!(messages.borrow().iter().any(|m| m == "year 2016: students"));
    assert!(dir.path().join("cutpoints.csv").exists());
    assert!(dir.path().join("synth.json").exists());
    for (year, rows) in summary.years.iter().zip(&summary.students_per_year) {
        let data = load(dir.path(), *year);
        assert_eq!(data.enrolments.len(), *rows);
        // Near the requested size, every extract present, nothing left out.
        assert!((*rows as f64 - 6000.0).abs() < 300.0, "{rows} rows");
        assert!(data.left_out.is_empty(), "{:?}", data.left_out);
        assert!(data.unknown_columns.is_empty());
        assert!(
            data.warnings.iter().all(|w| !w.contains("left out")),
            "{:?}",
            data.warnings
        );
        for extract in [
            &data.assessments.is_some(),
            &data.cohort.is_some(),
            &data.sel.is_some(),
            &data.climate.is_some(),
        ] {
            assert!(*extract);
        }
        let cohort = data.cohort.as_ref().unwrap();
        assert!(!cohort.is_empty());
        for row in cohort {
            assert_eq!(row.grad_year.is_some(), row.outcome == Outcome::Graduated);
            assert!((year - 5..=year - 3).contains(&row.cohort_year));
            if let Some(g) = row.grad_year {
                assert!(g >= row.cohort_year + 3 && g <= *year);
            }
            assert_eq!(data.schools[row.school as usize].level, SchoolLevel::High);
        }
        // Growth needs last year's scores; the first year has none written before it.
        assert_eq!(data.prior_scores.is_some(), *year > 2015);
    }
}

#[test]
fn csv_and_parquet_load_to_the_same_data() {
    let (csv, parquet) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(
        &options(2500, Some(12), SynthFormat::Csv),
        csv.path(),
        &|_| {},
    )
    .unwrap();
    generate(
        &options(2500, Some(12), SynthFormat::Parquet),
        parquet.path(),
        &|_| {},
    )
    .unwrap();
    for year in [2015, 2016] {
        let (a, b) = (load(csv.path(), year), load(parquet.path(), year));
        assert!(!a.enrolments.is_empty());
        assert_eq!(a.schools, b.schools);
        assert_eq!(a.enrolments, b.enrolments);
        assert_eq!(a.assessments, b.assessments);
        assert_eq!(a.cohort, b.cohort);
        assert_eq!(a.sel, b.sel);
        assert_eq!(a.climate, b.climate);
        assert_eq!(a.prior_scores, b.prior_scores);
    }
}

/// A data set replaces an earlier one as a whole: no file of the other format stays.
#[test]
fn writing_one_format_removes_the_other() {
    let dir = tempfile::tempdir().unwrap();
    generate(
        &options(800, Some(5), SynthFormat::Csv),
        dir.path(),
        &|_| {},
    )
    .unwrap();
    generate(
        &options(800, Some(5), SynthFormat::Parquet),
        dir.path(),
        &|_| {},
    )
    .unwrap();
    assert!(!dir.path().join("2015/students.csv").exists());
    load(dir.path(), 2016);
}

#[test]
fn tiny_data_sets_still_load_in_both_formats() {
    for format in [SynthFormat::Csv, SynthFormat::Parquet] {
        for (students, schools) in [(1, 3), (40, 3), (300, 25)] {
            let dir = tempfile::tempdir().unwrap();
            generate(
                &options(students, Some(schools), format),
                dir.path(),
                &|_| {},
            )
            .unwrap();
            for year in [2015, 2016] {
                let data = load(dir.path(), year);
                assert_eq!(data.schools.len(), schools);
            }
        }
    }
}

#[test]
fn bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(100, Some(2), SynthFormat::Csv);
    let message = |opts: &SynthOptions| {
        let err = generate(opts, dir.path(), &|_| {}).unwrap_err();
        assert_eq!(
            core_index::error::kind(&err),
            core_index::error::ErrorKind::Usage
        );
        err.to_string()
    };
    assert!(message(&opts).contains("--schools"));
    opts.schools = Some(3);
    opts.first_year = 2017;
    assert!(message(&opts).contains("--years"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Key rates of one loaded year, as the metrics of methodology §3 would see them.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    pub enrolment_rows: usize,
    pub students: usize,
    pub schools_by_level: BTreeMap<&'static str, usize>,
    pub title_i: f64,
    pub two_schools: f64,
    pub race: BTreeMap<&'static str, f64>,
    pub sed: f64,
    pub swd: f64,
    pub el: f64,
    pub rfep: f64,
    pub foster: f64,
    pub homeless: f64,
    pub chronic_absence: f64,
    pub suspension: f64,
    pub expelled: f64,
    pub el_reclassified: f64,
    pub hs_readiness: f64,
    pub gpa_missing: f64,
    pub tested: f64,
    pub ela_met: f64,
    pub math_met: f64,
    pub mean_sem: f64,
    pub growth_sample: f64,
    pub sel_response: f64,
    pub climate_below_floor: f64,
    pub grad4_min: f64,
    pub grad4_median: f64,
    pub grad4_max: f64,
    pub grad4_schools_below_60: usize,
    pub grad4_schools: usize,
}

fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

pub(crate) fn rates(data: &YearData) -> Rates {
    let e = &data.enrolments;
    let mut r = Rates {
        enrolment_rows: e.len(),
        ..Rates::default()
    };
    let mut rows_per_student: HashMap<u32, usize> = HashMap::new();
    for row in e {
        *rows_per_student.entry(row.student).or_default() += 1;
    }
    r.students = rows_per_student.len();
    r.two_schools = pct(
        rows_per_student.values().filter(|n| **n > 1).count(),
        r.students,
    );
    for level in SchoolLevel::ALL {
        r.schools_by_level.insert(
            level.code(),
            data.schools.iter().filter(|s| s.level == *level).count(),
        );
    }
    r.title_i = pct(
        data.schools.iter().filter(|s| s.title_i).count(),
        data.schools.len(),
    );
    for race in Race::ALL {
        r.race.insert(
            race.code(),
            pct(e.iter().filter(|x| x.demo.race == *race).count(), e.len()),
        );
    }
    let share = |f: &dyn Fn(&core_index::dataset::Enrolment) -> bool| {
        pct(e.iter().filter(|x| f(x)).count(), e.len())
    };
    r.sed = share(&|x| x.demo.sed);
    r.swd = share(&|x| x.demo.swd);
    r.el = share(&|x| x.demo.el_status == ElStatus::EnglishLearner);
    r.rfep = share(&|x| x.demo.el_status == ElStatus::Reclassified);
    r.foster = share(&|x| x.demo.foster);
    r.homeless = share(&|x| x.demo.homeless);
    let absence: Vec<_> = e
        .iter()
        .filter(|x| x.grade >= 0 && x.days_enrolled >= 31)
        .collect();
    r.chronic_absence = pct(
        absence
            .iter()
            .filter(|x| 10 * x.days_absent >= x.days_enrolled)
            .count(),
        absence.len(),
    );
    let enrolled: Vec<_> = e.iter().filter(|x| x.days_enrolled >= 1).collect();
    r.suspension = pct(
        enrolled
            .iter()
            .filter(|x| x.suspensions >= 1 || x.expelled)
            .count(),
        enrolled.len(),
    );
    r.expelled = pct(
        enrolled.iter().filter(|x| x.expelled).count(),
        enrolled.len(),
    );
    let el_base: Vec<_> = e
        .iter()
        .filter(|x| x.demo.el_status == ElStatus::EnglishLearner || x.redesignated)
        .collect();
    r.el_reclassified = pct(
        el_base.iter().filter(|x| x.redesignated).count(),
        el_base.len(),
    );
    let grade8: Vec<_> = e
        .iter()
        .filter(|x| x.grade == 8 && x.days_enrolled >= 1)
        .collect();
    let ready = grade8
        .iter()
        .filter(|x| {
            x.gpa.is_some_and(|g| g >= 2.5)
                && 100 * (x.days_enrolled - x.days_absent) >= 96 * x.days_enrolled
                && x.ela_df == Some(false)
                && x.math_df == Some(false)
                && x.suspensions == 0
                && !x.expelled
        })
        .count();
    r.hs_readiness = pct(ready, grade8.len());
    let upper: Vec<_> = e.iter().filter(|x| x.grade >= 6).collect();
    r.gpa_missing = pct(
        upper.iter().filter(|x| x.gpa.is_none()).count(),
        upper.len(),
    );

    let assessments = data.assessments.as_deref().unwrap_or(&[]);
    let tested_grade_students: HashSet<u32> = e
        .iter()
        .filter(|x| matches!(x.grade, 3..=8 | 11))
        .map(|x| x.student)
        .collect();
    let tested: HashSet<u32> = assessments.iter().map(|a| a.student).collect();
    r.tested = pct(tested.len(), tested_grade_students.len());
    let met = |subject: Subject| {
        let rows: Vec<_> = assessments
            .iter()
            .filter(|a| a.subject == subject)
            .collect();
        pct(rows.iter().filter(|a| a.level >= 3).count(), rows.len())
    };
    r.ela_met = met(Subject::Ela);
    r.math_met = met(Subject::Math);
    r.mean_sem = assessments.iter().map(|a| a.sem).sum::<f64>() / assessments.len().max(1) as f64;
    if let Some(prior) = &data.prior_scores {
        let growth_rows: Vec<_> = assessments
            .iter()
            .filter(|a| (4..=8).contains(&a.grade))
            .collect();
        let with_priors = growth_rows
            .iter()
            .filter(|a| {
                prior.get(&a.student).is_some_and(|p| {
                    p.ela.is_some_and(|s| s.grade == a.grade - 1)
                        && p.math.is_some_and(|s| s.grade == a.grade - 1)
                })
            })
            .count();
        r.growth_sample = pct(with_priors, growth_rows.len());
    }
    let sel = data.sel.as_deref().unwrap_or(&[]);
    let surveyed: HashSet<u32> = e
        .iter()
        .filter(|x| (4..=12).contains(&x.grade))
        .map(|x| x.student)
        .collect();
    r.sel_response = pct(sel.len(), surveyed.len());
    let climate = data.climate.as_deref().unwrap_or(&[]);
    let below = climate
        .iter()
        .filter(|c| {
            let floor = match (c.respondent, data.schools[c.school as usize].level) {
                (Respondent::Parent, SchoolLevel::Elementary) => 40,
                (Respondent::Parent, SchoolLevel::High) => 25,
                _ => 30,
            };
            100 * c.n_responded < floor * c.n_invited || c.n_responded < 10
        })
        .count();
    r.climate_below_floor = pct(below, climate.len());
    let mut cohorts: HashMap<u32, (usize, usize)> = HashMap::new();
    for c in data.cohort.as_deref().unwrap_or(&[]) {
        if c.cohort_year == data.year - 3 && c.outcome != Outcome::TransferOut {
            let entry = cohorts.entry(c.school).or_default();
            entry.1 += 1;
            if c.outcome == Outcome::Graduated && c.grad_year.is_some_and(|g| g <= data.year) {
                entry.0 += 1;
            }
        }
    }
    let mut grad: Vec<f64> = cohorts
        .values()
        .filter(|(_, n)| *n >= 20)
        .map(|(g, n)| pct(*g, *n))
        .collect();
    grad.sort_by(f64::total_cmp);
    if !grad.is_empty() {
        r.grad4_min = grad[0];
        r.grad4_median = grad[grad.len() / 2];
        r.grad4_max = grad[grad.len() - 1];
    }
    r.grad4_schools = grad.len();
    r.grad4_schools_below_60 = grad.iter().filter(|g| **g < 60.0).count();
    r
}

#[test]
fn rates_look_like_a_large_urban_district() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SynthOptions {
        students: 40_000,
        ..options(0, None, SynthFormat::Csv)
    };
    generate(&opts, dir.path(), &|_| {}).unwrap();
    let r = rates(&load(dir.path(), 2016));
    eprintln!("{r:#?}");
    let within = |name: &str, value: f64, low: f64, high: f64| {
        assert!(
            (low..=high).contains(&value),
            "{name} = {value:.2}, expected {low}–{high}"
        );
    };
    within("rows", r.enrolment_rows as f64, 38_500.0, 41_500.0);
    within("title I", r.title_i, 50.0, 80.0);
    within("two schools", r.two_schools, 0.5, 2.5);
    within("HI", r.race["HI"], 40.0, 60.0);
    within("WH", r.race["WH"], 12.0, 28.0);
    within("SED", r.sed, 50.0, 70.0);
    within("SWD", r.swd, 9.0, 15.0);
    within("EL", r.el, 15.0, 25.0);
    within("RFEP", r.rfep, 10.0, 20.0);
    within("homeless", r.homeless, 1.5, 5.0);
    within("foster", r.foster, 0.2, 1.0);
    within("chronic absence", r.chronic_absence, 9.0, 16.0);
    within("suspension", r.suspension, 2.5, 6.0);
    within("reclassification", r.el_reclassified, 9.0, 16.0);
    within("readiness", r.hs_readiness, 15.0, 60.0);
    within("gpa missing", r.gpa_missing, 1.0, 3.5);
    within("tested", r.tested, 92.0, 98.0);
    within("ELA met", r.ela_met, 30.0, 55.0);
    within("math met", r.math_met, 20.0, 45.0);
    within("mean SEM", r.mean_sem, 20.0, 35.0);
    within("growth sample", r.growth_sample, 80.0, 95.0);
    within("SEL response", r.sel_response, 55.0, 80.0);
    within("median 4-year graduation", r.grad4_median, 75.0, 92.0);
    assert!(
        r.grad4_schools_below_60 >= 1,
        "a school below the graduation floor"
    );
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let syy: f64 = pairs.iter().map(|p| (p.1 - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

/// The schools' true effects on growth can be found from the scores alone: a per-grade
/// regression of this year's score on last year's and on the school's mean of last year's
/// (as methodology R19 has it), averaged per school, ranks schools much as their true
/// effects do (what the growth model of methodology §5 relies on).
#[test]
fn school_growth_effects_are_recoverable_from_the_scores() {
    use super::panel::Panel;
    use super::schools::Directory;
    let (seed, students) = (11, 60_000);
    let dir = Directory::build(seed, students / 700);
    let mut panel = Panel::start(&dir, seed, 2010, students);
    let mut years = Vec::new();
    for year in 2010..=2016 {
        if year > 2010 {
            panel.open_year(&dir, seed, year);
        }
        years.push(panel.run_year(&dir, seed, year, year >= 2015));
    }
    let (current, prior) = (years.pop().unwrap(), years.pop().unwrap());
    for (subject_index, subject) in [(0, Subject::Ela), (1, Subject::Math)] {
        let mut last_year: HashMap<u32, (i8, f64)> = HashMap::new();
        for row in prior
            .iter()
            .flat_map(|r| &r.assessments)
            .filter(|a| a.subject == subject)
        {
            last_year.insert(row.student, (row.grade, row.score_tenths as f64 / 10.0));
        }
        // (school, grade, prior score, score) of students with last year's score a grade below.
        let sample: Vec<(u32, i8, f64, f64)> = current
            .iter()
            .flat_map(|r| &r.assessments)
            .filter(|a| a.subject == subject && (4..=8).contains(&a.grade))
            .filter_map(|a| {
                let (grade, score) = *last_year.get(&a.student)?;
                (grade == a.grade - 1).then_some((
                    a.school,
                    a.grade,
                    score,
                    a.score_tenths as f64 / 10.0,
                ))
            })
            .collect();
        let mut residuals: HashMap<u32, Vec<f64>> = HashMap::new();
        for grade in 4..=8 {
            let cell: Vec<_> = sample.iter().filter(|s| s.1 == grade).collect();
            let mut school_prior: HashMap<u32, (f64, f64)> = HashMap::new();
            for s in &cell {
                let e = school_prior.entry(s.0).or_default();
                e.0 += s.2;
                e.1 += 1.0;
            }
            // y = a + b1 p + b2 m_p by least squares on centred variables.
            let raw: Vec<[f64; 3]> = cell
                .iter()
                .map(|s| [s.2, school_prior[&s.0].0 / school_prior[&s.0].1, s.3])
                .collect();
            let n = raw.len() as f64;
            let means: Vec<f64> = (0..3)
                .map(|k| raw.iter().map(|r| r[k]).sum::<f64>() / n)
                .collect();
            let centred: Vec<[f64; 3]> = raw
                .iter()
                .map(|r| [r[0] - means[0], r[1] - means[1], r[2] - means[2]])
                .collect();
            let dot = |i: usize, j: usize| centred.iter().map(|r| r[i] * r[j]).sum::<f64>();
            let det = dot(0, 0) * dot(1, 1) - dot(0, 1) * dot(0, 1);
            let b1 = (dot(1, 1) * dot(0, 2) - dot(0, 1) * dot(1, 2)) / det;
            let b2 = (dot(0, 0) * dot(1, 2) - dot(0, 1) * dot(0, 2)) / det;
            for (s, r) in cell.iter().zip(&centred) {
                residuals
                    .entry(s.0)
                    .or_default()
                    .push(r[2] - b1 * r[0] - b2 * r[1]);
            }
        }
        let pairs: Vec<(f64, f64)> = residuals
            .iter()
            .filter(|(_, r)| r.len() >= 40)
            .map(|(school, r)| {
                let effect = dir.schools[*school as usize].traits.growth[subject_index];
                (effect, r.iter().sum::<f64>() / r.len() as f64)
            })
            .collect();
        let r = correlation(&pairs);
        eprintln!(
            "{subject:?}: {} schools, correlation of true and estimated effects {r:.2}",
            pairs.len()
        );
        assert!(
            pairs.len() >= 30 && r > 0.5,
            "{subject:?}: r = {r:.2} over {} schools",
            pairs.len()
        );
    }
}
