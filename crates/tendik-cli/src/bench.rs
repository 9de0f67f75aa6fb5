//! `tendik bench`: time `tendik estimate`, `deprivation` and `analyze` against R's survey
//! package, job by job.

mod compare;
mod generate;
mod jobs;
mod measure;
mod r_script;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jobs::{Job, JobKind, Target};

use crate::output::{CliError, print_stdout};

/// Largest relative difference between tendik's and R's estimates or SEs that still counts
/// as agreement; the two should agree to about 1e-12.
const AGREEMENT: f64 = 1e-8;
/// The project's target for tendik's peak memory on 1 M persons: 500 MB.
const TARGET_PEAK_RSS: u64 = 500_000_000;

/// The end of `tendik bench --help`: a short form of [`BenchArgs`]'s documentation.
const LONG_HELP: &str = "\
Generates a stratified cluster sample (18 strata, PSUs of about 100 persons, six binary
indicators y1..y6, none missing) as survey.csv and survey.parquet, the same for the same
--persons and --seed. Jobs (--jobs, default all but census), each timed --repeat times
as whole tendik processes:
  csv           6 means × 90 domains (region × urban × quintile) from survey.csv
  parquet       the same from survey.parquet
  indicators    40 derived 0/1 indicators (--define) × 5 breakdowns (region; urban;
                quintile; region × urban; national) from survey.parquet, in one
                process (--breakdown)
  weights-only  a national mean of y1 on a weights-only design, beside the same with
                strata and PSUs (the row `clustered`)
  deprivation   tendik deprivation (Alkire–Foster) over y1..y6 at k = 1..6, national
                and by region (--breakdown region), then tendik estimate of the six
                rates by region, from survey.parquet: two processes
  analyze       tendik analyze: the bundled MICS6 child-deprivation plan on the demo
                survey (generated first, untimed), no R counterpart
  census        the same on a census-size survey (tendik synth --households 1500000,
                about 6 million persons, generated first, untimed): minutes per run, so
                only when asked (--jobs census --repeat 1)
When Rscript is on PATH, one R run does every job but analyze with the survey package the
fastest correct way (one svyby with all the variables per breakdown: nothing is missing;
for deprivation, svymean of 1[c >= k] (H) and of c·1[c >= k]/6 (M0), svyratio of the two
(A), national and with svyby by region, and svyby of the rates), the figures are compared
(estimates and SEs to 1e-8 relative; for deprivation H, A, M0 and the rates, matched by
measure, k and region), and one table shows both programs with the project's targets on a
2-core machine: csv at least 100×, parquet at least 300×, indicators and deprivation at
least 100× faster than R's design + svyby (R / tendik median); weights-only no slower than
clustered; analyze under 2 s; census under 60 s and 4 GB; peak memory of the others under
500 MB. Floors follow: process start, one
read of each file's bytes, tendik inspect, a Parquet decode. Build with --release first.";

