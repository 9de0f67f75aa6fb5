//! The bench's jobs: what tendik runs for each, what R does for it, and the target.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::compare::Figures;
use super::generate::INDICATORS;

/// The jobs `--jobs` can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub(crate) enum JobKind {
    /// 6 means × 90 domains (region × urban × quintile) from survey.csv.
    Csv,
    /// The same from survey.parquet.
    Parquet,
    /// 40 derived 0/1 indicators × 5 breakdowns from survey.parquet, one tendik process.
    Indicators,
    /// A national mean of y1 with weights only, and the same with strata and PSUs.
    WeightsOnly,
    /// Alkire–Foster over y1..y6 at k = 1..6, national and by region, and the indicator
    /// rates by region, from survey.parquet.
    Deprivation,
    /// `tendik analyze`: the bundled MICS6 child-deprivation plan on the demo survey.
    Analyze,
    /// `tendik analyze` on a census-size synthetic survey (`tendik synth --households
    /// 1500000`, about 6 million persons). Not in the default set: it takes minutes.
    Census,
}

/// Every job, in the order they run.
pub(crate) const ALL_JOBS: [JobKind; 6] = [
    JobKind::Csv,
    JobKind::Parquet,
    JobKind::Indicators,
    JobKind::WeightsOnly,
    JobKind::Deprivation,
    JobKind::Analyze,
];

/// Speed-up targets over R's design + svyby, for a 2-core machine.
pub(crate) const TARGET_CSV: f64 = 100.0;
pub(crate) const TARGET_PARQUET: f64 = 300.0;
pub(crate) const TARGET_INDICATORS: f64 = 100.0;
pub(crate) const TARGET_DEPRIVATION: f64 = 100.0;
/// The target for `tendik analyze` on the demo survey, whole process, in seconds.
pub(crate) const TARGET_ANALYZE_SECONDS: f64 = 2.0;
/// Households of the census job's survey.
pub(crate) const CENSUS_HOUSEHOLDS: u64 = 1_500_000;
/// The census job's targets: whole process in seconds, peak memory in bytes.
pub(crate) const TARGET_CENSUS_SECONDS: f64 = 60.0;
pub(crate) const TARGET_CENSUS_BYTES: u64 = 4_000_000_000;
/// The cut-offs of the deprivation job: every number of deprivations of y1..y6.
const CUTOFFS: [usize; INDICATORS] = [1, 2, 3, 4, 5, 6];

/// What a job is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Target {
    /// At least this many times faster than R's design + svyby.
    Speedup(f64),
    /// No slower (median whole process) than the job of this name.
    NoSlowerThan(&'static str),
    /// A median whole process under this many seconds.
    Under(f64),
    /// A median whole process under this many seconds, and a peak memory under this many
    /// bytes.
    UnderWithin(f64, u64),
    /// None: the job is another job's reference.
    Reference,
}

/// One tendik process of a job, and the R outputs to compare it with.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// The breakdowns or the command, for messages: `region`, `region,urban`, `national`,
    /// `rates`.
    pub(crate) label: String,
    pub(crate) arguments: Vec<OsString>,
    /// tendik's output CSV.
    pub(crate) output: PathBuf,
    /// One per breakdown of the run: the rows of tendik's output to compare, and R's
    /// (none when R has no counterpart).
    pub(crate) checks: Vec<Check>,
}

/// One breakdown of a run, compared with R.
#[derive(Debug, Clone)]
pub(crate) struct Check {
    /// The breakdown's columns (empty for national estimates).
    pub(crate) by: Vec<String>,
    /// Domain columns of the output that this breakdown's rows leave empty.
    pub(crate) absent: Vec<String>,
    /// What the output holds: means, or Alkire–Foster figures.
    pub(crate) figures: Figures,
    /// The R script's output CSV for the same figures.
    pub(crate) r_estimates: PathBuf,
}

