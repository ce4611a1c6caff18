//! The reports for people (data-contract §7) on the demo data, through the real binary:
//! `report --html` writes cards that parse as HTML, load nothing from outside the page,
//! show every metric and counted group of their school with the numbers of
//! metric_results.csv (points and the index to the hundredth), never show a value for a
//! suppressed row and hold no student id; `explain` prints points that add up to index.csv's
//! index_score exactly and the rank and cutoff that designations.csv implies; both refuse
//! (exit 2) a folder missing a report, edited after its run, of another format, or the top of
//! a multi-year run, and read nothing outside the folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use scraper::{ElementRef, Html, Selector};

/// The demo data's 2016 folder of a two-year run, so the cards show prior results (R36).
/// Returned folder: ROOT/run/2016.
fn demo_2016(root: &Path) -> PathBuf {
    bin()
        .args(["--quiet", "compute", "--years", "2015-2016", "--out"])
        .arg(root.join("run"))
        .assert()
        .success();
    root.join("run").join("2016")
}

/// A CSV report as rows of column → cell.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    read_csv_maps(path).1
}

fn parse(html: &str, name: &str) -> Html {
    let document = Html::parse_document(html);
    assert!(
        document.errors.is_empty(),
        "{name}: HTML parse errors {:?}",
        document.errors
    );
    document
}

fn select<'a>(root: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    root.select(&selector).collect()
}

fn text(element: &ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The one element `selector` matches under `root`.
fn only<'a>(root: ElementRef<'a>, selector: &str, name: &str) -> ElementRef<'a> {
    let found = select(root, selector);
    assert_eq!(found.len(), 1, "{name}: {selector} matched {}", found.len());
    found[0]
}

/// `cell`'s `data-field` text inside `row`.
fn field(row: ElementRef, name: &str, context: &str) -> String {
    text(&only(row, &format!("[data-field={name}]"), context))
}

/// A CSV number written as the cards write points: two decimals (data-contract §7).
fn hundredths(csv: &str) -> String {
    format!("{:.2}", csv.parse::<f64>().unwrap())
}

/// The student ids of the demo data, every extract and year.
fn demo_student_ids() -> BTreeSet<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let mut ids = BTreeSet::new();
    for year in ["2014", "2015", "2016"] {
        for extract in ["students", "assessments", "cohort", "sel"] {
            let path = demo.join(year).join(format!("{extract}.csv"));
            if path.is_file() {
                ids.extend(rows(&path).into_iter().map(|r| r["student_id"].clone()));
            }
        }
    }
    ids
}