/// Time `tendik estimate`, `tendik deprivation` and `tendik analyze`, job by job, side by
/// side with R's survey package.
///
/// 1. Generates a stratified cluster sample, the same for the same `--persons` and
///    `--seed`: 9 regions × urban/rural = 18 strata, PSUs of about 100 persons (about
///    10,000 PSUs for a million persons) with ids unique in the file, a weight varying by
///    stratum and PSU, a welfare quintile, and six binary indicators y1..y6 that depend on
///    welfare and on cluster effects, none missing. Columns: region, urban, stratum, psu,
///    weight, quintile, y1..y6. The same values are written as `survey.csv` and as
///    `survey.parquet` (Snappy, row groups of 131,072 rows, `Int64` and `Float64`).
///
/// 2. Runs each job's tendik processes (for `tendik estimate`: `--weight weight --strata
///    stratum --psu psu … --format csv --output OUT`) `--repeat` times, and reports the
///    minimum and median wall time of the job (its processes' times summed) and the
///    largest peak resident memory of its processes:
///    - `csv`: `--mean y1,…,y6 --by region,urban,quintile` on survey.csv (90 domains);
///    - `parquet`: the same on survey.parquet, which the engine scans with column
///      projection;
///    - `indicators`: 40 `--define iK=SQL` 0/1 indicators over y1..y6, quintile and urban
///      (`indicators.csv` lists them), `--mean i1,…,i40`, on survey.parquet, national
///      and `--breakdown region`, `--breakdown urban`, `--breakdown quintile`,
///      `--breakdown region,urban`: one process, one scan;
///    - `weights-only`: `--mean y1` on survey.parquet with `--weight weight` only, and
///      the row `clustered`: the same with strata and PSUs;
///    - `deprivation`: two processes, `tendik deprivation survey.parquet --weight weight
///      --strata stratum --psu psu --deprived y1,…,y6 --k 1,…,6 --breakdown region`
///      (without `--by`: the national figures, then each region's; H, A, M0, censored
///      headcounts, contributions and the subgroup decomposition, from one pass), then
///      `tendik estimate … --mean y1,…,y6 --by region` for the indicator rates, which
///      `deprivation` does not give (its headcounts are censored);
///    - `analyze`: `tendik analyze --out DIR/analyze`, the bundled MICS6 child-deprivation
///      plan on the demo survey. The demo survey (in the cache folder:
///      `$TENDIK_CACHE_DIR`, else `$XDG_CACHE_HOME/tendik`, else `~/.cache/tendik`) is
///      generated before the runs if it is not there yet, so that its generation is not
///      timed.
///
/// 3. When `Rscript` is on PATH (and `--no-r` is not given), one R script (`bench.R`) does
///    every selected job but `analyze`: reads survey.csv (`data.table::fread` when
///    installed, else `read.csv`; R here has no Parquet reader), builds `svydesign(ids =
///    ~psu, strata = ~stratum, weights = ~weight, nest = TRUE)`, and calls `svyby(~y1 + … +
///    y6, ~region + urban + quintile, des, svymean)` once: no indicator is missing, so one
///    call gives the same figures as six and takes about half the time. For `indicators` it
///    adds the 40 columns with `update(des, …)` and calls one `svyby(~i1 + … + i40, ~BY,
///    …)` per breakdown and one `svymean` for the nation; for `weights-only` it builds
///    `svydesign(ids = ~1, weights = ~weight)` and calls `svymean(~y1, …)` on both designs.
///    For `deprivation` it adds, with c = y1 + … + y6, the poverty indicators 1[c ≥ k] and
///    the censored scores c·1[c ≥ k]/6 for k = 1..6 with `update(des, …)`; H and M0 are
///    their `svymean` (one call, national) and `svyby(…, ~region, des, svymean)` (one
///    call), A is `svyratio(~censored, ~poor)` per k, national and with `svyby(…,
///    svyratio)`, and the rates are `svyby(~y1 + … + y6, ~region, des, svymean)`. `analyze`
///    has no R counterpart. Each part is timed with `system.time`, R's whole process as
///    tendik's is. Then every figure of every job is compared with tendik's (for
///    `deprivation`, H, A and M0 matched by measure, k and region, and the rates by region
///    and variable): the largest relative difference of estimates and of SEs must be at
///    most 1e-8 (an SE on a scale of at least 1e-6 of its estimate, so that R's rounding
///    noise for a zero SE, such as 1.1e-16, does not count as a difference from tendik's
///    exact 0).
///
/// 4. Prints one table with a row per job: tendik's min and median, peak RSS, R's design +
///    svyby time for the same figures (the parquet row shows the csv row's: R reads the
///    CSV), R's time with its read, the ratio "R design + svyby / tendik (median)", the
///    target, and the largest relative differences of estimates and SEs (`-` in R's columns
///    for `analyze`). Targets, on a 2-core machine: csv at least 100×, parquet at least
///    300×, indicators at least 100×, deprivation at least 100× (R's design, derivations,
///    svymean, svyratio and svyby over tendik's two processes); weights-only no slower than
///    clustered; analyze under 2 s (median whole process); census (when asked) under 60 s
///    with a peak memory under 4 GB; the others' peak memory under 500 MB for 1 M persons.
///
/// 5. Prints the floors: a `tendik --version` process, one read of each file's bytes,
///    `tendik inspect` of each file (read and summarize every column), and a one-thread
///    decode of the Parquet file's columns.
///
/// Peak memory is the child's `ru_maxrss`, read by a small helper process whose only child
/// is the measured program. Build tendik with `--release` before benchmarking. Files:
/// `survey.csv`, `survey.parquet`, `indicators.csv`, `commands.sh` (every measured
/// command), `tendik_*.csv`, `analyze/` (`tendik analyze`'s results), `bench.R`,
/// `r_*.csv`, `r_timings.txt`, `r_log.txt`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = LONG_HELP)]
pub(crate) struct BenchArgs {
    /// Number of persons in the generated sample
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    persons: u64,
    /// Seed of the generator: the same seed and size give the same files
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory for the sample and the results, kept afterwards [default: a temporary
    /// directory, removed afterwards]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// How many times to run each job
    #[arg(long, default_value_t = 3, value_name = "N")]
    repeat: u32,
    /// The jobs to run [default: all]
    #[arg(long, value_enum, value_delimiter = ',', value_name = "JOB[,JOB…]")]
    jobs: Vec<JobKind>,
    /// Leave R out even when Rscript is on PATH
    #[arg(long)]
    no_r: bool,
    /// Keep the temporary directory and print its path
    #[arg(long)]
    keep: bool,
    /// Internal: run the program after `--` and write its wall time and peak memory to
    /// REPORT
    #[arg(long, value_name = "REPORT", hide = true)]
    internal_measure: Option<PathBuf>,
    /// Internal: the program that `--internal-measure` runs
    #[arg(last = true, hide = true)]
    command: Vec<OsString>,
}

/// Validated settings of a bench run.
struct BenchSettings {
    persons: u64,
    seed: u64,
    dir: Option<PathBuf>,
    repeat: u32,
    /// Sorted, without duplicates.
    jobs: Vec<JobKind>,
    run_r: bool,
    keep: bool,
}

impl BenchSettings {
    fn try_from_args(args: &BenchArgs) -> Result<Self, CliError> {
        if args.persons < generate::MIN_PERSONS {
            return Err(CliError::new(format!(
                "--persons {} is too small for 18 strata of at least 2 PSUs",
                args.persons
            ))
            .with_hint(format!("use --persons {} or more", generate::MIN_PERSONS)));
        }
        if args.persons > u64::from(u32::MAX) {
            return Err(CliError::new(format!(
                "--persons {} is more than the bench generates",
                args.persons
            ))
            .with_hint(format!("use --persons {} or fewer", u32::MAX)));
        }
        if args.repeat == 0 {
            return Err(
                CliError::new("--repeat 0 would time nothing").with_hint("use --repeat 1 or more")
            );
        }
        if !args.command.is_empty() {
            return Err(CliError::new("bench takes no arguments after `--`"));
        }
        let mut jobs = if args.jobs.is_empty() {
            jobs::ALL_JOBS.to_vec()
        } else {
            args.jobs.clone()
        };
        jobs.sort_unstable();
        jobs.dedup();
        Ok(Self {
            persons: args.persons,
            seed: args.seed,
            dir: args.dir.clone(),
            repeat: args.repeat,
            jobs,
            run_r: !args.no_r,
            keep: args.keep,
        })
    }
}

/// Where the bench writes its files.
enum Workspace {
    /// Removed when dropped.
    Temporary(tempfile::TempDir),
    /// Left in place.
    Kept(PathBuf),
}

impl Workspace {
    fn create(settings: &BenchSettings) -> Result<Self, CliError> {
        if let Some(dir) = &settings.dir {
            fs_err::create_dir_all(dir)?;
            return Ok(Self::Kept(dir.clone()));
        }
        let temp = tempfile::Builder::new()
            .prefix("tendik-bench-")
            .tempdir()
            .map_err(|e| CliError::new(format!("cannot create a temporary directory: {e}")))?;
        Ok(if settings.keep {
            Self::Kept(temp.keep())
        } else {
            Self::Temporary(temp)
        })
    }

