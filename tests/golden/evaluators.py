# Golden values for compare's --measure, dose and published norms -- written by evaluators.R; do not edit.
# Regenerate: Rscript tests/golden/evaluators.R && ruff format tests/golden/evaluators.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2
# Every number is printed with %.17g, so the doubles round-trip exactly.

R = {
    # reading ages before
    "measure_pre": (
        9.5,
        10.1,
        8.6999999999999993,
        11.199999999999999,
        9.9000000000000004,
        10.4,
        8.0999999999999996,
        12,
        9.3000000000000007,
        10.800000000000001,
        7.9000000000000004,
        11.5,
    ),
    # reading ages after
    "measure_post": (
        10.199999999999999,
        10,
        9.5999999999999996,
        12.5,
        10.300000000000001,
        11.5,
        8.4000000000000004,
        13.5,
        10.1,
        11,
        8.5,
        12.699999999999999,
    ),
    # sessions attended
    "dose": (
        3,
        0,
        5,
        8,
        2,
        6,
        1,
        9,
        4,
        2,
        3,
        7,
    ),
    # P = programme, C = comparison
    "arm": (
        "P",
        "C",
        "P",
        "P",
        "C",
        "P",
        "C",
        "P",
        "C",
        "C",
        "P",
        "C",
    ),
    # t.test(post, pre, paired = TRUE)
    "paired_t": {
        "statistic": 5.2956066955142918,
        "df": 11,
        "p_value": 0.00025411836935582013,
        "estimate": 0.74166666666666659,
        "ci95": (
            0.43341165058877179,
            1.0499216827445614,
        ),
    },
    # wilcox.test(post, pre, paired = TRUE, conf.int = TRUE)  (exact: 12 pairs, no ties)
    "wilcoxon": {
        "statistic": 77,
        "p_value": 0.00097656250000000065,
        "estimate": 0.75,
        "ci95": (
            0.40000000000000036,
            1.0999999999999996,
        ),
    },
    # fit <- lm(change ~ dose, data = data.frame(change = post - pre, dose = dose))
    # coef(fit)[['dose']]; confint(fit)['dose', ]; summary(fit)$coefficients['dose', ]; nobs(fit)
    "dose_lm": {
        "slope": 0.16635687732342005,
        "ci95": (
            0.14194015494410744,
            0.19077359970273267,
        ),
        "se": 0.010958348649387953,
        "t": 15.180834507643763,
        "p_value": 3.115815629032582e-08,
        "intercept": 0.048513011152416144,
        "n": 12,
    },
    # an <- lm(post ~ pre + group)   # group: factor, levels C (comparison), P (programme)
    # coef(an)[['groupP']]; confint(an)['groupP', ]; summary(an)$coefficients['groupP', 4]
    "ancova": {
        "adjusted_difference": 0.55000000000000049,
        "ci95": (
            0.10289420096575452,
            0.99710579903424645,
        ),
        "p_value": 0.021304571926632345,
    },
    # wemwbs totals of one wave
    "norm_wemwbs": (
        44,
        51,
        39,
        47,
        55,
        42,
        49,
        46,
        38,
        52,
        45,
        50,
        41,
        48,
    ),
    # t.test(wemwbs, mu = 48.8)   # difference = mean(wemwbs) - 48.8
    "norm_t": {
        "statistic": -1.9192183093433919,
        "df": 13,
        "p_value": 0.077176675157039437,
        "mean": 46.214285714285715,
        "difference": -2.5857142857142819,
        "ci95_difference": (
            -5.4963243347275892,
            0.32489576329902548,
        ),
    },
}
