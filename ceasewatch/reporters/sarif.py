"""SARIF 2.1.0: one run, one rule per problem code, one result per problem."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import __version__
from ..diagnostics import CODES, Diagnostic
from .base import Reporter, ValidationReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ceasewatch/ceasewatch"
DOCS = "docs/codes.md"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def rules() -> list[dict[str, Any]]:
    """One rule descriptor per code, in a stable order."""
    return [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": f"{info.title}. {info.help}"},
            "help": {"text": info.help, "markdown": f"{info.help} See `{DOCS}`."},
            "defaultConfiguration": {"level": _LEVEL[info.severity]},
        }
        for code, info in CODES.items()
    ]


def fingerprint(d: Diagnostic) -> str:
    """Stable across line moves: the file, the code and the field path, not the line."""
    return hashlib.sha256(f"{d.file}\0{d.code}\0{d.field}".encode()).hexdigest()[:32]


def document(diagnostics: list[Diagnostic], *, prefix: str = "") -> dict[str, Any]:
    """The SARIF log for ``diagnostics``."""
    descriptors = rules()
    index = {rule["id"]: i for i, rule in enumerate(descriptors)}
    results = []
    for d in diagnostics:
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": f"{prefix}{d.file}",
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }
                ],
                "partialFingerprints": {"ceasewatchProblem/v1": fingerprint(d)},
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ceasewatch",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


class SarifReporter(Reporter):
    """A SARIF file on stdout, for code-scanning tools."""

    def validation(self, report: ValidationReport) -> None:
        """Every problem as a result."""
        doc = document(report.diagnostics, prefix=self.prefix)
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
