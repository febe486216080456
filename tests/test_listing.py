"""``ceasewatch.listing``: the rows of ``list`` for each kind, and their JSON and table forms."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.api import load
from ceasewatch.listing import rows
from ceasewatch.loading import Dataset
from ceasewatch.reporters import JsonReporter, TextReporter
from ceasewatch.results import ListReport, Row

from .conftest import PROJECT_YAML, MakeDataset

FILES = {
    "ceasewatch.yaml": PROJECT_YAML.replace(
        "russia: {name: Russia}", "russia: {name: Russia, aliases: [Russian Federation, RF]}"
    ),
    "agreements/2025/03/energy.yaml": """\
id: energy
title: Energy moratorium
parties: [russia, ukraine]
mediators: [united-states]
in_force: [{from: 2025-03-18, per: [kremlin]}]
terms:
  - {id: a, title: A, prohibits: {per: [kremlin]}}
  - {id: b, title: B, prohibits: {per: [kremlin]}}
""",
    "agreements/2025/black-sea.yaml": """\
id: black-sea
title: "Black Sea \\e[2J deal"
parties: [ukraine, russia]
in_force: [{pending: talks, per: [kremlin]}]
terms:
  - {id: a, title: A, prohibits: {per: [kremlin]}}
""",
    "incidents/2025/03/b-odesa.yaml": """\
id: b-odesa
title: Strike on Odesa port
occurred: {from: 2025-03-20T22:00, until: 2025-03-21T04:00}
location: {place: Odesa, country: UA}
claims:
  - {source: ukraine-mfa, attributes_to: russia, url: 'https://e.org/1'}
  - {source: kremlin, denies: russia, url: 'https://e.org/2'}
  - {source: reuters, attributes_to: russia, url: 'https://e.org/3'}
""",
    "incidents/2025/a-sea.yaml": """\
id: a-sea
title: Drones over the sea
occurred: 2025-03-19
location: {}
claims:
  - {source: russia-mod, attributes_to: ukraine, url: 'https://e.org/4'}
""",
}

AGREEMENTS = [
    {
        "id": "black-sea",
        "title": "Black Sea \x1b[2J deal",
        "parties": "ukraine, russia",
        "mediators": "",
        "terms": 1,
        "file": "agreements/2025/black-sea.yaml",
    },
    {
        "id": "energy",
        "title": "Energy moratorium",
        "parties": "russia, ukraine",
        "mediators": "united-states",
        "terms": 2,
        "file": "agreements/2025/03/energy.yaml",
    },
]
INCIDENTS = [
    {
        "id": "a-sea",
        "occurred": "2025-03-19",
        "place": "",
        "claims": 1,
        "title": "Drones over the sea",
        "file": "incidents/2025/a-sea.yaml",
    },
    {
        "id": "b-odesa",
        "occurred": "2025-03-20T22:00 to 2025-03-21T04:00",
        "place": "Odesa, UA",
        "claims": 3,
        "title": "Strike on Odesa port",
        "file": "incidents/2025/03/b-odesa.yaml",
    },
]
PARTIES = [
    {"id": "russia", "name": "Russia", "aliases": "Russian Federation, RF", "accused_in_claims": 2},
    {"id": "ukraine", "name": "Ukraine", "aliases": "", "accused_in_claims": 1},
    {"id": "united-states", "name": "United States", "aliases": "", "accused_in_claims": 0},
]


def write_json(stream: io.StringIO, what: str, items: list[Row]) -> None:
    """``list --format json``: the JSON reporter's listing."""
    JsonReporter(stream=stream, err=stream).listing(ListReport(what, items))


def write_table(stream: io.StringIO, what: str, items: list[Row], color: bool) -> None:
    """``list``: the text reporter's table."""
    TextReporter(stream=stream, err=stream, color=color).listing(ListReport(what, items))


def source(sid: str, name: str, kind: str, affiliation: str | None, claims: int) -> dict[str, Any]:
    return {"id": sid, "name": name, "kind": kind, "affiliation": affiliation, "claims": claims}


