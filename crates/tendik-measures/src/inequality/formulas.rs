//! The measures' formulas, each written once over [`Num`] so that the same code gives
//! HEAT's figures from subgroup estimates and, on dual numbers, the gradients behind the
//! design-based standard errors. The choices a formula makes between subgroups (the pair
//! of D and R, the best-performing subgroup, the reference) are made once, on the plain
//! values, and held ([`Selection`]).

use super::Measure;
use super::dual::Num;

/// Which subgroups a stratum's measures compare, chosen on the estimates (WHO HEAT v6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Selection {
    /// D = y\[hi\] − y\[lo\], R = y\[hi\] / y\[lo\].
    pub hi: usize,
    /// See `hi`.
    pub lo: usize,
    /// The best-performing subgroup: the highest estimate of a favourable indicator, the
    /// lowest of an adverse one.
    pub best: usize,
    /// The reference subgroup, if one is marked.
    pub reference: Option<usize>,
    /// The subgroup PAR and PAF compare the mean with: the reference, else the most
    /// advantaged of an ordered dimension, else the best.
    pub target: usize,
}

/// The last index of the largest (`largest`) or the first of the smallest value among
/// `indices` (HEAT's pair for D and R).
fn extreme(y: &[f64], indices: impl Iterator<Item = usize>, largest: bool) -> Option<usize> {
    let mut found: Option<usize> = None;
    for i in indices {
        found = match found {
            Some(j) if (largest && y[i] < y[j]) || (!largest && y[i] >= y[j]) => Some(j),
            _ => Some(i),
        };
    }
    found
}

impl Selection {
    /// The choices for estimates `y` in subgroup order (an ordered dimension's most
    /// disadvantaged first); `None` without two subgroups.
    pub(crate) fn of(
        y: &[f64],
        ordered: bool,
        favourable: bool,
        reference: Option<usize>,
    ) -> Option<Self> {
        let n = y.len();
        if n < 2 {
            return None;
        }
        let best = if favourable {
            // The first of the largest.
            (0..n)
                .rev()
                .fold(None, |found: Option<usize>, i| match found {
                    Some(j) if y[i] < y[j] => Some(j),
                    _ => Some(i),
                })?
        } else {
            extreme(y, 0..n, false)?
        };
        let (hi, lo) = if ordered {
            if favourable { (n - 1, 0) } else { (0, n - 1) }
        } else if let Some(r) = reference {
            let others = || (0..n).filter(move |&i| i != r);
            if favourable {
                (r, extreme(y, others(), false)?)
            } else {
                (extreme(y, others(), true)?, r)
            }
        } else {
            (extreme(y, 0..n, true)?, extreme(y, 0..n, false)?)
        };
        let target = reference.unwrap_or(if ordered { n - 1 } else { best });
        Some(Self {
            hi,
            lo,
            best,
            reference,
            target,
        })
    }
}

/// The midpoints of the cumulative population shares (ridits) of shares `p` in order.
pub(crate) fn ridits<T: Num>(p: &[T]) -> Vec<T> {
    let mut below = p[0].constant(0.0);
    p.iter()
        .map(|share| {
            let x = below.clone() + share.clone() / 2.0;
            below = below.clone() + share.clone();
            x
        })
        .collect()
}

fn sum<T: Num>(first: &T, items: impl Iterator<Item = T>) -> T {
    items.fold(first.constant(0.0), |a, b| a + b)
}

/// Σ pⱼ yⱼ.
pub(crate) fn weighted_mean<T: Num>(y: &[T], p: &[T]) -> T {
    sum(&y[0], y.iter().zip(p).map(|(y, p)| y.clone() * p.clone()))
}

/// A stratum's numbers: estimates in subgroup order, population shares (summing to 1)
/// when every population is known, and the setting average μ.
pub(crate) struct Inputs<T> {
    pub y: Vec<T>,
    pub p: Option<Vec<T>>,
    pub mu: Option<T>,
    /// What TI and MLD read an estimate of 0 as (HEAT v6: 10⁻⁶ on the indicator's scale).
    pub zero: f64,
}

impl<T: Num> Inputs<T> {
    /// `y` with populations (or shares) `weights`, normalised here, and the setting
    /// average: Σ pⱼ yⱼ when the populations are known, else `fallback` (HEAT v6).
    pub(crate) fn new(y: Vec<T>, weights: Option<Vec<T>>, fallback: Option<T>) -> Self {
        let p = weights.map(|w| {
            let total = sum(&w[0], w.iter().cloned());
            w.into_iter().map(|v| v / total.clone()).collect::<Vec<T>>()
        });
        let mu = match &p {
            Some(p) => Some(weighted_mean(&y, p)),
            None => fallback,
        };
        Self {
            y,
            p,
            mu,
            zero: 1e-6,
        }
    }
}