/// A job: one or more tendik processes timed as a whole, R's part, and the target.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) name: &'static str,
    /// What it computes, in words.
    pub(crate) summary: String,
    /// The file (or folder) tendik reads.
    pub(crate) data: PathBuf,
    pub(crate) runs: Vec<Run>,
    /// The R script's timings (see `r_script::SCRIPT`) whose sum is R's design + svyby
    /// time for the same figures; R's read of the CSV comes on top. Empty: R has no
    /// counterpart.
    pub(crate) r_parts: &'static [&'static str],
    /// How the row's times are made up, when it needs saying.
    pub(crate) note: Option<&'static str>,
    pub(crate) target: Target,
}

/// The parts of the R script a set of jobs needs: `csv`, `indicators`, `weights`,
/// `deprivation` (none for `analyze`).
pub(crate) fn r_parts(kinds: &[JobKind]) -> Vec<&'static str> {
    let mut parts = Vec::new();
    if kinds.contains(&JobKind::Csv) || kinds.contains(&JobKind::Parquet) {
        parts.push("csv");
    }
    if kinds.contains(&JobKind::Indicators) {
        parts.push("indicators");
    }
    if kinds.contains(&JobKind::WeightsOnly) {
        parts.push("weights");
    }
    if kinds.contains(&JobKind::Deprivation) {
        parts.push("deprivation");
    }
    parts
}

/// A 0/1 condition over the bench's columns, written both in SQL (for `--define`) and in
/// R (for `update(des, …)`), so that both programs compute the same indicator.
#[derive(Debug, Clone)]
enum Condition {
    /// `column OP value`, OP one of `=`, `<=`, `>=`.
    Is(String, &'static str, u32),
    /// Both hold.
    And(Box<Condition>, Box<Condition>),
    /// Exactly one holds (never constant within a domain of the other's column).
    Differs(Box<Condition>, Box<Condition>),
    /// The sum of the columns is at least the value.
    AtLeast(Vec<String>, u32),
}

impl Condition {
    fn is(column: &str, op: &'static str, value: u32) -> Self {
        Self::Is(column.to_owned(), op, value)
    }

    fn and(a: Self, b: Self) -> Self {
        Self::And(Box::new(a), Box::new(b))
    }

    fn differs(a: Self, b: Self) -> Self {
        Self::Differs(Box::new(a), Box::new(b))
    }

    fn sql(&self) -> String {
        match self {
            Self::Is(column, op, value) => format!("{column} {op} {value}"),
            Self::And(a, b) => format!("({} AND {})", a.sql(), b.sql()),
            Self::Differs(a, b) => format!("(({}) <> ({}))", a.sql(), b.sql()),
            Self::AtLeast(columns, value) => format!("({} >= {value})", columns.join(" + ")),
        }
    }

    fn r(&self) -> String {
        match self {
            Self::Is(column, op, value) => {
                let op = if *op == "=" { "==" } else { op };
                format!("{column} {op} {value}")
            }
            Self::And(a, b) => format!("({} & {})", a.r(), b.r()),
            Self::Differs(a, b) => format!("(({}) != ({}))", a.r(), b.r()),
            Self::AtLeast(columns, value) => format!("({} >= {value})", columns.join(" + ")),
        }
    }
}

/// One derived indicator: its name and its definition in SQL and in R.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indicator {
    pub(crate) name: String,
    pub(crate) sql: String,
    pub(crate) r: String,
}

