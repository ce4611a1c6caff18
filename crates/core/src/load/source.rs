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

use polars::io::mmap::MmapBytesReader;
use polars::prelude::{
    BooleanChunked, DataFrame, DataType, Float64Chunked, Int64Chunked, ParquetReader, SerReader,
    StringChunked,
};

use crate::error::Problem;
use crate::events::{Event, Events};
use crate::hash::Sha256Hasher;
pub use crate::schema::ColumnSpec;

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

    /// The file's place in a data folder's layout: `YEAR/NAME.ext` (the manifest records
    /// inputs this way, so a data folder moved elsewhere still matches them).
    pub(crate) fn place_in_layout(&self, year: i32) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        format!("{year}/{name}")
    }

    /// How a row is named in messages: CSV rows are 1-based data rows, Parquet rows are
    /// 0-based row indexes (data-contract §3).
    pub(crate) fn row_label(&self, index: usize) -> String {
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
    /// CSV bytes that are not UTF-8: reported once when the row is read, never echoed, and
    /// otherwise treated as an unusable value (so the row fails without further messages).
    BadBytes,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
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
pub(crate) const MAX_PROBLEMS: usize = 10_000;

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

/// A header name as matched (data-contract §1): without a leading BOM, trimmed,
/// case-insensitive. Every reader of a CSV header (extracts, cut points, reports) uses it.
pub(crate) fn normalize_header(name: &str) -> String {
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
pub(crate) fn fingerprint(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256Hasher::default();
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
    Ok((total, hasher.finish()))
}

/// Rows per batch. Each batch is parsed in parallel while the previous one is accepted;
/// large enough that scheduling costs nothing, small enough that two batches in memory do
/// not matter (a few MB).
const BATCH_ROWS: usize = 16_384;

/// The most columns a contract extract has (students: 17); cells of a row live on the stack.
pub(crate) const MAX_COLUMNS: usize = 24;

/// Scratch state of one worker's run of consecutive rows (rayon hands each worker runs of
/// consecutive rows of a batch): where the previous row's student was found, so the next
/// lookup tries its neighbours first (`IdMap::find`). Results never depend on it: a guess
/// is only taken when it matches exactly.
#[derive(Debug, Default)]
pub struct RowHint {
    pub last_student: Option<crate::dataset::StudentKey>,
}

/// What parsing one row gave: its problems (usually none) and, maybe, a value to accept.
struct RowOutcome<T> {
    row: usize,
    problems: Vec<Problem>,
    value: Option<T>,
}

/// The parsed rows of one batch, in row order, and a problem that ended the file early
/// (unreadable CSV), which belongs after them.
struct Batch<T> {
    rows: Vec<RowOutcome<T>>,
    trailing: Option<Problem>,
    last: bool,
}

/// Scans the file in two steps per row:
///
/// - `parse(hint, row_index, cells, row_problems)` turns one well-formed row (one cell per
///   spec column) into a value. It runs on many rows at once, in parallel, so it may only
///   look at its row (and at the [`RowHint`], which may speed lookups up but must never
///   change a result); its problems go to the row's own list.
/// - `accept(row_index, value, problems)` then receives every value, strictly in row order
///   and one at a time, for everything that depends on earlier rows (interning, duplicate
///   keys, joins). While it works through one batch the next batch is read and parsed.
///
/// Problems reach `problems` in row order — each row's parse problems, then its accept
/// problems — exactly as a one-row-at-a-time reader would give them, and so does every
/// value `accept` sees: results do not depend on the number of threads. Structural
/// problems (missing columns, short rows, bad encoding) are reported for the rows they
/// affect, which are not parsed.
pub fn scan<T, P, A>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    events: Events<'_>,
    parse: P,
    mut accept: A,
) -> ScanSummary
where
    T: Send,
    P: Fn(&mut RowHint, usize, &[Cell<'_>], &mut Vec<Problem>) -> Option<T> + Sync,
    A: FnMut(usize, T, &mut Vec<Problem>) + Send,
{
    assert!(
        spec.len() <= MAX_COLUMNS,
        "extract spec wider than MAX_COLUMNS"
    );
    let mut summary = ScanSummary::default();
    let problems_before = problems.len();
    // The file's hash is read on another thread while the rows are parsed.
    let (hashed, ()) = rayon::join(
        || fingerprint(&file.path),
        || match file.format {
            Format::Csv => scan_csv(
                file,
                spec,
                problems,
                &mut summary,
                events,
                &parse,
                &mut accept,
            ),
            Format::Parquet => scan_parquet(
                file,
                spec,
                problems,
                &mut summary,
                events,
                &parse,
                &mut accept,
            ),
        },
    );
    match hashed {
        Ok((bytes, sha)) => {
            summary.bytes = bytes;
            summary.sha256 = sha;
        }
        Err(e) => {
            // An unreadable file is one problem, not also whatever the reader made of it.
            problems.truncate(problems_before);
            problems.push(problem(file, None, None, format!("cannot read file: {e}")));
        }
    }
    summary
}

/// Hands each parsed row of `batch` to `accept`, in order. True when reading must stop
/// (too many problems).
fn deliver<T>(
    file: &ExtractFile,
    batch: Batch<T>,
    problems: &mut Vec<Problem>,
    accept: &mut (impl FnMut(usize, T, &mut Vec<Problem>) + Send),
) -> bool {
    for outcome in batch.rows {
        problems.extend(outcome.problems);
        if let Some(value) = outcome.value {
            accept(outcome.row, value, problems);
        }
        if too_many_problems(file, problems) {
            return true;
        }
    }
    problems.extend(batch.trailing);
    false
}

/// Runs `produce` (read and parse the next batch) beside `deliver` (accept the previous
/// one) until the last batch is delivered or reading must stop.
fn pipeline<T: Send>(
    file: &ExtractFile,
    problems: &mut Vec<Problem>,
    accept: &mut (impl FnMut(usize, T, &mut Vec<Problem>) + Send),
    mut produce: impl FnMut() -> Batch<T> + Send,
) {
    let mut pending = produce();
    loop {
        let last = pending.last;
        let (stop, next) = rayon::join(
            || deliver(file, pending, problems, accept),
            || (!last).then(&mut produce),
        );
        match next {
            Some(batch) if !stop => pending = batch,
            _ => return,
        }
    }
}

/// Parses `rows` of a batch in parallel, keeping their order.
fn parse_batch<T: Send, R: Sync>(
    rows: &[R],
    parse_row: impl Fn(&mut RowHint, &R) -> RowOutcome<T> + Sync,
) -> Vec<RowOutcome<T>> {
    use rayon::prelude::*;
    rows.par_iter()
        .with_min_len(512)
        .map_init(RowHint::default, &parse_row)
        .collect()
}

/// One CSV record of a batch with its 0-based data row.
struct CsvRow {
    row: usize,
    record: csv::ByteRecord,
}

fn scan_csv<T: Send>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    summary: &mut ScanSummary,
    events: Events<'_>,
    parse: &(impl Fn(&mut RowHint, usize, &[Cell<'_>], &mut Vec<Problem>) -> Option<T> + Sync),
    accept: &mut (impl FnMut(usize, T, &mut Vec<Problem>) + Send),
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
    // Records are read into a reused batch (no allocation per row once it is warm).
    let mut batch: Vec<CsvRow> = Vec::with_capacity(BATCH_ROWS);
    let mut next_row = 0usize;
    let mut bytes_reported = 0u64;
    let parse_row = |hint: &mut RowHint, r: &CsvRow| {
        parse_csv_row(file, spec, &positions, &headers, hint, r, parse)
    };
    let produce = || {
        let mut filled = 0;
        let mut trailing = None;
        let mut last = false;
        while filled < BATCH_ROWS {
            if filled == batch.len() {
                batch.push(CsvRow {
                    row: 0,
                    record: csv::ByteRecord::new(),
                });
            }
            let slot = &mut batch[filled];
            match reader.read_byte_record(&mut slot.record) {
                Ok(true) => {}
                Ok(false) => {
                    last = true;
                    break;
                }
                Err(e) => {
                    trailing = Some(problem(
                        file,
                        Some(file.row_label(next_row)),
                        None,
                        format!("unreadable CSV: {e}"),
                    ));
                    last = true;
                    break;
                }
            }
            let blank = slot.record.len() == 1
                && slot.record.get(0).is_some_and(|f| f.is_empty())
                && headers.len() > 1;
            if blank {
                // A blank line: not a record, and not counted as a row.
                continue;
            }
            slot.row = next_row;
            next_row += 1;
            filled += 1;
        }
        let position = reader.position().byte();
        events(Event::BytesRead(position.saturating_sub(bytes_reported)));
        bytes_reported = bytes_reported.max(position);
        Batch {
            rows: parse_batch(&batch[..filled], parse_row),
            trailing,
            last,
        }
    };
    pipeline(file, problems, accept, produce);
    summary.rows = next_row as u64;
}

/// Checks one CSV record's shape and encoding, then parses it.
fn parse_csv_row<T>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    positions: &[Option<usize>],
    headers: &[String],
    hint: &mut RowHint,
    csv_row: &CsvRow,
    parse: &impl Fn(&mut RowHint, usize, &[Cell<'_>], &mut Vec<Problem>) -> Option<T>,
) -> RowOutcome<T> {
    let CsvRow { row, record } = csv_row;
    let row = *row;
    let mut problems = Vec::new();
    let width = headers.len();
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
        return RowOutcome {
            row,
            problems,
            value: None,
        };
    }
    let mut cells = [Cell::Missing; MAX_COLUMNS];
    for ((cell, column), position) in cells.iter_mut().zip(spec).zip(positions) {
        let Some(p) = position else { continue };
        match std::str::from_utf8(&record[*p]) {
            Ok(text) => {
                let text = text.trim();
                if !text.is_empty() {
                    *cell = Cell::Text(text);
                }
            }
            // One message per bad cell, naming the bytes as such; the row is still parsed
            // (its other cells checked, a school's id still known), without follow-on errors.
            Err(e) => {
                *cell = Cell::BadBytes;
                problems.push(problem(
                    file,
                    Some(file.row_label(row)),
                    Some(column.name),
                    format!(
                        "value is not valid UTF-8 (a bad byte sequence at byte {} of the value); save the file as UTF-8",
                        e.valid_up_to() + 1
                    ),
                ));
            }
        }
    }
    let value = parse(hint, row, &cells[..spec.len()], &mut problems);
    RowOutcome {
        row,
        problems,
        value,
    }
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

/// Reads a whole Parquet file.
fn read_parquet(path: &Path) -> anyhow::Result<DataFrame> {
    decode_parquet(File::open(path)?)
}

/// Decodes a whole Parquet file (an extract here, a report in `verify`). A damaged file
/// must be a problem of the file, never a crash: polars may panic on some malformed files
/// instead of returning an error, so a panic here is caught and reported as an unreadable
/// file (found by the fuzz harness, `crates/fuzz`).
pub(crate) fn decode_parquet(reader: impl MmapBytesReader) -> anyhow::Result<DataFrame> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ParquetReader::new(reader).finish()
    })) {
        Ok(frame) => Ok(frame?),
        Err(_) => anyhow::bail!("the file is damaged (the Parquet reader failed)"),
    }
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

fn scan_parquet<T: Send>(
    file: &ExtractFile,
    spec: &[ColumnSpec],
    problems: &mut Vec<Problem>,
    summary: &mut ScanSummary,
    events: Events<'_>,
    parse: &(impl Fn(&mut RowHint, usize, &[Cell<'_>], &mut Vec<Problem>) -> Option<T> + Sync),
    accept: &mut (impl FnMut(usize, T, &mut Vec<Problem>) + Send),
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
    let height = frame.height();
    let parse_row = |hint: &mut RowHint, &row: &usize| {
        let mut cells = [Cell::Missing; MAX_COLUMNS];
        for (cell, column) in cells.iter_mut().zip(&columns) {
            *cell = column.cell(row);
        }
        let mut problems = Vec::new();
        let value = parse(hint, row, &cells[..spec.len()], &mut problems);
        RowOutcome {
            row,
            problems,
            value,
        }
    };
    let mut start = 0usize;
    let mut rows: Vec<usize> = Vec::with_capacity(BATCH_ROWS);
    // The file's bytes, spread over its rows for the progress bar.
    let file_bytes = std::fs::metadata(&file.path).map_or(0, |m| m.len());
    let bytes_at = |row: usize| file_bytes * row as u64 / height.max(1) as u64;
    let produce = || {
        let end = (start + BATCH_ROWS).min(height);
        events(Event::BytesRead(bytes_at(end) - bytes_at(start)));
        rows.clear();
        rows.extend(start..end);
        start = end;
        Batch {
            rows: parse_batch(&rows, parse_row),
            trailing: None,
            last: end == height,
        }
    };
    pipeline(file, problems, accept, produce);
    summary.rows = height as u64;
}

#[cfg(test)]
mod tests {
    //! The pipelined scan must behave exactly like a one-row-at-a-time reader: rows reach
    //! `accept` in order, problems come out in row order, at any thread count and across
    //! batch boundaries (files here span three batches of BATCH_ROWS rows).
    use super::*;
    use crate::events::ignore;
    use crate::report::parquet_format::write_parquet;
    use crate::report::table::Table;

    const SPEC: &[ColumnSpec] = &[
        ColumnSpec {
            name: "id",
            optional: false,
            kind: crate::schema::Kind::Text,
        },
        ColumnSpec {
            name: "value",
            optional: false,
            kind: crate::schema::Kind::Text,
        },
    ];
    const ROWS: usize = 2 * BATCH_ROWS + 1_000;
    /// Rows whose value does not parse: first row, both sides of a batch boundary, last row.
    const BAD: [usize; 4] = [0, BATCH_ROWS - 1, BATCH_ROWS, ROWS - 1];

    fn value_of(row: usize) -> String {
        if BAD.contains(&row) {
            "bad".into()
        } else {
            row.to_string()
        }
    }

    /// Parses `value` as a number (a parse problem when it is not) and accepts rows in
    /// order, adding an accept problem on every row whose value ends in 77.
    fn run(file: &ExtractFile, threads: usize) -> (Vec<usize>, Vec<String>, u64) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut problems = Vec::new();
            let mut accepted = Vec::new();
            let parse =
                |_: &mut RowHint, row: usize, cells: &[Cell<'_>], problems: &mut Vec<Problem>| {
                    let value = match cells[1] {
                        Cell::Text(t) => t.parse::<i64>().ok(),
                        Cell::Int(i) => Some(i),
                        _ => None,
                    };
                    if value.is_none() {
                        problems.push(problem(
                            file,
                            Some(file.row_label(row)),
                            Some("value"),
                            "parse".into(),
                        ));
                    }
                    value
                };
            let summary = scan(
                file,
                SPEC,
                &mut problems,
                &ignore,
                parse,
                |row, value, problems| {
                    accepted.push(row);
                    if value % 100 == 77 {
                        problems.push(problem(
                            file,
                            Some(file.row_label(row)),
                            None,
                            "accept".into(),
                        ));
                    }
                },
            );
            let problems = problems
                .iter()
                .map(|p| {
                    format!(
                        "{} {} {}",
                        p.row.as_deref().unwrap_or("-"),
                        p.column.as_deref().unwrap_or("-"),
                        p.message
                    )
                })
                .collect();
            (accepted, problems, summary.rows)
        })
    }

    fn expected(label: impl Fn(usize) -> String, skip: &[usize]) -> (Vec<usize>, Vec<String>) {
        let mut accepted = Vec::new();
        let mut problems = Vec::new();
        for row in 0..ROWS {
            if BAD.contains(&row) {
                problems.push(format!("{} value parse", label(row)));
            } else if !skip.contains(&row) {
                accepted.push(row);
                if row % 100 == 77 {
                    problems.push(format!("{} - accept", label(row)));
                }
            }
        }
        (accepted, problems)
    }

    #[test]
    fn csv_rows_and_problems_arrive_in_order_at_any_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.csv");
        let mut text = String::from("id,value\n");
        let short_row = BATCH_ROWS + 500;
        for row in 0..ROWS {
            if row == short_row {
                text.push_str("only-one-field\n");
                continue;
            }
            text.push_str(&format!("id{row},{}\n", value_of(row)));
            if row == 100 {
                text.push('\n'); // a blank line is not a row
            }
        }
        std::fs::write(&path, text).unwrap();
        let file = ExtractFile {
            path,
            format: Format::Csv,
        };
        let (want_accepted, mut want_problems) =
            expected(|row| format!("row {}", row + 1), &[short_row]);
        // The short row's problem sits between the problems of the rows around it.
        let short = format!(
            "row {} value row has 1 fields but the header has 2 (truncated or malformed row)",
            short_row + 1
        );
        let before = want_problems
            .iter()
            .take_while(|p| row_number(p) < short_row + 1)
            .count();
        want_problems.insert(before, short);
        for threads in [1, 2, 4] {
            let (accepted, problems, rows) = run(&file, threads);
            assert_eq!(rows, ROWS as u64, "{threads} threads");
            assert_eq!(accepted, want_accepted, "{threads} threads");
            assert_eq!(problems, want_problems, "{threads} threads");
        }
    }

    fn row_number(problem: &str) -> usize {
        problem.split(' ').nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn parquet_rows_and_problems_arrive_in_order_at_any_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.parquet");
        let table = Table::new("values")
            .str("id", (0..ROWS).map(|r| Some(format!("id{r}"))).collect())
            .str("value", (0..ROWS).map(|r| Some(value_of(r))).collect());
        write_parquet(&table, File::create(&path).unwrap()).unwrap();
        let file = ExtractFile {
            path,
            format: Format::Parquet,
        };
        let (want_accepted, want_problems) = expected(|row| format!("row index {row}"), &[]);
        for threads in [1, 2, 4] {
            let (accepted, problems, rows) = run(&file, threads);
            assert_eq!(rows, ROWS as u64, "{threads} threads");
            assert_eq!(accepted, want_accepted, "{threads} threads");
            assert_eq!(problems, want_problems, "{threads} threads");
        }
    }

    #[test]
    fn reading_stops_after_max_problems() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.csv");
        let mut text = String::from("id,value\n");
        for row in 0..MAX_PROBLEMS + BATCH_ROWS {
            text.push_str(&format!("id{row},bad\n"));
        }
        std::fs::write(&path, text).unwrap();
        let file = ExtractFile {
            path,
            format: Format::Csv,
        };
        let (accepted, problems, _) = run(&file, 2);
        assert!(accepted.is_empty());
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(
            problems[MAX_PROBLEMS - 1],
            format!("row {MAX_PROBLEMS} value parse")
        );
        assert_eq!(
            problems[MAX_PROBLEMS],
            format!("- - stopped reading after {MAX_PROBLEMS} problems")
        );
    }
}
