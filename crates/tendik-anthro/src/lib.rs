//! WHO 2006 Child Growth Standards: length/height-for-age, weight-for-age,
//! weight-for-length/height and BMI-for-age z-scores by the LMS method, WHO's flags for
//! implausible scores, and the inverses a generator of synthetic children needs.
//!
//! The tables are WHO's expanded tables (by day of age, by 0.1 cm), bundled in `data/who/`
//! with their provenance. The rules are those of WHO's igrowup macros, which MICS6 uses, and
//! of WHO's R package `anthro`:
//!
//! - the age is taken in whole days (rounded half up); scores exist from day 0 to day 1856;
//! - a standing height under 731 days gets 0.7 cm added, a lying length from 731 days loses
//!   0.7 cm ([`standardised_length`]), and every score uses the adjusted length;
//! - weight-for-length applies below 731 days (45–110 cm), weight-for-height from 731
//!   (65–120 cm), interpolated linearly between the 0.1 cm rows;
//! - the weight-based scores (weight-for-age, weight-for-length/height, BMI-for-age) use the
//!   restricted LMS method beyond ±3 SD, and are not computed for a child with oedema;
//! - a measurement that is not positive gives no score;
//! - WHO anthro reports scores rounded to 2 decimals ([`Score::reported`]) and flags them
//!   on that value ([`Score::is_flagged`]).
//!
//! Two rules of the newest `anthro` R package are not applied, as igrowup does not apply them:
//! it gives no score from day 1827 (60 months), and it skips the +0.7 cm for a child under 9
//! months measured standing.
//!
//! No function panics: an age outside the tables, a NaN, an infinite or a negative
//! measurement gives `None`.
//!
//! ```
//! use tendik_anthro::{Position, Sex, length_for_age};
//!
//! // A girl of 400 days, 72.0 cm long: 1.28 SD below the median, not stunted.
//! let score = length_for_age(Sex::Female, 400.0, 72.0, Position::Lying).expect("in range");
//! assert!((score.reported() - -1.28).abs() < 1e-9);
//! assert!(!score.is_flagged());
//! ```

mod table;

use table::{STANDARDS, Table};

/// Sex of a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Boys (HL4 code 1).
    Male,
    /// Girls (HL4 code 2).
    Female,
}

impl Sex {
    /// The sex of an HL4 code: 1 male, 2 female; `None` for any other value.
    #[must_use]
    pub fn from_code(code: f64) -> Option<Self> {
        one_or_two(code, Self::Male, Self::Female)
    }

    /// The HL4 code: 1 male, 2 female.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Male => 1,
            Self::Female => 2,
        }
    }
}

/// `one` for the code 1, `two` for 2, `None` for any other value (NaN included).
#[expect(clippy::float_cmp, reason = "codes are whole numbers held as f64")]
fn one_or_two<T>(code: f64, one: T, two: T) -> Option<T> {
    if code == 1.0 {
        Some(one)
    } else if code == 2.0 {
        Some(two)
    } else {
        None
    }
}

/// How length or height was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// Recumbent length (MICS6 AN12 code 1).
    Lying,
    /// Standing height (MICS6 AN12 code 2).
    Standing,
}

impl Position {
    /// The position of an AN12 code: 1 lying, 2 standing; `None` for any other value.
    #[must_use]
    pub fn from_code(code: f64) -> Option<Self> {
        one_or_two(code, Self::Lying, Self::Standing)
    }

    /// The position the standards expect at an age: lying under 731 days, standing from 731.
    /// Give it when the position was not recorded: the length is then not adjusted, as WHO
    /// does for a missing position.
    #[must_use]
    pub fn expected(age_days: f64) -> Self {
        if age_days.round() < FIRST_HEIGHT_DAY {
            Self::Lying
        } else {
            Self::Standing
        }
    }
}

/// The four indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// Length/height-for-age (HAZ).
    LengthForAge,
    /// Weight-for-age (WAZ).
    WeightForAge,
    /// Weight-for-length/height (WHZ).
    WeightForLength,
    /// BMI-for-age (BAZ).
    BmiForAge,
}

impl Indicator {
    /// Whether a reported score is implausible by WHO anthro's limits: |HAZ| > 6, WAZ < −6
    /// or > 5, |WHZ| > 5, |BAZ| > 5.
    #[must_use]
    pub fn is_implausible(self, z: f64) -> bool {
        match self {
            Self::LengthForAge => z.abs() > 6.0,
            Self::WeightForAge => !(-6.0..=5.0).contains(&z),
            Self::WeightForLength | Self::BmiForAge => z.abs() > 5.0,
        }
    }
}

