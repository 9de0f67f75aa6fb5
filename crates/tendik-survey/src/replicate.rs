//! Replicate-weight designs, as R's `svrepdesign` and `as.svrepdesign`: the scales of each
//! kind, the replicates a linearization design turns into (jackknife `JK1` and `JKn`, Rao–Wu
//! bootstrap), replicate variances and the rank that gives their degrees of freedom.
//!
//! A replicate estimate is the estimator applied to sums under the replicate's weights.
//! Given columns, the pass sums every replicate weight directly. Converted from strata and
//! PSUs, a replicate's weights are the full-sample weights times a multiplier per PSU, so its
//! sums are combinations of the PSU totals the pass keeps anyway (no weights are written).

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

use crate::dd::Dd;
use crate::design::{Conversion, LonelyPsu, ReplicateType, Replicates};
use crate::error::SurveyError;
use crate::structure::Structure;

/// How replicate deviations become a variance: `scale · Σ rscales_r d_r²`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scales {
    pub(crate) scale: f64,
    pub(crate) rscales: Vec<f64>,
    pub(crate) mse: bool,
}

fn rscales_of(given: Option<&Vec<f64>>, count: usize) -> Result<Vec<f64>, SurveyError> {
    match given {
        None => Ok(vec![1.0; count]),
        Some(values) if values.len() == 1 => Ok(vec![values[0]; count]),
        Some(values) if values.len() == count => Ok(values.clone()),
        Some(values) => Err(SurveyError::BadRequest(format!(
            "{} replicate scales (rscales) for {count} replicates; give one value or one per replicate",
            values.len()
        ))),
    }
}

/// The scales of replicate-weight columns of a kind, with R's defaults.
pub(crate) fn column_scales(
    replicates: &Replicates,
    kind: ReplicateType,
    count: usize,
) -> Result<Scales, SurveyError> {
    let r = count as f64;
    let scale = match kind {
        // R: BRR and Fay have a fixed scale (a given one is ignored, as R does).
        ReplicateType::Brr => 1.0 / r,
        ReplicateType::Fay => {
            let Some(rho) = replicates.fay_rho else {
                return Err(SurveyError::BadRequest(
                    "Fay's replicates need Fay's factor rho (such as 0.5)".to_owned(),
                ));
            };
            1.0 / (r * (1.0 - rho) * (1.0 - rho))
        }
        ReplicateType::Jk1 => replicates.scale.unwrap_or((r - 1.0) / r),
        ReplicateType::Jkn => {
            if replicates.rscales.is_none() {
                return Err(SurveyError::BadRequest(
                    "JKn replicate weights need their per-replicate scales (rscales): (n_h − 1)/n_h for a replicate of a stratum with n_h PSUs".to_owned(),
                ));
            }
            replicates.scale.unwrap_or(1.0)
        }
        ReplicateType::Bootstrap => replicates.scale.unwrap_or(1.0 / (r - 1.0)),
        ReplicateType::Other => replicates.scale.unwrap_or(1.0),
    };
    Ok(Scales {
        scale,
        rscales: rscales_of(replicates.rscales.as_ref(), count)?,
        mse: replicates.mse,
    })
}

/// One replicate made from the design: how each PSU's totals enter its sums.
#[derive(Debug, Clone)]
pub(crate) enum Recipe {
    /// Drop PSU `psu` of stratum `stratum`; the stratum's other PSUs times `factor`
    /// (`JKn`), or, with `stratum` `None`, every other PSU times `factor` (`JK1`, and a lonely
    /// stratum under `adjust`).
    Drop {
        psu: usize,
        stratum: Option<usize>,
        factor: f64,
    },
    /// A multiplier for every PSU (bootstrap).
    Multipliers(Vec<f64>),
}

/// Replicates of a converted design, with their scales.
#[derive(Debug, Clone)]
pub(crate) struct Converted {
    pub(crate) recipes: Vec<Recipe>,
    pub(crate) scales: Scales,
}

