"""``peerimpact compare`` and ``peerimpact demo`` from the command line: three views of one result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from peerimpact.cli.app import app
from peerimpact.pipeline import compare_files
from peerimpact.wording.numbers import fmt_number

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
runner = CliRunner()


def test_compare_writes_workbook_json_and_terminal_that_agree(tmp_path: Path) -> None:
    pre = shutil.copy(DATA / "wemwbs_autumn_forms.xlsx", tmp_path / "autumn.xlsx")
    post = shutil.copy(DATA / "wemwbs_summer_forms.xlsx", tmp_path / "summer.xlsx")
    before = (Path(pre).read_bytes(), Path(post).read_bytes())
    js = tmp_path / "r.json"
    result = runner.invoke(
        app,
        ["compare", "--pre", str(pre), "--post", str(post), "--json", str(js), "--no-color"],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "summer.compare.xlsx"
    assert out.exists() and js.exists()
    doc = json.loads(js.read_text(encoding="utf-8"))
    # --json equals the library call (STYLE.md: prove --json equals compare_files(...).to_json())
    assert doc == json.loads(compare_files(pre, post).to_json())
    o = doc["outcomes"][0]
    # the terminal shows the same figures, rounded for display
    assert fmt_number(o["change"]["mean"], 1) in result.output
    assert o["summary"].split(".")[0] in " ".join(result.output.split())
    assert "single-group pre/post" in result.output
    # the workbook's Outcomes sheet holds the same unrounded numbers
    wb = openpyxl.load_workbook(out, read_only=True)
    cells = [c for row in wb["Outcomes"].iter_rows(values_only=True) for c in row]
    assert o["n"] in cells and o["change"]["mean"] in cells
    assert (Path(pre).read_bytes(), Path(post).read_bytes()) == before


def test_compare_bad_inputs_exit_1(tmp_path: Path) -> None:
    r = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(DATA / "wemwbs_autumn_forms.xlsx"),
            "--post",
            str(DATA / "sdq_summer_qualtrics.csv"),
            "-o",
            str(tmp_path / "x.xlsx"),
        ],
    )
    assert r.exit_code == 1 and "Traceback" not in r.output
    r = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(DATA / "swemwbs_autumn.xlsx"),
            "--post",
            str(DATA / "swemwbs_summer.xlsx"),
            "--group-column",
            "House",
            "-o",
            str(tmp_path / "y.xlsx"),
        ],
    )
    assert r.exit_code == 1 and "House" in r.output


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    r = runner.invoke(app, ["demo", str(tmp_path / "demo"), "--quiet", "--no-color"])
    assert r.exit_code == 0, r.output
    outputs = sorted(p.name for p in (tmp_path / "demo" / "outputs").iterdir())
    assert "wemwbs.compare.xlsx" in outputs and "sdq.compare.json" in outputs
    assert (
        sum(n.endswith(".compare.json") for n in outputs)
        == sum(n.endswith(".compare.xlsx") for n in outputs)
        == 5
    )
    assert sum(n.endswith(".scored.xlsx") for n in outputs) == 6
    # issue 16: a norm comparison (WEMWBS, single group) and a dose result (reading age by sessions attended)
    out_dir = tmp_path / "demo" / "outputs"
    wemwbs = json.loads((out_dir / "wemwbs.compare.json").read_text(encoding="utf-8"))
    total = next(o for o in wemwbs["outcomes"] if o["measure"] == "wemwbs.total" and o["group"] == "all")
    assert total["norm_comparison"]["norm_mean"] == 48.8
    reading = json.loads((out_dir / "reading_age.compare.json").read_text(encoding="utf-8"))
    (o,) = [o for o in reading["outcomes"] if o["group"] == "all"]
    assert o["measure"] == "measure.Reading age" and o["dose"]["column"] == "Sessions attended"
    assert o["n"] == o["dose"]["n"] == 39  # examples/README.md: 40 mentees, one summer cell 'absent'
