//! One school's report card (data contract §7): the index and its domains, every metric by
//! student group, growth, the change from last year, the designation and the support
//! suggested. Each part is a `section.part` with a plain-language heading, its chart(s) and
//! the same numbers in a table; the `data-*` hooks are listed in the crate documentation.

use core_index::model::basis;
use core_index::report::words;
use maud::{html, Markup};

use crate::charts;
use crate::format::{
    distance, hundredths, metric_value, needed_to_rise, percentile, rank_value, school_year,
    signed_hundredths, signed_levels, signed_metric_amount,
};
use crate::model::{
    Band, Card, Community, CutPoints, Designation, Direction, Domain, Escalation, Label,
    MetricResults, MetricRow, PartnerSuggestions, Role, RowStatus, Unit,
};
use crate::shell::document;

/// Renders a school's card as a complete, self-contained HTML5 document.
pub fn render_card(card: &Card) -> String {
    let title = format!(
        "{} – report card {}",
        card.school.name,
        school_year(card.year)
    );
    let main = html! {
        main.page data-school-id=(card.school.id) data-year=(card.year) data-n-size=(card.n_size) {
            (header(card))
            (index_part(card))
            (results_part(card))
            (growth_part(card))
            (change_part(card))
            (designation_part(card))
            (support_part(card))
            (reading_guide(card))
        }
    };
    document(&title, "card", main)
}

/// The school, the year and the key figures.
fn header(card: &Card) -> Markup {
    let school = &card.school;
    let designation = card.designation.designation;
    html! {
        header {
            p.eyebrow { "School report card · " (school_year(card.year)) }
            h1 { (school.name) }
            p.meta {
                "School " span.code { (school.id) } " · District " span.code { (school.district_id) }
                " · " (school.level.label()) " school · Title I: " (if school.title_i { "yes" } else { "no" })
            }
            div.key-figures {
                div.key-figure {
                    span.kf-label { "Index score" }
                    @match card.index.index_score {
                        Some(score) => {
                            span.kf-value { (hundredths(score)) }
                            span.kf-of {
                                "of " (hundredths(card.index.academic_max + card.index.secc_max)) " possible points"
                            }
                        }
                        None => { span.kf-value { "—" } span.kf-of { "no index score" } }
                    }
                }
                div.key-figure {
                    span.kf-label { "Designation" }
                    span.kf-value data-designation=(designation.code()) { (designation.label()) }
                    span.kf-of.code { (designation.code()) }
                }
                div.key-figure {
                    span.kf-label { "All students score" }
                    span.kf-value { (optional_hundredths(card.index.all_students_score)) }
                    span.kf-of { "of 100 (R28)" }
                }
                div.key-figure {
                    span.kf-label { "Subgroup score" }
                    span.kf-value { (optional_hundredths(card.index.subgroup_score)) }
                    span.kf-of { "of 100 (R28)" }
                }
            }
            nav.contents aria-label="Parts of this card" {
                ul {
                    li { a href="#index" { "How the index adds up" } }
                    li { a href="#results" { "Results by student group" } }
                    li { a href="#growth" { "Growth" } }
                    li { a href="#change" { "Compared with last year" } }
                    li { a href="#designation" { "Designation" } }
                    @if card.partners.is_some() { li { a href="#partners" { "Suggested partners" } } }
                    @if card.community.is_some() { li { a href="#community" { "Community of practice" } } }
                    li { a href="#reading" { "How to read this card" } }
                }
            }
        }
    }
}

