//! The R side of the benchmark: a script for R's survey package and its timings.

use std::path::{Path, PathBuf};

use crate::output::CliError;

/// The script. Arguments: the data CSV, the estimates CSV to write, the timings file to
/// write. It reads with `data.table::fread` when data.table is installed, else `read.csv`.
///
/// `svyby(~y1+…+y6, …, na.rm = TRUE)` would drop a person missing any indicator from all
/// six estimates, whereas tendik drops missing values per variable; so the script runs one
/// `svyby` per indicator and times the loop. Estimates are written with 17 significant
/// digits, outside the timed sections.
pub(crate) const SCRIPT: &str = r#"# Written by `tendik bench`: R's survey package on the bench sample.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
data_path <- args[[1]]
estimates_path <- args[[2]]
timings_path <- args[[3]]

use_fread <- requireNamespace("data.table", quietly = TRUE)
reader <- if (use_fread) "data.table::fread" else "read.csv"
t_read <- system.time({
  d <- if (use_fread) as.data.frame(data.table::fread(data_path)) else read.csv(data_path)
})
t_design <- system.time({
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
})
variables <- paste0("y", 1:6)
results <- vector("list", length(variables))
t_svyby <- system.time({
  for (i in seq_along(variables)) {
    results[[i]] <- svyby(as.formula(paste0("~", variables[[i]])), ~region + urban + quintile,
                          des, svymean, na.rm = TRUE)
  }
})

rows <- do.call(rbind, lapply(seq_along(variables), function(i) {
  r <- results[[i]]
  data.frame(region = r$region, urban = r$urban, quintile = r$quintile,
             variable = variables[[i]],
             estimate = sprintf("%.17g", as.numeric(coef(r))),
             se = sprintf("%.17g", as.numeric(SE(r))))
}))
write.csv(rows, estimates_path, row.names = FALSE, quote = FALSE)
writeLines(c(
  paste0("reader=", reader),
  paste0("versions=", R.version.string, ", survey ", as.character(packageVersion("survey"))),
  sprintf("read=%.6f", t_read[["elapsed"]]),
  sprintf("design=%.6f", t_design[["elapsed"]]),
  sprintf("svyby=%.6f", t_svyby[["elapsed"]])
), timings_path)
"#;

/// What the script reports about itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RTimings {
    /// `data.table::fread` or `read.csv`.
    pub(crate) reader: String,
    /// R's and the survey package's versions.
    pub(crate) versions: String,
    /// Elapsed seconds of reading the CSV, `svydesign`, and the six `svyby` calls.
    pub(crate) read: f64,
    pub(crate) design: f64,
    pub(crate) svyby: f64,
}

impl RTimings {
    /// Parse the timings file the script writes.
    pub(crate) fn parse(text: &str) -> Result<Self, CliError> {
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
                .ok_or_else(|| CliError::new(format!("R's timings lack `{name}`: {text:?}")))
        };
        let seconds = |name: &str| {
            field(name)?
                .trim()
                .parse::<f64>()
                .map_err(|e| CliError::new(format!("R's timing `{name}` is not a number: {e}")))
        };
        Ok(Self {
            reader: field("reader")?.to_owned(),
            versions: field("versions")?.to_owned(),
            read: seconds("read")?,
            design: seconds("design")?,
            svyby: seconds("svyby")?,
        })
    }
}

/// The first `Rscript` on `PATH`, if any.
pub(crate) fn find_rscript() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("Rscript"))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_parse() {
        let text = "reader=read.csv\nversions=R version 4.5.0, survey 4.4.2\nread=1.5\ndesign=0.25\nsvyby=12.000000\n";
        let timings = RTimings::parse(text).expect("valid timings");
        assert_eq!(timings.reader, "read.csv");
        assert_eq!(timings.versions, "R version 4.5.0, survey 4.4.2");
        assert!((timings.read - 1.5).abs() < 1e-12);
        assert!((timings.design - 0.25).abs() < 1e-12);
        assert!((timings.svyby - 12.0).abs() < 1e-12);
    }

    #[test]
    fn missing_timing_is_an_error() {
        assert!(RTimings::parse("reader=read.csv\nread=1\n").is_err());
    }
}
