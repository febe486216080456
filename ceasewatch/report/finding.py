"""One finding: the incident, the accusation, its support and disputes, and the claims."""

from __future__ import annotations

from datetime import tzinfo

from .. import engine
from .. import markdown as md
from ..loading import Dataset, Loaded
from ..models import Incident
from ..wording import EVENT_TEXT, STATUS_TEXT, support_text
from .common import denial, party, place, reading, readings, source, when


def finding_section(
    f: engine.Finding, item: Loaded[Incident], where: tzinfo, data: Dataset
) -> list[str]:
    """One finding: the incident, the accusation, its support and disputes, and the claims."""
    inc = item.model
    accused = md.text(party(data, f.accused))
    inferred = set(inc.inferred)

    def mark(*fields: str) -> str:
        # A field is inferred when it, or the whole object holding it, is listed.
        hit = any(
            f == i or f.startswith(i + ".") or f.startswith(i + "[")
            for f in fields
            for i in inferred
        )
        return " *(editor's inference)*" if hit else ""

    out = [
        f"#### {md.code(inc.id)}: alleged against {accused} ({md.code(f.term)})",
        "",
        f"{md.text(inc.title)}",
        "",
        f"- Date: {md.text(when(inc))}{mark('occurred')}",
        f"- Place: {md.text(place(inc))}{mark('location.place', 'location.region')}",
        f"- Alleged against: {accused}",
        f"- Status: **{STATUS_TEXT[f.status]}**",
        f"- Support: {support_text(f)}",
        f"- Event: {EVENT_TEXT[f.event]}",
        "- Contested: "
        + ("; ".join(md.text(denial(data, d)) for d in f.denied_by) if f.contested else "no"),
    ]
    coords = inc.location.coordinates
    if coords is not None:
        out.append(
            f"- Coordinates: {coords.lat}, {coords.lon} ({coords.precision})"
            f"{mark('location.coordinates')}"
        )
    if inc.targets:
        targets = ", ".join(
            md.text(t.name or t.category) + f" ({md.code(t.category)})" for t in inc.targets
        )
        out.append(f"- Target: {targets}{mark('targets')}")
    out += _context(f, data)

    def combos(*which: str) -> str:
        return "; ".join(md.text(readings(data, r)) for w in which for r in f.readings[w])

    if f.status == "contingent":
        out.append("- Holds under: " + combos("yes"))
        out.append("- Fails under: " + combos("no", "unknown"))
    if f.status == "possible":
        out.append("- Undecided under: " + combos("unknown") + ".")
        out.append("- What is missing: " + "; ".join(md.text(m) for m in _missing(f)))
    late = _stated_late(f, where, data)
    if late:
        out.append("- Readings first stated after the incident: " + "; ".join(map(md.text, late)))
    out += ["", "Claims:", ""]
    # A claim whose own version makes no finding backs nothing (the accused side saying "we
    # struck, but a military target" disputes the term's scope): it shows no rung.
    rungs = {
        (c.source, c.via): c.rung if c.status else "none: its own version is outside the term"
        for c in f.claims
    }
    counting = engine.standing(inc)
    for i, claim in enumerate(inc.claims):
        if claim.attributes_to is None and claim.denies is None:
            continue
        role = (
            f"attributes it to {md.text(party(data, claim.attributes_to))}"
            if claim.attributes_to
            else ""
        )
        if claim.denies:
            role = (
                (role + "; " if role else "")
                + f"denies {md.text(party(data, claim.denies))}"
                + (" (general denial)" if claim.general else "")
            )
        if i not in counting:  # listed, but it counts for nothing
            withdrawn = claim.retracted.date if claim.retracted else None
            role += f" (withdrawn on {withdrawn})" if withdrawn else " (revised by a later claim)"
        elif claim.attributes_to == f.party and (claim.source, claim.via) in rungs:
            role += f" (support: {rungs[(claim.source, claim.via)]})"
        via = f", via {md.text(source(data, claim.via))}" if claim.via else ""
        published = f", {md.text(claim.published)}" if claim.published else ""
        link = f": {md.link(claim.url)}" if claim.url else ""
        out.append(f"- {md.text(source(data, claim.source))}{via}{published}, {role}{link}")
    out.append("")
    return out


def _context(f: engine.Finding, data: Dataset) -> list[str]:
    """Where it came from, who held the site according to whom, and how many, with the
    sources of each end of every range (no effect on the finding)."""
    out = []
    launch = f.context.get("launched_from")
    if launch:
        where = launch.get("coordinates") or {}
        named = [launch.get(k) for k in ("place", "region", "country") if launch.get(k)]
        if where:
            named.append(f"{where['lat']}, {where['lon']} ({where['precision']})")
        if launch.get("area"):
            named.append(f"area {launch['area']}")
        out.append("- Launched from: " + md.text(", ".join(named)))
    held = f.context.get("controlled_by") or []
    if held:
        out.append(
            "- Site held by: "
            + "; ".join(
                md.text(f"{party(data, h['party'])} (per {_per(data, h['per'])})") for h in held
            )
        )
    for kind, e in (f.context.get("casualties") or {}).items():
        lo, hi = _per(data, *e["low_per"]), _per(data, *e["high_per"])
        shown = (
            f"{e['low']} (per {lo})"
            if e["low"] == e["high"]
            else f"{e['low']} to {e['high']} (low per {lo}; high per {hi})"
        )
        out.append(f"- {kind.capitalize()}: " + md.text(shown))
    return out


def _per(data: Dataset, *who: str) -> str:
    """Who gives a figure or a fact: sources by name (``incident``: the incident's own)."""
    return ", ".join(w if w == "incident" else source(data, w) for w in who)


def _stated_late(f: engine.Finding, where: tzinfo, data: Dataset) -> list[str]:
    """The readings of the finding first stated after the incident ended."""
    late: set[str] = set()
    for version in f.versions:
        for combo in version.combinations:
            if combo.period is not None and engine.stated_after(combo.period.stated, f.span, where):
                late.add(f"in force per {reading(data, combo.in_force)}")
            if combo.reading is not None and engine.stated_after(
                combo.reading.stated, f.span, where
            ):
                late.add(f"term per {reading(data, combo.term)}")
    return sorted(late)


def _missing(f: engine.Finding) -> list[str]:
    """The reasons of the conditions left unknown under the accusing claims' versions."""
    reasons: list[str] = []
    for version in f.versions:
        for combo in version.combinations:
            for condition in combo.conditions:
                text = f"{condition.name}: {condition.reason}"
                if condition.value == "unknown" and text not in reasons:
                    reasons.append(text)
    return reasons or ["see `ceasewatch explain`"]
