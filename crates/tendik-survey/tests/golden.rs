//! Golden comparison against R's `survey` package.
//!
//! The figures in `golden/expected.csv` were computed by `golden/make_golden.R` (R 4.2.2,
//! survey 4.1.1; see `golden/README.md`). Every estimate, SE, confidence limit and design
//! effect must agree to 1e-9 relative; counts and weight sums too. Cases on the shared
//! data sets (`../shared/data/r-survey`) are skipped with a message when it is absent.

mod common;

use common::{Row, cases, design_of, optional, split_list, target_of};
use tendik_survey::Request;

fn request_of(row: &Row) -> Request {
    let mut request = Request::new(
        design_of(row),
        vec![target_of(&row["statistic"], &row["variable"])],
    );
    request.breakdowns = vec![split_list(&row["by"], ',')];
    request.filter = optional(&row["where"]);
    request
}

#[test]
fn estimates_match_r_survey() {
    if common::shared_dir().is_none() {
        eprintln!("skipping the cases on shared data: ../shared/data/r-survey not found");
    }
    let cases = cases("expected.csv");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut data = common::DataCache::default();
    let mut failures = Vec::new();
    let (mut checked, mut skipped) = (0, 0);
    for (case, rows) in &cases {
        let Some(source) = data.get(&rows[0]["data"]) else {
            skipped += 1;
            continue;
        };
        let request = request_of(&rows[0]);
        let result = runtime.block_on(tendik_survey::estimate(source, &request));
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
        common::compare(case, rows, &estimates, &[], &mut failures);
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
