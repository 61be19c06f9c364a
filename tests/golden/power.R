# Golden values for peerimpact.statistics.power (minimum detectable effect at 80% power).
# Run: Rscript tests/golden/power.R && ruff format tests/golden/power.py
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

solve <- function(n, type) {
  power.t.test(n = n, delta = NULL, sd = 1, sig.level = 0.05, power = 0.8, type = type,
               alternative = "two.sided", strict = TRUE, tol = 1e-12)$delta
}
paired_n <- c(5, 10, 15, 20, 30, 40, 50, 80, 100, 150, 200, 1000)
two_n <- c(20, 30, 50, 100, 200)
entries <- c(
  py_entry("paired", c("power.t.test(n = n, sd = 1, sig.level = 0.05, power = 0.8, type = 'paired',",
                       "             alternative = 'two.sided', strict = TRUE, tol = 1e-12)$delta",
                       "(n = pairs; strict = TRUE counts both tails, as statsmodels TTestPower does)"),
           list(n = paired_n, mdes = sapply(paired_n, solve, type = "paired"))),
  py_entry("two_sample", c("power.t.test(n = n, ..., type = 'two.sample', strict = TRUE, tol = 1e-12)$delta",
                           "(n per group)"),
           list(n = two_n, mdes = sapply(two_n, solve, type = "two.sample")))
)
out <- c(
  "# Golden values for peerimpact.statistics.power -- written by power.R; do not edit.",
  "# Regenerate: Rscript tests/golden/power.R && ruff format tests/golden/power.py",
  versions_header(c("stats")),
  "",
  paste0("MDES = {\n", paste(entries, collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "power.py"))
