"""A dataset's own schemas: its parties, sources, areas, agreements and vocabulary as enums.

Inside a dataset ``ceasewatch schema`` enumerates the ids a reference field may name, so an
editor flags `source: rusia-mod` as it is typed. The expectations come from the dataset
itself (the bundled one is being edited): typos are made from the files' real values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from ceasewatch import api, vocab
from ceasewatch import schema as schemas
from ceasewatch.models import CATEGORY_RE, ID_RE

from .conftest import AGREEMENT_YAML, PROJECT_YAML, MakeDataset, run_cli, validate_json
from .test_schema import MINIMAL, REPO_ROOT, bundled_files, load_yaml12, walk

KINDS = ("project", "agreement", "incident", "tally")
#: Id fields that name the file's own thing, or a code or incident (not a declared vocabulary).
OWN_IDS = {
    ("Incident", "id"),
    ("Agreement", "id"),
    ("Term", "id"),
    ("Tally", "id"),
    ("Review", "code"),
    ("Review", "of"),
}


@functools.cache
def bundled(kind: str) -> dict[str, Any]:
    """The bundled dataset's schema of ``kind``, generated now."""
    return schemas.json_schema(kind, schemas.Names.of(REPO_ROOT))


def generic(kind: str) -> dict[str, Any]:
    return schemas.json_schema(kind)


def errors_at(schema: dict[str, Any], data: Any) -> list[tuple[Any, ...]]:
    """The path of each error ``schema`` finds in ``data``."""
    return [tuple(e.absolute_path) for e in Draft202012Validator(schema).iter_errors(data)]


# --- the table of references and the models ------------------------------------------------------


def id_fields() -> set[tuple[str, str]]:
    """(model, field) of every field of the generic schemas whose values are ids."""
    patterns = {ID_RE.pattern, CATEGORY_RE.pattern}
    found: set[tuple[str, str]] = set()
    for kind in ("incident", "agreement", "tally"):
        doc = generic(kind)
        for model, node in {doc["title"]: doc, **doc.get("$defs", {})}.items():
            for field, sub in node.get("properties", {}).items():
                if any(isinstance(n, dict) and n.get("pattern") in patterns for _, n in walk(sub)):
                    found.add((model, field))
    return found


def test_every_id_field_is_a_reference_or_the_files_own() -> None:
    references = {(m, f) for m, fields in schemas.REFERENCES.items() for f in fields}
    assert id_fields() - OWN_IDS == references


@pytest.mark.parametrize("kind", KINDS)
def test_dataset_schemas_are_valid_for_both_dialects(kind: str) -> None:
    doc = bundled(kind)
    Draft202012Validator.check_schema(doc)
    Draft7Validator.check_schema(doc)  # the YAML language server's own dialect reads it too
    for _, node in walk(doc):
        if isinstance(node, dict) and "enumDescriptions" in node:
            assert len(node["enumDescriptions"]) == len(node["enum"])
            assert str(node.get("description", "")).strip()


def test_the_project_schema_stays_generic() -> None:
    assert bundled("project") == generic("project")


def test_enums_hold_the_datasets_ids() -> None:
    names = schemas.Names.of(REPO_ROOT)
    project = load_yaml12((REPO_ROOT / "ceasewatch.yaml").read_text(encoding="utf-8"))
    assert set(names.ids["source"]) == set(project["sources"])
    assert set(names.ids["party"]) == set(project["parties"])
    assert set(names.ids["area"]) == set(project.get("areas") or {})
    assert set(names.ids["accused"]) == {*project["parties"], "unknown"}
    assert set(names.ids["category"]) == {*vocab.CATEGORIES, *(project.get("categories") or {})}
    assert set(names.ids["act"]) == {*vocab.ACTS, *(project.get("acts") or {})}
    assert set(names.ids["means"]) == {*vocab.MEANS, *(project.get("means") or {})}
    agreements = [p for p, kind in bundled_files() if kind == "agreement"]
    assert set(names.ids["agreement"]) == {p.stem for p in agreements}
    incident = bundled("incident")
    claim = incident["$defs"]["Claim"]["properties"]
    assert claim["source"]["enum"] == sorted(project["sources"])
    assert claim["attributes_to"]["anyOf"][0]["enum"] == sorted({*project["parties"], "unknown"})


# --- typos in the real files ---------------------------------------------------------------------

