"""``ceasewatch.checks.check``: the checks across files, on small datasets, one by one.

Each case loads a dataset (``make_dataset``), runs :func:`ceasewatch.checks.check` on it, and
compares exactly what the check added (file, line, column, code, severity, message, field)
with the case's list; what loading reported is left out. :func:`ceasewatch.api.validate`
must then report the same diagnostics, loading's and the checks', besides the data-quality
warnings of ``ceasewatch.quality``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.api import load
from ceasewatch.checks import Vocabulary, check
from ceasewatch.diagnostics import Diagnostic
from ceasewatch.loading import load_dataset

from .conftest import PROJECT_YAML, QUALITY_CODES, MakeDataset

TODAY = date(2025, 6, 1)
E, W = "error", "warning"
Row = tuple[str, int, int, str, str, str, str]  # file, line, column, code, severity, message, field

INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n"
I = "incidents/x-1.yaml"  # noqa: E741 - the incident file most cases use
A = "agreements/deal.yaml"
P = "ceasewatch.yaml"

DEAL = """\
id: deal
title: Deal
parties: [russia, ukraine]
mediators: [white-house]
in_force:
  - {from: 2025-03-18, until: 2025-03-17, per: [kremlin]}
  - {from: 2025-03-18, per: [kremlin], parties: [united-states]}
terms:
  - id: t
    title: T
    binds: [united-states]
    prohibits: {per: [kremlin], targets: [energi], areas: [black-see]}
  - id: t
    title: T2
    prohibits: {per: [kremlin]}
    readings:
      - {per: [reuter], means: [dron]}
"""


def unknown(what: str, value: str, where: str, hint: str = "") -> str:
    """The message of a reference to an undeclared ``what``."""
    close = f" (did you mean `{hint}`?)" if hint else ""
    return f"unknown {what} `{value}`{close}; declare it under {where}"


def case(name: str, files: dict[str, str], expected: list[Row]) -> Any:
    """A case: the dataset's files (``ceasewatch.yaml`` is PROJECT_YAML unless given) and
    what the checks add to loading's diagnostics."""
    return pytest.param(files, expected, id=name)


