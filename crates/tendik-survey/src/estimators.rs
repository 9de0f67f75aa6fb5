//! Estimators: each turns a domain's grouped sums into estimates by handing linearized
//! scores to the one variance engine.

use crate::design::LonelyPsu;
use crate::engine::Layout;
use crate::estimate::{Estimate, Value};
use crate::intervals::{logit_interval, normal_interval};
use crate::request::Target;

/// The grouped sums of one domain: one entry per (stratum × PSU) cell with observations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sums {
    /// Observations used per cell.
    pub(crate) n: Vec<f64>,
    /// Observations used with a non-zero weight per cell.
    pub(crate) nonzero: Vec<f64>,
    /// Sum of weights per cell.
    pub(crate) weight: Vec<f64>,
    /// Estimator-specific sums: mean and total `[Σwy, Σwy²]`;
    /// ratio `[Σwy, Σwx, Σwy², Σwx², Σwxy]`;
    /// proportion one `Σw·[y = level]` per level.
    pub(crate) extra: Vec<Vec<f64>>,
}

/// Linearized variance of scores; a lonely stratum under `fail` is reported by its index.
type VarianceResult = Result<f64, usize>;

fn total(values: &[f64]) -> f64 {
    values.iter().sum()
}

/// R's `svyvar`: the weighted variance `Σw(y − ȳ)² / Σw` times `n / (n − 1)`,
/// with `n` the observations of non-zero weight.
fn weighted_variance(sum_w: f64, sum_wy: f64, sum_wyy: f64, nonzero: f64) -> f64 {
    let mean = sum_wy / sum_w;
    let population_variance = (sum_wyy / sum_w - mean * mean).max(0.0);
    population_variance * nonzero / (nonzero - 1.0)
}

/// The simple-random-sampling variance of a mean that R's `deff = TRUE` divides by:
/// `svyvar(y) / n · (Σw − n) / Σw`. R gives no design effect when `Σw < n`.
fn srs_variance_of_mean(sum_w: f64, sum_wy: f64, sum_wyy: f64, nonzero: f64) -> Option<f64> {
    (sum_w >= nonzero).then(|| {
        weighted_variance(sum_w, sum_wy, sum_wyy, nonzero) / nonzero * (sum_w - nonzero) / sum_w
    })
}

/// The simple-random-sampling variance of a total: `svyvar(y) · Σw · (Σw − n) / n`
/// (R has no guard here: negative when `Σw < n`).
fn srs_variance_of_total(sum_w: f64, sum_wy: f64, sum_wyy: f64, nonzero: f64) -> f64 {
    weighted_variance(sum_w, sum_wy, sum_wyy, nonzero) * sum_w * (sum_w - nonzero) / nonzero
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the result shape, field by field"
)]
fn estimate_row(
    target: &Target,
    level: Option<Value>,
    estimate: f64,
    variance: f64,
    interval: (f64, f64),
    deff: Option<f64>,
    df: Option<f64>,
    sums: &Sums,
) -> Estimate {
    Estimate {
        domain: Vec::new(),
        statistic: target.statistic(),
        variable: target.variable(),
        level,
        estimate,
        se: variance.sqrt(),
        ci_lower: interval.0,
        ci_upper: interval.1,
        deff,
        df,
        n: total(&sums.n) as u64,
        weighted_n: total(&sums.weight),
    }
}

/// Estimate one target in one domain.
///
/// # Errors
/// The index (within `layout`) of a lonely stratum under [`LonelyPsu::Fail`].
pub(crate) fn estimate_cell(
    target: &Target,
    sums: &Sums,
    layout: &Layout,
    policy: LonelyPsu,
    level: f64,
    df: f64,
    levels: &[Value],
) -> Result<Vec<Estimate>, usize> {
    if total(&sums.n) == 0.0 {
        // Nothing observed in this domain (every value missing): no estimate, rather than
        // R's misleading 0 with SE 0.
        let categories: Vec<Option<Value>> = match target {
            Target::Proportion(_) => levels.iter().cloned().map(Some).collect(),
            _ => vec![None],
        };
        let nan = (f64::NAN, f64::NAN);
        return Ok(categories
            .into_iter()
            .map(|category| {
                estimate_row(target, category, f64::NAN, f64::NAN, nan, None, None, sums)
            })
            .collect());
    }
    let sum_w = total(&sums.weight);
    let nonzero = total(&sums.nonzero);
    let variance = |scores: Vec<f64>| -> VarianceResult { layout.variance(&scores, policy) };
    let rows = match target {
        Target::Mean(_) => {
            let sum_wy = total(&sums.extra[0]);
            let mean = sum_wy / sum_w;
            let scores = sums.extra[0]
                .iter()
                .zip(&sums.weight)
                .map(|(wy, w)| (wy - mean * w) / sum_w)
                .collect();
            let v = variance(scores)?;
            let srs = srs_variance_of_mean(sum_w, sum_wy, total(&sums.extra[1]), nonzero);
            vec![estimate_row(
                target,
                None,
                mean,
                v,
                normal_interval(mean, v.sqrt(), level),
                srs.map(|srs| v / srs),
                None,
                sums,
            )]
        }
        Target::Total(_) => {
            let sum_wy = total(&sums.extra[0]);
            let v = variance(sums.extra[0].clone())?;
            let srs = srs_variance_of_total(sum_w, sum_wy, total(&sums.extra[1]), nonzero);
            vec![estimate_row(
                target,
                None,
                sum_wy,
                v,
                normal_interval(sum_wy, v.sqrt(), level),
                Some(v / srs),
                None,
                sums,
            )]
        }
        Target::Ratio { .. } => {
            let sum_wy = total(&sums.extra[0]);
            let sum_wx = total(&sums.extra[1]);
            let ratio = sum_wy / sum_wx;
            let scores = sums.extra[0]
                .iter()
                .zip(&sums.extra[1])
                .map(|(wy, wx)| (wy - ratio * wx) / sum_wx)
                .collect();
            let v = variance(scores)?;
            // R: the total design effect of the linearized r = (y − R·x) / Σwx.
            let sum_wyy = total(&sums.extra[2]);
            let sum_wxx = total(&sums.extra[3]);
            let sum_wxy = total(&sums.extra[4]);
            let sum_wr = (sum_wy - ratio * sum_wx) / sum_wx;
            let sum_wrr =
                (sum_wyy - 2.0 * ratio * sum_wxy + ratio * ratio * sum_wxx) / (sum_wx * sum_wx);
            let srs = srs_variance_of_total(sum_w, sum_wr, sum_wrr, nonzero);
            vec![estimate_row(
                target,
                None,
                ratio,
                v,
                normal_interval(ratio, v.sqrt(), level),
                Some(v / srs),
                None,
                sums,
            )]
        }
        Target::Proportion(_) => {
            let mut rows = Vec::with_capacity(levels.len());
            for (category, in_level) in levels.iter().zip(&sums.extra) {
                let sum_wl = total(in_level);
                let p = sum_wl / sum_w;
                let scores = in_level
                    .iter()
                    .zip(&sums.weight)
                    .map(|(wl, w)| (wl - p * w) / sum_w)
                    .collect();
                let v = variance(scores)?;
                let srs = srs_variance_of_mean(sum_w, sum_wl, sum_wl, nonzero);
                rows.push(estimate_row(
                    target,
                    Some(category.clone()),
                    p,
                    v,
                    logit_interval(p, v.sqrt(), df, level),
                    srs.map(|srs| v / srs),
                    Some(df),
                    sums,
                ));
            }
            rows
        }
    };
    Ok(rows)
}