#: (kind, where a reference sits, * for any list index, what it names, required): a value at
#: that place in a bundled file is misspelt. The first four are the typos an editor must flag.
PLACES = [
    ("incident", ("act",), "act", True),
    ("incident", ("claims", "*", "source"), "source", True),
    ("incident", ("claims", "*", "attributes_to"), "accused", True),
    ("incident", ("targets", "*", "category"), "category", True),
    ("incident", ("claims", "*", "via"), "source", True),
    ("incident", ("claims", "*", "denies"), "party", True),
    ("incident", ("means", "*"), "means", True),
    ("incident", ("claims", "*", "targets", "*", "category"), "category", True),
    ("incident", ("claims", "*", "launched_from", "area"), "area", True),
    ("incident", ("location", "controlled_by"), "party", True),
    ("agreement", ("parties", "*"), "party", True),
    ("agreement", ("in_force", "*", "per", "*"), "source", True),
    ("agreement", ("terms", "*", "prohibits", "targets", "*"), "category", True),
    ("agreement", ("terms", "*", "prohibits", "areas", "*"), "area", True),
    ("tally", ("source",), "source", True),
    ("tally", ("accuses",), "party", True),
    ("tally", ("agreement",), "agreement", True),
]


def values_at(node: Any, place: tuple[str, ...], path: tuple[Any, ...] = ()) -> Iterator[Any]:
    """``(path, value)`` of every text value at ``place`` in ``node``."""
    if not place:
        if isinstance(node, str):
            yield path, node
        return
    head, rest = place[0], place[1:]
    if head == "*" and isinstance(node, list):
        for i, child in enumerate(node):
            yield from values_at(child, rest, (*path, i))
    elif head != "*" and isinstance(node, dict) and head in node:
        yield from values_at(node[head], rest, (*path, head))


def misspelt(value: str, known: set[str]) -> str:
    """``value`` with one letter left out (`strike` -> `srike`): still a well-formed id, so
    only the dataset's schema can tell it is none of the dataset's."""
    for i in range(1, len(value)):
        typo = value[:i] + value[i + 1 :]
        if value[i].isalnum() and typo not in known and CATEGORY_RE.match(typo):
            return typo
    raise AssertionError(f"no typo of {value}")


def first_use(kind: str, place: tuple[str, ...]) -> tuple[Path, str, Any, tuple[Any, ...], str]:
    """The first bundled file of ``kind`` with a value at ``place``: file, text, data, path
    of the value, value."""
    for path, file_kind in bundled_files():
        if file_kind != kind:
            continue
        text = path.read_text(encoding="utf-8")
        data = load_yaml12(text)
        for at, value in values_at(data, place):
            return path, text, data, at, value
    raise LookupError(place)


@pytest.mark.parametrize(
    ("kind", "place", "what", "required"),
    PLACES,
    ids=[f"{k}:{'.'.join(p)}" for k, p, _, _ in PLACES],
)
def test_a_typo_in_a_real_file_is_flagged_at_its_place(
    kind: str, place: tuple[str, ...], what: str, required: bool
) -> None:
    path, _, data, at, value = first_use(kind, place)  # every place is used in the data
    known = set(schemas.Names.of(REPO_ROOT).ids[what])
    assert value in known, f"{path.name}: {value} is not declared"
    assert errors_at(bundled(kind), data) == []  # the correct value is accepted
    typo = misspelt(value, known)
    target: Any = data
    for part in at[:-1]:
        target = target[part]
    target[at[-1]] = typo
    assert errors_at(generic(kind), data) == []  # well-formed: the generic schema lets it by
    # A launch point is a place or an area (a union): the schema can only say the union as a
    # whole does not fit, so the editor flags `launched_from` itself.
    flagged = at[:-1] if "launched_from" in place else at
    assert errors_at(bundled(kind), data) == [flagged], f"{path.name}: {'.'.join(map(str, at))}"


# --- a dataset of its own, through the command line ----------------------------------------------

PROJECT_ADDITIONS = """\
categories:
  energy/oil/terminal: Oil terminal
acts:
  blockade: Blocking a port
"""

INCIDENT = (
    MINIMAL
    + """\
act: strike
targets: [{category: energy/oil/refinery}]
claims:
  - source: russia-mod
    via: reuters
    attributes_to: ukraine
    url: https://example.org/a
"""
)

#: (the field, the incident with a literal typo in it, where the typo is)
TYPOS = [
    ("act", INCIDENT.replace("act: strike", "act: strik"), ("act",)),
    (
        "source",
        INCIDENT.replace("source: russia-mod", "source: rusia-mod"),
        ("claims", 0, "source"),
    ),
    ("via", INCIDENT.replace("via: reuters", "via: reuter"), ("claims", 0, "via")),
    (
        "attributes_to",
        INCIDENT.replace("attributes_to: ukraine", "attributes_to: ukriane"),
        ("claims", 0, "attributes_to"),
    ),
    (
        "category",
        INCIDENT.replace("energy/oil/refinery", "energy/oil/refinry"),
        ("targets", 0, "category"),
    ),
]


