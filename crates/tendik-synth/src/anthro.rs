//! WHO 2006 Child Growth Standards, LMS method: height/length-for-age, weight-for-age and
//! weight-for-length/height z-scores, their inverses, and MICS6's flags and special codes.
//!
//! **Approximation.** The official tables give L, M and S by day of age and by 0.1 cm. These
//! tables hold anchor points only (monthly to 12 months, then every 3–6 months; every 5 cm),
//! written from the published WHO tables as far as they could be reproduced without the
//! files at hand, and interpolated linearly. Medians are close to the published values
//! (within about 0.1 cm and 0.05 kg at the anchors); between anchors and in S the error can
//! reach about 0.05 z. The generator draws measurements from z-scores with these same tables
//! and computes HAZ2, WAZ2 and WHZ2 back from the rounded measurements, so the file is
//! internally consistent; the z-scores are approximations of WHO's, not WHO's own. Anyone
//! computing z-scores from AN8/AN11 with the official `anthro` software will get values that
//! differ slightly.

/// Sex of a child (HL4 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sex {
    #[default]
    Male,
    Female,
}

impl Sex {
    /// HL4 code: 1 male, 2 female.
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Male => 1,
            Self::Female => 2,
        }
    }
}

/// Special code: the measurement is outside the range of the standard.
pub(crate) const OUT_OF_RANGE: f64 = 99.97;
/// Special code: not measured.
pub(crate) const NOT_MEASURED: f64 = 99.99;
/// Days in a month, as WHO's `anthro` uses.
const DAYS_PER_MONTH: f64 = 30.4375;

