"""The conditions, as a table: each names the scope field it reads, the fact of the incident
it needs, and its check. A reading's result is the Kleene AND of them all.

Every check returns a value and a *why*, a function that words the reason: only ``explain``
and the report ever ask for it, so a plain run builds no sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from .. import vocab
from ..geo import Areas
from ..models import LaunchPoint, Location, Target
from ..timeutil import Span, fmt
from .logic import NOT, Tri, kleene_and, kleene_or
from .readings import Period, TermReading, Values, Version

Why = Callable[[], str]
Verdict = tuple[Tri, Why]


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition's value, with where its facts came from, and why (worded on demand)."""

    name: str
    value: Tri
    sources: tuple[str, ...]
    why: Why = field(compare=False, repr=False)

    @property
    def reason(self) -> str:
        """The reason, in words."""
        return self.why()


@dataclass(frozen=True, slots=True)
class Spec:
    """One condition: its name, the scope field it reads, the version fact it needs, its check."""

    name: str
    scope: str | None
    fact: str
    check: Callable[[Any, TermReading, Areas], Verdict]
    #: What of the fact decides the verdict, hashable (None: the fact itself). ``check``
    #: keeps, for each reading and the keys of every condition but the place's, their AND
    #: for the whole run, so such a check must read nothing but its fact's key and the
    #: reading (not the areas); the place, which reads the areas, is tested per incident.
    key: Callable[[Any], Hashable] | None = None


def _said(text: str) -> Why:
    return lambda: text


