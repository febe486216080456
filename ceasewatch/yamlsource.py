"""A strict, safe YAML reader that keeps the position of every value.

Files come from strangers' pull requests, so the reader accepts only the small
subset of YAML a data file needs: one document of mappings, lists and plain
text. It is built on the parser's event stream (never on a constructor), which
keeps it linear, free of recursion, and blind to tags that could build objects.
Every scalar stays the text the author wrote (no YAML 1.1 typing: ``NO``,
``on``, ``22:30`` and ``012`` stay strings); the schema types them later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .datafile import MAX_BYTES, YamlError, decode, read_bytes
from .positions import _BITS, Mark, _at, _line_starts, _mark, _odd_breaks, _pack

# The C parser is about five times faster; the pure one behaves the same here
# because only events are used, and every limit below is enforced by this module.
_Loader: type[Any] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 32
MAX_NODES = 20_000

_SURROGATE = re.compile("[\ud800-\udfff]")

#: Plain scalars that mean "no value" (the YAML 1.2 core schema's nulls).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Path_ = tuple[str | int, ...]

__all__ = [
    "MAX_BYTES",
    "Document",
    "Mark",
    "YamlError",
    "decode",
    "parse",
    "read_bytes",
    "read_file",
]


@dataclass(slots=True)
class Document:
    """A loaded data file: its plain data and the position of every key and value."""

    path: str
    data: dict[str, Any]
    # The parser's own 0-based marks, each packed in one int (see :func:`_pack`) and
    # converted only when asked for: most never are.
    values: dict[Path_, int] = field(default_factory=dict)
    keys: dict[Path_, int] = field(default_factory=dict)
    #: Offsets of each line's start, when the text holds a break libyaml counts and editors
    #: do not (NEL, LS, PS, a lone CR); None when the parser's lines are right.
    starts: list[int] | None = None
    #: The text, kept while only the top-level positions are known (see :func:`parse`).
    text: str | None = None

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """Position of the value (or key) at ``path``, else of its nearest ancestor."""
        if self.text is not None and len(path) > 1:
            # Deeper positions are asked for only of files with a problem or by explain:
            # the text is parsed again, once, to find them.
            full = parse(self.text, self.path)
            self.values, self.keys, self.text = full.values, full.keys, None
        table = self.keys if key else self.values
        while True:
            found = table.get(path)
            if found is None:
                found = self.values.get(path)
            if found is not None:
                return _mark(found, self.starts)
            if not path:
                return Mark(1, 1)
            path = path[:-1]


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_mark", "path", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None
        self.key_mark: Any = None
        self.seen: dict[str, Any] = {}


def _refuse(code: str, message: str, raw_mark: Any) -> YamlError:
    return YamlError(code, message, _mark(raw_mark), raw_mark.index)


def parse(text: str, path: str = "<string>", *, lazy: bool = False) -> Document:
    """Parse ``text`` into a :class:`Document`, or raise :class:`YamlError`.

    ``lazy``: record the positions of the top-level values only (those of every value take
    more memory than the data, and most are never asked for); the document keeps the text
    and finds the others when first asked."""
    doc = Document(path=path, data={}, text=text if lazy else None)
    if _odd_breaks(text):
        doc.starts = _line_starts(text)
    values, keys = doc.values, doc.keys
    stack: list[_Frame] = []
    root: Any = None
    have_root = False
    documents = 0
    nodes = 0
    loader: Any = None
    # Local names: this loop runs once per YAML event and dominates the load time.
    scalar, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        loader = _Loader(text)
        get_event = loader.get_event
        event: Any
        # The frame values are added to (None: the root), and whether it is deeper than
        # the root's: kept as the stack changes, not looked up per event.
        parent: _Frame | None = None
        deep = False
        # get_event directly rather than yaml.parse(): the generator costs a third of the time.
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar or kind is map_start or kind is seq_start:
                if event.anchor is not None or event.tag is not None:
                    mark = event.start_mark
                    if event.anchor is not None:
                        raise _refuse(
                            "yaml-anchor",
                            "anchors (`&name`) are not allowed; write each value out in full",
                            mark,
                        )
                    raise _refuse(
                        "yaml-tag",
                        f"explicit tags ({_short(str(event.tag))}) are not allowed; "
                        "remove the tag and quote the value if it must stay text",
                        mark,
                    )
                nodes += 1
                if nodes > MAX_NODES:
                    raise _refuse(
                        "yaml-too-large",
                        f"the file has more than {MAX_NODES} values; split it up",
                        event.start_mark,
                    )
                if kind is scalar:
                    text_value = event.value
                    if not text_value.isascii() and _SURROGATE.search(text_value):
                        # the pure parser builds lone surrogates from `"\ud800"`; libyaml refuses
                        raise _refuse(
                            "yaml-syntax",
                            "YAML syntax error: found invalid Unicode character escape code",
                            event.start_mark,
                        )
                    if parent is None:
                        plain = not event.style
                        root, have_root = (
                            None if plain and text_value in _NULLS else text_value,
                            True,
                        )
                    elif parent.is_map and parent.key is None:
                        mark = event.start_mark
                        if text_value == "<<" and not event.style:
                            raise _refuse(
                                "yaml-merge-key",
                                "merge keys (`<<`) are not allowed; write the fields out in full",
                                mark,
                            )
                        first = parent.seen.get(text_value)
                        if first is not None:
                            raise _refuse(
                                "yaml-duplicate-key",
                                f"duplicate key {_short(text_value)} (first at line "
                                f"{first.line + 1}); keep only one",
                                mark,
                            )
                        parent.seen[text_value] = mark
                        parent.key, parent.key_mark = text_value, mark
                    else:
                        value = None if text_value in _NULLS and not event.style else text_value
                        if lazy and deep:
                            # _attach without a position (below the top level, when lazy)
                            into: Any = parent.container  # a dict when is_map, else a list
                            if parent.is_map:
                                into[parent.key] = value
                                parent.key = None
                            else:
                                into.append(value)
                        else:
                            _attach(values, keys, parent, value, event.start_mark)
                    continue
                # a mapping or a sequence starts
                mark = event.start_mark
                if parent is not None and parent.is_map and parent.key is None:
                    raise _refuse(
                        "yaml-complex-key",
                        "a key must be plain text, not a list or a mapping",
                        mark,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(
                        "yaml-too-deep",
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        mark,
                    )
                container: dict[str, Any] | list[Any] = {} if kind is map_start else []
                if parent is None:
                    child_path: Path_ = ()
                    values[()] = _pack(mark)
                elif lazy and deep:
                    child_path = _attach_only(parent, container)
                else:
                    child_path = _attach(values, keys, parent, container, mark)
                parent = _Frame(container, child_path)
                stack.append(parent)
                deep = len(stack) > 1
            elif kind in ends:
                frame = stack.pop()
                if stack:
                    parent = stack[-1]
                    deep = len(stack) > 1
                else:
                    parent, deep = None, False
                    root, have_root = frame.container, True
            elif kind is yaml.AliasEvent:
                raise _refuse(
                    "yaml-anchor",
                    "aliases (`*name`) are not allowed; write the value out in full",
                    event.start_mark,
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _refuse(
                        "yaml-multiple-documents",
                        "the file holds more than one YAML document; keep one per file "
                        "and remove the `---` separator",
                        event.start_mark,
                    )
            elif kind is yaml.StreamEndEvent:
                break
    except YamlError as exc:
        if doc.starts is not None and exc.index is not None:
            exc.mark = _at(exc.index, doc.starts)
        raise
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (a control character, a non-character): placed by its
        # offset, named by its code point; never the parser's own multi-line text.
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        raise YamlError(
            "yaml-syntax",
            f"the file contains the character U+{code:04X}, which YAML does not allow in a "
            "file; remove it (inside double quotes, write it as an escape such as `\\x1b`)",
            _at(exc.position, doc.starts or _line_starts(text)),
        ) from None
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        where = exc.problem_mark or exc.context_mark
        mark = _mark(where, doc.starts) if where is not None else Mark(1, 1)
        if "nesting depth" in problem:  # libyaml's own cap on flow nesting
            raise YamlError(
                "yaml-too-deep", f"values are nested more than {MAX_DEPTH} levels deep", mark
            ) from None
        raise YamlError("yaml-syntax", f"YAML syntax error: {problem}", mark) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError, UnicodeError) as exc:
        raise YamlError("yaml-syntax", f"cannot read the file as YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if not have_root or root is None:
        raise YamlError(
            "yaml-not-mapping",
            "the file is empty; a data file is a mapping of fields (`id: ...`)",
        )
    if not isinstance(root, dict):
        raise YamlError(
            "yaml-not-mapping",
            f"the file holds a {'list' if isinstance(root, list) else 'single value'}, "
            "but a data file is a mapping of fields (`id: ...`)",
        )
    doc.data = root
    return doc


def _attach(
    values: dict[Path_, int], keys: dict[Path_, int], parent: _Frame, value: Any, mark: Any
) -> Path_:
    container: Any = parent.container  # a dict when parent.is_map, else a list
    if parent.is_map:
        key = parent.key
        container[key] = value
        path: Path_ = (*parent.path, key)  # type: ignore[arg-type]
        m = parent.key_mark
        keys[path] = (m.index << (2 * _BITS)) | (m.line << _BITS) | m.column
        parent.key = None
    else:
        path = (*parent.path, len(container))
        container.append(value)
    values[path] = (mark.index << (2 * _BITS)) | (mark.line << _BITS) | mark.column
    return path


def _attach_only(parent: _Frame, value: Any) -> Path_:
    """:func:`_attach` without recording a position (below the top level, when lazy)."""
    container: Any = parent.container
    if parent.is_map:
        container[parent.key] = value
        parent.key = None
    else:
        container.append(value)
    return ()


def _short(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"`{text}`"


def read_file(path: Path | str, display: str, *, lazy: bool = False) -> Document:
    """Read and parse one data file, refusing links, special files and oversized files
    (``lazy``: see :func:`parse`)."""
    return parse(decode(read_bytes(path)), display, lazy=lazy)
