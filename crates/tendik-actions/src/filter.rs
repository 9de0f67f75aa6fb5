//! Which actions a listing returns.

use std::str::FromStr;

use crate::{Action, ActionsError, Date, Result, Status};

/// Which statuses [`Filter`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Active actions: `open` or `in_progress` (the default).
    #[default]
    Active,
    /// Closed actions: `done` or `cancelled`.
    Closed,
    /// Every action.
    All,
    /// Actions with this one status.
    Is(Status),
}

impl StatusFilter {
    /// Whether an action with `status` passes.
    #[must_use]
    pub fn keeps(self, status: Status) -> bool {
        match self {
            StatusFilter::Active => !status.is_closed(),
            StatusFilter::Closed => status.is_closed(),
            StatusFilter::All => true,
            StatusFilter::Is(wanted) => status == wanted,
        }
    }
}

impl FromStr for StatusFilter {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" => Ok(StatusFilter::Active),
            "closed" => Ok(StatusFilter::Closed),
            "all" => Ok(StatusFilter::All),
            _ => text.parse().map(StatusFilter::Is).map_err(|_| {
                ActionsError::invalid(
                    "status",
                    text,
                    "expected active, closed, all, open, in_progress, done or cancelled",
                )
            }),
        }
    }
}

/// Which actions [`crate::Register::list`] returns: all conditions hold together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only these area codes; empty for every area. To include an area's child units, the
    /// caller lists them (tendik-geo's `children`).
    pub areas: Vec<String>,
    /// Only this intervention id.
    pub intervention: Option<String>,
    /// Which statuses (active ones by default).
    pub status: StatusFilter,
    /// Only actions overdue on this date: active, due before it.
    pub overdue_on: Option<Date>,
}

impl Filter {
    /// Whether `action` passes.
    #[must_use]
    pub fn keeps(&self, action: &Action) -> bool {
        (self.areas.is_empty() || self.areas.contains(&action.area_code))
            && self
                .intervention
                .as_ref()
                .is_none_or(|i| *i == action.intervention)
            && self.status.keeps(action.status)
            && self.overdue_on.is_none_or(|today| action.is_overdue(today))
    }
}
