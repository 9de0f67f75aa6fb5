//! The plan file as written: TOML sections parsed into these structs, then checked for
//! names that refer to nothing before any data is read.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

pub use crate::chains::{
    AdminSpec, AreaMatch, AreaVariable, AreasSpec, DeterminantDomain, InterventionSpec, SECTORS,
    StepSource, StepSpec,
};
use crate::error::PlanError;

/// A whole analysis plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Its name, description and settings.
    pub plan: Header,
    /// The data files, by name (the stem of the file in the data folder).
    pub files: BTreeMap<String, FileSpec>,
    /// Analysis units: one row per child, built from a file and joins.
    pub units: BTreeMap<String, UnitSpec>,
    /// Age groups, in output order.
    pub age_groups: Vec<AgeGroup>,
    /// Dimensions of deprivation, in output order.
    #[serde(default)]
    pub dimensions: Vec<DimensionSpec>,
    /// Indicators, evaluated in this order.
    #[serde(default)]
    pub indicators: Vec<IndicatorSpec>,
    /// Breakdowns of every figure (the whole population is always given).
    #[serde(default)]
    pub breakdowns: Vec<BreakdownSpec>,
    /// A wealth index computed from household items and added to a file, for a survey
    /// that lacks one (`[wealth]`).
    #[serde(default)]
    pub wealth: Option<WealthSpec>,
    /// How the survey names oblasts and rayons (`[areas]`), for the bottleneck analysis.
    #[serde(default)]
    pub areas: Option<AreasSpec>,
    /// Which administrative data count (`[admin]`).
    #[serde(default)]
    pub admin: Option<AdminSpec>,
    /// Tracer interventions and their determinant chains (`[[interventions]]`).
    #[serde(default)]
    pub interventions: Vec<InterventionSpec>,
}

/// `[plan]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// A name for outputs.
    pub name: String,
    /// What the plan is for.
    #[serde(default)]
    pub description: String,
    /// Cut-offs k (numbers of deprived dimensions); default 1 to the number of dimensions of
    /// each age group.
    #[serde(default)]
    pub cutoffs: Vec<u32>,
    /// Confidence level of the intervals.
    #[serde(default = "default_level")]
    pub level: f64,
    /// The setting of the survey (a country) in a HEAT export; default the plan's name.
    #[serde(default)]
    pub setting: Option<String>,
    /// The date of the survey (a year) in a HEAT export; default `unknown`.
    #[serde(default)]
    pub date: Option<String>,
    /// The survey (`MICS6 2018`) in a HEAT export; default `survey`.
    #[serde(default)]
    pub source: Option<String>,
    /// Whether to compute HEAT's inequality measures of every rate, H and M0 by every
    /// breakdown (default true).
    #[serde(default = "yes")]
    pub inequality: bool,
}

fn yes() -> bool {
    true
}

fn default_level() -> f64 {
    0.95
}

/// `[files.NAME]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// The columns that identify one row (checked unique where the file is joined).
    #[serde(default)]
    pub keys: Vec<String>,
    /// Whether the file may be absent from the data folder.
    #[serde(default)]
    pub optional: bool,
}

/// `[units.NAME]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// The file whose rows are the unit's rows.
    pub from: String,
    /// The unit's population, a SQL boolean (a domain: the design stays whole).
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// Sampling weight column.
    pub weight: String,
    /// Stratum column.
    #[serde(default)]
    pub strata: Option<String>,
    /// PSU column.
    #[serde(default)]
    pub psu: Option<String>,
    /// Files joined to each row (left joins, in order).
    #[serde(default)]
    pub join: Vec<JoinSpec>,
}

/// `[[units.NAME.join]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JoinSpec {
    /// The file joined.
    pub file: String,
    /// Key columns: the same names on both sides, or unit column = file column.
    pub on: JoinKeys,
    /// Prefix of the joined columns' names (none: the unit's own columns win a clash).
    #[serde(default)]
    pub prefix: String,
}

/// The keys of a join.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum JoinKeys {
    /// The same names on both sides.
    Same(Vec<String>),
    /// Unit column = file column.
    Pairs(BTreeMap<String, String>),
}

