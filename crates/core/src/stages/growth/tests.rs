//! Tests of the growth model (R16, R18–R23). Each test names the rule it checks and says how
//! the expected values were obtained independently of the code under test.

use std::collections::HashMap;

use nalgebra::{DMatrix, DVector};

use super::shrinkage::{self, Scored};
use super::*;
use crate::dataset::{
    Assessment, Enrolment, PriorScore, PriorScores, School, StudentKey, YearData,
};
use crate::model::{Demographics, ElStatus, Race, SchoolLevel};
use crate::results::GrowthStats;

// ---------------------------------------------------------------------------------------
// Fixtures

/// A deterministic generator (splitmix64) with Box–Muller normals, so the tests need no
/// RNG crate API and give the same data everywhere.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        mean + sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }
}

fn plain() -> Demographics {
    Demographics {
        race: Race::White,
        sed: false,
        swd: false,
        el_status: ElStatus::EnglishOnly,
        foster: false,
        homeless: false,
    }
}

/// One student of a fixture: year-Y scores (ELA, MATH) and prior scores as
/// (grade, score, sem).
struct Student {
    school: u32,
    grade: i32,
    demo: Demographics,
    ela: Option<f64>,
    math: Option<f64>,
    prior_ela: Option<(i32, f64, f64)>,
    prior_math: Option<(i32, f64, f64)>,
}

fn year_data(n_schools: usize) -> YearData {
    YearData {
        year: 2024,
        schools: (0..n_schools)
            .map(|i| School {
                id: format!("S{i:04}"),
                name: format!("School {i}"),
                district_id: "D1".into(),
                level: SchoolLevel::Middle,
                title_i: true,
            })
            .collect(),
        assessments: Some(Vec::new()),
        prior_scores: Some(HashMap::new()),
        ..YearData::default()
    }
}

fn add(data: &mut YearData, s: Student) -> StudentKey {
    let key = data.enrolments.len() as StudentKey;
    data.enrolments.push(Enrolment {
        student: key,
        school: s.school,
        grade: s.grade,
        days_enrolled: 180,
        days_absent: 0,
        suspensions: 0,
        expelled: false,
        demo: s.demo,
        redesignated: false,
        gpa: None,
        ela_df: None,
        math_df: None,
    });
    let assessments = data.assessments.as_mut().unwrap();
    for (subject, score) in [(Subject::Ela, s.ela), (Subject::Math, s.math)] {
        if let Some(score) = score {
            assessments.push(Assessment {
                student: key,
                school: s.school,
                enrolment: key,
                grade: s.grade,
                subject,
                scale_score: score,
                sem: 25.0,
                level: 2,
            });
        }
    }
    let prior = |p: Option<(i32, f64, f64)>| {
        p.map(|(grade, scale_score, sem)| PriorScore {
            grade,
            scale_score,
            sem,
        })
    };
    data.prior_scores.as_mut().unwrap().insert(
        key,
        PriorScores {
            ela: prior(s.prior_ela),
            math: prior(s.prior_math),
        },
    );
    key
}

/// Parameters of a simulated district: true prior scores, observed with N(0, sem²) noise,
/// and current scores from known coefficients plus a school effect.
struct Sim {
    seed: u64,
    schools: usize,
    /// Students per school and grade: `base + (school × 7) mod spread`.
    base: usize,
    spread: usize,
    grades: Vec<i32>,
    /// SEMs are uniform on this range.
    sem: (f64, f64),
    school_effect_sd: f64,
    foster_rate: f64,
}

/// True coefficients of the simulation: y = 50 + 0.9·T_same + 0.1·T_other − 8·SED − 15·SWD
/// − 10·ELc + school effect + N(0, 25²).
const TRUE_P: f64 = 0.9;
const TRUE_Q: f64 = 0.1;

