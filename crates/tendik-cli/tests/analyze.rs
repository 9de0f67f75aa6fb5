//! `tendik analyze` with no plan: the bundled MICS6 child-deprivation plan on the demo
//! survey, end to end — the files it writes, the headline it prints, the indicator rates
//! against what the demo was calibrated to give (`crates/tendik-synth/CALIBRATION.md`), and
//! its inequality measures against HEAT's own formulas on its HEAT export.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{manifest_dir, tendik_with};

/// The synthetic figures of CALIBRATION.md's table, in percent, by indicator and area.
fn calibration() -> HashMap<(String, String), f64> {
    let path = manifest_dir().join("../tendik-synth/CALIBRATION.md");
    let text = std::fs::read_to_string(path).expect("CALIBRATION.md");
    let begin = text.find("calibration table: begin").expect("table");
    let end = text.find("calibration table: end").expect("table end");
    text[begin..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| indicator"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let value: f64 = cells[4].parse().expect("synthetic figure");
            ((cells[1].to_owned(), cells[2].to_owned()), value)
        })
        .collect()
}

/// The rows of results.csv as maps from column to value.
fn read_results(path: &Path) -> Vec<HashMap<String, String>> {
    common::csv_rows(path)
}

#[test]
fn bundled_plan_on_the_demo_writes_every_figure_and_matches_the_calibration() {
    let cache = tempfile::tempdir().expect("temp dir");
    let out = cache.path().join("results");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let heat = cache.path().join("heat.csv");
    let run = tendik_with(
        cache.path(),
        &[
            "analyze",
            "--out",
            out.to_str().expect("utf-8"),
            "--heat-export",
            heat.to_str().expect("utf-8"),
        ],
        &env,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The headline: H, A and M0 by k for every age group, then what was left out.
    for needle in [
        "0-23 months (",
        "24-59 months (",
        "5-14 years (",
        "15-17 years (",
        "not computable",
        "indicator `few_books` (24-59 months)",
        "dimension `health` (5-14 years)",
        "results.csv, inequality.csv, manifest.json, plan.toml",
    ] {
        assert!(run.stdout.contains(needle), "{needle}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("NaN"), "{}", run.stdout);

    let rows = read_results(&out.join("results.csv"));
    let header = csv::Reader::from_path(out.join("results.csv"))
        .expect("csv")
        .headers()
        .expect("header")
        .clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        tendik_plan::COLUMNS.to_vec()
    );
    let measures: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["measure"].as_str()).collect();
    assert_eq!(
        measures.into_iter().collect::<Vec<_>>(),
        [
            "A",
            "H",
            "M0",
            "censored_headcount",
            "contribution",
            "contribution_pct",
            "count_distribution",
            "overlap",
            "population_share",
            "rate",
            "subgroup_contribution_pct",
        ]
    );

    // The rates equal what the demo was calibrated to give, as the calibration test
    // computes them from the raw items (its figures are rounded to 0.1 percentage point).
    let calibrated = calibration();
    let rate = |indicator: &str, area: &str| -> f64 {
        let row = rows
            .iter()
            .find(|r| {
                r["age_group"] == "0-4 years"
                    && r["measure"] == "rate"
                    && r["indicator"] == indicator
                    && if area == "national" {
                        r["breakdown"].is_empty()
                    } else {
                        r["breakdown"] == "region" && r["group"] == area
                    }
            })
            .unwrap_or_else(|| panic!("no rate of {indicator} in {area}"));
        100.0 * row["estimate"].parse::<f64>().expect("number")
    };
    let mut checked = 0;
    for ((indicator, area), expected) in &calibrated {
        let got = match indicator.as_str() {
            "stunting" => rate("stunted", area),
            "birth_registration" => 100.0 - rate("birth_not_registered", area),
            _ => continue,
        };
        assert!(
            (got - expected).abs() <= 0.05 + 1e-9,
            "{indicator} {area}: {got:.3}, calibrated {expected}"
        );
        checked += 1;
    }
    assert_eq!(checked, 12, "10 stunting and 2 birth registration figures");

    inequality_agrees_with_heat(&out.join("inequality.csv"), &heat, cache.path());

    // The manifest: every input file with its checksum, and the reasons.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let files = manifest["files"].as_array().expect("files");
    assert_eq!(files.len(), 5);
    assert!(
        files
            .iter()
            .all(|f| f["sha256"].as_str().is_some_and(|s| s.len() == 64))
    );
    assert_eq!(manifest["rows"].as_u64(), Some(rows.len() as u64));
    assert!(
        manifest["not_computable"]
            .as_array()
            .expect("list")
            .iter()
            .all(|n| !n["reason"].as_str().unwrap_or_default().is_empty())
    );
    assert!(out.join("plan.toml").exists());

    // The other formats hold the same table.
    let heat_workbook = cache.path().join("heat.xlsx");
    for (format, file) in [("xlsx", "results.xlsx"), ("json", "results.json")] {
        let run = tendik_with(
            cache.path(),
            &[
                "analyze",
                "--out",
                out.to_str().expect("utf-8"),
                "--format",
                format,
                "--heat-export",
                heat_workbook.to_str().expect("utf-8"),
            ],
            &env,
        );
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains(file), "{}", run.stdout);
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).expect("json"))
            .expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(rows.len()));
    let xlsx = std::fs::read(out.join("results.xlsx")).expect("xlsx");
    assert_eq!(&xlsx[..2], b"PK", "a zip container");
    // The HEAT export as a workbook holds what the CSV export holds.
    let measures = |file: &Path| {
        let run = tendik_with(
            cache.path(),
            &["inequality", file.to_str().expect("utf-8")],
            &[],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(measures(&heat_workbook), measures(&heat));
}

/// The design-based inequality measures of every rate by every breakdown are HEAT's
/// figures from the same subgroup estimates: `tendik inequality` on the HEAT export gives
/// the same values (in percent), SII and RII aside (HEAT rounds to whole persons); and
/// every figure has its measures, H and M0 included.
fn inequality_agrees_with_heat(inequality: &Path, heat: &Path, dir: &Path) {
    let ours = read_results(inequality);
    let header = csv::Reader::from_path(inequality)
        .expect("csv")
        .headers()
        .expect("header")
        .clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        tendik_plan::INEQUALITY_COLUMNS.to_vec()
    );
    let of: std::collections::BTreeSet<&str> = ours.iter().map(|r| r["of"].as_str()).collect();
    assert_eq!(of.into_iter().collect::<Vec<_>>(), ["H", "M0", "rate"]);
    let measures: std::collections::BTreeSet<&str> =
        ours.iter().map(|r| r["measure"].as_str()).collect();
    assert_eq!(measures.len(), 21, "every HEAT measure: {measures:?}");
    assert!(ours.iter().all(|r| r["method"] == "design"));

    let recomputed = dir.join("heat-measures.csv");
    let run = tendik_with(
        dir,
        &[
            "inequality",
            heat.to_str().expect("utf-8"),
            "--output",
            recomputed.to_str().expect("utf-8"),
        ],
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let theirs: HashMap<(String, String, String), f64> = read_results(&recomputed)
        .into_iter()
        .map(|r| {
            let value: f64 = r["estimate"].parse().expect("number");
            (
                (
                    r["indicator_abbr"].clone(),
                    r["dimension"].clone(),
                    r["measure"].clone(),
                ),
                value,
            )
        })
        .collect();
    let mut compared = 0;
    for row in ours.iter().filter(|r| r["of"] == "rate") {
        let measure = row["measure"].as_str();
        if matches!(measure, "SII" | "RII") {
            continue;
        }
        let name = if row["indicator"].is_empty() {
            format!("dimension_{}", row["dimension"])
        } else {
            row["indicator"].clone()
        };
        let key = (
            format!("{name} ({})", row["age_group"]),
            row["breakdown"].clone(),
            measure.to_owned(),
        );
        let heat_value = theirs
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} is not in HEAT's figures"));
        // Percentages there, proportions here.
        let scale = match measure {
            "D" | "PAR" | "ACI" | "BGSD" | "MDBU" | "MDBW" | "MDMU" | "MDMW" | "MDRU" | "MDRW" => {
                100.0
            }
            "BGV" => 10_000.0,
            _ => 1.0,
        };
        let value: f64 = row["estimate"].parse().expect("number");
        let difference = (heat_value / scale - value).abs() / value.abs().max(1e-9);
        assert!(
            difference < 1e-9,
            "{key:?}: tendik {value}, HEAT's formula {heat_value}"
        );
        compared += 1;
    }
    assert!(compared > 4_000, "{compared} compared");
}
