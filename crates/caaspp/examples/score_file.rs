//! Writes a large, realistic score file in the 2024-25 layout to standard output, for the
//! import benchmark (`bench/import.sh`):
//!
//! ```text
//! cargo run --release -p core-index-caaspp --example score_file -- [ROWS] [caret|comma] > FILE
//! ```
//!
//! ROWS defaults to 2,000,000: two Smarter Balanced rows (ELA, mathematics) per student,
//! every twentieth row a not-tested row (include indicator N, no score), every used row with
//! a prior-year block. Columns the import does not read are filled with short plausible
//! values (flags, dates, codes), so that a row is about as long as a real one (about 1.3 KB),
//! rather than mostly delimiters. The example prints the file and nothing else; the shell
//! writes it (the crate itself never writes a file).

use std::io::{BufWriter, Write};

use caaspp::{format_row, header_line, layout_by_label, Delimiter, Field, PriorFields, RowFields};
use csv as _; // the library's dependency, not used here

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .map(|a| a.parse().expect("ROWS is a number"))
        .unwrap_or(2_000_000);
    let delimiter = match args.next().as_deref() {
        None | Some("caret") => Delimiter::Caret,
        Some("comma") => Delimiter::Comma,
        Some(other) => panic!("unknown delimiter {other:?}: caret or comma"),
    };
    let layout = layout_by_label("2024-25").expect("layout");
    let separator = if delimiter == Delimiter::Comma {
        ","
    } else {
        "^"
    };

    // Filler for the columns the writer leaves empty, by column; the columns the import
    // reads stay as the writer made them. No value holds a comma, so a comma copy needs no
    // quoting.
    let filler = [
        "N",
        "2025-04-15",
        "No",
        "",
        "Y",
        "01",
        "",
        "Yes",
        "EO",
        "700",
    ];
    let read_columns: Vec<usize> = Field::ALL
        .iter()
        .filter_map(|f| layout.column(*f))
        .collect();
    let fill = |line: &str| -> String {
        line.split('^')
            .enumerate()
            .map(|(i, f)| {
                if f.is_empty() && !read_columns.contains(&i) {
                    filler[i % filler.len()]
                } else {
                    f
                }
            })
            .collect::<Vec<_>>()
            .join(separator)
    };

    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    out.write_all(header_line(layout, delimiter).as_bytes())?;
    out.write_all(b"\r\n")?;
    for i in 0..rows {
        let ssid = format!("{:010}", 1_000_000_000 + i / 2);
        let record_type = if i % 2 == 0 { 1 } else { 2 };
        let not_tested = i % 20 == 19;
        let score = format!("{}", 2300 + (i * 37) % 500);
        let grade = 3 + (i % 6) as u8;
        let row = RowFields {
            record_type,
            ssid: &ssid,
            calpads_school_code: "01612596000002",
            grade_assessed: grade,
            include_indicator: if not_tested { 'N' } else { 'Y' },
            attemptedness: "Y",
            score_status: "V",
            scale_score: if not_tested { "" } else { &score },
            sem: Some(20 + (i % 30) as u32),
            achievement_level: Some(1 + (i % 4) as u8),
            prior: Some(PriorFields {
                grade: grade - 1,
                scale_score: "2400",
                sem: Some(25),
                level: Some(2),
            }),
            ..Default::default()
        };
        out.write_all(fill(&format_row(layout, Delimiter::Caret, &row)).as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    out.flush()
}
