//! Parquet through parquet's Arrow reader.
//!
//! Types are kept as stored. A field's `tendik:*` metadata (see [`crate::FIELD_LABEL`] and
//! its siblings) becomes its codebook entry, and the schema's [`crate::SCHEMA_FILE_LABEL`]
//! the file label, so that a data set written with its codebook reads back with it.

use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::errors::ParquetError;
use parquet::file::reader::ChunkReader;

use crate::codebook::{Codebook, SCHEMA_FILE_LABEL, Variable};
use crate::error::lowercase_first;
use crate::{BATCH_ROWS, Format, IngestError, Parts, guard};

/// Read a Parquet file.
pub(crate) fn read<T: ChunkReader + 'static>(source: T, path: &Path) -> Result<Parts, IngestError> {
    guard::guard(path, Format::Parquet, || read_unguarded(source, path))?
}

/// Read only a Parquet file's schema and codebook (its footer), not its rows.
pub(crate) fn read_schema<T: ChunkReader + 'static>(
    source: T,
    path: &Path,
) -> Result<Parts, IngestError> {
    guard::guard(path, Format::Parquet, || {
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(source).map_err(|e| error(path, &e))?;
        let schema = builder.schema().clone();
        parts(path, schema, Vec::new())
    })?
}

fn read_unguarded<T: ChunkReader + 'static>(source: T, path: &Path) -> Result<Parts, IngestError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(source).map_err(|e| error(path, &e))?;
    let schema = builder.schema().clone();
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| error(path, &e))?;
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(|e| {
        IngestError::corrupt(path, Format::Parquet, lowercase_first(&e.to_string()))
    })?;
    parts(path, schema, batches)
}

fn parts(
    path: &Path,
    schema: arrow::datatypes::SchemaRef,
    batches: Vec<arrow::record_batch::RecordBatch>,
) -> Result<Parts, IngestError> {
    let variables = schema
        .fields()
        .iter()
        .map(|field| {
            Variable::from_field_metadata(field.name(), field.metadata()).map_err(|detail| {
                IngestError::Column {
                    path: path.to_owned(),
                    column: field.name().clone(),
                    detail: format!("{detail}; rewrite the file's metadata or drop the key"),
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let codebook = Codebook {
        variables,
        file_label: schema.metadata().get(SCHEMA_FILE_LABEL).cloned(),
        ..Codebook::default()
    };
    Ok(Parts {
        schema,
        batches,
        codebook,
    })
}

fn error(path: &Path, error: &ParquetError) -> IngestError {
    let text = error.to_string();
    let truncated = matches!(
        error,
        ParquetError::EOF(_) | ParquetError::NeedMoreData(_) | ParquetError::NeedMoreDataRange(_)
    ) || text.contains("Corrupt footer")
        || text.contains("smaller than footer");
    if truncated {
        return IngestError::truncated(path, "");
    }
    let text = text.strip_prefix("Parquet error: ").unwrap_or(&text);
    IngestError::corrupt(path, Format::Parquet, lowercase_first(text))
}
