"""JSON Schema (draft 2020-12) of each file kind, generated from the validating models."""

from __future__ import annotations

import json
from typing import Any

from .models import KIND_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = tuple(KIND_MODELS)


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of one file kind: ``project``, ``agreement`` or ``incident``."""
    model = KIND_MODELS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, "$id": f"{kind}.schema.json", **schema}


def file_name(kind: str) -> str:
    """``incident.schema.json``."""
    return f"{kind}.schema.json"


def render(kind: str) -> str:
    """The schema as the text written to ``schemas/`` (stable key order, final newline)."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
