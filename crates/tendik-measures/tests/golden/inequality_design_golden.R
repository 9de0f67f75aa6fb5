# inequality_design_golden.R -- golden figures for tendik's DESIGN-based inequality path (the
# inequality measures computed inside `tendik analyze` from one engine request: subgroup means and
# subgroup shares with their full joint design-based covariance), computed with R's `survey`.
#
# Run from this folder (crates/tendik-measures/tests/golden) as:
#     Rscript inequality_design_golden.R
# (about 5 s; stdout is a human-readable log with the cross-checks; only the CSV files are golden).
# It (re)writes, in this folder:
#   inequality_design_input.csv     the simulated sample: stratum,psu,weight,y,wealth,region,area
#                                   (NA written as an empty field)
#   inequality_design_expected.csv  dimension,favourable,measure,estimate,se,ci_lower,ci_upper
#
# Versions used to produce the committed CSV files:
#   R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1, numDeriv 2016.8-1.1 (Debian
#   r-cran-numderiv; used only for a cross-check of the SII/RII gradient).
#
# Sources: the "DESIGN" section of tendik's inequality conventions ([DEC], the note that becomes
# docs/inequality.md) for the design path, and its subgroup-path rules 1-8 [DEC n] for the point
# formulas and selection rules (HEAT / HEAT Plus v6, heatmeasures HM6; HEAT Technical Notes v6.0
# ch. 3: 3.1.1 D, 3.1.2 R, 3.2.1 ACI, 3.2.2 RCI, 3.3.1 SII, 3.3.2 RII, 3.4.1-3.4.3 BGV BGSD COV,
# 3.5.1-3.5.8 MDMU MDMW MDBU MDBW MDRU MDRW IDISU IDISW, 3.6.1 TI, 3.6.2 MLD, 3.7.1 PAF, 3.7.2 PAR).
#
# Data: 6 strata, 4-8 PSUs each (38 PSUs), 55-85 persons per PSU (2,617 rows; the brief's
# "15-30 persons per PSU" and "~2,500 rows" cannot both hold with 6 x 4-8 PSUs, the row count was
# kept). Unequal weights (PSU base weight x person factor, 4 decimals). area (1 urban, 2 rural) and
# region (1..7) are PSU attributes; wealth 1..5 (1 = poorest) is a person attribute, richer in urban
# PSUs; y = 1 (deprived) is more likely among poorer, rural, some regions; ~3% of y missing (more
# often among the poorer).
#   Design: svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
#
# For each breakdown g (wealth: ordered, J = 5; region: non-ordered, J = 7; region_ref1: region with
# region 1 flagged as the reference subgroup; area: binary, J = 2) and favourable in (1, 0) (1: y read
# as a coverage, "higher is better"; 0: y read as a deprivation; the data are the same):
#   u_j = y 1[g = j] (NA -> 0), n_j = 1[g = j and y not NA], m_j = 1[g = j];
#   T = svytotal(~ u_1 + ... + u_J + n_1 + ... + n_J + m_1 + ... + m_J, design)   (ONE call -> V)
#   theta_j = U_j / N_j (= svymean of y in domain j with na.rm), p_j = N_j / sum N (share of category
#   j among the rows where y is known: HEAT's population, the weighted sample size of the indicator),
#   mu = sum p_j theta_j (the overall mean of y), s = 1. (m_j stays in the svytotal call unused.)
# Measures applicable as in HEAT [DEC 2]: binary D R PAF PAR; ordered + ACI RCI SII RII; non-ordered
# + BGV BGSD COV MDBU MDBW MDMU MDMW (MDRU MDRW with a reference) IDISU IDISW TI MLD.
# Point formulas as [DEC 3, 4, 6, 7, 8] and the simulated-measure formulas of [DEC 9] (BGSD = sqrt BGV,
# COV = 100 BGSD/mu, MD* = (weighted) mean |theta_j - x| with x = mu, best (max if fav, min if
# adverse) or reference, IDISU/IDISW = 100 MDMU/mu, 100 MDMW/mu); RCI unscaled, TI/MLD x 1000, PAR/PAF
# clipped (fav >= 0, adverse <= 0), PAF in %. SE of every measure except SII/RII: the delta method via
#   svycontrast(T, list(NAME = quote(<expression in the totals>)))
# where the best / reference / D-R pair / signs of every |.| are fixed at the point estimate and
# written into the expression (|x| -> x or -x; a |.| term that is identically 0, e.g. the best
# group's own term in MDBU, is left out). A clipped PAR/PAF has the se of the unclipped y_ref - mu and
# the CI estimate +- z se around 0 (as HEAT).
# SII/RII (DESIGN rule): no rounding; (a, b) maximize sum_j p_j^2 [theta_j ln pi_j + (1 - theta_j)
#   ln(1 - pi_j)], logit pi_j = a + b X_j, X_j the ridit (midpoint of cumulative share) of p; SII =
#   expit(a+b) - expit(a), RII = expit(a+b) / expit(a); fitted by Newton's method to machine precision
#   and checked against glm(theta ~ X, weights = p^2, family = quasibinomial). SE = sqrt(g' V g) with
#   g the gradient w.r.t. the 3J totals computed ANALYTICALLY by the implicit function theorem
#   (score S(a, b; theta, p) = sum_j p_j^2 (theta_j - pi_j) (1, X_j) = 0, d(a,b) = H^-1 dS, H =
#   sum_j p_j^2 pi_j (1 - pi_j) x_j x_j', X_j depends on p), chained through theta_j = U_j/N_j and
#   p_j = N_j/sum N; cross-checked against numDeriv::jacobian (Richardson) of the refitted measure.
# CIs: normal (estimate +- z se, z = qnorm(0.975)) except R and RII: exp(ln R +- z se/R) with se the
#   linear-scale delta-method se.
# Cross-check printed in the log (not golden): D, R, PAR, PAF on the favourable wealth breakdown from
#   svyby(~y, ~wealth, design, svymean, covmat = TRUE, na.rm = TRUE) + svycontrast (in survey 4.1.1
#   that call errors -- covmat = TRUE with na.rm = TRUE -- so the script falls back to the same domain
#   estimator svyby(~y, ~wealth, subset(design, !is.na(y)), svymean, covmat = TRUE)). D and R agree with
#   the totals route; for PAR/PAF, svyby alone has to treat the shares p_j as fixed constants, which
#   gives a different (here smaller) se; the golden uses the totals route (shares estimated).
#
# Numbers are written with sprintf("%.17g"); the input weights are the exact 4-decimal strings.