/// A z-score of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    indicator: Indicator,
    z: f64,
}

impl Score {
    /// The indicator it scores.
    #[must_use]
    pub fn indicator(self) -> Indicator {
        self.indicator
    }

    /// The z-score, unrounded.
    #[must_use]
    pub fn z(self) -> f64 {
        self.z
    }

    /// The z-score rounded to 2 decimals, as WHO anthro and MICS report it.
    #[must_use]
    pub fn reported(self) -> f64 {
        (self.z * 100.0).round() / 100.0
    }

    /// Whether the reported score is implausible ([`Indicator::is_implausible`]).
    #[must_use]
    pub fn is_flagged(self) -> bool {
        self.indicator.is_implausible(self.reported())
    }

    fn of(indicator: Indicator, z: f64) -> Option<Self> {
        z.is_finite().then_some(Self { indicator, z })
    }
}

/// The last day of the age-based tables.
const LAST_DAY: f64 = 1856.0;
/// From this day on, height is measured standing and weight-for-height applies.
const FIRST_HEIGHT_DAY: f64 = 731.0;

/// The age in whole days as WHO reads it (rounded half up), if the tables cover it.
fn whole_days(age_days: f64) -> Option<f64> {
    let days = age_days.round();
    (0.0..=LAST_DAY).contains(&days).then_some(days)
}

/// A measurement that can be scored: finite and above zero.
fn positive(measurement: f64) -> Option<f64> {
    (measurement.is_finite() && measurement > 0.0).then_some(measurement)
}

/// Weight-for-length under 731 days, weight-for-height from 731 (an age in whole days).
fn stature_table(days: f64) -> &'static Table {
    if days < FIRST_HEIGHT_DAY {
        &STANDARDS.weight_for_length
    } else {
        &STANDARDS.weight_for_height
    }
}

/// A length or height converted to what the standards expect at this age, as WHO does:
/// 0.7 cm added to a standing height under 731 days, taken from a lying length from 731.
/// Without an age (NaN) the measurement is left as it is.
#[must_use]
pub fn standardised_length(age_days: f64, length_cm: f64, position: Position) -> f64 {
    let days = age_days.round();
    match position {
        Position::Standing if days < FIRST_HEIGHT_DAY => length_cm + 0.7,
        Position::Lying if days >= FIRST_HEIGHT_DAY => length_cm - 0.7,
        _ => length_cm,
    }
}

/// Length/height-for-age (HAZ), with the length adjusted for the position.
#[must_use]
pub fn length_for_age(
    sex: Sex,
    age_days: f64,
    length_cm: f64,
    position: Position,
) -> Option<Score> {
    let days = whole_days(age_days)?;
    let length = positive(standardised_length(days, length_cm, position))?;
    let lms = STANDARDS.length_for_age.at(sex, days)?;
    Score::of(Indicator::LengthForAge, lms.z_of(length, false))
}

/// Weight-for-age (WAZ); none with oedema.
#[must_use]
pub fn weight_for_age(sex: Sex, age_days: f64, weight_kg: f64, oedema: bool) -> Option<Score> {
    if oedema {
        return None;
    }
    let days = whole_days(age_days)?;
    let weight = positive(weight_kg)?;
    let lms = STANDARDS.weight_for_age.at(sex, days)?;
    Score::of(Indicator::WeightForAge, lms.z_of(weight, true))
}

/// Weight-for-length (under 731 days) or weight-for-height (from 731) (WHZ), on the length
/// adjusted for the position; none with oedema, or when the adjusted length is outside the
/// table (45–110 cm for length, 65–120 cm for height).
#[must_use]
pub fn weight_for_length(
    sex: Sex,
    age_days: f64,
    weight_kg: f64,
    length_cm: f64,
    position: Position,
    oedema: bool,
) -> Option<Score> {
    if oedema {
        return None;
    }
    let days = whole_days(age_days)?;
    let weight = positive(weight_kg)?;
    let stature = standardised_length(days, length_cm, position);
    let lms = stature_table(days).interpolated(sex, stature)?;
    Score::of(Indicator::WeightForLength, lms.z_of(weight, true))
}

/// BMI-for-age (BAZ): weight over the square of the length adjusted for the position, in m;
/// none with oedema.
#[must_use]
pub fn bmi_for_age(
    sex: Sex,
    age_days: f64,
    weight_kg: f64,
    length_cm: f64,
    position: Position,
    oedema: bool,
) -> Option<Score> {
    if oedema {
        return None;
    }
    let days = whole_days(age_days)?;
    let weight = positive(weight_kg)?;
    let stature = positive(standardised_length(days, length_cm, position))?;
    let bmi = weight / (stature / 100.0).powi(2);
    let lms = STANDARDS.bmi_for_age.at(sex, days)?;
    Score::of(Indicator::BmiForAge, lms.z_of(bmi, true))
}