impl JoinKeys {
    /// (unit column, file column) pairs.
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, String)> {
        match self {
            Self::Same(names) => names.iter().map(|n| (n.clone(), n.clone())).collect(),
            Self::Pairs(map) => map.iter().map(|(a, b)| (a.clone(), b.clone())).collect(),
        }
    }
}

/// `[[age_groups]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgeGroup {
    /// Its name in outputs, such as `0-23 months`.
    pub name: String,
    /// The unit its children come from.
    pub unit: String,
    /// Which children of the unit, a SQL boolean.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// A summary group (such as 0–4 years over 0–23 and 24–59 months).
    #[serde(default)]
    pub summary: bool,
}

/// `[[dimensions]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionSpec {
    /// Its name (an identifier).
    pub name: String,
    /// Its label in outputs.
    #[serde(default)]
    pub label: String,
    /// Whether having no computable indicator is an error.
    #[serde(default)]
    pub required: bool,
}

/// `[[indicators]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// Its name (an identifier), usable in later expressions.
    pub name: String,
    /// The dimension it counts in; none for a helper variable.
    #[serde(default)]
    pub dimension: Option<String>,
    /// The age groups it applies to; empty: all.
    #[serde(default)]
    pub age_groups: Vec<String>,
    /// A SQL expression: 1 deprived, 0 not, NULL missing (a boolean gives 1/0).
    pub expression: String,
    /// What it measures.
    #[serde(default)]
    pub label: String,
    /// The source variables, for the record.
    #[serde(default)]
    pub source: Vec<String>,
    /// Where its definition comes from.
    #[serde(default)]
    pub reference: String,
    /// Whether its absence is an error.
    #[serde(default)]
    pub required: bool,
    /// Whether 1 is the better value (coverage) rather than the worse (a deprivation, the
    /// default): the direction of its inequality measures.
    #[serde(default)]
    pub favourable: bool,
}

/// `[[breakdowns]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BreakdownSpec {
    /// Its name in outputs, such as `region`.
    pub name: String,
    /// A column of the units, or a helper indicator.
    #[serde(default)]
    pub column: String,
    /// Two or more columns crossed (a two-way breakdown such as area × wealth quintile),
    /// instead of `column`.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Whether its absence is an error.
    #[serde(default)]
    pub required: bool,
    /// Whether its categories have a natural order (wealth quintiles, education): the
    /// inequality measures of an ordered dimension (ACI, RCI, SII, RII).
    #[serde(default)]
    pub ordered: bool,
    /// The codes of an ordered breakdown from the most disadvantaged to the most
    /// advantaged, as text (`["0", "1", "2"]`); codes not listed are left out of its
    /// inequality measures. Empty: every code, lowest first.
    #[serde(default)]
    pub order: Vec<String>,
    /// The code of the reference category of an unordered breakdown (`"1"` for urban),
    /// which HEAT's D, R, PAR, PAF, MDRU and MDRW compare with.
    #[serde(default)]
    pub reference: Option<String>,
}

/// Whether `name` can be a variable name in generated SQL: letters, digits and `_`, not
/// starting with a digit.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl BreakdownSpec {
    /// Its columns: `column`, or the crossed `columns`.
    #[must_use]
    pub fn variables(&self) -> Vec<String> {
        if self.columns.is_empty() {
            vec![self.column.clone()]
        } else {
            self.columns.clone()
        }
    }
}

impl Plan {
    /// Parse a plan from TOML text; `source` names it in messages.
    pub fn from_toml(text: &str, source: &str) -> Result<Self, PlanError> {
        let plan: Self = toml::from_str(text).map_err(|e| PlanError::Syntax {
            plan: source.to_owned(),
            message: e.to_string(),
        })?;
        plan.check_names(source)?;
        Ok(plan)
    }

