//! The hostile-input suite: every case in `tests/hostile/cases.toml` is a small folder of
//! files and one `tendik` command, with the outcome it must have. Beyond what a case asks,
//! every run is checked for what must never happen: a panic, a hang, a changed input, a
//! file left behind, or an internal error blamed on tendik for the user's input.
//!
//! See `tests/hostile/README.md` for the case format.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A run that takes longer than this is a hang.
const HANG: Duration = Duration::from_secs(90);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The issue class it keeps closed (writes, readers, memory, blanks, errors, handled).
    class: String,
    /// Files made in the case's empty folder before the run.
    #[serde(default)]
    files: BTreeMap<String, File>,
    args: Vec<Arg>,
    /// Bytes given on standard input (none: standard input is empty).
    stdin: Option<String>,
    exit: i32,
    /// Words the standard error must contain, each.
    #[serde(default)]
    stderr: Vec<String>,
    /// Words the standard output must contain, each.
    #[serde(default)]
    stdout: Vec<String>,
    /// Words neither output may contain.
    #[serde(default)]
    never: Vec<String>,
    /// Files of `files` the run is meant to change.
    #[serde(default)]
    changes: Vec<String>,
    /// Names the run is meant to create in the folder.
    #[serde(default)]
    creates: Vec<String>,
}

/// A file's content: text, or a generated file.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum File {
    Text(String),
    Made(Made),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
enum Made {
    /// This many zero bytes.
    Zeros(usize),
    /// This text, gzip-compressed.
    Gzip(String),
    /// Bytes given in hexadecimal.
    Hex(String),
    /// A CSV of `[columns, rows]` small integers.
    Wide([usize; 2]),
    /// `header`, then `row` `times` times.
    Rows {
        header: String,
        row: String,
        times: usize,
    },
    /// A named pipe (FIFO) that nothing writes to (`fifo = true`).
    #[expect(dead_code, reason = "the value only marks the kind")]
    Fifo(bool),
    /// A symbolic link to this name.
    Symlink(String),
    /// A hard link to this name (made after the files before it in name order).
    Hardlink(String),
    /// An empty folder (`dir = true`).
    #[expect(dead_code, reason = "the value only marks the kind")]
    Dir(bool),
}

/// An argument: text, or `term` repeated `times` times joined by `join`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Arg {
    Text(String),
    Repeat {
        term: String,
        join: String,
        times: usize,
    },
}

impl Arg {
    fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Repeat { term, join, times } => vec![term.as_str(); *times].join(join),
        }
    }
}

fn make(dir: &Path, name: &str, file: &File) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    match file {
        File::Text(text) => std::fs::write(&path, text).expect("write"),
        File::Made(Made::Zeros(n)) => std::fs::write(&path, vec![0u8; *n]).expect("write"),
        File::Made(Made::Gzip(text)) => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).expect("gzip");
            std::fs::write(&path, encoder.finish().expect("gzip")).expect("write");
        }
        File::Made(Made::Hex(hex)) => {
            let hex: String = hex.split_whitespace().collect();
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            std::fs::write(&path, bytes).expect("write");
        }
        File::Made(Made::Wide([columns, rows])) => {
            let mut text: String = (0..*columns)
                .map(|i| format!("v{i}"))
                .collect::<Vec<_>>()
                .join(",");
            for row in 0..*rows {
                text.push('\n');
                text.push_str(
                    &(0..*columns)
                        .map(|i| ((i * row) % 7).to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            text.push('\n');
            std::fs::write(&path, text).expect("write");
        }
        File::Made(Made::Rows { header, row, times }) => {
            std::fs::write(&path, header.clone() + &row.repeat(*times)).expect("write");
        }
        File::Made(Made::Fifo(_)) => {
            let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
            assert!(status.success(), "mkfifo {}", path.display());
        }
        File::Made(Made::Symlink(target)) => {
            std::os::unix::fs::symlink(target, &path).expect("symlink");
        }
        File::Made(Made::Hardlink(target)) => {
            std::fs::hard_link(dir.join(target), &path).expect("hard link");
        }
        File::Made(Made::Dir(_)) => std::fs::create_dir(&path).expect("mkdir"),
    }
}

/// What is in the folder: every path (recursively) with its bytes (regular files) or kind.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            let kind = entry.file_type().expect("type");
            let relative = path.strip_prefix(dir).expect("inside").to_owned();
            if kind.is_dir() {
                stack.push(path);
                found.insert(relative, b"<dir>".to_vec());
            } else if kind.is_file() {
                found.insert(relative, std::fs::read(&path).expect("read"));
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                found.insert(
                    relative,
                    format!("<link {}>", target.display()).into_bytes(),
                );
            } else {
                found.insert(relative, b"<special>".to_vec());
            }
        }
    }
    found
}

