//! `tendik inspect`: print a file's codebook.

use std::fmt::Write as _;
use std::path::PathBuf;

use arrow::datatypes::DataType;
use serde::Serialize;
use tendik_ingest::{Dataset, VariableSummary};

use crate::output::{CliError, print_stdout};

/// Value labels shown per variable in the table; the JSON output has them all.
const TABLE_VALUE_LABELS: usize = 20;
/// Characters of a variable label shown in the table; the JSON output has it whole.
const TABLE_LABEL_CHARS: usize = 48;

/// Arguments of `tendik inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// The data file (.sav, .zsav, .dta, .csv, .parquet), or `demo:hh` … `demo:wm` for the
    /// bundled synthetic survey.
    pub(crate) file: Option<PathBuf>,
    /// How to print the codebook: an aligned table, or JSON for programs.
    #[arg(long, value_enum, default_value_t = InspectFormat::Table)]
    pub(crate) format: InspectFormat,
    /// How to read a CSV file.
    #[command(flatten)]
    pub(crate) read: crate::reading::ReadArgs,
}

/// Output formats of `tendik inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InspectFormat {
    /// One line per variable, value labels indented below it.
    Table,
    /// Pretty JSON: the file's facts and one object per variable.
    Json,
}

pub(crate) fn run(args: &InspectArgs) -> Result<(), CliError> {
    let path = crate::demo::resolve(crate::demo::required(args.file.as_deref())?)?;
    let dataset = args.read.read(&path)?;
    let summaries = dataset.codebook.summarize(&dataset);
    let bytes = match args.format {
        InspectFormat::Table => render_table(&dataset, &summaries).into_bytes(),
        InspectFormat::Json => render_json(&dataset, &summaries)?,
    };
    print_stdout(&bytes)
}

/// A column type in words, for the table.
fn type_name(data_type: &DataType) -> String {
    match data_type {
        DataType::Float16 | DataType::Float32 | DataType::Float64 | DataType::Decimal128(..) => {
            "number".to_owned()
        }
        t if t.is_integer() => "integer".to_owned(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "text".to_owned(),
        DataType::Boolean => "boolean".to_owned(),
        DataType::Date32 | DataType::Date64 => "date".to_owned(),
        DataType::Timestamp(..) => "datetime".to_owned(),
        DataType::Duration(..) | DataType::Time32(..) | DataType::Time64(..) => "time".to_owned(),
        other => other.to_string(),
    }
}

/// "1 row", "2 rows".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn shorten(text: &str, chars: usize) -> String {
    let text = text.replace(['\n', '\r', '\t'], " ");
    if text.chars().count() <= chars {
        text
    } else {
        let mut short: String = text.chars().take(chars - 1).collect();
        short.push('…');
        short
    }
}

fn render_table(dataset: &Dataset, summaries: &[VariableSummary]) -> String {
    let mut text = String::new();
    let codebook = &dataset.codebook;
    let _ = writeln!(
        text,
        "{}: {}, {}, {}{}",
        dataset.path.display(),
        dataset.format,
        count(dataset.num_rows(), "row"),
        count(summaries.len(), "variable"),
        codebook
            .encoding
            .as_ref()
            .map(|e| format!(", text in {e}"))
            .unwrap_or_default()
    );
    if let Some(label) = &codebook.file_label {
        let _ = writeln!(text, "label: {label}");
    }
    for warning in &codebook.warnings {
        let _ = writeln!(text, "warning: {warning}");
    }
    text.push('\n');

    let header = [
        "name",
        "type",
        "format",
        "label",
        "missing values",
        "n missing",
        "n distinct",
    ];
    let rows: Vec<[String; 7]> = summaries
        .iter()
        .map(|s| {
            let data_type = dataset
                .schema
                .field_with_name(&s.name)
                .map_or_else(|_| s.data_type.clone(), |f| type_name(f.data_type()));
            [
                s.name.clone(),
                data_type,
                s.format.clone().unwrap_or_default(),
                shorten(s.label.as_deref().unwrap_or_default(), TABLE_LABEL_CHARS),
                s.missing.to_string(),
                s.n_missing.to_string(),
                s.n_distinct.map(|n| n.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut line = String::new();
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            let pad = " ".repeat(width - cell.chars().count());
            // The two counts are right-aligned.
            if index >= 5 {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            line.push_str("  ");
        }
        line.trim_end().to_owned() + "\n"
    };
    text.push_str(&line(&header.map(str::to_owned)));
    for (row, summary) in rows.iter().zip(summaries) {
        text.push_str(&line(row));
        for value_label in summary.value_labels.iter().take(TABLE_VALUE_LABELS) {
            let _ = writeln!(text, "    {} = {}", value_label.value, value_label.label);
        }
        if summary.value_labels.len() > TABLE_VALUE_LABELS {
            let _ = writeln!(
                text,
                "    … and {} more value labels (--format json lists them all)",
                summary.value_labels.len() - TABLE_VALUE_LABELS
            );
        }
    }
    text
}

/// The JSON document: the file's facts and one summary per variable.
#[derive(Serialize)]
struct JsonCodebook<'a> {
    file: String,
    format: tendik_ingest::Format,
    rows: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
    variables: &'a [VariableSummary],
}

fn render_json(dataset: &Dataset, summaries: &[VariableSummary]) -> Result<Vec<u8>, CliError> {
    let document = JsonCodebook {
        file: dataset.path.display().to_string(),
        format: dataset.format,
        rows: dataset.num_rows(),
        file_label: dataset.codebook.file_label.as_deref(),
        encoding: dataset.codebook.encoding.as_deref(),
        warnings: &dataset.codebook.warnings,
        variables: summaries,
    };
    let mut bytes = serde_json::to_vec_pretty(&document)
        .map_err(|e| CliError::new(format!("cannot write the codebook as JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
