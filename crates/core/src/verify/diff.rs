//! Where two versions of one report differ (data-contract §4, `verify`): the published file
//! in OUT and the recomputed one. Pure: bytes in, one sentence out.
//!
//! Both files are read as rows of cells — CSV as text, Parquet decoded and each value
//! written as CSV writes it (`true`/`false`, plain-decimal floats, empty for null) — and
//! walked side by side. The first row that differs is named by its key (the report's
//! "order" columns of data-contract §5, e.g. `school_id`, or `school_id`/`metric`/`group`)
//! and by its row (`row N`, 1-based data row, for CSV; `row index N`, 0-based, for Parquet,
//! as §3 names rows); then the first column that differs there, with both values. A row in
//! one file only is named as such. When every value reads the same, the first differing byte
//! is named instead (CSV quoting or line endings; Parquet encoding or metadata).

use std::collections::HashSet;
use std::io::Cursor;

use polars::prelude::{DataFrame, DataType};

use crate::error::quote;
use crate::load::source::decode_parquet;

/// The key of each report: the columns its rows are ordered by (data-contract §5). A report
/// not listed here is keyed by its row number alone.
pub(crate) fn key_columns(report: &str) -> &'static [&'static str] {
    match report {
        "metric_results" => &["school_id", "metric", "group"],
        "index" | "designations" => &["school_id"],
        "growth" => &["school_id", "subject", "group"],
        "partners" => &["school_id", "rank"],
        "communities" => &["community", "school_id"],
        "history" => &["year", "school_id"],
        _ => &[],
    }
}

/// Describes where `published` (OUT's file `file`, e.g. `index.csv`) first differs from
/// `recomputed`. Called when the bytes differ; the answer never says "identical".
pub(crate) fn first_difference(file: &str, published: &[u8], recomputed: &[u8]) -> String {
    let (stem, parquet) = match file.rsplit_once('.') {
        Some((stem, ext)) => (stem, ext.eq_ignore_ascii_case("parquet")),
        None => (file, false),
    };
    let keys = key_columns(stem);
    let found = if parquet {
        match (ParquetRows::read(published), ParquetRows::read(recomputed)) {
            (Err(e), _) => Some(format!("OUT's file cannot be read as Parquet ({e})")),
            (_, Err(e)) => Some(format!(
                "the recomputed file cannot be read as Parquet ({e})"
            )),
            (Ok(mut a), Ok(mut b)) => compare_rows(&mut a, &mut b, keys),
        }
    } else {
        compare_rows(
            &mut CsvRows::new(published),
            &mut CsvRows::new(recomputed),
            keys,
        )
    };
    found.unwrap_or_else(|| {
        let at = published
            .iter()
            .zip(recomputed)
            .position(|(a, b)| a != b)
            .unwrap_or(published.len().min(recomputed.len()));
        let why = if parquet {
            "Parquet encoding or metadata"
        } else {
            "quoting or line endings"
        };
        format!(
            "every value reads the same, but the bytes differ from byte {at} on ({why}; OUT has {} bytes, the recomputation {})",
            published.len(),
            recomputed.len()
        )
    })
}

/// One report read row by row: its header (with each column's type for Parquet) and its
/// rows as text cells.
trait Rows {
    /// Column names, each with its type where the format has one.
    fn header(&self) -> Vec<String>;
    /// The next row's cells, `Err` when the file cannot be read further.
    fn next_row(&mut self) -> Option<Result<Vec<String>, String>>;
    /// How a row is named: `row N` (CSV) or `row index N` (Parquet); `index` is 0-based.
    fn row_label(&self, index: usize) -> String;
}

