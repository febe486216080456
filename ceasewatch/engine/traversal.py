"""One walk over incidents, agreements, terms, parties and versions, shared by :func:`run`
(every incident) and :func:`explain` (one incident, every party, bound or not)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from .. import figures
from ..loading import Dataset, Loaded, no_cyclic_gc
from ..models import Agreement, Claim, Incident, Term
from .attribution import (
    accuses,
    basis_of,
    denials,
    event_grade,
    revisions,
    rung,
    standing,
    strongest_support,
)
from .evaluation import Context, evaluate
from .findings import ClaimStatus, Denial, Finding, Result, VersionResult
from .logic import Event, Status, Tri, kleene_or, strongest
from .readings import (
    Version,
    reading_name,
    stated_after,
    tells_nothing,
    term_readings,
    version,
)


@dataclass(frozen=True, slots=True)
class PartyResult:
    """Why a term was or was not flagged against one party."""

    party: str
    role: Literal["accused", "unattributed"]
    bound: bool
    finding: Finding | None
    versions: tuple[VersionResult, ...]


@dataclass(frozen=True, slots=True)
class ReadingNote:
    """When one reading was first stated, and whether that was after the incident."""

    kind: Literal["in force", "term"]
    name: str
    stated: date | None
    after_incident: bool


@dataclass(frozen=True, slots=True)
class TermResult:
    """One term of one agreement, for one incident: each party, and the findings."""

    agreement: str
    term: str
    file: str
    parties: tuple[PartyResult, ...]
    findings: tuple[Finding, ...] = ()
    #: The readings that bear on the term and when each was stated (``explain`` only).
    readings: tuple[ReadingNote, ...] = ()


def bound(agreement: Agreement, term: Term, party: str) -> bool:
    """Whether ``party`` is bound by ``term``."""
    binds = term.binds if term.binds is not None else agreement.parties
    return party in binds


@dataclass(frozen=True, slots=True)
class IncidentView:
    """What every term needs of one incident, worked out once: its own version, and each
    accusing claim's version."""

    own: Version
    standing: frozenset[int]
    item: Loaded[Incident]
    affiliation: dict[str, str | None]
    #: Verdicts already worked out for this incident (see :func:`evaluate`).
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    #: The parties its standing claims accuse, sorted, and each one's accusing claims
    #: (claim, version, label), in the claims' order: the same for every term.
    accused: list[str] = field(default_factory=list)
    accusing: dict[str, list[tuple[Claim, Version, str]]] = field(default_factory=dict)

    @property
    def inc(self) -> Incident:
        """The incident."""
        return self.item.model

    # What only a finding needs is worked out when the first finding is made: most
    # incidents make none under most terms, many under none.
    @property
    def event(self) -> Event:
        """How well the event is established (:func:`event_grade`)."""
        found: Event | None = self.memo.get(("event",))
        if found is None:
            found = self.memo[("event",)] = event_grade(self.inc, self.affiliation, self.standing)
        return found

    @property
    def line(self) -> int:
        """The line of the incident's id, where its findings point."""
        found: int | None = self.memo.get(("line",))
        if found is None:
            found = self.memo[("line",)] = self.item.mark("id").line
        return found

    @property
    def context(self) -> dict[str, Any]:
        """What its findings carry besides the verdicts (see :func:`_context`)."""
        found: dict[str, Any] | None = self.memo.get(("context",))
        if found is None:
            found = self.memo[("context",)] = _context(self.inc, self.standing)
        return found


def _view(ctx: Context, item: Loaded[Incident]) -> IncidentView:
    where = ctx.zone_of(item.model)
    counting = standing(item.model)
    own = version(item, where, None)
    accusing: dict[str, list[tuple[Claim, Version, str]]] = {}
    for i, c in enumerate(item.model.claims):
        party = accuses(c) if i in counting else None
        if party is None:
            continue
        if ctx.brief and tells_nothing(c):
            # check keeps no version's label or claim (see Context.brief): the incident's
            # own version stands for a claim that tells nothing of its own
            accusing.setdefault(party, []).append((c, own, ""))
            continue
        ver = version(item, where, i, own)
        label = ver.label + (f" via {c.via}" if c.via else "")
        accusing.setdefault(party, []).append((c, ver, label))
    return IncidentView(
        own, counting, item, ctx.affiliation, accused=sorted(accusing), accusing=accusing
    )


