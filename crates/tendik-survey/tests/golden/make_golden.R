# make_golden.R -- golden reference values for tendik-survey, computed with R's survey package.
#
# Produced with: R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1
#   (Debian packages r-base-core, r-cran-survey)
# Command (run from this folder):
#   Rscript make_golden.R
# Date of the committed run: 2026-11-28 (a run prints its own date on the last line).
#
# Inputs:  <shared>/data/r-survey/{apistrat,apiclus1,apiclus2,nhanes}.csv where <shared> is
#          ../../../../../shared relative to this folder, or $TENDIK_SHARED if set
#          ($TENDIK_SHARED may point at the shared folder or at its data/ folder).
# Outputs: data/gen_*.csv   small generated designs (set.seed, committed)
#          expected.csv     one row per estimate (see README.md for the columns)
#
# Every design is svydesign(ids = ~psu or ~1, strata = ~strata or NULL, weights = ~weight,
#                           fpc = ~fpc or NULL, nest = TRUE, data = ...),
# with options(survey.lonely.psu = <lonely_psu>) and survey.adjust.domain.lonely = FALSE.
# A `where` is applied with subset(design, ...) before estimating; domains use svyby().
# Numbers are written with sprintf("%.17g"); NA/NaN are written as empty fields.

suppressPackageStartupMessages(library(survey))
if (packageVersion("survey") != "4.1.1") warning("golden values were made with survey 4.1.1, this is ", packageVersion("survey"))
options(survey.adjust.domain.lonely = FALSE, warn = 1, stringsAsFactors = FALSE)

# svyciprop(method = "logit") fits svyglm(I(...) ~ 1, family = quasibinomial) by IRLS with the
# default glm.control(epsilon = 1e-8), so its CI sits up to ~3e-8 (relative) away from the
# converged value expit(logit(p) -/+ qt(0.975, df) * SE(p) / (p * (1 - p))). ciprop_logit() is
# svyciprop's logit branch verbatim (survey 4.1.1) except that the IRLS runs to convergence
# (epsilon = 1e-13), so the CIs can be compared at 1e-9. Each CI is also checked against
# svyciprop() itself (gap < 1e-7) and against the closed form above (gap < 1e-11).
ciprop_logit <- function(formula, design, level = 0.95, df = degf(design), ...) {
  m <- eval(bquote(svyglm(.(formula[[2]]) ~ 1, design, family = quasibinomial,
                          control = glm.control(epsilon = 1e-13, maxit = 100))))
  ci <- suppressMessages(as.numeric(plogis(confint(m, 1, level = level, method = "Wald", ddf = df))))
  rval <- plogis(coef(m))[1]
  attr(rval, "var") <- vcov(eval(bquote(svymean(~as.numeric(.(formula[[2]])), design, ...))))
  halfalpha <- (1 - level) / 2
  names(ci) <- paste(round(c(halfalpha, (1 - halfalpha)) * 100, 1), "%", sep = "")
  names(rval) <- paste(deparse(formula[[2]]), collapse = "")
  attr(rval, "ci") <- ci
  class(rval) <- "svyciprop"
  rval
}

## ---------------------------------------------------------------- paths
script_dir <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f)) dirname(normalizePath(f)) else getwd()
})
setwd(script_dir)
shared_env <- Sys.getenv("TENDIK_SHARED", "")
shared_root <- if (nzchar(shared_env)) shared_env else file.path(script_dir, "../../../../../shared")
rsurvey_dir <- if (dir.exists(file.path(shared_root, "data", "r-survey"))) {
  file.path(shared_root, "data", "r-survey")
} else file.path(shared_root, "r-survey")
if (!dir.exists(rsurvey_dir)) stop("shared data not found: ", rsurvey_dir, " (set TENDIK_SHARED)")
dir.create(file.path(script_dir, "data"), showWarnings = FALSE)

## ---------------------------------------------------------------- generated designs
write_gen <- function(d, name) {
  write.csv(d, file.path("data", name), row.names = FALSE, na = "")
}

