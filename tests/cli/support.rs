//! End-to-end runs of the support stage (methodology §11, R40–R43): the `partners` and
//! `communities` reports on synthetic data (contract columns and types, CSV and Parquet
//! alike, the same bytes at any thread count), R42's shape checked against the other
//! reports and the students extract, `--set` of the `[support]` keys and their exit-2
//! messages, and `compare` of partner suggestions and communities.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use polars::prelude::{DataType, ParquetReader, SerReader};
use predicates::prelude::*;

/// data-contract §5: the partners columns in order, with their Parquet types.
const PARTNERS: [(&str, DataType); 13] = [
    ("year", DataType::Int64),
    ("school_id", DataType::String),
    ("designation", DataType::String),
    ("escalation", DataType::String),
    ("focus_metric", DataType::String),
    ("focus_group", DataType::String),
    ("focus_level", DataType::Int64),
    ("rank", DataType::Int64),
    ("partner_id", DataType::String),
    ("partner_name", DataType::String),
    ("partner_designation", DataType::String),
    ("partner_level", DataType::Int64),
    ("distance", DataType::Float64),
];

/// data-contract §5: the communities columns in order, with their Parquet types.
const COMMUNITIES: [(&str, DataType); 8] = [
    ("year", DataType::Int64),
    ("community", DataType::Int64),
    ("focus_metric", DataType::String),
    ("school_id", DataType::String),
    ("school_name", DataType::String),
    ("focus_group", DataType::String),
    ("focus_level", DataType::Int64),
    ("size", DataType::Int64),
];

/// The report `name` of `out` has exactly the contract's columns in order (CSV header and
/// Parquet schema), the Parquet types of `columns`, and as many rows in both.
fn assert_columns_and_types(out: &Path, name: &str, columns: &[(&str, DataType)]) {
    let (headers, rows) = read_csv_maps(&out.join(format!("{name}.csv")));
    let expected: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    assert_eq!(headers, expected, "{name}.csv columns");
    let frame = ParquetReader::new(fs::File::open(out.join(format!("{name}.parquet"))).unwrap())
        .finish()
        .unwrap();
    let schema: Vec<(String, DataType)> = frame
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect();
    let expected: Vec<(String, DataType)> = columns
        .iter()
        .map(|(c, t)| (c.to_string(), t.clone()))
        .collect();
    assert_eq!(schema, expected, "{name}.parquet schema");
    assert_eq!(frame.height(), rows.len(), "{name}: rows");
}

/// A synthetic data set of two years (growth needs 2015) and 60 schools, with its
/// calibrated `cutpoints.csv`.
fn synth_data(root: &Path) -> PathBuf {
    let data = root.join("data");
    bin()
        .args(["--quiet", "synth", "--out"])
        .arg(&data)
        .args([
            "--students",
            "30000",
            "--schools",
            "60",
            "--years",
            "2015-2016",
            "--seed",
            "3",
        ])
        .assert()
        .success();
    data
}

