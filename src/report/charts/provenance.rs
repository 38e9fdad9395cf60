//! Provenance strips: each article a bar along its text, cut into segments coloured by the
//! source of each copied passage, with flagged spans marked underneath.

use super::style::{self, DrawResult, LegendItem, MAX_ROWS};
use super::Chart;
use crate::report::{LinkEntry, Report};
use crate::score::FlagKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// Links drawn per article (an article copied from more sources is unreadable anyway).
const MAX_LINKS_PER_ROW: usize = 200;

/// Sources with their own colour; with more sources than this, colours mean roles instead.
const SOURCE_SLOTS: usize = 8;

struct Row {
    label: String,
    bytes: usize,
    /// (start, end, source slot) in bytes of the article text.
    segments: Vec<(usize, usize, usize)>,
    flags: Vec<(usize, usize, FlagKind)>,
}

/// The chart's data.
pub(crate) struct Data {
    rows: Vec<Row>,
    /// Legend text and colour slot of each source colour in use.
    sources: Vec<(String, usize)>,
    /// Whether colours mean each row's main and second source rather than named sources.
    by_role: bool,
    omitted: usize,
}

impl Data {
    /// Picks the articles with the most copied or flagged text (at most [`MAX_ROWS`]).
    pub(crate) fn new(report: &Report, texts: &[&str]) -> Data {
        let n = report.articles.len();
        // Copied bytes per derived article.
        let mut copied = vec![0usize; n];
        let mut of_derived: BTreeMap<usize, Vec<&LinkEntry>> = BTreeMap::new();
        for l in &report.links {
            let Some((s, d)) = report.ends(l) else {
                continue;
            };
            copied[d] += copied_bytes(l);
            if s != d {
                of_derived.entry(d).or_default().push(l);
            }
        }
        let mut ranked: Vec<usize> = (0..n).collect();
        let interest = |i: usize| {
            let a = &report.articles[i];
            copied[i] as f64 / a.bytes.max(1) as f64 + a.flags.len() as f64 * 0.01
        };
        ranked.sort_by(|&a, &b| interest(b).total_cmp(&interest(a)).then(a.cmp(&b)));
        ranked.truncate(MAX_ROWS);
        ranked.sort_unstable();
        // Colours go to the sources with most copied bytes in the rows shown. When the rows
        // copy from more sources than there are colours, colours mean a role instead: each
        // row's main source (named beside the row), its second source, further sources.
        let shown_links = ranked
            .iter()
            .filter_map(|i| of_derived.get(i))
            .flatten()
            .copied();
        let ranked_sources = sources_by_bytes(report, shown_links);
        let by_role = ranked_sources.len() > SOURCE_SLOTS;
        let sources: Vec<(String, usize)> = if by_role {
            vec![
                ("from the row's main source (after ←)".to_owned(), 0),
                ("from its second source".to_owned(), 1),
                ("from further sources".to_owned(), SOURCE_SLOTS),
            ]
        } else {
            ranked_sources
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    (
                        format!("from {}", style::label(&report.articles[s].id, 28)),
                        k,
                    )
                })
                .collect()
        };
        let named: BTreeMap<usize, usize> = if by_role {
            BTreeMap::new()
        } else {
            ranked_sources
                .iter()
                .enumerate()
                .map(|(k, &s)| (s, k))
                .collect()
        };
        let rows = ranked
            .iter()
            .map(|&i| {
                let links = of_derived.get(&i).map_or(&[][..], |v| v.as_slice());
                let len = texts.get(i).map_or(0, |t| t.len());
                if by_role {
                    let roles = roles_of(report, links);
                    let main = roles.iter().find(|&(_, &slot)| slot == 0).map(|(&s, _)| s);
                    let mut r = row(report, links, &roles, len, i);
                    if let Some(m) = main {
                        r.label = format!(
                            "{} ← {}",
                            style::label(&report.articles[i].id, 14),
                            style::label(&report.articles[m].id, 14)
                        );
                    }
                    r
                } else {
                    row(report, links, &named, len, i)
                }
            })
            .collect();
        Data {
            rows,
            sources,
            by_role,
            omitted: n.saturating_sub(MAX_ROWS),
        }
    }
}