fn simulate(sim: &Sim) -> YearData {
    let mut rng = Rng(sim.seed);
    let mut data = year_data(sim.schools);
    let races = [
        Race::White,
        Race::Hispanic,
        Race::Asian,
        Race::BlackAfricanAmerican,
        Race::NotReported,
    ];
    for school in 0..sim.schools {
        let effect = rng.normal(0.0, sim.school_effect_sd);
        let size = sim.base + (school * 7) % sim.spread.max(1);
        for &grade in &sim.grades {
            for _ in 0..size {
                let demo = Demographics {
                    race: races[(rng.next_u64() % races.len() as u64) as usize],
                    sed: rng.chance(0.5),
                    swd: rng.chance(0.12),
                    el_status: match rng.uniform() {
                        u if u < 0.2 => ElStatus::EnglishLearner,
                        u if u < 0.3 => ElStatus::Reclassified,
                        _ => ElStatus::EnglishOnly,
                    },
                    foster: rng.chance(sim.foster_rate),
                    homeless: rng.chance(0.05),
                };
                let level = 2300.0 + 50.0 * f64::from(grade);
                let dev = rng.normal(0.0, 80.0);
                let t_ela = level + dev;
                let t_math = level + 0.7 * dev + rng.normal(0.0, 80.0 * 0.51f64.sqrt());
                let sem = |rng: &mut Rng| sim.sem.0 + (sim.sem.1 - sim.sem.0) * rng.uniform();
                let (sem_e, sem_m) = (sem(&mut rng), sem(&mut rng));
                let obs_e = t_ela + rng.normal(0.0, sem_e);
                let obs_m = t_math + rng.normal(0.0, sem_m);
                let shift = 50.0
                    - 8.0 * f64::from(u8::from(demo.sed))
                    - 15.0 * f64::from(u8::from(demo.swd))
                    - 10.0 * f64::from(u8::from(demo.el_status == ElStatus::EnglishLearner))
                    + effect;
                let y_ela = shift + TRUE_P * t_ela + TRUE_Q * t_math + rng.normal(0.0, 25.0);
                let y_math = shift + TRUE_P * t_math + TRUE_Q * t_ela + rng.normal(0.0, 25.0);
                add(
                    &mut data,
                    Student {
                        school: school as u32,
                        grade,
                        demo,
                        ela: Some(y_ela),
                        math: Some(y_math),
                        prior_ela: Some((grade - 1, obs_e, sem_e)),
                        prior_math: Some((grade - 1, obs_m, sem_m)),
                    },
                );
            }
        }
    }
    data
}

fn config(min_grade_sample: u64, errors_in_variables: bool, shrinkage: bool) -> Config {
    let mut c = Config::default();
    c.growth.min_grade_sample = min_grade_sample;
    c.growth.errors_in_variables = errors_in_variables;
    c.growth.shrinkage = shrinkage;
    c
}

fn model<'a>(out: &'a GrowthOutput, subject: &str, grade: i64) -> &'a GrowthModelSummary {
    out.models
        .iter()
        .find(|m| m.subject == subject && m.grade == grade)
        .unwrap_or_else(|| panic!("no model for {subject} grade {grade}"))
}

fn coef(m: &GrowthModelSummary, name: &str) -> f64 {
    m.coefficients
        .iter()
        .find(|(n, _)| n == name)
        .map(|c| c.1)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

// ---------------------------------------------------------------------------------------
// R20 estimator

/// R19/R20 with errors_in_variables = false: the coefficients are ordinary least squares.
/// Independent method: one school, no demographic variation, so every column but 1, p, q is
/// constant and dropped (R19); the OLS solution of the 3-column design is then computed from
/// the raw (uncentred) normal equations XᵀXβ = Xᵀy by Cramer's rule, which shares no code or
/// arithmetic path with the implementation (centred, Jacobi-scaled Cholesky).
#[test]
fn r20_ols_equals_closed_form_normal_equations() {
    let mut data = year_data(1);
    let pqy = [
        (10.0, 14.0, 25.0),
        (12.0, 11.0, 27.5),
        (15.0, 19.0, 33.0),
        (9.0, 8.0, 19.0),
        (20.0, 17.0, 41.0),
        (14.0, 15.0, 29.0),
        (11.0, 16.0, 26.5),
        (18.0, 12.0, 36.0),
    ];
    for &(p, q, y) in &pqy {
        add(
            &mut data,
            Student {
                school: 0,
                grade: 5,
                demo: plain(),
                ela: Some(y),
                math: None,
                prior_ela: Some((4, p, 1.5)),
                prior_math: Some((4, q, 2.0)),
            },
        );
    }
    let out = compute_growth(&data, &config(1, false, true));

    // Raw normal equations: A = XᵀX, b = Xᵀy for X = [1, p, q].
    let mut a = [[0.0f64; 3]; 3];
    let mut b = [0.0f64; 3];
    for &(p, q, y) in &pqy {
        let x = [1.0, p, q];
        for i in 0..3 {
            b[i] += x[i] * y;
            for j in 0..3 {
                a[i][j] += x[i] * x[j];
            }
        }
    }
    let det3 = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let det = det3(a);
    let cramer = |col: usize| {
        let mut m = a;
        for i in 0..3 {
            m[i][col] = b[i];
        }
        det3(m) / det
    };
    let expected = [cramer(0), cramer(1), cramer(2)];

    let m = model(&out, "ELA", 5);
    assert_eq!(m.estimator, "ols");
    assert_eq!(m.n, 8);
    let names: Vec<&str> = m.coefficients.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names, ["intercept", "p", "q"]);
    for (name, e) in ["intercept", "p", "q"].iter().zip(expected) {
        assert!(
            close(coef(m, name), e, 1e-9),
            "{name}: {} vs {e}",
            coef(m, name)
        );
    }
    assert_eq!(m.dropped_columns.len(), 11);
    // R21: σ = sqrt(Σr² / (N − K)) with K = 3 kept columns.
    let rss: f64 = pqy
        .iter()
        .map(|&(p, q, y)| (y - expected[0] - expected[1] * p - expected[2] * q).powi(2))
        .sum();
    assert!(close(m.sigma.unwrap(), (rss / 5.0).sqrt(), 1e-9));
}

