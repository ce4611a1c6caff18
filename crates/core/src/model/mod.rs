//! The vocabulary of the contract: codes of the extracts (data-contract §2), the metrics and
//! their domains and directions (methodology §3), the groups and roles (methodology §2).
//!
//! Every code type knows its spelling in the extracts and reports, so parsing and printing
//! never drift apart.

use std::fmt;

pub mod cutpoints;
pub mod history;

/// Defines a fieldless enum whose variants have a fixed spelling, with `ALL`, `code()` and
/// `parse()`. Parsing is exact (after the caller's trimming): the contract lists the codes.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in extracts and reports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses the exact spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// `school_level` of the schools extract.
    SchoolLevel { Elementary => "E", Middle => "M", High => "H" }
);

code_enum!(
    /// `race_ethnicity` of the students and cohort extracts.
    Race {
        BlackAfricanAmerican => "AA",
        AmericanIndian => "AI",
        Asian => "AS",
        Filipino => "FI",
        Hispanic => "HI",
        PacificIslander => "PI",
        White => "WH",
        TwoOrMore => "MR",
        NotReported => "NR",
    }
);

code_enum!(
    /// `el_status` of the students and cohort extracts.
    ElStatus { EnglishOnly => "EO", InitiallyFluent => "IFEP", EnglishLearner => "EL", Reclassified => "RFEP", ToBeDetermined => "TBD" }
);

code_enum!(
    /// `subject` of the assessments extract.
    Subject { Ela => "ELA", Math => "MATH" }
);

code_enum!(
    /// `outcome` of the cohort extract.
    Outcome {
        Graduated => "GRAD",
        Continuing => "CONT",
        Dropout => "DROP",
        Certificate => "CERT",
        Equivalency => "HSE",
        TransferOut => "TRANSFER_OUT",
    }
);

code_enum!(
    /// `respondent` of the climate extract.
    Respondent { Student => "STUDENT", Staff => "STAFF", Parent => "PARENT" }
);

code_enum!(
    /// The metrics of methodology §3, in the table's order (which R27 uses for f64 sums).
    Metric {
        ElaPerf => "ELA_PERF",
        MathPerf => "MATH_PERF",
        ElaGrowth => "ELA_GROWTH",
        MathGrowth => "MATH_GROWTH",
        HsReadiness => "HS_READINESS",
        Grad => "GRAD",
        ChronicAbsence => "CHRONIC_ABSENCE",
        Suspension => "SUSPENSION",
        ElReclass => "EL_RECLASS",
        Sel => "SEL",
        Climate => "CLIMATE",
    }
);

code_enum!(
    /// The result groups of methodology R4, `ALL` first.
    Group {
        All => "ALL",
        AA => "AA",
        AI => "AI",
        AS => "AS",
        FI => "FI",
        HI => "HI",
        PI => "PI",
        WH => "WH",
        MR => "MR",
        Sed => "SED",
        El => "EL",
        Swd => "SWD",
        Elo => "ELO",
        Rfep => "RFEP",
        Fos => "FOS",
        Hom => "HOM",
    }
);

code_enum!(
    /// The role of a metric_results row (methodology R5).
    Role { All => "all", LowestRace => "lowest_race", Subgroup => "subgroup", Info => "info" }
);

code_enum!(
    /// The designations of methodology §7.
    Designation {
        Priority => "PRIORITY",
        Focus => "FOCUS",
        RewardHighPerforming => "REWARD_HIGH_PERFORMING",
        RewardHighProgress => "REWARD_HIGH_PROGRESS",
        None => "NONE",
        NotEligible => "NOT_ELIGIBLE",
    }
);

impl Designation {
    /// PRIORITY, FOCUS or a REWARD kind (not NONE or NOT_ELIGIBLE).
    pub(crate) fn is_designated(self) -> bool {
        !matches!(self, Designation::None | Designation::NotEligible)
    }
}

/// The bases of a designation (methodology §7, R29–R32) as the designations report spells
/// them in its `basis` column, joined by `+` when a school has several. The stage that
/// writes them and every reader (support, `explain`, the report cards) name them here.
pub mod basis {
    /// R29: among the lowest index scores.
    pub const LOWEST_INDEX: &str = "lowest_index";
    /// R29: all-students four-year graduation rate below the floor.
    pub const LOW_GRADUATION: &str = "low_graduation";
    /// R30: among the lowest subgroup scores.
    pub const LOW_SUBGROUP: &str = "low_subgroup";
    /// R30: a counted group's four-year graduation rate below the floor.
    pub const LOW_SUBGROUP_GRADUATION: &str = "low_subgroup_graduation";
    /// R32: among the highest index scores of the eligible schools.
    pub const HIGHEST_INDEX: &str = "highest_index";
    /// R32: among the highest mean growth percentiles of the eligible schools.
    pub const HIGHEST_GROWTH: &str = "highest_growth";
}

code_enum!(
    /// The escalation of a designated school after years in status (methodology R34).
    Escalation {
        None => "none",
        PartnerWithReward => "partner_with_reward",
        DistrictTurnaround => "district_turnaround",
        IntensiveAction => "intensive_action",
    }
);

code_enum!(
    /// The `status` of a metric_results row (R3): `reported` when n ≥ n_size, `suppressed`
    /// (the row shows n only) otherwise.
    RowStatus { Reported => "reported", Suppressed => "suppressed" }
);

