# wealth_golden.R -- golden values for tendik-measures' wealth index (src/wealth.rs), in base R
# and R's survey package.
#
# Produced with: R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1
#   (Debian packages r-base-core, r-cran-survey)
# Command (run from this folder):
#   Rscript wealth_golden.R
# Date of the committed run: 2026-12-07 (a run prints its own date on the last line). The run
# stops (stopifnot) if prcomp or svyquantile disagree with the figures it writes.
# Outputs: wealth_input.csv     300 invented households: id, area, weight, members and 15
#                               items (13 0/1, rooms_per_member and land_ha continuous; empty =
#                               missing)
#          wealth_expected.csv  what,index,key,value (numbers with sprintf("%.17g"))
#
# The method, as tendik computes it (see src/wealth.rs):
# - households with any item of an index missing are left out of it (complete.cases);
# - items that take one value in every household of positive weight are dropped;
# - weighted means and SDs with divisor sum(w): cov.wt(x, wt, cor = TRUE, method = "ML");
# - the first eigenvector v of the weighted correlation matrix (eigen(symmetric = TRUE)),
#   signed so that sum(v) > 0; score = standardised items %*% v. The same scores come from
#   prcomp() on the standardised matrix with rows scaled by sqrt(w / sum(w)) (checked below);
# - population quintiles: households sorted by score, each counting weight * members; cut-point
#   j is the first score at which the cumulative population reaches j/5 of the total, i.e.
#   inf{x : F(x) >= j/5}, which is survey's svyquantile(qrule = "math") (checked below); a
#   household is in quintile 1 + the number of cut-points strictly below its score;
# - the combined urban/rural index (Rutstein 2008, DHS Working Papers 60): a common index on
#   the items shared (all but land_ha) over all households, an urban index on all items over
#   urban households, a rural one over rural households; within each area
#   lm(common ~ area score, weights = weight) puts the area score on the common scale.
#
# Rows of wealth_expected.csv:
#   score,<index>,<household>,<score>        (empty when the household has no score)
#   quintile,<index>,<household>,<1..5>      (empty when no score)
#   cutoff,<index>,<1..4>,<cut-point>
#   loading,<index>,<item>,<loading>         (items in the index, dropped ones left out)
#   dropped,<index>,<item>,
#   eigenvalue,<index>,1,<largest eigenvalue of the correlation matrix>
#   fitted,<index>,1,<households in the fit>
#   line,<urban|rural>,<intercept|slope>,<value>
# with <index> one of national, common, urban, rural, combined.

suppressPackageStartupMessages(library(survey))
if (packageVersion("survey") != "4.1.1") warning("golden values were made with survey 4.1.1, this is ", packageVersion("survey"))
options(warn = 1, stringsAsFactors = FALSE)

