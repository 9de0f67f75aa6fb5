//! `--define` and `--where` text into the estimation engine: the input's first line is a
//! definition `d = …` (estimated as a mean), the rest the filter. Any text must give
//! estimates or an error, never a panic, an abort, a hang or unbounded memory.
#![no_main]

use std::sync::{Arc, OnceLock};

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use libfuzzer_sys::fuzz_target;
use tendik_survey::{Definition, Design, Request, SurveyData, Target};

/// A small survey with nulls, zeros, negative and huge values, and text.
fn data() -> &'static SurveyData {
    static DATA: OnceLock<SurveyData> = OnceLock::new();
    DATA.get_or_init(|| {
        let schema = Arc::new(Schema::new(vec![
            Field::new("y", DataType::Float64, true),
            Field::new("n", DataType::Int64, true),
            Field::new("g", DataType::Utf8, true),
            Field::new("w", DataType::Float64, false),
            Field::new("p", DataType::Int64, false),
        ]));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Float64Array::from(vec![Some(1.5), None, Some(-2.0), Some(0.0), Some(1e300), Some(f64::NAN)])),
            Arc::new(Int64Array::from(vec![Some(1), Some(0), None, Some(i64::MAX), Some(i64::MIN), Some(-1)])),
            Arc::new(StringArray::from(vec![Some("a"), Some("b"), None, Some(""), Some("12"), Some("ё")])),
            Arc::new(Float64Array::from(vec![1.0, 2.0, 0.5, 1.0, 3.0, 1.0])),
            Arc::new(Int64Array::from(vec![1, 1, 2, 2, 3, 3])),
        ];
        let batch = RecordBatch::try_new(Arc::clone(&schema), columns).expect("valid batch");
        SurveyData::from_batches("fuzz", schema, vec![batch]).expect("valid data")
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
    })
}

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let (definition, filter) = text.split_once('\n').unwrap_or((text, ""));
    let design = Design {
        psu: Some("p".to_owned()),
        ..Design::weighted("w")
    };
    let mut request = Request::new(design, vec![Target::Mean("d".to_owned())]);
    request.definitions = vec![Definition::new("d", definition)];
    request.filter = (!filter.trim().is_empty()).then(|| filter.to_owned());
    request.breakdowns = vec![vec![], vec!["g".to_owned()]];
    let _ = runtime().block_on(tendik_survey::run(data(), &request));
});
