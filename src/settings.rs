//! What every data command resolves from its arguments before any data is read: the data
//! folder (or the built-in demo data), the year, and the exit statuses of the command line.
//! A problem here is a usage error (exit 2) that names the option.

use std::path::{Path, PathBuf};

use core_index::error::{ErrorKind, UsageError};
use core_index::report::publish::TempFolder;

use crate::demo;

/// Exit status for success.
pub(crate) const EXIT_OK: i32 = 0;
/// Exit status for invalid input data.
pub(crate) const EXIT_DATA: i32 = 1;
/// Exit status for usage and configuration errors.
pub(crate) const EXIT_USAGE: i32 = 2;
/// Exit status for internal failures (an output that cannot be written, a bug).
pub(crate) const EXIT_INTERNAL: i32 = 3;

/// The exit status of a failed command (data-contract §4).
pub(crate) fn exit_status(err: &anyhow::Error) -> i32 {
    match core_index::error::kind(err) {
        ErrorKind::Data => EXIT_DATA,
        ErrorKind::Usage => EXIT_USAGE,
        ErrorKind::Internal => EXIT_INTERNAL,
    }
}

/// Where the extracts come from.
pub(crate) enum DataSource {
    /// `--data DATA`.
    Folder(PathBuf),
    /// No `--data`: the demo data built into the binary, in a temporary folder.
    Demo(TempFolder),
}

impl DataSource {
    /// `--data`, which must be an existing folder, or the demo data.
    pub(crate) fn resolve(data: Option<PathBuf>) -> anyhow::Result<DataSource> {
        match data {
            Some(path) => {
                check_data_folder(&path)?;
                Ok(DataSource::Folder(path))
            }
            None => Ok(DataSource::Demo(demo::materialize()?)),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        match self {
            DataSource::Folder(path) => path,
            DataSource::Demo(folder) => folder.path(),
        }
    }

    /// What the manifest records: the folder as an absolute path, or nothing for the demo.
    pub(crate) fn label(&self) -> Option<String> {
        match self {
            DataSource::Folder(path) => Some(
                std::path::absolute(path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string(),
            ),
            DataSource::Demo(_) => None,
        }
    }
}

/// `--data` must name an existing folder (data-contract §3: exit 2 before any data is read).
pub(crate) fn check_data_folder(path: &Path) -> Result<(), UsageError> {
    if path.is_dir() {
        return Ok(());
    }
    let what = if path.exists() {
        "is not a folder"
    } else {
        "does not exist"
    };
    Err(
        UsageError::new(format!("--data {}: the data folder {what}", path.display()))
            .with_hint("--data names a folder with one folder per spring year, e.g. DATA/2016/"),
    )
}

/// `--year`, or the latest year folder in the data folder.
pub(crate) fn year(data: &Path, year: Option<i32>) -> Result<i32, UsageError> {
    if let Some(y) = year {
        return Ok(y);
    }
    let years: Vec<i32> = std::fs::read_dir(data)
        .map_err(|e| UsageError::new(format!("cannot read data folder {}: {e}", data.display())))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()))
        .collect();
    years.into_iter().max().ok_or_else(|| {
        UsageError::new(format!("no year folders in {}", data.display()))
            .with_hint("pass --year Y for DATA/Y/")
    })
}
