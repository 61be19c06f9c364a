# Golden values for peerimpact.statistics.multiplicity.
# Run: Rscript tests/golden/multiplicity.R && ruff format tests/golden/multiplicity.py
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

p <- c(0.0021, 0.0380, 0.0120, 0.4400, 0.0490, 0.7000, 0.0004)
entries <- c(
  py_entry("p", "raw p-values", p),
  py_entry("holm", "p.adjust(p, method = 'holm')", p.adjust(p, method = "holm")),
  py_entry("fdr_bh", "p.adjust(p, method = 'BH')", p.adjust(p, method = "BH"))
)
out <- c(
  "# Golden values for peerimpact.statistics.multiplicity -- written by multiplicity.R; do not edit.",
  "# Regenerate: Rscript tests/golden/multiplicity.R && ruff format tests/golden/multiplicity.py",
  versions_header(c("stats")),
  "",
  paste0("ADJUST = {\n", paste(entries, collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "multiplicity.py"))
