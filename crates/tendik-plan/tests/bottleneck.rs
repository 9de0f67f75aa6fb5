//! Determinant chains on a small survey written as CSV and a plain-CSV administrative
//! file: coverages against hand arithmetic, drops and the one bottleneck per chain, the
//! drop's SE against the engine's own contrast, suppression under 25 cases, roll-up of
//! rayons into their oblast, and the plan errors and warnings a user sees.

use std::fmt::Write as _;
use std::path::Path;

use tendik_plan::{BottleneckRow, Bottlenecks, Plan, PlanError};

/// The first two rayons of Issyk-Kul Region and the first of Naryn Region.
fn districts() -> [&'static tendik_geo::Unit; 3] {
    let mut issyk_kul = tendik_geo::children("KG-Y");
    let a = issyk_kul.next().expect("Issyk-Kul has rayons");
    let b = issyk_kul.next().expect("Issyk-Kul has two rayons");
    let c = tendik_geo::children("KG-N")
        .next()
        .expect("Naryn has rayons");
    [a, b, c]
}

/// 60 children, weight 1, in 2 strata × 6 PSUs: 30 in rayon A and 10 in rayon B of
/// Issyk-Kul (HH7 = 1), 20 in rayon C of Naryn (HH7 = 2, too few for a figure). Step 1
/// (`visited`) is 1 for children whose index is not divisible by 5, step 2 (`treated`) 1
/// when also not divisible by 3; `treated` is missing for child 59.
fn write_survey(dir: &Path) {
    let [a, b, c] = districts();
    let mut ch = String::from("HH1,HH2,LN,HH7,HH7A,stratum,PSU,chweight,visited,treated\n");
    for i in 0..60 {
        let (region, district) = match i {
            0..30 => (1, a),
            30..40 => (1, b),
            _ => (2, c),
        };
        let psu = i / 10 + 1;
        let stratum = if psu <= 3 { 1 } else { 2 };
        let visited = u8::from(i % 5 != 0);
        let treated = if i == 59 {
            String::new()
        } else {
            u8::from(i % 5 != 0 && i % 3 != 0).to_string()
        };
        writeln!(
            ch,
            "{psu},{i},1,{region},{},{stratum},{psu},1,{visited},{treated}",
            district.numeric_code().expect("a rayon has a number")
        )
        .expect("ok");
    }
    std::fs::write(dir.join("ch.csv"), ch).expect("ok");
}

/// Facilities with vaccine in stock / facilities: rayon A 8/10, rayon B 3/10 (Issyk-Kul
/// summed from its rayons: 11/20, other rayons without a value), Naryn given for the oblast.
fn write_admin(dir: &Path) {
    let [a, b, _] = districts();
    let text = format!(
        "area,period,element,value\n\
         {a},2018,STOCK,8\n{a},2018,FACILITIES,10\n\
         {b},2018,STOCK,3\n{b},2018,FACILITIES,10\n\
         KG-N,2018,STOCK,9\nKG-N,2018,FACILITIES,10\n\
         {a},2017,STOCK,1\n",
        a = a.code,
        b = b.code
    );
    std::fs::create_dir_all(dir).expect("ok");
    std::fs::write(dir.join("admin.csv"), text).expect("ok");
}

const PLAN: &str = r#"
[plan]
name = "chains"

[files.ch]
keys = ["HH1", "HH2", "LN"]

[units.children]
from = "ch"
weight = "chweight"
strata = "stratum"
psu = "PSU"

[[age_groups]]
name = "all"
unit = "children"

[areas.region]
variable = "HH7"
codes = { "1" = "KG-Y", "2" = "KG-N" }

[areas.district]
variable = "HH7A"
match = "geo"

[admin]
periods = ["2018"]

[[interventions]]
id = "care"
sector = "health"
unit = "children"

[[interventions.steps]]
determinant = "In stock"
domain = "supply"
source = "admin"
numerator = "STOCK"
denominator = "FACILITIES"

[[interventions.steps]]
determinant = "Visited"
domain = "demand"
source = "survey"
expression = "visited"

[[interventions.steps]]
determinant = "Treated"
domain = "quality"
source = "survey"
expression = "treated = 1"

[[interventions]]
id = "law"
sector = "child_protection"

[[interventions.steps]]
determinant = "Law"
domain = "enabling"
source = "enabling"
score = 0.4
scores = { "KG-N" = 0.9 }
"#;

