//! Per metric: the level (1–10) of all students and of each counted group, on a scale
//! shaded by band (below 1–3, average 4–7, above 8–10, R37). Information-only rows stay in
//! the table; suppressed rows get no mark at all (R3).

use maud::{html, Markup};

use super::{coord, level_scale_background, level_x, palette, svg_frame, SCALE_LEFT};
use crate::model::{Band, MetricResults, MetricRow};

const HEADER_HEIGHT: f64 = 38.0;
const ROW_HEIGHT: f64 = 40.0;

/// The rows the chart draws: counted roles with a shown result and a level, in the order
/// given (the card passes them `ALL` first).
fn charted<'a>(rows: &[&'a MetricRow]) -> Vec<(&'a MetricRow, u8)> {
    rows.iter()
        .filter(|row| row.role.is_counted() && row.is_shown())
        .filter_map(|row| row.level.map(|level| (*row, level)))
        .collect()
}

/// The level chart of one metric; `None` when no counted row has a level to draw.
pub fn chart(metric: &MetricResults, ordered_rows: &[&MetricRow]) -> Option<Markup> {
    let rows = charted(ordered_rows);
    if rows.is_empty() {
        return None;
    }
    let described: Vec<String> = rows
        .iter()
        .map(|(row, level)| {
            format!(
                "{}: level {} ({})",
                row.group_label,
                level,
                Band::of_level(*level).label().to_lowercase()
            )
        })
        .collect();
    let title = format!("{}: level of each counted group", metric.definition.label);
    let aria_label = format!("{} on a scale of 1 to 10. {}.", title, described.join("; "));
    let height = HEADER_HEIGHT + ROW_HEIGHT * rows.len() as f64 + 4.0;
    let body = html! {
        (level_scale_background(0.0, height))
        @for (i, (row, level)) in rows.iter().enumerate() {
            @let top = HEADER_HEIGHT + ROW_HEIGHT * i as f64;
            @let centre_y = top + 26.0;
            text.label x=(coord(SCALE_LEFT + 2.0)) y=(coord(top + 10.0)) { (row.group_label) }
            line x1=(coord(level_x(1))) x2=(coord(level_x(10))) y1=(coord(centre_y)) y2=(coord(centre_y))
                stroke=(palette::GREY) stroke-width="1" stroke-dasharray="2 3" {}
            circle cx=(coord(level_x(*level))) cy=(coord(centre_y)) r="9" fill=(palette::BLACK) {}
            text.marker x=(coord(level_x(*level))) y=(coord(centre_y + 4.5)) text-anchor="middle" { (level) }
        }
    };
    Some(svg_frame("levels", height, &title, &aria_label, body))
}
