"""Why an incident makes no finding: for the report's record of incidents that no term
covers, so that they do not vanish from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..loading import Dataset
from .conditions import CONDITIONS
from .evaluation import Context
from .findings import Combination
from .traversal import _view, assess

#: The name of each verdict of a combination, in order: in force, then the conditions.
_NAMES = ("in force", *(spec.name for spec in CONDITIONS))
#: At most this many distinct reasons per term: the rest is in ``explain``.
_MOST = 3


@dataclass(frozen=True, slots=True)
class NoFinding:
    """One term of one agreement under which an incident makes no finding, and why."""

    agreement: str
    term: str
    #: Each distinct reason, worded: ``target: `civilian/medical` is not among ...``.
    reasons: tuple[str, ...]
    #: Whether one condition rules it out under every combination of readings.
    decisive: bool


def why_not(data: Dataset, incident_ids: Iterable[str]) -> dict[str, list[NoFinding]]:
    """For each incident, every term under which no bound party is flagged, with why.

    Terms under which the incident is flagged are left out: whoever asks knows it has no
    finding (or unattributed entry) there.
    """
    wanted = set(incident_ids)
    out: dict[str, list[NoFinding]] = {}
    if data.project is None or not wanted:
        return out
    ctx = Context(data)
    agreements = sorted(data.agreements, key=lambda a: a.model.id)
    for item in data.incidents:
        if item.model.id not in wanted:
            continue
        view = _view(ctx, item)
        found: list[NoFinding] = []
        for agreement in agreements:
            for t, term in enumerate(agreement.model.terms):
                result = assess(ctx, item, agreement, t, view, every_party=False)
                if result.findings:
                    continue
                combos = [c for p in result.parties for v in p.versions for c in v.combinations]
                found.append(NoFinding(agreement.model.id, term.id, *_reasons(combos)))
        out[item.model.id] = found
    return out


def _reasons(combos: list[Combination]) -> tuple[tuple[str, ...], bool]:
    """The condition that is no under every combination, if any; else the first no of each."""
    if not combos:
        return ("attributed only to parties the term does not bind",), True
    for i, name in enumerate(_NAMES):
        if all(len(c.verdicts) > i and c.verdicts[i][0] == "no" for c in combos):
            return _distinct(f"{name}: {c.verdicts[i][1]()}" for c in combos), True
    firsts: list[str] = []
    for c in combos:
        for i, (value, why) in enumerate(c.verdicts):
            if value == "no":
                firsts.append(f"{_NAMES[i]}: {why()}")
                break
    return _distinct(firsts), False


def _distinct(reasons: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for reason in reasons:
        if reason not in seen:
            seen.append(reason)
    return tuple(seen[:_MOST]) + (("…",) if len(seen) > _MOST else ())
