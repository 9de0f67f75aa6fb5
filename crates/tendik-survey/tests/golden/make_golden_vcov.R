# make_golden_vcov.R -- golden covariance matrices and svycontrast figures for tendik-survey,
# computed with R's survey package (linearization designs).
#
# Produced with: R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1
#   (Debian packages r-base-core, r-cran-survey)
# Command (run from this folder or anywhere):
#   Rscript make_golden_vcov.R
# Date of the committed run: printed on the last line of the run (see README.md).
#
# Inputs:  <shared>/data/r-survey/{apistrat,apiclus1,nhanes}.csv (as in make_golden.R:
#          ../../../../../shared relative to this folder, or $TENDIK_SHARED) and the committed
#          data/gen_{lonely,frac,wonly}.csv written by make_golden.R (read, never rewritten here).
# Outputs: vcov.csv       every ordered pair (a, b) of the estimates of one request:
#                         vcov() of svymean/svytotal/svyratio or of svyby(..., covmat = TRUE)
#          contrasts.csv  svycontrast() of a svyby(..., covmat = TRUE) result between two values
#                         of one by variable (difference, ratio, log ratio), with confint()
#
# Designs: svydesign(ids = ~psu or ~1, strata = ~strata or NULL, weights = ~weight,
#                    fpc = ~fpc or NULL, nest = TRUE, data = ...), options(survey.lonely.psu =
#          <lonely_psu>, survey.adjust.domain.lonely = FALSE). A `where` is subset(design, ...).
# Missing values: a request with several variables must have complete data in the rows used (the
#   script stops otherwise). A single variable with NAs is handled by dropping its NA rows with
#   design[!is.na(y), ] before svyby/svymean: that is exactly what na.rm = TRUE does inside
#   svymean/svytotal/svyratio (design <- design[nas == 0, ]), but svyby(..., covmat = TRUE,
#   na.rm = TRUE) stops in survey 4.1.1 ("number of items to replace is not a multiple of
#   replacement length": the influence functions of the domains lose their NA rows). The script
#   checks that the SEs are identical to svyby(..., na.rm = TRUE) without covmat.
# Numbers are written with sprintf("%.17g"); NA/NaN as empty fields.

suppressPackageStartupMessages(library(survey))
if (packageVersion("survey") != "4.1.1") warning("golden values were made with survey 4.1.1, this is ", packageVersion("survey"))
options(survey.adjust.domain.lonely = FALSE, warn = 1, stringsAsFactors = FALSE)

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

## ---------------------------------------------------------------- helpers (as in make_golden.R)
data_cache <- list()
load_data <- function(key) {
  if (!is.null(data_cache[[key]])) return(data_cache[[key]])
  path <- if (startsWith(key, "shared:")) file.path(rsurvey_dir, sub("^shared:r-survey/", "", key))
          else file.path(script_dir, sub("^golden:", "", key))
  if (!file.exists(path)) stop("missing input ", path, " (run make_golden.R first for data/gen_*.csv)")
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
plus <- function(v) paste(bq(v), collapse = "+")

make_design <- function(cs) {
  d <- load_data(cs$data)
  ids <- if (nzchar(cs$psu)) fml(paste0("~", bq(cs$psu))) else ~1
  strata <- if (nzchar(cs$strata)) fml(paste0("~", bq(cs$strata))) else NULL
  fpc <- if (nzchar(cs$fpc)) fml(paste0("~", bq(cs$fpc))) else NULL
  des <- svydesign(ids = ids, strata = strata, weights = fml(paste0("~", bq(cs$weight))),
                   fpc = fpc, nest = TRUE, data = d)
  if (nzchar(cs$where_r)) des <- eval(parse(text = sprintf("subset(des, %s)", cs$where_r)))
  des
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
dom_label <- function(vars, byv) {
  do.call(paste, c(lapply(byv, function(b) fmt_val(vars[[b]])), sep = "|"))
}
relgap <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))
max_gap <- 0
check <- function(a, b, tol, what) {
  a <- as.vector(unname(unlist(a))); b <- as.vector(unname(unlist(b)))
  stopifnot(length(a) == length(b), identical(is.na(a), is.na(b)))
  ok <- !is.na(a)
  if (!any(ok)) return(invisible())
  g <- max(abs(a[ok] - b[ok]) / pmax(abs(b[ok]), 1e-300))
  if (g > tol) stop(what, ": relative gap ", g)
  max_gap <<- max(max_gap, g)
}

