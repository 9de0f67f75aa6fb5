//! `tendik estimate` end to end: outputs, and every bad input's message (insta snapshots).
//! Each test runs the built binary in a temporary folder holding small hand-made files.

mod common;

use common::tendik;

/// A small stratified cluster sample: 2 strata × 2 PSUs, one domain column, a text column.
const GOOD: &str = "\
stratum,psu,w,y,x,sex,region
1,1,10,1,2,1,north
1,1,10,0,3,2,north
1,2,12,1,1,1,north
1,2,12,1,2,2,north
2,1,8,0,4,1,south
2,1,8,0,1,2,south
2,2,9,1,2,1,south
2,2,9,,3,2,south
";

fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("write test file");
    }
    dir
}

/// Run a command that must fail, check that it wrote nothing, and return its message.
fn failure(files: &[(&str, &str)], args: &[&str]) -> String {
    let dir = folder_with(files);
    let mut args: Vec<&str> = args.to_vec();
    args.extend(["--format", "csv", "--output", "out.csv"]);
    let run = tendik(dir.path(), &args);
    assert_eq!(run.status, 1, "expected failure, stderr: {}", run.stderr);
    assert!(run.stdout.is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !files.iter().any(|(f, _)| f == name))
        .collect();
    assert!(leftovers.is_empty(), "files left behind: {leftovers:?}");
    // Messages may name the working directory, which is a fresh temporary one.
    run.stderr
        .replace(&dir.path().display().to_string(), "[DIR]")
}

const DESIGN: [&str; 6] = ["--weight", "w", "--strata", "stratum", "--psu", "psu"];

fn with_design<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["estimate", "data.csv"];
    args.extend(DESIGN);
    args.extend(extra);
    args
}

