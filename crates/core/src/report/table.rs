//! A report table: named, typed columns in the contract's order, independent of the format
//! it is written in, so CSV and Parquet always carry the same rows (data-contract §5).

/// The values of one column. `None` is a missing value (empty CSV cell, Parquet null).
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    Str(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
}

impl ColumnData {
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Str(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: &'static str,
    pub data: ColumnData,
}

/// A report: its file stem (`metric_results`) and its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn new(name: &'static str) -> Self {
        Table {
            name,
            columns: Vec::new(),
        }
    }

    pub fn str(mut self, name: &'static str, values: Vec<Option<String>>) -> Self {
        self.columns.push(Column {
            name,
            data: ColumnData::Str(values),
        });
        self
    }

    pub fn int(mut self, name: &'static str, values: Vec<Option<i64>>) -> Self {
        self.columns.push(Column {
            name,
            data: ColumnData::Int(values),
        });
        self
    }

    pub fn float(mut self, name: &'static str, values: Vec<Option<f64>>) -> Self {
        self.columns.push(Column {
            name,
            data: ColumnData::Float(values),
        });
        self
    }

    pub fn bool(mut self, name: &'static str, values: Vec<Option<bool>>) -> Self {
        self.columns.push(Column {
            name,
            data: ColumnData::Bool(values),
        });
        self
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// Panics when columns differ in length: that is a bug in the report builder.
    pub(crate) fn check_shape(&self) {
        let rows = self.rows();
        for c in &self.columns {
            assert_eq!(
                c.data.len(),
                rows,
                "column {} of {} has a different length",
                c.name,
                self.name
            );
        }
    }
}
