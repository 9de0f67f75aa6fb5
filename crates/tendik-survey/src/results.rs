//! The tidy schema of estimates as an Arrow record batch, the shape every export shares.
//!
//! Columns, in order: one per domain variable of any breakdown (named as the variable, in
//! order of first appearance, empty where a row's breakdown lacks it), `statistic`,
//! `variable`, `level`, `estimate`, `se`, `ci_lower`, `ci_upper`, `deff`, `n`, `weighted_n`,
//! `df`, `reliability`. Numbers that do not exist (no deff for a ratio, no estimate for an
//! empty cell, no `df` for a normal interval) are null.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};

use crate::estimate::{Estimate, Value};

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// The domain variables of all `breakdowns`, each once, in order of first appearance: the
/// domain columns of a table of their estimates.
#[must_use]
pub fn domain_columns(breakdowns: &[Vec<String>]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for name in breakdowns.iter().flatten() {
        if !columns.contains(name) {
            columns.push(name.clone());
        }
    }
    columns
}

/// A domain column: whole numbers stay whole, mixed or text columns become text.
fn domain_column(values: &[Option<&Value>]) -> (DataType, ArrayRef) {
    if values
        .iter()
        .all(|v| matches!(v, Some(Value::Int(_)) | None))
    {
        let ints: Int64Array = values
            .iter()
            .map(|v| match v {
                Some(Value::Int(i)) => Some(*i),
                _ => None,
            })
            .collect();
        return (DataType::Int64, Arc::new(ints));
    }
    if values
        .iter()
        .all(|v| matches!(v, Some(Value::Int(_) | Value::Float(_)) | None))
    {
        let floats: Float64Array = values.iter().map(|v| v.and_then(Value::as_f64)).collect();
        return (DataType::Float64, Arc::new(floats));
    }
    let texts: StringArray = values.iter().map(|v| v.map(ToString::to_string)).collect();
    (DataType::Utf8, Arc::new(texts))
}

/// Build the tidy results table of estimates of one breakdown, `by`.
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn to_record_batch(
    by: &[String],
    estimates: &[Estimate],
) -> Result<RecordBatch, arrow::error::ArrowError> {
    let mut columns: Vec<(String, Vec<Option<&Value>>)> = Vec::new();
    for (index, name) in by.iter().enumerate() {
        columns.push((
            name.clone(),
            estimates.iter().map(|e| e.domain.get(index)).collect(),
        ));
    }
    build(columns, estimate_labels(estimates), estimates)
}

/// Build the tidy results table of estimates of several breakdowns (the request's
/// effective breakdowns, which [`Estimate::breakdown`] indexes): one domain column per
/// variable of [`domain_columns`], null where a row's breakdown lacks it.
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn to_record_batch_of(
    breakdowns: &[Vec<String>],
    estimates: &[Estimate],
) -> Result<RecordBatch, arrow::error::ArrowError> {
    to_record_batch_labelled(breakdowns, estimate_labels(estimates), estimates)
}

/// Text columns that say what each row estimates, placed between the domain columns and
/// `estimate`: a name, whether it may be empty, and one value per row.
pub type Labels = Vec<(String, bool, Vec<Option<String>>)>;

/// The estimate table's labels: `statistic`, `variable`, `level`.
fn estimate_labels(estimates: &[Estimate]) -> Labels {
    vec![
        (
            "statistic".to_owned(),
            false,
            estimates
                .iter()
                .map(|e| Some(e.statistic.name().to_owned()))
                .collect(),
        ),
        (
            "variable".to_owned(),
            false,
            estimates.iter().map(|e| Some(e.variable.clone())).collect(),
        ),
        (
            "level".to_owned(),
            true,
            estimates
                .iter()
                .map(|e| e.level.as_ref().map(ToString::to_string))
                .collect(),
        ),
    ]
}

/// The tidy table of estimates of several breakdowns with other label columns in place of
/// `statistic`, `variable` and `level`: for measures built on the engine (such as
/// Alkire–Foster's `measure`, `k`, `indicator`), so that every table has one shape.
///
/// # Errors
/// Only if Arrow rejects the columns, which would be a bug.
pub fn to_record_batch_labelled(
    breakdowns: &[Vec<String>],
    labels: Labels,
    estimates: &[Estimate],
) -> Result<RecordBatch, arrow::error::ArrowError> {
    let columns = domain_columns(breakdowns)
        .into_iter()
        .map(|name| {
            let values = estimates
                .iter()
                .map(|e| e.domain_value(breakdowns, &name))
                .collect();
            (name, values)
        })
        .collect();
    build(columns, labels, estimates)
}

fn build(
    domains: Vec<(String, Vec<Option<&Value>>)>,
    labels: Labels,
    estimates: &[Estimate],
) -> Result<RecordBatch, arrow::error::ArrowError> {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (name, values) in domains {
        let (data_type, array) = domain_column(&values);
        fields.push(Field::new(name, data_type, true));
        columns.push(array);
    }
    let text = |f: &dyn Fn(&Estimate) -> Option<String>| -> ArrayRef {
        Arc::new(estimates.iter().map(f).collect::<StringArray>())
    };
    let number = |f: &dyn Fn(&Estimate) -> Option<f64>| -> ArrayRef {
        Arc::new(estimates.iter().map(f).collect::<Float64Array>())
    };
    let mut push = |name: &str, data_type: DataType, nullable: bool, array: ArrayRef| {
        fields.push(Field::new(name, data_type, nullable));
        columns.push(array);
    };
    for (name, nullable, values) in labels {
        push(
            &name,
            DataType::Utf8,
            nullable,
            Arc::new(values.into_iter().collect::<StringArray>()),
        );
    }
    push(
        "estimate",
        DataType::Float64,
        true,
        number(&|e| finite(e.estimate)),
    );
    push("se", DataType::Float64, true, number(&|e| finite(e.se)));
    push(
        "ci_lower",
        DataType::Float64,
        true,
        number(&|e| finite(e.ci_lower)),
    );
    push(
        "ci_upper",
        DataType::Float64,
        true,
        number(&|e| finite(e.ci_upper)),
    );
    push(
        "deff",
        DataType::Float64,
        true,
        number(&|e| e.deff.and_then(finite)),
    );
    push(
        "n",
        DataType::UInt64,
        false,
        Arc::new(estimates.iter().map(|e| e.n).collect::<UInt64Array>()),
    );
    push(
        "weighted_n",
        DataType::Float64,
        false,
        number(&|e| Some(e.weighted_n)),
    );
    push(
        "df",
        DataType::Float64,
        true,
        number(&|e| e.df.and_then(finite)),
    );
    push(
        "reliability",
        DataType::Utf8,
        false,
        text(&|e| Some(e.reliability.name().to_owned())),
    );
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}
