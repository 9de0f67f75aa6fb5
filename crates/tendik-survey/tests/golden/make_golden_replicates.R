# make_golden_replicates.R -- golden reference values for replicate-weight designs in
# tendik-survey, computed with R's survey package.
#
# Produced with: R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1
#   (Debian packages r-base-core, r-cran-survey)
# Command (run from this folder or anywhere):
#   Rscript make_golden_replicates.R
# Date of the committed run: printed on the last line of the run (see README.md).
#
# Inputs:  <shared>/data/r-survey/{apistrat,apiclus1,nhanes}.csv (as in make_golden.R) and the
#          committed data/gen_{lonely,frac}.csv written by make_golden.R (read, never rewritten).
# Outputs: data/rep_clus.csv   apiclus1 columns + JK1 replicate weights repw1..repw15
#          data/rep_strat.csv  apistrat columns + variance units vu + JKn weights repw1..repw20
#          data/rep_brr.csv    generated, 2 PSUs per stratum, BRR brr1..brr12 + Fay (rho 0.5) fay1..fay12
#          data/rep_boot.csv   generated, bootstrap weights boot1..boot50 (set.seed)
#          replicates.csv      one row per estimate (see README.md for the columns)
#          replicate_weights/<case>.csv   weights(as.svrepdesign(...), "analysis"), row order of the input
#          replicate_weights/<case>.json  one line: type, scale, rscales, mse, the PSU each replicate drops
#
# Kind A rows (rep_type set): svrepdesign(data = <csv as read back>, repweights = <columns>,
#   weights = ~<weight>, type = <rep_type>, combined.weights = TRUE, scale = , rscales = ,
#   rho = <fay_rho>, mse = ) with NULL (R's default) for empty fields.
# Kind B rows (convert set): as.svrepdesign(svydesign(..., nest = TRUE), type = <convert>, mse = )
#   under options(survey.lonely.psu = <lonely_psu>).
# A `where` is subset(<replicate design>, ...); domains use svyby() on the replicate design.
# Numbers are written with sprintf("%.17g") (integers as %.0f); NA/NaN are written as empty fields.

suppressPackageStartupMessages(library(survey))
if (packageVersion("survey") != "4.1.1") warning("golden values were made with survey 4.1.1, this is ", packageVersion("survey"))
options(survey.adjust.domain.lonely = FALSE, warn = 1, stringsAsFactors = FALSE)
stopifnot(identical(getOption("survey.replicates.mse"), FALSE), isTRUE(getOption("survey.drop.replicates")))

# svyciprop's logit branch (survey 4.1.1) with the IRLS tolerance tightened from 1e-8 to 1e-13:
# see make_golden.R. On a replicate design svyglm() refits every replicate with glm.fit(...,
# control = <the same control>), so the tight tolerance reaches the replicates too.
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
dir.create(file.path(script_dir, "replicate_weights"), showWarnings = FALSE)

