//! `tendik analyze`: run an analysis plan (the bundled MICS6 child-deprivation plan by
//! default) on a folder of survey files (the demo survey by default) and write the tidy
//! results, the run manifest and a copy of the plan into an output folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tendik_plan::{Analysis, Manifest, Plan, PlanError};

use crate::estimate::{to_csv, to_json, to_parquet};
use crate::output::{CliError, print_stdout, write_output};

/// Arguments of `tendik analyze`.
#[derive(Debug, clap::Args)]
pub(crate) struct AnalyzeArgs {
    /// The plan file (TOML; see docs/plans.md). Default: the bundled MICS6
    /// child-deprivation plan.
    #[arg(value_name = "PLAN")]
    plan: Option<PathBuf>,
    /// The folder holding the survey's files, found by the plan's file names (hh.sav,
    /// hl.dta, ch.csv, …). Default: the bundled demo survey.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The folder to write the results (results.csv, or .parquet, .xlsx, .json),
    /// manifest.json and plan.toml into (created if needed; files there of those names are
    /// replaced).
    #[arg(
        long = "out",
        short,
        visible_alias = "output",
        value_name = "DIR",
        default_value = "tendik-results"
    )]
    output: PathBuf,
    /// The results file's format (the inequality measures are written beside it, as
    /// inequality.csv etc.; in a workbook, as a sheet).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// Also write every rate by every breakdown as a WHO HEAT Plus upload template to this
    /// file, to load into HEAT Plus: a workbook (sheet `data`) when it ends in .xlsx, else
    /// CSV.
    #[arg(long, value_name = "FILE")]
    heat_export: Option<PathBuf>,
    /// Skip the inequality measures (as the plan's `[plan] inequality = false`).
    #[arg(long)]
    no_inequality: bool,
    /// The folder of administrative data for the plan's bottleneck chains (DHIS2
    /// dataValueSets or plain CSV). Default: DATA/admin when it exists (the demo's).
    #[arg(long, value_name = "DIR")]
    admin: Option<std::path::PathBuf>,
    /// Skip the bottleneck table (the plan's `[[interventions]]`).
    #[arg(long)]
    no_bottlenecks: bool,
    /// The language of report.html: en, ru or ky.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Do not write report.html.
    #[arg(long)]
    no_report: bool,
}

/// The report's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz.
    Ky,
}

impl Lang {
    fn language(self) -> tendik_i18n::Language {
        match self {
            Self::En => tendik_i18n::Language::En,
            Self::Ru => tendik_i18n::Language::Ru,
            Self::Ky => tendik_i18n::Language::Ky,
        }
    }
}

/// Formats of the results file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// `results.csv`: comma-separated values.
    Csv,
    /// `results.parquet`: Apache Parquet.
    Parquet,
    /// `results.xlsx`: an Excel workbook, with a second sheet of what was not computable.
    Xlsx,
    /// `results.json`: a JSON array of objects.
    Json,
}

impl Format {
    fn file(self) -> &'static str {
        match self {
            Self::Csv => "results.csv",
            Self::Parquet => "results.parquet",
            Self::Xlsx => "results.xlsx",
            Self::Json => "results.json",
        }
    }

    /// The bottleneck file, none for a workbook (a sheet of its own).
    fn bottleneck_file(self) -> Option<&'static str> {
        match self {
            Self::Csv => Some("bottlenecks.csv"),
            Self::Parquet => Some("bottlenecks.parquet"),
            Self::Xlsx => None,
            Self::Json => Some("bottlenecks.json"),
        }
    }

    /// The inequality file, none for a workbook (a sheet of its own).
    fn inequality_file(self) -> Option<&'static str> {
        match self {
            Self::Csv => Some("inequality.csv"),
            Self::Parquet => Some("inequality.parquet"),
            Self::Xlsx => None,
            Self::Json => Some("inequality.json"),
        }
    }
}

pub(crate) fn plan_error(error: &PlanError) -> CliError {
    match error {
        PlanError::Ingest(error) => crate::hints::ingest_error(error),
        other => {
            let error = CliError::new(other.message());
            match other.hint() {
                Some(hint) => error.with_hint(hint),
                None => error,
            }
        }
    }
}

