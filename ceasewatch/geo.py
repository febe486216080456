"""Areas: countries and polygons, and whether an incident lies in them (yes, no or unknown)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .models import Location, Polygon

if TYPE_CHECKING:
    from .loading import Dataset

Tri = Literal["yes", "no", "unknown"]
Why = Callable[[], str]


@dataclass(slots=True)
class Areas:
    """The dataset's named areas, with their polygons built and prepared once."""

    countries: dict[str, frozenset[str]] = field(default_factory=dict)
    polygons: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Dataset) -> Areas:
        """Build the areas of ``data``'s project file (a broken polygon file is skipped:
        validation has reported it already)."""
        out = cls()
        if data.project is None:
            return out
        for aid, area in data.project.model.areas.items():
            if area.countries is not None:
                out.countries[aid] = frozenset(area.countries)
            elif isinstance(area.polygon, Polygon):
                out.polygons[aid] = _prepared(area.polygon.model_dump(warnings=False))
            elif isinstance(area.polygon, str):
                geometry = _from_file(data, area.polygon)
                if geometry is not None:
                    out.polygons[aid] = geometry
        return out

    def contains(self, area_ids: tuple[str, ...] | None, loc: Location) -> tuple[Tri, str]:
        """Yes if the incident lies in one of the areas, no if in none, else unknown."""
        value, why = self.test(area_ids, loc)
        return value, why()

    def test(self, area_ids: tuple[str, ...] | None, loc: Location) -> tuple[Tri, Why]:
        """:meth:`contains` with the reason worded only when asked for (the engine's form)."""
        if area_ids is None:
            return "yes", _ANYWHERE
        values = [self._one(a, loc) for a in area_ids]
        if any(v == "yes" for v, _ in values):
            return "yes", _joined([why for v, why in values if v == "yes"])
        if any(v == "unknown" for v, _ in values):
            return "unknown", _joined([why for v, why in values if v == "unknown"])
        return "no", _joined([why for _, why in values])

    def _one(self, area: str, loc: Location) -> tuple[Tri, Why]:
        if area in self.countries:
            if loc.country is None:
                return "unknown", lambda: f"no country given to test against area `{area}`"
            inside = loc.country in self.countries[area]
            return (
                "yes" if inside else "no"
            ), lambda: f"country {loc.country} is {'in' if inside else 'not in'} area `{area}`"
        geometry = self.polygons.get(area)
        if geometry is None:
            return "unknown", lambda: f"area `{area}` has no usable outline"
        if loc.coordinates is None:
            return "unknown", lambda: f"no coordinates to test against area `{area}`"
        c = loc.coordinates
        # Tested as a point whatever the stated precision; explain shows the precision.
        import shapely  # loaded already: the outline was built with it

        inside = bool(shapely.intersects_xy(geometry, c.lon, c.lat))
        return (
            ("yes" if inside else "no"),
            lambda: (
                f"the point {c.lat}, {c.lon} ({c.precision}) is "
                f"{'inside' if inside else 'outside'} area `{area}`"
            ),
        )


def _joined(reasons: list[Why]) -> Why:
    return lambda: "; ".join(why() for why in reasons)


def _anywhere() -> str:
    return "the term applies anywhere"


_ANYWHERE = _anywhere


def _prepared(geojson: dict[str, Any]) -> Any:
    # shapely (and numpy under it) is imported only when an outline is built: a run read
    # from the cache, or a dataset without polygons, never pays for loading it.
    import shapely
    from shapely.geometry import shape

    geometry = shape(geojson)
    shapely.prepare(geometry)
    return geometry


def _from_file(data: Dataset, rel: str) -> Any:
    import shapely  # see _prepared

    try:
        geo = json.loads((data.root / rel).read_text(encoding="utf-8"))
        if geo.get("type") == "FeatureCollection":
            geo = geo["features"][0]
        if geo.get("type") == "Feature":
            geo = geo["geometry"]
        return _prepared(geo)
    except (OSError, ValueError, KeyError, TypeError, IndexError, shapely.errors.ShapelyError):
        return None
