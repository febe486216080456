"""Weekly charts: alleged violations per week, stacked by support, with the counts beneath.

Mermaid's ``xychart-beta`` draws every bar series over the others, from the same baseline.
A stack is drawn as cumulative totals, tallest first: the first series is the week's total
in the colour of the top level, each next one stops a level lower and covers the one before
but for its top, so each visible segment is exactly one level's count. A last series of
zeros, untitled and in the page's colour, hides the sliver Mermaid draws under a bar.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta

from .. import engine
from .. import markdown as md
from ..engine import SUPPORT_ORDER
from ..loading import Dataset, Loaded
from ..models import Incident
from ..timeutil import zone
from ..wording import SUPPORT_TEXT
from .common import party, span_of, week

#: Each support level's colour in the charts, the square that stands for it in text, and
#: its short name (a series' title, which newer Mermaid versions show as a legend).
COLOURS: dict[str, tuple[str, str, str]] = {
    "acknowledged": ("#1f6feb", "🟦", "acknowledged"),
    "independent": ("#2da44e", "🟩", "independent"),
    "third-party": ("#8250df", "🟪", "third party"),
    "adversary": ("#e16f24", "🟧", "adversary"),
    "unverified": ("#424a53", "⬛", "unverified"),
}
BASELINE = "#ffffff"
#: Below this the y-axis would get fractional ticks (see :func:`axis_top`).
MIN_AXIS = 10


def axis_top(top: int) -> int:
    """The y-axis maximum for a tallest bar of ``top``: whole-number ticks, top tick at the end.

    Mermaid asks d3 for about ten ticks, each step 1, 2 or 5 times a power of ten: over a
    range of 10 or more the step is a whole number, and the top is rounded up to a step.
    """
    span = max(top, MIN_AXIS)
    rough = span / 10
    power = 10 ** math.floor(math.log10(rough))
    error = rough / power
    factor = next((f for f, bound in ((10, 50), (5, 10), (2, 2)) if error >= math.sqrt(bound)), 1)
    step = int(factor * power)  # a whole number: the range is 10 or more
    return math.ceil(span / step) * step


def charts(
    findings: list[engine.Finding], incidents: dict[str, Loaded[Incident]], data: Dataset
) -> list[str]:
    """Per accused party, findings per week (weeks starting on Monday) by support."""
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
    # Every week from the first to the last, so a quiet week shows as a gap, not as nothing.
    first, last = min(weeks), max(weeks)
    axis = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    out = ["### Alleged violations per week", ""]
    for pid in sorted(by_party):
        out += _chart(party(data, pid), by_party[pid], axis)
    return out


def _chart(name: str, counts: Counter[tuple[date, str]], axis: list[date]) -> list[str]:
    """One party's stacked chart, its legend, and the table of its counts."""
    levels = [s for s in SUPPORT_ORDER if any(counts[(w, s)] for w in axis)]  # bottom to top
    totals = [sum(counts[(w, s)] for s in SUPPORT_ORDER) for w in axis]
    drawn = list(reversed(levels))  # tallest (every level) first, the bottom level last
    # Then a series of zeros in the page's colour: Mermaid draws a bar of 0 as a sliver
    # below the 0 tick, which would show the last level under every bar.
    palette = ", ".join([*(COLOURS[s][0] for s in drawn), BASELINE])
    labels = ", ".join(f'"{w.isoformat()}"' for w in axis)
    out = [
        "```mermaid",
        "---",
        "config:",
        "  xyChart:",
        "    showLegend: true",
        "  themeVariables:",
        "    xyChart:",
        f'      plotColorPalette: "{palette}"',
        "---",
        "xychart-beta",
        f'    title "Alleged against {md.mermaid_label(name)}, per week"',
        f"    x-axis [{labels}]",
        f'    y-axis "alleged violations" 0 --> {axis_top(max(totals))}',
    ]
    for i, level in enumerate(drawn):
        below = levels[: len(levels) - i]  # this level and those beneath it
        series = [sum(counts[(w, s)] for s in below) for w in axis]
        out.append(f'    bar "{COLOURS[level][2]}" [{", ".join(str(n) for n in series)}]')
    out.append(f"    bar [{', '.join('0' for _ in axis)}]")
    legend = ", ".join(f"{COLOURS[s][1]} {COLOURS[s][2]}" for s in levels)
    out += [
        "```",
        "",
        f"Alleged against {md.text(name)}, per week (from Monday). Each bar is the week's "
        f"total; its segments, from the bottom: {legend}.",
        "",
        "| week | "
        + " | ".join(f"{COLOURS[s][1]} {SUPPORT_TEXT[s]}" for s in SUPPORT_ORDER)
        + " | total |",
        "|---|" + "---|" * (len(SUPPORT_ORDER) + 1),
    ]
    for w, total in zip(axis, totals, strict=True):
        row = " | ".join(str(counts[(w, s)]) for s in SUPPORT_ORDER)
        out.append(f"| {w.isoformat()} | {row} | {total} |")
    out.append("")
    return out
