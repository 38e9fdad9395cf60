//! Copy network: sources on the left, the articles that copied them to the right (one column
//! per copying step), arrows weighted by copied words, circles sized by length and coloured
//! by reliability. See [`layout`] for what is shown when there are many articles.

mod layout;

use super::style::{self, DrawResult, LegendItem, MAX_ROWS};
use super::Chart;
use crate::align::LinkKind;
use crate::report::Report;
use layout::{Layout, LinkIn};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 1100;
/// Pixels per row of the tallest column.
const ROW_STEP: u32 = 24;
/// Room for node labels left of the first column and right of the others.
const LABEL_ROOM: i32 = 250;
/// Links are labelled with their copied words when there are at most this many.
const MAX_WEIGHT_LABELS: usize = 12;
/// Label characters kept of an article id.
const LABEL_CHARS: usize = 24;

struct Node {
    label: String,
    words: usize,
    score: Option<f64>,
}

/// The chart's data.
pub(crate) struct Data {
    nodes: Vec<Node>,
    layout: Layout,
    omitted_links: usize,
}

impl Data {
    /// Keeps each article's main source link, the strongest first; see [`layout`].
    pub(crate) fn new(report: &Report) -> Data {
        let links: Vec<LinkIn> = report
            .links
            .iter()
            .filter_map(|l| {
                let (source, derived) = report.ends(l)?;
                Some(LinkIn {
                    source,
                    derived,
                    words: l.copied_words,
                    common_source: l.kind == LinkKind::CommonSource,
                })
            })
            .collect();
        let story = |i: usize| report.articles[i].story.unwrap_or(usize::MAX);
        let layout = layout::layout(&links, report.articles.len(), story);
        let nodes = layout
            .articles
            .iter()
            .zip(&layout.hidden_copies)
            .map(|(&i, &hidden)| {
                let a = &report.articles[i];
                let mut label = style::label(&a.id, LABEL_CHARS);
                if hidden > 0 {
                    label.push_str(&format!(" (+{hidden} more copies)"));
                }
                Node {
                    label,
                    words: a.counts.words,
                    score: a.reliability.as_ref().map(|r| r.score),
                }
            })
            .collect();
        Data {
            nodes,
            omitted_links: report.links.len().saturating_sub(layout.edges.len()),
            layout,
        }
    }

    fn legend(&self) -> Vec<LegendItem> {
        let mut items = vec![
            ("reliability 0".into(), style::score_colour(Some(0.0))),
            ("50".into(), style::score_colour(Some(50.0))),
            ("100".into(), style::score_colour(Some(100.0))),
            ("not scored".into(), style::GREY),
            ("main source → derived (width = words copied)".into(), MAIN),
        ];
        if self.layout.edges.iter().any(|e| !e.main) {
            items.push(("other copying link".into(), EXTRA));
        }
        items.push((
            "circle size = article length".into(),
            RGBColor(255, 255, 255),
        ));
        items
    }
}

const MAIN: RGBColor = RGBColor(60, 60, 60);
const EXTRA: RGBColor = RGBColor(0, 114, 178);

impl Chart for Data {
    const NAME: &'static str = "network";
    const TITLE: &'static str = "Copy network: who copied whom";

    fn size(&self) -> (u32, u32) {
        let rows = self.layout.column_sizes.iter().copied().max().unwrap_or(1) as u32;
        let legend = style::legend_height(&self.legend(), WIDTH);
        (WIDTH, (60 + rows * ROW_STEP + 40).max(420) + legend)
    }

    fn empty(&self) -> Option<&'static str> {
        (self.layout.edges.is_empty()).then_some("No copying links found")
    }

    fn describe(&self) -> String {
        let main = self.layout.edges.iter().filter(|e| e.main).count();
        let extra = match self.layout.edges.len() - main {
            0 => String::new(),
            1 => " and 1 other copying link".to_owned(),
            n => format!(" and {n} other copying links"),
        };
        let mut s = format!(
            "{} articles in {} columns: articles that copied from no other shown article on the \
             left, each derived article right of its main source. {} arrows from main source to \
             derived article{extra}, thicker for more copied words; circle size is article \
             length and colour its reliability.",
            self.nodes.len(),
            self.layout.column_sizes.len(),
            main,
        );
        match self.omitted_links {
            0 => {}
            1 => s.push_str(" 1 weaker or repeated link is not shown (it is in report.json)."),
            n => s.push_str(&format!(
                " {n} weaker or repeated links are not shown (all are in report.json)."
            )),
        }
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) =
            area.split_vertically(h.saturating_sub(style::legend_height(&legend, WIDTH)));
        let centres = self.centres(&plot);
        self.draw_captions(&plot, &centres)?;
        self.draw_edges(&plot, &centres)?;
        self.draw_weights(&plot, &centres)?;
        self.draw_nodes(&plot, &centres)?;
        style::legend(&legend_area, &legend)?;
        root.present()
    }
}

