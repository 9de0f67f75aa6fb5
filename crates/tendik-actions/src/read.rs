//! Reading an import file into rows of text, one cell per column the row gives.

use std::io::Read;

use serde_json::Value;

use crate::export::{BASELINE_KEYS, JSON_FORMAT, JSON_VERSION};
use crate::import::locate;
use crate::time::parse_timestamp;
use crate::{ActionsError, COLUMNS, Change, Event, Result, Timestamp};

/// One row of an import file as text: each column it has, `None` for an empty cell.
pub(crate) struct RawRow {
    pub(crate) location: String,
    pub(crate) cells: Vec<(String, Option<String>)>,
    pub(crate) history: Vec<Change>,
}

pub(crate) fn read_csv(reader: impl Read) -> Result<Vec<RawRow>> {
    let file_error = |location: String, error: &csv::Error| ActionsError::ImportFile {
        location,
        reason: format!("not readable as CSV: {error}"),
    };
    let mut csv = csv::ReaderBuilder::new().from_reader(reader);
    let header: Vec<String> = csv
        .headers()
        .map_err(|error| file_error("line 1".to_owned(), &error))?
        .iter()
        .map(|name| name.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    for (index, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            return Err(ActionsError::ImportFile {
                location: "line 1".to_owned(),
                reason: format!(
                    "unknown column {name:?}; the columns are {}",
                    COLUMNS.join(", ")
                ),
            });
        }
        if header[..index].contains(name) {
            return Err(ActionsError::ImportFile {
                location: "line 1".to_owned(),
                reason: format!("column {name:?} appears twice"),
            });
        }
    }
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, csv::Position::line);
            file_error(format!("line {line}"), &error)
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let cells = header
            .iter()
            .zip(record.iter())
            .map(|(name, value)| (name.clone(), non_empty(value)))
            .collect();
        rows.push(RawRow {
            location: format!("line {line}"),
            cells,
            history: Vec::new(),
        });
    }
    Ok(rows)
}

fn non_empty(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_owned())
}

pub(crate) fn read_json(reader: impl Read) -> Result<Vec<RawRow>> {
    let value: Value =
        serde_json::from_reader(reader).map_err(|error| ActionsError::ImportFile {
            location: format!("line {}", error.line()),
            reason: format!("not valid JSON: {error}"),
        })?;
    let file_error = |location: &str, reason: String| ActionsError::ImportFile {
        location: location.to_owned(),
        reason,
    };
    let actions = match value {
        Value::Array(actions) => actions,
        Value::Object(mut top) => {
            if let Some(format) = top.get("format")
                && format.as_str() != Some(JSON_FORMAT)
            {
                return Err(file_error(
                    "format",
                    format!(
                        "is {format}; expected \"{JSON_FORMAT}\", as tendik actions export writes"
                    ),
                ));
            }
            if let Some(version) = top.get("version")
                && version.as_u64().is_none_or(|v| v > JSON_VERSION)
            {
                return Err(file_error(
                    "version",
                    format!(
                        "is {version}; this tendik reads versions up to {JSON_VERSION}: upgrade tendik"
                    ),
                ));
            }
            match top.remove("actions") {
                Some(Value::Array(actions)) => actions,
                _ => {
                    return Err(file_error(
                        "top level",
                        "expected an \"actions\" array, as tendik actions export writes".to_owned(),
                    ));
                }
            }
        }
        _ => {
            return Err(file_error(
                "top level",
                "expected an object with an \"actions\" array, or an array of actions".to_owned(),
            ));
        }
    };
    actions
        .into_iter()
        .enumerate()
        .map(|(index, action)| json_row(format!("actions[{index}]"), action))
        .collect()
}

