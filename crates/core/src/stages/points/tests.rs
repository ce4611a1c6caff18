//! Hand-computed tests of methodology R25–R28 (points, domain sums, the index and the
//! all-students / subgroup scores). Rows are banded with `band_rows` against the decile
//! cut points 10, 20, …, 90, using values chosen to land on a given level
//! (`value_for_level`), then scored with `award_points`.

use super::*;
use crate::model::SchoolLevel;
use crate::results::MetricResults;
use crate::stages::banding::band_rows;
use crate::stages::metrics::compute_metrics;
use crate::stages::suppression::assemble;
use crate::stages::test_support::*;

use Group::{All, El, Swd, AA, AI, AS, FI, HI, PI, WH};
use Metric::{
    ChronicAbsence as CA, Climate, ElReclass, ElaGrowth, ElaPerf, Grad, HsReadiness, MathGrowth,
    MathPerf, Sel, Suspension as SUSP,
};

const SED: Group = Group::Sed;

/// Report order, banding against the decile cut points, then points, on `schools` E schools.
fn score(
    mut rows: Vec<MetricRow>,
    schools_n: usize,
    overrides: &[&str],
) -> (Vec<ScoredRow>, Vec<IndexRow>) {
    sort_report_order(&mut rows);
    let data = year_data(
        schools(&vec![SchoolLevel::Elementary; schools_n]),
        Vec::new(),
    );
    band_and_award(rows, &data.schools, &config(overrides))
}

/// Bands `rows` against the decile cut points and awards points: the rows joined with both.
fn band_and_award(
    rows: Vec<MetricRow>,
    schools: &[crate::dataset::School],
    config: &Config,
) -> (Vec<ScoredRow>, Vec<IndexRow>) {
    let levels = band_rows(&rows, schools, &decile_cut_points()).expect("cut points for all");
    let points = award_points(&rows, &levels, schools.len(), config);
    assert_eq!(points.index.len(), schools.len());
    let results = MetricResults {
        rows,
        levels,
        points: points.rows,
    };
    (scored_rows(&results), points.index)
}

/// (points, max_points) of a row of school 0.
fn pts(rows: &[ScoredRow], metric: Metric, group: Group) -> (Option<f64>, Option<f64>) {
    let r = row_of(rows, 0, metric, group);
    (r.points, r.max_points)
}

fn both(x: f64) -> (Option<f64>, Option<f64>) {
    (Some(x), Some(x))
}

/// R26 (half_half, rounding on): w = 40/3 (three present SECC metrics); SEL with k = 2
/// counted subgroups, all at level 10, earns 6.67 + 3.33 + 3.33 = 13.33.
#[test]
fn r26_half_half_k2_earns_13_33() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 10),
        reported_row(0, CA, All, 10),
        reported_row(0, SUSP, All, 10),
        reported_row(0, Sel, All, 10),
        reported_row(0, Sel, SED, 10),
        reported_row(0, Sel, El, 10),
    ];
    let (rows, index) = score(rows, 1, &[]);
    // ALL: share 0.5 × 40/3 = 6.666… → round2(6.666… × 10 / 10) = 6.67.
    assert_eq!(pts(&rows, Sel, All), both(6.67));
    // Each subgroup: share (0.5 × 40/3) / 2 = 3.333… → 3.33.
    assert_eq!(pts(&rows, Sel, SED), both(3.33));
    assert_eq!(pts(&rows, Sel, El), both(3.33));
    // k = 0 metrics: ALL earns round2(40/3) = 13.33.
    assert_eq!(pts(&rows, CA, All), both(13.33));
    assert_eq!(pts(&rows, SUSP, All), both(13.33));
    // ELA_PERF alone in A: w = 60, k = 0 → 60.
    assert_eq!(pts(&rows, ElaPerf, All), both(60.0));
    let i = &index[0];
    // SECC: 13.33 + 13.33 + (6.67 + 3.33 + 3.33 = 13.33) = 39.99, exact in hundredths.
    assert_eq!(i.secc_points, 39.99);
    assert_eq!(i.secc_max, 39.99);
    assert_eq!((i.academic_points, i.academic_max), (60.0, 60.0));
    // 60 + 39.99 (a naive f64 sum gives 99.99000000000001).
    assert_eq!(i.index_score, Some(99.99));
    // A = B = 60 + 13.33 + 13.33 + 6.67 → 100; subgroups 6.66 / 6.66 → 100.
    assert_eq!(i.all_students_score, Some(100.0));
    assert_eq!(i.subgroup_score, Some(100.0));
    assert_eq!(i.metrics_reported(), 4);
}

