//! Running a plan: every age group prepared and validated first (its unit, its computable
//! indicators, dimensions and breakdowns, the engine's check of every definition), then
//! estimated: one request for the rates, counts and overlaps, one Alkire–Foster request.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;
use tendik_measures::inequality::Figure;
use tendik_measures::inequality::design::{self as inequality_design, Dimension, Layout};
use tendik_measures::{AfMeasure, AfRequest, AfResult, Cutoff, Indicator};
use tendik_survey::{Definition, Design, Estimate, Request, Statistic, SurveyData, Target, Value};

use crate::error::PlanError;
use crate::expr::{Expression, quote_name};
use crate::inputs::{FileRecord, Inputs};
use crate::spec::{AgeGroup, Plan};
use crate::units::{Unit, hint_for};

/// What was left out of a run and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NotComputable {
    /// The age group (empty for a whole unit).
    pub age_group: String,
    /// `indicator`, `dimension`, `breakdown`, `age_group` or `file`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// One row of the tidy output.
#[derive(Debug, Clone)]
pub struct Row {
    /// The age group.
    pub age_group: String,
    /// `rate` (of an indicator, or of a dimension when `indicator` is empty),
    /// `count_distribution`, `overlap`, `H`, `A`, `M0`, `censored_headcount`, `contribution`,
    /// `contribution_pct`, `population_share` or `subgroup_contribution_pct`.
    pub measure: String,
    /// The dimension (for overlaps `a+b`), if any.
    pub dimension: Option<String>,
    /// The indicator, if any.
    pub indicator: Option<String>,
    /// The cut-off k, or the number of deprivations for `count_distribution`.
    pub k: Option<String>,
    /// The breakdown's name (empty for the whole age group).
    pub breakdown: String,
    /// The group's code (empty for the whole population).
    pub group_code: String,
    /// The group's value label (the code when it has none).
    pub group: String,
    /// The figure with its uncertainty, counts and flag.
    pub estimate: Estimate,
}

/// One inequality measure of one figure across the groups of one breakdown.
#[derive(Debug, Clone)]
pub struct InequalityRow {
    /// The age group.
    pub age_group: String,
    /// The figure compared across the groups: `rate` (of an indicator, or of a dimension
    /// when `indicator` is empty), `H` or `M0`.
    pub of: String,
    /// The dimension, if any.
    pub dimension: Option<String>,
    /// The indicator, if any.
    pub indicator: Option<String>,
    /// The cut-off k (H and M0).
    pub k: Option<String>,
    /// The breakdown's name.
    pub breakdown: String,
    /// The number of groups compared.
    pub groups: usize,
    /// The measure with its design-based SE and interval.
    pub figure: Figure,
}

/// What was done, for the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct AgeGroupRecord {
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// Whether it is a summary group.
    pub summary: bool,
    /// The files its unit is built from.
    pub files: Vec<String>,
    /// Optional files its unit would join that are absent.
    pub absent_files: Vec<String>,
    /// Its dimensions with their computable indicators.
    pub dimensions: Vec<(String, Vec<String>)>,
    /// Its helper indicators (no dimension).
    pub helpers: Vec<String>,
    /// The breakdowns estimated.
    pub breakdowns: Vec<String>,
    /// The cut-offs k.
    pub cutoffs: Vec<u32>,
    /// The unweighted number of children in the group.
    pub children: u64,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every figure, in order: per age group, rates, counts, overlaps, then AF.
    pub rows: Vec<Row>,
    /// HEAT's inequality measures of every rate (and AF's H and M0) by every breakdown,
    /// design-based: per age group, per figure, per breakdown, per measure.
    pub inequality: Vec<InequalityRow>,
    /// The age groups run.
    pub age_groups: Vec<AgeGroupRecord>,
    /// What was left out, with the reason.
    pub not_computable: Vec<NotComputable>,
    /// What the user should know about the figures: per age group, how many have no
    /// estimate (a ratio whose denominator is zero, such as A where no child is deprived at
    /// that k; a group without children).
    pub warnings: Vec<String>,
    /// The input files.
    pub files: Vec<FileRecord>,
}

/// An age group ready to estimate.
pub(crate) struct Prepared {
    pub(crate) group: AgeGroup,
    /// The unit's rows.
    pub(crate) data: SurveyData,
    /// The definitions: indicators, dimensions, then counts and overlaps, each stage
    /// computed into memory before the next so that no expression is inlined into the next
    /// (the optimizer would otherwise expand every overlap into all its indicators).
    pub(crate) stages: Vec<Vec<Definition>>,
    pub(crate) design: Design,
    pub(crate) filter: Option<String>,
    pub(crate) indicators: Vec<String>,
    pub(crate) dimensions: Vec<(String, Vec<String>)>,
    pub(crate) helpers: Vec<String>,
    /// Each computable breakdown's name and its columns (two or more: crossed).
    pub(crate) breakdowns: Vec<(String, Vec<String>)>,
    pub(crate) unit: Unit,
    /// Estimated one breakdown at a time (see [`Passes`]).
    pub(crate) large: bool,
}

fn dimension_column(name: &str) -> String {
    format!("__dimension_{name}")
}

const COUNT: &str = "__deprivations";

/// Rows of the largest input file above which age groups run one at a time.
const LARGE_FILE_ROWS: usize = 1_000_000;

/// Where a run is, for a progress display: `done` of `total` steps (the files read, each
/// unit built, each age group estimated), and what comes next.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Steps finished.
    pub done: usize,
    /// All steps.
    pub total: usize,
    /// The step now under way, in words (`unit under5`, `age group 0-23 months`).
    pub doing: String,
}

/// Run `plan` (named `source` in messages) on the files in `dir`.
pub async fn analyze(plan: &Plan, source: &str, dir: &Path) -> Result<Analysis, PlanError> {
    analyze_with_progress(plan, source, dir, &|_| {}).await
}

