//! Running the plan's determinant chains: for every area (the country, each oblast, each
//! rayon) × tracer intervention × step, the coverage of the target population — estimated
//! from the survey with its SE, a ratio of administrative data elements, or an
//! enabling-environment score — the drop from the previous step (with its SE where both
//! steps come from one survey request: a contrast of two estimates) and the bottleneck,
//! the step with the largest drop. Areas are ranked by their worst bottleneck.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use tendik_admin::AdminData;
use tendik_geo::{Level, Unit as GeoUnit};
use tendik_measures::bottleneck::{self, Link};
use tendik_survey::{Estimate, Reliability, Request, Results, Target, Value};

use crate::analyze::{NotComputable, materialise, prepare};
use crate::error::PlanError;
use crate::expr::Expression;
use crate::inputs::{FileRecord, Inputs};
use crate::spec::{
    AgeGroup, AreaMatch, AreaVariable, BreakdownSpec, IndicatorSpec, InterventionSpec, Plan,
    StepSource,
};
use crate::units::Unit;

/// The columns of the bottleneck table, in order.
pub const BOTTLENECK_COLUMNS: [&str; 20] = [
    "area_code",
    "area_name",
    "area_level",
    "sector",
    "intervention",
    "step",
    "determinant",
    "domain",
    "coverage",
    "se",
    "ci_lower",
    "ci_upper",
    "source",
    "drop",
    "bottleneck",
    "reliability",
    "drop_se",
    "n",
    "rank",
    "chain_complete",
];

/// One area × intervention × step.
#[derive(Debug, Clone, PartialEq)]
pub struct BottleneckRow {
    /// The tendik-geo code of the area (`KG` for the country).
    pub area_code: String,
    /// Its English name.
    pub area_name: String,
    /// `national`, `region` or `district`.
    pub area_level: String,
    /// The intervention's sector.
    pub sector: String,
    /// The intervention's id.
    pub intervention: String,
    /// The step's 1-based position in the chain.
    pub step: u32,
    /// The determinant's name.
    pub determinant: String,
    /// `enabling`, `supply`, `demand` or `quality`.
    pub domain: String,
    /// The coverage of the target population, 0 to 1; `None` where there is no figure
    /// (suppressed, missing).
    pub coverage: Option<f64>,
    /// Its SE (survey steps).
    pub se: Option<f64>,
    /// Lower confidence limit (survey steps).
    pub ci_lower: Option<f64>,
    /// Upper confidence limit (survey steps).
    pub ci_upper: Option<f64>,
    /// `survey`, `admin` or `enabling`.
    pub source: String,
    /// The previous step's coverage minus this one's (1 minus it for the first step).
    pub drop: Option<f64>,
    /// Whether this step is the chain's bottleneck (one per area × intervention).
    pub bottleneck: bool,
    /// The survey estimate's flag (`reliable`, `caution`, `suppressed`, `unavailable`);
    /// `reliable` for an administrative or enabling figure that exists.
    pub reliability: String,
    /// The drop's SE (a contrast of two survey estimates of one request; a survey
    /// estimate's own SE against an administrative or enabling figure).
    pub drop_se: Option<f64>,
    /// Unweighted cases behind a survey figure.
    pub n: Option<u64>,
    /// The area's rank among the areas of its level by its worst bottleneck (1 = largest
    /// drop).
    pub rank: u32,
    /// Whether every step of this area's chain has a figure; when not, the bottleneck is
    /// the largest of the known drops (a suppressed step hides the drops on both sides).
    pub chain_complete: bool,
}

/// The result of a bottleneck run.
#[derive(Debug, Clone, Default)]
pub struct Bottlenecks {
    /// Per level (country, oblasts, rayons), areas ranked by their worst bottleneck; per
    /// area, interventions and steps in plan order.
    pub rows: Vec<BottleneckRow>,
    /// Steps and area breakdowns the data cannot give, with the reason.
    pub not_computable: Vec<NotComputable>,
    /// Named warnings: missing or zero administrative values, unmatched area codes,
    /// coverages capped at 1, values for periods outside the plan's.
    pub warnings: Vec<String>,
    /// The survey files read.
    pub files: Vec<FileRecord>,
}

