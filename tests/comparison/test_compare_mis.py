"""compare with attendance and behaviour, checked against independent recounts of the example files.

Recounts read the files with the csv module / openpyxl (not peerimpact's readers) and apply SPEC §6 by hand:
attendance % = (present + AEA) / possible × 100, persistent absence = 10% or more of possible sessions
missed; referrals = negative events dated inside each period.  p-values are checked against scipy's exact
binomial test, which is what both the exact McNemar test (binom.test on the discordant pairs) and the exact
conditional Poisson test (binom.test of the post count given the total, p0 = exposure share) reduce to
(R: mcnemar exact / poisson.test; tests/golden/counts.py has the R values for the statistics themselves), and
the referral test also against statsmodels' ``test_poisson_2indep(method="exact-cond")`` on the recount.
Counts are recounted exactly (text-typed dates included), never within a tolerance.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import numpy as np
import openpyxl
import pytest
from scipy import stats

from peerimpact.pipeline import compare_files

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
SCHEMA = json.loads((ROOT / "tests" / "data" / "results.schema.json").read_text(encoding="utf-8"))
PERIODS = {"autumn": (date(2026, 9, 1), date(2026, 12, 18)), "summer": (date(2027, 4, 12), date(2027, 7, 21))}


def _sims(path: Path) -> dict[str, tuple[float, float]]:
    """UPN -> (possible, present + AEA) for clean rows with at least 20 possible sessions."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                vals = [
                    float(r[k])
                    for k in (
                        "Possible Sessions",
                        "Present",
                        "AEA",
                        "Authorised Absences",
                        "Unauthorised Absences",
                    )
                ]
            except ValueError:
                continue
            possible, present, aea = vals[0], vals[1], vals[2]
            if min(vals) < 0 or possible < 20 or present + aea > possible:
                continue
            out[r["UPN"].strip().upper()] = (possible, present + aea)
    return out


@pytest.fixture(scope="module")
def mis_only():  # type: ignore[no-untyped-def]
    return compare_files(
        DATA / "attendance_autumn_sims.csv",
        DATA / "attendance_summer_sims.csv",
        behaviour=DATA / "behaviour_events.xlsx",
        periods=PERIODS,
    )


def test_attendance_rate_and_persistent_absence_by_hand(mis_only) -> None:  # type: ignore[no-untyped-def]
    a, b = _sims(DATA / "attendance_autumn_sims.csv"), _sims(DATA / "attendance_summer_sims.csv")
    ids = [pid for pid in a if pid in b]
    rate_a = np.array([100 * a[i][1] / a[i][0] for i in ids])
    rate_b = np.array([100 * b[i][1] / b[i][0] for i in ids])
    rate = next(o for o in mis_only.overall if o.measure == "attendance.rate")
    assert rate.n == len(ids)
    assert rate.change.mean == pytest.approx(float(np.mean(rate_b - rate_a)), rel=1e-9)
    assert rate.tests.paired_t.p_value == pytest.approx(stats.ttest_rel(rate_b, rate_a).pvalue, rel=1e-9)
    # persistent absence: missed ≥ 10% of possible  ⇔  10 × (possible − attended) ≥ possible
    pa_a = [10 * (a[i][0] - a[i][1]) >= a[i][0] for i in ids]
    pa_b = [10 * (b[i][0] - b[i][1]) >= b[i][0] for i in ids]
    became = sum(1 for x, y in zip(pa_a, pa_b, strict=True) if not x and y)
    left = sum(1 for x, y in zip(pa_a, pa_b, strict=True) if x and not y)
    pa = next(o for o in mis_only.overall if o.measure == "attendance.persistent_absence")
    m = pa.mcnemar
    assert (m.became, m.left) == (became, left)
    assert m.stayed == sum(1 for x, y in zip(pa_a, pa_b, strict=True) if x and y)
    assert pa.pre.mean == pytest.approx(sum(pa_a) / len(ids))
    assert m.p_value == pytest.approx(stats.binomtest(became, became + left, 0.5).pvalue, rel=1e-9)


