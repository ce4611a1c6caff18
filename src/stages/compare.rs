//! TEMPORARY placeholder until the designations branch lands.
use std::path::Path;
use crate::report::Table;
pub fn compare(_base: &Path, _alt: &Path) -> anyhow::Result<Table> { anyhow::bail!("not implemented yet") }
