"""Readings and versions: what each source says a term covers and when it is in force, and
the incident as each claim tells it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from itertools import count
from typing import Any

from ..loading import Loaded
from ..models import (
    SCOPE_FIELDS,
    Agreement,
    Claim,
    Incident,
    InForce,
    LaunchPoint,
    Location,
    Scope,
    Target,
    incident_span,
    span_of,
)
from ..timeutil import Span, day_span, resolve, utc

Values = tuple[str, ...]

__all__ = ["Period", "TermReading", "Version", "incident_span", "span_of", "term_readings"]


@dataclass(frozen=True, slots=True)
class Period:
    """One in-force reading, resolved: [start, end) or pending."""

    name: str
    start: datetime | None
    end: datetime | None
    pending: str | None
    where: str  # file:line
    stated: date | None = None  # when the reading was first stated publicly
    #: ``start`` and ``end`` in UTC, as every incident is compared with them (see
    #: :func:`~ceasewatch.timeutil.utc`): converted once, not once per incident.
    utc_start: datetime | None = field(init=False, compare=False, repr=False)
    utc_end: datetime | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: set as the generated __init__ sets the other fields
        for name, moment in (("utc_start", self.start), ("utc_end", self.end)):
            object.__setattr__(self, name, utc(moment) if moment is not None else None)


@dataclass(frozen=True, slots=True)
class TermReading:
    """One reading of a term with every field filled in (overrides applied).

    ``scope`` maps each of :data:`SCOPE_FIELDS` to what it lists (None: any); ``carved``
    to what the reading's carve-outs list (empty: nothing carved out).
    """

    name: str
    scope: dict[str, Values | None]
    carved: dict[str, Values]
    attempts: bool
    where: str
    stated: date | None = None  # when the reading was first stated publicly
    #: Where the area is tested: `impact`, `launch` or `either`.
    point: str = "impact"


def reading_name(per: Sequence[str]) -> str:
    """A reading is named by its sources: ``white-house+ukraine-mfa``."""
    return "+".join(per)


def _values(scope: Scope | None, name: str) -> Values | None:
    found = getattr(scope, name) if scope is not None else None
    return None if found is None else tuple(found)


def term_readings(agreement: Loaded[Agreement], t_index: int) -> list[TermReading]:
    """The term's first reading (``prohibits``) and each other reading with overrides applied."""
    term = agreement.model.terms[t_index]
    p = term.prohibits
    base = ("terms", t_index)

    def carved(scope: Scope | None) -> dict[str, Values]:
        return {f.name: _values(scope, f.name) or () for f in SCOPE_FIELDS}

    first = TermReading(
        name=reading_name(p.per),
        scope={f.name: _values(p, f.name) for f in SCOPE_FIELDS},
        carved=carved(term.except_),
        attempts=bool(p.attempts),
        where=at(agreement, *base, "prohibits"),
        stated=p.stated,
        point=p.where or "impact",
    )
    out = [first]
    for j, r in enumerate(term.readings):
        out.append(
            TermReading(
                name=reading_name(r.per),
                scope={
                    f.name: first.scope[f.name]
                    if getattr(r, f.name) is None
                    else _values(r, f.name)
                    for f in SCOPE_FIELDS
                },
                carved=carved(r.except_) if r.except_ is not None else first.carved,
                attempts=r.attempts if r.attempts is not None else first.attempts,
                where=at(agreement, *base, "readings", j),
                stated=r.stated,
                point=r.where or first.point,
            )
        )
    return out


def periods(agreement: Loaded[Agreement], party: str, where: tzinfo) -> list[Period]:
    """The in-force readings that concern ``party`` (those without ``parties`` or naming it)."""
    out = []
    for i, r in enumerate(agreement.model.in_force):
        if r.parties is not None and party not in r.parties:
            continue
        out.append(_period(agreement, i, r, where))
    return out


def _period(agreement: Loaded[Agreement], i: int, r: InForce, where: tzinfo) -> Period:
    name = reading_name(r.per)
    loc = at(agreement, "in_force", i)
    if r.pending is not None or r.from_ is None:
        return Period(name, None, None, r.pending or "pending", loc, r.stated)
    start = resolve(r.from_, where).start
    end: datetime | None = None
    if r.until is not None:
        end = resolve(r.until, where).start
    elif r.for_ is not None:
        # N calendar days: the same wall-clock time N days on, in the zone `from` is read
        # in, as people count "30 days from 25 March" (aware arithmetic in one zone adds
        # wall-clock days; a clock change in between makes the span an hour more or less).
        end = start + timedelta(days=int(r.for_.split()[0]))
    return Period(name, start, end, None, loc, r.stated)


