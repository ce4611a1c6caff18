//! TEMPORARY placeholder until the synth branch lands.
use std::path::PathBuf;
pub enum SynthFormat {
    Csv,
    Parquet,
}
pub struct SynthOptions {
    pub out: PathBuf,
    pub schools: Option<usize>,
    pub students: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    pub format: SynthFormat,
}
pub struct SynthSummary {
    pub years: Vec<i32>,
    pub schools: usize,
    pub students_per_year: Vec<usize>,
}
pub fn generate(_opts: &SynthOptions, _progress: &dyn Fn(&str)) -> anyhow::Result<SynthSummary> {
    anyhow::bail!("not implemented yet")
}
