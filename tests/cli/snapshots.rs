//! Snapshots (insta) of small outputs whose every number was checked by hand: the reports of
//! the two-school fixture of `common::valid_data` with `common::CUTPOINTS`. The working is in
//! the comments; a snapshot that changes must be re-checked the same way before it is
//! accepted.

use std::fs;

use crate::common::*;

/// Computes the fixture; returns the text of `name.csv`.
fn fixture_report(name: &str, keep: impl Fn(&str) -> bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let data = setup(dir.path());
    let out = dir.path().join("out");
    bin()
        .args(["--quiet", "compute", "--data"])
        .arg(&data)
        .args(["--year", "2016", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = fs::read_to_string(out.join(format!("{name}.csv"))).unwrap();
    let mut lines = text.lines();
    let mut kept = vec![lines.next().unwrap().to_string()];
    kept.extend(lines.filter(|l| keep(l)).map(str::to_string));
    kept.join("\n") + "\n"
}

/// index.csv of the fixture (methodology R25–R28), worked by hand:
///
/// Alder Elementary (E, Title I; students i = 0…29, grade 4). Growth has no result (30 tested
/// students per grade, fewer than growth.min_grade_sample = 100, R19), HS_READINESS no rows
/// (no grade 8), GRAD no rows (no cohort). Academic: ELA_PERF and MATH_PERF are present, so
/// w = 60 / 2 = 30. Levels are 1 + i mod 4, so 14 of 30 are at 3 or 4 (i mod 4 = 2 or 3):
/// 46.67% ≥ c1…c4 → level 5; SED (n 15) and EL (n 12) are suppressed, so k = 0 and ALL earns
/// round2(30 · 5 / 10) = 15 each: 30 of 60. SECC: CHRONIC_ABSENCE, SUSPENSION, SEL, CLIMATE
/// present (EL_RECLASS has n 12), w = 10. Chronic absence 10·absent ≥ 180 ⇔ absent ≥ 18 ⇔
/// i mod 20 ∈ {18, 19}: 2/30 = 6.67%, ≤ c2…c9 → level 9 → 9. Suspension i mod 7 = 0 (0, 7,
/// 14, 21, 28): 16.67%, ≤ no cut → level 1 → 1. SEL (3.5 + 4 + 2.5) / 3 = 3.33 ≥ c1…c5 →
/// level 6 → 6. CLIMATE: STUDENT 60/100 and STAFF 25/30 qualify, mean (71.5 + 80) / 2 =
/// 75.75 → level 8 → 8. SECC 24 of 40; index 54; all_students_score 100 · 54 / 100 = 54; no
/// counted subgroup row, so subgroup_score is empty; 6 metrics reported.
///
/// Birch Middle (M, not Title I; i = 30…59, grade 8). ELA and MATH: 16 of 30 at level 3–4
/// (53.33%) → level 6. HS_READINESS: ready when absent ≤ 7 (100·(180 − a) ≥ 96·180) and not
/// suspended: i = 40…47 minus 42 → 7/30 = 23.33% → level 3. GRAD: a 4-year cohort of 2 <
/// n_size, no value. So w = 60 / 3 = 20: 12 + 12 + 6 = 30 of 60. SECC: CLIMATE has only
/// PARENT 50/200 = 25%, under the M floor of 30% → no row; EL_RECLASS n 12. Chronic absence
/// i ∈ {38, 39, 58, 59}: 13.33% ≤ c3…c9 → level 8; suspension i ∈ {35, 42, 49, 56}:
/// 13.33% → level 1; SEL level 6. w = 40/3: round2(13.33… · 8 / 10) = 10.67, 1.33, 8 →
/// 20 of 3 · 13.33 = 39.99. Index 30 + 20 = 50; all_students_score round2(100 · 50 / 99.99)
/// = round2(50.005…) = 50.01.
#[test]
fn fixture_index_checked_by_hand() {
    insta::assert_snapshot!("fixture_index", fixture_report("index", |_| true));
}

/// designations.csv: the universe is the Title I schools with an index score, only Alder
/// (N = 1); 5% of 1 rounds up to 1, so Alder is PRIORITY on its index (R29, rank value 54,
/// years_in_status 1 without history); Birch is not Title I: NOT_ELIGIBLE.
#[test]
fn fixture_designations_checked_by_hand() {
    insta::assert_snapshot!(
        "fixture_designations",
        fixture_report("designations", |_| true)
    );
}

/// The counted rows (roles all, subgroup, lowest_race) of Alder's metric_results, whose
/// values, levels and points are worked out in `fixture_index_checked_by_hand`; suppressed
/// rows show n only (R3).
///
/// R36–R38: no prior results, so prior_value … level_change are empty (R35); index.csv's
/// prior_index_score and index_change too. band (R37) and needed_k (R38) of the reported
/// rows, one f64 subtraction each against `CUTPOINTS`:
/// ELA_PERF and MATH_PERF 46.67, level 5, average: c5 − v = 50 − 46.67 = 3.33, c6 − v = 13.33,
/// c7 − v = 23.33. CHRONIC_ABSENCE 6.67 (lower is better), level 9, above: v − c_{11−9−1} =
/// v − c1 = 6.67 − 5 = 1.67; levels 11 and 12 do not exist, so needed_2, needed_3 are empty.
/// CLIMATE 75.75, level 8, above: c8 − v = 4.25, c9 − v = 14.25, needed_3 empty. SEL 3.33,
/// level 6, average: c6 − v = 3.5 − 3.33 = 0.17, c7 − v = 0.42, c8 − v = 0.67. SUSPENSION
/// 16.67 (lower is better), level 1, below: v − c9 = 7.67, v − c8 = 8.67, v − c7 = 9.67.
#[test]
fn fixture_counted_rows_checked_by_hand() {
    insta::assert_snapshot!(
        "fixture_alder_counted_rows",
        fixture_report("metric_results", |line| line.contains(",00000000000001,")
            && !line.contains(",info,"))
    );
}
