//! Determinant chains against R's `survey` (`tests/golden/bottleneck_golden.R`): on the demo
//! survey's under-5 file cut down to the columns the chains use (`tests/golden/bottleneck_input/`),
//! each survey step's coverage and SE — a domain mean, NULL rows left out — for the country and
//! every HH7 region, and the drop between consecutive survey steps with the SE of that contrast
//! (their covariance included), equal R's `svycontrast` on one `svytotal` of the domains' totals
//! to 1e-9 relative. Also checked: the unweighted cases and the MICS flag (suppressed exactly
//! where R counts fewer than 25 cases, no drop beside a suppressed step), the normal interval, and
//! the first step's drop (1 − coverage, with its SE). A drop SE that R gives as exactly 0 (two
//! steps equal on the same rows) is held to the rounding of `se_a² + se_b² − 2 cov` instead; the
//! run prints those that are not 0 in tendik (`--nocapture`).

use std::collections::HashMap;
use std::path::PathBuf;

use tendik_plan::{BottleneckRow, Plan};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The plan's `[areas.region]` table: HH7 code → tendik-geo code.
const REGIONS: [(&str, &str); 9] = [
    ("1", "KG-Y"),
    ("2", "KG-J"),
    ("3", "KG-N"),
    ("4", "KG-B"),
    ("5", "KG-O"),
    ("6", "KG-T"),
    ("7", "KG-C"),
    ("8", "KG-GB"),
    ("9", "KG-GO"),
];

/// R's `qnorm(0.975)` (R 4.2.2, `%.17g`): the intervals are normal, plan level 0.95.
const Z: f64 = 1.959_963_984_540_053_6;

/// The survey steps of `immunisation` and `birth_registration` as in
/// `plans/mics6-child-deprivation.toml` (their admin steps and the full-immunisation step left
/// out), and `row_sets`, whose steps have different rows (see the R script's header).
const PLAN: &str = r#"
[plan]
name = "bottleneck golden"

[files.ch]
keys = ["HH1", "HH2", "LN"]

[units.under5]
from = "ch"
where = "UF17 = 1"
weight = "chweight"
strata = "stratum"
psu = "PSU"

[[age_groups]]
name = "0-4 years"
unit = "under5"

[areas.region]
variable = "HH7"
codes = { "1" = "KG-Y", "2" = "KG-J", "3" = "KG-N", "4" = "KG-B", "5" = "KG-O", "6" = "KG-T", "7" = "KG-C", "8" = "KG-GB", "9" = "KG-GO" }

[[interventions]]
id = "immunisation"
sector = "health"
unit = "under5"
population = "CAGE BETWEEN 12 AND 23"

[[interventions.steps]]
determinant = "Penta1 (initial utilisation)"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN IM5 IN (1, 2, 3) THEN CASE WHEN IM6PENTA1Y BETWEEN 1 AND 6666 THEN 1 ELSE 0 END
  WHEN IM11 = 1 THEN CASE WHEN IM20 = 1 AND IM21 BETWEEN 1 AND 7 THEN 1 ELSE 0 END
  WHEN IM11 IN (2, 8) THEN 0
END'''

[[interventions.steps]]
determinant = "Penta3 (continuity)"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN IM5 IN (1, 2, 3) THEN CASE WHEN IM6PENTA3Y BETWEEN 1 AND 6666 THEN 1 ELSE 0 END
  WHEN IM11 = 1 THEN CASE WHEN IM20 = 1 AND IM21 BETWEEN 3 AND 7 THEN 1 ELSE 0 END
  WHEN IM11 IN (2, 8) THEN 0
END'''

[[interventions.steps]]
determinant = "MMR1 (continuity)"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN IM5 IN (1, 2, 3) THEN CASE WHEN IM6M1Y BETWEEN 1 AND 6666 THEN 1 ELSE 0 END
  WHEN IM11 = 1 THEN CASE WHEN IM26 = 1 THEN 1 ELSE 0 END
  WHEN IM11 IN (2, 8) THEN 0
END'''

[[interventions]]
id = "birth_registration"
sector = "child_protection"
unit = "under5"

[[interventions.steps]]
determinant = "Knows how to register"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN BR1 IN (1, 2) OR BR2 = 1 THEN 1
  WHEN BR3 = 1 THEN 1
  WHEN BR3 IN (2, 8) THEN 0
END'''