## ---------------------------------------------------------------- helpers (as in make_golden.R)
read_data <- function(path) read.csv(path, na.strings = c("NA", ""), check.names = FALSE, stringsAsFactors = FALSE)
data_cache <- list()
load_data <- function(key) {
  if (!is.null(data_cache[[key]])) return(data_cache[[key]])
  path <- if (startsWith(key, "shared:")) file.path(rsurvey_dir, sub("^shared:r-survey/", "", key))
          else file.path(script_dir, sub("^golden:", "", key))
  if (!file.exists(path)) stop("missing input ", path)
  d <- read_data(path)
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
error_key <- function(msg) {
  if (grepl("only one PSU", msg, ignore.case = TRUE)) "only one psu" else tolower(trimws(msg))
}
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
# data files: numbers as fmt_val (integers %.0f, otherwise %.17g, so they read back exactly)
write_data <- function(d, name) {
  out <- as.data.frame(lapply(d, function(x) if (is.numeric(x)) ifelse(is.na(x), NA, fmt_val(x)) else x),
                       check.names = FALSE, stringsAsFactors = FALSE)
  write_csv_min(out, file.path("data", name))
  back <- read_data(file.path("data", name))
  stopifnot(identical(names(back), names(d)))
  for (v in names(d)) {
    same <- if (is.numeric(d[[v]])) is.numeric(back[[v]]) && identical(as.double(back[[v]]), as.double(d[[v]]))
            else identical(as.character(back[[v]]), as.character(d[[v]]))
    if (!same) stop(name, ": column ", v, " does not read back exactly")
  }
  invisible(back)
}
dom_label <- function(vars, byv) {
  do.call(paste, c(lapply(byv, function(b) fmt_val(vars[[b]])), sep = "|"))
}
by_parts <- function(b, nby, k) {
  ns <- attr(b, "svyby")$nstats
  has_deff <- ncol(b) > nby + 4 * ns
  list(est = b[[nby + k]], se = b[[nby + ns + k]], lo = b[[nby + 2 * ns + k]],
       hi = b[[nby + 3 * ns + k]], deff = if (has_deff) b[[nby + 4 * ns + k]] else NA,
       stat_names = names(b)[nby + seq_len(ns)])
}
max_gap <- c(ciprop_closed = 0, svyciprop = 0, factor_vs_indicator = 0, repweights = 0)
note_gap <- function(what, a, b, tol) {
  a <- as.vector(unname(a)); b <- as.vector(unname(b))
  stopifnot(length(a) == length(b), identical(is.na(a), is.na(b)))
  ok <- !is.na(a)
  if (!any(ok)) return(invisible())
  g <- max(abs(a[ok] - b[ok]) / pmax(abs(b[ok]), 1e-300))
  max_gap[[what]] <<- max(max_gap[[what]], g)
  if (g > tol) stop(what, ": relative gap ", g)
}
# R's degf() of a replicate design is qr(weights(design, "analysis"), tol = 1e-5)$rank - 1 on the
# rows of the (sub)design. Checked here against the rank from the singular values.
svd_rank <- function(m) { s <- svd(m, nu = 0, nv = 0)$d; sum(s > max(dim(m)) * max(s) * 1e-10) }
check_degf <- function(rd) {
  a <- degf(rd); b <- svd_rank(weights(rd, "analysis")) - 1
  if (a != b) stop("degf ", a, " differs from the SVD rank - 1 = ", b)
  a
}

## ---------------------------------------------------------------- generated data with replicate weights
AS <- "shared:r-survey/apistrat.csv"
A1 <- "shared:r-survey/apiclus1.csv"
NH <- "shared:r-survey/nhanes.csv"
GL <- "golden:data/gen_lonely.csv"
GF <- "golden:data/gen_frac.csv"
RC <- "golden:data/rep_clus.csv"
RS <- "golden:data/rep_strat.csv"
RB <- "golden:data/rep_brr.csv"
RT <- "golden:data/rep_boot.csv"
add_cols <- function(d, w, prefix) {
  w <- unname(as.matrix(w))
  for (i in seq_len(ncol(w))) d[[paste0(prefix, i)]] <- w[, i]
  d
}
made <- list()  # facts about the generated weights, for the case table and the README

# rep_clus: apiclus1 (one-stage cluster sample of 15 districts, fpc = 757 districts), JK1 weights
# from as.svrepdesign(type = "JK1"): scale = (757 - 15)/757 * 14/15, rscales = 1.
a1 <- load_data(A1)
rc <- a1[, c("dnum", "stype", "api00", "api99", "enroll", "api.stu", "avg.ed", "sch.wide", "awards", "pw", "fpc")]
rd <- as.svrepdesign(svydesign(ids = ~dnum, weights = ~pw, fpc = ~fpc, data = rc), type = "JK1")
rc <- add_cols(rc, weights(rd, "analysis"), "repw")
made$clus_scale <- rd$scale
write_data(rc, "rep_clus.csv")

# rep_strat: apistrat, stratified by stype, schools grouped into variance units of 10 in file order
# within each stratum (vu = 1..10 in E, 1..5 in H and M), so that the file stays small; JKn weights
# from as.svrepdesign(type = "JKn") of svydesign(ids = ~vu, strata = ~stype, nest = TRUE) without
# fpc: rscales = (n_h - 1)/n_h = 0.9 (E, replicates 1-10), 0.8 (M, 11-15), 0.8 (H, 16-20): strata
# in order of first appearance in the file (E, M, H).
as0 <- load_data(AS)
rs <- as0[, c("stype", "api00", "api99", "enroll", "api.stu", "acs.k3", "awards", "sch.wide", "yr.rnd", "pw", "fpc")]
rs$vu <- ave(seq_len(nrow(rs)), rs$stype, FUN = function(i) ceiling(seq_along(i) / 10))
rs <- rs[, c("stype", "vu", setdiff(names(rs), c("stype", "vu")))]
rd <- as.svrepdesign(svydesign(ids = ~vu, strata = ~stype, weights = ~pw, nest = TRUE, data = rs), type = "JKn")
rs <- add_cols(rs, weights(rd, "analysis"), "repw")
made$strat_rscales <- rd$rscales
stopifnot(rd$scale == 1)
write_data(rs, "rep_strat.csv")

# rep_brr: 10 strata with exactly 2 PSUs (psu 1, 2 in every stratum), 3-6 rows per PSU. BRR and
# Fay (rho = 0.5) weights from as.svrepdesign(type = "BRR" / "Fay"): survey's hadamard(10) is 12x12,
# so 12 replicates. y has missing values, cat is a string, dom and sex are domains.
set.seed(20240701)
rows <- list()
for (h in 1:10) for (j in 1:2) {
  m <- sample(3:6, 1)
  rows[[length(rows) + 1]] <- data.frame(
    str = h, psu = j,
    w = round(runif(m, 5, 15) * (1 + h / 10), 2),
    y = round(rnorm(m, 30 + h + 2 * j, 6), 2),
    x = round(runif(m, 1, 5), 2),
    cat = sample(c("lo", "mid", "hi"), m, replace = TRUE),
    dom = sample(c("a", "b"), m, replace = TRUE),
    sex = sample(1:2, m, replace = TRUE))
}
rb <- do.call(rbind, rows)
rb$y[sample(nrow(rb), 5)] <- NA
stopifnot(all(table(rb$cat, rb$sex) > 0), all(table(rb$cat, rb$dom) > 0))
bdes <- svydesign(ids = ~psu, strata = ~str, weights = ~w, nest = TRUE, data = rb)
rd_brr <- as.svrepdesign(bdes, type = "BRR")
rd_fay <- as.svrepdesign(bdes, type = "Fay", fay.rho = 0.5)
rb <- add_cols(rb, weights(rd_brr, "analysis"), "brr")
rb <- add_cols(rb, weights(rd_fay, "analysis"), "fay")
made$brr_R <- ncol(rd_brr$repweights$weights)
write_data(rb, "rep_brr.csv")

# rep_boot: 6 strata with 3-5 PSUs, 2-6 rows per PSU; 50 bootstrap replicates from
# as.svrepdesign(type = "bootstrap", replicates = 50) after set.seed(42) (R's bootstrap is random;
# the weights are saved so that svrepdesign(type = "bootstrap") reads fixed weights).
set.seed(20240702)
npsu <- c(3, 4, 5, 3, 4, 3)
rows <- list()
for (h in 1:6) for (j in seq_len(npsu[h])) {
  m <- sample(2:6, 1)
  rows[[length(rows) + 1]] <- data.frame(
    stratum = paste0("T", h), cluster = 10 * h + j,
    w = round(runif(m, 20, 60), 1),
    y = round(rgamma(m, 4, 0.1), 1),
    x = round(runif(m, 10, 30), 1),
    grade = sample(c("A", "B", "C"), m, replace = TRUE, prob = c(.4, .35, .25)),
    region = sample(c("north", "south"), m, replace = TRUE))
}
rt <- do.call(rbind, rows)
rt$y[sample(nrow(rt), 4)] <- NA
stopifnot(all(table(rt$grade, rt$region) > 0))
set.seed(42)
rd <- as.svrepdesign(svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, nest = TRUE, data = rt),
                     type = "bootstrap", replicates = 50)
