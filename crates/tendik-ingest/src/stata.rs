//! Stata `.dta` (releases 102–119) through `dta`.
//!
//! `dta` streams rows; this module builds one Arrow column per variable: byte, int and
//! long as `Int8`, `Int16` and `Int32`, float and double as `Float64`, str# and strL as
//! `Utf8`. Missing values (`.` and the extended `.a`–`.z`) become nulls; how often each
//! extended value occurs goes into the codebook. Text is decoded as the release implies:
//! Windows-1252 before release 118, UTF-8 from 118 on.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Float64Builder, Int8Builder, Int16Builder, Int32Builder, StringBuilder,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::{RecordBatch, RecordBatchOptions};
use dta::stata::dta::dta_error::{DtaError, FormatErrorKind, Section as DtaSection};
use dta::stata::dta::dta_reader::DtaReader;
use dta::stata::dta::release::Release;
use dta::stata::dta::value::Value;
use dta::stata::dta::value_label::ValueLabelSet;
use dta::stata::dta::variable_type::VariableType;
use dta::stata::missing_value::MissingValue;
use dta::stata::stata_byte::StataByte;
use dta::stata::stata_double::StataDouble;
use dta::stata::stata_float::StataFloat;
use dta::stata::stata_int::StataInt;
use dta::stata::stata_long::StataLong;
use encoding_rs::Encoding;

use crate::codebook::{Codebook, ExtendedMissing, LabelValue, ValueLabel, Variable};
use crate::stata_check::{CountingReader, Section, Source, check_section};
use crate::{BATCH_ROWS, Format, IngestError, Parts, guard};

/// Value-label values at or above this are Stata's missing codes: `.` is 2,147,483,621
/// and `.a`–`.z` follow.
const LABEL_SYSTEM_MISSING: i32 = 2_147_483_621;

/// The last bytes of a file of release 117 or later.
const END_TAG: &[u8] = b"</stata_dta>";

/// Read a Stata file streamed from `reader`; `source` gives random access to the same
/// bytes for the checks in [`stata_check`].
pub(crate) fn read<R: Read>(
    reader: R,
    mut source: impl Source,
    path: &Path,
) -> Result<Parts, IngestError> {
    let io_error = |source| IngestError::Io {
        path: path.to_owned(),
        source,
    };
    let file_length = source.length();
    // Releases 117 and later are framed in tags; `dta` stops after the value labels without
    // looking for the end tag, so a file cut inside it would otherwise read as complete.
    let mut first = [0u8; 1];
    source.read_at(0, &mut first).map_err(io_error)?;
    if first[0] == b'<' {
        let tail_length = file_length.min(64);
        let mut tail = vec![0u8; tail_length as usize];
        source
            .read_at(file_length - tail_length, &mut tail)
            .map_err(io_error)?;
        if !tail.trim_ascii_end().ends_with(END_TAG) {
            return Err(IngestError::truncated(
                path,
                "the closing </stata_dta> tag is missing",
            ));
        }
    }
    guard::guard(path, Format::Stata, || read_unguarded(reader, source, path))?
}

/// One column being built.
enum Column {
    Byte(Int8Builder),
    Int(Int16Builder),
    Long(Int32Builder),
    Float(Float64Builder),
    Text(StringBuilder),
    /// strL cells: references resolved once the strL section (after the data) is read.
    LongText(Vec<Option<(u32, u64)>>),
}

impl Column {
    fn new(variable_type: VariableType, capacity: usize) -> Self {
        match variable_type {
            VariableType::Byte => Self::Byte(Int8Builder::with_capacity(capacity)),
            VariableType::Int => Self::Int(Int16Builder::with_capacity(capacity)),
            VariableType::Long => Self::Long(Int32Builder::with_capacity(capacity)),
            VariableType::Float | VariableType::Double => {
                Self::Float(Float64Builder::with_capacity(capacity))
            }
            VariableType::FixedString(_) => Self::Text(StringBuilder::with_capacity(capacity, 0)),
            VariableType::LongString => Self::LongText(Vec::with_capacity(capacity)),
        }
    }

    fn data_type(variable_type: VariableType) -> DataType {
        match variable_type {
            VariableType::Byte => DataType::Int8,
            VariableType::Int => DataType::Int16,
            VariableType::Long => DataType::Int32,
            VariableType::Float | VariableType::Double => DataType::Float64,
            VariableType::FixedString(_) | VariableType::LongString => DataType::Utf8,
        }
    }

