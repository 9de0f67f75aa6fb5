//! Vaccination (IM) and child functioning (UCF for ages 2–4, FCF for 5–17).
//!
//! Vaccination follows the national immunisation calendar of the Kyrgyz Republic as tendik
//! models it (ages in days, an assumption documented in the README): BCG and hepatitis B at
//! birth; OPV, pentavalent (DTP-HepB-Hib) and pneumococcal conjugate at 2, 3½ and 5 months;
//! MMR at 12 months. A child's chance of each dose rises with household welfare; doses come
//! late by an exponential delay, and a dose not yet due by the interview was not given.
//! Children 0–35 months are asked, as in MICS6.
//!
//! Functioning items use the codes of the UNICEF/Washington Group module (1 no difficulty,
//! 2 some, 3 a lot, 4 cannot do at all); a child with a functional difficulty has at least one
//! domain at 3 or 4.

use crate::codebook::NA;
use crate::rng::{Rng, logistic};

/// Antigens on the card, in the order of the IM6 variables: (variable stem, label, scheduled
/// age in days, index of the previous dose of the same series). The stems are those of the
/// MICS6 standard vaccination syntax (IM6BD … IM6M1Y).
pub(crate) const ANTIGENS: [(&str, &str, f64, Option<usize>); 12] = [
    ("IM6B", "BCG", 0.0, None),
    ("IM6H0", "Hepatitis B at birth", 0.0, None),
    ("IM6P1", "Polio 1 (OPV1)", 60.0, None),
    ("IM6P2", "Polio 2 (OPV2)", 105.0, Some(2)),
    ("IM6P3", "Polio 3 (OPV3)", 150.0, Some(3)),
    ("IM6PENTA1", "Pentavalent 1 (DTP-HepB-Hib)", 60.0, None),
    ("IM6PENTA2", "Pentavalent 2 (DTP-HepB-Hib)", 105.0, Some(5)),
    ("IM6PENTA3", "Pentavalent 3 (DTP-HepB-Hib)", 150.0, Some(6)),
    ("IM6PCV1", "Pneumococcal conjugate 1", 60.0, None),
    ("IM6PCV2", "Pneumococcal conjugate 2", 105.0, Some(8)),
    ("IM6PCV3", "Pneumococcal conjugate 3", 150.0, Some(9)),
    ("IM6M1", "Measles, mumps, rubella (MMR1)", 365.0, None),
];

/// The recall items asked when no document was seen, in order (name, label): yes/no items
/// (1 yes, 2 no, 8 DK) and, after a yes, how many doses.
pub(crate) const RECALL: [(&str, &str); 11] = [
    ("IM11", "Ever received any vaccination"),
    ("IM14", "Ever received BCG vaccination"),
    ("IM15", "Ever received Hepatitis B vaccination at birth"),
    ("IM16", "Ever received polio vaccine (drops)"),
    ("IM17", "First polio vaccine received at birth"),
    ("IM18", "Number of times received polio vaccine"),
    (
        "IM20",
        "Ever received pentavalent (DTP-HepB-Hib) vaccination",
    ),
    ("IM21", "Number of times received pentavalent vaccination"),
    ("IM22", "Ever received pneumococcal conjugate vaccination"),
    (
        "IM23",
        "Number of times received pneumococcal conjugate vaccination",
    ),
    (
        "IM26",
        "Ever received measles, mumps, rubella (MMR) vaccination",
    ),
];

/// Day/month/year code for a dose not given.
const NOT_GIVEN: [f64; 3] = [0.0, 0.0, 0.0];
/// Day/month/year code for a dose marked on the card without a date.
const MARKED: [f64; 3] = [44.0, 44.0, 4444.0];
/// Day/month/year code for a dose the mother reports but the card does not show.
const REPORTED: [f64; 3] = [66.0, 66.0, 6666.0];

/// The vaccination items of one child.
#[derive(Debug, Clone)]
pub(crate) struct Vaccination {
    /// IM2: has a card or other document (1 card, 2 other document, 3 both, 4 none, 8 DK).
    pub(crate) im2: f64,
    /// IM5: the document seen (1 card, 2 other document, 3 both, 4 none seen).
    pub(crate) im5: f64,
    /// IM6…D, IM6…M, IM6…Y for each antigen in [`ANTIGENS`] order.
    pub(crate) dates: [f64; 36],
    /// The [`RECALL`] items (asked when no document was seen).
    pub(crate) recall: [f64; 11],
}

