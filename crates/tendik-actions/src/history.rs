//! The history of the register: one entry per event, and per changed field.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{ActionsError, Result, Timestamp};

/// What kind of event a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The action was added.
    Add,
    /// A field was changed.
    Update,
    /// The action was closed (done or cancelled).
    Close,
    /// The action was reopened.
    Reopen,
    /// The action was added or changed by an import.
    Import,
    /// A follow-up note without a change.
    Note,
}

impl Event {
    /// Every event kind.
    pub const ALL: [Event; 6] = [
        Event::Add,
        Event::Update,
        Event::Close,
        Event::Reopen,
        Event::Import,
        Event::Note,
    ];

    /// The event's name: `add`, `update`, `close`, `reopen`, `import` or `note`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Add => "add",
            Event::Update => "update",
            Event::Close => "close",
            Event::Reopen => "reopen",
            Event::Import => "import",
            Event::Note => "note",
        }
    }
}

impl FromStr for Event {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self> {
        Event::ALL
            .into_iter()
            .find(|event| event.as_str() == text.trim())
            .ok_or_else(|| {
                ActionsError::invalid(
                    "event",
                    text,
                    "expected one of add, update, close, reopen, import, note",
                )
            })
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of an action's history: an event, and for a changed field its old and new
/// value as text (as the export writes them; `None` for an empty value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The action.
    pub action_id: i64,
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub event: Event,
    /// The field changed (an export column name), `None` for an event about the whole
    /// action (`add`, an imported new action, a `note`).
    pub field: Option<String>,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// The note given with the change.
    pub note: String,
    /// Who made it.
    pub who: String,
}
