//! Review of active actions against the newest bottleneck analysis: has the coverage of
//! the step each action addresses moved since its baseline?
//!
//! The change is `now − baseline`. The two figures come from two survey rounds, taken as
//! independent samples, so the SE of the change is `sqrt(se_now² + se_baseline²)` (no
//! covariance term). A figure without an SE is one without sampling error
//! (administrative or enabling-environment data, as `tendik bottleneck` reports them) and
//! counts as exact: its SE is taken as 0, and the review says so. The 95% interval is the
//! normal one, `change ± 1.96 × SE`; coverage rising is an improvement.

use std::collections::HashMap;

use serde::Serialize;

use crate::{Action, Filter, Register, Result};

/// The 97.5% quantile of the standard normal distribution.
const Z_95: f64 = 1.959_963_984_540_054;

/// One row of a bottleneck analysis: one step of one intervention's chain in one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The area's tendik-geo code.
    pub area_code: String,
    /// The intervention id.
    pub intervention: String,
    /// The step's 1-based position in the chain.
    pub step: u32,
    /// The step's determinant name.
    pub determinant: String,
    /// The step's coverage, 0 to 1; `None` when suppressed or missing.
    pub coverage: Option<f64>,
    /// Its SE; `None` for a figure without sampling error.
    pub se: Option<f64>,
    /// Whether the step is the chain's bottleneck.
    pub bottleneck: bool,
}

/// What the review concludes about an action's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Coverage rose: the 95% interval of the change lies above 0.
    Improved,
    /// Coverage fell: the interval lies below 0.
    Worsened,
    /// The interval includes 0.
    NoClearChange,
    /// The analysis has no coverage for the step now.
    NotComparable,
    /// The action has no baseline to compare with.
    NoBaseline,
}

impl Verdict {
    /// The verdict's name: `improved`, `worsened`, `no_clear_change`, `not_comparable` or
    /// `no_baseline`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::Worsened => "worsened",
            Verdict::NoClearChange => "no_clear_change",
            Verdict::NotComparable => "not_comparable",
            Verdict::NoBaseline => "no_baseline",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The review of one action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// The action.
    pub action_id: i64,
    /// Its area.
    pub area_code: String,
    /// Its intervention.
    pub intervention: String,
    /// The baseline's step.
    pub step: Option<u32>,
    /// The baseline's determinant name.
    pub determinant: Option<String>,
    /// The step's determinant name in the current analysis, if it has the step.
    pub current_determinant: Option<String>,
    /// The baseline coverage.
    pub baseline: Option<f64>,
    /// The baseline's SE.
    pub baseline_se: Option<f64>,
    /// The coverage now.
    pub current: Option<f64>,
    /// Its SE.
    pub current_se: Option<f64>,
    /// `current − baseline`.
    pub change: Option<f64>,
    /// The change's SE (figures without an SE counted as exact).
    pub change_se: Option<f64>,
    /// Lower end of the change's 95% interval.
    pub ci_lower: Option<f64>,
    /// Upper end of the change's 95% interval.
    pub ci_upper: Option<f64>,
    /// The conclusion.
    pub verdict: Verdict,
    /// Whether the baseline's step is still the chain's bottleneck (`None` when the
    /// analysis lacks the step).
    pub still_bottleneck: Option<bool>,
    /// The chain's bottleneck step now, if the analysis has one.
    pub bottleneck_step: Option<u32>,
    /// That step's determinant name.
    pub bottleneck_determinant: Option<String>,
    /// What the reader should know: a missing figure, a renamed step, an SE taken as 0.
    pub remarks: Vec<String>,
}

impl Register {
    /// Reviews every active action (open or in progress), by id, against `current`, the
    /// rows of the newest bottleneck analysis; see [`review`].
    pub fn review(&self, current: &[Snapshot]) -> Result<Vec<Review>> {
        Ok(review(&self.list(&Filter::default())?, current))
    }
}

