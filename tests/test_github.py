"""``validate --format github``: annotations GitHub reads, and nothing from the data it obeys.

The tests read the output the way the Actions runner does, with a parser written here from
the runner's documented rules (actions/runner ``ActionCommand.TryParseV2`` / ``TryParse`` and
``ActionCommandManager.TryProcessCommand``; research/security.md section 2), and assert that
the commands it finds are exactly the ones the tool meant to write: one annotation per
diagnostic up to GitHub's per-kind cap, the overflow notice, and the stop-commands pair around
the human-readable log. Each annotation's properties and message must round-trip to the
diagnostic's own values.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasewatch.api import load as library_load
from ceasewatch.diagnostics import CODES, Diagnostic
from ceasewatch.escape import terminal

from .conftest import PROJECT_YAML, TODAY, CliResult, run_cli
from .golden import check_golden
from .helpers_ci import (
    HOSTILE,
    REPO_ROOT,
    ci_dataset_in_repo,
    git_repo,
    normalise_token,
    safe_name,
    stop_token,
    write_hostile_dataset,
    yaml_quote,
)

# --- a parser of GitHub's workflow commands -------------------------------------------------

#: Commands the runner registers (its command extensions, plus ``stop-commands``). Names
#: match case-insensitively. ``internal-set-repo-path`` is registered only for plugins; it
#: is included so that the parser errs on the side of finding a command.
REGISTERED = frozenset(
    {
        "add-mask",
        "add-matcher",
        "add-path",
        "debug",
        "echo",
        "endgroup",
        "error",
        "group",
        "internal-set-repo-path",
        "notice",
        "remove-matcher",
        "save-state",
        "set-env",
        "set-output",
        "stop-commands",
        "warning",
    }
)

# The runner unescapes in this order; `%25` last, so `%250A` stays the text `%0A`.
_DATA_UNESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_UNESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
# The legacy `##[name k=v;k=v]data` form.
_V1_UNESCAPES = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))
_DOTNET_SPACES = frozenset("\t\n\x0b\x0c\r\x85\xa0")


def _is_space(ch: str) -> bool:
    """.NET's ``char.IsWhiteSpace``, widened to Python's ``isspace`` too.

    Widening only makes the parser see *more* lines as commands (``TrimStart`` strips more),
    which is the safe direction for a test that counts forged commands.
    """
    return ch.isspace() or ch in _DOTNET_SPACES or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _trim_start(text: str) -> str:
    i = 0
    while i < len(text) and _is_space(text[i]):
        i += 1
    return text[i:]


def _trim(text: str) -> str:
    text = _trim_start(text)
    end = len(text)
    while end and _is_space(text[end - 1]):
        end -= 1
    return text[:end]


def _unescape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


def _split_pair(item: str) -> list[str]:
    """.NET ``item.Split('=', 2, StringSplitOptions.RemoveEmptyEntries)``."""
    parts = item.split("=")
    i = 0
    while i < len(parts) and parts[i] == "":
        i += 1
    if i >= len(parts) - 1:  # no `=` after the key
        return [parts[i]] if i < len(parts) else []
    key = parts[i]
    i += 1
    while i < len(parts) - 1 and parts[i] == "":  # empty entries before the value are skipped
        i += 1
    value = "=".join(parts[i:])
    return [key, value] if value else [key]


@dataclass(frozen=True)
class Command:
    """One workflow command as the runner sees it."""

    name: str
    properties: tuple[tuple[str, str], ...]
    data: str
    syntax: str  # "v2" (`::name props::data`) or "v1" (`##[name props]data`)
    line: str

    @property
    def key(self) -> tuple[str, dict[str, str], str]:
        """What the runner acts on: name, properties, data."""
        return (self.name.lower(), dict(self.properties), self.data)


def _name_and_properties(
    info: str, registered: frozenset[str], sep: str, table: tuple[tuple[str, str], ...], v2: bool
) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """A command's name and properties from ``name k=v<sep>k=v``; None for an unregistered
    name. Pairs without a value are dropped; a later key wins."""
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    props: dict[str, str] = {}
    if space > 0:
        rest = info[space + 1 :]
        for item in (_trim(rest) if v2 else rest).split(sep):
            pair = _split_pair(item) if item else []
            if len(pair) == 2:
                props[pair[0].lower()] = _unescape(pair[1], table)
    return name, tuple(props.items())


def parse_v2(line: str, registered: frozenset[str]) -> Command | None:
    """``::name k=v,k=v::data`` after leading whitespace (``TryParseV2``)."""
    message = _trim_start(line)
    end = message.find("::", 2) if message.startswith("::") else -1
    if end < 0:
        return None
    found = _name_and_properties(message[2:end], registered, ",", _PROPERTY_UNESCAPES, v2=True)
    if found is None:
        return None
    data = _unescape(message[end + 2 :], _DATA_UNESCAPES)
    return Command(*found, data, "v2", line)


def parse_v1(line: str, registered: frozenset[str]) -> Command | None:
    """``##[name k=v;k=v]data`` anywhere in the line (``TryParse``)."""
    start = line.find("##[")
    close = line.find("]", start) if start >= 0 else -1
    if close < 0:
        return None
    found = _name_and_properties(line[start + 3 : close], registered, ";", _V1_UNESCAPES, v2=False)
    if found is None:
        return None
    data = _unescape(line[close + 1 :], _V1_UNESCAPES)
    return Command(*found, data, "v1", line)


