# Golden values for issue 13's end-to-end cases -- written by issue13.R; do not edit.
# Regenerate: Rscript tests/golden/issue13.R && ruff format tests/golden/issue13.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2

ISSUE13 = {
    # fit <- lm(post ~ pre + group); summary(fit)$coefficients['group', ]
    # baseline g = (1 - 3/(4N - 9)) * (mean(pre[g1]) - mean(pre[g0])) / pooled pre SD   (WWC)
    # r2 <- 1 - deviance(fit) / deviance(lm(post ~ factor(group))); mdd as groups.R (80% power)
    # comparison arm: t.test(post[g0], pre[g0], paired = TRUE)
    "comparison_unbalanced": {
        "adjusted_difference": 2.6699955203278489,
        "p_value": 1.29713083482581e-11,
        "baseline_g": 1.2409501938562704,
        "r2": 0.9454007406506475,
        "mdd": 0.15746245546677823,
        "arm_change": 0.96875,
        "arm_t_p": 1.8880746533765803e-07,
    },
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
