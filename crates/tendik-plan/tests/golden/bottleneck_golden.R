# bottleneck_golden.R -- golden figures for tendik's determinant chains (tendik_plan::bottlenecks,
# src/bottleneck.rs; spec in src/chains.rs and docs/bottlenecks.md): the coverage of each survey
# step of an intervention, its SE, and the drop between consecutive survey steps with the SE of that
# contrast, for the country and each HH7 region, computed with R's `survey`.
#
# Run from this folder (crates/tendik-plan/tests/golden) as:
#     Rscript bottleneck_golden.R
# (about 3 s; stdout is a human-readable log with the cross-checks, which stop the run if they fail;
# only the CSV file is golden). It reads bottleneck_input/ch.csv (see bottleneck_input/README.md for
# where that file came from) and (re)writes, in this folder, byte for byte the same on every run:
#   bottleneck_expected.csv   area,intervention,step,coverage,se,drop,drop_se,n
#
# Versions used to produce the committed CSV file:
#   R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian r-base-core, r-cran-survey).
# Date of the committed run: 2026-12-08 (a run prints its own date on the last line).
#
# Design, as the plan's unit states it (tendik: weight chweight, strata stratum, psu PSU):
#   des <- svydesign(ids = ~PSU, strata = ~stratum, weights = ~chweight, nest = TRUE, data = d)
#   options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
# which is tendik's default: a plan builds its tendik_survey::Design with
# `..Design::weighted(weight)` (crates/tendik-plan/src/analyze.rs), i.e. LonelyPsu::Fail
# (crates/tendik-survey/src/design.rs: "Stop with an error naming the stratum (R's default)"), and a
# domain keeps the PSU count n_h of the whole design (a domain with one PSU in a stratum of several is
# not "lonely"; crates/tendik-survey/src/covariance.rs counts structure.psu_count[h]), as R does with
# survey.adjust.domain.lonely = FALSE. The file holds only rows with UF17 = 1 (the unit's `where`), so
# the unit's filter keeps every row; its 16 strata have 2-8 PSUs each (74 PSUs, no lonely stratum).
#
# Chains: the survey steps of two interventions of plans/mics6-child-deprivation.toml, with the
# expressions of that plan transcribed from SQL into R below (sql_case/sql_in/sql_between keep SQL's
# three-valued logic: a WHEN whose condition is NULL does not fire; a CASE without ELSE gives NULL):
#   immunisation (population CAGE BETWEEN 12 AND 23): 1 Penta1, 2 Penta3, 3 MMR1
#     (the plan's steps 3-5: its two admin steps and the full-immunisation step, which needs IM6BY,
#      IM6P3Y, IM14-IM18 not in the file, are left out);
#   birth_registration (the whole unit): 1 knows how to register, 2 registered, 3 certificate seen
#     (the plan's steps 2-4, its admin step left out).
# In this sample the plan's expressions are never NULL inside their population (every child 12-23
# months has a card, IM5 1-3, or a recall answer, IM11 1, 2 or 8; BR3 is asked whenever BR1 and BR2
# leave it open), so all steps of a chain have the same rows. A third chain, not in the bundled plan,
# makes the steps' rows differ, as the na.rm rule and the drop's covariance allow:
#   row_sets (the whole unit): 1 registered (the plan's expression; all 604 rows);
#     2 certificate seen, of the registered children only:
#       CASE WHEN BR1 IN (1, 2) OR BR2 = 1 THEN CASE WHEN BR1 = 1 THEN 1 ELSE 0 END END
#       (NULL for the unregistered: 596 rows);
#     3 registered, with the step's own population = "CAGE < 24" (tendik's step `population`; 245 rows).
# tendik estimates step s of an intervention as the mean of
#   y_s = CASE WHEN (population) THEN (expression_s) END
# over the rows where y_s is not NULL (na.rm), for the country and each region, all steps of an
# intervention in one request. The step number in the CSV is the position among these survey steps.
#
# What is computed, per intervention: with D_a the rows of area a (a = "all": every row; a = 1..9:
# HH7 = a) and K_s the rows where y_s is known,
#   u_{a,s} = y_s 1[D_a and K_s]  (NA -> 0),   m_{a,s} = 1[D_a and K_s];
#   T <- svytotal(~ u_{all,1} + m_{all,1} + ... + u_{9,3} + m_{9,3}, des)      (ONE call: joint V)
#   coverage and se:  svycontrast(T, list(coverage = quote(u_{a,s}/m_{a,s})))
#   drop and drop_se: svycontrast(T, list(drop = quote(u_{a,s-1}/m_{a,s-1} - u_{a,s}/m_{a,s})))
# The delta method on U/M gives the influence (u_i - R m_i)/M, which is exactly the linearization of a
# domain mean (R's svymean with na.rm = TRUE on subset(des, D_a), and tendik's Target::Mean by
# breakdown); the contrast's variance is var(R_1) + var(R_2) - 2 cov(R_1, R_2), with the covariance of
# the two means over the PSUs that have rows of either (tendik: Results::covariance, "as R's vcov() of
# svyby(..., covmat = TRUE)", then bottleneck::drop_se). n = the unweighted number of rows of D_a and K_s
# (tendik suppresses a figure when n < 25; all rows are written here, the test skips suppressed ones).
# drop and drop_se are empty for step 1 (tendik's drop there is 1 - coverage with drop_se = se).
#
# Cross-checks printed in the log (not golden; the run stops if one fails):
#  - coverage and se against svymean(~y_s, subset(des, D_a), na.rm = TRUE) and, for the regions,
#    svyby(~y_s, ~HH7, subset(des, K_s), svymean) (agreement 1e-12 relative);
#  - coverage, se and drop_se against a second route, svyratio(~u_1 + u_2, ~m_1 + m_2, des,
#    covmat = TRUE) (its own linearization of ratios; the drop's variance from the diagonal pair
#    u_1/m_1, u_2/m_2 of its covariance matrix) (1e-12 relative);
#  - the route NOT taken: svyby(~y_1 + y_2, ...) or svymean(~y_1 + y_2, na.rm = TRUE) use only the rows
#    where BOTH steps are known (complete cases), not each step's own rows. row_sets' steps 1 and 2
#    have different rows, so that gives other coverages (country, step 1: 1 on the complete cases,
#    0.9863 on its own rows); the log prints both to show which estimator the golden figures are.
#    svyby(..., covmat = TRUE, na.rm = TRUE) itself stops in survey 4.1.1 when the variable has NAs
#    ("number of items to replace is not a multiple of replacement length").
#
# Exact zeros: where two consecutive steps are equal on the same rows (birth_registration steps 1
# and 2 in 8 of the 9 regions, where no caretaker of an unregistered child knows how to register),
# svycontrast's drop_se is exactly 0. tendik computes it as sqrt(se_a^2 + se_b^2 - 2 cov), which leaves the square
# root of a rounding unit of those terms (1.6e-10 and 2.3e-10 in regions 5 and 6); the test checks
# such drop SEs against that bound instead of a relative gap, and prints them. An SE of a coverage of
# 1 is 0 up to R's rounding (at most 4e-17 here); the test compares figures below 1e-13 absolutely.
#
# Numbers are written with sprintf("%.17g"), NA as an empty field; n with %d. The area is the HH7 code
# (1..9) or "all"; the test maps HH7 codes to tendik-geo units with the plan's table
# (1 KG-Y, 2 KG-J, 3 KG-N, 4 KG-B, 5 KG-O, 6 KG-T, 7 KG-C, 8 KG-GB, 9 KG-GO).

