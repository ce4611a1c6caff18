//! The run configuration of methodology §9: a TOML file, a built-in preset equal to the
//! defaults, and `--set key=value` overrides, resolved once into a validated [`Config`].
//!
//! Every problem (unknown key, wrong type, value out of range) is a [`UsageError`] naming the
//! key, so the command layer exits 2 (data-contract §4).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::UsageError;
use crate::model::Metric;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub n_size: u64,
    pub domains: Domains,
    pub assessments: AssessmentBounds,
    pub metrics: MetricSwitches,
    pub points: PointsConfig,
    pub cutpoints: CutpointsConfig,
    pub growth: GrowthConfig,
    pub designations: DesignationConfig,
    pub support: SupportConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domains {
    pub academic: f64,
    pub secc: f64,
}

/// The plausible range of scale scores (data-contract §2): anything outside is a
/// validation error naming file, row and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBounds {
    pub scale_score_min: f64,
    pub scale_score_max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct MetricSwitches {
    pub ELA_PERF: bool,
    pub MATH_PERF: bool,
    pub ELA_GROWTH: bool,
    pub MATH_GROWTH: bool,
    pub HS_READINESS: bool,
    pub GRAD: bool,
    pub CHRONIC_ABSENCE: bool,
    pub SUSPENSION: bool,
    pub EL_RECLASS: bool,
    pub SEL: bool,
    pub CLIMATE: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubgroupMode {
    HalfHalf,
    EqualShare,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsConfig {
    pub subgroup_mode: SubgroupMode,
    pub round_components: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CutpointsConfig {
    /// Empty: `DATA/cutpoints.csv`. Relative paths are resolved from the config file's folder
    /// when the configuration is loaded (see [`Config::load`]).
    pub file: String,
    pub by_school_level: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthConfig {
    pub grades: Vec<i64>,
    pub errors_in_variables: bool,
    pub shrinkage: bool,
    pub min_grade_sample: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignationConfig {
    pub priority_pct: f64,
    pub focus_pct: f64,
    pub reward_pct: f64,
    pub reward_gap_pct: f64,
    pub graduation_floor: f64,
}

/// Partner suggestions and communities of practice (methodology §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportConfig {
    /// Partner suggestions per school (R42), at least 1.
    pub partners: u64,
    /// Partners only from the school's own district (R42).
    pub same_district: bool,
    /// The largest community of practice (R43), at least 2.
    pub cop_size: u64,
}

/// The built-in preset: exactly the defaults of methodology §9. Numbers that may take a
/// fraction (domain points, percentages, the floor) are written as floats so that the type
/// check of a file or `--set` accepts both `60` and `67.5`.
pub(crate) const PRESET_TOML: &str = r#"n_size = 20
[domains]
academic = 60.0
secc = 40.0
[assessments]
scale_score_min = 1000.0
scale_score_max = 4000.0
[metrics]
ELA_PERF = true
MATH_PERF = true
ELA_GROWTH = true
MATH_GROWTH = true
HS_READINESS = true
GRAD = true
CHRONIC_ABSENCE = true
SUSPENSION = true
EL_RECLASS = true
SEL = true
CLIMATE = true
[points]
subgroup_mode = "half_half"
round_components = true
[cutpoints]
file = ""
by_school_level = false
[growth]
grades = [4, 5, 6, 7, 8]
errors_in_variables = true
shrinkage = true
min_grade_sample = 100
[designations]
priority_pct = 5.0
focus_pct = 10.0
reward_pct = 10.0
reward_gap_pct = 10.0
graduation_floor = 60.0
[support]
partners = 3
same_district = false
cop_size = 4
"#;

impl Default for Config {
    fn default() -> Self {
        Config::from_table(preset_table(), None).expect("the built-in preset is valid")
    }
}

fn preset_table() -> toml::Table {
    PRESET_TOML.parse().expect("the built-in preset parses")
}

impl Config {
    /// Resolves the configuration: the preset, then the file's keys, then each `--set`.
    pub fn load(file: Option<&Path>, overrides: &[String]) -> Result<Config, UsageError> {
        let mut table = preset_table();
        let mut base_dir = None;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                UsageError::new(format!("cannot read configuration {}: {e}", path.display()))
            })?;
            let user: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                UsageError::new(format!(
                    "configuration {} is not valid TOML: {}",
                    path.display(),
                    e.message()
                ))
            })?;
            merge(&mut table, &user, "", &path.display().to_string())?;
            base_dir = path.parent().map(Path::to_path_buf);
        }
        for item in overrides {
            apply_override(&mut table, item)?;
        }
        Config::from_table(table, base_dir)
    }

    fn from_table(table: toml::Table, base_dir: Option<PathBuf>) -> Result<Config, UsageError> {
        // Checked by hand so the message names the key (serde's would not).
        let mode = table.get("points").and_then(|p| p.get("subgroup_mode"));
        if let Some(mode) = mode.and_then(|m| m.as_str()) {
            if !["half_half", "equal_share"].contains(&mode) {
                return Err(UsageError::new(format!(
                    "configuration key `points.subgroup_mode`: expected \"half_half\" or \"equal_share\", got \"{}\"",
                    crate::error::quote(mode)
                )));
            }
        }
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    UsageError::new(format!("invalid configuration: {}", e.message()))
                })?;
        if let Some(dir) = base_dir {
            let file = &config.cutpoints.file;
            if !file.is_empty() && Path::new(file).is_relative() {
                config.cutpoints.file = dir.join(file).display().to_string();
            }
        }
        config.check()?;
        Ok(config)
    }

    /// Range checks the types alone cannot express, each naming its key.
    fn check(&self) -> Result<(), UsageError> {
        let bad = |key: &str, why: &str| {
            Err(UsageError::new(format!("configuration key `{key}`: {why}")))
        };
        if self.n_size < 1 {
            return bad("n_size", "must be at least 1");
        }
        for (key, v) in [
            ("domains.academic", self.domains.academic),
            ("domains.secc", self.domains.secc),
        ] {
            if !v.is_finite() || v < 0.0 {
                return bad(key, "must be a number ≥ 0");
            }
        }
        if self.domains.academic + self.domains.secc <= 0.0 {
            return bad(
                "domains.academic",
                "domains.academic and domains.secc are both 0: every index would be 0",
            );
        }
        let a = &self.assessments;
        for (key, v) in [
            ("assessments.scale_score_min", a.scale_score_min),
            ("assessments.scale_score_max", a.scale_score_max),
        ] {
            if !v.is_finite() {
                return bad(key, "must be a finite number");
            }
        }
        if a.scale_score_min >= a.scale_score_max {
            return bad(
                "assessments.scale_score_min",
                "must be below assessments.scale_score_max",
            );
        }
        let d = &self.designations;
        for (key, v) in [
            ("designations.priority_pct", d.priority_pct),
            ("designations.focus_pct", d.focus_pct),
            ("designations.reward_pct", d.reward_pct),
            ("designations.reward_gap_pct", d.reward_gap_pct),
            ("designations.graduation_floor", d.graduation_floor),
        ] {
            if !v.is_finite() || !(0.0..=100.0).contains(&v) {
                return bad(key, "must be a number from 0 to 100");
            }
        }
        if self.growth.grades.iter().any(|g| !(1..=12).contains(g)) {
            return bad(
                "growth.grades",
                "grades must be from 1 to 12 (the prior grade g−1 must exist)",
            );
        }
        if self.growth.min_grade_sample < 1 {
            return bad("growth.min_grade_sample", "must be at least 1");
        }
        if self.support.partners < 1 {
            return bad("support.partners", "must be at least 1");
        }
        if self.support.cop_size < 2 {
            return bad("support.cop_size", "must be at least 2");
        }
        Ok(())
    }

    /// Whether `[metrics]` switches the metric on.
    pub(crate) fn metric_enabled(&self, metric: Metric) -> bool {
        let m = &self.metrics;
        match metric {
            Metric::ElaPerf => m.ELA_PERF,
            Metric::MathPerf => m.MATH_PERF,
            Metric::ElaGrowth => m.ELA_GROWTH,
            Metric::MathGrowth => m.MATH_GROWTH,
            Metric::HsReadiness => m.HS_READINESS,
            Metric::Grad => m.GRAD,
            Metric::ChronicAbsence => m.CHRONIC_ABSENCE,
            Metric::Suspension => m.SUSPENSION,
            Metric::ElReclass => m.EL_RECLASS,
            Metric::Sel => m.SEL,
            Metric::Climate => m.CLIMATE,
        }
    }

    /// SHA-256 of the resolved configuration's canonical JSON.
    pub fn hash(&self) -> String {
        let json = serde_json::to_string(self).expect("configuration serializes");
        crate::hash::sha256_hex(json.as_bytes())
    }
}

