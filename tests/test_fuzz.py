"""Mutation fuzzing (hypothesis): bad input yields located diagnostics, never a traceback.

Each example copies the bundled ``ceasewatch.yaml``, both agreements and a handful of bundled
incidents into a temporary dataset, mutates one or two of those files, and runs what a user
runs: validation and the engine in-process (the engine only on valid data, as ``check`` does),
then ``check --format json``, ``explain``, ``report`` and ``export --format csv|geojson|svg``
through the in-process CLI runner, which lets every exception through. It asserts that no
exception escapes, every exit code is 0, 1 or 3, and every diagnostic has a file, a line and
a column (both from 1, the line inside the file) and a known code.

Mutations:

- bytes: flip a bit, insert a chunk (random or YAML-significant bytes, invalid UTF-8, boundary
  dates), delete a run, replace the rest of a line, splice the file with another bundled file,
  truncate; one to three of them, at drawn places;
- structure: the file read as plain data (every scalar kept as the text it was written as),
  then a value at a drawn path replaced by a hostile one (another kind of value, huge or
  control-character or bidi text, boundary and non-existent dates and times, reversed windows,
  out-of-range numbers), a key deleted, renamed or added, or a list item duplicated; dumped
  back as YAML.

Incidents are mutated most; the project file and the agreements have their own, smaller test.

Budget: ``CEASEWATCH_FUZZ_SECONDS`` (default 60) is the whole file's running time, turned into
a number of examples per test from the measured cost of one example (hypothesis has no
wall-clock limit). With ``CI=true`` the examples are derandomized (the same every run);
otherwise each run draws a fresh seed, and ``CEASEWATCH_FUZZ_SEED=N`` pins one. A failure
prints the minimal mutated file (its bytes), how it was made, the commands, and a
``@reproduce_failure`` line.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

from ceasewatch import api, engine
from ceasewatch.diagnostics import CODES

from .conftest import TODAY, CliResult, every_diagnostic, run_cli

pytestmark = pytest.mark.fuzz

REPO_ROOT = Path(__file__).resolve().parents[1]

# --- the budget ------------------------------------------------------------------------------

#: The whole file's budget in seconds.
FUZZ_SECONDS = float(os.environ.get("CEASEWATCH_FUZZ_SECONDS", "60"))

#: Measured seconds per example of each test (Python 3.11 on an idle 2-core machine, the
#: example mix of this file, shrinking excluded); each test gets its share of the budget as a
#: number of examples. After changing the mutations, recalibrate: run
#: `CI=true pytest tests/test_fuzz.py --durations=0 --hypothesis-show-statistics` and divide
#: each test's duration by its number of passing examples.
COST = {"incident_bytes": 0.08, "incident_structure": 0.085, "project_agreement": 0.08}
SHARE = {"incident_bytes": 0.35, "incident_structure": 0.45, "project_agreement": 0.20}

#: A fixed seed by hand, to repeat a random run (derandomized runs ignore it otherwise).
FUZZ_SEED = os.environ.get("CEASEWATCH_FUZZ_SEED")

T = TypeVar("T", bound=Callable[..., Any])


def budget(name: str) -> Callable[[T], T]:
    """The settings of the test ``name``: its share of the budget, as a number of examples."""
    examples = max(1, round(FUZZ_SECONDS * SHARE[name] / COST[name]))
    configured = settings(
        max_examples=examples,
        deadline=None,
        # CI: the same examples every run; by hand: a fresh seed each run.
        derandomize=os.environ.get("CI") == "true" and FUZZ_SEED is None,
        # never an example database in the repository (.hypothesis/)
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )

    def apply(test: T) -> T:
        test = configured(test)
        return seed(int(FUZZ_SEED))(test) if FUZZ_SEED is not None else test

    return apply


# --- the bundled files -----------------------------------------------------------------------


def _read(folder: str) -> dict[str, bytes]:
    return {
        p.relative_to(REPO_ROOT).as_posix(): p.read_bytes()
        for p in sorted((REPO_ROOT / folder).rglob("*.yaml"))
    }


PROJECT_FILE = "ceasewatch.yaml"
PROJECT = (REPO_ROOT / PROJECT_FILE).read_bytes()
AGREEMENTS = _read("agreements")
INCIDENTS = _read("incidents")
BUNDLED = {PROJECT_FILE: PROJECT, **AGREEMENTS, **INCIDENTS}
INCIDENT_NAMES = sorted(INCIDENTS)
assert PROJECT and AGREEMENTS and len(INCIDENT_NAMES) >= 5, "the bundled dataset is missing"

_BaseLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@functools.cache
def plain_data(name: str) -> Any:
    """A bundled file as plain data, every scalar the text it was written as (no YAML typing)."""
    return yaml.load(BUNDLED[name].decode("utf-8"), Loader=_BaseLoader)


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for key, child in node.items():
            yield key
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


_ALL_PLAIN = [item for name in sorted(BUNDLED) for item in _walk(plain_data(name))]
#: Every key of the bundled files, for renamed and added keys.
KEYS = sorted({k for d in _ALL_PLAIN if isinstance(d, dict) for k in d})
#: Every scalar of the bundled files: valid values in the wrong place (or the right one).
SCALARS = sorted({s for s in _ALL_PLAIN if isinstance(s, str) and len(s) < 120})


# --- hostile values --------------------------------------------------------------------------

DATES = [
    "0001-01-01",
    "0001-01-01T00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "0001-01-02",
    "9999-12-31",
    "9999-12-31T23:59",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-30",
    "1899-12-31T23:59:59-14:00",
    "1900-01-01",
    "1900-01-01T00:00:00+14:00",
    "2200-12-31",
    "2200-12-31T23:59:59-14:00",
    "2201-01-01",
    "-0001-01-01",
    "0000-01-01",
    "2025-02-29",
    "2024-02-29",
    "2025-13-01",
    "2025-04-31",
    "2025-03-30T03:30",  # skipped by the clocks in Europe/Kyiv
    "2025-03-30T03:00",
    "2025-10-26T03:30",  # repeated in Europe/Kyiv
    "2025-03-19T24:00",
    "2025-03-19T23:59:60",
    "2025-03-19T12:00:00.1234567",
    "2025-03-19T12:00:00.000001Z",
    "2025-03-19T12:00Z",
    "2025-03-19T12:00:00+24:00",
    "2025-03-19T12:00:00+14:01",
    "2025-03-19T12:00:00-00:00",
    "2025-03-19 12:00",
    "20250319",
    "2025-W12-3",
    "2025-078",
    "2025-03-19",
    "2025-03-18T18:00:00+03:00",
    "2025-03-19T08:00:00+03:00",
    "1970-01-01T00:00:00Z",
]
DURATIONS = ["1 day", "30 days", "9999 days", "10000 days", "0 days", "-1 days", "1e3 days"]
NUMBERS = [
    "1e309",
    "-1e309",
    "-0.0",
    "0",
    "NaN",
    ".nan",
    ".inf",
    "-.inf",
    "180.0000001",
    "-180.0000001",
    "90.0000001",
    "-90",
    "180",
    "45.440000000000001",
    "0x1F",
    "1_000",
    "999",
    "123456789012345678901234567890",
    "9" * 400,
]
ZONES = [
    "UTC",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Pacific/Kiritimati",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Antarctica/Troll",
    "Europe/Kiev",
    "localtime",
    "Factory",
    "EST5EDT",
    "../../etc/passwd",
    "/etc/localtime",
    "Etc/Unknown",
]
WORDS = [
    "true",
    "false",
    "True",
    "yes",
    "NO",
    "on",
    "~",
    "null",
    "",
    " ",
    "unknown",
    "a--b",
    "-a",
    "A",
    "x" * 101,
    "energy//oil",
    "energy/",
    "location.coordinates",
    "targets[0].category",
    "targets[99]",
    "targets[-1]",
    "targets[99999999999999999999]",
    "claims[0].targets[0]",
    "claims[0].occurred.from",
    "https://",
    "http://a",
    "https://example.org/" + "a" * 2100,
    "javascript:alert(1)",
    "https://example.org/\u202e",
]
SPECIAL = [
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\x1b[31m",
    "\r",
    "\n",
    "\t",
    "\x85",
    "\u2028",
    "\x7f",
    "\x00",
    "::error::",
    "%0A",
    "`",
    '"',
    "\\",
    "|",
    "#",
    ": ",
    "- ",
]
TEXTS = DATES + DURATIONS + NUMBERS + ZONES + WORDS + SPECIAL

_chars = st.characters(exclude_categories=("Cs",)) | st.sampled_from(
    [c for c in SPECIAL if len(c) == 1]
)
_date_texts = st.sampled_from(DATES)
_texts = st.sampled_from(TEXTS) | st.sampled_from(SCALARS) | st.text(_chars, max_size=30)
_huge_texts = st.builds(
    lambda unit, n: unit * n,
    st.sampled_from(["a", "é", "\u202e", "a\n", "\x1b", "💥"]),
    st.sampled_from([1_000, 20_000, 70_000, 270_000]),
)
_numbers = (
    st.integers()
    | st.sampled_from([2**63, -(2**63) - 1, 10**100, 10**300])
    | st.floats()  # NaN, infinities, -0.0, subnormals
)
_scalars = st.one_of(
    _texts,
    st.none(),
    st.booleans(),
    _numbers,
    _huge_texts,
)
#: Windows, often reversed or out of range.
_windows = st.builds(lambda a, b: {"from": a, "until": b}, _date_texts, _date_texts)
_keys = st.sampled_from(KEYS) | st.text(_chars, max_size=12)
#: Any value: scalars of every kind, windows, and lists and mappings of them.
HOSTILE = st.recursive(
    _scalars | _windows,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=3),
    max_leaves=6,
)

DATE_KEYS = frozenset({"occurred", "from", "until", "published", "announced"})
_DATE_LIKE = re.compile(r"-?\d{4}-\d\d-\d\d(?:T.*)?")
_NUMBER_LIKE = re.compile(r"[+-]?\d+(?:\.\d+)?")


def kind_of(path: tuple[Any, ...], value: Any) -> str:
    """What the value at ``path`` is, from its key or its text: date, number, zone, duration."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if key == "timezone":
        return "zone"
    if key == "for":
        return "duration"
    if key in DATE_KEYS or (isinstance(value, str) and _DATE_LIKE.fullmatch(value)):
        return "date"
    if key in ("lat", "lon", "coordinates") or (
        isinstance(value, str) and _NUMBER_LIKE.fullmatch(value)
    ):
        return "number"
    return "other"


