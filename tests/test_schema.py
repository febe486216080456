"""The JSON Schemas of the four file kinds: generated, committed, named by every data file.

An editor's YAML language server reads a data file as YAML 1.2 and checks it against the
schema its first line names; these tests do the same with ``jsonschema`` and require that
the schema and ceasewatch agree on a table of valid and invalid snippets. Each test runs in
an empty folder outside any dataset, where ``ceasewatch schema`` prints the generic schemas;
a dataset's own schemas (its ids as enumerations) are ``test_schema_dataset.py``'s.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from ceasewatch import schema as schemas
from ceasewatch import vocab

from .conftest import MakeDataset, run_cli, validate_json

REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = REPO_ROOT / "schemas"
KINDS = ("project", "agreement", "incident", "tally")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
REGENERATE = "ceasewatch schema --write schemas --force"


@pytest.fixture(autouse=True)
def outside_any_dataset(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in a folder with no ceasewatch.yaml at or above it: the generic schemas."""
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))


# --- YAML as an editor's language server reads it ----------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's implicit types instead of YAML 1.1's.

    Booleans are only true/false (any capitalisation the spec lists); no yes/no/on/off; no
    timestamps (dates stay text); ints are decimal, ``0o`` octal or ``0x`` hex (``010`` is
    ten); no sexagesimal ``22:30``, no ``1_000``; null is ``~``, ``null`` or nothing.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  (PyYAML's class registry)


_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _pattern, _first in _CORE_RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _core_bool(loader: Yaml12Loader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _core_int(loader: Yaml12Loader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _core_float(loader: Yaml12Loader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    if text.lower().endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text.lower() == ".nan":
        return math.nan
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _core_bool)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _core_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _core_float)


def load_yaml12(text: str) -> Any:
    """``text`` read as a YAML 1.2 (core schema) document."""
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: safe


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("NO", "NO"),
        ("y", "y"),
        ("2025-03-19", "2025-03-19"),
        ("2025-03-19T10:00:00+02:00", "2025-03-19T10:00:00+02:00"),
        ("22:30", "22:30"),
        ("010", 10),
        ("0o10", 8),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("+1", 1),
        ("48.85", 48.85),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("~", None),
        ("null", None),
        ("", None),
        ('"true"', "true"),
    ],
)
def test_yaml12_loader(text: str, value: Any) -> None:
    assert load_yaml12(f"key: {text}\n") == {"key": value}


# --- the schema command -------------------------------------------------------------------------


def generated(kind: str) -> dict[str, Any]:
    """``ceasewatch schema KIND``, parsed."""
    result = run_cli(["schema", kind])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == schemas.render(kind)
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    """Every (JSON pointer, sub-schema) in ``node``, ``$defs`` included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_draft_2020_12(kind: str) -> None:
    doc = generated(kind)
    assert doc["$schema"] == DIALECT
    assert doc["$id"] == f"{kind}.schema.json"
    assert doc["type"] == "object"
    assert doc["additionalProperties"] is False
    Draft202012Validator.check_schema(doc)


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind: str) -> None:
    doc = generated(kind)
    properties = [
        (f"{path}/{name}", sub)
        for path, node in walk(doc)
        if isinstance(node, dict)
        and isinstance(node.get("properties"), dict)
        and not path.endswith("/properties")  # a property *named* `properties`
        for name, sub in node["properties"].items()
    ]
    assert any("/$defs/" in path for path, _ in properties)  # nested models are walked
    missing = [path for path, sub in properties if not str(sub.get("description", "")).strip()]
    assert missing == []
    for name, sub in doc.get("$defs", {}).items():
        assert str(sub.get("description", "")).strip(), f"$defs/{name} has no description"
    assert str(doc.get("description", "")).strip()


def enums(doc: dict[str, Any]) -> list[list[Any]]:
    """Every ``enum`` list in the schema."""
    return [node["enum"] for _, node in walk(doc) if isinstance(node, dict) and "enum" in node]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("incident", {"categories", "acts", "means", "outcomes", "precisions"}),
        ("agreement", {"categories", "acts", "means"}),
        ("project", {"source kinds"}),
    ],
)
def test_enumerations(kind: str, expected: set[str]) -> None:
    vocabularies = {
        "categories": list(vocab.CATEGORIES),
        "acts": list(vocab.ACTS),
        "means": list(vocab.MEANS),
        "outcomes": list(vocab.OUTCOMES),
        "precisions": list(vocab.PRECISIONS),
        "source kinds": list(vocab.SOURCE_KINDS),
    }
    found = enums(generated(kind))
    present = {name for name, values in vocabularies.items() if values in found}
    assert present >= expected
    assert ["hit", "intercepted", "aborted", "unknown"] in enums(generated("incident"))


# --- committed schemas --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schemas_are_current(kind: str) -> None:
    """schemas/ is what `ceasewatch schema --write schemas` writes in the repository: the
    bundled dataset's own schemas, so a new source or party needs them regenerated."""
    committed = SCHEMA_DIR / f"{kind}.schema.json"
    assert committed.is_file(), f"{committed} is missing: run `{REGENERATE}`"
    current = schemas.render(kind, schemas.Names.of(REPO_ROOT))
    assert committed.read_text(encoding="utf-8") == current, (
        f"schemas/{kind}.schema.json is out of date: run `{REGENERATE}`"
    )


