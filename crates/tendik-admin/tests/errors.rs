//! Every refusal names the file, the row or entry, the value and the fix; nothing bad is
//! read as zero.

use std::path::Path;

use tendik_admin::{AdminData, AdminError, Position, WarningKind};

const HEADER: &str = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup";

/// The error of reading `content` as the file `name`, with the folder left out of the message.
fn error_of(name: &str, content: &[u8]) -> (AdminError, String) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join(name);
    fs_err::write(&path, content).expect("the test file is written");
    let error = AdminData::read_file(&path).expect_err("the file is refused");
    let message = error
        .to_string()
        .replace(&format!("{}/", folder.path().display()), "");
    (error, message)
}

fn message_of(name: &str, content: &str) -> String {
    error_of(name, content.as_bytes()).1
}

fn csv(rows: &[&str]) -> String {
    let mut text = HEADER.to_owned();
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.push('\n');
    text
}

fn read(name: &str, content: &str) -> AdminData {
    AdminData::parse(Path::new(name), content.as_bytes())
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

#[test]
fn an_unknown_unit_gets_close_names_and_the_fix() {
    let message = message_of(
        "ece.csv",
        &csv(&["ECE_PLACES,2019,Isyk-Kul oblast,,,12,,,,false"]),
    );
    assert_eq!(
        message,
        "ece.csv line 2: org unit \"Isyk-Kul oblast\": no unit is named \"Isyk-Kul oblast\"; \
         close names: Issyk-Kul Region (KG02000000000), Issyk-Kul District (KG02215000000); \
         use the unit's code (KG…) or its name in English, Russian or Kyrgyz, or put DHIS2's \
         organisationUnits.json (id, code, name) beside the data"
    );
    let json = r#"{"dataValues": [{"dataElement": "ECE_PLACES", "period": "2019", "orgUnit": "Нарынскя обл", "value": "5"}]}"#;
    let message = message_of("ece.json", json);
    assert!(
        message.starts_with("ece.json dataValues[0]: org unit \"Нарынскя обл\": no unit"),
        "{message}"
    );
    assert!(
        message.contains("Нарынская область (KG04000000000)"),
        "{message}"
    );
}

#[test]
fn an_ambiguous_name_lists_the_units_it_could_be() {
    let message = message_of("ece.csv", &csv(&["ECE_PLACES,2019,Naryn,,,12,,,,false"]));
    assert_eq!(
        message,
        "ece.csv line 2: org unit \"Naryn\": \"Naryn\" names 3 units: Naryn Region \
         (KG04000000000), Naryn District (KG04245000000), Naryn City (KG04400000010); give the \
         full name or the code; use the unit's code (KG…) or its full name"
    );
}

#[test]
fn a_dhis2_id_without_metadata_says_where_the_metadata_goes() {
    let message = message_of(
        "ece.json",
        r#"{"period": "2019", "orgUnit": "qT7bN3xKp2L", "dataValues": [{"dataElement": "X", "value": "1"}]}"#,
    );
    assert!(
        message.starts_with("ece.json dataValues[0]: org unit \"qT7bN3xKp2L\": no unit is named"),
        "{message}"
    );
    assert!(message.ends_with("organisationUnits.json (id, code, name) beside the data"));
}

#[test]
fn metadata_that_names_no_unit_is_quoted() {
    let folder = tempfile::tempdir().unwrap();
    fs_err::write(
        folder.path().join("organisationUnits.json"),
        r#"{"organisationUnits": [{"id": "abcdefghijk", "code": "OU_1", "name": "Springfield"}]}"#,
    )
    .unwrap();
    fs_err::write(
        folder.path().join("data.csv"),
        csv(&["ECE_PLACES,2019,abcdefghijk,,,1,,,,false"]),
    )
    .unwrap();
    let error = AdminData::read_dir(folder.path()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(
            "org unit \"abcdefghijk\" (in DHIS2's metadata: named \"Springfield\", code \
             \"OU_1\"): no unit is named \"Springfield\""
        ),
        "{message}"
    );
}

#[test]
fn values_that_are_not_numbers_are_refused() {
    for value in [
        "12a",
        "1,5",
        "1 000",
        "NaN",
        "inf",
        "-infinity",
        "1e400",
        "true",
        "False",
        "0x10",
    ] {
        let row = format!("ECE_PLACES,2019,KG-N,,,\"{value}\",,,,false");
        let (error, message) = error_of("ece.csv", csv(&[&row]).as_bytes());
        assert!(
            matches!(&error, AdminError::NotANumber { value: v, .. } if v == value),
            "{value}: {error}"
        );
        assert_eq!(
            message,
            format!(
                "ece.csv line 2: ECE_PLACES has the value \"{value}\", which is not a number; \
                 write plain numbers such as 12 or 12.5 (a decimal point, no thousands \
                 separator, not true/false)"
            )
        );
    }
    // JSON booleans are refused as well; a JSON number is read.
    let json = r#"{"dataValues": [{"dataElement": "B", "period": "2019", "orgUnit": "KG-N", "value": true}]}"#;
    assert!(
        message_of("b.json", json).starts_with("b.json dataValues[0]: B has the value \"true\"")
    );
    let json = r#"{"dataValues": [{"dataElement": "B", "period": "2019", "orgUnit": "KG-N", "value": 12.5}]}"#;
    assert_eq!(read("b.json", json).values()[0].value.to_string(), "12.5");
    // Spaces around a number are trimmed; huge but finite numbers are numbers.
    let data = read(
        "ece.csv",
        &csv(&["A,2019,KG-N,,,\" 7 \",,,,", "B,2019,KG-N,,,1e300,,,,"]),
    );
    assert_eq!(data.values()[0].value.to_string(), "7");
    assert_eq!(data.values()[1].value.to_string(), format!("{}", 1e300));
}

#[test]
fn empty_and_deleted_values_are_skipped_with_warnings() {
    let json = r#"{"dataValues": [
        {"dataElement": "A", "period": "2019", "orgUnit": "KG-N", "value": ""},
        {"dataElement": "B", "period": "2019", "orgUnit": "KG-N"},
        {"dataElement": "C", "period": "2019", "orgUnit": "KG-N", "value": null},
        {"dataElement": "D", "period": "2019", "orgUnit": "KG-N", "value": "3", "deleted": true},
        {"dataElement": "E", "period": "2019", "orgUnit": "KG-N", "value": "0"}
    ]}"#;
    let data = read("e.json", json);
    assert_eq!(data.values().len(), 1);
    let kinds: Vec<(Position, &WarningKind)> = data
        .warnings()
        .iter()
        .map(|warning| (warning.origin.position, &warning.kind))
        .collect();
    assert!(matches!(
        kinds[0],
        (Position::Index(0), WarningKind::EmptyValue { .. })
    ));
    assert!(matches!(
        kinds[1],
        (Position::Index(1), WarningKind::EmptyValue { .. })
    ));
    assert!(matches!(
        kinds[2],
        (Position::Index(2), WarningKind::EmptyValue { .. })
    ));
    assert!(matches!(
        kinds[3],
        (Position::Index(3), WarningKind::Deleted { .. })
    ));
    assert_eq!(
        data.warnings()[3].to_string(),
        "e.json dataValues[3]: the value of D is marked deleted; skipped"
    );
    // DHIS2's `deleted` column in CSV.
    let text = format!("{HEADER},deleted\nA,2019,KG-N,,,4,,,,false,true\n");
    let data = read("d.csv", &text);
    assert!(data.values().is_empty());
    assert!(matches!(
        data.warnings()[0].kind,
        WarningKind::Deleted { .. }
    ));
}

