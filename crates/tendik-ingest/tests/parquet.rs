//! Parquet: the codebook travels in the `tendik:*` field metadata and comes back.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use tendik_ingest::{
    Format, IngestError, LabelValue, Measure, MissingSpec, SCHEMA_FILE_LABEL, ValueLabel, Variable,
    read, read_bytes,
};

fn labelled() -> Variable {
    let mut variable = Variable::new("hh6");
    variable.label = Some("Area".to_owned());
    variable.value_labels = vec![
        ValueLabel {
            value: LabelValue::Number(1.0),
            label: "Urban".to_owned(),
        },
        ValueLabel {
            value: LabelValue::Number(2.0),
            label: "Rural".to_owned(),
        },
    ];
    variable.missing = MissingSpec {
        values: vec![LabelValue::Number(9.0)],
        ..MissingSpec::default()
    };
    variable.format = Some("F1.0".to_owned());
    variable.measure = Some(Measure::Nominal);
    variable
}

fn parquet_bytes(metadata: HashMap<String, String>) -> Vec<u8> {
    let schema = Arc::new(Schema::new_with_metadata(
        vec![
            Field::new("hh6", DataType::Float64, true).with_metadata(metadata),
            Field::new("name", DataType::Utf8, true),
        ],
        HashMap::from([(SCHEMA_FILE_LABEL.to_owned(), "MICS6 households".to_owned())]),
    ));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Float64Array::from(vec![
            Some(1.0),
            Some(9.0),
            None,
            Some(2.0),
        ])),
        Arc::new(StringArray::from(vec!["a", "b", "c", "d"])),
    ];
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns).expect("valid batch");
    let mut bytes = Vec::new();
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(&mut bytes, schema, None).expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
    bytes
}

#[test]
fn the_codebook_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hh.parquet");
    std::fs::write(&path, parquet_bytes(labelled().to_field_metadata())).expect("write");
    let dataset = read(&path).expect("readable");
    assert_eq!(dataset.format, Format::Parquet);
    assert_eq!(dataset.num_rows(), 4);
    assert_eq!(dataset.codebook.variables[0], labelled());
    assert_eq!(dataset.codebook.variables[1], Variable::new("name"));
    assert_eq!(
        dataset.codebook.file_label.as_deref(),
        Some("MICS6 households")
    );

    let summary = &dataset.codebook.summarize(&dataset)[0];
    assert_eq!(
        (summary.n_null, summary.n_user_missing, summary.n_distinct),
        (1, 1, Some(2))
    );
    let nulled = dataset.batches_with_missing_as_null().expect("replaced");
    assert_eq!(nulled[0].column(0).null_count(), 2);
}

#[test]
fn bad_metadata_names_the_column_and_key() {
    let metadata = HashMap::from([("tendik:measure".to_owned(), "interval".to_owned())]);
    let error = read_bytes(&parquet_bytes(metadata), Format::Parquet, "hh.parquet")
        .expect_err("bad measure");
    assert!(matches!(error, IngestError::Column { .. }));
    assert!(
        error
            .to_string()
            .starts_with("hh.parquet, column `hh6`: `tendik:measure` is `interval`"),
        "{error}"
    );
}

#[test]
fn a_cut_parquet_file_is_truncated() {
    let bytes = parquet_bytes(HashMap::new());
    for cut in [4, bytes.len() / 2, bytes.len() - 1] {
        let error =
            read_bytes(&bytes[..cut], Format::Parquet, "hh.parquet").expect_err("truncated");
        assert!(error.to_string().starts_with("hh.parquet: "), "{error}");
    }
    let error = read_bytes(&bytes[..bytes.len() - 1], Format::Parquet, "hh.parquet")
        .expect_err("truncated");
    assert!(matches!(error, IngestError::Truncated { .. }), "{error}");
}
