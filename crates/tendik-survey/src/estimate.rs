//! The one result shape shared by every estimator.

use std::fmt;

use serde::Serialize;

use crate::request::{ReliabilityRule, Statistic};

/// How far an estimate can be trusted, from its unweighted count and the request's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reliability {
    /// Enough cases.
    Reliable,
    /// Few cases: show with caution (MICS: in parentheses).
    Caution,
    /// Too few cases to show (MICS: an asterisk).
    Suppressed,
    /// No estimate: no observation in the domain, or a zero denominator.
    Unavailable,
}

impl Reliability {
    /// The flag of an estimate based on `n` unweighted cases.
    #[must_use]
    pub fn of(n: u64, rule: ReliabilityRule) -> Self {
        if n < rule.suppress_below {
            Self::Suppressed
        } else if n < rule.caution_below {
            Self::Caution
        } else {
            Self::Reliable
        }
    }

    /// The name written in outputs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Reliable => "reliable",
            Self::Caution => "caution",
            Self::Suppressed => "suppressed",
            Self::Unavailable => "unavailable",
        }
    }
}

/// A value of a domain variable or a category, kept with its type.
#[derive(Debug, Clone, PartialEq, PartialOrd, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Whole number.
    Int(i64),
    /// Real number.
    Float(f64),
    /// Text.
    Text(String),
}

impl Value {
    /// The value as a number, when it is one (used to look up value labels).
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Int(value) => Some(*value as f64),
            Self::Float(value) => Some(*value),
            Self::Text(_) => None,
        }
    }

    /// Order values as R orders factor levels: numbers numerically, then text.
    #[must_use]
    pub fn total_cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        if let (Self::Int(a), Self::Int(b)) = (self, other) {
            // Whole numbers beyond 2⁵³ stay distinct.
            return a.cmp(b);
        }
        match (self.as_f64(), other.as_f64()) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl fmt::Display for Value {
    /// Numbers print as R prints them: `1`, not `1.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(value) => write!(f, "{value}"),
            Self::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => {
                write!(f, "{}", *value as i64)
            }
            Self::Float(value) => write!(f, "{value}"),
            Self::Text(value) => f.write_str(value),
        }
    }
}

impl Estimate {
    /// The value of domain variable `column` for this estimate, given the request's
    /// breakdowns: `None` when its breakdown does not have that variable.
    #[must_use]
    pub fn domain_value(&self, breakdowns: &[Vec<String>], column: &str) -> Option<&Value> {
        let variables = breakdowns.get(self.breakdown)?;
        let at = variables.iter().position(|v| v == column)?;
        self.domain.get(at)
    }
}

/// One estimated quantity with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Which breakdown of the request (index into [`crate::Request::effective_breakdowns`]).
    pub breakdown: usize,
    /// The domain: one value per variable of the breakdown, in request order. For a
    /// difference, the contrasted variable holds the text `A-B`.
    pub domain: Vec<Value>,
    /// Which statistic.
    pub statistic: Statistic,
    /// The variable (`num/den` for ratios).
    pub variable: String,
    /// The category, for proportions.
    pub level: Option<Value>,
    /// Point estimate (NaN when the domain has no usable observation).
    pub estimate: f64,
    /// Linearized standard error.
    pub se: f64,
    /// Lower confidence limit.
    pub ci_lower: f64,
    /// Upper confidence limit.
    pub ci_upper: f64,
    /// Design effect, as R's `deff = TRUE` (absent where R gives none).
    pub deff: Option<f64>,
    /// Degrees of freedom used for a t-based interval (proportions), else absent (normal).
    pub df: Option<f64>,
    /// Confidence level of the interval, such as 0.95.
    pub confidence: f64,
    /// Unweighted number of observations used.
    pub n: u64,
    /// Sum of the weights of the observations used.
    pub weighted_n: f64,
    /// The reliability flag from `n` and the request's rule (for a difference, from the
    /// smaller of its two domains).
    pub reliability: Reliability,
}
