# Golden reference figures for Alkire-Foster (AF) multidimensional poverty
# measures under a complex survey design, computed with R's `survey` package.
#
# Run from this folder as:   Rscript af_golden.R
# It (re)writes, in this folder:
#   af_data.csv      the simulated sample (stratum,psu,w,region,d1,d2,d3,d4;
#                    NA written as an empty field)
#   af_expected.csv  the expected estimates and linearised standard errors
#                    (case,region,measure,k,indicator,estimate,se)
#
# Versions used to produce the committed CSV files:
#   R version 4.2.2 Patched (2022-11-10 r83330)
#   survey 4.1.1
#
# What it computes
# ----------------
# Design: stratified two-stage cluster sample, 4 strata x 6 PSUs x 25 persons
# (600 rows), with-replacement (Taylor linearisation) variance:
#   svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE)
# The analysis population is the complete cases of d1..d4, taken as a domain
# with subset() (the design stays whole: excluded rows keep their PSU and
# stratum but get zero weight).
#
# Two cases:
#   equal    : indicator weights 1/4 each; k = 1..4 is a count,
#              poor = (d1+d2+d3+d4) >= k
#   weighted : indicator weights 0.4, 0.2, 0.2, 0.2; k = 20%, 40%, 60% is a
#              share, poor = score >= share - 1e-12
# With c = sum_j w_j d_j (share, 0..1) and cens = c * poor:
#   H    = svymean(~poor)
#   M0   = svymean(~cens)
#   A    = svyratio(~cens, ~poor)
#   per indicator j:
#     censored_headcount = svymean(~ d_j * poor)
#     contribution       = svymean(~ w_j * d_j * poor)      (sums to M0)
#     contribution_pct   = 100 * svyratio(~ w_j * d_j * poor, ~cens)
#                          (estimate and SE both x 100; sums to 100)
# Each national (region empty) and by region (svyby over ~region, with
# covmat = FALSE, keep.var = TRUE). The subgroup decomposition by region, per k:
#   population_share          = svymean(~factor(region)) among complete cases
#   subgroup_contribution_pct = 100 * svyratio(~ cens * (region == g), ~cens)
#                               (= share x M0 of g / M0; sums to 100)
#
# Numbers are written with 17 significant digits ("%.17g").

suppressPackageStartupMessages(library(survey))

cat(R.version.string, "\n")
cat("survey", as.character(packageVersion("survey")), "\n")

set.seed(20261203)

## ---------------------------------------------------------------- data ----
n_strata <- 4L
psu_per_stratum <- 6L
persons_per_psu <- 25L
n_psu <- n_strata * psu_per_stratum # 24
n <- n_psu * persons_per_psu # 600

psu_id <- seq_len(n_psu)
psu_stratum <- rep(seq_len(n_strata), each = psu_per_stratum)
psu_region <- sample(rep(1:3, length.out = n_psu)) # 8 PSUs per region
psu_base_w <- runif(n_psu, 50, 150)
psu_effect <- rnorm(n_psu, 0, 0.6)

psu <- rep(psu_id, each = persons_per_psu)
stratum <- psu_stratum[psu]
region <- psu_region[psu]
# Weight: PSU base weight times a person factor, rounded to 4 decimals. Going
# through the decimal string makes the in-memory value exactly the value that
# a reader of af_data.csv will parse.
w_raw <- psu_base_w[psu] * runif(n, 0.8, 1.2)
w_txt <- sprintf("%.4f", w_raw)
w <- as.numeric(w_txt)

latent <- rnorm(n)
intercepts <- c(-0.6, -0.2, -1.0, 0.3)
loadings <- c(1.2, 1.0, 1.4, 0.8)
dep <- sapply(1:4, function(j) {
  p <- plogis(intercepts[j] + loadings[j] * latent + psu_effect[psu])
  rbinom(n, 1, p)
})
d1 <- dep[, 1]
d2 <- dep[, 2]
d3 <- dep[, 3]
d4 <- dep[, 4]
d2[sample.int(n, 18)] <- NA # 3 % missing
d4[sample.int(n, 18)] <- NA # 3 % missing

df <- data.frame(
  stratum = stratum, psu = psu, w = w, region = region,
  d1 = d1, d2 = d2, d3 = d3, d4 = d4
)

## Write the data: integers as integers, weights as the exact 4-decimal
## strings they were parsed from, NA as an empty field.
out <- data.frame(
  stratum = as.character(df$stratum),
  psu = as.character(df$psu),
  w = w_txt,
  region = as.character(df$region),
  d1 = ifelse(is.na(df$d1), NA, as.character(df$d1)),
  d2 = ifelse(is.na(df$d2), NA, as.character(df$d2)),
  d3 = ifelse(is.na(df$d3), NA, as.character(df$d3)),
  d4 = ifelse(is.na(df$d4), NA, as.character(df$d4)),
  stringsAsFactors = FALSE
)
write.csv(out, "af_data.csv", row.names = FALSE, na = "", quote = FALSE)

back <- read.csv("af_data.csv")
stopifnot(
  identical(names(back), c("stratum", "psu", "w", "region", "d1", "d2", "d3", "d4")),
  identical(back$w, df$w),
  identical(as.integer(back$psu), as.integer(df$psu)),
  identical(is.na(back$d2), is.na(df$d2)),
  identical(is.na(back$d4), is.na(df$d4)),
  all(back$d1 == df$d1),
  all(back$d3 == df$d3)
)

## -------------------------------------------------------------- design ----
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = df, nest = TRUE)
dsub <- subset(des, complete.cases(d1, d2, d3, d4))
cat("rows:", nrow(df), " complete cases:", sum(complete.cases(df[, 5:8])), "\n")

