//! Similarity distribution: histogram of pair similarities, with the LSH S-curve
//! `1 - (1 - s^r)^b` (the chance a pair of similarity `s` becomes a candidate).

use super::style::{self, DrawResult};
use super::Chart;
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;

const BINS: usize = 20;

/// The chart's data.
pub(crate) struct Data {
    /// Pair counts in [`BINS`] equal bins over 0..=1.
    counts: [usize; BINS],
    pairs: usize,
    /// (bands, rows, threshold) when the near-duplicate stage ran.
    lsh: Option<(usize, usize, f64)>,
    measure: &'static str,
}

/// Probability that LSH with `b` bands of `r` rows makes a pair of similarity `s` a candidate.
pub(crate) fn s_curve(s: f64, bands: usize, rows: usize) -> f64 {
    let r = i32::try_from(rows).unwrap_or(i32::MAX);
    let b = i32::try_from(bands).unwrap_or(i32::MAX);
    1.0 - (1.0 - s.powi(r)).powi(b)
}

impl Data {
    /// Near-duplicate pair Jaccard similarities, or link containments when that stage did not
    /// run.
    pub(crate) fn new(report: &Report) -> Data {
        let (values, measure, lsh): (Vec<f64>, _, _) = match &report.near_duplicates {
            Some(nd) => (
                nd.pairs.iter().map(|p| p.jaccard).collect(),
                "Jaccard similarity of the pair",
                Some((nd.bands, nd.rows, nd.threshold)),
            ),
            None => (
                report.links.iter().map(|l| l.containment).collect(),
                "containment of the link (share of derived words copied)",
                None,
            ),
        };
        let mut counts = [0; BINS];
        for v in values.iter().filter(|v| v.is_finite()) {
            let bin = ((v.clamp(0.0, 1.0) * BINS as f64) as usize).min(BINS - 1);
            counts[bin] += 1;
        }
        Data {
            counts,
            pairs: values.len(),
            lsh: lsh.filter(|&(b, r, _)| b > 0 && r > 0),
            measure,
        }
    }
}

impl Chart for Data {
    const NAME: &'static str = "distribution";
    const TITLE: &'static str = "Distribution of pair similarities";

    fn size(&self) -> (u32, u32) {
        (1000, 560)
    }

    fn empty(&self) -> Option<&'static str> {
        (self.pairs == 0).then_some("No similar pairs found")
    }

    fn describe(&self) -> String {
        let mut s = format!(
            "Histogram of the {} of {} pairs in bins of 0.05",
            self.measure, self.pairs
        );
        if let Some((b, r, _)) = self.lsh {
            s.push_str(&format!(
                ", with the LSH candidate probability 1-(1-s^{r})^{b} on the right axis"
            ));
        }
        s.push('.');
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        if self.pairs == 0 && self.lsh.is_none() {
            style::none_found(&area, "No similar pairs found")?;
            return root.present();
        }
        let top = self.counts.iter().copied().max().unwrap_or(0).max(1);
        // Small counts get whole-number ticks; large ones a 15% headroom.
        let (max, ticks) = if top < 10 {
            ((top + 1) as f64, top + 2)
        } else {
            (top as f64 * 1.15, 10)
        };
        let mut chart = ChartBuilder::on(&area)
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .right_y_label_area_size(70)
            .build_cartesian_2d(0f64..1f64, 0f64..max)?
            .set_secondary_coord(0f64..1f64, 0f64..1.05f64);
        chart
            .configure_mesh()
            .x_desc(self.measure)
            .y_desc("pairs")
            .y_labels(ticks)
            .y_label_formatter(&|v| {
                if (v - v.round()).abs() < 1e-6 {
                    format!("{v:.0}")
                } else {
                    String::new()
                }
            })
            .axis_desc_style(style::font(style::AXIS))
            .label_style(style::font(style::LABEL))
            .draw()?;
        let bar = style::palette(0);
        chart
            .draw_series(self.counts.iter().enumerate().map(|(k, &c)| {
                let x = k as f64 / BINS as f64;
                let mut r =
                    Rectangle::new([(x, c as f64), (x + 1.0 / BINS as f64, 0.0)], bar.filled());
                r.set_margin(0, 0, 1, 1);
                r
            }))?
            .label(format!("pairs ({})", self.pairs))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], bar.filled()));
        if let Some((b, r, t)) = self.lsh {
            chart
                .configure_secondary_axes()
                .y_desc("candidate probability")
                .axis_desc_style(style::font(style::AXIS))
                .label_style(style::font(style::LABEL))
                .draw()?;
            let red = RGBColor(200, 0, 0);
            chart
                .draw_secondary_series(LineSeries::new(
                    (0..=200).map(|k| {
                        let s = f64::from(k) / 200.0;
                        (s, s_curve(s, b, r))
                    }),
                    red.stroke_width(3),
                ))?
                .label(format!("LSH S-curve, b={b}, r={r}"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 14, y)], red.stroke_width(3))
                });
            let grey = RGBColor(90, 90, 90);
            chart
                .draw_secondary_series(LineSeries::new(
                    vec![(t, 0.0), (t, 1.05)],
                    grey.stroke_width(1),
                ))?
                .label(format!("threshold {t:.2}"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 14, y)], grey.stroke_width(1))
                });
        }
        style::series_labels(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn s_curve_is_monotone_with_the_right_ends() {
        assert_eq!(s_curve(0.0, 20, 5), 0.0);
        assert!((s_curve(1.0, 20, 5) - 1.0).abs() < 1e-12);
        let t = (1.0f64 / 20.0).powf(1.0 / 5.0);
        assert!((s_curve(t, 20, 5) - 0.64).abs() < 0.02);
        let v: Vec<f64> = (0..=10)
            .map(|k| s_curve(f64::from(k) / 10.0, 20, 5))
            .collect();
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn counts_every_pair() {
        let (_, report) = testdata::sample(30);
        let data = Data::new(&report);
        assert_eq!(data.counts.iter().sum::<usize>(), data.pairs);
        assert_eq!(data.lsh, Some((20, 5, 0.5)));
    }
}
