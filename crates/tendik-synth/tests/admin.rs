//! The administrative data (`admin/dataValueSets.json`): DHIS2's `dataValueSets` shape, a
//! whole-number value of every element for every district-level unit of HH7A, the
//! relations between elements, and supply that follows the survey's district welfare.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;
use tendik_synth::{ADMIN_ELEMENTS, ADMIN_FILE, Format, Settings};

fn generate(dir: &Path, households: u64, format: Format) {
    let settings = Settings {
        households,
        seed: tendik_synth::DEFAULT_SEED,
        format,
        ..Settings::default()
    };
    let summary = tendik_synth::generate(&settings, dir).expect("generate");
    assert_eq!(summary.admin, dir.join(ADMIN_FILE));
}

/// Values by element code, then by unit (national id).
type Values = BTreeMap<String, BTreeMap<String, u64>>;

/// Parse the file, checking its shape; returns the values.
fn parse(path: &Path) -> Values {
    let text = std::fs::read_to_string(path).expect("read the admin file");
    let json: Value = serde_json::from_str(&text).expect("the admin file is JSON");
    assert_eq!(json["dataSet"], "tendikDemo01");
    assert_eq!(json["period"], "2018");
    assert!(json["completeDate"].as_str().is_some_and(|d| d.len() == 10));
    let values = json["dataValues"]
        .as_array()
        .expect("dataValues is an array");
    let mut out = Values::new();
    let mut previous: Option<(String, String)> = None;
    for value in values {
        let object = value.as_object().expect("each data value is an object");
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "attributeOptionCombo",
                "categoryOptionCombo",
                "dataElement",
                "followup",
                "orgUnit",
                "period",
                "storedBy",
                "value"
            ])
        );
        assert_eq!(value["period"], "2018");
        assert_eq!(value["categoryOptionCombo"], "HllvX50cXC0");
        assert_eq!(value["attributeOptionCombo"], "HllvX50cXC0");
        assert_eq!(value["storedBy"], "tendik-synth");
        assert_eq!(value["followup"], false);
        let element = value["dataElement"].as_str().expect("a code").to_owned();
        let unit = value["orgUnit"].as_str().expect("a unit").to_owned();
        // Values are strings holding non-negative whole numbers.
        let number: u64 = value["value"]
            .as_str()
            .expect("values are strings")
            .parse()
            .expect("values are non-negative whole numbers");
        // Ordered by element, then by unit.
        let key = (element.clone(), unit.clone());
        if let Some(previous) = &previous {
            assert!(*previous < key, "{previous:?} before {key:?}");
        }
        previous = Some(key);
        let duplicate = out.entry(element).or_default().insert(unit, number);
        assert!(duplicate.is_none(), "one value per element and unit");
    }
    out
}

#[test]
fn the_file_has_dhis2_shape_every_unit_and_element_and_consistent_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), tendik_synth::minimum_households(), Format::Csv);
    let values = parse(&dir.path().join(ADMIN_FILE));

    // Every element, each for the 55 district-level units of HH7A's value labels.
    let elements: BTreeSet<&str> = values.keys().map(String::as_str).collect();
    assert_eq!(elements, ADMIN_ELEMENTS.iter().map(|e| e.0).collect());
    let codebook: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("hh.codebook.json")).expect("codebook"),
    )
    .expect("JSON");
    let hh7a = codebook["variables"]
        .as_array()
        .expect("variables")
        .iter()
        .find(|v| v["name"] == "HH7A")
        .expect("HH7A");
    let survey_units: BTreeSet<String> = hh7a["value_labels"]
        .as_array()
        .expect("value labels")
        .iter()
        .map(|label| {
            let code = label["value"]["number"].as_f64().expect("numeric code") as u32;
            tendik_geo::find_numeric(code)
                .expect("a tendik-geo unit")
                .code
                .clone()
        })
        .collect();
    assert_eq!(survey_units.len(), 55);
    for (element, by_unit) in &values {
        let units: BTreeSet<String> = by_unit.keys().cloned().collect();
        assert_eq!(units, survey_units, "{element}");
    }

    let get = |element: &str, unit: &str| values[element][unit];
    for unit in &survey_units {
        let at_most = |small: &str, large: &str| {
            assert!(
                get(small, unit) <= get(large, unit),
                "{unit}: {small} {} > {large} {}",
                get(small, unit),
                get(large, unit)
            );
        };
        at_most("POP_U1", "POP_U2");
        at_most("POP_U2", "POP_U5");
        at_most("POP_U5", "POP_TOTAL");
        at_most("POP_3_6", "POP_TOTAL");
        at_most("PHC_FACILITIES_VACCINE_IN_STOCK", "PHC_FACILITIES");
        at_most("VACCINE_STOCKOUT_DAYS", "FACILITY_DAYS");
        at_most("PHC_POSTS_FILLED", "PHC_POSTS_APPROVED");
        at_most("IYCF_COUNSELLING_FACILITIES", "PHC_FACILITIES");
        at_most("GROWTH_MONITORING_U2", "POP_U2");
        at_most("SETTLEMENTS_WATER_SYSTEM", "SETTLEMENTS");
        at_most("POP_WITHIN_REACH_REGISTRY", "POP_TOTAL");
        at_most("UBK_ELIGIBLE_FAMILIES", "UBK_POOR_FAMILIES_WITH_CHILDREN");
        at_most("UBK_RECIPIENT_FAMILIES", "UBK_ELIGIBLE_FAMILIES");
        assert_eq!(
            get("FACILITY_DAYS", unit),
            365 * get("PHC_FACILITIES", unit),
            "{unit}"
        );
        let stock_out = get("PHC_FACILITIES", unit) - get("PHC_FACILITIES_VACCINE_IN_STOCK", unit);
        assert_eq!(
            get("VACCINE_STOCKOUT_DAYS", unit) == 0,
            stock_out == 0,
            "{unit}: stock-out days only where facilities ran out"
        );
        for element in [
            "POP_TOTAL",
            "PHC_FACILITIES",
            "SETTLEMENTS",
            "REGISTRY_OFFICES",
        ] {
            assert!(get(element, unit) > 0, "{unit}: {element}");
        }
    }
    let total: u64 = values["POP_TOTAL"].values().sum();
    assert!(
        (6_999_900..=7_000_100).contains(&total),
        "population {total}"
    );
}

