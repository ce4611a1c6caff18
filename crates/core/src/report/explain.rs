//! `explain` (data-contract §7): one school's account as lines of text for an 80-column
//! terminal, built from a published output folder alone. How each counted row earned its
//! points (value → level between which cut points → share → points), how the domains and
//! the index add up, why the school has its designation (rank value, rank, cutoff, N; for a
//! graduation basis the rate and the floor), its years in status with the history behind
//! them, and its partner or community suggestions with their reasons — each line citing the
//! methodology's rule numbers.
//!
//! Numbers: points, maxima, domain sums and the index to the hundredth as the CSV holds
//! them (`58.67`, `58.70`); metric values, cut points, rank values and distances rounded for
//! display. [`explain`] is pure: the command layer prints its lines.

use crate::config::SubgroupMode;
use crate::error::UsageError;
use crate::model::{basis, Designation, Domain, Group, Metric, Role, SchoolLevel};
use crate::numeric::whole_hundredths;
use crate::published::{MetricResultRecord, PublishedSchool, PublishedYear};
use crate::report::numbers::{fixed, hundredths, school_year};
use crate::report::standing::{Ranking, Rankings, Standing};
use crate::report::words::{
    basis_words, designation_words, escalation_words, group_label, metric_label, metric_rule,
    rank_value_words,
};
use crate::results::Escalation;

/// The widest line `explain` writes.
pub const WIDTH: usize = 80;

/// The explanation of school `school_id` in the published year, line by line (no line
/// wider than [`WIDTH`] characters). A school the folder does not list is a usage error.
pub fn explain(year: &PublishedYear, school_id: &str) -> Result<Vec<String>, UsageError> {
    let school = year
        .school(school_id)
        .ok_or_else(|| year.unknown_school(school_id, "explain"))?;
    let rankings = Rankings::of(year);
    let standing = rankings.standing(school_id);
    let mut out = Lines::default();
    header(&mut out, year, &school);
    points(&mut out, year, &school);
    designation(&mut out, year, &school, &standing, rankings.universe_n());
    support(&mut out, year, &school);
    Ok(out.lines)
}

/// Lines being written, wrapped to [`WIDTH`].
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
}

impl Lines {
    /// A line as it is (the caller keeps it within the width).
    fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    /// `text` wrapped at word boundaries: the first line indented by `first`, the rest by
    /// `rest` spaces.
    fn wrap(&mut self, first: usize, rest: usize, text: &str) {
        let mut current = " ".repeat(first);
        let mut empty = true;
        for word in text.split_whitespace() {
            let fits = current.chars().count() + 1 + word.chars().count() <= WIDTH;
            if !empty && !fits {
                self.lines.push(std::mem::take(&mut current));
                current = " ".repeat(rest);
                empty = true;
            }
            if !empty {
                current.push(' ');
            }
            current.push_str(word);
            empty = false;
        }
        if !empty {
            self.lines.push(current);
        }
    }
}

/// How a metric's values and cut points are written: percents with one decimal (cut points
/// two), SEL means with two (cut points three), growth percentiles with one.
fn value_text(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Sel => fixed(value, 2),
        m if m.is_growth() => fixed(value, 1),
        _ => format!("{}%", fixed(value, 1)),
    }
}

fn cut_text(metric: Metric, cut: f64) -> String {
    match metric {
        Metric::Sel => fixed(cut, 3),
        _ => fixed(cut, 2),
    }
}

fn level_words(level: SchoolLevel) -> &'static str {
    match level {
        SchoolLevel::Elementary => "elementary",
        SchoolLevel::Middle => "middle",
        SchoolLevel::High => "high",
    }
}