/// (age in months, L, M, S): recumbent length to 24 months, standing height from 24.
const LENGTH_BOYS: &[(f64, f64, f64, f64)] = &[
    (0.0, 1.0, 49.8842, 0.03795),
    (1.0, 1.0, 54.7244, 0.03557),
    (2.0, 1.0, 58.4249, 0.03424),
    (3.0, 1.0, 61.4292, 0.03328),
    (4.0, 1.0, 63.8860, 0.03257),
    (5.0, 1.0, 65.9026, 0.03204),
    (6.0, 1.0, 67.6236, 0.03165),
    (7.0, 1.0, 69.1645, 0.03139),
    (8.0, 1.0, 70.5994, 0.03124),
    (9.0, 1.0, 71.9687, 0.03117),
    (10.0, 1.0, 73.2812, 0.03118),
    (11.0, 1.0, 74.5388, 0.03125),
    (12.0, 1.0, 75.7488, 0.03137),
    (15.0, 1.0, 79.1458, 0.03197),
    (18.0, 1.0, 82.2587, 0.03279),
    (21.0, 1.0, 85.1348, 0.03370),
    (23.99, 1.0, 87.8161, 0.03464),
    (24.0, 1.0, 87.1161, 0.03507),
    (30.0, 1.0, 91.9327, 0.03658),
    (36.0, 1.0, 96.0835, 0.03785),
    (42.0, 1.0, 99.8467, 0.03896),
    (48.0, 1.0, 103.3273, 0.03994),
    (54.0, 1.0, 106.7137, 0.04081),
    (60.0, 1.0, 110.0, 0.04161),
];
const LENGTH_GIRLS: &[(f64, f64, f64, f64)] = &[
    (0.0, 1.0, 49.1477, 0.03790),
    (1.0, 1.0, 53.6872, 0.03640),
    (2.0, 1.0, 57.0673, 0.03568),
    (3.0, 1.0, 59.8029, 0.03520),
    (4.0, 1.0, 62.0899, 0.03486),
    (5.0, 1.0, 64.0301, 0.03463),
    (6.0, 1.0, 65.7311, 0.03448),
    (7.0, 1.0, 67.2873, 0.03441),
    (8.0, 1.0, 68.7498, 0.03440),
    (9.0, 1.0, 70.1435, 0.03444),
    (10.0, 1.0, 71.4818, 0.03452),
    (11.0, 1.0, 72.7710, 0.03464),
    (12.0, 1.0, 74.0150, 0.03479),
    (15.0, 1.0, 77.5299, 0.03542),
    (18.0, 1.0, 80.7079, 0.03613),
    (21.0, 1.0, 83.6654, 0.03687),
    (23.99, 1.0, 86.4153, 0.03764),
    (24.0, 1.0, 85.7153, 0.03764),
    (30.0, 1.0, 90.6797, 0.03895),
    (36.0, 1.0, 95.0515, 0.03999),
    (42.0, 1.0, 99.0041, 0.04082),
    (48.0, 1.0, 102.7312, 0.04160),
    (54.0, 1.0, 106.2351, 0.04231),
    (60.0, 1.0, 109.4233, 0.04294),
];
/// (age in months, L, M, S) of weight-for-age.
const WEIGHT_BOYS: &[(f64, f64, f64, f64)] = &[
    (0.0, 0.3487, 3.3464, 0.14602),
    (1.0, 0.2297, 4.4709, 0.13395),
    (2.0, 0.1970, 5.5675, 0.12385),
    (3.0, 0.1738, 6.3762, 0.11727),
    (4.0, 0.1553, 7.0023, 0.11316),
    (5.0, 0.1395, 7.5105, 0.11080),
    (6.0, 0.1257, 7.9340, 0.10958),
    (7.0, 0.1134, 8.2970, 0.10902),
    (8.0, 0.1021, 8.6151, 0.10882),
    (9.0, 0.0917, 8.9014, 0.10881),
    (10.0, 0.0820, 9.1649, 0.10891),
    (11.0, 0.0730, 9.4122, 0.10906),
    (12.0, 0.0644, 9.6479, 0.10925),
    (15.0, 0.0409, 10.3108, 0.10991),
    (18.0, 0.0211, 10.9385, 0.11070),
    (21.0, 0.0036, 11.5486, 0.11155),
    (24.0, -0.0137, 12.1515, 0.11243),
    (30.0, -0.0432, 13.3442, 0.11450),
    (36.0, -0.0689, 14.3429, 0.11686),
    (42.0, -0.0906, 15.3227, 0.11960),
    (48.0, -0.1083, 16.3489, 0.12220),
    (54.0, -0.1229, 17.3527, 0.12508),
    (60.0, -0.1355, 18.3366, 0.12783),
];
const WEIGHT_GIRLS: &[(f64, f64, f64, f64)] = &[
    (0.0, 0.3809, 3.2322, 0.14171),
    (1.0, 0.1714, 4.1873, 0.13724),
    (2.0, 0.0962, 5.1282, 0.13000),
    (3.0, 0.0402, 5.8458, 0.12619),
    (4.0, -0.0050, 6.4237, 0.12402),
    (5.0, -0.0430, 6.8985, 0.12274),
    (6.0, -0.0756, 7.2970, 0.12204),
    (7.0, -0.1039, 7.6422, 0.12178),
    (8.0, -0.1288, 7.9487, 0.12181),
    (9.0, -0.1507, 8.2254, 0.12199),
    (10.0, -0.1700, 8.4800, 0.12223),
    (11.0, -0.1872, 8.7192, 0.12247),
    (12.0, -0.2024, 8.9481, 0.12268),
    (15.0, -0.2410, 9.6008, 0.12338),
    (18.0, -0.2700, 10.2315, 0.12416),
    (21.0, -0.2900, 10.8534, 0.12503),
    (24.0, -0.3008, 11.4775, 0.12602),
    (30.0, -0.3210, 12.7055, 0.12830),
    (36.0, -0.3330, 13.8503, 0.13092),
    (42.0, -0.3420, 14.9510, 0.13366),
    (48.0, -0.3500, 16.0697, 0.13639),
    (54.0, -0.3580, 17.1581, 0.13901),
    (60.0, -0.3660, 18.2193, 0.14151),
];
/// (length cm, L, M, S) of weight-for-length (under 24 months).
const WFL_BOYS: &[(f64, f64, f64, f64)] = &[
    (45.0, -0.3521, 2.441, 0.09182),
    (50.0, -0.3521, 3.346, 0.08440),
    (55.0, -0.3521, 4.549, 0.08115),
    (60.0, -0.3521, 5.968, 0.08077),
    (65.0, -0.3521, 7.413, 0.08010),
    (70.0, -0.3521, 8.653, 0.07890),
    (75.0, -0.3521, 9.750, 0.07801),
    (80.0, -0.3521, 10.778, 0.07759),
    (85.0, -0.3521, 11.865, 0.07800),
    (90.0, -0.3521, 13.049, 0.07918),
    (95.0, -0.3521, 14.262, 0.08066),
    (100.0, -0.3521, 15.535, 0.08213),
    (105.0, -0.3521, 16.945, 0.08357),
    (110.0, -0.3521, 18.534, 0.08500),
];
const WFL_GIRLS: &[(f64, f64, f64, f64)] = &[
    (45.0, -0.3833, 2.461, 0.09029),
    (50.0, -0.3833, 3.339, 0.08887),
    (55.0, -0.3833, 4.483, 0.08788),
    (60.0, -0.3833, 5.754, 0.08706),
    (65.0, -0.3833, 7.066, 0.08633),
    (70.0, -0.3833, 8.236, 0.08546),
    (75.0, -0.3833, 9.281, 0.08466),
    (80.0, -0.3833, 10.308, 0.08434),
    (85.0, -0.3833, 11.376, 0.08501),
    (90.0, -0.3833, 12.563, 0.08663),
    (95.0, -0.3833, 13.822, 0.08852),
    (100.0, -0.3833, 15.184, 0.09031),
    (105.0, -0.3833, 16.666, 0.09198),
    (110.0, -0.3833, 18.286, 0.09360),
];
/// (height cm, L, M, S) of weight-for-height (24 months and over).
const WFH_BOYS: &[(f64, f64, f64, f64)] = &[
    (65.0, -0.3521, 7.434, 0.08011),
    (70.0, -0.3521, 8.648, 0.07890),
    (75.0, -0.3521, 9.736, 0.07800),
    (80.0, -0.3521, 10.759, 0.07757),
    (85.0, -0.3521, 11.837, 0.07795),
    (90.0, -0.3521, 13.012, 0.07911),
    (95.0, -0.3521, 14.225, 0.08058),
    (100.0, -0.3521, 15.494, 0.08205),
    (105.0, -0.3521, 16.893, 0.08350),
    (110.0, -0.3521, 18.469, 0.08495),
    (115.0, -0.3521, 20.268, 0.08640),
    (120.0, -0.3521, 22.315, 0.08782),
];
const WFH_GIRLS: &[(f64, f64, f64, f64)] = &[
    (65.0, -0.3833, 7.087, 0.08632),
    (70.0, -0.3833, 8.253, 0.08545),
    (75.0, -0.3833, 9.291, 0.08465),
    (80.0, -0.3833, 10.312, 0.08433),
    (85.0, -0.3833, 11.374, 0.08499),
    (90.0, -0.3833, 12.540, 0.08660),
    (95.0, -0.3833, 13.781, 0.08849),
    (100.0, -0.3833, 15.127, 0.09028),
    (105.0, -0.3833, 16.595, 0.09195),
    (110.0, -0.3833, 18.201, 0.09357),
    (115.0, -0.3833, 19.952, 0.09520),
    (120.0, -0.3833, 21.858, 0.09682),
];

