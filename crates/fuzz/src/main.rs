//! `core-index-fuzz [CASES] [SEED]`: runs the fuzz harness (`core_index_fuzz::run`) and
//! prints what it found; exits 1 when it found anything. For long runs (`bench/fuzz.sh`).
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)] // a developer's tool

fn main() {
    let mut args = std::env::args().skip(1);
    let cases: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let started = std::time::Instant::now();
    let report = match core_index_fuzz::run(cases, seed, &|done| {
        if done % 500 == 0 {
            eprintln!("{done} cases, {:.0} s", started.elapsed().as_secs_f64());
        }
    }) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(2);
        }
    };
    println!(
        "{} cases from seed {seed} in {:.0} s: {} refused, {} accepted, {} findings",
        report.cases,
        started.elapsed().as_secs_f64(),
        report.refused,
        report.accepted,
        report.findings.len()
    );
    for f in &report.findings {
        println!("case {} ({}; {}): {}", f.case, f.input, f.how, f.outcome);
    }
    std::process::exit(i32::from(!report.findings.is_empty()));
}
