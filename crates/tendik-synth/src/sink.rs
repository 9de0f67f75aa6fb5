//! Streaming, atomic writers: Stata `.dta` (release 118, UTF-8, value and variable labels),
//! Parquet (labels in `tendik:*` field metadata, as tendik-ingest reads them) and CSV (with a
//! JSON codebook beside it). Each file is written to a temporary file in the output
//! directory and renamed into place when complete.

use std::fs::File;
use std::io::{BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Float64Builder, Int8Builder, Int16Builder, Int32Builder, StringBuilder,
};
use arrow::datatypes::{DataType, Field, Schema as ArrowSchema, SchemaRef};
use arrow::record_batch::RecordBatch;
use dta::stata::dta::byte_order::ByteOrder;
use dta::stata::dta::dta_reader::DtaReader;
use dta::stata::dta::dta_writer::DtaWriter;
use dta::stata::dta::header::Header;
use dta::stata::dta::record_writer::RecordWriter;
use dta::stata::dta::release::Release;
use dta::stata::dta::schema::Schema;
use dta::stata::dta::value::Value;
use dta::stata::dta::value_label::ValueLabelSet;
use dta::stata::dta::variable::Variable;
use dta::stata::dta::variable_type::VariableType;
use dta::stata::missing_value::MissingValue;
use dta::stata::stata_byte::StataByte;
use dta::stata::stata_double::StataDouble;
use dta::stata::stata_int::StataInt;
use dta::stata::stata_long::StataLong;
use dta::stata::stata_timestamp::StataTimestamp;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use tempfile::{NamedTempFile, TempPath};
use tendik_ingest::{
    Codebook, LabelValue, SCHEMA_FILE_LABEL, ValueLabel, Variable as CodebookVariable,
};

use crate::Format;
use crate::codebook::{Cell, Column, Kind};
use crate::error::SynthError;

/// Rows per Arrow batch (and Parquet row group).
const BATCH_ROWS: usize = 65_536;
/// The fixed time stamp of every `.dta` file (the MICS 2018 fieldwork year), so that a
/// seed always gives the same bytes.
const TIMESTAMP: &str = "01 Sep 2018 00:00";

fn stata_error(path: &Path, error: impl std::fmt::Display) -> SynthError {
    SynthError::Stata {
        path: path.to_owned(),
        message: error.to_string(),
    }
}

fn arrow_error(path: &Path, error: impl std::fmt::Display) -> SynthError {
    SynthError::Arrow {
        path: path.to_owned(),
        message: error.to_string(),
    }
}

pub(crate) fn io_error(path: &Path, source: std::io::Error) -> SynthError {
    SynthError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A temporary file beside `path`.
pub(crate) fn temporary(path: &Path) -> Result<NamedTempFile, SynthError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    tempfile::Builder::new()
        .prefix(".tendik-synth-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_error(dir, e))
}

pub(crate) fn persist(temp: TempPath, path: &Path) -> Result<(), SynthError> {
    // Temporary files are created private (0600); the survey files are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o644))
            .map_err(|e| io_error(path, e))?;
    }
    temp.persist(path).map_err(|e| io_error(path, e.error))
}

/// A file being written.
pub(crate) enum Sink {
    Dta(Box<DtaSink>),
    Arrow(Box<ArrowSink>),
}

impl Sink {
    /// Open `path` for these columns.
    pub(crate) fn create(
        format: Format,
        path: PathBuf,
        file_label: &str,
        columns: &[Column],
    ) -> Result<Self, SynthError> {
        Ok(match format {
            Format::Dta => Self::Dta(Box::new(DtaSink::create(path, file_label, columns)?)),
            Format::Parquet | Format::Csv => Self::Arrow(Box::new(ArrowSink::create(
                format, path, file_label, columns,
            )?)),
        })
    }

    /// Write one row.
    pub(crate) fn write(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        match self {
            Self::Dta(sink) => sink.write(cells),
            Self::Arrow(sink) => sink.write(cells),
        }
    }

    /// Finish the file and move it into place; returns the number of rows.
    pub(crate) fn finish(self) -> Result<u64, SynthError> {
        match self {
            Self::Dta(sink) => sink.finish(),
            Self::Arrow(sink) => sink.finish(),
        }
    }
}

/// Integer-valued label sets, as Stata needs them; `None` when a label is not an integer.
fn integer_entries(entries: &[(f64, String)]) -> Option<Vec<(i32, String)>> {
    entries
        .iter()
        .map(|(v, l)| (v.fract() == 0.0).then(|| (*v as i32, l.clone())))
        .collect()
}

