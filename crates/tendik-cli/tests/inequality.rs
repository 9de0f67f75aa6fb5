//! `tendik inequality` on a HEAT Plus template: the measures (checked against R in
//! tendik-measures' tests) as a file, and the errors a bad template gets.

mod common;

use common::{manifest_dir, tendik};

#[test]
fn a_template_gives_heat_s_measures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = manifest_dir().join("../tendik-measures/tests/golden/heat_input.csv");
    let run = tendik(
        dir.path(),
        &[
            "inequality",
            template.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let rows = rows.as_array().expect("rows");
    // The R reference has 134 rows, 4 of them without a value (not given by tendik).
    assert_eq!(rows.len(), 130);
    let first = &rows[0];
    assert_eq!(first["setting"], "Afghanistan");
    assert_eq!(first["measure"], "D");
    assert_eq!(first["method"], "analytic");
    let d = first["estimate"].as_f64().expect("number");
    assert!((d - 16.870_956_420_898_395).abs() < 1e-9);
    assert!(
        rows.iter()
            .any(|r| r["method"] == "simulated" && r.get("se").is_none())
    );
}

#[test]
fn a_workbook_gives_what_its_csv_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = manifest_dir().join("../tendik-measures/tests/golden/heat_input.csv");
    let mut reader = csv::Reader::from_path(&template).expect("csv");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("data").expect("name");
    for (c, name) in reader.headers().expect("header").iter().enumerate() {
        sheet.write_string(0, c as u16, name).expect("write");
    }
    for (r, record) in reader.records().enumerate() {
        for (c, value) in record.expect("row").iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match value.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c, number),
                Err(_) if value.is_empty() => continue,
                Err(_) => sheet.write_string(r, c, value),
            }
            .expect("write");
        }
    }
    workbook.save(dir.path().join("upload.xlsx")).expect("save");
    let from_csv = tendik(
        dir.path(),
        &["inequality", template.to_str().expect("utf-8")],
    );
    let from_xlsx = tendik(dir.path(), &["inequality", "upload.xlsx"]);
    assert_eq!(from_xlsx.status, 0, "{}", from_xlsx.stderr);
    assert_eq!(from_csv.stdout, from_xlsx.stdout);
}

#[test]
fn a_bad_template_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header = "setting,date,source,indicator_abbr,indicator_name,dimension,subgroup,estimate,se,population,setting_average,favourable_indicator,indicator_scale,ordered_dimension,subgroup_order,reference_subgroup";
    for (name, body, words) in [
        (
            "missing.csv",
            "setting,date,subgroup\nA,2020,x\n".to_owned(),
            vec!["line 1", "lacks the columns", "population"],
        ),
        (
            "single.csv",
            format!("{header}\nA,2020,S,i,I,Sex,Girls,10,1,100,,1,100,0,0,0\n"),
            vec!["line 2", "single subgroup"],
        ),
        (
            "orders.csv",
            format!(
                "{header}\nA,2020,S,i,I,Wealth,Q1,10,1,100,,1,100,1,1,0\nA,2020,S,i,I,Wealth,Q2,12,1,100,,1,100,1,3,0\nA,2020,S,i,I,Wealth,Q3,14,1,100,,1,100,1,4,0\n"
            ),
            vec!["line 2", "subgroup_order values are 1, 3, 4"],
        ),
        (
            "population.csv",
            format!(
                "{header}\nA,2020,S,i,I,Sex,Girls,10,1,100,,1,100,0,0,0\nA,2020,S,i,I,Sex,Boys,12,1,,,1,100,0,0,0\n"
            ),
            vec!["line 3", "`Boys` has no population"],
        ),
        (
            "number.csv",
            format!("{header}\nA,2020,S,i,I,Sex,Girls,ten,1,100,,1,100,0,0,0\n"),
            vec!["line 2", "`estimate` is `ten`"],
        ),
    ] {
        std::fs::write(dir.path().join(name), body).expect("write");
        let run = tendik(dir.path(), &["inequality", name]);
        assert_eq!(run.status, 1, "{name}: {}", run.stdout);
        for word in words {
            assert!(run.stderr.contains(word), "{name}: {word}: {}", run.stderr);
        }
        assert!(run.stderr.contains(name), "{}", run.stderr);
    }
}