/// L, M and S at `x`, interpolated; `None` outside the table.
fn lms(table: &[(f64, f64, f64, f64)], x: f64) -> Option<(f64, f64, f64)> {
    let first = table.first()?;
    let last = table.last()?;
    if x < first.0 || x > last.0 {
        return None;
    }
    let upper = table.iter().position(|row| row.0 >= x)?;
    if upper == 0 {
        return Some((first.1, first.2, first.3));
    }
    let (x0, l0, m0, s0) = table[upper - 1];
    let (x1, l1, m1, s1) = table[upper];
    let t = (x - x0) / (x1 - x0);
    Some((l0 + t * (l1 - l0), m0 + t * (m1 - m0), s0 + t * (s1 - s0)))
}

/// The value at z (WHO's restricted LMS: linear beyond ±3 SD for weight indicators).
fn value_at(l: f64, m: f64, s: f64, z: f64, restricted: bool) -> f64 {
    let at = |z: f64| {
        if l == 0.0 {
            m * (s * z).exp()
        } else {
            m * (1.0 + l * s * z).powf(1.0 / l)
        }
    };
    if restricted && z > 3.0 {
        let sd3 = at(3.0);
        sd3 + (z - 3.0) * (sd3 - at(2.0))
    } else if restricted && z < -3.0 {
        let sd3 = at(-3.0);
        sd3 - (-3.0 - z) * (at(-2.0) - sd3)
    } else {
        at(z)
    }
}

/// The z-score of `x` (restricted as in [`value_at`]).
fn z_at(l: f64, m: f64, s: f64, x: f64, restricted: bool) -> f64 {
    let z = if l == 0.0 {
        (x / m).ln() / s
    } else {
        ((x / m).powf(l) - 1.0) / (l * s)
    };
    if restricted && z > 3.0 {
        let sd3 = value_at(l, m, s, 3.0, false);
        3.0 + (x - sd3) / (sd3 - value_at(l, m, s, 2.0, false))
    } else if restricted && z < -3.0 {
        let sd3 = value_at(l, m, s, -3.0, false);
        -3.0 - (sd3 - x) / (value_at(l, m, s, -2.0, false) - sd3)
    } else {
        z
    }
}

fn months(days: f64) -> f64 {
    days / DAYS_PER_MONTH
}

