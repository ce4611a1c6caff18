//! "Compared with last year": for each counted row with a prior level, an arrow from last
//! year's level to this year's on the banded 1–10 scale (R36). The card leaves the chart out
//! entirely when no row has a prior level. Up, down and unchanged differ by arrow direction
//! and by the signed number written beside it, not by colour alone.

use maud::{html, Markup};

use super::{coord, level_scale_background, level_x, palette, svg_frame, SCALE_LEFT};
use crate::format::signed_levels;

/// One line of the chart: the group, last year's level and this year's.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelChange {
    /// The group's name, e.g. "All students".
    pub label: String,
    pub prior_level: u8,
    pub level: u8,
}

const HEADER_HEIGHT: f64 = 38.0;
const ROW_HEIGHT: f64 = 40.0;

/// The change chart of one metric; `None` when it has no line. `key` makes the ids of the
/// arrowheads unique, since a card has one chart per metric.
pub fn chart(key: &str, metric_label: &str, changes: &[LevelChange]) -> Option<Markup> {
    if changes.is_empty() {
        return None;
    }
    let described: Vec<String> = changes
        .iter()
        .map(|c| {
            let delta = i32::from(c.level) - i32::from(c.prior_level);
            format!(
                "{}: level {} last year, {} this year ({})",
                c.label,
                c.prior_level,
                c.level,
                signed_levels(delta)
            )
        })
        .collect();
    let title = format!("{metric_label}: level last year and this year");
    let aria_label = format!("{title}, on a scale of 1 to 10. {}.", described.join("; "));
    let height = HEADER_HEIGHT + ROW_HEIGHT * changes.len() as f64 + 4.0;
    let (up_id, down_id) = (format!("{key}-arrow-up"), format!("{key}-arrow-down"));
    let body = html! {
        defs {
            @for (id, colour) in [(&up_id, palette::BLUE), (&down_id, palette::VERMILLION)] {
                marker id=(id) viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto" {
                    path d="M0,0 L10,5 L0,10 z" fill=(colour) {}
                }
            }
        }
        (level_scale_background(0.0, height))
        @for (i, change) in changes.iter().enumerate() {
            @let top = HEADER_HEIGHT + ROW_HEIGHT * i as f64;
            @let y = top + 26.0;
            @let delta = i32::from(change.level) - i32::from(change.prior_level);
            @let (from, to) = (level_x(change.prior_level), level_x(change.level));
            text.label x=(coord(SCALE_LEFT + 2.0)) y=(coord(top + 10.0)) {
                (change.label) ": " (change.prior_level) " → " (change.level) " (" (signed_levels(delta)) ")"
            }
            @if delta != 0 {
                @let (colour, arrow, towards) = if delta > 0 {
                    (palette::BLUE, format!("url(#{up_id})"), to - 9.0)
                } else {
                    (palette::VERMILLION, format!("url(#{down_id})"), to + 9.0)
                };
                line x1=(coord(from)) x2=(coord(towards)) y1=(coord(y)) y2=(coord(y)) stroke=(colour) stroke-width="3"
                    marker-end=(arrow) {}
            }
            circle cx=(coord(from)) cy=(coord(y)) r="6" fill="#FFFFFF" stroke=(palette::GREY) stroke-width="2" {}
            circle cx=(coord(to)) cy=(coord(y)) r="7" fill=(palette::BLACK) {}
        }
    };
    Some(svg_frame("change", height, &title, &aria_label, body))
}
