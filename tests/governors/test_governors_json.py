"""The governors' report as JSON (SPEC §6.1 "Machine-readable", issue 15): ``governors-report-<term>.json``,
a view of the report object, valid against its shipped JSON Schema (draft 2020-12, checked with the
``jsonschema`` package), with counts as ``{"value": n}`` or null with the reason they are hidden, and no
names or ids.  Expected values are the example programme's own settings (its programme.toml, written by
hand in the demo) and the report object the views are made from."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.governors.views import audit_json, json_counts, object_counts, read_json

from peerimpact import __version__
from peerimpact.governors.model import Count, GovernorsReport
from peerimpact.reports.governors_json import report_dict, schema


def _validator() -> jsonschema.Draft202012Validator:
    s = schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def _errors(doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(doc)]


def _json(files: list[Path]) -> dict[str, Any]:
    return read_json(next(f for f in files if f.name.startswith("governors-report") and f.suffix == ".json"))


def _minimal(**kw: Any) -> GovernorsReport:
    """A report with nothing in it but its heading (the fields every report has)."""
    base: dict[str, Any] = {
        "programme": "P",
        "school": "S",
        "report_for": "Governors",
        "prepared_by": "",
        "term": "Summer 2027",
        "term_key": "summer-2027",
        "period": "12 April 2027 to 21 July 2027",
        "baseline": "Autumn 2026",
        "threshold": 5,
        "design": "single_group",
        "design_text": "",
        "headline": "",
        "reach": None,
        "legend": "c = fewer than 5",
    }
    base.update(kw)
    return GovernorsReport(**base)


def _section(**kw: Any) -> Any:
    """One role section with nothing in it (the mentees')."""
    from peerimpact.governors.model import RoleSection

    return RoleSection(role="mentees", label="Mentees", design="single_group", **kw)


# ------------------------------------------------------------------------------------ the example report
def test_the_example_report_is_valid_against_the_schema(summer: Any) -> None:
    files, report, _ = summer
    doc = _json(files)
    assert _errors(doc) == []
    # the heading: the example's programme.toml says these (src/peerimpact/demo, written by hand)
    assert doc["format"] == "peerimpact governors report" and doc["format_version"] == 1
    assert doc["peerimpact_version"] == __version__
    assert doc["programme"] == "Oakfield Peer Mentors" and doc["term"] == "Summer 2027"
    assert doc["term_key"] == "summer-2027" and doc["threshold"] == 5
    assert doc["legend"] == report.legend and doc["legend"].startswith("c = ")
    assert "version" not in doc  # the report's version is the peerimpact version, named so
    from peerimpact.util.files import is_own_output

    # recognised as peerimpact's own output, so the next run may replace it (and nothing else)
    assert is_own_output(next(f for f in files if f.name == "governors-report-summer-2027.json"))


def test_every_count_of_the_report_object_is_in_the_json_as_it_holds_it(summer: Any) -> None:
    files, report, _ = summer
    doc = _json(files)
    want = {
        p: {"value": c.value} if c.value is not None else {"value": None, "suppressed": c.why}
        for p, c in object_counts(report)
    }
    got = dict(json_counts(doc))
    assert got == want and len(got) > 20
    assert any(c["value"] is None for c in got.values())  # the example hides some


def test_the_activity_log_gives_governors_its_events_only(summer: Any) -> None:
    """Counts of pupils from the activity log (new mentees, referrals, …) reach the JSON only as the
    suppressed counts of ``reach``; the summary under it keeps the events (sessions, meetings, supervision)."""
    files, report, _ = summer
    reach = _json(files)["reach"]
    events = ["sessions_held", "meetings_held", "supervision_planned", "supervision_delivered"]
    assert list(reach["term"]) == events and list(reach["so_far"]) == events
    assert reach["term"]["sessions_held"] == report.reach.term.get("sessions_held")
    assert "issues" not in json.dumps(reach)


def test_no_identifier_from_the_inputs_is_in_the_json(example: Path, summer: Any) -> None:
    from tests.governors.test_report import identifiers

    files, _, _ = summer
    path = next(f for f in files if f.name.startswith("governors-report") and f.suffix == ".json")
    text = path.read_text(encoding="utf-8")
    exact, names = identifiers(example.parent / "data")
    assert len(exact) > 300 and len(names) > 40  # UPNs, staff, comments; forenames and surnames
    leaked = sorted(x for x in exact if x.casefold() in text.casefold())
    leaked += sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text, flags=re.IGNORECASE))
    assert not leaked, leaked[:20]
    assert not re.search(r"\b[A-Z]\d{11}[0-9A-Z]\b", text)  # nothing shaped like a UPN either


def test_the_json_holds_no_figure_beyond_what_is_printed(summer: Any) -> None:
    files, _, _ = summer
    assert audit_json(_json(files)) > 30


def test_the_trend_gives_no_count_of_everyone_seen_at_any_survey(summer: Any) -> None:
    """Everyone seen at any of three surveys, less the first survey's pupils, is the newcomers: with one
    newcomer (the demo's mentors in summer, hidden as c) that would pin them. Neither the JSON nor the
    workbook prints it; the pupils at each survey are the Ledger's counts."""
    import openpyxl

    files, report, _ = summer
    assert report.trend and all(t.n_pupils > 0 for t in report.trend)  # the SMHL's detail keeps it
    assert all("n_pupils" not in t for t in _json(files)["trend"])
    book = next(f for f in files if f.suffix == ".xlsx" and f.name.startswith("governors"))
    heads = [v for row in openpyxl.load_workbook(book)["Trend"].iter_rows(values_only=True) for v in row]
    assert "Pupils" not in heads and any(str(v).startswith("Pupils, ") for v in heads)


