//! What the user asks to estimate.

use serde::Serialize;

use crate::design::Design;

/// The kind of statistic in a result row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Statistic {
    /// Weighted mean.
    Mean,
    /// Estimated population total.
    Total,
    /// Ratio of two totals.
    Ratio,
    /// Share of each category of a variable.
    Proportion,
}

impl Statistic {
    /// The name written in outputs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Total => "total",
            Self::Ratio => "ratio",
            Self::Proportion => "proportion",
        }
    }
}

/// One quantity to estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Target {
    /// Mean of a numeric column.
    Mean(String),
    /// Total of a numeric column.
    Total(String),
    /// Ratio of the totals of two numeric columns.
    Ratio {
        /// Numerator column.
        numerator: String,
        /// Denominator column.
        denominator: String,
    },
    /// Proportion of each category of a column.
    Proportion(String),
}

impl Target {
    /// The statistic this target produces.
    #[must_use]
    pub fn statistic(&self) -> Statistic {
        match self {
            Self::Mean(_) => Statistic::Mean,
            Self::Total(_) => Statistic::Total,
            Self::Ratio { .. } => Statistic::Ratio,
            Self::Proportion(_) => Statistic::Proportion,
        }
    }

    /// The variable name written in outputs (`num/den` for ratios).
    #[must_use]
    pub fn variable(&self) -> String {
        match self {
            Self::Mean(column) | Self::Total(column) | Self::Proportion(column) => column.clone(),
            Self::Ratio {
                numerator,
                denominator,
            } => format!("{numerator}/{denominator}"),
        }
    }

    /// The data columns this target reads.
    #[must_use]
    pub fn columns(&self) -> Vec<&str> {
        match self {
            Self::Mean(column) | Self::Total(column) | Self::Proportion(column) => vec![column],
            Self::Ratio {
                numerator,
                denominator,
            } => vec![numerator, denominator],
        }
    }
}

/// A complete estimation request: design, targets, domains, filter and confidence level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// The sample design.
    pub design: Design,
    /// What to estimate, in output order.
    pub targets: Vec<Target>,
    /// Domain variables; results are given for each combination of their values.
    pub by: Vec<String>,
    /// A SQL boolean expression selecting the subpopulation, as R's `subset()`.
    pub filter: Option<String>,
    /// Confidence level of the intervals, such as 0.95.
    pub level: f64,
}
