"""Escaping for GitHub-flavoured Markdown, one small function per context.

Data strings are untrusted: they must not break a table, inject HTML, form links, notify
anyone (``@user``, ``#123``) or end a Mermaid block.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .escape import terminal

_WJ = "\u2060"  # WORD JOINER: invisible, and breaks mentions, references and autolinks
# Inline syntax wherever it stands: escapes, code, emphasis, strikethrough, links, HTML and
# entities, table pipes, and GitHub's `$` math.
_INLINE = re.compile(r"([\\`*_~\[\]<&|$])")
# URL autolinks (`scheme://`, `www.`): the colon or the dot escaped, the text unchanged.
_AUTOLINK = re.compile(r":(?=//)|(?<=www)\.", re.IGNORECASE)
# Block syntax at the start of a line: list markers, quotes, setext underlines, thematic
# breaks, ordered lists (`1.`, `1)`).
_LINE_START = re.compile(r"^(?:\d{1,9}(?=[.)](?: |$))|(?=>)|(?=[-+](?:[ -]|$))|(?==+ *$))")
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
    """Running text: one line, each character backslash-escaped only where it would be syntax
    (no HTML, links, emphasis, lists or quotes; a date or a time stays as written), ``@`` and
    ``#`` followed by a word joiner (no mentions, references or headings), and joiners in
    ``GH-123`` and in anything that could be a commit hash."""
    value = _REFERENCE.sub(_defuse, _one_line(value))
    value = _INLINE.sub(r"\\\1", value)
    value = _AUTOLINK.sub(lambda m: "\\" + m[0], value)
    value = _LINE_START.sub(lambda m: m[0] + "\\", value, count=1)
    if value.endswith("!"):  # `!` then a link from the caller would make an image
        value = value[:-1] + "\\!"
    if value.startswith("^"):  # `[^` in a caller's link text would open a footnote
        value = "\\" + value
    # The email autolink and @mention filters run after escapes: a joiner stops them.
    return value.replace("@", "@" + _WJ).replace("#", "#" + _WJ)


def cell(value: str) -> str:
    """A table cell: as running text (pipes escaped, newlines gone); never empty."""
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


def _local(path: str) -> str:
    """A path as a link target: every character but ``A-Za-z0-9._~/-`` percent-encoded, so
    it ends nowhere early and names no scheme (``:`` is encoded) and no host (``//``)."""
    out = "".join(
        ch
        if ch.isascii() and (ch.isalnum() or ch in "._~/-")
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in path
    )
    return "/%2F" + out[2:] if out.startswith("//") else out


def local_link(path: str, label: str) -> str:
    """A link to a file of the repository, by its path from the page (not from the data)."""
    return f"[{text(label)}]({_local(path)})"


def local_image(path: str, alt: str) -> str:
    """An image from the repository, by its path from the page (not from the data)."""
    return f"![{text(alt)}]({_local(path)})"


def mermaid_label(value: str) -> str:
    """A label inside a Mermaid block (in double quotes, or a gantt task's name): letters and
    digits of any script and `` -_.,/+()&'``; anything else (a fence, quote, bracket, colon,
    ``#``, ``;``, ``%``) as ``_``."""
    value = _one_line(value)
    return "".join(
        ch if (ch.isalnum() and ch.isprintable()) or ch in " -_.,/+()&'" else "_" for ch in value
    )


def anchor(value: str) -> str:
    """A stable heading anchor for an id (ids are already `a-z0-9-`)."""
    return re.sub(r"[^a-z0-9-]", "-", value.lower())
