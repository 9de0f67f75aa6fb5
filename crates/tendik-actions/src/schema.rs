//! The database file: connection settings and schema migrations.
//!
//! The schema's version is `SQLite`'s `PRAGMA user_version`: version *n* means the first *n*
//! entries of [`MIGRATIONS`] have been applied. Opening applies the missing ones in order,
//! each in its own transaction together with the version bump, so a file is always at one
//! whole version. A file with a higher version than [`MIGRATIONS`] knows was written by a
//! newer tendik and is refused rather than misread. The file is marked as a register with
//! `PRAGMA application_id`, so another program's `SQLite` database is refused too.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::{ActionsError, Result};

/// `PRAGMA application_id` of a register: "TDKA" in ASCII.
pub(crate) const APPLICATION_ID: i32 = 0x5444_4B41;

/// How long a statement waits for another process's lock before giving up as busy.
pub(crate) const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema, one step per entry, oldest first. Never edit a released entry: append.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: actions with their baseline, and the history of every change.
    "
    CREATE TABLE actions (
        id                   INTEGER PRIMARY KEY,
        area_code            TEXT NOT NULL CHECK (area_code <> ''),
        intervention         TEXT NOT NULL CHECK (intervention <> ''),
        step                 INTEGER CHECK (step >= 1),
        determinant          TEXT,
        cause                TEXT NOT NULL CHECK (cause <> ''),
        action               TEXT NOT NULL CHECK (action <> ''),
        owner                TEXT NOT NULL CHECK (owner <> ''),
        due                  TEXT NOT NULL,
        budget               REAL CHECK (budget >= 0),
        budget_currency      TEXT NOT NULL DEFAULT 'KGS',
        status               TEXT NOT NULL
                             CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        notes                TEXT NOT NULL DEFAULT '',
        baseline_coverage    REAL CHECK (baseline_coverage BETWEEN 0 AND 1),
        baseline_se          REAL CHECK (baseline_se >= 0),
        baseline_step        INTEGER CHECK (baseline_step >= 1),
        baseline_determinant TEXT,
        baseline_recorded_at TEXT,
        baseline_source      TEXT,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        CHECK ((baseline_coverage IS NULL) = (baseline_step IS NULL)
           AND (baseline_coverage IS NULL) = (baseline_determinant IS NULL)
           AND (baseline_coverage IS NULL) = (baseline_recorded_at IS NULL)
           AND (baseline_coverage IS NULL) = (baseline_source IS NULL)
           AND (baseline_coverage IS NOT NULL OR baseline_se IS NULL))
    ) STRICT;
    CREATE INDEX actions_by_area ON actions (area_code, intervention);
    CREATE TABLE action_history (
        id        INTEGER PRIMARY KEY,
        action_id INTEGER NOT NULL REFERENCES actions (id),
        at        TEXT NOT NULL,
        event     TEXT NOT NULL
                  CHECK (event IN ('add', 'update', 'close', 'reopen', 'import', 'note')),
        field     TEXT,
        old       TEXT,
        new       TEXT,
        note      TEXT NOT NULL DEFAULT '',
        who       TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX action_history_by_action ON action_history (action_id, id);
    ",
];

/// The schema version this build writes and reads up to.
pub(crate) fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Sets the connection up (busy timeout, WAL, foreign keys), checks the file is a register
/// this version can read, and migrates it to the current schema.
pub(crate) fn prepare(connection: &mut Connection, path: &Path) -> Result<()> {
    let database = |error| ActionsError::database(path, error);
    connection
        .busy_timeout(DEFAULT_BUSY_TIMEOUT)
        .map_err(database)?;
    // The first read of the file: a file that is not SQLite fails here.
    let application_id: i32 = connection
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(database)?;
    check_ownership(connection, path, application_id)?;
    // In memory the journal mode stays "memory"; on a file it becomes (and stays) "wal".
    let _mode: String = connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(database)?;
    connection
        .pragma_update(None, "foreign_keys", true)
        .map_err(database)?;
    // Safe with WAL: a power cut may lose the last commits, never corrupt the file.
    connection
        .pragma_update(None, "synchronous", "NORMAL")
        .map_err(database)?;
    migrate(connection, path)
}

/// Refuses an `SQLite` file that another program made.
fn check_ownership(connection: &Connection, path: &Path, application_id: i32) -> Result<()> {
    if application_id == APPLICATION_ID {
        return Ok(());
    }
    let not_ours = |reason: String| ActionsError::NotARegister {
        path: path.to_owned(),
        reason,
    };
    if application_id != 0 {
        return Err(not_ours(format!(
            "an SQLite database of another program (application id {application_id:#x})"
        )));
    }
    let tables: i64 = connection
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
            [],
            |row| row.get(0),
        )
        .map_err(|error| ActionsError::database(path, error))?;
    if tables > 0 {
        return Err(not_ours(format!(
            "an SQLite database with {tables} tables or indexes of another program"
        )));
    }
    Ok(())
}

/// Applies the migrations the file lacks, each in one transaction.
fn migrate(connection: &mut Connection, path: &Path) -> Result<()> {
    let database = |error| ActionsError::database(path, error);
    let version_of = |connection: &Connection| -> Result<i64> {
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(database)?;
        if version > current_version() {
            return Err(ActionsError::TooNew {
                path: path.to_owned(),
                found: version,
                supported: current_version(),
            });
        }
        if version < 0 {
            return Err(ActionsError::NotARegister {
                path: path.to_owned(),
                reason: format!("its schema version is {version}"),
            });
        }
        Ok(version)
    };
    // An up-to-date file is only read: opening takes no write lock.
    while version_of(connection)? < current_version() {
        // The write lock first, then the version again: of two processes opening a new
        // file at once, one applies each step and the other finds it applied.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(database)?;
        let version = version_of(&transaction)?;
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|index| MIGRATIONS.get(index))
        else {
            return Ok(());
        };
        transaction.execute_batch(sql).map_err(database)?;
        transaction
            .pragma_update(None, "user_version", version + 1)
            .map_err(database)?;
        transaction
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(database)?;
        transaction.commit().map_err(database)?;
    }
    Ok(())
}
