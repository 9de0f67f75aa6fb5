//! What the register holds: actions, their baselines and statuses, the changes asked of
//! them, and their history; with the validation every write goes through.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{ActionsError, Date, Result, Timestamp};

/// The currency of a budget when none is given: Kyrgyz som.
pub const DEFAULT_CURRENCY: &str = "KGS";

/// Where an action stands. `done` and `cancelled` are *closed*; `open` and `in_progress`
/// are *active*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Agreed, not started.
    Open,
    /// Under way.
    InProgress,
    /// Carried out (closed).
    Done,
    /// Dropped (closed).
    Cancelled,
}

impl Status {
    /// Every status, in their usual order.
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Done,
        Status::Cancelled,
    ];

    /// The status's name: `open`, `in_progress`, `done` or `cancelled`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether the status is `done` or `cancelled`.
    #[must_use]
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Cancelled)
    }
}

impl FromStr for Status {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| {
                ActionsError::invalid(
                    "status",
                    text,
                    "expected one of open, in_progress, done, cancelled",
                )
            })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an action is closed: the two closed [`Status`]es.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Carried out.
    Done,
    /// Dropped.
    Cancelled,
}

impl From<Outcome> for Status {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Done => Status::Done,
            Outcome::Cancelled => Status::Cancelled,
        }
    }
}

impl FromStr for Outcome {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "done" => Ok(Outcome::Done),
            "cancelled" | "canceled" => Ok(Outcome::Cancelled),
            _ => Err(ActionsError::invalid(
                "status",
                text,
                "an action closes as done or cancelled",
            )),
        }
    }
}

/// The coverage of the bottleneck step when the action was agreed, to judge progress
/// against (see [`crate::review`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The step's coverage of the target population, 0 to 1.
    pub coverage: f64,
    /// Its standard error; `None` for a figure without sampling error (administrative or
    /// enabling-environment data), which the review then treats as exact.
    pub se: Option<f64>,
    /// The step's 1-based position in the intervention's chain.
    pub step: u32,
    /// The step's determinant name.
    pub determinant: String,
    /// When the figure was recorded.
    pub recorded_at: Timestamp,
    /// Where it came from, free text (the data folder and its checksum, the analysis run).
    pub source: String,
}

/// An action of the register: a cause found for a bottleneck and what was agreed to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// The register's id, from 1.
    pub id: i64,
    /// The area: a tendik-geo unit code (`KG02205000000`, `KG` for the country).
    pub area_code: String,
    /// The tracer intervention: a plan's intervention id (`immunisation`).
    pub intervention: String,
    /// The determinant step the action addresses (1-based), if given.
    pub step: Option<u32>,
    /// That step's determinant name, if given.
    pub determinant: Option<String>,
    /// The root cause agreed on.
    pub cause: String,
    /// What will be done.
    pub action: String,
    /// Who answers for it.
    pub owner: String,
    /// By when.
    pub due: Date,
    /// Its budget, if costed (never negative).
    pub budget: Option<f64>,
    /// The budget's currency (`KGS` unless given).
    pub budget_currency: String,
    /// Where it stands.
    pub status: Status,
    /// Free notes.
    pub notes: String,
    /// When it was added.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// The bottleneck step's coverage when it was added, if recorded.
    pub baseline: Option<Baseline>,
}

impl Action {
    /// Whether the action is active and its due date is before `today`.
    #[must_use]
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.status.is_closed() && self.due < today
    }

    /// The action's editable fields.
    pub(crate) fn fields(&self) -> NewAction {
        NewAction {
            area_code: self.area_code.clone(),
            intervention: self.intervention.clone(),
            step: self.step,
            determinant: self.determinant.clone(),
            cause: self.cause.clone(),
            action: self.action.clone(),
            owner: self.owner.clone(),
            due: self.due,
            budget: self.budget,
            budget_currency: self.budget_currency.clone(),
            status: self.status,
            notes: self.notes.clone(),
            baseline: self.baseline.clone(),
        }
    }
}

/// An action to add: every field of [`Action`] but the id and the times.
///
/// [`NewAction::new`] takes the required fields and leaves the rest empty; set the others
/// on the value it returns.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    /// The area: a tendik-geo unit code.
    pub area_code: String,
    /// The tracer intervention: a plan's intervention id.
    pub intervention: String,
    /// The determinant step addressed (1-based).
    pub step: Option<u32>,
    /// That step's determinant name.
    pub determinant: Option<String>,
    /// The root cause.
    pub cause: String,
    /// What will be done.
    pub action: String,
    /// Who answers for it.
    pub owner: String,
    /// By when.
    pub due: Date,
    /// Its budget (finite, not negative).
    pub budget: Option<f64>,
    /// The budget's currency; empty means [`DEFAULT_CURRENCY`].
    pub budget_currency: String,
    /// Its status (`open` for a new action).
    pub status: Status,
    /// Free notes.
    pub notes: String,
    /// The bottleneck step's coverage now.
    pub baseline: Option<Baseline>,
}

impl NewAction {
    /// An open action with the required fields, no step, budget, notes or baseline.
    #[must_use]
    pub fn new(
        area_code: impl Into<String>,
        intervention: impl Into<String>,
        cause: impl Into<String>,
        action: impl Into<String>,
        owner: impl Into<String>,
        due: Date,
    ) -> Self {
        Self {
            area_code: area_code.into(),
            intervention: intervention.into(),
            step: None,
            determinant: None,
            cause: cause.into(),
            action: action.into(),
            owner: owner.into(),
            due,
            budget: None,
            budget_currency: DEFAULT_CURRENCY.to_owned(),
            status: Status::Open,
            notes: String::new(),
            baseline: None,
        }
    }

