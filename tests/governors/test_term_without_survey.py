"""A term whose programme.toml lists no survey reports delivery (activity log, attendance and behaviour if
any) and says plainly when wellbeing outcomes come (SPEC §6.1, issue 15): no failure because ``primary``
names a questionnaire score, no empty Wellbeing or Trend heading, no "0 surveys".

Reproduced on the example programme with its spring survey removed, with ``primary`` set (as the example
has it) and without.  What must hold is read from the programme file itself: the next term listing a survey
is Summer 2027; spring's activity log and behaviour log are still there to report.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from peerimpact.cli import report as report_cmd
from peerimpact.cli.app import handle_errors
from peerimpact.cli.report import write_report
from peerimpact.governors.programme import load_programme
from peerimpact.governors.text import no_survey_note

SPRING_SURVEY = '\n[terms.spring-2027.surveys]\nwellbeing = "data/swemwbs_spring.xlsx"\n'
SENTENCE = "Wellbeing outcomes are reported after the next survey (Summer 2027)."


def _without_spring_survey(example: Path, tmp_path: Path, primary: bool) -> Path:
    folder = tmp_path / "programme"
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("reports"))
    toml = folder / "programme.toml"
    text = toml.read_text("utf-8")
    assert SPRING_SURVEY in text and 'primary = "swemwbs.metric"' in text  # the example as this test knows it
    text = text.replace(SPRING_SURVEY, "\n")
    if not primary:
        text = text.replace('primary = "swemwbs.metric"', "")
    toml.write_text(text, "utf-8")
    return toml


def _book_text(xlsx: Path) -> str:
    with zipfile.ZipFile(xlsx) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/"))


@pytest.mark.parametrize("primary", [True, False], ids=["primary set", "no primary"])
def test_a_term_without_a_survey_reports_delivery_and_says_when_outcomes_come(
    example: Path, tmp_path: Path, primary: bool
) -> None:
    toml = _without_spring_survey(example, tmp_path, primary)
    files, report, _ = write_report(toml, "spring-2027")
    assert report.outcome_note == f"No wellbeing survey this term. {SENTENCE}"
    assert SENTENCE in report.headline
    assert not report.outcomes and not report.scales and not report.trend and report.trend_note == ""
    # delivery is reported: spring's activity log (131 sessions in the example's log) and its behaviour log
    assert report.reach is not None and report.reach.term.get("sessions_held") == 131
    assert [m.title for m in report.mis] == ["Behaviour referrals"]
    page = next(f for f in files if f.suffix == ".html").read_text("utf-8")
    assert SENTENCE in page and "Reach and delivery" in page
    for absent in ("0 surveys", "Wellbeing: what changed", "Trend across", "Not in this term", "About the q"):
        assert absent not in page, absent
    assert not re.search(r"<h2>[^<]*</h2>\s*</section>", page)  # no heading over nothing
    book = _book_text(next(f for f in files if f.name == "governors-report-spring-2027.xlsx"))
    assert SENTENCE in book and "0 surveys" not in book and "Not in this term" not in book


def test_the_command_no_longer_fails_when_primary_is_set(example: Path, tmp_path: Path) -> None:
    toml = _without_spring_survey(example, tmp_path, primary=True)
    app = typer.Typer()
    app.command("report")(handle_errors(report_cmd.report))
    app.command("other")(lambda: None)  # two commands, so that "report" is a sub-command
    result = CliRunner().invoke(app, ["report", "--config", str(toml), "--term", "spring-2027"])
    assert result.exit_code == 0, result.output
    assert "--primary" not in result.output and "invalid" not in result.output
    assert (toml.parent / "reports" / "governors-report-spring-2027.html").is_file()


def test_with_no_later_survey_the_note_names_no_term(example: Path, tmp_path: Path) -> None:
    toml = _without_spring_survey(example, tmp_path, primary=True)
    text = toml.read_text("utf-8").replace(
        '\n[terms.summer-2027.surveys]\nwellbeing = "data/swemwbs_summer.xlsx"', ""
    )
    toml.write_text(text, "utf-8")
    prog = load_programme(toml)
    assert no_survey_note(prog, prog.term("spring-2027")) == (
        "No wellbeing survey this term. Wellbeing outcomes are reported after the next survey."
    )
