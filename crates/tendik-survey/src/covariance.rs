//! Covariances of estimates from their linearized influence, as R's `svyrecvar`, and the
//! contrasts built on them (R's `svycontrast`).
//!
//! An estimate's [`Influence`] is its score total per PSU, indexed by the PSU's global
//! number (or, in a design without PSUs, per stratum of rows with the moments that give
//! `Σ z_a z_b`). The covariance of two estimates of one request sums over strata the
//! centred cross products of their PSU scores, PSUs absent from a domain counting as zeros,
//! times `n/(n−1)` and the finite population correction, with the lonely-PSU policy; the
//! variance of an estimate is its covariance with itself.

use crate::accumulate::Columns;
use crate::dd::Dd;
use crate::design::LonelyPsu;
use crate::keys::FastMap;
use crate::structure::Structure;

/// One cell's share of an estimate's influence.
#[derive(Debug, Clone)]
pub(crate) struct InfluenceCell {
    pub(crate) stratum: usize,
    /// The cell's index among the pass's sorted cells.
    pub(crate) cell: usize,
    /// Global PSU number; `None` in a design without PSUs.
    pub(crate) psu: Option<usize>,
    /// The cell's score total.
    pub(crate) z: f64,
    /// Without PSUs only (boxed, so that cells of the common design stay small: a request
    /// of 40 targets × 90,000 cells keeps 3.6 million of them).
    pub(crate) moments: Option<Box<CellMoments>>,
}

/// What a cell of a design without PSUs keeps for covariances.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellMoments {
    /// `M c` of the cell (see [`crate::estimators::Scores`]).
    pub(crate) moment_products: Option<Vec<Dd>>,
    /// For a proportion's level: the cell's `Σw²` and `Σw²·[y = level]`.
    pub(crate) level_moments: Option<[Dd; 2]>,
}

/// The linearized influence of one estimate.
#[derive(Debug, Clone)]
pub struct Influence {
    /// Which (breakdown, domain, target) the estimate belongs to: without PSUs, rows of
    /// two estimates overlap only when this is equal.
    pub(crate) group: (usize, usize, usize),
    /// For a proportion, its level (category id): two levels of one variable share no row
    /// with both indicators 1.
    pub(crate) level: Option<u32>,
    /// Score coefficients over the target's basis (used without PSUs).
    pub(crate) coefficients: Vec<Dd>,
    /// Cells in (stratum, PSU) order (designs without PSUs; empty with [`Self::lazy`]).
    pub(crate) cells: Vec<InfluenceCell>,
    /// In a design with PSUs: how the scores are computed from the pass's sums when a
    /// covariance needs them (they are not kept: a request of 120 targets over 1.2 million
    /// domain × PSU cells would hold 144 million of them).
    pub(crate) lazy: Option<LazyScores>,
    /// In a replicate design, the replicate estimates' deviations from their centre.
    pub(crate) replicates: Option<Vec<f64>>,
}

/// An estimate's score per cell, computed from the pass's sums when needed: over the cells
/// of its domain where its target has an observation, `(y_c − center·x_c)·inverse` of two
/// of the cell's sums (a mean, a ratio, a category's share) or `y_c` (a total).
#[derive(Debug, Clone)]
pub(crate) struct LazyScores {
    /// The domain's cells among the pass's sorted cells.
    pub(crate) cells: std::ops::Range<usize>,
    /// The count showing that a cell has an observation of the target.
    pub(crate) used: usize,
    pub(crate) kind: ScoreKind,
}

/// Which sums a [`LazyScores`] reads.
#[derive(Debug, Clone)]
pub(crate) enum ScoreKind {
    /// `(sums[y] − center·sums[x])·inverse`.
    Linear {
        y: usize,
        x: usize,
        center: Dd,
        inverse: Dd,
    },
    /// `sums[y]`.
    Total { y: usize },
    /// A category's share: `(Σw·[y = level] − center·sums[x])·inverse`.
    Level {
        target: usize,
        level: u32,
        x: usize,
        center: Dd,
        inverse: Dd,
    },
}