/// The first difference of two reports read as rows, or `None` when every cell is equal.
fn compare_rows(
    published: &mut dyn Rows,
    recomputed: &mut dyn Rows,
    keys: &[&str],
) -> Option<String> {
    let (header_a, header_b) = (published.header(), recomputed.header());
    if header_a != header_b {
        return Some(header_difference(&header_a, &header_b));
    }
    // The key's positions in the (equal) headers; type suffixes (`x: Int64`) are cut.
    let names: Vec<&str> = header_b
        .iter()
        .map(|h| h.split(": ").next().unwrap_or(h))
        .collect();
    let key_at: Vec<(usize, &str)> = keys
        .iter()
        .filter_map(|k| names.iter().position(|n| n == k).map(|p| (p, *k)))
        .collect();
    let key_at = if key_at.len() == keys.len() {
        key_at
    } else {
        Vec::new()
    };
    let key_of = |row: &[String]| -> String {
        key_at
            .iter()
            .map(|(p, name)| format!("{name}={}", row.get(*p).map_or("", String::as_str)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut index = 0;
    loop {
        let a = published.next_row();
        let b = recomputed.next_row();
        let (a, b) = match (a, b) {
            (None, None) => return None,
            (Some(Err(e)), _) => {
                return Some(format!(
                    "OUT's file cannot be read at {} ({e})",
                    published.row_label(index)
                ))
            }
            (_, Some(Err(e))) => {
                return Some(format!(
                    "the recomputed file cannot be read at {} ({e})",
                    recomputed.row_label(index)
                ))
            }
            (Some(Ok(a)), None) => {
                return Some(format!(
                    "at {}{}: a row OUT has and the recomputation does not (OUT has more rows)",
                    published.row_label(index),
                    shown_key(&key_of(&a))
                ))
            }
            (None, Some(Ok(b))) => {
                return Some(format!(
                    "at {}{}: a row of the recomputation missing from OUT (OUT has fewer rows)",
                    recomputed.row_label(index),
                    shown_key(&key_of(&b))
                ))
            }
            (Some(Ok(a)), Some(Ok(b))) => (a, b),
        };
        if a != b {
            let (key_a, key_b) = (key_of(&a), key_of(&b));
            let at = published.row_label(index);
            if key_a == key_b {
                let column = first_differing_column(&a, &b);
                return Some(format!(
                    "at {at}{}, column {}: OUT has {}, recomputed {}",
                    shown_key(&key_a),
                    names.get(column).copied().unwrap_or("(beyond the header)"),
                    shown(a.get(column)),
                    shown(b.get(column))
                ));
            }
            return Some(rows_differ_in_key(
                published, recomputed, &key_of, &key_a, &key_b, &at,
            ));
        }
        index += 1;
    }
}

/// Two rows at the same place with different keys: which row is in one file only, read on
/// from there (only the keys of the remaining rows are kept).
fn rows_differ_in_key(
    published: &mut dyn Rows,
    recomputed: &mut dyn Rows,
    key_of: &dyn Fn(&[String]) -> String,
    key_a: &str,
    key_b: &str,
    at: &str,
) -> String {
    let rest = |rows: &mut dyn Rows| -> HashSet<String> {
        std::iter::from_fn(|| rows.next_row())
            .filter_map(Result::ok)
            .map(|row| key_of(&row))
            .collect()
    };
    let keys_a = rest(published);
    let keys_b = rest(recomputed);
    if key_b.is_empty() || key_a.is_empty() {
        return format!("at {at}: the rows differ");
    }
    if !keys_a.contains(key_b) {
        format!("at {at}: row {key_b} of the recomputation is missing from OUT")
    } else if !keys_b.contains(key_a) {
        format!("at {at}: row {key_a} is in OUT but not in the recomputation")
    } else {
        format!("at {at}: rows in another order (OUT has {key_a}, the recomputation {key_b})")
    }
}

/// The first column where two headers differ.
fn header_difference(a: &[String], b: &[String]) -> String {
    let column = first_differing_column(a, b);
    format!(
        "in the header, column {}: OUT has {}, recomputed {}",
        column + 1,
        shown(a.get(column)),
        shown(b.get(column))
    )
}

/// The first column (0-based) where two rows or headers differ; a missing cell differs
/// from any present one.
fn first_differing_column(a: &[String], b: &[String]) -> usize {
    (0..a.len().max(b.len()))
        .find(|&c| a.get(c) != b.get(c))
        .unwrap_or(0)
}

fn shown_key(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!(" ({key})")
    }
}

/// A cell as a message shows it: quoted (at most 64 characters), or `(empty)`, or
/// `(no such column)`.
fn shown(cell: Option<&String>) -> String {
    match cell {
        None => "(no such column)".into(),
        Some(text) if text.is_empty() => "(empty)".into(),
        Some(text) => format!("\"{}\"", quote(text)),
    }
}

/// A CSV report read record by record (ragged rows are read as they are).
struct CsvRows<'a> {
    header: Vec<String>,
    records: csv::ByteRecordsIntoIter<&'a [u8]>,
}

impl<'a> CsvRows<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let header = reader.byte_headers().map(cells).unwrap_or_default();
        CsvRows {
            header,
            records: reader.into_byte_records(),
        }
    }
}

