//! Reads the rendered pages back with an HTML parser and checks what data contract §7 and
//! the crate's hooks promise: documents parse, nothing is loaded from outside, suppressed
//! results show no number, names are escaped, points keep two decimals, charts are
//! accessible, and the change chart appears only with prior results.

use super::fixtures as common;
use crate::*;
use scraper::{ElementRef, Html, Selector};

fn parse(html: &str) -> Html {
    let document = Html::parse_document(html);
    assert!(
        document.errors.is_empty(),
        "HTML parse errors: {:?}",
        document.errors
    );
    document
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector =
        Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    document.select(&selector).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// The one element a selector must match.
fn only<'a>(document: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = select(document, selector);
    assert_eq!(
        found.len(),
        1,
        "expected one match for {selector}, found {}",
        found.len()
    );
    found[0]
}

fn all_pages() -> Vec<(&'static str, String)> {
    let (priority, focus) = (common::priority_card(), common::focus_card());
    let index = common::index_page(&[&priority, &focus]);
    vec![
        ("priority card", render_card(&priority)),
        ("focus card", render_card(&focus)),
        ("index", render_index(&index)),
    ]
}

#[test]
fn every_page_is_a_complete_html5_document() {
    for (name, html) in all_pages() {
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        let document = parse(&html);
        only(&document, "html[lang=en] > head > meta[charset=utf-8]");
        only(&document, "head > meta[name=viewport]");
        only(&document, "head > style");
        assert!(!text(&only(&document, "head > title")).is_empty(), "{name}");
        assert!(
            html.contains("@media print"),
            "{name} has a print stylesheet"
        );
        assert!(
            html.contains("overflow-x: auto"),
            "{name} lets tables scroll sideways"
        );
    }
}

#[test]
fn nothing_is_loaded_from_outside_the_page() {
    for (name, html) in all_pages() {
        let document = parse(&html);
        assert!(
            select(
                &document,
                "[src], link, script, img, iframe, object, embed, image, use"
            )
            .is_empty(),
            "{name}"
        );
        for element in document
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            for (attribute, value) in element.value().attrs() {
                let value = value.trim().to_ascii_lowercase();
                let external =
                    value.starts_with("//") || value.contains("http:") || value.contains("https:");
                assert!(
                    !external,
                    "{name}: <{} {attribute}=\"{value}\">",
                    element.value().name()
                );
            }
        }
        for href in select(&document, "[href]")
            .iter()
            .filter_map(|a| a.value().attr("href"))
        {
            assert!(
                href.starts_with('#') || href.ends_with(".html"),
                "{name}: link {href}"
            );
        }
        let style = text(&only(&document, "head > style"));
        for banned in ["@import", "url(", "@font-face"] {
            assert!(!style.contains(banned), "{name}: stylesheet has {banned}");
        }
    }
}

#[test]
fn suppressed_rows_say_fewer_than_n_students_and_show_no_number() {
    let card = common::priority_card();
    let document = parse(&render_card(&card));
    let suppressed = select(&document, "tr[data-status=suppressed]");
    // SWD on HS_READINESS (a counted group) has a row of its own; FOS on ELA_PERF
    // (information only) is named in the metric's one line of hidden information groups.
    let keys: Vec<(&str, &str)> = suppressed
        .iter()
        .map(|r| {
            let attr = |name| r.value().attr(name).unwrap_or_default();
            (attr("data-metric"), attr("data-group"))
        })
        .collect();
    assert_eq!(keys, [("", ""), ("HS_READINESS", "SWD")]);
    let hidden = only(
        &document,
        "div.metric[data-metric=ELA_PERF] tr.hidden-groups[data-status=suppressed]",
    );
    assert_eq!(hidden.value().attr("data-groups"), Some("FOS"));
    assert!(text(&hidden).contains("Foster youth"), "{}", text(&hidden));
    let cell = Selector::parse("[data-field]").unwrap();
    for row in suppressed {
        let fields: Vec<&str> = row
            .select(&cell)
            .map(|c| c.value().attr("data-field").unwrap())
            .collect();
        assert_eq!(
            fields,
            ["suppressed"],
            "a suppressed row has no value, level or points cell"
        );
        assert!(
            text(&row).contains("fewer than 20 students"),
            "{}",
            text(&row)
        );
        assert!(
            !text(&row).chars().any(|c| c == '%'),
            "no value: {}",
            text(&row)
        );
    }
    // No chart mark either: the level scales of HS_READINESS are the reported groups' only.
    let scales = select(
        &document,
        "div.metric[data-metric=HS_READINESS] svg[data-chart=level]",
    );
    assert_eq!(scales.len(), 4);
    for scale in scales {
        let label = scale.value().attr("aria-label").unwrap();
        assert!(!label.contains("Students with disabilities"), "{label}");
    }
}

