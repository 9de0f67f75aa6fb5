//! The household model: a latent welfare drives composition, assets, services and child
//! outcomes, so that deprivations come together as they do in life.
//!
//! Welfare is the sum of a region effect, an urban effect, a district-level unit effect, a
//! cluster effect (all in [`crate::design`]) and a household effect. Larger, poorer, rural
//! households have more children, poorer water, sanitation and housing, fewer assets, more
//! stunting and more monetary poverty. The five calibrated outcomes have region intercepts
//! solved in [`crate::calibrate`] so that their population values meet the MICS 2018 figures.
//! The items of revision 7 (BR3, BD, ST) are filled in by [`crate::supplement`] from the
//! household's own stream, after everything else.

use crate::calibrate::Calibration;
use crate::codebook::NA;
use crate::design::{Cluster, STRATA};
use crate::geography::REGIONS;
use crate::rng::{Rng, logistic};
use crate::{admin, health, supplement};
use tendik_anthro::{self as anthro, Position, Score, Sex};

/// Poverty line, KGS per person per month: the 2018 national line of 33,779 KGS a year
/// (National Statistical Committee), divided by 12.
pub(crate) const POVERTY_LINE: f64 = 2_815.0;
/// Standard deviation of the household noise in log consumption.
pub(crate) const CONSUMPTION_SD: f64 = 0.4;
/// Standard deviation of true height-for-age z-scores around their mean.
pub(crate) const HAZ_SD: f64 = 1.1;
/// Share of length measurements with a gross error, and the error's size range in cm (either
/// sign, uniform in the range).
pub(crate) const GROSS_ERROR: f64 = 0.01;
pub(crate) const GROSS_ERROR_CM: (f64, f64) = (10.0, 20.0);

/// One household member before any question is asked.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) line: u8,
    pub(crate) relation: u8,
    pub(crate) sex: Sex,
    /// Exact age in years.
    pub(crate) age_exact: f64,
    pub(crate) mother: u8,
    pub(crate) father: u8,
    /// Education level 0–4 (see the README), for members 15 and over.
    pub(crate) education: u8,
    /// MA1: 1 married, 3 not in union.
    pub(crate) union: u8,
    /// Age at first marriage or union, NaN if never.
    pub(crate) marriage_age: f64,
}

impl Member {
    pub(crate) fn age(&self) -> u8 {
        self.age_exact.floor() as u8
    }
}

/// A household's composition and welfare.
#[derive(Debug, Clone)]
pub(crate) struct Skeleton {
    pub(crate) welfare: f64,
    pub(crate) urban: bool,
    pub(crate) region: usize,
    pub(crate) members: Vec<Member>,
}

/// Draw a household's composition. `welfare_base` is the cluster's welfare effect.
pub(crate) fn skeleton(rng: &mut Rng, region: usize, urban: bool, welfare_base: f64) -> Skeleton {
    let welfare = welfare_base + 0.8 * rng.normal();
    let fertility =
        REGIONS[region].fertility * if urban { 0.85 } else { 1.1 } * (-0.12 * welfare).exp();
    let mut members: Vec<Member> = Vec::with_capacity(8);
    let education = |rng: &mut Rng, age: f64| -> u8 {
        let higher =
            logistic(-0.9 + 0.8 * welfare + if urban { 0.4 } else { 0.0 } - 0.015 * (age - 35.0));
        let u = rng.uniform();
        if u < higher {
            4
        } else if u < higher + (1.0 - higher) * 0.9 {
            3
        } else if u < higher + (1.0 - higher) * 0.985 {
            2
        } else {
            u8::from(u < higher + (1.0 - higher) * 0.995)
        }
    };
    let marriage_age = |rng: &mut Rng| (21.2 + 2.8 * rng.normal()).clamp(14.0, 40.0);
    let add = |members: &mut Vec<Member>,
               relation: u8,
               sex: Sex,
               age_exact: f64,
               mother: u8,
               father: u8|
     -> u8 {
        let line = members.len() as u8 + 1;
        members.push(Member {
            line,
            relation,
            sex,
            age_exact,
            mother,
            father,
            education: 9,
            union: 3,
            marriage_age: NA,
        });
        line
    };

    let head_age = (40.0 + 13.0 * rng.normal()).clamp(20.0, 85.0) + rng.uniform();
    let head_male = rng.chance(0.8);
    let head = add(
        &mut members,
        1,
        if head_male { Sex::Male } else { Sex::Female },
        head_age,
        0,
        0,
    );
    let has_spouse = if head_male {
        rng.chance(if head_age < 65.0 { 0.92 } else { 0.7 })
    } else {
        rng.chance(0.06)
    };
    let mut mother: Option<(u8, f64)> = None;
    let mut father = 0;
    if has_spouse {
        let spouse_age = if head_male {
            head_age - rng.uniform() * 6.0
        } else {
            head_age + rng.uniform() * 5.0
        }
        .max(18.0);
        let spouse = add(
            &mut members,
            2,
            if head_male { Sex::Female } else { Sex::Male },
            spouse_age,
            0,
            0,
        );
        if head_male {
            mother = Some((spouse, spouse_age));
            father = head;
        } else {
            mother = Some((head, head_age));
            father = spouse;
        }
        members[0].union = 1;
        members[1].union = 1;
    } else if !head_male {
        mother = Some((head, head_age));
    }
    let mut extended_son = None;
    if let Some((mother_line, mother_age)) = mother {
        let wed = marriage_age(rng);
        members[usize::from(mother_line) - 1].marriage_age = wed;
        let sons = children(
            rng,
            &mut members,
            mother_line,
            father,
            mother_age,
            wed,
            fertility,
            3,
        );
        // An older couple usually lives with a married son (by custom the youngest), his wife
        // and their children.
        if head_age >= 42.0 && rng.chance(if urban { 0.6 } else { 0.85 }) {
            extended_son = sons
                .into_iter()
                .filter(|(_, age)| (19.0..42.0).contains(age))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(line, age)| {
                    let line = line.unwrap_or_else(|| {
                        add(&mut members, 3, Sex::Male, age, mother_line, father)
                    });
                    (line, age)
                });
        }
    }
    if let Some((son, son_age)) = extended_son {
        members[usize::from(son) - 1].union = 1;
        let wife_age = (son_age - 1.0 - rng.uniform() * 4.0).max(18.0);
        let wed = marriage_age(rng).min(wife_age);
        // A fifth of daughters-in-law work abroad: their children stay with the family.
        if rng.chance(0.8) {
            let wife = add(&mut members, 4, Sex::Female, wife_age, 0, 0);
            members[usize::from(wife) - 1].union = 1;
            members[usize::from(wife) - 1].marriage_age = wed;
            children(rng, &mut members, wife, son, wife_age, wed, fertility, 5);
        } else {
            absent_mother_children(rng, &mut members, son, wife_age, wed, fertility);
        }
    }
    if head_age < 55.0 && rng.chance(0.2) {
        let age = head_age + 20.0 + rng.uniform() * 10.0;
        let line = add(&mut members, 6, Sex::Female, age.min(95.0), 0, 0);
        members[usize::from(line) - 1].marriage_age = marriage_age(rng);
    }
    for member in &mut members {
        if member.age_exact >= 15.0 {
            member.education = education(rng, member.age_exact);
        }
    }
    Skeleton {
        welfare,
        urban,
        region,
        members,
    }
}

