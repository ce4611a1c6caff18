//! Tests of the crate through its public API — reading hand-made files of every layout
//! (`read_files`) and round trips through the writer (`round_trip`) — with the helpers they
//! share: a scratch folder per test and a row builder that sets columns by their header name
//! as a real file spells them, independently of the crate's own field lookup and writer.
// Tests write their input files.
#![allow(clippy::disallowed_methods)]

mod read_files;
mod round_trip;

use std::path::{Path, PathBuf};

use crate::{layout_by_label, Error, Layout};

/// A fresh, empty folder for one test, removed when the test ends.
pub(crate) struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0.path()
    }
}

/// A scratch folder for the test named `test` (the name only helps when debugging).
pub(crate) fn scratch_dir(test: &str) -> Scratch {
    Scratch(
        tempfile::Builder::new()
            .prefix(&format!("caaspp-{test}-"))
            .tempdir()
            .unwrap(),
    )
}

/// A layout that must exist.
pub(crate) fn layout(label: &str) -> &'static Layout {
    layout_by_label(label).unwrap_or_else(|| panic!("no layout {label}"))
}

/// One record of `header`, every column empty except those named (exact header names,
/// compared case-sensitively so that a typo in a test fails loudly).
pub(crate) fn record(header: &[String], values: &[(&str, &str)]) -> Vec<String> {
    let mut fields = vec![String::new(); header.len()];
    for (name, value) in values {
        let column = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in this header"));
        fields[column] = value.to_string();
    }
    fields
}

/// Joins a header and records into a caret file's text (LF line ends).
pub(crate) fn caret_text(header: &[String], records: &[Vec<String>]) -> String {
    let mut text = header.join("^");
    text.push('\n');
    for record in records {
        text.push_str(&record.join("^"));
        text.push('\n');
    }
    text
}

/// Writes `text` to `dir/name` and returns the path.
pub(crate) fn write_file(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every message line an error gives.
pub(crate) fn lines(error: &Error) -> Vec<String> {
    error.lines()
}
