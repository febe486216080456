"""Output formats. Each is one module with a :class:`Reporter`; the registry names them."""

from __future__ import annotations

from .base import Reporter, ValidationReport
from .json import JsonReporter
from .text import TextReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
}

__all__ = ["REPORTER_BY_NAME", "Reporter", "ValidationReport"]
