//! Readers for survey files into Arrow record batches and a codebook.
//!
//! [`read`] opens a file, recognises its format from its first bytes (the extension is the
//! fallback) and returns a [`Dataset`]: the data as Arrow record batches and a [`Codebook`]
//! with what the file says about each variable (label, value labels, missing values).
//!
//! | format | reader | types |
//! |---|---|---|
//! | SPSS `.sav`, `.zsav` | [`ambers`], bridged from arrow 57 through the C data interface | numbers `Float64`, text `Utf8`, dates `Date32`, date-times `Timestamp(µs)`, times `Duration(µs)` |
//! | Stata `.dta` 102–119 | [`dta`] | byte/int/long `Int8`/`Int16`/`Int32`, float/double `Float64`, str/strL `Utf8`; dates stay numbers |
//! | CSV | arrow-csv | `Int64`, `Float64` or `Utf8` by content; empty and `NA` are null; separator and decimal mark detected or given ([`CsvOptions`]) |
//! | Parquet | parquet | as stored; `tendik:*` field metadata becomes the codebook |
//!
//! A gzip or zstd file (`.csv.gz`, `.dta.zst`) is recognised by its first bytes,
//! decompressed, and read as what is inside.
//!
//! SPSS user-missing values stay in the data as their codes (so that "9 = refused" can be
//! tabulated); [`Dataset::batches_with_missing_as_null`] replaces them with nulls before
//! estimation. Stata's extended missing values `.a`–`.z` are nulls already, counted in the
//! codebook.
//!
//! No reader panics or runs out of memory on malformed input (the fuzz targets in `fuzz/`
//! check this): before `ambers` and `dta` read a file, the lengths it declares are checked
//! against its size (an SPSS dictionary walk; the Stata sections whose lengths drive
//! allocations), a file cut short is detected (SPSS row count, Stata end tag), and as a
//! last resort the third-party readers run behind [`std::panic::catch_unwind`]. Every
//! failure becomes an [`IngestError`] that names the file.

mod arrow_bridge;
mod codebook;
mod csv;
mod error;
mod fifo;
mod format;
mod guard;
mod missing;
mod parquet;
mod spss;
mod spss_check;
mod stata;
mod stata_check;
mod summary;

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use serde::ser::SerializeStruct;

pub use codebook::{
    Codebook, ExtendedMissing, FIELD_FORMAT, FIELD_LABEL, FIELD_MEASURE, FIELD_MISSING,
    FIELD_VALUE_LABELS, FirstText, LabelValue, Measure, MissingSpec, SCHEMA_FILE_LABEL, ValueLabel,
    Variable,
};
pub use csv::{BATCH_CELLS, CsvOptions, Decimal};
pub use error::IngestError;
pub use fifo::FIFO_WAIT;
pub use format::Format;
pub use summary::VariableSummary;

/// Rows per record batch produced by the readers (Parquet keeps its own row groups' sizes
/// up to this).
pub const BATCH_ROWS: usize = 65_536;

/// A data file read into memory: its data as Arrow record batches and its codebook.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The file it came from (for [`read_bytes`], the name given).
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The columns: names exactly as in the file, types as listed in the crate docs.
    pub schema: SchemaRef,
    /// The rows, in file order, in batches of at most [`BATCH_ROWS`].
    pub batches: Vec<RecordBatch>,
    /// One [`Variable`] per column, in schema order.
    pub codebook: Codebook,
}