def parse_commands(output: str) -> list[Command]:
    """Every command the runner would act on in ``output``, in order.

    Lines end at LF and at CR. ``::stop-commands::TOKEN`` suspends processing until a
    command named TOKEN (``::TOKEN::``); both of those lines count as commands.
    """
    commands: list[Command] = []
    stopped: str | None = None
    for line in re.split(r"[\r\n]", output):
        registered = REGISTERED if stopped is None else REGISTERED | {stopped.lower()}
        command = parse_v2(line, registered) or parse_v1(line, registered)
        if command is None:
            continue
        if stopped is not None:
            # An empty token never resumes (the runner checks IsNullOrEmpty).
            if stopped and command.name.lower() == stopped.lower():
                commands.append(command)
                stopped = None
            continue
        if command.name.lower() == "stop-commands":
            stopped = command.data
        commands.append(command)
    return commands


# --- the parser itself, on GitHub's documented examples and edge cases ----------------------


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        pytest.param(
            "::error file=app.js,line=1,col=5,endColumn=7,title=T::Missing semicolon\n",
            [
                (
                    "error",
                    {"file": "app.js", "line": "1", "col": "5", "endcolumn": "7", "title": "T"},
                    "Missing semicolon",
                )
            ],
            id="documented-example",
        ),
        pytest.param(
            "::warning file=a%2Cb%3Ac.yaml,title=x%3A y::100%25 %250A%0Anext\n",
            [("warning", {"file": "a,b:c.yaml", "title": "x: y"}, "100% %0A\nnext")],
            id="unescape-order",
        ),
        pytest.param("   \t::notice::indented\n", [("notice", {}, "indented")], id="leading-space"),
        pytest.param("log ##[error]forged\n", [("error", {}, "forged")], id="v1-anywhere"),
        pytest.param(
            "x\r::add-mask::secret\r\n", [("add-mask", {}, "secret")], id="carriage-return"
        ),
        pytest.param("::ERROR::loud\n", [("error", {}, "loud")], id="case-insensitive"),
        pytest.param("::nonsense::x\n##[nope]y\n:: error::z\n", [], id="unregistered"),
        pytest.param(
            "::error title=,file=f::x\n", [("error", {"file": "f"}, "x")], id="empty-value"
        ),
        pytest.param(
            "::stop-commands::tok\n::error::hidden\n##[warning]hidden\n::TOK::\n::error::shown\n",
            [
                ("stop-commands", {}, "tok"),
                ("tok", {}, ""),
                ("error", {}, "shown"),
            ],
            id="stop-commands",
        ),
        pytest.param(
            "::stop-commands::\n::error::never\n::::\n", [("stop-commands", {}, "")], id="no-token"
        ),
        pytest.param(
            "::error::data with ##[warning]inside\n",
            [("error", {}, "data with ##[warning]inside")],
            id="v2-wins",
        ),
    ],
)
def test_parser(output: str, expected: list[tuple[str, dict[str, str], str]]) -> None:
    assert [c.key for c in parse_commands(output)] == expected


# --- what the tool should write -------------------------------------------------------------

#: GitHub's per-step display limit for each kind, restated (not imported) so that a change
#: in the tool shows up here.
PER_KIND = 10


def title_of(d: Diagnostic) -> str:
    """The annotation title: the code and its title."""
    return f"{d.code}: {CODES[d.code].title}"


def overflow_line(kind: str, hidden: int) -> str:
    """The message of the last annotation of an overflowing kind, counting the rest."""
    return (
        f"{hidden} more {kind}{'s' if hidden > 1 else ''} not annotated: GitHub shows about "
        f"{PER_KIND} of each kind per step; all are in the log and the run summary"
    )


