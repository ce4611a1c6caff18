//! Writes a [`Table`] as CSV (data-contract §5): header row, plain-decimal floats,
//! `true`/`false` booleans, empty cells for missing values.

use std::io::Write;

use super::table::{format_float, ColumnData, Table};

pub fn write_csv<W: Write>(table: &Table, out: W) -> anyhow::Result<()> {
    table.check_shape();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    let mut record: Vec<String> = Vec::with_capacity(table.columns.len());
    for row in 0..table.rows() {
        record.clear();
        for column in &table.columns {
            record.push(match &column.data {
                ColumnData::Str(v) => v[row].clone().unwrap_or_default(),
                ColumnData::Int(v) => v[row].map(|x| x.to_string()).unwrap_or_default(),
                ColumnData::Float(v) => v[row].map(format_float).unwrap_or_default(),
                ColumnData::Bool(v) => v[row].map(|b| b.to_string()).unwrap_or_default(),
            });
        }
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}
