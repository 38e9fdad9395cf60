//! Charts: each drawn by one function generic over the plotters backend, written as SVG
//! (inlined in the HTML report, committed) and PNG.
//!
//! Every chart takes its data from the [`Report`] and the article texts, keeps at most
//! [`style::MAX_ROWS`] rows (or aggregates), and draws a "none found" panel when there is
//! nothing to plot, so drawing time is bounded whatever the corpus size.

mod clusters;
mod distribution;
mod network;
mod provenance;
mod reliability;
mod similarity;
pub mod style;

use crate::error::{Error, Result};
use crate::report::{write_atomic, Report};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use style::DrawResult;

/// One chart's data, ready to draw on any backend.
pub(crate) trait Chart {
    /// File stem, e.g. `provenance`.
    const NAME: &'static str;
    /// Title shown above the chart (and as its caption in the reports).
    const TITLE: &'static str;
    /// Size in pixels.
    fn size(&self) -> (u32, u32);
    /// One-sentence description for alt text and the Markdown report.
    fn describe(&self) -> String;
    /// Draws the chart onto `root` (which it fills), then presents it.
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB>;
    /// When there is nothing to plot, the message saying so (drawn as a small panel).
    fn empty(&self) -> Option<&'static str>;
}

/// Size of a chart with nothing to plot.
const EMPTY_SIZE: (u32, u32) = (900, 110);

/// Draws `chart`, or its "none found" panel when it has nothing to plot.
fn draw_any<C: Chart, DB: DrawingBackend>(
    chart: &C,
    root: DrawingArea<DB, Shift>,
) -> DrawResult<DB> {
    match chart.empty() {
        Some(message) => {
            let area = style::frame(&root, C::TITLE)?;
            style::none_found(&area, message)?;
            root.present()
        }
        None => chart.draw(root),
    }
}

/// A chart as written.
#[derive(Clone, Debug)]
pub struct ChartFile {
    /// File stem: the chart is `charts/<name>.svg` and `charts/<name>.png`.
    pub name: &'static str,
    /// Its title.
    pub title: &'static str,
    /// What it shows, in one sentence (alt text).
    pub description: String,
    /// The SVG document.
    pub svg: String,
}

/// Draws `chart` as SVG and PNG (RGB pixels encoded as PNG).
pub(crate) fn render<C: Chart>(chart: &C) -> std::result::Result<(String, Vec<u8>), String> {
    if !style::register_font() {
        return Err("the embedded font could not be loaded".into());
    }
    let (w, h) = match chart.empty() {
        Some(_) => EMPTY_SIZE,
        None => chart.size(),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw_any(chart, root).map_err(|e| e.to_string())?;
    }
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        draw_any(chart, root).map_err(|e| e.to_string())?;
    }
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &pixels,
        w,
        h,
        image::ColorType::Rgb8,
    )
    .map_err(|e| e.to_string())?;
    Ok((svg, png))
}

fn write_chart<C: Chart>(chart: &C, dir: &Path) -> Result<ChartFile> {
    let svg_path = dir.join(format!("{}.svg", C::NAME));
    let (svg, png) = render(chart).map_err(|e| Error::io(&svg_path, std::io::Error::other(e)))?;
    write_atomic(&svg_path, svg.as_bytes())?;
    write_atomic(&dir.join(format!("{}.png", C::NAME)), &png)?;
    Ok(ChartFile {
        name: C::NAME,
        title: C::TITLE,
        description: chart
            .empty()
            .map_or_else(|| chart.describe(), |m| format!("{m}.")),
        svg,
    })
}

/// Draws every chart of `report` into `dir` (`<name>.svg` and `<name>.png`).
/// `texts` holds each report article's text, in report order.
///
/// # Errors
///
/// Any I/O or drawing error, naming the file.
pub fn write_all(report: &Report, texts: &[&str], dir: &Path) -> Result<Vec<ChartFile>> {
    use rayon::prelude::*;
    type Job<'a> = &'a (dyn Fn() -> Result<ChartFile> + Sync);
    let jobs: [Job<'_>; 6] = [
        &|| write_chart(&provenance::Data::new(report, texts), dir),
        &|| write_chart(&reliability::Data::new(report), dir),
        &|| write_chart(&network::Data::new(report), dir),
        &|| write_chart(&similarity::Data::new(report), dir),
        &|| write_chart(&distribution::Data::new(report), dir),
        &|| write_chart(&clusters::Data::new(report), dir),
    ];
    jobs.par_iter().map(|job| job()).collect()
}

/// Index of each article id in the report, for charts that look articles up by id.
pub(crate) fn index_of(report: &Report) -> ahash::AHashMap<&str, usize> {
    crate::report::id_index(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    /// Renders every chart of `report` into `dir` and checks each PNG has drawn content.
    fn render_all(report: &Report, texts: &[&str], dir: &Path) -> Vec<ChartFile> {
        let charts = write_all(report, texts, dir).unwrap();
        assert_eq!(charts.len(), 6);
        for c in &charts {
            assert!(c.svg.starts_with("<svg"), "{}", c.name);
            assert!(
                c.svg.contains(
                    c.title
                        .split(|ch: char| !(ch.is_alphanumeric() || ch == ' '))
                        .next()
                        .unwrap()
                ),
                "{} lacks its title",
                c.name
            );
            let png = std::fs::read(dir.join(format!("{}.png", c.name))).unwrap();
            let img = image::load_from_memory(&png).unwrap().to_rgb8();
            let dark = img
                .pixels()
                .filter(|p| p.0.iter().all(|&v| v < 128))
                .count();
            assert!(
                dark > 200,
                "{} PNG looks blank ({dark} dark pixels)",
                c.name
            );
        }
        charts
    }

    /// Set CHURN_CHART_DIR to keep the charts for viewing.
    fn out_dir(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = match std::env::var_os("CHURN_CHART_DIR") {
            Some(d) => std::path::PathBuf::from(d).join(name),
            None => tmp.path().to_path_buf(),
        };
        (tmp, dir)
    }

    #[test]
    fn charts_of_a_small_full_report() {
        let (corpus, report) = testdata::sample(6);
        let (_tmp, dir) = out_dir("small");
        render_all(&report, &crate::report::texts_of(&report, &corpus), &dir);
        if std::env::var_os("CHURN_CHART_DIR").is_some() {
            report.write(&dir.join("report"), &corpus).unwrap();
        }
    }

    #[test]
    fn charts_of_a_large_report_stay_bounded() {
        let (corpus, report) = testdata::sample(400);
        let (_tmp, dir) = out_dir("large");
        let charts = render_all(&report, &crate::report::texts_of(&report, &corpus), &dir);
        for c in &charts {
            assert!(
                c.svg.len() < 2_000_000,
                "{} SVG is {} bytes",
                c.name,
                c.svg.len()
            );
        }
    }

    #[test]
    fn charts_of_an_empty_report_say_none_found() {
        let (corpus, report) = testdata::bare(3);
        let (_tmp, dir) = out_dir("bare");
        let charts = render_all(&report, &crate::report::texts_of(&report, &corpus), &dir);
        assert!(charts
            .iter()
            .any(|c| c.svg.contains("No copying links found")));
    }
}
