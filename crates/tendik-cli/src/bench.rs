//! `tendik bench`: time `tendik estimate` against R's survey package.

mod compare;
mod generate;
mod measure;
mod r_script;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::output::{CliError, print_stdout};

/// Largest relative difference between tendik's and R's estimates or SEs that still counts
/// as agreement; the two should agree to about 1e-12.
const AGREEMENT: f64 = 1e-8;
/// The project's targets: speed-up over R's `svydesign` + `svyby`, and peak memory.
const TARGET_SPEEDUP: f64 = 20.0;
const TARGET_PEAK_RSS: u64 = 1 << 30;

/// The end of `tendik bench --help`: a short form of [`BenchArgs`]'s documentation.
const LONG_HELP: &str = "\
Generates a stratified cluster sample (18 strata, PSUs of about 100 persons, six binary
indicators with about 2% missing) as survey.csv, the same for the same --persons and --seed;
times `tendik estimate` on it (means of y1..y6 by region, urban and quintile: 90 domains)
--repeat times; then, when Rscript is on PATH, runs R's survey package on the same file
(svydesign, then one svyby(svymean, na.rm = TRUE) per indicator), compares the two programs'
estimates and SEs, and prints both side by side with the project's targets: at least 20×
faster than R's design + svyby, peak memory under 1 GiB. Build with --release first.";

