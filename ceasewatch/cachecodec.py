"""What the cache stores, as plain values: diagnostics, findings and spans to tuples and back.

The cache is read with :mod:`marshal` (plain values only, several times faster than pickle
and unable to build arbitrary objects); these functions turn the results into such values
and back, field by field, so that a result read from the cache equals the one computed.
Models are not stored: a reporter that asks for one has it read again from its file
(:class:`ceasewatch.runs.FileModels`).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .diagnostics import Diagnostic
from .engine import ClaimStatus, Denial, Finding
from .positions import Mark
from .timeutil import Span

if TYPE_CHECKING:
    from .geo import Placed
    from .quality import Entry


@dataclass(slots=True)
class Unit:
    """What one incident file leaves behind in a run."""

    #: Its path from the dataset's root, and as reported.
    rel: str
    file: str
    #: A hash of its bytes (None: it could not be read).
    digest: bytes | None
    # Tuples: most are empty, and the empty tuple is one object for every file.
    diagnostics: tuple[Diagnostic, ...]
    #: None when the file gave no model (an error says why).
    entry: Entry | None
    #: Whether it holds what ``check`` needs: findings, or errors (which stop the engine).
    complete: bool
    findings: tuple[Finding, ...] = ()
    unattributed: tuple[Finding, ...] = ()
    #: Its point's country and whether the point lies outside it (None: not known; see
    #: :func:`~ceasewatch.quality.points_outside`), and its points' verdicts against the
    #: polygon areas (see :meth:`Areas.seed`): a file edited elsewhere needs no outline
    #: loaded again.
    outline: tuple[str, bool] | None = None
    places: tuple[Placed, ...] = ()


class Uncacheable(Exception):
    """A value the codec cannot write exactly (the run is then not cached)."""


def diagnostic(d: Diagnostic) -> tuple[Any, ...]:
    """A diagnostic as a tuple."""
    return (d.file, d.line, d.column, d.code, d.severity, d.message, d.field, d.related)


def to_diagnostic(t: Any) -> Diagnostic:
    """:func:`diagnostic` undone."""
    return Diagnostic(*t)


def moment(m: datetime) -> tuple[str, str | None, int]:
    """A datetime as its wall time, zone name (None: a fixed offset, kept in the text) and fold."""
    if isinstance(m.tzinfo, ZoneInfo):
        return m.replace(tzinfo=None).isoformat(), m.tzinfo.key, m.fold
    if m.tzinfo is None or isinstance(m.tzinfo, timezone):
        return m.isoformat(), None, m.fold
    raise Uncacheable(f"time zone {m.tzinfo!r}")


def to_moment(t: Any) -> datetime:
    """:func:`moment` undone."""
    text, key, fold = t
    m = datetime.fromisoformat(text)
    if key is not None:
        m = m.replace(tzinfo=ZoneInfo(key), fold=fold)
    elif fold:
        m = m.replace(fold=fold)
    return m


def span(s: Span | None, memo: dict[int, Any] | None = None) -> tuple[Any, ...] | None:
    """A span as a tuple; with ``memo``, a span object already written is not written again
    (by identity: spans equal as instants can differ in their zones)."""
    if s is None:
        return None
    if memo is None:
        return (moment(s.start), moment(s.end), s.closed)
    found = memo.get(id(s))
    if found is None or found[0] is not s:
        found = memo[id(s)] = (s, (moment(s.start), moment(s.end), s.closed))
    return found[1]


def to_span(t: Any, memo: dict[Any, Any] | None = None) -> Span | None:
    """:func:`span` undone; with ``memo``, an equal span already made is given again (spans
    are immutable, and thousands of incidents share their hours)."""
    if t is None:
        return None
    if memo is None:
        return Span(to_moment(t[0]), to_moment(t[1]), t[2])
    key = ("span", t)
    found = memo.get(key)
    if found is None:
        found = memo[key] = Span(to_moment(t[0]), to_moment(t[1]), t[2])
    return found


def finding(f: Finding, memo: dict[int, Any] | None = None) -> tuple[Any, ...]:
    """A finding as a tuple, without its versions (only ``explain`` and the report show
    them, and both evaluate afresh); ``memo``: see :func:`span`."""
    return (
        f.incident,
        f.agreement,
        f.term,
        f.party,
        f.status,
        f.file,
        f.line,
        f.event,
        f.support,
        f.contested,
        f.claimed_by,
        f.via,
        tuple((d.source, d.how, d.general, d.other) for d in f.denied_by),
        tuple((c.source, c.via, c.status, c.basis, c.rung, c.why) for c in f.claims),
        f.readings,
        span(f.span, memo),
        f.context,
    )


def to_finding(t: Any, memo: dict[Any, Any] | None = None) -> Finding:
    """:func:`finding` undone (``memo``: see :func:`to_span`)."""
    (inc, agr, term, party, status, file, line, event, support, contested, by, via) = t[:12]
    denied, claims, readings, when, context = t[12:]
    return Finding(
        inc,
        agr,
        term,
        party,
        status,
        file,
        line,
        event,
        support,
        contested,
        by,
        via,
        tuple(Denial(*d) for d in denied),
        tuple(ClaimStatus(*c) for c in claims),
        readings,
        to_span(when, memo),
        (),
        context,
    )


def _words(memo: dict[Any, Any]) -> Callable[[Any, Any], Any]:
    """Where decoded words (names, statuses, keys) are kept once: a dict of their own in
    ``memo``, so that a damaged value taken for a word never stands for another entry."""
    found = memo.get(_WORDS)
    if found is None:
        found = memo[_WORDS] = {}
    return found.setdefault


_WORDS = ("words",)


def to_shared(t: Any, memo: dict[Any, Any], incident: str = "", file: str = "") -> Finding:
    """``shared(to_finding(t, memo), memo, incident, file)`` (see
    :func:`engine.findings.shared`), without building the claims and denials ``memo``
    already holds: the stored tuples are the keys that function looks them up by."""
    (inc, agr, term, party, status, f_file, line, event, support, contested, by, via) = t[:12]
    denied, claims, readings, when, context = t[12:]
    get, word = memo.setdefault, _words(memo)
    denials = memo.get(("denied", denied))
    if denials is None:
        denials = memo[("denied", denied)] = tuple(Denial(*d) for d in denied)
    statuses = memo.get(("claims", claims))
    if statuses is None:
        statuses = memo[("claims", claims)] = tuple(ClaimStatus(*c) for c in claims)
    # Words (a party, a status, the readings' and the context's keys) kept once, not once
    # per finding: a few hundred bytes a unit, tens of megabytes at 100,000 incidents.
    return Finding(
        incident if incident == inc else inc,
        word(agr, agr),
        word(term, term),
        word(party, party),
        word(status, status),
        file if file == f_file else f_file,
        line,
        word(event, event),
        word(support, support),
        contested,
        get(("by", by), by),
        get(("via", via), via),
        denials,
        statuses,
        {word(k, k): get(("readings", v), v) for k, v in readings.items()},
        to_span(when, memo),
        (),
        {word(k, k): v for k, v in context.items()},
    )


def unit(u: Unit) -> tuple[Any, ...]:
    """What one incident file left behind in a run, as a tuple."""
    e = u.entry
    entry = None
    if e is not None:
        n = e.near
        near = (span(n.span), n.lat, n.lon, n.place, n.region, n.categories)
        entry = (e.file, e.id, (e.id_at.line, e.id_at.column), near, e.urls, e.reviews, e.moved)
    return (
        u.rel,
        u.file,
        u.digest,
        [diagnostic(d) for d in u.diagnostics],
        entry,
        u.complete,
        [finding(f) for f in u.findings],
        [finding(f) for f in u.unattributed],
        u.outline,
        u.places,
    )


def to_units(
    values: Iterable[Any],
    memo: dict[Any, Any] | None = None,
    *,
    places: bool = True,
    known: Iterable[tuple[str, bytes]] = (),
) -> list[Unit]:
    """:func:`unit` undone for each of ``values``, repeated values kept once in ``memo``;
    without ``places``, no point verdicts (a unit copied as it lies needs none); ``known``:
    each unit's path and digest as the run holds them, kept instead of equal copies."""
    from .duplicates import Near
    from .quality import Entry

    memo = {} if memo is None else memo
    word = _words(memo)
    out = []
    held = iter(known)
    for item in values:
        rel, file, digest, diagnostics, entry, complete, findings, unattributed, *rest = item
        outline, where = rest
        if (pair := next(held, None)) is not None:
            # one object for what the run holds already (a path, a digest), not a copy
            rel = pair[0] if rel == pair[0] else rel
            digest = pair[1] if digest == pair[1] else digest
        # One string for the path where the file, its entry and its findings all give it.
        file = rel if file == rel else file
        e = None
        if entry is not None:
            efile, ident, at, near, urls, reviews, moved = entry
            when, lat, lon, place, region, categories = near
            # Checked here, where a damaged entry is only a unit read afresh: the checks
            # across files use these later, where it would be a crash.
            for u in urls:
                if u is not None and type(u) is not int:
                    raise TypeError("a claim URL's hash is not an int")
            # Lists built, then made tuples: faster than generators, and what is not a list
            # of the right shape still fails here.
            reviews = tuple([(str(code), of, str(note)) for code, of, note in reviews])
            if moved is not None:
                moved = tuple((tuple(a), tuple(b)) for a, b in moved)
            n = Near(
                to_span(when, memo),
                lat,
                lon,
                place,
                word(region, region),
                word(categories, categories),
            )
            mark = memo.get(("at", *at))
            if mark is None:
                mark = memo[("at", *at)] = Mark(*at)
            e = Entry(file if efile == file else efile, ident, mark, n, urls, reviews, moved)
        names = (e.id, e.file) if e is not None else ("", "")
        out.append(
            Unit(
                rel,
                file,
                digest,
                tuple([to_diagnostic(d) for d in diagnostics]),
                e,
                complete,
                tuple([to_shared(f, memo, *names) for f in findings]),
                tuple([to_shared(f, memo, *names) for f in unattributed]),
                _outline(outline, memo) if outline is not None and e is not None else None,
                _places(where) if places and where else (),
            )
        )
    return out


