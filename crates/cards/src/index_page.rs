//! The index page (data contract §7, `DIR/index.html`): every school with its index score,
//! designation and the number of its counted results in each band, grouped by district and
//! sorted by school level, then index score (highest first), then id. It needs no script:
//! the order is fixed when the page is written. Each school links to its card,
//! `SCHOOL_ID.html`, beside the page.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use maud::{html, Markup};

use crate::card::{band_badge, card_href};
use crate::format::{hundredths, school_year};
use crate::model::{Band, Designation, IndexEntry, IndexPage, Label};
use crate::shell::document;

/// Renders the index page as a complete, self-contained HTML5 document.
pub fn render_index(page: &IndexPage) -> String {
    let title = format!(
        "School Quality Improvement Index {}",
        school_year(page.year)
    );
    let heading =
        html! { "School Quality Improvement Index " span.nowrap { (school_year(page.year)) } };
    let mut districts: BTreeMap<&str, Vec<&IndexEntry>> = BTreeMap::new();
    for entry in &page.schools {
        districts
            .entry(entry.district_id.as_str())
            .or_default()
            .push(entry);
    }
    for entries in districts.values_mut() {
        entries.sort_by(|a, b| display_order(a, b));
    }
    let main = html! {
        main.page data-year=(page.year) data-schools=(page.schools.len()) {
            header {
                p.eyebrow { "School report cards · " (school_year(page.year)) }
                h1 { (heading) }
                p.meta {
                    (page.schools.len()) " schools in " (districts.len()) " district"
                    @if districts.len() != 1 { "s" } "."
                }
            }
            (designation_summary(page))
            p.note {
                "Within each district, schools are listed by school level, then by index score from "
                "highest to lowest."
            }
            p {
                "Each school's index score adds its academic and social-emotional and culture-climate "
                "points (up to 100, R27). "
                "The band columns count the school's results for all students and the counted groups at each band: "
                (band_badge(Band::Below)) " levels 1–3, " (band_badge(Band::Average)) " 4–7, "
                (band_badge(Band::Above)) " 8–10 (R37). Select a school's name to open its report card."
            }
            @for (district, entries) in &districts {
                section.district data-district=(district) {
                    h2 { "District " span.code { (district) } }
                    div.table-wrap {
                        table.schools {
                            caption.visually-hidden {
                                "Schools of district " (district) ", by school level and index score"
                            }
                            thead {
                                tr {
                                    th scope="col" { "School" } th scope="col" { "Level" }
                                    th.num scope="col" { "Index score" } th scope="col" { "Designation" }
                                    @for band in [Band::Below, Band::Average, Band::Above] {
                                        th.num scope="col" { (band_badge(band)) }
                                    }
                                }
                            }
                            tbody {
                                @for entry in entries { (school_row(entry)) }
                            }
                        }
                    }
                }
            }
        }
    };
    document(&title, "index", main)
}

/// Level E, M, H; then index score, highest first, schools without one last; then id.
fn display_order(a: &IndexEntry, b: &IndexEntry) -> Ordering {
    let by_score = match (a.index_score, b.index_score) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    a.level
        .cmp(&b.level)
        .then(by_score)
        .then_with(|| a.school_id.cmp(&b.school_id))
}

/// One school's row.
fn school_row(entry: &IndexEntry) -> Markup {
    html! {
        tr data-school-id=(entry.school_id) data-district=(entry.district_id)
            data-designation=(entry.designation.code()) {
            th scope="row" {
                a href=(card_href(&entry.school_id)) { (entry.school_name) }
                " " span.code { (entry.school_id) }
            }
            td data-field="school_level" data-code=(entry.level.code()) { (entry.level.label()) }
            td.num data-field="index_score" {
                @match entry.index_score { Some(score) => (hundredths(score)), None => "—" }
            }
            td data-field="designation" {
                (entry.designation.label()) " " span.code { (entry.designation.code()) }
            }
            td.num data-field="band_below" { (entry.bands.below) }
            td.num data-field="band_average" { (entry.bands.average) }
            td.num data-field="band_above" { (entry.bands.above) }
        }
    }
}

/// How many schools have each designation.
fn designation_summary(page: &IndexPage) -> Markup {
    let all = [
        Designation::Priority,
        Designation::Focus,
        Designation::RewardHighPerforming,
        Designation::RewardHighProgress,
        Designation::None,
        Designation::NotEligible,
    ];
    html! {
        ul.summary-counts aria-label="Schools by designation" {
            @for designation in all {
                @let count = page.schools.iter().filter(|s| s.designation == designation).count();
                li data-designation-count=(designation.code()) {
                    (designation.label()) ": " strong { (count) }
                }
            }
        }
    }
}
