//! The DHIS2 JSON writer: its layout, its determinism, and reading back what it wrote.

use tendik_admin::{AdminData, AdminError, DEFAULT_COMBO, write_data_value_set};

const VALUES: [(&str, &str, &str, f64); 5] = [
    ("ECE_PLACES", "2019", "KG04210000000", 125.0),
    ("ECE_PLACES", "2018", "KG04210000000", 120.0),
    ("ECE_ENROLLED", "2018", "KG-GB", 4_310.5),
    ("ECE_PLACES", "2018", "KG04400000010", 0.1),
    ("ECE_PLACES", "2018", "KG02205000000", 1e20),
];

#[test]
fn writing_then_reading_gives_the_same_values() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("synthetic.json");
    write_data_value_set(&path, "SYNTH_ECE", &VALUES).unwrap();
    let data = AdminData::read_file(&path).unwrap();
    assert!(data.warnings().is_empty());
    let mut read: Vec<(String, String, String, u64)> = data
        .values()
        .iter()
        .map(|value| {
            assert_eq!(value.category_option_combo.as_deref(), Some(DEFAULT_COMBO));
            assert_eq!(value.attribute_option_combo.as_deref(), Some(DEFAULT_COMBO));
            (
                value.element.clone(),
                value.period.clone(),
                value.area.code.clone(),
                value.value.to_bits(),
            )
        })
        .collect();
    let mut written: Vec<(String, String, String, u64)> = VALUES
        .iter()
        .map(|&(element, period, org_unit, value)| {
            let code = tendik_geo::find(org_unit).unwrap().code.clone();
            (element.to_owned(), period.to_owned(), code, value.to_bits())
        })
        .collect();
    read.sort();
    written.sort();
    assert_eq!(read, written, "every bit of every value");
}

#[test]
fn the_file_is_dhis2s_layout_sorted_and_the_same_bytes_every_time() {
    let folder = tempfile::tempdir().unwrap();
    let first = folder.path().join("a.json");
    let second = folder.path().join("b.json");
    write_data_value_set(&first, "SYNTH_ECE", &VALUES).unwrap();
    let mut reversed = VALUES;
    reversed.reverse();
    write_data_value_set(&second, "SYNTH_ECE", &reversed).unwrap();
    let text = fs_err::read_to_string(&first).unwrap();
    assert_eq!(text, fs_err::read_to_string(&second).unwrap());
    assert!(text.starts_with(
        "{\n  \"dataSet\": \"SYNTH_ECE\",\n  \"dataValues\": [\n    {\n      \"dataElement\": \"ECE_ENROLLED\",\n      \"period\": \"2018\",\n      \"orgUnit\": \"KG-GB\",\n      \"categoryOptionCombo\": \"HllvX50cXC0\",\n      \"attributeOptionCombo\": \"HllvX50cXC0\",\n      \"value\": \"4310.5\"\n    },"
    ), "{text}");
    assert!(text.contains("\"value\": \"100000000000000000000\""));
    assert!(text.contains("\"value\": \"0.1\""));
    assert!(text.ends_with("}\n"));
    // Nothing but the two files is left in the folder.
    let mut names: Vec<String> = fs_err::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.json", "b.json"]);
}

#[test]
fn values_the_reader_would_refuse_are_not_written() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bad.json");
    fs_err::write(&path, "earlier").unwrap();
    let error = write_data_value_set(
        &path,
        "S",
        &[("A", "2018", "KG-N", 1.0), ("A", "2018", "KG-N", 2.0)],
    )
    .unwrap_err();
    assert!(matches!(
        error,
        AdminError::BadValueToWrite { index: 1, .. }
    ));
    assert!(error.to_string().ends_with(
        "values[1] (A, 2018, KG-N, 2): a value for this data element, period and org unit is given twice"
    ), "{error}");
    let error = write_data_value_set(&path, "S", &[("A", "2018", "KG-N", f64::NAN)]).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("the value NaN is not a finite number"),
        "{error}"
    );
    assert_eq!(
        fs_err::read_to_string(&path).unwrap(),
        "earlier",
        "left whole"
    );
    let error = write_data_value_set(
        &folder.path().join("absent/x.json"),
        "S",
        &[("A", "2018", "KG-N", 1.0)],
    )
    .unwrap_err();
    assert!(matches!(error, AdminError::Write { .. }), "{error}");
}