fn run(plan: &str, levels: &[tendik_geo::Level]) -> Result<Bottlenecks, PlanError> {
    let dir = tempfile::tempdir().expect("temp dir");
    write_survey(dir.path());
    write_admin(&dir.path().join("admin"));
    let admin = tendik_admin::AdminData::read_dir(&dir.path().join("admin")).expect("admin");
    let plan = Plan::from_toml(plan, "chains.toml")?;
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(tendik_plan::bottlenecks(
            &plan,
            "chains.toml",
            dir.path(),
            Some(&admin),
            levels,
        ))
}

fn row<'a>(found: &'a Bottlenecks, area: &str, intervention: &str, step: u32) -> &'a BottleneckRow {
    found
        .rows
        .iter()
        .find(|r| r.area_code == area && r.intervention == intervention && r.step == step)
        .unwrap_or_else(|| panic!("no row for {area} {intervention} {step}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn coverages_drops_and_one_bottleneck_per_chain() {
    use tendik_geo::Level;
    let found = run(PLAN, &[Level::Region, Level::District]).expect("runs");
    let areas = 1
        + tendik_geo::units_at(Level::Region).count()
        + tendik_geo::units_at(Level::District).count();
    assert_eq!(found.rows.len(), areas * 4, "3 + 1 steps in every area");
    // The country: visited 48/60, treated 31/59 (not divisible by 5 nor 3, child 59 unknown).
    let visited = row(&found, "KG", "care", 2);
    assert!(close(visited.coverage.expect("a figure"), 48.0 / 60.0));
    assert_eq!(visited.n, Some(60));
    let treated = row(&found, "KG", "care", 3);
    let t = (0..59).filter(|i| i % 5 != 0 && i % 3 != 0).count() as f64;
    assert!(close(treated.coverage.expect("a figure"), t / 59.0));
    assert!(close(treated.drop.expect("a drop"), 48.0 / 60.0 - t / 59.0));
    // The national admin figure sums every unit with a value: (8 + 3 + 9) / 30.
    let stock = row(&found, "KG", "care", 1);
    assert!(close(stock.coverage.expect("a figure"), 20.0 / 30.0));
    assert_eq!(stock.se, None);
    // Issyk-Kul: rolled up from its two rayons, 11/20; visited 32/40.
    let issyk = row(&found, "KG02000000000", "care", 1);
    assert!(close(issyk.coverage.expect("a figure"), 11.0 / 20.0));
    let issyk_visited = row(&found, "KG02000000000", "care", 2);
    assert!(close(
        issyk_visited.coverage.expect("a figure"),
        32.0 / 40.0
    ));
    // Drop 1 -> 2 is negative (coverage rises), the bottleneck is step 1 (0.45 lost).
    assert!(row(&found, "KG02000000000", "care", 1).bottleneck);
    // Naryn: 20 children, suppressed: no figure, no drop; the bottleneck among known drops.
    let naryn = row(&found, "KG04000000000", "care", 2);
    assert_eq!(naryn.reliability, "suppressed");
    assert_eq!(naryn.coverage, None);
    assert_eq!(naryn.drop, None);
    assert_eq!(row(&found, "KG04000000000", "care", 3).drop, None);
    // Enabling scores: Naryn's own, its rayons inherit it, elsewhere the plan's default.
    assert!(close(
        row(&found, "KG04000000000", "law", 1)
            .coverage
            .expect("score"),
        0.9
    ));
    let [a, _, c] = districts();
    assert!(close(
        row(&found, &c.code, "law", 1).coverage.expect("score"),
        0.9
    ));
    assert!(close(
        row(&found, &a.code, "law", 1).coverage.expect("score"),
        0.4
    ));
    // Exactly one bottleneck per area × intervention with a known drop; none in a chain
    // without any figure (a region with neither survey cases nor admin values).
    for area in found.rows.iter().map(|r| &r.area_code) {
        for intervention in ["care", "law"] {
            let chain: Vec<&BottleneckRow> = found
                .rows
                .iter()
                .filter(|r| &r.area_code == area && r.intervention == intervention)
                .collect();
            let bottlenecks = chain.iter().filter(|r| r.bottleneck).count();
            let known = chain.iter().any(|r| r.drop.is_some());
            assert_eq!(bottlenecks, usize::from(known), "{area} {intervention}");
        }
    }
    assert!(!row(&found, "KG03000000000", "care", 1).bottleneck);
    // Rayons without an admin value: named warnings, never a silent zero.
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.contains("no pair of values of `STOCK` and `FACILITIES`")),
        "{:#?}",
        found.warnings
    );
    assert!(
        found.warnings.iter().any(|w| w.contains("2017")),
        "{:#?}",
        found.warnings
    );
    // Ranks within each level start at 1 and areas are ordered by them.
    let regions: Vec<u32> = found
        .rows
        .iter()
        .filter(|r| r.area_level == "region" && r.intervention == "care" && r.step == 1)
        .map(|r| r.rank)
        .collect();
    assert_eq!(regions, (1..=regions.len() as u32).collect::<Vec<_>>());
}

