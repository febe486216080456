"""``ceasewatch export --format svg``: the static map of incidents by accused party and event
grade. Golden, well-formed, deterministic, self-contained, every data string XML-escaped, and
written whole or not at all."""

from __future__ import annotations

import os
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import TODAY, CliResult, run_cli
from .golden import check_golden
from .test_report import DATASET, copy_dataset, no_git_above

SVG = "{http://www.w3.org/2000/svg}"
#: The only elements the map is made of: no script, image, link, style or foreign object.
ELEMENTS = {"svg", "title", "rect", "g", "clipPath", "path", "line", "text", "circle"}
#: The only attributes, none of them a link or an event handler.
ATTRIBUTES = {
    "xmlns", "width", "height", "viewBox", "font-family", "font-size", "font-weight", "role",
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "transform", "id",
    "clip-path", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
}  # fmt: skip
PARTY = {"Russia": "russia", "Ukraine": "ukraine"}


def export_svg(root: Path, *args: str) -> CliResult:
    return run_cli(["export", "--format", "svg", "--root", str(root), "--today", TODAY, *args])


def ok_svg(root: Path = DATASET) -> str:
    result = export_svg(root)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def elements(text: str) -> list[ET.Element]:
    return list(ET.fromstring(text.encode("utf-8")).iter())


def test_golden_map() -> None:
    check_golden("report/map.svg", ok_svg())


def test_map_is_well_formed_and_self_contained() -> None:
    found = elements(ok_svg())
    assert found[0].tag == f"{SVG}svg"
    for el in found:
        assert el.tag.removeprefix(SVG) in ELEMENTS, el.tag
        assert set(el.attrib) <= ATTRIBUTES, el.attrib
    text = ok_svg()
    assert (
        "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").split("<title>")[0]
    )  # nothing fetched: the only URL before the first title is the namespace


def test_data_strings_are_escaped_and_read_back() -> None:
    """The hostile titles are in the tooltips, as the data wrote them (no tag formed)."""
    titles = [el.text or "" for el in elements(ok_svg()) if el.tag == f"{SVG}title"]
    assert titles[0].startswith("Fixture | pipe <details><summary>open</summary> @octocat #123")
    depot = '+Depot fire [x](javascript:alert(1)) ] "quoted" <script>alert(1)</script>'
    assert f"2025-04-02-depot: {depot} (alleged against Russia; event corroborated)" in titles
    assert f"2025-04-02-depot: {depot} (alleged against Ukraine; event corroborated)" in titles
    assert "<script>" not in ok_svg()


def test_one_mark_per_accused_party_and_incident() -> None:
    """Each incident with coordinates: a mark per accused party (from ``check``), else grey."""
    check = run_cli(["check", "--root", str(DATASET), "--format", "json", "--today", TODAY])
    accused = {(f["incident"], f["party"]) for f in check.json()["findings"]}
    found = set()
    grey = set()
    for el in elements(ok_svg()):
        title = next((c.text or "" for c in el if c.tag == f"{SVG}title"), None)
        if el.tag != f"{SVG}circle" or title is None:
            continue
        incident = title.split(":")[0]
        hit = re.search(r"\(alleged against (\w+); event (\w+)", title)
        if hit:
            found.add((incident, PARTY[hit[1]]))
        else:
            assert title.endswith("(no alleged violation)")
            grey.add(incident)
    # the fixture: the outcome-unknown incident and the late strike have no coordinates;
    # the line has no finding (no one is blamed)
    assert found == accused - {("2025-03-28-outcome-unknown", "russia")}
    assert grey == {"2025-04-05-line"}


def test_legend_names_each_party_with_its_colour() -> None:
    text = ok_svg()
    for name in PARTY:
        row = re.search(
            rf'<g transform="translate\(10,\d+\)"><circle [^>]*fill="(#\w+)"[^>]*/>'
            rf'<text x="18" y="4">alleged against {name} \((\d+) incidents? on the map\)',
            text,
        )
        assert row, name
        colour, count = row[1], int(row[2])
        marks = re.findall(
            rf'<circle [^>]*(?:fill|stroke)="{colour}"[^>]*><title>[^<]*against {name};', text
        )
        assert len(marks) == count
    for words in ("event corroborated", "event reported, not corroborated", "event disputed"):
        assert words in text
    assert "Counts are not rates of violation" in text


def test_control_characters_keep_the_xml_valid(tmp_path: Path) -> None:
    root = copy_dataset(DATASET, tmp_path / "controls")
    depot = root / "incidents" / "2025" / "2025-04-02-depot.yaml"
    text = depot.read_text(encoding="utf-8")
    depot.write_text(
        text.replace("+Depot fire", "+Depot\\x01 \\u202e fire &amp; \\x1b[31m"), "utf-8"
    )
    svg = ok_svg(root)
    titles = [el.text or "" for el in elements(svg) if el.tag == f"{SVG}title"]
    assert any("+Depot\\x01 \\u202e fire &amp; \\x1b[31m" in t for t in titles), titles


def test_same_data_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_git_above(monkeypatch, tmp_path)
    shuffled = copy_dataset(DATASET, tmp_path / "shuffled", random.Random(7))
    assert ok_svg().encode() == ok_svg().encode() == ok_svg(shuffled).encode()


def test_written_whole_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    out.write_text("old map\n", encoding="utf-8")
    os.link(out, tmp_path / "alias.svg")  # a rename leaves the old file's other name alone
    result = export_svg(DATASET, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == ok_svg()
    assert (tmp_path / "alias.svg").read_text(encoding="utf-8") == "old map\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias.svg", "map.svg"]


AREAS = """\
areas:
  sea:
    name: "Sea <b>&amp; \\"co\\""
    polygon:
      type: Polygon
      coordinates: [[[30.0, 44.0], [34.0, 44.0], [34.0, 46.0], [30.0, 46.0], [30.0, 44.0]]]
  bowtie:
    name: Bowtie
    polygon:
      type: Polygon
      coordinates: [[[31.0, 47.0], [33.0, 49.0], [33.0, 47.0], [31.0, 49.0], [31.0, 47.0]]]
  ukraine:
    name: Ukraine
    countries: [UA]
"""


def test_areas_are_outlined_and_named(tmp_path: Path) -> None:
    """Each area of the project file is outlined (a country area by its country's outline),
    named in its tooltip; a self-crossing polygon does not break the map."""
    root = copy_dataset(DATASET, tmp_path / "areas")
    project = root / "ceasewatch.yaml"
    project.write_text(project.read_text(encoding="utf-8") + AREAS, encoding="utf-8")
    svg = ok_svg(root)
    outlined = [
        next(c.text for c in el if c.tag == f"{SVG}title")
        for el in elements(svg)
        if el.tag == f"{SVG}path" and el.get("stroke-dasharray") == "5 3"
    ]
    assert 'Sea <b>&amp; "co"' in outlined
    assert "Ukraine" in outlined
    assert "an area named in the project file" in svg
    # the view holds the areas: Ukraine's outline reaches 52 degrees north
    assert "52°N" in svg
