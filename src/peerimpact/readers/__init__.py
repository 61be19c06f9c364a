"""Readers for real survey and MIS exports: one entry point, :func:`read_export`.

``read_export(path, sheet=None)`` sniffs the file kind from its bytes (:mod:`.sniff`), reads the sheet or text
into a raw grid (:mod:`.grid`, python-calamine used directly; :mod:`.text_grid`, the csv module or Arrow),
recognises the platform layout (:mod:`.detect`: Microsoft/Google Forms in :mod:`.forms`, :mod:`.qualtrics`,
:mod:`.surveymonkey`, :mod:`.limesurvey`, :mod:`.plain`) and returns a :class:`SourceTable`.  Imports no pandas.
"""

from __future__ import annotations

from peerimpact.readers.base import SourceTable

__all__ = ["SourceTable", "read_export"]


def read_export(path: str, *, sheet: str | None = None) -> SourceTable:
    """Read one survey export into a :class:`SourceTable`; see :func:`peerimpact.readers.detect.read_export`.

    Raises :class:`~peerimpact.issues.PeerimpactError` (never another exception) when the file cannot be read.
    """
    from peerimpact.readers.detect import read_export as _read

    return _read(path, sheet=sheet)