fn compute(data: &Path, out: &Path, extra: &[&str]) {
    bin()
        .args(["--quiet", "compute", "--data"])
        .arg(data)
        .args(["--year", "2016", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
}

/// What R42 and R43 may be checked against, read from an output folder and the students
/// extract of its data: per school its level, district, name, designation, escalation, and
/// whether it has a profile (an enrolment row with days_enrolled ≥ 1, R40).
struct Year {
    schools: BTreeMap<String, SchoolFacts>,
}

struct SchoolFacts {
    level: String,
    district: String,
    name: String,
    designation: String,
    escalation: String,
    profile: bool,
}

impl Year {
    fn read(data: &Path, out: &Path) -> Year {
        let (_, index) = read_csv_maps(&out.join("index.csv"));
        let (_, designations) = read_csv_maps(&out.join("designations.csv"));
        let (_, students) = read_csv_maps(&data.join("2016").join("students.csv"));
        let with_profile: BTreeSet<&str> = students
            .iter()
            .filter(|s| s["days_enrolled"].parse::<i64>().unwrap() >= 1)
            .map(|s| s["school_id"].as_str())
            .collect();
        let schools = index
            .iter()
            .zip(&designations)
            .map(|(i, d)| {
                assert_eq!(i["school_id"], d["school_id"]);
                let id = i["school_id"].clone();
                let facts = SchoolFacts {
                    level: i["school_level"].clone(),
                    district: i["district_id"].clone(),
                    name: i["school_name"].clone(),
                    designation: d["designation"].clone(),
                    escalation: d["escalation"].clone(),
                    profile: with_profile.contains(id.as_str()),
                };
                (id, facts)
            })
            .collect();
        Year { schools }
    }

    fn is_reward(&self, id: &str) -> bool {
        self.schools[id].designation.starts_with("REWARD_")
    }

    /// R42: whether the school gets partner rows.
    fn needs_partners(&self, id: &str) -> bool {
        let s = &self.schools[id];
        s.profile
            && (s.designation == "PRIORITY" || (s.designation == "FOCUS" && s.escalation != "none"))
    }

    /// R42: the school's candidates.
    fn candidates(&self, id: &str, same_district: bool) -> BTreeSet<&str> {
        let me = &self.schools[id];
        self.schools
            .iter()
            .filter(|(c, s)| {
                self.is_reward(c)
                    && s.profile
                    && s.level == me.level
                    && (!same_district || s.district == me.district)
            })
            .map(|(c, _)| c.as_str())
            .collect()
    }
}

/// Checks the partners and communities of `out` against R42–R43's shape: every school that
/// needs partners (PRIORITY, or FOCUS with an escalation, with a profile) has
/// min(`partners`, its candidates) rows ranked 1, 2, … or its one row with empty partner
/// columns; no other school has rows; every partner is a candidate (a Reward school of the
/// same level with a profile, of the same district with `same_district`) named and
/// designated as the other reports say; tier 1 (partner_level ≥ 8) before the rest when the
/// school has a focus area, distances ascending within a tier. Communities: FOCUS schools
/// with a profile, each once, 1…cop_size of one level and focus metric per community, sizes
/// within a set differing by at most one. Returns the PRIORITY schools with a profile and
/// how many of them got at least one partner.
fn check_support(
    data: &Path,
    out: &Path,
    partners: usize,
    same_district: bool,
    cop_size: usize,
) -> (usize, usize) {
    let year = Year::read(data, out);
    let (_, rows) = read_csv_maps(&out.join("partners.csv"));
    let mut by_school: BTreeMap<&str, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        by_school
            .entry(r["school_id"].as_str())
            .or_default()
            .push(r);
    }
    let keys: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| (r["school_id"].as_str(), r["rank"].parse().unwrap_or(0)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "partners ordered by school_id, rank");

    let (mut priority, mut priority_with_partners) = (0, 0);
    for (id, facts) in &year.schools {
        let mine = by_school.remove(id.as_str()).unwrap_or_default();
        if !year.needs_partners(id) {
            assert!(mine.is_empty(), "{id} needs no partners but has rows");
            continue;
        }
        if facts.designation == "PRIORITY" {
            priority += 1;
        }
        for r in &mine {
            assert_eq!(r["designation"], facts.designation);
            assert_eq!(r["escalation"], facts.escalation);
        }
        let candidates = year.candidates(id, same_district);
        if candidates.is_empty() {
            assert_eq!(mine.len(), 1, "{id}: one row without candidates");
            for column in [
                "rank",
                "partner_id",
                "partner_name",
                "partner_designation",
                "partner_level",
                "distance",
            ] {
                assert_eq!(mine[0][column], "", "{id}: {column} is empty");
            }
            continue;
        }
        if facts.designation == "PRIORITY" {
            priority_with_partners += 1;
        }
        assert_eq!(mine.len(), partners.min(candidates.len()), "{id}");
        let has_focus = !mine[0]["focus_metric"].is_empty();
        let mut last: Option<(u8, f64)> = None;
        for (i, r) in mine.iter().enumerate() {
            assert_eq!(r["rank"], (i + 1).to_string(), "{id}: ranks 1…k");
            let partner = r["partner_id"].as_str();
            assert!(
                candidates.contains(partner),
                "{id}: {partner} is no candidate"
            );
            let p = &year.schools[partner];
            assert!(year.is_reward(partner) && p.level == facts.level);
            assert_eq!(r["partner_name"], p.name);
            assert_eq!(r["partner_designation"], p.designation);
            let distance: f64 = r["distance"].parse().unwrap();
            assert!(distance >= 0.0);
            let tier = if has_focus {
                u8::from(r["partner_level"].parse::<u8>().map_or(true, |l| l < 8))
            } else {
                assert_eq!(r["partner_level"], "", "{id}: no focus area, no strength");
                0
            };
            if let Some(previous) = last {
                assert!(previous <= (tier, distance), "{id}: R42 order");
            }
            last = Some((tier, distance));
        }
    }
    assert!(by_school.is_empty(), "rows of unknown schools");

    let (_, rows) = read_csv_maps(&out.join("communities.csv"));
    let mut seen = BTreeSet::new();
    let mut communities: BTreeMap<i64, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        let id = r["school_id"].as_str();
        assert!(seen.insert(id), "{id} in two communities");
        let facts = &year.schools[id];
        assert_eq!(facts.designation, "FOCUS");
        assert!(facts.profile);
        assert_eq!(r["school_name"], facts.name);
        communities
            .entry(r["community"].parse().unwrap())
            .or_default()
            .push(r);
    }
    let numbers: Vec<i64> = communities.keys().copied().collect();
    assert_eq!(numbers, (1..=communities.len() as i64).collect::<Vec<_>>());
    let mut sets: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for members in communities.values() {
        assert!((1..=cop_size).contains(&members.len()));
        let set = (
            members[0]["focus_metric"].clone(),
            year.schools[&members[0]["school_id"]].level.clone(),
        );
        for r in members {
            assert_eq!(r["size"], members.len().to_string());
            let level = &year.schools[&r["school_id"]].level;
            assert_eq!((&r["focus_metric"], level), (&set.0, &set.1));
        }
        sets.entry(set).or_default().push(members.len());
    }
    for sizes in sets.values() {
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
    }
    (priority, priority_with_partners)
}

