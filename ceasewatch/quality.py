"""Data-quality warnings: what a reviewer of an incident pull request needs to look at.

Every check here is linear or near-linear in the number of incidents: possible duplicates
are found through an index by day and place, never by comparing every pair.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from . import vocab
from .loading import Dataset, Loaded
from .models import Claim, Incident, incident_span
from .timeutil import Span, utc

DUPLICATE_KM = 5.0
EARTH_KM = 6371.0
DUPLICATE_GAP = timedelta(days=1)
#: Country outlines are coarse (coasts are simplified): points this far outside still pass.
OUTLINE_TOLERANCE_DEG = 0.2
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


def _categories(inc: Incident) -> list[str]:
    return [t.category for t in inc.targets or ()]


def _categories_overlap(a: list[str], b: list[str]) -> bool:
    if not a or not b or "unknown" in a or "unknown" in b:
        return True  # missing data must not hide a duplicate
    return any(vocab.covers(x, y) or vocab.covers(y, x) for x in a for y in b)


def _near(a: Incident, b: Incident) -> bool:
    ca, cb = a.location.coordinates, b.location.coordinates
    if ca is not None and cb is not None:
        return _km(ca, cb) <= DUPLICATE_KM
    la, lb = a.location, b.location
    return bool(
        la.place
        and lb.place
        and la.place.casefold() == lb.place.casefold()
        and (la.region or "").casefold() == (lb.region or "").casefold()
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


def _place_key(inc: Incident) -> tuple[str, str] | None:
    loc = inc.location
    return (loc.place.casefold(), (loc.region or "").casefold()) if loc.place else None


def duplicate_pairs(data: Dataset) -> set[tuple[int, int]]:
    """Index pairs (i < j) of incidents that may report the same event.

    Candidates come from an index by day and place: the cube of the coordinates (see
    :func:`_cell`), or the place and region for an incident without coordinates. Only
    incidents on neighbouring days and in neighbouring cubes (or the same place) are
    compared, so the work grows with the number of incidents, not with its square.
    """
    if data.project is None:
        return set()
    default_zone = data.project.model.timezone
    models = [item.model for item in data.incidents]
    spans = [incident_span(item.model, default_zone) for item in data.incidents]
    cells = [_cell(m.location.coordinates) if m.location.coordinates else None for m in models]
    places = [_place_key(m) for m in models]
    by_cell: dict[tuple[date, Cell], list[int]] = defaultdict(list)
    by_place: dict[tuple[date, tuple[str, str]], list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        if span is None:
            continue
        cell, place = cells[i], places[i]
        for day in _days(span):
            if cell is not None:
                by_cell[(day, cell)].append(i)
            if place is not None:
                by_place[(day, place)].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, span in enumerate(spans):
        if span is None:
            continue
        a = models[i]
        cell, place = cells[i], places[i]
        candidates: set[int] = set()
        days = {day + timedelta(days=k) for day in _days(span) for k in (-1, 0, 1)}
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
        candidates = {j for j in candidates if j > i}
        for j in candidates:
            other = spans[j]
            b = models[j]
            if (
                other is not None
                and _close_in_time(span, other)
                and _near(a, b)
                and _categories_overlap(_categories(a), _categories(b))
            ):
                pairs.add((i, j))
    return pairs


@cache
def _outline(country: str) -> Any:
    # Imported here: only datasets with coordinates pay for loading the outlines.
    from countryinfo import CountryInfo
    from shapely.geometry import shape

    try:
        geo = CountryInfo(country).geo_json()
        return shape(geo["features"][0]["geometry"])
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def check_quality(data: Dataset) -> None:
    """Add the data-quality warnings to ``data.diagnostics``."""
    pairs = duplicate_pairs(data)
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        partners[i].append(j)
        partners[j].append(i)
    for i, others in partners.items():
        item = data.incidents[i]
        for j in sorted(others, key=lambda k: data.incidents[k].file):
            other = data.incidents[j]
            data.add(
                item.file,
                item.mark("id"),
                "possible-duplicate",
                f"may report the same event as {other.file} (`{other.model.id}`): close in time "
                f"and place, with overlapping targets; merge them, or record a review if they "
                "differ",
                ("id",),
                related=other.model.id,
            )
    domains = _domains(data)
    urls: dict[str, list[tuple[int, int]]] = defaultdict(list)
    # A claim whose url was rejected (an error already) has one; it is not "missing".
    bad_urls = {(d.file, d.field) for d in data.diagnostics if d.field.endswith(".url")}
    for i, item in enumerate(data.incidents):
        inc = item.model
        if not any(c.attributes_to or c.denies or c.event == "disputed" for c in inc.claims):
            data.add(
                item.file,
                item.mark("claims") if inc.claims else item.mark("id"),
                "incident-no-claims",
                "no claim attributes this incident to a party or denies it; add the "
                "claims of the sources that report it (`attributes_to: unknown` if they "
                "name no one)",
                ("claims",),
            )
        for k, claim in enumerate(inc.claims):
            if claim.url is None:
                if (item.file, f"claims[{k}].url") in bad_urls:
                    continue
                data.add(
                    item.file,
                    item.mark("claims", k),
                    "claim-no-url",
                    f"the claim of `{claim.source}` has no `url`; add the address where it "
                    "can be read",
                    ("claims", k),
                )
            else:
                urls[claim.url].append((i, k))
                _off_outlet(data, item, k, claim, domains)
            if claim.published is None:
                data.add(
                    item.file,
                    item.mark("claims", k),
                    "claim-undated",
                    f"the claim of `{claim.source}` has no `published` date; add the date the "
                    "source shows (a claim first made weeks later is weaker than it looks)",
                    ("claims", k),
                )
        coords, country = inc.location.coordinates, inc.location.country
        if coords is not None and country is not None:
            outline = _outline(country)
            if outline is not None:
                from shapely.geometry import Point

                distance = outline.distance(Point(coords.lon, coords.lat))
                if distance > OUTLINE_TOLERANCE_DEG:
                    data.add(
                        item.file,
                        item.mark("location", "coordinates"),
                        "place-outside-country",
                        f"the point {coords.lat}, {coords.lon} lies outside {country} "
                        "(by its outline); check the coordinates and the country code "
                        "(longitude and latitude swapped?)",
                        ("location", "coordinates"),
                    )
    for uses in urls.values():
        incidents = sorted({i for i, _ in uses})
        if len(incidents) < 2:
            continue
        for i in incidents:
            others = [j for j in incidents if j != i and (min(i, j), max(i, j)) not in pairs]
            if not others:
                continue
            item = data.incidents[i]
            k = next(k for j, k in uses if j == i)
            names = ", ".join(data.incidents[j].file for j in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            data.add(
                item.file,
                item.mark("claims", k, "url"),
                "url-repeated",
                f"the same claim URL is used in {names}{more}, which do not look like the "
                "same event; check for a copy-paste slip (a bulletin listing several "
                "sites may be cited on each)",
                ("claims", k, "url"),
            )


def apply_reviews(data: Dataset) -> None:
    """Move reviewed warnings out of the diagnostics; flag reviews that match nothing."""
    reviews = {item.file: item for item in data.incidents if item.model.reviewed}
    if not reviews:
        return
    used: set[tuple[str, int]] = set()
    kept = []
    for d in data.diagnostics:
        item = reviews.get(d.file)
        match = None
        if item is not None and d.severity == "warning":
            for k, review in enumerate(item.model.reviewed):
                if review.code == d.code and (review.of is None or review.of == d.related):
                    match = (k, review.note or "")
                    break
        if match is None:
            kept.append(d)
        else:
            used.add((d.file, match[0]))
            data.reviewed.append((d, match[1]))
    data.diagnostics = kept
    for file, item in reviews.items():
        for k, review in enumerate(item.model.reviewed):
            if (file, k) not in used:
                of = f" of `{review.of}`" if review.of else ""
                data.add(
                    file,
                    item.mark("reviewed", k),
                    "review-stale",
                    f"the review of `{review.code}`{of} matches no current warning; remove it",
                    ("reviewed", k),
                )


def _domains(data: Dataset) -> dict[str, tuple[str, ...]]:
    """Each source's declared host names (only sources that declare some)."""
    if data.project is None:
        return {}
    return {sid: tuple(s.domains) for sid, s in data.project.model.sources.items() if s.domains}


def on_host(url: str, domains: tuple[str, ...]) -> str | None:
    """The URL's host if it is none of ``domains`` nor under one of them, else None."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if any(host == d or host.endswith("." + d) for d in domains):
        return None
    return host


def _off_outlet(
    data: Dataset, item: Loaded[Incident], k: int, claim: Claim, domains: dict[str, tuple[str, ...]]
) -> None:
    """``url-off-outlet``: the claim is read on a page that is not its outlet's own (the
    outlet is the carrier, ``via``, or else the source), and no ``original_url`` says where
    the outlet's own page is."""
    outlet = claim.via or claim.source
    if claim.url is None or claim.original_url is not None or outlet not in domains:
        return
    host = on_host(claim.url, domains[outlet])
    if host is None:
        return
    data.add(
        item.file,
        item.mark("claims", k, "url"),
        "url-off-outlet",
        f"the claim's page is on `{host}`, not on `{outlet}`'s own site "
        f"({', '.join(domains[outlet])}); cite the outlet's own page, or give it as "
        "`original_url` if this page copies it",
        ("claims", k, "url"),
    )