fn header(out: &mut Lines, year: &PublishedYear, school: &PublishedSchool) {
    let index = school.index;
    out.wrap(
        0,
        2,
        &format!("{} — school {}", index.school_name, index.school_id),
    );
    out.wrap(
        0,
        2,
        &format!(
            "District {}, {} school, {}; school year {} (output folder {}, core-index {}).",
            index.district_id,
            level_words(index.school_level),
            if index.title_i {
                "Title I"
            } else {
                "not Title I"
            },
            school_year(year.year()),
            year.folder,
            year.manifest.version
        ),
    );
    let score = match index.index_score {
        Some(score) => format!(
            "Index score {} of {} possible points",
            hundredths(score),
            hundredths(index.academic_max + index.secc_max)
        ),
        None => "No index score (a domain has no reported metric, R27)".to_string(),
    };
    let designation = school.designation.designation;
    out.wrap(
        0,
        2,
        &format!(
            "{score}; designation {} ({}).",
            designation.code(),
            designation_words(designation)
        ),
    );
    out.blank();
}

fn points(out: &mut Lines, year: &PublishedYear, school: &PublishedSchool) {
    let config = &year.manifest.config;
    let n_size = config.n_size;
    out.line("HOW EACH COUNTED RESULT EARNED ITS POINTS");
    out.wrap(
        2,
        2,
        "value → level: 1 + the number of cut points c1…c9 the value reaches (R15); where \
         lower is better, the number it is at or below. Growth: the percentile rounded half \
         up, level ⌊g / 10⌋ + 1 (R16). share → points: points = round2(share × level / 10), \
         the share coming from the metric's weight (R25, R26). * marks the lowest-performing \
         race/ethnicity group (R5). Values and cut points are rounded for display; points \
         are exact.",
    );
    out.wrap(
        2,
        2,
        &format!("Results of fewer than {n_size} students are not reported and earn nothing (R3)."),
    );
    let index = school.index;
    for (domain, label, weight, points, max) in [
        (
            Domain::Academic,
            "ACADEMIC DOMAIN",
            config.domains.academic,
            index.academic_points,
            index.academic_max,
        ),
        (
            Domain::Secc,
            "SOCIAL-EMOTIONAL AND CULTURE-CLIMATE DOMAIN",
            config.domains.secc,
            index.secc_points,
            index.secc_max,
        ),
    ] {
        let metrics: Vec<Metric> = Metric::ALL
            .iter()
            .copied()
            .filter(|m| m.domain() == domain)
            .filter(|m| school.metric_results.iter().any(|r| r.metric == *m))
            .collect();
        let present: Vec<Metric> = metrics
            .iter()
            .copied()
            .filter(|m| {
                school
                    .metric_results
                    .iter()
                    .any(|r| r.metric == *m && r.group == Group::All && r.is_shown())
            })
            .collect();
        out.blank();
        if present.is_empty() {
            out.wrap(
                0,
                2,
                &format!(
                    "{label}: no metric with an all-students result, so no points (R25, R27)."
                ),
            );
        } else {
            out.wrap(
                0,
                2,
                &format!(
                    "{label}: {} points shared by its {} metric{} with an all-students result, \
                     w = {} each (R25).",
                    fixed(weight, 2),
                    present.len(),
                    if present.len() == 1 { "" } else { "s" },
                    fixed(weight / present.len() as f64, 2)
                ),
            );
        }
        for metric in metrics {
            let rows: Vec<&MetricResultRecord> = school
                .metric_results
                .iter()
                .filter(|r| r.metric == metric)
                .collect();
            metric_account(out, year, school, metric, &rows, present.contains(&metric));
        }
        out.blank();
        out.wrap(
            0,
            2,
            &format!(
                "{label} TOTAL: {} of {} points (the sum of its rows, R27)",
                hundredths(points),
                hundredths(max)
            ),
        );
    }
    out.blank();
    match index.index_score {
        Some(score) => out.wrap(
            0,
            2,
            &format!(
                "INDEX SCORE: {} + {} = {} of {} possible points (R27).",
                hundredths(index.academic_points),
                hundredths(index.secc_points),
                hundredths(score),
                hundredths(index.academic_max + index.secc_max)
            ),
        ),
        None => out.wrap(
            0,
            2,
            "INDEX SCORE: none — a domain has no metric with an all-students result (R27).",
        ),
    }
    let (all, groups) = score_sums(school);
    let ratio = |score: Option<f64>, (points, max): (i64, i64), whose: &str| match score {
        Some(score) => format!(
            "{} = 100 × {} / {} ({whose})",
            hundredths(score),
            hundredths(points as f64 / 100.0),
            hundredths(max as f64 / 100.0)
        ),
        None => format!("none ({whose}: no points possible)"),
    };
    out.wrap(
        2,
        2,
        &format!(
            "All-students score {}; subgroup score {} (R28).",
            ratio(index.all_students_score, all, "ALL rows"),
            ratio(index.subgroup_score, groups, "counted groups")
        ),
    );
}

