//! Estimators: each turns a domain's sums into a point estimate and its linearized
//! influence (the score totals that the variance engine reads).
//!
//! Every estimator here is *mean-like* (mean, total, proportion of one category: sums of
//! `w`, `w·y`, `w·y²`) or a *ratio* (sums of `w·y`, `w·x` and their squares and product).
//! Scores are computed in double-double, so a variable whose mean is large beside its
//! spread loses no precision in its SE or design effect.

use crate::dd::Dd;

/// A domain's sums for one mean-like estimate, per cell (stratum × PSU, or stratum alone
/// without PSUs) and in total.
#[derive(Debug, Clone, Default)]
pub(crate) struct MeanSums {
    /// Per cell: `Σw`, `Σw·y`.
    pub(crate) w: Vec<Dd>,
    pub(crate) wy: Vec<Dd>,
    /// Totals: `Σw`, `Σw·y`, `Σw·y²`.
    pub(crate) total_w: Dd,
    pub(crate) total_wy: Dd,
    pub(crate) total_wyy: Dd,
    /// Without PSUs, per cell: `Σw²`, `Σw²·y`, `Σw²·y²`.
    pub(crate) second: Option<Vec<[Dd; 3]>>,
}

/// A domain's sums for a ratio `Σwy / Σwx`.
#[derive(Debug, Clone, Default)]
pub(crate) struct RatioSums {
    /// Per cell: `Σw·y`, `Σw·x`.
    pub(crate) wy: Vec<Dd>,
    pub(crate) wx: Vec<Dd>,
    /// Totals: `Σw`, `Σw·y`, `Σw·x`, `Σw·y²`, `Σw·x²`, `Σw·xy`.
    pub(crate) totals: [Dd; 6],
    /// Without PSUs, per cell: `Σw²·y²`, `Σw²·x²`, `Σw²·xy`.
    pub(crate) second: Option<Vec<[Dd; 3]>>,
}

/// Linearized scores per cell, and without PSUs the per-cell quadratic pieces: each
/// row's score is `c · φ` for coefficients `c` over a basis `φ`; `moments · c` is kept so
/// that `Σ z_a z_b = c_a · (M c_b)` within one cell.
#[derive(Debug, Clone)]
pub(crate) struct Scores {
    pub(crate) per_cell: Vec<Dd>,
    pub(crate) coefficients: Vec<Dd>,
    /// Without PSUs: per cell, `M c`.
    pub(crate) moment_products: Option<Vec<Vec<Dd>>>,
}

/// One point estimate, its scores, and the simple-random-sampling variance that the
/// design effect divides by (R's `deff = TRUE`), when R gives one.
#[derive(Debug, Clone)]
pub(crate) struct Linearized {
    pub(crate) estimate: f64,
    pub(crate) scores: Scores,
    /// `(center, inverse)`: a cell's score is `(y_c − center·x_c)·inverse` of its sums
    /// (`Σwy`, and `Σw` or `Σwx`), for scores computed later from the pass.
    pub(crate) scale: [Dd; 2],
    pub(crate) srs_variance: Option<f64>,
}

/// `Σw(y − ȳ)²` from `Σw`, `Σwy`, `Σwy²`, without cancellation.
fn centred_squares(w: Dd, wy: Dd, wyy: Dd) -> Dd {
    wyy - wy * wy.div(w)
}

/// R's `svyvar` of `y`: `Σw(y − ȳ)² / Σw · n / (n − 1)`, `n` the observations of
/// non-zero weight.
fn weighted_variance(w: Dd, wy: Dd, wyy: Dd, nonzero: f64) -> f64 {
    let population = centred_squares(w, wy, wyy).div(w).value().max(0.0);
    population * nonzero / (nonzero - 1.0)
}

