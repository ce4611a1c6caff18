//! The school directory: which schools exist, their CDS-like ids, names, districts, levels and
//! grade spans, how they feed one another (elementary → middle → high), and the traits that
//! make schools differ (poverty, race mix, effects on growth, attendance, discipline,
//! graduation, survey habits).
//!
//! Schools are built in feeder clusters: each regular high school has its middle and K-8
//! feeders, each middle school its elementary feeders, and a cluster's schools share a
//! neighbourhood poverty level and race mix. Sizes follow from the clusters: a middle school
//! receives its feeders' fifth graders, so no school's enrolment is drawn independently of
//! the students who would really arrive there.

use std::collections::HashSet;

use core_index::model::SchoolLevel;

use super::random::{
    chance, int_between, logistic, logit, normal, rng_for, uniform, weighted_index, Stream,
    SynthRng,
};

/// The kinds of school; the contract's `school_level` is derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchoolKind {
    /// TK/K–5.
    Elementary,
    /// 6–8.
    Middle,
    /// TK/K–8, reported as level M.
    KEight,
    /// 9–12, fed by middle and K-8 schools.
    High,
    /// 10–12 continuation (alternative) high school: small, fed by transfers of students at
    /// risk of not graduating, so its graduation rate is low.
    Continuation,
}

impl SchoolKind {
    pub(crate) fn level(self) -> SchoolLevel {
        match self {
            SchoolKind::Elementary => SchoolLevel::Elementary,
            SchoolKind::Middle | SchoolKind::KEight => SchoolLevel::Middle,
            SchoolKind::High | SchoolKind::Continuation => SchoolLevel::High,
        }
    }

    pub(crate) fn is_high(self) -> bool {
        matches!(self, SchoolKind::High | SchoolKind::Continuation)
    }

    /// Order of kinds within a district in the schools extract.
    fn rank(self) -> u8 {
        match self {
            SchoolKind::High => 0,
            SchoolKind::Continuation => 1,
            SchoolKind::Middle => 2,
            SchoolKind::KEight => 3,
            SchoolKind::Elementary => 4,
        }
    }
}

/// What makes one school's numbers differ from another's. Effects are on the scales where
/// they are used: z units of ability, log multipliers of absence, logit shifts.
#[derive(Debug, Clone)]
pub(crate) struct SchoolTraits {
    /// Expected share of socio-economically disadvantaged students among new arrivals.
    pub poverty: f64,
    /// Relative weights of `Race::ALL` among new arrivals.
    pub race_weights: [f64; 9],
    /// Shift of new arrivals' ability (neighbourhood context), z units.
    pub context: f64,
    /// The school's effect on a year's gain in ELA and mathematics, z units per year: the
    /// signal the growth model is meant to find. Nearly independent of poverty on purpose.
    pub growth: [f64; 2],
    /// Log multiplier of absence rates.
    pub absence: f64,
    /// Multiplier of suspension probabilities.
    pub suspension: f64,
    /// Share of enrolled students in tested grades who sit the tests.
    pub participation: f64,
    /// Logit shift of graduating (and the opposite of dropping out), high schools only.
    pub graduation: f64,
    /// Shift of SEL skill means (points on the 1–5 scale).
    pub sel_shift: f64,
    /// Share of invited students who answer the SEL and climate surveys.
    pub student_response: f64,
    pub staff_response: f64,
    pub parent_response: f64,
    /// Percent favourable expected from students, staff and parents.
    pub favorable: [f64; 3],
}

#[derive(Debug, Clone)]
pub(crate) struct SchoolPlan {
    pub id: String,
    pub name: String,
    pub district: u32,
    pub kind: SchoolKind,
    pub title_i: bool,
    pub lowest_grade: i8,
    pub highest_grade: i8,
    /// The school that receives students finishing the highest grade (middle or high).
    pub feeds: Option<u32>,
    /// Expected students per grade as a share of a statewide grade cohort (K–12 grades).
    pub grade_share: f64,
    /// Expected TK students as a share of a statewide grade cohort (0 without TK).
    pub tk_share: f64,
    /// This school's share of kindergarten intake (0 for schools without kindergarten).
    pub kindergarten_share: f64,
    pub traits: SchoolTraits,
}