    fn path(&self) -> &Path {
        match self {
            Self::Temporary(temp) => temp.path(),
            Self::Kept(path) => path,
        }
    }
}

fn say(text: &str) -> Result<(), CliError> {
    print_stdout(format!("{text}\n").as_bytes())
}

fn seconds(value: f64) -> String {
    if value < 1e-3 {
        format!("{:.0} µs", value * 1e6)
    } else if value < 1.0 {
        format!("{:.1} ms", value * 1000.0)
    } else if value < 10.0 {
        format!("{value:.3} s")
    } else if value < 100.0 {
        format!("{value:.2} s")
    } else {
        format!("{value:.1} s")
    }
}

fn bytes(value: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = value as f64 / MIB;
    if mib < 10.0 {
        format!("{mib:.1} MiB")
    } else if mib < 1024.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{:.2} GiB", mib / 1024.0)
    }
}

fn median(sorted: &[f64]) -> f64 {
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        f64::midpoint(sorted[middle - 1], sorted[middle])
    }
}

/// The last lines of a child's standard error, for an error message.
fn tail(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// The system's load averages over 1, 5 and 15 minutes, when Linux reports them: other
/// work on the machine shows in the timings.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|text| !text.is_empty())
        .map_or_else(
            || "unknown".to_owned(),
            |text| format!("{text} (1, 5, 15 min)"),
        )
}

/// A job's tendik runs.
struct TendikResult {
    /// Wall seconds of each repetition (the job's processes summed), sorted.
    walls: Vec<f64>,
    /// The largest peak RSS of any of the job's processes.
    peak_rss: u64,
    /// Why a run failed, if one did.
    failure: Option<String>,
}

impl TendikResult {
    fn min(&self) -> Option<f64> {
        self.walls.first().copied()
    }

    fn median(&self) -> Option<f64> {
        (!self.walls.is_empty() && self.failure.is_none()).then(|| median(&self.walls))
    }
}

