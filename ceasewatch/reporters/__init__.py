"""Output formats. Each is one module with a :class:`Reporter`; the registry names them.

Adding a format is one module and one entry here: the command line offers it for each
command whose method the class implements (:func:`formats`).
"""

from __future__ import annotations

import io

from .. import stepsummary
from ..results import CheckReport, DiffReport, ValidationReport
from .base import COMMANDS, Reporter
from .csv import CsvReporter
from .geojson import GeojsonReporter
from .github import GithubReporter
from .json import JsonReporter
from .markdown import MarkdownReporter
from .sarif import SarifReporter
from .svg import SvgReporter
from .table import TableReporter
from .text import TextReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "table": TableReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "markdown": MarkdownReporter,
    "csv": CsvReporter,
    "geojson": GeojsonReporter,
    "svg": SvgReporter,
}


def formats(command: str) -> list[str]:
    """The formats that write ``command`` (a method name of :class:`Reporter`)."""
    assert command in COMMANDS, command
    return [name for name, cls in REPORTER_BY_NAME.items() if cls.supports(command)]


def step_summary(command: str, report: CheckReport | DiffReport, prefix: str) -> bool:
    """Append the Markdown form of ``report`` to GitHub's step summary, when the run has one
    (``$GITHUB_STEP_SUMMARY``); nothing is rendered otherwise. Returns whether it wrote."""
    if not stepsummary.target():
        return False
    buffer = io.StringIO()
    reporter = MarkdownReporter(stream=buffer, err=buffer, prefix=prefix)
    getattr(reporter, command)(report)
    return stepsummary.append(buffer.getvalue())


__all__ = [
    "REPORTER_BY_NAME",
    "CheckReport",
    "CsvReporter",
    "GeojsonReporter",
    "GithubReporter",
    "JsonReporter",
    "MarkdownReporter",
    "Reporter",
    "SarifReporter",
    "SvgReporter",
    "TableReporter",
    "TextReporter",
    "ValidationReport",
    "formats",
    "step_summary",
]
