"""Property: no string placed in a field of an incident escapes its context in the output.

Each example writes one incident whose chosen field holds an arbitrary string (written as a
YAML double-quoted scalar, so every code point can be expressed), then runs ``validate``
in the text and the JSON format and checks:

* text: exactly one line per diagnostic, each the JSON diagnostic rendered with the data
  escaped; no C0/C1 control character (ESC included) and no format, bidi or line-separator
  character anywhere in stdout or stderr;
* JSON: it parses, it lists the same diagnostics, and a diagnostic about the field quotes
  the string exactly as written.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasewatch.escape import terminal

from .conftest import PROJECT_YAML, TODAY, every_diagnostic, run_cli
from .helpers_ci import yaml_quote

NASTY = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x1b[2J",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b]8;;",
    "\x1b]0;owned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "[bold]",
    "[/bold]",
    "[bold red]",
    "[/]",
    "[link=https://evil.example]",
    ":skull:",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\x7f",
    "\x9b",
    "::error::",
    "##[error]",
    "%0A",
    "`",
    '"',
    "\\",
    "incidents/x-1.yaml:1:1: error[yaml-syntax]: forged",
    "https://",
    "2025-03-19",
    "T25:00",
    "kremlin",
    "energy",
    " ",
]

STRINGS = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=8).map("".join),
)

#: field name -> its path in the JSON ``field`` of a diagnostic about it
FIELDS = {
    "title": "title",
    "place": "location.place",
    "summary": "claims[0].summary",
    "source": "claims[0].source",
    "category": "targets[0].category",
    "url": "claims[0].url",
    "date": "occurred",
    "key": "location",  # the string as a field name inside `location`
}
#: fields whose diagnostics quote the value written
QUOTED = {"source", "category", "url", "date"}

DEFAULTS = {
    "title": "Drone attack",
    "place": "Kyiv",
    "summary": "A summary.",
    "source": "kremlin",
    "category": "energy",
    "url": "https://example.org/a",
    "date": "2025-03-19",
}

TEMPLATE = """\
id: x-1
title: {title}
occurred: {date}
location:
  place: {place}
  country: UA
{key}act: strike
targets:
  - {{category: {category}}}
claims:
  - source: {source}
    url: {url}
    summary: {summary}
"""


def incident(field: str, value: str) -> str:
    values = {name: yaml_quote(value if name == field else text) for name, text in DEFAULTS.items()}
    values["key"] = f"  {yaml_quote(value)}: extra\n" if field == "key" else ""
    return TEMPLATE.format(**values)


def is_hidden(ch: str) -> bool:
    """A character that must never reach a terminal raw."""
    code = ord(ch)
    if code < 0x20 and ch != "\n":
        return True
    if 0x7F <= code <= 0x9F:
        return True
    return unicodedata.category(ch) in {"Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def test_yaml_quote_round_trips_through_the_loader() -> None:
    """The quoting the examples rely on (``helpers_ci.yaml_quote``) loses nothing."""
    from ceasewatch.yamlsource import parse

    for text in [*NASTY, "\U0001f600", "\ud7ff", "\ue000", "plain"]:
        assert parse(f"a: {yaml_quote(text)}\n").data == {"a": text}


@pytest.mark.slow
@settings(
    derandomize=True,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(field=st.sampled_from(sorted(FIELDS)), value=STRINGS)
def test_no_field_value_escapes_its_context(field: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
        (root / "incidents").mkdir()
        (root / "incidents" / "x-1.yaml").write_text(incident(field, value), encoding="utf-8")
        base = ["validate", "--root", str(root), "--today", TODAY]
        text = run_cli([*base, "--format", "text"])
        machine = run_cli([*base, "--format", "json"])

    # JSON: parses, and every diagnostic is well formed
    doc = machine.json()
    errors = every_diagnostic(doc)
    assert (doc["summary"]["errors"], doc["summary"]["warnings"]) == (
        len(doc["errors"]),
        len(doc["warnings"]),
    )
    assert machine.exit_code == text.exit_code == (1 if doc["summary"]["errors"] else 0)
    for e in errors:
        assert e["file"] == "incidents/x-1.yaml"
        assert e["line"] >= 1
        assert e["column"] >= 1

    # text: one line per diagnostic, nothing hidden or raw
    for stream in (text.stdout, text.stderr):
        assert "\x1b" not in stream
        hidden = [ch for ch in stream if is_hidden(ch)]
        assert hidden == []
    lines = text.stdout.split("\n")
    assert lines[-1] == ""
    assert text.stdout.count("\n") == len(errors)
    assert len(text.stdout.splitlines()) == len(errors)
    for line, e in zip(lines, errors, strict=False):
        expected = (
            f"{e['file']}:{e['line']}:{e['column']}: {e['severity']}[{e['code']}]: "
            f"{terminal(e['message'])}"
        )
        assert line == expected
    assert text.stderr.count("\n") == 1

    # round trip: a diagnostic about the field quotes the value exactly
    if field in QUOTED and len(value) <= 40:
        about = [e for e in errors if e["field"] == FIELDS[field]]
        for e in about:
            if e["code"] in {"id-format", "ref-unknown", "url-scheme", "time-invalid"}:
                assert f"`{value}`" in e["message"]
    if field == "key" and len(value) <= 40:
        unknown = [e for e in errors if e["code"] == "schema-unknown-field"]
        for e in unknown:
            assert e["message"].startswith(f"unknown field `{value}`")


@pytest.mark.slow
@settings(derandomize=True, max_examples=60, deadline=None)
@given(value=STRINGS)
def test_a_string_in_every_field_at_once(value: str) -> None:
    """The same string everywhere: many diagnostics, still one line each."""
    values = {name: yaml_quote(value) for name in DEFAULTS}
    values["key"] = f"  {yaml_quote(value + '!')}: extra\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
        (root / "incidents").mkdir()
        (root / "incidents" / "x-1.yaml").write_text(TEMPLATE.format(**values), encoding="utf-8")
        base = ["validate", "--root", str(root), "--today", TODAY]
        text = run_cli(base)
        errors = every_diagnostic(run_cli([*base, "-f", "json"]).json())
    assert errors  # `value + "!"` is never a field of a location
    assert len(text.stdout.splitlines()) == text.stdout.count("\n") == len(errors)
    assert not any(is_hidden(ch) for ch in text.stdout + text.stderr)