fn cells(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect()
}

impl Rows for CsvRows<'_> {
    fn header(&self) -> Vec<String> {
        self.header.clone()
    }

    fn next_row(&mut self) -> Option<Result<Vec<String>, String>> {
        self.records
            .next()
            .map(|r| r.map(|r| cells(&r)).map_err(|e| e.to_string()))
    }

    fn row_label(&self, index: usize) -> String {
        format!("row {}", index + 1)
    }
}

/// A Parquet report decoded whole (it is columnar and compact), its cells written as the
/// CSV report writes them.
struct ParquetRows {
    frame: DataFrame,
    next: usize,
}

impl ParquetRows {
    /// Decodes a Parquet file (a damaged one is an error, never a panic).
    fn read(bytes: &[u8]) -> Result<ParquetRows, String> {
        let frame = decode_parquet(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(ParquetRows { frame, next: 0 })
    }

    fn cell(&self, column: usize, row: usize) -> Result<String, String> {
        let column = &self.frame.columns()[column];
        let text = match column.dtype() {
            DataType::Int64 => column
                .i64()
                .map_err(|e| e.to_string())?
                .get(row)
                .map(|v| v.to_string()),
            DataType::Float64 => column
                .f64()
                .map_err(|e| e.to_string())?
                .get(row)
                .map(float_text),
            DataType::Boolean => column
                .bool()
                .map_err(|e| e.to_string())?
                .get(row)
                .map(|b| b.to_string()),
            DataType::String => column
                .str()
                .map_err(|e| e.to_string())?
                .get(row)
                .map(str::to_string),
            // Another type (not one a report has): its text as polars writes it.
            _ => {
                let value = column.get(row).map_err(|e| e.to_string())?;
                (!value.is_null()).then(|| value.to_string())
            }
        };
        Ok(text.unwrap_or_default())
    }
}

/// A float as the CSV report writes it: plain decimal, shortest round trip; but `-0` stays
/// visible, since a Parquet file keeps the sign.
fn float_text(x: f64) -> String {
    format!("{x}")
}

impl Rows for ParquetRows {
    fn header(&self) -> Vec<String> {
        self.frame
            .columns()
            .iter()
            .map(|c| format!("{}: {}", c.name(), c.dtype()))
            .collect()
    }

    fn next_row(&mut self) -> Option<Result<Vec<String>, String>> {
        if self.next >= self.frame.height() {
            return None;
        }
        let row = self.next;
        self.next += 1;
        Some((0..self.frame.width()).map(|c| self.cell(c, row)).collect())
    }

