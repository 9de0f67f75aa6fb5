//! HEAT's path: summary measures from subgroup estimates, SEs and populations, as WHO's
//! HEAT / HEAT Plus v6 computes them (its package `heatmeasures`), subgroups taken as
//! independent. docs/inequality.md gives every formula and the few places where tendik
//! departs from HEAT's code.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use tendik_survey::intervals::normal_quantile;

use super::formulas::{Inputs, Selection, clip, logistic, point, ridits, weighted_mean};
use super::{Figure, Kind, Measure, Method, finite};

/// One subgroup of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Subgroup {
    /// Its name.
    pub name: String,
    /// Its estimate (missing: the subgroup is left out, as HEAT does).
    pub estimate: Option<f64>,
    /// The estimate's standard error.
    pub se: Option<f64>,
    /// The number of people it stands for (a weighted count).
    pub population: Option<f64>,
    /// Its place in an ordered dimension, 1 for the most disadvantaged; 0 otherwise.
    pub order: u32,
    /// Whether it is the dimension's reference subgroup.
    pub reference: bool,
}

/// The subgroups of one dimension of one indicator in one setting (HEAT's stratum).
#[derive(Debug, Clone, PartialEq)]
pub struct Stratum {
    /// The subgroups.
    pub subgroups: Vec<Subgroup>,
    /// Whether the dimension is ordered.
    pub ordered: bool,
    /// Whether a higher value is better (coverage) rather than worse (mortality).
    pub favourable: bool,
    /// 100 for percentages, 1000 for rates per 1000, 1 otherwise.
    pub scale: f64,
    /// The setting's average, used when a population is missing.
    pub setting_average: Option<f64>,
}

/// HEAT's simulated intervals: how many draws, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Simulation {
    /// Draws of the subgroup estimates (HEAT: 100).
    pub draws: usize,
    /// The seed of tendik's random stream (not R's: the method is HEAT's, the draws are not).
    pub seed: u64,
}

impl Default for Simulation {
    fn default() -> Self {
        Self {
            draws: 100,
            seed: 123_456,
        }
    }
}

/// The present subgroups of a stratum, in order, with what the measures need.
#[expect(
    clippy::struct_excessive_bools,
    reason = "HEAT's tests of a stratum, each a yes or no"
)]
struct Present {
    y: Vec<f64>,
    /// Every subgroup's SE, when none is missing.
    se: Option<Vec<f64>>,
    /// Each subgroup's SE.
    each_se: Vec<Option<f64>>,
    population: Option<Vec<f64>>,
    reference: Option<usize>,
    /// Whether the marked reference subgroup has no estimate.
    reference_missing: bool,
    /// Whether fewer than 85% of the estimates are present (HEAT's rule).
    many_missing: bool,
    any_missing: bool,
    /// The estimates at the lowest and highest order are present.
    both_ends: bool,
}

impl Present {
    fn of(stratum: &Stratum) -> Self {
        let mut rows: Vec<&Subgroup> = stratum.subgroups.iter().collect();
        rows.sort_by_key(|s| s.order);
        let missing = rows.iter().filter(|s| s.estimate.is_none()).count();
        let both_ends = rows.first().is_some_and(|s| s.estimate.is_some())
            && rows.last().is_some_and(|s| s.estimate.is_some());
        let kept: Vec<&Subgroup> = rows.into_iter().filter(|s| s.estimate.is_some()).collect();
        let y: Vec<f64> = kept.iter().filter_map(|s| s.estimate).collect();
        let each_se: Vec<Option<f64>> = kept.iter().map(|s| s.se).collect();
        let se: Option<Vec<f64>> = each_se.iter().copied().collect();
        let population: Option<Vec<f64>> = kept.iter().map(|s| s.population).collect();
        let population = population.filter(|p| p.iter().sum::<f64>() > 0.0);
        let marked = stratum.subgroups.iter().filter(|s| s.reference).count();
        let reference = if marked == 1 {
            kept.iter().position(|s| s.reference)
        } else {
            None
        };
        Self {
            y,
            se,
            each_se,
            population,
            reference,
            reference_missing: marked == 1 && reference.is_none(),
            // HEAT: fewer than 85% of the estimates present.
            many_missing: 1.0 - (missing as f64) / (stratum.subgroups.len() as f64) < 0.85,
            any_missing: missing > 0,
            both_ends,
        }
    }
}