[[interventions.steps]]
determinant = "Registered"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN BR1 IN (1, 2) OR BR2 = 1 THEN 1
  WHEN BR2 IN (2, 8) THEN 0
END'''

[[interventions.steps]]
determinant = "Birth certificate seen"
domain = "quality"
source = "survey"
expression = '''
CASE
  WHEN BR1 = 1 THEN 1
  WHEN BR1 IN (2, 3, 8) OR BR2 IN (1, 2, 8) THEN 0
END'''

[[interventions]]
id = "row_sets"
sector = "child_protection"
unit = "under5"

[[interventions.steps]]
determinant = "Registered"
domain = "demand"
source = "survey"
expression = '''
CASE
  WHEN BR1 IN (1, 2) OR BR2 = 1 THEN 1
  WHEN BR2 IN (2, 8) THEN 0
END'''

[[interventions.steps]]
determinant = "Certificate seen, of the registered"
domain = "quality"
source = "survey"
expression = '''
CASE WHEN BR1 IN (1, 2) OR BR2 = 1 THEN CASE WHEN BR1 = 1 THEN 1 ELSE 0 END END'''

[[interventions.steps]]
determinant = "Registered, under 2"
domain = "demand"
source = "survey"
population = "CAGE < 24"
expression = '''
CASE
  WHEN BR1 IN (1, 2) OR BR2 = 1 THEN 1
  WHEN BR2 IN (2, 8) THEN 0
