"""A static SVG map of the incidents, by accused party and event grade.

Deterministic (the same data gives the same bytes: sorted inputs, rounded coordinates, no
clock, no random), self-contained (no tiles, fonts, scripts or links) and drawn in an
equirectangular projection whose standard parallel is the middle of the view. The outlines
are the project's areas (polygons, and countries from countryinfo's offline outlines) and
the countries the incidents lie in. Every string from the data is XML-escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from shapely import clip_by_rect
from shapely.errors import ShapelyError
from shapely.geometry import shape

from . import engine
from .engine import EVENT_ORDER
from .escape import terminal
from .geo import Areas
from .loading import Dataset
from .wording import EVENT_TEXT

WIDTH = 880  # the map's width in pixels (the legend goes beneath it)
MAX_HEIGHT = 640
MARGIN_DEG = 0.6  # degrees added around the points and areas
#: One colour per accused party, in the order of their ids: distinct, none of them a
#: side's colour, readable by the common kinds of colour blindness (ColorBrewer Dark2).
PARTY_COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d")
NONE_COLOUR = "#9a9a9a"
HALO = {"exact": 0.0, "approximate": 10.0, "region": 18.0}  # the uncertainty, in pixels
RADIUS = 5.0


def text(value: str) -> str:
    """A data string as XML character data: hidden characters visible (XML 1.0 admits no
    controls), then ``&``, ``<`` and ``>`` as entities."""
    return escape(terminal(" ".join(value.split()), log=False))


def attr(value: str) -> str:
    """A data string as a quoted XML attribute value."""
    return quoteattr(terminal(" ".join(value.split()), log=False))


@dataclass(frozen=True, slots=True)
class Mark:
    """One incident on the map: against whom (None: no one), with which event grade."""

    incident: str
    title: str
    lon: float
    lat: float
    precision: str
    party: str | None
    event: str | None


@cache
def _country(code: str) -> Any:
    # Imported here: only maps pay for loading the outlines.
    from countryinfo import CountryInfo

    try:
        return shape(CountryInfo(code).geo_json()["features"][0]["geometry"])
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


def marks(data: Dataset, result: engine.Result) -> list[Mark]:
    """One mark per incident with coordinates and accused party (its best event grade), or
    one grey mark for an incident with coordinates that no finding accuses anyone of."""
    grades: dict[tuple[str, str], str] = {}
    for f in result.findings:
        key = (f.incident, f.accused)
        if key not in grades or EVENT_ORDER.index(f.event) < EVENT_ORDER.index(grades[key]):
            grades[key] = f.event
    out = []
    for item in sorted(data.incidents, key=lambda i: i.model.id):
        inc = item.model
        c = inc.location.coordinates
        if c is None:
            continue
        accused = sorted(p for i, p in grades if i == inc.id)
        for party in accused or (None,):
            event = grades[(inc.id, party)] if party is not None else None
            out.append(Mark(inc.id, inc.title, c.lon, c.lat, c.precision, party, event))
    return out


def _outlines(data: Dataset) -> tuple[list[tuple[str, Any]], list[Any]]:
    """The project's areas (name, geometry) and the countries of the incidents."""
    assert data.project is not None
    areas = Areas.of(data)
    polygons = areas.polygons
    named: list[tuple[str, Any]] = []
    for aid, area in sorted(data.project.model.areas.items()):
        if aid in polygons:
            named.append((area.name, polygons[aid]))
        for code in sorted(areas.countries.get(aid, ())):
            if (geometry := _country(code)) is not None:
                named.append((area.name, geometry))
    codes = sorted({c for i in data.incidents if (c := i.model.location.country)})
    countries = [g for code in codes if (g := _country(code)) is not None]
    return named, countries


def _bounds(marks_: list[Mark], areas: list[tuple[str, Any]]) -> tuple[float, ...]:
    lons = [m.lon for m in marks_]
    lats = [m.lat for m in marks_]
    for _, geometry in areas:
        x0, y0, x1, y1 = geometry.bounds
        if not all(map(math.isfinite, (x0, y0, x1, y1))):  # an empty outline
            continue
        lons += [x0, x1]
        lats += [y0, y1]
    if not lons:
        return (-10.0, -10.0, 10.0, 10.0)
    return (
        max(min(lons) - MARGIN_DEG, -180.0),
        max(min(lats) - MARGIN_DEG, -85.0),
        min(max(lons) + MARGIN_DEG, 180.0),
        min(max(lats) + MARGIN_DEG, 85.0),
    )


