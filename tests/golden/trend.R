# Golden values for peerimpact.statistics.trend (random-intercept trend on term position, REML) and the
# governors' trend on the programme's calendar (issue 13, cases 2-3).
# Run: Rscript tests/golden/trend.R && ruff format tests/golden/trend.py   (R >= 4.2, lme4 1.1-31)
suppressPackageStartupMessages(library(lme4))
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

one_case <- function(id, position, y, note) {
  fit <- lmer(y ~ position + (1 | id), REML = TRUE,
              control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)))
  b <- fixef(fit)[["position"]]
  se <- sqrt(vcov(fit)[2, 2])
  vc <- as.data.frame(VarCorr(fit))
  entries <- list(
    py_entry("id", note, id),
    py_entry("position", "term position on the programme's calendar (0 = first term)", position),
    py_entry("y", "score", y),
    py_entry("lmer",
             c("fit <- lmer(y ~ position + (1 | id), REML = TRUE, control = lmerControl(optimizer = 'bobyqa',",
               "            optCtrl = list(rhoend = 1e-12)))",
               "slope = fixef(fit)['position']; se = sqrt(vcov(fit)[2, 2]); p = 2 * pnorm(-abs(slope / se)) (Wald z);",
               "var_pupil, var_residual from as.data.frame(VarCorr(fit))$vcov"),
             list(slope = b, se = se, p_value = 2 * pnorm(-abs(b / se)),
                  var_pupil = vc$vcov[1], var_residual = vc$vcov[2],
                  ci95 = b + qnorm(c(0.025, 0.975)) * se))
  )
  paste0("{\n", paste(entries, collapse = "\n"), "\n}")
}

cases <- list()
# Issue 13 case 2: surveys in Autumn 2026, Spring 2027 and Autumn 2027 (none in Summer): positions 0, 1, 3.
# 30 pupils; pupil i: base 20 + (i mod 7); rises 1.2 points a term plus a wobble; pupils 0-5 miss the Spring.
set.seed(20261206)
id <- c(); position <- c(); y <- c()
for (i in 0:29) {
  for (p in c(0, 1, 3)) {
    if (p == 1 && i < 6) next
    id <- c(id, sprintf("P%03d", i)); position <- c(position, p)
    y <- c(y, round(20 + (i %% 7) + 1.2 * p + rnorm(1, 0, 1.5), 1))
  }
}
cases$calendar_gap <- one_case(id, position, y,
  "pupil ids; built in trend.R (set.seed(20261206); base 20 + i mod 7, 1.2 a term, noise sd 1.5)")
set.seed(7)
id <- c(); position <- c(); y <- c()
for (i in 0:39) {
  for (p in 0:3) {
    if ((i + p) %% 5 == 0) next
    id <- c(id, sprintf("Q%03d", i)); position <- c(position, p)
    y <- c(y, round(45 + rnorm(1, 0, 6) * (p == 0) + (i %% 11) - 0.4 * p + rnorm(1, 0, 3), 0))
  }
}
cases$unbalanced_four <- one_case(id, position, y,
  "pupil ids; built in trend.R (set.seed(7); four terms, every fifth observation missing)")

out <- c(
  "# Golden values for peerimpact.statistics.trend -- written by trend.R; do not edit.",
  "# Regenerate: Rscript tests/golden/trend.R && ruff format tests/golden/trend.py",
  versions_header(c("stats", "lme4")),
  "",
  paste0("CASES = {\n", paste(sprintf("    \"%s\": %s,", names(cases),
                                       gsub("\n", "\n    ", unlist(cases))), collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "trend.py"))
