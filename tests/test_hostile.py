# ruff: noqa: E501 - the case tables read best one case per line
"""A table-driven corpus of hostile input: every case one row, every output format checked.

Each row of :data:`CASES` is a small dataset (the valid base dataset below, with files added,
replaced or removed, and sometimes file-system work such as links or a FIFO). Every case runs

- ``validate`` in the text, json, github and sarif formats,
- ``check`` in the json (with ``--fail-on possible``), text and github formats, the last one
  with a step summary file (Markdown),
- for the rows about output (``output=True``, the data stays valid): ``report -o`` and
  ``export -o`` as json, csv, geojson and svg,
- for a few rows, ``check --format github`` again through a real ``python -m ceasewatch``
  process (no traceback on stderr, the same exit code),

in-process through :func:`conftest.run_cli` (exceptions are not caught: a traceback fails the
case), and checks the exit code, that each error is located (file, line, column, code) and is
exactly the expected list of errors, and that nothing from the data acts in any output:
no workflow command but the tool's own, no control or invisible character on a terminal, no
HTML, image, script link or GitHub autolink in Markdown, no spreadsheet formula in CSV, JSON
that parses. One helper per output format (``assert_*_clean``) states those rules.

Two more tables cover what needs other commands: :data:`WRITES` (``report -o``, ``export -o``
and ``schema --write`` onto links, folders and missing folders) and :data:`DIFFS` (hostile
revisions for ``diff --base`` / ``--head`` and commits holding symbolic links).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import cmarkgfm
import pytest

from ceasewatch.api import repo_prefix
from ceasewatch.diagnostics import CODES
from ceasewatch.escape import terminal
from ceasewatch.export import CSV_COLUMNS

from .conftest import PROJECT_YAML, TODAY, CliResult, MakeDataset, every_diagnostic, run_cli
from .helpers_ci import git, stop_token, yaml_quote
from .test_diff import commit, write
from .test_github import parse_commands

# --- the base dataset: valid, one incident, one apparent finding ------------------------------

P = "ceasewatch.yaml"
A = "agreements/deal.yaml"
I = "incidents/2025/x-1.yaml"  # noqa: E741 - the incident file most cases use

AGREEMENT = """\
id: deal
title: Energy deal
parties: [russia, ukraine]
mediators: [united-states]
announced: 2025-03-18
in_force:
  - from: 2025-03-18T00:00:00+00:00
    until: 2025-04-18T00:00:00+00:00
    per: [kremlin]
terms:
  - id: no-energy-strikes
    title: No strikes on energy
    prohibits:
      acts: [strike]
      targets: [energy]
      per: [white-house]
"""

CLAIM = (
    "{source: ukraine-mfa, attributes_to: russia, published: 2025-03-20, "
    'url: "https://example.org/a", summary: Says a drone hit it}'
)


def loc(
    place: str = "Dnipro",
    region: str = "Dnipro oblast",
    country: str = "UA",
    lat: str = "48.45",
    lon: str = "35.05",
    precision: str = "exact",
) -> str:
    """The ``location`` value of the base incident, with parts replaced."""
    return (
        f"{{place: {place}, region: {region}, country: {country}, "
        f"coordinates: {{lat: {lat}, lon: {lon}, precision: {precision}}}}}"
    )


#: The base incident's fields in file order: line 1 is `id`, 2 `title`, 3 `occurred`, then
#: `timezone` (only when given, line 4), `location`, `act`, `means`, `outcome`, `targets`,
#: `claims` and its one item on the next line.
INCIDENT_FIELDS: dict[str, str | None] = {
    "id": "x-1",
    "title": "Strike on a substation",
    "occurred": "2025-03-20T12:00:00+00:00",
    "timezone": None,
    "location": loc(),
    "act": "strike",
    "means": "[drone]",
    "outcome": "hit",
    "targets": "[{category: energy/power/substation, name: Substation, operator: Ukrenergo}]",
    "claims": f"\n  - {CLAIM}",
    "inferred": None,
    "note": None,
    "reviewed": None,
}


def incident(extra: str = "", **fields: str | None) -> str:
    """The base incident with some fields' YAML text replaced (``None`` drops a field)."""
    unknown = set(fields) - set(INCIDENT_FIELDS)
    assert not unknown, unknown
    merged = {**INCIDENT_FIELDS, **fields}
    return "".join(f"{k}: {v}\n" for k, v in merged.items() if v is not None) + extra


BASE: dict[str, str | bytes | None] = {P: PROJECT_YAML, A: AGREEMENT, I: incident()}

#: Every output case carries this word inside its hostile text: it must reach the outputs.
MARK = "HOSTILE"

# --- the rules each output format must keep -----------------------------------------------------

