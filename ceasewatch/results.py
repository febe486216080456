"""What each job of :mod:`ceasewatch.api` returns, and every reporter reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the types only: the command line imports this module to start
    from .diagnostics import Diagnostic
    from .diffing import Diff
    from .engine import Finding, Result, TermResult
    from .loading import Dataset
    from .models import Agreement, Incident
    from .report import Stamp

Row = dict[str, str | int | None]


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of a validation run, as reporters see it."""

    diagnostics: list[Diagnostic]
    files: int
    agreements: int
    incidents: int
    #: Where the dataset sits in its repository ("" at the top, else ending in ``/``).
    prefix: str = ""
    tallies: int = 0

    @property
    def errors(self) -> int:
        """How many errors."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return sum(d.severity == "warning" for d in self.diagnostics)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether the data is invalid (with ``strict``, warnings count too)."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> dict[str, int]:
        """Counts for machine output."""
        return {
            "files": self.files,
            "agreements": self.agreements,
            "incidents": self.incidents,
            "tallies": self.tallies,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of ``check``: the validation, then the findings (empty if data invalid)."""

    validation: ValidationReport
    findings: list[Finding]
    #: Findings with no accused party.
    unattributed: list[Finding]
    #: By id; a run read from the cache reads each model from its file when first asked.
    agreements: Mapping[str, Agreement]
    incidents: Mapping[str, Incident]
    #: Each agreement's title by id (what the text and table outputs head findings with,
    #: kept so that a run read from the cache reads no agreement file to print them).
    titles: Mapping[str, str]
    #: Reviewed warnings with the reviewer's note, when asked for (``--show-reviewed``).
    reviewed: list[tuple[Diagnostic, str]] | None = None

    def summary(self) -> dict[str, object]:
        """Counts for machine output."""
        from .engine import STATUS_ORDER, SUPPORT_ORDER

        by_status = dict.fromkeys(STATUS_ORDER, 0)
        by_support = dict.fromkeys(SUPPORT_ORDER, 0)
        for f in self.findings:
            by_status[f.status] += 1
            if f.support is not None:
                by_support[f.support] += 1
        return {
            **self.validation.summary(),
            "findings": len(self.findings),
            "by_status": by_status,
            "by_support": by_support,
            "contested": sum(f.contested for f in self.findings),
            "unattributed": len(self.unattributed),
        }


@dataclass(frozen=True, slots=True)
class ExplainReport:
    """Why each term was or was not flagged for one incident."""

    incident: str
    file: str
    terms: list[TermResult]
    #: The incident's revised and withdrawn claims, in words.
    revisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiffReport:
    """What a change introduces, and where the dataset sits in the repository."""

    diff: Diff
    prefix: str


@dataclass(frozen=True, slots=True)
class ListReport:
    """One row per agreement, incident, party or source."""

    kind: str
    rows: list[Row]
    #: The data has errors: the list may be partial.
    partial: bool = False


@dataclass(frozen=True, slots=True)
class DatasetReport:
    """A valid dataset and what the engine makes of it, for the report and the exports."""

    data: Dataset
    result: Result
    stamp: Stamp | None = None
    agreements: frozenset[str] = frozenset()
    #: Only findings whose event has one of these grades (all when empty).
    events: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    #: Map files the report shows and links to, as paths from the report's folder.
    maps: tuple[str, ...] = ()