impl SchoolPlan {
    pub(crate) fn level(&self) -> SchoolLevel {
        self.kind.level()
    }

    pub(crate) fn serves(&self, grade: i8) -> bool {
        (self.lowest_grade..=self.highest_grade).contains(&grade)
    }

    /// Expected share of a statewide grade cohort in `grade` at this school.
    pub(crate) fn share_of(&self, grade: i8) -> f64 {
        if !self.serves(grade) {
            0.0
        } else if grade == TK {
            self.tk_share
        } else {
            self.grade_share
        }
    }
}

/// Transitional kindergarten, the grade below K.
pub(crate) const TK: i8 = -1;
/// Grades -1 (TK) … 12.
pub(crate) const GRADES: std::ops::RangeInclusive<i8> = -1..=12;
/// TK classes are smaller than a full grade cohort (only part of the age group is eligible).
pub(crate) const TK_RELATIVE_SIZE: f64 = 0.45;

fn grade_slot(grade: i8) -> usize {
    (grade + 1) as usize
}

/// Schools serving one grade in one area, with cumulative weights for sampling a transfer
/// destination in proportion to the schools' expected sizes.
#[derive(Debug, Clone, Default)]
struct Destinations {
    schools: Vec<u32>,
    cumulative: Vec<f64>,
}

impl Destinations {
    fn push(&mut self, school: u32, weight: f64) {
        if weight > 0.0 {
            let total = self.cumulative.last().copied().unwrap_or(0.0);
            self.schools.push(school);
            self.cumulative.push(total + weight);
        }
    }

    fn pick(&self, rng: &mut SynthRng) -> Option<u32> {
        if self.schools.is_empty() {
            return None;
        }
        Some(self.schools[super::random::pick_cumulative(rng, &self.cumulative)])
    }
}

/// Every school of the synthetic state and the tables used to place moving students.
#[derive(Debug, Clone)]
pub(crate) struct Directory {
    pub schools: Vec<SchoolPlan>,
    pub district_ids: Vec<String>,
    /// Regular (non-continuation) schools by district and grade.
    by_district: Vec<Vec<Destinations>>,
    /// Regular schools by grade, statewide.
    statewide: Vec<Destinations>,
    /// Continuation schools by district.
    continuation: Vec<Vec<u32>>,
}

impl Directory {
    /// A regular school serving `grade` in `district` (or statewide when `district` is
    /// `None`), drawn in proportion to expected size.
    pub(crate) fn random_school(
        &self,
        rng: &mut SynthRng,
        district: Option<u32>,
        grade: i8,
    ) -> Option<u32> {
        let table = match district {
            Some(d) => &self.by_district[d as usize][grade_slot(grade)],
            None => &self.statewide[grade_slot(grade)],
        };
        table.pick(rng)
    }

    /// A continuation school of the district, if it has one.
    pub(crate) fn continuation_school(&self, rng: &mut SynthRng, district: u32) -> Option<u32> {
        let list = &self.continuation[district as usize];
        if list.is_empty() {
            None
        } else {
            Some(list[int_between(rng, 0, list.len() as i64 - 1) as usize])
        }
    }

    /// Builds the directory of `count` schools (at least 3: one of each level).
    pub(crate) fn build(seed: u64, count: usize) -> Directory {
        let mut rng = rng_for(seed, Stream::Schools, 0, 0);
        let layout = Layout::new(count);
        let drafts = draft_schools(&mut rng, &layout);
        finish(&mut rng, drafts, layout.districts)
    }
}

/// How many schools of each kind, and districts.
struct Layout {
    regular_high: usize,
    continuation: usize,
    middle: usize,
    k_eight: usize,
    elementary: usize,
    districts: usize,
}