/// R's `as.svrepdesign`: the replicates of a linearization design.
pub(crate) fn convert(
    conversion: Conversion,
    replicates: &Replicates,
    structure: &Structure,
    strata_column: Option<&str>,
    policy: LonelyPsu,
    file: &str,
) -> Result<Converted, SurveyError> {
    let has_strata = strata_column.is_some();
    let strata = structure.psu_count.len();
    let psus = structure.psu_stratum.len();
    let unsampled = |h: usize| {
        let n = structure.psu_count[h] as f64;
        structure.population[h].map_or(1.0, |population| (population - n) / population)
    };
    let lonely = |h: usize| SurveyError::LonelyPsu {
        file: file.to_owned(),
        strata: strata_column.map(str::to_owned),
        stratum: structure.stratum_keys[h].describe(),
    };
    let mut recipes = Vec::new();
    let mut rscales = Vec::new();
    let mut scale = 1.0;
    match conversion {
        Conversion::Jk1 => {
            if has_strata {
                return Err(SurveyError::BadRequest(
                    "the JK1 jackknife is for unstratified designs; use JKn for a stratified one"
                        .to_owned(),
                ));
            }
            let n = psus as f64;
            for psu in 0..psus {
                recipes.push(Recipe::Drop {
                    psu,
                    stratum: None,
                    factor: n / (n - 1.0),
                });
                rscales.push(1.0);
            }
            scale = (unsampled(0) * (n - 1.0)) / n;
        }
        Conversion::Jkn => {
            if !has_strata {
                return Err(SurveyError::BadRequest(
                    "the JKn jackknife is for stratified designs; use JK1 or the bootstrap for an unstratified one".to_owned(),
                ));
            }
            let h_all = strata as f64;
            // Strata in order, and each stratum's PSUs in order: R's order for the
            // structure `tendik replicate` builds (numbered by first appearance); the
            // estimation pass numbers them by value, and the order of replicates does not
            // change a variance.
            let ordered: Vec<(usize, usize)> = (0..strata)
                .flat_map(|h| {
                    (0..psus)
                        .filter(move |&j| structure.psu_stratum[j] == h)
                        .map(move |j| (j, h))
                })
                .collect();
            for (psu, h) in ordered {
                let n = structure.psu_count[h] as f64;
                let f = unsampled(h);
                if f < 1e-7 {
                    // Self-representing: no replicate.
                    continue;
                }
                if structure.psu_count[h] > 1 {
                    recipes.push(Recipe::Drop {
                        psu,
                        stratum: Some(h),
                        factor: n / (n - 1.0),
                    });
                    rscales.push(f * (n - 1.0) / n);
                    continue;
                }
                match policy {
                    LonelyPsu::Fail => return Err(lonely(h)),
                    LonelyPsu::Remove | LonelyPsu::Certainty | LonelyPsu::Average => {}
                    LonelyPsu::Adjust => {
                        recipes.push(Recipe::Drop {
                            psu,
                            stratum: None,
                            factor: h_all / (h_all - 1.0),
                        });
                        rscales.push((h_all - 1.0) / h_all);
                    }
                }
            }
            if policy == LonelyPsu::Average && recipes.len() < psus {
                scale *= psus as f64 / recipes.len() as f64;
            }
        }
        Conversion::Bootstrap {
            replicates: count,
            seed,
        } => {
            if count < 2 {
                return Err(SurveyError::BadRequest(
                    "the bootstrap needs at least 2 replicates".to_owned(),
                ));
            }
            for h in 0..strata {
                if structure.psu_count[h] == 1 && unsampled(h) >= 1e-7 && policy == LonelyPsu::Fail
                {
                    return Err(lonely(h));
                }
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            // Strata and their PSUs in the order of their values, so that the same seed
            // draws the same replicates however the design was numbered.
            let mut strata_order: Vec<usize> = (0..strata).collect();
            strata_order
                .sort_by(|&a, &b| structure.stratum_keys[a].order(&structure.stratum_keys[b]));
            let members: Vec<Vec<usize>> = strata_order
                .iter()
                .map(|&h| {
                    let mut of: Vec<usize> = (0..psus)
                        .filter(|&j| structure.psu_stratum[j] == h)
                        .collect();
                    of.sort_by(|&a, &b| structure.psu_keys[a].order(&structure.psu_keys[b]));
                    of
                })
                .collect();
            for _ in 0..count {
                let mut multipliers = vec![1.0; psus];
                for psus_of in &members {
                    let n = psus_of.len();
                    if n < 2 {
                        continue;
                    }
                    // Rao–Wu: n − 1 draws with replacement, rescaled by n / (n − 1).
                    let mut counts = vec![0usize; n];
                    for _ in 0..n - 1 {
                        counts[(rng.next_u64() % n as u64) as usize] += 1;
                    }
                    let factor = n as f64 / (n as f64 - 1.0);
                    for (&j, &c) in psus_of.iter().zip(&counts) {
                        multipliers[j] = c as f64 * factor;
                    }
                }
                recipes.push(Recipe::Multipliers(multipliers));
                rscales.push(1.0);
            }
            scale = 1.0 / (count as f64 - 1.0);
        }
    }
    if recipes.is_empty() {
        return Err(SurveyError::BadRequest(
            "no replicate can be made: every stratum was sampled exhaustively (or has a single PSU)".to_owned(),
        ));
    }
    if replicates.rscales.is_some() {
        return Err(SurveyError::BadRequest(
            "replicates made from the design have their own scales; per-replicate scales (rscales) are for replicate weights given in columns".to_owned(),
        ));
    }
    if let Some(given) = replicates.scale {
        scale = given;
    }
    Ok(Converted {
        recipes,
        scales: Scales {
            scale,
            rscales,
            mse: replicates.mse,
        },
    })
}

/// The multiplier of a PSU's weights in one replicate.
pub(crate) fn multiplier(recipe: &Recipe, psu: usize, structure: &Structure) -> f64 {
    match recipe {
        Recipe::Drop {
            psu: dropped,
            stratum,
            factor,
        } => {
            if psu == *dropped {
                0.0
            } else {
                match stratum {
                    Some(h) if structure.psu_stratum[psu] != *h => 1.0,
                    _ => *factor,
                }
            }
        }
        Recipe::Multipliers(multipliers) => multipliers[psu],
    }
}

/// A domain's feature totals under every replicate of a converted design, from its PSU
/// totals: `totals` per feature, `per_psu` the (PSU, feature totals) of its cells.
pub(crate) fn converted_totals(
    recipes: &[Recipe],
    structure: &Structure,
    per_psu: &[(usize, Vec<Dd>)],
    features: usize,
) -> Vec<Vec<f64>> {
    let strata = structure.psu_count.len();
    let mut total = vec![Dd::default(); features];
    let mut by_stratum = vec![vec![Dd::default(); features]; strata];
    let mut of_psu: std::collections::HashMap<usize, &Vec<Dd>> = std::collections::HashMap::new();
    for (psu, sums) in per_psu {
        let h = structure.psu_stratum[*psu];
        for k in 0..features {
            total[k] += sums[k];
            by_stratum[h][k] += sums[k];
        }
        of_psu.insert(*psu, sums);
    }
    let zero = vec![Dd::default(); features];
    recipes
        .iter()
        .map(|recipe| match recipe {
            Recipe::Drop {
                psu,
                stratum,
                factor,
            } => {
                let dropped = of_psu.get(psu).map_or(&zero, |s| *s);
                (0..features)
                    .map(|k| {
                        let factor = Dd::from(*factor);
                        match stratum {
                            Some(h) => (total[k] - by_stratum[*h][k]
                                + factor * (by_stratum[*h][k] - dropped[k]))
                                .value(),
                            None => (factor * (total[k] - dropped[k])).value(),
                        }
                    })
                    .collect()
            }
            Recipe::Multipliers(multipliers) => (0..features)
                .map(|k| {
                    per_psu
                        .iter()
                        .fold(Dd::default(), |acc, (psu, sums)| {
                            acc + Dd::from(multipliers[*psu]) * sums[k]
                        })
                        .value()
                })
                .collect(),
        })
        .collect()
}

/// Deviations of the replicate estimates from their centre (the mean of the finite
/// replicates with a positive rscale, or the full-sample estimate under `mse`); NaN for a
/// replicate without an estimate.
pub(crate) fn deviations(estimate: f64, replicates: &[f64], scales: &Scales) -> Vec<f64> {
    let centre = if scales.mse {
        estimate
    } else {
        let used: Vec<f64> = replicates
            .iter()
            .zip(&scales.rscales)
            .filter(|(t, r)| t.is_finite() && **r > 0.0)
            .map(|(t, _)| *t)
            .collect();
        let mut sum = Dd::default();
        for t in &used {
            sum.push(*t);
        }
        sum.value() / used.len() as f64
    };
    replicates.iter().map(|t| t - centre).collect()
}

/// `scale · Σ rscales_r a_r b_r` over the replicates where both are finite.
pub(crate) fn replicate_covariance(a: &[f64], b: &[f64], scales: &Scales) -> f64 {
    let mut total = Dd::default();
    for ((x, y), r) in a.iter().zip(b).zip(&scales.rscales) {
        if x.is_finite() && y.is_finite() {
            total.push(r * x * y);
        }
    }
    scales.scale * total.value()
}

/// The numerical rank of a symmetric Gram matrix `AᵀA`, columns taken in order as R's
/// `qr(A, tol = 1e-5)` (LINPACK with limited pivoting) takes them: a column whose norm,
/// after removing the columns kept before it, falls below `1e-5` times its own norm is
/// set aside.
pub(crate) fn gram_rank(gram: &[Vec<f64>]) -> usize {
    const TOLERANCE: f64 = 1e-5;
    let size = gram.len();
    // Cholesky factor columns of the kept columns: l[j][i] for kept i.
    let mut kept: Vec<usize> = Vec::new();
    let mut factor: Vec<Vec<f64>> = vec![Vec::new(); size];
    for j in 0..size {
        let original = gram[j][j];
        if original <= 0.0 {
            continue;
        }
        // Coefficients of column j on the kept, orthonormalised columns.
        let mut coefficients = Vec::with_capacity(kept.len());
        for (position, &i) in kept.iter().enumerate() {
            let mut value = gram[i][j];
            for q in 0..position {
                value -= factor[i][q] * coefficients[q];
            }
            coefficients.push(value / factor[i][position]);
        }
        let residual = original - coefficients.iter().map(|c| c * c).sum::<f64>();
        if residual > TOLERANCE * TOLERANCE * original {
            coefficients.push(residual.sqrt());
            factor[j] = coefficients;
            kept.push(j);
        }
    }
    kept.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_of_dependent_columns() {
        // Columns a, b, a + b: rank 2.
        let a = [1.0, 2.0, 0.0, 1.0];
        let b = [0.0, 1.0, 3.0, 1.0];
        let c: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
        let columns = [a.to_vec(), b.to_vec(), c];
        let gram: Vec<Vec<f64>> = columns
            .iter()
            .map(|x| {
                columns
                    .iter()
                    .map(|y| x.iter().zip(y).map(|(p, q)| p * q).sum())
                    .collect()
            })
            .collect();
        assert_eq!(gram_rank(&gram), 2);
    }
}
