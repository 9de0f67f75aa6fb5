//! The register: opening the file, and adding, changing, closing and listing actions.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{
    Action, ActionsError, Change, Changes, Event, Filter, NewAction, Outcome, Result, Status,
    Timestamp, schema, store,
};

/// A caller's check of a code: `Err` carries why the code is refused and what would be
/// accepted.
type Check = Box<dyn Fn(&str) -> std::result::Result<(), String> + Send>;

/// The caller's checks of area codes and intervention ids (see
/// [`Register::with_area_check`]).
#[derive(Default)]
pub(crate) struct Checks {
    area: Option<Check>,
    intervention: Option<Check>,
}

impl Checks {
    /// Runs the checks on `fields`; with `before`, only on the codes that changed.
    pub(crate) fn run(&self, fields: &NewAction, before: Option<&NewAction>) -> Result<()> {
        let runs = [
            (
                "area_code",
                &self.area,
                &fields.area_code,
                before.map(|b| &b.area_code),
            ),
            (
                "intervention",
                &self.intervention,
                &fields.intervention,
                before.map(|b| &b.intervention),
            ),
        ];
        for (field, check, value, old) in runs {
            if let Some(check) = check
                && old != Some(value)
            {
                check(value).map_err(|reason| ActionsError::invalid(field, value, reason))?;
            }
        }
        Ok(())
    }
}

/// The register of causes and actions, kept in one `SQLite` file.
///
/// Every write runs in one transaction and records its history. Several handles, in one
/// process or several, may have the same file open: the file is in WAL mode, so readers do
/// not wait for a writer, and a writer waits up to the busy timeout (5 s unless
/// [`Register::set_busy_timeout`]) for another before failing with [`ActionsError::Busy`].
///
/// The register knows nothing of tendik-geo or analysis plans: a caller that wants area
/// codes and intervention ids checked installs the checks with
/// [`Register::with_area_check`] and [`Register::with_intervention_check`].
pub struct Register {
    connection: Connection,
    path: PathBuf,
    checks: Checks,
}

