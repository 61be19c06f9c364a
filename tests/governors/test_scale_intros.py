"""Each questionnaire score is introduced once, in plain words, with its range and a typical score
(SPEC §6.1 "Plain reading").

Independent sources: the ranges are worked out here from each scale's scoring key (its items and the
answer codes: a sum of n items coded a..b runs from n*a to n*b, a mean from a to b, a sum of scales from
the sum of their ranges, a converted score from the conversion of the lowest and highest raw score),
never read from the ``range`` key the introduction uses; the one published typical score (WEMWBS) is
checked against the abstract of Clarke et al. 2011 (BMC Public Health 11:487), typed below.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from peerimpact.governors.scales import NO_TYPICAL, intro, scale_intros
from peerimpact.instruments.load import BUILTIN, load_builtin
from peerimpact.instruments.model import Instrument, Scale
from peerimpact.wording.numbers import fmt_number

# Clarke A, Friede T, Putz R, et al. BMC Public Health 2011;11:487, abstract (Methods, Results), as published
CLARKE_2011 = (
    "a self-administered questionnaire given to pupils aged 13 to 16 years in six schools in Scotland and "
    "England. [...] A total of 1,650 teenagers completed the questionnaire (response rate 80.8%). Mean WEMWBS "
    "score was 48.8 (SD 6.8; median 49). Response scores covered the full range (from 14 to 70)."
)
_WORDS = {"six": 6, "seven": 7}


def _every_scale() -> list[tuple[Instrument, Scale]]:
    return [(ins, s) for name in BUILTIN for ins in [load_builtin(name)] for s in ins.scales]


def _items(ins: Instrument, s: Scale) -> int:
    """How many questions a scale's score is made of, from its key."""
    if s.items:
        return len(s.items)
    if s.scales:
        return sum(_items(ins, ins.scale(c)) for c in s.scales)
    assert s.from_scale is not None
    return _items(ins, ins.scale(s.from_scale))


def _range(ins: Instrument, s: Scale) -> tuple[float, float]:
    """Lowest and highest score from the key: answer codes, items, method, components, conversion."""
    lo, hi = ins.code_min, ins.code_max
    if s.items:
        n = len(s.items)
        return (lo, hi) if s.method == "mean" else (n * lo, n * hi)
    if s.scales:
        parts = [_range(ins, ins.scale(c)) for c in s.scales]
        return sum(p[0] for p in parts), sum(p[1] for p in parts)
    assert s.from_scale is not None and s.lookup is not None
    raw_lo, raw_hi = _range(ins, ins.scale(s.from_scale))
    table = ins.lookups[s.lookup]
    return table[int(raw_lo)], table[int(raw_hi)]


@pytest.mark.parametrize(("ins", "scale"), _every_scale(), ids=lambda x: getattr(x, "name", ""))
def test_every_builtin_scale_is_introduced_with_the_range_its_key_gives(
    ins: Instrument, scale: Scale
) -> None:
    made = intro(f"{ins.name}.{scale.name}", scale)
    assert made is not None, f"{ins.name}.{scale.name} has no plain words (about) or no range"
    lo, hi = _range(ins, scale)
    assert (made.low, made.high) == (lo, hi)
    dp = 0 if float(lo).is_integer() and float(hi).is_integer() else 2
    assert f"Scores run from {fmt_number(lo, dp)} to {fmt_number(hi, dp)};" in made.text
    better = "higher" if scale.direction == "higher_is_better" else "lower"
    assert f"{better} is better." in made.text
    # the first number in the plain words is how many questions the score is made of
    first = re.search(r"\b(\d+|six|seven)\b", scale.about)
    assert first is not None, scale.about
    count = _WORDS.get(first[1]) or int(first[1])
    assert count == _items(ins, scale), (scale.about, _items(ins, scale))


def test_sdq_and_swemwbs_spot_checks_by_hand() -> None:
    """Two ranges worked out by hand: SDQ total difficulties = 4 subscales x 5 items x 0..2 = 0..40;
    SWEMWBS 7 items x 1..5 = raw 7..35, converted by Warwick's table 7 -> 7.00 and 35 -> 35.00 (SPEC §4)."""
    sdq = intro("sdq.total_difficulties", load_builtin("sdq").scale("total_difficulties"))
    sw = intro("swemwbs.metric", load_builtin("swemwbs").scale("metric"))
    assert sdq is not None and sw is not None
    assert (sdq.low, sdq.high, sdq.higher_is_better) == (0, 40, False)
    assert (sw.low, sw.high, sw.higher_is_better) == (7.0, 35.0, True)


def test_the_wemwbs_typical_score_is_clarke_2011_as_published() -> None:
    norms = load_builtin("wemwbs").scale("total").norms
    assert norms is not None
    assert f"Mean WEMWBS score was {norms.mean} (SD {norms.sd};" in CLARKE_2011
    lo, hi = norms.ages.split("–")
    assert f"pupils aged {lo} to {hi} years" in CLARKE_2011
    assert norms.cite == "Clarke et al. 2011" and "Clarke et al. 2011" in norms.source
    made = intro("wemwbs.total", load_builtin("wemwbs").scale("total"))
    assert made is not None and made.typical == 48.8
    assert made.text.endswith("A typical score for pupils aged 13–16 is 48.8 (Clarke et al. 2011).")


def test_a_scale_without_a_published_norm_says_so() -> None:
    for ins, scale in _every_scale():
        made = intro(f"{ins.name}.{scale.name}", scale)
        assert made is not None
        if scale.norms is None or scale.norms.mean is None:
            assert made.typical is None and made.text.endswith(NO_TYPICAL), (ins.name, scale.name)


def test_only_questionnaire_scores_are_introduced_each_once() -> None:
    measures = ["swemwbs.metric", "attendance.rate", "swemwbs.metric", "behaviour.referrals", "measure.x"]
    assert [s.measure for s in scale_intros(measures)] == ["swemwbs.metric"]
    assert [s.measure for s in scale_intros(["swemwbs#2.metric"])] == ["swemwbs#2.metric"]


def _shared_strings(xlsx: Path) -> str:
    with zipfile.ZipFile(xlsx) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/"))


def test_the_report_introduces_its_scale_once_before_the_outcomes(
    summer: tuple[list[Path], Any, Any],
) -> None:
    files, report, _ = summer
    # SWEMWBS for everyone, and the belonging statements the mentors answer (issue 16)
    assert [s.measure for s in report.scales] == ["swemwbs.metric", "belonging.mean"]
    page = next(f for f in files if f.suffix == ".html").read_text("utf-8")
    # the long name at most once, inside its explanation; the short title everywhere else
    assert page.count("Rasch-converted") == 1
    assert page.index("About the questionnaire") < page.index("Mentees and mentors: what changed")
    assert page.count("Scores run from 7 to 35") == 1
    assert report.scales[0].title == "SWEMWBS wellbeing score"
    assert all(o.title == "SWEMWBS wellbeing score" for o in report.outcomes if o.measure == "swemwbs.metric")
    book = _shared_strings(
        next(f for f in files if f.name.startswith("governors-report") and f.suffix == ".xlsx")
    )
    assert book.count("Scores run from 7 to 35") == 1
    assert book.count("Rasch-converted") == 1
