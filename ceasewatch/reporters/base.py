"""What every reporter receives, and the interface it implements."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TextIO

from ..diagnostics import Diagnostic
from ..engine import Finding, Unattributed
from ..models import Agreement, Incident


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of a validation run, as reporters see it."""

    diagnostics: list[Diagnostic]
    files: int
    agreements: int
    incidents: int

    @property
    def errors(self) -> int:
        """How many errors."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return sum(d.severity == "warning" for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        """Counts for machine output."""
        return {
            "files": self.files,
            "agreements": self.agreements,
            "incidents": self.incidents,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of ``check``: the validation, then the findings (empty if data invalid)."""

    validation: ValidationReport
    findings: list[Finding]
    unattributed: list[Unattributed]
    agreements: dict[str, Agreement]
    incidents: dict[str, Incident]
    #: Reviewed warnings with the reviewer's note, when asked for (``--show-reviewed``).
    reviewed: list[tuple[Diagnostic, str]] | None = None

    def summary(self) -> dict[str, object]:
        """Counts for machine output."""
        by_status = {s: 0 for s in ("apparent", "contingent", "possible")}
        by_support = {s: 0 for s in ("acknowledged", "independent", "third-party", "adversary")}
        for f in self.findings:
            by_status[f.status] += 1
            by_support[f.support] += 1
        return {
            **self.validation.summary(),
            "findings": len(self.findings),
            "by_status": by_status,
            "by_support": by_support,
            "contested": sum(f.contested for f in self.findings),
            "unattributed": len(self.unattributed),
        }


class Reporter(abc.ABC):
    """Writes a report to ``stream`` (findings on stdout) and chatter to ``err``.

    ``prefix`` is the dataset's folder from the repository root ("" at the root, else
    ending in ``/``): CI formats name files from the repository root.
    """

    def __init__(
        self, *, stream: TextIO, err: TextIO, color: bool | None = None, prefix: str = ""
    ) -> None:
        self.stream = stream
        self.err = err
        self.color = color
        self.prefix = prefix

    def path(self, file: str) -> str:
        """``file`` (relative to the dataset) as a path from the repository root."""
        return f"{self.prefix}{file}"

    @abc.abstractmethod
    def validation(self, report: ValidationReport) -> None:
        """Report the problems found by ``validate``."""

    @abc.abstractmethod
    def check(self, report: CheckReport) -> None:
        """Report the findings of ``check`` (and any problems in the data)."""