/// Reviews `actions` against `current`: for each action with a baseline, the same step
/// (intervention, area and step number) now, the change since the baseline with its SE,
/// 95% interval and verdict, and whether that step is still the bottleneck. Where
/// `current` has one key twice, the first row counts.
#[must_use]
pub fn review(actions: &[Action], current: &[Snapshot]) -> Vec<Review> {
    let mut steps: HashMap<(&str, &str, u32), &Snapshot> = HashMap::new();
    let mut bottlenecks: HashMap<(&str, &str), &Snapshot> = HashMap::new();
    for row in current {
        let chain = (row.area_code.as_str(), row.intervention.as_str());
        steps.entry((chain.0, chain.1, row.step)).or_insert(row);
        if row.bottleneck {
            bottlenecks.entry(chain).or_insert(row);
        }
    }
    actions
        .iter()
        .map(|action| {
            let chain = (action.area_code.as_str(), action.intervention.as_str());
            let bottleneck = bottlenecks.get(&chain);
            let mut review = Review {
                action_id: action.id,
                area_code: action.area_code.clone(),
                intervention: action.intervention.clone(),
                step: None,
                determinant: None,
                current_determinant: None,
                baseline: None,
                baseline_se: None,
                current: None,
                current_se: None,
                change: None,
                change_se: None,
                ci_lower: None,
                ci_upper: None,
                verdict: Verdict::NoBaseline,
                still_bottleneck: None,
                bottleneck_step: bottleneck.map(|row| row.step),
                bottleneck_determinant: bottleneck.map(|row| row.determinant.clone()),
                remarks: Vec::new(),
            };
            let Some(baseline) = &action.baseline else {
                review
                    .remarks
                    .push("no baseline was recorded when the action was added".to_owned());
                return review;
            };
            review.step = Some(baseline.step);
            review.determinant = Some(baseline.determinant.clone());
            review.baseline = Some(baseline.coverage);
            review.baseline_se = baseline.se;
            review.verdict = Verdict::NotComparable;
            let Some(now) = steps.get(&(chain.0, chain.1, baseline.step)) else {
                review.remarks.push(format!(
                    "the analysis has no step {} of {} in {}",
                    baseline.step, action.intervention, action.area_code
                ));
                return review;
            };
            review.current_determinant = Some(now.determinant.clone());
            review.current_se = now.se;
            review.still_bottleneck = Some(now.bottleneck);
            if now.determinant != baseline.determinant {
                review.remarks.push(format!(
                    "step {} is now {:?}, it was {:?} at the baseline: check that the chain \
                     measures the same thing",
                    baseline.step, now.determinant, baseline.determinant
                ));
            }
            let Some(coverage) = now.coverage else {
                review.remarks.push(format!(
                    "the analysis has no coverage for step {} now (suppressed or missing)",
                    baseline.step
                ));
                return review;
            };
            review.current = Some(coverage);
            match (baseline.se, now.se) {
                (Some(_), Some(_)) => {}
                (None, None) => review
                    .remarks
                    .push("neither figure has an SE: the change is taken as exact".to_owned()),
                (None, Some(_)) => review
                    .remarks
                    .push("the baseline has no SE: it is taken as exact".to_owned()),
                (Some(_), None) => review
                    .remarks
                    .push("the current figure has no SE: it is taken as exact".to_owned()),
            }
            let change = coverage - baseline.coverage;
            let se = change_se(baseline.se, now.se);
            let (lower, upper) = (change - Z_95 * se, change + Z_95 * se);
            review.change = Some(change);
            review.change_se = Some(se);
            review.ci_lower = Some(lower);
            review.ci_upper = Some(upper);
            review.verdict = if lower > 0.0 {
                Verdict::Improved
            } else if upper < 0.0 {
                Verdict::Worsened
            } else {
                Verdict::NoClearChange
            };
            review
        })
        .collect()
}

/// The SE of the difference of two independent estimates; a missing SE counts as 0.
#[must_use]
pub fn change_se(se_baseline: Option<f64>, se_now: Option<f64>) -> f64 {
    let (a, b) = (se_baseline.unwrap_or(0.0), se_now.unwrap_or(0.0));
    a.hypot(b)
}