/// Time `tendik estimate` on a generated survey, side by side with R's survey package.
///
/// 1. Generates a stratified cluster sample as CSV, the same for the same `--persons` and
///    `--seed`: 9 regions × urban/rural = 18 strata, PSUs of about 100 persons (about
///    10,000 PSUs for a million persons) with ids unique in the file, a weight varying by
///    stratum and PSU, a welfare quintile, and six binary indicators y1..y6 that depend on
///    welfare and on cluster effects, each missing (an empty field) for about 2% of persons.
///    Columns: region, urban, stratum, psu, weight, quintile, y1..y6.
///
/// 2. Runs `tendik estimate FILE --weight weight --strata stratum --psu psu
///    --mean y1,y2,y3,y4,y5,y6 --by region,urban,quintile --format csv --output OUT`
///    (90 domains × 6 means) as a child process `--repeat` times, and reports the minimum
///    and median wall time and the peak resident memory of the whole process.
///
/// 3. When `Rscript` is on PATH (and `--no-r` is not given), runs an R script that reads the
///    same CSV (`data.table::fread` when installed, else `read.csv`), builds
///    `svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE)` and calls
///    `svyby(~yK, ~region + urban + quintile, des, svymean, na.rm = TRUE)` once per
///    indicator: one call with all six would drop a person missing any of them from every
///    estimate, while tendik drops missing values per variable. R runs once; its own
///    timings (read, design, the svyby loop) come from `system.time`, and its whole process
///    is measured as tendik's is. Then the two programs' estimates and SEs are compared.
///
/// 4. Prints a table of both programs with the ratios "R design + svyby / tendik whole
///    process" and "R whole process / tendik whole process", against the project's targets:
///    at least 20× faster than R's design + svyby, and peak memory under 1 GiB.
///
/// Peak memory is the child's `ru_maxrss`, read by a small helper process whose only child
/// is the measured program. Build tendik with `--release` before benchmarking. Files:
/// `survey.csv`, `tendik_estimates.csv`, `bench.R`, `r_estimates.csv`, `r_timings.txt`,
/// `r_log.txt`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = LONG_HELP)]
pub(crate) struct BenchArgs {
    /// Number of persons in the generated sample
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    persons: u64,
    /// Seed of the generator: the same seed and size give the same file
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory for the sample and the results, kept afterwards [default: a temporary
    /// directory, removed afterwards]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// How many times to run `tendik estimate`
    #[arg(long, default_value_t = 3, value_name = "N")]
    repeat: u32,
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
        if args.repeat == 0 {
            return Err(
                CliError::new("--repeat 0 would time nothing").with_hint("use --repeat 1 or more")
            );
        }
        if !args.command.is_empty() {
            return Err(CliError::new("bench takes no arguments after `--`"));
        }
        Ok(Self {
            persons: args.persons,
            seed: args.seed,
            dir: args.dir.clone(),
            repeat: args.repeat,
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
    if value < 10.0 {
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

/// tendik's runs.
struct TendikResult {
    /// Wall seconds of the runs, sorted.
    walls: Vec<f64>,
    peak_rss: u64,
    /// Why the last run failed, if it did.
    failure: Option<String>,
}

fn run_tendik(
    exe: &Path,
    dir: &Path,
    data: &Path,
    output: &Path,
    repeat: u32,
) -> Result<TendikResult, CliError> {
    let arguments: Vec<OsString> = [
        "estimate".into(),
        data.as_os_str().to_owned(),
        "--weight".into(),
        "weight".into(),
        "--strata".into(),
        "stratum".into(),
        "--psu".into(),
        "psu".into(),
        "--mean".into(),
        "y1,y2,y3,y4,y5,y6".into(),
        "--by".into(),
        "region,urban,quintile".into(),
        "--format".into(),
        "csv".into(),
        "--output".into(),
        output.as_os_str().to_owned(),
    ]
    .into();
    say(&format!(
        "\ntendik: estimate {} --weight weight --strata stratum --psu psu --mean y1,y2,y3,y4,y5,y6 \
         --by region,urban,quintile --format csv --output {}",
        data.display(),
        output.display()
    ))?;
    if output.exists() {
        fs_err::remove_file(output)?;
    }
    let report = dir.join(".measure-tendik");
    let mut result = TendikResult {
        walls: Vec::new(),
        peak_rss: 0,
        failure: None,
    };
    for run in 1..=repeat {
        let measurement = measure::measure(exe, &report, exe.as_os_str(), &arguments)?;
        if !measurement.success {
            say(&format!("  run {run}: failed ({})", measurement.status))?;
            result.failure = Some(format!(
                "{}: {}",
                measurement.status,
                tail(&measurement.stderr)
            ));
            return Ok(result);
        }
        say(&format!(
            "  run {run}: {}, peak RSS {}",
            seconds(measurement.wall.as_secs_f64()),
            bytes(measurement.peak_rss)
        ))?;
        result.walls.push(measurement.wall.as_secs_f64());
        result.peak_rss = result.peak_rss.max(measurement.peak_rss);
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
    data: &Path,
    estimates: &Path,
) -> Result<ROutcome, CliError> {
    let script = dir.join("bench.R");
    let timings_path = dir.join("r_timings.txt");
    fs_err::write(&script, r_script::SCRIPT)?;
    for stale in [estimates, timings_path.as_path()] {
        if stale.exists() {
            fs_err::remove_file(stale)?;
        }
    }
    say(&format!(
        "\nR: {} {} (one run; 6 svyby calls over 90 domains can take minutes)",
        rscript.display(),
        script.display()
    ))?;
    let arguments: Vec<OsString> = vec![
        script.into_os_string(),
        data.as_os_str().to_owned(),
        estimates.as_os_str().to_owned(),
        timings_path.as_os_str().to_owned(),
    ];
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
    say(&format!(
        "  {}; read with {}: read {}, svydesign {}, svyby loop {}; whole process {}, peak RSS {}",
        timings.versions,
        timings.reader,
        seconds(timings.read),
        seconds(timings.design),
        seconds(timings.svyby),
        seconds(measurement.wall.as_secs_f64()),
        bytes(measurement.peak_rss)
    ))?;
    Ok(ROutcome::Ran(RResult {
        timings,
        wall: measurement.wall,
        peak_rss: measurement.peak_rss,
    }))
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
        text.push_str(cells.join("   ").trim_end());
        text.push('\n');
    }
    text
}

fn summary_table(tendik: &TendikResult, r: &ROutcome, repeat: u32) -> String {
    let dash = || "-".to_owned();
    let tendik_ok = tendik.failure.is_none();
    let tendik_cell = |value: Option<String>| match value {
        None => dash(),
        Some(_) if !tendik_ok => "failed".to_owned(),
        Some(value) => value,
    };
    let ran = match r {
        ROutcome::Ran(result) => Some(result),
        _ => None,
    };
    let r_cell = |value: &dyn Fn(&RResult) -> String| match r {
        ROutcome::Ran(result) => value(result),
        ROutcome::Failed(_) => "failed".to_owned(),
        ROutcome::Skipped(_) => "skipped".to_owned(),
    };
    let tendik_min = tendik.walls.first().copied();
    let tendik_median = (!tendik.walls.is_empty()).then(|| median(&tendik.walls));
    let mut rows = vec![
        vec![
            String::new(),
            format!(
                "tendik ({repeat} run{})",
                if repeat == 1 { "" } else { "s" }
            ),
            "R survey (1 run)".to_owned(),
        ],
        vec![
            "read CSV".to_owned(),
            tendik_cell(None),
            r_cell(&|r| format!("{} ({})", seconds(r.timings.read), r.timings.reader)),
        ],
        vec![
            "svydesign".to_owned(),
            tendik_cell(None),
            r_cell(&|r| seconds(r.timings.design)),
        ],
        vec![
            "6 × svyby(svymean)".to_owned(),
            tendik_cell(None),
            r_cell(&|r| seconds(r.timings.svyby)),
        ],
        vec![
            "design + svyby".to_owned(),
            tendik_cell(None),
            r_cell(&|r| seconds(r.timings.design + r.timings.svyby)),
        ],
        vec![
            "whole process, min".to_owned(),
            tendik_cell(Some(tendik_min.map_or_else(dash, seconds))),
            r_cell(&|r| seconds(r.wall.as_secs_f64())),
        ],
        vec![
            "whole process, median".to_owned(),
            tendik_cell(Some(tendik_median.map_or_else(dash, seconds))),
            r_cell(&|r| seconds(r.wall.as_secs_f64())),
        ],
        vec![
            "peak RSS".to_owned(),
            tendik_cell(Some(bytes(tendik.peak_rss))),
            r_cell(&|r| bytes(r.peak_rss)),
        ],
    ];
    let mut text = table(&rows);
    rows.clear();
    if let Some(tendik_median) = tendik_median.filter(|_| tendik_ok) {
        if let Some(r) = ran {
            let speedup = (r.timings.design + r.timings.svyby) / tendik_median;
            let verdict = if speedup >= TARGET_SPEEDUP {
                "met"
            } else {
                "NOT met"
            };
            rows.push(vec![
                "R design + svyby / tendik whole process (median)".to_owned(),
                format!("{speedup:.1}×"),
                format!("target ≥ {TARGET_SPEEDUP}×: {verdict}"),
            ]);
            rows.push(vec![
                "R whole process / tendik whole process (median)".to_owned(),
                format!("{:.1}×", r.wall.as_secs_f64() / tendik_median),
                String::new(),
            ]);
        }
        let verdict = if tendik.peak_rss < TARGET_PEAK_RSS {
            "met"
        } else {
            "NOT met"
        };
        rows.push(vec![
            "tendik peak RSS".to_owned(),
            bytes(tendik.peak_rss),
            format!("target < 1 GiB: {verdict}"),
        ]);
    }
    if !rows.is_empty() {
        text.push('\n');
        text.push_str(&table(&rows));
    }
    text
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
        "tendik bench: {} persons, seed {}, files in {}",
        settings.persons,
        settings.seed,
        dir.display()
    ))?;
    if cfg!(debug_assertions) {
        say(
            "note: this tendik is a debug build; its timings are not representative (cargo build --release)",
        )?;
    }

    // 1. The sample.
    let data = dir.join("survey.csv");
    let start = Instant::now();
    let file = fs_err::File::create(&data)?;
    let summary = generate::write_sample(
        &mut std::io::BufWriter::new(file),
        settings.persons,
        settings.seed,
    )
    .map_err(|e| CliError::new(format!("cannot write {}: {e}", data.display())))?;
    say(&format!(
        "generated {} persons in {} PSUs and {} strata: {} ({:.1} MB) in {}",
        summary.persons,
        summary.psus,
        generate::STRATA,
        data.display(),
        summary.bytes as f64 / 1e6,
        seconds(start.elapsed().as_secs_f64())
    ))?;

    // 2. tendik.
    let tendik_estimates = dir.join("tendik_estimates.csv");
    let tendik = run_tendik(&exe, dir, &data, &tendik_estimates, settings.repeat)?;

    // 3. R.
    let r_estimates = dir.join("r_estimates.csv");
    let r = if !settings.run_r {
        ROutcome::Skipped("--no-r")
    } else if let Some(rscript) = r_script::find_rscript() {
        run_r(&exe, &rscript, dir, &data, &r_estimates)?
    } else {
        ROutcome::Skipped("Rscript is not on PATH")
    };
    if let ROutcome::Skipped(reason) = &r {
        say(&format!("\nR: skipped ({reason})"))?;
    }

    // 4. Agreement.
    let mut disagreement = None;
    if tendik.failure.is_none() && matches!(r, ROutcome::Ran(_)) {
        let comparison = compare::compare(
            &fs_err::read_to_string(&tendik_estimates)?,
            &fs_err::read_to_string(&r_estimates)?,
        )?;
        say(&format!(
            "\nagreement: {} domain means in both, {} only in tendik, {} only in R; \
             max relative difference: estimates {:.1e}, SEs {:.1e}",
            comparison.matched,
            comparison.only_tendik,
            comparison.only_r,
            comparison.max_estimate_difference,
            comparison.max_se_difference
        ))?;
        let agrees = comparison.matched > 0
            && comparison.only_tendik == 0
            && comparison.only_r == 0
            && comparison.max_estimate_difference <= AGREEMENT
            && comparison.max_se_difference <= AGREEMENT;
        if !agrees {
            for worst in [&comparison.worst_estimate, &comparison.worst_se]
                .into_iter()
                .flatten()
            {
                say(&format!("  largest: {worst}"))?;
            }
            disagreement = Some(comparison);
        }
    }

    // 5. The table.
    say(&format!(
        "\n{}",
        summary_table(&tendik, &r, settings.repeat)
    ))?;
    if let Workspace::Kept(path) = &workspace {
        say(&format!("files kept in {}", path.display()))?;
    }
    drop(workspace);

    if let Some(failure) = tendik.failure {
        return Err(CliError::new(format!("tendik estimate failed: {failure}"))
            .with_hint("rerun with --keep to inspect the generated survey.csv"));
    }
    if let ROutcome::Failed(failure) = r {
        return Err(CliError::new(format!("the R script failed: {failure}"))
            .with_hint("R needs the survey package (Debian: apt-get install r-cran-survey)")
            .with_hint("or leave R out with --no-r"));
    }
    if let Some(comparison) = disagreement {
        return Err(CliError::new(format!(
            "tendik and R disagree beyond {AGREEMENT:e}: estimates {:.1e}, SEs {:.1e}, \
             {} rows only in tendik, {} only in R",
            comparison.max_estimate_difference,
            comparison.max_se_difference,
            comparison.only_tendik,
            comparison.only_r
        ))
        .with_hint("rerun with --keep and compare tendik_estimates.csv with r_estimates.csv"));
    }
    Ok(())
}