class _Projection:
    """Equirectangular, the standard parallel at the middle latitude, fitted to the box."""

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.lon0, self.lat0, self.lon1, self.lat1 = bounds
        stretch = math.cos(math.radians((self.lat0 + self.lat1) / 2))
        span_x = max(self.lon1 - self.lon0, 1e-6) * stretch
        span_y = max(self.lat1 - self.lat0, 1e-6)
        self.k = min(WIDTH / span_x, MAX_HEIGHT / span_y)
        self.stretch = stretch
        self.width = WIDTH
        self.height = round(span_y * self.k)
        self.dx = (WIDTH - span_x * self.k) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.dx + (lon - self.lon0) * self.stretch * self.k,
            (self.lat1 - lat) * self.k,
        )


def _path(geometry: Any, proj: _Projection) -> str:
    """The SVG path of the rings of the polygons in ``geometry`` (a polygon, or any collection
    of them; lines and points left out), in pixels to one decimal."""
    parts: list[str] = []
    if geometry is None or geometry.is_empty:
        return ""
    if geometry.geom_type != "Polygon":
        return " ".join(p for part in getattr(geometry, "geoms", ()) if (p := _path(part, proj)))
    for ring in [geometry.exterior, *geometry.interiors]:
        points = [proj(x, y) for x, y in ring.coords]
        parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return " ".join(parts)


def _clip(geometry: Any, box: tuple[float, float, float, float]) -> Any:
    """The outline within ``box`` (None when GEOS cannot cut it: a self-crossing polygon)."""
    try:
        return clip_by_rect(geometry, *box)
    except ShapelyError:
        return None


def _step(span: float) -> float:
    """Graticule spacing: 1, 2, 5 or 10 degrees, for four to ten lines."""
    return next((s for s in (1.0, 2.0, 5.0, 10.0, 20.0) if span / s <= 10), 30.0)


def render(data: Dataset, result: engine.Result) -> str:
    """The whole SVG document."""
    assert data.project is not None
    marks_ = marks(data, result)
    areas, countries = _outlines(data)
    proj = _Projection(_bounds(marks_, areas))
    parties = sorted({m.party for m in marks_ if m.party is not None})
    colour = {p: PARTY_COLOURS[i % len(PARTY_COLOURS)] for i, p in enumerate(parties)}
    known = data.project.model.parties
    names = {p: known[p].name if p in known else p for p in parties}
    legend = _legend(parties, colour, names, marks_, bool(areas))
    height = proj.height + 104 + 22 * len(legend)
    title = f"{data.project.model.title}: incidents by accused party and event grade"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13" role="img">',
        f"<title>{text(title)}</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        # Outlines are cut a degree beyond the view, and the view clips them: the cut edges
        # lie outside it, so no straight line drawn by the cut shows as a border.
        f'<clipPath id="view"><rect width="{WIDTH}" height="{proj.height}"/></clipPath>',
        '<g transform="translate(0,40)" clip-path="url(#view)">',
        f'<rect width="{WIDTH}" height="{proj.height}" fill="#f4f7fa"/>',
    ]
    box = (proj.lon0 - 1, proj.lat0 - 1, proj.lon1 + 1, proj.lat1 + 1)
    for geometry in countries:
        d = _path(_clip(geometry, box), proj)
        if d:
            out.append(f'<path d="{d}" fill="none" stroke="#b8b8b8" stroke-width="0.8"/>')
    out += _graticule(proj)
    for name, geometry in areas:
        d = _path(_clip(geometry, box), proj)
        if d:
            out.append(
                f'<path d="{d}" fill="#4a90d9" fill-opacity="0.08" stroke="#4a90d9" '
                f'stroke-width="1.2" stroke-dasharray="5 3"><title>{text(name)}</title></path>'
            )
    out += _marks(marks_, proj, colour, names)
    out.append("</g>")
    out.append(f'<text x="10" y="26" font-size="16" font-weight="bold">{text(title)}</text>')
    y = proj.height + 40 + 24
    out += [
        f'<text x="10" y="{y}" fill="#444444">Each mark is an incident alleged against a '
        "party, at its stated coordinates; a halo shows an approximate or region-level place."
        "</text>",
        f'<text x="10" y="{y + 18}" fill="#444444">Counts are not rates of violation: they '
        "reflect how much each side reports, not how often it violates an agreement.</text>",
    ]
    y += 18
    for i, line in enumerate(legend):
        out.append(f'<g transform="translate(10,{y + 24 + 22 * i})">{line}</g>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _graticule(proj: _Projection) -> list[str]:
    out = []
    for lo, hi, vertical in ((proj.lon0, proj.lon1, True), (proj.lat0, proj.lat1, False)):
        step = _step(hi - lo)
        value = math.ceil(lo / step) * step
        while value <= hi:
            if vertical:
                x, _ = proj(value, proj.lat1)
                out.append(
                    f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{proj.height}" stroke="#dde3ea"/>'
                    f'<text x="{x + 3:.1f}" y="{proj.height - 4}" font-size="10" '
                    f'fill="#8a96a3">{_degrees(value, "E", "W")}</text>'
                )
            else:
                _, y = proj(proj.lon0, value)
                out.append(
                    f'<line x1="0" y1="{y:.1f}" x2="{proj.width}" y2="{y:.1f}" stroke="#dde3ea"/>'
                    f'<text x="3" y="{y - 3:.1f}" font-size="10" '
                    f'fill="#8a96a3">{_degrees(value, "N", "S")}</text>'
                )
            value += step
    return out


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


def _marks(
    marks_: list[Mark], proj: _Projection, colour: dict[str, str], names: dict[str, str]
) -> list[str]:
    """Halos first, then grey marks, then the accused marks (an incident accused of both
    parties shows one mark per party, side by side)."""
    per_incident: dict[str, int] = {}
    for m in marks_:
        per_incident[m.incident] = per_incident.get(m.incident, 0) + 1
    seen: dict[str, int] = {}
    halos, grey, accused = [], [], []
    for m in marks_:
        x, y = proj(m.lon, m.lat)
        k, n = seen.get(m.incident, 0), per_incident[m.incident]
        seen[m.incident] = k + 1
        x += (k - (n - 1) / 2) * (RADIUS * 2 + 2)
        if HALO[m.precision] and k == 0:
            cx, _ = proj(m.lon, m.lat)
            halos.append(
                f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="{HALO[m.precision]:.0f}" '
                'fill="#777777" fill-opacity="0.12"/>'
            )
        label = f"{m.incident}: {m.title}"
        if m.party is None:
            grey.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{NONE_COLOUR}">'
                f"<title>{text(label)} (no alleged violation)</title></circle>"
            )
            continue
        assert m.event is not None
        label += f" (alleged against {names[m.party]}; {EVENT_TEXT[m.event]})"
        accused.append(_symbol(x, y, colour[m.party], m.event, label))
    return halos + grey + accused


