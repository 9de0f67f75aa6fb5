//! `demo:NAME` data sources: the bundled demo survey is generated on first use into the
//! cache directory and then read like any file.

mod common;

use common::tendik_with;

#[test]
fn demo_files_are_generated_once_and_estimated() {
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let first = tendik_with(cache.path(), &["inspect", "demo:ch"], &env);
    assert_eq!(first.status, 0, "{}", first.stderr);
    assert!(
        first.stderr.contains("generating the demo survey"),
        "{}",
        first.stderr
    );
    for variable in ["HAZ2", "BR1", "IM2", "UCF7", "chweight", "HH7A"] {
        assert!(
            first.stdout.contains(variable),
            "{variable} missing from the codebook"
        );
    }

    // Every file's codebook: keys, design variables and a labelled region.
    for name in ["hh", "hl", "ch", "fs", "wm"] {
        let run = tendik_with(cache.path(), &["inspect", &format!("demo:{name}")], &env);
        assert_eq!(run.status, 0, "{name}: {}", run.stderr);
        for variable in [
            "HH1", "HH2", "HH7", "stratum", "PSU", "hhweight", "Osh City",
        ] {
            assert!(run.stdout.contains(variable), "{name}: {variable} missing");
        }
    }

    let args = [
        "estimate", "demo:hh", "--weight", "hhweight", "--strata", "stratum", "--psu", "PSU",
        "--mean", "HH48", "--where", "HH46 = 1", "--format", "csv",
    ];
    let second = tendik_with(cache.path(), &args, &env);
    assert_eq!(second.status, 0, "{}", second.stderr);
    assert!(
        second.stderr.is_empty(),
        "generated only once: {}",
        second.stderr
    );
    let row = second.stdout.lines().nth(1).expect("one estimate");
    let size: f64 = row
        .split(',')
        .nth(3)
        .expect("estimate")
        .parse()
        .expect("number");
    assert!((3.5..5.0).contains(&size), "mean household size {size}");
}

#[test]
fn unknown_demo_file_lists_the_names() {
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let run = tendik_with(cache.path(), &["inspect", "demo:kids"], &env);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.stderr, @r"
    error: `demo:kids` is not a demo file
    hint: the demo survey has demo:hh, demo:hl, demo:ch, demo:fs, demo:wm
    hint: for a file of that name, write ./demo:kids
    ");
    assert!(
        std::fs::read_dir(cache.path())
            .expect("dir")
            .next()
            .is_none()
    );
}

#[test]
fn no_data_points_to_the_demo() {
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [("TENDIK_CACHE_DIR", cache.path())];
    let run = tendik_with(
        cache.path(),
        &["estimate", "--weight", "w", "--mean", "y"],
        &env,
    );
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.stderr, @r"
    error: no data file given
    hint: name a .sav, .zsav, .dta, .csv or .parquet file, or a file of the bundled demo survey: demo:hh, demo:hl, demo:ch, demo:fs, demo:wm
    ");
    let run = tendik_with(cache.path(), &["inspect"], &env);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("demo:ch"), "{}", run.stderr);
}

#[test]
fn unwritable_cache_is_named_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the cache directory should be: nothing can be created below it.
    let blocked = dir.path().join("cache");
    std::fs::write(&blocked, "not a directory").expect("write");
    let env = [("TENDIK_CACHE_DIR", blocked.as_path())];
    let run = tendik_with(dir.path(), &["inspect", "demo:hh"], &env);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("error: cannot write the demo survey:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&blocked.display().to_string()),
        "the message names the path: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: TENDIK_CACHE_DIR must name a directory tendik can write to"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&blocked).expect("read"),
        "not a directory",
        "nothing is lost"
    );
}
