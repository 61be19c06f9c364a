"""An outcome answered by 4 pupils shows no figures in any governors' view (issue 12: shown at n = 4 went
uncaught).

SPEC §6: "no figures for groups under the threshold (default 5: 'fewer than 5')"; §6.1: "A figure suppressed
in one view is suppressed in every view (HTML, xlsx, JSON)".  The programme is built here: two terms, one
survey file each with SWEMWBS (answered in full by only 4 pupils at both surveys) and the Brief Resilience
Scale (answered by all 10 pupils: the control that shows the check can see a figure when one is there).  The
figures that must not appear are computed by hand from the publishers' tables (tests/golden/instrument_facts):
SWEMWBS raw sums converted with Warwick's table, BRS means of the items after reversing 2, 4, 6.
"""

from __future__ import annotations

import csv
import html
import io
import re
import runpy
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

FACTS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "instrument_facts.py"))
TO_METRIC = FACTS["SWEMWBS_CONVERSION"]  # Warwick's raw -> metric table
W_LABEL = {code: label for label, code in FACTS["SWEMWBS_OPTIONS"]}
B_LABEL = {code: label for label, code in FACTS["BRS_OPTIONS"]}
BRS_REVERSE = set(FACTS["BRS_REVERSE"])
THRESHOLD = 5  # SPEC §6: the default suppression threshold

# SWEMWBS raw sums of the four pupils who answered it both times (7 items, codes 1-5)
SW_PRE = [20, 21, 22, 23]  # metric 18.59, 19.25, 19.98, 20.73 -> mean 19.6375
SW_POST = [27, 28, 29, 30]  # metric 24.11, 25.03, 26.02, 27.03 -> mean 25.5475
# BRS: every pupil's six (already reversed) codes are all equal to this value -> the mean
BRS_PRE = [2, 3, 3, 4, 2, 3, 3, 4, 2, 3]
BRS_POST = [3, 4, 3, 4, 3, 4, 3, 5, 3, 4]

PROGRAMME = """format_version = 1

[programme]
name = "Small programme"
school = "Test School"
report_for = "Governors"

[analysis]
suppression_threshold = 5
group_columns = []
measures = ["swemwbs.metric", "brs.score"]
primary = "brs.score"

[terms.autumn-2026]
name = "Autumn 2026"
start = 2026-09-02
end = 2026-12-18

[terms.autumn-2026.surveys]
wellbeing = "autumn.csv"

[terms.summer-2027]
name = "Summer 2027"
start = 2027-04-12
end = 2027-07-21

[terms.summer-2027.surveys]
wellbeing = "summer.csv"
"""


def _swemwbs(raw: int) -> list[str]:
    """Seven answers summing to ``raw`` (7-35)."""
    codes = [1] * 7
    left = raw - 7
    for i in range(7):
        add = min(4, left)
        codes[i] += add
        left -= add
    assert left == 0 and sum(codes) == raw
    return [W_LABEL[c] for c in codes]


def _brs(value: int) -> list[str]:
    """Six answers whose keyed codes (items 2, 4, 6 reversed: 6 - code) are all ``value``."""
    return [B_LABEL[6 - value if item in BRS_REVERSE else value] for item in range(1, 7)]


