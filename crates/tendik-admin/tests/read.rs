//! Reading the fixtures of `tests/data` (DHIS2's own layouts; see its README) and asking
//! them for totals.

#![expect(
    clippy::float_cmp,
    reason = "the fixtures' values and their sums are exact in binary floating point"
)]

use std::path::{Path, PathBuf};

use tendik_admin::{AdminData, OutsidePeriod, Position, WarningKind};
use tendik_geo::find;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn periods(periods: &[&str]) -> Vec<String> {
    periods.iter().map(|&period| period.to_owned()).collect()
}

fn codes(units: &[&tendik_geo::Unit]) -> Vec<String> {
    units.iter().map(|unit| unit.code.clone()).collect()
}

#[test]
fn a_folder_of_dhis2_json_and_csv_with_metadata() {
    let data = AdminData::read_dir(&data("naryn")).unwrap();
    assert!(data.warnings().is_empty(), "{:?}", data.warnings());
    // 6 JSON values (the metadata file holds none), then 6 CSV rows: files by name.
    assert_eq!(data.values().len(), 12);
    let first = &data.values()[0];
    assert_eq!(first.element, "ECE_PLACES");
    assert_eq!(first.period, "2018");
    assert_eq!(first.area.code, "KG04210000000", "by the metadata's code");
    assert_eq!(first.category_option_combo.as_deref(), Some("HllvX50cXC0"));
    assert_eq!(first.value, 120.0);
    assert_eq!(first.origin.position, Position::Index(0));
    assert!(first.origin.file.ends_with("naryn_ece_2018.json"));
    assert_eq!(
        first.origin.to_string(),
        format!("{} dataValues[0]", first.origin.file.display())
    );
    // By the metadata's Russian name, and by its Kyrgyz name when its code is not tendik's.
    assert_eq!(data.values()[1].area.code, "KG04220000000");
    assert_eq!(data.values()[2].area.code, "KG04230000000");
    // CSV org units by Russian and Kyrgyz names; lines count the header.
    let csv = &data.values()[6];
    assert_eq!(csv.area.code, "KG04210000000");
    assert_eq!(csv.origin.position, Position::Line(2));
    let areas: Vec<&str> = data.values()[6..]
        .iter()
        .map(|v| v.area.code.as_str())
        .collect();
    assert_eq!(
        areas,
        [
            "KG04210000000",
            "KG04235000000",
            "KG04400000010",
            "KG04245000000",
            "KG04220000000",
            "KG04230000000"
        ]
    );
    assert_eq!(
        data.elements().into_iter().collect::<Vec<_>>(),
        ["ECE_ENROLLED", "ECE_PLACES"]
    );
    assert_eq!(
        data.periods().into_iter().collect::<Vec<_>>(),
        ["2017", "2018", "2019"]
    );
}

#[test]
fn a_region_rolls_up_from_its_districts_and_reports_the_missing_ones() {
    let data = AdminData::read_dir(&data("naryn")).unwrap();
    let naryn = find("KG-N").unwrap();
    let total = data.total("ECE_PLACES", &periods(&["2018"]), naryn);
    assert_eq!(total.value, Some(120.0 + 85.0 + 64.0));
    assert_eq!(total.reported_units, 3);
    assert_eq!(
        codes(&total.missing_units),
        ["KG04235000000", "KG04245000000", "KG04400000010"]
    );
    // 2019: all six districts; 2018 and 2019 together sum both years.
    let total = data.total("ECE_PLACES", &periods(&["2019"]), naryn);
    assert_eq!(
        total.value,
        Some(125.0 + 140.0 + 210.0 + 58.0 + 90.0 + 66.0)
    );
    assert!(total.missing_units.is_empty());
    let both = data.total("ECE_PLACES", &periods(&["2018", "2019"]), naryn);
    assert_eq!(both.value, Some(269.0 + 689.0));
    assert_eq!(both.reported_units, 6);
}

