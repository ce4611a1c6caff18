//! The non-growth metrics of methodology §3 (R7–R14) for `ALL` and every group of R4, as raw
//! results (suppression and roles are the next stage's, `stages::suppression`).
//!
//! Every integer threshold is compared in integers exactly as the rule writes it (R1), and
//! rates are `(100.0 * numerator) / denominator`. Each metric is computed by one thread
//! (metrics run side by side); counts are integers and means exact sums (R1), so no result
//! depends on the thread count or on the order of the rows.

use rayon::prelude::*;

use crate::config::Config;
use crate::dataset::{SchoolIdx, YearData};
use crate::model::{Group, GroupSet, Metric, Respondent, SchoolLevel, Subject};
use crate::numeric::{exact_mean, ExactSum};
use crate::results::{Grad4, RawResult};
use crate::stages::suppression::meets_n_size;

/// What the metrics stage hands on.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MetricsOutput {
    pub results: Vec<RawResult>,
    /// 4-year graduation rates per (school, group), for designations (R9 last sentence).
    pub grad4: Vec<Grad4>,
    /// Grade-8 students counted not ready because gpa, ela_df or math_df was missing (R8).
    pub readiness_missing_fields: u64,
    /// Why HS_READINESS has no rows although switched on: an input of R8 missing on every
    /// grade-8 row it counts (see [`readiness_inputs_missing`]).
    pub readiness_without_rows: Option<String>,
    /// Why SEL has no rows although the sel extract has rows: no student has two of the
    /// four skills (see [`sel_inputs_missing`]).
    pub sel_without_rows: Option<String>,
}

impl MetricsOutput {
    /// The switched-on metrics that have no rows although their extract has rows, each
    /// with why (HS_READINESS, R8; SEL, R13), in §3's order.
    pub(crate) fn metrics_without_rows(&self) -> Vec<(Metric, String)> {
        [
            (Metric::HsReadiness, &self.readiness_without_rows),
            (Metric::Sel, &self.sel_without_rows),
        ]
        .into_iter()
        .filter_map(|(metric, reason)| Some((metric, reason.clone()?)))
        .collect()
    }
}

/// R1: percent as `(100.0 * numerator) / denominator`.
pub(crate) fn percent(numerator: u64, denominator: u64) -> f64 {
    (100.0 * numerator as f64) / denominator as f64
}

/// Per (school, group) counters of a rate metric.
struct RateCounts {
    n: Vec<[u64; 16]>,
    numerator: Vec<[u64; 16]>,
}

impl RateCounts {
    fn new(schools: usize) -> Self {
        RateCounts {
            n: vec![[0; 16]; schools],
            numerator: vec![[0; 16]; schools],
        }
    }

    fn add(&mut self, school: SchoolIdx, groups: GroupSet, counted: bool) {
        let s = school as usize;
        for g in groups.iter() {
            self.n[s][g.index()] += 1;
            if counted {
                self.numerator[s][g.index()] += 1;
            }
        }
    }

    fn results(&self, metric: Metric) -> Vec<RawResult> {
        let mut out = Vec::new();
        for (s, (n, num)) in self.n.iter().zip(&self.numerator).enumerate() {
            for g in Group::ALL {
                let n = n[g.index()];
                if n > 0 {
                    out.push(RawResult {
                        school: s as SchoolIdx,
                        metric,
                        group: *g,
                        n,
                        numerator: Some(num[g.index()]),
                        value: Some(percent(num[g.index()], n)),
                    });
                }
            }
        }
        out
    }
}

/// Per (school, group) exact sums of a mean metric (R1: a correctly rounded sum divided by
/// the count, so the mean does not depend on the order of the rows).
struct MeanSums {
    n: Vec<[u64; 16]>,
    sum: Vec<[ExactSum; 16]>,
}

impl MeanSums {
    fn new(schools: usize) -> Self {
        MeanSums {
            n: vec![[0; 16]; schools],
            sum: (0..schools).map(|_| Default::default()).collect(),
        }
    }

    fn add(&mut self, school: SchoolIdx, groups: GroupSet, value: f64) {
        let s = school as usize;
        for g in groups.iter() {
            self.n[s][g.index()] += 1;
            self.sum[s][g.index()].add(value);
        }
    }

