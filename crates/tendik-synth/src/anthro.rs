//! WHO 2006 Child Growth Standards, LMS method: height/length-for-age, weight-for-age and
//! weight-for-length/height z-scores, their inverses, and MICS6's flags and special codes.
//!
//! The tables are WHO's expanded tables (by day of age, by 0.1 cm), bundled in `data/who/`;
//! the rules (whole days, ±0.7 cm for the position, weight-for-length below 731 days, linear
//! interpolation between 0.1 cm rows, the restricted LMS beyond ±3 SD for weight) are those of
//! WHO's `anthro`. `tests/golden/who_zscores.csv` (45 cases computed with an independent
//! implementation, see its README) checks them.

use std::sync::LazyLock;

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

/// L, M and S of one row of a WHO table.
#[derive(Debug, Clone, Copy)]
struct Lms {
    l: f64,
    m: f64,
    s: f64,
}

/// One WHO table for both sexes: rows at `start`, `start + step`, … (days or cm).
struct Table {
    start: f64,
    step: f64,
    boys: Vec<Lms>,
    girls: Vec<Lms>,
}

impl Table {
    /// Parse `sex,x,l,m,s` rows (the bundled `data/who/*.csv`).
    fn parse(text: &str, start: f64, step: f64) -> Self {
        let mut table = Self {
            start,
            step,
            boys: Vec::new(),
            girls: Vec::new(),
        };
        for line in text.lines().skip(1).filter(|line| !line.is_empty()) {
            let fields: Vec<f64> = line
                .split(',')
                .map(|field| field.parse().expect("the bundled WHO tables are numeric"))
                .collect();
            let row = Lms {
                l: fields[2],
                m: fields[3],
                s: fields[4],
            };
            let rows = if fields[0] == 1.0 {
                &mut table.boys
            } else {
                &mut table.girls
            };
            let expected = start + step * rows.len() as f64;
            assert!(
                (fields[1] - expected).abs() < 1e-6,
                "WHO table rows are consecutive"
            );
            rows.push(row);
        }
        table
    }

    fn rows(&self, sex: Sex) -> &[Lms] {
        if sex == Sex::Male {
            &self.boys
        } else {
            &self.girls
        }
    }

    fn end(&self, sex: Sex) -> f64 {
        self.start + self.step * (self.rows(sex).len() - 1) as f64
    }

    /// The row at an exact table point (age in whole days).
    fn at(&self, sex: Sex, x: f64) -> Option<Lms> {
        let index = ((x - self.start) / self.step).round();
        if index < 0.0 {
            return None;
        }
        self.rows(sex).get(index as usize).copied()
    }

    /// L, M and S at `x`, interpolated linearly between the 0.1 cm rows below and above it,
    /// as WHO's `anthro` does for weight-for-length/height; `None` outside the table.
    fn interpolated(&self, sex: Sex, x: f64) -> Option<Lms> {
        if x < self.start - 1e-9 || x > self.end(sex) + 1e-9 {
            return None;
        }
        let position = (x - self.start) / self.step;
        // Lengths arrive with one decimal: snap float noise before truncating.
        let below = (position + 1e-9).floor();
        let t = (position - below).max(0.0);
        let lower = self.rows(sex).get(below as usize).copied()?;
        if t < 1e-9 {
            return Some(lower);
        }
        let upper = self.rows(sex).get(below as usize + 1).copied()?;
        Some(Lms {
            l: lower.l + t * (upper.l - lower.l),
            m: lower.m + t * (upper.m - lower.m),
            s: lower.s + t * (upper.s - lower.s),
        })
    }
}

/// WHO Child Growth Standards (2006), expanded tables: length/height-for-age and
/// weight-for-age by day 0–1856, weight-for-length 45–110 cm and weight-for-height 65–120 cm
/// by 0.1 cm (`data/who/README.md` gives their provenance).
struct Standards {
    length_for_age: Table,
    weight_for_age: Table,
    weight_for_length: Table,
    weight_for_height: Table,
}