impl Data {
    /// Pixels between rows of column `c`.
    fn step(&self, area_h: u32, c: usize) -> f64 {
        let n = self.layout.column_sizes.get(c).copied().unwrap_or(1).max(1);
        (f64::from(area_h) - 40.0) / n as f64
    }

    fn radius(&self, i: usize, area_h: u32) -> i32 {
        let max = self.nodes.iter().map(|n| n.words).max().unwrap_or(1).max(1) as f64;
        let by_length = 5.0 + 17.0 * (self.nodes[i].words as f64 / max).sqrt();
        let room = self.step(area_h, self.layout.column[i]) / 2.0 - 2.0;
        by_length.min(room.max(3.0)) as i32
    }

    fn centres<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Vec<(i32, i32)> {
        let (w, h) = area.dim_in_pixel();
        let columns = self.layout.column_sizes.len().max(2);
        let (left, right) = (LABEL_ROOM, w as i32 - LABEL_ROOM);
        (0..self.nodes.len())
            .map(|i| {
                let c = self.layout.column[i];
                let x = left + (right - left) * c as i32 / (columns as i32 - 1);
                let step = self.step(h, c);
                let y = 20.0 + step * (self.layout.row[i] as f64 + 0.5);
                (x, y as i32)
            })
            .collect()
    }

    fn draw_edges<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        let max = self.layout.edges.iter().map(|e| e.words).max().unwrap_or(1) as f64;
        // Secondary links first, so main links are drawn over them.
        let mut edges = self.layout.edges.clone();
        edges.sort_by_key(|e| e.main);
        for e in &edges {
            let width = 1 + (5.0 * e.words as f64 / max.max(1.0)) as u32;
            let colour = if e.main {
                MAIN.mix(0.75)
            } else {
                EXTRA.mix(0.55)
            };
            let (from, to) = (at[e.from], at[e.to]);
            let column = self.layout.column[e.from];
            let bend = if column == self.layout.column[e.to] {
                // Bow away from the labels: right in the first column, left in the others.
                let away = if column == 0 { 1.0 } else { -1.0 };
                let down = if to.1 > from.1 { -1.0 } else { 1.0 };
                (40.0 + f64::from((to.1 - from.1).abs()) * 0.15) * away * down
            } else if e.main {
                0.0
            } else {
                30.0
            };
            let path = curve(from, to, bend);
            let tip_gap = f64::from(self.radius(e.to, h) + 2);
            arrow(area, &path, tip_gap, colour, width)?;
        }
        Ok(())
    }

    /// Names the columns above them.
    fn draw_captions<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        let font = style::font(style::LABEL)
            .color(&RGBColor(90, 90, 90))
            .pos(Pos::new(HPos::Center, VPos::Top));
        for c in 0..self.layout.column_sizes.len() {
            let Some(i) = (0..self.nodes.len()).find(|&i| self.layout.column[i] == c) else {
                continue;
            };
            let text = match c {
                0 => "sources".to_owned(),
                1 => "copied from a source".to_owned(),
                _ => format!("{c} copying steps from a source"),
            };
            area.draw(&Text::new(text, (at[i].0, 2), font.clone()))?;
        }
        Ok(())
    }

    /// Writes the copied words at the middle of each main link, when there are few.
    fn draw_weights<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        if self.layout.edges.len() > MAX_WEIGHT_LABELS {
            return Ok(());
        }
        let font = style::font(style::LABEL).pos(Pos::new(HPos::Center, VPos::Center));
        for e in self.layout.edges.iter().filter(|e| e.main) {
            let (a, b) = (at[e.from], at[e.to]);
            let text = format!("{} words", e.words);
            let (tw, th) = area.estimate_text_size(&text, &font)?;
            let (x, y) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
            let (hw, hh) = (tw as i32 / 2 + 3, th as i32 / 2 + 1);
            area.draw(&Rectangle::new(
                [(x - hw, y - hh), (x + hw, y + hh)],
                WHITE.mix(0.9).filled(),
            ))?;
            area.draw(&Text::new(text, (x, y), font.clone()))?;
        }
        Ok(())
    }

    fn draw_nodes<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        at: &[(i32, i32)],
    ) -> DrawResult<DB> {
        let (_, h) = area.dim_in_pixel();
        for (i, node) in self.nodes.iter().enumerate() {
            let (x, y) = at[i];
            let r = self.radius(i, h);
            let fill = style::score_colour(node.score).filled();
            area.draw(&Circle::new((x, y), r, fill))?;
            area.draw(&Circle::new((x, y), r, BLACK.stroke_width(1)))?;
            let left = self.layout.column[i] == 0;
            let (anchor, lx) = if left {
                (HPos::Right, x - r - 6)
            } else {
                (HPos::Left, x + r + 6)
            };
            let font = style::font(style::LABEL).pos(Pos::new(anchor, VPos::Center));
            let (tw, th) = area.estimate_text_size(&node.label, &font)?;
            let (tw, th) = (tw as i32, th as i32);
            let x0 = if left { lx - tw - 2 } else { lx - 2 };
            area.draw(&Rectangle::new(
                [(x0, y - th / 2 - 1), (x0 + tw + 4, y + th / 2 + 1)],
                WHITE.mix(0.85).filled(),
            ))?;
            area.draw(&Text::new(node.label.clone(), (lx, y), font))?;
        }
        Ok(())
    }
}