/// Larger designation shares than the defaults, so the 60 synthetic schools have PRIORITY
/// schools of every level and Reward schools to suggest.
const MORE_DESIGNATIONS: [&str; 4] = [
    "--set",
    "designations.priority_pct=10",
    "--set",
    "designations.reward_pct=20",
];

/// A history in which every FOCUS school of `out` was FOCUS in 2015 and 2014, and every
/// second one also in 2013 and 2012 (R34: escalation partner_with_reward at 3 years,
/// district_turnaround at 5), so R42 sees escalated FOCUS schools.
fn focus_history(out: &Path, path: &Path) {
    let (_, designations) = read_csv_maps(&out.join("designations.csv"));
    let mut text = String::from("year,school_id,designation\n");
    let focus = designations.iter().filter(|d| d["designation"] == "FOCUS");
    for (i, d) in focus.enumerate() {
        let years = if i % 2 == 0 { 2012..=2015 } else { 2014..=2015 };
        for year in years {
            text.push_str(&format!("{year},{},FOCUS\n", d["school_id"]));
        }
    }
    fs::write(path, text).unwrap();
}

/// On synthetic data: both reports exist with the contract's columns and types, R42–R43's
/// shape holds with the default support keys and with `--set support.partners=5 --set
/// support.same_district=true --set support.cop_size=2`, the bytes do not depend on the
/// thread count, and `compare` lists changed suggestions.
#[test]
fn partners_and_communities_on_synthetic_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = synth_data(dir.path());
    let first = dir.path().join("first");
    compute(&data, &first, &MORE_DESIGNATIONS);
    let history = dir.path().join("history.csv");
    focus_history(&first, &history);
    let history = history.display().to_string();
    let base_args = [&MORE_DESIGNATIONS[..], &["--history", history.as_str()]].concat();
    let out = dir.path().join("out");
    compute(&data, &out, &base_args);
    assert_columns_and_types(&out, "partners", &PARTNERS);
    assert_columns_and_types(&out, "communities", &COMMUNITIES);
    let (priority, with_partners) = check_support(&data, &out, 3, false, 4);
    assert!(
        priority > 0 && with_partners > 0,
        "the data has PRIORITY schools with partners"
    );
    let (_, partner_rows) = read_csv_maps(&out.join("partners.csv"));
    assert!(
        partner_rows.iter().any(|r| r["designation"] == "FOCUS"),
        "escalated FOCUS schools get partners"
    );
    let (_, communities) = read_csv_maps(&out.join("communities.csv"));
    assert!(!communities.is_empty(), "the data has communities");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["stage_seconds"]["support"].is_number());
    let listed = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["file"] == "partners.parquet")
        .unwrap();
    assert_eq!(listed["rows"], partner_rows.len());

    let alt = dir.path().join("alt");
    let what_if = [
        "--set",
        "support.partners=5",
        "--set",
        "support.same_district=true",
        "--set",
        "support.cop_size=2",
    ];
    compute(&data, &alt, &[&base_args[..], &what_if[..]].concat());
    check_support(&data, &alt, 5, true, 2);

    let at_threads = |threads: &str| {
        let folder = dir.path().join(format!("out-{threads}"));
        bin()
            .env("RAYON_NUM_THREADS", threads)
            .args(["--quiet", "compute", "--data"])
            .arg(&data)
            .args(["--year", "2016", "--out"])
            .arg(&folder)
            .args(&base_args)
            .assert()
            .success();
        folder
    };
    let (one_thread, two_threads) = (at_threads("1"), at_threads("2"));
    for name in [
        "partners.csv",
        "partners.parquet",
        "communities.csv",
        "communities.parquet",
    ] {
        let a = fs::read(one_thread.join(name)).unwrap();
        assert!(a == fs::read(two_threads.join(name)).unwrap(), "{name}");
        assert!(a == fs::read(out.join(name)).unwrap(), "{name}");
    }

    // compare: the what-if asks for 5 partners within the district and communities of 2.
    let cmp = dir.path().join("cmp");
    bin()
        .args(["compare"])
        .arg(&out)
        .arg(&alt)
        .arg("--out")
        .arg(&cmp)
        .assert()
        .success()
        .stderr(predicate::str::contains("with changed partner suggestions"));
    let (headers, rows) = read_csv_maps(&cmp.join("comparison.csv"));
    assert_eq!(
        headers[6..],
        [
            "changed",
            "partners_base",
            "partners_alt",
            "partners_changed",
            "community_base",
            "community_alt",
            "community_changed"
        ]
    );
    let changed = |column: &str| rows.iter().filter(|r| r[column] == "true").count();
    assert_eq!(changed("changed"), 0, "support keys change no designation");
    assert!(changed("partners_changed") > 0 || changed("community_changed") > 0);
    for r in &rows {
        let differs = r["partners_base"] != r["partners_alt"];
        assert_eq!(r["partners_changed"], differs.to_string());
    }

    // A run written before the support reports: compare still works, columns empty.
    fs::remove_file(out.join("partners.csv")).unwrap();
    fs::remove_file(out.join("communities.csv")).unwrap();
    bin()
        .args(["compare"])
        .arg(&out)
        .arg(&alt)
        .arg("--out")
        .arg(&cmp)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "has no partners.csv or communities.csv",
        ));
    let (_, rows) = read_csv_maps(&cmp.join("comparison.csv"));
    assert!(rows
        .iter()
        .all(|r| r["partners_changed"].is_empty() && r["community_base"].is_empty()));
}

