//! One line of facts per variable: what `tendik inspect` prints.

use std::collections::HashSet;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Float64Type, Int64Type, UInt64Type};
use serde::Serialize;

use crate::Dataset;
use crate::codebook::{Codebook, Measure, MissingSpec, ValueLabel, Variable};
use crate::missing::nullify_user_missing;

/// A variable's codebook entry with counts from the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableSummary {
    /// The column name.
    pub name: String,
    /// The Arrow type of the column, such as `Float64` or `Utf8`.
    pub data_type: String,
    /// The variable label.
    pub label: Option<String>,
    /// Labels of codes.
    pub value_labels: Vec<ValueLabel>,
    /// The missing-value definition (user-missing values; Stata extended missing found).
    pub missing: MissingSpec,
    /// The display format, if the file has one.
    pub format: Option<String>,
    /// The measurement level, if the file records one.
    pub measure: Option<Measure>,
    /// Missing cells of every kind: `n_null + n_user_missing`.
    pub n_missing: usize,
    /// Empty cells: system-missing, and for Stata also `.a`–`.z`.
    pub n_null: usize,
    /// Cells holding a declared user-missing value (SPSS).
    pub n_user_missing: usize,
    /// Distinct values among the cells that are not missing, when the type allows counting
    /// them.
    pub n_distinct: Option<usize>,
}

impl Codebook {
    /// Summaries of every column of `dataset`, in schema order, with this codebook's
    /// labels and missing-value definitions and counts from the data.
    #[must_use]
    pub fn summarize(&self, dataset: &Dataset) -> Vec<VariableSummary> {
        dataset
            .schema
            .fields()
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let variable = match self.variables.get(index) {
                    Some(v) if v.name == *field.name() => v.clone(),
                    _ => self
                        .get(field.name())
                        .cloned()
                        .unwrap_or_else(|| Variable::new(field.name().clone())),
                };
                let columns: Vec<ArrayRef> = dataset
                    .batches
                    .iter()
                    .map(|b| Arc::clone(b.column(index)))
                    .collect();
                let valid: Vec<ArrayRef> = columns
                    .iter()
                    .map(|c| {
                        nullify_user_missing(c, &variable.missing).unwrap_or_else(|_| Arc::clone(c))
                    })
                    .collect();
                let n_null: usize = columns.iter().map(Array::null_count).sum();
                let n_missing: usize = valid.iter().map(Array::null_count).sum();
                VariableSummary {
                    name: variable.name,
                    data_type: field.data_type().to_string(),
                    label: variable.label,
                    value_labels: variable.value_labels,
                    missing: variable.missing,
                    format: variable.format,
                    measure: variable.measure,
                    n_missing,
                    n_null,
                    n_user_missing: n_missing - n_null,
                    n_distinct: distinct_count(field.data_type(), &valid),
                }
            })
            .collect()
    }
}

/// The number of distinct non-null values in the arrays (all of type `data_type`).
fn distinct_count(data_type: &DataType, arrays: &[ArrayRef]) -> Option<usize> {
    match data_type {
        DataType::Utf8 => Some(distinct(
            arrays.iter().flat_map(|a| a.as_string::<i32>().iter()),
        )),
        DataType::LargeUtf8 => Some(distinct(
            arrays.iter().flat_map(|a| a.as_string::<i64>().iter()),
        )),
        DataType::Utf8View => Some(distinct(
            arrays.iter().flat_map(|a| a.as_string_view().iter()),
        )),
        DataType::Boolean => Some(distinct(arrays.iter().flat_map(|a| a.as_boolean().iter()))),
        DataType::UInt64 => Some(distinct(
            arrays
                .iter()
                .flat_map(|a| a.as_primitive::<UInt64Type>().iter()),
        )),
        t if t.is_integer() => {
            let cast = cast_all(arrays, &DataType::Int64)?;
            Some(distinct(
                cast.iter()
                    .flat_map(|a| a.as_primitive::<Int64Type>().iter()),
            ))
        }
        t if t.is_numeric() => {
            let cast = cast_all(arrays, &DataType::Float64)?;
            Some(distinct(cast.iter().flat_map(|a| {
                a.as_primitive::<Float64Type>()
                    .iter()
                    .map(|v| v.map(float_key))
            })))
        }
        _ => {
            let cast = cast_all(arrays, &DataType::Utf8)?;
            Some(distinct(
                cast.iter().flat_map(|a| a.as_string::<i32>().iter()),
            ))
        }
    }
}

fn cast_all(arrays: &[ArrayRef], to: &DataType) -> Option<Vec<ArrayRef>> {
    arrays
        .iter()
        .map(|a| arrow::compute::cast(a, to).ok())
        .collect()
}

fn distinct<T: std::hash::Hash + Eq>(values: impl Iterator<Item = Option<T>>) -> usize {
    values.flatten().collect::<HashSet<T>>().len()
}

/// Bits of a float with `-0.0` as `0.0` and every NaN alike, so equal numbers hash alike.
fn float_key(value: f64) -> u64 {
    if value == 0.0 {
        0.0f64.to_bits()
    } else if value.is_nan() {
        f64::NAN.to_bits()
    } else {
        value.to_bits()
    }
}

#[cfg(test)]
mod tests {
    use crate::codebook::LabelValue;
    use crate::{Format, read_bytes};

    #[test]
    fn counts_missing_and_distinct() {
        let mut dataset = read_bytes(
            b"x,s,d\n1,a,2.5\n9,a,-0\n9,b,0\n,,\n2,NA,NA\n",
            Format::Csv,
            "x.csv",
        )
        .expect("valid csv");
        dataset.codebook.variables[0].missing.values = vec![LabelValue::Number(9.0)];
        let summaries = dataset.codebook.summarize(&dataset);
        let x = &summaries[0];
        assert_eq!(x.data_type, "Int64");
        assert_eq!((x.n_missing, x.n_null, x.n_user_missing), (3, 1, 2));
        assert_eq!(x.n_distinct, Some(2));
        let s = &summaries[1];
        assert_eq!((s.n_missing, s.n_distinct), (2, Some(2)));
        let d = &summaries[2];
        assert_eq!((d.n_missing, d.n_distinct), (2, Some(2)));
    }
}