/// Points and maxima in hundredths of the ALL rows and of the counted group rows (R28).
fn score_sums(school: &PublishedSchool) -> ((i64, i64), (i64, i64)) {
    let mut all = (0, 0);
    let mut groups = (0, 0);
    for row in school.metric_results.iter().filter(|r| r.is_counted()) {
        let target = if row.role == Role::All {
            &mut all
        } else {
            &mut groups
        };
        target.0 += whole_hundredths(row.points.unwrap_or(0.0));
        target.1 += whole_hundredths(row.max_points.unwrap_or(0.0));
    }
    (all, groups)
}

/// The table of one metric: its counted rows and the suppressed rows of counted roles.
fn metric_account(
    out: &mut Lines,
    year: &PublishedYear,
    school: &PublishedSchool,
    metric: Metric,
    rows: &[&MetricResultRecord],
    present: bool,
) {
    let n_size = year.n_size();
    out.blank();
    out.wrap(
        0,
        2,
        &format!(
            "{}  {} ({})",
            metric.code(),
            metric_label(metric),
            metric_rule(metric)
        ),
    );
    let direction = if metric.higher_is_better() {
        "Higher is better."
    } else {
        "Lower is better."
    };
    if !present {
        out.wrap(
            2,
            4,
            &format!(
                "No all-students result (fewer than {n_size} students or no result): the metric \
                 is not present and earns nothing (R25)."
            ),
        );
        return;
    }
    let counted: Vec<&MetricResultRecord> =
        rows.iter().copied().filter(|r| r.is_counted()).collect();
    let k = counted.iter().filter(|r| r.role != Role::All).count();
    let shares = match (year.manifest.config.points.subgroup_mode, k) {
        (_, 0) => "ALL takes the whole weight w".to_string(),
        (SubgroupMode::HalfHalf, 1) => "ALL 0.5 w, the 1 counted group 0.5 w".to_string(),
        (SubgroupMode::HalfHalf, k) => {
            format!("ALL 0.5 w, the {k} counted groups 0.5 w / {k} each")
        }
        (SubgroupMode::EqualShare, k) => {
            format!("each of the {} counted rows w / {}", k + 1, k + 1)
        }
    };
    out.wrap(2, 4, &format!("Shares: {shares} (R26). {direction}"));
    out.line(format!(
        "  {:<6}{:>6}{:>9}{:>7}  {:<28}{:>7}{:>8}",
        "group", "n", "value", "level", "level because (R15, R16)", "share", "points"
    ));
    let cuts = year.cutpoints.for_school(metric, school.index.school_level);
    let (mut points_sum, mut max_sum) = (0i64, 0i64);
    for row in &counted {
        let (Some(value), Some(level), Some(points), Some(max)) =
            (row.value, row.level, row.points, row.max_points)
        else {
            continue;
        };
        points_sum += whole_hundredths(points);
        max_sum += whole_hundredths(max);
        let group = if row.role == Role::LowestRace {
            format!("{}*", row.group.code())
        } else {
            row.group.code().to_string()
        };
        let because = if metric.is_growth() {
            // R16: g rounded half up; level L holds g = 10(L − 1) … 10L − 1, and 100.
            let g = (value + 0.5).floor();
            let low = 10 * (u32::from(level).clamp(1, 10) - 1);
            let high = if level >= 10 { 100 } else { low + 9 };
            format!("g = {g}: {low}–{high} (R16)")
        } else {
            match cuts {
                Some(c) => between(metric, c, level),
                None => "cut points not in the folder".to_string(),
            }
        };
        out.line(format!(
            "  {:<6}{:>6}{:>9}{:>7}  {:<28}{:>7}{:>8}",
            group,
            row.n,
            value_text(metric, value),
            level,
            because,
            hundredths(max),
            hundredths(points)
        ));
    }
    for row in rows.iter().filter(|r| r.role.is_counted() && !r.is_shown()) {
        out.line(format!(
            "  {:<6}fewer than {n_size} students: not reported, no points (R3)",
            row.group.code()
        ));
    }
    out.line(format!(
        "  {:<6}{:>6}{:>9}{:>7}  {:<28}{:>7}{:>8}",
        "total",
        "",
        "",
        "",
        format!("{} points", metric.code()),
        hundredths(max_sum as f64 / 100.0),
        hundredths(points_sum as f64 / 100.0)
    ));
}

