//! `[wealth]`: the wealth index computed by a plan from household items, on the demo survey
//! (whose own `windex5` tendik-synth builds by the same method from 25 items of `hh`), on
//! files without one, and the errors and notes a user sees.

use std::path::Path;
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::Schema;
use tendik_plan::{Analysis, Manifest, Plan, WealthStatus};
use tendik_synth::{Format, Settings};

/// The 25 items of tendik-synth's index (`crates/tendik-synth/src/wealth.rs`), as plan
/// expressions over the demo's `hh` file: the same 0/1 indicators, in the same order.
const ITEMS: &str = r#"
items = [
  { name = "telephone", expression = "HC7A = 1" },
  { name = "radio", expression = "HC7B = 1" },
  { name = "television", expression = "HC9A = 1" },
  { name = "refrigerator", expression = "HC9B = 1" },
  { name = "car", expression = "HC10E = 1" },
  { name = "computer", expression = "HC11 = 1" },
  { name = "mobile", expression = "HC12 = 1" },
  { name = "internet", expression = "HC13 = 1" },
  { name = "land", expression = "HC15 = 1" },
  { name = "livestock", expression = "HC17 = 1" },
  { name = "water_dwelling", expression = "WS1 = 11" },
  { name = "water_yard", expression = "WS1 = 12" },
  { name = "water_public_tap", expression = "WS1 = 14" },
  { name = "water_unimproved", expression = "WS1 IN (32, 42, 81, 96)" },
  { name = "toilet_flush_sewer_septic", expression = "WS11 IN (11, 12)" },
  { name = "toilet_pit_slab", expression = "WS11 IN (21, 22)" },
  { name = "toilet_unimproved", expression = "WS11 IN (23, 14, 95, 96)" },
  { name = "floor_finished", expression = "HC4 IN (31, 33, 34, 35)" },
  { name = "floor_earth", expression = "HC4 = 11" },
  { name = "walls_finished", expression = "HC6 BETWEEN 31 AND 34" },
  { name = "stove_clean", expression = "EU1 BETWEEN 1 AND 4" },
  { name = "stove_solid", expression = "EU1 IN (8, 9)" },
  { name = "sleeping_room_per_two", expression = "2 * HC3 >= HH48" },
  { name = "electricity", expression = "HC8 = 1" },
  { name = "soap", expression = "COALESCE(HW7A = 'A', false)" },
]
"#;

/// The demo survey (`households` of them) written into `dir`.
fn demo(dir: &Path, households: u64) {
    let settings = Settings {
        households,
        format: Format::Dta,
        ..Settings::default()
    };
    tendik_synth::generate(&settings, dir).expect("generate the demo");
}

fn rate(analysis: &Analysis, indicator: &str) -> (f64, u64) {
    let row = analysis
        .rows
        .iter()
        .find(|r| {
            r.measure == "rate"
                && r.breakdown.is_empty()
                && r.indicator.as_deref() == Some(indicator)
        })
        .unwrap_or_else(|| panic!("no rate of {indicator}"));
    (row.estimate.estimate, row.estimate.n)
}

/// A plan over the households of `hh`, each joined to the same household of `hh_own` (a
/// copy of the file as generated) with the prefix `own_`.
fn household_plan(wealth: &str) -> String {
    format!(
        r#"
[plan]
name = "wealth"

[files.hh]
keys = ["HH1", "HH2"]
[files.hh_own]
keys = ["HH1", "HH2"]

[units.households]
from = "hh"
where = "HH46 = 1"
weight = "hhweight"
strata = "stratum"
psu = "PSU"
[[units.households.join]]
file = "hh_own"
on = ["HH1", "HH2"]
prefix = "own_"

[[age_groups]]
name = "households"
unit = "households"

[[dimensions]]
name = "wealth"

[[indicators]]
name = "other_quintile"
dimension = "wealth"
expression = "CASE WHEN windex5 IS NOT NULL AND own_windex5 IS NOT NULL THEN windex5 <> own_windex5 END"

[[indicators]]
name = "other_score"
expression = "CASE WHEN wscore IS NOT NULL AND own_wscore IS NOT NULL THEN ABS(wscore - own_wscore) > 0.000006 END"

[[breakdowns]]
name = "wealth_quintile"
column = "windex5"
ordered = true

{wealth}
"#
    )
}

