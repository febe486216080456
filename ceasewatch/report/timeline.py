"""An agreement's timeline: a Mermaid ``gantt`` of its in-force readings, per whom, and of the
days with incidents alleged to violate it, per accused party.

Every label goes through :func:`markdown.mermaid_label` and starts with fixed words, so no
data string can end the block, open a section or read as a keyword.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, tzinfo

from .. import engine
from .. import markdown as md
from ..engine.readings import Period, at, periods
from ..loading import Dataset, Loaded
from ..models import Agreement, Incident
from .common import party, reading, span_of

_FORMAT = "%Y-%m-%d %H:%M"  # dayjs's `YYYY-MM-DD HH:mm`, in the project's zone


def timeline(
    item: Loaded[Agreement],
    data: Dataset,
    findings: list[engine.Finding],
    incidents: dict[str, Loaded[Incident]],
    where: tzinfo,
) -> list[str]:
    """The gantt block of one agreement (nothing when it has neither dates nor findings)."""
    found = _readings(item, where)
    days: dict[str, Counter[date]] = defaultdict(Counter)
    # An incident counts once per accused party, however many terms it is alleged under.
    for pid, iid in sorted({(f.accused, f.incident) for f in findings}):
        span = span_of(incidents[iid], data)
        if span is not None:
            days[pid][span.start.astimezone(where).date()] += 1
    moments = [m for p, _ in found for m in (p.start, p.end) if m is not None]
    moments += [_noon(d, where) for counts in days.values() for d in counts]
    moments += [_noon(p.stated, where) for p, _ in found if p.pending and p.stated]
    if not moments:
        return []
    first, last = min(moments), max(moments) + timedelta(days=1)  # an open-ended bar's end
    out = [
        "```mermaid",
        "gantt",
        "    title When it is in force, per whom, and the days with alleged violations",
        "    dateFormat YYYY-MM-DD HH:mm",
        "    axisFormat %d %b",
        f"    tickInterval {'1week' if last - first <= timedelta(days=120) else '1month'}",
        "    todayMarker off",
        "    section In force",
    ]
    for i, (p, parties) in enumerate(found):
        who = "per " + md.mermaid_label(reading(data, p.name))
        if parties:
            who += " for " + md.mermaid_label(", ".join(party(data, x) for x in parties))
        if p.start is not None:
            end = p.end or last
            note = "" if p.end is not None else " (open-ended)"
            out.append(f"    {who}{note} :r{i}, {_at(p.start, where)}, {_at(end, where)}")
        elif p.stated is not None:  # pending: when it was said to be waiting
            said = _at(_noon(p.stated, where), where)
            out.append(f"    {who} (not yet in force) :milestone, r{i}, {said}, 0d")
    n = 0
    for pid in sorted(days):
        out.append(f"    section Alleged against {md.mermaid_label(party(data, pid))}")
        for day, count in sorted(days[pid].items()):
            noun = "incident" if count == 1 else "incidents"
            out.append(f"    {count} {noun} :milestone, m{n}, {_at(_noon(day, where), where)}, 0d")
            n += 1
    out += [
        "```",
        "",
        "Bars: when the agreement is in force according to each source (an open-ended "
        "reading runs to the chart's end; a reading still waiting for a condition is a "
        "diamond on the day it was stated). Diamonds under each party: the days (in "
        f"{md.text(str(where))} time) of the incidents alleged against it, with how many.",
        "",
    ]
    return out


def _readings(item: Loaded[Agreement], where: tzinfo) -> list[tuple[Period, list[str]]]:
    """Every in-force reading, resolved, in the file's order, with the parties it names."""
    a = item.model
    concerned = dict.fromkeys([*a.parties, *(p for r in a.in_force for p in r.parties or ())])
    resolved = {p.where: p for pid in concerned for p in periods(item, pid, where)}
    out = []
    for i, r in enumerate(a.in_force):
        found = resolved.get(at(item, "in_force", i))
        if found is not None:
            out.append((found, list(r.parties or ())))
    return out


def _noon(day: date, where: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=where)


def _at(moment: datetime, where: tzinfo) -> str:
    return moment.astimezone(where).strftime(_FORMAT)
