"""Escaping of untrusted text, one small function per output context."""

from __future__ import annotations

import unicodedata

# Categories shown as escapes: format (bidi, zero-width), separators that break lines,
# surrogates, private use and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def terminal(text: str) -> str:
    """Text safe for a terminal: every control, bidi or invisible character made visible.

    Newlines and tabs are escaped too: a message is one line, and a newline from the data
    could forge a line of output that looks like the tool's own.
    """
    if text.isascii() and text.isprintable():
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
    return "".join(out)