def _places(value: Any) -> tuple[Placed, ...]:
    out = tuple([(area, lon, lat, inside) for area, lon, lat, inside in value])
    for area, lon, lat, inside in out:
        if not (type(area) is str and type(inside) is bool and {type(lon), type(lat)} <= _XY):
            raise TypeError("a unit's point verdict is not an area, a point and a verdict")
    return out


_XY = {float, int}


def _outline(value: Any, memo: dict[Any, Any]) -> tuple[str, bool]:
    country, outside = value
    if type(country) is not str or type(outside) is not bool:
        raise TypeError("a unit's outline is not a country and a verdict")
    return outline(country, outside, memo)


def keeper(memo: dict[Any, Any]) -> Callable[[Any], Any]:
    """What keeps one object for each value in ``memo``, as :func:`to_units` keeps decoded
    words (see :data:`duplicates.Keep`): a unit worked out in this process would otherwise
    hold copies of its own of what many repeat (a fifth of its size)."""
    word = _words(memo)
    return lambda value: word(value, value)


def outline(country: str, outside: bool, memo: dict[Any, Any]) -> tuple[str, bool]:
    """A unit's outline (see :attr:`Unit.outline`), one tuple for each value."""
    return memo.setdefault(("outline", country, outside), (country, outside))  # type: ignore[no-any-return]