fn run_job(exe: &Path, dir: &Path, job: &Job, repeat: u32) -> Result<TendikResult, CliError> {
    say(&format!(
        "\n{}: {} from {}",
        job.name,
        job.summary,
        job.data.display()
    ))?;
    for run in &job.runs {
        let mut shown = run.arguments.clone();
        // 40 definitions are too long for a progress line; commands.sh has them all.
        let defines = shown.iter().filter(|a| *a == "--define").count();
        if defines > 1 {
            let first = shown.iter().position(|a| a == "--define").unwrap_or(0);
            shown.drain(first + 2..first + 2 * defines);
            shown.insert(first + 2, format!("… ({defines} --define in all)").into());
        }
        // So are 40 means: the first and the last.
        if let Some(at) = shown.iter().position(|a| a == "--mean") {
            let means = shown[at + 1].to_string_lossy().into_owned();
            let names: Vec<&str> = means.split(',').collect();
            if let [first, .., last] = names[..]
                && names.len() > 6
            {
                shown[at + 1] = format!("{first},…,{last}").into();
            }
        }
        say(&format!("  tendik {}", jobs::shell_words(&shown)))?;
        if run.output.exists() {
            fs_err::remove_file(&run.output)?;
        }
    }
    let report = dir.join(".measure-tendik");
    let mut result = TendikResult {
        walls: Vec::new(),
        peak_rss: 0,
        failure: None,
    };
    for repetition in 1..=repeat {
        let mut total = 0.0;
        let mut parts = Vec::new();
        for run in &job.runs {
            let measurement = measure::measure(exe, &report, exe.as_os_str(), &run.arguments)?;
            if !measurement.success {
                say(&format!(
                    "  run {repetition} ({}): failed ({})",
                    run.label, measurement.status
                ))?;
                result.failure = Some(format!(
                    "{}: {}",
                    measurement.status,
                    tail(&measurement.stderr)
                ));
                return Ok(result);
            }
            let wall = measurement.wall.as_secs_f64();
            total += wall;
            parts.push(format!("{} {}", run.label, seconds(wall)));
            result.peak_rss = result.peak_rss.max(measurement.peak_rss);
        }
        let detail = if parts.len() > 1 {
            format!(" ({})", parts.join(", "))
        } else {
            String::new()
        };
        say(&format!(
            "  run {repetition}: {}{detail}, peak RSS {}",
            seconds(total),
            bytes(result.peak_rss)
        ))?;
        result.walls.push(total);
    }
    result.walls.sort_by(f64::total_cmp);
    Ok(result)
}

/// R's run.
struct RResult {
    timings: r_script::RTimings,
    wall: Duration,
    peak_rss: u64,
}

/// What became of R.
enum ROutcome {
    Skipped(&'static str),
    Failed(String),
    Ran(RResult),
}

fn run_r(
    exe: &Path,
    rscript: &Path,
    dir: &Path,
    parts: &[&str],
    r_outputs: &[PathBuf],
) -> Result<ROutcome, CliError> {
    let script = dir.join("bench.R");
    let timings_path = dir.join("r_timings.txt");
    fs_err::write(&script, r_script::SCRIPT)?;
    for stale in r_outputs.iter().chain([&timings_path]) {
        if stale.exists() {
            fs_err::remove_file(stale)?;
        }
    }
    let arguments: Vec<OsString> = vec![
        script.into_os_string(),
        dir.join("survey.csv").into_os_string(),
        dir.as_os_str().to_owned(),
        parts.join(",").into(),
        dir.join("indicators.csv").into_os_string(),
        timings_path.as_os_str().to_owned(),
    ];
    say(&format!(
        "\nR: {} (one run of the parts {}; this takes minutes)",
        jobs::shell_line(rscript, &arguments),
        parts.join(", ")
    ))?;
    let measurement = measure::measure(
        exe,
        &dir.join(".measure-r"),
        rscript.as_os_str(),
        &arguments,
    )?;
    let mut log = measurement.stdout.clone();
    log.extend_from_slice(&measurement.stderr);
    fs_err::write(dir.join("r_log.txt"), &log)?;
    if !measurement.success {
        say(&format!(
            "  failed ({}); its output is in r_log.txt",
            measurement.status
        ))?;
        return Ok(ROutcome::Failed(format!(
            "{}: {}",
            measurement.status,
            tail(&measurement.stderr)
        )));
    }
    let timings = r_script::RTimings::parse(&fs_err::read_to_string(&timings_path)?)?;
    let parts: Vec<String> = timings
        .parts
        .iter()
        .map(|(name, &value)| format!("{name} {}", seconds(value)))
        .collect();
    say(&format!(
        "  {}; read with {}\n  {}\n  whole process {}, peak RSS {}",
        timings.versions,
        timings.reader,
        parts.join(", "),
        seconds(measurement.wall.as_secs_f64()),
        bytes(measurement.peak_rss)
    ))?;
    Ok(ROutcome::Ran(RResult {
        timings,
        wall: measurement.wall,
        peak_rss: measurement.peak_rss,
    }))
}

/// Compare every run of a job with R's figures.
fn compare_job(job: &Job) -> Result<compare::Comparison, CliError> {
    let mut comparison = compare::Comparison::default();
    for run in &job.runs {
        let output = fs_err::read_to_string(&run.output)?;
        for check in &run.checks {
            let by: Vec<&str> = check.by.iter().map(String::as_str).collect();
            let absent: Vec<&str> = check.absent.iter().map(String::as_str).collect();
            comparison.merge(compare::compare(
                &output,
                &fs_err::read_to_string(&check.r_estimates)?,
                &by,
                &absent,
                check.figures,
            )?);
        }
    }
    Ok(comparison)
}

/// Lay out rows of cells in columns, the first left-aligned, the others right-aligned.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, &width))| {
                if c == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// One job's outcome, for the table.
struct JobOutcome<'a> {
    job: &'a Job,
    tendik: TendikResult,
    comparison: Option<compare::Comparison>,
}

