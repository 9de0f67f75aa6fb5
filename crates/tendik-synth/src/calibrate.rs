//! Calibration: region intercepts of the five calibrated outcomes, solved so that the
//! model's population values equal the MICS 2018 figures.
//!
//! A pilot population of households (drawn from a fixed stream, the same for every seed) is
//! built per region with the model's own composition and welfare. For each outcome and region
//! the intercept is found by bisection so that the expected value over the pilot (each
//! person's probability, not a draw) equals the target. Where kyrgyzstan.md gives only a
//! national figure and some regions, the other regions share one value chosen so that the
//! population-weighted national figure is met (these filled values are tendik's assumption).

use std::sync::OnceLock;

use crate::admin;
use crate::design::{CLUSTER_SD, STRATA, stratum_population, unit_welfare};
use crate::geography::{REGIONS, UNITS, unit_shares};
use crate::model::{
    self, CONSUMPTION_SD, GROSS_ERROR, GROSS_ERROR_CM, HAZ_SD, Skeleton, UNDER_FIVE,
};
use crate::rng::{Rng, logistic, normal_cdf};
use crate::supplement;

/// Seed of the pilot population (independent of the user's seed).
const PILOT_SEED: u64 = 0x7e4d_1c2b_0a19_2018;
/// Pilot clusters per stratum and households per pilot cluster: about forty times the demo
/// sample in each region, so that the pilot's own noise stays well below the sample's.
const PILOT_CLUSTERS: u32 = 2_400;
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
    /// The population of each district-level unit, by position in [`UNITS`] (the
    /// administrative data's denominators).
    pub(crate) districts: Vec<District>,
}

/// A district-level unit's population as the model makes it: the pilot's households in the
/// unit, weighted to the design's population (so the units of a region add up to the
/// region's population). Expected values, not draws.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct District {
    /// Persons, and of them in urban strata.
    pub(crate) persons: f64,
    pub(crate) urban_persons: f64,
    /// Children under 1, under 2, under 5 and aged 3–6 (completed years).
    pub(crate) under1: f64,
    pub(crate) under2: f64,
    pub(crate) under5: f64,
    pub(crate) age3_6: f64,
    /// Mean latent welfare of the unit's persons.
    pub(crate) welfare: f64,
    /// Households with a member under 18; of them, expected below the poverty line; and the
    /// expected number that receive the monthly benefit as ST3 draws it.
    pub(crate) families_with_children: f64,
    pub(crate) poor_families_with_children: f64,
    pub(crate) benefit_recipients: f64,
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

/// The value of `alpha` in [−30, 30] where the increasing `f` equals `goal`, by regula falsi
/// with the Illinois step (a bracketing secant: a handful of evaluations of `f`, each a pass
/// over the pilot), to 1e-10 in `f`.
pub(crate) fn solve(goal: f64, f: impl Fn(f64) -> f64) -> f64 {
    let (mut low, mut high) = (-30.0, 30.0);
    let (mut f_low, mut f_high) = (f(low) - goal, f(high) - goal);
    let mut side = 0;
    for _ in 0..100 {
        let mid = (low * f_high - high * f_low) / (f_high - f_low);
        let f_mid = f(mid) - goal;
        if f_mid.abs() < 1e-10 || high - low < 1e-12 {
            return mid;
        }
        if f_mid < 0.0 {
            low = mid;
            f_low = f_mid;
            if side == -1 {
                f_high /= 2.0;
            }
            side = -1;
        } else {
            high = mid;
            f_high = f_mid;
            if side == 1 {
                f_low /= 2.0;
            }
            side = 1;
        }
    }
    0.5 * (low + high)
}

/// For a child whose true HAZ is normal with mean `mean` (SD [`HAZ_SD`]) and whose length has
/// one SD of `sd_cm`: the probability that the file shows a valid stunted score, and the
/// probability of a valid score, given the gross measurement errors.
fn measured_stunting(mean: f64, sd_cm: f64) -> (f64, f64) {
    let below = |z: f64| normal_cdf((z - mean) / HAZ_SD);
    let (mut stunted, mut valid) = ((1.0 - GROSS_ERROR) * below(-2.0), 1.0 - GROSS_ERROR);
    // The error's size, uniform over its range, by the midpoints of 4 equal parts.
    let parts = 4;
    for k in 0..parts {
        let cm = GROSS_ERROR_CM.0
            + (GROSS_ERROR_CM.1 - GROSS_ERROR_CM.0) * (f64::from(k) + 0.5) / f64::from(parts);
        let shift = cm / sd_cm;
        let share = GROSS_ERROR / 2.0 / f64::from(parts);
        // Measured short: z − shift; valid if ≥ −6.
        stunted += share * (below(-2.0 + shift) - below(-6.0 + shift));
        valid += share * (1.0 - below(-6.0 + shift));
        // Measured tall: z + shift; valid if ≤ 6.
        stunted += share * below(-2.0 - shift);
        valid += share * below(6.0 - shift);
    }
    (stunted, valid)
}

