//! Reading hand-made score files: layouts, delimiters, rows used and left out, damage, and
//! the rule that no message ever shows an SSID (data-contract §6).
//!
//! Every file is built here from the layout's header names, setting columns by the name a
//! real file uses, so these tests do not rely on the crate's writer.

use super::{caret_text, layout, lines, record, scratch_dir, write_file};
use crate::{
    read_year_files, Delimiter, Error, HeaderProblem, LeftOut, Prior, PriorLeftOut, Row,
    RowOutcome, Score, ScoreFileReader, Subject,
};

/// Reads a whole file, splitting rows and errors.
fn read_all(path: &std::path::Path) -> (ScoreFileReader, Vec<Row>, Vec<Error>) {
    let mut reader = ScoreFileReader::open(path).expect("header recognised");
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(row) => rows.push(row),
            Err(e) => errors.push(e),
        }
    }
    (reader, rows, errors)
}

fn used(rows: &[Row]) -> Vec<(&Score, &Prior)> {
    rows.iter()
        .filter_map(|r| match &r.outcome {
            RowOutcome::Used { score, prior } => Some((score, prior)),
            RowOutcome::LeftOut(_) => None,
        })
        .collect()
}

fn left_out(rows: &[Row]) -> Vec<(u64, LeftOut)> {
    rows.iter()
        .filter_map(|r| match r.outcome {
            RowOutcome::LeftOut(reason) => Some((r.number, reason)),
            RowOutcome::Used { .. } => None,
        })
        .collect()
}

/// 2015-16 uses mixed names ("Statewide Student_Identifier(SSID)",
/// "SmarterStandardErrorMeasurement-SEM", "Scale ScoresCurrent Year minus 1") and has no
/// GradeAssessedMinus1 nor AchievementLevelMinus1: the prior grade is the grade assessed − 1
/// (grade 6 → 5) and the prior level is unknown. Its SEMs had two digits ("24").
#[test]
fn layout_2015_16_mixed_names_prior_grade_is_grade_minus_one() {
    let dir = scratch_dir("layout_2015_16");
    let header = layout("2015-16").headers().to_vec();
    let rows = [record(
        &header,
        &[
            ("RecordType", "02"),
            ("Statewide Student_Identifier(SSID)", "1000000001"),
            ("CALPADSSchoolCode", "01611196000001"),
            ("GradeAssessed", "06"),
            ("IncludeIndicator", "Y"),
            ("ScaleScore", "2533"),
            ("SmarterStandardErrorMeasurement-SEM", "24"),
            ("AchievementLevels", "3"),
            ("Scale ScoresCurrent Year minus 1", "2480"),
            (
                "Smarter Standard Error Measurement  - SEMCurrent Year minus 1",
                "27",
            ),
        ],
    )];
    let path = write_file(&dir, "2016.txt", caret_text(&header, &rows));
    let (reader, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reader.layout().label(), "2015-16");
    assert_eq!(reader.layout().spring_year(), 2016);
    let used = used(&rows);
    assert_eq!(used.len(), 1);
    let (score, prior) = used[0];
    assert_eq!(score.student_id.as_str(), "1000000001");
    assert_eq!(score.school_id.as_str(), "01611196000001");
    assert_eq!(score.subject, Subject::Math);
    assert_eq!(
        (score.grade, score.scale_score, score.sem, score.level),
        (6, 2533.0, 24.0, 3)
    );
    let prior = prior.score().expect("a prior score");
    assert_eq!(
        (prior.grade, prior.scale_score, prior.sem, prior.level),
        (5, 2480.0, 27.0, None)
    );
    assert_eq!(prior.subject, Subject::Math);
}

