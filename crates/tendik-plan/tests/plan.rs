//! Plans over a small survey written as CSV files: joins, indicators, dimensions, the
//! measures against hand arithmetic on the same rows, and the errors and "not computable"
//! reasons a user sees.

use std::fmt::Write as _;
use std::path::Path;

use tendik_plan::{Analysis, Plan, PlanError};

/// 40 households in 2 strata × 4 PSUs, one child each; weights 1 so that the point
/// estimates are plain shares. Water is unimproved (code 42) in every third household;
/// a child is stunted when its index is divisible by 4; HAZ2 is missing for child 7.
struct Survey {
    water: Vec<bool>,
    stunted: Vec<Option<bool>>,
}

fn write_survey(dir: &Path, duplicate_household: bool) -> Survey {
    let mut hh = String::from("HH1,HH2,HH6,stratum,PSU,hhweight,WS1\n");
    let mut ch = String::from("HH1,HH2,LN,chweight,HAZ2,CAGE\n");
    let mut survey = Survey {
        water: Vec::new(),
        stunted: Vec::new(),
    };
    for i in 0..40 {
        let (cluster, household) = (i / 5 + 1, i % 5 + 1);
        let stratum = if cluster <= 4 { 1 } else { 2 };
        let area = 1 + i % 2;
        let ws1 = if i % 3 == 0 { 42 } else { 11 };
        writeln!(
            hh,
            "{cluster},{household},{area},{stratum},{cluster},1,{ws1}"
        )
        .expect("ok");
        let haz = if i == 7 {
            String::new()
        } else if i % 4 == 0 {
            "-2.5".to_owned()
        } else {
            "0.3".to_owned()
        };
        writeln!(ch, "{cluster},{household},1,1,{haz},{}", i % 60).expect("ok");
        survey.water.push(ws1 == 42);
        survey.stunted.push((i != 7).then_some(i % 4 == 0));
    }
    if duplicate_household {
        hh.push_str("1,1,1,1,1,1,11\n");
    }
    std::fs::write(dir.join("hh.csv"), hh).expect("ok");
    std::fs::write(dir.join("ch.csv"), ch).expect("ok");
    survey
}

const PLAN: &str = r#"
[plan]
name = "test"

[files.hh]
keys = ["HH1", "HH2"]
[files.ch]
keys = ["HH1", "HH2", "LN"]

[units.under5]
from = "ch"
weight = "chweight"
strata = "stratum"
psu = "PSU"
[[units.under5.join]]
file = "hh"
on = ["HH1", "HH2"]

[[age_groups]]
name = "0-4 years"
unit = "under5"

[[dimensions]]
name = "water"
[[dimensions]]
name = "nutrition"
[[dimensions]]
name = "housing"

[[indicators]]
name = "unimproved_water"
dimension = "water"
expression = "WS1 IN (32, 42, 81, 96)"

[[indicators]]
name = "stunted"
dimension = "nutrition"
expression = "CASE WHEN HAZ2 IS NOT NULL THEN HAZ2 < -2 END"

[[indicators]]
name = "no_floor"
dimension = "housing"
expression = "HC4 IN (11, 12)"

[[breakdowns]]
name = "area"
column = "HH6"
[[breakdowns]]
name = "wealth"
column = "windex5"
"#;

async fn run(plan: &str, duplicate: bool) -> (Result<Analysis, PlanError>, Survey) {
    let dir = tempfile::tempdir().expect("ok");
    let survey = write_survey(dir.path(), duplicate);
    let plan = Plan::from_toml(plan, "test.toml").expect("ok");
    let analysis = tendik_plan::analyze(&plan, "test.toml", dir.path()).await;
    (analysis, survey)
}

fn figure(analysis: &Analysis, measure: &str, k: Option<&str>, dimension: Option<&str>) -> f64 {
    analysis
        .rows
        .iter()
        .find(|r| {
            r.measure == measure
                && r.breakdown.is_empty()
                && r.k.as_deref() == k
                && (dimension.is_none() || r.dimension.as_deref() == dimension)
        })
        .unwrap_or_else(|| panic!("no {measure} {k:?} {dimension:?}"))
        .estimate
        .estimate
}

fn indicator_rate(analysis: &Analysis, indicator: &str) -> f64 {
    analysis
        .rows
        .iter()
        .find(|r| {
            r.measure == "rate"
                && r.breakdown.is_empty()
                && r.indicator.as_deref() == Some(indicator)
        })
        .unwrap_or_else(|| panic!("no rate of {indicator}"))
        .estimate
        .estimate
}

