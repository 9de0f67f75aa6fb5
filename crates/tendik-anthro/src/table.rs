//! The bundled WHO tables: rows of L, M and S by day of age or by 0.1 cm.

use std::sync::LazyLock;

/// L, M and S of one row of a WHO table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Lms {
    pub(crate) l: f64,
    pub(crate) m: f64,
    pub(crate) s: f64,
}

impl Lms {
    /// The measurement at z; with `restricted`, WHO's restricted LMS method for weight
    /// indicators: linear in the distance between the 2 and 3 SD values beyond ±3 SD.
    pub(crate) fn value_at(self, z: f64, restricted: bool) -> f64 {
        let at = |z: f64| {
            if self.l == 0.0 {
                self.m * (self.s * z).exp()
            } else {
                self.m * (1.0 + self.l * self.s * z).powf(1.0 / self.l)
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

    /// The z-score of measurement `x` (restricted as in [`Self::value_at`]).
    pub(crate) fn z_of(self, x: f64, restricted: bool) -> f64 {
        let Self { l, m, s } = self;
        let z = if l == 0.0 {
            (x / m).ln() / s
        } else {
            ((x / m).powf(l) - 1.0) / (l * s)
        };
        if restricted && z > 3.0 {
            let sd3 = self.value_at(3.0, false);
            3.0 + (x - sd3) / (sd3 - self.value_at(2.0, false))
        } else if restricted && z < -3.0 {
            let sd3 = self.value_at(-3.0, false);
            -3.0 - (sd3 - x) / (self.value_at(-2.0, false) - sd3)
        } else {
            z
        }
    }
}

/// One WHO table for both sexes: rows at `start`, `start + step`, … (days or cm).
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) start: f64,
    step: f64,
    /// Boys' rows, then girls'.
    rows: [Vec<Lms>; 2],
}

impl Table {
    /// Parse `sex,x,l,m,s` rows (the bundled `data/who/*.csv`). The bundled tables are
    /// checked by this crate's tests, so a malformed row is a bug here, not an input error.
    fn parse(text: &str, start: f64, step: f64) -> Self {
        let mut rows = [Vec::new(), Vec::new()];
        for line in text.lines().skip(1).filter(|line| !line.is_empty()) {
            let fields: Vec<&str> = line.split(',').collect();
            let [sex, x, l, m, s] = fields[..] else {
                panic!("a bundled WHO table row has 5 fields: {line}");
            };
            let number = |field: &str| -> f64 {
                field
                    .parse()
                    .unwrap_or_else(|_| panic!("the bundled WHO tables are numeric: {line}"))
            };
            let rows = match sex {
                "1" => &mut rows[0],
                "2" => &mut rows[1],
                _ => panic!("a bundled WHO table row is for sex 1 or 2: {line}"),
            };
            let expected = start + step * rows.len() as f64;
            assert!(
                (number(x) - expected).abs() < 1e-6,
                "WHO table rows are consecutive: {line}"
            );
            rows.push(Lms {
                l: number(l),
                m: number(m),
                s: number(s),
            });
        }
        Self { start, step, rows }
    }

    fn rows(&self, sex: crate::Sex) -> &[Lms] {
        &self.rows[usize::from(sex == crate::Sex::Female)]
    }

    /// The last key of the table.
    pub(crate) fn end(&self, sex: crate::Sex) -> f64 {
        self.start + self.step * (self.rows(sex).len().saturating_sub(1)) as f64
    }

    /// The row at an exact key (an age in whole days); `None` outside the table.
    pub(crate) fn at(&self, sex: crate::Sex, x: f64) -> Option<Lms> {
        let index = ((x - self.start) / self.step).round();
        if index.is_nan() || index < 0.0 {
            return None;
        }
        self.rows(sex).get(index as usize).copied()
    }