    /// Append a value; a missing value is appended as null and returned.
    fn push(&mut self, value: Value<'_>) -> Result<Option<MissingValue>, String> {
        let mut missing = None;
        match (self, value) {
            (Self::Byte(b), Value::Byte(StataByte::Present(v))) => b.append_value(v),
            (Self::Int(b), Value::Int(StataInt::Present(v))) => b.append_value(v),
            (Self::Long(b), Value::Long(StataLong::Present(v))) => b.append_value(v),
            (Self::Float(b), Value::Float(StataFloat::Present(v))) => {
                b.append_value(f64::from(v));
            }
            (Self::Float(b), Value::Double(StataDouble::Present(v))) => b.append_value(v),
            (Self::Byte(b), Value::Byte(StataByte::Missing(m))) => {
                b.append_null();
                missing = Some(m);
            }
            (Self::Int(b), Value::Int(StataInt::Missing(m))) => {
                b.append_null();
                missing = Some(m);
            }
            (Self::Long(b), Value::Long(StataLong::Missing(m))) => {
                b.append_null();
                missing = Some(m);
            }
            (
                Self::Float(b),
                Value::Float(StataFloat::Missing(m)) | Value::Double(StataDouble::Missing(m)),
            ) => {
                b.append_null();
                missing = Some(m);
            }
            (Self::Text(b), Value::String(text)) => b.append_value(text),
            (Self::LongText(cells), Value::LongStringRef(reference)) => {
                let key = (reference.variable(), reference.observation());
                // (0, 0) is Stata's reference to the empty string.
                cells.push((key != (0, 0)).then_some(key));
            }
            (_, other) => return Err(format!("unexpected value {other:?} for the column's type")),
        }
        Ok(missing)
    }

    /// Finish the rows built so far as an array, leaving the builder empty.
    fn finish(&mut self, long_strings: &HashMap<(u32, u64), String>) -> ArrayRef {
        match self {
            Self::Byte(b) => Arc::new(b.finish()),
            Self::Int(b) => Arc::new(b.finish()),
            Self::Long(b) => Arc::new(b.finish()),
            Self::Float(b) => Arc::new(b.finish()),
            Self::Text(b) => Arc::new(b.finish()),
            Self::LongText(cells) => {
                let mut builder = StringBuilder::with_capacity(cells.len(), 0);
                for cell in cells.drain(..) {
                    let text = cell
                        .and_then(|key| long_strings.get(&key))
                        .map_or("", String::as_str);
                    builder.append_value(text);
                }
                Arc::new(builder.finish())
            }
        }
    }
}

/// Per-column counts of extended missing values, indexed by `MissingValue::code()`.
type MissingCounts = Vec<[usize; 27]>;