#[test]
fn every_format_and_the_demo_write_the_admin_file() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut texts = Vec::new();
    for format in [Format::Dta, Format::Parquet] {
        let dir = root.path().join(format.extension());
        generate(&dir, tendik_synth::minimum_households(), format);
        texts.push(std::fs::read(dir.join(ADMIN_FILE)).expect("admin file"));
        // Nothing is left behind in the admin folder but the file.
        let entries: Vec<_> = std::fs::read_dir(dir.join("admin"))
            .expect("admin folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(entries, ["dataValueSets.json"]);
    }
    // The same seed gives the same file whatever the format.
    assert_eq!(texts[0], texts[1]);

    // An old cached demo without admin/ is incomplete, so it is generated again.
    let cache = tempfile::tempdir().expect("temp dir");
    let demo = tendik_synth::ensure_demo(cache.path()).expect("demo");
    assert!(tendik_synth::demo_is_complete(cache.path()));
    std::fs::remove_file(demo.join(ADMIN_FILE)).expect("remove");
    assert!(!tendik_synth::demo_is_complete(cache.path()));
    tendik_synth::ensure_demo(cache.path()).expect("demo again");
    assert!(demo.join(ADMIN_FILE).is_file());
}

/// Pearson correlation.
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

/// Supply follows the survey: across districts, the share of facilities with DTP vaccine in
/// stock rises with the households' mean wealth score in the demo survey.
#[test]
fn vaccine_in_stock_share_follows_the_survey_district_welfare() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), tendik_synth::DEFAULT_HOUSEHOLDS, Format::Csv);
    let values = parse(&dir.path().join(ADMIN_FILE));

    // Household-weighted mean wealth score by HH7A.
    let text = std::fs::read_to_string(dir.path().join("hh.csv")).expect("hh");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (hh7a, weight, score) = (column("HH7A"), column("hhweight"), column("wscore"));
    let mut sums: HashMap<u32, (f64, f64)> = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[score].is_empty() {
            continue;
        }
        let w: f64 = cells[weight].parse().expect("weight");
        let s: f64 = cells[score].parse().expect("score");
        let entry = sums.entry(cells[hh7a].parse().expect("HH7A")).or_default();
        entry.0 += w * s;
        entry.1 += w;
    }
    let (mut welfare, mut in_stock) = (Vec::new(), Vec::new());
    for (code, (sum, total)) in &sums {
        let unit = &tendik_geo::find_numeric(*code).expect("unit").code;
        welfare.push(sum / total);
        in_stock.push(
            values["PHC_FACILITIES_VACCINE_IN_STOCK"][unit] as f64
                / values["PHC_FACILITIES"][unit] as f64,
        );
    }
    assert!(
        welfare.len() >= 50,
        "{} districts in the demo",
        welfare.len()
    );
    let r = correlation(&welfare, &in_stock);
    assert!(
        r > 0.3,
        "correlation of vaccine-in-stock share and welfare {r}"
    );
}
