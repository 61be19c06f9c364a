"""peerimpact: evidence for school peer-support programmes.

Read survey and MIS exports, validate them, score validated wellbeing scales and run honest pre/post
statistics.  In a notebook: ``run = peerimpact.compare("autumn.xlsx", "summer.xlsx")`` then
``run.to_frame()`` / ``run.to_dict()``; ``peerimpact.score("survey.xlsx")`` for one file.  Importing the package is cheap: the pipeline functions are loaded on first use, so
``import peerimpact`` (and ``peerimpact --help``) never pulls in pandas, scipy or statsmodels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peerimpact._version import __version__

__all__ = ["__version__", "compare", "compare_files", "score", "score_file", "validate_file"]

if TYPE_CHECKING:  # pragma: no cover
    from peerimpact.pipeline import compare_files, score_file, validate_file

    compare = compare_files
    score = score_file


def __getattr__(name: str) -> Any:
    aliases = {"compare": "compare_files", "score": "score_file"}
    if name in {"score_file", "validate_file", "compare_files", *aliases}:
        from peerimpact import pipeline

        return getattr(pipeline, aliases.get(name, name))
    raise AttributeError(f"module 'peerimpact' has no attribute {name!r}")