impl fmt::Debug for Register {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Register")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Register {
    /// Opens the register at `path`, creating the file and its parent folders if missing,
    /// and bringing an older schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_owned();
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            fs_err::create_dir_all(parent)?;
        }
        let connection =
            Connection::open(&path).map_err(|error| ActionsError::database(&path, error))?;
        Self::prepare(connection, path)
    }

    /// A register in memory, gone when dropped (for tests and dry runs).
    pub fn open_in_memory() -> Result<Self> {
        let path = PathBuf::from(":memory:");
        let connection =
            Connection::open_in_memory().map_err(|error| ActionsError::database(&path, error))?;
        Self::prepare(connection, path)
    }

    fn prepare(mut connection: Connection, path: PathBuf) -> Result<Self> {
        schema::prepare(&mut connection, &path)?;
        Ok(Self {
            connection,
            path,
            checks: Checks::default(),
        })
    }

    /// Checks every area code added, imported or changed to with `check` (say,
    /// tendik-geo's `find`); an `Err` refuses the write with its text as the reason.
    #[must_use]
    pub fn with_area_check(
        mut self,
        check: impl Fn(&str) -> std::result::Result<(), String> + Send + 'static,
    ) -> Self {
        self.checks.area = Some(Box::new(check));
        self
    }

    /// Checks every intervention id added, imported or changed to with `check` (say,
    /// against the plan's interventions); an `Err` refuses the write with its text as the
    /// reason.
    #[must_use]
    pub fn with_intervention_check(
        mut self,
        check: impl Fn(&str) -> std::result::Result<(), String> + Send + 'static,
    ) -> Self {
        self.checks.intervention = Some(Box::new(check));
        self
    }

    /// How long a write waits for another process's lock before [`ActionsError::Busy`].
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        self.connection
            .busy_timeout(timeout)
            .map_err(|error| ActionsError::database(&self.path, error))
    }

    /// The register's file (`:memory:` for one in memory).
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the file, `PRAGMA user_version`.
    pub fn schema_version(&self) -> Result<i64> {
        self.connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|error| ActionsError::database(&self.path, error))
    }

    /// The journal mode `SQLite` reports: `wal` for a file, `memory` in memory.
    pub fn journal_mode(&self) -> Result<String> {
        self.connection
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .map_err(|error| ActionsError::database(&self.path, error))
    }

    /// Adds an action (after checking its fields) and records the addition by `who`.
    pub fn add(&mut self, new: NewAction, who: &str) -> Result<Action> {
        let mut fields = new;
        fields.normalise()?;
        self.write(|transaction, path, checks| {
            checks.run(&fields, None)?;
            let now = Timestamp::now();
            let id = store::insert(transaction, path, None, &fields, now, now)?;
            store::record(
                transaction,
                path,
                &Change {
                    action_id: id,
                    at: now,
                    event: Event::Add,
                    field: None,
                    old: None,
                    new: None,
                    note: String::new(),
                    who: who.to_owned(),
                },
            )?;
            store::load(transaction, path, id)
        })
    }

    /// The action `id`.
    pub fn get(&self, id: i64) -> Result<Action> {
        store::load(&self.connection, &self.path, id)
    }

    /// The actions that pass `filter`, by id.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Action>> {
        let mut actions = store::load_all(&self.connection, &self.path)?;
        actions.retain(|action| filter.keeps(action));
        Ok(actions)
    }

    /// Changes fields of action `id` (any but its id and creation time), recording each
    /// changed field with its old and new value, `note` and `who`. Changes that leave
    /// every field as it was write nothing, unless `note` is given: then it is recorded
    /// as a follow-up note.
    pub fn update(&mut self, id: i64, changes: Changes, note: &str, who: &str) -> Result<Action> {
        self.write(|transaction, path, checks| {
            let (action, changed) = modify(
                transaction,
                path,
                checks,
                id,
                changes,
                Event::Update,
                note,
                who,
            )?;
            if !changed && !note.trim().is_empty() {
                store::record(
                    transaction,
                    path,
                    &Change {
                        action_id: id,
                        at: Timestamp::now(),
                        event: Event::Note,
                        field: None,
                        old: None,
                        new: None,
                        note: note.to_owned(),
                        who: who.to_owned(),
                    },
                )?;
            }
            Ok(action)
        })
    }

    /// Closes action `id` as done or cancelled. An action already closed must be
    /// reopened first.
    pub fn close(&mut self, id: i64, outcome: Outcome, note: &str, who: &str) -> Result<Action> {
        self.write(|transaction, path, checks| {
            let action = store::load(transaction, path, id)?;
            if action.status.is_closed() {
                return Err(ActionsError::WrongStatus {
                    id,
                    status: action.status.to_string(),
                    fix: "reopen it first to close it again".to_owned(),
                });
            }
            let changes = Changes {
                status: Some(outcome.into()),
                ..Changes::default()
            };
            modify(
                transaction,
                path,
                checks,
                id,
                changes,
                Event::Close,
                note,
                who,
            )
            .map(|(action, _)| action)
        })
    }

    /// Reopens a closed action `id` (its status becomes `open`).
    pub fn reopen(&mut self, id: i64, note: &str, who: &str) -> Result<Action> {
        self.write(|transaction, path, checks| {
            let action = store::load(transaction, path, id)?;
            if !action.status.is_closed() {
                return Err(ActionsError::WrongStatus {
                    id,
                    status: action.status.to_string(),
                    fix: "only a done or cancelled action can be reopened".to_owned(),
                });
            }
            let changes = Changes {
                status: Some(Status::Open),
                ..Changes::default()
            };
            modify(
                transaction,
                path,
                checks,
                id,
                changes,
                Event::Reopen,
                note,
                who,
            )
            .map(|(action, _)| action)
        })
    }

    /// The history of action `id`, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<Change>> {
        store::load(&self.connection, &self.path, id)?;
        store::history(&self.connection, &self.path, Some(id))
    }

    /// The history of every action, by action and then oldest first.
    pub fn all_history(&self) -> Result<Vec<Change>> {
        store::history(&self.connection, &self.path, None)
    }

    /// Reads the register's data with one consistent view of the file.
    pub(crate) fn read<T>(&self, read: impl FnOnce(&Connection, &Path) -> Result<T>) -> Result<T> {
        let transaction = self
            .connection
            .unchecked_transaction()
            .map_err(|error| ActionsError::database(&self.path, error))?;
        let value = read(&transaction, &self.path)?;
        transaction
            .commit()
            .map_err(|error| ActionsError::database(&self.path, error))?;
        Ok(value)
    }

    /// Runs `write` in one transaction that holds the write lock from its start (so it
    /// waits for other writers, then cannot fail on a lock half-way) and commits it if
    /// `write` succeeds; on an error nothing is written.
    pub(crate) fn write<T>(
        &mut self,
        write: impl FnOnce(&Transaction<'_>, &Path, &Checks) -> Result<T>,
    ) -> Result<T> {
        let database = |error| ActionsError::database(&self.path, error);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(database)?;
        let value = write(&transaction, &self.path, &self.checks)?;
        transaction.commit().map_err(database)?;
        Ok(value)
    }
}

/// Applies `changes` to action `id` and records each changed field as `event`; returns
/// the action and whether any field changed (if none did, nothing was written).
#[expect(
    clippy::too_many_arguments,
    reason = "one internal call shape for four writers"
)]
pub(crate) fn modify(
    connection: &Connection,
    path: &Path,
    checks: &Checks,
    id: i64,
    changes: Changes,
    event: Event,
    note: &str,
    who: &str,
) -> Result<(Action, bool)> {
    let action = store::load(connection, path, id)?;
    let before = action.fields();
    let mut after = before.clone();
    changes.apply_to(&mut after);
    after.normalise()?;
    checks.run(&after, Some(&before))?;
    let now = Timestamp::now();
    let entry = |field: &str, old: Option<String>, new: Option<String>| Change {
        action_id: id,
        at: now,
        event,
        field: Some(field.to_owned()),
        old,
        new,
        note: note.to_owned(),
        who: who.to_owned(),
    };
    let differences: Vec<Change> = before
        .columns()
        .into_iter()
        .zip(after.columns())
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| entry(field, old, new))
        .collect();
    if differences.is_empty() {
        return Ok((action, false));
    }
    store::overwrite(connection, path, id, &after, now)?;
    for change in &differences {
        store::record(connection, path, change)?;
    }
    Ok((store::load(connection, path, id)?, true))
}