/// The pass's sums, slot by slot over the sorted cells (so that a domain's sums of one
/// target are one contiguous run), with each cell's stratum and PSU numbers.
#[derive(Debug, Default)]
pub(crate) struct Pass {
    cells: Columns,
    /// Per (cell index, target, category id): `Σw·[y = level]` (and `Σw²·[y = level]`).
    pub(crate) category_sums: FastMap<(usize, usize, u32), Vec<Dd>>,
    pub(crate) stratum: Vec<u32>,
    pub(crate) psu: Vec<u32>,
}

impl Pass {
    pub(crate) fn new(
        cells: Columns,
        category_sums: FastMap<(usize, usize, u32), Vec<Dd>>,
        stratum: Vec<u32>,
        psu: Vec<u32>,
    ) -> Self {
        Self {
            cells,
            category_sums,
            stratum,
            psu,
        }
    }

    /// Sum `slot` of cell `cell`.
    #[inline]
    pub(crate) fn sum(&self, slot: usize, cell: usize) -> Dd {
        self.cells.sum(slot, cell)
    }

    /// Count `slot` of cell `cell`.
    #[inline]
    pub(crate) fn count(&self, slot: usize, cell: usize) -> u64 {
        u64::from(self.cells.counts[slot][cell])
    }
}

impl LazyScores {
    /// Each score with its cell, stratum and PSU numbers, in (stratum, PSU) order.
    fn for_each(&self, pass: &Pass, mut f: impl FnMut(usize, usize, usize, f64)) {
        for c in self.cells.clone() {
            if pass.count(self.used, c) == 0 {
                continue;
            }
            let sum = |slot: usize| pass.sum(slot, c);
            let z = match &self.kind {
                ScoreKind::Linear {
                    y,
                    x,
                    center,
                    inverse,
                } => ((sum(*y) - *center * sum(*x)) * *inverse).value(),
                ScoreKind::Total { y } => sum(*y).value(),
                ScoreKind::Level {
                    target,
                    level,
                    x,
                    center,
                    inverse,
                } => {
                    let y = pass
                        .category_sums
                        .get(&(c, *target, *level))
                        .map_or(Dd::default(), |s| s[0]);
                    ((y - *center * sum(*x)) * *inverse).value()
                }
            };
            f(c, pass.stratum[c] as usize, pass.psu[c] as usize, z);
        }
    }

    /// The scores as influence cells, in (stratum, PSU) order.
    pub(crate) fn cells(&self, pass: &Pass) -> Vec<InfluenceCell> {
        let mut cells = Vec::new();
        self.for_each(pass, |cell, stratum, psu, z| {
            cells.push(InfluenceCell {
                stratum,
                cell,
                psu: Some(psu),
                z,
                moments: None,
            });
        });
        cells
    }
}

/// Why two estimates' covariance cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CovarianceError {
    Lonely(usize),
    /// Without PSUs, two variables of one domain: their rows' cross moments are not kept.
    CrossVariable,
    /// Without PSUs, two breakdowns: their rows overlap in ways the sums do not keep.
    CrossBreakdown,
}

/// The cells of stratum `h` among stratum-ordered slices.
fn find<'s>(slices: &[(usize, &'s [InfluenceCell])], h: usize) -> &'s [InfluenceCell] {
    slices
        .binary_search_by_key(&h, |s| s.0)
        .map_or(&[][..], |i| slices[i].1)
}

fn stratum_slices(cells: &[InfluenceCell]) -> Vec<(usize, &[InfluenceCell])> {
    let mut slices = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let stratum = cells[start].stratum;
        let mut end = start;
        while end < cells.len() && cells[end].stratum == stratum {
            end += 1;
        }
        slices.push((stratum, &cells[start..end]));
        start = end;
    }
    slices
}