/// 2024-25 renamed fields (EthnicityforTesting, CALPADS… copies) and dropped GrowthScore;
/// the needed ones are found by name. FinalTestedSchoolCode wins over CALPADSSchoolCode when
/// not empty (row 1) and CALPADSSchoolCode is used when it is empty (row 2). The prior grade
/// is read from GradeAssessedMinus1 (8: a retained student, so not grade − 1) and the prior
/// level from AchievementLevelMinus1. A scale score with decimals keeps them. A `"` in a
/// caret file's name field is an ordinary character (caret files carry no quoting).
#[test]
fn layout_2024_25_renamed_fields_and_final_tested_school() {
    let dir = scratch_dir("layout_2024_25");
    let header = layout("2024-25").headers().to_vec();
    let base = [
        ("CALPADSSchoolCode", "19647330000001"),
        ("GradeAssessed", "08"),
        ("IncludeIndicator", "Y"),
        ("StandardErrorMeasurement", "0031"),
        ("AchievementLevels", "2"),
    ];
    let mut first = base.to_vec();
    first.extend([
        ("RecordType", "01"),
        ("SSID", "1000000002"),
        ("StudentLastName", "O\"Brien"), // a caret file has no quoting: a lone quote is text
        ("FinalTestedSchoolCode", "19647330000099"),
        ("ScaleScore", "2511.5"),
        ("GradeAssessedMinus1", "08"),
        ("ScaleScoreMinus1", "2490"),
        ("SEMMinus1", "0029"),
        ("AchievementLevelMinus1", "2"),
    ]);
    let mut second = base.to_vec();
    second.extend([
        ("RecordType", "02"),
        ("SSID", "1000000002"),
        ("ScaleScore", "2470"),
    ]);
    let text = caret_text(
        &header,
        &[record(&header, &first), record(&header, &second)],
    );
    let path = write_file(&dir, "2025.txt", text);
    let (reader, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reader.layout().label(), "2024-25");
    let used = used(&rows);
    assert_eq!(
        used[0].0.school_id.as_str(),
        "19647330000099",
        "final tested school"
    );
    assert_eq!(used[0].0.scale_score, 2511.5, "decimals kept");
    assert_eq!(
        (used[0].0.sem, used[0].0.level, used[0].0.grade),
        (31.0, 2, 8)
    );
    let prior = used[0].1.score().expect("prior");
    assert_eq!((prior.grade, prior.sem, prior.level), (8, 29.0, Some(2)));
    assert_eq!(
        used[1].0.school_id.as_str(),
        "19647330000001",
        "CALPADS school"
    );
    assert_eq!(used[1].1, &Prior::Absent, "no prior scale score, no prior");
}

/// A comma-delimited RFC 4180 copy with quoted names and fields, a doubled quote and a comma
/// inside an unused field (the last name), CRLF line ends and a byte-order mark: the comma
/// inside quotes does not split, so the field count is right and the row is used.
#[test]
fn comma_copy_with_quoted_fields() {
    let dir = scratch_dir("comma_copy");
    let header = layout("2021-22").headers().to_vec();
    let fields = record(
        &header,
        &[
            ("RecordType", "01"),
            ("SSID", "1000000003"),
            ("StudentLastName", "O\"Brien, Jr."),
            ("CALPADSSchoolCode", "01612596000002"),
            ("GradeAssessed", "5"),
            ("IncludeIndicator", "Y"),
            ("ScaleScore", "2502"),
            ("StandardErrorMeasurement", "0025"),
            ("AchievementLevels", "3"),
        ],
    );
    let quote = |s: &String| format!("\"{}\"", s.replace('"', "\"\""));
    let mut text = String::from("\u{feff}");
    text += &header.iter().map(quote).collect::<Vec<_>>().join(",");
    text += "\r\n";
    text += &fields.iter().map(quote).collect::<Vec<_>>().join(",");
    text += "\r\n";
    let path = write_file(&dir, "copy.csv", text);
    let (reader, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reader.delimiter(), Delimiter::Comma);
    assert_eq!(reader.layout().label(), "2021-22");
    let used = used(&rows);
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].0.grade, 5, "grade \"5\" reads like \"05\"");
    assert_eq!(used[0].0.scale_score, 2502.0);
}

