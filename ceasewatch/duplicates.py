"""Possible duplicates: incidents close in time and place, with overlapping targets.

Found through an index by day and place, never by comparing every pair, so the work grows
with the number of incidents, not with its square.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from . import vocab
from .models import Incident, incident_span
from .timeutil import Span

DUPLICATE_KM = 5.0
EARTH_KM = 6371.0
DUPLICATE_GAP = timedelta(days=1)
#: Changed files above which the possible duplicates are searched afresh (through the
#: index, :func:`quality.pairs_of`) rather than each changed file against every other:
#: each such comparison costs about a thousandth of the whole search.
MAX_FRESH = 8
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


#: Gives the object to hold for a value many incidents repeat: one equal to it, kept once
#: for a whole run (a unit holds a region, its targets' categories and where its id is).
Keep = Callable[[Any], Any]


def as_is(value: Any) -> Any:
    """Keeps every value as it is (:data:`Keep` when nothing is shared)."""
    return value


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
    def of(cls, inc: Incident, default_zone: str, keep: Keep = as_is) -> Near:
        """The incident's facts (its span in its own zone, else ``default_zone``); ``keep``
        gives the object to hold for a value many incidents repeat (see :data:`Keep`)."""
        coords, loc = inc.location.coordinates, inc.location
        return cls(
            incident_span(inc, default_zone),
            coords.lat if coords is not None else None,
            coords.lon if coords is not None else None,
            loc.place,
            keep(loc.region),
            keep(tuple(t.category for t in inc.targets or ())),
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
    a_end, b_end = a.utc_end, b.utc_end
    gap = b.utc_start - a_end if a_end <= b.utc_start else a.utc_start - b_end
    return gap <= DUPLICATE_GAP


def _days(span: Span) -> Iterator[int]:
    """The UTC days the span touches, as day numbers (its first and last only, when it
    spans more than :data:`MAX_INDEXED_DAYS`)."""
    first, last = span.utc_start.toordinal(), span.utc_end.toordinal()
    if last - first > MAX_INDEXED_DAYS:
        yield first
        yield last
        return
    yield from range(first, last + 1)


def _around(span: Span) -> set[int]:
    """The day numbers a neighbour of the span may be indexed on: each of its days (see
    :func:`_days`), the day before and the day after."""
    return {day + k for day in _days(span) for k in (-1, 0, 1)}


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


#: A cube's coordinates lie within ±(EARTH_KM / DUPLICATE_KM + 1), under 2**11.
_CUBE_BITS = 12
_CUBE_HALF = 1 << (_CUBE_BITS - 1)


def _key(day: int, x: int, y: int, z: int) -> int:
    """A day number and a cube (see :func:`_cell`) as one int, for the index."""
    return (
        (((day << _CUBE_BITS) | (x + _CUBE_HALF)) << _CUBE_BITS | (y + _CUBE_HALF)) << _CUBE_BITS
    ) | (z + _CUBE_HALF)


_DAY_SHIFT = 3 * _CUBE_BITS
#: The steps from a cube's key to its own and its 26 neighbours' (no field carries over:
#: each has room to spare, see _CUBE_BITS).
_AROUND_KEYS = [(dx << 2 * _CUBE_BITS) + (dy << _CUBE_BITS) + dz for dx, dy, dz in _AROUND]


def _keyed(cubes: list[int | None], nears: Sequence[Near]) -> Iterator[tuple[int, int]]:
    """Each key of the index (a cube on a day, :func:`_key`) of the incidents with
    coordinates and a time, with the incident's index."""
    for i, (cube, near) in enumerate(zip(cubes, nears, strict=True)):
        if cube is not None and near.span is not None:
            for day in _days(near.span):
                yield cube + (day << _DAY_SHIFT), i


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
    # Each cube is one int, and each cube on each day (see _key): a hundred thousand
    # incidents make a few hundred thousand keys, and tuples would double the index.
    cubes = [_key(0, *_cell(n)) if n.lat is not None else None for n in nears]
    indexed = sum(1 for c, n in zip(cubes, nears, strict=True) if c is not None and n.span)
    search = _cube_candidates_vector if _vectorised(indexed) else _cube_candidates
    candidates = search(cubes, nears)
    _place_candidates(nears, candidates)
    return {(i, j) for i, j in candidates if same_event(nears[i], nears[j])}


def _cube_candidates(cubes: list[int | None], nears: Sequence[Near]) -> set[tuple[int, int]]:
    """The pairs (i < j) of incidents with coordinates on neighbouring days in neighbouring
    cubes, one incident at a time."""
    # A cube on a day holds one incident, most often: its index alone, a list only when
    # a second comes (a list apiece was a third of the index's memory).
    by_cell: dict[int, int | list[int]] = {}
    for key, i in _keyed(cubes, nears):
        held = by_cell.setdefault(key, i)
        if isinstance(held, list):
            held.append(i)
        elif held != i:  # (i itself: the key was new)
            by_cell[key] = [held, i]
    # The cubes that hold an incident on any day: most of a cube's 26 neighbours hold none,
    # and probing each of them on three days was most of the search. (Kept per cube, not
    # per incident, and nothing else kept: the search runs while every file's unit is held,
    # at the run's peak of memory.)
    occupied = {
        c for c, n in zip(cubes, nears, strict=True) if c is not None and n.span is not None
    }
    pairs: set[tuple[int, int]] = set()
    for i, (cube, a) in enumerate(zip(cubes, nears, strict=True)):
        if cube is None or a.span is None:
            continue
        cells = [c for step in _AROUND_KEYS if (c := cube + step) in occupied]
        for neighbour in _around(a.span):
            shift = neighbour << _DAY_SHIFT
            for cell in cells:
                found = by_cell.get(cell + shift)
                if isinstance(found, int):
                    if found > i:
                        pairs.add((i, found))
                elif found is not None:
                    pairs.update((i, j) for j in found if j > i)
    return pairs


