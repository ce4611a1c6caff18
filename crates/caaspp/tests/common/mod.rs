//! Helpers shared by the integration tests: a scratch folder per test and a row builder that
//! sets columns by their header name as a real file spells them, independently of the
//! crate's own field lookup and writer.

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};

use caaspp::{layout_by_label, Error, Layout};

/// A fresh, empty folder under Cargo's scratch space for one test.
pub(crate) fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