#[test]
fn a_unit_with_its_own_values_sums_its_category_option_combos() {
    let data = AdminData::read_dir(&data("naryn")).unwrap();
    let ak_talaa = find("KG04210000000").unwrap();
    let total = data.total("ECE_ENROLLED", &periods(&["2018"]), ak_talaa);
    assert_eq!(total.value, Some(52.0 + 61.0));
    assert_eq!(total.reported_units, 1);
    assert!(total.missing_units.is_empty());
    // A district without values is itself missing; an unknown element has no value.
    let kochkor = find("KG04235000000").unwrap();
    let total = data.total("ECE_ENROLLED", &periods(&["2018"]), kochkor);
    assert_eq!(total.value, None);
    assert_eq!(codes(&total.missing_units), ["KG04235000000"]);
    let total = data.total("NO_SUCH", &periods(&["2018"]), find("KG").unwrap());
    assert_eq!(total.value, None);
    assert_eq!(total.reported_units, 0);
    assert_eq!(
        total.missing_units.len(),
        53 + 2,
        "districts and the two cities"
    );
}

#[test]
fn the_country_rolls_up_through_regions() {
    let data = AdminData::read_dir(&data("naryn")).unwrap();
    let total = data.total("ECE_PLACES", &periods(&["2019"]), find("KG").unwrap());
    assert_eq!(total.value, Some(689.0));
    assert_eq!(total.reported_units, 6);
    // Every district and city of the other eight regions.
    assert_eq!(total.missing_units.len(), 55 - 6);
    assert!(
        total
            .missing_units
            .iter()
            .all(|unit| !unit.code.starts_with("KG04"))
    );
}

#[test]
fn periods_outside_the_plan_are_counted() {
    let data = AdminData::read_dir(&data("naryn")).unwrap();
    assert_eq!(
        data.periods_outside(&periods(&["2018"])),
        [
            OutsidePeriod {
                element: "ECE_PLACES",
                period: "2017",
                count: 1
            },
            OutsidePeriod {
                element: "ECE_PLACES",
                period: "2019",
                count: 6
            },
        ]
    );
    assert!(
        data.periods_outside(&periods(&["2017", "2018", "2019"]))
            .is_empty()
    );
}

#[test]
fn dhis2_csv_without_a_header_is_read_by_position() {
    let data = AdminData::read_file(&data("headerless.csv")).unwrap();
    let areas: Vec<&str> = data.values().iter().map(|v| v.area.code.as_str()).collect();
    assert_eq!(
        areas,
        [
            "KG06207000000",
            "KG06211000000",
            "KG06226000000",
            "KG06242000000"
        ]
    );
    assert_eq!(data.values()[0].origin.position, Position::Line(1));
    assert_eq!(data.values()[2].category_option_combo, None);
    let osh = find("KG-O").unwrap();
    let total = data.total("ECE_PLACES", &periods(&["2019"]), osh);
    assert_eq!(total.value, Some(310.0 + 275.0 + 402.0 + 190.0));
    assert_eq!(total.missing_units.len(), 3);
}

#[test]
fn a_plain_table_with_codes_and_names_and_warnings() {
    let data = AdminData::read_file(&data("plain.csv")).unwrap();
    let areas: Vec<&str> = data.values().iter().map(|v| v.area.code.as_str()).collect();
    assert_eq!(
        areas,
        [
            "KG11000000000",
            "KG21000000000",
            "KG08000000000",
            "KG07000000000"
        ]
    );
    assert_eq!(data.values()[1].value, 1480.5);
    let warnings: Vec<String> = data
        .warnings()
        .iter()
        .map(|warning| {
            let file = warning.origin.file.display().to_string();
            warning.to_string().replace(&file, "plain.csv")
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "plain.csv line 5: the value of ECE_PLACES is empty; skipped",
            "plain.csv line 6: ECE_PLACES has a negative value, -3; kept, but counts of \
             services are not negative: check the source"
        ]
    );
    assert!(matches!(
        data.warnings()[1].kind,
        WarningKind::Negative { value, .. } if value == -3.0
    ));
    // Issyk-Kul's empty value is skipped: the region rolls up from districts that have none.
    let issyk_kul = find("KG-Y").unwrap();
    let total = data.total("ECE_PLACES", &periods(&["2019"]), issyk_kul);
    assert_eq!(total.value, None);
    assert_eq!(total.missing_units.len(), 7);
}