rt <- add_cols(rt, weights(rd, "analysis"), "boot")
made$boot_scale <- rd$scale
write_data(rt, "rep_boot.csv")

## ---------------------------------------------------------------- cases
# Kind A: R(case, data, weight, repweights, rep_type, scale, rscales, fay_rho, mse, ...)
# Kind B: B(case, data, weight, strata, psu, fpc, convert, mse, lonely, ...)
blank <- function(case, data, weight) {
  data.frame(case = case, data = data, weight = weight, repweights = "", rep_type = "", scale = "",
             rscales = "", fay_rho = "", mse = "", strata = "", psu = "", fpc = "", lonely_psu = "",
             convert = "", statistic = "", variable = "", by = "", where = "", where_r = "")
}
spec <- function(x, statistic, variable, by, where_sql, where_r) {
  x$statistic <- statistic; x$variable <- variable; x$by <- by; x$where <- where_sql; x$where_r <- where_r
  x
}
RA <- function(case, data, weight, repweights, rep_type, scale = "", rscales = "", fay_rho = "", mse = "",
               statistic, variable, by = "", where_sql = "", where_r = "") {
  x <- blank(case, data, weight)
  x$repweights <- repweights; x$rep_type <- rep_type; x$scale <- scale; x$rscales <- rscales
  x$fay_rho <- fay_rho; x$mse <- mse
  spec(x, statistic, variable, by, where_sql, where_r)
}
RB_ <- function(case, data, weight, strata = "", psu = "", fpc = "", convert, mse = "", lonely = "fail",
                statistic, variable, by = "", where_sql = "", where_r = "") {
  x <- blank(case, data, weight)
  x$strata <- strata; x$psu <- psu; x$fpc <- fpc; x$convert <- convert; x$mse <- mse; x$lonely_psu <- lonely
  spec(x, statistic, variable, by, where_sql, where_r)
}
n17 <- function(x) paste(sprintf("%.17g", x), collapse = ";")
CL_SCALE <- sprintf("%.17g", made$clus_scale)
ST_RS <- n17(made$strat_rscales)
BOOT_SCALE <- sprintf("%.17g", made$boot_scale)
# 15 unequal rscales for the `other` case
OTHER_RS <- paste(c("1", "0.5", "0.75", "1.25", "1", "0.9", "1.1", "1", "0.6", "1.4", "1", "0.8", "1.2", "1", "1"), collapse = ";")
W <- "repw*"
NHs <- c("SDMVSTRA", "SDMVPSU")

