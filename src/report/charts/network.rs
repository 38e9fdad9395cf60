//! Copy network: articles on a circle (grouped by story), sized by length, coloured by
//! reliability, with arrows from source to derived weighted by copied words.

use super::style::{self, DrawResult, LegendItem, MAX_ROWS};
use super::Chart;
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// At most this many links are drawn (the ones with most copied words).
const MAX_LINKS: usize = 80;

struct Node {
    label: String,
    words: usize,
    score: Option<f64>,
}

/// The chart's data.
pub(crate) struct Data {
    nodes: Vec<Node>,
    /// (source node, derived node, copied words).
    edges: Vec<(usize, usize, usize)>,
    omitted_links: usize,
}

impl Data {
    /// Keeps the links with the most copied words and the articles they join.
    pub(crate) fn new(report: &Report) -> Data {
        let mut links: Vec<(usize, usize, usize)> = report
            .links
            .iter()
            .filter_map(|l| report.ends(l).map(|(s, d)| (s, d, l.copied_words)))
            .collect();
        links.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        let mut kept: Vec<usize> = Vec::new();
        let mut edges_idx = Vec::new();
        for &(s, d, w) in links.iter().take(MAX_LINKS) {
            let new = [s, d].iter().filter(|x| !kept.contains(x)).count();
            if kept.len() + new > MAX_ROWS {
                continue;
            }
            for x in [s, d] {
                if !kept.contains(&x) {
                    kept.push(x);
                }
            }
            edges_idx.push((s, d, w));
        }
        let story = |i: usize| report.articles[i].story.unwrap_or(usize::MAX);
        kept.sort_by_key(|&i| (story(i), i));
        let pos = |i: usize| kept.iter().position(|&k| k == i).unwrap_or(0);
        let edges = edges_idx
            .iter()
            .map(|&(s, d, w)| (pos(s), pos(d), w))
            .collect();
        let nodes = kept
            .iter()
            .map(|&i| {
                let a = &report.articles[i];
                Node {
                    label: style::label(&a.id, 34),
                    words: a.counts.words,
                    score: a.reliability.as_ref().map(|r| r.score),
                }
            })
            .collect();
        Data {
            nodes,
            edges,
            omitted_links: report.links.len().saturating_sub(edges_idx.len()),
        }
    }

    fn legend(&self) -> Vec<LegendItem> {
        vec![
            ("reliability 0".into(), style::score_colour(Some(0.0))),
            ("50".into(), style::score_colour(Some(50.0))),
            ("100".into(), style::score_colour(Some(100.0))),
            ("not scored".into(), style::GREY),
            (
                "arrow: source → derived, width = words copied".into(),
                RGBColor(60, 60, 60),
            ),
            (
                "circle size = article length".into(),
                RGBColor(255, 255, 255),
            ),
        ]
    }
}

const WIDTH: u32 = 1100;
const HEIGHT: u32 = 820;

impl Chart for Data {
    const NAME: &'static str = "network";
    const TITLE: &'static str = "Copy network: who copied whom";

    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }

    fn empty(&self) -> Option<&'static str> {
        (self.edges.is_empty()).then_some("No copying links found")
    }

    fn describe(&self) -> String {
        let mut s = format!(
            "{} articles on a circle grouped by story; {} arrows from source to derived article, thicker for more copied words; circle size is article length and colour its reliability.",
            self.nodes.len(),
            self.edges.len()
        );
        if self.omitted_links > 0 {
            s.push_str(&format!(
                " {} smaller links are not shown.",
                self.omitted_links
            ));
        }
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        if self.edges.is_empty() {
            style::none_found(&area, "No copying links found")?;
            return root.present();
        }
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) =
            area.split_vertically(h.saturating_sub(style::legend_height(&legend, WIDTH)));
        let (circle, key) = plot.split_horizontally(700);
        let centres = self.layout(&circle);
        self.draw_edges(&circle, &centres)?;
        self.draw_nodes(&circle, &centres)?;
        self.draw_key(&key)?;
        style::legend(&legend_area, &legend)?;
        root.present()
    }
}