#[tokio::test]
#[expect(
    clippy::float_cmp,
    reason = "a share of exactly 0: not one household disagrees"
)]
async fn the_demo_index_is_rebuilt_from_the_same_items() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo(dir.path(), tendik_synth::DEFAULT_HOUSEHOLDS);
    std::fs::copy(dir.path().join("hh.dta"), dir.path().join("hh_own.dta")).expect("copy");
    let wealth = format!(
        r#"
[wealth]
file = "hh"
weight = "hhweight"
members = "HH48"
where = "HH46 = 1"
replace = true
rises_with = "computer"
{ITEMS}
"#
    );
    let text = household_plan(&wealth);
    let plan = Plan::from_toml(&text, "wealth.toml").expect("plan");
    let analysis = tendik_plan::analyze(&plan, "wealth.toml", dir.path())
        .await
        .expect("analysis");

    // The same items, weights, members and households in the same order as tendik-synth's
    // fit: the same index to the last bit, so every household has the file's own quintile,
    // and the file's score (rounded to 5 decimals) to within its rounding.
    let (other_quintile, households) = rate(&analysis, "other_quintile");
    let (other_score, scored) = rate(&analysis, "other_score");
    assert_eq!(other_quintile, 0.0, "households in another quintile");
    assert_eq!(other_score, 0.0, "households with another score");
    assert_eq!(households, scored);
    assert!(households > 6_000, "{households} households compared");

    let record = analysis.wealth().expect("a wealth record");
    assert_eq!(record.status, WealthStatus::Computed);
    assert_eq!(record.households_scored as u64, households);
    assert_eq!(record.households_left_out, 0);
    assert_eq!(record.indices.len(), 1);
    let index = &record.indices[0];
    assert_eq!(index.index, "national");
    assert_eq!(index.items.len(), 25);
    assert!(index.dropped.is_empty());
    assert!(
        index.variance_share > 0.1 && index.variance_share < 0.5,
        "the first component explains {}",
        index.variance_share
    );
    assert!(record.notes.is_empty(), "{:?}", record.notes);

    // The breakdown's groups have the index's labels, and each holds about a fifth of the
    // household population (weight × members; here households, so only roughly).
    let groups: Vec<(&str, &str)> = analysis
        .rows
        .iter()
        .filter(|r| {
            r.measure == "rate"
                && r.breakdown == "wealth_quintile"
                && r.indicator.as_deref() == Some("other_quintile")
        })
        .map(|r| (r.group_code.as_str(), r.group.as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            ("1", "Quintile 1 (poorest)"),
            ("2", "Quintile 2"),
            ("3", "Quintile 3"),
            ("4", "Quintile 4"),
            ("5", "Quintile 5 (richest)"),
        ]
    );

    // The manifest says what was done.
    let manifest = Manifest::of(&plan, &text, "wealth.toml", &analysis);
    let recorded = manifest.wealth.expect("in the manifest");
    assert_eq!(recorded.indices[0].items[5], "computer");
}

