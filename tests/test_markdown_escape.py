"""Property tests of the Markdown escaping functions (``ceasewatch/markdown.py``).

Each function is fed arbitrary text (and text made of Markdown, HTML, mention and link
fragments) and its output rendered with GitHub's renderer, ``cmarkgfm``, in its unsafe mode
(raw HTML would show as tags). Mentions and ``#123`` references are GitHub post-processing
that cmark-gfm does not do: they are checked on the Markdown itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import cmarkgfm
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ceasewatch import markdown as md
from ceasewatch.escape import terminal
from ceasewatch.models import ID_RE, URL_RE

SETTINGS = settings(derandomize=True, max_examples=300, deadline=None)

FRAGMENTS = [
    "| pipe",
    "|",
    "\\|",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    "\xa0",
    "<img src=https://t.example/p.gif>",
    "<details>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "@octocat",
    "#123",
    "o/r#2",
    "GH-1",
    "gh-22",
    "o/r@abc1234",
    "deadbeefcafe",
    "0123456789abcdef0123456789abcdef01234567",
    "0@x.org",
    "www.evil.example",
    "http://evil.example/",
    "https://t.example/a_b",
    "<https://t.example>",
    "[x](javascript:alert(1))",
    "![i](https://t.example/i.png)",
    "[x]: https://t.example",
    "`",
    "``",
    "```",
    '"',
    "'",
    "]",
    "[",
    "(",
    ")",
    "*",
    "_",
    "~~",
    "&amp;",
    "&#124;",
    "&lt;",
    "# ",
    "1. ",
    "- ",
    "> ",
    "    ",
    "===",
    "---",
    ":::",
    "%%",
    "Удар",
    "\u2060",
    "\x00",
    # What text() leaves as written, except where it would be syntax
    "2025-03-18T17:00:00+03:00",
    "ftp://evil.example/x",
    "WWW.evil.example",
    "1) ",
    "+ ",
    "= ",
    "~x~",
    "$x$",
    "!",
    "a.b",
    "{x}",
    "?",
    ";",
    ":",
    "=",
]

#: Arbitrary text, and text made of the fragments above (and of their characters).
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(sorted(set("".join(FRAGMENTS)) | set("ab ")))),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=12).map("".join),
)


def render(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(
        text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )


def one_line(value: str) -> str:
    """What the functions promise to show: whitespace runs as one space, hidden characters
    as visible escapes."""
    return terminal(" ".join(value.split()), log=False)


def defused(value: str) -> str:
    """``one_line`` with the word joiners ``text`` puts after each ``@`` and ``#``, in each
    ``GH-1``, and every six characters of each run that could be a commit hash."""
    shown = re.sub(r"\b(g)(h-\d)", "\\1\u2060\\2", one_line(value), flags=re.IGNORECASE)
    shown = re.sub(
        r"\b[0-9a-f]{7,40}\b",
        lambda m: "\u2060".join(re.findall(".{1,6}", m[0])),
        shown,
        flags=re.IGNORECASE,
    )
    return shown.replace("@", "@\u2060").replace("#", "#\u2060")


class Parsed(HTMLParser):
    """Tags, links (href and text), images, code spans and table cells of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.images: list[str] = []
        self.codes: list[str] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag == "tr":
            self.rows.append([])
        if tag in ("a", "code", "td", "th"):
            self._open.append((tag, dict(attrs), []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, attrs, parts = self._open.pop()
            content = "".join(parts)
            if tag == "a":
                self.links.append((attrs.get("href") or "", content))
            elif tag == "code":
                self.codes.append(content)
            else:
                self.rows[-1].append(content)


def no_mentions_or_references(markdown: str) -> None:
    """None of the forms GitHub links in rendered text: mentions, issue references in every
    spelling (`#1`, `GH-1`, `owner/repo#1`) and commit hashes (`abc1234`, `user@abc1234`)."""
    assert not re.search(r"@\w", markdown), markdown
    assert not re.search(r"#\d", markdown), markdown
    assert not re.search(r"\bGH\\?-\d", markdown, re.IGNORECASE), markdown
    assert not re.search(r"\b[0-9a-f]{7,40}\b", markdown, re.IGNORECASE), markdown


# --- text ----------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example("<img src=https://t.example/p.gif> @octocat #123 o/r#2 0@x.org www.evil.example")
@example('[x](javascript:alert(1)) <details> ``` --> "q" ] `b`')
@example("line one\nline two")
def test_text_is_plain_text(value: str) -> None:
    out = md.text(value)
    assert "\n" not in out and "\r" not in out
    no_mentions_or_references(out)
    # On a line of its own (as a title is) and inside a list item (as a field is).
    for prefix, tags in (("", {"p"}), ("- Place: ", {"ul", "li"})):
        parsed = Parsed(render(prefix + out))
        assert set(parsed.tags) <= tags, (value, parsed.tags)
        assert not parsed.links
        shown = prefix.removeprefix("- ") + defused(value)
        assert "".join(parsed.text).strip() == shown.strip()


#: What ``text`` writes: only the characters that would be syntax where they stand are
#: escaped, so dates, times, ids and ordinary punctuation read as written in the raw file.
PLAIN = [
    ("2025-03-18", "2025-03-18"),
    ("2025-03-18T17:00:00+03:00", "2025-03-18T17:00:00+03:00"),
    ("2025-03-20 03:00 to 2025-03-21", "2025-03-20 03:00 to 2025-03-21"),
    ("ukraine-mfa, kremlin+russia-mod", "ukraine-mfa, kremlin+russia-mod"),
    ("energy/oil/refinery (x); y? {z} 50% 'q' \"q\" a=b, c.d", None),
    ("in force: kremlin / term: ukraine-mfa", None),
    ("Удар по підстанції", None),
    ("it said: done!", "it said: done\\!"),  # `!` then a link would be an image
    ("wow! yes", None),
    ("^1 and 2^3", "\\^1 and 2^3"),  # `[^1]` in a link's text would be a footnote
    # at the start of a line: lists, quotes, breaks, setext underlines
    ("- a", "\\- a"),
    ("+ a", "\\+ a"),
    ("> a", "\\> a"),
    ("---", "\\---"),
    ("===", "\\==="),
    ("1. a", "1\\. a"),
    ("123) a", "123\\) a"),
    ("1.5 km", None),
    ("1.", "1\\."),
    ("-1 and -x", None),
    ("-- a", "\\-- a"),
    ("== a", None),
    ("a - b + c > d 1. e", None),
    # inline syntax anywhere
    ("a*b_c~d`e", "a\\*b\\_c\\~d\\`e"),
    ("[x](y)", "\\[x\\](y)"),
    ("<b> & |", "\\<b> \\& \\|"),
    ("$x$ \\", "\\$x\\$ \\\\"),
    # autolinks: the colon of `scheme://`, the dot of `www.`
    (
        "see https://t.example/a and ftp://t.example",
        "see https\\://t.example/a and ftp\\://t.example",
    ),
    ("www.evil.example WWW.x.org", "www\\.evil.example WWW\\.x.org"),
    # mentions and references: a joiner, no backslash
    ("#12 @me a#b", "#\u206012 @\u2060me a#\u2060b"),
]


@pytest.mark.parametrize(("value", "expected"), PLAIN)
def test_text_escapes_only_syntax(value: str, expected: str | None) -> None:
    out = md.text(value)
    assert out == (value if expected is None else expected)
    # and shows exactly the text, as plain text, on a line of its own and inside a list item
    for prefix in ("", "- x: "):
        parsed = Parsed(render(prefix + out))
        assert set(parsed.tags) <= {"p", "ul", "li"}, (value, parsed.tags)
        assert not parsed.links
        assert "".join(parsed.text).strip() == (prefix.removeprefix("- ") + defused(value)).strip()


@SETTINGS
@given(TEXT, st.sampled_from(["[x](https://t.example)", "(https://t.example)", "[x]"]))
def test_text_before_a_link_makes_no_image(value: str, after: str) -> None:
    """A string the report writes right before a link (or brackets) cannot make it an image."""
    parsed = Parsed(render(f"{md.text(value)}{after}"))
    assert not parsed.images
    assert set(parsed.tags) <= {"p", "a", "ul", "li", "blockquote"}


@SETTINGS
@given(TEXT, TEXT)
def test_text_between_other_text_forms_nothing(before: str, after: str) -> None:
    """Two escaped strings side by side still form no link, tag or mention."""
    out = f"{md.text(before)} {md.text(after)}"
    no_mentions_or_references(out)
    parsed = Parsed(render(f"x {out} y"))
    assert set(parsed.tags) <= {"p"}
    assert not parsed.links


# --- cell ----------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example("a | b")
@example("a \\| b")
@example("a\nb")
@example("")
@example("|")
def test_cell_keeps_one_row_of_three_cells(value: str) -> None:
    cell = md.cell(value)
    assert "\n" not in cell and "\r" not in cell
    no_mentions_or_references(cell)
    table = f"| h1 | h2 | h3 |\n|---|---|---|\n| a | {cell} | b |\n"
    parsed = Parsed(render(table))
    assert set(parsed.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}, parsed.tags
    assert parsed.rows == [["h1", "h2", "h3"], ["a", defused(value), "b"]]
    # cmark-gfm pads short rows and drops extra cells: check the Markdown row itself too.
    assert len(re.split(r"(?<!\\)\|", f"| a | {cell} | b |")) == 5


# --- code ----------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT.filter(lambda v: one_line(v) != ""))
@example("`")
@example("a ``` b")
@example("`a`")
@example("a | b")
@example("<img src=x>")
def test_code_is_one_code_span_holding_the_text(value: str) -> None:
    parsed = Parsed(render(f"x {md.code(value)} y"))
    assert parsed.tags == ["p", "code"], (value, parsed.tags)
    assert parsed.codes == [one_line(value)]
    assert "".join(parsed.text).strip() == f"x {one_line(value)} y"


# --- link ----------------------------------------------------------------------------------------

URLS = st.one_of(
    TEXT,
    st.builds(
        lambda scheme, host, rest: f"{scheme}://{host}{rest}",
        st.sampled_from(["http", "https", "HTTPS", "javascript", "data", "ftp", "vbscript"]),
        st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True),
        st.one_of(
            TEXT,
            st.just(""),
            st.sampled_from(["/", "/a?b=1&c=2#x", "/[x](y)", "/a)b", "/a>b", "/%zz%41"]),
            st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)),
        ),
    ),
)


