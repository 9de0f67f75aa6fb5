//! The R side of the benchmark: a script for R's survey package and its timings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::output::CliError;

/// The script, every job's R part in one run. Arguments: the data CSV, the directory to
/// write estimates to, the parts to run (comma-separated: `csv`, `indicators`, `weights`,
/// `deprivation`), the indicators CSV (`name,sql,r`), and the timings file to write. It
/// reads with `data.table::fread` when data.table is installed, else `read.csv`.
///
/// R's fastest correct way: the bench's indicators are never missing (the script checks,
/// untimed), so one `svyby(~y1 + … + y6, …)` gives the same figures as one call per
/// indicator in about half the time; likewise one `svyby` with all 40 derived indicators
/// per breakdown, derived once with `update(des, …)`. For `deprivation` (Alkire–Foster
/// with y1..y6 equally weighted, c = y1 + … + y6): `update(des, …)` adds the poverty
/// indicators `poor_k` = 1[c ≥ k] and the censored scores `censored_k` = c·1[c ≥ k]/6 for
/// k = 1..6; H and M0 are one `svymean` of the 12 (national) and one `svyby(…, ~region,
/// des, svymean)`; A is `svyratio(~censored_k, ~poor_k)` per k, national and in one
/// `svyby(…, svyratio)` per k (one call with six numerators and six denominators would
/// compute all 36 pairs); the indicator rates are `svyby(~y1 + … + y6, ~region, des,
/// svymean)`. Each part is timed with `system.time`; estimates are written with 17
/// significant digits, outside the timed sections. Timings: `read`, `design`, `svyby_csv`,
/// `derive`, `svyby_region`, `svyby_urban`, `svyby_quintile`, `svyby_region_urban`,
/// `svymean_national`, `design_weights`, `svymean_weights`, `svymean_clustered`,
/// `derive_af`, `svymean_af`, `svyratio_af`, `svyby_af`, `svyby_ratio_af`, `svyby_rates`,
/// and `write`.
pub(crate) const SCRIPT: &str = r#"# Written by `tendik bench`: R's survey package on the bench sample, all jobs in one run.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
data_path <- args[[1]]
out_dir <- args[[2]]
parts <- strsplit(args[[3]], ",", fixed = TRUE)[[1]]
indicators_path <- args[[4]]
timings_path <- args[[5]]

timings <- character()
record <- function(name, t) timings <<- c(timings, sprintf("%s=%.6f", name, t[["elapsed"]]))
t_write <- 0
save <- function(rows, name) {
  t <- system.time(write.csv(rows, file.path(out_dir, name), row.names = FALSE, quote = FALSE))
  t_write <<- t_write + t[["elapsed"]]
}
number <- function(x) sprintf("%.17g", as.numeric(x))
# A svyby result in long form: the by columns, variable, estimate, se.
long_svyby <- function(r, by, vars) {
  est <- as.matrix(r[, vars, drop = FALSE])
  se <- as.matrix(SE(r))
  do.call(rbind, lapply(seq_along(vars), function(j) {
    cbind(r[, by, drop = FALSE], variable = vars[[j]], estimate = number(est[, j]),
          se = number(se[, j]))
  }))
}
long_svymean <- function(m) {
  data.frame(variable = names(coef(m)), estimate = number(coef(m)), se = number(SE(m)))
}

use_fread <- requireNamespace("data.table", quietly = TRUE)
reader <- if (use_fread) "data.table::fread" else "read.csv"
record("read", system.time({
  d <- if (use_fread) as.data.frame(data.table::fread(data_path)) else read.csv(data_path)
}))
ys <- paste0("y", 1:6)
if (anyNA(d[ys])) {
  stop("y1..y6 have missing values: one svyby(~y1 + ... + y6) would not give six calls' figures")
}
record("design", system.time({
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
}))

if ("csv" %in% parts) {
  record("svyby_csv", system.time({
    r <- svyby(~y1 + y2 + y3 + y4 + y5 + y6, ~region + urban + quintile, des, svymean)
  }))
  save(long_svyby(r, c("region", "urban", "quintile"), ys), "r_csv.csv")
}

if ("indicators" %in% parts) {
  defs <- read.csv(indicators_path, stringsAsFactors = FALSE)
  exprs <- setNames(lapply(defs$r, str2lang), defs$name)
  record("derive", system.time({
    des_i <- eval(as.call(c(list(quote(update), quote(des)), exprs)))
  }))
  if (anyNA(des_i$variables[defs$name])) stop("a derived indicator has missing values")
  formula <- as.formula(paste("~", paste(defs$name, collapse = " + ")))
  breakdowns <- list(region = "region", urban = "urban", quintile = "quintile",
                     region_urban = c("region", "urban"))
  for (b in names(breakdowns)) {
    by <- breakdowns[[b]]
    by_formula <- as.formula(paste("~", paste(by, collapse = " + ")))
    record(paste0("svyby_", b), system.time({
      r <- svyby(formula, by_formula, des_i, svymean)
    }))
    save(long_svyby(r, by, defs$name), paste0("r_indicators_", b, ".csv"))
  }
  record("svymean_national", system.time(m <- svymean(formula, des_i)))
  save(long_svymean(m), "r_indicators_national.csv")
}

if ("weights" %in% parts) {
  record("design_weights", system.time({
    des_w <- svydesign(ids = ~1, weights = ~weight, data = d)
  }))
  record("svymean_weights", system.time(m <- svymean(~y1, des_w)))
  save(long_svymean(m), "r_weights.csv")
  record("svymean_clustered", system.time(m <- svymean(~y1, des)))
  save(long_svymean(m), "r_clustered.csv")
}

