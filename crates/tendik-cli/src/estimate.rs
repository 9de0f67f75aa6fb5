//! `tendik estimate`: design-based estimates from one data file.

use std::path::PathBuf;
use std::sync::Arc;

use arrow::record_batch::RecordBatch;
use tendik_ingest::{Codebook, Dataset, LabelValue};
use tendik_survey::contrast::{self, Combination};
use tendik_survey::{Definition, Estimate, Reliability, Request, SurveyData, Target, Value};

use crate::hints::{ingest_error, survey_error};
use crate::output::{CliError, check_output, print_stdout, write_output};

/// Output formats of `tendik estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned text for people, with value labels.
    Table,
    /// Comma-separated values.
    Csv,
    /// A JSON array of objects.
    Json,
    /// Apache Parquet (needs --output).
    Parquet,
}

/// Arguments of `tendik estimate`.
///
/// Example: `tendik estimate survey.csv --weight w --strata s --psu psu --mean y --by region`
#[derive(Debug, clap::Args)]
pub(crate) struct EstimateArgs {
    /// The data file (.csv, .parquet, .sav, .zsav, .dta), or `demo:hh`, `demo:hl`, `demo:ch`,
    /// `demo:fs`, `demo:wm` for the bundled synthetic survey.
    pub(crate) data: Option<PathBuf>,
    /// The sample design.
    #[command(flatten)]
    pub(crate) design: crate::design::DesignArgs,
    /// Replicate weights, given or made from the design.
    #[command(flatten)]
    pub(crate) replicate: crate::replicate::ReplicateArgs,
    /// How to read a CSV file.
    #[command(flatten)]
    pub(crate) read: crate::reading::ReadArgs,
    /// A derived variable, `NAME=SQL_EXPRESSION`, computed from the row before estimation
    /// (repeatable, in order; later ones may use earlier ones). A true/false result counts
    /// as 1/0 and NULL as missing, such as
    /// `--define stunted="CASE WHEN HAZFLAG = 0 THEN HAZ2 < -2 END"`.
    #[arg(long, value_name = "NAME=SQL")]
    pub(crate) define: Vec<String>,
    /// Weighted means of numeric columns.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub(crate) mean: Vec<String>,
    /// Population totals of numeric columns.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub(crate) total: Vec<String>,
    /// Ratios of two totals, written NUM/DEN.
    #[arg(long, value_name = "NUM/DEN")]
    pub(crate) ratio: Vec<String>,
    /// Proportions of each category of a column, with logit intervals.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub(crate) proportion: Vec<String>,
    /// Domains and breakdowns.
    #[command(flatten)]
    pub(crate) domains: crate::design::DomainArgs,
    /// Subpopulation: a SQL condition such as `"age" >= 15 AND "sex" = 2`.
    #[arg(long = "where", value_name = "SQL_BOOLEAN")]
    pub(crate) filter: Option<String>,
    /// For every target, the difference between two domains of a --by variable, VAR=A,B
    /// (A minus B, for each combination of the other --by variables), with its SE from the
    /// covariance (repeatable).
    #[arg(long, value_name = "VAR=A,B")]
    pub(crate) difference: Vec<String>,
    /// Write the covariance matrix of all the run's estimates to this CSV file, in long form:
    /// `row_a`, `row_b`, `covariance` (row ids number the main output's rows from 1).
    #[arg(long, value_name = "FILE")]
    pub(crate) vcov: Option<PathBuf>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub(crate) level: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

impl EstimateArgs {
    /// Turn the raw arguments into a validated request.
    fn request(&self) -> Result<Request, CliError> {
        let mut targets = Vec::new();
        targets.extend(self.mean.iter().map(|c| Target::Mean(c.clone())));
        targets.extend(self.total.iter().map(|c| Target::Total(c.clone())));
        for ratio in &self.ratio {
            let Some((numerator, denominator)) = ratio.split_once('/') else {
                return Err(CliError::new(format!("--ratio `{ratio}` is not NUM/DEN"))
                    .with_hint("write the numerator and denominator columns with a slash, such as --ratio api00/api99"));
            };
            targets.push(Target::Ratio {
                numerator: numerator.to_owned(),
                denominator: denominator.to_owned(),
            });
        }
        targets.extend(
            self.proportion
                .iter()
                .map(|c| Target::Proportion(c.clone())),
        );
        if targets.is_empty() {
            return Err(CliError::new("nothing to estimate")
                .with_hint("add --mean COL, --total COL, --ratio NUM/DEN or --proportion COL"));
        }
        if self.format == Format::Parquet && self.output.is_none() {
            return Err(
                CliError::new("--format parquet needs --output FILE").with_hint(
                    "Parquet is binary; name the file to write, such as --output results.parquet",
                ),
            );
        }
        let mut definitions = Vec::with_capacity(self.define.len());
        for text in &self.define {
            let Some((name, expression)) = text.split_once('=') else {
                return Err(CliError::new(format!("--define `{text}` is not NAME=SQL"))
                    .with_hint("name the variable, then its SQL expression, such as --define adult=\"HL6 >= 18\""));
            };
            definitions.push(Definition::new(name.trim(), expression.trim()));
        }
        let mut request = Request::new(self.design.design(self.replicate.replicates()?), targets);
        request.definitions = definitions;
        request.breakdowns = self.domains.breakdowns();
        request.filter.clone_from(&self.filter);
        request.level = self.level;
        // --vcov asks for covariances between variables too.
        request.covariances = self.vcov.is_some();
        Ok(request)
    }