#: Values of the same kind, mostly hostile ones: a date becomes a boundary or impossible date.
TYPED = {
    "date": st.sampled_from(DATES) | _windows,
    "number": st.sampled_from(NUMBERS) | _numbers,
    "zone": st.sampled_from(ZONES),
    "duration": st.sampled_from(DURATIONS),
    "other": st.sampled_from(WORDS) | st.sampled_from(SCALARS),
}

#: Byte chunks worth inserting: YAML syntax, invalid UTF-8, limits, boundary dates.
CHUNKS = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\r",
    b"\r\n",
    b"\n",
    b"\n  ",
    b"\t",
    b": ",
    b"- ",
    b"? ",
    b"#",
    b"'",
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"|",
    b">",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!!python/object/apply:os.system ",
    b"<<: ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n---\n",
    b'"\\ud800"',
    b'"\\x1b\\u202e"',
    b"~",
    b"[" * 40,
    b"[" * 1_100,
    b"[" + b"1," * 25_000 + b"]",
    b"{a: " * 40,
    b"a: 1\n" * 25_000,
    b"x" * 270_000,
    *(n.encode() for n in NUMBERS[:12]),
]
DATE_CHUNKS = [d.encode() for d in DATES]


# --- the mutations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One mutated file of the dataset: its path from the root, how it was made, its bytes."""

    file: str
    how: tuple[str, ...]
    content: bytes