/// The bundled plan's commented-out `[wealth]` example, uncommented.
fn bundled_example() -> String {
    let lines: Vec<&str> = tendik_plan::MICS6_CHILD_DEPRIVATION.lines().collect();
    let start = lines
        .iter()
        .position(|line| *line == "# [wealth]")
        .expect("the bundled plan has a [wealth] example");
    lines[start..]
        .iter()
        .take_while(|line| line.starts_with('#'))
        .map(|line| {
            line.strip_prefix("# ")
                .unwrap_or(line.trim_start_matches('#'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_bundled_example_runs_on_the_demo() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo(dir.path(), tendik_synth::DEFAULT_HOUSEHOLDS);
    std::fs::copy(dir.path().join("hh.dta"), dir.path().join("hh_own.dta")).expect("copy");
    let wealth = format!("{}\nreplace = true\n", bundled_example());
    let text = household_plan(&wealth).replace(
        "[[breakdowns]]",
        "[[indicators]]\nname = \"quintile_apart\"\nexpression = \"CASE WHEN windex5 IS NOT NULL AND own_windex5 IS NOT NULL THEN ABS(windex5 - own_windex5) > 1 END\"\n\n[[breakdowns]]",
    );
    let plan = Plan::from_toml(&text, "example.toml").expect("plan");
    let analysis = tendik_plan::analyze(&plan, "example.toml", dir.path())
        .await
        .expect("analysis");
    // Other items (36, water and toilet types in more categories, roof, walls) and DHS's
    // combined urban/rural index: 69.8% of the (weighted) households have the file's own
    // quintile, 98.7% are within one quintile of it.
    let (other_quintile, households) = rate(&analysis, "other_quintile");
    let (apart, _) = rate(&analysis, "quintile_apart");
    assert!(households > 6_000);
    assert!(
        (0.25..0.35).contains(&other_quintile),
        "{other_quintile} in another quintile"
    );
    assert!(apart < 0.02, "{apart} more than one quintile apart");
    let record = analysis.wealth().expect("a wealth record");
    assert_eq!(record.households_left_out, 0);
    // Piped water at a neighbour's (13) is not a source of the demo: dropped, and noted.
    for index in &record.indices {
        assert!(index.dropped.contains(&"water_piped_neighbour".to_owned()));
    }
    assert_eq!(
        record.notes[0],
        "`water_piped_neighbour` takes one value in every household and was dropped from the common index"
    );
    assert_eq!(
        record.notes[2],
        "`water_piped_neighbour` and `water_bottled` take one value in every rural household and were dropped from the rural index"
    );
}

/// Each file of the demo rewritten as CSV without `wscore` and `windex5`.
fn without_wealth(from: &Path, to: &Path) {
    for name in tendik_synth::FILE_NAMES {
        let dataset = tendik_ingest::read(&from.join(format!("{name}.dta"))).expect("read");
        let keep: Vec<usize> = dataset
            .schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name() != "wscore" && f.name() != "windex5")
            .map(|(i, _)| i)
            .collect();
        assert_eq!(keep.len() + 2, dataset.schema.fields().len(), "{name}");
        let schema = Arc::new(dataset.schema.project(&keep).expect("project"));
        let file = std::fs::File::create(to.join(format!("{name}.csv"))).expect("create");
        let mut writer = arrow::csv::WriterBuilder::new()
            .with_header(true)
            .build(file);
        for batch in &dataset.batches {
            let columns = keep.iter().map(|&i| Arc::clone(batch.column(i))).collect();
            let batch =
                RecordBatch::try_new(Arc::clone(&schema) as Arc<Schema>, columns).expect("batch");
            writer.write(&batch).expect("write");
        }
    }
}

#[tokio::test]
async fn a_survey_without_windex5_gets_the_wealth_breakdown() {
    let generated = tempfile::tempdir().expect("temp dir");
    demo(generated.path(), tendik_synth::minimum_households());
    let dir = tempfile::tempdir().expect("temp dir");
    without_wealth(generated.path(), dir.path());

    // Without the index, the bundled plan's wealth breakdown is not computable.
    let plan = Plan::from_toml(tendik_plan::MICS6_CHILD_DEPRIVATION, "mics6.toml").expect("plan");
    let analysis = tendik_plan::analyze(&plan, "mics6.toml", dir.path())
        .await
        .expect("analysis");
    assert!(
        analysis
            .not_computable
            .iter()
            .any(|n| n.kind == "breakdown" && n.name == "wealth_quintile"),
        "{:?}",
        analysis.not_computable
    );
    assert!(analysis.wealth().is_none());

    // With [wealth] (DHS's combined urban/rural index: land and livestock in the rural
    // index only), every age group has it.
    let items: String = ITEMS
        .lines()
        .filter(|line| !line.contains("\"land\"") && !line.contains("\"livestock\""))
        .collect::<Vec<_>>()
        .join("\n");
    let text = format!(
        r#"{}
[wealth]
file = "hh"
weight = "hhweight"
members = "HH48"
where = "HH46 = 1"
combined = "HH6"
{items}
rural_items = [
  {{ name = "land", expression = "HC15 = 1" }},
  {{ name = "livestock", expression = "HC17 = 1" }},
]
"#,
        tendik_plan::MICS6_CHILD_DEPRIVATION
    );
    let plan = Plan::from_toml(&text, "mics6-wealth.toml").expect("plan");
    let analysis = tendik_plan::analyze(&plan, "mics6-wealth.toml", dir.path())
        .await
        .expect("analysis");
    assert!(
        !analysis
            .not_computable
            .iter()
            .any(|n| n.name == "wealth_quintile"),
        "{:?}",
        analysis.not_computable
    );
    for group in &plan.age_groups {
        let labels: Vec<&str> = analysis
            .rows
            .iter()
            .filter(|r| {
                r.age_group == group.name
                    && r.breakdown == "wealth_quintile"
                    && r.measure == "H"
                    && r.k.as_deref() == Some("1")
            })
            .map(|r| r.group.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "Quintile 1 (poorest)",
                "Quintile 2",
                "Quintile 3",
                "Quintile 4",
                "Quintile 5 (richest)"
            ],
            "{}",
            group.name
        );
    }
    assert!(
        analysis
            .inequality
            .iter()
            .any(|r| r.breakdown == "wealth_quintile"),
        "the ordered breakdown's inequality measures"
    );
    let record = analysis.wealth().expect("a wealth record");
    assert_eq!(record.status, WealthStatus::Computed);
    let names: Vec<&str> = record.indices.iter().map(|i| i.index.as_str()).collect();
    assert_eq!(names, ["common", "urban", "rural"]);
    assert_eq!(record.indices[0].items.len(), 23);
    assert!(record.indices[2].items.iter().any(|i| i == "land"));
    assert!(!record.indices[1].items.iter().any(|i| i == "land"));
    assert_eq!(record.households_left_out, 0);
}

/// A small plan over `hh` (and `hl`, read only) with the given `[wealth]` body.
fn small_plan(wealth: &str) -> String {
    format!(
        r#"
[plan]
name = "wealth"

[files.hh]
keys = ["HH1", "HH2"]
[files.hl]
keys = ["HH1", "HH2", "HL1"]

[units.households]
from = "hh"
where = "HH46 = 1"
weight = "hhweight"
# A unit of hl, only so that the file is read (and named in hints).
[units.persons]
from = "hl"
weight = "hhweight"

[[age_groups]]
name = "households"
unit = "households"

[[dimensions]]
name = "water"

[[indicators]]
name = "unimproved_water"
dimension = "water"
expression = "WS1 IN (32, 42, 81, 96)"

[[breakdowns]]
name = "wealth_quintile"
column = "quintile"

[wealth]
file = "hh"
weight = "hhweight"
members = "HH48"
where = "HH46 = 1"
score = "score"
quintile = "quintile"
{wealth}
"#
    )
}

async fn run_small(dir: &Path, wealth: &str) -> Result<Analysis, String> {
    run_text(dir, &small_plan(wealth)).await
}

async fn run_text(dir: &Path, text: &str) -> Result<Analysis, String> {
    let plan = Plan::from_toml(text, "small.toml").map_err(|e| e.to_string())?;
    tendik_plan::analyze(&plan, "small.toml", dir)
        .await
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn errors_and_notes_name_the_item_and_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo(dir.path(), tendik_synth::minimum_households());

    // An unknown column: the close names, or the file that has it.
    let error = run_small(
        dir.path(),
        r#"items = [
  { name = "electricity", expression = "HC8 = 1" },
  { name = "television", expression = "HC9X = 1" },
]"#,
    )
    .await
    .expect_err("unknown column");
    assert!(
        error.starts_with("[wealth] item `television`: the column `HC9X` is not in "),
        "{error}"
    );
    assert!(error.contains("hint: did you mean `HC9A`"), "{error}");

    // A label that is not one of the column's.
    let error = run_small(
        dir.path(),
        r#"items = [
  { name = "electricity", expression = "label(HC8) = 'Yes'" },
  { name = "television", expression = "HC9A = 1" },
]"#,
    )
    .await
    .expect_err("unknown label");
    assert!(
        error.contains("[wealth] item `electricity`: `HC8` has no value labelled 'Yes'"),
        "{error}"
    );
    assert!(error.contains("'Yes, interconnected grid'"), "{error}");

    // An item of text, not a number.
    let error = run_small(
        dir.path(),
        r#"items = [
  { name = "soap", expression = "HW7A" },
  { name = "television", expression = "HC9A = 1" },
]"#,
    )
    .await
    .expect_err("text item");
    assert!(error.contains("[wealth] item `soap` gives"), "{error}");

    // The weight and members columns missing.
    let two = r#"items = [
  { name = "electricity", expression = "HC8 = 1" },
  { name = "television", expression = "HC9A = 1" },
]"#;
    let text = small_plan(two).replace(
        "weight = \"hhweight\"\nmembers",
        "weight = \"hhwieght\"\nmembers",
    );
    let error = run_text(dir.path(), &text)
        .await
        .expect_err("unknown weight");
    assert!(
        error.starts_with("[wealth] weight: the column `hhwieght` is not in "),
        "{error}"
    );
    assert!(error.contains("hint: did you mean `hhweight`?"), "{error}");
    let text = small_plan(two).replace("members = \"HH48\"", "members = \"HL4\"");
    let error = run_text(dir.path(), &text)
        .await
        .expect_err("members of another file");
    assert!(
        error.contains("the file `hl` has it, but [wealth] reads the file `hh` only"),
        "{error}"
    );

    // An item constant among the households of `where`: dropped, with a note.
    let analysis = run_small(
        dir.path(),
        r#"items = [
  { name = "answered", expression = "HH46 = 1" },
  { name = "electricity", expression = "label(HC8) = 'Yes, interconnected grid'" },
  { name = "television", expression = "HC9A = 1" },
  { name = "computer", expression = "HC11 = 1" },
]"#,
    )
    .await
    .expect("a constant item is a note");
    let record = analysis.wealth().expect("record");
    assert_eq!(record.indices[0].dropped, ["answered"]);
    assert_eq!(
        record.indices[0].items,
        ["electricity", "television", "computer"]
    );
    assert!(
        record.notes.iter().any(|n| n
            == "`answered` takes one value in every household and was dropped from the national index"),
        "{:?}",
        record.notes
    );
    assert!(
        analysis
            .rows
            .iter()
            .any(|r| r.breakdown == "wealth_quintile" && r.group == "Quintile 5 (richest)")
    );

    // An item that fails on the rows.
    let error = run_small(
        dir.path(),
        r#"items = [
  { name = "crowding", expression = "HH48 / (HC3 - HC3)" },
  { name = "television", expression = "HC9A = 1" },
]"#,
    )
    .await
    .expect_err("division by zero");
    assert!(
        error.starts_with("[wealth] item `crowding` failed on the rows of "),
        "{error}"
    );

    // A file that has its own index keeps it (replace = false, the default), noted; one
    // that has the score column but not the quintile's is refused.
    let text = small_plan(two).replace("score = \"score\"\nquintile = \"quintile\"\n", "");
    let text = text.replace("column = \"quintile\"", "column = \"windex5\"");
    let analysis = run_text(dir.path(), &text).await.expect("kept");
    let record = analysis.wealth().expect("record");
    assert_eq!(record.status, WealthStatus::Kept);
    assert!(record.indices.is_empty());
    assert_eq!(
        record.notes,
        [
            "the file `hh` has its own `windex5`: kept, and no index computed (replace = true computes it from the items)"
        ]
    );
    assert!(
        analysis
            .rows
            .iter()
            .any(|r| r.breakdown == "wealth_quintile" && r.group == "Poorest"),
        "the file's own labels"
    );
    let text = small_plan(two).replace("score = \"score\"\n", "");
    let error = run_text(dir.path(), &text)
        .await
        .expect_err("a score without its quintile");
    assert!(
        error.starts_with("[wealth] the file `hh` (")
            && error.contains(") has a column `wscore` but no `quintile`"),
        "{error}"
    );

    // Fewer than two items that vary: an error.
    let error = run_small(
        dir.path(),
        r#"items = [
  { name = "answered", expression = "HH46 = 1" },
  { name = "television", expression = "HC9A = 1" },
]"#,
    )
    .await
    .expect_err("one item varies");
    assert!(
        error.contains(
            "needs at least two items that vary between households, and only `television` varies"
        ),
        "{error}"
    );
}

