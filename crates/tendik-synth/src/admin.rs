//! Administrative data consistent with the survey: one DHIS2 `dataValueSets` file,
//! `OUT/admin/dataValueSets.json`, with a yearly value of every element in [`ELEMENTS`] for
//! every district-level unit the survey's HH7A uses (the 40 rayons, 13 towns and the two
//! cities of republican significance, each city its own unit).
//!
//! The file has DHIS2's export shape: `dataSet` ([`DATA_SET`]), `completeDate`, `period`
//! and `dataValues`, each value with `dataElement` (the element's code, as DHIS2 writes with
//! `dataElementIdScheme=CODE`), `period` (the survey's interview year, a DHIS2 yearly period
//! such as `2018`), `orgUnit` (the unit's national id, `tendik_geo::Unit::code`),
//! `categoryOptionCombo` and `attributeOptionCombo` (DHIS2's default combination,
//! `HllvX50cXC0`), `value` (a whole number, as a string), `storedBy` and `followup`.
//! Values are ordered by element code, then by unit.
//!
//! Everything is invented, and the model is tendik's assumption:
//!
//! - Populations (`POP_*`) are the calibration's pilot population of each unit (the model's
//!   own composition, weighted to the design's population of 7 million), so they add up to
//!   the population the survey weights add up to.
//! - Each unit has a supply level: the mean latent welfare of its persons (region, urban,
//!   district and household effects, as in the survey) plus a district supply effect
//!   ([`supply_effect`], normal with SD 0.35, drawn once from the fixed population seed, so
//!   every sample seed shares it). Poorer and more rural units are worse supplied: fewer
//!   facilities in stock of DTP-containing vaccine, fewer filled posts, fewer IYCF
//!   counsellors, fewer ECE places per child and fewer settlements with piped water.
//!   The survey reads the same supply effect: where it is higher more parents know how to
//!   register a birth (BR3), more infants are exclusively breastfed and more poor families
//!   know of and receive the benefit (ST1–ST3).
//! - Counts draw binomially around their expected share from the seed's own stream, so a
//!   seed always gives the same file.
//! - Roughly: one primary health care facility per 1,500 people in rural areas and 2,800 in
//!   towns; 2.3 doctor and nurse posts per 1,000 people plus one per facility; a settlement
//!   per 2,500 rural people; ECE places for 25 % of children 3–6 nationally (the intercept is
//!   solved for it); poor families with children, and those receiving the monthly benefit,
//!   are the survey model's expected numbers (ST3 as the survey draws it), with 5 % reporting
//!   noise; eligible families are a few percent more than recipients.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::calibrate::{self, District};
use crate::design::{self, POPULATION_SEED};
use crate::error::SynthError;
use crate::geography::{UNITS, Unit};
use crate::rng::{Rng, logistic};
use crate::sink::{io_error, persist, temporary};

/// The folder of the administrative data inside the output folder.
pub(crate) const FOLDER: &str = "admin";
/// The DHIS2 data value set's file name.
pub(crate) const FILE: &str = "dataValueSets.json";
/// The data set's name in the file.
pub(crate) const DATA_SET: &str = "tendikDemo01";
/// DHIS2's default category option combination.
const DEFAULT_COMBO: &str = "HllvX50cXC0";
/// `storedBy` of every value.
const STORED_BY: &str = "tendik-synth";