fn under_two(days: f64) -> bool {
    days < 731.0
}

fn length_table(sex: Sex) -> &'static [(f64, f64, f64, f64)] {
    if sex == Sex::Male {
        LENGTH_BOYS
    } else {
        LENGTH_GIRLS
    }
}

fn weight_table(sex: Sex) -> &'static [(f64, f64, f64, f64)] {
    if sex == Sex::Male {
        WEIGHT_BOYS
    } else {
        WEIGHT_GIRLS
    }
}

fn stature_table(sex: Sex, days: f64) -> &'static [(f64, f64, f64, f64)] {
    match (sex, under_two(days)) {
        (Sex::Male, true) => WFL_BOYS,
        (Sex::Female, true) => WFL_GIRLS,
        (Sex::Male, false) => WFH_BOYS,
        (Sex::Female, false) => WFH_GIRLS,
    }
}

/// Length (under 2) or height (2 and over) in cm at height-for-age z.
pub(crate) fn length_for_z(sex: Sex, days: f64, z: f64) -> f64 {
    let (l, m, s) = lms(length_table(sex), months(days).min(60.0)).unwrap_or((1.0, 80.0, 0.035));
    value_at(l, m, s, z, false)
}

/// A measurement converted to what the standard expects at this age: length (lying) under
/// 2 years, height (standing) from 2; standing height is 0.7 cm less than lying length.
pub(crate) fn standardised_length(days: f64, measured: f64, lying: bool) -> f64 {
    match (under_two(days), lying) {
        (true, false) => measured + 0.7,
        (false, true) => measured - 0.7,
        _ => measured,
    }
}

/// Weight in kg at weight-for-length/height z (stature clamped to the table's range).
pub(crate) fn weight_for_z(sex: Sex, days: f64, stature: f64, z: f64) -> f64 {
    let table = stature_table(sex, days);
    let low = table[0].0;
    let high = table[table.len() - 1].0;
    let (l, m, s) = lms(table, stature.clamp(low, high)).unwrap_or((1.0, 10.0, 0.08));
    value_at(l, m, s, z, true)
}

/// A z-score rounded to 2 decimals and its flag (1 = implausible, as MICS6 flags them), or a
/// special code with a missing flag.
pub(crate) type Scored = (f64, f64);

/// HAZ2, WAZ2 and WHZ2 with their flags.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scores {
    pub(crate) haz: Scored,
    pub(crate) waz: Scored,
    pub(crate) whz: Scored,
}

/// The three z-scores of a measured child.
pub(crate) fn z_scores(sex: Sex, days: f64, weight: f64, measured: f64, lying: bool) -> Scores {
    let stature = standardised_length(days, measured, lying);
    let age = months(days);
    let score = |value: Option<f64>, flagged: fn(f64) -> bool| match value {
        Some(z) => {
            let z = (z * 100.0).round() / 100.0;
            (z, if flagged(z) { 1.0 } else { 0.0 })
        }
        None => (OUT_OF_RANGE, f64::NAN),
    };
    let haz = lms(length_table(sex), age).map(|(l, m, s)| z_at(l, m, s, stature, false));
    let waz = lms(weight_table(sex), age).map(|(l, m, s)| z_at(l, m, s, weight, true));
    let whz = lms(stature_table(sex, days), stature).map(|(l, m, s)| z_at(l, m, s, weight, true));
    Scores {
        haz: score(haz, |z| z.abs() > 6.0),
        waz: score(waz, |z| !(-6.0..=5.0).contains(&z)),
        whz: score(whz, |z| z.abs() > 5.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_have_zero_scores() {
        let scores = z_scores(Sex::Male, 365.25, 9.6479, 75.7488, true);
        assert!(scores.haz.0.abs() < 0.02, "{scores:?}");
        assert!(scores.waz.0.abs() < 0.02, "{scores:?}");
    }

    #[test]
    fn inverse_round_trips() {
        for z in [-4.0, -2.0, 0.0, 1.5, 4.0] {
            let length = length_for_z(Sex::Female, 900.0, z);
            let weight = weight_for_z(Sex::Female, 900.0, length, z);
            let scores = z_scores(Sex::Female, 900.0, weight, length, false);
            assert!((scores.haz.0 - z).abs() < 0.01, "{z} {scores:?}");
            assert!((scores.whz.0 - z).abs() < 0.01, "{z} {scores:?}");
        }
    }

    #[test]
    fn implausible_values_are_flagged() {
        let scores = z_scores(Sex::Male, 400.0, 9.0, 50.0, true);
        assert_eq!(scores.haz.1, 1.0);
    }
}
