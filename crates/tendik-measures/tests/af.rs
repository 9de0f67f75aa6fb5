//! Alkire–Foster measures against R's survey package (`tests/golden/af_golden.R` made the
//! data and the figures), on a small worked example, and their identities.

use std::path::PathBuf;

use tendik_measures::af::{AfMeasure, AfRequest, AfResult, Cutoff, Indicator, alkire_foster};
use tendik_survey::{Design, LonelyPsu, SurveyData, Value};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn data_of(path: &std::path::Path) -> SurveyData {
    let dataset = tendik_ingest::read(path).expect("read the data");
    SurveyData::from_batches("af_data.csv", dataset.schema.clone(), dataset.batches).expect("data")
}

fn design() -> Design {
    Design {
        weight: "w".to_owned(),
        strata: Some("stratum".to_owned()),
        psu: Some("psu".to_owned()),
        fpc: None,
        lonely_psu: LonelyPsu::Fail,
        replicates: None,
    }
}

fn run(data: &SurveyData, request: &AfRequest) -> Vec<AfResult> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(alkire_foster(data, request))
        .expect("AF figures")
        .0
}

/// Relative difference on the scale of the larger value (at least 1e-12).
fn close(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-12)
}

#[test]
fn figures_equal_r_survey() {
    let data = data_of(&golden("af_data.csv"));
    let columns = ["d1", "d2", "d3", "d4"];
    let cases = [
        (
            "equal",
            [1.0, 1.0, 1.0, 1.0],
            vec![
                Cutoff::Count(1),
                Cutoff::Count(2),
                Cutoff::Count(3),
                Cutoff::Count(4),
            ],
        ),
        (
            "weighted",
            [0.4, 0.2, 0.2, 0.2],
            vec![Cutoff::Share(0.2), Cutoff::Share(0.4), Cutoff::Share(0.6)],
        ),
    ];
    let mut expected = csv::Reader::from_path(golden("af_expected.csv")).expect("golden figures");
    let rows: Vec<csv::StringRecord> = expected.records().map(|r| r.expect("row")).collect();
    let mut compared = 0;
    let mut worst = 0.0f64;
    for (case, weights, cutoffs) in cases {
        let indicators = columns
            .iter()
            .zip(weights)
            .map(|(c, w)| Indicator {
                column: (*c).to_owned(),
                weight: w,
            })
            .collect();
        let mut request = AfRequest::new(design(), indicators, cutoffs);
        request.breakdowns = vec![vec![], vec!["region".to_owned()]];
        let results = run(&data, &request);
        for row in rows.iter().filter(|r| &r[0] == case) {
            let (region, measure, k, indicator) = (&row[1], &row[2], &row[3], &row[4]);
            let (estimate, se): (f64, f64) = (
                row[5].parse().expect("estimate"),
                row[6].parse().expect("se"),
            );
            let found = results
                .iter()
                .find(|r| {
                    r.measure.name() == measure
                        && r.k.label() == k
                        && r.indicator.as_deref().unwrap_or_default() == indicator
                        && match region {
                            "" => r.estimate.breakdown == 0,
                            region => {
                                r.estimate.breakdown == 1
                                    && r.estimate.domain.first().and_then(Value::as_f64)
                                        == region.parse::<f64>().ok()
                            }
                        }
                })
                .unwrap_or_else(|| panic!("{case}: no {measure} k={k} {indicator} {region}"));
            for (what, ours, theirs) in [
                ("estimate", found.estimate.estimate, estimate),
                ("se", found.estimate.se, se),
            ] {
                let difference = close(ours, theirs);
                assert!(
                    difference < 1e-9,
                    "{case} {measure} k={k} {indicator} region={region}: {what} {ours} vs R {theirs}"
                );
                worst = worst.max(difference);
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} figures compared");
    eprintln!("{compared} figures equal R's to {worst:e} relative");
}

/// Four persons, four indicators: the counts 0, 2, 4, 2 (deprivations of each person).
const FOUR: &str = "w,x,d1,d2,d3,d4\n1,2,0,0,0,0\n1,0,1,0,0,1\n1,1,1,1,1,1\n1,3,0,1,1,0\n";

fn four_person() -> (tempfile::TempDir, SurveyData) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("four.csv");
    std::fs::write(&path, FOUR).expect("write");
    let data = data_of(&path);
    (dir, data)
}

fn weights_only() -> Design {
    Design {
        strata: None,
        psu: None,
        ..design()
    }
}

fn equal(columns: &[&str]) -> Vec<Indicator> {
    columns
        .iter()
        .map(|c| Indicator {
            column: (*c).to_owned(),
            weight: 1.0,
        })
        .collect()
}

fn value(results: &[AfResult], measure: AfMeasure, k: Cutoff, indicator: Option<&str>) -> f64 {
    results
        .iter()
        .find(|r| r.measure == measure && r.k == k && r.indicator.as_deref() == indicator)
        .map(|r| r.estimate.estimate)
        .expect("figure")
}

/// H, A and M0 at each count cut-off k, to 1e-15: (k, H, A, M0).
fn assert_headline(results: &[AfResult], expected: &[(u32, f64, f64, f64)]) {
    for &(k, h, a, m0) in expected {
        let k = Cutoff::Count(k);
        assert!(
            close(value(results, AfMeasure::H, k, None), h) < 1e-15,
            "H at {k:?}"
        );
        assert!(
            close(value(results, AfMeasure::A, k, None), a) < 1e-15,
            "A at {k:?}"
        );
        assert!(
            close(value(results, AfMeasure::M0, k, None), m0) < 1e-15,
            "M0 at {k:?}"
        );
    }
}

#[test]
fn four_persons_by_hand() {
    let (_dir, data) = four_person();
    let columns = ["d1", "d2", "d3", "d4"];
    let cutoffs: Vec<Cutoff> = (1..=4).map(Cutoff::Count).collect();
    let results = run(
        &data,
        &AfRequest::new(weights_only(), equal(&columns), cutoffs),
    );
    // k: H, A, M0 (counts 0, 2, 4, 2 of 4 indicators).
    let expected = [
        (1, 0.75, 8.0 / 12.0, 0.5),
        (2, 0.75, 8.0 / 12.0, 0.5),
        (3, 0.25, 1.0, 0.25),
        (4, 0.25, 1.0, 0.25),
    ];
    assert_headline(&results, &expected);
    for (k, _, _, m0) in expected {
        let k = Cutoff::Count(k);
        // Contributions add up to M0, percentages to 100.
        let sum: f64 = columns
            .iter()
            .map(|c| value(&results, AfMeasure::Contribution, k, Some(c)))
            .sum();
        assert!(close(sum, m0) < 1e-14);
        let pct: f64 = columns
            .iter()
            .map(|c| value(&results, AfMeasure::ContributionPct, k, Some(c)))
            .sum();
        assert!(close(pct, 100.0) < 1e-14);
    }
    // At k = 3 only the third person is poor: deprived in everything.
    let k3 = Cutoff::Count(3);
    assert!(
        close(
            value(&results, AfMeasure::CensoredHeadcount, k3, Some("d1")),
            0.25
        ) < 1e-15
    );
}

#[test]
fn figures_without_an_estimate_are_counted_in_one_warning() {
    let (_dir, data) = four_person();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let columns = ["d1", "d2", "d3", "d4"];
    // By person (x): at k = 3 only the person with x = 1 is poor, so the other three
    // domains have no A and no percentage contributions: one sentence with the count.
    let mut by_person = AfRequest::new(weights_only(), equal(&columns), vec![Cutoff::Count(3)]);
    by_person.breakdowns = vec![vec!["x".to_owned()]];
    let (results, warnings) = runtime
        .block_on(alkire_foster(&data, &by_person))
        .expect("estimates");
    let empty = results
        .iter()
        .filter(|r| r.estimate.estimate.is_nan())
        .count();
    assert_eq!(
        empty,
        3 * (1 + columns.len()),
        "A and 4 percentages in 3 domains"
    );
    assert_eq!(
        warnings,
        [format!(
            "{empty} of {} figures have no estimate (A and the percentage contributions where nobody is deprived at that k, or a domain without observations); they are empty in the output",
            results.len()
        )]
    );
}

#[test]
fn wrong_requests_are_refused() {
    let (_dir, data) = four_person();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let unequal = vec![
        Indicator {
            column: "d1".to_owned(),
            weight: 2.0,
        },
        Indicator {
            column: "d2".to_owned(),
            weight: 1.0,
        },
    ];
    let error = runtime
        .block_on(alkire_foster(
            &data,
            &AfRequest::new(weights_only(), unequal, vec![Cutoff::Count(1)]),
        ))
        .expect_err("a count with unequal weights");
    assert!(
        error.to_string().contains("equal indicator weights"),
        "{error}"
    );
    let error = runtime
        .block_on(alkire_foster(
            &data,
            &AfRequest::new(weights_only(), equal(&["d1", "x"]), vec![Cutoff::Count(1)]),
        ))
        .expect_err("not 0/1");
    assert!(
        error
            .to_string()
            .contains("indicator `x` holds values other than 0 and 1"),
        "{error}"
    );
    assert_eq!("33%".parse::<Cutoff>(), Ok(Cutoff::Share(0.33)));
    let third = "33.3%".parse::<Cutoff>().expect("a share");
    assert_eq!(third.label(), "33.3%");
    assert_eq!(Cutoff::Share(0.2).label(), "20%");
    assert_eq!("2".parse::<Cutoff>(), Ok(Cutoff::Count(2)));
    assert!("0".parse::<Cutoff>().is_err());
    assert!("120%".parse::<Cutoff>().is_err());
}

/// The four-person, four-indicator example of Alkire and Foster (2011, "Counting and
/// multidimensional poverty measurement", J. Public Econ. 95): achievements y, cut-offs
/// z = (13, 12, 3, 1), deprived when y < z. The expected figures are our own arithmetic on
/// that matrix (deprivation counts c = (0, 2, 4, 1)), not quoted from the paper.
#[test]
fn alkire_foster_2011_example_by_hand() {
    let y = [
        [13.1, 14.0, 4.0, 1.0],
        [15.2, 7.0, 5.0, 0.0],
        [12.5, 10.0, 1.0, 0.0],
        [20.0, 11.0, 3.0, 1.0],
    ];
    let z = [13.0, 12.0, 3.0, 1.0];
    let mut csv = String::from("w,x,d1,d2,d3,d4\n");
    for row in y {
        let d: Vec<&str> = row
            .iter()
            .zip(z)
            .map(|(y, z)| if *y < z { "1" } else { "0" })
            .collect();
        csv.push_str("1,1,");
        csv.push_str(&d.join(","));
        csv.push('\n');
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("af2011.csv");
    std::fs::write(&path, csv).expect("write");
    let data = data_of(&path);
    let columns = ["d1", "d2", "d3", "d4"];
    let cutoffs: Vec<Cutoff> = (1..=4).map(Cutoff::Count).collect();
    let results = run(
        &data,
        &AfRequest::new(weights_only(), equal(&columns), cutoffs),
    );
    let expected = [
        (1, 0.75, 7.0 / 12.0, 7.0 / 16.0),
        (2, 0.5, 0.75, 3.0 / 8.0),
        (3, 0.25, 1.0, 0.25),
        (4, 0.25, 1.0, 0.25),
    ];
    assert_headline(&results, &expected);
    let k2 = Cutoff::Count(2);
    for (column, headcount, pct) in [
        ("d1", 0.25, 100.0 / 6.0),
        ("d2", 0.5, 100.0 / 3.0),
        ("d3", 0.25, 100.0 / 6.0),
        ("d4", 0.5, 100.0 / 3.0),
    ] {
        let found = value(&results, AfMeasure::CensoredHeadcount, k2, Some(column));
        assert!(close(found, headcount) < 1e-15, "{column}: {found}");
        let found = value(&results, AfMeasure::ContributionPct, k2, Some(column));
        assert!(close(found, pct) < 1e-13, "{column}: {found}");
    }
}