/// Cut points for the small valid data set of `common` (every non-growth metric, `*`).
const CUTPOINTS: &str = "metric,school_level,c1,c2,c3,c4,c5,c6,c7,c8,c9
ELA_PERF,*,10,20,30,40,50,60,70,80,90
MATH_PERF,*,10,20,30,40,50,60,70,80,90
HS_READINESS,*,10,20,30,40,50,60,70,80,90
GRAD,*,10,20,30,40,50,60,70,80,90
CHRONIC_ABSENCE,*,5,10,15,20,25,30,35,40,45
SUSPENSION,*,1,2,3,4,5,6,7,8,9
EL_RECLASS,*,10,20,30,40,50,60,70,80,90
SEL,*,1.5,2,2.5,3,3.25,3.5,3.75,4,4.5
CLIMATE,*,10,20,30,40,50,60,70,80,90
";

fn small_data(root: &Path) -> PathBuf {
    let data = valid_data(root);
    fs::write(data.join("cutpoints.csv"), CUTPOINTS).unwrap();
    data
}

/// When no school qualifies (no PRIORITY or FOCUS school), both reports are written with
/// their header and typed, empty columns. The small data set's one Title I school is
/// PRIORITY by default (5% of N = 1 is 1); with priority_pct = 0 none is designated.
/// With the default, that school (E) needs partners and has no Reward candidate: its one
/// row has empty partner columns.
#[test]
fn reports_are_written_with_headers_when_no_school_qualifies() {
    let dir = tempfile::tempdir().unwrap();
    let data = small_data(dir.path());
    let out = dir.path().join("out");
    compute(&data, &out, &["--set", "designations.priority_pct=0"]);
    assert_columns_and_types(&out, "partners", &PARTNERS);
    assert_columns_and_types(&out, "communities", &COMMUNITIES);
    for name in ["partners", "communities"] {
        let text = fs::read_to_string(out.join(format!("{name}.csv"))).unwrap();
        assert_eq!(text.lines().count(), 1, "{name}: header only");
    }

    let out = dir.path().join("default");
    compute(&data, &out, &[]);
    let (_, rows) = read_csv_maps(&out.join("partners.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["school_id"], "00000000000001");
    assert_eq!(rows[0]["designation"], "PRIORITY");
    assert_eq!(rows[0]["rank"], "");
    assert_eq!(rows[0]["partner_id"], "");
    assert_eq!(rows[0]["distance"], "");
    check_support(&data, &out, 3, false, 4);
}

/// §11: `support.partners` ≥ 1 and `support.cop_size` ≥ 2, both integers: otherwise exit 2
/// with a message naming the key, before any report is written.
#[test]
fn bad_support_keys_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = small_data(dir.path());
    let config = dir.path().join("what-if.toml");
    fs::write(&config, "[support]\ncop_size = 3.0\n").unwrap();
    let config = config.display().to_string();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--set", "support.partners=0"],
            "configuration key `support.partners`: must be at least 1",
        ),
        (
            &["--set", "support.cop_size=1"],
            "configuration key `support.cop_size`: must be at least 2",
        ),
        (&["--set", "support.partners=2.5"], "`support.partners`"),
        (
            &["--set", "support.same_district=maybe"],
            "`support.same_district`",
        ),
        (&["--config", &config], "`support.cop_size`"),
    ];
    for (args, message) in cases {
        let out = dir.path().join("out");
        bin()
            .args(["compute", "--data"])
            .arg(&data)
            .args(["--year", "2016", "--out"])
            .arg(&out)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
        assert!(!out.exists(), "{args:?}: nothing written");
    }
}
