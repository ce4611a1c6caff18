//! Growth percentiles (0–100, methodology §5) with their confidence intervals as whiskers,
//! one line per subject and group, over the band shading of the growth levels (R16).
//! Subjects differ by marker shape (circle, square) as well as by colour.

use maud::{html, Markup};

use super::{coord, palette, percent_x, percentile_scale_background, svg_frame, SCALE_LEFT};
use crate::format::percentile;
use crate::model::{GrowthRow, Label, Subject};

const HEADER_HEIGHT: f64 = 40.0;
const SUBJECT_HEIGHT: f64 = 30.0;
const ROW_HEIGHT: f64 = 40.0;
const MARKER: f64 = 7.0;

/// The growth chart of a card; `None` when the card has no growth rows.
pub fn chart(rows: &[GrowthRow]) -> Option<Markup> {
    if rows.is_empty() {
        return None;
    }
    let described: Vec<String> = rows
        .iter()
        .map(|row| {
            format!(
                "{} {}: percentile {} (confidence interval {} to {}), level {}",
                row.subject.label(),
                row.group_label,
                percentile(row.growth_percentile),
                percentile(row.ci_low),
                percentile(row.ci_high),
                row.level
            )
        })
        .collect();
    let title = "Growth percentiles with confidence intervals";
    let aria_label = format!("{title}, on a scale of 0 to 100. {}.", described.join("; "));
    // A subject's name is written once above its rows, which keeps each row's label short
    // enough for a phone; `tops` holds where each row starts and whether a name precedes it.
    let mut tops = Vec::with_capacity(rows.len());
    let mut next_top = HEADER_HEIGHT;
    for (i, row) in rows.iter().enumerate() {
        let starts_subject = i == 0 || rows[i - 1].subject != row.subject;
        if starts_subject {
            next_top += SUBJECT_HEIGHT;
        }
        tops.push((next_top, starts_subject));
        next_top += ROW_HEIGHT;
    }
    let height = next_top + 4.0;
    let body = html! {
        (percentile_scale_background(0.0, height))
        @for (row, (top, starts_subject)) in rows.iter().zip(tops) {
            @let y = top + 26.0;
            @let (low, high, mid) = (percent_x(row.ci_low), percent_x(row.ci_high), percent_x(row.growth_percentile));
            @if starts_subject {
                text.heading x=(coord(SCALE_LEFT + 2.0)) y=(coord(top - 9.0)) { (row.subject.label()) }
            }
            text.label x=(coord(SCALE_LEFT + 2.0)) y=(coord(top + 10.0)) {
                (row.group_label) ": " (percentile(row.growth_percentile))
                " (" (percentile(row.ci_low)) "–" (percentile(row.ci_high)) ")"
            }
            line x1=(coord(low)) x2=(coord(high)) y1=(coord(y)) y2=(coord(y))
                stroke=(palette::BLACK) stroke-width="2" {}
            line x1=(coord(low)) x2=(coord(low)) y1=(coord(y - 6.0)) y2=(coord(y + 6.0))
                stroke=(palette::BLACK) stroke-width="2" {}
            line x1=(coord(high)) x2=(coord(high)) y1=(coord(y - 6.0)) y2=(coord(y + 6.0))
                stroke=(palette::BLACK) stroke-width="2" {}
            (marker(row.subject, mid, y))
        }
    };
    Some(svg_frame("growth", height, title, &aria_label, body))
}

/// ELA: a blue circle; mathematics: an orange square. Both outlined in black so they stand
/// out on any band tint.
fn marker(subject: Subject, x: f64, y: f64) -> Markup {
    match subject {
        Subject::Ela => html! {
            circle cx=(coord(x)) cy=(coord(y)) r=(coord(MARKER))
                fill=(palette::BLUE) stroke=(palette::BLACK) stroke-width="1.5" {}
        },
        Subject::Math => html! {
            rect x=(coord(x - MARKER)) y=(coord(y - MARKER)) width=(coord(2.0 * MARKER)) height=(coord(2.0 * MARKER))
                fill=(palette::ORANGE) stroke=(palette::BLACK) stroke-width="1.5" {}
        },
    }
}
