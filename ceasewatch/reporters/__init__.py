"""Output formats. Each is one module with a :class:`Reporter`; the registry names them.

Adding a format is one module and one entry in :data:`FORMATS`: the command line offers it
for each command listed there, which are the methods its class implements (a test checks).
A format's module is imported only when the format is used: the command line builds its
choices from the table alone.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .. import stepsummary
from .base import COMMANDS, Reporter

if TYPE_CHECKING:
    from ..results import CheckReport, DiffReport, ValidationReport
    from .csv import CsvReporter
    from .geojson import GeojsonReporter
    from .github import GithubReporter
    from .json import JsonReporter
    from .markdown import MarkdownReporter
    from .sarif import SarifReporter
    from .svg import SvgReporter
    from .table import TableReporter
    from .text import TextReporter

#: Each format's class, as ``module.Class`` in this package, and the commands it writes.
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": ("text.TextReporter", ("validation", "check", "explain", "diff", "listing")),
    "table": ("table.TableReporter", ("check",)),
    "json": (
        "json.JsonReporter",
        ("validation", "check", "explain", "diff", "listing", "export"),
    ),
    "github": ("github.GithubReporter", ("validation", "check", "diff")),
    "sarif": ("sarif.SarifReporter", ("validation", "check", "diff")),
    "markdown": ("markdown.MarkdownReporter", ("check", "diff", "report")),
    "csv": ("csv.CsvReporter", ("export",)),
    "geojson": ("geojson.GeojsonReporter", ("export",)),
    "svg": ("svg.SvgReporter", ("export",)),
}


def _load(where: str) -> Any:
    module, name = where.rsplit(".", 1)
    return getattr(importlib.import_module(f".{module}", __name__), name)


class _Registry(Mapping[str, "type[Reporter]"]):
    """The classes by format name, each imported when first looked up."""

    def __getitem__(self, name: str) -> type[Reporter]:
        cls: type[Reporter] = _load(FORMATS[name][0])
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


REPORTER_BY_NAME: Mapping[str, type[Reporter]] = _Registry()


def formats(command: str) -> list[str]:
    """The formats that write ``command`` (a method name of :class:`Reporter`)."""
    assert command in COMMANDS, command
    return [name for name, (_, commands) in FORMATS.items() if command in commands]


def step_summary(command: str, report: CheckReport | DiffReport, prefix: str) -> bool:
    """Append the Markdown form of ``report`` to GitHub's step summary, when the run has one
    (``$GITHUB_STEP_SUMMARY``); nothing is rendered otherwise. Returns whether it wrote."""
    if not stepsummary.target():
        return False
    from .markdown import MarkdownReporter

    buffer = io.StringIO()
    reporter = MarkdownReporter(stream=buffer, err=buffer, prefix=prefix)
    getattr(reporter, command)(report)
    return stepsummary.append(buffer.getvalue())


_CLASSES = {where.rsplit(".", 1)[1]: where for where, _ in FORMATS.values()}


def __getattr__(name: str) -> Any:
    if name in _CLASSES:
        return _load(_CLASSES[name])
    if name in ("CheckReport", "ValidationReport"):
        from .. import results

        return getattr(results, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
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
