# Golden values for peerimpact.statistics.power -- written by power.R; do not edit.
# Regenerate: Rscript tests/golden/power.R && ruff format tests/golden/power.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2

MDES = {
    # power.t.test(n = n, sd = 1, sig.level = 0.05, power = 0.8, type = 'paired',
    #              alternative = 'two.sided', strict = TRUE, tol = 1e-12)$delta
    # (n = pairs; strict = TRUE counts both tails, as statsmodels TTestPower does)
    "paired": {
        "n": (
            5,
            10,
            15,
            20,
            30,
            40,
            50,
            80,
            100,
            150,
            200,
            1000,
        ),
        "mdes": (
            1.6819969659535825,
            0.99600137145510659,
            0.7780225697854396,
            0.66044165462283699,
            0.52923561511278439,
            0.45425693968353503,
            0.40418300213578667,
            0.31709876835596118,
            0.28291263278137091,
            0.23023576748431232,
            0.19906417540670765,
            0.088679075594237419,
        ),
    },
    # power.t.test(n = n, ..., type = 'two.sample', strict = TRUE, tol = 1e-12)$delta
    # (n per group)
    "two_sample": {
        "n": (
            20,
            30,
            50,
            100,
            200,
        ),
        "mdes": (
            0.90912903268200318,
            0.7356210695973886,
            0.56588224375549889,
            0.39813813756823224,
            0.2808364502873209,
        ),
    },
}