suppressPackageStartupMessages(library(survey))
if (packageVersion("survey") != "4.1.1") warning("golden values were made with survey 4.1.1, this is ", packageVersion("survey"))
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE, warn = 1, width = 160,
        stringsAsFactors = FALSE)
cat(R.version.string, "\n")
cat("survey", as.character(packageVersion("survey")), "\n")

script_dir <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f)) dirname(normalizePath(f)) else getwd()
})
setwd(script_dir)

## ---------------------------------------------------------------- data and design ----
d <- read.csv("bottleneck_input/ch.csv")
stopifnot(all(d$UF17 == 1))
des <- svydesign(ids = ~PSU, strata = ~stratum, weights = ~chweight, nest = TRUE, data = d)
psus <- tapply(d$PSU, d$stratum, function(p) length(unique(p)))
cat(sprintf("rows %d, strata %d, PSUs %d (per stratum %d-%d)\n", nrow(d), length(psus), sum(psus),
            min(psus), max(psus)))

## ---------------------------------------------------------------- SQL in R ----
# CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ... [ELSE e] END, a NULL condition not firing.
sql_case <- function(..., else_value = NA_real_) {
  a <- list(...)
  n <- nrow(d)
  out <- rep(else_value, n)
  done <- rep(FALSE, n)
  for (k in seq(1, length(a), by = 2)) {
    hit <- !done & !is.na(a[[k]]) & a[[k]]
    v <- rep_len(a[[k + 1]], n)
    out[hit] <- v[hit]
    done <- done | hit
  }
  out
}
sql_in <- function(x, set) ifelse(is.na(x), NA, x %in% set)        # NULL IN (...) is NULL
sql_between <- function(x, lo, hi) x >= lo & x <= hi                # NULL when x is NULL
with(d, {
  # immunisation: card (IM5 1-3) or recall (IM11 = 1), as the plan (MICS6 TC.1, TC.3, TC.8)
  penta1 <<- sql_case(sql_in(IM5, 1:3), sql_case(sql_between(IM6PENTA1Y, 1, 6666), 1, else_value = 0),
                      IM11 == 1, sql_case(IM20 == 1 & sql_between(IM21, 1, 7), 1, else_value = 0),
                      sql_in(IM11, c(2, 8)), 0)
  penta3 <<- sql_case(sql_in(IM5, 1:3), sql_case(sql_between(IM6PENTA3Y, 1, 6666), 1, else_value = 0),
                      IM11 == 1, sql_case(IM20 == 1 & sql_between(IM21, 3, 7), 1, else_value = 0),
                      sql_in(IM11, c(2, 8)), 0)
  mmr1 <<- sql_case(sql_in(IM5, 1:3), sql_case(sql_between(IM6M1Y, 1, 6666), 1, else_value = 0),
                    IM11 == 1, sql_case(IM26 == 1, 1, else_value = 0),
                    sql_in(IM11, c(2, 8)), 0)
  # birth registration (MICS6 PR.1, BR3)
  knows <<- sql_case(sql_in(BR1, c(1, 2)) | BR2 == 1, 1,
                     BR3 == 1, 1,
                     sql_in(BR3, c(2, 8)), 0)
  registered <<- sql_case(sql_in(BR1, c(1, 2)) | BR2 == 1, 1,
                          sql_in(BR2, c(2, 8)), 0)
  certificate <<- sql_case(BR1 == 1, 1,
                           sql_in(BR1, c(2, 3, 8)) | sql_in(BR2, c(1, 2, 8)), 0)
  infant12_23 <<- sql_between(CAGE, 12, 23)
})
# CASE WHEN (population) THEN (expression) END
in_population <- function(y, population) sql_case(population, y)
# row_sets (not in the bundled plan; see the header): steps on different rows
certificate_of_registered <- sql_case(sql_in(d$BR1, c(1, 2)) | d$BR2 == 1, sql_case(d$BR1 == 1, 1, else_value = 0))
chains <- list(
  immunisation = list(in_population(penta1, infant12_23), in_population(penta3, infant12_23),
                      in_population(mmr1, infant12_23)),
  birth_registration = list(knows, registered, certificate),
  row_sets = list(registered, certificate_of_registered, in_population(registered, d$CAGE < 24)))