/// How many passes over an age group's rows: the figures are the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passes {
    /// One per breakdown on a large survey (an input file of more than a million rows),
    /// else one for all.
    Auto,
    /// One pass for every breakdown at once: fastest, its sums held for all of them.
    One,
    /// One pass per breakdown (AF: each with the whole group): a census-size survey's
    /// sums held for one breakdown at a time.
    PerBreakdown,
}

/// [`analyze`], telling `progress` before each step.
pub async fn analyze_with_progress(
    plan: &Plan,
    source: &str,
    dir: &Path,
    progress: &dyn Fn(Progress),
) -> Result<Analysis, PlanError> {
    analyze_with(plan, source, dir, progress, Passes::Auto).await
}

/// [`analyze_with_progress`] with the passes chosen.
pub async fn analyze_with(
    plan: &Plan,
    source: &str,
    dir: &Path,
    progress: &dyn Fn(Progress),
    passes: Passes,
) -> Result<Analysis, PlanError> {
    // Units no age group uses (those of the bottleneck chains only) are not built here.
    let used_units: Vec<(&String, &crate::spec::UnitSpec)> = plan
        .units
        .iter()
        .filter(|(name, _)| plan.age_groups.iter().any(|g| &g.unit == *name))
        .collect();
    let total = 1 + used_units.len() + plan.age_groups.len();
    let mut done = 0;
    let mut step = |doing: String| {
        progress(Progress { done, total, doing });
        done += 1;
    };
    step("reading the files".to_owned());
    let inputs = Inputs::open(plan, dir)?;
    let mut not_computable: Vec<NotComputable> = inputs
        .absent
        .iter()
        .map(|name| NotComputable {
            age_group: String::new(),
            kind: "file".to_owned(),
            name: name.clone(),
            reason: format!("no {name} file in {}", dir.display()),
        })
        .collect();
    let keys_of = |file: &str| plan.keys_of(file);
    let mut units = std::collections::BTreeMap::new();
    for (name, spec) in used_units {
        step(format!("unit {name}"));
        if let Some(unit) = Unit::build(name, spec, &inputs, &keys_of).await? {
            units.insert(name.clone(), unit);
        }
    }
    // Every age group checked before any estimate.
    let mut prepared = Vec::new();
    for group in &plan.age_groups {
        let Some(unit) = units.get(&group.unit) else {
            not_computable.push(NotComputable {
                age_group: group.name.clone(),
                kind: "age_group".to_owned(),
                name: group.name.clone(),
                reason: format!(
                    "its unit `{}` is built from the file `{}`, which is absent",
                    group.unit, plan.units[&group.unit].from
                ),
            });
            continue;
        };
        let mut ready = prepare(plan, source, group, unit, &inputs, &mut not_computable)?;
        ready.large = match passes {
            Passes::Auto => inputs
                .files
                .values()
                .any(|i| i.record.rows > LARGE_FILE_ROWS),
            Passes::One => false,
            Passes::PerBreakdown => true,
        };
        prepared.push(ready);
    }
    let mut rows = Vec::new();
    let mut inequality = Vec::new();
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    // Age groups on tasks of their own, as many at a time as there are cores (each holds its
    // unit's rows with their indicators in memory): on a multi-threaded runtime they run side
    // by side (the work after each pass is one thread's); results are taken in plan order.
    let shared = std::sync::Arc::new(plan.clone());
    // Side by side only while that fits: at census size (a file of more than a million
    // rows) one age group's unit and sums take gigabytes, so they run one at a time (each
    // pass still reads its rows on every core).
    let largest = inputs
        .files
        .values()
        .map(|i| i.record.rows)
        .max()
        .unwrap_or(0);
    let at_once = if largest > LARGE_FILE_ROWS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    };
    let mut pending = prepared.into_iter();
    let mut running = std::collections::VecDeque::new();
    let mut spawn_more = |running: &mut std::collections::VecDeque<_>| {
        while running.len() < at_once {
            let Some(group) = pending.next() else { break };
            let plan = std::sync::Arc::clone(&shared);
            let name = group.group.name.clone();
            running.push_back((
                name,
                tokio::spawn(async move { estimate(&plan, &group).await }),
            ));
        }
    };
    spawn_more(&mut running);
    while let Some((name, task)) = running.pop_front() {
        step(format!("age group {name}"));
        let result = task.await.map_err(|e| PlanError::Data {
            what: format!("the estimation of age group `{name}` stopped: {e}"),
            hint: "this is a bug in tendik; please report it with the plan".to_owned(),
        })?;
        spawn_more(&mut running);
        let (group_rows, group_inequality, record, group_warnings) = result?;
        rows.extend(group_rows);
        inequality.extend(group_inequality);
        records.push(record);
        for warning in group_warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    progress(Progress {
        done: total,
        total,
        doing: String::new(),
    });
    Ok(Analysis {
        rows,
        inequality,
        age_groups: records,
        not_computable,
        warnings,
        files: inputs.files.values().map(|i| i.record.clone()).collect(),
    })
}