impl Dataset {
    /// The number of rows.
    #[must_use]
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The batches with SPSS user-missing values (discrete values and ranges, numbers and
    /// text) replaced by nulls; Stata's `.a`–`.z` are null already. Use these for
    /// estimation. Columns without user-missing values are shared, not copied.
    pub fn batches_with_missing_as_null(&self) -> Result<Vec<RecordBatch>, IngestError> {
        missing::batches_with_missing_as_null(self)
    }
}

/// Serializes what describes the data set (path, format, rows, columns and their types,
/// codebook), not the data itself.
impl serde::Serialize for Dataset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let columns: Vec<(String, String)> = self
            .schema
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().to_string()))
            .collect();
        let mut state = serializer.serialize_struct("Dataset", 5)?;
        state.serialize_field("path", &self.path)?;
        state.serialize_field("format", &self.format)?;
        state.serialize_field("rows", &self.num_rows())?;
        state.serialize_field("columns", &columns)?;
        state.serialize_field("codebook", &self.codebook)?;
        state.end()
    }
}

/// What each reader returns.
#[derive(Debug)]
pub(crate) struct Parts {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    codebook: Codebook,
}

/// Read a data file: SPSS `.sav`/`.zsav`, Stata `.dta`, CSV or Parquet.
///
/// The format is recognised from the first bytes (SPSS `$FL2`/`$FL3`, Parquet `PAR1`, Stata
/// `<stata_dta>` or a binary release header), then from the extension (`.csv`).
pub fn read(path: &Path) -> Result<Dataset, IngestError> {
    read_with(path, CsvOptions::default())
}

/// [`read`], with the separator and decimal mark of a CSV file given.
pub fn read_with(path: &Path, options: CsvOptions) -> Result<Dataset, IngestError> {
    let io_error = |source| IngestError::Io {
        path: path.to_owned(),
        source,
    };
    if path.as_os_str() == "-" {
        // Standard input, read as a stream.
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(io_error)?;
        return read_stream(&bytes, path, options);
    }
    if std::fs::metadata(path)
        .is_ok_and(|m| std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()))
    {
        let bytes = fifo::read_fifo(path).map_err(io_error)?;
        return read_stream(&bytes, path, options);
    }
    let mut file = File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if metadata.is_dir() {
        return Err(io_error(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    if !metadata.is_file() || path.starts_with("/dev") || path.starts_with("/proc") {
        // A pipe, `<(…)`, a device or `/dev/stdin`: read it as a stream.
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io_error)?;
        return read_stream(&bytes, path, options);
    }
    if metadata.len() == 0 {
        return Err(IngestError::Empty {
            path: path.to_owned(),
        });
    }
    // The first bytes: the format's signature, and for text, signs of binary data.
    let mut head = Vec::with_capacity(8192);
    (&mut file)
        .take(8192)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    file.seek(SeekFrom::Start(0)).map_err(io_error)?;
    if let Some(kind) = compression(&head) {
        // A compressed file: decompress it, then recognise what is inside.
        let mut compressed = Vec::new();
        file.read_to_end(&mut compressed).map_err(io_error)?;
        let bytes = decompress(kind, &compressed).map_err(|e| {
            io_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("its {kind} data is damaged ({e}); `{kind} -t` on it says more"),
            ))
        })?;
        // `survey.csv.gz` holds a `survey.csv`; `survey.csv` may be compressed too.
        let compressed_extension = path.extension().is_some_and(|e| {
            matches!(
                e.to_string_lossy().to_ascii_lowercase().as_str(),
                "gz" | "gzip" | "zst" | "zstd"
            )
        });
        let inner = if compressed_extension {
            path.with_extension("")
        } else {
            path.to_owned()
        };
        let format = Format::detect(&inner, &bytes[..bytes.len().min(16)])?;
        return parse(&bytes, format, path, options).map(|parts| dataset(path, format, parts));
    }
    let format = Format::detect(path, &head[..head.len().min(16)])?;
    let parts = match format {
        Format::Csv => {
            // Before reading the rest: a gigabyte of binary data named .csv is refused here.
            csv::check_text(&head, path)?;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(io_error)?;
            csv::read(&bytes, path, options)?
        }
        Format::Parquet => parquet::read(file, path)?,
        Format::Spss => spss::read(BufReader::with_capacity(1 << 20, file), path)?,
        Format::Stata => {
            let source = stata_check::FileSource::open(path).map_err(io_error)?;
            stata::read(BufReader::with_capacity(1 << 20, file), source, path)?
        }
    };
    Ok(dataset(path, format, parts))
}