/// Every card of the demo data against its reports, and the index page.
#[test]
fn cards_match_the_reports_load_nothing_and_hide_suppressed_results() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    let cards = root.path().join("cards");
    bin()
        .arg("report")
        .arg(&out)
        .arg("--html")
        .arg(&cards)
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 60 report cards (2016)"));

    let index = rows(&out.join("index.csv"));
    let metric_results = rows(&out.join("metric_results.csv"));
    let designations: BTreeMap<String, BTreeMap<String, String>> =
        rows(&out.join("designations.csv"))
            .into_iter()
            .map(|r| (r["school_id"].clone(), r))
            .collect();
    let student_ids = demo_student_ids();
    assert!(student_ids.len() > 1000);
    let mut files: Vec<String> = fs::read_dir(&cards)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        index.len() + 1,
        "a card per school and index.html"
    );

    let mut suppressed_rows = 0;
    for school in &index {
        let id = &school["school_id"];
        let name = format!("{id}.html");
        let html = fs::read_to_string(cards.join(&name)).unwrap();
        let document = parse(&html, &name);
        let page = document.root_element();
        loads_nothing(page, &html, &name);
        for token in html.split(|c: char| !c.is_ascii_alphanumeric()) {
            assert!(!student_ids.contains(token), "{name} holds a student id");
        }

        // The index and its domains to the hundredth, as in index.csv.
        for column in ["academic_points", "academic_max", "secc_points", "secc_max"] {
            let shown = text(&only(
                page,
                &format!("section#index [data-field={column}]"),
                &name,
            ));
            assert_eq!(shown, hundredths(&school[column]), "{name}: {column}");
        }
        let index_score = text(&only(page, "section#index [data-field=index_score]", &name));
        match school["index_score"].as_str() {
            "" => assert_eq!(index_score, "—", "{name}"),
            score => assert_eq!(index_score, hundredths(score), "{name}: index_score"),
        }
        let designation = only(page, "section#designation", &name);
        assert_eq!(
            designation.value().attr("data-designation"),
            Some(designations[id]["designation"].as_str()),
            "{name}"
        );

        // Every row of the school in metric_results: counted rows with their numbers,
        // information rows with theirs, suppressed rows with no number at all.
        for row in metric_results.iter().filter(|r| &r["school_id"] == id) {
            let (metric, group) = (&row["metric"], &row["group"]);
            let context = format!("{name} {metric} {group}");
            only(page, &format!("div.metric[data-metric={metric}]"), &context);
            if row["status"] == "suppressed" {
                suppressed_rows += 1;
                let shown = if row["role"] == "info" {
                    let hidden = only(
                        page,
                        &format!("div.metric[data-metric={metric}] tr.hidden-groups"),
                        &context,
                    );
                    let groups = hidden.value().attr("data-groups").unwrap();
                    assert!(groups.split(' ').any(|g| g == group), "{context}");
                    hidden
                } else {
                    only(
                        page,
                        &format!(
                            "tr[data-metric={metric}][data-group={group}][data-status=suppressed]"
                        ),
                        &context,
                    )
                };
                let shown_text = text(&shown);
                assert!(
                    shown_text.contains("fewer than 20 students"),
                    "{context}: {shown_text}"
                );
                let numbers: Vec<&str> = shown_text
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|t| !t.is_empty())
                    .collect();
                assert!(
                    numbers.iter().all(|n| *n == "20"),
                    "{context}: a number shown: {shown_text}"
                );
                assert!(!shown_text.contains('%'), "{context}");
                continue;
            }
            let tr = only(
                page,
                &format!("tr[data-metric={metric}][data-group={group}][data-status=reported]"),
                &context,
            );
            assert_eq!(
                tr.value().attr("data-role"),
                Some(row["role"].as_str()),
                "{context}"
            );
            assert_eq!(field(tr, "n", &context), row["n"], "{context}: n");
            assert_eq!(
                field(tr, "level", &context),
                row["level"],
                "{context}: level"
            );
            let value: f64 = row["value"].parse().unwrap();
            let shown: f64 = field(tr, "value", &context)
                .trim_end_matches('%')
                .parse()
                .unwrap();
            let tolerance = if metric.ends_with("_GROWTH") {
                0.5
            } else {
                0.05
            };
            assert!(
                (shown - value).abs() <= tolerance + 1e-9,
                "{context}: value {shown} vs {value}"
            );
            if row["points"].is_empty() {
                assert!(select(tr, "[data-field=points]").is_empty(), "{context}");
            } else {
                assert_eq!(
                    field(tr, "points", &context),
                    hundredths(&row["points"]),
                    "{context}"
                );
                assert_eq!(
                    field(tr, "max_points", &context),
                    hundredths(&row["max_points"]),
                    "{context}"
                );
            }
        }
    }
    assert!(suppressed_rows > 100, "the demo data has suppressed rows");

    // The index page: every school, its index to the hundredth, its designation, its link.
    let html = fs::read_to_string(cards.join("index.html")).unwrap();
    let document = parse(&html, "index.html");
    let page = document.root_element();
    loads_nothing(page, &html, "index.html");
    for school in &index {
        let id = &school["school_id"];
        let row = only(page, &format!("tr[data-school-id='{id}']"), "index.html");
        assert_eq!(
            row.value().attr("data-designation"),
            Some(designations[id]["designation"].as_str())
        );
        let expected = match school["index_score"].as_str() {
            "" => "—".to_string(),
            score => hundredths(score),
        };
        assert_eq!(field(row, "index_score", id), expected);
        let link = only(row, "a", id);
        assert_eq!(
            link.value().attr("href"),
            Some(format!("{id}.html").as_str())
        );
    }
}