    /// The `--difference` options as (variable, A, B).
    fn differences(&self) -> Result<Vec<(String, String, String)>, CliError> {
        self.difference
            .iter()
            .map(|text| {
                let parsed = text.split_once('=').and_then(|(variable, values)| {
                    let (a, b) = values.split_once(',')?;
                    Some((
                        variable.trim().to_owned(),
                        a.trim().to_owned(),
                        b.trim().to_owned(),
                    ))
                });
                parsed.ok_or_else(|| {
                    CliError::new(format!("--difference `{text}` is not VAR=A,B")).with_hint(
                        "name a --by variable and two of its values, such as --difference HH6=1,2",
                    )
                })
            })
            .collect()
    }
}

/// Whether a regular file starts with Parquet's magic bytes (a pipe is not peeked at: its
/// bytes would be gone).
fn is_parquet(path: &std::path::Path) -> bool {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) || path.starts_with("/dev") {
        return false;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"PAR1"
}

/// The rows to estimate from, and the codebook for labels. A Parquet file without
/// user-missing values is scanned by the engine with column projection; every other file
/// is read into memory by its reader, user-missing values made null.
pub(crate) async fn load(
    path: &std::path::Path,
    name: &str,
    read: crate::reading::ReadArgs,
) -> Result<(SurveyData, Codebook), CliError> {
    // One session for either source, with the WHO growth functions for `--define`.
    let context = tendik_survey::session();
    tendik_measures::growth::register(&context);
    if is_parquet(path) {
        let schema = tendik_ingest::read_parquet_schema(path).map_err(|e| ingest_error(&e))?;
        let plain = schema
            .codebook
            .variables
            .iter()
            .all(|v| !v.missing.has_user_missing());
        if plain {
            let data = SurveyData::from_parquet(&context, name, &path.to_string_lossy())
                .await
                .map_err(|e| survey_error(&e, path))?;
            return Ok((data, schema.codebook));
        }
    }
    let dataset: Dataset = read.read(path)?;
    let batches = dataset
        .batches_with_missing_as_null()
        .map_err(|e| ingest_error(&e))?;
    let data = SurveyData::from_batches_in(&context, name, dataset.schema.clone(), batches)
        .map_err(|e| survey_error(&e, path))?;
    Ok((data, dataset.codebook))
}

pub(crate) fn run(args: &EstimateArgs) -> Result<(), CliError> {
    let request = args.request()?;
    let differences = args.differences()?;
    let data_arg = crate::demo::required(args.data.as_deref())?;
    let path = crate::demo::resolve(data_arg)?;
    let input = path.clone();
    for output in args.output.iter().chain(&args.vcov) {
        check_output(output, &[&input])?;
    }
    let name = data_arg.display().to_string();
    let runtime = crate::output::runtime()?;
    let (results, codebook) = runtime.block_on(async {
        let (data, codebook) = load(&path, &name, args.read).await?;
        let results = tendik_survey::run(&data, &request).await.map_err(|e| {
            crate::hints::with_text_hints(survey_error(&e, data_arg), &e, &codebook)
        })?;
        Ok::<_, CliError>((results, codebook))
    })?;
    let mut said = std::collections::HashSet::new();
    for warning in &results.warnings {
        if said.insert(warning) {
            crate::output::warn(warning);
        }
    }
    let mut estimates = results.estimates.clone();
    let mut combinations: Vec<Combination> = (0..estimates.len()).map(|i| vec![(i, 1.0)]).collect();
    for (variable, a, b) in &differences {
        for (estimate, combination) in
            contrast::differences(&results, 0, &args.domains.by, variable, a, b)
                .map_err(|e| survey_error(&e, data_arg))?
        {
            estimates.push(estimate);
            combinations.push(combination);
        }
    }
    let table = tendik_survey::results::to_record_batch_of(&request.breakdowns, &estimates)?;
    let bytes = match args.format {
        Format::Table => {
            render_table(&request.breakdowns, &estimates, &codebook, request.level).into_bytes()
        }
        Format::Csv => to_csv(&table)?,
        Format::Json => to_json(&table)?,
        Format::Parquet => to_parquet(&table)?,
    };
    // Everything is computed before anything is written.
    let vcov = match &args.vcov {
        Some(_) => Some(vcov_csv(&results, &combinations).map_err(|e| survey_error(&e, data_arg))?),
        None => None,
    };
    if let (Some(path), Some(bytes)) = (&args.vcov, &vcov) {
        write_output(path, bytes, &[&input])?;
    }
    match &args.output {
        Some(path) => write_output(path, &bytes, &[&input]),
        None => print_stdout(&bytes),
    }
}

/// The covariance matrix of the output rows in long form: `row_a,row_b,covariance`.
fn vcov_csv(
    results: &tendik_survey::Results,
    combinations: &[Combination],
) -> Result<Vec<u8>, tendik_survey::SurveyError> {
    use std::fmt::Write as _;
    let mut text = String::from("row_a,row_b,covariance\n");
    for (i, a) in combinations.iter().enumerate() {
        for (j, b) in combinations.iter().enumerate() {
            let value = contrast::combination_covariance(results, a, b)?;
            let shown = if value.is_finite() {
                value.to_string()
            } else {
                String::new()
            };
            let _ = writeln!(text, "{},{},{shown}", i + 1, j + 1);
        }
    }
    Ok(text.into_bytes())
}

pub(crate) fn to_csv(table: &RecordBatch) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    {
        let mut writer = arrow::csv::WriterBuilder::new()
            .with_header(true)
            .build(&mut bytes);
        writer.write(table)?;
    }
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

pub(crate) fn to_json(table: &RecordBatch) -> Result<Vec<u8>, CliError> {
    let mut writer = arrow::json::ArrayWriter::new(Vec::new());
    writer.write(table)?;
    writer.finish()?;
    let mut bytes = writer.into_inner();
    if bytes.is_empty() {
        bytes.extend_from_slice(b"[]");
    }
    bytes.push(b'\n');
    Ok(bytes)
}

pub(crate) fn to_parquet(table: &RecordBatch) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(&mut bytes, Arc::clone(&table.schema()), None)?;
    writer.write(table)?;
    writer.close()?;
    Ok(bytes)
}

