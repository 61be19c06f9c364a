# Golden values for peerimpact.statistics.counts (McNemar exact; two Poisson rates).
# Run: Rscript tests/golden/counts.R && ruff format tests/golden/counts.py
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

mc <- function(became, left) binom.test(became, became + left, 0.5)$p.value
pt1 <- poisson.test(c(45, 30), c(1200, 1150))
pt2 <- poisson.test(c(7, 19), c(380, 400))
entries <- c(
  py_entry("mcnemar", "binom.test(became, became + left, 0.5)$p.value   # exact McNemar on the discordant pairs",
           list(became = c(3, 11, 0, 5), left = c(11, 3, 4, 5),
                p_exact = c(mc(3, 11), mc(11, 3), mc(0, 4), mc(5, 5)))),
  py_entry("poisson_1", "poisson.test(c(45, 30), c(1200, 1150))   # post counts/exposure first, pre second",
           list(count_post = 45, exposure_post = 1200, count_pre = 30, exposure_pre = 1150,
                rate_ratio = unname(pt1$estimate), ci95 = as.vector(pt1$conf.int), p_value = pt1$p.value)),
  py_entry("poisson_2", "poisson.test(c(7, 19), c(380, 400))",
           list(count_post = 7, exposure_post = 380, count_pre = 19, exposure_pre = 400,
                rate_ratio = unname(pt2$estimate), ci95 = as.vector(pt2$conf.int), p_value = pt2$p.value))
)
out <- c(
  "# Golden values for peerimpact.statistics.counts -- written by counts.R; do not edit.",
  "# Regenerate: Rscript tests/golden/counts.R && ruff format tests/golden/counts.py",
  versions_header(c("stats")),
  "",
  paste0("COUNTS = {\n", paste(entries, collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "counts.py"))
