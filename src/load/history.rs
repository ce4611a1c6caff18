//! TEMPORARY placeholder until the designations branch lands.
use std::path::Path;
pub struct History;
pub fn load_history(_path: &Path) -> anyhow::Result<History> {
    anyhow::bail!("not implemented yet")
}
