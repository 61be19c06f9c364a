"""The built-in instrument files against the published facts in ``tests/golden/instrument_facts.py``.

The facts module is typed in by hand from the sources (publisher guides, papers); these tests check that each
TOML file in ``src/peerimpact/instruments/data`` says the same thing, that every fact carries its source, that
the files survive a dump/parse round trip, and that band edges fall on the right side (``Scale.band_of``).
A tiny reference scorer below applies the data as written (reverse keys, proration, half-up rounding, lookup)
to the worked examples, so a key that is right item by item but wrong in combination still fails.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest

from peerimpact.instruments.dump import dump_instrument
from peerimpact.instruments.load import BUILTIN, load_builtin, parse
from peerimpact.instruments.model import Instrument, Scale

_FACTS_PATH = Path(__file__).resolve().parent.parent / "golden" / "instrument_facts.py"
_spec = importlib.util.spec_from_file_location("instrument_facts", _FACTS_PATH)
assert _spec is not None and _spec.loader is not None
F = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(F)


# ------------------------------------------------------------------------------------------------------------
# a reference scorer, only for the worked examples (not the package's scorer)
# ------------------------------------------------------------------------------------------------------------
def _half_up(x: float) -> float:
    return math.floor(x + 0.5)


def _score(ins: Instrument, scale: Scale | str, answers: Mapping[int, int | None]) -> float | None:
    s = ins.scale(scale) if isinstance(scale, str) else scale
    if s.from_scale:
        raw = _score(ins, s.from_scale, answers)
        if raw is None:
            return None
        assert s.lookup is not None
        return ins.lookups[s.lookup].get(int(raw)) if float(raw).is_integer() else None
    if s.scales:
        parts = [_score(ins, name, answers) for name in s.scales]
        present = [p for p in parts if p is not None]
        if len(parts) - len(present) > s.max_missing:
            return None
        total = sum(present) * (len(parts) / len(present) if s.prorate else 1)
        return _half_up(total) if s.rounding == "half_up" else total
    codes = []
    for item in s.items:
        code = answers.get(item)
        if code is None:
            continue
        if item in ins.reverse:
            code = ins.code_min + ins.code_max - code
        codes.append(code)
    if len(s.items) - len(codes) > s.max_missing:
        return None
    if s.method == "mean":
        return sum(codes) / len(codes)
    value = sum(codes) / len(codes) * len(s.items) if s.prorate else sum(codes)
    return _half_up(value) if s.rounding == "half_up" else value


def _answers(codes: tuple[int | None, ...], items: tuple[int, ...]) -> dict[int, int | None]:
    return dict(zip(items, codes, strict=True))


def _band_table(ranges: tuple[tuple[str, float, float], ...]) -> dict[float, str]:
    """Every whole score in each (label, low, high) range -> label."""
    return {float(x): label for label, low, high in ranges for x in range(int(low), int(high) + 1)}


# ------------------------------------------------------------------------------------------------------------
# every built-in file
# ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", BUILTIN)
def test_loads_and_round_trips(name: str) -> None:
    ins = load_builtin(name)
    assert ins.name == name
    again = parse(tomllib.loads(dump_instrument(ins)), ins.path)
    assert again == ins


@pytest.mark.parametrize("name", BUILTIN)
def test_every_fact_carries_its_source(name: str) -> None:
    ins = load_builtin(name)
    for text in (ins.title, ins.licence, ins.citation, ins.source, ins.options_source, ins.reverse_source):
        assert text.strip(), f"{name}: a top-level source/licence field is empty"
    for s in ins.scales:
        assert s.source.strip(), f"{name}.{s.name}: no source"
        assert s.missing_rule.strip(), f"{name}.{s.name}: no missing_rule in words"
        assert s.bands_source.strip(), f"{name}.{s.name}: no bands_source (say why there are none)"
        assert s.range is not None, f"{name}.{s.name}: no range"
        if s.norms is not None:
            assert s.norms.source.strip() and s.norms.population.strip()
            if s.norms.reliability is not None:
                assert 0 < s.norms.reliability < 1
            if s.norms.test_retest is not None:
                assert 0 < s.norms.test_retest < 1
        if s.clinical is not None:
            assert s.clinical.source.strip()
        if s.mic is not None:
            assert s.mic_source.strip()


@pytest.mark.parametrize("name", BUILTIN)
def test_keys_are_consistent(name: str) -> None:
    ins = load_builtin(name)
    item_scales = [s for s in ins.scales if s.items]
    used = {i for s in item_scales for i in s.items}
    # every reversed item is scored somewhere; unscored items are in no scale; every other item is used
    assert set(ins.reverse) <= used
    assert not set(ins.unscored) & used
    assert used | set(ins.unscored) == set(range(1, ins.n_items + 1))
    for s in ins.scales:
        if s.items:
            lo, hi = s.range  # type: ignore[misc]
            if s.method == "sum":
                assert (lo, hi) == (len(s.items) * ins.code_min, len(s.items) * ins.code_max)
            else:
                assert (lo, hi) == (ins.code_min, ins.code_max)


# ------------------------------------------------------------------------------------------------------------
# WEMWBS
# ------------------------------------------------------------------------------------------------------------
def test_wemwbs_facts() -> None:
    ins = load_builtin("wemwbs")
    assert ins.n_items == F.WEMWBS_ITEMS == len(F.WEMWBS_ITEM_KEYWORDS)
    assert ins.options == F.WEMWBS_OPTIONS
    assert ins.reverse == F.WEMWBS_REVERSE
    total = ins.scale("total")
    assert total.items == tuple(range(1, 15))
    assert total.method == "sum"
    assert total.range == F.WEMWBS_TOTAL_RANGE
    assert total.direction == "higher_is_better"
    assert total.bands == ()
    assert total.max_missing == 0 and not total.prorate
    assert total.norms is not None
    n = total.norms
    school = F.WEMWBS_SCHOOL_NORMS
    assert (n.mean, n.sd, n.reliability, n.test_retest) == (
        school["mean"],
        school["sd"],
        school["reliability"],
        school["test_retest"],
    )
    assert total.mic is None  # only distribution-based SEMs are published (Maheswaran 2012), not an MIC


def test_wemwbs_worked_example() -> None:
    ins = load_builtin("wemwbs")
    threes: dict[int, int | None] = dict.fromkeys(range(1, 15), 3)
    assert _score(ins, "total", threes) == F.WEMWBS_EXAMPLE_ALL_THREES
    threes[5] = None
    assert _score(ins, "total", threes) is None


# ------------------------------------------------------------------------------------------------------------
# SWEMWBS
# ------------------------------------------------------------------------------------------------------------
def test_swemwbs_facts() -> None:
    ins = load_builtin("swemwbs")
    assert ins.n_items == F.SWEMWBS_ITEMS == len(F.SWEMWBS_FROM_WEMWBS)
    assert ins.options == F.SWEMWBS_OPTIONS
    assert ins.reverse == ()
    raw, metric = ins.scale("raw"), ins.scale("metric")
    assert raw.items == tuple(range(1, 8))
    assert raw.method == "sum" and raw.range == F.SWEMWBS_RAW_RANGE
    assert metric.from_scale == "raw" and metric.lookup == "metric"
    assert metric.range == F.SWEMWBS_METRIC_RANGE
    assert raw.direction == metric.direction == "higher_is_better"
    assert raw.bands == metric.bands == ()


def test_swemwbs_items_are_the_published_wemwbs_items() -> None:
    # Notes must name the WEMWBS items the 7 SWEMWBS statements come from (SWEMWBS numbers them 1-7).
    notes = load_builtin("swemwbs").notes
    assert "1, 2, 3, 6, 7, 9 and 11" in notes
    picked = [F.WEMWBS_ITEM_KEYWORDS[i - 1] for i in F.SWEMWBS_FROM_WEMWBS]
    assert picked[0] == "optimistic" and picked[-1] == "able to make up my own mind"


def test_swemwbs_conversion_table_is_the_published_one() -> None:
    table = load_builtin("swemwbs").lookups["metric"]
    assert table == F.SWEMWBS_CONVERSION
    assert sorted(table) == list(range(7, 36))
    for raw, metric in F.SWEMWBS_SPEC_CHECKS.items():
        assert table[raw] == metric
    values = [table[r] for r in range(7, 36)]
    assert all(a < b for a, b in itertools.pairwise(values))


def test_swemwbs_worked_example() -> None:
    ins = load_builtin("swemwbs")
    # raw 20 = 3, 3, 3, 3, 3, 3, 2 -> metric 18.59
    answers = _answers((3, 3, 3, 3, 3, 3, 2), tuple(range(1, 8)))
    assert _score(ins, "raw", answers) == 20
    assert _score(ins, "metric", answers) == pytest.approx(18.59, abs=0)
    answers[7] = None
    assert _score(ins, "metric", answers) is None


# ------------------------------------------------------------------------------------------------------------
# SDQ self-report 11-17
# ------------------------------------------------------------------------------------------------------------
def test_sdq_facts() -> None:
    ins = load_builtin("sdq")
    assert ins.n_items == F.SDQ_ITEMS
    assert ins.options == F.SDQ_OPTIONS
    assert ins.reverse == F.SDQ_REVERSE
    assert ins.label_codes()["not true"] == 0  # "Not true" (lower case t) is the same label
    for name, items in F.SDQ_SUBSCALES.items():
        s = ins.scale(name)
        assert s.items == items
        assert s.method == "sum"
        assert s.max_missing == len(items) - F.SDQ_SUBSCALE_MIN_ANSWERED
        assert s.prorate and s.rounding == "half_up"
        assert s.range == F.SDQ_SUBSCALE_RANGE
        assert s.direction == ("higher_is_better" if name == "prosocial" else "lower_is_better")
    # the five subscales partition the 25 items
    assert sorted(i for items in F.SDQ_SUBSCALES.values() for i in items) == list(range(1, 26))
    total = ins.scale("total_difficulties")
    assert total.scales == F.SDQ_TOTAL_DIFFICULTIES
    assert total.method == "sum" and total.max_missing == 0 and not total.prorate
    assert total.range == F.SDQ_TOTAL_RANGE and total.direction == "lower_is_better"
    assert ins.scale("internalising").scales == F.SDQ_INTERNALISING
    assert ins.scale("externalising").scales == F.SDQ_EXTERNALISING
    for name in ("internalising", "externalising"):
        s = ins.scale(name)
        assert s.range == F.SDQ_BROAD_RANGE and s.max_missing == 0 and s.bands == ()


@pytest.mark.parametrize("name", sorted(F.SDQ_BANDS))
def test_sdq_four_bands(name: str) -> None:
    s = load_builtin("sdq").scale(name)
    expected = _band_table(F.SDQ_BANDS[name])
    lo, hi = s.range  # type: ignore[misc]
    assert sorted(expected) == [float(x) for x in range(int(lo), int(hi) + 1)]
    for score, label in expected.items():
        assert s.band_of(score) == label, (name, score)
    # the clinical cut-off is the start of the 'high' (prosocial: end of the 'low') band
    assert s.clinical is not None
    for score, label in expected.items():
        bad = label in ("high", "very high", "low", "very low")
        assert s.clinical.is_clinical(score) == bad, (name, score)


def test_sdq_total_difficulties_edges() -> None:
    s = load_builtin("sdq").scale("total_difficulties")
    for score, label in F.SDQ_TOTAL_EDGE.items():
        assert s.band_of(score) == label
    assert s.band_of(14) == "close to average" and s.band_of(15) == "slightly raised"


def test_sdq_missing_item_rule_examples() -> None:
    ins = load_builtin("sdq")
    emotional = ins.scale("emotional")  # no reversed items, so codes go straight in
    for codes, expected in F.SDQ_PRORATE_EXAMPLES:
        assert _score(ins, emotional, _answers(codes, emotional.items)) == expected


def test_sdq_reversed_items_count_against_difficulty() -> None:
    ins = load_builtin("sdq")
    # "Certainly True" to every item: reversed items score 0, the others 2
    all_two: dict[int, int | None] = dict.fromkeys(range(1, 26), 2)
    assert _score(ins, "emotional", all_two) == 10
    assert _score(ins, "conduct", all_two) == 8  # item 7 reversed
    assert _score(ins, "hyperactivity", all_two) == 6  # items 21, 25 reversed
    assert _score(ins, "peer", all_two) == 6  # items 11, 14 reversed
    assert _score(ins, "prosocial", all_two) == 10
    assert _score(ins, "total_difficulties", all_two) == 30
    assert _score(ins, "externalising", all_two) == 14
    assert _score(ins, "internalising", all_two) == 16
    # a subscale with 3 items missing leaves the total blank
    for item in (3, 8, 13):
        all_two[item] = None
    assert _score(ins, "emotional", all_two) is None
    assert _score(ins, "total_difficulties", all_two) is None


# ------------------------------------------------------------------------------------------------------------
# Stirling Children's Wellbeing Scale
# ------------------------------------------------------------------------------------------------------------
def test_scwbs_facts() -> None:
    ins = load_builtin("scwbs")
    assert ins.n_items == F.SCWBS_ITEMS
    assert ins.options == F.SCWBS_OPTIONS
    assert ins.reverse == F.SCWBS_REVERSE
    assert ins.unscored == F.SCWBS_SOCIAL_DESIRABILITY
    assert "stirling" in ins.prefixes
    total = ins.scale("total")
    assert total.items == F.SCWBS_SCORED
    assert total.range == F.SCWBS_TOTAL_RANGE and total.method == "sum"
    po, pes = ins.scale("positive_outlook"), ins.scale("positive_emotional_state")
    assert po.items == F.SCWBS_POSITIVE_OUTLOOK
    assert pes.items == F.SCWBS_POSITIVE_EMOTIONAL_STATE
    assert len(po.items) == len(pes.items) == 6
    assert not set(po.items) & set(pes.items)
    assert tuple(sorted(po.items + pes.items)) == F.SCWBS_SCORED
    assert po.range == pes.range == F.SCWBS_SUBSCALE_RANGE
    assert all(s.direction == "higher_is_better" and s.bands == () for s in ins.scales)
    assert total.norms is not None
    assert total.norms.reliability == F.SCWBS_ALPHA_RANGE[0]
    assert total.norms.test_retest == F.SCWBS_TEST_RETEST


def test_scwbs_missing_rule_is_the_stated_choice() -> None:
    ins = load_builtin("scwbs")
    # at most 20% of a scale's items may be missing (authors silent; the choice is stated in the file)
    for s in ins.scales:
        assert s.max_missing == int(0.2 * len(s.items)) and s.prorate and s.rounding == "none"
        assert "no missing-item rule" in s.missing_rule
    answers: dict[int, int | None] = dict.fromkeys(range(1, 16), 4)
    answers[2] = answers[7] = answers[13] = 1  # social-desirability answers never count
    assert _score(ins, "total", answers) == 48
    answers[1] = answers[9] = None
    assert _score(ins, "total", answers) == 48  # prorated: mean 4 x 12
    answers[3] = None
    assert _score(ins, "total", answers) is None


# ------------------------------------------------------------------------------------------------------------
# Brief Resilience Scale
# ------------------------------------------------------------------------------------------------------------
def test_brs_facts() -> None:
    ins = load_builtin("brs")
    assert ins.n_items == F.BRS_ITEMS
    assert ins.options == F.BRS_OPTIONS
    assert ins.reverse == F.BRS_REVERSE
    (s,) = ins.scales
    assert s.items == tuple(range(1, 7)) and s.method == "mean"
    assert s.range == F.BRS_RANGE and s.direction == "higher_is_better"
    assert s.max_missing == 1 and s.rounding == "none"
    assert s.norms is not None and s.norms.reliability == F.BRS_ALPHA_RANGE[0]
    assert [b.label for b in s.bands] == [label for label, _, _ in F.BRS_BANDS]


def test_brs_band_edges() -> None:
    s = load_builtin("brs").scale("score")
    for score, label in F.BRS_EDGE.items():
        assert s.band_of(score) == label, score
    # every possible mean (sixths; fifths with one item missing) lands in the band of its printed range
    for denominator in (5, 6):
        for k in range(denominator, 5 * denominator + 1):
            score = k / denominator
            (label,) = [lab for lab, low, high in F.BRS_BANDS if low <= round(score, 2) <= high]
            assert s.band_of(score) == label, score


def test_brs_worked_examples() -> None:
    ins = load_builtin("brs")
    for codes, expected in F.BRS_EXAMPLES:
        assert _score(ins, "score", _answers(codes, tuple(range(1, 7)))) == pytest.approx(expected, abs=0)
    # one missing item: mean of the other five; two missing: blank
    # 5, 6 - 1 = 5, 4, 6 - 2 = 4, 3 -> 21 / 5 = 4.2
    assert _score(ins, "score", {1: 5, 2: 1, 3: 4, 4: 2, 5: 3, 6: None}) == pytest.approx(4.2, rel=1e-12)
    assert _score(ins, "score", {1: 5, 2: 1, 3: 4, 4: None, 5: 3, 6: None}) is None


# ------------------------------------------------------------------------------------------------------------
# Children's Hope Scale
# ------------------------------------------------------------------------------------------------------------
def test_chs_facts() -> None:
    ins = load_builtin("chs")
    assert ins.n_items == F.CHS_ITEMS
    assert ins.options == F.CHS_OPTIONS
    assert ins.reverse == F.CHS_REVERSE and ins.unscored == ()
    assert ins.prefixes == ("chs",)
    total, agency, pathways = ins.scale("total"), ins.scale("agency"), ins.scale("pathways")
    assert total.items == tuple(range(1, 7)) and total.method == "sum"
    assert total.range == F.CHS_TOTAL_RANGE
    assert agency.items == F.CHS_AGENCY and pathways.items == F.CHS_PATHWAYS
    assert agency.range == pathways.range == F.CHS_SUBSCALE_RANGE
    assert agency.method == pathways.method == "sum"
    assert tuple(sorted(agency.items + pathways.items)) == total.items
    assert all(s.direction == "higher_is_better" and s.bands == () for s in ins.scales)
    assert total.norms is not None
    n = total.norms
    assert n.reliability == F.CHS_ALPHA_RANGE[0]  # lower bound: the more cautious reliable change index
    assert n.test_retest == F.CHS_TEST_RETEST_1_WEEK
    assert n.mean is None and n.sd is None  # sample means could not be checked: not shipped
    assert agency.norms is None and pathways.norms is None
    assert ins.age.startswith(f"{F.CHS_AGES[0]}-{F.CHS_AGES[1]}")


def test_chs_licence_says_it_is_stated_only_by_secondary_sources() -> None:
    ins = load_builtin("chs")
    assert "secondary sources" in ins.licence and "Snyder et al. 1997" in ins.licence
    assert "not shipped" in ins.licence
    assert "89" in (ins.scale("total").norms.source or "")  # type: ignore[union-attr]


def test_chs_missing_rule_is_the_stated_choice() -> None:
    ins = load_builtin("chs")
    total = ins.scale("total")
    # 20% of 6 items = 1 item, prorated and not rounded; 20% of 3 items < 1, so the subscales need all three
    assert (total.max_missing, total.prorate, total.rounding) == (1, True, "none")
    for name in ("agency", "pathways"):
        s = ins.scale(name)
        assert (s.max_missing, s.prorate) == (0, False)
    for s in ins.scales:
        assert "no missing-item rule" in s.missing_rule


def test_chs_worked_examples() -> None:
    ins = load_builtin("chs")
    for codes, expected in F.CHS_EXAMPLES:
        answers = _answers(codes, tuple(range(1, 7)))
        for scale, value in expected.items():
            assert _score(ins, scale, answers) == value, (codes, scale)
    # one item missing: total prorated, that item's subscale blank.  6, 1, 6, 1, 6, - -> 20 / 5 x 6 = 24.0
    answers = {1: 6, 2: 1, 3: 6, 4: 1, 5: 6, 6: None}
    assert _score(ins, "total", answers) == pytest.approx(24.0, rel=1e-12)
    assert _score(ins, "agency", answers) == 18 and _score(ins, "pathways", answers) is None
    answers[5] = None
    assert _score(ins, "total", answers) is None


# ------------------------------------------------------------------------------------------------------------
# School belonging (PISA ST034)
# ------------------------------------------------------------------------------------------------------------
def test_belonging_facts() -> None:
    ins = load_builtin("belonging")
    assert ins.n_items == F.BELONGING_ITEMS == len(F.BELONGING_ITEM_KEYWORDS)
    assert ins.options == F.BELONGING_OPTIONS
    assert ins.reverse == F.BELONGING_NEGATIVE
    assert ins.prefixes == ("belonging",)
    (s,) = ins.scales
    assert s.name == "mean" and s.items == tuple(range(1, 7)) and s.method == "mean"
    assert s.range == F.BELONGING_RANGE and s.direction == "higher_is_better"
    assert (s.max_missing, s.rounding, s.bands, s.norms) == (1, "none", (), None)
    assert "no missing-item rule" in s.missing_rule.lower()
    # never presented as the OECD's IRT index
    assert ins.title == "School belonging (mean of the PISA belonging items)"
    assert "NOT the OECD's BELONG index" in ins.notes and "not the OECD BELONG index" in s.source
    assert "OECD" in ins.licence and "acknowledgement" in ins.licence
    for i, keyword in enumerate(F.BELONGING_ITEM_KEYWORDS, start=1):
        negative = i in F.BELONGING_NEGATIVE
        assert f"{i} {keyword}" in ins.notes, keyword
        assert (f"{i} {keyword} (negative)" in ins.notes) == negative, keyword


def test_belonging_worked_examples() -> None:
    ins = load_builtin("belonging")
    for codes, expected in F.BELONGING_EXAMPLES:
        assert _score(ins, "mean", _answers(codes, tuple(range(1, 7)))) == pytest.approx(expected, abs=0)
    # one missing: mean of five.  1 -> 4, 4, 4, 1 -> 4, 3, - : (4 + 4 + 4 + 4 + 3) / 5 = 3.8
    assert _score(ins, "mean", {1: 1, 2: 4, 3: 4, 4: 1, 5: 3, 6: None}) == pytest.approx(3.8, rel=1e-12)
    assert _score(ins, "mean", {1: 1, 2: 4, 3: 4, 4: None, 5: 3, 6: None}) is None


def test_belonging_labels_are_the_brs_labels_without_neutral() -> None:
    """Why detection by labels needs care (tests/instruments/test_detect_hope_and_belonging.py): every
    belonging label is a BRS label, and both have six items; only "Neutral" tells them apart."""
    brs, belonging = load_builtin("brs").label_codes(), load_builtin("belonging").label_codes()
    assert set(brs) - set(belonging) == {"neutral"}
    assert load_builtin("brs").n_items == load_builtin("belonging").n_items == 6


_CUSTOM = """format_version = 1
name = "belonging"
title = "School belonging (our own 4 items)"
licence = "Written by our school"
items = 4

