//! The plan's bottleneck sections as written: `[areas]` (how the survey names oblasts and
//! rayons), `[admin]` (which periods of the administrative data count) and
//! `[[interventions]]` with their ordered `[[interventions.steps]]` (UNICEF's determinants
//! framework), checked before any data is read.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::PlanError;
use crate::spec::is_identifier;

/// The sectors an intervention can belong to.
pub const SECTORS: [&str; 8] = [
    "health",
    "nutrition",
    "wash",
    "education",
    "child_protection",
    "social_policy",
    "drr",
    "youth",
];

/// `[areas]`: the survey variables that place a child in an oblast (`region`) and a rayon
/// (`district`), and how their values map to tendik-geo units.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AreasSpec {
    /// The oblast (region) variable, such as `HH7`.
    #[serde(default)]
    pub region: Option<AreaVariable>,
    /// The rayon (district) variable, if the survey has one.
    #[serde(default)]
    pub district: Option<AreaVariable>,
}

/// One area variable of `[areas]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AreaVariable {
    /// The column of the units.
    pub variable: String,
    /// How its values name tendik-geo units; default: `codes` when `codes` is given, else
    /// `labels`.
    #[serde(default, rename = "match")]
    pub matching: Option<AreaMatch>,
    /// The survey's code → the unit's tendik-geo code (national id, ISO or SDG code), for
    /// `match = "codes"`: `{ "1" = "KG-Y", "2" = "KG-J" }`.
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
}

impl AreaVariable {
    /// How its values are matched.
    #[must_use]
    pub fn matching(&self) -> AreaMatch {
        self.matching.unwrap_or(if self.codes.is_empty() {
            AreaMatch::Labels
        } else {
            AreaMatch::Codes
        })
    }
}

/// How an area variable's values name units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaMatch {
    /// The value labels are unit names (English, Russian or Kyrgyz).
    Labels,
    /// The plan's `codes` table maps each value.
    Codes,
    /// The values are tendik-geo codes (national id, ISO, SDG or the numeric code).
    Geo,
}

/// `[admin]`: the administrative data the plan reads.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSpec {
    /// The periods that count (DHIS2 period ids such as `2018`, `201801`, `2018Q1`); values
    /// of several periods are summed. Values for other periods are left out with a warning.
    pub periods: Vec<String>,
}

/// `[[interventions]]`: a tracer intervention and its determinant chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InterventionSpec {
    /// Its id (an identifier), as `tendik actions` takes it.
    pub id: String,
    /// Its sector, one of [`SECTORS`].
    pub sector: String,
    /// Its name in outputs.
    #[serde(default)]
    pub label: String,
    /// The analysis unit its survey steps are estimated on.
    #[serde(default)]
    pub unit: Option<String>,
    /// The target population of its survey steps: a SQL condition over the unit (all of the
    /// unit when not given); a step may narrow it with its own `population`.
    #[serde(default)]
    pub population: Option<String>,
    /// Where the chain's definition comes from.
    #[serde(default)]
    pub reference: String,
    /// The determinant steps, in chain order.
    pub steps: Vec<StepSpec>,
}

/// `[[interventions.steps]]`: one determinant of a chain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// Its name, such as `Penta3 (continuity)`.
    pub determinant: String,
    /// Which group of determinants it belongs to.
    pub domain: DeterminantDomain,
    /// Where its coverage comes from.
    pub source: StepSource,
    /// How it is measured, in words (its definition and source for the reader).
    #[serde(default)]
    pub definition: String,
    /// `source = "survey"`: a SQL expression over the unit, 1 covered, 0 not, NULL missing
    /// (a boolean gives 1/0); may use the plan's indicators by name.
    #[serde(default)]
    pub expression: Option<String>,
    /// `source = "survey"`: this step's own target population (replaces the
    /// intervention's).
    #[serde(default)]
    pub population: Option<String>,
    /// `source = "admin"`: the data element counted in the numerator.
    #[serde(default)]
    pub numerator: Option<String>,
    /// `source = "admin"`: the data element giving the target population.
    #[serde(default)]
    pub denominator: Option<String>,
    /// `source = "enabling"`: the score (0 to 1) of every area.
    #[serde(default)]
    pub score: Option<f64>,
    /// `source = "enabling"`: scores of particular areas (tendik-geo codes), over `score`.
    #[serde(default)]
    pub scores: BTreeMap<String, f64>,
}

/// The groups of determinants of UNICEF's framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeterminantDomain {
    /// Social norms, legislation and policy, budget, management and coordination.
    Enabling,
    /// Commodities and inputs; adequately staffed services, facilities and information.
    Supply,
    /// Financial access, practices and beliefs, continuity of use.
    Demand,
    /// Quality of the service.
    Quality,
}

impl DeterminantDomain {
    /// The name written in outputs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Enabling => "enabling",
            Self::Supply => "supply",
            Self::Demand => "demand",
            Self::Quality => "quality",
        }
    }
}

/// Where a step's coverage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepSource {
    /// Estimated from the survey, with its SE.
    Survey,
    /// A ratio of two administrative data elements.
    Admin,
    /// An enabling-environment score given in the plan.
    Enabling,
}

impl StepSource {
    /// The name written in outputs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Survey => "survey",
            Self::Admin => "admin",
            Self::Enabling => "enabling",
        }
    }
}

