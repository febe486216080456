"""A stable, versioned JSON document: ``{"version": 1, "errors": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from .base import CheckReport, Reporter, ValidationReport

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

    def check(self, report: CheckReport) -> None:
        """The findings, the unattributed incidents, the problems and the counts."""
        doc = {
            "version": VERSION,
            "findings": [f.as_dict() for f in report.findings],
            "unattributed": [u.as_dict() for u in report.unattributed],
            "errors": [d.as_dict() for d in report.validation.diagnostics],
            "summary": report.summary(),
        }
        if report.reviewed is not None:
            doc["reviewed"] = [d.as_dict() | {"note": note} for d, note in report.reviewed]
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
