//! Similarity map: a heat map of articles × articles, cell (row, column) = share of the row
//! article's words copied from the column article, articles ordered by story.

use super::style::{self, DrawResult, MAX_ROWS};
use super::Chart;
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The chart's data.
pub(crate) struct Data {
    labels: Vec<String>,
    /// Row-major `n × n`; `None` when the pair shares nothing found.
    cells: Vec<Option<f64>>,
    omitted: usize,
    /// What the cells measure.
    measure: &'static str,
}

impl Data {
    /// The articles in most links (or near-duplicate pairs), at most [`MAX_ROWS`].
    pub(crate) fn new(report: &Report) -> Data {
        let mut measure = "share of the row article copied from the column article";
        // (row, column, value), in report order.
        let mut values: Vec<(usize, usize, f64)> = report
            .links
            .iter()
            .filter_map(|l| report.ends(l).map(|(s, d)| (d, s, l.containment)))
            .collect();
        if values.is_empty() {
            if let Some(nd) = &report.near_duplicates {
                measure = "share of the row article's shingles found in the column article";
                let index = super::index_of(report);
                for p in &nd.pairs {
                    if let (Some(&a), Some(&b)) = (index.get(p.a.as_str()), index.get(p.b.as_str()))
                    {
                        values.push((a, b, p.a_in_b));
                        values.push((b, a, p.b_in_a));
                    }
                }
            }
        }
        let mut weight = vec![0.0f64; report.articles.len()];
        let mut seen = vec![false; report.articles.len()];
        for &(a, b, v) in &values {
            for i in [a, b] {
                weight[i] += v;
                seen[i] = true;
            }
        }
        let mut chosen: Vec<usize> = (0..weight.len()).filter(|&i| seen[i]).collect();
        chosen.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
        let omitted = chosen.len().saturating_sub(MAX_ROWS);
        chosen.truncate(MAX_ROWS);
        let story = |i: usize| report.articles[i].story.unwrap_or(usize::MAX);
        chosen.sort_by_key(|&i| (story(i), i));
        let n = chosen.len();
        let mut slot = vec![None; report.articles.len()];
        for (k, &i) in chosen.iter().enumerate() {
            slot[i] = Some(k);
        }
        let mut cells = vec![None; n * n];
        for &(a, b, v) in &values {
            if let (Some(r), Some(c)) = (slot[a], slot[b]) {
                cells[r * n + c] = Some(v);
            }
        }
        let labels = chosen
            .iter()
            .enumerate()
            .map(|(k, &i)| format!("{:>2} {}", k + 1, style::label(&report.articles[i].id, 26)))
            .collect();
        Data {
            labels,
            cells,
            omitted,
            measure,
        }
    }
}

/// White (0) to dark blue (1).
fn heat(v: f64) -> RGBColor {
    let t = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let l = |a: f64, b: f64| (a + (b - a) * t) as u8;
    RGBColor(l(240.0, 8.0), l(244.0, 48.0), l(250.0, 107.0))
}

impl Chart for Data {
    const NAME: &'static str = "similarity";
    const TITLE: &'static str = "Similarity map: how much of each article comes from each other";

    fn size(&self) -> (u32, u32) {
        let n = self.labels.len().max(4) as u32;
        let cell = 22;
        (
            (300 + n * cell + 200).max(820),
            (100 + n * cell + 80).max(400),
        )
    }

    fn empty(&self) -> Option<&'static str> {
        (self.labels.is_empty()).then_some("No copied text or near-duplicates found")
    }

    fn describe(&self) -> String {
        let mut s = format!(
            "Heat map of {} articles ordered by story; the darker the cell, the larger the {}.",
            self.labels.len(),
            self.measure
        );
        if self.omitted > 0 {
            s.push_str(&format!(
                " {} less connected articles are not shown.",
                self.omitted
            ));
        }
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        let n = self.labels.len();
        if n == 0 {
            style::none_found(&area, "No copied text or near-duplicates found")?;
            return root.present();
        }
        let (w, _) = area.dim_in_pixel();
        let (plot, scale) = area.split_horizontally(w.saturating_sub(170));
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(250)
            .build_cartesian_2d(0f64..n as f64, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(0)
            .x_labels(0)
            .x_desc("column: the source article (numbered as in the rows)")
            .y_desc("row: the derived article")
            .axis_desc_style(style::font(style::AXIS))
            .draw()?;
        let mut rects = Vec::with_capacity(n * n);
        for r in 0..n {
            for c in 0..n {
                let y = n as f64 - r as f64;
                let fill = match self.cells[r * n + c] {
                    _ if r == c => RGBColor(150, 150, 150),
                    Some(v) => heat(v),
                    None => RGBColor(252, 252, 252),
                };
                let mut rect =
                    Rectangle::new([(c as f64, y), (c as f64 + 1.0, y - 1.0)], fill.filled());
                rect.set_margin(1, 1, 1, 1);
                rects.push(rect);
            }
        }
        chart.draw_series(rects)?;
        style::row_labels(&root, &chart, &self.labels)?;
        let small = style::font(11).pos(Pos::new(HPos::Center, VPos::Top));
        for c in 0..n {
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            root.draw(&Text::new(
                format!("{}", c + 1),
                (px, py + 4),
                small.clone(),
            ))?;
        }
        colour_scale(&scale)?;
        root.present()
    }
}

/// A vertical colour bar from 0 to 1 with ticks and a caption.
fn colour_scale<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
    let (x, top, height) = (20, 30, 200);
    for k in 0..height {
        let v = 1.0 - f64::from(k) / f64::from(height);
        area.draw(&Rectangle::new(
            [(x, top + k), (x + 20, top + k + 1)],
            heat(v).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(x, top), (x + 20, top + height)],
        BLACK.stroke_width(1),
    ))?;
    let tick = style::font(style::LABEL).pos(Pos::new(HPos::Left, VPos::Center));
    for (v, text) in [(1.0, "100%"), (0.5, "50%"), (0.0, "0%")] {
        let y = top + ((1.0 - v) * f64::from(height)) as i32;
        area.draw(&Text::new(text, (x + 26, y), tick.clone()))?;
    }
    let cap = style::font(style::LABEL).pos(Pos::new(HPos::Left, VPos::Top));
    area.draw(&Text::new(
        "share copied",
        (x - 10, top + height + 14),
        cap.clone(),
    ))?;
    area.draw(&Rectangle::new(
        [(x, top + height + 40), (x + 20, top + height + 54)],
        RGBColor(150, 150, 150).filled(),
    ))?;
    area.draw(&Text::new("same article", (x + 26, top + height + 40), cap))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn cells_hold_link_containment() {
        let (_, report) = testdata::sample(8);
        let data = Data::new(&report);
        let n = data.labels.len();
        assert!(n >= 2);
        assert!(data.cells.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(data.cells.iter().flatten().count(), report.links.len());
        assert!((0..n).all(|i| data.cells[i * n + i].is_none()));
    }
}