def _survey(path: Path, sw: list[int], brs: list[int]) -> None:
    heading = ["Pupil ID", *[f"swemwbs_{i}" for i in range(1, 8)], *[f"brs_{i}" for i in range(1, 7)]]
    rows = []
    for k, b in enumerate(brs):
        answers = _swemwbs(sw[k]) if k < len(sw) else [""] * 7  # pupils 5-10: SWEMWBS left blank
        rows.append([f"P{k + 1:02d}", *answers, *_brs(b)])
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([heading, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Any]:
    from peerimpact.cli.report import write_report

    folder = tmp_path_factory.mktemp("small")
    _survey(folder / "autumn.csv", SW_PRE, BRS_PRE)
    _survey(folder / "summer.csv", SW_POST, BRS_POST)
    (folder / "programme.toml").write_text(PROGRAMME, encoding="utf-8")
    files, report, _ = write_report(folder / "programme.toml", "summer-2027")
    return files, report


def _governors_views(files: list[Path]) -> tuple[str, openpyxl.Workbook]:
    page = next(f for f in files if f.name.startswith("governors-report") and f.suffix == ".html")
    book = next(f for f in files if f.name.startswith("governors-report") and f.suffix == ".xlsx")
    text = html.unescape(page.read_text(encoding="utf-8"))
    with zipfile.ZipFile(book) as z:
        text += "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return html.unescape(text), openpyxl.load_workbook(book)


def _figures(pre: list[float], post: list[float]) -> list[str]:
    """The pre mean, post mean and mean change as a report could print them (1 or 2 decimals)."""
    m_pre, m_post = sum(pre) / len(pre), sum(post) / len(post)
    return [f"{v:.{dp}f}" for v in (m_pre, m_post, m_post - m_pre) for dp in (1, 2)]


def _number_in(text: str, figure: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text) is not None


def test_the_hand_figures_are_what_the_data_gives() -> None:
    """The oracle itself: Warwick's table (instrument_facts) for the four SWEMWBS pupils."""
    pre = [TO_METRIC[r] for r in SW_PRE]
    post = [TO_METRIC[r] for r in SW_POST]
    assert pre == [18.59, 19.25, 19.98, 20.73] and post == [24.11, 25.03, 26.02, 27.03]
    assert _figures(pre, post) == ["19.6", "19.64", "25.5", "25.55", "5.9", "5.91"]


def test_an_outcome_of_4_pupils_shows_no_figures_in_any_governors_view(written: Any) -> None:
    files, _ = written
    text, book = _governors_views(files)
    # the control: BRS, 10 pupils, is shown with its figures in both views
    brs_figures = _figures([float(v) for v in BRS_PRE], [float(v) for v in BRS_POST])  # 2.90 -> 3.60
    assert [f for f in brs_figures if _number_in(text, f)], "the BRS figures should be shown"
    # SWEMWBS, 4 pupils: none of its figures, anywhere governors look
    sw = _figures([TO_METRIC[r] for r in SW_PRE], [TO_METRIC[r] for r in SW_POST])
    assert not [f for f in sw if _number_in(text, f)], [f for f in sw if _number_in(text, f)]
    # nor its n: "4 pupils" / "among the 4"
    assert not re.search(r"(?<!\d)4 (pupils|mentees|of them)", text)
    # the Outcomes sheet: the SWEMWBS row carries no number at all, and says it is not shown
    rows = [r for r in book["Outcomes"].iter_rows(values_only=True) if r and r[0]]
    sw_rows = [r for r in rows if str(r[0]).startswith("SWEMWBS")]
    assert len(sw_rows) == 1, rows
    assert not [v for v in sw_rows[0] if isinstance(v, int | float) and not isinstance(v, bool)], sw_rows[0]
    assert "not shown" in sw_rows[0]
    brs_rows = [r for r in rows if str(r[0]).startswith("BRS")]
    assert brs_rows and 10 in brs_rows[0]  # the control row shows its n
    # and no cell of any sheet of the governors' workbook holds a SWEMWBS figure as a number
    numbers = [
        v for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, float)
    ]
    hidden = [sum(TO_METRIC[r] for r in w) / 4 for w in (SW_PRE, SW_POST)]
    hidden.append(hidden[1] - hidden[0])
    assert not [v for v in numbers for h in hidden if abs(v - h) < 0.006], numbers


def test_the_report_model_hides_the_row(written: Any) -> None:
    _, report = written
    rows = {o.measure: o for o in report.outcomes}
    sw = rows["swemwbs.metric"]
    assert not sw.shown and sw.n.value is None and sw.pre_mean is None and sw.change is None
    assert rows["brs.score"].shown and rows["brs.score"].n.value == 10 >= THRESHOLD
