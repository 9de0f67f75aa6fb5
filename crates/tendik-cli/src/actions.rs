//! `tendik actions`: the register of causes and actions that follow a bottleneck analysis
//! (`tendik-actions`), with areas checked against tendik-geo, interventions against the
//! plan, and each action's baseline taken from the bottleneck analysis when it is added.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tendik_actions::{
    Action, ActionsError, Baseline, Changes, Date, Filter, NewAction, Outcome, Register, Review,
    Snapshot, Status, StatusFilter, Timestamp,
};
use tendik_plan::{Bottlenecks, Plan};

use crate::output::{CliError, print_stdout, write_output};

/// Arguments of `tendik actions`.
#[derive(Debug, clap::Args)]
pub(crate) struct ActionsArgs {
    /// The register file (`SQLite`). Default: actions.sqlite in `$TENDIK_DATA_DIR`, else in
    /// the platform's data directory (~/.local/share/tendik on Linux).
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
    /// Who makes the change, for the history. Default: $USER.
    #[arg(long, value_name = "NAME", global = true)]
    author: Option<String>,
    #[command(subcommand)]
    command: ActionsCommand,
}

/// Where the bottleneck analysis behind a baseline or a review comes from.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct AnalysisSource {
    /// The plan (default: the bundled MICS6 plan): its interventions are the valid ids.
    #[arg(long, value_name = "PLAN")]
    plan: Option<PathBuf>,
    /// The survey folder (default: the demo survey).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The administrative data folder (default: DATA/admin when it exists).
    #[arg(long, value_name = "DIR")]
    admin: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum ActionsCommand {
    /// Record a cause and an action for an area's bottleneck (its coverage now is kept as
    /// the baseline).
    Add(Box<AddArgs>),
    /// List actions (open and in progress by default).
    List(ListArgs),
    /// Change fields of an action (each change is kept in its history).
    Update(Box<UpdateArgs>),
    /// Close an action as done (or cancelled).
    Close(CloseArgs),
    /// Reopen a closed action.
    Reopen(CloseArgs),
    /// The history of an action's changes.
    History(HistoryArgs),
    /// Write every action (CSV, or JSON with history).
    Export(ExportArgs),
    /// Add or update actions from a CSV or JSON file (all rows or none).
    Import(ImportArgs),
    /// For each open action, whether its bottleneck's coverage moved since it was added,
    /// with the SE of the change (re-run on the newest data).
    Review(ReviewArgs),
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The area: a tendik-geo code (KG02205000000, KG-Y, KG02) or `KG` for the country.
    #[arg(long, value_name = "CODE")]
    area: String,
    /// The plan's intervention id (`tendik bottleneck` lists them), such as immunisation.
    #[arg(long, value_name = "ID")]
    intervention: String,
    /// The step the action addresses (default: the area's bottleneck of that chain).
    #[arg(long, value_name = "N")]
    step: Option<u32>,
    /// The root cause found.
    #[arg(long, value_name = "TEXT")]
    cause: String,
    /// The action agreed.
    #[arg(long, value_name = "TEXT")]
    action: String,
    /// Who is responsible.
    #[arg(long, value_name = "TEXT")]
    owner: String,
    /// The deadline.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: String,
    /// The budget.
    #[arg(long, value_name = "AMOUNT")]
    budget: Option<f64>,
    /// The budget's currency.
    #[arg(long, value_name = "CODE", default_value = tendik_actions::DEFAULT_CURRENCY)]
    currency: String,
    /// Notes.
    #[arg(long, value_name = "TEXT", default_value = "")]
    notes: String,
    /// Do not run the bottleneck analysis: no baseline (the action cannot be reviewed).
    #[arg(long)]
    no_baseline: bool,
    #[command(flatten)]
    source: AnalysisSource,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Only this area (and the rayons of an oblast).
    #[arg(long, value_name = "CODE")]
    area: Option<String>,
    /// Only this intervention.
    #[arg(long, value_name = "ID")]
    intervention: Option<String>,
    /// active (open and in progress), closed, all, or one status (open, `in_progress`, done,
    /// cancelled).
    #[arg(long, default_value = "active")]
    status: String,
    /// Only actions past their due date today.
    #[arg(long)]
    overdue: bool,
    /// table, csv or json.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
struct UpdateArgs {
    /// The action's id.
    id: i64,
    #[arg(long, value_name = "TEXT")]
    cause: Option<String>,
    #[arg(long, value_name = "TEXT")]
    action: Option<String>,
    #[arg(long, value_name = "TEXT")]
    owner: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    #[arg(long, value_name = "AMOUNT")]
    budget: Option<f64>,
    /// open, `in_progress`, done or cancelled.
    #[arg(long)]
    status: Option<String>,
    /// Replace the notes.
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// A note on this change, kept in the history.
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
}

#[derive(Debug, clap::Args)]
struct CloseArgs {
    /// The action's id.
    id: i64,
    /// Closed as cancelled rather than done (close only).
    #[arg(long)]
    cancelled: bool,
    /// A note, kept in the history.
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
}

#[derive(Debug, clap::Args)]
struct HistoryArgs {
    /// The action's id.
    id: i64,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// csv or json (with history). Default: from --output's extension, else csv.
    #[arg(long)]
    format: Option<String>,
    /// The file to write (atomically); standard output when not given.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// A CSV or JSON file in the export's columns.
    file: PathBuf,
    /// csv or json. Default: from the file's extension.
    #[arg(long)]
    format: Option<String>,
    #[command(flatten)]
    source: AnalysisSource,
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    #[command(flatten)]
    source: AnalysisSource,
    /// table, csv or json.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

fn actions_error(error: &ActionsError) -> CliError {
    let cli = CliError::new(error.to_string());
    match error {
        ActionsError::NoDataDir => {
            cli.with_hint("set TENDIK_DATA_DIR to a folder, or give --db FILE")
        }
        ActionsError::Busy { .. } => {
            cli.with_hint("another tendik is writing the register; try again in a moment")
        }
        _ => cli,
    }
}

fn author(args: &ActionsArgs) -> String {
    args.author
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default()
}

/// The plan behind the ids: the file given or the bundled plan.
fn load_plan(source: &AnalysisSource) -> Result<(Plan, String), CliError> {
    let (text, name) = crate::bottleneck::plan_text(source.plan.as_deref())?;
    let plan = Plan::from_toml(&text, &name).map_err(|e| crate::analyze::plan_error(&e))?;
    Ok((plan, name))
}

/// The canonical tendik-geo code of an area argument.
fn area_code(text: &str) -> Result<String, CliError> {
    tendik_geo::find_any(text, None)
        .map(|unit| unit.code.clone())
        .map_err(|e| {
            CliError::new(format!("--area {text}: {e}"))
                .with_hint("give a tendik-geo code (KG02205000000, KG-Y, KG02), `KG` for the country, or a name")
        })
}

/// Open the register with the area and intervention checks.
fn open(args: &ActionsArgs, interventions: Option<Vec<String>>) -> Result<Register, CliError> {
    let path = match &args.db {
        Some(path) => path.clone(),
        None => tendik_actions::default_path().map_err(|e| actions_error(&e))?,
    };
    let mut register = Register::open(&path)
        .map_err(|e| actions_error(&e))?
        .with_area_check(|code| {
            tendik_geo::find(code)
                .map(|_| ())
                .ok_or_else(|| format!("`{code}` is not a tendik-geo unit code"))
        });
    if let Some(ids) = interventions {
        register = register.with_intervention_check(move |id| {
            if ids.iter().any(|i| i == id) {
                Ok(())
            } else {
                Err(format!(
                    "the plan has no intervention `{id}`; its interventions are {}",
                    ids.join(", ")
                ))
            }
        });
    }
    Ok(register)
}

fn intervention_ids(plan: &Plan) -> Vec<String> {
    plan.interventions.iter().map(|i| i.id.clone()).collect()
}

/// Run the plan's bottleneck analysis on the source's data.
fn analysis(
    source: &AnalysisSource,
    plan: &Plan,
    name: &str,
) -> Result<(Bottlenecks, String), CliError> {
    let (data, admin_dir) =
        crate::bottleneck::folders(source.data.as_deref(), source.admin.as_deref())?;
    let admin = crate::bottleneck::read_admin(admin_dir.as_deref())?;
    let found = crate::bottleneck::compute(
        plan,
        name,
        &data,
        admin.as_ref(),
        &[tendik_geo::Level::Region, tendik_geo::Level::District],
    )?;
    let checksums: Vec<String> = found
        .files
        .iter()
        .map(|f| format!("{} {}", f.name, f.sha256.get(..12).unwrap_or(&f.sha256)))
        .collect();
    let described = format!("{} on {} ({})", name, data.display(), checksums.join(", "));
    Ok((found, described))
}

fn snapshots(found: &Bottlenecks) -> Vec<Snapshot> {
    found
        .rows
        .iter()
        .map(|r| Snapshot {
            area_code: r.area_code.clone(),
            intervention: r.intervention.clone(),
            step: r.step,
            determinant: r.determinant.clone(),
            coverage: r.coverage,
            se: r.se,
            bottleneck: r.bottleneck,
        })
        .collect()
}

fn parse_date(text: &str) -> Result<Date, CliError> {
    text.parse::<Date>()
        .map_err(|e| CliError::new(format!("{text}: {e}")).with_hint("write dates as YYYY-MM-DD"))
}

pub(crate) fn run(args: &ActionsArgs) -> Result<(), CliError> {
    let who = author(args);
    match &args.command {
        ActionsCommand::Add(add) => {
            let (plan, name) = load_plan(&add.source)?;
            let area = area_code(&add.area)?;
            if let (Some(step), Some(chain)) = (
                add.step,
                plan.interventions.iter().find(|i| i.id == add.intervention),
            ) && !(1..=chain.steps.len()).contains(&(step as usize))
            {
                return Err(CliError::new(format!(
                    "--step {step}: `{}` has {} steps",
                    chain.id,
                    chain.steps.len()
                ))
                .with_hint(format!("give a step from 1 to {}", chain.steps.len())));
            }
            let mut register = open(args, Some(intervention_ids(&plan)))?;
            let mut new = NewAction::new(
                area.clone(),
                add.intervention.clone(),
                add.cause.clone(),
                add.action.clone(),
                add.owner.clone(),
                parse_date(&add.due)?,
            );
            new.budget = add.budget;
            new.budget_currency.clone_from(&add.currency);
            new.notes.clone_from(&add.notes);
            new.step = add.step;
            if !add.no_baseline {
                if !plan.interventions.iter().any(|i| i.id == add.intervention) {
                    return Err(CliError::new(format!(
                        "the plan has no intervention `{}`",
                        add.intervention
                    ))
                    .with_hint(format!(
                        "its interventions are {}",
                        intervention_ids(&plan).join(", ")
                    )));
                }
                let (found, described) = analysis(&add.source, &plan, &name)?;
                let row = found.rows.iter().find(|r| {
                    r.area_code == area
                        && r.intervention == add.intervention
                        && add.step.map_or(r.bottleneck, |s| r.step == s)
                });
                match row {
                    Some(row) => {
                        new.step = Some(row.step);
                        new.determinant = Some(row.determinant.clone());
                        match row.coverage {
                            Some(coverage) => {
                                new.baseline = Some(Baseline {
                                    coverage,
                                    se: row.se,
                                    step: row.step,
                                    determinant: row.determinant.clone(),
                                    recorded_at: Timestamp::now(),
                                    source: described,
                                });
                            }
                            None => crate::output::warn(&format!(
                                "step {} of `{}` in {} has no coverage ({}): the action has no baseline",
                                row.step, row.intervention, row.area_name, row.reliability
                            )),
                        }
                    }
                    None => crate::output::warn(&format!(
                        "`{}` has no bottleneck in {area}{}: the action has no baseline",
                        add.intervention,
                        add.step
                            .map(|s| format!(" at step {s}"))
                            .unwrap_or_default()
                    )),
                }
            }
            let action = register.add(new, &who).map_err(|e| actions_error(&e))?;
            print_stdout(format!("added action {}\n{}", action.id, describe(&action)).as_bytes())
        }
        ActionsCommand::List(list) => {
            let register = open(args, None)?;
            let mut filter = Filter {
                status: list
                    .status
                    .parse::<StatusFilter>()
                    .map_err(|e| actions_error(&e))?,
                intervention: list.intervention.clone(),
                ..Filter::default()
            };
            if let Some(area) = &list.area {
                let code = area_code(area)?;
                filter.areas = std::iter::once(code.clone())
                    .chain(tendik_geo::children(&code).map(|u| u.code.clone()))
                    .collect();
            }
            if list.overdue {
                filter.overdue_on = Some(Date::today());
            }
            let actions = register.list(&filter).map_err(|e| actions_error(&e))?;
            let bytes = match list.format {
                ListFormat::Table => table(&actions).into_bytes(),
                ListFormat::Json => json(&actions)?,
                ListFormat::Csv => {
                    let mut out = Vec::new();
                    let mut writer = csv::Writer::from_writer(&mut out);
                    writer
                        .write_record([
                            "id",
                            "area_code",
                            "area_name",
                            "intervention",
                            "step",
                            "determinant",
                            "status",
                            "owner",
                            "due",
                            "cause",
                            "action",
                        ])
                        .map_err(|e| CliError::new(e.to_string()))?;
                    for a in &actions {
                        writer
                            .write_record([
                                a.id.to_string(),
                                a.area_code.clone(),
                                area_name(&a.area_code),
                                a.intervention.clone(),
                                a.step.map(|s| s.to_string()).unwrap_or_default(),
                                a.determinant.clone().unwrap_or_default(),
                                a.status.as_str().to_owned(),
                                a.owner.clone(),
                                a.due.to_string(),
                                a.cause.clone(),
                                a.action.clone(),
                            ])
                            .map_err(|e| CliError::new(e.to_string()))?;
                    }
                    drop(writer);
                    out
                }
            };
            print_stdout(&bytes)
        }
        ActionsCommand::Update(update) => {
            let mut register = open(args, None)?;
            let changes = Changes {
                cause: update.cause.clone(),
                action: update.action.clone(),
                owner: update.owner.clone(),
                due: update.due.as_deref().map(parse_date).transpose()?,
                budget: update.budget.map(Some),
                status: update
                    .status
                    .as_deref()
                    .map(str::parse::<Status>)
                    .transpose()
                    .map_err(|e| actions_error(&e))?,
                notes: update.notes.clone(),
                ..Changes::default()
            };
            if changes.is_empty() && update.note.is_empty() {
                return Err(CliError::new("nothing to change").with_hint(
                    "give a field (--cause, --action, --owner, --due, --budget, --status, --notes) or a --note",
                ));
            }
            let action = register
                .update(update.id, changes, &update.note, &who)
                .map_err(|e| actions_error(&e))?;
            print_stdout(format!("updated action {}\n{}", action.id, describe(&action)).as_bytes())
        }
        ActionsCommand::Close(close) => {
            let mut register = open(args, None)?;
            let outcome = if close.cancelled {
                Outcome::Cancelled
            } else {
                Outcome::Done
            };
            let action = register
                .close(close.id, outcome, &close.note, &who)
                .map_err(|e| actions_error(&e))?;
            print_stdout(
                format!("closed action {} ({})\n", action.id, action.status.as_str()).as_bytes(),
            )
        }
        ActionsCommand::Reopen(reopen) => {
            let mut register = open(args, None)?;
            let action = register
                .reopen(reopen.id, &reopen.note, &who)
                .map_err(|e| actions_error(&e))?;
            print_stdout(format!("reopened action {}\n", action.id).as_bytes())
        }
        ActionsCommand::History(history) => {
            let register = open(args, None)?;
            let changes = register
                .history(history.id)
                .map_err(|e| actions_error(&e))?;
            let mut text = String::new();
            for change in changes {
                let _ = writeln!(
                    text,
                    "{}  {:<7} {}{}{}{}",
                    change.at,
                    change.event.as_str(),
                    change
                        .field
                        .as_deref()
                        .map(|f| format!("{f}: "))
                        .unwrap_or_default(),
                    match (&change.old, &change.new) {
                        (Some(old), Some(new)) => format!("{old} → {new}"),
                        (None, Some(new)) => new.clone(),
                        _ => String::new(),
                    },
                    if change.note.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", change.note)
                    },
                    if change.who.is_empty() {
                        String::new()
                    } else {
                        format!("  by {}", change.who)
                    }
                );
            }
            print_stdout(text.as_bytes())
        }
        ActionsCommand::Export(export) => {
            let register = open(args, None)?;
            let format = exchange_format(export.format.as_deref(), export.output.as_deref())?;
            let mut bytes = Vec::new();
            register
                .export(format, &mut bytes)
                .map_err(|e| actions_error(&e))?;
            match &export.output {
                Some(path) => write_output(path, &bytes, &[]),
                None => print_stdout(&bytes),
            }
        }
        ActionsCommand::Import(import) => {
            let (plan, _) = load_plan(&import.source)?;
            let mut register = open(args, Some(intervention_ids(&plan)))?;
            let format = exchange_format(import.format.as_deref(), Some(&import.file))?;
            let file =
                fs_err::File::open(&import.file).map_err(|e| CliError::new(e.to_string()))?;
            let report = register
                .import(format, std::io::BufReader::new(file), &who)
                .map_err(|e| actions_error(&e))?;
            print_stdout(
                format!(
                    "imported {}: {} added, {} updated, {} unchanged\n",
                    import.file.display(),
                    report.added.len(),
                    report.updated.len(),
                    report.unchanged.len()
                )
                .as_bytes(),
            )
        }
        ActionsCommand::Review(review) => {
            let (plan, name) = load_plan(&review.source)?;
            let register = open(args, None)?;
            let (found, _) = analysis(&review.source, &plan, &name)?;
            let reviews = register
                .review(&snapshots(&found))
                .map_err(|e| actions_error(&e))?;
            let bytes = match review.format {
                ListFormat::Table => review_table(&reviews).into_bytes(),
                ListFormat::Json => {
                    serde_json::to_vec_pretty(&reviews).map_err(|e| CliError::new(e.to_string()))?
                }
                ListFormat::Csv => review_csv(&reviews)?,
            };
            print_stdout(&bytes)
        }
    }
}

fn exchange_format(
    given: Option<&str>,
    path: Option<&Path>,
) -> Result<tendik_actions::Format, CliError> {
    if let Some(text) = given {
        return text.parse().map_err(|e| actions_error(&e));
    }
    Ok(path
        .and_then(tendik_actions::Format::from_extension)
        .unwrap_or(tendik_actions::Format::Csv))
}

fn area_name(code: &str) -> String {
    tendik_geo::find(code).map_or_else(|| code.to_owned(), |u| u.name_en.clone())
}

fn describe(action: &Action) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "  {} · {} · step {} {}",
        area_name(&action.area_code),
        action.intervention,
        action
            .step
            .map_or_else(|| "-".to_owned(), |s| s.to_string()),
        action.determinant.as_deref().unwrap_or("")
    );
    let _ = writeln!(text, "  cause: {}", action.cause);
    let _ = writeln!(
        text,
        "  action: {} (owner {}, due {})",
        action.action, action.owner, action.due
    );
    if let Some(baseline) = &action.baseline {
        let _ = writeln!(
            text,
            "  baseline coverage {:.3}{}",
            baseline.coverage,
            baseline
                .se
                .map(|s| format!(" (SE {s:.3})"))
                .unwrap_or_default()
        );
    }
    text
}