/// Nothing the page loads comes from outside it: no script, image, frame or linked
/// stylesheet, no `http:`, `https:` or `//` in a `src`, no font or `url(` in the style.
fn loads_nothing(page: ElementRef, html: &str, name: &str) {
    assert!(
        select(
            page,
            "script, img, iframe, object, embed, link, image, use, video, audio, source"
        )
        .is_empty(),
        "{name}: an element that loads something"
    );
    for element in page.descendants().filter_map(ElementRef::wrap) {
        for (attribute, value) in element.value().attrs() {
            let value = value.trim().to_ascii_lowercase();
            let loads = matches!(
                attribute,
                "src" | "srcset" | "data" | "poster" | "background"
            ) || attribute.ends_with("href") && element.value().name() != "a";
            if loads {
                assert!(
                    !(value.contains("http:")
                        || value.contains("https:")
                        || value.starts_with("//")),
                    "{name}: <{} {attribute}={value}>",
                    element.value().name()
                );
            }
            if attribute == "href" {
                assert!(
                    !value.starts_with("//"),
                    "{name}: protocol-relative link {value}"
                );
            }
        }
    }
    let style = text(&only(page, "head > style", name));
    for banned in ["@import", "url(", "@font-face", "http:", "https:"] {
        assert!(!style.contains(banned), "{name}: stylesheet has {banned}");
    }
    assert!(
        html.contains("default-src 'none'"),
        "{name}: the CSP forbids every fetch"
    );
}

/// The lines of `explain` for one school.
fn explain(out: &Path, school: &str) -> Vec<String> {
    let output = bin()
        .arg("explain")
        .arg(out)
        .args(["--school", school])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The points column of explain's row lines (a group code, optionally `*`, first; the points
/// last), in whole hundredths.
fn row_points(lines: &[String]) -> i64 {
    let groups = [
        "ALL", "AA", "AI", "AS", "FI", "HI", "PI", "WH", "MR", "SED", "EL", "SWD",
    ];
    lines
        .iter()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let group = words.next()?.trim_end_matches('*');
            let last = line.split_whitespace().last()?;
            (line.starts_with("  ") && groups.contains(&group) && last.contains('.'))
                .then(|| last.parse::<f64>().ok())
                .flatten()
        })
        .map(|points| (points * 100.0).round() as i64)
        .sum()
}

/// R27 for every school: the points explain lists add up to index.csv's index_score
/// exactly, and every line fits 80 columns.
#[test]
fn explain_points_add_up_to_the_index_score_of_every_school() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    for school in rows(&out.join("index.csv")) {
        let id = &school["school_id"];
        let lines = explain(&out, id);
        for line in &lines {
            assert!(
                line.chars().count() <= 80,
                "{id}: a line of {} characters: {line}",
                line.chars().count()
            );
        }
        let joined = lines.join("\n");
        assert!(
            !joined.contains("SECRET") && !joined.contains(" S00"),
            "{id}"
        );
        let Ok(score) = school["index_score"].parse::<f64>() else {
            assert!(joined.contains("INDEX SCORE: none"), "{id}");
            continue;
        };
        let expected = (score * 100.0).round() as i64;
        assert_eq!(
            row_points(&lines),
            expected,
            "{id}: the rows' points add up to {score}"
        );
        // The index line states index.csv's numbers to the hundredth.
        let index_line = format!(
            "INDEX SCORE: {} + {} = {}",
            hundredths(&school["academic_points"]),
            hundredths(&school["secc_points"]),
            hundredths(&school["index_score"])
        );
        assert!(joined.contains(&index_line), "{id}: {index_line}");
    }
}