#[test]
fn csv_output_has_the_contract_columns() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let run = tendik(
        dir.path(),
        &with_design(&[
            "--mean",
            "y",
            "--total",
            "y",
            "--ratio",
            "y/x",
            "--proportion",
            "region",
            "--by",
            "sex",
            "--format",
            "csv",
        ]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_and_table_outputs() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let json = tendik(
        dir.path(),
        &with_design(&["--mean", "y", "--format", "json"]),
    );
    assert_eq!(json.status, 0, "{}", json.stderr);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    insta::assert_json_snapshot!(parsed);
    let table = tendik(dir.path(), &with_design(&["--proportion", "region"]));
    assert_eq!(table.status, 0, "{}", table.stderr);
    insta::assert_snapshot!(table.stdout);
}

#[test]
fn parquet_output_is_written_atomically_and_reads_back() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let run = tendik(
        dir.path(),
        &with_design(&[
            "--mean",
            "y",
            "--by",
            "sex",
            "--format",
            "parquet",
            "--output",
            "r.parquet",
        ]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let bytes = std::fs::read(dir.path().join("r.parquet")).expect("parquet written");
    assert_eq!(&bytes[..4], b"PAR1");
}

#[test]
fn unknown_column_suggests_close_names() {
    insta::assert_snapshot!(failure(
        &[("data.csv", GOOD)],
        &with_design(&["--mean", "yy"])
    ));
}

#[test]
fn text_column_cannot_be_averaged() {
    insta::assert_snapshot!(failure(
        &[("data.csv", GOOD)],
        &with_design(&["--mean", "region"])
    ));
}

#[test]
fn missing_weight_names_the_row() {
    let data = GOOD.replace("2,2,9,1,2,1,south", "2,2,,1,2,1,south");
    insta::assert_snapshot!(failure(
        &[("data.csv", &data)],
        &with_design(&["--mean", "y"])
    ));
}

#[test]
fn negative_weight_names_the_row() {
    let data = GOOD.replace("1,2,12,1,1,1,north", "1,2,-12,1,1,1,north");
    insta::assert_snapshot!(failure(
        &[("data.csv", &data)],
        &with_design(&["--mean", "y"])
    ));
}

#[test]
fn non_numeric_weight() {
    let data = GOOD.replace("1,2,12,1,1,1,north", "1,2,twelve,1,1,1,north");
    insta::assert_snapshot!(failure(
        &[("data.csv", &data)],
        &with_design(&["--mean", "y"])
    ));
}

#[test]
fn missing_stratum_and_psu() {
    let data = GOOD.replace("2,1,8,0,4,1,south", ",1,8,0,4,1,south");
    insta::assert_snapshot!(
        "missing_stratum",
        failure(&[("data.csv", &data)], &with_design(&["--mean", "y"]))
    );
    let data = GOOD.replace("2,1,8,0,4,1,south", "2,,8,0,4,1,south");
    insta::assert_snapshot!(
        "missing_psu",
        failure(&[("data.csv", &data)], &with_design(&["--mean", "y"]))
    );
}

#[test]
fn lonely_psu_fails_by_default_and_policies_work() {
    let data = GOOD.replace("2,2,", "2,1,");
    insta::assert_snapshot!(failure(
        &[("data.csv", &data)],
        &with_design(&["--mean", "y"])
    ));
    let dir = folder_with(&[("data.csv", &data)]);
    let run = tendik(
        dir.path(),
        &with_design(&["--mean", "y", "--lonely-psu", "adjust", "--format", "csv"]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn where_that_does_not_parse() {
    insta::assert_snapshot!(failure(
        &[("data.csv", GOOD)],
        &with_design(&["--mean", "y", "--where", "\"sex\" = = 1"])
    ));
}

#[test]
fn where_on_unknown_column() {
    insta::assert_snapshot!(failure(
        &[("data.csv", GOOD)],
        &with_design(&["--mean", "y", "--where", "\"sexx\" = 1"])
    ));
}

#[test]
fn where_that_selects_nothing() {
    insta::assert_snapshot!(failure(
        &[("data.csv", GOOD)],
        &with_design(&["--mean", "y", "--where", "\"sex\" = 3"])
    ));
}

#[test]
fn unreadable_and_truncated_files() {
    insta::assert_snapshot!("missing_file", failure(&[], &with_design(&["--mean", "y"])));
    let mut truncated = b"$FL2@(#) IBM SPSS STATISTICS".to_vec();
    truncated.extend([0u8; 20]);
    let truncated = String::from_utf8(truncated).expect("ascii");
    let mut args = with_design(&["--mean", "y"]);
    args[1] = "data.sav";
    insta::assert_snapshot!("truncated_sav", failure(&[("data.sav", &truncated)], &args));
}

#[test]
fn parquet_needs_an_output_file() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let run = tendik(
        dir.path(),
        &with_design(&["--mean", "y", "--format", "parquet"]),
    );
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn nothing_to_estimate() {
    insta::assert_snapshot!(failure(&[("data.csv", GOOD)], &with_design(&[])));
}

#[test]
fn definitions_differences_and_vcov() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let run = tendik(
        dir.path(),
        &with_design(&[
            "--define",
            "big=x >= 2",
            "--define",
            "both=CASE WHEN big = 1 THEN y END",
            "--mean",
            "big,both",
            "--by",
            "sex",
            "--difference",
            "sex=1,2",
            "--level",
            "0.9",
            "--format",
            "csv",
            "--vcov",
            "vcov.csv",
        ]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("definitions_and_differences", run.stdout);
    let vcov = std::fs::read_to_string(dir.path().join("vcov.csv")).expect("vcov written");
    // Six output rows (2 means × 2 sexes, 2 differences): 36 pairs and a header.
    assert_eq!(vcov.lines().count(), 37, "{vcov}");
    let table = tendik(dir.path(), &with_design(&["--mean", "y", "--level", "0.9"]));
    assert!(table.stdout.contains("90% CI"), "{}", table.stdout);
}

#[test]
fn bad_definitions_and_differences() {
    insta::assert_snapshot!(
        "definition_unknown_column",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--define", "z=yy + 1", "--mean", "z"])
        )
    );
    insta::assert_snapshot!(
        "definition_volatile",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--define", "z=random()", "--mean", "z"])
        )
    );
    insta::assert_snapshot!(
        "definition_without_name",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--define", "y + 1", "--mean", "y"])
        )
    );
    insta::assert_snapshot!(
        "difference_unknown_value",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--mean", "y", "--by", "sex", "--difference", "sex=1,3"])
        )
    );
    insta::assert_snapshot!(
        "where_random",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--mean", "y", "--where", "random() < 0.5"])
        )
    );
}

#[test]
fn replicate_designs_and_the_replicate_command() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    // Made on the fly: JKn of the design.
    let jkn = tendik(
        dir.path(),
        &with_design(&["--mean", "y", "--replicate", "jkn", "--format", "csv"]),
    );
    assert_eq!(jkn.status, 0, "{}", jkn.stderr);
    // Written out, then read back as given columns with the scales tendik replicate names.
    let written = tendik(
        dir.path(),
        &[
            "replicate",
            "data.csv",
            "--weight",
            "w",
            "--strata",
            "stratum",
            "--psu",
            "psu",
            "--replicate",
            "jkn",
            "--output",
            "jkn.parquet",
        ],
    );
    assert_eq!(written.status, 0, "{}", written.stderr);
    assert!(
        written.stderr.contains("--rep-rscales jkn.parquet.rscales"),
        "{}",
        written.stderr
    );
    let given = tendik(
        dir.path(),
        &[
            "estimate",
            "jkn.parquet",
            "--weight",
            "w",
            "--repweights",
            "repw*",
            "--rep-type",
            "other",
            "--rep-scale",
            "1",
            "--rep-rscales",
            "jkn.parquet.rscales",
            "--mean",
            "y",
            "--format",
            "csv",
        ],
    );
    assert_eq!(given.status, 0, "{}", given.stderr);
    let se = |csv: &str| -> f64 {
        let row = csv.lines().nth(1).expect("a row");
        row.split(',').nth(4).expect("se").parse().expect("number")
    };
    let (a, b) = (se(&jkn.stdout), se(&given.stdout));
    assert!(
        (a - b).abs() <= 1e-12 * a.abs(),
        "JKn SE {a} made, {b} read back"
    );
    insta::assert_snapshot!(
        "repweights_without_type",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--mean", "y", "--repweights", "w"])
        )
    );
    insta::assert_snapshot!(
        "jk1_of_a_stratified_design",
        failure(
            &[("data.csv", GOOD)],
            &with_design(&["--mean", "y", "--replicate", "jk1"])
        )
    );
}

