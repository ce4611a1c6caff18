//! "How the index adds up": the index and its two domains as bars against their maxima.
//! The index's maximum is the sum of the domains' maxima (R27), so the three bars share one
//! meaning: how much of what the school could earn it earned.

use maud::{html, Markup};

use super::{coord, palette, svg_frame, SCALE_LEFT, SCALE_RIGHT};
use crate::format::hundredths;
use crate::model::IndexScores;

/// One bar: its name, the points earned (`None`: no index score) and the maximum.
struct Bar {
    name: &'static str,
    points: Option<f64>,
    max: f64,
}

const ROW_HEIGHT: f64 = 50.0;
const BAR_HEIGHT: f64 = 18.0;

/// The bars chart of a card's index scores.
pub fn chart(index: &IndexScores) -> Markup {
    let bars = [
        Bar {
            name: "Index score",
            points: index.index_score,
            max: index.academic_max + index.secc_max,
        },
        Bar {
            name: "Academic domain",
            points: Some(index.academic_points),
            max: index.academic_max,
        },
        // "domain" left out here so the name and the numbers fit one line on a phone.
        Bar {
            name: "Social-emotional and culture-climate",
            points: Some(index.secc_points),
            max: index.secc_max,
        },
    ];
    let described: Vec<String> = bars
        .iter()
        .map(|bar| format!("{}: {}", bar.name, amount_text(bar)))
        .collect();
    let aria_label = format!(
        "Index points earned against possible points. {}.",
        described.join("; ")
    );
    let height = ROW_HEIGHT * bars.len() as f64 + 4.0;
    let track_width = SCALE_RIGHT - SCALE_LEFT;
    let body = html! {
        @for (i, bar) in bars.iter().enumerate() {
            @let top = ROW_HEIGHT * i as f64 + 4.0;
            @let bar_top = top + 22.0;
            @let share = bar.points.map(|p| if bar.max > 0.0 { (p / bar.max).clamp(0.0, 1.0) } else { 0.0 });
            text.label x=(coord(SCALE_LEFT)) y=(coord(top + 14.0)) { (bar.name) }
            text.figure x=(coord(SCALE_RIGHT)) y=(coord(top + 14.0)) text-anchor="end" { (amount_text(bar)) }
            rect x=(coord(SCALE_LEFT)) y=(coord(bar_top)) width=(coord(track_width)) height=(coord(BAR_HEIGHT))
                fill=(palette::TRACK) stroke=(palette::GREY) stroke-width="0.5" {}
            @if let Some(share) = share {
                rect x=(coord(SCALE_LEFT)) y=(coord(bar_top)) width=(coord(track_width * share))
                    height=(coord(BAR_HEIGHT))
                    fill=(palette::BLUE) {}
            }
        }
    };
    svg_frame("index", height, "How the index adds up", &aria_label, body)
}

/// "58.67 of 100.00", or why there is no number.
fn amount_text(bar: &Bar) -> String {
    match bar.points {
        Some(points) => format!("{} of {}", hundredths(points), hundredths(bar.max)),
        None => "no index score (a domain has no reported metric)".to_string(),
    }
}
