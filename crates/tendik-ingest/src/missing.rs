//! Replacing user-missing values with nulls.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use arrow::datatypes::{
    DataType, Date32Type, DurationMicrosecondType, Float64Type, TimeUnit, TimestampMicrosecondType,
};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use crate::codebook::MissingSpec;
use crate::{Dataset, IngestError};

/// Days from the SPSS epoch (1582-10-14) to the Unix epoch (1970-01-01).
const SPSS_EPOCH_DAYS: f64 = 141_428.0;
const SECONDS_PER_DAY: f64 = 86_400.0;
const MICROS_PER_SECOND: f64 = 1e6;

pub(crate) fn batches_with_missing_as_null(
    dataset: &Dataset,
) -> Result<Vec<RecordBatch>, IngestError> {
    let specs: Vec<Option<&MissingSpec>> = dataset
        .schema
        .fields()
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let variable = match dataset.codebook.variables.get(index) {
                Some(v) if v.name == *field.name() => Some(v),
                _ => dataset.codebook.get(field.name()),
            };
            variable
                .map(|v| &v.missing)
                .filter(|m| m.has_user_missing())
        })
        .collect();
    if specs.iter().all(Option::is_none) {
        return Ok(dataset.batches.clone());
    }
    dataset
        .batches
        .iter()
        .map(|batch| {
            let columns = batch
                .columns()
                .iter()
                .zip(&specs)
                .map(|(column, spec)| match spec {
                    Some(spec) => nullify_user_missing(column, spec),
                    None => Ok(Arc::clone(column)),
                })
                .collect::<Result<Vec<_>, _>>()?;
            RecordBatch::try_new_with_options(
                batch.schema(),
                columns,
                &RecordBatchOptions::new().with_row_count(Some(batch.num_rows())),
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IngestError::internal(&dataset.path, e))
}

/// The array with the cells that `spec` declares missing set to null.
///
/// Numbers of any numeric type compare as `f64`. SPSS dates, date-times and times (read as
/// `Date32`, `Timestamp(µs)` and `Duration(µs)`) compare in SPSS's own unit, seconds since
/// 1582-10-14 (or seconds for times), as their missing values are declared. Text compares
/// without trailing blanks. Other types are returned unchanged.
pub(crate) fn nullify_user_missing(
    array: &ArrayRef,
    spec: &MissingSpec,
) -> Result<ArrayRef, ArrowError> {
    let mask: Option<BooleanArray> = match array.data_type() {
        DataType::Utf8 if spec.has_text() => Some(text_mask(array.as_string::<i32>().iter(), spec)),
        DataType::LargeUtf8 if spec.has_text() => {
            Some(text_mask(array.as_string::<i64>().iter(), spec))
        }
        DataType::Utf8View if spec.has_text() => {
            Some(text_mask(array.as_string_view().iter(), spec))
        }
        DataType::Date32 if spec.has_numeric() => Some(number_mask(
            array
                .as_primitive::<Date32Type>()
                .iter()
                .map(|d| d.map(|d| (f64::from(d) + SPSS_EPOCH_DAYS) * SECONDS_PER_DAY)),
            spec,
        )),
        DataType::Timestamp(TimeUnit::Microsecond, _) if spec.has_numeric() => Some(number_mask(
            array
                .as_primitive::<TimestampMicrosecondType>()
                .iter()
                .map(|t| {
                    t.map(|t| t as f64 / MICROS_PER_SECOND + SPSS_EPOCH_DAYS * SECONDS_PER_DAY)
                }),
            spec,
        )),
        DataType::Duration(TimeUnit::Microsecond) if spec.has_numeric() => Some(number_mask(
            array
                .as_primitive::<DurationMicrosecondType>()
                .iter()
                .map(|t| t.map(|t| t as f64 / MICROS_PER_SECOND)),
            spec,
        )),
        data_type if data_type.is_numeric() && spec.has_numeric() => {
            let numbers = arrow::compute::cast(array, &DataType::Float64)?;
            Some(number_mask(
                numbers.as_primitive::<Float64Type>().iter(),
                spec,
            ))
        }
        _ => None,
    };
    match mask {
        Some(mask) if mask.true_count() > 0 => arrow::compute::nullif(array, &mask),
        _ => Ok(Arc::clone(array)),
    }
}

fn number_mask(values: impl Iterator<Item = Option<f64>>, spec: &MissingSpec) -> BooleanArray {
    values
        .map(|v| Some(v.is_some_and(|v| spec.is_missing_number(v))))
        .collect()
}

fn text_mask<'a>(
    values: impl Iterator<Item = Option<&'a str>>,
    spec: &MissingSpec,
) -> BooleanArray {
    values
        .map(|v| Some(v.is_some_and(|v| spec.is_missing_text(v))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::LabelValue;
    use arrow::array::{Date32Array, Float64Array, Int32Array, StringArray};
    use proptest::prelude::*;

    /// How many non-null cells `spec` declares missing.
    fn count_user_missing(array: &ArrayRef, spec: &MissingSpec) -> usize {
        if !spec.has_user_missing() {
            return 0;
        }
        match nullify_user_missing(array, spec) {
            Ok(nulled) => nulled.null_count() - array.null_count(),
            Err(_) => 0,
        }
    }

    fn spec(values: &[f64], range: Option<(f64, f64)>) -> MissingSpec {
        MissingSpec {
            values: values.iter().map(|v| LabelValue::Number(*v)).collect(),
            range,
            extended: Vec::new(),
        }
    }

    #[test]
    fn discrete_values_and_ranges() {
        let array: ArrayRef = Arc::new(Float64Array::from(vec![
            Some(1.0),
            Some(9.0),
            None,
            Some(-2.0),
            Some(99.0),
        ]));
        let nulled =
            nullify_user_missing(&array, &spec(&[9.0], Some((f64::MIN, -1.0)))).expect("works");
        assert_eq!(
            nulled.as_primitive::<Float64Type>(),
            &Float64Array::from(vec![Some(1.0), None, None, None, Some(99.0)])
        );
    }

    #[test]
    fn integers_compare_as_numbers() {
        let array: ArrayRef = Arc::new(Int32Array::from(vec![1, 8, 9]));
        let nulled = nullify_user_missing(&array, &spec(&[], Some((8.0, 9.0)))).expect("works");
        assert_eq!(nulled.data_type(), &DataType::Int32);
        assert_eq!(nulled.null_count(), 2);
    }

    #[test]
    fn text_ignores_trailing_blanks() {
        let array: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), Some("NA  "), None]));
        let spec = MissingSpec {
            values: vec![LabelValue::Text("NA".to_owned())],
            ..MissingSpec::default()
        };
        let nulled = nullify_user_missing(&array, &spec).expect("works");
        assert_eq!(
            nulled.as_string::<i32>(),
            &StringArray::from(vec![Some("a"), None, None])
        );
        assert_eq!(count_user_missing(&array, &spec), 1);
    }

    #[test]
    fn dates_compare_in_spss_seconds() {
        // 1970-01-01 is day 0 of Date32 and 12,219,379,200 s after SPSS's epoch.
        let array: ArrayRef = Arc::new(Date32Array::from(vec![0, 1]));
        let nulled = nullify_user_missing(&array, &spec(&[12_219_379_200.0], None)).expect("works");
        assert_eq!(nulled.null_count(), 1);
        assert!(nulled.is_null(0));
    }

    #[test]
    fn nothing_declared_shares_the_array() {
        let array: ArrayRef = Arc::new(Float64Array::from(vec![1.0]));
        let same = nullify_user_missing(&array, &spec(&[2.0], None)).expect("works");
        assert!(Arc::ptr_eq(&array, &same));
    }

    proptest! {
        #[test]
        fn nulls_are_exactly_the_declared_cells(
            values in proptest::collection::vec(proptest::option::of(-20i32..20), 0..200),
            discrete in proptest::collection::vec(-20i32..20, 0..3),
            range in proptest::option::of((-20i32..20, -20i32..20)),
        ) {
            let array: ArrayRef = Arc::new(Float64Array::from(
                values.iter().map(|v| v.map(f64::from)).collect::<Vec<_>>(),
            ));
            let discrete: Vec<f64> = discrete.into_iter().map(f64::from).collect();
            let spec = spec(&discrete, range.map(|(a, b)| (f64::from(a), f64::from(b))));
            let nulled = nullify_user_missing(&array, &spec).expect("works");
            let nulled = nulled.as_primitive::<Float64Type>();
            prop_assert_eq!(nulled.len(), values.len());
            for (index, value) in values.iter().enumerate() {
                let declared = value.is_some_and(|v| {
                    let v = f64::from(v);
                    discrete.contains(&v) || range.is_some_and(|(a, b)| f64::from(a) <= v && v <= f64::from(b))
                });
                match value {
                    Some(v) if !declared => prop_assert_eq!(nulled.value(index).to_bits(), f64::from(*v).to_bits()),
                    _ => prop_assert!(nulled.is_null(index)),
                }
            }
            let expected_missing = values.iter().filter(|v| v.is_some()).count()
                - nulled.iter().flatten().count();
            prop_assert_eq!(count_user_missing(&array, &spec), expected_missing);
        }
    }
}