#: From how many incidents with coordinates on, the cubes are searched with numpy, all
#: incidents at once (see :func:`_vectorised`).
VECTOR_MIN = 8_000


def _vectorised(indexed: int) -> bool:
    """Whether to search the cubes of ``indexed`` incidents with numpy: a third of the time
    at 10,000 (docs/performance.md). From two on when numpy is loaded already (the areas'
    outlines load it), else from :data:`VECTOR_MIN` on: importing it takes about 0.08 s,
    what the search gains on about that many incidents."""
    return indexed >= VECTOR_MIN or (indexed >= 2 and "numpy" in sys.modules)


#: The steps from a key (a cube on a day, see _key) to the keys of its neighbours on the
#: same or the next day that come after it: each pair of neighbouring keys is one step
#: apart one way, so searching one way finds it once (the others share a key).
_AHEAD = sorted(
    o for day in (-1, 0, 1) for step in _AROUND_KEYS if (o := (day << _DAY_SHIFT) + step) > 0
)


def _cube_candidates_vector(cubes: list[int | None], nears: Sequence[Near]) -> set[tuple[int, int]]:
    """:func:`_cube_candidates`, every key at once: the keys sorted, and each step ahead
    looked for by binary search."""
    import numpy as np

    keyed = list(_keyed(cubes, nears))
    pairs: set[tuple[int, int]] = set()
    if not keyed:
        return pairs
    every = np.array([key for key, _ in keyed], dtype=np.int64)
    order = np.argsort(every)  # (among equal keys any order: the pairs are a set)
    held = every[order]
    who = np.array([i for _, i in keyed], dtype=np.int64)[order].tolist()
    last = len(held) - 1

    def pair(a: int, b: int) -> None:
        i, j = who[a], who[b]
        if i != j:
            pairs.add((i, j) if i < j else (j, i))

    # Keys held twice or more: their incidents pair with each other.
    same = np.flatnonzero(held[1:] == held[:-1]).tolist()
    runs: dict[int, int] = {}  # first position of a run of equal keys: its last
    for k in same:
        start = runs.pop(k, k)
        runs[k + 1] = start
    for end, start in runs.items():
        for a in range(start, end + 1):
            for b in range(a + 1, end + 1):
                pair(a, b)
    # Keys a step ahead: one binary search per step, for every key at once.
    for step in _AHEAD:
        wanted = held + step
        at = np.searchsorted(held, wanted)
        hit = np.flatnonzero(held[np.minimum(at, last)] == wanted)
        for a, b in zip(hit.tolist(), at[hit].tolist(), strict=True):
            while b <= last and held[b] == held[a] + step:
                pair(a, b)
                b += 1
    return pairs


def _place_candidates(nears: Sequence[Near], pairs: set[tuple[int, int]]) -> None:
    """Add the pairs (i < j) of an incident without coordinates and another at the same
    place and region on a neighbouring day."""
    # By name only when one of the two has no coordinates (see _near): only those are
    # indexed by name, and a pair with one on each side is found from the other's side.
    by_place: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for i, near in enumerate(nears):
        if near.span is not None and near.lat is None and (place := _place_key(near)):
            for day in _days(near.span):
                by_place[(day, *place)].append(i)
    if not by_place:
        return  # nearly every dataset: every incident has coordinates
    for i, a in enumerate(nears):
        place = _place_key(a)
        if a.span is None or place is None:
            continue
        for neighbour in _around(a.span):
            for j in by_place.get((neighbour, *place), ()):
                if j != i:
                    pairs.add((i, j) if i < j else (j, i))


def known_pairs(
    nears: Sequence[Near],
    keys: list[bytes | None],
    old: list[tuple[bytes, bytes]],
    known: dict[bytes, Any],
    zone_name: str | None,
) -> set[tuple[int, int]] | None:
    """The possible duplicates, by index in ``nears`` (whose cache keys are ``keys``):
    those of the last run among files that did not change, and each changed file compared
    with all the others (None: none are known, search them all afresh). A pair depends on
    its two files alone, so this gives the same pairs as a fresh search."""
    if zone_name is None or not known:
        return None
    fresh = [i for i, k in enumerate(keys) if k is None or k not in known]
    if len(fresh) > MAX_FRESH:
        return None
    # Only the files of the last run's pairs: a dict of every key would weigh 10 MB at
    # 100,000 files.
    paired = {x for pair in old for x in pair}
    where = {k: i for i, k in enumerate(keys) if k in paired}
    pairs: set[tuple[int, int]] = set()
    for x, y in old:
        a, b = where.get(x), where.get(y)
        if a is not None and b is not None:
            pairs.add((min(a, b), max(a, b)))
    changed = set(fresh)
    # Two points further apart in latitude alone than DUPLICATE_KM are further apart on the
    # globe: most files are set aside by that subtraction before the test of their times.
    degrees = math.degrees(DUPLICATE_KM / EARTH_KM) * (1 + 1e-9)
    for i in fresh:
        lat = nears[i].lat
        for j, other in enumerate(nears):
            if j == i or (j in changed and j < i):
                continue  # compared already, from j's side
            if lat is not None and other.lat is not None and abs(lat - other.lat) > degrees:
                continue
            a, b = (i, j) if i < j else (j, i)
            if same_event(nears[a], nears[b]):
                pairs.add((a, b))
    return pairs