if ("deprivation" %in% parts) {
  ks <- 1:6
  poor <- paste0("poor_", ks)
  censored <- paste0("censored_", ks)
  # poor_k = 1[c >= k], censored_k = c * 1[c >= k] / 6, c the number of deprivations.
  af_exprs <- c(
    setNames(lapply(ks, function(k) bquote(as.numeric(af_count >= .(k)))), poor),
    setNames(lapply(ks, function(k) bquote(af_count * as.numeric(af_count >= .(k)) / 6)), censored)
  )
  record("derive_af", system.time({
    des_af <- update(des, af_count = y1 + y2 + y3 + y4 + y5 + y6)
    des_af <- eval(as.call(c(list(quote(update), quote(des_af)), af_exprs)))
  }))
  # H (poor_k) and M0 (censored_k), by the variable's name.
  af_long <- function(rows) {
    rows$measure <- ifelse(startsWith(as.character(rows$variable), "poor_"), "H", "M0")
    rows$k <- sub("^.*_", "", as.character(rows$variable))
    rows[, setdiff(names(rows), "variable")]
  }
  af_formula <- as.formula(paste("~", paste(c(poor, censored), collapse = " + ")))
  record("svymean_af", system.time(m <- svymean(af_formula, des_af)))
  national <- af_long(long_svymean(m))
  record("svyratio_af", system.time({
    a <- lapply(ks, function(k) {
      svyratio(as.formula(paste0("~censored_", k)), as.formula(paste0("~poor_", k)), des_af)
    })
  }))
  national <- rbind(national, data.frame(
    estimate = number(sapply(a, coef)), se = number(sapply(a, SE)), measure = "A", k = ks
  ))
  save(national[, c("measure", "k", "estimate", "se")], "r_deprivation_national.csv")
  record("svyby_af", system.time(r <- svyby(af_formula, ~region, des_af, svymean)))
  by_region <- af_long(long_svyby(r, "region", c(poor, censored)))
  record("svyby_ratio_af", system.time({
    ra <- lapply(ks, function(k) {
      svyby(as.formula(paste0("~censored_", k)), ~region, des_af, svyratio,
            denominator = as.formula(paste0("~poor_", k)))
    })
  }))
  for (i in seq_along(ks)) {
    by_region <- rbind(by_region, data.frame(
      region = ra[[i]]$region, estimate = number(coef(ra[[i]])),
      se = number(SE(ra[[i]])), measure = "A", k = ks[[i]]
    ))
  }
  save(by_region[, c("region", "measure", "k", "estimate", "se")], "r_deprivation_region.csv")
  record("svyby_rates", system.time({
    r <- svyby(~y1 + y2 + y3 + y4 + y5 + y6, ~region, des, svymean)
  }))
  save(long_svyby(r, "region", ys), "r_deprivation_rates.csv")
}

writeLines(c(
  paste0("reader=", reader),
  paste0("versions=", R.version.string, ", survey ", as.character(packageVersion("survey"))),
  timings,
  sprintf("write=%.6f", t_write)
), timings_path)
"#;

/// What the script reports about itself.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RTimings {
    /// `data.table::fread` or `read.csv`.
    pub(crate) reader: String,
    /// R's and the survey package's versions.
    pub(crate) versions: String,
    /// Elapsed seconds of each timed part, by name (`read`, `design`, `svyby_csv`, …).
    pub(crate) parts: BTreeMap<String, f64>,
}

impl RTimings {
    /// Parse the timings file the script writes.
    pub(crate) fn parse(text: &str) -> Result<Self, CliError> {
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
                .ok_or_else(|| CliError::new(format!("R's timings lack `{name}`: {text:?}")))
        };
        let mut parts = BTreeMap::new();
        for line in text.lines() {
            let Some((name, value)) = line.split_once('=') else {
                continue;
            };
            if name == "reader" || name == "versions" {
                continue;
            }
            let seconds = value
                .trim()
                .parse::<f64>()
                .map_err(|e| CliError::new(format!("R's timing `{name}` is not a number: {e}")))?;
            parts.insert(name.to_owned(), seconds);
        }
        let timings = Self {
            reader: field("reader")?.to_owned(),
            versions: field("versions")?.to_owned(),
            parts,
        };
        timings.part("read")?;
        Ok(timings)
    }

    /// The seconds of one part.
    pub(crate) fn part(&self, name: &str) -> Result<f64, CliError> {
        self.parts
            .get(name)
            .copied()
            .ok_or_else(|| CliError::new(format!("R's timings lack `{name}`")))
    }

    /// The seconds of several parts together.
    pub(crate) fn sum(&self, names: &[&str]) -> Result<f64, CliError> {
        names.iter().map(|name| self.part(name)).sum()
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
        let text = "reader=read.csv\nversions=R version 4.5.0, survey 4.4.2\nread=1.5\ndesign=0.25\nsvyby_csv=12.000000\n";
        let timings = RTimings::parse(text).expect("valid timings");
        assert_eq!(timings.reader, "read.csv");
        assert_eq!(timings.versions, "R version 4.5.0, survey 4.4.2");
        assert!((timings.part("read").expect("read") - 1.5).abs() < 1e-12);
        let sum = timings.sum(&["design", "svyby_csv"]).expect("both parts");
        assert!((sum - 12.25).abs() < 1e-12);
        assert!(timings.part("derive").is_err());
    }

    #[test]
    fn missing_timing_is_an_error() {
        assert!(RTimings::parse("reader=read.csv\nversions=R\n").is_err());
        assert!(RTimings::parse("reader=read.csv\nversions=R\nread=x\n").is_err());
    }
}