pub(crate) fn run(args: &AnalyzeArgs) -> Result<(), CliError> {
    let (text, source) = crate::bottleneck::plan_text(args.plan.as_deref())?;
    let started = std::time::Instant::now();
    let mut plan = Plan::from_toml(&text, &source).map_err(|e| plan_error(&e))?;
    if args.no_inequality {
        plan.plan.inequality = false;
    }
    let (data, admin_dir) =
        crate::bottleneck::folders(args.data.as_deref(), args.admin.as_deref())?;
    let chains = !args.no_bottlenecks && !plan.interventions.is_empty();
    let admin = if chains {
        crate::bottleneck::read_admin(admin_dir.as_deref())?
    } else {
        None
    };
    if args.output.exists() && !args.output.is_dir() {
        return Err(
            CliError::new(format!("{} is not a folder", args.output.display())).with_hint(
                "--out names a folder for the results file, manifest.json and plan.toml",
            ),
        );
    }
    if same_folder(&args.output, &data) {
        return Err(CliError::new(format!(
            "{} is the data folder; tendik will not write its results among its inputs",
            args.output.display()
        ))
        .with_hint("name another folder for --out"));
    }
    let runtime = crate::output::runtime()?;
    // A bar on a terminal's stderr; nothing when stderr is piped or a file.
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .map_err(|e| CliError::new(e.to_string()))?,
    );
    let progress = |step: tendik_plan::Progress| {
        bar.set_length(step.total as u64);
        bar.set_position(step.done as u64);
        bar.set_message(step.doing);
    };
    let analysis = runtime.block_on(tendik_plan::analyze_with_progress(
        &plan, &source, &data, &progress,
    ));
    bar.finish_and_clear();
    let mut analysis = analysis.map_err(|e| plan_error(&e))?;
    let bottlenecks = if chains {
        let found = crate::bottleneck::compute(
            &plan,
            &source,
            &data,
            admin.as_ref(),
            &[tendik_geo::Level::Region, tendik_geo::Level::District],
        )?;
        analysis
            .not_computable
            .extend(found.not_computable.iter().cloned());
        analysis.warnings.extend(found.warnings.iter().cloned());
        Some(found)
    } else {
        None
    };
    if let Some(wealth) = analysis.wealth() {
        for text in &wealth.notes {
            crate::output::note(&format!("[wealth] {text}"));
        }
    }
    let mut said = std::collections::HashSet::new();
    for warning in &analysis.warnings {
        if said.insert(warning) {
            crate::output::warn(warning);
        }
    }
    let table = tendik_plan::to_record_batch(&analysis.rows)?;
    let inequality = tendik_plan::inequality_record_batch(&analysis.inequality)?;
    let bottleneck_table = bottlenecks
        .as_ref()
        .map(|b| tendik_plan::bottleneck_record_batch(&b.rows))
        .transpose()?;
    let manifest = Manifest::of(&plan, &text, &source, &analysis)
        .with_elapsed(started.elapsed().as_secs_f64());
    let report = (!args.no_report).then(|| {
        tendik_report::report_html(&tendik_report::ReportInput {
            plan: &plan,
            plan_source: &source,
            plan_sha256: &manifest.plan_sha256,
            analysis: &analysis,
            bottlenecks: bottlenecks.as_ref(),
            software: &manifest.software,
            date: manifest.time_utc.get(..10).unwrap_or(&manifest.time_utc),
            language: args.lang.language(),
        })
    });
    let manifest = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| CliError::new(format!("cannot write the manifest: {e}")))?;
    std::fs::create_dir_all(&args.output)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", args.output.display())))?;
    let inputs: Vec<&Path> = analysis.files.iter().map(|f| f.path.as_path()).collect();
    let out = |name: &str| args.output.join(name);
    // The manifest last: a folder with a manifest holds a whole run.
    let encode = |table: &arrow::record_batch::RecordBatch| match args.format {
        Format::Csv => to_csv(table),
        Format::Parquet => to_parquet(table),
        Format::Json => to_json(table),
        Format::Xlsx => {
            let left_out = not_computable_table(&analysis)?;
            let mut sheets = vec![("results", table), ("inequality", &inequality)];
            if let Some(bottlenecks) = &bottleneck_table {
                sheets.push(("bottlenecks", bottlenecks));
            }
            sheets.push(("not computable", &left_out));
            crate::xlsx::to_xlsx(&sheets)
        }
    };
    if let Some(path) = &args.heat_export {
        let rows = tendik_plan::heat_template(&plan, &analysis);
        let workbook = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if workbook {
            crate::xlsx::to_xlsx(&[("data", &heat_table(&rows)?)])?
        } else {
            let mut bytes = Vec::new();
            tendik_measures::inequality::template::write(&rows, &mut bytes)
                .map_err(|e| CliError::new(e.to_string()))?;
            bytes
        };
        write_output(path, &bytes, &inputs)?;
    }
    write_output(&out(args.format.file()), &encode(&table)?, &inputs)?;
    if let Some(name) = args
        .format
        .inequality_file()
        .filter(|_| plan.plan.inequality)
    {
        write_output(&out(name), &encode(&inequality)?, &inputs)?;
    }
    if let (Some(name), Some(table)) = (args.format.bottleneck_file(), &bottleneck_table) {
        write_output(&out(name), &encode(table)?, &inputs)?;
    }
    if let Some(report) = &report {
        write_output(&out("report.html"), report.as_bytes(), &inputs)?;
    }
    write_output(&out("plan.toml"), text.as_bytes(), &inputs)?;
    write_output(&out("manifest.json"), &manifest, &inputs)?;
    let mut text = summary(
        &plan,
        &analysis,
        &args.output,
        args.format.file(),
        args.format
            .inequality_file()
            .filter(|_| plan.plan.inequality),
    );
    if let Some(found) = &bottlenecks {
        text.push_str(&bottleneck_headline(
            found,
            args.format.bottleneck_file().unwrap_or("results.xlsx"),
        ));
    }
    print_stdout(text.as_bytes())
}