/// Check the bottleneck sections: ids, sectors, units, and each step's fields for its
/// source.
pub(crate) fn check(
    interventions: &[InterventionSpec],
    admin: Option<&AdminSpec>,
    areas: Option<&AreasSpec>,
    units: &[&str],
    source: &str,
) -> Result<(), PlanError> {
    let bad = |what: String, hint: &str| PlanError::Invalid {
        plan: source.to_owned(),
        what,
        hint: hint.to_owned(),
    };
    let mut seen = HashSet::new();
    for intervention in interventions {
        let id = &intervention.id;
        if !is_identifier(id) {
            return Err(bad(
                format!("the intervention id `{id}` is not a name"),
                "use letters, digits and _, starting with a letter",
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(bad(
                format!("the intervention `{id}` is defined twice"),
                "give each intervention its own id",
            ));
        }
        if !SECTORS.contains(&intervention.sector.as_str()) {
            return Err(bad(
                format!(
                    "intervention `{id}` has the sector `{}`",
                    intervention.sector
                ),
                &format!("the sectors are {}", SECTORS.join(", ")),
            ));
        }
        if intervention.steps.is_empty() {
            return Err(bad(
                format!("intervention `{id}` has no steps"),
                "add its determinants in order as [[interventions.steps]]",
            ));
        }
        if let Some(unit) = &intervention.unit
            && !units.contains(&unit.as_str())
        {
            return Err(bad(
                format!(
                    "intervention `{id}` names the unit `{unit}`, which the plan does not define"
                ),
                &crate::error::close_or_list(unit, units),
            ));
        }
        for (position, step) in intervention.steps.iter().enumerate() {
            let at = format!(
                "intervention `{id}`, step {} (`{}`)",
                position + 1,
                step.determinant
            );
            if step.determinant.trim().is_empty() {
                return Err(bad(
                    format!(
                        "intervention `{id}`, step {} has no determinant name",
                        position + 1
                    ),
                    "give it `determinant = \"…\"`",
                ));
            }
            let extra = |field: &str, present: bool| -> Result<(), PlanError> {
                if present {
                    Err(bad(
                        format!("{at} is a {} step but has `{field}`", step.source.name()),
                        "survey steps take expression (and population), admin steps numerator and denominator, enabling steps score or scores",
                    ))
                } else {
                    Ok(())
                }
            };
            match step.source {
                StepSource::Survey => {
                    if step.expression.is_none() {
                        return Err(bad(
                            format!("{at} is a survey step without an expression"),
                            "give `expression = \"…\"`: 1 covered, 0 not, NULL missing",
                        ));
                    }
                    if intervention.unit.is_none() {
                        return Err(bad(
                            format!("intervention `{id}` has a survey step but no unit"),
                            &format!("give `unit = \"…\"`: {}", units.join(", ")),
                        ));
                    }
                    extra("numerator", step.numerator.is_some())?;
                    extra("denominator", step.denominator.is_some())?;
                    extra("score", step.score.is_some() || !step.scores.is_empty())?;
                }
                StepSource::Admin => {
                    if step.numerator.is_none() || step.denominator.is_none() {
                        return Err(bad(
                            format!("{at} is an admin step without a numerator and a denominator"),
                            "give `numerator = \"ELEMENT\"` and `denominator = \"ELEMENT\"` (data element codes or ids)",
                        ));
                    }
                    if admin.is_none_or(|a| a.periods.is_empty()) {
                        return Err(bad(
                            format!(
                                "{at} reads administrative data, but the plan gives no periods"
                            ),
                            "add `[admin]` with `periods = [\"2018\"]`",
                        ));
                    }
                    extra("expression", step.expression.is_some())?;
                    extra("population", step.population.is_some())?;
                    extra("score", step.score.is_some() || !step.scores.is_empty())?;
                }
                StepSource::Enabling => {
                    if step.score.is_none() && step.scores.is_empty() {
                        return Err(bad(
                            format!("{at} is an enabling step without a score"),
                            "give `score = 0.8` (every area) or `scores = { \"KG-Y\" = 0.6 }`",
                        ));
                    }
                    for (area, score) in step
                        .score
                        .iter()
                        .map(|s| ("every area", s))
                        .chain(step.scores.iter().map(|(a, s)| (a.as_str(), s)))
                    {
                        if !(0.0..=1.0).contains(score) {
                            return Err(bad(
                                format!("{at} has the score {score} for {area}"),
                                "a score is a share from 0 to 1",
                            ));
                        }
                    }
                    for area in step.scores.keys() {
                        if tendik_geo::find(area).is_none() {
                            return Err(bad(
                                format!(
                                    "{at} has a score for `{area}`, which is not a tendik-geo unit code"
                                ),
                                "use a unit's code (KG02000000000), ISO code (KG-Y) or SDG code (KG02)",
                            ));
                        }
                    }
                    extra("expression", step.expression.is_some())?;
                    extra("population", step.population.is_some())?;
                    extra("numerator", step.numerator.is_some())?;
                    extra("denominator", step.denominator.is_some())?;
                }
            }
        }
    }
    if let Some(areas) = areas {
        for (name, variable) in [("region", &areas.region), ("district", &areas.district)] {
            let Some(variable) = variable else { continue };
            for (code, unit) in &variable.codes {
                if tendik_geo::find(unit).is_none() {
                    return Err(bad(
                        format!(
                            "[areas.{name}] codes maps `{code}` to `{unit}`, which is not a tendik-geo unit code"
                        ),
                        "use a unit's code (KG02000000000), ISO code (KG-Y) or SDG code (KG02)",
                    ));
                }
            }
            if variable.matching() == AreaMatch::Codes && variable.codes.is_empty() {
                return Err(bad(
                    format!("[areas.{name}] matches by codes but has no `codes`"),
                    "give `codes = { \"1\" = \"KG-Y\" }`, or match = \"labels\" or \"geo\"",
                ));
            }
        }
    }
    Ok(())
}