/// Some LEA exports prepend a `RecordIdentifier` column (2022-23 with 364 columns): it is
/// left aside for recognition, and every field moves one column to the right.
#[test]
fn leading_record_identifier_column() {
    let dir = scratch_dir("record_identifier");
    let mut header = vec!["RecordIdentifier".to_string()];
    header.extend(layout("2022-23").headers().iter().cloned());
    assert_eq!(header.len(), 364);
    let row = record(
        &header,
        &[
            ("RecordIdentifier", "000017"),
            ("RecordType", "02"),
            ("SSID", "1000000004"),
            ("CALPADSSchoolCode", "01612596000002"),
            ("GradeAssessed", "11"),
            ("IncludeIndicator", "Y"),
            ("ScaleScore", "2601"),
            ("StandardErrorMeasurement", "0040"),
            ("AchievementLevels", "3"),
        ],
    );
    let path = write_file(&dir, "lea.txt", caret_text(&header, &[row]));
    let (reader, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reader.layout().label(), "2022-23");
    assert!(reader.has_record_identifier());
    let used = used(&rows);
    assert_eq!(used[0].0.student_id.as_str(), "1000000004");
    assert_eq!((used[0].0.grade, used[0].0.scale_score), (11, 2601.0));
}

/// `Blank…` names are renumbered between copies of the same year (seen in 2018-19), and
/// their case varies; one more Blank column is inserted too. Blank columns are left aside,
/// so the header is still 2018-19, and fields after the extra column are found by name.
#[test]
fn blank_columns_renumbered() {
    let dir = scratch_dir("blank_renumbered");
    let mut header: Vec<String> = layout("2018-19")
        .headers()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.starts_with("Blank") {
                format!("BLANK{}", 100 + i)
            } else {
                h.clone()
            }
        })
        .collect();
    header.insert(5, "Blank_extra".to_string());
    let row = record(
        &header,
        &[
            ("Record Type", "01"),
            ("Statewide Student Identifier (SSID)", "1000000005"),
            ("CALPADS School Code", "01612596000002"),
            ("Grade Assessed", "04"),
            ("Include Indicator", "Y"),
            ("Scale Score", "2450"),
            ("Smarter Standard Error Measurement  –  SEM", "0030"),
            ("Achievement Levels", "2"),
            ("Grade Assessed Current Year minus 1", "03"),
            ("Scale Scores Current Year minus 1", "2400"),
            (
                "Smarter Standard Error Measurement  - SEM Current Year minus 1",
                "0028",
            ),
        ],
    );
    let path = write_file(&dir, "2019.txt", caret_text(&header, &[row]));
    let (reader, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reader.layout().label(), "2018-19");
    let used = used(&rows);
    assert_eq!((used[0].0.scale_score, used[0].0.sem), (2450.0, 30.0));
    let prior = used[0].1.score().unwrap();
    assert_eq!(
        (prior.grade, prior.scale_score, prior.sem, prior.level),
        (3, 2400.0, 28.0, None)
    );
}

/// Builds a 2020-21 row with the usual fields; `extra` overrides or adds columns.
fn row_2020_21(header: &[String], extra: &[(&str, &str)]) -> Vec<String> {
    let mut values = vec![
        ("RecordType", "01"),
        ("SSID", "1000000010"),
        ("CALPADSSchoolCode", "01612596000002"),
        ("GradeAssessed", "07"),
        ("IncludeIndicator", "Y"),
        ("ScaleScore", "2550"),
        ("StandardErrorMeasurement", "0048"),
        ("AchievementLevels", "3"),
    ];
    for (name, value) in extra {
        match values.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => values.push((name, value)),
        }
    }
    record(header, &values)
}

/// CAA ELA/math (03/04), CAA science (05), CAST (06) and CSA (09) rows are left out by
/// record type, each counted under its own code, even with include indicator Y and a scale
/// score. A CAA row's achievement level "X" is not damage: the field is not used on a row
/// that is left out (DECISIONS.md).
#[test]
fn caa_and_cast_rows_left_out() {
    let dir = scratch_dir("caa_cast");
    let header = layout("2020-21").headers().to_vec();
    let rows: Vec<Vec<String>> = ["03", "04", "05", "06", "09"]
        .iter()
        .map(|code| {
            row_2020_21(
                &header,
                &[
                    ("RecordType", code),
                    ("ScaleScore", "610"),
                    ("AchievementLevels", "X"),
                ],
            )
        })
        .chain([row_2020_21(&header, &[])])
        .collect();
    let path = write_file(&dir, "caa.txt", caret_text(&header, &rows));
    let (_, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        left_out(&rows),
        [
            (1, LeftOut::RecordType(3)),
            (2, LeftOut::RecordType(4)),
            (3, LeftOut::RecordType(5)),
            (4, LeftOut::RecordType(6)),
            (5, LeftOut::RecordType(9)),
        ]
    );
    assert_eq!(used(&rows).len(), 1, "the SB ELA row");
}