/// R's design + svyby seconds for a job, and the same with R's read of the CSV: `None`
/// when R did not run or has no counterpart to the job.
fn r_seconds(job: &Job, r: &ROutcome) -> Option<(f64, f64)> {
    let ROutcome::Ran(result) = r else {
        return None;
    };
    if job.r_parts.is_empty() {
        return None;
    }
    let work = result.timings.sum(job.r_parts).ok()?;
    let read = result.timings.part("read").ok()?;
    Some((work, work + read))
}

/// Whether a job met its target: `None` when it has none or it cannot be judged.
fn verdict(outcome: &JobOutcome, outcomes: &[JobOutcome], r: &ROutcome) -> Option<bool> {
    let median = outcome.tendik.median()?;
    match outcome.job.target {
        Target::Speedup(target) => {
            let (work, _) = r_seconds(outcome.job, r)?;
            Some(work / median >= target)
        }
        Target::NoSlowerThan(name) => {
            let reference = outcomes.iter().find(|o| o.job.name == name)?;
            Some(median <= reference.tendik.median()?)
        }
        Target::Under(limit) => Some(median < limit),
        Target::UnderWithin(limit, memory) => {
            Some(median < limit && outcome.tendik.peak_rss < memory)
        }
        Target::Reference => None,
    }
}

fn summary_table(outcomes: &[JobOutcome], r: &ROutcome, repeat: u32) -> String {
    let dash = || "-".to_owned();
    let r_missing = match r {
        ROutcome::Ran(_) => dash(),
        ROutcome::Failed(_) => "failed".to_owned(),
        ROutcome::Skipped(_) => "skipped".to_owned(),
    };
    let mut rows = vec![vec![
        "job".to_owned(),
        format!("tendik min of {repeat}"),
        "median".to_owned(),
        "peak RSS".to_owned(),
        "R design+svyby".to_owned(),
        "R with read".to_owned(),
        "ratio".to_owned(),
        "target".to_owned(),
        "met".to_owned(),
        "max diff est".to_owned(),
        "max diff SE".to_owned(),
    ]];
    for outcome in outcomes {
        let tendik = &outcome.tendik;
        let failed = tendik.failure.is_some();
        let time = |value: Option<f64>| {
            if failed {
                "failed".to_owned()
            } else {
                value.map_or_else(dash, seconds)
            }
        };
        let r_times = r_seconds(outcome.job, r);
        // A job without an R counterpart shows `-` in R's columns whatever became of R.
        let r_missing = if outcome.job.r_parts.is_empty() {
            dash()
        } else {
            r_missing.clone()
        };
        let ratio = match (r_times, tendik.median()) {
            (Some((work, _)), Some(median)) => format!("{:.1}×", work / median),
            _ => dash(),
        };
        let target = match outcome.job.target {
            Target::Speedup(target) => format!("≥ {target}×"),
            Target::NoSlowerThan(name) => format!("≤ {name}"),
            Target::Under(limit) => format!("< {limit} s"),
            Target::UnderWithin(limit, memory) => format!("< {limit} s, < {}", bytes(memory)),
            Target::Reference => dash(),
        };
        let met = match verdict(outcome, outcomes, r) {
            Some(true) => "yes".to_owned(),
            Some(false) => "NO".to_owned(),
            None => dash(),
        };
        let (estimate, se) = outcome.comparison.as_ref().map_or_else(
            || (r_missing.clone(), r_missing.clone()),
            |c| {
                (
                    format!("{:.1e}", c.max_estimate_difference),
                    format!("{:.1e}", c.max_se_difference),
                )
            },
        );
        rows.push(vec![
            outcome.job.name.to_owned(),
            time(tendik.min()),
            time(tendik.median()),
            bytes(tendik.peak_rss),
            r_times.map_or_else(|| r_missing.clone(), |(work, _)| seconds(work)),
            r_times.map_or_else(|| r_missing.clone(), |(_, with_read)| seconds(with_read)),
            ratio,
            target,
            met,
            estimate,
            se,
        ]);
    }
    let mut text = table(&rows);
    text.push_str(
        "ratio = R design + svyby / tendik median (tendik: whole processes, reading the file \
         included)\n",
    );
    for outcome in outcomes {
        if let Some(note) = outcome.job.note {
            let _ = writeln!(text, "{}: {note}", outcome.job.name);
        }
    }
    if let ROutcome::Ran(result) = r {
        let _ = writeln!(
            text,
            "R whole process (one run of every part: start-up, read {}, designs, svyby, \
             writing): {}, peak RSS {}",
            seconds(result.timings.part("read").unwrap_or(f64::NAN)),
            seconds(result.wall.as_secs_f64()),
            bytes(result.peak_rss)
        );
    }
    // The census job has a memory target of its own.
    let peak = outcomes
        .iter()
        .filter(|o| !matches!(o.job.target, Target::UnderWithin(..)))
        .map(|o| o.tendik.peak_rss)
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        text,
        "tendik peak RSS, largest of all jobs: {} (target < 500 MB: {})",
        bytes(peak),
        if peak < TARGET_PEAK_RSS {
            "met"
        } else {
            "NOT met"
        }
    );
    text
}

