"""peerimpact.statistics.multiplicity against R ``p.adjust`` (tests/golden/multiplicity.R)."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import pytest

from peerimpact.statistics.multiplicity import adjust

ADJUST = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "multiplicity.py"))["ADJUST"]


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_matches_p_adjust(method: str) -> None:
    assert adjust(list(ADJUST["p"]), method=method) == pytest.approx(list(ADJUST[method]), rel=1e-12)


def test_missing_values_pass_through_and_are_not_counted() -> None:
    p = list(ADJUST["p"])
    with_gaps = [None, *p[:3], math.nan, *p[3:]]
    out = adjust(with_gaps, method="holm")
    assert out[0] is None and out[4] is not None and math.isnan(out[4])
    assert [out[1], out[2], out[3], *out[5:]] == pytest.approx(list(ADJUST["holm"]), rel=1e-12)
    assert adjust([], method="fdr_bh") == []


def test_method_is_required_and_checked() -> None:
    with pytest.raises(TypeError):
        adjust([0.01, 0.02])  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="method"):
        adjust([0.01], method="hs")
    with pytest.raises(ValueError, match="probability"):
        adjust([1.5], method="holm")


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
@pytest.mark.parametrize("p", [0.0, 1.0, 0.05, 1e-300, 5e-324, 0.999999999, 0.123456789012345, 1])
def test_a_family_of_one_is_what_statsmodels_gives(method: str, p: float) -> None:
    """One p-value is adjusted without importing statsmodels (issue 17); it must be exactly what
    ``multipletests`` returns for it, with gaps around it."""
    from statsmodels.stats.multitest import multipletests

    expected = float(multipletests([p], method=method)[1][0])
    assert adjust([p], method=method) == [expected]
    got = adjust([None, math.nan, p], method=method)
    assert got[0] is None and math.isnan(got[1]) and got[2] == expected
    assert type(got[2]) is float


def test_adjusting_one_p_value_imports_no_statsmodels() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom peerimpact.statistics.multiplicity import adjust\n"
        "assert adjust([0.03], method='holm') == [0.03]\n"
        "print([m for m in ('statsmodels', 'pandas') if m in sys.modules])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
