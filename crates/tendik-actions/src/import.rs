//! Import of CSV or JSON in the export's shapes. Every row is read first, then all are
//! written in one transaction: the first bad row aborts the import, named by its place
//! (`line 4` of a CSV file, `actions[2]` of a JSON file), column and value, and nothing is
//! written.

use std::io::Read;

use serde::Serialize;

use crate::read::{RawRow, read_csv, read_json};
use crate::register::modify;
use crate::time::{parse_date, parse_timestamp};
use crate::{
    ActionsError, Baseline, Change, Changes, Event, Format, NewAction, Register, Result, Timestamp,
    store,
};

/// What an import did, by action id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Actions added: rows without an id, or with an id the register did not have (kept).
    pub added: Vec<i64>,
    /// Existing actions of which at least one field changed.
    pub updated: Vec<i64>,
    /// Existing actions the row left as they were.
    pub unchanged: Vec<i64>,
}

impl Register {
    /// Reads `format` from `reader` and writes it in one transaction by `who`: a row whose
    /// `id` the register has updates that action (each changed field recorded in its
    /// history; columns the file lacks stay as they are; a JSON `history` is ignored, the
    /// register's own is kept); any other row is added, keeping
    /// its `id`, `created_at`, `updated_at` and (JSON) `history` when given, so an export
    /// imported into an empty register gives the same actions back. Each addition and
    /// change is recorded as an `import` event. The area and intervention checks run on
    /// every row. A bad row aborts the import and nothing is written.
    pub fn import(&mut self, format: Format, reader: impl Read, who: &str) -> Result<ImportReport> {
        let rows = match format {
            Format::Csv => read_csv(reader)?,
            Format::Json => read_json(reader)?,
        };
        let rows = rows
            .into_iter()
            .map(ParsedRow::try_from)
            .collect::<Result<Vec<_>>>()?;
        let note = format!("imported from {format}");
        self.write(|transaction, path, checks| {
            let mut report = ImportReport::default();
            for row in rows {
                let location = row.location.clone();
                let at_row = |error| locate(error, &location);
                match row.id {
                    Some(id) if store::exists(transaction, path, id)? => {
                        let (_, changed) = modify(
                            transaction,
                            path,
                            checks,
                            id,
                            row.changes,
                            Event::Import,
                            &note,
                            who,
                        )
                        .map_err(at_row)?;
                        if changed {
                            report.updated.push(id);
                        } else {
                            report.unchanged.push(id);
                        }
                    }
                    id => {
                        let mut fields = row.new_action().map_err(at_row)?;
                        fields.normalise().map_err(at_row)?;
                        checks.run(&fields, None).map_err(at_row)?;
                        let now = Timestamp::now();
                        let created_at = row.created_at.unwrap_or(now);
                        let updated_at = row.updated_at.unwrap_or(now);
                        let id =
                            store::insert(transaction, path, id, &fields, created_at, updated_at)?;
                        let imported = Change {
                            action_id: id,
                            at: now,
                            event: Event::Import,
                            field: None,
                            old: None,
                            new: None,
                            note: note.clone(),
                            who: who.to_owned(),
                        };
                        for change in row.history.into_iter().chain([imported]) {
                            store::record(
                                transaction,
                                path,
                                &Change {
                                    action_id: id,
                                    ..change
                                },
                            )?;
                        }
                        report.added.push(id);
                    }
                }
            }
            Ok(report)
        })
    }
}

/// A field error becomes an error of the import row at `location`.
pub(crate) fn locate(error: ActionsError, location: &str) -> ActionsError {
    match error {
        ActionsError::Invalid {
            field,
            value,
            reason,
        } => ActionsError::ImportRow {
            location: location.to_owned(),
            column: field,
            value,
            reason,
        },
        other => other,
    }
}

/// A row read into the register's types.
struct ParsedRow {
    location: String,
    id: Option<i64>,
    changes: Changes,
    created_at: Option<Timestamp>,
    updated_at: Option<Timestamp>,
    history: Vec<Change>,
}

impl TryFrom<RawRow> for ParsedRow {
    type Error = ActionsError;

