"""The layers of STYLE.md §2, as import-linter contracts in pyproject.toml: kept now, and broken when a
renderer imports a builder (so the check is known to bite).  Deferred imports count; TYPE_CHECKING ones not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [LINT, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_contracts_are_kept() -> None:
    out = _lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # a renderer that imports the governors' builder (deferred, inside a function)
        (
            "reports/html.py",
            "def _planted():\n    from peerimpact.governors.build import build_report\n",
            "Reports",
        ),
        # a renderer that recomputes a statistic
        ("reports/excel/compare.py", "import peerimpact.statistics.paired\n", "Reports"),
        # statistics reaching for a reader
        ("statistics/paired.py", "import peerimpact.readers.base\n", "Statistics"),
        # a lower layer importing the CLI
        ("scoring/engine.py", "def _planted():\n    import peerimpact.cli.app\n", "Layers"),
        # a cycle between two sibling modules
        ("comparison/model.py", "def _planted():\n    import peerimpact.comparison.build\n", "cycles"),
    ],
)
def test_a_planted_import_breaks_a_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    copy = _copy(tmp_path)
    path = copy / "src" / "peerimpact" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + line, encoding="utf-8")
    out = _lint(copy)
    assert out.returncode != 0, out.stdout
    broken = out.stdout.split("Broken contracts", 1)[1]
    assert contract in broken, broken