/// §7: the rank and cutoff explain states for each designated school are those
/// designations.csv implies: the cutoff is how many schools have the basis, the rank the
/// school's place among them by rank value (ties to the smaller school_id).
#[test]
fn explain_states_the_rank_and_cutoff_of_designations_csv() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    let designations = rows(&out.join("designations.csv"));
    let universe = rows(&out.join("index.csv"))
        .into_iter()
        .filter(|r| r["title_i"] == "true" && !r["index_score"].is_empty())
        .count();
    let mut checked = BTreeSet::new();
    for basis in [
        "lowest_index",
        "low_subgroup",
        "highest_index",
        "highest_growth",
    ] {
        let mut ranked: Vec<(f64, String)> = designations
            .iter()
            .filter(|d| d["basis"].split('+').next() == Some(basis))
            .map(|d| (d["rank_value"].parse().unwrap(), d["school_id"].clone()))
            .collect();
        assert!(!ranked.is_empty(), "the demo data has a {basis} school");
        let highest_first = basis.starts_with("highest");
        ranked.sort_by(|(a, ida), (b, idb)| {
            let by_value = if highest_first {
                b.total_cmp(a)
            } else {
                a.total_cmp(b)
            };
            by_value.then(ida.cmp(idb))
        });
        for (place, (rank_value, id)) in ranked.iter().enumerate() {
            let joined = explain(&out, id).join(" ");
            let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
            let cutoff = format!(
                "= {} school{}",
                ranked.len(),
                if ranked.len() == 1 { "" } else { "s" }
            );
            let rank = format!("this school is {}", ordinal(place + 1));
            let sentence = joined
                .split("Cutoff: ")
                .nth(1)
                .and_then(|rest| rest.split(" (R").next())
                .unwrap_or_else(|| panic!("{id}: no cutoff line: {joined}"));
            let end = if highest_first { "highest" } else { "lowest" };
            assert!(sentence.starts_with(end), "{id}: {sentence}");
            assert!(
                sentence.contains(&format!("of {universe} Title I schools")),
                "{id}: {sentence}"
            );
            assert!(
                sentence.contains(&cutoff),
                "{id}: {sentence} (expected {cutoff})"
            );
            assert!(
                sentence.ends_with(&rank),
                "{id}: {sentence} (expected {rank})"
            );
            assert!(
                joined.contains(&format!("{rank_value:.2} (R33)")),
                "{id}: rank value"
            );
            checked.insert(id.clone());
        }
    }
    assert!(checked.len() >= 10);
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// data-contract §7: a folder missing a report, edited after its run, of another format or
/// the top of a multi-year run is refused with exit 2 and a clear message; nothing is
/// written.
#[test]
fn report_and_explain_refuse_folders_they_cannot_explain() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    let school = rows(&out.join("index.csv"))[0]["school_id"].clone();
    let refuse = |folder: &Path, needle: &str| {
        let cards = root.path().join("refused-cards");
        for args in [
            vec![
                "report".into(),
                folder.display().to_string(),
                "--html".into(),
                cards.display().to_string(),
            ],
            vec![
                "explain".into(),
                folder.display().to_string(),
                "--school".into(),
                school.clone(),
            ],
        ] {
            let output = bin().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).to_string();
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(needle), "{args:?}: {stderr}");
            assert!(output.stdout.is_empty());
        }
        assert!(!cards.exists(), "nothing written");
    };

    // The top of a multi-year run: the hint names the year folders.
    refuse(&root.path().join("run"), "multi-year run");
    let output = bin()
        .arg("explain")
        .arg(root.path().join("run"))
        .args(["--school", &school])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("hint: name one of its year folders") && stderr.contains("2015"),
        "{stderr}"
    );

    let copy = |name: &str| {
        let folder = root.path().join(name);
        fs::create_dir_all(&folder).unwrap();
        for entry in fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
        folder
    };
    for missing in [
        "growth.csv",
        "partners.csv",
        "cutpoints.csv",
        "history.csv",
        "manifest.json",
    ] {
        let folder = copy(&format!("without-{missing}"));
        fs::remove_file(folder.join(missing)).unwrap();
        let needle = if missing == "manifest.json" {
            "no manifest.json"
        } else {
            missing
        };
        refuse(&folder, needle);
    }

    let edited = copy("edited");
    let text = fs::read_to_string(edited.join("index.csv")).unwrap();
    fs::write(
        edited.join("index.csv"),
        text.replacen(",true,", ",false,", 1),
    )
    .unwrap();
    refuse(&edited, "is not the file its run wrote");

    let older = copy("older-format");
    let manifest = fs::read_to_string(older.join("manifest.json")).unwrap();
    fs::write(
        older.join("manifest.json"),
        manifest.replace("\"format\": 2", "\"format\": 1"),
    )
    .unwrap();
    refuse(&older, "output format 1");

    refuse(&root.path().join("no-such-folder"), "is not a folder");

    // An unknown school is a usage error too.
    bin()
        .arg("explain")
        .arg(&out)
        .args(["--school", "NO-SUCH-SCHOOL"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("school NO-SUCH-SCHOOL is not in"));
}

