"""The rule engine: which incidents appear to violate which term, by whom, as claimed by whom.

It never decides who is right. Terms are data, interpreted by a closed set of conditions
(in force, act, means, target, area, outcome), each yes, no or unknown; a reading's result
is their Kleene AND. Every accusation is a claim with a source, and a finding says how well
it is supported and who disputes it. Pure: a dataset in, findings out, no printing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal

from . import vocab
from .geo import Areas
from .loading import Dataset, Loaded, no_cyclic_gc
from .models import (
    Agreement,
    Claim,
    Incident,
    InForce,
    Location,
    Scope,
    Target,
    Term,
    Window,
)
from .timeutil import Span, TimeError, day_span, fmt, resolve, utc, window, zone

Tri = Literal["yes", "no", "unknown"]
Status = Literal["apparent", "contingent", "possible"]
Support = Literal["acknowledged", "independent", "third-party", "adversary"]

STATUS_RANK: dict[str, int] = {"apparent": 3, "contingent": 2, "possible": 1}
SUPPORT_RANK: dict[str, int] = {
    "acknowledged": 4,
    "independent": 3,
    "third-party": 2,
    "adversary": 1,
}


def kleene_and(values: Iterable[Tri]) -> Tri:
    """``no`` beats ``unknown`` beats ``yes``."""
    out: Tri = "yes"
    for value in values:
        if value == "no":
            return "no"
        if value == "unknown":
            out = "unknown"
    return out


def kleene_or(values: Iterable[Tri]) -> Tri:
    """``yes`` beats ``unknown`` beats ``no``."""
    out: Tri = "no"
    for value in values:
        if value == "yes":
            return "yes"
        if value == "unknown":
            out = "unknown"
    return out


def status_of(results: Sequence[Tri]) -> Status | None:
    """apparent: every combination yes; contingent: some yes; possible: none yes, some unknown."""
    if not results:
        return None
    yes = sum(r == "yes" for r in results)
    if yes == len(results):
        return "apparent"
    if yes:
        return "contingent"
    if any(r == "unknown" for r in results):
        return "possible"
    return None


# --- readings --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """One in-force reading, resolved: [start, end) or pending."""

    name: str
    start: datetime | None
    end: datetime | None
    pending: str | None
    where: str  # file:line


@dataclass(frozen=True, slots=True)
class TermReading:
    """One reading of a term with every field filled in (overrides applied)."""

    name: str
    acts: tuple[str, ...] | None
    means: tuple[str, ...] | None
    targets: tuple[str, ...] | None
    areas: tuple[str, ...] | None
    attempts: bool
    carve_outs: Scope | None
    where: str


def reading_name(per: Sequence[str]) -> str:
    """A reading is named by its sources: ``white-house+ukraine-mfa``."""
    return "+".join(per)


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def term_readings(agreement: Loaded[Agreement], t_index: int) -> list[TermReading]:
    """The term's first reading (``prohibits``) and each other reading with overrides applied."""
    term = agreement.model.terms[t_index]
    p = term.prohibits
    base = ("terms", t_index)
    first = TermReading(
        name=reading_name(p.per),
        acts=_tuple(p.acts),
        means=_tuple(p.means),
        targets=_tuple(p.targets),
        areas=_tuple(p.areas),
        attempts=bool(p.attempts),
        carve_outs=term.except_,
        where=_at(agreement, *base, "prohibits"),
    )
    out = [first]
    for j, r in enumerate(term.readings):
        out.append(
            TermReading(
                name=reading_name(r.per),
                acts=_tuple(r.acts) if r.acts is not None else first.acts,
                means=_tuple(r.means) if r.means is not None else first.means,
                targets=_tuple(r.targets) if r.targets is not None else first.targets,
                areas=_tuple(r.areas) if r.areas is not None else first.areas,
                attempts=r.attempts if r.attempts is not None else first.attempts,
                carve_outs=r.except_ if r.except_ is not None else first.carve_outs,
                where=_at(agreement, *base, "readings", j),
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
    loc = _at(agreement, "in_force", i)
    if r.pending is not None or r.from_ is None:
        return Period(name, None, None, r.pending or "pending", loc)
    start = resolve(r.from_, where).start
    end: datetime | None = None
    if r.until is not None:
        end = resolve(r.until, where).start
    elif r.for_ is not None:
        # N x 24 hours of elapsed time: aware-datetime arithmetic in one zone adds wall-clock
        # days, which gains or loses the hour a clock change skips or repeats.
        end = (utc(start) + timedelta(days=int(r.for_.split()[0]))).astimezone(start.tzinfo)
    return Period(name, start, end, None, loc)


def _at(item: Loaded[Any], *path: str | int) -> str:
    mark = item.doc.mark(path)
    return f"{item.file}:{mark.line}"


# --- the version of an incident a claim gives ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Version:
    """The incident as one claim tells it (the incident's fields, the claim's own replacing)."""

    label: str  # "incident" or "claims[2] (russia-mod)"
    span: Span | None
    span_from: str
    act: str | None
    act_from: str
    means: tuple[str, ...]
    means_from: str
    outcome: str | None
    outcome_from: str
    targets: tuple[Target, ...] | None
    targets_from: str


def version(item: Loaded[Incident], where: tzinfo, claim_index: int | None) -> Version:
    """The incident's own version (``claim_index`` None) or one claim's."""
    inc = item.model
    claim: Claim | None = inc.claims[claim_index] if claim_index is not None else None
    prefix: tuple[str | int, ...] = ("claims", claim_index) if claim_index is not None else ()

    def pick(name: str, own: Any) -> tuple[Any, str]:
        if claim is not None and getattr(claim, name) is not None:
            return getattr(claim, name), _at(item, *prefix, name)
        return own, _at(item, name)

    occurred, span_from = pick("occurred", inc.occurred)
    act, act_from = pick("act", inc.act)
    means, means_from = pick("means", inc.means)
    outcome, outcome_from = pick("outcome", inc.outcome)
    targets, targets_from = pick("targets", inc.targets)
    label = "incident" if claim is None else f"claims[{claim_index}] ({claim.source})"
    return Version(
        label=label,
        span=span_of(occurred, where),
        span_from=span_from,
        act=act,
        act_from=act_from,
        means=tuple(means or ()),
        means_from=means_from,
        outcome=outcome,
        outcome_from=outcome_from,
        targets=tuple(targets) if targets else None,
        targets_from=targets_from,
    )


def span_of(when: str | Window, where: tzinfo) -> Span | None:
    """The span a written time stands for, or None if it cannot be resolved."""
    try:
        if isinstance(when, Window):
            return window(when.from_, when.until, where)
        return resolve(when, where)
    except TimeError:
        return None


def incident_span(inc: Incident, default_zone: str) -> Span | None:
    """The incident's time span, in its own zone (else ``default_zone``, the project's);
    None when it cannot be resolved (invalid data, already reported)."""
    try:
        return span_of(inc.occurred, zone(inc.timezone or default_zone))
    except TimeError:
        return None


# --- conditions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition's value, with where its facts came from and why."""

    name: str
    value: Tri
    sources: tuple[str, ...]
    reason: str


def in_force(span: Span | None, period: Period) -> tuple[Tri, str]:
    """Entirely inside the period: yes; entirely outside: no; straddling: unknown."""
    if period.pending is not None:
        pending = period.pending if len(period.pending) <= 80 else period.pending[:79] + "…"
        return "no", f"not in force by the {period.name} reading: pending ({pending})"
    if span is None:
        return "unknown", "the incident's time is not known"
    assert period.start is not None
    s, e = utc(span.start), utc(span.end)
    ps = utc(period.start)
    pe = utc(period.end) if period.end is not None else None
    ends_before = e < ps or (e == ps and not span.closed)
    starts_after = pe is not None and s >= pe
    when = str(span)
    if ends_before:
        return "no", (
            f"not in force: the incident ended {when.split(' to ')[-1]}, before the "
            f"{period.name} reading's start, {fmt(period.start)}"
        )
    if starts_after:
        assert period.end is not None
        return "no", (
            f"not in force: the incident began {fmt(span.start)}, at or after the "
            f"{period.name} reading's end, {fmt(period.end)}"
        )
    inside_end = pe is None or e < pe or (e == pe and not span.closed)
    if s >= ps and inside_end:
        return "yes", f"in force by the {period.name} reading: {when} lies within it"
    return "unknown", (
        f"the incident's time ({when}) straddles a bound of the {period.name} reading "
        f"({fmt(period.start)} to {fmt(period.end) if period.end else 'open-ended'})"
    )


def in_list(
    value: str | None,
    allowed: tuple[str, ...] | None,
    what: str,
    carved: tuple[str, ...] = (),
) -> tuple[Tri, str]:
    """Acts: yes when listed (or no list), unknown when missing, else (or carved out) no."""
    if allowed is None and not carved:
        return "yes", f"the term covers any {what}"
    if value is None or value == "unknown":
        return "unknown", f"the {what} is not known"
    if value in carved:
        return "no", f"{what} `{value}` falls under the carve-out"
    if allowed is None:
        return "yes", f"{what} `{value}` is covered (any {what} but {', '.join(carved)})"
    if value in allowed:
        return "yes", f"{what} `{value}` is covered"
    return "no", f"{what} `{value}` is not among {', '.join(allowed)}"


def means_condition(
    values: tuple[str, ...], allowed: tuple[str, ...] | None, carved: tuple[str, ...] = ()
) -> tuple[Tri, str]:
    """Means: yes when any is listed and not carved out; unknown when none known; else no."""
    if allowed is None and not carved:
        return "yes", "the term covers any means"
    known = [v for v in values if v != "unknown"]
    covered = [v for v in known if v not in carved and (allowed is None or v in allowed)]
    if covered:
        return "yes", f"means {', '.join(covered)} covered"
    if not known or len(known) < len(values):
        return "unknown", "the means are not (all) known"
    if allowed is None:
        return "no", f"means {', '.join(known)} fall under the carve-out"
    return "no", f"means {', '.join(known)} not among {', '.join(allowed)} (or carved out)"


def target_condition(
    targets: tuple[Target, ...] | None, prohibited: tuple[str, ...] | None, carve: Scope | None
) -> tuple[Tri, str]:
    """Per target, then yes if any is yes, else unknown if any unknown, else no."""
    carve_outs = tuple(carve.targets or ()) if carve is not None else ()
    if prohibited is None and not carve_outs:
        return "yes", "the term covers any target"
    if not targets:
        return "unknown", "the target is not known"
    results: list[tuple[Tri, str]] = [
        _one_target(t.category, prohibited, carve_outs) for t in targets
    ]
    value = kleene_or(r for r, _ in results)
    return value, "; ".join(reason for _, reason in results)


def _one_target(
    category: str, prohibited: tuple[str, ...] | None, carve_outs: tuple[str, ...]
) -> tuple[Tri, str]:
    if category == "unknown":
        return "unknown", "target category unknown"
    covered = (
        next((p for p in prohibited if vocab.covers(p, category)), None)
        if prohibited is not None
        else "any"
    )
    carved = next((e for e in carve_outs if vocab.covers(e, category)), None)
    if carved is not None:
        return "no", f"`{category}` falls under the carve-out `{carved}`"
    if covered is not None:
        inner = next((e for e in carve_outs if vocab.covers(category, e)), None)
        if inner is not None:
            return "unknown", (
                f"`{category}` is broader than the carve-out `{inner}`: which part was hit decides"
            )
        return "yes", f"`{category}` falls under `{covered}`"
    broader = next((p for p in prohibited or () if vocab.covers(category, p)), None)
    if broader is not None:
        return "unknown", f"`{category}` is broader than the prohibited `{broader}`"
    return "no", f"`{category}` is not among the prohibited targets"


def outcome_condition(outcome: str | None, attempts: bool) -> tuple[Tri, str]:
    """hit: yes; intercepted: yes only when attempts count; aborted: no; unknown: unknown."""
    if outcome == "hit":
        return "yes", "the target was hit"
    if outcome == "intercepted":
        if attempts:
            return "yes", "intercepted, and this reading counts attempts"
        return "no", "intercepted, and this reading does not count attempts"
    if outcome == "aborted":
        return "no", "aborted attacks never count"
    return "unknown", "the outcome is not known"


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Combination:
    """One in-force reading with one term reading, and its result for one version."""

    in_force: str
    term: str
    value: Tri
    conditions: tuple[Condition, ...] = ()

    @property
    def name(self) -> str:
        """``in force: kremlin / term: white-house``."""
        return f"in force: {self.in_force} / term: {self.term}"


class Context:
    """What evaluation needs from the dataset, computed once."""

    def __init__(self, data: Dataset) -> None:
        assert data.project is not None
        self.project = data.project.model
        self.areas = Areas.of(data)
        affiliation = {sid: s.affiliation for sid, s in self.project.sources.items()}
        self.affiliation: dict[str, str | None] = affiliation
        self.zones: dict[str, tzinfo] = {}
        self.project_zone = zone(self.project.timezone)

    def zone_of(self, inc: Incident) -> tzinfo:
        """The incident's zone (cached by name)."""
        name = inc.timezone or self.project.timezone
        found = self.zones.get(name)
        if found is None:
            found = self.zones[name] = zone(name)
        return found


def evaluate(
    ctx: Context,
    item: Loaded[Incident],
    ver: Version,
    agreement: Loaded[Agreement],
    party: str,
    readings: list[TermReading],
    *,
    explain: bool = False,
) -> list[Combination]:
    """Every combination of an in-force reading (for ``party``) and a term reading."""
    # An agreement's times without an offset are in the project's zone, not the incident's.
    periods_ = periods(agreement, party, ctx.project_zone)
    if not periods_:
        return [
            Combination(
                "none",
                r.name,
                "no",
                (Condition("in force", "no", (), f"no in-force reading concerns {party}"),)
                if explain
                else (),
            )
            for r in readings
        ]
    loc = item.model.location
    out: list[Combination] = []
    area_cache: dict[tuple[tuple[str, ...] | None, tuple[str, ...]], tuple[Tri, str]] = {}
    for period in periods_:
        force = in_force(ver.span, period)
        for reading in readings:
            carve = reading.carve_outs
            act = in_list(ver.act, reading.acts, "act", tuple(carve.acts or ()) if carve else ())
            means = means_condition(
                ver.means, reading.means, tuple(carve.means or ()) if carve else ()
            )
            target = target_condition(ver.targets, reading.targets, carve)
            carved_areas = tuple(carve.areas or ()) if carve else ()
            key = (reading.areas, carved_areas)
            if key not in area_cache:
                area_cache[key] = _area(ctx, reading.areas, carved_areas, loc)
            area = area_cache[key]
            outcome = outcome_condition(ver.outcome, reading.attempts)
            values = (force[0], act[0], means[0], target[0], area[0], outcome[0])
            value = kleene_and(values)
            conditions: tuple[Condition, ...] = ()
            if explain:
                conditions = (
                    Condition("in force", force[0], (ver.span_from, period.where), force[1]),
                    Condition("act", act[0], (ver.act_from, reading.where), act[1]),
                    Condition("means", means[0], (ver.means_from, reading.where), means[1]),
                    Condition("target", target[0], (ver.targets_from, reading.where), target[1]),
                    Condition("area", area[0], (_at(item, "location"), reading.where), area[1]),
                    Condition("outcome", outcome[0], (ver.outcome_from, reading.where), outcome[1]),
                )
            out.append(Combination(period.name, reading.name, value, conditions))
    return out


def _area(
    ctx: Context, areas: tuple[str, ...] | None, carved: tuple[str, ...], loc: Location
) -> tuple[Tri, str]:
    """In one of the areas and in none of the carved-out ones (Kleene)."""
    value, reason = ctx.areas.contains(areas, loc)
    if not carved:
        return value, reason
    inside, why = ctx.areas.contains(carved, loc)
    return kleene_and((value, _NOT[inside])), f"{reason}; carve-out: {why}"


_NOT: dict[Tri, Tri] = {"yes": "no", "no": "yes", "unknown": "unknown"}


# --- findings --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    """One accusing claim and the status its own version gives."""

    source: str
    via: str | None
    status: Status | None


@dataclass(frozen=True, slots=True)
class Denial:
    """A source disputing an accusation, and how."""

    source: str
    how: Literal["denies", "blames-other", "scope"]
    general: bool
    other: str | None = None  # the party blamed instead


@dataclass(frozen=True, slots=True)
class Finding:
    """An incident that appears to violate a term, alleged against a party, as claimed."""

    incident: str
    agreement: str
    term: str
    party: str
    status: Status
    support: Support
    contested: bool
    claimed_by: tuple[str, ...]
    via: tuple[str, ...]
    denied_by: tuple[Denial, ...]
    claims: tuple[ClaimStatus, ...]
    readings: dict[str, tuple[str, ...]]
    file: str
    line: int
    span: Span | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "incident": self.incident,
            "agreement": self.agreement,
            "term": self.term,
            "party": self.party,
            "status": self.status,
            "support": self.support,
            "contested": self.contested,
            "claimed_by": list(self.claimed_by),
            "via": list(self.via),
            "denied_by": [
                {"source": d.source, "how": d.how, "general": d.general}
                | ({"blames": d.other} if d.other else {})
                for d in self.denied_by
            ],
            "claims": [{"source": c.source, "via": c.via, "status": c.status} for c in self.claims],
            "readings": {k: list(v) for k, v in self.readings.items()},
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Unattributed:
    """An incident within a term that no claim attributes to anyone."""

    incident: str
    agreement: str
    term: str
    status: Status
    file: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "incident": self.incident,
            "agreement": self.agreement,
            "term": self.term,
            "status": self.status,
            "file": self.file,
            "line": self.line,
        }


@dataclass(slots=True)
class Result:
    """Everything the engine found, in a deterministic order."""

    findings: list[Finding] = field(default_factory=list)
    unattributed: list[Unattributed] = field(default_factory=list)


def _support(sources: Iterable[str], party: str, ctx: Context, parties: set[str]) -> Support:
    best: Support = "adversary"
    for source in sources:
        aff = ctx.affiliation.get(source)
        level: Support
        if aff == party:
            level = "acknowledged"
        elif aff is None:
            level = "independent"
        elif aff not in parties:
            level = "third-party"
        else:
            level = "adversary"
        if SUPPORT_RANK[level] > SUPPORT_RANK[best]:
            best = level
    return best


def run(data: Dataset) -> Result:
    """Evaluate every incident against every term of every agreement."""
    with no_cyclic_gc():
        return _run(data)


def _run(data: Dataset) -> Result:
    result = Result()
    if data.project is None:
        return result
    ctx = Context(data)
    prepared = [
        (
            agreement,
            [
                (t, term, term_readings(agreement, t))
                for t, term in enumerate(agreement.model.terms)
            ],
        )
        for agreement in sorted(data.agreements, key=lambda a: a.model.id)
    ]
    for item in data.incidents:
        where = ctx.zone_of(item.model)
        own = version(item, where, None)
        versions = {
            i: version(item, where, i)
            for i, c in enumerate(item.model.claims)
            if c.attributes_to not in (None, "unknown")
        }
        for agreement, terms in prepared:
            for _t, term, readings in terms:
                _incident_term(ctx, item, own, versions, agreement, term, readings, result)
    result.findings.sort(key=_finding_key)
    result.unattributed.sort(key=lambda u: (u.agreement, u.term, u.file, u.incident))
    return result


def _finding_key(f: Finding) -> tuple[Any, ...]:
    start = utc(f.span.start).isoformat() if f.span is not None else ""
    return (f.agreement, f.term, start, f.incident, f.party)


def bound(agreement: Agreement, term: Term, party: str) -> bool:
    """Whether ``party`` is bound by ``term``."""
    binds = term.binds if term.binds is not None else agreement.parties
    return party in binds


def _incident_term(
    ctx: Context,
    item: Loaded[Incident],
    own: Version,
    versions: dict[int, Version],
    agreement: Loaded[Agreement],
    term: Term,
    readings: list[TermReading],
    result: Result,
) -> None:
    inc = item.model
    a = agreement.model
    parties = set(a.parties)  # a mediator is a non-party: its sources are third-party
    accused = sorted(
        {c.attributes_to for c in inc.claims if c.attributes_to not in (None, "unknown")}
    )
    line = item.mark("id").line
    if not accused:
        best: Status | None = None
        for party in a.parties:
            if not bound(a, term, party):
                continue
            st = status_of([c.value for c in evaluate(ctx, item, own, agreement, party, readings)])
            if st is not None and (best is None or STATUS_RANK[st] > STATUS_RANK[best]):
                best = st
        if best is not None:
            result.unattributed.append(Unattributed(inc.id, a.id, term.id, best, item.file, line))
        return
    for party in accused:
        assert party is not None
        if not bound(a, term, party):
            continue
        statuses: list[ClaimStatus] = []
        combined: dict[tuple[str, str], list[Tri]] = {}
        best = None
        supporting: list[str] = []
        scope_disputes: list[Denial] = []
        for i, claim in enumerate(inc.claims):
            if claim.attributes_to != party:
                continue
            combos = evaluate(ctx, item, versions[i], agreement, party, readings)
            st = status_of([c.value for c in combos])
            statuses.append(ClaimStatus(claim.source, claim.via, st))
            for c in combos:
                combined.setdefault((c.in_force, c.term), []).append(c.value)
            if st is not None:
                supporting.append(claim.source)
                if best is None or STATUS_RANK[st] > STATUS_RANK[best]:
                    best = st
            elif ctx.affiliation.get(claim.source) == party:
                scope_disputes.append(Denial(claim.source, "scope", claim.general))
        if best is None:
            continue
        denials: list[Denial] = list(scope_disputes)
        for claim in inc.claims:
            if claim.denies == party:
                denials.append(Denial(claim.source, "denies", claim.general))
            if claim.attributes_to not in (None, "unknown", party):
                denials.append(
                    Denial(claim.source, "blames-other", claim.general, claim.attributes_to)
                )
        readings_out: dict[str, list[str]] = {"yes": [], "no": [], "unknown": []}
        for (force, term_name), values in sorted(combined.items()):
            readings_out[kleene_or(values)].append(f"in force: {force} / term: {term_name}")
        claimed_by = tuple(sorted({s.source for s in statuses}))
        result.findings.append(
            Finding(
                incident=inc.id,
                agreement=a.id,
                term=term.id,
                party=party,
                status=best,
                support=_support(supporting, party, ctx, parties),
                contested=bool(denials),
                claimed_by=claimed_by,
                via=tuple(sorted({s.via for s in statuses if s.via})),
                denied_by=tuple(sorted(set(denials), key=lambda d: (d.source, d.how))),
                claims=tuple(
                    sorted(statuses, key=lambda s: (s.source, s.via or "", s.status or ""))
                ),
                readings={k: tuple(v) for k, v in readings_out.items()},
                file=item.file,
                line=line,
                span=own.span,
            )
        )


@dataclass(frozen=True, slots=True)
class Selection:
    """Filters on findings: empty sets select everything."""

    agreements: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    files: tuple[str, ...] | None = None

    def apply(
        self, result: Result, data: Dataset, zone_name: str
    ) -> tuple[list[Finding], list[Unattributed]]:
        """The findings and unattributed incidents this selection keeps."""
        period: Span | None = None
        if self.since is not None or self.until is not None:
            where = zone(zone_name)
            start = day_span(self.since or date(1, 1, 2), where).start
            end = day_span(self.until or date(9999, 12, 30), where).end
            period = Span(start, end, closed=False)
        spans = {}
        if period is not None:
            assert data.project is not None
            default = data.project.model.timezone
            spans = {i.model.id: incident_span(i.model, default) for i in data.incidents}

        def keep(agreement: str, term: str, incident: str, file: str) -> bool:
            if self.agreements and agreement not in self.agreements:
                return False
            if self.terms and term not in self.terms:
                return False
            if self.files is not None and not any(
                p == "" or file == p or file.startswith(p.rstrip("/") + "/") for p in self.files
            ):
                return False
            if period is not None:
                span = spans.get(incident)
                if span is None or not span.overlaps(period):
                    return False
            return True

        findings = [
            f
            for f in result.findings
            if keep(f.agreement, f.term, f.incident, f.file)
            and (not self.parties or f.party in self.parties)
            and (not self.sources or self.sources & set(f.claimed_by))
            and (not self.statuses or f.status in self.statuses)
        ]
        unattributed = [
            u
            for u in result.unattributed
            if keep(u.agreement, u.term, u.incident, u.file)
            and not self.parties
            and not self.sources
            and (not self.statuses or u.status in self.statuses)
        ]
        return findings, unattributed


# --- explanations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionExplanation:
    """One version of the incident (its own, or a claim's) under every reading combination."""

    label: str
    status: Status | None
    combinations: tuple[Combination, ...]


@dataclass(frozen=True, slots=True)
class PartyExplanation:
    """Why a term was or was not flagged against one party."""

    party: str
    role: Literal["accused", "unattributed"]
    bound: bool
    finding: Finding | None
    versions: tuple[VersionExplanation, ...]


@dataclass(frozen=True, slots=True)
class TermExplanation:
    """One term of one agreement, for one incident."""

    agreement: str
    term: str
    file: str
    parties: tuple[PartyExplanation, ...]


def explain(
    data: Dataset,
    incident_id: str,
    *,
    agreements: frozenset[str] = frozenset(),
    terms: frozenset[str] = frozenset(),
    result: Result | None = None,
) -> list[TermExplanation]:
    """Condition by condition, why each term was or was not flagged for ``incident_id``.

    ``result``: the engine's result on ``data``, if the caller has it already.
    """
    item = next((i for i in data.incidents if i.model.id == incident_id), None)
    if item is None or data.project is None:
        raise KeyError(incident_id)
    ctx = Context(data)
    findings = {
        (f.agreement, f.term, f.party): f
        for f in (result or run(data)).findings
        if f.incident == incident_id
    }
    where = ctx.zone_of(item.model)
    inc = item.model
    accused = sorted(
        {c.attributes_to for c in inc.claims if c.attributes_to not in (None, "unknown")}
    )
    out: list[TermExplanation] = []
    for agreement in sorted(data.agreements, key=lambda a: a.model.id):
        a = agreement.model
        if agreements and a.id not in agreements:
            continue
        for t, term in enumerate(a.terms):
            if terms and term.id not in terms:
                continue
            readings = term_readings(agreement, t)
            parties: list[PartyExplanation] = []
            if accused:
                for party in accused:
                    assert party is not None
                    versions = []
                    for i, claim in enumerate(inc.claims):
                        if claim.attributes_to != party:
                            continue
                        ver = version(item, where, i)
                        combos = evaluate(ctx, item, ver, agreement, party, readings, explain=True)
                        label = ver.label + (f" via {claim.via}" if claim.via else "")
                        versions.append(
                            VersionExplanation(
                                label, status_of([c.value for c in combos]), tuple(combos)
                            )
                        )
                    parties.append(
                        PartyExplanation(
                            party,
                            "accused",
                            bound(a, term, party),
                            findings.get((a.id, term.id, party)),
                            tuple(versions),
                        )
                    )
            else:
                own = version(item, where, None)
                for party in a.parties:
                    combos = evaluate(ctx, item, own, agreement, party, readings, explain=True)
                    parties.append(
                        PartyExplanation(
                            party,
                            "unattributed",
                            bound(a, term, party),
                            None,
                            (
                                VersionExplanation(
                                    "incident", status_of([c.value for c in combos]), tuple(combos)
                                ),
                            ),
                        )
                    )
            out.append(TermExplanation(a.id, term.id, agreement.file, tuple(parties)))
    return out
