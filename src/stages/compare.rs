//! TEMPORARY placeholder until the designations branch lands.
use crate::report::Table;
use std::path::Path;
pub fn compare(_base: &Path, _alt: &Path) -> anyhow::Result<Table> {
    anyhow::bail!("not implemented yet")
}