cases <- rbind(
  # ---- kind A: JK1 columns (rep_clus)
  RA("a_jk1_mean", RC, "pw", W, "jk1", CL_SCALE, statistic = "mean", variable = "api00"),
  RA("a_jk1_total_mse", RC, "pw", W, "jk1", CL_SCALE, mse = "TRUE", statistic = "total", variable = "enroll"),
  RA("a_jk1_ratio", RC, "pw", W, "jk1", CL_SCALE, mse = "FALSE", statistic = "ratio", variable = "api.stu/enroll"),
  RA("a_jk1_prop", RC, "pw", W, "jk1", CL_SCALE, statistic = "proportion", variable = "stype"),
  RA("a_jk1_mean_na_by", RC, "pw", W, "jk1", CL_SCALE, statistic = "mean", variable = "avg.ed", by = "stype"),
  RA("a_jk1_prop_where", RC, "pw", W, "jk1", CL_SCALE, statistic = "proportion", variable = "sch.wide",
     where_sql = "\"api00\" > 600", where_r = "api00 > 600"),
  RA("a_jk1_default_scale", RC, "pw", W, "jk1", statistic = "mean", variable = "api00"),
  RA("a_other_scale_only", RC, "pw", W, "other", CL_SCALE, statistic = "mean", variable = "api00"),
  RA("a_other_rscales_mse", RC, "pw", W, "other", "0.5", OTHER_RS, mse = "TRUE", statistic = "total",
     variable = "enroll", by = "stype"),
  RA("a_other_default", RC, "pw", W, "other", statistic = "ratio", variable = "api.stu/enroll"),
  RA("a_other_list", RC, "pw", paste0("repw", c(3, 1, 2, 4:10), collapse = ";"), "other", "0.9",
     statistic = "mean", variable = "api00", by = "sch.wide"),
  # ---- kind A: JKn columns (rep_strat)
  RA("a_jkn_mean", RS, "pw", W, "jkn", rscales = ST_RS, statistic = "mean", variable = "api00"),
  RA("a_jkn_total_by_mse", RS, "pw", W, "jkn", rscales = ST_RS, mse = "TRUE", statistic = "total",
     variable = "enroll", by = "awards"),
  RA("a_jkn_ratio_by", RS, "pw", W, "jkn", rscales = ST_RS, statistic = "ratio", variable = "api.stu/enroll",
     by = "yr.rnd"),
  RA("a_jkn_prop_by", RS, "pw", W, "jkn", rscales = ST_RS, statistic = "proportion", variable = "sch.wide",
     by = "stype"),
  RA("a_jkn_mean_na", RS, "pw", W, "jkn", rscales = ST_RS, statistic = "mean", variable = "acs.k3"),
  RA("a_jkn_mean_where", RS, "pw", W, "jkn", rscales = ST_RS, mse = "TRUE", statistic = "mean",
     variable = "api00", where_sql = "\"stype\" = 'E'", where_r = "stype == 'E'"),
  RA("a_jkn_no_rscales", RS, "pw", W, "jkn", statistic = "mean", variable = "api00"),
  # ---- kind A: BRR and Fay columns (rep_brr)
  RA("a_brr_mean", RB, "w", "brr*", "brr", statistic = "mean", variable = "y"),
  RA("a_brr_total_by", RB, "w", "brr*", "brr", statistic = "total", variable = "x", by = "dom"),
  RA("a_brr_ratio_mse", RB, "w", "brr*", "brr", mse = "TRUE", statistic = "ratio", variable = "y/x"),
  RA("a_brr_prop", RB, "w", "brr*", "brr", statistic = "proportion", variable = "cat"),
  RA("a_brr_prop_by", RB, "w", "brr*", "brr", statistic = "proportion", variable = "cat", by = "sex"),
  RA("a_brr_mean_by2", RB, "w", "brr*", "brr", statistic = "mean", variable = "y", by = "sex,dom"),
  RA("a_brr_scale_ignored", RB, "w", "brr*", "brr", "0.5", statistic = "mean", variable = "y",
     where_sql = "\"sex\" = 1", where_r = "sex == 1"),
  RA("a_fay_mean", RB, "w", "fay*", "fay", fay_rho = "0.5", statistic = "mean", variable = "y", by = "dom"),
  RA("a_fay_prop_mse", RB, "w", "fay*", "fay", fay_rho = "0.5", mse = "TRUE", statistic = "proportion",
     variable = "cat"),
  RA("a_fay_total_where", RB, "w", "fay*", "fay", fay_rho = "0.5", statistic = "total", variable = "y",
     where_sql = "\"cat\" <> 'lo'", where_r = "cat != 'lo'"),
  RA("a_fay_no_rho", RB, "w", "fay*", "fay", statistic = "mean", variable = "y"),
  # ---- kind A: bootstrap columns (rep_boot)
  RA("a_boot_mean", RT, "w", "boot*", "bootstrap", statistic = "mean", variable = "y"),
  RA("a_boot_mean_scale", RT, "w", "boot*", "bootstrap", BOOT_SCALE, statistic = "mean", variable = "y"),
  RA("a_boot_total_by_mse", RT, "w", "boot*", "bootstrap", mse = "TRUE", statistic = "total", variable = "x",
     by = "region"),
  RA("a_boot_ratio", RT, "w", "boot*", "bootstrap", statistic = "ratio", variable = "y/x"),
  RA("a_boot_prop_by", RT, "w", "boot*", "bootstrap", statistic = "proportion", variable = "grade", by = "region"),
  RA("a_boot_prop_where", RT, "w", "boot*", "bootstrap", mse = "TRUE", statistic = "proportion",
     variable = "region", where_sql = "\"x\" > 15", where_r = "x > 15"),
  # ---- kind B: JK1 conversion of apiclus1 (dnum, fpc)
  RB_("b_clus1_jk1_mean", A1, "pw", "", "dnum", "fpc", "JK1", statistic = "mean", variable = "api00"),
  RB_("b_clus1_jk1_total_mse", A1, "pw", "", "dnum", "fpc", "JK1", "TRUE", statistic = "total", variable = "enroll"),
  RB_("b_clus1_jk1_ratio_where", A1, "pw", "", "dnum", "fpc", "JK1", statistic = "ratio", variable = "api.stu/enroll",
      where_sql = "\"api00\" > 700", where_r = "api00 > 700"),
  RB_("b_clus1_jk1_prop_by", A1, "pw", "", "dnum", "fpc", "JK1", statistic = "proportion", variable = "sch.wide",
      by = "stype"),
  RB_("b_clus1_jk1_mean_na_by", A1, "pw", "", "dnum", "fpc", "JK1", statistic = "mean", variable = "avg.ed", by = "stype"),
  RB_("b_clus1_jk1_nofpc_prop", A1, "pw", "", "dnum", "", "JK1", statistic = "proportion", variable = "stype"),
  RB_("b_clus1_jkn_error", A1, "pw", "", "dnum", "fpc", "JKn", statistic = "mean", variable = "api00"),
  # ---- kind B: JKn conversion of apistrat (stype, fpc; every school a PSU: 200 replicates)
  RB_("b_strat_jkn_mean", AS, "pw", "stype", "", "fpc", "JKn", statistic = "mean", variable = "api00"),
  RB_("b_strat_jkn_total_by_mse", AS, "pw", "stype", "", "fpc", "JKn", "TRUE", statistic = "total",
      variable = "enroll", by = "awards"),
  RB_("b_strat_jkn_prop_by", AS, "pw", "stype", "", "fpc", "JKn", statistic = "proportion", variable = "awards",
      by = "stype"),
  RB_("b_strat_jkn_mean_na", AS, "pw", "stype", "", "fpc", "JKn", statistic = "mean", variable = "acs.k3"),
  RB_("b_strat_jkn_ratio_where", AS, "pw", "stype", "", "fpc", "JKn", statistic = "ratio",
      variable = "api.stu/enroll", where_sql = "\"api00\" > 600", where_r = "api00 > 600"),
  RB_("b_strat_jk1_error", AS, "pw", "stype", "", "fpc", "JK1", statistic = "mean", variable = "api00"),
  # ---- kind B: JKn conversion of nhanes (15 strata x 2 PSUs, no fpc: 30 replicates)
  RB_("b_nh_jkn_prop", NH, "WTMEC2YR", NHs[1], NHs[2], "", "JKn", statistic = "proportion", variable = "HI_CHOL"),
  RB_("b_nh_jkn_mean_by", NH, "WTMEC2YR", NHs[1], NHs[2], "", "JKn", statistic = "mean", variable = "HI_CHOL",
      by = "race"),
  RB_("b_nh_jkn_prop_by_mse", NH, "WTMEC2YR", NHs[1], NHs[2], "", "JKn", "TRUE", statistic = "proportion",
      variable = "agecat", by = "RIAGENDR"),
  RB_("b_nh_jkn_total_where", NH, "WTMEC2YR", NHs[1], NHs[2], "", "JKn", statistic = "total", variable = "HI_CHOL",
      where_sql = "\"race\" <= 2", where_r = "race <= 2"),
  # ---- kind B: JKn conversion of gen_frac (fpc as a fraction; stratum S5 has f = 1)
  RB_("b_frac_jkn_mean", GF, "w", "stratum", "cluster", "fpc_f", "JKn", statistic = "mean", variable = "y"),
  RB_("b_frac_n_jkn_mean", GF, "w", "stratum", "cluster", "fpc_n", "JKn", statistic = "mean", variable = "y"),
  RB_("b_frac_jkn_total", GF, "w", "stratum", "cluster", "fpc_f", "JKn", statistic = "total", variable = "y"),
  RB_("b_frac_jkn_total_mse", GF, "w", "stratum", "cluster", "fpc_f", "JKn", "TRUE", statistic = "total", variable = "y"),
  RB_("b_frac_jkn_mean_mse", GF, "w", "stratum", "cluster", "fpc_f", "JKn", "TRUE", statistic = "mean", variable = "y"),
  RB_("b_frac_jkn_prop_na", GF, "w", "stratum", "cluster", "fpc_f", "JKn", statistic = "proportion", variable = "resp"),
  RB_("b_frac_jkn_ratio_by", GF, "w", "stratum", "cluster", "fpc_f", "JKn", statistic = "ratio", variable = "y/x",
      by = "z"),
  RB_("b_frac_jkn_average_mean", GF, "w", "stratum", "cluster", "fpc_f", "JKn", lonely = "average",
      statistic = "mean", variable = "y"),
  # ---- kind B: JKn conversion of gen_lonely (strata 5 and 6 have one PSU)
  RB_("b_lonely_jkn_fail", GL, "wt", "h", "psu", "", "JKn", lonely = "fail", statistic = "mean", variable = "y"),
  RB_("b_lonely_jkn_adjust_mean", GL, "wt", "h", "psu", "", "JKn", lonely = "adjust", statistic = "mean", variable = "y"),
  RB_("b_lonely_jkn_adjust_total", GL, "wt", "h", "psu", "", "JKn", lonely = "adjust", statistic = "total", variable = "y"),
  RB_("b_lonely_jkn_adjust_prop_by", GL, "wt", "h", "psu", "", "JKn", lonely = "adjust", statistic = "proportion",
      variable = "cat", by = "sex"),
  RB_("b_lonely_jkn_average_mean", GL, "wt", "h", "psu", "", "JKn", lonely = "average", statistic = "mean", variable = "y"),
  RB_("b_lonely_jkn_remove_mean", GL, "wt", "h", "psu", "", "JKn", lonely = "remove", statistic = "mean", variable = "y"),
  RB_("b_lonely_jkn_certainty_mean", GL, "wt", "h", "psu", "", "JKn", lonely = "certainty", statistic = "mean", variable = "y"),
  RB_("b_lonely_fpc_jkn_adjust_mean", GL, "wt", "h", "psu", "fpc_n", "JKn", lonely = "adjust", statistic = "mean", variable = "y"),
  RB_("b_lonely_fpc_jkn_fail_mean", GL, "wt", "h", "psu", "fpc_n", "JKn", lonely = "fail", statistic = "mean", variable = "y")
)
stopifnot(!anyDuplicated(cases$case))