fn read_unguarded<R: Read>(
    reader: R,
    mut source: impl Source,
    path: &Path,
) -> Result<Parts, IngestError> {
    let fail = |e| error(path, e);
    let file_length = source.length();
    let (reader, position) = CountingReader::new(reader);
    let schema_reader = DtaReader::new()
        .from_reader(reader)
        .read_header()
        .map_err(fail)?;
    let header = schema_reader.header().clone();
    let release = header.release();
    let byte_order = header.byte_order();
    // Each variable takes at least this many bytes of the schema: a larger count is damage,
    // and would make the reader reserve memory for variables that are not there.
    let bytes_per_variable: u64 = if release >= Release::V119 {
        640
    } else if release >= Release::V117 {
        200
    } else {
        60
    };
    if u64::from(header.variable_count()) * bytes_per_variable > file_length {
        return Err(IngestError::corrupt(
            path,
            Format::Stata,
            format!(
                "the header declares {} variables, more than the file's {file_length} bytes can hold",
                header.variable_count()
            ),
        ));
    }
    let mut characteristics = schema_reader.read_schema().map_err(fail)?;
    check_section(
        &mut source,
        path,
        release,
        byte_order,
        Section::Characteristics,
        position.get(),
    )?;
    characteristics.skip_to_end().map_err(fail)?;
    let mut records = characteristics.into_record_reader().map_err(fail)?;
    let variables = records.schema().variables().to_vec();
    let encoding = records.encoding();

    let row_length: u64 = variables.iter().map(|v| width(v.variable_type())).sum();
    let observations = header.observation_count();
    if observations.saturating_mul(row_length.max(1)) > file_length {
        return Err(IngestError::truncated(
            path,
            format!(
                "the header declares {observations} rows of {row_length} bytes, more than the file's {file_length} bytes"
            ),
        ));
    }

    let fields: Vec<Field> = variables
        .iter()
        .map(|v| Field::new(v.name(), Column::data_type(v.variable_type()), true))
        .collect();
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let capacity = usize::try_from(observations)
        .unwrap_or(usize::MAX)
        .min(BATCH_ROWS);
    let mut columns: Vec<Column> = variables
        .iter()
        .map(|v| Column::new(v.variable_type(), capacity))
        .collect();
    let mut counts: MissingCounts = vec![[0; 27]; variables.len()];

    // Fixed-width columns are cut into batches as they are read; strL columns wait for the
    // strL section, so a file with strLs keeps all rows in the builders until the end.
    let has_long_strings = columns.iter().any(|c| matches!(c, Column::LongText(_)));
    let no_long_strings = HashMap::new();
    let mut batches = Vec::new();
    let mut rows_in_builders = 0usize;
    let mut row: u64 = 0;
    while let Some(record) = records.read_lazy_record().map_err(fail)? {
        row += 1;
        for (index, column) in columns.iter_mut().enumerate() {
            let cell_error = |detail: String| IngestError::Cell {
                path: path.to_owned(),
                row,
                column: variables[index].name().to_owned(),
                detail,
            };
            let value = record
                .value(index)
                .map_err(|e| cell_error(cell_detail(&e, encoding)))?;
            if let Some(missing) = column.push(value).map_err(cell_error)? {
                counts[index][usize::from(missing.code())] += 1;
            }
        }
        rows_in_builders += 1;
        if !has_long_strings && rows_in_builders == BATCH_ROWS {
            batches.push(finish_batch(
                &schema,
                &mut columns,
                rows_in_builders,
                &no_long_strings,
                path,
            )?);
            rows_in_builders = 0;
        }
    }

    let mut long_string_reader = records.into_long_string_reader().map_err(fail)?;
    check_section(
        &mut source,
        path,
        release,
        byte_order,
        Section::LongStrings,
        position.get(),
    )?;
    let mut long_strings = HashMap::new();
    while let Some(long_string) = long_string_reader.read_long_string().map_err(fail)? {
        let text = if long_string.is_binary() {
            String::from_utf8_lossy(long_string.data()).into_owned()
        } else {
            decode_lossy(long_string.data(), encoding)
        };
        long_strings.insert((long_string.variable(), long_string.observation()), text);
    }
    let mut value_label_reader = long_string_reader.into_value_label_reader().map_err(fail)?;
    check_section(
        &mut source,
        path,
        release,
        byte_order,
        Section::ValueLabels,
        position.get(),
    )?;
    let mut label_sets: HashMap<String, ValueLabelSet> = HashMap::new();
    while let Some(set) = value_label_reader.read_value_label_set().map_err(fail)? {
        label_sets.insert(set.name().to_owned(), set);
    }

    if rows_in_builders > 0 {
        let batch = finish_batch(&schema, &mut columns, rows_in_builders, &long_strings, path)?;
        if has_long_strings {
            batches.extend(crate::slice_batch(&batch));
        } else {
            batches.push(batch);
        }
    }

    let variables = variables
        .iter()
        .zip(&counts)
        .map(|(v, counts)| {
            let mut variable = Variable::new(v.name());
            variable.label = non_empty(v.label());
            variable.format = non_empty(v.format());
            if let Some(set) = label_sets.get(v.value_label_name()) {
                variable.value_labels = set
                    .entries()
                    .iter()
                    .map(|entry| ValueLabel {
                        value: label_value(entry.value()),
                        label: entry.label().to_owned(),
                    })
                    .collect();
            }
            variable.missing.extended = counts
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, count)| **count > 0)
                .map(|(code, count)| ExtendedMissing {
                    tag: char::from(b'a' + (code as u8) - 1),
                    count: *count,
                })
                .collect();
            variable
        })
        .collect();
    Ok(Parts {
        schema,
        batches,
        codebook: Codebook {
            variables,
            file_label: non_empty(header.dataset_label()),
            encoding: Some(encoding.name().to_owned()),
            warnings: Vec::new(),
        },
    })
}