/// "How the index adds up": the bars chart, the domain table and the points per metric.
fn index_part(card: &Card) -> Markup {
    let index = &card.index;
    let index_max = index.academic_max + index.secc_max;
    html! {
        section.part #index {
            h2 { "How the index adds up" }
            p {
                "The index is the sum of two domains: academic results and social-emotional and "
                "culture-climate results. "
                "Each metric's points are shared between all students and the counted student groups "
                span.rule-ref { "(R25, R26)" }
                "; the domains add up their rows' points " span.rule-ref { "(R27)" } "."
            }
            figure {
                (charts::index_bars::chart(index))
                figcaption { "Each bar shows the points the school earned against the points it could earn." }
            }
            div.table-wrap {
                table {
                    caption { "Points by domain" }
                    thead {
                        tr {
                            th scope="col" { "Part" }
                            th.num scope="col" { "Points" }
                            th.num scope="col" { "Possible" }
                        }
                    }
                    tbody {
                        tr {
                            th scope="row" { "Academic domain" }
                            td.num data-field="academic_points" { (hundredths(index.academic_points)) }
                            td.num data-field="academic_max" { (hundredths(index.academic_max)) }
                        }
                        tr {
                            th scope="row" { "Social-emotional and culture-climate domain" }
                            td.num data-field="secc_points" { (hundredths(index.secc_points)) }
                            td.num data-field="secc_max" { (hundredths(index.secc_max)) }
                        }
                        tr.total {
                            th scope="row" { "Index score" }
                            td.num data-field="index_score" { (optional_hundredths(index.index_score)) }
                            td.num data-field="index_max" { (hundredths(index_max)) }
                        }
                    }
                }
            }
            @if index.index_score.is_none() {
                p.note { "No index score: a domain has no reported metric (R27)." }
            }
            div.table-wrap {
                table {
                    caption { "Scores out of 100 " span.rule-ref { "(R28)" } }
                    thead {
                        tr {
                            th scope="col" { "Score" }
                            th.num scope="col" { "Value" }
                            th scope="col" { "What it measures" }
                        }
                    }
                    tbody {
                        tr {
                            th scope="row" { "All students score" }
                            td.num data-field="all_students_score" { (optional_hundredths(index.all_students_score)) }
                            td { "Points of the all-students rows as a share of their possible points." }
                        }
                        tr {
                            th scope="row" { "Subgroup score" }
                            td.num data-field="subgroup_score" { (optional_hundredths(index.subgroup_score)) }
                            td { "Points of the counted student groups as a share of their possible points." }
                        }
                    }
                }
            }
            (points_by_metric(card))
        }
    }
}

/// The points each metric contributes (its counted rows' points and possible points added),
/// by domain, with the domain's total.
fn points_by_metric(card: &Card) -> Markup {
    let index = &card.index;
    let domains = [
        (Domain::Academic, index.academic_points, index.academic_max),
        (Domain::Secc, index.secc_points, index.secc_max),
    ];
    html! {
        div.table-wrap {
            table {
                caption { "Points by metric (" (index.metrics_reported) " metrics with an all-students result)" }
                thead {
                    tr {
                        th scope="col" { "Metric" }
                        th.num scope="col" { "Points" }
                        th.num scope="col" { "Possible" }
                    }
                }
                @for (domain, domain_points, domain_max) in domains {
                    tbody {
                        tr.domain { th colspan="3" scope="colgroup" { (domain.label()) " domain" } }
                        @for metric in card.metrics.iter().filter(|m| m.definition.domain == domain) {
                            @let counted = metric.rows.iter().filter(|r| r.role.is_counted() && r.points.is_some());
                            @let (points, max) = counted.fold((0i64, 0i64), |(p, m), r| {
                                let row_points = to_hundredths(r.points.unwrap_or(0.0));
                                let row_max = to_hundredths(r.max_points.unwrap_or(0.0));
                                (p + row_points, m + row_max)
                            });
                            tr data-metric-sum=(metric.definition.code) {
                                th scope="row" { (metric.definition.label) }
                                @if max > 0 {
                                    td.num data-field="points" { (hundredths(points as f64 / 100.0)) }
                                    td.num data-field="max_points" { (hundredths(max as f64 / 100.0)) }
                                } @else {
                                    td.muted colspan="2" { "not counted: no all-students result (R25)" }
                                }
                            }
                        }
                        tr.subtotal {
                            th scope="row" { (domain.label()) " domain total" }
                            td.num { (hundredths(domain_points)) }
                            td.num { (hundredths(domain_max)) }
                        }
                    }
                }
            }
        }
    }
}

/// Points are whole hundredths in the reports; adding them as integers keeps sums exact.
fn to_hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The metric's rows in display order: `ALL`, the counted groups, then information-only
/// groups, keeping the caller's order within a role.
fn ordered_rows(metric: &MetricResults) -> Vec<&MetricRow> {
    let mut rows: Vec<&MetricRow> = metric.rows.iter().collect();
    rows.sort_by_key(|row| row.role);
    rows
}

/// Whether any row of the card has last year's result.
fn card_has_prior(card: &Card) -> bool {
    card.metrics
        .iter()
        .flat_map(|m| &m.rows)
        .any(|r| r.prior_value.is_some() || r.prior_level.is_some())
}