pub(crate) struct DtaSink {
    path: PathBuf,
    temp: TempPath,
    writer: Option<RecordWriter<BufWriter<File>>>,
    kinds: Vec<Kind>,
    sets: Vec<ValueLabelSet>,
    values: Vec<Value<'static>>,
    rows: u64,
}

impl DtaSink {
    fn create(path: PathBuf, file_label: &str, columns: &[Column]) -> Result<Self, SynthError> {
        let mut set_entries: Vec<(String, Vec<(i32, String)>)> = Vec::new();
        let mut schema = Schema::builder();
        for column in columns {
            let (variable_type, format) = match column.kind {
                Kind::Byte => (VariableType::Byte, "%8.0g".to_owned()),
                Kind::Int => (VariableType::Int, "%8.0g".to_owned()),
                Kind::Long => (VariableType::Long, "%12.0g".to_owned()),
                Kind::Double => (VariableType::Double, "%10.0g".to_owned()),
                Kind::Text(width) => (VariableType::FixedString(width), format!("%{width}s")),
            };
            let mut variable = Variable::builder(variable_type, column.name)
                .format(format)
                .label(column.label);
            if let Some((name, entries)) = &column.labels
                && let Some(integers) = integer_entries(entries)
            {
                variable = variable.value_label_name(name.clone());
                if !set_entries.iter().any(|(n, _)| n == name) {
                    set_entries.push((name.clone(), integers));
                }
            }
            schema = schema.add_variable(variable);
        }
        let schema = schema.build().map_err(|e| stata_error(&path, e))?;
        let sets = value_label_sets(&set_entries).map_err(|e| stata_error(&path, e))?;
        let temp = temporary(&path)?;
        let (file, temp) = temp.into_parts();
        let timestamp = StataTimestamp::parse(TIMESTAMP).map_err(|e| stata_error(&path, e))?;
        let header = Header::builder(Release::V118, ByteOrder::LittleEndian)
            .dataset_label(file_label)
            .timestamp(Some(timestamp))
            .build();
        let writer = DtaWriter::new()
            .from_file(file)
            .write_header(header)
            .and_then(|w| w.write_schema(schema))
            .and_then(
                dta::stata::dta::characteristic_writer::CharacteristicWriter::into_record_writer,
            )
            .map_err(|e| stata_error(&path, e))?;
        Ok(Self {
            path,
            temp,
            writer: Some(writer),
            kinds: columns.iter().map(|c| c.kind).collect(),
            sets,
            values: Vec::with_capacity(columns.len()),
            rows: 0,
        })
    }