#[test]
fn the_section_is_checked_when_the_plan_is_read() {
    let error = |wealth: &str| {
        Plan::from_toml(&small_plan(wealth), "small.toml")
            .expect_err("invalid")
            .to_string()
    };
    let two = r#"items = [
  { name = "electricity", expression = "HC8 = 1" },
  { name = "television", expression = "HC9A = 1" },
]"#;
    assert_eq!(
        error(&format!(
            "rural_items = [{{ name = \"land\", expression = \"HC15 = 1\" }}]\n{two}"
        )),
        "small.toml: [wealth] has urban_items or rural_items but no `combined`\n  hint: name the area column of DHS's combined urban/rural index, such as combined = \"HH6\", or list every item in `items`"
    );
    assert_eq!(
        error(r#"items = [{ name = "electricity", expression = "HC8 = 1" }]"#),
        "small.toml: [wealth] has 1 item(s) in `items`\n  hint: a wealth index is the first principal component of two or more household items: list assets, dwelling materials, water and sanitation"
    );
    assert!(
        error(&format!("rises_with = \"computr\"\n{two}"))
            .contains("rises_with names `computr`, which is not one of its `items`"),
    );
    assert!(error(&format!("colour = 1\n{two}")).contains("unknown field `colour`"));
    let plan = Plan::from_toml(
        &small_plan(&format!(
            "combined = \"HH6\"\nurban = [1, \"Urban\"]\n{two}"
        )),
        "small.toml",
    )
    .expect("codes as numbers or texts");
    let codes = plan.wealth.expect("wealth").urban.expect("urban codes");
    assert_eq!(
        codes,
        [
            tendik_plan::spec::AreaCode::Number(1.0),
            tendik_plan::spec::AreaCode::Text("Urban".to_owned())
        ]
    );
    assert!(
        error(&format!("combined = \"HH6\"\nurban = []\n{two}"))
            .contains("urban = [] names no urban code")
    );
    let text = small_plan(two).replace("file = \"hh\"\nweight", "file = \"hhh\"\nweight");
    assert_eq!(
        Plan::from_toml(&text, "small.toml")
            .expect_err("unknown file")
            .to_string(),
        "small.toml: [wealth] file names the file `hhh`, which the plan does not define\n  hint: did you mean `hh`?"
    );
}
