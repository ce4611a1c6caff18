//! Resolution of the paths every data command shares: the data folder (the demo data when
//! absent), the year (the latest year folder when absent), and timing of stages.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::UsageError;

/// The demo data shipped in `fixtures/demo`, found beside the sources the binary was built
/// from, or under the working directory.
pub fn demo_data_dir() -> PathBuf {
    let built = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("demo");
    if built.is_dir() {
        built
    } else {
        PathBuf::from("fixtures").join("demo")
    }
}

/// `--data`, or the demo data.
pub fn data_dir(data: Option<PathBuf>) -> PathBuf {
    data.unwrap_or_else(demo_data_dir)
}

/// `--year`, or the latest year folder in the data folder.
pub fn year(data: &Path, year: Option<i32>) -> Result<i32, UsageError> {
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

/// Records how long each stage took, for the manifest.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(String, f64)>,
}

impl Timings {
    pub fn time<T>(&mut self, name: &str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        self.stages
            .push((name.to_string(), start.elapsed().as_secs_f64()));
        out
    }
}