/// The cut points a value at `level` fell between (R15), e.g. "c3 33.46 ≤ v < c4 36.55";
/// where lower is better, "c6 5.20 < v ≤ c7 6.10".
fn between(metric: Metric, cuts: &[f64; 9], level: u8) -> String {
    let c = |k: usize| format!("c{k} {}", cut_text(metric, cuts[k - 1]));
    let level = usize::from(level.clamp(1, 10));
    if metric.higher_is_better() {
        match level {
            1 => format!("v < {}", c(1)),
            10 => format!("{} ≤ v", c(9)),
            l => format!("{} ≤ v < {}", c(l - 1), c(l)),
        }
    } else {
        match level {
            10 => format!("v ≤ {}", c(1)),
            1 => format!("{} < v", c(9)),
            l => format!("{} < v ≤ {}", c(10 - l), c(11 - l)),
        }
    }
}

/// The designation: rank value, rank, cutoff and N, the graduation floor, the rankings
/// that decided, years in status with the history, escalation.
fn designation(
    out: &mut Lines,
    year: &PublishedYear,
    school: &PublishedSchool,
    standing: &Standing,
    universe_n: usize,
) {
    let record = school.designation;
    let designation = record.designation;
    let rules = &year.manifest.config.designations;
    out.blank();
    out.wrap(
        0,
        2,
        &format!(
            "DESIGNATION: {} — {} (R29–R34)",
            designation.code(),
            designation_words(designation)
        ),
    );
    if designation == Designation::NotEligible {
        let why = if !school.index.title_i {
            "the school is not Title I"
        } else {
            "the school has no index score (R27)"
        };
        out.wrap(
            2,
            4,
            &format!(
                "Only the {universe_n} Title I schools with an index score are ranked (the \
                 universe N, §7); {why}."
            ),
        );
        return;
    }
    out.wrap(
        2,
        4,
        &format!(
            "Universe: the {universe_n} Title I schools with an index score (N, §7); a \
             share \"pct% of N\" is the smallest whole number ≥ pct × N / 100."
        ),
    );
    let bases = record.bases();
    for basis in &bases {
        out.wrap(2, 4, &format!("Basis {basis}: {}.", basis_words(basis)));
    }
    if let (Some(first), Some(value)) = (bases.first(), record.rank_value) {
        out.wrap(
            2,
            4,
            &format!(
                "Rank value: {} {} (R33).",
                rank_value_words(first),
                fixed(value, 2)
            ),
        );
    }
    for basis in &bases {
        if let Some(ranking) = standing.for_basis(basis) {
            out.wrap(
                2,
                4,
                &format!("Cutoff: {} ({}).", ranking.sentence(), ranking.kind.rule()),
            );
        }
        if matches!(
            *basis,
            basis::LOW_GRADUATION | basis::LOW_SUBGROUP_GRADUATION
        ) {
            graduation(
                out,
                record.rank_value.filter(|_| bases[0] == *basis),
                basis,
                rules.graduation_floor,
            );
        }
    }
    // The rankings a school went through before the one that decided (or all of them for
    // NONE): why it is not Priority, not Focus, not Reward.
    let decided_by = bases.first().copied();
    // Each step with the basis it gives (the gap check gives none: it only keeps a school
    // out of Reward).
    let steps: [(&str, Option<&Ranking>, Option<&str>); 5] = [
        (
            "Priority",
            standing.priority.as_ref(),
            Some(basis::LOWEST_INDEX),
        ),
        ("Focus", standing.focus.as_ref(), Some(basis::LOW_SUBGROUP)),
        ("Reward gap check", standing.gap.as_ref(), None),
        (
            "Reward – high performing",
            standing.reward_index.as_ref(),
            Some(basis::HIGHEST_INDEX),
        ),
        (
            "Reward – high progress",
            standing.reward_growth.as_ref(),
            Some(basis::HIGHEST_GROWTH),
        ),
    ];
    let stop_at = match designation {
        Designation::Priority => 0,
        Designation::Focus => 1,
        Designation::RewardHighPerforming => 3,
        Designation::RewardHighProgress => 4,
        _ => 4,
    };
    let mut others = Vec::new();
    for (name, ranking, gives) in steps.iter().take(stop_at + 1) {
        if gives.is_some() && *gives == decided_by {
            continue;
        }
        let Some(ranking) = ranking else { continue };
        let verdict = match (ranking.kind.designation(), ranking.is_taken()) {
            (None, true) => "a large-gap school: not eligible for Reward",
            (None, false) => "not a large-gap school",
            (Some(_), true) => "within the cutoff",
            (Some(_), false) => "not within the cutoff",
        };
        others.push(format!(
            "{name} ({}): {} ({} {}); {verdict}.",
            ranking.kind.rule(),
            ranking.sentence(),
            ranking.kind.value_name(),
            fixed(ranking.value, 2)
        ));
    }
    if designation == Designation::None && standing.gap.is_none() {
        others.push("Reward gap check (R31): no positive gap, not a large-gap school.".into());
    }
    if !others.is_empty() {
        out.line("  Rankings (ties to the smaller school_id, §7):");
        for line in others {
            out.wrap(4, 6, &line);
        }
    }
    years_in_status(out, year, school);
}

