//! The plain-language words of the reports for people (data-contract §7): what each metric,
//! group, designation, basis and escalation code of the methodology is called on a report
//! card and in `explain`. One table for both, so a card and its explanation never name a
//! thing differently.

use crate::model::{basis, Designation, Group, Metric};
use crate::results::Escalation;

/// The metric's name on a card, e.g. "English language arts: meeting or exceeding standard".
pub fn metric_label(metric: Metric) -> &'static str {
    match metric {
        Metric::ElaPerf => "English language arts: meeting or exceeding standard",
        Metric::MathPerf => "Mathematics: meeting or exceeding standard",
        Metric::ElaGrowth => "English language arts growth",
        Metric::MathGrowth => "Mathematics growth",
        Metric::HsReadiness => "High-school readiness (grade 8)",
        Metric::Grad => "Graduation rate (4-, 5- and 6-year mean)",
        Metric::ChronicAbsence => "Chronic absence",
        Metric::Suspension => "Suspension",
        Metric::ElReclass => "English learner reclassification",
        Metric::Sel => "Social-emotional skills (student survey, 1–5)",
        Metric::Climate => "School climate (percent favourable)",
    }
}

/// The rule that defines a metric's result (methodology §3).
pub(crate) fn metric_rule(metric: Metric) -> &'static str {
    match metric {
        Metric::ElaPerf | Metric::MathPerf => "R7",
        Metric::ElaGrowth | Metric::MathGrowth => "R18–R24",
        Metric::HsReadiness => "R8",
        Metric::Grad => "R9",
        Metric::ChronicAbsence => "R10",
        Metric::Suspension => "R11",
        Metric::ElReclass => "R12",
        Metric::Sel => "R13",
        Metric::Climate => "R14",
    }
}

/// The group's name, e.g. "Socio-economically disadvantaged" (methodology R4).
pub fn group_label(group: Group) -> &'static str {
    match group {
        Group::All => "All students",
        Group::AA => "Black/African American",
        Group::AI => "American Indian/Alaska Native",
        Group::AS => "Asian",
        Group::FI => "Filipino",
        Group::HI => "Hispanic/Latino",
        Group::PI => "Pacific Islander",
        Group::WH => "White",
        Group::MR => "Two or more races",
        Group::Sed => "Socio-economically disadvantaged",
        Group::El => "English learners (incl. reclassified)",
        Group::Swd => "Students with disabilities",
        Group::Elo => "English learners (current only)",
        Group::Rfep => "Reclassified fluent English proficient",
        Group::Fos => "Foster youth",
        Group::Hom => "Homeless youth",
    }
}

/// The designation in words, e.g. "Reward – high performing" (data-contract §7).
pub fn designation_words(designation: Designation) -> &'static str {
    match designation {
        Designation::Priority => "Priority",
        Designation::Focus => "Focus",
        Designation::RewardHighPerforming => "Reward – high performing",
        Designation::RewardHighProgress => "Reward – high progress",
        Designation::None => "None",
        Designation::NotEligible => "Not eligible",
    }
}

/// The escalation in words (R34).
pub fn escalation_words(escalation: Escalation) -> &'static str {
    match escalation {
        Escalation::None => "None",
        Escalation::PartnerWithReward => "Partner with a Reward school",
        Escalation::DistrictTurnaround => "District turnaround",
        Escalation::IntensiveAction => "Intensive action",
    }
}

/// A basis token of designations.csv in words, with its rule; the token itself when unknown.
pub fn basis_words(token: &str) -> &str {
    match token {
        basis::LOWEST_INDEX => "among the lowest index scores of the Title I schools (R29)",
        basis::LOW_GRADUATION => "all-students four-year graduation rate below the floor (R29)",
        basis::LOW_SUBGROUP => {
            "among the lowest subgroup scores of the Title I schools not in Priority (R30)"
        }
        basis::LOW_SUBGROUP_GRADUATION => {
            "a counted group's four-year graduation rate below the floor (R30)"
        }
        basis::HIGHEST_INDEX => "among the highest index scores of the eligible schools (R32)",
        basis::HIGHEST_GROWTH => {
            "among the highest mean growth percentiles of the eligible schools (R32)"
        }
        other => other,
    }
}

/// What the rank value (R33) is, by the first basis.
pub fn rank_value_words(first_basis: &str) -> &'static str {
    match first_basis {
        basis::LOWEST_INDEX | basis::HIGHEST_INDEX => "index score",
        basis::LOW_GRADUATION => "four-year graduation rate of all students (%)",
        basis::LOW_SUBGROUP => "subgroup score",
        basis::LOW_SUBGROUP_GRADUATION => "lowest four-year graduation rate of a counted group (%)",
        basis::HIGHEST_GROWTH => "mean growth percentile (ALL, ELA and MATH)",
        _ => "value",
    }
}