impl Layout {
    /// About 60% elementary, 20% middle (a few of them K-8) and 20% high schools (a few of
    /// them continuation schools); one district per ~70 schools.
    fn new(count: usize) -> Layout {
        let high = ((count as f64 * 0.2).round() as usize).max(1);
        let mid = ((count as f64 * 0.2).round() as usize).max(1);
        let elementary = count - high - mid;
        let continuation = if high >= 5 {
            ((high as f64 * 0.12).round() as usize).max(1)
        } else {
            0
        };
        let k_eight = if mid >= 4 {
            (mid as f64 * 0.15).round() as usize
        } else {
            0
        };
        let regular_high = high - continuation;
        let districts = if count < 20 {
            1
        } else {
            ((count as f64 / 70.0).round() as usize).clamp(2, regular_high)
        };
        Layout {
            regular_high,
            continuation,
            middle: mid - k_eight,
            k_eight,
            elementary,
            districts,
        }
    }
}

/// A school before ids, names and its final position are known.
struct Draft {
    kind: SchoolKind,
    district: u32,
    feeds: Option<usize>,
    poverty: f64,
    /// Race-mix deviations shared by a feeder cluster (neighbourhood), per race.
    neighbourhood: [f64; 9],
    offers_tk: bool,
    intake_weight: f64,
}

fn jitter_poverty(rng: &mut SynthRng, around: f64, spread: f64) -> f64 {
    logistic(logit(around) + spread * normal(rng)).clamp(0.03, 0.99)
}

fn draft_schools(rng: &mut SynthRng, layout: &Layout) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    // Districts differ in size: a few large urban districts and many smaller ones.
    let district_weights: Vec<f64> = (0..layout.districts)
        .map(|d| 1.0 / (d as f64 + 1.0).powf(0.9))
        .collect();
    let new_neighbourhood = |rng: &mut SynthRng| {
        let mut n = [0.0; 9];
        for v in &mut n {
            *v = 0.45 * normal(rng);
        }
        n
    };
    // Regular high schools are the roots of the feeder clusters.
    let mut clusters = Vec::new();
    for i in 0..layout.regular_high {
        let district = if i < layout.districts {
            i
        } else {
            weighted_index(rng, &district_weights)
        };
        clusters.push(drafts.len());
        drafts.push(Draft {
            kind: SchoolKind::High,
            district: district as u32,
            feeds: None,
            poverty: jitter_poverty(rng, 0.7, 1.1),
            neighbourhood: new_neighbourhood(rng),
            offers_tk: false,
            intake_weight: 0.0,
        });
    }
    // Middle and K-8 schools, spread over the clusters.
    let mut middles = Vec::new();
    for i in 0..layout.middle + layout.k_eight {
        let kind = if i < layout.middle {
            SchoolKind::Middle
        } else {
            SchoolKind::KEight
        };
        let high = clusters[i % clusters.len()];
        let (district, poverty, neighbourhood) = (
            drafts[high].district,
            drafts[high].poverty,
            drafts[high].neighbourhood,
        );
        let offers_tk = kind == SchoolKind::KEight && chance(rng, 0.5);
        let intake_weight = if kind == SchoolKind::KEight {
            (0.35 * normal(rng)).exp()
        } else {
            0.0
        };
        if kind == SchoolKind::Middle {
            middles.push(drafts.len());
        }
        drafts.push(Draft {
            kind,
            district,
            feeds: Some(high),
            poverty: jitter_poverty(rng, poverty, 0.35),
            neighbourhood,
            offers_tk,
            intake_weight,
        });
    }
    // Elementary schools feed the middle schools, about three each.
    for i in 0..layout.elementary {
        let middle = middles[i % middles.len()];
        let (district, poverty, neighbourhood) = (
            drafts[middle].district,
            drafts[middle].poverty,
            drafts[middle].neighbourhood,
        );
        let offers_tk = chance(rng, 0.75);
        drafts.push(Draft {
            kind: SchoolKind::Elementary,
            district,
            feeds: Some(middle),
            poverty: jitter_poverty(rng, poverty, 0.45),
            neighbourhood,
            offers_tk,
            intake_weight: (0.35 * normal(rng)).exp(),
        });
    }
    // Continuation schools go to the largest districts first.
    let mut district_sizes = vec![0usize; layout.districts];
    for d in &drafts {
        district_sizes[d.district as usize] += 1;
    }
    let mut by_size: Vec<usize> = (0..layout.districts).collect();
    by_size.sort_by_key(|d| (std::cmp::Reverse(district_sizes[*d]), *d));
    for i in 0..layout.continuation {
        let district = by_size[i % by_size.len()];
        drafts.push(Draft {
            kind: SchoolKind::Continuation,
            district: district as u32,
            feeds: None,
            poverty: jitter_poverty(rng, 0.75, 0.4),
            neighbourhood: new_neighbourhood(rng),
            offers_tk: false,
            intake_weight: 0.0,
        });
    }
    drafts
}

