"""What evaluation needs of a dataset, worked out once (:class:`Context`), and one version
of an incident evaluated under every reading of one term (:func:`evaluate`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import tzinfo
from typing import Any

from ..geo import Areas
from ..loading import Dataset, Loaded
from ..models import Agreement, Incident
from ..timeutil import zone
from .conditions import CONDITIONS, Verdict, in_force
from .findings import ClaimStatus, Combination
from .logic import AND, Status, Tri, kleene_and, status_of
from .readings import Period, TermReading, Version, periods, term_readings


class Context:
    """What evaluation needs from the dataset, computed once."""

    def __init__(self, data: Dataset, *, brief: bool = False) -> None:
        assert data.project is not None
        #: Only each combination's value is wanted (``check``), not every condition's
        #: verdict nor each version's label (``explain``, the report): a combination stops
        #: at its first "no", which decides it whatever the others say.
        self.brief = brief
        self.project = data.project.model
        self.areas = Areas.of(data)
        self.affiliation: dict[str, str | None] = {
            sid: s.affiliation for sid, s in self.project.sources.items()
        }
        self.zones: dict[str, tzinfo] = {}
        self.project_zone = zone(self.project.timezone)
        # Readings and periods depend on the agreement alone: worked out once per run, not
        # once per incident (keyed by the loaded agreement, alive as long as the context).
        self._readings: dict[tuple[int, int], list[TermReading]] = {}
        self._periods: dict[tuple[int, str], list[Period]] = {}
        #: Brief: a version's combinations carry only their names and values, so versions
        #: whose values agree share one list (by the periods, readings and values): a run
        #: would otherwise build a combination per version, term, period and reading.
        self.combos: dict[
            tuple[int, int, tuple[Tri, ...]], tuple[tuple[Combination, ...], Status | None]
        ] = {}
        #: Brief: by reading and the facts that decide them (their number, see
        #: :meth:`number`), the AND of the conditions before the place's and of those after
        #: it (see :func:`_brief_value`).
        self.verdicts: dict[tuple[int, int], tuple[Tri, Tri]] = {}
        #: Brief: a finding's readings by its versions' combination lists (their ids: the
        #: lists are kept in :attr:`combos` or :attr:`nothing_in_force` for the run).
        self.readings_of: dict[tuple[int, ...], dict[str, tuple[str, ...]]] = {}
        self.nothing_in_force: dict[tuple[str, int], tuple[Combination, ...]] = {}
        #: Each term's bound parties, by the term's id, and each accusing claim's status by
        #: what decides it (see :func:`traversal._finding`).
        self.binds: dict[int, frozenset[str]] = {}
        self.statuses: dict[tuple[Any, ...], ClaimStatus] = {}
        self._numbers: dict[Hashable, int] = {}
        self._scopes: dict[int, int] = {}
        self._agreements = data.agreements
        self._named: list[str] | None = None

    def prefill(self, incidents: Iterable[Incident]) -> None:
        """Test the points of ``incidents`` against every area a term reading names, all at
        once (:meth:`Areas.prefill`), before they are evaluated one by one."""
        if self._named is None:
            named = {
                area
                for agreement in self._agreements
                for t in range(len(agreement.model.terms))
                for r in self.readings(agreement, t)
                for area in (*(r.scope["areas"] or ()), *r.carved["areas"])
            }
            self._named = sorted(named)
        points: dict[tuple[float, float], None] = {}
        for inc in incidents:
            launches = [c.launched_from for c in inc.claims]
            for place in (inc.location, inc.launched_from, *launches):
                coords = place.coordinates if place is not None else None
                if coords is not None:
                    points[coords.lon, coords.lat] = None
        self.areas.prefill(self._named, list(points))

    def number(self, value: Hashable) -> int:
        """A number of ``value``'s own for the run: a key of nested tuples is hashed each
        time it is looked up, a number is not."""
        return self._numbers.setdefault(value, len(self._numbers))

    def scope(self, reading: TermReading) -> int:
        """The number of where the reading tests the place: its areas, carve-outs and point
        (readings are kept by the context, so their id stays theirs)."""
        found = self._scopes.get(id(reading))
        if found is None:
            where = (reading.scope["areas"], reading.carved["areas"], reading.point)
            found = self._scopes[id(reading)] = self.number(("place", where))
        return found

    def readings(self, agreement: Loaded[Agreement], t_index: int) -> list[TermReading]:
        """The term's readings (:func:`term_readings`), once per run."""
        key = (id(agreement), t_index)
        found = self._readings.get(key)
        if found is None:
            found = self._readings[key] = term_readings(agreement, t_index)
        return found

    def periods(self, agreement: Loaded[Agreement], party: str) -> list[Period]:
        """The in-force readings concerning ``party`` (:func:`periods`), once per run."""
        key = (id(agreement), party)
        found = self._periods.get(key)
        if found is None:
            # An agreement's times without an offset are in the project's zone.
            found = self._periods[key] = periods(agreement, party, self.project_zone)
        return found

    def zone_of(self, inc: Incident) -> tzinfo:
        """The incident's zone (cached by name)."""
        name = inc.timezone or self.project.timezone
        found = self.zones.get(name)
        if found is None:
            found = self.zones[name] = zone(name)
        return found