@dataclass(frozen=True)
class Case:
    """One example: the bundled incidents copied as they are, and the mutated files."""

    incidents: tuple[str, ...]
    mutations: tuple[Mutation, ...]
    fail_on: str | None


def _anchors(data: bytes) -> list[int]:
    """Places where a value or a line starts, where mutations do the most damage."""
    return [m.end() for m in re.finditer(rb": |- |\n", data)] or [0]


def _date_anchors(data: bytes) -> list[int]:
    """Places where a date is written."""
    return [m.start() for m in re.finditer(rb"\d{4}-\d\d-\d\d", data)] or [0]


@st.composite
def byte_mutation(draw: st.DrawFn, file: str) -> Mutation:
    """Flip, insert, delete, replace, splice or truncate bytes at drawn places."""
    data = bytearray(BUNDLED[file])
    how: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["insert", "flip", "delete", "replace", "splice", "truncate"]))
        size = len(data)
        pos = draw(
            st.integers(0, size)
            | st.sampled_from(_anchors(bytes(data)))
            | st.sampled_from(_date_anchors(bytes(data)))
        )
        pos = min(pos, size)
        if op == "flip" and size:
            pos, bit = min(pos, size - 1), draw(st.integers(0, 7))
            data[pos] ^= 1 << bit
            how.append(f"flip bit {bit} of byte {pos}")
        elif op == "delete":
            length = draw(st.integers(1, 64))
            del data[pos : pos + length]
            how.append(f"delete {length} bytes at {pos}")
        elif op == "splice":
            other = draw(st.sampled_from(sorted(BUNDLED)))
            at = draw(st.integers(0, len(BUNDLED[other])))
            data = data[:pos] + BUNDLED[other][at:]
            how.append(f"keep {pos} bytes, then {other} from byte {at}")
        elif op == "truncate":
            del data[pos:]
            how.append(f"truncate at {pos}")
        else:
            chunk = draw(
                st.sampled_from(CHUNKS) | st.sampled_from(DATE_CHUNKS) | st.binary(max_size=8)
            )
            end = pos
            if op == "replace":
                end = data.find(b"\n", pos)
                end = size if end < 0 else end
            data[pos:end] = chunk
            if end > pos:
                how.append(f"replace bytes {pos}:{end} with {_short(chunk)}")
            else:
                how.append(f"insert {_short(chunk)} at {pos}")
    return Mutation(file, tuple(how), bytes(data))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text)} characters)"


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*path, i))


