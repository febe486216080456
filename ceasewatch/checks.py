"""Checks across files: identity, references, time and places. Adds diagnostics, never raises."""

from __future__ import annotations

import difflib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from . import vocab
from .identity import identity
from .loading import Dataset, Loaded
from .messages import clip as _clip
from .models import (
    SCOPE_FIELDS,
    Agreement,
    Claim,
    Incident,
    LaunchPoint,
    Location,
    Polygon,
    Project,
    Scope,
    Window,
)
from .timeutil import Span, TimeError, resolve, window, zone
from .vocab import Vocabulary

MAX_GEOJSON_BYTES = 8 * 1024 * 1024
#: What reading a polygon file may raise, whatever is in it.
_BAD_GEOJSON = (
    OSError,
    ValueError,
    ValidationError,
    RecursionError,
    LookupError,
    TypeError,
    AttributeError,
)
Path_ = tuple[str | int, ...]


_DECLARE = {
    "party": "under `parties:` in ceasewatch.yaml",
    "source": "under `sources:` in ceasewatch.yaml",
    "area": "under `areas:` in ceasewatch.yaml",
    "category": "under `categories:` in ceasewatch.yaml (or use a built-in category)",
    "act": "under `acts:` in ceasewatch.yaml (or use a built-in act)",
    "means": "under `means:` in ceasewatch.yaml (or use a built-in means)",
}


