"""What every reporter receives, and the interface it implements."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TextIO

from ..diagnostics import Diagnostic


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