/// Children born to a mother in the household, with those of them who still live here.
/// Returns her sons (line if he lives here, age): the adults, and those who left home.
#[expect(
    clippy::too_many_arguments,
    reason = "one household's parts, drawn together"
)]
fn children(
    rng: &mut Rng,
    members: &mut Vec<Member>,
    mother: u8,
    father: u8,
    mother_age: f64,
    wed: f64,
    fertility: f64,
    relation: u8,
) -> Vec<(Option<u8>, f64)> {
    let births = 1 + poisson_capped(rng, 2.3 * fertility, 8);
    let mut at = wed + 0.5 + 0.9 * rng.normal().abs();
    let mut adult_sons = Vec::new();
    for _ in 0..births {
        if at > mother_age || at > 40.0 || members.len() >= 20 {
            break;
        }
        let age = mother_age - at;
        let sex = if rng.chance(0.512) {
            Sex::Male
        } else {
            Sex::Female
        };
        let stays = if age < 18.0 {
            rng.chance(0.98)
        } else {
            let (base, slope) = if sex == Sex::Male {
                (0.95, 0.05)
            } else {
                (0.6, 0.08)
            };
            rng.chance((base - slope * (age - 18.0)).max(0.0))
        };
        if stays {
            let line = members.len() as u8 + 1;
            members.push(Member {
                line,
                relation,
                sex,
                age_exact: age,
                mother,
                father,
                education: 9,
                union: 3,
                marriage_age: NA,
            });
            if sex == Sex::Male && age >= 18.0 {
                adult_sons.push((Some(line), age));
            }
        } else if sex == Sex::Male {
            adult_sons.push((None, age));
        }
        at += 1.0 + 2.0 * rng.uniform();
    }
    adult_sons
}

/// Grandchildren whose mother lives elsewhere (labour migration).
fn absent_mother_children(
    rng: &mut Rng,
    members: &mut Vec<Member>,
    father: u8,
    mother_age: f64,
    wed: f64,
    fertility: f64,
) {
    let before = members.len();
    children(rng, members, 0, father, mother_age, wed, fertility, 5);
    for member in &mut members[before..] {
        member.mother = 0;
    }
}

fn poisson_capped(rng: &mut Rng, mean: f64, cap: u32) -> u32 {
    rng.poisson(mean).min(cap)
}

// ---------------------------------------------------------------------------------------
// Shifts of the calibrated outcomes: the part of each linear predictor that is not the
// region intercept. The calibration and the generator call the same functions.

/// Basic sanitation (improved, not shared): log-odds shift.
pub(crate) fn sanitation_shift(skeleton: &Skeleton) -> f64 {
    0.9 * skeleton.welfare + if skeleton.urban { 0.4 } else { 0.0 }
}

/// Log consumption per head relative to the poverty line, without the region intercept.
pub(crate) fn consumption_shift(skeleton: &Skeleton) -> f64 {
    0.45 * skeleton.welfare - 0.22 * (skeleton.members.len() as f64).ln()
}

/// Mean of a child's true height-for-age z-score, without the region intercept.
pub(crate) fn haz_shift(skeleton: &Skeleton, age_months: f64) -> f64 {
    let age = if age_months < 6.0 {
        0.35
    } else if age_months < 24.0 {
        0.0
    } else {
        -0.1
    };
    0.12 * skeleton.welfare + if skeleton.urban { 0.12 } else { 0.0 } + age
}

/// Birth registration: log-odds shift.
pub(crate) fn registration_shift(skeleton: &Skeleton) -> f64 {
    0.6 * skeleton.welfare
}

/// Violent discipline of a child aged 1–14: log-odds shift.
pub(crate) fn discipline_shift(skeleton: &Skeleton, age: u8) -> f64 {
    let age_effect = match age {
        0..=2 => -0.2,
        3..=9 => 0.2,
        _ => -0.3,
    };
    -0.25 * skeleton.welfare + age_effect + 0.04 * skeleton.members.len() as f64
}

