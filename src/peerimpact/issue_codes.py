"""The catalogue of issue codes: each code's severity, title and what to do, declared once.

The shape follows frictionless-py's ``errors/`` modules, so codes can be filtered, counted, documented (the
README's table is checked against it) and tested.  Standard library only; :mod:`peerimpact.issues` builds
the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CODES", "Code", "Severity"]


class Severity(StrEnum):
    """How bad an issue is: errors stop a file or a row, warnings are worth a look, info is a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the issue catalogue: what the code means and what the user should do."""

    code: str
    severity: Severity
    title: str
    advice: str


def _c(code: str, severity: str, title: str, advice: str) -> tuple[str, Code]:
    return code, Code(code, Severity(severity), title, advice)


CODES: dict[str, Code] = dict(
    [
        # files and reading
        _c("file_not_found", "error", "File not found", "Check the path and the file name."),
        _c(
            "file_empty",
            "error",
            "The file is empty",
            "Export the survey again and check it has answers in it.",
        ),
        _c(
            "not_a_spreadsheet",
            "error",
            "Not a spreadsheet or CSV file",
            "Give an .xlsx, .xls, .ods or .csv export from the survey platform.",
        ),
        _c(
            "file_unreadable",
            "error",
            "The file could not be read",
            "It may be damaged, truncated or password-protected: open it in Excel, save a copy as .xlsx "
            "(without a password) and try again.",
        ),
        _c(
            "file_password_protected",
            "error",
            "The file is password-protected",
            "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
            "then clear it) and save a copy; peerimpact never asks for passwords.",
        ),
        _c(
            "file_too_large",
            "error",
            "The file is too large or would expand too far when unpacked",
            "Check it is a genuine export; split it if it really is this big.",
        ),
        _c(
            "no_data_rows",
            "error",
            "The sheet has headers but no answers",
            "Check you exported the responses.",
        ),
        _c(
            "encoding_fallback",
            "warning",
            "Text was not UTF-8 and was read as Windows-1252",
            "Accented letters may be wrong; in Excel save as 'CSV UTF-8'.",
        ),
        _c("duplicate_column", "warning", "Two columns have the same heading", "Rename one of them."),
        _c(
            "platform_row_excluded",
            "info",
            "A survey preview, test or spam response was left out",
            "Nothing to do: the platform marked it as not a real response.",
        ),
        _c("layout_detected", "info", "Export layout recognised", "Nothing to do."),
        _c(
            "sheet_not_found",
            "error",
            "The workbook has no sheet of that name",
            "Use one of the sheet names listed in the message (check spelling and spaces).",
        ),
        _c(
            "sheet_chosen",
            "info",
            "The workbook has several sheets; one was read",
            "If it is the wrong one, name the sheet you want or move it to the front of the workbook.",
        ),
        _c(
            "empty_rows_skipped",
            "info",
            "Empty rows between the answers were skipped",
            "Nothing to do; check no answers were lost when the file was edited.",
        ),
        _c(
            "title_rows_skipped",
            "info",
            "A title above the column headings was not read",
            "Nothing to do; if the headings are not on the row after the title, delete the rows above them.",
        ),
        # pupil ids
        _c(
            "no_id_column",
            "error",
            "No pupil id column",
            "Add a column of UPNs, pupil numbers or emails, or name it with --id-column.",
        ),
        _c("id_column_not_found", "error", "The --id-column was not found", "Check the column heading."),
        _c(
            "missing_id",
            "error",
            "A response has no pupil id",
            "Fill in the id, or the row cannot be matched.",
        ),
        _c(
            "invalid_upn",
            "warning",
            "The UPN's check letter is wrong",
            "Check the UPN against the MIS; it may have been mistyped.",
        ),
        _c(
            "duplicate_submission",
            "warning",
            "The same pupil answered more than once",
            "The latest complete response was kept; delete the others if that is wrong.",
        ),
        # instruments
        _c(
            "unknown_instrument",
            "error",
            "Unknown instrument",
            "Run 'peerimpact instruments' for the list, or give your own with --instrument-file.",
        ),
        _c(
            "no_instrument_found",
            "error",
            "No questionnaire was recognised",
            "Name it with --instrument (see 'peerimpact instruments'), or rename the item columns "
            "e.g. wemwbs_1 .. wemwbs_14.",
        ),
        _c(
            "instrument_not_in_file",
            "error",
            "The questionnaire named with --instrument is not in this file",
            "Check the file holds that questionnaire, or leave out --instrument so peerimpact detects it.",
        ),
        _c(
            "unexpected_item_column",
            "warning",
            "A column is named like a questionnaire item but is not one of its items",
            "Check the column heading; the column was left out of the scores.",
        ),
        _c(
            "ambiguous_instrument",
            "error",
            "More than one questionnaire fits these columns",
            "Name the one you used with --instrument.",
        ),
        _c(
            "answers_not_recognised",
            "error",
            "None of the answers are this questionnaire's options",
            "Check the columns hold this questionnaire, or name the right one with --instrument.",
        ),
        _c(
            "instrument_columns",
            "info",
            "Columns taken for a questionnaire",
            "Check these are the right columns.",
        ),
        _c(
            "missing_item_column",
            "error",
            "A questionnaire item has no column",
            "Check the export has every question of the questionnaire.",
        ),
        _c(
            "instrument_file_invalid",
            "error",
            "The instrument file is not valid",
            "Fix the key named in the message; see the README section on custom instruments.",
        ),
        # answers and scoring
        _c(
            "unknown_answer_label",
            "warning",
            "An answer is not one of the questionnaire's options",
            "Correct the answer in a copy of the file, or leave it: it is counted as missing.",
        ),
        _c(
            "out_of_range_code",
            "warning",
            "A numeric answer is outside the questionnaire's range",
            "Correct the answer in a copy of the file, or leave it: it is counted as missing.",
        ),
        _c(
            "too_many_missing",
            "warning",
            "Too many unanswered items to score a scale",
            "Nothing to do; the scale is left blank for this pupil.",
        ),
        _c(
            "prorated",
            "info",
            "A scale was prorated for missing items",
            "Nothing to do; the rule is the publisher's.",
        ),
        _c(
            "no_answers",
            "warning",
            "A response has no answers to any questionnaire item",
            "Nothing to do; the row is excluded.",
        ),
        _c(
            "unfinished_response",
            "warning",
            "The platform marked this response as unfinished",
            "It was scored where enough items were answered.",
        ),
        _c(
            "straight_lining",
            "info",
            "Every item has the same answer",
            "Worth a look: the pupil may not have read the questions.",
        ),
        # comparing two waves
        _c(
            "no_pupils_matched",
            "error",
            "No pupil is in both files",
            "Check both files identify pupils the same way (UPN, email, …) or name the columns with --id-column.",
        ),
        _c(
            "different_instruments",
            "error",
            "The two files hold different questionnaires",
            "Compare two waves of the same questionnaire, or name it in both with --instrument.",
        ),
        _c(
            "not_in_mis",
            "warning",
            "A pupil in the surveys is not in the attendance export",
            "Check the pupil's UPN in both files; their attendance is left out.",
        ),
        _c(
            "unpaired_inputs",
            "error",
            "The --pre and --post files do not pair up",
            "Give the same number of --pre and --post files, of the same kinds, in the same order.",
        ),
        _c(
            "periods_needed",
            "error",
            "Two periods are needed",
            "Give --pre-period and --post-period, e.g. 2026-09-01..2026-12-18.",
        ),
        _c(
            "same_file",
            "error",
            "The first and second files are the same",
            "Give the survey from before the programme with --pre and the one from after with --post.",
        ),
        _c(
            "waves_out_of_order",
            "warning",
            "The --pre responses were completed after the --post ones",
            "Check the files are not swapped: --pre is the earlier survey.",
        ),
        _c("unknown_measure", "error", "Unknown measure", "Use one of the measures the message lists."),
        _c(
            "group_column_not_found",
            "error",
            "The group column was not found",
            "Check the column heading in the pre file (or the post file).",
        ),
        _c(
            "comparison_levels",
            "error",
            "The comparison column needs two values, one naming the comparison group",
            "Use values such as 'Participant' and 'Comparison' in that column.",
        ),
        # attendance and behaviour (MIS exports)
        _c(
            "mis_column_missing",
            "error",
            "A column the MIS export needs is missing",
            "Name it with --map COLUMN=FIELD.",
        ),
        _c(
            "mis_mapping_invalid",
            "error",
            "--map names a column or field that does not exist",
            "Check the heading and the field name in the message.",
        ),
        _c(
            "mis_value_invalid",
            "warning",
            "A cell is not a number or date where one is needed",
            "Correct it in a copy of the export; the row is left out.",
        ),
        _c(
            "mis_value_missing",
            "warning",
            "A needed cell is blank",
            "Fill it in a copy of the export; the row is left out.",
        ),
        _c(
            "duplicate_mis_row",
            "warning",
            "The same pupil (or session) appears twice in an MIS export",
            "The first row was used; remove the other if that is wrong.",
        ),
        _c(
            "possible_sessions_zero",
            "warning",
            "A pupil has no possible sessions",
            "Nothing to do: no attendance rate exists for this pupil; the row is left out.",
        ),
        _c(
            "negative_count",
            "warning",
            "A session count is negative",
            "Correct it in a copy of the export; the row is left out.",
        ),
        _c(
            "attended_over_possible",
            "warning",
            "Present + AEA is more than the possible sessions",
            "Check the columns were exported for the same period; the row is left out.",
        ),
        _c(
            "attendance_mismatch",
            "warning",
            "The export's own attendance figures disagree with the counts",
            "Check which sessions the export counts; the rate derived from the counts is used.",
        ),
        _c(
            "short_enrolment",
            "info",
            "Fewer possible sessions than the minimum for an attendance rate",
            "Nothing to do: short enrolments give extreme rates, so the pupil is left out of rates.",
        ),
        _c(
            "aea_missing",
            "info",
            "No approved educational activity (AEA) column: AEA counted as 0",
            "If the MIS records AEA, export that column too or name it with --map.",
        ),
        _c(
            "attendance_code_unknown",
            "warning",
            "A register mark is not a DfE attendance code",
            "It is counted as no mark; correct it in the MIS.",
        ),
        _c(
            "attendance_code_legacy",
            "warning",
            "A register mark uses a code from the other DfE code table than the one in force that day",
            "It is counted by that table's meaning; use the code in force.",
        ),
        _c(
            "no_mark_recorded",
            "info",
            "Sessions with no mark recorded",
            "They are not possible sessions; complete the register in the MIS.",
        ),
        _c(
            "outside_periods",
            "info",
            "Rows dated outside the periods were not counted",
            "Nothing to do, unless the period dates are wrong.",
        ),
        _c(
            "free_text_dropped",
            "info",
            "Free-text columns were dropped and not stored",
            "Nothing to do: comments are personal data and no measure needs them.",
        ),
        _c(
            "behaviour_polarity_unknown",
            "warning",
            "A behaviour event is neither positive nor negative",
            "Fill its polarity or points, or name its type as negative; it is not counted.",
        ),
        _c(
            "behaviour_polarity_assumed",
            "info",
            "Behaviour events counted as negative: the export has no polarity or points column",
            "If it also holds positive events, export the polarity or points column.",
        ),
        # programme.toml and the termly report
        _c(
            "programme_file_invalid",
            "error",
            "programme.toml is not valid",
            "Fix the key named in the message; 'peerimpact init' writes a commented example to copy from.",
        ),
        _c(
            "programme_file_missing",
            "error",
            "A file named in programme.toml does not exist",
            "Check the path and the file name; paths are relative to the folder that holds programme.toml.",
        ),
        _c(
            "programme_file_wrong_format",
            "error",
            "A file named in programme.toml is not the kind of file expected there",
            "Check the key names the right export (survey, attendance, behaviour log, activity log).",
        ),
        _c(
            "unknown_term",
            "error",
            "No term of that name in programme.toml",
            "Use one of the terms listed in the message (its key or its name).",
        ),
        _c(
            "term_dates_overlap",
            "error",
            "Two terms' dates overlap",
            "Correct the start and end dates so that each term ends before the next one starts.",
        ),
        _c(
            "term_without_data",
            "error",
            "The term has no data files",
            "Add the term's surveys, attendance, behaviour or activity log to programme.toml.",
        ),
        # outputs
        _c(
            "output_is_input",
            "error",
            "The output would overwrite an input file",
            "Choose another output name with -o.",
        ),
        _c(
            "output_unwritable",
            "error",
            "The output could not be written",
            "Close the file in Excel and try again.",
        ),
    ]
)
