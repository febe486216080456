"""What the report's sections share: names, places and times of incidents."""

from __future__ import annotations

from datetime import date, timedelta

from .. import markdown as md
from ..loading import Dataset, Loaded
from ..models import Incident, incident_span
from ..timeutil import Span


def span_of(item: Loaded[Incident], data: Dataset) -> Span | None:
    """The incident's span in its zone (else the project's)."""
    assert data.project is not None
    return incident_span(item.model, data.project.model.timezone)


def names(ids: list[str] | tuple[str, ...] | None) -> str:
    """Ids as escaped text, comma-separated (``none`` when there are none)."""
    return ", ".join(md.text(i) for i in ids or ()) or "none"


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