/// A graduation basis: the rate (when it is the rank value) and the floor.
fn graduation(out: &mut Lines, rate: Option<f64>, token: &str, floor: f64) {
    let (whose, rule) = if token == basis::LOW_GRADUATION {
        ("all students", "R29")
    } else {
        ("a counted group", "R30")
    };
    let text = match rate {
        Some(rate) => format!(
            "Graduation: the four-year rate of {whose}, {}%, is below the floor of {}% ({rule}).",
            fixed(rate, 2),
            fixed(floor, 2)
        ),
        None => format!(
            "Graduation: the four-year rate of {whose} is below the floor of {}% ({rule}); the \
             rank value is another basis's, so the rate is not in the output folder.",
            fixed(floor, 2)
        ),
    };
    out.wrap(2, 4, &text);
}

/// Years in status and escalation with the history behind them (R34, R39).
fn years_in_status(out: &mut Lines, year: &PublishedYear, school: &PublishedSchool) {
    let record = school.designation;
    let designation = record.designation;
    let years = record.years_in_status;
    if !matches!(designation, Designation::Priority | Designation::Focus) {
        out.wrap(
            2,
            4,
            &format!("Years in status: {years} — only Priority and Focus count them (R34)."),
        );
    } else {
        match &year.history {
            None => out.wrap(
                2,
                4,
                &format!(
                    "Years in status: {years} (R34). The run had no history, so only this \
                     year counts."
                ),
            ),
            Some(history) => {
                let of_school = |y: i32| {
                    history
                        .iter()
                        .find(|r| r.year == y && r.school_id == school.index.school_id)
                        .map(|r| r.designation)
                };
                let mut run = Vec::new();
                let mut past = year.year() - 1;
                while of_school(past) == Some(designation) {
                    run.push(past.to_string());
                    past -= 1;
                }
                let ended = match of_school(past) {
                    Some(other) => format!("in {past} it was {}", other.code()),
                    None => format!("history.csv has no row for it in {past}"),
                };
                let before = if run.is_empty() {
                    "this year only".to_string()
                } else {
                    format!("this year and {}", run.join(", "))
                };
                out.wrap(
                    2,
                    4,
                    &format!(
                        "Years in status: {years} (R34, history.csv): {} {before}; {ended}.",
                        designation.code()
                    ),
                );
            }
        }
    }
    let rule = "Focus for 3 years or more → partner_with_reward, 5 or more → \
                district_turnaround; Priority for 5 or more → intensive_action";
    let escalation = record.escalation;
    let text = if escalation == Escalation::None {
        format!("Escalation: none (R34: {rule}).")
    } else {
        format!(
            "Escalation: {} — {} (R34: {rule}).",
            escalation.code(),
            escalation_words(escalation)
        )
    };
    out.wrap(2, 4, &text);
}