suppressPackageStartupMessages({ library(survey); library(numDeriv) })
options(warn = 1, width = 160)
cat(R.version.string, "\n")
cat("survey", as.character(packageVersion("survey")), " numDeriv", as.character(packageVersion("numDeriv")), "\n")
z <- qnorm(0.975)

## ---------------------------------------------------------------- data ----
set.seed(20261208)
n_strata <- 6L
psu_per_stratum <- c(4L, 8L, 5L, 7L, 6L, 8L)
n_psu <- sum(psu_per_stratum)
psu_stratum <- rep(seq_len(n_strata), psu_per_stratum)
psu_size <- sample(55:85, n_psu, replace = TRUE)
urban_share <- c(0.7, 0.5, 0.4, 0.3, 0.2, 0.35)[psu_stratum]
psu_area <- ifelse(runif(n_psu) < urban_share, 1L, 2L)
region_probs <- rbind(c(6, 2, 1, 1, 1, 1, 1), c(1, 5, 3, 1, 1, 1, 1), c(1, 1, 4, 4, 1, 1, 1),
                      c(1, 1, 1, 3, 4, 1, 1), c(1, 1, 1, 1, 2, 5, 2), c(1, 1, 1, 1, 1, 2, 6))
psu_region <- vapply(seq_len(n_psu), function(i) sample.int(7L, 1L, prob = region_probs[psu_stratum[i], ]), 1L)
psu_base_w <- runif(n_psu, 80, 250) * c(1, 1.4, 0.8, 1.2, 0.9, 1.6)[psu_stratum]
psu_effect <- rnorm(n_psu, 0, 0.4)

