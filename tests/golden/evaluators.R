# Golden values for --measure, dose and published norms (issue 16) -- compare's evaluator features.
# Run from anywhere:  Rscript tests/golden/evaluators.R   -> rewrites tests/golden/evaluators.py
# (then `ruff format tests/golden/evaluators.py`).  Base R only (stats).
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

# A reading age scored elsewhere, for 12 matched pupils (tests/comparison/test_measures.py writes these
# numbers into two CSV files; the post file also holds each pupil's sessions attended, the dose).
pre <- c(9.5, 10.1, 8.7, 11.2, 9.9, 10.4, 8.1, 12.0, 9.3, 10.8, 7.9, 11.5)
post <- c(10.2, 10.0, 9.6, 12.5, 10.3, 11.5, 8.4, 13.5, 10.1, 11.0, 8.5, 12.7)
dose <- c(3, 0, 5, 8, 2, 6, 1, 9, 4, 2, 3, 7)
group <- factor(c("P", "C", "P", "P", "C", "P", "C", "P", "C", "C", "P", "C"), levels = c("C", "P"))

tt <- t.test(post, pre, paired = TRUE)
wt <- wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)
fit <- lm(change ~ dose, data = data.frame(change = post - pre, dose = dose))
an <- lm(post ~ pre + group)
# published norm (WEMWBS 13-16: Clarke et al. 2011, mean 48.8): one wave's WEMWBS totals
wemwbs <- c(44, 51, 39, 47, 55, 42, 49, 46, 38, 52, 45, 50, 41, 48)
nt <- t.test(wemwbs, mu = 48.8)

entries <- c(
  py_entry("measure_pre", "reading ages before", pre),
  py_entry("measure_post", "reading ages after", post),
  py_entry("dose", "sessions attended", dose),
  py_entry("arm", "P = programme, C = comparison", as.character(group)),
  py_entry("paired_t", "t.test(post, pre, paired = TRUE)",
           list(statistic = tt$statistic, df = tt$parameter, p_value = tt$p.value,
                estimate = tt$estimate, ci95 = tt$conf.int)),
  py_entry("wilcoxon", "wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)  (exact: 12 pairs, no ties)",
           list(statistic = wt$statistic, p_value = wt$p.value, estimate = wt$estimate, ci95 = wt$conf.int)),
  py_entry("dose_lm",
           c("fit <- lm(change ~ dose, data = data.frame(change = post - pre, dose = dose))",
             "coef(fit)[['dose']]; confint(fit)['dose', ]; summary(fit)$coefficients['dose', ]; nobs(fit)"),
           list(slope = coef(fit)[["dose"]], ci95 = confint(fit)["dose", ],
                se = summary(fit)$coefficients["dose", "Std. Error"],
                t = summary(fit)$coefficients["dose", "t value"],
                p_value = summary(fit)$coefficients["dose", "Pr(>|t|)"],
                intercept = coef(fit)[["(Intercept)"]], n = nobs(fit))),
  py_entry("ancova",
           c("an <- lm(post ~ pre + group)   # group: factor, levels C (comparison), P (programme)",
             "coef(an)[['groupP']]; confint(an)['groupP', ]; summary(an)$coefficients['groupP', 4]"),
           list(adjusted_difference = coef(an)[["groupP"]], ci95 = confint(an)["groupP", ],
                p_value = summary(an)$coefficients["groupP", 4])),
  py_entry("norm_wemwbs", "wemwbs totals of one wave", wemwbs),
  py_entry("norm_t", "t.test(wemwbs, mu = 48.8)   # difference = mean(wemwbs) - 48.8",
           list(statistic = nt$statistic, df = nt$parameter, p_value = nt$p.value,
                mean = nt$estimate, difference = nt$estimate - 48.8, ci95_difference = nt$conf.int - 48.8))
)
out <- c(
  "# Golden values for compare's --measure, dose and published norms -- written by evaluators.R; do not edit.",
  "# Regenerate: Rscript tests/golden/evaluators.R && ruff format tests/golden/evaluators.py",
  versions_header(c("stats")),
  "# Every number is printed with %.17g, so the doubles round-trip exactly.",
  "",
  "R = {",
  entries,
  "}",
  ""
)
writeLines(out, file.path(here, "evaluators.py"))