[options]
labels = [["Never", 1], ["Sometimes", 2], ["Often", 3], ["Always", 4]]

[[scales]]
name = "total"
title = "Belonging total"
items = [1, 2, 3, 4]
direction = "{direction}"
clinical = {{op = "{op}", value = 8, source = "test"}}
"""


@pytest.mark.parametrize(
    ("direction", "op", "ok"),
    [
        ("higher_is_better", "<", True),
        ("higher_is_better", "<=", True),
        ("higher_is_better", ">", False),
        ("lower_is_better", ">=", True),
        ("lower_is_better", "<", False),
    ],
)
def test_clinical_op_must_lie_on_the_worse_side(tmp_path: Path, direction: str, op: str, ok: bool) -> None:
    """Clinical.is_clinical (op) and the statistics' clinical_change (direction + includes_cutoff) are two
    spellings of one rule: the loader refuses an op that would make them disagree."""
    from peerimpact.instruments.load import load_instrument_file
    from peerimpact.issues import PeerimpactError

    path = tmp_path / "belonging.toml"
    path.write_text(_CUSTOM.format(direction=direction, op=op), encoding="utf-8")
    if ok:
        scale = load_instrument_file(path).scale("total")
        assert scale.clinical is not None and scale.clinical.includes_cutoff == (op in ("<=", ">="))
    else:
        with pytest.raises(PeerimpactError, match=r"clinical\.op"):
            load_instrument_file(path)