impl Data {
    fn radius(&self, i: usize) -> i32 {
        let max = self.nodes.iter().map(|n| n.words).max().unwrap_or(1).max(1) as f64;
        (6.0 + 14.0 * (self.nodes[i].words as f64 / max).sqrt()) as i32
    }

    fn layout<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Vec<(i32, i32)> {
        let (w, h) = area.dim_in_pixel();
        let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
        let r = (w.min(h) as f64 / 2.0 - 50.0).max(20.0);
        let n = self.nodes.len().max(1) as f64;
        (0..self.nodes.len())
            .map(|i| {
                let t = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
                ((cx + r * t.cos()) as i32, (cy + r * t.sin()) as i32)
            })
            .collect()
    }

    fn draw_edges<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        let max = self.edges.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
        let colour = RGBColor(60, 60, 60).mix(0.7);
        for &(s, d, w) in &self.edges {
            let ((x0, y0), (x1, y1)) = (at[s], at[d]);
            let (dx, dy) = (f64::from(x1 - x0), f64::from(y1 - y0));
            let len = dx.hypot(dy).max(1.0);
            let (ux, uy) = (dx / len, dy / len);
            let back = f64::from(self.radius(d) + 2);
            let tip = (x1 - (ux * back) as i32, y1 - (uy * back) as i32);
            let width = 1 + (5.0 * w as f64 / max) as u32;
            let base = (tip.0 as f64 - ux * 14.0, tip.1 as f64 - uy * 14.0);
            area.draw(&PathElement::new(
                vec![(x0, y0), (base.0 as i32, base.1 as i32)],
                colour.stroke_width(width),
            ))?;
            let side = (-uy * 6.0, ux * 6.0);
            area.draw(&Polygon::new(
                vec![
                    tip,
                    ((base.0 + side.0) as i32, (base.1 + side.1) as i32),
                    ((base.0 - side.0) as i32, (base.1 - side.1) as i32),
                ],
                colour.filled(),
            ))?;
        }
        Ok(())
    }

    fn draw_nodes<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        let (w, h) = area.dim_in_pixel();
        let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
        let style = style::font(style::LABEL).pos(Pos::new(HPos::Center, VPos::Center));
        for (i, node) in self.nodes.iter().enumerate() {
            let (x, y) = at[i];
            let r = self.radius(i);
            area.draw(&Circle::new(
                (x, y),
                r,
                style::score_colour(node.score).filled(),
            ))?;
            area.draw(&Circle::new((x, y), r, BLACK.stroke_width(1)))?;
            let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
            let len = dx.hypot(dy).max(1.0);
            let off = f64::from(r) + 14.0;
            let lp = (
                (f64::from(x) + dx / len * off) as i32,
                (f64::from(y) + dy / len * off) as i32,
            );
            area.draw(&Text::new(format!("{}", i + 1), lp, style.clone()))?;
        }
        Ok(())
    }

    fn draw_key<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let style = style::font(style::LABEL).pos(Pos::new(HPos::Left, VPos::Center));
        let (_, h) = area.dim_in_pixel();
        let step = ((h as i32 - 20) / self.nodes.len().max(1) as i32).clamp(14, 18);
        for (i, node) in self.nodes.iter().enumerate() {
            let y = 14 + step * i as i32;
            area.draw(&Text::new(
                format!("{:>2}  {}", i + 1, node.label),
                (10, y),
                style.clone(),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn keeps_at_most_max_rows_nodes() {
        let (_, report) = testdata::sample(200);
        let data = Data::new(&report);
        assert!(data.nodes.len() <= MAX_ROWS);
        assert!(!data.edges.is_empty());
        assert!(data
            .edges
            .iter()
            .all(|&(s, d, _)| s < data.nodes.len() && d < data.nodes.len()));
    }
}
