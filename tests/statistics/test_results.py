"""Results model: schema shape, the layer-0 contract, and the import layers of statistics/."""

from __future__ import annotations

import ast
import json
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from peerimpact.results import Outcome, Reliability, Summary, TestResult
from peerimpact.statistics.counts import mcnemar_exact
from peerimpact.statistics.effect_sizes import paired_effect_sizes
from peerimpact.statistics.paired import paired_descriptives, paired_tests
from peerimpact.statistics.power import mdes_paired
from peerimpact.statistics.reliability import cronbach_alpha, reliable_change

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "peerimpact"
SCHEMA_PATH = ROOT.parent / "shared" / "results.schema.json"

PRE = [41.0, 38.0, 52.0, 47.0, 35.0, 44.0, 50.0, 39.0, 45.0, 42.0]
POST = [44.0, 37.0, 55.0, 49.0, 40.0, 43.0, 54.0, 42.0, 45.0, 47.0]


def _outcome() -> Outcome:
    """An outcome assembled from the statistics results the way the pipeline will."""
    desc = paired_descriptives(PRE, POST)
    tests = paired_tests(PRE, POST)
    items = [[4, 3, 4], [2, 2, 3], [5, 4, 5], [3, 3, 3], [4, 5, 4], [1, 2, 2]]
    return Outcome(
        measure="wemwbs.total",
        group="all",
        direction="higher_is_better",
        n=desc.n,
        pre=desc.pre,
        post=desc.post,
        change=desc.change,
        r=desc.r,
        tests=tests,
        primary_test=tests.primary_test,
        p_value=tests.p_value,
        p_adjusted=tests.p_value,
        adjustment="none",
        effect_size=paired_effect_sizes(PRE, POST),
        reliable_change=reliable_change(
            PRE, POST, direction="higher_is_better", reliability=0.89, sd=8.7, basis="published"
        ),
        reliability=Reliability(pre=cronbach_alpha(items), post=None),
        power=mdes_paired(desc.n, sd_change=desc.change.sd),
        mcnemar=mcnemar_exact([True, False, False], [False, True, True]),
        verdict="improved",
    )


@pytest.mark.skipif(not SCHEMA_PATH.exists(), reason="shared schema not beside the repository")
def test_outcome_validates_against_the_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    outcome_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/outcome"}
    outcome = _outcome().to_dict()
    jsonschema.validate(json.loads(json.dumps(outcome)), outcome_schema)  # JSON round trip: plain types only
    # changes +3 -1 +3 +2 +5 -1 +4 +3 0 +5: the zero dropped, |d| ranks 1.5 1.5 3 5 5 5 7 8.5 8.5,
    # V = 5 + 5 + 3 + 8.5 + 7 + 5 + 8.5 = 42 (the two falls hold 1.5 + 1.5 = 3; 42 + 3 = 9·10/2)
    assert outcome["tests"]["wilcoxon"]["statistic"] == 42.0
    assert set(outcome["tests"]) == {"paired_t", "wilcoxon", "shapiro_wilk_diff", "mcnemar"}


def test_outcome_checks_tokens_and_drops_uncomputable_blocks() -> None:
    base = _outcome()
    with pytest.raises(ValueError, match="verdict"):
        replace(base, verdict="better")
    with pytest.raises(ValueError, match="direction"):
        replace(base, direction="up")
    uncomputable = reliable_change(
        [1.0], [2.0], direction="higher_is_better", reliability=0.8, basis="sample"
    )
    assert "reliable_change" not in replace(base, reliable_change=uncomputable).to_dict()


def test_results_reject_nan_and_numpy_scalars() -> None:
    import numpy as np

    with pytest.raises(ValueError, match="NaN"):
        Summary(n=2, mean=float("nan"), sd=None, median=None)
    with pytest.raises(ValueError, match="float64"):
        Summary(n=2, mean=np.float64(1.0), sd=None, median=None)
    with pytest.raises(ValueError, match="NaN"):
        TestResult(method="paired_t", statistic=1.0, p_value=0.5, n=3, df=float("nan"))


def test_results_are_frozen_and_slotted() -> None:
    s = Summary(n=1, mean=1.0, sd=None, median=1.0)
    with pytest.raises(AttributeError):
        s.mean = 2.0  # type: ignore[misc]
    assert not hasattr(s, "__dict__")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_results_imports_standard_library_only() -> None:
    layer0 = ("peerimpact.results._base", "peerimpact.results.groups")
    for module in ("results/__init__.py", "results/_base.py", "results/groups.py"):
        for name in _imports(SRC / module):
            assert name.split(".")[0] in sys.stdlib_module_names or name == "__future__" or name in layer0, (
                name
            )


def test_statistics_imports_only_downwards() -> None:
    forbidden = (
        "peerimpact.readers",
        "peerimpact.reports",
        "peerimpact.cli",
        "peerimpact.instruments",
        "peerimpact.pipeline",
        "pandas",
        "statsmodels.api",
        "statsmodels.formula",
        "pingouin",
    )
    for path in sorted((SRC / "statistics").glob("*.py")):
        for name in _imports(path):
            assert not name.startswith(forbidden), f"{path.name} imports {name}"