/// The pilot: households by region, each with the number of persons it stands for; the
/// position in [`UNITS`] of each household's unit (in the same order); and the mean
/// household size of each stratum.
struct Pilot {
    regions: Vec<Vec<(Skeleton, f64)>>,
    units: Vec<Vec<usize>>,
    mean_size: [f64; 16],
}

/// Pilot households by region, each with the number of persons it stands for, and the mean
/// household size of each stratum. `gain` raises every cluster's welfare as
/// `Settings::welfare_gain` does (0 for the calibration).
///
/// The design gives each district its share ([`unit_shares`]) of the stratum's *households*
/// (clusters are drawn by share, weighted by households) and then scales the weights so that
/// persons add up to the region's population. The pilot does the same: each district gets
/// pilot clusters in proportion to its share, with its fixed welfare effect; its households
/// are weighted to its share of the stratum's households, and the stratum's weights are
/// scaled to its population of persons.
fn pilot(gain: f64) -> Pilot {
    let mut rng = Rng::new(PILOT_SEED, 0);
    let mut regions: Vec<Vec<(Skeleton, f64)>> = vec![Vec::new(); REGIONS.len()];
    let mut units: Vec<Vec<usize>> = vec![Vec::new(); REGIONS.len()];
    let mut mean_size = [0.0; 16];
    for (index, stratum) in STRATA.iter().enumerate() {
        let region = usize::from(stratum.region);
        let mut weighted: Vec<(Skeleton, f64)> = Vec::new();
        for (unit, share) in unit_shares(region, stratum.urban) {
            let position = UNITS
                .iter()
                .position(|u| u.code == unit.code)
                .expect("unit_shares lists units of UNITS");
            let clusters = ((f64::from(PILOT_CLUSTERS) * share).round() as u32).max(20);
            let households = f64::from(clusters * PILOT_HOUSEHOLDS);
            for _ in 0..clusters {
                let mut base = unit_welfare(*stratum, unit) + CLUSTER_SD * rng.normal();
                if gain != 0.0 {
                    base += gain;
                }
                for _ in 0..PILOT_HOUSEHOLDS {
                    let household = model::skeleton(&mut rng, region, stratum.urban, base);
                    weighted.push((household, share / households));
                    units[region].push(position);
                }
            }
        }
        // Weights so far add up to one household; scale them to the stratum's persons.
        let persons: f64 = weighted
            .iter()
            .map(|(h, w)| w * h.members.len() as f64)
            .sum();
        mean_size[index] = persons;
        let scale = stratum_population(*stratum) / persons;
        regions[region].extend(weighted.into_iter().map(|(h, w)| (h, w * scale)));
    }
    Pilot {
        regions,
        units,
        mean_size,
    }
}

/// Nodes and weights of 5-point Gauss–Hermite quadrature for the standard normal
/// distribution (the physicists' rule, nodes × √2, weights / √π).
const HERMITE: [(f64, f64); 5] = [
    (-2.856_970_013_872_806, 0.011_257_411_327_720_69),
    (-1.355_626_179_974_266, 0.222_075_922_005_612_6),
    (0.0, 0.533_333_333_333_333_3),
    (1.355_626_179_974_266, 0.222_075_922_005_612_6),
    (2.856_970_013_872_806, 0.011_257_411_327_720_69),
];

/// The population of every district-level unit from a pilot, with the consumption
/// intercepts of the calibration.
fn district_totals(pilot: &Pilot, consumption: &[f64; 9]) -> Vec<District> {
    let mut out = vec![District::default(); UNITS.len()];
    for (r, households) in pilot.regions.iter().enumerate() {
        for ((h, w), unit) in households.iter().zip(&pilot.units[r]) {
            let district = &mut out[*unit];
            let size = h.members.len() as f64;
            district.persons += w * size;
            if h.urban {
                district.urban_persons += w * size;
            }
            district.welfare += w * size * h.welfare;
            for member in &h.members {
                let age = member.age_exact;
                district.under1 += w * f64::from(u8::from(age < 1.0));
                district.under2 += w * f64::from(u8::from(age < 2.0));
                district.under5 += w * f64::from(u8::from(age < 5.0));
                district.age3_6 += w * f64::from(u8::from((3.0..7.0).contains(&age)));
            }
            let children = supplement::children(h);
            if children > 0 {
                let mean = consumption[r] + model::consumption_shift(h);
                let supply = admin::supply_effect(&UNITS[*unit]);
                district.families_with_children += w;
                district.poor_families_with_children += w * normal_cdf(-mean / CONSUMPTION_SD);
                district.benefit_recipients += w * HERMITE
                    .iter()
                    .map(|(z, weight)| {
                        weight
                            * supplement::benefit_receipt(
                                mean + CONSUMPTION_SD * z,
                                h.welfare,
                                children,
                                supply,
                            )
                    })
                    .sum::<f64>();
            }
        }
    }
    for district in &mut out {
        district.welfare /= district.persons;
    }
    out
}