fn products(moments: &[[Dd; 3]], coefficients: &[Dd; 2]) -> Vec<Vec<Dd>> {
    // M = [[m0, m1], [m1, m2]].
    moments
        .iter()
        .map(|m| {
            vec![
                m[0] * coefficients[0] + m[1] * coefficients[1],
                m[1] * coefficients[0] + m[2] * coefficients[1],
            ]
        })
        .collect()
}

/// A weighted mean (or the proportion of one category, with `y` its indicator).
pub(crate) fn mean(sums: &MeanSums, nonzero: f64) -> Linearized {
    let w = sums.total_w;
    let mean = sums.total_wy.div(w);
    let inverse = Dd::from(1.0).div(w);
    let per_cell = sums
        .w
        .iter()
        .zip(&sums.wy)
        .map(|(&cw, &cwy)| (cwy - mean * cw) * inverse)
        .collect();
    let coefficients = [-(mean * inverse), inverse];
    let moment_products = sums.second.as_ref().map(|m| products(m, &coefficients));
    let sum_w = w.value();
    // R: svyvar(y) / n · (Σw − n) / Σw, none when Σw < n.
    let srs_variance = (sum_w >= nonzero).then(|| {
        weighted_variance(w, sums.total_wy, sums.total_wyy, nonzero) / nonzero * (sum_w - nonzero)
            / sum_w
    });
    Linearized {
        estimate: mean.value(),
        scale: [mean, inverse],
        scores: Scores {
            per_cell,
            coefficients: coefficients.to_vec(),
            moment_products,
        },
        srs_variance,
    }
}

/// An estimated population total.
pub(crate) fn total(sums: &MeanSums, nonzero: f64) -> Linearized {
    let coefficients = [Dd::default(), Dd::from(1.0)];
    let moment_products = sums.second.as_ref().map(|m| products(m, &coefficients));
    let sum_w = sums.total_w.value();
    // R: svyvar(y) · Σw · (Σw − n) / n (negative when Σw < n, as R has it).
    let srs = weighted_variance(sums.total_w, sums.total_wy, sums.total_wyy, nonzero)
        * sum_w
        * (sum_w - nonzero)
        / nonzero;
    Linearized {
        estimate: sums.total_wy.value(),
        scale: [Dd::default(), Dd::from(1.0)],
        scores: Scores {
            per_cell: sums.wy.clone(),
            coefficients: coefficients.to_vec(),
            moment_products,
        },
        srs_variance: Some(srs),
    }
}

/// A ratio of two totals.
pub(crate) fn ratio(sums: &RatioSums, nonzero: f64) -> Linearized {
    let [w, wy, wx, wyy, wxx, wxy] = sums.totals;
    let ratio = wy.div(wx);
    let inverse = Dd::from(1.0).div(wx);
    let per_cell = sums
        .wy
        .iter()
        .zip(&sums.wx)
        .map(|(&cy, &cx)| (cy - ratio * cx) * inverse)
        .collect();
    // Basis (y, x): z = (y − R·x) / Σwx.
    let coefficients = [inverse, -(ratio * inverse)];
    let moment_products = sums.second.as_ref().map(|m| {
        m.iter()
            .map(|&[yy, xx, xy]| {
                vec![
                    yy * coefficients[0] + xy * coefficients[1],
                    xy * coefficients[0] + xx * coefficients[1],
                ]
            })
            .collect()
    });
    // R: the total design effect of the linearized r = (y − R·x) / Σwx.
    let r_sum = (wy - ratio * wx).div(wx);
    let r_squares = (wyy - Dd::from(2.0) * ratio * wxy + ratio * ratio * wxx).div(wx * wx);
    let sum_w = w.value();
    let srs = weighted_variance(w, r_sum, r_squares, nonzero) * sum_w * (sum_w - nonzero) / nonzero;
    Linearized {
        estimate: ratio.value(),
        scale: [ratio, inverse],
        scores: Scores {
            per_cell,
            coefficients: coefficients.to_vec(),
            moment_products,
        },
        srs_variance: Some(srs),
    }
}
