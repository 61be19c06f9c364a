"""Real exports (issue 11): what a user must get from each file in ``tests/data/real/`` (see its README).

Every expected score is worked out by hand in a comment, never taken from a peerimpact run.  Tests marked
``xfail(strict=True, reason="issue 11: ...")`` state the right answer for a case peerimpact still gets wrong;
they fail (XPASS) the day it is fixed, and the mark must then go.  Only the public API is used.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from peerimpact import score_file, validate_file
from peerimpact.cli.app import app
from peerimpact.readers import read_export

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
runner = CliRunner()


def _scores(run: Any, measure: str) -> list[float | None]:
    """One measure's values per data row, ``None`` where not scored."""
    return [None if math.isnan(v) else float(v) for v in run.scales[measure].values.tolist()]


def _error(path: Path, **kwargs: Any) -> Any:
    """The error issue ``score_file`` stops with (any exception other than peerimpact's is a bug)."""
    with pytest.raises(Exception) as info:
        score_file(path, **kwargs)
    issue = getattr(info.value, "issue", None)
    assert issue is not None, f"not a plain peerimpact error: {info.value!r}"
    assert issue.severity == "error"
    return issue


def _codes(issues: list[Any]) -> set[str]:
    return {i.code for i in issues}


# ------------------------------------------------------------------------------------------------ Qualtrics


def test_qualtrics_sample_reads_three_heading_rows_and_is_refused_for_having_no_questionnaire() -> None:
    table = read_export(str(REAL / "qualtrics_sample.csv"))
    assert (table.layout, table.header_rows, table.rows, table.excluded) == ("qualtrics", 3, [4], {})
    assert table.roles["response_id"] == "ResponseId"  # R_2YPOQ602ER1jkf1 is a response number, not a pupil
    assert table.column("ResponseId") == ["R_2YPOQ602ER1jkf1"]
    assert table.column("EndDate") == [dt.datetime(2017, 7, 18, 8, 28, 48)]
    # one multiple-choice and one free-text question: nothing to score, said plainly
    assert _error(REAL / "qualtrics_sample.csv").code == "no_instrument_found"


def test_qualtrics_legacy_sample_reads_two_heading_rows() -> None:
    table = read_export(str(REAL / "qualtrics_sample_legacy.csv"))
    assert (table.layout, table.header_rows, table.rows, table.excluded) == ("qualtrics_legacy", 2, [3], {})
    assert table.columns[0] == "ResponseID" and table.column("Status") == ["0"]
    assert _error(REAL / "qualtrics_sample_legacy.csv").code == "no_instrument_found"


@pytest.mark.parametrize("name", ["qualtrics_sample_cr.csv", "qualtrics_sample_crcrlf.csv"])
def test_qualtrics_record_separators_read_the_same_rows_as_lf(name: str) -> None:
    want = read_export(str(REAL / "qualtrics_sample.csv"))
    got = read_export(str(REAL / name))
    # the same 3 heading rows, the one response on Excel row 4, no platform rows
    assert (got.layout, got.header_rows, got.rows, got.excluded) == ("qualtrics", 3, [4], {})
    assert got.columns == want.columns and got.questions == want.questions
    assert [list(c) for c in got.data] == [list(c) for c in want.data]
    assert "empty_rows_skipped" not in _codes(got.issues)


