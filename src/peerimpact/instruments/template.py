"""A blank data-entry workbook for an instrument (``peerimpact template``).

Headings are the canonical column names (``swemwbs_1`` …), so ``peerimpact score`` recognises the file
without options; every answer cell has an Excel drop-down (data validation) listing the response labels,
and an Instructions sheet explains what to type.  Item wording is not included: most scales' licences
do not allow us to ship it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from peerimpact.instruments.model import Instrument
from peerimpact.util.files import write_atomic

__all__ = ["write_entry_template"]

ID_HEADINGS = ("UPN", "Year group")


def write_entry_template(ins: Instrument, path: str | Path, *, rows: int = 500) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.creator = "peerimpact"
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    ws = wb.active
    assert ws is not None
    ws.title = "Responses"
    headings = [*ID_HEADINGS, *(f"{ins.name}_{i}" for i in range(1, ins.n_items + 1))]
    ws.append(headings)
    for j, _ in enumerate(headings, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = 16 if j > 2 else 18
    ws.freeze_panes = "C2"
    labels = ",".join(label for label, _ in ins.options)
    first = get_column_letter(len(ID_HEADINGS) + 1)
    last = get_column_letter(len(headings))
    dv = DataValidation(
        type="list",
        formula1=f'"{labels}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not one of the answers",
        error=f"Choose one of: {labels.replace(',', ', ')}",
        promptTitle=ins.name,
        prompt="Choose the pupil's answer from the list",
    )
    dv.add(f"{first}2:{last}{rows + 1}")
    ws.add_data_validation(dv)

    info = wb.create_sheet("Instructions")
    lines = [
        f"{ins.title} — data entry",
        "",
        "One row per pupil. Type the UPN (13 characters) in column A; the year group in column B is optional.",
        f"Columns {ins.name}_1 … {ins.name}_{ins.n_items} are the questionnaire items in the order printed "
        "on the questionnaire.",
        "Pick each answer from the drop-down list; leave a cell empty if the pupil did not answer.",
        f"Answers: {', '.join(f'{label} ({code})' for label, code in ins.options)}.",
        (
            f"Items {', '.join(map(str, ins.reverse))} are reverse-keyed: type the answer the pupil gave; "
            "peerimpact reverses them when scoring."
            if ins.reverse
            else "Type each answer exactly as the pupil gave it."
        ),
        "",
        f"Then run:  peerimpact score {Path(path).name}",
        "",
        f"Licence: {ins.licence}",
    ]
    for line in lines:
        info.append([line])
    info.column_dimensions["A"].width = 110
    write_atomic(path, lambda tmp: wb.save(tmp))
