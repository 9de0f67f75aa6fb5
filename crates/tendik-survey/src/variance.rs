//! The linearization variance engine: plain functions over per-PSU scores.
//!
//! Given, for each stratum of a domain, the linearized score total `z` of every PSU that has
//! observations in the domain, this computes the with-replacement (first-stage) variance of
//! R's `svyrecvar`: PSUs of the stratum with no observation in the domain count as zeros,
//! each stratum is centred at its mean, scaled by `n/(n-1)` and the finite population
//! correction, and strata with a single PSU follow the lonely-PSU policy.

use crate::design::LonelyPsu;

/// One stratum's contribution to a domain's variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StratumScores<'a> {
    /// PSUs of this stratum in the whole sample.
    pub n_psu: usize,
    /// Population count of PSUs in the stratum, when an FPC is given.
    pub population_psu: Option<f64>,
    /// Scores of the PSUs that have observations in the domain; the others are zero.
    pub scores: &'a [f64],
}

/// A stratum with a single PSU met under [`LonelyPsu::Fail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LonelyStratum;

/// The variance of one stratum, or `None` where the `average` policy leaves it to the others.
///
/// # Errors
/// [`LonelyStratum`] for a stratum with a single PSU under [`LonelyPsu::Fail`].
pub fn stratum_variance(
    stratum: &StratumScores<'_>,
    policy: LonelyPsu,
) -> Result<Option<f64>, LonelyStratum> {
    let n = stratum.n_psu;
    // R: f = (N - n) / N, the share of the stratum not sampled; 1 without an FPC.
    let unsampled = stratum.population_psu.map_or(1.0, |population| {
        if population.is_infinite() {
            1.0
        } else {
            (population - n as f64) / population
        }
    });
    if unsampled < 1e-7 {
        // A self-representing stratum (all PSUs taken) has no sampling variance.
        return Ok(Some(0.0));
    }
    let scale = if n > 1 {
        unsampled * n as f64 / (n as f64 - 1.0)
    } else {
        unsampled
    };
    let present = stratum.scores.len();
    let padded = n.max(present);
    let center = policy != LonelyPsu::Adjust || present > 1 || n > 1;
    let mean = if center {
        stratum.scores.iter().sum::<f64>() / padded as f64
    } else {
        0.0
    };
    let absent = (padded - present) as f64;
    let sum_squares = stratum
        .scores
        .iter()
        .map(|z| (z - mean) * (z - mean))
        .sum::<f64>()
        + absent * mean * mean;
    if n > 1 {
        return Ok(Some(sum_squares * scale));
    }
    match policy {
        LonelyPsu::Fail => Err(LonelyStratum),
        LonelyPsu::Remove | LonelyPsu::Certainty | LonelyPsu::Adjust => {
            Ok(Some(sum_squares * scale))
        }
        LonelyPsu::Average => Ok(None),
    }
}

/// The variance of a domain estimate: the sum over the strata present in the domain.
///
/// Under [`LonelyPsu::Average`], strata with a single PSU take the average of the others
/// (R scales the sum by strata present / strata with a variance).
///
/// # Errors
/// Returns the index of the first lonely stratum under [`LonelyPsu::Fail`].
pub fn domain_variance(strata: &[StratumScores<'_>], policy: LonelyPsu) -> Result<f64, usize> {
    let mut total = 0.0;
    let mut with_variance = 0usize;
    for (index, stratum) in strata.iter().enumerate() {
        match stratum_variance(stratum, policy) {
            Ok(Some(variance)) => {
                total += variance;
                with_variance += 1;
            }
            Ok(None) => {}
            Err(LonelyStratum) => return Err(index),
        }
    }
    if with_variance == 0 {
        return Ok(if strata.is_empty() { 0.0 } else { f64::NAN });
    }
    Ok(total * strata.len() as f64 / with_variance as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stratum(n_psu: usize, scores: &[f64]) -> StratumScores<'_> {
        StratumScores {
            n_psu,
            population_psu: None,
            scores,
        }
    }

    #[test]
    fn two_psus_give_the_squared_difference() {
        // (1 - 3)^2 / 2 * 2 / (2 - 1) = 4
        let scores = [1.0, 3.0];
        let variance = domain_variance(&[stratum(2, &scores)], LonelyPsu::Fail);
        assert_eq!(variance, Ok(4.0));
    }

    #[test]
    fn absent_psus_count_as_zero() {
        let present = [3.0];
        let padded = [3.0, 0.0, 0.0];
        let a = domain_variance(&[stratum(3, &present)], LonelyPsu::Fail);
        let b = domain_variance(&[stratum(3, &padded)], LonelyPsu::Fail);
        assert_eq!(a, b);
    }

    #[test]
    fn lonely_psu_policies() {
        let scores = [2.0];
        let lonely = [stratum(1, &scores)];
        assert_eq!(domain_variance(&lonely, LonelyPsu::Fail), Err(0));
        assert_eq!(domain_variance(&lonely, LonelyPsu::Remove), Ok(0.0));
        assert_eq!(domain_variance(&lonely, LonelyPsu::Certainty), Ok(0.0));
        assert_eq!(domain_variance(&lonely, LonelyPsu::Adjust), Ok(4.0));
        let other = [1.0, 3.0];
        let mixed = [stratum(1, &scores), stratum(2, &other)];
        assert_eq!(domain_variance(&mixed, LonelyPsu::Average), Ok(8.0));
    }

    #[test]
    fn census_stratum_has_no_variance() {
        let scores = [1.0, 5.0];
        let census = StratumScores {
            n_psu: 2,
            population_psu: Some(2.0),
            scores: &scores,
        };
        assert_eq!(domain_variance(&[census], LonelyPsu::Fail), Ok(0.0));
    }
}