#[test]
fn duplicates_name_both_places_even_across_files_and_spellings() {
    let folder = tempfile::tempdir().unwrap();
    fs_err::write(
        folder.path().join("a.csv"),
        csv(&["ECE_PLACES,2019,KG-N,HllvX50cXC0,,12,,,,false"]),
    )
    .unwrap();
    // The same unit by name, and no combination: the same as DHIS2's default one.
    let json = r#"{"dataValues": [{"dataElement": "ECE_PLACES", "period": "2019", "orgUnit": "Нарынская область", "value": "13"}]}"#;
    fs_err::write(folder.path().join("b.json"), json).unwrap();
    let error = AdminData::read_dir(folder.path()).unwrap_err();
    let message = error
        .to_string()
        .replace(&format!("{}/", folder.path().display()), "");
    assert_eq!(
        message,
        "b.json dataValues[0]: a second value for ECE_PLACES, period 2019, Naryn Region \
         (KG04000000000); the first is at a.csv line 2; keep one of them (DHIS2 holds one \
         value per data element, period, org unit and combination)"
    );
    // Other combinations are other values.
    let data = read(
        "c.csv",
        &csv(&[
            "ECE_PLACES,2019,KG-N,female,,12,,,,false",
            "ECE_PLACES,2019,KG-N,male,,13,,,,false",
            "ECE_PLACES,2019,KG-N,male,partner,13,,,,false",
        ]),
    );
    assert_eq!(data.values().len(), 3);
}

