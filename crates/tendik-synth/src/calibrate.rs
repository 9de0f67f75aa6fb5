//! Calibration: region intercepts of the five calibrated outcomes, solved so that the
//! model's population values equal the MICS 2018 figures.
//!
//! A pilot population of households (drawn from a fixed stream, the same for every seed) is
//! built per region with the model's own composition and welfare. For each outcome and region
//! the intercept is found by bisection so that the expected value over the pilot (each
//! person's probability, not a draw) equals the target. Where kyrgyzstan.md gives only a
//! national figure and some regions, the other regions share one value chosen so that the
//! population-weighted national figure is met (these filled values are tendik's assumption).

use crate::design::{CLUSTER_SD, STRATA, stratum_population};
use crate::geography::REGIONS;
use crate::model::{self, CONSUMPTION_SD, HAZ_SD, Skeleton};
use crate::rng::{Rng, logistic, normal_cdf};

/// Seed of the pilot population (independent of the user's seed).
const PILOT_SEED: u64 = 0x7e4d_1c2b_0a19_2018;
/// Pilot clusters per region and households per pilot cluster.
const PILOT_CLUSTERS: u32 = 240;
const PILOT_HOUSEHOLDS: u32 = 10;

/// A calibration target: a MICS 2018 figure (percent) for the country or one region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Short indicator name: `stunting`, `birth_registration`, `violent_discipline`,
    /// `basic_sanitation`, `child_poverty`.
    pub indicator: &'static str,
    /// HH7 code of the region, or `None` for the country.
    pub region: Option<u8>,
    /// The figure, percent.
    pub percent: f64,
}

const fn target(indicator: &'static str, region: Option<u8>, percent: f64) -> Target {
    Target {
        indicator,
        region,
        percent,
    }
}

/// The MICS 2018 figures the generator is calibrated to (kyrgyzstan.md: national SDG
/// platform files 2-2-1, 16-9-1, 16-2-1, 6-2-1, 1-2-1).
pub const TARGETS: [Target; 21] = [
    target("stunting", None, 11.8),
    target("stunting", Some(1), 14.2),
    target("stunting", Some(2), 15.5),
    target("stunting", Some(3), 6.5),
    target("stunting", Some(4), 11.9),
    target("stunting", Some(5), 13.7),
    target("stunting", Some(6), 10.0),
    target("stunting", Some(7), 10.1),
    target("stunting", Some(8), 5.9),
    target("stunting", Some(9), 10.9),
    target("birth_registration", None, 98.9),
    target("birth_registration", Some(7), 96.8),
    target("violent_discipline", None, 74.3),
    target("violent_discipline", Some(4), 46.8),
    target("violent_discipline", Some(9), 85.6),
    target("basic_sanitation", None, 96.3),
    target("basic_sanitation", Some(7), 91.6),
    target("child_poverty", None, 28.3),
    target("child_poverty", Some(4), 33.8),
    target("child_poverty", Some(5), 14.8),
    target("child_poverty", Some(9), 35.5),
];

/// The solved intercepts, by region index (HH7 − 1), and mean household sizes by stratum.
#[derive(Debug, Clone)]
pub(crate) struct Calibration {
    pub(crate) haz: [f64; 9],
    pub(crate) registration: [f64; 9],
    pub(crate) discipline: [f64; 9],
    pub(crate) sanitation: [f64; 9],
    pub(crate) consumption: [f64; 9],
    pub(crate) mean_size: [f64; 16],
}

/// Regional targets in percent, the unnamed regions filled so that the national figure holds.
/// `weight[r]` is region r's share of the indicator's population.
fn regional(indicator: &str, weight: &[f64; 9]) -> [f64; 9] {
    let mut values = [f64::NAN; 9];
    let mut national = f64::NAN;
    for t in TARGETS.iter().filter(|t| t.indicator == indicator) {
        match t.region {
            Some(code) => values[usize::from(code) - 1] = t.percent,
            None => national = t.percent,
        }
    }
    let total: f64 = weight.iter().sum();
    let given: f64 = (0..9)
        .filter(|r| !values[*r].is_nan())
        .map(|r| weight[r] * values[r])
        .sum();
    let open: f64 = (0..9)
        .filter(|r| values[*r].is_nan())
        .map(|r| weight[r])
        .sum();
    if open > 0.0 {
        let fill = (national * total - given) / open;
        for value in &mut values {
            if value.is_nan() {
                *value = fill;
            }
        }
    }
    values
}

/// The value of `alpha` in [−30, 30] where the increasing `f` equals `goal`.
fn solve(goal: f64, f: impl Fn(f64) -> f64) -> f64 {
    let (mut low, mut high) = (-30.0, 30.0);
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if f(mid) < goal { low = mid } else { high = mid }
    }
    0.5 * (low + high)
}

