//! HTML report cards for `core-index` (data contract §7).
//!
//! [`build`] fills the [`model`] from one year's output folder as the core library reads it
//! (`core_index::load::output::read_published_year`: `metric_results`, `index`, `growth`,
//! `designations`, `partners`, `communities`, `cutpoints.csv`, the manifest), with each
//! school's rank among N and cutoff (`core_index::report::standing`); [`render_card`] renders
//! each school and [`render_index`] the index page. Both return a complete HTML5 document as
//! a `String`; this crate reads and writes no file (`core-index report` writes them, through
//! the core library's report layer, as [`file_name`] names them).
//!
//! Every page is self-contained: one inline stylesheet, inline SVG charts, no script, and
//! nothing loaded from anywhere (no `src`, no stylesheet, font or image links), which a
//! Content-Security-Policy (`default-src 'none'`) makes the browser enforce. Links go only
//! to in-page anchors and to sibling cards ([`file_name`]). Every interpolated text is
//! HTML-escaped by `maud`.
//!
//! ```
//! use cards::{render_index, BandCounts, Designation, IndexEntry, IndexPage, SchoolLevel};
//!
//! let page = IndexPage {
//!     year: 2016,
//!     schools: vec![IndexEntry {
//!         school_id: "19647330120014".into(),
//!         school_name: "Lincoln <High>".into(),
//!         district_id: "1964733".into(),
//!         level: SchoolLevel::High,
//!         index_score: Some(58.7),
//!         designation: Designation::RewardHighPerforming,
//!         bands: BandCounts { below: 2, average: 10, above: 4 },
//!     }],
//! };
//! let html = render_index(&page);
//! assert!(html.contains(">58.70<") && html.contains("Lincoln &lt;High&gt;"));
//! assert!(html.contains("href=\"19647330120014.html\""));
//! ```
//!
//! # Hooks for tests and scripts
//!
//! Numbers can be read back from the HTML through `data-*` attributes. A `data-field`
//! element holds the number as displayed (see [`mod@format`]: points, maxima, domain sums,
//! scores and the index with exactly two decimals; a dash `—` for an empty value). Field
//! names repeat across rows and parts (a metric row's `points`, a partner's `rank`), so
//! select them inside their row or section: `section#index [data-field=index_score]`,
//! `tr[data-metric=ELA_PERF][data-group=ALL] [data-field=points]`.
//!
//! Both pages:
//! - `body[data-page]`: `card` or `index`.
//! - `svg[data-chart]` for every chart: `index`, `level` (the small scale in each result
//!   row) or `growth`; each has `role="img"`, an `aria-label` carrying its numbers and a
//!   `<title>` first child.
//!
//! Card (`render_card`):
//! - `main[data-school-id][data-year][data-n-size]`.
//! - Sections `section.part` with ids `index`, `results`, `growth`, `change`,
//!   `designation`, `partners`, `community`, `reading`.
//! - Index: `[data-field=…]` for `academic_points`, `academic_max`, `secc_points`,
//!   `secc_max`, `index_score`, `index_max`, `all_students_score`, `subgroup_score` (each
//!   once per card) and, when the card has prior results, `prior_index_score` and
//!   `index_change` (in `section#change`).
//! - Points per metric: `tr[data-metric-sum=METRIC]` with `data-field` `points` and
//!   `max_points` (the sum of the metric's counted rows).
//! - Metric block: `div.metric[data-metric=METRIC]`, holding its table.
//! - Metric row: `tr[data-metric=METRIC][data-group=GROUP][data-role=ROLE][data-status=STATUS]`
//!   (role `all`, `lowest_race`, `subgroup` or `info`; status `reported` or `suppressed`),
//!   with cells `data-field` = `n`, `value`, `level`, `band`, `points`, `max_points`,
//!   `needed_1`, and, on cards with prior results, `prior_value`, `prior_level`, `change`,
//!   `level_change`; the level cell holds the row's `svg[data-chart=level]`. The band cell
//!   holds `span[data-band=below|average|above]`. Information rows have no `points` cell. A
//!   suppressed row of a counted group (status `suppressed`, or no value) has one
//!   `td[data-field=suppressed]` reading "Not shown: fewer than N students" and none of the
//!   other fields. Suppressed information-only groups share one row per metric,
//!   `tr.hidden-groups[data-status=suppressed][data-groups="AA FOS …"]`, with the same one
//!   field naming them.
//! - Growth row: `tr[data-subject=ELA|MATH][data-group=GROUP]` with `data-field` `n`,
//!   `growth_percentile`, `ci_low`, `ci_high`, `level`.
//! - Change summary row: `tr[data-change-metric=METRIC]` with `data-field` `all_levels`
//!   ("3 → 4 (+1)"), `groups_up`, `groups_same`, `groups_down`.
//! - Designation: `section#designation[data-designation=CODE]`; the code also on the key
//!   figure (`span[data-designation]`); `data-field` = `designation` (with `data-code`),
//!   `basis` (with `data-code`, the basis as written), `rank_value`, `rank`, `ranked`,
//!   `universe_n`, `cutoff`, `years_in_status`, `escalation` (with `data-code`).
//! - Partners: `p[data-field=focus][data-metric][data-group]` with `focus_level`;
//!   `tr[data-partner-rank][data-partner-id]` with `data-field` `rank`,
//!   `partner_designation` (with `data-designation`), `partner_level`, `distance`;
//!   `p[data-field=no_partner]` when the school has no candidate.
//! - Community: `section#community[data-community=N]`, `data-field` `community`,
//!   `focus_metric` (with `data-code`); `tr[data-member-id]` with `focus_group`,
//!   `focus_level`.
//!
//! Index page (`render_index`):
//! - `main[data-year][data-schools]`; `section.district[data-district]`.
//! - `tr[data-school-id][data-district][data-designation]` with `data-field`
//!   `school_level` (with `data-code`), `index_score`, `designation`, `band_below`,
//!   `band_average`, `band_above`; its link is `a[href="SCHOOL_ID.html"]`.
//! - `li[data-designation-count=CODE]`: schools per designation.

pub mod build;
pub mod card;
pub mod charts;
pub mod format;
pub mod index_page;
pub mod model;
mod shell;

#[cfg(test)]
mod tests;

pub use card::{file_name, render_card};
pub use index_page::render_index;
pub use model::*;
