# Golden values for issue 13's cases that are not a single statistics function (tests/comparison/
# test_issue13_cases.py).  Run: Rscript tests/golden/issue13.R && ruff format tests/golden/issue13.py
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

weekdays_in <- function(a, b) {
  d <- seq(as.Date(a), as.Date(b), by = "day")
  sum(!(format(d, "%u") %in% c("6", "7")))   # ISO weekday: 6 = Saturday, 7 = Sunday
}

# Case 4: 120 pupils, behaviour log only (no attendance file). Pupil i (0-based) has i %% 3 negative events
# in autumn and 1 event in summer when i %% 5 == 0: 120 before, 24 after.
n_pupils <- 120
count_pre <- sum((0:119) %% 3)
count_post <- sum((0:119) %% 5 == 0)
days_pre <- weekdays_in("2026-09-01", "2026-12-18")
days_post <- weekdays_in("2027-04-12", "2027-07-21")
pt <- poisson.test(c(count_post, count_pre), c(n_pupils * days_post, n_pupils * days_pre))

# Case 6: a comparison design whose arms are not baseline-equivalent. Programme pupils i = 0..39:
# pre = 30 + (7i mod 17), post = pre + 2 + (i mod 5); comparison pupils j = 0..31: pre = 26 + (5j mod 13),
# post = pre + (j mod 3) (WEMWBS totals).
i <- 0:39; j <- 0:31
pre6 <- c(30 + (7 * i) %% 17, 26 + (5 * j) %% 13)
post6 <- c(30 + (7 * i) %% 17 + 2 + i %% 5, 26 + (5 * j) %% 13 + j %% 3)
g6 <- c(rep(1, 40), rep(0, 32))
fit6 <- lm(post6 ~ pre6 + g6)
N6 <- 72
omega6 <- 1 - 3 / (4 * N6 - 9)
sp_pre6 <- sqrt((39 * var(pre6[g6 == 1]) + 31 * var(pre6[g6 == 0])) / (N6 - 2))
be6 <- omega6 * (mean(pre6[g6 == 1]) - mean(pre6[g6 == 0])) / sp_pre6
r2_6 <- 1 - deviance(fit6) / deviance(lm(post6 ~ factor(g6)))
q6 <- qt(0.975, N6 - 3)
pw6 <- function(d) {
  ncp <- d * sqrt(40 * 32 / N6 / (1 - r2_6))
  pt(q6, N6 - 3, ncp, lower.tail = FALSE) + pt(-q6, N6 - 3, ncp)
}
mdd6 <- uniroot(function(d) pw6(d) - 0.8, c(0.01, 5), tol = 1e-12)$root
tt6 <- t.test(post6[g6 == 0], pre6[g6 == 0], paired = TRUE)

entries <- c(
  py_entry("comparison_unbalanced",
           c("fit <- lm(post ~ pre + group); summary(fit)$coefficients['group', ]",
             "baseline g = (1 - 3/(4N - 9)) * (mean(pre[g1]) - mean(pre[g0])) / pooled pre SD   (WWC)",
             "r2 <- 1 - deviance(fit) / deviance(lm(post ~ factor(group))); mdd as groups.R (80% power)",
             "comparison arm: t.test(post[g0], pre[g0], paired = TRUE)"),
           list(adjusted_difference = unname(coef(fit6)["g6"]),
                p_value = summary(fit6)$coefficients["g6", "Pr(>|t|)"],
                baseline_g = be6, r2 = r2_6, mdd = mdd6,
                arm_change = unname(tt6$estimate), arm_t_p = tt6$p.value)),
  py_entry("behaviour_weekdays",
           c("weekdays: sum(!(format(seq(as.Date(a), as.Date(b), by = 'day'), '%u') %in% c('6', '7')))",
             "pt <- poisson.test(c(count_post, count_pre), c(120 * days_post, 120 * days_pre))"),
           list(count_pre = count_pre, count_post = count_post, days_pre = days_pre, days_post = days_post,
                exposure_pre = n_pupils * days_pre, exposure_post = n_pupils * days_post,
                rate_ratio = unname(pt$estimate), ci95 = as.vector(pt$conf.int), p_value = pt$p.value))
)
out <- c(
  "# Golden values for issue 13's end-to-end cases -- written by issue13.R; do not edit.",
  "# Regenerate: Rscript tests/golden/issue13.R && ruff format tests/golden/issue13.py",
  versions_header(c("stats")),
  "",
  paste0("ISSUE13 = {\n", paste(entries, collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "issue13.py"))
