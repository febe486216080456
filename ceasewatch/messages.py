"""Pydantic's validation errors as located problems in plain words, with suggestions."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import CODES, Diagnostic, field_path
from .yamlsource import Document

_KIND_OF = {str: "text", list: "a list", dict: "a mapping", type(None): "nothing"}


def _kind(value: Any) -> str:
    return _KIND_OF.get(type(value), type(value).__name__)


def translate(exc: ValidationError, doc: Document, cls: type[BaseModel]) -> list[Diagnostic]:
    """One :class:`Diagnostic` per pydantic error, located and reworded."""
    out: list[Diagnostic] = []
    seen: set[tuple[str, tuple[str | int, ...]]] = set()
    for err in exc.errors(include_url=False):
        path, on_key = data_path(doc.data, err["loc"])
        code, message = _message(err, path, cls)
        if (message, path) in seen:
            continue
        seen.add((message, path))
        mark = doc.mark(path, key=on_key or code == "schema-unknown-field")
        out.append(Diagnostic.at(doc.path, mark.line, mark.column, code, message, path))
    return out


def data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], bool]:
    """The part of pydantic's ``loc`` that exists in the data (it adds union tags)."""
    path: list[str | int] = []
    node = data
    on_key = False
    for part in loc:
        if part == "[key]":
            on_key = True
            continue
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
    # a missing or unknown field is named by the last element of loc
    return tuple(path), on_key


def _message(err: Any, path: tuple[str | int, ...], cls: type[BaseModel]) -> tuple[str, str]:
    kind = err["type"]
    loc = err["loc"]
    name = loc[-1] if loc else ""
    where = field_path(path)
    value = err.get("input")
    if kind in CODES:  # our own validators already speak plainly
        if kind.startswith("schema-") and where:  # name the field, as the others do
            return kind, f"`{where}`: {err['msg']}"
        return kind, err["msg"]
    if kind == "missing":
        return "schema-missing", f"missing required field `{name}`" + (
            f" in `{where}`" if where else ""
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, loc[:-1])
        hint = _did_you_mean(str(name), allowed)
        fields = ", ".join(f"`{a}`" for a in sorted(allowed))
        return "schema-unknown-field", (
            f"unknown field `{clip(str(name))}`{hint}; the fields here are {fields}"
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        hint = _did_you_mean(str(value), options)
        return "schema-value", (
            f"`{clip(str(value))}` is not allowed for `{where}`{hint}; use one of "
            + ", ".join(f"`{o}`" for o in options if o)
        )
    if kind == "too_short":
        return "schema-value", f"`{where}` needs at least {err['ctx']['min_length']} entry"
    expected_kind = {
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping (`key: value` lines)",
        "model_type": "a mapping (`key: value` lines)",
        "model_attributes_type": "a mapping (`key: value` lines)",
        "bool_type": "`true` or `false`",
        "float_type": "a number",
        "date_type": "a date (YYYY-MM-DD)",
        "union_tag_invalid": "a date, a date-time or a window",
    }.get(kind)
    if expected_kind is not None:
        if value is None:
            return "schema-type", f"`{where}` is empty; give {expected_kind} or remove the field"
        return "schema-type", f"`{where}` should be {expected_kind}, found {_kind(value)}"
    return "schema-value", f"`{where}`: {err['msg']}"


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, for quoting data in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _fields_at(cls: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names (aliases) the model expects at ``loc``, for suggestions."""
    current: Any = cls
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    model = _model_in(current)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _step(annotation: Any, part: str | int) -> Any:
    model = _model_in(annotation)
    if model is not None and isinstance(part, str):
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _step(args[0], part)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if _model_in(arg) is not None or typing.get_origin(arg) in (list, dict):
                return _step(arg, part)
        return annotation  # a tag name such as `window`: stay on the union
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    return annotation if isinstance(part, str) else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
