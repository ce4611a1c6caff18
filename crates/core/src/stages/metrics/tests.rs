//! Hand-computed tests of methodology R3–R14 (metrics, groups, suppression, roles).
//! Every expected number is worked out in the comment beside it, from the rule, not from
//! the code.

use super::*;
use crate::dataset::{CohortRecord, Enrolment};
use crate::model::Role;
use crate::model::{Demographics, ElStatus, Outcome, Race};
use crate::results::MetricRow;
use crate::stages::suppression::assemble;
use crate::stages::test_support::*;

use SchoolLevel::{Elementary as E, High as H, Middle as M};

/// Runs every non-growth metric with the preset on one school of the given enrolments.
fn run_one_school(enrolments: Vec<Enrolment>) -> MetricsOutput {
    compute_metrics(&year_data(schools(&[E]), enrolments), &Config::default())
}

/// (n, numerator) of the raw `ALL` result of `metric` for a single enrolment, and the
/// readiness missing-field count; `None` when the student is outside the denominator.
fn single(e: Enrolment, metric: Metric) -> (Option<(u64, Option<u64>)>, u64) {
    let out = run_one_school(vec![e]);
    let r = result_of(&out, 0, metric, Group::All).map(|r| (r.n, r.numerator));
    (r, out.readiness_missing_fields)
}

/// 1 when the single enrolment counts in the numerator, 0 when only in the denominator.
fn counted(e: Enrolment, metric: Metric) -> u64 {
    let (r, _) = single(e, metric);
    let (n, numerator) = r.expect("the student is in the denominator");
    assert_eq!(n, 1);
    numerator.expect("rate metric")
}

// ---------------------------------------------------------------- R3 suppression

/// R3: n = 19 is suppressed (n only: no numerator or value, so banding and points give it
/// nothing either, `band_rows`/`award_points` tests);
/// n = 20 is reported.
#[test]
fn r3_n19_suppressed_n20_reported() {
    // School 0: 19 students, 2 suspended. School 1: 20 students, 2 suspended.
    let mut es = enrolments(0, 19, 0);
    es.extend(enrolments(100, 20, 1));
    for i in [0, 1, 19, 20] {
        es[i].suspensions = 1;
    }
    let data = year_data(schools(&[E, E]), es);
    let out = compute_metrics(&data, &Config::default());
    // The raw result is computed whatever n is: 2 of 19.
    let r0 = result_of(&out, 0, Metric::Suspension, Group::All).unwrap();
    assert_eq!((r0.n, r0.numerator), (19, Some(2)));

    let rows = assemble(out.results, 20);
    let s0 = row_of(&rows, 0, Metric::Suspension, Group::All);
    assert_eq!(s0.n, 19);
    assert_eq!(s0.role, Role::All);
    assert_eq!(s0.numerator, None);
    assert_eq!(s0.value, None);
    assert!(!s0.reported());

    // 100 × 2 / 20 = 10.
    let s1 = row_of(&rows, 1, Metric::Suspension, Group::All);
    assert_eq!(s1.n, 20);
    assert_eq!(s1.numerator, Some(2));
    assert_eq!(s1.value, Some(10.0));
    assert!(s1.reported());
}

/// R3: the threshold is the `n_size` passed in (a configured n_size of 19 reports n = 19).
#[test]
fn r3_threshold_is_n_size() {
    let mut es = enrolments(0, 19, 0);
    es[0].suspensions = 1;
    let out = run_one_school(es);
    let rows = assemble(out.results, 19);
    // 100 × 1 / 19
    let r = row_of(&rows, 0, Metric::Suspension, Group::All);
    assert_eq!(r.numerator, Some(1));
    assert_eq!(r.value, Some(100.0 / 19.0));
}

// ---------------------------------------------------------------- R7 performance

/// R7: percent at level 3 or 4 among tested grades 3–8 and 11; grades 2, 9, 10, 12 ignored;
/// each subject on its own.
#[test]
fn r7_performance_percent_levels_3_4_tested_grades() {
    let es = enrolments(0, 30, 0);
    let tested = [3, 4, 5, 6, 7, 8, 11];
    let mut a = Vec::new();
    // Students 0..20: ELA at grade tested[i % 7], level 1 + i % 4. Levels 3, 4 are i % 4 ∈
    // {2, 3}: i = 2,3,6,7,10,11,14,15,18,19 → 10 of 20.
    for i in 0..20 {
        a.push(assessment(
            &es,
            i,
            Subject::Ela,
            tested[i % 7],
            1 + (i % 4) as u8,
        ));
    }
    // Students 20..24: level-4 ELA at untested grades: ignored.
    for (i, grade) in (20..24).zip([2, 9, 10, 12]) {
        a.push(assessment(&es, i, Subject::Ela, grade, 4));
    }
    // MATH: students 0..8 at level 4, student 8 at level 2, student 24 at grade 9 (ignored).
    for i in 0..8 {
        a.push(assessment(&es, i, Subject::Math, 5, 4));
    }
    a.push(assessment(&es, 8, Subject::Math, 11, 2));
    a.push(assessment(&es, 24, Subject::Math, 9, 4));
    let data = YearData {
        assessments: Some(a),
        ..year_data(schools(&[E]), es)
    };
    let out = compute_metrics(&data, &Config::default());

    // ELA: 100 × 10 / 20 = 50.
    let ela = result_of(&out, 0, Metric::ElaPerf, Group::All).unwrap();
    assert_eq!(
        (ela.n, ela.numerator, ela.value),
        (20, Some(10), Some(50.0))
    );
    // MATH: 100 × 8 / 9.
    let math = result_of(&out, 0, Metric::MathPerf, Group::All).unwrap();
    assert_eq!(
        (math.n, math.numerator, math.value),
        (9, Some(8), Some(800.0 / 9.0))
    );
}

