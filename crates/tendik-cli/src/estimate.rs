//! `tendik estimate`: design-based estimates from one data file.

use crate::output::CliError;

/// Arguments of `tendik estimate`.
#[derive(Debug, clap::Args)]
pub(crate) struct EstimateArgs {}

pub(crate) fn run(_args: &EstimateArgs) -> Result<(), CliError> {
    Err(CliError::new("estimate is not built yet"))
}
