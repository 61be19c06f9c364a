"""What every reader returns: the table, what was found, and where each row came from.

A :class:`SourceTable` holds the cells column by column (``data[j][pos]``), the Excel row number of each data
row (``rows[pos]``), the layout that was recognised, the platform rows that must not be scored (previews,
tests, spam: kept, so every input row is accounted for), the roles of platform metadata columns, and the
Issues raised while reading.  Modelled on sqlite-utils' ``rows_from_file``, which returns the format it used
alongside the rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from peerimpact.issues import Issue

if TYPE_CHECKING:
    import numpy as np

__all__ = ["LAYOUT_NAMES", "ROLES", "CodedColumn", "SourceTable", "column_letter", "describe_layout"]

#: layout token -> how the terminal names it
LAYOUT_NAMES: dict[str, str] = {
    "microsoft_forms": "Microsoft Forms export",
    "google_forms": "Google Forms export",
    "qualtrics": "Qualtrics export (3 header rows)",
    "qualtrics_legacy": "Qualtrics legacy export (2 header rows)",
    "surveymonkey": "SurveyMonkey export (2 header rows)",
    "limesurvey": "LimeSurvey export (one header row)",
    "plain": "plain table (one header row)",
}

_HEADER_ROWS = re.compile(r"\((?:one|\d+) header rows?\)")


def describe_layout(layout: str, header_rows: int) -> str:
    """How the terminal names a layout, with the header rows actually read.

    A Qualtrics file whose ImportId row was deleted has 2 header rows, not the usual 3; the name says so.
    """
    name = LAYOUT_NAMES.get(layout, layout)
    rows = "one header row" if header_rows == 1 else f"{header_rows} header rows"
    return _HEADER_ROWS.sub(f"({rows})", name)


def column_letter(j: int) -> str:
    """Excel's letter for 0-based column ``j``: 0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


#: metadata roles a reader may fill in ``SourceTable.roles`` (role -> column heading)
ROLES = (
    "response_id",  # platform response number: never a pupil id (Forms ID, Qualtrics ResponseId, ...)
    "start_time",
    "completion_time",  # Forms Completion time, Google Timestamp, Qualtrics EndDate, SurveyMonkey End Date
    "email",
    "name",  # never used as an id; dropped from outputs
    "finished",  # Qualtrics Finished (1/0, True/False)
    "progress",  # Qualtrics Progress (0-100)
    "status",  # Qualtrics Status
)


class CodedColumn(Sequence[Any]):
    """A column of few distinct cells kept as ``values[codes[pos]]``: reads as a list, costs a byte or four a cell.

    Large text exports are read this way (:mod:`peerimpact.readers._arrow_text`), so answer columns are
    converted to codes, counted and compared per distinct value, in numpy, instead of cell by cell
    (pandas' ``Categorical`` is the model).  Anything else sees an ordinary read-only sequence; iterating it
    builds (once) the list of cells, each distinct value shared.
    """

    __slots__ = ("_cells", "codes", "values")

    def __init__(self, values: list[Any], codes: np.ndarray) -> None:
        self.values = values
        self.codes = codes
        self._cells: list[Any] | None = None

    def cells(self) -> list[Any]:
        """The cells as a plain list (built on first use, then kept)."""
        if self._cells is None:
            self._cells = list(map(self.values.__getitem__, self.codes.tolist()))
        return self._cells

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return (
                self.cells()[index]
                if self._cells is not None
                else [self.values[c] for c in self.codes[index]]
            )
        return self.values[self.codes[index]]

    def __iter__(self) -> Iterator[Any]:
        if self._cells is not None:
            return iter(self._cells)
        return self._lazy()  # a reader that stops early (a sample of 500) builds no whole list

    def _lazy(self) -> Iterator[Any]:
        get = self.values.__getitem__
        for start in range(0, len(self.codes), 8192):
            yield from map(get, self.codes[start : start + 8192].tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CodedColumn):
            return self.cells() == other.cells()
        return isinstance(other, list) and self.cells() == other

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list

    def count(self, value: Any) -> int:
        import numpy as np

        matching = [k for k, v in enumerate(self.values) if v is value or v == value]
        return int(np.isin(self.codes, matching).sum()) if matching else 0

    def counts(self) -> dict[Any, int]:
        """How often each distinct value occurs (values that compare equal are added together)."""
        import numpy as np

        tally: dict[Any, int] = {}
        for k, n in enumerate(np.bincount(self.codes, minlength=len(self.values)).tolist()):
            if n:
                value = self.values[k]
                tally[value] = tally.get(value, 0) + n
        return tally

    def take(self, positions: Sequence[int]) -> CodedColumn:
        """The cells at ``positions``, still coded."""
        import numpy as np

        return CodedColumn(self.values, self.codes[np.asarray(positions, dtype=np.intp)])


@dataclass(slots=True)
class SourceTable:
    """One sheet of one export, read.

    ``data`` is column-major: ``data[j][pos]`` is the cell in column ``columns[j]`` of data row ``pos``.
    Cells are ``None`` when empty, else ``str`` (stripped of surrounding whitespace), ``int``, ``float``,
    ``bool`` or ``datetime``.  ``rows[pos]`` is the row number the user sees in Excel (header rows counted;
    for CSV the line's record number as a spreadsheet would show it).  ``excluded[pos]`` names the reason a
    platform row must not be scored (e.g. ``"survey preview"``); such rows stay in ``data`` so that rows
    read = scored + partly scored + excluded.
    """

    path: str
    file: str  # the name used in messages (file name only)
    sheet: str | None
    layout: str
    columns: list[str]
    data: list[list[Any] | CodedColumn]
    rows: list[int]
    questions: list[str] = field(default_factory=list)  # question text per column (Qualtrics row 2) or ""
    roles: dict[str, str] = field(default_factory=dict)
    excluded: dict[int, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    header_rows: int = 1
    encoding: str | None = None  # text files only
    delimiter: str | None = None  # text files only
    #: hash of a heading -> position, rebuilt when ``columns`` changes (``list.index`` per lookup is quadratic
    #: in width: minutes for 100,000 columns).  Hashes, not headings: a dropped column's name (a pupil's
    #: surname column) must not live on in the table.
    _where: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_rows(self) -> int:
        """Data rows read (platform header rows not counted; platform-excluded rows counted)."""
        return len(self.rows)

    @property
    def layout_name(self) -> str:
        """The layout as the terminal names it, e.g. "Qualtrics export (3 header rows)"."""
        return describe_layout(self.layout, self.header_rows)

    def column(self, name: str) -> list[Any] | CodedColumn:
        """The cells of one column, by heading (a list, or a :class:`CodedColumn`, which reads as one)."""
        j = self._where.get(hash(name))
        if j is None or j >= len(self.columns) or self.columns[j] != name:
            self._where = {}
            for k, heading in enumerate(self.columns):
                self._where.setdefault(hash(heading), k)
            j = self._where.get(hash(name))
            if j is None or self.columns[j] != name:
                j = self.columns.index(name)  # two headings sharing a hash; absent: ValueError as before
        return self.data[j]
