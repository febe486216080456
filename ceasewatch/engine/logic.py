"""Three-valued logic, and the one definition of the status and support orders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

Tri = Literal["yes", "no", "unknown"]
Status = Literal["apparent", "contingent", "possible"]
Support = Literal["acknowledged", "independent", "third-party", "adversary", "unverified"]
Event = Literal["confirmed", "reported", "disputed"]

#: Statuses, strongest first. Every count, table and ``--fail-on`` reads this order.
STATUS_ORDER: tuple[Status, ...] = ("apparent", "contingent", "possible")
#: Support levels (rungs), strongest first.
SUPPORT_ORDER: tuple[Support, ...] = (
    "acknowledged",
    "independent",
    "third-party",
    "adversary",
    "unverified",
)
#: Event grades, best established first.
EVENT_ORDER: tuple[Event, ...] = ("confirmed", "reported", "disputed")

STATUS_RANK: dict[str, int] = {s: len(STATUS_ORDER) - i for i, s in enumerate(STATUS_ORDER)}
SUPPORT_RANK: dict[str, int] = {s: len(SUPPORT_ORDER) - i for i, s in enumerate(SUPPORT_ORDER)}

NOT: dict[Tri, Tri] = {"yes": "no", "no": "yes", "unknown": "unknown"}


def _fold(values: Iterable[Tri], winner: Tri, otherwise: Tri) -> Tri:
    """``winner`` if any value is it, else ``unknown`` if any is, else ``otherwise``."""
    out = otherwise
    for value in values:
        if value == winner:
            return winner
        if value == "unknown":
            out = "unknown"
    return out


def kleene_and(values: Iterable[Tri]) -> Tri:
    """``no`` beats ``unknown`` beats ``yes``."""
    return _fold(values, "no", "yes")


def kleene_or(values: Iterable[Tri]) -> Tri:
    """``yes`` beats ``unknown`` beats ``no``."""
    return _fold(values, "yes", "no")


#: :func:`kleene_and` of two values, looked up (the engine's commonest step).
AND: dict[tuple[Tri, Tri], Tri] = {
    (a, b): kleene_and((a, b)) for a in ("yes", "no", "unknown") for b in ("yes", "no", "unknown")
}


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


def strongest(statuses: Iterable[Status | None]) -> Status | None:
    """The strongest of ``statuses`` (None when none is a status)."""
    return max((s for s in statuses if s is not None), key=STATUS_RANK.__getitem__, default=None)


def at_least(status: str, threshold: str) -> bool:
    """Whether ``status`` is ``threshold`` or stronger."""
    return STATUS_RANK[status] >= STATUS_RANK[threshold]
