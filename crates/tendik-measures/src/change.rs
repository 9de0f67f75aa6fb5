//! Change over time between two rounds of a survey: the difference of a figure between two
//! independent samples, its standard error and interval, the annualised change, and a
//! two-sided test of no change.

use statrs::distribution::{ContinuousCDF, Normal};
use tendik_survey::intervals::normal_quantile;

/// The change of one figure from a first round to a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// The second round's figure minus the first's.
    pub change: f64,
    /// Its standard error, the samples independent: √(se₁² + se₂²).
    pub se: f64,
    /// The lower limit of its normal interval.
    pub ci_lower: f64,
    /// The upper limit.
    pub ci_upper: f64,
    /// The change per year (linear: the change over the years between the rounds).
    pub annual: Option<f64>,
    /// Its standard error.
    pub annual_se: Option<f64>,
    /// The two-sided p-value of no change (normal).
    pub p_value: f64,
    /// Whether the change differs from 0 at the interval's level (the interval excludes 0).
    pub significant: bool,
}

impl Change {
    /// The change from `before` to `after` (each an estimate and its SE) over `years`
    /// years, with an interval at `level`; `None` when a figure or SE is missing.
    #[must_use]
    pub fn between(
        before: (f64, f64),
        after: (f64, f64),
        years: Option<f64>,
        level: f64,
    ) -> Option<Self> {
        let values = [before.0, before.1, after.0, after.1];
        if values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let change = after.0 - before.0;
        let se = before.1.hypot(after.1);
        let z = normal_quantile(0.5 + level / 2.0);
        let p_value = if se > 0.0 {
            let standard = Normal::standard();
            2.0 * standard.cdf(-(change / se).abs())
        } else if change == 0.0 {
            1.0
        } else {
            0.0
        };
        let years = years.filter(|y| y.is_finite() && *y > 0.0);
        Some(Self {
            change,
            se,
            ci_lower: change - z * se,
            ci_upper: change + z * se,
            annual: years.map(|y| change / y),
            annual_se: years.map(|y| se / y),
            p_value,
            significant: (change - z * se) > 0.0 || (change + z * se) < 0.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn a_change_of_two_ses_is_significant_at_95_percent() {
        let c = Change::between((0.30, 0.012), (0.25, 0.016), Some(5.0), 0.95).unwrap();
        assert!((c.change + 0.05).abs() < 1e-15);
        assert!((c.se - 0.02).abs() < 1e-15);
        assert!((c.annual.unwrap() + 0.01).abs() < 1e-15);
        assert!((c.annual_se.unwrap() - 0.004).abs() < 1e-15);
        // z = 2.5: p = 2 Φ(−2.5) = 0.012419…
        assert!((c.p_value - 0.012_419_330_651_552_265).abs() < 1e-12);
        assert!(c.significant);
        let c = Change::between((0.30, 0.02), (0.27, 0.02), None, 0.95).unwrap();
        assert!(!c.significant && c.annual.is_none());
        assert!(Change::between((f64::NAN, 0.1), (0.2, 0.1), None, 0.95).is_none());
    }
}
