//! Conformance tests on third-party files: readstat's fixtures as shipped with pyreadstat,
//! haven and R's foreign package (see `../shared/data/README.md`).
//!
//! Expected values come from the companion CSVs that pyreadstat's own tests compare
//! against (written by pyreadstat from the same files), and from facts checked by hand
//! where no CSV exists. Tests skip with a message when `../shared/data` is absent.

mod common;

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef};
use common::{
    binary_fixtures, close, column, column_at, date_text, datetime_text, fixtures, number,
    spss_temporal_text, text, time_text,
};
use tendik_ingest::{Dataset, Format, IngestError, LabelValue, read, read_bytes};

fn open(path: &Path) -> Dataset {
    read(path).unwrap_or_else(|e| panic!("{e}"))
}

/// A companion CSV read with tendik's CSV reader, SPSS's `#NULL!` taken as empty.
fn expected_csv(path: &Path) -> Dataset {
    let bytes = std::fs::read(path).expect("readable csv");
    let text = String::from_utf8(bytes)
        .expect("utf-8 csv")
        .replace("#NULL!", "");
    read_bytes(text.as_bytes(), Format::Csv, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The seven columns of pyreadstat's `sample` files, as the CSV writes them.
#[derive(Debug, PartialEq)]
struct SampleRow {
    mychar: Option<String>,
    mynum: Option<f64>,
    mydate: Option<String>,
    dtime: Option<String>,
    mylabl: Option<f64>,
    myord: Option<f64>,
    mytime: Option<String>,
}

/// The rows of a `sample` file: `get` reads a column by name; `temporal` turns a cell of the
/// date, datetime or time column (named) into the text the CSV holds.
fn sample_rows(
    rows: usize,
    get: impl Fn(&str) -> ArrayRef,
    temporal: impl Fn(&str, &ArrayRef, usize) -> Option<String>,
) -> Vec<SampleRow> {
    let [mychar, mynum, mydate, dtime, mylabl, myord, mytime] = [
        "mychar", "mynum", "mydate", "dtime", "mylabl", "myord", "mytime",
    ]
    .map(&get);
    (0..rows)
        .map(|row| SampleRow {
            mychar: text(&mychar, row),
            mynum: number(&mynum, row),
            mydate: temporal("mydate", &mydate, row),
            dtime: temporal("dtime", &dtime, row),
            mylabl: number(&mylabl, row),
            myord: number(&myord, row),
            mytime: temporal("mytime", &mytime, row),
        })
        .collect()
}

fn rows_from_csv(dataset: &Dataset) -> Vec<SampleRow> {
    sample_rows(
        dataset.num_rows(),
        |name| column(dataset, name),
        |name, array, row| {
            let cell = text(array, row);
            if name == "mydate" {
                cell
            } else {
                cell.map(|t| t.trim_end_matches(".000000").to_owned())
            }
        },
    )
}

fn rows_from_spss(
    dataset: &Dataset,
    batches: &[arrow::record_batch::RecordBatch],
) -> Vec<SampleRow> {
    sample_rows(
        dataset.num_rows(),
        |name| column_at(batches, dataset.schema.index_of(name).expect("column")),
        |_, array, row| spss_temporal_text(array, row),
    )
}

/// Stata keeps dates as numbers: `%td` days and `%tc` milliseconds since 1960-01-01.
fn rows_from_stata(dataset: &Dataset) -> Vec<SampleRow> {
    const DAYS_1960_TO_1970: i64 = 3653;
    let seconds = |array: &ArrayRef, row| number(array, row).map(|ms| (ms / 1000.0).round() as i64);
    sample_rows(
        dataset.num_rows(),
        |name| column(dataset, name),
        |name, array, row| match name {
            "mydate" => number(array, row).map(|d| date_text(d as i64 - DAYS_1960_TO_1970)),
            "dtime" => seconds(array, row).map(|s| datetime_text(s - DAYS_1960_TO_1970 * 86_400)),
            _ => seconds(array, row).map(time_text),
        },
    )
}

fn assert_rows_match(actual: &[SampleRow], expected: &[SampleRow], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: row count");
    for (row, (a, e)) in actual.iter().zip(expected).enumerate() {
        // A CSV writes an empty string and a missing one alike.
        let mychar = a.mychar.clone().filter(|t| !t.is_empty());
        let numbers_match = |a: Option<f64>, e: Option<f64>| match (a, e) {
            (Some(a), Some(e)) => close(a, e, 1e-9),
            (a, e) => a == e,
        };
        assert!(
            mychar == e.mychar
                && numbers_match(a.mynum, e.mynum)
                && a.mydate == e.mydate
                && a.dtime == e.dtime
                && numbers_match(a.mylabl, e.mylabl)
                && numbers_match(a.myord, e.myord)
                && a.mytime == e.mytime,
            "{what}, row {}:\n  actual   {a:?}\n  expected {e:?}",
            row + 1
        );
    }
}

#[test]
fn every_spss_and_stata_fixture_opens() {
    let Some(fixtures) = fixtures() else { return };
    let files = binary_fixtures(&fixtures);
    let mut failures = Vec::new();
    for path in &files {
        match read(path) {
            Ok(dataset) => {
                assert_eq!(
                    dataset.codebook.variables.len(),
                    dataset.schema.fields().len()
                );
                for (variable, field) in dataset
                    .codebook
                    .variables
                    .iter()
                    .zip(dataset.schema.fields())
                {
                    assert_eq!(&variable.name, field.name());
                }
                let summaries = dataset.codebook.summarize(&dataset);
                assert_eq!(summaries.len(), dataset.schema.fields().len());
                dataset
                    .batches_with_missing_as_null()
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "failed to open:\n{}",
        failures.join("\n")
    );
    // 20 SPSS and 8 Stata files at the time of writing; a smaller number means the
    // fixtures moved, not that the readers improved.
    assert!(files.len() >= 27, "only {} fixtures found", files.len());
}

#[test]
fn spss_portable_files_are_refused_with_a_fix() {
    let Some(fixtures) = fixtures() else { return };
    let path = fixtures.join("pyreadstat/basic/sample.por");
    let error = read(&path).expect_err("portable files are not read");
    assert!(matches!(error, IngestError::UnsupportedFormat { .. }));
    assert!(error.to_string().contains("save it as .sav"), "{error}");
}

#[test]
fn sample_matches_its_csv() {
    let Some(fixtures) = fixtures() else { return };
    let basic = fixtures.join("pyreadstat/basic");
    let expected = rows_from_csv(&expected_csv(&basic.join("sample.csv")));
    for name in ["sample.sav", "sample.zsav"] {
        let dataset = open(&basic.join(name));
        assert_eq!(dataset.format, Format::Spss);
        assert_rows_match(&rows_from_spss(&dataset, &dataset.batches), &expected, name);
    }
    let dataset = open(&basic.join("sample.dta"));
    assert_eq!(dataset.format, Format::Stata);
    assert_rows_match(&rows_from_stata(&dataset), &expected, "sample.dta");

    // Labels, as pyreadstat's test_basic checks them.
    for name in ["sample.sav", "sample.zsav", "sample.dta"] {
        let dataset = open(&basic.join(name));
        let codebook = &dataset.codebook;
        let label = |n: &str| codebook.get(n).and_then(|v| v.label.clone());
        assert_eq!(label("mychar").as_deref(), Some("character"), "{name}");
        assert_eq!(label("mylabl").as_deref(), Some("labeled"), "{name}");
        for (variable, value, expected) in [
            ("mylabl", 1.0, "Male"),
            ("mylabl", 2.0, "Female"),
            ("myord", 1.0, "low"),
            ("myord", 3.0, "high"),
        ] {
            let labels = codebook.get(variable).expect(variable);
            assert_eq!(
                labels.label_for(&LabelValue::Number(value)),
                Some(expected),
                "{name} {variable}"
            );
        }
    }
}

/// pyreadstat's `sample_nodate_*.csv` give the stored numbers behind the dates: SPSS
/// seconds since 1582-10-14 (and seconds of the day), Stata days and seconds since
/// 1960-01-01. Stata's `%tc` is milliseconds in the file, which tendik keeps.
#[test]
fn sample_raw_date_numbers_match_the_nodate_csvs() {
    let Some(fixtures) = fixtures() else { return };
    let basic = fixtures.join("pyreadstat/basic");

    let expected = expected_csv(&basic.join("sample_nodate_spss.csv"));
    let sav = open(&basic.join("sample.sav"));
    let spss_seconds = |name: &str, row: usize| -> Option<f64> {
        let array = column(&sav, name);
        if array.is_null(row) {
            return None;
        }
        // Days for Date32, microseconds for Timestamp and Duration.
        let stored = arrow::compute::cast(&array, &arrow::datatypes::DataType::Int64)
            .expect("temporal types cast to Int64");
        let stored = number(&stored, row)?;
        Some(match array.data_type() {
            arrow::datatypes::DataType::Date32 => (stored + 141_428.0) * 86_400.0,
            arrow::datatypes::DataType::Timestamp(..) => stored / 1e6 + 12_219_379_200.0,
            _ => stored / 1e6,
        })
    };
    for name in ["mydate", "dtime", "mytime"] {
        let want = column(&expected, name);
        for row in 0..5 {
            assert_eq!(
                spss_seconds(name, row),
                number(&want, row),
                "sample.sav {name} row {row}"
            );
        }
    }

    let expected = expected_csv(&basic.join("sample_nodate_sas_stata.csv"));
    let dta = open(&basic.join("sample.dta"));
    for (name, scale) in [("mydate", 1.0), ("dtime", 1000.0), ("mytime", 1000.0)] {
        let got = column(&dta, name);
        let want = column(&expected, name);
        for row in 0..5 {
            assert_eq!(
                number(&got, row).map(|v| v / scale),
                number(&want, row),
                "sample.dta {name} row {row}"
            );
        }
    }
}

#[test]
fn sample_large_repeats_sample() {
    let Some(fixtures) = fixtures() else { return };
    let basic = fixtures.join("pyreadstat/basic");
    let expected = rows_from_csv(&expected_csv(&basic.join("sample.csv")));
    let dataset = open(&basic.join("sample_large.sav"));
    let rows = rows_from_spss(&dataset, &dataset.batches);
    assert_eq!(rows.len(), 485);
    for chunk in rows.chunks(5) {
        assert_rows_match(chunk, &expected[..chunk.len()], "sample_large.sav");
    }
}

#[test]
fn spss_user_missing_values_match_pyreadstat() {
    let Some(fixtures) = fixtures() else { return };
    let basic = fixtures.join("pyreadstat/basic");
    let dataset = open(&basic.join("sample_missing.sav"));
    // user_missing=True: codes kept.
    let kept = rows_from_csv(&expected_csv(&basic.join("sample_missing_user.csv")));
    assert_rows_match(
        &rows_from_spss(&dataset, &dataset.batches),
        &kept,
        "sample_missing.sav, codes kept",
    );
    // The default: user-missing values are missing.
    let nulled = rows_from_csv(&expected_csv(&basic.join("sample_missing.csv")));
    let batches = dataset.batches_with_missing_as_null().expect("replaceable");
    assert_rows_match(
        &rows_from_spss(&dataset, &batches),
        &nulled,
        "sample_missing.sav, missing as null",
    );

    let mynum = &dataset.codebook.get("mynum").expect("mynum").missing;
    assert_eq!(mynum.values, vec![LabelValue::Number(-1.0)]);
    assert_eq!(mynum.range, Some((2000.0, 3000.0)));
    let summaries = dataset.codebook.summarize(&dataset);
    let mynum = summaries.iter().find(|s| s.name == "mynum").expect("mynum");
    assert_eq!(
        (mynum.n_null, mynum.n_user_missing, mynum.n_missing),
        (0, 2, 2)
    );
}

/// `missing_data/*.csv`: pyreadstat's `formatted` (codes kept), `unformatted` (missing as
/// NaN) and `labeled` views of one-variable files.
#[test]
fn missing_data_files_match_pyreadstat() {
    let Some(fixtures) = fixtures() else { return };
    let dir = fixtures.join("pyreadstat/missing_data");

    let sav = open(&dir.join("missing_test.sav"));
    let raw = column(&sav, "var1");
    assert_eq!((number(&raw, 0), number(&raw, 1)), (Some(1.0), Some(2.0)));
    let nulled = column_at(&sav.batches_with_missing_as_null().expect("ok"), 0);
    assert_eq!((number(&nulled, 0), number(&nulled, 1)), (None, Some(2.0)));
    let var1 = sav.codebook.get("var1").expect("var1");
    assert_eq!(var1.label_for(&LabelValue::Number(1.0)), Some("missing"));

    let chars = open(&dir.join("missing_char.sav"));
    let raw = column(&chars, "mychar");
    assert_eq!(
        (text(&raw, 0).as_deref(), text(&raw, 1).as_deref()),
        (Some("Z"), Some("a"))
    );
    let nulled = column_at(&chars.batches_with_missing_as_null().expect("ok"), 0);
    assert_eq!(
        (text(&nulled, 0), text(&nulled, 1).as_deref()),
        (None, Some("a"))
    );

    // Stata: var1..var6 hold .a .b .c .x .y .z, var7 and var8 hold `.`, var9 is 1.
    let dta = open(&dir.join("missing_test.dta"));
    let tags = ['a', 'b', 'c', 'x', 'y', 'z'];
    for (index, variable) in dta.codebook.variables.iter().enumerate() {
        let values = column(&dta, &variable.name);
        if index < 8 {
            assert!(values.is_null(0), "{} is missing", variable.name);
        } else {
            assert_eq!(number(&values, 0), Some(1.0));
        }
        let expected: Vec<(char, usize)> =
            tags.get(index).map(|t| vec![(*t, 1)]).unwrap_or_default();
        let found: Vec<(char, usize)> = variable
            .missing
            .extended
            .iter()
            .map(|e| (e.tag, e.count))
            .collect();
        assert_eq!(found, expected, "{}", variable.name);
    }
    let var1 = dta.codebook.get("var1").expect("var1");
    assert_eq!(
        var1.label_for(&LabelValue::StataMissing('a')),
        Some("missing")
    );
    let summaries = dta.codebook.summarize(&dta);
    assert_eq!(summaries[0].n_missing, 1);
    assert_eq!(summaries[8].n_missing, 0);
}

#[test]
fn text_decodes_as_declared() {
    let Some(fixtures) = fixtures() else { return };
    let umlauts = open(&fixtures.join("haven/spss/umlauts.sav"));
    let var1 = umlauts.codebook.get("var1").expect("var1");
    assert_eq!(var1.label.as_deref(), Some("This is an ä-umlaut"));
    let labels: Vec<&str> = var1.value_labels.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["the ä umlaut", "the ü umlaut", "the ö umlaut"]);

    let hebrews = open(&fixtures.join("pyreadstat/basic/hebrews.sav"));
    assert_eq!(hebrews.schema.field(0).name(), "ותק_ב");
    assert_eq!(hebrews.num_rows(), 99);

    let tegulu = open(&fixtures.join("pyreadstat/basic/tegulu.sav"));
    let answer = text(&column(&tegulu, "Q16br9oe_Q24br9oe"), 0).expect("text");
    assert!(answer.starts_with("నేను గతంలో"), "{answer}");

    // SPSS/PC+ file with a Windows-1252 code page.
    let electric = open(&fixtures.join("r_debian/electric.sav"));
    assert_eq!(electric.codebook.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(electric.num_rows(), 240);
    let firstchd = electric.codebook.get("FIRSTCHD").expect("FIRSTCHD");
    assert_eq!(firstchd.label.as_deref(), Some("FIRST CHD EVENT"));
    assert_eq!(
        firstchd.label_for(&LabelValue::Number(2.0)),
        Some("SUDDEN  DEATH")
    );
    let dayofwk = electric.codebook.get("DAYOFWK").expect("DAYOFWK");
    assert_eq!(dayofwk.missing.values, vec![LabelValue::Number(9.0)]);

    // Windows-1252 and UTF-8 in R's foreign test file: the euro sign and umlauts.
    let testdata = open(&fixtures.join("r_debian/testdata.sav"));
    let long = testdata
        .codebook
        .get("factor_n_long_value_label")
        .expect("variable");
    assert!(
        long.value_labels[1].label.ends_with('€'),
        "{:?}",
        long.value_labels[1]
    );
    let duplicated = column(&testdata, "factor_s_duplicated");
    assert_eq!(text(&duplicated, 1).as_deref(), Some("ö"));
}

#[test]
fn spss_missing_ranges_and_strings_from_foreign() {
    let Some(fixtures) = fixtures() else { return };
    let testdata = open(&fixtures.join("r_debian/testdata.sav"));
    let get = |name: &str| {
        testdata
            .codebook
            .get(name)
            .expect("variable")
            .missing
            .clone()
    };
    assert_eq!(get("numeric_long_label").range, Some((1.0, 2.0)));
    assert_eq!(get("factor_numeric").range, Some((-1.0, 0.0)));
    assert_eq!(
        get("factor_n_coded_miss").values,
        vec![LabelValue::Number(99.0)]
    );
    let text_values = |name: &str| -> Vec<LabelValue> { get(name).values };
    assert_eq!(
        text_values("string_miss"),
        vec![LabelValue::Text("a".into()), LabelValue::Text("b".into())]
    );
    assert_eq!(
        text_values("factor_s_coded_miss"),
        ["u", "v", "w"].map(|t| LabelValue::Text(t.into())).to_vec()
    );
    let nulled = testdata.batches_with_missing_as_null().expect("ok");
    let index = |name| testdata.schema.index_of(name).expect("column");
    // numeric_long_label: 1, 2, 3.33333, 4, null; 1–2 is missing.
    let values = column_at(&nulled, index("numeric_long_label"));
    let got: Vec<Option<f64>> = (0..5).map(|r| number(&values, r)).collect();
    assert_eq!(got, [None, None, Some(3.33333), Some(4.0), None]);
    // string_miss: a, c, b, g, "" with a and b missing.
    let values = column_at(&nulled, index("string_miss"));
    let got: Vec<Option<String>> = (0..5).map(|r| text(&values, r)).collect();
    assert_eq!(
        got,
        [
            None,
            Some("c".into()),
            None,
            Some("g".into()),
            Some(String::new())
        ]
    );
}

#[test]
fn stata_tagged_missing_from_haven() {
    let Some(fixtures) = fixtures() else { return };
    for name in ["tagged-na-double.dta", "tagged-na-int.dta"] {
        let dataset = open(&fixtures.join("haven/stata").join(name));
        let x = column(&dataset, "x");
        let values: Vec<Option<f64>> = (0..x.len()).map(|r| number(&x, r)).collect();
        assert_eq!(
            values,
            [
                Some(1.0),
                Some(2.0),
                Some(3.0),
                Some(4.0),
                Some(5.0),
                None,
                None,
                None
            ],
            "{name}"
        );
        let variable = dataset.codebook.get("x").expect("x");
        let tags: Vec<(char, usize)> = variable
            .missing
            .extended
            .iter()
            .map(|e| (e.tag, e.count))
            .collect();
        assert_eq!(tags, [('a', 1), ('h', 1), ('z', 1)], "{name}");
        // The labels sit on the tagged values themselves.
        assert_eq!(
            variable.label_for(&LabelValue::StataMissing('a')),
            Some("apple")
        );
        assert_eq!(
            variable.label_for(&LabelValue::StataMissing('z')),
            Some(".zebra")
        );
        let summary = &dataset.codebook.summarize(&dataset)[0];
        assert_eq!((summary.n_missing, summary.n_distinct), (3, Some(5)));
    }
}

#[test]
fn stata_types_and_labels() {
    let Some(fixtures) = fixtures() else { return };
    let types = open(&fixtures.join("haven/stata/types.dta"));
    let data_types: Vec<String> = types
        .schema
        .fields()
        .iter()
        .map(|f| f.data_type().to_string())
        .collect();
    assert_eq!(
        data_types,
        [
            "Float64", "Float64", "Int32", "Int16", "Int8", "Utf8", "Int32", "Float64"
        ]
    );
    assert_eq!(
        text(&column(&types, "vstr"), 1).as_deref(),
        Some("Hello, World!")
    );
    // The file stores 3.14 (not π), written by haven.
    let vdouble = number(&column(&types, "vdouble"), 0).expect("a value");
    assert!(close(vdouble, 314.0 / 100.0, 1e-15), "{vdouble}");

    let notes = open(&fixtures.join("haven/stata/notes.dta"));
    assert_eq!(
        notes.codebook.file_label.as_deref(),
        Some("This is a test dataset.")
    );

    // R's iris written both ways: the same numbers (Stata stores floats) and the species
    // as SPSS value labels or Stata text.
    let sav = open(&fixtures.join("r_debian/iris.sav"));
    let dta = open(&fixtures.join("r_debian/iris.dta"));
    assert_eq!((sav.num_rows(), dta.num_rows()), (150, 150));
    let species_codes = column(&sav, "Species");
    let species_labels = sav.codebook.get("Species").expect("Species");
    let species_text = column(&dta, "species");
    for row in 0..150 {
        let a = number(&column(&sav, "Sepal.Length"), row).expect("value");
        let b = number(&column(&dta, "sepallength"), row).expect("value");
        assert!(close(a, b, 1e-6), "row {row}: {a} vs {b}");
        let code = number(&species_codes, row).expect("code");
        assert_eq!(
            species_labels.label_for(&LabelValue::Number(code)),
            text(&species_text, row).as_deref()
        );
    }
    assert_eq!(
        dta.codebook
            .get("sepallength")
            .and_then(|v| v.label.clone())
            .as_deref(),
        Some("Sepal.Length")
    );
}

/// R's survey data sets as CSV (written by R's `write.csv`): quoted names with dots,
/// 14-digit identifiers, empty fields for NA.
#[test]
fn r_survey_csv_reads_with_types_from_content() {
    let Some(fixtures) = fixtures() else { return };
    let path = fixtures.join("../r-survey/apistrat.csv");
    if !path.exists() {
        return;
    }
    let dataset = open(&path);
    assert_eq!(dataset.format, Format::Csv);
    assert_eq!(dataset.num_rows(), 200);
    let type_of = |name: &str| {
        dataset
            .schema
            .field_with_name(name)
            .expect("column")
            .data_type()
            .to_string()
    };
    assert_eq!(type_of("cds"), "Int64");
    assert_eq!(type_of("sch.wide"), "Utf8");
    assert_eq!(type_of("api00"), "Int64");
    assert_eq!(type_of("pw"), "Float64");
    assert_eq!(
        number(&column(&dataset, "cds"), 0),
        Some(19_647_336_097_927.0)
    );
    // `flag` is NA in every row of the sample.
    assert_eq!(column(&dataset, "flag").null_count(), 200);
}

#[test]
fn fixture_names_appear_in_paths() {
    // Guards the other tests' assumption that `read` keeps the path it was given.
    let Some(fixtures) = fixtures() else { return };
    let path: PathBuf = fixtures.join("haven/spss/labelled-num.sav");
    assert_eq!(open(&path).path, path);
}