AS <- "shared:r-survey/apistrat.csv"
A1 <- "shared:r-survey/apiclus1.csv"
NH <- "shared:r-survey/nhanes.csv"
GL <- "golden:data/gen_lonely.csv"
GF <- "golden:data/gen_frac.csv"
GW <- "golden:data/gen_wonly.csv"
NHD <- list(weight = "WTMEC2YR", strata = "SDMVSTRA", psu = "SDMVPSU")

## ---------------------------------------------------------------- the request of one case
# parse: statistic, variables (";"-list; ratio "num/den" with one common denominator), by.
# Returns the estimator pieces and a labelling of the estimates in R's order.
request <- function(cs, des) {
  st <- cs$statistic
  vars <- strsplit(cs$variables, ";", fixed = TRUE)[[1]]
  byv <- if (nzchar(cs$by)) strsplit(cs$by, ",", fixed = TRUE)[[1]] else character(0)
  if (st == "ratio") {
    nd <- strsplit(vars, "/", fixed = TRUE)
    nums <- sapply(nd, `[`, 1); dens <- unique(sapply(nd, `[`, 2))
    if (length(dens) != 1) stop(cs$case, ": ratios must share one denominator")
    needed <- c(nums, dens)
  } else {
    needed <- vars
    if (st == "proportion" && length(vars) != 1) stop(cs$case, ": one variable per proportion")
  }
  des0 <- des
  V <- des$variables
  cc <- complete.cases(V[, needed, drop = FALSE])
  if (!all(cc)) {
    if (length(vars) > 1) stop(cs$case, ": several variables with missing values among the rows used")
    # same as na.rm = TRUE inside svymean/svytotal/svyratio (design[nas == 0, ])
    des <- des[cc, ]
  }
  f <- switch(st,
    ratio = fml(paste0("~", plus(nums))),
    proportion = fml(sprintf("~factor(%s)", bq(vars))),
    fml(paste0("~", plus(vars))))
  lv <- if (st == "proportion") {
    x <- des$variables[[vars]]
    levels(factor(x))
  } else NULL
  list(case = cs$case, des = des, des0 = des0, st = st, vars = vars, byv = byv, f = f, needed = needed,
       den = if (st == "ratio") fml(paste0("~", bq(dens))) else NULL,
       stat_var = if (st == "proportion") rep(vars, length(lv)) else vars,
       stat_level = if (st == "proportion") fmt_val(type.convert(lv, as.is = TRUE)) else rep("", length(vars)),
       byf = if (length(byv)) fml(paste0("~", plus(byv))) else NULL,
       nstat = if (st == "proportion") length(lv) else length(vars), levels = lv)
}

estimate_nob <- function(rq, des = rq$des) {
  switch(rq$st,
    mean = svymean(rq$f, des),
    proportion = svymean(rq$f, des),
    total = svytotal(rq$f, des),
    ratio = svyratio(rq$f, rq$den, des, covmat = TRUE))
}
estimate_by <- function(rq, ..., des = rq$des) {
  fun <- switch(rq$st, ratio = svyratio, total = svytotal, svymean)
  if (rq$st == "ratio") svyby(rq$f, rq$byf, des, svyratio, denominator = rq$den, ...)
  else svyby(rq$f, rq$byf, des, fun, ...)
}

# the estimates of a svyby result in R's order: statistic-major, then domains in the row order of
# the svyby table (sorted by interaction(by...), the first by variable varying fastest)
by_labels <- function(rq, b) {
  labs <- dom_label(b, rq$byv)
  nd <- length(labs)
  data.frame(by_value = rep(labs, rq$nstat), variable = rep(rq$stat_var, each = nd),
             level = rep(rq$stat_level, each = nd), dom = rep(seq_len(nd), rq$nstat),
             stat = rep(seq_len(rq$nstat), each = nd))
}

