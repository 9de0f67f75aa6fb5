//! `tendik synth`: write a synthetic Kyrgyzstan survey in the shape of the MICS6 files.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use tendik_synth::{Format, Settings, SynthError};

use crate::output::{CliError, print_stdout};

/// Arguments of `tendik synth`.
#[derive(Debug, clap::Args)]
pub(crate) struct SynthArgs {
    /// Households to select, rounded up to whole clusters of 20 (1,500,000 is census size).
    #[arg(long, default_value_t = tendik_synth::DEFAULT_HOUSEHOLDS)]
    pub(crate) households: u64,
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = tendik_synth::DEFAULT_SEED)]
    pub(crate) seed: u64,
    /// Directory for hh, hl, ch, fs and wm (created if missing).
    #[arg(long, default_value = "synth")]
    pub(crate) out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value_t = SynthFormat::Dta)]
    pub(crate) format: SynthFormat,
}

/// Output formats of `tendik synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SynthFormat {
    /// Stata .dta (release 118, UTF-8) with value and variable labels.
    Dta,
    /// Parquet with labels in tendik field metadata.
    Parquet,
    /// CSV, with a .codebook.json beside each file.
    Csv,
}

pub(crate) fn run(args: &SynthArgs) -> Result<(), CliError> {
    let settings = Settings {
        households: args.households,
        seed: args.seed,
        format: match args.format {
            SynthFormat::Dta => Format::Dta,
            SynthFormat::Parquet => Format::Parquet,
            SynthFormat::Csv => Format::Csv,
        },
    };
    let started = Instant::now();
    let summary = tendik_synth::generate(&settings, &args.out).map_err(|error| {
        let hint = match &error {
            SynthError::TooFewHouseholds { minimum, .. } => {
                Some(format!("use --households {minimum} or more"))
            }
            _ => None,
        };
        let cli = CliError::new(error.to_string());
        match hint {
            Some(hint) => cli.with_hint(hint),
            None => cli,
        }
    })?;
    let mut text = String::new();
    for file in &summary.files {
        let _ = writeln!(
            text,
            "{:<3} {:>10} rows  {}",
            file.name,
            file.rows,
            file.path.display()
        );
    }
    let _ = writeln!(
        text,
        "{} clusters, seed {}, in {:.1} s; see the codebooks with `tendik inspect {}`",
        summary.clusters,
        args.seed,
        started.elapsed().as_secs_f64(),
        summary.files[0].path.display()
    );
    print_stdout(text.as_bytes())
}
