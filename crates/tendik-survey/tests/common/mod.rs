//! What the golden comparisons share: paths, the golden CSVs, data files and requests.

#![allow(dead_code, reason = "each test crate uses its own part")]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::csv::ReaderBuilder;
use arrow::csv::reader::Format;
use tendik_survey::{Design, Estimate, LonelyPsu, Statistic, SurveyData, Target};

/// Relative agreement required with R.
pub(crate) const TOLERANCE: f64 = 1e-9;

/// This package's directory: from Cargo at run time (a cached test binary may have been
/// built in another checkout of the same tree), else from compile time.
pub(crate) fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from)
}

pub(crate) fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden")
}

/// `../shared` beside the repository (or `TENDIK_SHARED`), if present.
pub(crate) fn shared_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("TENDIK_SHARED") {
        return Some(PathBuf::from(dir));
    }
    manifest_dir()
        .ancestors()
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("data/r-survey").is_dir())
}

/// The file behind a golden `data` key (`shared:…` or `golden:…`); `None` when the shared
/// folder is absent.
pub(crate) fn data_path(source: &str) -> Option<PathBuf> {
    if let Some(rest) = source.strip_prefix("shared:") {
        return shared_dir().map(|shared| shared.join("data").join(rest));
    }
    Some(golden_dir().join(source.strip_prefix("golden:").expect("golden: prefix")))
}

pub(crate) fn read_csv(path: &Path) -> SurveyData {
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

pub(crate) type Row = HashMap<String, String>;

/// The rows of a golden CSV grouped by their `case`, in file order.
pub(crate) fn cases(file: &str) -> Vec<(String, Vec<Row>)> {
    let mut reader = csv::Reader::from_path(golden_dir().join(file)).expect("golden csv");
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
    cases
}

pub(crate) fn parse_number(text: &str) -> Option<f64> {
    match text {
        "" | "NA" | "NaN" => None,
        "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        other => Some(other.parse().expect("number in a golden file")),
    }
}

pub(crate) fn close(expected: Option<f64>, actual: Option<f64>) -> bool {
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

pub(crate) fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The linearization design of a golden row.
pub(crate) fn design_of(row: &Row) -> Design {
    Design {
        weight: row["weight"].clone(),
        strata: optional(&row["strata"]),
        psu: optional(&row["psu"]),
        fpc: optional(&row["fpc"]),
        lonely_psu: row
            .get("lonely_psu")
            .filter(|p| !p.is_empty())
            .map_or(LonelyPsu::Fail, |p| p.parse().expect("policy")),
        replicates: None,
    }
}

/// A target from a golden `statistic` and `variable` (`num/den` for ratios).
pub(crate) fn target_of(statistic: &str, variable: &str) -> Target {
    let variable = variable.to_owned();
    match statistic {
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
    }
}

pub(crate) fn split_list(text: &str, separator: char) -> Vec<String> {
    text.split(separator)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An estimate's key in a golden file: its domain values joined by `|`, and its level.
pub(crate) fn key_of(estimate: &Estimate) -> (String, String) {
    let domain: Vec<String> = estimate.domain.iter().map(ToString::to_string).collect();
    let level = estimate
        .level
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    (domain.join("|"), level)
}

/// Compare a case's estimates with R's rows (estimate, SE, interval, deff, counts and, for
/// proportions, df), leaving out the columns in `skip`; mismatches go to `failures`.
pub(crate) fn compare(
    case: &str,
    rows: &[Row],
    estimates: &[Estimate],
    skip: &[&str],
    failures: &mut Vec<String>,
) {
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
        let mut checks = vec![
            ("estimate", Some(estimate.estimate)),
            ("se", Some(estimate.se)),
            ("ci_lower", Some(estimate.ci_lower)),
            ("ci_upper", Some(estimate.ci_upper)),
            ("deff", estimate.deff),
            ("n", Some(estimate.n as f64)),
            ("weighted_n", Some(estimate.weighted_n)),
        ];
        if estimate.statistic == Statistic::Proportion {
            checks.push(("df", estimate.df));
        }
        for (column, actual) in checks {
            if skip.contains(&column) {
                continue;
            }
            let expected = parse_number(&row[column]);
            if !close(expected, actual) {
                failures.push(format!(
                    "{case} {key:?} {column}: R {expected:?}, tendik {actual:?}"
                ));
            }
        }
    }
}

/// Data files by their golden key, each read once; `None` for shared data when the shared
/// folder is absent.
#[derive(Default)]
pub(crate) struct DataCache(HashMap<String, SurveyData>);

impl DataCache {
    pub(crate) fn get(&mut self, source: &str) -> Option<&SurveyData> {
        let path = data_path(source)?;
        Some(
            self.0
                .entry(source.to_owned())
                .or_insert_with(|| read_csv(&path)),
        )
    }
}
