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

entries <- c(
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
