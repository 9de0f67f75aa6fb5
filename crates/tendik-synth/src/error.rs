//! The one error type of the crate.

use std::path::PathBuf;

/// What can go wrong while writing a synthetic survey.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// Too few households for the design (every stratum needs two clusters).
    #[error(
        "{households} households are too few: the design needs at least {minimum} (two clusters of {cluster} in each of {strata} strata)"
    )]
    TooFewHouseholds {
        /// Households asked for.
        households: u64,
        /// The smallest number accepted.
        minimum: u64,
        /// Households per cluster.
        cluster: u32,
        /// Number of strata.
        strata: usize,
    },
    /// More households than the generator keeps in memory for its first pass.
    #[error(
        "{households} households is more than the generator makes: at most {maximum} (its first pass keeps about 50 bytes per household in memory)"
    )]
    TooManyHouseholds {
        /// Households asked for.
        households: u64,
        /// The largest number accepted.
        maximum: u64,
    },
    /// An unknown output format.
    #[error("unknown format `{0}`; choose one of dta, parquet, csv")]
    UnknownFormat(String),
    /// Reading or writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The Stata writer refused.
    #[error("cannot write the Stata file {path}: {message}")]
    Stata {
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
    /// The wealth index cannot be fitted on the households drawn.
    #[error(transparent)]
    Wealth(#[from] tendik_measures::MeasureError),
    /// The Arrow, Parquet or CSV writer refused.
    #[error("cannot write {path}: {message}")]
    Arrow {
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
}