/// R19/R20 with errors_in_variables = false on the full 14-column design (demographics and
/// school means vary): the coefficients equal the least-squares solution of Xβ ≈ y computed
/// by a Householder QR of the explicit design matrix (X = QR, Rβ = Qᵀy). The design matrix,
/// including the school-and-grade means m_·, is built here independently from the fixture.
#[test]
fn r19_r20_ols_full_design_matches_qr() {
    let sim = Sim {
        seed: 11,
        schools: 12,
        base: 15,
        spread: 11,
        grades: vec![6],
        sem: (20.0, 30.0),
        school_effect_sd: 5.0,
        foster_rate: 0.1,
    };
    let data = simulate(&sim);
    let out = compute_growth(&data, &config(1, false, true));
    let m = model(&out, "MATH", 6);
    assert_eq!(m.estimator, "ols");
    assert!(m.dropped_columns.is_empty(), "{:?}", m.dropped_columns);

    // Independent design: per student (school, flags, p) for MATH; school means by HashMap.
    let prior = data.prior_scores.as_ref().unwrap();
    let rows: Vec<(u32, [f64; 5], f64, f64, f64)> = data
        .assessments
        .as_ref()
        .unwrap()
        .iter()
        .filter(|a| a.subject == Subject::Math)
        .map(|a| {
            let d = data.enrolments[a.enrolment as usize].demo;
            let ps = prior[&a.student];
            let b = |v: bool| if v { 1.0 } else { 0.0 };
            let flags = [
                b(d.sed),
                b(d.swd),
                b(d.el_status == ElStatus::EnglishLearner),
                b(d.homeless),
                b(d.foster),
            ];
            (
                a.school,
                flags,
                ps.math.unwrap().scale_score,
                ps.ela.unwrap().scale_score,
                a.scale_score,
            )
        })
        .collect();
    let mut school_sum: HashMap<u32, ([f64; 6], f64)> = HashMap::new();
    for (s, f, p, _, _) in &rows {
        let e = school_sum.entry(*s).or_insert(([0.0; 6], 0.0));
        for (acc, v) in e.0.iter_mut().zip(f) {
            *acc += v;
        }
        e.0[5] += p;
        e.1 += 1.0;
    }
    let n = rows.len();
    let x = DMatrix::from_fn(n, 14, |i, j| {
        let (s, f, p, q, _) = rows[i];
        let (sum, count) = school_sum[&s];
        match j {
            0 => 1.0,
            1 => p,
            2 => q,
            3..=7 => f[j - 3],
            _ => sum[j - 8] / count,
        }
    });
    let y = DVector::from_fn(n, |i, _| rows[i].4);
    let qr = x.qr();
    let beta = qr
        .r()
        .solve_upper_triangular(&(qr.q().transpose() * y))
        .unwrap();
    for (j, name) in regression::COLUMN_NAMES.iter().enumerate() {
        assert!(
            close(coef(m, name), beta[j], 1e-9),
            "{name}: {} vs {}",
            coef(m, name),
            beta[j]
        );
    }
}