CASES = [
    case(
        "references, with and without a close match",
        {
            I: INCIDENT
            + "act: teleportation\n"
            + "claims:\n  - {source: kremlim, attributes_to: ukrain, via: rt, denies: russia}\n"
        },
        [
            (
                I,
                5,
                6,
                "ref-unknown",
                E,
                unknown(
                    "act",
                    "teleportation",
                    "`acts:` in ceasewatch.yaml (or use a built-in act)",
                ),
                "act",
            ),
            (
                I,
                7,
                14,
                "ref-unknown",
                E,
                unknown("source", "kremlim", "`sources:` in ceasewatch.yaml", "kremlin"),
                "claims[0].source",
            ),
            (
                I,
                7,
                38,
                "ref-unknown",
                E,
                unknown("party", "ukrain", "`parties:` in ceasewatch.yaml", "ukraine"),
                "claims[0].attributes_to",
            ),
        ],
    ),
    case(
        "ids: a duplicate across folders, and an id that is not the file name",
        {I: INCIDENT, "incidents/2025/x-1.yaml": INCIDENT, "incidents/x-2.yaml": INCIDENT},
        [
            (
                I,
                1,
                5,
                "id-duplicate",
                E,
                "incident id `x-1` is already used by incidents/2025/x-1.yaml",
                "id",
            ),
            (
                "incidents/x-2.yaml",
                1,
                5,
                "id-duplicate",
                E,
                "incident id `x-1` is already used by incidents/2025/x-1.yaml",
                "id",
            ),
            (
                "incidents/x-2.yaml",
                1,
                5,
                "id-filename",
                E,
                "the incident id `x-1` differs from the file name `x-2`; rename one so they match",
                "id",
            ),
        ],
    ),
    case(
        "times: a window backwards, a time the clocks skipped",
        {
            I: "id: x-1\ntitle: T\noccurred: {from: 2025-03-19T10:00, until: 2025-03-19T09:00}\n"
            "location: {}\n",
            "incidents/x-2.yaml": "id: x-2\ntitle: T\noccurred: 2025-03-30T03:30\nlocation: {}\n",
        },
        [
            (
                I,
                3,
                43,
                "time-window-order",
                E,
                "the window ends (2025-03-19T09:00) before it starts (2025-03-19T10:00)",
                "occurred.until",
            ),
            (
                "incidents/x-2.yaml",
                3,
                11,
                "time-nonexistent",
                E,
                "`2025-03-30T03:30` does not exist in Europe/Kyiv: the clocks skipped it; "
                "give the UTC offset",
                "occurred",
            ),
        ],
    ),
    case(
        "dates after today, a claim published before the incident",
        {
            "incidents/x-3.yaml": "id: x-3\ntitle: T\noccurred: 2025-05-01\nlocation: {}\n"
            "claims:\n"
            "  - {source: rt, published: 2025-04-30T23:00, url: 'https://e.org/a'}\n"
            "  - {source: rt, published: 2025-05-01T00:00}\n"
            "  - {source: rt, published: 2025-06-02}\n"
        },
        [
            (
                "incidents/x-3.yaml",
                6,
                29,
                "time-published-before",
                W,
                "the claim is dated 2025-04-30T23:00, before the incident began",
                "claims[0].published",
            ),
            (
                "incidents/x-3.yaml",
                8,
                29,
                "time-future",
                W,
                "the publication date 2025-06-02 is after today (2025-06-01)",
                "claims[2].published",
            ),
        ],
    ),
    case(
        "inferred fields the incident does not have",
        {I: INCIDENT + "inferred: [targets, location.place, location.country, location]\n"},
        [
            (
                I,
                5,
                12,
                "ref-inferred",
                E,
                "`targets` is not a field of this incident; name a field it has "
                "(e.g. `location.coordinates`, `targets`)",
                "inferred[0]",
            ),
            (
                I,
                5,
                21,
                "ref-inferred",
                E,
                "`location.place` is not a field of this incident; name a field it has "
                "(e.g. `location.coordinates`, `targets`)",
                "inferred[1]",
            ),
        ],
    ),
    case(
        "an agreement: parties, in-force order, term ids and every reference in its scopes",
        {A: DEAL},
        [
            (
                A,
                4,
                13,
                "ref-unknown",
                E,
                unknown("party", "white-house", "`parties:` in ceasewatch.yaml"),
                "mediators[0]",
            ),
            (
                A,
                6,
                31,
                "time-window-order",
                E,
                "`until` (2025-03-17) is not after `from` (2025-03-18)",
                "in_force[0].until",
            ),
            (
                A,
                7,
                50,
                "ref-not-party",
                E,
                "`united-states` is not among this agreement's parties (russia, ukraine)",
                "in_force[1].parties[0]",
            ),
            (
                A,
                11,
                13,
                "ref-not-party",
                E,
                "`united-states` is not among this agreement's parties (russia, ukraine)",
                "terms[0].binds[0]",
            ),
            (
                A,
                12,
                43,
                "ref-unknown",
                E,
                unknown(
                    "category",
                    "energi",
                    "`categories:` in ceasewatch.yaml (or use a built-in category)",
                    "energy",
                ),
                "terms[0].prohibits.targets[0]",
            ),
            (
                A,
                12,
                60,
                "ref-unknown",
                E,
                unknown("area", "black-see", "`areas:` in ceasewatch.yaml", "black-sea"),
                "terms[0].prohibits.areas[0]",
            ),
            (
                A,
                13,
                9,
                "id-duplicate",
                E,
                "term id `t` is used twice in this agreement (also terms[0])",
                "terms[1].id",
            ),
            (
                A,
                17,
                16,
                "ref-unknown",
                E,
                unknown("source", "reuter", "`sources:` in ceasewatch.yaml", "reuters"),
                "terms[1].readings[0].per[0]",
            ),
            (
                A,
                17,
                33,
                "ref-unknown",
                E,
                unknown(
                    "means",
                    "dron",
                    "`means:` in ceasewatch.yaml (or use a built-in means)",
                    "drone",
                ),
                "terms[1].readings[0].means[0]",
            ),
        ],
    ),
    case(
        "the project file: polygon files and a category without its parent",
        {
            P: PROJECT_YAML
            + "  kherson: {name: K, polygon: ../outside.geojson}\n"
            + "  odesa: {name: O, polygon: areas/missing.geojson}\n"
            + "  dnipro: {name: D, polygon: areas/notes.geojson}\n"
            + "  sumy: {name: S, polygon: areas/folder.geojson}\n"
            + "categories:\n  energy/power/hydro: Hydro\n  water/dam: Dam\n",
            "areas/notes.geojson": "not json\n",
            "areas/folder.geojson/x": "",
        },
        [
            (
                P,
                20,
                31,
                "place-polygon",
                E,
                "`../outside.geojson` must be a path inside the dataset",
                "areas.kherson.polygon",
            ),
            (
                P,
                21,
                29,
                "place-polygon",
                E,
                "no GeoJSON file at `areas/missing.geojson`",
                "areas.odesa.polygon",
            ),
            (
                P,
                22,
                30,
                "place-polygon",
                E,
                "`areas/notes.geojson` is not a GeoJSON Polygon or MultiPolygon",
                "areas.dnipro.polygon",
            ),
            (
                P,
                23,
                28,
                "place-polygon",
                E,
                "`areas/folder.geojson` must be a regular file under 8388608 bytes",
                "areas.sumy.polygon",
            ),
            (
                P,
                26,
                3,
                "ref-unknown",
                E,
                "category `water/dam` sits under `water`, which is not a category; "
                "declare the parent first",
                "categories.water/dam",
            ),
        ],
    ),
    case(
        "a project file that does not load: no reference can be called undeclared",
        {
            P: "title: [\n",
            I: INCIDENT + "act: teleportation\nclaims: [{source: nobody, attributes_to: nobody}]\n",
        },
        [],
    ),
    case(
        "a valid dataset: nothing to add",
        {
            A: DEAL.replace("white-house", "united-states")
            .replace("until: 2025-03-17", "until: 2025-04-17")
            .replace("parties: [united-states]", "parties: [ukraine]")
            .replace("binds: [united-states]", "binds: [russia]")
            .replace("energi", "energy")
            .replace("black-see", "black-sea")
            .replace("id: t\n    title: T2", "id: t2\n    title: T2")
            .replace("reuter]", "reuters]")
            .replace("dron]", "drone]"),
            I: INCIDENT,
        },
        [],
    ),
]