/// Every measure HEAT gives for `stratum`, in [`Measure::ALL`]'s order, with intervals
/// at `level` (HEAT: 0.95). A measure the stratum cannot give (too few subgroups, a
/// missing population or reference, a zero denominator) is left out.
#[must_use]
pub fn summarise(stratum: &Stratum, level: f64, simulation: Simulation) -> Vec<Figure> {
    let kind = Kind::of(stratum.subgroups.len(), stratum.ordered);
    let present = Present::of(stratum);
    let y = &present.y;
    if y.len() < 2 || y.iter().all(|v| *v == 0.0) {
        return Vec::new();
    }
    let reference = if kind == Kind::Ordered {
        None
    } else {
        present.reference
    };
    let Some(at) = Selection::of(y, kind == Kind::Ordered, stratum.favourable, reference) else {
        return Vec::new();
    };
    let inputs = Inputs::new(
        y.clone(),
        present.population.clone(),
        stratum.setting_average,
    );
    let z = normal_quantile(0.5 + level / 2.0);
    let normal = |measure, estimate: f64, se: Option<f64>| {
        Figure::normal(measure, estimate, se, z, Method::Analytic)
    };
    let applicable: Vec<Measure> = Measure::ALL
        .into_iter()
        .filter(|m| m.applies_to(kind) && computable(*m, kind, stratum, &present, &inputs))
        .collect();
    let mut figures = Vec::new();
    let simulated = simulate(
        stratum,
        &present,
        &inputs,
        &at,
        &applicable,
        level,
        simulation,
    );
    for measure in applicable {
        let figure = match measure {
            Measure::Sii | Measure::Rii => sii_rii(stratum, &present, measure, z),
            _ if measure.simulated() => point(measure, &inputs, &at).and_then(|value| {
                let (lower, upper) = simulated
                    .iter()
                    .find(|(m, _)| *m == measure)
                    .map_or((None, None), |(_, ci)| (ci.map(|c| c.0), ci.map(|c| c.1)));
                Some(Figure {
                    measure,
                    estimate: finite(value)?,
                    se: None,
                    ci_lower: lower,
                    ci_upper: upper,
                    method: Method::Simulated,
                })
            }),
            _ => point(measure, &inputs, &at).and_then(|value| {
                let value = finite(value)?;
                let se = analytic_se(measure, stratum, &present, &inputs, &at, value);
                if measure == Measure::R {
                    return Some(ratio_figure(measure, value, se, z, Method::Analytic));
                }
                Some(normal(
                    measure,
                    clip(measure, stratum.favourable, value),
                    se,
                ))
            }),
        };
        figures.extend(figure);
    }
    figures
}

/// A ratio's figure: the SE on its own scale, the interval on the log scale.
pub(crate) fn ratio_figure(
    measure: Measure,
    value: f64,
    se: Option<f64>,
    z: f64,
    method: Method,
) -> Figure {
    let se = se.and_then(finite);
    // A ratio of 0 has no log-scale interval.
    let log_se = se.filter(|_| value > 0.0).map(|s| s / value);
    Figure {
        measure,
        estimate: value,
        se,
        ci_lower: log_se.and_then(|s| finite((value.ln() - z * s).exp())),
        ci_upper: log_se.and_then(|s| finite((value.ln() + z * s).exp())),
        method,
    }
}