/// A floor: something every job of a kind has to do at least.
struct Floor {
    what: String,
    /// The fastest of the repetitions.
    seconds: f64,
}

/// The fastest of `repeat` runs of `work`.
fn fastest(
    repeat: u32,
    mut work: impl FnMut() -> Result<Duration, CliError>,
) -> Result<f64, CliError> {
    let mut best = f64::INFINITY;
    for _ in 0..repeat {
        best = best.min(work()?.as_secs_f64());
    }
    Ok(best)
}

/// The fastest of `repeat` runs of `tendik ARGUMENTS` as a measured child process.
fn fastest_process(
    exe: &Path,
    dir: &Path,
    arguments: &[OsString],
    repeat: u32,
) -> Result<f64, CliError> {
    let report = dir.join(".measure-floor");
    fastest(repeat, || {
        let measurement = measure::measure(exe, &report, exe.as_os_str(), arguments)?;
        if measurement.success {
            Ok(measurement.wall)
        } else {
            Err(CliError::new(format!(
                "tendik {} failed ({}): {}",
                jobs::shell_words(arguments),
                measurement.status,
                tail(&measurement.stderr)
            )))
        }
    })
}

/// Decode a Parquet file's columns (all, or the named ones) on one thread.
fn decode_parquet(path: &Path, columns: Option<&[&str]>) -> Result<Duration, CliError> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let start = Instant::now();
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::new(format!("cannot open {}: {e}", path.display())))?;
    let mut builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    if let Some(columns) = columns {
        let mask = ProjectionMask::columns(builder.parquet_schema(), columns.iter().copied());
        builder = builder.with_projection(mask);
    }
    let mut rows = 0;
    for batch in builder.with_batch_size(8192).build()? {
        rows += batch?.num_rows();
    }
    std::hint::black_box(rows);
    Ok(start.elapsed())
}

fn floors(exe: &Path, dir: &Path, repeat: u32) -> Result<Vec<Floor>, CliError> {
    let csv = dir.join("survey.csv");
    let parquet = dir.join("survey.parquet");
    let size = |path: &Path| -> Result<String, CliError> {
        Ok(format!(
            "{:.1} MB",
            fs_err::metadata(path)?.len() as f64 / 1e6
        ))
    };
    let read_bytes = |path: &Path| {
        fastest(repeat, || {
            let start = Instant::now();
            let contents = fs_err::read(path)?;
            std::hint::black_box(contents.len());
            Ok(start.elapsed())
        })
    };
    let mut floors = vec![Floor {
        what: "process start and exit: tendik --version".to_owned(),
        seconds: fastest_process(exe, dir, &[OsString::from("--version")], repeat)?,
    }];
    for path in [&csv, &parquet] {
        floors.push(Floor {
            what: format!(
                "one read of the bytes of {} ({}), in the bench process",
                path.display(),
                size(path)?
            ),
            seconds: read_bytes(path)?,
        });
    }
    for path in [&csv, &parquet] {
        floors.push(Floor {
            what: format!(
                "tendik inspect {} (read and summarize every column)",
                path.display()
            ),
            seconds: fastest_process(
                exe,
                dir,
                &["inspect".into(), path.as_os_str().to_owned()],
                repeat,
            )?,
        });
    }
    // The csv, parquet and indicators jobs need every column; weights-only needs two.
    for (what, columns) in [
        ("all 12 columns", None),
        ("weight and y1 (weights-only)", Some(&["weight", "y1"][..])),
    ] {
        floors.push(Floor {
            what: format!("decode survey.parquet, {what}, one thread, in the bench process"),
            seconds: fastest(repeat, || decode_parquet(&parquet, columns))?,
        });
    }
    Ok(floors)
}