/// R26: with k = 4 (SED, EL, SWD, lowest_race) at level 10 the metric earns
/// 6.67 + 4 × 1.67 = 13.35 (kept, not clipped); an `info` race row earns nothing.
#[test]
fn r26_half_half_k4_earns_13_35() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 10),
        reported_row(0, CA, All, 10),
        reported_row(0, SUSP, All, 10),
        reported_row(0, Sel, All, 10),
        reported_row(0, Sel, SED, 10),
        reported_row(0, Sel, El, 10),
        reported_row(0, Sel, Swd, 10),
        with_role(reported_row(0, Sel, HI, 10), Role::LowestRace),
        reported_row(0, Sel, WH, 10),
    ];
    let (rows, index) = score(rows, 1, &[]);
    assert_eq!(pts(&rows, Sel, All), both(6.67));
    // (0.5 × 40/3) / 4 = 1.666… → 1.67 each.
    for g in [SED, El, Swd, HI] {
        assert_eq!(pts(&rows, Sel, g), both(1.67), "{g}");
    }
    let wh = row_of(&rows, 0, Sel, WH);
    assert_eq!(wh.level, Some(10)); // R15: info rows are banded
    assert_eq!((wh.points, wh.max_points), (None, None));
    let sel_total: f64 = rows
        .iter()
        .filter(|r| r.metric == Sel)
        .filter_map(|r| r.points)
        .map(|p| (p * 100.0).round())
        .sum();
    assert_eq!(sel_total, 1335.0);
    let i = &index[0];
    // 13.33 + 13.33 + 13.35 = 40.01; index 60 + 40.01 = 100.01 (R26: kept).
    assert_eq!(i.secc_points, 40.01);
    assert_eq!(i.secc_max, 40.01);
    assert_eq!(i.index_score, Some(100.01));
    // Subgroups: 6.68 / 6.68.
    assert_eq!(i.subgroup_score, Some(100.0));
}

/// R26: k = 0 gives ALL the whole w, scaled by its level: round2(w · L / 10).
#[test]
fn r26_k0_all_earns_whole_w() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 5),
        reported_row(0, CA, All, 7),
        reported_row(0, SUSP, All, 10),
        reported_row(0, Sel, All, 1),
        // A race row that is only `info` does not make k = 1.
        reported_row(0, Sel, AS, 3),
    ];
    let (rows, index) = score(rows, 1, &[]);
    // ELA_PERF: 60 × 5 / 10 = 30.
    assert_eq!(pts(&rows, ElaPerf, All), (Some(30.0), Some(60.0)));
    // 40/3 × 7 / 10 = 9.333… → 9.33; × 10 / 10 → 13.33; × 1 / 10 = 1.333… → 1.33.
    assert_eq!(pts(&rows, CA, All), (Some(9.33), Some(13.33)));
    assert_eq!(pts(&rows, SUSP, All), (Some(13.33), Some(13.33)));
    assert_eq!(pts(&rows, Sel, All), (Some(1.33), Some(13.33)));
    assert_eq!(pts(&rows, Sel, AS), (None, None));
    let i = &index[0];
    // 9.33 + 13.33 + 1.33 = 23.99 of 39.99; index 30 + 23.99 = 53.99.
    assert_eq!((i.secc_points, i.secc_max), (23.99, 39.99));
    assert_eq!((i.academic_points, i.academic_max), (30.0, 60.0));
    assert_eq!(i.index_score, Some(53.99));
    // A = 53.99, B = 99.99 → round2(5399 × 100 / 9999 = 53.995399…) = 54.0.
    assert_eq!(i.all_students_score, Some(54.0));
    // No counted subgroup row: B = 0 → empty.
    assert_eq!(i.subgroup_score, None);
}

