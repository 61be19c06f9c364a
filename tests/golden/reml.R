# Golden values for peerimpact.statistics.reml: lme4's REML fit of each case of tests/statistics/test_reml.py.
# The cases' data are made in Python (numpy, fixed seeds); write them as CSV, then fit them here:
#   python tests/statistics/test_reml.py /tmp/reml_cases && Rscript tests/golden/reml.R /tmp/reml_cases \
#     && ruff format tests/golden/reml.py
suppressMessages(library(lme4))
folder <- commandArgs(TRUE)[1]
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
out <- c("# Golden values for peerimpact.statistics.reml -- written by reml.R; do not edit.",
         paste0("# ", R.version.string, ", lme4 ", packageVersion("lme4"),
                ": lmer(y ~ position + (1 | id), REML = TRUE, bobyqa, rhoend = 1e-12)"),
         "# (slope, its SE from vcov, var_pupil, var_residual) per case", "", "LMER = {")
for (f in sort(list.files(folder, pattern = "[.]csv$"))) {
  d <- read.csv(file.path(folder, f)); d$id <- factor(d$id)
  fit <- suppressMessages(lmer(y ~ position + (1 | id), data = d, REML = TRUE,
                               control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12))))
  vc <- as.data.frame(VarCorr(fit))
  v <- c(fixef(fit)[[2]], sqrt(vcov(fit)[2, 2]), vc$vcov[1], vc$vcov[2])
  out <- c(out, sprintf('    "%s": (%s),', sub("[.]csv$", "", f), paste(sprintf("%.17g", v), collapse = ", ")))
}
writeLines(c(out, "}"), file.path(here, "reml.py"))
