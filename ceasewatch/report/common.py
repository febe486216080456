"""What the report's sections share: names, places and times of incidents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from .. import markdown as md
from ..engine import Denial
from ..loading import Dataset, Loaded
from ..models import Incident, incident_span
from ..timeutil import Span
from ..wording import denial_text

_READINGS = re.compile(r"in force: (\S+) / term: (\S+)")


def span_of(item: Loaded[Incident], data: Dataset) -> Span | None:
    """The incident's span in its zone (else the project's)."""
    assert data.project is not None
    return incident_span(item.model, data.project.model.timezone)


def party(data: Dataset, pid: str) -> str:
    """A party's name from the project file (its id if it has none there): not escaped."""
    assert data.project is not None
    found = data.project.model.parties.get(pid)
    return found.name if found is not None else pid


def source(data: Dataset, sid: str) -> str:
    """A source's name from the project file (its id if it has none there): not escaped."""
    assert data.project is not None
    found = data.project.model.sources.get(sid)
    return found.name if found is not None else sid


def area(data: Dataset, aid: str) -> str:
    """An area's name from the project file (its id if it has none there): not escaped."""
    assert data.project is not None
    found = data.project.model.areas.get(aid)
    return found.name if found is not None else aid


def listed(items: Iterable[str]) -> str:
    """Escaped, comma-separated (``none`` when there are none)."""
    return ", ".join(md.text(i) for i in items) or "none"


def names(ids: Iterable[str] | None) -> str:
    """Ids (of vocabulary: categories, acts, means) as escaped text, comma-separated."""
    return listed(ids or ())


def reading(data: Dataset, name: str) -> str:
    """A reading's name (its sources' ids, ``+``-joined) as their names, ``+``-joined (a
    name may hold an "and"): not escaped."""
    return " + ".join(source(data, s) for s in name.split("+"))


def readings(data: Dataset, combo: str) -> str:
    """``in force: kremlin / term: a+b`` as ``in force per Kremlin, term per A + B``."""
    found = _READINGS.fullmatch(combo)
    if found is None:
        return combo
    return f"in force per {reading(data, found[1])}, term per {reading(data, found[2])}"


def denial(data: Dataset, d: Denial) -> str:
    """How a source disputes an accusation, with names: not escaped."""
    other = party(data, d.other) if d.other is not None else None
    return denial_text(replace(d, source=source(data, d.source), other=other))


def when(inc: Incident) -> str:
    when = inc.occurred
    if isinstance(when, str):
        return when.replace("T", " ")
    return f"{when.from_.replace('T', ' ')} to {when.until.replace('T', ' ')}"


def place(inc: Incident) -> str:
    loc = inc.location
    return ", ".join(p for p in (loc.place, loc.region, loc.country) if p) or "at sea or unknown"


def week(day: date) -> date:
    return day - timedelta(days=day.weekday())
