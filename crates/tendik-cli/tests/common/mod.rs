//! What the CLI's end-to-end tests share: running the built `tendik` binary.

#![allow(dead_code, reason = "each test file uses its own part of this module")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of `tendik` gave.
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run `tendik ARGS…` in `dir`.
pub(crate) fn tendik(dir: &Path, args: &[&str]) -> Run {
    tendik_with(dir, args, &[])
}

/// Run `tendik ARGS…` in `dir` with extra environment variables.
pub(crate) fn tendik_with(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_tendik"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("run tendik");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// This package's directory: from Cargo at run time (a cached test binary may have been
/// built in another checkout of the same tree), else from compile time.
pub(crate) fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from)
}

/// The rows of a CSV file as maps from column to value.
pub(crate) fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("a CSV file");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let record = r.expect("row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}