psu <- rep(seq_len(n_psu), psu_size)
n <- length(psu)
stratum <- psu_stratum[psu]
area <- psu_area[psu]
region <- psu_region[psu]
w_txt <- sprintf("%.4f", psu_base_w[psu] * runif(n, 0.7, 1.3))
weight <- as.numeric(w_txt)
latent <- 0.9 * (area == 1) + rnorm(n_psu, 0, 0.5)[psu] + rnorm(n)
wealth <- as.integer(cut(latent, quantile(latent, 0:5 / 5), include.lowest = TRUE, labels = FALSE))
region_effect <- c(0.1, -0.7, 0, 0.3, 0.5, 0.8, -0.3) # region 1 (the reference of region_ref1) in the middle
y <- rbinom(n, 1, plogis(-0.3 - 0.45 * (wealth - 3) + 0.5 * (area == 2) + region_effect[region] + psu_effect[psu]))
y[runif(n) < 0.045 - 0.0075 * wealth] <- NA # ~2-4% missing, more among the poorer

txt <- data.frame(stratum = stratum, psu = psu, weight = w_txt, y = ifelse(is.na(y), "", y),
                  wealth = wealth, region = region, area = area)
write.csv(txt, "inequality_design_input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("inequality_design_input.csv", na.strings = "")
stopifnot(identical(names(d), c("stratum", "psu", "weight", "y", "wealth", "region", "area")),
          identical(d$weight, weight), identical(is.na(d$y), is.na(y)), all(d$y == y, na.rm = TRUE),
          identical(d$wealth, wealth), identical(d$region, region), identical(d$area, area))
cat(sprintf("rows %d, PSUs %d, strata %d, y missing %d (%.1f%%)\n", nrow(d), n_psu, n_strata,
            sum(is.na(d$y)), 100 * mean(is.na(d$y))))
print(table(wealth = d$wealth, y = d$y, useNA = "ifany"))
print(table(region = d$region, area = d$area))

## ------------------------------------------------- totals' variables ----
BREAKDOWNS <- list(wealth = list(var = "wealth", J = 5L, type = "ordered", pre = "w"),
                   region = list(var = "region", J = 7L, type = "nonordered", pre = "r"),
                   area = list(var = "area", J = 2L, type = "binary", pre = "a"))
for (b in BREAKDOWNS) for (j in seq_len(b$J)) {
  g <- d[[b$var]] == j
  d[[sprintf("%su%d", b$pre, j)]] <- ifelse(g & !is.na(d$y), d$y, 0)
  d[[sprintf("%sn%d", b$pre, j)]] <- as.numeric(g & !is.na(d$y))
  d[[sprintf("%sm%d", b$pre, j)]] <- as.numeric(g)
}
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)