/// Read only the schema and codebook of a Parquet file (its footer), not its rows: for a
/// query engine that reads the rows itself with column projection. The returned
/// [`Dataset`] has no batches.
pub fn read_parquet_schema(path: &Path) -> Result<Dataset, IngestError> {
    let file = File::open(path).map_err(|source| IngestError::Io {
        path: path.to_owned(),
        source,
    })?;
    let parts = parquet::read_schema(file, path)?;
    Ok(dataset(path, Format::Parquet, parts))
}

/// Bytes that came through a pipe or standard input: recognised by their first bytes
/// (CSV when they have no signature), decompressed if need be.
fn read_stream(bytes: &[u8], path: &Path, options: CsvOptions) -> Result<Dataset, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "it is a pipe or a device, and nothing came through it",
            ),
        });
    }
    let decompressed;
    let bytes = match compression(bytes) {
        Some(kind) => {
            decompressed = decompress(kind, bytes).map_err(|e| IngestError::Io {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("its {kind} data is damaged ({e})"),
                ),
            })?;
            &decompressed[..]
        }
        None => bytes,
    };
    let format = Format::from_magic(&bytes[..bytes.len().min(16)]).unwrap_or(Format::Csv);
    parse(bytes, format, path, options).map(|parts| dataset(path, format, parts))
}

/// The compression a file's first bytes announce: gzip or zstd.
fn compression(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0x1f, 0x8b]) {
        Some("gzip")
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some("zstd")
    } else {
        None
    }
}

fn decompress(kind: &str, compressed: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if kind == "gzip" {
        flate2::read::MultiGzDecoder::new(compressed).read_to_end(&mut bytes)?;
    } else {
        bytes = zstd::stream::decode_all(compressed)?;
    }
    Ok(bytes)
}

/// Parse bytes in memory as `format`.
fn parse(
    bytes: &[u8],
    format: Format,
    path: &Path,
    options: CsvOptions,
) -> Result<Parts, IngestError> {
    match format {
        Format::Csv => csv::read(bytes, path, options),
        Format::Parquet => parquet::read(bytes::Bytes::copy_from_slice(bytes), path),
        Format::Spss => spss::read(std::io::Cursor::new(bytes), path),
        Format::Stata => stata::read(bytes, bytes, path),
    }
}

/// Read a file's bytes as the given format; `name` stands for the file in errors and in
/// [`Dataset::path`]. Used by the fuzz targets and for data that is not on disk.
pub fn read_bytes(bytes: &[u8], format: Format, name: &str) -> Result<Dataset, IngestError> {
    read_bytes_with(bytes, format, name, CsvOptions::default())
}

/// [`read_bytes`] with the separator and decimal mark of CSV bytes given.
pub fn read_bytes_with(
    bytes: &[u8],
    format: Format,
    name: &str,
    options: CsvOptions,
) -> Result<Dataset, IngestError> {
    let path = Path::new(name);
    if bytes.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_owned(),
        });
    }
    let parts = parse(bytes, format, path, options)?;
    Ok(dataset(path, format, parts))
}

/// Cut a batch into zero-copy slices of at most [`BATCH_ROWS`] rows; none for no rows.
pub(crate) fn slice_batch(batch: &RecordBatch) -> Vec<RecordBatch> {
    let rows = batch.num_rows();
    (0..rows)
        .step_by(BATCH_ROWS)
        .map(|start| batch.slice(start, BATCH_ROWS.min(rows - start)))
        .collect()
}

fn dataset(path: &Path, format: Format, parts: Parts) -> Dataset {
    Dataset {
        path: path.to_owned(),
        format,
        schema: parts.schema,
        batches: parts.batches,
        codebook: parts.codebook,
    }
}