/// Keys R35 leaves out of the comparison with the prior run's configuration: the support
/// suggestions (R40–R43), which no result of R36 depends on, and where the cut points were
/// read from (they are compared by their SHA-256 instead).
fn ignored_by_r35(key: &str) -> bool {
    key.starts_with("support.") || key == "cutpoints.file"
}

impl Config {
    /// Every key of the resolved configuration as a dotted name (`domains.academic`) with
    /// its value as JSON text, in key order.
    pub fn keys(&self) -> std::collections::BTreeMap<String, String> {
        fn walk(
            prefix: &str,
            value: &serde_json::Value,
            out: &mut std::collections::BTreeMap<String, String>,
        ) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        let dotted = if prefix.is_empty() {
                            key.clone()
                        } else {
                            format!("{prefix}.{key}")
                        };
                        walk(&dotted, value, out);
                    }
                }
                leaf => {
                    out.insert(prefix.to_string(), leaf.to_string());
                }
            }
        }
        let mut out = std::collections::BTreeMap::new();
        let value = serde_json::to_value(self).expect("configuration serializes");
        walk("", &value, &mut out);
        out
    }

    /// R35: the keys whose values differ between `prior` (an earlier run's resolved
    /// configuration) and this one, `[support]` and `cutpoints.file` left out, each as
    /// (key, prior value, this value), in key order.
    pub(crate) fn differences_for_change(&self, prior: &Config) -> Vec<(String, String, String)> {
        let (mine, theirs) = (self.keys(), prior.keys());
        let mut names: Vec<&String> = mine.keys().chain(theirs.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter(|key| !ignored_by_r35(key))
            .filter_map(|key| {
                let absent = || "(absent)".to_string();
                let (before, now) = (theirs.get(key), mine.get(key));
                (before != now).then(|| {
                    (
                        key.clone(),
                        before.cloned().unwrap_or_else(absent),
                        now.cloned().unwrap_or_else(absent),
                    )
                })
            })
            .collect()
    }
}

