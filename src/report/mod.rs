//! The report layer: the only code that writes files. Every report is written as CSV and
//! Parquet (data-contract §5) into temporary files first and renamed into place only when
//! all of them are complete, so a failed run leaves no half-written report.

pub mod csv_format;
pub mod manifest;
pub mod parquet_format;
pub mod reports;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

pub use table::Table;

/// One file to publish: its final name in the output folder and its bytes.
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Renders a table into its two files, `NAME.csv` and `NAME.parquet`, side by side.
pub fn render(table: &Table) -> anyhow::Result<[OutputFile; 2]> {
    let (csv_bytes, parquet_bytes) = rayon::join(
        || -> anyhow::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            csv_format::write_csv(table, &mut bytes)?;
            Ok(bytes)
        },
        || -> anyhow::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            parquet_format::write_parquet(table, &mut bytes)?;
            Ok(bytes)
        },
    );
    let (csv_bytes, parquet_bytes) = (csv_bytes?, parquet_bytes?);
    Ok([
        OutputFile {
            name: format!("{}.csv", table.name),
            bytes: csv_bytes,
        },
        OutputFile {
            name: format!("{}.parquet", table.name),
            bytes: parquet_bytes,
        },
    ])
}

/// Writes every file into `dir` atomically as a set: all go to temporary names first, then
/// are renamed; on any failure the temporaries are removed and nothing new appears.
pub fn publish(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for file in files {
            let target = dir.join(&file.name);
            let temp = dir.join(format!(".{}.{}.tmp", file.name, std::process::id()));
            staged.push((temp.clone(), target));
            fs::write(&temp, &file.bytes)
                .with_context(|| format!("cannot write {}", temp.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
        return Err(e);
    }
    for (temp, target) in &staged {
        fs::rename(temp, target)
            .with_context(|| format!("cannot move {} into place", target.display()))?;
    }
    Ok(())
}

/// Renders a table as CSV only (the cut-point file, which later runs load as CSV).
pub fn render_csv(table: &Table, name: &str) -> anyhow::Result<OutputFile> {
    let mut bytes = Vec::new();
    csv_format::write_csv(table, &mut bytes)?;
    Ok(OutputFile {
        name: name.to_string(),
        bytes,
    })
}

/// Writes one file atomically (temporary name, then rename) at an exact path.
pub fn publish_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?
        .to_string_lossy()
        .to_string();
    publish(
        &dir,
        &[OutputFile {
            name,
            bytes: bytes.to_vec(),
        }],
    )
}