fn json_row(location: String, action: Value) -> Result<RawRow> {
    let Value::Object(object) = action else {
        return Err(ActionsError::ImportFile {
            location,
            reason: "expected an object with the export's keys".to_owned(),
        });
    };
    let mut cells = Vec::new();
    let mut history = Vec::new();
    for (key, value) in object {
        match key.as_str() {
            "baseline" => match value {
                Value::Null => cells.extend(
                    BASELINE_KEYS
                        .iter()
                        .map(|name| (format!("baseline_{name}"), None)),
                ),
                Value::Object(baseline) => {
                    for (name, value) in baseline {
                        if !BASELINE_KEYS.contains(&name.as_str()) {
                            return Err(ActionsError::ImportFile {
                                location: format!("{location}.baseline.{name}"),
                                reason: format!(
                                    "unknown key; a baseline has {}",
                                    BASELINE_KEYS.join(", ")
                                ),
                            });
                        }
                        let column = format!("baseline_{name}");
                        let text = json_text(&location, &column, value)?;
                        cells.push((column, text));
                    }
                }
                other => {
                    return Err(ActionsError::ImportRow {
                        location,
                        column: key,
                        value: other.to_string(),
                        reason: "expected a baseline object or null".to_owned(),
                    });
                }
            },
            "history" => history = json_history(&location, value)?,
            name if COLUMNS.contains(&name) && !name.starts_with("baseline_") => {
                let text = json_text(&location, &key, value)?;
                cells.push((key, text));
            }
            _ => {
                return Err(ActionsError::ImportFile {
                    location: format!("{location}.{key}"),
                    reason: "unknown key; an action has id, area_code, intervention, step, \
                             determinant, cause, action, owner, due, budget, budget_currency, \
                             status, notes, created_at, updated_at, baseline and history"
                        .to_owned(),
                });
            }
        }
    }
    Ok(RawRow {
        location,
        cells,
        history,
    })
}

/// A JSON cell as text: `null` is empty; a string or number is its text.
fn json_text(location: &str, column: &str, value: Value) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(non_empty(&text).map(|_| text)),
        Value::Number(number) => Ok(Some(number.to_string())),
        other => Err(ActionsError::ImportRow {
            location: location.to_owned(),
            column: column.to_owned(),
            value: other.to_string(),
            reason: "expected text or a number".to_owned(),
        }),
    }
}

fn json_history(location: &str, value: Value) -> Result<Vec<Change>> {
    let Value::Array(entries) = value else {
        return Err(ActionsError::ImportFile {
            location: format!("{location}.history"),
            reason: "expected an array of history entries".to_owned(),
        });
    };
    let mut history = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let location = format!("{location}.history[{index}]");
        let Value::Object(entry) = entry else {
            return Err(ActionsError::ImportFile {
                location,
                reason: "expected an object with at, event, field, old, new, note, who".to_owned(),
            });
        };
        let mut change = Change {
            action_id: 0,
            at: Timestamp::now(),
            event: Event::Import,
            field: None,
            old: None,
            new: None,
            note: String::new(),
            who: String::new(),
        };
        let mut has_time_and_event = (false, false);
        for (key, value) in entry {
            let text = json_text(&location, &key, value)?;
            let value = text.clone().unwrap_or_default();
            match key.as_str() {
                "at" => {
                    change.at =
                        parse_timestamp(&value).map_err(|reason| ActionsError::ImportRow {
                            location: location.clone(),
                            column: key.clone(),
                            value: value.clone(),
                            reason,
                        })?;
                    has_time_and_event.0 = true;
                }
                "event" => {
                    change.event = value.parse().map_err(|error| locate(error, &location))?;
                    has_time_and_event.1 = true;
                }
                "field" => change.field = text,
                "old" => change.old = text,
                "new" => change.new = text,
                "note" => change.note = value,
                "who" => change.who = value,
                _ => {
                    return Err(ActionsError::ImportFile {
                        location: format!("{location}.{key}"),
                        reason: "unknown key; a history entry has at, event, field, old, new, \
                                 note, who"
                            .to_owned(),
                    });
                }
            }
        }
        if has_time_and_event != (true, true) {
            return Err(ActionsError::ImportFile {
                location,
                reason: "a history entry needs its \"at\" time and its \"event\"".to_owned(),
            });
        }
        history.push(change);
    }
    Ok(history)
}
