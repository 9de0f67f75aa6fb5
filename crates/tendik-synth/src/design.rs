//! The sample design: strata, the allocation of clusters, enumeration areas inside
//! district-level units, households selected systematically inside each cluster, and the
//! selection probabilities the weights invert.
//!
//! Two-stage design as in MICS: enumeration areas (EAs, the clusters and PSUs) drawn with
//! probability proportional to their size (households in the census frame, `M_i`) within a
//! stratum; a fresh listing of the EA finds `L_i` households, and 20 of them are drawn
//! systematically. The probability of a household is `n_h M_i / M_h × 20 / L_i`, with `n_h`
//! clusters in stratum `h` and `M_h` households in the stratum.

use std::sync::LazyLock;

use crate::error::SynthError;
use crate::geography::{REGIONS, Region, UNITS, Unit, unit_shares};
use crate::health::{civil_from_days, days_from_civil};
use crate::rng::Rng;

/// Households selected in each cluster.
pub(crate) const CLUSTER_SIZE: u32 = 20;
/// Population the weights add up to: the 2009 census figures by region scaled to 7 million
/// (2022 census: about 7 million; kyrgyzstan.md).
pub(crate) const TOTAL_POPULATION: f64 = 7_000_000.0;
/// Stream number of the frame's random draws (cluster streams are numbered from 0).
const FRAME_STREAM: u64 = u64::MAX - 1;
/// Seed of the population's own random parts (district effects): fixed, so that every sample
/// seed draws from the same synthetic population, whose values the calibration meets.
pub(crate) const POPULATION_SEED: u64 = 0x6b67_7a5f_706f_7075;
/// Standard deviation of a district-level unit's effect on welfare.
const UNIT_SD: f64 = 0.3;
/// Standard deviation of a cluster's effect on welfare.
pub(crate) const CLUSTER_SD: f64 = 0.35;
/// Standard deviation of a cluster's effect on water and sanitation infrastructure.
pub(crate) const INFRA_SD: f64 = 0.5;

/// A stratum: a region's urban or rural part.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stratum {
    /// Index into [`REGIONS`] (HH7 − 1).
    pub(crate) region: u8,
    /// Urban (HH6 = 1) or rural.
    pub(crate) urban: bool,
}

const fn stratum(region: u8, urban: bool) -> Stratum {
    Stratum { region, urban }
}

/// The 16 strata, numbered 1–16 in this order: each oblast urban then rural, then Bishkek
/// and Osh city (urban only).
pub(crate) const STRATA: [Stratum; 16] = [
    stratum(0, true),
    stratum(0, false),
    stratum(1, true),
    stratum(1, false),
    stratum(2, true),
    stratum(2, false),
    stratum(3, true),
    stratum(3, false),
    stratum(4, true),
    stratum(4, false),
    stratum(5, true),
    stratum(5, false),
    stratum(6, true),
    stratum(6, false),
    stratum(7, true),
    stratum(8, true),
];

/// The population of a stratum (region population scaled to [`TOTAL_POPULATION`]).
pub(crate) fn stratum_population(stratum: Stratum) -> f64 {
    let total_2009: f64 = REGIONS.iter().map(Region::population_2009).sum();
    let region = &REGIONS[usize::from(stratum.region)];
    let population = region.population_2009() * TOTAL_POPULATION / total_2009;
    if stratum.urban {
        population * region.urban_share
    } else {
        population * (1.0 - region.urban_share)
    }
}

/// The welfare effects of the district-level units, by their position in [`UNITS`]: drawn once
/// from [`POPULATION_SEED`] and centred within each region, so that a region's mean is its own
/// effect.
static UNIT_EFFECTS: LazyLock<Vec<f64>> = LazyLock::new(|| {
    let mut rng = Rng::new(POPULATION_SEED, 0);
    let mut effects: Vec<f64> = UNITS.iter().map(|_| UNIT_SD * rng.normal()).collect();
    for region in 0..REGIONS.len() {
        let members: Vec<usize> = (0..UNITS.len())
            .filter(|i| UNITS[*i].region == region)
            .collect();
        let mean = members.iter().map(|i| effects[*i]).sum::<f64>() / members.len() as f64;
        for i in members {
            effects[i] -= mean;
        }
    }
    effects
});

/// The welfare effect of a district-level unit (part of the fixed population).
pub(crate) fn unit_effect(unit: &Unit) -> f64 {
    UNITS
        .iter()
        .position(|u| u.code == unit.code)
        .map_or(0.0, |i| UNIT_EFFECTS[i])
}

/// The mean welfare of a stratum's clusters in `unit`, before the cluster's own effect.
pub(crate) fn unit_welfare(stratum: Stratum, unit: &Unit) -> f64 {
    REGIONS[usize::from(stratum.region)].welfare
        + if stratum.urban { URBAN_WELFARE } else { 0.0 }
        + unit_effect(unit)
}

/// First day of fieldwork (MICS 2018 in Kyrgyzstan was fielded in the autumn of 2018), as
/// days since 1970-01-01, and the length of fieldwork in days.
const FIELDWORK_START: i32 = days_from_civil(2018, 9, 10);
const FIELDWORK_DAYS: u32 = 80;

/// The year of every interview (HH5Y): fieldwork starts and ends within it (a test checks),
/// so it is the period of the administrative data.
pub(crate) fn fieldwork_year() -> i32 {
    civil_from_days(FIELDWORK_START).0
}

/// Welfare advantage of urban over rural areas.
const URBAN_WELFARE: f64 = 0.6;