def _at(root: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        root = root[part]
    return root


def _field(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "the document"


class _Dumper(yaml.SafeDumper):
    """Writes text unquoted wherever YAML allows it, so `2025-03-19` stays a plain scalar."""


def _plain_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Tagged as what a plain scalar of this text resolves to, the emitter writes it plain
    # unless its characters need quotes: the file reads back as the same text, as an editor
    # would have written it (ceasewatch never types YAML scalars itself).
    return yaml.ScalarNode(dumper.resolve(yaml.ScalarNode, value, (True, False)), value)


_Dumper.add_representer(str, _plain_text)


def dump(data: Any) -> bytes:
    """Plain data as YAML text."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def structure_mutation(draw: st.DrawFn, file: str) -> Mutation:
    """Replace, delete, rename or add a value, or duplicate a list item, then dump the file.

    Three values in four are of the kind the field holds (a date for a date, a number for a
    coordinate), so the checks behind the type are reached; the fourth is any value at all.
    """
    doc = copy.deepcopy(plain_data(file))
    how: list[str] = []

    def hostile(path: tuple[Any, ...], current: Any) -> Any:
        typed = draw(st.integers(0, 3)) < 3
        return draw(TYPED[kind_of(path, current)] if typed else HOSTILE)

    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        op = draw(st.sampled_from(["replace", "replace", "delete", "duplicate", "rename", "add"]))
        if op == "replace":
            typed = [p for p in paths if kind_of(p, _at(doc, p)) != "other"]
            paths = typed if typed and draw(st.booleans()) else paths
        elif op == "duplicate":
            paths = [p for p in paths if p and isinstance(p[-1], int)] or paths
        elif op in ("delete", "rename"):
            paths = [p for p in paths if p] or paths
        elif op == "add":
            paths = [p for p in paths if isinstance(_at(doc, p), dict)] or paths
        path = draw(st.sampled_from(paths))
        parent = _at(doc, path[:-1]) if path else None
        if op == "delete" and path:
            del parent[path[-1]]
            how.append(f"delete {_field(path)}")
        elif op == "duplicate" and path and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
            how.append(f"duplicate {_field(path)}")
        elif op == "rename" and path and isinstance(parent, dict):
            key = draw(_keys)
            items = [(key if k == path[-1] else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
            how.append(f"rename {_field(path)} to {_short(key)}")
        elif op == "add" and isinstance(_at(doc, path), dict):
            key = draw(_keys)
            value = hostile((*path, key), None)
            _at(doc, path)[key] = value
            how.append(f"add {_short(key)}: {_short(value)} to {_field(path)}")
        else:
            value = hostile(path, _at(doc, path))
            if path:
                parent[path[-1]] = value
            else:
                doc = value
            how.append(f"replace {_field(path)} with {_short(value)}")
    return Mutation(file, tuple(how), dump(doc))


def mutation(file: str) -> st.SearchStrategy[Mutation]:
    """A byte-level or a structural mutation of ``file``."""
    return byte_mutation(file) | structure_mutation(file)


#: The files each test mutates first, and how.
TARGETS = {"incidents": INCIDENT_NAMES, "project-agreements": [PROJECT_FILE, *sorted(AGREEMENTS)]}
MUTATE = {"bytes": byte_mutation, "structure": structure_mutation, "any": mutation}


@st.composite
def cases(draw: st.DrawFn, files: str, mutate: str) -> Case:
    """A mutation of one of ``TARGETS[files]`` made by ``MUTATE[mutate]``, sometimes a second
    file mutated too, and a few bundled incidents."""
    first = draw(st.sampled_from(TARGETS[files]).flatmap(MUTATE[mutate]))
    mutations = [first]
    if draw(st.integers(0, 3)) == 0:
        others = [f for f in sorted(BUNDLED) if f != first.file]
        mutations.append(draw(st.sampled_from(others).flatmap(mutation)))
    incidents = draw(st.lists(st.sampled_from(INCIDENT_NAMES), min_size=2, max_size=5, unique=True))
    fail_on = draw(st.sampled_from([None, "possible", "apparent"]))
    return Case(tuple(incidents), tuple(mutations), fail_on)


# --- running an example ----------------------------------------------------------------------

EXIT_CODES = {0, 1, 3}
NO_SUMMARY = {"GITHUB_STEP_SUMMARY": None}
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def last_line(raw: bytes) -> int:
    """The line a YAML reader gives the end of the file: one more than its line breaks, and one
    more again after an unterminated last line (libyaml ends the stream on a line of its own)."""
    text = raw.decode("utf-8", "replace")
    breaks = len(_BREAKS.findall(text))
    return breaks + 1 + (1 if text and not _BREAKS.search(text[-1]) else 0)


def assert_located(diagnostics: list[dict[str, Any]], root: Path) -> None:
    """Each diagnostic names a file, a line and a column within it, and a known code."""
    for d in diagnostics:
        assert isinstance(d.get("file"), str) and d["file"], d
        assert isinstance(d.get("line"), int) and d["line"] >= 1, d
        assert isinstance(d.get("column"), int) and d["column"] >= 1, d
        assert d.get("code") in CODES, d
        path = root / d["file"]
        if path.is_file():
            assert d["line"] <= last_line(path.read_bytes()), d


def cli(args: list[str]) -> CliResult:
    """One command, in-process; an exception inside it fails the test with its traceback."""
    note(f"$ ceasewatch {' '.join(args)}")
    result = run_cli(args, env=NO_SUMMARY)
    assert result.exit_code in EXIT_CODES, (args, result.exit_code, result.stderr[-2000:])
    return result


def exercise(case: Case) -> None:
    """Write the dataset, then validate, run the engine, check, explain, report and export."""
    files: dict[str, bytes] = {PROJECT_FILE: PROJECT, **AGREEMENTS}
    files.update((name, INCIDENTS[name]) for name in case.incidents)
    files.update((m.file, m.content) for m in case.mutations)
    with tempfile.TemporaryDirectory(prefix="ceasewatch-fuzz-") as tmp:
        root = Path(tmp) / "dataset"
        for folder in ("agreements", "incidents"):
            (root / folder).mkdir(parents=True)
        for rel, content in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(content)
        note(f"dataset: {sorted(files)}")

        # in-process, as `check` does: the engine runs only on valid data
        data = api.load(root, today=date.fromisoformat(TODAY))
        assert_located([d.as_dict() for d in data.diagnostics], root)
        valid = not any(d.severity == "error" for d in data.diagnostics)
        if valid:
            engine.run(data)

        base = ["--root", str(root), "--today", TODAY]
        fail_on = ["--fail-on", case.fail_on] if case.fail_on else []
        checked = cli(["check", *base, "--format", "json", *fail_on])
        doc = json.loads(checked.stdout)
        assert_located(every_diagnostic(doc), root)
        assert (checked.exit_code == 1) == (doc["summary"]["errors"] > 0), doc["summary"]

        # the mutated incident (else the first one copied), by the id it loaded with
        loaded = {i.file: i.model.id for i in data.incidents}
        mutated = [m.file for m in case.mutations if m.file.startswith("incidents/")]
        target = (mutated or list(case.incidents))[0]
        cli(["explain", loaded.get(target, Path(target).stem), *base])

        # On invalid data `report` and `export` only validate and refuse (exit 1), the same
        # path for both: the exports run on valid data only, which buys more examples.
        out = Path(tmp) / "out"
        out.mkdir()
        reported = cli(["report", *base, "-o", str(out / "report.md")])
        assert reported.exit_code == (0 if valid else 1), reported.stderr[-2000:]
        if valid:
            cli(["export", *base, "--format", "csv", "-o", str(out / "incidents.csv")])
            cli(["export", *base, "--format", "geojson", "-o", str(out / "incidents.geojson")])
            cli(["export", *base, "--format", "svg", "-o", str(out / "map.svg")])


# --- the tests -------------------------------------------------------------------------------


@budget("incident_bytes")
@given(case=cases("incidents", "bytes"))
def test_fuzz_incident_bytes(case: Case) -> None:
    exercise(case)


@budget("incident_structure")
@given(case=cases("incidents", "structure"))
def test_fuzz_incident_structure(case: Case) -> None:
    exercise(case)


@budget("project_agreement")
@given(case=cases("project-agreements", "any"))
def test_fuzz_project_and_agreements(case: Case) -> None:
    exercise(case)