def visible(text: str) -> str:
    """What an annotation shows of ``text``: its line breaks, every other control or hidden
    character as the terminal shows it (``\\x1b``), so none reaches the log raw."""
    return re.sub(r"[^\r\n]+", lambda part: terminal(part[0], log=False), text)


def expected_annotations(
    diagnostics: list[Diagnostic], prefix: str
) -> list[tuple[str, dict[str, str], str]]:
    """One annotation per diagnostic (errors first), at most PER_KIND of each, then the notice."""
    by_kind = {
        kind: [d for d in diagnostics if d.severity == kind] for kind in ("error", "warning")
    }
    # An overflowing kind keeps its last slot for a line counting the rest.
    room = {k: len(f) if len(f) <= PER_KIND else PER_KIND - 1 for k, f in by_kind.items()}
    out = [
        (
            kind,
            {
                "file": visible(prefix + d.file),
                "line": str(d.line),
                "col": str(d.column),
                "title": title_of(d),
            },
            visible(d.message),
        )
        for kind, found in by_kind.items()
        for d in found[: room[kind]]
    ]
    for kind, found in by_kind.items():
        if len(found) > room[kind]:
            out.append((kind, {}, overflow_line(kind, len(found) - room[kind])))
    return out


def library_diagnostics(root: Path, today: str = TODAY) -> list[Diagnostic]:
    """The diagnostics of the dataset at ``root``, from the library (not the CLI)."""
    return library_load(root, today=date.fromisoformat(today)).diagnostics


def validate_github(root: Path | str, *extra: str, today: str = TODAY) -> CliResult:
    """``ceasewatch validate --root ROOT --format github --today TODAY``."""
    return run_cli(
        ["validate", "--root", str(root), "--format", "github", "--today", today, *extra]
    )


def assert_only_own_commands(result: CliResult, root: Path, prefix: str) -> list[Command]:
    """The output holds exactly the tool's commands, round-tripping every diagnostic.

    Returns the parsed commands (annotations, notice, stop-commands, resume).
    """
    diagnostics = library_diagnostics(root)
    commands = parse_commands(result.stdout)
    assert parse_commands(result.stderr) == []  # the runner reads stderr too
    token = stop_token(result.stdout)
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    expected = [
        *expected_annotations(diagnostics, prefix),
        ("stop-commands", {}, token),
        (token, {}, ""),
    ]
    assert [c.key for c in commands] == expected
    assert all(c.syntax == "v2" for c in commands)
    assert result.exit_code == (1 if any(d.severity == "error" for d in diagnostics) else 0)

    # The full list is inside the fence, one line per diagnostic, then the summary.
    assert "\r" not in result.stdout
    lines = result.stdout.split("\n")
    assert lines[-1] == ""
    start = lines.index(f"::stop-commands::{token}")
    assert lines[-2] == f"::{token}::"
    fenced = lines[start + 1 : -2]
    assert fenced[:-1] == [
        f"{terminal(prefix + d.file)}:{d.line}:{d.column}: {d.severity}[{d.code}]: "
        f"{terminal(d.message)}"
        for d in diagnostics
    ]
    assert re.fullmatch(
        r"(\d+ errors?, \d+ warnings?|no problems) in \d+ files? \(.*\)", fenced[-1]
    )
    # Before the fence: only the annotations, each one line.
    assert len(lines[:start]) == len(commands) - 2
    return commands


# --- hostile strings in the data --------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_forge_no_command(tmp_path: Path, value: str) -> None:
    repo = git_repo(tmp_path / "repo")
    root = repo / "data"
    rel = write_hostile_dataset(root, value)
    result = validate_github(root)
    commands = assert_only_own_commands(result, root, "data/")
    annotations = [c for c in commands if c.name in ("error", "warning")]
    # not vacuous: the value reached the annotations, in messages and in the file name
    assert any(visible(value.strip()) in c.data for c in annotations)
    assert {dict(c.properties)["file"] for c in annotations} == {visible(f"data/{rel}")}
    assert len(annotations) >= 6


