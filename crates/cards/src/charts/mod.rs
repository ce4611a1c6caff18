//! Inline SVG charts, drawn by this crate's own small code (no charting crate: see
//! `docs/decisions.md`). Each chart module turns part of the model into one `<svg>` element
//! with `role="img"`, an `aria-label` that carries the numbers, a `<title>`, and a
//! `data-chart` attribute naming the chart; the page puts the same numbers in a table next
//! to it.
//!
//! The page-wide charts (`index_bars`, `growth`) share one coordinate system: a `viewBox`
//! [`WIDTH`] units wide, scaled to the page by CSS, with text in SVG units so it scales with
//! the chart. `level_scale` is a small scale drawn inside a table row. Colours come from
//! the Okabe–Ito palette, and no meaning rests on colour alone: bands are written as words
//! beside the scales and on the charts, subjects differ by marker shape, directions of
//! change by arrow direction and a signed number.

pub mod growth;
pub mod index_bars;
pub mod level_scale;

use maud::{html, Markup};

use crate::model::{Band, Label};

/// Width of every chart's `viewBox`, in SVG units. Narrow enough that 13-unit text stays
/// legible (about 12 px) when a 360 px phone scales the chart to its width.
pub const WIDTH: f64 = 400.0;
/// Left and right ends of a chart's scale, leaving room for the end labels.
const SCALE_LEFT: f64 = 12.0;
const SCALE_RIGHT: f64 = WIDTH - 12.0;

/// The Okabe–Ito colours the charts use (Okabe & Ito, "Color Universal Design", 2008).
pub mod palette {
    pub const BLACK: &str = "#000000";
    pub const ORANGE: &str = "#E69F00";
    pub const BLUE: &str = "#0072B2";
    pub const VERMILLION: &str = "#D55E00";
    pub const GREY: &str = "#595959";
    /// Light tints of vermillion, grey and sky blue (#56B4E9) for the band backgrounds:
    /// pale enough for black text on them, distinct for every common colour-vision type.
    pub const BELOW_TINT: &str = "#F6D5BC";
    pub const AVERAGE_TINT: &str = "#ECECEC";
    pub const ABOVE_TINT: &str = "#C9E6F8";
    pub const TRACK: &str = "#E4E4E4";
}

/// The background tint of a band.
pub fn band_tint(band: Band) -> &'static str {
    match band {
        Band::Below => palette::BELOW_TINT,
        Band::Average => palette::AVERAGE_TINT,
        Band::Above => palette::ABOVE_TINT,
    }
}

/// An SVG coordinate with one decimal: short markup, no visible loss.
pub(crate) fn coord(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Wraps a chart's shapes in the accessible `<svg>` element every chart uses.
pub(crate) fn svg_frame(
    kind: &str,
    height: f64,
    title: &str,
    aria_label: &str,
    body: Markup,
) -> Markup {
    html! {
        svg.chart data-chart=(kind) viewBox={ "0 0 " (coord(WIDTH)) " " (coord(height)) }
            role="img" aria-label=(aria_label) preserveAspectRatio="xMinYMin meet" {
            title { (title) }
            (body)
        }
    }
}

/// The x position of a value 0–100 on a percentile scale.
pub(crate) fn percent_x(value: f64) -> f64 {
    SCALE_LEFT + (SCALE_RIGHT - SCALE_LEFT) * value.clamp(0.0, 100.0) / 100.0
}

/// The shaded bands of a 0–100 percentile scale (levels 1–3, 4–7, 8–10 of R16 start at
/// percentiles 0, 30 and 70), gridlines every ten, and their numbers above.
pub(crate) fn percentile_scale_background(top: f64, bottom: f64) -> Markup {
    let bands = [
        (Band::Below, 0.0, 30.0),
        (Band::Average, 30.0, 70.0),
        (Band::Above, 70.0, 100.0),
    ];
    html! {
        @for (band, from, to) in bands {
            rect x=(coord(percent_x(from))) y=(coord(top)) width=(coord(percent_x(to) - percent_x(from)))
                height=(coord(bottom - top)) fill=(band_tint(band)) {}
            text.band-name x=(coord(percent_x((from + to) / 2.0))) y=(coord(top + 14.0)) text-anchor="middle" {
                (band.label())
            }
        }
        @for step in 0..=10u8 {
            @let x = percent_x(f64::from(step) * 10.0);
            line x1=(coord(x)) x2=(coord(x)) y1=(coord(top + 36.0)) y2=(coord(bottom))
                stroke="#FFFFFF" stroke-width="1" {}
            text.tick x=(coord(x)) y=(coord(top + 30.0)) text-anchor="middle" { (step * 10) }
        }
    }
}
