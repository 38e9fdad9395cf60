//! Cluster sizes on log-log axes: how many near-duplicate clusters have each size.

use super::style::{self, DrawResult};
use super::Chart;
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// The chart's data.
pub(crate) struct Data {
    /// (cluster size in articles, number of clusters of that size), ascending size.
    sizes: Vec<(usize, usize)>,
}

impl Data {
    /// Counts clusters by size (representative included).
    pub(crate) fn new(report: &Report) -> Data {
        let mut by_size: BTreeMap<usize, usize> = BTreeMap::new();
        for c in report.near_duplicates.iter().flat_map(|nd| &nd.clusters) {
            *by_size.entry(c.members.len() + 1).or_default() += 1;
        }
        Data {
            sizes: by_size.into_iter().collect(),
        }
    }
}

impl Chart for Data {
    const NAME: &'static str = "clusters";
    const TITLE: &'static str = "Near-duplicate cluster sizes (log-log)";

    fn size(&self) -> (u32, u32) {
        (900, 540)
    }

    fn empty(&self) -> Option<&'static str> {
        (self.sizes.is_empty())
            .then_some("No near-duplicate clusters (none found, or dedup did not run)")
    }

    fn describe(&self) -> String {
        let clusters: usize = self.sizes.iter().map(|s| s.1).sum();
        format!(
            "Number of near-duplicate clusters of each size, {clusters} clusters, both axes logarithmic."
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        if self.sizes.is_empty() {
            style::none_found(
                &area,
                "No near-duplicate clusters (none found or dedup did not run)",
            )?;
            return root.present();
        }
        let decade = |v: usize| 10f64.powf((v.max(2) as f64 * 1.5).log10().ceil());
        let max_size = decade(self.sizes.iter().map(|s| s.0).max().unwrap_or(2));
        let max_count = decade(self.sizes.iter().map(|s| s.1).max().unwrap_or(1));
        let mut chart = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(24)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(
                (1f64..max_size).log_scale(),
                (0.8f64..max_count).log_scale(),
            )?;
        chart
            .configure_mesh()
            .x_desc("cluster size (articles)")
            .y_desc("clusters")
            .x_label_formatter(&|v| format!("{v}"))
            .y_label_formatter(&|v| format!("{v}"))
            .axis_desc_style(style::font(style::AXIS))
            .label_style(style::font(style::LABEL))
            .draw()?;
        let colour = style::palette(0);
        let points: Vec<(f64, f64)> = self
            .sizes
            .iter()
            .map(|&(s, c)| (s as f64, c as f64))
            .collect();
        chart.draw_series(LineSeries::new(
            points.clone(),
            colour.mix(0.5).stroke_width(1),
        ))?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 5, colour.filled())))?
            .label("clusters of that size")
            .legend(move |(x, y)| Circle::new((x + 7, y), 5, colour.filled()));
        style::series_labels(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn sizes_count_the_representative() {
        let (_, report) = testdata::sample(30);
        let data = Data::new(&report);
        let total: usize = data.sizes.iter().map(|s| s.1).sum();
        assert_eq!(
            total,
            report.near_duplicates.as_ref().unwrap().clusters.len()
        );
        assert!(data.sizes.iter().all(|s| s.0 >= 2));
    }
}