/// Folds `user` into `base`, refusing keys the preset does not have and values whose type
/// differs from the preset's (an integer is accepted where a float is expected).
fn merge(
    base: &mut toml::Table,
    user: &toml::Table,
    prefix: &str,
    source: &str,
) -> Result<(), UsageError> {
    for (key, value) in user {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let Some(slot) = base.get_mut(key) else {
            return Err(unknown_key(&dotted, source));
        };
        match (slot, value) {
            (toml::Value::Table(b), toml::Value::Table(u)) => merge(b, u, &dotted, source)?,
            (slot, value) => set_leaf(slot, value.clone(), &dotted)?,
        }
    }
    Ok(())
}

fn unknown_key(dotted: &str, source: &str) -> UsageError {
    UsageError::new(format!(
        "unknown configuration key `{}` in {source}",
        crate::error::quote(dotted)
    ))
    .with_hint("the keys are those of methodology §9, e.g. `domains.academic` or `metrics.SEL`")
}

fn set_leaf(slot: &mut toml::Value, value: toml::Value, dotted: &str) -> Result<(), UsageError> {
    use toml::Value as V;
    let value = match (&*slot, value) {
        (V::Float(_), V::Integer(i)) => V::Float(i as f64),
        (V::Table(_), _) => {
            return Err(UsageError::new(format!(
                "configuration key `{dotted}` is a section; set one of its keys"
            )))
        }
        (_, v) => v,
    };
    let type_ok = match (&*slot, &value) {
        (V::Integer(_), V::Integer(i)) => *i >= 0,
        (V::Array(_), V::Array(items)) => items.iter().all(|i| matches!(i, V::Integer(_))),
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    if !type_ok {
        return Err(UsageError::new(format!(
            "configuration key `{dotted}`: expected {}, got `{}`",
            describe(slot),
            crate::error::quote(&value.to_string())
        )));
    }
    *slot = value;
    Ok(())
}

fn describe(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::Integer(_) => "a whole number ≥ 0",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::String(_) => "a string",
        toml::Value::Array(_) => "an array of whole numbers",
        _ => "a value",
    }
}