def decoded(
    keys: list[bytes],
    take: Callable[[bytes], bytes] | None,
    memo: dict[Any, Any],
    *,
    places: bool = True,
    known: Sequence[tuple[str, bytes]] = (),
) -> list[Unit | None]:
    """The units the cache holds under ``keys``, each its own ``marshal`` blob (None for
    one that does not decode; ``places`` and ``known``: see :func:`to_units`), one
    blob taken, unpacked and let go at a time (all at once, each unit is held twice)."""
    if not keys or take is None:
        return []
    try:
        values = (_unpacked(take(k)) for k in keys)
        return list(to_units(values, memo, places=places, known=known))
    except _DAMAGED:
        pass
    out: list[Unit | None] = []
    for n, k in enumerate(keys):
        try:
            one = known[n : n + 1]
            out.append(to_units([_unpacked(take(k))], memo, places=places, known=one)[0])
        except _DAMAGED:
            out.append(None)
    return out


def _unpacked(blob: bytes) -> Any:
    # The user's own cache folder, outside every dataset (see cache.py); marshal builds
    # plain values only.
    return marshal.loads(blob)  # noqa: S302


def packed(u: Unit) -> bytes:
    """One unit as the cache keeps it."""
    return marshal.dumps(unit(u))


# OSError: a stored unit read again from its file (see cache.Store.take) that cannot be.
_DAMAGED = (ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, OSError)
