"""Every code the program can raise is registered in ``CODES`` and documented in docs/codes.md.

The source is scanned with ``ast`` for the string literals passed where a problem is raised
(``.add(``, ``_fail(``, ``YamlError(``, ``PydanticCustomError(``, ``TimeError(``,
``Diagnostic(``), so a new code cannot ship without its row in the documentation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ceasewatch import engine
from ceasewatch.diagnostics import CODES, PAIR_CODES

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "codes.md"
PACKAGE = REPO / "ceasewatch"

#: The rule ids of findings (notices in github and SARIF output).
RULE_IDS = [f"alleged-violation-{status}" for status in ("apparent", "contingent", "possible")]
#: The calls through which a problem is raised, by the called name.
RAISERS = frozenset({"add", "_fail", "YamlError", "PydanticCustomError", "TimeError", "Diagnostic"})
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
ROW = re.compile(r"^\|\s*(?:<a name=\"([^\"]+)\"></a>)?`([^`]+)`\s*\|(.*)\|\s*$")


def documented() -> dict[str, list[str]]:
    """``{code: [the other cells of its row]}`` for every table row of docs/codes.md."""
    rows: dict[str, list[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            code = match.group(2)
            assert code not in rows, f"`{code}` has two rows in docs/codes.md"
            rows[code] = [cell.strip() for cell in match.group(3).split("|")]
    return rows


def anchors() -> dict[str, str]:
    """``{code: the anchor of its row}`` (``<a name="code"></a>`` before the code)."""
    out: dict[str, str] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match and match.group(1):
            out[match.group(2)] = match.group(1)
    return out


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def raised_codes(source: str) -> set[str]:
    """The code-shaped string literals passed to a raising call in ``source``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _called_name(node) not in RAISERS:
            continue
        values = [*node.args, *(k.value for k in node.keywords)]
        for value in values:
            # `x if cond else y`: both branches can be raised.
            candidates = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
            for c in candidates:
                if (
                    isinstance(c, ast.Constant)
                    and isinstance(c.value, str)
                    and CODE_SHAPE.match(c.value)
                ):
                    found.add(c.value)
    return found


def package_sources() -> dict[str, str]:
    return {
        p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE.rglob("*.py"))
    }


# --- the documentation --------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_documented(code: str) -> None:
    rows = documented()
    assert code in rows, f"`{code}` has no row in docs/codes.md"
    severity, meaning = rows[code][0], rows[code][1]
    assert severity == CODES[code].severity, f"`{code}`: docs say {severity}"
    assert meaning == CODES[code].title


@pytest.mark.parametrize("rule", RULE_IDS)
def test_finding_rule_is_documented(rule: str) -> None:
    rows = documented()
    assert rule in rows, f"`{rule}` has no row in docs/codes.md"
    assert rows[rule][0], f"`{rule}` has no meaning in docs/codes.md"


def test_rule_ids_cover_every_status() -> None:
    assert {f"alleged-violation-{s}" for s in engine.STATUS_RANK} == set(RULE_IDS)


@pytest.mark.parametrize("code", [*sorted(CODES), *RULE_IDS])
def test_each_row_has_its_anchor(code: str) -> None:
    """SARIF's helpUri points at `codes.md#CODE`: the anchor is on the code's own row."""
    assert anchors().get(code) == code


def test_no_stale_rows() -> None:
    """A row for a code the program no longer knows is a stale promise to the reader."""
    assert set(documented()) - set(CODES) - set(RULE_IDS) == set()


def test_codes_are_well_formed() -> None:
    assert all(CODE_SHAPE.match(code) for code in CODES)
    assert PAIR_CODES.issubset(CODES)
    assert all(CODES[c].severity in ("error", "warning") for c in CODES)
    assert all(CODES[c].title and CODES[c].help for c in CODES)


# --- the source ---------------------------------------------------------------------------------


def test_every_raised_code_is_registered() -> None:
    unknown = {
        f"{path}: {code}"
        for path, text in package_sources().items()
        for code in raised_codes(text) - set(CODES)
    }
    assert unknown == set(), "raised but not in ceasewatch.diagnostics.CODES"


def test_the_scan_finds_the_codes() -> None:
    """The scan is not vacuous: it sees codes of every family, through every kind of call."""
    sources = package_sources()
    found = set().union(*(raised_codes(text) for text in sources.values()))
    for code in (
        "yaml-syntax",  # YamlError(
        "file-symlink",  # data.add(
        "schema-type",  # _fail(
        "time-zone",  # TimeError(
        "ref-unknown",  # self.add(
        "possible-duplicate",  # data.add( in quality
        "review-stale",
    ):
        assert code in found, code
    assert len(found) >= len(CODES) * 3 // 4, sorted(set(CODES) - found)


@pytest.mark.parametrize(
    "source",
    [
        'data.add(rel, mark, "made-up-code", "a message")',
        'self.add(path, "made-up-code", f"message {x}")',
        'raise _fail("made-up-code", "`{value}` is wrong", value=v)',
        'raise YamlError("made-up-code", "bad")',
        'PydanticCustomError("made-up-code", "bad", None)',
        'raise TimeError("made-up-code", "bad")',
        'Diagnostic(f, 1, 1, "made-up-code", "error", "m")',
        'data.add(rel, mark, "made-up-code" if strict else "file-symlink", "m")',
        'data.add(rel, mark, code="made-up-code", message="m")',
    ],
)
def test_the_scan_catches_an_unregistered_code(source: str) -> None:
    assert "made-up-code" in raised_codes(source)
    assert "made-up-code" not in CODES


def test_the_scan_ignores_messages_and_sets() -> None:
    source = (
        'seen.add((message, path))\nweeks.add(week)\ndata.add(rel, mark, "yaml-syntax", '
        '"cannot read the file")\n'
    )
    assert raised_codes(source) == {"yaml-syntax"}