/// `Σ (z_a − m_a)(z_b − m_b)` over the PSUs of one stratum (absent PSUs as zeros), the
/// number of PSUs present in either, and the sums.
fn psu_cross(a: &[InfluenceCell], b: &[InfluenceCell], n: usize, center: bool) -> f64 {
    let mut pairs: Vec<(f64, f64)> = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let pa = a.get(i).and_then(|c| c.psu);
        let pb = b.get(j).and_then(|c| c.psu);
        match (pa, pb) {
            (Some(x), Some(y)) if x == y => {
                pairs.push((a[i].z, b[j].z));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                pairs.push((a[i].z, 0.0));
                i += 1;
            }
            (Some(_), None) => {
                pairs.push((a[i].z, 0.0));
                i += 1;
            }
            _ => {
                pairs.push((0.0, b[j].z));
                j += 1;
            }
        }
    }
    let padded = n.max(pairs.len());
    let (mean_a, mean_b) = if center {
        (
            pairs.iter().map(|p| p.0).sum::<f64>() / padded as f64,
            pairs.iter().map(|p| p.1).sum::<f64>() / padded as f64,
        )
    } else {
        (0.0, 0.0)
    };
    let absent = (padded - pairs.len()) as f64;
    pairs
        .iter()
        .map(|(x, y)| (x - mean_a) * (y - mean_b))
        .sum::<f64>()
        + absent * mean_a * mean_b
}

/// Cross moments of two variables' rows in a design without PSUs: per cell and pair of
/// targets `(a < b)`, `Σ w² φ_a,k φ_b,l` for `k, l ∈ {0, 1}` (basis `1, y` for means and
/// totals, `y, x` for ratios).
#[derive(Debug, Default)]
pub(crate) struct CrossMoments {
    /// Index of each target pair's block.
    pub(crate) pairs: std::collections::HashMap<(usize, usize), usize>,
    /// Per cell, four sums per pair.
    pub(crate) cells: Vec<Vec<Dd>>,
}

/// The same for a stratum of rows (no PSUs): `Σ z_a z_b − S_a S_b / n` from moments.
fn row_cross(
    a: &Influence,
    a_cells: &[InfluenceCell],
    b: &Influence,
    b_cells: &[InfluenceCell],
    n: usize,
    center: bool,
    cross: &CrossMoments,
) -> Result<f64, CovarianceError> {
    let sum = |cells: &[InfluenceCell]| cells.iter().map(|c| c.z).sum::<f64>();
    let (sa, sb) = (sum(a_cells), sum(b_cells));
    let raw = if a.group == b.group && a.level != b.level {
        // Two levels of one proportion: z = w([y = l] − p)/W, basis (1, [y = l]); the
        // indicators are never both 1, so Σ w² z_a z_b = c_a0 c_b0 Σw² + c_a0 c_b1 Σw²[b]
        // + c_a1 c_b0 Σw²[a]. Each level's `M c` holds (Σw²·c0 + Σw²[l]·c1, …).
        let (Some(x), Some(y)) = (a_cells.first(), b_cells.first()) else {
            return Ok(0.0);
        };
        let level = |c: &InfluenceCell| c.moments.as_ref().and_then(|m| m.level_moments);
        let (Some(sa), Some(sb)) = (level(x), level(y)) else {
            return Err(CovarianceError::CrossVariable);
        };
        let (ca, cb) = (&a.coefficients, &b.coefficients);
        (ca[0] * cb[0] * sa[0] + ca[0] * cb[1] * sb[1] + ca[1] * cb[0] * sa[1]).value()
    } else if a.group == b.group {
        // One cell per stratum of a domain: Σ z_a z_b = c_a · (M c_b).
        let mut total = Dd::default();
        for y in b_cells.iter().take(a_cells.len()) {
            let products = y
                .moments
                .as_ref()
                .and_then(|m| m.moment_products.as_ref())
                .ok_or(CovarianceError::CrossVariable)?;
            for (c, p) in a.coefficients.iter().zip(products) {
                total += *c * *p;
            }
        }
        total.value()
    } else if a.group.0 == b.group.0 && a.group.1 != b.group.1 {
        // Different domains of one breakdown share no rows.
        0.0
    } else if a.group.0 == b.group.0 && a.group.1 == b.group.1 {
        // Two variables of one domain: their cross moments, when the pass kept them.
        let (first, second) = if a.group.2 < b.group.2 {
            (a, b)
        } else {
            (b, a)
        };
        let block = cross
            .pairs
            .get(&(first.group.2, second.group.2))
            .ok_or(CovarianceError::CrossVariable)?;
        let (Some(x), Some(_)) = (a_cells.first(), b_cells.first()) else {
            return Ok(0.0);
        };
        let sums = &cross.cells[x.cell][4 * block..4 * block + 4];
        let mut total = Dd::default();
        for k in 0..2 {
            for l in 0..2 {
                total += first.coefficients[k] * second.coefficients[l] * sums[2 * k + l];
            }
        }
        total.value()
    } else {
        return Err(CovarianceError::CrossBreakdown);
    };
    Ok(if center {
        raw - sa * sb / n as f64
    } else {
        raw
    })
}

