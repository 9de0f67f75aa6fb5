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
    /// Overwrite files in --out that an earlier `tendik synth` did not write.
    #[arg(long)]
    pub(crate) force: bool,
    /// A later round: raise every cluster's welfare by this much (0.3 is a few years of
    /// progress: coverage up, deprivation down), for tests of change over time.
    #[arg(long, default_value_t = 0.0, value_name = "GAIN")]
    pub(crate) welfare_gain: f64,
}

/// The list of files `tendik synth` wrote into a folder, kept in it, so that a later run may
/// replace them but nothing else.
const MANIFEST: &str = ".tendik-synth-files";

/// The files this run will write into `out`.
fn files_written(out: &std::path::Path, format: Format) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for name in tendik_synth::FILE_NAMES {
        let path = out.join(format!("{name}.{}", format.extension()));
        if format == Format::Csv {
            files.push(path.with_extension("codebook.json"));
        }
        files.push(path);
    }
    files.push(out.join(tendik_synth::ADMIN_FILE));
    files
}

/// Refuse to replace files in `out` that tendik did not write, unless `force`.
fn check_out(out: &std::path::Path, files: &[PathBuf], force: bool) -> Result<(), CliError> {
    if out.exists() && !out.is_dir() {
        return Err(
            CliError::new(format!("--out {} is not a directory", out.display()))
                .with_hint("name a folder for the survey files"),
        );
    }
    let ours: Vec<String> = std::fs::read_to_string(out.join(MANIFEST))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let foreign: Vec<String> = files
        .iter()
        .filter(|path| path.exists())
        .filter_map(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| !ours.contains(name))
        .collect();
    if foreign.is_empty() || force {
        return Ok(());
    }
    Err(CliError::new(format!(
        "{} already holds {} that tendik did not write; it will not replace them",
        out.display(),
        foreign.join(", ")
    ))
    .with_hint("choose another --out folder, or give --force to replace them"))
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
    if !args.welfare_gain.is_finite() || args.welfare_gain.abs() > 5.0 {
        return Err(CliError::new(format!(
            "--welfare-gain {} is outside -5 to 5",
            args.welfare_gain
        ))
        .with_hint("0.3 is a few years of progress; the welfare scale's household spread is 0.8"));
    }
    let settings = Settings {
        welfare_gain: args.welfare_gain,
        households: args.households,
        seed: args.seed,
        format: match args.format {
            SynthFormat::Dta => Format::Dta,
            SynthFormat::Parquet => Format::Parquet,
            SynthFormat::Csv => Format::Csv,
        },
    };
    let files = files_written(&args.out, settings.format);
    check_out(&args.out, &files, args.force)?;
    let started = Instant::now();
    let summary = tendik_synth::generate(&settings, &args.out).map_err(|error| {
        let hint = match &error {
            SynthError::TooFewHouseholds { minimum, .. } => {
                Some(format!("use --households {minimum} or more"))
            }
            SynthError::TooManyHouseholds { maximum, .. } => {
                Some(format!("use --households {maximum} or fewer"))
            }
            _ => None,
        };
        let cli = CliError::new(error.to_string());
        match hint {
            Some(hint) => cli.with_hint(hint),
            None => cli,
        }
    })?;
    let mut names: Vec<String> = std::fs::read_to_string(args.out.join(MANIFEST))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    for path in &files {
        if let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned())
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    let list: String = names.iter().map(|n| n.clone() + "\n").collect();
    std::fs::write(args.out.join(MANIFEST), list).map_err(|e| {
        CliError::new(format!(
            "cannot write {}: {e}",
            args.out.join(MANIFEST).display()
        ))
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
        "admin              {}  (DHIS2 dataValueSets: facilities, staffing, supplies and caseloads by rayon)",
        summary.admin.display()
    );
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