/// The national bottleneck of each intervention, and how many areas share it.
fn bottleneck_headline(found: &tendik_plan::Bottlenecks, file: &str) -> String {
    let mut text = String::new();
    let national: Vec<&tendik_plan::BottleneckRow> = found
        .rows
        .iter()
        .filter(|r| r.area_level == "national" && r.bottleneck)
        .collect();
    if national.is_empty() {
        return text;
    }
    let _ = writeln!(
        text,
        "\nBottlenecks (national; the step losing the largest share of the target population):"
    );
    for row in national {
        let areas = found
            .rows
            .iter()
            .filter(|r| {
                r.area_level != "national"
                    && r.bottleneck
                    && r.intervention == row.intervention
                    && r.step == row.step
            })
            .count();
        let all = found
            .rows
            .iter()
            .filter(|r| {
                r.area_level != "national" && r.intervention == row.intervention && r.step == 1
            })
            .count();
        let _ = writeln!(
            text,
            "  {:<20} step {} {} (drop {:.3}; the bottleneck in {areas} of {all} oblasts and rayons)",
            row.intervention,
            row.step,
            row.determinant,
            row.drop.unwrap_or(f64::NAN),
        );
    }
    let _ = writeln!(
        text,
        "{} bottleneck rows (every oblast and rayon) in {file}",
        found.rows.len()
    );
    text
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The headline: per age group, H, A and M0 at each cut-off for the whole group, then what
/// was left out and where the files are.
fn summary(
    plan: &Plan,
    analysis: &Analysis,
    output: &Path,
    file: &str,
    inequality_file: Option<&str>,
) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", plan.plan.name);
    for group in &analysis.age_groups {
        let dimensions: Vec<&str> = group.dimensions.iter().map(|(d, _)| d.as_str()).collect();
        let _ = writeln!(
            text,
            "\n{} ({} children with every dimension known; dimensions: {})",
            group.name,
            group.children,
            dimensions.join(", ")
        );
        let _ = writeln!(
            text,
            "  {:>3}  {:>22}  {:>22}  {:>22}",
            "k", "H (95% CI)", "A", "M0"
        );
        for k in &group.cutoffs {
            let k = k.to_string();
            let find = |measure: &str| {
                analysis
                    .rows
                    .iter()
                    .find(|r| {
                        r.age_group == group.name
                            && r.measure == measure
                            && r.breakdown.is_empty()
                            && r.k.as_deref() == Some(k.as_str())
                    })
                    .map_or_else(String::new, |r| {
                        let e = &r.estimate;
                        if e.estimate.is_nan() {
                            // A where no child is deprived at this k.
                            return "-".to_owned();
                        }
                        // -0.0004 shows as 0.000, not -0.000.
                        let show = |v: f64| format!("{:.3}", if v.abs() < 5e-4 { 0.0 } else { v });
                        format!(
                            "{} ({}–{})",
                            show(e.estimate),
                            show(e.ci_lower),
                            show(e.ci_upper)
                        )
                    })
            };
            let _ = writeln!(
                text,
                "  {k:>3}  {:>22}  {:>22}  {:>22}",
                find("H"),
                find("A"),
                find("M0")
            );
        }
    }
    let headline = inequality_headline(plan, analysis);
    if !headline.is_empty() {
        let _ = write!(text, "{headline}");
    }
    if !analysis.not_computable.is_empty() {
        let _ = writeln!(
            text,
            "\nnot computable ({}; the reasons are in manifest.json):",
            analysis.not_computable.len()
        );
        for item in &analysis.not_computable {
            let place = if item.age_group.is_empty() {
                String::new()
            } else {
                format!(" ({})", item.age_group)
            };
            let _ = writeln!(text, "  {} `{}`{place}", item.kind, item.name);
        }
    }
    let _ = writeln!(
        text,
        "\n{} figures and {} inequality measures written to {}: {file}{}, manifest.json, plan.toml",
        analysis.rows.len(),
        analysis.inequality.len(),
        output.display(),
        inequality_file
            .map(|f| format!(", {f}"))
            .unwrap_or_default()
    );
    text
}