## ---------------------------------------------------------------- designs
type_map <- c(jk1 = "JK1", jkn = "JKn", brr = "BRR", fay = "Fay", bootstrap = "bootstrap", other = "other")
numlist <- function(s) if (nzchar(s)) as.numeric(strsplit(s, ";", fixed = TRUE)[[1]]) else NULL
mse_arg <- function(s) if (nzchar(s)) as.logical(s) else getOption("survey.replicates.mse")
rep_columns <- function(d, spec) {
  if (endsWith(spec, "*")) {
    pre <- sub("\\*$", "", spec)
    cols <- names(d)[startsWith(names(d), pre)]  # prefix match, in file order
  } else cols <- strsplit(spec, ";", fixed = TRUE)[[1]]
  stopifnot(length(cols) > 0, all(cols %in% names(d)))
  cols
}
lin_design <- function(cs, d) {
  ids <- if (nzchar(cs$psu)) fml(paste0("~", bq(cs$psu))) else ~1
  strata <- if (nzchar(cs$strata)) fml(paste0("~", bq(cs$strata))) else NULL
  fpc <- if (nzchar(cs$fpc)) fml(paste0("~", bq(cs$fpc))) else NULL
  svydesign(ids = ids, strata = strata, weights = fml(paste0("~", bq(cs$weight))),
            fpc = fpc, nest = TRUE, data = d)
}
make_rep_design <- function(cs) {
  d <- load_data(cs$data)
  if (nzchar(cs$convert)) {
    options(survey.lonely.psu = cs$lonely_psu)
    rd <- as.svrepdesign(lin_design(cs, d), type = cs$convert, mse = mse_arg(cs$mse))
  } else {
    rw <- d[, rep_columns(d, cs$repweights), drop = FALSE]
    rd <- svrepdesign(data = d, repweights = rw, weights = fml(paste0("~", bq(cs$weight))),
                      type = type_map[[cs$rep_type]], combined.weights = TRUE,
                      scale = numlist(cs$scale), rscales = numlist(cs$rscales),
                      rho = numlist(cs$fay_rho), mse = mse_arg(cs$mse))
  }
  if (nzchar(cs$where_r)) rd <- eval(parse(text = sprintf("subset(rd, %s)", cs$where_r)))
  rd
}