/// R27: a domain with no present metric has 0 points and 0 max and the index is empty, while
/// the other domain's points still show. Rows of a metric whose ALL is not reported earn
/// nothing (R25–R26).
#[test]
fn r27_domain_without_present_metric_empty_index() {
    let rows = vec![
        // School 0: SECC only (ELA_PERF ALL suppressed, its SED row reported).
        reported_row(0, CA, All, 10),
        reported_row(0, CA, SED, 5),
        suppressed_row(0, ElaPerf, All),
        reported_row(0, ElaPerf, SED, 10),
        // School 1: academic only.
        reported_row(1, ElaPerf, All, 8),
    ];
    let (rows, index) = score(rows, 2, &[]);
    // School 0: CA alone in S, w = 40, k = 1: ALL share 20 → 20; SED share 20 × 5/10 = 10.
    assert_eq!(pts(&rows, CA, All), both(20.0));
    assert_eq!(pts(&rows, CA, SED), (Some(10.0), Some(20.0)));
    let ela_sed = row_of(&rows, 0, ElaPerf, SED);
    assert_eq!(ela_sed.level, Some(10));
    assert_eq!((ela_sed.points, ela_sed.max_points), (None, None));
    let ela_all = row_of(&rows, 0, ElaPerf, All);
    assert_eq!((ela_all.level, ela_all.points), (None, None));
    let i = &index[0];
    assert_eq!((i.academic_points, i.academic_max), (0.0, 0.0));
    assert_eq!((i.secc_points, i.secc_max), (30.0, 40.0));
    assert_eq!(i.index_score, None);
    assert_eq!(i.all_students_score, Some(100.0)); // 20 / 20
    assert_eq!(i.subgroup_score, Some(50.0)); // 10 / 20
    assert_eq!(i.metrics_reported(), 1);
    // School 1: 60 × 8 / 10 = 48 of 60; no SECC metric.
    let i = &index[1];
    assert_eq!(i.school, 1);
    assert_eq!((i.academic_points, i.academic_max), (48.0, 60.0));
    assert_eq!((i.secc_points, i.secc_max), (0.0, 0.0));
    assert_eq!(i.index_score, None);
    assert_eq!(i.all_students_score, Some(80.0));
    assert_eq!(i.metrics_reported(), 1);
}

/// R25: weights re-spread over the present metrics: 5 academic metrics present (GRAD's ALL
/// suppressed) ⇒ w = 60 / 5 = 12; growth metrics count like the others (banded by R16).
#[test]
fn r25_respread_five_academic_metrics_w12() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 3),
        reported_row(0, MathPerf, All, 10),
        reported_row(0, ElaGrowth, All, 5),
        reported_row(0, MathGrowth, All, 7),
        reported_row(0, HsReadiness, All, 1),
        suppressed_row(0, Grad, All),
        reported_row(0, Grad, SED, 10),
        reported_row(0, Sel, All, 10),
    ];
    let (rows, index) = score(rows, 1, &[]);
    // 12 × L / 10: L 3 → 3.6, 10 → 12, 5 → 6, 7 → 8.4, 1 → 1.2.
    assert_eq!(pts(&rows, ElaPerf, All), (Some(3.6), Some(12.0)));
    assert_eq!(pts(&rows, MathPerf, All), (Some(12.0), Some(12.0)));
    assert_eq!(pts(&rows, ElaGrowth, All), (Some(6.0), Some(12.0)));
    assert_eq!(pts(&rows, MathGrowth, All), (Some(8.4), Some(12.0)));
    assert_eq!(pts(&rows, HsReadiness, All), (Some(1.2), Some(12.0)));
    assert_eq!(pts(&rows, Grad, SED), (None, None));
    assert_eq!(pts(&rows, Sel, All), both(40.0));
    let i = &index[0];
    // 3.6 + 12 + 6 + 8.4 + 1.2 = 31.2 of 60; index 71.2.
    assert_eq!((i.academic_points, i.academic_max), (31.2, 60.0));
    assert_eq!(i.index_score, Some(71.2));
    assert_eq!(i.metrics_reported(), 6);
    // A = 71.2, B = 100 → 71.2.
    assert_eq!(i.all_students_score, Some(71.2));
    assert_eq!(i.subgroup_score, None);
}

