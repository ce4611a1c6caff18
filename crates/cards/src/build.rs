//! Fills the card model from one year's published output folder
//! (`core_index::published::PublishedYear`, read by `load::output::read_published_year`):
//! each school's rows of every report, the cut points of its level from `cutpoints.csv`,
//! its partners and community, and where it stands in the rankings of methodology §7
//! (`core_index::report::standing`) — the rank among N and the cutoff sentence. Nothing
//! here reads a file or computes a result: values are the CSV's.

use core_index::model as core;
use core_index::model::basis;
use core_index::published::{MetricResultRecord, PublishedSchool, PublishedYear};
use core_index::report::standing::{Rankings, Standing};

use rayon::prelude::*;

use crate::model::*;

/// The cards of every school of the folder, in school_id order (built side by side).
pub fn all_cards(year: &PublishedYear) -> Vec<Card> {
    let rankings = Rankings::of(year);
    let ids: Vec<&str> = year.school_ids().collect();
    ids.par_iter()
        .filter_map(|id| card_with(year, &rankings, id))
        .collect()
}

/// The card of one school; `None` when the folder does not list it.
pub fn card(year: &PublishedYear, school_id: &str) -> Option<Card> {
    card_with(year, &Rankings::of(year), school_id)
}

/// The index page of the cards (every school of the folder when given all cards).
pub fn index_page(year: &PublishedYear, cards: &[Card]) -> IndexPage {
    IndexPage {
        year: year.year(),
        schools: cards.iter().map(IndexEntry::from_card).collect(),
    }
}

fn card_with(year: &PublishedYear, rankings: &Rankings, school_id: &str) -> Option<Card> {
    let school = year.school(school_id)?;
    let index = school.index;
    Some(Card {
        school: School {
            id: index.school_id.clone(),
            name: index.school_name.clone(),
            district_id: index.district_id.clone(),
            level: index.school_level,
            title_i: index.title_i,
        },
        year: year.year(),
        n_size: u32::try_from(year.n_size()).unwrap_or(u32::MAX),
        index: IndexScores {
            index_score: index.index_score,
            academic_points: index.academic_points,
            academic_max: index.academic_max,
            secc_points: index.secc_points,
            secc_max: index.secc_max,
            all_students_score: index.all_students_score,
            subgroup_score: index.subgroup_score,
            metrics_reported: index.metrics_reported,
            prior_index_score: index.prior_index_score,
            index_change: index.index_change,
        },
        metrics: metrics(year, &school),
        growth: school
            .growth
            .iter()
            .map(|g| GrowthRow {
                subject: g.subject,
                group: g.group.code().to_string(),
                group_label: group_label(g.group.code()).to_string(),
                n: g.n,
                growth_percentile: g.growth_percentile,
                ci_low: g.ci_low,
                ci_high: g.ci_high,
                level: g.level,
            })
            .collect(),
        designation: designation(year, &school, &rankings.standing(school_id), rankings),
        partners: partners(year, &school),
        community: community(&school),
    })
}

/// Every metric the school has rows for, in §3's order, with the cut points of its level.
fn metrics(year: &PublishedYear, school: &PublishedSchool) -> Vec<MetricResults> {
    core::Metric::ALL
        .iter()
        .filter_map(|&metric| {
            let rows: Vec<&MetricResultRecord> = school
                .metric_results
                .iter()
                .filter(|r| r.metric == metric)
                .collect();
            if rows.is_empty() {
                return None;
            }
            let definition = MetricDefinition::standard(metric.code())?;
            let cut_points = if metric.is_growth() {
                CutPoints::GrowthDeciles
            } else {
                match year.cutpoints.for_school(metric, school.index.school_level) {
                    Some(cuts) => CutPoints::Calibrated(*cuts),
                    None => CutPoints::Unknown,
                }
            };
            Some(MetricResults {
                definition,
                cut_points,
                rows: rows.into_iter().map(metric_row).collect(),
            })
        })
        .collect()
}

