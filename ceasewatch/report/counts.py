"""Counts: findings by party, status and support, and by support and event grade."""

from __future__ import annotations

from collections import Counter

from .. import engine
from .. import markdown as md
from ..engine import EVENT_ORDER, STATUS_ORDER, SUPPORT_ORDER
from ..loading import Dataset
from ..wording import EVENT_TEXT, SUPPORT_TEXT
from .common import party


def summary_table(findings: list[engine.Finding], data: Dataset) -> list[str]:
    """Findings by accused party, status and support."""
    if not findings:
        return ["No alleged violations in the period.", ""]
    counts: Counter[tuple[str, str, str]] = Counter(
        (f.accused, f.status, f.support or "") for f in findings
    )
    parties = sorted({f.accused for f in findings})
    head = (
        "| alleged against | status | "
        + " | ".join(SUPPORT_TEXT[s] for s in SUPPORT_ORDER)
        + " | total |"
    )
    out = [
        "### Alleged violations by party, status and support",
        "",
        head,
        "|---|---|" + "---|" * (len(SUPPORT_ORDER) + 1),
    ]
    for pid in parties:
        for status in STATUS_ORDER:
            row = [counts[(pid, status, s)] for s in SUPPORT_ORDER]
            if sum(row):
                out.append(
                    f"| {md.cell(party(data, pid))} | {status} | "
                    + " | ".join(str(n) for n in row)
                    + f" | {sum(row)} |"
                )
    out.append("")
    return out


def grades_table(findings: list[engine.Finding]) -> list[str]:
    """Findings by support and event grade: how well each accusation, and each event, rests."""
    if not findings:
        return []
    counts: Counter[tuple[str, str]] = Counter((f.support or "", f.event) for f in findings)
    out = [
        "### Alleged violations by support and event grade",
        "",
        "| support | " + " | ".join(EVENT_TEXT[e] for e in EVENT_ORDER) + " | total |",
        "|---|" + "---|" * (len(EVENT_ORDER) + 1),
    ]
    for support in SUPPORT_ORDER:
        row = [counts[(support, e)] for e in EVENT_ORDER]
        if sum(row):
            cells = " | ".join(str(n) for n in row)
            out.append(f"| {SUPPORT_TEXT[support]} | {cells} | {sum(row)} |")
    out.append("")
    return out
