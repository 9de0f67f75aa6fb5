//! HEAT's inequality measures against references computed in R from the formulas
//! (`tests/golden/heat_golden.R`, checked there against WHO's heatmeasures 6.0 code) and,
//! design-based, against `svycontrast` on the subgroups' totals
//! (`tests/golden/inequality_design_golden.R`).

use std::collections::HashMap;
use std::path::PathBuf;

use tendik_measures::inequality::design::{self, Dimension};
use tendik_measures::inequality::heat::{Simulation, summarise};
use tendik_measures::inequality::{Figure, template};
use tendik_survey::{Definition, Design, Request, Statistic, SurveyData, Target};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Expected rows: the key columns (the measure last), then the estimate, SE and interval.
fn expected(name: &str, keys: usize) -> Vec<(Vec<String>, [Option<f64>; 4])> {
    let mut reader = csv::Reader::from_path(golden(name)).expect("golden file");
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            let number = |i: usize| r[i].parse::<f64>().ok();
            (
                (0..=keys).map(|i| r[i].to_owned()).collect(),
                [
                    number(keys + 1),
                    number(keys + 2),
                    number(keys + 3),
                    number(keys + 4),
                ],
            )
        })
        .collect()
}

fn close(what: &str, ours: Option<f64>, theirs: Option<f64>, tolerance: f64) -> f64 {
    match (ours, theirs) {
        (None, None) => 0.0,
        (Some(a), Some(b)) => {
            let difference = (a - b).abs() / b.abs().max(1e-12);
            assert!(
                difference <= tolerance || (a - b).abs() < 1e-13,
                "{what}: tendik {a}, R {b} ({difference:e} relative)"
            );
            difference
        }
        _ => panic!("{what}: tendik {ours:?}, R {theirs:?}"),
    }
}

fn values(f: &Figure) -> [Option<f64>; 4] {
    [Some(f.estimate), f.se, f.ci_lower, f.ci_upper]
}

#[test]
fn heat_measures_equal_the_r_reference() {
    let file = golden("heat_input.csv");
    let entries = template::read(
        std::fs::File::open(&file).expect("template"),
        "heat_input.csv",
    )
    .expect("a valid template");
    let mut ours: HashMap<Vec<String>, Figure> = HashMap::new();
    let mut order = Vec::new();
    for entry in &entries {
        for figure in summarise(&entry.stratum, 0.95, Simulation::default()) {
            let key = vec![
                entry.setting.clone(),
                entry.date.clone(),
                entry.indicator_abbr.clone(),
                entry.dimension.clone(),
                figure.measure.name().to_owned(),
            ];
            order.push(key.clone());
            ours.insert(key, figure);
        }
    }
    let mut largest: f64 = 0.0;
    let mut compared = 0;
    let mut theirs_keys = Vec::new();
    for (key, theirs) in expected("heat_expected.csv", 4) {
        let what = key.join(" ");
        if theirs[0].is_none() {
            assert!(
                !ours.contains_key(&key),
                "{what}: R has no value, tendik has one"
            );
            continue;
        }
        theirs_keys.push(key.clone());
        let figure = ours.get(&key).unwrap_or_else(|| panic!("{what}: missing"));
        let simulated = figure.measure.simulated();
        let ours = values(figure);
        // Simulated intervals are compared below, with many draws.
        let compare = if simulated { 1 } else { 4 };
        for i in 0..compare {
            largest = largest.max(close(&what, ours[i], theirs[i], 1e-9));
            compared += 1;
        }
    }
    // Every figure tendik gives is in the reference, in the same order.
    assert_eq!(order, theirs_keys);
    println!("{compared} HEAT figures equal R's to {largest:.1e} relative");
}