## -------------------------------------------------------------- SII/RII ----
expit <- function(x) 1 / (1 + exp(-x))
ridit <- function(p) cumsum(p) - p / 2
fit_logit <- function(theta, p) { # maximize sum p^2 [theta ln pi + (1-theta) ln(1-pi)]
  X <- ridit(p); w <- p^2; x <- cbind(1, X)
  beta <- c(0, 0)
  for (it in 1:100) {
    pi <- expit(drop(x %*% beta))
    H <- crossprod(x * (w * pi * (1 - pi)), x)
    step <- solve(H, colSums(x * (w * (theta - pi))))
    beta <- beta + step
    if (max(abs(step)) < 1e-15 * max(1, max(abs(beta)))) break
  }
  beta
}
sii_rii_point <- function(theta, p) {
  b <- fit_logit(theta, p); p1 <- expit(b[1] + b[2]); p0 <- expit(b[1])
  c(SII = p1 - p0, RII = p1 / p0)
}
# gradient w.r.t. (theta_1..J, p_1..J) by the implicit function theorem
sii_rii_grad_theta_p <- function(theta, p) {
  J <- length(p); X <- ridit(p); w <- p^2; x <- cbind(1, X)
  b <- fit_logit(theta, p); pi <- expit(drop(x %*% b))
  H <- crossprod(x * (w * pi * (1 - pi)), x)
  dS_dtheta <- t(x * w) # 2 x J
  dX_dp <- outer(seq_len(J), seq_len(J), function(j, k) ifelse(k < j, 1, ifelse(k == j, 0.5, 0)))
  dS_dX <- rbind(-w * pi * (1 - pi) * b[2], w * ((theta - pi) - pi * (1 - pi) * b[2] * X)) # 2 x J
  dS_dp <- t(x * (2 * p * (theta - pi))) + dS_dX %*% dX_dp
  dbeta <- solve(H, cbind(dS_dtheta, dS_dp)) # 2 x 2J
  p1 <- expit(b[1] + b[2]); p0 <- expit(b[1])
  g_sii <- c(p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1))
  g_rii <- (p1 / p0) * c((1 - p1) - (1 - p0), 1 - p1)
  rbind(SII = drop(g_sii %*% dbeta), RII = drop(g_rii %*% dbeta))
}
# chain (theta, p) -> totals (U_1..J, N_1..J, M_1..J)
totals_jacobian <- function(Tt, J) {
  U <- Tt[1:J]; N <- Tt[J + 1:J]; SN <- sum(N); p <- N / SN
  A <- matrix(0, 2 * J, 3 * J)
  for (j in 1:J) { A[j, j] <- 1 / N[j]; A[j, J + j] <- -U[j] / N[j]^2 }
  A[J + 1:J, J + 1:J] <- (diag(J) - matrix(p, J, J)) / SN
  A
}

## ------------------------------------------------------------ measures ----
f17 <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
ORDER <- c("D", "R", "ACI", "RCI", "SII", "RII", "BGV", "BGSD", "COV", "MDBU", "MDBW", "MDMU", "MDMW",
           "MDRU", "MDRW", "IDISU", "IDISW", "TI", "MLD", "PAF", "PAR")
sumstr <- function(v) paste0("(", paste(v, collapse = " + "), ")")
signed <- function(sg, x) if (sg >= 0) sprintf("(%s)", x) else sprintf("(-(%s))", x)

