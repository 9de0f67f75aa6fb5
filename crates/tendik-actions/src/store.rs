//! Rows of the two tables, read and written; every function takes a connection (or an open
//! transaction) and the file's path for its errors.

use std::path::Path;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::{Action, ActionsError, Baseline, Change, Event, NewAction, Result, Status, Timestamp};

const SELECT_ACTIONS: &str = "SELECT id, area_code, intervention, step, determinant, cause, \
     action, owner, due, budget, budget_currency, status, notes, created_at, updated_at, \
     baseline_coverage, baseline_se, baseline_step, baseline_determinant, \
     baseline_recorded_at, baseline_source FROM actions";

fn action_from_row(row: &Row<'_>) -> rusqlite::Result<Action> {
    let baseline = match row.get::<_, Option<f64>>(15)? {
        None => None,
        Some(coverage) => Some(Baseline {
            coverage,
            se: row.get(16)?,
            step: row.get(17)?,
            determinant: row.get(18)?,
            recorded_at: row.get(19)?,
            source: row.get(20)?,
        }),
    };
    Ok(Action {
        id: row.get(0)?,
        area_code: row.get(1)?,
        intervention: row.get(2)?,
        step: row.get(3)?,
        determinant: row.get(4)?,
        cause: row.get(5)?,
        action: row.get(6)?,
        owner: row.get(7)?,
        due: row.get(8)?,
        budget: row.get(9)?,
        budget_currency: row.get(10)?,
        status: row.get(11)?,
        notes: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        baseline,
    })
}

/// The action `id`, or [`ActionsError::NotFound`].
pub(crate) fn load(connection: &Connection, path: &Path, id: i64) -> Result<Action> {
    connection
        .query_row(
            &format!("{SELECT_ACTIONS} WHERE id = ?1"),
            [id],
            action_from_row,
        )
        .optional()
        .map_err(|error| ActionsError::database(path, error))?
        .ok_or_else(|| ActionsError::NotFound {
            path: path.to_owned(),
            id,
        })
}

/// Whether an action `id` exists.
pub(crate) fn exists(connection: &Connection, path: &Path, id: i64) -> Result<bool> {
    connection
        .query_row("SELECT 1 FROM actions WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(|error| ActionsError::database(path, error))
}

/// Every action, by id.
pub(crate) fn load_all(connection: &Connection, path: &Path) -> Result<Vec<Action>> {
    let database = |error| ActionsError::database(path, error);
    let mut statement = connection
        .prepare(&format!("{SELECT_ACTIONS} ORDER BY id"))
        .map_err(database)?;
    let rows = statement.query_map([], action_from_row).map_err(database)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(database)
}

/// Inserts an action (with the given id, or the next one) and returns its id.
pub(crate) fn insert(
    connection: &Connection,
    path: &Path,
    id: Option<i64>,
    fields: &NewAction,
    created_at: Timestamp,
    updated_at: Timestamp,
) -> Result<i64> {
    let baseline = fields.baseline.as_ref();
    connection
        .execute(
            "INSERT INTO actions (id, area_code, intervention, step, determinant, cause, \
             action, owner, due, budget, budget_currency, status, notes, created_at, \
             updated_at, baseline_coverage, baseline_se, baseline_step, \
             baseline_determinant, baseline_recorded_at, baseline_source) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
             ?16, ?17, ?18, ?19, ?20, ?21)",
            params![
                id,
                fields.area_code,
                fields.intervention,
                fields.step,
                fields.determinant,
                fields.cause,
                fields.action,
                fields.owner,
                fields.due,
                fields.budget,
                fields.budget_currency,
                fields.status,
                fields.notes,
                created_at,
                updated_at,
                baseline.map(|b| b.coverage),
                baseline.and_then(|b| b.se),
                baseline.map(|b| b.step),
                baseline.map(|b| &b.determinant),
                baseline.map(|b| b.recorded_at),
                baseline.map(|b| &b.source),
            ],
        )
        .map_err(|error| ActionsError::database(path, error))?;
    Ok(connection.last_insert_rowid())
}

/// Overwrites the editable fields of action `id`.
pub(crate) fn overwrite(
    connection: &Connection,
    path: &Path,
    id: i64,
    fields: &NewAction,
    updated_at: Timestamp,
) -> Result<()> {
    let baseline = fields.baseline.as_ref();
    connection
        .execute(
            "UPDATE actions SET area_code = ?2, intervention = ?3, step = ?4, \
             determinant = ?5, cause = ?6, action = ?7, owner = ?8, due = ?9, budget = ?10, \
             budget_currency = ?11, status = ?12, notes = ?13, updated_at = ?14, \
             baseline_coverage = ?15, baseline_se = ?16, baseline_step = ?17, \
             baseline_determinant = ?18, baseline_recorded_at = ?19, baseline_source = ?20 \
             WHERE id = ?1",
            params![
                id,
                fields.area_code,
                fields.intervention,
                fields.step,
                fields.determinant,
                fields.cause,
                fields.action,
                fields.owner,
                fields.due,
                fields.budget,
                fields.budget_currency,
                fields.status,
                fields.notes,
                updated_at,
                baseline.map(|b| b.coverage),
                baseline.and_then(|b| b.se),
                baseline.map(|b| b.step),
                baseline.map(|b| &b.determinant),
                baseline.map(|b| b.recorded_at),
                baseline.map(|b| &b.source),
            ],
        )
        .map_err(|error| ActionsError::database(path, error))?;
    Ok(())
}

/// Appends one history entry.
pub(crate) fn record(connection: &Connection, path: &Path, change: &Change) -> Result<()> {
    connection
        .execute(
            "INSERT INTO action_history (action_id, at, event, field, old, new, note, who) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                change.action_id,
                change.at,
                change.event,
                change.field,
                change.old,
                change.new,
                change.note,
                change.who,
            ],
        )
        .map_err(|error| ActionsError::database(path, error))?;
    Ok(())
}

/// The history of action `id`, oldest first (`None` for all actions, by action then time).
pub(crate) fn history(
    connection: &Connection,
    path: &Path,
    id: Option<i64>,
) -> Result<Vec<Change>> {
    let database = |error| ActionsError::database(path, error);
    let mut statement = connection
        .prepare(
            "SELECT action_id, at, event, field, old, new, note, who FROM action_history \
             WHERE ?1 IS NULL OR action_id = ?1 ORDER BY action_id, id",
        )
        .map_err(database)?;
    let rows = statement
        .query_map([id], |row| {
            Ok(Change {
                action_id: row.get(0)?,
                at: row.get(1)?,
                event: row.get(2)?,
                field: row.get(3)?,
                old: row.get(4)?,
                new: row.get(5)?,
                note: row.get(6)?,
                who: row.get(7)?,
            })
        })
        .map_err(database)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(database)
}

macro_rules! named_sql {
    ($type:ty) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|error: ActionsError| FromSqlError::Other(Box::new(error)))
            }
        }
    };
}

named_sql!(Status);
named_sql!(Event);
