"""Band edges and clinical cut-offs on the path the pipeline runs (issue 12).

``Scale.band_of`` and ``Clinical.is_clinical`` are not what ``score``/``compare`` call: ``score`` decides bands
in ``scoring.assign_bands`` and ``compare`` counts the clinical range in ``statistics.reliability
.clinical_change``.  So these tests write a small survey export (built here, answers chosen so that scores fall
exactly on every band edge of every built-in instrument that has bands), run ``peerimpact score -o x.csv`` /
``compare_files`` on it, and check the band in the scored CSV (read with the stdlib ``csv`` module) and the
clinical counts of the comparison against bands looked up by hand.

Expected bands come only from ``tests/golden/instrument_facts.py`` (typed from the publishers' guides, each
value cited there):
* SDQ self-report four-band categorisation: youthinmind "Scoring the SDQ" (``SDQ_BANDS``; integer score
  ranges, inclusive), scoring key and missing-item rule from youthinmind's SPSS/STATA/R syntax.
* BRS: Smith et al. 2013, p.177: 1.00-2.99 low, 3.00-4.30 normal, 4.31-5.00 high (``BRS_BANDS``), scored as the
  mean of the six items after reversing 2, 4, 6 (Smith et al. 2008).  SPEC §4: "bands low < 3.00, normal
  3.00-4.30, high > 4.30" and "Bands are decided on the unrounded score".
* WEMWBS, SWEMWBS and Stirling ship no bands (Warwick and Liddle & Carter publish none for pupils): their
  scored output has no band column.
* SDQ clinical range for clinically significant change (sdq.toml's stated CHOICE): the 'high' and 'very high'
  bands of a difficulty scale, the 'low' and 'very low' bands of prosocial.
"""

from __future__ import annotations

import csv
import io
import runpy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app

FACTS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "golden" / "instrument_facts.py"))
SDQ_LABEL = {code: label for label, code in FACTS["SDQ_OPTIONS"]}  # 0 Not True, 1 Somewhat, 2 Certainly
SDQ_REVERSE = set(FACTS["SDQ_REVERSE"])
SUBSCALES = FACTS["SDQ_SUBSCALES"]  # name -> item numbers
SDQ_BANDS = FACTS["SDQ_BANDS"]  # scale -> ((label, low, high), ...)
DIFFICULTIES = FACTS["SDQ_TOTAL_DIFFICULTIES"]
BRS_LABEL = {code: label for label, code in FACTS["BRS_OPTIONS"]}
BRS_REVERSE = set(FACTS["BRS_REVERSE"])


def sdq_band(scale: str, score: float) -> str:
    """The youthinmind band of an integer SDQ score, looked up in the typed table."""
    for label, low, high in SDQ_BANDS[scale]:
        if low <= score <= high:
            return label
    raise AssertionError((scale, score))


def brs_band(mean: float) -> str:
    """Smith et al. 2013 p.177 on the unrounded mean (SPEC §4): below 3.00 low, up to 4.30 normal, above high."""
    (low, _, low_top), (normal, normal_from, normal_top), (high, _, _) = FACTS["BRS_BANDS"]
    assert (low, low_top, normal, normal_from, normal_top, high) == ("low", 2.99, "normal", 3.0, 4.3, "high")
    return "low" if mean < normal_from else "normal" if mean <= normal_top else "high"


