"""peerimpact's statistics on the peers' 95,000 matched pupils agree with R and a Python analyst
(``tests/golden/peers_agreement.py``: the "Agreement" table of ``../shared/peers/README.md``, 2026-11-22).

Needs the peers' fixed-seed data (about 230 MB, under a minute to make; never committed):
``python ../shared/peers/make_data.py /tmp/peers_data``, or any folder named by ``PEERS_DATA``.  Skipped when
the data are absent; marked ``slow`` (deselect with ``-m "not slow"``).
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

AGREEMENT = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "peers_agreement.py"))
ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    *([Path(os.environ["PEERS_DATA"])] if os.environ.get("PEERS_DATA") else []),
    Path("/tmp/peers_data"),  # where benchmarks/README.md and the script's docstring put them
    ROOT.parent / "shared" / "peers" / "data",
]


def _data() -> Path | None:
    for folder in CANDIDATES:
        if all((folder / f"wemwbs_{w}_100k.csv").is_file() for w in ("pre", "post")):
            return folder
    return None


@pytest.fixture(scope="module")
def ours() -> dict[str, float | int | None]:
    data = _data()
    if data is None:
        pytest.skip(
            "peers data absent: python ../shared/peers/make_data.py /tmp/peers_data (or set PEERS_DATA)"
        )
    return AGREEMENT["statistics_of"](data)  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("key", list(AGREEMENT["AGREED"]))
def test_statistic_agrees_with_r_and_the_python_analyst(
    ours: dict[str, float | int | None], key: str
) -> None:
    value = ours[key]
    assert value is not None, key
    assert AGREEMENT["closer_difference"](key, value) < AGREEMENT["TOLERANCE"], (
        key,
        value,
        AGREEMENT["AGREED"][key],
    )
