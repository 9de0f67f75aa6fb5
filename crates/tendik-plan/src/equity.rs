//! A run's inequality figures as a table, and its subgroup figures in WHO HEAT Plus's
//! upload template, so that they load into HEAT Plus.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow::datatypes::{Field, Schema};
use tendik_measures::inequality::template;

use crate::analyze::{Analysis, InequalityRow, Row};
use crate::spec::Plan;

/// The columns of the inequality table, in order.
pub const INEQUALITY_COLUMNS: [&str; 13] = [
    "age_group",
    "of",
    "dimension",
    "indicator",
    "k",
    "breakdown",
    "groups",
    "measure",
    "estimate",
    "se",
    "ci_lower",
    "ci_upper",
    "method",
];

/// The inequality table: one row per measure of a figure (`of`: `rate`, `H`, `M0`) by a
/// breakdown, the columns of [`INEQUALITY_COLUMNS`]; `measure` is HEAT's abbreviation,
/// `method` how the interval was made (`design`: the delta method over the design).
///
/// # Errors
/// Only if Arrow refuses the columns (a bug).
pub fn inequality_record_batch(
    rows: &[InequalityRow],
) -> Result<RecordBatch, arrow::error::ArrowError> {
    let text = |f: &dyn Fn(&InequalityRow) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let number = |f: &dyn Fn(&InequalityRow) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|r| f(r).filter(|v| v.is_finite()))
                .collect::<Vec<_>>(),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|r| Some(r.age_group.clone())),
        text(&|r| Some(r.of.clone())),
        text(&|r| r.dimension.clone()),
        text(&|r| r.indicator.clone()),
        text(&|r| r.k.clone()),
        text(&|r| Some(r.breakdown.clone())),
        Arc::new(UInt64Array::from(
            rows.iter().map(|r| r.groups as u64).collect::<Vec<_>>(),
        )),
        text(&|r| Some(r.figure.measure.name().to_owned())),
        number(&|r| Some(r.figure.estimate)),
        number(&|r| r.figure.se),
        number(&|r| r.figure.ci_lower),
        number(&|r| r.figure.ci_upper),
        text(&|r| Some(r.figure.method.name().to_owned())),
    ];
    let fields: Vec<Field> = INEQUALITY_COLUMNS
        .iter()
        .zip(&columns)
        .map(|(name, column)| {
            let nullable = matches!(
                *name,
                "dimension" | "indicator" | "k" | "se" | "ci_lower" | "ci_upper" | "estimate"
            );
            Field::new(*name, column.data_type().clone(), nullable)
        })
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

/// Every rate of the run by every one-way breakdown as rows of HEAT Plus's template
/// (percentages, scale 100; population: the group's weighted number of children whose
/// rate is known, so that HEAT's figures from the template are tendik's design-based ones,
/// SII and RII aside;
/// setting average: the whole age group's rate; the note: the reliability flag when it is
/// not `reliable`). An ordered breakdown keeps the codes of its plan `order` only.
#[must_use]
pub fn heat_template(plan: &Plan, analysis: &Analysis) -> Vec<template::Row> {
    let setting = plan.plan.setting.clone().unwrap_or(plan.plan.name.clone());
    let date = plan
        .plan
        .date
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let source = plan
        .plan
        .source
        .clone()
        .unwrap_or_else(|| "survey".to_owned());
    let rates: Vec<&Row> = analysis
        .rows
        .iter()
        .filter(|r| r.measure == "rate")
        .collect();
    let mut out = Vec::new();
    // Each figure's whole-group row, then its groups by breakdown, in output order.
    let mut at = 0;
    while at < rates.len() {
        let whole = rates[at];
        let same = |r: &Row| {
            r.age_group == whole.age_group
                && r.dimension == whole.dimension
                && r.indicator == whole.indicator
        };
        let end = (at..rates.len())
            .find(|&i| !same(rates[i]))
            .unwrap_or(rates.len());
        let block = &rates[at..end];
        at = end;
        if !whole.breakdown.is_empty() {
            continue;
        }
        let (abbr, label, favourable) = if let Some(name) = &whole.indicator {
            let spec = plan.indicators.iter().find(|i| &i.name == name);
            let label = spec
                .filter(|i| !i.label.is_empty())
                .map_or_else(|| name.clone(), |i| i.label.clone());
            (name.clone(), label, spec.is_some_and(|i| i.favourable))
        } else {
            let name = whole.dimension.clone().unwrap_or_default();
            let label = plan
                .dimensions
                .iter()
                .find(|d| d.name == name && !d.label.is_empty())
                .map_or_else(|| name.clone(), |d| d.label.clone());
            (
                format!("dimension_{name}"),
                format!("Deprived in {label}"),
                false,
            )
        };
        // HEAT's dimensions are one-way.
        for breakdown in plan.breakdowns.iter().filter(|b| b.columns.is_empty()) {
            let mut groups: Vec<&&Row> = block
                .iter()
                .filter(|r| r.breakdown == breakdown.name && r.estimate.estimate.is_finite())
                .collect();
            let rank = |r: &Row| breakdown.order.iter().position(|o| *o == r.group_code);
            if !breakdown.order.is_empty() {
                groups.retain(|r| rank(r).is_some());
                groups.sort_by_key(|r| rank(r));
            } else if breakdown.ordered {
                let code = |r: &Row| r.group_code.parse::<f64>().unwrap_or(f64::INFINITY);
                groups.sort_by(|a, b| code(a).total_cmp(&code(b)));
            }
            if groups.len() < 2 {
                continue;
            }
            let ordered = breakdown.ordered && groups.len() > 2;
            for (position, row) in groups.iter().enumerate() {
                let e = &row.estimate;
                let percent = |v: f64| v.is_finite().then_some(100.0 * v);
                out.push(template::Row {
                    setting: setting.clone(),
                    date: date.clone(),
                    source: source.clone(),
                    indicator_abbr: format!("{abbr} ({})", whole.age_group),
                    indicator_name: format!("{label} ({})", whole.age_group),
                    dimension: breakdown.name.clone(),
                    subgroup: row.group.clone(),
                    estimate: percent(e.estimate),
                    se: percent(e.se),
                    // HEAT Plus takes no negative figure (and shows these only).
                    ci_lb: percent(e.ci_lower).map(|v| v.clamp(0.0, 100.0)),
                    ci_ub: percent(e.ci_upper).map(|v| v.clamp(0.0, 100.0)),
                    population: Some(e.weighted_n),
                    note: match e.reliability.name() {
                        "reliable" => String::new(),
                        other => other.to_owned(),
                    },
                    setting_average: percent(whole.estimate.estimate),
                    iso3: String::new(),
                    favourable_indicator: favourable,
                    indicator_scale: 100.0,
                    ordered_dimension: ordered,
                    subgroup_order: if ordered { position as u32 + 1 } else { 0 },
                    reference_subgroup: !ordered
                        && breakdown.reference.as_deref() == Some(row.group_code.as_str()),
                });
            }
        }
    }
    out
}
