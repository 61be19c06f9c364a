# Golden values for peerimpact.statistics.multiplicity -- written by multiplicity.R; do not edit.
# Regenerate: Rscript tests/golden/multiplicity.R && ruff format tests/golden/multiplicity.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2

ADJUST = {
    # raw p-values
    "p": (
        0.0020999999999999999,
        0.037999999999999999,
        0.012,
        0.44,
        0.049000000000000002,
        0.69999999999999996,
        0.00040000000000000002,
    ),
    # p.adjust(p, method = 'holm')
    "holm": (
        0.0126,
        0.152,
        0.059999999999999998,
        0.88,
        0.152,
        0.88,
        0.0028,
    ),
    # p.adjust(p, method = 'BH')
    "fdr_bh": (
        0.0073499999999999998,
        0.066500000000000004,
        0.028000000000000004,
        0.51333333333333342,
        0.068599999999999994,
        0.69999999999999996,
        0.0028,
    ),
}