# checks that the labelling is right: diag(V) = SE^2, and each domain's diagonal block equals the
# covariance matrix of the same estimator run on that domain alone
# Under survey.lonely.psu = "average" the two differ by design: svyby(covmat = TRUE) pads each
# domain's influence functions with zeros to the whole design and runs svyrecvar once, so the
# "average" factor nstrat/nokstrat counts the strata of the whole design, while the SE column
# of svyby (and a domain estimated alone) counts only the strata with rows in the domain.
# avg_factor() gives the ratio (whole design)/(domain) that the check allows for.
avg_factor <- function(des, keep) {
  if (getOption("survey.lonely.psu") != "average") return(1)
  h <- des$strata[, 1]; npsu <- des$fpc$sampsize[, 1]
  f <- function(k) { s <- unique(h[k]); length(s) / sum(npsu[match(s, h)] > 1) }
  f(rep(TRUE, length(h))) / f(keep)
}
check_by <- function(rq, b, V, lab) {
  se <- as.vector(as.matrix(SE(b)))
  stopifnot(length(coef(b)) == nrow(lab))
  vlab <- dom_label(rq$des$variables, rq$byv)
  for (d in unique(lab$dom)) {
    i <- which(lab$dom == d)
    keep <- vlab == lab$by_value[i[1]]
    fa <- avg_factor(rq$des, keep)
    if (fa != 1) message(sprintf("  %s, domain %s: covmat = %.6g x the domain's own variance (lonely average)",
                                 rq$case, lab$by_value[i[1]], fa))
    check(sqrt(diag(V)[i]), se[i] * sqrt(fa), 1e-12, "diag(vcov) vs SE")
    r <- estimate_nob(rq, rq$des[keep, ])
    check(as.vector(V[i, i]), fa * as.vector(as.matrix(vcov(r))), 1e-9, "domain block")
    check(as.vector(coef(b))[i], as.vector(coef(r)), 1e-12, "domain coef")
  }
}

## ---------------------------------------------------------------- vcov cases
CV <- function(case, data, weight, strata = "", psu = "", fpc = "", lonely = "fail",
               statistic, variables, by = "", where_sql = "", where_r = "") {
  data.frame(case = case, data = data, weight = weight, strata = strata, psu = psu,
             fpc = fpc, lonely_psu = lonely, statistic = statistic, variables = variables,
             by = by, where = where_sql, where_r = where_r)
}
vcases <- rbind(
  CV("strat_mean2", AS, "pw", "stype", "", "fpc", statistic = "mean", variables = "api00;api99"),
  CV("strat_mean2_by", AS, "pw", "stype", "", "fpc", statistic = "mean", variables = "api00;api99", by = "stype"),
  CV("strat_ratio_by", AS, "pw", "stype", "", "fpc", statistic = "ratio", variables = "api.stu/enroll", by = "awards"),
  CV("strat_mean2_where_by", AS, "pw", "stype", "", "fpc", statistic = "mean", variables = "api00;enroll",
     by = "awards", where_sql = "\"api00\" > 600", where_r = "api00 > 600"),
  CV("strat_w_mean2_by", AS, "pw", statistic = "mean", variables = "api00;enroll", by = "sch.wide"),
  CV("clus1_total_by", A1, "pw", "", "dnum", "fpc", statistic = "total", variables = "enroll", by = "stype"),
  CV("clus1_total2_by2", A1, "pw", "", "dnum", "fpc", statistic = "total", variables = "enroll;api.stu",
     by = "stype,sch.wide"),
  CV("clus1_ratio2", A1, "pw", "", "dnum", "fpc", statistic = "ratio", variables = "api.stu/enroll;api00/enroll"),
  CV("nh_prop_by", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "proportion", variables = "agecat", by = "RIAGENDR"),
  CV("nh_mean_by_na", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "mean", variables = "HI_CHOL", by = "race"),
  CV("nh_mean_by2_na", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "mean", variables = "HI_CHOL", by = "race,RIAGENDR"),
  CV("wonly_total2_by", GW, "w", statistic = "total", variables = "x;code", by = "ans"),
  CV("lonely_adjust_mean_by", GL, "wt", "h", "psu", "", "adjust", "mean", "y", by = "grp"),
  CV("lonely_average_mean_by", GL, "wt", "h", "psu", "", "average", "mean", "y", by = "grp"),
  CV("lonely_adjust_prop", GL, "wt", "h", "psu", "", "adjust", "proportion", "cat"),
  CV("lonely_average_prop_by", GL, "wt", "h", "psu", "", "average", "proportion", "cat", by = "sex"),
  CV("frac_f_mean2_by", GF, "w", "stratum", "cluster", "fpc_f", statistic = "mean", variables = "x;k", by = "z")
)
stopifnot(!anyDuplicated(vcases$case))

vrow <- function(cs, a, b, cov) {
  data.frame(case = cs$case, data = cs$data, weight = cs$weight, strata = cs$strata, psu = cs$psu,
             fpc = cs$fpc, lonely_psu = cs$lonely_psu, statistic = cs$statistic,
             variables = cs$variables, by = cs$by, where = cs$where,
             by_value_a = a$by_value, variable_a = a$variable, level_a = a$level,
             by_value_b = b$by_value, variable_b = b$variable, level_b = b$level,
             covariance = num(cov))
}