fn metric_row(row: &MetricResultRecord) -> MetricRow {
    MetricRow {
        group: row.group.code().to_string(),
        group_label: group_label(row.group.code()).to_string(),
        role: row.role,
        n: row.n,
        status: row.status,
        value: row.value,
        level: row.level,
        band: row.band,
        points: row.points,
        max_points: row.max_points,
        prior_value: row.prior_value,
        prior_level: row.prior_level,
        change: row.change,
        level_change: row.level_change.and_then(|c| i32::try_from(c).ok()),
        needed_1: row.needed[0],
    }
}

/// The designation, its rank among N and the cutoff sentence of its first basis (R29–R33);
/// for a graduation basis, the rate and the floor instead; for NONE, where the school
/// stands in the Priority ranking.
fn designation(
    year: &PublishedYear,
    school: &PublishedSchool,
    standing: &Standing,
    rankings: &Rankings,
) -> DesignationInfo {
    let record = school.designation;
    let bases = record.bases();
    let first = bases.first().copied();
    let ranking = first.and_then(|b| standing.for_basis(b));
    let floor = year.manifest.config.designations.graduation_floor;
    let cutoff = match (record.designation, first, ranking) {
        (_, _, Some(r)) => Some(format!("{} ({}).", capital(&r.sentence()), r.kind.rule())),
        (_, Some(basis::LOW_GRADUATION), None) => Some(format!(
            "The four-year graduation rate of all students, {}%, is below the floor of {}% (R29).",
            crate::format::rank_value(record.rank_value.unwrap_or(f64::NAN)),
            floor
        )),
        (_, Some(basis::LOW_SUBGROUP_GRADUATION), None) => Some(format!(
            "The lowest four-year graduation rate of a counted group, {}%, is below the floor of {}% (R30).",
            crate::format::rank_value(record.rank_value.unwrap_or(f64::NAN)),
            floor
        )),
        (Designation::None, _, _) => standing.priority.as_ref().map(|r| {
            format!(
                "Not designated. Priority takes the {} ({}).",
                r.sentence(),
                r.kind.rule()
            )
        }),
        _ => None,
    };
    let is_ranked = record.designation != Designation::NotEligible;
    DesignationInfo {
        designation: record.designation,
        basis: record.basis.clone(),
        rank_value: record.rank_value,
        rank: ranking.and_then(|r| u32::try_from(r.rank).ok()),
        ranked: ranking.and_then(|r| u32::try_from(r.pool).ok()),
        universe_n: is_ranked.then(|| u32::try_from(rankings.universe_n()).unwrap_or(u32::MAX)),
        cutoff,
        years_in_status: record.years_in_status,
        escalation: record.escalation,
    }
}

/// The school's partner rows (R42), when it has any.
fn partners(year: &PublishedYear, school: &PublishedSchool) -> Option<PartnerSuggestions> {
    let first = school.partners.first()?;
    let focus = first.focus.map(|f| FocusArea {
        metric: f.metric.code().to_string(),
        metric_label: metric_label(f.metric),
        group: f.group.code().to_string(),
        group_label: group_label(f.group.code()).to_string(),
        level: Some(f.level),
    });
    let partners = school
        .partners
        .iter()
        .filter_map(|p| {
            let id = p.partner_id.clone()?;
            Some(Partner {
                rank: p.rank?,
                school_name: p
                    .partner_name
                    .clone()
                    .or_else(|| year.index_row(&id).map(|r| r.school_name.clone()))
                    .unwrap_or_default(),
                school_id: id,
                designation: p.partner_designation?,
                level: p.partner_level,
                distance: p.distance?,
            })
        })
        .collect();
    Some(PartnerSuggestions { focus, partners })
}

/// The community of practice the school is in (R43), every member in report order.
fn community(school: &PublishedSchool) -> Option<Community> {
    let members = school.community.as_ref()?;
    let first = members.first()?;
    Some(Community {
        number: first.community,
        focus_metric: first.focus_metric.code().to_string(),
        focus_metric_label: metric_label(first.focus_metric),
        members: members
            .iter()
            .map(|m| CommunityMember {
                school_id: m.school_id.clone(),
                school_name: m.school_name.clone(),
                focus_group: m.focus_group.code().to_string(),
                focus_group_label: group_label(m.focus_group.code()).to_string(),
                focus_level: Some(m.focus_level),
            })
            .collect(),
    })
}

fn metric_label(metric: core::Metric) -> String {
    core_index::report::words::metric_label(metric).to_string()
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