/// Statewide race shares (large urban California districts), in `Race::ALL` order:
/// AA AI AS FI HI PI WH MR NR.
const RACE_SHARES: [f64; 9] = [0.08, 0.01, 0.10, 0.03, 0.50, 0.01, 0.20, 0.04, 0.02];
/// How much each group's share rises with neighbourhood poverty (per logit of poverty).
const RACE_POVERTY_TILT: [f64; 9] = [0.35, 0.1, -0.45, -0.2, 0.5, 0.1, -0.9, -0.45, 0.0];

fn race_weights(rng: &mut SynthRng, poverty: f64, neighbourhood: &[f64; 9]) -> [f64; 9] {
    let tilt = logit(poverty) - logit(0.6);
    let mut weights = [0.0; 9];
    for (r, w) in weights.iter_mut().enumerate() {
        *w = RACE_SHARES[r]
            * (RACE_POVERTY_TILT[r] * tilt + neighbourhood[r] + 0.3 * normal(rng)).exp();
    }
    let total: f64 = weights.iter().sum();
    weights.map(|w| w / total)
}

fn traits(
    rng: &mut SynthRng,
    kind: SchoolKind,
    poverty: f64,
    neighbourhood: &[f64; 9],
) -> SchoolTraits {
    let high_poverty = poverty - 0.6;
    let race_weights = race_weights(rng, poverty, neighbourhood);
    let context = (0.7 - poverty) + 0.15 * normal(rng);
    // ELA and mathematics effects share a common part (a school that teaches well tends to
    // do so in both subjects), correlation about 0.55.
    let common = normal(rng);
    let growth = [
        0.06 * (0.75 * common + 0.66 * normal(rng)),
        0.07 * (0.75 * common + 0.66 * normal(rng)),
    ];
    let kind_absence = match kind {
        SchoolKind::High => 0.1,
        SchoolKind::Continuation => 0.9,
        _ => 0.0,
    };
    let absence = 0.6 * high_poverty + 0.28 * normal(rng) + kind_absence;
    let suspension = (0.5 * normal(rng) + high_poverty).exp();
    let participation = match kind {
        SchoolKind::High => (0.94 + 0.03 * normal(rng)).clamp(0.75, 0.99),
        SchoolKind::Continuation => (0.82 + 0.05 * normal(rng)).clamp(0.6, 0.95),
        _ => (0.975 + 0.015 * normal(rng)).clamp(0.88, 0.998),
    };
    let graduation = match kind {
        SchoolKind::Continuation => -2.6 + 0.4 * normal(rng),
        _ => 0.45 * normal(rng) - 1.5 * high_poverty,
    };
    let sel_shift = 0.12 * normal(rng);
    // A few schools barely run the student survey: their climate results miss the floor.
    let student_response = if chance(rng, 0.07) {
        uniform(rng, 0.08, 0.3)
    } else {
        logistic(logit(0.8) + 0.6 * normal(rng))
    };
    let staff_response = (0.62 + 0.2 * normal(rng)).clamp(0.08, 1.0);
    let parent_base = match kind.level() {
        SchoolLevel::Elementary => 0.45,
        SchoolLevel::Middle => 0.33,
        SchoolLevel::High => 0.24,
    };
    let parent_response = (parent_base + 0.13 * normal(rng)).clamp(0.02, 0.95);
    let climate = normal(rng);
    let favorable = [
        (66.0 + 7.0 * climate + 3.0 * normal(rng)).clamp(5.0, 99.5),
        (75.0 + 8.0 * climate + 4.0 * normal(rng)).clamp(5.0, 99.5),
        (83.0 + 5.0 * climate + 3.0 * normal(rng)).clamp(5.0, 99.5),
    ];
    SchoolTraits {
        poverty,
        race_weights,
        context,
        growth,
        absence,
        suspension,
        participation,
        graduation,
        sel_shift,
        student_response,
        staff_response,
        parent_response,
        favorable,
    }
}