def _cut(text: str, most: int) -> str:
    """``text`` cut at the last word boundary before ``most`` characters, with an ellipsis
    (``text`` itself when it is no longer than that)."""
    if len(text) <= most:
        return text
    head = text[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return head + "…"


def in_force(span: Span | None, period: Period) -> Verdict:
    """Entirely inside the period: yes; entirely outside: no; straddling: unknown."""
    if period.pending is not None:
        pending = period.pending  # worded only when asked for, as every reason
        return (
            "no",
            lambda: f"not in force by the {period.name} reading: pending ({_cut(pending, 80)})",
        )
    if span is None:
        return "unknown", _said("the incident's time is not known")
    assert period.start is not None and period.utc_start is not None
    start, end = period.start, period.end
    s, e = span.utc_start, span.utc_end
    ps, pe = period.utc_start, period.utc_end
    if e < ps or (e == ps and not span.closed):
        return (
            "no",
            lambda: (
                f"not in force: the incident ended {str(span).split(' to ')[-1]}, before the "
                f"{period.name} reading's start, {fmt(start)}"
            ),
        )
    if pe is not None and s >= pe:
        assert end is not None
        return (
            "no",
            lambda: (
                f"not in force: the incident began {fmt(span.start)}, at or after the "
                f"{period.name} reading's end, {fmt(end)}"
            ),
        )
    if s >= ps and (pe is None or e < pe or (e == pe and not span.closed)):
        return "yes", lambda: f"in force by the {period.name} reading: {span} lies within it"
    return (
        "unknown",
        lambda: (
            f"the incident's time ({span}) straddles a bound of the {period.name} reading "
            f"({fmt(start)} to {fmt(end) if end else 'open-ended'})"
        ),
    )


def act(value: str | None, reading: TermReading, areas: Areas) -> Verdict:
    """Yes when listed (or no list), unknown when missing, else (or carved out) no."""
    allowed, carved = reading.scope["acts"], reading.carved["acts"]
    if allowed is None and not carved:
        return "yes", _said("the term covers any act")
    if value is None or value == "unknown":
        return "unknown", _said("the act is not known")
    if value in carved:
        return "no", lambda: f"act `{value}` falls under the carve-out"
    if allowed is None:
        return "yes", lambda: f"act `{value}` is covered (any act but {', '.join(carved)})"
    if value in allowed:
        return "yes", lambda: f"act `{value}` is covered"
    return "no", lambda: f"act `{value}` is not among {', '.join(allowed)}"


def means(values: Values, reading: TermReading, areas: Areas) -> Verdict:
    """Yes when any is listed and not carved out; unknown when none known; else no."""
    allowed, carved = reading.scope["means"], reading.carved["means"]
    if allowed is None and not carved:
        return "yes", _said("the term covers any means")
    known = [v for v in values if v != "unknown"]
    covered = [v for v in known if v not in carved and (allowed is None or v in allowed)]
    if covered:
        return "yes", lambda: f"means {', '.join(covered)} covered"
    if not known or len(known) < len(values):
        return "unknown", _said("the means are not (all) known")
    if allowed is None:
        return "no", lambda: f"means {', '.join(known)} fall under the carve-out"
    return "no", lambda: f"means {', '.join(known)} not among {', '.join(allowed)} (or carved out)"


def target(targets: tuple[Target, ...] | None, reading: TermReading, areas: Areas) -> Verdict:
    """Per target, then yes if any is yes, else unknown if any unknown, else no."""
    prohibited, carved = reading.scope["targets"], reading.carved["targets"]
    if prohibited is None and not carved:
        return "yes", _said("the term covers any target")
    if not targets:
        return "unknown", _said("the target is not known")
    results = [_one_target(t.category, prohibited, carved) for t in targets]
    return kleene_or(r for r, _ in results), lambda: "; ".join(why() for _, why in results)


#: Each category's verdict under one reading's lists: a pure function of a few strings, met
#: again by every incident with that target, so worked out once per run (a few hundred).
_TARGET_VERDICTS: dict[tuple[str, Values | None, Values], Verdict] = {}


def _one_target(category: str, prohibited: Values | None, carve_outs: Values) -> Verdict:
    key = (category, prohibited, carve_outs)
    found = _TARGET_VERDICTS.get(key)
    if found is None:
        found = _TARGET_VERDICTS[key] = _target_verdict(category, prohibited, carve_outs)
    return found


def _target_verdict(category: str, prohibited: Values | None, carve_outs: Values) -> Verdict:
    if category == "unknown":
        return "unknown", _said("target category unknown")
    covered = (
        next((p for p in prohibited if vocab.covers(p, category)), None)
        if prohibited is not None
        else "any"
    )
    carved = next((e for e in carve_outs if vocab.covers(e, category)), None)
    if carved is not None:
        return "no", lambda: f"`{category}` falls under the carve-out `{carved}`"
    if covered is not None:
        inner = next((e for e in carve_outs if vocab.covers(category, e)), None)
        if inner is not None:
            return (
                "unknown",
                lambda: (
                    f"`{category}` is broader than the carve-out `{inner}`: "
                    "which part was hit decides"
                ),
            )
        return "yes", lambda: f"`{category}` falls under `{covered}`"
    broader = next((p for p in prohibited or () if vocab.covers(category, p)), None)
    if broader is not None:
        return "unknown", lambda: f"`{category}` is broader than the prohibited `{broader}`"
    return "no", lambda: f"`{category}` is not among the prohibited targets"


def _categories(targets: tuple[Target, ...] | None) -> Hashable:
    """What of the targets decides :func:`target`: their categories (never their names)."""
    return None if targets is None else tuple(t.category for t in targets)


def area(place: tuple[Location, LaunchPoint | None], reading: TermReading, areas: Areas) -> Verdict:
    """In one of the areas and in none of the carved-out ones (Kleene), tested where the
    reading says: at the impact point (default), the launch point, or either."""
    loc, launch = place
    impact = _impact(loc, reading, areas)
    if reading.point == "impact":
        return impact
    if launch is None:
        # No one recorded where it came from: that decides nothing (else every strike on
        # land would be a possible breach of a sea term).
        if reading.point == "launch":
            return "no", _said("no launch point is recorded, and this reading tests the launch")
        return impact[0], lambda: f"{impact[1]()} (no launch point recorded)"
    launched = _launch(launch, reading.scope["areas"], areas)
    if reading.point == "launch":
        return launched
    value = kleene_or((impact[0], launched[0]))
    return value, lambda: f"impact: {impact[1]()}; launch: {launched[1]()}"


def _impact(loc: Location, reading: TermReading, areas: Areas) -> Verdict:
    value, reason = areas.test(reading.scope["areas"], loc)
    carved = reading.carved["areas"]
    if not carved:
        return value, reason
    inside, why = areas.test(carved, loc)
    return kleene_and((value, NOT[inside])), lambda: f"{reason()}; carve-out: {why()}"


def _launch(launch: LaunchPoint, wanted: Values | None, areas: Areas) -> Verdict:
    """Whether the launch point lies in one of ``wanted``: an area it names lies in itself;
    a point known only to a region cannot be placed against a polygon's edge."""
    if wanted is None:
        return "yes", _said("the term applies anywhere")
    if launch.area is not None and launch.area in wanted:
        return "yes", lambda: f"launched from area `{launch.area}`"
    coords = launch.coordinates
    if coords is None and launch.country is None:
        named = f"area `{launch.area}`" if launch.area else "an unplaced point"
        return (
            "unknown",
            lambda: f"launched from {named}, which cannot be placed in {', '.join(wanted)}",
        )
    value, reason = areas.test(wanted, launch)
    if (
        coords is not None
        and coords.precision == "region"
        and any(areas.has_outline(a) for a in wanted)
    ):
        return "unknown", lambda: f"the launch point is known only to a region: {reason()}"
    return value, lambda: f"launch point: {reason()}"


def outcome(value: str | None, reading: TermReading, areas: Areas) -> Verdict:
    """hit: yes; intercepted: yes only when attempts count; aborted: no; unknown: unknown."""
    if value == "hit":
        return "yes", _said("the target was hit")
    if value == "intercepted":
        if reading.attempts:
            return "yes", _said("intercepted, and this reading counts attempts")
        return "no", _said("intercepted, and this reading does not count attempts")
    if value == "aborted":
        return "no", _said("aborted attacks never count")
    return "unknown", _said("the outcome is not known")


#: The conditions a term reading sets, in the order ``explain`` shows them (after "in force",
#: which the in-force reading sets). Adding a condition is one entry here.
CONDITIONS: tuple[Spec, ...] = (
    Spec("act", "acts", "act", act),
    Spec("means", "means", "means", means),
    Spec("target", "targets", "targets", target, _categories),
    Spec("area", "areas", "place", area),
    Spec("outcome", None, "outcome", outcome),
)


def fact(ver: Version, spec: Spec) -> Any:
    """The fact of ``ver`` that ``spec`` needs."""
    return getattr(ver, spec.fact)
