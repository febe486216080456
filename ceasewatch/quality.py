"""Data-quality warnings: what a reviewer of an incident pull request needs to look at.

Every check here is linear or near-linear in the number of incidents (possible duplicates:
:mod:`.duplicates`). Each file's own warnings come from :func:`incident_quality`; those
across files from :func:`across`, over each file's :class:`Entry`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from .duplicates import Keep, Near, as_is, pairs_of
from .loading import Dataset, Loaded
from .models import Claim, Incident
from .yamlsource import Mark

#: Country outlines are coarse (coasts are simplified): points this far outside still pass.
OUTLINE_TOLERANCE_DEG = 0.2


#: Where a value sits in an incident file, given the file and the value's path in it:
#: asked only for the few places a warning across files points at (an incident's loaded
#: document, or the file read again once its model was let go).
Locate = Callable[[str, tuple[str | int, ...]], Mark]


@dataclass(frozen=True, slots=True)
class Entry:
    """What the checks across files need of one incident file, kept once the file's own
    checks are done (the model itself is not): its id, where the id is, the facts for
    duplicates, each claim URL, and the reviews it records. Places deeper in the file are
    kept as paths in it (see :data:`Locate`)."""

    file: str
    id: str
    id_at: Mark
    near: Near
    #: Each claim's URL as a 64-bit hash (None: no URL, or one an earlier claim of the file
    #: cites). The hash, not the text: only equal URLs are looked for, and a hundred
    #: thousand files hold a quarter of a million of them.
    urls: tuple[int | None, ...]
    #: (code, of, note) of each review.
    reviews: tuple[tuple[str, str | None, str], ...]
    #: Paths in the model that are elsewhere in the file: a salvaged file's lists may have
    #: lost items (None: none moved, as in nearly every file).
    moved: tuple[tuple[tuple[str | int, ...], tuple[str | int, ...]], ...] | None = None

    @classmethod
    def of(cls, item: Loaded[Incident], default_zone: str, keep: Keep = as_is) -> Entry:
        """The entry of a loaded incident file (``keep``: see :data:`duplicates.Keep`)."""
        inc = item.model
        urls: list[int | None] = []
        seen: set[int] = set()
        for claim in inc.claims:
            url = None
            if claim.url is not None:
                digest = hashlib.blake2b(claim.url.encode(), digest_size=8).digest()
                url = int.from_bytes(digest, "big")
                if url in seen:
                    url = None
                else:
                    seen.add(url)
            urls.append(url)
        moved = None
        if item.kept:
            paths: list[tuple[str | int, ...]] = [
                ("claims", k, "url") for k in range(len(inc.claims))
            ]
            paths += [("reviewed", k) for k in range(len(inc.reviewed))]
            moved = tuple((p, q) for p in paths if (q := item.in_file(p)) != p) or None
        return cls(
            item.file,
            inc.id,
            keep(item.mark("id")),
            Near.of(inc, default_zone, keep),
            tuple(urls),
            tuple((r.code, r.of, r.note or "") for r in inc.reviewed),
            moved,
        )

    def where(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """Where the value at ``path`` in the model is in the file."""
        return dict(self.moved).get(path, path) if self.moved else path


def locate_in(items: Iterable[Loaded[Incident]]) -> Locate:
    """:data:`Locate` over loaded incidents."""
    docs = {item.file: item.doc for item in items}
    return lambda file, path: docs[file].mark(path)


def duplicate_pairs(data: Dataset) -> set[tuple[int, int]]:
    """Index pairs (i < j) of the dataset's incidents that may report the same event."""
    if data.project is None:
        return set()
    zone_name = data.project.model.timezone
    return pairs_of([Near.of(item.model, zone_name) for item in data.incidents])


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


