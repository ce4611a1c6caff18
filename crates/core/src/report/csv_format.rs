//! Writes [`Table`]s as CSV (data-contract §5): a header row, plain-decimal floats, booleans,
//! empty cells for missing values, RFC 4180 quoting where a value needs it. Cells are
//! formatted into one reused buffer, so writing allocates nothing per cell.

use std::io::Write;

use super::table::{ColumnData, Table};

/// How booleans are spelled: reports use `true`/`false` (data-contract §5); extracts written
/// by `synth` use `Y`/`N`, the spelling district extracts usually have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoolStyle {
    TrueFalse,
    YesNo,
}

/// A CSV file being written table by table (one header, then the rows of every batch).
pub(crate) struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    bools: BoolStyle,
    cell: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    pub(crate) fn new(out: W, header: &[&str], bools: BoolStyle) -> anyhow::Result<Self> {
        let mut writer = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        writer.write_record(header)?;
        Ok(CsvWriter {
            writer,
            bools,
            cell: Vec::with_capacity(64),
        })
    }

    /// Writes the rows of `table`, whose columns must be the header's.
    pub(crate) fn write_rows(&mut self, table: &Table) -> anyhow::Result<()> {
        table.check_shape();
        for row in 0..table.rows() {
            for column in &table.columns {
                self.cell.clear();
                match &column.data {
                    ColumnData::Str(v) => {
                        if let Some(text) = &v[row] {
                            self.cell.extend_from_slice(text.as_bytes());
                        }
                    }
                    ColumnData::Int(v) => {
                        if let Some(x) = v[row] {
                            write!(self.cell, "{x}")?;
                        }
                    }
                    ColumnData::Float(v) => {
                        if let Some(x) = v[row] {
                            write_float(&mut self.cell, x);
                        }
                    }
                    ColumnData::Bool(v) => {
                        if let Some(b) = v[row] {
                            self.cell.extend_from_slice(match (self.bools, b) {
                                (BoolStyle::TrueFalse, true) => b"true",
                                (BoolStyle::TrueFalse, false) => b"false",
                                (BoolStyle::YesNo, true) => b"Y",
                                (BoolStyle::YesNo, false) => b"N",
                            });
                        }
                    }
                }
                self.writer.write_field(&self.cell)?;
            }
            self.writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flushes and hands back the output.
    pub(crate) fn finish(self) -> anyhow::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write CSV: {}", e.error()))
    }
}

/// A float as the contract asks: plain decimal, the fewest digits that read back to the same
/// f64 (Rust's `Display` for f64 is exactly that and never uses an exponent); negative zero
/// is written as `0`.
fn write_float(out: &mut Vec<u8>, x: f64) {
    if x == 0.0 {
        out.push(b'0');
    } else {
        let _ = write!(out, "{x}");
    }
}

/// Writes one whole table as a CSV report.
pub(crate) fn write_csv<W: Write>(table: &Table, out: W) -> anyhow::Result<()> {
    let header: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    let mut writer = CsvWriter::new(out, &header, BoolStyle::TrueFalse)?;
    writer.write_rows(table)?;
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float_text(x: f64) -> String {
        let mut out = Vec::new();
        write_float(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    /// data-contract §5: plain decimal notation, the fewest digits that read back.
    #[test]
    fn floats_are_plain_and_shortest() {
        assert_eq!(float_text(13.35), "13.35");
        assert_eq!(float_text(60.0), "60");
        assert_eq!(float_text(1e-7), "0.0000001");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn cells_are_quoted_only_when_needed_and_missing_values_are_empty() {
        let table = Table::new("t")
            .str("a", vec![Some("x,y".into()), None])
            .int("b", vec![Some(-2), None])
            .bool("c", vec![Some(true), None]);
        let mut out = Vec::new();
        write_csv(&table, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b,c\n\"x,y\",-2,true\n,,\n"
        );
    }
}