def _context(inc: Incident, counting: frozenset[int]) -> dict[str, Any]:
    launch = inc.launched_from
    return {
        "launched_from": launch.model_dump(mode="json", exclude_none=True, warnings=False)
        if launch
        else None,
        "controlled_by": [{"party": p, "per": per} for p, per in figures.control(inc, counting)],
        "casualties": {k: e.as_dict() for k, e in figures.casualties(inc, counting).items()},
        "revisions": revisions(inc),
    }


def assess(
    ctx: Context,
    item: Loaded[Incident],
    agreement: Loaded[Agreement],
    t_index: int,
    view: IncidentView,
    *,
    every_party: bool,
) -> TermResult:
    """One incident against one term: each party's versions, and the findings they make.

    ``every_party``: also evaluate the parties the term does not bind (for ``explain``).
    """
    a = agreement.model
    parties, found = _assessed(ctx, item, agreement, t_index, view, every_party)
    return TermResult(a.id, a.terms[t_index].id, agreement.file, tuple(parties), tuple(found))


def _assessed(
    ctx: Context,
    item: Loaded[Incident],
    agreement: Loaded[Agreement],
    t_index: int,
    view: IncidentView,
    every_party: bool,
) -> tuple[list[PartyResult], list[Finding]]:
    """:func:`assess`'s parties and findings (``check`` keeps only the findings)."""
    inc, a = item.model, agreement.model
    term = a.terms[t_index]
    readings = ctx.readings(agreement, t_index)
    memo = view.memo
    own = view.own
    parties: list[PartyResult] = []
    found: list[Finding] = []
    blamed = view.accused
    # check keeps only the findings: each party's versions are built only for one
    brief = ctx.brief and not every_party
    unattributed: list[Status | None] = []
    for party in blamed or a.parties:
        is_bound = bound(a, term, party)
        if not (is_bound or every_party):
            continue
        if not blamed:
            combos, status = evaluate(ctx, own, agreement, party, readings, memo)
            if is_bound:
                unattributed.append(status)
            if not brief:
                result = VersionResult("incident", status, combos)
                parties.append(PartyResult(party, "unattributed", is_bound, None, (result,)))
            continue
        judged = [
            (label, *evaluate(ctx, ver, agreement, party, readings, memo))
            for _, ver, label in view.accusing[party]
        ]
        if brief and all(status is None for _, _, status in judged):
            continue  # no finding, and nothing else is kept
        results = [VersionResult(label, status, combos) for label, combos, status in judged]
        finding = _finding(ctx, item, a, term, party, results, view) if is_bound else None
        if finding is not None:
            found.append(finding)
        if not brief:
            parties.append(PartyResult(party, "accused", is_bound, finding, tuple(results)))
    if not blamed:
        best = strongest(unattributed)
        if best is not None:
            found.append(
                Finding(
                    inc.id,
                    a.id,
                    term.id,
                    None,
                    best,
                    item.file,
                    view.line,
                    view.event,
                    context=view.context,
                )
            )
    return parties, found


def _finding(
    ctx: Context,
    item: Loaded[Incident],
    a: Agreement,
    term: Term,
    party: str,
    results: list[VersionResult],
    view: IncidentView,
) -> Finding | None:
    """The finding the accusing claims' versions make against ``party``, if any."""
    inc = item.model
    claims = [c for c, _, _ in view.accusing[party]]
    best = strongest(r.status for r in results)
    if best is None:
        return None
    binds = ctx.binds.get(id(term))
    if binds is None:  # the term is kept by its agreement, so its id stays its own
        binds = ctx.binds[id(term)] = frozenset(p for p in a.parties if bound(a, term, p))
    statuses = []
    for c, r in zip(claims, results, strict=True):
        # A claim's status is the same for every claim of the same source, via, basis and
        # status against the same party under the same bound parties: made once per run.
        key = (c.source, c.via, c.basis, r.status, party, binds)
        status = ctx.statuses.get(key)
        if status is None:
            level = rung(c, party, ctx.affiliation, binds)
            basis = basis_of(c, ctx.affiliation)
            status = ctx.statuses[key] = ClaimStatus(
                c.source, c.via, r.status, basis, level.level, level.why
            )
        statuses.append(status)
    # The accused side's own source whose version is outside the term disputes its scope.
    scope = [
        Denial(c.source, "scope", c.general)
        for c, r in zip(claims, results, strict=True)
        if r.status is None and ctx.affiliation.get(c.source) == party
    ]
    denied = denials(inc, party, scope, view.standing)
    return Finding(
        incident=inc.id,
        agreement=a.id,
        term=term.id,
        party=party,
        status=best,
        file=item.file,
        line=view.line,
        event=view.event,
        # the strongest rung among the claims whose own version makes a finding
        support=strongest_support(s.rung for s in statuses if s.status is not None),
        contested=bool(denied),
        claimed_by=tuple(sorted({s.source for s in statuses})),
        via=tuple(sorted({s.via for s in statuses if s.via})),
        denied_by=denied,
        # a total order, so that no claim order changes the output
        claims=tuple(
            sorted(statuses, key=lambda s: (s.source, s.via or "", s.status or "", s.basis, s.rung))
        ),
        readings=_readings(ctx, results),
        span=view.own.span,
        versions=tuple(results),
        context=view.context,
    )