/// Bytes of the derived article that a link's passages cover.
fn copied_bytes(l: &LinkEntry) -> usize {
    l.passages.iter().map(|p| p.derived_span.len()).sum()
}

/// The source articles of these links, most copied bytes first (ties by position).
fn sources_by_bytes<'a>(report: &Report, links: impl Iterator<Item = &'a LinkEntry>) -> Vec<usize> {
    let mut by_source: BTreeMap<usize, usize> = BTreeMap::new();
    for l in links {
        if let Some((s, _)) = report.ends(l) {
            *by_source.entry(s).or_default() += copied_bytes(l);
        }
    }
    let mut sources: Vec<(usize, usize)> = by_source.into_iter().collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sources.into_iter().map(|(s, _)| s).collect()
}

/// One row's sources by role: its main source slot 0, the second slot 1, the rest "further".
fn roles_of(report: &Report, links: &[&LinkEntry]) -> BTreeMap<usize, usize> {
    sources_by_bytes(report, links.iter().take(MAX_LINKS_PER_ROW).copied())
        .into_iter()
        .enumerate()
        .map(|(k, s)| (s, if k < 2 { k } else { SOURCE_SLOTS }))
        .collect()
}

fn row(
    report: &Report,
    links: &[&LinkEntry],
    slot_of: &BTreeMap<usize, usize>,
    text_len: usize,
    i: usize,
) -> Row {
    let a = &report.articles[i];
    let bytes = a.bytes.max(text_len).max(1);
    let mut segments = Vec::new();
    for l in links.iter().take(MAX_LINKS_PER_ROW) {
        let Some(slot) = report.ends(l).and_then(|(s, _)| slot_of.get(&s)) else {
            continue;
        };
        for p in &l.passages {
            segments.push((
                p.derived_span.start as usize,
                p.derived_span.end as usize,
                *slot,
            ));
        }
    }
    // Where passages from several sources overlap, lower slots (stronger sources) are drawn
    // last (on top), so "further sources" never hides them.
    segments.sort_by_key(|&(start, end, slot)| (std::cmp::Reverse(slot), start, end));
    Row {
        label: style::label(&a.id, 30),
        bytes,
        segments,
        flags: a.flags.iter().map(|f| (f.start, f.end, f.kind)).collect(),
    }
}

impl Data {
    fn legend(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = vec![("own or unattributed text".into(), style::GREY)];
        items.extend(
            self.sources
                .iter()
                .map(|(name, slot)| (name.clone(), slot_colour(*slot))),
        );
        let present = |k| self.rows.iter().any(|r| r.flags.iter().any(|f| f.2 == k));
        items.extend(style::FLAG_KINDS.iter().filter(|&&k| present(k)).map(|&k| {
            (
                format!("flag: {}", style::flag_name(k)),
                style::flag_colour(k),
            )
        }));
        items
    }
}

fn slot_colour(slot: usize) -> RGBColor {
    if slot >= SOURCE_SLOTS {
        RGBColor(105, 105, 105)
    } else {
        style::palette(slot)
    }
}

const WIDTH: u32 = 1100;

impl Chart for Data {
    const NAME: &'static str = "provenance";
    const TITLE: &'static str = "Where each article's text comes from";

    fn size(&self) -> (u32, u32) {
        let rows = self.rows.len().max(3) as u32;
        (
            WIDTH,
            90 + rows * 30 + 60 + style::legend_height(&self.legend(), WIDTH),
        )
    }

