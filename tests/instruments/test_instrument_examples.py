"""The example entry sheets for the Children's Hope Scale and the PISA belonging statements (examples/data/).

``examples/make_examples.py`` writes them with ``peerimpact.demo.instrument_examples``; ``peerimpact demo`` does
not, so the six survey exports and the demo's outputs stay as they were.  These tests check that the committed
files are what the generator writes, that it is deterministic, and that they score as worked out by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from peerimpact.demo.instrument_examples import INSTRUMENT_EXAMPLE_FILES, write_instrument_examples
from peerimpact.demo.surveys import EXAMPLE_FILES
from peerimpact.pipeline import score_file

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "examples" / "data"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("instrument_examples")
    paths = write_instrument_examples(folder)
    assert [p.name for p in paths] == list(INSTRUMENT_EXAMPLE_FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(INSTRUMENT_EXAMPLE_FILES)  # nothing else
    return folder


def test_two_runs_are_byte_identical(fresh: Path, tmp_path: Path) -> None:
    for path in write_instrument_examples(tmp_path):
        assert path.read_bytes() == (fresh / path.name).read_bytes(), path.name


def test_committed_examples_are_current(fresh: Path) -> None:
    if not COMMITTED.is_dir():
        pytest.skip("examples/data/ not present (installed package)")
    for name in INSTRUMENT_EXAMPLE_FILES:
        assert (COMMITTED / name).read_bytes() == (fresh / name).read_bytes(), (
            f"rerun python examples/make_examples.py ({name})"
        )


def test_they_are_not_demo_files() -> None:
    assert not set(INSTRUMENT_EXAMPLE_FILES) & set(EXAMPLE_FILES)


def test_first_rows_score_as_worked_by_hand(fresh: Path) -> None:
    chs = score_file(fresh / "chs_mentors_autumn.csv")
    assert [(u.instrument.name, u.how) for u in chs.uses] == [("chs", "column names")]
    assert chs.counts["read"] == chs.counts["scored"] == 30
    # row 2: A little (2), Some (3), Some (3), Some (3), A little (2), Some (3)
    #   total 2+3+3+3+2+3 = 16; agency items 1, 3, 5 = 2+3+2 = 7; pathways items 2, 4, 6 = 3+3+3 = 9
    first = {m: float(chs.scales[f"chs.{m}"].values[0]) for m in ("total", "agency", "pathways")}
    assert first == {"total": 16.0, "agency": 7.0, "pathways": 9.0}
    belonging = score_file(fresh / "belonging_mentors_autumn.csv")
    assert [(u.instrument.name, u.how) for u in belonging.uses] == [("belonging", "column names")]
    # row 2: Agree, Agree, Disagree, Agree, Agree, Agree -> item 1: 5-3 = 2, 3, 2, item 4: 5-3 = 2, 3,
    #   item 6: 5-3 = 2 -> 14 / 6 = 2.333...
    assert float(belonging.scales["belonging.mean"].values[0]) == pytest.approx(14 / 6, rel=1e-12)
    values = belonging.scales["belonging.mean"].values.tolist()
    assert all(not math.isnan(v) and 1.0 <= v <= 4.0 for v in values)
