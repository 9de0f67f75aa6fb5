//! SPSS `.sav` and `.zsav` through `ambers`.

use std::io::{Read, Seek};
use std::path::Path;
use std::sync::Arc;

use ambers::error::SpssError;
use arrow::array::ArrayRef;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::{RecordBatch, RecordBatchOptions};

use crate::codebook::{Codebook, LabelValue, Measure, MissingSpec, ValueLabel, Variable};
use crate::error::lowercase_first;
use crate::{Format, IngestError, Parts, arrow_bridge, guard, slice_batch, spss_check};

/// Read an SPSS system file.
pub(crate) fn read<R: Read + Seek>(mut reader: R, path: &Path) -> Result<Parts, IngestError> {
    spss_check::check_dictionary(&mut reader, path)?;
    let (batch57, metadata) =
        guard::guard(path, Format::Spss, || ambers::read_sav_from_reader(reader))?
            .map_err(|e| error(path, e))?;
    check_row_count(path, &metadata.warnings)?;
    let batch = arrow_bridge::record_batch_from_arrow57(&batch57)
        .map_err(|e| IngestError::internal(path, e))?;
    drop(batch57);
    // Slice before casting so that no text column needs more than `i32` offsets.
    let schema = utf8_schema(&batch.schema());
    let batches = slice_batch(&batch)
        .iter()
        .map(|slice| text_as_utf8(slice, &schema))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IngestError::internal(path, e))?;
    let codebook = codebook(&schema, &metadata);
    Ok(Parts {
        schema,
        batches,
        codebook,
    })
}

/// A file whose header declares more rows than it holds was cut short: ambers reads what
/// is there and only warns, which would silently lose rows.
fn check_row_count(path: &Path, warnings: &[String]) -> Result<(), IngestError> {
    for warning in warnings {
        // "header declares {ncases} rows but {read} rows were read"
        let Some(rest) = warning.strip_prefix("header declares ") else {
            continue;
        };
        let mut words = rest.split(' ');
        let declared = words.next().and_then(|w| w.parse::<u64>().ok());
        let read = words.nth(2).and_then(|w| w.parse::<u64>().ok());
        if let (Some(declared), Some(read)) = (declared, read)
            && read < declared
        {
            return Err(IngestError::truncated(
                path,
                format!("the header declares {declared} rows but only {read} are present"),
            ));
        }
    }
    Ok(())
}

