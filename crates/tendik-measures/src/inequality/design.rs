//! The design-based path: HEAT's measures over a dimension's subgroup estimates from one
//! engine request, each with the delta method's standard error over the joint covariance
//! of every subgroup's estimate θⱼ and population share pⱼ (R: `svycontrast` of the
//! measure's expression on their totals). The subgroups are not taken as independent,
//! and the shares are estimates too.
//!
//! The figures are those of [`super::heat`] on the same estimates and shares, except SII
//! and RII, whose logistic regression is fitted on the proportions themselves (HEAT
//! rounds them to whole persons first).

use tendik_survey::Results;
use tendik_survey::intervals::normal_quantile;

use super::dual::Dual;
use super::formulas::{Inputs, Selection, clip, expit, logistic, point, ridits};
use super::heat::ratio_figure;
use super::{Figure, Kind, Measure, Method, finite};

/// One dimension of one estimated quantity in a request: which estimates are its
/// subgroups' figures and population shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// The index (into [`Results::estimates`]) of each subgroup's estimate, in the
    /// dimension's order (an ordered one's most disadvantaged first).
    pub estimates: Vec<usize>,
    /// The index of each subgroup's population (or its share: they are normalised to sum
    /// to 1), in the same order: a total of the subgroup's population in its domain, or the
    /// proportion of the subgroup in the whole population.
    pub shares: Vec<usize>,
    /// Whether the dimension is ordered.
    pub ordered: bool,
    /// Whether a higher estimate is better.
    pub favourable: bool,
    /// The position of the reference subgroup, if any (unordered dimensions).
    pub reference: Option<usize>,
}

/// How a breakdown's groups are read: in order or not, and its reference group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Whether the groups have a natural order.
    pub ordered: bool,
    /// An ordered breakdown's codes (as text) from the most disadvantaged to the most
    /// advantaged; codes not listed are left out. Empty: every code, lowest first.
    pub order: Vec<String>,
    /// The code of an unordered breakdown's reference group.
    pub reference: Option<String>,
}

impl Dimension {
    /// The dimension of the groups `groups` (estimates of one variable in the domains of a
    /// one-variable breakdown) with their populations among `shares` (totals in the same
    /// domains, or the breakdown variable's proportions in the whole population, matched by
    /// level), read as `layout` says: `None` when fewer than two groups have both.
    #[must_use]
    pub fn of(
        results: &Results,
        groups: &[usize],
        shares: &[usize],
        layout: &Layout,
        favourable: bool,
    ) -> Option<Self> {
        let value_of = |i: usize| results.estimates[i].domain.first();
        let mut pairs: Vec<(usize, usize)> = groups
            .iter()
            .filter_map(|&g| {
                let value = value_of(g)?;
                // A proportion's level, or a total's domain, is the group.
                let share = shares.iter().copied().find(|&s| {
                    let e = &results.estimates[s];
                    e.level.as_ref().or(e.domain.first()) == Some(value)
                })?;
                Some((g, share))
            })
            .collect();
        if layout.ordered && !layout.order.is_empty() {
            let rank = |g: usize| {
                value_of(g).and_then(|v| layout.order.iter().position(|o| *o == v.to_string()))
            };
            pairs.retain(|&(g, _)| rank(g).is_some());
            pairs.sort_by_key(|&(g, _)| rank(g));
        } else {
            pairs.sort_by(|a, b| match (value_of(a.0), value_of(b.0)) {
                (Some(x), Some(y)) => x.total_cmp(y),
                _ => std::cmp::Ordering::Equal,
            });
        }
        if pairs.len() < 2 {
            return None;
        }
        let reference = layout.reference.as_ref().and_then(|code| {
            pairs
                .iter()
                .position(|&(g, _)| value_of(g).is_some_and(|v| v.to_string() == *code))
        });
        Some(Self {
            estimates: pairs.iter().map(|p| p.0).collect(),
            shares: pairs.iter().map(|p| p.1).collect(),
            ordered: layout.ordered,
            favourable,
            reference,
        })
    }
}