/// Which strata the `average` lonely-PSU policy counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The strata the estimates have rows in: R's SE of one domain (`svyby`'s SE column).
    Domain,
    /// Every stratum of the design: R's `svyby(…, covmat = TRUE)`.
    Design,
}

/// The covariance of two estimates of one request.
pub(crate) fn covariance(
    a: &Influence,
    b: &Influence,
    structure: &Structure,
    policy: LonelyPsu,
    scope: Scope,
    cross: &CrossMoments,
    pass: &Pass,
) -> Result<f64, CovarianceError> {
    if let (true, Scope::Domain, Some(lazy)) = (std::ptr::eq(a, b), scope, &a.lazy) {
        return lazy_variance(lazy, structure, policy, pass);
    }
    let expanded_a = a.lazy.as_ref().map(|l| l.cells(pass));
    let cells_a = expanded_a.as_deref().unwrap_or(&a.cells);
    let expanded_b = if std::ptr::eq(a, b) {
        None
    } else {
        b.lazy.as_ref().map(|l| l.cells(pass))
    };
    let cells_b = match (&expanded_b, std::ptr::eq(a, b)) {
        (_, true) => cells_a,
        (Some(cells), false) => cells.as_slice(),
        (None, false) => &b.cells,
    };
    let slices_a = stratum_slices(cells_a);
    let slices_b = stratum_slices(cells_b);
    let mut strata: Vec<usize> = match scope {
        Scope::Domain => slices_a.iter().chain(&slices_b).map(|s| s.0).collect(),
        // R's covmat counts the strata of the (filtered) design.
        Scope::Design => (0..structure.psu_count.len())
            .filter(|&h| structure.kept[h] > 0)
            .collect(),
    };
    strata.sort_unstable();
    strata.dedup();
    over_strata(
        &strata,
        structure,
        policy,
        |h| find(&slices_a, h).len().max(find(&slices_b, h).len()),
        |h, n, center| {
            // Slices are in stratum order.
            let (cells_a, cells_b) = (find(&slices_a, h), find(&slices_b, h));
            Ok(if cells_a.is_empty() || cells_b.is_empty() {
                0.0
            } else if structure.psu_stratum.is_empty() {
                row_cross(a, cells_a, b, cells_b, n, center, cross)?
            } else {
                psu_cross(cells_a, cells_b, n, center)
            })
        },
    )
}

