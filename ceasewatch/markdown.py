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
_HTTP = re.compile(r"https?://\S+", re.IGNORECASE)
# References GitHub links wherever it renders text (reports, step summaries): `GH-123`, and
# commit hashes (7 to 40 hex digits, alone or as `user@hash`, `owner/repo@hash`). `#123`,
# `owner/repo#123` and `@user` are handled by the joiner after every `#` and `@`.
_REFERENCE = re.compile(r"\bgh-\d|\b[0-9a-f]{7,40}\b", re.IGNORECASE)


def _one_line(value: str) -> str:
    """Whitespace runs (newlines, tabs) as one space, then hidden characters made visible."""
    return terminal(_SPACE.sub(" ", value).strip(), log=False)  # Markdown is no log


def _defuse(match: re.Match[str]) -> str:
    """A reference shown the same but not linked: `G` + joiner + `H-1`; a hash cut by joiners
    into runs of six, too short to be one."""
    found = match[0]
    if found[2] == "-":
        return found[0] + _WJ + found[1:]
    return _WJ.join(found[i : i + 6] for i in range(0, len(found), 6))


def text(value: str) -> str:
    """Running text: one line, every ASCII punctuation backslash-escaped (no HTML, no links,
    no emphasis), ``@`` and ``#`` followed by a word joiner (no mentions, no references), and
    joiners in ``GH-123`` and in anything that could be a commit hash."""
    value = _REFERENCE.sub(_defuse, _one_line(value))
    value = _PUNCT.sub(r"\\\1", value)
    # The email autolink and @mention filters run after escapes: a joiner stops them.
    return value.replace("@", "@" + _WJ).replace("#", "#" + _WJ)


def cell(value: str) -> str:
    """A table cell: as running text; pipes are escaped like all punctuation, newlines gone."""
    return text(value) or " "


def code(value: str) -> str:
    """An inline code span, in running text, that no backtick in the data can close.

    Not for table cells: a code span shows entities and backslashes literally, so a `|`
    in it cannot be escaped for a table without showing the escape (use :func:`cell`).
    """
    value = _one_line(value)
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def link(url: str, label: str | None = None) -> str:
    """A link to an http(s) URL, its text the site's host (or ``label``); else plain text.

    Never an image; the target is percent-encoded so no bracket or quote ends it.
    """
    # urlsplit drops leading spaces and controls, and tabs and newlines anywhere, so it
    # would vouch for a string whose link would not start with http(s)://: check the raw one.
    if not _HTTP.fullmatch(url):
        return text(url)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. `https://[x`: an unbalanced IPv6 bracket
        return text(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return text(url)
    host = parts.hostname or parts.netloc
    safe = "".join(
        ch
        if ch.isascii() and ch.isprintable() and ch not in " <>()[]\"'`\\|"
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in url
    ).replace("&", "&amp;")  # entities are decoded in a link target: keep `&amp;` as written
    return f"[{text(label if label is not None else host)}]({safe})"


def mermaid_label(value: str) -> str:
    """A label inside a Mermaid block (in double quotes): no fence, quote or bracket."""
    value = _one_line(value)
    return re.sub(r"[^0-9A-Za-z \-_.,/+()&']", "_", value).replace("`", "_")


def anchor(value: str) -> str:
    """A stable heading anchor for an id (ids are already `a-z0-9-`)."""
    return re.sub(r"[^a-z0-9-]", "-", value.lower())