    /// Every name that refers to another part of the plan refers to something.
    fn check_names(&self, source: &str) -> Result<(), PlanError> {
        let bad = |what: String, hint: String| PlanError::Invalid {
            plan: source.to_owned(),
            what,
            hint,
        };
        let unknown = |kind: &str, name: &str, known: Vec<&str>| {
            bad(
                format!("names the {kind} `{name}`, which the plan does not define"),
                crate::error::close_or_list(name, &known),
            )
        };
        let files: Vec<&str> = self.files.keys().map(String::as_str).collect();
        if !(self.plan.level > 0.0 && self.plan.level < 1.0) {
            return Err(bad(
                format!(
                    "[plan] level = {} is not a confidence level",
                    self.plan.level
                ),
                "give a number between 0 and 1, such as 0.95".to_owned(),
            ));
        }
        if self.plan.cutoffs.contains(&0) {
            return Err(bad(
                "[plan] cutoffs holds 0".to_owned(),
                "a cut-off is a number of deprived dimensions, 1 or more".to_owned(),
            ));
        }
        for (name, unit) in &self.units {
            if !self.files.contains_key(&unit.from) {
                return Err(
                    unknown("file", &unit.from, files.clone()).at(&format!("[units.{name}] from"))
                );
            }
            for join in &unit.join {
                if !self.files.contains_key(&join.file) {
                    return Err(unknown("file", &join.file, files.clone())
                        .at(&format!("[[units.{name}.join]] file")));
                }
                if join.on.pairs().is_empty() {
                    return Err(bad(
                        format!("[[units.{name}.join]] of `{}` has no keys", join.file),
                        "give on = [\"HH1\", \"HH2\"] or on = { UNITCOL = \"FILECOL\" }".to_owned(),
                    ));
                }
            }
        }
        let units: Vec<&str> = self.units.keys().map(String::as_str).collect();
        let mut seen = HashSet::new();
        for group in &self.age_groups {
            if !seen.insert(group.name.as_str()) {
                return Err(bad(
                    format!("the age group `{}` is defined twice", group.name),
                    "give each age group its own name".to_owned(),
                ));
            }
            if !self.units.contains_key(&group.unit) {
                return Err(unknown("unit", &group.unit, units.clone())
                    .at(&format!("age group `{}`", group.name)));
            }
        }
        let groups: Vec<&str> = self.age_groups.iter().map(|g| g.name.as_str()).collect();
        let mut seen = HashSet::new();
        for dimension in &self.dimensions {
            if !is_identifier(&dimension.name) {
                return Err(bad(
                    format!("the dimension name `{}` is not a name", dimension.name),
                    "use letters, digits and _, starting with a letter".to_owned(),
                ));
            }
            if !seen.insert(dimension.name.as_str()) {
                return Err(bad(
                    format!("the dimension `{}` is defined twice", dimension.name),
                    "give each dimension its own name".to_owned(),
                ));
            }
        }
        let dimensions: Vec<&str> = self.dimensions.iter().map(|d| d.name.as_str()).collect();
        let mut seen = HashSet::new();
        for indicator in &self.indicators {
            let at = format!("indicator `{}`", indicator.name);
            if !is_identifier(&indicator.name) {
                return Err(bad(
                    format!("the indicator name `{}` is not a name", indicator.name),
                    "use letters, digits and _, starting with a letter".to_owned(),
                ));
            }
            if indicator.name.starts_with("__") {
                return Err(bad(
                    format!("the indicator name `{}` starts with __", indicator.name),
                    "names starting with __ are tendik's own".to_owned(),
                ));
            }
            if !seen.insert(indicator.name.as_str()) {
                return Err(bad(
                    format!("the indicator `{}` is defined twice", indicator.name),
                    "give each indicator its own name".to_owned(),
                ));
            }
            if let Some(dimension) = &indicator.dimension
                && !dimensions.contains(&dimension.as_str())
            {
                return Err(unknown("dimension", dimension, dimensions.clone()).at(&at));
            }
            for group in &indicator.age_groups {
                if !groups.contains(&group.as_str()) {
                    return Err(unknown("age group", group, groups.clone()).at(&at));
                }
            }
        }
        let mut seen = HashSet::new();
        for breakdown in &self.breakdowns {
            match (breakdown.column.is_empty(), breakdown.columns.len()) {
                (false, 0) => {}
                (true, 2..) => {
                    if breakdown.ordered
                        || !breakdown.order.is_empty()
                        || breakdown.reference.is_some()
                    {
                        return Err(bad(
                            format!(
                                "breakdown `{}` crosses columns and is ordered or has a reference",
                                breakdown.name
                            ),
                            "the inequality measures are for one-way breakdowns; remove `ordered`, `order` and `reference`".to_owned(),
                        ));
                    }
                }
                (true, 0) => {
                    return Err(bad(
                        format!("breakdown `{}` has no column", breakdown.name),
                        "give `column = \"HH7\"`, or `columns = [\"HH6\", \"windex5\"]` for a two-way breakdown".to_owned(),
                    ));
                }
                _ => {
                    return Err(bad(
                        format!(
                            "breakdown `{}` needs either `column` or two or more `columns`",
                            breakdown.name
                        ),
                        "give `column = \"HH7\"`, or `columns = [\"HH6\", \"windex5\"]` for a two-way breakdown".to_owned(),
                    ));
                }
            }
            if !breakdown.order.is_empty() && !breakdown.ordered {
                return Err(bad(
                    format!(
                        "breakdown `{}` has an `order` but is not ordered",
                        breakdown.name
                    ),
                    "add `ordered = true`, or remove `order`".to_owned(),
                ));
            }
            if breakdown.ordered && breakdown.reference.is_some() {
                return Err(bad(
                    format!(
                        "breakdown `{}` is ordered and has a reference",
                        breakdown.name
                    ),
                    "an ordered breakdown is compared end to end (HEAT); remove `reference`"
                        .to_owned(),
                ));
            }
            if !seen.insert(breakdown.name.as_str()) {
                return Err(bad(
                    format!("the breakdown `{}` is defined twice", breakdown.name),
                    "give each breakdown its own name".to_owned(),
                ));
            }
        }
        if let Some(wealth) = &self.wealth {
            crate::wealth::check(wealth, &files, source)?;
        }
        crate::chains::check(
            &self.interventions,
            self.admin.as_ref(),
            self.areas.as_ref(),
            &units,
            source,
        )?;
        Ok(())
    }

