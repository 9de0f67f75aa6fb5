//! Covariances and contrasts against R's `survey`: `vcov(svyby(…, covmat = TRUE))` and
//! `svycontrast` (differences, ratios and log ratios of domain estimates), to 1e-9.
//!
//! The figures in `golden/vcov.csv` and `golden/contrasts.csv` were computed by
//! `golden/make_golden_vcov.R` (R 4.2.2, survey 4.1.1; see `golden/README.md`).

mod common;

use std::collections::HashMap;

use common::{Row, cases, close, design_of, optional, parse_number, split_list, target_of};
use tendik_survey::contrast;
use tendik_survey::intervals::normal_interval;
use tendik_survey::{Estimate, Request, Results, SurveyData};

fn run(data: &SurveyData, request: &Request) -> Results {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime
        .block_on(tendik_survey::run(data, request))
        .expect("estimate")
}

fn request(row: &Row, variables: &str) -> Request {
    let targets = split_list(variables, ';')
        .iter()
        .map(|v| target_of(&row["statistic"], v))
        .collect();
    let mut request = Request::new(design_of(row), targets);
    request.breakdowns = vec![split_list(&row["by"], ',')];
    request.filter = optional(&row["where"]);
    request.covariances = true;
    request
}

fn domain_text(estimate: &Estimate) -> String {
    estimate
        .domain
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("|")
}

fn level_text(estimate: &Estimate) -> String {
    estimate
        .level
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn covariance_matrices_match_r_svyby_covmat() {
    let mut data = common::DataCache::default();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for (case, rows) in cases("vcov.csv") {
        let Some(source) = data.get(&rows[0]["data"]) else {
            skipped += 1;
            continue;
        };
        let results = run(source, &request(&rows[0], &rows[0]["variables"]));
        let index: HashMap<(String, String, String), usize> = results
            .estimates
            .iter()
            .enumerate()
            .map(|(i, e)| ((domain_text(e), e.variable.clone(), level_text(e)), i))
            .collect();
        let find = |row: &Row, side: &str| {
            index
                .get(&(
                    row[&format!("by_value_{side}")].clone(),
                    row[&format!("variable_{side}")].clone(),
                    row[&format!("level_{side}")].clone(),
                ))
                .copied()
        };
        checked += 1;
        for row in &rows {
            let (Some(a), Some(b)) = (find(row, "a"), find(row, "b")) else {
                failures.push(format!("{case}: no estimate for {row:?}"));
                continue;
            };
            let actual = results.covariance(a, b).expect("covariance");
            let expected = parse_number(&row["covariance"]);
            if !close(expected, Some(actual)) {
                failures.push(format!(
                    "{case} ({}, {}, {}) × ({}, {}, {}): R {expected:?}, tendik {actual}",
                    row["by_value_a"],
                    row["variable_a"],
                    row["level_a"],
                    row["by_value_b"],
                    row["variable_b"],
                    row["level_b"]
                ));
            }
        }
        assert_eq!(
            rows.len(),
            results.estimates.len() * results.estimates.len(),
            "{case}: every pair"
        );
    }
    eprintln!("vcov: {checked} cases checked, {skipped} skipped");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0);
}

/// A contrast's estimate, SE and interval.
type Figures = (f64, f64, (f64, f64));

#[test]
fn contrasts_match_r_svycontrast() {
    let mut data = common::DataCache::default();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for (case, rows) in cases("contrasts.csv") {
        let Some(source) = data.get(&rows[0]["data"]) else {
            skipped += 1;
            continue;
        };
        let first = &rows[0];
        let by = split_list(&first["by"], ',');
        let results = run(source, &request(first, &first["variable"]));
        let (kind, spec) = first["contrast"].split_once(':').expect("kind:spec");
        let (variable, values) = spec.split_once('=').expect("VAR=A,B");
        let (a, b) = values.split_once(',').expect("A,B");
        let position = by.iter().position(|v| v == variable).expect("VAR in by");
        // (other domain values, level) → (estimate, se, ci).
        let mut found: HashMap<(String, String), Figures> = HashMap::new();
        if kind == "difference" {
            for (estimate, _) in
                contrast::differences(&results, 0, &by, variable, a, b).expect("differences")
            {
                let mut others: Vec<String> =
                    estimate.domain.iter().map(ToString::to_string).collect();
                others.remove(position);
                found.insert(
                    (others.join("|"), level_text(&estimate)),
                    (
                        estimate.estimate,
                        estimate.se,
                        (estimate.ci_lower, estimate.ci_upper),
                    ),
                );
            }
        } else {
            let key = |e: &Estimate| {
                let mut others: Vec<String> = e.domain.iter().map(ToString::to_string).collect();
                let value = others.remove(position);
                (value, others.join("|"), level_text(e))
            };
            let index: HashMap<(String, String, String), usize> = results
                .estimates
                .iter()
                .enumerate()
                .map(|(i, e)| (key(e), i))
                .collect();
            for ((value, others, level), &i) in &index {
                if value != a {
                    continue;
                }
                let j = index[&(b.to_owned(), others.clone(), level.clone())];
                let (estimate, se) = match kind {
                    "ratio" => contrast::ratio(&results, i, j),
                    "log_ratio" => contrast::log_ratio(&results, i, j),
                    other => panic!("unknown contrast {other}"),
                }
                .expect("contrast");
                found.insert(
                    (others.clone(), level.clone()),
                    (estimate, se, normal_interval(estimate, se, 0.95)),
                );
            }
        }
        checked += 1;
        for row in &rows {
            let Some(&(estimate, se, (low, high))) =
                found.get(&(row["by_value"].clone(), row["level"].clone()))
            else {
                failures.push(format!(
                    "{case}: no contrast for {:?}/{:?}",
                    row["by_value"], row["level"]
                ));
                continue;
            };
            for (column, actual) in [
                ("estimate", estimate),
                ("se", se),
                ("ci_lower", low),
                ("ci_upper", high),
            ] {
                let expected = parse_number(&row[column]);
                if !close(expected, Some(actual)) {
                    failures.push(format!(
                        "{case} {}/{} {column}: R {expected:?}, tendik {actual}",
                        row["by_value"], row["level"]
                    ));
                }
            }
        }
    }
    eprintln!("contrasts: {checked} cases checked, {skipped} skipped");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0);
}
