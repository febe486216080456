"""``ceasewatch.geo``: whether an incident lies in a term's areas, as yes, no or unknown.

The contract: a country area is tested by the incident's country code (unknown without one);
a polygon area by the incident's point, whatever precision the point is given with (``explain``
shows the precision), boundary included (unknown without coordinates); an area without a
usable outline (a broken or missing GeoJSON file, an undeclared id) is unknown. Over several
areas, one yes is enough; else one unknown makes the answer unknown; else no.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ceasewatch import geo
from ceasewatch.api import load
from ceasewatch.geo import Areas
from ceasewatch.loading import Dataset
from ceasewatch.models import Location

from .conftest import PROJECT_YAML, MakeDataset

#: A box over Kherson oblast's south bank, lon 32 to 35, lat 46 to 47 (a closed ring).
BOX = [[[32, 46], [35, 46], [35, 47], [32, 47], [32, 46]]]
#: Two boxes: around Odesa (lon 30-31, lat 46-47) and around Mariupol (lon 37-38, lat 47-48).
TWO_BOXES = [
    [[[30, 46], [31, 46], [31, 47], [30, 47], [30, 46]]],
    [[[37, 47], [38, 47], [38, 48], [37, 48], [37, 47]]],
]

#: The parties and sources of PROJECT_YAML, and an area of every kind (short ids keep the
#: tables below one case a line): `sea`, the Black Sea inline; `ua` and `east`, countries;
#: `box1` to `box3`, BOX in a FeatureCollection, a Feature and a bare geometry; `two`,
#: TWO_BOXES as a MultiPolygon; `bad`, a broken file; `gone`, a missing one.
PROJECT = (
    PROJECT_YAML.split("areas:")[0]
    + """\
areas:
  sea:
    name: Black Sea
    polygon: {type: Polygon, coordinates: [[[27, 41], [42, 41], [42, 47], [27, 47], [27, 41]]]}
  ua: {name: Ukraine, countries: [UA]}
  east: {name: East, countries: [UA, RU]}
  box1: {name: Box in a collection, polygon: areas/collection.geojson}
  box2: {name: Box as a feature, polygon: areas/feature.geojson}
  box3: {name: Box as a geometry, polygon: areas/geometry.json}
  two: {name: Two boxes, polygon: areas/two.geojson}
  bad: {name: Broken outline, polygon: areas/broken.geojson}
  gone: {name: Missing outline, polygon: areas/missing.geojson}