// ---------------------------------------------------------------------------------------
// Records, one per row of each file.

/// Design and wealth variables shared by the files (filled in the second pass).
#[derive(Debug, Clone, Default)]
pub(crate) struct Common {
    pub(crate) hh1: u32,
    pub(crate) hh2: u32,
    pub(crate) hh6: u8,
    pub(crate) hh7: u8,
    pub(crate) hh7a: i32,
    pub(crate) stratum: u8,
    pub(crate) hhweight: f64,
    pub(crate) wscore: f64,
    pub(crate) windex5: f64,
}

/// A row of `hh`.
#[derive(Debug, Clone, Default)]
pub(crate) struct HhRecord {
    pub(crate) common: Common,
    /// HH5D, HH5M, HH5Y: date of interview.
    pub(crate) hh5: [f64; 3],
    pub(crate) hh46: u8,
    pub(crate) hh48: f64,
    pub(crate) hh49: f64,
    pub(crate) hh51: f64,
    pub(crate) hhsex: f64,
    pub(crate) hhage: f64,
    pub(crate) helevel: f64,
    pub(crate) ws1: f64,
    pub(crate) ws2: f64,
    pub(crate) ws3: f64,
    pub(crate) ws4: f64,
    pub(crate) ws7: f64,
    pub(crate) ws11: f64,
    pub(crate) ws15: f64,
    pub(crate) hw1: f64,
    pub(crate) hw2: f64,
    pub(crate) hw3: f64,
    pub(crate) hw4: f64,
    pub(crate) hw5: f64,
    pub(crate) hw6: f64,
    pub(crate) hw7a: &'static str,
    pub(crate) hw7b: &'static str,
    pub(crate) hw7c: &'static str,
    pub(crate) hc3: f64,
    pub(crate) hc4: f64,
    pub(crate) hc5: f64,
    pub(crate) hc6: f64,
    pub(crate) hc8: f64,
    pub(crate) eu1: f64,
    pub(crate) eu4: f64,
    /// HC7A, HC7B, HC9A, HC9B, HC10E, HC11, HC12, HC13, HC15, HC17 (1 yes, 2 no).
    pub(crate) assets: [f64; ASSETS.len()],
    /// ST1–ST3: the monthly benefit for poor families with children (revision 7).
    pub(crate) st: [f64; 3],
    pub(crate) pccons: f64,
}

/// Household items answered yes/no, with their log-odds intercept, welfare and urban slopes.
pub(crate) const ASSETS: [(&str, &str, f64, f64, f64); 10] = [
    ("HC7A", "Fixed telephone line", -1.8, 0.7, 0.6),
    ("HC7B", "Radio", -1.2, 0.3, 0.0),
    ("HC9A", "Television", 3.0, 0.8, 0.3),
    ("HC9B", "Refrigerator", 1.8, 1.0, 0.4),
    ("HC10E", "Car or truck", -0.7, 0.9, -0.2),
    ("HC11", "Computer or tablet", -1.0, 1.1, 0.8),
    ("HC12", "Mobile telephone", 4.0, 0.8, 0.0),
    ("HC13", "Internet access at home", 0.6, 1.0, 0.7),
    ("HC15", "Owns land for agriculture", 1.5, -0.2, -3.0),
    ("HC17", "Owns livestock", 1.0, -0.3, -2.5),
];

/// A row of `hl`.
#[derive(Debug, Clone, Default)]
pub(crate) struct HlRecord {
    pub(crate) common: Common,
    pub(crate) hl1: u8,
    pub(crate) hl3: u8,
    pub(crate) hl4: u8,
    pub(crate) hl6: u8,
    pub(crate) hl12: f64,
    pub(crate) mline: f64,
    pub(crate) hl16: f64,
    pub(crate) fline: f64,
    pub(crate) ed4: f64,
    pub(crate) ed5a: f64,
    pub(crate) ed9: f64,
    pub(crate) ed10a: f64,
    pub(crate) ed10b: f64,
    pub(crate) schage: f64,
}

/// A row of `ch`.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChRecord {
    pub(crate) common: Common,
    pub(crate) chweight: f64,
    pub(crate) ln: u8,
    pub(crate) uf4: f64,
    pub(crate) uf17: u8,
    pub(crate) hl4: u8,
    /// UB1D, UB1M, UB1Y: date of birth.
    pub(crate) ub1: [f64; 3],
    pub(crate) ub2: f64,
    pub(crate) cage: f64,
    pub(crate) caged: f64,
    pub(crate) melevel: f64,
    pub(crate) an8: f64,
    pub(crate) an11: f64,
    pub(crate) an12: f64,
    pub(crate) haz2: f64,
    pub(crate) waz2: f64,
    pub(crate) whz2: f64,
    pub(crate) hazflag: f64,
    pub(crate) wazflag: f64,
    pub(crate) whzflag: f64,
    pub(crate) br1: f64,
    pub(crate) br2: f64,
    /// BR3: knows how to register a birth (revision 7).
    pub(crate) br3: f64,
    /// BD2 ever breastfed, BD3 still breastfed (revision 7).
    pub(crate) bd2: f64,
    pub(crate) bd3: f64,
    /// BD7A–BD7X, BD8A–BD8X in [`supplement::DIET`] order (revision 7).
    pub(crate) diet: [f64; supplement::DIET.len()],
    /// EC6–EC15.
    pub(crate) ec: [f64; 10],
    /// UCD2A–UCD2K.
    pub(crate) cd: [f64; 11],
    /// IM2, IM5, IM6…D/M/Y and the recall items.
    pub(crate) vaccination: health::Vaccination,
    /// UCF7, UCF9, UCF11–UCF19.
    pub(crate) ucf: [f64; 11],
}