/// HEAT v6's tests of whether a stratum gives a measure (its `validation-tests.R`).
fn computable(
    measure: Measure,
    kind: Kind,
    stratum: &Stratum,
    present: &Present,
    inputs: &Inputs<f64>,
) -> bool {
    let population = present.population.is_some();
    let mu = inputs.mu.is_some_and(f64::is_finite);
    let mu_nonzero = inputs.mu.is_some_and(|m| m.is_finite() && m != 0.0);
    let weighted = !present.many_missing && population;
    let reference = present.reference.is_some();
    match measure {
        Measure::D | Measure::R => match kind {
            Kind::Binary => !present.any_missing,
            Kind::Ordered => present.both_ends,
            Kind::Unordered => true,
        },
        Measure::Par => !present.many_missing && mu && !present.reference_missing,
        Measure::Paf => !present.many_missing && mu_nonzero && !present.reference_missing,
        Measure::Aci | Measure::Rci | Measure::Sii | Measure::Rii => {
            !present.any_missing && population
        }
        Measure::Bgv | Measure::Bgsd | Measure::Ti | Measure::Mdmw | Measure::Mdbw => weighted,
        Measure::Cov | Measure::Mld | Measure::Idisw => weighted && mu_nonzero,
        Measure::Mdrw => weighted && reference,
        Measure::Mdbu => !present.many_missing,
        Measure::Mdru => !present.many_missing && reference,
        Measure::Mdmu => !present.many_missing && (population || stratum.setting_average.is_some()),
        Measure::Idisu => {
            !present.many_missing && (population || stratum.setting_average.is_some()) && mu_nonzero
        }
    }
}

/// HEAT's analytic SE of a measure (none where HEAT has none, or an SE is missing).
fn analytic_se(
    measure: Measure,
    stratum: &Stratum,
    present: &Present,
    inputs: &Inputs<f64>,
    at: &Selection,
    value: f64,
) -> Option<f64> {
    let y = &present.y;
    match measure {
        Measure::D => Some(present.each_se[at.hi]?.hypot(present.each_se[at.lo]?)),
        Measure::R => {
            let (hi, lo) = (present.each_se[at.hi]?, present.each_se[at.lo]?);
            Some(((hi * hi + value * value * lo * lo) / (y[at.lo] * y[at.lo])).sqrt())
        }
        Measure::Aci | Measure::Rci => concentration_se(measure, y, present.population.as_ref()?),
        Measure::Bgv => {
            let se = present.se.as_ref()?;
            let p = inputs.p.as_ref()?;
            let mu = weighted_mean(y, p);
            let mut linear = 0.0;
            let (mut a, mut b, mut c) = (0.0, 0.0, 0.0);
            for j in 0..y.len() {
                let v = p[j] * p[j] * se[j] * se[j];
                linear += v * (y[j] - mu) * (y[j] - mu);
                a += v;
                b += v * v;
                c += p[j] * p[j] * (1.0 - p[j]) * (1.0 - p[j]) * se[j].powi(4);
            }
            Some((4.0 * linear + 2.0 * (a * a - b + c)).sqrt())
        }
        Measure::Ti | Measure::Mld => {
            let se = present.se.as_ref()?;
            let p = inputs.p.as_ref()?;
            let y0: Vec<f64> = y
                .iter()
                .map(|&v| if v == 0.0 { inputs.zero } else { v })
                .collect();
            let m = weighted_mean(&y0, p);
            let q: Vec<f64> = y0.iter().map(|v| v / m).collect();
            let variance: f64 = if measure == Measure::Ti {
                let centre: f64 = (0..y.len()).map(|k| p[k] * q[k] * (1.0 + q[k].ln())).sum();
                (0..y.len())
                    .map(|j| {
                        let d = 1.0 + q[j].ln() - centre;
                        d * d * p[j] * p[j] * se[j] * se[j] / (m * m)
                    })
                    .sum()
            } else {
                (0..y.len())
                    .map(|j| {
                        let d = 1.0 - 1.0 / q[j];
                        p[j] * p[j] * se[j] * se[j] / (m * m) * d * d
                    })
                    .sum()
            };
            // HEAT scales the measure by 1000 but not its SE; tendik scales both.
            Some(1000.0 * variance.sqrt())
        }
        Measure::Par | Measure::Paf => {
            let population = present.population.as_ref()?;
            let mu = inputs.mu?;
            let s = stratum.scale;
            let total: f64 = population.iter().sum();
            let own = population[at.target];
            let c = y[at.target] / s * own;
            let d = own - c;
            let a = mu / s * total - c;
            let b = total - a - own;
            let fraction = (c * total * (a * d * (total - c) + b * c * c)
                / ((a + c).powi(3) * (c + d).powi(3)))
            .sqrt();
            // Walter's SE of the fraction: × μ for PAR, × 100 for PAF in percent (HEAT
            // leaves PAF's on the 0–1 scale).
            Some(if measure == Measure::Par {
                mu * fraction
            } else {
                100.0 * fraction
            })
        }
        _ => None,
    }
}

