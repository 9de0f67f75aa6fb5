//! Wall time and peak resident memory of one child process.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the largest peak RSS among all the children a
//! process has waited for, so measured in the bench process itself the second program
//! would inherit the first one's peak. Each measured program therefore runs under a small
//! helper, `tendik bench --internal-measure REPORT -- PROGRAM ARGS…`, whose only child is
//! that program: the helper's `RUSAGE_CHILDREN` is exactly the program's peak (including
//! any processes it starts and waits for, and across `exec`, as `Rscript` does). Polling
//! `/proc/PID/status` would miss a peak reached just before exit.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

use crate::output::CliError;

/// How one run of a program went.
#[derive(Debug)]
pub(crate) struct Measurement {
    pub(crate) wall: Duration,
    /// Peak resident set size in bytes.
    pub(crate) peak_rss: u64,
    /// Whether the program exited with status 0.
    pub(crate) success: bool,
    /// The exit status as the system describes it, e.g. `exit status: 1`.
    pub(crate) status: String,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

/// The helper's side: run `command`, wait, and write the report to `report`.
pub(crate) fn run_helper(report: &Path, command: &[OsString]) -> Result<(), CliError> {
    let (program, arguments) = command
        .split_first()
        .ok_or_else(|| CliError::new("--internal-measure needs a program after `--`"))?;
    let start = Instant::now();
    let status = Command::new(program)
        .args(arguments)
        .status()
        .map_err(|e| CliError::new(format!("cannot run {}: {e}", Path::new(program).display())))?;
    let wall = start.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN)
        .map_err(|e| CliError::new(format!("getrusage failed: {e}")))?;
    // Linux reports ru_maxrss in KiB.
    let peak_kib = u64::try_from(usage.max_rss()).unwrap_or(0);
    let text = format!(
        "wall_nanos={}\npeak_rss_kib={peak_kib}\nsuccess={}\nstatus={status}\n",
        wall.as_nanos(),
        status.success(),
    );
    fs_err::write(report, text)?;
    Ok(())
}

/// The bench's side: run `program arguments` under the helper in `work_dir`, capturing
/// its standard output and error.
pub(crate) fn measure(
    helper: &Path,
    report: &Path,
    program: &OsStr,
    arguments: &[OsString],
) -> Result<Measurement, CliError> {
    let output = Command::new(helper)
        .arg("bench")
        .arg("--internal-measure")
        .arg(report)
        .arg("--")
        .arg(program)
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| CliError::new(format!("cannot run {}: {e}", helper.display())))?;
    if !output.status.success() {
        return Err(CliError::new(format!(
            "the measuring helper failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = fs_err::read_to_string(report)?;
    // The report is only a transport; a failure to remove it loses nothing.
    let _ = fs_err::remove_file(report);
    let report_error = || CliError::new(format!("unreadable measurement report: {text:?}"));
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
            .ok_or_else(report_error)
    };
    let wall_nanos: u64 = field("wall_nanos")?.parse().map_err(|_| report_error())?;
    let peak_kib: u64 = field("peak_rss_kib")?.parse().map_err(|_| report_error())?;
    Ok(Measurement {
        wall: Duration::from_nanos(wall_nanos),
        peak_rss: peak_kib * 1024,
        success: field("success")? == "true",
        status: field("status")?.to_owned(),
        stdout: output.stdout,
        stderr: output.stderr,
    })
}
