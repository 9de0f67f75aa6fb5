//! Seeded random streams: `ChaCha8` with one stream per cluster, and the few distributions
//! the model needs, written out here so that a file for a seed never changes when a
//! distribution crate changes its algorithm.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// A random stream.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// Stream `stream` of the generator seeded with `seed`.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream);
        Self(inner)
    }

    /// Stream `stream` of a generator keyed by `seed` and `purpose` (a constant naming what
    /// the stream is for): independent of every [`Rng::new`] stream of any seed, so that
    /// items added to the model draw from streams of their own and the values of the older
    /// items stay as they were (revision 7 added BR3, the BD items, ST1–ST3 and the
    /// administrative data this way).
    pub(crate) fn keyed(seed: u64, purpose: u64, stream: u64) -> Self {
        let mut inner = ChaCha8Rng::from_seed(key(seed, purpose));
        inner.set_stream(stream);
        Self(inner)
    }

    /// A new stream seeded from this one (it takes one draw from this stream): model items
    /// added after the calibration draw from a fork, so that adding more of them leaves the
    /// calibrated outcomes as they were.
    pub(crate) fn fork(&mut self) -> Self {
        Self::new(self.0.next_u64(), 0)
    }

    /// Uniform on [0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// Standard normal (Box–Muller, one value per call).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Uniform integer in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        ((self.uniform() * f64::from(n)) as u32).min(n.saturating_sub(1))
    }

    /// Poisson (Knuth's method; the means here are small).
    pub(crate) fn poisson(&mut self, mean: f64) -> u32 {
        let limit = (-mean).exp();
        let mut product = self.uniform();
        let mut count = 0;
        while product > limit && count < 30 {
            product *= self.uniform();
            count += 1;
        }
        count
    }

    /// An index drawn with probabilities proportional to `weights`.
    pub(crate) fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut u = self.uniform() * total;
        for (index, weight) in weights.iter().enumerate() {
            if u < *weight {
                return index;
            }
            u -= weight;
        }
        weights.len() - 1
    }
}

/// A 256-bit `ChaCha8` key from a seed and a purpose, by `SplitMix64` (Steele, Lea and Flood
/// 2014) over four successive states. [`Rng::new`] keys by `seed_from_u64` (a PCG
/// expansion), so the keys of the two kinds of stream differ unless 256-bit values collide.
fn key(seed: u64, purpose: u64) -> [u8; 32] {
    let mut state = seed ^ purpose.rotate_left(32) ^ 0x7465_6e64_696b_2d37;
    let mut out = [0_u8; 32];
    for chunk in out.chunks_exact_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out
}

/// The logistic function.
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The standard normal distribution function (Abramowitz–Stegun 7.1.26 on erf, error < 1.5e-7).
pub(crate) fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}
