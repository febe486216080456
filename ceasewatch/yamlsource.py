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
from .positions import Mark, _at, _line_starts, _mark, _odd_breaks, _pack

# The C parser is about five times faster; the pure one behaves the same here
# because only events are used, and every limit below is enforced by this module. The C
# parser alone, not a loader built on it: a loader also sets up a constructor and a
# resolver that only a loader's own load would use.
_CParser: type[Any] | None
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None
_Loader: type[Any] = _CParser if _CParser is not None else yaml.BaseLoader

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
    documents = 0
    nodes = 0
    loader: Any = None
    # Local names: this loop runs once per YAML event and dominates the load time.
    scalar, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # The container being filled is kept in locals (a frame object's attributes cost a
    # lookup apiece on every event); the stack holds the enclosing ones. ``cur`` is None
    # before the root starts; ``record``: whether its values' positions are kept (always,
    # or at the top level only when lazy); ``key``: the key waiting for its value.
    stack: list[tuple[Any, bool, Path_, bool]] = []
    cur: Any = None
    cur_map = False
    cur_path: Path_ = ()
    record = True
    key: str | None = None
    key_mark: Any = None
    root: Any = None
    have_root = False
    try:
        loader = _Loader(text)
        get_event = loader.get_event
        event: Any
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
                    if cur_map and key is None:
                        if text_value == "<<" and not event.style:
                            raise _refuse(
                                "yaml-merge-key",
                                "merge keys (`<<`) are not allowed; write the fields out in full",
                                event.start_mark,
                            )
                        # A key is in the mapping once its value is: between a key and its
                        # value no other key of the mapping comes.
                        if text_value in cur:
                            if not record:  # the first one's position was not kept
                                return parse(text, path)
                            # the parser's own count of lines (see Document.starts)
                            first = _mark(keys[(*cur_path, text_value)]).line
                            raise _refuse(
                                "yaml-duplicate-key",
                                f"duplicate key {_short(text_value)} (first at line "
                                f"{first}); keep only one",
                                event.start_mark,
                            )
                        key = text_value
                        if record:
                            key_mark = event.start_mark
                        continue
                    value = None if not event.style and text_value in _NULLS else text_value
                    if cur_map:
                        cur[key] = value
                        if record:
                            at: Path_ = (*cur_path, key)  # type: ignore[arg-type]
                            keys[at] = _pack(key_mark)
                            values[at] = _pack(event.start_mark)
                        key = None
                    elif cur is not None:
                        if record:
                            values[(*cur_path, len(cur))] = _pack(event.start_mark)
                        cur.append(value)
                    else:
                        root, have_root = value, True
                    continue
                # a mapping or a sequence starts
                if cur_map and key is None:
                    raise _refuse(
                        "yaml-complex-key",
                        "a key must be plain text, not a list or a mapping",
                        event.start_mark,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(
                        "yaml-too-deep",
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        event.start_mark,
                    )
                container: dict[str, Any] | list[Any] = {} if kind is map_start else []
                child_path: Path_ = ()
                if cur is None:
                    values[()] = _pack(event.start_mark)
                elif cur_map:
                    cur[key] = container
                    if record:
                        child_path = (*cur_path, key)  # type: ignore[arg-type]
                        keys[child_path] = _pack(key_mark)
                        values[child_path] = _pack(event.start_mark)
                    key = None
                else:
                    if record:
                        child_path = (*cur_path, len(cur))
                        values[child_path] = _pack(event.start_mark)
                    cur.append(container)
                stack.append((cur, cur_map, cur_path, record))
                # The root's values are always recorded; deeper ones unless lazy.
                record = cur is None or not lazy
                cur, cur_map, cur_path = container, kind is map_start, child_path
            elif kind in ends:
                finished = cur
                cur, cur_map, cur_path, record = stack.pop()
                if cur is None:
                    root, have_root = finished, True
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


def _short(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"`{text}`"


def read_file(path: Path | str, display: str, *, lazy: bool = False) -> Document:
    """Read and parse one data file, refusing links, special files and oversized files
    (``lazy``: see :func:`parse`)."""
    return parse(decode(read_bytes(path)), display, lazy=lazy)