/// R7: level 2 is not proficient, level 3 is (the boundary of "level 3 or 4").
#[test]
fn r7_level_boundary() {
    let es = enrolments(0, 2, 0);
    let a = vec![
        assessment(&es, 0, Subject::Ela, 3, 2),
        assessment(&es, 1, Subject::Ela, 3, 3),
    ];
    let data = YearData {
        assessments: Some(a),
        ..year_data(schools(&[E]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    let ela = result_of(&out, 0, Metric::ElaPerf, Group::All).unwrap();
    // 1 of 2 → 50.
    assert_eq!((ela.n, ela.numerator, ela.value), (2, Some(1), Some(50.0)));
}

// ---------------------------------------------------------------- R8 readiness

/// R8: gpa ≥ 2.5 — 2.5 is ready, 2.49 is not.
#[test]
fn r8_gpa_boundary() {
    let e = |gpa| Enrolment {
        gpa: Some(gpa),
        ..ready_grade8(0, 0)
    };
    assert_eq!(counted(e(2.5), Metric::HsReadiness), 1);
    assert_eq!(counted(e(2.49), Metric::HsReadiness), 0);
    assert_eq!(counted(e(4.0), Metric::HsReadiness), 1);
}

/// R8: attendance 100 × (enrolled − absent) ≥ 96 × enrolled, in integers.
#[test]
fn r8_attendance_boundary() {
    let e = |enrolled, absent| Enrolment {
        days_enrolled: enrolled,
        days_absent: absent,
        ..ready_grade8(0, 0)
    };
    // 100 days, 4 absent: 100 × 96 = 9600 ≥ 9600 → ready.
    assert_eq!(counted(e(100, 4), Metric::HsReadiness), 1);
    // 100 days, 5 absent: 9500 < 9600 → not ready.
    assert_eq!(counted(e(100, 5), Metric::HsReadiness), 0);
    // 25 days, 1 absent: 2400 ≥ 2400 → ready; 2 absent: 2300 < 2400 → not.
    assert_eq!(counted(e(25, 1), Metric::HsReadiness), 1);
    assert_eq!(counted(e(25, 2), Metric::HsReadiness), 0);
    // 1 day, 0 absent: 100 ≥ 96 → ready; 1 absent: 0 < 96 → not.
    assert_eq!(counted(e(1, 0), Metric::HsReadiness), 1);
    assert_eq!(counted(e(1, 1), Metric::HsReadiness), 0);
}

/// R8: a D or F in ELA or in math makes the student not ready.
#[test]
fn r8_df_flags() {
    let ela = Enrolment {
        ela_df: Some(true),
        ..ready_grade8(0, 0)
    };
    let math = Enrolment {
        math_df: Some(true),
        ..ready_grade8(0, 0)
    };
    assert_eq!(counted(ready_grade8(0, 0), Metric::HsReadiness), 1);
    assert_eq!(counted(ela, Metric::HsReadiness), 0);
    assert_eq!(counted(math, Metric::HsReadiness), 0);
}

/// R8: one suspension, or an expulsion, makes the student not ready.
#[test]
fn r8_suspension_and_expulsion() {
    let suspended = Enrolment {
        suspensions: 1,
        ..ready_grade8(0, 0)
    };
    let expelled = Enrolment {
        expelled: true,
        ..ready_grade8(0, 0)
    };
    assert_eq!(counted(suspended, Metric::HsReadiness), 0);
    assert_eq!(counted(expelled, Metric::HsReadiness), 0);
}

/// R8: a missing gpa, ela_df or math_df counts as not ready and is counted (once per
/// student) in `readiness_missing_fields` — when the field is present on another grade-8
/// row of the year (here a complete, ready student at the same school): 1 ready of 2.
#[test]
fn r8_missing_fields_not_ready_and_counted() {
    let cases = [
        Enrolment {
            gpa: None,
            ..ready_grade8(0, 0)
        },
        Enrolment {
            ela_df: None,
            ..ready_grade8(0, 0)
        },
        Enrolment {
            math_df: None,
            ..ready_grade8(0, 0)
        },
        Enrolment {
            gpa: None,
            ela_df: None,
            math_df: None,
            ..ready_grade8(0, 0)
        },
    ];
    for e in cases {
        let out = run_one_school(vec![e.clone(), ready_grade8(1, 0)]);
        let r = result_of(&out, 0, Metric::HsReadiness, Group::All).map(|r| (r.n, r.numerator));
        assert_eq!(r, Some((2, Some(1))), "{e:?}");
        assert_eq!(out.readiness_missing_fields, 1, "{e:?}");
        assert_eq!(out.readiness_without_rows, None);
    }
    // A complete student is not counted as missing.
    let (_, missing) = single(ready_grade8(0, 0), Metric::HsReadiness);
    assert_eq!(missing, 0);

    // Several students: 2 missing (one of them otherwise ready), 1 complete → count 2.
    let es = vec![
        Enrolment {
            gpa: None,
            ..ready_grade8(0, 0)
        },
        Enrolment {
            math_df: None,
            suspensions: 2,
            ..ready_grade8(1, 0)
        },
        ready_grade8(2, 0),
    ];
    let out = run_one_school(es);
    assert_eq!(out.readiness_missing_fields, 2);
    let r = result_of(&out, 0, Metric::HsReadiness, Group::All).unwrap();
    // 1 ready of 3: 100 / 3.
    assert_eq!((r.n, r.numerator, r.value), (3, Some(1), Some(100.0 / 3.0)));
}

/// R8 as revised: when gpa, ela_df or math_df is missing on every grade-8 row R8 counts,
/// HS_READINESS has no rows (not 0% ready everywhere) and the reason names the inputs; no
/// student is counted as "not ready for want of a field". A grade-7 row with a gpa, or a
/// grade-8 row with days_enrolled 0, is not counted by R8 and does not make gpa present.
#[test]
fn r8_an_input_missing_for_every_counted_row_gives_no_rows() {
    let no_gpa = |student| Enrolment {
        gpa: None,
        ..ready_grade8(student, 0)
    };
    let out = run_one_school(vec![
        no_gpa(0),
        no_gpa(1),
        Enrolment {
            grade: 7,
            ..ready_grade8(2, 0)
        },
        Enrolment {
            days_enrolled: 0,
            ..ready_grade8(3, 0)
        },
    ]);
    assert!(groups_of(&out, 0, Metric::HsReadiness).is_empty());
    assert_eq!(out.readiness_missing_fields, 0);
    let reason = out.readiness_without_rows.expect("a reason");
    assert!(
        reason.starts_with("gpa missing on every one of the 2 grade-8"),
        "{reason}"
    );

    // Two inputs missing everywhere: both named.
    let out = run_one_school(vec![Enrolment {
        ela_df: None,
        math_df: None,
        ..ready_grade8(0, 0)
    }]);
    assert!(out
        .readiness_without_rows
        .expect("a reason")
        .starts_with("ela_df, math_df missing"));

    // Switched off, it says nothing.
    let data = year_data(schools(&[E]), vec![no_gpa(0)]);
    let out = compute_metrics(&data, &config(&["metrics.HS_READINESS=false"]));
    assert_eq!(out.readiness_without_rows, None);
}

/// R8: only grade 8 with days_enrolled ≥ 1; days_enrolled 0 is outside the denominator
/// (and, not being counted not ready, not in the missing-field count).
#[test]
fn r8_denominator_grade8_days_enrolled_at_least_1() {
    let zero_days = Enrolment {
        days_enrolled: 0,
        days_absent: 0,
        gpa: None,
        ..ready_grade8(0, 0)
    };
    assert_eq!(single(zero_days, Metric::HsReadiness), (None, 0));
    let grade7 = Enrolment {
        grade: 7,
        ..ready_grade8(0, 0)
    };
    assert_eq!(single(grade7, Metric::HsReadiness).0, None);
    let grade9 = Enrolment {
        grade: 9,
        ..ready_grade8(0, 0)
    };
    assert_eq!(single(grade9, Metric::HsReadiness).0, None);
    // Mixed: 20 ready grade-8 students, 5 not ready (gpa 2.0), 3 with 0 days, 4 in grade 7.
    // n = 25, numerator 20 → 80.
    let mut es: Vec<Enrolment> = (0..20).map(|s| ready_grade8(s, 0)).collect();
    es.extend((20..25).map(|s| Enrolment {
        gpa: Some(2.0),
        ..ready_grade8(s, 0)
    }));
    es.extend((25..28).map(|s| Enrolment {
        days_enrolled: 0,
        ..ready_grade8(s, 0)
    }));
    es.extend((28..32).map(|s| Enrolment {
        grade: 7,
        ..ready_grade8(s, 0)
    }));
    let out = run_one_school(es);
    let r = result_of(&out, 0, Metric::HsReadiness, Group::All).unwrap();
    assert_eq!((r.n, r.numerator, r.value), (25, Some(20), Some(80.0)));
}

// ---------------------------------------------------------------- R9 graduation

/// The data of the main graduation example (Y = 2016; k-year cohort_year = 2017 − k:
/// 4-year 2013, 5-year 2012, 6-year 2011).
fn graduation_example() -> YearData {
    let mut c = Vec::new();
    // 4-year (2013): 15 GRAD by Y (10 in 2016, 5 in 2015), 1 GRAD in 2017 (> Y, not counted),
    // 1 each CONT, DROP, CERT, HSE → 20 students, 15 graduates → 75.
    c.extend(cohort_rows(0, 10, 0, 2013, Outcome::Graduated, Some(2016)));
    c.extend(cohort_rows(10, 5, 0, 2013, Outcome::Graduated, Some(2015)));
    c.extend(cohort_rows(15, 1, 0, 2013, Outcome::Graduated, Some(2017)));
    c.extend(cohort_rows(16, 1, 0, 2013, Outcome::Continuing, None));
    c.extend(cohort_rows(17, 1, 0, 2013, Outcome::Dropout, None));
    c.extend(cohort_rows(18, 1, 0, 2013, Outcome::Certificate, None));
    c.extend(cohort_rows(19, 1, 0, 2013, Outcome::Equivalency, None));
    // + 3 TRANSFER_OUT: removed.
    c.extend(cohort_rows(20, 3, 0, 2013, Outcome::TransferOut, None));
    // 5-year (2012): 25 students, 20 GRAD → 80.
    c.extend(cohort_rows(30, 20, 0, 2012, Outcome::Graduated, Some(2015)));
    c.extend(cohort_rows(50, 5, 0, 2012, Outcome::Dropout, None));
    // 6-year (2011): 10 students, all GRAD → 10 < 20: no rate.
    c.extend(cohort_rows(60, 10, 0, 2011, Outcome::Graduated, Some(2014)));
    // Other cohort years (2014 = "3-year", 2010 = "7-year"): ignored.
    c.extend(cohort_rows(70, 30, 0, 2014, Outcome::Dropout, None));
    c.extend(cohort_rows(100, 30, 0, 2010, Outcome::Dropout, None));
    YearData {
        cohort: Some(c),
        ..year_data(schools(&[H]), Vec::new())
    }
}

/// R9: mean of the existing k-year rates; n = 4-year size when its rate exists; grad4 kept;
/// TRANSFER_OUT removed, grad_year > Y not a graduate, other cohort years ignored.
#[test]
fn r9_mean_of_existing_rates_n_is_4_year_size() {
    let out = compute_metrics(&graduation_example(), &Config::default());
    let g = result_of(&out, 0, Metric::Grad, Group::All).unwrap();
    // Rates: 4-year 100 × 15 / 20 = 75, 5-year 100 × 20 / 25 = 80, 6-year none (n 10).
    // Mean (75 + 80) / 2 = 77.5; n = 20 (4-year size); no numerator.
    assert_eq!(g.n, 20);
    assert_eq!(g.numerator, None);
    assert_close(g.value.unwrap(), 77.5);
    let g4: Vec<&Grad4> = out
        .grad4
        .iter()
        .filter(|g| g.school == 0 && g.group == Group::All)
        .collect();
    assert_eq!(g4.len(), 1);
    assert_eq!(g4[0].n, 20);
    assert_eq!(g4[0].rate, Some(75.0));

    let rows = assemble(out.results, 20);
    let row = row_of(&rows, 0, Metric::Grad, Group::All);
    assert!(row.reported());
    assert_eq!(row.numerator, None);
}

/// R9: the rate exists from n_size on, and n_size is the configured one: with n_size = 10
/// the 6-year cohort (10 students, all graduates → 100) joins the mean.
#[test]
fn r9_rate_existence_follows_configured_n_size() {
    let out = compute_metrics(&graduation_example(), &config(&["n_size=10"]));
    let g = result_of(&out, 0, Metric::Grad, Group::All).unwrap();
    // (75 + 80 + 100) / 3 = 85; n = 20.
    assert_eq!(g.n, 20);
    assert_close(g.value.unwrap(), 85.0);
    // n_size = 21: only the 5-year cohort (25) has a rate → 80; n = largest size = 25.
    let out = compute_metrics(&graduation_example(), &config(&["n_size=21"]));
    let g = result_of(&out, 0, Metric::Grad, Group::All).unwrap();
    assert_eq!(g.n, 25);
    assert_close(g.value.unwrap(), 80.0);
    let g4 = out.grad4.iter().find(|g| g.group == Group::All).unwrap();
    assert_eq!((g4.n, g4.rate), (20, None));
}

/// R9: without a 4-year rate, n is the largest of the three cohort sizes.
#[test]
fn r9_without_4_year_rate_n_is_largest_size() {
    let mut c = Vec::new();
    // 4-year (2013): 19 students, all GRAD → no rate.
    c.extend(cohort_rows(0, 19, 0, 2013, Outcome::Graduated, Some(2016)));
    // 5-year (2012): 22 students, 11 GRAD → 50.
    c.extend(cohort_rows(
        100,
        11,
        0,
        2012,
        Outcome::Graduated,
        Some(2016),
    ));
    c.extend(cohort_rows(200, 11, 0, 2012, Outcome::Continuing, None));
    // 6-year (2011): 30 students, 27 GRAD → 90.
    c.extend(cohort_rows(
        300,
        27,
        0,
        2011,
        Outcome::Graduated,
        Some(2015),
    ));
    c.extend(cohort_rows(400, 3, 0, 2011, Outcome::Dropout, None));
    let data = YearData {
        cohort: Some(c),
        ..year_data(schools(&[H]), Vec::new())
    };
    let out = compute_metrics(&data, &Config::default());
    let g = result_of(&out, 0, Metric::Grad, Group::All).unwrap();
    // (50 + 90) / 2 = 70; n = max(19, 22, 30) = 30.
    assert_eq!(g.n, 30);
    assert_close(g.value.unwrap(), 70.0);
    let g4 = out.grad4.iter().find(|g| g.group == Group::All).unwrap();
    assert_eq!((g4.n, g4.rate), (19, None));
    let rows = assemble(out.results, 20);
    assert!(row_of(&rows, 0, Metric::Grad, Group::All).reported());
}

/// R9 with R6: groups come from the cohort row (not the enrolment row); a group with no
/// k-year rate has a row showing n only; a group whose only rows are TRANSFER_OUT (or are in
/// other cohort years) has no row.
#[test]
fn r9_groups_from_cohort_rows_small_and_empty_groups() {
    let mut c = Vec::new();
    // 20 neutral 4-year students, 10 graduates.
    c.extend(cohort_rows(0, 10, 0, 2013, Outcome::Graduated, Some(2016)));
    c.extend(cohort_rows(10, 10, 0, 2013, Outcome::Dropout, None));
    // 3 HI SED 4-year graduates, 2 HI 5-year dropouts.
    for s in 20..23 {
        c.push(CohortRecord {
            race: Race::Hispanic,
            sed: true,
            ..cohort_record(s, 0, 2013, Outcome::Graduated, Some(2016))
        });
    }
    for s in 23..25 {
        c.push(CohortRecord {
            race: Race::Hispanic,
            ..cohort_record(s, 0, 2012, Outcome::Dropout, None)
        });
    }
    // AA: one TRANSFER_OUT in the 4-year cohort and one in a 3-year cohort → no AA row.
    c.push(CohortRecord {
        race: Race::BlackAfricanAmerican,
        ..cohort_record(30, 0, 2013, Outcome::TransferOut, None)
    });
    c.push(CohortRecord {
        race: Race::BlackAfricanAmerican,
        ..cohort_record(31, 0, 2014, Outcome::Graduated, Some(2016))
    });
    // Student 20 is enrolled this year as WH, not SED: the cohort row decides (R6).
    let es = vec![Enrolment {
        demo: race_demo(Race::White),
        ..enrolment(20, 0)
    }];
    let data = YearData {
        cohort: Some(c),
        ..year_data(schools(&[H]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    assert_eq!(
        groups_of(&out, 0, Metric::Grad),
        vec![Group::All, Group::HI, Group::Sed]
    );
    // ALL: 4-year 23 students, 13 graduates → 100 × 13 / 23; 5-year 2 (no rate).
    let all = result_of(&out, 0, Metric::Grad, Group::All).unwrap();
    assert_eq!(all.n, 23);
    assert_close(all.value.unwrap(), 1300.0 / 23.0);
    // HI: sizes 3, 2, 0 → no rate, value none, n = largest = 3.
    let hi = result_of(&out, 0, Metric::Grad, Group::HI).unwrap();
    assert_eq!((hi.n, hi.value), (3, None));
    // SED: sizes 3, 0, 0.
    let sed = result_of(&out, 0, Metric::Grad, Group::Sed).unwrap();
    assert_eq!((sed.n, sed.value), (3, None));
    // grad4 for each group with a row: HI n 3, no rate.
    let hi4 = out.grad4.iter().find(|g| g.group == Group::HI).unwrap();
    assert_eq!((hi4.n, hi4.rate), (3, None));
    assert!(out.grad4.iter().all(|g| g.group != Group::AA));
    // Suppressed: n only.
    let rows = assemble(out.results, 20);
    let hi = row_of(&rows, 0, Metric::Grad, Group::HI);
    assert_eq!((hi.n, hi.numerator, hi.value), (3, None, None));
}

/// R9: a group with a GRAD row must have a student in its three cohorts; a school whose
/// cohort rows are all TRANSFER_OUT or of other years has no GRAD row at all.
#[test]
fn r9_no_student_no_row() {
    let mut c = cohort_rows(0, 25, 0, 2013, Outcome::TransferOut, None);
    c.extend(cohort_rows(100, 25, 0, 2015, Outcome::Continuing, None));
    let data = YearData {
        cohort: Some(c),
        ..year_data(schools(&[H]), Vec::new())
    };
    let out = compute_metrics(&data, &Config::default());
    assert!(groups_of(&out, 0, Metric::Grad).is_empty());
    assert!(out.grad4.is_empty());
}

// ---------------------------------------------------------------- R10 chronic absence

/// R10: grade ≥ 0 (TK −1 excluded), days_enrolled ≥ 31, chronic when 10 × absent ≥ enrolled.
#[test]
fn r10_chronic_absence_boundaries() {
    let e = |grade, enrolled, absent| Enrolment {
        grade,
        days_enrolled: enrolled,
        days_absent: absent,
        ..enrolment(0, 0)
    };
    // Grade −1: excluded; grade 0: included.
    assert_eq!(single(e(-1, 180, 90), Metric::ChronicAbsence).0, None);
    assert_eq!(counted(e(0, 180, 90), Metric::ChronicAbsence), 1);
    // 30 days enrolled: excluded; 31: included.
    assert_eq!(single(e(3, 30, 30), Metric::ChronicAbsence).0, None);
    // 31 days, 4 absent: 40 ≥ 31 → chronic; 3 absent: 30 < 31 → not.
    assert_eq!(counted(e(3, 31, 4), Metric::ChronicAbsence), 1);
    assert_eq!(counted(e(3, 31, 3), Metric::ChronicAbsence), 0);
    // 100 days: 10 absent → 100 ≥ 100 chronic; 9 → 90 < 100 not.
    assert_eq!(counted(e(12, 100, 10), Metric::ChronicAbsence), 1);
    assert_eq!(counted(e(12, 100, 9), Metric::ChronicAbsence), 0);
    // 180 days: 18 → chronic, 17 → not.
    assert_eq!(counted(e(5, 180, 18), Metric::ChronicAbsence), 1);
    assert_eq!(counted(e(5, 180, 17), Metric::ChronicAbsence), 0);
}

/// R10: the percent over the school: 25 students in the denominator, 5 chronically absent.
#[test]
fn r10_percent() {
    let mut es = enrolments(0, 25, 0);
    for e in es.iter_mut().take(5) {
        e.days_absent = 18; // 180 ≥ 180
    }
    es.push(Enrolment {
        grade: -1,
        days_absent: 100,
        ..enrolment(50, 0)
    });
    es.push(Enrolment {
        days_enrolled: 20,
        days_absent: 20,
        ..enrolment(51, 0)
    });
    let out = run_one_school(es);
    let r = result_of(&out, 0, Metric::ChronicAbsence, Group::All).unwrap();
    // 100 × 5 / 25 = 20.
    assert_eq!((r.n, r.numerator, r.value), (25, Some(5), Some(20.0)));
}

// ---------------------------------------------------------------- R11 suspension

/// R11: days_enrolled ≥ 1; counted when suspensions ≥ 1 or expelled.
#[test]
fn r11_suspension() {
    let e = |enrolled, suspensions, expelled| Enrolment {
        days_enrolled: enrolled,
        suspensions,
        expelled,
        ..enrolment(0, 0)
    };
    assert_eq!(single(e(0, 1, true), Metric::Suspension).0, None);
    assert_eq!(counted(e(1, 0, false), Metric::Suspension), 0);
    assert_eq!(counted(e(1, 1, false), Metric::Suspension), 1);
    assert_eq!(counted(e(180, 3, false), Metric::Suspension), 1);
    assert_eq!(counted(e(180, 0, true), Metric::Suspension), 1);
    // Grade −1 is not excluded by R11.
    let tk = Enrolment {
        grade: -1,
        suspensions: 1,
        ..enrolment(0, 0)
    };
    assert_eq!(counted(tk, Metric::Suspension), 1);
}

// ---------------------------------------------------------------- R12 EL reclassification

/// R12: denominator el_status EL or redesignated; numerator redesignated; `ALL` only.
#[test]
fn r12_el_reclassification_all_only() {
    let el = |s, race, sed| Enrolment {
        demo: Demographics {
            el_status: ElStatus::EnglishLearner,
            sed,
            ..race_demo(race)
        },
        ..enrolment(s, 0)
    };
    let rfep = |s, redesignated| Enrolment {
        demo: Demographics {
            el_status: ElStatus::Reclassified,
            sed: true,
            ..race_demo(Race::Hispanic)
        },
        redesignated,
        ..enrolment(s, 0)
    };
    let es = vec![
        el(0, Race::Hispanic, true),
        el(1, Race::Hispanic, false),
        el(2, Race::Asian, true),
        rfep(3, true),  // in, counted
        rfep(4, false), // RFEP from an earlier year: not in the denominator
        enrolment(5, 0),
    ];
    let out = run_one_school(es);
    // n = 4 (3 EL + 1 redesignated), numerator 1 → 25.
    let r = result_of(&out, 0, Metric::ElReclass, Group::All).unwrap();
    assert_eq!((r.n, r.numerator, r.value), (4, Some(1), Some(25.0)));
    assert_eq!(groups_of(&out, 0, Metric::ElReclass), vec![Group::All]);
}

// ---------------------------------------------------------------- R13 SEL

/// R13: rows with fewer than 2 skills ignored; a student's score is the mean of the skills
/// present; the result is the mean student score; no numerator.
#[test]
fn r13_sel_mean_of_present_skills() {
    let mut es = enrolments(0, 5, 0);
    es[1].demo.sed = true;
    let sel = vec![
        // (4 + 2) / 2 = 3
        sel_response(&es, 0, [Some(4.0), Some(2.0), None, None]),
        // (1 + 2 + 3 + 4) / 4 = 2.5 (SED)
        sel_response(&es, 1, [Some(1.0), Some(2.0), Some(3.0), Some(4.0)]),
        // (3 + 4 + 5) / 3 = 4
        sel_response(&es, 2, [None, Some(3.0), Some(4.0), Some(5.0)]),
        // one skill: ignored
        sel_response(&es, 3, [None, None, Some(1.0), None]),
        // no skill: ignored
        sel_response(&es, 4, [None, None, None, None]),
    ];
    let data = YearData {
        sel: Some(sel),
        ..year_data(schools(&[M]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    let r = result_of(&out, 0, Metric::Sel, Group::All).unwrap();
    // (3 + 2.5 + 4) / 3 = 9.5 / 3.
    assert_eq!((r.n, r.numerator), (3, None));
    assert_close(r.value.unwrap(), 9.5 / 3.0);
    // SED: the one student, 2.5 (R6: membership from the enrolment row).
    let sed = result_of(&out, 0, Metric::Sel, Group::Sed).unwrap();
    assert_eq!(sed.n, 1);
    assert_close(sed.value.unwrap(), 2.5);
    assert_eq!(
        groups_of(&out, 0, Metric::Sel),
        vec![Group::All, Group::Sed]
    );
}

/// R13: no row at all when no student at the school has 2 skills.
#[test]
fn r13_no_qualifying_student_no_row() {
    let es = enrolments(0, 1, 0);
    let sel = vec![sel_response(&es, 0, [Some(5.0), None, None, None])];
    let data = YearData {
        sel: Some(sel),
        ..year_data(schools(&[M]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    assert!(groups_of(&out, 0, Metric::Sel).is_empty());
    // Not one sel row has two skills: the manifest rule asks for a reason (data-contract
    // §5: a metric's inputs missing for every student).
    let reason = out.sel_without_rows.expect("a reason");
    assert!(
        reason.starts_with("none of the 1 sel rows has at least 2"),
        "{reason}"
    );
}

/// R13: one student with two skills is enough for SEL to have a result and no reason.
#[test]
fn r13_one_usable_row_gives_no_reason() {
    let es = enrolments(0, 2, 0);
    let sel = vec![
        sel_response(&es, 0, [Some(5.0), None, None, None]),
        sel_response(&es, 1, [Some(5.0), Some(3.0), None, None]),
    ];
    let data = YearData {
        sel: Some(sel),
        ..year_data(schools(&[M]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    assert_eq!(out.sel_without_rows, None);
    assert_eq!(groups_of(&out, 0, Metric::Sel), vec![Group::All]);
}

// ---------------------------------------------------------------- R14 climate

/// R14: floors STUDENT 30, STAFF 30, PARENT 40/30/25 in E/M/H, n_responded ≥ 10; result the
/// mean pct_favorable over qualifying groups, n their summed n_responded; `ALL` only; no
/// qualifying group, no row.
#[test]
fn r14_climate_floors_and_mean() {
    use Respondent::{Parent, Staff, Student};
    let data = YearData {
        climate: Some(vec![
            // S00 (E): STUDENT 30/100 = 30% ok (70); STAFF 14/50 = 28% < 30 (90, out);
            // PARENT 40/100 = 40% ok (80). Mean (70 + 80) / 2 = 75, n = 30 + 40 = 70.
            climate_row(0, Student, 100, 30, 70.0),
            climate_row(0, Staff, 50, 14, 90.0),
            climate_row(0, Parent, 100, 40, 80.0),
            // S01 (E): PARENT 39/100 < 40 → no qualifying group → no row.
            climate_row(1, Parent, 100, 39, 80.0),
            // S02 (M): PARENT 30/100 = 30% ok (60); STAFF 10/20 = 50%, n 10 ok (90).
            // Mean 75, n 40.
            climate_row(2, Parent, 100, 30, 60.0),
            climate_row(2, Staff, 20, 10, 90.0),
            // S03 (M): PARENT 29/100 < 30; STAFF 9/18 = 50% but 9 < 10 → no row.
            climate_row(3, Parent, 100, 29, 60.0),
            climate_row(3, Staff, 18, 9, 90.0),
            // S04 (H): PARENT 25/100 = 25% ok (50); STUDENT 29/100 < 30 (99, out).
            // Value 50, n 25.
            climate_row(4, Parent, 100, 25, 50.0),
            climate_row(4, Student, 100, 29, 99.0),
            // S05 (H): PARENT 24/100 < 25 → no row.
            climate_row(5, Parent, 100, 24, 50.0),
            // S06 (H): STUDENT 12/40 = 30% ok, n 12 → a row, suppressed by R3 (12 < 20).
            climate_row(6, Student, 40, 12, 66.0),
            // S07 (E): PARENT 40/100 ok (55); STUDENT 3/10 = 30% but 3 < 10 (out).
            // Value 55, n 40.
            climate_row(7, Parent, 100, 40, 55.0),
            climate_row(7, Student, 10, 3, 100.0),
        ]),
        ..year_data(schools(&[E, E, M, M, H, H, H, E]), Vec::new())
    };
    let out = compute_metrics(&data, &Config::default());
    let get = |s: SchoolIdx| {
        result_of(&out, s, Metric::Climate, Group::All).map(|r| (r.n, r.numerator, r.value))
    };
    let check = |s: SchoolIdx, n: u64, value: f64| {
        let (rn, num, v) = get(s).unwrap_or_else(|| panic!("school {s} has a row"));
        assert_eq!((rn, num), (n, None), "school {s}");
        assert_close(v.unwrap(), value);
    };
    check(0, 70, 75.0);
    assert_eq!(get(1), None);
    check(2, 40, 75.0);
    assert_eq!(get(3), None);
    check(4, 25, 50.0);
    assert_eq!(get(5), None);
    check(6, 12, 66.0);
    check(7, 40, 55.0);
    // ALL only.
    assert!(out
        .results
        .iter()
        .filter(|r| r.metric == Metric::Climate)
        .all(|r| r.group == Group::All));
    // S06: n 12 < 20 → n only.
    let rows = assemble(out.results, 20);
    let s6 = row_of(&rows, 6, Metric::Climate, Group::All);
    assert_eq!((s6.n, s6.value), (12, None));
    assert!(row_of(&rows, 0, Metric::Climate, Group::All).reported());
}

/// R14: the floor table itself (PARENT 40/30/25 in E/M/H; STUDENT and STAFF 30).
#[test]
fn r14_floor_table() {
    for level in [E, M, H] {
        assert_eq!(climate_floor(Respondent::Student, level), 30);
        assert_eq!(climate_floor(Respondent::Staff, level), 30);
    }
    assert_eq!(climate_floor(Respondent::Parent, E), 40);
    assert_eq!(climate_floor(Respondent::Parent, M), 30);
    assert_eq!(climate_floor(Respondent::Parent, H), 25);
}

// ---------------------------------------------------------------- R4 / R6 membership

/// R4: ALL, race (not NR), SED, EL (EL or RFEP), SWD; info ELO (EL only), RFEP, FOS, HOM.
#[test]
fn r4_group_membership_counts() {
    let d = |race, sed, swd, el_status, foster, homeless| Demographics {
        race,
        sed,
        swd,
        el_status,
        foster,
        homeless,
    };
    let es = vec![
        // ALL HI SED EL ELO
        Enrolment {
            demo: d(
                Race::Hispanic,
                true,
                false,
                ElStatus::EnglishLearner,
                false,
                false,
            ),
            ..enrolment(0, 0)
        },
        // ALL EL RFEP SWD (NR: no race group)
        Enrolment {
            demo: d(
                Race::NotReported,
                false,
                true,
                ElStatus::Reclassified,
                false,
                false,
            ),
            ..enrolment(1, 0)
        },
        // ALL WH FOS HOM
        Enrolment {
            demo: d(Race::White, false, false, ElStatus::EnglishOnly, true, true),
            ..enrolment(2, 0)
        },
        // ALL AS (TBD is not EL)
        Enrolment {
            demo: d(
                Race::Asian,
                false,
                false,
                ElStatus::ToBeDetermined,
                false,
                false,
            ),
            ..enrolment(3, 0)
        },
        // ALL MR (IFEP is not EL)
        Enrolment {
            demo: d(
                Race::TwoOrMore,
                false,
                false,
                ElStatus::InitiallyFluent,
                false,
                false,
            ),
            ..enrolment(4, 0)
        },
    ];
    let out = run_one_school(es);
    let n = |g| result_of(&out, 0, Metric::Suspension, g).map(|r| r.n);
    assert_eq!(n(Group::All), Some(5));
    for (g, expected) in [
        (Group::HI, 1),
        (Group::WH, 1),
        (Group::AS, 1),
        (Group::MR, 1),
        (Group::Sed, 1),
        (Group::El, 2),
        (Group::Swd, 1),
        (Group::Elo, 1),
        (Group::Rfep, 1),
        (Group::Fos, 1),
        (Group::Hom, 1),
    ] {
        assert_eq!(n(g), Some(expected), "{g}");
    }
    assert_eq!(
        groups_of(&out, 0, Metric::Suspension),
        vec![
            Group::All,
            Group::AS,
            Group::HI,
            Group::WH,
            Group::MR,
            Group::Sed,
            Group::El,
            Group::Swd,
            Group::Elo,
            Group::Rfep,
            Group::Fos,
            Group::Hom,
        ]
    );
    // Roles (R5): SED, EL, SWD subgroup; ELO, RFEP, FOS, HOM info.
    let rows = assemble(out.results, 1);
    for (g, role) in [
        (Group::All, Role::All),
        (Group::Sed, Role::Subgroup),
        (Group::El, Role::Subgroup),
        (Group::Swd, Role::Subgroup),
        (Group::Elo, Role::Info),
        (Group::Rfep, Role::Info),
        (Group::Fos, Role::Info),
        (Group::Hom, Role::Info),
    ] {
        assert_eq!(row_of(&rows, 0, Metric::Suspension, g).role, role, "{g}");
    }
}

/// R6: a student enrolled at two schools belongs to the groups of the enrolment row at the
/// school of the result (assessment and sel rows point at it).
#[test]
fn r6_membership_from_enrolment_at_result_school() {
    let es = vec![
        Enrolment {
            demo: Demographics {
                sed: true,
                ..race_demo(Race::Hispanic)
            },
            ..enrolment(7, 0)
        },
        Enrolment {
            demo: Demographics {
                swd: true,
                ..race_demo(Race::White)
            },
            ..enrolment(7, 1)
        },
    ];
    // Tested at S01 (enrolment row 1).
    let a = vec![assessment(&es, 1, Subject::Math, 6, 3)];
    let sel = vec![sel_response(&es, 1, [Some(3.0), Some(4.0), None, None])];
    let data = YearData {
        assessments: Some(a),
        sel: Some(sel),
        ..year_data(schools(&[M, M]), es)
    };
    let out = compute_metrics(&data, &Config::default());
    for metric in [Metric::MathPerf, Metric::Sel] {
        assert!(groups_of(&out, 0, metric).is_empty(), "{metric}");
        assert_eq!(
            groups_of(&out, 1, metric),
            vec![Group::All, Group::WH, Group::Swd],
            "{metric}"
        );
    }
    // Enrolment metrics: each school from its own row.
    assert_eq!(
        groups_of(&out, 0, Metric::Suspension),
        vec![Group::All, Group::HI, Group::Sed]
    );
    assert_eq!(
        groups_of(&out, 1, Metric::Suspension),
        vec![Group::All, Group::WH, Group::Swd]
    );
}

/// §9: a metric switched off is not computed.
#[test]
fn disabled_metric_is_not_computed() {
    let out = compute_metrics(
        &year_data(schools(&[E]), enrolments(0, 3, 0)),
        &config(&["metrics.SUSPENSION=false"]),
    );
    assert!(groups_of(&out, 0, Metric::Suspension).is_empty());
    assert_eq!(groups_of(&out, 0, Metric::ChronicAbsence), vec![Group::All]);
}

// ---------------------------------------------------------------- R5 roles

fn roles(rows: &[MetricRow], school: SchoolIdx, metric: Metric) -> Vec<(Group, Role)> {
    rows.iter()
        .filter(|r| r.school == school && r.metric == metric)
        .map(|r| (r.group, r.role))
        .collect()
}

/// R5 (higher is better): the lowest reported race value; a tie on value goes to the larger
/// n; a suppressed race group never counts, however low; the other races are info.
#[test]
fn r5_lowest_race_higher_is_better_tie_to_larger_n() {
    let m = Metric::ElaPerf;
    let raws = vec![
        raw(0, m, Group::All, 200, Some(90), Some(45.0)),
        raw(0, m, Group::AA, 25, Some(10), Some(40.0)),
        raw(0, m, Group::HI, 30, Some(9), Some(30.0)),
        raw(0, m, Group::WH, 40, Some(12), Some(30.0)),
        // AS 19 students at 10.5%: suppressed, not a candidate.
        raw(0, m, Group::AS, 19, Some(2), Some(200.0 / 19.0)),
        raw(0, m, Group::Sed, 60, Some(20), Some(100.0 / 3.0)),
        raw(0, m, Group::Elo, 30, Some(3), Some(10.0)),
    ];
    let rows = assemble(raws, 20);
    // HI and WH tie at 30 (lowest of 40, 30, 30); WH has the larger n (40 > 30).
    // Rows in report order: group codes AA, ALL, AS, ELO, HI, SED, WH.
    assert_eq!(
        roles(&rows, 0, m),
        vec![
            (Group::AA, Role::Info),
            (Group::All, Role::All),
            (Group::AS, Role::Info),
            (Group::Elo, Role::Info),
            (Group::HI, Role::Info),
            (Group::Sed, Role::Subgroup),
            (Group::WH, Role::LowestRace),
        ]
    );
    assert_eq!(row_of(&rows, 0, m, Group::AS).value, None);
}

/// R5: a tie on value and on n goes to the code that sorts first (AI before FI before PI),
/// whatever the input order; a tie on value with a larger n wins over an earlier code.
#[test]
fn r5_tie_on_value_and_n_goes_to_first_code() {
    let m = Metric::MathPerf;
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let cands = [
            raw(0, m, Group::PI, 25, Some(5), Some(20.0)),
            raw(0, m, Group::FI, 25, Some(5), Some(20.0)),
            raw(0, m, Group::AI, 25, Some(5), Some(20.0)),
        ];
        let mut raws = vec![raw(0, m, Group::All, 75, Some(15), Some(20.0))];
        raws.extend(order.iter().map(|&i| cands[i].clone()));
        let rows = assemble(raws, 20);
        assert_eq!(row_of(&rows, 0, m, Group::AI).role, Role::LowestRace);
        assert_eq!(row_of(&rows, 0, m, Group::FI).role, Role::Info);
        assert_eq!(row_of(&rows, 0, m, Group::PI).role, Role::Info);
    }
    let raws = vec![
        raw(0, m, Group::All, 75, Some(15), Some(20.0)),
        raw(0, m, Group::AI, 25, Some(5), Some(20.0)),
        raw(0, m, Group::PI, 30, Some(6), Some(20.0)),
    ];
    // AI and PI tie on 20; PI has the larger n.
    let rows = assemble(raws, 20);
    assert_eq!(row_of(&rows, 0, m, Group::PI).role, Role::LowestRace);
    assert_eq!(row_of(&rows, 0, m, Group::AI).role, Role::Info);
}

/// R5 (lower is better): the highest value is the worst; ties to the larger n.
#[test]
fn r5_lower_is_better_picks_highest() {
    let m = Metric::ChronicAbsence;
    let raws = vec![
        raw(0, m, Group::All, 100, Some(15), Some(15.0)),
        raw(0, m, Group::AA, 20, Some(2), Some(10.0)),
        raw(0, m, Group::HI, 40, Some(10), Some(25.0)),
        raw(0, m, Group::WH, 40, Some(2), Some(5.0)),
        raw(0, m, Group::MR, 10, Some(9), Some(90.0)), // suppressed
    ];
    let rows = assemble(raws, 20);
    assert_eq!(row_of(&rows, 0, m, Group::HI).role, Role::LowestRace);
    for g in [Group::AA, Group::WH, Group::MR] {
        assert_eq!(row_of(&rows, 0, m, g).role, Role::Info, "{g}");
    }
    // Tie: AA 25 (n 20) vs WH 25 (n 40) → WH.
    let raws = vec![
        raw(0, m, Group::All, 100, Some(15), Some(15.0)),
        raw(0, m, Group::AA, 20, Some(5), Some(25.0)),
        raw(0, m, Group::WH, 40, Some(10), Some(25.0)),
    ];
    let rows = assemble(raws, 20);
    assert_eq!(row_of(&rows, 0, m, Group::WH).role, Role::LowestRace);
    assert_eq!(row_of(&rows, 0, m, Group::AA).role, Role::Info);
}

/// R5: per school and per metric; no reported race group, no `lowest_race`.
#[test]
fn r5_per_school_and_metric() {
    let raws = vec![
        // School 0, SEL (higher better): AS 3.1 < HI 3.5 → AS.
        raw(0, Metric::Sel, Group::All, 60, None, Some(3.4)),
        raw(0, Metric::Sel, Group::AS, 30, None, Some(3.1)),
        raw(0, Metric::Sel, Group::HI, 30, None, Some(3.5)),
        // School 0, SUSPENSION (lower better): AS 3.3% < HI 6.7% → HI.
        raw(0, Metric::Suspension, Group::All, 60, Some(3), Some(5.0)),
        raw(
            0,
            Metric::Suspension,
            Group::AS,
            30,
            Some(1),
            Some(100.0 / 30.0),
        ),
        raw(
            0,
            Metric::Suspension,
            Group::HI,
            30,
            Some(2),
            Some(200.0 / 30.0),
        ),
        // School 1: races all suppressed → no lowest_race.
        raw(1, Metric::Sel, Group::All, 30, None, Some(3.0)),
        raw(1, Metric::Sel, Group::AS, 15, None, Some(2.0)),
        raw(1, Metric::Sel, Group::HI, 15, None, Some(4.0)),
    ];
    let rows = assemble(raws, 20);
    assert_eq!(
        row_of(&rows, 0, Metric::Sel, Group::AS).role,
        Role::LowestRace
    );
    assert_eq!(row_of(&rows, 0, Metric::Sel, Group::HI).role, Role::Info);
    assert_eq!(
        row_of(&rows, 0, Metric::Suspension, Group::HI).role,
        Role::LowestRace
    );
    assert_eq!(
        row_of(&rows, 0, Metric::Suspension, Group::AS).role,
        Role::Info
    );
    assert!(rows
        .iter()
        .filter(|r| r.school == 1)
        .all(|r| r.role != Role::LowestRace));
    // Report order: school, metric code, group code.
    let order: Vec<(SchoolIdx, &str, &str)> = rows
        .iter()
        .map(|r| (r.school, r.metric.code(), r.group.code()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

/// R5 end to end: chronic absence with 20 HI students (5 chronic → 25%), 20 WH (1 → 5%),
/// 20 AA (5 → 25%, same value and n as HI → AA sorts first), 5 AS (5 → 100%, suppressed).
#[test]
fn r5_end_to_end_from_enrolments() {
    let mut es = Vec::new();
    let mut push = |race, n: u32, chronic: u32, first: u32| {
        for s in first..first + n {
            es.push(Enrolment {
                demo: race_demo(race),
                days_absent: if s - first < chronic { 18 } else { 0 },
                ..enrolment(s, 0)
            });
        }
    };
    push(Race::Hispanic, 20, 5, 0);
    push(Race::White, 20, 1, 100);
    push(Race::BlackAfricanAmerican, 20, 5, 200);
    push(Race::Asian, 5, 5, 300);
    let out = run_one_school(es);
    let rows = assemble(out.results, 20);
    let m = Metric::ChronicAbsence;
    // ALL: 16 of 65.
    assert_eq!(row_of(&rows, 0, m, Group::All).value, Some(1600.0 / 65.0));
    assert_eq!(row_of(&rows, 0, m, Group::AA).role, Role::LowestRace);
    assert_eq!(row_of(&rows, 0, m, Group::HI).role, Role::Info);
    assert_eq!(row_of(&rows, 0, m, Group::WH).role, Role::Info);
    assert_eq!(row_of(&rows, 0, m, Group::AS).role, Role::Info);
    assert_eq!(row_of(&rows, 0, m, Group::AS).value, None);
}
