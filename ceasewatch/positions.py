"""Where a value sits in a file: 1-based lines and columns, from the parser's marks (kept
packed in one int each) and, where a file holds line breaks editors do not count, from
offsets."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


#: Bits for a 0-based line and column in a packed mark: files are far shorter than 2 MB.
_BITS = 21
_MASK = (1 << _BITS) - 1


def _pack(m: Any) -> int:
    """The parser's mark (offset, line, column) as one int: a few bytes where the parser's
    object took a few hundred, for every value of every file."""
    return int((m.index << (2 * _BITS)) | (m.line << _BITS) | m.column)


def _mark(m: Any, starts: list[int] | None = None) -> Mark:
    if isinstance(m, int):
        if starts is None:
            return Mark(((m >> _BITS) & _MASK) + 1, (m & _MASK) + 1)
        return _at(m >> (2 * _BITS), starts)
    if starts is None:
        return Mark(m.line + 1, m.column + 1)
    return _at(m.index, starts)


#: Line breaks libyaml counts that editors, git and GitHub do not: a line there is one
#: ended by a line feed, so marks after them are placed by offset instead.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def _odd_breaks(text: str) -> bool:
    """Whether ``text`` holds one of :data:`_ODD_BREAKS`."""
    # Each `in` is a fast scan (instant for a break wider than the text's characters); the
    # pattern, an alternation, costs a hundred times more, and nearly every file has none.
    return ("\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text) and bool(
        _ODD_BREAKS.search(text)
    )


def _line_starts(text: str) -> list[int]:
    """The offset of each line's start, lines ending at line feeds only."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _at(index: int, starts: list[int]) -> Mark:
    """The 1-based line and column of the character at ``index``."""
    line = bisect.bisect_right(starts, index)
    return Mark(line, index - starts[line - 1] + 1)