/// The drop between two survey steps has the SE of their contrast: checked against the
/// engine's own estimate of the difference of the two means on the same rows.
#[test]
fn the_drop_between_survey_steps_is_a_contrast() {
    let found = run(PLAN, &[]).expect("runs");
    let treated = row(&found, "KG", "care", 3);
    let dir = tempfile::tempdir().expect("temp dir");
    write_survey(dir.path());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dataset = tendik_ingest::read(&dir.path().join("ch.csv")).expect("reads");
    let data = tendik_survey::SurveyData::from_batches("ch", dataset.schema, dataset.batches)
        .expect("in memory");
    let design = tendik_survey::Design {
        strata: Some("stratum".to_owned()),
        psu: Some("PSU".to_owned()),
        ..tendik_survey::Design::weighted("chweight".to_owned())
    };
    let request = tendik_survey::Request::new(
        design,
        vec![
            tendik_survey::Target::Mean("visited".to_owned()),
            tendik_survey::Target::Mean("treated".to_owned()),
        ],
    );
    let results = runtime
        .block_on(tendik_survey::run(&data, &request))
        .expect("estimates");
    let (difference, se) =
        tendik_survey::contrast::linear(&results, &[(0, 1.0), (1, -1.0)]).expect("contrast");
    assert!(close(treated.drop.expect("drop"), difference));
    assert!(
        (treated.drop_se.expect("drop SE") - se).abs() < 1e-12,
        "{:?} vs {se}",
        treated.drop_se
    );
    // Against an admin figure, the survey step's own SE.
    let visited = row(&found, "KG", "care", 2);
    assert_eq!(visited.drop_se, visited.se);
}

#[test]
fn plan_errors_name_the_step_and_the_fix() {
    let cases = [
        (
            PLAN.replace("source = \"admin\"", "source = \"census\""),
            "unknown variant `census`",
        ),
        (
            PLAN.replace("sector = \"health\"", "sector = \"roads\""),
            "the sectors are health",
        ),
        (
            PLAN.replace("[admin]\nperiods = [\"2018\"]", ""),
            "add `[admin]` with `periods",
        ),
        (
            PLAN.replace("expression = \"visited\"", ""),
            "is a survey step without an expression",
        ),
        (
            PLAN.replace("score = 0.4", "score = 1.4"),
            "a score is a share from 0 to 1",
        ),
        (
            PLAN.replace("\"2\" = \"KG-N\"", "\"2\" = \"KG-Q\""),
            "`KG-Q`, which is not a tendik-geo unit code",
        ),
        (
            PLAN.replace("id = \"law\"", "id = \"care\""),
            "the intervention `care` is defined twice",
        ),
    ];
    for (plan, expected) in cases {
        let error = Plan::from_toml(&plan, "chains.toml").expect_err(expected);
        let text = format!("{error}");
        assert!(text.contains(expected), "{text}");
    }
}

#[test]
fn a_step_whose_variables_are_absent_is_not_computable() {
    let plan = PLAN.replace(
        "expression = \"treated = 1\"",
        "expression = \"IM6PENTA3Y > 0\"",
    );
    let found = run(&plan, &[tendik_geo::Level::Region]).expect("runs");
    let item = found
        .not_computable
        .iter()
        .find(|n| n.kind == "step")
        .expect("the step is reported");
    assert!(
        item.name.contains("care") && item.name.contains("step 3"),
        "{item:?}"
    );
    assert!(item.reason.contains("IM6PENTA3Y"), "{}", item.reason);
    let step = row(&found, "KG", "care", 3);
    assert_eq!(step.coverage, None);
    assert_eq!(step.reliability, "unavailable");
}

/// A design without PSUs still gives every drop its SE (the request keeps what the
/// covariance of two means of one domain needs).
#[test]
fn a_design_without_psus_gives_drops_their_ses() {
    let plan = PLAN.replace("psu = \"PSU\"\n", "");
    let found = run(&plan, &[tendik_geo::Level::Region]).expect("runs");
    let treated = row(&found, "KG", "care", 3);
    assert!(treated.drop_se.is_some_and(|s| s > 0.0), "{treated:?}");
}