impl Default for Vaccination {
    /// Every item missing (child not asked).
    fn default() -> Self {
        Self {
            im2: NA,
            im5: NA,
            dates: [NA; 36],
            recall: [NA; 11],
        }
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub(crate) const fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i32;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date (year, month, day) of a day number since 1970-01-01.
pub(crate) fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// Day, month and year as three survey values.
pub(crate) fn date_items(days: i32) -> [f64; 3] {
    let (year, month, day) = civil_from_days(days);
    [f64::from(day), f64::from(month), f64::from(year)]
}

/// Vaccination of a child born on day `birth`, interviewed on day `interview`.
pub(crate) fn vaccination(rng: &mut Rng, welfare: f64, birth: i32, interview: i32) -> Vaccination {
    // Reach of the health system for this child; doses drop out along each series.
    let reach = 3.4 + 0.5 * welfare + 0.3 * rng.normal();
    let mut given: [Option<i32>; 12] = [None; 12];
    for (k, (_, _, due, previous)) in ANTIGENS.iter().enumerate() {
        let eligible = previous.is_none_or(|p| given[p].is_some());
        let dropout = if previous.is_some() { 0.3 } else { 0.0 };
        if !eligible || !rng.chance(logistic(reach - dropout)) {
            continue;
        }
        let after = previous.and_then(|p| given[p]).map_or(0, |d| d + 28);
        let delay = -(20.0 * (1.0 - 0.2 * welfare).max(0.3)) * (1.0 - rng.uniform()).ln();
        let day = (birth + *due as i32 + delay as i32).max(after).max(birth);
        if day <= interview {
            given[k] = Some(day);
        }
    }
    let any = given.iter().any(Option::is_some);
    // Documents: most vaccinated children have a card, which the mother usually shows.
    let im2 = if any {
        [1.0, 2.0, 3.0, 4.0, 8.0][rng.pick(&[0.85, 0.03, 0.05, 0.065, 0.005])]
    } else if rng.chance(0.3) {
        1.0
    } else {
        4.0
    };
    // IM5 is asked only of a child with a document.
    let im5 = match im2 as u8 {
        1..=3 if rng.chance(0.92) => im2,
        1..=3 => 4.0,
        _ => NA,
    };
    let mut out = Vaccination {
        im2,
        im5,
        dates: [NA; 36],
        recall: [NA; 11],
    };
    if (1.0..=3.0).contains(&im5) {
        for (k, dose) in given.iter().enumerate() {
            let items = match dose {
                Some(day) if rng.chance(0.96) => date_items(*day),
                Some(_) if rng.chance(0.5) => MARKED,
                Some(_) => REPORTED,
                None => NOT_GIVEN,
            };
            out.dates[3 * k..3 * k + 3].copy_from_slice(&items);
        }
        return out;
    }
    // Recall: mothers forget some doses and rarely report one that was not given.
    let recalled = |rng: &mut Rng, yes: bool| -> f64 {
        if rng.chance(0.03) {
            8.0
        } else if yes == rng.chance(0.93) {
            1.0
        } else {
            2.0
        }
    };
    let times = |rng: &mut Rng, doses: &[Option<i32>]| -> f64 {
        if rng.chance(0.05) {
            8.0
        } else {
            doses.iter().filter(|d| d.is_some()).count().max(1) as f64
        }
    };
    out.recall[0] = recalled(rng, any);
    if out.recall[0] != 1.0 {
        return out;
    }
    out.recall[1] = recalled(rng, given[0].is_some());
    // Hepatitis B at birth: 1 within 24 hours, 2 later, 3 no, 8 DK.
    out.recall[2] = match (recalled(rng, given[1].is_some()), given[1]) {
        (8.0, _) => 8.0,
        (2.0, _) => 3.0,
        (_, Some(day)) if day <= birth + 1 => 1.0,
        _ => 2.0,
    };
    // Polio: ever, whether the first dose came at birth (never in this schedule), how many.
    out.recall[3] = recalled(rng, given[2].is_some());
    if out.recall[3] == 1.0 {
        out.recall[4] = recalled(rng, false);
        out.recall[5] = times(rng, &given[2..5]);
    }
    for (item, series) in [(6, 5..8), (8, 8..11)] {
        out.recall[item] = recalled(rng, given[series.start].is_some());
        if out.recall[item] == 1.0 {
            out.recall[item + 1] = times(rng, &given[series]);
        }
    }
    out.recall[10] = recalled(rng, given[11].is_some());
    out
}

/// Functioning items of a child aged 2–4 (UCF7, UCF9, UCF11–UCF19).
pub(crate) fn functioning_under5(rng: &mut Rng, welfare: f64) -> [f64; 11] {
    // UCF11 and UCF12 (walking with and without equipment) are asked only of children who
    // use equipment: none here; the others answer UCF13.
    let mut items = [1.0; 11];
    items[2] = NA;
    items[3] = NA;
    let difficult = rng.chance(logistic(-3.4 - 0.2 * welfare));
    for item in items.iter_mut().take(10).filter(|item| !item.is_nan()) {
        if rng.chance(0.04) {
            *item = 2.0;
        }
    }
    if difficult {
        let domain = [0, 1, 4, 5, 6, 7, 8, 9][rng.below(8) as usize];
        items[domain] = if rng.chance(0.8) { 3.0 } else { 4.0 };
    }
    // UCF19, kicking/biting/hitting compared with children of the same age: 1 not at all,
    // 2 less, 3 the same, 4 more, 5 a lot more.
    items[10] = f64::from(rng.pick(&[0.35, 0.25, 0.33, 0.055, 0.015]) as u8 + 1);
    items
}

/// Functioning items of a child aged 5–17 (FCF6, FCF8, FCF10, FCF11, FCF14–FCF26).
pub(crate) fn functioning_5_17(rng: &mut Rng, welfare: f64) -> [f64; 17] {
    // FCF10 and FCF11 (walking with equipment) are asked only of children who use equipment.
    let mut items = [1.0; 17];
    items[2] = NA;
    items[3] = NA;
    let difficult = rng.chance(logistic(-2.9 - 0.2 * welfare));
    for item in items.iter_mut().take(15).filter(|item| !item.is_nan()) {
        if rng.chance(0.06) {
            *item = 2.0;
        }
    }
    if difficult {
        let domain = [0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14][rng.below(13) as usize];
        items[domain] = if rng.chance(0.85) { 3.0 } else { 4.0 };
    }
    // A child with a lot of difficulty walking 100 m is not asked about 500 m.
    if items[4] >= 3.0 {
        items[5] = NA;
    }
    // FCF25 anxiety, FCF26 depression: 1 daily, 2 weekly, 3 monthly, 4 a few times a year,
    // 5 never.
    for slot in &mut items[15..17] {
        *slot = f64::from(rng.pick(&[0.03, 0.07, 0.12, 0.3, 0.48]) as u8 + 1);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2018, 9, 15), 17_789);
        assert_eq!(civil_from_days(17_789), (2018, 9, 15));
        for days in (-1000..30_000).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2016, 2, 29)), (2016, 2, 29));
    }

    #[test]
    fn doses_come_in_order_and_before_the_interview() {
        let mut rng = Rng::new(1, 1);
        let interview = days_from_civil(2018, 10, 1);
        for k in 0..2000 {
            let birth = interview - (k % 1095);
            let welfare = rng.normal();
            let v = vaccination(&mut rng, welfare, birth, interview);
            if !(1.0..=3.0).contains(&v.im5) {
                assert!(v.dates.iter().all(|d| d.is_nan()));
                continue;
            }
            for (a, (_, _, _, previous)) in ANTIGENS.iter().enumerate() {
                let date = &v.dates[3 * a..3 * a + 3];
                if date[2] > 2000.0 && date[2] < 3000.0 {
                    let day = days_from_civil(date[2] as i32, date[1] as u32, date[0] as u32);
                    assert!(day >= birth && day <= interview);
                    if let Some(p) = previous {
                        assert_ne!(v.dates[3 * p + 2], 0.0, "a dose without the one before");
                    }
                }
            }
        }
    }
}