class _Checker:
    def __init__(self, data: Dataset, today: date) -> None:
        self.data = data
        self.today = today
        self.project = data.project.model if data.project else None
        self.vocab = Vocabulary.of(self.project)
        if data.project is not None:
            # An entry the schema rejected (already an error) is still declared: referring
            # to it is not an unknown reference.
            raw = data.project.doc.data
            self.vocab = Vocabulary(
                *(
                    getattr(self.vocab, kind) | frozenset(_keys(raw.get(kind)))
                    for kind in ("parties", "sources", "areas", "categories", "acts", "means")
                )
            )
        self.default_zone: tzinfo | None = None
        if self.project is not None:
            self.default_zone = zone(self.project.timezone)
        self.item: Loaded[Any] | None = None

    # -- helpers ---------------------------------------------------------------------------
    def add(self, path: Path_, code: str, message: str, *, key: bool = False) -> None:
        assert self.item is not None
        path = self.item.in_file(path)
        self.data.add(self.item.file, self.item.doc.mark(path, key=key), code, message, path)

    def ref(self, path: Path_, value: str | None, what: str, known: Iterable[str]) -> None:
        if value is None or self.project is None:
            # ceasewatch.yaml did not load (already an error): what it declares is unknown,
            # so a reference cannot be called undeclared.
            return
        options = known if isinstance(known, frozenset) else frozenset(known)
        if value in options:
            return
        close = difflib.get_close_matches(value, sorted(options), n=1, cutoff=0.6)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        self.add(
            path,
            "ref-unknown",
            f"unknown {what} `{_clip(value)}`{hint}; declare it {_DECLARE[what]}",
        )

    def refs(
        self, path: Path_, values: Iterable[str] | None, what: str, known: Iterable[str]
    ) -> None:
        for i, value in enumerate(values or ()):
            self.ref((*path, i), value, what, known)

    def span(self, path: Path_, when: str | Window, where: tzinfo) -> Span | None:
        try:
            if isinstance(when, Window):
                got = window(when.from_, when.until, where)
                end, start = got.utc_end, got.utc_start
                if end < start or (end == start and not got.closed):
                    self.add(
                        (*path, "until"),
                        "time-window-order",
                        f"the window ends ({when.until}) before it starts ({when.from_})",
                    )
                    return None
                return got
            return resolve(when, where)
        except TimeError as exc:
            self.add(path, exc.code, exc.message)
            return None

    def future(self, path: Path_, span: Span | None, what: str) -> None:
        if span is not None and span.start.date() > self.today:
            self.add(
                path,
                "time-future",
                f"{what} {span.start.date().isoformat()} is after today ({self.today.isoformat()})",
            )

    # -- files -----------------------------------------------------------------------------
    def project_file(self, item: Loaded[Project]) -> None:
        self.item = item
        p = item.model
        for sid, source in p.sources.items():
            self.ref(("sources", sid, "affiliation"), source.affiliation, "party", p.parties)
        for cid in p.categories:
            parent = vocab.parent(cid)
            if parent is not None and parent not in self.vocab.categories:
                self.add(
                    ("categories", cid),
                    "ref-unknown",
                    f"category `{cid}` sits under `{parent}`, which is not a category; "
                    "declare the parent first",
                    key=True,
                )
        for aid, area in p.areas.items():
            if isinstance(area.polygon, str):
                self.polygon_file(("areas", aid, "polygon"), area.polygon)

    def polygon_file(self, path: Path_, rel: str) -> None:
        root = self.data.root.resolve()
        target = (root / rel).resolve()
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or root not in target.parents:
            self.add(path, "place-polygon", f"`{_clip(rel)}` must be a path inside the dataset")
            return
        try:
            st = os.lstat(root / rel)
        except OSError:
            self.add(path, "place-polygon", f"no GeoJSON file at `{_clip(rel)}`")
            return
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_GEOJSON_BYTES:
            self.add(
                path,
                "place-polygon",
                f"`{_clip(rel)}` must be a regular file under {MAX_GEOJSON_BYTES} bytes",
            )
            return
        try:
            geo = json.loads(
                (root / rel).read_text(encoding="utf-8"), parse_float=str, parse_int=str
            )
            geometry = _geometry(geo)
            Polygon.model_validate(geometry)
        except _BAD_GEOJSON:
            self.add(
                path, "place-polygon", f"`{_clip(rel)}` is not a GeoJSON Polygon or MultiPolygon"
            )

    def agreement(self, item: Loaded[Agreement]) -> None:
        self.item = item
        a = item.model
        v = self.vocab
        self.refs(("parties",), a.parties, "party", v.parties)
        self.refs(("mediators",), a.mediators, "party", v.parties)
        parties = set(a.parties)
        where = self.default_zone
        for i, reading in enumerate(a.in_force):
            base: Path_ = ("in_force", i)
            self.refs((*base, "per"), reading.per, "source", v.sources)
            for j, party in enumerate(reading.parties or ()):
                self.party_of((*base, "parties", j), party, parties)
            if where is not None and reading.from_ is not None:
                start = self.span((*base, "from"), reading.from_, where)
                end = self.span((*base, "until"), reading.until, where) if reading.until else None
                if start is not None and end is not None and end.utc_start <= start.utc_start:
                    self.add(
                        (*base, "until"),
                        "time-window-order",
                        f"`until` ({reading.until}) is not after `from` ({reading.from_})",
                    )
        for i, ref in enumerate(a.references):
            self.ref(("references", i, "source"), ref.source, "source", v.sources)
            self.ref(("references", i, "via"), ref.via, "source", v.sources)
        seen: dict[str, int] = {}
        for i, term in enumerate(a.terms):
            base = ("terms", i)
            if term.id in seen:
                self.add(
                    (*base, "id"),
                    "id-duplicate",
                    f"term id `{term.id}` is used twice in this agreement "
                    f"(also terms[{seen[term.id]}])",
                )
            seen.setdefault(term.id, i)
            for j, party in enumerate(term.binds or ()):
                self.party_of((*base, "binds", j), party, parties)
            self.scope((*base, "prohibits"), term.prohibits)
            self.refs((*base, "prohibits", "per"), term.prohibits.per, "source", v.sources)
            if term.except_ is not None:
                self.scope((*base, "except"), term.except_)
            for j, reading_ in enumerate(term.readings):
                self.scope((*base, "readings", j), reading_)
                self.refs((*base, "readings", j, "per"), reading_.per, "source", v.sources)
                if reading_.except_ is not None:
                    self.scope((*base, "readings", j, "except"), reading_.except_)

    def party_of(self, path: Path_, party: str, parties: set[str]) -> None:
        if party not in parties:
            self.add(
                path,
                "ref-not-party",
                f"`{_clip(party)}` is not among this agreement's parties "
                f"({', '.join(sorted(parties))})",
            )

    def scope(self, path: Path_, scope: Scope) -> None:
        for field in SCOPE_FIELDS:
            values = getattr(scope, field.name)
            self.refs((*path, field.name), values, field.kind, self.vocab.ids(field.kind))

    def places(
        self,
        base: Path_,
        location: Location | None,
        launched: LaunchPoint | None,
        intercepted: Location | None,
    ) -> None:
        """Who held each place, and the area a launch point names, are declared ids."""
        named = {"location": location, "launched_from": launched, "intercepted_at": intercepted}
        for name, place in named.items():
            if place is not None:
                path = (*base, name, "controlled_by")
                self.ref(path, place.controlled_by, "party", self.vocab.parties)
        if launched is not None:
            self.ref((*base, "launched_from", "area"), launched.area, "area", self.vocab.areas)

    def revision(self, base: Path_, i: int, claim: Claim, inc: Incident) -> None:
        """``updates`` names an earlier claim of the same source."""
        if claim.updates is None:
            return
        earlier = inc.claims[claim.updates] if claim.updates < i else None
        if earlier is None or earlier.source != claim.source:
            self.add(
                (*base, "updates"),
                "claim-updates",
                f"`updates: {claim.updates}` must name an earlier claim of `{claim.source}` "
                f"(its index in `claims`, counting from 0; this claim is number {i})",
            )

    def incident(self, item: Loaded[Incident]) -> None:
        self.item = item
        inc = item.model
        v = self.vocab
        where = self.default_zone
        if inc.timezone is not None:
            where = zone(inc.timezone)
        elif item.doc.data.get("timezone") is not None:
            where = None  # its zone was rejected (already an error): its times cannot be placed
        span = self.span(("occurred",), inc.occurred, where) if where else None
        self.future(("occurred",), span, "the incident's date")
        self.ref(("act",), inc.act, "act", v.acts)
        self.refs(("means",), inc.means, "means", v.means)
        for i, target in enumerate(inc.targets or ()):
            self.ref(("targets", i, "category"), target.category, "category", v.categories)
        self.places((), inc.location, inc.launched_from, inc.intercepted_at)
        parties = v.parties | {"unknown"}
        # A claim's references, looked up here: the path to one is built only when it is
        # not declared (a run checks every claim of every file, and nearly all are).
        named = (
            ("source", "source", v.sources),
            ("via", "source", v.sources),
            ("attributes_to", "party", parties),
            ("denies", "party", v.parties),
            ("act", "act", v.acts),
        )
        for i, claim in enumerate(inc.claims):
            base: Path_ = ("claims", i)
            for name, what, known in named:
                value = getattr(claim, name)
                if value is not None and value not in known:
                    self.ref((*base, name), value, what, known)
            if claim.means:
                self.refs((*base, "means"), claim.means, "means", v.means)
            for j, target in enumerate(claim.targets or ()):
                self.ref(
                    (*base, "targets", j, "category"), target.category, "category", v.categories
                )
            if claim.launched_from is not None:
                self.places(base, None, claim.launched_from, None)
            if claim.controlled_by is not None:
                self.ref((*base, "controlled_by"), claim.controlled_by, "party", v.parties)
            self.revision(base, i, claim, inc)
            if where is None:
                continue
            if claim.occurred is not None:
                self.span((*base, "occurred"), claim.occurred, where)
            if claim.published is not None:
                published = self.span((*base, "published"), claim.published, where)
                self.future((*base, "published"), published, "the publication date")
                if published is not None and span is not None and _before(published, span):
                    self.add(
                        (*base, "published"),
                        "time-published-before",
                        f"the claim is dated {claim.published}, before the incident began",
                    )
        for i, name in enumerate(inc.inferred):
            if not _has_field(item.doc.data, name):
                self.add(
                    ("inferred", i),
                    "ref-inferred",
                    f"`{_clip(name)}` is not a field of this incident; name a field it has "
                    "(e.g. `location.coordinates`, `targets`)",
                )