def sdq_answers(scores: dict[str, int], unanswered: dict[str, int] | None = None) -> list[str]:
    """25 answer labels giving each subscale its score: item scores 2, 2, …, 1, 0 (reversed items answered
    2 − score, youthinmind's key).  ``unanswered[scale] = k`` leaves the scale's last k items blank."""
    out = [""] * 25
    for scale, items in SUBSCALES.items():
        s = scores[scale]
        item_scores = [2] * (s // 2) + [1] * (s % 2)
        item_scores += [0] * (5 - len(item_scores))
        skip = (unanswered or {}).get(scale, 0)
        for pos, (item, sc) in enumerate(zip(items, item_scores, strict=True)):
            if pos >= 5 - skip:
                continue
            out[item - 1] = SDQ_LABEL[2 - sc if item in SDQ_REVERSE else sc]
    return out


def _totals_rows() -> list[dict[str, int]]:
    """Subscale scores putting every scale, in turn, on each end of each of its bands (the others at a middle
    value), and total difficulties on each end of each of its bands."""
    middle = {"emotional": 3, "conduct": 1, "hyperactivity": 4, "peer": 1, "prosocial": 8}
    rows = []
    for scale in SUBSCALES:
        for _, low, high in SDQ_BANDS[scale]:
            for v in (low, high):
                rows.append({**middle, scale: v})
    for _, low, high in SDQ_BANDS["total_difficulties"]:
        for total in (low, high):
            split, left = {}, total  # spread the total over the four difficulty scales (each 0-10)
            for scale in DIFFICULTIES:
                split[scale] = min(10, left)
                left -= split[scale]
            assert left == 0
            rows.append({**middle, **split})
    return rows


def _write_csv(path: Path, headings: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([headings, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _score_csv(src: Path, out: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["score", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))


def test_sdq_bands_at_every_edge_in_the_scored_csv(tmp_path: Path) -> None:
    wanted = _totals_rows()
    rows = [[f"P{k:03d}", *sdq_answers(s)] for k, s in enumerate(wanted)]
    # a prorated edge: conduct with 4 of 5 answered, item scores 1, 1, 0, 0 -> mean 0.5 x 5 = 2.5 -> 3 (half
    # up, youthinmind's syntax: instrument_facts SDQ_PRORATE_EXAMPLES) -> 'slightly raised', not 2 'close to
    # average'
    prorated = {"emotional": 3, "conduct": 2, "hyperactivity": 4, "peer": 1, "prosocial": 8}
    answers = sdq_answers(prorated, unanswered={"conduct": 1})
    c = SUBSCALES["conduct"]  # item scores 2, 0, 0, 0 from sdq_answers: make them 1, 1, 0, 0
    answers[c[0] - 1] = SDQ_LABEL[1]
    answers[c[1] - 1] = SDQ_LABEL[2 - 1 if c[1] in SDQ_REVERSE else 1]
    rows.append(["P999", *answers])
    wanted.append({**prorated, "conduct": 3})
    src = _write_csv(tmp_path / "sdq.csv", ["Pupil ID", *[f"sdq_{i}" for i in range(1, 26)]], rows)
    scored = _score_csv(src, tmp_path / "sdq_scored.csv")
    assert len(scored) == len(wanted)
    for got, want in zip(scored, wanted, strict=True):
        total = sum(want[s] for s in DIFFICULTIES)
        for scale in SUBSCALES:
            assert float(got[f"sdq.{scale}"]) == want[scale], (got["id"], scale)
            assert got[f"sdq.{scale}.band"] == sdq_band(scale, want[scale]), (got["id"], scale, want[scale])
        assert float(got["sdq.total_difficulties"]) == total
        assert got["sdq.total_difficulties.band"] == sdq_band("total_difficulties", total), (got["id"], total)
    # every edge was visited: each band's lowest and highest score, for every scale with bands
    for scale in SDQ_BANDS:
        seen = {
            sum(w[s] for s in DIFFICULTIES) if scale == "total_difficulties" else w[scale] for w in wanted
        }
        assert {v for _, low, high in SDQ_BANDS[scale] for v in (low, high)} <= seen, scale


# BRS: item codes (after reversing 2, 4, 6) whose mean falls on or next to each edge.  Reachable means are
# k/6 (all answered) or k/5 (one missing: peerimpact's documented choice, brs.toml); 2.99 and 4.30 themselves
# cannot be reached, so the edges are tested at 3.00 exactly and at the nearest means either side of 4.30.
BRS_KEYED = [
    ([1, 1, 1, 1, 1, 1], 6 / 6),  # 1.00, the floor: low
    ([3, 3, 3, 3, 3, 2], 17 / 6),  # 2.833: low
    ([3, 3, 3, 3, 2, None], 14 / 5),  # 2.80 (one missing): low
    ([3, 3, 3, 3, 3, 3], 18 / 6),  # 3.00 exactly: normal (SPEC: low < 3.00)
    ([3, 3, 3, 3, 3, None], 15 / 5),  # 3.00 exactly with one missing: normal
    ([4, 4, 4, 4, 4, 5], 25 / 6),  # 4.167: normal
    ([4, 4, 4, 4, 5, None], 21 / 5),  # 4.20: normal
    ([4, 4, 4, 4, 5, 5], 26 / 6),  # 4.333: high (> 4.30)
    ([4, 4, 4, 5, 5, None], 22 / 5),  # 4.40: high
    ([5, 5, 5, 5, 5, 5], 30 / 6),  # 5.00, the ceiling: high
]


def test_brs_bands_at_the_edges_in_the_scored_csv(tmp_path: Path) -> None:
    rows = []
    for k, (keyed, _) in enumerate(BRS_KEYED):
        labels = [
            "" if v is None else BRS_LABEL[6 - v if item in BRS_REVERSE else v]  # reversed: 6 - code
            for item, v in enumerate(keyed, start=1)
        ]
        rows.append([f"P{k:03d}", *labels])
    src = _write_csv(tmp_path / "brs.csv", ["Pupil ID", *[f"brs_{i}" for i in range(1, 7)]], rows)
    scored = _score_csv(src, tmp_path / "brs_scored.csv")
    assert [float(r["brs.score"]) for r in scored] == pytest.approx([m for _, m in BRS_KEYED], rel=1e-12)
    assert [r["brs.score.band"] for r in scored] == [brs_band(m) for _, m in BRS_KEYED]
    assert [brs_band(m) for _, m in BRS_KEYED] == ["low"] * 3 + ["normal"] * 4 + ["high"] * 3


@pytest.mark.parametrize(
    "instrument, labels, items",
    [
        ("wemwbs", [label for label, _ in FACTS["WEMWBS_OPTIONS"]], FACTS["WEMWBS_ITEMS"]),
        ("swemwbs", [label for label, _ in FACTS["SWEMWBS_OPTIONS"]], FACTS["SWEMWBS_ITEMS"]),
        ("scwbs", [label for label, _ in FACTS["SCWBS_OPTIONS"]], FACTS["SCWBS_ITEMS"]),
    ],
)
def test_instruments_without_published_bands_have_no_band_column(
    tmp_path: Path, instrument: str, labels: list[str], items: int
) -> None:
    rows = [[f"P{k}", *[labels[(k + j) % 5] for j in range(items)]] for k in range(5)]
    src = _write_csv(
        tmp_path / "s.csv", ["Pupil ID", *[f"{instrument}_{i}" for i in range(1, items + 1)]], rows
    )
    scored = _score_csv(src, tmp_path / "out.csv")
    assert scored and not [c for c in scored[0] if c.endswith(".band")]


# ------------------------------------------------------------------------------------- clinical cut-offs
def clinical(scale: str, score: int) -> bool:
    """In the clinical range (sdq.toml's stated choice, from youthinmind's four bands)."""
    band = sdq_band(scale, score)
    return band in (("low", "very low") if scale == "prosocial" else ("high", "very high"))


def test_sdq_clinical_range_counts_in_compare(tmp_path: Path) -> None:
    """``compare_files`` counts pupils in the clinical range before and after (Jacobson & Truax), with
    pupils on both sides of every cut-off: the counts equal a hand count over the band table."""
    from peerimpact.pipeline import compare_files

    pre_scores = _totals_rows()
    # after: every scale moved by one point towards average or away (within 0-10), so pupils cross the edges
    post_scores = [
        {s: max(0, min(10, v + (1 if k % 3 == 0 else -1 if k % 3 == 1 else 0))) for s, v in row.items()}
        for k, row in enumerate(pre_scores)
    ]
    heading = ["Pupil ID", *[f"sdq_{i}" for i in range(1, 26)]]
    pre = _write_csv(
        tmp_path / "pre.csv", heading, [[f"P{k:03d}", *sdq_answers(s)] for k, s in enumerate(pre_scores)]
    )
    post = _write_csv(
        tmp_path / "post.csv", heading, [[f"P{k:03d}", *sdq_answers(s)] for k, s in enumerate(post_scores)]
    )
    run = compare_files(pre, post)
    outcomes = {o.measure: o for o in run.overall}
    for scale in [*SUBSCALES, "total_difficulties"]:
        o = outcomes[f"sdq.{scale}"]

        def score(row: dict[str, int], scale: str = scale) -> int:
            return sum(row[s] for s in DIFFICULTIES) if scale == "total_difficulties" else row[scale]

        cc = o.clinical_change
        assert cc is not None, scale
        assert cc.n == len(pre_scores)
        assert cc.clinical_pre == sum(clinical(scale, score(r)) for r in pre_scores), scale
        assert cc.clinical_post == sum(clinical(scale, score(r)) for r in post_scores), scale
        # the data has pupils exactly on the cut-off (the first clinical score) and next to it, before
        bands = {label: (low, high) for label, low, high in SDQ_BANDS[scale]}
        edge = bands["low"][1] if scale == "prosocial" else bands["high"][0]
        step = 1 if scale == "prosocial" else -1
        assert {edge, edge + step} <= {score(r) for r in pre_scores}, scale