def test_qualtrics_two_numeric_blocks_preview_row_is_a_platform_row() -> None:
    table = read_export(str(REAL / "qualtrics_two_numeric_blocks.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 3, [4, 5, 6, 7, 8])
    assert (
        list(table.excluded) == [4] and "preview" in table.excluded[4]
    )  # Excel row 8, Status Survey Preview


def test_qualtrics_numeric_codes_take_one_question_block() -> None:
    run = score_file(REAL / "qualtrics_two_numeric_blocks.csv", instruments=["brs"])
    assert run.id_column is not None and run.id_column.column == "pupil_id"
    [use] = run.uses
    assert [use.columns[i] for i in sorted(use.columns)] == [f"Q34_{i}" for i in range(1, 7)]
    # BRS: items 2, 4, 6 reversed (6 - code), score = mean of the six
    # row 4 [4,2,4,2,4,2] -> [4,4,4,4,4,4] = 4.0;  row 5 [5,1,5,1,5,1] -> [5,5,5,5,5,5] = 5.0
    # row 6 [1,5,1,5,1,5] -> [1,1,1,1,1,1] = 1.0;  row 7 [3]*6 = 3.0;  row 8 is the preview: not scored
    assert _scores(run, "brs.score") == [4.0, 5.0, 1.0, 3.0, None]


def test_qualtrics_2016_export_with_dict_import_ids_reads_three_heading_rows() -> None:
    # row 3 is {'ImportId': 'responseId'}, ... (a Python dict, not JSON): a heading row, not a response
    table = read_export(str(REAL / "qualtricstools_insights_single_answer_matrix.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 3, [4, 5, 6, 7, 8])
    assert table.columns[:3] == ["ResponseID", "ResponseSet", "IPAddress"] and table.columns[11] == "Q2_1"
    assert table.questions[11] == "Click to write the question text-Click to write Statement 1"
    # every response has Status 2, a survey test: all five are platform rows, kept and counted
    assert table.excluded == {pos: "survey test" for pos in range(5)}
    assert list(table.column("Q2_1")) == ["3", "4", "2", "4", "3"]
    assert table.column("matrix_question_five_question_two_TEXT")[1].startswith("Accumsan lorem, in")
    assert _error(REAL / "qualtricstools_insights_single_answer_matrix.csv").code == "no_instrument_found"


def test_qualtrics_2017_export_with_dict_import_ids_has_five_test_responses() -> None:
    table = read_export(str(REAL / "qualtricstools_insights_matrix_single_answer_testing.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 3, [4, 5, 6, 7, 8])
    assert len(table.excluded) == 5 and set(table.excluded.values()) == {"survey test"}
    assert table.column("EndDate")[0] == dt.datetime(2017, 5, 23, 14, 21, 14)


def test_qualtrics_2016_single_answer_export_keeps_its_recode_values() -> None:
    table = read_export(str(REAL / "qualtricstools_insights_single_answer_mc.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 3, [4, 5, 6, 7, 8])
    assert table.excluded == {pos: "survey test" for pos in range(5)}
    # Q4 has custom recode values (10-13 in the export), kept as written, never renumbered
    assert list(table.column("Q4")) == ["12", "12", "11", "12", "10"]
    assert table.questions[table.columns.index("Q4")] == (
        "Click to write the question text This question has custom RecodeValues"
    )
    assert list(table.column("mc_question_five_TEXT"))[1:4] == [None, None, None]


def test_qualtrics_legacy_test_responses_are_platform_rows() -> None:
    table = read_export(str(REAL / "qualtricstools_legacy_single_answer_matrix.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics_legacy", 2, [3, 4, 5, 6, 7])
    assert table.excluded == {pos: "survey test" for pos in range(5)}
    # the export tags question_one/two/three are used by three questions each: renamed, and said
    assert [c for c in table.columns if c.startswith("question_one")] == [
        "question_one",
        "question_one (2)",
        "question_one (3)",
    ]
    assert sum(i.code == "duplicate_column" for i in table.issues) == 6
    assert table.columns[-1] == "LocationAccuracy"  # the trailing comma adds no column


def test_qualtrics_legacy_no_basis_codes_file_reads_fifteen_test_responses() -> None:
    table = read_export(str(REAL / "qualtricstools_legacy_no_basis_for_evaluation.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics_legacy", 2, list(range(3, 18)))
    assert len(table.excluded) == 15
    # -1 / -2 are the survey's "no basis for evaluation" recodes, kept as written
    assert list(table.column("Q3_1"))[:3] == ["-1", "2", "3"]
    assert _error(REAL / "qualtricstools_legacy_no_basis_for_evaluation.csv").code == "no_instrument_found"


# ----------------------------------------------------------------------------------------------- LimeSurvey


def test_limesurvey_r_data_export_is_read_and_refused_for_having_no_questionnaire() -> None:
    table = read_export(str(REAL / "limesurvey_survey_998192_R_data_file.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("limesurvey", 1, [2, 3, 4, 5, 6, 7, 8])
    assert table.columns[:7] == [
        "Response ID",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        "Date started",
        "Date last action",
    ]
    assert table.roles == {
        "response_id": "Response ID",
        "start_time": "Date started",
        "completion_time": "Date submitted",
    }
    assert list(table.column("Response ID")) == ["1", "4", "5", "6", "7", "8", "9"]
    # only responses 1 and 9 were submitted; the other five were left unfinished (no submit date)
    assert list(table.column("Date submitted")) == [
        dt.datetime(2021, 9, 24, 11, 39, 34),
        None,
        None,
        None,
        None,
        None,
        dt.datetime(2022, 3, 15, 9, 56, 23),
    ]
    # 71 columns in the file, the tab inside the consent heading and the quoted JSON of the upload kept whole
    assert len(table.columns) == 71
    assert table.column("Describe yourselves [Openness]")[2] == "3"
    assert table.column("Upload an image of your plant for example")[0].startswith('[{ "title":"plaatje"')
    report = validate_file(REAL / "limesurvey_survey_998192_R_data_file.csv")
    assert "no_instrument_found" in _codes(report.issues) and not report.ok


def test_limesurvey_trimmed_export_keeps_an_unheaded_column_and_is_refused() -> None:
    table = read_export(str(REAL / "limesurvey_survey_100001_R_data_file_trimmed.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("limesurvey", 1, [2, 3, 4])
    # column J has an empty heading in the export; " [Other]" loses its leading space
    assert table.columns[7:11] == ["Where do you live?", "How old are you?", "column_J", "[Other]"]
    assert list(table.column("column_J")) == ["unknw", None, "male"]
    assert list(table.column("Date submitted"))[1] is None  # response 2: started, never submitted
    # four numeric answers (codes 2-4) fit no built-in questionnaire: refused, not guessed
    assert _error(REAL / "limesurvey_survey_100001_R_data_file_trimmed.csv").code == "no_instrument_found"


# ------------------------------------------------------------------------------------------- Microsoft Forms


def test_msforms_anonymous_reads_the_forms_layout() -> None:
    table = read_export(str(REAL / "msforms_anonymous_wemwbs.xlsx"))
    assert (table.layout, table.header_rows, table.rows) == ("microsoft_forms", 1, [2, 3, 4, 5, 6])
    assert table.roles["response_id"] == "ID" and table.roles["email"] == "Email"
    assert list(table.column("Email")) == ["anonymous"] * 5


def test_msforms_anonymous_has_no_id_and_every_row_is_scored() -> None:
    run = score_file(REAL / "msforms_anonymous_wemwbs.xlsx")
    assert run.id_column is None and run.duplicates == {}
    assert run.counts == {"read": 5, "scored": 5, "partly scored": 0, "excluded": 0}
    # WEMWBS total = sum of 14 codes (None of the time 1 ... All of the time 5)
    # row 2: eight 3s + six 4s = 24 + 24 = 48;  row 3: seven 5s + seven 4s = 35 + 28 = 63
    # row 4: seven 1s + seven 2s = 7 + 14 = 21;  row 5: 2+3+4+5+1 + 2+3+4+5+1 + 2+3+4+5 = 15 + 15 + 14 = 44
    # row 6: fourteen 4s = 56
    assert _scores(run, "wemwbs.total") == [48.0, 63.0, 21.0, 44.0, 56.0]


def test_msforms_serial_and_text_completion_times_keep_the_latest_answer() -> None:
    table = read_export(str(REAL / "msforms_mixed_serial_and_text_dates.xlsx"))
    # serials 46307.58333 = 12 Oct 2026 14:00 and 46300.5 = 5 Oct 2026 12:00 (days since 30 Dec 1899);
    # the text dates are day first (20/10 has a day over 12)
    assert list(table.column("Completion time")) == [
        dt.datetime(2026, 10, 20, 9, 0),
        dt.datetime(2026, 10, 12, 14, 0),
        dt.datetime(2026, 10, 5, 12, 0),
        dt.datetime(2026, 10, 6, 11, 30),
    ]
    run = score_file(REAL / "msforms_mixed_serial_and_text_dates.xlsx")
    assert run.id_column is not None and run.id_column.column == "Email"
    # a: 20 Oct (row 2) is later than 5 Oct (row 4); b: 12 Oct (row 3) is later than 6 Oct (row 5)
    assert run.duplicates == {2: 0, 3: 1}
    # SWEMWBS raw: row 2 seven 4s = 28; row 3 5+4+5+4+5+4+5 = 20 + 12 = 32
    assert _scores(run, "swemwbs.raw") == [28.0, 32.0, None, None]


# --------------------------------------------------------------------------------------------- Google Forms


def test_google_forms_swemwbs_twice_reads_both_grids_and_the_timestamps() -> None:
    table = read_export(str(REAL / "google_forms_swemwbs_twice.csv"))
    assert (table.layout, table.header_rows, table.rows) == ("google_forms", 1, [2, 3, 4, 5])
    assert table.roles["completion_time"] == "Timestamp" and table.roles["email"] == "Email address"
    assert len(table.columns) == 2 + 7 + 1 + 7
    # "2026/07/10 9:05:30 AM GMT+1": year first, so no day/month question; the zone is dropped
    assert list(table.column("Timestamp")) == [
        dt.datetime(2026, 7, 10, 9, 5, 30),
        dt.datetime(2026, 7, 11, 10, 5, 31),
        dt.datetime(2026, 7, 12, 11, 5, 32),
        dt.datetime(2026, 7, 13, 8, 5, 33),
    ]


def test_google_forms_swemwbs_twice_is_two_score_sets_or_an_ambiguity_error() -> None:
    path = REAL / "google_forms_swemwbs_twice.csv"
    # SWEMWBS raw = sum of 7 codes
    # retrospective grid: [2,2,3,2,3,2,2] = 16; [1,2,1,2,1,2,1] = 10; [3]*7 = 21; [5,4,3,2,1,2,3] = 20
    # current grid:       [3,3,4,3,4,3,3] = 23; [2,3,2,3,2,3,2] = 17; [4]*7 = 28; [5,5,4,4,3,3,2] = 26
    retro, current = [16.0, 10.0, 21.0, 20.0], [23.0, 17.0, 28.0, 26.0]
    try:
        run = score_file(path)
    except Exception as exc:  # the other acceptable answer: an error naming both column runs
        issue = exc.issue  # type: ignore[attr-defined]
        assert issue.code == "ambiguous_instrument"
        assert "Thinking back to September" in issue.message and "Over the last two weeks" in issue.message
        return
    raw = sorted(m for m in run.scales if m.endswith(".raw"))
    assert len(raw) == 2, raw
    assert sorted(_scores(run, m) for m in raw) == sorted([retro, current])
    # raw 20 -> metric 18.59 (SPEC §4, the published table)
    assert 18.59 in [v for m in run.scales if m.endswith(".metric") for v in _scores(run, m)]


# --------------------------------------------------------------------------------------------- SurveyMonkey


def test_surveymonkey_reads_two_heading_rows_and_the_pupil_id_question() -> None:
    table = read_export(str(REAL / "surveymonkey_us_dates.csv"))
    assert (table.layout, table.header_rows, table.rows, table.excluded) == (
        "surveymonkey",
        2,
        [3, 4, 5, 6],
        {},
    )
    assert table.roles["response_id"] == "Respondent ID" and table.roles["completion_time"] == "End Date"
    assert list(table.column("What is your pupil ID?")) == ["P001", "P002", "P001", "P003"]


def test_surveymonkey_us_dates_are_month_first_and_the_latest_answer_is_kept() -> None:
    table = read_export(str(REAL / "surveymonkey_us_dates.csv"))
    # SurveyMonkey writes MM/DD/YYYY: 03/10/2026 is 10 March, 10/03/2026 is 3 October
    assert list(table.column("End Date")) == [
        dt.datetime(2026, 3, 10, 9, 21, 40),
        dt.datetime(2026, 11, 5, 10, 9, 57),
        dt.datetime(2026, 10, 3, 13, 36, 12),
        dt.datetime(2026, 12, 1, 8, 52, 30),
    ]
    assert any("month first" in i.message for i in table.issues)  # every day <= 12: the order is said
    run = score_file(REAL / "surveymonkey_us_dates.csv")
    assert run.id_column is not None and run.id_column.column == "What is your pupil ID?"
    assert run.duplicates == {0: 2}  # P001's 10 March answer gives way to the 3 October one
    # BRS, items 2, 4, 6 reversed (6 - code), mean of six:
    # row 4 P002 [5,1,5,1,5,1] -> all 5 = 5.0; row 5 P001 [4,2,4,2,4,2] -> all 4 = 4.0; row 6 P003 [3]*6 = 3.0
    assert _scores(run, "brs.score") == [None, 5.0, 4.0, 3.0]


# ------------------------------------------------------------------------------------------ metadata block


def test_eusurvey_metadata_block_is_skipped_and_the_heading_row_found() -> None:
    table = read_export(str(REAL / "eusurvey_metadata_block.xlsx"))
    assert table.columns[:6] == [
        "Contribution ID",
        "User name",
        "Creation date",
        "Last update date",
        "Languages",
        "Pupil ID",
    ]
    assert (table.header_rows, table.rows) == (1, [5, 6, 7])  # headings on Excel row 4
    skipped = [i for i in table.issues if i.code == "title_rows_skipped"]
    assert [i.row for i in skipped] == [1, 2] and "Alias" in skipped[0].message
    run = score_file(REAL / "eusurvey_metadata_block.xlsx")
    assert run.id_column is not None and run.id_column.column == "Pupil ID"
    # SWEMWBS raw: 1+2+3+4+5+4+3 = 22; 5*7 = 35; 2*7 = 14; metric of 35 is 35.00 (SPEC §4)
    assert _scores(run, "swemwbs.raw") == [22.0, 35.0, 14.0]
    assert _scores(run, "swemwbs.metric")[1] == 35.0


# ---------------------------------------------------------------------------------------------- SDQ codes


def test_sdq_coded_1_to_3_is_an_error_naming_the_range() -> None:
    # every answer is 1, 2 or 3 (built as (item + row) % 3 + 1): a platform's numeric codes, not SDQ's 0-2
    issue = _error(REAL / "sdq_coded_1_to_3.csv")
    assert re.search(r"1\s*(–|-|to)\s*3", issue.message), issue.message


def test_sdq_names_on_a_1_to_6_scale_are_an_error_naming_the_range(tmp_path: Path) -> None:
    issue = _error(REAL / "sdq_scale_1_to_6.csv")
    assert re.search(r"1\s*(–|-|to)\s*6", issue.message), issue.message
    result = runner.invoke(
        app, ["score", str(REAL / "sdq_scale_1_to_6.csv"), "-o", str(tmp_path / "out.csv")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output


# -------------------------------------------------------------------------------------------- belonging_*


def test_belonging_columns_are_never_scored_as_brs() -> None:
    # belonging is built in (issue 16): the columns are taken by their names, never by their labels
    run = score_file(REAL / "belonging_named_columns.csv")
    assert [(u.instrument.name, u.how) for u in run.uses] == [("belonging", "column names")]
    # belonging.mean (PISA ST034, codes 1-4, higher = more belonging; items 1, 4, 6 are negative):
    # row 2: negatives "Strongly disagree" -> 4, positives "Strongly agree" -> 4: mean 4.0
    # row 3: all "Agree": positives 3, negatives 2: (3*3 + 2*3) / 6 = 2.5
    # row 4: negatives "Agree" -> 2, positives "Disagree" -> 2: mean 2.0
    assert _scores(run, "belonging.mean") == [4.0, 2.5, 2.0]


# ---------------------------------------------------------------------------------------- compare, by CLI


def test_group_column_with_comparison_pupils_is_not_pooled_silently(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(REAL / "group_column_pre.csv"),
            "--post",
            str(REAL / "group_column_post.csv"),
            "-o",
            str(tmp_path / "out.xlsx"),
            "--no-color",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    assert (
        "Group" in result.output and "Comparison" in result.output and "--comparison-column" in result.output
    )


def test_compare_with_a_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "compare",
            "--pre",
            str(tmp_path / "autumn.csv"),
            "--post",
            str(REAL / "group_column_post.csv"),
            "-o",
            str(tmp_path / "out.xlsx"),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "autumn.csv" in result.output and "Traceback" not in result.output


def test_google_forms_swemwbs_twice_side_by_side_is_still_two_score_sets(tmp_path: Path) -> None:
    # the same export without the free-text column between the grids: 14 adjacent columns answered with
    # SWEMWBS labels are not one WEMWBS (SPEC §3), because their headings name two questions
    lines = (REAL / "google_forms_swemwbs_twice.csv").read_text(encoding="utf-8").splitlines()
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    gap = rows[0].index(next(h for h in rows[0] if h.startswith("Anything else")))
    path = tmp_path / "side_by_side.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([r[:gap] + r[gap + 1 :] for r in rows])
    run = score_file(path)
    assert "wemwbs.total" not in run.scales
    # the same hand sums as above: retrospective 16, 10, 21, 20; current 23, 17, 28, 26
    assert _scores(run, "swemwbs.raw") == [16.0, 10.0, 21.0, 20.0]
    assert _scores(run, "swemwbs#2.raw") == [23.0, 17.0, 28.0, 26.0]
    assert "instrument_asked_twice" in _codes(run.issues)


def test_compare_refuses_an_anonymous_forms_export_with_the_reason(tmp_path: Path) -> None:
    other = tmp_path / "summer.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(REAL / "msforms_anonymous_wemwbs.xlsx")
    wb.active["A2"].value = 99  # another response number: not the same file
    wb.save(other)
    result = runner.invoke(
        app, ["compare", "--pre", str(REAL / "msforms_anonymous_wemwbs.xlsx"), "--post", str(other)]
    )
    out = " ".join(result.output.split())
    assert result.exit_code == 1, out
    assert "no pupil id" in out and "anonymous" in out and "Traceback" not in out


# -------------------------------------------------------------------------------------------------- REDCap


def test_redcap_survey_project_reads_one_heading_row_and_is_refused() -> None:
    path = REAL / "redcap_survey_project.csv"
    table = read_export(str(path))
    # a REDCap API export: one heading row of field names, one row per record, no platform rows
    assert (table.layout, table.header_rows, table.rows, table.excluded) == ("plain", 1, [2, 3], {})
    assert len(table.columns) == 33 and table.columns[:3] == [
        "participant_id",
        "redcap_survey_identifier",
        "prescreening_survey_timestamp",
    ]
    assert list(table.column("participant_id")) == ["1", "2"]
    assert list(table.column("email")) == ["aaa@bbb.com", "ccc@ddd.com"]  # the package's placeholders
    # REDCap's own marker for a survey never submitted, kept as written, on record 1 only
    assert list(table.column("participant_morale_questionnaire_timestamp")) == ["[not completed]", None]
    # pmq1..pmq4 are empty on both records: nothing to score, said plainly
    assert list(table.column("pmq1")) == [None, None]
    assert _error(path).code == "no_instrument_found"
    report = validate_file(path)
    assert "no_instrument_found" in _codes(report.issues) and not report.ok


def test_redcap_repeating_instrument_rows_are_read_one_per_line_and_refused(tmp_path: Path) -> None:
    path = REAL / "redcap_repeating_instruments_sparse.csv"
    table = read_export(str(path))
    # REDCap writes a repeating instrument as extra rows of the same record_id: 9 data rows, 5 records
    assert (table.layout, table.header_rows, table.rows, table.excluded) == (
        "plain",
        1,
        [2, 3, 4, 5, 6, 7, 8, 9, 10],
        {},
    )
    assert list(table.column("record_id")) == ["1", "1", "1", "1", "2", "2", "3", "4", "5"]
    assert list(table.column("redcap_repeat_instrument")) == [
        None,
        "bp",
        "bp",
        "bp",
        None,
        "bp",
        None,
        None,
        None,
    ]
    assert list(table.column("bp_systolic"))[1:4] == ["110", "111", "112"]
    assert list(table.column("first_name"))[6:] == ["empty 3", "empty 4", "empty 5"]
    # blood pressure and demographics only: refused by the CLI with exit 1, no traceback
    result = runner.invoke(app, ["score", str(path), "-o", str(tmp_path / "out.csv"), "--no-color"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "No questionnaire was recognised" in result.output


# ---------------------------------------------------------------------------------- Google Forms (real)


def test_google_forms_real_download_reads_us_timestamps_and_is_refused() -> None:
    path = REAL / "google_forms_ask_a_manager_salary_2021_trimmed.csv"
    table = read_export(str(path))
    assert (table.layout, table.header_rows, table.rows, table.excluded) == (
        "google_forms",
        1,
        [2, 3, 4, 5, 6, 7],
        {},
    )
    assert table.roles == {"completion_time": "Timestamp"}  # no email collected: no id column to find
    assert len(table.columns) == 18 and table.columns[1] == "How old are you?"
    # "4/27/2021 11:02:10": a US form writes month first; 27 cannot be a month, so no order is assumed
    assert list(table.column("Timestamp")) == [
        dt.datetime(2021, 4, 27, 11, 2, 10),
        dt.datetime(2021, 4, 27, 11, 2, 22),
        dt.datetime(2021, 4, 27, 11, 2, 38),
        dt.datetime(2021, 4, 27, 11, 2, 41),
        dt.datetime(2021, 4, 27, 11, 2, 42),
        dt.datetime(2021, 4, 27, 11, 2, 46),
    ]
    assert "date_order_assumed" not in _codes(table.issues)
    # a quoted comma inside an answer stays one cell
    assert list(table.column("Industry"))[2] == "Accounting, Banking & Finance"
    assert list(table.column("Annual salary"))[:2] == ["55,000", "54,600"]
    assert _error(path).code == "no_instrument_found"


# ---------------------------------------------------------------------------------- SurveyMonkey (real)

# FiveThirtyEight's SurveyMonkey polls as published: SurveyMonkey's two heading rows (question text; then
# "Response" / "Open-Ended Response" or the choice / matrix-row label under each column), the legacy spelling
# "RespondentID" (religion: no respondent column at all), and none of the Collector ID / date / IP columns.
SM_538 = {
    # file: (first cell of the first response, its respondent number or None)
    "surveymonkey_538_star_wars_trimmed.csv": ("3292879998", "3292879998"),
    "surveymonkey_538_steak_risk_trimmed.csv": ("3237565956", "3237565956"),
    "surveymonkey_538_religion_trimmed.csv": ("None of these", None),
}


@pytest.mark.parametrize("name", sorted(SM_538))
def test_surveymonkey_538_polls_are_refused_plainly(name: str, tmp_path: Path) -> None:
    path = REAL / name
    # no wellbeing questionnaire in a film, steak or religion poll: refused, exit 1, no traceback
    assert _error(path).code == "no_instrument_found"
    result = runner.invoke(app, ["score", str(path), "-o", str(tmp_path / "out.csv"), "--no-color"])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_surveymonkey_538_star_wars_is_read_as_windows_1252() -> None:
    table = read_export(str(REAL / "surveymonkey_538_star_wars_trimmed.csv"))
    # bytes 8C E6 after "Expanded Universe?" are not UTF-8: read as Windows-1252 and said
    assert "encoding_fallback" in _codes(table.issues)
    assert any(
        c.startswith("Do you consider yourself to be a fan of the Expanded Universe?") for c in table.columns
    )
    assert len(table.columns) == 38


@pytest.mark.parametrize("name", sorted(SM_538))
def test_surveymonkey_538_second_heading_row_is_not_a_response(name: str) -> None:
    first_cell, respondent = SM_538[name]
    table = read_export(str(REAL / name))
    # headings on Excel rows 1-2; the five responses on rows 3-7; no platform rows
    assert (table.layout, table.header_rows, table.rows, table.excluded) == (
        "surveymonkey",
        2,
        [3, 4, 5, 6, 7],
        {},
    )
    assert table.column(table.columns[0])[0] == first_cell
    assert "Response" not in [table.column(c)[0] for c in table.columns]
    if respondent is not None:  # a response number, never a pupil id
        assert table.roles.get("response_id") == "RespondentID"


def test_qualtrics_2016_better_sample_survey_has_ten_test_responses() -> None:
    path = REAL / "qualtricstools_insights_better_sample_survey.csv"
    table = read_export(str(path))
    assert (table.layout, table.header_rows, table.rows) == ("qualtrics", 3, list(range(4, 14)))
    # all ten are Qualtrics' generated test responses (Status 2): platform rows, kept and counted
    assert table.excluded == {pos: "survey test" for pos in range(10)}
    assert table.roles["response_id"] == "ResponseID"
    # two batches of generated responses, 12:49:25 (five) and 12:51:06-07 (five), on 20 July 2016
    assert table.column("StartDate")[0] == dt.datetime(2016, 7, 20, 12, 49, 25)
    assert table.column("EndDate")[9] == dt.datetime(2016, 7, 20, 12, 51, 7)
    # Q13 (a recode of -1) is answered by responses 6-9 of the second batch only (response 10 skipped the
    # later questions): kept as written
    assert list(table.column("Q13_1_-1")) == [None] * 5 + ["-1"] * 4 + [None]
    assert _error(path).code == "no_instrument_found"