/// One sampled cluster (enumeration area).
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    /// HH1 and PSU.
    pub(crate) number: u32,
    /// Index into [`STRATA`].
    pub(crate) stratum: u8,
    /// Its district-level unit.
    pub(crate) unit: &'static Unit,
    /// Effect on welfare: region, urban, unit and cluster together.
    pub(crate) welfare: f64,
    /// Effect on water and sanitation infrastructure.
    pub(crate) infrastructure: f64,
    /// First day of fieldwork in the cluster (days since 1970-01-01).
    pub(crate) fieldwork: i32,
    /// Households found by the listing (`L_i`).
    pub(crate) listed: u32,
    /// Inverse selection probability of a household (before non-response and scaling).
    pub(crate) base_weight: f64,
}

/// The sample: its clusters in HH1 order.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub(crate) clusters: Vec<Cluster>,
}

/// The smallest number of households the design accepts.
pub(crate) const MAXIMUM_HOUSEHOLDS: u64 = 20_000_000;

pub(crate) fn minimum_households() -> u64 {
    STRATA.len() as u64 * 2 * u64::from(CLUSTER_SIZE)
}

/// Build the sample of `households` households (rounded up to whole clusters).
/// `mean_size[h]` is the model's mean household size in stratum `h`, which turns the
/// stratum population into its number of households `M_h`.
pub(crate) fn build(
    households: u64,
    seed: u64,
    mean_size: &[f64; 16],
) -> Result<Frame, SynthError> {
    if households > MAXIMUM_HOUSEHOLDS {
        return Err(SynthError::TooManyHouseholds {
            households,
            maximum: MAXIMUM_HOUSEHOLDS,
        });
    }
    if households < minimum_households() {
        return Err(SynthError::TooFewHouseholds {
            households,
            minimum: minimum_households(),
            cluster: CLUSTER_SIZE,
            strata: STRATA.len(),
        });
    }
    let total_clusters = households.div_ceil(u64::from(CLUSTER_SIZE));
    let allocation = allocate(total_clusters);
    let mut rng = Rng::new(seed, FRAME_STREAM);

    let mut clusters = Vec::with_capacity(total_clusters as usize);
    for (index, stratum) in STRATA.iter().enumerate() {
        let shares = unit_shares(usize::from(stratum.region), stratum.urban);
        let share_weights: Vec<f64> = shares.iter().map(|(_, share)| *share).collect();
        let n_h = allocation[index];
        let stratum_households = stratum_population(*stratum) / mean_size[index];
        let mut drawn = Vec::with_capacity(n_h as usize);
        for _ in 0..n_h {
            let unit = shares[rng.pick(&share_weights)].0;
            let size = (150.0 * (0.35 * rng.normal()).exp()).round().max(40.0);
            let listed = (size * (0.1 * rng.normal()).exp()).round().max(25.0) as u32;
            let probability = n_h as f64 * size / stratum_households * f64::from(CLUSTER_SIZE)
                / f64::from(listed);
            let welfare = unit_welfare(*stratum, unit) + CLUSTER_SD * rng.normal();
            let infrastructure = INFRA_SD * rng.normal();
            let fieldwork = FIELDWORK_START + rng.below(FIELDWORK_DAYS) as i32;
            drawn.push(Cluster {
                number: 0,
                stratum: index as u8,
                unit,
                welfare,
                infrastructure,
                fieldwork,
                listed,
                base_weight: 1.0 / probability,
            });
        }
        // Frames are sorted geographically: clusters of a unit are numbered together.
        drawn.sort_by_key(|c| c.unit.code);
        clusters.extend(drawn);
    }
    for (index, cluster) in clusters.iter_mut().enumerate() {
        cluster.number = index as u32 + 1;
    }
    Ok(Frame { clusters })
}

/// Clusters per stratum: regions get shares proportional to the square root of their
/// population (small regions oversampled, as MICS does to report them), then urban and rural
/// proportional to population, with at least two clusters in every stratum.
fn allocate(total: u64) -> [u64; 16] {
    let root: Vec<f64> = REGIONS.iter().map(|r| r.population_2009().sqrt()).collect();
    let root_total: f64 = root.iter().sum();
    let spare = total - 2 * STRATA.len() as u64;
    let shares: Vec<f64> = STRATA
        .iter()
        .map(|s| {
            let region = &REGIONS[usize::from(s.region)];
            let area = if s.urban {
                region.urban_share
            } else {
                1.0 - region.urban_share
            };
            root[usize::from(s.region)] / root_total * area
        })
        .collect();
    let share_total: f64 = shares.iter().sum();
    let exact: Vec<f64> = shares
        .iter()
        .map(|s| s / share_total * spare as f64)
        .collect();
    let mut allocation = [2_u64; 16];
    let mut given = 0;
    for (slot, value) in allocation.iter_mut().zip(&exact) {
        *slot += value.floor() as u64;
        given += value.floor() as u64;
    }
    // Largest remainders, ties to the lower stratum number.
    let mut order: Vec<usize> = (0..16).collect();
    order.sort_by(|a, b| {
        let ra = exact[*a] - exact[*a].floor();
        let rb = exact[*b] - exact[*b].floor();
        rb.total_cmp(&ra).then(a.cmp(b))
    });
    for index in order.into_iter().take((spare - given) as usize) {
        allocation[index] += 1;
    }
    allocation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fieldwork_lies_within_one_year() {
        let last = FIELDWORK_START + FIELDWORK_DAYS as i32 + 3;
        assert_eq!(civil_from_days(last).0, fieldwork_year());
        assert_eq!(fieldwork_year(), 2018);
    }

    #[test]
    fn allocation_adds_up() {
        for total in [32, 33, 350, 75_000] {
            assert_eq!(allocate(total).iter().sum::<u64>(), total);
            assert!(allocate(total).iter().all(|n| *n >= 2));
        }
    }
}