/// R25 with §9: a metric switched off is not present even if a reported row reaches the
/// points stage: the other five academic metrics weigh 12 each.
#[test]
fn r25_disabled_metric_respreads() {
    let rows: Vec<MetricRow> = [ElaPerf, MathPerf, ElaGrowth, MathGrowth, HsReadiness, Grad]
        .into_iter()
        .map(|m| reported_row(0, m, All, 10))
        .chain([reported_row(0, Climate, All, 10)])
        .collect();
    let (rows, index) = score(rows, 1, &["metrics.GRAD=false"]);
    for m in [ElaPerf, MathPerf, ElaGrowth, MathGrowth, HsReadiness] {
        assert_eq!(pts(&rows, m, All), both(12.0), "{m}");
    }
    assert_eq!(pts(&rows, Grad, All), (None, None));
    let i = &index[0];
    assert_eq!((i.academic_points, i.academic_max), (60.0, 60.0));
    assert_eq!(i.index_score, Some(100.0));
    assert_eq!(i.metrics_reported(), 6);
}

/// R26 `equal_share`: each of the 1 + k counted rows earns round2(w / (1 + k) · L / 10).
#[test]
fn r26_equal_share() {
    let rows = vec![
        reported_row(0, CA, All, 10),
        reported_row(0, SUSP, All, 10),
        reported_row(0, SUSP, SED, 10),
        reported_row(0, Sel, All, 10),
        reported_row(0, Sel, SED, 10),
        reported_row(0, Sel, El, 5),
        reported_row(0, Sel, Swd, 10),
        reported_row(0, Sel, FI, 10), // info
    ];
    let (rows, index) = score(rows, 1, &["points.subgroup_mode=equal_share"]);
    // w = 40/3. CA, k = 0: 40/3 → 13.33.
    assert_eq!(pts(&rows, CA, All), both(13.33));
    // SUSPENSION, k = 1: w / 2 = 6.666… → 6.67 each.
    assert_eq!(pts(&rows, SUSP, All), both(6.67));
    assert_eq!(pts(&rows, SUSP, SED), both(6.67));
    // SEL, k = 3: w / 4 = 3.333… → 3.33; EL at level 5: 1.666… → 1.67.
    assert_eq!(pts(&rows, Sel, All), both(3.33));
    assert_eq!(pts(&rows, Sel, SED), both(3.33));
    assert_eq!(pts(&rows, Sel, El), (Some(1.67), Some(3.33)));
    assert_eq!(pts(&rows, Sel, Swd), both(3.33));
    assert_eq!(pts(&rows, Sel, FI), (None, None));
    let i = &index[0];
    // 13.33 + 13.34 + 11.66 = 38.33 of 13.33 + 13.34 + 13.32 = 39.99.
    assert_eq!((i.secc_points, i.secc_max), (38.33, 39.99));
    assert_eq!(i.index_score, None);
    // ALL rows: 13.33 + 6.67 + 3.33 = 23.33 / 23.33 → 100;
    // subgroups: 6.67 + 3.33 + 1.67 + 3.33 = 15.0 of 16.66 → round2(150000 / 1666 = 90.0360…).
    assert_eq!(i.all_students_score, Some(100.0));
    assert_eq!(i.subgroup_score, Some(90.04));
}