#[test]
fn heat_simulated_intervals_agree_with_many_draws() {
    let file = golden("heat_input.csv");
    let entries = template::read(
        std::fs::File::open(&file).expect("template"),
        "heat_input.csv",
    )
    .expect("a valid template");
    let simulation = Simulation {
        draws: 100_000,
        seed: 7,
    };
    let expected = expected("heat_simulated.csv", 4);
    let mut largest: f64 = 0.0;
    for entry in &entries {
        let rows: Vec<_> = expected
            .iter()
            .filter(|(k, _)| {
                k[0] == entry.setting
                    && k[1] == entry.date
                    && k[2] == entry.indicator_abbr
                    && k[3] == entry.dimension
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let figures = summarise(&entry.stratum, 0.95, simulation);
        for (key, theirs) in rows {
            if theirs[0].is_none() {
                continue;
            }
            let figure = figures
                .iter()
                .find(|f| f.measure.name() == key[4])
                .unwrap_or_else(|| panic!("{key:?} missing"));
            // Both are Monte Carlo: the limits' own error is about 0.25% of the interval's
            // width here (100,000 and 400,000 draws); 2% would still show a wrong method.
            let ours = values(figure);
            if theirs[2].is_none() {
                assert_eq!(
                    (ours[2], ours[3]),
                    (None, None),
                    "{key:?}: no interval without SEs"
                );
                continue;
            }
            let width = theirs[3].expect("upper") - theirs[2].expect("lower");
            for i in [2, 3] {
                let gap = (ours[i].expect("a limit") - theirs[i].expect("a limit")).abs() / width;
                assert!(
                    gap < 0.02,
                    "{key:?}: limit {i} off by {gap:.4} of the width"
                );
                largest = largest.max(gap);
            }
        }
    }
    println!(
        "simulated interval limits within {largest:.1e} of the interval's width of R's with 400,000 draws"
    );
}

#[test]
fn design_based_measures_equal_svycontrast() {
    let dataset = tendik_ingest::read(&golden("inequality_design_input.csv")).expect("data");
    let data = SurveyData::from_batches(
        "inequality_design_input.csv",
        dataset.schema,
        dataset.batches,
    )
    .expect("data");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut largest: f64 = 0.0;
    let mut compared = 0;
    let expected = expected("inequality_design_expected.csv", 2);
    for (dimension, column, ordered, reference) in [
        ("wealth", "wealth", true, None),
        ("region", "region", false, None),
        ("region_ref1", "region", false, Some(0)),
        ("area", "area", false, None),
    ] {
        let design = Design {
            strata: Some("stratum".to_owned()),
            psu: Some("psu".to_owned()),
            ..Design::weighted("weight".to_owned())
        };
        let mut request = Request::new(
            design,
            vec![
                Target::Mean("y".to_owned()),
                Target::Total("known".to_owned()),
            ],
        );
        // The groups' populations: the weighted number of persons whose y is known.
        request.definitions = vec![Definition::new(
            "known",
            "CASE WHEN y IS NULL THEN 0 ELSE 1 END",
        )];
        request.breakdowns = vec![Vec::new(), vec![column.to_owned()]];
        let results = runtime
            .block_on(tendik_survey::run(&data, &request))
            .expect("estimates");
        let of = |statistic: Statistic| -> Vec<usize> {
            (0..results.estimates.len())
                .filter(|&i| {
                    let e = &results.estimates[i];
                    e.statistic == statistic && e.breakdown == 1
                })
                .collect()
        };
        let (estimates, shares) = (of(Statistic::Mean), of(Statistic::Total));
        for (&e, &s) in estimates.iter().zip(&shares) {
            assert_eq!(results.estimates[e].domain, results.estimates[s].domain);
        }
        for favourable in [true, false] {
            let figures = design::summarise(
                &results,
                &Dimension {
                    estimates: estimates.clone(),
                    shares: shares.clone(),
                    ordered,
                    favourable,
                    reference,
                },
                0.95,
            );
            let flag = if favourable { "1" } else { "0" };
            let theirs: Vec<_> = expected
                .iter()
                .filter(|(k, _)| k[0] == dimension && k[1] == flag)
                .collect();
            let names: Vec<&str> = figures.iter().map(|f| f.measure.name()).collect();
            let their_names: Vec<&str> = theirs.iter().map(|(k, _)| k[2].as_str()).collect();
            assert_eq!(names, their_names, "{dimension}, favourable {flag}");
            for (figure, (key, values_r)) in figures.iter().zip(theirs) {
                for (ours, theirs) in values(figure).into_iter().zip(values_r) {
                    largest = largest.max(close(&key.join(" "), ours, *theirs, 1e-9));
                    compared += 1;
                }
            }
        }
    }
    println!("{compared} design-based figures equal R's svycontrast to {largest:.1e} relative");
}