SOURCES = [
    source("kremlin", "Kremlin", "official", "russia", 1),  # its denial counts as a claim
    source("reuters", "Reuters", "media", None, 1),
    source("rt", "RT", "state-media", "russia", 0),
    source("russia-mod", "Russian Ministry of Defence", "official", "russia", 1),
    source("ukraine-general-staff", "General Staff of Ukraine", "official", "ukraine", 0),
    source("ukraine-mfa", "Ukrainian Foreign Ministry", "official", "ukraine", 1),
    source("white-house", "White House", "official", "united-states", 0),
]
EXPECTED = {
    "agreements": AGREEMENTS,
    "incidents": INCIDENTS,
    "parties": PARTIES,
    "sources": SOURCES,
}

#: The tables at 120 columns, uncoloured: the title, a blank padded line, the header, a rule,
#: a row per item, and a blank padded line. Control characters in the data are shown escaped.
TABLES = {
    "agreements": [
        "agreements",
        " " * 113,
        "  id          title                    parties           mediators       terms   file"
        + " " * 28,
        " " + "─" * 111 + " ",
        "  black-sea   Black Sea \\x1b[2J deal   ukraine, russia                   1       "
        "agreements/2025/black-sea.yaml  ",
        "  energy      Energy moratorium        russia, ukraine   united-states   2       "
        "agreements/2025/03/energy.yaml  ",
        " " * 113,
    ],
    "parties": [
        "parties",
        " " * 78,
        "  id              name            aliases                  accused_in_claims  ",
        " " + "─" * 76 + " ",
        "  russia          Russia          Russian Federation, RF   2                  ",
        "  ukraine         Ukraine                                  1                  ",
        "  united-states   United States                            0                  ",
        " " * 78,
    ],
}


@pytest.fixture
def data(make_dataset: MakeDataset) -> Dataset:
    root: Path = make_dataset(FILES, project=None)
    loaded = load(root, today=date(2025, 6, 1))
    assert [d for d in loaded.diagnostics if d.severity == "error"] == []
    return loaded


@pytest.mark.parametrize("what", sorted(EXPECTED))
def test_rows(data: Dataset, what: str) -> None:
    """One row per item, sorted by id: energy's and b-odesa's files come first on disk."""
    assert rows(data, what) == EXPECTED[what]


def test_rows_of_a_project_file_that_did_not_load(make_dataset: MakeDataset) -> None:
    """Agreements and incidents are listed from their own files; parties and sources need
    the project file."""
    broken = load(make_dataset({**FILES, "ceasewatch.yaml": "title: [\n"}, project=None))
    assert broken.project is None
    assert [r["id"] for r in rows(broken, "incidents")] == ["a-sea", "b-odesa"]
    assert rows(broken, "parties") == []
    assert rows(broken, "sources") == []


@pytest.mark.parametrize("what", sorted(EXPECTED))
def test_write_json(data: Dataset, what: str) -> None:
    stream = io.StringIO()
    write_json(stream, what, rows(data, what))
    text = stream.getvalue()
    assert text == json.dumps({"version": 1, what: EXPECTED[what]}, indent=2) + "\n"
    assert text.startswith('{\n  "version": 1,\n  "' + what + '": [\n    {\n      "id": ')
    assert "\x1b" not in text  # JSON escapes the control character: \u001b


def test_write_json_keeps_non_ascii() -> None:
    stream = io.StringIO()
    write_json(stream, "incidents", [{"id": "x", "place": "Миколаїв"}])
    assert stream.getvalue() == (
        '{\n  "version": 1,\n  "incidents": [\n    {\n      "id": "x",\n'
        '      "place": "Миколаїв"\n    }\n  ]\n}\n'
    )


@pytest.mark.parametrize("what", sorted(TABLES))
def test_write_table(data: Dataset, what: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    stream = io.StringIO()
    write_table(stream, what, rows(data, what), color=False)
    assert stream.getvalue() == "\n".join(TABLES[what]) + "\n"


def test_write_table_without_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    stream = io.StringIO()
    write_table(stream, "parties", [], color=False)
    assert stream.getvalue() == "parties\n      \n  id  \n ──── \n      \n"
