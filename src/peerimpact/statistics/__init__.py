"""Statistics for peerimpact: arrays in, frozen result dataclasses (:mod:`peerimpact.results`) out.

Modules, each importable on its own (scipy and statsmodels load only when a function is first used):

- ``paired``: descriptives, paired t, Wilcoxon signed-rank (V, p as R's ``wilcox.test``), Shapiro–Wilk on
  the changes and the choice of the primary test.
- ``effect_sizes``: d_z (noncentral-t CI), hedges_g_z, d_av and g_av (CI as effectsize's
  ``repeated_measures_d(method = "av")``), Hedges' exact J, size words by a named rule, direction helpers.
- ``reliability``: Cronbach's alpha (Feldt CI), Jacobson & Truax reliable and clinical change.
- ``power``: minimum detectable effect, paired (d_z) and two groups (d).
- ``multiplicity``: Holm and Benjamini–Hochberg, method always named.
- ``groups``: ANCOVA with WWC Hedges' g, baseline equivalence, attrition, regression to the mean.
- ``counts``: exact McNemar, two Poisson rates.
- ``trend``: the governors' trend, y ~ term + (1 | pupil); ``reml``: that model's REML fit from per-pupil sums.

This layer never imports readers, instruments, reports, the CLI or pandas, and never chooses words (the
size word of :func:`~peerimpact.statistics.effect_sizes.size_label` names its rule).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "describe": "paired",
    "paired_descriptives": "paired",
    "paired_t": "paired",
    "paired_tests": "paired",
    "shapiro_wilk_diff": "paired",
    "wilcoxon_signed_rank": "paired",
    "hedges_j": "effect_sizes",
    "improvement": "effect_sizes",
    "improvement_ci": "effect_sizes",
    "paired_effect_sizes": "effect_sizes",
    "size_label": "effect_sizes",
    "clinical_change": "reliability",
    "cronbach_alpha": "reliability",
    "reliable_change": "reliability",
    "mdes_paired": "power",
    "mdes_two_group": "power",
    "adjust": "multiplicity",
    "ancova": "groups",
    "attrition": "groups",
    "baseline_equivalence": "groups",
    "regression_to_mean": "groups",
    "mcnemar_exact": "counts",
    "poisson_rate_ratio": "counts",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'peerimpact.statistics' has no attribute {name!r}")
    return getattr(importlib.import_module(f"peerimpact.statistics.{module}"), name)
