//! Reliability per article with its 95% interval, and flags per article stacked by kind.

use super::style::{self, DrawResult, LegendItem, MAX_ROWS};
use super::Chart;
use crate::report::Report;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

struct Row {
    label: String,
    /// (score, low, high) when scored.
    score: Option<(f64, f64, f64)>,
    /// Flags of each kind, in [`style::FLAG_KINDS`] order.
    flags: [usize; 6],
}

/// The chart's data.
pub(crate) struct Data {
    rows: Vec<Row>,
    omitted: usize,
    max_flags: usize,
}

impl Data {
    /// The least reliable articles (then the most flagged), at most [`MAX_ROWS`].
    pub(crate) fn new(report: &Report) -> Data {
        let key = |i: usize| {
            let a = &report.articles[i];
            let score = a.reliability.as_ref().map_or(f64::INFINITY, |r| r.score);
            (score, usize::MAX - a.flags.len(), i)
        };
        let mut order: Vec<usize> = (0..report.articles.len())
            .filter(|&i| {
                let a = &report.articles[i];
                a.reliability.is_some() || !a.flags.is_empty()
            })
            .collect();
        let total = order.len();
        order.sort_by(|&a, &b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0)
                .then(ka.1.cmp(&kb.1))
                .then(ka.2.cmp(&kb.2))
        });
        order.truncate(MAX_ROWS);
        let rows: Vec<Row> = order
            .iter()
            .map(|&i| {
                let a = &report.articles[i];
                let mut flags = [0; 6];
                for f in &a.flags {
                    if let Some(k) = style::FLAG_KINDS.iter().position(|&k| k == f.kind) {
                        flags[k] += 1;
                    }
                }
                Row {
                    label: style::label(&a.id, 30),
                    score: a.reliability.as_ref().map(|r| (r.score, r.low, r.high)),
                    flags,
                }
            })
            .collect();
        let max_flags = rows
            .iter()
            .map(|r| r.flags.iter().sum::<usize>())
            .max()
            .unwrap_or(0);
        Data {
            rows,
            omitted: total.saturating_sub(MAX_ROWS),
            max_flags,
        }
    }

    fn legend() -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = vec![(
            "score (dot) and 95% interval (line)".into(),
            RGBColor(40, 40, 40),
        )];
        items.extend(style::FLAG_KINDS.iter().map(|&k| {
            (
                format!("{} flags", style::flag_name(k)),
                style::flag_colour(k),
            )
        }));
        items
    }
}

const WIDTH: u32 = 1100;

type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Chart for Data {
    const NAME: &'static str = "reliability";
    const TITLE: &'static str = "Reliability per article, with flags by kind";

    fn size(&self) -> (u32, u32) {
        let rows = self.rows.len().max(3) as u32;
        (
            WIDTH,
            90 + rows * 24 + 60 + style::legend_height(&Self::legend(), WIDTH),
        )
    }

    fn empty(&self) -> Option<&'static str> {
        (self.rows.is_empty())
            .then_some("No scores or flags (scoring found nothing, or did not run)")
    }

    fn describe(&self) -> String {
        let mut s = format!(
            "Left: reliability score (0 to 100) of {} articles, least reliable first, with 95% intervals. Right: the number of flags of each kind.",
            self.rows.len()
        );
        if self.omitted > 0 {
            s.push_str(&format!(
                " {} more reliable articles are not shown.",
                self.omitted
            ));
        }
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        if self.rows.is_empty() {
            style::none_found(
                &area,
                "No scores or flags (scoring found nothing or did not run)",
            )?;
            return root.present();
        }
        let legend = Self::legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) =
            area.split_vertically(h.saturating_sub(style::legend_height(&legend, WIDTH)));
        let (left, right) = plot.split_horizontally(720);
        let n = self.rows.len() as f64;
        let desc = if self.omitted > 0 {
            format!(
                "reliability (0-100), {} least reliable shown",
                self.rows.len()
            )
        } else {
            "reliability (0-100)".to_owned()
        };
        let mut scores = ChartBuilder::on(&left)
            .margin(12)
            .margin_right(30)
            .x_label_area_size(46)
            .y_label_area_size(250)
            .build_cartesian_2d(0f64..100f64, 0f64..n)?;
        mesh(&mut scores, &desc)?;
        self.draw_scores(&mut scores)?;
        let labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        style::row_labels(&root, &scores, &labels)?;
        let max = (self.max_flags.max(1) as f64 * 1.1).ceil();
        let mut flags = ChartBuilder::on(&right)
            .margin(12)
            .margin_right(30)
            .x_label_area_size(46)
            .y_label_area_size(8)
            .build_cartesian_2d(0f64..max, 0f64..n)?;
        mesh(&mut flags, "flags")?;
        self.draw_flags(&mut flags)?;
        style::legend(&legend_area, &legend)?;
        root.present()
    }
}

fn mesh<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, desc: &str) -> DrawResult<DB> {
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(desc)
        .axis_desc_style(style::font(style::AXIS))
        .label_style(style::font(style::LABEL))
        .draw()
}

impl Data {
    fn draw_scores<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>) -> DrawResult<DB> {
        let n = self.rows.len();
        for (i, row) in self.rows.iter().enumerate() {
            let Some((score, low, high)) = row.score else {
                continue;
            };
            let c = style::row_centre(n, i);
            let clamp = |v: f64| {
                if v.is_finite() {
                    v.clamp(0.0, 100.0)
                } else {
                    0.0
                }
            };
            let colour = style::score_colour(Some(score));
            chart.draw_series([PathElement::new(
                vec![(clamp(low), c), (clamp(high), c)],
                colour.stroke_width(3),
            )])?;
            chart.draw_series([Circle::new((clamp(score), c), 5, colour.filled())])?;
        }
        Ok(())
    }

    fn draw_flags<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>) -> DrawResult<DB> {
        let n = self.rows.len();
        for (i, row) in self.rows.iter().enumerate() {
            let c = style::row_centre(n, i);
            let mut x = 0.0;
            for (k, &count) in row.flags.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let colour = style::flag_colour(style::FLAG_KINDS[k]);
                chart.draw_series([Rectangle::new(
                    [(x, c + 0.35), (x + count as f64, c - 0.35)],
                    colour.filled(),
                )])?;
                x += count as f64;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn least_reliable_first() {
        let (_, report) = testdata::sample(50);
        let data = Data::new(&report);
        assert_eq!(data.rows.len(), MAX_ROWS);
        let scores: Vec<f64> = data
            .rows
            .iter()
            .filter_map(|r| r.score.map(|s| s.0))
            .collect();
        assert!(scores.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn unscored_report_has_no_rows() {
        let (_, report) = testdata::bare(5);
        assert!(Data::new(&report).rows.is_empty());
    }
}