areas <- c("all", as.character(sort(unique(d$HH7))))
stopifnot(identical(areas, c("all", as.character(1:9))))
in_area <- function(a) if (a == "all") rep(TRUE, nrow(d)) else d$HH7 == as.integer(a)

## ---------------------------------------------------------------- estimates ----
f17 <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
rel <- function(a, b) max(ifelse(abs(b) > 1e-12, abs(a - b) / abs(b), abs(a - b)))  # absolute at 0
rows <- list()
worst <- c(svymean = 0, svyby = 0, svyratio = 0)
for (id in names(chains)) {
  ys <- chains[[id]]
  S <- length(ys)
  cat(sprintf("\n== %s: %d steps; known rows per step: %s\n", id, S,
              paste(vapply(ys, function(y) sum(!is.na(y)), 0), collapse = ", ")))
  # u and m columns for every area and step, one svytotal call
  names_u <- function(a, s) sprintf("u_%s_%d", a, s)
  names_m <- function(a, s) sprintf("m_%s_%d", a, s)
  vars <- character()
  for (a in areas) for (s in seq_len(S)) {
    inside <- in_area(a) & !is.na(ys[[s]])
    d[[names_u(a, s)]] <- ifelse(inside, ys[[s]], 0)
    d[[names_m(a, s)]] <- as.numeric(inside)
    vars <- c(vars, names_u(a, s), names_m(a, s))
  }
  for (s in seq_len(S)) d[[sprintf("y_%d", s)]] <- ys[[s]]
  des_id <- svydesign(ids = ~PSU, strata = ~stratum, weights = ~chweight, nest = TRUE, data = d)
  T <- svytotal(as.formula(paste("~", paste(vars, collapse = " + "))), des_id)
  ratio_text <- function(a, s) sprintf("%s/%s", names_u(a, s), names_m(a, s))
  for (a in areas) {
    n <- vapply(seq_len(S), function(s) sum(d[[names_m(a, s)]]), 0)
    exprs <- lapply(seq_len(S), function(s) parse(text = ratio_text(a, s))[[1]])
    names(exprs) <- sprintf("coverage_%d", seq_len(S))
    drops <- lapply(seq_len(S)[-1], function(s)
      parse(text = sprintf("%s - %s", ratio_text(a, s - 1), ratio_text(a, s)))[[1]])
    names(drops) <- sprintf("drop_%d", seq_len(S)[-1])
    k <- svycontrast(T, c(exprs, drops))
    est <- coef(k)
    se <- sqrt(diag(vcov(k)))
    coverage <- est[names(exprs)]
    coverage_se <- se[names(exprs)]
    drop <- c(NA, est[names(drops)])
    drop_se <- c(NA, se[names(drops)])
    # cross-check 1: svymean on the area's domain, na.rm (and svyby over HH7 for the regions)
    for (s in seq_len(S)) {
      dom <- if (a == "all") des_id else subset(des_id, HH7 == as.integer(a))
      m <- svymean(as.formula(sprintf("~y_%d", s)), dom, na.rm = TRUE)
      worst["svymean"] <- max(worst["svymean"], rel(coef(m), coverage[s]), rel(SE(m), coverage_se[s]))
      if (a != "all") {
        b <- svyby(as.formula(sprintf("~y_%d", s)), ~HH7, subset(des_id, !is.na(d[[sprintf("y_%d", s)]])),
                   svymean)
        row <- which(as.character(b$HH7) == a)
        worst["svyby"] <- max(worst["svyby"], rel(coef(b)[row], coverage[s]), rel(SE(b)[row], coverage_se[s]))
      }
    }
    # cross-check 2: svyratio with covmat for each consecutive pair
    for (s in seq_len(S)[-1]) {
      r <- svyratio(as.formula(sprintf("~%s + %s", names_u(a, s - 1), names_u(a, s))),
                    as.formula(sprintf("~%s + %s", names_m(a, s - 1), names_m(a, s))), des_id, covmat = TRUE)
      V <- vcov(r)
      i1 <- sprintf("%s/%s", names_u(a, s - 1), names_m(a, s - 1))
      i2 <- sprintf("%s/%s", names_u(a, s), names_m(a, s))
      r1 <- as.numeric(r$ratio[names_u(a, s - 1), names_m(a, s - 1)])
      r2 <- as.numeric(r$ratio[names_u(a, s), names_m(a, s)])
      v_drop <- V[i1, i1] + V[i2, i2] - 2 * V[i1, i2]
      worst["svyratio"] <- max(worst["svyratio"], rel(r1 - r2, drop[s]), rel(sqrt(v_drop), drop_se[s]),
                               rel(sqrt(V[i2, i2]), coverage_se[s]), rel(r2, coverage[s]))
    }
    cat(sprintf("  area %-3s n %s  coverage %s  drop %s\n", a, paste(sprintf("%3d", n), collapse = " "),
                paste(sprintf("%.4f (%.4f)", coverage, coverage_se), collapse = " "),
                paste(sprintf("%.4f (%.4f)", drop[-1], drop_se[-1]), collapse = " ")))
    for (s in seq_len(S)) {
      rows[[length(rows) + 1]] <- data.frame(
        area = a, intervention = id, step = s, coverage = f17(coverage[s]), se = f17(coverage_se[s]),
        drop = f17(drop[s]), drop_se = f17(drop_se[s]), n = sprintf("%d", as.integer(n[s])))
    }
  }
  # the route not taken: complete cases of two steps
  cc <- svymean(~y_1 + y_2, des_id, na.rm = TRUE)
  own <- c(coef(svymean(~y_1, des_id, na.rm = TRUE)), coef(svymean(~y_2, des_id, na.rm = TRUE)))
  cat(sprintf("  (complete cases of steps 1 and 2, country: %s; each step on its own rows: %s)\n",
              paste(sprintf("%.6f", coef(cc)), collapse = " "), paste(sprintf("%.6f", own), collapse = " ")))
}
cat(sprintf("\ncross-checks, largest relative gap: svymean %.1e, svyby %.1e, svyratio(covmat) %.1e\n",
            worst["svymean"], worst["svyby"], worst["svyratio"]))
stopifnot(all(worst < 1e-12))

out <- do.call(rbind, rows)
write.csv(out, "bottleneck_expected.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote bottleneck_expected.csv (%d rows; %d with n >= 25)\n", nrow(out),
            sum(as.integer(out$n) >= 25)))
cat("run", format(Sys.Date()), "\n")
