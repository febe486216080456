"""Escaping for GitHub-flavoured Markdown, one small function per context.

Data strings are untrusted: they must not break a table, inject HTML, form links, notify
anyone (``@user``, ``#123``) or end a Mermaid block.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .escape import terminal

_WJ = "\u2060"  # WORD JOINER: invisible, and breaks mentions, references and autolinks
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")


def text(value: str) -> str:
    """Running text: one line, every ASCII punctuation backslash-escaped (no HTML, no links,
    no emphasis), ``@`` and ``#`` followed by a word joiner (no mentions, no references)."""
    value = _SPACE.sub(" ", terminal(value)).strip()
    value = _PUNCT.sub(r"\\\1", value)
    # The email autolink and @mention filters run after escapes: a joiner stops them.
    return value.replace("@", "@" + _WJ).replace("#", "#" + _WJ)


def cell(value: str) -> str:
    """A table cell: as running text; pipes are escaped like all punctuation, newlines gone."""
    return text(value) or " "


def code(value: str) -> str:
    """An inline code span that no backtick in the data can close."""
    value = _SPACE.sub(" ", terminal(value)).strip()
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    # A code span keeps `|` literal but GFM tables still split on it: escape it too.
    return f"{fence}{pad}{value.replace('|', '&#124;')}{pad}{fence}"


def link(url: str, label: str | None = None) -> str:
    """A link to an http(s) URL, its text the site's host (or ``label``); else plain text.

    Never an image; the target is percent-encoded so no bracket or quote ends it.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return text(url)
    host = parts.hostname or parts.netloc
    safe = "".join(
        ch
        if ch.isascii() and ch.isprintable() and ch not in " <>()[]\"'`\\|"
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in url
    )
    return f"[{text(label if label is not None else host)}]({safe})"


def mermaid_label(value: str) -> str:
    """A label inside a Mermaid block (in double quotes): no fence, quote or bracket."""
    value = _SPACE.sub(" ", terminal(value)).strip()
    return re.sub(r"[^0-9A-Za-z \-_.,/+()&']", "_", value).replace("`", "_")


def anchor(value: str) -> str:
    """A stable heading anchor for an id (ids are already `a-z0-9-`)."""
    return re.sub(r"[^a-z0-9-]", "-", value.lower())