    fn row_label(&self, index: usize) -> String {
        format!("row index {index}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::Table;

    fn index_table(scores: &[(&str, Option<f64>)]) -> Table {
        Table::new("index")
            .int("year", scores.iter().map(|_| Some(2016)).collect())
            .str(
                "school_id",
                scores.iter().map(|(s, _)| Some(s.to_string())).collect(),
            )
            .float("index_score", scores.iter().map(|(_, v)| *v).collect())
    }

    fn csv_of(table: &Table) -> Vec<u8> {
        let mut out = Vec::new();
        crate::report::csv_format::write_csv(table, &mut out).unwrap();
        out
    }

    fn parquet_of(table: &Table) -> Vec<u8> {
        let mut out = Vec::new();
        crate::report::parquet_format::write_parquet(table, &mut out).unwrap();
        out
    }

    #[test]
    fn an_edited_cell_is_named_by_key_row_column_and_both_values() {
        let published = index_table(&[("A", Some(50.0)), ("B", Some(99.0)), ("C", None)]);
        let recomputed = index_table(&[("A", Some(50.0)), ("B", Some(71.25)), ("C", None)]);
        assert_eq!(
            first_difference("index.csv", &csv_of(&published), &csv_of(&recomputed)),
            "at row 2 (school_id=B), column index_score: OUT has \"99\", recomputed \"71.25\""
        );
        assert_eq!(
            first_difference(
                "index.parquet",
                &parquet_of(&published),
                &parquet_of(&recomputed)
            ),
            "at row index 1 (school_id=B), column index_score: OUT has \"99\", recomputed \"71.25\""
        );
        // A value made missing shows as (empty).
        let emptied = index_table(&[("A", None), ("B", Some(71.25)), ("C", None)]);
        assert_eq!(
            first_difference("index.csv", &csv_of(&emptied), &csv_of(&recomputed)),
            "at row 1 (school_id=A), column index_score: OUT has (empty), recomputed \"50\""
        );
    }

    #[test]
    fn a_composite_key_names_every_key_column() {
        let make = |value: i64| {
            Table::new("metric_results")
                .str("school_id", vec![Some("S1".into())])
                .str("metric", vec![Some("ELA_PERF".into())])
                .str("group", vec![Some("ALL".into())])
                .int("n", vec![Some(value)])
        };
        assert_eq!(
            first_difference("metric_results.csv", &csv_of(&make(20)), &csv_of(&make(21))),
            "at row 1 (school_id=S1 metric=ELA_PERF group=ALL), column n: OUT has \"20\", recomputed \"21\""
        );
    }

    #[test]
    fn rows_in_one_file_only_are_named() {
        let all = index_table(&[("A", Some(1.0)), ("B", Some(2.0)), ("C", Some(3.0))]);
        let without_b = index_table(&[("A", Some(1.0)), ("C", Some(3.0))]);
        assert_eq!(
            first_difference("index.csv", &csv_of(&without_b), &csv_of(&all)),
            "at row 2: row school_id=B of the recomputation is missing from OUT"
        );
        assert_eq!(
            first_difference("index.csv", &csv_of(&all), &csv_of(&without_b)),
            "at row 2: row school_id=B is in OUT but not in the recomputation"
        );
        let first_two = index_table(&[("A", Some(1.0)), ("B", Some(2.0))]);
        assert_eq!(
            first_difference("index.csv", &csv_of(&first_two), &csv_of(&all)),
            "at row 3 (school_id=C): a row of the recomputation missing from OUT (OUT has fewer rows)"
        );
        let swapped = index_table(&[("B", Some(2.0)), ("A", Some(1.0)), ("C", Some(3.0))]);
        assert_eq!(
            first_difference("index.csv", &csv_of(&swapped), &csv_of(&all)),
            "at row 1: rows in another order (OUT has school_id=B, the recomputation school_id=A)"
        );
    }

    #[test]
    fn headers_types_and_bytes_are_told_apart() {
        let table = index_table(&[("A", Some(1.0))]);
        let renamed = String::from_utf8(csv_of(&table))
            .unwrap()
            .replace("index_score", "score");
        assert_eq!(
            first_difference("index.csv", renamed.as_bytes(), &csv_of(&table)),
            "in the header, column 3: OUT has \"score\", recomputed \"index_score\""
        );
        // The same values with CRLF line endings: only the bytes differ. The header
        // `year,school_id,index_score` is 26 bytes, so byte 26 is the first `\n` / `\r`;
        // the file is 27 + 9 (`2016,A,1\n`) = 36 bytes, 38 with two `\r`.
        let crlf = String::from_utf8(csv_of(&table))
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(
            first_difference("index.csv", crlf.as_bytes(), &csv_of(&table)),
            "every value reads the same, but the bytes differ from byte 26 on (quoting or line endings; OUT has 38 bytes, the recomputation 36)"
        );
        // A Parquet column of another type is named with both types.
        let as_int = Table::new("index")
            .int("year", vec![Some(2016)])
            .str("school_id", vec![Some("A".into())])
            .int("index_score", vec![Some(1)]);
        assert_eq!(
            first_difference("index.parquet", &parquet_of(&as_int), &parquet_of(&table)),
            "in the header, column 3: OUT has \"index_score: i64\", recomputed \"index_score: f64\""
        );
        assert!(
            first_difference("index.parquet", b"not parquet", &parquet_of(&table))
                .starts_with("OUT's file cannot be read as Parquet"),
        );
    }
}
