//! Per result row: the row's level on a small 1–10 scale shaded by band (below 1–3,
//! average 4–7, above 8–10, R37), drawn in the table row it belongs to, beside the level's
//! number. This year's level is a black disc; with last year's level (R36) an open circle
//! marks it and an arrow runs from it to this year's (blue, pointing right, when levels were
//! gained; vermillion, pointing left, when lost). One row high, so a metric with five
//! counted groups takes five table rows, not a chart of its own; suppressed rows get no
//! scale (R3).

use maud::{html, Markup};

use super::{band_tint, coord, palette};
use crate::format::signed_levels;
use crate::model::{Band, Label};

/// Width and height of the scale's `viewBox`; CSS sizes it (about 9rem wide).
const WIDTH: f64 = 150.0;
const HEIGHT: f64 = 24.0;
const CELL: f64 = WIDTH / 10.0;
const MIDDLE: f64 = HEIGHT / 2.0;

/// The centre of level 1–10 on the scale.
fn x(level: u8) -> f64 {
    CELL * (f64::from(level.clamp(1, 10)) - 0.5)
}

/// The scale of one row: `label` names the row in the text equivalent ("All students").
pub fn chart(label: &str, level: u8, prior_level: Option<u8>) -> Markup {
    let band = Band::of_level(level);
    let mut aria_label = format!(
        "{label}: level {level} of 10 ({})",
        band.label().to_lowercase()
    );
    if let Some(prior) = prior_level {
        let delta = i32::from(level) - i32::from(prior);
        aria_label.push_str(&format!(
            "; last year level {prior} ({})",
            signed_levels(delta)
        ));
    }
    let title = format!("Level {level} of 10");
    html! {
        svg.scale data-chart="level" viewBox={ "0 0 " (coord(WIDTH)) " " (coord(HEIGHT)) }
            role="img" aria-label=(aria_label) preserveAspectRatio="xMinYMid meet" {
            title { (title) }
            @for (band, first, last) in [(Band::Below, 1u8, 3u8), (Band::Average, 4, 7), (Band::Above, 8, 10)] {
                rect x=(coord(CELL * f64::from(first - 1))) y="2" width=(coord(CELL * f64::from(last - first + 1)))
                    height=(coord(HEIGHT - 4.0)) fill=(band_tint(band)) {}
            }
            path d=(separators()) stroke="#FFFFFF" stroke-width="1" {}
            @if let Some(prior) = prior_level.filter(|p| *p != level) {
                (arrow(prior, level))
            }
            circle cx=(coord(x(level))) cy=(coord(MIDDLE)) r="6.5" fill=(palette::BLACK) {}
        }
    }
}

/// The white lines between the ten levels, as one path (a card has dozens of scales).
fn separators() -> String {
    (1..10u8)
        .map(|step| {
            format!(
                "M{} 2V{}",
                coord(CELL * f64::from(step)),
                coord(HEIGHT - 2.0)
            )
        })
        .collect()
}

/// Last year's level as an open circle and an arrow to this year's.
fn arrow(prior: u8, level: u8) -> Markup {
    let (from, to) = (x(prior), x(level));
    let up = level > prior;
    let colour = if up {
        palette::BLUE
    } else {
        palette::VERMILLION
    };
    // The arrow stops at the disc's edge; its head is a small triangle pointing that way.
    let tip = if up { to - 7.5 } else { to + 7.5 };
    let back = if up { tip - 4.5 } else { tip + 4.5 };
    let head = format!(
        "{},{} {},{} {},{}",
        coord(tip),
        coord(MIDDLE),
        coord(back),
        coord(MIDDLE - 3.5),
        coord(back),
        coord(MIDDLE + 3.5)
    );
    html! {
        line x1=(coord(from)) x2=(coord(back)) y1=(coord(MIDDLE)) y2=(coord(MIDDLE)) stroke=(colour) stroke-width="2.5" {}
        polygon points=(head) fill=(colour) {}
        circle cx=(coord(from)) cy=(coord(MIDDLE)) r="4" fill="#FFFFFF" stroke=(palette::GREY) stroke-width="1.5" {}
    }
}
