//! Shared chart style: the embedded font, colours, sizes and the "none found" panel.

use crate::score::FlagKind;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt), embedded so
/// charts never depend on the fonts of the machine they are drawn on.
static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The font family name charts use.
pub const FAMILY: &str = "sans-serif";

/// Result of a drawing function on backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Registers the embedded font with plotters, once per process.
pub fn register_font() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| {
        [FontStyle::Normal, FontStyle::Bold]
            .into_iter()
            .all(|style| plotters::style::register_font(FAMILY, style, FONT).is_ok())
    })
}

/// Title text size in pixels.
pub const TITLE: u32 = 22;
/// Axis description size.
pub const AXIS: u32 = 16;
/// Tick label and legend size.
pub const LABEL: u32 = 13;
/// The most rows (articles) a row-per-article chart draws before keeping the top N.
pub const MAX_ROWS: usize = 40;

/// Draws a chart's series labels in a bordered white box at `position`.
pub fn series_labels<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> DrawResult<DB> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(font(LABEL))
        .draw()
}

/// A font at `size` pixels.
pub fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

/// A categorical palette, readable on white and distinct for colour-blind readers first.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
    RGBColor(117, 112, 179),
    RGBColor(153, 199, 120),
    RGBColor(255, 187, 120),
    RGBColor(166, 118, 29),
];

/// Grey for "other" and "original text".
pub const GREY: RGBColor = RGBColor(200, 200, 200);

/// The palette colour for slot `i` (cycling).
pub fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A colour for each flag kind.
pub fn flag_colour(kind: FlagKind) -> RGBColor {
    match kind {
        FlagKind::Spin => RGBColor(200, 0, 0),
        FlagKind::Garble => RGBColor(120, 0, 140),
        FlagKind::Quote => RGBColor(0, 0, 0),
        FlagKind::Splice => RGBColor(140, 75, 10),
        FlagKind::Boilerplate => RGBColor(90, 90, 90),
        FlagKind::Headline => RGBColor(0, 90, 100),
    }
}

/// Every flag kind, in legend order.
pub const FLAG_KINDS: [FlagKind; 6] = [
    FlagKind::Spin,
    FlagKind::Garble,
    FlagKind::Quote,
    FlagKind::Splice,
    FlagKind::Boilerplate,
    FlagKind::Headline,
];

/// The name of a flag kind, as in report.json.
pub fn flag_name(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::Spin => "spin",
        FlagKind::Garble => "garble",
        FlagKind::Quote => "quote",
        FlagKind::Splice => "splice",
        FlagKind::Boilerplate => "boilerplate",
        FlagKind::Headline => "headline",
    }
}

/// Colour of a reliability score from 0 (red) through 50 (amber) to 100 (green);
/// grey when unscored.
pub fn score_colour(score: Option<f64>) -> RGBColor {
    let Some(s) = score.filter(|s| s.is_finite()) else {
        return GREY;
    };
    let t = (s / 100.0).clamp(0.0, 1.0);
    let lerp = |a: u8, b: u8, t: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * t) as u8;
    let (red, amber, green) = ((200, 40, 40), (230, 170, 30), (40, 150, 70));
    let (from, to, t) = if t < 0.5 {
        (red, amber, t * 2.0)
    } else {
        (amber, green, (t - 0.5) * 2.0)
    };
    RGBColor(
        lerp(from.0, to.0, t),
        lerp(from.1, to.1, t),
        lerp(from.2, to.2, t),
    )
}

/// Shortens an article id for a chart label.
pub fn label(id: &str, max: usize) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::report::escape::shorten(&clean, max)
}

/// Fills the area white and draws the title; returns the area below it.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.titled(title, font(TITLE))
}

/// Draws a centred message (e.g. "No links found") in an area with nothing to plot.
pub fn none_found<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    message: &str,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let style = font(AXIS)
        .color(&RGBColor(90, 90, 90))
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        message.to_owned(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
}

/// One legend entry: a colour swatch and its text.
pub type LegendItem = (String, RGBColor);

/// Approximate pixel width of `text` at [`LABEL`] size (conservative, for layout).
fn approx_width(text: &str) -> u32 {
    text.chars().count() as u32 * 8 + 26
}

/// Height a legend strip of `items` needs at `width` pixels.
pub fn legend_height(items: &[LegendItem], width: u32) -> u32 {
    if items.is_empty() {
        return 0;
    }
    let (mut lines, mut x) = (1, 10);
    for (text, _) in items {
        let w = approx_width(text);
        if x + w > width.saturating_sub(10) && x > 10 {
            lines += 1;
            x = 10;
        }
        x += w;
    }
    lines * 22 + 8
}

/// Draws legend swatches left to right, wrapping lines, measuring the real text widths.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> DrawResult<DB> {
    let (width, _) = area.dim_in_pixel();
    let style = font(LABEL).pos(Pos::new(HPos::Left, VPos::Center));
    let (mut x, mut y) = (10i32, 12i32);
    for (text, colour) in items {
        let measured = area.estimate_text_size(text, &style)?.0 as i32 + 26;
        let w = measured.max(approx_width(text) as i32);
        if x + w > width as i32 - 10 && x > 10 {
            x = 10;
            y += 22;
        }
        area.draw(&Rectangle::new(
            [(x, y - 6), (x + 14, y + 6)],
            colour.filled(),
        ))?;
        area.draw(&Text::new(text.clone(), (x + 19, y), style.clone()))?;
        x += w;
    }
    Ok(())
}

/// Rows of a row-per-article chart: row `i` (from the top) spans `[n-1-i, n-i]` on the y
/// axis; this is its centre.
pub fn row_centre(n: usize, i: usize) -> f64 {
    n as f64 - i as f64 - 0.5
}

/// Writes row labels, right-aligned just left of the plotting area of `chart`.
pub fn row_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    labels: &[String],
) -> DrawResult<DB> {
    let x0 = chart.x_range().start;
    let style = font(LABEL).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, text) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x0, row_centre(labels.len(), i)));
        root.draw(&Text::new(text.clone(), (px - 8, py), style.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_colours_run_red_to_green() {
        assert_eq!(score_colour(Some(0.0)), RGBColor(200, 40, 40));
        assert_eq!(score_colour(Some(100.0)), RGBColor(40, 150, 70));
        assert_eq!(score_colour(None), GREY);
        assert_eq!(score_colour(Some(f64::NAN)), GREY);
    }

    #[test]
    fn font_registers() {
        assert!(register_font());
    }
}