/// R20: with priors observed with known measurement error (true prior + N(0, sem²), sem = 30,
/// true prior SD 80, reliability 6400/7300 ≈ 0.88), the corrected slope on p recovers the true
/// 0.9 while OLS is attenuated. Theory for OLS: with prior correlation 0.7, β_OLS =
/// (Σ_T + 900 I)⁻¹ Σ_T β ⇒ slope on p ≈ 0.734. Tolerance 0.02: with N = 20 000 the sampling
/// SD of the corrected slope is about σ_resid / (√N · SD(p | q)) ≈ 33 / (141 · 57) ≈ 0.004,
/// times ≈1.2 for the correction's inflation, so 0.02 is > 4 SD while still far from 0.734.
#[test]
fn r20_errors_in_variables_recovers_true_slope() {
    let sim = Sim {
        seed: 2024,
        schools: 1,
        base: 20_000,
        spread: 1,
        grades: vec![5],
        sem: (30.0, 30.0),
        school_effect_sd: 0.0,
        foster_rate: 0.0,
    };
    let data = simulate(&sim);
    let eiv = compute_growth(&data, &config(100, true, true));
    let ols = compute_growth(&data, &config(100, false, true));
    for subject in ["ELA", "MATH"] {
        let (e, o) = (model(&eiv, subject, 5), model(&ols, subject, 5));
        assert_eq!(e.estimator, "errors_in_variables");
        let (bp, bq) = (coef(e, "p"), coef(e, "q"));
        assert!(
            (bp - TRUE_P).abs() < 0.02,
            "{subject} corrected p slope {bp}"
        );
        assert!(
            (bq - TRUE_Q).abs() < 0.02,
            "{subject} corrected q slope {bq}"
        );
        let op = coef(o, "p");
        assert!(
            (op - 0.734).abs() < 0.02,
            "{subject} OLS p slope {op} (theory 0.734)"
        );
        assert!(TRUE_P - op > 0.1, "OLS must be attenuated");
        // The demographic coefficients are unaffected by the correction (uncorrelated).
        assert!((coef(e, "SED") + 8.0).abs() < 2.0);
    }
}

/// R20 fallback: priors simulated with SEM 20 (observed SD ≈ 82) but reported with SEM 150,
/// so Σ s_p² = N·22 500 exceeds p's centred sum of squares ≈ N·6 800 and XᵀX − D has a
/// negative diagonal entry, hence is not positive definite; the model falls back to OLS (the
/// same coefficients as errors_in_variables = false) with a warning.
#[test]
fn r20_not_positive_definite_falls_back_to_ols() {
    let sim = Sim {
        seed: 5,
        schools: 1,
        base: 300,
        spread: 1,
        grades: vec![4],
        sem: (20.0, 20.0),
        school_effect_sd: 0.0,
        foster_rate: 0.0,
    };
    let mut data = simulate(&sim);
    for ps in data.prior_scores.as_mut().unwrap().values_mut() {
        for s in [&mut ps.ela, &mut ps.math].into_iter().flatten() {
            s.sem = 150.0;
        }
    }
    let out = compute_growth(&data, &config(100, true, true));
    let ols = compute_growth(&data, &config(100, false, true));
    let m = model(&out, "ELA", 4);
    assert_eq!(m.estimator, "ols_fallback");
    assert_eq!(m.coefficients, model(&ols, "ELA", 4).coefficients);
    assert!(out
        .warnings
        .iter()
        .any(|w| w.contains("ELA grade 4") && w.contains("not positive definite")));
}

