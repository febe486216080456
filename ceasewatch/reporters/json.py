"""A stable, versioned JSON document: ``{"version": 1, "errors": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from .base import Reporter, ValidationReport

VERSION = 1


class JsonReporter(Reporter):
    """Machine-readable output; never coloured."""

    def validation(self, report: ValidationReport) -> None:
        """Write the diagnostics and the counts."""
        doc = {
            "version": VERSION,
            "errors": [d.as_dict() for d in report.diagnostics],
            "summary": report.summary(),
        }
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