END'''
"#;

/// One row of `bottleneck_expected.csv`.
struct Expected {
    area: String,
    intervention: String,
    step: u32,
    coverage: f64,
    se: f64,
    drop: Option<f64>,
    drop_se: Option<f64>,
    n: u64,
}

fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(golden("bottleneck_expected.csv")).expect("golden file");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("area,intervention,step,coverage,se,drop,drop_se,n")
    );
    lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 8, "{line}");
            let number = |i: usize| -> Option<f64> {
                (!f[i].is_empty()).then(|| f[i].parse().expect("a number"))
            };
            Expected {
                area: f[0].to_owned(),
                intervention: f[1].to_owned(),
                step: f[2].parse().expect("a step"),
                coverage: number(3).expect("R gives every coverage"),
                se: number(4).expect("R gives every SE"),
                drop: number(5),
                drop_se: number(6),
                n: f[7].parse().expect("a count"),
            }
        })
        .collect()
}

/// The tendik-geo code of an area of the CSV (an HH7 code or `all`).
fn area_code(area: &str) -> String {
    if area == "all" {
        return tendik_geo::find("KG").expect("the country").code.clone();
    }
    let (_, code) = REGIONS
        .iter()
        .find(|(hh7, _)| *hh7 == area)
        .expect("an HH7 code of the plan");
    tendik_geo::find(code).expect("a region").code.clone()
}

/// The relative difference of tendik's figure from R's, checked against 1e-9; a figure R
/// gives as zero (to rounding: below 1e-13) is compared absolutely.
fn close(what: &str, ours: Option<f64>, theirs: f64) -> f64 {
    let ours = ours.unwrap_or_else(|| panic!("{what}: tendik has no figure, R {theirs}"));
    let difference = (ours - theirs).abs();
    if theirs.abs() < 1e-13 {
        assert!(
            difference < 1e-13,
            "{what}: tendik {ours}, R {theirs} (zero in R)"
        );
        return 0.0;
    }
    let relative = difference / theirs.abs();
    assert!(
        relative <= 1e-9,
        "{what}: tendik {ours}, R {theirs} ({relative:e} relative)"
    );
    relative
}

#[test]
fn bottleneck_figures_equal_svycontrast() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(golden("bottleneck_input/ch.csv"), dir.path().join("ch.csv")).expect("copy");
    let plan = Plan::from_toml(PLAN, "golden.toml").expect("plan");
    let found = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(tendik_plan::bottlenecks(
            &plan,
            "golden.toml",
            dir.path(),
            None,
            &[tendik_geo::Level::Region],
        ))
        .expect("runs");
    assert!(
        found.not_computable.is_empty(),
        "{:#?}",
        found.not_computable
    );
    // The only warning: chains with a suppressed step (most regions have fewer than 25
    // children aged 12-23 months here).
    assert!(
        found
            .warnings
            .iter()
            .all(|w| w.contains("lack a figure for some step")),
        "{:#?}",
        found.warnings
    );
    let rows: HashMap<(String, String, u32), &BottleneckRow> = found
        .rows
        .iter()
        .map(|r| ((r.area_code.clone(), r.intervention.clone(), r.step), r))
        .collect();
    let theirs = expected();
    assert_eq!(theirs.len(), 10 * 3 * 3, "10 areas x 3 chains x 3 steps");
    let suppressed = |e: &Expected| e.n < 25;
    let (mut largest, mut compared, mut skipped) = (0.0_f64, 0, 0);
    let mut zero_drop_se: Vec<(String, f64)> = Vec::new();
    for (i, e) in theirs.iter().enumerate() {
        let code = area_code(&e.area);
        let what = format!(
            "area {} ({code}), {} step {}",
            e.area, e.intervention, e.step
        );
        let row = rows
            .get(&(code.clone(), e.intervention.clone(), e.step))
            .unwrap_or_else(|| panic!("{what}: no row"));
        assert_eq!(row.source, "survey", "{what}");
        assert_eq!(row.n, Some(e.n), "{what}: unweighted cases");
        if suppressed(e) {
            assert_eq!(row.reliability, "suppressed", "{what}");
            assert_eq!(
                (row.coverage, row.se, row.drop),
                (None, None, None),
                "{what}"
            );
            skipped += 1;
            continue;
        }
        let flag = if e.n < 50 { "caution" } else { "reliable" };
        assert_eq!(row.reliability, flag, "{what}");
        largest = largest.max(close(&format!("{what} coverage"), row.coverage, e.coverage));
        largest = largest.max(close(&format!("{what} se"), row.se, e.se));
        compared += 2;
        // The interval: normal, coverage -/+ qnorm(0.975) se.
        let (coverage, se) = (row.coverage.expect("a figure"), row.se.expect("an SE"));
        for (limit, r) in [
            (row.ci_lower, e.coverage - Z * e.se),
            (row.ci_upper, e.coverage + Z * e.se),
        ] {
            close(&format!("{what} interval"), limit, r);
        }
        if e.step == 1 {
            // No previous step: the drop is 1 minus the coverage, with its SE.
            assert_eq!(row.drop, Some(1.0 - coverage), "{what}");
            assert_eq!(row.drop_se, Some(se), "{what}");
            continue;
        }
        let previous = &theirs[i - 1];
        assert_eq!(
            (&previous.area, &previous.intervention, previous.step),
            (&e.area, &e.intervention, e.step - 1)
        );
        if suppressed(previous) {
            assert_eq!((row.drop, row.drop_se), (None, None), "{what}");
            continue;
        }
        let (drop, drop_se) = (e.drop.expect("R's drop"), e.drop_se.expect("R's drop SE"));
        largest = largest.max(close(&format!("{what} drop"), row.drop, drop));
        compared += 1;
        if drop_se == 0.0 {
            // Two steps equal on the same rows: R's contrast is exactly 0. tendik takes the
            // drop's variance as se_a² + se_b² − 2 cov, a difference of terms each of which
            // carries its own rounding, so its SE is the square root of a few rounding units
            // of those terms, not 0: bounded here, counted and printed apart.
            let ours = row.drop_se.unwrap_or_else(|| panic!("{what}: no drop SE"));
            let se_a = rows[&(code.clone(), e.intervention.clone(), e.step - 1)]
                .se
                .expect("an SE");
            let bound = 4.0 * f64::EPSILON * (se_a * se_a + se * se);
            assert!(
                ours * ours <= bound,
                "{what} drop_se: tendik {ours:e}, R 0, beyond rounding ({bound:e} on its square)"
            );
            zero_drop_se.push((what, ours));
        } else {
            largest = largest.max(close(&format!("{what} drop_se"), row.drop_se, drop_se));
            compared += 1;
        }
    }
    println!(
        "{compared} bottleneck figures equal R's to {largest:.1e} relative ({skipped} of {} estimates suppressed, n < 25); {} drop SEs that are 0 in R are 0 to rounding in tendik",
        theirs.len(),
        zero_drop_se.len()
    );
    for (what, ours) in zero_drop_se.iter().filter(|(_, ours)| *ours != 0.0) {
        println!(
            "  {what}: drop SE 0 in R (the two steps are equal on the same rows), {ours:.1e} in tendik (the square root of rounding in se_a² + se_b² − 2 cov)"
        );
    }
}