/// Write the sample as CSV and as Parquet.
fn write_files(dir: &Path, persons: u64, seed: u64) -> Result<(), CliError> {
    let start = Instant::now();
    let sample = generate::generate(persons, seed);
    let generated = start.elapsed().as_secs_f64();
    let csv = dir.join("survey.csv");
    let start = Instant::now();
    let csv_bytes = generate::write_csv(
        &sample,
        &mut std::io::BufWriter::new(fs_err::File::create(&csv)?),
    )
    .map_err(|e| CliError::new(format!("cannot write {}: {e}", csv.display())))?;
    let csv_seconds = start.elapsed().as_secs_f64();
    let parquet = dir.join("survey.parquet");
    let start = Instant::now();
    let parquet_bytes = generate::write_parquet(
        &sample,
        std::io::BufWriter::new(fs_err::File::create(&parquet)?),
    )
    .map_err(|e| CliError::new(format!("cannot write {}: {e}", parquet.display())))?;
    let parquet_seconds = start.elapsed().as_secs_f64();
    say(&format!(
        "generated {} persons in {} PSUs and {} strata in {}, no value missing:\n  \
         {} ({:.1} MB) in {}\n  {} ({:.1} MB, Snappy, row groups of {} rows) in {}",
        sample.persons(),
        sample.psus,
        generate::STRATA,
        seconds(generated),
        csv.display(),
        csv_bytes as f64 / 1e6,
        seconds(csv_seconds),
        parquet.display(),
        parquet_bytes as f64 / 1e6,
        generate::PARQUET_ROW_GROUP,
        seconds(parquet_seconds)
    ))
}

/// Make sure the demo survey is in the cache folder, so that `tendik analyze` does not
/// generate it while it is timed; its folder.
fn prepare_demo() -> Result<PathBuf, CliError> {
    let start = Instant::now();
    let folder = crate::demo::folder()?;
    say(&format!(
        "demo survey for analyze: {} (ready in {}, not timed)",
        folder.display(),
        seconds(start.elapsed().as_secs_f64())
    ))?;
    Ok(folder)
}

/// Write the census job's survey (`tendik synth --households 1500000`, Parquet) into the
/// bench folder, untimed; its folder.
fn prepare_census(exe: &Path, dir: &Path) -> Result<PathBuf, CliError> {
    let start = Instant::now();
    let folder = dir.join("census");
    let status = std::process::Command::new(exe)
        .arg("synth")
        .arg("--households")
        .arg(jobs::CENSUS_HOUSEHOLDS.to_string())
        .arg("--out")
        .arg(&folder)
        .arg("--format")
        .arg("parquet")
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| CliError::new(format!("cannot run tendik synth for the census job: {e}")))?;
    if !status.success() {
        return Err(CliError::new(format!(
            "tendik synth for the census job failed ({status})"
        )));
    }
    say(&format!(
        "census survey: {} (ready in {}, not timed)",
        folder.display(),
        seconds(start.elapsed().as_secs_f64())
    ))?;
    Ok(folder)
}