/// Applies one `--set key=value`. The value is read as a TOML value; a bare word that is not
/// one (`--set points.subgroup_mode=equal_share`) is taken as a string.
fn apply_override(table: &mut toml::Table, item: &str) -> Result<(), UsageError> {
    let Some((key, raw)) = item.split_once('=') else {
        return Err(UsageError::new(format!(
            "--set `{}`: expected KEY=VALUE",
            crate::error::quote(item)
        ))
        .with_hint("for example --set domains.academic=50"));
    };
    let key = key.trim();
    let raw = raw.trim();
    let value = match format!("v = {raw}").parse::<toml::Table>() {
        Ok(mut t) => t.remove("v").expect("parsed key"),
        Err(_) => toml::Value::String(raw.to_string()),
    };
    let mut slot = &mut *table;
    let parts: Vec<&str> = key.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let Some(entry) = slot.get_mut(*part) else {
            return Err(unknown_key(key, "--set"));
        };
        if last {
            return set_leaf(entry, value, key);
        }
        match entry {
            toml::Value::Table(t) => slot = t,
            _ => return Err(unknown_key(key, "--set")),
        }
    }
    Err(unknown_key(key, "--set"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_equals_documented_defaults() {
        let c = Config::default();
        assert_eq!(c.n_size, 20);
        assert_eq!(c.domains.academic, 60.0);
        assert_eq!(c.points.subgroup_mode, SubgroupMode::HalfHalf);
        assert_eq!(c.growth.grades, vec![4, 5, 6, 7, 8]);
        assert_eq!(c.designations.graduation_floor, 60.0);
    }

    #[test]
    fn config_file_accepts_integers_and_decimals_for_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("what-if.toml");
        std::fs::write(
            &path,
            "[domains]\nacademic = 50\nsecc = 50.0\n[designations]\nfocus_pct = 7.5\n[cutpoints]\nfile = \"cuts.csv\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&path), &[]).unwrap();
        assert_eq!((c.domains.academic, c.domains.secc), (50.0, 50.0));
        assert_eq!(c.designations.focus_pct, 7.5);
        // Relative cut-point paths are resolved from the config file's folder (§9).
        assert_eq!(
            c.cutpoints.file,
            dir.path().join("cuts.csv").display().to_string()
        );
        std::fs::write(&path, "n_size = 2.5\n").unwrap();
        let err = Config::load(Some(&path), &[]).unwrap_err();
        assert!(err.to_string().contains("`n_size`"), "{err}");
    }

    /// R35: configurations compared key by key, `[support]` and `cutpoints.file` left out.
    #[test]
    fn differences_for_change_name_each_key_except_support_and_the_cut_point_path() {
        let base = Config::default();
        let same = Config::load(
            None,
            &[
                "support.partners=5".into(),
                "support.same_district=true".into(),
                "cutpoints.file=elsewhere.csv".into(),
            ],
        )
        .unwrap();
        assert_eq!(same.differences_for_change(&base), []);
        assert_ne!(same.hash(), base.hash(), "a hash would have refused it");
        let other = Config::load(
            None,
            &["domains.academic=50".into(), "growth.grades=[4, 5]".into()],
        )
        .unwrap();
        assert_eq!(
            other.differences_for_change(&base),
            [
                (
                    "domains.academic".to_string(),
                    "60.0".to_string(),
                    "50.0".to_string()
                ),
                (
                    "growth.grades".to_string(),
                    "[4,5,6,7,8]".to_string(),
                    "[4,5]".to_string()
                ),
            ]
        );
        assert!(base.keys().contains_key("metrics.HS_READINESS"));
    }

    #[test]
    fn set_overrides_and_names_bad_keys() {
        let c = Config::load(
            None,
            &[
                "domains.academic=50".into(),
                "points.subgroup_mode=equal_share".into(),
                "metrics.SEL=false".into(),
            ],
        )
        .unwrap();
        assert_eq!(c.domains.academic, 50.0);
        assert_eq!(c.points.subgroup_mode, SubgroupMode::EqualShare);
        assert!(!c.metric_enabled(Metric::Sel));

        // Decimal values where the spec reads a decimal number (§7 "pct read as a decimal").
        let c = Config::load(
            None,
            &[
                "designations.graduation_floor=67.5".into(),
                "designations.priority_pct=7.5".into(),
                "domains.secc=40.5".into(),
            ],
        )
        .unwrap();
        assert_eq!(c.designations.graduation_floor, 67.5);
        assert_eq!(c.designations.priority_pct, 7.5);
        assert_eq!(c.domains.secc, 40.5);

        let err = Config::load(None, &["domains.nope=1".into()]).unwrap_err();
        assert!(err.to_string().contains("domains.nope"), "{err}");
        let err = Config::load(None, &["n_size=abc".into()]).unwrap_err();
        assert!(err.to_string().contains("n_size"), "{err}");
        let err = Config::load(None, &["points.subgroup_mode=thirds".into()]).unwrap_err();
        assert!(err.to_string().contains("subgroup_mode"), "{err}");
        let err = Config::load(None, &["designations.focus_pct=120".into()]).unwrap_err();
        assert!(err.to_string().contains("designations.focus_pct"), "{err}");
    }

    /// §11: `support.partners` ≥ 1 and `support.cop_size` ≥ 2, both integers; a TOML float
    /// (even 3.0), a negative or a too-small count names the key.
    #[test]
    fn support_keys_are_whole_counts_naming_the_key() {
        let c = Config::load(
            None,
            &[
                "support.partners=5".into(),
                "support.same_district=true".into(),
                "support.cop_size=2".into(),
            ],
        )
        .unwrap();
        assert_eq!(c.support.partners, 5);
        assert!(c.support.same_district);
        assert_eq!(c.support.cop_size, 2);
        let d = Config::default().support;
        assert_eq!((d.partners, d.same_district, d.cop_size), (3, false, 4));

        for (set, key, why) in [
            ("support.partners=0", "`support.partners`", "at least 1"),
            ("support.partners=-1", "`support.partners`", "whole number"),
            ("support.partners=3.0", "`support.partners`", "whole number"),
            ("support.cop_size=1", "`support.cop_size`", "at least 2"),
            ("support.cop_size=0", "`support.cop_size`", "at least 2"),
            ("support.cop_size=2.5", "`support.cop_size`", "whole number"),
            (
                "support.same_district=yes",
                "`support.same_district`",
                "true or false",
            ),
        ] {
            let err = Config::load(None, &[set.into()]).unwrap_err().to_string();
            assert!(err.contains(key) && err.contains(why), "{set}: {err}");
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("support.toml");
        std::fs::write(&path, "[support]\ncop_size = 3.0\n").unwrap();
        let err = Config::load(Some(&path), &[]).unwrap_err().to_string();
        assert!(err.contains("`support.cop_size`"), "{err}");
        std::fs::write(&path, "[support]\npartners = 0\n").unwrap();
        let err = Config::load(Some(&path), &[]).unwrap_err().to_string();
        assert!(
            err.contains("`support.partners`: must be at least 1"),
            "{err}"
        );
    }
}