def _event_date(value: object) -> date | None:
    """A Date cell as a date: Excel dates as stored; text dates day first (SPEC §3: "decide the order per
    column from the whole column (a day > 12 settles it)" -- this column holds ``31/09/2026``, so DD/MM/YYYY);
    a text date that is no date (``31/09/2026``: September has 30 days) is no event date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            return None
    return None


def _negative_events() -> dict[str, dict[str, int]]:
    """UPN -> period -> negative events dated inside the period, read with openpyxl (examples/README.md: the
    log's planted mess is a date typed as text, ``31/09/2026``, a row with no UPN and an unknown polarity)."""
    ws = openpyxl.load_workbook(DATA / "behaviour_events.xlsx", read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    iu, idt, ipol = head.index("UPN"), head.index("Date"), head.index("Polarity")
    out: dict[str, dict[str, int]] = {}
    for r in rows[1:]:
        d = _event_date(r[idt])
        if not r[iu] or d is None or str(r[ipol]).strip().lower() != "negative":
            continue
        for name, (start, end) in PERIODS.items():
            if start <= d <= end:
                counts = out.setdefault(str(r[iu]).strip().upper(), {})
                counts[name] = counts.get(name, 0) + 1
    return out


def test_the_recount_reads_the_text_dates() -> None:
    """The recount itself: both text-typed dates are in the log (one real, one impossible)."""
    ws = openpyxl.load_workbook(DATA / "behaviour_events.xlsx", read_only=True).worksheets[0]
    texts = sorted(r[1] for r in ws.iter_rows(min_row=2, values_only=True) if isinstance(r[1], str))
    assert texts == ["01/12/2026", "31/09/2026"]
    assert _event_date("01/12/2026") == date(2026, 12, 1) and _event_date("31/09/2026") is None


def _upns(path: Path) -> list[str]:
    """Every UPN of an attendance export, valid record or not."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r["UPN"].strip().upper() for r in csv.DictReader(fh)]


def _poisson_expected(pre: int, t_pre: float, post: int, t_post: float) -> dict[str, object]:
    """The exact conditional test of two Poisson rates from counts and exposures, by scipy and statsmodels
    called directly (R: ``poisson.test(c(post, pre), c(t_post, t_pre))`` is the same test): p (scipy's binomial
    test of post given the total at p0 = t_post / (t_pre + t_post), and statsmodels' exact-cond), the rate
    ratio, and its CI (Clopper-Pearson limits of post / total turned into ratios, as R's poisson.test)."""
    from statsmodels.stats.rates import test_poisson_2indep

    b = stats.binomtest(post, pre + post, t_post / (t_pre + t_post))
    ci = b.proportion_ci(confidence_level=0.95, method="exact")
    return {
        "p": b.pvalue,
        "p_statsmodels": test_poisson_2indep(post, t_post, pre, t_pre, method="exact-cond").pvalue,
        "rate_ratio": (post / t_post) / (pre / t_pre),
        "ci95": [pi / (1 - pi) * t_pre / t_post for pi in (ci.low, ci.high)],
    }


def test_referral_counts_and_exact_poisson_test(mis_only) -> None:  # type: ignore[no-untyped-def]
    """Referral counts equal the recount exactly (text-typed dates read day first); the exposures are the
    possible sessions (SPEC §6: "rate per 100 possible sessions when attendance is known"); p, rate ratio
    and CI computed here from the recount.

    Counts and exposures are both taken over the 252 pupils with usable records in both periods (the
    attendance outcome's cohort), not the 255 in both exports: three have a record unusable in one period
    or both, and an event of theirs has no sessions to be a rate over (see the next test)."""
    ref = next(o for o in mis_only.overall if o.measure == "behaviour.referrals")
    r = ref.poisson_rate
    events = _negative_events()
    a, b = _sims(DATA / "attendance_autumn_sims.csv"), _sims(DATA / "attendance_summer_sims.csv")
    autumn_upns = _upns(DATA / "attendance_autumn_sims.csv")
    summer_upns = set(_upns(DATA / "attendance_summer_sims.csv"))
    in_both_exports = [p for p in autumn_upns if p in summer_upns]
    pupils = [p for p in in_both_exports if p in a and p in b]
    assert (len(in_both_exports), len(pupils)) == (255, 252)
    pre = sum(events.get(p, {}).get("autumn", 0) for p in pupils)
    post = sum(events.get(p, {}).get("summer", 0) for p in pupils)
    t_pre = sum(a[p][0] for p in pupils)  # possible sessions
    t_post = sum(b[p][0] for p in pupils)
    assert ref.n == len(pupils)
    assert (r.count_pre, r.count_post) == (pre, post)  # exact: no tolerance
    assert (r.exposure_pre, r.exposure_post) == (t_pre, t_post)
    expected = _poisson_expected(pre, t_pre, post, t_post)
    assert r.p_value == pytest.approx(expected["p"], rel=1e-9)
    assert r.p_value == pytest.approx(expected["p_statsmodels"], rel=1e-9)
    assert r.rate_ratio == pytest.approx(expected["rate_ratio"], rel=1e-12)
    assert list(r.ci95) == pytest.approx(expected["ci95"], rel=1e-7)
    # per-pupil counts (the Wilcoxon's data): their means are the recount's
    assert ref.pre.mean == pytest.approx(pre / len(pupils), rel=1e-12)
    assert ref.post.mean == pytest.approx(post / len(pupils), rel=1e-12)


def test_referral_rates_pair_counts_with_exposures_of_the_same_pupils(mis_only) -> None:  # type: ignore[no-untyped-def]
    """A rate is events over the sessions in which they could happen, for the same pupils: over the pupils
    with usable attendance in both periods (the attendance outcome's cohort), counts and exposures both."""
    ref = next(o for o in mis_only.overall if o.measure == "behaviour.referrals")
    r = ref.poisson_rate
    events = _negative_events()
    a, b = _sims(DATA / "attendance_autumn_sims.csv"), _sims(DATA / "attendance_summer_sims.csv")
    cohort = [p for p in a if p in b]
    pre = sum(events.get(p, {}).get("autumn", 0) for p in cohort)
    post = sum(events.get(p, {}).get("summer", 0) for p in cohort)
    t_pre, t_post = sum(a[p][0] for p in cohort), sum(b[p][0] for p in cohort)
    assert (r.count_pre, r.exposure_pre, r.count_post, r.exposure_post) == (pre, t_pre, post, t_post)
    assert r.p_value == pytest.approx(_poisson_expected(pre, t_pre, post, t_post)["p"], rel=1e-9)


def test_combined_run_is_one_cohort_and_follows_the_schema() -> None:
    run = compare_files(
        [DATA / "swemwbs_autumn.xlsx", DATA / "attendance_autumn_arbor.xlsx"],
        [DATA / "swemwbs_summer.xlsx", DATA / "attendance_summer_arbor.xlsx"],
        behaviour=DATA / "behaviour_events.xlsx",
        periods=PERIODS,
        group_columns=["Year group"],
    )
    jsonschema.validate(json.loads(run.to_json()), SCHEMA)
    measures = [o.measure for o in run.overall]
    assert measures[-3:] == ["attendance.rate", "attendance.persistent_absence", "behaviour.referrals"]
    sources = {m["source"].split()[0]: m for m in run.extras["matching_by_source"]}
    assert sources["attendance"]["cohort"] == "pupils in the surveys"
    survey_pupils = 134 + 7  # examples/README.md: 134 pupils before, 7 new after
    assert sources["attendance"]["matched"] <= survey_pupils
    missing = [i for i in run.issues if i.code == "not_in_mis"]
    assert missing and all(i.row is not None and i.file == "swemwbs_autumn.xlsx" for i in missing)
    pa = next(o for o in run.overall if o.measure == "attendance.persistent_absence")
    assert {"p_value", "method", "became", "left", "stayed", "never"} <= set(pa.to_dict()["tests"]["mcnemar"])
    assert all(o.adjustment == "holm" for o in run.overall)


def test_behaviour_without_periods_is_a_plain_error() -> None:
    from peerimpact.issues import PeerimpactError

    with pytest.raises(PeerimpactError) as err:
        compare_files(
            DATA / "attendance_autumn_sims.csv",
            DATA / "attendance_summer_sims.csv",
            behaviour=DATA / "behaviour_events.xlsx",
        )
    assert err.value.issue.code == "periods_needed"


def test_survey_paired_with_attendance_is_a_plain_error() -> None:
    from peerimpact.issues import PeerimpactError

    with pytest.raises(PeerimpactError) as err:
        compare_files(DATA / "swemwbs_autumn.xlsx", DATA / "attendance_summer_sims.csv")
    assert err.value.issue.code == "unpaired_inputs"