/// A row of `fs`.
#[derive(Debug, Clone, Default)]
pub(crate) struct FsRecord {
    pub(crate) common: Common,
    pub(crate) fsweight: f64,
    pub(crate) ln: u8,
    pub(crate) fs4: f64,
    pub(crate) fs17: u8,
    pub(crate) hl4: u8,
    pub(crate) cb3: f64,
    pub(crate) cb7: f64,
    pub(crate) cb8a: f64,
    pub(crate) melevel: f64,
    /// FCD2A–FCD2K.
    pub(crate) cd: [f64; 11],
    /// FCF6, FCF8, FCF10, FCF11, FCF14–FCF26.
    pub(crate) fcf: [f64; 17],
    /// Children 5–17 in the household (the selection weight factor).
    pub(crate) eligible: u8,
}

/// A row of `wm`.
#[derive(Debug, Clone, Default)]
pub(crate) struct WmRecord {
    pub(crate) common: Common,
    pub(crate) wmweight: f64,
    pub(crate) ln: u8,
    pub(crate) wm17: u8,
    pub(crate) wb4: f64,
    pub(crate) ma1: f64,
    pub(crate) wagem: f64,
    pub(crate) welevel: f64,
}

/// Everything one household contributes to the five files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Household {
    pub(crate) hh: HhRecord,
    pub(crate) hl: Vec<HlRecord>,
    pub(crate) ch: Vec<ChRecord>,
    pub(crate) fs: Option<FsRecord>,
    pub(crate) wm: Vec<WmRecord>,
    /// HH46 = 1.
    pub(crate) completed: bool,
    /// Occupied dwelling (HH46 not 5, 6 or 7): counts in the response rate.
    pub(crate) eligible: bool,
}

fn yes_no(yes: bool) -> f64 {
    if yes { 1.0 } else { 2.0 }
}

fn pick_code(rng: &mut Rng, options: &[(f64, f64)]) -> f64 {
    let weights: Vec<f64> = options.iter().map(|(_, w)| *w).collect();
    options[rng.pick(&weights)].0
}