    fn results(&self, metric: Metric) -> Vec<RawResult> {
        let mut out = Vec::new();
        for (s, (n, sum)) in self.n.iter().zip(&self.sum).enumerate() {
            for g in Group::ALL {
                let n = n[g.index()];
                if n > 0 {
                    out.push(RawResult {
                        school: s as SchoolIdx,
                        metric,
                        group: *g,
                        n,
                        numerator: None,
                        value: Some(sum[g.index()].value() / n as f64),
                    });
                }
            }
        }
        out
    }
}

/// R7: percent of tested students (grades 3–8 and 11, with an enrolment row) at level 3 or 4.
fn performance(data: &YearData, subject: Subject) -> Vec<RawResult> {
    let Some(assessments) = &data.assessments else {
        return Vec::new();
    };
    let mut counts = RateCounts::new(data.school_count());
    for a in assessments {
        if a.subject != subject || !Metric::is_performance_grade(a.grade) {
            continue;
        }
        let groups = data.enrolments[a.enrolment as usize].demo.groups();
        counts.add(a.school, groups, a.level >= 3);
    }
    let metric = match subject {
        Subject::Ela => Metric::ElaPerf,
        Subject::Math => Metric::MathPerf,
    };
    counts.results(metric)
}

/// R8: grade-8 enrolments with days_enrolled ≥ 1; ready when gpa ≥ 2.5, attendance ≥ 96%
/// (100 × (enrolled − absent) ≥ 96 × enrolled, in integers), no D/F in ELA or math, no
/// suspension and not expelled. A missing gpa, ela_df or math_df counts as not ready.
fn hs_readiness(data: &YearData) -> (Vec<RawResult>, u64) {
    let mut counts = RateCounts::new(data.school_count());
    let mut missing = 0u64;
    for e in &data.enrolments {
        if e.grade != 8 || e.days_enrolled < 1 {
            continue;
        }
        if e.gpa.is_none() || e.ela_df.is_none() || e.math_df.is_none() {
            missing += 1;
        }
        let ready = e.gpa.is_some_and(|gpa| gpa >= 2.5)
            && 100 * (e.days_enrolled - e.days_absent) >= 96 * e.days_enrolled
            && e.ela_df == Some(false)
            && e.math_df == Some(false)
            && e.suspensions == 0
            && !e.expelled;
        counts.add(e.school, e.demo.groups(), ready);
    }
    (counts.results(Metric::HsReadiness), missing)
}

/// R8 as revised: when gpa, ela_df or math_df is missing (absent from the students extract,
/// or empty) on every grade-8 row R8 counts, HS_READINESS has no rows, since a readiness
/// computed from a missing input (every student "not ready") would say nothing about
/// schools. Returns why, naming the inputs; `None` when each input is present somewhere (or
/// there are no such rows, so no results anyway).
pub(crate) fn readiness_inputs_missing(data: &YearData) -> Option<String> {
    let counted = data
        .enrolments
        .iter()
        .filter(|e| e.grade == 8 && e.days_enrolled >= 1);
    let (mut rows, mut gpa, mut ela_df, mut math_df) = (0u64, false, false, false);
    for e in counted {
        rows += 1;
        gpa |= e.gpa.is_some();
        ela_df |= e.ela_df.is_some();
        math_df |= e.math_df.is_some();
    }
    let missing: Vec<&str> = [("gpa", gpa), ("ela_df", ela_df), ("math_df", math_df)]
        .into_iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| name)
        .collect();
    (rows > 0 && !missing.is_empty()).then(|| {
        format!(
            "{} missing on every one of the {rows} grade-8 enrolment rows R8 counts (absent from the students extract or empty); readiness computed without {} would say nothing about schools",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        )
    })
}

/// The data-contract's manifest rule for SEL: when the sel extract has rows but not one of
/// them has at least two of the four skills (R13) — the skill columns absent or empty
/// everywhere — SEL has no rows, and a warning and the manifest must say why rather than
/// leave the metric silently missing. `None` otherwise.
pub(crate) fn sel_inputs_missing(data: &YearData) -> Option<String> {
    let responses = data.sel.as_ref()?;
    let usable = responses
        .iter()
        .any(|r| r.skills.iter().flatten().count() >= 2);
    (!responses.is_empty() && !usable).then(|| {
        format!(
            "none of the {} sel rows has at least 2 of the 4 skills (growth_mindset, self_efficacy, self_management, social_awareness); SEL would say nothing about schools",
            responses.len()
        )
    })
}