    fn write(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        self.values.clear();
        for (cell, kind) in cells.iter().zip(&self.kinds) {
            let missing = MissingValue::System;
            self.values.push(match (*kind, *cell) {
                (Kind::Byte, Cell::Num(v)) => Value::Byte(StataByte::Present(v as i8)),
                (Kind::Byte, _) => Value::Byte(StataByte::Missing(missing)),
                (Kind::Int, Cell::Num(v)) => Value::Int(StataInt::Present(v as i16)),
                (Kind::Int, _) => Value::Int(StataInt::Missing(missing)),
                (Kind::Long, Cell::Num(v)) => Value::Long(StataLong::Present(v as i32)),
                (Kind::Long, _) => Value::Long(StataLong::Missing(missing)),
                (Kind::Double, Cell::Num(v)) => Value::Double(StataDouble::Present(v)),
                (Kind::Double, _) => Value::Double(StataDouble::Missing(missing)),
                (Kind::Text(_), Cell::Text(text)) => Value::string(text),
                (Kind::Text(_), _) => Value::string(""),
            });
        }
        let path = &self.path;
        self.writer
            .as_mut()
            .ok_or_else(|| stata_error(path, "the writer is closed"))?
            .write_record(&self.values)
            .map_err(|e| stata_error(path, e))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<u64, SynthError> {
        let path = self.path.clone();
        let writer = self
            .writer
            .take()
            .ok_or_else(|| stata_error(&path, "the writer is closed"))?;
        let mut labels = writer
            .into_long_string_writer()
            .and_then(
                dta::stata::dta::long_string_writer::LongStringWriter::into_value_label_writer,
            )
            .map_err(|e| stata_error(&path, e))?;
        for set in &self.sets {
            labels
                .write_value_label_set(set)
                .map_err(|e| stata_error(&path, e))?;
        }
        let mut inner = labels.finish().map_err(|e| stata_error(&path, e))?;
        inner.flush().map_err(|e| io_error(&path, e))?;
        drop(inner);
        persist(self.temp, &path)?;
        Ok(self.rows)
    }
}

/// Value-label sets as the `dta` crate's own type. The crate (0.6) has no public
/// constructor for them, so the sets are encoded in release-118 form, spliced into a tiny
/// file that the crate itself wrote, and read back with the crate's reader, which checks them.
fn value_label_sets(sets: &[(String, Vec<(i32, String)>)]) -> Result<Vec<ValueLabelSet>, String> {
    let error = |e: &dyn std::fmt::Display| e.to_string();
    let header = Header::builder(Release::V118, ByteOrder::LittleEndian).build();
    let schema = Schema::builder()
        .add_variable(Variable::builder(VariableType::Byte, "x").format("%8.0g"))
        .build()
        .map_err(|e| error(&e))?;
    let cursor = DtaWriter::new()
        .from_writer(Cursor::new(Vec::new()))
        .write_header(header)
        .and_then(|w| w.write_schema(schema))
        .and_then(dta::stata::dta::characteristic_writer::CharacteristicWriter::into_record_writer)
        .and_then(RecordWriter::into_long_string_writer)
        .and_then(dta::stata::dta::long_string_writer::LongStringWriter::into_value_label_writer)
        .and_then(dta::stata::dta::value_label_writer::ValueLabelWriter::finish)
        .map_err(|e| error(&e))?;
    let mut bytes = cursor.into_inner();
    let close = b"</value_labels>";
    let at = bytes
        .windows(close.len())
        .rposition(|w| w == close)
        .ok_or("no value-label section in the template")?;
    let mut encoded = Vec::new();
    for (name, entries) in sets {
        let mut text = Vec::new();
        let mut offsets = Vec::new();
        for (_, label) in entries {
            offsets.push(text.len() as u32);
            text.extend_from_slice(label.as_bytes());
            text.push(0);
        }
        let mut table = Vec::new();
        table.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        table.extend_from_slice(&(text.len() as u32).to_le_bytes());
        for offset in &offsets {
            table.extend_from_slice(&offset.to_le_bytes());
        }
        for (value, _) in entries {
            table.extend_from_slice(&value.to_le_bytes());
        }
        table.extend_from_slice(&text);
        encoded.extend_from_slice(b"<lbl>");
        encoded.extend_from_slice(&(table.len() as u32).to_le_bytes());
        let mut padded_name = [0_u8; 129];
        padded_name[..name.len()].copy_from_slice(name.as_bytes());
        encoded.extend_from_slice(&padded_name);
        encoded.extend_from_slice(&[0, 0, 0]);
        encoded.extend_from_slice(&table);
        encoded.extend_from_slice(b"</lbl>");
    }
    bytes.splice(at..at, encoded);
    let mut characteristics = DtaReader::new()
        .from_reader(Cursor::new(bytes))
        .read_header()
        .and_then(dta::stata::dta::schema_reader::SchemaReader::read_schema)
        .map_err(|e| error(&e))?;
    characteristics.skip_to_end().map_err(|e| error(&e))?;
    let mut records = characteristics
        .into_record_reader()
        .map_err(|e| error(&e))?;
    while records.read_record().map_err(|e| error(&e))?.is_some() {}
    let mut strings = records.into_long_string_reader().map_err(|e| error(&e))?;
    strings.skip_to_end().map_err(|e| error(&e))?;
    let mut reader = strings.into_value_label_reader().map_err(|e| error(&e))?;
    let mut out = Vec::new();
    while let Some(set) = reader.read_value_label_set().map_err(|e| error(&e))? {
        out.push(set);
    }
    Ok(out)
}

enum Builder {
    I8(Int8Builder),
    I16(Int16Builder),
    I32(Int32Builder),
    F64(Float64Builder),
    Text(StringBuilder),
}

enum ArrowOut {
    Parquet(ArrowWriter<File>),
    Csv(arrow::csv::Writer<BufWriter<File>>),
}

pub(crate) struct ArrowSink {
    path: PathBuf,
    temp: TempPath,
    schema: SchemaRef,
    builders: Vec<Builder>,
    out: ArrowOut,
    buffered: usize,
    rows: u64,
    codebook: Option<Codebook>,
}

impl ArrowSink {
    fn create(
        format: Format,
        path: PathBuf,
        file_label: &str,
        columns: &[Column],
    ) -> Result<Self, SynthError> {
        let mut fields = Vec::new();
        let mut variables = Vec::new();
        for column in columns {
            let data_type = match column.kind {
                Kind::Byte => DataType::Int8,
                Kind::Int => DataType::Int16,
                Kind::Long => DataType::Int32,
                Kind::Double => DataType::Float64,
                Kind::Text(_) => DataType::Utf8,
            };
            let mut variable = CodebookVariable::new(column.name);
            variable.label = Some(column.label.to_owned());
            if let Some((_, entries)) = &column.labels {
                variable.value_labels = entries
                    .iter()
                    .map(|(v, l)| ValueLabel {
                        value: LabelValue::Number(*v),
                        label: l.clone(),
                    })
                    .collect();
            }
            fields.push(
                Field::new(column.name, data_type, true)
                    .with_metadata(variable.to_field_metadata()),
            );
            variables.push(variable);
        }
        let metadata = [(SCHEMA_FILE_LABEL.to_owned(), file_label.to_owned())]
            .into_iter()
            .collect();
        let schema = Arc::new(ArrowSchema::new_with_metadata(fields, metadata));
        let temp = temporary(&path)?;
        let (file, temp) = temp.into_parts();
        let (out, codebook) = if format == Format::Parquet {
            let properties = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by("tendik-synth".to_owned())
                .build();
            let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))
                .map_err(|e| arrow_error(&path, e))?;
            (ArrowOut::Parquet(writer), None)
        } else {
            let writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(BufWriter::new(file));
            let mut codebook = Codebook::new(variables);
            codebook.file_label = Some(file_label.to_owned());
            (ArrowOut::Csv(writer), Some(codebook))
        };
        Ok(Self {
            path,
            temp,
            builders: new_builders(columns),
            schema,
            out,
            buffered: 0,
            rows: 0,
            codebook,
        })
    }

    fn write(&mut self, cells: &[Cell]) -> Result<(), SynthError> {
        for (builder, cell) in self.builders.iter_mut().zip(cells) {
            match (builder, *cell) {
                (Builder::I8(b), Cell::Num(v)) => b.append_value(v as i8),
                (Builder::I16(b), Cell::Num(v)) => b.append_value(v as i16),
                (Builder::I32(b), Cell::Num(v)) => b.append_value(v as i32),
                (Builder::F64(b), Cell::Num(v)) => b.append_value(v),
                (Builder::Text(b), Cell::Text(t)) if !t.is_empty() => b.append_value(t),
                (Builder::I8(b), _) => b.append_null(),
                (Builder::I16(b), _) => b.append_null(),
                (Builder::I32(b), _) => b.append_null(),
                (Builder::F64(b), _) => b.append_null(),
                (Builder::Text(b), _) => b.append_null(),
            }
        }
        self.buffered += 1;
        self.rows += 1;
        if self.buffered == BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SynthError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::I8(b) => Arc::new(b.finish()),
                    Builder::I16(b) => Arc::new(b.finish()),
                    Builder::I32(b) => Arc::new(b.finish()),
                    Builder::F64(b) => Arc::new(b.finish()),
                    Builder::Text(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| arrow_error(&self.path, e))?;
        match &mut self.out {
            ArrowOut::Parquet(writer) => {
                writer
                    .write(&batch)
                    .map_err(|e| arrow_error(&self.path, e))?;
                writer.flush().map_err(|e| arrow_error(&self.path, e))?;
            }
            ArrowOut::Csv(writer) => writer
                .write(&batch)
                .map_err(|e| arrow_error(&self.path, e))?,
        }
        self.buffered = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<u64, SynthError> {
        self.flush()?;
        let path = self.path.clone();
        match self.out {
            ArrowOut::Parquet(writer) => {
                writer.close().map_err(|e| arrow_error(&path, e))?;
            }
            ArrowOut::Csv(writer) => {
                let mut inner = writer.into_inner();
                inner.flush().map_err(|e| io_error(&path, e))?;
            }
        }
        persist(self.temp, &path)?;
        if let Some(codebook) = &self.codebook {
            let sidecar = path.with_extension("codebook.json");
            let json =
                serde_json::to_string_pretty(codebook).map_err(|e| arrow_error(&sidecar, e))?;
            let mut temp = temporary(&sidecar)?;
            temp.write_all(json.as_bytes())
                .map_err(|e| io_error(&sidecar, e))?;
            persist(temp.into_temp_path(), &sidecar)?;
        }
        Ok(self.rows)
    }
}

fn new_builders(columns: &[Column]) -> Vec<Builder> {
    columns
        .iter()
        .map(|c| match c.kind {
            Kind::Byte => Builder::I8(Int8Builder::with_capacity(BATCH_ROWS)),
            Kind::Int => Builder::I16(Int16Builder::with_capacity(BATCH_ROWS)),
            Kind::Long => Builder::I32(Int32Builder::with_capacity(BATCH_ROWS)),
            Kind::Double => Builder::F64(Float64Builder::with_capacity(BATCH_ROWS)),
            Kind::Text(_) => Builder::Text(StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS)),
        })
        .collect()
}
