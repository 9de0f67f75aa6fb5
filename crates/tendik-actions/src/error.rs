//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// What can go wrong with the register.
///
/// Messages are lowercase, name the file, id, row, column or value at fault, and say what
/// would be accepted. Errors about the database file name it (`:memory:` for a register in
/// memory).
#[derive(Debug, thiserror::Error)]
pub enum ActionsError {
    /// A file or folder could not be read, written or created (the message names it).
    #[error(transparent)]
    Io(#[from] std::io::Error),

    /// Neither `TENDIK_DATA_DIR` nor a platform data directory is known.
    #[error(
        "cannot tell where to keep the actions register: this platform has no data directory; \
         set TENDIK_DATA_DIR to a folder or pass the register file with --db"
    )]
    NoDataDir,

    /// The file exists but is not an `SQLite` database, or is one that another program made.
    #[error("{}: not a tendik actions register ({reason}); pass another file with --db", path.display())]
    NotARegister {
        /// The file.
        path: PathBuf,
        /// What it is instead, in words.
        reason: String,
    },

    /// The register was written by a newer tendik whose schema this version cannot read.
    #[error(
        "{}: the register has schema version {found}, newer than this tendik reads (up to \
         {supported}); upgrade tendik, or pass another file with --db",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The schema version in the file (`PRAGMA user_version`).
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },

    /// Another process held the database locked for longer than the busy timeout.
    #[error(
        "{}: the register is locked by another process (another tendik writing to it?); \
         wait for it to finish and try again",
        path.display()
    )]
    Busy {
        /// The file.
        path: PathBuf,
    },

    /// The file cannot be opened or written (a folder, a read-only file or file system).
    #[error(
        "{}: cannot open the register for writing ({source}); check that it is a file you may \
         write, or pass another file with --db",
        path.display()
    )]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// What `SQLite` said.
        source: rusqlite::Error,
    },

    /// Any other error `SQLite` reported.
    #[error("{}: database error: {source}", path.display())]
    Database {
        /// The file.
        path: PathBuf,
        /// What `SQLite` said.
        source: rusqlite::Error,
    },

    /// No action has this id.
    #[error("{}: no action with id {id}; list the register to see the ids it has", path.display())]
    NotFound {
        /// The file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },

    /// A value given for a field is not acceptable.
    #[error("{field}{}: {reason}", quoted(value))]
    Invalid {
        /// The field (named as in the export's columns: `due`, `status`, `baseline_coverage`).
        field: String,
        /// The value given, as text.
        value: String,
        /// Why it is refused and what would be accepted.
        reason: String,
    },

    /// `close` on an action that is already closed, or `reopen` on one that is not.
    #[error("action {id} is {status}; {fix}")]
    WrongStatus {
        /// The action.
        id: i64,
        /// Its status now.
        status: String,
        /// What to do instead.
        fix: String,
    },

    /// One row of an import file is wrong; nothing was imported.
    #[error(
        "{location}, column {column}{}: {reason}; nothing was imported",
        quoted(value)
    )]
    ImportRow {
        /// Where the row is: `line 4` of a CSV file, `actions[2]` of a JSON file.
        location: String,
        /// The column (or JSON key).
        column: String,
        /// The value found, as text (empty when missing).
        value: String,
        /// Why it is refused and what would be accepted.
        reason: String,
    },

    /// An import file cannot be read as a whole (not CSV or JSON of the export's shape, an
    /// unknown column); nothing was imported.
    #[error("{location}: {reason}; nothing was imported")]
    ImportFile {
        /// Where: `line 1`, `header`, or the JSON path.
        location: String,
        /// What is wrong and what would be accepted.
        reason: String,
    },

    /// Writing an export failed.
    #[error("cannot write the export: {0}")]
    Export(String),
}

/// ` "value"` after a field's name, or nothing for an empty value.
fn quoted(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(" {value:?}")
    }
}

/// The crate's result type.
pub type Result<T, E = ActionsError> = std::result::Result<T, E>;

impl ActionsError {
    /// An [`ActionsError::Invalid`] for `field`.
    pub(crate) fn invalid(
        field: &str,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// The error an `SQLite` failure on `path` becomes: a busy or non-database file gets its
    /// own variant.
    pub(crate) fn database(path: &std::path::Path, source: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy {
                path: path.to_owned(),
            },
            Some(ErrorCode::NotADatabase) => Self::NotARegister {
                path: path.to_owned(),
                reason: "the file is not an SQLite database".to_owned(),
            },
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
                Self::CannotOpen {
                    path: path.to_owned(),
                    source,
                }
            }
            _ => Self::Database {
                path: path.to_owned(),
                source,
            },
        }
    }
}