run_vcov <- function(cs) {
  options(survey.lonely.psu = cs$lonely_psu)
  rq <- request(cs, make_design(cs))
  if (!length(rq$byv)) {
    r <- estimate_nob(rq)
    V <- as.matrix(vcov(r))
    lab <- data.frame(by_value = "", variable = rq$stat_var, level = rq$stat_level)
    stopifnot(nrow(V) == nrow(lab))
    if (rq$st == "proportion") stopifnot(identical(names(coef(r)), paste0("factor(", rq$vars, ")", rq$levels)))
    check(sqrt(diag(V)), as.vector(SE(r)), 1e-12, "diag(vcov) vs SE")
  } else {
    b <- estimate_by(rq, covmat = TRUE)
    V <- vcov(b)
    lab <- by_labels(rq, b)
    check_by(rq, b, V, lab)
    # the figures must be those of svyby(..., na.rm = TRUE) (see the header)
    b0 <- estimate_by(rq, na.rm = TRUE, des = rq$des0)
    check(as.vector(as.matrix(SE(b))), as.vector(as.matrix(SE(b0))), 1e-14, "SE vs na.rm")
  }
  k <- nrow(lab)
  rows <- list()
  for (i in seq_len(k)) for (j in seq_len(k)) {
    rows[[length(rows) + 1]] <- vrow(cs, lab[i, ], lab[j, ], V[i, j])
  }
  do.call(rbind, rows)
}

## ---------------------------------------------------------------- contrast cases
CC <- function(case, data, weight, strata = "", psu = "", fpc = "", lonely = "fail",
               statistic, variable, by, contrast, where_sql = "", where_r = "") {
  data.frame(case = case, data = data, weight = weight, strata = strata, psu = psu,
             fpc = fpc, lonely_psu = lonely, statistic = statistic, variables = variable,
             by = by, where = where_sql, where_r = where_r, contrast = contrast)
}
ccases <- rbind(
  CC("strat_mean_diff", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00", by = "stype",
     contrast = "difference:stype=E,H"),
  CC("strat_mean_ratio", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00", by = "stype",
     contrast = "ratio:stype=E,M"),
  CC("strat_mean_where_diff", AS, "pw", "stype", "", "fpc", statistic = "mean", variable = "api00", by = "stype",
     contrast = "difference:stype=M,E", where_sql = "\"sch.wide\" = 'Yes'", where_r = "sch.wide == 'Yes'"),
  CC("strat_ratio_diff", AS, "pw", "stype", "", "fpc", statistic = "ratio", variable = "api.stu/enroll",
     by = "awards", contrast = "difference:awards=Yes,No"),
  CC("strat_ratio_by2_ratio", AS, "pw", "stype", "", "fpc", statistic = "ratio", variable = "api.stu/enroll",
     by = "stype,awards", contrast = "ratio:awards=Yes,No"),
  CC("clus1_total_logratio", A1, "pw", "", "dnum", "fpc", statistic = "total", variable = "enroll", by = "stype",
     contrast = "log_ratio:stype=E,H"),
  CC("clus1_total_by2_logratio", A1, "pw", "", "dnum", "fpc", statistic = "total", variable = "enroll",
     by = "stype,sch.wide", contrast = "log_ratio:sch.wide=Yes,No"),
  CC("nh_mean_by2_diff", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "mean", variable = "HI_CHOL",
     by = "race,RIAGENDR", contrast = "difference:RIAGENDR=1,2"),
  CC("nh_mean_by2_ratio", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "mean", variable = "HI_CHOL",
     by = "race,RIAGENDR", contrast = "ratio:race=1,3"),
  CC("nh_prop_diff", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "proportion", variable = "agecat",
     by = "RIAGENDR", contrast = "difference:RIAGENDR=1,2"),
  CC("nh_prop_by2_logratio", NH, NHD$weight, NHD$strata, NHD$psu, statistic = "proportion", variable = "agecat",
     by = "race,RIAGENDR", contrast = "log_ratio:race=1,2"),
  CC("frac_f_prop_diff", GF, "w", "stratum", "cluster", "fpc_f", statistic = "proportion", variable = "z",
     by = "k", contrast = "difference:k=1,3"),
  CC("wonly_mean_ratio", GW, "w", statistic = "mean", variable = "y", by = "ans", contrast = "ratio:ans=yes,no"),
  CC("wonly_mean_logratio", GW, "w", statistic = "mean", variable = "y", by = "ans,code",
     contrast = "log_ratio:code=2,1")
)
stopifnot(!anyDuplicated(ccases$case))