/// `Σ_h f_h · n_h/(n_h − 1) · cross_h` over `strata`, with the lonely-PSU policy: `present`
/// gives a stratum's number of cells (of either estimate), `cross` the centred cross products
/// of its cells (called only where some are present), `f_h` the FPC's unsampled share. A
/// self-representing stratum (all PSUs taken) has no sampling variance.
fn over_strata(
    strata: &[usize],
    structure: &Structure,
    policy: LonelyPsu,
    present: impl Fn(usize) -> usize,
    mut cross: impl FnMut(usize, usize, bool) -> Result<f64, CovarianceError>,
) -> Result<f64, CovarianceError> {
    let mut total = 0.0;
    let mut with_variance = 0usize;
    for &h in strata {
        let n = structure.psu_count[h];
        // R: f = (N − n) / N, the share of the stratum not sampled; 1 without an FPC.
        let unsampled = structure.population[h].map_or(1.0, |population| {
            if population.is_infinite() {
                1.0
            } else {
                (population - n as f64) / population
            }
        });
        if unsampled < 1e-7 {
            with_variance += 1;
            continue;
        }
        let scale = if n > 1 {
            unsampled * n as f64 / (n as f64 - 1.0)
        } else {
            unsampled
        };
        let present = present(h);
        let center = policy != LonelyPsu::Adjust || present > 1 || n > 1;
        let cross = if present == 0 {
            0.0
        } else {
            cross(h, n, center)?
        };
        if n > 1 {
            total += cross * scale;
            with_variance += 1;
            continue;
        }
        match policy {
            LonelyPsu::Fail if present == 0 => {}
            LonelyPsu::Fail => return Err(CovarianceError::Lonely(h)),
            LonelyPsu::Remove | LonelyPsu::Certainty | LonelyPsu::Adjust => {
                total += cross * scale;
                with_variance += 1;
            }
            LonelyPsu::Average => {}
        }
    }
    if with_variance == 0 {
        return Ok(if strata.is_empty() { 0.0 } else { f64::NAN });
    }
    Ok(total * strata.len() as f64 / with_variance as f64)
}

/// The variance of one estimate over its own strata (R's SE of one domain) straight from
/// the pass: the sums [`covariance`] of the estimate with itself takes, in the same order,
/// without making its cells.
fn lazy_variance(
    lazy: &LazyScores,
    structure: &Structure,
    policy: LonelyPsu,
    pass: &Pass,
) -> Result<f64, CovarianceError> {
    let mut scores = Scores::default();
    lazy.for_each(pass, |_, stratum, _, z| scores.push(stratum, z));
    let strata: Vec<usize> = scores.runs.iter().map(|r| r.0).collect();
    strata_variance(&strata, &scores, structure, policy)
}

/// The variance of a linear combination of estimates with lazy scores over the whole
/// design's strata (as R's `svycontrast` after `svyby(…, covmat = TRUE)`), the parts' scores
/// (each times its coefficient) added up per PSU as they are read, in the parts' order: the
/// sums [`covariance`] of the combined cells with themselves takes, without making them.
pub(crate) fn lazy_combination_variance(
    parts: &[(&LazyScores, f64)],
    structure: &Structure,
    policy: LonelyPsu,
    pass: &Pass,
) -> Result<f64, CovarianceError> {
    let lists: Vec<Vec<(usize, usize, f64)>> = parts
        .iter()
        .map(|(lazy, coefficient)| {
            let mut list = Vec::new();
            lazy.for_each(pass, |_, stratum, psu, z| {
                list.push((stratum, psu, z * coefficient));
            });
            list
        })
        .collect();
    // A merge of the (stratum, PSU)-ordered lists.
    let mut heads = vec![0usize; lists.len()];
    let mut scores = Scores::default();
    while let Some(key) = lists
        .iter()
        .zip(&heads)
        .filter_map(|(list, &at)| list.get(at).map(|&(h, p, _)| (h, p)))
        .min()
    {
        let mut total: Option<f64> = None;
        for (list, at) in lists.iter().zip(&mut heads) {
            if let Some(&(h, p, z)) = list.get(*at)
                && (h, p) == key
            {
                // The first part's score as it is, the others added in order.
                total = Some(total.map_or(z, |t| t + z));
                *at += 1;
            }
        }
        if let Some(z) = total {
            scores.push(key.0, z);
        }
    }
    let strata: Vec<usize> = (0..structure.psu_count.len())
        .filter(|&h| structure.kept[h] > 0)
        .collect();
    strata_variance(&strata, &scores, structure, policy)
}

/// The scores of several estimates with lazy scores, merged once over the (stratum, PSU)
/// keys any of them has: for the variances of many linear combinations of the same
/// estimates (the delta method's gradients), each as `Results::combination_covariance` gives it.
/// Kept sparse: each key holds only the estimates that have a score there, in their order
/// (the groups of a breakdown share few PSUs).
#[derive(Debug, Clone)]
pub struct MergedScores {
    /// Each key's stratum, in (stratum, PSU) order.
    strata: Vec<usize>,
    /// Key i's scores are `entries[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// (estimate, score), by key, the estimates in order.
    entries: Vec<(usize, f64)>,
}

