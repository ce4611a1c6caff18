//! R42: partner suggestions — Reward schools of the same level, similar students first
//! among the strong ones in the school's focus area.

use crate::config::SupportConfig;
use crate::dataset::{SchoolIdx, YearData};
use crate::model::{Designation, Group};
use crate::results::{Designations, Escalation, FocusArea, Partner, PartnerRow};

use super::profiles::{distance, Profile};
use super::SchoolRows;

/// R42's first tier: candidates with strength ≥ 8.
const STRONG: u8 = 8;

/// Whether R42 suggests partners to a school of this designation and escalation: every
/// PRIORITY school, and FOCUS schools whose escalation is not `none`.
fn needs_partners(designation: Designation, escalation: Escalation) -> bool {
    match designation {
        Designation::Priority => true,
        Designation::Focus => escalation != Escalation::None,
        _ => false,
    }
}

/// R42: a candidate's strength in the focus area: the level of its reported row for the
/// focus metric and group (whatever that row's role there), else the level of its reported
/// `ALL` row for that metric, else none.
fn strength(school_rows: &SchoolRows, candidate: SchoolIdx, focus: &FocusArea) -> Option<u8> {
    school_rows
        .reported_level(candidate, focus.metric, focus.group)
        .or_else(|| school_rows.reported_level(candidate, focus.metric, Group::All))
}

/// R42 for every school that needs partners and has a profile, ordered by school_id, then
/// rank. Candidates are the REWARD_HIGH_PERFORMING and REWARD_HIGH_PROGRESS schools of the
/// same school_level with a profile (and of the same district with `same_district`). With a
/// focus area they fall in two tiers, strength ≥ 8 then the rest; within a tier (or, without
/// a focus area, all together) by distance, then school_id; the first `partners` are
/// suggested. A school with no candidate gets one row without a partner.
pub(super) fn partners(
    data: &YearData,
    school_rows: &SchoolRows,
    designations: &Designations,
    profiles: &[Option<Profile>],
    focus_areas: &[Option<FocusArea>],
    config: &SupportConfig,
) -> Vec<PartnerRow> {
    let reward: Vec<SchoolIdx> = designations
        .rows
        .iter()
        .filter(|d| {
            matches!(
                d.designation,
                Designation::RewardHighPerforming | Designation::RewardHighProgress
            ) && profiles[d.school as usize].is_some()
        })
        .map(|d| d.school)
        .collect();
    let mut needing: Vec<(SchoolIdx, &Profile)> = designations
        .rows
        .iter()
        .filter(|d| needs_partners(d.designation, d.escalation))
        .filter_map(|d| Some((d.school, profiles[d.school as usize].as_ref()?)))
        .collect();
    // Schools are indexed in school_id order: the report's order.
    needing.sort_by_key(|(s, _)| *s);

    let take = usize::try_from(config.partners).unwrap_or(usize::MAX);
    let mut rows = Vec::new();
    for (school, profile) in needing {
        let this = &data.schools[school as usize];
        let focus = focus_areas[school as usize];
        // (tier, distance, school, strength) of each candidate.
        let mut ranked: Vec<(u8, f64, SchoolIdx, Option<u8>)> = reward
            .iter()
            .copied()
            .filter(|&c| {
                let other = &data.schools[c as usize];
                other.level == this.level
                    && (!config.same_district || other.district_id == this.district_id)
            })
            .map(|c| {
                let d = distance(profile, profiles[c as usize].as_ref().expect("filtered"));
                match &focus {
                    Some(focus) => {
                        let strength = strength(school_rows, c, focus);
                        let tier = u8::from(strength.is_none_or(|s| s < STRONG));
                        (tier, d, c, strength)
                    }
                    None => (0, d, c, None),
                }
            })
            .collect();
        // Schools are indexed in school_id order, so the index breaks ties by school_id.
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        if ranked.is_empty() {
            rows.push(PartnerRow {
                school,
                focus,
                partner: None,
            });
            continue;
        }
        rows.extend(ranked.into_iter().take(take).enumerate().map(
            |(i, (_, distance, partner, strength))| PartnerRow {
                school,
                focus,
                partner: Some(Partner {
                    rank: i as u32 + 1,
                    school: partner,
                    strength,
                    distance,
                }),
            },
        ));
    }
    rows
}