    /// L, M and S at `x`, interpolated linearly between the 0.1 cm rows below and above it,
    /// as WHO's `anthro` does for weight-for-length/height; `None` outside the table.
    pub(crate) fn interpolated(&self, sex: crate::Sex, x: f64) -> Option<Lms> {
        if x.is_nan() || x < self.start - 1e-9 || x > self.end(sex) + 1e-9 {
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

/// WHO Child Growth Standards (2006), expanded tables: length/height-for-age, weight-for-age
/// and BMI-for-age by day 0–1856, weight-for-length 45–110 cm and weight-for-height
/// 65–120 cm by 0.1 cm (`data/who/README.md` gives their provenance).
#[derive(Debug)]
pub(crate) struct Standards {
    pub(crate) length_for_age: Table,
    pub(crate) weight_for_age: Table,
    pub(crate) weight_for_length: Table,
    pub(crate) weight_for_height: Table,
    pub(crate) bmi_for_age: Table,
}

pub(crate) static STANDARDS: LazyLock<Standards> = LazyLock::new(|| Standards {
    length_for_age: Table::parse(include_str!("../data/who/lhfa.csv"), 0.0, 1.0),
    weight_for_age: Table::parse(include_str!("../data/who/wfa.csv"), 0.0, 1.0),
    weight_for_length: Table::parse(include_str!("../data/who/wfl.csv"), 45.0, 0.1),
    weight_for_height: Table::parse(include_str!("../data/who/wfh.csv"), 65.0, 0.1),
    bmi_for_age: Table::parse(include_str!("../data/who/bfa.csv"), 0.0, 1.0),
});

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "the published table values are compared exactly"
)]
mod tests {
    use super::*;
    use crate::Sex;

    #[test]
    fn tables_have_every_row() {
        let standards = &*STANDARDS;
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(standards.length_for_age.end(sex), 1856.0);
            assert_eq!(standards.weight_for_age.end(sex), 1856.0);
            assert_eq!(standards.bmi_for_age.end(sex), 1856.0);
            assert!((standards.weight_for_length.end(sex) - 110.0).abs() < 1e-9);
            assert!((standards.weight_for_height.end(sex) - 120.0).abs() < 1e-9);
        }
    }

    /// WHO's published values (`data/who/README.md`).
    #[test]
    fn tables_hold_the_published_values() {
        let standards = &*STANDARDS;
        let row = |table: &Table, sex, x| table.at(sex, x).expect("row");
        let boys = row(&standards.length_for_age, Sex::Male, 0.0);
        assert_eq!((boys.l, boys.m, boys.s), (1.0, 49.8842, 0.03795));
        assert_eq!(row(&standards.weight_for_age, Sex::Female, 0.0).m, 3.2322);
        let boys = row(&standards.bmi_for_age, Sex::Male, 0.0);
        assert_eq!((boys.l, boys.m, boys.s), (-0.3053, 13.4069, 0.0956));
        let girls = row(&standards.bmi_for_age, Sex::Female, 0.0);
        assert_eq!((girls.l, girls.m, girls.s), (-0.0631, 13.3363, 0.09272));
        // Day 731 starts the height-based part of BMI-for-age.
        assert_eq!(row(&standards.bmi_for_age, Sex::Male, 731.0).m, 16.0189);
        let wfl = standards
            .weight_for_length
            .interpolated(Sex::Male, 45.0)
            .expect("row");
        assert_eq!((wfl.l, wfl.m, wfl.s), (-0.3521, 2.441, 0.09182));
    }

    #[test]
    fn lookups_outside_the_tables_give_nothing() {
        let table = &STANDARDS.length_for_age;
        for x in [-1.0, 1857.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(table.at(Sex::Male, x), None, "{x}");
        }
        let table = &STANDARDS.weight_for_length;
        for x in [44.9, 110.1, f64::NAN, f64::INFINITY, -45.0] {
            assert_eq!(table.interpolated(Sex::Female, x), None, "{x}");
        }
    }
}
