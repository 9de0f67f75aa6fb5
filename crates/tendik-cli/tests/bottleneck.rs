//! `tendik bottleneck` with no arguments (the bundled plan on the demo survey and its
//! DHIS2 administrative data), its refusals, and `tendik actions`: an action added on one
//! round survives a restart and its review on a newer round shows the movement.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use common::{csv_rows, tendik_with};

const COLUMNS: &str = "area_code,area_name,area_level,sector,intervention,step,determinant,domain,coverage,se,ci_lower,ci_upper,source,drop,bottleneck,reliability";

fn number(row: &HashMap<String, String>, column: &str) -> Option<f64> {
    let text = &row[column];
    (!text.is_empty()).then(|| text.parse().expect("a number"))
}

#[test]
fn no_arguments_give_every_chain_in_every_oblast_and_rayon() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let run = tendik_with(dir.path(), &["bottleneck", "-o", "b.csv"], &env);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("b.csv")).expect("written");
    assert!(text.starts_with(COLUMNS), "{}", &text[..200]);
    let rows = csv_rows(&dir.path().join("b.csv"));
    let plan = tendik_plan::Plan::from_toml(tendik_plan::MICS6_CHILD_DEPRIVATION, "bundled")
        .expect("the bundled plan reads");
    let steps: usize = plan.interventions.iter().map(|i| i.steps.len()).sum();
    let areas: HashSet<&str> = rows.iter().map(|r| r["area_code"].as_str()).collect();
    let expected = 1
        + tendik_geo::units_at(tendik_geo::Level::Region).count()
        + tendik_geo::units_at(tendik_geo::Level::District).count();
    assert_eq!(
        areas.len(),
        expected,
        "the country, every oblast and every rayon"
    );
    assert_eq!(rows.len(), expected * steps);
    // Every step of every chain is computable on the demo (no warning of a missing one).
    assert!(!run.stderr.contains("not computable"), "{}", run.stderr);
    for row in &rows {
        // One bottleneck per area × intervention: whenever any drop is known.
        let chain: Vec<&HashMap<String, String>> = rows
            .iter()
            .filter(|r| {
                r["area_code"] == row["area_code"] && r["intervention"] == row["intervention"]
            })
            .collect();
        let bottlenecks = chain.iter().filter(|r| r["bottleneck"] == "true").count();
        let known = chain.iter().any(|r| !r["drop"].is_empty());
        assert_eq!(bottlenecks, usize::from(known), "{row:?}");
        // Never a bare number from fewer than 25 cases.
        if row["source"] == "survey" {
            let n: u64 = row["n"].parse().unwrap_or(0);
            if n < 25 {
                assert!(row["coverage"].is_empty(), "{row:?}");
            } else {
                assert!(number(row, "se").is_some(), "{row:?}");
            }
        }
        if let Some(c) = number(row, "coverage") {
            assert!((0.0..=1.0).contains(&c), "{row:?}");
        }
    }
    // Nationally, every chain has its bottleneck and every survey step its SE; every
    // oblast has a bottleneck in every chain (its admin steps at least are known).
    for row in rows
        .iter()
        .filter(|r| r["area_level"] == "national" && r["source"] == "survey")
    {
        assert!(number(row, "se").is_some(), "{row:?}");
    }
    for intervention in &plan.interventions {
        for area in rows
            .iter()
            .filter(|r| r["area_level"] != "district")
            .map(|r| &r["area_code"])
        {
            assert!(
                rows.iter().any(|r| &r["area_code"] == area
                    && r["intervention"] == intervention.id
                    && r["bottleneck"] == "true"),
                "{area} {}",
                intervention.id
            );
        }
    }
    // Supply is worse where it should be: administrative figures differ across rayons.
    let stock: HashSet<String> = rows
        .iter()
        .filter(|r| {
            r["area_level"] == "district" && r["intervention"] == "immunisation" && r["step"] == "1"
        })
        .map(|r| r["coverage"].clone())
        .collect();
    assert!(stock.len() > 10, "{stock:?}");
}