/// Decide what of the plan this age group can compute, and check it with the engine.
pub(crate) fn prepare(
    plan: &Plan,
    source: &str,
    group: &AgeGroup,
    unit: &Unit,
    inputs: &Inputs,
    not_computable: &mut Vec<NotComputable>,
) -> Result<Prepared, PlanError> {
    let invalid = |what: String, hint: String| PlanError::Invalid {
        plan: source.to_owned(),
        what,
        hint,
    };
    let later: HashSet<&str> = plan.indicators.iter().map(|i| i.name.as_str()).collect();
    let mut defined: Vec<String> = Vec::new();
    let mut failed: HashSet<String> = HashSet::new();
    let mut definitions = Vec::new();
    let left_out = |kind: &str, name: &str, reason: String| NotComputable {
        age_group: group.name.clone(),
        kind: kind.to_owned(),
        name: name.to_owned(),
        reason,
    };
    let mut skipped = Vec::new();
    // The unit's columns the age group reads: only these are carried into its stages.
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (position, indicator) in plan.indicators.iter().enumerate() {
        if !Plan::applies(indicator, group) {
            continue;
        }
        let place = format!(
            "indicator `{}` (age group `{}`)",
            indicator.name, group.name
        );
        let expression = Expression::parse(&indicator.expression).map_err(|message| {
            invalid(
                format!("{place}: its expression cannot be read: {message}"),
                "check its quotes: 'text' for text, \"NAME\" for a column name".to_owned(),
            )
        })?;
        let known = |name: &str| unit.has(name) || defined.iter().any(|d| d == name);
        let mut reason = None;
        for reference in expression.references(&known) {
            let name = reference.name.as_str();
            if name == indicator.name {
                return Err(invalid(
                    format!("{place} uses itself"),
                    "an indicator is computed from columns and earlier indicators".to_owned(),
                ));
            }
            if known(name) {
                continue;
            }
            if later.contains(name) {
                if failed.contains(name) {
                    reason = Some(format!("it uses `{name}`, which is not computable here"));
                    break;
                }
                if plan.indicators[..position].iter().any(|i| i.name == name) {
                    // Defined earlier but not for this age group.
                    reason = Some(format!(
                        "it uses `{name}`, which is not defined for this age group"
                    ));
                    break;
                }
                return Err(invalid(
                    format!("{place} uses `{name}` before it is defined"),
                    format!("move `{name}` above `{}` in the plan", indicator.name),
                ));
            }
            reason = Some(format!(
                "the column `{name}` is not in unit `{}` (files {}){}",
                unit.name,
                unit.files.join(", "),
                missing_column_hint(unit, name, inputs)
            ));
            break;
        }
        if reason.is_none() {
            for usage in expression.label_uses() {
                let Some(variable) = unit.variables.get(&usage.column) else {
                    continue;
                };
                let labels: Vec<&str> = variable
                    .value_labels
                    .iter()
                    .map(|l| l.label.trim())
                    .collect();
                if let Some(text) = usage.texts.iter().find(|t| !labels.contains(&t.trim())) {
                    reason = Some(if labels.is_empty() {
                        format!(
                            "`{}` has no value labels, so label({}) = '{text}' cannot match; compare its codes",
                            usage.column, usage.column
                        )
                    } else {
                        let close = crate::error::close_names(text, labels.iter().copied());
                        format!(
                            "`{}` has no value labelled '{text}'{}; its labels are {}",
                            usage.column,
                            if close.is_empty() {
                                String::new()
                            } else {
                                format!(" (did you mean {}?)", crate::error::quoted(&close))
                            },
                            labels
                                .iter()
                                .take(30)
                                .map(|l| format!("'{l}'"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                    break;
                }
            }
        }
        if let Some(reason) = reason {
            if indicator.required {
                return Err(invalid(
                    format!("{place} is required, but {reason}"),
                    "give the survey's file that has it, or adapt the indicator's expression"
                        .to_owned(),
                ));
            }
            failed.insert(indicator.name.clone());
            skipped.push(left_out("indicator", &indicator.name, reason));
            continue;
        }
        for reference in expression.references(&known) {
            if unit.has(&reference.name) {
                used.insert(reference.name);
            }
        }
        let text = expression.with_labels(&|name| unit.variables.get(name).cloned());
        definitions.push(Definition::new(indicator.name.clone(), text));
        defined.push(indicator.name.clone());
    }
    let mut dimensions = Vec::new();
    let mut dimension_definitions = Vec::new();
    let mut summary_definitions = Vec::new();
    for dimension in &plan.dimensions {
        let listed: Vec<&str> = plan
            .indicators
            .iter()
            .filter(|i| i.dimension.as_deref() == Some(&dimension.name) && Plan::applies(i, group))
            .map(|i| i.name.as_str())
            .collect();
        if listed.is_empty() {
            continue;
        }
        let computable: Vec<String> = listed
            .iter()
            .filter(|name| defined.iter().any(|d| d == *name))
            .map(|name| (*name).to_owned())
            .collect();
        if computable.is_empty() {
            let reason = format!(
                "none of its indicators ({}) is computable",
                listed.join(", ")
            );
            if dimension.required {
                return Err(invalid(
                    format!(
                        "dimension `{}` (age group `{}`) is required, but {reason}",
                        dimension.name, group.name
                    ),
                    String::new(),
                ));
            }
            skipped.push(left_out("dimension", &dimension.name, reason));
            continue;
        }
        // MODA's union: deprived in any indicator; not deprived only if known in all.
        let any = computable
            .iter()
            .map(|n| format!("{} = 1", quote_name(n)))
            .collect::<Vec<_>>()
            .join(" OR ");
        let all = computable
            .iter()
            .map(|n| format!("{} = 0", quote_name(n)))
            .collect::<Vec<_>>()
            .join(" AND ");
        dimension_definitions.push(Definition::new(
            dimension_column(&dimension.name),
            format!("CASE WHEN {any} THEN 1 WHEN {all} THEN 0 END"),
        ));
        dimensions.push((dimension.name.clone(), computable));
    }
    if !dimensions.is_empty() {
        let sum = dimensions
            .iter()
            .map(|(d, _)| quote_name(&dimension_column(d)))
            .collect::<Vec<_>>()
            .join(" + ");
        summary_definitions.push(Definition::new(COUNT, sum));
        let complete = format!("{} IS NOT NULL", quote_name(COUNT));
        for set in overlap_sets(dimensions.len()) {
            let all = set
                .iter()
                .map(|&i| format!("{} = 1", quote_name(&dimension_column(&dimensions[i].0))))
                .collect::<Vec<_>>()
                .join(" AND ");
            summary_definitions.push(Definition::new(
                overlap(&set),
                format!("CASE WHEN {complete} THEN CASE WHEN {all} THEN 1 ELSE 0 END END"),
            ));
        }
    }
    let mut breakdowns = Vec::new();
    for breakdown in &plan.breakdowns {
        let columns = breakdown.variables();
        let Some(column) = columns
            .iter()
            .find(|c| !(unit.has(c) || defined.contains(c)))
        else {
            breakdowns.push((breakdown.name.clone(), columns));
            continue;
        };
        let reason = if failed.contains(column) {
            format!("its indicator `{column}` is not computable here")
        } else if later.contains(column.as_str()) {
            format!("its indicator `{column}` is not defined for this age group")
        } else {
            format!(
                "the column `{column}` is not in unit `{}`{}",
                unit.name,
                missing_column_hint(unit, column, inputs)
            )
        };
        if breakdown.required {
            return Err(invalid(
                format!(
                    "breakdown `{}` (age group `{}`) is required, but {reason}",
                    breakdown.name, group.name
                ),
                String::new(),
            ));
        }
        skipped.push(left_out("breakdown", &breakdown.name, reason));
    }
    not_computable.extend(skipped);
    let spec = &plan.units[&group.unit];
    let stages = vec![definitions, dimension_definitions, summary_definitions];
    let all: Vec<Definition> = stages.iter().flatten().cloned().collect();
    // Checked now, on the unit's plan (nothing is read); estimated stage by stage.
    let data = SurveyData::from_frame(
        format!("unit `{}`", unit.name),
        used_columns(unit, spec, group, &breakdowns, used),
    );
    data.define(&all).map_err(|source| PlanError::Survey {
        context: format!(
            "{}, age group `{}`",
            source_of(source_name(&source)),
            group.name
        ),
        source: Box::new(source),
    })?;
    let filter = [spec.filter.as_deref(), group.filter.as_deref()]
        .into_iter()
        .flatten()
        .map(|f| format!("({f})"))
        .reduce(|a, b| format!("{a} AND {b}"));
    let design = Design {
        strata: spec.strata.clone(),
        psu: spec.psu.clone(),
        ..Design::weighted(spec.weight.clone())
    };
    let helpers = plan
        .indicators
        .iter()
        .filter(|i| i.dimension.is_none() && defined.contains(&i.name))
        .map(|i| i.name.clone())
        .collect();
    Ok(Prepared {
        group: group.clone(),
        data,
        stages,
        design,
        filter,
        indicators: defined,
        dimensions,
        helpers,
        breakdowns,
        unit: unit.clone(),
        large: false,
    })
}

/// The unit's frame reduced to the columns an age group reads (its computable indicators',
/// the design's, the filters' and the breakdowns'); the whole frame when a filter
/// cannot be read here (the engine then reports it).
fn used_columns(
    unit: &Unit,
    spec: &crate::spec::UnitSpec,
    group: &AgeGroup,
    breakdowns: &[(String, Vec<String>)],
    mut used: std::collections::BTreeSet<String>,
) -> datafusion::prelude::DataFrame {
    let known = |name: &str| unit.has(name);
    for filter in [spec.filter.as_deref(), group.filter.as_deref()]
        .into_iter()
        .flatten()
    {
        let Ok(expression) = Expression::parse(filter) else {
            return unit.frame.clone();
        };
        used.extend(
            expression
                .references(&known)
                .into_iter()
                .map(|r| r.name)
                .filter(|n| unit.has(n)),
        );
    }
    let design = [Some(&spec.weight), spec.strata.as_ref(), spec.psu.as_ref()];
    used.extend(design.into_iter().flatten().cloned());
    used.extend(
        breakdowns
            .iter()
            .flat_map(|(_, c)| c.iter().cloned())
            .filter(|c| unit.has(c)),
    );
    let columns: Vec<&str> = unit
        .frame
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .filter(|name| used.contains(*name))
        .collect();
    unit.frame
        .clone()
        .select_columns(&columns)
        .unwrap_or_else(|_| unit.frame.clone())
}

/// `; did you mean …; the file X has it` for a column the unit lacks, or nothing.
fn missing_column_hint(unit: &Unit, name: &str, inputs: &Inputs) -> String {
    let close = crate::error::close_names(name, unit.variables.keys().map(String::as_str));
    let hint = hint_for(&close, &inputs.files_with(name));
    if hint.is_empty() {
        hint
    } else {
        format!("; {hint}")
    }
}

/// The rows computed into memory: later stages read columns, not expressions.
pub(crate) async fn materialise(data: &SurveyData) -> Result<SurveyData, PlanError> {
    let schema = std::sync::Arc::new(data.frame.schema().as_arrow().clone());
    let batches = data.frame.clone().collect().await?;
    // In the frame's own session, which has the plan's SQL functions (the WHO z-scores).
    let context =
        datafusion::prelude::SessionContext::new_with_state(data.frame.clone().into_parts().0);
    SurveyData::from_batches_in(&context, data.name.clone(), schema, batches).map_err(|source| {
        PlanError::Survey {
            context: data.name.clone(),
            source: Box::new(source),
        }
    })
}

/// The definition an engine error is about, from the role the engine gives it.
fn source_name(error: &tendik_survey::SurveyError) -> Option<String> {
    use tendik_survey::{Role, SurveyError};
    match error {
        SurveyError::UnknownColumn { role, .. }
        | SurveyError::NotNumeric { role, .. }
        | SurveyError::BadExpression { role, .. } => match role {
            Role::Definition(name) => Some(name.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn source_of(name: Option<String>) -> String {
    match name {
        Some(name) if name.starts_with("__") => "the plan's dimensions".to_owned(),
        Some(name) => format!("indicator `{name}`"),
        None => "the plan".to_owned(),
    }
}

fn overlap(indices: &[usize]) -> String {
    format!(
        "__overlap_{}",
        indices
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("_")
    )
}

fn bad(name: &str) -> String {
    format!("__bad_{name}")
}

/// The estimates of one prepared age group.
async fn estimate(
    plan: &Plan,
    prepared: &Prepared,
) -> Result<(Vec<Row>, Vec<InequalityRow>, AgeGroupRecord, Vec<String>), PlanError> {
    let group = &prepared.group;
    let context = format!("age group `{}`", group.name);
    let survey = |source| PlanError::Survey {
        context: context.clone(),
        source: Box::new(source),
    };
    let mut breakdowns: Vec<Vec<String>> = vec![Vec::new()];
    breakdowns.extend(prepared.breakdowns.iter().map(|(_, c)| c.clone()));
    // Values other than 0 and 1 in an indicator that counts in a dimension are a plan error.
    let counted: Vec<&String> = prepared.dimensions.iter().flat_map(|(_, i)| i).collect();
    let mut checks = Vec::new();
    for name in &counted {
        let q = quote_name(name);
        checks.push(Definition::new(
            bad(name),
            format!("CASE WHEN {q} IS NOT NULL AND {q} <> 0 AND {q} <> 1 THEN 1 ELSE 0 END"),
        ));
    }
    let mut data = prepared.data.clone();
    let last = prepared.stages.len().saturating_sub(1);
    for (i, stage) in prepared.stages.iter().enumerate() {
        let staged = data.define(stage).map_err(survey)?;
        // The last stage (the deprivation count and the overlaps: sums and products of the
        // dimension columns, already in memory) is computed in the pass: materialised,
        // its ninety-odd columns would be most of the age group's memory.
        data = if i == last {
            staged
        } else {
            materialise(&staged).await?
        };
    }
    let unknown = data.clone();
    let data = data.define(&checks).map_err(survey)?;
    let mut targets: Vec<Target> = Vec::new();
    for name in &prepared.indicators {
        targets.push(Target::Mean(name.clone()));
    }
    for (dimension, _) in &prepared.dimensions {
        targets.push(Target::Mean(dimension_column(dimension)));
    }
    let d = prepared.dimensions.len();
    if d > 0 {
        targets.push(Target::Proportion(COUNT.to_owned()));
        targets.extend(overlap_sets(d).iter().map(|set| Target::Mean(overlap(set))));
    }
    // Each rate's population per group, for the inequality measures (not output): the
    // weighted number of children whose indicator is known, a total in every domain, so
    // that its covariance with the rates is the pass's.
    let mut known_definitions = Vec::new();
    if plan.plan.inequality {
        let figures = prepared
            .indicators
            .iter()
            .cloned()
            .chain(prepared.dimensions.iter().map(|(d, _)| dimension_column(d)));
        for variable in figures {
            known_definitions.push(Definition::new(
                known(&variable),
                format!(
                    "CASE WHEN {} IS NULL THEN 0 ELSE 1 END",
                    quote_name(&variable)
                ),
            ));
            targets.push(Target::Total(known(&variable)));
        }
    }
    let is_share = |e: &Estimate| e.statistic == Statistic::Total && e.variable.starts_with(KNOWN);
    let defined = unknown.define(&known_definitions).map_err(survey)?;
    // The check totals, for the whole group only: a request of their own, so that they
    // are not estimated in every domain of every breakdown.
    if !counted.is_empty() {
        let mut check = Request::new(
            prepared.design.clone(),
            counted
                .iter()
                .map(|name| Target::Total(bad(name)))
                .collect(),
        );
        check.filter.clone_from(&prepared.filter);
        let checked = tendik_survey::run(&data, &check).await.map_err(survey)?;
        check_binary(plan, group, &counted, &checked)?;
    }
    // On a large survey, one pass per breakdown (no covariance across breakdowns is needed
    // here): the pass's sums per domain × PSU cell are then those of one breakdown at a
    // time, not all at once. A small one takes one pass (each costs its planning).
    // Breakdowns packed into passes by their cells, none holding more than the largest
    // AF pass must (the whole group and one breakdown).
    let cells = if prepared.large {
        cells_per_breakdown(&defined, prepared.design.psu.as_deref(), &breakdowns).await?
    } else {
        None
    };
    let budget = cells.as_ref().map_or(0, |c| {
        c.iter().skip(1).map(|b| c[0] + b).max().unwrap_or(c[0])
    });
    let passes: Vec<Vec<Vec<String>>> = match &cells {
        Some(cells) => pack(cells, budget)
            .into_iter()
            .map(|run| breakdowns[run].to_vec())
            .collect(),
        None => vec![breakdowns.clone()],
    };
    let mut by_breakdown: Vec<Vec<Vec<Estimate>>> = Vec::new();
    let mut inequality = Vec::new();
    let mut unmatched = Vec::new();
    for (first, pass) in passes.into_iter().scan(0, |next, pass| {
        let first = *next;
        *next += pass.len();
        Some((first, pass))
    }) {
        let mut request = Request::new(prepared.design.clone(), targets.clone());
        request.breakdowns = pass;
        request.filter.clone_from(&prepared.filter);
        request.level = plan.plan.level;
        let results = tendik_survey::run(&defined, &request)
            .await
            .map_err(survey)?;
        if plan.plan.inequality {
            // The request's breakdown b is the plan's first + b (0: the whole group).
            inequality.extend(rate_inequality(
                plan,
                prepared,
                &results,
                &request.breakdowns,
                first,
                &mut unmatched,
            ));
        }
        by_breakdown.extend(by_target(
            results.estimates,
            first,
            request.breakdowns.len(),
        ));
    }
    // In the order of one request over every breakdown: per target, per breakdown.
    let estimates: Vec<Estimate> = (0..targets.len())
        .flat_map(|t| {
            by_breakdown
                .iter()
                .flat_map(move |targets| targets.get(t).into_iter().flatten().cloned())
        })
        .collect();
    let mut rows = Vec::new();
    let dimension_names: Vec<&str> = prepared
        .dimensions
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let overlap_names = overlap_names(&dimension_names);
    for estimate in estimates.iter().filter(|e| !is_share(e)) {
        let variable = estimate.variable.as_str();
        let (measure, dimension, indicator, k) =
            if let Some(name) = variable.strip_prefix("__dimension_") {
                ("rate", Some(name.to_owned()), None, None)
            } else if variable == COUNT {
                let level = estimate.level.as_ref().map(ToString::to_string);
                ("count_distribution", None, None, level)
            } else if let Some(found) = overlap_names.iter().find(|(v, _)| v == variable) {
                ("overlap", Some(found.1.clone()), None, None)
            } else {
                let dimension = plan
                    .indicators
                    .iter()
                    .find(|i| i.name == variable)
                    .and_then(|i| i.dimension.clone());
                ("rate", dimension, Some(variable.to_owned()), None)
            };
        rows.push(row(
            prepared,
            &breakdowns,
            measure,
            dimension,
            indicator,
            k,
            estimate.clone(),
        ));
    }
    // The deprivation count's n is the group's complete cases (none without dimensions).
    let children = estimates
        .iter()
        .find(|e| e.variable == COUNT && e.breakdown == 0)
        .map_or(0, |e| e.n);
    let cutoffs: Vec<u32> = if plan.plan.cutoffs.is_empty() {
        (1..=d as u32).collect()
    } else {
        plan.plan
            .cutoffs
            .iter()
            .copied()
            .filter(|k| *k as usize <= d)
            .collect()
    };
    if d > 0 && !cutoffs.is_empty() {
        let indicators: Vec<Indicator> = prepared
            .dimensions
            .iter()
            .map(|(name, _)| Indicator {
                column: dimension_column(name),
                weight: 1.0,
            })
            .collect();
        // One AF pass per breakdown, each with the whole age group (which the subgroup
        // decomposition divides), merged back into the order of one pass over all.
        // Each AF pass has the whole group (the subgroup decomposition divides it) and a run
        // of breakdowns packed as above; `first` is the run's first breakdown.
        let passes: Vec<(usize, Vec<Vec<String>>)> = match &cells {
            Some(cells) if breakdowns.len() > 1 => {
                pack(&cells[1..], budget.saturating_sub(cells[0]))
                    .into_iter()
                    .map(|run| {
                        let first = run.start + 1;
                        let mut pass = vec![Vec::new()];
                        pass.extend(breakdowns[(run.start + 1)..=run.end].iter().cloned());
                        (first, pass)
                    })
                    .collect()
            }
            Some(_) => vec![(1, vec![Vec::new()])],
            None => vec![(1, breakdowns.clone())],
        };
        let mut sections = Vec::new();
        for (first, pass) in passes {
            let mut af = AfRequest::new(
                prepared.design.clone(),
                indicators.clone(),
                cutoffs.iter().map(|k| Cutoff::Count(*k)).collect(),
            );
            // The pass's breakdown l ≥ 1 is the plan's first + l − 1.
            af.inequality = (0..pass.len())
                .filter(|_| plan.plan.inequality)
                .map(|l| {
                    let (name, _) = prepared.breakdowns.get((l + first).checked_sub(2)?)?;
                    (l >= 1).then(|| {
                        plan.breakdowns
                            .iter()
                            .find(|s| &s.name == name)
                            .map(layout_of)
                    })?
                })
                .collect();
            af.breakdowns = pass;
            af.filter.clone_from(&prepared.filter);
            af.level = plan.plan.level;
            // Its figures without an estimate are counted below with the rates'.
            let run = tendik_measures::alkire_foster_run(&defined, &af)
                .await
                .map_err(|source| PlanError::Measure {
                    context: context.clone(),
                    source: Box::new(source),
                })?;
            for found in run.inequality {
                let (name, _) = &prepared.breakdowns[found.breakdown + first - 2];
                inequality.push(InequalityRow {
                    age_group: group.name.clone(),
                    of: found.measure.name().to_owned(),
                    dimension: None,
                    indicator: None,
                    k: Some(found.k.label()),
                    breakdown: name.clone(),
                    groups: found.groups,
                    figure: found.figure,
                });
            }
            let mut results = run.results;
            // The pass's breakdown l ≥ 1 is the plan's first + l − 1.
            for result in &mut results {
                if result.estimate.breakdown >= 1 {
                    result.estimate.breakdown += first - 1;
                }
            }
            sections.push(results);
        }
        for result in merge_af(sections) {
            let dimension = result
                .indicator
                .as_deref()
                .map(|c| c.trim_start_matches("__dimension_").to_owned());
            rows.push(row(
                prepared,
                &breakdowns,
                result.measure.name(),
                dimension,
                None,
                Some(result.k.label()),
                result.estimate,
            ));
        }
    }
    let record = AgeGroupRecord {
        name: group.name.clone(),
        unit: group.unit.clone(),
        summary: group.summary,
        files: prepared.unit.files.clone(),
        absent_files: prepared.unit.missing_files.clone(),
        dimensions: prepared.dimensions.clone(),
        helpers: prepared.helpers.clone(),
        breakdowns: prepared.breakdowns.iter().map(|(n, _)| n.clone()).collect(),
        cutoffs: cutoffs.clone(),
        children,
    };
    let empty = rows.iter().filter(|r| r.estimate.estimate.is_nan()).count();
    let warnings = if empty > 0 {
        vec![format!(
            "age group `{}`: {empty} of {} figures have no estimate (A and the percentage contributions where no child is deprived at that k, or a group without children); they are empty in the results",
            group.name,
            rows.len()
        )]
    } else {
        Vec::new()
    };
    // Per figure (the rates in plan order, then H and M0 by k), per breakdown, per measure,
    // however the passes were cut.
    let position = |r: &InequalityRow| {
        let figure = match (&r.indicator, &r.dimension) {
            (Some(name), _) => prepared.indicators.iter().position(|i| i == name),
            (None, Some(name)) if r.of == "rate" => prepared
                .dimensions
                .iter()
                .position(|(d, _)| d == name)
                .map(|d| prepared.indicators.len() + d),
            _ => None,
        };
        let k =
            r.k.as_ref()
                .and_then(|k| cutoffs.iter().position(|c| c.to_string() == *k));
        let breakdown = prepared
            .breakdowns
            .iter()
            .position(|(n, _)| *n == r.breakdown);
        (r.of != "rate", figure, k, r.of == "M0", breakdown)
    };
    inequality.sort_by_key(position);
    let mut warnings = warnings;
    for name in &unmatched {
        warnings.push(format!(
            "age group `{}`: breakdown `{name}` has no group of its `reference` or `order` codes; compare them with its group_code values in the results",
            group.name
        ));
    }
    if prepared.design.psu.is_none() && inequality.iter().any(|r| r.figure.se.is_none()) {
        warnings.push(format!(
            "age group `{}`: the inequality measures have no SE: a design without PSUs keeps no covariances across breakdowns; give the unit's `psu`",
            group.name
        ));
    }
    Ok((rows, inequality, record, warnings))
}

/// How the inequality measures read a breakdown's groups.
fn layout_of(spec: &crate::spec::BreakdownSpec) -> Layout {
    Layout {
        ordered: spec.ordered,
        order: spec.order.clone(),
        reference: spec.reference.clone(),
    }
}

/// HEAT's measures of every indicator's and dimension's rate by every breakdown of one
/// pass, design-based (`tendik_measures::inequality::design`): the groups' rates and
/// populations (the weighted number of children whose indicator is known) of one request,
/// with their covariances. `breakdowns` are the request's; its breakdown b ≥ 1 is the
/// plan's `first + b − 1`, or `first + b` when the pass has no whole group (first > 0).
/// A breakdown whose `reference` or `order` matches none of its codes is named in
/// `unmatched`.
fn rate_inequality(
    plan: &Plan,
    prepared: &Prepared,
    results: &tendik_survey::Results,
    breakdowns: &[Vec<String>],
    first: usize,
    unmatched: &mut Vec<String>,
) -> Vec<InequalityRow> {
    use std::collections::HashMap;
    let mut index: HashMap<(Statistic, &str, usize), Vec<usize>> = HashMap::new();
    for (i, e) in results.estimates.iter().enumerate() {
        index
            .entry((e.statistic, e.variable.as_str(), e.breakdown))
            .or_default()
            .push(i);
    }
    let figures: Vec<(String, Option<String>, Option<String>, bool)> = prepared
        .indicators
        .iter()
        .map(|name| {
            let spec = plan.indicators.iter().find(|i| &i.name == name);
            (
                name.clone(),
                spec.and_then(|i| i.dimension.clone()),
                Some(name.clone()),
                spec.is_some_and(|i| i.favourable),
            )
        })
        .chain(
            prepared
                .dimensions
                .iter()
                .map(|(d, _)| (dimension_column(d), Some(d.clone()), None, false)),
        )
        .collect();
    let mut rows = Vec::new();
    for (b, variables) in breakdowns.iter().enumerate() {
        // The plan's breakdown: the whole group is 0, and its breakdown i is i + 1.
        let Some((name, columns)) = (first + b)
            .checked_sub(1)
            .and_then(|i| prepared.breakdowns.get(i))
        else {
            continue;
        };
        debug_assert_eq!(variables, columns);
        // HEAT's measures compare the groups of one variable.
        if columns.len() != 1 {
            continue;
        }
        let Some(spec) = plan.breakdowns.iter().find(|s| &s.name == name) else {
            continue;
        };
        let layout = layout_of(spec);
        let mut matched = false;
        for (variable, dimension, indicator, favourable) in &figures {
            let Some(groups) = index.get(&(Statistic::Mean, variable.as_str(), b)) else {
                continue;
            };
            let population = known(variable);
            let populations = index
                .get(&(Statistic::Total, population.as_str(), b))
                .map_or(&[][..], Vec::as_slice);
            let Some(subject) = Dimension::of(results, groups, populations, &layout, *favourable)
            else {
                continue;
            };
            matched |= layout.reference.is_none() || subject.reference.is_some();
            let count = subject.estimates.len();
            for figure in inequality_design::summarise(results, &subject, plan.plan.level) {
                rows.push(InequalityRow {
                    age_group: prepared.group.name.clone(),
                    of: "rate".to_owned(),
                    dimension: dimension.clone(),
                    indicator: indicator.clone(),
                    k: None,
                    breakdown: name.clone(),
                    groups: count,
                    figure,
                });
            }
        }
        if !matched && !unmatched.contains(name) {
            unmatched.push(name.clone());
        }
    }
    rows
}

const KNOWN: &str = "__known_";

/// The 0/1 variable "`variable` is known", whose total in a group is its population.
fn known(variable: &str) -> String {
    format!("{KNOWN}{variable}")
}

/// The cells (domain × PSU) a pass holds for each breakdown, over the age group's unit
/// (before its filter, so at most that): `None` without PSUs (then a pass holds one cell per
/// domain and stratum, and one pass takes all).
async fn cells_per_breakdown(
    data: &SurveyData,
    psu: Option<&str>,
    breakdowns: &[Vec<String>],
) -> Result<Option<Vec<usize>>, PlanError> {
    let Some(psu) = psu else {
        return Ok(None);
    };
    let mut cells = Vec::with_capacity(breakdowns.len());
    for breakdown in breakdowns {
        let mut by = vec![datafusion::prelude::ident(psu)];
        by.extend(breakdown.iter().map(datafusion::prelude::ident));
        cells.push(
            data.frame
                .clone()
                .aggregate(by, Vec::new())?
                .count()
                .await?,
        );
    }
    Ok(Some(cells))
}

/// `0..cells.len()` cut into consecutive runs whose cells add up to at most `budget` (a
/// run of one may exceed it).
fn pack(cells: &[usize], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut sum) = (0, 0);
    for (i, &c) in cells.iter().enumerate() {
        if i > start && sum + c > budget {
            runs.push(start..i);
            (start, sum) = (i, 0);
        }
        sum += c;
    }
    if start < cells.len() {
        runs.push(start..cells.len());
    }
    runs
}

/// A request's estimates over `count` breakdowns (the plan's from `first` on), per
/// breakdown and per target: each target's estimates of one breakdown are consecutive.
fn by_target(estimates: Vec<Estimate>, first: usize, count: usize) -> Vec<Vec<Vec<Estimate>>> {
    let mut groups: Vec<Vec<Vec<Estimate>>> = vec![Vec::new(); count];
    let mut last: Option<(Statistic, String)> = None;
    for mut estimate in estimates {
        let key = (estimate.statistic, estimate.variable.clone());
        if last.as_ref() != Some(&key) {
            for group in &mut groups {
                group.push(Vec::new());
            }
            last = Some(key);
        }
        let b = estimate.breakdown;
        estimate.breakdown = first + b;
        if let Some(target) = groups[b].last_mut() {
            target.push(estimate);
        }
    }
    groups
}

/// Consecutive runs of AF rows sharing a key.
fn runs<K: PartialEq>(rows: Vec<AfResult>, key: impl Fn(&AfResult) -> K) -> Vec<Vec<AfResult>> {
    let mut out: Vec<Vec<AfResult>> = Vec::new();
    let mut last: Option<K> = None;
    for row in rows {
        let k = key(&row);
        if last.as_ref() != Some(&k) {
            out.push(Vec::new());
            last = Some(k);
        }
        if let Some(run) = out.last_mut() {
            run.push(row);
        }
    }
    out
}

/// AF passes of one breakdown each (with the whole group as breakdown 0) in the order of
/// one pass over every breakdown: each measure's block (a measure, k and indicator) with
/// the whole group once, then every breakdown's domains; then the subgroup decomposition,
/// per k, per breakdown.
fn merge_af(sections: Vec<Vec<AfResult>>) -> Vec<AfResult> {
    let decomposition = |r: &AfResult| {
        matches!(
            r.measure,
            AfMeasure::PopulationShare | AfMeasure::SubgroupContributionPct
        )
    };
    let mut measures = Vec::new();
    let mut decompositions = Vec::new();
    for section in sections {
        let (parts, main): (Vec<AfResult>, Vec<AfResult>) =
            section.into_iter().partition(|r| decomposition(r));
        measures.push(runs(main, |r| {
            (r.measure.name(), r.k.label(), r.indicator.clone())
        }));
        decompositions.push(runs(parts, |r| r.k.label()));
    }
    let mut out = Vec::new();
    let blocks = measures.first().map_or(0, Vec::len);
    for block in 0..blocks {
        for (i, section) in measures.iter_mut().enumerate() {
            let Some(rows) = section.get_mut(block) else {
                continue;
            };
            out.extend(
                std::mem::take(rows)
                    .into_iter()
                    .filter(|r| i == 0 || r.estimate.breakdown != 0),
            );
        }
    }
    let blocks = decompositions.iter().map(Vec::len).max().unwrap_or(0);
    for block in 0..blocks {
        for section in &mut decompositions {
            if let Some(rows) = section.get_mut(block) {
                out.append(rows);
            }
        }
    }
    out
}

/// An error if an indicator that counts in a dimension holds a value other than 0 and 1
/// (a weighted count of such rows above zero in `checked`).
fn check_binary(
    plan: &Plan,
    group: &AgeGroup,
    counted: &[&String],
    checked: &tendik_survey::Results,
) -> Result<(), PlanError> {
    for name in counted {
        let column = bad(name);
        if checked
            .estimates
            .iter()
            .any(|e| e.statistic == Statistic::Total && e.variable == column && e.estimate > 0.0)
        {
            return Err(PlanError::Invalid {
                plan: plan.plan.name.clone(),
                what: format!("indicator `{name}` (age group `{}`) holds values other than 0 and 1", group.name),
                hint: "an indicator that counts in a dimension gives 1 (deprived), 0 (not deprived) or NULL (missing)".to_owned(),
            });
        }
    }
    Ok(())
}

/// The pairs and triples of `d` dimensions, each pair followed by the triples it starts:
/// the order of the overlap variables and their rows.
fn overlap_sets(d: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for i in 0..d {
        for j in i + 1..d {
            out.push(vec![i, j]);
            out.extend((j + 1..d).map(|l| vec![i, j, l]));
        }
    }
    out
}

/// The overlap variables and their names `a+b`, `a+b+c`.
fn overlap_names(dimensions: &[&str]) -> Vec<(String, String)> {
    overlap_sets(dimensions.len())
        .into_iter()
        .map(|set| {
            let names: Vec<&str> = set.iter().map(|&i| dimensions[i]).collect();
            (overlap(&set), names.join("+"))
        })
        .collect()
}

fn row(
    prepared: &Prepared,
    breakdowns: &[Vec<String>],
    measure: &str,
    dimension: Option<String>,
    indicator: Option<String>,
    k: Option<String>,
    estimate: Estimate,
) -> Row {
    let (breakdown, group_code, group) = match estimate.breakdown {
        0 => (String::new(), String::new(), String::new()),
        b => {
            let (name, columns) = &prepared.breakdowns[b - 1];
            // A crossed breakdown's code joins its codes with `|`, its label with ` × `.
            let (codes, labels): (Vec<String>, Vec<String>) = columns
                .iter()
                .map(|column| {
                    let value = estimate.domain_value(breakdowns, column).cloned();
                    let code = value.as_ref().map(ToString::to_string).unwrap_or_default();
                    let label = value
                        .as_ref()
                        .and_then(|v| label_of(prepared, column, v))
                        .unwrap_or_else(|| code.clone());
                    (code, label)
                })
                .unzip();
            (name.clone(), codes.join("|"), labels.join(" × "))
        }
    };
    Row {
        age_group: prepared.group.name.clone(),
        measure: measure.to_owned(),
        dimension,
        indicator,
        k,
        breakdown,
        group_code,
        group,
        estimate,
    }
}

fn label_of(prepared: &Prepared, column: &str, value: &Value) -> Option<String> {
    let variable = prepared.unit.variables.get(column)?;
    let code = match value {
        Value::Text(text) => tendik_ingest::LabelValue::Text(text.clone()),
        other => tendik_ingest::LabelValue::Number(other.as_f64()?),
    };
    variable.label_for(&code).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn breakdowns_are_packed_into_passes_by_their_cells() {
        // The whole group and region (1 cell per PSU each), area, then quintiles (5).
        assert_eq!(pack(&[100, 100, 100, 500], 600), vec![0..3, 3..4]);
        // A breakdown over the budget has a pass of its own.
        assert_eq!(pack(&[700, 100], 600), vec![0..1, 1..2]);
        assert_eq!(pack(&[100], 0), vec![0..1]);
        assert!(pack(&[], 10).is_empty());
    }
}