# -------------------------------------------------------------------------------------- small numbers
def test_a_small_numbers_report_is_valid_with_hidden_counts_null_and_a_reason(tmp_path: Path) -> None:
    """The disclosure audit's programme with one-pupil year groups, a feedback survey of 7 answers and a
    handful of new mentors, mentees and referrals a term."""
    from tests.governors.test_disclosure_audit import build

    from peerimpact.cli.report import write_report

    files, _, _ = write_report(build(tmp_path, "one-pupil groups"), "summer-2027")
    doc = _json(files)
    assert _errors(doc) == []
    hidden = [(p, c) for p, c in json_counts(doc) if c["value"] is None]
    assert {c["suppressed"] for _, c in hidden} == {"primary", "secondary"}
    # that programme's summer activity log, written by hand in the audit: 1 new mentor, 4 self-referrals and
    # 3 staff referrals (below 5: primary); 7 new mentees, hidden too (secondary: with the total so far
    # and the other terms they would give away the spring's 2)
    reach = doc["reach"]
    primary = {"value": None, "suppressed": "primary"}
    assert reach["mentors"][2] == primary and reach["mentees"][1] == primary
    assert reach["referrals"]["self"] == primary and reach["referrals"]["staff"] == primary
    assert reach["mentees"][2] == {"value": None, "suppressed": "secondary"}
    folded = [g for s in doc["sections"] for g in s["subgroups"] if g["folded"]]
    assert folded and all(g["n"] == primary and g["change"] is None for g in folded)
    audit_json(doc)


# ------------------------------------------------------------------------------------- generic and safe
@dataclass(slots=True)
class _DeliveryRow:  # a section some later report may hold (delivery per term)
    term: str
    mentees: Count
    sessions: int | None
    share: tuple[float, float] = (0.5, 0.25)


@dataclass(slots=True)
class _Later(GovernorsReport):
    later_section: list[_DeliveryRow] = field(default_factory=list)


def test_a_section_added_to_the_report_appears_without_more_code() -> None:
    report = _Later(**vars_of(_minimal()), later_section=[_DeliveryRow("Autumn", Count(None, "primary"), 12)])
    doc = report_dict(report)
    assert doc["later_section"] == [
        {
            "term": "Autumn",
            "mentees": {"value": None, "suppressed": "primary"},
            "sessions": 12,
            "share": [0.5, 0.25],
        }
    ]
    assert _errors(doc) == []


def vars_of(r: GovernorsReport) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(r, f.name) for f in fields(r)}


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ({"value": None}, "'suppressed' is a required property"),
        ({"value": 3, "suppressed": "primary"}, "should not be valid"),
        ({"value": -1}, "less than the minimum"),
        ({"value": None, "suppressed": "rounded"}, "is not one of"),
        ({"suppressed": "primary"}, "'value' is a required property"),
        ({"value": 7, "name": "Ann"}, "Additional properties"),
    ],
)
def test_every_count_anywhere_must_be_a_count(count: dict[str, Any], message: str) -> None:
    """In a known table and in a section the schema does not describe, a count has the one shape."""
    doc = report_dict(_minimal())
    assert _errors(doc) == []
    doc["new_section"] = {"rows": [{"label": "x", "pupils": count}]}
    assert any(message in e for e in _errors(doc)), _errors(doc)
    doc = report_dict(_minimal())
    doc["process_n"] = count
    assert _errors(doc)


def test_the_known_sections_are_described_precisely() -> None:
    doc = report_dict(_minimal())
    doc["threshold"] = "5"
    assert any("threshold" in e for e in _errors(doc))
    doc = report_dict(_minimal())
    doc["format"] = "something else"
    assert _errors(doc)
    doc = report_dict(_minimal(sections=[_section()]))
    assert _errors(doc) == []
    doc["sections"][0]["outcomes"] = [
        {
            "measure": "m",
            "title": "t",
            "n": {"value": 5},
            "verdict": "better",
            "sentence": "",
            "shown": True,
            "dp": 1,
        }
    ]
    assert any("is not one of" in e for e in _errors(doc))


def test_a_figure_that_is_not_a_number_is_null_and_unknown_objects_are_refused() -> None:
    from peerimpact.governors.model import OutcomeRow
    from peerimpact.issues import make_issue

    row = OutcomeRow("m", "M", Count(12), "improved", "", True, pre_mean=float("nan"), post_mean=float("inf"))
    doc = report_dict(_minimal(sections=[_section(outcomes=[row])]))
    out = doc["sections"][0]["outcomes"][0]
    assert out["pre_mean"] is None and out["post_mean"] is None
    assert _errors(doc) == []

    class Opaque:
        pass

    with pytest.raises(TypeError, match="Opaque"):
        report_dict(_minimal(caveats=[Opaque()]))
    issue = make_issue("programme_file_wrong_format", file="pupils.xlsx")
    with pytest.raises(TypeError, match="Issue"):
        report_dict(_minimal(caveats=[issue]))