## ---------------------------------------------------------------- one case
counts <- function(rd, vars, keep = rep(TRUE, nrow(rd$variables))) {
  ok <- keep & complete.cases(rd$variables[, vars, drop = FALSE])
  c(n = sum(ok), wn = sum(weights(rd, "sampling")[ok]))
}
out_row <- function(cs, by_value = "", level = "", est = NA, se = NA, lo = NA, hi = NA,
                    deff = NA, n = NA, wn = NA, df = NA, error = "") {
  cbind(cs[, setdiff(names(cs), "where_r")],
        data.frame(by_value = by_value, level = level, estimate = num(est), se = num(se),
                   ci_lower = num(lo), ci_upper = num(hi), deff = num(deff),
                   n = num(n), weighted_n = num(wn), df = num(df), error = error))
}

# closed form of the logit CI on a replicate design: the replicate coefficients are logit(p_r),
# p_r the replicate-weighted proportion; var = svrVar(logit(p_r)) (scale, rscales, mse centring)
check_ciprop <- function(rd, x, L, df, lo, hi) {
  ok <- !is.na(x)
  y <- as.numeric(x[ok] == L)
  p <- sum(weights(rd, "sampling")[ok] * y) / sum(weights(rd, "sampling")[ok])
  wa <- weights(rd, "analysis")[ok, , drop = FALSE]
  pr <- colSums(wa * y) / colSums(wa)
  if (!all(pr > 0 & pr < 1)) stop("a replicate proportion is 0 or 1: choose another case")
  v <- survey:::svrVar(qlogis(pr), rd$scale, rd$rscales, mse = rd$mse, coef = qlogis(p))
  if (!is.finite(df) || df <= 0 || p <= 0 || p >= 1) return(invisible())
  cf <- plogis(qlogis(p) + c(-1, 1) * qt(0.975, df) * sqrt(as.vector(v)))
  note_gap("ciprop_closed", c(lo, hi), cf, 1e-11)
}