def stated_after(stated: date | None, span: Span | None, where: tzinfo) -> bool:
    """Whether a reading first stated on ``stated`` (the start of that day in ``where``, the
    project's zone) was stated after the incident ended: a mark for the reader, no effect."""
    if stated is None or span is None:
        return False
    return day_span(stated, where).start > span.end


def at(item: Loaded[Any], *path: str | int) -> str:
    """``file:line`` of the value at ``path``."""
    mark = item.doc.mark(path)
    return f"{item.file}:{mark.line}"


@dataclass(frozen=True, slots=True)
class Version:
    """The incident as one claim tells it (the incident's fields, the claim's own replacing).

    Each fact comes with ``file:line`` of where it was read (``facts_from``).
    """

    label: str  # "incident" or "claims[2] (russia-mod)"
    span: Span | None
    act: str | None
    means: tuple[str, ...]
    outcome: str | None
    targets: tuple[Target, ...] | None
    location: Location
    launched_from: LaunchPoint | None = None
    #: The loaded incident and the claim's index, to place each fact when asked for.
    source: Loaded[Incident] | None = field(default=None, compare=False, repr=False)
    claim_index: int | None = None
    #: Shared by versions whose facts are the same objects (a claim that tells nothing of
    #: its own is the incident's version under another label): what is worked out from the
    #: facts alone is worked out once for them (see :func:`evaluation.evaluate`).
    facts_key: int = field(default=0, compare=False, repr=False)

    @property
    def place(self) -> tuple[Location, LaunchPoint | None]:
        """Where it hit and where it was launched from: what the area condition reads."""
        return self.location, self.launched_from

    @property
    def facts_from(self) -> dict[str, str]:
        """``file:line`` of each fact, worked out when asked for (``explain``, the report):
        a plain run never needs them."""
        item = self.source
        if item is None:
            return {}
        claim = item.model.claims[self.claim_index] if self.claim_index is not None else None
        prefix: tuple[str | int, ...] = ()
        if claim is not None and self.claim_index is not None:
            prefix = ("claims", self.claim_index)
        out: dict[str, str] = {"location": at(item, "location")}
        for name in _FACTS:
            own = getattr(claim, name) if claim is not None else None
            out[name] = at(item, *prefix, name) if own is not None else at(item, name)
        out["place"] = out["launched_from" if self.launched_from else "location"]
        return out


_FACTS = ("occurred", "act", "means", "outcome", "targets", "launched_from")
_keys = count(1)


def tells_nothing(claim: Claim) -> bool:
    """Whether the claim tells none of the facts of its own (its version is the incident's
    under another label)."""
    # written out rather than a loop over _FACTS: a run asks this of every claim
    return (
        claim.occurred is None
        and claim.act is None
        and claim.means is None
        and claim.outcome is None
        and claim.targets is None
        and claim.launched_from is None
    )


def version(
    item: Loaded[Incident], where: tzinfo, claim_index: int | None, own: Version | None = None
) -> Version:
    """The incident's own version (``claim_index`` None) or one claim's (``own``: the
    incident's, whose facts a claim that tells none of its own shares)."""
    inc = item.model
    claim: Claim | None = inc.claims[claim_index] if claim_index is not None else None
    label = "incident" if claim is None else f"claims[{claim_index}] ({claim.source})"
    if claim is not None and own is not None and tells_nothing(claim):
        # the same fact objects and facts_key: worked out once for both (built directly:
        # dataclasses.replace looks every field up by name, and this runs per claim)
        return Version(
            label,
            own.span,
            own.act,
            own.means,
            own.outcome,
            own.targets,
            own.location,
            own.launched_from,
            item,
            claim_index,
            own.facts_key,
        )
    if claim is None:
        # the incident's own (positional, as above: one per incident)
        return Version(
            label,
            span_of(inc.occurred, where),
            inc.act,
            tuple(inc.means or ()),
            inc.outcome,
            tuple(inc.targets) if inc.targets else None,
            inc.location,
            inc.launched_from,
            item,
            None,
            next(_keys),
        )
    facts: dict[str, Any] = {}
    for name in _FACTS:
        given = getattr(claim, name)
        facts[name] = given if given is not None else getattr(inc, name)
    return Version(
        label=label,
        span=span_of(facts["occurred"], where),
        act=facts["act"],
        means=tuple(facts["means"] or ()),
        outcome=facts["outcome"],
        targets=tuple(facts["targets"]) if facts["targets"] else None,
        location=inc.location,
        launched_from=facts["launched_from"],
        source=item,
        claim_index=claim_index,
        facts_key=next(_keys),
    )