/// The data elements of [`ADMIN_FILE`](crate::ADMIN_FILE): code (the file's `dataElement`)
/// and description, in the order the model computes them. Every value is a whole number.
pub const ELEMENTS: [(&str, &str); 21] = [
    ("POP_TOTAL", "Total population"),
    ("POP_U1", "Children under 1"),
    ("POP_U2", "Children under 2"),
    ("POP_U5", "Children under 5"),
    ("POP_3_6", "Children aged 3-6"),
    (
        "PHC_FACILITIES",
        "Primary health care facilities (FAPs, GPCs, FMCs)",
    ),
    (
        "PHC_FACILITIES_VACCINE_IN_STOCK",
        "Facilities with no stock-out of DTP-containing (pentavalent) vaccine in the year",
    ),
    (
        "VACCINE_STOCKOUT_DAYS",
        "Facility-days of DTP-containing vaccine stock-out in the year",
    ),
    (
        "FACILITY_DAYS",
        "Facility-days in the year (facilities x 365)",
    ),
    (
        "PHC_POSTS_APPROVED",
        "Approved doctor and nurse posts in primary health care",
    ),
    (
        "PHC_POSTS_FILLED",
        "Filled doctor and nurse posts in primary health care",
    ),
    (
        "IYCF_COUNSELLING_FACILITIES",
        "Facilities with a trained infant and young child feeding counsellor",
    ),
    (
        "GROWTH_MONITORING_U2",
        "Children under 2 with at least one growth-monitoring contact in the year",
    ),
    ("SETTLEMENTS", "Settlements (villages and towns)"),
    (
        "SETTLEMENTS_WATER_SYSTEM",
        "Settlements with a functioning piped water supply system",
    ),
    ("REGISTRY_OFFICES", "Civil registry offices"),
    (
        "POP_WITHIN_REACH_REGISTRY",
        "Population living within 30 minutes of a civil registry office",
    ),
    ("ECE_PLACES", "Places in pre-school (ECE) institutions"),
    (
        "UBK_POOR_FAMILIES_WITH_CHILDREN",
        "Estimated poor families with children",
    ),
    (
        "UBK_ELIGIBLE_FAMILIES",
        "Families assessed eligible for the monthly benefit for poor families with children",
    ),
    (
        "UBK_RECIPIENT_FAMILIES",
        "Families receiving the monthly benefit for poor families with children",
    ),
];

/// Standard deviation of a unit's supply effect.
const SUPPLY_SD: f64 = 0.35;
/// Purpose keys of the supply effects' and the counts' streams ([`Rng::keyed`]).
const SUPPLY_STREAM: u64 = 0x7375_7070_6c79_2d37;
const ADMIN_STREAM: u64 = 0x6164_6d69_6e2d_3037;
/// Share of children 3–6 with an ECE place nationally.
const ECE_COVERAGE: f64 = 0.25;

/// The supply effects of the district-level units, by position in [`UNITS`]: part of the
/// fixed population, like the units' welfare effects.
static SUPPLY_EFFECTS: LazyLock<Vec<f64>> = LazyLock::new(|| {
    let mut rng = Rng::keyed(POPULATION_SEED, SUPPLY_STREAM, 0);
    UNITS.iter().map(|_| SUPPLY_SD * rng.normal()).collect()
});

/// The supply effect of a district-level unit (0 for a unit the model does not know).
pub(crate) fn supply_effect(unit: &Unit) -> f64 {
    UNITS
        .iter()
        .position(|u| u.code == unit.code)
        .map_or(0.0, |i| SUPPLY_EFFECTS[i])
}

/// A unit's supply level: the mean welfare of its persons plus its supply effect.
fn supply_level(district: &District, unit: &Unit) -> f64 {
    district.welfare + supply_effect(unit)
}

/// Binomial draw: exact for small `n`, else the normal approximation (rounded, within
/// 0…n).
fn binomial(rng: &mut Rng, n: u64, p: f64) -> u64 {
    if n <= 200 {
        (0..n).filter(|_| rng.chance(p)).count() as u64
    } else {
        let n_f = n as f64;
        let draw = n_f * p + (n_f * p * (1.0 - p)).sqrt() * rng.normal();
        draw.round().clamp(0.0, n_f) as u64
    }
}

/// A whole number from a non-negative expectation.
fn count(value: f64) -> u64 {
    value.round().max(0.0) as u64
}

