//! Properties every design-based estimator must have, on generated stratified cluster samples:
//! scaling all weights leaves means unchanged; row order and batch boundaries (how the
//! grouped sums are split and merged) change nothing; a `--by` domain equals the same
//! subpopulation selected with `--where`.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema};
use proptest::prelude::*;
use tendik_survey::{Design, Estimate, LonelyPsu, Request, SurveyData, Target, Value};

#[derive(Debug, Clone)]
struct Row {
    stratum: i64,
    psu: i64,
    weight: f64,
    y: f64,
    group: i64,
}

/// 2–4 strata, each with 2–4 PSUs of 1–5 rows.
fn sample() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(prop::collection::vec(1usize..=5, 2..=4), 2..=4).prop_flat_map(|layout| {
        let rows: usize = layout.iter().flatten().sum();
        (
            Just(layout),
            prop::collection::vec((0.5f64..10.0, -5.0f64..5.0, 1i64..=2), rows),
        )
            .prop_map(|(layout, values)| {
                let mut values = values.into_iter();
                let mut rows = Vec::new();
                for (stratum, psus) in layout.iter().enumerate() {
                    for (psu, &size) in psus.iter().enumerate() {
                        for _ in 0..size {
                            let (weight, y, group) = values.next().expect("enough values");
                            rows.push(Row {
                                stratum: stratum as i64 + 1,
                                psu: psu as i64 + 1,
                                weight,
                                y,
                                group,
                            });
                        }
                    }
                }
                rows
            })
    })
}

fn data(rows: &[Row], batch_size: usize) -> SurveyData {
    let schema = Arc::new(Schema::new(vec![
        Field::new("stratum", DataType::Int64, false),
        Field::new("psu", DataType::Int64, false),
        Field::new("w", DataType::Float64, false),
        Field::new("y", DataType::Float64, false),
        Field::new("group", DataType::Int64, false),
    ]));
    let batches = rows
        .chunks(batch_size.max(1))
        .map(|chunk| {
            let columns: Vec<ArrayRef> = vec![
                Arc::new(chunk.iter().map(|r| r.stratum).collect::<Int64Array>()),
                Arc::new(chunk.iter().map(|r| r.psu).collect::<Int64Array>()),
                Arc::new(chunk.iter().map(|r| r.weight).collect::<Float64Array>()),
                Arc::new(chunk.iter().map(|r| r.y).collect::<Float64Array>()),
                Arc::new(chunk.iter().map(|r| r.group).collect::<Int64Array>()),
            ];
            RecordBatch::try_new(schema.clone(), columns).expect("batch")
        })
        .collect();
    SurveyData::from_batches("generated", schema, batches).expect("data")
}

fn request(targets: Vec<Target>, by: &[&str], filter: Option<&str>) -> Request {
    let mut request = Request::new(
        Design {
            weight: "w".to_owned(),
            strata: Some("stratum".to_owned()),
            psu: Some("psu".to_owned()),
            fpc: None,
            lonely_psu: LonelyPsu::Fail,
            replicates: None,
        },
        targets,
    );
    request.breakdowns = vec![by.iter().map(|s| (*s).to_owned()).collect()];
    request.filter = filter.map(str::to_owned);
    request
}

fn run(data: &SurveyData, request: &Request) -> Vec<Estimate> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime
        .block_on(tendik_survey::estimate(data, request))
        .expect("estimate")
}

fn assert_close(a: f64, b: f64, what: &str) {
    let diff = (a - b).abs();
    assert!(
        diff <= 1e-10 * a.abs().max(b.abs()) || diff <= 1e-12,
        "{what}: {a} vs {b}"
    );
}

fn mean_and_total() -> Vec<Target> {
    vec![
        Target::Mean("y".to_owned()),
        Target::Total("y".to_owned()),
        Target::Proportion("group".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn scaling_weights_keeps_means(rows in sample(), factor in 0.1f64..20.0) {
        let scaled: Vec<Row> = rows.iter().cloned().map(|mut r| { r.weight *= factor; r }).collect();
        let request = request(mean_and_total(), &[], None);
        let a = run(&data(&rows, 1000), &request);
        let b = run(&data(&scaled, 1000), &request);
        for (a, b) in a.iter().zip(&b) {
            let scale = if a.variable == "y" && a.statistic == tendik_survey::Statistic::Total { factor } else { 1.0 };
            assert_close(a.estimate * scale, b.estimate, "estimate");
            assert_close(a.se * scale, b.se, "se");
        }
    }

    #[test]
    fn row_order_and_batches_change_nothing(rows in sample(), batch in 1usize..7, seed in 0u64..1000) {
        let mut shuffled = rows.clone();
        // A deterministic permutation from the seed.
        let len = shuffled.len();
        for i in (1..len).rev() {
            let j = ((seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i as u64)) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let request = request(mean_and_total(), &["group"], None);
        let a = run(&data(&rows, 1000), &request);
        let b = run(&data(&shuffled, batch), &request);
        prop_assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(&b) {
            prop_assert_eq!(&a.domain, &b.domain);
            assert_close(a.estimate, b.estimate, "estimate");
            assert_close(a.se, b.se, "se");
        }
    }

    #[test]
    fn domain_equals_subpopulation(rows in sample()) {
        let by = run(&data(&rows, 1000), &request(vec![Target::Mean("y".to_owned())], &["group"], None));
        for estimate in by {
            let Value::Int(group) = estimate.domain[0] else { panic!("integer domain") };
            let filter = format!("\"group\" = {group}");
            let subset = run(&data(&rows, 1000), &request(vec![Target::Mean("y".to_owned())], &[], Some(&filter)));
            assert_close(estimate.estimate, subset[0].estimate, "estimate");
            assert_close(estimate.se, subset[0].se, "se");
        }
    }

    #[test]
    fn shifting_a_variable_leaves_its_spread(rows in sample(), shift in prop::sample::select(vec![1e4, 1e8, -3e9])) {
        // A variable far from zero beside its spread: the mean moves by the shift, its SE
        // and design effect do not (with PSUs, and each row its own PSU). Values on a grid of
        // 2⁻¹⁰ are shifted exactly (at most 42 bits), so any difference is the engine's:
        // rounding the shifted values themselves could move a small design effect by 1e-5.
        let rows: Vec<Row> = rows.into_iter().map(|mut r| { r.y = (r.y * 1024.0).round() / 1024.0; r }).collect();
        let shifted: Vec<Row> = rows.iter().cloned().map(|mut r| { r.y += shift; r }).collect();
        for psu in [true, false] {
            let mut request = request(vec![Target::Mean("y".to_owned())], &[], None);
            if !psu {
                request.design.psu = None;
            }
            let a = run(&data(&rows, 1000), &request);
            let b = run(&data(&shifted, 1000), &request);
            let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * x.abs().max(y.abs());
            prop_assert!(close(a[0].se, b[0].se), "se {} vs {}", a[0].se, b[0].se);
            let (da, db) = (a[0].deff.expect("deff"), b[0].deff.expect("deff"));
            prop_assert!(close(da, db), "deff {da} vs {db}");
        }
    }
}