# gen_lonely: 6 strata; strata 5 and 6 have a single PSU (lonely). PSU ids restart at 1 in
# every stratum (so nest=TRUE matters). Domain grp == "c" only occurs in strata 1-3, and in
# stratum 2 only in PSU 1 (a normal stratum with one PSU in the domain).
# fpc_n = population number of PSUs: stratum 4 and lonely stratum 5 are fully enumerated
# (N_h = n_h), so they contribute zero variance.
set.seed(20240611)
npsu <- c(3, 2, 4, 3, 1, 1)
fpcn <- c(10, 8, 12, 3, 1, 4)
rows <- list()
for (h in 1:6) for (j in seq_len(npsu[h])) {
  m <- sample(3:7, 1)
  c_ok <- (h == 1 && j %in% 1:2) || (h == 2 && j == 1) || (h == 3 && j %in% 2:3)
  grp <- if (c_ok) sample(c("a", "b", "c"), m, replace = TRUE, prob = c(.3, .3, .4))
         else sample(c("a", "b"), m, replace = TRUE)
  if (c_ok && !any(grp == "c")) grp[1] <- "c"
  rows[[length(rows) + 1]] <- data.frame(
    h = h, psu = j,
    wt = round(10 * h * runif(m, 0.8, 1.25), 3),
    y = round(rnorm(m, 50 + 4 * h + 3 * j, 8), 2),
    x = round(runif(m, 1, 6), 2),
    grp = grp,
    sex = sample(1:2, m, replace = TRUE),
    cat = sample(c("lo", "mid", "hi"), m, replace = TRUE),
    flag = rbinom(m, 1, 0.4),
    fpc_n = fpcn[h])
}
gen_lonely <- do.call(rbind, rows)
n <- nrow(gen_lonely)
gen_lonely$y[sample(n, 6)] <- NA
gen_lonely$flag[sample(n, 4)] <- NA
gen_lonely$x[sample(n, 1)] <- NA
write_gen(gen_lonely, "gen_lonely.csv")

# gen_frac: 5 strata with 2-5 PSUs; fpc given both as a sampling fraction (fpc_f) and as the
# equivalent population count of PSUs (fpc_n = n_h / f_h). Stratum 5 is self-representing
# (f = 1, all PSUs taken).
set.seed(7)
npsu <- c(2, 4, 5, 3, 3)
frac <- c(0.5, 0.25, 0.2, 0.125, 1)
rows <- list()
for (h in 1:5) for (j in seq_len(npsu[h])) {
  m <- sample(2:6, 1)
  rows[[length(rows) + 1]] <- data.frame(
    stratum = paste0("S", h), cluster = 100 + j,
    w = round((npsu[h] / frac[h]) * runif(m, 2, 4), 2),
    y = round(rnorm(m, 20 + 2 * h, 5), 2),
    x = round(runif(m, 1, 3), 2),
    z = sample(c("u", "v"), m, replace = TRUE),
    k = sample(1:3, m, replace = TRUE),
    fpc_f = frac[h], fpc_n = npsu[h] / frac[h])
}
gen_frac <- do.call(rbind, rows)
gen_frac$y[sample(nrow(gen_frac), 4)] <- NA
# resp: a string answer that is missing for every row of two PSUs (S2/101 and S3/103) and
# for a few more rows: after na.rm those PSUs are gone, yet they still count in nPSU (and
# in svyciprop's degf, which is taken before the missing rows are dropped).
set.seed(8)
gen_frac$resp <- sample(c("A", "B"), nrow(gen_frac), replace = TRUE)
gen_frac$resp[(gen_frac$stratum == "S2" & gen_frac$cluster == 101) |
              (gen_frac$stratum == "S3" & gen_frac$cluster == 103)] <- NA
gen_frac$resp[sample(which(!is.na(gen_frac$resp)), 3)] <- NA
write_gen(gen_frac, "gen_frac.csv")

# gen_wonly: weights only, weights below 1 so that sum(w) < n: R's svymean deff is NA
# (with a warning), svytotal's deff uses (N - n) < 0 and comes out negative.
set.seed(11)
m <- 120
gen_wonly <- data.frame(
  id = 1:m,
  w = round(runif(m, 0.3, 0.9), 4),
  y = round(rgamma(m, 3, 0.2), 2),
  x = round(runif(m, 1, 10), 2),
  ans = sample(c("yes", "no", "maybe"), m, replace = TRUE, prob = c(.5, .3, .2)),
  code = sample(1:2, m, replace = TRUE))