/// "Results by student group": one block per metric, by domain.
fn results_part(card: &Card) -> Markup {
    let with_prior = card_has_prior(card);
    html! {
        section.part #results {
            h2 { "Results by student group" }
            p {
                "Each result is placed on a level from 1 to 10 against the metric's cut points "
                span.rule-ref { "(R15, R16)" } ". Levels 1–3 are " (band_badge(Band::Below)) ", 4–7 "
                (band_badge(Band::Average)) " and 8–10 " (band_badge(Band::Above)) " "
                span.rule-ref { "(R37)" } ". "
                "All students and the counted groups (the lowest-performing race/ethnicity group and "
                "socio-economically disadvantaged students, English learners and students with "
                "disabilities) earn points "
                span.rule-ref { "(R5, R26)" } "; other groups are shown for information. "
                "A group with fewer than " (card.n_size) " students has no result shown " span.rule-ref { "(R3)" } "."
            }
            p.legend {
                "The scale beside each level marks it in black on the bands"
                @if with_prior {
                    "; an open circle marks last year's level, and an arrow runs from it to this year's "
                    "(pointing right: levels gained; left: levels lost) " span.rule-ref { "(R36)" }
                }
                "."
            }
            @for domain in [Domain::Academic, Domain::Secc] {
                @let metrics: Vec<&MetricResults> =
                    card.metrics.iter().filter(|m| m.definition.domain == domain).collect();
                @if !metrics.is_empty() {
                    h3 { (domain.label()) " domain" }
                    @for metric in metrics {
                        (metric_block(card, metric, with_prior))
                    }
                }
            }
        }
    }
}

/// One metric: heading, table (each row with its level on a small scale) and cut points.
fn metric_block(card: &Card, metric: &MetricResults, with_prior: bool) -> Markup {
    let def = &metric.definition;
    let rows = ordered_rows(metric);
    let better = match def.direction {
        Direction::HigherIsBetter => "Higher is better.",
        Direction::LowerIsBetter => "Lower is better.",
    };
    // Suppressed information-only groups are named together in one line: they earn nothing
    // and show nothing (R3, R5), so a row each would only lengthen the card.
    let (hidden_info, shown): (Vec<&MetricRow>, Vec<&MetricRow>) = rows
        .into_iter()
        .partition(|row| row.role == Role::Info && !row.is_shown());
    let columns = if with_prior { 9 } else { 7 };
    let hidden_codes: Vec<&str> = hidden_info.iter().map(|r| r.group.as_str()).collect();
    let hidden_labels: Vec<&str> = hidden_info.iter().map(|r| r.group_label.as_str()).collect();
    html! {
        div.metric data-metric=(def.code) {
            div.metric-head {
                h4 { (def.label) " " span.code { (def.code) } }
                p.note { (better) " " (unit_note(def.unit)) }
            }
            div.table-wrap {
                table.results {
                    caption.visually-hidden { (def.label) ": results by group" }
                    thead {
                        tr {
                            th scope="col" { "Group" }
                            th.num scope="col" { "Students" }
                            th.num scope="col" { "Result" }
                            th scope="col" colspan="2" { "Level and band" }
                            th.num scope="col" { "Points" }
                            @if with_prior { th.num scope="col" { "Last year" } th.num scope="col" { "Change" } }
                            th.wrap scope="col" { "To rise one level " span.rule-ref { "(R38)" } }
                        }
                    }
                    tbody {
                        @for row in &shown {
                            (metric_row(card, metric, row, with_prior))
                        }
                        @if !hidden_info.is_empty() {
                            tr.info.hidden-groups data-status="suppressed" data-role="info"
                                data-groups=(hidden_codes.join(" ")) {
                                td colspan=(columns) data-field="suppressed" {
                                    "Not shown, fewer than " (card.n_size) " students (information only): "
                                    (hidden_labels.join(", ")) "."
                                }
                            }
                        }
                    }
                }
            }
            p.note.cut-points { (cut_points_note(metric)) }
        }
    }
}