pub(crate) fn run(args: &BenchArgs) -> Result<(), CliError> {
    if let Some(report) = &args.internal_measure {
        return measure::run_helper(report, &args.command);
    }
    let settings = BenchSettings::try_from_args(args)?;
    let exe = std::env::current_exe()
        .map_err(|e| CliError::new(format!("cannot find the tendik executable: {e}")))?;
    let workspace = Workspace::create(&settings)?;
    let dir = workspace.path();

    say(&format!(
        "tendik bench: {} persons, seed {}, {} cores, load average {}, jobs {}, files in {}",
        settings.persons,
        settings.seed,
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        load_average(),
        settings
            .jobs
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .map(|value| value.get_name().to_owned())
            .collect::<Vec<_>>()
            .join(", "),
        dir.display()
    ))?;
    if cfg!(debug_assertions) {
        say(
            "note: this tendik is a debug build; its timings are not representative (cargo build --release)",
        )?;
    }

    // 1. The sample, the indicators, the commands.
    write_files(dir, settings.persons, settings.seed)?;
    let indicators = jobs::indicators();
    fs_err::write(
        dir.join("indicators.csv"),
        jobs::indicators_csv(&indicators),
    )?;
    let demo = if settings.jobs.contains(&JobKind::Analyze) {
        Some(prepare_demo()?)
    } else {
        None
    };
    let census = if settings.jobs.contains(&JobKind::Census) {
        Some(prepare_census(&exe, dir)?)
    } else {
        None
    };
    let selected = jobs::jobs(
        &settings.jobs,
        dir,
        &indicators,
        demo.as_deref(),
        census.as_deref(),
    );
    let mut commands = "#!/bin/sh\n# The commands `tendik bench` measured.\n".to_owned();
    for job in &selected {
        let _ = writeln!(commands, "\n# {}: {}", job.name, job.summary);
        for run in &job.runs {
            commands.push_str(&jobs::shell_line(&exe, &run.arguments));
            commands.push('\n');
        }
    }
    fs_err::write(dir.join("commands.sh"), commands)?;

    // 2. tendik, job by job.
    let mut outcomes = Vec::new();
    for job in &selected {
        outcomes.push(JobOutcome {
            job,
            tendik: run_job(&exe, dir, job, settings.repeat)?,
            comparison: None,
        });
    }

    // 3. R, every job in one run.
    let r_parts = jobs::r_parts(&settings.jobs);
    let r = if !settings.run_r {
        ROutcome::Skipped("--no-r")
    } else if r_parts.is_empty() {
        ROutcome::Skipped("no selected job has an R counterpart")
    } else if let Some(rscript) = r_script::find_rscript() {
        let r_outputs: Vec<PathBuf> = selected
            .iter()
            .flat_map(|job| job.runs.iter().flat_map(|run| &run.checks))
            .map(|check| check.r_estimates.clone())
            .collect();
        run_r(&exe, &rscript, dir, &r_parts, &r_outputs)?
    } else {
        ROutcome::Skipped("Rscript is not on PATH")
    };
    if let ROutcome::Skipped(reason) = &r {
        say(&format!("\nR: skipped ({reason})"))?;
    }

    // 4. Agreement, job by job.
    let mut disagreements = Vec::new();
    if matches!(r, ROutcome::Ran(_)) {
        say("")?;
        for outcome in &mut outcomes {
            let has_checks = outcome.job.runs.iter().any(|run| !run.checks.is_empty());
            if outcome.tendik.failure.is_some() || !has_checks {
                continue;
            }
            let comparison = compare_job(outcome.job)?;
            say(&format!(
                "agreement, {}: {} estimates in both, {} only in tendik, {} only in R; \
                 max relative difference: estimates {:.1e}, SEs {:.1e}",
                outcome.job.name,
                comparison.matched,
                comparison.only_tendik,
                comparison.only_r,
                comparison.max_estimate_difference,
                comparison.max_se_difference
            ))?;
            for worst in [&comparison.worst_estimate, &comparison.worst_se]
                .into_iter()
                .flatten()
            {
                say(&format!("  largest: {worst}"))?;
            }
            if !comparison.agrees(AGREEMENT) {
                disagreements.push(format!(
                    "{}: estimates {:.1e}, SEs {:.1e}, {} rows only in tendik, {} only in R",
                    outcome.job.name,
                    comparison.max_estimate_difference,
                    comparison.max_se_difference,
                    comparison.only_tendik,
                    comparison.only_r
                ));
            }
            outcome.comparison = Some(comparison);
        }
    }

    // 5. The table, then the floors.
    say(&format!(
        "\nload average {}\n{}",
        load_average(),
        summary_table(&outcomes, &r, settings.repeat)
    ))?;
    let floors = floors(&exe, dir, settings.repeat)?;
    let rows: Vec<Vec<String>> = floors
        .iter()
        .map(|floor| vec![floor.what.clone(), seconds(floor.seconds)])
        .collect();
    say(&format!(
        "floors (fastest of {}):\n{}",
        settings.repeat,
        table(&rows)
    ))?;
    if let Workspace::Kept(path) = &workspace {
        say(&format!("files kept in {}", path.display()))?;
    }
    drop(workspace);

    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.tendik
                .failure
                .as_ref()
                .map(|failure| format!("{}: {failure}", o.job.name))
        })
        .collect();
    if !failures.is_empty() {
        return Err(
            CliError::new(format!("a tendik run failed: {}", failures.join("; ")))
                .with_hint("rerun with --keep to inspect the generated files and commands.sh"),
        );
    }
    if let ROutcome::Failed(failure) = r {
        return Err(CliError::new(format!("the R script failed: {failure}"))
            .with_hint("R needs the survey package (Debian: apt-get install r-cran-survey)")
            .with_hint("or leave R out with --no-r"));
    }
    if !disagreements.is_empty() {
        return Err(CliError::new(format!(
            "tendik and R disagree beyond {AGREEMENT:e}: {}",
            disagreements.join("; ")
        ))
        .with_hint("rerun with --keep and compare the tendik_*.csv files with the r_*.csv files"));
    }
    Ok(())
}