    /// The keys of file `file` (none for a file the plan does not name).
    #[must_use]
    pub fn keys_of(&self, file: &str) -> Vec<String> {
        self.files
            .get(file)
            .map(|f| f.keys.clone())
            .unwrap_or_default()
    }

    /// Whether `indicator` applies to `group`.
    #[must_use]
    pub fn applies(indicator: &IndicatorSpec, group: &AgeGroup) -> bool {
        indicator.age_groups.is_empty() || indicator.age_groups.contains(&group.name)
    }
}

/// `[wealth]`: the DHS/MICS wealth index computed from household items and added to a
/// file of the plan as two columns (score and quintile), before any unit is built.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WealthSpec {
    /// The household file the items are read from (one row per household).
    pub file: String,
    /// The household weight column.
    pub weight: String,
    /// The household members column: quintiles are of the household population, weight ×
    /// members.
    pub members: String,
    /// The households that answered, a SQL boolean; the others get no score. Default: all.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// The name of the score column added.
    #[serde(default = "default_score")]
    pub score: String,
    /// The name of the quintile column added (1 poorest … 5 richest).
    #[serde(default = "default_quintile")]
    pub quintile: String,
    /// Whether to replace the file's own score and quintile columns; by default a file
    /// that has the quintile column keeps it and no index is computed.
    #[serde(default)]
    pub replace: bool,
    /// The area column of DHS's combined urban/rural index; none: one national index.
    #[serde(default)]
    pub combined: Option<String>,
    /// The codes of `combined` that are urban (default `[1]`); every other code is rural.
    #[serde(default)]
    pub urban: Option<Vec<AreaCode>>,
    /// The item whose having raises the score (its loading is made positive); default:
    /// the loadings sum to a positive number.
    #[serde(default)]
    pub rises_with: Option<String>,
    /// The items of the index (with `combined`, of the common index, and of both area
    /// indices too).
    pub items: Vec<WealthItem>,
    /// Items of the urban index only (with `combined`).
    #[serde(default)]
    pub urban_items: Vec<WealthItem>,
    /// Items of the rural index only (with `combined`), such as land and livestock.
    #[serde(default)]
    pub rural_items: Vec<WealthItem>,
}

fn default_score() -> String {
    "wscore".to_owned()
}

fn default_quintile() -> String {
    "windex5".to_owned()
}

/// One household item of `[wealth]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WealthItem {
    /// Its name (an identifier), in the manifest.
    pub name: String,
    /// A SQL expression over the file's row: 0/1 (a boolean gives 1/0) or a number;
    /// NULL missing.
    pub expression: String,
}

/// A code of the area column of a combined wealth index: a number, or a text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum AreaCode {
    /// A numeric code, such as 1.
    Number(f64),
    /// A text code, such as `Urban`.
    Text(String),
}