/// The folder alone explains itself: moved elsewhere (away from the run that wrote it, the
/// demo data long gone), report and explain give the same output.
#[test]
fn a_moved_folder_gives_the_same_cards_and_explanations() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    let moved = root.path().join("elsewhere").join("2016");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::rename(root.path().join("run"), root.path().join("elsewhere-run")).unwrap();
    fs::rename(root.path().join("elsewhere-run").join("2016"), &moved).unwrap();
    let _ = out;
    let school = rows(&moved.join("designations.csv"))
        .into_iter()
        .find(|r| r["designation"] == "PRIORITY")
        .unwrap()["school_id"]
        .clone();
    let lines = explain(&moved, &school);
    assert!(lines.iter().any(|l| l.starts_with("DESIGNATION: PRIORITY")));
    for dir in ["a", "b"] {
        bin()
            .args(["--quiet", "report"])
            .arg(&moved)
            .arg("--html")
            .arg(root.path().join(dir))
            .assert()
            .success();
    }
    let a = fs::read(root.path().join("a").join(format!("{school}.html"))).unwrap();
    let b = fs::read(root.path().join("b").join(format!("{school}.html"))).unwrap();
    assert_eq!(a, b, "the same folder gives the same bytes");
}

/// `--school` adds one card to DIR and leaves the rest; a whole run replaces an earlier
/// card folder and refuses any other folder.
#[test]
fn one_school_card_and_replacing_a_card_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = demo_2016(root.path());
    let ids: Vec<String> = rows(&out.join("index.csv"))
        .into_iter()
        .map(|r| r["school_id"].clone())
        .collect();
    let cards = root.path().join("one");
    for id in &ids[..2] {
        bin()
            .arg("report")
            .arg(&out)
            .arg("--html")
            .arg(&cards)
            .args(["--school", id])
            .assert()
            .success();
    }
    let mut names: Vec<String> = fs::read_dir(&cards)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [format!("{}.html", ids[0]), format!("{}.html", ids[1])]
    );

    // A whole run replaces the folder (it holds only cards) with every card and index.html.
    bin()
        .args(["--quiet", "report"])
        .arg(&out)
        .arg("--html")
        .arg(&cards)
        .assert()
        .success();
    assert_eq!(fs::read_dir(&cards).unwrap().count(), ids.len() + 1);
    fs::write(cards.join("stale.html"), "old").unwrap();
    bin()
        .args(["--quiet", "report"])
        .arg(&out)
        .arg("--html")
        .arg(&cards)
        .assert()
        .success();
    assert!(!cards.join("stale.html").exists(), "replaced as a whole");

    // A folder of other files is refused, by both forms, and left as it was.
    let foreign = root.path().join("mine");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("thesis.docx"), "x").unwrap();
    bin()
        .arg("report")
        .arg(&out)
        .arg("--html")
        .arg(&foreign)
        .assert()
        .code(2);
    bin()
        .arg("report")
        .arg(&out)
        .arg("--html")
        .arg(&foreign)
        .args(["--school", &ids[0]])
        .assert()
        .code(2);
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);

    bin()
        .arg("report")
        .arg(&out)
        .arg("--html")
        .arg(root.path().join("x"))
        .args(["--school", "NO-SUCH-SCHOOL"])
        .assert()
        .code(2);
}

/// A single-year run of the demo data (no prior results, no history) gives cards too.
#[test]
fn single_year_demo_run_gives_cards_without_prior_results() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    bin()
        .args(["--quiet", "compute", "--out"])
        .arg(&out)
        .assert()
        .success();
    let cards = root.path().join("cards");
    bin()
        .args(["--quiet", "report"])
        .arg(&out)
        .arg("--html")
        .arg(&cards)
        .assert()
        .success();
    let school = rows(&out.join("designations.csv"))
        .into_iter()
        .find(|r| r["designation"] == "FOCUS")
        .unwrap()["school_id"]
        .clone();
    let html = fs::read_to_string(cards.join(format!("{school}.html"))).unwrap();
    let document = parse(&html, &school);
    let page = document.root_element();
    assert!(select(page, "[data-field=prior_value]").is_empty());
    assert!(text(&only(page, "section#change", &school)).contains("nothing to compare"));
    assert!(explain(&out, &school)
        .join(" ")
        .contains("The run had no history"));
}