/// Generate household number `hh2` of a cluster. `rng` is the cluster's stream; `added` is
/// the household's own stream for the items of revision 7 ([`supplement::stream`]), which
/// take nothing from `rng`.
pub(crate) fn household(
    rng: &mut Rng,
    cluster: &Cluster,
    hh2: u32,
    calibration: &Calibration,
    added: &mut Rng,
) -> Household {
    let stratum = &STRATA[usize::from(cluster.stratum)];
    let region = usize::from(stratum.region);
    let urban = stratum.urban;
    let skeleton = skeleton(rng, region, urban, cluster.welfare);
    // Uncalibrated items added after the calibration (WS7, vaccination, functioning) draw from
    // their own stream.
    let mut extra = rng.fork();
    let common = Common {
        hh1: cluster.number,
        hh2,
        hh6: if urban { 1 } else { 2 },
        hh7: REGIONS[region].code,
        hh7a: cluster.unit.code,
        stratum: cluster.stratum + 1,
        hhweight: NA,
        wscore: NA,
        windex5: NA,
    };
    let mut out = Household::default();
    // Interview result (MICS 2018 household response was about 99 %; more refusals in cities).
    let non_response =
        0.015 + if urban { 0.01 } else { 0.0 } + if region == 7 { 0.03 } else { 0.0 };
    let hh46 = if rng.chance(non_response) {
        pick_code(
            rng,
            &[(2.0, 0.4), (3.0, 0.15), (4.0, 0.3), (5.0, 0.1), (7.0, 0.05)],
        ) as u8
    } else {
        1
    };
    out.completed = hh46 == 1;
    out.eligible = !matches!(hh46, 5..=7);
    let w = skeleton.welfare;
    let hh = &mut out.hh;
    hh.common = common.clone();
    hh.hh46 = hh46;
    let all_missing = [NA; ASSETS.len()];
    if !out.completed {
        *hh = HhRecord {
            common,
            hh5: [NA; 3],
            hh46,
            hh48: NA,
            hh49: NA,
            hh51: NA,
            hhsex: NA,
            hhage: NA,
            helevel: NA,
            ws1: NA,
            ws2: NA,
            ws3: NA,
            ws4: NA,
            ws7: NA,
            ws11: NA,
            ws15: NA,
            hw1: NA,
            hw2: NA,
            hw3: NA,
            hw4: NA,
            hw5: NA,
            hw6: NA,
            hw7a: "",
            hw7b: "",
            hw7c: "",
            hc3: NA,
            hc4: NA,
            hc5: NA,
            hc6: NA,
            hc8: NA,
            eu1: NA,
            eu4: NA,
            assets: all_missing,
            st: [NA; 3],
            pccons: NA,
        };
        return out;
    }
    let members = &skeleton.members;
    let size = members.len() as f64;
    // Interviewed on one of the first days the team spends in the cluster.
    let interview = cluster.fieldwork + rng.below(4) as i32;
    hh.hh5 = health::date_items(interview);
    hh.hh48 = size;
    hh.hh49 = members
        .iter()
        .filter(|m| m.sex == Sex::Female && (15..=49).contains(&m.age()))
        .count() as f64;
    hh.hh51 = members.iter().filter(|m| m.age() < 5).count() as f64;
    hh.hhsex = if members[0].sex == Sex::Male {
        1.0
    } else {
        2.0
    };
    hh.hhage = f64::from(members[0].age());
    hh.helevel = f64::from(members[0].education);
    let rural = if urban { 0.0 } else { 1.0 };

    // Drinking water: a ladder driven by welfare, area and the cluster's infrastructure.
    let water = w + 0.9 * (1.0 - rural) + cluster.infrastructure + 0.5 * rng.normal();
    hh.ws1 = if urban && w > 1.0 && rng.chance(0.04) {
        91.0
    } else if water > 0.6 {
        11.0
    } else if water > -0.1 {
        12.0
    } else if water > -0.8 {
        14.0
    } else {
        pick_code(
            rng,
            &[
                (21.0, 0.25),
                (31.0, 0.1),
                (41.0, 0.15),
                (42.0, 0.12),
                (32.0, 0.05),
                (81.0, 0.23),
                (61.0, 0.1),
            ],
        )
    };
    hh.ws2 = if hh.ws1 >= 91.0 {
        if rng.chance(0.8) { 11.0 } else { 12.0 }
    } else {
        NA
    };
    hh.ws3 = match hh.ws1 as u8 {
        11 => 1.0,
        12 => 2.0,
        21 | 31 if rng.chance(0.6) => 2.0,
        91 => NA,
        _ => 3.0,
    };
    hh.ws4 = if hh.ws3 == 3.0 {
        if rng.chance(0.04) {
            0.0
        } else if rng.chance(0.01) {
            998.0
        } else {
            (12.0 * (0.25 * rural + 0.7 * rng.normal()).exp())
                .round()
                .clamp(1.0, 600.0)
        }
    } else {
        NA
    };

    // WS7: a time in the last month without sufficient drinking water.
    hh.ws7 = if extra.chance(0.02) {
        8.0
    } else {
        yes_no(extra.chance(logistic(
            -1.3 - 0.5 * w
                - cluster.infrastructure
                - if matches!(hh.ws1 as u8, 11 | 12) {
                    0.6
                } else {
                    0.0
                },
        )))
    };

    // Sanitation, calibrated on basic service (improved, not shared).
    let basic = rng.chance(logistic(
        calibration.sanitation[region] + sanitation_shift(&skeleton),
    ));
    let improved_type = |rng: &mut Rng| -> f64 {
        if urban && w > 0.5 {
            pick_code(rng, &[(11.0, 0.75), (12.0, 0.2), (22.0, 0.05)])
        } else {
            pick_code(rng, &[(22.0, 0.7), (21.0, 0.1), (12.0, 0.12), (13.0, 0.08)])
        }
    };
    if basic {
        hh.ws11 = improved_type(rng);
        hh.ws15 = 2.0;
    } else if rng.chance(0.35) {
        hh.ws11 = improved_type(rng);
        hh.ws15 = 1.0;
    } else {
        hh.ws11 = pick_code(rng, &[(23.0, 0.8), (14.0, 0.05), (96.0, 0.05), (95.0, 0.1)]);
        hh.ws15 = if hh.ws11 == 95.0 {
            NA
        } else {
            yes_no(rng.chance(0.2))
        };
    }

    // Handwashing (observed).
    let fixed = logistic(0.3 + w + 0.8 * (1.0 - rural));
    hh.hw1 = if rng.chance(0.02) {
        5.0
    } else if rng.chance(0.005) {
        6.0
    } else if rng.chance(fixed) {
        1.0
    } else {
        pick_code(rng, &[(2.0, 0.6), (3.0, 0.25), (4.0, 0.15)])
    };
    // HW2–HW3 observed at the place; HW4 where hands are washed when the place was not seen;
    // HW5–HW6 soap kept elsewhere in the house and shown; HW7A–C what was seen at the place
    // (MICS's basic hygiene service reads HW7 as soap at the place).
    hh.hw2 = NA;
    hh.hw3 = NA;
    hh.hw4 = NA;
    hh.hw5 = NA;
    hh.hw6 = NA;
    let soap = rng.chance(logistic(2.0 + w));
    let detergent = rng.chance(0.1);
    let ash = rng.chance(0.01);
    let mut at_place = false;
    if (1.0..=3.0).contains(&hh.hw1) {
        hh.hw2 = yes_no(rng.chance(0.95));
        hh.hw3 = yes_no(soap || detergent || ash);
        at_place = hh.hw3 == 1.0;
    } else if hh.hw1 >= 5.0 {
        hh.hw4 = pick_code(rng, &[(1.0, 0.55), (2.0, 0.3), (3.0, 0.1), (4.0, 0.05)]);
    }
    if !at_place {
        let kept = rng.chance(logistic(1.5 + w));
        hh.hw5 = yes_no(kept);
        if kept {
            hh.hw6 = yes_no(rng.chance(0.9));
        }
    }
    let seen = |present: bool, code: &'static str| if at_place && present { code } else { "" };
    hh.hw7a = seen(soap, "A");
    hh.hw7b = seen(detergent, "B");
    hh.hw7c = seen(ash, "C");

    // Housing.
    hh.hc3 = (1.0 + size / 3.0 + 0.4 * w + 0.7 * rng.normal())
        .round()
        .clamp(1.0, 8.0);
    hh.hc4 = if rng.chance(logistic(-3.6 - 1.2 * w + 0.5 * rural)) {
        11.0
    } else if urban && w > 0.4 {
        pick_code(rng, &[(31.0, 0.35), (33.0, 0.25), (34.0, 0.2), (21.0, 0.2)])
    } else {
        pick_code(rng, &[(21.0, 0.55), (34.0, 0.3), (35.0, 0.1), (33.0, 0.05)])
    };
    hh.hc5 = if rng.chance(logistic(-4.0 - w)) {
        13.0
    } else if urban && w > 0.5 {
        pick_code(rng, &[(35.0, 0.4), (31.0, 0.3), (33.0, 0.25), (34.0, 0.05)])
    } else {
        pick_code(
            rng,
            &[(33.0, 0.55), (31.0, 0.35), (34.0, 0.05), (35.0, 0.05)],
        )
    };
    hh.hc6 = if rng.chance(logistic(-2.5 - w + 0.6 * rural)) {
        23.0
    } else if urban && w > 0.5 {
        pick_code(
            rng,
            &[(31.0, 0.35), (33.0, 0.35), (34.0, 0.25), (35.0, 0.05)],
        )
    } else {
        pick_code(rng, &[(35.0, 0.5), (33.0, 0.3), (34.0, 0.15), (36.0, 0.05)])
    };
    hh.hc8 = if rng.chance(logistic(-5.5 - w)) {
        3.0
    } else {
        1.0
    };
    hh.eu1 = if region == 7 && rng.chance(0.5) {
        4.0
    } else if rng.chance(logistic(0.8 + 1.0 * w + 1.2 * (1.0 - rural))) {
        if rng.chance(0.85) { 1.0 } else { 3.0 }
    } else {
        pick_code(rng, &[(8.0, 0.8), (9.0, 0.05), (3.0, 0.15)])
    };
    hh.eu4 = if matches!(hh.eu1 as u8, 8 | 9) {
        pick_code(rng, &[(4.0, 0.45), (6.0, 0.3), (8.0, 0.25)])
    } else {
        NA
    };
    for (slot, (_, _, intercept, slope, urban_slope)) in hh.assets.iter_mut().zip(ASSETS) {
        *slot = yes_no(rng.chance(logistic(
            intercept + slope * w + urban_slope * (1.0 - rural),
        )));
    }

    // Monetary poverty: consumption per head, calibrated on child poverty by region.
    let log_ratio = calibration.consumption[region]
        + consumption_shift(&skeleton)
        + CONSUMPTION_SD * rng.normal();
    hh.pccons = (POVERTY_LINE * log_ratio.exp()).round();

    // Household members.
    let mother_education = |line: u8| -> f64 {
        if line == 0 {
            5.0
        } else {
            f64::from(members[usize::from(line) - 1].education)
        }
    };
    for member in members {
        let age = member.age();
        let mut record = HlRecord {
            common: out.hh.common.clone(),
            hl1: member.line,
            hl3: member.relation,
            hl4: member.sex.code(),
            hl6: age,
            hl12: NA,
            mline: NA,
            hl16: NA,
            fline: NA,
            ed4: NA,
            ed5a: NA,
            ed9: NA,
            ed10a: NA,
            ed10b: NA,
            schage: NA,
        };
        if age < 18 {
            record.mline = f64::from(member.mother);
            record.fline = f64::from(member.father);
            record.hl12 = if member.mother == 0 { 1.0 } else { NA };
            record.hl16 = if member.father == 0 {
                if rng.chance(0.85) { 1.0 } else { 2.0 }
            } else {
                NA
            };
        }
        if age >= 3 {
            education_items(rng, &mut record, member, w, urban);
        }
        out.hl.push(record);
    }

    // Children under 5.
    for member in members.iter().filter(|m| m.age() < 5) {
        let mut record = ChRecord {
            common: out.hh.common.clone(),
            chweight: NA,
            ln: member.line,
            uf4: f64::from(member.mother),
            uf17: 1,
            hl4: member.sex.code(),
            ..ChRecord::default()
        };
        if rng.chance(0.03) {
            record.uf17 = pick_code(rng, &[(2.0, 0.5), (3.0, 0.3), (5.0, 0.1), (96.0, 0.1)]) as u8;
        }
        if record.uf17 == 1 {
            child_items(
                rng,
                &mut record,
                member,
                &skeleton,
                calibration,
                mother_education(member.mother),
                interview,
            );
            health_items(&mut extra, &mut record, skeleton.welfare, interview);
        } else {
            record.ub2 = NA;
            record.cage = NA;
            record.caged = NA;
            record.melevel = NA;
            record.an8 = NA;
            record.an11 = NA;
            record.an12 = NA;
            record.haz2 = NA;
            record.waz2 = NA;
            record.whz2 = NA;
            record.hazflag = NA;
            record.wazflag = NA;
            record.whzflag = NA;
            record.br1 = NA;
            record.br2 = NA;
            record.ec = [NA; 10];
            record.cd = [NA; 11];
            record.ub1 = [NA; 3];
            record.vaccination = health::Vaccination::default();
            record.ucf = [NA; 11];
        }
        out.ch.push(record);
    }

    // One child 5–17, selected at random.
    let eligible: Vec<&Member> = members
        .iter()
        .filter(|m| (5..=17).contains(&m.age()))
        .collect();
    if !eligible.is_empty() {
        let child = eligible[rng.below(eligible.len() as u32) as usize];
        let hl = &out.hl[usize::from(child.line) - 1];
        let mut record = FsRecord {
            common: out.hh.common.clone(),
            fsweight: NA,
            ln: child.line,
            fs4: f64::from(child.mother),
            fs17: if rng.chance(0.96) {
                1
            } else {
                pick_code(rng, &[(2.0, 0.6), (3.0, 0.3), (96.0, 0.1)]) as u8
            },
            hl4: child.sex.code(),
            cb3: NA,
            cb7: NA,
            cb8a: NA,
            melevel: NA,
            cd: [NA; 11],
            fcf: [NA; 17],
            eligible: eligible.len() as u8,
        };
        if record.fs17 == 1 {
            record.cb3 = f64::from(child.age());
            record.cb7 = hl.ed9;
            record.cb8a = hl.ed10a;
            record.melevel = mother_education(child.mother);
            if child.age() <= 14 {
                let violent = rng.chance(logistic(
                    calibration.discipline[region] + discipline_shift(&skeleton, child.age()),
                ));
                record.cd = discipline_items(rng, violent);
            }
            record.fcf = health::functioning_5_17(&mut extra, w);
        }
        out.fs = Some(record);
    }

    // Women 15–49.
    for member in members
        .iter()
        .filter(|m| m.sex == Sex::Female && (15..=49).contains(&m.age()))
    {
        let completed = rng.chance(0.96);
        out.wm.push(WmRecord {
            common: out.hh.common.clone(),
            wmweight: NA,
            ln: member.line,
            wm17: if completed {
                1
            } else {
                pick_code(rng, &[(2.0, 0.6), (3.0, 0.3), (5.0, 0.05), (96.0, 0.05)]) as u8
            },
            wb4: if completed {
                f64::from(member.age())
            } else {
                NA
            },
            ma1: if completed {
                f64::from(member.union)
            } else {
                NA
            },
            wagem: if completed && member.marriage_age <= member.age_exact {
                member.marriage_age.floor()
            } else {
                NA
            },
            welevel: if completed {
                f64::from(member.education)
            } else {
                NA
            },
        });
    }

    // Items of revision 7, from the household's own stream.
    supplement::fill(
        added,
        &skeleton,
        admin::supply_effect(cluster.unit),
        &mut out.hh,
        &mut out.ch,
    );
    out
}

