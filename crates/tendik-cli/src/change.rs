//! `tendik change`: change over time between two rounds of a survey, from the results
//! folders `tendik analyze` wrote for each (the same plan, or two plans with renamed
//! indicators): every figure and every inequality measure found in both, with the change,
//! its SE for independent samples, interval, annualised change and a test of no change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray};
use arrow::datatypes::{Field, Schema};
use tendik_measures::change::Change;

use crate::estimate::{to_csv, to_json};
use crate::output::{CliError, check_output, note, write_output};

/// Arguments of `tendik change`.
///
/// Example: `tendik change results-2018 results-2023 --output change.csv`
#[derive(Debug, clap::Args)]
pub(crate) struct ChangeArgs {
    /// The first round's results folder (`tendik analyze --out`, CSV format).
    #[arg(value_name = "BEFORE")]
    before: PathBuf,
    /// The second round's results folder.
    #[arg(value_name = "AFTER")]
    after: PathBuf,
    /// Years between the rounds, for the annualised change. Default: the difference of the
    /// two plans' `[plan] date` when both are years.
    #[arg(long)]
    years: Option<f64>,
    /// An indicator or dimension named differently in the first round: `OLD=NEW`
    /// (repeatable).
    #[arg(long = "rename", value_name = "OLD=NEW")]
    renames: Vec<String>,
    /// Confidence level of the intervals and the test.
    #[arg(long, default_value_t = 0.95)]
    level: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write to this file (atomically); `-` or absent: standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Comma-separated values.
    Csv,
    /// A JSON array of objects.
    Json,
    /// An Excel workbook.
    Xlsx,
}

/// The output's columns.
pub(crate) const COLUMNS: [&str; 21] = [
    "age_group",
    "figure",
    "inequality",
    "dimension",
    "indicator",
    "k",
    "breakdown",
    "group_code",
    "group",
    "before",
    "before_se",
    "after",
    "after_se",
    "change",
    "se",
    "ci_lower",
    "ci_upper",
    "annual_change",
    "annual_se",
    "p_value",
    "significant",
];

type Record = HashMap<String, String>;

/// The rows of a CSV file as maps from column to value.
fn read(path: &Path, required: &[&str]) -> Result<Vec<Record>, CliError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| {
        CliError::new(format!("cannot read {}: {e}", path.display()))
            .with_hint("give the folders `tendik analyze --out` wrote with the default CSV format")
    })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?
        .iter()
        .map(str::to_owned)
        .collect();
    if let Some(missing) = required.iter().find(|c| !header.iter().any(|h| h == *c)) {
        return Err(CliError::new(format!(
            "{} has no column `{missing}`; it is not a tendik results file",
            path.display()
        )));
    }
    reader
        .records()
        .map(|r| {
            let r = r.map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
            Ok(header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect())
        })
        .collect()
}

/// The year of a results folder's plan (`[plan] date`), when it is a number.
fn year(folder: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(folder.join("plan.toml")).ok()?;
    let plan = tendik_plan::Plan::from_toml(&text, "plan.toml").ok()?;
    plan.plan.date?.trim().parse().ok()
}