#[test]
fn refusals_name_the_file_and_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    // A plan whose step has an unknown source.
    let plan =
        tendik_plan::MICS6_CHILD_DEPRIVATION.replacen("source = \"admin\"", "source = \"dhis\"", 1);
    std::fs::write(dir.path().join("plan.toml"), plan).expect("ok");
    let run = tendik_with(dir.path(), &["bottleneck", "plan.toml"], &env);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("unknown variant `dhis`"),
        "{}",
        run.stderr
    );
    // An admin value that is not a number, and a duplicate.
    let admin = dir.path().join("admin");
    std::fs::create_dir_all(&admin).expect("ok");
    std::fs::write(
        admin.join("values.csv"),
        "area,period,element,value\nKG-Y,2018,PHC_FACILITIES,twelve\n",
    )
    .expect("ok");
    let run = tendik_with(
        dir.path(),
        &[
            "bottleneck",
            "--admin",
            admin.to_str().expect("utf-8"),
            "--level",
            "region",
        ],
        &env,
    );
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("values.csv"), "{}", run.stderr);
    assert!(run.stderr.contains("twelve"), "{}", run.stderr);
    std::fs::write(
        admin.join("values.csv"),
        "area,period,element,value\nKG-Y,2018,PHC_FACILITIES,12\nIssyk-Kul Region,2018,PHC_FACILITIES,13\n",
    )
    .expect("ok");
    let run = tendik_with(
        dir.path(),
        &[
            "bottleneck",
            "--admin",
            admin.to_str().expect("utf-8"),
            "--level",
            "region",
        ],
        &env,
    );
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("a second value for PHC_FACILITIES"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 2") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    // Parquet needs a file.
    let run = tendik_with(dir.path(), &["bottleneck", "--format", "parquet"], &env);
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().expect("utf-8").to_owned()
}

#[test]
fn actions_survive_a_restart_and_a_rerun_shows_their_movement() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("cache");
    let env = [
        ("TENDIK_CACHE_DIR", cache.path()),
        ("TENDIK_DATA_DIR", dir.path()),
    ];
    for (round, seed, gain) in [("round1", "21", "0"), ("round2", "22", "1.5")] {
        let run = tendik_with(
            dir.path(),
            &[
                "synth",
                "--households",
                "4000",
                "--seed",
                seed,
                "--welfare-gain",
                gain,
                "--format",
                "parquet",
                "--out",
                &path(dir.path(), round),
            ],
            &env,
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
    let round1 = path(dir.path(), "round1");
    let add = |area: &str, intervention: &str| {
        tendik_with(
            dir.path(),
            &[
                "actions",
                "add",
                "--area",
                area,
                "--intervention",
                intervention,
                "--cause",
                "poor families do not know the benefit",
                "--action",
                "outreach by social workers in every ayil okmotu",
                "--owner",
                "Ministry of Labour",
                "--due",
                "2027-06-30",
                "--budget",
                "150000",
                "--data",
                &round1,
            ],
            &env,
        )
    };
    let run = add("KG", "monthly_benefit");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("added action 1"), "{}", run.stdout);
    assert!(run.stdout.contains("baseline coverage"), "{}", run.stdout);
    // Refusals: an unknown area (close names), an unknown intervention (the plan's ids).
    let run = add("Isyk-Kul", "monthly_benefit");
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("Issyk-Kul"), "{}", run.stderr);
    let run = add("KG-Y", "vaccines");
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("immunisation"), "{}", run.stderr);
    // A second process sees the action (the register is a file); updates keep history.
    let run = tendik_with(
        dir.path(),
        &[
            "actions",
            "update",
            "1",
            "--status",
            "in_progress",
            "--note",
            "outreach started",
        ],
        &env,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = tendik_with(dir.path(), &["actions", "list", "--format", "csv"], &env);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("in_progress"), "{}", run.stdout);
    let run = tendik_with(dir.path(), &["actions", "history", "1"], &env);
    assert!(run.stdout.contains("outreach started"), "{}", run.stdout);
    assert!(dir.path().join("actions.sqlite").exists());
    // Export, then import into a new register: the same actions.
    let run = tendik_with(
        dir.path(),
        &["actions", "export", "-o", &path(dir.path(), "actions.json")],
        &env,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let other = path(dir.path(), "other.sqlite");
    let run = tendik_with(
        dir.path(),
        &[
            "actions",
            "--db",
            &other,
            "import",
            &path(dir.path(), "actions.json"),
        ],
        &env,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 added"), "{}", run.stdout);
    // The review on the newer round: the benefit's bottleneck step moved, with an SE.
    let run = tendik_with(
        dir.path(),
        &[
            "actions",
            "review",
            "--data",
            &path(dir.path(), "round2"),
            "--format",
            "csv",
        ],
        &env,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let review = dir.path().join("review.csv");
    std::fs::write(&review, &run.stdout).expect("ok");
    let rows = csv_rows(&review);
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    let row = &rows[0];
    let baseline = number(row, "baseline").expect("baseline");
    let current = number(row, "current").expect("current");
    let change = number(row, "change").expect("change");
    assert!((change - (current - baseline)).abs() < 1e-12);
    let se = number(row, "change_se").expect("an SE");
    let se_now = number(row, "current_se").unwrap_or(0.0);
    let se_then = number(row, "baseline_se").unwrap_or(0.0);
    assert!((se - (se_now.powi(2) + se_then.powi(2)).sqrt()).abs() < 1e-12);
    assert!(!row["verdict"].is_empty());
}