/// HEAT v6's SE of ACI or RCI: the slope's residual SE in the weighted regression of
/// 2σ²ₓ yⱼ (over μ for RCI) on the ridits, weights the populations, J − 2 degrees of
/// freedom. It does not use the subgroups' SEs.
fn concentration_se(measure: Measure, y: &[f64], population: &[f64]) -> Option<f64> {
    let total: f64 = population.iter().sum();
    let p: Vec<f64> = population.iter().map(|n| n / total).collect();
    let x = ridits(&p);
    let spread: f64 = p
        .iter()
        .zip(&x)
        .map(|(p, x)| p * (x - 0.5) * (x - 0.5))
        .sum();
    let mu = weighted_mean(y, &p);
    let t: Vec<f64> = y
        .iter()
        .map(|v| {
            let t = 2.0 * spread * v;
            if measure == Measure::Rci { t / mu } else { t }
        })
        .collect();
    let j = y.len();
    if j < 3 {
        return None;
    }
    let x_bar: f64 = (0..j).map(|i| population[i] * x[i]).sum::<f64>() / total;
    let t_bar: f64 = (0..j).map(|i| population[i] * t[i]).sum::<f64>() / total;
    let sxx: f64 = (0..j).map(|i| population[i] * (x[i] - x_bar).powi(2)).sum();
    let sxt: f64 = (0..j)
        .map(|i| population[i] * (x[i] - x_bar) * (t[i] - t_bar))
        .sum();
    let slope = sxt / sxx;
    let intercept = t_bar - slope * x_bar;
    let residual: f64 = (0..j)
        .map(|i| population[i] * (t[i] - intercept - slope * x[i]).powi(2))
        .sum::<f64>()
        / (j - 2) as f64;
    finite((residual / sxx).sqrt())
}

