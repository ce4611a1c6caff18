//! A bounded run of the fuzz harness (`crates/fuzz`): damaged extracts (CSV and Parquet),
//! cut-point, configuration and history files never crash the pipeline, garbage is never
//! accepted, and refusals are data or usage errors. `bench/fuzz.sh` runs it for longer.

#[test]
fn damaged_inputs_never_crash_or_pass() {
    let report = core_index_fuzz::run(120, 2026, &|_| {}).unwrap();
    assert_eq!(report.cases, 120);
    assert!(report.refused > 0 && report.accepted > 0, "{report:?}");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}