    fn try_from(raw: RawRow) -> Result<Self> {
        let location = raw.location;
        let bad = |column: &str, value: &str, reason: String| ActionsError::ImportRow {
            location: location.clone(),
            column: column.to_owned(),
            value: value.to_owned(),
            reason,
        };
        let mut row = ParsedRow {
            location: location.clone(),
            id: None,
            changes: Changes::default(),
            created_at: None,
            updated_at: None,
            history: raw.history,
        };
        let mut baseline: Option<Vec<(String, String)>> = None;
        for (column, value) in raw.cells {
            let text = value.as_deref().map(str::trim);
            let required =
                || text.ok_or_else(|| bad(&column, "", "empty; every action needs one".to_owned()));
            let changes = &mut row.changes;
            match column.as_str() {
                "id" => {
                    row.id = text
                        .map(|t| match t.parse::<i64>() {
                            Ok(id) if id >= 1 => Ok(id),
                            _ => Err(bad(
                                &column,
                                t,
                                "expected an id: a whole number from 1".to_owned(),
                            )),
                        })
                        .transpose()?;
                }
                "area_code" => changes.area_code = Some(value.unwrap_or_default()),
                "intervention" => changes.intervention = Some(value.unwrap_or_default()),
                "cause" => changes.cause = Some(value.unwrap_or_default()),
                "action" => changes.action = Some(value.unwrap_or_default()),
                "owner" => changes.owner = Some(value.unwrap_or_default()),
                "determinant" => changes.determinant = Some(value),
                "notes" => changes.notes = Some(value.unwrap_or_default()),
                "budget_currency" => changes.budget_currency = Some(value.unwrap_or_default()),
                "step" => {
                    changes.step = Some(
                        text.map(|t| parse_step(t).map_err(|reason| bad(&column, t, reason)))
                            .transpose()?,
                    );
                }
                "due" => {
                    let t = required()?;
                    changes.due = Some(parse_date(t).map_err(|reason| bad(&column, t, reason))?);
                }
                "budget" => {
                    changes.budget = Some(
                        text.map(|t| parse_number(t).map_err(|reason| bad(&column, t, reason)))
                            .transpose()?,
                    );
                }
                // Empty: `open` for a new action, unchanged for an existing one.
                "status" => {
                    changes.status = text
                        .map(str::parse)
                        .transpose()
                        .map_err(|error| locate(error, &location))?;
                }
                "created_at" | "updated_at" => {
                    let time = text
                        .map(|t| parse_timestamp(t).map_err(|reason| bad(&column, t, reason)))
                        .transpose()?;
                    if column == "created_at" {
                        row.created_at = time;
                    } else {
                        row.updated_at = time;
                    }
                }
                _ => {
                    // The baseline_* columns, read together below.
                    let cells = baseline.get_or_insert_with(Vec::new);
                    if let Some(text) = text {
                        cells.push((column, text.to_owned()));
                    }
                }
            }
        }
        if let Some(cells) = baseline {
            row.changes.baseline = Some(parse_baseline(&cells, &bad)?);
        }
        Ok(row)
    }
}

impl ParsedRow {
    /// The row as a new action: it must give the required columns.
    fn new_action(&self) -> Result<NewAction> {
        let changes = self.changes.clone();
        let missing = |column: &str| ActionsError::Invalid {
            field: column.to_owned(),
            value: String::new(),
            reason: "missing; a new action (a row without an id the register has) needs \
                     area_code, intervention, cause, action, owner and due"
                .to_owned(),
        };
        let mut fields = NewAction::new(
            changes
                .area_code
                .clone()
                .ok_or_else(|| missing("area_code"))?,
            changes
                .intervention
                .clone()
                .ok_or_else(|| missing("intervention"))?,
            changes.cause.clone().ok_or_else(|| missing("cause"))?,
            changes.action.clone().ok_or_else(|| missing("action"))?,
            changes.owner.clone().ok_or_else(|| missing("owner"))?,
            changes.due.ok_or_else(|| missing("due"))?,
        );
        changes.apply_to(&mut fields);
        Ok(fields)
    }
}

pub(crate) fn parse_step(text: &str) -> std::result::Result<u32, String> {
    match text.parse::<u32>() {
        Ok(step) if step >= 1 => Ok(step),
        _ => Err("expected a step: a whole number from 1".to_owned()),
    }
}

pub(crate) fn parse_number(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(
            "expected a number such as 1500.5 (a decimal point, no thousands separator)".to_owned(),
        ),
    }
}

/// The baseline of a row's non-empty `baseline_*` cells: none when all are empty.
fn parse_baseline(
    cells: &[(String, String)],
    bad: &impl Fn(&str, &str, String) -> ActionsError,
) -> Result<Option<Baseline>> {
    if cells.is_empty() {
        return Ok(None);
    }
    let cell = |column: &str| {
        cells
            .iter()
            .find(|(name, _)| name == column)
            .map(|(_, value)| value.as_str())
    };
    let needed = |column: &str| {
        cell(column).ok_or_else(|| {
            bad(
                column,
                "",
                "empty; a baseline needs baseline_coverage, baseline_step and \
                 baseline_determinant (or leave every baseline column empty)"
                    .to_owned(),
            )
        })
    };
    let number = |column: &str, text: &str| parse_number(text).map_err(|r| bad(column, text, r));
    let coverage = needed("baseline_coverage")?;
    let step = needed("baseline_step")?;
    Ok(Some(Baseline {
        coverage: number("baseline_coverage", coverage)?,
        se: cell("baseline_se")
            .map(|se| number("baseline_se", se))
            .transpose()?,
        step: parse_step(step).map_err(|reason| bad("baseline_step", step, reason))?,
        determinant: needed("baseline_determinant")?.to_owned(),
        recorded_at: match cell("baseline_recorded_at") {
            None => Timestamp::now(),
            Some(t) => {
                parse_timestamp(t).map_err(|reason| bad("baseline_recorded_at", t, reason))?
            }
        },
        source: cell("baseline_source").unwrap_or_default().to_owned(),
    }))
}
