"""What an incident's record says beside the accusation, with no effect on findings: who held
the site according to whom, and how many were killed, injured or left without power, as a
range whose ends each name their sources (UCDP and ACLED likewise keep low and high)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Casualties, Incident, LaunchPoint, Range

#: The figures kept, in the order outputs show them.
KINDS = ("killed", "injured", "people without power", "households without power")


@dataclass(frozen=True, slots=True)
class Extent:
    """The lowest and highest figure given, and who gives each."""

    low: int
    high: int
    low_per: tuple[str, ...]
    high_per: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {
            "low": self.low,
            "high": self.high,
            "low_per": list(self.low_per),
            "high_per": list(self.high_per),
        }


def _figures(c: Casualties) -> dict[str, int | Range | None]:
    power = c.without_power
    return {
        "killed": c.killed,
        "injured": c.injured,
        "people without power": power.people if power else None,
        "households without power": power.households if power else None,
    }


def casualties(inc: Incident, counting: Iterable[int] | None = None) -> dict[str, Extent]:
    """Each figure's range over the incident's own and its standing claims' figures (the
    incident's own are the editor's, named `incident`)."""
    keep = set(counting) if counting is not None else set(range(len(inc.claims)))
    given: list[tuple[str, Casualties]] = []
    if inc.casualties is not None:
        given.append(("incident", inc.casualties))
    given += [
        (c.source, c.casualties)
        for i, c in enumerate(inc.claims)
        if i in keep and c.casualties is not None
    ]
    out: dict[str, Extent] = {}
    for kind in KINDS:
        ends = [
            (who, (v, v) if isinstance(v, int) else (v.low, v.high))
            for who, c in given
            if (v := _figures(c)[kind]) is not None
        ]
        if not ends:
            continue
        low = min(lo for _, (lo, _) in ends)
        high = max(hi for _, (_, hi) in ends)
        out[kind] = Extent(
            low,
            high,
            tuple(sorted({w for w, (lo, _) in ends if lo == low})),
            tuple(sorted({w for w, (_, hi) in ends if hi == high})),
        )
    return out


def control(inc: Incident, counting: Iterable[int] | None = None) -> list[tuple[str, str]]:
    """``(party, per)``: who held the site, by the incident (the editor) and by each of its
    standing claims (``counting``; all when not given)."""
    keep = set(counting) if counting is not None else set(range(len(inc.claims)))
    out = []
    if inc.location.controlled_by:
        out.append((inc.location.controlled_by, "incident"))
    out += [
        (c.controlled_by, c.source)
        for i, c in enumerate(inc.claims)
        if i in keep and c.controlled_by
    ]
    return out


def point(place: LaunchPoint | None) -> str:
    """A launch point in words: ``area `black-sea```, ``44.6, 33.5``, a place, or nothing."""
    if place is None:
        return ""
    if place.coordinates is not None:
        return f"{place.coordinates.lat}, {place.coordinates.lon}"
    named = ", ".join(p for p in (place.place, place.region, place.country) if p)
    return named or (f"area {place.area}" if place.area else "")