/// Run one case; the problems found, if any.
fn run(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    // Hard links last: their targets must exist.
    let (links, plain): (Vec<_>, Vec<_>) = case
        .files
        .iter()
        .partition(|(_, f)| matches!(f, File::Made(Made::Hardlink(_))));
    for (name, file) in plain.into_iter().chain(links) {
        make(dir.path(), name, file);
    }
    let before = snapshot(dir.path());
    let args: Vec<String> = case.args.iter().map(Arg::text).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tendik"))
        .args(&args)
        .current_dir(dir.path())
        .stdin(if case.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tendik");
    if let Some(text) = &case.stdin {
        let mut stdin = child.stdin.take().expect("stdin");
        let text = text.clone();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    let stdout = read_in_background(child.stdout.take().expect("stdout"));
    let stderr = read_in_background(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&stdout.join().expect("stdout")).into_owned();
    let stderr = String::from_utf8_lossy(&stderr.join().expect("stderr")).into_owned();

    let mut problems = Vec::new();
    let Some(status) = status else {
        return vec![format!("hung: no exit within {} s", HANG.as_secs())];
    };
    match status.code() {
        Some(code) if code == case.exit => {}
        Some(code) => problems.push(format!("exit {code}, expected {}", case.exit)),
        None => problems.push(format!("killed by a signal ({status})")),
    }
    for word in &case.stderr {
        if !stderr.contains(word.as_str()) {
            problems.push(format!("stderr lacks `{word}`"));
        }
    }
    for word in &case.stdout {
        if !stdout.contains(word.as_str()) {
            problems.push(format!("stdout lacks `{word}`"));
        }
    }
    let never = ["panicked", "RUST_BACKTRACE", "this is a bug in tendik"];
    for word in case.never.iter().map(String::as_str).chain(never) {
        if stdout.contains(word) || stderr.contains(word) {
            problems.push(format!("the output holds `{word}`"));
        }
    }
    let after = snapshot(dir.path());
    for (path, bytes) in &before {
        let name = path.to_string_lossy();
        let meant = case
            .changes
            .iter()
            .any(|c| name == c.as_str() || name.starts_with(&format!("{c}/")));
        match after.get(path) {
            None if !meant => problems.push(format!("`{name}` was removed")),
            Some(now) if now != bytes && !meant => problems.push(format!("`{name}` was changed")),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        let name = path.to_string_lossy();
        let meant = case
            .creates
            .iter()
            .any(|c| name == c.as_str() || name.starts_with(&format!("{c}/")));
        if !meant {
            problems.push(format!("`{name}` was left behind"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "(tendik {}; exit {:?})\n--- stdout\n{}\n--- stderr\n{}",
            args.iter()
                .map(|a| if a.len() > 80 {
                    format!("{}…", &a[..80])
                } else {
                    a.clone()
                })
                .collect::<Vec<_>>()
                .join(" "),
            status.code(),
            cut(&stdout),
            cut(&stderr)
        ));
    }
    problems
}

fn cut(text: &str) -> &str {
    let mut end = text.len().min(2000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn read_in_background(
    mut from: impl std::io::Read + Send + 'static,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        bytes
    })
}

fn cases() -> Vec<Case> {
    let path = common::manifest_dir().join("tests/hostile/cases.toml");
    let text = std::fs::read_to_string(&path).expect("read cases.toml");
    let cases: Cases = toml::from_str(&text).expect("cases.toml is valid");
    cases.case
}

#[test]
fn every_hostile_case_has_its_outcome() {
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(
            names.insert(case.name.as_str()),
            "case `{}` twice",
            case.name
        );
    }
    // The cases run side by side, a few at a time.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let problems = run(case);
                    if !problems.is_empty() {
                        failures.lock().expect("lock").push(format!(
                            "case `{}` ({}):\n  {}",
                            case.name,
                            case.class,
                            problems.join("\n  ")
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_class_has_cases() {
    let cases = cases();
    for class in ["writes", "readers", "memory", "blanks", "errors", "handled"] {
        assert!(
            cases.iter().filter(|c| c.class == class).count() >= 3,
            "class `{class}` has fewer than three cases"
        );
    }
    assert!(cases.iter().all(|c| {
        ["writes", "readers", "memory", "blanks", "errors", "handled"].contains(&c.class.as_str())
    }));
}