def splits(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


@SETTINGS
@given(URLS)
@example("https://t.example/a(b)[c]\"d'e`f|g")
@example("https://t.example/?a=1&amp;b=2")
@example("https://[x")
@example("javascript:alert(1)")
@example("JAVASCRIPT://t.example/%0Aalert(1)")
@example(" https://t.example/")
@example("\x01https://t.example/")
@example("ht\ttps://t.example/")
@example("https://t.example/!image")
@example("https://user@evil.example@t.example/")
def test_link_is_an_http_link_to_the_url_or_text(url: str) -> None:
    out = md.link(url)
    assert "\n" not in out
    # GitHub looks for mentions in text, not in a link's target.
    no_mentions_or_references(re.sub(r"\]\([^()\s]*\)$", "]", out))
    parsed = Parsed(render(f"see {out}"))
    assert not parsed.images
    assert set(parsed.tags) <= {"p", "a"}
    # A URL the data can hold (the schema's pattern) that urllib can split is a link.
    if URL_RE.match(url) and splits(url):
        assert len(parsed.links) == 1, (url, out)
    if not parsed.links:
        assert out == md.text(url)
        return
    assert len(parsed.links) == 1
    href, label = parsed.links[0]
    assert href.lower().startswith(("http://", "https://")), (url, href)
    assert unquote(href) == unquote(url)
    parts = urlsplit(url)
    assert label == defused(parts.hostname or parts.netloc)


@SETTINGS
@given(st.from_regex(r"https?://[a-z0-9]{1,10}\.example(/[a-z0-9]{0,8})?", fullmatch=True), TEXT)
def test_link_with_a_label_shows_the_label(url: str, label: str) -> None:
    parsed = Parsed(render(f"see {md.link(url, label)}"))
    assert not parsed.images
    assert len(parsed.links) == 1
    assert parsed.links[0] == (url, defused(label))


# --- mermaid_label -------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example('a"] --> b\n```\n<img src=x>')
@example("%%{init: {}}%%")
@example("Україна: section x; #1")
def test_mermaid_label_cannot_end_its_string_or_block(value: str) -> None:
    label = md.mermaid_label(value)
    assert len(label) == len(one_line(value))  # one character for one: nothing added or lost
    for bad in ('"', "`", "[", "]", "\n", "\r", "#", ";", "%", "{", "}", "<", ">", ":", "\\"):
        assert bad not in label, (value, label)
    block = f'```mermaid\nxychart-beta\n    title "{label}"\n```\n'
    html = render(block)
    found = re.findall(r'<pre lang="mermaid"><code>(.*?)</code></pre>', html, re.DOTALL)
    assert len(found) == 1
    body = found[0].replace("&quot;", '"').replace("&amp;", "&").replace("&#x27;", "'")
    assert body == f'xychart-beta\n    title "{label}"\n'
    assert html.endswith("</code></pre>\n")


def test_mermaid_label_keeps_letters_of_any_script() -> None:
    assert md.mermaid_label("Україна: section x; #1") == "Україна_ section x_ _1"


# --- anchor --------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
def test_anchor_is_a_plain_slug(value: str) -> None:
    assert re.fullmatch(r"[a-z0-9-]*", md.anchor(value))


@pytest.mark.slow
@SETTINGS
@given(st.from_regex(ID_RE, fullmatch=True))
def test_anchor_keeps_an_id(ident: str) -> None:
    assert md.anchor(ident) == ident


# --- local_link, local_image ---------------------------------------------------------------------


@SETTINGS
@given(TEXT.filter(bool), TEXT)
@example("map.svg", "Map")
@example("javascript:alert(1)", "x")
@example("a)b](c) <d>.svg", "![x](y)")
@example("//evil.example/x.svg", "x")
def test_local_link_and_image_stay_relative(path: str, label: str) -> None:
    for out, tag in ((md.local_link(path, label), "a"), (md.local_image(path, label), "img")):
        assert "\n" not in out
        parsed = Parsed(render(f"see {out}"))
        assert set(parsed.tags) <= {"p", tag}, (path, parsed.tags)
        target = parsed.images if tag == "img" else [href for href, _ in parsed.links]
        assert len(target) == 1, (path, out)
        # no scheme, no other host: a path in this repository
        assert ":" not in target[0] and not target[0].startswith("//")
        assert unquote(target[0]) == path
