//! Reading one extract file, CSV or Parquet, row by row as [`Cell`]s aligned to the columns
//! the contract asks for (data-contract §1).
//!
//! CSV is read with the `csv` crate rather than polars' CSV reader because validation needs
//! every row's own field count (a truncated file must be reported at its last row, where
//! polars would fill the missing cells with nulls) and the exact 1-based data row of every
//! problem. Parquet is read with polars; any integer, float, boolean or string column type is
//! accepted and converted by the same rules as CSV text.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use polars::prelude::{
    BooleanChunked, DataFrame, DataType, Float64Chunked, Int64Chunked, ParquetReader, SerReader,
    StringChunked,
};
use sha2::{Digest, Sha256};

use crate::config::hex;
use crate::error::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// A located extract file.
#[derive(Debug, Clone)]
pub struct ExtractFile {
    pub path: PathBuf,
    pub format: Format,
}

impl ExtractFile {
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }

    /// How a row is named in messages: CSV rows are 1-based data rows, Parquet rows are
    /// 0-based row indexes (data-contract §3).
    pub fn row_label(&self, index: usize) -> String {
        match self.format {
            Format::Csv => format!("row {}", index + 1),
            Format::Parquet => format!("row index {index}"),
        }
    }
}

/// Finds `NAME.csv` or `NAME.parquet` in `dir`. Both present is a problem; neither is `None`.
pub fn find_extract(dir: &Path, name: &str) -> Result<Option<ExtractFile>, Problem> {
    let csv = dir.join(format!("{name}.csv"));
    let parquet = dir.join(format!("{name}.parquet"));
    match (csv.is_file(), parquet.is_file()) {
        (true, true) => Err(Problem {
            file: csv.display().to_string(),
            row: None,
            column: None,
            value: None,
            message: format!(
                "both {name}.csv and {name}.parquet are present; keep exactly one of the two"
            ),
        }),
        (true, false) => Ok(Some(ExtractFile {
            path: csv,
            format: Format::Csv,
        })),
        (false, true) => Ok(Some(ExtractFile {
            path: parquet,
            format: Format::Parquet,
        })),
        (false, false) => Ok(None),
    }
}

/// One cell as read: text from CSV (already trimmed, never empty), or a typed Parquet value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Missing,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// A column the contract names for an extract.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    /// Optional columns may be absent from the file or empty in a row.
    pub optional: bool,
}

pub const fn required(name: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        optional: false,
    }
}

pub const fn optional(name: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        optional: true,
    }
}

/// What a scan saw besides the rows: size, hash, row count, columns the contract lacks.
#[derive(Debug, Clone, Default)]
pub struct ScanSummary {
    pub bytes: u64,
    pub sha256: String,
    pub rows: u64,
    pub unknown_columns: Vec<String>,
    pub absent_optional_columns: Vec<String>,
}

/// Reading a file stops after this many problems: the first 20 are shown anyway, and a
/// file that is wrong on every row should not fill memory with messages.
pub const MAX_PROBLEMS: usize = 10_000;

/// True (and says so) once a file has produced [`MAX_PROBLEMS`] problems.
fn too_many_problems(file: &ExtractFile, problems: &mut Vec<Problem>) -> bool {
    let stop = problems.len() >= MAX_PROBLEMS;
    if stop {
        problems.push(problem(
            file,
            None,
            None,
            format!("stopped reading after {MAX_PROBLEMS} problems"),
        ));
    }
    stop
}