/// The 40 derived 0/1 indicators, none ever missing: 15 "both yA and yB", 15 "yA but not
/// yB", 5 "at least t of y1..y6", and 5 that mix an indicator with quintile or urban by
/// "exactly one of", so that no indicator is constant within a domain of any breakdown.
pub(crate) fn indicators() -> Vec<Indicator> {
    let y = |k: usize| format!("y{k}");
    let mut conditions = Vec::new();
    for a in 1..=INDICATORS {
        for b in a + 1..=INDICATORS {
            conditions.push(Condition::and(
                Condition::is(&y(a), "=", 1),
                Condition::is(&y(b), "=", 1),
            ));
        }
    }
    for a in 1..=INDICATORS {
        for b in a + 1..=INDICATORS {
            conditions.push(Condition::and(
                Condition::is(&y(a), "=", 1),
                Condition::is(&y(b), "=", 0),
            ));
        }
    }
    let all: Vec<String> = (1..=INDICATORS).map(y).collect();
    for threshold in 1..=5 {
        conditions.push(Condition::AtLeast(all.clone(), threshold));
    }
    conditions.extend([
        Condition::differs(
            Condition::is("y1", "=", 1),
            Condition::is("quintile", "<=", 2),
        ),
        Condition::differs(Condition::is("y2", "=", 1), Condition::is("urban", "=", 1)),
        Condition::differs(
            Condition::is("y3", "=", 1),
            Condition::is("quintile", ">=", 4),
        ),
        Condition::differs(
            Condition::and(Condition::is("y4", "=", 1), Condition::is("y5", "=", 1)),
            Condition::is("urban", "=", 2),
        ),
        Condition::differs(
            Condition::is("y6", "=", 0),
            Condition::is("quintile", "=", 3),
        ),
    ]);
    conditions
        .iter()
        .enumerate()
        .map(|(i, condition)| Indicator {
            name: format!("i{}", i + 1),
            sql: condition.sql(),
            r: format!("as.numeric({})", condition.r()),
        })
        .collect()
}

/// The indicators as the CSV the R script reads: `name,sql,r`.
pub(crate) fn indicators_csv(indicators: &[Indicator]) -> String {
    let mut text = "name,sql,r\n".to_owned();
    for indicator in indicators {
        let _ = writeln!(
            text,
            "{},\"{}\",\"{}\"",
            indicator.name, indicator.sql, indicator.r
        );
    }
    text
}

/// The breakdowns of the indicators job: R's file suffix and the `--by` columns.
const BREAKDOWNS: [(&str, &[&str]); 5] = [
    ("region", &["region"]),
    ("urban", &["urban"]),
    ("quintile", &["quintile"]),
    ("region_urban", &["region", "urban"]),
    ("national", &[]),
];

fn os(text: &str) -> OsString {
    text.into()
}

/// `estimate DATA --weight weight [--strata stratum --psu psu] DEFINES --mean MEANS
/// [--by BY] [--breakdown MORE…] --format csv --output OUTPUT`.
fn estimate_arguments(
    data: &Path,
    clustered: bool,
    defines: &[Indicator],
    means: &str,
    by: &[&str],
    more: &[&[&str]],
    output: &Path,
) -> Vec<OsString> {
    let mut arguments = vec![
        os("estimate"),
        data.as_os_str().to_owned(),
        os("--weight"),
        os("weight"),
    ];
    if clustered {
        arguments.extend([os("--strata"), os("stratum"), os("--psu"), os("psu")]);
    }
    for indicator in defines {
        arguments.push(os("--define"));
        arguments.push(format!("{}={}", indicator.name, indicator.sql).into());
    }
    arguments.extend([os("--mean"), os(means)]);
    if !by.is_empty() {
        arguments.extend([os("--by"), os(&by.join(","))]);
    }
    for breakdown in more {
        arguments.extend([os("--breakdown"), os(&breakdown.join(","))]);
    }
    arguments.extend([
        os("--format"),
        os("csv"),
        os("--output"),
        output.as_os_str().to_owned(),
    ]);
    arguments
}

/// A run of one breakdown.
fn run(
    label: &str,
    arguments: Vec<OsString>,
    by: &[&str],
    output: PathBuf,
    r_estimates: PathBuf,
) -> Run {
    Run {
        label: label.to_owned(),
        arguments,
        output,
        checks: vec![Check {
            by: by.iter().map(|&b| b.to_owned()).collect(),
            absent: Vec::new(),
            figures: Figures::Means,
            r_estimates,
        }],
    }
}

