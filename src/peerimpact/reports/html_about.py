"""The governors' HTML report's "About the questionnaires" box: each score shown, introduced once in plain
words (SPEC §6.1 "Plain reading"), placed before the outcomes.

A view of :attr:`~peerimpact.governors.model.GovernorsReport.scales`: the sentences are the report
object's, only escaped and laid out here; nothing is worked out.
"""

from __future__ import annotations

from html import escape

from peerimpact.governors.model import GovernorsReport

__all__ = ["about_box"]


def about_box(report: GovernorsReport) -> str:
    """The box (empty when the report shows no questionnaire score, e.g. a term without a survey)."""
    if not report.scales:
        return ""
    items = "".join(f"<li><strong>{escape(s.title)}</strong>: {escape(s.text)}</li>" for s in report.scales)
    heading = "About the questionnaire" if len(report.scales) == 1 else "About the questionnaires"
    return f'<section class="about keep"><h2>{heading}</h2><ul>{items}</ul></section>'
