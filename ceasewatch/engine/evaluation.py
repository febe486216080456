"""What evaluation needs of a dataset, worked out once (:class:`Context`), and one version
of an incident evaluated under every reading of one term (:func:`evaluate`)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from ..geo import Areas
from ..loading import Dataset, Loaded
from ..models import Agreement, Incident
from ..timeutil import zone
from .conditions import CONDITIONS, Verdict, in_force
from .findings import Combination
from .logic import Status, Tri, kleene_and, status_of
from .readings import Period, TermReading, Version, periods, term_readings


class Context:
    """What evaluation needs from the dataset, computed once."""

    def __init__(self, data: Dataset, *, brief: bool = False) -> None:
        assert data.project is not None
        #: Only each combination's value is wanted (``check``), not every condition's
        #: verdict (``explain``, the report): a combination stops at its first "no", which
        #: decides it whatever the others say.
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
        self.combos: dict[tuple[int, int, tuple[Tri, ...]], list[Combination]] = {}

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

    ``memo`` holds, for one incident, what is already worked out: the in-force verdict of
    each span and period, each version's conditions under each reading, and the place
    under each list of areas (tested once per point). Keys use ids only of objects the
    incident's versions and the context keep alive. Brief (``check``): the combinations and
    status, once for the versions that share their facts (see :attr:`Version.facts_key`).
    """
    key = ("evaluate", ver.facts_key, id(agreement), party, id(readings))
    found: tuple[tuple[Combination, ...], Status | None] | None = (
        memo.get(key) if ctx.brief else None
    )
    if found is None:
        periods_ = ctx.periods(agreement, party)
        if periods_:
            combos = tuple(_combinations(ctx, ver, periods_, readings, memo))
        else:
            why = f"no in-force reading concerns {party}"
            combos = tuple(
                Combination("none", r.name, "no", (("no", lambda: why),)) for r in readings
            )
        found = (combos, status_of([c.value for c in combos]))
        if ctx.brief:
            memo[key] = found
    return found


def _combinations(
    ctx: Context,
    ver: Version,
    periods_: list[Period],
    readings: list[TermReading],
    memo: dict[tuple[Any, ...], Any],
) -> list[Combination]:
    """The combinations of ``periods_`` and ``readings`` for one version (see
    :func:`evaluate`)."""
    forces = []
    for period in periods_:
        force_key = ("in force", id(ver.span), id(period))
        force = memo.get(force_key)
        if force is None:
            force = memo[force_key] = in_force(ver.span, period)
        forces.append(force)
    if ctx.brief and all(force[0] == "no" for force in forces):
        # out of force under every reading: no term condition can change that
        return _brief(ctx, periods_, readings, tuple("no" for _ in forces for _ in readings))
    # The term's conditions do not depend on the in-force reading: each reading's verdicts
    # are worked out once per version, then set beside each period's.
    rests = [_conditions(ctx, ver, reading, memo) for reading in readings]
    if ctx.brief:
        values = tuple(kleene_and((f[0], value)) for f in forces for _, value in rests)
        return _brief(ctx, periods_, readings, values)
    out: list[Combination] = []
    for period, force in zip(periods_, forces, strict=True):
        for reading, (rest, value) in zip(readings, rests, strict=True):
            both = kleene_and((force[0], value))
            out.append(
                Combination(period.name, reading.name, both, (force, *rest), ver, period, reading)
            )
    return out


def _brief(
    ctx: Context, periods_: list[Period], readings: list[TermReading], values: tuple[Tri, ...]
) -> list[Combination]:
    """The combinations of ``values`` (period by period, reading by reading) with only their
    names and values, shared (see :attr:`Context.combos`; the periods and readings are kept
    by the context, so their ids stay theirs)."""
    key = (id(periods_), id(readings), values)
    found = ctx.combos.get(key)
    if found is None:
        pairs = [(p.name, r.name) for p in periods_ for r in readings]
        found = ctx.combos[key] = [
            Combination(force, term, value)
            for (force, term), value in zip(pairs, values, strict=True)
        ]
    return found


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
            # the costly one (a point in polygons): once per point and list of areas
            scope = reading.scope["areas"], reading.carved["areas"], reading.point
            key: tuple[Any, ...] = (scope, id(ver.launched_from))
            found = memo.get(key)
            if found is None:
                found = memo[key] = spec.check(ver.place, reading, ctx.areas)
        else:
            # the others cost less than looking them up
            found = spec.check(getattr(ver, spec.fact), reading, ctx.areas)
        verdicts.append(found)
        if ctx.brief and found[0] == "no":
            break  # decided (see Context.brief)
    whole = memo[whole_key] = (tuple(verdicts), kleene_and(v for v, _ in verdicts))
    return whole
