# Golden values for peerimpact.statistics.paired and .effect_sizes.
# Run from anywhere:  Rscript tests/golden/paired.R   -> rewrites tests/golden/paired.py
# (then `ruff format tests/golden/paired.py`). Needs R >= 4.2 with effectsize (0.8.3 used).
suppressPackageStartupMessages(library(effectsize))
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

# Exact Hedges' J, as effectsize writes it (0.8.3 R/cohens_d.R line 286; 1.0.3 R/cohens_d.R `.J`, line 396).
J <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))

# d_z CI by inverting the noncentral t with uniroot at a tight tolerance (effectsize 0.8.3 uses optim with
# abstol 1e-9 instead, see .get_ncp_t in R/utils_ci.R, so its limits agree only to about 1e-6).
ncp_ci <- function(t, df) {
  f <- function(p) uniroot(function(ncp) pt(t, df, ncp) - p, c(t - 20 - abs(t), t + 20 + abs(t)),
                           tol = 1e-13)$root
  c(f(0.975), f(0.025))
}

# g_av's CI for delta_av by Fitts (2022, TQMP 18(2)) "regression approximation": the noncentral-t limits at
# the adjusted level 1 - (0.0495 - 0.0843/n), df 2(n - 1)/(1 + r_OP^2), of t = d_av * k, k = sqrt(n/(2(1 - r_W))),
# divided by k (W = harmonic/arithmetic mean of the two variances; r_OP = r(1 + (1 - r^2)/(2(n - 3)))).
# Written from the paper; CohensdpLibrary's "regressionapproximation" uses Lecoutre's lambda-prime quantiles
# where this inverts pt() (the pivot), as MBESS::conf.limits.nct does.
fitts_ci <- function(pre, post) {
  n <- length(pre); v1 <- var(pre); v2 <- var(post); r <- cor(pre, post)
  d_av <- mean(post - pre) / sqrt((v1 + v2) / 2)
  W <- (2 / (1 / v1 + 1 / v2)) / ((v1 + v2) / 2)
  rW <- r * W
  rOP <- r * (1 + (1 - r^2) / (2 * (n - 3)))
  nu <- 2 * (n - 1) / (1 + rOP^2)
  k <- sqrt(n / (2 * (1 - rW)))
  level <- 1 - (0.0495 - 0.0843 / n)
  t <- d_av * k
  f <- function(p) uniroot(function(ncp) pt(t, nu, ncp) - p, c(t - 20 - abs(t), t + 20 + abs(t)),
                           tol = 1e-13)$root
  c(f(0.5 + level / 2), f(0.5 - level / 2)) / k
}

one_case <- function(pre, post, note) {
  n <- length(pre)
  d <- post - pre
  tt <- t.test(post, pre, paired = TRUE)
  wx <- suppressWarnings(wilcox.test(post, pre, paired = TRUE))
  entries <- list(
    py_entry("pre", note, pre),
    py_entry("post", "post - pre is the change", post),
    py_entry("descriptives",
             c("mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)"),
             list(n = n, pre_mean = mean(pre), pre_sd = sd(pre), pre_median = median(pre),
                  post_mean = mean(post), post_sd = sd(post), post_median = median(post),
                  change_mean = mean(d), change_sd = sd(d), r = cor(pre, post))),
    py_entry("t_test", "t.test(post, pre, paired = TRUE)",
             list(statistic = tt$statistic, df = tt$parameter, p_value = tt$p.value,
                  ci95 = tt$conf.int, estimate = tt$estimate)),
    py_entry("wilcoxon", "suppressWarnings(wilcox.test(post, pre, paired = TRUE))",
             list(statistic = wx$statistic, p_value = wx$p.value, method = wx$method,
                  exact = grepl("exact", wx$method),
                  correction = grepl("continuity correction", wx$method)))
  )
  if (n >= 3) {
    sw <- shapiro.test(d)
    entries <- c(entries, py_entry("shapiro", "shapiro.test(post - pre)",
                                   list(statistic = sw$statistic, p_value = sw$p.value)))
  }
  cd <- cohens_d(post, pre, paired = TRUE, verbose = FALSE)
  hg <- hedges_g(post, pre, paired = TRUE, verbose = FALSE)
  ci <- ncp_ci(unname(tt$statistic), n - 1) / sqrt(n)
  s_av <- sqrt((var(post) + var(pre)) / 2)
  d_av <- mean(d) / s_av
  se_av <- sqrt(var(d) / n) / s_av
  d_av_ci <- d_av + qnorm(c(0.025, 0.975)) * se_av
  entries <- c(entries,
    py_entry("cohens_d", c("effectsize::cohens_d(post, pre, paired = TRUE)",
                           "0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)"),
             list(value = cd$Cohens_d, ci95 = c(cd$CI_low, cd$CI_high))),
    py_entry("hedges_g", c("effectsize::hedges_g(post, pre, paired = TRUE)",
                           "0.8.3: d_z and its CI times exact J(n - 1)"),
             list(value = hg$Hedges_g, ci95 = c(hg$CI_low, hg$CI_high))),
    py_entry("d_z_ci_uniroot",
             c("t <- t.test(post, pre, paired = TRUE)$statistic",
               "sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,",
               "       c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)"),
             ci),
    py_entry("av", c("by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):",
                     "s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s",
                     "se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4",
                     "d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J"),
             list(d_av = d_av, se = se_av, d_av_ci95 = d_av_ci, J = J(n - 1), g_av = d_av * J(n - 1),
                  g_av_ci95 = d_av_ci * J(n - 1)))
  )
  if (n >= 4) {
    entries <- c(entries, py_entry("g_av_fitts",
      c("fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)"),
      fitts_ci(pre, post)))
  }
  paste0("{\n", paste(entries, collapse = "\n"), "\n}")
}