/// R20 singular XᵀX: two non-constant columns that are equal (every school is homogeneous in
/// SED, so SED = m_SED for every student) make XᵀX singular; the estimator is a least-squares
/// solution, flagged and warned, and its residuals match OLS without the duplicate column
/// (checked through σ, which depends on the residuals only, up to the K in N − K).
#[test]
fn r20_singular_design_uses_least_squares() {
    let mut rng = Rng(9);
    let mut data = year_data(10);
    for school in 0..10u32 {
        for _ in 0..40 {
            let p = rng.normal(2500.0, 80.0);
            let q = p + rng.normal(0.0, 50.0);
            let y = 100.0 + 0.8 * p + 0.15 * q + rng.normal(0.0, 20.0);
            add(
                &mut data,
                Student {
                    school,
                    grade: 6,
                    demo: Demographics {
                        sed: school % 2 == 0,
                        ..plain()
                    },
                    ela: Some(y),
                    math: None,
                    prior_ela: Some((5, p, 20.0)),
                    prior_math: Some((5, q, 20.0)),
                },
            );
        }
    }
    let out = compute_growth(&data, &config(10, true, true));
    let m = model(&out, "ELA", 6);
    assert_eq!(m.estimator, "least_squares_singular");
    assert!(out.warnings.iter().any(|w| w.contains("singular")));
    // The fitted values are unique: SED and m_SED share the effect, p and q are identified.
    let (sed, m_sed) = (coef(m, "SED"), coef(m, "m_SED"));
    assert!(sed.is_finite() && m_sed.is_finite());
    assert!((coef(m, "p") - 0.8).abs() < 0.1, "{}", coef(m, "p"));
    assert!(out.cells.iter().any(|c| c.stats.is_some()));
}

// ---------------------------------------------------------------------------------------
// R22–R23 shrinkage

fn scored(school: u32, zs: &[f64]) -> Vec<Scored> {
    zs.iter()
        .map(|&z| Scored {
            school,
            groups: Group::All.bit(),
            z,
        })
        .collect()
}

/// R22/R23 by hand: schools A z = [1, 3] (e = 2, SS = 2), B z = [−2, 0] (e = −1, SS = 2),
/// C z = [0, 0, 0, 0] (e = 0, SS = 0); n_size = 2. Then s² = 4 / (8 − 3) = 0.8,
/// ē = 1/3, mean((e − ē)²) = (25 + 16 + 1) / 27 = 14/9, mean(s²/n) = (0.4 + 0.4 + 0.2) / 3
/// = 1/3, τ² = 11/9. λ_A = (11/9) / (11/9 + 0.4) = 11/14.6, λ_C = (11/9) / (11/9 + 0.2) =
/// 11/12.8. Checks: these values, λ ∈ [0, 1], the larger school C shrinks less than A,
/// effect = λ(e − ē), se = √(λv), and shrinkage = false gives λ = 1.
#[test]
fn r22_r23_lambda_by_hand() {
    let mut all = scored(0, &[1.0, 3.0]);
    all.extend(scored(1, &[-2.0, 0.0]));
    all.extend(scored(2, &[0.0; 4]));
    let sums = shrinkage::school_sums(&all);
    let pooled = shrinkage::pooled(&sums, 2);
    assert!(close(pooled.s2, 0.8, 1e-12));
    assert!(close(pooled.e_bar, 1.0 / 3.0, 1e-12));
    assert!(close(pooled.tau2, 11.0 / 9.0, 1e-12));

    let stats = shrinkage::cell_stats(&sums, 2, true);
    let all_of = |i: usize| stats[i][Group::All.index()].unwrap();
    let (a, c) = (all_of(0), all_of(2));
    assert!(close(a.lambda, 11.0 / 14.6, 1e-12), "{}", a.lambda);
    assert!(close(c.lambda, 11.0 / 12.8, 1e-12), "{}", c.lambda);
    assert!(c.lambda > a.lambda, "a larger school shrinks less");
    assert!(close(a.effect, a.lambda * (2.0 - 1.0 / 3.0), 1e-12));
    assert!(close(a.se, (a.lambda * 0.4).sqrt(), 1e-12));
    for i in 0..3 {
        assert!((0.0..=1.0).contains(&all_of(i).lambda));
    }

    let raw = shrinkage::cell_stats(&sums, 2, false);
    for (i, e) in [2.0, -1.0, 0.0].into_iter().enumerate() {
        let s = raw[i][Group::All.index()].unwrap();
        assert_eq!(s.lambda, 1.0);
        assert!(close(s.effect, e - 1.0 / 3.0, 1e-12));
    }
}