#[test]
fn a_row_marked_reported_without_a_value_is_treated_as_suppressed() {
    let mut card = common::focus_card();
    let row = &mut card.metrics[0].rows[0];
    row.value = None;
    card.n_size = 30;
    let document = parse(&render_card(&card));
    let row = only(&document, "tr[data-metric=ELA_PERF][data-group=ALL]");
    assert_eq!(row.value().attr("data-status"), Some("suppressed"));
    assert!(text(&row).contains("fewer than 30 students"));
}

#[test]
fn school_names_are_escaped() {
    let mut card = common::focus_card();
    card.school.name = "Evil <script>alert(\"x\")</script> & 'Co'".into();
    card.community.as_mut().unwrap().members[1].school_name = "<img src=x onerror=alert(1)>".into();
    let html = render_card(&card);
    let document = parse(&html);
    assert!(select(&document, "script, img").is_empty());
    assert_eq!(text(&only(&document, "h1")), card.school.name);
    assert!(html.contains("Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'Co'"));

    let mut index = common::index_page(&[&card]);
    index.schools[0].school_id = "a/b?c#d".into();
    let document = parse(&render_index(&index));
    assert!(select(&document, "script, img").is_empty());
    let link = only(&document, "tr[data-school-id='a/b?c#d'] a");
    assert_eq!(link.value().attr("href"), Some("a~2Fb~3Fc~23d.html"));
    assert_eq!(text(&link), card.school.name);
}

#[test]
fn points_and_the_index_are_written_to_the_hundredth() {
    let mut card = common::priority_card();
    card.index.academic_points = 34.7;
    card.index.secc_points = 24.0;
    card.index.index_score = Some(58.7);
    let document = parse(&render_card(&card));
    let field = |name: &str| {
        text(&only(
            &document,
            &format!("section#index [data-field={name}]"),
        ))
    };
    assert_eq!(field("academic_points"), "34.70");
    assert_eq!(field("secc_points"), "24.00");
    assert_eq!(field("index_score"), "58.70");
    assert_eq!(field("academic_max"), "60.01");
    assert_eq!(text(&only(&document, "[data-field=index_change]")), "+2.11");
    let two_decimals = |s: &str| {
        let (whole, fraction) = s
            .trim_start_matches(['+', '-'])
            .split_once('.')
            .unwrap_or(("", ""));
        !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && fraction.len() == 2
    };
    let points = select(
        &document,
        "[data-field=points], [data-field=max_points], [data-field$=_score]",
    );
    assert!(points.len() > 100);
    for cell in points {
        assert!(two_decimals(&text(&cell)), "{:?}", text(&cell));
    }
    // A row's points as the CSV holds them: ALL of ELA_PERF earns round2(5 × 4 / 10) = 2.00.
    let all = only(&document, "tr[data-metric=ELA_PERF][data-group=ALL]");
    let cell = |f: &str| {
        text(
            &all.select(&Selector::parse(&format!("[data-field={f}]")).unwrap())
                .next()
                .unwrap(),
        )
    };
    assert_eq!(
        (
            cell("points"),
            cell("max_points"),
            cell("level"),
            cell("value")
        ),
        ("2.00".into(), "5.00".into(), "4".into(), "33.8%".into())
    );
    // The chart's text equivalent carries the same numbers.
    let chart = only(&document, "svg[data-chart=index]");
    assert!(chart
        .value()
        .attr("aria-label")
        .unwrap()
        .contains("Index score: 58.70 of 100.01"));
}