gen_wonly$y[sample(m, 5)] <- NA
write_gen(gen_wonly, "gen_wonly.csv")

## ---------------------------------------------------------------- cases
# Columns: case, data, weight, strata, psu, fpc, lonely, statistic, variable, by,
#          where_sql, where_r (R expression for subset(); "" = none)
C <- function(case, data, weight, strata = "", psu = "", fpc = "", lonely = "fail",
              statistic, variable, by = "", where_sql = "", where_r = "") {
  data.frame(case = case, data = data, weight = weight, strata = strata, psu = psu,
             fpc = fpc, lonely_psu = lonely, statistic = statistic, variable = variable,
             by = by, where = where_sql, where_r = where_r)
}
AS <- "shared:r-survey/apistrat.csv"
A1 <- "shared:r-survey/apiclus1.csv"
A2 <- "shared:r-survey/apiclus2.csv"
NH <- "shared:r-survey/nhanes.csv"
GL <- "golden:data/gen_lonely.csv"
GF <- "golden:data/gen_frac.csv"
GW <- "golden:data/gen_wonly.csv"

cases <- rbind(
  # apistrat, weights only
  C("strat_w_mean", AS, "pw", statistic = "mean", variable = "api00"),
  C("strat_w_total", AS, "pw", statistic = "total", variable = "enroll"),
  C("strat_w_ratio", AS, "pw", statistic = "ratio", variable = "api.stu/enroll"),
  C("strat_w_prop", AS, "pw", statistic = "proportion", variable = "awards"),
  C("strat_w_mean_by", AS, "pw", statistic = "mean", variable = "api00", by = "stype"),
  # apistrat, strata without fpc
  C("strat_s_mean", AS, "pw", "stype", statistic = "mean", variable = "api00"),
  C("strat_s_total_by", AS, "pw", "stype", statistic = "total", variable = "enroll", by = "sch.wide"),
  # apistrat, strata + fpc (count of units per stratum)
  C("strat_mean", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00"),
  C("strat_total", AS, "pw", "stype", "", "fpc", statistic = "total", variable = "enroll"),
  C("strat_ratio", AS, "pw", "stype", "", "fpc", statistic = "ratio", variable = "api.stu/enroll"),
  C("strat_prop", AS, "pw", "stype", "", "fpc", statistic = "proportion", variable = "sch.wide"),
  C("strat_mean_na", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "acs.k3"),
  C("strat_mean_by", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00", by = "awards"),
  C("strat_total_by2", AS, "pw", "stype", "", "fpc", statistic = "total", variable = "enroll", by = "stype,awards"),
  C("strat_ratio_by", AS, "pw", "stype", "", "fpc", statistic = "ratio", variable = "api.stu/enroll", by = "yr.rnd"),
  C("strat_prop_by", AS, "pw", "stype", "", "fpc", statistic = "proportion", variable = "awards", by = "stype"),
  C("strat_mean_where", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00",
    where_sql = "\"api00\" > 600", where_r = "api00 > 600"),
  C("strat_mean_where_by", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "acs.k3", by = "sch.wide",
    where_sql = "\"stype\" = 'E'", where_r = "stype == 'E'"),
  C("strat_prop_where", AS, "pw", "stype", "", "fpc", statistic = "proportion", variable = "awards",
    where_sql = "\"api00\" > 600", where_r = "api00 > 600"),
  # apiclus1: one-stage cluster sample of districts, fpc = number of districts
  C("clus1_mean", A1, "pw", "", "dnum", "fpc", statistic = "mean", variable = "api00"),
  C("clus1_total", A1, "pw", "", "dnum", "fpc", statistic = "total", variable = "enroll"),
  C("clus1_ratio", A1, "pw", "", "dnum", "fpc", statistic = "ratio", variable = "api.stu/enroll"),
  C("clus1_prop", A1, "pw", "", "dnum", "fpc", statistic = "proportion", variable = "stype"),
  C("clus1_mean_na", A1, "pw", "", "dnum", "fpc", statistic = "mean", variable = "avg.ed"),
  C("clus1_mean_by", A1, "pw", "", "dnum", "fpc", statistic = "mean", variable = "api00", by = "stype"),
  C("clus1_prop_by", A1, "pw", "", "dnum", "fpc", statistic = "proportion", variable = "sch.wide", by = "stype"),
  C("clus1_total_by2", A1, "pw", "", "dnum", "fpc", statistic = "total", variable = "enroll", by = "stype,sch.wide"),
  C("clus1_ratio_where", A1, "pw", "", "dnum", "fpc", statistic = "ratio", variable = "api.stu/enroll",
    where_sql = "\"api00\" > 700", where_r = "api00 > 700"),
  C("clus1_w_mean", A1, "pw", "", "dnum", "", statistic = "mean", variable = "api00"),
  # apiclus2, first stage only (ids = dnum, fpc = fpc1); variables with NAs
  C("clus2_mean_na", A2, "pw", "", "dnum", "fpc1", statistic = "mean", variable = "acs.core"),
  C("clus2_total_na", A2, "pw", "", "dnum", "fpc1", statistic = "total", variable = "enroll"),
  C("clus2_ratio_na", A2, "pw", "", "dnum", "fpc1", statistic = "ratio", variable = "api.stu/enroll"),
  C("clus2_mean_na_by", A2, "pw", "", "dnum", "fpc1", statistic = "mean", variable = "acs.core", by = "stype"),
  C("clus2_prop", A2, "pw", "", "dnum", "fpc1", statistic = "proportion", variable = "awards"),
  C("clus2_prop_by", A2, "pw", "", "dnum", "fpc1", statistic = "proportion", variable = "sch.wide", by = "stype"),
  # nhanes: strata + PSUs nested in strata, no fpc
  C("nh_prop", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "proportion", variable = "HI_CHOL"),
  C("nh_mean", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "mean", variable = "HI_CHOL"),
  C("nh_total", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "total", variable = "HI_CHOL"),
  C("nh_ratio", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "ratio", variable = "HI_CHOL/RIAGENDR"),
  C("nh_prop_str", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "proportion", variable = "agecat"),
  C("nh_prop_by", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "proportion", variable = "HI_CHOL", by = "race"),
  C("nh_mean_by2", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "mean", variable = "HI_CHOL", by = "race,RIAGENDR"),
  C("nh_prop_by_str", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "proportion", variable = "race", by = "agecat"),
  C("nh_mean_where", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "mean", variable = "HI_CHOL",
    where_sql = "\"agecat\" = '(19,39]'", where_r = "agecat == '(19,39]'"),
  C("nh_total_where_by", NH, "WTMEC2YR", "SDMVSTRA", "SDMVPSU", statistic = "total", variable = "HI_CHOL", by = "RIAGENDR",
    where_sql = "\"race\" <= 2", where_r = "race <= 2"),
  # gen_frac: fpc as a sampling fraction, and the same design with fpc as a PSU count
  C("frac_f_mean", GF, "w", "stratum", "cluster", "fpc_f", statistic = "mean", variable = "y"),
  C("frac_n_mean", GF, "w", "stratum", "cluster", "fpc_n", statistic = "mean", variable = "y"),
  C("frac_f_total", GF, "w", "stratum", "cluster", "fpc_f", statistic = "total", variable = "y"),
  C("frac_n_total", GF, "w", "stratum", "cluster", "fpc_n", statistic = "total", variable = "y"),
  C("frac_f_ratio", GF, "w", "stratum", "cluster", "fpc_f", statistic = "ratio", variable = "y/x"),
  C("frac_f_prop", GF, "w", "stratum", "cluster", "fpc_f", statistic = "proportion", variable = "k"),
  C("frac_f_mean_by", GF, "w", "stratum", "cluster", "fpc_f", statistic = "mean", variable = "y", by = "z"),
  C("frac_n_prop_by", GF, "w", "stratum", "cluster", "fpc_n", statistic = "proportion", variable = "z", by = "k"),
  C("frac_f_prop_na", GF, "w", "stratum", "cluster", "fpc_f", statistic = "proportion", variable = "resp"),
  C("frac_f_prop_na_by", GF, "w", "stratum", "cluster", "fpc_f", statistic = "proportion", variable = "resp", by = "z"),
  C("frac_f_total_na_where", GF, "w", "stratum", "cluster", "fpc_f", statistic = "total", variable = "y",
    where_sql = "\"resp\" = 'A'", where_r = "resp == 'A'"),
  C("frac_nofpc_mean", GF, "w", "stratum", "cluster", "", statistic = "mean", variable = "y"),
  # gen_wonly: weights only, sum of weights < n
  C("wonly_mean", GW, "w", statistic = "mean", variable = "y"),
  C("wonly_total", GW, "w", statistic = "total", variable = "y"),
  C("wonly_ratio", GW, "w", statistic = "ratio", variable = "y/x"),
  C("wonly_prop", GW, "w", statistic = "proportion", variable = "ans"),
  C("wonly_prop_by", GW, "w", statistic = "proportion", variable = "code", by = "ans")
)

# gen_lonely: every lonely.psu policy (under fail only a few: they all stop)
for (pol in c("fail", "remove", "certainty", "adjust", "average")) {
  p <- function(s) paste0("lonely_", pol, "_", s)
  cs <- rbind(
    C(p("mean"), GL, "wt", "h", "psu", "", pol, "mean", "y"),
    C(p("total"), GL, "wt", "h", "psu", "", pol, "total", "y"),
    C(p("ratio"), GL, "wt", "h", "psu", "", pol, "ratio", "y/x"),
    C(p("prop"), GL, "wt", "h", "psu", "", pol, "proportion", "cat"),
    C(p("mean_by"), GL, "wt", "h", "psu", "", pol, "mean", "y", by = "grp"),
    C(p("prop_by"), GL, "wt", "h", "psu", "", pol, "proportion", "flag", by = "grp"),
    C(p("total_where"), GL, "wt", "h", "psu", "", pol, "total", "y",
      where_sql = "\"grp\" = 'c'", where_r = "grp == 'c'"))
  keep <- switch(pol, fail = c("mean", "ratio", "prop_by", "total_where"),
                 adjust = c("mean", "total", "ratio", "prop", "mean_by", "prop_by", "total_where"),
                 c("mean", "total", "ratio", "prop", "mean_by", "prop_by"))
  cases <- rbind(cases, cs[cs$case %in% p(keep), ])
}
cases <- rbind(cases,
  # two by-variables with a lonely stratum
  C("lonely_average_mean_by2", GL, "wt", "h", "psu", "", "average", "mean", "y", by = "grp,sex"),
  C("lonely_adjust_total_by2", GL, "wt", "h", "psu", "", "adjust", "total", "y", by = "grp,sex"),
  # average: one lonely stratum excluded by where (nstrat/nokstrat change), and only lonely strata left
  C("lonely_average_mean_where6", GL, "wt", "h", "psu", "", "average", "mean", "y",
    where_sql = "\"h\" <> 6", where_r = "h != 6"),
  C("lonely_average_mean_onlylonely", GL, "wt", "h", "psu", "", "average", "mean", "y",
    where_sql = "\"h\" >= 5", where_r = "h >= 5"),
  C("lonely_fail_mean_where56", GL, "wt", "h", "psu", "", "fail", "mean", "y",
    where_sql = "\"h\" <= 4", where_r = "h <= 4"),
  # with fpc counts: stratum 5 (lonely) has N_h = 1 -> zero variance even under fail
  C("lonely_fail_fpc_mean_where6", GL, "wt", "h", "psu", "fpc_n", "fail", "mean", "y",
    where_sql = "\"h\" <> 6", where_r = "h != 6"),
  C("lonely_fail_fpc_mean", GL, "wt", "h", "psu", "fpc_n", "fail", "mean", "y"),
  C("lonely_adjust_fpc_mean", GL, "wt", "h", "psu", "fpc_n", "adjust", "mean", "y"),
  C("lonely_adjust_fpc_total", GL, "wt", "h", "psu", "fpc_n", "adjust", "total", "y"),
  C("lonely_average_fpc_mean", GL, "wt", "h", "psu", "fpc_n", "average", "mean", "y"),
  C("lonely_certainty_fpc_ratio_by", GL, "wt", "h", "psu", "fpc_n", "certainty", "ratio", "y/x", by = "sex"),
  C("lonely_average_fpc_prop_by", GL, "wt", "h", "psu", "fpc_n", "average", "proportion", "cat", by = "sex")
)
stopifnot(!anyDuplicated(cases$case))

## ---------------------------------------------------------------- helpers
data_cache <- list()
load_data <- function(key) {
  if (!is.null(data_cache[[key]])) return(data_cache[[key]])
  path <- if (startsWith(key, "shared:")) file.path(rsurvey_dir, sub("^shared:r-survey/", "", key))
          else file.path(script_dir, sub("^golden:", "", key))
  d <- read.csv(path, na.strings = c("NA", ""), check.names = FALSE, stringsAsFactors = FALSE)
  data_cache[[key]] <<- d
  d
}

bq <- function(v) paste0("`", v, "`")
fml <- function(s) as.formula(s, env = globalenv())
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
fmt_val <- function(x) {
  if (is.numeric(x)) ifelse(!is.na(x) & x == round(x) & abs(x) < 1e15, sprintf("%.0f", x), sprintf("%.17g", x))
  else as.character(x)
}
lit <- function(x) if (is.numeric(x)) fmt_val(x) else deparse(as.character(x))

make_design <- function(cs) {
  d <- load_data(cs$data)
  ids <- if (nzchar(cs$psu)) fml(paste0("~", bq(cs$psu))) else ~1
  strata <- if (nzchar(cs$strata)) fml(paste0("~", bq(cs$strata))) else NULL
  fpc <- if (nzchar(cs$fpc)) fml(paste0("~", bq(cs$fpc))) else NULL
  des <- svydesign(ids = ids, strata = strata, weights = fml(paste0("~", bq(cs$weight))),
                   fpc = fpc, nest = TRUE, data = d)
  if (nzchar(cs$where_r)) {
    des <- eval(parse(text = sprintf("subset(des, %s)", cs$where_r)))
  }
  des
}

error_key <- function(msg) {
  if (grepl("only one PSU", msg, ignore.case = TRUE)) "only one psu" else tolower(trimws(msg))
}

# counts over the rows of the (where-subsetted) design that are in the domain and non-missing
counts <- function(des, vars, keep = rep(TRUE, nrow(des$variables))) {
  ok <- keep & complete.cases(des$variables[, vars, drop = FALSE])
  c(n = sum(ok), wn = sum(weights(des)[ok]))
}
dom_label <- function(vars, byv) {
  do.call(paste, c(lapply(byv, function(b) fmt_val(vars[[b]])), sep = "|"))
}

out_row <- function(cs, by_value = "", level = "", est = NA, se = NA, lo = NA, hi = NA,
                    deff = NA, n = NA, wn = NA, df = NA, error = "") {
  data.frame(case = cs$case, data = cs$data, weight = cs$weight, strata = cs$strata,
             psu = cs$psu, fpc = cs$fpc, lonely_psu = cs$lonely_psu,
             statistic = cs$statistic, variable = cs$variable, by = cs$by, where = cs$where,
             by_value = by_value, level = level, estimate = num(est), se = num(se),
             ci_lower = num(lo), ci_upper = num(hi), deff = num(deff),
             n = num(n), weighted_n = num(wn), df = num(df), error = error)
}

# positional extraction from a svyby result made with vartype=c("se","ci") [+ deff]
by_parts <- function(b, nby, k) {
  ns <- attr(b, "svyby")$nstats
  has_deff <- ncol(b) > nby + 4 * ns
  list(est = b[[nby + k]], se = b[[nby + ns + k]], lo = b[[nby + 2 * ns + k]],
       hi = b[[nby + 3 * ns + k]], deff = if (has_deff) b[[nby + 4 * ns + k]] else NA,
       stat_names = names(b)[nby + seq_len(ns)])
}

max_ciprop_gap <- 0  # largest relative gap between svyciprop's CI and the closed form

max_svyciprop_gap <- 0  # largest relative gap between ciprop_logit and svyciprop (default IRLS)
check_gap <- function(a, b) {
  ok <- !is.na(a) & !is.na(b)
  stopifnot(identical(is.na(a), is.na(b)))
  if (any(ok)) max_svyciprop_gap <<- max(max_svyciprop_gap, abs(a[ok] - b[ok]) / abs(b[ok]))
  if (max_svyciprop_gap > 1e-7) stop("ciprop_logit differs from svyciprop by ", max_svyciprop_gap)
}

check_ciprop <- function(p, se, df, lo, hi) {
  if (is.na(lo) || !is.finite(df) || df <= 0 || p <= 0 || p >= 1) return(invisible())
  q <- qt(0.975, df)
  cf <- plogis(qlogis(p) + c(-1, 1) * q * se / (p * (1 - p)))
  gap <- max(abs(c(lo, hi) - cf) / abs(cf))
  max_ciprop_gap <<- max(max_ciprop_gap, gap)
  if (nzchar(Sys.getenv("CIPROP_DEBUG"))) message(sprintf("ciprop gap %.3g p=%.6g", gap, p))
}

## ---------------------------------------------------------------- one case
run_case <- function(cs) {
  options(survey.lonely.psu = cs$lonely_psu)
  des <- make_design(cs)
  V <- des$variables
  byv <- if (nzchar(cs$by)) strsplit(cs$by, ",")[[1]] else character(0)
  byf <- if (length(byv)) fml(paste0("~", paste(bq(byv), collapse = "+"))) else NULL
  st <- cs$statistic

  if (st == "ratio") {
    nd <- strsplit(cs$variable, "/")[[1]]
    vars <- nd
    fnum <- fml(paste0("~", bq(nd[1]))); fden <- fml(paste0("~", bq(nd[2])))
  } else {
    vars <- cs$variable
    fy <- fml(paste0("~", bq(cs$variable)))
  }

  if (st %in% c("mean", "total", "ratio")) {
    fun <- switch(st, mean = svymean, total = svytotal, ratio = svyratio)
    if (!length(byv)) {
      r <- if (st == "ratio") svyratio(fnum, fden, des, na.rm = TRUE, deff = TRUE)
           else fun(fy, des, na.rm = TRUE, deff = TRUE)
      ci <- confint(r)
      d <- deff(r)
      k <- counts(des, vars)
      return(out_row(cs, est = coef(r)[1], se = SE(r)[1], lo = ci[1, 1], hi = ci[1, 2],
                     deff = if (is.null(d)) NA else d[1], n = k["n"], wn = k["wn"], df = Inf))
    }
    b <- if (st == "ratio") svyby(fnum, byf, des, svyratio, denominator = fden, na.rm = TRUE,
                                  deff = TRUE, vartype = c("se", "ci"))
         else svyby(fy, byf, des, fun, na.rm = TRUE, deff = TRUE, vartype = c("se", "ci"))
    pr <- by_parts(b, length(byv), 1)
    labs <- dom_label(b, byv)
    vlab <- dom_label(V, byv)
    rows <- lapply(seq_len(nrow(b)), function(i) {
      k <- counts(des, vars, vlab == labs[i])
      out_row(cs, by_value = labs[i], est = pr$est[i], se = pr$se[i], lo = pr$lo[i],
              hi = pr$hi[i], deff = pr$deff[i], n = k["n"], wn = k["wn"], df = Inf)
    })
    return(do.call(rbind, rows))
  }

  # proportions: one row per level (levels of the where-subsetted design)
  x <- V[[cs$variable]]
  lv <- sort(unique(x[!is.na(x)]))
  rows <- list()
  for (L in lv) {
    f <- fml(sprintf("~I(%s == %s)", bq(cs$variable), lit(L)))
    if (!length(byv)) {
      m <- svymean(f, des, na.rm = TRUE, deff = TRUE)
      j <- grep("TRUE$", names(coef(m)))
      cp <- ciprop_logit(f, des, level = 0.95)
      cp0 <- svyciprop(f, des, method = "logit", level = 0.95)
      df <- degf(des)
      ci <- attr(cp, "ci")
      check_gap(ci, attr(cp0, "ci"))
      check_ciprop(coef(m)[j], SE(m)[j], df, ci[1], ci[2])
      k <- counts(des, vars)
      rows[[length(rows) + 1]] <- out_row(cs, level = fmt_val(L), est = coef(m)[j], se = SE(m)[j],
        lo = ci[1], hi = ci[2], deff = deff(m)[j], n = k["n"], wn = k["wn"], df = df)
    } else {
      bm <- svyby(f, byf, des, svymean, na.rm = TRUE, deff = TRUE, vartype = c("se", "ci"))
      pm <- by_parts(bm, length(byv), 2)
      stopifnot(grepl("TRUE$", pm$stat_names[2]))
      bc <- svyby(f, byf, des, ciprop_logit, na.rm = TRUE, vartype = c("se", "ci"))
      pc <- by_parts(bc, length(byv), 1)
      bc0 <- svyby(f, byf, des, svyciprop, method = "logit", na.rm = TRUE, vartype = c("se", "ci"))
      pc0 <- by_parts(bc0, length(byv), 1)
      check_gap(c(pc$lo, pc$hi), c(pc0$lo, pc0$hi))
      labs <- dom_label(bm, byv)
      stopifnot(identical(labs, dom_label(bc, byv)))
      vlab <- dom_label(V, byv)
      # the design svyciprop saw inside svyby: des[byfactor %in% level, ]
      for (i in seq_len(nrow(bm))) {
        dsub <- des[vlab == labs[i], ]
        df <- degf(dsub)
        check_ciprop(pm$est[i], pm$se[i], df, pc$lo[i], pc$hi[i])
        k <- counts(des, vars, vlab == labs[i])
        if (pm$est[i] <= 0 || pm$est[i] >= 1) warning(cs$case, ": degenerate proportion in ", labs[i])
        rows[[length(rows) + 1]] <- out_row(cs, by_value = labs[i], level = fmt_val(L),
          est = pm$est[i], se = pm$se[i], lo = pc$lo[i], hi = pc$hi[i], deff = pm$deff[i],
          n = k["n"], wn = k["wn"], df = df)
      }
    }
  }
  do.call(rbind, rows)
}

# CSV with quotes only where needed (field contains a comma, a quote or a line break)
write_csv_min <- function(d, path) {
  q <- function(x) {
    x <- ifelse(is.na(x), "", as.character(x))
    need <- grepl("[\",\r\n]", x)
    ifelse(need, paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\""), x)
  }
  lines <- c(paste(q(names(d)), collapse = ","),
             do.call(paste, c(lapply(d, q), sep = ",")))
  writeLines(lines, path, useBytes = TRUE)
}

## ---------------------------------------------------------------- run
results <- list()
for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]
  r <- tryCatch(run_case(cs), error = function(e) {
    message(cs$case, ": R error: ", conditionMessage(e))
    out_row(cs, error = error_key(conditionMessage(e)))
  })
  results[[i]] <- r
}
options(survey.lonely.psu = "fail")
expected <- do.call(rbind, results)
write_csv_min(expected, file.path(script_dir, "expected.csv"))
cat(sprintf("cases: %d, rows: %d, error rows: %d\n", nrow(cases), nrow(expected),
            sum(nzchar(expected$error))))
if (max_ciprop_gap > 1e-11) stop("svyciprop CI differs from the closed form by ", max_ciprop_gap)
cat(sprintf("max relative gap svyciprop CI vs closed form expit(logit(p) -/+ t*se/(p(1-p))): %.3g\n",
            max_ciprop_gap))
cat(sprintf("max relative gap ciprop_logit (epsilon 1e-13) vs svyciprop (default IRLS): %.3g\n",
            max_svyciprop_gap))
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")),
    " generated:", format(Sys.Date()), "\n")
