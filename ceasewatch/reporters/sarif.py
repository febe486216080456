"""SARIF 2.1.0: one run, one rule per problem code, one result per problem."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..diagnostics import CODES, Diagnostic
from ..engine import Finding
from ..results import CheckReport, DiffReport, ValidationReport
from ..wording import finding_sentence
from .base import Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ceasewatch/ceasewatch"
DOCS = "docs/codes.md"
#: Each rule's page: SARIF wants an absolute URI (3.49.12), so the repository's own page of
#: docs/codes.md, where every code and finding rule has an anchor of its own name.
HELP_BASE = f"{INFORMATION_URI}/blob/main/{DOCS}"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


FINDING_RULES = {
    "alleged-violation-apparent": (
        "Alleged violation: apparent",
        "Under every combination of readings the incident, as an accusing source tells it, "
        "falls within the term. An allegation by a source, not a verdict.",
    ),
    "alleged-violation-contingent": (
        "Alleged violation: contingent on the reading",
        "Under some combinations of in-force and term readings the incident falls within the "
        "term, under others not: whose reading you take decides. An allegation, not a verdict.",
    ),
    "alleged-violation-possible": (
        "Alleged violation: possible, data missing",
        "No combination of readings shows a violation, but some cannot be decided because "
        "data is missing. An allegation, not a verdict.",
    ),
}


def rules() -> list[dict[str, Any]]:
    """One rule descriptor per problem code and per finding status, in a stable order."""
    return [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": f"{info.title}. {info.help}"},
            "help": {"text": info.help, "markdown": f"{info.help} See `{DOCS}`."},
            "helpUri": f"{HELP_BASE}#{code}",
            "defaultConfiguration": {"level": _LEVEL[info.severity]},
        }
        for code, info in CODES.items()
    ] + [
        {
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.split("-")),
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full, "markdown": f"{full} See `docs/engine.md`."},
            "helpUri": f"{HELP_BASE}#{rule_id}",
            "defaultConfiguration": {"level": "note"},
        }
        for rule_id, (short, full) in FINDING_RULES.items()
    ]


def fingerprint(d: Diagnostic) -> str:
    """Stable across line moves: the file, the code and the field path, not the line."""
    return hashlib.sha256(f"{d.file}\0{d.code}\0{d.field}".encode()).hexdigest()[:32]


def document(
    diagnostics: list[Diagnostic], *, prefix: str = "", findings: Sequence[Finding] = ()
) -> dict[str, Any]:
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
                                # A URI reference (SARIF 3.10.2): a space, `%`, `#`, `?` or a
                                # `:` in the first segment would otherwise break it.
                                "uri": quote(f"{prefix}{d.file}", safe="/"),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }
                ],
                "partialFingerprints": {"ceasewatchProblem/v1": fingerprint(d)},
            }
        )
    for f in findings:
        rule_id = f"alleged-violation-{f.status}"
        results.append(
            {
                "ruleId": rule_id,
                "ruleIndex": index[rule_id],
                "level": "note",
                "message": {"text": finding_sentence(f)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": quote(f"{prefix}{f.file}", safe="/"),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {"startLine": f.line, "startColumn": 1},
                        }
                    }
                ],
                "partialFingerprints": {
                    "ceasewatchFinding/v1": hashlib.sha256(
                        f"{f.agreement}\0{f.term}\0{f.incident}\0{f.party}".encode()
                    ).hexdigest()[:32]
                },
                "properties": {
                    "agreement": f.agreement,
                    "term": f.term,
                    "incident": f.incident,
                    "party": f.party,
                    "status": f.status,
                    "support": f.support,
                    "event": f.event,
                    "contested": f.contested,
                    "claimed_by": list(f.claimed_by),
                },
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

    def check(self, report: CheckReport) -> None:
        """Problems, then findings as notes."""
        doc = document(report.validation.diagnostics, prefix=self.prefix, findings=report.findings)
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    def diff(self, report: DiffReport) -> None:
        """The problems the change introduces."""
        doc = document(report.diff.introduced, prefix=self.prefix)
        self.stream.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