/// The population of every district-level unit (by position in [`UNITS`]) for a survey
/// whose clusters' welfare is raised by `gain`: the calibration's own for 0, else from a
/// pilot drawn again with the gain (about a second).
pub(crate) fn districts(gain: f64) -> Vec<District> {
    let calibration = calibration();
    if gain == 0.0 {
        calibration.districts.clone()
    } else {
        district_totals(&pilot(gain), &calibration.consumption)
    }
}

/// The calibration, solved once per process.
pub(crate) fn calibration() -> &'static Calibration {
    static CALIBRATION: OnceLock<Calibration> = OnceLock::new();
    CALIBRATION.get_or_init(calibrate)
}

/// Solve every intercept.
fn calibrate() -> Calibration {
    let pilot_population = pilot(0.0);
    let pilot = &pilot_population.regions;
    let mean_size = pilot_population.mean_size;
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
        mean_size,
        districts: Vec::new(),
    };
    for (r, households) in pilot.iter().enumerate() {
        // (weight, shift) of every person an indicator counts.
        let people = |select: &dyn Fn(&model::Member) -> bool,
                      shift: &dyn Fn(&Skeleton, &model::Member) -> f64|
         -> Vec<(f64, f64)> {
            households
                .iter()
                .flat_map(|(h, w)| {
                    h.members
                        .iter()
                        .filter(|m| select(m))
                        .map(move |m| (*w, shift(h, m)))
                })
                .collect()
        };
        // Weighted mean over those persons of a probability given intercept + shift.
        let mean = |people: &[(f64, f64)], p: &dyn Fn(f64) -> f64| {
            let (sum, n) = people
                .iter()
                .fold((0.0, 0.0), |(sum, n), (w, x)| (sum + w * p(*x), n + w));
            sum / n
        };
        // Stunting as the files measure it: among valid scores (|HAZ| ≤ 6), with the gross
        // length errors of `model::child_items` (a shift of ±10–20 cm, in SD of length).
        let children: Vec<(f64, f64, f64)> = households
            .iter()
            .flat_map(|(h, w)| {
                h.members.iter().filter(|m| m.age() < 5).map(move |m| {
                    let days = (m.age_exact * 365.25).floor();
                    let months = (days / (365.25 / 12.0)).floor();
                    (
                        *w,
                        model::haz_shift(h, months),
                        tendik_anthro::length_sd(m.sex, days).expect(UNDER_FIVE),
                    )
                })
            })
            .collect();
        // Stunting falls as the intercept (mean HAZ) rises: solve on the complement.
        calibration.haz[r] = solve(1.0 - stunting[r] / 100.0, |a| {
            let (mut stunted, mut valid) = (0.0, 0.0);
            for &(w, x, sd) in &children {
                let (s, v) = measured_stunting(a + x, sd);
                stunted += w * s;
                valid += w * v;
            }
            1.0 - stunted / valid
        });
        let under5 = people(&|m| m.age() < 5, &|h, _| model::registration_shift(h));
        calibration.registration[r] = solve(registration[r] / 100.0, |a| {
            mean(&under5, &|x| logistic(a + x))
        });
        let children = people(&|m| (1..=14).contains(&m.age()), &|h, m| {
            model::discipline_shift(h, m.age())
        });
        calibration.discipline[r] = solve(discipline[r] / 100.0, |a| {
            mean(&children, &|x| logistic(a + x))
        });
        let everyone = people(&|_| true, &|h, _| model::sanitation_shift(h));
        calibration.sanitation[r] = solve(sanitation[r] / 100.0, |a| {
            mean(&everyone, &|x| logistic(a + x))
        });
        let children = people(&|m| m.age() < 18, &|h, _| model::consumption_shift(h));
        calibration.consumption[r] = solve(1.0 - poverty[r] / 100.0, |a| {
            mean(&children, &|x| 1.0 - normal_cdf(-(a + x) / CONSUMPTION_SD))
        });
    }
    calibration.districts = district_totals(&pilot_population, &calibration.consumption);
    calibration
}