def _before(a: Span, b: Span) -> bool:
    """True when all of ``a`` lies before ``b`` starts."""
    end, start = a.utc_end, b.utc_start
    return end < start or (end == start and not a.closed)


def _has_field(data: Mapping[str, Any], dotted: str) -> bool:
    node: Any = data
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        if not isinstance(node, dict) or name not in node:
            return False
        node = node[name]
        if index:
            try:
                node = node[int(index.rstrip("]"))]
            except (ValueError, IndexError, TypeError, KeyError):
                return False
    return True


def _geometry(geo: Any) -> Any:
    if geo.get("type") == "FeatureCollection":
        geo = geo["features"][0]
    if geo.get("type") == "Feature":
        geo = geo["geometry"]
    return geo


def _keys(value: Any) -> Iterable[str]:
    return value.keys() if isinstance(value, dict) else ()


def check(data: Dataset, *, today: date | None = None) -> None:
    """Run every cross-file check on ``data``, adding to its diagnostics (then sorted)."""
    checker = check_context(data, today or datetime.now().astimezone().date())
    identity(data, data.incidents, "incident")
    for incident in data.incidents:
        checker.incident(incident)
    data.diagnostics.sort()


def check_context(data: Dataset, today: date) -> _Checker:
    """Check the project file, the agreements and the tallies; the checker returned checks
    incident files next (:meth:`_Checker.incident`; their ids are left to the caller)."""
    checker = _Checker(data, today)
    if data.project is not None:
        checker.project_file(data.project)
    identity(data, data.agreements, "agreement")
    for agreement in data.agreements:
        checker.agreement(agreement)
    from .tallycheck import check_tallies  # here: it imports this module

    check_tallies(data, checker)
    return checker