/// ED4–ED10 and `schage` for a member aged 3 or more. Kyrgyz schools: primary 7–10 (grades
/// 1–4), lower secondary 11–15 (5–9), upper secondary 16–17 (10–11).
fn education_items(
    rng: &mut Rng,
    record: &mut HlRecord,
    member: &Member,
    welfare: f64,
    urban: bool,
) {
    let age = member.age();
    if age <= 24 {
        // Born after 1 September: one year younger at the start of the school year.
        let schage = if rng.chance(0.33) && age > 3 {
            age - 1
        } else {
            age
        };
        record.schage = f64::from(schage);
        let attend = match schage {
            0..=6 => logistic(-1.0 + 0.6 * welfare + if urban { 0.7 } else { 0.0 }),
            7..=15 => logistic(4.0 + 0.5 * welfare),
            16..=17 => logistic(1.8 + 0.6 * welfare),
            _ => logistic(-0.7 + 0.8 * welfare + if urban { 0.5 } else { 0.0 }),
        };
        let attending = rng.chance(attend);
        record.ed9 = yes_no(attending);
        let (level, grade) = match schage {
            0..=6 => (0.0, NA),
            7..=10 => (1.0, f64::from(schage - 6)),
            11..=15 => (2.0, f64::from(schage - 6)),
            16..=17 => (3.0, f64::from(schage - 6)),
            _ => (4.0, f64::from((schage - 17).min(5))),
        };
        if attending {
            record.ed4 = 1.0;
            record.ed5a = level;
            record.ed10a = level;
            record.ed10b = grade;
            return;
        }
        if schage < 7 {
            record.ed4 = 2.0;
            return;
        }
    }
    if age >= 15 && member.education == 0 {
        record.ed4 = 2.0;
    } else if age >= 15 {
        record.ed4 = 1.0;
        record.ed5a = f64::from(member.education);
    } else {
        record.ed4 = 1.0;
        record.ed5a = if age <= 10 { 1.0 } else { 2.0 };
    }
}

