//! `tendik bottleneck`: the determinant chains of the plan's tracer interventions in every
//! oblast and rayon (the bundled plan on the demo survey and its administrative data by
//! default), with the bottleneck of each chain.

use std::path::{Path, PathBuf};

use tendik_geo::Level;
use tendik_plan::{Bottlenecks, Plan};

use crate::estimate::{to_csv, to_json, to_parquet};
use crate::output::{CliError, print_stdout, write_output};

/// Arguments of `tendik bottleneck`.
#[derive(Debug, clap::Args)]
pub(crate) struct BottleneckArgs {
    /// The plan file (TOML; see docs/bottlenecks.md). Default: the bundled MICS6 plan.
    #[arg(value_name = "PLAN")]
    plan: Option<PathBuf>,
    /// The folder holding the survey's files. Default: the bundled demo survey.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The folder of administrative data: DHIS2 dataValueSets (JSON or CSV) or plain CSV
    /// files (area, period, element, value). Default: DATA/admin when it exists (the
    /// demo's administrative data without --data).
    #[arg(long, value_name = "DIR")]
    admin: Option<PathBuf>,
    /// The areas: oblasts (`region`), rayons (`district`); both when not given. The
    /// country is always included.
    #[arg(long, value_enum)]
    level: Option<AreaLevel>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write to this file (replaced atomically) instead of standard output; required for
    /// parquet and xlsx.
    #[arg(long = "output", short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The area levels of `--level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AreaLevel {
    /// Oblasts and the cities of republican significance.
    Region,
    /// Rayons and towns of district rank.
    District,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Comma-separated values.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// A JSON array of objects.
    Json,
    /// An Excel workbook (sheets: bottlenecks; not computable, with the warnings).
    Xlsx,
}

/// The plan's text and its name in messages: the file, or the bundled plan.
pub(crate) fn plan_text(path: Option<&Path>) -> Result<(String, String), CliError> {
    Ok(match path {
        Some(path) => (
            std::fs::read_to_string(path).map_err(|e| {
                CliError::new(format!("cannot read the plan {}: {e}", path.display()))
            })?,
            path.display().to_string(),
        ),
        None => (
            tendik_plan::MICS6_CHILD_DEPRIVATION.to_owned(),
            tendik_plan::MICS6_CHILD_DEPRIVATION_NAME.to_owned(),
        ),
    })
}

/// The survey folder and the administrative data folder of a run: the demo and its
/// `admin/` by default; `DATA/admin` when it exists.
pub(crate) fn folders(
    data: Option<&Path>,
    admin: Option<&Path>,
) -> Result<(PathBuf, Option<PathBuf>), CliError> {
    let data = match data {
        Some(dir) => dir.to_owned(),
        None => crate::demo::folder()?,
    };
    let admin = match admin {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(CliError::new(format!(
                    "the administrative data folder {} does not exist",
                    dir.display()
                ))
                .with_hint("--admin names a folder of DHIS2 dataValueSets (.json, .csv) or plain CSV files"));
            }
            Some(dir.to_owned())
        }
        None => Some(data.join("admin")).filter(|d| d.is_dir()),
    };
    Ok((data, admin))
}

/// Read the administrative data folder, when there is one.
pub(crate) fn read_admin(dir: Option<&Path>) -> Result<Option<tendik_admin::AdminData>, CliError> {
    let Some(dir) = dir else { return Ok(None) };
    let data = tendik_admin::AdminData::read_dir(dir).map_err(|e| crate::hints::admin_error(&e))?;
    for warning in data.warnings() {
        crate::output::warn(&warning.to_string());
    }
    Ok(Some(data))
}

/// Run the plan's bottleneck analysis.
pub(crate) fn compute(
    plan: &Plan,
    source: &str,
    data: &Path,
    admin: Option<&tendik_admin::AdminData>,
    levels: &[Level],
) -> Result<Bottlenecks, CliError> {
    let runtime = crate::output::runtime()?;
    runtime
        .block_on(tendik_plan::bottlenecks(plan, source, data, admin, levels))
        .map_err(|e| crate::analyze::plan_error(&e))
}

pub(crate) fn run(args: &BottleneckArgs) -> Result<(), CliError> {
    let (text, source) = plan_text(args.plan.as_deref())?;
    let plan = Plan::from_toml(&text, &source).map_err(|e| crate::analyze::plan_error(&e))?;
    if plan.interventions.is_empty() {
        return Err(
            CliError::new(format!("{source} has no [[interventions]]")).with_hint(
                "add tracer interventions and their determinant steps (docs/bottlenecks.md)",
            ),
        );
    }
    if matches!(args.format, Format::Parquet | Format::Xlsx) && args.output.is_none() {
        return Err(
            CliError::new("parquet and xlsx are written to a file").with_hint("give --output FILE")
        );
    }
    let (data, admin_dir) = folders(args.data.as_deref(), args.admin.as_deref())?;
    let admin = read_admin(admin_dir.as_deref())?;
    let levels = match args.level {
        Some(AreaLevel::Region) => vec![Level::Region],
        Some(AreaLevel::District) => vec![Level::District],
        None => vec![Level::Region, Level::District],
    };
    let found = compute(&plan, &source, &data, admin.as_ref(), &levels)?;
    for warning in &found.warnings {
        crate::output::warn(warning);
    }
    for item in &found.not_computable {
        crate::output::note(&format!(
            "not computable: {} {}: {}",
            item.kind, item.name, item.reason
        ));
    }
    let table = tendik_plan::bottleneck_record_batch(&found.rows)?;
    let bytes = match args.format {
        Format::Csv => to_csv(&table)?,
        Format::Json => to_json(&table)?,
        Format::Parquet => to_parquet(&table)?,
        Format::Xlsx => crate::xlsx::to_xlsx(&[
            ("bottlenecks", &table),
            ("not computable", &notes_table(&found)?),
        ])?,
    };
    let mut inputs: Vec<&Path> = found.files.iter().map(|f| f.path.as_path()).collect();
    if let Some(dir) = &admin_dir {
        inputs.push(dir);
    }
    match &args.output {
        Some(path) => write_output(path, &bytes, &inputs),
        None => print_stdout(&bytes),
    }
}

/// What was not computable and the warnings, as one table (kind, name, reason).
pub(crate) fn notes_table(
    found: &Bottlenecks,
) -> Result<arrow::record_batch::RecordBatch, CliError> {
    use arrow::array::{ArrayRef, StringArray};
    let mut kinds = Vec::new();
    let mut names = Vec::new();
    let mut reasons = Vec::new();
    for item in &found.not_computable {
        kinds.push(item.kind.clone());
        names.push(item.name.clone());
        reasons.push(item.reason.clone());
    }
    for warning in &found.warnings {
        kinds.push("warning".to_owned());
        names.push(String::new());
        reasons.push(warning.clone());
    }
    let column =
        |values: Vec<String>| -> ArrayRef { std::sync::Arc::new(StringArray::from(values)) };
    Ok(arrow::record_batch::RecordBatch::try_from_iter([
        ("kind", column(kinds)),
        ("name", column(names)),
        ("reason", column(reasons)),
    ])?)
}
