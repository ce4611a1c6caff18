//! Growth model (methodology §5, R18–R24). TEMPORARY placeholder until the growth branch
//! lands: it computes nothing and says so.

use crate::config::Config;
use crate::dataset::YearData;
use crate::results::GrowthOutput;

pub fn compute_growth(_data: &YearData, _config: &Config) -> GrowthOutput {
    GrowthOutput {
        warnings: vec!["growth model not built yet".into()],
        ..GrowthOutput::default()
    }
}
