# Golden values for peerimpact.statistics.groups (ANCOVA post ~ pre + group).
# Run: Rscript tests/golden/groups.R && ruff format tests/golden/groups.py
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

mdd_entry <- function(pre, post, group) {
  fit <- lm(post ~ pre + group)
  n_t <- sum(group == 1); n_c <- sum(group == 0); N <- n_t + n_c
  r2 <- 1 - deviance(fit) / deviance(lm(post ~ factor(group)))
  neff <- n_t * n_c / N
  q <- qt(0.975, N - 3)
  pw <- function(d) {
    ncp <- d * sqrt(neff / (1 - r2))
    pt(q, N - 3, ncp, lower.tail = FALSE) + pt(-q, N - 3, ncp)
  }
  mdd <- uniroot(function(d) pw(d) - 0.8, c(0.01, 5), tol = 1e-12)$root
  sp <- sqrt(((n_t - 1) * var(post[group == 1]) + (n_c - 1) * var(post[group == 0])) / (N - 2))
  list(r2 = r2, mdd = mdd, pooled_sd_post = sp, mdd_points = mdd * sp)
}

set.seed(11)
n_t <- 25
n_c <- 22
group <- c(rep(1, n_t), rep(0, n_c))
pre <- round(rnorm(n_t + n_c, 40, 8), 1)
post <- round(5 + 0.85 * pre + 2.5 * group + rnorm(n_t + n_c, 0, 5), 1)
fit <- lm(post ~ pre + group)
s <- summary(fit)$coefficients
ci <- confint(fit)["group", ]
av <- anova(fit)  # sequential; group is entered last, so its F is the F for group given pre
entries <- c(
  py_entry("pre", "set.seed(11); pre <- round(rnorm(47, 40, 8), 1)", pre),
  py_entry("post", "post <- round(5 + 0.85 * pre + 2.5 * group + rnorm(47, 0, 5), 1)", post),
  py_entry("group", "group <- c(rep(1, 25), rep(0, 22))   # 1 = programme, 0 = comparison", group),
  py_entry("lm", c("fit <- lm(post ~ pre + group)",
                   "summary(fit)$coefficients['group', ]; confint(fit)['group', ]; anova(fit)['group', ]"),
           list(estimate = s["group", "Estimate"], se = s["group", "Std. Error"],
                t = s["group", "t value"], p_value = s["group", "Pr(>|t|)"], ci95 = unname(ci),
                f = av["group", "F value"], df_num = av["group", "Df"], df_resid = fit$df.residual,
                f_p_value = av["group", "Pr(>F)"], pre_slope = s["pre", "Estimate"])),
  py_entry("by_group", "tapply(x, group, mean / sd) for x = pre, post; group 1 then group 0",
           list(pre_mean_t = mean(pre[group == 1]), pre_mean_c = mean(pre[group == 0]),
                pre_sd_t = sd(pre[group == 1]), pre_sd_c = sd(pre[group == 0]),
                post_sd_t = sd(post[group == 1]), post_sd_c = sd(post[group == 0]))),
  py_entry("mdd",
           c("r2 <- 1 - deviance(fit) / deviance(lm(post ~ factor(group)))   # pre-test R^2 within groups",
             "neff <- n_t * n_c / N; power(d) = pt(q, N - 3, d * sqrt(neff / (1 - r2)), lower.tail = FALSE) +",
             "  pt(-q, N - 3, d * sqrt(neff / (1 - r2))), q = qt(0.975, N - 3)   (Bloom 1995)",
             "mdd <- uniroot(function(d) power(d) - 0.8, c(0.01, 5), tol = 1e-12)$root",
             "sp <- sqrt(((n_t - 1) * var(post[g1]) + (n_c - 1) * var(post[g0])) / (N - 2)); points = mdd * sp"),
           mdd_entry(pre, post, group))
)
out <- c(
  "# Golden values for peerimpact.statistics.groups -- written by groups.R; do not edit.",
  "# Regenerate: Rscript tests/golden/groups.R && ruff format tests/golden/groups.py",
  versions_header(c("stats")),
  "",
  paste0("ANCOVA = {\n", paste(entries, collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "groups.py"))