const NAMES: &[&str] = &[
    "Abraham Lincoln",
    "Alameda",
    "Allendale",
    "Alta Vista",
    "Arroyo",
    "Bayview",
    "Bella Vista",
    "Brookfield",
    "Buena Vista",
    "Burbank",
    "Cabrillo",
    "Carver",
    "Castlemont",
    "Cesar Chavez",
    "Chabot",
    "Cleveland",
    "Crocker",
    "Cypress",
    "Del Mar",
    "Dolores Huerta",
    "Eastside",
    "El Camino",
    "Emerson",
    "Esperanza",
    "Franklin",
    "Fremont",
    "Frick",
    "Garfield",
    "George Washington",
    "Glenview",
    "Grant",
    "Hawthorne",
    "Highland",
    "Hillcrest",
    "Hoover",
    "Horace Mann",
    "Jackson",
    "Jefferson",
    "John Muir",
    "Kennedy",
    "La Escuelita",
    "Lakeview",
    "Laurel",
    "Lazear",
    "Lincoln",
    "Lockwood",
    "Longfellow",
    "Los Robles",
    "Madison",
    "Manzanita",
    "Maple",
    "Marshall",
    "Melrose",
    "Mira Vista",
    "Mission",
    "Monroe",
    "Montclair",
    "Montera",
    "Mountain View",
    "Oak Grove",
    "Oakland Avenue",
    "Ocean View",
    "Pacific",
    "Park Avenue",
    "Piedmont",
    "Pine Ridge",
    "Redwood",
    "Riverside",
    "Roosevelt",
    "Rosa Parks",
    "Sequoia",
    "Sierra",
    "Skyline",
    "Sojourner Truth",
    "Sunset",
    "Sycamore",
    "Thornhill",
    "Tilden",
    "Valle Verde",
    "Vista Grande",
    "Washington",
    "Webster",
    "Westlake",
    "Whittier",
    "Willow",
    "Woodland",
    "Yosemite",
];

const NAME_PREFIXES: &[&str] = &["North", "South", "East", "West", "Central", "New", "Upper"];

fn kind_suffix(kind: SchoolKind) -> &'static str {
    match kind {
        SchoolKind::Elementary => "Elementary",
        SchoolKind::Middle => "Middle",
        SchoolKind::KEight => "K-8 Academy",
        SchoolKind::High => "High",
        SchoolKind::Continuation => "Continuation High",
    }
}

/// A name not yet used in the district: a random base name, then prefixed variants, then a
/// number as the last resort.
fn unique_name(rng: &mut SynthRng, kind: SchoolKind, used: &mut HashSet<String>) -> String {
    let suffix = kind_suffix(kind);
    for _ in 0..8 {
        let base = NAMES[int_between(rng, 0, NAMES.len() as i64 - 1) as usize];
        let name = format!("{base} {suffix}");
        if used.insert(name.clone()) {
            return name;
        }
    }
    for prefix in NAME_PREFIXES {
        let base = NAMES[int_between(rng, 0, NAMES.len() as i64 - 1) as usize];
        let name = format!("{prefix} {base} {suffix}");
        if used.insert(name.clone()) {
            return name;
        }
    }
    let mut n = used.len();
    loop {
        n += 1;
        let name = format!("School {n} {suffix}");
        if used.insert(name.clone()) {
            return name;
        }
    }
}