#[test]
fn missing_fields_and_short_rows_are_refused() {
    assert_eq!(
        message_of("m.csv", &csv(&["ECE_PLACES,,KG-N,,,12,,,,false"])),
        "m.csv line 2: the period is empty; every value needs a data element, a period and an \
         org unit"
    );
    assert_eq!(
        message_of("m.csv", &csv(&["ECE_PLACES,2019,KG-N"])),
        "m.csv line 2: the row has 3 cells; it needs at least 6 (up to value)"
    );
    let json = r#"{"dataValues": [{"period": "2019", "orgUnit": "KG-N", "value": "1"}]}"#;
    assert_eq!(
        message_of("m.json", json),
        "m.json dataValues[0]: the data element is empty; every value needs a data element, a \
         period and an org unit"
    );
    let json = r#"{"dataValues": [{"dataElement": "A", "period": "2019", "orgUnit": "KG-N", "value": {"n": 1}}]}"#;
    assert_eq!(
        message_of("m.json", json),
        "m.json dataValues[0]: \"value\" is an object; expected a string or a number"
    );
}

#[test]
fn headers_of_neither_layout_are_refused_with_what_they_lack() {
    assert_eq!(
        message_of("t.csv", "area,periode,element,value\nKG-N,2019,A,1\n"),
        "t.csv: the header area,periode,element,value is neither DHIS2's (dataelement, period, \
         orgunit, catoptcombo, attroptcombo, value, …) nor a table of area (or area_code), \
         period, element and value (it lacks period)"
    );
    assert!(
        message_of("t.csv", "dataElement,period,value\nA,2019,1\n").ends_with("(it lacks orgunit)")
    );
    assert!(
        message_of("t.csv", "area;period;element;value\nKG-N;2019;A;1\n")
            .ends_with("; separate the columns with commas, not semicolons")
    );
    assert_eq!(
        message_of("t.csv", "area,area_code,period,element,value\n"),
        "t.csv: the header names the column \"area_code\" twice"
    );
    // DHIS2's names in any case and spelling; extra columns ignored.
    let data = read(
        "t.csv",
        "Data_Element,Period,OrgUnit,CategoryOptionCombo,AttributeOptionCombo,Value,Extra\nA,2019,KG-N,,,1,x\n",
    );
    assert_eq!(data.values()[0].area.code, "KG04000000000");
}

#[test]
fn files_that_are_not_data_are_refused() {
    assert_eq!(
        message_of("x.json", r#"{"dataSet": "abc", "period": "2019"}"#),
        "x.json: not a DHIS2 data value set: its keys are dataSet, period; expected an object \
         with a \"dataValues\" array, as DHIS2's /api/dataValueSets.json writes it"
    );
    assert!(message_of("x.json", "[1, 2]").contains("the file holds an array"));
    assert!(
        message_of("x.json", r#"{"period": [2019], "dataValues": []}"#)
            .contains("its \"period\" is an array, not a string")
    );
    assert!(
        message_of("x.json", r#"{"dataValues": [{"dataElement": "A""#)
            .starts_with("x.json: not valid JSON: EOF while parsing")
    );
    assert!(message_of("x.csv", "").starts_with("x.csv: the file is empty"));
    assert!(message_of("x.csv", "\u{feff} \r\n").starts_with("x.csv: the file is empty"));
    let (_, message) = error_of(
        "x.csv",
        b"area,period,element,value\nKG-N,2019,A,1\n\xff\xfe,1\n",
    );
    assert_eq!(
        message,
        "x.csv: line 3 is not UTF-8 text; save the file as UTF-8"
    );
    assert_eq!(
        message_of("organisationUnits.json", r#"{"organisationUnits": []}"#),
        "organisationUnits.json: this is DHIS2 organisation unit metadata, not data values; \
         read the folder that holds it and the data files together, so its ids map the data's \
         org units"
    );
    assert!(
        message_of("o.json", r#"{"organisationUnits": [{"code": "X"}]}"#)
            .starts_with("o.json: organisationUnits[0]: has no \"id\"")
    );
}

#[test]
fn a_folder_without_data_files_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    fs_err::write(folder.path().join("notes.txt"), "x").unwrap();
    fs_err::write(folder.path().join(".hidden.csv"), "x").unwrap();
    let error = AdminData::read_dir(folder.path()).unwrap_err();
    assert!(matches!(error, AdminError::NoFiles { .. }), "{error}");
    let error = AdminData::read_dir(&folder.path().join("absent")).unwrap_err();
    assert!(error.to_string().contains("absent"), "{error}");
}

#[test]
fn a_byte_order_mark_and_a_header_only_file_are_fine() {
    let data = read("b.csv", &format!("\u{feff}{HEADER}\n"));
    assert!(data.values().is_empty());
    let data = read(
        "b.csv",
        "\u{feff}area,period,element,value\r\nKG-N,2019,A,1\r\n",
    );
    assert_eq!(data.values()[0].origin.position, Position::Line(2));
    let data = read("b.json", "\u{feff}{\"dataValues\": []}");
    assert!(data.values().is_empty());
}