crow <- function(cs, by_value, level, est, se, lo, hi) {
  data.frame(case = cs$case, data = cs$data, weight = cs$weight, strata = cs$strata, psu = cs$psu,
             fpc = cs$fpc, lonely_psu = cs$lonely_psu, statistic = cs$statistic,
             variable = cs$variables, by = cs$by, where = cs$where, contrast = cs$contrast,
             by_value = by_value, level = level, estimate = num(est), se = num(se),
             ci_lower = num(lo), ci_upper = num(hi))
}

run_contrast <- function(cs) {
  options(survey.lonely.psu = cs$lonely_psu)
  rq <- request(cs, make_design(cs))
  m <- regmatches(cs$contrast, regexec("^(difference|ratio|log_ratio):([^=]+)=([^,]+),(.+)$", cs$contrast))[[1]]
  if (length(m) != 5) stop(cs$case, ": bad contrast ", cs$contrast)
  kind <- m[2]; cvar <- m[3]; A <- m[4]; B <- m[5]
  stopifnot(cvar %in% rq$byv)
  b <- estimate_by(rq, covmat = TRUE)
  V <- vcov(b)
  lab <- by_labels(rq, b)
  check_by(rq, b, V, lab)
  cf <- coef(b)
  nms <- names(cf)
  others <- setdiff(rq$byv, cvar)
  cv <- fmt_val(b[[cvar]])
  ov <- if (length(others)) dom_label(b, others) else rep("", nrow(b))
  combos <- unique(ov)
  rows <- list()
  for (o in combos) for (s in seq_len(rq$nstat)) {
    dA <- which(cv == A & ov == o); dB <- which(cv == B & ov == o)
    if (length(dA) != 1 || length(dB) != 1) stop(cs$case, ": domain missing for ", o)
    pA <- which(lab$dom == dA & lab$stat == s); pB <- which(lab$dom == dB & lab$stat == s)
    a <- cf[[pA]]; bb <- cf[[pB]]
    vaa <- V[pA, pA]; vbb <- V[pB, pB]; vab <- V[pA, pB]
    sA <- as.name(nms[pA]); sB <- as.name(nms[pB])
    if (kind == "difference") {
      w <- numeric(length(cf)); w[pA] <- 1; w[pB] <- -1
      r <- svycontrast(b, w)
      est0 <- a - bb; var0 <- vaa + vbb - 2 * vab
    } else if (kind == "ratio") {
      r <- svycontrast(b, bquote(.(sA) / .(sB)))
      est0 <- a / bb; var0 <- vaa / bb^2 - 2 * a * vab / bb^3 + a^2 * vbb / bb^4
    } else {
      r <- svycontrast(b, bquote(log(.(sA) / .(sB))))
      est0 <- log(a / bb); var0 <- vaa / a^2 - 2 * vab / (a * bb) + vbb / bb^2
    }
    ci <- confint(r)
    est <- as.vector(coef(r)); se <- as.vector(SE(r))
    # R's figures are the delta method with vcov(svyby) and a normal interval
    check(est, est0, 1e-13, "contrast estimate")
    check(se, sqrt(var0), 1e-9, "contrast se")
    check(as.vector(ci), est0 + c(-1, 1) * qnorm(0.975) * sqrt(var0), 1e-9, "contrast ci")
    rows[[length(rows) + 1]] <- crow(cs, o, lab$level[pA], est, se, ci[1, 1], ci[1, 2])
  }
  do.call(rbind, rows)
}

## ---------------------------------------------------------------- run
in_case <- function(cs, fun) withCallingHandlers(fun(cs), error = function(e) message("case ", cs$case, ":"))
vout <- do.call(rbind, lapply(seq_len(nrow(vcases)), function(i) in_case(vcases[i, ], run_vcov)))
cout <- do.call(rbind, lapply(seq_len(nrow(ccases)), function(i) in_case(ccases[i, ], run_contrast)))
options(survey.lonely.psu = "fail")
write_csv_min(vout, file.path(script_dir, "vcov.csv"))
write_csv_min(cout, file.path(script_dir, "contrasts.csv"))
cat(sprintf("vcov.csv: %d cases, %d rows; contrasts.csv: %d cases, %d rows\n",
            nrow(vcases), nrow(vout), nrow(ccases), nrow(cout)))
cat(sprintf("largest relative gap of the internal checks: %.3g\n", max_gap))
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")),
    " generated:", format(Sys.Date()), "\n")