def points_outside(incs: Sequence[Incident]) -> list[bool | None]:
    """Whether each incident's point lies outside its country by the country's outline, by
    more than :data:`OUTLINE_TOLERANCE_DEG` (None: no point, no country, or no outline).
    The points of one country are tested together: a call to shapely costs as much as
    testing dozens of points."""
    out: list[bool | None] = [None] * len(incs)
    by_country: dict[str, list[tuple[int, float, float]]] = {}
    for i, inc in enumerate(incs):
        coords, country = inc.location.coordinates, inc.location.country
        if coords is not None and country is not None:
            by_country.setdefault(country, []).append((i, coords.lon, coords.lat))
    for country, points in by_country.items():
        outline = _outline(country)
        if outline is None:
            continue
        import shapely  # loaded by _outline
        from shapely.geometry import Point

        lons, lats = [p[1] for p in points], [p[2] for p in points]
        inside = shapely.contains_xy(outline, lons, lats).tolist()
        for (i, lon, lat), within in zip(points, inside, strict=True):
            # A point inside is at distance 0; testing that is half the cost of the distance.
            far = not within and outline.distance(Point(lon, lat)) > OUTLINE_TOLERANCE_DEG
            out[i] = bool(far)
    return out


def check_quality(data: Dataset) -> None:
    """Add the data-quality warnings to ``data.diagnostics``: each file's own
    (:func:`incident_quality`), then those across files (:func:`across`)."""
    domains = domains_of(data)
    outside = points_outside([item.model for item in data.incidents])
    for item, out in zip(data.incidents, outside, strict=True):
        incident_quality(data, item, domains, out)
    zone_name = data.project.model.timezone if data.project is not None else None
    entries = [Entry.of(item, zone_name or "UTC") for item in data.incidents]
    across(data, entries, zone_name, locate_in(data.incidents))


def incident_quality(
    data: Dataset,
    item: Loaded[Incident],
    domains: dict[str, tuple[str, ...]],
    outside: bool | None,
) -> None:
    """The warnings about one incident file alone: no claims, a claim without a URL or a
    date, a page off its outlet's site, a point outside the country (``outside``: what
    :func:`points_outside` says of it)."""
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
    # A claim whose url was rejected (an error already) has one; it is not "missing".
    bad_urls = {
        d.field for d in data.diagnostics if d.file == item.file and d.field.endswith(".url")
    }
    for k, claim in enumerate(inc.claims):
        if claim.url is None:
            if f"claims[{k}].url" in bad_urls:
                continue
            data.add(
                item.file,
                item.mark("claims", k),
                "claim-no-url",
                f"the claim of `{claim.source}` has no `url`; add the address where it can be read",
                ("claims", k),
            )
        else:
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
    if outside and coords is not None:
        data.add(
            item.file,
            item.mark("location", "coordinates"),
            "place-outside-country",
            f"the point {coords.lat}, {coords.lon} lies outside {country} "
            "(by its outline); check the coordinates and the country code "
            "(longitude and latitude swapped?)",
            ("location", "coordinates"),
        )


