//! Errors of the survey crate: user errors with the fix, kept apart from internal failures.
//!
//! Messages name the *role* of a column (the weight, a domain, the filter), never a
//! command-line flag: a front end renders roles its own way with [`SurveyError::render`]
//! (the CLI writes `--weight`, a plan file its own key); [`std::fmt::Display`] uses the
//! plain names of [`Role::describe`].

use std::fmt::Write as _;

use crate::request::Statistic;

/// The part a column or expression plays in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The sampling weight.
    Weight,
    /// The stratum.
    Stratum,
    /// The first-stage cluster.
    Psu,
    /// The finite population correction.
    Fpc,
    /// A domain (breakdown) variable.
    Domain,
    /// A variable to estimate, with its statistic.
    Target(Statistic),
    /// The subpopulation condition.
    Filter,
    /// A derived variable, by name.
    Definition(String),
    /// A replicate weight.
    ReplicateWeight,
}

impl Role {
    /// A plain name: "the weight", "a domain", "definition `stunted`".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Weight => "the weight".to_owned(),
            Self::Stratum => "the stratum".to_owned(),
            Self::Psu => "the PSU".to_owned(),
            Self::Fpc => "the FPC".to_owned(),
            Self::Domain => "a domain".to_owned(),
            Self::Target(statistic) => format!("a {} target", statistic.name()),
            Self::Filter => "the filter".to_owned(),
            Self::Definition(name) => format!("definition `{name}`"),
            Self::ReplicateWeight => "a replicate weight".to_owned(),
        }
    }
}

/// Everything that can go wrong while estimating.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    /// A named column is not in the data.
    #[error("{}", self.render(&Role::describe))]
    UnknownColumn {
        /// The data file.
        file: String,
        /// The missing column.
        column: String,
        /// What the column was to be.
        role: Role,
        /// Close column names.
        suggestions: Vec<String>,
    },
    /// A column that must be numeric is not.
    #[error("{}", self.render(&Role::describe))]
    NotNumeric {
        /// The data file.
        file: String,
        /// The column.
        column: String,
        /// What the column was to be.
        role: Role,
        /// The type found.
        found: String,
    },
    /// A design column has a bad value (missing or negative weight, missing stratum or PSU).
    #[error("{file} observation {row}, column `{column}`: {problem}")]
    BadDesignValue {
        /// The data file.
        file: String,
        /// The first offending data row (1-based, header not counted).
        row: u64,
        /// The column.
        column: String,
        /// What is wrong and how many rows share it.
        problem: String,
    },
    /// A stratum with one PSU under the `fail` policy.
    #[error("{}", lonely_text(.file, .strata.as_deref(), .stratum))]
    LonelyPsu {
        /// The data file.
        file: String,
        /// The strata column, if the design has strata.
        strata: Option<String>,
        /// The stratum value.
        stratum: String,
    },
    /// The FPC column is inconsistent.
    #[error("{file}, column `{column}`: {problem}")]
    BadFpc {
        /// The data file.
        file: String,
        /// The FPC column.
        column: String,
        /// What is wrong.
        problem: String,
    },
    /// An expression (the filter or a definition) does not parse, names an unknown column or
    /// has the wrong type.
    #[error("{}", self.render(&Role::describe))]
    BadExpression {
        /// The filter or the definition.
        role: Role,
        /// The expression as given (shortened when long).
        expression: String,
        /// What is wrong.
        message: String,
    },
    /// A definition or the filter failed while the rows were read (a division by zero, a
    /// value that cannot be converted).
    #[error("a definition or the filter failed on the data: {message}")]
    ExpressionFailed {
        /// The engine's message.
        message: String,
    },
    /// The filter selects no rows.
    #[error("{}", self.render(&Role::describe))]
    NothingSelected {
        /// The data file.
        file: String,
        /// The filter (shortened when long).
        filter: String,
    },
    /// The data has no rows, or the domains no observations.
    #[error("{0}")]
    Empty(String),
    /// The request itself is malformed (no targets, bad level, unknown contrast).
    #[error("{0}")]
    BadRequest(String),
    /// An internal engine failure: a bug, not a user error.
    #[error("internal error in the query engine: {0}")]
    Engine(#[from] datafusion::error::DataFusionError),
    /// An internal Arrow failure: a bug, not a user error.
    #[error("internal error handling Arrow data: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    /// Another internal failure: a bug, not a user error.
    #[error("internal error: {0}")]
    Internal(String),
}

fn lonely_text(file: &str, strata: Option<&str>, stratum: &str) -> String {
    match strata {
        Some(strata) => format!(
            "{file}: stratum {stratum} of `{strata}` has only one PSU; its variance cannot be estimated"
        ),
        None => format!(
            "{file}: the sample has no strata and only one PSU; its variance cannot be estimated"
        ),
    }
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        format!("; did you mean {}?", names.join(" or "))
    }
}

impl SurveyError {
    /// Whether the error is the user's to fix (as opposed to an internal bug).
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Self::Engine(_) | Self::Arrow(_) | Self::Internal(_))
    }

    /// The message with roles named by `name` (a front end's own words for them).
    #[must_use]
    pub fn render(&self, name: &dyn Fn(&Role) -> String) -> String {
        match self {
            Self::UnknownColumn {
                file,
                column,
                role,
                suggestions,
            } => format!(
                "{file}: no column `{column}` (given to {}){}",
                name(role),
                suggestion_text(suggestions)
            ),
            Self::NotNumeric {
                file,
                column,
                role,
                found,
            } => format!(
                "{file}: column `{column}` is {found}, but {} needs numbers",
                name(role)
            ),
            Self::BadExpression {
                role,
                expression,
                message,
            } => {
                let mut text = format!("{} `{expression}` ", name(role));
                let _ = match role {
                    Role::Filter => write!(text, "is not a valid SQL condition: {message}"),
                    _ => write!(text, "is not a valid SQL expression: {message}"),
                };
                text
            }
            Self::NothingSelected { file, filter } => {
                let who = name(&Role::Filter);
                let who = who.strip_prefix("the ").unwrap_or(&who);
                format!("{file}: the {who} condition `{filter}` selects no rows")
            }
            other => other.to_string(),
        }
    }
}
