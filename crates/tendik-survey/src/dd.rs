//! Double-double sums: the engine's sums do not depend on the order rows arrive in.
//!
//! Each sum is kept as an unevaluated pair `hi + lo` with about 106 bits of significand
//! (Knuth's two-sum, Dekker's fast two-sum and exact products), and rounded to one `f64`
//! only at the end. Sums of survey products (weights times values, and their squares) of
//! ordinary magnitude are then the same whatever the order of the additions or how the rows
//! were split among threads: the pair's error, of order 2⁻¹⁰⁶ of the sum's terms, is far
//! below the last bit of the rounded result. Where the terms dwarf their spread (a variable
//! near 10⁸ with a spread near 1, squared), the last digit of a centred sum such as a design
//! effect's variance can still move with the thread count.

use std::ops::{Add, AddAssign, Mul, Neg, Sub};

/// A sum kept as `hi + lo`, `|lo| ≤ ulp(hi)/2`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Dd {
    hi: f64,
    lo: f64,
}

/// `a + b` as a rounded sum and its exact error (Knuth).
#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a + b` for `|a| ≥ |b|` (Dekker).
#[inline]
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// Veltkamp's split of `a` into two halves of 26 bits each, `a = hi + lo`.
#[inline]
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a;
    let hi = c - (c - a);
    (hi, a - hi)
}

/// `a · b` as a rounded product and its exact error (Dekker; a fused multiply-add where
/// the target has one, which baseline x86-64 does not).
#[inline]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    #[cfg(target_feature = "fma")]
    {
        (p, a.mul_add(b, -p))
    }
    #[cfg(not(target_feature = "fma"))]
    {
        let (ah, al) = split(a);
        let (bh, bl) = split(b);
        (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }
}

impl Dd {
    /// One double, exactly.
    #[inline]
    pub(crate) fn from(x: f64) -> Self {
        Self { hi: x, lo: 0.0 }
    }

    /// The quotient `self / other`, to about 2⁻¹⁰⁴ relative.
    pub(crate) fn div(self, other: Self) -> Self {
        let q1 = self.hi / other.hi;
        let r = self - other * Self::from(q1);
        let q2 = r.hi / other.hi;
        let r = r - other * Self::from(q2);
        let q3 = r.hi / other.hi;
        let (hi, lo) = fast_two_sum(q1, q2);
        Self { hi, lo } + Self::from(q3)
    }

    /// The sum rounded to one double.
    #[inline]
    pub(crate) fn value(self) -> f64 {
        self.hi + self.lo
    }

    /// Add the product `a · b · c`, kept to about 2⁻¹⁰⁴ relative rather than rounded to
    /// one double first (so that `Σw·y²` of a variable far from zero keeps its spread).
    /// Products with a factor 0 or 1 (indicators) take the short way.
    #[inline]
    #[expect(clippy::float_cmp, reason = "exact 0 and 1 factors take the short way")]
    pub(crate) fn push_product(&mut self, a: f64, b: f64, c: f64) {
        if b == 0.0 || c == 0.0 {
            return;
        }
        if b == 1.0 && c == 1.0 {
            self.push(a);
            return;
        }
        let (p, e) = two_prod(a, b);
        if c == 1.0 {
            *self += Self::normalised(p, e);
            return;
        }
        let (q, f) = two_prod(p, c);
        *self += Self::normalised(q, f + e * c);
    }

    fn normalised(hi: f64, lo: f64) -> Self {
        let (hi, lo) = fast_two_sum(hi, lo);
        Self { hi, lo }
    }

    /// Add one double.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        let (s, e) = two_sum(self.hi, x);
        let (hi, lo) = fast_two_sum(s, e + self.lo);
        self.hi = hi;
        self.lo = lo;
    }
}

impl Add for Dd {
    type Output = Self;

    /// The sum of two pairs (accurate double-double addition).
    #[inline]
    fn add(self, other: Self) -> Self {
        let (s, e) = two_sum(self.hi, other.hi);
        let (t, f) = two_sum(self.lo, other.lo);
        let (s, e) = fast_two_sum(s, e + t);
        let (hi, lo) = fast_two_sum(s, e + f);
        Self { hi, lo }
    }
}

impl Neg for Dd {
    type Output = Self;

    #[inline]
    fn neg(self) -> Self {
        Self {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Sub for Dd {
    type Output = Self;

    #[inline]
    fn sub(self, other: Self) -> Self {
        self + (-other)
    }
}

impl Mul for Dd {
    type Output = Self;

    /// The product of two pairs, to about 2⁻¹⁰⁴ relative.
    #[inline]
    fn mul(self, other: Self) -> Self {
        let (p, e) = two_prod(self.hi, other.hi);
        let e = e + (self.hi * other.lo + self.lo * other.hi);
        let (hi, lo) = fast_two_sum(p, e);
        Self { hi, lo }
    }
}

impl AddAssign for Dd {
    #[inline]
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(values: impl IntoIterator<Item = f64>) -> f64 {
        let mut total = Dd::default();
        for value in values {
            total.push(value);
        }
        total.value()
    }

    #[test]
    fn order_does_not_change_the_sum() {
        let values: Vec<f64> = (0..10_000)
            .map(|i| f64::from(i).sin() * 1e3 + 1.0 / f64::from(i + 1))
            .collect();
        let forward = sum(values.iter().copied());
        let backward = sum(values.iter().rev().copied());
        let mut halves = Dd::default();
        let mut other = Dd::default();
        for (i, v) in values.iter().enumerate() {
            if i % 3 == 0 {
                other.push(*v);
            } else {
                halves.push(*v);
            }
        }
        assert_eq!(forward.to_bits(), backward.to_bits());
        assert_eq!(forward.to_bits(), (halves + other).value().to_bits());
    }

    #[test]
    fn products_and_quotients_keep_the_small_part() {
        // (1e8 + 1)² − 1e16 − 2e8 = 1, lost in plain doubles.
        let a = Dd::from(1e8) + Dd::from(1.0);
        let square = a * a - Dd::from(1e16) - Dd::from(2e8);
        assert_eq!(square.value().to_bits(), 1.0f64.to_bits());
        let third = Dd::from(1.0).div(Dd::from(3.0));
        let back = third * Dd::from(3.0) - Dd::from(1.0);
        assert!(back.value().abs() < 1e-30);
    }

    #[test]
    fn products_are_kept_whole() {
        // Σ w (y + 1e8)² − (Σ w (y + 1e8))² / Σw keeps the spread of y.
        let rows = [(1.5, 0.25), (2.25, -1.5), (0.75, 2.0)];
        let (mut w, mut wy, mut wyy) = (Dd::default(), Dd::default(), Dd::default());
        let (mut w0, mut wy0, mut wyy0) = (Dd::default(), Dd::default(), Dd::default());
        for (weight, y) in rows {
            let shifted = y + 1e8;
            w.push(weight);
            wy.push_product(weight, shifted, 1.0);
            wyy.push_product(weight, shifted, shifted);
            w0.push(weight);
            wy0.push_product(weight, y, 1.0);
            wyy0.push_product(weight, y, y);
        }
        let spread = (wyy - wy * wy.div(w)).value();
        let plain = (wyy0 - wy0 * wy0.div(w0)).value();
        assert!((spread - plain).abs() < 1e-9 * plain, "{spread} vs {plain}");
    }

    #[test]
    fn small_terms_beside_a_large_one_are_kept() {
        let mut total = Dd::default();
        total.push(1e16);
        for _ in 0..10 {
            total.push(1.0);
        }
        total.push(-1e16);
        assert_eq!(total.value().to_bits(), 10.0f64.to_bits());
    }
}