/// R10: enrolments with grade ≥ 0 and days_enrolled ≥ 31; chronically absent when
/// 10 × days_absent ≥ days_enrolled.
fn chronic_absence(data: &YearData) -> Vec<RawResult> {
    let mut counts = RateCounts::new(data.school_count());
    for e in &data.enrolments {
        if e.grade >= 0 && e.days_enrolled >= 31 {
            counts.add(
                e.school,
                e.demo.groups(),
                10 * e.days_absent >= e.days_enrolled,
            );
        }
    }
    counts.results(Metric::ChronicAbsence)
}

/// R11: enrolments with days_enrolled ≥ 1; counted when suspended at least once or expelled.
fn suspension(data: &YearData) -> Vec<RawResult> {
    let mut counts = RateCounts::new(data.school_count());
    for e in &data.enrolments {
        if e.days_enrolled >= 1 {
            counts.add(e.school, e.demo.groups(), e.suspensions >= 1 || e.expelled);
        }
    }
    counts.results(Metric::Suspension)
}

/// R12: enrolments with el_status EL or redesignated; percent redesignated. `ALL` only.
fn el_reclassification(data: &YearData) -> Vec<RawResult> {
    let mut counts = RateCounts::new(data.school_count());
    for e in &data.enrolments {
        if e.demo.el_status == crate::model::ElStatus::EnglishLearner || e.redesignated {
            counts.add(e.school, Group::All.bit(), e.redesignated);
        }
    }
    counts.results(Metric::ElReclass)
}

/// R13: sel rows with at least 2 of the 4 skills; a student's score is the mean of the
/// skills present (their sum added left to right in the extract's skill order, divided by
/// their count); the result is the mean student score (R1: an exact mean).
fn sel(data: &YearData) -> Vec<RawResult> {
    let Some(responses) = &data.sel else {
        return Vec::new();
    };
    let mut sums = MeanSums::new(data.school_count());
    for r in responses {
        let present: Vec<f64> = r.skills.iter().flatten().copied().collect();
        if present.len() < 2 {
            continue;
        }
        // R13 fixes this order: the skills added left to right, from 0.0 (exact).
        let score = present.iter().fold(0.0, |acc, v| acc + v) / present.len() as f64;
        sums.add(
            r.school,
            data.enrolments[r.enrolment as usize].demo.groups(),
            score,
        );
    }
    sums.results(Metric::Sel)
}

/// R14: the response-rate floor of a respondent group, in percent.
pub(crate) fn climate_floor(respondent: Respondent, level: SchoolLevel) -> i64 {
    match (respondent, level) {
        (Respondent::Student, _) | (Respondent::Staff, _) => 30,
        (Respondent::Parent, SchoolLevel::Elementary) => 40,
        (Respondent::Parent, SchoolLevel::Middle) => 30,
        (Respondent::Parent, SchoolLevel::High) => 25,
    }
}

/// R14: mean pct_favorable over respondent groups with 100 × n_responded ≥ floor × n_invited
/// and n_responded ≥ 10; n = their total n_responded. `ALL` only; no row without a
/// qualifying group. The mean is exact (R1).
fn climate(data: &YearData) -> Vec<RawResult> {
    let Some(rows) = &data.climate else {
        return Vec::new();
    };
    let mut per_school: Vec<[Option<(i64, f64)>; 3]> = vec![[None; 3]; data.school_count()];
    for r in rows {
        let level = data.schools[r.school as usize].level;
        let floor = climate_floor(r.respondent, level);
        if 100 * r.n_responded >= floor * r.n_invited && r.n_responded >= 10 {
            per_school[r.school as usize][r.respondent as usize] =
                Some((r.n_responded, r.pct_favorable));
        }
    }
    let mut out = Vec::new();
    for (s, groups) in per_school.iter().enumerate() {
        let qualifying: Vec<(i64, f64)> = groups.iter().flatten().copied().collect();
        if qualifying.is_empty() {
            continue;
        }
        let n: i64 = qualifying.iter().map(|q| q.0).sum();
        let mean = exact_mean(qualifying.iter().map(|q| q.1)).expect("a qualifying group");
        out.push(RawResult {
            school: s as SchoolIdx,
            metric: Metric::Climate,
            group: Group::All,
            n: n as u64,
            numerator: None,
            value: Some(mean),
        });
    }
    out
}

