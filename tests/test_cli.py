"""The command line through typer's runner: exit codes, help, version, output formats.

Golden files: ``tests/golden/`` holds the text and JSON output of ``validate`` on the
fixture dataset ``tests/data/bad-dataset/``. Regenerate them after an intended change with
``CEASEWATCH_UPDATE_GOLDEN=1 pytest tests/test_cli.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from ceasewatch import __version__
from ceasewatch.cli import app

from . import helpers_ci
from .conftest import TODAY, CliResult, MakeDataset, every_diagnostic, run_cli, validate_json
from .golden import check_golden

HERE = Path(__file__).parent
BAD_DATASET = HERE / "data" / "bad-dataset"

CLAIM = (
    "claims: [{source: kremlin, published: 2025-03-20, url: 'https://example.org/a', "
    "attributes_to: ukraine}]\n"
)
VALID_INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n" + CLAIM
# dated in the future, and so is its claim: two `time-future` warnings, nothing else
FUTURE_INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-07-01\nlocation: {country: UA}\n" + (
    CLAIM.replace("2025-03-20", "2025-07-01")
)
NO_URL_INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: UA}\n" + (
    CLAIM.replace("url: 'https://example.org/a', ", "")
)
INVALID_INCIDENT = "id: x-1\ntitle: T\noccurred: 2025-03-19\nlocation: {country: XX}\n" + CLAIM

#: SGR parameters that set a colour (foreground, background, 256/true colour, bright).
COLOUR_SGR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;\d+)*m")


def validate_text(root: Path, *extra: str, env: dict[str, str | None] | None = None) -> CliResult:
    return run_cli(["validate", "--root", str(root), "--today", TODAY, *extra], env=env)


# --- exit codes ------------------------------------------------------------------------------


def test_exit_0_when_the_data_is_valid(make_dataset: MakeDataset) -> None:
    result = validate_text(make_dataset({"incidents/x-1.yaml": VALID_INCIDENT}))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "no problems in 2 files (0 agreements, 1 incident)\n"


@pytest.mark.parametrize(
    ("incident", "code", "line", "summary"),
    [
        pytest.param(
            NO_URL_INCIDENT,
            0,
            "5:10: warning[claim-no-url]: the claim of `kremlin` has no `url`; add the address "
            "where it can be read",
            "0 errors, 1 warning",
            id="exit 0 when the data has only warnings",
        ),
        pytest.param(
            INVALID_INCIDENT,
            1,
            "4:21: error[place-country]: `XX` is not an ISO 3166-1 alpha-2 country code "
            "(e.g. `UA`, `RU`)",
            "1 error, 0 warnings",
            id="exit 1 when the data has errors",
        ),
    ],
)
def test_a_problem_is_one_line_and_counted(
    make_dataset: MakeDataset, incident: str, code: int, line: str, summary: str
) -> None:
    result = validate_text(make_dataset({"incidents/x-1.yaml": incident}))
    assert result.exit_code == code
    assert result.stdout == f"incidents/x-1.yaml:{line}\n"
    assert result.stderr == f"{summary} in 2 files (0 agreements, 1 incident)\n"


def test_exit_1_for_warnings_under_strict(make_dataset: MakeDataset) -> None:
    root = make_dataset({"incidents/x-1.yaml": FUTURE_INCIDENT})
    assert validate_text(root, "--strict").exit_code == 1
    assert validate_json(root, "--strict").exit_code == 1
    # --strict changes nothing for valid data
    valid = make_dataset({"incidents/x-1.yaml": VALID_INCIDENT})
    assert validate_text(valid, "--strict").exit_code == 0


def test_exit_1_when_only_the_project_file_is_invalid(make_dataset: MakeDataset) -> None:
    root = make_dataset({}, project="title: T\ntimezone: Europe/Kyiv\nparties: {}\n")
    result = validate_json(root)
    assert result.exit_code == 1
    assert result.diagnostics() == [("ceasewatch.yaml", 1, 1, "schema-missing", "error")]


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        pytest.param("2025-13-01", "2025-13-01", id="not a date"),
        pytest.param("tomorrow", "tomorrow", id="a word"),
        pytest.param("20250601", "20250601", id="compact ISO"),
        pytest.param("2025-6-1", "2025-6-1", id="without zeros"),
        pytest.param("2025-06-01\x1b[2J", "2025-06-01\\x1b[2J", id="an escape is shown escaped"),
    ],
)
def test_exit_2_for_a_malformed_today(make_dataset: MakeDataset, today: str, shown: str) -> None:
    root = make_dataset({"incidents/x-1.yaml": VALID_INCIDENT})
    result = run_cli(["validate", "--today", today, "--root", str(root)])
    stderr = f"ceasewatch: error: --today takes a date as YYYY-MM-DD, not `{shown}`\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_exit_2_when_no_dataset_root_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "incidents").mkdir()
    monkeypatch.chdir(tmp_path / "incidents")
    result = run_cli(["validate"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"ceasewatch: error: no ceasewatch.yaml found in {tmp_path / 'incidents'} or any "
        "folder above it; run inside a dataset or give its folder with --root"
    )


def test_exit_2_when_root_has_no_project_file(tmp_path: Path) -> None:
    result = run_cli(["validate", "--root", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"ceasewatch: error: {tmp_path} has no ceasewatch.yaml; give the dataset's folder\n"
    )
    missing = tmp_path / "missing"
    assert run_cli(["validate", "--root", str(missing)]).exit_code == 2


def test_the_root_is_found_by_walking_up(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_dataset({"incidents/2025/x-1.yaml": INVALID_INCIDENT})
    monkeypatch.chdir(root / "incidents" / "2025")
    result = run_cli(["validate", "--format", "json"])
    assert result.exit_code == 1
    assert result.diagnostics() == [("incidents/2025/x-1.yaml", 4, 21, "place-country", "error")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--bogus"], "No such option: --bogus"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["validate", "--strict=yes"], "Option '--strict' does not take a value"),
        (["nonsense"], "No such command 'nonsense'"),
    ],
)
def test_exit_2_for_usage_errors(make_dataset: MakeDataset, args: list[str], message: str) -> None:
    root = make_dataset({"incidents/x-1.yaml": VALID_INCIDENT})
    result = run_cli([*args, "--root", str(root)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr


def test_exit_2_for_a_root_that_is_a_file() -> None:
    result = run_cli(["validate", "--root", str(BAD_DATASET / "ceasewatch.yaml")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "is a file" in result.stderr


def test_exit_2_for_a_path_argument_that_does_not_exist(make_dataset: MakeDataset) -> None:
    root = make_dataset({"incidents/x-1.yaml": INVALID_INCIDENT})
    missing = root / "incidents" / "nope.yaml"
    result = run_cli(["validate", "--root", str(root), str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"ceasewatch: error: {missing} does not exist\n"


def test_exit_2_for_a_path_argument_outside_the_dataset(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    root = make_dataset({"incidents/x-1.yaml": INVALID_INCIDENT})
    result = run_cli(["validate", "--root", str(root), str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"ceasewatch: error: {tmp_path} is outside the dataset at {root}\n"


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run_cli([])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: ceasewatch [OPTIONS] COMMAND [ARGS]...")


def test_path_arguments_narrow_the_report_not_the_reading(make_dataset: MakeDataset) -> None:
    root = make_dataset(
        {
            "incidents/a/x-1.yaml": INVALID_INCIDENT,
            "incidents/b/x-2.yaml": INVALID_INCIDENT.replace("x-1", "x-2"),
            "incidents/b/x-3.yaml": "id: x-3\ntitle: T\noccurred: 2025-03-19\nlocation: {}\n"
            + CLAIM.replace("kremlin", "kremlim"),
        }
    )
    only_b = validate_json(root, str(root / "incidents" / "b"))
    assert only_b.exit_code == 1
    assert only_b.diagnostics() == [
        ("incidents/b/x-2.yaml", 4, 21, "place-country", "error"),
        ("incidents/b/x-3.yaml", 5, 19, "ref-unknown", "error"),
    ]
    # only the files reported on are counted (the whole dataset is still read: the
    # source x-3 misspells is declared in ceasewatch.yaml, outside incidents/b)
    assert only_b.json()["summary"]["files"] == 2
    one = validate_json(root, str(root / "incidents" / "a" / "x-1.yaml"))
    assert one.diagnostics() == [("incidents/a/x-1.yaml", 4, 21, "place-country", "error")]
    # a clean part of an invalid dataset exits 0
    (root / "incidents" / "c").mkdir()
    (root / "incidents" / "c" / "x-4.yaml").write_text(VALID_INCIDENT.replace("x-1", "x-4"))
    clean = validate_json(root, str(root / "incidents" / "c"))
    assert (clean.exit_code, clean.problems()) == (0, [])


# --- version and help -----------------------------------------------------------------------


def test_version() -> None:
    result = run_cli(["--version"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"ceasewatch {__version__}\n",
        "",
    )
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_python_dash_m_runs_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ceasewatch", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"ceasewatch {__version__}\n",
        "",
    )


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_main_help_lists_every_command() -> None:
    result = run_cli(["--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ceasewatch [OPTIONS] COMMAND [ARGS]...")
    for option in ("--version", "--install-completion", "--show-completion", "--help"):
        assert option in result.stdout
    listed = re.findall(r"^  ([a-z][a-z-]*)  ", result.stdout.split("Commands:")[1], re.M)
    assert sorted(listed) == COMMANDS
    assert "validate" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(command: str) -> None:
    result = run_cli([command, "--help"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: ceasewatch {command} [OPTIONS]")
    assert "--help" in result.stdout


def test_validate_help_names_its_options() -> None:
    out = run_cli(["validate", "--help"]).stdout
    for option in ("--root", "--format", "--strict", "--today"):
        assert option in out
    assert "text" in out and "json" in out


# --- golden output --------------------------------------------------------------------------


BAD_SUMMARY = "12 errors, 4 warnings in 7 files (2 agreements, 4 incidents)\n"


def test_golden_text_output() -> None:
    result = validate_text(BAD_DATASET)
    assert result.exit_code == 1
    assert result.stderr == BAD_SUMMARY
    check_golden("bad-dataset.txt", result.stdout)


def test_golden_json_output() -> None:
    result = validate_json(BAD_DATASET)
    assert result.exit_code == 1
    assert result.stderr == ""
    check_golden("bad-dataset.json", result.stdout)
    doc = result.json()
    assert list(doc) == ["version", "errors", "warnings", "summary"]
    assert doc["version"] == 2
    assert doc["summary"] == {
        "files": 7,
        "agreements": 2,
        "incidents": 4,
        "tallies": 0,
        "errors": 12,
        "warnings": 4,
    }
    assert (len(doc["errors"]), len(doc["warnings"])) == (12, 4)
    assert {d["severity"] for d in doc["errors"]} == {"error"}
    assert {d["severity"] for d in doc["warnings"]} == {"warning"}
    for error in doc["errors"] + doc["warnings"]:
        assert list(error) == ["file", "line", "column", "code", "severity", "message", "field"]


def test_text_and_json_report_the_same_diagnostics() -> None:
    text = validate_text(BAD_DATASET).stdout.splitlines()
    errors = every_diagnostic(validate_json(BAD_DATASET).json())
    assert len(text) == len(errors) == 16
    for line, e in zip(text, errors, strict=True):
        assert line.startswith(
            f"{e['file']}:{e['line']}:{e['column']}: {e['severity']}[{e['code']}]: "
        )


def test_format_auto_is_text_outside_github_actions() -> None:
    auto = run_cli(["validate", "--root", str(BAD_DATASET), "--today", TODAY, "-f", "auto"])
    assert auto.stdout == validate_text(BAD_DATASET).stdout


# --- colour ------------------------------------------------------------------------------------


def test_text_output_is_plain_when_not_a_terminal() -> None:
    result = validate_text(BAD_DATASET, env={"TERM": "xterm-256color"})
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr
    # the data holds an ESC ([bold]ukraine\e[2J); it is shown, escaped, as text
    assert "`[bold]ukraine\\x1b[2J` is not a valid id" in result.stdout


def test_text_output_is_coloured_on_a_terminal_unless_no_color() -> None:
    coloured = validate_text(BAD_DATASET, env={"FORCE_COLOR": "1"})
    assert COLOUR_SGR.search(coloured.stdout)
    plain = validate_text(BAD_DATASET, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not COLOUR_SGR.search(plain.stdout)
    assert not COLOUR_SGR.search(plain.stderr)
    # same text once the (non-colour) styling is removed
    strip = re.compile(r"\x1b\[[0-9;]*m")
    assert strip.sub("", plain.stdout) == validate_text(BAD_DATASET).stdout
    assert strip.sub("", coloured.stdout) == validate_text(BAD_DATASET).stdout


def _run_in_a_pty(env: dict[str, str]) -> bytes:
    """``ceasewatch validate`` on the bad dataset with a pseudo-terminal as its output."""
    args = ["validate", "--root", str(BAD_DATASET), "--today", TODAY]
    code, out = helpers_ci.run_in_pty(args, env)
    assert code == 1
    return out


@pytest.mark.slow
def test_a_real_terminal_gets_colour_and_no_color_turns_it_off() -> None:
    assert COLOUR_SGR.search(_run_in_a_pty({}).decode())
    assert not COLOUR_SGR.search(_run_in_a_pty({"NO_COLOR": "1"}).decode())


def test_json_output_is_never_coloured() -> None:
    result = validate_json(BAD_DATASET, env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.stdout
    assert result.stdout == validate_json(BAD_DATASET).stdout


def test_hostile_file_names_stay_on_one_line_and_in_valid_json(make_dataset: MakeDataset) -> None:
    """#42 of the bad-input list, and a name that is not UTF-8 at all."""
    root = make_dataset({})
    names = {
        b"caf\xe9.yaml": "incidents/caf\\xe9.yaml",
        b"a\n::error::x.yaml": "incidents/a\n::error::x.yaml",
        b"a,line=1::x.yaml": "incidents/a,line=1::x.yaml",
        "\u202eevil.yaml".encode(): "incidents/\u202eevil.yaml",
    }
    for raw in names:
        with open(os.path.join(os.fsencode(root / "incidents"), raw), "wb") as fh:
            fh.write(b"id: x\n")
    machine = validate_json(root)
    assert machine.exit_code == 1
    assert {d["file"] for d in machine.problems()} == set(names.values())
    text = validate_text(root)
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) == text.stdout.count("\n") == len(machine.problems()) == 12
    assert (
        sum(line.startswith("incidents/a\\x0a::error::x.yaml:1:1: error[") for line in lines) == 3
    )
    assert sum(line.startswith("incidents/\\u202eevil.yaml:1:1: ") for line in lines) == 3
    assert sum(line.startswith("incidents/caf\\xe9.yaml:1:1: ") for line in lines) == 3
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in text.stdout.replace("\n", ""))
