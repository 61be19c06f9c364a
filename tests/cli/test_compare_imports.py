"""A small ``compare`` loads only what the run uses (issue 17): one outcome has one p-value, which needs no
multiplicity library, so neither statsmodels nor pandas (which statsmodels' ``multitest`` pulls in) is
imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


def test_compare_of_one_outcome_imports_neither_pandas_nor_statsmodels(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    argv = [
        "peerimpact",
        "compare",
        "--pre",
        str(EXAMPLES / "wemwbs_autumn_forms.xlsx"),
        "--post",
        str(EXAMPLES / "wemwbs_summer_forms.xlsx"),
        "-o",
        str(out),
        "--quiet",
    ]
    code = (
        f"import sys, runpy\nsys.argv={argv!r}\n"
        "try:\n    runpy.run_module('peerimpact', run_name='__main__')\nexcept SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = [m for m in ('pandas', 'statsmodels', 'pingouin') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.exists()
    assert r.stderr.strip().endswith("HEAVY:"), r.stderr[-500:]