/// R23 end to end on simulated schools of different sizes with real school effects: every λ
/// is in [0, 1], λ increases with n (v = s²/n falls), and shrinkage = false gives λ = 1 with
/// effect = e − ē.
#[test]
fn r23_lambda_range_and_size_order() {
    let sim = Sim {
        seed: 77,
        schools: 25,
        base: 20,
        spread: 60,
        grades: vec![4, 5],
        sem: (20.0, 30.0),
        school_effect_sd: 15.0,
        foster_rate: 0.02,
    };
    let data = simulate(&sim);
    let out = compute_growth(&data, &config(100, true, true));
    let all: Vec<(u64, GrowthStats)> = out
        .cells
        .iter()
        .filter(|c| c.subject == Subject::Ela && c.group == Group::All)
        .map(|c| (c.n, c.stats.unwrap()))
        .collect();
    assert_eq!(all.len(), 25);
    for c in out.cells.iter().filter_map(|c| c.stats) {
        assert!((0.0..=1.0).contains(&c.lambda), "{}", c.lambda);
    }
    assert!(
        all.iter().any(|(_, s)| s.lambda > 0.0),
        "τ² > 0 with real school effects"
    );
    for (n1, s1) in &all {
        for (n2, s2) in &all {
            if n1 < n2 {
                assert!(
                    s1.lambda < s2.lambda,
                    "n {n1} λ {} vs n {n2} λ {}",
                    s1.lambda,
                    s2.lambda
                );
            }
        }
    }
    let raw = compute_growth(&data, &config(100, true, false));
    for c in raw.cells.iter().filter_map(|c| c.stats) {
        assert_eq!(c.lambda, 1.0);
    }
}

/// R22/R23: τ² = 0 ⇒ λ = 0, effect = 0 and every percentile (and CI bound) is 50. Every
/// school holds an identical copy of the same 25 students, so all e are bit-identical, the
/// between-school variance is 0 and τ² = max(0, 0 − mean(s²/n)) = 0.
#[test]
fn r23_zero_tau_gives_percentile_50() {
    let mut rng = Rng(3);
    let students: Vec<(f64, f64, f64, bool)> = (0..25)
        .map(|_| {
            let p = rng.normal(2500.0, 80.0);
            let q = rng.normal(2500.0, 80.0);
            (
                p,
                q,
                0.8 * p + 0.2 * q + rng.normal(0.0, 30.0),
                rng.chance(0.5),
            )
        })
        .collect();
    let mut data = year_data(6);
    for school in 0..6 {
        for &(p, q, y, sed) in &students {
            add(
                &mut data,
                Student {
                    school,
                    grade: 7,
                    demo: Demographics { sed, ..plain() },
                    ela: Some(y),
                    math: Some(y),
                    prior_ela: Some((6, p, 25.0)),
                    prior_math: Some((6, q, 25.0)),
                },
            );
        }
    }
    let out = compute_growth(&data, &config(100, true, true));
    let stats: Vec<GrowthStats> = out.cells.iter().filter_map(|c| c.stats).collect();
    assert!(stats.len() >= 12);
    for s in stats {
        assert_eq!(s.lambda, 0.0);
        assert_eq!(s.effect, 0.0);
        assert_eq!(
            (s.growth_percentile, s.ci_low, s.ci_high),
            (50.0, 50.0, 50.0)
        );
        assert_eq!(s.level, 6);
    }
}

/// R23: fewer than two reported ALL cells (S < 2) ⇒ percentiles 50.
#[test]
fn r23_single_school_gives_percentile_50() {
    let sums = shrinkage::school_sums(&scored(0, &[1.0, -0.5, 0.25]));
    let stats = shrinkage::cell_stats(&sums, 1, false);
    let s = stats[0][Group::All.index()].unwrap();
    assert_eq!(
        (s.growth_percentile, s.ci_low, s.ci_high),
        (50.0, 50.0, 50.0)
    );
}