/// R26–R28 with `round_components = false`: points and max_points unrounded; domain sums in
/// f64 in §3's metric order, ALL first, then groups by code; the scores still round2.
#[test]
fn r26_r27_unrounded_components() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 9),
        reported_row(0, ElaPerf, SED, 3),
        reported_row(0, CA, All, 10),
        reported_row(0, SUSP, All, 10),
        reported_row(0, Sel, All, 10),
        reported_row(0, Sel, SED, 7),
        reported_row(0, Sel, El, 10),
    ];
    let (rows, index) = score(rows, 1, &["points.round_components=false"]);
    let w_s = 40.0 / 3.0;
    let ca = (w_s * 10.0) / 10.0;
    let su = (w_s * 10.0) / 10.0;
    let all_share = 0.5 * w_s;
    let sub_share = (0.5 * w_s) / 2.0;
    let sel_all = (all_share * 10.0) / 10.0;
    let sel_sed = (sub_share * 7.0) / 10.0;
    let sel_el = (sub_share * 10.0) / 10.0;
    // ELA_PERF: w = 60, k = 1: shares 30; 30 × 9 / 10 = 27, 30 × 3 / 10 = 9.
    assert_eq!(pts(&rows, ElaPerf, All), (Some(27.0), Some(30.0)));
    assert_eq!(pts(&rows, ElaPerf, SED), (Some(9.0), Some(30.0)));
    assert_eq!(pts(&rows, CA, All), (Some(ca), Some(w_s)));
    assert_eq!(pts(&rows, Sel, All), (Some(sel_all), Some(all_share)));
    assert_eq!(pts(&rows, Sel, SED), (Some(sel_sed), Some(sub_share)));
    assert_eq!(pts(&rows, Sel, El), (Some(sel_el), Some(sub_share)));
    // Not rounded: 6.666…, not 6.67.
    assert!((sel_all - 6.67).abs() > 1e-3);
    let i = &index[0];
    // Order: CHRONIC_ABSENCE, SUSPENSION, SEL (ALL, then EL, SED by code).
    let secc = ca + su + sel_all + sel_el + sel_sed;
    let secc_max = w_s + w_s + all_share + sub_share + sub_share;
    assert_eq!(i.secc_points, secc);
    assert_eq!(i.secc_max, secc_max);
    assert_eq!(
        (i.academic_points, i.academic_max),
        (27.0 + 9.0, 30.0 + 30.0)
    );
    assert_eq!(i.index_score, Some(36.0 + secc));
    let a = 27.0 + ca + su + sel_all;
    let b = 30.0 + w_s + w_s + all_share;
    assert_eq!(i.all_students_score, Some(round2((100.0 * a) / b)));
    let a = 9.0 + sel_el + sel_sed;
    let b = 30.0 + sub_share + sub_share;
    assert_eq!(i.subgroup_score, Some(round2((100.0 * a) / b)));
    // By hand: subgroups 9 + 3.333… + 2.333… = 14.666… of 36.666… → 40.0.
    assert_eq!(i.subgroup_score, Some(40.0));
}

/// R28: all_students_score and subgroup_score from the sums of points and max_points of the
/// ALL rows and of the lowest_race/subgroup rows.
#[test]
fn r28_all_students_and_subgroup_scores() {
    let rows = vec![
        reported_row(0, ElaPerf, All, 8),
        reported_row(0, ElaPerf, SED, 4),
        with_role(reported_row(0, ElaPerf, HI, 10), Role::LowestRace),
        reported_row(0, ElaPerf, WH, 1), // info
        reported_row(0, Sel, All, 5),
    ];
    let (rows, index) = score(rows, 1, &[]);
    // ELA_PERF: w = 60, k = 2: ALL share 30 × 8/10 = 24; SED share 15 × 4/10 = 6;
    // HI 15 × 10/10 = 15. SEL: w = 40, k = 0: 40 × 5/10 = 20.
    assert_eq!(pts(&rows, ElaPerf, All), (Some(24.0), Some(30.0)));
    assert_eq!(pts(&rows, ElaPerf, SED), (Some(6.0), Some(15.0)));
    assert_eq!(pts(&rows, ElaPerf, HI), (Some(15.0), Some(15.0)));
    assert_eq!(pts(&rows, ElaPerf, WH), (None, None));
    assert_eq!(pts(&rows, Sel, All), (Some(20.0), Some(40.0)));
    let i = &index[0];
    assert_eq!((i.academic_points, i.academic_max), (45.0, 60.0));
    assert_eq!((i.secc_points, i.secc_max), (20.0, 40.0));
    assert_eq!(i.index_score, Some(65.0));
    // A = 24 + 20 = 44, B = 30 + 40 = 70 → round2(4400 / 70 = 62.857…) = 62.86.
    assert_eq!(i.all_students_score, Some(62.86));
    // A = 6 + 15 = 21, B = 30 → 70.
    assert_eq!(i.subgroup_score, Some(70.0));
    assert_eq!(i.metrics_reported(), 2);
}