"""
)


def geometry(kind: str, coordinates: Any) -> dict[str, Any]:
    return {"type": kind, "coordinates": coordinates}


FEATURE = {"type": "Feature", "properties": {}, "geometry": geometry("Polygon", BOX)}
FILES = {
    "areas/collection.geojson": json.dumps({"type": "FeatureCollection", "features": [FEATURE]}),
    "areas/feature.geojson": json.dumps(FEATURE),
    "areas/geometry.json": json.dumps(geometry("Polygon", BOX)),
    "areas/two.geojson": json.dumps(geometry("MultiPolygon", TWO_BOXES)),
    "areas/broken.geojson": '{"type": "Polygon", "coordinates": [[[32, 46], [35',
}


@pytest.fixture
def with_areas(make_dataset: MakeDataset) -> Dataset:
    """A dataset whose project has an area of every kind (:data:`PROJECT`)."""
    return load(make_dataset(FILES, project=PROJECT))


@pytest.fixture
def areas(with_areas: Dataset) -> Areas:
    return Areas.of(with_areas)


def at(
    lat: float | None = None,
    lon: float | None = None,
    how: str = "exact",
    country: str | None = None,
) -> Location:
    """An incident's location: a point given ``how`` precisely (when ``lat`` is given), and a
    country code."""
    loc: dict[str, Any] = {"country": country}
    if lat is not None:
        loc["coordinates"] = {"lat": str(lat), "lon": str(lon), "precision": how}
    return Location.model_validate(loc)


UA, RU = at(country="UA"), at(country="RU")
KYIV = at(50.45, 30.52, country="UA")
#: At sea: no country (the schema allows it), so only a polygon area can place it.
SEA = at(44.0, 33.0)


# --- building the areas --------------------------------------------------------------------------


def test_of_builds_every_usable_area(areas: Areas) -> None:
    assert areas.countries == {"ua": frozenset({"UA"}), "east": frozenset({"UA", "RU"})}
    # The broken and the missing file give no outline (validation reports them).
    assert sorted(areas.polygons) == ["box1", "box2", "box3", "sea", "two"]


def test_of_a_project_file_that_does_not_load(make_dataset: MakeDataset) -> None:
    data = load(make_dataset({}, project="title: [\n"))
    assert data.project is None
    built = Areas.of(data)
    assert (built.countries, built.polygons) == ({}, {})
    assert built.contains(("ua",), UA) == ("unknown", "area `ua` has no usable outline")


def test_an_outline_is_built_when_a_point_is_first_tested(
    with_areas: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    prepared = geo._prepared

    def counted(geojson: dict[str, Any]) -> Any:
        built.append(geojson["type"])
        return prepared(geojson)

    monkeypatch.setattr(geo, "_prepared", counted)
    fresh = Areas.of(with_areas)
    assert fresh.contains(("ua",), UA)[0] == "yes" and built == []
    assert fresh.contains(("sea",), SEA)[0] == "yes" and built == ["Polygon"]
    assert fresh.contains(("sea",), KYIV)[0] == "no" and built == ["Polygon"]  # once


def test_a_known_verdict_is_given_without_building_the_outline(
    with_areas: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geo, "_prepared", lambda g: pytest.fail("an outline was built"))
    fresh = Areas.of(with_areas)
    # What an earlier run said of this point (the opposite of the outline: the seed is used),
    # kept for the project's areas only.
    fresh.seed([("sea", 33.0, 44.0, False), ("nowhere", 33.0, 44.0, True)])
    fresh.log = []
    assert fresh.contains(("sea",), SEA) == (
        "no",
        "the point 44.0, 33.0 (exact) is outside area `sea`",
    )
    assert fresh.has_outline("sea") and not fresh.has_outline("nowhere")
    assert fresh.log == [("sea", 33.0, 44.0, False)]


def test_every_verdict_given_is_logged(areas: Areas) -> None:
    areas.log = []
    areas.contains(("ua", "sea", "box1"), SEA)
    areas.contains(("sea",), UA)  # no point: nothing to keep
    assert areas.log == [("sea", 33.0, 44.0, True), ("box1", 33.0, 44.0, False)]


def test_points_tested_together_give_the_verdicts_they_get_alone(
    with_areas: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside, outside, on a vertex and on an edge (the boundary counts), against a polygon,
    # a multipolygon, a broken outline and a country area (the last two are not prefilled).
    points = [SEA, KYIV, at(46.0, 32.0), at(46.5, 35.0), at(47.5, 37.5), at(47.5, 36.0)]
    ids = ("sea", "two", "box1", "bad", "ua")
    alone = Areas.of(with_areas)
    expected = [alone.contains(ids, p) for p in points]
    together = Areas.of(with_areas)
    together.prefill(ids, [(p.coordinates.lon, p.coordinates.lat) for p in points if p.coordinates])
    tested: list[object] = []
    import shapely

    single = shapely.intersects_xy
    monkeypatch.setattr(shapely, "intersects_xy", lambda *a: tested.append(a) or single(*a))
    alone.log, together.log = [], []
    assert [together.contains(ids, p) for p in points] == expected
    assert tested == []  # none tested one at a time
    assert [alone.contains(ids, p) for p in points] == expected
    assert together.log == alone.log and len(together.log) == 18
    tested.clear()
    # The next files' points replace them: a point of the files before is tested alone.
    together.prefill(ids, [(10.0, 10.0)])
    assert together.contains(("sea",), SEA)[0] == "yes"
    assert [a[1:] for a in tested if not isinstance(a[1], list)] == [(33.0, 44.0)]


# --- one area ------------------------------------------------------------------------------------

ONE_AREA = [
    ("ua", UA, "yes", "country UA is in area `ua`"),
    ("ua", RU, "no", "country RU is not in area `ua`"),
    ("east", RU, "yes", "country RU is in area `east`"),
    ("ua", SEA, "unknown", "no country given to test against area `ua`"),
    ("sea", SEA, "yes", "the point 44.0, 33.0 (exact) is inside area `sea`"),
    ("sea", KYIV, "no", "the point 50.45, 30.52 (exact) is outside area `sea`"),
    ("sea", UA, "unknown", "no coordinates to test against area `sea`"),
    # the boundary is inside
    ("sea", at(41.0, 30.0), "yes", "the point 41.0, 30.0 (exact) is inside area `sea`"),
    ("sea", at(40.999, 30.0), "no", "the point 40.999, 30.0 (exact) is outside area `sea`"),
    # a vague point is still tested as a point
    (
        "box1",
        at(46.6, 32.6, "region"),
        "yes",
        "the point 46.6, 32.6 (region) is inside area `box1`",
    ),
    (
        "box1",
        at(46.6, 31.9, "approximate"),
        "no",
        "the point 46.6, 31.9 (approximate) is outside area `box1`",
    ),
    # either part of a MultiPolygon, nothing between them
    ("two", at(47.1, 37.5), "yes", "the point 47.1, 37.5 (exact) is inside area `two`"),
    ("two", at(46.6, 33.0), "no", "the point 46.6, 33.0 (exact) is outside area `two`"),
    # no usable outline, whatever the incident gives
    ("bad", KYIV, "unknown", "area `bad` has no usable outline"),
    ("gone", KYIV, "unknown", "area `gone` has no usable outline"),
    ("nowhere", KYIV, "unknown", "area `nowhere` has no usable outline"),
]


@pytest.mark.parametrize(("area", "loc", "verdict", "reason"), ONE_AREA)
def test_one_area(areas: Areas, area: str, loc: Location, verdict: str, reason: str) -> None:
    assert areas.contains((area,), loc) == (verdict, reason)


@pytest.mark.parametrize("area", ["box1", "box2", "box3"])
def test_each_geojson_wrapping_gives_the_same_outline(areas: Areas, area: str) -> None:
    assert areas.contains((area,), at(46.5, 33.5))[0] == "yes"
    assert areas.contains((area,), at(47.5, 33.5))[0] == "no"


# --- several areas, or none ----------------------------------------------------------------------


def test_no_areas_means_anywhere(areas: Areas) -> None:
    assert areas.contains(None, at()) == ("yes", "the term applies anywhere")


SEVERAL = [
    # one yes is enough, and wins over unknown
    (("sea", "ua"), KYIV, "yes", "country UA is in area `ua`"),
    (("sea", "ua"), UA, "yes", "country UA is in area `ua`"),
    # else one unknown makes it unknown
    (("ua", "sea"), RU, "unknown", "no coordinates to test against area `sea`"),
    (("ua", "bad", "sea"), SEA, "yes", "the point 44.0, 33.0 (exact) is inside area `sea`"),
    # every yes is named; a no names every reason
    (("ua", "east"), UA, "yes", "country UA is in area `ua`; country UA is in area `east`"),
    (
        ("ua", "sea"),
        at(55.75, 37.62, country="RU"),
        "no",
        "country RU is not in area `ua`; the point 55.75, 37.62 (exact) is outside area `sea`",
    ),
]


@pytest.mark.parametrize(("names", "loc", "verdict", "reason"), SEVERAL)
def test_several_areas(
    areas: Areas, names: tuple[str, ...], loc: Location, verdict: str, reason: str
) -> None:
    assert areas.contains(names, loc) == (verdict, reason)
