//! Golden comparison against R's `survey` package.
//!
//! The figures in `golden/expected.csv` were computed by `golden/make_golden.R` (R 4.2.2,
//! survey 4.1.1; see `golden/README.md`). Every estimate, SE, confidence limit and design
//! effect must agree to 1e-9 relative; counts and weight sums too. Cases on the shared
//! data sets (`../shared/data/r-survey`) are skipped with a message when it is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::csv::ReaderBuilder;
use arrow::csv::reader::Format;
use tendik_survey::{Design, Estimate, LonelyPsu, Request, SurveyData, Target};

const TOLERANCE: f64 = 1e-9;

fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden")
}

/// This package's directory: from Cargo at run time (a cached test binary may have been
/// built in another checkout of the same tree), else from compile time.
fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(
        || env!("CARGO_MANIFEST_DIR").into(),
        std::path::PathBuf::from,
    )
}

/// `../shared` beside the repository (or `TENDIK_SHARED`), if present.
fn shared_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("TENDIK_SHARED") {
        return Some(PathBuf::from(dir));
    }
    manifest_dir()
        .ancestors()
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("data/r-survey").is_dir())
}

fn read_csv(path: &Path) -> SurveyData {
    let format = Format::default().with_header(true);
    let mut file = std::fs::File::open(path).expect("open data");
    let (schema, _) = format.infer_schema(&mut file, None).expect("infer schema");
    let schema = Arc::new(schema);
    let file = std::fs::File::open(path).expect("open data");
    let reader = ReaderBuilder::new(schema.clone())
        .with_format(Format::default().with_header(true))
        .build(file)
        .expect("csv reader");
    let batches = reader.collect::<Result<Vec<_>, _>>().expect("read csv");
    SurveyData::from_batches(path.display().to_string(), schema, batches).expect("data")
}

type Row = HashMap<String, String>;

fn parse_number(text: &str) -> Option<f64> {
    match text {
        "" | "NA" | "NaN" => None,
        "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        other => Some(other.parse().expect("number in expected.csv")),
    }
}

fn close(expected: Option<f64>, actual: Option<f64>) -> bool {
    match (expected, actual.filter(|a| !a.is_nan())) {
        (None, None) => true,
        (Some(e), Some(a)) if e.is_infinite() || a.is_infinite() => {
            e.is_infinite() && a.is_infinite() && e.is_sign_positive() == a.is_sign_positive()
        }
        (Some(e), Some(a)) => {
            let diff = (e - a).abs();
            diff <= TOLERANCE * e.abs().max(a.abs()) || diff <= 1e-13
        }
        _ => false,
    }
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn request_of(row: &Row) -> Request {
    let variable = row["variable"].clone();
    let target = match row["statistic"].as_str() {
        "mean" => Target::Mean(variable),
        "total" => Target::Total(variable),
        "proportion" => Target::Proportion(variable),
        "ratio" => {
            let (numerator, denominator) = variable.split_once('/').expect("num/den");
            Target::Ratio {
                numerator: numerator.to_owned(),
                denominator: denominator.to_owned(),
            }
        }
        other => panic!("unknown statistic {other}"),
    };
    let mut request = Request::new(
        Design {
            weight: row["weight"].clone(),
            strata: optional(&row["strata"]),
            psu: optional(&row["psu"]),
            fpc: optional(&row["fpc"]),
            lonely_psu: row["lonely_psu"].parse::<LonelyPsu>().expect("policy"),
        },
        vec![target],
    );
    request.breakdowns = vec![
        row["by"]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    ];
    request.filter = optional(&row["where"]);
    request
}

fn key_of(estimate: &Estimate) -> (String, String) {
    let domain: Vec<String> = estimate.domain.iter().map(ToString::to_string).collect();
    let level = estimate
        .level
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    (domain.join("|"), level)
}

#[test]
fn estimates_match_r_survey() {
    let shared = shared_dir();
    if shared.is_none() {
        eprintln!("skipping the cases on shared data: ../shared/data/r-survey not found");
    }
    let mut reader =
        csv::Reader::from_path(golden_dir().join("expected.csv")).expect("expected.csv");
    let headers = reader.headers().expect("headers").clone();
    let mut cases: Vec<(String, Vec<Row>)> = Vec::new();
    for record in reader.records() {
        let record = record.expect("record");
        let row: Row = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_owned(), v.to_owned()))
            .collect();
        match cases.last_mut() {
            Some((case, rows)) if *case == row["case"] => rows.push(row),
            _ => cases.push((row["case"].clone(), vec![row])),
        }
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut data_cache: HashMap<String, SurveyData> = HashMap::new();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for (case, rows) in &cases {
        let source = &rows[0]["data"];
        let path = if let Some(rest) = source.strip_prefix("shared:") {
            let Some(shared) = &shared else {
                skipped += 1;
                continue;
            };
            shared.join("data").join(rest)
        } else {
            golden_dir().join(source.strip_prefix("golden:").expect("golden: prefix"))
        };
        let data = data_cache
            .entry(source.clone())
            .or_insert_with(|| read_csv(&path));
        let request = request_of(&rows[0]);
        let result = runtime.block_on(tendik_survey::estimate(data, &request));
        checked += 1;
        if !rows[0]["error"].is_empty() {
            match result {
                Err(error) if error.to_string().to_lowercase().contains(&rows[0]["error"]) => {}
                other => failures.push(format!(
                    "{case}: expected an error containing `{}`, got {other:?}",
                    rows[0]["error"]
                )),
            }
            continue;
        }
        let estimates = match result {
            Ok(estimates) => estimates,
            Err(error) => {
                failures.push(format!("{case}: unexpected error: {error}"));
                continue;
            }
        };
        if estimates.len() != rows.len() {
            failures.push(format!(
                "{case}: {} estimates, R has {}",
                estimates.len(),
                rows.len()
            ));
        }
        let by_key: HashMap<(String, String), &Estimate> =
            estimates.iter().map(|e| (key_of(e), e)).collect();
        for row in rows {
            let key = (row["by_value"].clone(), row["level"].clone());
            let Some(estimate) = by_key.get(&key) else {
                failures.push(format!("{case}: no estimate for domain {key:?}"));
                continue;
            };
            let checks = [
                ("estimate", Some(estimate.estimate)),
                ("se", Some(estimate.se)),
                ("ci_lower", Some(estimate.ci_lower)),
                ("ci_upper", Some(estimate.ci_upper)),
                ("deff", estimate.deff),
                ("n", Some(estimate.n as f64)),
                ("weighted_n", Some(estimate.weighted_n)),
            ];
            for (column, actual) in checks {
                let expected = parse_number(&row[column]);
                if !close(expected, actual) {
                    failures.push(format!(
                        "{case} {key:?} {column}: R {expected:?}, tendik {actual:?}"
                    ));
                }
            }
            if estimate.statistic == tendik_survey::Statistic::Proportion {
                let expected = parse_number(&row["df"]);
                if !close(expected, estimate.df) {
                    failures.push(format!(
                        "{case} {key:?} df: R {expected:?}, tendik {:?}",
                        estimate.df
                    ));
                }
            }
        }
    }
    eprintln!("golden: {checked} cases checked, {skipped} skipped");
    assert!(
        failures.is_empty(),
        "{} mismatches against R:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0, "no golden case ran");
}