results <- list(); checks <- list(); worst_rel <- 0
run_breakdown <- function(name, b, fav, ref = NA) {
  J <- b$J; pre <- b$pre
  vn <- c(sprintf("%su%d", pre, 1:J), sprintf("%sn%d", pre, 1:J), sprintf("%sm%d", pre, 1:J))
  tot <- svytotal(as.formula(paste("~", paste(vn, collapse = " + "))), des)
  Tt <- coef(tot); V <- vcov(tot)
  U <- Tt[1:J]; N <- Tt[J + 1:J]; M <- Tt[2 * J + 1:J]
  theta <- unname(U / N); p <- unname(N / sum(N)); mu <- sum(p * theta)
  # expression pieces in the totals
  th <- sprintf("(%su%d/%sn%d)", pre, 1:J, pre, 1:J)
  SM <- sumstr(sprintf("%sn%d", pre, 1:J))
  pp <- sprintf("(%sn%d/%s)", pre, 1:J, SM)
  MU <- sumstr(sprintf("%s*%s", pp, th))
  X <- vapply(1:J, function(j) sumstr(c(if (j > 1) pp[1:(j - 1)], sprintf("%s/2", pp[j]))), "")
  ordered <- b$type == "ordered"; hasref <- !is.na(ref)
  best <- if (fav) which.max(theta) else which.min(theta)
  if (hasref) {
    v <- theta
    if (fav) { v[ref] <- Inf; hi <- ref; lo <- which.min(v) } else { v[ref] <- -Inf; lo <- ref; hi <- which.max(v) }
  } else if (ordered) {
    if (fav) { hi <- J; lo <- 1L } else { hi <- 1L; lo <- J }
  } else { lo <- which.min(theta); hi <- which.max(theta) }
  r_par <- if (hasref) ref else if (ordered) J else best
  stopifnot(!anyDuplicated(theta))

  md <- function(center_idx = NA, center_str = NULL, center_val = NULL, weighted) {
    idx <- if (is.na(center_idx)) 1:J else setdiff(1:J, center_idx)
    cs <- if (is.na(center_idx)) center_str else th[center_idx]
    cv <- if (is.na(center_idx)) center_val else theta[center_idx]
    terms <- vapply(idx, function(j) {
      t <- signed(sign(theta[j] - cv), sprintf("%s - %s", th[j], cs))
      if (weighted) sprintf("%s*%s", pp[j], t) else t
    }, "")
    if (weighted) sumstr(terms) else sprintf("(%s/%d)", sumstr(terms), J)
  }
  BGV <- sumstr(sprintf("%s*(%s - %s)^2", pp, th, MU))
  expr <- list(
    D = sprintf("%s - %s", th[hi], th[lo]),
    R = sprintf("%s/%s", th[hi], th[lo]),
    ACI = sumstr(sprintf("%s*(2*%s - 1)*%s", pp, X, th)),
    BGV = BGV,
    BGSD = sprintf("sqrt(%s)", BGV),
    COV = sprintf("100*sqrt(%s)/%s", BGV, MU),
    MDBU = md(best, weighted = FALSE), MDBW = md(best, weighted = TRUE),
    MDMU = md(center_str = MU, center_val = mu, weighted = FALSE),
    MDMW = md(center_str = MU, center_val = mu, weighted = TRUE),
    TI = sprintf("1000*%s", sumstr(sprintf("%s*(%s/%s)*log(%s/%s)", pp, th, MU, th, MU))),
    MLD = sprintf("1000*%s", sumstr(sprintf("%s*(-log(%s/%s))", pp, th, MU))),
    PAR = sprintf("%s - %s", th[r_par], MU),
    PAF = sprintf("100*(%s - %s)/%s", th[r_par], MU, MU))
  expr$RCI <- sprintf("%s/%s", expr$ACI, MU)
  expr$IDISU <- sprintf("100*%s/%s", expr$MDMU, MU)
  expr$IDISW <- sprintf("100*%s/%s", expr$MDMW, MU)
  if (hasref) { expr$MDRU <- md(ref, weighted = FALSE); expr$MDRW <- md(ref, weighted = TRUE) }

  # the same measures in plain R (with abs(), and the fixed best / reference / pair indices), for two
  # checks: svycontrast's point = this, and svycontrast's se = the se from a numDeriv (Richardson)
  # gradient of this w.r.t. the totals
  direct_fn <- function(theta, p) {
    mu <- sum(p * theta); ab <- function(v) sum(abs(v))
    v <- c(D = theta[hi] - theta[lo], R = theta[hi] / theta[lo],
           ACI = sum(p * (2 * ridit(p) - 1) * theta), BGV = sum(p * (theta - mu)^2),
           MDBU = ab(theta - theta[best]) / J, MDBW = sum(p * abs(theta - theta[best])),
           MDMU = ab(theta - mu) / J, MDMW = sum(p * abs(theta - mu)),
           TI = 1000 * sum(p * theta / mu * log(theta / mu)), MLD = 1000 * sum(p * -log(theta / mu)),
           PAR = theta[r_par] - mu, PAF = 100 * (theta[r_par] - mu) / mu)
    v <- c(v, RCI = v[["ACI"]] / mu, BGSD = sqrt(v[["BGV"]]), COV = 100 * sqrt(v[["BGV"]]) / mu,
           IDISU = 100 * v[["MDMU"]] / mu, IDISW = 100 * v[["MDMW"]] / mu)
    if (hasref) v <- c(v, MDRU = ab(theta - theta[ref]) / J, MDRW = sum(p * abs(theta - theta[ref])))
    v
  }
  direct <- direct_fn(theta, p)
  of_totals <- function(TT) direct_fn(TT[1:J] / TT[J + 1:J], TT[J + 1:J] / sum(TT[J + 1:J]))
  Jn <- numDeriv::jacobian(of_totals, unname(Tt), method = "Richardson")
  se_num <- setNames(sqrt(rowSums((Jn %*% V) * Jn)), names(direct))

  todo <- switch(b$type, binary = c("D", "R", "PAF", "PAR"),
                 ordered = c("D", "R", "PAF", "PAR", "ACI", "RCI", "SII", "RII"),
                 nonordered = c("D", "R", "PAF", "PAR", "BGV", "BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW",
                                if (hasref) c("MDRU", "MDRW"), "IDISU", "IDISW", "TI", "MLD"))
  todo <- ORDER[ORDER %in% todo]
  out <- list()
  for (m in todo) {
    if (m %in% c("SII", "RII")) {
      pt <- sii_rii_point(theta, p)[[m]]
      g <- drop(sii_rii_grad_theta_p(theta, p)[m, ] %*% totals_jacobian(Tt, J))
      gn <- drop(numDeriv::jacobian(function(TT) sii_rii_point(TT[1:J] / TT[J + 1:J], TT[J + 1:J] / sum(TT[J + 1:J]))[[m]],
                                    unname(Tt), method = "Richardson"))
      gq <- glm(theta ~ X, data = data.frame(theta = theta, X = ridit(p)), weights = p^2,
                family = quasibinomial, control = glm.control(epsilon = 1e-13, maxit = 100))
      bq <- coef(gq); pq <- c(SII = expit(sum(bq)) - expit(bq[[1]]), RII = expit(sum(bq)) / expit(bq[[1]]))[[m]]
      se <- sqrt(drop(t(g) %*% V %*% g))
      se_n <- sqrt(drop(t(gn) %*% V %*% gn))
      checks[[length(checks) + 1]] <<- sprintf("%s fav=%d %s: point %.15g (quasibinomial glm %.15g), se analytic %.15g numDeriv %.15g (rel %.1g)",
                                               name, fav, m, pt, pq, se, se_n, abs(se - se_n) / se)
      stopifnot(abs(pt - pq) < 1e-9 * abs(pt), abs(se - se_n) < 1e-6 * se)
      est <- pt
    } else {
      e <- parse(text = expr[[m]])[[1]]
      sc <- svycontrast(tot, setNames(list(e), m))
      est <- unname(coef(sc)); se <- unname(sqrt(diag(vcov(sc))))
      stopifnot(abs(est - direct[[m]]) <= 1e-10 * max(1, abs(est)), abs(se - se_num[[m]]) <= 1e-6 * se)
      worst_rel <<- max(worst_rel, abs(se - se_num[[m]]) / se)
    }
    if (m %in% c("PAR", "PAF")) est <- if (fav) max(0, est) else min(0, est)
    ci <- if (m %in% c("R", "RII")) exp(log(est) + c(-1, 1) * z * se / est) else est + c(-1, 1) * z * se
    out[[m]] <- c(est, se, ci)
  }
  # ACI: closed form = the "convenient regression" slope
  if (ordered) {
    s2 <- sum(p * (ridit(p) - 0.5)^2)
    sl <- coef(lm(I(2 * s2 * theta) ~ X, data = data.frame(theta = theta, X = ridit(p)), weights = p))[["X"]]
    checks[[length(checks) + 1]] <<- sprintf("%s fav=%d ACI closed form %.15g, WLS regression slope %.15g", name, fav, out$ACI[1], sl)
    stopifnot(abs(sl - out$ACI[1]) < 1e-12)
  }
  cat(sprintf("\n### %s, favourable = %d: theta = %s\n    p = %s, mu = %.10g; D/R pair %d vs %d, best %d, PAR/PAF ref %d\n",
              name, fav, paste(sprintf("%.6f", theta), collapse = " "), paste(sprintf("%.6f", p), collapse = " "),
              mu, hi, lo, best, r_par))
  for (m in names(out)) {
    v <- out[[m]]
    cat(sprintf("    %-6s %14.7g  se %12.7g  CI %14.7g %14.7g\n", m, v[1], v[2], v[3], v[4]))
    results[[length(results) + 1]] <<- c(name, fav, m, f17(v))
  }
  invisible(list(tot = tot, theta = theta, p = p, out = out))
}

