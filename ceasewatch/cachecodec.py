"""What the cache stores, as plain values: diagnostics, findings and spans to tuples and back.

The cache is read with :mod:`marshal` (plain values only, several times faster than pickle
and unable to build arbitrary objects); these functions turn the results into such values
and back, field by field, so that a result read from the cache equals the one computed.
Models are not stored: a reporter that asks for one has it read again from its file
(:class:`ceasewatch.runs.FileModels`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .diagnostics import Diagnostic
from .engine import ClaimStatus, Denial, Finding
from .positions import Mark
from .timeutil import Span

if TYPE_CHECKING:
    from .filewise import Unit


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


def span(s: Span | None) -> tuple[Any, ...] | None:
    """A span as a tuple."""
    return None if s is None else (moment(s.start), moment(s.end), s.closed)


def to_span(t: Any) -> Span | None:
    """:func:`span` undone."""
    return None if t is None else Span(to_moment(t[0]), to_moment(t[1]), t[2])


def finding(f: Finding) -> tuple[Any, ...]:
    """A finding as a tuple, without its versions (only ``explain`` and the report show
    them, and both evaluate afresh)."""
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
        span(f.span),
        f.context,
    )


def to_finding(t: Any) -> Finding:
    """:func:`finding` undone."""
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
        to_span(when),
        (),
        context,
    )


def unit(u: Unit) -> tuple[Any, ...]:
    """What one incident file left behind in a run, as a tuple."""
    e = u.entry
    entry = None
    if e is not None:
        n = e.near
        near = (span(n.span), n.lat, n.lon, n.place, n.region, n.categories)
        entry = (e.file, e.id, (e.id_at.line, e.id_at.column), near, e.urls, e.reviews)
    return (
        u.rel,
        u.file,
        u.digest,
        [diagnostic(d) for d in u.diagnostics],
        entry,
        u.complete,
        [finding(f) for f in u.findings],
        [finding(f) for f in u.unattributed],
    )


def to_unit(t: Any) -> Unit:
    """:func:`unit` undone."""
    return to_units([t])[0]


def to_units(values: list[Any]) -> list[Unit]:
    """:func:`unit` undone for each of ``values`` (the classes are looked up once: a cached
    run decodes thousands)."""
    from .duplicates import Near
    from .filewise import Unit
    from .quality import Entry

    out = []
    for rel, file, digest, diagnostics, entry, complete, findings, unattributed in values:
        e = None
        if entry is not None:
            efile, ident, at, near, urls, reviews = entry
            n = Near(to_span(near[0]), *near[1:])
            e = Entry(efile, ident, Mark(*at), n, urls, reviews)
        out.append(
            Unit(
                rel,
                file,
                digest,
                [Diagnostic(*d) for d in diagnostics],
                e,
                complete,
                [to_finding(f) for f in findings],
                [to_finding(f) for f in unattributed],
            )
        )
    return out
