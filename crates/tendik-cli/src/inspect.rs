//! `tendik inspect`: print a file's codebook.

use std::path::PathBuf;

use crate::output::CliError;

/// Arguments of `tendik inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// The data file (.sav, .zsav, .dta, .csv, .parquet).
    pub(crate) file: PathBuf,
}

pub(crate) fn run(_args: &InspectArgs) -> Result<(), CliError> {
    Err(CliError::new("inspect is not built yet"))
}