pub(crate) fn run(args: &ChangeArgs) -> Result<(), CliError> {
    if !(args.level > 0.0 && args.level < 1.0) {
        return Err(
            CliError::new(format!("--level {} is not a confidence level", args.level))
                .with_hint("give a number between 0 and 1, such as 0.95"),
        );
    }
    let mut renames: HashMap<String, String> = HashMap::new();
    for rename in &args.renames {
        let Some((old, new)) = rename.split_once('=') else {
            return Err(CliError::new(format!("--rename {rename} is not OLD=NEW"))
                .with_hint("name the first round's indicator, then the second round's: --rename stunting=stunted"));
        };
        renames.insert(old.trim().to_owned(), new.trim().to_owned());
    }
    let years = match args.years {
        Some(y) if !(y.is_finite() && y > 0.0) => {
            return Err(CliError::new(format!(
                "--years {y} is not a number of years above 0"
            )));
        }
        Some(y) => Some(y),
        None => match (year(&args.before), year(&args.after)) {
            (Some(a), Some(b)) if b > a => Some(b - a),
            _ => {
                note("no annualised change: give --years, or a `date` year in both plans' [plan]");
                None
            }
        },
    };
    let output = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let inputs: Vec<PathBuf> = [&args.before, &args.after]
        .iter()
        .flat_map(|d| [d.join("results.csv"), d.join("inequality.csv")])
        .collect();
    let input_paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    check_output(&output, &input_paths)?;
    let results_key = [
        "age_group",
        "measure",
        "dimension",
        "indicator",
        "k",
        "breakdown",
        "group_code",
    ];
    // A measure over another number of groups (a region added) is another measure.
    let inequality_key = [
        "age_group",
        "of",
        "dimension",
        "indicator",
        "k",
        "breakdown",
        "groups",
        "measure",
    ];
    let mut rows: Vec<(Record, bool, Change)> = Vec::new();
    let mut unmatched = 0;
    for (file, key) in [
        ("results.csv", &results_key[..]),
        ("inequality.csv", &inequality_key[..]),
    ] {
        let required: Vec<&str> = key.iter().copied().chain(["estimate", "se"]).collect();
        // A run without inequality measures (`--no-inequality`) has no inequality.csv.
        if file == "inequality.csv"
            && !(args.before.join(file).exists() && args.after.join(file).exists())
        {
            note("no inequality.csv in both folders: the inequality measures are not compared");
            continue;
        }
        let before = read(&args.before.join(file), &required)?;
        let after = read(&args.after.join(file), &required)?;
        let renamed = |record: &Record, column: &str| -> String {
            let value = &record[column];
            if column == "dimension" || column == "indicator" {
                // Overlaps name their dimensions joined by `+`.
                value
                    .split('+')
                    .map(|part| renames.get(part).map_or(part, String::as_str))
                    .collect::<Vec<_>>()
                    .join("+")
            } else {
                value.clone()
            }
        };
        let index: HashMap<Vec<String>, &Record> = before
            .iter()
            .map(|r| (key.iter().map(|c| renamed(r, c)).collect(), r))
            .collect();
        let number = |r: &Record, c: &str| r[c].parse::<f64>().unwrap_or(f64::NAN);
        for record in &after {
            let k: Vec<String> = key.iter().map(|c| record[*c].clone()).collect();
            let Some(first) = index.get(&k) else {
                unmatched += 1;
                continue;
            };
            let Some(change) = Change::between(
                (number(first, "estimate"), number(first, "se")),
                (number(record, "estimate"), number(record, "se")),
                years,
                args.level,
            ) else {
                unmatched += 1;
                continue;
            };
            let mut row = record.clone();
            row.insert("before".to_owned(), first["estimate"].clone());
            row.insert("before_se".to_owned(), first["se"].clone());
            rows.push((row, file == "inequality.csv", change));
        }
    }
    if rows.is_empty() {
        return Err(CliError::new(format!(
            "{} and {} have no figure in common",
            args.before.display(),
            args.after.display()
        ))
        .with_hint(
            "compare results of the same plan, or map renamed indicators with --rename OLD=NEW",
        ));
    }
    if unmatched > 0 {
        note(&format!(
            "{} figures compared; {unmatched} of the second round's have no counterpart with an estimate and SE in the first",
            rows.len()
        ));
    }
    let table = table(&rows)?;
    let bytes = match args.format {
        Format::Csv => to_csv(&table)?,
        Format::Json => to_json(&table)?,
        Format::Xlsx => crate::xlsx::to_xlsx(&[("change", &table)])?,
    };
    write_output(&output, &bytes, &input_paths)
}

fn table(rows: &[(Record, bool, Change)]) -> Result<RecordBatch, CliError> {
    let text = |f: &dyn Fn(&Record, bool) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(
            rows.iter().map(|(r, i, _)| f(r, *i)).collect::<Vec<_>>(),
        ))
    };
    let column = |name: &'static str| move |r: &Record, _: bool| r.get(name).cloned();
    let number = |f: &dyn Fn(&Record, &Change) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|(r, _, c)| f(r, c).filter(|v| v.is_finite()))
                .collect::<Vec<_>>(),
        ))
    };
    let parsed = |name: &'static str| move |r: &Record, _: &Change| r[name].parse::<f64>().ok();
    let columns: Vec<ArrayRef> = vec![
        text(&column("age_group")),
        text(&|r, inequality| Some(r[if inequality { "of" } else { "measure" }].clone())),
        text(&|r, inequality| inequality.then(|| r["measure"].clone())),
        text(&column("dimension")),
        text(&column("indicator")),
        text(&column("k")),
        text(&column("breakdown")),
        text(&column("group_code")),
        text(&column("group")),
        number(&parsed("before")),
        number(&parsed("before_se")),
        number(&parsed("estimate")),
        number(&parsed("se")),
        number(&|_, c| Some(c.change)),
        number(&|_, c| Some(c.se)),
        number(&|_, c| Some(c.ci_lower)),
        number(&|_, c| Some(c.ci_upper)),
        number(&|_, c| c.annual),
        number(&|_, c| c.annual_se),
        number(&|_, c| Some(c.p_value)),
        Arc::new(BooleanArray::from(
            rows.iter()
                .map(|(_, _, c)| c.significant)
                .collect::<Vec<_>>(),
        )),
    ];
    let fields: Vec<Field> = COLUMNS
        .iter()
        .zip(&columns)
        .map(|(name, column)| Field::new(*name, column.data_type().clone(), true))
        .collect();
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}