fn table(actions: &[Action]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:>4}  {:<24} {:<20} {:>4}  {:<11} {:<10} action",
        "id", "area", "intervention", "step", "status", "due"
    );
    for a in actions {
        let _ = writeln!(
            text,
            "{:>4}  {:<24} {:<20} {:>4}  {:<11} {:<10} {}",
            a.id,
            area_name(&a.area_code),
            a.intervention,
            a.step.map(|s| s.to_string()).unwrap_or_default(),
            a.status.as_str(),
            a.due.to_string(),
            a.action
        );
    }
    if actions.is_empty() {
        text.push_str("(no actions)\n");
    }
    text
}

fn json(actions: &[Action]) -> Result<Vec<u8>, CliError> {
    serde_json::to_vec_pretty(actions).map_err(|e| CliError::new(e.to_string()))
}

fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

fn review_table(reviews: &[Review]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:>4}  {:<24} {:<20} {:>4}  {:>8} {:>8} {:>8} {:>8}  {:<16} still the bottleneck",
        "id", "area", "intervention", "step", "baseline", "now", "change", "SE", "verdict"
    );
    for r in reviews {
        let _ = writeln!(
            text,
            "{:>4}  {:<24} {:<20} {:>4}  {:>8} {:>8} {:>8} {:>8}  {:<16} {}",
            r.action_id,
            area_name(&r.area_code),
            r.intervention,
            r.step.map(|s| s.to_string()).unwrap_or_default(),
            show(r.baseline),
            show(r.current),
            show(r.change),
            show(r.change_se),
            r.verdict.as_str(),
            match r.still_bottleneck {
                Some(true) => "yes".to_owned(),
                Some(false) => format!(
                    "no (now step {} {})",
                    r.bottleneck_step.map(|s| s.to_string()).unwrap_or_default(),
                    r.bottleneck_determinant.as_deref().unwrap_or("")
                ),
                None => "-".to_owned(),
            }
        );
        for remark in &r.remarks {
            let _ = writeln!(text, "        {remark}");
        }
    }
    if reviews.is_empty() {
        text.push_str("(no open actions)\n");
    }
    text
}

fn review_csv(reviews: &[Review]) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    let mut writer = csv::Writer::from_writer(&mut out);
    let failed = |e: csv::Error| CliError::new(e.to_string());
    writer
        .write_record([
            "action_id",
            "area_code",
            "intervention",
            "step",
            "baseline",
            "baseline_se",
            "current",
            "current_se",
            "change",
            "change_se",
            "ci_lower",
            "ci_upper",
            "verdict",
            "still_bottleneck",
        ])
        .map_err(failed)?;
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in reviews {
        writer
            .write_record([
                r.action_id.to_string(),
                r.area_code.clone(),
                r.intervention.clone(),
                r.step.map(|s| s.to_string()).unwrap_or_default(),
                number(r.baseline),
                number(r.baseline_se),
                number(r.current),
                number(r.current_se),
                number(r.change),
                number(r.change_se),
                number(r.ci_lower),
                number(r.ci_upper),
                r.verdict.as_str().to_owned(),
                r.still_bottleneck
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    drop(writer);
    Ok(out)
}
