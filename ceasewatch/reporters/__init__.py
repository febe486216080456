"""Output formats. Each is one module with a :class:`Reporter`; the registry names them."""

from __future__ import annotations

from .base import CheckReport, Reporter, ValidationReport
from .github import GithubReporter
from .json import JsonReporter
from .sarif import SarifReporter
from .text import TextReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
}

__all__ = ["REPORTER_BY_NAME", "CheckReport", "Reporter", "ValidationReport"]
