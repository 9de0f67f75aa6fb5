//! Forward-mode automatic differentiation: each inequality measure is written once, over
//! [`Num`], and evaluated either on plain numbers (HEAT's path) or on [`Dual`] numbers that
//! carry the gradient with respect to every input (the design path's delta method).
//!
//! Hand-written because the measures need six operations over a few dozen directions;
//! `num-dual` does this and much more but brings `nalgebra` into the build.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A number the measures can be computed on.
pub trait Num:
    Clone
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// The constant `c`, shaped as `self` (a dual constant has a zero gradient).
    #[must_use]
    fn constant(&self, c: f64) -> Self;
    /// The value.
    fn value(&self) -> f64;
    /// Natural logarithm.
    #[must_use]
    fn ln(&self) -> Self;
    /// Square root.
    #[must_use]
    fn sqrt(&self) -> Self;
    /// Absolute value (its derivative at 0 taken as 0).
    #[must_use]
    fn abs(&self) -> Self;
    /// Exponential.
    #[must_use]
    fn exp(&self) -> Self;
}

impl Num for f64 {
    fn constant(&self, c: f64) -> Self {
        c
    }
    fn value(&self) -> f64 {
        *self
    }
    fn ln(&self) -> Self {
        f64::ln(*self)
    }
    fn sqrt(&self) -> Self {
        f64::sqrt(*self)
    }
    fn abs(&self) -> Self {
        f64::abs(*self)
    }
    fn exp(&self) -> Self {
        f64::exp(*self)
    }
}

/// A value with its gradient with respect to the inputs of one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Dual {
    /// The value.
    pub value: f64,
    /// ∂value/∂input, one entry per input.
    pub gradient: Vec<f64>,
}

impl Dual {
    /// Input `index` of `count` with value `value` (its gradient the unit vector).
    #[must_use]
    pub fn variable(value: f64, index: usize, count: usize) -> Self {
        let mut gradient = vec![0.0; count];
        gradient[index] = 1.0;
        Self { value, gradient }
    }

    /// `f(self)` with derivative `df` at `self`.
    fn chain(&self, value: f64, df: f64) -> Self {
        Self {
            value,
            gradient: self.gradient.iter().map(|g| g * df).collect(),
        }
    }

    fn combine(self, other: &Self, value: f64, da: f64, db: f64) -> Self {
        let mut gradient = self.gradient;
        for (g, o) in gradient.iter_mut().zip(&other.gradient) {
            *g = *g * da + o * db;
        }
        Self { value, gradient }
    }
}

impl Add for Dual {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        let value = self.value + other.value;
        self.combine(&other, value, 1.0, 1.0)
    }
}

impl Sub for Dual {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        let value = self.value - other.value;
        self.combine(&other, value, 1.0, -1.0)
    }
}

impl Mul for Dual {
    type Output = Self;
    fn mul(self, other: Self) -> Self {
        let (a, b) = (self.value, other.value);
        self.combine(&other, a * b, b, a)
    }
}

impl Div for Dual {
    type Output = Self;
    fn div(self, other: Self) -> Self {
        let (a, b) = (self.value, other.value);
        self.combine(&other, a / b, 1.0 / b, -a / (b * b))
    }
}

impl Neg for Dual {
    type Output = Self;
    fn neg(self) -> Self {
        self.chain(-self.value, -1.0)
    }
}

impl Add<f64> for Dual {
    type Output = Self;
    fn add(mut self, c: f64) -> Self {
        self.value += c;
        self
    }
}

impl Sub<f64> for Dual {
    type Output = Self;
    fn sub(mut self, c: f64) -> Self {
        self.value -= c;
        self
    }
}

impl Mul<f64> for Dual {
    type Output = Self;
    fn mul(self, c: f64) -> Self {
        self.chain(self.value * c, c)
    }
}

impl Div<f64> for Dual {
    type Output = Self;
    fn div(self, c: f64) -> Self {
        self.chain(self.value / c, 1.0 / c)
    }
}

impl Num for Dual {
    fn constant(&self, c: f64) -> Self {
        Self {
            value: c,
            gradient: vec![0.0; self.gradient.len()],
        }
    }
    fn value(&self) -> f64 {
        self.value
    }
    fn ln(&self) -> Self {
        self.chain(self.value.ln(), 1.0 / self.value)
    }
    fn sqrt(&self) -> Self {
        let root = self.value.sqrt();
        self.chain(root, 0.5 / root)
    }
    fn abs(&self) -> Self {
        let sign = if self.value > 0.0 {
            1.0
        } else if self.value < 0.0 {
            -1.0
        } else {
            0.0
        };
        self.chain(self.value.abs(), sign)
    }
    fn exp(&self) -> Self {
        let e = self.value.exp();
        self.chain(e, e)
    }
}

#[cfg(test)]
mod tests {
    use super::{Dual, Num};

    /// The gradient of `f` at `x` by central differences.
    fn numeric(f: impl Fn(&[f64]) -> f64, x: &[f64]) -> Vec<f64> {
        (0..x.len())
            .map(|i| {
                let h = 1e-6 * x[i].abs().max(1.0);
                let (mut up, mut down) = (x.to_vec(), x.to_vec());
                up[i] += h;
                down[i] -= h;
                (f(&up) - f(&down)) / (2.0 * h)
            })
            .collect()
    }

    fn g<T: Num>(x: &[T]) -> T {
        let (a, b, c) = (x[0].clone(), x[1].clone(), x[2].clone());
        ((a.clone() * b.clone() - c.clone()) / (b.clone() + 2.0)).ln() * 3.0
            + (a.clone() * a.clone() + c.clone()).sqrt()
            - (b - c.clone() * 4.0).abs() / a.clone()
            + (a * 0.3 - c).exp()
            - 1.0
    }

    #[test]
    fn gradients_equal_central_differences() {
        let x = [1.7, 2.3, 0.4];
        let duals: Vec<Dual> = x
            .iter()
            .enumerate()
            .map(|(i, &v)| Dual::variable(v, i, x.len()))
            .collect();
        let result = g(&duals);
        assert!((result.value - g(&x)).abs() < 1e-15);
        for (exact, approx) in result.gradient.iter().zip(numeric(g, &x)) {
            assert!((exact - approx).abs() < 1e-7, "{exact} vs {approx}");
        }
    }
}