impl MergedScores {
    pub(crate) fn new(parts: &[&LazyScores], pass: &Pass) -> Self {
        let mut all: Vec<(usize, usize, usize, f64)> = Vec::new();
        for (part, lazy) in parts.iter().enumerate() {
            lazy.for_each(pass, |_, stratum, psu, z| all.push((stratum, psu, part, z)));
        }
        all.sort_unstable_by_key(|&(h, p, part, _)| (h, p, part));
        let mut strata = Vec::new();
        let mut starts = Vec::new();
        let mut entries = Vec::with_capacity(all.len());
        let mut last = None;
        for (h, p, part, z) in all {
            if last != Some((h, p)) {
                strata.push(h);
                starts.push(entries.len());
                last = Some((h, p));
            }
            entries.push((part, z));
        }
        starts.push(entries.len());
        Self {
            strata,
            starts,
            entries,
        }
    }

    /// The variance of `Σ cᵢ θᵢ` (one coefficient per estimate, in order): the same sums in
    /// the same order as [`lazy_combination_variance`] over the estimates with cᵢ ≠ 0.
    pub(crate) fn variance(
        &self,
        coefficients: &[f64],
        structure: &Structure,
        policy: LonelyPsu,
    ) -> Result<f64, CovarianceError> {
        let mut scores = Scores::default();
        for (at, &stratum) in self.strata.iter().enumerate() {
            let mut total: Option<f64> = None;
            for &(part, z) in &self.entries[self.starts[at]..self.starts[at + 1]] {
                let c = coefficients[part];
                if c == 0.0 {
                    continue;
                }
                let z = z * c;
                total = Some(total.map_or(z, |t| t + z));
            }
            if let Some(z) = total {
                scores.push(stratum, z);
            }
        }
        let strata: Vec<usize> = (0..structure.psu_count.len())
            .filter(|&h| structure.kept[h] > 0)
            .collect();
        strata_variance(&strata, &scores, structure, policy)
    }
}

/// Scores in (stratum, PSU) order, with each stratum's run.
#[derive(Default)]
struct Scores {
    z: Vec<f64>,
    /// (stratum, start, end) of each stratum's run of scores.
    runs: Vec<(usize, usize, usize)>,
}

impl Scores {
    fn push(&mut self, stratum: usize, z: f64) {
        match self.runs.last_mut() {
            Some(last) if last.0 == stratum => last.2 += 1,
            _ => self.runs.push((stratum, self.z.len(), self.z.len() + 1)),
        }
        self.z.push(z);
    }

    /// The scores of stratum `h` (none when it has none).
    fn of(&self, h: usize) -> &[f64] {
        self.runs
            .binary_search_by_key(&h, |r| r.0)
            .map_or(&[][..], |i| &self.z[self.runs[i].1..self.runs[i].2])
    }
}