static STANDARDS: LazyLock<Standards> = LazyLock::new(|| Standards {
    length_for_age: Table::parse(include_str!("../data/who/lhfa.csv"), 0.0, 1.0),
    weight_for_age: Table::parse(include_str!("../data/who/wfa.csv"), 0.0, 1.0),
    weight_for_length: Table::parse(include_str!("../data/who/wfl.csv"), 45.0, 0.1),
    weight_for_height: Table::parse(include_str!("../data/who/wfh.csv"), 65.0, 0.1),
});

/// The measurement at z; for weight indicators WHO's restricted LMS method, linear in the
/// distance between the 2 and 3 SD values beyond ±3 SD.
fn value_at(lms: Lms, z: f64, restricted: bool) -> f64 {
    let Lms { l, m, s } = lms;
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

/// The z-score of measurement `x` (restricted as in [`value_at`]).
fn z_at(lms: Lms, x: f64, restricted: bool) -> f64 {
    let Lms { l, m, s } = lms;
    let z = if l == 0.0 {
        (x / m).ln() / s
    } else {
        ((x / m).powf(l) - 1.0) / (l * s)
    };
    if restricted && z > 3.0 {
        let sd3 = value_at(lms, 3.0, false);
        3.0 + (x - sd3) / (sd3 - value_at(lms, 2.0, false))
    } else if restricted && z < -3.0 {
        let sd3 = value_at(lms, -3.0, false);
        -3.0 - (sd3 - x) / (value_at(lms, -2.0, false) - sd3)
    } else {
        z
    }
}

/// Under 731 days: length is measured lying and weight-for-length applies.
fn under_two(days: f64) -> bool {
    days < 731.0
}

/// Weight-for-length under 731 days, weight-for-height from 731.
fn stature_table(days: f64) -> &'static Table {
    if under_two(days) {
        &STANDARDS.weight_for_length
    } else {
        &STANDARDS.weight_for_height
    }
}

/// Length (under 731 days) or height (from 731) in cm at height-for-age z, for an age in
/// whole days (clamped to the table).
pub(crate) fn length_for_z(sex: Sex, days: f64, z: f64) -> f64 {
    value_at(length_for_age(sex, days), z, false)
}

/// The length/height-for-age row at an age in whole days, clamped to the table.
fn length_for_age(sex: Sex, days: f64) -> Lms {
    let table = &STANDARDS.length_for_age;
    table
        .at(sex, days.clamp(0.0, table.end(sex)))
        .expect("clamped to the table")
}

/// One standard deviation of length/height in cm at an age in whole days (the table's M × S;
/// L is 1 for length-for-age).
pub(crate) fn length_sd(sex: Sex, days: f64) -> f64 {
    let lms = length_for_age(sex, days);
    lms.m * lms.s
}

/// A measurement converted to what the standard expects at this age, as WHO's `anthro` does:
/// 0.7 cm added to a standing height under 731 days, taken from a lying length from 731.
pub(crate) fn standardised_length(days: f64, measured: f64, lying: bool) -> f64 {
    match (under_two(days), lying) {
        (true, false) => measured + 0.7,
        (false, true) => measured - 0.7,
        _ => measured,
    }
}

