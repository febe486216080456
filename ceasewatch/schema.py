"""JSON Schema (draft 2020-12) of each file kind, generated from the validating models.

Generic, a schema checks only the form of an id. For a dataset it also knows the dataset's
vocabulary: every field that names a party, a source, an area, an agreement, an act, a means
or a target category is an ``enum`` of the ids the dataset declares (``ceasewatch.yaml`` and
the built-ins), so an editor's YAML language server completes those fields and flags a typo
such as ``source: rusia-mod`` as you type. The project schema stays generic: it is the file
that declares the vocabulary.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import vocab
from .loading import PROJECT_FILE, SetupError, discover, find_root
from .models import KIND_MODELS, SCOPE_FIELDS
from .yamlsource import YamlError, read_file

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = tuple(KIND_MODELS)

_SCOPE = {field.name: field.kind for field in SCOPE_FIELDS}

#: The fields that name something declared elsewhere: ``{model: {field as written: what it
#: names}}``. What each names is a key of :class:`Names`; ``accused`` is a party or
#: ``unknown``. Every other id field is the file's own (an incident's id, a term's id), not a
#: reference; a test keeps this table and the models in step.
REFERENCES: dict[str, dict[str, str]] = {
    "Incident": {"act": "act", "means": "means"},
    "Location": {"controlled_by": "party"},
    "LaunchPoint": {"controlled_by": "party", "area": "area"},
    "Target": {"category": "category"},
    "Claim": {
        "source": "source",
        "via": "source",
        "attributes_to": "accused",
        "denies": "party",
        "act": "act",
        "means": "means",
        "controlled_by": "party",
    },
    "Agreement": {"parties": "party", "mediators": "party"},
    "InForce": {"per": "source", "parties": "party"},
    "Reference": {"source": "source", "via": "source"},
    "Term": {"binds": "party"},
    "Scope": _SCOPE,
    "Prohibition": {**_SCOPE, "per": "source"},
    "Reading": {**_SCOPE, "per": "source"},
    "Tally": {
        "agreement": "agreement",
        "source": "source",
        "via": "source",
        "accuses": "party",
    },
}

#: What each vocabulary is called where an editor shows it.
_WHAT = {
    "party": "A party declared in ceasewatch.yaml",
    "accused": "A party declared in ceasewatch.yaml, or `unknown`",
    "source": "A source declared in ceasewatch.yaml",
    "area": "An area declared in ceasewatch.yaml",
    "agreement": "The id of an agreement in agreements/",
    "category": "A built-in target category or one added in ceasewatch.yaml",
    "act": "A built-in act or one added in ceasewatch.yaml",
    "means": "A built-in means or one added in ceasewatch.yaml",
}


@dataclass(frozen=True, slots=True)
class Names:
    """The ids a dataset declares, by what they name, each with the words an editor shows
    beside it (a party's name, a source's name and kind, a category's description)."""

    ids: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, root: Path) -> Names:
        """The names declared by the dataset at ``root``.

        An entry ``ceasewatch validate`` rejects is still declared, as it is for the reference
        checks, so the schema accepts exactly the references ceasewatch accepts.
        """
        try:
            raw = read_file(root / PROJECT_FILE, PROJECT_FILE).data
        except YamlError as exc:
            raise SetupError(
                f"cannot read {root / PROJECT_FILE}: {exc.message}; run `ceasewatch validate`"
            ) from None
        parties = {pid: _field(entry, "name") for pid, entry in _entries(raw, "parties")}
        ids: dict[str, dict[str, str]] = {
            "party": parties,
            "accused": {
                **parties,
                "unknown": "The source names no party: it does not know or say who did it",
            },
            "source": {sid: _source(entry) for sid, entry in _entries(raw, "sources")},
            "area": {aid: _field(entry, "name") for aid, entry in _entries(raw, "areas")},
            "agreement": _agreements(root),
        }
        for kind, key, builtin in (
            ("category", "categories", vocab.CATEGORIES),
            ("act", "acts", vocab.ACTS),
            ("means", "means", vocab.MEANS),
        ):
            added = {cid: text if isinstance(text, str) else "" for cid, text in _entries(raw, key)}
            ids[kind] = vocab.merged(builtin, added.items())
        return cls({kind: dict(sorted(found.items())) for kind, found in ids.items()})