def rows(diagnostics: list[Diagnostic]) -> list[Row]:
    return [(d.file, d.line, d.column, d.code, d.severity, d.message, d.field) for d in diagnostics]


def checked(root: Path) -> tuple[list[Row], list[Row]]:
    """Loading's diagnostics, and all of them after :func:`check`."""
    data = load_dataset(root)
    loaded = rows(data.diagnostics)
    # Every data file reaches the checks: none is lost to a loading error.
    files = [*root.glob("agreements/**/*.yaml"), *root.glob("incidents/**/*.yaml")]
    on_disk = {p.relative_to(root).as_posix() for p in files}
    assert {item.file for item in [*data.agreements, *data.incidents]} == on_disk
    check(data, today=TODAY)
    return loaded, rows(data.diagnostics)


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_check_adds_exactly_these_diagnostics(
    make_dataset: MakeDataset, files: dict[str, str], expected: list[Row]
) -> None:
    root = make_dataset(files)
    loaded, after = checked(root)
    assert after == sorted(after)  # check leaves them sorted
    added = list(after)
    for row in loaded:
        added.remove(row)  # each of loading's diagnostics is still there, once
    assert added == expected

    # The library entry point reports the same, besides the data-quality warnings.
    full = rows(load(root, today=TODAY).diagnostics)
    assert [r for r in full if r[3] not in QUALITY_CODES] == after


def test_a_polygon_file_behind_a_link_is_refused(make_dataset: MakeDataset) -> None:
    """Even a link to a good file inside the dataset: the file itself must be regular."""
    project = PROJECT_YAML + "  lviv: {name: L, polygon: areas/link.geojson}\n"
    root = make_dataset({P: project, "areas/box.json": '{"type": "Polygon", "coordinates": []}'})
    os.symlink("box.json", root / "areas" / "link.geojson")
    assert checked(root)[1] == [
        (
            P,
            20,
            28,
            "place-polygon",
            E,
            "`areas/link.geojson` must be a regular file under 8388608 bytes",
            "areas.lviv.polygon",
        )
    ]


def test_check_without_today_uses_the_local_date(make_dataset: MakeDataset) -> None:
    """A date in a year from now is in the future whatever the day the test runs."""
    next_year = date.today().year + 1
    root = make_dataset({I: INCIDENT.replace("2025-03-19", f"{next_year}-01-01")})
    data = load_dataset(root)
    check(data)
    assert rows(data.diagnostics) == [
        (
            I,
            3,
            11,
            "time-future",
            W,
            f"the incident's date {next_year}-01-01 is after today ({date.today().isoformat()})",
            "occurred",
        )
    ]


def test_vocabulary_adds_the_projects_entries_to_the_built_ins(make_dataset: MakeDataset) -> None:
    project = PROJECT_YAML + "categories:\n  energy/power/hydro: Hydro\nacts: {ramming: R}\n"
    data = load_dataset(make_dataset({}, project=project))
    assert data.project is not None
    vocabulary = Vocabulary.of(data.project.model)
    assert vocabulary.parties == {"russia", "ukraine", "united-states"}
    assert vocabulary.areas == {"black-sea", "ukraine"}
    assert "reuters" in vocabulary.sources and len(vocabulary.sources) == 7
    assert {"energy", "energy/power", "energy/power/hydro"} <= vocabulary.categories
    assert {"strike", "ramming"} <= vocabulary.acts
    assert "ramming" not in Vocabulary.of(None).acts
    assert Vocabulary.of(None).parties == frozenset()
    assert "strike" in Vocabulary.of(None).acts