/// Points of a quadratic curve from `a` to `b`, bowed `bend` pixels to the right of the
/// direction of travel (a straight segment when `bend` is 0).
fn curve(a: (i32, i32), b: (i32, i32), bend: f64) -> Vec<(f64, f64)> {
    let (ax, ay, bx, by) = (
        f64::from(a.0),
        f64::from(a.1),
        f64::from(b.0),
        f64::from(b.1),
    );
    if bend == 0.0 {
        return vec![(ax, ay), (bx, by)];
    }
    let (dx, dy) = (bx - ax, by - ay);
    let len = dx.hypot(dy).max(1.0);
    let (cx, cy) = (
        (ax + bx) / 2.0 - dy / len * bend,
        (ay + by) / 2.0 + dx / len * bend,
    );
    (0..=24)
        .map(|k| {
            let t = f64::from(k) / 24.0;
            let u = 1.0 - t;
            (
                u * u * ax + 2.0 * u * t * cx + t * t * bx,
                u * u * ay + 2.0 * u * t * cy + t * t * by,
            )
        })
        .collect()
}

/// Draws `path` as a line ending in an arrowhead `gap` pixels before its last point.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    path: &[(f64, f64)],
    gap: f64,
    colour: RGBAColor,
    width: u32,
) -> DrawResult<DB> {
    let (Some(&end), Some(&before)) = (path.last(), path.iter().rev().nth(1)) else {
        return Ok(());
    };
    let (dx, dy) = (end.0 - before.0, end.1 - before.1);
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let tip = (end.0 - ux * gap, end.1 - uy * gap);
    let head = 10.0 + f64::from(width);
    let base = (tip.0 - ux * head, tip.1 - uy * head);
    // Stop the line at the arrowhead's base: drop points past it.
    let mut line: Vec<(i32, i32)> = path
        .iter()
        .take_while(|p| (p.0 - base.0) * ux + (p.1 - base.1) * uy < 0.0)
        .map(|&(x, y)| (x as i32, y as i32))
        .collect();
    line.push((base.0 as i32, base.1 as i32));
    area.draw(&PathElement::new(line, colour.stroke_width(width)))?;
    let side = (-uy * head * 0.45, ux * head * 0.45);
    area.draw(&Polygon::new(
        vec![
            (tip.0 as i32, tip.1 as i32),
            ((base.0 + side.0) as i32, (base.1 + side.1) as i32),
            ((base.0 - side.0) as i32, (base.1 - side.1) as i32),
        ],
        colour.filled(),
    ))
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
        assert!(!data.layout.edges.is_empty());
        assert!(data
            .layout
            .edges
            .iter()
            .all(|e| e.from < data.nodes.len() && e.to < data.nodes.len()));
    }

    #[test]
    fn curves_start_and_end_at_their_points() {
        let c = curve((0, 0), (100, 0), 30.0);
        assert_eq!(c.first(), Some(&(0.0, 0.0)));
        assert_eq!(c.last(), Some(&(100.0, 0.0)));
        assert!(c.iter().any(|p| p.1 > 10.0), "bowed to the right of travel");
    }
}