/// The value of `measure` (PAR and PAF before they are clipped: [`clip`]); `None` where
/// the stratum lacks what it needs (populations, a setting average, a reference, a
/// non-zero denominator). SII and RII come from [`logistic`] instead.
pub(crate) fn point<T: Num>(measure: Measure, x: &Inputs<T>, at: &Selection) -> Option<T> {
    let y = &x.y;
    let n = y.len() as f64;
    let p = x.p.as_deref();
    let mean_abs =
        |centre: &T| sum(&y[0], y.iter().map(|v| (v.clone() - centre.clone()).abs())) / n;
    let weighted_abs = |p: &[T], centre: &T| {
        sum(
            &y[0],
            y.iter()
                .zip(p)
                .map(|(v, p)| (v.clone() - centre.clone()).abs() * p.clone()),
        )
    };
    let nonzero = |v: T| (v.value() != 0.0 && v.value().is_finite()).then_some(v);
    Some(match measure {
        Measure::D => y[at.hi].clone() - y[at.lo].clone(),
        Measure::R => y[at.hi].clone() / nonzero(y[at.lo].clone())?,
        Measure::Aci => aci(y, p?),
        Measure::Rci => aci(y, p?) / nonzero(weighted_mean(y, p?))?,
        Measure::Bgv => bgv(y, p?, x.mu.as_ref()?),
        Measure::Bgsd => bgv(y, p?, x.mu.as_ref()?).sqrt(),
        Measure::Cov => bgv(y, p?, x.mu.as_ref()?).sqrt() * 100.0 / nonzero(x.mu.clone()?)?,
        Measure::Mdmu => mean_abs(&weighted_mean(y, p?)),
        Measure::Mdmw => weighted_abs(p?, &weighted_mean(y, p?)),
        Measure::Mdbu => mean_abs(&y[at.best]),
        Measure::Mdbw => weighted_abs(p?, &y[at.best]),
        Measure::Mdru => mean_abs(&y[at.reference?]),
        Measure::Mdrw => weighted_abs(p?, &y[at.reference?]),
        Measure::Idisu => {
            let mu = x.mu.clone()?;
            mean_abs(&mu) * 100.0 / nonzero(mu)?
        }
        Measure::Idisw => weighted_abs(p?, &weighted_mean(y, p?)) * 100.0 / nonzero(x.mu.clone()?)?,
        Measure::Ti | Measure::Mld => {
            let p = p?;
            let mu = nonzero(x.mu.clone()?)?;
            let terms = y.iter().zip(p).map(|(v, p)| {
                // HEAT v6 replaces an estimate of 0 by 10⁻⁶.
                let v = if v.value() == 0.0 {
                    v.constant(x.zero)
                } else {
                    v.clone()
                };
                let r = v / mu.clone();
                if measure == Measure::Ti {
                    r.clone() * r.ln() * p.clone()
                } else {
                    -(r.ln() * p.clone())
                }
            });
            sum(&y[0], terms) * 1000.0
        }
        Measure::Par => y[at.target].clone() - x.mu.clone()?,
        Measure::Paf => {
            let mu = nonzero(x.mu.clone()?)?;
            (y[at.target].clone() - mu.clone()) * 100.0 / mu
        }
        Measure::Sii | Measure::Rii => return None,
    })
}

/// PAR and PAF as HEAT reports them: 0 when the setting average is already at or better
/// than the subgroup compared (a favourable indicator's PAR is never negative, an adverse
/// one's never positive); other measures as they are.
pub(crate) fn clip(measure: Measure, favourable: bool, value: f64) -> f64 {
    match measure {
        Measure::Par | Measure::Paf if favourable && value < 0.0 => 0.0,
        Measure::Par | Measure::Paf if !favourable && value > 0.0 => 0.0,
        _ => value,
    }
}

fn aci<T: Num>(y: &[T], p: &[T]) -> T {
    let x = ridits(p);
    sum(
        &y[0],
        y.iter()
            .zip(p)
            .zip(&x)
            .map(|((y, p), x)| (x.clone() * 2.0 - 1.0) * p.clone() * y.clone()),
    )
}

fn bgv<T: Num>(y: &[T], p: &[T], mu: &T) -> T {
    sum(
        &y[0],
        y.iter().zip(p).map(|(y, p)| {
            let d = y.clone() - mu.clone();
            d.clone() * d * p.clone()
        }),
    )
}