/// One group's row of a metric table. A suppressed row shows only who it is about and
/// "fewer than N students": no count, value, level, points or prior.
fn metric_row(card: &Card, metric: &MetricResults, row: &MetricRow, with_prior: bool) -> Markup {
    let def = &metric.definition;
    let shown = row.is_shown();
    let status = if shown {
        RowStatus::Reported
    } else {
        RowStatus::Suppressed
    };
    let columns_after_group = if with_prior { 8 } else { 6 };
    html! {
        tr.info[row.role == Role::Info] data-metric=(def.code) data-group=(row.group) data-role=(row.role.code())
            data-status=(status.code()) {
            th scope="row" {
                span.group-cell {
                    (row.group_label) @if row.group != row.group_label { " " span.code { (row.group) } }
                    br; span.role { (role_text(row.role)) }
                }
            }
            @if let (true, Some(value)) = (shown, row.value) {
                td.num data-field="n" { (row.n) }
                td.num data-field="value" { (metric_value(value, def.unit)) }
                td.level-cell {
                    @match row.level {
                        Some(level) => {
                            span.level-number data-field="level" { (level) }
                            (charts::level_scale::chart(&row.group_label, level, row.prior_level))
                        }
                        None => span data-field="level" { "—" },
                    }
                }
                td data-field="band" {
                    @match row.band.or(row.level.map(Band::of_level)) {
                        Some(band) => (band_badge(band)),
                        None => "—",
                    }
                }
                @match (row.role.is_counted(), row.points, row.max_points) {
                    (true, Some(points), Some(max)) => td.num {
                        span data-field="points" { (hundredths(points)) } span.of { " of " }
                        span data-field="max_points" { (hundredths(max)) }
                    },
                    (true, _, _) => td.muted { "no points (R25)" },
                    (false, _, _) => td.muted { "not counted" },
                }
                @if with_prior {
                    td.num {
                        @match (row.prior_value, row.prior_level) {
                            (Some(prior), level) => {
                                span data-field="prior_value" { (metric_value(prior, def.unit)) }
                                @if let Some(level) = level {
                                    br; span.of { "level " } span data-field="prior_level" { (level) }
                                }
                            }
                            (None, _) => span.muted { "—" },
                        }
                    }
                    td.num {
                        @if let Some(change) = row.change {
                            span data-field="change" { (signed_metric_amount(change, def.unit)) }
                        }
                        @if let Some(levels) = row.level_change {
                            br;
                            span data-field="level_change" { (signed_levels(levels)) }
                            span.of { " level" @if levels.abs() != 1 { "s" } }
                        }
                        @if row.change.is_none() && row.level_change.is_none() { span.muted { "—" } }
                    }
                }
                td data-field="needed_1" {
                    @match (row.level, row.needed_1) {
                        (Some(10), _) => "At the top level",
                        (_, Some(needed)) => (needed_to_rise(needed, def.unit, def.direction)),
                        _ => "—",
                    }
                }
            } @else {
                td.suppressed colspan=(columns_after_group) data-field="suppressed" {
                    "Not shown: fewer than " (card.n_size) " students"
                }
            }
        }
    }
}

/// How the role reads under the group's name.
fn role_text(role: Role) -> &'static str {
    match role {
        Role::All => "counted",
        Role::LowestRace => "counted: lowest race/ethnicity group",
        Role::Subgroup => "counted: subgroup",
        Role::Info => "information only",
    }
}

/// What the metric's values are, in a few words.
fn unit_note(unit: Unit) -> &'static str {
    match unit {
        Unit::Percent => "Results are percents of students; changes are in percentage points (pts).",
        Unit::Mean => "Results are means on the survey's 1–5 scale.",
        Unit::Percentile => "Results are growth percentiles (50 is typical); changes are in percentile points (pts).",
    }
}

/// The cut points the metric's levels come from, written out.
fn cut_points_note(metric: &MetricResults) -> Markup {
    let def = &metric.definition;
    match &metric.cut_points {
        CutPoints::Calibrated(cuts) => {
            let written: Vec<String> = cuts.iter().map(|c| metric_value(*c, def.unit)).collect();
            let rule = match def.direction {
                Direction::HigherIsBetter => "each cut point a result reaches adds one level",
                Direction::LowerIsBetter => "each cut point a result is at or below adds one level",
            };
            html! { "Cut points c1–c9: " (written.join(" · ")) "; " (rule) " " span.rule-ref { "(R15)" } "." }
        }
        CutPoints::GrowthDeciles => html! {
            "Levels follow the fixed decile map: the percentile rounded, divided by 10 and plus one, "
            "at most 10 (57 is level 6) " span.rule-ref { "(R16)" } "."
        },
        CutPoints::Unknown => html! { "Cut points not shown." },
    }
}

