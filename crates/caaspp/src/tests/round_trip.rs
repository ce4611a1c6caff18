//! Round trips through the writer: for each of the ten layouts, with either delimiter, a
//! small file written with `header_line` / `format_row` reads back to exactly the used rows,
//! prior scores and reason counts it was written with. This is what the synthetic-data
//! generator relies on.

use std::collections::BTreeMap;

use super::{scratch_dir, write_file};
use crate::{
    format_row, header_line, layouts, read_year_files, Delimiter, Field, Layout, LeftOut,
    PriorFields, PriorLeftOut, RowFields, Subject,
};

const SCHOOL: &str = "01612596000002";
const TESTED_AT: &str = "01612590130617";

/// The rows written to every file, chosen to cover every outcome of data-contract §6:
/// - row 1: ELA, Y, with a prior block (grade 4 → prior grade 3) and a tested school → used;
/// - row 2: MATH, Y, no prior → used;
/// - rows 3–5: CAA ELA (03), CAA math (04), CAST (06) with scores → left out by record type;
/// - row 6: not tested: N, condition NT, no score → left out (N);
/// - rows 7–9: E, T, R → left out by include indicator;
/// - row 10: Y with an empty scale score → no scale score;
/// - row 11: MATH, Y, prior score without SEM → used, prior left out (no SEM).
fn rows() -> Vec<RowFields<'static>> {
    let sb = |record_type, ssid| RowFields {
        record_type,
        ssid,
        calpads_school_code: SCHOOL,
        grade_assessed: 4,
        include_indicator: 'Y',
        attemptedness: "Y",
        score_status: "V",
        scale_score: "2475",
        sem: Some(26),
        achievement_level: Some(3),
        ..Default::default()
    };
    vec![
        RowFields {
            final_tested_school_code: TESTED_AT,
            scale_score: "2490.5",
            prior: Some(PriorFields {
                grade: 3,
                scale_score: "2430",
                sem: Some(48),
                level: Some(2),
            }),
            ..sb(1, "1000000001")
        },
        RowFields {
            achievement_level: Some(2),
            ..sb(2, "1000000001")
        },
        RowFields {
            scale_score: "612",
            sem: None,
            ..sb(3, "1000000002")
        },
        RowFields {
            scale_score: "598",
            sem: None,
            ..sb(4, "1000000002")
        },
        RowFields {
            scale_score: "405",
            sem: None,
            ..sb(6, "1000000001")
        },
        RowFields {
            include_indicator: 'N',
            condition_code: "NT",
            attemptedness: "N",
            score_status: "",
            scale_score: "",
            sem: None,
            achievement_level: None,
            ..sb(1, "1000000003")
        },
        RowFields {
            include_indicator: 'E',
            condition_code: "NEL",
            scale_score: "",
            sem: None,
            achievement_level: None,
            ..sb(1, "1000000004")
        },
        RowFields {
            include_indicator: 'T',
            condition_code: "LOSS",
            ..sb(2, "1000000004")
        },
        RowFields {
            include_indicator: 'R',
            score_status: "I",
            ..sb(2, "1000000003")
        },
        RowFields {
            scale_score: "",
            sem: None,
            achievement_level: None,
            ..sb(2, "1000000005")
        },
        RowFields {
            prior: Some(PriorFields {
                grade: 3,
                scale_score: "2401",
                sem: None,
                level: None,
            }),
            ..sb(2, "1000000006")
        },
    ]
}

fn write_layout_file(
    layout: &Layout,
    delimiter: Delimiter,
    dir: &std::path::Path,
) -> std::path::PathBuf {
    let mut text = header_line(layout, delimiter);
    text.push_str("\r\n");
    for row in rows() {
        let line = format_row(layout, delimiter, &row);
        assert_eq!(
            line.matches(char::from(delimiter.byte())).count() + 1,
            layout.headers().len(),
            "every column is written"
        );
        text.push_str(&line);
        text.push_str("\r\n");
    }
    let extension = match delimiter {
        Delimiter::Caret => "txt",
        Delimiter::Comma => "csv",
    };
    write_file(dir, &format!("{}.{extension}", layout.label()), text)
}

