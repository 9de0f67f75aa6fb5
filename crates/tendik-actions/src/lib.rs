//! The register of causes and actions of tendik's bottleneck analysis.
//!
//! `tendik bottleneck` finds, for each area (a tendik-geo unit code such as
//! `KG02205000000`) and tracer intervention (a plan's intervention id such as
//! `immunisation`), the determinant step where most of the target population is lost.
//! Partners then agree on root causes and actions and follow them up: this crate keeps
//! them, in one `SQLite` file ([`default_path`], or any path), with the history of every
//! change, and reviews them against a newer analysis.
//!
//! ```
//! use tendik_actions::{Baseline, Date, Filter, NewAction, Outcome, Register, Timestamp};
//!
//! let mut register = Register::open_in_memory()?;
//! let mut new = NewAction::new(
//!     "KG02205000000",
//!     "immunisation",
//!     "vaccine stock-outs at rural FAPs",
//!     "monthly stock reports to the oblast cold-chain officer",
//!     "Oblast health department",
//!     "2026-06-30".parse::<Date>()?,
//! );
//! new.baseline = Some(Baseline {
//!     coverage: 0.62,
//!     se: Some(0.03),
//!     step: 2,
//!     determinant: "availability of commodities".to_owned(),
//!     recorded_at: Timestamp::now(),
//!     source: "MICS 2018, data folder sha256 3f5a…".to_owned(),
//! });
//! let action = register.add(new, "aida")?;
//! register.close(action.id, Outcome::Done, "stock reports arrive monthly", "aida")?;
//! assert!(register.list(&Filter::default())?.is_empty()); // active actions only
//! assert_eq!(register.history(action.id)?.len(), 2); // added, then closed
//! # Ok::<(), tendik_actions::ActionsError>(())
//! ```
//!
//! # The file
//! [`Register::open`] creates the file and its folders if needed. The file is in WAL mode
//! (readers never wait for a writer), enforces foreign keys, and waits up to 5 s for a lock
//! held by another process before [`ActionsError::Busy`]. Its schema is migrated by
//! `PRAGMA user_version`, one transaction per step; a file written by a newer tendik is
//! refused ([`ActionsError::TooNew`]), and so is an `SQLite` file of another program. Every
//! write is one transaction.
//!
//! # Checks
//! Fields are checked on every write: cause, action, owner, area and intervention not
//! empty, a real due date, a budget finite and not negative, a baseline coverage from 0
//! to 1. Whether an area code is a tendik-geo unit and an intervention is in the plan is
//! for the caller to say: the register does not depend on tendik-geo or the plan, and
//! takes the checks as closures ([`Register::with_area_check`],
//! [`Register::with_intervention_check`]), run on every addition, import row and change of
//! those codes.
//!
//! # History
//! Each addition, changed field (with its old and new value as text), close, reopen,
//! import and follow-up note is a [`Change`], with the time, a note and who made it. The
//! register takes `who` from its caller (the CLI's `--author`, else `$USER`).
//!
//! # Exchange and review
//! [`Register::export`] writes all actions as CSV or JSON (with history), with the
//! columns of [`COLUMNS`], and [`Register::import`] reads them back, all or nothing.
//! [`Register::review`] compares each active action's baseline with the rows of a
//! new bottleneck analysis ([`Snapshot`]s): the change, its SE and 95% interval, a
//! [`Verdict`], and whether the step is still the bottleneck.
//!
//! The crate prints nothing; problems come back as [`ActionsError`].

mod error;
mod export;
mod filter;
mod history;
mod import;
mod model;
mod read;
mod register;
mod review;
mod schema;
mod store;
mod time;

use std::ffi::OsStr;
use std::path::PathBuf;

pub use error::{ActionsError, Result};
pub use export::{COLUMNS, Format};
pub use filter::{Filter, StatusFilter};
pub use history::{Change, Event};
pub use import::ImportReport;
pub use model::{Action, Baseline, Changes, DEFAULT_CURRENCY, NewAction, Outcome, Status};
pub use register::Register;
pub use review::{Review, Snapshot, Verdict, change_se, review};
pub use time::{Date, Timestamp};

/// The register's file name in its data folder.
pub const FILE_NAME: &str = "actions.sqlite";

/// The environment variable naming the folder of tendik's data files.
pub const DATA_DIR_VARIABLE: &str = "TENDIK_DATA_DIR";

/// Where the register is kept unless the caller says otherwise:
/// `$TENDIK_DATA_DIR/actions.sqlite` if the variable is set and not empty, else
/// `tendik/actions.sqlite` in the platform's data folder (`~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_path() -> Result<PathBuf> {
    path_from(
        std::env::var_os(DATA_DIR_VARIABLE).as_deref(),
        dirs::data_dir(),
    )
}

fn path_from(variable: Option<&OsStr>, platform: Option<PathBuf>) -> Result<PathBuf> {
    match variable {
        Some(folder) if !folder.is_empty() => Ok(PathBuf::from(folder).join(FILE_NAME)),
        _ => platform
            .map(|folder| folder.join("tendik").join(FILE_NAME))
            .ok_or(ActionsError::NoDataDir),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_over_the_platform_folder() {
        let platform = Some(PathBuf::from("/home/a/.local/share"));
        assert_eq!(
            path_from(Some(OsStr::new("/data")), platform.clone()).unwrap(),
            PathBuf::from("/data/actions.sqlite")
        );
        assert_eq!(
            path_from(Some(OsStr::new("")), platform.clone()).unwrap(),
            PathBuf::from("/home/a/.local/share/tendik/actions.sqlite")
        );
        assert_eq!(
            path_from(None, platform).unwrap(),
            PathBuf::from("/home/a/.local/share/tendik/actions.sqlite")
        );
        assert!(matches!(
            path_from(None, None),
            Err(ActionsError::NoDataDir)
        ));
    }
}