/// The logistic regression of proportions `theta` on `x` with weights `w` (maximising
/// Σ wⱼ \[θⱼ ln πⱼ + (1 − θⱼ) ln(1 − πⱼ)\], logit πⱼ = a + b xⱼ) by Newton's method:
/// (a, b), or `None` when it does not converge. On dual numbers the last steps carry the
/// derivatives of the solution (the implicit function's) to the same precision.
pub(crate) fn logistic<T: Num>(theta: &[T], w: &[T], x: &[T]) -> Option<(T, T)> {
    let zero = theta[0].constant(0.0);
    let total = sum(&zero, w.iter().cloned());
    let mean = sum(
        &zero,
        theta.iter().zip(w).map(|(t, w)| t.clone() * w.clone()),
    ) / total.value();
    let m = mean.value().clamp(1e-6, 1.0 - 1e-6);
    let (mut a, mut b) = (zero.constant((m / (1.0 - m)).ln()), zero.clone());
    let mut settled = 0;
    for _ in 0..200 {
        let (mut u0, mut u1) = (zero.clone(), zero.clone());
        let (mut i00, mut i01, mut i11) = (zero.clone(), zero.clone(), zero.clone());
        for ((t, w), x) in theta.iter().zip(w).zip(x) {
            let pi = expit(&(a.clone() + b.clone() * x.clone()));
            let w = w.clone() / total.value();
            let residual = (t.clone() - pi.clone()) * w.clone();
            u0 = u0 + residual.clone();
            u1 = u1 + residual * x.clone();
            let info = pi.clone() * (pi.constant(1.0) - pi) * w;
            i00 = i00 + info.clone();
            i01 = i01 + info.clone() * x.clone();
            i11 = i11 + info * x.clone() * x.clone();
        }
        let det = i00.clone() * i11.clone() - i01.clone() * i01.clone();
        if det.value() == 0.0 || !det.value().is_finite() {
            return None;
        }
        let da = (i11 * u0.clone() - i01.clone() * u1.clone()) / det.clone();
        let db = (i00 * u1 - i01 * u0) / det;
        let step = da.value().abs() + db.value().abs();
        a = a + da;
        b = b + db;
        if !step.is_finite() {
            return None;
        }
        if step <= 1e-14 * (1.0 + a.value().abs() + b.value().abs()) {
            settled += 1;
            if settled == 3 {
                return Some((a, b));
            }
        }
    }
    None
}

/// 1 / (1 + e^−v).
pub(crate) fn expit<T: Num>(v: &T) -> T {
    v.constant(1.0) / ((-v.clone()).exp() + 1.0)
}

#[cfg(test)]
mod tests {
    use super::{Inputs, Selection, point, ridits};
    use crate::inequality::Measure;

    #[test]
    fn ridits_are_midpoints_of_cumulative_shares() {
        let x = ridits(&[0.2, 0.3, 0.5]);
        assert_eq!(x, vec![0.1, 0.35, 0.75]);
    }

    #[test]
    fn pairs_follow_heat() {
        let y = [30.0, 10.0, 50.0, 20.0];
        // Ordered: most advantaged (last) against most disadvantaged (first), flipped for an adverse indicator.
        let s = Selection::of(&y, true, true, None).unwrap();
        assert_eq!((s.hi, s.lo, s.best, s.target), (3, 0, 2, 3));
        let s = Selection::of(&y, true, false, None).unwrap();
        assert_eq!((s.hi, s.lo, s.best), (0, 3, 1));
        // Not ordered: highest against lowest; with a reference, the reference against the
        // other subgroup that makes the gap largest.
        let s = Selection::of(&y, false, true, None).unwrap();
        assert_eq!((s.hi, s.lo, s.target), (2, 1, 2));
        let s = Selection::of(&y, false, true, Some(0)).unwrap();
        assert_eq!((s.hi, s.lo, s.target), (0, 1, 0));
        let s = Selection::of(&y, false, false, Some(0)).unwrap();
        assert_eq!((s.hi, s.lo), (2, 0));
    }

    #[test]
    fn aci_is_twice_the_covariance_with_the_rank() {
        let x = Inputs::new(vec![10.0, 20.0, 40.0], Some(vec![1.0, 1.0, 2.0]), None);
        let s = Selection::of(&x.y, true, true, None).unwrap();
        let aci = point(Measure::Aci, &x, &s).unwrap();
        // p = (¼, ¼, ½), ridits (⅛, ⅜, ¾), mean 27.5.
        let p = [0.25, 0.25, 0.5];
        let r = [0.125, 0.375, 0.75];
        let by_hand: f64 = (0..3)
            .map(|j| 2.0 * p[j] * (r[j] - 0.5) * (x.y[j] - 27.5))
            .sum();
        assert!((aci - by_hand).abs() < 1e-12);
    }
}
