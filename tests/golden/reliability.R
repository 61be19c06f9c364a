# Golden values for peerimpact.statistics.reliability (Cronbach's alpha with the Feldt CI).
# Run: Rscript tests/golden/reliability.R && ruff format tests/golden/reliability.py
suppressPackageStartupMessages(library(psych))
here <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
})
source(file.path(here, "pyout.R"))

make_items <- function(n, k, noise) {
  latent <- rnorm(n)
  m <- sapply(seq_len(k), function(j) pmin(5, pmax(1, round(3 + 0.9 * latent + rnorm(n, 0, noise)))))
  colnames(m) <- paste0("item", seq_len(k))
  m
}
one_case <- function(m, note) {
  a <- psych::alpha(as.data.frame(m), warnings = FALSE)
  entries <- c(
    py_entry("items", note, as.vector(t(m))),
    py_entry("shape", "dim(items); the items above are row by row", dim(m)),
    py_entry("alpha", c("a <- psych::alpha(as.data.frame(items), warnings = FALSE)",
                        "a$total$raw_alpha; c(a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]])   # Feldt CI"),
             list(alpha = a$total$raw_alpha, ci95 = c(a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]])))
  )
  paste0("{\n", paste(entries, collapse = "\n"), "\n}")
}
set.seed(7)
cases <- list(
  k7_n60 = one_case(make_items(60, 7, 0.9), "set.seed(7); 60 pupils x 7 items coded 1..5 (make_items in reliability.R)"),
  k4_n12 = one_case(make_items(12, 4, 1.2), "(continuing the stream) 12 pupils x 4 items")
)
out <- c(
  "# Golden values for peerimpact.statistics.reliability -- written by reliability.R; do not edit.",
  "# Regenerate: Rscript tests/golden/reliability.R && ruff format tests/golden/reliability.py",
  versions_header(c("stats", "psych")),
  "",
  paste0("CASES = {\n", paste(sprintf("    \"%s\": %s,", names(cases),
                                       gsub("\n", "\n    ", unlist(cases))), collapse = "\n"), "\n}"),
  ""
)
writeLines(out, file.path(here, "reliability.py"))