cases <- list()
# n = 12, decimals, no ties, no zeros: exact Wilcoxon
cases$small_exact <- one_case(
  pre = c(19.98, 17.43, 23.21, 20.73, 15.32, 21.54, 18.59, 24.11, 16.88, 22.35, 19.25, 20.04),
  post = c(21.51, 16.81, 26.08, 21.14, 19.27, 20.36, 20.65, 24.88, 21.30, 22.06, 20.56, 22.68),
  note = "n = 12, no ties, no zeros: exact Wilcoxon")
# n = 9, mostly falls, binary fractions (exact differences), no ties, no zeros
cases$worse_exact <- one_case(
  pre = c(30.5, 27.25, 33.0, 25.75, 29.5, 31.25, 28.0, 26.5, 32.75),
  post = c(28.25, 26.75, 29.25, 27.0, 27.75, 26.75, 27.75, 27.25, 29.75),
  note = "n = 9, mostly falls, no ties, no zeros: exact Wilcoxon")
# n = 20 WEMWBS totals: tied differences, no zeros -> normal approximation with tie + continuity correction
cases$ties <- one_case(
  pre = c(44, 51, 38, 47, 55, 42, 49, 36, 58, 45, 40, 53, 47, 50, 43, 39, 61, 46, 48, 52),
  post = c(47, 53, 41, 46, 59, 44, 52, 35, 60, 49, 43, 51, 50, 54, 45, 42, 62, 44, 51, 56),
  note = "n = 20 integer totals, tied differences, no zeros: normal approximation")
# n = 16 with four zero differences -> zeros dropped, normal approximation
cases$zeros <- one_case(
  pre = c(22, 18, 25, 30, 27, 19, 24, 21, 28, 26, 23, 20, 29, 17, 31, 24),
  post = c(24, 18, 28, 30, 26, 23, 24, 25, 33, 27, 27, 20, 28, 22, 32, 29),
  note = "n = 16 with four zero differences: zeros dropped, normal approximation")
# n = 3: the smallest n for shapiro.test
cases$n3 <- one_case(pre = c(20.1, 22.4, 18.7), post = c(21.3, 22.0, 21.9),
                     note = "n = 3: smallest n for shapiro.test")
set.seed(20261122)
pre49 <- rnorm(49, 45, 8)
post49 <- pre49 + rnorm(49, 1.5, 5)
cases$n49 <- one_case(pre49, post49, "set.seed(20261122); pre <- rnorm(49, 45, 8); post <- pre + rnorm(49, 1.5, 5)")
pre50 <- rnorm(50, 45, 8)
post50 <- pre50 + rnorm(50, 1.5, 5)
cases$n50 <- one_case(pre50, post50, "(continuing the stream) pre <- rnorm(50, 45, 8); post <- pre + rnorm(50, 1.5, 5)")

g <- c(-0.85, -0.5, 0.1999, 0.2, 0.49, 0.5, 0.7999, 0.8, 1.3, 0)
labels <- as.character(interpret_hedges_g(g, rules = "cohen1988"))

out <- c(
  "# Golden values for peerimpact.statistics.paired and .effect_sizes -- written by paired.R; do not edit.",
  "# Regenerate: Rscript tests/golden/paired.R && ruff format tests/golden/paired.py",
  versions_header(c("stats", "effectsize")),
  "# Every number is printed with %.17g, so the doubles round-trip exactly.",
  "",
  paste0("CASES = {\n", paste(sprintf("    \"%s\": %s,", names(cases),
                                       gsub("\n", "\n    ", unlist(cases))), collapse = "\n"), "\n}"),
  "",
  "# effectsize::interpret_hedges_g(g, rules = \"cohen1988\")",
  paste0("INTERPRET_G = ", py_value(list(g = g, labels = labels), "")),
  ""
)
writeLines(out, file.path(here, "paired.py"))
