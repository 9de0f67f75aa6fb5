//! Export of the whole register, to CSV (one row per action, the columns of [`COLUMNS`]) or
//! JSON (the same fields, the `baseline_*` columns nested as a `baseline` object, and each
//! action's `history`).

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use serde::Serialize;

use crate::{Action, ActionsError, Change, Event, Register, Result, Timestamp, store};

/// The columns of an export, in order. An import takes any of them (a row with an `id`
/// the register has may give only the columns to change).
pub const COLUMNS: [&str; 21] = [
    "id",
    "area_code",
    "intervention",
    "step",
    "determinant",
    "cause",
    "action",
    "owner",
    "due",
    "budget",
    "budget_currency",
    "status",
    "notes",
    "baseline_coverage",
    "baseline_se",
    "baseline_step",
    "baseline_determinant",
    "baseline_recorded_at",
    "baseline_source",
    "created_at",
    "updated_at",
];

/// The keys of a JSON export's `baseline` object: the `baseline_*` columns without prefix.
pub(crate) const BASELINE_KEYS: [&str; 6] = [
    "coverage",
    "se",
    "step",
    "determinant",
    "recorded_at",
    "source",
];

/// The `format` of a JSON export.
pub(crate) const JSON_FORMAT: &str = "tendik-actions";
/// The `version` of the JSON export this build writes (and the newest it reads).
pub(crate) const JSON_VERSION: u64 = 1;

/// A file format of export and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One row per action, the columns of [`COLUMNS`]; no history.
    Csv,
    /// `{"format": "tendik-actions", "version": 1, "actions": [...]}`, each action with its
    /// `baseline` object (or `null`) and its `history`.
    Json,
}

impl Format {
    /// The format a file name's extension implies (`.csv`, `.json`), if any.
    #[must_use]
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

impl FromStr for Format {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            _ => Err(ActionsError::invalid(
                "format",
                text,
                "expected csv or json",
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "csv",
            Format::Json => "json",
        })
    }
}

#[derive(Serialize)]
struct JsonExport<'a> {
    format: &'static str,
    version: u64,
    actions: Vec<JsonAction<'a>>,
}

#[derive(Serialize)]
struct JsonAction<'a> {
    #[serde(flatten)]
    action: &'a Action,
    history: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    at: Timestamp,
    event: Event,
    field: &'a Option<String>,
    old: &'a Option<String>,
    new: &'a Option<String>,
    note: &'a str,
    who: &'a str,
}

impl Register {
    /// Writes every action, by id, to `writer` as `format` (JSON with each history).
    pub fn export(&self, format: Format, writer: impl Write) -> Result<()> {
        let (actions, history) = self.read(|connection, path| {
            Ok((
                store::load_all(connection, path)?,
                store::history(connection, path, None)?,
            ))
        })?;
        match format {
            Format::Csv => write_csv(&actions, writer),
            Format::Json => write_json(&actions, &history, writer),
        }
    }
}

fn write_csv(actions: &[Action], writer: impl Write) -> Result<()> {
    let failed = |error: csv::Error| ActionsError::Export(error.to_string());
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(COLUMNS).map_err(failed)?;
    for action in actions {
        let mut record = vec![action.id.to_string()];
        record.extend(
            action
                .fields()
                .columns()
                .into_iter()
                .map(|(_, value)| value.unwrap_or_default()),
        );
        record.push(action.created_at.to_string());
        record.push(action.updated_at.to_string());
        csv.write_record(&record).map_err(failed)?;
    }
    csv.flush()
        .map_err(|error| ActionsError::Export(error.to_string()))
}

fn write_json(actions: &[Action], history: &[Change], mut writer: impl Write) -> Result<()> {
    let export = JsonExport {
        format: JSON_FORMAT,
        version: JSON_VERSION,
        actions: actions
            .iter()
            .map(|action| JsonAction {
                action,
                history: history
                    .iter()
                    .filter(|change| change.action_id == action.id)
                    .map(|change| JsonChange {
                        at: change.at,
                        event: change.event,
                        field: &change.field,
                        old: &change.old,
                        new: &change.new,
                        note: &change.note,
                        who: &change.who,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut writer, &export)
        .map_err(|error| ActionsError::Export(error.to_string()))?;
    writer
        .write_all(b"\n")
        .and_then(|()| writer.flush())
        .map_err(|error| ActionsError::Export(error.to_string()))
}
