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