/// ambers' text columns are `Utf8View`; the rest of tendik expects `Utf8`.
fn utf8_schema(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|field| {
            if field.data_type() == &DataType::Utf8View {
                field.as_ref().clone().with_data_type(DataType::Utf8)
            } else {
                field.as_ref().clone()
            }
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

fn text_as_utf8(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
    let columns = batch
        .columns()
        .iter()
        .map(|column| {
            if column.data_type() == &DataType::Utf8View {
                arrow::compute::cast(column, &DataType::Utf8)
            } else {
                Ok(Arc::clone(column))
            }
        })
        .collect::<Result<Vec<ArrayRef>, _>>()?;
    RecordBatch::try_new_with_options(
        Arc::clone(schema),
        columns,
        &RecordBatchOptions::new().with_row_count(Some(batch.num_rows())),
    )
}

fn codebook(schema: &Schema, metadata: &ambers::SpssMetadata) -> Codebook {
    let variables = schema
        .fields()
        .iter()
        .map(|field| {
            let name = field.name();
            let mut variable = Variable::new(name.clone());
            variable.label = metadata
                .variable_labels
                .get(name)
                .filter(|l| !l.trim().is_empty())
                .cloned();
            if let Some(labels) = metadata.variable_value_labels.get(name) {
                variable.value_labels = labels
                    .iter()
                    .map(|(value, label)| ValueLabel {
                        value: label_value(value),
                        label: label.clone(),
                    })
                    .collect();
            }
            if let Some(specs) = metadata.variable_missing_values.get(name) {
                variable.missing = missing_spec(specs);
            }
            variable.format = metadata.variable_formats.get(name).cloned();
            variable.measure = metadata
                .variable_measures
                .get(name)
                .and_then(|m| measure(*m));
            variable
        })
        .collect();
    let file_label = metadata.file_label.trim();
    Codebook {
        variables,
        file_label: (!file_label.is_empty()).then(|| file_label.to_owned()),
        encoding: Some(metadata.file_encoding.clone()),
        warnings: metadata.warnings.clone(),
    }
}

fn label_value(value: &ambers::Value) -> LabelValue {
    match value {
        ambers::Value::Numeric(number) => LabelValue::Number(*number),
        ambers::Value::String(text) => LabelValue::Text(text.clone()),
    }
}

fn missing_spec(specs: &[ambers::MissingSpec]) -> MissingSpec {
    let mut missing = MissingSpec::default();
    for spec in specs {
        match spec {
            ambers::MissingSpec::Value(number) => missing.values.push(LabelValue::Number(*number)),
            ambers::MissingSpec::Range { lo, hi } => missing.range = Some((*lo, *hi)),
            ambers::MissingSpec::StringValue(text) => {
                missing.values.push(LabelValue::Text(text.clone()));
            }
        }
    }
    missing
}

fn measure(measure: ambers::Measure) -> Option<Measure> {
    match measure {
        ambers::Measure::Nominal => Some(Measure::Nominal),
        ambers::Measure::Ordinal => Some(Measure::Ordinal),
        ambers::Measure::Scale => Some(Measure::Scale),
        ambers::Measure::Unknown => None,
    }
}

/// Put ambers' terse errors in the user's terms.
fn error(path: &Path, error: SpssError) -> IngestError {
    match error {
        SpssError::Io(source) if source.kind() == std::io::ErrorKind::UnexpectedEof => {
            IngestError::truncated(path, "")
        }
        SpssError::Io(source) => IngestError::Io {
            path: path.to_owned(),
            source,
        },
        SpssError::InvalidMagic { .. } => IngestError::NotFormat {
            path: path.to_owned(),
            format: Format::Spss,
        },
        SpssError::TruncatedFile { expected, actual } => IngestError::truncated(
            path,
            format!("a record needs {expected} bytes but only {actual} remain"),
        ),
        SpssError::UnsupportedCompression(code) => IngestError::corrupt(
            path,
            Format::Spss,
            format!("unknown compression code {code} in the header"),
        ),
        SpssError::Zlib(detail) => IngestError::corrupt(
            path,
            Format::Spss,
            format!(
                "the zlib-compressed data cannot be decompressed ({})",
                lowercase_first(&detail)
            ),
        ),
        SpssError::Encoding(detail) => IngestError::corrupt(
            path,
            Format::Spss,
            format!("text cannot be decoded ({})", lowercase_first(&detail)),
        ),
        SpssError::Unsupported(detail) => IngestError::Unsupported {
            path: path.to_owned(),
            detail: format!(
                "{}; open the file in SPSS or PSPP and save it again as .sav",
                lowercase_first(&detail)
            ),
        },
        SpssError::Arrow(error) => IngestError::internal(path, error),
        other => IngestError::corrupt(path, Format::Spss, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_rows_than_declared_is_truncation() {
        let warnings = vec!["header declares 10 rows but 7 rows were read".to_owned()];
        let error = check_row_count(Path::new("x.sav"), &warnings).expect_err("truncated");
        assert_eq!(
            error.to_string(),
            "x.sav: the file ends early (truncated download?) (the header declares 10 rows but only 7 are present); copy or download it again"
        );
        let warnings = vec!["header declares 7 rows but 10 rows were read".to_owned()];
        assert!(check_row_count(Path::new("x.sav"), &warnings).is_ok());
    }

    #[test]
    fn terse_errors_are_explained() {
        let error = error(
            Path::new("data/x.sav"),
            SpssError::InvalidMagic { found: *b"abcd" },
        );
        assert!(
            error
                .to_string()
                .starts_with("data/x.sav: not an SPSS file (bad magic number)")
        );
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        let error = super::error(Path::new("data/x.sav"), SpssError::Io(eof));
        assert!(
            error
                .to_string()
                .starts_with("data/x.sav: the file ends early (truncated download?)")
        );
    }
}