/// The name of a level in outputs.
fn level_name(level: Level) -> &'static str {
    match level {
        Level::Country => "national",
        Level::Region => "region",
        Level::District => "district",
    }
}

/// The engine's column of a survey step.
fn step_column(intervention: &str, step: usize) -> String {
    format!("__step_{intervention}_{}", step + 1)
}

/// One survey step's estimates, by area code.
#[derive(Debug, Default)]
struct SurveyFigures {
    /// (step column, area code) → the estimate's index in its unit's results.
    index: HashMap<(String, String), usize>,
}

/// Run the plan's interventions on the survey files in `dir` and the administrative data
/// `admin`, for the areas of `levels` (the country is always included).
pub async fn bottlenecks(
    plan: &Plan,
    source: &str,
    dir: &Path,
    admin: Option<&AdminData>,
    levels: &[Level],
) -> Result<Bottlenecks, PlanError> {
    let mut out = Bottlenecks::default();
    if plan.interventions.is_empty() {
        return Ok(out);
    }
    let wants = |level: Level| level == Level::Country || levels.contains(&level);
    let survey_units: Vec<&str> = {
        let mut names: Vec<&str> = Vec::new();
        for intervention in &plan.interventions {
            if let Some(unit) = &intervention.unit
                && intervention
                    .steps
                    .iter()
                    .any(|s| s.source == StepSource::Survey)
                && !names.contains(&unit.as_str())
            {
                names.push(unit);
            }
        }
        names
    };
    // Survey steps: one request per unit, every step as a target, by area.
    let mut results: BTreeMap<String, (Results, SurveyFigures)> = BTreeMap::new();
    if !survey_units.is_empty() {
        let inputs = Inputs::open(plan, dir)?;
        out.files = inputs.files.values().map(|i| i.record.clone()).collect();
        let keys_of = |file: &str| plan.keys_of(file);
        for name in survey_units {
            let spec = &plan.units[name];
            let Some(unit) = Unit::build(name, spec, &inputs, &keys_of).await? else {
                for intervention in plan
                    .interventions
                    .iter()
                    .filter(|i| i.unit.as_deref() == Some(name))
                {
                    out.not_computable.push(NotComputable {
                        age_group: String::new(),
                        kind: "intervention".to_owned(),
                        name: intervention.id.clone(),
                        reason: format!(
                            "its survey steps need unit `{name}`, built from the file `{}`, which is absent",
                            spec.from
                        ),
                    });
                }
                continue;
            };
            if let Some(found) =
                estimate_unit(plan, source, &unit, &inputs, levels, &mut out).await?
            {
                results.insert(name.to_owned(), found);
            }
        }
    }
    let admin_steps = plan
        .interventions
        .iter()
        .any(|i| i.steps.iter().any(|s| s.source == StepSource::Admin));
    if admin.is_none() && admin_steps {
        out.warnings.push(
            "no administrative data were given: the admin steps have no coverage (give the folder of DHIS2 exports)"
                .to_owned(),
        );
    }
    if let Some(admin) = admin
        && let Some(spec) = &plan.admin
    {
        for outside in admin.periods_outside(&spec.periods) {
            out.warnings.push(format!(
                "administrative data: {} value(s) of `{}` are for the period {}, outside the plan's periods ({}); left out",
                outside.count,
                outside.element,
                outside.period,
                spec.periods.join(", ")
            ));
        }
    }
    // Every area of the levels asked, with every intervention's chain.
    let areas: Vec<&'static GeoUnit> = [Level::Country, Level::Region, Level::District]
        .into_iter()
        .filter(|l| wants(*l))
        .flat_map(tendik_geo::units_at)
        .collect();
    let mut by_area: Vec<(&'static GeoUnit, Vec<BottleneckRow>, Option<f64>)> = Vec::new();
    for area in areas {
        let mut rows = Vec::new();
        let mut worst: Option<f64> = None;
        for intervention in &plan.interventions {
            let chain = chain_rows(plan, intervention, area, admin, &results, &mut out.warnings)?;
            if let Some(drop) = chain.iter().find(|r| r.bottleneck).and_then(|r| r.drop) {
                worst = Some(worst.map_or(drop, |w: f64| w.max(drop)));
            }
            rows.extend(chain);
        }
        by_area.push((area, rows, worst));
    }
    let chains = by_area.len() * plan.interventions.len();
    let incomplete = by_area
        .iter()
        .flat_map(|(_, rows, _)| rows.iter().filter(|r| r.step == 1 && !r.chain_complete))
        .count();
    if incomplete > 0 {
        out.warnings.push(format!(
            "{incomplete} of {chains} chains (area × intervention) lack a figure for some step (fewer than 25 cases, no administrative value): their bottleneck is the largest of the known drops (column chain_complete)"
        ));
    }
    for level in [Level::Country, Level::Region, Level::District] {
        let of_level: Vec<usize> = (0..by_area.len())
            .filter(|&i| by_area[i].0.level == level)
            .collect();
        let worst: Vec<Option<f64>> = of_level.iter().map(|&i| by_area[i].2).collect();
        for (rank, position) in bottleneck::rank(&worst).into_iter().enumerate() {
            let rows = std::mem::take(&mut by_area[of_level[position]].1);
            out.rows.extend(rows.into_iter().map(|mut row| {
                row.rank = rank as u32 + 1;
                row
            }));
        }
    }
    Ok(out)
}

/// The survey steps on `unit`: defined and checked as helper indicators, estimated in one
/// request by the country and every area variable the unit has.
async fn estimate_unit(
    plan: &Plan,
    source: &str,
    unit: &Unit,
    inputs: &Inputs,
    levels: &[Level],
    out: &mut Bottlenecks,
) -> Result<Option<(Results, SurveyFigures)>, PlanError> {
    let areas = plan.areas.clone().unwrap_or_default();
    let area_variables: Vec<(Level, AreaVariable)> = [
        (Level::Region, areas.region),
        (Level::District, areas.district),
    ]
    .into_iter()
    .filter(|(level, _)| levels.contains(level))
    .filter_map(|(level, variable)| Some((level, variable?)))
    .collect();
    // The steps as helper indicators of a pseudo plan over the whole unit; the plan's
    // indicators stay usable by name in every step.
    let mut pseudo = plan.clone();
    pseudo.dimensions.clear();
    pseudo.breakdowns = area_variables
        .iter()
        .map(|(level, variable)| BreakdownSpec {
            name: level_name(*level).to_owned(),
            column: variable.variable.clone(),
            columns: Vec::new(),
            required: false,
            ordered: false,
            order: Vec::new(),
            reference: None,
        })
        .collect();
    pseudo.indicators.clear();
    let mut steps: Vec<(String, String)> = Vec::new(); // (column, "intervention step n")
    for intervention in plan
        .interventions
        .iter()
        .filter(|i| i.unit.as_deref() == Some(unit.name.as_str()))
    {
        for (position, step) in intervention.steps.iter().enumerate() {
            if step.source != StepSource::Survey {
                continue;
            }
            let Some(expression) = &step.expression else {
                continue;
            };
            let column = step_column(&intervention.id, position);
            let population = step
                .population
                .as_ref()
                .or(intervention.population.as_ref());
            let expression = match population {
                Some(population) => {
                    format!("CASE WHEN ({population}) THEN ({expression}) END")
                }
                None => expression.clone(),
            };
            pseudo.indicators.push(IndicatorSpec {
                name: column.clone(),
                dimension: None,
                age_groups: Vec::new(),
                expression,
                label: step.determinant.clone(),
                source: Vec::new(),
                reference: String::new(),
                required: false,
                favourable: true,
            });
            steps.push((
                column,
                format!("intervention `{}`, step {}", intervention.id, position + 1),
            ));
        }
    }
    // Only the plan's indicators the steps use (and those they use), in plan order.
    let needed = needed_indicators(plan, &pseudo.indicators);
    let mut indicators: Vec<IndicatorSpec> = plan
        .indicators
        .iter()
        .filter(|i| needed.contains(&i.name))
        .map(|i| IndicatorSpec {
            age_groups: Vec::new(),
            dimension: None,
            required: false,
            ..i.clone()
        })
        .collect();
    indicators.append(&mut pseudo.indicators);
    pseudo.indicators = indicators;
    let group = AgeGroup {
        name: format!("the survey steps on unit `{}`", unit.name),
        unit: unit.name.clone(),
        filter: None,
        summary: false,
    };
    let mut skipped = Vec::new();
    let prepared = prepare(&pseudo, source, &group, unit, inputs, &mut skipped)?;
    for item in skipped {
        match item.kind.as_str() {
            "indicator" => {
                if let Some((_, place)) = steps.iter().find(|(c, _)| *c == item.name) {
                    out.not_computable.push(NotComputable {
                        age_group: String::new(),
                        kind: "step".to_owned(),
                        name: place.clone(),
                        reason: item.reason.replace(&group.name, "its unit"),
                    });
                }
            }
            "breakdown" => out.not_computable.push(NotComputable {
                age_group: String::new(),
                kind: "area".to_owned(),
                name: format!("{} (unit `{}`)", item.name, unit.name),
                reason: item.reason,
            }),
            _ => {}
        }
    }
    let computable: Vec<&String> = steps
        .iter()
        .map(|(c, _)| c)
        .filter(|c| prepared.indicators.contains(c))
        .collect();
    if computable.is_empty() {
        return Ok(None);
    }
    let survey = |source| PlanError::Survey {
        context: group.name.clone(),
        source: Box::new(source),
    };
    let mut data = prepared.data.clone();
    for stage in &prepared.stages {
        if stage.is_empty() {
            continue;
        }
        data = materialise(&data.define(stage).map_err(survey)?).await?;
    }
    let mut request = Request::new(
        prepared.design.clone(),
        computable
            .iter()
            .map(|c| Target::Mean((*c).clone()))
            .collect(),
    );
    request.breakdowns = std::iter::once(Vec::new())
        .chain(prepared.breakdowns.iter().map(|(_, c)| c.clone()))
        .collect();
    request.filter.clone_from(&prepared.filter);
    request.level = plan.plan.level;
    // The drops' covariances in a design without PSUs too.
    request.covariances = true;
    let results = tendik_survey::run(&data, &request).await.map_err(survey)?;
    // Each breakdown's values → tendik-geo units.
    let mut figures = SurveyFigures::default();
    let mut matched: HashMap<(usize, String), Option<&'static GeoUnit>> = HashMap::new();
    for (index, estimate) in results.estimates.iter().enumerate() {
        let area = if estimate.breakdown == 0 {
            tendik_geo::find("KG")
        } else {
            let (name, columns) = &prepared.breakdowns[estimate.breakdown - 1];
            let Some(value) = estimate.domain.first() else {
                continue;
            };
            let key = (estimate.breakdown, value.to_string());
            if let Some(found) = matched.get(&key) {
                *found
            } else {
                let (level, variable) = area_variables
                    .iter()
                    .find(|(l, _)| level_name(*l) == name)
                    .expect("every area breakdown comes from an area variable");
                let found = match_area(unit, variable, *level, value);
                // A city of republican significance is its own single unit, a region
                // with no rayons: its rayon code stands for the city (a region figure).
                let city = found.is_none()
                    && *level == Level::District
                    && tendik_geo::find_any(&value.to_string(), None).is_ok_and(|u| {
                        u.level == Level::Region && tendik_geo::children(&u.code).next().is_none()
                    });
                if found.is_none() && !city {
                    out.warnings.push(format!(
                        "unit `{}`: the value {} of `{}`{} is not a tendik-geo {}; its children count in the national figures only",
                        unit.name,
                        value,
                        columns[0],
                        label_text(unit, &columns[0], value),
                        level_name(*level)
                    ));
                }
                matched.insert(key, found);
                found
            }
        };
        if let Some(area) = area {
            figures
                .index
                .insert((estimate.variable.clone(), area.code.clone()), index);
        }
    }
    Ok(Some((results, figures)))
}

/// The names of the plan's indicators that `steps` use, directly or through other
/// indicators.
fn needed_indicators(plan: &Plan, steps: &[IndicatorSpec]) -> HashSet<String> {
    let names: HashSet<&str> = plan.indicators.iter().map(|i| i.name.as_str()).collect();
    let uses = |text: &str| -> Vec<String> {
        Expression::parse(text).map_or_else(
            |_| Vec::new(),
            |e| {
                e.references(&|n| names.contains(n))
                    .into_iter()
                    .map(|r| r.name)
                    .filter(|n| names.contains(n.as_str()))
                    .collect()
            },
        )
    };
    let mut needed = HashSet::new();
    let mut pending: Vec<String> = steps.iter().flat_map(|s| uses(&s.expression)).collect();
    while let Some(name) = pending.pop() {
        if needed.insert(name.clone())
            && let Some(indicator) = plan.indicators.iter().find(|i| i.name == name)
        {
            pending.extend(uses(&indicator.expression));
        }
    }
    needed
}

/// Up to ten units' names, then how many more.
fn listed(units: &[&'static GeoUnit]) -> String {
    let mut text = units
        .iter()
        .take(10)
        .map(|u| u.name_en.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if units.len() > 10 {
        let _ = write!(text, " and {} more", units.len() - 10);
    }
    text
}

/// An administrative ratio's two sums over the same units.
struct Pair {
    numerator: Option<f64>,
    denominator: Option<f64>,
    /// The units summed.
    units: usize,
    /// The deepest units without both values.
    missing: Vec<&'static GeoUnit>,
}

/// The numerator and denominator of an area, each the area's own value when it reports
/// both, else the sums over its units that report both (rayons into their oblast,
/// oblasts into the country), so that the ratio never mixes two sets of units.
fn paired(
    admin: &AdminData,
    numerator: &str,
    denominator: &str,
    periods: &[String],
    area: &'static GeoUnit,
) -> Pair {
    let top = admin.total(numerator, periods, area);
    let bottom = admin.total(denominator, periods, area);
    if let (Some(n), Some(d), true, true) = (
        top.value,
        bottom.value,
        top.missing_units.is_empty(),
        bottom.missing_units.is_empty(),
    ) {
        return Pair {
            numerator: Some(n),
            denominator: Some(d),
            units: 1,
            missing: Vec::new(),
        };
    }
    let children: Vec<&'static GeoUnit> = tendik_geo::children(&area.code).collect();
    if children.is_empty() {
        return Pair {
            numerator: None,
            denominator: None,
            units: 0,
            missing: vec![area],
        };
    }
    let mut out = Pair {
        numerator: None,
        denominator: None,
        units: 0,
        missing: Vec::new(),
    };
    for child in children {
        let part = paired(admin, numerator, denominator, periods, child);
        if let (Some(n), Some(d)) = (part.numerator, part.denominator) {
            out.numerator = Some(out.numerator.unwrap_or(0.0) + n);
            out.denominator = Some(out.denominator.unwrap_or(0.0) + d);
        }
        out.units += part.units;
        out.missing.extend(part.missing);
    }
    out
}

/// ` ('Label')` when the value has a label.
fn label_text(unit: &Unit, column: &str, value: &Value) -> String {
    label(unit, column, value).map_or_else(String::new, |l| format!(" ('{l}')"))
}

fn label(unit: &Unit, column: &str, value: &Value) -> Option<String> {
    let variable = unit.variables.get(column)?;
    let code = match value {
        Value::Text(text) => tendik_ingest::LabelValue::Text(text.clone()),
        other => tendik_ingest::LabelValue::Number(other.as_f64()?),
    };
    variable.label_for(&code).map(str::to_owned)
}

/// The tendik-geo unit an area variable's value stands for.
fn match_area(
    unit: &Unit,
    variable: &AreaVariable,
    level: Level,
    value: &Value,
) -> Option<&'static GeoUnit> {
    let found = match variable.matching() {
        AreaMatch::Codes => variable
            .codes
            .get(&value.to_string())
            .and_then(|code| tendik_geo::find(code)),
        AreaMatch::Geo => tendik_geo::find_any(&value.to_string(), Some(level)).ok(),
        AreaMatch::Labels => label(unit, &variable.variable, value)
            .and_then(|text| tendik_geo::find_by_name(&text, Some(level)).ok()),
    }?;
    (found.level == level).then_some(found)
}

/// The rows of one intervention's chain in one area.
fn chain_rows(
    plan: &Plan,
    intervention: &InterventionSpec,
    area: &'static GeoUnit,
    admin: Option<&AdminData>,
    results: &BTreeMap<String, (Results, SurveyFigures)>,
    warnings: &mut Vec<String>,
) -> Result<Vec<BottleneckRow>, PlanError> {
    let survey = intervention.unit.as_ref().and_then(|u| results.get(u));
    let mut rows: Vec<BottleneckRow> = Vec::new();
    // The survey estimate's index of each step, for the drops' covariances.
    let mut indices: Vec<Option<usize>> = Vec::new();
    for (position, step) in intervention.steps.iter().enumerate() {
        let mut row = BottleneckRow {
            area_code: area.code.clone(),
            area_name: area.name_en.clone(),
            area_level: level_name(area.level).to_owned(),
            sector: intervention.sector.clone(),
            intervention: intervention.id.clone(),
            step: position as u32 + 1,
            determinant: step.determinant.clone(),
            domain: step.domain.name().to_owned(),
            coverage: None,
            se: None,
            ci_lower: None,
            ci_upper: None,
            source: step.source.name().to_owned(),
            drop: None,
            bottleneck: false,
            reliability: Reliability::Unavailable.name().to_owned(),
            drop_se: None,
            n: None,
            rank: 0,
            chain_complete: false,
        };
        let mut index = None;
        match step.source {
            StepSource::Survey => {
                let column = step_column(&intervention.id, position);
                if let Some((results, figures)) = survey
                    && let Some(&i) = figures.index.get(&(column, area.code.clone()))
                {
                    let estimate: &Estimate = &results.estimates[i];
                    row.n = Some(estimate.n);
                    estimate.reliability.name().clone_into(&mut row.reliability);
                    if matches!(
                        estimate.reliability,
                        Reliability::Reliable | Reliability::Caution
                    ) && estimate.estimate.is_finite()
                    {
                        row.coverage = Some(estimate.estimate);
                        row.se = Some(estimate.se).filter(|s| s.is_finite());
                        row.ci_lower = Some(estimate.ci_lower).filter(|s| s.is_finite());
                        row.ci_upper = Some(estimate.ci_upper).filter(|s| s.is_finite());
                        index = Some(i);
                    }
                }
            }
            StepSource::Admin => {
                let (Some(numerator), Some(denominator)) = (&step.numerator, &step.denominator)
                else {
                    // Checked when the plan was read; a plan built otherwise gets no figure.
                    indices.push(None);
                    rows.push(row);
                    continue;
                };
                let periods = plan
                    .admin
                    .as_ref()
                    .map(|a| a.periods.clone())
                    .unwrap_or_default();
                if let Some(admin) = admin {
                    let place = format!(
                        "intervention `{}`, step {} (`{}`), {}",
                        intervention.id,
                        position + 1,
                        step.determinant,
                        area.name_en
                    );
                    let pair = paired(admin, numerator, denominator, &periods, area);
                    if !pair.missing.is_empty() && pair.units > 0 {
                        warnings.push(format!(
                            "{place}: summed over the {} units that report both `{numerator}` and `{denominator}`; no pair of values for {}",
                            pair.units,
                            listed(&pair.missing)
                        ));
                    }
                    match (pair.numerator, pair.denominator) {
                        (None, _) | (_, None) => warnings.push(format!(
                            "{place}: the administrative data have no pair of values of `{numerator}` and `{denominator}` (the target population) for {}",
                            periods.join(", ")
                        )),
                        (Some(_), Some(d)) if d <= 0.0 => warnings.push(format!(
                            "{place}: the target population `{denominator}` is {d}; no coverage"
                        )),
                        (Some(n), Some(d)) => {
                            let mut coverage = n / d;
                            if coverage > 1.0 {
                                warnings.push(format!(
                                    "{place}: `{numerator}` ({n}) exceeds `{denominator}` ({d}); coverage capped at 1"
                                ));
                                coverage = 1.0;
                            }
                            row.coverage = Some(coverage);
                            Reliability::Reliable.name().clone_into(&mut row.reliability);
                        }
                    }
                }
            }
            StepSource::Enabling => {
                let score = std::iter::once(area)
                    .chain(tendik_geo::ancestors(&area.code))
                    .find_map(|unit| {
                        step.scores.iter().find_map(|(code, score)| {
                            (tendik_geo::find(code).map(|u| &u.code) == Some(&unit.code))
                                .then_some(*score)
                        })
                    })
                    .or(step.score);
                if let Some(score) = score {
                    row.coverage = Some(score);
                    Reliability::Reliable
                        .name()
                        .clone_into(&mut row.reliability);
                }
            }
        }
        indices.push(index);
        rows.push(row);
    }
    let links: Vec<Link> = rows
        .iter()
        .map(|r| Link {
            coverage: r.coverage,
        })
        .collect();
    let chain = bottleneck::chain(&links);
    let complete = rows.iter().all(|r| r.coverage.is_some());
    for (i, row) in rows.iter_mut().enumerate() {
        row.drop = chain.drops[i];
        row.bottleneck = chain.bottleneck == Some(i);
        row.chain_complete = complete;
    }
    // The drops' SEs: a contrast where both steps are survey estimates of one request,
    // else the survey figure's own SE (an administrative or enabling figure is exact).
    for i in 0..rows.len() {
        if rows[i].drop.is_none() {
            continue;
        }
        rows[i].drop_se = if i == 0 {
            rows[i].se
        } else if rows[i - 1].se.is_none() && rows[i].se.is_none() {
            // Two figures without sampling error.
            None
        } else {
            match (indices[i - 1], indices[i], survey) {
                (Some(a), Some(b), Some((results, _))) => {
                    // The contrast's own quadratic form: an SE of exactly 0 where two
                    // steps are equal on the same rows.
                    let (_, se) = tendik_survey::contrast::linear(results, &[(a, 1.0), (b, -1.0)])
                        .map_err(|source| PlanError::Survey {
                            context: format!("intervention `{}`", intervention.id),
                            source: Box::new(source),
                        })?;
                    Some(se)
                }
                _ => Some(bottleneck::drop_se(
                    rows[i - 1].se.unwrap_or(0.0),
                    rows[i].se.unwrap_or(0.0),
                    0.0,
                )),
            }
        }
        .filter(|s| s.is_finite());
    }
    Ok(rows)
}

/// The bottleneck table: one row per area × intervention × step, the columns of
/// [`BOTTLENECK_COLUMNS`].
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn bottleneck_record_batch(
    rows: &[BottleneckRow],
) -> Result<arrow::record_batch::RecordBatch, arrow::error::ArrowError> {
    use std::sync::Arc;

    use arrow::array::{
        ArrayRef, BooleanArray, Float64Array, StringArray, UInt32Array, UInt64Array,
    };
    let text = |f: &dyn Fn(&BottleneckRow) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    };
    let number = |f: &dyn Fn(&BottleneckRow) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|r| f(r).filter(|v| v.is_finite()))
                .collect::<Vec<_>>(),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|r| &r.area_code),
        text(&|r| &r.area_name),
        text(&|r| &r.area_level),
        text(&|r| &r.sector),
        text(&|r| &r.intervention),
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.step))),
        text(&|r| &r.determinant),
        text(&|r| &r.domain),
        number(&|r| r.coverage),
        number(&|r| r.se),
        number(&|r| r.ci_lower),
        number(&|r| r.ci_upper),
        text(&|r| &r.source),
        number(&|r| r.drop),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.bottleneck).collect::<Vec<_>>(),
        )),
        text(&|r| &r.reliability),
        number(&|r| r.drop_se),
        Arc::new(UInt64Array::from(
            rows.iter().map(|r| r.n).collect::<Vec<_>>(),
        )),
        Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.rank))),
        Arc::new(BooleanArray::from(
            rows.iter().map(|r| r.chain_complete).collect::<Vec<_>>(),
        )),
    ];
    arrow::record_batch::RecordBatch::try_from_iter(BOTTLENECK_COLUMNS.iter().zip(columns))
}