fn normalize_header(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

fn problem(
    file: &ExtractFile,
    row: Option<String>,
    column: Option<&str>,
    message: String,
) -> Problem {
    Problem {
        file: file.display(),
        row,
        column: column.map(str::to_string),
        value: None,
        message,
    }
}

/// Maps each spec column to its position among the file's headers. Missing required columns
/// are problems; headers the contract does not name are returned as unknown.
fn map_columns(
    file: &ExtractFile,
    headers: &[String],
    spec: &[ColumnSpec],
    summary: &mut ScanSummary,
) -> Result<Vec<Option<usize>>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut positions = Vec::with_capacity(spec.len());
    for column in spec {
        let found: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.as_str() == column.name)
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [] if column.optional => {
                summary
                    .absent_optional_columns
                    .push(column.name.to_string());
                positions.push(None);
            }
            [] => {
                problems.push(problem(
                    file,
                    None,
                    Some(column.name),
                    "required column is missing".into(),
                ));
                positions.push(None);
            }
            [one] => positions.push(Some(*one)),
            _ => {
                problems.push(problem(
                    file,
                    None,
                    Some(column.name),
                    "column appears more than once in the header".into(),
                ));
                positions.push(None);
            }
        }
    }
    for header in headers {
        if !spec.iter().any(|c| c.name == header) {
            summary.unknown_columns.push(header.clone());
        }
    }
    if problems.is_empty() {
        Ok(positions)
    } else {
        Err(problems)
    }
}

/// Reads the whole file once for its size and SHA-256 (the manifest lists both).
pub fn fingerprint(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((total, hex(&hasher.finalize())))
}

/// The per-row callback of [`scan`]: row index, cells, the problem list.
pub type RowVisitor<'v> = dyn FnMut(usize, &[Cell<'_>], &mut Vec<Problem>) + 'v;

/// Scans the file, calling `visit(row_index, cells, problems)` for every well-formed row with
/// one cell per spec column. Structural problems (missing columns, short rows, bad encoding)
/// are pushed to `problems`, in row order with the visitor's; the rows they affect are not
/// visited.
pub fn scan(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    mut visit: impl FnMut(usize, &[Cell<'_>], &mut Vec<Problem>),
) -> ScanSummary {
    let mut summary = ScanSummary::default();
    match fingerprint(&file.path) {
        Ok((bytes, sha)) => {
            summary.bytes = bytes;
            summary.sha256 = sha;
        }
        Err(e) => {
            problems.push(problem(file, None, None, format!("cannot read file: {e}")));
            return summary;
        }
    }
    match file.format {
        Format::Csv => scan_csv(file, spec, problems, &mut summary, &mut visit),
        Format::Parquet => scan_parquet(file, spec, problems, &mut summary, &mut visit),
    }
    summary
}

fn scan_csv(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    summary: &mut ScanSummary,
    visit: &mut RowVisitor<'_>,
) {
    let mut reader = match csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(&file.path)
    {
        Ok(r) => r,
        Err(e) => {
            problems.push(problem(file, None, None, format!("cannot open: {e}")));
            return;
        }
    };
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| normalize_header(&String::from_utf8_lossy(f)))
            .collect(),
        Err(e) => {
            problems.push(problem(
                file,
                None,
                None,
                format!("cannot read the header row: {e}"),
            ));
            return;
        }
    };
    if headers.iter().all(|h| h.is_empty()) {
        problems.push(problem(
            file,
            None,
            None,
            "the file has no header row".into(),
        ));
        return;
    }
    let positions = match map_columns(file, &headers, spec, summary) {
        Ok(p) => p,
        Err(mut p) => {
            problems.append(&mut p);
            return;
        }
    };
    let width = headers.len();
    let mut record = csv::ByteRecord::new();
    let mut index = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(problem(
                    file,
                    Some(file.row_label(index)),
                    None,
                    format!("unreadable CSV: {e}"),
                ));
                break;
            }
        }
        let row = index;
        index += 1;
        if record.len() == 1 && record.get(0).is_some_and(|f| f.is_empty()) && width > 1 {
            // A blank line: not a record.
            index -= 1;
            continue;
        }
        if record.len() != width {
            let first_missing = headers.get(record.len()).map(String::as_str);
            problems.push(problem(
                file,
                Some(file.row_label(row)),
                if record.len() < width {
                    first_missing
                } else {
                    None
                },
                format!(
                    "row has {} fields but the header has {} (truncated or malformed row)",
                    record.len(),
                    width
                ),
            ));
            continue;
        }
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(spec.len());
        let mut bad_utf8 = None;
        for (column, position) in spec.iter().zip(&positions) {
            let cell = match position {
                None => Cell::Missing,
                Some(p) => match std::str::from_utf8(&record[*p]) {
                    Ok(text) => {
                        let text = text.trim();
                        if text.is_empty() {
                            Cell::Missing
                        } else {
                            Cell::Text(text)
                        }
                    }
                    Err(_) => {
                        bad_utf8 = Some(column.name);
                        Cell::Missing
                    }
                },
            };
            cells.push(cell);
        }
        if let Some(column) = bad_utf8 {
            problems.push(problem(
                file,
                Some(file.row_label(row)),
                Some(column),
                "value is not valid UTF-8".into(),
            ));
            continue;
        }
        visit(row, &cells, problems);
        if too_many_problems(file, problems) {
            break;
        }
    }
    summary.rows = index as u64;
}