/// R27–R28: a school with no rows, or only suppressed rows, gets zeros, an empty index and
/// empty scores (B = 0); every school gets an index row.
#[test]
fn r28_empty_scores_when_b_is_zero() {
    let rows = vec![
        suppressed_row(1, ElaPerf, All),
        suppressed_row(1, Sel, All),
        reported_row(2, ElaPerf, All, 10),
        reported_row(2, Climate, All, 10),
    ];
    let (_, index) = score(rows, 3, &[]);
    for s in [0, 1] {
        let i = &index[s];
        assert_eq!(i.school, s as SchoolIdx);
        assert_eq!((i.academic_points, i.academic_max), (0.0, 0.0));
        assert_eq!((i.secc_points, i.secc_max), (0.0, 0.0));
        assert_eq!(i.index_score, None);
        assert_eq!(i.all_students_score, None);
        assert_eq!(i.subgroup_score, None);
        assert_eq!(i.metrics_reported(), 0);
    }
    // School 2: ALL rows only: 100 / 100; no subgroup rows → empty subgroup_score.
    let i = &index[2];
    assert_eq!(i.index_score, Some(100.0));
    assert_eq!(i.all_students_score, Some(100.0));
    assert_eq!(i.subgroup_score, None);
    assert_eq!(i.metrics_reported(), 2);
}

/// R26: `info` and suppressed rows get no points or max_points and do not count in k;
/// info rows are still banded (R15), suppressed rows are not.
#[test]
fn r26_info_and_suppressed_rows_no_points() {
    let rows = vec![
        reported_row(0, Sel, All, 10),
        reported_row(0, Sel, SED, 10),
        suppressed_row(0, Sel, El),
        reported_row(0, Sel, HI, 2),
        reported_row(0, Sel, Group::Elo, 10),
        reported_row(0, Sel, Group::Hom, 10),
    ];
    let (rows, index) = score(rows, 1, &[]);
    // w = 40, k = 1 (SED): ALL 20, SED 20.
    assert_eq!(pts(&rows, Sel, All), both(20.0));
    assert_eq!(pts(&rows, Sel, SED), both(20.0));
    let el = row_of(&rows, 0, Sel, El);
    assert_eq!((el.level, el.points, el.max_points), (None, None, None));
    for (g, level) in [(HI, 2), (Group::Elo, 10), (Group::Hom, 10)] {
        let r = row_of(&rows, 0, Sel, g);
        assert_eq!(
            (r.level, r.points, r.max_points),
            (Some(level), None, None),
            "{g}"
        );
    }
    assert_eq!((index[0].secc_points, index[0].secc_max), (40.0, 40.0));
}

/// R26 with R15 directions: lower-is-better metrics are banded so that a low value earns
/// many points; a lowest_race row of a lower-is-better metric is counted like any subgroup.
#[test]
fn r26_lower_is_better_metric_points() {
    // CHRONIC_ABSENCE alone in S: w = 40. ALL 8% → 8 ≤ all nine cuts → level 10;
    // AA 35% → ≤ 40…90 (6) → level 7; SED 91% → none → level 1. k = 2.
    let rows = vec![
        metric_row(0, CA, All, 100, Some(8.0)),
        with_role(metric_row(0, CA, AA, 30, Some(35.0)), Role::LowestRace),
        metric_row(0, CA, SED, 40, Some(91.0)),
    ];
    let (rows, index) = score(rows, 1, &[]);
    assert_eq!(row_of(&rows, 0, CA, All).level, Some(10));
    assert_eq!(row_of(&rows, 0, CA, AA).level, Some(7));
    assert_eq!(row_of(&rows, 0, CA, SED).level, Some(1));
    // ALL 20 × 10/10 = 20; AA 10 × 7/10 = 7; SED 10 × 1/10 = 1.
    assert_eq!(pts(&rows, CA, All), both(20.0));
    assert_eq!(pts(&rows, CA, AA), (Some(7.0), Some(10.0)));
    assert_eq!(pts(&rows, CA, SED), (Some(1.0), Some(10.0)));
    assert_eq!(index[0].secc_points, 28.0);
    // Subgroups 8 / 20 → 40.
    assert_eq!(index[0].subgroup_score, Some(40.0));
}

/// R2: round2 rounds halves away from zero on the f64 product.
#[test]
fn r2_round2() {
    assert_eq!(round2(20.0 / 3.0), 6.67);
    assert_eq!(round2(10.0 / 3.0), 3.33);
    assert_eq!(round2(0.125), 0.13); // 12.5 → 13
    assert_eq!(round2(0.375), 0.38); // 37.5 → 38
    assert_eq!(round2(-0.125), -0.13);
    assert_eq!(round2(62.857_142_857), 62.86);
}

