//! `tendik change` on two rounds of the synthetic survey: the second generated with another
//! seed and higher welfare (`tendik synth --welfare-gain`), each analysed with the bundled
//! plan; the change of every figure and inequality measure, with SEs for independent samples.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::tendik;

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    common::csv_rows(path)
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().expect("a number")
}

#[test]
fn two_rounds_give_the_change_of_every_figure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    for (round, seed, gain) in [("round1", "11", "0"), ("round2", "12", "1")] {
        let run = tendik(
            dir.path(),
            &[
                "synth",
                "--households",
                "3000",
                "--seed",
                seed,
                "--welfare-gain",
                gain,
                "--format",
                "parquet",
                "--out",
                &path(round),
            ],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let run = tendik(
            dir.path(),
            &[
                "analyze",
                "--data",
                &path(round),
                "--out",
                &path(&format!("{round}-results")),
            ],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
    let run = tendik(
        dir.path(),
        &[
            "change",
            &path("round1-results"),
            &path("round2-results"),
            "--years",
            "5",
            "--output",
            &path("change.csv"),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let change = rows(&dir.path().join("change.csv"));
    assert!(change.len() > 30_000, "{} rows", change.len());
    for row in &change {
        let (before, after) = (number(row, "before"), number(row, "after"));
        let difference = number(row, "change");
        assert!((difference - (after - before)).abs() < 1e-15, "{row:?}");
        let se = number(row, "before_se").hypot(number(row, "after_se"));
        assert!((number(row, "se") - se).abs() < 1e-15);
        assert!((number(row, "annual_change") - difference / 5.0).abs() < 1e-15);
        let significant = row["significant"] == "true";
        assert_eq!(
            significant,
            number(row, "ci_lower") > 0.0 || number(row, "ci_upper") < 0.0
        );
    }
    // Higher welfare: fewer children deprived in housing and water, and fewer deprived
    // children (H at k = 2), each significantly.
    let national = |age: &str, figure: &str, dimension: &str, k: &str| {
        change
            .iter()
            .find(|r| {
                r["age_group"] == age
                    && r["figure"] == figure
                    && r["inequality"].is_empty()
                    && r["indicator"].is_empty()
                    && r["dimension"] == dimension
                    && r["k"] == k
                    && r["breakdown"].is_empty()
            })
            .unwrap_or_else(|| panic!("{age} {figure} {dimension} {k}"))
    };
    for row in [
        national("0-4 years", "rate", "housing", ""),
        national("5-17 years", "rate", "water", ""),
        national("5-17 years", "H", "", "2"),
    ] {
        assert!(
            number(row, "change") < 0.0 && row["significant"] == "true",
            "{row:?}"
        );
    }
    // The inequality measures change too.
    assert!(
        change
            .iter()
            .any(|r| r["inequality"] == "SII" && r["breakdown"] == "wealth_quintile")
    );

    // A run without inequality measures has no inequality.csv: only the figures compared.
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).expect("dir");
    for file in ["results.csv", "plan.toml"] {
        std::fs::copy(
            dir.path().join("round1-results").join(file),
            bare.join(file),
        )
        .expect("copy");
    }
    let run = tendik(
        dir.path(),
        &[
            "change",
            &path("bare"),
            &path("round2-results"),
            "--output",
            &path("bare.csv"),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no inequality.csv in both folders"),
        "{}",
        run.stderr
    );
    assert!(
        rows(&dir.path().join("bare.csv"))
            .iter()
            .all(|r| r["inequality"].is_empty())
    );

    // A dimension renamed in the first round matches no row of the second.
    let run = tendik(
        dir.path(),
        &[
            "change",
            &path("round1-results"),
            &path("round2-results"),
            "--rename",
            "housing=shelter",
            "--output",
            &path("renamed.csv"),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no annualised change"),
        "{}",
        run.stderr
    );
    let renamed = rows(&dir.path().join("renamed.csv"));
    assert!(renamed.iter().all(|r| r["dimension"] != "housing"));
    assert!(renamed.iter().all(|r| r["annual_change"].is_empty()));
}

#[test]
fn bad_change_requests_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["a", "b"] {
        std::fs::create_dir(dir.path().join(folder)).expect("dir");
    }
    let run = tendik(dir.path(), &["change", "a", "b", "--rename", "stunting"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("--rename stunting is not OLD=NEW"),
        "{}",
        run.stderr
    );
    let run = tendik(dir.path(), &["change", "a", "b", "--years", "0"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("--years 0 is not a number of years"),
        "{}",
        run.stderr
    );
    let run = tendik(dir.path(), &["change", "a", "b"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("a/results.csv"), "{}", run.stderr);
    assert!(
        run.stderr.contains("tendik analyze --out"),
        "{}",
        run.stderr
    );
}
