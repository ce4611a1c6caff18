//! Writes a [`Table`] as Parquet with typed columns: Int64, Float64, String, Boolean, nulls
//! for missing values; readable by pyarrow, DuckDB and polars without casts.

use std::io::Write;

use polars::prelude::{Column as PlColumn, DataFrame, ParquetWriter};

use super::table::{ColumnData, Table};

pub fn write_parquet<W: Write>(table: &Table, out: W) -> anyhow::Result<()> {
    let mut frame = to_frame(table)?;
    ParquetWriter::new(out).finish(&mut frame)?;
    Ok(())
}

pub(crate) fn to_frame(table: &Table) -> anyhow::Result<DataFrame> {
    table.check_shape();
    let columns: Vec<PlColumn> = table
        .columns
        .iter()
        .map(|c| {
            let name = c.name.into();
            match &c.data {
                ColumnData::Str(v) => PlColumn::new(name, v.as_slice()),
                ColumnData::Int(v) => PlColumn::new(name, v.as_slice()),
                ColumnData::Float(v) => PlColumn::new(name, v.as_slice()),
                ColumnData::Bool(v) => PlColumn::new(name, v.as_slice()),
            }
        })
        .collect();
    Ok(DataFrame::new(table.rows(), columns)?)
}