/// End to end (R10, R11, R5, R15, R25–R28): enrolments → compute_metrics → assemble →
/// apply_levels → award_points. One school of 20 HI SED students (4 chronically absent)
/// and 20 WH students; nobody suspended; a second school with no students.
#[test]
fn r25_r28_end_to_end_from_enrolments() {
    let mut es = Vec::new();
    for s in 0..20 {
        es.push(crate::dataset::Enrolment {
            demo: crate::model::Demographics {
                sed: true,
                ..race_demo(crate::model::Race::Hispanic)
            },
            days_absent: if s < 4 { 18 } else { 0 },
            ..enrolment(s, 0)
        });
    }
    for s in 20..40 {
        es.push(crate::dataset::Enrolment {
            demo: race_demo(crate::model::Race::White),
            ..enrolment(s, 0)
        });
    }
    let data = year_data(
        schools(&[SchoolLevel::Elementary, SchoolLevel::Elementary]),
        es,
    );
    let config = Config::default();
    let out = compute_metrics(&data, &config);
    let rows = assemble(out.results, config.n_size);
    let (rows, index) = band_and_award(rows, &data.schools, &config);

    // CHRONIC_ABSENCE (lower better): ALL 4/40 = 10% → 10 ≤ all nine → level 10;
    // HI = SED = 4/20 = 20% → ≤ 20…90 (8) → level 9; WH 0% → level 10.
    // Lowest race: HI (highest value). k = 2, w = 40 / 2 = 20:
    // ALL 10 × 10/10 = 10; HI 5 × 9/10 = 4.5; SED 4.5; WH info.
    assert_eq!(row_of(&rows, 0, CA, HI).role, Role::LowestRace);
    assert_eq!(pts(&rows, CA, All), both(10.0));
    assert_eq!(pts(&rows, CA, HI), (Some(4.5), Some(5.0)));
    assert_eq!(pts(&rows, CA, SED), (Some(4.5), Some(5.0)));
    assert_eq!(row_of(&rows, 0, CA, WH).level, Some(10));
    assert_eq!(pts(&rows, CA, WH), (None, None));
    // SUSPENSION: everyone 0% → level 10; HI and WH tie (0, n 20) → HI sorts first.
    // 10 + 5 + 5 = 20.
    assert_eq!(row_of(&rows, 0, SUSP, HI).role, Role::LowestRace);
    assert_eq!(row_of(&rows, 0, SUSP, WH).role, Role::Info);
    assert_eq!(pts(&rows, SUSP, HI), both(5.0));
    // No EL students: no EL_RECLASS row; no other extract: no other metric.
    assert!(rows.iter().all(|r| r.metric != ElReclass));
    let i = &index[0];
    assert_eq!((i.secc_points, i.secc_max), (39.0, 40.0));
    assert_eq!((i.academic_points, i.academic_max), (0.0, 0.0));
    assert_eq!(i.index_score, None);
    // ALL 20 / 20 → 100; subgroups 4.5 + 4.5 + 5 + 5 = 19 of 20 → 95.
    assert_eq!(i.all_students_score, Some(100.0));
    assert_eq!(i.subgroup_score, Some(95.0));
    assert_eq!(i.metrics_reported(), 2);
    assert_eq!(index[1].school, 1);
    assert_eq!(index[1].metrics_reported(), 0);
    assert_eq!(index[1].index_score, None);
}

/// Counted groups for the property test: up to 10 rows with a counted role.
const COUNTED: [Group; 10] = [SED, El, Swd, AA, AI, AS, FI, HI, PI, WH];

/// The rows of the property test: SEL with ALL and k counted subgroups (the first race as
/// lowest_race, the rest forced to `subgroup`), plus `others` more SECC metrics (ALL only).
fn property_rows(levels: &[u8], k: usize, others: usize) -> Vec<MetricRow> {
    let mut rows = vec![reported_row(0, Sel, All, levels[0])];
    for (i, g) in COUNTED.iter().take(k).enumerate() {
        let role = if *g == AA {
            Role::LowestRace
        } else {
            Role::Subgroup
        };
        rows.push(with_role(reported_row(0, Sel, *g, levels[i + 1]), role));
    }
    for (i, m) in [CA, SUSP, ElReclass, Climate]
        .into_iter()
        .take(others)
        .enumerate()
    {
        rows.push(reported_row(0, m, All, levels[(i + 3) % levels.len()]));
    }
    rows
}

