//! `tendik inequality`: WHO HEAT's summary measures of inequality from subgroup estimates
//! in HEAT Plus's upload template, computed as HEAT computes them (docs/inequality.md).

use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray};
use arrow::datatypes::{Field, Schema};
use tendik_measures::inequality::heat::{Simulation, summarise};
use tendik_measures::inequality::{Figure, template};

use crate::estimate::{to_csv, to_json};
use crate::output::{CliError, check_output, write_output};

/// Arguments of `tendik inequality`.
///
/// Example: `tendik inequality heat_upload.csv --output measures.csv`
#[derive(Debug, clap::Args)]
pub(crate) struct InequalityArgs {
    /// The subgroup estimates: a HEAT Plus upload template, as a workbook (.xlsx, .xlsm) or
    /// CSV (`,` or `;` separated), one row per subgroup.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Write to this file (atomically); `-` or absent: standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    level: f64,
    /// Draws of HEAT's simulated intervals (BGSD, COV, MDBU, MDBW, MDMU, MDMW, MDRU,
    /// MDRW, IDISU, IDISW).
    #[arg(long, default_value_t = 100)]
    draws: usize,
    /// Seed of the simulated intervals' random stream.
    #[arg(long, default_value_t = 123_456)]
    seed: u64,
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
const COLUMNS: [&str; 12] = [
    "setting",
    "date",
    "source",
    "indicator_abbr",
    "indicator_name",
    "dimension",
    "measure",
    "estimate",
    "se",
    "ci_lower",
    "ci_upper",
    "method",
];

pub(crate) fn run(args: &InequalityArgs) -> Result<(), CliError> {
    if !(args.level > 0.0 && args.level < 1.0) {
        return Err(
            CliError::new(format!("--level {} is not a confidence level", args.level))
                .with_hint("give a number between 0 and 1, such as 0.95"),
        );
    }
    if args.draws < 2 {
        return Err(CliError::new("--draws must be at least 2"));
    }
    let output = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    check_output(&output, &[args.file.as_path()])?;
    let name = args.file.display().to_string();
    let lower = name.to_ascii_lowercase();
    let bytes = if [".xlsx", ".xlsm", ".xls"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        workbook_as_csv(&args.file)?
    } else {
        std::fs::read(&args.file).map_err(|e| CliError::new(format!("cannot read {name}: {e}")))?
    };
    let entries = template::read(bytes.as_slice(), &name).map_err(|e| {
        CliError::new(e.to_string()).with_hint(
            "the columns and their meaning are in docs/inequality.md (HEAT Plus's template)",
        )
    })?;
    let simulation = Simulation {
        draws: args.draws,
        seed: args.seed,
    };
    let mut rows: Vec<(&template::Entry, Figure)> = Vec::new();
    for entry in &entries {
        for figure in summarise(&entry.stratum, args.level, simulation) {
            rows.push((entry, figure));
        }
    }
    let table = table(&rows)?;
    let bytes = match args.format {
        Format::Csv => to_csv(&table)?,
        Format::Json => to_json(&table)?,
        Format::Xlsx => crate::xlsx::to_xlsx(&[("inequality", &table)])?,
    };
    write_output(&output, &bytes, &[args.file.as_path()])
}

/// The sheet of a workbook that holds the template (the first whose first row has the
/// columns `setting` and `subgroup`), as CSV, its rows on the same lines as in the sheet.
fn workbook_as_csv(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let name = path.display();
    let failed = |e: &dyn std::fmt::Display| CliError::new(format!("cannot read {name}: {e}"));
    let mut workbook = open_workbook_auto(path).map_err(|e| failed(&e))?;
    let sheets = workbook.sheet_names();
    for sheet in &sheets {
        let range = workbook.worksheet_range(sheet).map_err(|e| failed(&e))?;
        let header: Vec<String> = range
            .rows()
            .next()
            .map(|row| {
                row.iter()
                    .map(|c| c.to_string().trim().to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        if !(header.iter().any(|h| h == "setting") && header.iter().any(|h| h == "subgroup")) {
            continue;
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    // Whole numbers as whole numbers, others at full precision.
                    Data::Float(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
                    Data::Float(v) => v.to_string(),
                    other => other.to_string(),
                })
                .collect();
            writer.write_record(&cells).map_err(|e| failed(&e))?;
        }
        return writer.into_inner().map_err(|e| failed(&e));
    }
    Err(CliError::new(format!(
        "{name} has no sheet of subgroup estimates (sheets: {})",
        sheets.join(", ")
    ))
    .with_hint("HEAT Plus's template has its data on a sheet whose first row names the columns setting, date, source, …, subgroup, …"))
}

fn table(rows: &[(&template::Entry, Figure)]) -> Result<RecordBatch, CliError> {
    let text = |f: &dyn Fn(&template::Entry, &Figure) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(
            rows.iter().map(|(e, r)| f(e, r)),
        ))
    };
    let number = |f: &dyn Fn(&Figure) -> Option<f64>| -> ArrayRef {
        Arc::new(Float64Array::from(
            rows.iter()
                .map(|(_, r)| f(r).filter(|v| v.is_finite()))
                .collect::<Vec<_>>(),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|e, _| e.setting.clone()),
        text(&|e, _| e.date.clone()),
        text(&|e, _| e.source.clone()),
        text(&|e, _| e.indicator_abbr.clone()),
        text(&|e, _| e.indicator_name.clone()),
        text(&|e, _| e.dimension.clone()),
        text(&|_, r| r.measure.name().to_owned()),
        number(&|r| Some(r.estimate)),
        number(&|r| r.se),
        number(&|r| r.ci_lower),
        number(&|r| r.ci_upper),
        text(&|_, r| r.method.name().to_owned()),
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