wealth_fav <- NULL
for (fav in c(1L, 0L)) {
  r <- run_breakdown("wealth", BREAKDOWNS$wealth, fav)
  if (fav == 1L) wealth_fav <- r
  run_breakdown("region", BREAKDOWNS$region, fav)
  run_breakdown("region_ref1", BREAKDOWNS$region, fav, ref = 1L)
  run_breakdown("area", BREAKDOWNS$area, fav)
}

## -------------------------------------------------- cross-check (svyby) ----
cat("\n### Cross-check: favourable wealth breakdown via svyby(~y, ~wealth, svymean, covmat = TRUE, na.rm = TRUE)\n")
by <- tryCatch(svyby(~y, ~wealth, des, svymean, covmat = TRUE, na.rm = TRUE), error = function(e) {
  # survey 4.1.1 fails here ("inflmats[[i]][idxs[[i]], ] <- infs[[i]]: number of items to replace is
  # not a multiple of replacement length"): the influence functions of the na.rm'd domain means lose
  # the NA rows. The same domain estimator without na.rm: drop the y-missing rows with subset(),
  # which keeps every PSU/stratum of the design.
  cat("    svyby(..., covmat = TRUE, na.rm = TRUE) failed in this survey version:", conditionMessage(e), "\n",
      "   using svyby(~y, ~wealth, subset(design, !is.na(y)), svymean, covmat = TRUE) instead\n")
  svyby(~y, ~wealth, subset(des, !is.na(y)), svymean, covmat = TRUE)
})
bt <- coef(by); bV <- vcov(by)
stopifnot(max(abs(unname(bt) - wealth_fav$theta)) < 1e-14)
# D = theta_5 - theta_1, R = theta_5 / theta_1 (favourable, ordered)
dD <- svycontrast(by, c(-1, 0, 0, 0, 1))
gR <- c(-bt[5] / bt[1]^2, 0, 0, 0, 1 / bt[1])
seR <- sqrt(drop(t(gR) %*% bV %*% gR))
# PAR/PAF with the shares from svymean(~factor(wealth)) among rows with y known held FIXED (svyby
# cannot estimate them jointly)
ps <- unname(coef(svymean(~factor(wealth), subset(des, !is.na(y)))))
stopifnot(max(abs(ps - wealth_fav$p)) < 1e-14)
gPAR <- c(0, 0, 0, 0, 1) - ps
muB <- sum(ps * bt)
gPAF <- 100 * (c(0, 0, 0, 0, 1) / muB - bt[5] / muB^2 * ps)
seP <- sqrt(c(PAR = drop(t(gPAR) %*% bV %*% gPAR), PAF = drop(t(gPAF) %*% bV %*% gPAF)))
w <- wealth_fav$out
cmp <- rbind(
  D = c(coef(dD), w$D[1], sqrt(vcov(dD)), w$D[2]),
  R = c(bt[5] / bt[1], w$R[1], seR, w$R[2]),
  PAR_unclipped = c(bt[5] - muB, NA, seP[["PAR"]], w$PAR[2]),
  PAF_unclipped = c(100 * (bt[5] - muB) / muB, NA, seP[["PAF"]], w$PAF[2]))
colnames(cmp) <- c("svyby est", "totals est", "svyby se", "totals se")
print(signif(cmp, 10))
cat("(svyby route: the shares p_j are constants, so the PAR/PAF se omit the share variability;\n",
    " the golden uses the totals route. D and R agree to rounding.)\n")
stopifnot(abs(cmp["D", 1] - cmp["D", 2]) < 1e-14, abs(cmp["D", 3] - cmp["D", 4]) < 1e-12 * cmp["D", 4],
          abs(cmp["R", 1] - cmp["R", 2]) < 1e-13, abs(cmp["R", 3] - cmp["R", 4]) < 1e-12 * cmp["R", 4])

cat("\n### Checks\n"); for (l in checks) cat("   ", l, "\n")
cat(sprintf("    every svycontrast se vs the numDeriv-gradient se of the plain-R measure: max rel diff %.2g\n", worst_rel))

res <- as.data.frame(do.call(rbind, results))
names(res) <- c("dimension", "favourable", "measure", "estimate", "se", "ci_lower", "ci_upper")
write.csv(res, "inequality_design_expected.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("\nwrote inequality_design_expected.csv (%d rows)\n", nrow(res)))