code_enum!(
    /// R37: the band of a level.
    Band { Below => "below", Average => "average", Above => "above" }
);

impl Role {
    /// Whether rows of this role earn points (R26): every role but `info`.
    pub fn is_counted(self) -> bool {
        self != Role::Info
    }
}

impl Band {
    /// R37: levels 1–3 below, 4–7 average, 8–10 above.
    pub fn of_level(level: u8) -> Band {
        match level {
            0..=3 => Band::Below,
            4..=7 => Band::Average,
            _ => Band::Above,
        }
    }
}

/// Domain of a metric: A academic, S social-emotional and culture-climate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    Academic,
    Secc,
}

impl Metric {
    pub fn domain(self) -> Domain {
        match self {
            Metric::ElaPerf
            | Metric::MathPerf
            | Metric::ElaGrowth
            | Metric::MathGrowth
            | Metric::HsReadiness
            | Metric::Grad => Domain::Academic,
            _ => Domain::Secc,
        }
    }

    /// True when a higher value is better (methodology §3, column "dir").
    pub fn higher_is_better(self) -> bool {
        !matches!(self, Metric::ChronicAbsence | Metric::Suspension)
    }

    /// Growth metrics are banded by the decile map (R16) and never calibrated (R17).
    pub fn is_growth(self) -> bool {
        matches!(self, Metric::ElaGrowth | Metric::MathGrowth)
    }

    /// R7: the tested grades the performance metrics count, 3–8 and 11. Assessment rows at
    /// other grades are legal (data-contract §2), left out of ELA_PERF and MATH_PERF and
    /// counted in the manifest.
    pub(crate) fn is_performance_grade(grade: i32) -> bool {
        (3..=8).contains(&grade) || grade == 11
    }

    pub(crate) fn growth_for(subject: Subject) -> Metric {
        match subject {
            Subject::Ela => Metric::ElaGrowth,
            Subject::Math => Metric::MathGrowth,
        }
    }
}

impl Group {
    /// The race/ethnicity groups of R4 (`NR` has none).
    pub(crate) const RACES: [Group; 8] = [
        Group::AA,
        Group::AI,
        Group::AS,
        Group::FI,
        Group::HI,
        Group::PI,
        Group::WH,
        Group::MR,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn bit(self) -> GroupSet {
        GroupSet(1 << self as u16)
    }

    pub(crate) fn is_race(self) -> bool {
        Group::RACES.contains(&self)
    }

    /// The fixed role of a non-race group (R5); race groups are decided per school and metric.
    pub(crate) fn fixed_role(self) -> Role {
        match self {
            Group::All => Role::All,
            Group::Sed | Group::El | Group::Swd => Role::Subgroup,
            _ => Role::Info,
        }
    }

    fn of_race(race: Race) -> Option<Group> {
        Some(match race {
            Race::BlackAfricanAmerican => Group::AA,
            Race::AmericanIndian => Group::AI,
            Race::Asian => Group::AS,
            Race::Filipino => Group::FI,
            Race::Hispanic => Group::HI,
            Race::PacificIslander => Group::PI,
            Race::White => Group::WH,
            Race::TwoOrMore => Group::MR,
            Race::NotReported => return None,
        })
    }
}

/// A set of groups as a bit mask (16 groups fit a u16 exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct GroupSet(pub u16);

impl GroupSet {
    pub fn contains(self, group: Group) -> bool {
        self.0 & (1 << group as u16) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Group> {
        Group::ALL
            .iter()
            .copied()
            .filter(move |g| self.contains(*g))
    }
}

/// The demographic fields that decide group membership (R4, R6).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Demographics {
    pub race: Race,
    pub sed: bool,
    pub swd: bool,
    pub el_status: ElStatus,
    pub foster: bool,
    pub homeless: bool,
}

impl Demographics {
    /// R4: `ALL`, the race group (not `NR`), `SED`, `EL` (EL or RFEP), `SWD`, and the
    /// information-only `ELO` (EL only), `RFEP`, `FOS`, `HOM`.
    pub fn groups(&self) -> GroupSet {
        let mut bits = Group::All.bit().0;
        if let Some(g) = Group::of_race(self.race) {
            bits |= g.bit().0;
        }
        let mut add = |cond: bool, g: Group| {
            if cond {
                bits |= g.bit().0;
            }
        };
        add(self.sed, Group::Sed);
        add(self.swd, Group::Swd);
        add(
            matches!(
                self.el_status,
                ElStatus::EnglishLearner | ElStatus::Reclassified
            ),
            Group::El,
        );
        add(self.el_status == ElStatus::EnglishLearner, Group::Elo);
        add(self.el_status == ElStatus::Reclassified, Group::Rfep);
        add(self.foster, Group::Fos);
        add(self.homeless, Group::Hom);
        GroupSet(bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.code()), Some(*m));
        }
        assert_eq!(Race::parse("XX"), None);
        assert_eq!(Group::ALL.len(), 16);
    }

    /// R4: an RFEP student is in EL and RFEP but not ELO; NR gives no race group.
    #[test]
    fn r4_group_membership() {
        let d = Demographics {
            race: Race::NotReported,
            sed: true,
            swd: false,
            el_status: ElStatus::Reclassified,
            foster: false,
            homeless: true,
        };
        let groups: Vec<Group> = d.groups().iter().collect();
        assert_eq!(
            groups,
            vec![Group::All, Group::Sed, Group::El, Group::Rfep, Group::Hom]
        );
    }
}
