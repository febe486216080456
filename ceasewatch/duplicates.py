"""Possible duplicates: incidents close in time and place, with overlapping targets.

Found through an index by day and place, never by comparing every pair, so the work grows
with the number of incidents, not with its square.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import vocab
from .models import Incident, incident_span
from .timeutil import Span, utc

DUPLICATE_KM = 5.0
EARTH_KM = 6371.0
DUPLICATE_GAP = timedelta(days=1)
#: An incident spanning more days than this is indexed on its first and last days only.
MAX_INDEXED_DAYS = 31


def _km(a: Any, b: Any) -> float:
    """Great-circle distance between two coordinate objects, in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _categories_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b or "unknown" in a or "unknown" in b:
        return True  # missing data must not hide a duplicate
    return any(vocab.covers(x, y) or vocab.covers(y, x) for x in a for y in b)


@dataclass(frozen=True, slots=True)
class Near:
    """What finding possible duplicates needs of one incident: when, where, what was hit."""

    span: Span | None
    lat: float | None
    lon: float | None
    place: str | None
    region: str | None
    categories: tuple[str, ...]

    @classmethod
    def of(cls, inc: Incident, default_zone: str) -> Near:
        """The incident's facts (its span in its own zone, else ``default_zone``)."""
        coords, loc = inc.location.coordinates, inc.location
        return cls(
            incident_span(inc, default_zone),
            coords.lat if coords is not None else None,
            coords.lon if coords is not None else None,
            loc.place,
            loc.region,
            tuple(t.category for t in inc.targets or ()),
        )


def _near(a: Near, b: Near) -> bool:
    if a.lat is not None and b.lat is not None:
        return _km(a, b) <= DUPLICATE_KM
    return bool(
        a.place
        and b.place
        and a.place.casefold() == b.place.casefold()
        and (a.region or "").casefold() == (b.region or "").casefold()
    )


def _close_in_time(a: Span, b: Span) -> bool:
    if a.overlaps(b):
        return True
    a_end, b_end = utc(a.end), utc(b.end)
    gap = utc(b.start) - a_end if a_end <= utc(b.start) else utc(a.start) - b_end
    return gap <= DUPLICATE_GAP


def _days(span: Span) -> Iterator[date]:
    first, last = utc(span.start).date(), utc(span.end).date()
    if (last - first).days > MAX_INDEXED_DAYS:
        yield first
        yield last
        return
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


Cell = tuple[int, int, int]
_AROUND = [(dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1)]


def _cell(coords: Any) -> Cell:
    """The cube, DUPLICATE_KM on a side, holding the point on a sphere the Earth's size.

    The straight-line distance between two points is never more than the great-circle one,
    so two points within DUPLICATE_KM lie in the same or neighbouring cubes, at any latitude
    and across the antimeridian.
    """
    la, lo = math.radians(coords.lat), math.radians(coords.lon)
    x = EARTH_KM * math.cos(la) * math.cos(lo)
    y = EARTH_KM * math.cos(la) * math.sin(lo)
    z = EARTH_KM * math.sin(la)
    return (
        math.floor(x / DUPLICATE_KM),
        math.floor(y / DUPLICATE_KM),
        math.floor(z / DUPLICATE_KM),
    )


def _place_key(near: Near) -> tuple[str, str] | None:
    return (near.place.casefold(), (near.region or "").casefold()) if near.place else None


def same_event(a: Near, b: Near) -> bool:
    """Whether two incidents may report the same event: close in time and place, with
    overlapping targets (the test behind every pair :func:`pairs_of` gives)."""
    return (
        a.span is not None
        and b.span is not None
        and _close_in_time(a.span, b.span)
        and _near(a, b)
        and _categories_overlap(a.categories, b.categories)
    )


def pairs_of(nears: Sequence[Near]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of incidents that may report the same event.

    Candidates come from an index by day and place: the cube of the coordinates (see
    :func:`_cell`), or the place and region for an incident without coordinates. Only
    incidents on neighbouring days and in neighbouring cubes (or the same place) are
    compared, so the work grows with the number of incidents, not with its square.
    """
    cells = [_cell(n) if n.lat is not None else None for n in nears]
    places = [_place_key(n) for n in nears]
    by_cell: dict[tuple[date, Cell], list[int]] = defaultdict(list)
    by_place: dict[tuple[date, tuple[str, str]], list[int]] = defaultdict(list)
    for i, near in enumerate(nears):
        if near.span is None:
            continue
        cell, place = cells[i], places[i]
        for day in _days(near.span):
            if cell is not None:
                by_cell[(day, cell)].append(i)
            if place is not None:
                by_place[(day, place)].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, a in enumerate(nears):
        if a.span is None:
            continue
        cell, place = cells[i], places[i]
        candidates: set[int] = set()
        days = {day + timedelta(days=k) for day in _days(a.span) for k in (-1, 0, 1)}
        for neighbour in days:
            if cell is not None:
                x, y, z = cell
                for dx, dy, dz in _AROUND:
                    bucket = by_cell.get((neighbour, (x + dx, y + dy, z + dz)))
                    if bucket:
                        candidates.update(bucket)
            if place is not None:
                # By name only when one of the two has no coordinates (see _near).
                bucket = by_place.get((neighbour, place))
                if bucket:
                    candidates.update(j for j in bucket if cell is None or cells[j] is None)
        for j in candidates:
            if j > i and same_event(a, nears[j]):
                pairs.add((i, j))
    return pairs