/// The values of one unit, in [`ELEMENTS`] order.
fn unit_values(
    rng: &mut Rng,
    unit: &Unit,
    district: &District,
    ece_intercept: f64,
) -> [u64; ELEMENTS.len()] {
    let level = supply_level(district, unit);
    let urban = district.urban_persons / district.persons;
    let rural = 1.0 - urban;
    let persons = count(district.persons);
    let under2 = count(district.under2);
    let age3_6 = count(district.age3_6);

    // Primary health care: more facilities per head where people live in villages.
    let per_facility = (2_800.0 - 1_300.0 * rural) * (0.1 * rng.normal()).exp();
    let facilities = count(district.persons / per_facility).max(1);
    let in_stock = binomial(rng, facilities, logistic(1.7 + 1.1 * level));
    let mean_days = (18.0 + 22.0 * rural - 8.0 * level).max(5.0);
    let stockout_days: u64 = (0..facilities - in_stock)
        .map(|_| (1.0 - mean_days * (1.0 - rng.uniform()).ln()).min(365.0) as u64)
        .sum();
    let approved =
        count(district.persons * 2.3 / 1_000.0 * (0.05 * rng.normal()).exp()) + facilities;
    let filled = binomial(rng, approved, logistic(1.1 + 1.0 * level - 0.3 * rural));
    let counselling = binomial(rng, facilities, logistic(-0.2 + 1.1 * level));
    let growth = binomial(rng, under2, logistic(1.3 + 0.8 * level));

    // Settlements: a town or city is one; a rayon has its villages and its urban settlements.
    let (rural_settlements, urban_settlements) = if unit.town {
        (0, 1)
    } else {
        let villages =
            count(district.persons * rural / 2_500.0 * (0.15 * rng.normal()).exp()).max(1);
        let towns = if district.urban_persons > 0.0 {
            count(district.urban_persons / 25_000.0).max(1)
        } else {
            0
        };
        (villages, towns)
    };
    let settlements = rural_settlements + urban_settlements;
    let water = urban_settlements + binomial(rng, rural_settlements, logistic(0.4 + 1.3 * level));

    // Civil registry: a rayon's office and some village registry points; a city one office per
    // 150,000 people.
    let offices = if unit.town {
        count(district.persons / 150_000.0).max(1)
    } else {
        1 + binomial(
            rng,
            count(rural_settlements as f64 / 8.0),
            logistic(-0.5 + 1.0 * level),
        )
    };
    let reach_rural = logistic(-0.2 + 1.0 * level + 0.4 * (offices as f64).ln());
    let within_reach =
        count(district.urban_persons * 0.98 + district.persons * rural * reach_rural).min(persons);

    let ece = count(
        district.age3_6 * ece_share(ece_intercept, level, urban) * (0.05 * rng.normal()).exp(),
    );

    // The monthly benefit: the survey model's expected numbers with reporting noise.
    let poor = count(district.poor_families_with_children * (0.05 * rng.normal()).exp());
    let mut recipients = count(district.benefit_recipients * (0.05 * rng.normal()).exp());
    let eligible = count(recipients as f64 * (1.04 + 0.04 * rng.uniform())).min(poor);
    recipients = recipients.min(eligible);

    [
        persons,
        count(district.under1),
        under2,
        count(district.under5),
        age3_6,
        facilities,
        in_stock,
        stockout_days,
        facilities * 365,
        approved,
        filled,
        counselling,
        growth,
        settlements,
        water,
        offices,
        within_reach,
        ece,
        poor,
        eligible,
        recipients,
    ]
}

/// Share of children 3–6 with an ECE place in a unit.
fn ece_share(intercept: f64, level: f64, urban: f64) -> f64 {
    logistic(intercept + 1.2 * level + 1.2 * urban)
}

/// One value of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataValue {
    pub(crate) element: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) value: u64,
}

/// Every value for a survey with this seed and welfare gain, in file order (element code,
/// then unit).
pub(crate) fn data_values(seed: u64, welfare_gain: f64) -> Vec<DataValue> {
    let districts = calibrate::districts(welfare_gain);
    let children: f64 = districts.iter().map(|d| d.age3_6).sum();
    let ece_intercept = calibrate::solve(ECE_COVERAGE, |a| {
        districts
            .iter()
            .zip(UNITS.iter())
            .map(|(d, u)| d.age3_6 * ece_share(a, supply_level(d, u), d.urban_persons / d.persons))
            .sum::<f64>()
            / children
    });
    let mut rng = Rng::keyed(seed, ADMIN_STREAM, 0);
    let mut values = Vec::with_capacity(ELEMENTS.len() * UNITS.len());
    for (unit, district) in UNITS.iter().zip(&districts) {
        let row = unit_values(&mut rng, unit, district, ece_intercept);
        for ((element, _), value) in ELEMENTS.iter().zip(row) {
            values.push(DataValue {
                element,
                unit: unit.national,
                value,
            });
        }
    }
    values.sort_by(|a, b| a.element.cmp(b.element).then(a.unit.cmp(b.unit)));
    values
}