def schema_in(root: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``ceasewatch schema KIND`` run from a folder inside the dataset at ``root``."""
    inside = root / "incidents"
    inside.mkdir(exist_ok=True)
    monkeypatch.chdir(inside)
    result = run_cli(["schema", kind])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = load_yaml12(result.stdout)  # JSON is YAML
    return doc


@pytest.mark.parametrize(("text", "at"), [t[1:] for t in TYPOS], ids=[t[0] for t in TYPOS])
def test_the_schema_and_ceasewatch_flag_the_same_typo(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch, text: str, at: tuple[Any, ...]
) -> None:
    root = make_dataset({"incidents/2025/snippet.yaml": text})
    schema = schema_in(root, "incident", monkeypatch)
    assert errors_at(schema, load_yaml12(INCIDENT)) == []
    assert errors_at(schema, load_yaml12(text)) == [at]
    problems = validate_json(root).errors()
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in at).lstrip(".")
    assert [(d["code"], d["field"]) for d in problems] == [("ref-unknown", field)]


def test_project_additions_and_areas_are_offered(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_dataset(project=PROJECT_YAML + PROJECT_ADDITIONS)
    incident = schema_in(root, "incident", monkeypatch)
    target = incident["$defs"]["Target"]["properties"]["category"]
    assert "energy/oil/terminal" in target["enum"]
    assert set(vocab.CATEGORIES) < set(target["enum"])
    i = target["enum"].index("energy/oil/terminal")
    assert target["enumDescriptions"][i] == "Oil terminal"
    acts = incident["properties"]["act"]["anyOf"][0]
    assert set(acts["enum"]) == {*vocab.ACTS, "blockade"}
    area = incident["$defs"]["LaunchPoint"]["properties"]["area"]["anyOf"][0]
    assert area["enum"] == ["black-sea", "ukraine"]
    claim = incident["$defs"]["Claim"]["properties"]
    i = claim["source"]["enum"].index("reuters")
    assert claim["source"]["enumDescriptions"][i] == "Reuters (media, unaffiliated)"
    data = load_yaml12(INCIDENT.replace("act: strike", "act: blockade"))
    assert errors_at(incident, data) == []


def test_tally_and_agreement_name_the_datasets_agreements(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_dataset({"agreements/moratorium.yaml": AGREEMENT_YAML})
    tally = schema_in(root, "tally", monkeypatch)
    assert tally["properties"]["agreement"]["enum"] == ["moratorium"]
    agreement = schema_in(root, "agreement", monkeypatch)
    assert errors_at(agreement, load_yaml12(AGREEMENT_YAML)) == []
    typo = load_yaml12(AGREEMENT_YAML.replace("per: [white-house]", "per: [whitehouse]"))
    assert errors_at(agreement, typo) == [("terms", 0, "prohibits", "per", 0)]


def test_write_inside_a_dataset_writes_its_schemas(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_dataset()
    monkeypatch.chdir(root)
    assert run_cli(["schema", "--write", "schemas"]).exit_code == 0
    names = schemas.Names.of(root)
    for kind in KINDS:
        written = (root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert written == schemas.render(kind, names)
    assert schemas.render("incident", names) != schemas.render("incident")
    # a new source makes the written schema stale: --write alone refuses, --force replaces
    project = root / "ceasewatch.yaml"
    project.write_text(
        PROJECT_YAML.replace("sources:\n", "sources:\n  tass: {name: TASS, kind: state-media}\n"),
        encoding="utf-8",
    )
    stale = run_cli(["schema", "--write", "schemas"])
    assert stale.exit_code == 2
    assert "incident.schema.json" in stale.stderr
    assert run_cli(["schema", "--write", "schemas", "--force"]).exit_code == 0
    incident = (root / "schemas" / "incident.schema.json").read_text(encoding="utf-8")
    assert '"tass"' in incident


def test_a_declared_entry_ceasewatch_rejects_is_still_declared(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a source with an unknown kind: an error in ceasewatch.yaml, yet referring to it is not
    # an unknown reference, for ceasewatch as for the schema
    project = PROJECT_YAML.replace("sources:\n", "sources:\n  odd: {name: Odd, kind: oracle}\n")
    root = make_dataset(project=project)
    schema = schema_in(root, "incident", monkeypatch)
    assert "odd" in schema["$defs"]["Claim"]["properties"]["source"]["enum"]


def test_an_unreadable_project_file_is_a_setup_error(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the schemas would not know the dataset's ids: an error, not a generic schema
    root = make_dataset(project="title: [unclosed\n")
    monkeypatch.chdir(root)
    with pytest.raises(api.SetupError, match=r"ceasewatch\.yaml"):
        api.schema("incident")
    result = run_cli(["schema", "--write", "schemas"])
    assert result.exit_code == 2
    assert "ceasewatch.yaml" in result.stderr
    assert not (root / "schemas").exists()


def test_outside_any_dataset_the_schema_is_generic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for kind in KINDS:
        assert run_cli(["schema", kind]).stdout == schemas.render(kind)
