# Golden values for peerimpact.statistics.location (Hodges-Lehmann estimate and CI of the changes) and for
# the direction of the verdict when the Wilcoxon test is primary (issue 13, case 1).
# Run:  Rscript tests/golden/location.R   -> rewrites tests/golden/location.py
# (then `ruff format tests/golden/location.py`). R >= 4.2, base stats only.
source(file.path(local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
}), "pyout.R"))
here <- script_dir()

one_case <- function(pre, post, note) {
  wx <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, conf.int = TRUE))
  tt <- t.test(post, pre, paired = TRUE)
  d <- post - pre
  entries <- list(
    py_entry("pre", note, pre),
    py_entry("post", "post - pre is the change", post),
    py_entry("wilcoxon",
             c("wx <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, conf.int = TRUE))",
               "estimate = wx$estimate (the (pseudo)median), ci95 = wx$conf.int,",
               "level = attr(wx$conf.int, 'conf.level')"),
             list(statistic = wx$statistic, p_value = wx$p.value, estimate = wx$estimate,
                  ci95 = as.numeric(wx$conf.int), level = attr(wx$conf.int, "conf.level"),
                  exact = grepl("exact", wx$method))),
    py_entry("t_test", "tt <- t.test(post, pre, paired = TRUE)",
             list(statistic = tt$statistic, df = tt$parameter, p_value = tt$p.value,
                  estimate = tt$estimate, ci95 = as.numeric(tt$conf.int))),
    py_entry("shapiro", "shapiro.test(post - pre)",
             if (length(unique(d)) > 1 && length(d) >= 3)
               list(statistic = shapiro.test(d)$statistic, p_value = shapiro.test(d)$p.value)
             else list(statistic = NA, p_value = NA))
  )
  paste0("{\n", paste(entries, collapse = "\n"), "\n}")
}

cases <- list()
# Issue 13 case 1: 44 pupils fall by 2, 6 rise by 30 (mean +1.84, pseudomedian -2); pre are WEMWBS totals
pre <- 20 + (0:49 %% 9)
cases$issue13_fall_by_2 <- one_case(pre, pre + c(rep(-2, 44), rep(30, 6)),
  "pre <- 20 + (0:49 %% 9) (WEMWBS totals, 14-70); post <- pre + c(rep(-2, 44), rep(30, 6))")
# n = 12, decimals, no ties, no zeros: exact Walsh-average interval
cases$small_exact <- one_case(
  pre = c(19.98, 17.43, 23.21, 20.73, 15.32, 21.54, 18.59, 24.11, 16.88, 22.35, 19.25, 20.04),
  post = c(21.51, 16.81, 26.08, 21.14, 19.27, 20.36, 20.65, 24.88, 21.30, 22.06, 20.56, 22.68),
  note = "n = 12, no ties, no zeros: exact")
# n = 9, mostly falls, no ties, no zeros
cases$worse_exact <- one_case(
  pre = c(30.5, 27.25, 33.0, 25.75, 29.5, 31.25, 28.0, 26.5, 32.75),
  post = c(28.25, 26.75, 29.25, 27.0, 27.75, 26.75, 27.75, 27.25, 29.75),
  note = "n = 9, mostly falls: exact")
# n = 5: the smallest n tested; qsignrank(0.025, 5) = 0 -> q = 1 and the CI is [min, max] (level 0.9375)
cases$n5_exact <- one_case(pre = c(20, 22, 18, 25, 21), post = c(21.5, 22.25, 21, 24.5, 24.75),
  note = "n = 5, no ties: exact, widest interval")
# n = 20 integer totals, tied differences: normal approximation
cases$ties <- one_case(
  pre = c(44, 51, 38, 47, 55, 42, 49, 36, 58, 45, 40, 53, 47, 50, 43, 39, 61, 46, 48, 52),
  post = c(47, 53, 41, 46, 59, 44, 52, 35, 60, 49, 43, 51, 50, 54, 45, 42, 62, 44, 51, 56),
  note = "n = 20, tied differences: normal approximation")
# n = 16 with four zero differences
cases$zeros <- one_case(
  pre = c(22, 18, 25, 30, 27, 19, 24, 21, 28, 26, 23, 20, 29, 17, 31, 24),
  post = c(24, 18, 28, 30, 26, 23, 24, 25, 33, 27, 27, 20, 28, 22, 32, 29),
  note = "n = 16, four zeros: normal approximation")
# n = 7 with ties: R widens alpha because 95% is not reachable inside [min, max]
cases$widened <- one_case(pre = c(10, 10, 10, 10, 10, 10, 10), post = c(11, 11, 12, 12, 13, 11, 12),
  note = "n = 7, all rises, tied: R widens the interval (requested conf.level not achievable)")
set.seed(20261206)
pre60 <- round(rnorm(60, 45, 8))
post60 <- pre60 + round(rnorm(60, -1, 5))
cases$n60 <- one_case(pre60, post60,
  "set.seed(20261206); pre <- round(rnorm(60, 45, 8)); post <- pre + round(rnorm(60, -1, 5))")
pre49 <- rnorm(49, 45, 8)
post49 <- pre49 + rexp(49, 0.3) - 2
cases$n49_skew <- one_case(pre49, post49,
  "(continuing the stream) pre <- rnorm(49, 45, 8); post <- pre + rexp(49, 0.3) - 2: exact")

out <- c(
  "# Golden values for peerimpact.statistics.location -- written by location.R; do not edit.",
  "# Regenerate: Rscript tests/golden/location.R && ruff format tests/golden/location.py",
  versions_header(c("stats")),
  "# Every number is printed with %.17g, so the doubles round-trip exactly.",
  "",
  paste0("CASES = {\n", paste(sprintf("    \"%s\": %s,", names(cases),
                                       gsub("\n", "\n    ", unlist(cases))), collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "location.py"))
