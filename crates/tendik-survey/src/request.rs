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
    /// A difference between two domain estimates (a linear contrast).
    Difference,
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
            Self::Difference => "difference",
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

/// A derived variable: a name and the SQL expression that computes it from the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    /// The new variable's name.
    pub name: String,
    /// A SQL expression over the columns and earlier definitions; a boolean gives 0/1,
    /// NULL is missing.
    pub expression: String,
}

impl Definition {
    /// A definition from its name and expression.
    #[must_use]
    pub fn new(name: impl Into<String>, expression: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            expression: expression.into(),
        }
    }
}

/// When an estimate is too thin to show: the unweighted-count thresholds of its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReliabilityRule {
    /// Fewer cases than this: suppressed.
    pub suppress_below: u64,
    /// Fewer cases than this (and not suppressed): shown with caution.
    pub caution_below: u64,
}

impl ReliabilityRule {
    /// MICS's rule: fewer than 25 unweighted cases suppressed, 25–49 in parentheses.
    pub const MICS: Self = Self {
        suppress_below: 25,
        caution_below: 50,
    };
}

impl Default for ReliabilityRule {
    fn default() -> Self {
        Self::MICS
    }
}

/// A complete estimation request: design, targets, domains, filter and confidence level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// The sample design.
    pub design: Design,
    /// Derived variables, computed in order before estimation (later ones may use earlier
    /// ones); usable in targets, breakdowns, the filter and the design.
    pub definitions: Vec<Definition>,
    /// What to estimate, in output order.
    pub targets: Vec<Target>,
    /// Breakdowns: each is a list of domain variables, and results are given for every
    /// combination of their values (an empty list is the whole population). No breakdown
    /// at all means the whole population only. Every breakdown comes from the same scan.
    pub breakdowns: Vec<Vec<String>>,
    /// A SQL boolean expression selecting the subpopulation, as R's `subset()`.
    pub filter: Option<String>,
    /// Confidence level of the intervals, such as 0.95.
    pub level: f64,
    /// Thresholds of the reliability flag.
    pub reliability: ReliabilityRule,
    /// Keep what covariances between *variables* need in a design without PSUs (cross
    /// moments of every pair of numeric targets, a cost quadratic in their number). With
    /// PSUs, or in replicate designs, every covariance of one request is available; without
    /// PSUs, those between domains of one breakdown, between levels of one proportion, and
    /// with this set, between numeric variables of one domain.
    pub covariances: bool,
}

impl Request {
    /// A request for `targets` under `design` for the whole population, 95% intervals, the
    /// MICS reliability rule.
    #[must_use]
    pub fn new(design: Design, targets: Vec<Target>) -> Self {
        Self {
            design,
            definitions: Vec::new(),
            targets,
            breakdowns: Vec::new(),
            filter: None,
            level: 0.95,
            reliability: ReliabilityRule::MICS,
            covariances: false,
        }
    }

    /// The breakdowns estimated: the whole population when none is given.
    #[must_use]
    pub fn effective_breakdowns(&self) -> Vec<Vec<String>> {
        if self.breakdowns.is_empty() {
            vec![Vec::new()]
        } else {
            self.breakdowns.clone()
        }
    }
}