_HIDDEN = frozenset({"Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def bad_chars(text: str, *, allow: str = "\n", hidden: bool = True, keep: str = "") -> list[str]:
    """Characters a terminal or log would act on: C0 (but ``allow``), DEL, C1, and with
    ``hidden`` the invisible ones (bidi, zero-width, line separators; but ``keep``)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in allow or ch in keep:
            continue
        control = code < 0x20 or 0x7F <= code <= 0x9F
        if control or (hidden and code > 0x7F and unicodedata.category(ch) in _HIDDEN):
            out.append(ch)
    return out


def assert_terminal_clean(text: str) -> None:
    """Terminal output: no control, escape, bidi or invisible character from anywhere."""
    found = bad_chars(text)
    assert not found, f"raw control or hidden characters {found!r} in terminal output:\n{text}"


def located_prefix(d: Mapping[str, Any], prefix: str = "") -> str:
    """How a text line about diagnostic ``d`` starts: ``file:line:col: severity[code]: ``."""
    return (
        f"{terminal(prefix + d['file'])}:{d['line']}:{d['column']}: {d['severity']}[{d['code']}]: "
    )


def assert_text_validation(result: CliResult, diagnostics: list[dict[str, Any]]) -> None:
    """``validate --format text``: one located, escaped line per diagnostic, nothing else."""
    assert_terminal_clean(result.stdout)
    assert_terminal_clean(result.stderr)
    lines = result.stdout.splitlines()
    assert len(lines) == len(diagnostics), result.stdout
    for line, d in zip(lines, diagnostics, strict=True):
        assert line == located_prefix(d) + terminal(d["message"])
    assert parse_commands(result.stdout + result.stderr) == []


_OWN = ("error", "warning", "notice")


def expected_annotations(
    diagnostics: list[dict[str, Any]], findings: list[dict[str, Any]]
) -> list[tuple[str, str, int, int]]:
    """(kind, file, line, column) of the annotations the tool should write (GitHub's cap:
    ten of each kind, the tenth then counting the rest, without properties)."""
    by_kind: dict[str, list[tuple[str, str, int, int]]] = {k: [] for k in _OWN}
    for d in diagnostics:
        by_kind[d["severity"]].append((d["severity"], d["file"], d["line"], d["column"]))
    for f in findings:
        by_kind["notice"].append(("notice", f["file"], f["line"], 1))
    out = []
    for items in by_kind.values():
        out += sorted(items if len(items) <= 10 else items[:9])
    return out


def _either(value: str, raw: str) -> bool:
    """A value written raw (round-tripping) or made visible with terminal escapes."""
    return value in (raw, terminal(raw))


def assert_github_clean(
    result: CliResult,
    diagnostics: list[dict[str, Any]],
    findings: list[dict[str, Any]] | None = None,
    prefix: str = "",
) -> None:
    """``--format github``: only the tool's own commands, escaped; the log fenced and clean.

    Read as the Actions runner reads it (``test_github.parse_commands``): every line that
    starts with ``::`` is one of the annotations the diagnostics call for, or the fence.
    """
    out = result.stdout
    findings = findings or []
    # The runner splits lines at CR and LF; a log viewer obeys ESC and other controls.
    found = bad_chars(out, hidden=False)
    assert not found, f"raw control characters {found!r} in --format github output:\n{out}"
    assert parse_commands(result.stderr) == []
    commands = parse_commands(out)
    assert all(c.syntax == "v2" for c in commands), commands
    token = stop_token(out)
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert [c.key for c in commands[-2:]] == [("stop-commands", {}, token), (token, {}, "")]
    annotations = [c for c in commands[:-2] if c.properties]
    overflow = [c for c in commands[:-2] if not c.properties]
    assert all(c.name in _OWN for c in commands[:-2]), commands
    assert all(re.fullmatch(r"\d+ more \w+s? not annotated: .*", c.data) for c in overflow)
    got = []
    messages: dict[tuple[str, int, int], list[str]] = {}
    for d in diagnostics:
        messages.setdefault((d["file"], d["line"], d["column"]), []).append(d["message"])
    for c in annotations:
        props = dict(c.properties)
        assert set(props) == {"file", "line", "col", "title"}, props
        assert props["line"].isdigit() and props["col"].isdigit()
        file = props["file"]
        match = [d for d in (*diagnostics, *findings) if _either(file, prefix + d["file"])]
        assert match, f"annotation for a file no diagnostic names: {file!r}"
        where = (match[0]["file"], int(props["line"]), int(props["col"]))
        if c.name != "notice":
            assert any(_either(c.data, m) for m in messages[where]), (c.data, messages[where])
        got.append((c.name, *where))
    assert sorted(got) == sorted(expected_annotations(diagnostics, findings))
    # Nothing else starts a command: each `::` line is one of those parsed above.
    lines = re.split(r"[\r\n]", out)
    assert lines[-1] == ""
    starts = [line for line in lines if line.lstrip().startswith(("::", "##["))]
    assert len(starts) == len(commands), starts
    # The log between the fence lines is terminal text.
    start = lines.index(f"::stop-commands::{token}")
    fenced = lines[start + 1 : lines.index(f"::{token}::")]
    assert_terminal_clean("\n".join(fenced))
    for line, d in zip(fenced, diagnostics, strict=False):
        assert line.startswith(located_prefix(d, prefix)), (line, d)


_URI = re.compile(r"[A-Za-z0-9\-._~/%]*")


def assert_sarif_clean(result: CliResult, diagnostics: list[dict[str, Any]], prefix: str) -> None:
    """SARIF: parses; one located result per diagnostic; each URI a plain URI reference."""
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert len(results) == len(diagnostics)
    for r, d in zip(results, diagnostics, strict=True):
        location = r["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert _URI.fullmatch(uri), uri
        assert unquote(uri) == prefix + d["file"]
        assert location["region"] == {"startLine": d["line"], "startColumn": d["column"]}
        assert r["ruleId"] == d["code"]
        assert r["message"]["text"] == d["message"]


def display_names(root: Path) -> set[str]:
    """Every path under ``root`` as the tool names it (bytes that are not UTF-8 escaped)."""
    names = set()
    for folder, dirs, files in os.walk(os.fsencode(root)):
        for name in (*dirs, *files):
            rel = os.path.relpath(os.path.join(folder, name), os.fsencode(root))
            names.add(rel.decode("utf-8", "backslashreplace"))
    return names


def assert_located(diagnostics: list[dict[str, Any]], root: Path, *, on_disk: bool = True) -> None:
    """Each diagnostic names a file of the dataset (``on_disk``: one under ``root``), a line
    and column inside it, and a known code."""
    names = display_names(root) if on_disk else set()
    for d in diagnostics:
        assert set(d) >= {"file", "line", "column", "code", "severity", "message"}, d
        assert d["code"] in CODES, d
        assert d["severity"] == CODES[d["code"]].severity
        assert d["file"], d
        assert not on_disk or d["file"] in names, (d["file"], sorted(names))
        assert isinstance(d["line"], int) and d["line"] >= 1
        assert isinstance(d["column"], int) and d["column"] >= 1
        path = root / d["file"]
        if path.is_file() and not path.is_symlink():
            raw = path.read_bytes()
            assert d["line"] <= raw.count(b"\n") + 1, d
            try:
                lines = raw.decode("utf-8").removeprefix("\ufeff").split("\n")
            except UnicodeDecodeError:
                continue
            if d["line"] <= len(lines):
                assert d["column"] <= len(lines[d["line"] - 1]) + 1, d


class _Html(HTMLParser):
    """Tags, link targets, images and the visible text (outside code) of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self._code = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag in ("code", "pre"):
            self._code += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre"):
            self._code -= 1

    def handle_data(self, data: str) -> None:
        if not self._code:
            self.text.append(data)


MD_TAGS = frozenset(
    {"a", "br", "code", "em", "strong", "p", "pre", "ul", "ol", "li", "blockquote", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
)
#: What GitHub turns into a link or a notification in rendered text (checked on the visible
#: text: cmark-gfm does not do GitHub's reference and mention filters).
AUTOLINKS = {
    "mention": re.compile(r"@[A-Za-z0-9]"),
    "issue": re.compile(r"#\d"),
    "GH-123": re.compile(r"\bGH-\d", re.IGNORECASE),
    "owner/repo#123": re.compile(r"[\w.-]+/[\w.-]+#\d"),
    "owner/repo@sha": re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{7}"),
}


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", row)) - 1


def assert_markdown_clean(text: str, marker: str | None = None) -> None:
    """Markdown for GitHub: no HTML, image, non-http link or autolink from the data, tables
    and fences intact, no control or invisible character but the tool's word joiners."""
    found = bad_chars(text, keep="\u2060")
    assert not found, f"raw control or hidden characters {found!r} in Markdown"
    html = cmarkgfm.github_flavored_markdown_to_html(
        text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    parsed = _Html(html)
    assert set(parsed.tags) <= MD_TAGS, set(parsed.tags) - MD_TAGS
    assert "<script" not in html.lower()
    # No raw HTML in the source either (GitHub's tag filter is not the only reader).
    raw_tag = re.search(r"(?<!\\)<[A-Za-z/!?]", text)
    assert raw_tag is None, (
        text[max(0, raw_tag.start() - 40) : raw_tag.end() + 40] if raw_tag else ""
    )
    assert not parsed.images
    for href in parsed.hrefs:
        assert href.startswith(("https://", "http://", "#")), href
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(\s*javascript:", text, re.IGNORECASE)
    visible = "".join(parsed.text)
    for name, pattern in AUTOLINKS.items():
        hit = pattern.search(visible)
        assert hit is None, f"GitHub would autolink {name} {hit.group(0)!r}" if hit else ""
    # Code blocks: only the tool's own Mermaid charts, each fence closed.
    assert html.count("<pre") == html.count('<pre lang="mermaid">')
    fences = [line for line in text.split("\n") if line.lstrip().startswith(("```", "~~~"))]
    assert fences[0::2] == ["```mermaid"] * len(fences[0::2]), fences
    assert fences[1::2] == ["```"] * len(fences[0::2]), fences
    # Tables: every row has its header's number of cells.
    header = 0
    for line in text.split("\n"):
        if not line.startswith("|"):
            header = 0
            continue
        header = header or _cells(line)
        assert _cells(line) == header, line
    if marker is not None:
        assert marker in visible, f"{marker} not in the rendered Markdown"


FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = frozenset({"latitude", "longitude", "source_count"})


def neutralised(value: str) -> str:
    """What a CSV text cell holding ``value`` must read."""
    return "'" + value if value.startswith(FORMULA) else value


def assert_csv_clean(raw: bytes, exact: str | None) -> None:
    """CSV: UTF-8 with a BOM, the documented columns, no cell a spreadsheet runs."""
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) > 1
    for row in rows[1:]:
        assert len(row) == len(CSV_COLUMNS), row
        for column, cell in zip(CSV_COLUMNS, row, strict=True):
            if column in NUMERIC:
                assert re.fullmatch(r"-?\d+(\.\d+)?|", cell), (column, cell)
            else:
                assert not cell.startswith(FORMULA), (column, cell)
        if exact is not None:
            values = dict(zip(CSV_COLUMNS, row, strict=True))
            assert values["title"] == neutralised(exact)
            assert values["location"] == neutralised(exact)


def assert_json_export_clean(text: str, exact: str | None) -> None:
    """The JSON export parses, and carries the data's text exactly."""
    doc = json.loads(text)
    assert doc["version"] == 3
    assert doc["incidents"]
    if exact is not None:
        assert [i["title"] for i in doc["incidents"]] == [exact]
        assert doc["incidents"][0]["location"]["place"] == exact


def assert_geojson_clean(text: str, exact: str | None) -> None:
    """The GeoJSON parses, each point finite and in range, the title exact."""
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert doc["features"]
    for feature in doc["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert math.isfinite(lon) and math.isfinite(lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        if exact is not None:
            assert feature["properties"]["title"] == exact


def assert_svg_clean(text: str, exact: str | None) -> None:
    """The SVG map parses as XML, is made of drawing elements only (no script, link, image
    or handler), and shows the title, one line, its hidden characters as escapes."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text.encode("utf-8"))
    drawing = {"svg", "title", "rect", "g", "clipPath", "path", "line", "text", "circle"}
    for el in root.iter():
        assert el.tag.removeprefix("{http://www.w3.org/2000/svg}") in drawing, el.tag
        assert not any(a.startswith("on") or "href" in a for a in el.attrib), el.attrib
    if exact is not None:
        shown = terminal(" ".join(exact.split()), log=False)
        titles = [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}title")]
        assert any(f": {shown} (" in t for t in titles), (shown, titles)


def assert_setup_error(result: CliResult) -> None:
    """Exit 2: one plain line on stderr, no traceback, nothing acting on a terminal."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert_terminal_clean(result.stderr)
    assert parse_commands(result.stdout + result.stderr) == []


# --- the cases -------------------------------------------------------------------------------

Loc = tuple[str, int | None, int | None, str]  # file, line, column, code; None: any


@dataclass(frozen=True)
class Case:
    """One hostile dataset and what every command must make of it."""

    id: str
    group: str
    files: Mapping[str, str | bytes | None] = field(default_factory=dict)
    #: Every error expected, in any order (warnings are not listed).
    errors: tuple[Loc, ...] = ()
    #: File-system work on the dataset root after the files are written.
    setup: Callable[[Path], None] | None = None
    #: The data is valid and the case is about output: also report -o and export -o.
    output: bool = False
    #: The text the hostile values hold; reaches the outputs exactly where they keep text.
    exact: str | None = None
    #: Findings of `check` when the data is valid.
    findings: int = 1
    #: The exit code of every command when it is not 0/1 (valid/invalid): 2, a setup error.
    exit: int | None = None
    today: str = TODAY
    #: Also run through a real `python -m ceasewatch` process.
    subprocess: bool = False


def C(
    name: str, group: str, files: Mapping[str, str | bytes | None], *errors: Loc, **kw: Any
) -> Case:
    """One table row: ``C(id, group, files, *errors, **options)``."""
    return Case(name, group, files, tuple(errors), **kw)


def inc_file(text: str) -> dict[str, str | bytes | None]:
    return {I: text}


def title(value: str) -> dict[str, str | bytes | None]:
    """The base incident with a raw YAML title (line 2, value at column 8)."""
    return {I: incident(title=value)}


# fmt: off
# --- YAML-level attacks --------------------------------------------------------------------------

LAUGHS = "a0: &a0 [lol]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)
)

YAML_CASES = [
    C("yaml-python-apply", "yaml", title("!!python/object/apply:os.system ['touch /tmp/pwned']"), (I, 2, 8, "yaml-tag")),
    C("yaml-python-name", "yaml", title("!!python/name:os.system"), (I, 2, 8, "yaml-tag")),
    C("yaml-python-new", "yaml", title("!!python/object/new:type [x, [], {}]"), (I, 2, 8, "yaml-tag")),
    C("yaml-custom-tag", "yaml", title("!custom tag"), (I, 2, 8, "yaml-tag")),
    C("yaml-harmless-str-tag", "yaml", title("!!str 5"), (I, 2, 8, "yaml-tag")),
    C("yaml-verbatim-tag", "yaml", title("!<tag:yaml.org,2002:str> x"), (I, 2, 8, "yaml-tag")),
    C("yaml-tag-directive", "yaml", inc_file("%TAG !e! tag:example.com,2000:\n---\n" + incident(title="!e!x y")), (I, 4, 8, "yaml-tag")),
    C("yaml-billion-laughs", "yaml", inc_file(LAUGHS), (I, 1, 5, "yaml-anchor"), subprocess=True),
    C("yaml-self-alias", "yaml", inc_file("a: &x [1, *x]\n"), (I, 1, 4, "yaml-anchor")),
    C("yaml-anchor-only", "yaml", title("&t Strike"), (I, 2, 8, "yaml-anchor")),
    C("yaml-alias-undefined", "yaml", title("*nothing"), (I, 2, 8, "yaml-anchor")),
    C("yaml-deep-flow-100000", "yaml", inc_file("[" * 100_000 + "]" * 100_000 + "\n"), (I, 1, None, "yaml-too-deep"), subprocess=True),
    C("yaml-deep-block-100", "yaml", inc_file("".join(" " * n + "a:\n" for n in range(100)) + " " * 100 + "b\n"), (I, 33, 33, "yaml-too-deep")),
    C("yaml-depth-33-in-a-field", "yaml", {I: incident(note="[" * 32 + "]" * 32)}, (I, 11, 38, "yaml-too-deep")),
    C("yaml-huge-scalar-300k", "yaml", title("a" * 300_000), (I, 1, 1, "yaml-too-large")),
    C("yaml-50000-keys", "yaml", inc_file("".join(f"k{n}: v\n" for n in range(50_000))), (I, 1, 1, "yaml-too-large")),
    C("yaml-25000-values-small-file", "yaml", {I: incident(note="[" + "a," * 25_000 + "]")}, (I, 11, 39_900, "yaml-too-large")),
    C("yaml-duplicate-key", "yaml", inc_file(incident() + "title: Again\n"), (I, 11, 1, "yaml-duplicate-key")),
    C("yaml-duplicate-key-flow", "yaml", {I: incident(location="{place: a, place: b, country: UA}")}, (I, 4, 22, "yaml-duplicate-key")),
    C("yaml-duplicate-key-quoted", "yaml", inc_file(incident() + '"title": Again\n'), (I, 11, 1, "yaml-duplicate-key")),
    C("yaml-merge-key", "yaml", {I: incident(location="{<<: {place: a}, country: UA}")}, (I, 4, 12, "yaml-merge-key")),
    C("yaml-merge-key-with-alias", "yaml", inc_file("base: &b {place: a}\n" + incident(location="{<<: *b}")), (I, 1, 7, "yaml-anchor")),
    C("yaml-two-documents", "yaml", inc_file(incident() + "---\nid: x-2\n"), (I, 11, 1, "yaml-multiple-documents")),
    C("yaml-document-end-then-more", "yaml", inc_file(incident() + "...\n---\ntitle: T\n"), (I, 12, 1, "yaml-multiple-documents")),
    C("yaml-tab-indentation", "yaml", inc_file(incident(location="\n\tplace: Dnipro\n\tcountry: UA")), (I, 5, 1, "yaml-syntax")),
    C("yaml-complex-key", "yaml", inc_file(incident() + "? [a, b]\n: 1\n"), (I, 11, 3, "yaml-complex-key")),
    C("yaml-flow-complex-key", "yaml", inc_file(incident() + "{[a]: 1}: x\n"), (I, 11, 1, "yaml-complex-key")),
    C("yaml-5000-digit-number", "yaml", {I: incident(location=loc(lat="1" * 5000))}, (I, 4, 82, "schema-type")),
    C("yaml-equals-value-key", "yaml", inc_file(incident() + "x: =\n"), (I, 11, 1, "schema-unknown-field")),
    C("yaml-implicit-typing-stays-text", "yaml", {I: incident(title="NO", location=loc(country="NO", place="on", region="22:30"))}, findings=1),
    C("yaml-utf8-bom-accepted", "yaml", {I: "\ufeff" + incident()}, findings=1),
    C("yaml-crlf-accepted", "yaml", {I: incident().replace("\n", "\r\n")}, findings=1),
]

# --- encodings -------------------------------------------------------------------------------

ENCODING_CASES = [
    C("enc-utf16-le-bom", "encoding", {I: incident().encode("utf-16")}, (I, 1, 1, "file-encoding")),
    C("enc-utf16-be-no-bom", "encoding", {I: incident().encode("utf-16-be")}, (I, 1, 1, "file-encoding")),
    C("enc-utf32", "encoding", {I: incident().encode("utf-32")}, (I, 1, 1, "file-encoding")),
    C("enc-latin1-byte", "encoding", {I: incident(title="Caf\xe9 strike").encode("latin-1")}, (I, 2, 11, "file-encoding"), subprocess=True),
    C("enc-nul-byte", "encoding", {I: incident(title="a\x00b")}, (I, 2, 9, "file-encoding")),
    C("enc-overlong-slash", "encoding", {I: incident(title="a@b").encode().replace(b"@", b"\xc0\xaf")}, (I, 2, 9, "file-encoding")),
    C("enc-lone-continuation-byte", "encoding", {I: incident(title="a@b").encode().replace(b"@", b"\x80")}, (I, 2, 9, "file-encoding")),
    C("enc-truncated-at-eof", "encoding", {I: incident().encode() + b"note: \xe2\x82"}, (I, 11, 7, "file-encoding")),
    C("enc-encoded-surrogate", "encoding", {I: incident(title="a@b").encode().replace(b"@", b"\xed\xa0\x80")}, (I, 2, 9, "file-encoding")),
    C("enc-invalid-lead-byte-f8", "encoding", {I: incident(title="a@b").encode().replace(b"@", b"\xf8\x88\x80\x80\x80")}, (I, 2, 9, "file-encoding")),
    C("enc-escaped-lone-surrogate", "encoding", title('"\\ud800"'), (I, 2, None, "yaml-syntax")),
    C("enc-escaped-surrogate-pair", "encoding", title('"\\ud83d\\ude00"'), (I, 2, None, "yaml-syntax")),
    C("enc-bom-inside-key", "encoding", {I: incident().replace("title:", "\ufefftitle:")}, (I, 2, None, "yaml-syntax")),
    C("enc-raw-esc-byte", "encoding", title("a\x1b[31mb"), (I, 2, 9, "yaml-syntax")),
    C("enc-raw-del-byte", "encoding", title("a\x7fb"), (I, 2, 9, "yaml-syntax")),
    C("enc-raw-c1-csi", "encoding", title("a\x9bb"), (I, 2, 9, "yaml-syntax")),
    C("enc-raw-noncharacter-fffe", "encoding", title("a\ufffeb"), (I, 2, 9, "yaml-syntax")),
    C("enc-raw-nel-breaks-line", "encoding", title("a\x85::error::forged"), (I, None, None, "yaml-syntax")),
    C("enc-raw-line-separator", "encoding", title("a\u2028::error::forged"), (I, None, None, "yaml-syntax")),
    # libyaml counts NEL, LS and PS as line breaks; editors, git and GitHub count only LF.
    C("enc-line-separator-keeps-line-numbers", "encoding", {I: incident(note='"x\u2028y"', extra="colour: red\n")}, (I, 12, 1, "schema-unknown-field")),
    C("enc-nel-keeps-line-numbers", "encoding", {I: incident(note='"x\x85y"', extra="colour: red\n")}, (I, 12, 1, "schema-unknown-field")),
    C("enc-two-boms", "encoding", {I: "\ufeff\ufeff" + incident()}, findings=1),
    C("enc-cr-only-line-ends", "encoding", {I: incident().replace("\n", "\r")}, findings=1),
]

# --- odd Unicode -----------------------------------------------------------------------------

CYRILLIC_A = "\u0430"

UNICODE_CASES = [
    C("uni-zero-width-in-id", "unicode", {I: incident(id="x\u200b-1")}, (I, 1, 5, "id-format")),
    C("uni-bidi-override-in-id", "unicode", {I: incident(id='"\u202ex-1"')}, (I, 1, 5, "id-format")),
    C("uni-combining-mark-in-id", "unicode", {I: incident(id="x\u0301-1")}, (I, 1, 5, "id-format")),
    C("uni-fullwidth-id", "unicode", {I: incident(id="\uff58-1")}, (I, 1, 5, "id-format")),
    C("uni-emoji-id", "unicode", {I: incident(id="\U0001f4a3-1")}, (I, 1, 5, "id-format")),
    C("uni-homoglyph-party", "unicode", {I: incident(claims=f"\n  - {CLAIM.replace('russia', 'ru' + CYRILLIC_A + 'ssia')}")}, (I, 10, 42, "id-format")),
    C("uni-homoglyph-source", "unicode", {I: incident(claims=f"\n  - {CLAIM.replace('ukraine-mfa', 'ukr' + CYRILLIC_A + 'ine-mfa')}")}, (I, 10, 14, "id-format")),
    C("uni-zero-width-source", "unicode", {I: incident(claims=f"\n  - {CLAIM.replace('ukraine-mfa', 'ukraine-mfa' + chr(0x200D))}")}, (I, 10, 14, "id-format")),
    C("uni-homoglyph-key", "unicode", {I: incident().replace("title:", "t\u0456tle:")}, (I, 1, 1, "schema-missing"), (I, 2, 1, "schema-unknown-field")),
    C("uni-nbsp-in-key", "unicode", {I: incident().replace("title:", "title\u00a0:")}, (I, 1, 1, "schema-missing"), (I, 2, 1, "schema-unknown-field")),
    C("uni-homoglyph-party-in-project", "unicode", {P: PROJECT_YAML.replace("  ukraine: {name: Ukraine}", f"  ukr{CYRILLIC_A}ine: {{name: Ukraine}}")}, (P, 5, 3, "id-format"), (A, 3, 19, "ref-unknown"), (P, 10, 80, "ref-unknown"), (P, 11, 88, "ref-unknown")),
    C("uni-ideographic-space-title", "unicode", title('"\u3000\u3000"'), (I, 2, 8, "schema-value")),
    C("uni-arabic-indic-digits-latitude", "unicode", {I: incident(location=loc(lat="\u0664\u0668.\u0664\u0665"))}, (I, 4, 82, "schema-type")),
    C("uni-mathematical-digits-longitude", "unicode", {I: incident(location=loc(lon="\U0001d7d1\U0001d7d3.\U0001d7ce"))}, (I, 4, 94, "schema-type")),
    C("uni-arabic-indic-digits-duration", "unicode", {A: AGREEMENT.replace("    until: 2025-04-18T00:00:00+00:00", "    for: \u0663\u0660 days")}, (A, 8, 10, "time-invalid")),
    C("uni-fullwidth-digits-date", "unicode", {I: incident(occurred="\uff12\uff10\uff12\uff15-03-20")}, (I, 3, 11, "time-invalid")),
]

# --- type confusion --------------------------------------------------------------------------

TYPE_CASES = [
    C("type-list-for-location", "types", {I: incident(location="[Dnipro, UA]")}, (I, 4, 11, "schema-type")),
    C("type-mapping-for-title", "types", title("{a: 1}"), (I, 2, 8, "schema-type")),
    C("type-number-title-is-text", "types", title("123"), findings=1),
    C("type-boolean-title-is-text", "types", title("true"), findings=1),
    C("type-null-title", "types", title("~"), (I, 2, 8, "schema-type")),
    C("type-empty-title", "types", title(""), (I, 2, 7, "schema-type")),
    C("type-claims-mapping", "types", {I: incident(claims="{source: ukraine-mfa}")}, (I, 9, 9, "schema-type")),
    C("type-claim-scalar", "types", {I: incident(claims="\n  - ukraine-mfa says so")}, (I, 10, 5, "schema-type")),
    C("type-means-text", "types", {I: incident(means="drone")}, (I, 6, 8, "schema-type")),
    C("type-coordinates-list", "types", {I: incident(location="{country: UA, coordinates: [48.45, 35.05]}")}, (I, 4, 38, "schema-type")),
    C("type-occurred-list", "types", {I: incident(occurred="[2025-03-20]")}, (I, 3, 11, "schema-type")),
    C("type-window-missing-until", "types", {I: incident(occurred="{from: 2025-03-20}")}, (I, 3, 11, "schema-missing")),
    C("type-boolean-yes", "types", {I: incident(claims=f"\n  - {CLAIM[:-1]}, general: yes}}")}, (I, 10, None, "schema-type")),
    C("type-outcome-number", "types", {I: incident(outcome="1")}, (I, 7, 10, "schema-value")),
    C("type-empty-file", "types", {I: ""}, (I, 1, 1, "yaml-not-mapping")),
    C("type-comment-only", "types", {I: "# nothing here\n"}, (I, 1, 1, "yaml-not-mapping")),
    C("type-null-document", "types", {I: "~\n"}, (I, 1, 1, "yaml-not-mapping")),
    C("type-scalar-document", "types", {I: "just text\n"}, (I, 1, 1, "yaml-not-mapping")),
    C("type-list-document", "types", {I: "- id: x-1\n"}, (I, 1, 1, "yaml-not-mapping")),
    C("type-project-empty", "types", {P: ""}, (P, 1, 1, "yaml-not-mapping")),
    C("type-project-list", "types", {P: "- title\n"}, (P, 1, 1, "yaml-not-mapping")),
    C("type-project-parties-list", "types", {P: PROJECT_YAML.replace("parties:\n  russia: {name: Russia}\n  ukraine: {name: Ukraine}\n  united-states: {name: United States}", "parties: [russia, ukraine, united-states]")}, (P, 3, 10, "schema-type")),
    C("type-agreement-terms-text", "types", {A: AGREEMENT.split("terms:")[0] + "terms: none\n"}, (A, 10, 8, "schema-type")),
]

# --- calendar and time-zone edges -------------------------------------------------------------


def occurred(text: str, **kw: Any) -> dict[str, str | bytes | None]:
    return {I: incident(occurred=text, **kw)}


TIME_CASES = [
    C("time-year-0001", "time", occurred("0001-01-01"), (I, 3, 11, "time-invalid"), subprocess=True),
    C("time-year-0001-plus-14", "time", occurred("0001-01-01T00:00:00+14:00"), (I, 3, 11, "time-invalid")),
    C("time-year-9999-minus-12", "time", occurred("9999-12-31T23:59:59-12:00"), (I, 3, 11, "time-invalid")),
    C("time-year-9999-bare-date", "time", occurred("9999-12-31"), (I, 3, 11, "time-invalid")),
    C("time-year-0001-window", "time", occurred("{from: 0001-01-01T00:00+14:00, until: 0001-01-02}"), (I, 3, 18, "time-invalid"), (I, 3, 49, "time-invalid")),
    C("time-claim-published-9999", "time", {I: incident(claims=f"\n  - {CLAIM.replace('published: 2025-03-20', 'published: 9999-12-31T23:59+23:59')}")}, (I, 10, 61, "time-invalid")),
    C("time-agreement-announced-0001", "time", {A: AGREEMENT.replace("announced: 2025-03-18", "announced: 0001-01-01")}, (A, 5, 12, "time-invalid")),
    C("time-in-force-from-9999", "time", {A: AGREEMENT.replace("from: 2025-03-18T00:00:00+00:00", "from: 9999-12-31T00:00:00-12:00").replace("    until: 2025-04-18T00:00:00+00:00\n", "    for: 30 days\n")}, (A, 7, 11, "time-invalid")),
    C("time-1899-12-31", "time", occurred("1899-12-31"), (I, 3, 11, "time-invalid")),
    C("time-1900-01-01-accepted", "time", occurred("1900-01-01"), findings=0),
    C("time-2200-12-31-accepted", "time", occurred("2200-12-31"), findings=0),
    C("time-2201-01-01", "time", occurred("2201-01-01"), (I, 3, 11, "time-invalid")),
    C("time-offset-plus-23-59", "time", occurred("2025-03-20T12:00:00+23:59"), findings=1),
    C("time-offset-plus-24-00", "time", occurred("2025-03-20T12:00:00+24:00"), (I, 3, 11, "time-invalid")),
    C("time-feb-29-non-leap", "time", occurred("2025-02-29"), (I, 3, 11, "time-invalid")),
    C("time-feb-29-2100", "time", occurred("2100-02-29"), (I, 3, 11, "time-invalid")),
    C("time-feb-29-leap-accepted", "time", occurred("2024-02-29"), findings=0),
    C("time-hour-24", "time", occurred("2025-03-20T24:00"), (I, 3, 11, "time-invalid")),
    C("time-leap-second", "time", occurred("2016-12-31T23:59:60Z"), (I, 3, 11, "time-invalid")),
    C("time-seven-digit-fraction", "time", occurred("2025-03-20T12:00:00.1234567Z"), (I, 3, 11, "time-invalid")),
    C("time-compact-date", "time", occurred("20250320"), (I, 3, 11, "time-invalid")),
    C("time-week-date", "time", occurred("2025-W12-4"), (I, 3, 11, "time-invalid")),
    C("time-words", "time", occurred("March 20"), (I, 3, 11, "time-invalid")),
    C("time-bogus-zone", "time", occurred("2025-03-20T12:00", timezone="Mars/Olympus_Mons"), (I, 4, 11, "time-zone")),
    C("time-zone-path-traversal", "time", occurred("2025-03-20T12:00", timezone="../../etc/passwd"), (I, 4, 11, "time-zone")),
    C("time-zone-absolute-path", "time", occurred("2025-03-20T12:00", timezone="/etc/localtime"), (I, 4, 11, "time-zone")),
    C("time-zone-ansi", "time", occurred("2025-03-20T12:00", timezone='"Europe/\\e[31mKyiv"'), (I, 4, 11, "time-zone")),
    C("time-project-zone-bogus", "time", {P: PROJECT_YAML.replace("timezone: Europe/Kyiv", "timezone: Europe/Atlantis")}, (P, 2, 11, "time-zone")),
    C("time-skipped-by-dst", "time", occurred("2025-03-30T03:30"), (I, 3, 11, "time-nonexistent")),
    C("time-repeated-by-dst", "time", occurred("2025-10-26T03:30"), (I, 3, 11, "time-ambiguous")),
    C("time-skipped-in-new-york", "time", occurred("2025-03-09T02:30", timezone="America/New_York"), (I, 3, 11, "time-nonexistent")),
    C("time-window-ends-before-start", "time", occurred("{from: 2025-03-21T00:00:00Z, until: 2025-03-20T00:00:00Z}"), (I, 3, 47, "time-window-order")),
    C("time-in-force-ends-before-start", "time", {A: AGREEMENT.replace("until: 2025-04-18", "until: 2025-03-01")}, (A, 8, 12, "time-window-order")),
    C("time-for-zero-days", "time", {A: AGREEMENT.replace("    until: 2025-04-18T00:00:00+00:00", "    for: 0 days")}, (A, 8, 10, "time-invalid")),
    C("time-today-0001", "time", {}, exit=2, today="0001-01-01"),
    C("time-today-9999", "time", {}, exit=2, today="9999-12-31"),
]

# --- semantic nonsense -------------------------------------------------------------------------


SEMANTIC_CASES = [
    C("sem-unknown-act", "semantic", {I: incident(act="strik")}, (I, 5, 6, "ref-unknown")),
    C("sem-unknown-source", "semantic", {I: incident(claims=f"\n  - {CLAIM.replace('ukraine-mfa', 'tass')}")}, (I, 10, 14, "ref-unknown")),
    C("sem-party-not-in-project", "semantic", {I: incident(claims=f"\n  - {CLAIM.replace('attributes_to: russia', 'attributes_to: poland')}")}, (I, 10, 42, "ref-unknown")),
    C("sem-denies-unknown-party", "semantic", {I: incident(claims=f"\n  - {CLAIM[:-1]}, denies: atlantis}}")}, (I, 10, None, "ref-unknown")),
    C("sem-unknown-category", "semantic", {I: incident(targets="[{category: energy/powr}]")}, (I, 8, 22, "ref-unknown")),
    C("sem-duplicate-id-two-folders", "semantic", {"incidents/2024/x-1.yaml": incident()}, (I, 1, 5, "id-duplicate"), findings=1),
    C("sem-duplicate-agreement-id", "semantic", {"agreements/old/deal.yaml": AGREEMENT}, ("agreements/old/deal.yaml", 1, 5, "id-duplicate")),
    C("sem-id-differs-from-file", "semantic", {I: incident(id="x-2")}, (I, 1, 5, "id-filename")),
    C("sem-id-path-traversal", "semantic", {I: incident(id='"../../etc/passwd"')}, (I, 1, 5, "id-format")),
    C("sem-id-too-long", "semantic", {I: incident(id="x" * 101)}, (I, 1, 5, "id-format")),
    C("sem-binds-non-party", "semantic", {A: AGREEMENT.replace("    title: No strikes on energy\n", "    title: No strikes on energy\n    binds: [united-states]\n")}, (A, 13, 13, "ref-not-party")),
    C("sem-in-force-unknown-source", "semantic", {A: AGREEMENT.replace("per: [kremlin]", "per: [kremlinn]")}, (A, 9, 11, "ref-unknown")),
    C("sem-term-unknown-area", "semantic", {A: AGREEMENT.replace("      targets: [energy]\n", "      targets: [energy]\n      areas: [atlantis]\n")}, (A, 16, 15, "ref-unknown")),
    C("sem-source-affiliation-unknown", "semantic", {P: PROJECT_YAML.replace("affiliation: united-states", "affiliation: mars")}, (P, 12, 65, "ref-unknown")),
    C("sem-latitude-91", "semantic", {I: incident(location=loc(lat="91"))}, (I, 4, 82, "place-coordinates")),
    C("sem-longitude-minus-181", "semantic", {I: incident(location=loc(lon="-181"))}, (I, 4, 94, "place-coordinates")),
    C("sem-latitude-nan", "semantic", {I: incident(location=loc(lat=".nan"))}, (I, 4, 82, "schema-type")),
    C("sem-latitude-nan-word", "semantic", {I: incident(location=loc(lat="nan"))}, (I, 4, 82, "schema-type")),
    C("sem-longitude-inf", "semantic", {I: incident(location=loc(lon="inf"))}, (I, 4, 94, "schema-type")),
    C("sem-latitude-1e308", "semantic", {I: incident(location=loc(lat="1e308"))}, (I, 4, 82, "schema-type")),
    C("sem-polygon-nan", "semantic", {P: PROJECT_YAML.replace("[[27, 41], [42, 41]", "[[.nan, 41], [42, 41]")}, (P, 18, 43, "schema-type")),
    C("sem-polygon-open-ring", "semantic", {P: PROJECT_YAML.replace(", [27, 41]]]}", "]]}")}, (P, 18, 43, "place-polygon")),
    C("sem-country-unknown", "semantic", {I: incident(location=loc(country="XX"))}, (I, 4, 59, "place-country")),
    C("sem-url-javascript", "semantic", {I: incident(claims=f"\n  - {CLAIM.replace('https://example.org/a', 'javascript:alert(1)')}")}, (I, 10, 78, "url-scheme")),
    C("sem-url-file", "semantic", {I: incident(claims=f"\n  - {CLAIM.replace('https://example.org/a', 'file:///etc/passwd')}")}, (I, 10, 78, "url-scheme")),
    C("sem-inferred-missing-field", "semantic", {I: incident(inferred='["claims[9].source"]')}, (I, 11, 12, "ref-inferred")),
]

# --- file-system oddities ----------------------------------------------------------------------


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return setup


def _outside_folder(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir()
    (outside / "y-1.yaml").write_text(incident(id="y-1"), encoding="utf-8")


def _link_to_outside_folder(root: Path) -> None:
    _outside_folder(root)
    os.symlink(f"../../../{root.name}-outside", root / "incidents/2025/more")


def _link_to_inside_folder(root: Path) -> None:
    (root / "extra").mkdir()
    (root / "extra/y-1.yaml").write_text(incident(id="y-1"), encoding="utf-8")
    os.symlink("../../extra", root / "incidents/2025/more")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "incidents/2025/pipe.yaml")


def _unreadable(root: Path) -> None:
    path = root / "incidents/2025/secret.yaml"
    path.write_text(incident(id="secret", location=loc(place="Kharkiv")), encoding="utf-8")
    path.chmod(0)


def _folder_named_yaml(root: Path) -> None:
    (root / "incidents/2025/folder.yaml").mkdir()


def _non_utf8_name(root: Path) -> None:
    (root / "incidents/2025" / os.fsdecode(b"caf\xe9.yaml")).write_text(
        incident(id="cafe"), encoding="utf-8"
    )


def _agreements_link(root: Path) -> None:
    (root / "agreements").rmdir()
    os.symlink("/etc", root / "agreements")


def _project_link(root: Path) -> None:
    outside = root.parent / f"{root.name}-project.yaml"
    outside.write_text(PROJECT_YAML, encoding="utf-8")
    (root / P).unlink()
    os.symlink(outside, root / P)


#: As root, permissions do not stop reading: the file is then read like any other.
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
LONG = "n" * 250  # with `.yaml`, 255 bytes: the longest name most file systems take

FS_CASES = [
    C("fs-link-to-file-inside", "fs", {}, ("incidents/2025/alias.yaml", 1, 1, "file-symlink"), setup=_symlink("incidents/2025/alias.yaml", "x-1.yaml")),
    C("fs-link-to-etc-passwd", "fs", {}, ("incidents/2025/passwd.yaml", 1, 1, "file-symlink"), setup=_symlink("incidents/2025/passwd.yaml", "/etc/passwd"), subprocess=True),
    C("fs-link-to-proc-environ", "fs", {}, ("incidents/2025/env.yaml", 1, 1, "file-symlink"), setup=_symlink("incidents/2025/env.yaml", "/proc/self/environ")),
    C("fs-dangling-link", "fs", {}, ("incidents/2025/gone.yaml", 1, 1, "file-symlink"), setup=_symlink("incidents/2025/gone.yaml", "nowhere.yaml")),
    C("fs-link-to-folder-inside", "fs", {}, ("incidents/2025/more", 1, 1, "file-symlink"), setup=_link_to_inside_folder, subprocess=True),
    C("fs-link-to-folder-outside", "fs", {}, ("incidents/2025/more", 1, 1, "file-symlink"), setup=_link_to_outside_folder),
    C("fs-link-to-etc-folder", "fs", {}, ("incidents/etc", 1, 1, "file-symlink"), setup=_symlink("incidents/etc", "/etc")),
    C("fs-link-folder-in-agreements", "fs", {}, ("agreements/more", 1, 1, "file-symlink"), setup=_symlink("agreements/more", "../incidents")),
    C("fs-agreements-folder-is-link", "fs", {A: None}, ("agreements", 1, 1, "file-symlink"), setup=_agreements_link, findings=0),
    C("fs-project-file-is-link", "fs", {}, (P, 1, 1, "file-symlink"), setup=_project_link),
    C("fs-fifo", "fs", {}, ("incidents/2025/pipe.yaml", 1, 1, "file-unreadable"), setup=_fifo),
    C("fs-unreadable-file", "fs", {}, *(() if ROOT_USER else (("incidents/2025/secret.yaml", 1, 1, "file-unreadable"),)), setup=_unreadable, findings=2 if ROOT_USER else 1),
    C("fs-folder-named-yaml", "fs", {}, setup=_folder_named_yaml),
    C("fs-name-with-spaces", "fs", {"incidents/2025/a b.yaml": incident(id="a-b")}, ("incidents/2025/a b.yaml", 1, 5, "id-filename")),
    C("fs-name-with-newline", "fs", {"incidents/2025/a\n::error::forged.yaml": incident(id="a-b")}, ("incidents/2025/a\n::error::forged.yaml", 1, 5, "id-filename")),
    C("fs-name-with-carriage-return", "fs", {"incidents/2025/a\r::error::forged.yaml": incident(id="a-b")}, ("incidents/2025/a\r::error::forged.yaml", 1, 5, "id-filename")),
    C("fs-name-with-esc", "fs", {"incidents/2025/a\x1b[31mred.yaml": incident(id="a-b")}, ("incidents/2025/a\x1b[31mred.yaml", 1, 5, "id-filename"), subprocess=True),
    C("fs-name-with-osc8", "fs", {"incidents/2025/\x1b]8;;http:x\x07a.yaml": incident(id="a-b")}, ("incidents/2025/\x1b]8;;http:x\x07a.yaml", 1, 5, "id-filename")),
    C("fs-name-with-bidi", "fs", {"incidents/2025/evil\u202elmy.yaml": incident(id="a-b")}, ("incidents/2025/evil\u202elmy.yaml", 1, 5, "id-filename")),
    C("fs-name-with-percent", "fs", {"incidents/2025/100%0A::warning::x%25.yaml": incident(id="a-b")}, ("incidents/2025/100%0A::warning::x%25.yaml", 1, 5, "id-filename")),
    C("fs-name-with-comma-colon", "fs", {"incidents/2025/a,line=9,col=9:title=x.yaml": incident(id="a-b")}, ("incidents/2025/a,line=9,col=9:title=x.yaml", 1, 5, "id-filename")),
    C("fs-name-with-double-colon", "fs", {"incidents/2025/x::error file=y::z.yaml": incident(id="a-b")}, ("incidents/2025/x::error file=y::z.yaml", 1, 5, "id-filename")),
    C("fs-folder-name-with-esc", "fs", {"incidents/\x1b[2J/x-2.yaml": incident(id="x-2", location=loc(place="Kharkiv", lat="49.99", lon="36.23"))}, findings=2),
    C("fs-non-utf8-name", "fs", {}, ("incidents/2025/caf\\xe9.yaml", 1, 5, "id-filename"), setup=_non_utf8_name, subprocess=True),
    C("fs-yml-suffix", "fs", {"incidents/2025/x-2.yml": incident(id="x-2", location=loc(place="Kharkiv", lat="49.99", lon="36.23"))}, findings=2),
    C("fs-very-long-name", "fs", {f"incidents/2025/{LONG}.yaml": incident(id="long")}, (f"incidents/2025/{LONG}.yaml", 1, 5, "id-filename")),
    C("fs-hidden-folder-skipped", "fs", {"incidents/.drafts/x-9.yaml": "id: [broken\n"}, findings=1),
    C("fs-hidden-file-read", "fs", {"incidents/2025/.x-9.yaml": "id: [broken\n"}, ("incidents/2025/.x-9.yaml", 2, 1, "yaml-syntax")),
    C("fs-no-project-file", "fs", {P: None}, exit=2),
]

# --- output injection: strings from the data in every format ----------------------------------

#: (name, text): each text holds MARK, and goes into every free-text field of the incident.
OUTPUT_STRINGS = [
    ("workflow-error", f"::error::forged {MARK}"),
    ("workflow-percent-newline", f"x%0A::warning::forged {MARK}"),
    ("workflow-crlf-set-output", f"x\r\n::set-output name=ok::true {MARK}"),
    ("workflow-add-mask", f"x\n::add-mask::{MARK}"),
    ("workflow-stop-commands", f"x\n::stop-commands::deadbeef\n::error::forged {MARK}"),
    ("workflow-v1-syntax", f"see ##[error]forged {MARK}"),
    ("workflow-escape-order", f"100% %0A %25 a:b,c {MARK}"),
    ("workflow-nel", f"x\x85::error::forged {MARK}"),
    ("workflow-line-separator", f"x\u2028::error::forged {MARK}"),
    ("workflow-wrapped-table-cell", f"a long place name that wraps ::error::forged {MARK}"),
    ("nul-escape", f"a\x00b {MARK}"),
    ("rich-markup", f"[bold red]{MARK}[/] [link=https://evil.example]click[/link]"),
    ("rich-closing-tag", f"[/bold] {MARK}"),
    ("rich-emoji-code", f":skull: :rocket: {MARK}"),
    ("trailing-backslash", f"C:\\path\\ {MARK}\\"),
    ("ansi-colour", f"\x1b[31m{MARK}\x1b[0m"),
    ("ansi-clear-screen-title", f"\x1b[2J\x1b]0;owned\x07{MARK}"),
    ("osc8-hyperlink", f"\x1b]8;;http://x\x07{MARK}\x1b]8;;\x07"),
    ("osc52-clipboard", f"\x1b]52;c;ZXZpbA==\x07{MARK}"),
    ("carriage-return-overwrite", f"ok\rFAKE: all checks passed {MARK}"),
    ("del-and-c1", f"x\x7fy\x9b31m {MARK}"),
    ("bidi-override", f"\u202e{MARK} evil\u202c"),
    ("bidi-isolates", f"\u2066{MARK}\u2069 \u2067x\u2069"),
    ("zero-width", f"zw\u200b\u200c\u200d\ufeff {MARK}"),
    ("paragraph-separator", f"{MARK}\u2029para"),
    ("combining-marks", f"e\u0301\u0301\u0301\u0301 {MARK}"),
    ("emoji", f"\U0001f4a3\U0001f525 {MARK} \U0001f1fa\U0001f1e6"),
    ("html-script", f"<script>alert(1)</script>{MARK}"),
    ("html-img", f"<img src=https://t.example/p.gif> {MARK}"),
    ("html-details", f"<details><summary>x</summary>{MARK}"),
    ("html-comment", f"<!-- {MARK}"),
    ("markdown-image", f"![img](http://x/p.png) {MARK}"),
    ("markdown-javascript-link", f"[a](javascript:alert(1)) {MARK}"),
    ("markdown-link-reference", f"[x]: https://evil.example {MARK}"),
    ("markdown-autolink", f"<https://evil.example> www.evil.example 0@x.org {MARK}"),
    ("markdown-spoofed-link", f"[https://github.com/o/r](https://evil.example) {MARK}"),
    ("mention", f"@someone @org/team {MARK}"),
    ("issue-reference", f"#123 {MARK}"),
    ("gh-reference", f"GH-123 {MARK}"),
    ("cross-repo-issue", f"owner/repo#123 {MARK}"),
    ("cross-repo-commit", f"owner/repo@abc1234 {MARK}"),
    ("table-pipes", f"a | b || {MARK} |"),
    ("table-row-injection", f"a\n| x | y |\n{MARK}"),
    ("backticks", f"`tick` ``double`` {MARK}"),
    ("mermaid-fence", f"```\n{MARK}\n```"),
    ("mermaid-block", f'```mermaid\ngraph TD; A-->B\n```\n"] --> x %%{{init}}%% {MARK}'),
    ("csv-hyperlink", f'=HYPERLINK("http://evil.example","{MARK}")'),
    ("csv-plus", f"+1+1 {MARK}"),
    ("csv-minus", f"-1-1 {MARK}"),
    ("csv-at", f"@SUM(1+1) {MARK}"),
    ("csv-tab", f"\t=1+1 {MARK}"),
    ("csv-carriage-return", f"\r=1+1 {MARK}"),
]


def hostile_incident(value: str) -> str:
    """The base incident with ``value`` in its title, place, region, target, summary, note."""
    q = yaml_quote(value)
    return incident(
        title=q,
        location=loc(place=q, region=q),
        targets=f"[{{category: energy/power/substation, name: {q}, operator: {q}}}]",
        claims=f"\n  - {CLAIM.replace('Says a drone hit it', q)}",
        note=q,
    )


def hostile_project(value: str) -> str:
    """The project with ``value`` as its title and as names of a party, a source, an area."""
    q = yaml_quote(value)
    return (
        PROJECT_YAML.replace("title: Test dataset", f"title: {q}")
        .replace("russia: {name: Russia}", f"russia: {{name: {q}}}")
        .replace("name: Ukrainian Foreign Ministry", f"name: {q}")
        .replace("ukraine: {name: Ukraine, countries", f"ukraine: {{name: {q}, countries")
    )


def hostile_agreement(value: str) -> str:
    """The agreement with ``value`` as its title, its term's title and notes."""
    q = yaml_quote(value)
    return (
        AGREEMENT.replace("title: Energy deal", f"title: {q}\nnote: {q}")
        .replace("title: No strikes on energy", f"title: {q}\n    note: {q}")
        .replace("    per: [kremlin]\n", f"    per: [kremlin]\n    note: {q}\n")
    )


#: Strings that also go into the project and the agreement.
EVERYWHERE = {
    "workflow-error",
    "workflow-crlf-set-output",
    "ansi-colour",
    "osc8-hyperlink",
    "html-script",
    "mention",
    "gh-reference",
    "cross-repo-issue",
    "table-pipes",
    "mermaid-fence",
    "csv-hyperlink",
}

OUTPUT_CASES = [
    C(f"out-incident-{name}", "output", {I: hostile_incident(value)}, output=True, exact=value, subprocess=name == "workflow-crlf-set-output")
    for name, value in OUTPUT_STRINGS
] + [
    C(f"out-project-agreement-{name}", "output", {P: hostile_project(value), A: hostile_agreement(value)}, output=True)
    for name, value in OUTPUT_STRINGS
    if name in EVERYWHERE
]


def ref_value(field_: str, value: str) -> Mapping[str, str | bytes | None]:
    """The base incident with ``value`` (quoted) in one reference field, which rejects it."""
    q = yaml_quote(value)
    return {
        "act": {I: incident(act=q)},
        "means": {I: incident(means=f"[{q}]")},
        "category": {I: incident(targets=f"[{{category: {q}}}]")},
        "source": {I: incident(claims=f"\n  - {CLAIM.replace('ukraine-mfa', q)}")},
        "country": {I: incident(location=f"{{country: {q}}}")},
        "url": {I: incident(claims=f"\n  - {CLAIM.replace(chr(34) + 'https://example.org/a' + chr(34), q)}")},
        "timezone": {I: incident(timezone=q)},
        "key": {I: incident(extra=f"{q}: x\n")},
        "inferred": {I: incident(inferred=f"[{q}]")},
        "occurred": {I: incident(occurred=q)},
    }[field_]


#: Invalid data whose error messages quote the hostile value back.
MESSAGE_CASES = [
    C("msg-act-workflow-command", "output", ref_value("act", "x\n::error file=ceasewatch.yaml,line=1::forged"), (I, 5, 6, "id-format")),
    C("msg-act-v1-workflow-command", "output", ref_value("act", "see ##[error]forged"), (I, 5, 6, "id-format")),
    C("msg-means-ansi", "output", ref_value("means", "\x1b[2J\x1b[31mred"), (I, 6, 9, "id-format")),
    C("msg-category-markdown", "output", ref_value("category", "<img src=x> @octocat #1 GH-2 o/r#3"), (I, 8, 22, "id-format")),
    C("msg-source-osc8", "output", ref_value("source", "\x1b]8;;https://evil.example\x07x\x1b]8;;\x07"), (I, 10, 14, "id-format")),
    C("msg-country-bidi", "output", ref_value("country", "U\u202eA"), (I, 4, 21, "place-country")),
    C("msg-url-crlf", "output", ref_value("url", "x\r\n::set-output name=a::b"), (I, 10, 78, "url-scheme")),
    C("msg-timezone-percent", "output", ref_value("timezone", "%0A::error::x %25"), (I, 4, 11, "time-zone")),
    C("msg-unknown-key-pipes", "output", ref_value("key", "a | b\n| c |"), (I, 11, 1, "schema-unknown-field")),
    C("msg-inferred-rich-markup", "output", ref_value("inferred", "[bold red]x[/] [link=https://evil.example]y[/link]"), (I, 11, 12, "ref-inferred")),
    C("msg-occurred-csv-formula", "output", ref_value("occurred", '=HYPERLINK("http://evil.example")'), (I, 3, 11, "time-invalid")),
]

CASES = [
    *YAML_CASES,
    *ENCODING_CASES,
    *UNICODE_CASES,
    *TYPE_CASES,
    *TIME_CASES,
    *SEMANTIC_CASES,
    *FS_CASES,
    *OUTPUT_CASES,
    *MESSAGE_CASES,
]


# fmt: on


def test_case_ids_are_unique_and_enough() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) + len(WRITES) + len(DIFFS) >= 110


# --- running a case ----------------------------------------------------------------------------


def build(make_dataset: MakeDataset, case: Case) -> Path:
    files = {**BASE, **case.files}
    project = files.pop(P)
    root = make_dataset({k: v for k, v in files.items() if v is not None}, project=project)
    if case.setup is not None:
        case.setup(root)
    return root


def cli(command: str, root: Path, *args: str, today: str = TODAY, **env: str | None) -> CliResult:
    return run_cli([command, "--root", str(root), "--today", today, *args], env=env)


def matches(actual: list[tuple[str, int, int, str]], expected: tuple[Loc, ...]) -> bool:
    """The actual errors are the expected ones, in any order (``None`` matches any)."""
    if len(actual) != len(expected):
        return False
    left = list(actual)
    for want in expected:
        for i, got in enumerate(left):
            if all(w is None or w == g for w, g in zip(want, got, strict=True)):
                del left[i]
                break
        else:
            return False
    return True


def run_subprocess(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR", "NO_COLOR")
    }
    return subprocess.run(
        [sys.executable, "-m", "ceasewatch", *args],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_subprocess(case: Case, root: Path, exit_code: int) -> None:
    """``check --format github`` in a real process: the exit code of the in-process run, no
    traceback, only the tool's own commands."""
    args = ["check", "--format", "github", "--root", str(root), "--today", case.today]
    done = run_subprocess(args)
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == exit_code, stderr
    assert_terminal_clean(stderr)
    stdout = done.stdout.decode("utf-8")
    assert not bad_chars(stdout, hidden=False)
    commands = parse_commands(stdout)
    assert all(c.name in (*_OWN, "stop-commands") or len(c.name) == 32 for c in commands)
    if exit_code == 2:
        assert commands == []
    else:
        token = stop_token(stdout)
        assert [c.key for c in commands[-2:]] == [("stop-commands", {}, token), (token, {}, "")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile(case: Case, make_dataset: MakeDataset, tmp_path: Path) -> None:
    root = build(make_dataset, case)
    invalid = bool(case.errors)
    expected = case.exit if case.exit is not None else int(invalid)

    # validate, in every format
    runs = {
        fmt: cli("validate", root, "--format", fmt, today=case.today)
        for fmt in ("json", "text", "github", "sarif")
    }
    for fmt, result in runs.items():
        assert result.exit_code == expected, (fmt, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
    if expected == 2:
        for result in runs.values():
            assert_setup_error(result)
        assert_setup_error(cli("check", root, "--format", "json", today=case.today))
        if case.subprocess:
            assert_subprocess(case, root, 2)
        return
    diagnostics = every_diagnostic(runs["json"].json())
    assert_located(diagnostics, root)
    errors = [
        (d["file"], d["line"], d["column"], d["code"])
        for d in diagnostics
        if d["severity"] == "error"
    ]
    assert matches(errors, case.errors), errors
    prefix = repo_prefix(root)
    assert_text_validation(runs["text"], diagnostics)
    assert_github_clean(runs["github"], diagnostics, prefix=prefix)
    assert_sarif_clean(runs["sarif"], diagnostics, prefix)

    # check: json (exit 3 on findings at --fail-on), text, github with a step summary
    checked = cli("check", root, "--format", "json", "--fail-on", "possible", today=case.today)
    doc = checked.json()
    assert every_diagnostic(doc) == diagnostics
    findings = doc["findings"]
    assert len(findings) == (0 if invalid else case.findings), findings
    assert checked.exit_code == (1 if invalid else 3 if findings else 0)
    text = cli("check", root, "--format", "text", today=case.today, COLUMNS="2000")
    assert text.exit_code == expected
    assert_terminal_clean(text.stdout + text.stderr)
    assert parse_commands(text.stdout + text.stderr) == []
    for d in diagnostics:
        assert located_prefix(d) + terminal(d["message"]) in text.stdout.splitlines()
    summary = tmp_path / "summary.md"
    github = cli(
        "check", root, "--format", "github", today=case.today, GITHUB_STEP_SUMMARY=str(summary)
    )
    assert github.exit_code == expected
    assert_github_clean(github, diagnostics, findings, prefix)
    assert_markdown_clean(summary.read_text(encoding="utf-8"))

    if case.output:
        assert not invalid
        # The default text names incidents by id only; the wide table prints their place and
        # title, so the hostile text must reach it, escaped.
        table = cli("check", root, "--format", "table", today=case.today, COLUMNS="2000")
        assert table.exit_code == expected
        assert_terminal_clean(table.stdout + table.stderr)
        assert parse_commands(table.stdout + table.stderr) == []
        assert MARK in table.stdout, "not vacuous: the hostile text is not in the output"
        # At a width where table cells wrap, no wrapped line may start a command either.
        narrow = cli("check", root, "--format", "table", today=case.today, COLUMNS="160")
        assert_terminal_clean(narrow.stdout + narrow.stderr)
        assert parse_commands(narrow.stdout + narrow.stderr) == []
        report = tmp_path / "report.md"
        done = cli("report", root, "-o", str(report), today=case.today)
        assert done.exit_code == 0, done.stderr
        assert_markdown_clean(report.read_text(encoding="utf-8"), MARK)
        outputs = {}
        for fmt in ("json", "csv", "geojson", "svg"):
            out = tmp_path / f"export.{fmt}"
            done = cli("export", root, "--format", fmt, "-o", str(out), today=case.today)
            assert done.exit_code == 0, done.stderr
            assert_terminal_clean(done.stdout + done.stderr)
            outputs[fmt] = out.read_bytes()
        assert_json_export_clean(outputs["json"].decode("utf-8"), case.exact)
        assert_csv_clean(outputs["csv"], case.exact)
        assert_geojson_clean(outputs["geojson"].decode("utf-8"), case.exact)
        assert_svg_clean(outputs["svg"].decode("utf-8"), case.exact)

    if case.subprocess:
        assert_subprocess(case, root, expected)


# --- writing files: report -o, export -o, schema --write ---------------------------------------


@dataclass(frozen=True)
class Write:
    """One write onto an odd target. ``target`` makes the target (and returns its path) in a
    folder beside the dataset; the victim, a file elsewhere, must keep its bytes."""

    id: str
    command: tuple[str, ...]
    target: Callable[[Path, Path], Path]
    exit: int
    #: After a successful write: the target is a regular file (not a link) holding output.
    replaced: bool = True


VICTIM = b"precious data\n"


def _victim(work: Path) -> Path:
    victim = work / "elsewhere" / "victim.txt"
    victim.parent.mkdir(exist_ok=True)
    victim.write_bytes(VICTIM)
    return victim


def _output(work: Path) -> Path:
    """Where the command writes, its folder made and the victim file in place."""
    target = work / "out" / "target"
    target.parent.mkdir(exist_ok=True)
    _victim(work)
    return target


def link_to_victim(root: Path, work: Path) -> Path:
    target = _output(work)
    os.symlink(_victim(work), target)
    return target


def link_to_data_file(root: Path, work: Path) -> Path:
    target = _output(work)
    os.symlink(root / I, target)
    return target


def link_to_project_file(root: Path, work: Path) -> Path:
    target = _output(work)
    os.symlink(root / P, target)
    return target


def dangling_link(root: Path, work: Path) -> Path:
    target = _output(work)
    os.symlink(work / "elsewhere" / "created-through-link", target)
    return target


def existing_file(root: Path, work: Path) -> Path:
    target = work / "out" / "target"
    target.parent.mkdir(exist_ok=True)
    _victim(work)
    target.write_bytes(b"old output\n")
    return target


def missing_folder(root: Path, work: Path) -> Path:
    _victim(work)
    return work / "missing" / "deeper" / "target"


def a_folder(root: Path, work: Path) -> Path:
    target = work / "out" / "target"
    target.mkdir(parents=True)
    _victim(work)
    (target / "keep.txt").write_bytes(VICTIM)
    return target


def link_to_folder(root: Path, work: Path) -> Path:
    target = work / "out" / "target"
    target.parent.mkdir(exist_ok=True)
    victim = _victim(work)
    os.symlink(victim.parent, target)
    return target


def schema_dir_with_link(root: Path, work: Path) -> Path:
    folder = work / "schemas"
    folder.mkdir()
    os.symlink(_victim(work), folder / "incident.schema.json")
    return folder


def schema_dir_with_dangling_link(root: Path, work: Path) -> Path:
    folder = work / "schemas"
    folder.mkdir()
    _victim(work)
    os.symlink(work / "elsewhere" / "created-through-link", folder / "project.schema.json")
    return folder


def schema_dir_with_data_link(root: Path, work: Path) -> Path:
    folder = work / "schemas"
    folder.mkdir()
    _victim(work)
    os.symlink(root / I, folder / "agreement.schema.json")
    return folder


REPORT = ("report",)
EXPORT_JSON = ("export", "--format", "json")
EXPORT_CSV = ("export", "--format", "csv")
EXPORT_GEOJSON = ("export", "--format", "geojson")
SCHEMA_FORCE = ("schema", "--force")
SCHEMA = ("schema",)

# fmt: off
WRITES = [
    Write("report-onto-link-to-file", REPORT, link_to_victim, 0),
    Write("export-json-onto-link-to-file", EXPORT_JSON, link_to_victim, 0),
    Write("export-csv-onto-link-to-file", EXPORT_CSV, link_to_victim, 0),
    Write("export-geojson-onto-link-to-file", EXPORT_GEOJSON, link_to_victim, 0),
    Write("report-onto-link-to-data-file", REPORT, link_to_data_file, 0),
    Write("export-onto-link-to-project-file", EXPORT_CSV, link_to_project_file, 0),
    Write("report-onto-dangling-link", REPORT, dangling_link, 0),
    Write("export-onto-dangling-link", EXPORT_JSON, dangling_link, 0),
    Write("report-replaces-existing-file", REPORT, existing_file, 0),
    Write("export-replaces-existing-file", EXPORT_GEOJSON, existing_file, 0),
    Write("report-into-missing-folder", REPORT, missing_folder, 2, replaced=False),
    Write("export-into-missing-folder", EXPORT_CSV, missing_folder, 2, replaced=False),
    Write("report-onto-folder", REPORT, a_folder, 2, replaced=False),
    Write("export-onto-folder", EXPORT_JSON, a_folder, 2, replaced=False),
    Write("export-onto-link-to-folder", EXPORT_JSON, link_to_folder, 2, replaced=False),
    Write("schema-force-onto-link-in-folder", SCHEMA_FORCE, schema_dir_with_link, 0),
    Write("schema-force-onto-link-to-data-file", SCHEMA_FORCE, schema_dir_with_data_link, 0),
    Write("schema-force-onto-dangling-link", SCHEMA_FORCE, schema_dir_with_dangling_link, 0),
    Write("schema-onto-link-without-force", SCHEMA, schema_dir_with_link, 2, replaced=False),
    Write("schema-onto-dangling-link-without-force", SCHEMA, schema_dir_with_dangling_link, 2, replaced=False),
    Write("schema-onto-link-to-file", SCHEMA_FORCE, link_to_victim, 2, replaced=False),
    Write("schema-onto-a-file", SCHEMA_FORCE, existing_file, 2, replaced=False),
    Write("schema-into-missing-folder", SCHEMA, missing_folder, 0),
]
# fmt: on


def _snapshot(folder: Path) -> dict[str, tuple[bool, bytes | str]]:
    """Every entry under ``folder``: links by target, files by content."""
    out: dict[str, tuple[bool, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = (True, os.readlink(path))
        elif path.is_file():
            out[rel] = (False, path.read_bytes())
    return out


@pytest.mark.parametrize("case", WRITES, ids=lambda c: c.id)
def test_write_target(case: Write, make_dataset: MakeDataset, tmp_path: Path) -> None:
    root = make_dataset({k: v for k, v in BASE.items() if k != P and v is not None})
    work = tmp_path / "work"
    work.mkdir()
    target = case.target(root, work)
    data_before = _snapshot(root)
    elsewhere_before = _snapshot(work / "elsewhere")
    was_link = target.is_symlink()
    link_before = os.readlink(target) if was_link else None
    inner_links = (
        {p.name: os.readlink(p) for p in target.iterdir() if p.is_symlink()}
        if target.is_dir() and not was_link
        else {}
    )

    if case.command[0] == "schema":
        result = run_cli([*case.command, "--write", str(target)])
    else:
        result = cli(case.command[0], root, *case.command[1:], "-o", str(target))
    assert result.exit_code == case.exit, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert_terminal_clean(result.stderr)

    # Never written through a link: the data and everything elsewhere keep their bytes.
    assert _snapshot(root) == data_before
    assert _snapshot(work / "elsewhere") == elsewhere_before
    assert not (work / "elsewhere" / "created-through-link").exists()
    # No temporary file left behind, whatever happened.
    leftovers = [p for p in work.rglob("*") if ".tmp" in p.name]
    assert leftovers == []

    if case.command[0] == "schema":
        files = [target / f"{kind}.schema.json" for kind in ("project", "agreement", "incident")]
        if case.replaced:
            for path in files:
                assert not path.is_symlink(), "the link itself should be replaced"
                assert json.loads(path.read_text(encoding="utf-8"))["$schema"]
        else:
            # Refused without --force: the links are still the same links.
            for name, link in inner_links.items():
                assert os.readlink(target / name) == link
            if was_link:
                assert os.readlink(target) == link_before
        return
    if case.replaced:
        assert not target.is_symlink(), "the link itself should be replaced"
        assert target.is_file()
        content = target.read_bytes()
        assert content not in (VICTIM, b"old output\n")
        if case.command[0] == "report":
            assert content.startswith(b"# Test dataset")
        else:
            assert content.lstrip(b"\xef\xbb\xbf")[:1] in (b"{", b"r")
    else:
        assert result.stdout == ""
        if was_link:
            assert target.is_symlink() and os.readlink(target) == link_before


# --- diff: hostile revisions, and commits holding symbolic links ---------------------------------


@dataclass(frozen=True)
class Diff:
    """One ``diff`` run in a fresh repository whose first commit is the base dataset."""

    id: str
    #: The arguments after `diff --root ROOT`; `{base}`/`{head}`/`{canary}` are filled in.
    args: tuple[str, ...]
    exit: int
    #: Changes before the base commit (on the repository's dataset root).
    base: Callable[[Path], None] | None = None
    #: Changes committed as the head (then `{head}` is its SHA), else left in the worktree.
    head: Callable[[Path], None] | None = None
    worktree: Callable[[Path], None] | None = None
    #: Errors the head introduces: (file, line, column, code).
    introduced: tuple[Loc, ...] = ()
    preexisting: int = 0
    stderr: str = ""
    #: Also run through a real `python -m ceasewatch` process.
    subprocess: bool = False


def _abs_link(rel: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return make


def _remove(rel: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.unlink(root / rel)

    return make


def _incidents_folder_link(root: Path) -> None:
    for path in sorted((root / "incidents").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (root / "incidents").rmdir()
    os.symlink("/tmp", root / "incidents")


BAD_REV = "is not a revision"
NO_REV = "fetch-depth: 0"
EVIL_ABS = _abs_link("incidents/2025/evil.yaml", "/etc/passwd")
EVIL_REL = _abs_link("incidents/2025/evil.yaml", "../../../outside.yaml")
EVIL_DIR = _abs_link("incidents/linked", "/etc")

# fmt: off
DIFFS = [
    Diff("rev-upload-pack", ("--base=--upload-pack=touch {canary}",), 2, stderr=BAD_REV, subprocess=True),
    Diff("rev-dash-x", ("--base=-x",), 2, stderr=BAD_REV),
    Diff("rev-output-option", ("--base=--output={canary}",), 2, stderr=BAD_REV),
    Diff("rev-head-upload-pack", ("--base", "{base}", "--head=--upload-pack=touch {canary}"), 2, stderr=BAD_REV),
    Diff("rev-shell-rm", ("--base", "HEAD;rm -rf /"), 2, stderr=NO_REV),
    Diff("rev-shell-touch", ("--base", "HEAD;touch {canary}"), 2, stderr=NO_REV, subprocess=True),
    Diff("rev-command-substitution", ("--base", "$(id)"), 2, stderr=NO_REV),
    Diff("rev-command-substitution-touch", ("--base", "$(touch {canary})"), 2, stderr=NO_REV),
    Diff("rev-backticks", ("--base", "`touch {canary}`"), 2, stderr=NO_REV),
    Diff("rev-range", ("--base", "HEAD..HEAD"), 2, stderr=NO_REV),
    Diff("rev-dotdot-path", ("--base", "../../etc/passwd"), 2, stderr=NO_REV),
    Diff("rev-nonexistent", ("--base", "no-such-branch"), 2, stderr=NO_REV),
    Diff("rev-newline-command", ("--base", "HEAD\n::error::forged"), 2, stderr=NO_REV),
    Diff("rev-ansi", ("--base", "\x1b[2J\x1b]0;owned\x07"), 2, stderr=NO_REV),
    Diff("rev-tree-not-commit", ("--base", "HEAD^{{tree}}"), 2, stderr=NO_REV),
    Diff("rev-empty", ("--base", ""), 2),
    Diff("base-link-absolute-kept", ("--base", "{base}"), 0, base=EVIL_ABS, preexisting=1, subprocess=True),
    Diff("base-link-relative-outside-kept", ("--base", "{base}"), 0, base=EVIL_REL, preexisting=1),
    Diff("base-link-absolute-removed", ("--base", "{base}"), 0, base=EVIL_ABS, worktree=_remove("incidents/2025/evil.yaml")),
    Diff("base-folder-link-to-etc", ("--base", "{base}"), 0, base=EVIL_DIR, preexisting=1),
    Diff("base-incidents-folder-is-link", ("--base", "{base}"), 0, base=_incidents_folder_link, preexisting=1),
    Diff("head-commit-link-absolute", ("--base", "{base}", "--head", "{head}"), 1, head=EVIL_ABS, introduced=(("incidents/2025/evil.yaml", 1, 1, "file-symlink"),)),
    Diff("head-commit-link-relative-outside", ("--base", "{base}", "--head", "{head}"), 1, head=EVIL_REL, introduced=(("incidents/2025/evil.yaml", 1, 1, "file-symlink"),)),
    Diff("worktree-link-absolute", ("--base", "{base}"), 1, worktree=EVIL_ABS, introduced=(("incidents/2025/evil.yaml", 1, 1, "file-symlink"),)),
]
# fmt: on


def _fill(args: tuple[str, ...], **values: str) -> list[str]:
    return [a.format(**values) for a in args]


@pytest.mark.parametrize("case", DIFFS, ids=lambda c: c.id)
def test_diff_hostile(case: Diff, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    write(repo, {k: v for k, v in BASE.items() if isinstance(v, str)})
    if case.base is not None:
        case.base(repo)
    base = commit(repo, "base")
    head = ""
    if case.head is not None:
        case.head(repo)
        head = commit(repo, "head")
        git(repo, "checkout", "--quiet", base)
    if case.worktree is not None:
        case.worktree(repo)
    status = git(repo, "status", "--porcelain", "--ignored")
    canary = tmp_path / "canary"
    args = _fill(case.args, base=base, head=head, canary=str(canary))
    formats = ("json", "github") if case.exit == 2 else ("json", "github", "markdown", "text")
    runs = {
        fmt: run_cli(
            ["diff", "--root", str(repo), "--today", TODAY, *args, "--format", fmt],
            env={"GITHUB_STEP_SUMMARY": None},
        )
        for fmt in formats
    }
    if case.subprocess:
        _diff_subprocess(case, repo, args)
    assert not canary.exists(), "a revision ran a command"
    for fmt, result in runs.items():
        assert result.exit_code == case.exit, (fmt, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
    if case.exit == 2:
        for result in runs.values():
            assert_setup_error(result)
            assert result.stdout == ""
            assert case.stderr in result.stderr
        return
    doc = runs["json"].json()
    introduced = doc["errors"]["introduced"]
    assert_located(introduced, repo, on_disk=case.head is None)
    got = [
        (d["file"], d["line"], d["column"], d["code"])
        for d in introduced
        if d["severity"] == "error"
    ]
    assert matches(got, case.introduced), got
    assert doc["errors"]["preexisting_count"] == case.preexisting
    # github: one error annotation per error introduced, notices, the fence; nothing else.
    out = runs["github"].stdout
    assert not bad_chars(out, hidden=False)
    token = stop_token(out)
    commands = parse_commands(out)
    assert {c.name for c in commands} <= {"error", "warning", "notice", "stop-commands", token}
    assert sorted(dict(c.properties)["file"] for c in commands if c.name == "error") == sorted(
        d["file"] for d in introduced if d["severity"] == "error"
    )
    starts = [line for line in re.split(r"[\r\n]", out) if line.lstrip().startswith("::")]
    assert len(starts) == len(commands)
    assert_terminal_clean(runs["text"].stdout + runs["text"].stderr)
    assert_markdown_clean(runs["markdown"].stdout)
    # The user's checkout is untouched: nothing extracted into it.
    assert git(repo, "status", "--porcelain", "--ignored") == status


def _diff_subprocess(case: Diff, repo: Path, args: list[str]) -> None:
    done = run_subprocess(
        ["diff", "--root", str(repo), "--today", TODAY, *args, "--format", "github"]
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == case.exit, stderr
    assert_terminal_clean(stderr)
