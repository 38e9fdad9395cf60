//! MD report.
use super::charts::ChartFile;
use super::Report;
/// Renders.
pub fn render(_r: &Report, _c: &[ChartFile]) -> String {
    String::new()
}