    fn empty(&self) -> Option<&'static str> {
        (self.rows.is_empty()).then_some("No articles")
    }

    fn describe(&self) -> String {
        let whose = if self.by_role {
            "its main source (named after the arrow beside the bar), its second source or further sources"
        } else {
            "the source in the legend"
        };
        let mut s = format!(
            "One bar per article ({} shown) along its text from start to end: coloured segments are passages copied from {whose}, marks below the bar are flagged spans.",
            self.rows.len()
        );
        if self.omitted > 0 {
            s.push_str(&format!(
                " {} articles with less copied text are not shown.",
                self.omitted
            ));
        }
        s
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let area = style::frame(&root, Self::TITLE)?;
        if self.rows.is_empty() {
            style::none_found(&area, "No articles")?;
            return root.present();
        }
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) =
            area.split_vertically(h.saturating_sub(style::legend_height(&legend, WIDTH)));
        let n = self.rows.len();
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .margin_right(30)
            .x_label_area_size(46)
            .y_label_area_size(250)
            .build_cartesian_2d(0f64..100f64, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(if self.omitted > 0 {
                format!("position in the article text (%); top {n} articles by copied share")
            } else {
                "position in the article text (%)".to_owned()
            })
            .axis_desc_style(style::font(style::AXIS))
            .label_style(style::font(style::LABEL))
            .draw()?;
        for (i, row) in self.rows.iter().enumerate() {
            draw_row(&mut chart, n, i, row)?;
        }
        let labels: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        style::row_labels(&root, &chart, &labels)?;
        style::legend(&legend_area, &legend)?;
        root.present()
    }
}

fn draw_row<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    n: usize,
    i: usize,
    row: &Row,
) -> DrawResult<DB> {
    let c = style::row_centre(n, i);
    let pct = |b: usize| (b.min(row.bytes) as f64 / row.bytes as f64) * 100.0;
    let (bar_top, bar_bottom) = (c + 0.38, c - 0.12);
    let mut rects = vec![Rectangle::new(
        [(0.0, bar_top), (100.0, bar_bottom)],
        style::GREY.filled(),
    )];
    for &(s, e, slot) in &row.segments {
        rects.push(Rectangle::new(
            [(pct(s), bar_top), (pct(e).max(pct(s) + 0.15), bar_bottom)],
            slot_colour(slot).filled(),
        ));
    }
    for &(s, e, kind) in &row.flags {
        rects.push(Rectangle::new(
            [(pct(s), c - 0.18), (pct(e).max(pct(s) + 0.4), c - 0.38)],
            style::flag_colour(kind).filled(),
        ));
    }
    chart.draw_series(rects)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn segments_come_from_links_and_rows_are_capped() {
        let (corpus, report) = testdata::sample(60);
        let texts = crate::report::texts_of(&report, &corpus);
        let data = Data::new(&report, &texts);
        assert_eq!(data.rows.len(), MAX_ROWS);
        assert_eq!(data.omitted, 20);
        assert!(data.rows.iter().any(|r| !r.segments.is_empty()));
        assert!(data.sources.len() <= SOURCE_SLOTS);
    }

    #[test]
    fn many_sources_colour_each_row_by_role_and_name_its_main_source() {
        let (corpus, report) = testdata::sample(60);
        let texts = crate::report::texts_of(&report, &corpus);
        let data = Data::new(&report, &texts);
        let distinct: std::collections::BTreeSet<usize> = data
            .rows
            .iter()
            .flat_map(|r| r.segments.iter().map(|s| s.2))
            .collect();
        // testdata's 60 articles copy from more sources than there are colours.
        assert_eq!(data.sources.len(), 3, "{:?}", data.sources);
        assert!(distinct.iter().all(|s| [0, 1, SOURCE_SLOTS].contains(s)));
        for r in data.rows.iter().filter(|r| !r.segments.is_empty()) {
            assert!(r.segments.iter().any(|s| s.2 == 0), "{}", r.label);
            assert!(r.label.contains(" ← "), "{}", r.label);
        }
    }
}