    /// Trims the text fields, fills defaults and checks every field; the reasons name the
    /// field (as the export's column) and the accepted values.
    pub(crate) fn normalise(&mut self) -> Result<()> {
        for (field, value) in [
            ("area_code", &mut self.area_code),
            ("intervention", &mut self.intervention),
            ("cause", &mut self.cause),
            ("action", &mut self.action),
            ("owner", &mut self.owner),
        ] {
            trim_in_place(value);
            if value.is_empty() {
                return Err(ActionsError::invalid(
                    field,
                    "",
                    "empty; every action needs one",
                ));
            }
        }
        trim_in_place(&mut self.notes);
        trim_in_place(&mut self.budget_currency);
        if self.budget_currency.is_empty() {
            DEFAULT_CURRENCY.clone_into(&mut self.budget_currency);
        }
        if let Some(determinant) = &mut self.determinant {
            trim_in_place(determinant);
            if determinant.is_empty() {
                self.determinant = None;
            }
        }
        check_step("step", self.step)?;
        if let Some(budget) = self.budget
            && !(budget.is_finite() && budget >= 0.0)
        {
            return Err(ActionsError::invalid(
                "budget",
                budget,
                "expected a finite amount of 0 or more",
            ));
        }
        if let Some(baseline) = &mut self.baseline {
            if !(0.0..=1.0).contains(&baseline.coverage) {
                return Err(ActionsError::invalid(
                    "baseline_coverage",
                    baseline.coverage,
                    "expected a proportion from 0 to 1",
                ));
            }
            if let Some(se) = baseline.se
                && !(se.is_finite() && se >= 0.0)
            {
                return Err(ActionsError::invalid(
                    "baseline_se",
                    se,
                    "expected a finite standard error of 0 or more",
                ));
            }
            check_step("baseline_step", Some(baseline.step))?;
            trim_in_place(&mut baseline.determinant);
            if baseline.determinant.is_empty() {
                return Err(ActionsError::invalid(
                    "baseline_determinant",
                    "",
                    "empty; a baseline names its step's determinant",
                ));
            }
            trim_in_place(&mut baseline.source);
        }
        Ok(())
    }

    /// The fields as text, named as the export's columns; `None` for an empty optional
    /// field. Two actions differ exactly where these differ.
    pub(crate) fn columns(&self) -> [(&'static str, Option<String>); 18] {
        let baseline = self.baseline.as_ref();
        [
            ("area_code", Some(self.area_code.clone())),
            ("intervention", Some(self.intervention.clone())),
            ("step", self.step.map(|s| s.to_string())),
            ("determinant", self.determinant.clone()),
            ("cause", Some(self.cause.clone())),
            ("action", Some(self.action.clone())),
            ("owner", Some(self.owner.clone())),
            ("due", Some(self.due.to_string())),
            ("budget", self.budget.map(|b| b.to_string())),
            ("budget_currency", Some(self.budget_currency.clone())),
            ("status", Some(self.status.to_string())),
            ("notes", Some(self.notes.clone())),
            (
                "baseline_coverage",
                baseline.map(|b| b.coverage.to_string()),
            ),
            (
                "baseline_se",
                baseline.and_then(|b| b.se).map(|s| s.to_string()),
            ),
            ("baseline_step", baseline.map(|b| b.step.to_string())),
            (
                "baseline_determinant",
                baseline.map(|b| b.determinant.clone()),
            ),
            (
                "baseline_recorded_at",
                baseline.map(|b| b.recorded_at.to_string()),
            ),
            ("baseline_source", baseline.map(|b| b.source.clone())),
        ]
    }
}

fn trim_in_place(text: &mut String) {
    let trimmed = text.trim();
    if trimmed.len() != text.len() {
        *text = trimmed.to_owned();
    }
}

fn check_step(field: &str, step: Option<u32>) -> Result<()> {
    match step {
        Some(0) => Err(ActionsError::invalid(
            field,
            0,
            "steps are numbered from 1 in chain order",
        )),
        _ => Ok(()),
    }
}

/// Changes to an action: each `Some` field replaces the action's value (`Some(None)`
/// empties an optional field); `None` leaves it as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// A new area code.
    pub area_code: Option<String>,
    /// A new intervention id.
    pub intervention: Option<String>,
    /// A new step, or none.
    pub step: Option<Option<u32>>,
    /// A new determinant name, or none.
    pub determinant: Option<Option<String>>,
    /// A new cause.
    pub cause: Option<String>,
    /// A new action text.
    pub action: Option<String>,
    /// A new owner.
    pub owner: Option<String>,
    /// A new due date.
    pub due: Option<Date>,
    /// A new budget, or none.
    pub budget: Option<Option<f64>>,
    /// A new budget currency.
    pub budget_currency: Option<String>,
    /// A new status (closing and reopening also have their own methods).
    pub status: Option<Status>,
    /// New notes (replacing the old ones).
    pub notes: Option<String>,
    /// A new baseline, or none.
    pub baseline: Option<Option<Baseline>>,
}

impl Changes {
    /// Whether no field is to change.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Applies the changes to `fields`.
    pub(crate) fn apply_to(self, fields: &mut NewAction) {
        fn set<T>(target: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *target = value;
            }
        }
        set(&mut fields.area_code, self.area_code);
        set(&mut fields.intervention, self.intervention);
        set(&mut fields.step, self.step);
        set(&mut fields.determinant, self.determinant);
        set(&mut fields.cause, self.cause);
        set(&mut fields.action, self.action);
        set(&mut fields.owner, self.owner);
        set(&mut fields.due, self.due);
        set(&mut fields.budget, self.budget);
        set(&mut fields.budget_currency, self.budget_currency);
        set(&mut fields.status, self.status);
        set(&mut fields.notes, self.notes);
        set(&mut fields.baseline, self.baseline);
    }
}