# ---- the households ---------------------------------------------------------------------------
set.seed(20260514, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
n <- 300
urban <- runif(n) < 0.4
z <- rnorm(n, mean = ifelse(urban, 0.7, -0.3)) # latent wealth
item <- function(a, b) as.integer(a + b * z + rlogis(n) > 0)
d <- data.frame(household = seq_len(n), area = ifelse(urban, "urban", "rural"))
d$weight <- round(ifelse(urban, 600, 1400) * runif(n, 0.7, 1.3), 1)
d$members <- pmax(1L, rpois(n, ifelse(urban, 3.3, 4.6)))
d$electricity <- ifelse(urban, 1L, as.integer(runif(n) < plogis(2.5 + 1.5 * z))) # all 1 in towns
d$radio <- item(-0.5, 0.6)
d$television <- item(2.0, 1.5)
d$refrigerator <- item(0.5, 1.8)
d$mobile <- item(2.5, 1.2)
d$computer <- item(-1.5, 1.9)
d$car <- item(-1.2, 1.3)
water <- 0.3 * urban + 0.8 * z + rnorm(n)
d$piped_water <- as.integer(water > 0.3)
d$unimproved_water <- as.integer(water < -1.2)
toilet <- 0.5 * urban + z + rnorm(n)
d$flush_toilet <- as.integer(toilet > 0.5)
d$open_defecation <- as.integer(toilet < -1.8)
floor <- z + rnorm(n, sd = 0.8)
d$finished_floor <- as.integer(floor > -0.2)
d$earth_floor <- as.integer(floor < -1.3)
d$rooms_per_member <- round(2 * exp(0.25 * z + rnorm(n, sd = 0.3)) / d$members, 3)
urban_land <- ifelse(runif(n) < 0.1, round(rexp(n, 4), 2), 0)
rural_land <- round(rexp(n, 1 / (1.2 + 0.3 * z^2)), 2)
d$land_ha <- ifelse(urban, urban_land, rural_land)
# Missing answers: radio in three households, land in two rural ones, electricity in an urban
# one (an item the urban index drops as constant: the household is still left out of it).
d$radio[c(5, 77, 190)] <- NA
d$land_ha[which(!urban)[c(3, 40)]] <- NA
d$electricity[which(urban)[7]] <- NA
write.csv(d, "wealth_input.csv", row.names = FALSE, na = "", quote = FALSE)

# Everything below works on the file as read back, as tendik does.
d <- read.csv("wealth_input.csv")
items <- setdiff(names(d), c("household", "area", "weight", "members"))
common_items <- setdiff(items, "land_ha")
stopifnot(length(items) == 15)

# ---- one index ----------------------------------------------------------------------------
quintile_cuts <- function(score, pop) {
  o <- order(score)
  cum <- cumsum(pop[o])
  total <- sum(pop)
  cuts <- unname(sapply(1:4, function(j) score[o][which(cum >= total * j / 5)[1]]))
  # No cumulative total is within 1e-9 of a boundary, so summation order cannot move a cut.
  for (j in 1:4) stopifnot(min(abs(cum - total * j / 5)) / total > 1e-9)
  # The same cut-points as survey's weighted quantiles (the inverse of the weighted CDF).
  design <- svydesign(ids = ~1, weights = ~pop, data = data.frame(score = score, pop = pop))
  q <- svyquantile(~score, design, quantiles = c(0.2, 0.4, 0.6, 0.8), qrule = "math", ci = FALSE)
  stopifnot(identical(unname(as.vector(coef(q))), cuts))
  cuts
}

fit_index <- function(rows, cols) {
  x <- as.matrix(d[rows, cols])
  w <- d$weight[rows]
  fit <- complete.cases(x)
  xf <- x[fit, , drop = FALSE]
  wf <- w[fit]
  varies <- apply(xf[wf > 0, , drop = FALSE], 2, function(col) length(unique(col)) > 1)
  xv <- xf[, varies, drop = FALSE]
  cw <- cov.wt(xv, wt = wf, cor = TRUE, method = "ML")
  sds <- sqrt(diag(cw$cov))
  e <- eigen(cw$cor, symmetric = TRUE)
  v <- e$vectors[, 1]
  if (sum(v) < 0) v <- -v
  zf <- sweep(sweep(xv, 2, cw$center), 2, sds, "/")
  score_fit <- drop(zf %*% v)
  # prcomp on the weighted, standardised matrix gives the same component and scores.
  p <- prcomp(zf * sqrt(wf / sum(wf)), center = FALSE, scale. = FALSE)
  v2 <- p$rotation[, 1] * sign(sum(p$rotation[, 1] * v))
  stopifnot(max(abs(v2 - v)) < 1e-12)
  stopifnot(abs(p$sdev[1]^2 * (nrow(zf) - 1) - e$values[1]) < 1e-12 * e$values[1])
  stopifnot(max(abs(drop(zf %*% v2) - score_fit)) < 1e-12 * sd(score_fit))
  cuts <- quintile_cuts(score_fit, wf * d$members[rows][fit])
  score <- rep(NA_real_, length(rows))
  score[fit] <- score_fit
  list(
    rows = rows, score = score, quintile = 1L + findInterval(score, cuts, left.open = TRUE),
    cuts = cuts, loading = setNames(v, colnames(xv)), dropped = colnames(xf)[!varies],
    eigenvalue = e$values[1], fitted = sum(fit)
  )
}

everyone <- seq_len(n)
national <- fit_index(everyone, items)
common <- fit_index(everyone, common_items)
urban_index <- fit_index(which(d$area == "urban"), items)
rural_index <- fit_index(which(d$area == "rural"), items)
stopifnot(identical(urban_index$dropped, "electricity"), length(national$dropped) == 0)

# ---- the combined index ---------------------------------------------------------------------
combined <- rep(NA_real_, n)
lines <- list()
for (area in c("urban", "rural")) {
  index <- if (area == "urban") urban_index else rural_index
  y <- common$score[index$rows]
  x <- index$score
  fit <- lm(y ~ x, weights = d$weight[index$rows])
  lines[[area]] <- unname(coef(fit))
  combined[index$rows] <- lines[[area]][1] + lines[[area]][2] * x
}
scored <- !is.na(combined)
combined_cuts <- quintile_cuts(combined[scored], (d$weight * d$members)[scored])
combined_quintile <- 1L + findInterval(combined, combined_cuts, left.open = TRUE)

# ---- output ---------------------------------------------------------------------------------
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
out <- list()
add <- function(what, index, key, value) {
  out[[length(out) + 1]] <<- data.frame(what = what, index = index, key = key, value = value)
}
for (name in c("national", "common", "urban", "rural")) {
  index <- list(national = national, common = common, urban = urban_index, rural = rural_index)[[name]]
  add("score", name, d$household[index$rows], num(index$score))
  add("quintile", name, d$household[index$rows], ifelse(is.na(index$quintile), "", index$quintile))
  add("cutoff", name, 1:4, num(index$cuts))
  add("loading", name, names(index$loading), num(index$loading))
  if (length(index$dropped) > 0) add("dropped", name, index$dropped, "")
  add("eigenvalue", name, 1, num(index$eigenvalue))
  add("fitted", name, 1, index$fitted)
}
add("score", "combined", d$household, num(combined))
add("quintile", "combined", d$household, ifelse(is.na(combined_quintile), "", combined_quintile))
add("cutoff", "combined", 1:4, num(combined_cuts))
for (area in c("urban", "rural")) add("line", area, c("intercept", "slope"), num(lines[[area]]))
write.csv(do.call(rbind, out), "wealth_expected.csv", row.names = FALSE, quote = FALSE)

share <- function(q, pop) round(100 * tapply(pop[!is.na(q)], q[!is.na(q)], sum) / sum(pop[!is.na(q)]), 2)
cat("national quintile shares (%):", share(national$quintile, d$weight * d$members), "\n")
cat("combined quintile shares (%):", share(combined_quintile, d$weight * d$members), "\n")
cat("households fitted: national", national$fitted, "common", common$fitted,
    "urban", urban_index$fitted, "rural", rural_index$fitted, "\n")
cat(R.version.string, "survey", as.character(packageVersion("survey")), format(Sys.Date()), "\n")