proptest::proptest! {
    /// R26: with rounding on, no row's points exceed its max_points, for levels 1–10,
    /// k = 0–10, 1–5 present SECC metrics, either mode and any whole SECC weight 0–100.
    #[test]
    fn r26_points_never_exceed_max_points(
        levels in proptest::collection::vec(1u8..=10, 11),
        k in 0usize..=10,
        others in 0usize..=4,
        equal in proptest::bool::ANY,
        secc in 0u32..=100,
    ) {
        let mode = if equal { "equal_share" } else { "half_half" };
        let overrides = [
            format!("points.subgroup_mode={mode}"),
            format!("domains.secc={secc}"),
        ];
        let overrides: Vec<&str> = overrides.iter().map(String::as_str).collect();
        let (rows, index) = score(property_rows(&levels, k, others), 1, &overrides);
        let mut counted = 0;
        for r in &rows {
            match (r.points, r.max_points) {
                (Some(p), Some(m)) => {
                    counted += 1;
                    proptest::prop_assert!(p <= m, "{:?}: {} > {}", r.group, p, m);
                    proptest::prop_assert!(p >= 0.0);
                    // Whole hundredths.
                    proptest::prop_assert_eq!(round2(p), p);
                    proptest::prop_assert_eq!(round2(m), m);
                }
                (None, None) => {}
                other => proptest::prop_assert!(false, "points without max: {:?}", other),
            }
        }
        proptest::prop_assert_eq!(counted, 1 + k + others);
        let i = &index[0];
        proptest::prop_assert!(i.secc_points <= i.secc_max);
        proptest::prop_assert_eq!(i.metrics_reported() as usize, 1 + others);
    }

    /// R26 with `round_components = false` (k ≤ 4, the most a metric can have: SED, EL, SWD
    /// and one lowest_race): points = (share · L) / 10 never exceed max_points = share.
    #[test]
    fn r26_unrounded_points_never_exceed_max_points(
        levels in proptest::collection::vec(1u8..=10, 11),
        k in 0usize..=4,
        others in 0usize..=4,
        equal in proptest::bool::ANY,
    ) {
        let mode = if equal { "equal_share" } else { "half_half" };
        let overrides = [
            format!("points.subgroup_mode={mode}"),
            "points.round_components=false".to_string(),
        ];
        let overrides: Vec<&str> = overrides.iter().map(String::as_str).collect();
        let (rows, _) = score(property_rows(&levels, k, others), 1, &overrides);
        for r in rows.iter().filter(|r| r.points.is_some()) {
            let (p, m) = (r.points.unwrap(), r.max_points.unwrap());
            proptest::prop_assert!(p <= m, "{:?}: {} > {}", r.group, p, m);
        }
    }
}

/// R26 note (spec arithmetic, not an implementation error): without rounding, points are
/// (share · L) / 10 and max_points is share, so at L = 10 the points can exceed max_points by
/// one ulp when (share · 10) / 10 ≠ share in f64. That needs k ≥ 8, which no metric can
/// have (at most SED, EL, SWD and one lowest_race), e.g. w = 40 / 5 = 8, equal_share, k = 8:
/// share = 8/9 = 0.8888888888888888 and (share · 10) / 10 = 0.888888888888889.
#[test]
fn r26_unrounded_one_ulp_over_max_with_impossible_k() {
    let levels = [10u8; 11];
    let (rows, _) = score(
        property_rows(&levels, 8, 4),
        1,
        &[
            "points.subgroup_mode=equal_share",
            "points.round_components=false",
        ],
    );
    let all = row_of(&rows, 0, Sel, All);
    let share = 8.0 / 9.0;
    assert_eq!(all.max_points, Some(share));
    assert_eq!(all.points, Some((share * 10.0) / 10.0));
    assert!(all.points.unwrap() > all.max_points.unwrap());
}