/// Orders the drafts by district and kind, gives them ids and names, computes the expected
/// sizes and builds the placement tables.
fn finish(rng: &mut SynthRng, drafts: Vec<Draft>, districts: usize) -> Directory {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| (drafts[i].district, drafts[i].kind.rank(), i));
    let mut position = vec![0u32; drafts.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new as u32;
    }

    // District codes: a two-digit county and a five-digit district, distinct.
    let mut seen = HashSet::new();
    let mut district_ids = Vec::with_capacity(districts);
    while district_ids.len() < districts {
        let county = int_between(rng, 1, 58);
        let district = int_between(rng, 10_000, 79_999);
        let id = format!("{county:02}{district:05}");
        if seen.insert(id.clone()) {
            district_ids.push(id);
        }
    }
    let mut next_school_code: Vec<i64> = (0..districts)
        .map(|_| int_between(rng, 100_000, 3_000_000))
        .collect();
    let mut names_used: Vec<HashSet<String>> = vec![HashSet::new(); districts];

    // Expected sizes: kindergarten intake is shared among schools with kindergarten by their
    // intake weights; everything above follows the feeder links.
    let intake_total: f64 = drafts.iter().map(|d| d.intake_weight).sum();
    let tk_total: f64 = drafts
        .iter()
        .filter(|d| d.offers_tk)
        .map(|d| d.intake_weight)
        .sum();
    let mut grade_share = vec![0.0; drafts.len()];
    let mut kindergarten_share = vec![0.0; drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        kindergarten_share[i] = if intake_total > 0.0 {
            d.intake_weight / intake_total
        } else {
            0.0
        };
    }
    // Elementary and K-8 schools keep their intake share; middle schools sum their
    // elementary feeders; high schools sum their middle and K-8 feeders.
    for i in 0..drafts.len() {
        if matches!(drafts[i].kind, SchoolKind::Elementary | SchoolKind::KEight) {
            grade_share[i] = kindergarten_share[i];
        }
    }
    for i in 0..drafts.len() {
        if drafts[i].kind == SchoolKind::Elementary {
            if let Some(m) = drafts[i].feeds {
                grade_share[m] += kindergarten_share[i];
            }
        }
    }
    let mut feeder_total = vec![0.0; drafts.len()];
    for i in 0..drafts.len() {
        if matches!(drafts[i].kind, SchoolKind::Middle | SchoolKind::KEight) {
            if let Some(h) = drafts[i].feeds {
                feeder_total[h] += grade_share[i];
            }
        }
    }
    // Continuation schools take about 3% of their district's upper-grade students.
    let mut continuation_count = vec![0usize; districts];
    for d in &drafts {
        if d.kind == SchoolKind::Continuation {
            continuation_count[d.district as usize] += 1;
        }
    }
    let mut district_high_share = vec![0.0; districts];
    for i in 0..drafts.len() {
        if drafts[i].kind == SchoolKind::High {
            let keep = if continuation_count[drafts[i].district as usize] > 0 {
                0.97
            } else {
                1.0
            };
            grade_share[i] = feeder_total[i] * keep;
            district_high_share[drafts[i].district as usize] += feeder_total[i];
        }
    }
    for i in 0..drafts.len() {
        if drafts[i].kind == SchoolKind::Continuation {
            let d = drafts[i].district as usize;
            grade_share[i] = 0.03 * district_high_share[d] / continuation_count[d] as f64;
        }
    }

    let mut schools: Vec<Option<SchoolPlan>> = vec![None; drafts.len()];
    for &old in &order {
        let d = &drafts[old];
        let district = d.district as usize;
        next_school_code[district] += int_between(rng, 1, 400);
        let id = format!(
            "{}{:07}",
            district_ids[district], next_school_code[district]
        );
        let name = unique_name(rng, d.kind, &mut names_used[district]);
        let traits = traits(rng, d.kind, d.poverty, &d.neighbourhood);
        // Title I follows poverty: most high-poverty schools, few affluent ones.
        let title_centre = if d.kind.is_high() { 0.64 } else { 0.56 };
        let title_i = chance(rng, logistic(11.0 * (d.poverty - title_centre)));
        let (lowest_grade, highest_grade) = match d.kind {
            SchoolKind::Elementary => (if d.offers_tk { TK } else { 0 }, 5),
            SchoolKind::Middle => (6, 8),
            SchoolKind::KEight => (if d.offers_tk { TK } else { 0 }, 8),
            SchoolKind::High => (9, 12),
            SchoolKind::Continuation => (10, 12),
        };
        let tk_share = if d.offers_tk && tk_total > 0.0 {
            TK_RELATIVE_SIZE * d.intake_weight / tk_total
        } else {
            0.0
        };
        schools[position[old] as usize] = Some(SchoolPlan {
            id,
            name,
            district: d.district,
            kind: d.kind,
            title_i,
            lowest_grade,
            highest_grade,
            feeds: d.feeds.map(|f| position[f]),
            grade_share: grade_share[old],
            tk_share,
            kindergarten_share: kindergarten_share[old],
            traits,
        });
    }
    let schools: Vec<SchoolPlan> = schools
        .into_iter()
        .map(|s| s.expect("every school placed"))
        .collect();

    let mut by_district = vec![vec![Destinations::default(); GRADES.len()]; districts];
    let mut statewide = vec![Destinations::default(); GRADES.len()];
    let mut continuation = vec![Vec::new(); districts];
    for (i, s) in schools.iter().enumerate() {
        if s.kind == SchoolKind::Continuation {
            continuation[s.district as usize].push(i as u32);
            continue;
        }
        for grade in GRADES {
            let weight = s.share_of(grade);
            by_district[s.district as usize][grade_slot(grade)].push(i as u32, weight);
            statewide[grade_slot(grade)].push(i as u32, weight);
        }
    }
    Directory {
        schools,
        district_ids,
        by_district,
        statewide,
        continuation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_ids_follow_the_brief() {
        let dir = Directory::build(1, 300);
        assert_eq!(dir.schools.len(), 300);
        let count = |kind| dir.schools.iter().filter(|s| s.kind == kind).count();
        assert_eq!(count(SchoolKind::Elementary), 180);
        assert!(count(SchoolKind::KEight) > 0 && count(SchoolKind::Continuation) > 0);
        let ids: HashSet<&str> = dir.schools.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), 300);
        for s in &dir.schools {
            assert_eq!(s.id.len(), 14);
            assert!(s.id.bytes().all(|b| b.is_ascii_digit()));
            assert!(s.id.starts_with(&dir.district_ids[s.district as usize]));
            assert!(!s.name.contains(',') && !s.name.contains('"'));
            if let Some(f) = s.feeds {
                let next = &dir.schools[f as usize];
                assert!(
                    next.serves(s.highest_grade + 1),
                    "{} feeds {}",
                    s.name,
                    next.name
                );
                assert_eq!(next.district, s.district);
            }
        }
        // Expected sizes add up to one cohort per grade.
        let grade_total: f64 = dir.schools.iter().map(|s| s.share_of(10)).sum();
        assert!((grade_total - 1.0).abs() < 1e-9, "{grade_total}");
        let title_i = dir.schools.iter().filter(|s| s.title_i).count() as f64 / 300.0;
        assert!((0.5..0.8).contains(&title_i), "{title_i}");
    }

    #[test]
    fn tiny_directories_still_have_every_level() {
        for n in [3, 4, 7, 10] {
            let dir = Directory::build(5, n);
            for level in [
                SchoolLevel::Elementary,
                SchoolLevel::Middle,
                SchoolLevel::High,
            ] {
                assert!(
                    dir.schools.iter().any(|s| s.level() == level),
                    "{n} schools"
                );
            }
        }
    }
}
