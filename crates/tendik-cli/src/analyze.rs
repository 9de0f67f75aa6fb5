//! `tendik analyze`: run an analysis plan (the bundled MICS6 child-deprivation plan by
//! default) on a folder of survey files (the demo survey by default) and write the tidy
//! results, the run manifest and a copy of the plan into an output folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tendik_plan::{Analysis, Manifest, Plan, PlanError};

use crate::estimate::{to_csv, to_parquet};
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
    /// The folder to write results.csv, results.parquet, manifest.json and plan.toml into
    /// (created if needed; files there of those names are replaced).
    #[arg(long, short, value_name = "DIR", default_value = "tendik-results")]
    output: PathBuf,
}

fn plan_error(error: &PlanError) -> CliError {
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
    let (text, source) = match &args.plan {
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
    };
    let plan = Plan::from_toml(&text, &source).map_err(|e| plan_error(&e))?;
    let data = match &args.data {
        Some(dir) => dir.clone(),
        None => crate::demo::folder()?,
    };
    if args.output.exists() && !args.output.is_dir() {
        return Err(CliError::new(format!("{} is not a folder", args.output.display()))
            .with_hint("--output names a folder for results.csv, results.parquet, manifest.json and plan.toml"));
    }
    if same_folder(&args.output, &data) {
        return Err(CliError::new(format!(
            "{} is the data folder; tendik will not write its results among its inputs",
            args.output.display()
        ))
        .with_hint("name another folder for --output"));
    }
    let runtime = crate::output::runtime()?;
    let analysis = runtime
        .block_on(tendik_plan::analyze(&plan, &source, &data))
        .map_err(|e| plan_error(&e))?;
    let mut said = std::collections::HashSet::new();
    for warning in &analysis.warnings {
        if said.insert(warning) {
            crate::output::warn(warning);
        }
    }
    let table = tendik_plan::to_record_batch(&analysis.rows)?;
    let manifest = Manifest::of(&plan, &text, &source, &analysis);
    let manifest = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| CliError::new(format!("cannot write the manifest: {e}")))?;
    std::fs::create_dir_all(&args.output)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", args.output.display())))?;
    let inputs: Vec<&Path> = analysis.files.iter().map(|f| f.path.as_path()).collect();
    let out = |name: &str| args.output.join(name);
    // The manifest last: a folder with a manifest holds a whole run.
    write_output(&out("results.csv"), &to_csv(&table)?, &inputs)?;
    write_output(&out("results.parquet"), &to_parquet(&table)?, &inputs)?;
    write_output(&out("plan.toml"), text.as_bytes(), &inputs)?;
    write_output(&out("manifest.json"), &manifest, &inputs)?;
    print_stdout(summary(&plan, &analysis, &args.output).as_bytes())
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The headline: per age group, H, A and M0 at each cut-off for the whole group, then what
/// was left out and where the files are.
fn summary(plan: &Plan, analysis: &Analysis, output: &Path) -> String {
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
                        format!("{:.3} ({:.3}–{:.3})", e.estimate, e.ci_lower, e.ci_upper)
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
        "\n{} figures written to {}: results.csv, results.parquet, manifest.json, plan.toml",
        analysis.rows.len(),
        output.display()
    );
    text
}
