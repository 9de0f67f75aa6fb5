//! Contrasts of estimates: linear combinations and smooth functions by the delta method,
//! as R's `svycontrast`.

use crate::engine::Results;
use crate::error::SurveyError;
use crate::estimate::{Estimate, Value};
use crate::intervals::normal_interval;
use crate::request::Statistic;

/// A linear contrast `Σ cᵢ θᵢ` of estimates of one request and its standard error.
///
/// `coefficients` pairs estimate indices (into [`Results::estimates`]) with weights.
pub fn linear(results: &Results, coefficients: &[(usize, f64)]) -> Result<(f64, f64), SurveyError> {
    let estimate = coefficients
        .iter()
        .map(|&(i, c)| c * results.estimates[i].estimate)
        .sum();
    Ok((estimate, quadratic_form(results, coefficients)?.sqrt()))
}

/// `g(θ)` for a smooth function `g` of some estimates, with its delta-method SE:
/// `gradient` gives `∂g/∂θᵢ` at the estimates, as R's `svycontrast(…, quote(expr))`.
pub fn delta(
    results: &Results,
    indices: &[usize],
    value: impl Fn(&[f64]) -> f64,
    gradient: impl Fn(&[f64]) -> Vec<f64>,
) -> Result<(f64, f64), SurveyError> {
    let theta: Vec<f64> = indices
        .iter()
        .map(|&i| results.estimates[i].estimate)
        .collect();
    let g = gradient(&theta);
    let coefficients: Vec<(usize, f64)> = indices.iter().copied().zip(g).collect();
    Ok((
        value(&theta),
        quadratic_form(results, &coefficients)?.sqrt(),
    ))
}

/// The ratio `θ_a / θ_b` of two estimates and its delta-method SE.
pub fn ratio(results: &Results, a: usize, b: usize) -> Result<(f64, f64), SurveyError> {
    delta(
        results,
        &[a, b],
        |t| t[0] / t[1],
        |t| vec![1.0 / t[1], -t[0] / (t[1] * t[1])],
    )
}

/// The log ratio `ln(θ_a / θ_b)` of two estimates and its delta-method SE.
pub fn log_ratio(results: &Results, a: usize, b: usize) -> Result<(f64, f64), SurveyError> {
    delta(
        results,
        &[a, b],
        |t| (t[0] / t[1]).ln(),
        |t| vec![1.0 / t[0], -1.0 / t[1]],
    )
}

/// `cᵀ V c` over the estimates named in `coefficients`.
fn quadratic_form(results: &Results, coefficients: &[(usize, f64)]) -> Result<f64, SurveyError> {
    let combination = coefficients.to_vec();
    let value = combination_covariance(results, &combination, &combination)?;
    // Combined pairwise (a design without PSUs), rounding can leave a variance of zero a
    // hair below it.
    Ok(if value < 0.0 { 0.0 } else { value })
}

/// An output row as a linear combination of a request's estimates.
pub type Combination = Vec<(usize, f64)>;

/// The covariance of two linear combinations of estimates.
pub fn combination_covariance(
    results: &Results,
    a: &Combination,
    b: &Combination,
) -> Result<f64, SurveyError> {
    results.combination_covariance(a, b)
}

/// For every target and every combination of the other domain variables of a breakdown,
/// the estimate at `variable = a` minus the estimate at `variable = b`, with its SE from
/// the covariance and a normal interval. The contrasted variable's value reads `a-b`.
///
/// `by` is the breakdown (its variables in order); values are matched as text.
pub fn differences(
    results: &Results,
    breakdown: usize,
    by: &[String],
    variable: &str,
    a: &str,
    b: &str,
) -> Result<Vec<(Estimate, Combination)>, SurveyError> {
    let Some(position) = by.iter().position(|v| v == variable) else {
        return Err(SurveyError::BadRequest(format!(
            "a difference over `{variable}` needs `{variable}` among the domain variables ({})",
            by.join(", ")
        )));
    };
    let key = |e: &Estimate| -> (Statistic, String, Option<String>, Vec<String>) {
        let mut others: Vec<String> = e.domain.iter().map(ToString::to_string).collect();
        others.remove(position);
        (
            e.statistic,
            e.variable.clone(),
            e.level.as_ref().map(ToString::to_string),
            others,
        )
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut at_a = std::collections::HashMap::new();
    let mut at_b = std::collections::HashMap::new();
    let mut order = Vec::new();
    for (index, estimate) in results.estimates.iter().enumerate() {
        if estimate.breakdown != breakdown || estimate.domain.len() != by.len() {
            continue;
        }
        let value = estimate.domain[position].to_string();
        seen.insert(value.clone());
        if value == a {
            order.push(key(estimate));
            at_a.insert(key(estimate), index);
        } else if value == b {
            at_b.insert(key(estimate), index);
        }
    }
    for wanted in [a, b] {
        if !seen.contains(wanted) {
            let values: Vec<String> = seen.iter().take(20).cloned().collect();
            return Err(SurveyError::BadRequest(format!(
                "`{variable}` has no domain `{wanted}` with observations; its values are {}",
                values.join(", ")
            )));
        }
    }
    let mut rows = Vec::new();
    for k in order {
        let (Some(&i), Some(&j)) = (at_a.get(&k), at_b.get(&k)) else {
            continue;
        };
        let (x, y) = (&results.estimates[i], &results.estimates[j]);
        let combination = vec![(i, 1.0), (j, -1.0)];
        let (estimate, se) = if x.estimate.is_nan() || y.estimate.is_nan() {
            (f64::NAN, f64::NAN)
        } else {
            linear(results, &combination)?
        };
        let (ci_lower, ci_upper) = normal_interval(estimate, se, x.confidence);
        let mut domain = x.domain.clone();
        domain[position] = Value::Text(format!("{a}-{b}"));
        // The flag of the thinner of the two domains.
        let reliability = if x.n <= y.n {
            x.reliability
        } else {
            y.reliability
        };
        rows.push((
            Estimate {
                breakdown,
                domain,
                statistic: Statistic::Difference,
                variable: x.variable.clone(),
                level: x.level.clone(),
                estimate,
                se,
                ci_lower,
                ci_upper,
                deff: None,
                df: None,
                confidence: x.confidence,
                n: x.n + y.n,
                weighted_n: x.weighted_n + y.weighted_n,
                reliability,
            },
            combination,
        ));
    }
    Ok(rows)
}
