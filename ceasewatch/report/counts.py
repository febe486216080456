"""Counts: findings by party, status and support, and per week."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from .. import engine
from .. import markdown as md
from ..engine import EVENT_ORDER, STATUS_ORDER, SUPPORT_ORDER
from ..loading import Dataset, Loaded
from ..models import Incident
from ..timeutil import zone
from ..wording import EVENT_TEXT, SUPPORT_TEXT
from .common import span_of, week


def summary_table(findings: list[engine.Finding]) -> list[str]:
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
    for party in parties:
        for status in STATUS_ORDER:
            row = [counts[(party, status, s)] for s in SUPPORT_ORDER]
            if sum(row):
                out.append(
                    f"| {md.cell(party)} | {status} | "
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


def charts(
    findings: list[engine.Finding], incidents: dict[str, Loaded[Incident]], data: Dataset
) -> list[str]:
    """Per accused party, findings per week (weeks starting on Monday) and support."""
    assert data.project is not None
    where = zone(data.project.model.timezone)  # weeks of local days, as the period's
    by_party: dict[str, Counter[tuple[date, str]]] = defaultdict(Counter)
    weeks: set[date] = set()
    for f in findings:
        span = span_of(incidents[f.incident], data)
        if span is None:
            continue
        monday = week(span.start.astimezone(where).date())
        weeks.add(monday)
        by_party[f.accused][(monday, f.support or "")] += 1
    if not weeks:
        return []
    axis = sorted(weeks)
    out = ["### Alleged violations per week", ""]
    for party in sorted(by_party):
        counts = by_party[party]
        labels = ", ".join(f'"{w.isoformat()}"' for w in axis)
        top = max(sum(counts[(w, s)] for s in SUPPORT_ORDER) for w in axis)
        out += [
            "```mermaid",
            "xychart-beta",
            f'    title "Alleged against {md.mermaid_label(party)}, by week and support"',
            f"    x-axis [{labels}]",
            f'    y-axis "alleged violations" 0 --> {max(top, 1)}',
        ]
        for support in SUPPORT_ORDER:
            series = [counts[(w, support)] for w in axis]
            if any(series):
                out.append(f"    bar [{', '.join(str(n) for n in series)}]")
        out += [
            "```",
            "",
            f"Alleged against {md.text(party)}, by week (Monday) and support:",
            "",
            "| week | " + " | ".join(SUPPORT_TEXT[s] for s in SUPPORT_ORDER) + " |",
            "|---|" + "---|" * len(SUPPORT_ORDER),
        ]
        for w in axis:
            out.append(
                f"| {w.isoformat()} | "
                + " | ".join(str(counts[(w, s)]) for s in SUPPORT_ORDER)
                + " |"
            )
        out.append("")
    out.append(
        "The bars of each chart are, in order, the support levels with any count, "
        "as in the table beneath it."
    )
    out.append("")
    return out