/// Every applicable measure of `dimension`, in [`Measure::ALL`]'s order, with design-based
/// SEs and normal intervals at `level` (R and RII: on the log scale). Subgroups without an
/// estimate are left out, as HEAT leaves them out. Where the design cannot give the
/// covariances (a design without PSUs keeps none across breakdowns), the SE and interval
/// are empty.
#[must_use]
pub fn summarise(results: &Results, dimension: &Dimension, level: f64) -> Vec<Figure> {
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut reference = None;
    for (position, (&e, &s)) in dimension
        .estimates
        .iter()
        .zip(&dimension.shares)
        .enumerate()
    {
        let (y, p) = (&results.estimates[e], &results.estimates[s]);
        if y.estimate.is_finite() && p.estimate.is_finite() {
            if dimension.reference == Some(position) {
                reference = Some(kept.len());
            }
            kept.push((e, s));
        }
    }
    let j = kept.len();
    let y: Vec<f64> = kept
        .iter()
        .map(|&(e, _)| results.estimates[e].estimate)
        .collect();
    if j < 2 || y.iter().all(|v| *v == 0.0) {
        return Vec::new();
    }
    let kind = Kind::of(j, dimension.ordered);
    let reference = if kind == Kind::Ordered {
        None
    } else {
        reference
    };
    let Some(at) = Selection::of(&y, kind == Kind::Ordered, dimension.favourable, reference) else {
        return Vec::new();
    };
    let mut inputs = Inputs::new(
        (0..j).map(|i| Dual::variable(y[i], i, 2 * j)).collect(),
        Some(
            kept.iter()
                .enumerate()
                .map(|(i, &(_, s))| Dual::variable(results.estimates[s].estimate, j + i, 2 * j))
                .collect(),
        ),
        None,
    );
    // Estimates are proportions here: an estimate of 0 is read as HEAT reads 0% (10⁻⁶
    // percentage points), so that HEAT's TI and MLD from an export are these.
    inputs.zero = 1e-8;
    let indices: Vec<usize> = kept
        .iter()
        .map(|&(e, _)| e)
        .chain(kept.iter().map(|&(_, s)| s))
        .collect();
    let z = normal_quantile(0.5 + level / 2.0);
    let merged = results.merged_scores(&indices);
    let mu_nonzero = inputs.mu.as_ref().is_some_and(|m| m.value != 0.0);
    let mut figures = Vec::new();
    for measure in Measure::ALL {
        if !measure.applies_to(kind)
            || (matches!(measure, Measure::Mdru | Measure::Mdrw) && reference.is_none())
            || (matches!(
                measure,
                Measure::Paf
                    | Measure::Cov
                    | Measure::Idisu
                    | Measure::Idisw
                    | Measure::Mld
                    | Measure::Ti
            ) && !mu_nonzero)
        {
            continue;
        }
        let value = match measure {
            Measure::Sii | Measure::Rii => sii_rii(measure, &inputs),
            _ => point(measure, &inputs, &at),
        };
        let Some(value) = value.filter(|v| v.value.is_finite()) else {
            continue;
        };
        // The scores merged once for all the measures' gradients; a design without PSUs
        // keeps no covariance across breakdowns (the groups' estimates and the whole
        // population's shares of AF): no SE then.
        let variance = if let Some(merged) = &merged {
            results.merged_variance(merged, &value.gradient).ok()
        } else {
            let combination: Vec<(usize, f64)> = indices
                .iter()
                .copied()
                .zip(value.gradient.iter().copied())
                .collect();
            results
                .combination_covariance(&combination, &combination)
                .ok()
        };
        let se = variance.and_then(|v| finite(v.max(0.0).sqrt()));
        let estimate = clip(measure, dimension.favourable, value.value);
        figures.push(if matches!(measure, Measure::R | Measure::Rii) {
            ratio_figure(measure, estimate, se, z, Method::Delta)
        } else {
            Figure::normal(measure, estimate, se, z, Method::Delta)
        });
    }
    figures
}

/// SII (π₁ − π₀) or RII (π₁ / π₀) of the logistic regression of the subgroups'
/// proportions on their ridits, weights the squared shares (HEAT's weighting, without its
/// rounding to whole persons).
fn sii_rii(measure: Measure, inputs: &Inputs<Dual>) -> Option<Dual> {
    let p = inputs.p.as_ref()?;
    if inputs.y.iter().any(|v| !(0.0..=1.0).contains(&v.value)) {
        return None;
    }
    let w: Vec<Dual> = p.iter().map(|p| p.clone() * p.clone()).collect();
    let (a, b) = logistic(&inputs.y, &w, &ridits(p))?;
    let (pi0, pi1) = (expit(&a), expit(&(a + b)));
    Some(if measure == Measure::Sii {
        pi1 - pi0
    } else {
        pi1 / pi0
    })
}