/// Partner suggestions (R40–R42) and the community of practice (R43).
fn support(out: &mut Lines, year: &PublishedYear, school: &PublishedSchool) {
    out.blank();
    out.line("SUPPORT (R40–R43)");
    let partners = school.partners;
    if partners.is_empty() && school.community.is_none() {
        out.wrap(
            2,
            4,
            "No partner suggestions and no community of practice: partners are suggested for \
             Priority schools and for Focus schools with an escalation (R42), communities \
             formed of Focus schools (R43).",
        );
        return;
    }
    let focus = partners.first().and_then(|p| p.focus).or_else(|| {
        school.community.as_ref().and_then(|members| {
            members
                .iter()
                .find(|m| m.school_id == school.index.school_id)
                .map(|m| crate::published::FocusRecord {
                    metric: m.focus_metric,
                    group: m.focus_group,
                    level: m.focus_level,
                })
        })
    });
    match focus {
        Some(f) => out.wrap(
            2,
            4,
            &format!(
                "Focus area (R41): {} for {} ({}), level {} — the lowest level among the \
                 candidate rows of its designation.",
                f.metric.code(),
                f.group.code(),
                group_label(f.group),
                f.level
            ),
        ),
        None => out.wrap(2, 4, "Focus area (R41): none (no candidate row)."),
    }
    if !partners.is_empty() {
        let suggested: Vec<_> = partners.iter().filter(|p| p.rank.is_some()).collect();
        if suggested.is_empty() {
            out.wrap(
                2,
                4,
                "Partners (R42): no Reward school of the same school level has a profile, so \
                 none can be suggested.",
            );
        } else {
            out.wrap(
                2,
                4,
                &format!(
                    "Partners (R42): Reward schools of the same school level{}; those at level \
                     8 or above in the focus area first, then by distance between the student \
                     profiles (R40, percentage points), then school_id:",
                    if year.manifest.config.support.same_district {
                        " and district"
                    } else {
                        ""
                    }
                ),
            );
            for partner in suggested {
                let name = partner.partner_name.as_deref().unwrap_or("");
                let id = partner.partner_id.as_deref().unwrap_or("");
                let strength = match (focus, partner.partner_level) {
                    (None, _) => "no focus area, ranked by distance".to_string(),
                    (Some(_), Some(level)) if level >= 8 => {
                        format!("level {level} in the focus area (first tier)")
                    }
                    (Some(_), Some(level)) => format!("level {level} in the focus area"),
                    (Some(_), None) => "no reported result in the focus area".to_string(),
                };
                out.wrap(
                    4,
                    7,
                    &format!(
                        "{}. {name} ({id}), {}: {strength}; distance {}.",
                        partner.rank.unwrap_or(0),
                        partner.partner_designation.map(|d| d.code()).unwrap_or(""),
                        partner.distance.map(|d| fixed(d, 1)).unwrap_or_default()
                    ),
                );
            }
        }
    }
    if let Some(members) = &school.community {
        let Some(first) = members.first() else {
            return;
        };
        out.wrap(
            2,
            4,
            &format!(
                "Community of practice {} (R43): Focus schools of the same school level whose \
                 focus area is {}, at most {} schools; built from the smallest school_id, \
                 joined by the schools nearest to it by distance (R40). Its {} school{}:",
                first.community,
                first.focus_metric.code(),
                year.manifest.config.support.cop_size,
                members.len(),
                if members.len() == 1 { "" } else { "s" }
            ),
        );
        for member in members {
            let this = if member.school_id == school.index.school_id {
                " — this school"
            } else {
                ""
            };
            out.wrap(
                4,
                6,
                &format!(
                    "{} ({}): {} at level {}{this}",
                    member.school_name,
                    member.school_id,
                    member.focus_group.code(),
                    member.focus_level
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUTS: [f64; 9] = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0];

    /// R15, higher is better: level L = 1 + #{k : v ≥ c_k}, so level 4 holds
    /// c3 ≤ v < c4; level 1 is below c1 and level 10 at or above c9.
    #[test]
    fn cut_points_a_level_fell_between_where_higher_is_better() {
        assert_eq!(
            between(Metric::ElaPerf, &CUTS, 4),
            "c3 30.00 ≤ v < c4 40.00"
        );
        assert_eq!(between(Metric::ElaPerf, &CUTS, 1), "v < c1 10.00");
        assert_eq!(between(Metric::ElaPerf, &CUTS, 10), "c9 90.00 ≤ v");
    }

    /// R15, lower is better: level L = 1 + #{k : v ≤ c_k}; the k with v ≤ c_k are
    /// 11 − L … 9, so level 4 holds c6 < v ≤ c7 (v = 65: c7, c8, c9 → 1 + 3 = 4).
    #[test]
    fn cut_points_a_level_fell_between_where_lower_is_better() {
        assert_eq!(
            between(Metric::Suspension, &CUTS, 4),
            "c6 60.00 < v ≤ c7 70.00"
        );
        assert_eq!(between(Metric::Suspension, &CUTS, 10), "v ≤ c1 10.00");
        assert_eq!(between(Metric::Suspension, &CUTS, 1), "c9 90.00 < v");
        assert_eq!(between(Metric::Sel, &[3.5; 9], 10), "c9 3.500 ≤ v");
    }

    #[test]
    fn wrapped_lines_keep_to_the_width_and_their_indent() {
        let mut out = Lines::default();
        let text = "word ".repeat(40);
        out.wrap(2, 4, &text);
        assert!(out.lines.len() > 2);
        assert!(out.lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert!(out.lines[0].starts_with("  word"));
        assert!(out.lines[1].starts_with("    word"));
    }

    #[test]
    fn numbers_as_explain_writes_them() {
        assert_eq!(hundredths(58.7), "58.70");
        assert_eq!(hundredths(-0.0), "0.00");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(value_text(Metric::ElaPerf, 33.75), "33.8%");
        assert_eq!(value_text(Metric::Sel, 3.625), "3.63");
        assert_eq!(value_text(Metric::ElaGrowth, 56.5), "56.5");
    }
}