/// Per age group with a cut-off k = 2, how unequal H is across the plan's first ordered
/// breakdown (wealth quintiles in the bundled plan) at k = 2: D, RCI and SII with intervals.
fn inequality_headline(plan: &Plan, analysis: &Analysis) -> String {
    let Some(breakdown) = plan.breakdowns.iter().find(|b| b.ordered) else {
        return String::new();
    };
    let mut text = String::new();
    for group in &analysis.age_groups {
        if !group.cutoffs.contains(&2) {
            continue;
        }
        let k = "2".to_owned();
        let figures: Vec<String> = ["D", "RCI", "SII"]
            .iter()
            .filter_map(|measure| {
                let row = analysis.inequality.iter().find(|r| {
                    r.age_group == group.name
                        && r.of == "H"
                        && r.k.as_deref() == Some(k.as_str())
                        && r.breakdown == breakdown.name
                        && r.figure.measure.name() == *measure
                })?;
                let f = &row.figure;
                Some(match (f.ci_lower, f.ci_upper) {
                    (Some(lower), Some(upper)) => {
                        format!("{measure} {:.3} ({lower:.3}–{upper:.3})", f.estimate)
                    }
                    _ => format!("{measure} {:.3}", f.estimate),
                })
            })
            .collect();
        if figures.is_empty() {
            continue;
        }
        if text.is_empty() {
            let _ = writeln!(
                text,
                "\nInequality of H (k = 2) across {} (design-based {}% CI; every measure in the inequality table):",
                breakdown.name,
                plan.plan.level * 100.0
            );
        }
        let _ = writeln!(text, "  {:<14} {}", group.name, figures.join("  "));
    }
    text
}

/// HEAT Plus template rows as a table of its 20 columns (numbers as numbers), for a
/// workbook HEAT Plus uploads.
fn heat_table(
    rows: &[tendik_measures::inequality::template::Row],
) -> Result<arrow::record_batch::RecordBatch, CliError> {
    use arrow::array::{ArrayRef, Float64Array, StringArray};
    use tendik_measures::inequality::template::{COLUMNS, Cell, Row};
    let cells: Vec<[Cell; 20]> = rows.iter().map(Row::cells).collect();
    let columns = (0..COLUMNS.len()).map(|c| -> ArrayRef {
        // A column is numeric when its first row's cell is (the template's layout).
        if matches!(cells.first().map(|row| &row[c]), Some(Cell::Number(_))) {
            std::sync::Arc::new(
                cells
                    .iter()
                    .map(|row| match &row[c] {
                        Cell::Number(v) => *v,
                        Cell::Text(_) => None,
                    })
                    .collect::<Float64Array>(),
            )
        } else {
            std::sync::Arc::new(StringArray::from_iter_values(cells.iter().map(
                |row| match &row[c] {
                    Cell::Text(text) => text.clone(),
                    Cell::Number(v) => v.map(|v| v.to_string()).unwrap_or_default(),
                },
            )))
        }
    });
    Ok(arrow::record_batch::RecordBatch::try_from_iter(
        COLUMNS.iter().zip(columns),
    )?)
}

/// What was not computable, as a table: age group, kind, name, reason.
fn not_computable_table(analysis: &Analysis) -> Result<arrow::record_batch::RecordBatch, CliError> {
    use arrow::array::{ArrayRef, StringArray};
    use tendik_plan::NotComputable;
    let items = &analysis.not_computable;
    let text = |f: fn(&NotComputable) -> &str| -> ArrayRef {
        std::sync::Arc::new(StringArray::from_iter_values(items.iter().map(f)))
    };
    Ok(arrow::record_batch::RecordBatch::try_from_iter([
        ("age_group", text(|i| &i.age_group)),
        ("kind", text(|i| &i.kind)),
        ("name", text(|i| &i.name)),
        ("reason", text(|i| &i.reason)),
    ])?)
}
