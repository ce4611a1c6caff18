//! TEMPORARY placeholder until the designations branch lands.
use crate::config::Config;
use crate::dataset::YearData;
use crate::load::history::History;
use crate::results::{DesignationRow, Grad4, IndexRow, MetricRow};
pub fn designate(
    _data: &YearData,
    _rows: &[MetricRow],
    _grad4: &[Grad4],
    _index: &[IndexRow],
    _history: Option<&History>,
    _config: &Config,
) -> Vec<DesignationRow> {
    Vec::new()
}
