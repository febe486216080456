"""Every input of the YAML test suite, as an incident file: a located error or valid, never a crash.

The 402 inputs (``tests/data/yaml-test-suite/``, MIT-licensed, see its README) go into one
dataset, which is validated in one run per parser and per output format.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from ceasewatch import yamlsource

from .conftest import PROJECT_YAML, YAML_LOADERS, every_diagnostic, run_cli, validate_json

SUITE = Path(__file__).parent / "data" / "yaml-test-suite"
CASES = sorted(p.name for p in (SUITE / "cases").iterdir())
ERROR_CASES = set((SUITE / "error-cases.txt").read_text(encoding="utf-8").split())

#: Invalid YAML that PyYAML's parsers accept anyway (flow content at column 0 inside a
#: document, a tab or unindented lines in a quoted scalar, a comment with no space before it,
#: a comment on a block scalar header). They still fail as incidents, with schema errors.
LENIENT = {"9C9N", "DK95-01", "QB6E", "S98Z", "SU5Z", "X4QW"}


def test_the_vendored_suite_is_complete() -> None:
    assert len(CASES) == 402
    assert all(name.endswith(".yaml") for name in CASES)
    assert {name[:-5] for name in CASES} >= ERROR_CASES
    assert len(ERROR_CASES) == 94
    assert "MIT License" in (SUITE / "License").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def suite_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("yaml-test-suite")
    (root / "ceasewatch.yaml").write_text(PROJECT_YAML, encoding="utf-8")
    (root / "agreements").mkdir()
    (root / "incidents").mkdir()
    shutil.copytree(SUITE / "cases", root / "incidents" / "yts")
    return root


@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_every_input_is_valid_or_has_a_located_error(
    suite_root: Path, loader: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsource, "_Loader", loader)
    result = validate_json(suite_root)  # a traceback would fail the test here
    assert result.exit_code == 1
    assert result.stderr == ""
    doc = result.json()
    assert doc["summary"]["files"] == len(CASES) + 1
    assert doc["summary"]["incidents"] == len(CASES)

    by_file: dict[str, list[dict[str, object]]] = defaultdict(list)
    for d in every_diagnostic(doc):
        by_file[str(d["file"])].append(d)
    assert set(by_file) <= {f"incidents/yts/{name}" for name in CASES}

    for name in CASES:
        found = by_file.get(f"incidents/yts/{name}", [])
        if not found:
            continue  # valid: nothing to locate (none of the suite's inputs is an incident)
        raw = (SUITE / "cases" / name).read_bytes()
        last_line = raw.count(b"\n") + 1
        assert any(d["severity"] == "error" for d in found), name
        for d in found:
            assert 1 <= int(d["line"]) <= last_line, (name, d)
            assert int(d["column"]) >= 1, (name, d)

    # every input is reported: none is an incident with an id, title, date and place
    assert len(by_file) == len(CASES)

    # invalid YAML is reported as a problem with the file itself, known leniencies aside
    not_yaml_errors = {
        name[:-5]
        for name in CASES
        if name[:-5] in ERROR_CASES
        and not any(
            str(d["code"]).startswith(("yaml-", "file-")) for d in by_file[f"incidents/yts/{name}"]
        )
    }
    assert not_yaml_errors <= LENIENT


@pytest.mark.parametrize("loader", YAML_LOADERS)
def test_the_text_report_of_the_suite_is_one_line_per_problem(
    suite_root: Path, loader: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsource, "_Loader", loader)
    text = run_cli(["validate", "--root", str(suite_root), "--today", "2025-06-01"])
    count = len(validate_json(suite_root).problems(quality=True))
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) == text.stdout.count("\n") == count
    line_re = re.compile(r"incidents/yts/[\w-]+\.yaml:\d+:\d+: (error|warning)\[[a-z-]+\]: .+")
    for line in lines:
        assert line_re.fullmatch(line), line
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in line), line