/// SII or RII as HEAT v6 fits them: whole persons (populations rounded up, successes
/// rounded), a logistic regression on the ridits with the populations as prior weights,
/// its HC1 sandwich variance and the delta method. SII's SE is on the scale of the
/// estimate, RII's on its own scale (HEAT gives them on the 0–1 and log scales).
fn sii_rii(stratum: &Stratum, present: &Present, measure: Measure, z: f64) -> Option<Figure> {
    let population = present.population.as_ref()?;
    let s = stratum.scale;
    let persons: Vec<f64> = population.iter().map(|n| n.ceil()).collect();
    let successes: Vec<f64> = present
        .y
        .iter()
        .zip(&persons)
        .map(|(y, n)| (y / s * n).round())
        .collect();
    if successes
        .iter()
        .zip(&persons)
        .any(|(k, n)| *k < 0.0 || k > n || *n <= 0.0)
    {
        return None;
    }
    let total: f64 = persons.iter().sum();
    let x = ridits(&persons.iter().map(|n| n / total).collect::<Vec<_>>());
    let theta: Vec<f64> = successes.iter().zip(&persons).map(|(k, n)| k / n).collect();
    let omega: Vec<f64> = persons.iter().map(|n| n * n).collect();
    let (a, b) = logistic(&theta, &omega, &x)?;
    let expit = |v: f64| 1.0 / (1.0 + (-v).exp());
    let (pi0, pi1) = (expit(a), expit(a + b));
    // HC1: J/(J−2) B⁻¹ M B⁻¹ over the two coefficients.
    let j = theta.len();
    let (mut b00, mut b01, mut b11, mut m00, mut m01, mut m11) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..j {
        let pi = expit(a + b * x[i]);
        let info = omega[i] * pi * (1.0 - pi);
        b00 += info;
        b01 += info * x[i];
        b11 += info * x[i] * x[i];
        let u = omega[i] * (theta[i] - pi);
        m00 += u * u;
        m01 += u * u * x[i];
        m11 += u * u * x[i] * x[i];
    }
    let det = b00 * b11 - b01 * b01;
    let inv = [[b11 / det, -b01 / det], [-b01 / det, b00 / det]];
    let meat = [[m00, m01], [m01, m11]];
    let mut v = [[0.0; 2]; 2];
    for (r, row) in v.iter_mut().enumerate() {
        for (c, cell) in row.iter_mut().enumerate() {
            for k in 0..2 {
                for l in 0..2 {
                    *cell += inv[r][k] * meat[k][l] * inv[l][c];
                }
            }
            *cell *= j as f64 / (j as f64 - 2.0);
        }
    }
    let form = |g: [f64; 2]| {
        (g[0] * g[0] * v[0][0] + 2.0 * g[0] * g[1] * v[0][1] + g[1] * g[1] * v[1][1]).sqrt()
    };
    if measure == Measure::Sii {
        let d1 = pi1 * (1.0 - pi1);
        let se = form([d1 - pi0 * (1.0 - pi0), d1]) * s;
        let estimate = s * (pi1 - pi0);
        return Some(Figure {
            measure,
            estimate,
            se: finite(se),
            ci_lower: finite(estimate - z * se),
            ci_upper: finite(estimate + z * se),
            method: Method::Analytic,
        });
    }
    let rii = pi1 / pi0;
    if !(0.0..=700.0).contains(&rii) {
        return None;
    }
    let log_se = form([(1.0 - pi1) - (1.0 - pi0), 1.0 - pi1]);
    Some(ratio_figure(
        measure,
        rii,
        finite(rii * log_se),
        z,
        Method::Analytic,
    ))
}

