//! Errors of the survey crate: user errors with the fix, kept apart from internal failures.

/// Everything that can go wrong while estimating.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    /// A named column is not in the data.
    #[error("{file}: no column `{column}` (given to {option}){}", suggestion_text(.suggestions))]
    UnknownColumn {
        /// The data file.
        file: String,
        /// The missing column.
        column: String,
        /// The option that named it.
        option: String,
        /// Close column names.
        suggestions: Vec<String>,
    },
    /// A column that must be numeric is not.
    #[error("{file}: column `{column}` is {found}, but {option} needs numbers")]
    NotNumeric {
        /// The data file.
        file: String,
        /// The column.
        column: String,
        /// The option that uses it.
        option: String,
        /// The type found.
        found: String,
    },
    /// A design column has a bad value (missing or negative weight, missing stratum or PSU).
    #[error("{file} row {row}, column `{column}`: {problem}")]
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
    #[error(
        "{file}: stratum {stratum} of `{strata}` has only one PSU; its variance cannot be estimated"
    )]
    LonelyPsu {
        /// The data file.
        file: String,
        /// The strata column.
        strata: String,
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
    /// The `--where` expression does not parse or is not boolean.
    #[error("--where `{expression}` is not a valid SQL condition: {message}")]
    BadFilter {
        /// The expression as given.
        expression: String,
        /// The parser's message.
        message: String,
    },
    /// The filter or the domains select no observations.
    #[error("{0}")]
    Empty(String),
    /// The request itself is malformed (no targets, bad level).
    #[error("{0}")]
    BadRequest(String),
    /// An internal engine failure: a bug, not a user error.
    #[error("internal error in the query engine: {0}")]
    Engine(#[from] datafusion::error::DataFusionError),
    /// An internal Arrow failure: a bug, not a user error.
    #[error("internal error handling Arrow data: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
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
        !matches!(self, Self::Engine(_) | Self::Arrow(_))
    }
}
