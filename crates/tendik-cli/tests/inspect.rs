//! `tendik inspect` end to end on readstat's fixtures (insta snapshots), and its messages
//! for files it cannot read. Tests that need `../shared/data` skip with a message when it
//! is absent.

mod common;

use std::path::PathBuf;

use common::{manifest_dir, tendik};

/// `$TENDIK_SHARED/data/readstat-fixtures`, or the one beside an ancestor folder.
#[expect(clippy::print_stderr, reason = "a test says why it skips")]
fn fixtures() -> Option<PathBuf> {
    let data = match std::env::var_os("TENDIK_SHARED") {
        Some(shared) => Some(PathBuf::from(shared).join("data")),
        None => manifest_dir()
            .ancestors()
            .map(|a| a.join("shared").join("data"))
            .find(|d| d.is_dir()),
    };
    let fixtures = data
        .map(|d| d.join("readstat-fixtures"))
        .filter(|d| d.is_dir());
    if fixtures.is_none() {
        eprintln!("skipping: ../shared/data not found (set TENDIK_SHARED to the shared folder)");
    }
    fixtures
}

/// SPSS: variable and value labels, user-missing values and a range, dates.
#[test]
fn spss_table_and_json() {
    let Some(fixtures) = fixtures() else { return };
    let file = "pyreadstat/basic/sample_missing.sav";
    let run = tendik(&fixtures, &["inspect", file]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("spss_table", run.stdout);

    let run = tendik(&fixtures, &["inspect", file, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(json["rows"], 7);
    insta::assert_snapshot!("spss_json", run.stdout);
}

/// Stata: extended missing values `.a`–`.z` with labels on them.
#[test]
fn stata_tagged_missing_table() {
    let Some(fixtures) = fixtures() else { return };
    let run = tendik(&fixtures, &["inspect", "haven/stata/tagged-na-int.dta"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("stata_table", run.stdout);
}

#[test]
fn unknown_extension_lists_the_supported_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("book.xlsx"), b"PK\x03\x04 not really").expect("write");
    let run = tendik(dir.path(), &["inspect", "book.xlsx"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!("unknown_extension", run.stderr);
}

#[test]
fn damaged_files_are_named_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("cut.csv"), "a,b\n1,2\n3\n").expect("write");
    let run = tendik(dir.path(), &["inspect", "cut.csv"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("ragged_csv", run.stderr);

    std::fs::write(dir.path().join("fake.sav"), "a,b\n1,2\n").expect("write");
    let run = tendik(dir.path(), &["inspect", "fake.sav"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("not_spss", run.stderr);

    let run = tendik(dir.path(), &["inspect", "absent.dta"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .starts_with("error: absent.dta: cannot read the file: no such file"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_columns_keep_their_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("api.csv"),
        "cds,api.stu,stype\n1,10.5,E\n2,NA,H\n3,7,E\n",
    )
    .expect("write");
    let run = tendik(dir.path(), &["inspect", "api.csv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("csv_table", run.stdout);
}
