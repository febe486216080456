"""Escaping of untrusted text, one small function per output context."""

from __future__ import annotations

import re
import unicodedata

# Categories shown as escapes: format (bidi, zero-width), separators that break lines,
# surrogates, private use and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


# GitHub's runner obeys `##[command]` anywhere in a log line and `::command::` at its start
# (after spaces). Data cannot start a line of ours, but a wrapped word can: `::` after a
# space, and `##[` anywhere, get their second character shown as an escape.
_V1_COMMAND = re.compile(r"#(?=#\[)")
_LINE_COMMAND = re.compile(r"(?:^|(?<=\s)):(?=:)")


def terminal(text: str, *, log: bool = True) -> str:
    """Text safe for a terminal: every control, bidi or invisible character made visible.

    Newlines and tabs are escaped too: a message is one line, and a newline from the data
    could forge a line of output that looks like the tool's own. A CI log is a terminal
    too, so workflow-command syntax that a wrapped line could expose is escaped as well
    (``log=False`` where the runner reads no command: inside a workflow command's message).
    """
    if text.isascii() and text.isprintable():
        if log and ("::" in text or "##[" in text):
            return _commandless(text)
        return text  # the common case, fast
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code > 0x7F and unicodedata.category(ch) in _HIDDEN_CATEGORIES:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    shown = "".join(out)
    return _commandless(shown) if log else shown


def _commandless(text: str) -> str:
    return _LINE_COMMAND.sub(r"\\x3a", _V1_COMMAND.sub(r"\\x23", text))


def cell(text: str) -> str:
    """A table cell for the terminal: a table may fold a word anywhere, so every `::` is
    escaped, wherever it stands."""
    return terminal(text).replace("::", ":\\x3a")