def test_file_name_with_comma_and_colon(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    root = repo / "a,b:c"  # the dataset's folder, too
    write_hostile_dataset(root, "ok", file_part="x,line=9,col=9:title=forged,y")
    result = validate_github(root)
    assert "file=a%2Cb%3Ac/incidents/2025/hx%2Cline=9%2Ccol=9%3Atitle=forged%2Cy.yaml," in (
        result.stdout
    )
    commands = assert_only_own_commands(result, root, "a,b:c/")
    files = {dict(c.properties).get("file") for c in commands if c.name == "error"}
    assert files == {"a,b:c/incidents/2025/hx,line=9,col=9:title=forged,y.yaml"}


# --- the cap: about 10 annotations of each kind per step --------------------------------------

_CAP_INCIDENT = """\
id: cap-{i:02d}
title: Incident {i}
occurred: 2025-03-19
location: {{country: UA}}
{error}claims:
  - source: reuters
    url: https://example.org/cap-{i:02d}
    attributes_to: russia
    published: {published}
"""


@pytest.mark.parametrize(
    ("errors", "warnings", "overflow"),
    [
        (13, 12, {"error": "4 more errors", "warning": "3 more warnings"}),
        (11, 0, {"error": "2 more errors"}),
        (0, 11, {"warning": "2 more warnings"}),
        (10, 10, {}),
        (3, 14, {"warning": "5 more warnings"}),
    ],
)
def test_cap_per_kind(tmp_path: Path, errors: int, warnings: int, overflow: dict[str, str]) -> None:
    """At most 10 annotations of each kind; an overflowing kind keeps its last slot for a
    line of the same kind counting the rest (GitHub drops the 11th silently)."""
    repo = git_repo(tmp_path / "repo")
    (repo / "incidents" / "2025").mkdir(parents=True)
    (repo / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    for i in range(max(errors, warnings)):
        (repo / "incidents" / "2025" / f"cap-{i:02d}.yaml").write_text(
            _CAP_INCIDENT.format(
                i=i,
                error="colour: red\n" if i < errors else "",
                published="2025-07-01" if i < warnings else "2025-03-20",
            ),
            encoding="utf-8",
        )
    result = validate_github(repo)
    commands = assert_only_own_commands(result, repo, "")
    kinds = [c.name for c in commands]
    assert kinds.count("error") == min(errors, PER_KIND)
    assert kinds.count("warning") == min(warnings, PER_KIND)
    assert "notice" not in kinds
    counting = {c.name: c.data for c in commands if " not annotated: " in c.data}
    assert {k: v.split(" not annotated: ")[0] for k, v in counting.items()} == overflow
    for kind in overflow:
        last = [c for c in commands if c.name == kind][-1]
        assert " not annotated: " in last.data  # the count comes last of its kind
    # every problem is in the log inside the fence, annotated or not
    fenced = [line for line in result.stdout.split("\n") if "[schema-unknown-field]" in line]
    assert len(fenced) == errors
    assert result.stdout.count("warning[time-future]") == warnings


# --- --format auto ----------------------------------------------------------------------------


def _simple_dataset(tmp_path: Path) -> Path:
    root = git_repo(tmp_path / "repo")
    write_hostile_dataset(root, "x\n::error::forged")
    return root


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GITHUB_ACTIONS": "true"}, "github"),
        ({"GITHUB_ACTIONS": None}, "text"),
        ({"GITHUB_ACTIONS": "false"}, "text"),
        ({"GITHUB_ACTIONS": ""}, "text"),
    ],
)
def test_format_auto(tmp_path: Path, env: dict[str, str | None], expected: str) -> None:
    root = _simple_dataset(tmp_path)
    args = ["validate", "--root", str(root), "--today", TODAY]
    auto = run_cli(args, env=env)
    explicit = run_cli([*args, "--format", expected], env=env)
    default = run_cli([*args, "--format", "auto"], env=env)
    assert auto.exit_code == explicit.exit_code == default.exit_code == 1
    if expected == "github":
        assert normalise_token(auto.stdout) == normalise_token(explicit.stdout)
        assert normalise_token(default.stdout) == normalise_token(explicit.stdout)
        assert parse_commands(auto.stdout)[0].name == "error"
    else:
        assert (auto.stdout, auto.stderr) == (explicit.stdout, explicit.stderr)
        assert (default.stdout, default.stderr) == (explicit.stdout, explicit.stderr)
        assert "::stop-commands::" not in auto.stdout
        assert auto.stdout.startswith("incidents/2025/")


# --- golden output ----------------------------------------------------------------------------


def test_golden(tmp_path: Path) -> None:
    root, prefix = ci_dataset_in_repo(tmp_path)
    result = validate_github(root)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert_only_own_commands(result, root, prefix)
    check_golden("ci/validate.github.txt", normalise_token(result.stdout))


def test_stop_token_is_random(tmp_path: Path) -> None:
    root, _ = ci_dataset_in_repo(tmp_path)
    first, second = (stop_token(validate_github(root).stdout) for _ in range(2))
    for token in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert first != second


# --- paths from the repository root -----------------------------------------------------------