/// Pilot households by region, each with the number of persons it stands for: clusters are
/// drawn per stratum and weighted so that each stratum's persons add up to its population.
fn pilot() -> Vec<Vec<(Skeleton, f64)>> {
    let mut rng = Rng::new(PILOT_SEED, 0);
    let mut regions: Vec<Vec<(Skeleton, f64)>> = vec![Vec::new(); REGIONS.len()];
    for stratum in &STRATA {
        let region = usize::from(stratum.region);
        let info = &REGIONS[region];
        let clusters = if stratum.urban {
            PILOT_CLUSTERS / 2
        } else {
            PILOT_CLUSTERS
        };
        let mut households = Vec::new();
        for _ in 0..clusters {
            let base = info.welfare
                + if stratum.urban { 0.6 } else { 0.0 }
                + 0.3 * rng.normal()
                + CLUSTER_SD * rng.normal();
            for _ in 0..PILOT_HOUSEHOLDS {
                households.push(model::skeleton(&mut rng, region, stratum.urban, base));
            }
        }
        let persons: usize = households.iter().map(|h| h.members.len()).sum();
        let weight = stratum_population(*stratum) / persons as f64;
        regions[region].extend(households.into_iter().map(|h| (h, weight)));
    }
    regions
}

/// Solve every intercept.
pub(crate) fn calibrate() -> Calibration {
    let pilot = pilot();
    // Share of each region in the population of persons who count for an indicator.
    let share = |count: &dyn Fn(&Skeleton) -> usize| -> [f64; 9] {
        let mut out = [0.0; 9];
        for (r, households) in pilot.iter().enumerate() {
            out[r] = households.iter().map(|(h, w)| w * count(h) as f64).sum();
        }
        out
    };
    let under5 = |h: &Skeleton| h.members.iter().filter(|m| m.age() < 5).count();
    let age_1_14 = |h: &Skeleton| {
        h.members
            .iter()
            .filter(|m| (1..=14).contains(&m.age()))
            .count()
    };
    let persons = |h: &Skeleton| h.members.len();
    let children = |h: &Skeleton| h.members.iter().filter(|m| m.age() < 18).count();

    let stunting = regional("stunting", &share(&under5));
    let registration = regional("birth_registration", &share(&under5));
    let discipline = regional("violent_discipline", &share(&age_1_14));
    let sanitation = regional("basic_sanitation", &share(&persons));
    let poverty = regional("child_poverty", &share(&children));

    let mut calibration = Calibration {
        haz: [0.0; 9],
        registration: [0.0; 9],
        discipline: [0.0; 9],
        sanitation: [0.0; 9],
        consumption: [0.0; 9],
        mean_size: [0.0; 16],
    };
    for (r, households) in pilot.iter().enumerate() {
        // Mean over persons of a probability.
        let mean = |select: &dyn Fn(&model::Member) -> bool,
                    p: &dyn Fn(&Skeleton, &model::Member) -> f64| {
            let mut sum = 0.0;
            let mut n = 0.0;
            for (h, w) in households {
                for m in h.members.iter().filter(|m| select(m)) {
                    sum += w * p(h, m);
                    n += w;
                }
            }
            sum / n
        };
        // Stunting falls as the intercept (mean HAZ) rises: solve on the complement.
        calibration.haz[r] = solve(1.0 - stunting[r] / 100.0, |a| {
            mean(&|m| m.age() < 5, &|h, m| {
                let months = (m.age_exact * 12.0).floor();
                1.0 - normal_cdf((-2.0 - a - model::haz_shift(h, months)) / HAZ_SD)
            })
        });
        calibration.registration[r] = solve(registration[r] / 100.0, |a| {
            mean(&|m| m.age() < 5, &|h, _| {
                logistic(a + model::registration_shift(h))
            })
        });
        calibration.discipline[r] = solve(discipline[r] / 100.0, |a| {
            mean(&|m| (1..=14).contains(&m.age()), &|h, m| {
                logistic(a + model::discipline_shift(h, m.age()))
            })
        });
        calibration.sanitation[r] = solve(sanitation[r] / 100.0, |a| {
            mean(&|_| true, &|h, _| logistic(a + model::sanitation_shift(h)))
        });
        calibration.consumption[r] = solve(1.0 - poverty[r] / 100.0, |a| {
            mean(&|m| m.age() < 18, &|h, _| {
                1.0 - normal_cdf(-(a + model::consumption_shift(h)) / CONSUMPTION_SD)
            })
        });
    }
    for (index, stratum) in STRATA.iter().enumerate() {
        let households: Vec<&Skeleton> = pilot[usize::from(stratum.region)]
            .iter()
            .map(|(h, _)| h)
            .filter(|h| h.urban == stratum.urban)
            .collect();
        let members: usize = households.iter().map(|h| h.members.len()).sum();
        calibration.mean_size[index] = if households.is_empty() {
            4.5
        } else {
            members as f64 / households.len() as f64
        };
    }
    calibration
}
