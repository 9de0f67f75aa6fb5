//! The `tendik` command-line program: a thin layer over the library crates.

mod actions;
mod analyze;
mod bench;
mod bottleneck;
mod change;
mod demo;
mod deprivation;
mod design;
mod estimate;
mod hints;
mod inequality;
mod inspect;
mod output;
mod reading;
mod replicate;
mod serve;
mod synth;
mod xlsx;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Equity monitoring for children: survey estimates with design-correct uncertainty.
#[derive(Debug, Parser)]
#[command(name = "tendik", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run an analysis plan (default: MICS6 child deprivation on the demo survey).
    Analyze(Box<analyze::AnalyzeArgs>),
    /// The register of causes and actions for bottlenecks: add, list, update, close,
    /// reopen, history, export, import, review.
    Actions(Box<actions::ActionsArgs>),
    /// Where each service's coverage chain loses most children, in every oblast and rayon.
    Bottleneck(Box<bottleneck::BottleneckArgs>),
    /// The dashboard: maps, charts, tables and bottlenecks in a browser, with a JSON API.
    Serve(Box<serve::ServeArgs>),
    /// Design-based estimates (means, totals, ratios, proportions) with SEs and CIs.
    Estimate(Box<estimate::EstimateArgs>),
    /// Alkire–Foster deprivation measures (H, A, M0, contributions) from 0/1 columns.
    Deprivation(Box<deprivation::DeprivationArgs>),
    /// Change over time between two rounds' results folders (`tendik analyze --out`).
    Change(Box<change::ChangeArgs>),
    /// WHO HEAT's inequality measures from subgroup estimates (a HEAT Plus template).
    Inequality(inequality::InequalityArgs),
    /// Print the codebook of a data file: labels, value labels, missing values.
    Inspect(inspect::InspectArgs),
    /// Time tendik (estimate, deprivation, analyze) against R's survey package, side by side.
    Bench(bench::BenchArgs),
    /// Write a synthetic Kyrgyzstan survey in the shape of the MICS6 standard files.
    Synth(synth::SynthArgs),
    /// Write a design's replicate weights (jackknife or bootstrap) beside its data.
    Replicate(Box<replicate::ReplicateCommand>),
}

/// mimalloc: the engine's passes allocate and free many large blocks (a cell's sums, each
/// column's chunks); glibc's allocator gives them back to the kernel and takes them again,
/// and those page faults and TLB flushes cost a sixth of a census-size run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Actions(args) => actions::run(&args),
        Command::Bottleneck(args) => bottleneck::run(&args),
        Command::Estimate(args) => estimate::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Deprivation(args) => deprivation::run(&args),
        Command::Change(args) => change::run(&args),
        Command::Inequality(args) => inequality::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Replicate(args) => replicate::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            output::report_error(&error);
            ExitCode::FAILURE
        }
    }
}
