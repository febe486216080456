"""The report's last sections: the sources and the quality of the data."""

from __future__ import annotations

from collections import Counter, defaultdict

from .. import engine, figures
from .. import markdown as md
from ..diagnostics import CODES
from ..loading import Dataset, Loaded
from ..models import Incident
from .common import party


def sources_section(data: Dataset, incidents: dict[str, Loaded[Incident]]) -> list[str]:
    """Each source that makes a claim: its kind, affiliation, claims and whom it accuses."""
    assert data.project is not None
    claims: Counter[str] = Counter()
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    for item in incidents.values():
        for c in item.model.claims:
            claims[c.source] += 1
            if c.attributes_to:
                targets[c.source][c.attributes_to] += 1
    out = [
        "## Sources",
        "",
        "| source | kind | affiliation | claims | accuses |",
        "|---|---|---|---|---|",
    ]
    for sid, s in sorted(data.project.model.sources.items()):
        if not claims[sid]:
            continue
        accuses = ", ".join(f"{party(data, p)} ({n})" for p, n in sorted(targets[sid].items()))
        affiliation = party(data, s.affiliation) if s.affiliation else "unaffiliated"
        out.append(
            f"| {md.cell(s.name)} | {s.kind} | {md.cell(affiliation)} | {claims[sid]} | "
            f"{md.cell(accuses or 'no one')} |"
        )
    out.append("")
    return out


def quality_section(data: Dataset, incidents: dict[str, Loaded[Incident]]) -> list[str]:
    """Warnings by code, the editor's inferences, and the casualties counted."""
    warnings = Counter(d.code for d in data.diagnostics if d.severity == "warning")
    out = ["## Data quality", ""]
    if warnings:
        out += ["| warning | count |", "|---|---|"]
        out += [
            f"| {md.cell(code)}: {md.cell(CODES[code].title)} | {n} |"
            for code, n in sorted(warnings.items())
        ]
    else:
        out.append("No warnings.")
    inferred = sorted(i for i, item in incidents.items() if item.model.inferred)
    out += [
        "",
        f"Incidents with fields inferred by the dataset editor: {len(inferred)} of "
        f"{len(incidents)}.",
        "",
    ]
    if inferred:
        out += [
            f"- {md.code(i)}: {', '.join(md.text(f) for f in incidents[i].model.inferred)}"
            for i in inferred
        ]
        out.append("")
    lows: Counter[str] = Counter()
    for item in incidents.values():
        for kind, extent in figures.casualties(item.model, engine.standing(item.model)).items():
            lows[kind] += extent.low
    if lows:
        counted = ", ".join(f"{kind} {n}" for kind, n in lows.items())
        out += [
            f"Casualties in these incidents, by each incident's lowest figure (as UCDP and "
            f"ACLED count): {md.text(counted)}. Sources disagree; each finding gives the range.",
            "",
        ]
    return out