/// Vaccination (ages 0–2) and functioning (ages 2–4) of a child under 5 whose age items are
/// filled in.
fn health_items(rng: &mut Rng, record: &mut ChRecord, welfare: f64, interview: i32) {
    // Asked by completed years, as MICS6 asks them: vaccination 0–2, functioning 2–4.
    record.vaccination = if record.ub2 <= 2.0 {
        health::vaccination(rng, welfare, interview - record.caged as i32, interview)
    } else {
        health::Vaccination::default()
    };
    record.ucf = if record.ub2 >= 2.0 {
        health::functioning_under5(rng, welfare)
    } else {
        [NA; 11]
    };
}

/// ECDI items EC6–EC15: log-odds intercepts, and whether "yes" is the good answer.
const EC_BASE: [f64; 10] = [-1.2, -2.2, -0.2, 3.0, -2.5, 2.0, 2.0, 2.5, -1.5, -1.0];
const EC_GOOD_IS_YES: [bool; 10] = [
    true, true, true, true, false, true, true, true, false, false,
];

/// MICS6 special code in HAZ2, WAZ2 and WHZ2: the measurement is outside the range of the
/// standard.
const OUT_OF_RANGE: f64 = 99.97;
/// MICS6 special code in HAZ2, WAZ2 and WHZ2: not measured.
const NOT_MEASURED: f64 = 99.99;
/// The WHO tables cover every age in days of a child under 5 (day 0–1856).
pub(crate) const UNDER_FIVE: &str = "the WHO tables cover every child under 5";

/// A score as MICS6 stores it: rounded to 2 decimals with its flag (1 = implausible), or
/// [`OUT_OF_RANGE`] with a missing flag.
fn mics_score(score: Option<Score>) -> (f64, f64) {
    match score {
        Some(score) => (score.reported(), if score.is_flagged() { 1.0 } else { 0.0 }),
        None => (OUT_OF_RANGE, NA),
    }
}