def test_paths_from_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, prefix = ci_dataset_in_repo(tmp_path, "nested/deeper/dataset")
    assert prefix == "nested/deeper/dataset/"
    monkeypatch.chdir(root.parent)
    for given_root in ("./dataset", str(root), "../deeper/dataset"):
        result = validate_github(given_root)
        commands = assert_only_own_commands(result, root, prefix)
        files = [
            dict(c.properties)["file"]
            for c in commands
            if c.name in ("error", "warning") and " not annotated: " not in c.data
        ]
        assert files
        assert all(f.startswith(prefix) for f in files)
        assert not any(f.startswith(("./", "/")) for f in files)


def test_dataset_at_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path / "repo")
    write_hostile_dataset(repo, "x")
    monkeypatch.chdir(repo)
    result = validate_github(".")
    commands = assert_only_own_commands(result, repo, "")
    files = {dict(c.properties)["file"] for c in commands if c.name == "error"}
    assert files == {"incidents/2025/hx.yaml"}


# --- property: arbitrary strings in every field -----------------------------------------------

_PIECES = ["\n", "\r", "::", "##[", "]", "%", "%0A", "%25", ",", ":", "=", " ", "error", "\u2028"]
_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=8).map("".join),
)
_FIELDS = ("title", "place", "source", "url", "category", "summary", "inferred", "file")


def incident_with(fields: dict[str, str]) -> str:
    """An incident with each of ``fields`` in its place."""
    q = {k: yaml_quote(v) for k, v in fields.items()}
    return (
        "id: prop\n"
        f"title: {q['title']}\n"
        "occurred: 2025-03-19\n"
        f"location: {{place: {q['place']}, country: UA}}\n"
        f"targets:\n  - {{category: {q['category']}}}\n"
        f"claims:\n  - source: {q['source']}\n    url: {q['url']}\n"
        f"    summary: {q['summary']}\n"
        f"inferred: [{q['inferred']}]\n"
    )


@pytest.mark.slow
@settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(fields=st.fixed_dictionaries({name: _TEXT for name in _FIELDS}))
def test_property_no_forged_commands(fields: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = git_repo(Path(tmp) / "repo")
        root = repo / "d"
        (root / "incidents" / "2025").mkdir(parents=True)
        (root / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
        text = incident_with(fields)
        try:
            (root / "incidents" / "2025" / f"p{safe_name(fields['file'])}.yaml").write_text(
                text, encoding="utf-8"
            )
        except OSError:  # a name this file system refuses
            (root / "incidents" / "2025" / "p.yaml").write_text(text, encoding="utf-8")
        assert_only_own_commands(validate_github(root), root, "d/")


# --- check: findings become notices, the log stays fenced and escaped -------------------------


def test_check_with_hostile_folder_name(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo")
    shutil.copy(REPO_ROOT / "ceasewatch.yaml", repo)
    shutil.copytree(REPO_ROOT / "agreements", repo / "agreements")
    # Two incidents with findings, whatever else the bundled dataset grows to hold: the
    # annotation cap (10 per kind) must not be reached here.
    hostile = repo / "incidents" / "x\n::error::forged ##[warning]y"
    hostile.mkdir(parents=True)
    (repo / "incidents" / "2025").mkdir()
    seed = REPO_ROOT / "incidents" / "2025"
    shutil.copy(seed / "2025-03-19-kavkazskaya-oil-station.yaml", hostile)
    shutil.copy(seed / "2025-03-19-sloviansk-power-cut.yaml", repo / "incidents" / "2025")
    args = ["check", "--root", str(repo), "--today", TODAY]
    result = run_cli([*args, "--format", "github"], env={"GITHUB_STEP_SUMMARY": None})
    findings = run_cli([*args, "--format", "json"], env={"GITHUB_STEP_SUMMARY": None}).json()
    notices = len(findings["findings"])
    assert notices >= 1

    commands = parse_commands(result.stdout)
    token = stop_token(result.stdout)
    assert [c.key for c in commands[-2:]] == [("stop-commands", {}, token), (token, {}, "")]
    annotations = commands[:-2]
    assert all(c.syntax == "v2" for c in commands)
    assert [c.name for c in annotations].count("notice") == notices
    for c in annotations:
        assert c.name in ("error", "warning", "notice")
        assert (repo / dict(c.properties)["file"]).is_file()
    assert any(dict(c.properties)["file"].startswith("incidents/x\n") for c in annotations)
    # the log: one line per problem and per finding, each starting with its path, escaped
    assert "\r" not in result.stdout
    lines = result.stdout.split("\n")
    fenced = lines[lines.index(f"::stop-commands::{token}") + 1 : -2]
    assert len(fenced) - 1 == len(annotations)
    assert all(line.startswith(("incidents/", "agreements/")) for line in fenced[:-1])
