"""Large-n check: peerimpact.statistics on the peers' 95,000 matched pupils.

The reference values are the "Agreement" table of ``../shared/peers/README.md`` (2026-11-22), where R 4.2.2
(``t.test``, ``wilcox.test``, ``effectsize::cohens_d``, ``psych::alpha``) and a Python analyst agreed.

Collected by pytest as ``tests/statistics/test_peers_agreement.py`` (marked ``slow``; skipped when the data
are absent: set ``PEERS_DATA`` or write them to ``/tmp/peers_data``).  As a script, it prints the table:

    python ../shared/peers/make_data.py /tmp/peers_data        # about 230 MB, under a minute
    PYTHONPATH=src python tests/golden/peers_agreement.py /tmp/peers_data

Reads the two 100k CSVs (label text -> codes 1..5, total = sum of the 14 codes), matches pupils by upn and
prints each statistic beside the agreed value with the relative difference.  Needs pandas.
"""

from __future__ import annotations

import sys
from pathlib import Path

AGREED = {  # statistic: (R, Python analyst)
    "n_matched": (95_000, 95_000),
    "mean_change": (0.373978947368, 0.373978947368),
    "t": (17.505057804, 17.505057804),
    "p_t": (1.68021618877e-68, 1.68021618876e-68),
    "wilcoxon_V": (2_125_166_271, 2_125_166_271),
    "p_wilcoxon": (7.03134657559e-68, 7.03134657559e-68),
    "d_z": (0.056793907079, 0.056793907079),
    "d_z_ci_low": (0.050429668985, 0.0504296692297),
    "d_z_ci_high": (0.0631578470234, 0.063157846466),
    "alpha_pre": (0.847170855909, 0.847170855909),
}
LABELS = {"None of the time": 1, "Rarely": 2, "Some of the time": 3, "Often": 4, "All of the time": 5}
ITEMS = [f"wemwbs_{i}" for i in range(1, 15)]


def statistics_of(data: Path) -> dict[str, float | int | None]:
    """peerimpact's value of each statistic of ``AGREED`` on the peers' data folder."""
    import pandas as pd

    from peerimpact.statistics.effect_sizes import paired_effect_sizes
    from peerimpact.statistics.paired import paired_descriptives, paired_tests
    from peerimpact.statistics.reliability import cronbach_alpha

    waves = {}
    for wave in ("pre", "post"):
        df = pd.read_csv(data / f"wemwbs_{wave}_100k.csv")
        codes = df[ITEMS].apply(lambda col: col.map(LABELS)).to_numpy(dtype=float)
        waves[wave] = (df["upn"].to_numpy(), codes)
    pre_ids, pre_codes = waves["pre"]
    post_ids, post_codes = waves["post"]
    pre_total = pd.Series(pre_codes.sum(axis=1), index=pre_ids)
    post_total = pd.Series(post_codes.sum(axis=1), index=post_ids)
    both = pd.concat([pre_total.rename("pre"), post_total.rename("post")], axis=1, join="inner")
    pre, post = both["pre"].to_numpy(), both["post"].to_numpy()

    desc = paired_descriptives(pre, post)
    tests = paired_tests(pre, post)
    es = paired_effect_sizes(pre, post)
    ours = {
        "n_matched": desc.n,
        "mean_change": desc.change.mean,
        "t": tests.paired_t.statistic,
        "p_t": tests.paired_t.p_value,
        "wilcoxon_V": tests.wilcoxon.statistic,
        "p_wilcoxon": tests.wilcoxon.p_value,
        "d_z": es.d_z,
        "d_z_ci_low": es.d_z_ci95[0] if es.d_z_ci95 else None,
        "d_z_ci_high": es.d_z_ci95[1] if es.d_z_ci95 else None,
        "alpha_pre": cronbach_alpha(pre_codes).alpha,
    }
    return ours


def closer_difference(key: str, value: float) -> float:
    """The relative difference from the closer of the R and the Python analysts' values."""
    r_value, py_value = AGREED[key]
    return min(abs(value - r_value) / abs(r_value), abs(value - py_value) / abs(py_value))


TOLERANCE = 1e-8  # the agreed values are printed to 12 digits; the R and Python d_z CIs differ by ~9e-9


def main(data: Path) -> int:
    ours = statistics_of(data)
    worst = 0.0
    print(f"{'statistic':<14}{'peerimpact':>24}{'R':>24}{'rel. diff (R)':>16}{'rel. diff (Py)':>16}")
    for key, (r_value, py_value) in AGREED.items():
        value = ours[key]
        rel_r = abs(value - r_value) / abs(r_value)
        rel_py = abs(value - py_value) / abs(py_value)
        worst = max(worst, min(rel_r, rel_py))
        print(f"{key:<14}{value:>24.12g}{r_value:>24.12g}{rel_r:>16.2e}{rel_py:>16.2e}")
    print(f"worst of the closer differences: {worst:.2e} (the agreed values are printed to 12 digits)")
    return 0 if worst < TOLERANCE else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
