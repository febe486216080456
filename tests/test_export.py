"""``ceasewatch export`` (issue 7): JSON (versioned, golden), CSV (a byte-order mark, the
documented ACLED-like columns, formulas neutralised) and GeoJSON (valid, styled by
precision), each read back by the tools analysts use: ``json``, ``csv``, ``geojson``."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import geojson
import pytest

from ceasewatch import export as export_

from .conftest import TODAY, CliResult, MakeDataset, run_cli
from .golden import check_golden

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATASET = TESTS / "data" / "report-dataset"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = {"latitude", "longitude", "source_count"}


def export(fmt: str, *args: str, root: Path = DATASET) -> CliResult:
    return run_cli(["export", "--format", fmt, "--root", str(root), "--today", TODAY, *args])


def ok_export(fmt: str, *args: str, root: Path = DATASET) -> CliResult:
    result = export(fmt, *args, root=root)
    assert result.exit_code == 0, result.stderr
    return result


def csv_text(folder: Path, root: Path = DATASET) -> str:
    """The CSV as written to a file (click's runner turns CRLF into LF on stdout)."""
    out = folder / "export.csv"
    ok_export("csv", "-o", str(out), root=root)
    return out.read_bytes().decode("utf-8")


def check_json(root: Path = DATASET) -> Any:
    result = run_cli(["check", "--root", str(root), "--format", "json", "--today", TODAY])
    assert result.exit_code == 0, result.stderr
    return result.json()


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header = rows[0]
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def documented_columns() -> list[str]:
    """The CSV columns in the order of the table in docs/export.md."""
    doc = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    section = doc.split("### CSV", 1)[1].split("###", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names += re.findall(r"`([a-z0-9_]+)`", first)
    return names


# --- JSON ----------------------------------------------------------------------------------------


def test_json_golden() -> None:
    check_golden("report/export.json", ok_export("json").stdout)


def test_json_is_versioned_and_matches_check() -> None:
    doc = json.loads(ok_export("json").stdout)
    assert list(doc) == ["version", "incidents", "findings", "unattributed"]
    assert doc["version"] == export_.VERSION == 3
    checked = check_json()
    assert doc["findings"] == checked["findings"]
    assert doc["unattributed"] == checked["unattributed"]
    ids = [i["id"] for i in doc["incidents"]]
    assert ids == sorted(ids)
    assert len(ids) == 6
    for incident in doc["incidents"]:
        assert incident["file"] == f"incidents/2025/{incident['id']}.yaml"
        assert incident["time_precision"] in ("exact", "window", "day")
        assert incident["start_utc"] <= incident["end_utc"]
        assert incident["start_utc"].endswith("+00:00")
    by_id = {i["id"]: i for i in doc["incidents"]}
    # The YAML names of the fields, not the Python ones
    assert by_id["2025-03-28-outcome-unknown"]["occurred"] == {
        "from": "2025-03-28T20:00",
        "until": "2025-03-29T02:00",
    }
    assert by_id["2025-03-28-outcome-unknown"]["time_precision"] == "window"
    assert by_id["2025-03-27-substation"]["time_precision"] == "day"
    assert by_id["2025-03-27-substation"]["start_utc"] == "2025-03-26T22:00:00+00:00"
    assert by_id["2025-03-20-refinery"]["time_precision"] == "exact"
    assert by_id["2025-04-02-depot"]["location"]["place"] == "@Миколаїв"


def test_json_output_file(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    result = ok_export("json", "-o", str(out))
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == ok_export("json").stdout


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    ok_export("csv", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow_type,incident,")
    assert data.decode("utf-8").replace("\r\n", "\n") == ok_export("csv").stdout
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["location"] for r in rows} >= {"'@Миколаїв"}
    assert {r["admin1"] for r in rows} >= {"Миколаївська область"}


def test_csv_columns_are_the_documented_ones_in_order(tmp_path: Path) -> None:
    text = csv_text(tmp_path)
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert header == documented_columns() == list(export_.CSV_COLUMNS)
    assert len(header) == 29
    # RFC 4180 line ends
    assert text.splitlines(keepends=True)[0].endswith("\r\n")


def test_csv_one_row_per_finding_and_per_unattributed_incident(tmp_path: Path) -> None:
    rows = read_csv(csv_text(tmp_path))
    checked = check_json()
    assert len(rows) == len(checked["findings"]) + len(checked["unattributed"]) == 6
    findings = [r for r in rows if r["row_type"] == "finding"]
    assert [(r["incident"], r["accused"], r["status"], r["support"]) for r in findings] == [
        (f["incident"], f["party"], f["status"], f["support"]) for f in checked["findings"]
    ]
    unattributed = [r for r in rows if r["row_type"] == "unattributed"]
    assert [(r["incident"], r["status"]) for r in unattributed] == [
        ("2025-04-05-line", "contingent")
    ]
    assert unattributed[0]["accused"] == ""
    assert unattributed[0]["source_count"] == "0"
    depot = next(r for r in findings if r["incident"] == "2025-04-02-depot")
    assert depot["sources"] == "white-house"
    assert depot["source_count"] == "1"
    assert depot["contested"] == "yes"
    refinery = next(r for r in findings if r["incident"] == "2025-03-20-refinery")
    assert refinery["sources"] == "reuters;russia-mod;ukraine-general-staff"
    assert refinery["source_count"] == "3"
    assert refinery["means"] == "drone"
    assert refinery["country"] == "RU"
    assert refinery["agreement"] == "energy-pause"
    assert refinery["term"] == "no-energy-strikes"
    assert refinery["start"] == refinery["end"] == "2025-03-20T00:00:00+00:00"
    assert refinery["time_precision"] == "exact"
    assert (refinery["latitude"], refinery["longitude"], refinery["geo_precision"]) == (
        "44.1",
        "39.07",
        "exact",
    )
    outcome = next(r for r in findings if r["incident"] == "2025-03-28-outcome-unknown")
    assert (outcome["latitude"], outcome["longitude"], outcome["geo_precision"]) == ("", "", "")


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    rows = read_csv(csv_text(tmp_path))
    for row in rows:
        for column, value in row.items():
            if column not in NUMERIC:
                assert not value.startswith(FORMULA_STARTS), (column, value)
    by_id = {r["incident"]: r for r in rows}
    assert by_id["2025-03-28-outcome-unknown"]["title"].startswith("'=HYPERLINK(")
    assert by_id["2025-03-28-outcome-unknown"]["admin1"] == "'-->"
    assert by_id["2025-04-02-depot"]["title"].startswith("'+Depot fire")
    assert by_id["2025-04-02-depot"]["location"] == "'@Миколаїв"
    assert by_id["2025-04-05-line"]["title"] == "'-Power line down ``` fenced ``` -->"
    assert by_id["2025-04-05-line"]["location"] == "'\tKharkiv"
    assert by_id["2025-04-05-line"]["admin1"] == "'\rKharkiv oblast"
    assert by_id["2025-03-27-substation"]["title"].startswith("'@octocat strike")
    # Text that does not start like a formula is left exactly as written, newline included.
    assert by_id["2025-03-20-refinery"]["title"] == (
        "Drone strike | pipe on a refinery\nsecond line <details><summary>x</summary>"
    )
    assert by_id["2025-03-20-refinery"]["location"] == "Tuapse | pipe\nnewline"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise(value: str) -> None:
    assert export_.neutralise(value) == "'" + value
    assert export_.neutralise("x" + value) == "x" + value


def test_csv_leaves_negative_numbers_alone(tmp_path: Path) -> None:
    root = tmp_path / "south-west"
    shutil.copytree(DATASET, root)
    incident = root / "incidents" / "2025" / "2025-03-20-refinery.yaml"
    text = incident.read_text(encoding="utf-8")
    incident.write_text(
        text.replace(
            "{lat: 44.1, lon: 39.07, precision: exact}",
            "{lat: -33.9, lon: -18.4, precision: exact}",
        ),
        encoding="utf-8",
    )
    rows = read_csv(csv_text(tmp_path, root))
    refinery = next(r for r in rows if r["incident"] == "2025-03-20-refinery")
    assert (refinery["latitude"], refinery["longitude"]) == ("-33.9", "-18.4")
    assert float(refinery["latitude"]) == -33.9


# --- GeoJSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "said"),
    [
        (["{lat: 47.1, lon: 37.5, precision: exact}"], ""),
        (
            ["{lat: 47.1, lon: 37.5, precision: exact}", None],
            "1 incident has no coordinates and is not on the map\n",
        ),
    ],
)
def test_geojson_counts_unplaced_incidents_only_when_there_are_some(
    make_dataset: MakeDataset, tmp_path: Path, places: list[str | None], said: str
) -> None:
    files = {}
    for i, coords in enumerate(places):
        where = f"{{country: UA, coordinates: {coords}}}" if coords else "{country: UA}"
        files[f"incidents/x-{i}.yaml"] = (
            f"id: x-{i}\ntitle: T\noccurred: 2025-03-19\nlocation: {where}\n"
            "claims: [{source: kremlin, url: 'https://example.org/a', attributes_to: ukraine}]\n"
        )
    root = make_dataset(files)
    result = export("geojson", "-o", str(tmp_path / "map.geojson"), root=root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", said)


def test_geojson_is_valid_with_one_point_per_located_incident() -> None:
    result = ok_export("geojson")
    doc = geojson.loads(result.stdout)
    assert isinstance(doc, geojson.FeatureCollection)
    assert doc.is_valid, doc.errors()
    ids = [f["properties"]["id"] for f in doc["features"]]
    assert ids == [
        "2025-03-20-refinery",
        "2025-03-27-substation",
        "2025-04-02-depot",
        "2025-04-05-line",
    ]
    for feature in doc["features"]:
        assert isinstance(feature, geojson.Feature)
        assert isinstance(feature["geometry"], geojson.Point)
        assert feature.is_valid
    refinery = doc["features"][0]
    assert refinery["geometry"]["coordinates"] == [39.07, 44.1]  # longitude first
    assert result.stderr == "2 incidents have no coordinates and are not on the map\n"


def test_geojson_properties() -> None:
    doc = geojson.loads(ok_export("geojson").stdout)
    by_id = {f["properties"]["id"]: f["properties"] for f in doc["features"]}
    for props in by_id.values():
        assert set(props) == {
            "id",
            "title",
            "start",
            "end",
            "time_precision",
            "geo_precision",
            "findings",
            "marker-size",
            "marker-color",
        }
    substation = by_id["2025-03-27-substation"]
    assert substation["title"] == "@octocat strike on a substation, see #123 and o/r#2"
    assert (substation["start"], substation["end"]) == (
        "2025-03-26T22:00:00+00:00",
        "2025-03-27T22:00:00+00:00",
    )
    assert substation["time_precision"] == "day"
    assert substation["geo_precision"] == "approximate"
    assert substation["findings"] == (
        "apparent alleged against russia (energy-pause/no-energy-strikes, adversary; "
        "event reported)"
    )
    depot = by_id["2025-04-02-depot"]
    assert depot["findings"].count("alleged against") == 2
    assert "against russia" in depot["findings"]
    assert "against ukraine" in depot["findings"]
    assert by_id["2025-04-05-line"]["findings"] == "no alleged violation"


def test_geojson_marker_style_by_precision() -> None:
    doc = geojson.loads(ok_export("geojson").stdout)
    style: dict[str, set[tuple[str, str]]] = {}
    for f in doc["features"]:
        p = f["properties"]
        style.setdefault(p["geo_precision"], set()).add((p["marker-size"], p["marker-color"]))
    assert set(style) == {"exact", "approximate", "region"}
    assert all(len(s) == 1 for s in style.values())  # one style per precision
    (exact,), (approximate,), (region,) = style["exact"], style["approximate"], style["region"]
    assert len({exact[0], approximate[0], region[0]}) == 3  # sizes differ
    assert len({exact[1], approximate[1], region[1]}) == 3  # colours differ
    assert exact[0] == "large"
    assert region[0] == "small"
    for _, colour in (exact, approximate, region):
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)


def test_geojson_output_file_still_reports_missing_coordinates(tmp_path: Path) -> None:
    out = tmp_path / "map.geojson"
    result = ok_export("geojson", "-o", str(out))
    assert result.stdout == ""
    assert "2 incidents have no coordinates" in result.stderr
    assert geojson.loads(out.read_text(encoding="utf-8")).is_valid


# --- invalid data --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
def test_invalid_data_writes_nothing(tmp_path: Path, fmt: str) -> None:
    root = tmp_path / "broken"
    shutil.copytree(DATASET, root)
    incident = root / "incidents" / "2025" / "2025-05-10-late.yaml"
    incident.write_text(
        incident.read_text(encoding="utf-8").replace("country: UA", "country: XX"), "utf-8"
    )
    out = tmp_path / f"out.{fmt}"
    out.write_text("old\n", encoding="utf-8")
    result = export(fmt, "-o", str(out), root=root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing written" in result.stderr
    assert out.read_text(encoding="utf-8") == "old\n"
    missing = tmp_path / f"new.{fmt}"
    assert export(fmt, "-o", str(missing), root=root).exit_code == 1
    assert not missing.exists()


def test_geojson_golden() -> None:
    check_golden("report/export.geojson", ok_export("geojson").stdout)