/// Include indicators N, E, T and R leave a row out, counted per letter; the not-tested row
/// (N) has no score at all. A lower-case "y" counts as Y (DECISIONS.md).
#[test]
fn include_indicators_n_e_t_r_left_out() {
    let dir = scratch_dir("include_indicators");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![
        row_2020_21(
            &header,
            &[
                ("IncludeIndicator", "N"),
                ("ConditionCode", "NT"),
                ("ScaleScore", ""),
                ("StandardErrorMeasurement", ""),
                ("AchievementLevels", ""),
            ],
        ),
        row_2020_21(
            &header,
            &[("IncludeIndicator", "E"), ("ConditionCode", "NEL")],
        ),
        row_2020_21(
            &header,
            &[("IncludeIndicator", "T"), ("ConditionCode", "LOSS")],
        ),
        row_2020_21(&header, &[("IncludeIndicator", "R")]),
        row_2020_21(
            &header,
            &[("IncludeIndicator", "y"), ("SSID", "1000000011")],
        ),
    ];
    let path = write_file(&dir, "include.txt", caret_text(&header, &rows));
    let (_, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        left_out(&rows),
        [
            (1, LeftOut::IncludeIndicator('N')),
            (2, LeftOut::IncludeIndicator('E')),
            (3, LeftOut::IncludeIndicator('T')),
            (4, LeftOut::IncludeIndicator('R')),
        ]
    );
    assert_eq!(used(&rows).len(), 1);
}

/// A re-saved identifier damages the file even on a row that is left out (DECISIONS.md): a
/// CAST row with a 13-digit CDS code is refused, while its unused fields are not checked.
#[test]
fn resaved_identifier_on_left_out_row_is_damage() {
    let dir = scratch_dir("left_out_resaved");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![row_2020_21(
        &header,
        &[
            ("RecordType", "06"),
            ("CALPADSSchoolCode", "1612596000002"),
            ("AchievementLevels", "X"),
        ],
    )];
    let path = write_file(&dir, "cast.txt", caret_text(&header, &rows));
    let (_, rows, errors) = read_all(&path);
    assert!(rows.is_empty());
    let messages: Vec<String> = errors.iter().flat_map(lines).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("row 1: column \"CALPADSSchoolCode\""),
        "{}",
        messages[0]
    );
}