def evaluate(
    ctx: Context,
    ver: Version,
    agreement: Loaded[Agreement],
    party: str,
    readings: list[TermReading],
    memo: dict[tuple[Any, ...], Any],
) -> tuple[tuple[Combination, ...], Status | None]:
    """Every combination of an in-force reading (for ``party``) and a term reading, and the
    status they give (:func:`status_of`).

    ``memo`` holds, for one incident, what is already worked out: the in-force verdicts of
    each span under a list of periods, each version's conditions under each reading (brief:
    the facts that decide them, their verdicts being kept for the whole run in
    :attr:`Context.verdicts`), and the place under each list of areas (tested once per
    point). Keys use ids only of objects the incident's versions and the context keep
    alive. Brief (``check``): the combinations and status, once for the versions that share
    their facts (see :attr:`Version.facts_key`).
    """
    key = ("evaluate", ver.facts_key, id(agreement), party, id(readings))
    found: tuple[tuple[Combination, ...], Status | None] | None = (
        memo.get(key) if ctx.brief else None
    )
    if found is not None:
        return found
    periods_ = ctx.periods(agreement, party)
    if periods_ and ctx.brief:
        found = _brief_evaluation(ctx, ver, periods_, readings, memo)
    else:
        combos = (
            tuple(_combinations(ctx, ver, periods_, readings, memo))
            if periods_
            else _none_in_force(ctx, party, readings)
        )
        found = combos, status_of([c.value for c in combos])
    if ctx.brief:
        memo[key] = found
    return found


def _none_in_force(
    ctx: Context, party: str, readings: list[TermReading]
) -> tuple[Combination, ...]:
    key = (party, id(readings))  # the readings are kept by the context
    found = ctx.nothing_in_force.get(key)
    if found is None:
        why = f"no in-force reading concerns {party}"
        found = tuple(Combination("none", r.name, "no", (("no", lambda: why),)) for r in readings)
        if ctx.brief:  # kept for the run (see Context.readings_of)
            ctx.nothing_in_force[key] = found
    return found


def _forces(
    ver: Version, periods_: list[Period], memo: dict[tuple[Any, ...], Any]
) -> list[Verdict]:
    """The in-force verdict of each of ``periods_`` for the version's span, once per span
    (``periods_`` are kept by the context, so their id stays theirs)."""
    span = ver.span
    key = ("in force", id(span), id(periods_))
    found: list[Verdict] | None = memo.get(key)
    if found is None:
        found = memo[key] = [in_force(span, period) for period in periods_]
    return found


def _brief_evaluation(
    ctx: Context,
    ver: Version,
    periods_: list[Period],
    readings: list[TermReading],
    memo: dict[tuple[Any, ...], Any],
) -> tuple[tuple[Combination, ...], Status | None]:
    """:func:`evaluate` for ``check``: each combination's name and value only, and the
    status, both shared by every version whose values are the same (:func:`_brief`)."""
    forces = [force for force, _ in _forces(ver, periods_, memo)]
    if "yes" not in forces and "unknown" not in forces:
        # out of force under every reading: no term condition can change that
        no: Tri = "no"
        return _brief(ctx, periods_, readings, (no,) * (len(forces) * len(readings)))
    # The term's conditions do not depend on the in-force reading: each reading's are
    # worked out once per version, then set beside each period's.
    facts = _facts(ctx, ver, memo)
    rests = [_brief_value(ctx, ver, facts, reading, memo) for reading in readings]
    return _brief(ctx, periods_, readings, tuple(AND[f, v] for f in forces for v in rests))