def _symbol(x: float, y: float, fill: str, event: str, label: str = "") -> str:
    """Filled: corroborated; a ring: reported; a dashed ring: disputed (``label``: its
    tooltip)."""
    if event == "confirmed":
        style = f'fill="{fill}" stroke="#ffffff" stroke-width="1"'
    elif event == "reported":
        style = f'fill="#ffffff" stroke="{fill}" stroke-width="2.5"'
    else:
        style = f'fill="#ffffff" stroke="{fill}" stroke-width="2" stroke-dasharray="2 2"'
    circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS:.0f}" {style}'
    return f"{circle}><title>{text(label)}</title></circle>" if label else f"{circle}/>"


def _legend(
    parties: list[str],
    colour: dict[str, str],
    names: dict[str, str],
    marks_: list[Mark],
    areas: bool,
) -> list[str]:
    """The legend's lines: parties with their counts, grades, grey marks, halo, areas."""

    def row(symbol: str, words: str) -> str:
        return f'{symbol}<text x="18" y="4">{words}</text>'

    lines = []
    for p in parties:
        n = sum(m.party == p for m in marks_)
        lines.append(
            row(
                _symbol(6, 0, colour[p], "confirmed"),
                f"alleged against {text(names[p])} ({n} {'incident' if n == 1 else 'incidents'} "
                "on the map)",
            )
        )
    for event in EVENT_ORDER:
        lines.append(row(_symbol(6, 0, "#555555", event), text(_GRADE_WORDS[event])))
    if any(m.party is None for m in marks_):
        lines.append(
            row(f'<circle cx="6" cy="0" r="3" fill="{NONE_COLOUR}"/>', "no alleged violation")
        )
    lines.append(
        row(
            '<circle cx="6" cy="0" r="8" fill="#777777" fill-opacity="0.12"/>',
            "halo: the place is approximate (small) or only a region (large)",
        )
    )
    if areas:
        lines.append(
            row(
                '<rect x="0" y="-6" width="12" height="12" fill="#4a90d9" fill-opacity="0.08" '
                'stroke="#4a90d9" stroke-dasharray="5 3"/>',
                "an area named in the project file",
            )
        )
    return lines


_GRADE_WORDS = {
    "confirmed": f"filled: {EVENT_TEXT['confirmed']}",
    "reported": f"ring: {EVENT_TEXT['reported']}",
    "disputed": f"dashed ring: {EVENT_TEXT['disputed']}",
}
