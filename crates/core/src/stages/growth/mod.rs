//! Growth model (methodology §5, R18–R24): for each subject, a per-grade regression of the
//! current score on prior scores and student and school characteristics with an
//! errors-in-variables correction, standardized residuals, and school/group effects shrunk
//! towards the mean and placed on a percentile scale.
//!
//! Sub-modules: [`sample`] (R18, R19 school means), [`regression`] (R19–R21), [`shrinkage`]
//! (R22–R23, R16 levels), [`reduce`] (the fixed-order parallel sums that make the output
//! bit-identical at any rayon thread count).

mod reduce;
mod regression;
mod sample;
mod shrinkage;
#[cfg(test)]
mod tests;

use rayon::prelude::*;

use crate::config::Config;
use crate::dataset::YearData;
use crate::model::{Group, Subject};
use crate::results::{GrowthCell, GrowthModelSummary, GrowthOutput, GrowthStats};

use reduce::{counting_sort, runs};
use regression::COLUMN_NAMES;
use sample::Obs;
use shrinkage::{SchoolSums, Scored};

/// Computes ELA and MATH growth for year Y (R18–R23). Without a year-Y assessments extract
/// or Y−1 prior scores, the output is empty with a warning.
pub(crate) fn compute_growth(data: &YearData, config: &Config) -> GrowthOutput {
    let mut out = GrowthOutput::default();
    let (Some(assessments), Some(prior)) = (&data.assessments, &data.prior_scores) else {
        out.warnings.push(format!(
            "growth (ELA_GROWTH, MATH_GROWTH) is not computed for {}: {}",
            data.year,
            if data.assessments.is_none() {
                "no assessments extract for the year"
            } else {
                "no assessments extract for the prior year"
            }
        ));
        return out;
    };
    let grades = growth_grades(config);
    let samples = sample::build(assessments, &data.enrolments, prior, &grades);
    let mut per_subject = Vec::with_capacity(2);
    for (subject, rows) in [Subject::Ela, Subject::Math].into_iter().zip(samples) {
        per_subject.push(subject_growth(subject, rows, &grades, config, &mut out));
    }
    let [ela, math]: [Vec<GrowthCell>; 2] = per_subject.try_into().expect("two subjects");
    out.cells = merge_by_school(ela, math);
    out
}

/// The configured growth grades, ascending and without repeats (as i32, the assessment
/// grade type; the configuration checks keep them in 1..=12).
fn growth_grades(config: &Config) -> Vec<i32> {
    let mut grades: Vec<i32> = config.growth.grades.iter().map(|&g| g as i32).collect();
    grades.sort_unstable();
    grades.dedup();
    grades
}

