//! Writes never destroy what they should not: an output that is the input (by any path,
//! symlink or hard link) is refused before any work; a device is written as a stream, not
//! replaced; a symlink's target is replaced and the link kept; new files get 0666 less the
//! umask and replaced files keep their mode.

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::tendik;

const DATA: &str = "w,y\n1,2\n2,3\n1.5,4\n";

fn estimate_to(dir: &Path, output: &str) -> common::Run {
    tendik(
        dir,
        &[
            "estimate", "a.csv", "--weight", "w", "--mean", "y", "--format", "csv", "--output",
            output,
        ],
    )
}

#[test]
fn the_input_is_never_the_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("a.csv");
    std::fs::write(&data, DATA).expect("write");
    std::os::unix::fs::symlink("a.csv", dir.path().join("link.csv")).expect("symlink");
    std::fs::hard_link(&data, dir.path().join("hard.csv")).expect("hard link");
    for output in ["a.csv", "./a.csv", "link.csv", "hard.csv"] {
        let run = estimate_to(dir.path(), output);
        assert_eq!(run.status, 1, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("is the input"),
            "{output}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(&data).expect("read"),
            DATA,
            "{output} changed the data"
        );
    }
    let vcov = tendik(
        dir.path(),
        &[
            "estimate", "a.csv", "--weight", "w", "--mean", "y", "--vcov", "hard.csv",
        ],
    );
    assert_eq!(vcov.status, 1, "{}", vcov.stderr);
    assert_eq!(std::fs::read_to_string(&data).expect("read"), DATA);
}

#[test]
fn modes_links_and_devices() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.csv"), DATA).expect("write");
    // A new file: 0666 less the umask (022 here).
    let run = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' estimate a.csv --weight w --mean y --format csv --output new.csv",
            env!("CARGO_BIN_EXE_tendik")
        ))
        .current_dir(dir.path())
        .status()
        .expect("run");
    assert!(run.success());
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("new.csv"), 0o644);
    // A replaced file keeps its mode.
    std::fs::set_permissions(
        dir.path().join("new.csv"),
        std::fs::Permissions::from_mode(0o640),
    )
    .expect("chmod");
    assert_eq!(estimate_to(dir.path(), "new.csv").status, 0);
    assert_eq!(mode("new.csv"), 0o640);
    // Through a symlink, the target is replaced and the link stays a link.
    std::os::unix::fs::symlink("new.csv", dir.path().join("out.csv")).expect("symlink");
    std::fs::write(dir.path().join("new.csv"), "old").expect("write");
    assert_eq!(estimate_to(dir.path(), "out.csv").status, 0);
    let link = std::fs::symlink_metadata(dir.path().join("out.csv")).expect("link");
    assert!(link.file_type().is_symlink());
    assert!(
        std::fs::read_to_string(dir.path().join("new.csv"))
            .expect("read")
            .starts_with("statistic,")
    );
    // A device is written into, never replaced by a file.
    let run = estimate_to(dir.path(), "/dev/null");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .expect("null")
            .file_type()
            .is_char_device()
    );
    // `-` is standard output.
    let run = estimate_to(dir.path(), "-");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("statistic,"));
    // Nothing but the outputs asked for is left behind (no temporary files).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.csv", "new.csv", "out.csv"]);
}

#[test]
fn synth_replaces_only_what_it_wrote() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("survey");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("hh.dta"), "precious").expect("write");
    let synth = |extra: &[&str]| {
        let mut args = vec!["synth", "--households", "640", "--out", "survey"];
        args.extend(extra);
        tendik(dir.path(), &args)
    };
    let refused = synth(&[]);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("did not write"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("hh.dta")).expect("read"),
        "precious"
    );
    assert!(
        !out.join("hl.dta").exists(),
        "nothing is written when refused"
    );
    // With --force it writes, and a later run may replace what it wrote.
    assert_eq!(synth(&["--force"]).status, 0);
    let again = synth(&[]);
    assert_eq!(again.status, 0, "{}", again.stderr);
}

/// Run a shell command line with `tendik` as `$T`, in `dir`.
fn shell(dir: &Path, line: &str) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .env("T", env!("CARGO_BIN_EXE_tendik"))
        .current_dir(dir)
        .output()
        .expect("run sh")
}

#[test]
fn pipes_and_standard_input_are_read_as_streams() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.csv"), DATA).expect("write");
    let estimate = "--weight w --mean y --format csv";
    for line in [
        format!("cat a.csv | \"$T\" estimate - {estimate}"),
        format!("\"$T\" estimate /dev/stdin {estimate} < a.csv"),
        format!("cat a.csv | \"$T\" estimate /dev/stdin {estimate}"),
    ] {
        let out = shell(dir.path(), &line);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{line}: {stderr}");
        assert!(stdout.starts_with("statistic,"), "{line}: {stdout}");
    }
    let empty = shell(
        dir.path(),
        &format!("\"$T\" estimate - {estimate} < /dev/null"),
    );
    assert_eq!(empty.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert!(stderr.contains("nothing came through it"), "{stderr}");
}