/// `deprivation DATA --weight weight --strata stratum --psu psu --deprived y1,…,y6 --k
/// 1,…,6 --breakdown region --format csv --output OUTPUT`: without `--by`, the national
/// figures come first, then those of each region (and, national and one-variable
/// breakdown together, the subgroup decomposition of M0).
fn deprivation_arguments(data: &Path, output: &Path) -> Vec<OsString> {
    let deprived: Vec<String> = (1..=INDICATORS).map(|k| format!("y{k}")).collect();
    let cutoffs: Vec<String> = CUTOFFS.iter().map(ToString::to_string).collect();
    let mut arguments = vec![os("deprivation"), data.as_os_str().to_owned()];
    for (flag, value) in [
        ("--weight", "weight"),
        ("--strata", "stratum"),
        ("--psu", "psu"),
        ("--deprived", &deprived.join(",")),
        ("--k", &cutoffs.join(",")),
        ("--breakdown", "region"),
        ("--format", "csv"),
    ] {
        arguments.extend([os(flag), os(value)]);
    }
    arguments.extend([os("--output"), output.as_os_str().to_owned()]);
    arguments
}

/// The jobs for `kinds`, on the files in `dir`; `demo` is the demo survey's folder (where
/// `tendik analyze` reads; only for messages).
pub(crate) fn jobs(
    kinds: &[JobKind],
    dir: &Path,
    indicators: &[Indicator],
    demo: Option<&Path>,
    census: Option<&Path>,
) -> Vec<Job> {
    let csv = dir.join("survey.csv");
    let parquet = dir.join("survey.parquet");
    let six: Vec<String> = (1..=INDICATORS).map(|k| format!("y{k}")).collect();
    let six = six.join(",");
    let cross: &[&str] = &["region", "urban", "quintile"];
    let mut jobs = Vec::new();
    for &kind in kinds {
        match kind {
            JobKind::Csv | JobKind::Parquet => {
                let (name, data, target, note) = if kind == JobKind::Csv {
                    ("csv", &csv, TARGET_CSV, None)
                } else {
                    (
                        "parquet",
                        &parquet,
                        TARGET_PARQUET,
                        Some("R reads the CSV: its time is the csv row's design + svyby"),
                    )
                };
                let output = dir.join(format!("tendik_{name}.csv"));
                jobs.push(Job {
                    name,
                    summary: "6 means × 90 domains (region × urban × quintile)".to_owned(),
                    data: data.clone(),
                    runs: vec![run(
                        "region,urban,quintile",
                        estimate_arguments(data, true, &[], &six, cross, &[], &output),
                        cross,
                        output,
                        dir.join("r_csv.csv"),
                    )],
                    r_parts: &["design", "svyby_csv"],
                    note,
                    target: Target::Speedup(target),
                });
            }
            JobKind::Indicators => {
                let means: Vec<&str> = indicators.iter().map(|i| i.name.as_str()).collect();
                let means = means.join(",");
                // One process: the national figures (no --by), then each breakdown.
                let output = dir.join("tendik_indicators.csv");
                let more: Vec<&[&str]> = BREAKDOWNS
                    .iter()
                    .map(|&(_, by)| by)
                    .filter(|by| !by.is_empty())
                    .collect();
                let domain_columns = ["region", "urban", "quintile"];
                let checks = BREAKDOWNS
                    .iter()
                    .map(|&(suffix, by)| Check {
                        by: by.iter().map(|&b| b.to_owned()).collect(),
                        absent: domain_columns
                            .iter()
                            .filter(|c| !by.contains(c))
                            .map(|&c| c.to_owned())
                            .collect(),
                        figures: Figures::Means,
                        r_estimates: dir.join(format!("r_indicators_{suffix}.csv")),
                    })
                    .collect();
                let runs = vec![Run {
                    label: "national; region; urban; quintile; region,urban".to_owned(),
                    arguments: estimate_arguments(
                        &parquet,
                        true,
                        indicators,
                        &means,
                        &[],
                        &more,
                        &output,
                    ),
                    output,
                    checks,
                }];
                jobs.push(Job {
                    name: "indicators",
                    summary: format!(
                        "{} derived 0/1 indicators × 5 breakdowns (region; urban; quintile; \
                         region × urban; national) = {} domains, one tendik process",
                        indicators.len(),
                        9 + 2 + 5 + 18 + 1
                    ),
                    data: parquet.clone(),
                    runs,
                    r_parts: &[
                        "design",
                        "derive",
                        "svyby_region",
                        "svyby_urban",
                        "svyby_quintile",
                        "svyby_region_urban",
                        "svymean_national",
                    ],
                    note: Some(
                        "tendik: one process, every breakdown from one scan (--breakdown); \
                         R: one design, update() for the 40 columns, one svyby per breakdown",
                    ),
                    target: Target::Speedup(TARGET_INDICATORS),
                });
            }
            JobKind::WeightsOnly => {
                let variants: [(&'static str, bool, &'static [&'static str]); 2] = [
                    (
                        "weights-only",
                        false,
                        &["design_weights", "svymean_weights"],
                    ),
                    ("clustered", true, &["design", "svymean_clustered"]),
                ];
                for (name, clustered, r_parts) in variants {
                    let output = dir.join(format!("tendik_{}.csv", name.replace('-', "_")));
                    let r_file = if clustered {
                        "r_clustered.csv"
                    } else {
                        "r_weights.csv"
                    };
                    jobs.push(Job {
                        name,
                        summary: if clustered {
                            "national mean of y1, strata and PSUs".to_owned()
                        } else {
                            "national mean of y1, weights only (no strata, no PSU)".to_owned()
                        },
                        data: parquet.clone(),
                        runs: vec![run(
                            "national",
                            estimate_arguments(&parquet, clustered, &[], "y1", &[], &[], &output),
                            &[],
                            output,
                            dir.join(r_file),
                        )],
                        r_parts,
                        note: None,
                        target: if clustered {
                            Target::Reference
                        } else {
                            Target::NoSlowerThan("clustered")
                        },
                    });
                }
            }
            JobKind::Deprivation => {
                let output = dir.join("tendik_deprivation.csv");
                let af_check = |by: &[&str], absent: &[&str], r_file: &str| Check {
                    by: by.iter().map(|&b| b.to_owned()).collect(),
                    absent: absent.iter().map(|&a| a.to_owned()).collect(),
                    figures: Figures::AlkireFoster,
                    r_estimates: dir.join(r_file),
                };
                let deprivation = Run {
                    label: "deprivation".to_owned(),
                    arguments: deprivation_arguments(&parquet, &output),
                    output,
                    checks: vec![
                        af_check(&[], &["region"], "r_deprivation_national.csv"),
                        af_check(&["region"], &[], "r_deprivation_region.csv"),
                    ],
                };
                let output = dir.join("tendik_deprivation_rates.csv");
                let rates = run(
                    "rates",
                    estimate_arguments(&parquet, true, &[], &six, &["region"], &[], &output),
                    &["region"],
                    output,
                    dir.join("r_deprivation_rates.csv"),
                );
                jobs.push(Job {
                    name: "deprivation",
                    summary: format!(
                        "Alkire–Foster over y1..y6 (equal weights) at k = 1..{}, national and \
                         by region (H, A, M0, censored headcounts, contributions, subgroup \
                         decomposition), then the 6 indicator rates by region",
                        CUTOFFS.len()
                    ),
                    data: parquet.clone(),
                    runs: vec![deprivation, rates],
                    r_parts: &[
                        "design",
                        "derive_af",
                        "svymean_af",
                        "svyratio_af",
                        "svyby_af",
                        "svyby_ratio_af",
                        "svyby_rates",
                    ],
                    note: Some(
                        "tendik: two processes, deprivation (every AF figure, national and by \
                         region, one pass) then estimate (the rates); R: update() for 1[c >= k] \
                         and c·1[c >= k]/6, one svymean and one svyby for H and M0, one \
                         svyratio and one svyby(svyratio) per k for A, one svyby for the rates; \
                         H, A, M0 and the rates compared",
                    ),
                    target: Target::Speedup(TARGET_DEPRIVATION),
                });
            }
            JobKind::Analyze => {
                let out = dir.join("analyze");
                jobs.push(Job {
                    name: "analyze",
                    summary: "the bundled MICS6 child-deprivation plan on the demo survey \
                              (tendik analyze)"
                        .to_owned(),
                    data: demo.map_or_else(|| PathBuf::from("the demo survey"), Path::to_owned),
                    runs: vec![Run {
                        label: "analyze".to_owned(),
                        arguments: vec![os("analyze"), os("--out"), out.as_os_str().to_owned()],
                        output: out.join("results.csv"),
                        checks: Vec::new(),
                    }],
                    r_parts: &[],
                    note: Some(
                        "no R counterpart; the demo survey is generated before the runs, untimed",
                    ),
                    target: Target::Under(TARGET_ANALYZE_SECONDS),
                });
            }
            JobKind::Census => {
                let out = dir.join("census-results");
                let data = census.map_or_else(|| dir.join("census"), Path::to_owned);
                jobs.push(Job {
                    name: "census",
                    summary: format!(
                        "the bundled MICS6 child-deprivation plan on a census-size synthetic \
                         survey ({CENSUS_HOUSEHOLDS} households, tendik analyze --data)"
                    ),
                    runs: vec![Run {
                        label: "census".to_owned(),
                        arguments: vec![
                            os("analyze"),
                            os("--data"),
                            data.as_os_str().to_owned(),
                            os("--out"),
                            out.as_os_str().to_owned(),
                        ],
                        output: out.join("results.csv"),
                        checks: Vec::new(),
                    }],
                    data,
                    r_parts: &[],
                    note: Some(
                        "no R counterpart yet (R's AF and rates are compared at 1 M persons in \
                         the deprivation job); the survey is generated before the runs, untimed; \
                         its peak memory has its own target",
                    ),
                    target: Target::UnderWithin(TARGET_CENSUS_SECONDS, TARGET_CENSUS_BYTES),
                });
            }
        }
    }
    jobs
}

/// One word for a shell, quoted where needed.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,=+:".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Arguments for a shell, quoted where needed.
pub(crate) fn shell_words(arguments: &[OsString]) -> String {
    let words: Vec<String> = arguments
        .iter()
        .map(|argument| shell_word(&argument.to_string_lossy()))
        .collect();
    words.join(" ")
}

/// A command line for a shell, arguments quoted where needed.
pub(crate) fn shell_line(program: &Path, arguments: &[OsString]) -> String {
    format!(
        "{} {}",
        shell_word(&program.to_string_lossy()),
        shell_words(arguments)
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn forty_distinct_indicators() {
        let indicators = indicators();
        assert_eq!(indicators.len(), 40);
        let names: BTreeSet<&str> = indicators.iter().map(|i| i.name.as_str()).collect();
        let sql: BTreeSet<&str> = indicators.iter().map(|i| i.sql.as_str()).collect();
        assert_eq!(names.len(), 40);
        assert_eq!(sql.len(), 40);
        assert_eq!(indicators[0].sql, "(y1 = 1 AND y2 = 1)");
        assert_eq!(indicators[0].r, "as.numeric((y1 == 1 & y2 == 1))");
        assert_eq!(
            indicators[35].sql, "((y1 = 1) <> (quintile <= 2))",
            "{:?}",
            indicators[35]
        );
        assert!(indicators_csv(&indicators).starts_with("name,sql,r\ni1,\"(y1 = 1 AND y2 = 1)\""));
    }

    #[test]
    fn jobs_and_their_r_parts() {
        let dir = Path::new("/tmp/b");
        let jobs = jobs(
            &ALL_JOBS,
            dir,
            &indicators(),
            Some(Path::new("/cache/demo")),
            None,
        );
        let names: Vec<&str> = jobs.iter().map(|j| j.name).collect();
        assert_eq!(
            names,
            [
                "csv",
                "parquet",
                "indicators",
                "weights-only",
                "clustered",
                "deprivation",
                "analyze"
            ]
        );
        // One process for the five breakdowns, each checked against R's file for it.
        assert_eq!(jobs[2].runs.len(), 1);
        assert_eq!(jobs[2].runs[0].checks.len(), 5);
        let breakdowns = jobs[2].runs[0]
            .arguments
            .iter()
            .filter(|a| *a == "--breakdown")
            .count();
        assert_eq!(breakdowns, 4);
        assert_eq!(jobs[2].runs[0].checks[0].absent, ["urban", "quintile"]);
        // 40 --define pairs in the indicators run.
        let defines = jobs[2].runs[0]
            .arguments
            .iter()
            .filter(|a| *a == "--define")
            .count();
        assert_eq!(defines, 40);
        assert!(!jobs[3].runs[0].arguments.iter().any(|a| a == "--psu"));
        assert_eq!(
            r_parts(&ALL_JOBS),
            ["csv", "indicators", "weights", "deprivation"]
        );
        assert_eq!(r_parts(&[JobKind::Parquet]), ["csv"]);
        assert!(r_parts(&[JobKind::Analyze]).is_empty());
    }

    #[test]
    fn deprivation_job_checks_af_figures_and_rates() {
        let dir = Path::new("/tmp/b");
        let jobs = jobs(&[JobKind::Deprivation], dir, &indicators(), None, None);
        let [job] = &jobs[..] else {
            panic!("one job: {jobs:?}")
        };
        assert_eq!(job.target, Target::Speedup(TARGET_DEPRIVATION));
        let [deprivation, rates] = &job.runs[..] else {
            panic!("two runs: {:?}", job.runs)
        };
        assert_eq!(
            shell_words(&deprivation.arguments),
            "deprivation /tmp/b/survey.parquet --weight weight --strata stratum --psu psu \
             --deprived y1,y2,y3,y4,y5,y6 --k 1,2,3,4,5,6 --breakdown region --format csv \
             --output /tmp/b/tendik_deprivation.csv"
        );
        let checks: Vec<(&[String], &[String], Figures)> = deprivation
            .checks
            .iter()
            .map(|c| (&c.by[..], &c.absent[..], c.figures))
            .collect();
        let region = ["region".to_owned()];
        assert_eq!(
            checks,
            [
                (&[][..], &region[..], Figures::AlkireFoster),
                (&region[..], &[][..], Figures::AlkireFoster)
            ]
        );
        assert_eq!(
            shell_words(&rates.arguments),
            "estimate /tmp/b/survey.parquet --weight weight --strata stratum --psu psu \
             --mean y1,y2,y3,y4,y5,y6 --by region --format csv \
             --output /tmp/b/tendik_deprivation_rates.csv"
        );
        assert_eq!(rates.checks[0].figures, Figures::Means);
        assert_eq!(rates.checks[0].by, region);
    }

    #[test]
    fn analyze_job_has_no_r_part() {
        let dir = Path::new("/tmp/b");
        let jobs = jobs(&[JobKind::Analyze], dir, &indicators(), None, None);
        let [job] = &jobs[..] else {
            panic!("one job: {jobs:?}")
        };
        assert!(job.r_parts.is_empty());
        assert_eq!(job.target, Target::Under(TARGET_ANALYZE_SECONDS));
        assert_eq!(job.runs.len(), 1);
        assert!(job.runs[0].checks.is_empty());
        assert_eq!(
            shell_words(&job.runs[0].arguments),
            "analyze --out /tmp/b/analyze"
        );
    }

    #[test]
    fn shell_quoting() {
        let line = shell_line(
            Path::new("/bin/tendik"),
            &[os("estimate"), os("i1=(y1 = 1)"), os("a'b")],
        );
        assert_eq!(line, r"/bin/tendik estimate 'i1=(y1 = 1)' 'a'\''b'");
    }
}