/// A Parquet column converted to one of the four shapes the parsers understand.
enum ParquetColumn {
    Absent,
    Str(StringChunked),
    Int(Int64Chunked),
    Float(Float64Chunked),
    Bool(BooleanChunked),
}

impl ParquetColumn {
    fn cell(&self, row: usize) -> Cell<'_> {
        match self {
            ParquetColumn::Absent => Cell::Missing,
            ParquetColumn::Str(c) => match c.get(row).map(str::trim) {
                Some(t) if !t.is_empty() => Cell::Text(t),
                _ => Cell::Missing,
            },
            ParquetColumn::Int(c) => c.get(row).map_or(Cell::Missing, Cell::Int),
            ParquetColumn::Float(c) => c.get(row).map_or(Cell::Missing, Cell::Float),
            ParquetColumn::Bool(c) => c.get(row).map_or(Cell::Missing, Cell::Bool),
        }
    }
}

fn read_parquet(path: &Path) -> anyhow::Result<DataFrame> {
    let file = File::open(path)?;
    Ok(ParquetReader::new(file).finish()?)
}

fn convert_parquet_column(column: &polars::prelude::Column) -> anyhow::Result<ParquetColumn> {
    let column = column.rechunk();
    let dtype = column.dtype();
    Ok(if dtype.is_integer() {
        ParquetColumn::Int(column.cast(&DataType::Int64)?.i64()?.clone())
    } else if dtype.is_float() {
        ParquetColumn::Float(column.cast(&DataType::Float64)?.f64()?.clone())
    } else if dtype == &DataType::Boolean {
        ParquetColumn::Bool(column.bool()?.clone())
    } else {
        ParquetColumn::Str(column.cast(&DataType::String)?.str()?.clone())
    })
}

fn scan_parquet(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    summary: &mut ScanSummary,
    visit: &mut RowVisitor<'_>,
) {
    let frame = match read_parquet(&file.path) {
        Ok(f) => f,
        Err(e) => {
            problems.push(problem(
                file,
                None,
                None,
                format!("unreadable Parquet file: {e}"),
            ));
            return;
        }
    };
    let headers: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| normalize_header(n))
        .collect();
    let positions = match map_columns(file, &headers, spec, summary) {
        Ok(p) => p,
        Err(mut p) => {
            problems.append(&mut p);
            return;
        }
    };
    let mut columns = Vec::with_capacity(spec.len());
    for (column, position) in spec.iter().zip(&positions) {
        let converted = match position {
            None => Ok(ParquetColumn::Absent),
            Some(p) => convert_parquet_column(&frame.columns()[*p]),
        };
        match converted {
            Ok(c) => columns.push(c),
            Err(e) => {
                problems.push(problem(
                    file,
                    None,
                    Some(column.name),
                    format!("unsupported column type: {e}"),
                ));
                return;
            }
        }
    }
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(spec.len());
    for row in 0..frame.height() {
        cells.clear();
        cells.extend(columns.iter().map(|c| c.cell(row)));
        visit(row, &cells, problems);
        if too_many_problems(file, problems) {
            break;
        }
    }
    summary.rows = frame.height() as u64;
}