/// R16 decile map, from the rule's own examples plus the half-up boundary cases:
/// 99.5 rounds to 100 (level 10), 9.5 rounds to 10 (level 2), 9.49 to 9 (level 1).
#[test]
fn r16_decile_levels() {
    for (pct, level) in [
        (7.0, 1),
        (57.0, 6),
        (88.0, 9),
        (100.0, 10),
        (99.5, 10),
        (9.5, 2),
        (9.49, 1),
        (0.0, 1),
        (50.0, 6),
    ] {
        assert_eq!(
            crate::stages::banding::growth_level(pct),
            level,
            "percentile {pct}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Determinism, R18 sample, R19 dropping and skipping, output shape

fn big_sim() -> YearData {
    simulate(&Sim {
        seed: 42,
        schools: 40,
        base: 200,
        spread: 150,
        grades: vec![4, 5],
        sem: (18.0, 32.0),
        school_effect_sd: 10.0,
        foster_rate: 0.0,
    })
}

/// Fixed reduction order (R1, brief): the whole output is bit-identical with 1 and 2 rayon
/// threads. The grades hold > 8192 students each, so every regression sum spans several
/// chunks.
#[test]
fn r20_r23_identical_at_any_thread_count() {
    let data = big_sim();
    let grade4 = data
        .assessments
        .as_ref()
        .unwrap()
        .iter()
        .filter(|a| a.grade == 4)
        .count()
        / 2;
    assert!(grade4 > reduce::CHUNK, "{grade4} students in grade 4");
    let cfg = config(100, true, true);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| compute_growth(&data, &cfg))
    };
    let (one, two) = (run(1), run(2));
    assert!(one.cells.iter().any(|c| c.stats.is_some()));
    assert!(one == two, "output differs between 1 and 2 threads");
    assert_eq!(one, run(3));
}

/// R19: a column whose values are all identical is dropped (coefficient 0, reported, warned).
/// No simulated student is foster, so FOS and m_FOS are constant.
#[test]
fn r19_constant_column_dropped() {
    let data = simulate(&Sim {
        seed: 8,
        schools: 15,
        base: 20,
        spread: 10,
        grades: vec![5],
        sem: (20.0, 30.0),
        school_effect_sd: 5.0,
        foster_rate: 0.0,
    });
    let out = compute_growth(&data, &config(100, true, true));
    for subject in ["ELA", "MATH"] {
        let m = model(&out, subject, 5);
        assert_eq!(m.dropped_columns, ["FOS", "m_FOS"]);
        assert_eq!(m.coefficients.len(), 12);
        assert!(m
            .coefficients
            .iter()
            .all(|(n, _)| n != "FOS" && n != "m_FOS"));
        assert!(
            out.warnings
                .iter()
                .any(|w| w.contains(&format!("{subject} grade 5"))
                    && w.contains("FOS, m_FOS dropped"))
        );
    }
}

/// R19: a grade with fewer than min_grade_sample students is skipped with a warning and its
/// students belong to no result (school 40 has only grade-7 students: it gets no cells).
/// R18: a student without a prior MATH score, or with a prior at the wrong grade, or in a
/// non-growth grade, is not in the sample.
#[test]
fn r18_r19_sample_and_skipped_grade() {
    let mut data = simulate(&Sim {
        seed: 19,
        schools: 10,
        base: 30,
        spread: 5,
        grades: vec![6],
        sem: (20.0, 30.0),
        school_effect_sd: 5.0,
        foster_rate: 0.05,
    });
    data.schools.push(School {
        id: "S9999".into(),
        name: "Small".into(),
        district_id: "D1".into(),
        level: SchoolLevel::Middle,
        title_i: false,
    });
    let small = 10u32;
    let in_sample = data.assessments.as_ref().unwrap().len() / 2;
    for i in 0..5 {
        add(
            &mut data,
            Student {
                school: small,
                grade: 7,
                demo: plain(),
                ela: Some(2600.0 + f64::from(i)),
                math: Some(2610.0),
                prior_ela: Some((6, 2550.0, 20.0)),
                prior_math: Some((6, 2560.0 + f64::from(i), 20.0)),
            },
        );
    }
    // Left out of the grade-6 sample (R18): no prior MATH; prior ELA at grade 4; grade 3
    // (not a growth grade).
    let excluded = [
        (6, Some((5, 2500.0, 20.0)), None),
        (6, Some((4, 2500.0, 20.0)), Some((5, 2500.0, 20.0))),
        (3, Some((2, 2400.0, 20.0)), Some((2, 2400.0, 20.0))),
    ];
    for (grade, prior_ela, prior_math) in excluded {
        add(
            &mut data,
            Student {
                school: 0,
                grade,
                demo: plain(),
                ela: Some(2500.0),
                math: Some(2500.0),
                prior_ela,
                prior_math,
            },
        );
    }
    let out = compute_growth(&data, &config(100, true, true));
    let m6 = model(&out, "ELA", 6);
    assert_eq!(m6.n as usize, in_sample);
    let m7 = model(&out, "MATH", 7);
    assert_eq!(
        (m7.n, m7.estimator.as_str(), m7.sigma),
        (5, "skipped", None)
    );
    assert!(out
        .warnings
        .iter()
        .any(|w| w.contains("MATH grade 7") && w.contains("skipped")));
    assert!(out.cells.iter().all(|c| c.school != small));
    // Summaries for every configured grade of both subjects (4, 5, 8 are empty and skipped).
    assert_eq!(out.models.len(), 10);
    assert_eq!(model(&out, "ELA", 4).n, 0);
    // School 0's ALL count is its grade-6 sample only.
    let school0 = data
        .assessments
        .as_ref()
        .unwrap()
        .iter()
        .filter(|a| a.school == 0 && a.subject == Subject::Ela && a.grade == 6);
    let all0 = out
        .cells
        .iter()
        .find(|c| c.school == 0 && c.subject == Subject::Ela && c.group == Group::All)
        .unwrap();
    assert_eq!(all0.n as usize, school0.count() - 2);
}

/// R24 / data-contract §5: cells with n ≥ 1 ordered by school, subject (ELA, MATH), group
/// code in byte order; stats exactly when n ≥ n_size; group counts follow R4 membership.
#[test]
fn r24_cell_order_and_suppression() {
    let data = simulate(&Sim {
        seed: 31,
        schools: 12,
        base: 25,
        spread: 30,
        grades: vec![4, 8],
        sem: (20.0, 30.0),
        school_effect_sd: 5.0,
        foster_rate: 0.1,
    });
    let cfg = config(100, true, true);
    let out = compute_growth(&data, &cfg);
    let key = |c: &GrowthCell| (c.school, c.subject, c.group.code());
    assert!(out.cells.windows(2).all(|w| key(&w[0]) < key(&w[1])));
    assert!(out
        .cells
        .iter()
        .all(|c| c.n >= 1 && c.stats.is_some() == (c.n >= cfg.n_size)));
    assert!(out.cells.iter().any(|c| c.stats.is_none()));
    // Independent count of school 3's ELA SED cell from the extract.
    let expected = data
        .assessments
        .as_ref()
        .unwrap()
        .iter()
        .filter(|a| a.school == 3 && a.subject == Subject::Ela)
        .filter(|a| {
            data.enrolments[a.enrolment as usize]
                .demo
                .groups()
                .contains(Group::Sed)
        })
        .count();
    let cell = out
        .cells
        .iter()
        .find(|c| c.school == 3 && c.subject == Subject::Ela && c.group == Group::Sed)
        .unwrap();
    assert_eq!(cell.n as usize, expected);
}

/// Missing inputs: no prior-year scores ⇒ empty output with a warning.
#[test]
fn growth_without_prior_scores_is_empty() {
    let mut data = year_data(1);
    data.prior_scores = None;
    let out = compute_growth(&data, &Config::default());
    assert!(out.cells.is_empty() && out.models.is_empty());
    assert_eq!(out.warnings.len(), 1);
}

/// R18 join: the prior-score lookup takes a dense slot vector for the loader's interned keys
/// and the hash map for sparse keys; both must give the same sample and output. The same
/// simulated district is run with keys 0..n and with keys spread far apart.
#[test]
fn r18_sparse_student_keys_give_same_output() {
    let sim = Sim {
        seed: 4,
        schools: 8,
        base: 30,
        spread: 9,
        grades: vec![4, 6],
        sem: (20.0, 30.0),
        school_effect_sd: 8.0,
        foster_rate: 0.05,
    };
    let dense = simulate(&sim);
    let mut sparse = simulate(&sim);
    let spread = |k: StudentKey| k * 97_003 + 12_345;
    for a in sparse.assessments.as_mut().unwrap() {
        a.student = spread(a.student);
    }
    let prior = sparse.prior_scores.take().unwrap();
    sparse.prior_scores = Some(prior.into_iter().map(|(k, v)| (spread(k), v)).collect());
    let cfg = config(100, true, true);
    let (a, b) = (compute_growth(&dense, &cfg), compute_growth(&sparse, &cfg));
    assert!(a.cells.iter().any(|c| c.stats.is_some()));
    assert_eq!(a, b);
}
