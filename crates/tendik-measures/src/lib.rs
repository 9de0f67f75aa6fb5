//! Measures built on the estimation engine ([`tendik_survey`]): each turns a question
//! (how many children are deprived, and how badly) into one engine request, and the
//! engine's estimates back into the measure's figures, each with its SE, interval, design
//! effect, counts and reliability flag.
//!
//! - [`af`]: Alkire–Foster counting measures on 0/1 deprivation indicators: the
//!   multidimensional headcount H, the intensity A, the adjusted headcount M0, censored
//!   headcounts and the contributions of each indicator, for any cut-offs k.
//! - [`bottleneck`]: coverage chains of the determinants framework: drops between steps,
//!   the bottleneck of each chain, areas ranked by their worst bottleneck.
//! - [`change`]: change over time between two rounds (independent samples): difference,
//!   SE, interval, annualised change and a test of no change.
//! - [`growth`]: WHO 2006 growth standards as SQL functions (`who_haz`, `who_waz`,
//!   `who_whz`, `who_baz` and their flags) for analysis plans and `--define`.
//! - [`inequality`]: WHO HEAT's summary measures of inequality between subgroups, from
//!   subgroup estimates (HEAT's conventions) or design-based from the engine's covariances.
//! - [`wealth`]: the DHS/MICS wealth index (weighted principal components of household
//!   items, quintiles of the household population).

pub mod af;
pub mod bottleneck;
pub mod change;
pub mod growth;
pub mod inequality;
pub mod wealth;

pub use af::{
    AfInequality, AfMeasure, AfRequest, AfResult, AfRun, Cutoff, Indicator, alkire_foster,
    alkire_foster_run,
};

/// Why a measure cannot be computed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MeasureError {
    /// The request itself is wrong (no indicators, a bad weight or cut-off).
    #[error("{0}")]
    BadRequest(String),
    /// An indicator holds values other than 0 and 1.
    #[error(
        "{file}: the deprivation indicator `{column}` holds values other than 0 and 1; give 1 for deprived, 0 for not deprived, empty for missing"
    )]
    NotBinary {
        /// The data.
        file: String,
        /// The column.
        column: String,
    },
    /// A HEAT template row is wrong.
    #[error("{file}, line {line}: {message}")]
    Template {
        /// The template.
        file: String,
        /// The line (1 is the header).
        line: u64,
        /// What is wrong and how to put it right.
        message: String,
    },
    /// The engine failed.
    #[error(transparent)]
    Survey(#[from] tendik_survey::SurveyError),
}