/// The length (under 731 days) or height (from 731) in cm at a length/height-for-age z.
#[must_use]
pub fn length_for_z(sex: Sex, age_days: f64, z: f64) -> Option<f64> {
    let lms = STANDARDS.length_for_age.at(sex, whole_days(age_days)?)?;
    Some(lms.value_at(z, false)).filter(|length| length.is_finite())
}

/// One standard deviation of length/height in cm at an age (the table's M × S; L is 1 for
/// length/height-for-age).
#[must_use]
pub fn length_sd(sex: Sex, age_days: f64) -> Option<f64> {
    let lms = STANDARDS.length_for_age.at(sex, whole_days(age_days)?)?;
    Some(lms.m * lms.s)
}

/// The weight in kg at a weight-for-length/height z, for a length already adjusted for the
/// position ([`standardised_length`]). The length is rounded to 1 mm and brought into the
/// table's range (45–110 cm under 731 days, 65–120 cm from 731), so that any drawn length
/// gets a weight; the restricted LMS method applies beyond ±3 SD.
#[must_use]
pub fn weight_for_z(sex: Sex, age_days: f64, length_cm: f64, z: f64) -> Option<f64> {
    let table = stature_table(whole_days(age_days)?);
    if length_cm.is_nan() {
        return None;
    }
    let stature = (length_cm.clamp(table.start, table.end(sex)) * 10.0).round() / 10.0;
    let lms = table.interpolated(sex, stature)?;
    Some(lms.value_at(z, true)).filter(|weight| weight.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_round_trips() {
        for days in [10.0, 400.0, 900.0, 1500.0] {
            for (z, weight_z) in [
                (-2.5, -4.0),
                (-2.0, -2.0),
                (0.0, 0.0),
                (1.5, 1.5),
                (2.0, 4.0),
            ] {
                let length = length_for_z(Sex::Female, days, z).expect("length");
                let stature = (length * 10.0).round() / 10.0;
                let weight = weight_for_z(Sex::Female, days, stature, weight_z).expect("weight");
                let position = Position::expected(days);
                let haz = length_for_age(Sex::Female, days, stature, position).expect("haz");
                let whz = weight_for_length(Sex::Female, days, weight, stature, position, false)
                    .expect("whz");
                // HAZ moves by the rounding of the length to 1 mm.
                assert!((haz.z() - z).abs() < 0.05, "{days} {z} {haz:?}");
                assert!(
                    (whz.z() - weight_z).abs() < 1e-9,
                    "{days} {weight_z} {whz:?}"
                );
            }
        }
        let sd = length_sd(Sex::Male, 0.0).expect("sd");
        assert!((sd - 49.8842 * 0.03795).abs() < 1e-12);
    }

    #[test]
    fn implausible_values_are_flagged() {
        let haz = length_for_age(Sex::Male, 400.0, 50.0, Position::Lying).expect("haz");
        assert!(haz.is_flagged());
        assert_eq!(haz.indicator(), Indicator::LengthForAge);
        let waz = weight_for_age(Sex::Male, 400.0, 30.0, false).expect("waz");
        assert!(waz.is_flagged());
        let waz = weight_for_age(Sex::Male, 400.0, 9.0, false).expect("waz");
        assert!(!waz.is_flagged());
        assert!(Indicator::WeightForAge.is_implausible(-6.01));
        assert!(!Indicator::WeightForAge.is_implausible(-6.0));
        assert!(Indicator::WeightForAge.is_implausible(5.01));
        assert!(!Indicator::WeightForAge.is_implausible(5.0));
        assert!(Indicator::BmiForAge.is_implausible(-5.01));
        assert!(!Indicator::WeightForLength.is_implausible(5.0));
        // A length below the weight-for-length table has no WHZ.
        assert_eq!(
            weight_for_length(Sex::Male, 400.0, 9.0, 40.0, Position::Lying, false),
            None
        );
    }

    #[test]
    fn oedema_leaves_out_the_weight_based_scores() {
        let (sex, days, weight, length) = (Sex::Female, 300.0, 7.5, 68.0);
        assert!(weight_for_age(sex, days, weight, false).is_some());
        assert_eq!(weight_for_age(sex, days, weight, true), None);
        let position = Position::Lying;
        assert_eq!(
            weight_for_length(sex, days, weight, length, position, true),
            None
        );
        assert_eq!(bmi_for_age(sex, days, weight, length, position, true), None);
        assert!(bmi_for_age(sex, days, weight, length, position, false).is_some());
        assert!(length_for_age(sex, days, length, position).is_some());
    }

    /// No panic and no score for an age, a weight or a length that cannot be scored.
    #[test]
    fn bad_inputs_give_no_score() {
        let bad = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1.0,
            0.0,
            1857.0,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        let position = Position::Lying;
        for x in bad {
            let age_is_bad = x.round() < 0.0 || x.round() > 1856.0 || x.is_nan();
            if age_is_bad {
                assert_eq!(length_for_age(Sex::Male, x, 70.0, position), None, "{x}");
                assert_eq!(weight_for_age(Sex::Male, x, 8.0, false), None, "{x}");
                let whz = weight_for_length(Sex::Male, x, 8.0, 70.0, position, false);
                assert_eq!(whz, None, "{x}");
                assert_eq!(bmi_for_age(Sex::Male, x, 8.0, 70.0, position, false), None);
                assert_eq!(length_for_z(Sex::Male, x, 0.0), None, "{x}");
                assert_eq!(length_sd(Sex::Male, x), None, "{x}");
                assert_eq!(weight_for_z(Sex::Male, x, 70.0, 0.0), None, "{x}");
            }
            if !(x.is_finite() && x > 0.0) {
                assert_eq!(length_for_age(Sex::Male, 400.0, x, position), None, "{x}");
                assert_eq!(weight_for_age(Sex::Male, 400.0, x, false), None, "{x}");
                let whz = weight_for_length(Sex::Male, 400.0, x, 70.0, position, false);
                assert_eq!(whz, None, "{x}");
                let whz = weight_for_length(Sex::Male, 400.0, 8.0, x, position, false);
                assert_eq!(whz, None, "{x}");
                assert_eq!(
                    bmi_for_age(Sex::Male, 400.0, x, 70.0, position, false),
                    None
                );
                assert_eq!(bmi_for_age(Sex::Male, 400.0, 8.0, x, position, false), None);
            }
            // Whatever the value, nothing panics and a score is finite.
            for score in [
                length_for_age(Sex::Female, 400.0, x, position),
                weight_for_age(Sex::Female, 400.0, x, false),
                bmi_for_age(Sex::Female, 400.0, x, 70.0, position, false),
                bmi_for_age(Sex::Female, 400.0, 8.0, x, position, false),
            ]
            .into_iter()
            .flatten()
            {
                assert!(score.z().is_finite(), "{x} {score:?}");
            }
            let _ = weight_for_z(Sex::Female, 400.0, x, 0.0);
            let _ = weight_for_z(Sex::Female, 400.0, 70.0, x);
            let _ = length_for_z(Sex::Female, 400.0, x);
        }
        assert_eq!(weight_for_z(Sex::Male, 400.0, f64::NAN, 0.0), None);
        assert_eq!(length_for_z(Sex::Male, 400.0, f64::NAN), None);
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "an adjusted length is the measurement ± 0.7, exactly"
    )]
    fn ages_are_whole_days_rounded_half_up() {
        let score = |days| length_for_age(Sex::Male, days, 80.0, Position::Lying);
        assert_eq!(score(400.4), score(400.0));
        assert_eq!(score(399.5), score(400.0));
        assert_eq!(score(-0.4), score(0.0));
        assert_eq!(score(1856.4), score(1856.0));
        assert!(score(1856.5).is_none());
        // 730.5 days is day 731: height, so a lying length loses 0.7 cm.
        assert_eq!(standardised_length(730.5, 80.0, Position::Lying), 79.3);
        assert_eq!(Position::expected(730.4), Position::Lying);
        assert_eq!(Position::expected(730.5), Position::Standing);
        // Without an age, no adjustment.
        assert_eq!(standardised_length(f64::NAN, 80.0, Position::Lying), 80.0);
        assert_eq!(
            standardised_length(f64::NAN, 80.0, Position::Standing),
            80.0
        );
    }

    #[test]
    fn codes() {
        assert_eq!(Sex::from_code(1.0), Some(Sex::Male));
        assert_eq!(Sex::from_code(2.0), Some(Sex::Female));
        for code in [0.0, 1.5, 3.0, 9.0, f64::NAN] {
            assert_eq!(Sex::from_code(code), None);
            assert_eq!(Position::from_code(code), None);
        }
        assert_eq!(Sex::Female.code(), 2);
        assert_eq!(Position::from_code(1.0), Some(Position::Lying));
        assert_eq!(Position::from_code(2.0), Some(Position::Standing));
    }
}