/// Every layout, both delimiters: two used scores with the values written; the tested school
/// where the layout has FinalTestedSchoolCode (2020-21 on), the CALPADS school before; the
/// prior grade read from GradeAssessedMinus1, or grade − 1 = 3 in 2015-16 (the same value
/// here, by design of the row); the prior level only where AchievementLevelMinus1 exists;
/// one row left out per reason as listed in `rows()`, and one prior left out for its SEM.
#[test]
fn every_layout_reads_back_what_was_written() {
    let dir = scratch_dir("round_trip");
    for layout in layouts() {
        for delimiter in [Delimiter::Caret, Delimiter::Comma] {
            let path = write_layout_file(layout, delimiter, &dir);
            let context = format!("{} {delimiter:?}", layout.label());
            let year = read_year_files(&[&path]).unwrap_or_else(|e| panic!("{context}: {e}"));
            let file = &year.files[0];
            assert_eq!(file.layout.label(), layout.label(), "{context}");
            assert_eq!(file.delimiter, delimiter, "{context}");
            assert_eq!((file.rows, file.used), (11, 3), "{context}");

            let has_final_school = layout.column(Field::FinalTestedSchoolCode).is_some();
            let has_prior_level = layout.column(Field::AchievementLevelMinus1).is_some();
            let scores: Vec<_> = year
                .scores
                .iter()
                .map(|s| {
                    (
                        s.student_id.as_str().to_string(),
                        s.school_id.as_str().to_string(),
                        s.grade,
                        s.subject,
                        s.scale_score,
                        s.sem,
                        s.level,
                    )
                })
                .collect();
            let first_school = if has_final_school { TESTED_AT } else { SCHOOL };
            assert_eq!(
                scores,
                [
                    (
                        "1000000001".into(),
                        first_school.into(),
                        4,
                        Subject::Ela,
                        2490.5,
                        26.0,
                        3
                    ),
                    (
                        "1000000001".into(),
                        SCHOOL.into(),
                        4,
                        Subject::Math,
                        2475.0,
                        26.0,
                        2
                    ),
                    (
                        "1000000006".into(),
                        SCHOOL.into(),
                        4,
                        Subject::Math,
                        2475.0,
                        26.0,
                        3
                    ),
                ],
                "{context}"
            );

            assert_eq!(year.priors.len(), 1, "{context}");
            let prior = &year.priors[0];
            assert_eq!(prior.student_id.as_str(), "1000000001");
            assert_eq!(prior.subject, Subject::Ela);
            let expected_level = if has_prior_level { Some(2) } else { None };
            assert_eq!(
                (prior.grade, prior.scale_score, prior.sem, prior.level),
                (3, 2430.0, 48.0, expected_level),
                "{context}"
            );

            let expected: BTreeMap<LeftOut, u64> = [
                (LeftOut::RecordType(3), 1),
                (LeftOut::RecordType(4), 1),
                (LeftOut::RecordType(6), 1),
                (LeftOut::IncludeIndicator('N'), 1),
                (LeftOut::IncludeIndicator('E'), 1),
                (LeftOut::IncludeIndicator('T'), 1),
                (LeftOut::IncludeIndicator('R'), 1),
                (LeftOut::NoScaleScore, 1),
            ]
            .into();
            assert_eq!(year.left_out, expected, "{context}");
            assert_eq!(file.left_out, expected, "{context}");
            assert_eq!(
                year.prior_left_out,
                BTreeMap::from([(PriorLeftOut::NoSem, 1)]),
                "{context}"
            );
        }
    }
}

/// The writer pads as the state does: record type "01", grade "04", SEM "0026", and puts
/// `ZZ` in EndofRecord where the layout has it.
#[test]
fn writer_pads_like_the_state() {
    let layout = crate::layout_by_label("2021-22").unwrap();
    let line = format_row(layout, Delimiter::Caret, &rows()[1]);
    let fields: Vec<&str> = line.split('^').collect();
    let at = |field| fields[layout.column(field).unwrap()];
    assert_eq!(at(Field::RecordType), "02");
    assert_eq!(at(Field::GradeAssessed), "04");
    assert_eq!(at(Field::CalpadsGrade), "04");
    assert_eq!(at(Field::Sem), "0026");
    assert_eq!(at(Field::EndOfRecord), "ZZ");
    assert_eq!(at(Field::FinalTestedSchoolCode), "");
}

/// A comma file quotes a field that holds a comma or a quote (RFC 4180), so a value such as
/// a condition code with a comma survives and the field count stays right.
#[test]
fn comma_writer_quotes_when_needed() {
    let layout = crate::layout_by_label("2024-25").unwrap();
    let row = RowFields {
        condition_code: "A,\"B\"",
        ..rows()[0]
    };
    let line = format_row(layout, Delimiter::Comma, &row);
    assert!(line.contains(",\"A,\"\"B\"\"\","), "{line}");
}