fn finish_batch(
    schema: &SchemaRef,
    columns: &mut [Column],
    rows: usize,
    long_strings: &HashMap<(u32, u64), String>,
    path: &Path,
) -> Result<RecordBatch, IngestError> {
    let arrays = columns.iter_mut().map(|c| c.finish(long_strings)).collect();
    RecordBatch::try_new_with_options(
        Arc::clone(schema),
        arrays,
        &RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(|e| IngestError::internal(path, e))
}

fn width(variable_type: VariableType) -> u64 {
    match variable_type {
        VariableType::Byte => 1,
        VariableType::Int => 2,
        VariableType::Long | VariableType::Float => 4,
        VariableType::Double | VariableType::LongString => 8,
        VariableType::FixedString(length) => u64::from(length),
    }
}

fn label_value(value: i32) -> LabelValue {
    if value > LABEL_SYSTEM_MISSING {
        let letter = (value - LABEL_SYSTEM_MISSING) as u8;
        LabelValue::StataMissing(char::from(b'a' + letter - 1))
    } else {
        LabelValue::Number(f64::from(value))
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim_end();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Decode text up to its first NUL, replacing what the encoding cannot decode.
fn decode_lossy(bytes: &[u8], encoding: &'static Encoding) -> String {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    encoding
        .decode_without_bom_handling(&bytes[..end])
        .0
        .into_owned()
}

fn cell_detail(error: &DtaError, encoding: &'static Encoding) -> String {
    let text = error.to_string();
    if text.contains("invalid string encoding") {
        format!(
            "the text is not valid {}; re-save the file in Stata 14 or later (`saveold` keeps an older release) or fix the value",
            encoding.name()
        )
    } else if text.contains("unrecognized Stata missing value") {
        "the value's bits are not a Stata number or missing value; the file is damaged".to_owned()
    } else {
        crate::error::lowercase_first(&text)
    }
}

/// Put `dta`'s errors in the user's terms.
fn error(path: &Path, error: DtaError) -> IngestError {
    if let DtaError::Io { source, section } = &error {
        return if source.kind() == std::io::ErrorKind::UnexpectedEof {
            IngestError::truncated(path, format!("in the {section} section"))
        } else {
            IngestError::corrupt(path, Format::Stata, format!("{section} section: {source}"))
        };
    }
    if let DtaError::Format(format_error) = &error {
        match format_error.kind() {
            FormatErrorKind::InvalidMagic
                if format_error.section() == DtaSection::Header && format_error.position() < 16 =>
            {
                return IngestError::NotFormat {
                    path: path.to_owned(),
                    format: Format::Stata,
                };
            }
            FormatErrorKind::UnsupportedRelease { release } => {
                return IngestError::Unsupported {
                    path: path.to_owned(),
                    detail: format!(
                        "Stata release {release} is not supported; tendik reads releases 102 to 119 (re-save the file from Stata, e.g. with `saveold`)"
                    ),
                };
            }
            FormatErrorKind::Truncated { expected, actual } => {
                return IngestError::truncated(
                    path,
                    format!(
                        "the {} section needs {expected} bytes but only {actual} remain",
                        format_error.section()
                    ),
                );
            }
            _ => {}
        }
    }
    IngestError::corrupt(path, Format::Stata, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_label_values_become_tags() {
        assert_eq!(label_value(1), LabelValue::Number(1.0));
        assert_eq!(label_value(-5), LabelValue::Number(-5.0));
        assert_eq!(
            label_value(LABEL_SYSTEM_MISSING),
            LabelValue::Number(2_147_483_621.0)
        );
        assert_eq!(
            label_value(LABEL_SYSTEM_MISSING + 1),
            LabelValue::StataMissing('a')
        );
        assert_eq!(label_value(i32::MAX), LabelValue::StataMissing('z'));
    }

    #[test]
    fn lossy_decoding_stops_at_nul() {
        assert_eq!(
            decode_lossy(b"caf\xe9\0junk", encoding_rs::WINDOWS_1252),
            "café"
        );
        assert_eq!(decode_lossy(b"a\xffb", encoding_rs::UTF_8), "a\u{fffd}b");
    }
}