run_case <- function(cs) {
  rd <- make_rep_design(cs)
  V <- rd$variables
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
    # survey 4.1.1's svyratio.svyrep.design(deff = TRUE) stops ("incorrect number of dimensions":
    # it indexes the result list as rval[i, j]); so replicate ratios carry no deff (empty field).
    # The script confirms that R still stops and then estimates without deff.
    rdeff <- st != "ratio"
    if (st == "ratio") {
      e <- tryCatch({ svyratio(fnum, fden, rd, na.rm = TRUE, deff = TRUE); "" },
                    error = function(e) conditionMessage(e))
      if (e != "incorrect number of dimensions") stop("svyratio(deff = TRUE) no longer fails: ", e)
    }
    if (!length(byv)) {
      r <- if (st == "ratio") svyratio(fnum, fden, rd, na.rm = TRUE, deff = rdeff)
           else fun(fy, rd, na.rm = TRUE, deff = TRUE)
      ci <- confint(r)
      d <- deff(r)
      k <- counts(rd, vars)
      return(out_row(cs, est = coef(r)[1], se = SE(r)[1], lo = ci[1, 1], hi = ci[1, 2],
                     deff = if (is.null(d)) NA else d[1], n = k["n"], wn = k["wn"], df = Inf))
    }
    b <- if (st == "ratio") svyby(fnum, byf, rd, svyratio, denominator = fden, na.rm = TRUE,
                                  deff = rdeff, vartype = c("se", "ci"))
         else svyby(fy, byf, rd, fun, na.rm = TRUE, deff = TRUE, vartype = c("se", "ci"))
    pr <- by_parts(b, length(byv), 1)
    labs <- dom_label(b, byv)
    vlab <- dom_label(V, byv)
    rows <- lapply(seq_len(nrow(b)), function(i) {
      k <- counts(rd, vars, vlab == labs[i])
      out_row(cs, by_value = labs[i], est = pr$est[i], se = pr$se[i], lo = pr$lo[i],
              hi = pr$hi[i], deff = pr$deff[i], n = k["n"], wn = k["wn"], df = Inf)
    })
    return(do.call(rbind, rows))
  }
  # proportions: svymean(~factor(x)) for estimate, SE and deff (one column per level); the
  # logit CI from ciprop_logit(~I(x == L)); df = degf() of the design svyciprop saw
  x <- V[[cs$variable]]
  lv <- sort(unique(x[!is.na(x)]))
  ff <- fml(sprintf("~factor(%s)", bq(cs$variable)))
  rows <- list()
  if (!length(byv)) {
    m <- svymean(ff, rd, na.rm = TRUE, deff = TRUE)
    stopifnot(length(coef(m)) == length(lv))
    df <- check_degf(rd)
    k <- counts(rd, vars)
    for (j in seq_along(lv)) {
      L <- lv[j]
      f <- fml(sprintf("~I(%s == %s)", bq(cs$variable), lit(L)))
      mi <- svymean(f, rd, na.rm = TRUE, deff = TRUE)
      note_gap("factor_vs_indicator", c(coef(m)[j], SE(m)[j], deff(m)[j]),
               c(coef(mi)[2], SE(mi)[2], deff(mi)[2]), 1e-12)
      # na.rm reaches only svyciprop's inner svymean (the "var" attribute: without it the
      # replicate svymean of a variable with NAs stops); the CI comes from svyglm, which drops
      # the NA rows itself
      cp <- ciprop_logit(f, rd, level = 0.95, na.rm = TRUE)
      cp0 <- svyciprop(f, rd, method = "logit", level = 0.95, na.rm = TRUE)
      ci <- attr(cp, "ci")
      note_gap("svyciprop", ci, attr(cp0, "ci"), 1e-7)
      check_ciprop(rd, x, L, df, ci[1], ci[2])
      rows[[j]] <- out_row(cs, level = fmt_val(L), est = coef(m)[j], se = SE(m)[j],
        lo = ci[1], hi = ci[2], deff = deff(m)[j], n = k["n"], wn = k["wn"], df = df)
    }
    return(do.call(rbind, rows))
  }
  bm <- svyby(ff, byf, rd, svymean, na.rm = TRUE, deff = TRUE, vartype = c("se", "ci"))
  stopifnot(attr(bm, "svyby")$nstats == length(lv))
  labs <- dom_label(bm, byv)
  vlab <- dom_label(V, byv)
  for (j in seq_along(lv)) {
    L <- lv[j]
    f <- fml(sprintf("~I(%s == %s)", bq(cs$variable), lit(L)))
    pm <- by_parts(bm, length(byv), j)
    bi <- svyby(f, byf, rd, svymean, na.rm = TRUE, deff = TRUE, vartype = c("se", "ci"))
    pi <- by_parts(bi, length(byv), 2)
    note_gap("factor_vs_indicator", c(pm$est, pm$se, pm$deff), c(pi$est, pi$se, pi$deff), 1e-12)
    bc <- svyby(f, byf, rd, ciprop_logit, na.rm = TRUE, vartype = c("se", "ci"))
    pc <- by_parts(bc, length(byv), 1)
    bc0 <- svyby(f, byf, rd, svyciprop, method = "logit", na.rm = TRUE, vartype = c("se", "ci"))
    pc0 <- by_parts(bc0, length(byv), 1)
    note_gap("svyciprop", c(pc$lo, pc$hi), c(pc0$lo, pc0$hi), 1e-7)
    stopifnot(identical(labs, dom_label(bc, byv)))
    for (i in seq_len(nrow(bm))) {
      keep <- vlab == labs[i]
      dsub <- rd[keep, ]  # the design svyby hands to svyciprop
      df <- check_degf(dsub)
      check_ciprop(dsub, x[keep], L, df, pc$lo[i], pc$hi[i])
      k <- counts(rd, vars, keep)
      rows[[length(rows) + 1]] <- out_row(cs, by_value = labs[i], level = fmt_val(L),
        est = pm$est[i], se = pm$se[i], lo = pc$lo[i], hi = pc$hi[i], deff = pm$deff[i],
        n = k["n"], wn = k["wn"], df = df)
    }
  }
  do.call(rbind, rows)
}

## ---------------------------------------------------------------- run the cases
warn_log <- character(0)
results <- list()
for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]
  r <- withCallingHandlers(
    tryCatch(run_case(cs), error = function(e) {
      message(cs$case, ": R error: ", conditionMessage(e))
      out_row(cs, error = error_key(conditionMessage(e)))
    }),
    warning = function(w) {
      msg <- gsub("\\s+", " ", conditionMessage(w))
      if (!grepl("glm.fit|non-integer", msg)) warn_log <<- unique(c(warn_log, paste0(cs$case, ": ", msg)))
      invokeRestart("muffleWarning")
    })
  results[[i]] <- r
}
options(survey.lonely.psu = "fail")
out <- do.call(rbind, results)
rownames(out) <- NULL
write_csv_min(out, file.path(script_dir, "replicates.csv"))