#[test]
fn every_chart_is_an_accessible_image_with_its_numbers() {
    for (name, html) in all_pages() {
        let document = parse(&html);
        for svg in select(&document, "svg") {
            assert_eq!(svg.value().attr("role"), Some("img"), "{name}");
            let label = svg.value().attr("aria-label").unwrap_or_default();
            assert!(
                label.chars().any(|c| c.is_ascii_digit()),
                "{name}: aria-label without numbers: {label}"
            );
            let first = svg
                .children()
                .find_map(ElementRef::wrap)
                .expect("svg has children");
            assert_eq!(first.value().name(), "title", "{name}");
            assert!(!text(&first).is_empty());
            assert!(svg.value().attr("data-chart").is_some());
        }
    }
    let document = parse(&render_card(&common::priority_card()));
    // One level scale per reported row with a level (information rows included).
    let levelled = select(&document, "tr[data-metric] [data-field=level]")
        .iter()
        .filter(|cell| text(cell) != "—")
        .count();
    assert_eq!(select(&document, "svg[data-chart=level]").len(), levelled);
    assert!(levelled > 40);
    let growth = only(&document, "svg[data-chart=growth]");
    assert!(growth.value().attr("aria-label").unwrap().contains(
        "English language arts All students: percentile 44 (confidence interval 37 to 52), level 5"
    ));
}

#[test]
fn last_years_levels_appear_only_with_prior_results() {
    let focus = parse(&render_card(&common::focus_card()));
    assert!(select(&focus, "table.change-summary").is_empty());
    assert!(select(&focus, "[data-field=prior_value], [data-field=change]").is_empty());
    assert!(text(&only(&focus, "section#change")).contains("nothing to compare"));
    for scale in select(&focus, "svg[data-chart=level]") {
        assert!(select_in(&scale, "polygon").is_empty(), "no arrow");
    }

    let priority = parse(&render_card(&common::priority_card()));
    let summary = select(&priority, "table.change-summary tr[data-change-metric]");
    assert_eq!(summary.len(), 11);
    // ELA_PERF: ALL 31.2% → 33.8%, level 4 both years; its scale says so, with no arrow.
    let all = only(
        &priority,
        "tr[data-metric=ELA_PERF][data-group=ALL] svg[data-chart=level]",
    );
    let label = all.value().attr("aria-label").unwrap();
    assert_eq!(
        label,
        "All students: level 4 of 10 (average); last year level 4 (0)"
    );
    assert!(select_in(&all, "polygon").is_empty());
    assert_eq!(
        text(&only(
            &priority,
            "tr[data-change-metric=ELA_PERF] [data-field=all_levels]"
        )),
        "4 → 4 (0)"
    );
    // A row that moved draws an arrow from last year's level (an open circle).
    let moved = select(&priority, "svg[data-chart=level]")
        .into_iter()
        .filter(|s| !select_in(s, "polygon").is_empty())
        .count();
    assert!(moved > 0);
}

fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    element
        .select(&Selector::parse(selector).unwrap())
        .collect()
}

#[test]
fn designation_is_named_in_words_with_its_code() {
    let document = parse(&render_card(&common::priority_card()));
    let section = only(&document, "section#designation");
    assert_eq!(section.value().attr("data-designation"), Some("PRIORITY"));
    assert_eq!(
        text(&only(
            &document,
            "section#designation [data-field=designation]"
        )),
        "Priority"
    );
    assert_eq!(
        text(&only(&document, "section#designation [data-field=rank]")),
        "2"
    );
    assert_eq!(
        text(&only(
            &document,
            "section#designation [data-field=universe_n]"
        )),
        "48"
    );
    assert_eq!(
        text(&only(
            &document,
            "section#designation [data-field=rank_value]"
        )),
        "32.72"
    );
    assert!(text(&section).contains("(R29)"));
    let partners = select(&document, "tr[data-partner-rank]");
    assert_eq!(partners.len(), 3);
    assert_eq!(
        partners[0].value().attr("data-partner-id"),
        Some("19647330120014")
    );
    assert!(text(&partners[0]).contains("Reward – high performing"));

    let focus = parse(&render_card(&common::focus_card()));
    only(&focus, "section#community[data-community='2']");
    assert_eq!(select(&focus, "tr[data-member-id]").len(), 3);
    assert!(select(&focus, "section#partners").is_empty());
}

#[test]
fn plain_language_headings() {
    let document = parse(&render_card(&common::priority_card()));
    let headings: Vec<String> = select(&document, "h2").iter().map(text).collect();
    for expected in [
        "How the index adds up",
        "Results by student group",
        "Growth",
        "Compared with last year",
        "Designation",
        "Suggested partners",
    ] {
        assert!(
            headings.iter().any(|h| h == expected),
            "missing {expected}: {headings:?}"
        );
    }
}

