# Golden values for peerimpact.statistics.counts -- written by counts.R; do not edit.
# Regenerate: Rscript tests/golden/counts.R && ruff format tests/golden/counts.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2

COUNTS = {
    # binom.test(became, became + left, 0.5)$p.value   # exact McNemar on the discordant pairs
    "mcnemar": {
        "became": (
            3,
            11,
            0,
            5,
        ),
        "left": (
            11,
            3,
            4,
            5,
        ),
        "p_exact": (
            0.057373046875000042,
            0.057373046875000042,
            0.125,
            1,
        ),
    },
    # poisson.test(c(45, 30), c(1200, 1150))   # post counts/exposure first, pre second
    "poisson_1": {
        "count_post": 45,
        "exposure_post": 1200,
        "count_pre": 30,
        "exposure_pre": 1150,
        "rate_ratio": 1.4375,
        "ci95": (
            0.88592931270635067,
            2.363224615767602,
        ),
        "p_value": 0.13363811867714398,
    },
    # poisson.test(c(7, 19), c(380, 400))
    "poisson_2": {
        "count_post": 7,
        "exposure_post": 380,
        "count_pre": 19,
        "exposure_pre": 400,
        "rate_ratio": 0.38781163434903043,
        "ci95": (
            0.13776752273830059,
            0.96342042959310548,
        ),
        "p_value": 0.030309694918419637,
    },
}