def names_near(root: Path | None) -> Names | None:
    """The names of the dataset at ``root``, else of the one at or above the current folder;
    None outside any dataset (the schemas are then generic)."""
    if root is None:
        try:
            root = find_root(Path.cwd())
        except SetupError:
            return None
    return Names.of(root)


def _entries(raw: Any, key: str) -> list[tuple[str, Any]]:
    """The ``(id, value)`` pairs of one mapping of ``ceasewatch.yaml``."""
    section = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        return []
    return [(k, v) for k, v in section.items() if isinstance(k, str)]


def _field(entry: Any, name: str) -> str:
    value = entry.get(name) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else ""


def _source(entry: Any) -> str:
    """``Reuters (media, unaffiliated)``: what a source is, beside its id."""
    kind = _field(entry, "kind") or "?"
    side = _field(entry, "affiliation") or "unaffiliated"
    return f"{_field(entry, 'name')} ({kind}, {side})".strip()


def _agreements(root: Path) -> dict[str, str]:
    """``{id: title}`` of the agreement files; unreadable ones are validation's to report."""
    out: dict[str, str] = {}
    for kind, rel in discover(root):
        if kind != "agreement":
            continue
        try:
            data = read_file(root / rel, rel).data
        except YamlError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            out[data["id"]] = _field(data, "title")
    return out


def json_schema(kind: str, names: Names | None = None) -> dict[str, Any]:
    """The schema of one file kind (``project``, ``agreement``, ``incident``, ``tally``):
    generic, or with ``names`` the schema of that dataset (the project schema is the same)."""
    model = KIND_MODELS[kind]
    schema = _optional_lists(model.model_json_schema(by_alias=True, mode="validation"))
    if names is not None and kind != "project":
        _enumerate(schema, model.__name__, names)
    return {"$schema": DIALECT, "$id": f"{kind}.schema.json", **schema}


def _enumerate(schema: dict[str, Any], top: str, names: Names) -> None:
    """Replace each reference field's id pattern by the enumeration of what it names."""
    definitions = schema.get("$defs", {})
    for model, fields in REFERENCES.items():
        node = schema if model == top else definitions.get(model)
        if node is None:
            continue  # a model of another file kind
        properties = node["properties"]
        for field, what in fields.items():
            properties[field] = _restrict(properties[field], _enum(names, what))


def _enum(names: Names, what: str) -> dict[str, Any]:
    found = names.ids[what]
    # `enumDescriptions`: the YAML language server (like VS Code's JSON one) shows each entry's
    # words beside it in completion; validators ignore the keyword.
    return {
        "type": "string",
        "enum": list(found),
        "enumDescriptions": list(found.values()),
        "description": _WHAT[what],
    }


def _restrict(node: dict[str, Any], allowed: dict[str, Any]) -> dict[str, Any]:
    """``node`` (a field's schema) with each id it admits replaced by ``allowed``: a field is
    one id, a list of ids, or either of those or null. Pydantic writes an optional vocabulary
    entry as ``anyOf: [built-ins, pattern, null]``, collapsed here to one enum or null."""
    annotations = {k: v for k, v in node.items() if k in ("title", "description", "default")}
    if node.get("type") in ("array", ["array", "null"]):
        return {**node, "items": _restrict(node["items"], allowed)}
    if {"type": "null"} in node.get("anyOf", []):
        return {**annotations, "anyOf": [copy.deepcopy(allowed), {"type": "null"}]}
    return {**copy.deepcopy(allowed), **annotations}


def _optional_lists(node: Any) -> Any:
    """Every ``anyOf: [array, null]`` (an optional list) as one ``type: [array, null]``.

    A validator then reports a wrong entry at the entry itself (`targets/0/category`), not as
    "matches none of the alternatives" at the whole list; editors read both alike.
    """
    if isinstance(node, list):
        return [_optional_lists(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _optional_lists(value) for key, value in node.items()}
    branches = out.get("anyOf")
    if (
        isinstance(branches, list)
        and len(branches) == 2
        and branches[1] == {"type": "null"}
        and isinstance(branches[0], dict)
        and branches[0].get("type") == "array"
    ):
        del out["anyOf"]
        out.update(branches[0], type=["array", "null"])
    return out


def file_name(kind: str) -> str:
    """``incident.schema.json``."""
    return f"{kind}.schema.json"


def render(kind: str, names: Names | None = None) -> str:
    """The schema as the text written to ``schemas/`` (stable key order, final newline)."""
    return json.dumps(json_schema(kind, names), indent=2, ensure_ascii=False) + "\n"