/// "Growth": percentiles with confidence intervals, chart and table.
fn growth_part(card: &Card) -> Markup {
    html! {
        section.part #growth {
            h2 { "Growth" }
            p {
                "Growth compares how much each student's test score rose with students who scored alike the year "
                "before and have similar backgrounds " span.rule-ref { "(R18–R23)" } ". "
                "The school's growth percentile "
                "says where it stands among schools: 50 is typical. The whiskers show the 95% confidence interval; a "
                "wide interval means the estimate is less certain."
            }
            @if let Some(chart) = charts::growth::chart(&card.growth) {
                figure {
                    (chart)
                    figcaption {
                        "Circles: English language arts (ELA); squares: mathematics (MATH). "
                        "Lines show the confidence interval; shading marks the level bands."
                    }
                }
                div.table-wrap {
                    table {
                        caption { "Growth by subject and group" }
                        thead {
                            tr {
                                th scope="col" { "Subject" }
                                th scope="col" { "Group" }
                                th.num scope="col" { "Students" }
                                th.num scope="col" { "Growth percentile" } th.num scope="col" { "Interval low" }
                                th.num scope="col" { "Interval high" }
                                th.num scope="col" { "Level" }
                                th scope="col" { "Band" }
                            }
                        }
                        tbody {
                            @for row in &card.growth {
                                tr data-subject=(row.subject.code()) data-group=(row.group) {
                                    th scope="row" { (row.subject.label()) }
                                    td { (row.group_label) }
                                    td.num data-field="n" { (row.n) }
                                    td.num data-field="growth_percentile" { (percentile(row.growth_percentile)) }
                                    td.num data-field="ci_low" { (percentile(row.ci_low)) }
                                    td.num data-field="ci_high" { (percentile(row.ci_high)) }
                                    td.num data-field="level" { (row.level) }
                                    td { (band_badge(Band::of_level(row.level))) }
                                }
                            }
                        }
                    }
                }
            } @else {
                p.note {
                    "No growth results: growth needs at least " (card.n_size)
                    " students tested in the growth grades this year and last year."
                }
            }
        }
    }
}