def test_write_creates_every_schema(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder"
    result = run_cli(["schema", "--write", str(target)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    for kind in KINDS:
        assert (target / f"{kind}.schema.json").read_text(encoding="utf-8") == schemas.render(kind)
    # unchanged files are left alone, quietly
    again = run_cli(["schema", "--write", str(target)])
    assert (again.exit_code, again.stderr) == (0, "")


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_write_refuses_to_replace_a_differing_file(tmp_path: Path) -> None:
    assert run_cli(["schema", "--write", str(tmp_path)]).exit_code == 0
    stale = tmp_path / "incident.schema.json"
    stale.write_text('{"stale": true}\n', encoding="utf-8")
    before = _state(tmp_path)

    refused = run_cli(["schema", "--write", str(tmp_path)])
    assert refused.exit_code == 2
    assert "incident.schema.json" in refused.stderr
    assert "--force" in refused.stderr
    assert _state(tmp_path) == before

    forced = run_cli(["schema", "--write", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert stale.read_text(encoding="utf-8") == schemas.render("incident")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)


@pytest.mark.parametrize("args", [[], ["incident", "--write", "x"], ["treaty"]])
def test_schema_usage_errors(args: list[str], tmp_path: Path) -> None:
    result = run_cli(["schema", *[str(tmp_path / a) if a == "x" else a for a in args]])
    assert result.exit_code == 2
    assert result.stdout == ""


# --- the bundled data files name their schema ---------------------------------------------------

HEADER = re.compile(r"# yaml-language-server: \$schema=(?P<path>\S+)")


def bundled_files() -> list[tuple[Path, str]]:
    """(file, kind) of every data file of the repository's dataset."""
    files = [(REPO_ROOT / "ceasewatch.yaml", "project")]
    for folder, kind in (
        ("agreements", "agreement"),
        ("incidents", "incident"),
        ("tallies", "tally"),
    ):
        found = [p for p in (REPO_ROOT / folder).rglob("*") if p.suffix in (".yaml", ".yml")]
        files += [(p, kind) for p in sorted(found)]
    return files


@functools.cache
def current_schema(kind: str) -> dict[str, Any]:
    """The bundled dataset's schema of ``kind``, as generated now."""
    return schemas.json_schema(kind, schemas.Names.of(REPO_ROOT))


def test_bundled_files_found() -> None:
    kinds = [kind for _, kind in bundled_files()]
    assert kinds.count("project") == 1
    assert kinds.count("agreement") >= 1
    assert kinds.count("incident") >= 1
    assert kinds.count("tally") >= 1


@pytest.mark.parametrize(
    ("path", "kind"),
    bundled_files(),
    ids=[p.relative_to(REPO_ROOT).as_posix() for p, _ in bundled_files()],
)
def test_bundled_file_names_and_matches_its_schema(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    match = HEADER.fullmatch(first)
    assert match, f"first line of {path.name} should be `# yaml-language-server: $schema=...`"
    ref = match["path"]
    assert not ref.startswith("/") and "://" not in ref, "the schema path must be relative"
    schema_file = (path.parent / ref).resolve()
    assert schema_file == (SCHEMA_DIR / f"{kind}.schema.json").resolve()
    # The schema `ceasewatch schema --write` makes now (schemas/ itself may lag behind the
    # data being edited: test_committed_schemas_are_current says so on its own).
    schema = current_schema(kind)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(load_yaml12(text))
    ]
    assert errors == []


# --- ceasewatch and the schema agree ------------------------------------------------------------

MINIMAL = """\
id: snippet
title: Strike on a substation
occurred: 2025-03-19
location: {country: UA}
"""

FULL = """\
id: snippet
title: Drone strike on a substation
occurred:
  from: 2025-03-19T01:00
  until: 2025-03-19T03:30+02:00
timezone: Europe/Kyiv
location:
  place: Sloviansk
  region: Donetsk oblast
  country: UA
  coordinates: {lat: 48.85, lon: 37.61, precision: approximate}
act: strike
means: [drone, glide-bomb]
outcome: hit
targets:
  - {category: energy/power/substation, name: Sloviansk substation, operator: Ukrenergo}
inferred: [location.coordinates, targets]
claims:
  - source: ukraine-mfa
    via: reuters
    published: 2025-03-19T09:00+02:00
    url: https://example.org/mfa
    archive: https://web.archive.org/web/2025/https://example.org/mfa
    attributes_to: russia
    summary: Says Russian drones hit the substation.
    occurred: 2025-03-19T02:00
    act: strike
    means: [drone]
    outcome: hit
    targets: [{category: energy/power}]
  - source: kremlin
    denies: russia
    general: true
    url: https://example.org/kremlin
note: Free text.
reviewed:
  - {code: possible-duplicate, of: another-incident, note: A different substation.}
"""

CLAIM = """\
claims:
  - source: reuters
    attributes_to: russia
    url: https://example.org/a
"""

# (id, file text, the code ceasewatch reports, or None when the snippet is valid)
AGREE = [
    ("valid-minimal", MINIMAL, None),
    ("valid-full", FULL, None),
    ("unknown-field", MINIMAL + "colour: red\n", "schema-unknown-field"),
    ("outcome-not-in-enum", MINIMAL + "outcome: destroyed\n", "schema-value"),
    ("bad-id", MINIMAL.replace("id: snippet", "id: Snippet_1"), "id-format"),
    ("id-too-long", MINIMAL.replace("id: snippet", "id: " + "a" * 101), "id-format"),
    ("missing-title", MINIMAL.replace("title: Strike on a substation\n", ""), "schema-missing"),
    ("boolean-as-yes", MINIMAL + CLAIM + "    general: yes\n", "schema-type"),
    ("unknown-country", MINIMAL.replace("country: UA", "country: XX"), "place-country"),
    ("lowercase-country", MINIMAL.replace("country: UA", "country: ua"), "place-country"),
    ("url-scheme", MINIMAL + CLAIM.replace("https://", "ftp://"), "url-scheme"),
    (
        "window-without-until",
        MINIMAL.replace("occurred: 2025-03-19", "occurred: {from: 2025-03-19T10:00}"),
        "schema-missing",
    ),
    ("bad-category", MINIMAL + "targets: [{category: Energy/Oil}]\n", "id-format"),
    ("means-not-a-list", MINIMAL + "means: drone\n", "schema-type"),
    ("bad-date-form", MINIMAL.replace("2025-03-19", "19.03.2025"), "time-invalid"),
    (
        "latitude-out-of-range",
        MINIMAL.replace(
            "{country: UA}", "{country: UA, coordinates: {lat: 91, lon: 37, precision: exact}}"
        ),
        "place-coordinates",
    ),
    (
        "empty-title",
        MINIMAL.replace("title: Strike on a substation", 'title: "  "'),
        "schema-value",
    ),
    ("url-with-space", MINIMAL + CLAIM.replace("example.org/a", "example.org/a b"), "url-scheme"),
]

# Documented differences: ceasewatch alone checks that a date exists in the calendar, that
# every reference (party, source, area, vocabulary entry) is declared in ceasewatch.yaml,
# and that a time zone exists; the generic schema checks only the form (a dataset's own
# schema checks the references too: test_schema_dataset.py). Also, the schema sees
# YAML 1.2 types where ceasewatch reads text: `True`/`TRUE` are booleans to an editor but
# only `true`/`false` to ceasewatch, and a number in a free-text field (`region: 12`) is
# text to ceasewatch but a number to an editor.
ONLY_CEASEWATCH = [
    ("calendar-date", MINIMAL.replace("2025-03-19", "2025-02-30"), "time-invalid"),
    ("unknown-source", MINIMAL + CLAIM.replace("reuters", "nobody"), "ref-unknown"),
    ("unknown-act", MINIMAL + "act: teleportation\n", "ref-unknown"),
    ("unknown-zone", MINIMAL + "timezone: Mars/Olympus\n", "time-zone"),
    ("capital-true", MINIMAL + CLAIM + "    general: True\n", "schema-type"),
]
ONLY_SCHEMA = [
    ("number-as-text", MINIMAL.replace("{country: UA}", "{country: UA, region: 12}")),
]


def ceasewatch_errors(make_dataset: MakeDataset, text: str) -> list[str]:
    """The codes of the errors ceasewatch reports for ``text`` as an incident file."""
    root = make_dataset({"incidents/2025/snippet.yaml": text})
    result = validate_json(root)
    errors = result.errors()
    assert result.exit_code == (1 if errors else 0), result.stderr
    return [d["code"] for d in errors]


def schema_errors(text: str) -> list[str]:
    """The messages of the errors the incident schema reports for ``text``."""
    validator = Draft202012Validator(schemas.json_schema("incident"))
    return [e.message for e in validator.iter_errors(load_yaml12(text))]


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in AGREE], ids=[c[0] for c in AGREE])
def test_ceasewatch_and_schema_agree(
    make_dataset: MakeDataset, text: str, code: str | None
) -> None:
    cw = ceasewatch_errors(make_dataset, text)
    js = schema_errors(text)
    if code is None:
        assert (cw, js) == ([], [])
    else:
        assert code in cw
        assert js != []


@pytest.mark.parametrize(
    ("text", "code"), [c[1:] for c in ONLY_CEASEWATCH], ids=[c[0] for c in ONLY_CEASEWATCH]
)
def test_checked_by_ceasewatch_only(make_dataset: MakeDataset, text: str, code: str) -> None:
    assert code in ceasewatch_errors(make_dataset, text)
    assert schema_errors(text) == []


@pytest.mark.parametrize("text", [c[1] for c in ONLY_SCHEMA], ids=[c[0] for c in ONLY_SCHEMA])
def test_refused_by_schema_only(make_dataset: MakeDataset, text: str) -> None:
    assert ceasewatch_errors(make_dataset, text) == []
    assert schema_errors(text) != []