/// `Σ_h scale_h Σ (z − z̄_h)²` over `strata` (absent PSUs as zeros), with the lonely-PSU
/// policy: [`covariance`]'s loop for one set of scores with itself.
fn strata_variance(
    strata: &[usize],
    scores: &Scores,
    structure: &Structure,
    policy: LonelyPsu,
) -> Result<f64, CovarianceError> {
    over_strata(
        strata,
        structure,
        policy,
        |h| scores.of(h).len(),
        |h, n, center| {
            // As `psu_cross` of the scores with themselves, absent PSUs as zeros.
            let z = scores.of(h);
            let padded = n.max(z.len());
            let mean = if center {
                z.iter().sum::<f64>() / padded as f64
            } else {
                0.0
            };
            let absent = (padded - z.len()) as f64;
            Ok(z.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() + absent * mean * mean)
        },
    )
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::keys::Key;

    /// Strata with the given PSU counts (and populations), PSUs numbered in order.
    fn structure(psus: &[usize], population: &[Option<f64>]) -> Structure {
        let mut psu_stratum = Vec::new();
        for (h, &n) in psus.iter().enumerate() {
            psu_stratum.extend(std::iter::repeat_n(h, n));
        }
        Structure {
            stratum_of_id: crate::keys::FastMap::default(),
            stratum_keys: (0..psus.len()).map(|h| Key::Int(h as i64)).collect(),
            psu_count: psus.to_vec(),
            population: population.to_vec(),
            psu_of_ids: crate::keys::FastMap::default(),
            kept: vec![1; psus.len()],
            psu_keys: (0..psu_stratum.len()).map(|j| Key::Int(j as i64)).collect(),
            psu_stratum,
        }
    }

    /// An influence from (stratum, PSU number, score) cells.
    fn influence(cells: &[(usize, usize, f64)]) -> Influence {
        Influence {
            group: (0, 0, 0),
            coefficients: Vec::new(),
            cells: cells
                .iter()
                .map(|&(stratum, psu, z)| InfluenceCell {
                    stratum,
                    cell: 0,
                    psu: Some(psu),
                    z,
                    moments: None,
                })
                .collect(),
            lazy: None,
            replicates: None,
            level: None,
        }
    }

    fn variance(
        structure: &Structure,
        a: &Influence,
        policy: LonelyPsu,
    ) -> Result<f64, CovarianceError> {
        covariance(
            a,
            a,
            structure,
            policy,
            Scope::Domain,
            &CrossMoments::default(),
            &Pass::default(),
        )
    }

    #[test]
    fn two_psus_give_the_squared_difference() {
        // (1 − 3)² / 2 · 2 / (2 − 1) = 4
        let s = structure(&[2], &[None]);
        assert_eq!(
            variance(&s, &influence(&[(0, 0, 1.0), (0, 1, 3.0)]), LonelyPsu::Fail),
            Ok(4.0)
        );
    }

    #[test]
    fn absent_psus_count_as_zero() {
        let s = structure(&[3], &[None]);
        let present = influence(&[(0, 0, 3.0)]);
        let padded = influence(&[(0, 0, 3.0), (0, 1, 0.0), (0, 2, 0.0)]);
        assert_eq!(
            variance(&s, &present, LonelyPsu::Fail),
            variance(&s, &padded, LonelyPsu::Fail)
        );
    }

    #[test]
    fn lonely_psu_policies() {
        let s = structure(&[1], &[None]);
        let lonely = influence(&[(0, 0, 2.0)]);
        assert_eq!(
            variance(&s, &lonely, LonelyPsu::Fail),
            Err(CovarianceError::Lonely(0))
        );
        assert_eq!(variance(&s, &lonely, LonelyPsu::Remove), Ok(0.0));
        assert_eq!(variance(&s, &lonely, LonelyPsu::Certainty), Ok(0.0));
        assert_eq!(variance(&s, &lonely, LonelyPsu::Adjust), Ok(4.0));
        let mixed = structure(&[1, 2], &[None, None]);
        let both = influence(&[(0, 0, 2.0), (1, 1, 1.0), (1, 2, 3.0)]);
        assert_eq!(variance(&mixed, &both, LonelyPsu::Average), Ok(8.0));
    }

    #[test]
    fn census_stratum_has_no_variance() {
        let s = structure(&[2], &[Some(2.0)]);
        assert_eq!(
            variance(&s, &influence(&[(0, 0, 1.0), (0, 1, 5.0)]), LonelyPsu::Fail),
            Ok(0.0)
        );
    }

    #[test]
    fn covariance_of_two_domains_is_the_cross_product() {
        // Domain a in PSU 0, domain b in PSU 1 of one stratum of two PSUs:
        // n/(n−1) Σ (z_a − m_a)(z_b − m_b) = 2 · [(2 − 1)(0 − 2) + (0 − 1)(4 − 2)] = −8.
        let s = structure(&[2], &[None]);
        let a = influence(&[(0, 0, 2.0)]);
        let b = influence(&[(0, 1, 4.0)]);
        let cov = covariance(
            &a,
            &b,
            &s,
            LonelyPsu::Fail,
            Scope::Domain,
            &CrossMoments::default(),
            &Pass::default(),
        );
        assert_eq!(cov, Ok(-8.0));
    }
}