## ---------------------------------------------------------------- replicate weights of conversions
# For each design: weights(as.svrepdesign(des, type), "analysis") in the row order of the input
# file, and a check that they equal the documented formula (README.md) exactly.
json_str <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
json_num <- function(x) sprintf("%.17g", x)
rep_formula <- function(des, type, lonely) {
  # the weights R builds, written out: see README.md "Replicate weights"
  w <- 1 / des$prob
  h <- if (type == "JK1") rep("1", length(w)) else as.character(des$strata[, 1])
  psu <- des$cluster[, 1]
  Nh <- if (is.null(des$fpc$popsize)) rep(NA, length(w)) else des$fpc$popsize[, 1]
  nstrat <- length(unique(h))
  cols <- list(); rs <- numeric(0); drop <- character(0)
  for (s in unique(h)) {
    ins <- h == s
    u <- unique(psu[ins]); n <- length(u)
    N <- Nh[ins][1]
    f <- if (is.na(N)) 1 else (N - n) / N
    if (!is.na(N) && f == 0) next  # self-representing: no replicate
    if (n == 1) {
      if (lonely == "adjust") {
        cols[[length(cols) + 1]] <- ifelse(ins, 0, nstrat / (nstrat - 1)) * w
        rs <- c(rs, (nstrat - 1) / nstrat); drop <- c(drop, paste(s, u, sep = "|"))
      }
      next
    }
    for (j in u) {
      cols[[length(cols) + 1]] <- ifelse(psu == j, 0, ifelse(ins, n / (n - 1), 1)) * w
      rs <- c(rs, f * (n - 1) / n); drop <- c(drop, paste(s, j, sep = "|"))
    }
  }
  list(w = do.call(cbind, cols), rscales = rs, dropped = drop)
}
write_repweights <- function(case, data, weight, strata, psu, fpc, type, lonely = "fail") {
  options(survey.lonely.psu = lonely)
  d <- load_data(data)
  cs <- data.frame(weight = weight, strata = strata, psu = psu, fpc = fpc)
  des <- lin_design(cs, d)
  rd <- as.svrepdesign(des, type = type)
  W <- weights(rd, "analysis")
  R <- ncol(W)
  fm <- rep_formula(des, type, lonely)
  stopifnot(ncol(fm$w) == R)
  note_gap("repweights", as.vector(W), as.vector(fm$w), 0)
  if (type == "JKn") {
    note_gap("repweights", rd$rscales, fm$rscales, 0)
  } else {  # JK1: the fpc and (n-1)/n sit in scale, rscales are 1
    stopifnot(all(rd$rscales == 1))
    note_gap("repweights", rd$scale, fm$rscales[1], 0)
  }
  # the PSU each replicate drops (rows whose weight is 0), labelled stratum|psu in the input's values
  sv <- if (nzchar(strata)) fmt_val(d[[strata]]) else rep("", nrow(d))
  pv <- if (nzchar(psu)) fmt_val(d[[psu]]) else as.character(seq_len(nrow(d)))
  dropped <- sapply(seq_len(R), function(r) {
    z <- W[, r] == 0
    paste(unique(paste(sv[z], pv[z], sep = "|")), collapse = "+")
  })
  wo <- as.data.frame(matrix(num(W), ncol = R), stringsAsFactors = FALSE)
  names(wo) <- paste0("repw", seq_len(R))
  write_csv_min(wo, file.path("replicate_weights", paste0(case, ".csv")))
  js <- paste0("{",
    "\"case\":", json_str(case), ",\"data\":", json_str(data), ",\"weight\":", json_str(weight),
    ",\"strata\":", json_str(strata), ",\"psu\":", json_str(psu), ",\"fpc\":", json_str(fpc),
    ",\"lonely_psu\":", json_str(lonely), ",\"type\":", json_str(type),
    ",\"replicates\":", R, ",\"scale\":", json_num(rd$scale),
    ",\"rscales\":[", paste(json_num(rd$rscales), collapse = ","), "]",
    ",\"mse\":", tolower(as.character(rd$mse)),
    ",\"dropped\":[", paste(json_str(dropped), collapse = ","), "]}")
  writeLines(js, file.path("replicate_weights", paste0(case, ".json")), useBytes = TRUE)
  options(survey.lonely.psu = "fail")
  c(case = case, R = R)
}
rw_made <- rbind(
  write_repweights("clus1_jk1", A1, "pw", "", "dnum", "fpc", "JK1"),
  write_repweights("strat_jkn", AS, "pw", "stype", "", "fpc", "JKn"),
  write_repweights("frac_jkn", GF, "w", "stratum", "cluster", "fpc_f", "JKn"),
  write_repweights("lonely_adjust_jkn", GL, "wt", "h", "psu", "", "JKn", "adjust")
)

cat(sprintf("cases: %d, rows: %d, error rows: %d\n", nrow(cases), nrow(out), sum(nzchar(out$error))))
cat("replicate weight files:", paste(sprintf("%s (%s replicates)", rw_made[, 1], rw_made[, 2]), collapse = ", "), "\n")
for (g in names(max_gap)) cat(sprintf("max relative gap %s: %.3g\n", g, max_gap[[g]]))
cat("R warnings (first per case and message):\n"); cat(paste0("  ", warn_log, "\n"), sep = "")
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")),
    " generated:", format(Sys.Date()), "\n")