#[tokio::test]
async fn measures_equal_hand_arithmetic_on_the_same_rows() {
    let (analysis, survey) = run(PLAN, false).await;
    let analysis = analysis.expect("ok");
    // Complete cases: every child but 7. Dimensions water and nutrition (housing has no
    // computable indicator: HC4 is in no file).
    let complete: Vec<(bool, bool)> = (0..40)
        .filter_map(|i| survey.stunted[i].map(|s| (survey.water[i], s)))
        .collect();
    let n = complete.len() as f64;
    let count = |f: &dyn Fn(&(bool, bool)) -> bool| complete.iter().filter(|c| f(c)).count() as f64;
    let h1 = count(&|c| c.0 || c.1) / n;
    let h2 = count(&|c| c.0 && c.1) / n;
    let deprivations = count(&|c| c.0) + count(&|c| c.1);
    let m1 = deprivations / (2.0 * n);
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    close(figure(&analysis, "H", Some("1"), None), h1);
    close(figure(&analysis, "M0", Some("1"), None), m1);
    close(figure(&analysis, "A", Some("1"), None), m1 / h1);
    close(figure(&analysis, "H", Some("2"), None), h2);
    close(figure(&analysis, "A", Some("2"), None), 1.0);
    // The overlap of the two is H at k = 2; the count distribution adds up.
    close(
        figure(&analysis, "overlap", None, Some("water+nutrition")),
        h2,
    );
    close(
        figure(&analysis, "count_distribution", Some("0"), None),
        1.0 - h1,
    );
    close(figure(&analysis, "count_distribution", Some("2"), None), h2);
    // Indicator rates over their own non-missing rows.
    let water = survey.water.iter().filter(|w| **w).count() as f64 / 40.0;
    close(indicator_rate(&analysis, "unimproved_water"), water);
    let stunted = survey.stunted.iter().flatten().filter(|s| **s).count() as f64 / 39.0;
    close(indicator_rate(&analysis, "stunted"), stunted);
    // Every figure has an SE from the design, a flag, and the area breakdown has 2 groups.
    assert!(
        analysis
            .rows
            .iter()
            .all(|r| r.estimate.se.is_finite() || r.estimate.estimate.is_nan())
    );
    let areas: std::collections::BTreeSet<&str> = analysis
        .rows
        .iter()
        .filter(|r| r.breakdown == "area")
        .map(|r| r.group_code.as_str())
        .collect();
    assert_eq!(areas.into_iter().collect::<Vec<_>>(), ["1", "2"]);
    // The subgroup decomposition: shares by hand, share × the group's M0 adds up to M0, the
    // percentage contributions to 100.
    let of = |measure: &str, k: &str, code: &str| {
        analysis
            .rows
            .iter()
            .find(|r| {
                r.measure == measure
                    && r.k.as_deref() == Some(k)
                    && r.breakdown == "area"
                    && r.group_code == code
            })
            .unwrap_or_else(|| panic!("no {measure} {k} {code}"))
            .estimate
            .clone()
    };
    let urban = (0..40)
        .filter(|&i| survey.stunted[i].is_some() && 1 + i % 2 == 1)
        .count() as f64;
    close(of("population_share", "1", "1").estimate, urban / n);
    for k in ["1", "2"] {
        let total_m0 = figure(&analysis, "M0", Some(k), None);
        let (mut sum, mut pct) = (0.0, 0.0);
        for code in ["1", "2"] {
            sum += of("population_share", k, code).estimate * of("M0", k, code).estimate;
            let contribution = of("subgroup_contribution_pct", k, code);
            // At k = 2 every deprived child is in area 1: the contributions are exactly
            // 100% and 0, with SE 0.
            let positive = k == "1";
            // (The delta method's rounding leaves about 1e-6 of an exact 0.)
            let se = contribution.se;
            assert!(
                if positive { se > 1e-3 } else { se < 1e-5 },
                "{k} {code} {se}"
            );
            pct += contribution.estimate;
        }
        close(sum, total_m0);
        close(pct, 100.0);
    }
    // What is left out, with the reason.
    let reasons: Vec<String> = analysis
        .not_computable
        .iter()
        .map(|n| format!("{} {}: {}", n.kind, n.name, n.reason))
        .collect();
    insta::assert_snapshot!(reasons.join("\n"), @r"
    indicator no_floor: the column `HC4` is not in unit `under5` (files ch, hh)
    dimension housing: none of its indicators (no_floor) is computable
    breakdown wealth: the column `windex5` is not in unit `under5`
    ");
    let record = &analysis.age_groups[0];
    assert_eq!(record.children, 39);
    assert_eq!(record.cutoffs, [1, 2]);
    let table = tendik_plan::to_record_batch(&analysis.rows).expect("ok");
    assert_eq!(table.num_columns(), tendik_plan::COLUMNS.len());
    assert_eq!(table.num_rows(), analysis.rows.len());
}

/// One pass per breakdown (as on a census) gives every figure, in the same order, equal to
/// one pass over all breakdowns.
#[tokio::test]
async fn one_pass_per_breakdown_gives_the_same_figures() {
    let dir = tempfile::tempdir().expect("ok");
    write_survey(dir.path(), false);
    // Two breakdowns that exist here: the area and the stratum.
    let text = PLAN.replace("column = \"windex5\"", "column = \"stratum\"");
    let plan = Plan::from_toml(&text, "test.toml").expect("ok");
    let run = |passes| {
        let plan = plan.clone();
        let dir = dir.path().to_path_buf();
        async move {
            tendik_plan::analyze_with(&plan, "test.toml", &dir, &|_| {}, passes)
                .await
                .expect("runs")
        }
    };
    let one = run(tendik_plan::Passes::One).await;
    let split = run(tendik_plan::Passes::PerBreakdown).await;
    assert_eq!(one.rows.len(), split.rows.len());
    assert!(one.rows.iter().any(|r| r.breakdown == "wealth"));
    assert!(
        one.rows
            .iter()
            .any(|r| r.measure == "subgroup_contribution_pct")
    );
    for (a, b) in one.rows.iter().zip(&split.rows) {
        let key = |r: &tendik_plan::Row| {
            (
                r.measure.clone(),
                r.dimension.clone(),
                r.indicator.clone(),
                r.k.clone(),
                r.breakdown.clone(),
                r.group_code.clone(),
            )
        };
        assert_eq!(key(a), key(b));
        let bits = |e: &tendik_survey::Estimate| {
            [e.estimate, e.se, e.ci_lower, e.ci_upper].map(f64::to_bits)
        };
        assert_eq!(bits(&a.estimate), bits(&b.estimate), "{:?}", key(a));
        assert_eq!(
            (a.estimate.n, a.estimate.deff.map(f64::to_bits)),
            (b.estimate.n, b.estimate.deff.map(f64::to_bits))
        );
    }
    // The inequality measures too: a pass without the whole group carries it for the
    // groups' shares.
    assert!(!one.inequality.is_empty());
    assert_eq!(one.inequality.len(), split.inequality.len());
    for (a, b) in one.inequality.iter().zip(&split.inequality) {
        let key = |r: &tendik_plan::InequalityRow| {
            (
                r.age_group.clone(),
                r.of.clone(),
                r.indicator.clone(),
                r.k.clone(),
                r.breakdown.clone(),
                r.figure.measure,
            )
        };
        assert_eq!(key(a), key(b));
        let bits = |f: &tendik_measures::inequality::Figure| {
            [Some(f.estimate), f.se, f.ci_lower, f.ci_upper].map(|v| v.map(f64::to_bits))
        };
        assert_eq!(bits(&a.figure), bits(&b.figure), "{:?}", key(a));
    }
}

async fn error(plan: &str, duplicate: bool) -> String {
    match run(plan, duplicate).await.0 {
        Ok(_) => panic!("the plan ran"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_join_that_multiplies_rows_is_refused() {
    let message = error(PLAN, true).await;
    assert!(
        message.contains("join of `hh` would multiply rows"),
        "{message}"
    );
    assert!(
        message.contains("2 rows with HH1 = 1, HH2 = 1"),
        "{message}"
    );
}

#[tokio::test]
async fn required_items_and_order_are_checked_before_any_estimate() {
    let required = PLAN.replace(
        "expression = \"HC4 IN (11, 12)\"",
        "expression = \"HC4 IN (11, 12)\"\nrequired = true",
    );
    let message = error(&required, false).await;
    assert!(message.contains("indicator `no_floor` (age group `0-4 years`) is required, but the column `HC4` is not in unit"), "{message}");
    let early = PLAN.replace("WS1 IN (32, 42, 81, 96)", "stunted = 1 OR WS1 = 42");
    let message = error(&early, false).await;
    assert!(
        message.contains("uses `stunted` before it is defined"),
        "{message}"
    );
    assert!(
        message.contains("move `stunted` above `unimproved_water`"),
        "{message}"
    );
    let typo = PLAN.replace("WS1 IN (32, 42, 81, 96)", "WS11 = 42");
    let (analysis, _) = run(&typo, false).await;
    let reason = &analysis.expect("ok").not_computable[0].reason;
    assert!(reason.contains("did you mean `WS1`?"), "{reason}");
    let label = PLAN.replace(
        "WS1 IN (32, 42, 81, 96)",
        "label(WS1) = 'Unprotected spring'",
    );
    let (analysis, _) = run(&label, false).await;
    let reason = &analysis.expect("ok").not_computable[0].reason;
    assert!(reason.contains("`WS1` has no value labels"), "{reason}");
}

#[test]
fn names_are_checked_when_the_plan_is_read() {
    let bad = PLAN.replace("dimension = \"water\"", "dimension = \"watr\"");
    let message = Plan::from_toml(&bad, "test.toml")
        .expect_err("an error")
        .to_string();
    assert!(message.contains("indicator `unimproved_water` names the dimension `watr`, which the plan does not define"), "{message}");
    assert!(message.contains("did you mean `water`?"), "{message}");
    let unknown_key = PLAN.replace("[plan]\n", "[plan]\ncutof = [1]\n");
    let message = Plan::from_toml(&unknown_key, "test.toml")
        .expect_err("an error")
        .to_string();
    assert!(message.contains("unknown field `cutof`"), "{message}");
}

#[test]
fn the_bundled_plan_reads() {
    let plan = Plan::from_toml(tendik_plan::MICS6_CHILD_DEPRIVATION, "bundled").expect("ok");
    let groups: Vec<&str> = plan.age_groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "0-23 months",
            "24-59 months",
            "0-4 years",
            "5-14 years",
            "15-17 years",
            "5-17 years"
        ]
    );
    assert!(plan.indicators.len() >= 20);
}

#[tokio::test]
async fn a_design_without_psus_gives_inequality_measures_without_ses() {
    let plan = PLAN.replace("psu = \"PSU\"\n", "");
    let (analysis, _) = run(&plan, false).await;
    let analysis = analysis.expect("runs");
    assert!(!analysis.inequality.is_empty());
    assert!(analysis.inequality.iter().any(|r| r.figure.se.is_none()));
    assert!(
        analysis
            .warnings
            .iter()
            .any(|w| w.contains("a design without PSUs keeps no covariances")),
        "{:?}",
        analysis.warnings
    );
}

#[tokio::test]
async fn a_crossed_breakdown_gives_every_combination() {
    let plan = format!(
        "{}\n[[breakdowns]]\nname = \"area_stratum\"\ncolumns = [\"HH6\", \"stratum\"]\n",
        PLAN.replace("column = \"windex5\"", "column = \"stratum\"")
    );
    let (analysis, _) = run(&plan, false).await;
    let analysis = analysis.expect("runs");
    let crossed: std::collections::BTreeSet<String> = analysis
        .rows
        .iter()
        .filter(|r| r.breakdown == "area_stratum")
        .map(|r| r.group_code.clone())
        .collect();
    assert!(!crossed.is_empty());
    assert!(
        crossed.iter().all(|code| code.split('|').count() == 2),
        "{crossed:?}"
    );
    // Its groups are those of the two columns' domains; no inequality measures for it.
    assert!(
        analysis
            .inequality
            .iter()
            .all(|r| r.breakdown != "area_stratum")
    );
}

#[test]
fn breakdown_keys_are_checked_when_the_plan_is_read() {
    for (from, to, words) in [
        (
            "column = \"windex5\"",
            "column = \"windex5\"\norder = [\"1\", \"2\"]",
            "has an `order` but is not ordered",
        ),
        (
            "column = \"windex5\"",
            "column = \"windex5\"\nordered = true\nreference = \"1\"",
            "is ordered and has a reference",
        ),
        (
            "column = \"windex5\"",
            "columns = [\"HH6\", \"windex5\"]\nordered = true",
            "crosses columns and is ordered or has a reference",
        ),
        (
            "column = \"windex5\"",
            "columns = [\"HH6\"]",
            "needs either `column` or two or more `columns`",
        ),
    ] {
        let plan = PLAN.replace(from, to);
        let message = Plan::from_toml(&plan, "test.toml")
            .expect_err("an error")
            .to_string();
        assert!(message.contains(words), "{words}: {message}");
    }
}