/// Weight in kg at weight-for-length/height z (stature clamped to the table's range).
pub(crate) fn weight_for_z(sex: Sex, days: f64, stature: f64, z: f64) -> f64 {
    let table = stature_table(days);
    let stature = ((stature.clamp(table.start, table.end(sex))) * 10.0).round() / 10.0;
    let lms = table
        .interpolated(sex, stature)
        .expect("clamped to the table");
    value_at(lms, z, true)
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

/// The three z-scores of a measured child, as WHO's `anthro` computes them: age in whole
/// days, the length adjusted by ±0.7 cm for the position, weight-for-length below 731 days
/// and weight-for-height from 731 on the adjusted length, flags as MICS6 sets them.
pub(crate) fn z_scores(sex: Sex, days: f64, weight: f64, measured: f64, lying: bool) -> Scores {
    let stature = standardised_length(days, measured, lying);
    let score = |value: Option<f64>, flagged: fn(f64) -> bool| match value {
        Some(z) => {
            let z = (z * 100.0).round() / 100.0;
            (z, if flagged(z) { 1.0 } else { 0.0 })
        }
        None => (OUT_OF_RANGE, f64::NAN),
    };
    let raw = raw_scores(sex, days, weight, stature);
    Scores {
        haz: score(raw[0], |z| z.abs() > 6.0),
        waz: score(raw[1], |z| !(-6.0..=5.0).contains(&z)),
        whz: score(raw[2], |z| z.abs() > 5.0),
    }
}

/// Unrounded HAZ, WAZ and WHZ of a standardised length; `None` outside the tables.
fn raw_scores(sex: Sex, days: f64, weight: f64, stature: f64) -> [Option<f64>; 3] {
    let standards = &*STANDARDS;
    [
        standards
            .length_for_age
            .at(sex, days)
            .map(|lms| z_at(lms, stature, false)),
        standards
            .weight_for_age
            .at(sex, days)
            .map(|lms| z_at(lms, weight, true)),
        stature_table(days)
            .interpolated(sex, stature)
            .map(|lms| z_at(lms, weight, true)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/golden/who_zscores.csv`: z-scores from pygrowup2 1.0.0 with WHO's input rules
    /// (`tests/golden/README-who.md`), rounded to 2 decimals; empty where there is none.
    #[test]
    fn z_scores_match_the_golden_values() {
        let golden = include_str!("../tests/golden/who_zscores.csv");
        let mut checked = 0;
        for line in golden.lines().skip(1).filter(|line| !line.is_empty()) {
            let fields: Vec<&str> = line.split(',').collect();
            let number = |i: usize| fields[i].parse::<f64>().expect("number");
            let sex = if fields[0] == "1" {
                Sex::Male
            } else {
                Sex::Female
            };
            let (days, weight, length, lying) = (number(1), number(2), number(3), fields[4] == "1");
            let stature = standardised_length(days, length, lying);
            let raw = raw_scores(sex, days, weight, stature);
            for (k, expected) in fields[5..8].iter().enumerate() {
                match (raw[k], expected.is_empty()) {
                    (None, true) => {}
                    (Some(z), false) => {
                        let expected: f64 = expected.parse().expect("z");
                        // The golden values are rounded to 2 decimals (half to even).
                        assert!(
                            (z - expected).abs() <= 0.005 + 1e-9,
                            "{line}: score {k} is {z}, golden {expected}"
                        );
                    }
                    (got, _) => panic!("{line}: score {k} is {got:?}, golden {expected:?}"),
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 45 * 3);
    }

    #[test]
    fn tables_have_every_row() {
        let standards = &*STANDARDS;
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(standards.length_for_age.end(sex), 1856.0);
            assert_eq!(standards.weight_for_age.end(sex), 1856.0);
            assert!((standards.weight_for_length.end(sex) - 110.0).abs() < 1e-9);
            assert!((standards.weight_for_height.end(sex) - 120.0).abs() < 1e-9);
        }
        // WHO's published medians: boys' length at birth, girls' weight at birth.
        let boys = standards.length_for_age.at(Sex::Male, 0.0).expect("row");
        assert_eq!((boys.l, boys.m, boys.s), (1.0, 49.8842, 0.03795));
        let girls = standards.weight_for_age.at(Sex::Female, 0.0).expect("row");
        assert_eq!(girls.m, 3.2322);
    }

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
                let length = length_for_z(Sex::Female, days, z);
                let stature = (length * 10.0).round() / 10.0;
                let weight = weight_for_z(Sex::Female, days, stature, weight_z);
                let raw = raw_scores(Sex::Female, days, weight, stature);
                let haz = raw[0].expect("haz");
                let whz = raw[2].expect("whz");
                // HAZ moves by the rounding of the length to 1 mm.
                assert!((haz - z).abs() < 0.05, "{days} {z} {haz}");
                assert!((whz - weight_z).abs() < 1e-9, "{days} {weight_z} {whz}");
            }
        }
    }

    #[test]
    fn implausible_values_are_flagged() {
        let scores = z_scores(Sex::Male, 400.0, 9.0, 50.0, true);
        assert_eq!(scores.haz.1, 1.0);
        let scores = z_scores(Sex::Male, 400.0, 9.0, 40.0, true);
        assert_eq!(scores.whz.0, OUT_OF_RANGE);
    }
}