#[test]
fn no_silent_blanks() {
    // All weights zero: an error, not a header-only table.
    let zero = failure(
        &[("data.csv", "w,y\n0,1\n0,2\n")],
        &["estimate", "data.csv", "--weight", "w", "--mean", "y"],
    );
    assert!(zero.contains("weight zero"), "{zero}");
    // A zero denominator: a named warning and the row flagged, exit 0.
    let dir = folder_with(&[("data.csv", "w,y,x,g\n1,1,0,1\n2,2,1,2\n1,3,1,2\n")]);
    let run = tendik(
        dir.path(),
        &[
            "estimate", "data.csv", "--weight", "w", "--ratio", "y/x", "--by", "g", "--format",
            "csv",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: data.csv: no estimate of y/x for g = 1: the denominator's total is zero"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .expect("row")
            .ends_with(",unavailable"),
        "{}",
        run.stdout
    );
    // NaN, as R writes a missing number, is missing: the mean of 1 and 3.
    let dir = folder_with(&[("data.csv", "w,y\n1,1\n1,NaN\n1,3\n")]);
    let run = tendik(
        dir.path(),
        &[
            "estimate", "data.csv", "--weight", "w", "--mean", "y", "--format", "csv",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .expect("row")
            .starts_with("mean,y,,2.0,"),
        "{}",
        run.stdout
    );
}

/// `--breakdown` adds breakdowns from the same pass: each one's rows are those of a
/// separate run with `--by`, with the other breakdowns' columns left empty.
#[test]
fn several_breakdowns_in_one_run() {
    let dir = folder_with(&[("data.csv", GOOD)]);
    let run_with = |extra: &[&str]| {
        let mut args = with_design(&["--mean", "y,x", "--format", "csv"]);
        args.extend(extra);
        let run = tendik(dir.path(), &args);
        assert_eq!(run.status, 0, "{}", run.stderr);
        run.stdout
    };
    let all = run_with(&["--breakdown", "sex", "--breakdown", "region,sex"]);
    let mut lines = all.lines();
    assert_eq!(
        lines.next(),
        Some(
            "sex,region,statistic,variable,level,estimate,se,ci_lower,ci_upper,deff,n,weighted_n,df,reliability"
        )
    );
    let mut rows: Vec<&str> = lines.collect();
    // 2 national rows, 2 × 2 by sex, 2 × 4 by region and sex.
    assert_eq!(rows.len(), 2 + 4 + 8, "{all}");
    let national = run_with(&[]);
    let by_sex = run_with(&["--by", "sex"]);
    let by_both = run_with(&["--by", "region,sex"]);
    let body = |text: &str| text.lines().skip(1).map(str::to_owned).collect::<Vec<_>>();
    let national: Vec<String> = body(&national).iter().map(|r| format!(",,{r}")).collect();
    let by_sex: Vec<String> = body(&by_sex)
        .iter()
        .map(|r| r.replacen(',', ",,", 1))
        .collect();
    // region,sex → sex,region
    let by_both: Vec<String> = body(&by_both)
        .iter()
        .map(|r| {
            let (region, rest) = r.split_once(',').expect("region");
            let (sex, rest) = rest.split_once(',').expect("sex");
            format!("{sex},{region},{rest}")
        })
        .collect();
    // The same rows (in the engine's order: target by target, each in every breakdown).
    let mut expected: Vec<String> = national.into_iter().chain(by_sex).chain(by_both).collect();
    rows.sort_unstable();
    expected.sort_unstable();
    assert_eq!(rows, expected);
}