/// The file's text: DHIS2's `dataValueSets` JSON, pretty-printed (two-space indent) with the
/// keys in DHIS2's order.
fn render(values: &[DataValue], year: i32) -> String {
    let quote = |text: &str| serde_json::to_string(text).expect("a string serialises");
    let period = year.to_string();
    let mut out = String::new();
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"dataSet\": {},", quote(DATA_SET));
    let _ = writeln!(out, "  \"completeDate\": \"{}-03-31\",", year + 1);
    let _ = writeln!(out, "  \"period\": {},", quote(&period));
    let _ = writeln!(out, "  \"dataValues\": [");
    for (index, value) in values.iter().enumerate() {
        let _ = writeln!(out, "    {{");
        let _ = writeln!(out, "      \"dataElement\": {},", quote(value.element));
        let _ = writeln!(out, "      \"period\": {},", quote(&period));
        let _ = writeln!(out, "      \"orgUnit\": {},", quote(value.unit));
        let _ = writeln!(
            out,
            "      \"categoryOptionCombo\": {},",
            quote(DEFAULT_COMBO)
        );
        let _ = writeln!(
            out,
            "      \"attributeOptionCombo\": {},",
            quote(DEFAULT_COMBO)
        );
        let _ = writeln!(out, "      \"value\": \"{}\",", value.value);
        let _ = writeln!(out, "      \"storedBy\": {},", quote(STORED_BY));
        let _ = writeln!(out, "      \"followup\": false");
        let close = if index + 1 == values.len() { "" } else { "," };
        let _ = writeln!(out, "    }}{close}");
    }
    let _ = writeln!(out, "  ]");
    let _ = writeln!(out, "}}");
    out
}

/// Write `OUT/admin/dataValueSets.json` (atomically: a temporary file in the folder, renamed
/// into place). Returns its path.
pub(crate) fn write(out_dir: &Path, seed: u64, welfare_gain: f64) -> Result<PathBuf, SynthError> {
    let folder = out_dir.join(FOLDER);
    std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
    let path = folder.join(FILE);
    let text = render(&data_values(seed, welfare_gain), design::fieldwork_year());
    let mut temp = temporary(&path)?;
    temp.write_all(text.as_bytes())
        .map_err(|e| io_error(&path, e))?;
    persist(temp.into_temp_path(), &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_unit(values: &[DataValue], element: &str) -> Vec<f64> {
        UNITS
            .iter()
            .map(|u| {
                values
                    .iter()
                    .find(|v| v.element == element && v.unit == u.national)
                    .map(|v| v.value as f64)
                    .expect("every unit has every element")
            })
            .collect()
    }

    fn correlation(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (a, b) in x.iter().zip(y) {
            sxy += (a - mx) * (b - my);
            sxx += (a - mx) * (a - mx);
            syy += (b - my) * (b - my);
        }
        sxy / (sxx * syy).sqrt()
    }

    #[test]
    fn supply_follows_district_welfare() {
        let values = data_values(5, 0.0);
        let districts = calibrate::districts(0.0);
        let welfare: Vec<f64> = districts.iter().map(|d| d.welfare).collect();
        let share = |numerator: &str, denominator: &str| -> Vec<f64> {
            by_unit(&values, numerator)
                .iter()
                .zip(by_unit(&values, denominator))
                .map(|(a, b)| a / b)
                .collect()
        };
        for (numerator, denominator) in [
            ("PHC_FACILITIES_VACCINE_IN_STOCK", "PHC_FACILITIES"),
            ("PHC_POSTS_FILLED", "PHC_POSTS_APPROVED"),
            ("ECE_PLACES", "POP_3_6"),
        ] {
            let r = correlation(&welfare, &share(numerator, denominator));
            assert!(r > 0.4, "{numerator}/{denominator}: r = {r}");
        }
        // Populations add up to the design's 7 million.
        let total: f64 = by_unit(&values, "POP_TOTAL").iter().sum();
        assert!((total - design::TOTAL_POPULATION).abs() < 100.0, "{total}");
        // ECE places for about a quarter of children 3-6.
        let places: f64 = by_unit(&values, "ECE_PLACES").iter().sum();
        let children: f64 = by_unit(&values, "POP_3_6").iter().sum();
        assert!(
            (places / children - ECE_COVERAGE).abs() < 0.01,
            "{}",
            places / children
        );
    }

    #[test]
    fn the_public_path_names_this_file() {
        assert_eq!(crate::ADMIN_FILE, format!("{FOLDER}/{FILE}"));
    }

    #[test]
    fn same_seed_same_values_and_a_gain_raises_supply() {
        assert_eq!(data_values(3, 0.0), data_values(3, 0.0));
        let stock = |values: &[DataValue]| {
            let sum = |e: &str| by_unit(values, e).iter().sum::<f64>();
            sum("PHC_FACILITIES_VACCINE_IN_STOCK") / sum("PHC_FACILITIES")
        };
        let later = data_values(3, 0.5);
        assert!(stock(&later) > stock(&data_values(3, 0.0)));
    }
}