/// Age, anthropometry, birth registration, ECDI and discipline of a child under 5.
fn child_items(
    rng: &mut Rng,
    record: &mut ChRecord,
    member: &Member,
    skeleton: &Skeleton,
    calibration: &Calibration,
    melevel: f64,
    interview: i32,
) {
    let region = skeleton.region;
    let days = (member.age_exact * 365.25).floor();
    let months = (days / (365.25 / 12.0)).floor();
    let birth = interview - days as i32;
    record.ub1 = health::date_items(birth);
    record.ub2 = f64::from(member.age());
    record.cage = months;
    record.caged = days;
    record.melevel = melevel;

    // Anthropometry.
    let sex = member.sex;
    let measured = rng.chance(0.97);
    let lying_expected = months < 24.0;
    record.an12 = NA;
    if measured {
        let haz_true =
            calibration.haz[region] + haz_shift(skeleton, months) + HAZ_SD * rng.normal();
        let length = anthro::length_for_z(sex, days, haz_true).expect(UNDER_FIVE);
        let lying = if rng.chance(0.95) {
            lying_expected
        } else {
            !lying_expected
        };
        // Standing height is 0.7 cm less than recumbent length.
        let mut measured_length = if lying == lying_expected {
            length
        } else if lying {
            length + 0.7
        } else {
            length - 0.7
        };
        // About 1 % of measurements carry a gross error (misread tape, wrong age).
        if rng.chance(GROSS_ERROR) {
            measured_length += if rng.chance(0.5) { 1.0 } else { -1.0 }
                * (GROSS_ERROR_CM.0 + (GROSS_ERROR_CM.1 - GROSS_ERROR_CM.0) * rng.uniform());
        }
        let measured_length = (measured_length * 10.0).round() / 10.0;
        let whz_true = 0.25 + 0.05 * skeleton.welfare + rng.normal();
        let position = if lying {
            Position::Lying
        } else {
            Position::Standing
        };
        let stature = anthro::standardised_length(days, measured_length, position);
        let weight = anthro::weight_for_z(sex, days, stature, whz_true).expect(UNDER_FIVE);
        let weight =
            (weight * (1.0 + if rng.chance(0.005) { 0.5 } else { 0.0 }) * 10.0).round() / 10.0;
        record.an8 = weight;
        record.an11 = measured_length;
        record.an12 = if lying { 1.0 } else { 2.0 };
        (record.haz2, record.hazflag) =
            mics_score(anthro::length_for_age(sex, days, measured_length, position));
        (record.waz2, record.wazflag) =
            mics_score(anthro::weight_for_age(sex, days, weight, false));
        (record.whz2, record.whzflag) = mics_score(anthro::weight_for_length(
            sex,
            days,
            weight,
            measured_length,
            position,
            false,
        ));
    } else {
        record.an8 = 99.9;
        record.an11 = 999.9;
        record.haz2 = NOT_MEASURED;
        record.waz2 = NOT_MEASURED;
        record.whz2 = NOT_MEASURED;
        record.hazflag = NA;
        record.wazflag = NA;
        record.whzflag = NA;
    }

    // Birth registration: BR1 certificate (1 seen, 2 not seen, 3 none), BR2 registered.
    let registered = rng.chance(logistic(
        calibration.registration[region] + registration_shift(skeleton),
    ));
    if registered && rng.chance(0.97) {
        record.br1 = if rng.chance(0.6) { 1.0 } else { 2.0 };
        record.br2 = NA;
    } else {
        record.br1 = 3.0;
        record.br2 = if registered {
            1.0
        } else if rng.chance(0.05) {
            8.0
        } else {
            2.0
        };
    }
    // Early childhood development index, 36–59 months (EC6–EC15, 1 yes, 2 no).
    if months >= 36.0 {
        for (k, slot) in record.ec.iter_mut().enumerate() {
            let development = 0.3 * skeleton.welfare + 0.3 * (months - 36.0) / 12.0;
            let signed = if EC_GOOD_IS_YES[k] {
                development
            } else {
                -development
            };
            *slot = yes_no(rng.chance(logistic(EC_BASE[k] + signed)));
        }
    } else {
        record.ec = [NA; 10];
    }

    // Child discipline, 1–4 years (UCD2A–K).
    if member.age() >= 1 {
        let violent = rng.chance(logistic(
            calibration.discipline[region] + discipline_shift(skeleton, member.age()),
        ));
        record.cd = discipline_items(rng, violent);
    } else {
        record.cd = [NA; 11];
    }
}

/// Discipline items A–K (1 yes, 2 no) consistent with whether any violent method was used:
/// psychological D, H; physical C, F, G, I, J, K (severe I, K); non-violent A, B, E.
fn discipline_items(rng: &mut Rng, violent: bool) -> [f64; 11] {
    let mut items = [2.0; 11];
    let index = |letter: char| (letter as u8 - b'A') as usize;
    items[index('A')] = yes_no(rng.chance(0.6));
    items[index('B')] = yes_no(rng.chance(0.85));
    items[index('E')] = yes_no(rng.chance(0.5));
    if violent {
        let psychological = rng.chance(0.85);
        let physical = !psychological || rng.chance(0.6);
        if psychological {
            items[index('D')] = yes_no(rng.chance(0.85));
            items[index('H')] = yes_no(rng.chance(0.4));
            if items[index('D')] == 2.0 && items[index('H')] == 2.0 {
                items[index('D')] = 1.0;
            }
        }
        if physical {
            items[index('C')] = yes_no(rng.chance(0.8));
            items[index('F')] = yes_no(rng.chance(0.3));
            items[index('G')] = yes_no(rng.chance(0.2));
            items[index('J')] = yes_no(rng.chance(0.1));
            items[index('I')] = yes_no(rng.chance(0.04));
            items[index('K')] = yes_no(rng.chance(0.02));
            if ['C', 'F', 'G', 'I', 'J', 'K']
                .iter()
                .all(|l| items[index(*l)] == 2.0)
            {
                items[index('C')] = 1.0;
            }
        }
    }
    items
}
