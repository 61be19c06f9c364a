# Golden values for issue 13's end-to-end cases -- written by issue13.R; do not edit.
# Regenerate: Rscript tests/golden/issue13.R && ruff format tests/golden/issue13.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2

ISSUE13 = {
    # weekdays: sum(!(format(seq(as.Date(a), as.Date(b), by = 'day'), '%u') %in% c('6', '7')))
    # pt <- poisson.test(c(count_post, count_pre), c(120 * days_post, 120 * days_pre))
    "behaviour_weekdays": {
        "count_pre": 120,
        "count_post": 24,
        "days_pre": 79,
        "days_post": 73,
        "exposure_pre": 9480,
        "exposure_post": 8760,
        "rate_ratio": 0.21643835616438356,
        "ci95": (
            0.1334838701980629,
            0.33756191961349252,
        ),
        "p_value": 3.8653824661449409e-15,
    },
}