/// The label of a value from the codebook, if it has one.
fn value_label(codebook: &Codebook, column: &str, value: &Value) -> Option<String> {
    let variable = codebook.get(column)?;
    variable.value_labels.iter().find_map(|label| {
        let matches = match (&label.value, value) {
            (LabelValue::Number(number), value) => value.as_f64() == Some(*number),
            (LabelValue::Text(text), Value::Text(value)) => text.trim_end() == value.trim_end(),
            _ => false,
        };
        matches.then(|| label.label.clone())
    })
}

fn describe(codebook: &Codebook, column: &str, value: &Value) -> String {
    match value_label(codebook, column, value) {
        Some(label) => format!("{value} {label}"),
        None => value.to_string(),
    }
}

/// Six significant digits, without exponent for ordinary magnitudes.
fn significant(value: f64) -> String {
    if !value.is_finite() {
        return "-".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let magnitude = value.abs().log10().floor() as i32;
    if !(-4..15).contains(&magnitude) {
        return format!("{value:.5e}");
    }
    let decimals = (5 - magnitude).max(0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The human table: one line per estimate, value labels beside codes, and MICS's
/// reliability marks (fewer than 25 cases suppressed, 25–49 in parentheses).
fn render_table(
    breakdowns: &[Vec<String>],
    estimates: &[Estimate],
    codebook: &Codebook,
    level: f64,
) -> String {
    let labels: Vec<[String; 3]> = estimates
        .iter()
        .map(|estimate| {
            let level = estimate
                .level
                .as_ref()
                .map(|v| describe(codebook, &estimate.variable, v))
                .unwrap_or_default();
            [
                estimate.statistic.name().to_owned(),
                estimate.variable.clone(),
                level,
            ]
        })
        .collect();
    render_labelled(
        breakdowns,
        estimates,
        ["statistic", "variable", "level"],
        &labels,
        codebook,
        level,
    )
}

/// The human table of estimates with three label columns of the caller's (`statistic`,
/// `variable`, `level` for estimates; `measure`, `k`, `indicator` for deprivation).
pub(crate) fn render_labelled(
    breakdowns: &[Vec<String>],
    estimates: &[Estimate],
    label_names: [&str; 3],
    labels: &[[String; 3]],
    codebook: &Codebook,
    level: f64,
) -> String {
    let by = tendik_survey::results::domain_columns(breakdowns);
    let mut header: Vec<String> = by.clone();
    header.extend(
        [
            label_names[0],
            label_names[1],
            label_names[2],
            "estimate",
            "se",
            &format!("{}% CI", significant(level * 100.0)),
            "deff",
            "n",
            "weighted n",
        ]
        .map(str::to_owned),
    );
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(estimates.len());
    let mut suppressed = false;
    let mut bracketed = false;
    for (estimate, labels) in estimates.iter().zip(labels) {
        let mut row: Vec<String> = by
            .iter()
            .map(|column| {
                estimate
                    .domain_value(breakdowns, column)
                    .map(|value| describe(codebook, column, value))
                    .unwrap_or_default()
            })
            .collect();
        let (value, se, ci) = if estimate.reliability == Reliability::Unavailable {
            ("-".to_owned(), "-".to_owned(), "-".to_owned())
        } else if estimate.reliability == Reliability::Suppressed {
            suppressed = true;
            ("*".to_owned(), "*".to_owned(), "*".to_owned())
        } else {
            let interval = format!(
                "{} – {}",
                significant(estimate.ci_lower),
                significant(estimate.ci_upper)
            );
            if estimate.reliability == Reliability::Caution {
                bracketed = true;
                (
                    format!("({})", significant(estimate.estimate)),
                    format!("({})", significant(estimate.se)),
                    format!("({interval})"),
                )
            } else {
                (
                    significant(estimate.estimate),
                    significant(estimate.se),
                    interval,
                )
            }
        };
        row.extend(labels.iter().cloned());
        row.extend([
            value,
            se,
            ci,
            estimate
                .deff
                .filter(|d| d.is_finite())
                .map_or_else(|| "-".to_owned(), |d| format!("{d:.2}")),
            estimate.n.to_string(),
            significant(estimate.weighted_n),
        ]);
        rows.push(row);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(header[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric_from = by.len() + 3;
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let pad = widths[i] - cell.chars().count();
                if i >= numeric_from {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut text = line(&header);
    for row in &rows {
        text.push_str(&line(row));
    }
    if bracketed {
        text.push_str("( ) based on 25–49 unweighted cases: interpret with caution\n");
    }
    if suppressed {
        text.push_str(
            "*   fewer than 25 unweighted cases: suppressed (use --format csv for the figures)\n",
        );
    }
    text
}
