"""Stable, versioned JSON documents: ``{"version": 1, ...}``, one shape per command."""

from __future__ import annotations

import json
from typing import Any

from .. import results
from ..export import as_json
from . import diff as diff_words
from . import explain as explain_words
from .base import Reporter

#: Each command's document has its own version; a findings document's is 2 since findings
#: carry their event grade and each claim its basis and rung.
VERSION = 1
FINDINGS_VERSION = 3  # 3: findings carry the launch point, control, casualties, revisions


class JsonReporter(Reporter):
    """Machine-readable output; never coloured."""

    def _write(self, doc: Any) -> None:
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    def validation(self, report: results.ValidationReport) -> None:
        """The diagnostics and the counts."""
        self._write(
            {
                "version": VERSION,
                "errors": [d.as_dict() for d in report.diagnostics],
                "summary": report.summary(),
            }
        )

    def check(self, report: results.CheckReport) -> None:
        """The findings, the unattributed incidents, the problems and the counts."""
        doc = {
            "version": FINDINGS_VERSION,
            "findings": [f.as_dict() for f in report.findings],
            "unattributed": [u.as_dict() for u in report.unattributed],
            "errors": [d.as_dict() for d in report.validation.diagnostics],
            "summary": report.summary(),
        }
        if report.reviewed is not None:
            doc["reviewed"] = [d.as_dict() | {"note": note} for d, note in report.reviewed]
        self._write(doc)

    def explain(self, report: results.ExplainReport) -> None:
        """Every term, party, version and combination, condition by condition."""
        self._write(explain_words.as_dict(report))

    def diff(self, report: results.DiffReport) -> None:
        """What the change introduces."""
        self._write(diff_words.as_dict(report.diff))

    def listing(self, report: results.ListReport) -> None:
        """``{"version": 1, "<kind>": [...]}``."""
        self._write({"version": VERSION, report.kind: report.rows})

    def export(self, report: results.DatasetReport) -> None:
        """Incidents and findings, for other tools."""
        self._write(as_json(report.data, report.result))
