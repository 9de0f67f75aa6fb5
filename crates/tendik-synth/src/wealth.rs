//! The wealth index, MICS style: the first principal component of household asset and
//! housing indicators (standardised, household-weighted), then quintiles of the household
//! population (weight × members). Built from the asset variables in the file, never from the
//! model's latent welfare.

use crate::model::HhRecord;

/// Number of indicators.
pub(crate) const INDICATORS: usize = 25;

/// The indicators of a household as bits (an answered household only).
pub(crate) fn indicators(hh: &HhRecord) -> u32 {
    let ws1 = hh.ws1 as u32;
    let ws11 = hh.ws11 as u32;
    let bits = [
        hh.assets[0] == 1.0,
        hh.assets[1] == 1.0,
        hh.assets[2] == 1.0,
        hh.assets[3] == 1.0,
        hh.assets[4] == 1.0,
        hh.assets[5] == 1.0,
        hh.assets[6] == 1.0,
        hh.assets[7] == 1.0,
        hh.assets[8] == 1.0,
        hh.assets[9] == 1.0,
        ws1 == 11,
        ws1 == 12,
        ws1 == 14,
        matches!(ws1, 32 | 42 | 81 | 96),
        matches!(ws11, 11 | 12),
        matches!(ws11, 21 | 22),
        matches!(ws11, 23 | 14 | 95 | 96),
        matches!(hh.hc4 as u32, 31 | 33 | 34 | 35),
        hh.hc4 == 11.0,
        matches!(hh.hc6 as u32, 31..=34),
        matches!(hh.eu1 as u32, 1..=4),
        matches!(hh.eu1 as u32, 8 | 9),
        hh.hc3 / hh.hh48 >= 0.5,
        hh.hc8 == 1.0,
        hh.hw7a == "A",
    ];
    bits.iter().enumerate().fold(
        0,
        |mask, (k, bit)| if *bit { mask | (1 << k) } else { mask },
    )
}

/// A fitted index: standardisation, loadings and quintile cut-points.
#[derive(Debug, Clone)]
pub(crate) struct WealthIndex {
    mean: [f64; INDICATORS],
    sd: [f64; INDICATORS],
    loading: [f64; INDICATORS],
    cutoffs: [f64; 4],
}

impl WealthIndex {
    /// Fit on answered households: `(indicator bits, household weight, members)`.
    pub(crate) fn fit(households: &[(u32, f64, f64)]) -> Self {
        let total: f64 = households.iter().map(|h| h.1).sum();
        let mut mean = [0.0; INDICATORS];
        for (mask, weight, _) in households {
            for (k, m) in mean.iter_mut().enumerate() {
                if mask >> k & 1 == 1 {
                    *m += weight;
                }
            }
        }
        for m in &mut mean {
            *m /= total;
        }
        let sd: [f64; INDICATORS] =
            std::array::from_fn(|k| (mean[k] * (1.0 - mean[k])).sqrt().max(1e-9));
        let mut cov = vec![[0.0; INDICATORS]; INDICATORS];
        for (mask, weight, _) in households {
            let z: [f64; INDICATORS] =
                std::array::from_fn(|k| (f64::from(mask >> k & 1) - mean[k]) / sd[k]);
            for (i, row) in cov.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().enumerate() {
                    *cell += weight * z[i] * z[j];
                }
            }
        }
        // First principal component by power iteration.
        let mut loading = [1.0 / (INDICATORS as f64).sqrt(); INDICATORS];
        for _ in 0..500 {
            let mut next = [0.0; INDICATORS];
            for (i, row) in cov.iter().enumerate() {
                next[i] = row.iter().zip(&loading).map(|(c, l)| c * l).sum();
            }
            let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300);
            for v in &mut next {
                *v /= norm;
            }
            loading = next;
        }
        // Orient: owning a computer (indicator 5) raises the score.
        if loading[5] < 0.0 {
            for v in &mut loading {
                *v = -*v;
            }
        }
        let mut index = Self {
            mean,
            sd,
            loading,
            cutoffs: [0.0; 4],
        };
        let mut scored: Vec<(f64, f64)> = households
            .iter()
            .map(|(mask, w, n)| (index.score(*mask), w * n))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let persons: f64 = scored.iter().map(|s| s.1).sum();
        let mut running = 0.0;
        let mut next = 0;
        for (score, weight) in scored {
            running += weight;
            while next < 4 && running >= persons * (next as f64 + 1.0) / 5.0 {
                index.cutoffs[next] = score;
                next += 1;
            }
        }
        index
    }

    /// The wealth score of a household.
    pub(crate) fn score(&self, mask: u32) -> f64 {
        (0..INDICATORS)
            .map(|k| self.loading[k] * (f64::from(mask >> k & 1) - self.mean[k]) / self.sd[k])
            .sum::<f64>()
    }

    /// The quintile (1 poorest … 5 richest) of a score.
    pub(crate) fn quintile(&self, score: f64) -> u8 {
        1 + self.cutoffs.iter().filter(|c| score > **c).count() as u8
    }
}