def _combinations(
    ctx: Context,
    ver: Version,
    periods_: list[Period],
    readings: list[TermReading],
    memo: dict[tuple[Any, ...], Any],
) -> list[Combination]:
    """The combinations of ``periods_`` and ``readings`` for one version, each with its
    conditions' verdicts (see :func:`evaluate`)."""
    forces = _forces(ver, periods_, memo)
    # The term's conditions do not depend on the in-force reading: each reading's verdicts
    # are worked out once per version, then set beside each period's.
    rests = [_conditions(ctx, ver, reading, memo) for reading in readings]
    out: list[Combination] = []
    for period, force in zip(periods_, forces, strict=True):
        for reading, (rest, value) in zip(readings, rests, strict=True):
            both = AND[force[0], value]
            out.append(
                Combination(period.name, reading.name, both, (force, *rest), ver, period, reading)
            )
    return out


def _brief(
    ctx: Context, periods_: list[Period], readings: list[TermReading], values: tuple[Tri, ...]
) -> tuple[tuple[Combination, ...], Status | None]:
    """The combinations of ``values`` (period by period, reading by reading) with only their
    names and values, and their status, shared (see :attr:`Context.combos`; the periods
    and readings are kept by the context, so their ids stay theirs)."""
    key = (id(periods_), id(readings), values)
    found = ctx.combos.get(key)
    if found is None:
        pairs = [(p.name, r.name) for p in periods_ for r in readings]
        combos = tuple(
            Combination(force, term, value)
            for (force, term), value in zip(pairs, values, strict=True)
        )
        found = ctx.combos[key] = (combos, status_of(values))
    return found


#: The conditions before the place's, and after it, in the table's order.
_AT = next(i for i, spec in enumerate(CONDITIONS) if spec.fact == "place")
_BEFORE, _AFTER = CONDITIONS[:_AT], CONDITIONS[_AT + 1 :]


def _conditions(
    ctx: Context, ver: Version, reading: TermReading, memo: dict[tuple[Any, ...], Any]
) -> tuple[tuple[Verdict, ...], Tri]:
    """The verdicts of the term's conditions for one version and reading, and their AND."""
    whole_key = ("conditions", ver.facts_key, id(reading))
    whole = memo.get(whole_key)
    if whole is not None:
        return whole  # type: ignore[no-any-return]
    verdicts: list[Verdict] = []
    for spec in CONDITIONS:
        if spec.fact == "place":
            found = _place(ctx, ver, reading, memo)
        else:
            # the others cost less than looking them up
            found = spec.check(getattr(ver, spec.fact), reading, ctx.areas)
        verdicts.append(found)
        if ctx.brief and found[0] == "no":
            break  # decided (see Context.brief)
    whole = memo[whole_key] = (tuple(verdicts), kleene_and(v for v, _ in verdicts))
    return whole


def _place(
    ctx: Context, ver: Version, reading: TermReading, memo: dict[tuple[Any, ...], Any]
) -> Verdict:
    """The place's verdict: the costly one (a point in polygons), once per point and list
    of areas."""
    key = (ctx.scope(reading), id(ver.launched_from))
    found: Verdict | None = memo.get(key)
    if found is None:
        found = memo[key] = CONDITIONS[_AT].check(ver.place, reading, ctx.areas)
    return found


def _facts(ctx: Context, ver: Version, memo: dict[tuple[Any, ...], Any]) -> int:
    """The run's number for the values that every condition but the place tests (see
    :func:`_brief_value`), once per version."""
    facts_key = ("facts", ver.facts_key)
    facts: int | None = memo.get(facts_key)
    if facts is None:
        facts = memo[facts_key] = ctx.number(
            tuple(
                getattr(ver, s.fact) if s.key is None else s.key(getattr(ver, s.fact))
                for s in (*_BEFORE, *_AFTER)
            )
        )
    return facts


def _brief_value(
    ctx: Context,
    ver: Version,
    facts: int,
    reading: TermReading,
    memo: dict[tuple[Any, ...], Any],
) -> Tri:
    """:func:`_conditions`' AND alone (``check``). The conditions but the place are pure
    functions of a few values met again by many incidents (an act, categories...): their
    ANDs, before the place and after it, are looked up by those values (``facts``, their
    number: :func:`_facts`), worked out once per run. The place is tested only when what
    comes before it leaves the value open, as :func:`_conditions` tests it, so the same
    points are tested."""
    key = (id(reading), facts)
    around = ctx.verdicts.get(key)
    if around is None:
        around = ctx.verdicts[key] = (
            kleene_and(s.check(getattr(ver, s.fact), reading, ctx.areas)[0] for s in _BEFORE),
            kleene_and(s.check(getattr(ver, s.fact), reading, ctx.areas)[0] for s in _AFTER),
        )
    before, after = around
    if before == "no":
        return "no"
    place = _place(ctx, ver, reading, memo)[0]
    if place == "no":
        return "no"
    return AND[AND[before, place], after]