## Out-of-domain rows keep their place in the design with zero weight; their
## derived values are set to 0 (instead of NA) so that they contribute exactly
## nothing, which is what domain estimation prescribes.
z0 <- function(x) ifelse(is.na(x), 0, x)

## ------------------------------------------------------------ measures ----
fmt <- function(x) sprintf("%.17g", x)
rows <- list()
add <- function(case, region, measure, k, indicator, est, se) {
  rows[[length(rows) + 1L]] <<- data.frame(
    case = case, region = region, measure = measure, k = k,
    indicator = indicator, estimate = fmt(est), se = fmt(se),
    stringsAsFactors = FALSE
  )
}

## National and by-region mean of one variable
mean_rows <- function(design, var, case, k, measure, indicator, scale = 1) {
  f <- as.formula(paste0("~", var))
  m <- svymean(f, design)
  add(case, "", measure, k, indicator, scale * unname(coef(m)), scale * unname(SE(m)))
  b <- svyby(f, ~region, design, svymean, covmat = FALSE, keep.var = TRUE)
  for (i in seq_len(nrow(b))) {
    add(case, as.character(b$region[i]), measure, k, indicator,
        scale * unname(coef(b))[i], scale * unname(SE(b))[i])
  }
  invisible(NULL)
}

## National and by-region ratio of two variables
ratio_rows <- function(design, num, den, case, k, measure, indicator, scale = 1) {
  fn <- as.formula(paste0("~", num))
  fd <- as.formula(paste0("~", den))
  r <- svyratio(fn, fd, design)
  add(case, "", measure, k, indicator, scale * unname(coef(r)), scale * unname(SE(r)))
  b <- svyby(fn, ~region, design, svyratio, denominator = fd,
             covmat = FALSE, keep.var = TRUE)
  for (i in seq_len(nrow(b))) {
    add(case, as.character(b$region[i]), measure, k, indicator,
        scale * unname(coef(b))[i], scale * unname(SE(b))[i])
  }
  invisible(NULL)
}

cases <- list(
  list(name = "equal", wts = c(0.25, 0.25, 0.25, 0.25),
       ks = c("1", "2", "3", "4"),
       poor = function(d, s, k) as.numeric(rowSums(d) >= as.numeric(k))),
  list(name = "weighted", wts = c(0.4, 0.2, 0.2, 0.2),
       ks = c("20%", "40%", "60%"),
       poor = function(d, s, k) as.numeric(s >= as.numeric(sub("%", "", k)) / 100 - 1e-12))
)

for (cs in cases) {
  for (k in cs$ks) {
    vars <- dsub$variables
    d <- cbind(z0(vars$d1), z0(vars$d2), z0(vars$d3), z0(vars$d4))
    score <- as.vector(d %*% cs$wts)
    poor <- cs$poor(d, score, k)
    dk <- dsub
    dk$variables$poor <- poor
    dk$variables$cens <- score * poor
    for (j in 1:4) {
      dk$variables[[paste0("cd", j)]] <- d[, j] * poor
      dk$variables[[paste0("wd", j)]] <- cs$wts[j] * d[, j] * poor
    }

    mean_rows(dk, "poor", cs$name, k, "H", "")
    ratio_rows(dk, "cens", "poor", cs$name, k, "A", "")
    mean_rows(dk, "cens", cs$name, k, "M0", "")
    for (j in 1:4) {
      ind <- paste0("d", j)
      mean_rows(dk, paste0("cd", j), cs$name, k, "censored_headcount", ind)
      mean_rows(dk, paste0("wd", j), cs$name, k, "contribution", ind)
      ratio_rows(dk, paste0("wd", j), "cens", cs$name, k, "contribution_pct", ind,
                 scale = 100)
    }
    shares <- svymean(~factor(region), dk)
    for (g in 1:3) {
      add(cs$name, as.character(g), "population_share", k, "",
          unname(coef(shares))[g], unname(SE(shares))[g])
      dk$variables$part <- dk$variables$cens * (dk$variables$region == g)
      r <- svyratio(~part, ~cens, dk)
      add(cs$name, as.character(g), "subgroup_contribution_pct", k, "",
          100 * unname(coef(r)), 100 * unname(SE(r)))
    }
  }
}

res <- do.call(rbind, rows)
write.csv(res, "af_expected.csv", row.names = FALSE, quote = FALSE)
cat("wrote af_expected.csv:", nrow(res), "rows\n")

## -------------------------------------------------------------- checks ----
num <- transform(res, estimate = as.numeric(estimate), se = as.numeric(se))
get <- function(case, region, measure, k, indicator = "") {
  num$estimate[num$case == case & num$region == region & num$measure == measure &
                 num$k == k & num$indicator == indicator]
}
for (cs in cases) {
  for (reg in c("", "1", "2", "3")) {
    hs <- sapply(cs$ks, function(k) get(cs$name, reg, "H", k))
    stopifnot(all(diff(hs) <= 0))
    for (k in cs$ks) {
      h <- get(cs$name, reg, "H", k)
      a <- get(cs$name, reg, "A", k)
      m0 <- get(cs$name, reg, "M0", k)
      contr <- sapply(paste0("d", 1:4), function(i) get(cs$name, reg, "contribution", k, i))
      pct <- sapply(paste0("d", 1:4), function(i) get(cs$name, reg, "contribution_pct", k, i))
      stopifnot(
        abs(h * a - m0) < 1e-12,
        abs(sum(contr) - m0) < 1e-12,
        abs(sum(pct) - 100) < 1e-9
      )
    }
  }
}
cat("checks passed: H non-increasing in k; H*A = M0; contributions sum to M0;",
    "percentage contributions sum to 100\n")
print(num[num$region == "" & num$indicator == "", ], row.names = FALSE)