/// "Compared with last year": the index change and, per metric, how the levels of all
/// students and the counted groups moved (R36). The rows themselves, with last year's value
/// and level and the change, are in the results tables, whose scales draw each move.
fn change_part(card: &Card) -> Markup {
    let index = &card.index;
    let metrics: Vec<(&MetricResults, LevelMoves)> = card
        .metrics
        .iter()
        .map(|metric| (metric, LevelMoves::of(metric)))
        .filter(|(_, moves)| moves.compared() > 0)
        .collect();
    html! {
        section.part #change {
            h2 { "Compared with last year" }
            @if let (Some(prior), Some(change)) = (index.prior_index_score, index.index_change) {
                p {
                    "Index score last year: " strong data-field="prior_index_score" { (hundredths(prior)) }
                    "; this year: " strong { (optional_hundredths(index.index_score)) }
                    "; change: " strong data-field="index_change" { (signed_hundredths(change)) } " points "
                    span.rule-ref { "(R36)" } "."
                }
            }
            @if metrics.is_empty() {
                @if index.prior_index_score.is_none() {
                    p.note { "No results from last year are in this output folder, so there is nothing to compare." }
                }
            } @else {
                p {
                    "Results are compared with last year's under the same cut points " span.rule-ref { "(R35, R36)" }
                    ". The tables above show each group's result last year and the change; here are the "
                    "moves of all students and the counted groups at a glance."
                }
                div.table-wrap {
                    table.change-summary {
                        caption { "Levels last year and this year" }
                        thead {
                            tr {
                                th scope="col" { "Metric" }
                                th.num scope="col" { "All students" }
                                th.num scope="col" { "Groups up" }
                                th.num scope="col" { "Same" }
                                th.num scope="col" { "Down" }
                            }
                        }
                        tbody {
                            @for (metric, moves) in &metrics {
                                tr data-change-metric=(metric.definition.code) {
                                    th scope="row" { (metric.definition.label) }
                                    td.num data-field="all_levels" {
                                        @match moves.all {
                                            Some((prior, level)) => {
                                                (prior) " → " (level) " "
                                                span.of { "(" (signed_levels(i32::from(level) - i32::from(prior))) ")" }
                                            }
                                            None => span.muted { "—" },
                                        }
                                    }
                                    td.num data-field="groups_up" { (moves.up) }
                                    td.num data-field="groups_same" { (moves.same) }
                                    td.num data-field="groups_down" { (moves.down) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// How the levels of a metric's counted rows with a level this year and last year moved.
struct LevelMoves {
    /// ALL's level last year and this year.
    all: Option<(u8, u8)>,
    /// Counted groups (other than ALL) whose level rose, stayed, fell.
    up: u32,
    same: u32,
    down: u32,
}

impl LevelMoves {
    fn of(metric: &MetricResults) -> Self {
        let mut moves = LevelMoves {
            all: None,
            up: 0,
            same: 0,
            down: 0,
        };
        let compared = metric
            .rows
            .iter()
            .filter(|r| r.role.is_counted() && r.is_shown());
        for row in compared {
            let (Some(level), Some(prior)) = (row.level, row.prior_level) else {
                continue;
            };
            if row.role == Role::All {
                moves.all = Some((prior, level));
            } else if level > prior {
                moves.up += 1;
            } else if level < prior {
                moves.down += 1;
            } else {
                moves.same += 1;
            }
        }
        moves
    }

    /// Rows compared.
    fn compared(&self) -> u32 {
        u32::from(self.all.is_some()) + self.up + self.same + self.down
    }
}

/// "Designation": the words and code, why, the rank among N and the escalation.
fn designation_part(card: &Card) -> Markup {
    let info = &card.designation;
    let designation = info.designation;
    let first_basis = info.basis.as_deref().and_then(|b| b.split('+').next());
    html! {
        section.part #designation data-designation=(designation.code()) {
            h2 { "Designation" }
            p.designation-words {
                span data-field="designation" data-code=(designation.code()) { (designation.label()) }
                " " span.code { (designation.code()) }
            }
            p { (designation_meaning(designation)) }
            dl.facts {
                @if let Some(basis) = &info.basis {
                    dt { "Why" }
                    dd data-field="basis" data-code=(basis) {
                        ul.plain { @for token in basis.split('+') { li { (basis_words(token)) } } }
                    }
                }
                @if let Some(value) = info.rank_value {
                    dt { "Ranked on " span.rule-ref { "(R33)" } }
                    dd { (rank_value_label(first_basis)) ": " span data-field="rank_value" { (rank_value(value)) } }
                }
                @if let Some(rank) = info.rank {
                    dt { "Rank" }
                    dd {
                        span data-field="rank" { (rank) }
                        @if let Some(ranked) = info.ranked {
                            " of " span data-field="ranked" { (ranked) } " schools ranked"
                        }
                        " (" (ranking_order(first_basis)) ")"
                    }
                }
                @if let Some(n) = info.universe_n {
                    dt { "Schools compared" }
                    dd { span data-field="universe_n" { (n) } " Title I schools with an index score (§7)" }
                }
                @if let Some(cutoff) = &info.cutoff {
                    dt { "Cutoff" }
                    dd data-field="cutoff" { (cutoff) }
                }
                dt { "Years in status " span.rule-ref { "(R34)" } }
                dd {
                    span data-field="years_in_status" { (info.years_in_status) }
                    @if matches!(designation, Designation::Priority | Designation::Focus) {
                        " consecutive year" @if info.years_in_status != 1 { "s" }
                        " as " (designation.label()) ", this year included"
                    }
                }
                dt { "Escalation " span.rule-ref { "(R34)" } }
                dd {
                    span data-field="escalation" data-code=(info.escalation.code()) { (info.escalation.label()) }
                    @if info.escalation != Escalation::None { " — " (escalation_meaning(info.escalation)) }
                }
            }
        }
    }
}

/// What a designation means, in one or two sentences.
fn designation_meaning(designation: Designation) -> &'static str {
    match designation {
        Designation::Priority => {
            "Priority schools are the Title I schools with the lowest index scores, and high schools whose \
             all-students four-year graduation rate is below the floor (R29). They are paired with Reward schools \
             for support."
        }
        Designation::Focus => {
            "Focus schools are the Title I schools, not in Priority, with the weakest results for their student \
             groups: the lowest subgroup scores, or a counted group's four-year graduation rate below the floor (R30)."
        }
        Designation::RewardHighPerforming => {
            "Reward schools with high performance have the highest index scores among eligible Title I schools \
             without a large achievement gap (R31, R32)."
        }
        Designation::RewardHighProgress => {
            "Reward schools with high progress have the highest growth among the remaining eligible Title I schools \
             (R31, R32)."
        }
        Designation::None => {
            "The school is among the Title I schools with an index score but met none of the criteria for a \
             designation (R29–R32)."
        }
        Designation::NotEligible => {
            "Only Title I schools with an index score are designated (§7); this school is outside that group."
        }
    }
}

/// A basis token (R29–R32) in words, as a sentence ("Among the lowest index scores …").
fn basis_words(token: &str) -> String {
    capitalized(words::basis_words(token))
}

/// What the rank value is, by the first basis (R33), e.g. "Index score".
fn rank_value_label(first_basis: Option<&str>) -> String {
    capitalized(words::rank_value_words(first_basis.unwrap_or("")))
}

/// `text` with its first letter upper-case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which end the ranking starts from, by the first basis.
fn ranking_order(first_basis: Option<&str>) -> &'static str {
    match first_basis {
        Some(basis::HIGHEST_INDEX | basis::HIGHEST_GROWTH) => "1 is the highest",
        _ => "1 is the lowest",
    }
}

/// What an escalation asks for.
fn escalation_meaning(escalation: Escalation) -> &'static str {
    match escalation {
        Escalation::None => "",
        Escalation::PartnerWithReward => {
            "a Focus school for three years or more works with a Reward school."
        }
        Escalation::DistrictTurnaround => {
            "a Focus school for five years or more gets a district turnaround plan."
        }
        Escalation::IntensiveAction => {
            "a Priority school for five years or more gets intensive action."
        }
    }
}

/// "Suggested partners" and "Community of practice", whichever the school has.
fn support_part(card: &Card) -> Markup {
    html! {
        @if let Some(partners) = &card.partners { (partners_part(card, partners)) }
        @if let Some(community) = &card.community { (community_part(card, community)) }
    }
}

/// The partner suggestions (R42) with the reason for each.
fn partners_part(card: &Card, suggestions: &PartnerSuggestions) -> Markup {
    html! {
        section.part #partners {
            h2 { "Suggested partners" }
            p {
                "Reward schools of the same school level are suggested as partners " span.rule-ref { "(R42)" } ". "
                "Schools strong in this school's focus area (level 8 or above) come first; within that, "
                "the schools whose students are most alike come first. The district decides."
            }
            @match &suggestions.focus {
                Some(focus) => p data-field="focus" data-metric=(focus.metric) data-group=(focus.group) {
                    "Focus area " span.rule-ref { "(R41)" } ": " strong { (focus.metric_label) } " for "
                    strong { (focus.group_label) }
                    @if let Some(level) = focus.level { ", level " span data-field="focus_level" { (level) } }
                    " — the lowest level among the school's counted results."
                },
                None => p {
                    "The school has no focus area (R41); partners are ranked by how alike their students are."
                },
            }
            @if suggestions.partners.is_empty() {
                p data-field="no_partner" { "No Reward school of the same level could be suggested." }
            } @else {
                div.table-wrap {
                    table {
                        caption { "Suggested partners" }
                        thead {
                            tr {
                                th.num scope="col" { "Rank" }
                                th scope="col" { "School" }
                                th scope="col" { "Designation" }
                                th.num scope="col" { "Level in focus area" } th.num scope="col" { "Distance" }
                                th scope="col" { "Why" }
                            }
                        }
                        tbody {
                            @for partner in &suggestions.partners {
                                tr data-partner-rank=(partner.rank) data-partner-id=(partner.school_id) {
                                    td.num data-field="rank" { (partner.rank) }
                                    th scope="row" {
                                        a href=(card_href(&partner.school_id)) { (partner.school_name) }
                                        " " span.code { (partner.school_id) }
                                    }
                                    td data-field="partner_designation"
                                        data-designation=(partner.designation.code()) {
                                        (partner.designation.label())
                                    }
                                    td.num data-field="partner_level" { (optional_level(partner.level)) }
                                    td.num data-field="distance" { (distance(partner.distance)) }
                                    td { (partner_reason(card, suggestions, partner.level, partner.distance)) }
                                }
                            }
                        }
                    }
                }
                p.note {
                    "Distance compares the two schools' shares of socio-economically disadvantaged students, English "
                    "learners, students with disabilities and race/ethnicity groups, in percentage points; "
                    "0 means the "
                    "same mix " span.rule-ref { "(R40)" } "."
                }
            }
        }
    }
}

/// Why a partner was suggested, in one sentence.
fn partner_reason(
    card: &Card,
    suggestions: &PartnerSuggestions,
    level: Option<u8>,
    gap: f64,
) -> String {
    let strength = match (&suggestions.focus, level) {
        (Some(_), Some(level)) if level >= 8 => format!("Strong in the focus area (level {level})"),
        (Some(_), Some(level)) => format!("Level {level} in the focus area"),
        (Some(_), None) => "No result in the focus area".to_string(),
        (None, _) => "Reward school".to_string(),
    };
    format!(
        "{strength}; {} school; student mix {} pts apart.",
        card.school.level.label().to_lowercase(),
        distance(gap)
    )
}

/// The community of practice (R43).
fn community_part(card: &Card, community: &Community) -> Markup {
    html! {
        section.part #community data-community=(community.number) {
            h2 { "Community of practice" }
            p {
                "Focus schools of the same level that share a focus area meet as a community of practice "
                span.rule-ref { "(R43)" } ". This school is in community "
                strong data-field="community" { (community.number) }
                ", whose schools share the focus area "
                strong data-field="focus_metric" data-code=(community.focus_metric) {
                    (community.focus_metric_label)
                }
                " and whose students are most alike."
            }
            div.table-wrap {
                table {
                    caption { "Schools in community " (community.number) }
                    thead {
                        tr {
                            th scope="col" { "School" }
                            th scope="col" { "Focus group" }
                            th.num scope="col" { "Focus level" }
                        }
                    }
                    tbody {
                        @for member in &community.members {
                            @let is_this = member.school_id == card.school.id;
                            tr.this-school[is_this] data-member-id=(member.school_id) {
                                th scope="row" {
                                    @if is_this { (member.school_name) " (this school)" }
                                    @else { a href=(card_href(&member.school_id)) { (member.school_name) } }
                                    " " span.code { (member.school_id) }
                                }
                                td data-field="focus_group" data-code=(member.focus_group) {
                                    (member.focus_group_label)
                                }
                                td.num data-field="focus_level" { (optional_level(member.focus_level)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A short guide to the card's conventions.
fn reading_guide(card: &Card) -> Markup {
    html! {
        section.part #reading {
            h2 { "How to read this card" }
            ul.plain {
                li {
                    "Points, possible points, domain sums and the index are written to the hundredth exactly "
                    "as computed; results, changes and rank values are rounded for display."
                }
                li {
                    "Levels run from 1 (lowest) to 10 (highest) for every metric; for chronic absence and "
                    "suspension a lower result gives a higher level."
                }
                li { "Bands are written in words: Below (levels 1–3), Average (4–7), Above (8–10) (R37)." }
                li { "Results for fewer than " (card.n_size) " students are never shown (R3)." }
                li {
                    "“To rise one level” is how much the result would have to change to reach the next "
                    "level (R38)."
                }
                li { "Rule numbers such as " span.rule-ref { "R26" } " refer to the core-index methodology." }
            }
        }
    }
}

/// A level or a dash.
fn optional_level(level: Option<u8>) -> String {
    level
        .map(|l| l.to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// Two decimals or a dash.
fn optional_hundredths(x: Option<f64>) -> String {
    x.map(hundredths).unwrap_or_else(|| "—".to_string())
}

/// A band written as a word on its tint.
pub(crate) fn band_badge(band: Band) -> Markup {
    let class = match band {
        Band::Below => "band band-below",
        Band::Average => "band band-average",
        Band::Above => "band band-above",
    };
    html! { span class=(class) data-band=(band.code()) { (band.label()) } }
}

/// The file name of a school's card beside the index page: `SCHOOL_ID.html` when the id is
/// made of `A–Z a–z 0–9 - _ .` (CDS codes are digits), with every other byte written as
/// `~XX` (hex), so an id can never name a path outside the folder (`/`, `..`) or a hidden
/// file, and two ids never share a file. An id that would make the card `index.html` has
/// its first letter written as `~XX` too. The name needs no percent-encoding in a link.
pub fn file_name(school_id: &str) -> String {
    let mut name = String::with_capacity(school_id.len() + 5);
    for (i, byte) in school_id.bytes().enumerate() {
        let plain = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.');
        let clashes = i == 0 && (byte == b'.' || school_id.eq_ignore_ascii_case("index"));
        if plain && !clashes {
            name.push(char::from(byte));
        } else {
            name.push_str(&format!("~{byte:02X}"));
        }
    }
    name.push_str(".html");
    name
}

/// The relative link to a school's card: its [`file_name`].
pub(crate) fn card_href(school_id: &str) -> String {
    file_name(school_id)
}