/// One subject: the per-grade models (R19–R21), then the cells (R22–R23). Pushes the model
/// summaries and warnings to `out` and returns the subject's cells in school, group-code
/// order.
fn subject_growth(
    subject: Subject,
    rows: Vec<Obs>,
    grades: &[i32],
    config: &Config,
    out: &mut GrowthOutput,
) -> Vec<GrowthCell> {
    let g = &config.growth;
    let mut scored: Vec<Scored> = Vec::with_capacity(rows.len());
    let grade_runs = runs(&rows, |o| o.grade);
    for &grade in grades {
        let slice = grade_runs
            .iter()
            .find(|r| rows[r.start].grade == grade)
            .map_or(&rows[..0], |r| &rows[r.clone()]);
        let label = format!("growth {} grade {grade}", subject.code());
        let mut summary = GrowthModelSummary {
            subject: subject.code().to_string(),
            grade: i64::from(grade),
            n: slice.len() as u64,
            estimator: "skipped".to_string(),
            coefficients: Vec::new(),
            dropped_columns: Vec::new(),
            sigma: None,
        };
        // R19: too small a grade is skipped; its students belong to no growth result.
        if (slice.len() as u64) < g.min_grade_sample {
            out.warnings.push(format!(
                "{label}: {} students, fewer than growth.min_grade_sample = {}; grade skipped, its \
                 students are in no growth result (R19)",
                slice.len(),
                g.min_grade_sample
            ));
            out.models.push(summary);
            continue;
        }
        let (means, seg_of) = sample::school_means(slice);
        let mut warn = |msg: String| out.warnings.push(format!("{label}: {msg}"));
        let (fit, mut resid) =
            regression::fit_grade(slice, &means, &seg_of, g.errors_in_variables, &mut warn);
        if !fit.dropped.is_empty() {
            let names: Vec<&str> = fit.dropped.iter().map(|&j| COLUMN_NAMES[j + 1]).collect();
            warn(format!(
                "column(s) {} dropped, their values are identical for all {} students (coefficient 0, R19)",
                names.join(", "),
                fit.n
            ));
        }
        summary.estimator = fit.estimator.name().to_string();
        summary
            .coefficients
            .push((COLUMN_NAMES[0].to_string(), fit.intercept));
        for (&j, &b) in fit.kept.iter().zip(&fit.beta) {
            summary
                .coefficients
                .push((COLUMN_NAMES[j + 1].to_string(), b));
        }
        summary.dropped_columns = fit
            .dropped
            .iter()
            .map(|&j| COLUMN_NAMES[j + 1].to_string())
            .collect();
        // R21: σ_g needs N_g > K_g and a non-zero residual; otherwise z is undefined and the
        // grade is skipped like a too-small one.
        let df = fit.n as i64 - fit.k() as i64;
        let sigma = if df > 0 {
            (fit.rss / df as f64).sqrt()
        } else {
            f64::NAN
        };
        if !(sigma.is_finite() && sigma > 0.0) {
            warn(format!(
                "the residual standard deviation is undefined or zero (N = {}, K = {}); grade \
                 skipped, its students are in no growth result (R21)",
                fit.n,
                fit.k()
            ));
            summary.estimator = "skipped".to_string();
            out.models.push(summary);
            continue;
        }
        summary.sigma = Some(sigma);
        out.models.push(summary);
        resid.par_iter_mut().for_each(|r| *r /= sigma);
        scored.extend(slice.iter().zip(&resid).map(|(o, &z)| Scored {
            school: o.school,
            groups: o.groups,
            z,
        }));
    }
    // R22: schools across grades. Stable, so a school's students stay in (grade, assessment)
    // order and every per-school sum has a fixed order.
    let n_schools = scored
        .iter()
        .map(|s| s.school as usize + 1)
        .max()
        .unwrap_or(0);
    let scored = counting_sort(&[&scored], n_schools, |s| s.school as usize);
    let sums = shrinkage::school_sums(&scored);
    let stats = shrinkage::cell_stats(&sums, config.n_size, g.shrinkage);
    cells_in_order(subject, &sums, stats)
}

/// The cells with n ≥ 1 of each school, groups ordered by code string (byte order).
fn cells_in_order(
    subject: Subject,
    sums: &[SchoolSums],
    stats: Vec<[Option<GrowthStats>; 16]>,
) -> Vec<GrowthCell> {
    let mut by_code: Vec<Group> = Group::ALL.to_vec();
    by_code.sort_by_key(|g| g.code());
    let mut cells = Vec::new();
    for (s, stats) in sums.iter().zip(stats) {
        for &group in &by_code {
            let n = s.n[group.index()];
            if n >= 1 {
                cells.push(GrowthCell {
                    school: s.school,
                    subject,
                    group,
                    n,
                    stats: stats[group.index()],
                });
            }
        }
    }
    cells
}

/// Merges the two subjects' cells (each in school order) into school, subject order.
fn merge_by_school(ela: Vec<GrowthCell>, math: Vec<GrowthCell>) -> Vec<GrowthCell> {
    let mut cells = Vec::with_capacity(ela.len() + math.len());
    let mut math = math.into_iter().peekable();
    for cell in ela {
        while let Some(m) = math.next_if(|m| m.school < cell.school) {
            cells.push(m);
        }
        cells.push(cell);
    }
    cells.extend(math);
    cells
}