def _readings(ctx: Context, results: list[VersionResult]) -> dict[str, tuple[str, ...]]:
    """Each pair of readings by what the versions make of it together (Kleene OR): yes, no
    or unknown. Brief, looked up by the versions' combination lists, which the context
    keeps for the run and shares between every version whose values are the same."""
    key = tuple(id(r.combinations) for r in results) if ctx.brief else None
    found = ctx.readings_of.get(key) if key is not None else None
    if found is not None:
        return found
    combined: dict[tuple[str, str], list[Tri]] = {}
    for r in results:
        for combo in r.combinations:
            combined.setdefault((combo.in_force, combo.term), []).append(combo.value)
    readings: dict[str, list[str]] = {"yes": [], "no": [], "unknown": []}
    for (force, term_name), values in sorted(combined.items()):
        readings[kleene_or(values)].append(f"in force: {force} / term: {term_name}")
    found = {k: tuple(v) for k, v in readings.items()}
    if key is not None:
        ctx.readings_of[key] = found
    return found


def run(data: Dataset) -> Result:
    """Evaluate every incident against every term of every agreement, the findings sorted
    (:func:`order`)."""
    result = Result()
    if data.project is None:
        return result
    with no_cyclic_gc():
        ctx = Context(data)
        agreements = sorted(data.agreements, key=lambda a: a.model.id)
        for item in data.incidents:
            findings(ctx, agreements, item, result)
        order(result)
    return result


def findings(
    ctx: Context, agreements: list[Loaded[Agreement]], item: Loaded[Incident], into: Result
) -> None:
    """Add one incident's findings under every term of ``agreements`` (sorted by id) to
    ``into``, unordered (:func:`order` sorts a whole run)."""
    view = _view(ctx, item)
    for agreement in agreements:
        for t in range(len(agreement.model.terms)):
            for f in _assessed(ctx, item, agreement, t, view, False)[1]:
                (into.findings if f.party else into.unattributed).append(f)


def order(result: Result) -> None:
    """Sort the findings as every output lists them (stable: the incidents' order decides
    among equals, so files evaluated apart and joined in order sort the same)."""
    result.findings.sort(key=_finding_key)
    result.unattributed.sort(key=lambda u: (u.agreement, u.term, u.file, u.incident))


def _finding_key(f: Finding) -> tuple[Any, ...]:
    start = f.span.utc_start.isoformat() if f.span is not None else ""
    return (f.agreement, f.term, start, f.incident, f.party)


def explain(
    data: Dataset,
    incident_id: str,
    *,
    agreements: frozenset[str] = frozenset(),
    terms: frozenset[str] = frozenset(),
) -> list[TermResult]:
    """Condition by condition, why each term was or was not flagged for ``incident_id``:
    the same walk as :func:`run`, for one incident and every party."""
    item = next((i for i in data.incidents if i.model.id == incident_id), None)
    if item is None or data.project is None:
        raise KeyError(incident_id)
    ctx = Context(data)
    view = _view(ctx, item)
    where = ctx.project_zone  # a stated day is a whole day in the project's zone
    out: list[TermResult] = []
    for agreement in sorted(data.agreements, key=lambda a: a.model.id):
        if agreements and agreement.model.id not in agreements:
            continue
        for t, term in enumerate(agreement.model.terms):
            if terms and term.id not in terms:
                continue
            result = assess(ctx, item, agreement, t, view, every_party=True)
            named: list[tuple[Literal["in force", "term"], str, date | None]] = [
                ("in force", reading_name(r.per), r.stated) for r in agreement.model.in_force
            ]
            named += [("term", r.name, r.stated) for r in term_readings(agreement, t)]
            notes = tuple(
                ReadingNote(kind, name, stated, stated_after(stated, view.own.span, where))
                for kind, name, stated in named
            )
            out.append(replace(result, readings=notes))
    return out
