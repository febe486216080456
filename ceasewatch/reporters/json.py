"""Stable, versioned JSON documents: ``{"version": N, ...}``, one shape per command."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import results
from ..diagnostics import Diagnostic
from ..export import as_json
from . import diff as diff_words
from . import explain as explain_words
from .base import Reporter

#: Each command's document has its own version, raised when its shape changes.
VERSION = 1  # listings
VALIDATION_VERSION = 2  # 2: `errors` holds only errors; warnings are under `warnings`
# 2: event grade, basis and rung; 3: launch point, control, casualties, revisions;
# 4: the validation's `errors` holds only errors; its warnings are under `warnings`
FINDINGS_VERSION = 4


def problems(diagnostics: Sequence[Diagnostic]) -> dict[str, list[dict[str, object]]]:
    """``{"errors": [...], "warnings": [...]}``, each in file order."""
    return {
        "errors": [d.as_dict() for d in diagnostics if d.severity == "error"],
        "warnings": [d.as_dict() for d in diagnostics if d.severity != "error"],
    }


class JsonReporter(Reporter):
    """Machine-readable output; never coloured."""

    def _write(self, doc: Any) -> None:
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    def validation(self, report: results.ValidationReport) -> None:
        """The errors, the warnings and the counts."""
        self._write(
            {
                "version": VALIDATION_VERSION,
                **problems(report.diagnostics),
                "summary": report.summary(),
            }
        )

    def check(self, report: results.CheckReport) -> None:
        """The findings, the unattributed incidents, the errors, the warnings and the counts."""
        doc = {
            "version": FINDINGS_VERSION,
            "findings": [f.as_dict() for f in report.findings],
            "unattributed": [u.as_dict() for u in report.unattributed],
            **problems(report.validation.diagnostics),
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