#[test]
fn index_page_groups_by_district_and_sorts_by_level_then_index() {
    let (priority, focus) = (common::priority_card(), common::focus_card());
    let document = parse(&render_index(&common::index_page(&[&priority, &focus])));
    let districts: Vec<&str> = select(&document, "section.district")
        .iter()
        .map(|s| s.value().attr("data-district").unwrap())
        .collect();
    assert_eq!(districts, ["1964733", "1973437"]);
    let first: Vec<&str> = select(
        &document,
        "section.district[data-district='1964733'] tr[data-school-id]",
    )
    .iter()
    .map(|r| r.value().attr("data-school-id").unwrap())
    .collect();
    assert_eq!(
        first,
        [
            "19647336018253",
            "19647336018287",
            "19647336099999",
            "19647336100000",
            "19647330120014",
            "19647331930106"
        ]
    );
    let row = only(&document, "tr[data-school-id='19647331930106']");
    let cell = |f: &str| {
        text(
            &row.select(&Selector::parse(&format!("[data-field={f}]")).unwrap())
                .next()
                .unwrap(),
        )
    };
    assert_eq!(cell("index_score"), "32.72");
    assert_eq!(row.value().attr("data-designation"), Some("PRIORITY"));
    let counted = BandCounts::of_counted_rows(&priority.metrics);
    assert_eq!(cell("band_below"), counted.below.to_string());
    assert_eq!(cell("band_above"), counted.above.to_string());
    assert_eq!(
        counted.below + counted.average + counted.above,
        46,
        "reported counted rows"
    );
    assert_eq!(
        only(&document, "tr[data-school-id='19647331930106'] a")
            .value()
            .attr("href"),
        Some("19647331930106.html")
    );
    let magnet = only(&document, "tr[data-school-id='19647336099999'] a");
    assert_eq!(text(&magnet), "Arts & Sciences \"Magnet\" <K-8>");
    assert_eq!(
        text(&only(
            &document,
            "tr[data-school-id='19647336099999'] [data-field=index_score]"
        )),
        "58.70"
    );
}

#[test]
fn a_card_with_little_data_still_renders() {
    let card = Card {
        school: School {
            id: "0001".into(),
            name: "Tiny School".into(),
            district_id: "D1".into(),
            level: SchoolLevel::Middle,
            title_i: false,
        },
        year: 2016,
        n_size: 20,
        index: IndexScores {
            index_score: None,
            academic_points: 0.0,
            academic_max: 0.0,
            secc_points: 0.0,
            secc_max: 0.0,
            all_students_score: None,
            subgroup_score: None,
            metrics_reported: 0,
            prior_index_score: None,
            index_change: None,
        },
        metrics: vec![common::metric(
            "SEL",
            &[common::G("ALL", Role::All, 12, 3.4, None)],
        )],
        growth: vec![],
        designation: DesignationInfo {
            designation: Designation::NotEligible,
            basis: None,
            rank_value: None,
            rank: None,
            ranked: None,
            universe_n: None,
            cutoff: None,
            years_in_status: 0,
            escalation: Escalation::None,
        },
        partners: Some(PartnerSuggestions {
            focus: None,
            partners: vec![],
        }),
        community: None,
    };
    let document = parse(&render_card(&card));
    assert_eq!(
        text(&only(&document, "section#index [data-field=index_score]")),
        "—"
    );
    assert_eq!(
        text(&only(
            &document,
            "section#index [data-field=academic_points]"
        )),
        "0.00"
    );
    assert!(select(
        &document,
        "svg[data-chart=levels], svg[data-chart=growth], svg[data-chart=change]"
    )
    .is_empty());
    only(
        &document,
        "tr[data-metric=SEL][data-group=ALL][data-status=suppressed]",
    );
    only(&document, "[data-field=no_partner]");
    assert_eq!(
        text(&only(
            &document,
            "section#designation [data-field=designation]"
        )),
        "Not eligible"
    );
}

#[test]
fn card_file_names_stay_inside_the_folder_and_never_collide() {
    assert_eq!(file_name("19647330120014"), "19647330120014.html");
    assert_eq!(file_name("A-1_b.2"), "A-1_b.2.html");
    // `/`, `..`, a hidden file, `~` itself and the index page are all written as ~XX.
    assert_eq!(file_name("../x"), "~2E.~2Fx.html");
    assert_eq!(file_name(".hidden"), "~2Ehidden.html");
    assert_eq!(file_name("a~2F"), "a~7E2F.html");
    assert_eq!(file_name("index"), "~69ndex.html");
    assert_eq!(file_name("INDEX"), "~49NDEX.html");
    assert_eq!(file_name("é"), "~C3~A9.html");
    assert_ne!(file_name("a/b"), file_name("a~2Fb"));
}