def across(
    data: Dataset,
    entries: Sequence[Entry],
    zone_name: str | None,
    locate: Locate,
    pairs: set[tuple[int, int]] | None = None,
) -> set[tuple[int, int]]:
    """The warnings across incident files (possible duplicates, a URL cited by unrelated
    incidents), from their entries in the files' order; ``pairs``: the possible duplicates
    when already known. Returns the pairs."""
    if pairs is None:
        pairs = pairs_of([e.near for e in entries]) if zone_name is not None else set()
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        partners[i].append(j)
        partners[j].append(i)
    for i, others in partners.items():
        entry = entries[i]
        for j in sorted(others, key=lambda k: entries[k].file):
            other = entries[j]
            data.add(
                entry.file,
                entry.id_at,
                "possible-duplicate",
                f"may report the same event as {other.file} (`{other.id}`): close in time "
                f"and place, with overlapping targets; merge them, or record a review if they "
                "differ",
                ("id",),
                related=other.id,
            )
    for uses in _repeated_urls(entries):
        incidents = [i for i, _ in uses]
        for i, k in uses:
            others = [j for j in incidents if j != i and (min(i, j), max(i, j)) not in pairs]
            if not others:
                continue
            names = ", ".join(entries[j].file for j in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            data.add(
                entries[i].file,
                locate(entries[i].file, entries[i].where(("claims", k, "url"))),
                "url-repeated",
                f"the same claim URL is used in {names}{more}, which do not look like the "
                "same event; check for a copy-paste slip (a bulletin listing several "
                "sites may be cited on each)",
                ("claims", k, "url"),
            )
    return pairs


def _repeated_urls(entries: Sequence[Entry]) -> Iterator[list[tuple[int, int]]]:
    """(incident, claim) of each URL cited by more than one incident, in the files' order.

    The hashes sorted, then only the few repeated ones looked for: a hundred thousand files
    cite a quarter of a million URLs, nearly all once, and a list apiece held a hundred
    megabytes."""
    hashes = sorted([url for entry in entries for url in entry.urls if url is not None])
    repeated = {hashes[k] for k in range(1, len(hashes)) if hashes[k] == hashes[k - 1]}
    if not repeated:
        return
    uses: dict[int, list[tuple[int, int]]] = {url: [] for url in repeated}
    for i, entry in enumerate(entries):
        for k, url in enumerate(entry.urls):
            if url in repeated:
                uses[url].append((i, k))
    for url in sorted(repeated):
        yield uses[url]


def apply_reviews(data: Dataset) -> None:
    """Move reviewed warnings out of the diagnostics; flag reviews that match nothing."""
    zone_name = data.project.model.timezone if data.project is not None else "UTC"
    reviewing = [i for i in data.incidents if i.model.reviewed]
    reviews_of(data, [Entry.of(i, zone_name) for i in reviewing], locate_in(reviewing))


def reviews_of(data: Dataset, entries: Iterable[Entry], locate: Locate) -> None:
    """:func:`apply_reviews` from the incidents' entries."""
    reviews = {entry.file: entry for entry in entries if entry.reviews}
    if not reviews:
        return
    data.diagnostics.sort()  # the reviewed warnings are then listed in the same order
    used: set[tuple[str, int]] = set()
    kept = []
    for d in data.diagnostics:
        entry = reviews.get(d.file)
        match = None
        if entry is not None and d.severity == "warning":
            for k, (code, of, note) in enumerate(entry.reviews):
                if code == d.code and (of is None or of == d.related):
                    match = (k, note)
                    break
        if match is None:
            kept.append(d)
        else:
            used.add((d.file, match[0]))
            data.reviewed.append((d, match[1]))
    data.diagnostics = kept
    for file, entry in reviews.items():
        for k, (code, of, _) in enumerate(entry.reviews):
            if (file, k) not in used:
                shown = f" of `{of}`" if of else ""
                data.add(
                    file,
                    locate(file, entry.where(("reviewed", k))),
                    "review-stale",
                    f"the review of `{code}`{shown} matches no current warning; remove it",
                    ("reviewed", k),
                )


def domains_of(data: Dataset) -> dict[str, tuple[str, ...]]:
    """Each source's declared host names (only sources that declare some)."""
    if data.project is None:
        return {}
    return {sid: tuple(s.domains) for sid, s in data.project.model.sources.items() if s.domains}


#: The authority of an address with a scheme: its host when it is plain (below).
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)")
#: A user, a port or an IPv6 literal: left to urlsplit.
_NOT_PLAIN = frozenset("@[]:")


def host_of(url: str) -> str:
    """The host name of ``url`` as ``urlsplit(url).hostname`` gives it, lower-cased ("" for
    none)."""
    # urlsplit costs a fifth of a file's warnings, and nearly every page cited has a plain
    # host: printable ASCII (urlsplit drops tabs and line breaks) and none of _NOT_PLAIN.
    plain = _AUTHORITY.match(url)
    if plain is not None:
        host = plain[1]
        if host.isascii() and host.isprintable() and _NOT_PLAIN.isdisjoint(host):
            return host.lower()
    return (urlsplit(url).hostname or "").lower()


def on_host(url: str, domains: tuple[str, ...]) -> str | None:
    """The URL's host if it is none of ``domains`` nor under one of them, else None."""
    host = host_of(url).rstrip(".")
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
