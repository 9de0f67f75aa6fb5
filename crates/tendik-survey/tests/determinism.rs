//! The same request on the same rows gives the same bytes whatever the number of threads
//! (target partitions) and however the rows are cut into batches.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use tendik_survey::{Definition, Design, LonelyPsu, Request, SurveyData, Target};

/// A generated stratified cluster sample with awkward weights (full 53-bit mantissas).
fn batches(rows: usize, batch: usize) -> (Arc<Schema>, Vec<RecordBatch>) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("stratum", DataType::Int64, false),
        Field::new("psu", DataType::Int64, false),
        Field::new("w", DataType::Float64, false),
        Field::new("y", DataType::Float64, true),
        Field::new("region", DataType::Utf8, false),
    ]));
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut stratum = Vec::with_capacity(rows);
    let mut psu = Vec::with_capacity(rows);
    let mut w = Vec::with_capacity(rows);
    let mut y = Vec::with_capacity(rows);
    let mut region = Vec::with_capacity(rows);
    for row in 0..rows {
        let cluster = (row / 25) as i64;
        stratum.push(cluster % 7);
        psu.push(cluster);
        w.push(100.0 + 900.0 * next());
        y.push((next() > 0.05).then(|| 1e4 * next() - 3e3));
        region.push(["north", "south", "east", "west"][(cluster % 4) as usize]);
    }
    let mut out = Vec::new();
    for start in (0..rows).step_by(batch) {
        let end = (start + batch).min(rows);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(stratum[start..end].to_vec())),
            Arc::new(Int64Array::from(psu[start..end].to_vec())),
            Arc::new(Float64Array::from(w[start..end].to_vec())),
            Arc::new(Float64Array::from(y[start..end].to_vec())),
            Arc::new(StringArray::from(region[start..end].to_vec())),
        ];
        out.push(RecordBatch::try_new(schema.clone(), columns).expect("batch"));
    }
    (schema, out)
}

fn csv_of(partitions: usize, batch: usize, psu: bool) -> Vec<u8> {
    let (schema, batches) = batches(60_000, batch);
    let context = tendik_survey::session_with_partitions(Some(partitions));
    let data = SurveyData::from_batches_in(&context, "generated", schema, batches).expect("data");
    let mut request = Request::new(
        Design {
            weight: "w".to_owned(),
            strata: Some("stratum".to_owned()),
            psu: psu.then(|| "psu".to_owned()),
            fpc: None,
            lonely_psu: LonelyPsu::Fail,
            replicates: None,
        },
        vec![
            Target::Mean("y".to_owned()),
            Target::Total("y".to_owned()),
            Target::Ratio {
                numerator: "y".to_owned(),
                denominator: "w".to_owned(),
            },
            Target::Proportion("high".to_owned()),
        ],
    );
    request.definitions = vec![Definition::new("high", "y > 2000")];
    request.breakdowns = vec![vec![], vec!["region".to_owned()]];
    request.covariances = true;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(partitions.min(4))
        .build()
        .expect("runtime");
    let results = runtime
        .block_on(tendik_survey::run(&data, &request))
        .expect("estimate");
    let table = tendik_survey::results::to_record_batch(&[], &results.estimates).expect("table");
    let mut bytes = Vec::new();
    {
        let mut writer = arrow::csv::WriterBuilder::new().build(&mut bytes);
        writer.write(&table).expect("csv");
    }
    // Covariances within the regional breakdown (weights-only designs keep no cross
    // moments between breakdowns).
    let regional: Vec<usize> = (0..results.estimates.len())
        .filter(|&i| results.estimates[i].breakdown == 1 && results.estimates[i].level.is_none())
        .collect();
    for &i in &regional {
        for &j in &regional {
            let c = results.covariance(i, j).expect("covariance");
            bytes.extend_from_slice(format!("{:016x}\n", c.to_bits()).as_bytes());
        }
    }
    bytes
}

#[test]
fn output_bytes_do_not_depend_on_threads_or_batches() {
    for psu in [true, false] {
        let reference = csv_of(1, 4096, psu);
        for (partitions, batch) in [(2, 4096), (8, 4096), (8, 777), (3, 60_000)] {
            assert!(
                csv_of(partitions, batch, psu) == reference,
                "{partitions} partitions, batches of {batch} rows (PSUs: {psu}) changed the output"
            );
        }
    }
}
