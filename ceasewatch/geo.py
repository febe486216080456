"""Areas: countries and polygons, and whether an incident lies in them (yes, no or unknown)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from .models import Location, Polygon

if TYPE_CHECKING:
    from .loading import Dataset

Tri = Literal["yes", "no", "unknown"]
Why = Callable[[], str]


#: One point's verdict against one polygon area: the area, longitude, latitude, inside.
Placed = tuple[str, float, float, bool]


@dataclass(slots=True)
class Areas:
    """The dataset's named areas. A polygon's outline is built and prepared when a point is
    first tested against it: a run that tests none (served by the cache, or after one file
    changed whose point was tested before) never loads shapely and numpy."""

    countries: dict[str, frozenset[str]] = field(default_factory=dict)
    #: How each polygon area's outline is built (a broken file's gives None), and those built.
    _build: dict[str, Callable[[], Any]] = field(default_factory=dict)
    _built: dict[str, Any] = field(default_factory=dict)
    #: Verdicts known already (:meth:`seed`), so that the outline is not built for them.
    _known: dict[tuple[str, float, float], bool] = field(default_factory=dict)
    _usable: set[str] = field(default_factory=set)
    #: Verdicts of the points of the files being worked on, tested together (:meth:`prefill`).
    _batch: dict[tuple[str, float, float], bool] = field(default_factory=dict)
    #: When a list, every polygon verdict given is added to it (what a cached unit keeps).
    log: list[Placed] | None = None

    @classmethod
    def of(cls, data: Dataset) -> Areas:
        """The areas of ``data``'s project file (a broken polygon file gives no outline:
        validation has reported it already)."""
        out = cls()
        if data.project is None:
            return out
        for aid, area in data.project.model.areas.items():
            if area.countries is not None:
                out.countries[aid] = frozenset(area.countries)
            elif isinstance(area.polygon, Polygon):
                out._build[aid] = partial(_prepared, area.polygon.model_dump(warnings=False))
            elif isinstance(area.polygon, str):
                out._build[aid] = partial(_from_file, data, area.polygon)
        return out

    @property
    def polygons(self) -> dict[str, Any]:
        """Every usable polygon area's outline, by id (each built now if it was not)."""
        return {aid: g for aid in self._build if (g := self._outline(aid)) is not None}

    def has_outline(self, area: str) -> bool:
        """Whether ``area`` is a polygon area with a usable outline (one a known verdict
        came from is, without building it)."""
        if area in self._usable:
            return True
        return area in self._build and self._outline(area) is not None

    def seed(self, verdicts: Iterable[Placed]) -> None:
        """Take ``verdicts`` (those of a unit the cache kept, under the same areas) as known."""
        for area, lon, lat, inside in verdicts:
            if area in self._build:
                self._known[area, lon, lat] = inside
                self._usable.add(area)

    def prefill(self, area_ids: Iterable[str], points: Sequence[tuple[float, float]]) -> None:
        """Test ``points`` (longitude, latitude) against each polygon area of ``area_ids`` in
        one call per area, for the files being worked on: a call to shapely costs as much as
        testing dozens of points, and most points are asked about. The verdicts replace the
        previous files' (none is kept for the run: memory grows with the points)."""
        self._batch = {}
        if not points:
            return
        import shapely  # the outline is built with it: loaded by then in any case

        lons = [lon for lon, _ in points]
        lats = [lat for _, lat in points]
        for area in area_ids:
            outline = self._outline(area) if area in self._build else None
            if outline is None:
                continue
            inside = shapely.intersects_xy(outline, lons, lats).tolist()
            self._batch.update(
                ((area, lon, lat), v) for (lon, lat), v in zip(points, inside, strict=True)
            )

    def _outline(self, area: str) -> Any:
        if area not in self._built:
            self._built[area] = self._build[area]()
        return self._built[area]

    def contains(self, area_ids: tuple[str, ...] | None, loc: Location) -> tuple[Tri, str]:
        """Yes if the incident lies in one of the areas, no if in none, else unknown."""
        value, why = self.test(area_ids, loc)
        return value, why()

    def test(self, area_ids: tuple[str, ...] | None, loc: Location) -> tuple[Tri, Why]:
        """:meth:`contains` with the reason worded only when asked for (the engine's form)."""
        if area_ids is None:
            return "yes", _ANYWHERE
        if len(area_ids) == 1:  # the commonest case: that area's verdict and reason
            return self._one(area_ids[0], loc)
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
        if not self.has_outline(area):
            return "unknown", lambda: f"area `{area}` has no usable outline"
        c = loc.coordinates
        if c is None:
            return "unknown", lambda: f"no coordinates to test against area `{area}`"
        key = (area, c.lon, c.lat)
        known = self._known.get(key)
        if known is None:
            known = self._batch.get(key)
        if known is None:
            # Tested as a point whatever the stated precision; explain shows the precision.
            import shapely  # the outline is built with it: loaded by then in any case

            inside = bool(shapely.intersects_xy(self._outline(area), c.lon, c.lat))
        else:
            inside = known
        if self.log is not None:
            self.log.append((area, c.lon, c.lat, inside))
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
