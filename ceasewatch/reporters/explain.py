"""``explain``'s words: every term, party, version and reading combination, condition by
condition, as a tree for people and as a JSON document."""

from __future__ import annotations

from typing import Any, TextIO

from rich.text import Text

from ..engine import Combination, strongest
from ..escape import terminal
from ..results import ExplainReport
from ..wording import EVENT_TEXT, STATUS_TEXT, contested_text, support_text
from .common import console

_VALUE_STYLE = {"yes": "green", "no": "red", "unknown": "yellow"}


def as_dict(report: ExplainReport) -> dict[str, Any]:
    """The JSON form (versioned)."""
    incident, file, items = report.incident, report.file, report.terms

    def combo(c: Combination) -> dict[str, Any]:
        return {
            "in_force": c.in_force,
            "term_reading": c.term,
            "value": c.value,
            "conditions": [
                {"name": k.name, "value": k.value, "from": list(k.sources), "reason": k.reason}
                for k in c.conditions
            ],
        }

    return {
        "version": 3,  # 2: event, basis, rung; 3: launch point, control, casualties, revisions
        "incident": incident,
        "file": file,
        "revisions": list(report.revisions),
        "terms": [
            {
                "agreement": t.agreement,
                "term": t.term,
                "readings": [
                    {
                        "kind": r.kind,
                        "reading": r.name,
                        "stated": r.stated.isoformat() if r.stated else None,
                        "stated_after_incident": r.after_incident,
                    }
                    for r in t.readings
                ],
                "parties": [
                    {
                        "party": p.party,
                        "role": p.role,
                        "bound": p.bound,
                        "finding": p.finding.as_dict() if p.finding else None,
                        "rungs": [
                            {"source": c.source, "via": c.via, "rung": c.rung, "why": c.why}
                            for c in (p.finding.claims if p.finding else ())
                        ],
                        "versions": [
                            {
                                "version": v.label,
                                "status": v.status,
                                "combinations": [combo(c) for c in v.combinations],
                            }
                            for v in p.versions
                        ],
                    }
                    for p in t.parties
                ],
            }
            for t in items
        ],
    }


def write_text(stream: TextIO, report: ExplainReport, color: bool | None) -> None:
    """The tree, indented, every data string escaped."""
    incident, file, items = report.incident, report.file, report.terms
    out = console(stream, color)

    def line(indent: int, *parts: tuple[str, str]) -> None:
        text = Text("  " * indent)
        for content, style in parts:
            text.append(terminal(content), style=style)
        out.print(text)

    line(0, (f"incident {incident}", "bold"), (f" ({file})", "dim"))
    for revision in report.revisions:  # revised or withdrawn claims count for nothing
        line(1, (f"{revision}: it counts for nothing", "dim"))
    for t in items:
        line(0, ("", ""))
        line(0, (f"{t.agreement} / {t.term}", "bold"), (f" ({t.file})", "dim"))
        for r in t.readings:
            if r.stated is not None:
                late = "; stated after the incident" if r.after_incident else ""
                line(
                    1,
                    (f"{r.kind} reading per {r.name}: stated {r.stated.isoformat()}{late}", "dim"),
                )
        if not t.parties:
            line(1, ("no party to evaluate", ""))
        for p in t.parties:
            if p.role == "accused":
                head = f"alleged against {p.party}: "
            else:
                head = f"no source attributes it; evaluated for {p.party}: "
            if not p.bound:
                line(1, (head, ""), (f"{p.party} is not bound by this term: no finding", "dim"))
                continue
            if p.finding is not None:
                f = p.finding
                verdict = (
                    f"{STATUS_TEXT[f.status]}; {support_text(f)}; {EVENT_TEXT[f.event]}; "
                    f"{contested_text(f)}"
                )
            elif p.role == "accused":
                verdict = "not flagged: no reading combination shows a violation"
            else:
                best = strongest(v.status for v in p.versions)
                verdict = STATUS_TEXT[best] if best else "not within the term"
            line(1, (head, "bold"), (verdict, ""))
            for claim in p.finding.claims if p.finding else ():
                via = f" via {claim.via}" if claim.via else ""
                line(
                    2, (f"claim of {claim.source}{via}: {claim.why}: ", ""), (claim.rung, "italic")
                )
            for v in p.versions:
                line(
                    2,
                    (f"{v.label}: ", ""),
                    (STATUS_TEXT[v.status] if v.status else "no finding", "italic"),
                )
                for c in v.combinations:
                    line(3, (f"{c.name}: ", ""), (c.value, _VALUE_STYLE[c.value]))
                    for k in c.conditions:
                        line(
                            4,
                            (f"{k.value:<7} ", _VALUE_STYLE[k.value]),
                            (f"{k.name}: {k.reason}", ""),
                            (f"  [{', '.join(s for s in k.sources if s)}]", "dim"),
                        )