/// HEAT's simulated intervals of the applicable simulated measures: the subgroup estimates
/// drawn from normal distributions truncated at 0 (and at 100 on a percentage scale),
/// shares held; type-7 quantiles. `None` for a measure when an SE is missing.
fn simulate(
    stratum: &Stratum,
    present: &Present,
    inputs: &Inputs<f64>,
    at: &Selection,
    measures: &[Measure],
    level: f64,
    simulation: Simulation,
) -> Vec<(Measure, Option<(f64, f64)>)> {
    let wanted: Vec<Measure> = measures.iter().copied().filter(|m| m.simulated()).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let Some(se) = present.se.as_ref() else {
        return wanted.into_iter().map(|m| (m, None)).collect();
    };
    let mut rng = ChaCha8Rng::seed_from_u64(simulation.seed);
    let mut uniform = || (rng.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64);
    let upper = if (stratum.scale - 100.0).abs() < f64::EPSILON {
        100.0
    } else {
        f64::INFINITY
    };
    let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(simulation.draws); wanted.len()];
    for _ in 0..simulation.draws {
        let drawn: Vec<f64> = present
            .y
            .iter()
            .zip(se)
            .map(|(&y, &s)| {
                if s <= 0.0 {
                    return y;
                }
                // Rejection from the normal (Box–Muller), at most a million tries.
                for _ in 0..1_000_000 {
                    let u1 = 1.0 - uniform();
                    let u2 = uniform();
                    let v = y + s * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                    if (0.0..=upper).contains(&v) {
                        return v;
                    }
                }
                y.clamp(0.0, upper)
            })
            .collect();
        let fixed = Inputs {
            y: drawn.clone(),
            p: inputs.p.clone(),
            mu: inputs.mu,
            zero: inputs.zero,
        };
        let recentred = Inputs {
            mu: inputs.p.as_ref().map(|p| weighted_mean(&drawn, p)),
            y: drawn.clone(),
            p: inputs.p.clone(),
            zero: inputs.zero,
        };
        let best = Selection::of(&drawn, false, stratum.favourable, at.reference).unwrap_or(*at);
        let redrawn = Selection {
            best: best.best,
            ..*at
        };
        for (m, out) in wanted.iter().zip(&mut values) {
            let value = match m {
                Measure::Idisw => point(*m, &recentred, at),
                Measure::Mdbu | Measure::Mdbw => point(*m, &fixed, &redrawn),
                _ => point(*m, &fixed, at),
            };
            if let Some(v) = value.filter(|v| v.is_finite()) {
                out.push(v);
            }
        }
    }
    wanted
        .into_iter()
        .zip(values)
        .map(|(m, mut v)| {
            if v.len() < 2 {
                return (m, None);
            }
            v.sort_by(f64::total_cmp);
            let tail = (1.0 - level) / 2.0;
            (m, Some((quantile(&v, tail), quantile(&v, 1.0 - tail))))
        })
        .collect()
}

/// R's type-7 quantile of sorted `values`.
fn quantile(values: &[f64], q: f64) -> f64 {
    let h = (values.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    let above = (below + 1).min(values.len() - 1);
    values[below] + (h - below as f64) * (values[above] - values[below])
}

#[cfg(test)]
mod tests {
    use super::{Simulation, Stratum, Subgroup, summarise};
    use crate::inequality::Measure;

    fn quintiles() -> Stratum {
        // HEAT's own sample stratum (Afghanistan 2015, economic status; tests/golden/heat_input.csv).
        let y = [38.747_87, 41.381_94, 41.050_09, 51.964_93, 55.618_83];
        let se = [2.650_668, 2.634_769, 2.774_531, 3.865_936, 3.332_274];
        let n = [1_034.914, 1_126.240, 1_160.602, 1_325.153, 1_061.074];
        Stratum {
            subgroups: (0..5)
                .map(|j| Subgroup {
                    name: format!("Q{}", j + 1),
                    estimate: Some(y[j]),
                    se: Some(se[j]),
                    population: Some(n[j]),
                    order: j as u32 + 1,
                    reference: false,
                })
                .collect(),
            ordered: true,
            favourable: true,
            scale: 100.0,
            setting_average: None,
        }
    }

    #[test]
    fn an_ordered_dimension_has_heat_s_ordered_measures() {
        let figures = summarise(&quintiles(), 0.95, Simulation::default());
        let names: Vec<&str> = figures.iter().map(|f| f.measure.name()).collect();
        assert_eq!(names, ["D", "R", "ACI", "RCI", "SII", "RII", "PAF", "PAR"]);
        let get = |m: Measure| figures.iter().find(|f| f.measure == m).unwrap();
        assert!((get(Measure::D).estimate - 16.871).abs() < 1e-3);
        assert!((get(Measure::Aci).estimate - 3.52130).abs() < 1e-4);
        assert!((get(Measure::Sii).estimate - 22.1936).abs() < 1e-3);
        assert!((get(Measure::Rii).estimate - 1.63424).abs() < 1e-4);
        assert!((get(Measure::Par).estimate - 9.67848).abs() < 1e-4);
    }
}
