//! Writes extracts (data-contract §2) in batches, as CSV or Parquet, into a staging folder:
//! how `synth` writes its data sets (and the CAASPP import its assessments) through the one
//! report layer. Batches are [`Table`]s whose columns must be exactly the extract's
//! (`crate::schema`), in order and of the schema's types; a Parquet file gets one row group
//! per batch, so memory stays bounded at any scale.

use std::fs::File;
use std::io::BufWriter;

use anyhow::{bail, Context};
use polars::prelude::{BatchedWriter, DataFrame, ParquetWriter};

use super::csv_format::{BoolStyle, CsvWriter};
use super::parquet_format::to_frame;
use super::publish::Staging;
use super::table::{ColumnData, Table};
use crate::schema::{ColumnSpec, Kind};

/// The file format of an extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    Csv,
    Parquet,
}

impl DataFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DataFormat::Csv => "csv",
            DataFormat::Parquet => "parquet",
        }
    }
}

enum Sink {
    // Both boxed: the two writers differ in size by hundreds of bytes.
    Csv(Box<CsvWriter<BufWriter<File>>>),
    Parquet(Box<BatchedWriter<BufWriter<File>>>),
}

/// One extract file being written.
pub struct ExtractWriter {
    columns: &'static [ColumnSpec],
    sink: Sink,
    shown: String,
}

impl ExtractWriter {
    /// Creates `relative` (e.g. `2016/students.csv`) in `staging` for an extract with
    /// `columns`.
    pub fn create(
        staging: &Staging,
        relative: &str,
        format: DataFormat,
        columns: &'static [ColumnSpec],
    ) -> anyhow::Result<ExtractWriter> {
        let shown = staging.target().join(relative).display().to_string();
        let file = staging.create(relative)?;
        let sink = match format {
            DataFormat::Csv => {
                let header: Vec<&str> = columns.iter().map(|c| c.name).collect();
                Sink::Csv(Box::new(CsvWriter::new(file, &header, BoolStyle::YesNo)?))
            }
            DataFormat::Parquet => {
                // The schema comes from an empty frame, so a file without rows has its columns.
                let schema = to_frame(&empty_table(columns))?.schema().clone();
                Sink::Parquet(Box::new(
                    ParquetWriter::new(file)
                        .batched(&schema)
                        .with_context(|| format!("cannot write {shown}"))?,
                ))
            }
        };
        Ok(ExtractWriter {
            columns,
            sink,
            shown,
        })
    }

    /// Appends the rows of `batch`.
    pub fn write(&mut self, batch: &Table) -> anyhow::Result<()> {
        check_columns(batch, self.columns)?;
        match &mut self.sink {
            Sink::Csv(writer) => writer.write_rows(batch),
            Sink::Parquet(writer) => {
                let frame: DataFrame = to_frame(batch)?;
                writer.write_batch(&frame).map_err(anyhow::Error::from)
            }
        }
        .with_context(|| format!("cannot write {}", self.shown))
    }

    /// Completes the file.
    pub fn finish(self) -> anyhow::Result<()> {
        let shown = self.shown;
        match self.sink {
            Sink::Csv(writer) => writer.finish().map(|_| ()),
            Sink::Parquet(writer) => writer.finish().map(|_| ()).map_err(anyhow::Error::from),
        }
        .with_context(|| format!("cannot write {shown}"))
    }
}

/// A table with the extract's columns and no rows.
fn empty_table(columns: &[ColumnSpec]) -> Table {
    let mut table = Table::new("extract");
    for column in columns {
        table = match column.kind {
            Kind::Text => table.str(column.name, Vec::new()),
            Kind::Int => table.int(column.name, Vec::new()),
            Kind::Float => table.float(column.name, Vec::new()),
            Kind::Bool => table.bool(column.name, Vec::new()),
        };
    }
    table
}

/// A batch must have exactly the extract's columns, in order, with the schema's types.
fn check_columns(batch: &Table, columns: &[ColumnSpec]) -> anyhow::Result<()> {
    let names: Vec<&str> = batch.columns.iter().map(|c| c.name).collect();
    let expected: Vec<&str> = columns.iter().map(|c| c.name).collect();
    if names != expected {
        bail!("internal: batch columns {names:?} are not the extract's {expected:?}");
    }
    for (column, spec) in batch.columns.iter().zip(columns) {
        let kind = match column.data {
            ColumnData::Str(_) => Kind::Text,
            ColumnData::Int(_) => Kind::Int,
            ColumnData::Float(_) => Kind::Float,
            ColumnData::Bool(_) => Kind::Bool,
        };
        if kind != spec.kind {
            bail!(
                "internal: column {} is {kind:?}, the extract says {:?}",
                spec.name,
                spec.kind
            );
        }
    }
    Ok(())
}