/// An SB row with include indicator Y but an empty scale score is left out as "no scale
/// score", and its empty SEM and level are then not damage.
#[test]
fn missing_scale_score_left_out() {
    let dir = scratch_dir("missing_score");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![row_2020_21(
        &header,
        &[
            ("ScaleScore", ""),
            ("StandardErrorMeasurement", ""),
            ("AchievementLevels", ""),
        ],
    )];
    let path = write_file(&dir, "missing.txt", caret_text(&header, &rows));
    let (_, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(left_out(&rows), [(1, LeftOut::NoScaleScore)]);
}

/// SEMs are zero-padded integers in the delimited files: "0048" is 48, for the current score
/// and for the prior one ("0029" is 29).
#[test]
fn zero_padded_sem_reads_as_integer() {
    let dir = scratch_dir("sem_0048");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![row_2020_21(
        &header,
        &[
            ("StandardErrorMeasurement", "0048"),
            ("GradeAssessedMinus1", "06"),
            ("ScaleScoreMinus1", "2500"),
            ("SEMMinus1", "0029"),
        ],
    )];
    let path = write_file(&dir, "sem.txt", caret_text(&header, &rows));
    let (_, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    let used = used(&rows);
    assert_eq!(used[0].0.sem, 48.0);
    assert_eq!(used[0].1.score().unwrap().sem, 29.0);
}

/// A prior block with a scale score but an empty or zero SEM cannot go into the extract
/// (sem > 0): it is returned as `Prior::LeftOut(NoSem)` and counted, and the current score is
/// still used. An empty prior grade gives `NoGrade`.
#[test]
fn prior_without_sem_or_grade_is_counted() {
    let dir = scratch_dir("prior_no_sem");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![
        row_2020_21(
            &header,
            &[("GradeAssessedMinus1", "06"), ("ScaleScoreMinus1", "2500")],
        ),
        row_2020_21(
            &header,
            &[
                ("RecordType", "02"),
                ("GradeAssessedMinus1", "06"),
                ("ScaleScoreMinus1", "2500"),
                ("SEMMinus1", "0000"),
            ],
        ),
        row_2020_21(
            &header,
            &[
                ("SSID", "1000000012"),
                ("ScaleScoreMinus1", "2500"),
                ("SEMMinus1", "0030"),
            ],
        ),
    ];
    let path = write_file(&dir, "prior.txt", caret_text(&header, &rows));
    let year = read_year_files(&[&path]).expect("no damage");
    assert_eq!(year.scores.len(), 3);
    assert!(year.priors.is_empty());
    assert_eq!(year.prior_left_out[&PriorLeftOut::NoSem], 2);
    assert_eq!(year.prior_left_out[&PriorLeftOut::NoGrade], 1);
    assert_eq!(year.files[0].prior_left_out[&PriorLeftOut::NoSem], 2);
}

/// A CDS code of 13 digits (a leading zero lost in a spreadsheet) is damage: the message
/// names the file, the data row (2: the header is not counted) and the column as spelled in
/// the file, and quotes the code (not an SSID, so it may be shown).
#[test]
fn cds_code_of_13_digits_refused() {
    let dir = scratch_dir("cds_13");
    let header = layout("2020-21").headers().to_vec();
    let rows = vec![
        row_2020_21(&header, &[]),
        row_2020_21(
            &header,
            &[
                ("SSID", "1000000013"),
                ("CALPADSSchoolCode", "1612596000002"),
            ],
        ),
    ];
    let path = write_file(&dir, "cds.txt", caret_text(&header, &rows));
    let (_, _, errors) = read_all(&path);
    assert_eq!(errors.len(), 1);
    let message = lines(&errors[0]).join("\n");
    assert!(
        message.contains("cds.txt: row 2: column \"CALPADSSchoolCode\""),
        "{message}"
    );
    assert!(
        message.contains("\"1612596000002\"") && message.contains("13 digits"),
        "{message}"
    );
    assert!(!message.contains("1000000013"));
}

/// An SSID in scientific notation (`7.95E+12`, a spreadsheet re-save) is damage, named by the
/// file's column name ("Statewide Student_Identifier(SSID)" in 2016-17), and the message
/// shows neither the damaged value nor anything like it. A school code in scientific
/// notation (`1.23457E+13`) on the same row gives a second line, not a cascade.
#[test]
fn ssid_in_scientific_notation_refused() {
    let dir = scratch_dir("ssid_scientific");
    let header = layout("2016-17").headers().to_vec();
    let row = record(
        &header,
        &[
            ("RecordType", "01"),
            ("Statewide_Student_Identifier(SSID)", "7.95E+12"),
            ("CALPADSSchoolCode", "1.23457E+13"),
            ("GradeAssessed", "05"),
            ("IncludeIndicator", "Y"),
            ("ScaleScore", "2502"),
            ("SmarterStandardErrorMeasurement-SEM", "0025"),
            ("AchievementLevels", "3"),
        ],
    );
    let path = write_file(&dir, "excel.txt", caret_text(&header, &[row]));
    let (_, _, errors) = read_all(&path);
    assert_eq!(errors.len(), 1, "one damaged row");
    let lines = lines(&errors[0]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("row 1: column \"Statewide_Student_Identifier(SSID)\""));
    assert!(lines[0].contains("scientific notation"));
    assert!(!lines[0].contains("7.95"), "{}", lines[0]);
    assert!(lines[1].contains("column \"CALPADSSchoolCode\": \"1.23457E+13\""));
}

/// A record with more or fewer fields than the header is damage, reported once for the row
/// (no follow-on messages about misaligned columns), and reading goes on with the next row.
#[test]
fn wrong_field_count_refused() {
    let dir = scratch_dir("field_count");
    let header = layout("2020-21").headers().to_vec();
    let mut short = row_2020_21(&header, &[]);
    short.pop();
    let mut long = row_2020_21(&header, &[("SSID", "1000000014")]);
    long.push("extra".to_string());
    let good = row_2020_21(&header, &[("SSID", "1000000015")]);
    let path = write_file(&dir, "count.txt", caret_text(&header, &[short, long, good]));
    let (_, rows, errors) = read_all(&path);
    let messages: Vec<String> = errors.iter().flat_map(lines).collect();
    assert_eq!(
        messages,
        [
            format!(
                "{}: row 1: the record has 350 fields, the header has 351",
                path.display()
            ),
            format!(
                "{}: row 2: the record has 352 fields, the header has 351",
                path.display()
            ),
        ]
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number, 3);
}

/// An unknown code in a field that is used is damage: record type 10, include indicator
/// "X", achievement level 9 ("no score") beside a scale score, a scale score or SEM that is
/// not a number, a non-UTF-8 value (described, not echoed) and a value over 64 characters
/// (cut with "…"). Several bad values on one row give one line each.
#[test]
fn unknown_codes_and_bad_numbers_refused() {
    let dir = scratch_dir("unknown_codes");
    let header = layout("2020-21").headers().to_vec();
    let long = "x".repeat(70);
    let rows = vec![
        row_2020_21(&header, &[("RecordType", "10")]),
        row_2020_21(&header, &[("IncludeIndicator", "X")]),
        row_2020_21(
            &header,
            &[
                ("AchievementLevels", "9"),
                ("StandardErrorMeasurement", "n/a"),
            ],
        ),
        row_2020_21(&header, &[("ScaleScore", "2,502")]),
        row_2020_21(&header, &[("ScaleScore", &long)]),
    ];
    let mut text = caret_text(&header, &rows).into_bytes();
    // Row 6: a Latin-1 byte in the scale score.
    let mut bad = row_2020_21(&header, &[("ScaleScore", "25#02")])
        .join("^")
        .into_bytes();
    let at = bad.windows(5).position(|w| w == b"25#02").unwrap() + 2;
    bad[at] = 0xE9;
    text.extend(bad);
    text.push(b'\n');
    let path = write_file(&dir, "codes.txt", text);
    let (_, rows, errors) = read_all(&path);
    assert!(rows.is_empty());
    let messages: Vec<String> = errors.iter().flat_map(lines).collect();
    let name = path.display().to_string();
    assert_eq!(
        messages,
        [
            format!("{name}: row 1: column \"RecordType\": unknown code \"10\" (expected 01–09)"),
            format!(
                "{name}: row 2: column \"IncludeIndicator\": unknown code \"X\" (expected Y, N, E, T or R)"
            ),
            format!("{name}: row 3: column \"StandardErrorMeasurement\": \"n/a\" is not a number"),
            format!(
                "{name}: row 3: column \"AchievementLevels\": unknown code \"9\" (expected 1–4 on a row with a scale score)"
            ),
            format!("{name}: row 4: column \"ScaleScore\": \"2,502\" is not a number"),
            format!("{name}: row 5: column \"ScaleScore\": \"{}…\" is not a number", "x".repeat(64)),
            format!(
                "{name}: row 6: column \"ScaleScore\": a value that is not valid UTF-8 (5 bytes) is not a number"
            ),
        ]
    );
}

/// A header that is no layout is refused with the closest layout named and the differing
/// columns listed and counted: here a 2023-24 header with `SSID` renamed `StudentSSID` and
/// `LocalStudentID` dropped is closest to 2023-24 (two names off), not to 2024-25.
#[test]
fn unknown_header_names_nearest_layout() {
    let dir = scratch_dir("unknown_header");
    let mut header = layout("2023-24").headers().to_vec();
    header[1] = "StudentSSID".to_string();
    header.retain(|h| h != "LocalStudentID");
    let path = write_file(&dir, "odd.txt", header.join("^") + "\n");
    let Err(Error::Header(error)) = ScoreFileReader::open(&path) else {
        panic!("unknown header expected");
    };
    let HeaderProblem::Unknown(unknown) = &error.problem else {
        panic!("unknown header expected");
    };
    assert_eq!(unknown.closest.label(), "2023-24");
    assert_eq!(unknown.missing, ["\"SSID\"", "\"LocalStudentID\""]);
    assert_eq!(unknown.unexpected, ["\"StudentSSID\""]);
    let message = error.to_string();
    assert!(message.contains("closest is 2023-24"), "{message}");
    assert!(
        message.contains("2 missing (\"SSID\", \"LocalStudentID\")"),
        "{message}"
    );
    assert!(
        message.contains("1 unexpected (\"StudentSSID\")"),
        "{message}"
    );
}

/// The same (SSID, subject) usable in two files is refused, naming both files and rows and
/// not the SSID; so is a duplicate within one file. The same SSID in another subject, or in
/// a row that is left out, is no duplicate.
#[test]
fn duplicate_usable_score_across_files_refused() {
    let dir = scratch_dir("duplicates");
    let header = layout("2021-22").headers().to_vec();
    let row = |ssid: &str, record_type: &str, include: &str| {
        record(
            &header,
            &[
                ("RecordType", record_type),
                ("SSID", ssid),
                ("CALPADSSchoolCode", "01612596000002"),
                ("GradeAssessed", "05"),
                ("IncludeIndicator", include),
                ("ScaleScore", "2502"),
                ("StandardErrorMeasurement", "0025"),
                ("AchievementLevels", "3"),
            ],
        )
    };
    let a = write_file(
        &dir,
        "district_a.txt",
        caret_text(
            &header,
            &[row("1000000020", "01", "Y"), row("1000000020", "02", "Y")],
        ),
    );
    let b = write_file(
        &dir,
        "district_b.txt",
        caret_text(
            &header,
            &[
                row("1000000021", "01", "Y"),
                row("1000000020", "01", "N"), // left out: not a second usable row
                row("1000000020", "02", "Y"), // usable twice: a.txt row 2
                row("1000000021", "01", "Y"), // usable twice in this file: row 1
            ],
        ),
    );
    let error = read_year_files(&[&a, &b]).unwrap_err();
    let messages = error.lines();
    assert_eq!(
        messages,
        [
            format!(
                "two usable MATH rows for the same student: {}: row 2 and {}: row 3 \
                 (one usable score per SSID and subject)",
                a.display(),
                b.display()
            ),
            format!(
                "two usable ELA rows for the same student: {}: row 1 and {}: row 4 \
                 (one usable score per SSID and subject)",
                b.display(),
                b.display()
            ),
        ]
    );
    assert!(!messages.join("\n").contains("100000002"));
}

/// Merging files: scores in file order, counts per file and in total, layout and delimiter
/// per file, and whether a RecordIdentifier column or a comma copy was seen.
#[test]
fn merging_reports_layouts_and_counts() {
    let dir = scratch_dir("merge");
    let header = layout("2020-21").headers().to_vec();
    let a = write_file(
        &dir,
        "a.txt",
        caret_text(
            &header,
            &[
                row_2020_21(&header, &[]),
                row_2020_21(&header, &[("RecordType", "06")]),
            ],
        ),
    );
    let mut header_b = vec!["RecordIdentifier".to_string()];
    header_b.extend(layout("2024-25").headers().iter().cloned());
    let b_row = record(
        &header_b,
        &[
            ("RecordType", "02"),
            ("SSID", "1000000030"),
            ("CALPADSSchoolCode", "01612596000002"),
            ("GradeAssessed", "03"),
            ("IncludeIndicator", "T"),
        ],
    );
    let b = write_file(
        &dir,
        "b.csv",
        header_b.join(",") + "\n" + &b_row.join(",") + "\n",
    );
    let year = read_year_files(&[&a, &b]).unwrap();
    assert_eq!(year.files.len(), 2);
    assert_eq!(year.files[0].layout.label(), "2020-21");
    assert_eq!(year.files[1].layout.spring_year(), 2025);
    assert_eq!((year.files[0].rows, year.files[0].used), (2, 1));
    assert_eq!(year.files[1].left_out[&LeftOut::IncludeIndicator('T')], 1);
    assert_eq!(year.left_out.values().sum::<u64>(), 2);
    assert!(year.comma_delimited_seen());
    assert!(year.record_identifier_seen());
    assert!(!year.files[0].record_identifier);
}

/// Empty lines are not rows (the csv reader skips them in a comma copy too), and CRLF line
/// ends are accepted: the row after an empty line is row 2.
#[test]
fn empty_lines_and_crlf() {
    let dir = scratch_dir("empty_lines");
    let header = layout("2020-21").headers().to_vec();
    let text = format!(
        "{}\r\n{}\r\n\r\n{}\r\n\r\n",
        header.join("^"),
        row_2020_21(&header, &[]).join("^"),
        row_2020_21(&header, &[("RecordType", "04")]).join("^"),
    );
    let path = write_file(&dir, "crlf.txt", text);
    let (_, rows, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rows.len(), 2);
    assert_eq!(left_out(&rows), [(2, LeftOut::RecordType(4))]);
}

/// No message may contain an SSID, not even a damaged one (data-contract §6). A marker SSID
/// is put on rows with every kind of damage, in a scale score that contains it, in a
/// duplicate, and in a file whose header row is missing (its first data row read as a
/// header); then every message of every error is searched for the marker's digits.
#[test]
fn no_ssid_in_any_message() {
    const MARKER: &str = "9876501234";
    let dir = scratch_dir("no_ssid");
    let header = layout("2020-21").headers().to_vec();
    let with = |extra: &[(&str, &str)]| {
        let mut values = vec![("SSID", MARKER)];
        values.extend_from_slice(extra);
        row_2020_21(&header, &values)
    };
    let contains_marker = format!("x{MARKER}x");
    let rows = vec![
        with(&[]),
        with(&[]), // a duplicate of row 1
        with(&[("CALPADSSchoolCode", "123")]),
        with(&[("FinalTestedSchoolCode", "1.23457E+13")]),
        with(&[("ScaleScore", &contains_marker)]),
        with(&[("AchievementLevels", MARKER)]),
        with(&[("GradeAssessed", MARKER)]),
        with(&[("RecordType", MARKER)]),
        with(&[("IncludeIndicator", MARKER)]),
        with(&[
            ("SEMMinus1", "0030"),
            ("ScaleScoreMinus1", &contains_marker),
        ]),
        row_2020_21(&header, &[("SSID", "9876501234.0")]),
        row_2020_21(&header, &[("SSID", "98765012340")]),
        row_2020_21(&header, &[("SSID", "9.876501234E+09")]),
    ];
    let damaged = write_file(&dir, "damaged.txt", caret_text(&header, &rows));
    let mut no_header = caret_text(&header, &rows[..1]);
    no_header = no_header.split_once('\n').unwrap().1.to_string();
    let headless = write_file(&dir, "headless.txt", no_header);

    let error = read_year_files(&[&damaged, &headless]).unwrap_err();
    let messages = error.lines();
    assert!(
        messages.len() >= rows.len(),
        "every damaged row reported: {messages:#?}"
    );
    for message in &messages {
        assert!(!message.contains(MARKER), "SSID leaked: {message}");
        assert!(
            !message.contains("98765"),
            "part of the SSID leaked: {message}"
        );
    }
    assert!(messages.iter().any(|m| m.contains("headless.txt")
        && m.contains("may be a data row")
        && m.contains("its column count is that of the 2020-21 layout")));
    // The record's other damage is still reported, with the value withheld.
    assert!(messages
        .iter()
        .any(|m| m.contains("row 5: column \"ScaleScore\"")));
}
