//! `tendik bench`: time `tendik estimate` against R's survey package.

use crate::output::CliError;

/// Arguments of `tendik bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {}

pub(crate) fn run(_args: &BenchArgs) -> Result<(), CliError> {
    Err(CliError::new("bench is not built yet"))
}