/// R9: graduation. For k = 4, 5, 6 the k-year cohort is cohort_year = Y − k + 1 (TRANSFER_OUT
/// removed); its rate (percent GRAD with grad_year ≤ Y) exists when n ≥ n_size. The result is
/// the mean of the existing rates; n is the 4-year size when that rate exists, else the
/// largest of the three sizes. The 4-year rate is kept for designations.
fn graduation(data: &YearData, n_size: u64) -> (Vec<RawResult>, Vec<Grad4>) {
    let Some(cohort) = &data.cohort else {
        return (Vec::new(), Vec::new());
    };
    let year = data.year;
    // [school][k-4] per group: (size, graduates)
    let mut size = vec![[[0u64; 16]; 3]; data.school_count()];
    let mut grads = vec![[[0u64; 16]; 3]; data.school_count()];
    for c in cohort {
        if c.outcome == crate::model::Outcome::TransferOut {
            continue;
        }
        let k = year - c.cohort_year + 1;
        if !(4..=6).contains(&k) {
            continue;
        }
        let slot = (k - 4) as usize;
        let graduated =
            c.outcome == crate::model::Outcome::Graduated && c.grad_year.is_some_and(|g| g <= year);
        for g in c.demographics().groups().iter() {
            size[c.school as usize][slot][g.index()] += 1;
            if graduated {
                grads[c.school as usize][slot][g.index()] += 1;
            }
        }
    }
    let mut results = Vec::new();
    let mut grad4 = Vec::new();
    for s in 0..data.school_count() {
        for g in Group::ALL {
            let sizes: [u64; 3] = std::array::from_fn(|k| size[s][k][g.index()]);
            if sizes.iter().sum::<u64>() == 0 {
                continue;
            }
            let rates: [Option<f64>; 3] = std::array::from_fn(|k| {
                meets_n_size(sizes[k], n_size).then(|| percent(grads[s][k][g.index()], sizes[k]))
            });
            // R1: the mean of the existing rates is an exact mean.
            let value = exact_mean(rates.iter().flatten().copied());
            let n = if rates[0].is_some() {
                sizes[0]
            } else {
                *sizes.iter().max().expect("three sizes")
            };
            results.push(RawResult {
                school: s as SchoolIdx,
                metric: Metric::Grad,
                group: *g,
                n,
                numerator: None,
                value,
            });
            grad4.push(Grad4 {
                school: s as SchoolIdx,
                group: *g,
                n: sizes[0],
                rate: rates[0],
            });
        }
    }
    (results, grad4)
}

/// Computes every enabled non-growth metric (R7–R14), metrics side by side in parallel.
pub(crate) fn compute_metrics(data: &YearData, config: &Config) -> MetricsOutput {
    let enabled: Vec<Metric> = Metric::ALL
        .iter()
        .copied()
        .filter(|m| !m.is_growth() && config.metric_enabled(*m))
        .collect();
    let readiness_without_rows = enabled
        .contains(&Metric::HsReadiness)
        .then(|| readiness_inputs_missing(data))
        .flatten();
    let parts: Vec<(Vec<RawResult>, Vec<Grad4>, u64)> = enabled
        .par_iter()
        .map(|metric| match metric {
            Metric::ElaPerf => (performance(data, Subject::Ela), Vec::new(), 0),
            Metric::MathPerf => (performance(data, Subject::Math), Vec::new(), 0),
            Metric::HsReadiness if readiness_without_rows.is_some() => (Vec::new(), Vec::new(), 0),
            Metric::HsReadiness => {
                let (r, missing) = hs_readiness(data);
                (r, Vec::new(), missing)
            }
            Metric::Grad => {
                let (r, g) = graduation(data, config.n_size);
                (r, g, 0)
            }
            Metric::ChronicAbsence => (chronic_absence(data), Vec::new(), 0),
            Metric::Suspension => (suspension(data), Vec::new(), 0),
            Metric::ElReclass => (el_reclassification(data), Vec::new(), 0),
            Metric::Sel => (sel(data), Vec::new(), 0),
            Metric::Climate => (climate(data), Vec::new(), 0),
            Metric::ElaGrowth | Metric::MathGrowth => unreachable!("growth is filtered out above"),
        })
        .collect();
    let sel_without_rows = enabled
        .contains(&Metric::Sel)
        .then(|| sel_inputs_missing(data))
        .flatten();
    let mut out = MetricsOutput {
        readiness_without_rows,
        sel_without_rows,
        ..MetricsOutput::default()
    };
    for (results, grad4, missing) in parts {
        out.results.extend(results);
        out.grad4.extend(grad4);
        out.readiness_missing_fields += missing;
    }
    out
}

#[cfg(test)]
mod tests;
